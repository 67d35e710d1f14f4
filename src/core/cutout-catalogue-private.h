/* cutout-catalogue-private.h: what cutout-catalogue.c and
 * cutout-catalogue-import.c share
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-catalogue.h"

G_BEGIN_DECLS

CutoutModelInfo *cutout_catalogue_parse_model (GKeyFile *kf, const char *group, GError **error);
void cutout_catalogue_add (CutoutCatalogue *catalogue, CutoutModelInfo *info);

G_END_DECLS
