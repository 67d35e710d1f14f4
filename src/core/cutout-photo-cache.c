/* cutout-photo-cache.c
 *
 * The queue decodes a photo at full size when it refines the mask along
 * its edges (and for boxes, and for small photos, whose reduced decode is
 * the full one). Exports, copies, drags and the ID photo need that same
 * photo again once the job is done: kept here, they need not decode it
 * again. A kept photo is used only while its file is still the one it was
 * decoded from (cutout_photo_load()); otherwise the file is decoded anew,
 * as if nothing had been kept.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-photo-cache.h"

struct _CutoutPhoto
{
  gatomicrefcount ref_count;
  CutoutImage *image;
  CutoutMetadata *metadata;
  CutoutFileStamp stamp;
};

/* Takes @image and @metadata (NULL: none known). */
CutoutPhoto *
cutout_photo_new (CutoutImage *image, CutoutMetadata *metadata, const CutoutFileStamp *stamp)
{
  CutoutPhoto *photo;

  g_return_val_if_fail (image != NULL && stamp != NULL, NULL);

  photo = g_new0 (CutoutPhoto, 1);
  g_atomic_ref_count_init (&photo->ref_count);
  photo->image = image;
  photo->metadata = metadata != NULL ? metadata : cutout_metadata_new ();
  photo->stamp = *stamp;
  return photo;
}

CutoutPhoto *
cutout_photo_ref (CutoutPhoto *photo)
{
  g_return_val_if_fail (photo != NULL, NULL);
  g_atomic_ref_count_inc (&photo->ref_count);
  return photo;
}

void
cutout_photo_unref (CutoutPhoto *photo)
{
  if (photo == NULL || !g_atomic_ref_count_dec (&photo->ref_count))
    return;
  cutout_image_free (photo->image);
  cutout_metadata_free (photo->metadata);
  g_free (photo);
}

/* Read-only: other threads may be reading it too. */
const CutoutImage *
cutout_photo_get_image (const CutoutPhoto *photo)
{
  return photo->image;
}

const CutoutMetadata *
cutout_photo_get_metadata (const CutoutPhoto *photo)
{
  return photo->metadata;
}

/* What keeping it costs: its pixels and its colour profile. */
gsize
cutout_photo_get_bytes (const CutoutPhoto *photo)
{
  gsize bytes = cutout_image_stride (photo->image) * photo->image->height;

  if (photo->metadata->icc != NULL)
    bytes += g_bytes_get_size (photo->metadata->icc);
  return bytes;
}

/* The photo at @path: @kept (a new reference) if the file is still the one
 * it was decoded from, otherwise the file decoded now, with its metadata,
 * as cutout_decode_file_with_metadata() does. @kept may be NULL. Reads the
 * file system: in a thread, not on one that must not wait. */
CutoutPhoto *
cutout_photo_load (CutoutPhoto *kept, const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;
  CutoutFileStamp stamp;
  CutoutImage *image;
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (path != NULL, NULL);

  if (kept != NULL && cutout_file_stamp_matches (&kept->stamp, path))
    return cutout_photo_ref (kept);
  bytes = cutout_read_file_stamped (path, &stamp, error);
  if (bytes == NULL)
    return NULL;
  image = cutout_decode_bytes (bytes, error);
  if (image == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return cutout_photo_new (image, cutout_metadata_read_data (data, size), &stamp);
}

/* The photo at @path as cutout_photo_load() gives it, for a cutout of
 * @width × @height made of it: a photo of another size means the file was
 * replaced since, and the cutout no longer fits it. */
CutoutPhoto *
cutout_photo_load_for (CutoutPhoto *kept, const char *path, int width, int height, GError **error)
{
  g_autoptr (CutoutPhoto) photo = cutout_photo_load (kept, path, error);

  if (photo == NULL)
    return NULL;
  if (photo->image->width != width || photo->image->height != height)
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT,
                   _ ("%s changed after it was cut out: cut it out again"), shown);
      return NULL;
    }
  return g_steal_pointer (&photo);
}

/* The cache ---------------------------------------------------------------------- */

typedef struct
{
  gconstpointer key;
  CutoutPhoto *photo;
} Entry;

struct _CutoutPhotoCache
{
  GQueue entries; /* Entry, the most recently used first */
  guint64 budget;
  guint64 bytes;
};

CutoutPhotoCache *
cutout_photo_cache_new (guint64 budget)
{
  CutoutPhotoCache *self = g_new0 (CutoutPhotoCache, 1);

  g_queue_init (&self->entries);
  self->budget = budget;
  return self;
}

static void
drop_link (CutoutPhotoCache *self, GList *link)
{
  Entry *entry = link->data;

  self->bytes -= cutout_photo_get_bytes (entry->photo);
  cutout_photo_unref (entry->photo);
  g_free (entry);
  g_queue_delete_link (&self->entries, link);
}

void
cutout_photo_cache_free (CutoutPhotoCache *self)
{
  if (self == NULL)
    return;
  while (self->entries.head != NULL)
    drop_link (self, self->entries.head);
  g_free (self);
}

/* Drops the least recently used photos until @room more bytes fit. */
static void
trim (CutoutPhotoCache *self, guint64 room)
{
  while (self->entries.tail != NULL && self->bytes + room > self->budget)
    drop_link (self, self->entries.tail);
}

/* At most @budget bytes of photos are kept; 0 keeps none. */
void
cutout_photo_cache_set_budget (CutoutPhotoCache *self, guint64 budget)
{
  self->budget = budget;
  trim (self, 0);
}

guint64
cutout_photo_cache_get_budget (CutoutPhotoCache *self)
{
  return self->budget;
}

guint64
cutout_photo_cache_get_bytes (CutoutPhotoCache *self)
{
  return self->bytes;
}

static GList *
find (CutoutPhotoCache *self, gconstpointer key)
{
  for (GList *l = self->entries.head; l != NULL; l = l->next)
    if (((Entry *) l->data)->key == key)
      return l;
  return NULL;
}

/* Keeps @photo (a reference is taken) for @key, in place of what it had,
 * making room by dropping the least recently used; a photo larger than the
 * whole budget is not kept. */
void
cutout_photo_cache_put (CutoutPhotoCache *self, gconstpointer key, CutoutPhoto *photo)
{
  gsize bytes = cutout_photo_get_bytes (photo);
  Entry *entry;

  cutout_photo_cache_remove (self, key);
  if (bytes > self->budget)
    return;
  trim (self, bytes);
  entry = g_new0 (Entry, 1);
  entry->key = key;
  entry->photo = cutout_photo_ref (photo);
  g_queue_push_head (&self->entries, entry);
  self->bytes += bytes;
}

/* A new reference to the photo kept for @key, now the most recently used,
 * or NULL. */
CutoutPhoto *
cutout_photo_cache_lookup (CutoutPhotoCache *self, gconstpointer key)
{
  GList *link = find (self, key);

  if (link == NULL)
    return NULL;
  g_queue_unlink (&self->entries, link);
  g_queue_push_head_link (&self->entries, link);
  return cutout_photo_ref (((Entry *) link->data)->photo);
}

void
cutout_photo_cache_remove (CutoutPhotoCache *self, gconstpointer key)
{
  GList *link = find (self, key);

  if (link != NULL)
    drop_link (self, link);
}
