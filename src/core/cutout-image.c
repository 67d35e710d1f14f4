/* cutout-image.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-object.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-image.h"

G_DEFINE_BOXED_TYPE (CutoutImage, cutout_image, cutout_image_copy, cutout_image_free)

/* Aborts on allocation failure, like g_malloc: for sizes already checked. */
CutoutImage *
cutout_image_new (int width, int height, int n_channels)
{
  CutoutImage *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (n_channels == 1 || n_channels == 4, NULL);

  image = g_new0 (CutoutImage, 1);
  image->width = width;
  image->height = height;
  image->n_channels = n_channels;
  image->pixels = g_malloc_n ((gsize) width * height, n_channels);
  return image;
}

/* Whether a file may declare this size: positive, and at most
 * CUTOUT_MAX_PIXELS. */
gboolean
cutout_image_check_size (gint64 width, gint64 height, GError **error)
{
  guint64 n_pixels = (guint64) width * (guint64) height;

  if (width <= 0 || height <= 0 || width > G_MAXINT || height > G_MAXINT)
    {
      g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT,
                   _ ("the image declares an invalid size (%lld × %lld)"), (long long) width,
                   (long long) height);
      return FALSE;
    }
  if (n_pixels > CUTOUT_MAX_PIXELS)
    {
      char shown[G_ASCII_DTOSTR_BUF_SIZE], limit[G_ASCII_DTOSTR_BUF_SIZE];

      /* Just over the limit, the megapixels rounded would read as the limit
       * itself ("100 megapixels; the limit is 100"): then the exact counts. */
      g_snprintf (shown, sizeof shown, "%.1f", n_pixels / 1e6);
      g_snprintf (limit, sizeof limit, "%.1f", CUTOUT_MAX_PIXELS / 1e6);
      if (strcmp (shown, limit) != 0)
        g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE,
                     _ ("the image is too large (%lld × %lld, %.1f megapixels; the limit is %.0f)"),
                     (long long) width, (long long) height, n_pixels / 1e6,
                     CUTOUT_MAX_PIXELS / 1e6);
      else
        g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE,
                     /* Translators: the ' flag groups digits as the locale does (100,010,000) */
                     _ ("the image is too large (%lld × %lld = %'lld pixels; the limit is %'lld)"),
                     (long long) width, (long long) height, (long long) n_pixels,
                     (long long) CUTOUT_MAX_PIXELS);
      return FALSE;
    }
  return TRUE;
}

/* For sizes that come from a file: checks the documented limit, and reports
 * running out of memory instead of aborting. */
CutoutImage *
cutout_image_try_new (int width, int height, int n_channels, GError **error)
{
  CutoutImage *image;
  guint64 n_pixels = (guint64) width * (guint64) height;

  if (!cutout_image_check_size (width, height, error))
    return NULL;

  image = g_new0 (CutoutImage, 1);
  image->width = width;
  image->height = height;
  image->n_channels = n_channels;
  image->pixels = g_try_malloc_n (n_pixels, n_channels);
  if (image->pixels == NULL)
    {
      g_free (image);
      g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE,
                   _ ("not enough memory for a %d × %d image"), width, height);
      return NULL;
    }
  return image;
}

CutoutImage *
cutout_image_copy (const CutoutImage *image)
{
  CutoutImage *copy = cutout_image_new (image->width, image->height, image->n_channels);

  memcpy (copy->pixels, image->pixels, cutout_image_stride (image) * image->height);
  return copy;
}

/* A copy of the @width × @height part of @image at (@x, @y), which must lie
 * within it. */
CutoutImage *
cutout_image_crop (const CutoutImage *image, int x, int y, int width, int height)
{
  CutoutImage *crop;
  gsize bytes = (gsize) width * image->n_channels;

  g_return_val_if_fail (x >= 0 && y >= 0 && width > 0 && height > 0, NULL);
  g_return_val_if_fail (x + width <= image->width && y + height <= image->height, NULL);

  crop = cutout_image_new (width, height, image->n_channels);
  for (int row = 0; row < height; row++)
    memcpy (cutout_image_row (crop, row),
            cutout_image_row (image, y + row) + (gsize) x * image->n_channels, bytes);
  return crop;
}

