/* cutout-window-private.h: what the widget tests reach into
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-canvas.h"
#include "cutout-queue.h"
#include "cutout-window.h"

G_BEGIN_DECLS

void cutout_window_add_files (CutoutWindow *self, GFile *const *files, guint n_files);
CutoutQueue *cutout_window_get_queue (CutoutWindow *self);
GtkDropTarget *cutout_window_get_drop_target (CutoutWindow *self);
const char *cutout_window_get_last_toast (CutoutWindow *self);
GtkWidget *cutout_window_get_list_view (CutoutWindow *self);
CutoutCanvas *cutout_window_get_preview (CutoutWindow *self);

G_END_DECLS
