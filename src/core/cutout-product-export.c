/* cutout-product-export.c: product photos written, one or a batch
 *
 * The frame cutout_product_render() made, written with the export's
 * writers (cutout-export.c) in the preset's format, within a size cap if
 * the shop has one; and the finished cut-outs of a batch
 * (CutoutExportItem) made into product photos and written there.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cutout-id-photo.h"
#include "cutout-mask.h"
#include "cutout-product.h"

#define QUALITY_STEP 5

/* Writing --------------------------------------------------------------------------- */

static gboolean
write_at (const CutoutImage *rendered,
          const CutoutProductPreset *preset,
          int quality,
          const CutoutMetadata *metadata,
          const char *source,
          const char *path,
          GCancellable *cancellable,
          GError **error)
{
  g_autoptr (CutoutImage) opaque = cutout_image_new (rendered->width, rendered->height, 1);
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  options.format = preset->format;
  options.quality = quality;
  options.lossy = preset->format == CUTOUT_FORMAT_WEBP && preset->lossy;
  memcpy (options.background, preset->backdrop, 3);
  /* The image carries its own alpha: the export's mask lets all of it be. */
  memset (opaque->pixels, 255, (gsize) rendered->width * rendered->height);
  return cutout_export_file (rendered, opaque, &options, metadata, source, path, cancellable,
                             error);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gsize) st.st_size : G_MAXSIZE;
}

/* Within @preset's max_bytes: written beside @path at lower and lower
 * qualities until it fits, then renamed into place, so that the file at
 * @path is only ever replaced by one that fits. */
static gboolean
write_capped (const CutoutImage *rendered,
              const CutoutProductPreset *preset,
              const CutoutMetadata *metadata,
              const char *source,
              const char *path,
              int *quality_used,
              GCancellable *cancellable,
              GError **error)
{
  g_autofree char *tmp = NULL;
  gsize size = 0;
  int fd;

  if (cutout_refuse_input (source, path, FALSE, error))
    return FALSE;
  tmp = cutout_export_temporary (path, &fd, error);
  if (tmp == NULL)
    return FALSE;
  /* Each try replaces it in turn: only its name is needed. */
  close (fd);
  for (int q = CLAMP (preset->quality, 1, 100);;
       q = MAX (CUTOUT_PRODUCT_MIN_QUALITY, q - QUALITY_STEP))
    {
      if (!write_at (rendered, preset, q, metadata, NULL, tmp, cancellable, error))
        break;
      size = file_size (tmp);
      if (size <= preset->max_bytes)
        {
          if (g_rename (tmp, path) != 0)
            {
              int saved = errno;
              g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                           _ ("Cannot write %s: %s"), path, g_strerror (saved));
              break;
            }
          if (quality_used != NULL)
            *quality_used = q;
          return TRUE;
        }
      if (q <= CUTOUT_PRODUCT_MIN_QUALITY)
        {
          /* The numbers as text: a format macro would cut the message short
           * for xgettext. */
          g_autofree char *cap = g_strdup_printf ("%" G_GSIZE_FORMAT, preset->max_bytes);
          g_autofree char *took = g_strdup_printf ("%" G_GSIZE_FORMAT, size);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _ ("Cannot write %s within %s bytes: even at JPEG quality %d it takes %s "
                          "bytes"),
                       path, cap, q, took);
          break;
        }
    }
  g_unlink (tmp);
  return FALSE;
}

/* Writes @rendered (cutout_product_render()) at @path as @preset's format
 * and quality, with @metadata's colour profile (or NULL), never over
 * @source (the photo).  With a max_bytes (JPEG only), the quality is
 * lowered step by step until the file fits, and *@quality_used (if not
 * NULL) says which it took; if even CUTOUT_PRODUCT_MIN_QUALITY does not fit,
 * nothing is written and @error says so. */
gboolean
cutout_product_export (const CutoutImage *rendered,
                       const CutoutProductPreset *preset,
                       const CutoutMetadata *metadata,
                       const char *source,
                       const char *path,
                       int *quality_used,
                       GCancellable *cancellable,
                       GError **error)
{
  g_return_val_if_fail (rendered != NULL && rendered->n_channels == 4, FALSE);

  if (preset->transparent && preset->format == CUTOUT_FORMAT_JPEG)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("a JPEG cannot be transparent: choose PNG or WebP"));
      return FALSE;
    }
  if (preset->max_bytes > 0 && preset->format != CUTOUT_FORMAT_JPEG)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _ ("a size cap can only be kept by a JPEG"));
      return FALSE;
    }
  if (preset->max_bytes > 0)
    return write_capped (rendered, preset, metadata, source, path, quality_used, cancellable,
                         error);
  if (quality_used != NULL)
    *quality_used = preset->quality;
  return write_at (rendered, preset, preset->quality, metadata, source, path, cancellable, error);
}

/* Writes @item's cut-out as a product photo of @preset at @path: its photo
 * as the queue kept it (or decoded again if the file changed), framed and
 * composed as cutout_product_render() does, with its colours cleaned if
 * @clean_colours. *@upscale (if not NULL) says how much the subject was
 * enlarged. */
gboolean
cutout_product_export_item (const CutoutExportItem *item,
                            const CutoutProductPreset *preset,
                            gboolean clean_colours,
                            const char *path,
                            double *upscale,
                            GCancellable *cancellable,
                            GError **error)
{
  g_autoptr (CutoutImage) mask = cutout_mask_decompress (item->mask, item->width, item->height);
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autoptr (CutoutImage) framed = NULL;

  if (mask == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("the cut-out of %s is damaged; cut it out again"), item->source);
      return FALSE;
    }
  photo = cutout_photo_load_for (item->photo, item->source, mask->width, mask->height, error);
  if (photo == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  framed = cutout_product_render (cutout_photo_get_image (photo), mask, preset, clean_colours,
                                  upscale, NULL, error);
  return framed != NULL
         && cutout_product_export (framed, preset, cutout_photo_get_metadata (photo), item->source,
                                   path, NULL, cancellable, error);
}
