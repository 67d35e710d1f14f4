/* cutout-preview.h: the selected image, shown as the user asks
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-canvas.h"
#include "cutout-id-bar.h"
#include "cutout-job.h"
#include "cutout-product-bar.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_PREVIEW (cutout_preview_get_type ())

G_DECLARE_FINAL_TYPE (CutoutPreview, cutout_preview, CUTOUT, PREVIEW, GtkWidget)

void cutout_preview_set_job (CutoutPreview *self, CutoutJob *job);
CutoutJob *cutout_preview_get_job (CutoutPreview *self);
void cutout_preview_refresh (CutoutPreview *self);
void cutout_preview_set_queue (CutoutPreview *self, CutoutQueue *queue);
void cutout_preview_forget (CutoutPreview *self);
void cutout_preview_set_id_mode (CutoutPreview *self, gboolean id_mode);
gboolean cutout_preview_get_id_mode (CutoutPreview *self);
void cutout_preview_set_product_mode (CutoutPreview *self, gboolean product_mode);
gboolean cutout_preview_get_product_mode (CutoutPreview *self);
void cutout_preview_cycle_backdrop (CutoutPreview *self);
void cutout_preview_show_region (CutoutPreview *self, CutoutJob *job, const CutoutBox *region);
CutoutCanvas *cutout_preview_get_canvas (CutoutPreview *self);
CutoutIdBar *cutout_preview_get_id_bar (CutoutPreview *self);
CutoutProductBar *cutout_preview_get_product_bar (CutoutPreview *self);
GtkStack *cutout_preview_get_stack (CutoutPreview *self);
GdkTexture *cutout_preview_get_result_texture (CutoutPreview *self);
GdkTexture *cutout_preview_get_shown_result (CutoutPreview *self, gboolean *final);
gboolean cutout_preview_is_busy (CutoutPreview *self);
guint cutout_preview_get_n_kept (CutoutPreview *self);

G_END_DECLS
