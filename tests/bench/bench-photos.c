/* bench-photos.c: photos for the benchmarks
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-resample.h"
#include "cutout-testlib.h"

#include "bench-photos.h"

/* The benchmarks run on the test photos: without them, says so in one line
 * and returns FALSE (the program then returns BENCH_SKIP). */
gboolean
bench_require_testdata (void)
{
  g_autofree char *why = cutout_test_testdata_missing ();

  if (why == NULL)
    return TRUE;
  printf ("SKIP: %s\n", why);
  return FALSE;
}

/* For g_ptr_array_sort() of strings: it passes pointers to the elements. */
static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Seconds on the monotonic clock. */
double
bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* For qsort() and g_array_sort(): doubles in increasing order. */
int
bench_compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The median of the @n values in @v (which it sorts). */
double
bench_median (double *v, int n)
{
  qsort (v, n, sizeof *v, bench_compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* @img (opaque) as a JPEG, through the export's own writer. */
void
bench_write_jpeg (const CutoutImage *img, const char *path, int quality)
{
  g_autoptr (CutoutImage) opaque = cutout_image_new (img->width, img->height, 1);
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;

  memset (opaque->pixels, 255, (gsize) img->width * img->height);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  options.quality = quality;
  if (!cutout_export_file (img, opaque, &options, NULL, NULL, path, NULL, &error))
    g_error ("%s", error->message);
}

/* The real photos of every test set. */
static GPtrArray *
list_sources (void)
{
  const char *root = g_getenv ("CUTOUT_TESTDATA");
  const char *sets[] = { "voc", "portrait", "ecssd", "alphamatting", "matting", NULL };
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (root);
  for (int s = 0; sets[s] != NULL; s++)
    {
      g_autofree char *dir_path = g_build_filename (root, sets[s], NULL);
      g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (!strstr (name, ".mask.") && !strstr (name, ".ignore.")
            && (g_str_has_suffix (name, ".jpg") || g_str_has_suffix (name, ".png")))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (paths, g_build_filename (dir_path, names->pdata[i], NULL));
    }
  g_assert_cmpuint (paths->len, >, 0);
  return paths;
}

/* @src scaled to cover width × height, centre-cropped, with grain. */
static CutoutImage *
fill_frame (const CutoutImage *src, int width, int height, GRand *rand)
{
  double scale = MAX ((double) width / src->width, (double) height / src->height);
  int sw = MAX (width, (int) (src->width * scale + 0.5));
  int sh = MAX (height, (int) (src->height * scale + 0.5));
  g_autoptr (CutoutImage) scaled = cutout_resample_image (src, sw, sh);
  CutoutImage *out = cutout_image_new (width, height, 4);
  int x0 = (sw - width) / 2, y0 = (sh - height) / 2;

  for (int y = 0; y < height; y++)
    {
      const guint8 *in = cutout_image_row (scaled, y0 + y) + (gsize) x0 * 4;
      guint8 *o = cutout_image_row (out, y);
      for (int x = 0; x < width * 4; x++)
        o[x] = (x % 4 == 3) ? 255 : CLAMP (in[x] + g_rand_int_range (rand, -6, 7), 0, 255);
    }
  return out;
}

/* @n JPEGs of @width × @height in @dir, made from the test sets' real
 * photos: each scaled to fill the frame, centre-cropped and given a little
 * grain, so that they compress like a camera's rather than like smooth
 * enlargements. */
GPtrArray *
bench_make_photos (const char *dir, int n, int width, int height)
{
  g_autoptr (GPtrArray) sources = list_sources ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261125);
  GPtrArray *photos = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n; i++)
    {
      const char *src_path = sources->pdata[i % sources->len];
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutImage) src = cutout_decode_file (src_path, &error);
      g_autoptr (CutoutImage) photo = NULL;
      char *path = g_strdup_printf ("%s/photo-%02d.jpg", dir, i);

      g_assert_no_error (error);
      photo = fill_frame (src, width, height, rand);
      bench_write_jpeg (photo, path, 90);
      g_ptr_array_add (photos, path);
    }
  return photos;
}

/* Removes @dir and the files in it. */
void
bench_remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (dir);
}

/* The model alone, once on each of @photos, back to back, with nothing
 * else running: the time a batch would take if everything but the model
 * were free (decoding and preparing each input left out); in @n_unsure
 * (if not NULL) how many of them the pipeline would look at twice. */
double
bench_time_model_alone (CutoutEngine *engine, GPtrArray *photos, guint *n_unsure)
{
  double total = 0;
  guint unsure = 0;

  for (guint i = 0; i < photos->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutImage) image = cutout_decode_file (photos->pdata[i], &error);
      g_autofree float *input = NULL;
      g_autofree float *output = NULL;
      double t0;

      g_assert_no_error (error);
      input = cutout_engine_preprocess (engine, image);
      t0 = bench_now ();
      output = cutout_engine_infer (engine, input, NULL, &error);
      total += bench_now () - t0;
      g_assert_no_error (error);
      unsure += cutout_engine_uncertainty (engine, output) >= CUTOUT_SECOND_LOOK_UNCERTAINTY;
    }
  if (n_unsure != NULL)
    *n_unsure = unsure;
  return total;
}
