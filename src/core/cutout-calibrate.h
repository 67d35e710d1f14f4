/* cutout-calibrate.h
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The band along the outline where the model's soft values are kept, each
 * side, in the model's output pixels (1024 across), chosen on the test sets
 * (docs/QUALITY.md). */
#define CUTOUT_CALIBRATE_DEFAULT_BAND 4.0
/* Background haze under this, beyond the band, becomes clear. */
#define CUTOUT_CALIBRATE_DEFAULT_CLEAR 0.05

typedef struct
{
  double band;  /* the band's half-width, in the plane's pixels; 0: no change */
  double clear; /* background under this, beyond the band, becomes 0 */
  /* Faint values beyond the band fade out over this many pixels more; 0:
   * kept. Measured worse on the test sets (docs/QUALITY.md): the default
   * is 0, and it is there for tests/cutout-evaluate. */
  double fade;
} CutoutCalibrateParams;

void cutout_calibrate_params_init (CutoutCalibrateParams *params);
void
cutout_calibrate_plane (float *plane, int width, int height, const CutoutCalibrateParams *params);

G_END_DECLS
