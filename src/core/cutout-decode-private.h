/* cutout-decode-private.h: what the decoders share (cutout-decode.c, and
 * cutout-decode-pixbuf.c for every format but JPEG, PNG and WebP)
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-image.h"

G_BEGIN_DECLS

static inline guint
cutout_read_u16 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
}

static inline guint32
cutout_read_u32 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? ((guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3])
                    : ((guint32) p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]);
}

void cutout_decode_set_corrupt (GError **error, const char *format_name, const char *detail);
void cutout_decode_set_unsupported (GError **error);
gboolean cutout_tiff_ifd0_value (
    const guint8 *tiff, gsize size, guint tag, gboolean allow_long, guint32 *value);
CutoutImage *cutout_decode_own (const guint8 *data, gsize size, GError **error);
CutoutImage *cutout_decode_pixbuf (const guint8 *data, gsize size, GError **error);

G_END_DECLS