void
cutout_image_free (CutoutImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

gsize
cutout_image_stride (const CutoutImage *image)
{
  return (gsize) image->width * image->n_channels;
}

guint8 *
cutout_image_row (const CutoutImage *image, int y)
{
  return image->pixels + (gsize) y * cutout_image_stride (image);
}

/* Where display pixel (x, y) comes from in the stored image, for EXIF
 * orientation 1–8 (TIFF 6.0 tag 274). sw, sh: stored size. */
static inline void
stored_coords (int orientation, int x, int y, int sw, int sh, int *sx, int *sy)
{
  switch (orientation)
    {
      case 2:
        *sx = sw - 1 - x;
        *sy = y;
        break;
      case 3:
        *sx = sw - 1 - x;
        *sy = sh - 1 - y;
        break;
      case 4:
        *sx = x;
        *sy = sh - 1 - y;
        break;
      case 5:
        *sx = y;
        *sy = x;
        break;
      case 6:
        *sx = y;
        *sy = sh - 1 - x;
        break;
      case 7:
        *sx = sw - 1 - y;
        *sy = sh - 1 - x;
        break;
      case 8:
        *sx = sw - 1 - y;
        *sy = x;
        break;
      default:
        *sx = x;
        *sy = y;
        break;
    }
}

/* Returns the image turned upright for EXIF @orientation, taking ownership of
 * @image (it is returned as is for 1 or an unknown value). */
CutoutImage *
cutout_image_orient (CutoutImage *image, int orientation)
{
  CutoutImage *out;
  gboolean swap = orientation >= 5 && orientation <= 8;
  int sw = image->width, sh = image->height;
  int nc = image->n_channels;

  if (orientation < 2 || orientation > 8)
    return image;

  out = cutout_image_new (swap ? sh : sw, swap ? sw : sh, nc);
  for (int y = 0; y < out->height; y++)
    {
      guint8 *dst = cutout_image_row (out, y);
      for (int x = 0; x < out->width; x++)
        {
          int sx, sy;
          stored_coords (orientation, x, y, sw, sh, &sx, &sy);
          memcpy (dst + (gsize) x * nc, image->pixels + ((gsize) sy * sw + sx) * nc, nc);
        }
    }
  cutout_image_free (image);
  return out;
}

/* At most this many threads share one loop over rows. */
#define MAX_SHARES 4

typedef struct
{
  CutoutRowsFunc func;
  gpointer data;
  int start, end;
} RowsShare;

static gpointer
run_share (gpointer data)
{
  RowsShare *share = data;

  share->func (share->data, share->start, share->end);
  return NULL;
}

/* Calls @func on consecutive shares of @n_rows rows (or other independent
 * pieces of work), one thread per core up to four, and returns when all are
 * done.  Starting a thread costs tens of microseconds: for loops over whole
 * photos, not small ones. */
void
cutout_parallel_rows (int n_rows, CutoutRowsFunc func, gpointer data)
{
  int n = CLAMP (MIN ((int) g_get_num_processors (), n_rows), 1, MAX_SHARES);
  RowsShare shares[MAX_SHARES];
  GThread *threads[MAX_SHARES] = { NULL };

  for (int i = 0; i < n; i++)
    {
      shares[i] = (RowsShare){ func, data, (int) ((gint64) n_rows * i / n),
                               (int) ((gint64) n_rows * (i + 1) / n) };
      if (i > 0)
        threads[i] = g_thread_try_new ("cutout-rows", run_share, &shares[i], NULL);
    }
  run_share (&shares[0]);
  for (int i = 1; i < n; i++)
    if (threads[i] != NULL)
      g_thread_join (threads[i]);
    else
      run_share (&shares[i]); /* no thread to be had: done here instead */
}
