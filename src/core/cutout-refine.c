/* cutout-refine.c: guided upsampling of the mask
 *
 * The guided filter (He, Sun and Tang, 2013) models the mask as a linear
 * function of the photo's colour in every small window: alpha ≈ a·I + b.
 * The coefficients a and b vary slowly, so they are found at the model's
 * resolution, where the mask is, then enlarged and applied to the photo's
 * full-resolution colours ("fast guided filter", He and Sun, 2015): the
 * result follows edges the model was too coarse to see. Box means are
 * running sums, so the cost is linear in the pixels, and only the last pass
 * touches the full-size photo.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-enums.h"
#include "cutout-refine.h"
#include "cutout-resample.h"

/* Below this many times the mask's pixels, photos are not refined: at 1.4×
 * across and down (2×), boundary-F rose by 0.004, at 4× (16×) by 0.02, on
 * alphamatting/ (docs/QUALITY.md); a 1080p photo (2× the pixels of the
 * 1024² mask) would pay about 4 % of a batch's speed for the first. */
#define MIN_ENLARGEMENT 2.5

/* Chosen on the matting crops (docs/QUALITY.md): of radius 1–6 and ε
 * 1e-2–1e-5, radius 1 and ε 1e-5 had the lowest mean MAE and gradient
 * error, and beat bilinear enlargement on every crop. */
void
cutout_refine_params_init (CutoutRefineParams *params)
{
  params->radius = 1;
  params->epsilon = 1e-5f;
  params->strength = 1.0f;
  params->any_size = FALSE;
  params->no_shortcut = FALSE;
}

/* Box mean of radius @r over the @w × @h plane @in, into @out (which may
 * not be @in); windows are cut at the edges and averaged over what is left. */
static void
box_mean (const float *in, float *out, int w, int h, int r)
{
  g_autofree double *col = g_new0 (double, (gsize) w);
  g_autofree float *rows = g_new (float, (gsize) w *h);

  /* Horizontal pass, by running sums along each row. */
  for (int y = 0; y < h; y++)
    {
      const float *src = in + (gsize) y * w;
      float *dst = rows + (gsize) y * w;
      double sum = 0;
      for (int x = 0; x < MIN (r, w); x++)
        sum += src[x];
      for (int x = 0; x < w; x++)
        {
          int lo = x - r - 1, hi = x + r;
          if (hi < w)
            sum += src[hi];
          if (lo >= 0)
            sum -= src[lo];
          dst[x] = (float) (sum / (MIN (hi, w - 1) - MAX (lo, -1)));
        }
    }
  /* Vertical pass, by running sums down each column, all columns at once. */
  for (int y = 0; y < MIN (r, h); y++)
    for (int x = 0; x < w; x++)
      col[x] += rows[(gsize) y * w + x];
  for (int y = 0; y < h; y++)
    {
      int lo = y - r - 1, hi = y + r;
      double n = MIN (hi, h - 1) - MAX (lo, -1);
      for (int x = 0; x < w; x++)
        {
          if (hi < h)
            col[x] += rows[(gsize) hi * w + x];
          if (lo >= 0)
            col[x] -= rows[(gsize) lo * w + x];
          out[(gsize) y * w + x] = (float) (col[x] / n);
        }
    }
}

/* The coefficients are solved tile by tile, each on small planes of its
 * own that stay in the cache.  A tile where the mask is flat (within one
 * 8-bit level, as far as the windows reach around it) needs no solving:
 * there a = 0 and b = p, to within that level, and most of a photo is
 * such tiles. */
#define TILE 64

/* The guided filter's work at the mask's resolution. */
typedef struct
{
  const CutoutImage *guide;
  const float *p;
  int r;
  float eps;
  float *const *coef; /* a (3 planes) and b, box-averaged: the result */
  guint8 *flat;       /* per tile, n_tiles_x a row: whether it was flat */
  int n_tiles_x;
} Solve;

/* The planes of one tile's region: I (3), p, I·I (6: rr rg rb gg gb bb),
 * I·p (3), then their means. */
typedef struct
{
  int x0, y0, w, h; /* the region: the tile and what its windows reach */
  float *planes[13], *means[13];
} Region;

static gboolean
is_flat (const Solve *s, const Region *g)
{
  const float *p = s->p;
  float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;

  for (int y = g->y0; y < g->y0 + g->h; y++)
    for (int x = g->x0; x < g->x0 + g->w; x++)
      {
        float v = p[(gsize) y * s->guide->width + x];
        lo = MIN (lo, v), hi = MAX (hi, v);
      }
  return hi - lo < 1.0f / 255;
}

