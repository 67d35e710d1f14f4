/* cutout-bench-refine.c: the time the guided enlargement of the model's mask
 * adds over the bilinear one, the calibration of the model's plane and the
 * foreground colour estimation take, at 12 MP (docs/PERFORMANCE.md); the
 * guided pass's CPU time against the same without its shortcut for settled
 * spans
 *
 *   cutout-bench-refine [--size WxH] [--repeat N]
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cutout-calibrate.h"
#include "cutout-decode.h"
#include "cutout-foreground.h"
#include "cutout-refine.h"
#include "cutout-resample.h"

#include "bench-photos.h"

/* The CPU time of the whole process, in seconds: tiles run on several threads. */
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
  int width = 4000, height = 3000, repeat = 5, n = 1024;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-refine-XXXXXX", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (CutoutImage) image = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree float *plane = g_new (float, (gsize) n *n);
  double bilinear[16], guided[16], foreground[16], calibrate[16];
  double whole[16], foreground_cpu[16], whole_cpu[16], soft = 0;
  double guided_cpu[16], every_cpu[16];
  CutoutRefineParams params;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--size") && i + 1 < argc)
      sscanf (argv[++i], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
      repeat = atoi (argv[++i]); /* (not inside CLAMP: it evaluates twice) */
  repeat = CLAMP (repeat, 1, 16);
  if (!bench_require_testdata ())
    {
      g_rmdir (dir);
      return BENCH_SKIP;
    }

  photos = bench_make_photos (dir, 1, width, height);
  image = cutout_decode_file (photos->pdata[0], &error);
  g_assert_no_error (error);
  /* A soft disc, as a model's output plane. */
  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        double d = hypot (x - n / 2.0, y - n / 2.0) - n * 0.35;
        plane[(gsize) y * n + x] = (float) CLAMP (0.5 - d / 6, 0, 1);
      }
  cutout_refine_params_init (&params);
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr (CutoutImage) a = cutout_image_new (width, height, 1);
      g_autoptr (CutoutImage) b = NULL;
      g_autofree float *copy = g_memdup2 (plane, (gsize) n * n * sizeof (float));
      CutoutCalibrateParams calibrated;
      double t0 = bench_now (), t1;

      cutout_calibrate_params_init (&calibrated);
      cutout_calibrate_plane (copy, n, n, &calibrated);
      calibrate[r] = bench_now () - t0;
      t0 = bench_now ();
      cutout_resample_plane_to_mask (plane, n, n, a);
      t1 = bench_now ();
      {
        double c0 = cpu_now ();
        b = cutout_refine_guided (image, plane, n, n, &params);
        guided_cpu[r] = cpu_now () - c0;
      }
      bilinear[r] = t1 - t0;
      guided[r] = bench_now () - t1;
      /* Without the shortcut for settled spans, as before 2026-12-04. */
      {
        CutoutRefineParams every = params;
        double c0 = cpu_now ();
        g_autoptr (CutoutImage) e = NULL;
        every.no_shortcut = TRUE;
        e = cutout_refine_guided (image, plane, n, n, &every);
        every_cpu[r] = cpu_now () - c0;
      }
      t1 = bench_now ();
      {
        double c0 = cpu_now ();
        g_autoptr (CutoutImage) f = cutout_estimate_foreground (image, b);
        foreground[r] = bench_now () - t1;
        foreground_cpu[r] = cpu_now () - c0;
      }
      /* Against the whole photo at once, as before 2026-12-02. */
      {
        double c0 = cpu_now ();
        g_autoptr (CutoutImage) f = NULL;
        t1 = bench_now ();
        f = cutout_estimate_foreground_tiled (image, b, 0);
        whole[r] = bench_now () - t1;
        whole_cpu[r] = cpu_now () - c0;
      }
      soft = 0;
      for (gsize i = 0; i < (gsize) width * height; i++)
        soft += b->pixels[i] != 0 && b->pixels[i] != 255;
      soft /= (double) width * height;
    }
  printf ("# %d × %d mask from a %d² plane, median of %d runs\n", width, height, n, repeat);
  printf ("bilinear %.3f s, guided %.3f s, extra %.3f s\n", bench_median (bilinear, repeat),
          bench_median (guided, repeat),
          bench_median (guided, repeat) - bench_median (bilinear, repeat));
  printf ("guided CPU %.3f s, every pixel worked out %.3f s: %.2f× the CPU time\n",
          bench_median (guided_cpu, repeat), bench_median (every_cpu, repeat),
          bench_median (guided_cpu, repeat) / bench_median (every_cpu, repeat));
  printf ("foreground colours %.3f s (CPU %.3f s), the whole photo at once %.3f s (CPU %.3f s): "
          "%.2f× the CPU time; %.1f %% of the pixels see-through\n",
          bench_median (foreground, repeat), bench_median (foreground_cpu, repeat),
          bench_median (whole, repeat), bench_median (whole_cpu, repeat),
          bench_median (foreground_cpu, repeat) / bench_median (whole_cpu, repeat), soft * 100);
  printf ("calibration of the %d² plane %.4f s\n", n, bench_median (calibrate, repeat));
  bench_remove_dir (dir);
  return 0;
}
