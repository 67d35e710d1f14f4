/* cutout-serve-shape.h: a cut-out shaped as remove.bg's options ask
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-export.h"

G_BEGIN_DECLS

typedef struct
{
  double value;
  gboolean relative; /* a percentage of the subject's size, else pixels */
} CutoutServeMargin;

typedef struct
{
  gboolean crop;                /* to the subject's bounds */
  CutoutServeMargin margins[4]; /* around it: top, right, bottom, left */
  gint64 max_pixels;            /* shrunk to at most this many, or 0 */
  gboolean zip;                 /* color.jpg and alpha.png, else @format */
  CutoutFormat format;          /* PNG, WebP, JPEG or the mask */
  guint8 background[3];         /* under a JPEG */
} CutoutServeShape;

/* What was made: its size, and where the subject is in it. */
typedef struct
{
  int width, height;
  int subject_x, subject_y, subject_width, subject_height;
} CutoutServeShaped;

gboolean cutout_serve_parse_size (const char *text, gint64 *max_pixels);
gboolean cutout_serve_parse_margins (const char *text, CutoutServeMargin margins[4]);
void cutout_serve_shape_async (GBytes *png,
                               const CutoutServeShape *shape,
                               const char *workdir,
                               GAsyncReadyCallback callback,
                               gpointer data);
GBytes *cutout_serve_shape_finish (GAsyncResult *result, CutoutServeShaped *shaped, GError **error);

G_END_DECLS
