/* cutout-eval.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cutout-decode.h"
#include "cutout-eval.h"
#include "cutout-resample.h"

/* Any image file → a 1-channel mask from its red channel (reference masks are
 * gray, so every channel is the same). */
CutoutImage *
cutout_eval_load_mask (const char *path, GError **error)
{
  g_autoptr (CutoutImage) rgba = cutout_decode_file (path, error);
  CutoutImage *mask;

  if (rgba == NULL)
    return NULL;
  mask = cutout_image_new (rgba->width, rgba->height, 1);
  for (gsize i = 0; i < (gsize) rgba->width * rgba->height; i++)
    mask->pixels[i] = rgba->pixels[i * 4];
  return mask;
}

/* NAME.ignore.png beside NAME.png, or NULL when there is none. */
CutoutImage *
cutout_eval_load_ignore (const char *image_path)
{
  g_autofree char *stem = g_strndup (image_path, strrchr (image_path, '.') - image_path);
  g_autofree char *path = g_strconcat (stem, ".ignore.png", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;
  return cutout_eval_load_mask (path, NULL);
}

CutoutScore
cutout_eval_score (const CutoutImage *mask, const CutoutImage *truth, const CutoutImage *ignore)
{
  CutoutScore score = { 0 };
  guint64 inter = 0, uni = 0;
  double abs_sum = 0;
  gsize n = (gsize) mask->width * mask->height;

  g_assert_cmpint (mask->width, ==, truth->width);
  g_assert_cmpint (mask->height, ==, truth->height);
  for (gsize i = 0; i < n; i++)
    {
      gboolean p, t;
      if (ignore != NULL && ignore->pixels[i] >= 128)
        continue;
      p = mask->pixels[i] >= 128;
      t = truth->pixels[i] >= 128;
      inter += p && t;
      uni += p || t;
      abs_sum += fabs ((double) mask->pixels[i] - truth->pixels[i]) / 255.0;
      score.scored++;
    }
  score.iou = uni ? (double) inter / uni : 1.0;
  score.mae = score.scored ? abs_sum / score.scored : 0;
  return score;
}

/* The box a user would draw around @truth's subject (alpha ≥ 50 %): its
 * bounds, and a twentieth of its size more on each side, within the image. */
CutoutBox
cutout_eval_box_around (const CutoutImage *truth)
{
  CutoutBox box = { G_MAXINT, G_MAXINT, -1, -1 };
  int mx, my;

  for (int y = 0; y < truth->height; y++)
    for (int x = 0; x < truth->width; x++)
      if (cutout_image_row (truth, y)[x] >= 128)
        box = (CutoutBox){ MIN (box.x1, x), MIN (box.y1, y), MAX (box.x2, x + 1),
                           MAX (box.y2, y + 1) };
  g_assert_cmpint (box.x2, >, box.x1);
  mx = (box.x2 - box.x1) / 20, my = (box.y2 - box.y1) / 20;
  box = (CutoutBox){ box.x1 - mx, box.y1 - my, box.x2 + mx, box.y2 + my };
  cutout_box_clip (&box, truth->width, truth->height);
  return box;
}

/* Gradient magnitudes of @mask (0..1) by first derivatives of a Gaussian of
 * σ 1.4, as the alpha-matting benchmark measures them. */
static float *
gradient_magnitude (const CutoutImage *mask)
{
  const double sigma = 1.4;
  const int r = (int) ceil (3 * sigma);
  int w = mask->width, h = mask->height;
  double g[32], dg[32];
  g_autofree float *gx = g_new0 (float, (gsize) w *h), *gy = g_new0 (float, (gsize) w *h);
  g_autofree float *tx = g_new0 (float, (gsize) w *h), *ty = g_new0 (float, (gsize) w *h);
  float *mag = g_new (float, (gsize) w *h);

  for (int k = -r; k <= r; k++)
    {
      g[k + r] = exp (-k * k / (2 * sigma * sigma));
      dg[k + r] = -k / (sigma * sigma) * g[k + r];
    }
  /* Rows: derivative across (for gx) and smoothing (for gy). */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double d = 0, s = 0;
        for (int k = -r; k <= r; k++)
          {
            double v = cutout_image_row (mask, y)[CLAMP (x + k, 0, w - 1)] / 255.0;
            d += v * dg[k + r], s += v * g[k + r];
          }
        tx[(gsize) y * w + x] = (float) d, ty[(gsize) y * w + x] = (float) s;
      }
  /* Columns: smoothing (for gx) and derivative down (for gy). */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double sx = 0, dy = 0;
        for (int k = -r; k <= r; k++)
          {
            gsize j = (gsize) CLAMP (y + k, 0, h - 1) * w + x;
            sx += tx[j] * g[k + r], dy += ty[j] * dg[k + r];
          }
        gx[(gsize) y * w + x] = (float) sx, gy[(gsize) y * w + x] = (float) dy;
      }
  for (gsize i = 0; i < (gsize) w * h; i++)
    mag[i] = sqrtf (gx[i] * gx[i] + gy[i] * gy[i]);
  return mag;
}

