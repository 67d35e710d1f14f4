/* cutout-photo-cache.h: decoded photos kept for their jobs' later uses
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cutout-decode.h"
#include "cutout-image.h"
#include "cutout-metadata.h"

G_BEGIN_DECLS

/* A photo decoded at full size (upright RGBA) with its metadata and what
 * its file was when read. Immutable and reference-counted: any thread may
 * read it and drop its reference. */
typedef struct _CutoutPhoto CutoutPhoto;

CutoutPhoto *
cutout_photo_new (CutoutImage *image, CutoutMetadata *metadata, const CutoutFileStamp *stamp);
CutoutPhoto *cutout_photo_ref (CutoutPhoto *photo);
void cutout_photo_unref (CutoutPhoto *photo);
const CutoutImage *cutout_photo_get_image (const CutoutPhoto *photo);
const CutoutMetadata *cutout_photo_get_metadata (const CutoutPhoto *photo);
gsize cutout_photo_get_bytes (const CutoutPhoto *photo);
CutoutPhoto *cutout_photo_load (CutoutPhoto *kept, const char *path, GError **error);
CutoutPhoto *
cutout_photo_load_for (CutoutPhoto *kept, const char *path, int width, int height, GError **error);

/* Photos kept by key (a job), least recently used first out, within a
 * budget in bytes. Not thread-safe: its owner's thread only. */
typedef struct _CutoutPhotoCache CutoutPhotoCache;

CutoutPhotoCache *cutout_photo_cache_new (guint64 budget);
void cutout_photo_cache_free (CutoutPhotoCache *self);
void cutout_photo_cache_set_budget (CutoutPhotoCache *self, guint64 budget);
guint64 cutout_photo_cache_get_budget (CutoutPhotoCache *self);
guint64 cutout_photo_cache_get_bytes (CutoutPhotoCache *self);
void cutout_photo_cache_put (CutoutPhotoCache *self, gconstpointer key, CutoutPhoto *photo);
CutoutPhoto *cutout_photo_cache_lookup (CutoutPhotoCache *self, gconstpointer key);
void cutout_photo_cache_remove (CutoutPhotoCache *self, gconstpointer key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutPhoto, cutout_photo_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutPhotoCache, cutout_photo_cache_free)

G_END_DECLS
