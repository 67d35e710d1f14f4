/* cutout-metadata.h: what of a photo's file an export keeps besides pixels
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cutout-image.h"

G_BEGIN_DECLS

/* The colour profile, so colours look the same after the cut-out, and the
 * resolution, so a print comes out the same size. */
typedef struct
{
  GBytes *icc;  /* an ICC profile, or NULL */
  double dpi_x; /* 0 when not known */
  double dpi_y;
} CutoutMetadata;

CutoutMetadata *cutout_metadata_new (void);
CutoutMetadata *cutout_metadata_read (const char *path);
CutoutMetadata *cutout_metadata_read_data (const guint8 *data, gsize size);
gboolean cutout_icc_is_well_formed (GBytes *icc, const char **why);
/* (Here, not in cutout-decode.h: the decoder knows nothing of metadata.) */
CutoutImage *
cutout_decode_file_with_metadata (const char *path, CutoutMetadata **metadata, GError **error);
void cutout_metadata_free (CutoutMetadata *metadata);
gboolean cutout_metadata_icc_is_rgb (const CutoutMetadata *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutMetadata, cutout_metadata_free)

G_END_DECLS
