/* cutout-queue.h: images waiting for, or going through, the cut-out
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-engine.h"
#include "cutout-job.h"
#include "cutout-photo-cache.h"
#include "cutout-refine.h"

G_BEGIN_DECLS

/* How many images one queue holds at most. */
#define CUTOUT_QUEUE_MAX_JOBS 50

/* Decode/encode threads besides the model's: on 2 cores, 2 gave ~2 % more
 * photos per second than 1 (docs/PERFORMANCE.md). */
#define CUTOUT_QUEUE_DEFAULT_WORKERS 2

/* The decoded photos kept for the preview, exports, copies and the ID photo
 * once a job is done (cutout_queue_ref_photo()): two 12-megapixel photos or
 * one of 24. More took a 24 MP batch with Clean colours over 1.5 GiB
 * (docs/PERFORMANCE.md). */
#define CUTOUT_QUEUE_DEFAULT_PHOTO_CACHE_BYTES ((guint64) 128 * 1024 * 1024)

#define CUTOUT_TYPE_QUEUE (cutout_queue_get_type ())

G_DECLARE_FINAL_TYPE (CutoutQueue, cutout_queue, CUTOUT, QUEUE, GObject)

/* What happened to the files given to cutout_queue_add(). */
typedef struct
{
  GPtrArray *added;      /* CutoutJob */
  GPtrArray *duplicates; /* paths already in the queue */
  GPtrArray *refused;    /* paths left out because the queue was full */
} CutoutAddReport;

void cutout_add_report_free (CutoutAddReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutAddReport, cutout_add_report_free)

CutoutQueue *cutout_queue_new (CutoutEngine *engine, guint n_workers);
CutoutEngine *cutout_queue_get_engine (CutoutQueue *self);
void cutout_queue_set_engine (CutoutQueue *self, CutoutEngine *engine);
guint cutout_queue_get_n_workers (CutoutQueue *self);
void cutout_queue_set_n_workers (CutoutQueue *self, guint n_workers);
void cutout_queue_set_background (CutoutQueue *self, gboolean background);
void cutout_queue_set_refine_edges (CutoutQueue *self, gboolean refine);
gboolean cutout_queue_get_refine_edges (CutoutQueue *self);
void cutout_queue_set_best_quality (CutoutQueue *self, gboolean best);
gboolean cutout_queue_get_best_quality (CutoutQueue *self);
void cutout_queue_set_second_look (CutoutQueue *self, gboolean second_look);
void cutout_queue_set_refine_strength (CutoutQueue *self, int percent);
int cutout_queue_get_refine_strength (CutoutQueue *self);
void cutout_queue_set_edge_style (CutoutQueue *self, CutoutEdgeStyle style);
CutoutEdgeStyle cutout_queue_get_edge_style (CutoutQueue *self);
void cutout_thread_lower_priority (void);
/* The nice value of the queue's decoding and saving threads. */
#define CUTOUT_QUEUE_WORKER_NICE 19
/* Photos larger than this finish one at a time, on a thread of their own. */
#define CUTOUT_QUEUE_LARGE_PIXELS (16 * 1000 * 1000)
void cutout_queue_set_photo_cache_bytes (CutoutQueue *self, guint64 bytes);
guint64 cutout_queue_get_photo_cache_bytes (CutoutQueue *self);
guint64 cutout_queue_get_photo_cache_used (CutoutQueue *self);
CutoutPhoto *cutout_queue_ref_photo (CutoutQueue *self, CutoutJob *job);

CutoutAddReport *cutout_queue_add (CutoutQueue *self, const char *const *paths);
CutoutAddReport *cutout_queue_add_job (CutoutQueue *self, CutoutJob *job);
CutoutJob *cutout_queue_find (CutoutQueue *self, const char *path);
void cutout_queue_cancel (CutoutQueue *self, CutoutJob *job);
void cutout_queue_cancel_all (CutoutQueue *self);
gboolean cutout_queue_retry (CutoutQueue *self, CutoutJob *job);
void cutout_queue_rerun (CutoutQueue *self, CutoutJob *job);
void cutout_queue_remove (CutoutQueue *self, CutoutJob *job);
void cutout_queue_apply_touchup (CutoutQueue *self, CutoutJob *job);

guint cutout_queue_get_n_done (CutoutQueue *self);
guint cutout_queue_get_n_failed (CutoutQueue *self);
gboolean cutout_queue_get_busy (CutoutQueue *self);
double cutout_queue_get_progress (CutoutQueue *self);

G_END_DECLS
