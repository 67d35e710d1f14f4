/* cutout-bench-kept.c: exporting a finished 12 MP photo with the photo the
 * queue kept, against decoding it again (docs/PERFORMANCE.md)
 *
 *   cutout-bench-kept [--size WxH] [--repeat N]
 *
 * The queue runs on the simulated engine with refinement on (the app's
 * default), so that it decodes the photo at full size as the app does;
 * the export is cutout_export_item(), the window's path.
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
#include "cutout-export.h"
#include "cutout-queue.h"

#include "bench-photos.h"

/* ISNet's input size, so that the photo is decoded reduced for it as in
 * the app and again at full size for refinement. */
static const CutoutModelInfo model = {
  .id = "simulated",
  .name = "simulated",
  .file = "none",
  .input = "input",
  .input_width = 1024,
  .input_height = 1024,
  .mean = { 128, 128, 128 },
  .std = { 256, 256, 256 },
  .output = "output",
  .license = "none",
};

static double
export_once (CutoutExportItem *item, const CutoutExportOptions *options, const char *out)
{
  g_autoptr (GError) error = NULL;
  double t0 = bench_now ();

  if (!cutout_export_item (item, options, out, NULL, &error))
    g_error ("%s", error->message);
  return bench_now () - t0;
}

int
main (int argc, char **argv)
{
  int width = 4000, height = 3000, repeat = 5;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-kept-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autoptr (CutoutQueue) queue = NULL;
  g_autoptr (CutoutAddReport) report = NULL;
  g_autoptr (CutoutExportItem) item = NULL;
  g_autoptr (GBytes) mask = NULL;
  CutoutPhoto *kept;
  CutoutJob *job;
  const char *formats[] = { "png", "jpg" };
  double times[16], copies[16], decodes[16];

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

  photos = bench_make_photos (dir, 1, width, height);
  engine = cutout_engine_new_simulated (&model, 0);
  queue = cutout_queue_new (engine, 1);
  cutout_queue_set_refine_edges (queue, TRUE);
  report = cutout_queue_add (queue, (const char *const[]){ photos->pdata[0], NULL });
  job = report->added->pdata[0];
  while (cutout_queue_get_busy (queue))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  kept = cutout_queue_ref_photo (queue, job);
  g_assert_nonnull (kept);
  {
    GStatBuf st;
    g_assert_cmpint (g_stat (photos->pdata[0], &st), ==, 0);
    printf ("# exporting a finished %d × %d photo (a %.1f MB JPEG) with cutout_export_item(); "
            "median of %d runs\n",
            width, height, st.st_size / 1e6, repeat);
  }
  printf ("# kept: %.1f MB in the queue's cache (budget %.0f MiB)\n",
          cutout_queue_get_photo_cache_used (queue) / 1e6,
          cutout_queue_get_photo_cache_bytes (queue) / 1048576.0);

  mask = cutout_job_ref_mask_data (job);
  item = cutout_export_item_new (cutout_job_get_path (job), mask, cutout_job_get_width (job),
                                 cutout_job_get_height (job));
  printf ("%-28s %10s %10s %8s\n", "format", "decoded s", "kept s", "ratio");
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      CutoutExportOptions options;
      double decoded, with;

      cutout_export_options_init (&options);
      cutout_format_parse (formats[f], &options.format);
      g_clear_pointer (&item->photo, cutout_photo_unref);
      for (int r = 0; r < repeat; r++)
        times[r] = export_once (item, &options, out);
      decoded = bench_median (times, repeat);
      item->photo = cutout_photo_ref (kept);
      for (int r = 0; r < repeat; r++)
        times[r] = export_once (item, &options, out);
      with = bench_median (times, repeat);
      printf ("%-28s %10.3f %10.3f %8.2f\n", cutout_format_get_extension (options.format), decoded,
              with, decoded / with);
    }

  /* What a copy of the kept photo would cost instead of sharing it. */
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr (CutoutImage) copy = NULL;
      g_autoptr (CutoutImage) decoded = NULL;
      double t0 = bench_now ();
      copy = cutout_image_copy (cutout_photo_get_image (kept));
      copies[r] = bench_now () - t0;
      t0 = bench_now ();
      decoded = cutout_decode_file (cutout_job_get_path (job), NULL);
      decodes[r] = bench_now () - t0;
    }
  printf ("# a copy of the photo: %.3f s; decoding the file: %.3f s\n",
          bench_median (copies, repeat), bench_median (decodes, repeat));
  cutout_photo_unref (kept);
  g_clear_pointer (&item, cutout_export_item_free);
  g_clear_object (&queue);
  bench_remove_dir (dir);
  return 0;
}
