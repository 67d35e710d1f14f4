/* cutout-cli.c: remove the background of photos from the command line
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cutout-catalogue.h"
#include "cutout-cli.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-i18n.h"
#include "cutout-id-photo.h"
#include "cutout-inputs.h"
#include "cutout-ort.h"
#include "cutout-queue.h"

static void
print_error (const char *file, const char *message)
{
  if (file != NULL)
    g_printerr ("cutout-cli: %s: %s\n", file, message);
  else
    g_printerr ("cutout-cli: %s\n", message);
}

/* One run over all inputs. The queue holds at most CUTOUT_QUEUE_MAX_JOBS
 * images, so inputs are fed to it as earlier ones finish. */
typedef struct
{
  Options *o;
  CutoutQueue *queue;
  GMainLoop *loop;
  guint next_input;
  guint n_inputs;
  guint n_finished;
  guint n_failed;
  guint n_done;
  GPtrArray *failures;       /* "file: reason" lines for the summary */
  GPtrArray *results;        /* with --zip: the files written, to put into it */
  GCancellable *cancellable; /* cancelled by SIGINT or SIGTERM */
  int signal;                /* which, once interrupted */
  gboolean zip_done;
  GError *zip_error;
  gboolean interrupted;
  gboolean tty;
  gboolean bar_shown;
  char *bar_line;          /* as last drawn */
  GHashTable *jobs;        /* CutoutJob → Where, while in the queue */
  CutoutCliReport *report; /* --report's rows, or NULL */
} Run;

/* What the command line said for a job. */
typedef struct
{
  char *input; /* as given */
  guint index; /* among the inputs */
  /* With --id-photo or --product: where it goes, once cut out; else NULL. */
  char *framed_output;
} Where;

static void
where_free (Where *w)
{
  g_free (w->input);
  g_free (w->framed_output);
  g_free (w);
}

static void feed (Run *run);

static const char *
input_of (Run *run, CutoutJob *job)
{
  return ((Where *) g_hash_table_lookup (run->jobs, job))->input;
}

static void
clear_bar (Run *run)
{
  if (run->bar_shown)
    g_printerr ("\r\033[K");
  run->bar_shown = FALSE;
  g_clear_pointer (&run->bar_line, g_free);
}

/* [##########..........] 12/50  photo.jpg 45 % */
static gboolean
draw_bar_cb (gpointer data)
{
  Run *run = data;
  double progress = cutout_queue_get_progress (run->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (run->queue));
  /* Overall: finished inputs plus the queue's share of the rest. */
  double overall = run->n_inputs ? (run->n_finished + progress * n_items
                                    - (double) (cutout_queue_get_n_done (run->queue)
                                                + cutout_queue_get_n_failed (run->queue)))
                                       / run->n_inputs
                                 : 0;
  g_autoptr (CutoutJob) current = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  char bar[31];
  int filled;

  for (guint i = 0; i < n_items && current == NULL; i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (run->queue), i);
      if (cutout_job_get_state (job) == CUTOUT_JOB_CUTTING_OUT)
        current = g_steal_pointer (&job);
    }
  filled = (int) (CLAMP (overall, 0, 1) * 30);
  memset (bar, '#', filled);
  memset (bar + filled, '.', 30 - filled);
  bar[30] = '\0';
  g_string_printf (line, "[%s] %u/%u", bar, run->n_finished, run->n_inputs);
  if (current != NULL)
    g_string_append_printf (line, "  %s %d %%", cutout_job_get_display_name (current),
                            (int) (cutout_job_get_progress (current) * 100));
  if (run->bar_shown && g_strcmp0 (line->str, run->bar_line) == 0)
    return G_SOURCE_CONTINUE;
  g_printerr ("\r\033[K%s", line->str);
  g_free (run->bar_line);
  run->bar_line = g_string_free (g_steal_pointer (&line), FALSE);
  run->bar_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

/* Input @index (@input) failed, for @reason. */
static void
report_failure (Run *run, guint index, const char *input, const char *reason)
{
  g_autofree char *shown = g_filename_display_name (input);

  if (run->report != NULL)
    cutout_cli_report_add (run->report, index, input, NULL, NULL, reason);
  clear_bar (run);
  print_error (shown, reason);
  g_ptr_array_add (run->failures, g_strdup_printf ("%s: %s", shown, reason));
  run->n_failed++;
}

