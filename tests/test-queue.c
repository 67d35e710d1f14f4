/* test-queue.c: the queue's logic, with a simulated model so that runs are
 * quick and their length is known (the real model runs in test-engine)
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <png.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-pipeline.h"
#include "cutout-queue.h"
#include "cutout-touchup.h"
#include "cutout-testlib.h"

typedef struct
{
  char *dir;
  GMainContext *context;
  CutoutEngine *engine;
  CutoutQueue *queue;
  GPtrArray *finished; /* jobs in the order job-finished reported them */
  GSource *wakeup;     /* so that waits notice their deadline */
} Fixture;

static char *
fixture_path (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

/* A w × h PNG whose left half is bright and right half dark: the simulated
 * model keeps the left half. */
static char *
make_photo (Fixture *f, const char *name, int w, int h)
{
  return cutout_test_write_half_photo (f->dir, name, w, h);
}

static void
job_finished_cb (CutoutQueue *queue, CutoutJob *job, Fixture *f)
{
  /* Listeners are called on the owner's context, never on a worker. */
  g_assert_true (g_main_context_is_owner (f->context));
  g_ptr_array_add (f->finished, g_object_ref (job));
}

static gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up_with_delay (Fixture *f, guint delay_ms)
{
  f->dir = g_dir_make_tmp ("cutout-queue-XXXXXX", NULL);
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->wakeup = g_timeout_source_new (100);
  g_source_set_callback (f->wakeup, keep_waking_cb, NULL, NULL);
  g_source_attach (f->wakeup, f->context);
  f->engine = cutout_engine_new_simulated (&cutout_test_simulated_model, delay_ms);
  f->queue = cutout_queue_new (f->engine, 1);
  f->finished = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (f->queue, "job-finished", G_CALLBACK (job_finished_cb), f);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  fixture_set_up_with_delay (f, GPOINTER_TO_UINT (data));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (g_steal_pointer (&f->queue));
  g_assert_finalize_object (g_steal_pointer (&f->engine));
  g_ptr_array_unref (f->finished);
  g_source_destroy (f->wakeup);
  g_source_unref (f->wakeup);
  /* Drain updates posted by workers before the queue went away. */
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = fixture_path (f, name);
      g_chmod (path, 0644);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Generous: under valgrind everything is some thirty times slower. */
#define DEADLINE_SECONDS 300

/* Iterates the owner's context until nothing is queued or running. */
static void
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;

  while (cutout_queue_get_busy (f->queue))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (f->context, TRUE);
    }
}

typedef void (*JobAction) (CutoutQueue *queue, CutoutJob *job);

typedef struct
{
  CutoutQueue *queue;
  JobAction action; /* or NULL */
  CutoutJobState state;
  gboolean seen;
} StateWatch;

/* One iteration may apply several updates, so states are watched as each
 * is applied rather than checked between iterations, and the action is
 * taken right then, not after the job has moved on. */
static void
watch_state_cb (CutoutJob *job, GParamSpec *pspec, StateWatch *w)
{
  if (w->seen || cutout_job_get_state (job) != w->state)
    return;
  w->seen = TRUE;
  if (w->action != NULL)
    w->action (w->queue, job);
}

/* Iterates until @job has reached @state, and does @action to it then. */
static void
act_at_state (Fixture *f, CutoutJob *job, CutoutJobState state, JobAction action)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  StateWatch w = { f->queue, action, state, FALSE };
  gulong id = g_signal_connect (job, "notify::state", G_CALLBACK (watch_state_cb), &w);

  watch_state_cb (job, NULL, &w);
  while (!w.seen)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (f->context, TRUE);
    }
  g_signal_handler_disconnect (job, id);
}

static void
wait_for_state (Fixture *f, CutoutJob *job, CutoutJobState state)
{
  act_at_state (f, job, state, NULL);
}

static void
cancel_all_action (CutoutQueue *queue, CutoutJob *job)
{
  cutout_queue_cancel_all (queue);
}

static void
record_state_cb (CutoutJob *job, GParamSpec *pspec, GArray *states)
{
  CutoutJobState state = cutout_job_get_state (job);
  g_array_append_val (states, state);
}

static CutoutJob *
add_one (Fixture *f, const char *path, const char *output)
{
  g_autoptr (CutoutJob) job = cutout_job_new (path);
  g_autoptr (CutoutAddReport) report = NULL;

  cutout_job_set_output (job, output);
  report = cutout_queue_add_job (f->queue, job);
  g_assert_cmpuint (report->added->len, ==, 1);
  return job; /* the queue holds it */
}

/* States follow the stages in order, jobs finish in the order they were
 * added, and the result is the photo's size with the simulated mask. */
static void
test_order_and_states (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 120, 80);
  g_autofree char *b = make_photo (f, "b.png", 90, 60);
  g_autofree char *c = make_photo (f, "c.png", 50, 50);
  g_autofree char *out_b = fixture_path (f, "b-out.png");
  const char *paths[] = { a, c, NULL };
  g_autoptr (GArray) states_a = g_array_new (FALSE, FALSE, sizeof (CutoutJobState));
  g_autoptr (GArray) states_b = g_array_new (FALSE, FALSE, sizeof (CutoutJobState));
  const CutoutJobState want_a[]
      = { CUTOUT_JOB_DECODING, CUTOUT_JOB_CUTTING_OUT, CUTOUT_JOB_REFINING, CUTOUT_JOB_DONE };
  const CutoutJobState want_b[] = { CUTOUT_JOB_DECODING, CUTOUT_JOB_CUTTING_OUT,
                                    CUTOUT_JOB_REFINING, CUTOUT_JOB_SAVING, CUTOUT_JOB_DONE };
  g_autoptr (CutoutAddReport) report
      = cutout_queue_add (f->queue, (const char *const[]){ a, NULL });
  CutoutJob *job_a = g_ptr_array_index (report->added, 0), *job_b;
  g_autoptr (CutoutAddReport) report_c = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutImage) written = NULL;

  g_assert_cmpint (cutout_job_get_state (job_a), ==, CUTOUT_JOB_QUEUED);
  g_assert_true (cutout_queue_get_busy (f->queue));
  g_signal_connect (job_a, "notify::state", G_CALLBACK (record_state_cb), states_a);
  job_b = add_one (f, b, out_b);
  g_signal_connect (job_b, "notify::state", G_CALLBACK (record_state_cb), states_b);
  report_c = cutout_queue_add (f->queue, paths + 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 3);
  wait_idle (f);

  g_assert_cmpmem (states_a->data, states_a->len * sizeof (CutoutJobState), want_a, sizeof want_a);
  g_assert_cmpmem (states_b->data, states_b->len * sizeof (CutoutJobState), want_b, sizeof want_b);
  g_assert_cmpuint (f->finished->len, ==, 3);
  g_assert_true (g_ptr_array_index (f->finished, 0) == job_a);
  g_assert_true (g_ptr_array_index (f->finished, 1) == job_b);
  g_assert_true (g_ptr_array_index (f->finished, 2) == g_ptr_array_index (report_c->added, 0));
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==, 3);
  g_assert_cmpfloat (cutout_queue_get_progress (f->queue), ==, 1.0);

  g_assert_cmpint (cutout_job_get_width (job_a), ==, 120);
  g_assert_cmpint (cutout_job_get_height (job_a), ==, 80);
  g_assert_cmpfloat (cutout_job_get_progress (job_a), ==, 1.0);
  g_assert_nonnull (cutout_job_get_thumbnail (job_a));
  mask = cutout_job_dup_mask (job_a);
  g_assert_cmpint (mask->width, ==, 120);
  g_assert_cmpint (cutout_image_row (mask, 40)[10], ==, 255); /* bright half kept */
  g_assert_cmpint (cutout_image_row (mask, 40)[110], ==, 0);  /* dark half removed */
  written = cutout_decode_file (out_b, NULL);
  g_assert_nonnull (written);
  g_assert_cmpint (written->width, ==, 90);
  g_assert_cmpint (cutout_image_row (written, 30)[10 * 4 + 3], ==, 255);
  g_assert_cmpint (cutout_image_row (written, 30)[80 * 4 + 3], ==, 0);
}

