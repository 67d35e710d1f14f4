/* cutout-queue.c
 *
 * A GListModel of CutoutJobs, cut out by worker threads in three stages:
 *
 *   prepare (CPU pool):  decode, thumbnail, resize for the model
 *   infer   (model pool, one thread): the model itself, on all cores
 *   finish  (CPU pool):  mask to full size, compress it, write the output
 *
 * What each stage does to the photo is cutout-pipeline.c's; the queue only
 * decides when, on which thread, and what is kept in memory between them.
 *
 * The model is what limits a batch, so the queue keeps it busy: while one
 * image is in the model, the next is prepared and the previous one finished.
 * Only MAX_AHEAD images are prepared ahead of the model, so decoded pixels
 * exist only for the few images being worked on.
 *
 * Workers never touch a job: they work on a Task (a snapshot of the job's
 * settings) and send CutoutJobUpdates to the thread that owns the queue,
 * where listeners are told. What runs on them is cutout-queue-workers.c;
 * this file is the owner's side: the jobs, the GListModel, the settings.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "cutout-enums.h"
#include "cutout-queue-private.h"

#define TICK_MS 200

static void cutout_queue_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutQueue,
                               cutout_queue,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      cutout_queue_list_model_init))

enum
{
  PROP_0,
  PROP_N_DONE,
  PROP_N_FAILED,
  PROP_BUSY,
  PROP_PROGRESS,
  PROP_N_WORKERS,
  PROP_REFINE_EDGES,
  PROP_BEST_QUALITY,
  PROP_REFINE_STRENGTH,
  PROP_EDGE_STYLE,
  PROP_PHOTO_CACHE_BYTES,
  N_PROPS
};

enum
{
  JOB_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Owner's side ----------------------------------------------------------------- */

static gboolean
tick_cb (gpointer data)
{
  CutoutQueue *self = data;
  gint64 now = g_get_monotonic_time ();
  gboolean any = FALSE;

  /* The model reports no progress of its own: estimate it from how long the
   * last runs took, stopping short of the end of the runs still to come. */
  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *job = g_ptr_array_index (self->jobs, i);
      const double end = PROGRESS_MODEL_START + PROGRESS_MODEL_SPAN;
      double from, elapsed, expected;
      gint64 since;
      guint n_runs;
      if (cutout_job_get_state (job) != CUTOUT_JOB_CUTTING_OUT)
        continue;
      any = TRUE;
      cutout_job_get_model_runs (job, &from, &since, &n_runs);
      elapsed = (now - since) / 1e6;
      expected = self->expected_inference * MAX (n_runs, 1);
      cutout_job_set_progress (job, from + (end - from) * MIN (elapsed / expected, 0.95));
    }
  cutout_queue_changed (self, NULL);
  if (any)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->tick, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
ensure_tick (CutoutQueue *self)
{
  if (self->tick != NULL)
    return;
  self->tick = g_timeout_source_new (TICK_MS);
  g_source_set_callback (self->tick, tick_cb, self, NULL);
  g_source_attach (self->tick, self->context);
}

