/* cutout-foreground.c: foreground colour estimation
 *
 * A see-through pixel (hair, fur, a soft edge) is a mix of the subject's
 * colour F and the old background's B: I = αF + (1 − α)B. Keeping I as the
 * subject's colour carries the old background onto the new one (a halo).
 * Germer, Uelwer, Conrad and Harmeling's multilevel method (2020) finds F
 * and B smooth where α is smooth: for every pixel a 2 × 2 least-squares
 * system ties αF + (1 − α)B to I and F, B to their neighbours, weighted less
 * across steps in α. It is solved coarse to fine, a few sweeps per level,
 * each level starting from the one before, so the cost stays linear.
 *
 * A large photo is estimated in tiles, each with a margin of context
 * around it, and only the tiles where the subject is see-through: the
 * rest needs no estimate, and the working set (65 bytes a pixel, about
 * 21 MB for a tile and its margin) stays that of a tile rather than of
 * the photo. Each thread keeps it for all its tiles.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-foreground.h"

#define REGULARISATION 1e-5f /* how much F and B follow their neighbours anyway */
#define GRADIENT_WEIGHT 1.0f /* and how much more where α is flat */
#define SMALL_SIZE 32        /* levels up to this size get more sweeps */
#define SMALL_SWEEPS 10
#define BIG_SWEEPS 2
#define TILE 512       /* a large photo is estimated this much at a time */
#define TILE_MARGIN 32 /* with this much context on each side */

typedef struct
{
  int w, h;
  float *rgb;   /* 3 per pixel, 0..1 */
  float *alpha; /* 0..1 */
} Level;

/* A region of the photo and its mask: a tile and its margin, or all of it. */
typedef struct
{
  const CutoutImage *image, *mask;
  int x, y, w, h;
} Region;

/* The buffers of one estimate, kept from tile to tile: a fresh 13 MB each
 * time cost as much in page faults as the sweeps themselves. */
typedef struct
{
  gsize pixels; /* how many each holds */
  float *rgb, *alpha, *f[2], *b[2];
  guint8 *active;
} Scratch;

static void
scratch_clear (Scratch *s)
{
  g_free (s->rgb), g_free (s->alpha), g_free (s->active);
  for (int i = 0; i < 2; i++)
    g_free (s->f[i]), g_free (s->b[i]);
  memset (s, 0, sizeof *s);
}

static void
scratch_reserve (Scratch *s, gsize pixels)
{
  if (pixels <= s->pixels)
    return;
  scratch_clear (s);
  s->pixels = pixels;
  s->rgb = g_new (float, pixels * 3), s->alpha = g_new (float, pixels);
  s->active = g_new (guint8, pixels);
  for (int i = 0; i < 2; i++)
    s->f[i] = g_new (float, pixels * 3), s->b[i] = g_new (float, pixels * 3);
}

/* Where each of @n samples (nearest) falls in @size. */
static int *
nearest_indices (int size, int n)
{
  int *at = g_new (int, n);

  for (int i = 0; i < n; i++)
    at[i] = MIN ((int) ((i + 0.5) * size / n), size - 1);
  return at;
}

/* @r sampled (nearest) at @w × @h, into @s's buffers. */
static Level
level_new (const Region *r, Scratch *s, int w, int h)
{
  Level l = { w, h, s->rgb, s->alpha };
  g_autofree int *xs = nearest_indices (r->w, w);
  float unit[256]; /* v / 255, looked up: the finest level converts every pixel */

  for (int v = 0; v < 256; v++)
    unit[v] = v / 255.f;

  for (int y = 0; y < h; y++)
    {
      int sy = r->y + MIN ((int) ((y + 0.5) * r->h / h), r->h - 1);
      const guint8 *row = cutout_image_row (r->image, sy) + (gsize) r->x * 4;
      const guint8 *mrow = cutout_image_row (r->mask, sy) + r->x;
      float *rgb = l.rgb + (gsize) y * w * 3, *alpha = l.alpha + (gsize) y * w;
      for (int x = 0; x < w; x++)
        {
          const guint8 *p = row + (gsize) xs[x] * 4;
          rgb[x * 3] = unit[p[0]], rgb[x * 3 + 1] = unit[p[1]], rgb[x * 3 + 2] = unit[p[2]];
          alpha[x] = unit[mrow[xs[x]]];
        }
    }
  return l;
}

/* @plane (3 per pixel) of @w × @h, resized (nearest) to @nw × @nh into @out. */
static void
resize_nearest (const float *plane, int w, int h, float *out, int nw, int nh)
{
  g_autofree int *xs = nearest_indices (w, nw);

  for (int y = 0; y < nh; y++)
    {
      const float *row = plane + (gsize) MIN ((int) ((y + 0.5) * h / nh), h - 1) * w * 3;
      float *o = out + (gsize) y * nw * 3;
      for (int x = 0; x < nw; x++)
        memcpy (o + x * 3, row + (gsize) xs[x] * 3, 3 * sizeof (float));
    }
}

