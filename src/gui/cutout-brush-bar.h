/* cutout-brush-bar.h: the touch-up brush's bar
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-canvas.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_BRUSH_BAR (cutout_brush_bar_get_type ())

G_DECLARE_FINAL_TYPE (CutoutBrushBar, cutout_brush_bar, CUTOUT, BRUSH_BAR, GtkBox)

void cutout_brush_bar_bind (CutoutBrushBar *self, CutoutCanvas *canvas, GSettings *settings);

G_END_DECLS
