/* cutout-inputs.h: the input images, known by device and inode
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-export.h"

G_BEGIN_DECLS

typedef struct _CutoutInputs CutoutInputs;

CutoutInputs *cutout_inputs_new (GListModel *queue);
CutoutInputs *cutout_inputs_new_for_paths (const char *const *paths);
void cutout_inputs_free (CutoutInputs *self);
const char *cutout_inputs_find (CutoutInputs *self, const char *path);
char *cutout_inputs_free_path (CutoutInputs *self,
                               const char *dir,
                               const char *source,
                               const CutoutExportOptions *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutInputs, cutout_inputs_free)

G_END_DECLS
