/* bench-app.c: the app run for the window's benchmarks
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-app.h"
#include "bench-photos.h"
#include "cutout-application.h"

/* @n photos of @width × @height in @dir, or NULL and the exit status to
 * end with in *@status: there is no display to open a window on, or no
 * test photos to make them from. */
GPtrArray *
bench_app_photos (const char *dir, int n, int width, int height, int *status)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run under xvfb-run)\n");
      g_rmdir (dir);
      *status = 0;
      return NULL;
    }
  if (!bench_require_testdata ())
    {
      g_rmdir (dir);
      *status = BENCH_SKIP;
      return NULL;
    }
  printf ("making %d photos of %d×%d…\n", n, width, height);
  return bench_make_photos (dir, n, width, height);
}

/* Runs the app until it quits; @activate (connected after the app's own)
 * opens the window and drives it. */
void
bench_app_run (GCallback activate, gpointer data)
{
  g_autoptr (CutoutApplication) app = NULL;

  gtk_init ();
  adw_init ();
  app = cutout_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", activate, data);
  g_application_run (G_APPLICATION (app), 0, NULL);
}