/* Nothing reaches listeners unless the owner's context runs: workers only
 * post to it. */
static void
test_notifications_on_owner_context (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 40, 40);
  g_autoptr (CutoutAddReport) report
      = cutout_queue_add (f->queue, (const char *const[]){ a, NULL });
  CutoutJob *job = g_ptr_array_index (report->added, 0);

  g_usleep (300 * 1000); /* long enough for the workers to finish it */
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_QUEUED);
  g_assert_cmpuint (f->finished->len, ==, 0);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

/* A PNG whose header claims 20000 × 20000 pixels, over the size limit. */
static char *
make_huge_png (Fixture *f, const char *name)
{
  guint8 png[8 + 25] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;
  char *path = fixture_path (f, name);

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 20000);
  put_be32 (ihdr + 12, 20000);
  ihdr[16] = 8, ihdr[17] = 6, ihdr[18] = 0, ihdr[19] = 0, ihdr[20] = 0;
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  g_assert_true (g_file_set_contents (path, (const char *) png, sizeof png, NULL));
  return path;
}

/* A real photo cut short, as by an interrupted copy. */
static char *
make_truncated (Fixture *f, const char *name)
{
  g_autofree char *whole = make_photo (f, "whole.png", 64, 64);
  g_autofree char *data = NULL;
  gsize size;
  char *path = fixture_path (f, name);

  g_assert_true (g_file_get_contents (whole, &data, &size, NULL));
  g_assert_true (g_file_set_contents (path, data, size / 2, NULL));
  return path;
}

/* Bad files (not an image, vanished, empty, too large, cut short) fail with
 * their reason; the others are done all the same. */
static void
test_failures_mixed (Fixture *f, gconstpointer data)
{
  g_autofree char *good1 = make_photo (f, "good1.png", 30, 30);
  g_autofree char *good2 = make_photo (f, "good2.png", 30, 30);
  g_autofree char *text = fixture_path (f, "text.jpg");
  g_autofree char *gone = fixture_path (f, "gone.png");
  g_autofree char *empty = fixture_path (f, "empty.png");
  g_autofree char *huge = make_huge_png (f, "huge.png");
  g_autofree char *cut = make_truncated (f, "cut.png");
  g_autoptr (CutoutAddReport) report = NULL;

  g_assert_true (g_file_set_contents (text, "not a photo", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  report = cutout_queue_add (
      f->queue, (const char *const[]){ text, good1, gone, empty, huge, cut, good2, NULL });
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==, 2);
  g_assert_cmpuint (cutout_queue_get_n_failed (f->queue), ==, 5);
  for (guint i = 0; i < report->added->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (report->added, i);
      gboolean bad = i != 1 && i != 6;
      g_assert_cmpint (cutout_job_get_state (job), ==, bad ? CUTOUT_JOB_FAILED : CUTOUT_JOB_DONE);
      g_assert_true ((cutout_job_get_error_message (job) != NULL) == bad);
    }
  g_assert_nonnull (strstr (cutout_job_get_error_message (g_ptr_array_index (report->added, 2)),
                            "does not exist"));
  g_assert_nonnull (
      strstr (cutout_job_get_error_message (g_ptr_array_index (report->added, 3)), "empty"));
  g_assert_nonnull (
      strstr (cutout_job_get_error_message (g_ptr_array_index (report->added, 4)), "too large"));
  g_assert_error ((GError *) cutout_job_get_error (g_ptr_array_index (report->added, 5)),
                  CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
}

/* A file deleted after it was queued fails like any unreadable file. */
static void
test_file_vanishes (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 30, 30);
  g_autofree char *c = make_photo (f, "c.png", 30, 30);
  g_autofree char *b = make_photo (f, "b.png", 30, 30);
  g_autofree char *out = fixture_path (f, "b-out.png");
  CutoutJob *job_a = add_one (f, a, NULL);
  CutoutJob *job_c = add_one (f, c, NULL);
  CutoutJob *job_b = add_one (f, b, out);

  /* b waits while a is in the (200 ms) model and c is next in line, so it
   * is not decoded before the file goes. */
  g_unlink (b);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job_a), ==, CUTOUT_JOB_DONE);
  g_assert_cmpint (cutout_job_get_state (job_c), ==, CUTOUT_JOB_DONE);
  g_assert_cmpint (cutout_job_get_state (job_b), ==, CUTOUT_JOB_FAILED);
  g_assert_nonnull (strstr (cutout_job_get_error_message (job_b), "does not exist"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_limit_and_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CutoutAddReport) report = NULL;
  g_autoptr (CutoutAddReport) again = NULL;
  g_autofree char *first = make_photo (f, "photo0.png", 8, 8);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *dotted = g_build_filename (f->dir, ".", "photo0.png", NULL);
  g_autofree char *link = fixture_path (f, "link.png");

  for (int i = 0; i < 60; i++)
    g_ptr_array_add (paths, g_strdup_printf ("%s/photo%d.png", f->dir, i));
  g_ptr_array_add (paths, NULL);
  report = cutout_queue_add (f->queue, (const char *const *) paths->pdata);
  g_assert_cmpuint (report->added->len, ==, CUTOUT_QUEUE_MAX_JOBS);
  g_assert_cmpuint (report->refused->len, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (report->refused, 0), ==, g_ptr_array_index (paths, 50));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 50);

  /* The same file by other names is a duplicate, not a new job. */
  g_assert_no_errno (symlink (first, link));
  g_chdir (f->dir);
  again = cutout_queue_add (f->queue,
                            (const char *const[]){ first, dotted, "photo0.png", link, NULL });
  g_chdir (cwd);
  g_assert_cmpuint (again->added->len, ==, 0);
  g_assert_cmpuint (again->duplicates->len, ==, 4);
  g_assert_cmpuint (again->refused->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 50);
  wait_idle (f);
}

