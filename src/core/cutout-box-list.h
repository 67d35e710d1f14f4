/* cutout-box-list.h: the boxes drawn on one image, with undo and redo
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cutout-box.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_BOX_LIST (cutout_box_list_get_type ())

G_DECLARE_FINAL_TYPE (CutoutBoxList, cutout_box_list, CUTOUT, BOX_LIST, GObject)

CutoutBoxList *cutout_box_list_new (void);
guint cutout_box_list_get_n_boxes (CutoutBoxList *self);
const CutoutBox *cutout_box_list_get (CutoutBoxList *self, guint index);
GArray *cutout_box_list_dup_boxes (CutoutBoxList *self);
gboolean cutout_box_list_same_boxes (CutoutBoxList *self, GArray *boxes);

gboolean cutout_box_list_add (CutoutBoxList *self, const CutoutBox *box);
void cutout_box_list_replace (CutoutBoxList *self, guint index, const CutoutBox *box);
void cutout_box_list_remove (CutoutBoxList *self, guint index);
void cutout_box_list_clear (CutoutBoxList *self);

gboolean cutout_box_list_can_undo (CutoutBoxList *self);
gboolean cutout_box_list_can_redo (CutoutBoxList *self);
gboolean cutout_box_list_undo (CutoutBoxList *self);
gboolean cutout_box_list_redo (CutoutBoxList *self);

G_END_DECLS