/* The gradient error of @mask against @truth: the sum of squared
 * differences of their gradient magnitudes, over 1000 (Rhemann et al.). */
double
cutout_eval_gradient_error (const CutoutImage *mask, const CutoutImage *truth)
{
  g_autofree float *a = gradient_magnitude (mask);
  g_autofree float *b = gradient_magnitude (truth);
  double sum = 0;

  for (gsize i = 0; i < (gsize) mask->width * mask->height; i++)
    sum += (double) (a[i] - b[i]) * (a[i] - b[i]);
  return sum / 1000;
}

/* The boundary pixels of @mask thresholded at 50 %: those with a 4-neighbour
 * on the other side. */
static guint8 *
boundary (const CutoutImage *mask)
{
  int w = mask->width, h = mask->height;
  guint8 *b = g_new0 (guint8, (gsize) w * h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean in = cutout_image_row (mask, y)[x] >= 128;
        b[(gsize) y * w + x] = (x > 0 && (cutout_image_row (mask, y)[x - 1] >= 128) != in)
                               || (x + 1 < w && (cutout_image_row (mask, y)[x + 1] >= 128) != in)
                               || (y > 0 && (cutout_image_row (mask, y - 1)[x] >= 128) != in)
                               || (y + 1 < h && (cutout_image_row (mask, y + 1)[x] >= 128) != in);
      }
  return b;
}

/* @truth with every pixel @ignore marks given the label of the nearest
 * labelled pixel (breadth first, so by 4-connected distance).  VOC's void
 * band straddles each object's true outline, so this puts the reference edge
 * along the band's middle, where the outline is, rather than along one of
 * its sides, 2–3 px away. */
static CutoutImage *
split_void (const CutoutImage *truth, const CutoutImage *ignore)
{
  int w = truth->width, h = truth->height;
  gsize n = (gsize) w * h, head = 0, tail = 0;
  CutoutImage *out = cutout_image_new (w, h, 1);
  g_autofree gsize *queue = g_new (gsize, n);
  g_autofree guint8 *done = g_new0 (guint8, n);

  for (gsize i = 0; i < n; i++)
    {
      out->pixels[i] = truth->pixels[i] >= 128 ? 255 : 0;
      if (ignore->pixels[i] < 128)
        done[i] = 1, queue[tail++] = i;
    }
  while (head < tail)
    {
      gsize i = queue[head++];
      int x = i % w, y = i / w;
      gsize next[4] = { i - 1, i + 1, i - w, i + w };
      gboolean inside[4] = { x > 0, x + 1 < w, y > 0, y + 1 < h };

      for (int k = 0; k < 4; k++)
        if (inside[k] && !done[next[k]])
          {
            done[next[k]] = 1;
            out->pixels[next[k]] = out->pixels[i];
            queue[tail++] = next[k];
          }
    }
  return out;
}

