/* test-queue-row.c: a queue row follows its job, through the template's
 * bindings, while the job runs and when the row is given another job
 *
 * The jobs run in a CutoutQueue with the simulated model, on the default
 * main context, which the tests iterate.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cutout-export.h"
#include "cutout-queue-row.h"
#include "cutout-queue.h"
#include "cutout-testlib.h"

/* Long enough that every stage is seen between two iterations. */
#define SIMULATED_MODEL_MS 200
#define DEADLINE_SECONDS 120

typedef struct
{
  char *dir;
  CutoutEngine *engine;
  CutoutQueue *queue;
  GtkWindow *window;
  CutoutQueueRow *row;
  /* The row's parts, found in its tree. */
  GtkWidget *box;
  GtkLabel *name_label;
  GtkLabel *state_label;
  GtkProgressBar *progress_bar;
  GtkStack *thumbnail_stack;
} Fixture;

static void
find_parts (Fixture *f, GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && widget == cutout_queue_row_get_review_badge (f->row))
    return; /* the "Check" badge, apart */
  if (GTK_IS_LABEL (widget))
    {
      /* The name first, then the state. */
      g_assert_null (f->state_label);
      if (f->name_label == NULL)
        f->name_label = GTK_LABEL (widget);
      else
        f->state_label = GTK_LABEL (widget);
    }
  else if (GTK_IS_PROGRESS_BAR (widget))
    f->progress_bar = GTK_PROGRESS_BAR (widget);
  else if (GTK_IS_MENU_BUTTON (widget))
    return; /* its labels are the menu's */
  else if (GTK_IS_STACK (widget))
    f->thumbnail_stack = GTK_STACK (widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    find_parts (f, c);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("cutout-queue-row-XXXXXX", NULL);
  f->engine = cutout_engine_new_simulated (&cutout_test_simulated_model, SIMULATED_MODEL_MS);
  f->queue = cutout_queue_new (f->engine, 1);
  f->window = GTK_WINDOW (gtk_window_new ());
  f->row = CUTOUT_QUEUE_ROW (cutout_queue_row_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->row));
  gtk_window_present (f->window);
  f->box = gtk_widget_get_first_child (GTK_WIDGET (f->row));
  find_parts (f, GTK_WIDGET (f->row));
  g_assert_nonnull (f->state_label);
  g_assert_nonnull (f->progress_bar);
  g_assert_nonnull (f->thumbnail_stack);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  g_assert_finalize_object (g_steal_pointer (&f->queue));
  g_assert_finalize_object (g_steal_pointer (&f->engine));
  /* Reports posted by workers before the queue went away. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* A w × h PNG whose left half is bright and right half dark: the simulated
 * model keeps the left half. */
static char *
make_photo (Fixture *f, const char *name, int w, int h)
{
  return cutout_test_write_half_photo (f->dir, name, w, h);
}

static char *
make_text_file (Fixture *f, const char *name)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "not a photo", -1, NULL));
  return path;
}

static void
add_to_queue (Fixture *f, CutoutJob *job)
{
  g_autoptr (CutoutAddReport) report = cutout_queue_add_job (f->queue, job);

  g_assert_cmpuint (report->added->len, ==, 1);
}

static gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Everything the row shows is @job's, as it is now. */
static void
assert_row_shows (Fixture *f, CutoutJob *job)
{
  g_autofree char *state = cutout_job_describe_state (job);
  const CutoutImage *thumbnail = cutout_job_get_thumbnail (job);
  gboolean failed = cutout_job_get_state (job) == CUTOUT_JOB_FAILED;

  g_assert_true (cutout_queue_row_get_job (f->row) == job);
  g_assert_true (gtk_widget_get_visible (f->box));
  g_assert_cmpstr (gtk_label_get_text (f->name_label), ==, cutout_job_get_display_name (job));
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, state);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->state_label)), ==, state);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->state_label), "error") == failed);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->state_label), "dim-label"));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (f->progress_bar), ==,
                     cutout_job_get_progress (job));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->progress_bar))
                 == !cutout_job_is_finished (job));
  if (thumbnail != NULL)
    {
      GtkImage *image = GTK_IMAGE (gtk_stack_get_visible_child (f->thumbnail_stack));
      GdkPaintable *paintable = gtk_image_get_paintable (image);

      g_assert_cmpstr (gtk_stack_get_visible_child_name (f->thumbnail_stack), ==, "thumbnail");
      g_assert_nonnull (paintable);
      g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, thumbnail->width);
      g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, thumbnail->height);
    }
  else
    {
      GtkWidget *placeholder = gtk_stack_get_visible_child (f->thumbnail_stack);

      g_assert_cmpstr (gtk_stack_get_visible_child_name (f->thumbnail_stack), ==, "placeholder");
      g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (placeholder)), ==,
                       "image-x-generic-symbolic");
      g_assert_true (gtk_widget_has_css_class (placeholder, "dim-label"));
    }
}

typedef struct
{
  gboolean seen[CUTOUT_JOB_CANCELLED + 1];
  gboolean seen_partial_progress;
} Seen;

/* Iterates until @job is finished, checking after each iteration (when
 * every notification of the job's updates has been delivered) that the row
 * shows the job as it is then. */
static void
follow_until_finished (Fixture *f, CutoutJob *job, Seen *seen)
{
  gint64 deadline = g_get_monotonic_time () + DEADLINE_SECONDS * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, keep_waking_cb, NULL);

  for (;;)
    {
      double progress = cutout_job_get_progress (job);

      assert_row_shows (f, job);
      seen->seen[cutout_job_get_state (job)] = TRUE;
      if (progress > 0 && progress < 1)
        seen->seen_partial_progress = TRUE;
      if (cutout_job_is_finished (job))
        break;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

/* A row given a job shows it, and follows it through its run. */
static void
test_follows_run (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_photo (f, "photo.png", 96, 64);
  g_autoptr (CutoutJob) job = cutout_job_new (path);
  Seen seen = { 0 };

  cutout_queue_row_set_job (f->row, job);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  assert_row_shows (f, job);
  g_assert_cmpstr (gtk_label_get_text (f->name_label), ==, "photo.png");
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "Waiting");
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (f->progress_bar), ==, 0);

  add_to_queue (f, job);
  follow_until_finished (f, job, &seen);
  g_assert_true (seen.seen[CUTOUT_JOB_CUTTING_OUT]);
  g_assert_true (seen.seen_partial_progress);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "96 × 64 · Done");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->progress_bar)));
  g_assert_nonnull (cutout_job_get_thumbnail (job));

  /* Run again: back to waiting, at once. */
  cutout_queue_rerun (f->queue, job);
  assert_row_shows (f, job);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "96 × 64 · Waiting");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f->progress_bar)));
  follow_until_finished (f, job, &seen);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
}

/* The state says how many boxes the run cuts out, from the moment the run
 * takes them, even while its state is still "Waiting". */
static void
test_follows_boxes (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_photo (f, "boxed.png", 96, 64);
  g_autoptr (CutoutJob) job = cutout_job_new (path);
  CutoutBox box = { 0, 0, 48, 64 };
  Seen seen = { 0 };

  g_assert_true (cutout_box_list_add (cutout_job_get_boxes (job), &box));
  cutout_queue_row_set_job (f->row, job);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "Waiting");
  add_to_queue (f, job);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_QUEUED);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "Waiting · 1 box");
  follow_until_finished (f, job, &seen);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "96 × 64 · Done · 1 box");
}

