/* test-refine.c: the guided enlargement of a mask against plain bilinear
 * enlargement, on true alpha mattes (hair, fur, glass, lace)
 *
 * The protocol of ../shared/testdata/matting/README: shrink the true alpha
 * to a quarter of its size by area averaging, enlarge it back (a)
 * bilinearly and (b) guided by the photo, and compare both with the truth.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-eval.h"
#include "cutout-testlib.h"
#include "cutout-foreground.h"
#include "cutout-refine.h"
#include "cutout-resample.h"

static char *
matting (const char *name)
{
  return g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "matting", name, NULL);
}

static GPtrArray *
list_crops (void)
{
  g_autofree char *dir_path = matting (NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".png") && !g_str_has_suffix (name, ".mask.png"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - 4));
  g_ptr_array_sort (names, cutout_test_compare_names);
  return names;
}

/* @truth shrunk to @w × @h by area averaging, as a 0..1 plane. */
static float *
shrink (const CutoutImage *truth, int w, int h)
{
  g_autoptr (CutoutImage) rgba = cutout_image_new (truth->width, truth->height, 4);
  const double mean[3] = { 0, 0, 0 }, std[3] = { 255, 255, 255 };
  float *planes = g_new (float, (gsize) w *h * 3);

  for (gsize i = 0; i < (gsize) truth->width * truth->height; i++)
    memset (rgba->pixels + i * 4, truth->pixels[i], 4);
  cutout_resample_to_planar (rgba, w, h, mean, std, planes);
  return g_realloc (planes, (gsize) w * h * sizeof (float)); /* the first plane */
}

typedef struct
{
  double mae, grad;
} Errors;

static Errors
errors (const CutoutImage *mask, const CutoutImage *truth)
{
  CutoutScore s = cutout_eval_score (mask, truth, NULL);
  return (Errors){ s.mae, cutout_eval_gradient_error (mask, truth) };
}

/* On every crop, the guided enlargement has a lower MAE and a lower
 * gradient error than the bilinear one. */
static void
test_beats_bilinear (void)
{
  g_autoptr (GPtrArray) names = list_crops ();
  CutoutRefineParams params;
  double sum[4] = { 0 };

  cutout_refine_params_init (&params);
  g_assert_cmpuint (names->len, >=, 5);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *photo_name = g_strconcat (names->pdata[i], ".png", NULL);
      g_autofree char *mask_name = g_strconcat (names->pdata[i], ".mask.png", NULL);
      g_autofree char *photo_path = matting (photo_name), *mask_path = matting (mask_name);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutImage) photo = cutout_decode_file (photo_path, &error);
      g_autoptr (CutoutImage) truth = cutout_eval_load_mask (mask_path, &error);
      g_autoptr (CutoutImage) bilinear = NULL, guided = NULL;
      g_autofree float *small = NULL;
      int w, h;
      Errors b, g;

      g_assert_no_error (error);
      w = truth->width / 4, h = truth->height / 4;
      small = shrink (truth, w, h);
      bilinear = cutout_image_new (truth->width, truth->height, 1);
      cutout_resample_plane_to_mask (small, w, h, bilinear);
      guided = cutout_refine_guided (photo, small, w, h, &params);
      b = errors (bilinear, truth);
      g = errors (guided, truth);
      g_test_message ("%s: MAE %.4f → %.4f, gradient %.2f → %.2f", (char *) names->pdata[i], b.mae,
                      g.mae, b.grad, g.grad);
      g_assert_cmpfloat (g.mae, <, b.mae);
      g_assert_cmpfloat (g.grad, <, b.grad);
      sum[0] += b.mae, sum[1] += g.mae, sum[2] += b.grad, sum[3] += g.grad;
    }
  g_test_message ("mean: MAE %.4f → %.4f, gradient %.2f → %.2f", sum[0] / names->len,
                  sum[1] / names->len, sum[2] / names->len, sum[3] / names->len);
}

/* Where the small mask is settled (exactly 0 or 1, as calibration leaves
 * most of it), whole spans of the full-size mask are filled at once: the
 * result is the same, byte for byte, as working out every pixel. A VOC
 * photo enlarged four times, its hand-drawn outline as the small mask. */
