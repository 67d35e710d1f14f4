/* cutout-pipeline.h: the steps that cut out one photo
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-image.h"
#include "cutout-refine.h"

G_BEGIN_DECLS

/* How a photo is cut out: the queue's settings for a run. */
typedef struct
{
  gboolean refine_edges; /* guided, rather than bilinear, enlargement */
  int refine_strength;   /* percent */
  CutoutEdgeStyle edge_style;
  gboolean best_quality; /* the model run on the mirror image too */
  gboolean second_look;  /* and on the letterboxed photo where it is unsure */
} CutoutPipelineParams;

/* One photo's way through the model: its size, its boxes, the model's
 * inputs and outputs between the stages. Used by one thread at a time. */
typedef struct _CutoutPipeline CutoutPipeline;

void cutout_pipeline_params_init (CutoutPipelineParams *params);

CutoutPipeline *
cutout_pipeline_new (CutoutEngine *engine, const CutoutPipelineParams *params, GArray *boxes);
void cutout_pipeline_free (CutoutPipeline *self);
void cutout_pipeline_set_engine (CutoutPipeline *self, CutoutEngine *engine);
void cutout_pipeline_get_size (CutoutPipeline *self, int *width, int *height);
gboolean cutout_pipeline_needs_photo (CutoutPipeline *self);
gboolean cutout_pipeline_has_boxes (CutoutPipeline *self);

CutoutImage *cutout_pipeline_decode (CutoutPipeline *self, GBytes *file, GError **error);
CutoutImage *cutout_pipeline_decode_full (CutoutPipeline *self, GBytes *file, GError **error);
gboolean cutout_pipeline_set_photo (CutoutPipeline *self, const CutoutImage *image, GError **error);
void cutout_pipeline_make_inputs (CutoutPipeline *self, const CutoutImage *image);
guint cutout_pipeline_planned_runs (CutoutPipeline *self);
gboolean cutout_pipeline_infer (CutoutPipeline *self,
                                CutoutMoreRunsFunc more_runs,
                                gpointer more_runs_data,
                                guint *n_runs,
                                GCancellable *cancellable,
                                GError **error);
const CutoutInferStats *cutout_pipeline_get_stats (CutoutPipeline *self);
void cutout_pipeline_calibrate (CutoutPipeline *self);
CutoutImage *cutout_pipeline_make_mask (CutoutPipeline *self, const CutoutImage *photo);
void cutout_pipeline_finish_edges (CutoutPipeline *self, CutoutImage *mask);
gboolean cutout_pipeline_save (CutoutPipeline *self,
                               const CutoutImage *photo,
                               const CutoutImage *mask,
                               GBytes *file,
                               const CutoutExportOptions *options,
                               const char *source,
                               const char *output,
                               GCancellable *cancellable,
                               GError **error);

CutoutImage *cutout_pipeline_cut_out (CutoutEngine *engine,
                                      const CutoutPipelineParams *params,
                                      const CutoutImage *image,
                                      GArray *boxes,
                                      GCancellable *cancellable,
                                      GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutPipeline, cutout_pipeline_free)

G_END_DECLS
