/* cutout-queue-workers.c: what runs on the queue's threads
 *
 * Each photo's run is a Task, a snapshot of its job's settings taken on
 * the owner's thread, handed from pool to pool through the stages
 * (prepare, infer, finish: cutout-pipeline.c does the work). Workers never
 * touch a job: they post CutoutJobUpdates to the owner's thread, where the
 * job is changed and listeners are told.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#ifdef __linux__
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "cutout-decode.h"
#include "cutout-mask.h"
#include "cutout-queue-private.h"
#include "cutout-resample.h"

#define MAX_AHEAD 1
/* Photos up to this size are kept from decoding to saving rather than
 * decoded twice; larger ones would hold too much memory through the model. */
#define KEEP_MAX_PIXELS (4 * 1000 * 1000)
#define THUMBNAIL_SIZE 160

void
cutout_queue_task_free (Task *t)
{
  g_clear_object (&t->job);
  g_clear_object (&t->cancellable);
  queue_link_unref (t->link);
  g_free (t->path);
  g_free (t->output);
  cutout_pipeline_free (t->run);
  cutout_image_free (t->image);
  cutout_image_free (t->small);
  cutout_metadata_free (t->metadata);
  g_clear_pointer (&t->file, g_bytes_unref);
  g_clear_pointer (&t->strokes, g_ptr_array_unref);
  g_free (t);
}

/* A snapshot of what a run of @job needs: workers never read the job itself. */
Task *
cutout_queue_task_new (CutoutQueue *self, CutoutJob *job)
{
  Task *t = g_new0 (Task, 1);
  g_autoptr (GArray) boxes = cutout_job_start_boxes (job);

  t->queue = self;
  t->link = queue_link_ref (self->link);
  t->job = g_object_ref (job);
  t->generation = cutout_job_get_generation (job);
  t->cancellable = g_object_ref (cutout_job_get_cancellable (job));
  t->path = g_strdup (cutout_job_get_path (job));
  t->output = g_strdup (cutout_job_get_output (job));
  t->export = *cutout_job_get_export_options (job);
  t->run = cutout_pipeline_new (self->engine, &self->params, boxes);
  t->order = self->next_order++;
  t->keep_bytes = cutout_photo_cache_get_budget (self->photos);
  t->strokes = cutout_touchup_dup_strokes (cutout_job_get_touchup (job));
  t->touchup_serial = cutout_job_get_touchup_serial (job);
  t->stage = STAGE_PREPARE;
  return t;
}

/* Reports to the owner ------------------------------------------------------------ */

typedef struct
{
  QueueLink *link;
  CutoutJob *job;
  guint generation;
  CutoutJobUpdate *update;
  CutoutPhoto *photo; /* with the last report: the photo decoded, to keep */
  double inference_seconds;
} Post;

static void
post_free (Post *p)
{
  CUTOUT_HANDOFF_ACQUIRE (p);
  queue_link_unref (p->link);
  g_object_unref (p->job);
  cutout_job_update_free (p->update);
  cutout_photo_unref (p->photo);
  g_free (p);
}

static gboolean
apply_post_cb (gpointer data)
{
  Post *p = data;
  CutoutQueue *self;
  CutoutJobState state;

  CUTOUT_HANDOFF_ACQUIRE (p);
  self = p->link->queue;

  /* A report from a run that was since cancelled and restarted. */
  if (cutout_job_get_generation (p->job) != p->generation)
    return G_SOURCE_REMOVE;
  state = p->update->state;
  cutout_job_apply (p->job, p->update);
  if (self == NULL)
    return G_SOURCE_REMOVE;
  if (state == CUTOUT_JOB_DONE && p->photo != NULL)
    cutout_queue_keep_photo (self, p->job, p->photo);
  else if (state == CUTOUT_JOB_DONE || state == CUTOUT_JOB_FAILED || state == CUTOUT_JOB_CANCELLED)
    cutout_queue_drop_photo (self, p->job);
  /* Strokes changed during the run: painted on its mask now. */
  if (state == CUTOUT_JOB_DONE)
    cutout_queue_apply_touchup (self, p->job);
  if (p->inference_seconds > 0)
    self->expected_inference = 0.7 * self->expected_inference + 0.3 * p->inference_seconds;
  cutout_queue_changed (self, p->job);
  return G_SOURCE_REMOVE;
}

