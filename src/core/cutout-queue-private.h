/* cutout-queue-private.h: what the queue's owner side (cutout-queue.c)
 * and its workers (cutout-queue-workers.c) share
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-job-private.h"
#include "cutout-photo-cache.h"
#include "cutout-pipeline.h"
#include "cutout-queue.h"
#include "cutout-tsan.h"

G_BEGIN_DECLS

/* Where each stage leaves a job's progress bar. */
#define PROGRESS_DECODING 0.02
#define PROGRESS_DECODED 0.10
#define PROGRESS_MODEL_START 0.15
#define PROGRESS_MODEL_SPAN 0.75
#define PROGRESS_REFINING 0.92
#define PROGRESS_SAVING 0.95

/* Lets posted updates find the queue, or learn it is gone: only the owner's
 * thread reads or clears @queue. */
typedef struct
{
  gatomicrefcount ref_count;
  CutoutQueue *queue;
} QueueLink;

typedef enum
{
  STAGE_PREPARE,
  STAGE_INFER,
  STAGE_FINISH,
} Stage;

/* One run of a job, handed from pool to pool: what the workers use instead
 * of the job. */
typedef struct
{
  CutoutQueue *queue; /* valid while the task runs: dispose waits for workers */
  QueueLink *link;
  CutoutJob *job; /* only handed back to the owner's thread */
  guint generation;
  GCancellable *cancellable;
  char *path;
  char *output;
  CutoutExportOptions export;
  guint order;

  Stage stage;
  CutoutPipeline *run;      /* the photo's size, boxes, the model's inputs and outputs */
  CutoutImage *image;       /* the photo itself, when kept for saving or the cache */
  CutoutImage *small;       /* the photo at the review's size (cutout-review.c) */
  GBytes *file;             /* the file as read once: every decode of this run is of it */
  CutoutFileStamp stamp;    /* what the file was when read */
  guint64 keep_bytes;       /* the photo cache's budget as the run started */
  CutoutMetadata *metadata; /* the photo's, once read for the cache */
  double inference_seconds;
  guint64 finish_pixels; /* the photo's size: large ones finish on a pool of their own */
  GPtrArray *strokes;    /* the touch-up's (CutoutStroke), painted on the model's mask */
  guint touchup_serial;  /* theirs (cutout_job_get_touchup_serial()) */
} Task;

struct _CutoutQueue
{
  GObject parent_instance;

  GPtrArray *jobs;
  GHashTable *by_path; /* canonical path → job, for duplicates */
  GMainContext *context;
  CutoutEngine *engine;
  QueueLink *link;
  guint next_order;

  GThreadPool *cpu_pool;
  GThreadPool *model_pool;
  GThreadPool *large_pool; /* finishes the photos over CUTOUT_QUEUE_LARGE_PIXELS, one at a time */
  gboolean background;     /* workers at a lower priority; set before they start */
  CutoutPipelineParams params;
  GMutex lock; /* guards the fields below */
  GQueue pending;
  guint n_ahead;
  gboolean closing;

  /* owner's thread only */
  guint n_done, n_failed;
  gboolean busy;
  double progress;
  double expected_inference;
  GSource *tick;
  CutoutPhotoCache *photos; /* the done jobs' decoded photos (cutout-queue-photos.c) */
  GHashTable *repainting; /* the jobs whose strokes a thread is painting (cutout-queue-touchup.c) */
};

static inline QueueLink *
queue_link_ref (QueueLink *link)
{
  g_atomic_ref_count_inc (&link->ref_count);
  return link;
}

static inline void
queue_link_unref (QueueLink *link)
{
  if (g_atomic_ref_count_dec (&link->ref_count))
    g_free (link);
}

static inline void
queue_lock (CutoutQueue *self)
{
  g_mutex_lock (&self->lock);
  CUTOUT_HANDOFF_ACQUIRE (&self->lock);
}

static inline void
queue_unlock (CutoutQueue *self)
{
  CUTOUT_HANDOFF_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
}

Task *cutout_queue_task_new (CutoutQueue *self, CutoutJob *job);
void cutout_queue_task_free (Task *t);
void cutout_queue_schedule_locked (CutoutQueue *self);
void cutout_queue_changed (CutoutQueue *self, CutoutJob *job);
void cutout_queue_cpu_worker (gpointer data, gpointer user_data);
void cutout_queue_model_worker (gpointer data, gpointer user_data);
void cutout_queue_large_worker (gpointer data, gpointer user_data);
int cutout_queue_compare_tasks (gconstpointer a, gconstpointer b, gpointer user_data);
void cutout_queue_keep_photo (CutoutQueue *self, CutoutJob *job, CutoutPhoto *photo);
void cutout_queue_drop_photo (CutoutQueue *self, CutoutJob *job);
void cutout_queue_watch_touchup (CutoutQueue *self, CutoutJob *job);
void cutout_queue_unwatch_touchup (CutoutQueue *self, CutoutJob *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Task, cutout_queue_task_free)

G_END_DECLS
