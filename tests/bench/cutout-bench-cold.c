/* cutout-bench-cold.c: a short batch from a cold start, against the model
 *
 * Usage: cutout-bench-cold [--repeat N] [--clean-colours]
 *
 * The case of someone who cuts out a handful of photos at a time: ten
 * photos of mixed sizes (four of 1920×1080, four of 4000×3000, two of
 * 800×600, made as cutout-bench-batch makes them) given to a new
 * `cutout-cli -d DIR` process ($CUTOUT_CLI), timed from its start to its
 * exit, so with the model's loading and its first run; against the model
 * alone, already loaded and warm, run once on each photo (the decoding and
 * preparing of each input left out). Alternately, --repeat times each (3),
 * and the medians; issue 20's target is a ratio of at most 1.15.
 * --clean-colours gives the CLI --clean-colours (the app's default).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-engine.h"

#include "bench-photos.h"

static const struct
{
  int n, width, height;
} mix[] = { { 4, 1920, 1080 }, { 4, 4000, 3000 }, { 2, 800, 600 } };

/* The photos of the mix, in a folder of each size under @dir. */
static GPtrArray *
make_mix (const char *dir)
{
  GPtrArray *photos = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%dx%d", dir, mix[i].width, mix[i].height);
      g_autoptr (GPtrArray) made = NULL;

      g_mkdir (sub, 0700);
      made = bench_make_photos (sub, mix[i].n, mix[i].width, mix[i].height);
      for (guint j = 0; j < made->len; j++)
        g_ptr_array_add (photos, g_strdup (made->pdata[j]));
    }
  return photos;
}

/* @dir, its folders of photos and the cutouts' folder. */
static void
remove_all (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (mix); i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%dx%d", dir, mix[i].width, mix[i].height);
      bench_remove_dir (sub);
    }
  {
    g_autofree char *out = g_build_filename (dir, "out", NULL);
    bench_remove_dir (out);
  }
  bench_remove_dir (dir);
}

/* A new cutout-cli on every photo, from its start to its exit; seconds. */
static double
time_cold_batch (GPtrArray *photos, const char *out, gboolean clean_colours)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  double t0;

  bench_remove_dir (out);
  g_mkdir (out, 0700);
  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  g_ptr_array_add (argv, "--quiet");
  if (clean_colours)
    g_ptr_array_add (argv, "--clean-colours");
  g_ptr_array_add (argv, "-d");
  g_ptr_array_add (argv, (char *) out);
  for (guint i = 0; i < photos->len; i++)
    g_ptr_array_add (argv, photos->pdata[i]);
  g_ptr_array_add (argv, NULL);
  t0 = bench_now ();
  process = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (process, NULL, &error));
  return bench_now () - t0;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-cold-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  gboolean clean_colours = FALSE;
  int repeat = 3;
  g_autofree double *cold = NULL;
  g_autofree double *alone = NULL;
  guint n_unsure = 0;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--clean-colours"))
      clean_colours = TRUE;
    else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
      repeat = atoi (argv[++i]);
    else
      {
        g_printerr ("usage: %s [--repeat N] [--clean-colours]\n", argv[0]);
        return 2;
      }
  repeat = MAX (repeat, 1);
  if (!bench_require_testdata () || g_getenv ("CUTOUT_CLI") == NULL)
    {
      remove_all (dir);
      return BENCH_SKIP;
    }
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  engine = cutout_engine_new (cutout_catalogue_find (catalogue, NULL, NULL), 0, &error);
  g_assert_no_error (error);
  photos = make_mix (dir);
  printf ("%u photos (4 × 1920×1080, 4 × 4000×3000, 2 × 800×600), %s; medians of %d\n\n",
          photos->len, clean_colours ? "--clean-colours" : "the CLI's defaults", repeat);
  bench_time_model_alone (engine, photos, NULL); /* warm-up */
  cold = g_new (double, repeat);
  alone = g_new (double, repeat);
  printf ("%-4s %14s %16s %8s\n", "run", "cold batch s", "model alone s", "ratio");
  for (int i = 0; i < repeat; i++)
    {
      alone[i] = bench_time_model_alone (engine, photos, &n_unsure);
      cold[i] = time_cold_batch (photos, out, clean_colours);
      printf ("%-4d %14.2f %16.2f %8.3f\n", i + 1, cold[i], alone[i], cold[i] / alone[i]);
    }
  printf ("\nmedian: cold batch %.2f s, model alone %.2f s; the model is unsure of %u photos "
          "(looked at twice by the batch)\n",
          bench_median (cold, repeat), bench_median (alone, repeat), n_unsure);
  printf ("ratio of medians: %.3f (target ≤ 1.15)\n",
          bench_median (cold, repeat) / bench_median (alone, repeat));
  remove_all (dir);
  return 0;
}