/* Sends @update about @t's job to the owner's thread, with @photo to keep
 * (or NULL); takes both. */
static void
post_update_with_photo (Task *t, CutoutJobUpdate *update, CutoutPhoto *photo)
{
  Post *p = g_new0 (Post, 1);
  GSource *source = g_idle_source_new ();

  p->link = queue_link_ref (t->link);
  /* The last report takes the task's reference, so that jobs are only ever
   * released on the owner's thread. */
  if (update->state == CUTOUT_JOB_DONE || update->state == CUTOUT_JOB_FAILED
      || update->state == CUTOUT_JOB_CANCELLED)
    p->job = g_steal_pointer (&t->job);
  else
    p->job = g_object_ref (t->job);
  p->generation = t->generation;
  p->update = update;
  p->photo = photo;
  p->inference_seconds = update->state == CUTOUT_JOB_DONE ? t->inference_seconds : 0;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, apply_post_cb, p, (GDestroyNotify) post_free);
  CUTOUT_HANDOFF_RELEASE (p);
  g_source_attach (source, t->queue->context);
  g_source_unref (source);
}

static void
post_update (Task *t, CutoutJobUpdate *update)
{
  post_update_with_photo (t, update, NULL);
}

static void
post_state (Task *t, CutoutJobState state, double progress)
{
  CutoutJobUpdate *update = g_new0 (CutoutJobUpdate, 1);

  update->state = state;
  update->progress = progress;
  post_update (t, update);
}

/* Workers ----------------------------------------------------------------------- */

/* Starts preparing pending jobs while fewer than MAX_AHEAD wait for the
 * model. Called with the lock held. */
void
cutout_queue_schedule_locked (CutoutQueue *self)
{
  while (!self->closing && self->n_ahead < MAX_AHEAD && !g_queue_is_empty (&self->pending))
    {
      Task *t = g_queue_pop_head (&self->pending);
      self->n_ahead++;
      CUTOUT_HANDOFF_RELEASE (t);
      g_thread_pool_push (self->cpu_pool, t, NULL);
    }
}

/* Ends @t's run as failed (with @error) or, if it was cancelled, as cancelled. */
static void
end_task (Task *t, GError *error)
{
  CutoutJobUpdate *update = g_new0 (CutoutJobUpdate, 1);

  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update->state = CUTOUT_JOB_CANCELLED;
      g_clear_error (&error);
    }
  else
    {
      update->state = CUTOUT_JOB_FAILED;
      update->error = error;
    }
  update->progress = 0;
  post_update (t, update);
  cutout_queue_task_free (t);
}

/* Hands @t to the next stage's pool, unless the queue is closing. */
static void
pass_on (Task *t, Stage stage)
{
  CutoutQueue *self = t->queue;
  gboolean closing;

  queue_lock (self);
  closing = self->closing;
  if (!closing)
    {
      GThreadPool *pool = self->cpu_pool;

      if (stage == STAGE_INFER)
        pool = self->model_pool;
      else if (stage == STAGE_FINISH && t->finish_pixels > CUTOUT_QUEUE_LARGE_PIXELS)
        pool = self->large_pool;
      t->stage = stage;
      CUTOUT_HANDOFF_RELEASE (t);
      g_thread_pool_push (pool, t, NULL);
    }
  queue_unlock (self);
  if (closing)
    end_task (t, NULL);
}

/* The photo, as large as the model needs it (cutout_pipeline_decode()).
 * The file is read once and kept: every later decode of this run (to
 * refine the edges, to save) is of the same bytes, so a file that changes
 * on disk meanwhile cannot mix two photos, or come out short half-way. */
