/* cutout-mask.h: masks kept compressed
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-image.h"

G_BEGIN_DECLS

GBytes *cutout_mask_compress (const CutoutImage *mask);
CutoutImage *cutout_mask_decompress (GBytes *data, int width, int height);

G_END_DECLS
