/* cutout-model-row.h: a model in Preferences → Models
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-model-item.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_MODEL_ROW (cutout_model_row_get_type ())

G_DECLARE_FINAL_TYPE (CutoutModelRow, cutout_model_row, CUTOUT, MODEL_ROW, AdwActionRow)

CutoutModelRow *cutout_model_row_new (CutoutModelItem *item, GSettings *settings);
CutoutModelItem *cutout_model_row_get_item (CutoutModelRow *self);
GtkCheckButton *cutout_model_row_get_check (CutoutModelRow *self);

G_END_DECLS
