/* cutout-model-item.h: one model of the catalogue, as Preferences shows it
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-catalogue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_MODEL_ITEM (cutout_model_item_get_type ())

G_DECLARE_FINAL_TYPE (CutoutModelItem, cutout_model_item, CUTOUT, MODEL_ITEM, GObject)

CutoutModelItem *cutout_model_item_new (const CutoutModelInfo *info);
const CutoutModelInfo *cutout_model_item_get_info (CutoutModelItem *self);
gboolean cutout_model_item_get_installed (CutoutModelItem *self);
gboolean cutout_model_item_get_downloading (CutoutModelItem *self);
double cutout_model_item_get_fraction (CutoutModelItem *self);
const char *cutout_model_item_get_status (CutoutModelItem *self);
void cutout_model_item_download (CutoutModelItem *self, const char *mirror);
void cutout_model_item_cancel (CutoutModelItem *self);
gboolean cutout_model_item_remove (CutoutModelItem *self, GError **error);
void cutout_model_item_refresh (CutoutModelItem *self);

GListStore *cutout_model_items_new (CutoutCatalogue *catalogue);

G_END_DECLS