/* Where @job's result goes: an ID or product photo is written here, once
 * cut out. */
static const char *
output_of (Run *run, CutoutJob *job)
{
  const char *framed = ((Where *) g_hash_table_lookup (run->jobs, job))->framed_output;
  return framed ? framed : cutout_job_get_output (job);
}

/* A warning about @job's input, which does not fail it. */
static void
warn (Run *run, CutoutJob *job, const char *message)
{
  g_autofree char *shown = g_filename_display_name (input_of (run, job));

  if (run->o->quiet)
    return;
  clear_bar (run);
  print_error (shown, message);
}

/* The ID photo of @job's cutout: framed from its mask, on the background,
 * at the size's pixels and 300 DPI, and its print sheet if asked for. */
static gboolean
write_id_photo (Run *run, CutoutJob *job, GError **error)
{
  Options *o = run->o;
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);
  g_autoptr (CutoutPhoto) photo = NULL;
  const char *path = output_of (run, job);
  g_autofree char *sheet = o->print_sheet ? cutout_id_sheet_path (path) : NULL;
  g_autofree char *note = NULL;
  CutoutBox frame;
  int w, h;

  g_return_val_if_fail (mask != NULL, FALSE);
  photo = cutout_photo_load_for (NULL, cutout_job_get_path (job), mask->width, mask->height, error);
  if (photo == NULL)
    return FALSE;
  cutout_id_pixel_size (o->id_width_mm, o->id_height_mm, &w, &h);
  frame = cutout_id_place_frame (mask, (double) w / h);
  if (!cutout_id_export (cutout_photo_get_image (photo), mask, &frame, o->id_width_mm,
                         o->id_height_mm, sheet, &o->export, cutout_photo_get_metadata (photo),
                         cutout_job_get_path (job), path, NULL, error))
    return FALSE;
  note = cutout_upscale_note (cutout_id_upscale (&frame, o->id_width_mm, o->id_height_mm), w, h);
  if (note != NULL)
    warn (run, job, note);
  return TRUE;
}

/* The product photo of @job's cutout, in the preset's frame; a photo too
 * small for it is enlarged, with a warning, and a JPEG's quality lowered
 * to fit --max-bytes is told. */
static gboolean
write_product (Run *run, CutoutJob *job, GError **error)
{
  const CutoutProductPreset *preset = &run->o->product_preset;
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autoptr (CutoutImage) framed = NULL;
  g_autofree char *note = NULL;
  double upscale = 1;
  int quality = preset->quality;

  g_return_val_if_fail (mask != NULL, FALSE);
  photo = cutout_photo_load_for (NULL, cutout_job_get_path (job), mask->width, mask->height, error);
  if (photo == NULL)
    return FALSE;
  framed = cutout_product_render (cutout_photo_get_image (photo), mask, preset,
                                  run->o->clean_colours, &upscale, NULL, error);
  if (framed == NULL
      || !cutout_product_export (framed, preset, cutout_photo_get_metadata (photo),
                                 cutout_job_get_path (job), output_of (run, job), &quality, NULL,
                                 error))
    return FALSE;
  note = cutout_upscale_note (upscale, preset->width, preset->height);
  if (note != NULL)
    warn (run, job, note);
  if (quality != preset->quality)
    {
      /* The cap as text: a format macro would cut the message short for
       * xgettext. */
      g_autofree char *cap = g_strdup_printf ("%" G_GSIZE_FORMAT, preset->max_bytes);
      g_autofree char *message = g_strdup_printf (
          _ ("JPEG quality lowered from %d to %d to fit %s bytes"), preset->quality, quality, cap);
      warn (run, job, message);
    }
  return TRUE;
}

/* Where @job's result was written, as told: with --zip, the archive and
 * the member's name. */
static char *
written_as (Run *run, CutoutJob *job)
{
  g_autofree char *base = g_path_get_basename (output_of (run, job));

  if (run->o->zip != NULL)
    return g_strdup_printf ("%s: %s", run->o->zip, base);
  return g_strdup (output_of (run, job));
}