static void
test_settled_spans (void)
{
  g_autofree char *photo_path
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc20.png", NULL);
  g_autofree char *mask_path
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc20.mask.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) photo = cutout_decode_file (photo_path, &error);
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (mask_path, &error);
  g_autoptr (CutoutImage) large = NULL, fast = NULL, slow = NULL;
  g_autofree float *small = NULL;
  CutoutRefineParams params;
  gsize n, settled = 0;
  int w, h;

  g_assert_no_error (error);
  w = truth->width, h = truth->height;
  large = cutout_resample_image (photo, w * 4, h * 4);
  small = g_new (float, (gsize) w *h);
  for (gsize i = 0; i < (gsize) w * h; i++)
    small[i] = truth->pixels[i] / 255.f;
  cutout_refine_params_init (&params);
  params.strength = 0.5f;
  fast = cutout_refine_guided (large, small, w, h, &params);
  params.no_shortcut = TRUE;
  slow = cutout_refine_guided (large, small, w, h, &params);
  n = (gsize) large->width * large->height;
  for (gsize i = 0; i < n; i++)
    settled += slow->pixels[i] == 0 || slow->pixels[i] == 255;
  g_test_message ("%zu of %zu pixels settled", settled, n);
  /* Both kinds are there, so both paths are taken. */
  g_assert_cmpuint (settled, >, n / 2);
  g_assert_cmpuint (settled, <, n - n / 100);
  g_assert_cmpmem (fast->pixels, n, slow->pixels, n);
}

/* The strength mixes the guided enlargement with the plain one: 0 is the
 * plain one exactly, ½ lies halfway, pixel by pixel, on a real crop. */
static void
test_strength (void)
{
  g_autofree char *photo_path = matting ("dim9.png"), *mask_path = matting ("dim9.mask.png");
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) photo = cutout_decode_file (photo_path, &error);
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (mask_path, &error);
  g_autoptr (CutoutImage) plain = NULL, none = NULL, half = NULL, full = NULL;
  g_autofree float *small = NULL;
  CutoutRefineParams params;
  int w, h, differ = 0;

  g_assert_no_error (error);
  w = truth->width / 4, h = truth->height / 4;
  small = shrink (truth, w, h);
  plain = cutout_image_new (truth->width, truth->height, 1);
  cutout_resample_plane_to_mask (small, w, h, plain);
  cutout_refine_params_init (&params);
  g_assert_cmpfloat (params.strength, ==, 1.0);
  full = cutout_refine_guided (photo, small, w, h, &params);
  params.strength = 0.5f;
  half = cutout_refine_guided (photo, small, w, h, &params);
  params.strength = 0;
  none = cutout_refine_guided (photo, small, w, h, &params);
  for (gsize i = 0; i < (gsize) truth->width * truth->height; i++)
    {
      int mid = (plain->pixels[i] + full->pixels[i]) / 2;
      g_assert_cmpint (none->pixels[i], ==, plain->pixels[i]);
      g_assert_cmpint (ABS (half->pixels[i] - mid), <=, 1);
      differ += ABS (full->pixels[i] - plain->pixels[i]) > 8;
    }
  /* (and the mix is not trivially met by equal masks) */
  g_test_message ("%d pixels differ by more than 8 between strengths 0 and 1", differ);
  g_assert_cmpint (differ, >, 1000);
}

/* A photo no larger than the model's plane gains nothing from the photo's
 * detail: it gets the plain resampled mask. */
static void
test_small_photo (void)
{
  g_autoptr (CutoutImage) photo = cutout_image_new (20, 15, 4);
  g_autoptr (CutoutImage) guided = NULL, plain = cutout_image_new (20, 15, 1);
  float plane[32 * 24];
  CutoutRefineParams params;

  cutout_refine_params_init (&params);
  for (gsize i = 0; i < (gsize) 20 * 15 * 4; i++)
    photo->pixels[i] = (i * 37) % 251; /* detail the filter would follow */
  for (int i = 0; i < 32 * 24; i++)
    plane[i] = (i % 32) < 16 ? 1.0f : 0.0f;
  guided = cutout_refine_guided (photo, plane, 32, 24, &params);
  cutout_resample_plane_to_mask (plane, 32, 24, plain);
  g_assert_cmpmem (guided->pixels, 20 * 15, plain->pixels, 20 * 15);
}