static void
fill_planes (const Solve *s, Region *g)
{
  float **pl = g->planes;

  for (int y = 0; y < g->h; y++)
    for (int x = 0; x < g->w; x++)
      {
        gsize i = (gsize) y * g->w + x, j = (gsize) (g->y0 + y) * s->guide->width + g->x0 + x;
        const guint8 *px = s->guide->pixels + j * 4;
        float c[3] = { px[0] / 255.f, px[1] / 255.f, px[2] / 255.f }, p = s->p[j];
        pl[0][i] = c[0], pl[1][i] = c[1], pl[2][i] = c[2];
        pl[3][i] = p;
        pl[4][i] = c[0] * c[0], pl[5][i] = c[0] * c[1], pl[6][i] = c[0] * c[2];
        pl[7][i] = c[1] * c[1], pl[8][i] = c[1] * c[2], pl[9][i] = c[2] * c[2];
        pl[10][i] = c[0] * p, pl[11][i] = c[1] * p, pl[12][i] = c[2] * p;
      }
}

/* For each window, a = (Σ + εU)⁻¹ cov(I, p) and b = mean(p) − a·mean(I),
 * written over planes 0–3. */
static void
solve_region (Region *g, double eps)
{
  float *const *m = g->means;

  for (gsize i = 0; i < (gsize) g->w * g->h; i++)
    {
      double mr = m[0][i], mg = m[1][i], mb = m[2][i], mp = m[3][i];
      /* Σ + εU, symmetric */
      double s00 = m[4][i] - mr * mr + eps, s01 = m[5][i] - mr * mg;
      double s02 = m[6][i] - mr * mb, s11 = m[7][i] - mg * mg + eps;
      double s12 = m[8][i] - mg * mb, s22 = m[9][i] - mb * mb + eps;
      double cr = m[10][i] - mr * mp, cg = m[11][i] - mg * mp, cb = m[12][i] - mb * mp;
      /* Its inverse by cofactors. */
      double i00 = s11 * s22 - s12 * s12, i01 = s02 * s12 - s01 * s22, i02 = s01 * s12 - s02 * s11;
      double i11 = s00 * s22 - s02 * s02, i12 = s01 * s02 - s00 * s12, i22 = s00 * s11 - s01 * s01;
      double det = s00 * i00 + s01 * i01 + s02 * i02;
      double ar = (i00 * cr + i01 * cg + i02 * cb) / det;
      double ag = (i01 * cr + i11 * cg + i12 * cb) / det;
      double ab = (i02 * cr + i12 * cg + i22 * cb) / det;
      g->planes[0][i] = (float) ar, g->planes[1][i] = (float) ag, g->planes[2][i] = (float) ab;
      g->planes[3][i] = (float) (mp - ar * mr - ag * mg - ab * mb);
    }
}

/* The coefficients of the tile at (@tx, @ty), using @buf (26 planes of a
 * region's size).  Its region reaches 2r further on each side: the first
 * box mean is then whole on the tile and r around it, which is all the
 * second one reads; where the region meets the image's edge, windows are
 * cut there as they are for the whole image. */
static void
solve_tile (const Solve *s, int tx, int ty, float *buf)
{
  int W = s->guide->width, H = s->guide->height, m = 2 * s->r;
  int x0 = tx * TILE, y0 = ty * TILE, x1 = MIN (x0 + TILE, W), y1 = MIN (y0 + TILE, H);
  Region g = { MAX (0, x0 - m), MAX (0, y0 - m) };

  g.w = MIN (W, x1 + m) - g.x0, g.h = MIN (H, y1 + m) - g.y0;
  s->flat[(gsize) ty * s->n_tiles_x + tx] = is_flat (s, &g);
  if (s->flat[(gsize) ty * s->n_tiles_x + tx])
    {
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          {
            gsize j = (gsize) y * W + x;
            s->coef[0][j] = s->coef[1][j] = s->coef[2][j] = 0;
            s->coef[3][j] = s->p[j];
          }
      return;
    }
  for (int k = 0; k < 13; k++)
    g.planes[k] = buf + (gsize) k * g.w * g.h, g.means[k] = buf + (gsize) (13 + k) * g.w * g.h;
  fill_planes (s, &g);
  for (int k = 0; k < 13; k++)
    box_mean (g.planes[k], g.means[k], g.w, g.h, s->r);
  solve_region (&g, s->eps);
  for (int k = 0; k < 4; k++)
    box_mean (g.planes[k], g.means[k], g.w, g.h, s->r);
  for (int y = y0; y < y1; y++)
    for (int k = 0; k < 4; k++)
      memcpy (s->coef[k] + (gsize) y * W + x0, g.means[k] + (gsize) (y - g.y0) * g.w + (x0 - g.x0),
              (gsize) (x1 - x0) * sizeof (float));
}

