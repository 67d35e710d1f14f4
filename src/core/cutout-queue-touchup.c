/* cutout-queue-touchup.c: a done job's strokes painted again on its model's
 * mask, each time they change
 *
 * The job keeps the model's mask apart from the mask it shows. When its
 * strokes change (a stroke added, undone, redone, or all dropped), the
 * queue paints all of them again on the model's mask in a thread, with the
 * photo kept (cutout-queue-photos.c) or the file decoded again if a stroke
 * follows the photo's edges, and shows the result on the owner's thread:
 * undoing gives back exactly the mask as it was, never an approximation.
 * Each change counts up the job's touch-up serial; a result is shown only
 * if it is of the strokes as they are now, so an older one never replaces
 * a newer. One thread per job at a time: changes made meanwhile are
 * painted, all at once, when it is done.
 *
 * Strokes on a job that is not done yet are painted by its run's last
 * stage (cutout-queue-workers.c), on the new model's mask after Run Again.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-mask.h"
#include "cutout-queue-private.h"

/* What the thread needs: plain data, never the job. */
typedef struct
{
  QueueLink *link;
  guint generation, serial;
  GBytes *model_mask;
  GPtrArray *strokes;
  CutoutPhoto *kept; /* or NULL */
  char *path;
  int width, height;
} Repaint;

static void
repaint_free (Repaint *r)
{
  CUTOUT_HANDOFF_ACQUIRE (r);
  queue_link_unref (r->link);
  g_bytes_unref (r->model_mask);
  g_ptr_array_unref (r->strokes);
  cutout_photo_unref (r->kept);
  g_free (r->path);
  g_free (r);
}

/* The photo the strokes follow, or NULL if none does or it cannot be had:
 * they are then painted plain rather than not at all. */
static CutoutPhoto *
load_photo (Repaint *r)
{
  g_autoptr (GError) error = NULL;
  CutoutPhoto *photo;

  if (!cutout_strokes_need_photo (r->strokes))
    return NULL;
  photo = cutout_photo_load_for (r->kept, r->path, r->width, r->height, &error);
  if (photo == NULL)
    g_debug ("Touch-up of %s without its photo: %s", r->path, error->message);
  return photo;
}

static void
repaint_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Repaint *r = data;
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutPhoto) photo = NULL;

  /* GTask's hand-offs go through GLib's locks, which ThreadSanitizer
   * cannot see (cutout-tsan.h). */
  CUTOUT_HANDOFF_ACQUIRE (r);
  mask = cutout_mask_decompress (r->model_mask, r->width, r->height);
  if (mask == NULL)
    {
      CUTOUT_HANDOFF_RELEASE (r);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "damaged mask");
      return;
    }
  photo = load_photo (r);
  cutout_strokes_apply (r->strokes, mask, photo ? cutout_photo_get_image (photo) : NULL);
  CUTOUT_HANDOFF_RELEASE (r);
  g_task_return_pointer (task, cutout_mask_compress (mask), (GDestroyNotify) g_bytes_unref);
}

static void repaint (CutoutQueue *self, CutoutJob *job);

/* On the owner's thread: shows the mask made if it is still wanted, or
 * paints the strokes again as they have changed meanwhile. */
static void
repainted_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (CutoutJob) job = user_data; /* released here, on the owner's thread */
  Repaint *r = g_task_get_task_data (G_TASK (result));
  g_autoptr (GBytes) mask = g_task_propagate_pointer (G_TASK (result), NULL);
  CutoutQueue *self;
  guint generation, serial;

  CUTOUT_HANDOFF_ACQUIRE (r);
  self = r->link->queue;
  generation = r->generation, serial = r->serial;
  /* The task, and @r with it, may be freed on its thread. */
  CUTOUT_HANDOFF_RELEASE (r);
  if (self == NULL)
    {
      cutout_job_set_touchup_pending (job, FALSE);
      return;
    }
  g_hash_table_remove (self->repainting, job);
  if (mask != NULL && cutout_job_get_generation (job) == generation
      && cutout_job_get_state (job) == CUTOUT_JOB_DONE
      && cutout_job_get_touchup_serial (job) == serial)
    {
      cutout_job_set_touched_mask (job, g_steal_pointer (&mask), serial);
      cutout_job_set_touchup_pending (job, FALSE);
      return;
    }
  repaint (self, job);
}

