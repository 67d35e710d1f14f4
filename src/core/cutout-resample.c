/* cutout-resample.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-resample.h"

static void
set_area_taps (CutoutFilter *f, int i, double scale)
{
  double lo = i * scale, hi = MIN ((i + 1) * scale, (double) f->in_size);
  int first = MIN ((int) floor (lo), f->in_size - f->n_taps);
  float *w = f->weights + (gsize) i * f->n_taps;

  f->first[i] = first;
  for (int t = 0; t < f->n_taps; t++)
    {
      double j = first + t;
      double overlap = MIN (hi, j + 1) - MAX (lo, j);
      w[t] = overlap > 0 ? overlap / (hi - lo) : 0;
    }
}

static void
set_linear_taps (CutoutFilter *f, int i, double scale)
{
  double centre = (i + 0.5) * scale - 0.5;
  int j = (int) floor (centre);
  float frac = centre - j;
  float *w = f->weights + (gsize) i * f->n_taps;

  if (f->n_taps == 1)
    {
      f->first[i] = 0;
      w[0] = 1;
      return;
    }
  /* Outside the outer pixel centres the edge pixel is repeated. */
  if (j < 0)
    j = 0, frac = 0;
  else if (j > f->in_size - 2)
    j = f->in_size - 2, frac = 1;
  f->first[i] = j;
  w[0] = 1 - frac;
  w[1] = frac;
}

CutoutFilter *
cutout_filter_new (int in_size, int out_size)
{
  CutoutFilter *f;
  double scale = (double) in_size / out_size;
  gboolean shrink = in_size > out_size;

  g_return_val_if_fail (in_size > 0 && out_size > 0, NULL);

  f = g_new0 (CutoutFilter, 1);
  f->in_size = in_size;
  f->out_size = out_size;
  f->n_taps = shrink ? MIN ((int) ceil (scale) + 1, in_size) : MIN (2, in_size);
  f->first = g_new (int, out_size);
  f->weights = g_new (float, (gsize) out_size * f->n_taps);
  for (int i = 0; i < out_size; i++)
    {
      if (shrink)
        set_area_taps (f, i, scale);
      else
        set_linear_taps (f, i, scale);
    }
  return f;
}

void
cutout_filter_free (CutoutFilter *filter)
{
  if (filter == NULL)
    return;
  g_free (filter->first);
  g_free (filter->weights);
  g_free (filter);
}

/* One image row (RGBA8) → out->out_size RGB floats, interleaved. */
static void
filter_row_rgb (const CutoutFilter *fx, const guint8 *row, float *out)
{
  static float to_float[256];
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      for (int v = 0; v < 256; v++)
        to_float[v] = v;
      g_once_init_leave (&init, 1);
    }
  for (int x = 0; x < fx->out_size; x++)
    {
      const guint8 *p = row + (gsize) fx->first[x] * 4;
      const float *w = fx->weights + (gsize) x * fx->n_taps;
      float r = 0, g = 0, b = 0;
      for (int t = 0; t < fx->n_taps; t++, p += 4)
        {
          r += w[t] * to_float[p[0]];
          g += w[t] * to_float[p[1]];
          b += w[t] * to_float[p[2]];
        }
      out[x * 3 + 0] = r;
      out[x * 3 + 1] = g;
      out[x * 3 + 2] = b;
    }
}

/* Resizes @image's RGB to out_width × out_height and writes it as three planes
 * (R, G, B) of (v - mean) / std: the input tensor of a segmentation model.
 * Rows are filtered horizontally first, into a buffer of source-height rows. */
void
cutout_resample_to_planar (const CutoutImage *image,
                           int out_width,
                           int out_height,
                           const double mean[3],
                           const double std[3],
                           float *planes)
{
  g_autoptr (CutoutFilter) fx = cutout_filter_new (image->width, out_width);
  g_autoptr (CutoutFilter) fy = cutout_filter_new (image->height, out_height);
  gsize row_len = (gsize) out_width * 3;
  gsize plane_len = (gsize) out_width * out_height;
  g_autofree float *rows = g_new (float, row_len * image->height);
  g_autofree float *acc = g_new (float, row_len);
  float scale[3], offset[3];

  g_return_if_fail (image->n_channels == 4);

  for (int c = 0; c < 3; c++)
    {
      scale[c] = 1.0 / std[c];
      offset[c] = -mean[c] / std[c];
    }
  for (int y = 0; y < image->height; y++)
    filter_row_rgb (fx, cutout_image_row (image, y), rows + row_len * y);

  for (int y = 0; y < out_height; y++)
    {
      const float *w = fy->weights + (gsize) y * fy->n_taps;
      const float *src = rows + row_len * fy->first[y];
      memset (acc, 0, row_len * sizeof (float));
      for (int t = 0; t < fy->n_taps; t++, src += row_len)
        for (gsize i = 0; i < row_len; i++)
          acc[i] += w[t] * src[i];
      for (int x = 0; x < out_width; x++)
        for (int c = 0; c < 3; c++)
          planes[plane_len * c + (gsize) y * out_width + x] = acc[x * 3 + c] * scale[c] + offset[c];
    }
}

/* Row @y of @plane (@fx->in_size × @fy->in_size) resized by @fx and @fy,
 * into @out (@fx->out_size values), with @acc a row of the source's width
 * to work in. Rows are filtered vertically first, so each output row costs
 * one pass over a source row and one over the output. */