/* A flat photo gives nothing to follow: away from the borders (where the
 * filter's windows are cut), a linear ramp comes out as the bilinear
 * enlargement makes it. */
static void
test_flat_photo (void)
{
  g_autoptr (CutoutImage) photo = cutout_image_new (64, 48, 4);
  g_autoptr (CutoutImage) guided = NULL, bilinear = cutout_image_new (64, 48, 1);
  float small[16 * 12];
  CutoutRefineParams params;

  cutout_refine_params_init (&params);
  memset (photo->pixels, 120, (gsize) 64 * 48 * 4);
  for (int i = 0; i < 16 * 12; i++)
    small[i] = (i % 16) / 15.0f;
  guided = cutout_refine_guided (photo, small, 16, 12, &params);
  cutout_resample_plane_to_mask (small, 16, 12, bilinear);
  for (int y = 0; y < 48; y++)
    for (int x = 24; x < 40; x++)
      g_assert_cmpint (ABS (guided->pixels[y * 64 + x] - bilinear->pixels[y * 64 + x]), <=, 2);
}

/* A square of @size at (@x, @y) on a 100 × 100 mask. */
static CutoutImage *
square (int x, int y, int size)
{
  CutoutImage *m = cutout_image_new (100, 100, 1);

  memset (m->pixels, 0, 100 * 100);
  for (int j = y; j < y + size; j++)
    memset (cutout_image_row (m, j) + x, 255, size);
  return m;
}

/* The measures themselves: equal masks score perfectly, edges 2 px off
 * match within 3 px and 6 px off do not, and a blurred edge has a
 * gradient error that a sharp copy has not. */
static void
test_measures (void)
{
  g_autoptr (CutoutImage) a = square (20, 20, 50), near = square (22, 20, 50);
  g_autoptr (CutoutImage) far = square (26, 26, 50), blurred = square (20, 20, 50);

  g_assert_cmpfloat (cutout_eval_boundary_f (a, a, NULL, 3), ==, 1.0);
  g_assert_cmpfloat (cutout_eval_boundary_f (near, a, NULL, 3), ==, 1.0);
  g_assert_cmpfloat (cutout_eval_boundary_f (far, a, NULL, 3), <, 0.1);
  g_assert_cmpfloat (cutout_eval_gradient_error (a, a), ==, 0);
  for (int y = 0; y < 100; y++)
    for (int x = 16; x < 24; x++)
      cutout_image_row (blurred, y)[x] = y >= 20 && y < 70 ? (x - 16) * 32 : 0;
  g_assert_cmpfloat (cutout_eval_gradient_error (blurred, a), >, 0.01);
}

/* VOC leaves a band along each outline unlabelled (the reference calls it
 * background): an edge along the band's middle matches the reference's
 * outline once the band is ignored (all but some corner pixels, where the
 * band is split by 4-connected distance), and not while it is read as
 * labelled. */
static void
test_boundary_void_band (void)
{
  g_autoptr (CutoutImage) truth = square (20, 20, 50), ignore = cutout_image_new (100, 100, 1);
  g_autoptr (CutoutImage) mask = square (20, 20, 50); /* the true outline */

  memset (ignore->pixels, 0, 100 * 100);
  for (int y = 15; y < 75; y++)
    for (int x = 15; x < 75; x++)
      if (x < 25 || x >= 65 || y < 25 || y >= 65)
        cutout_image_row (ignore, y)[x] = 255;
  /* A band 10 px wide around the outline, labelled background as VOC's
   * masks have it. */
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 100; x++)
      if (cutout_image_row (ignore, y)[x])
        cutout_image_row (truth, y)[x] = 0;
  g_assert_cmpfloat (cutout_eval_boundary_f (mask, truth, ignore, 1), >, 0.9);
  g_assert_cmpfloat (cutout_eval_boundary_f (mask, truth, NULL, 1), <, 0.1);
}

/* A known subject and alpha (a true hair matte) over two different
 * backgrounds: the estimated subject colours are far closer to the true
 * ones than the observed mixed pixels are, where the subject is
 * see-through. */
/* A large photo is estimated in tiles, only where the subject is
 * see-through: as close to the true colours as the estimate over the whole
 * photo at once, and apart from it by less than its error. The same hair matte, four by
 * four, over flat green, 1280 × 1280. */