/* A full queue takes new files again once jobs are removed. */
static void
test_remove_makes_room (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CutoutAddReport) report = NULL;
  g_autoptr (CutoutAddReport) more = NULL;

  for (int i = 0; i < 50; i++)
    g_ptr_array_add (paths, g_strdup_printf ("%s/missing%d.png", f->dir, i));
  g_ptr_array_add (paths, NULL);
  report = cutout_queue_add (f->queue, (const char *const *) paths->pdata);
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_n_failed (f->queue), ==, 50);
  cutout_queue_remove (f->queue, g_ptr_array_index (report->added, 7));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 49);
  g_assert_cmpuint (cutout_queue_get_n_failed (f->queue), ==, 49);
  more = cutout_queue_add (f->queue, (const char *const[]){ g_ptr_array_index (paths, 7), NULL });
  g_assert_cmpuint (more->added->len, ==, 1);
  wait_idle (f);
}

/* Cancelling in every state: the job ends cancelled (or, when the cancel
 * comes as its output is being renamed into place, done), and no file, not
 * even a temporary one, is left half-written. */
static void
cancel_when (Fixture *f, CutoutJobState when, gboolean must_cancel)
{
  g_autofree char *first = make_photo (f, "first.png", 64, 64);
  g_autofree char *photo = make_photo (f, "photo.png", 800, 600);
  g_autofree char *out = fixture_path (f, "photo-out.png");
  CutoutJob *ahead = add_one (f, first, NULL);
  CutoutJob *job = add_one (f, photo, out);
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (when == CUTOUT_JOB_QUEUED)
    {
      cutout_queue_cancel (f->queue, job);
      /* never started: at once */
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_CANCELLED);
    }
  else
    act_at_state (f, job, when, cutout_queue_cancel);
  wait_idle (f);

  g_assert_cmpint (cutout_job_get_state (ahead), ==, CUTOUT_JOB_DONE);
  if (must_cancel || cutout_job_get_state (job) == CUTOUT_JOB_CANCELLED)
    {
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_CANCELLED);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
      g_assert_null (cutout_job_dup_mask (job));
    }
  else
    {
      g_autoptr (CutoutImage) written = cutout_decode_file (out, NULL);
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
      g_assert_nonnull (written);
    }
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.'); /* no temporary file left */
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==,
                    cutout_job_get_state (job) == CUTOUT_JOB_DONE ? 2 : 1);
}

static void
test_cancel_queued (Fixture *f, gconstpointer data)
{
  cancel_when (f, CUTOUT_JOB_QUEUED, TRUE);
}

static void
test_cancel_decoding (Fixture *f, gconstpointer data)
{
  cancel_when (f, CUTOUT_JOB_DECODING, TRUE);
}

static void
test_cancel_cutting_out (Fixture *f, gconstpointer data)
{
  cancel_when (f, CUTOUT_JOB_CUTTING_OUT, TRUE);
}

static void
test_cancel_refining (Fixture *f, gconstpointer data)
{
  cancel_when (f, CUTOUT_JOB_REFINING, FALSE);
}

static void
test_cancel_saving (Fixture *f, gconstpointer data)
{
  cancel_when (f, CUTOUT_JOB_SAVING, FALSE);
}

static void
test_cancel_finished_does_nothing (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 20, 20);
  CutoutJob *job = add_one (f, a, NULL);

  wait_idle (f);
  cutout_queue_cancel (f->queue, job);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_false (cutout_queue_retry (f->queue, job)); /* only failed or cancelled */
}

static void
test_cancel_all (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CutoutAddReport) report = NULL;

  for (int i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d.png", i);
      g_ptr_array_add (paths, make_photo (f, name, 40, 40));
    }
  g_ptr_array_add (paths, NULL);
  report = cutout_queue_add (f->queue, (const char *const *) paths->pdata);
  act_at_state (f, g_ptr_array_index (report->added, 0), CUTOUT_JOB_CUTTING_OUT, cancel_all_action);
  wait_idle (f);
  for (guint i = 0; i < report->added->len; i++)
    g_assert_cmpint (cutout_job_get_state (g_ptr_array_index (report->added, i)), ==,
                     CUTOUT_JOB_CANCELLED);
  g_assert_cmpuint (f->finished->len, ==, 6);
  g_assert_false (cutout_queue_get_busy (f->queue));
}

/* A failed job retried after the cause is fixed; a done job re-run with
 * other settings; a running job removed. */
static void
test_retry_rerun_remove (Fixture *f, gconstpointer data)
{
  g_autofree char *later = fixture_path (f, "later.png");
  g_autofree char *photo = make_photo (f, "photo.png", 50, 40);
  g_autofree char *out = fixture_path (f, "photo-mask.png");
  g_autofree char *busy_photo = make_photo (f, "busy.png", 50, 40);
  CutoutJob *failing = add_one (f, later, NULL);
  CutoutJob *done = add_one (f, photo, NULL);
  CutoutJob *running;
  g_autoptr (CutoutImage) written = NULL;
  g_autofree char *tmp = NULL;

  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (failing), ==, CUTOUT_JOB_FAILED);
  tmp = make_photo (f, "later.png", 30, 30);
  g_assert_true (cutout_queue_retry (f->queue, failing));
  g_assert_null (cutout_job_get_error_message (failing));
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (failing), ==, CUTOUT_JOB_DONE);

  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  cutout_job_set_output (done, out);
  {
    CutoutExportOptions mask_only;
    cutout_export_options_init (&mask_only);
    mask_only.format = CUTOUT_FORMAT_MASK;
    cutout_job_set_export_options (done, &mask_only);
  }
  cutout_queue_rerun (f->queue, done);
  g_assert_cmpint (cutout_job_get_state (done), ==, CUTOUT_JOB_QUEUED);
  wait_idle (f);
  written = cutout_decode_file (out, NULL);
  g_assert_nonnull (written);
  g_assert_cmpint (written->width, ==, 50);

  running = add_one (f, busy_photo, NULL);
  g_object_ref (running);
  act_at_state (f, running, CUTOUT_JOB_CUTTING_OUT, cutout_queue_remove);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->queue)), ==, 2);
  g_assert_null (cutout_queue_find (f->queue, busy_photo));
  wait_for_state (f, running, CUTOUT_JOB_CANCELLED);
  g_object_unref (running);
}

/* A job is found by its own path, as given, and by any other path to the
 * same file; a removed one is not. */
static void
test_find (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "find.png", 40, 40);
  g_autofree char *dotted = g_build_filename (f->dir, ".", "find.png", NULL);
  g_autofree char *link = fixture_path (f, "link.png");
  CutoutJob *job = add_one (f, dotted, NULL);

  g_assert_cmpint (symlink (photo, link), ==, 0);
  g_assert_true (cutout_queue_find (f->queue, cutout_job_get_path (job)) == job);
  g_assert_true (cutout_queue_find (f->queue, photo) == job);
  g_assert_true (cutout_queue_find (f->queue, link) == job);
  g_assert_null (cutout_queue_find (f->queue, f->dir));
  wait_idle (f);
  cutout_queue_remove (f->queue, job);
  g_assert_null (cutout_queue_find (f->queue, photo));
  g_assert_null (cutout_queue_find (f->queue, dotted));
  g_unlink (link);
}

/* Re-running a job whose earlier run is still in the model: the old run's
 * late reports must not overwrite the new one. */
