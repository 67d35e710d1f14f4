/* cutout-id-bar.h: the ID photo tools over the preview
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-canvas.h"
#include "cutout-job.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_ID_BAR (cutout_id_bar_get_type ())

G_DECLARE_FINAL_TYPE (CutoutIdBar, cutout_id_bar, CUTOUT, ID_BAR, GtkWidget)

void cutout_id_bar_set_canvas (CutoutIdBar *self, CutoutCanvas *canvas);
void cutout_id_bar_set_job (CutoutIdBar *self, CutoutJob *job);
CutoutJob *cutout_id_bar_get_job (CutoutIdBar *self);
const char *cutout_id_bar_get_note (CutoutIdBar *self);
void cutout_id_bar_get_size (CutoutIdBar *self, double *width_mm, double *height_mm);
void cutout_id_bar_get_background (CutoutIdBar *self, guint8 rgb[3]);
void cutout_id_bar_place_frame (CutoutIdBar *self);
void cutout_id_bar_save_to (CutoutIdBar *self, const char *path, const char *sheet_path);
GtkFileChooser *cutout_id_bar_get_chooser (CutoutIdBar *self);
void cutout_id_bar_set_inputs (CutoutIdBar *self, GListModel *inputs);

G_END_DECLS
