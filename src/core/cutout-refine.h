/* cutout-refine.h: the model's small mask brought to the photo's full size
 * along the photo's own edges
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-image.h"

G_BEGIN_DECLS

/* The guided filter's window radius (in the small mask's pixels) and its
 * regularisation: how far a pixel looks for colours, and how strong an edge
 * in the photo must be to shape the mask. */
typedef struct
{
  int radius;
  float epsilon;
} CutoutRefineParams;

void cutout_refine_params_init (CutoutRefineParams *params);
CutoutImage *cutout_refine_guided (const CutoutImage *image,
                                   const float *alpha,
                                   int alpha_width,
                                   int alpha_height,
                                   const CutoutRefineParams *params);

G_END_DECLS