static void
test_rerun_while_running (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "photo.png", 40, 40);
  CutoutJob *job = add_one (f, photo, NULL);
  g_autoptr (GArray) states = g_array_new (FALSE, FALSE, sizeof (CutoutJobState));

  act_at_state (f, job, CUTOUT_JOB_CUTTING_OUT, cutout_queue_rerun);
  g_signal_connect (job, "notify::state", G_CALLBACK (record_state_cb), states);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  for (guint i = 0; i < states->len; i++)
    g_assert_cmpint (g_array_index (states, CutoutJobState, i), !=, CUTOUT_JOB_CANCELLED);
}

/* Destroying a busy queue stops its workers and frees everything. */
static void
test_dispose_while_busy (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 40, 40);
  g_autofree char *b = make_photo (f, "b.png", 40, 40);
  g_autoptr (CutoutAddReport) report
      = cutout_queue_add (f->queue, (const char *const[]){ a, b, NULL });
  CutoutJob *job = g_object_ref (g_ptr_array_index (report->added, 0));

  wait_for_state (f, job, CUTOUT_JOB_CUTTING_OUT);
  g_clear_pointer (&report, cutout_add_report_free);
  g_assert_finalize_object (g_steal_pointer (&f->queue));
  f->queue = cutout_queue_new (f->engine, 1); /* for tear-down */
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_assert_true (cutout_job_get_state (job) == CUTOUT_JOB_CANCELLED
                 || cutout_job_get_state (job) == CUTOUT_JOB_CUTTING_OUT);
  g_assert_finalize_object (job);
}

static void
test_workers_setting (Fixture *f, gconstpointer data)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (CutoutAddReport) report = NULL;

  g_autoptr (CutoutQueue) by_default = cutout_queue_new (f->engine, 0);

  g_assert_cmpuint (cutout_queue_get_n_workers (by_default), ==, CUTOUT_QUEUE_DEFAULT_WORKERS);
  g_assert_cmpuint (cutout_queue_get_n_workers (f->queue), ==, 1);
  g_object_set (f->queue, "n-workers", 3, NULL);
  g_assert_cmpuint (cutout_queue_get_n_workers (f->queue), ==, 3);
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d.png", i);
      g_ptr_array_add (paths, make_photo (f, name, 300, 200));
    }
  g_ptr_array_add (paths, NULL);
  report = cutout_queue_add (f->queue, (const char *const *) paths->pdata);
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==, 8);
}

typedef struct
{
  guint n_finishing, most_finishing;
  GHashTable *finishing; /* the jobs between refining and their end */
} FinishWatch;

static void
watch_finishing_cb (CutoutJob *job, GParamSpec *pspec, FinishWatch *w)
{
  CutoutJobState state = cutout_job_get_state (job);
  gboolean finishing = state == CUTOUT_JOB_REFINING || state == CUTOUT_JOB_SAVING;

  if (finishing && g_hash_table_add (w->finishing, job))
    {
      w->n_finishing++;
      w->most_finishing = MAX (w->most_finishing, w->n_finishing);
    }
  else if (!finishing && g_hash_table_remove (w->finishing, job))
    w->n_finishing--;
}

/* Reads the name and nice value of each of the process's threads. */
static GHashTable *
thread_nice_by_name (void)
{
  GHashTable *by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *tid;

  g_assert_nonnull (dir);
  while ((tid = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *comm_path = g_build_filename ("/proc/self/task", tid, "comm", NULL);
      g_autofree char *stat_path = g_build_filename ("/proc/self/task", tid, "stat", NULL);
      g_autofree char *comm = NULL, *stat = NULL;
      g_auto (GStrv) fields = NULL;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL)
          || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue; /* the thread has just ended */
      /* After the ")" that closes the name: fields 3 (state) onwards; the
       * nice value is field 19. */
      fields = g_strsplit (strrchr (stat, ')') + 2, " ", -1);
      g_assert_cmpuint (g_strv_length (fields), >, 16);
      g_hash_table_insert (by_name, g_strdup (g_strstrip (comm)),
                           GINT_TO_POINTER (atoi (fields[16])));
    }
  return by_name;
}

/* The decoding and saving threads run below the model's, which keeps the
 * priority of the thread that made the queue. */
static void
test_thread_priorities (Fixture *f, gconstpointer data)
{
#ifdef __linux__
  g_autofree char *a = make_photo (f, "a.png", 120, 80);
  g_autoptr (CutoutAddReport) report = NULL;
  g_autoptr (GHashTable) by_name = NULL;
  int own = getpriority (PRIO_PROCESS, 0);

  if (own >= CUTOUT_QUEUE_WORKER_NICE)
    {
      g_test_skip ("the test runs at the lowest priority already");
      return;
    }
  report = cutout_queue_add (f->queue, (const char *const[]){ a, NULL });
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==, 1);
  by_name = thread_nice_by_name ();
  g_assert_true (g_hash_table_contains (by_name, "cutout-cpu"));
  g_assert_true (g_hash_table_contains (by_name, "cutout-model"));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (by_name, "cutout-cpu")), ==,
                   CUTOUT_QUEUE_WORKER_NICE);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (by_name, "cutout-model")), ==, own);
#else
  g_test_skip ("thread priorities are set on Linux only");
#endif
}

/* Photos over CUTOUT_QUEUE_LARGE_PIXELS finish one after the other, however
 * fast the model hands them on (here the simulated model takes no time, and
 * two workers are free), on a thread at the queue's own priority. */
static void
test_large_photos (Fixture *f, gconstpointer data)
{
  FinishWatch w = { 0, 0, g_hash_table_new (NULL, NULL) };
  int width = 4200, height = CUTOUT_QUEUE_LARGE_PIXELS / 4200 + 1;
  g_autoptr (GHashTable) by_name = NULL;

  g_object_set (f->queue, "n-workers", 2, NULL);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("big%d.png", i);
      g_autofree char *out_name = g_strdup_printf ("big%d-out.png", i);
      g_autofree char *path = make_photo (f, name, width, height);
      g_autofree char *out = fixture_path (f, out_name);
      CutoutJob *job = add_one (f, path, out);

      g_signal_connect (job, "notify::state", G_CALLBACK (watch_finishing_cb), &w);
    }
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_n_done (f->queue), ==, 3);
  g_assert_cmpuint (w.most_finishing, ==, 1);
  g_assert_cmpuint (w.n_finishing, ==, 0);
  g_hash_table_unref (w.finishing);
#ifdef __linux__
  by_name = thread_nice_by_name ();
  g_assert_true (g_hash_table_contains (by_name, "cutout-large"));
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (by_name, "cutout-large")), ==,
                   getpriority (PRIO_PROCESS, 0));
#endif
}

/* A job with boxes: re-run with them, its mask is the model's inside the
 * boxes (the bright left half) and exactly 0 elsewhere; the output written
 * agrees; clearing the boxes goes back to the whole image. */