/* The pixels worth solving at a fine level: those partly transparent and
 * their neighbours. Elsewhere F is the photo (opaque) or does not show. */
static guint8 *
active_pixels (const Level *l, guint8 *active)
{
  memset (active, 0, (gsize) l->w * l->h);
  for (int y = 0; y < l->h; y++)
    for (int x = 0; x < l->w; x++)
      {
        float a = l->alpha[(gsize) y * l->w + x];
        if (a <= 0.f || a >= 1.f)
          continue;
        for (int yy = MAX (y - 1, 0); yy <= MIN (y + 1, l->h - 1); yy++)
          for (int xx = MAX (x - 1, 0); xx <= MIN (x + 1, l->w - 1); xx++)
            active[(gsize) yy * l->w + xx] = 1;
      }
  return active;
}

/* One sweep over @l (over its @active pixels, if not NULL), updating @F
 * and @B in place. */
static void
sweep (const Level *l, const guint8 *active, float *F, float *B)
{
  static const int dx[4] = { -1, 1, 0, 0 }, dy[4] = { 0, 0, -1, 1 };

  for (int y = 0; y < l->h; y++)
    for (int x = 0; x < l->w; x++)
      {
        gsize i = (gsize) y * l->w + x;
        float a = l->alpha[i], na = 1 - a;
        float wsum = 0, fsum[3] = { 0 }, bsum[3] = { 0 };
        float a00, a01, a11, det;

        if (active != NULL && !active[i])
          continue;

        for (int k = 0; k < 4; k++)
          {
            int xx = x + dx[k], yy = y + dy[k];
            gsize j;
            float wt;
            if (xx < 0 || yy < 0 || xx >= l->w || yy >= l->h)
              continue;
            j = (gsize) yy * l->w + xx;
            wt = REGULARISATION + GRADIENT_WEIGHT * fabsf (a - l->alpha[j]);
            wsum += wt;
            for (int c = 0; c < 3; c++)
              fsum[c] += wt * F[j * 3 + c], bsum[c] += wt * B[j * 3 + c];
          }
        a00 = a * a + wsum, a01 = a * na, a11 = na * na + wsum;
        det = a00 * a11 - a01 * a01;
        /* A pixel alone (a 1 × 1 level) and half transparent: nothing to
         * tell F from B yet. */
        if (det < 1e-12f)
          continue;
        for (int c = 0; c < 3; c++)
          {
            float r0 = a * l->rgb[i * 3 + c] + fsum[c], r1 = na * l->rgb[i * 3 + c] + bsum[c];
            float f = (a11 * r0 - a01 * r1) / det, b = (a00 * r1 - a01 * r0) / det;
            F[i * 3 + c] = CLAMP (f, 0.f, 1.f);
            B[i * 3 + c] = CLAMP (b, 0.f, 1.f);
          }
      }
}

/* The photo's mean colour over @r, the estimate's coarsest level. */
static void
region_mean (const Region *r, float mean[3])
{
  guint64 sum[3] = { 0 };

  for (int y = 0; y < r->h; y++)
    {
      const guint8 *p = cutout_image_row (r->image, r->y + y) + (gsize) r->x * 4;
      for (int x = 0; x < r->w; x++)
        for (int c = 0; c < 3; c++)
          sum[c] += p[x * 4 + c];
    }
  for (int c = 0; c < 3; c++)
    mean[c] = (float) (sum[c] / 255.0 / ((gsize) r->w * r->h));
}

/* The multilevel estimate over @r, written to @out (the photo's size) at
 * (@x, @y), @w × @h, a part of @r. */
static void
estimate_region (const Region *r, Scratch *s, CutoutImage *out, int x, int y, int w, int h)
{
  int levels = (int) ceil (log2 (MAX (r->w, r->h)));
  int pw = 1, ph = 1, cur = 0;

  scratch_reserve (s, (gsize) r->w * r->h);
  /* The coarsest level: one pixel, the photo's mean colour for both. */
  region_mean (r, s->f[0]);
  memcpy (s->b[0], s->f[0], 3 * sizeof (float));
  for (int l = 0; l <= levels; l++)
    {
      int lw = levels ? (int) lround (pow (r->w, (double) l / levels)) : r->w;
      int lh = levels ? (int) lround (pow (r->h, (double) l / levels)) : r->h;
      Level lv;
      int sweeps;

      lw = CLAMP (lw, 1, r->w), lh = CLAMP (lh, 1, r->h);
      lv = level_new (r, s, lw, lh);
      resize_nearest (s->f[cur], pw, ph, s->f[!cur], lw, lh);
      resize_nearest (s->b[cur], pw, ph, s->b[!cur], lw, lh);
      cur = !cur, pw = lw, ph = lh;
      sweeps = MAX (lw, lh) <= SMALL_SIZE ? SMALL_SWEEPS : BIG_SWEEPS;
      /* Coarse levels everywhere, so that colours spread; fine ones only
       * near the edge, where most of the pixels of a large photo are not. */
      {
        const guint8 *active = MAX (lw, lh) > SMALL_SIZE ? active_pixels (&lv, s->active) : NULL;
        for (int k = 0; k < sweeps; k++)
          sweep (&lv, active, s->f[cur], s->b[cur]);
      }
    }

  for (int yy = y; yy < y + h; yy++)
    {
      const guint8 *p = cutout_image_row (r->image, yy), *m = cutout_image_row (r->mask, yy);
      const float *F = s->f[cur] + (gsize) (yy - r->y) * r->w * 3;
      guint8 *o = cutout_image_row (out, yy);
      for (int xx = x; xx < x + w; xx++)
        {
          const float *f = F + (gsize) (xx - r->x) * 3;
          /* Opaque pixels are the subject as photographed. */
          for (int c = 0; c < 3; c++)
            o[xx * 4 + c] = m[xx] == 255 ? p[xx * 4 + c] : (guint8) (f[c] * 255.f + 0.5f);
          o[xx * 4 + 3] = p[xx * 4 + 3];
        }
    }
}