/* The share of @from's boundary pixels within @tolerance pixels of one of
 * @to's. */
static double
matched (const guint8 *from, const guint8 *to, int w, int h, int tolerance)
{
  guint64 hit = 0, n = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean found = FALSE;
        if (!from[(gsize) y * w + x])
          continue;
        n++;
        for (int dy = -tolerance; dy <= tolerance && !found; dy++)
          for (int dx = -tolerance; dx <= tolerance && !found; dx++)
            {
              int xx = x + dx, yy = y + dy;
              found = dx * dx + dy * dy <= tolerance * tolerance && xx >= 0 && yy >= 0 && xx < w
                      && yy < h && to[(gsize) yy * w + xx];
            }
        hit += found;
      }
  return n ? (double) hit / n : 1.0;
}

/* The boundary F-measure: how well @mask's edges match @truth's, each edge
 * pixel counting as matched within @tolerance pixels.  Pixels @ignore marks
 * (if not NULL) are unlabelled: the reference outline runs through the
 * middle of them. */
double
cutout_eval_boundary_f (const CutoutImage *mask,
                        const CutoutImage *truth,
                        const CutoutImage *ignore,
                        int tolerance)
{
  int w = mask->width, h = mask->height;
  g_autoptr (CutoutImage) labelled = ignore ? split_void (truth, ignore) : NULL;
  g_autofree guint8 *bm = boundary (mask), *bt = boundary (labelled ? labelled : truth);
  double precision = matched (bm, bt, w, h, tolerance);
  double recall = matched (bt, bm, w, h, tolerance);

  if (precision + recall == 0)
    return 0;
  return 2 * precision * recall / (precision + recall);
}

/* The model's @width × @height output plane area-averaged to @to_width ×
 * @to_height (through 8 bits, as masks are kept).  A mask a quarter of the
 * photo's size is what the model gives a photo four times larger than its
 * input: a simulated high-resolution photo that, unlike an enlarged one,
 * keeps its real detail. */
float *
cutout_eval_shrink_plane (const float *plane, int width, int height, int to_width, int to_height)
{
  g_autoptr (CutoutImage) small = cutout_image_new (MAX (1, to_width), MAX (1, to_height), 1);
  float *out = g_new (float, (gsize) small->width * small->height);

  cutout_resample_plane_to_mask (plane, width, height, small);
  for (gsize i = 0; i < (gsize) small->width * small->height; i++)
    out[i] = small->pixels[i] / 255.0f;
  return out;
}

/* @image placed at (@x, @y) on a new @width × @height canvas of @fill (one
 * pixel of @image's channels). */
CutoutImage *
cutout_eval_place (
    const CutoutImage *image, int width, int height, int x, int y, const guint8 *fill)
{
  int nc = image->n_channels;
  CutoutImage *out = cutout_image_new (width, height, nc);

  g_return_val_if_fail (
      x >= 0 && y >= 0 && x + image->width <= width && y + image->height <= height, out);
  for (int row = 0; row < height; row++)
    for (int col = 0; col < width; col++)
      memcpy (cutout_image_row (out, row) + (gsize) col * nc, fill, nc);
  for (int row = 0; row < image->height; row++)
    memcpy (cutout_image_row (out, y + row) + (gsize) x * nc, cutout_image_row (image, row),
            (gsize) image->width * nc);
  return out;
}

/* The mean colour of @image's top and bottom rows (@image is RGBA): a plain
 * backdrop that looks like its own, to set a photo on a larger canvas. */
void
cutout_eval_border_colour (const CutoutImage *image, guint8 fill[4])
{
  double sum[3] = { 0 };

  for (int x = 0; x < image->width; x++)
    for (int c = 0; c < 3; c++)
      sum[c] += cutout_image_row (image, 0)[x * 4 + c]
                + cutout_image_row (image, image->height - 1)[x * 4 + c];
  for (int c = 0; c < 3; c++)
    fill[c] = (guint8) (sum[c] / (2.0 * image->width));
  fill[3] = 255;
}
