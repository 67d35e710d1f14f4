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
 * in the photo must be to shape the mask.  @strength (0..1) mixes the guided
 * result with the plain bilinear enlargement: 0 is no refinement. */
typedef struct
{
  int radius;
  float epsilon;
  float strength;
  /* Refine photos of any size, even those smaller than the mask, which the
   * apps leave (cutout_refine_enlarges()); for tests/cutout-evaluate. */
  gboolean any_size;
  /* Work out every pixel, even where the mask is settled at 0 or 1 and the
   * result is known: for tests, to check the shortcut against. */
  gboolean no_shortcut;
} CutoutRefineParams;

/* How the mask's edge is finished (CUTOUT_TYPE_EDGE_STYLE; its nicks are
 * the settings' and the CLI's names). */
typedef enum
{
  CUTOUT_EDGES_NATURAL, /* as the model (and the refinement) made it */
  CUTOUT_EDGES_SMOOTH,  /* jagged outlines smoothed, a softer edge */
  CUTOUT_EDGES_HARD,    /* no transparency: each pixel kept or removed, for products and logos */
} CutoutEdgeStyle;

/* The apps' default strength, in percent, chosen on the test sets
 * (docs/QUALITY.md): full strength is best on true alpha mattes, no
 * refinement on hand-drawn outlines; half keeps most of the first gain and
 * next to none of the loss. */
#define CUTOUT_DEFAULT_REFINE_STRENGTH 50

void cutout_refine_params_init (CutoutRefineParams *params);
gboolean cutout_refine_enlarges (int width, int height, int mask_width, int mask_height);
gboolean cutout_edge_style_parse (const char *name, CutoutEdgeStyle *style);
void cutout_mask_apply_edge_style (CutoutImage *mask, CutoutEdgeStyle style);
CutoutImage *cutout_refine_guided (const CutoutImage *image,
                                   const float *alpha,
                                   int alpha_width,
                                   int alpha_height,
                                   const CutoutRefineParams *params);

G_END_DECLS
