/* cutout-eval.h: comparing a predicted mask with a reference
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-box.h"
#include "cutout-image.h"

G_BEGIN_DECLS

typedef struct
{
  double iou; /* of the masks thresholded at 50 % */
  double mae; /* mean absolute alpha error, 0..1 */
  guint64 scored;
} CutoutScore;

CutoutImage *cutout_eval_load_mask (const char *path, GError **error);
CutoutImage *cutout_eval_load_ignore (const char *image_path);
double cutout_eval_boundary_f (const CutoutImage *mask,
                               const CutoutImage *truth,
                               const CutoutImage *ignore,
                               int tolerance);
double cutout_eval_gradient_error (const CutoutImage *mask, const CutoutImage *truth);
float *
cutout_eval_shrink_plane (const float *plane, int width, int height, int to_width, int to_height);
CutoutBox cutout_eval_box_around (const CutoutImage *truth);
CutoutImage *cutout_eval_place (
    const CutoutImage *image, int width, int height, int x, int y, const guint8 *fill);
void cutout_eval_border_colour (const CutoutImage *image, guint8 fill[4]);
CutoutScore
cutout_eval_score (const CutoutImage *mask, const CutoutImage *truth, const CutoutImage *ignore);

G_END_DECLS