static void
job_finished_cb (CutoutQueue *queue, CutoutJob *job, Run *run)
{
  CutoutJobState state = cutout_job_get_state (job);
  const Where *where = g_hash_table_lookup (run->jobs, job);
  g_autoptr (GError) framed_error = NULL;

  run->n_finished++;
  if (state == CUTOUT_JOB_DONE
      && ((run->o->id_photo != NULL && !write_id_photo (run, job, &framed_error))
          || (run->o->product != NULL && !write_product (run, job, &framed_error))))
    {
      report_failure (run, where->index, where->input, framed_error->message);
      state = CUTOUT_JOB_FAILED;
    }
  else if (state == CUTOUT_JOB_FAILED)
    report_failure (run, where->index, where->input, cutout_job_get_error_message (job));
  else if (state == CUTOUT_JOB_DONE)
    run->n_done++;
  if (state == CUTOUT_JOB_DONE && run->report != NULL)
    {
      g_autofree char *written = written_as (run, job);
      cutout_cli_report_add (run->report, where->index, where->input, written,
                             cutout_job_get_review (job), NULL);
    }
  if (state == CUTOUT_JOB_DONE && run->results != NULL)
    {
      g_ptr_array_add (run->results, g_strdup (output_of (run, job)));
      /* The print sheet goes into the archive too (and is not left behind
       * in the work folder). */
      if (run->o->id_photo != NULL && run->o->print_sheet)
        g_ptr_array_add (run->results, cutout_id_sheet_path (output_of (run, job)));
    }
  if (state == CUTOUT_JOB_DONE && !run->o->quiet)
    {
      g_autofree char *shown = g_filename_display_name (input_of (run, job));
      g_autofree char *out = written_as (run, job);
      g_autofree char *shown_out = g_filename_display_name (out);
      clear_bar (run);
      g_printerr ("[%u/%u] %s → %s\n", run->n_finished, run->n_inputs, shown, shown_out);
    }
  cutout_queue_remove (queue, job);
  g_hash_table_remove (run->jobs, job);
  feed (run);
}

/* Adds inputs while the queue has room. Inputs that cannot even be queued
 * (they would overwrite themselves, or repeat an earlier one) fail here. */
static void
feed (Run *run)
{
  while (!run->interrupted && run->next_input < run->n_inputs
         && g_list_model_get_n_items (G_LIST_MODEL (run->queue)) < CUTOUT_QUEUE_MAX_JOBS)
    {
      guint index = run->next_input++;
      const char *input = run->o->inputs[index];
      g_autofree char *output = cutout_cli_output_path_for (run->o, input);
      g_autoptr (CutoutJob) job = NULL;
      g_autoptr (CutoutAddReport) report = NULL;
      g_autoptr (GError) error = NULL;
      const char *url;
      Where *where;

      if (cutout_cli_is_input (run->o, output))
        {
          g_autofree char *shown = g_filename_display_name (output);
          g_autofree char *why = g_strdup_printf (
              _ ("the output %s is an input; Cutout never overwrites an input"), shown);
          run->n_finished++;
          report_failure (run, index, input, why);
          continue;
        }
      if (!cutout_cli_check_beside (run->o, input, &error))
        {
          run->n_finished++;
          report_failure (run, index, input, error->message);
          continue;
        }
      job = cutout_job_new (input);
      where = g_new0 (Where, 1);
      /* A downloaded photo is told by its URL. */
      url = cutout_cli_fetched_url (run->o, input);
      where->input = g_strdup (url ? url : input);
      where->index = index;
      /* An ID or product photo is written once the mask is known, not by
       * the queue. */
      if (run->o->id_photo != NULL || run->o->product != NULL)
        where->framed_output = g_strdup (output);
      else
        cutout_job_set_output (job, output);
      cutout_job_set_export_options (job, &run->o->export);
      for (guint i = 0; i < run->o->boxes->len; i++)
        cutout_box_list_add (cutout_job_get_boxes (job),
                             &g_array_index (run->o->boxes, CutoutBox, i));
      /* Before it is added: it may be finished at once. */
      g_hash_table_insert (run->jobs, g_object_ref (job), where);
      report = cutout_queue_add_job (run->queue, job);
      if (report->duplicates->len > 0)
        {
          g_hash_table_remove (run->jobs, job);
          g_autofree char *shown = g_filename_display_name (input);
          const char *why = _ ("given more than once; it is cut out only once");
          run->n_finished++;
          clear_bar (run);
          print_error (shown, why);
          if (run->report != NULL)
            cutout_cli_report_add (run->report, index, input, NULL, NULL, why);
        }
    }
  if (run->n_finished == run->n_inputs)
    g_main_loop_quit (run->loop);
}