static void
start_repaint (CutoutQueue *self, CutoutJob *job, GPtrArray *strokes)
{
  Repaint *r = g_new0 (Repaint, 1);
  g_autoptr (GTask) task = NULL;

  r->link = queue_link_ref (self->link);
  r->generation = cutout_job_get_generation (job);
  r->serial = cutout_job_get_touchup_serial (job);
  r->model_mask = cutout_job_ref_model_mask_data (job);
  r->strokes = g_ptr_array_ref (strokes);
  r->kept = cutout_strokes_need_photo (strokes) ? cutout_queue_ref_photo (self, job) : NULL;
  r->path = g_strdup (cutout_job_get_path (job));
  r->width = cutout_job_get_width (job);
  r->height = cutout_job_get_height (job);
  task = g_task_new (NULL, NULL, repainted_cb, g_object_ref (job));
  g_task_set_task_data (task, r, (GDestroyNotify) repaint_free);
  g_hash_table_add (self->repainting, job);
  cutout_job_set_touchup_pending (job, TRUE);
  CUTOUT_HANDOFF_RELEASE (r);
  g_task_run_in_thread (task, repaint_thread);
}

static void
repaint (CutoutQueue *self, CutoutJob *job)
{
  g_autoptr (GBytes) model = NULL;
  g_autoptr (GPtrArray) strokes = NULL;

  if (!g_ptr_array_find (self->jobs, job, NULL) || cutout_job_get_state (job) != CUTOUT_JOB_DONE
      || cutout_job_get_mask_serial (job) == cutout_job_get_touchup_serial (job))
    {
      /* Nothing to do, or the next run paints the strokes. */
      if (!g_hash_table_contains (self->repainting, job))
        cutout_job_set_touchup_pending (job, FALSE);
      return;
    }
  if (g_hash_table_contains (self->repainting, job))
    {
      cutout_job_set_touchup_pending (job, TRUE); /* painted when the thread is done */
      return;
    }
  model = cutout_job_ref_model_mask_data (job);
  strokes = cutout_touchup_dup_strokes (cutout_job_get_touchup (job));
  if (model == NULL)
    return;
  /* No strokes: the model's mask itself, at once. */
  if (strokes->len == 0)
    {
      cutout_job_set_touched_mask (job, g_steal_pointer (&model),
                                   cutout_job_get_touchup_serial (job));
      cutout_job_set_touchup_pending (job, FALSE);
      return;
    }
  start_repaint (self, job, strokes);
}

/* Makes @job's mask again from its model's mask and its strokes as they
 * are now, if it is done and shows others (the queue does so by itself
 * when they change); the job's touchup-pending property is TRUE until the
 * mask is shown. On the owner's thread. */
void
cutout_queue_apply_touchup (CutoutQueue *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_JOB (job));

  repaint (self, job);
}

/* A run of @job that has not started takes its strokes as they are now,
 * so that the output it saves has them; one already started paints those
 * of its start, and the owner paints the others when it is done. */
static void
update_pending_run (CutoutQueue *self, CutoutJob *job)
{
  g_autoptr (GPtrArray) strokes = cutout_touchup_dup_strokes (cutout_job_get_touchup (job));

  queue_lock (self);
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    {
      Task *t = l->data;
      if (t->job != job)
        continue;
      g_ptr_array_unref (t->strokes);
      t->strokes = g_steal_pointer (&strokes);
      t->touchup_serial = cutout_job_get_touchup_serial (job);
      break;
    }
  queue_unlock (self);
}

static void
touchup_changed_cb (CutoutTouchUp *touchup, CutoutQueue *self)
{
  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      if (cutout_job_get_touchup (job) != touchup)
        continue;
      if (cutout_job_is_finished (job))
        repaint (self, job);
      else
        update_pending_run (self, job);
      return;
    }
}

/* From now on, paints @job's strokes again whenever they change. */
void
cutout_queue_watch_touchup (CutoutQueue *self, CutoutJob *job)
{
  g_signal_connect_object (cutout_job_get_touchup (job), "changed", G_CALLBACK (touchup_changed_cb),
                           self, 0);
}

void
cutout_queue_unwatch_touchup (CutoutQueue *self, CutoutJob *job)
{
  g_signal_handlers_disconnect_by_func (cutout_job_get_touchup (job), touchup_changed_cb, self);
  cutout_job_set_touchup_pending (job, FALSE);
}