static CutoutImage *
decode (Task *t, GError **error)
{
  t->file = cutout_read_file_stamped (t->path, &t->stamp, error);
  if (t->file == NULL)
    return NULL;
  return cutout_pipeline_decode (t->run, t->file, error);
}

/* Whether the photo cache, as the run started, has room for @image: a photo
 * decoded at full size anyway is then kept to the end of the run, for the
 * owner to keep (cutout-queue-photos.c). From the first decode, only a small
 * photo or one with boxes (cut out one at a time in the app): a large whole
 * photo held through the model would be one more in memory in a batch, and
 * is decoded again for refinement anyway. */
static gboolean
fits_cache (Task *t, const CutoutImage *image)
{
  return (guint64) cutout_image_stride (image) * image->height <= t->keep_bytes;
}

static CutoutMetadata *
read_metadata (Task *t)
{
  gsize size;
  const guint8 *data;

  if (t->file == NULL)
    return NULL;
  data = g_bytes_get_data (t->file, &size);
  return cutout_metadata_read_data (data, size);
}

static void
prepare (Task *t)
{
  CutoutQueue *self = t->queue;
  g_autoptr (CutoutImage) image = NULL;
  CutoutJobUpdate *update;
  GError *error = NULL;
  gboolean needs_photo;
  int width, height;

  if (!g_cancellable_set_error_if_cancelled (t->cancellable, &error))
    {
      post_state (t, CUTOUT_JOB_DECODING, PROGRESS_DECODING);
      image = decode (t, &error);
    }
  if (image == NULL)
    {
      queue_lock (self);
      self->n_ahead--;
      cutout_queue_schedule_locked (self);
      queue_unlock (self);
      end_task (t, error);
      return;
    }

  cutout_pipeline_get_size (t->run, &width, &height);
  t->finish_pixels = (guint64) width * height;
  update = g_new0 (CutoutJobUpdate, 1);
  update->state = CUTOUT_JOB_DECODING;
  update->progress = PROGRESS_DECODED;
  update->width = width;
  update->height = height;
  update->thumbnail = cutout_resample_to_fit (image, THUMBNAIL_SIZE);
  post_update (t, update);
  /* The colours the review compares across the outline, once the mask is made. */
  t->small = cutout_resample_to_fit (image, CUTOUT_REVIEW_SIZE);

  cutout_pipeline_make_inputs (t->run, image);
  /* Kept if the mask's refinement or the output needs the photo again. */
  needs_photo = cutout_pipeline_needs_photo (t->run);
  if (image->width == width && image->height == height
      && ((((t->output != NULL && t->export.format != CUTOUT_FORMAT_MASK) || needs_photo)
           && (gint64) image->width * image->height <= KEEP_MAX_PIXELS)
          || (fits_cache (t, image)
              && ((gint64) image->width * image->height <= KEEP_MAX_PIXELS
                  || cutout_pipeline_has_boxes (t->run)))))
    t->image = g_steal_pointer (&image);
  /* Its metadata now, while the file is in memory. */
  if (t->image != NULL && fits_cache (t, t->image))
    t->metadata = read_metadata (t);
  if (t->output == NULL && !needs_photo && !cutout_strokes_need_photo (t->strokes))
    g_clear_pointer (&t->file, g_bytes_unref); /* nothing reads it again */
  pass_on (t, STAGE_INFER);
}

/* Tells the owner of runs added to the planned ones (a second look). */
static void
more_runs_cb (guint n_more, gpointer data)
{
  Task *t = data;
  CutoutJobUpdate *update = g_new0 (CutoutJobUpdate, 1);

  update->state = CUTOUT_JOB_CUTTING_OUT;
  update->progress = -1;
  update->model_runs = n_more;
  post_update (t, update);
}

