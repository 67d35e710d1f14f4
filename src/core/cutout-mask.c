/* cutout-mask.c: masks kept compressed
 *
 * A finished job keeps its mask, and an export or a copy takes it to
 * another thread: compressed, a 12 MP mask takes ~100 KB instead of 12 MB.
 * Its own file, so that what writes masks (cutout-export.c) needs nothing
 * of the job that made them.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <zlib.h>

#include "cutout-mask.h"

/* Masks are mostly long runs of 0 and 255: zlib's fastest level shrinks
 * them about a hundredfold, in a few milliseconds per megapixel. */
GBytes *
cutout_mask_compress (const CutoutImage *mask)
{
  uLong n = (uLong) mask->width * mask->height;
  uLongf size = compressBound (n);
  guint8 *data = g_malloc (size);

  if (compress2 (data, &size, mask->pixels, n, 1) != Z_OK)
    g_error ("zlib cannot compress a mask of %lu bytes", n);
  return g_bytes_new_take (g_realloc (data, size), size);
}

/* The mask that cutout_mask_compress() (or cutout_job_ref_mask_data())
 * gave, @width × @height, or NULL if the data is not such a mask. Any
 * thread may call this. */
CutoutImage *
cutout_mask_decompress (GBytes *data, int width, int height)
{
  g_autoptr (CutoutImage) mask = NULL;
  uLongf size = (uLongf) width * height;

  g_return_val_if_fail (data != NULL, NULL);

  mask = cutout_image_new (width, height, 1);
  if (uncompress (mask->pixels, &size, g_bytes_get_data (data, NULL), g_bytes_get_size (data))
          != Z_OK
      || size != (uLongf) width * height)
    return NULL;
  return g_steal_pointer (&mask);
}
