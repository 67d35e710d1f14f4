/* cutout-bench-review.c: what a finished cutout's review costs, against a run
 * of the model (docs/PERFORMANCE.md)
 *
 *   cutout-bench-review [--size WxH] [--repeat N]
 *
 * Times, on a photo of the test sets made WxH (default 4000×3000) and a
 * real mask of it (the model's), as the queue does them: the photo shrunk
 * to the review's size from the reduced decode the model's input is made
 * of (at decoding), then cutout_review_compute() on the full-size mask (in
 * the finish stage); and one run of the model. Prints the medians, wall and
 * CPU time, and their ratio.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-resample.h"
#include "cutout-review.h"

#include "bench-photos.h"

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main (int argc, char **argv)
{
  int width = 4000, height = 3000, repeat = 7;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-review-XXXXXX", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autoptr (CutoutImage) image = NULL, reduced = NULL, mask = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *input = NULL;
  double review[16], review_cpu[16], model[3], model_cpu[3];
  int rw = 0, rh = 0;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--size") && i + 1 < argc)
      sscanf (argv[++i], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
      repeat = atoi (argv[++i]);
  repeat = CLAMP (repeat, 1, 16);
  if (!bench_require_testdata ())
    {
      g_rmdir (dir);
      return BENCH_SKIP;
    }
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  engine = cutout_engine_new (cutout_catalogue_find (catalogue, NULL, NULL), 0, &error);
  g_assert_no_error (error);

  photos = bench_make_photos (dir, 1, width, height);
  image = cutout_decode_file (photos->pdata[0], &error);
  g_assert_no_error (error);
  {
    g_autoptr (GBytes) file = NULL;
    g_autofree char *data = NULL;
    gsize size;
    g_assert_true (g_file_get_contents (photos->pdata[0], &data, &size, NULL));
    file = g_bytes_new_take (g_steal_pointer (&data), size);
    reduced = cutout_decode_bytes_reduced (file, 1024, &rw, &rh, &error);
    g_assert_no_error (error);
  }
  input = cutout_engine_preprocess (engine, reduced);
  for (int r = 0; r < 3; r++)
    {
      double t0 = bench_now (), c0 = cpu_now ();
      g_autofree float *plane = cutout_engine_infer (engine, input, NULL, &error);
      g_assert_no_error (error);
      model[r] = bench_now () - t0, model_cpu[r] = cpu_now () - c0;
      if (mask == NULL)
        mask = cutout_engine_postprocess (engine, plane, width, height);
    }
  for (int r = 0; r < repeat; r++)
    {
      CutoutInferStats stats = { 0.01, -1 };
      double t0 = bench_now (), c0 = cpu_now ();
      g_autoptr (CutoutImage) small = cutout_resample_to_fit (reduced, CUTOUT_REVIEW_SIZE);
      g_autoptr (CutoutReview) result = cutout_review_compute (mask, small, &stats, FALSE);
      review[r] = bench_now () - t0, review_cpu[r] = cpu_now () - c0;
    }
  printf ("%d × %d (reduced decode %d × %d), medians:\n", width, height, reduced->width,
          reduced->height);
  printf ("  review: %.1f ms wall, %.1f ms CPU (of %d)\n", bench_median (review, repeat) * 1e3,
          bench_median (review_cpu, repeat) * 1e3, repeat);
  printf ("  model run: %.0f ms wall, %.0f ms CPU (of 3)\n", bench_median (model, 3) * 1e3,
          bench_median (model_cpu, 3) * 1e3);
  printf ("  review / model run: %.2f %% wall, %.2f %% CPU\n",
          100 * bench_median (review, repeat) / bench_median (model, 3),
          100 * bench_median (review_cpu, repeat) / bench_median (model_cpu, 3));
  bench_remove_dir (dir);
  return 0;
}