static void
infer (Task *t)
{
  CutoutQueue *self = t->queue;
  CutoutJobUpdate *update = g_new0 (CutoutJobUpdate, 1);
  GError *error = NULL;
  guint n_runs = 0;
  gint64 start;

  queue_lock (self);
  self->n_ahead--;
  cutout_queue_schedule_locked (self);
  queue_unlock (self);

  update->state = CUTOUT_JOB_CUTTING_OUT;
  update->progress = PROGRESS_MODEL_START;
  update->model_runs = cutout_pipeline_planned_runs (t->run);
  post_update (t, update);
  start = g_get_monotonic_time ();
  if (!cutout_pipeline_infer (t->run, more_runs_cb, t, &n_runs, t->cancellable, &error))
    {
      end_task (t, error);
      return;
    }
  /* Per run, for the estimate of the next runs' progress. */
  t->inference_seconds = (g_get_monotonic_time () - start) / 1e6 / MAX (n_runs, 1);
  pass_on (t, STAGE_FINISH);
}

/* The mask at the photo's size. The photo, if refinement needs it and it
 * was not kept, is decoded again and kept for saving. */
static CutoutImage *
make_mask (Task *t, GError **error)
{
  if (cutout_pipeline_needs_photo (t->run) && t->image == NULL)
    t->image = cutout_pipeline_decode_full (t->run, t->file, error);
  if (cutout_pipeline_needs_photo (t->run) && t->image == NULL)
    return NULL;
  return cutout_pipeline_make_mask (t->run, t->image);
}

/* Paints the touch-up's strokes on the model's @mask (the photo decoded
 * again if they follow its edges and it was not kept), and returns the
 * model's mask as it was, compressed, or NULL if there are no strokes. */
static GBytes *
touch_up (Task *t, CutoutImage *mask, GError **error)
{
  GBytes *model;

  if (t->strokes->len == 0)
    return NULL;
  if (cutout_strokes_need_photo (t->strokes) && t->image == NULL)
    t->image = cutout_pipeline_decode_full (t->run, t->file, error);
  if (cutout_strokes_need_photo (t->strokes) && t->image == NULL)
    return NULL;
  model = cutout_mask_compress (mask);
  cutout_strokes_apply (t->strokes, mask, t->image);
  return model;
}

static void
finish (Task *t)
{
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (GBytes) model = NULL;
  CutoutPhoto *photo = NULL;
  CutoutJobUpdate *update;
  GError *error = NULL;
  int width, height;

  post_state (t, CUTOUT_JOB_REFINING, PROGRESS_REFINING);
  cutout_pipeline_calibrate (t->run);
  mask = make_mask (t, &error);
  if (mask != NULL)
    {
      cutout_pipeline_finish_edges (t->run, mask);
      model = touch_up (t, mask, &error);
    }
  if (mask == NULL || error != NULL
      || g_cancellable_set_error_if_cancelled (t->cancellable, &error))
    {
      end_task (t, error);
      return;
    }
  /* Once the output is in place the job is done, even if a cancellation
   * arrives now: the file is complete. */
  if (t->output != NULL)
    {
      post_state (t, CUTOUT_JOB_SAVING, PROGRESS_SAVING);
      if (!cutout_pipeline_save (t->run, t->image, mask, t->file, &t->export, t->path, t->output,
                                 t->cancellable, &error))
        {
          end_task (t, error);
          return;
        }
    }
  /* The photo at full size, if this run had it and the cache has room. */
  if (t->image != NULL && fits_cache (t, t->image))
    {
      if (t->metadata == NULL)
        t->metadata = read_metadata (t);
      photo = cutout_photo_new (g_steal_pointer (&t->image), g_steal_pointer (&t->metadata),
                                &t->stamp);
    }
  g_clear_pointer (&t->image, cutout_image_free);
  g_clear_pointer (&t->file, g_bytes_unref);
  cutout_pipeline_get_size (t->run, &width, &height);
  update = g_new0 (CutoutJobUpdate, 1);
  update->state = CUTOUT_JOB_DONE;
  update->progress = 1;
  update->width = width;
  update->height = height;
  update->mask = cutout_mask_compress (mask);
  update->model_mask = g_steal_pointer (&model);
  update->touchup_serial = t->touchup_serial;
  update->review = cutout_review_compute (mask, t->small, cutout_pipeline_get_stats (t->run),
                                          cutout_pipeline_has_boxes (t->run));
  post_update_with_photo (t, update, photo);
  cutout_queue_task_free (t);
}