static void
test_boxes (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "boxes.png", 200, 100);
  g_autofree char *out = fixture_path (f, "boxes-out.png");
  CutoutJob *job = add_one (f, photo, out);
  CutoutBoxList *boxes = cutout_job_get_boxes (job);
  CutoutBox a = { 10, 10, 60, 50 }, b = { 80, 40, 150, 90 };
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutImage) written = NULL;
  g_autoptr (GError) error = NULL;

  wait_idle (f);
  g_assert_false (cutout_job_get_boxes_pending (job));
  cutout_box_list_add (boxes, &a);
  cutout_box_list_add (boxes, &b);
  g_assert_true (cutout_job_get_boxes_pending (job));
  cutout_queue_rerun (f->queue, job);
  g_assert_false (cutout_job_get_boxes_pending (job));
  g_assert_cmpuint (cutout_job_get_run_boxes (job)->len, ==, 2);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);

  mask = cutout_job_dup_mask (job);
  written = cutout_decode_file (out, &error);
  g_assert_no_error (error);
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      {
        gboolean in_box = (x >= a.x1 && x < a.x2 && y >= a.y1 && y < a.y2)
                          || (x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2);
        guint alpha = cutout_image_row (mask, y)[x];
        g_assert_cmpuint (cutout_image_row (written, y)[x * 4 + 3], ==, alpha);
        /* (The model's small output blurs the edge between the halves.) */
        if (!in_box || x >= 105)
          g_assert_cmpuint (alpha, ==, 0);
        else if (x < 95)
          g_assert_cmpuint (alpha, ==, 255);
      }

  /* No boxes: the whole image again (its left half). */
  cutout_box_list_clear (boxes);
  g_assert_true (cutout_job_get_boxes_pending (job));
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_clear_pointer (&mask, cutout_image_free);
  mask = cutout_job_dup_mask (job);
  g_assert_cmpuint (cutout_image_row (mask, 95)[5], ==, 255);
  g_assert_cmpuint (cutout_image_row (mask, 95)[195], ==, 0);
}

/* A box outside the image fails the job, saying which box and why. */
static void
test_box_outside (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "small.png", 50, 40);
  g_autoptr (CutoutJob) job = cutout_job_new (photo);
  g_autoptr (CutoutAddReport) report = NULL;
  CutoutBox inside = { 0, 0, 10, 10 }, outside = { 60, 0, 80, 20 };
  const char *message;

  cutout_box_list_add (cutout_job_get_boxes (job), &inside);
  cutout_box_list_add (cutout_job_get_boxes (job), &outside);
  report = cutout_queue_add_job (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_FAILED);
  message = cutout_job_get_error_message (job);
  g_assert_nonnull (strstr (message, "box 2 (60,0,80,20)"));
  g_assert_nonnull (strstr (message, "50 × 40"));
}

/* The largest step between neighbours in the middle row of @job's mask,
 * and where it is. */
static int
steepest_step (CutoutJob *job, int *where)
{
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);
  const guint8 *row = cutout_image_row (mask, mask->height / 2);
  int best = 0;

  g_assert_cmpuint (row[5], ==, 255);
  g_assert_cmpuint (row[mask->width - 5], ==, 0);
  for (int x = 1; x < mask->width; x++)
    if (row[x - 1] - row[x] > best)
      best = row[x - 1] - row[x], *where = x;
  return best;
}

/* With refined edges, the mask's edge follows the photo's sharp one (at
 * x = 320) instead of ramping over the model's coarse output (64 px wide,
 * enlarged ten times): fully at strength 100, partly at the default. */
static void
test_refine_edges (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "edge.png", 640, 100);
  CutoutJob *job = add_one (f, photo, NULL);
  int plain, half, full, at = -1;

  g_assert_false (cutout_queue_get_refine_edges (f->queue));
  g_assert_cmpint (cutout_queue_get_refine_strength (f->queue), ==, CUTOUT_DEFAULT_REFINE_STRENGTH);
  wait_idle (f);
  plain = steepest_step (job, &at);
  g_object_set (f->queue, "refine-edges", TRUE, NULL);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  half = steepest_step (job, &at);
  g_object_set (f->queue, "refine-strength", 100, NULL);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  full = steepest_step (job, &at);
  g_test_message (
      "steepest step across the edge: %d bilinear, %d at strength %d, %d at 100 (x = %d)", plain,
      half, CUTOUT_DEFAULT_REFINE_STRENGTH, full, at);
  g_assert_cmpint (plain, <=, 60);
  g_assert_cmpint (full, >=, 150);
  g_assert_cmpint (half, >, plain + 20);
  g_assert_cmpint (half, <, full - 20);
  g_assert_cmpint (at, ==, 320);
}

/* Hard edges: the mask has no see-through pixels; smooth edges with boxes:
 * still nothing outside them. */
static void
test_edge_styles (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "styles.png", 640, 100);
  CutoutJob *job = add_one (f, photo, NULL);
  CutoutBox box = { 100, 10, 400, 90 };
  g_autoptr (CutoutImage) mask = NULL;

  cutout_queue_set_edge_style (f->queue, CUTOUT_EDGES_HARD);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  mask = cutout_job_dup_mask (job);
  for (gsize i = 0; i < (gsize) 640 * 100; i++)
    g_assert_true (mask->pixels[i] == 0 || mask->pixels[i] == 255);
  g_clear_pointer (&mask, cutout_image_free);

  g_object_set (f->queue, "edge-style", CUTOUT_EDGES_SMOOTH, NULL);
  cutout_box_list_add (cutout_job_get_boxes (job), &box);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  mask = cutout_job_dup_mask (job);
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 640; x++)
      if (x < box.x1 || x >= box.x2 || y < box.y1 || y >= box.y2)
        g_assert_cmpuint (cutout_image_row (mask, y)[x], ==, 0);
  g_assert_cmpuint (cutout_image_row (mask, 50)[200], ==, 255);
}

/* Best quality runs the model twice per photo (on the photo and its mirror
 * image): a job takes at least two of the simulated model's runs, and its
 * mask is the same as the simulated model's is symmetric. */
static void
test_best_quality (Fixture *f, gconstpointer data)
{
  const guint delay_ms = GPOINTER_TO_UINT (data);
  g_autofree char *photo = make_photo (f, "best.png", 640, 100);
  CutoutJob *job = add_one (f, photo, NULL);
  g_autoptr (CutoutImage) plain = NULL, best = NULL;
  gint64 start;

  g_assert_false (cutout_queue_get_best_quality (f->queue));
  wait_idle (f);
  plain = cutout_job_dup_mask (job);
  g_object_set (f->queue, "best-quality", TRUE, NULL);
  g_assert_true (cutout_queue_get_best_quality (f->queue));
  start = g_get_monotonic_time ();
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  /* A lower bound only: the runs cannot be quicker than their delay. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * delay_ms * 1000);
  best = cutout_job_dup_mask (job);
  g_assert_cmpmem (best->pixels, (gsize) 640 * 100, plain->pixels, (gsize) 640 * 100);
}

/* The second look (a letterboxed run where the model is unsure) can be
 * left out, for the benchmarks: photos with and without boxes still come
 * out as with it, since the simulated model is sure of everything. */
static void
test_second_look_off (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "look.png", 640, 100);
  CutoutJob *job = add_one (f, photo, NULL);
  const CutoutBox box = { 100, 10, 300, 90 };
  g_autoptr (CutoutImage) with = NULL, without = NULL, boxed = NULL;

  wait_idle (f);
  with = cutout_job_dup_mask (job);
  cutout_queue_set_second_look (f->queue, FALSE);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  without = cutout_job_dup_mask (job);
  g_assert_cmpmem (without->pixels, (gsize) 640 * 100, with->pixels, (gsize) 640 * 100);
  cutout_box_list_add (cutout_job_get_boxes (job), &box);
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  boxed = cutout_job_dup_mask (job);
  g_assert_cmpuint (cutout_image_row (boxed, 50)[10], ==, 0);
  g_assert_cmpuint (cutout_image_row (boxed, 50)[200], ==, cutout_image_row (with, 50)[200]);
}

