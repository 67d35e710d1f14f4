/* cutout-id-photo.h: ID photos at standard print sizes
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-box.h"
#include "cutout-export.h"
#include "cutout-image.h"

G_BEGIN_DECLS

/* Photos are printed at this resolution. */
#define CUTOUT_ID_DPI 300

gboolean
cutout_id_size_parse (const char *text, double *width_mm, double *height_mm, GError **error);
void cutout_id_pixel_size (double width_mm, double height_mm, int *width, int *height);
CutoutBox cutout_id_place_frame (const CutoutImage *mask, double aspect);
CutoutImage *cutout_id_render (const CutoutImage *image,
                               const CutoutImage *mask,
                               const CutoutBox *frame,
                               int width,
                               int height,
                               const guint8 background[3],
                               gboolean clean_colours);

CutoutImage *cutout_id_print_sheet (const CutoutImage *photo, int *copies);
char *cutout_id_sheet_path (const char *path);
double cutout_id_upscale (const CutoutBox *frame, double width_mm, double height_mm);
char *cutout_upscale_note (double upscale, int width, int height);
gboolean cutout_id_export (const CutoutImage *image,
                           const CutoutImage *mask,
                           const CutoutBox *frame,
                           double width_mm,
                           double height_mm,
                           const char *sheet_path,
                           const CutoutExportOptions *options,
                           const CutoutMetadata *metadata,
                           const char *source,
                           const char *path,
                           GCancellable *cancellable,
                           GError **error);

G_END_DECLS
