/* bench-app.h: the app run for the window's benchmarks
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

GPtrArray *bench_app_photos (const char *dir, int n, int width, int height, int *status);
void bench_app_run (GCallback activate, gpointer data);