static void
set_and_notify_uint (CutoutQueue *self, guint *field, guint value, int prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Recounts after a job changed (@job, or NULL for progress only), and says
 * so when @job has just finished. */
void
cutout_queue_changed (CutoutQueue *self, CutoutJob *job)
{
  guint n_done = 0, n_failed = 0;
  gboolean busy = FALSE, in_model = FALSE;
  double sum = 0;

  for (guint i = 0; i < self->jobs->len; i++)
    {
      CutoutJob *j = g_ptr_array_index (self->jobs, i);
      CutoutJobState state = cutout_job_get_state (j);
      n_done += state == CUTOUT_JOB_DONE;
      n_failed += state == CUTOUT_JOB_FAILED;
      busy |= !cutout_job_is_finished (j);
      in_model |= state == CUTOUT_JOB_CUTTING_OUT;
      sum += cutout_job_is_finished (j) ? 1.0 : cutout_job_get_progress (j);
    }
  g_object_freeze_notify (G_OBJECT (self));
  set_and_notify_uint (self, &self->n_done, n_done, PROP_N_DONE);
  set_and_notify_uint (self, &self->n_failed, n_failed, PROP_N_FAILED);
  if (self->progress != (self->jobs->len ? sum / self->jobs->len : 0))
    {
      self->progress = self->jobs->len ? sum / self->jobs->len : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  if (in_model)
    ensure_tick (self);
  if (job != NULL && cutout_job_is_finished (job) && g_ptr_array_find (self->jobs, job, NULL))
    g_signal_emit (self, signals[JOB_FINISHED], 0, job);
}

/* GObject ----------------------------------------------------------------------- */

static GType
cutout_queue_get_item_type (GListModel *model)
{
  return CUTOUT_TYPE_JOB;
}

static guint
cutout_queue_get_n_items (GListModel *model)
{
  return CUTOUT_QUEUE (model)->jobs->len;
}

static gpointer
cutout_queue_get_item (GListModel *model, guint position)
{
  CutoutQueue *self = CUTOUT_QUEUE (model);

  if (position >= self->jobs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->jobs, position));
}

static void
cutout_queue_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cutout_queue_get_item_type;
  iface->get_n_items = cutout_queue_get_n_items;
  iface->get_item = cutout_queue_get_item;
}

static void
cutout_queue_dispose (GObject *object)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);
  Task *t;

  /* Stop everything and wait for the workers: they use the queue. */
  queue_lock (self);
  self->closing = TRUE;
  while ((t = g_queue_pop_head (&self->pending)) != NULL)
    cutout_queue_task_free (t);
  queue_unlock (self);
  for (guint i = 0; i < self->jobs->len; i++)
    g_cancellable_cancel (cutout_job_get_cancellable (g_ptr_array_index (self->jobs, i)));
  if (self->cpu_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->cpu_pool), FALSE, TRUE);
  if (self->model_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->model_pool), FALSE, TRUE);
  if (self->large_pool != NULL) /* after the model's, which hands photos to it */
    g_thread_pool_free (g_steal_pointer (&self->large_pool), FALSE, TRUE);
  CUTOUT_HANDOFF_ACQUIRE (self);
  if (self->link != NULL)
    {
      self->link->queue = NULL;
      g_clear_pointer (&self->link, queue_link_unref);
    }
  if (self->tick != NULL)
    {
      g_source_destroy (self->tick);
      g_clear_pointer (&self->tick, g_source_unref);
    }
  for (guint i = 0; i < self->jobs->len; i++)
    cutout_queue_unwatch_touchup (self, g_ptr_array_index (self->jobs, i));
  g_hash_table_remove_all (self->repainting);
  g_ptr_array_set_size (self->jobs, 0);
  g_hash_table_remove_all (self->by_path);
  g_clear_object (&self->engine);
  cutout_photo_cache_set_budget (self->photos, 0);

  G_OBJECT_CLASS (cutout_queue_parent_class)->dispose (object);
}

static void
cutout_queue_finalize (GObject *object)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  g_ptr_array_unref (self->jobs);
  g_hash_table_unref (self->by_path);
  g_hash_table_unref (self->repainting);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->lock);
  cutout_photo_cache_free (self->photos);

  G_OBJECT_CLASS (cutout_queue_parent_class)->finalize (object);
}