/* SIGINT (Ctrl+C) and SIGTERM alike: cancel what runs, leave nothing
 * half-written, say so and end with 128 + the signal. */
static void
interrupt (Run *run, int signum)
{
  if (run->interrupted)
    return;
  clear_bar (run);
  g_printerr (_ ("cutout-cli: interrupted; cancelling…\n"));
  run->interrupted = TRUE;
  run->signal = signum;
  g_cancellable_cancel (run->cancellable);
  /* Inputs never queued count as finished: nothing happens to them. */
  run->n_finished += run->n_inputs - run->next_input;
  run->next_input = run->n_inputs;
  cutout_queue_cancel_all (run->queue);
}

static gboolean
sigint_cb (gpointer data)
{
  interrupt (data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigterm_cb (gpointer data)
{
  interrupt (data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static void
print_summary (Run *run)
{
  clear_bar (run);
  if (run->interrupted && run->o->zip != NULL)
    {
      g_autofree char *shown = g_filename_display_name (run->o->zip);
      g_printerr (_ ("cutout-cli: interrupted: %s was not written, and no image was kept.\n"),
                  shown);
    }
  else if (run->interrupted)
    g_printerr (
        g_dngettext (GETTEXT_PACKAGE, "cutout-cli: interrupted: %u of %u image was cut out.\n",
                     "cutout-cli: interrupted: %u of %u images were cut out.\n", run->n_inputs),
        run->n_done, run->n_inputs);
  if (run->n_failed == 0 || run->n_inputs < 2)
    return;
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "cutout-cli: %u of %u image failed:\n",
                           "cutout-cli: %u of %u images failed:\n", run->n_inputs),
              run->n_failed, run->n_inputs);
  for (guint i = 0; i < run->failures->len; i++)
    g_printerr ("  %s\n", (char *) g_ptr_array_index (run->failures, i));
}

/* As cutout_export_items() does with the app's results. */
static void
zip_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Run *run = data;
  GError *error = NULL;

  if (cutout_export_zip_results (run->o->zip, run->o->zip_dir, run->results, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
zip_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;

  g_task_propagate_boolean (G_TASK (result), &run->zip_error);
  run->zip_done = TRUE;
  g_main_loop_quit (run->loop);
}

/* Stores the results in the ZIP file, then removes them and their folder.
 * The archive is written in a thread while the main loop runs, so that
 * Ctrl+C or SIGTERM cancels it too, leaving no partial archive. */
static gboolean
write_zip (Run *run)
{
  gboolean ok = TRUE;

  if (run->interrupted || run->results->len == 0)
    cutout_export_remove_workdir (run->o->zip_dir, run->results);
  else
    {
      g_autoptr (GTask) task = g_task_new (NULL, run->cancellable, zip_done_cb, run);
      g_task_set_task_data (task, run, NULL);
      g_task_run_in_thread (task, zip_thread);
      g_clear_object (&task);
      while (!run->zip_done)
        g_main_loop_run (run->loop);
      ok = run->zip_error == NULL;
      /* Once the archive is in place the run is done, even if a signal
       * came as it was being closed. */
      if (ok)
        run->interrupted = FALSE;
      if (!ok && !g_error_matches (run->zip_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_error (NULL, run->zip_error->message);
      else if (ok && !run->o->quiet)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "cutout-cli: %u image put into %s\n",
                                 "cutout-cli: %u images put into %s\n", run->results->len),
                    run->results->len, run->o->zip);
      g_clear_error (&run->zip_error);
    }
  return ok;
}

/* Writes --report's rows: every input's, or, if interrupted, those that
 * finished. */
static gboolean
write_report (Run *run)
{
  g_autoptr (GError) error = NULL;

  if (cutout_cli_report_write (run->report, &error))
    return TRUE;
  clear_bar (run);
  print_error (NULL, error->message);
  return FALSE;
}

static int
run_all (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = cutout_cli_load_engine (o->model, &error);
  g_autoptr (CutoutQueue) queue = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GHashTable) jobs = g_hash_table_new_full (g_direct_hash, g_direct_equal,
                                                       g_object_unref, (GDestroyNotify) where_free);
  g_autoptr (CutoutCliReport) report = NULL;
  Run run = { 0 };
  guint sigint_id, sigterm_id, bar_id = 0;
  gboolean zip_ok = TRUE;

  if (cutout_ort_get_warning () != NULL && !o->quiet)
    print_error (NULL, cutout_ort_get_warning ());
  if (engine == NULL)
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  if (o->zip != NULL && !cutout_cli_make_zip_dir (o, &error))
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  queue = cutout_queue_new (engine, o->n_jobs);
  cutout_queue_set_refine_edges (queue, o->refine_edges);
  cutout_queue_set_refine_strength (queue, o->refine_strength);
  cutout_queue_set_best_quality (queue, o->best);
  cutout_queue_set_edge_style (queue, o->edge_style);
  /* Results are saved as they are cut out: no photo is decoded again. */
  cutout_queue_set_photo_cache_bytes (queue, 0);
  loop = g_main_loop_new (NULL, FALSE);
  if (o->report != NULL)
    report = cutout_cli_report_new (o->report, g_strv_length (o->inputs));
  run = (Run){ .o = o,
               .queue = queue,
               .loop = loop,
               .failures = failures,
               .results = o->zip ? results : NULL,
               .cancellable = cancellable,
               .jobs = jobs,
               .report = report,
               .n_inputs = g_strv_length (o->inputs),
               .tty = !o->quiet && isatty (STDERR_FILENO) };
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &run);
  /* Kept until the very end: the archive is written under them too. */
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, &run);
  if (run.tty)
    bar_id = g_timeout_add (100, draw_bar_cb, &run);

  feed (&run);
  if (run.n_finished < run.n_inputs)
    g_main_loop_run (loop);

  g_clear_handle_id (&bar_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (queue, &run);
  if (o->zip != NULL)
    zip_ok = write_zip (&run);
  if (report != NULL && !write_report (&run))
    zip_ok = FALSE;
  print_summary (&run);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.interrupted)
    return 128 + run.signal;
  if (!zip_ok)
    return EXIT_SOME_FAILED;
  return run.n_failed ? EXIT_SOME_FAILED : EXIT_ALL_DONE;
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;
  guint n_fetch_failed;
  int status;

  setlocale (LC_ALL, "");
  cutout_i18n_init ();

  o.outputs_taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.dir_writable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  o.quality = -1; /* not given */
  o.product_margin = -1;
  o.shadow_strength = o.shadow_softness = o.shadow_direction = NAN;
  o.max_bytes = -1;
  o.refine_edges = TRUE;
  o.refine_strength = CUTOUT_DEFAULT_REFINE_STRENGTH;
  if (!cutout_cli_parse_options (&o, &argc, &argv, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  if (o.version)
    {
      const char *ort = cutout_ort_get_version ();
      if (cutout_ort_get_warning () != NULL)
        print_error (NULL, cutout_ort_get_warning ());
      g_print ("cutout-cli %s (ONNX Runtime %s)\n", PACKAGE_VERSION, ort ? ort : _ ("not found"));
      return EXIT_ALL_DONE;
    }
  if (!cutout_cli_check_model_usage (&o, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  if (o.list_models)
    return cutout_cli_list_models ();
  if (o.import_model != NULL)
    return cutout_cli_import_model (&o);
  if (o.remove_model != NULL)
    return cutout_cli_remove_model (&o);
  if (o.download_model != NULL && o.inputs != NULL)
    {
      print_error (NULL, _ ("--download-model takes no input images"));
      return EXIT_USAGE;
    }
  if (o.download_model != NULL)
    return cutout_cli_download_model (&o);
  if (o.serve)
    return cutout_cli_serve (&o);
  if (!cutout_cli_check_usage (&o, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  o.fetched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  n_fetch_failed = cutout_cli_fetch_inputs (&o);
  if (o.inputs[0] == NULL)
    {
      cutout_cli_fetch_cleanup (&o);
      return EXIT_SOME_FAILED;
    }
  o.input_files = cutout_inputs_new_for_paths ((const char *const *) o.inputs);
  if (o.report != NULL && cutout_cli_is_input (&o, o.report))
    {
      g_autofree char *shown = g_filename_display_name (o.report);
      g_autofree char *why = g_strdup_printf (
          _ ("--report: %s is an input; Cutout never overwrites an input"), shown);
      print_error (NULL, why);
      cutout_cli_fetch_cleanup (&o);
      return EXIT_USAGE;
    }
  status = run_all (&o);
  cutout_cli_fetch_cleanup (&o);
  return status == EXIT_ALL_DONE && n_fetch_failed > 0 ? EXIT_SOME_FAILED : status;
}
