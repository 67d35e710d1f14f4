/* cutout-resample.h: resizing for the model's input and the mask
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-image.h"

G_BEGIN_DECLS

/* The taps of a 1-D resize from in_size to out_size samples. Shrinking
 * averages the area each output sample covers (no aliasing); enlarging
 * interpolates linearly between pixel centres. */
typedef struct
{
  int in_size;
  int out_size;
  int n_taps;
  int *first;     /* [out_size]: first source index of each output sample */
  float *weights; /* [out_size * n_taps], each row sums to 1 */
} CutoutFilter;

CutoutFilter *cutout_filter_new (int in_size, int out_size);
void cutout_filter_free (CutoutFilter *filter);

void cutout_resample_to_planar (const CutoutImage *image,
                                int out_width,
                                int out_height,
                                const double mean[3],
                                const double std[3],
                                float *planes);
void cutout_resample_plane_to_mask (const float *plane, int width, int height, CutoutImage *mask);
void cutout_resample_plane (
    const float *in, int width, int height, float *out, int out_width, int out_height);

CutoutImage *cutout_resample_image (const CutoutImage *image, int width, int height);
CutoutImage *cutout_resample_to_fit (const CutoutImage *image, int max_size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutFilter, cutout_filter_free)

G_END_DECLS