static void
cutout_queue_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutQueue *self = CUTOUT_QUEUE (object);

  switch (prop_id)
    {
      case PROP_N_DONE:
        g_value_set_uint (value, self->n_done);
        break;
      case PROP_N_FAILED:
        g_value_set_uint (value, self->n_failed);
        break;
      case PROP_BUSY:
        g_value_set_boolean (value, self->busy);
        break;
      case PROP_PROGRESS:
        g_value_set_double (value, self->progress);
        break;
      case PROP_N_WORKERS:
        g_value_set_uint (value, cutout_queue_get_n_workers (self));
        break;
      case PROP_REFINE_EDGES:
        g_value_set_boolean (value, self->params.refine_edges);
        break;
      case PROP_BEST_QUALITY:
        g_value_set_boolean (value, self->params.best_quality);
        break;
      case PROP_REFINE_STRENGTH:
        g_value_set_int (value, self->params.refine_strength);
        break;
      case PROP_EDGE_STYLE:
        g_value_set_enum (value, self->params.edge_style);
        break;
      case PROP_PHOTO_CACHE_BYTES:
        g_value_set_uint64 (value, cutout_queue_get_photo_cache_bytes (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_N_WORKERS:
        cutout_queue_set_n_workers (CUTOUT_QUEUE (object), g_value_get_uint (value));
        break;
      case PROP_REFINE_EDGES:
        cutout_queue_set_refine_edges (CUTOUT_QUEUE (object), g_value_get_boolean (value));
        break;
      case PROP_BEST_QUALITY:
        cutout_queue_set_best_quality (CUTOUT_QUEUE (object), g_value_get_boolean (value));
        break;
      case PROP_REFINE_STRENGTH:
        cutout_queue_set_refine_strength (CUTOUT_QUEUE (object), g_value_get_int (value));
        break;
      case PROP_EDGE_STYLE:
        cutout_queue_set_edge_style (CUTOUT_QUEUE (object), g_value_get_enum (value));
        break;
      case PROP_PHOTO_CACHE_BYTES:
        cutout_queue_set_photo_cache_bytes (CUTOUT_QUEUE (object), g_value_get_uint64 (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_class_init (CutoutQueueClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cutout_queue_dispose;
  object_class->finalize = cutout_queue_finalize;
  object_class->get_property = cutout_queue_get_property;
  object_class->set_property = cutout_queue_set_property;

  properties[PROP_N_DONE] = g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_N_FAILED] = g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_N_WORKERS]
      = g_param_spec_uint ("n-workers", NULL, NULL, 1, 16, CUTOUT_QUEUE_DEFAULT_WORKERS,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REFINE_EDGES]
      = g_param_spec_boolean ("refine-edges", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BEST_QUALITY]
      = g_param_spec_boolean ("best-quality", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* In percent, so that settings can bind to it. */
  properties[PROP_REFINE_STRENGTH]
      = g_param_spec_int ("refine-strength", NULL, NULL, 0, 100, CUTOUT_DEFAULT_REFINE_STRENGTH,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* A CutoutEdgeStyle, as an int so that settings can bind to it. */
  properties[PROP_EDGE_STYLE]
      = g_param_spec_enum ("edge-style", NULL, NULL, CUTOUT_TYPE_EDGE_STYLE, CUTOUT_EDGES_NATURAL,
                           G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* At most this many bytes of decoded photos kept (cutout-queue-photos.c). */
  properties[PROP_PHOTO_CACHE_BYTES] = g_param_spec_uint64 (
      "photo-cache-bytes", NULL, NULL, 0, G_MAXUINT64, CUTOUT_QUEUE_DEFAULT_PHOTO_CACHE_BYTES,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted on the owner's thread when a job is done, failed or cancelled. */
  signals[JOB_FINISHED]
      = g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, CUTOUT_TYPE_JOB);
}

static void
cutout_queue_init (CutoutQueue *self)
{
  self->jobs = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_path = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->repainting = g_hash_table_new (NULL, NULL);
  self->context = g_main_context_ref_thread_default ();
  self->link = g_new0 (QueueLink, 1);
  g_atomic_ref_count_init (&self->link->ref_count);
  self->link->queue = self;
  self->expected_inference = 1.5;
  cutout_pipeline_params_init (&self->params);
  g_mutex_init (&self->lock);
  self->photos = cutout_photo_cache_new (CUTOUT_QUEUE_DEFAULT_PHOTO_CACHE_BYTES);
  g_queue_init (&self->pending);
  /* Threads of their own: their priority may be lowered for good. */
  self->cpu_pool = g_thread_pool_new (cutout_queue_cpu_worker, self, 1, TRUE, NULL);
  self->model_pool = g_thread_pool_new (cutout_queue_model_worker, self, 1, TRUE, NULL);
  self->large_pool = g_thread_pool_new (cutout_queue_large_worker, self, 1, TRUE, NULL);
  g_thread_pool_set_sort_function (self->cpu_pool, cutout_queue_compare_tasks, NULL);
}

/* A queue that cuts out with @engine, using @n_workers threads besides the
 * model's for decoding and encoding (0: CUTOUT_QUEUE_DEFAULT_WORKERS).
 * Listeners are told on the thread-default main context of the caller. */
CutoutQueue *
cutout_queue_new (CutoutEngine *engine, guint n_workers)
{
  CutoutQueue *self;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (engine), NULL);

  self = g_object_new (CUTOUT_TYPE_QUEUE, NULL);
  self->engine = g_object_ref (engine);
  cutout_queue_set_n_workers (self, n_workers ? n_workers : CUTOUT_QUEUE_DEFAULT_WORKERS);
  return self;
}

CutoutEngine *
cutout_queue_get_engine (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  return self->engine;
}

/* Cuts out with @engine (another model) from now on: the photos not yet
 * started (waiting, or queued again by Run Again) use it too; those already
 * started finish with the model they began with. */
void
cutout_queue_set_engine (CutoutQueue *self, CutoutEngine *engine)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_ENGINE (engine));

  if (engine == self->engine)
    return;
  g_set_object (&self->engine, engine);
  queue_lock (self);
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    cutout_pipeline_set_engine (((Task *) l->data)->run, engine);
  queue_unlock (self);
}

/* Runs the workers at a lower priority than the thread that owns the queue:
 * for an app, whose window must stay responsive. */
void
cutout_queue_set_background (CutoutQueue *self, gboolean background)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  self->background = background;
}

/* Whether masks are enlarged along the photo's own edges (cutout-refine.h)
 * rather than bilinearly, for the runs that start from now on. It needs the
 * photo at full size when the mask is made: a second decode of photos over
 * 4 megapixels. */
void
cutout_queue_set_refine_edges (CutoutQueue *self, gboolean refine)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  refine = !!refine;
  if (self->params.refine_edges == refine)
    return;
  self->params.refine_edges = refine;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFINE_EDGES]);
}

