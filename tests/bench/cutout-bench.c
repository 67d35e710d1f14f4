/* cutout-bench.c: time of each stage of a cut-out, and peak memory
 *
 * Usage: cutout-bench [--runs N] [--model=NAME] [PHOTO…]
 * Without photos it makes a 1920×1080 and a 4000×3000 JPEG from a test photo
 * (enlarged, so their content is smoother than a camera's) and times those.
 * Prints, per photo, the median over N runs (after one warm-up) of each stage
 * and of the total, the total as a multiple of inference, and peak RSS.
 * --model=NAME times a model of the catalogue other than the default.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-resample.h"

#include "bench-photos.h"

enum
{
  DECODE,
  PREPROCESS,
  INFERENCE,
  POSTPROCESS,
  ENCODE,
  TOTAL,
  N_STAGES
};

static const char *stage_names[N_STAGES]
    = { "decode", "preprocess", "inference", "postprocess", "encode", "total" };

/* One whole cut-out of @path, as cutout-cli does it, stage by stage. */
static void
run_once (CutoutEngine *engine, const char *path, const char *out, double t[N_STAGES])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) image = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  g_autofree float *input = NULL;
  g_autofree float *output = NULL;
  double t0 = bench_now (), t1, t2, t3, t4;

  image = cutout_decode_file (path, &error);
  g_assert_no_error (error);
  t1 = bench_now ();
  input = cutout_engine_preprocess (engine, image);
  t2 = bench_now ();
  output = cutout_engine_infer (engine, input, NULL, &error);
  g_assert_no_error (error);
  t3 = bench_now ();
  mask = cutout_engine_postprocess (engine, output, image->width, image->height);
  t4 = bench_now ();
  {
    CutoutExportOptions options; /* the default: PNG, fast */
    cutout_export_options_init (&options);
    cutout_export_file (image, mask, &options, NULL, NULL, out, NULL, &error);
  }
  g_assert_no_error (error);
  t[ENCODE] = bench_now () - t4;
  t[DECODE] = t1 - t0;
  t[PREPROCESS] = t2 - t1;
  t[INFERENCE] = t3 - t2;
  t[POSTPROCESS] = t4 - t3;
  t[TOTAL] = bench_now () - t0;
}

static void
bench_photo (CutoutEngine *engine, const char *path, const char *out, int runs)
{
  g_autofree double *times = g_new (double, (gsize) N_STAGES *runs);
  g_autoptr (CutoutImage) probe = cutout_decode_file (path, NULL);
  double med[N_STAGES], warm[N_STAGES];
  g_autofree char *base = g_path_get_basename (path);

  g_assert_nonnull (probe);
  run_once (engine, path, out, warm);
  for (int r = 0; r < runs; r++)
    {
      double t[N_STAGES];
      run_once (engine, path, out, t);
      for (int s = 0; s < N_STAGES; s++)
        times[s * runs + r] = t[s];
    }
  printf ("\n%s (%d×%d), median of %d runs:\n", base, probe->width, probe->height, runs);
  for (int s = 0; s < N_STAGES; s++)
    {
      med[s] = bench_median (times + s * runs, runs);
      printf ("  %-12s %8.1f ms\n", stage_names[s], med[s] * 1000);
    }
  printf ("  total / inference = %.2f\n", med[TOTAL] / med[INFERENCE]);
}

/* A test photo enlarged to width × height (each channel resized as a plane). */
static char *
make_photo (const char *dir, const char *src, int width, int height)
{
  g_autoptr (CutoutImage) small = cutout_decode_file (src, NULL);
  g_autoptr (CutoutImage) big = cutout_image_new (width, height, 4);
  g_autoptr (CutoutImage) plane_out = cutout_image_new (width, height, 1);
  g_autofree float *plane = NULL;
  char *path = g_strdup_printf ("%s/photo-%dx%d.jpg", dir, width, height);

  g_assert_nonnull (small);
  plane = g_new (float, (gsize) small->width * small->height);
  for (int c = 0; c < 4; c++)
    {
      for (gsize i = 0; i < (gsize) small->width * small->height; i++)
        plane[i] = small->pixels[i * 4 + c] / 255.0f;
      cutout_resample_plane_to_mask (plane, small->width, small->height, plane_out);
      for (gsize i = 0; i < (gsize) width * height; i++)
        big->pixels[i * 4 + c] = plane_out->pixels[i];
    }
  bench_write_jpeg (big, path, 92);
  return path;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autoptr (CutoutEngine) engine = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (GPtrArray) photos = g_ptr_array_new_with_free_func (g_free);
  const char *env_runs = g_getenv ("CUTOUT_BENCH_RUNS");
  int runs = env_runs ? atoi (env_runs) : 5;
  const char *model = NULL;
  const CutoutModelInfo *info;
  gboolean made; /* the photos are made here (none named), and removed */
  struct rusage usage;
  double t0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (g_str_has_prefix (argv[i], "--model="))
        model = argv[i] + strlen ("--model=");
      else
        g_ptr_array_add (photos, g_strdup (argv[i]));
    }
  runs = MAX (runs, 1);
  /* Photos named on the command line need no test photos. */
  if (photos->len == 0 && !bench_require_testdata ())
    {
      g_rmdir (dir);
      return BENCH_SKIP;
    }
  g_assert_no_error (error);
  t0 = bench_now ();
  info = cutout_catalogue_find (catalogue, model, &error);
  g_assert_no_error (error);
  engine = cutout_engine_new (info, 0, &error);
  g_assert_no_error (error);
  printf ("model load: %.0f ms (%s%s)\n", (bench_now () - t0) * 1000,
          cutout_engine_get_model_info (engine)->id,
          cutout_engine_is_widened (engine) ? ", fp16 file run in fp32" : "");

  made = photos->len == 0;
  if (made)
    {
      g_autofree char *src
          = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "alphamatting", "GT04.png", NULL);
      g_ptr_array_add (photos, make_photo (dir, src, 1920, 1080));
      g_ptr_array_add (photos, make_photo (dir, src, 4000, 3000));
    }
  for (guint i = 0; i < photos->len; i++)
    bench_photo (engine, g_ptr_array_index (photos, i), out, runs);

  getrusage (RUSAGE_SELF, &usage);
  printf ("\npeak RSS: %.0f MiB\n", usage.ru_maxrss / 1024.0);

  g_unlink (out);
  for (guint i = 0; i < photos->len && made; i++)
    g_unlink (g_ptr_array_index (photos, i));
  g_rmdir (dir);
  return 0;
}
