/* cutout-engine.h: one segmentation model, loaded once, shared by all jobs
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-box.h"
#include "cutout-catalogue.h"
#include "cutout-image.h"

G_BEGIN_DECLS

#define CUTOUT_ENGINE_ERROR (cutout_engine_error_quark ())

typedef enum
{
  CUTOUT_ENGINE_ERROR_ENGINE_MISSING, /* ONNX Runtime cannot be loaded */
  CUTOUT_ENGINE_ERROR_MODEL_MISSING,  /* no such model, or its file is absent */
  CUTOUT_ENGINE_ERROR_MODEL_INVALID,  /* the file is damaged or not the model described */
  CUTOUT_ENGINE_ERROR_CATALOGUE,      /* the catalogue cannot be read */
  CUTOUT_ENGINE_ERROR_FAILED,         /* ONNX Runtime failed while running */
} CutoutEngineError;

GQuark cutout_engine_error_quark (void);

/* Seconds spent in each stage of cutout_engine_cut_out(). */
typedef struct
{
  double preprocess;
  double inference;
  double postprocess;
} CutoutTimings;

/* What cutout_engine_infer_photo() runs besides the model's first look. */
typedef enum
{
  CUTOUT_INFER_MIRRORED = 1 << 0,    /* the mirror image too, averaged (Best Quality) */
  CUTOUT_INFER_SECOND_LOOK = 1 << 1, /* the letterboxed photo too, where the first is unsure */
} CutoutInferFlags;

/* Told that @n_more runs of the model are about to be added to those
 * planned (a second look), so that progress can be shown for them. */
typedef void (*CutoutMoreRunsFunc) (guint n_more, gpointer user_data);

/* What the model's runs of one photo said of it, for the review
 * (cutout-review.c). */
typedef struct
{
  double uncertainty; /* the first run's (cutout_engine_uncertainty()) */
  /* With a second look, how far the letterboxed run differs from the
   * first: 1 − their IoU at one half; -1 without one. */
  double disagreement;
} CutoutInferStats;

/* From this mean uncertainty of its first run, the model looks at a photo
 * again (chosen on the test sets: docs/QUALITY.md). */
#define CUTOUT_SECOND_LOOK_UNCERTAINTY 0.02

#define CUTOUT_TYPE_ENGINE (cutout_engine_get_type ())

G_DECLARE_FINAL_TYPE (CutoutEngine, cutout_engine, CUTOUT, ENGINE, GObject)

CutoutEngine *cutout_engine_new (const CutoutModelInfo *info, int n_threads, GError **error);
CutoutEngine *cutout_engine_new_from_file (const CutoutModelInfo *info,
                                           const char *path,
                                           int n_threads,
                                           GError **error);
gboolean
cutout_engine_check_model_file (const CutoutModelInfo *info, const char *path, GError **error);
CutoutEngine *cutout_engine_new_simulated (const CutoutModelInfo *info, guint delay_ms);
const CutoutModelInfo *cutout_engine_get_model_info (CutoutEngine *self);
gboolean cutout_engine_is_widened (CutoutEngine *self);

float *cutout_engine_preprocess (CutoutEngine *self, const CutoutImage *image);
float *cutout_engine_infer (CutoutEngine *self,
                            const float *input,
                            GCancellable *cancellable,
                            GError **error);
float *cutout_engine_infer_mirrored (CutoutEngine *self,
                                     const float *input,
                                     GCancellable *cancellable,
                                     GError **error);
float *cutout_engine_infer_letterboxed (CutoutEngine *self,
                                        const float *input,
                                        int width,
                                        int height,
                                        GCancellable *cancellable,
                                        GError **error);
double cutout_engine_uncertainty (CutoutEngine *self, const float *output);
double cutout_engine_disagreement (CutoutEngine *self, const float *a, const float *b);
float *cutout_engine_infer_photo (CutoutEngine *self,
                                  const float *input,
                                  int width,
                                  int height,
                                  CutoutInferFlags flags,
                                  CutoutMoreRunsFunc more_runs,
                                  gpointer more_runs_data,
                                  guint *n_runs,
                                  CutoutInferStats *stats,
                                  GCancellable *cancellable,
                                  GError **error);
CutoutImage *cutout_engine_postprocess (CutoutEngine *self, float *output, int width, int height);
CutoutImage *cutout_engine_crop_for_model (CutoutEngine *self,
                                           const CutoutImage *image,
                                           const CutoutBox *region);
void cutout_engine_paste (CutoutEngine *self,
                          const float *output,
                          const CutoutBox *region,
                          const CutoutBox *box,
                          CutoutImage *mask);
CutoutImage *cutout_engine_cut_out (CutoutEngine *self,
                                    const CutoutImage *image,
                                    CutoutTimings *timings,
                                    GCancellable *cancellable,
                                    GError **error);

G_END_DECLS