/* How strongly refinement follows the photo, in percent: 0 is the plain
 * enlargement, 100 the guided one (cutout-refine.h); for the runs that
 * start from now on. */
void
cutout_queue_set_refine_strength (CutoutQueue *self, int percent)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  percent = CLAMP (percent, 0, 100);
  if (self->params.refine_strength == percent)
    return;
  self->params.refine_strength = percent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFINE_STRENGTH]);
}

int
cutout_queue_get_refine_strength (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return self->params.refine_strength;
}

/* How masks' edges are finished, for the runs that start from now on. */
void
cutout_queue_set_edge_style (CutoutQueue *self, CutoutEdgeStyle style)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (self->params.edge_style == style)
    return;
  self->params.edge_style = style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDGE_STYLE]);
}

CutoutEdgeStyle
cutout_queue_get_edge_style (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), CUTOUT_EDGES_NATURAL);
  return self->params.edge_style;
}

gboolean
cutout_queue_get_refine_edges (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  return self->params.refine_edges;
}

/* Whether the model also runs on each photo's mirror image, the two
 * outputs averaged: better outlines (docs/QUALITY.md) for twice the
 * model's time; for the runs that start from now on. */
void
cutout_queue_set_best_quality (CutoutQueue *self, gboolean best)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  best = !!best;
  if (self->params.best_quality == best)
    return;
  self->params.best_quality = best;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEST_QUALITY]);
}

gboolean
cutout_queue_get_best_quality (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  return self->params.best_quality;
}

/* Whether the model looks again, letterboxed, at the photos it is unsure
 * of (cutout_engine_infer_photo()): on by default; off only to measure
 * what it costs and gives (tests/bench). For the runs that start from now
 * on. */
void
cutout_queue_set_second_look (CutoutQueue *self, gboolean second_look)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  self->params.second_look = !!second_look;
}

guint
cutout_queue_get_n_workers (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return g_thread_pool_get_max_threads (self->cpu_pool);
}