static void
test_foreground_tiles (void)
{
  g_autofree char *mask_path = matting ("dim1.mask.png");
  g_autoptr (CutoutImage) one = cutout_eval_load_mask (mask_path, NULL);
  int w = one->width * 4, h = one->height * 4;
  g_autoptr (CutoutImage) alpha = cutout_image_new (w, h, 1);
  g_autoptr (CutoutImage) fg = cutout_image_new (w, h, 4);
  g_autoptr (CutoutImage) mixed = cutout_image_new (w, h, 4);
  g_autoptr (CutoutImage) tiled = NULL, whole = NULL;
  const guint8 green[3] = { 20, 200, 40 };
  double error_tiled = 0, error_whole = 0, apart = 0, weight = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 a = cutout_image_row (one, y % one->height)[x % one->width];
        guint8 *f = cutout_image_row (fg, y) + x * 4, *m = cutout_image_row (mixed, y) + x * 4;
        cutout_image_row (alpha, y)[x] = a;
        f[0] = (guint8) (128 + 90 * sin (x / 23.0));
        f[1] = (guint8) (128 + 90 * cos (y / 31.0));
        f[2] = 150;
        f[3] = m[3] = 255;
        for (int c = 0; c < 3; c++)
          m[c] = (guint8) (a / 255.0 * f[c] + (1 - a / 255.0) * green[c] + 0.5);
      }
  tiled = cutout_estimate_foreground (mixed, alpha);
  whole = cutout_estimate_foreground_tiled (mixed, alpha, 0);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int a = cutout_image_row (alpha, y)[x];
        if (a < 13 || a > 242)
          continue;
        for (int c = 0; c < 3; c++)
          {
            int truth = cutout_image_row (fg, y)[x * 4 + c];
            int t = cutout_image_row (tiled, y)[x * 4 + c],
                o = cutout_image_row (whole, y)[x * 4 + c];
            error_tiled += a * ABS (t - truth) / 255.0;
            error_whole += a * ABS (o - truth) / 255.0;
            apart += a * ABS (t - o) / 255.0;
            weight += a;
          }
      }
  g_test_message ("colour error of see-through pixels: tiled %.4f, whole photo %.4f; "
                  "the two apart by %.4f",
                  error_tiled / weight, error_whole / weight, apart / weight);
  g_assert_cmpfloat (weight, >, 0);
  g_assert_cmpfloat (error_tiled, <=, 1.1 * error_whole);
  /* The tiles move the colours by less than the estimate's own error. */
  g_assert_cmpfloat (apart, <, error_whole);
  /* Opaque pixels are the photo's. */
  for (gsize i = 0; i < (gsize) w * h; i++)
    if (alpha->pixels[i] == 255)
      g_assert_cmpmem (tiled->pixels + i * 4, 3, mixed->pixels + i * 4, 3);
}

static void
test_foreground (void)
{
  g_autofree char *mask_path = matting ("dim1.mask.png");
  g_autofree char *bg_path = matting ("dim120.png");
  g_autoptr (CutoutImage) alpha = cutout_eval_load_mask (mask_path, NULL);
  g_autoptr (CutoutImage) photo_bg = cutout_decode_file (bg_path, NULL);
  int w = alpha->width, h = alpha->height;
  g_autoptr (CutoutImage) fg = cutout_image_new (w, h, 4);

  g_assert_nonnull (photo_bg);
  g_assert_cmpint (photo_bg->width, >=, w);
  /* The subject: smooth colours, as hair and fur have. */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = cutout_image_row (fg, y) + x * 4;
        p[0] = (guint8) (128 + 90 * sin (x / 23.0));
        p[1] = (guint8) (128 + 90 * cos (y / 31.0));
        p[2] = 150;
        p[3] = 255;
      }
  for (int b = 0; b < 2; b++)
    {
      g_autoptr (CutoutImage) mixed = cutout_image_new (w, h, 4);
      g_autoptr (CutoutImage) estimated = NULL;
      double est = 0, naive = 0, weight = 0;
      guint64 n = 0;

      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            const guint8 *f = cutout_image_row (fg, y) + x * 4;
            const guint8 green[3] = { 20, 200, 40 };
            const guint8 *bg = b ? green : cutout_image_row (photo_bg, y) + x * 4;
            double a = cutout_image_row (alpha, y)[x] / 255.0;
            guint8 *m = cutout_image_row (mixed, y) + x * 4;
            for (int c = 0; c < 3; c++)
              m[c] = (guint8) (a * f[c] + (1 - a) * bg[c] + 0.5);
            m[3] = 255;
          }
      estimated = cutout_estimate_foreground (mixed, alpha);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            int a = cutout_image_row (alpha, y)[x];
            if (a < 13 || a > 242)
              continue;
            /* Weighted by alpha: how much of each error shows on a new backdrop. */
            for (int c = 0; c < 3; c++)
              {
                int truth = cutout_image_row (fg, y)[x * 4 + c];
                est += a * ABS (cutout_image_row (estimated, y)[x * 4 + c] - truth) / 255.0;
                naive += a * ABS (cutout_image_row (mixed, y)[x * 4 + c] - truth) / 255.0;
                weight += a;
              }
            n += 3;
          }
      g_test_message ("background %d: colour error of see-through pixels %.4f, naive %.4f "
                      "(%" G_GUINT64_FORMAT " values)",
                      b, est / weight, naive / weight, n);
      g_assert_cmpuint (n, >, 1000);
      g_assert_cmpfloat (est / weight, <, 0.5 * naive / weight);
      /* The photo's own alpha is kept: the mask is applied when written. */
      for (gsize i = 0; i < (gsize) w * h; i++)
        g_assert_cmpuint (estimated->pixels[i * 4 + 3], ==, mixed->pixels[i * 4 + 3]);
    }
}

