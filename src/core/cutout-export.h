/* cutout-export.h: compositing and writing results, never losing a file
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-image.h"

G_BEGIN_DECLS

/* zlib levels: fast is what a batch wants; smallest is for the web. */
#define CUTOUT_PNG_LEVEL_FAST 1
#define CUTOUT_PNG_LEVEL_SMALLEST 9

CutoutImage *cutout_compose_alpha (const CutoutImage *image, const CutoutImage *mask);
gboolean cutout_export_png (const CutoutImage *image,
                            const char *path,
                            int level,
                            GCancellable *cancellable,
                            GError **error);
gboolean cutout_export_cutout_png (const CutoutImage *image,
                                   const CutoutImage *mask,
                                   const char *path,
                                   int level,
                                   GCancellable *cancellable,
                                   GError **error);
gboolean cutout_same_file (const char *a, const char *b);

G_END_DECLS