static void
resample_plane_row (const float *plane,
                    const CutoutFilter *fx,
                    const CutoutFilter *fy,
                    int y,
                    float *acc,
                    float *out)
{
  int width = fx->in_size;
  const float *wy = fy->weights + (gsize) y * fy->n_taps;
  const float *src = plane + (gsize) width * fy->first[y];

  memset (acc, 0, width * sizeof (float));
  for (int t = 0; t < fy->n_taps; t++, src += width)
    for (int x = 0; x < width; x++)
      acc[x] += wy[t] * src[x];
  for (int x = 0; x < fx->out_size; x++)
    {
      const float *wx = fx->weights + (gsize) x * fx->n_taps;
      const float *a = acc + fx->first[x];
      float v = 0;
      for (int t = 0; t < fx->n_taps; t++)
        v += wx[t] * a[t];
      out[x] = v;
    }
}

/* Resizes a plane of alpha values in 0..1 to @mask's size (1 channel, 0..255). */
void
cutout_resample_plane_to_mask (const float *plane, int width, int height, CutoutImage *mask)
{
  g_autoptr (CutoutFilter) fx = cutout_filter_new (width, mask->width);
  g_autoptr (CutoutFilter) fy = cutout_filter_new (height, mask->height);
  g_autofree float *acc = g_new (float, width);
  g_autofree float *row = g_new (float, mask->width);

  g_return_if_fail (mask->n_channels == 1);

  for (int y = 0; y < mask->height; y++)
    {
      guint8 *out = cutout_image_row (mask, y);
      resample_plane_row (plane, fx, fy, y, acc, row);
      for (int x = 0; x < mask->width; x++)
        {
          float v = row[x] * 255.0f + 0.5f;
          out[x] = v <= 0 ? 0 : v >= 255 ? 255 : (guint8) v;
        }
    }
}

/* Resizes the @width × @height plane @in to @out, @out_width × @out_height,
 * values as they are. */
void
cutout_resample_plane (
    const float *in, int width, int height, float *out, int out_width, int out_height)
{
  g_autoptr (CutoutFilter) fx = cutout_filter_new (width, out_width);
  g_autoptr (CutoutFilter) fy = cutout_filter_new (height, out_height);
  g_autofree float *acc = g_new (float, width);

  for (int y = 0; y < out_height; y++)
    resample_plane_row (in, fx, fy, y, acc, out + (gsize) y * out_width);
}

typedef struct
{
  const CutoutImage *image;
  CutoutImage *out;
  const CutoutFilter *fx, *fy;
} Resize;

/* Source row @y filtered across into @dst (@fx's out_size × channels). */
static void
filter_across (const Resize *r, int y, float *dst)
{
  const CutoutFilter *fx = r->fx;
  const guint8 *src = cutout_image_row (r->image, y);
  int nc = r->image->n_channels;

  for (int x = 0; x < fx->out_size; x++)
    {
      const float *w = fx->weights + (gsize) x * fx->n_taps;
      const guint8 *s = src + (gsize) fx->first[x] * nc;
      for (int c = 0; c < nc; c++)
        {
          float v = 0;
          for (int t = 0; t < fx->n_taps; t++)
            v += w[t] * s[t * nc + c];
          dst[x * nc + c] = v;
        }
    }
}

/* Output rows [@start, @end).  The source rows they need, filtered across,
 * are kept in a ring of n_taps rows: each output row's taps start no
 * earlier than the one before's, so a row leaves the ring only once no
 * later output row needs it. */
static void
resize_rows (gpointer data, int start, int end)
{
  const Resize *r = data;
  const CutoutFilter *fy = r->fy;
  gsize row_len = (gsize) r->fx->out_size * r->image->n_channels;
  g_autofree float *ring = g_new (float, row_len * fy->n_taps);
  g_autofree const float **taps = g_new (const float *, fy->n_taps);
  int next = -1; /* the first source row not yet in the ring */

  for (int y = start; y < end; y++)
    {
      const float *w = fy->weights + (gsize) y * fy->n_taps;
      guint8 *dst = cutout_image_row (r->out, y);
      int first = fy->first[y];

      for (int row = MAX (next, first); row < first + fy->n_taps; row++)
        filter_across (r, row, ring + row_len * (row % fy->n_taps));
      next = first + fy->n_taps;
      for (int t = 0; t < fy->n_taps; t++)
        taps[t] = ring + row_len * ((first + t) % fy->n_taps);
      for (gsize i = 0; i < row_len; i++)
        {
          float v = 0.5f;
          for (int t = 0; t < fy->n_taps; t++)
            v += w[t] * taps[t][i];
          dst[i] = v >= 255 ? 255 : (guint8) v;
        }
    }
}

/* @image (any number of channels) resized to width × height, 8 bits per
 * channel; output rows are shared between threads. */
CutoutImage *
cutout_resample_image (const CutoutImage *image, int width, int height)
{
  g_autoptr (CutoutFilter) fx = cutout_filter_new (image->width, width);
  g_autoptr (CutoutFilter) fy = cutout_filter_new (image->height, height);
  CutoutImage *out = cutout_image_new (width, height, image->n_channels);
  Resize resize = { image, out, fx, fy };

  cutout_parallel_rows (height, resize_rows, &resize);
  return out;
}

/* @image shrunk, keeping its aspect ratio, so that neither side exceeds
 * @max_size (a copy if it already fits). */
CutoutImage *
cutout_resample_to_fit (const CutoutImage *image, int max_size)
{
  double scale = (double) max_size / MAX (image->width, image->height);

  if (scale >= 1)
    return cutout_image_copy (image);
  return cutout_resample_image (image, MAX (1, (int) (image->width * scale + 0.5)),
                                MAX (1, (int) (image->height * scale + 0.5)));
}
