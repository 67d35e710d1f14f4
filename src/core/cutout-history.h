/* cutout-history.h: undo and redo over whole copies of some state
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Edits that can be undone, per image. */
#define CUTOUT_HISTORY_MAX 200

typedef struct _CutoutHistory CutoutHistory;

CutoutHistory *cutout_history_new (gpointer state, GDestroyNotify free_func);
void cutout_history_free (CutoutHistory *self);
gpointer cutout_history_get (CutoutHistory *self);
void cutout_history_edit (CutoutHistory *self, gpointer state);
gboolean cutout_history_can_undo (CutoutHistory *self);
gboolean cutout_history_can_redo (CutoutHistory *self);
gboolean cutout_history_undo (CutoutHistory *self);
gboolean cutout_history_redo (CutoutHistory *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutHistory, cutout_history_free)

G_END_DECLS
