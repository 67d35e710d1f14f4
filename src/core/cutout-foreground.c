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
 * rest needs no estimate, and the working set (about 40 bytes a pixel)
 * stays that of a tile rather than of the photo.
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

/* @image and @mask sampled (nearest) at @w × @h. */
static Level
level_new (const CutoutImage *image, const CutoutImage *mask, int w, int h)
{
  Level l = { w, h, g_new (float, (gsize) w *h * 3), g_new (float, (gsize) w *h) };

  for (int y = 0; y < h; y++)
    {
      int sy = MIN ((int) ((y + 0.5) * image->height / h), image->height - 1);
      for (int x = 0; x < w; x++)
        {
          int sx = MIN ((int) ((x + 0.5) * image->width / w), image->width - 1);
          const guint8 *p = cutout_image_row (image, sy) + (gsize) sx * 4;
          gsize i = (gsize) y * w + x;
          l.rgb[i * 3] = p[0] / 255.f, l.rgb[i * 3 + 1] = p[1] / 255.f,
                    l.rgb[i * 3 + 2] = p[2] / 255.f;
          l.alpha[i] = cutout_image_row (mask, sy)[sx] / 255.f;
        }
    }
  return l;
}

/* @plane (3 per pixel) of @w × @h, resized (nearest) to @nw × @nh. */
static float *
resize_nearest (const float *plane, int w, int h, int nw, int nh)
{
  float *out = g_new (float, (gsize) nw *nh * 3);

  for (int y = 0; y < nh; y++)
    {
      int sy = MIN ((int) ((y + 0.5) * h / nh), h - 1);
      for (int x = 0; x < nw; x++)
        {
          int sx = MIN ((int) ((x + 0.5) * w / nw), w - 1);
          memcpy (out + ((gsize) y * nw + x) * 3, plane + ((gsize) sy * w + sx) * 3,
                  3 * sizeof (float));
        }
    }
  return out;
}

/* The pixels worth solving at a fine level: those partly transparent and
 * their neighbours. Elsewhere F is the photo (opaque) or does not show. */
static guint8 *
active_pixels (const Level *l)
{
  guint8 *active = g_new0 (guint8, (gsize) l->w * l->h);

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

/* The multilevel estimate over the whole of @image. */
static CutoutImage *
estimate_whole (const CutoutImage *image, const CutoutImage *mask)
{
  int W = image->width, H = image->height;
  int levels = (int) ceil (log2 (MAX (W, H)));
  float *F = g_new (float, 3), *B = g_new (float, 3);
  int pw = 1, ph = 1;
  CutoutImage *out;

  g_return_val_if_fail (mask->width == W && mask->height == H, NULL);

  /* The coarsest level: one pixel, the photo's mean colour for both. */
  {
    double sum[3] = { 0 };
    for (gsize i = 0; i < (gsize) W * H; i++)
      for (int c = 0; c < 3; c++)
        sum[c] += image->pixels[i * 4 + c] / 255.0;
    for (int c = 0; c < 3; c++)
      F[c] = B[c] = (float) (sum[c] / ((gsize) W * H));
  }
  for (int l = 0; l <= levels; l++)
    {
      int w = levels ? (int) lround (pow (W, (double) l / levels)) : W;
      int h = levels ? (int) lround (pow (H, (double) l / levels)) : H;
      Level lv;
      float *nf, *nb;
      int sweeps;

      w = CLAMP (w, 1, W), h = CLAMP (h, 1, H);
      lv = level_new (image, mask, w, h);
      nf = resize_nearest (F, pw, ph, w, h), nb = resize_nearest (B, pw, ph, w, h);
      g_free (F), g_free (B);
      F = nf, B = nb, pw = w, ph = h;
      sweeps = MAX (w, h) <= SMALL_SIZE ? SMALL_SWEEPS : BIG_SWEEPS;
      {
        /* Coarse levels everywhere, so that colours spread; fine ones only
         * near the edge, where most of the pixels of a large photo are not. */
        g_autofree guint8 *active = MAX (w, h) > SMALL_SIZE ? active_pixels (&lv) : NULL;
        for (int s = 0; s < sweeps; s++)
          sweep (&lv, active, F, B);
      }
      g_free (lv.rgb);
      g_free (lv.alpha);
    }

  out = cutout_image_new (W, H, 4);
  for (gsize i = 0; i < (gsize) W * H; i++)
    {
      /* Opaque pixels are the subject as photographed. */
      for (int c = 0; c < 3; c++)
        out->pixels[i * 4 + c] = mask->pixels[i] == 255 ? image->pixels[i * 4 + c]
                                                        : (guint8) (F[i * 3 + c] * 255.f + 0.5f);
      out->pixels[i * 4 + 3] = image->pixels[i * 4 + 3];
    }
  g_free (F);
  g_free (B);
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

  for (int i = start; i < end; i++)
    {
      const int *corner = &g_array_index (t->tiles, int, 2 * i);
      int x = corner[0], y = corner[1];
      int w = MIN (t->tile, t->image->width - x), h = MIN (t->tile, t->image->height - y);
      int cx = MAX (x - TILE_MARGIN, 0), cy = MAX (y - TILE_MARGIN, 0);
      int cw = MIN (x + w + TILE_MARGIN, t->image->width) - cx;
      int ch = MIN (y + h + TILE_MARGIN, t->image->height) - cy;
      g_autoptr (CutoutImage) image = cutout_image_crop (t->image, cx, cy, cw, ch);
      g_autoptr (CutoutImage) mask = cutout_image_crop (t->mask, cx, cy, cw, ch);
      g_autoptr (CutoutImage) estimated = estimate_whole (image, mask);

      /* Only the tile itself: its margin is another tile's. */
      for (int yy = 0; yy < h; yy++)
        memcpy (cutout_image_row (t->out, y + yy) + (gsize) x * 4,
                cutout_image_row (estimated, y - cy + yy) + (gsize) (x - cx) * 4, (gsize) w * 4);
    }
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