/* Rows of tiles [@start, @end). */
static void
solve_tile_rows (gpointer data, int start, int end)
{
  const Solve *s = data;
  int side = TILE + 4 * s->r;
  g_autofree float *buf = g_new (float, (gsize) 26 * side * side);

  for (int ty = start; ty < end; ty++)
    for (int tx = 0; tx * TILE < s->guide->width; tx++)
      solve_tile (s, tx, ty, buf);
}

/* The coefficients a (3 planes) and b at the mask's resolution, already
 * box-averaged, from the small guide @guide (RGBA) and the mask @p. */
static void
solve_coefficients (
    const CutoutImage *guide, const float *p, int r, float eps, float *coef[4], guint8 *flat)
{
  Solve s = { guide, p, r, eps, coef, flat, (guide->width + TILE - 1) / TILE };

  cutout_parallel_rows ((guide->height + TILE - 1) / TILE, solve_tile_rows, &s);
}

/* Row @tmp (@w wide, at the mask's resolution) at full-size pixel @x. */
static inline float
tap_sum (const float *tmp, int w, const CutoutFilter *xf, int x)
{
  const float *wt = xf->weights + (gsize) x * xf->n_taps;
  float sum = 0;

  for (int t = 0; t < xf->n_taps; t++)
    sum += tmp[CLAMP (xf->first[x] + t, 0, w - 1)] * wt[t];
  return sum;
}

/* Whether a @width × @height photo is refined from a @mask_width ×
 * @mask_height mask at all: it has MIN_ENLARGEMENT times the mask's pixels
 * or more. */
gboolean
cutout_refine_enlarges (int width, int height, int mask_width, int mask_height)
{
  return (double) width * height >= MIN_ENLARGEMENT * mask_width * mask_height;
}

/* What the full-size pass needs. */
typedef struct
{
  const CutoutImage *image;
  CutoutImage *mask;
  const float *planes[5]; /* the coefficients a (3) and b, and the mask */
  const guint8 *flat;     /* the flat tiles, n_tiles_x a row */
  int n_tiles_x;
  const CutoutFilter *xf;
  int w, h;
  float strength;
  const guint8 *settled; /* settled_map(), or NULL: every pixel worked out */
} Apply;

/* Along one line of @n values @v (@stride apart; 0: not settled, else the
 * value's class), each value kept in @out where every value within @reach
 * is the same, else 0. Windows are cut at the line's ends, as the filter's
 * are. */
static void
settle_line (const guint8 *v, gsize stride, int n, int reach, guint8 *out)
{
  for (int start = 0; start < n;)
    {
      int end = start;
      guint8 c = v[start * stride];
      while (end + 1 < n && v[(end + 1) * stride] == c)
        end++;
      for (int k = start; k <= end; k++)
        {
          gboolean inside
              = (k - reach >= start || start == 0) && (k + reach <= end || end == n - 1);
          out[k * stride] = inside ? c : 0;
        }
      start = end + 1;
    }
}

/* Which pixels of the @w × @h mask @p are settled: exactly 0 or 1, and so
 * is all of it as far as the guided filter's two windows of radius @r
 * reach. There a is 0 and b is p, within float rounding, so the guided
 * value is p: the full-size pass need not work it out. */
static guint8 *
settled_map (const float *p, int w, int h, int r)
{
  gsize n = (gsize) w * h;
  g_autofree guint8 *classes = g_new (guint8, n), *rows = g_new (guint8, n);
  guint8 *settled = g_new (guint8, n);

  for (gsize i = 0; i < n; i++)
    classes[i] = p[i] == 0.f ? 1 : p[i] == 1.f ? 2 : 0;
  for (int y = 0; y < h; y++)
    settle_line (classes + (gsize) y * w, 1, w, 2 * r, rows + (gsize) y * w);
  for (int x = 0; x < w; x++)
    settle_line (rows + x, w, h, 2 * r, settled + x);
  return settled;
}

/* Where the mask is settled along a row: for each column of @plain (the
 * plain mask's row, @w wide), the last column up to which it stays the same
 * 0 or 1 and each pixel is settled, or in a flat tile, in both rows (@s0,
 * @s1; @f0, @f1), or -1. */
