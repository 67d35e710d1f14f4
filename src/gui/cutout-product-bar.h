/* cutout-product-bar.h: the product photo tools over the preview
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-job.h"
#include "cutout-product.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_PRODUCT_BAR (cutout_product_bar_get_type ())

G_DECLARE_FINAL_TYPE (CutoutProductBar, cutout_product_bar, CUTOUT, PRODUCT_BAR, GtkWidget)

void cutout_product_bar_set_queue (CutoutProductBar *self, CutoutQueue *queue);
void cutout_product_bar_set_job (CutoutProductBar *self, CutoutJob *job);
CutoutJob *cutout_product_bar_get_job (CutoutProductBar *self);
void cutout_product_bar_get_preset (CutoutProductBar *self, CutoutProductPreset *preset);
GdkTexture *cutout_product_bar_get_preview (CutoutProductBar *self);
const char *cutout_product_bar_get_note (CutoutProductBar *self);
void cutout_product_bar_save_to (CutoutProductBar *self, const char *path);
void cutout_product_bar_save_all_to (CutoutProductBar *self, const char *destination, gboolean zip);
GtkFileChooser *cutout_product_bar_get_chooser (CutoutProductBar *self);

G_END_DECLS
