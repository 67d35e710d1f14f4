/* cutout-queue-photos.c: the decoded photos a queue keeps for its jobs
 *
 * When a run decoded its photo at full size (to refine the mask, for
 * boxes, or a small photo whose reduced decode is the full one), the
 * worker hands that photo back with the job's last report, and the owner's
 * thread keeps it here, within the photo-cache-bytes budget (least
 * recently used out first). Exports, copies and the ID photo then take a
 * reference with cutout_queue_ref_photo() on the owner's thread, for their
 * own threads, which check with cutout_photo_load() that the file has not
 * changed since. A job run again, failed, cancelled or removed drops its
 * photo. Only the owner's thread touches the cache itself; the photos are
 * immutable and reference-counted, so any thread may read and release them.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-queue-private.h"

/* Keeps @photo as @job's, in place of any it had. */
void
cutout_queue_keep_photo (CutoutQueue *self, CutoutJob *job, CutoutPhoto *photo)
{
  cutout_photo_cache_put (self->photos, job, photo);
}

void
cutout_queue_drop_photo (CutoutQueue *self, CutoutJob *job)
{
  cutout_photo_cache_remove (self->photos, job);
}

/* How many bytes of decoded photos are kept at most: 0 keeps none (for
 * cutout-cli, which saves as it cuts out and never decodes again). Photos
 * over the new budget are dropped at once; runs already started keep their
 * photo only if it fits the budget they started with. */
void
cutout_queue_set_photo_cache_bytes (CutoutQueue *self, guint64 bytes)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (cutout_photo_cache_get_budget (self->photos) == bytes)
    return;
  cutout_photo_cache_set_budget (self->photos, bytes);
  g_object_notify (G_OBJECT (self), "photo-cache-bytes");
}

guint64
cutout_queue_get_photo_cache_bytes (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return cutout_photo_cache_get_budget (self->photos);
}

/* How many bytes the kept photos take now. */
guint64
cutout_queue_get_photo_cache_used (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return cutout_photo_cache_get_bytes (self->photos);
}

/* A reference to @job's photo as its last run decoded it, for a thread
 * that needs it at full size, or NULL if none is kept (the caller decodes
 * the file as before). On the owner's thread. What is returned must be
 * passed to cutout_photo_load() in that thread, which uses it only if the
 * file is still the one decoded. */
CutoutPhoto *
cutout_queue_ref_photo (CutoutQueue *self, CutoutJob *job)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), NULL);

  if (cutout_job_get_state (job) != CUTOUT_JOB_DONE)
    return NULL;
  return cutout_photo_cache_lookup (self->photos, job);
}
