/* cutout-image.h
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Largest image Cutout decodes: 100 megapixels (400 MB as RGBA). Anything that
 * declares more is refused before its pixels are allocated. */
#define CUTOUT_MAX_PIXELS ((guint64) 100 * 1000 * 1000)

/* 8-bit pixels, rows packed with no padding: 4 channels (RGBA, straight alpha)
 * for photos and cutouts, 1 channel for masks. */
typedef struct
{
  int width;
  int height;
  int n_channels;
  guint8 *pixels;
} CutoutImage;

#define CUTOUT_TYPE_IMAGE (cutout_image_get_type ())

GType cutout_image_get_type (void) G_GNUC_CONST;
CutoutImage *cutout_image_new (int width, int height, int n_channels);
CutoutImage *cutout_image_copy (const CutoutImage *image);
gboolean cutout_image_check_size (gint64 width, gint64 height, GError **error);
CutoutImage *cutout_image_try_new (int width, int height, int n_channels, GError **error);
void cutout_image_free (CutoutImage *image);
gsize cutout_image_stride (const CutoutImage *image);
guint8 *cutout_image_row (const CutoutImage *image, int y);
CutoutImage *cutout_image_crop (const CutoutImage *image, int x, int y, int width, int height);
CutoutImage *cutout_image_orient (CutoutImage *image, int orientation);

/* Work on rows [start, end) of something @n_rows high. */
typedef void (*CutoutRowsFunc) (gpointer data, int start, int end);
void cutout_parallel_rows (int n_rows, CutoutRowsFunc func, gpointer data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutImage, cutout_image_free)

G_END_DECLS
