/* test-calibrate.c: the model's confidence made firm inside the subject
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cutout-calibrate.h"

#define N 64

/* A plane like the model's: a disc of @inside (radius 20) whose outline
 * ramps over 4 pixels, on a background of @haze, with a patch of @unsure
 * (a region the model is unsure of, such as thin hair) above the disc and
 * touching it, and one of @ghost far away in a corner. */
static float *
make_plane (float inside, float haze, float unsure, float ghost)
{
  float *plane = g_new (float, N *N);

  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++)
      {
        double r = hypot (x - 32, y - 36);
        float v = r < 18 ? inside : r < 22 ? inside + (haze - inside) * (r - 18) / 4 : haze;
        if (y < 16 && x >= 26 && x < 38)
          v = unsure;
        if (x < 6 && y < 6)
          v = ghost;
        plane[y * N + x] = v;
      }
  return plane;
}

static float
at (const float *plane, int x, int y)
{
  return plane[y * N + x];
}

/* Inside, beyond the band: exactly 1; far background haze: exactly 0; the
 * outline's ramp within the band, and what the model is unsure of, as they
 * were. */
static void
test_snaps_away_from_the_outline (void)
{
  g_autofree float *plane = make_plane (0.93f, 0.02f, 0.3f, 0.03f);
  g_autofree float *before = g_memdup2 (plane, N * N * sizeof (float));
  CutoutCalibrateParams params;

  cutout_calibrate_params_init (&params);
  g_assert_cmpfloat (params.band, ==, CUTOUT_CALIBRATE_DEFAULT_BAND);
  cutout_calibrate_plane (plane, N, N, &params);
  /* The middle of the disc, and all its pixels farther than the band from
   * where the mask falls under one half (its radius is 20). */
  g_assert_cmpfloat (at (plane, 32, 36), ==, 1.0f);
  for (int y = 0; y < N; y++)
    for (int x = 0; x < N; x++)
      {
        double r = hypot (x - 32, y - 36);
        float b = at (before, x, y), a = at (plane, x, y);
        gboolean patch = y < 16 && x >= 26 && x < 38;
        /* (The band is measured along chamfer steps: a pixel's leeway.) */
        if (r < 20 - params.band - 1.5 && !patch)
          g_assert_cmpfloat (a, ==, 1.0f);
        else if (patch || fabs (r - 20) < params.band - 1.5)
          g_assert_cmpfloat (a, ==, b); /* the ramp, the unsure patch */
        else if (r > 20 + params.band + 1.5)
          g_assert_cmpfloat (a, ==, 0.0f); /* haze, and the faint ghost */
      }
  g_assert_cmpfloat (at (plane, 30, 8), ==, 0.3f);
  g_assert_cmpfloat (at (plane, 2, 2), ==, 0.0f);
}

/* A band of 0 leaves the plane as it is; a plane all subject becomes all
 * 1, one all haze all 0 (nothing is on the other side). */
static void
test_edge_cases (void)
{
  g_autofree float *plane = make_plane (0.93f, 0.02f, 0.3f, 0.03f);
  g_autofree float *before = g_memdup2 (plane, N * N * sizeof (float));
  CutoutCalibrateParams off = { .band = 0, .clear = 0.05 };
  CutoutCalibrateParams params;
  float full[16], empty[16];

  cutout_calibrate_plane (plane, N, N, &off);
  g_assert_cmpmem (plane, N * N * sizeof (float), before, N * N * sizeof (float));
  cutout_calibrate_params_init (&params);
  for (int i = 0; i < 16; i++)
    full[i] = 0.8f, empty[i] = 0.01f;
  cutout_calibrate_plane (full, 4, 4, &params);
  cutout_calibrate_plane (empty, 4, 4, &params);
  for (int i = 0; i < 16; i++)
    {
      g_assert_cmpfloat (full[i], ==, 1.0f);
      g_assert_cmpfloat (empty[i], ==, 0.0f);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/calibrate/snaps-away-from-the-outline", test_snaps_away_from_the_outline);
  g_test_add_func ("/calibrate/edge-cases", test_edge_cases);
  return g_test_run ();
}