/* A failed job shows its message, in the error style, until it is retried. */
static void
test_follows_failure (Fixture *f, gconstpointer data)
{
  g_autofree char *path = make_text_file (f, "notes.png");
  g_autoptr (CutoutJob) job = cutout_job_new (path);
  Seen seen = { 0 };
  const char *message;

  cutout_queue_row_set_job (f->row, job);
  add_to_queue (f, job);
  follow_until_finished (f, job, &seen);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_FAILED);
  message = cutout_job_get_error_message (job);
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, message);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (f->state_label)), ==, message);
  /* Shown by our own tooltip label, which GTK 4.8 would wrap one Chinese
   * character a line (cutout-tooltips.c), though the text came later. */
  g_assert_nonnull (g_object_get_data (G_OBJECT (f->state_label), "cutout-tooltip"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (f->state_label), "error"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->progress_bar)));

  /* Retried: the message and its style go at once. */
  g_assert_true (cutout_queue_retry (f->queue, job));
  assert_row_shows (f, job);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "Waiting");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f->state_label), "error"));
  follow_until_finished (f, job, &seen);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_FAILED);
}

/* A row recycled by the list's factory shows its new job at once, none of
 * the old one's, and no longer follows the old one. */
static void
test_recycled (Fixture *f, gconstpointer data)
{
  g_autofree char *path_done = make_photo (f, "done.png", 96, 64);
  g_autofree char *path_failed = make_text_file (f, "failed.png");
  g_autofree char *path_waiting = make_photo (f, "waiting.png", 40, 30);
  g_autoptr (CutoutJob) done = cutout_job_new (path_done);
  g_autoptr (CutoutJob) failed = cutout_job_new (path_failed);
  g_autoptr (CutoutJob) waiting = cutout_job_new (path_waiting);
  Seen seen = { 0 };

  add_to_queue (f, done);
  add_to_queue (f, failed);
  cutout_queue_row_set_job (f->row, failed);
  follow_until_finished (f, failed, &seen);
  cutout_queue_row_set_job (f->row, done);
  follow_until_finished (f, done, &seen);
  g_assert_cmpint (cutout_job_get_state (done), ==, CUTOUT_JOB_DONE);
  g_assert_cmpint (cutout_job_get_state (failed), ==, CUTOUT_JOB_FAILED);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (f->thumbnail_stack), ==, "thumbnail");

  /* Done, with a thumbnail → failed, without: the placeholder again. */
  cutout_queue_row_set_job (f->row, failed);
  assert_row_shows (f, failed);
  /* Failed → waiting: no error style left over. */
  cutout_queue_row_set_job (f->row, waiting);
  assert_row_shows (f, waiting);
  g_assert_cmpstr (gtk_label_get_text (f->name_label), ==, "waiting.png");
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "Waiting");
  cutout_queue_row_set_job (f->row, done);
  assert_row_shows (f, done);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "96 × 64 · Done");

  /* No job: nothing shown, and the old job's changes are not followed. */
  cutout_queue_row_set_job (f->row, NULL);
  g_assert_null (cutout_queue_row_get_job (f->row));
  g_assert_false (gtk_widget_get_visible (f->box));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  cutout_queue_rerun (f->queue, done);
  g_assert_cmpstr (gtk_label_get_text (f->state_label), ==, "96 × 64 · Done");

  cutout_queue_row_set_job (f->row, waiting);
  assert_row_shows (f, waiting);
  cutout_queue_row_set_job (f->row, done);
  follow_until_finished (f, done, &seen);
  cutout_queue_row_set_job (f->row, NULL);
}

int
main (int argc, char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  g_test_add ("/cutout/queue-row/follows-run", Fixture, NULL, fixture_set_up, test_follows_run,
              fixture_tear_down);
  g_test_add ("/cutout/queue-row/follows-boxes", Fixture, NULL, fixture_set_up, test_follows_boxes,
              fixture_tear_down);
  g_test_add ("/cutout/queue-row/follows-failure", Fixture, NULL, fixture_set_up,
              test_follows_failure, fixture_tear_down);
  g_test_add ("/cutout/queue-row/recycled", Fixture, NULL, fixture_set_up, test_recycled,
              fixture_tear_down);
  return g_test_run ();
}