#ifdef __linux__
static void
set_thread_nice (int nice)
{
  /* On Linux, PRIO_PROCESS with a thread's ID sets that thread alone. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), nice);
}
#endif

/* Lowers the calling thread's priority (nice 10), so that a window's main
 * loop, sharing the cores with the model, gets them at once when it needs
 * them. Threads made by the calling thread afterwards inherit it. Cannot be
 * undone without privileges, so only for threads doing background work. */
void
cutout_thread_lower_priority (void)
{
#ifdef __linux__
  set_thread_nice (10);
#endif
}

/* The workers run below everything, the model's threads included: the model
 * is the stage a batch waits on, so it takes the cores whenever it can use
 * them and decoding, refining and saving fill its gaps (20 photos of 1080p
 * at 0.96 of the model's rate instead of 0.94; PERFORMANCE.md).
 * An unprivileged thread cannot raise its priority again, which is why this
 * is only done on the pool's own threads. The name is for top -H and perf. */
static void
cpu_worker_set_up (void)
{
#ifdef __linux__
  prctl (PR_SET_NAME, "cutout-cpu", 0, 0, 0);
  set_thread_nice (CUTOUT_QUEUE_WORKER_NICE);
#endif
}

void
cutout_queue_cpu_worker (gpointer data, gpointer user_data)
{
  Task *t = data;
  CutoutQueue *self = user_data;

  CUTOUT_HANDOFF_ACQUIRE (t);
  cpu_worker_set_up ();
  if (t->stage == STAGE_PREPARE)
    prepare (t);
  else
    finish (t);
  CUTOUT_HANDOFF_RELEASE (self); /* for dispose, which waits for the workers */
}

/* Finishing a photo holds buffers of its full size; two large ones at once
 * would break the memory budget (two 24 MP photos: 1.56 GiB at the peak).
 * They finish here, one at a time, at the model's priority rather than the
 * workers': on a thread of its own it keeps up with the model by itself. */
void
cutout_queue_large_worker (gpointer data, gpointer user_data)
{
  Task *t = data;
  CutoutQueue *self = user_data;

  CUTOUT_HANDOFF_ACQUIRE (t);
#ifdef __linux__
  prctl (PR_SET_NAME, "cutout-large", 0, 0, 0);
#endif
  if (self->background)
    cutout_thread_lower_priority ();
  finish (t);
  CUTOUT_HANDOFF_RELEASE (self);
}

void
cutout_queue_model_worker (gpointer data, gpointer user_data)
{
  Task *t = data;
  CutoutQueue *self = user_data;

  CUTOUT_HANDOFF_ACQUIRE (t);
#ifdef __linux__
  prctl (PR_SET_NAME, "cutout-model", 0, 0, 0);
#endif
  if (self->background)
    cutout_thread_lower_priority ();
  infer (t);
  CUTOUT_HANDOFF_RELEASE (self);
}

/* Finishing first frees memory; otherwise first come, first served. */
int
cutout_queue_compare_tasks (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const Task *x = a, *y = b;
  int result;

  /* Runs under the pool's lock, which the worker popping a task takes too. */
  CUTOUT_HANDOFF_ACQUIRE (x);
  CUTOUT_HANDOFF_ACQUIRE (y);
  if ((x->stage == STAGE_FINISH) != (y->stage == STAGE_FINISH))
    result = x->stage == STAGE_FINISH ? -1 : 1;
  else
    result = x->order < y->order ? -1 : x->order > y->order;
  CUTOUT_HANDOFF_RELEASE (x);
  CUTOUT_HANDOFF_RELEASE (y);
  return result;
}