static void
settled_runs (const float *plain,
              const guint8 *f0,
              const guint8 *f1,
              const guint8 *s0,
              const guint8 *s1,
              int w,
              int *run_end)
{
  for (int i = w - 1; i >= 0; i--)
    {
      gboolean settled = (plain[i] == 0.f || plain[i] == 1.f)
                         && ((f0[i / TILE] && f1[i / TILE]) || (s0[i] && s1[i]));
      if (!settled)
        run_end[i] = -1;
      else if (i + 1 < w && run_end[i + 1] >= 0 && plain[i + 1] == plain[i])
        run_end[i] = run_end[i + 1];
      else
        run_end[i] = i;
    }
}

/* How many full-size pixels from @x on have all their taps within
 * [@t0, @end]: there the mask is the settled value. */
static int
settled_span (const CutoutFilter *xf, int w, int x, int t0, int end)
{
  int x1 = x;

  while (x1 < xf->out_size && CLAMP (xf->first[x1], 0, w - 1) >= t0
         && CLAMP (xf->first[x1] + xf->n_taps - 1, 0, w - 1) <= end)
    x1++;
  return x1 - x;
}

/* Pixel @x of a full-size row: the guided value from the interpolated
 * planes in @tmp, or the plain one where every tap falls in flat tiles
 * (there a = 0 and b = p, so the guided value is the plain one). */
static guint8
apply_pixel (
    const Apply *s, const float *tmp, const guint8 *f0, const guint8 *f1, const guint8 *px, int x)
{
  const CutoutFilter *xf = s->xf;
  int w = s->w;
  float plain = tap_sum (tmp + 4 * (gsize) w, w, xf, x), v;
  int a = CLAMP (xf->first[x], 0, w - 1) / TILE;
  int b = CLAMP (xf->first[x] + xf->n_taps - 1, 0, w - 1) / TILE;
  gboolean flat = TRUE;

  for (int t = a; t <= b && flat; t++)
    flat = f0[t] && f1[t];
  if (flat)
    v = plain;
  else
    {
      v = tap_sum (tmp, w, xf, x) * (px[0] / 255.f) + tap_sum (tmp + w, w, xf, x) * (px[1] / 255.f)
          + tap_sum (tmp + 2 * (gsize) w, w, xf, x) * (px[2] / 255.f)
          + tap_sum (tmp + 3 * (gsize) w, w, xf, x);
      v = plain + (CLAMP (v, 0.f, 1.f) - plain) * s->strength;
    }
  return (guint8) (CLAMP (v, 0.f, 1.f) * 255.f + 0.5f);
}

/* Rows [@start, @end) of the full-size mask: each plane interpolated
 * between two of its rows, then along the row's taps.  Where the mask is
 * settled (settled_runs()), whole spans are filled at once: after
 * calibration that is most of a large photo, and the filter's arithmetic
 * there was most of this pass's time. */
static void
apply_rows (gpointer data, int start, int end)
{
  const Apply *s = data;
  const CutoutFilter *xf = s->xf;
  int w = s->w, h = s->h, W = s->image->width, H = s->image->height;
  g_autofree float *tmp = g_new (float, (gsize) w * 5);
  g_autofree int *run_end = g_new (int, w);

  for (int y = start; y < end; y++)
    {
      /* Pixel centres: the same mapping the bilinear enlargement uses. */
      double sy = (y + 0.5) * h / H - 0.5;
      int y0 = CLAMP ((int) floor (sy), 0, h - 1), y1 = MIN (y0 + 1, h - 1);
      float fy = (float) CLAMP (sy - y0, 0, 1);
      const guint8 *px = cutout_image_row (s->image, y);
      const guint8 *f0 = s->flat + (gsize) (y0 / TILE) * s->n_tiles_x;
      const guint8 *f1 = s->flat + (gsize) (y1 / TILE) * s->n_tiles_x;
      const float *plain = tmp + 4 * (gsize) w;
      guint8 *out = cutout_image_row (s->mask, y);

      for (int k = 0; k < 5; k++)
        {
          const float *r0 = s->planes[k] + (gsize) y0 * w, *r1 = s->planes[k] + (gsize) y1 * w;
          float *t = tmp + (gsize) k * w;
          for (int x = 0; x < w; x++)
            t[x] = r0[x] + (r1[x] - r0[x]) * fy;
        }
      if (s->settled != NULL)
        settled_runs (plain, f0, f1, s->settled + (gsize) y0 * w, s->settled + (gsize) y1 * w, w,
                      run_end);
      for (int x = 0; x < W;)
        {
          int t0 = CLAMP (xf->first[x], 0, w - 1);
          int n = s->settled != NULL && run_end[t0] >= 0 ? settled_span (xf, w, x, t0, run_end[t0])
                                                         : 0;
          if (n > 0)
            {
              memset (out + x, plain[t0] == 1.f ? 255 : 0, n);
              x += n;
              continue;
            }
          out[x] = apply_pixel (s, tmp, f0, f1, px + (gsize) x * 4, x);
          x++;
        }
    }
}