/* Hard edges keep or remove each pixel at 50 %; smooth edges round off a
 * staircase without moving the shape. */
static void
test_edge_styles (void)
{
  g_autoptr (CutoutImage) soft = cutout_image_new (200, 100, 1);
  g_autoptr (CutoutImage) stairs = cutout_image_new (200, 100, 1);
  CutoutEdgeStyle style;
  int before = 0, after = 0;

  g_assert_true (cutout_edge_style_parse ("Hard", &style));
  g_assert_cmpint (style, ==, CUTOUT_EDGES_HARD);
  g_assert_true (cutout_edge_style_parse ("smooth", &style));
  g_assert_false (cutout_edge_style_parse ("fuzzy", &style));

  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      {
        cutout_image_row (soft, y)[x] = (guint8) (x * 255 / 199);
        /* A diagonal in steps of 8 pixels. */
        cutout_image_row (stairs, y)[x] = x < 60 + (y / 8) * 8 ? 255 : 0;
      }
  cutout_mask_apply_edge_style (soft, CUTOUT_EDGES_HARD);
  for (int x = 0; x < 200; x++)
    g_assert_cmpuint (cutout_image_row (soft, 50)[x], ==, x * 255 / 199 >= 128 ? 255 : 0);

  for (int y = 1; y < 100; y++)
    before = MAX (before,
                  ABS (cutout_image_row (stairs, y)[100] - cutout_image_row (stairs, y - 1)[100]));
  cutout_mask_apply_edge_style (stairs, CUTOUT_EDGES_SMOOTH);
  for (int y = 1; y < 100; y++)
    after = MAX (after,
                 ABS (cutout_image_row (stairs, y)[100] - cutout_image_row (stairs, y - 1)[100]));
  g_test_message ("largest step down a column across the stairs: %d, smoothed %d", before, after);
  g_assert_cmpint (after, <, before);
  g_assert_cmpuint (cutout_image_row (stairs, 50)[5], ==, 255);
  g_assert_cmpuint (cutout_image_row (stairs, 50)[195], ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/refine/measures", test_measures);
  g_test_add_func ("/refine/boundary-void-band", test_boundary_void_band);
  g_test_add_func ("/refine/flat-photo", test_flat_photo);
  g_test_add_func ("/refine/edge-styles", test_edge_styles);
  cutout_test_add_photo_func ("/refine/beats-bilinear", test_beats_bilinear);
  cutout_test_add_photo_func ("/refine/strength", test_strength);
  cutout_test_add_photo_func ("/refine/settled-spans", test_settled_spans);
  g_test_add_func ("/refine/small-photo", test_small_photo);
  cutout_test_add_photo_func ("/refine/foreground", test_foreground);
  cutout_test_add_photo_func ("/refine/foreground-tiles", test_foreground_tiles);
  return g_test_run ();
}
