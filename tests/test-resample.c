/* test-resample.c: resize and normalisation against values worked out by hand
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-resample.h"

static void
assert_taps (const CutoutFilter *f, int i, int first, const float *w)
{
  const float *got = f->weights + (gsize) i * f->n_taps;

  g_assert_cmpint (f->first[i], ==, first);
  for (int t = 0; t < f->n_taps; t++)
    g_assert_cmpfloat_with_epsilon (got[t], w[t], 1e-6);
}

static void
test_filter_halve (void)
{
  g_autoptr (CutoutFilter) f = cutout_filter_new (4, 2);

  /* Each output covers exactly two inputs: their mean. */
  g_assert_cmpint (f->n_taps, ==, 3);
  assert_taps (f, 0, 0, (float[]){ 0.5f, 0.5f, 0 });
  assert_taps (f, 1, 1, (float[]){ 0, 0.5f, 0.5f });
}

static void
test_filter_two_thirds (void)
{
  g_autoptr (CutoutFilter) f = cutout_filter_new (3, 2);

  /* Output 0 covers [0, 1.5): all of pixel 0, half of pixel 1, over 1.5. */
  assert_taps (f, 0, 0, (float[]){ 2.0f / 3, 1.0f / 3, 0 });
  assert_taps (f, 1, 0, (float[]){ 0, 1.0f / 3, 2.0f / 3 });
}

static void
test_filter_double (void)
{
  g_autoptr (CutoutFilter) f = cutout_filter_new (2, 4);

  /* Output centres fall at source positions -0.25, 0.25, 0.75, 1.25. */
  g_assert_cmpint (f->n_taps, ==, 2);
  assert_taps (f, 0, 0, (float[]){ 1, 0 });
  assert_taps (f, 1, 0, (float[]){ 0.75f, 0.25f });
  assert_taps (f, 2, 0, (float[]){ 0.25f, 0.75f });
  assert_taps (f, 3, 0, (float[]){ 0, 1 });
}

static void
test_filter_identity_and_one (void)
{
  g_autoptr (CutoutFilter) same = cutout_filter_new (5, 5);
  g_autoptr (CutoutFilter) one = cutout_filter_new (1, 3);
  g_autoptr (CutoutFilter) all = cutout_filter_new (4, 1);

  for (int i = 0; i < 5; i++)
    {
      const float *w = same->weights + i * same->n_taps;
      float at_i = same->first[i] == i ? w[0] : w[1];
      g_assert_cmpfloat_with_epsilon (at_i, 1, 1e-6);
    }
  g_assert_cmpint (one->n_taps, ==, 1);
  assert_taps (all, 0, 0, (float[]){ 0.25f, 0.25f, 0.25f, 0.25f });
}

/* ISNet's normalisation: (v - 128) / 256. A 2×2 image shrunk to 1×1 is the
 * mean of its four pixels. */
static void
test_planar_normalised (void)
{
  g_autoptr (CutoutImage) img = cutout_image_new (2, 2, 4);
  const guint8 px[16] = { 0, 255, 128, 255, 255, 0, 128, 255, 0, 0, 128, 255, 255, 255, 128, 255 };
  const double mean[3] = { 128, 128, 128 }, std[3] = { 256, 256, 256 };
  float out[3];
  float same[12];

  memcpy (img->pixels, px, 16);
  cutout_resample_to_planar (img, 1, 1, mean, std, out);
  g_assert_cmpfloat_with_epsilon (out[0], (127.5 - 128) / 256, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[1], (127.5 - 128) / 256, 1e-6);
  g_assert_cmpfloat_with_epsilon (out[2], 0, 1e-6);

  /* At the same size, each value is normalised on its own, in R, G, B planes. */
  cutout_resample_to_planar (img, 2, 2, mean, std, same);
  g_assert_cmpfloat_with_epsilon (same[0], -0.5, 1e-6);            /* R of (0,0): 0 */
  g_assert_cmpfloat_with_epsilon (same[1], 127.0 / 256, 1e-6);     /* R of (1,0): 255 */
  g_assert_cmpfloat_with_epsilon (same[4 + 0], 127.0 / 256, 1e-6); /* G of (0,0): 255 */
  g_assert_cmpfloat_with_epsilon (same[8 + 3], 0, 1e-6);           /* B of (1,1): 128 */
}

/* A 2×2 alpha plane enlarged to 4×4: each row mixes the source rows with the
 * weights of test_filter_double, then each pixel its row's values the same
 * way; v · 255 rounded. Columns use weights 1, .75/.25, .25/.75, 1. */
static void
test_mask_enlarge (void)
{
  const float plane[4] = { 0, 1, 1, 1 };
  g_autoptr (CutoutImage) mask = cutout_image_new (4, 4, 1);
  const guint8 want[16] = {
    0,   64,  191, 255, /* row 0: [0, 1] */
    64,  112, 207, 255, /* .75 row 0 + .25 row 1 = [.25, 1] */
    191, 207, 239, 255, /* .25 row 0 + .75 row 1 = [.75, 1] */
    255, 255, 255, 255, /* row 1: [1, 1] */
  };

  cutout_resample_plane_to_mask (plane, 2, 2, mask);
  g_assert_cmpmem (mask->pixels, 16, want, 16);
}

/* A float plane shrunk averages the area under each output sample, and
 * enlarged back interpolates between them, values kept as they are (not
 * rounded to 8 bits nor clamped). */
static void
test_plane (void)
{
  const float in[8] = { 0, 1, 2, 3, 4, 5, 6, 7 }; /* 4 × 2 */
  float half[2], back[8];

  cutout_resample_plane (in, 4, 2, half, 2, 1);
  g_assert_cmpfloat_with_epsilon (half[0], (0 + 1 + 4 + 5) / 4.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (half[1], (2 + 3 + 6 + 7) / 4.0, 1e-6);
  cutout_resample_plane (half, 2, 1, back, 4, 2);
  /* Outer samples take the nearest value; the inner two lie a quarter of
   * the way between the two. */
  g_assert_cmpfloat_with_epsilon (back[0], half[0], 1e-6);
  g_assert_cmpfloat_with_epsilon (back[1], half[0] + (half[1] - half[0]) * 0.25, 1e-6);
  g_assert_cmpfloat_with_epsilon (back[6], half[0] + (half[1] - half[0]) * 0.75, 1e-6);
  g_assert_cmpfloat_with_epsilon (back[7], half[1], 1e-6);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resample/filter/halve", test_filter_halve);
  g_test_add_func ("/resample/filter/two-thirds", test_filter_two_thirds);
  g_test_add_func ("/resample/filter/double", test_filter_double);
  g_test_add_func ("/resample/filter/identity-and-one", test_filter_identity_and_one);
  g_test_add_func ("/resample/planar-normalised", test_planar_normalised);
  g_test_add_func ("/resample/mask-enlarge", test_mask_enlarge);
  g_test_add_func ("/resample/plane", test_plane);
  return g_test_run ();
}