void
cutout_queue_set_n_workers (CutoutQueue *self, guint n_workers)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  n_workers = CLAMP (n_workers, 1, 16);
  if (n_workers == cutout_queue_get_n_workers (self))
    return;
  g_thread_pool_set_max_threads (self->cpu_pool, n_workers, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORKERS]);
}

void
cutout_add_report_free (CutoutAddReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->added);
  g_ptr_array_unref (report->duplicates);
  g_ptr_array_unref (report->refused);
  g_free (report);
}

static CutoutAddReport *
add_report_new (void)
{
  CutoutAddReport *report = g_new0 (CutoutAddReport, 1);

  report->added = g_ptr_array_new_with_free_func (g_object_unref);
  report->duplicates = g_ptr_array_new_with_free_func (g_free);
  report->refused = g_ptr_array_new_with_free_func (g_free);
  return report;
}

/* The same file reached by different names (relative, "..", links) must be
 * recognised as a duplicate. */
static char *
canonical_path (const char *path)
{
  char *real = realpath (path, NULL);
  char *copy;

  if (real == NULL)
    return g_canonicalize_filename (path, NULL);
  copy = g_strdup (real);
  free (real);
  return copy;
}

static void
enqueue (CutoutQueue *self, CutoutJob *job)
{
  Task *t = cutout_queue_task_new (self, job);

  queue_lock (self);
  g_queue_push_tail (&self->pending, t);
  cutout_queue_schedule_locked (self);
  queue_unlock (self);
}

/* Appends @job unless it is a duplicate or the queue is full; listeners are
 * told by the caller, once for all the jobs added. */
static void
add_one (CutoutQueue *self, CutoutJob *job, CutoutAddReport *report)
{
  const char *path = cutout_job_get_path (job);
  g_autofree char *canonical = canonical_path (path);

  if (g_hash_table_contains (self->by_path, canonical))
    {
      g_ptr_array_add (report->duplicates, g_strdup (path));
      return;
    }
  if (self->jobs->len >= CUTOUT_QUEUE_MAX_JOBS)
    {
      g_ptr_array_add (report->refused, g_strdup (path));
      return;
    }
  g_hash_table_insert (self->by_path, g_steal_pointer (&canonical), job);
  g_ptr_array_add (self->jobs, g_object_ref (job));
  g_ptr_array_add (report->added, g_object_ref (job));
  cutout_queue_watch_touchup (self, job);
  enqueue (self, job);
}

/* Tells listeners about the jobs appended since there were @old_len. One
 * change for a whole batch lets a list view build its rows in one go. */
static void
added (CutoutQueue *self, guint old_len)
{
  if (self->jobs->len > old_len)
    g_list_model_items_changed (G_LIST_MODEL (self), old_len, 0, self->jobs->len - old_len);
  cutout_queue_changed (self, NULL);
}

/* Queues one job per path, up to CUTOUT_QUEUE_MAX_JOBS in the queue. Files
 * are not opened here: a file that cannot be read fails as its job runs. */
CutoutAddReport *
cutout_queue_add (CutoutQueue *self, const char *const *paths)
{
  CutoutAddReport *report = add_report_new ();
  guint old_len;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), report);

  old_len = self->jobs->len;
  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      g_autoptr (CutoutJob) job = cutout_job_new (paths[i]);
      add_one (self, job, report);
    }
  added (self, old_len);
  return report;
}

/* Queues a job made by the caller (e.g. with its output set). */
CutoutAddReport *
cutout_queue_add_job (CutoutQueue *self, CutoutJob *job)
{
  CutoutAddReport *report = add_report_new ();

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), report);
  g_return_val_if_fail (CUTOUT_IS_JOB (job), report);
  g_return_val_if_fail (cutout_job_get_state (job) == CUTOUT_JOB_QUEUED, report);

  add_one (self, job, report);
  added (self, self->jobs->len - report->added->len);
  return report;
}