typedef struct
{
  double last;    /* the progress last seen while cutting out */
  double highest; /* the highest seen while cutting out */
  gboolean went_back;
} ProgressWatch;

static void
watch_progress_cb (CutoutJob *job, GParamSpec *pspec, ProgressWatch *w)
{
  double progress = cutout_job_get_progress (job);

  if (cutout_job_get_state (job) != CUTOUT_JOB_CUTTING_OUT)
    return;
  w->went_back |= progress < w->last;
  w->last = progress;
  w->highest = MAX (w->highest, progress);
}

/* A mid-grey photo, which the simulated model is unsure of everywhere: it
 * gets a second look. Its runs take longer than the queue's first guess
 * of a run (1.5 s), so the first run's estimate stops short of its end
 * (at 95 % of the model's share of the bar, 0.8625) before the run ends:
 * through the second run the bar must go on from there, never back. */
static void
test_second_look_progress (Fixture *f, gconstpointer data)
{
  const guint delay_ms = GPOINTER_TO_UINT (data);
  g_autoptr (CutoutImage) grey = cutout_image_new (640, 100, 4);
  g_autofree char *photo = fixture_path (f, "grey.png");
  ProgressWatch w = { 0 };
  g_autoptr (GError) error = NULL;
  CutoutJob *job;
  gint64 start;

  memset (grey->pixels, 128, cutout_image_stride (grey) * grey->height);
  cutout_export_png (grey, photo, 1, NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  job = add_one (f, photo, NULL);
  g_signal_connect (job, "notify::progress", G_CALLBACK (watch_progress_cb), &w);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  /* Two runs at least: the second look was taken. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * delay_ms * 1000);
  g_assert_false (w.went_back);
  g_assert_cmpfloat (w.highest, >, 0.15 + 0.75 * 0.95 + 0.01);
  g_assert_cmpfloat (w.highest, <, 0.15 + 0.75);
}

/* Another model (here a slower simulated one) is used from the moment it
 * is set: by Run Again, and by the photos still waiting, not only by
 * those added later. */
static void
test_set_engine (Fixture *f, gconstpointer data)
{
  const guint slow_ms = 1500;
  g_autoptr (CutoutEngine) slow
      = cutout_engine_new_simulated (&cutout_test_simulated_model, slow_ms);
  g_autofree char *a = make_photo (f, "a.png", 64, 64);
  g_autofree char *b = make_photo (f, "b.png", 64, 64);
  g_autofree char *c = make_photo (f, "c.png", 64, 64);
  CutoutJob *job;
  gint64 start;

  job = add_one (f, a, NULL);
  wait_idle (f);
  cutout_queue_set_engine (f->queue, slow);
  g_assert_true (cutout_queue_get_engine (f->queue) == slow);
  start = g_get_monotonic_time ();
  cutout_queue_rerun (f->queue, job);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, slow_ms * 1000);

  /* Two photos queued with the quick model (10 ms a run); the second has
   * not started when the slow one is set, and runs with it. */
  cutout_queue_set_engine (f->queue, f->engine);
  start = g_get_monotonic_time ();
  add_one (f, b, NULL);
  add_one (f, c, NULL);
  cutout_queue_set_engine (f->queue, slow);
  wait_idle (f);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, slow_ms * 1000);
}

/* The queue's mask of @photo is cutout_pipeline_cut_out()'s with the same
 * settings, whole or in boxes, refined and with an edge style: they are one
 * pipeline. */
static void
test_same_as_pipeline (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "pipeline.png", 640, 100);
  g_autoptr (CutoutImage) image = cutout_decode_file (photo, NULL);
  CutoutJob *job = add_one (f, photo, NULL);
  const CutoutBox boxes[] = { { 100, 10, 330, 90 }, { 500, 0, 640, 50 } };
  CutoutPipelineParams params;

  cutout_pipeline_params_init (&params);
  params.refine_edges = TRUE;
  params.refine_strength = 80;
  params.edge_style = CUTOUT_EDGES_SMOOTH;
  g_object_set (f->queue, "refine-edges", TRUE, "refine-strength", 80, "edge-style",
                CUTOUT_EDGES_SMOOTH, NULL);
  for (guint n_boxes = 0; n_boxes <= G_N_ELEMENTS (boxes); n_boxes += 2)
    {
      g_autoptr (GArray) run_boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
      g_autoptr (CutoutImage) queued = NULL, direct = NULL;
      g_autoptr (GError) error = NULL;

      g_array_append_vals (run_boxes, boxes, n_boxes);
      cutout_box_list_clear (cutout_job_get_boxes (job));
      for (guint i = 0; i < n_boxes; i++)
        cutout_box_list_add (cutout_job_get_boxes (job), &boxes[i]);
      cutout_queue_rerun (f->queue, job);
      wait_idle (f);
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
      queued = cutout_job_dup_mask (job);
      direct = cutout_pipeline_cut_out (f->engine, &params, image, run_boxes, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (queued->pixels, (gsize) 640 * 100, direct->pixels, (gsize) 640 * 100);
      /* Refined and smoothed, not merely the same by chance. */
      g_assert_cmpuint (cutout_image_row (direct, 50)[200], ==, 255);
      g_assert_cmpuint (cutout_image_row (direct, 50)[400], ==, 0);
    }
}

/* The photos kept ---------------------------------------------------------------- */

/* @path rewritten in place (the same inode) with a w × h PNG of @shade. */
static void
rewrite_photo (Fixture *f, const char *path, int w, int h, guint8 shade)
{
  g_autoptr (CutoutImage) img = cutout_image_new (w, h, 4);
  g_autofree char *tmp = fixture_path (f, "rewrite.png");
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;
  gsize size;
  FILE *out;

  memset (img->pixels, shade, cutout_image_stride (img) * h);
  cutout_export_png (img, tmp, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tmp, &data, &size, NULL));
  out = fopen (path, "wb");
  g_assert_nonnull (out);
  g_assert_cmpuint (fwrite (data, 1, size, out), ==, size);
  fclose (out);
  g_unlink (tmp);
}

/* A w × h JPEG, as make_photo()'s PNG: decoded reduced for the model. */
static char *
make_jpeg (Fixture *f, const char *name, int w, int h)
{
  g_autofree char *png = make_photo (f, "for-jpeg.png", w, h);
  g_autoptr (CutoutImage) img = cutout_decode_file (png, NULL);
  g_autoptr (CutoutImage) mask = cutout_image_new (w, h, 1);
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;
  char *path = fixture_path (f, name);

  memset (mask->pixels, 255, (gsize) w * h);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  cutout_export_file (img, mask, &options, NULL, png, path, NULL, &error);
  g_assert_no_error (error);
  g_unlink (png);
  return path;
}

static void
assert_same_image (const CutoutImage *a, const CutoutImage *b)
{
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);
  g_assert_cmpint (a->n_channels, ==, b->n_channels);
  g_assert_cmpmem (a->pixels, cutout_image_stride (a) * a->height, b->pixels,
                   cutout_image_stride (b) * b->height);
}

