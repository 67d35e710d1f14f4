/* cutout-job-private.h: what the queue changes in a job
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-job.h"

G_BEGIN_DECLS

/* Everything a worker reports about one stage of a job. Built on a worker,
 * applied on the thread that owns the queue. */
typedef struct
{
  CutoutJobState state;
  double progress; /* < 0: unchanged */
  /* CUTTING_OUT: the model runs from here on, for the estimate of its
   * progress (0: unchanged); from a job already cutting out, runs added
   * to those planned (a second look). */
  guint model_runs;
  GError *error;          /* FAILED */
  int width, height;      /* 0 when not known yet */
  CutoutImage *thumbnail; /* NULL when unchanged */
  GBytes *mask;           /* DONE: zlib-compressed 1-channel mask, touched up */
  GBytes *model_mask;     /* DONE: the same before the touch-up, or NULL if none */
  guint touchup_serial;   /* DONE: that of the strokes @mask has */
  CutoutReview *review;   /* DONE: @mask's */
} CutoutJobUpdate;

void cutout_job_update_free (CutoutJobUpdate *update);

guint cutout_job_get_generation (CutoutJob *self);
GCancellable *cutout_job_get_cancellable (CutoutJob *self);
guint cutout_job_restart (CutoutJob *self);
void cutout_job_abandon (CutoutJob *self);
void cutout_job_apply (CutoutJob *self, CutoutJobUpdate *update);
void cutout_job_set_progress (CutoutJob *self, double progress);
gint64 cutout_job_get_state_since (CutoutJob *self);
void cutout_job_get_model_runs (CutoutJob *self, double *from, gint64 *since, guint *n_runs);

GArray *cutout_job_start_boxes (CutoutJob *self);

guint cutout_job_get_touchup_serial (CutoutJob *self);
guint cutout_job_get_mask_serial (CutoutJob *self);
void cutout_job_set_touched_mask (CutoutJob *self, GBytes *mask, guint serial);
void cutout_job_set_touchup_pending (CutoutJob *self, gboolean pending);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutJobUpdate, cutout_job_update_free)

G_END_DECLS
