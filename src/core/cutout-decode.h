/* cutout-decode.h
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-image.h"

G_BEGIN_DECLS

#define CUTOUT_DECODE_ERROR (cutout_decode_error_quark ())

typedef enum
{
  CUTOUT_DECODE_ERROR_UNSUPPORTED,
  CUTOUT_DECODE_ERROR_CORRUPT,
  CUTOUT_DECODE_ERROR_TOO_LARGE,
  CUTOUT_DECODE_ERROR_EMPTY,
} CutoutDecodeError;

/* Largest file Cutout reads, in bytes. */
#define CUTOUT_MAX_FILE_SIZE ((goffset) 1024 * 1024 * 1024)

GQuark cutout_decode_error_quark (void);

/* What a file was when it was read: to tell later whether it changed. Plain
 * values, compared as a whole (the struct has no padding). */
typedef struct
{
  guint64 dev;
  guint64 ino;
  gint64 size;
  gint64 mtime_ns;
  gint64 ctime_ns;
} CutoutFileStamp;

GBytes *cutout_read_file (const char *path, GError **error);
GBytes *cutout_read_file_stamped (const char *path, CutoutFileStamp *stamp, GError **error);
gboolean cutout_file_stamp_matches (const CutoutFileStamp *stamp, const char *path);
gboolean cutout_probe_file (const char *path, GError **error);
CutoutImage *cutout_decode_file (const char *path, GError **error);
CutoutImage *cutout_decode_bytes (GBytes *bytes, GError **error);
CutoutImage *cutout_decode_bytes_reduced (
    GBytes *bytes, int min_side, int *full_width, int *full_height, GError **error);
CutoutImage *cutout_decode_file_reduced (
    const char *path, int min_side, int *full_width, int *full_height, GError **error);
CutoutImage *cutout_decode_data (const guint8 *data, gsize size, GError **error);
int cutout_exif_orientation (const guint8 *tiff, gsize size);

G_END_DECLS