/* @job exported at @name, with the photo the queue kept or without. */
static char *
export_job (Fixture *f, CutoutJob *job, const char *name, gboolean kept)
{
  g_autoptr (GBytes) mask = cutout_job_ref_mask_data (job);
  g_autoptr (CutoutExportItem) item = cutout_export_item_new (
      cutout_job_get_path (job), mask, cutout_job_get_width (job), cutout_job_get_height (job));
  g_autofree char *path = fixture_path (f, name);
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  if (kept)
    {
      item->photo = cutout_queue_ref_photo (f->queue, job);
      g_assert_nonnull (item->photo);
    }
  g_assert_true (cutout_export_item (item, &options, path, NULL, &error));
  g_assert_no_error (error);
  return cutout_test_checksum (path);
}

/* A done job's photo is kept as a fresh decode of its file gives it: a
 * PNG and a small JPEG from the model's decode (the full one), a larger
 * JPEG decoded again to refine its edges; its export is the same file
 * either way. */
static void
test_photo_kept (Fixture *f, gconstpointer data)
{
  g_autofree char *png = make_photo (f, "small.png", 640, 100);
  g_autofree char *jpeg = make_jpeg (f, "refined.jpg", 640, 480);
  g_autofree char *small_jpeg = make_jpeg (f, "small.jpg", 70, 66);
  CutoutJob *jobs[3];
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (cutout_queue_get_photo_cache_bytes (f->queue), ==,
                    CUTOUT_QUEUE_DEFAULT_PHOTO_CACHE_BYTES);
  g_object_set (f->queue, "refine-edges", TRUE, NULL);
  jobs[0] = add_one (f, png, NULL);
  jobs[1] = add_one (f, jpeg, NULL);
  jobs[2] = add_one (f, small_jpeg, NULL);
  wait_idle (f);
  for (int i = 0; i < 3; i++)
    {
      CutoutJob *job = jobs[i];
      g_autoptr (CutoutPhoto) kept = cutout_queue_ref_photo (f->queue, job);
      g_autoptr (CutoutPhoto) loaded = NULL;
      g_autoptr (CutoutMetadata) metadata = NULL;
      g_autoptr (CutoutImage) fresh
          = cutout_decode_file_with_metadata (cutout_job_get_path (job), &metadata, &error);
      g_autofree char *with = NULL, *without = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
      g_assert_nonnull (kept);
      assert_same_image (cutout_photo_get_image (kept), fresh);
      g_assert_cmpfloat (cutout_photo_get_metadata (kept)->dpi_x, ==, metadata->dpi_x);
      /* The file has not changed: the very same photo. */
      loaded = cutout_photo_load (kept, cutout_job_get_path (job), &error);
      g_assert_no_error (error);
      g_assert_true (loaded == kept);
      with = export_job (f, job, "with.png", TRUE);
      without = export_job (f, job, "without.png", FALSE);
      g_assert_cmpstr (with, ==, without);
    }
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==,
                    (640 * 100 + 640 * 480 + 70 * 66) * 4);
}

static void
check_budget_cb (CutoutQueue *queue, CutoutJob *job, gpointer data)
{
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (queue), <=,
                    cutout_queue_get_photo_cache_bytes (queue));
}

/* Within the budget, the photos used least recently go first; one larger
 * than the budget is not kept; a smaller budget drops photos at once, and
 * 0 keeps none. */
static void
test_photo_budget (Fixture *f, gconstpointer data)
{
  const guint64 one = 200 * 100 * 4;
  CutoutJob *jobs[4];
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autofree char *big = make_photo (f, "big.png", 600, 100);
  CutoutJob *big_job;

  cutout_queue_set_photo_cache_bytes (f->queue, 2 * one + one / 2);
  g_signal_connect (f->queue, "job-finished", G_CALLBACK (check_budget_cb), NULL);
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d.png", i);
      g_autofree char *path = make_photo (f, name, 200, 100);
      jobs[i] = add_one (f, path, NULL);
      wait_idle (f);
      if (i == 2)
        {
          /* p1 used just now: p0 is the least recently used. */
          g_clear_pointer (&photo, cutout_photo_unref);
          photo = cutout_queue_ref_photo (f->queue, jobs[1]);
          g_assert_nonnull (photo);
        }
    }
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 2 * one);
  g_assert_null (cutout_queue_ref_photo (f->queue, jobs[0]));
  g_assert_null (cutout_queue_ref_photo (f->queue, jobs[2]));
  g_clear_pointer (&photo, cutout_photo_unref);
  photo = cutout_queue_ref_photo (f->queue, jobs[1]);
  g_assert_nonnull (photo);
  g_clear_pointer (&photo, cutout_photo_unref);
  photo = cutout_queue_ref_photo (f->queue, jobs[3]);
  g_assert_nonnull (photo);

  big_job = add_one (f, big, NULL);
  wait_idle (f);
  g_assert_null (cutout_queue_ref_photo (f->queue, big_job));
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 2 * one);

  cutout_queue_set_photo_cache_bytes (f->queue, one);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, one);
  g_object_set (f->queue, "photo-cache-bytes", (guint64) 0, NULL);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 0);
  cutout_queue_rerun (f->queue, jobs[3]);
  wait_idle (f);
  g_assert_null (cutout_queue_ref_photo (f->queue, jobs[3]));
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 0);
  /* The photo handed out stays valid after the cache let it go. */
  g_assert_cmpint (cutout_photo_get_image (photo)->width, ==, 200);
}

/* A file written again after its cut-out is decoded anew: never served
 * from what was kept; at another size, its export says it changed. */
static void
test_photo_file_changed (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_photo (f, "changing.png", 200, 100);
  CutoutJob *job = add_one (f, path, NULL);
  g_autoptr (CutoutPhoto) kept = NULL;
  g_autoptr (CutoutPhoto) loaded = NULL;
  g_autoptr (CutoutImage) fresh = NULL;
  g_autoptr (CutoutExportItem) item = NULL;
  g_autoptr (GBytes) mask = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = fixture_path (f, "changing-cutout.png");
  g_autofree char *with = NULL, *without = NULL;
  CutoutExportOptions options;

  wait_idle (f);
  kept = cutout_queue_ref_photo (f->queue, job);
  g_assert_nonnull (kept);
  rewrite_photo (f, path, 200, 100, 77);
  fresh = cutout_decode_file (path, &error);
  g_assert_no_error (error);
  loaded = cutout_photo_load (kept, path, &error);
  g_assert_no_error (error);
  g_assert_true (loaded != kept);
  assert_same_image (cutout_photo_get_image (loaded), fresh);
  with = export_job (f, job, "with.png", TRUE);
  without = export_job (f, job, "without.png", FALSE);
  g_assert_cmpstr (with, ==, without);

  rewrite_photo (f, path, 100, 100, 77);
  mask = cutout_job_ref_mask_data (job);
  item = cutout_export_item_new (path, mask, 200, 100);
  item->photo = g_steal_pointer (&kept);
  cutout_export_options_init (&options);
  g_assert_false (cutout_export_item (item, &options, out, NULL, &error));
  g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
  /* Which file, and what is wrong. */
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "changed after it was cut out"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* A job run again, failed or removed has no photo kept any more. */
static void
test_photo_dropped (Fixture *f, gconstpointer data)
{
  g_autofree char *a = make_photo (f, "a.png", 200, 100);
  g_autofree char *b = make_photo (f, "b.png", 200, 100);
  CutoutJob *job_a = add_one (f, a, NULL);
  CutoutJob *job_b = add_one (f, b, NULL);
  const guint64 one = 200 * 100 * 4;

  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 2 * one);
  cutout_queue_rerun (f->queue, job_a);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, one);
  wait_idle (f);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 2 * one);

  g_assert_true (g_file_set_contents (a, "not an image", -1, NULL));
  cutout_queue_rerun (f->queue, job_a);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job_a), ==, CUTOUT_JOB_FAILED);
  g_assert_null (cutout_queue_ref_photo (f->queue, job_a));
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, one);

  cutout_queue_remove (f->queue, job_b);
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 0);
}

