/* cutout-bench-batch.c: a whole batch through the queue, against the model
 *
 * Usage: cutout-bench-batch [--photos N] [--size WxH] [--workers N]
 *                           [--intra N] [--repeat N] [--sweep] [--keep]
 *                           [--plain-edges] [--best] [--no-second-look]
 *                           [--photo-cache MIB]
 *
 * Makes N JPEG photos of the given size (default 50 at 1920×1080) from the
 * real photos in CUTOUT_TESTDATA, cropped to fill the frame, with a little
 * grain so that they compress like a camera's rather than like smooth
 * enlargements. Then it times:
 *
 *   - the model alone: one inference per photo, back to back, with the
 *     decoding and preparing of each input left out of the time;
 *   - the batch: every photo through a CutoutQueue, from adding them to the
 *     last PNG written;
 *
 * alternately, --repeat times each, and prints the medians: the batch's wall
 * time, photos per second, the model's time per photo, the batch's peak RSS,
 * and the batch's rate as a fraction of the rate the model alone allows
 * (model-alone time / batch time; the target is ≥ 0.9).
 *
 * --keep leaves the photos and their cutouts in the temporary folder.
 *
 * The queue refines edges, as the app and the CLI do by default;
 * --plain-edges enlarges masks bilinearly instead; --best runs the model on
 * each photo's mirror image too (Best Quality); --no-second-look leaves out
 * the second, letterboxed run on the photos the model is unsure of (the
 * model alone runs once per photo, and says how many of them it is unsure
 * of).
 *
 * --sweep runs the batch for several splits of the cores between the
 * model's intra-op threads and the queue's decode/encode workers.
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
#include "cutout-queue.h"
#include "cutout-resample.h"

#include "bench-photos.h"

typedef struct
{
  int n_photos;
  int width, height;
  int workers;
  int intra;
  int repeat;
  gboolean sweep;
  gboolean keep;
  gboolean plain_edges; /* the queue's own default; the apps refine */
} Options;

typedef struct
{
  double wall;        /* the batch, seconds, median */
  double model_alone; /* the model alone on the same photos, seconds, median */
  double peak_rss;    /* MiB, the batches' own peak */
  guint n_done;
} Result;

/* Peak RSS since the last reset_peak_rss(), in MiB (VmHWM). */
static double
peak_rss (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

/* So that the peak measured is the batch's, not the making of the photos. */
static void
reset_peak_rss (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");

  if (f == NULL)
    return;
  fputs ("5", f);
  fclose (f);
}

/* How many of the photos the model is unsure of (a second look each). */
static guint n_unsure;

/* All @photos through a queue, writing cutouts into @dir; seconds. */
static gboolean best_quality, no_second_look;
/* Clean colours, the app's default (cutout-cli --clean-colours). */
static gboolean clean_colours;
/* The queue's photo cache (cutout-queue-photos.c), as in the app unless
 * --photo-cache MIB says otherwise (0: none, as in the CLI). */
static guint64 photo_cache_bytes = CUTOUT_QUEUE_DEFAULT_PHOTO_CACHE_BYTES;

static double
run_batch (CutoutEngine *engine,
           int workers,
           gboolean refine,
           GPtrArray *photos,
           const char *dir,
           guint *n_done)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (CutoutQueue) queue = NULL;
  double t0, wall;

  g_main_context_push_thread_default (context);
  queue = cutout_queue_new (engine, workers);
  cutout_queue_set_refine_edges (queue, refine);
  cutout_queue_set_best_quality (queue, best_quality);
  cutout_queue_set_second_look (queue, !no_second_look);
  cutout_queue_set_photo_cache_bytes (queue, photo_cache_bytes);
  t0 = bench_now ();
  for (guint i = 0; i < photos->len; i++)
    {
      g_autofree char *base = g_path_get_basename (photos->pdata[i]);
      g_autofree char *out = g_strdup_printf ("%s/%s.png", dir, base);
      g_autoptr (CutoutJob) job = cutout_job_new (photos->pdata[i]);
      g_autoptr (CutoutAddReport) report = NULL;

      cutout_job_set_output (job, out);
      if (clean_colours)
        {
          CutoutExportOptions options;
          cutout_export_options_init (&options);
          options.clean_colours = TRUE;
          cutout_job_set_export_options (job, &options);
        }
      report = cutout_queue_add_job (queue, job);
      g_assert_cmpuint (report->added->len, ==, 1);
    }
  while (cutout_queue_get_busy (queue))
    g_main_context_iteration (context, TRUE);
  wall = bench_now () - t0;
  *n_done = cutout_queue_get_n_done (queue);
  g_clear_object (&queue);
  g_main_context_pop_thread_default (context);
  return wall;
}

/* Alternates the model alone and the batch, --repeat times each, so that
 * both see the same conditions on a shared machine. */
static Result
bench (const CutoutModelInfo *info,
       const Options *o,
       int workers,
       int intra,
       GPtrArray *photos,
       const char *dir)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = cutout_engine_new (info, intra, &error);
  g_autoptr (GPtrArray) first = g_ptr_array_new ();
  g_autofree double *walls = g_new (double, o->repeat);
  g_autofree double *alone = g_new (double, o->repeat);
  Result r = { 0 };

  g_assert_no_error (error);
  g_ptr_array_add (first, photos->pdata[0]);
  bench_time_model_alone (engine, first, NULL); /* warm-up */
  for (int i = 0; i < o->repeat; i++)
    {
      alone[i] = bench_time_model_alone (engine, photos, &n_unsure);
      reset_peak_rss ();
      walls[i] = run_batch (engine, workers, !o->plain_edges, photos, dir, &r.n_done);
      r.peak_rss = MAX (r.peak_rss, peak_rss ());
    }
  r.wall = bench_median (walls, o->repeat);
  r.model_alone = bench_median (alone, o->repeat);
  return r;
}