/* The job for the file at @path, whatever name reaches it, or NULL. */
CutoutJob *
cutout_queue_find (CutoutQueue *self, const char *path)
{
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), NULL);
  /* A job's own path (what the app's rows send) first: no file system
   * lookup on the main thread, which a slow disk would stall. */
  for (guint i = 0; i < self->jobs->len; i++)
    if (g_str_equal (cutout_job_get_path (g_ptr_array_index (self->jobs, i)), path))
      return g_ptr_array_index (self->jobs, i);
  canonical = canonical_path (path);
  return g_hash_table_lookup (self->by_path, canonical);
}

/* Takes @job's run out of the pending list, if it has not started. */
static gboolean
unqueue (CutoutQueue *self, CutoutJob *job)
{
  Task *found = NULL;

  queue_lock (self);
  for (GList *l = self->pending.head; l != NULL; l = l->next)
    if (((Task *) l->data)->job == job)
      {
        found = l->data;
        g_queue_delete_link (&self->pending, l);
        break;
      }
  queue_unlock (self);
  if (found != NULL)
    cutout_queue_task_free (found);
  return found != NULL;
}

/* Stops @job: at once if it has not started, otherwise as soon as its worker
 * notices (a model run in progress is interrupted). Nothing it was writing is
 * left behind. */
void
cutout_queue_cancel (CutoutQueue *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (CUTOUT_IS_JOB (job));

  if (cutout_job_is_finished (job))
    return;
  g_cancellable_cancel (cutout_job_get_cancellable (job));
  /* A job that looks queued may already be in a worker's hands, its first
   * report not yet here: it is cancelled at once all the same. */
  if (unqueue (self, job) || cutout_job_get_state (job) == CUTOUT_JOB_QUEUED)
    {
      cutout_job_abandon (job);
      cutout_queue_changed (self, job);
    }
}

void
cutout_queue_cancel_all (CutoutQueue *self)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  /* From the end, where the pending jobs are, so that none starts meanwhile. */
  for (guint i = self->jobs->len; i > 0; i--)
    cutout_queue_cancel (self, g_ptr_array_index (self->jobs, i - 1));
}

/* Runs @job again from the start, with its current settings, whatever state
 * it is in (a run in progress is cancelled first). */
void
cutout_queue_rerun (CutoutQueue *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_QUEUE (self));
  g_return_if_fail (g_ptr_array_find (self->jobs, job, NULL));

  unqueue (self, job);
  cutout_queue_drop_photo (self, job);
  cutout_job_restart (job);
  enqueue (self, job);
  cutout_queue_changed (self, job);
}

/* Runs a failed or cancelled @job again; FALSE (and nothing done) otherwise. */
gboolean
cutout_queue_retry (CutoutQueue *self, CutoutJob *job)
{
  CutoutJobState state;

  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);

  state = cutout_job_get_state (job);
  if (state != CUTOUT_JOB_FAILED && state != CUTOUT_JOB_CANCELLED)
    return FALSE;
  cutout_queue_rerun (self, job);
  return TRUE;
}

static gboolean
is_job_cb (gpointer key, gpointer value, gpointer job)
{
  return value == job;
}

/* Cancels @job if needed and takes it out of the queue. */
void
cutout_queue_remove (CutoutQueue *self, CutoutJob *job)
{
  guint position;
  g_autoptr (CutoutJob) keep = NULL;

  g_return_if_fail (CUTOUT_IS_QUEUE (self));

  if (!g_ptr_array_find (self->jobs, job, &position))
    return;
  keep = g_object_ref (job);
  cutout_queue_cancel (self, job);
  cutout_queue_drop_photo (self, job);
  cutout_queue_unwatch_touchup (self, job);
  /* By value: the file may be gone, and its canonical name with it. */
  g_hash_table_foreach_remove (self->by_path, is_job_cb, job);
  g_ptr_array_remove_index (self->jobs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  cutout_queue_changed (self, NULL);
}

guint
cutout_queue_get_n_done (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return self->n_done;
}

guint
cutout_queue_get_n_failed (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return self->n_failed;
}

/* TRUE while any job is queued or being worked on. */
gboolean
cutout_queue_get_busy (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), FALSE);
  return self->busy;
}

/* The whole queue's progress, 0..1 (finished jobs count as complete). */
double
cutout_queue_get_progress (CutoutQueue *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE (self), 0);
  return self->progress;
}
