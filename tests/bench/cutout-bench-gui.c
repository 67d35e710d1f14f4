/* cutout-bench-gui.c: how long the window's main loop stalls during a batch
 *
 * Usage: cutout-bench-gui [--photos N] [--size WxH]   (needs a display: xvfb-run)
 *        cutout-bench-gui --pan WxH
 *
 * Opens Cutout's window, drops N photos on it (default 50 at 1920×1080, made
 * as cutout-bench-batch makes them) and, until the last is cut out, runs a
 * 5 ms timer at the highest priority on the main loop. Each gap between two
 * of its runs beyond the 5 ms is time the main loop could not answer: the
 * longest such stall, the 99th percentile and the median are printed. The
 * target is a longest stall under 50 ms.
 *
 * With --pan, it drops one photo of that size (e.g. 8000x6000) instead and,
 * once it is cut out, pans the preview continuously for 90 frames at each
 * of fit, 100 % and 800 %, and prints the median and longest time between
 * frames.
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

#define PERIOD_MS 5

typedef struct
{
  gboolean pan;
  GArray *frames; /* double, ms between frames while panning */
  gint64 last_frame;
  int n_ticks;
  GPtrArray *photos;
  GArray *stalls; /* double, ms */
  gint64 last;
  gint64 start;
  gboolean running;
  double run_seconds;
} Bench;

static gboolean
probe_cb (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();

  if (b->last != 0)
    {
      double stall = (now - b->last) / 1000.0 - PERIOD_MS;
      g_array_append_val (b->stalls, stall);
      if (stall > 25 && g_getenv ("CUTOUT_BENCH_VERBOSE"))
        g_printerr ("stall %.1f ms at %.2f s\n", stall, (now - b->start) / 1e6);
    }
  b->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
pan_tick_cb (GtkWidget *widget, GdkFrameClock *clock, gpointer data)
{
  Bench *b = data;
  gint64 t = gdk_frame_clock_get_frame_time (clock);

  if (b->last_frame != 0)
    {
      double ms = (t - b->last_frame) / 1000.0;
      g_array_append_val (b->frames, ms);
    }
  b->last_frame = t;
  cutout_canvas_scroll_by (CUTOUT_CANVAS (widget), b->n_ticks % 60 < 30 ? 12 : -12, 5);
  b->n_ticks++;
  return G_SOURCE_CONTINUE;
}

/* Pans the preview for 90 frames at @zoom (0: fit) and prints the frame times. */
static void
pan_at (Bench *b, CutoutCanvas *canvas, double zoom, const char *name)
{
  guint id;
  double *f;

  if (zoom == 0)
    cutout_canvas_zoom_to_fit (canvas);
  else
    cutout_canvas_set_zoom (canvas, zoom);
  g_array_set_size (b->frames, 0);
  b->last_frame = 0;
  b->n_ticks = 0;
  id = gtk_widget_add_tick_callback (GTK_WIDGET (canvas), pan_tick_cb, b, NULL);
  while (b->n_ticks < 91)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (canvas), id);
  g_array_sort (b->frames, bench_compare_doubles);
  f = (double *) (void *) b->frames->data;
  printf ("panning at %-5s: frame interval median %.1f ms, longest %.1f ms\n", name,
          f[b->frames->len / 2], f[b->frames->len - 1]);
}

static void
activate_cb (GApplication *app, Bench *b)
{
  CutoutWindow *window = CUTOUT_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  CutoutQueue *queue;
  guint probe;
  gint64 start;

  while (cutout_window_get_queue (window) == NULL)
    g_main_context_iteration (NULL, TRUE);
  queue = cutout_window_get_queue (window);
  for (guint i = 0; i < b->photos->len; i++)
    g_ptr_array_add (files, g_file_new_for_path (b->photos->pdata[i]));

  probe = g_timeout_add_full (G_PRIORITY_HIGH, PERIOD_MS, probe_cb, b, NULL);
  start = b->start = g_get_monotonic_time ();
  cutout_window_add_files (window, (GFile *const *) files->pdata, files->len);
  while (g_list_model_get_n_items (G_LIST_MODEL (queue)) < b->photos->len
         || cutout_queue_get_busy (queue))
    g_main_context_iteration (NULL, TRUE);
  b->run_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_remove (probe);
  if (b->pan)
    {
      CutoutCanvas *canvas = cutout_window_get_preview (window);
      /* Until the preview shows the cutout. */
      while (cutout_canvas_get_texture (canvas) == NULL
             || gdk_texture_get_width (cutout_canvas_get_texture (canvas)) < 1000)
        g_main_context_iteration (NULL, TRUE);
      g_usleep (G_USEC_PER_SEC);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      b->frames = g_array_new (FALSE, FALSE, sizeof (double));
      pan_at (b, canvas, 0, "fit");
      pan_at (b, canvas, 1, "100 %");
      pan_at (b, canvas, 8, "800 %");
      g_array_unref (b->frames);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  int n = 50, width = 1920, height = 1080;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-gui-XXXXXX", NULL);
  int status;
  Bench b = { 0 };
  double *s;
  guint len;

  for (int i = 1; i + 1 < argc; i += 2)
    if (g_str_equal (argv[i], "--photos"))
      n = atoi (argv[i + 1]);
    else if (g_str_equal (argv[i], "--size"))
      sscanf (argv[i + 1], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--pan"))
      {
        b.pan = TRUE;
        n = 1;
        sscanf (argv[i + 1], "%dx%d", &width, &height);
      }
  n = CLAMP (n, 1, CUTOUT_QUEUE_MAX_JOBS);
  b.photos = bench_app_photos (dir, n, width, height, &status);
  if (b.photos == NULL)
    return status;
  b.stalls = g_array_new (FALSE, FALSE, sizeof (double));

  bench_app_run (G_CALLBACK (activate_cb), &b);

  g_array_sort (b.stalls, bench_compare_doubles);
  s = (double *) (void *) b.stalls->data;
  len = b.stalls->len;
  g_assert_cmpuint (len, >, 0);
  printf ("%d photos cut out in %.1f s with the window open\n", n, b.run_seconds);
  printf ("main-loop stalls over %u probes: longest %.1f ms, 99th percentile %.1f ms, "
          "median %.1f ms (target: longest < 50 ms)\n",
          len, s[len - 1], s[len * 99 / 100], s[len / 2]);

  g_ptr_array_unref (b.photos);
  g_array_unref (b.stalls);
  bench_remove_dir (dir);
  return 0;
}