/* The mask of @image (RGBA, full size) from the model's @alpha (0..1, an
 * @alpha_width × @alpha_height plane of the image squeezed to that size),
 * enlarged along the photo's edges.  A photo with fewer than
 * MIN_ENLARGEMENT times the plane's pixels gets the plain resampled mask:
 * the plane is nearly as fine as the photo (or finer), and the gain was
 * measured too small for the time. */
CutoutImage *
cutout_refine_guided (const CutoutImage *image,
                      const float *alpha,
                      int alpha_width,
                      int alpha_height,
                      const CutoutRefineParams *params)
{
  int w = alpha_width, h = alpha_height, W = image->width, H = image->height;
  g_autoptr (CutoutImage) guide = NULL;
  g_autoptr (CutoutFilter) xf = NULL;
  CutoutImage *mask = cutout_image_new (W, H, 1);
  int n_tiles_x = (w + TILE - 1) / TILE, n_tiles_y = (h + TILE - 1) / TILE;
  g_autofree guint8 *flat = g_new0 (guint8, (gsize) n_tiles_x * n_tiles_y);
  g_autofree guint8 *settled = NULL;
  float *coef[4];
  Apply apply;

  if ((!params->any_size && !cutout_refine_enlarges (W, H, w, h)) || params->strength <= 0)
    {
      cutout_resample_plane_to_mask (alpha, w, h, mask);
      return mask;
    }
  guide = cutout_resample_image (image, w, h);
  xf = cutout_filter_new (w, W);
  for (int k = 0; k < 4; k++)
    coef[k] = g_new (float, (gsize) w *h);
  solve_coefficients (guide, alpha, params->radius, params->epsilon, coef, flat);
  if (!params->no_shortcut)
    settled = settled_map (alpha, w, h, params->radius);
  apply = (Apply){ image,  mask,      { coef[0], coef[1], coef[2], coef[3], alpha },
                   flat,   n_tiles_x, xf,
                   w,      h,         CLAMP (params->strength, 0.f, 1.f),
                   settled };
  /* Most of the time goes here, and the rows are independent. */
  cutout_parallel_rows (H, apply_rows, &apply);
  for (int k = 0; k < 4; k++)
    g_free (coef[k]);
  return mask;
}

/* "natural", "smooth" or "hard", in any case. */
gboolean
cutout_edge_style_parse (const char *name, CutoutEdgeStyle *style)
{
  g_autoptr (GEnumClass) styles = g_type_class_ref (CUTOUT_TYPE_EDGE_STYLE);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  GEnumValue *value = g_enum_get_value_by_nick (styles, lower);

  if (value == NULL)
    return FALSE;
  *style = value->value;
  return TRUE;
}

/* Finishes @mask's edge as @style says. Smoothing is two box blurs (close
 * to a Gaussian) about a pixel per 800 of the image's size wide: enough to
 * round off stair-steps and noise, not to blur the subject's shape. */
void
cutout_mask_apply_edge_style (CutoutImage *mask, CutoutEdgeStyle style)
{
  gsize n = (gsize) mask->width * mask->height;

  g_return_if_fail (mask->n_channels == 1);

  if (style == CUTOUT_EDGES_HARD)
    for (gsize i = 0; i < n; i++)
      mask->pixels[i] = mask->pixels[i] >= 128 ? 255 : 0;
  else if (style == CUTOUT_EDGES_SMOOTH)
    {
      int r = MAX (1, (int) lround (MAX (mask->width, mask->height) / 800.0));
      g_autofree float *a = g_new (float, n), *b = g_new (float, n);
      for (gsize i = 0; i < n; i++)
        a[i] = mask->pixels[i];
      box_mean (a, b, mask->width, mask->height, r);
      box_mean (b, a, mask->width, mask->height, r);
      for (gsize i = 0; i < n; i++)
        mask->pixels[i] = (guint8) CLAMP (a[i] + 0.5f, 0, 255);
    }
}
