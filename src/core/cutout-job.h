/* cutout-job.h: one image in the queue
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-box-list.h"
#include "cutout-export.h"
#include "cutout-image.h"
#include "cutout-mask.h"
#include "cutout-review.h"
#include "cutout-touchup.h"

G_BEGIN_DECLS

typedef enum
{
  CUTOUT_JOB_QUEUED,
  CUTOUT_JOB_DECODING,
  CUTOUT_JOB_CUTTING_OUT,
  CUTOUT_JOB_REFINING,
  CUTOUT_JOB_SAVING,
  CUTOUT_JOB_DONE,
  CUTOUT_JOB_FAILED,
  CUTOUT_JOB_CANCELLED,
} CutoutJobState;

#define CUTOUT_TYPE_JOB (cutout_job_get_type ())

G_DECLARE_FINAL_TYPE (CutoutJob, cutout_job, CUTOUT, JOB, GObject)

CutoutJob *cutout_job_new (const char *path);
const char *cutout_job_get_path (CutoutJob *self);
const char *cutout_job_get_display_name (CutoutJob *self);
CutoutJobState cutout_job_get_state (CutoutJob *self);
gboolean cutout_job_is_finished (CutoutJob *self);
double cutout_job_get_progress (CutoutJob *self);
const char *cutout_job_get_error_message (CutoutJob *self);
const GError *cutout_job_get_error (CutoutJob *self);
int cutout_job_get_width (CutoutJob *self);
int cutout_job_get_height (CutoutJob *self);
const CutoutImage *cutout_job_get_thumbnail (CutoutJob *self);
CutoutImage *cutout_job_dup_mask (CutoutJob *self);
GBytes *cutout_job_ref_mask_data (CutoutJob *self);
GBytes *cutout_job_ref_model_mask_data (CutoutJob *self);

CutoutTouchUp *cutout_job_get_touchup (CutoutJob *self);
gboolean cutout_job_get_touched_up (CutoutJob *self);
gboolean cutout_job_get_touchup_pending (CutoutJob *self);

const CutoutReview *cutout_job_get_review (CutoutJob *self);

CutoutBoxList *cutout_job_get_boxes (CutoutJob *self);
GArray *cutout_job_get_run_boxes (CutoutJob *self);
gboolean cutout_job_get_boxes_pending (CutoutJob *self);

const char *cutout_job_get_output (CutoutJob *self);
void cutout_job_set_output (CutoutJob *self, const char *path);
const CutoutExportOptions *cutout_job_get_export_options (CutoutJob *self);
void cutout_job_set_export_options (CutoutJob *self, const CutoutExportOptions *options);

G_END_DECLS