/* The estimate over the whole of @image. */
static CutoutImage *
estimate_whole (const CutoutImage *image, const CutoutImage *mask)
{
  Region r = { image, mask, 0, 0, image->width, image->height };
  Scratch s = { 0 };
  CutoutImage *out = cutout_image_new (image->width, image->height, 4);

  estimate_region (&r, &s, out, 0, 0, r.w, r.h);
  scratch_clear (&s);
  return out;
}

/* Tiles ---------------------------------------------------------------------------- */

typedef struct
{
  const CutoutImage *image, *mask;
  CutoutImage *out;
  int tile;
  GArray *tiles; /* of int[2]: the top left corners of the tiles to estimate */
} Tiles;

/* Whether the subject is see-through anywhere in @w × @h at (@x, @y). */
static gboolean
has_soft_pixels (const CutoutImage *mask, int x, int y, int w, int h)
{
  for (int yy = y; yy < y + h; yy++)
    {
      const guint8 *m = cutout_image_row (mask, yy) + x;
      for (int xx = 0; xx < w; xx++)
        if (m[xx] != 0 && m[xx] != 255)
          return TRUE;
    }
  return FALSE;
}

static void
estimate_tiles (gpointer data, int start, int end)
{
  Tiles *t = data;
  Scratch s = { 0 };

  for (int i = start; i < end; i++)
    {
      const int *corner = &g_array_index (t->tiles, int, 2 * i);
      int x = corner[0], y = corner[1];
      int w = MIN (t->tile, t->image->width - x), h = MIN (t->tile, t->image->height - y);
      int cx = MAX (x - TILE_MARGIN, 0), cy = MAX (y - TILE_MARGIN, 0);
      int cw = MIN (x + w + TILE_MARGIN, t->image->width) - cx;
      int ch = MIN (y + h + TILE_MARGIN, t->image->height) - cy;
      Region r = { t->image, t->mask, cx, cy, cw, ch };

      /* Only the tile itself: its margin is another tile's. */
      estimate_region (&r, &s, t->out, x, y, w, h);
    }
  scratch_clear (&s);
}

/* The estimate of cutout_estimate_foreground() made @tile × @tile pixels
 * at a time (0: all at once). */
CutoutImage *
cutout_estimate_foreground_tiled (const CutoutImage *image, const CutoutImage *mask, int tile)
{
  g_autoptr (GArray) tiles = g_array_new (FALSE, FALSE, sizeof (int));
  Tiles t = { image, mask, NULL, tile, tiles };

  g_return_val_if_fail (mask->width == image->width && mask->height == image->height, NULL);

  if (tile <= 0
      || (image->width <= tile + 2 * TILE_MARGIN && image->height <= tile + 2 * TILE_MARGIN))
    return estimate_whole (image, mask);
  for (int y = 0; y < image->height; y += tile)
    for (int x = 0; x < image->width; x += tile)
      if (has_soft_pixels (mask, x, y, MIN (tile, image->width - x), MIN (tile, image->height - y)))
        {
          int corner[2] = { x, y };
          g_array_append_vals (tiles, corner, 2);
        }
  /* Opaque pixels are the subject as photographed; where it is not at all,
   * no colour shows. */
  t.out = cutout_image_copy (image);
  cutout_parallel_rows ((int) (tiles->len / 2), estimate_tiles, &t);
  return t.out;
}

/* @image with each see-through pixel's colour (by @mask) replaced by the
 * subject's own, estimated; alpha stays @image's, so that the result is
 * used wherever the photo would be, the mask applied as before. */
CutoutImage *
cutout_estimate_foreground (const CutoutImage *image, const CutoutImage *mask)
{
  return cutout_estimate_foreground_tiled (image, mask, TILE);
}
