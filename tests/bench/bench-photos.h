/* bench-photos.h: photos for the benchmarks
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cutout-engine.h"
#include "cutout-image.h"

/* The exit status meson takes for a skipped test. */
#define BENCH_SKIP 77

gboolean bench_require_testdata (void);
double bench_now (void);
int bench_compare_doubles (const void *a, const void *b);
double bench_median (double *v, int n);
void bench_write_jpeg (const CutoutImage *img, const char *path, int quality);
GPtrArray *bench_make_photos (const char *dir, int n, int width, int height);
void bench_remove_dir (const char *dir);
double bench_time_model_alone (CutoutEngine *engine, GPtrArray *photos, guint *n_unsure);
