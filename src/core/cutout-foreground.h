/* cutout-foreground.h: the subject's own colours where it is see-through
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-image.h"

G_BEGIN_DECLS

CutoutImage *cutout_estimate_foreground (const CutoutImage *image, const CutoutImage *mask);
CutoutImage *
cutout_estimate_foreground_tiled (const CutoutImage *image, const CutoutImage *mask, int tile);

G_END_DECLS
