/* fuzz-decode.c: libFuzzer target for image decoding (JPEG, PNG, WebP, and
 * through gdk-pixbuf BMP and TIFF), from bytes in memory
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-decode.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  CutoutImage *image = cutout_decode_data (data, size, &error);

  /* Either an image of a size it promised, or an error saying why. */
  g_assert ((image == NULL) != (error == NULL));
  if (image != NULL)
    g_assert (image->width > 0 && image->height > 0
              && (guint64) image->width * image->height <= CUTOUT_MAX_PIXELS);
  else
    g_assert (error->message != NULL && error->message[0] != '\0');
  g_clear_pointer (&image, cutout_image_free);
  g_clear_error (&error);
  return 0;
}
