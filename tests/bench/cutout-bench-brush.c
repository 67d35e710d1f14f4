/* cutout-bench-brush.c: painting a touch-up stroke on a large photo
 *
 * Usage: cutout-bench-brush [--size WxH] [--strokes N]
 *        (needs a display: xvfb-run; GSK_RENDERER=cairo as the suite sets)
 *
 * Opens Cutout's window with the real model on one photo (default
 * 6000×4000, 24 MP, made as cutout-bench-batch makes them), waits for its
 * cutout, turns the brush on at 400 % and paints N strokes (default 5) of
 * 60 points each, as a pointer would: one point, then one drawn frame. It
 * measures each frame (from the pointer's move until the canvas is drawn)
 * and, once a stroke ends, how long until the touched-up cutout is drawn
 * and the longest the main loop went without running meanwhile (a 10 ms
 * timer's lateness). Medians and longest are printed; the target is frames
 * of at most 33 ms.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "cutout-application.h"
#include "cutout-canvas.h"
#include "cutout-queue.h"
#include "cutout-window-private.h"

#include "bench-app.h"
#include "bench-photos.h"

#define POINTS 60

typedef struct
{
  GPtrArray *photos;
  int strokes;
  GArray *frames;  /* ms, each point's frame */
  GArray *applied; /* ms, from a stroke's end until its cutout is drawn */
  GArray *stalls;  /* ms, the longest stall of the main loop meanwhile */
  gint64 last_tick;
  double longest_stall;
} Bench;

static gboolean
tick_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->last_tick > 0)
    b->longest_stall = MAX (b->longest_stall, (now - b->last_tick) / 1000.0 - 10);
  b->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static GtkGesture *
find_drag (GtkWidget *canvas)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (canvas);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_DRAG (c))
        return GTK_GESTURE (c); /* the canvas holds it */
    }
  return NULL;
}

/* Until the preview shows a cutout other than @before (the final one, with
 * clean colours if they are on), drawn, and the job's touch-up is done. */
static void
wait_for_cutout (CutoutWindow *window, CutoutJob *job, GdkTexture *before)
{
  for (;;)
    {
      gboolean is_final = FALSE;
      GdkTexture *result = cutout_window_get_shown_result (window, &is_final);
      if (!cutout_job_get_touchup_pending (job) && result != NULL && result != before && is_final
          && cutout_canvas_get_texture (cutout_window_get_preview (window)) == result)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  gtk_widget_queue_draw (GTK_WIDGET (cutout_window_get_preview (window)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (cutout_window_get_preview (window)));
}

/* One stroke of POINTS points across the view, a frame after each. */
static void
paint_stroke (Bench *b, CutoutWindow *window, GtkGesture *drag, int k)
{
  GtkWidget *canvas = GTK_WIDGET (cutout_window_get_preview (window));
  double w = gtk_widget_get_width (canvas), h = gtk_widget_get_height (canvas);
  double x = w * 0.2, y = h * (0.2 + 0.12 * (k % 6));
  gint64 start;
  double ms;

  g_signal_emit_by_name (drag, "drag-begin", x, y);
  for (int i = 1; i < POINTS; i++)
    {
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (drag, "drag-update", w * 0.6 * i / POINTS, h * 0.05 * (i % 7));
      gtk_test_widget_wait_for_draw (canvas);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (b->frames, ms);
      if (ms > 33 && g_getenv ("CUTOUT_BENCH_VERBOSE"))
        g_printerr ("stroke %d point %d: %.1f ms\n", k, i, ms);
    }
  g_signal_emit_by_name (drag, "drag-end", w * 0.6, 0.0);
}

static void
activate_cb (GApplication *app, Bench *b)
{
  CutoutWindow *window = CUTOUT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr (GFile) file = g_file_new_for_path (b->photos->pdata[0]);
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  CutoutQueue *queue;
  CutoutJob *job;
  GtkGesture *drag = find_drag (GTK_WIDGET (canvas));
  guint tick;

  while ((queue = cutout_window_get_queue (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  cutout_window_add_files (window, &file, 1);
  while (cutout_queue_get_n_done (queue) < 1)
    g_main_context_iteration (NULL, TRUE);
  job = cutout_window_get_selected_job (window);
  wait_for_cutout (window, job, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-touch-up", NULL));
  cutout_canvas_set_zoom (canvas, 4);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (canvas));

  tick = g_timeout_add (10, tick_cb, b);
  for (int k = 0; k < b->strokes; k++)
    {
      gint64 start;
      double ms;

      gboolean is_final;
      GdkTexture *before = cutout_window_get_shown_result (window, &is_final);

      g_object_set (canvas, "brush-restore", k % 2 == 1, NULL);
      paint_stroke (b, window, drag, k);
      start = g_get_monotonic_time ();
      b->last_tick = 0;
      b->longest_stall = 0;
      wait_for_cutout (window, job, before);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (b->applied, ms);
      g_array_append_val (b->stalls, b->longest_stall);
    }
  g_source_remove (tick);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
print_times (const char *name, GArray *times)
{
  double *t = (double *) (void *) times->data;

  if (times->len == 0)
    return;
  g_array_sort (times, bench_compare_doubles);
  printf ("%-44s median %6.1f ms, longest %6.1f ms over %u\n", name, t[times->len / 2],
          t[times->len - 1], times->len);
}

int
main (int argc, char **argv)
{
  int width = 6000, height = 4000;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-brush-XXXXXX", NULL);
  int status;
  Bench b = { .strokes = 5 };

  for (int i = 1; i + 1 < argc; i += 2)
    if (g_str_equal (argv[i], "--size"))
      sscanf (argv[i + 1], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--strokes"))
      b.strokes = MAX (1, atoi (argv[i + 1]));
  b.photos = bench_app_photos (dir, 1, width, height, &status);
  if (b.photos == NULL)
    return status;
  b.frames = g_array_new (FALSE, FALSE, sizeof (double));
  b.applied = g_array_new (FALSE, FALSE, sizeof (double));
  b.stalls = g_array_new (FALSE, FALSE, sizeof (double));

  bench_app_run (G_CALLBACK (activate_cb), &b);

  printf ("touch-up strokes of %d points at 400 %% on a %d×%d photo:\n", POINTS, width, height);
  print_times ("a frame while painting", b.frames);
  print_times ("a stroke's end until its cutout is drawn", b.applied);
  print_times ("the longest main-loop stall meanwhile", b.stalls);
  printf ("(target: frames of at most 33 ms)\n");

  g_array_unref (b.frames);
  g_array_unref (b.applied);
  g_array_unref (b.stalls);
  g_ptr_array_unref (b.photos);
  bench_remove_dir (dir);
  return 0;
}