static void
shrink_budget_action (CutoutQueue *queue, CutoutJob *job)
{
  cutout_queue_set_photo_cache_bytes (queue, 1000);
}

/* A budget made smaller while a job runs holds for its photo too. */
static void
test_photo_budget_shrinks (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_photo (f, "shrunk.png", 200, 100);
  CutoutJob *job = add_one (f, path, NULL);

  act_at_state (f, job, CUTOUT_JOB_CUTTING_OUT, shrink_budget_action);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_null (cutout_queue_ref_photo (f->queue, job));
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 0);
}

/* With a budget of 0 (cutout-cli's), nothing is kept. */
static void
test_photo_budget_zero (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_photo (f, "none.png", 200, 100);
  CutoutJob *job;

  cutout_queue_set_photo_cache_bytes (f->queue, 0);
  g_object_set (f->queue, "refine-edges", TRUE, NULL);
  job = add_one (f, path, NULL);
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_null (cutout_queue_ref_photo (f->queue, job));
  g_assert_cmpuint (cutout_queue_get_photo_cache_used (f->queue), ==, 0);
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* A done job has its mask's review, notified by "review": the simulated
 * model keeps the photo's left half, a subject cut by three of its edges.
 * A touch-up keeps it; running the job again clears it until the new run
 * is done. */
static void
test_review (Fixture *f, gconstpointer data)
{
  g_autofree char *photo = make_photo (f, "photo.png", 120, 80);
  CutoutJob *job = add_one (f, photo, NULL);
  g_autoptr (CutoutStroke) stroke = cutout_stroke_new (CUTOUT_BRUSH_ERASE, 10, 1, FALSE);
  const CutoutReview *review;
  guint notified = 0;
  gboolean pending = TRUE;

  g_signal_connect (job, "notify::review", G_CALLBACK (count_notify_cb), &notified);
  g_assert_null (cutout_job_get_review (job));
  wait_idle (f);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_cmpuint (notified, ==, 1);
  review = cutout_job_get_review (job);
  g_assert_nonnull (review);
  g_assert_cmpfloat (review->measures.area, >, 0.4);
  g_assert_cmpfloat (review->measures.area, <, 0.6);
  g_assert_cmpfloat (review->measures.edge_share, >, 0.6);
  g_assert_cmpint (review->reasons[0], ==, CUTOUT_REVIEW_CUT_BY_EDGE);
  g_assert_cmpint (review->region.x1, >=, 0);
  g_assert_cmpint (review->region.x2, <=, 120);
  g_assert_cmpint (review->region.y2, <=, 80);
  {
    g_auto (GValue) value = G_VALUE_INIT;
    g_value_init (&value, CUTOUT_TYPE_REVIEW);
    g_object_get_property (G_OBJECT (job), "review", &value);
    g_assert_cmpmem (g_value_get_boxed (&value), sizeof *review, review, sizeof *review);
  }

  cutout_stroke_add_point (stroke, 20, 40, 1);
  cutout_stroke_add_point (stroke, 30, 40, 1);
  cutout_touchup_add (cutout_job_get_touchup (job), stroke);
  while (pending)
    {
      g_main_context_iteration (f->context, TRUE);
      pending = cutout_job_get_touchup_pending (job);
    }
  g_assert_true (cutout_job_get_review (job) == review);
  g_assert_cmpuint (notified, ==, 1);

  cutout_queue_rerun (f->queue, job);
  g_assert_null (cutout_job_get_review (job));
  g_assert_cmpuint (notified, ==, 2);
  wait_idle (f);
  g_assert_nonnull (cutout_job_get_review (job));
  g_assert_cmpuint (notified, ==, 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn, delay)                                                                       \
  g_test_add ("/queue/" path, Fixture, GUINT_TO_POINTER (delay), fixture_set_up, fn,               \
              fixture_tear_down)
  ADD ("order-and-states", test_order_and_states, 20);
  ADD ("find", test_find, 0);
  ADD ("notifications-on-owner-context", test_notifications_on_owner_context, 10);
  ADD ("failures-mixed", test_failures_mixed, 10);
  ADD ("file-vanishes", test_file_vanishes, 200);
  ADD ("limit-and-duplicates", test_limit_and_duplicates, 0);
  ADD ("remove-makes-room", test_remove_makes_room, 0);
  ADD ("cancel/queued", test_cancel_queued, 200);
  ADD ("cancel/decoding", test_cancel_decoding, 300);
  ADD ("cancel/cutting-out", test_cancel_cutting_out, 500);
  ADD ("cancel/refining", test_cancel_refining, 20);
  ADD ("cancel/saving", test_cancel_saving, 20);
  ADD ("cancel/finished", test_cancel_finished_does_nothing, 10);
  ADD ("cancel/all", test_cancel_all, 300);
  ADD ("retry-rerun-remove", test_retry_rerun_remove, 100);
  ADD ("rerun-while-running", test_rerun_while_running, 300);
  ADD ("dispose-while-busy", test_dispose_while_busy, 500);
  ADD ("workers-setting", test_workers_setting, 10);
  ADD ("thread-priorities", test_thread_priorities, 10);
  ADD ("large-photos", test_large_photos, 0);
  ADD ("boxes", test_boxes, 10);
  ADD ("box-outside", test_box_outside, 10);
  ADD ("refine-edges", test_refine_edges, 10);
  ADD ("edge-styles", test_edge_styles, 10);
  ADD ("best-quality", test_best_quality, 300);
  ADD ("second-look-off", test_second_look_off, 10);
  ADD ("second-look-progress", test_second_look_progress, 2000);
  ADD ("set-engine", test_set_engine, 10);
  ADD ("same-as-pipeline", test_same_as_pipeline, 0);
  ADD ("photo/kept", test_photo_kept, 0);
  ADD ("photo/budget", test_photo_budget, 0);
  ADD ("photo/file-changed", test_photo_file_changed, 0);
  ADD ("photo/dropped", test_photo_dropped, 0);
  ADD ("photo/budget-zero", test_photo_budget_zero, 0);
  ADD ("photo/budget-shrinks", test_photo_budget_shrinks, 200);
  ADD ("review", test_review, 0);
#undef ADD
  return g_test_run ();
}