static void
print_result (int workers, int intra, const Result *r, int n)
{
  g_autofree char *intra_s = intra > 0 ? g_strdup_printf ("%d", intra) : g_strdup ("auto");

  printf ("%-8d %-6s %8.1f %9.3f %10.0f %12.3f %8.0f %6u/%d\n", workers, intra_s, r->wall,
          n / r->wall, r->model_alone / n * 1000, r->model_alone / r->wall, r->peak_rss, r->n_done,
          n);
}

/* The model ratio above counts one run a photo; the batch runs it as often
 * as the pipeline does (the mirror image's with Best Quality, a second look
 * where the first run is unsure). Against that many runs, the ratio is the
 * time the batch spends outside the model alone. */
static void
print_runs_ratio (const Result *r, int n)
{
  guint runs = (best_quality ? 2 : 1) * n + (no_second_look ? 0 : n_unsure);
  double per_run = r->model_alone / n;

  printf ("the model run %u times as the pipeline does: %.1f s, %.3f of the batch's wall time\n",
          runs, per_run * runs, per_run * runs / r->wall);
}

static void
parse (Options *o, int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
      if (g_str_equal (a, "--sweep"))
        o->sweep = TRUE;
      else if (g_str_equal (a, "--keep"))
        o->keep = TRUE;
      else if (g_str_equal (a, "--plain-edges"))
        o->plain_edges = TRUE;
      else if (g_str_equal (a, "--best"))
        best_quality = TRUE;
      else if (g_str_equal (a, "--no-second-look"))
        no_second_look = TRUE;
      else if (g_str_equal (a, "--clean-colours"))
        clean_colours = TRUE;
      else if (v != NULL && g_str_equal (a, "--photo-cache"))
        photo_cache_bytes = (guint64) atoi (v) * 1024 * 1024, i++;
      else if (v != NULL && g_str_equal (a, "--photos"))
        o->n_photos = atoi (v), i++;
      else if (v != NULL && g_str_equal (a, "--workers"))
        o->workers = atoi (v), i++;
      else if (v != NULL && g_str_equal (a, "--intra"))
        o->intra = atoi (v), i++;
      else if (v != NULL && g_str_equal (a, "--repeat"))
        o->repeat = atoi (v), i++;
      else if (v != NULL && g_str_equal (a, "--size")
               && sscanf (v, "%dx%d", &o->width, &o->height) == 2)
        i++;
      else
        {
          g_printerr ("usage: %s [--photos N] [--size WxH] [--workers N] [--intra N] "
                      "[--repeat N] [--sweep] [--keep] [--plain-edges] [--best] "
                      "[--no-second-look] [--clean-colours] [--photo-cache MIB]\n",
                      argv[0]);
          exit (2);
        }
    }
  o->n_photos = CLAMP (o->n_photos, 1, CUTOUT_QUEUE_MAX_JOBS);
  o->repeat = MAX (o->repeat, 1);
}

int
main (int argc, char **argv)
{
  Options o = { 50, 1920, 1080, CUTOUT_QUEUE_DEFAULT_WORKERS, 0, 1, FALSE, FALSE };
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-batch-XXXXXX", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  const CutoutModelInfo *info;
  Result last = { 0 };

  parse (&o, argc, argv);
  if (!bench_require_testdata ())
    {
      g_rmdir (dir);
      return BENCH_SKIP;
    }
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  info = cutout_catalogue_find (catalogue, NULL, &error);
  g_assert_no_error (error);

  printf ("making %d photos of %d×%d…\n", o.n_photos, o.width, o.height);
  photos = bench_make_photos (dir, o.n_photos, o.width, o.height);
  printf ("model %s, %u cores; medians of %d run(s)\n\n", info->id, g_get_num_processors (),
          o.repeat);
  printf ("%-8s %-6s %8s %9s %10s %12s %8s %8s\n", "workers", "intra", "wall s", "photos/s",
          "model ms", "model ratio", "peak MiB", "done");

  if (o.sweep)
    {
      /* intra 0 is the engine's default */
      const int splits[][2] = { { 1, 0 }, { 2, 0 }, { 1, 1 }, { 2, 1 }, { 1, 3 } };
      for (guint i = 0; i < G_N_ELEMENTS (splits); i++)
        {
          Result r = bench (info, &o, splits[i][0], splits[i][1], photos, dir);
          print_result (splits[i][0], splits[i][1], &r, o.n_photos);
        }
    }
  else
    {
      last = bench (info, &o, o.workers, o.intra, photos, dir);
      print_result (o.workers, o.intra, &last, o.n_photos);
    }
  printf ("\nthe model is unsure of %u of the %d photos (a second look for each%s)\n", n_unsure,
          o.n_photos, no_second_look ? ", left out here" : "");
  if (!o.sweep)
    print_runs_ratio (&last, o.n_photos);

  if (o.keep)
    {
      printf ("\nphotos and cutouts kept in %s\n", dir);
      return 0;
    }
  bench_remove_dir (dir);
  return 0;
}
