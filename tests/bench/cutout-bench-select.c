/* cutout-bench-select.c: how long selecting a finished image takes to show
 *
 * Usage: cutout-bench-select [--photos N] [--size WxH] [--rounds R]
 *        (needs a display: xvfb-run)
 *
 * Opens Cutout's window with the real model, drops N photos (default 6 at
 * 4000×3000, 12 MP, made as cutout-bench-batch makes them) and, once the
 * first two are cut out and while the others still are (a batch running),
 * selects a finished image after another, a second each, R rounds over
 * them once the batch is over. For each
 * selection it measures the time until the preview shows that image's
 * cutout (the canvas holds its result texture, drawn once; and until the
 * one with clean colours, which replaces the plain one, is): the first
 * selection of an image ("not cached") and the later ones ("cached"),
 * during the batch and after it. Medians and longest are printed; the
 * targets are 200 ms cached and 1 s not cached.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "cutout-application.h"
#include "cutout-canvas.h"
#include "cutout-queue.h"
#include "cutout-window-private.h"

#include "bench-app.h"
#include "bench-photos.h"

typedef struct
{
  GPtrArray *photos;
  int rounds;
  GArray *times[2][2]; /* [during the batch][cached]: double, ms */
  GArray *final;       /* not cached: until the cutout with clean colours, ms */
} Bench;

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static guint
n_done (CutoutQueue *queue)
{
  return cutout_queue_get_n_done (queue);
}

/* Whether the preview shows @job's cutout (the one exports write, if
 * @final; else also the plain one shown until its colours are cleaned). */
static gboolean
shows (CutoutWindow *window, CutoutJob *job, gboolean final)
{
  GtkStack *stack = cutout_window_get_preview_stack (window);
  gboolean is_final;
  GdkTexture *result = cutout_window_get_shown_result (window, &is_final);

  return cutout_window_get_selected_job (window) == job && result != NULL && (is_final || !final)
         && cutout_canvas_get_texture (cutout_window_get_preview (window)) == result
         && g_str_equal (gtk_stack_get_visible_child_name (stack), "picture");
}

/* Until the preview shows @job's cutout, drawn. */
static void
wait_for (CutoutWindow *window, CutoutJob *job, gboolean final)
{
  while (!shows (window, job, final))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (cutout_window_get_preview (window)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (cutout_window_get_preview (window)));
}

/* Selects row @i and gives the milliseconds until its cutout is drawn,
 * and in @final until the final one is. */
static double
select_row (CutoutWindow *window, guint i, double *final)
{
  GtkListView *list = GTK_LIST_VIEW (cutout_window_get_list_view (window));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  CutoutJob *job;
  gint64 start = g_get_monotonic_time ();
  double ms;

  gtk_single_selection_set_selected (selection, i);
  job = gtk_single_selection_get_selected_item (selection);
  wait_for (window, job, FALSE);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  wait_for (window, job, TRUE);
  *final = (g_get_monotonic_time () - start) / 1000.0;
  return ms;
}

/* A second with the image, as a user takes to look at it (and the batch
 * goes on meanwhile). */
static void
look_at_it (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
}

static void
print_times (const char *name, GArray *times)
{
  double *t = (double *) (void *) times->data;

  if (times->len == 0)
    {
      printf ("%-28s no selections\n", name);
      return;
    }
  g_array_sort (times, bench_compare_doubles);
  printf ("%-28s median %6.0f ms, longest %6.0f ms over %u selections\n", name, t[times->len / 2],
          t[times->len - 1], times->len);
}

static void
activate_cb (GApplication *app, Bench *b)
{
  CutoutWindow *window = CUTOUT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  CutoutQueue *queue;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while ((queue = cutout_window_get_queue (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < b->photos->len; i++)
    g_ptr_array_add (files, g_file_new_for_path (b->photos->pdata[i]));
  cutout_window_add_files (window, (GFile *const *) files->pdata, files->len);
  while (g_list_model_get_n_items (G_LIST_MODEL (queue)) < b->photos->len || n_done (queue) < 2)
    g_main_context_iteration (NULL, TRUE);

  /* Between the finished images, for as long as the batch runs, then
   * R rounds after it. */
  for (int round = 0, after = 0; after < b->rounds; round++)
    {
      gboolean during = cutout_queue_get_busy (queue);
      guint finished = 0;

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (queue)); i++)
        {
          g_autoptr (CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
          gboolean cached;
          double ms, final;

          if (cutout_job_get_state (job) != CUTOUT_JOB_DONE)
            continue;
          finished++;
          cached = g_hash_table_contains (seen, job);
          ms = select_row (window, i, &final);
          g_hash_table_add (seen, job);
          g_array_append_val (b->times[during][cached], ms);
          if (!cached)
            g_array_append_val (b->final, final);
          look_at_it ();
          if (g_getenv ("CUTOUT_BENCH_VERBOSE"))
            g_printerr ("round %d row %u%s%s: %.0f ms, final %.0f ms\n", round, i,
                        during ? " (batch)" : "", cached ? " (cached)" : "", ms, final);
        }
      if (!during)
        after++;
    }
  g_source_remove (wake);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int n = 6, width = 4000, height = 3000;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-select-XXXXXX", NULL);
  int status;
  Bench b = { .rounds = 3 };

  for (int i = 1; i + 1 < argc; i += 2)
    if (g_str_equal (argv[i], "--photos"))
      n = atoi (argv[i + 1]);
    else if (g_str_equal (argv[i], "--size"))
      sscanf (argv[i + 1], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--rounds"))
      b.rounds = MAX (1, atoi (argv[i + 1]));
  n = CLAMP (n, 3, CUTOUT_QUEUE_MAX_JOBS);
  b.photos = bench_app_photos (dir, n, width, height, &status);
  if (b.photos == NULL)
    return status;
  for (int d = 0; d < 2; d++)
    for (int c = 0; c < 2; c++)
      b.times[d][c] = g_array_new (FALSE, FALSE, sizeof (double));
  b.final = g_array_new (FALSE, FALSE, sizeof (double));

  bench_app_run (G_CALLBACK (activate_cb), &b);

  printf ("selecting a finished %d×%d image until its cutout is drawn:\n", width, height);
  print_times ("during the batch, not cached", b.times[1][0]);
  print_times ("during the batch, shown before", b.times[1][1]);
  print_times ("after it, not cached", b.times[0][0]);
  print_times ("after it, shown before", b.times[0][1]);
  print_times ("not cached, clean colours", b.final);
  printf ("(targets: cached 200 ms, not cached 1 s)\n");

  for (int d = 0; d < 2; d++)
    for (int c = 0; c < 2; c++)
      g_array_unref (b.times[d][c]);
  g_array_unref (b.final);
  g_ptr_array_unref (b.photos);
  bench_remove_dir (dir);
  return 0;
}
