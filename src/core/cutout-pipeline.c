/* cutout-pipeline.c
 *
 * The steps that make one photo's mask, in order:
 *
 *   decode       the photo as large as the model needs it
 *   make_inputs  the model's input for the whole photo, or each box's part
 *   infer        the model (cutout_engine_infer_photo()), once per input
 *   calibrate    its outputs made firm inside the subject
 *   make_mask    the mask at the photo's full size, refined or put into boxes
 *   finish_edges the edge style
 *
 * The queue runs them on its thread pools, a few stages at a time, and
 * cutout_pipeline_cut_out() runs them in one go: both cut out the same way.
 * Nothing here knows about jobs or threads; a CutoutPipeline is plain data
 * handed from stage to stage.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-calibrate.h"
#include "cutout-decode.h"
#include "cutout-pipeline.h"

struct _CutoutPipeline
{
  CutoutEngine *engine;
  CutoutPipelineParams params;
  gboolean refine; /* params.refine_edges, for a photo large enough for it */

  int width, height;      /* the photo's full size, once decoded */
  GArray *boxes;          /* CutoutBox; empty: the whole photo */
  GArray *regions;        /* CutoutBox: what the model sees of each box */
  GPtrArray *inputs;      /* the model's input for the whole photo */
  GPtrArray *crops;       /* or each box's part of the photo, at the model's size */
  GPtrArray *planes;      /* its output for each */
  CutoutInferStats stats; /* what the runs said (for boxes: the least sure box's) */
};

/* What a new queue cuts out with (the CLI turns refinement on). */
void
cutout_pipeline_params_init (CutoutPipelineParams *params)
{
  *params = (CutoutPipelineParams){
    .refine_strength = CUTOUT_DEFAULT_REFINE_STRENGTH,
    .edge_style = CUTOUT_EDGES_NATURAL,
    .second_look = TRUE,
  };
}

/* A run of @engine over one photo with @params, within @boxes (a GArray of
 * CutoutBox, copied; NULL or empty: the whole photo). */
CutoutPipeline *
cutout_pipeline_new (CutoutEngine *engine, const CutoutPipelineParams *params, GArray *boxes)
{
  CutoutPipeline *self;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (engine) && params != NULL, NULL);

  self = g_new0 (CutoutPipeline, 1);
  self->engine = g_object_ref (engine);
  self->params = *params;
  self->boxes
      = boxes != NULL ? g_array_copy (boxes) : g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  self->regions = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  self->inputs = g_ptr_array_new_with_free_func (g_free);
  self->crops = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_image_free);
  self->planes = g_ptr_array_new_with_free_func (g_free);
  self->stats = (CutoutInferStats){ 0, -1 };
  return self;
}

/* Before the photo is set: runs @engine instead. */
void
cutout_pipeline_set_engine (CutoutPipeline *self, CutoutEngine *engine)
{
  g_return_if_fail (self->width == 0 && self->inputs->len == 0);
  g_set_object (&self->engine, engine);
}

void
cutout_pipeline_free (CutoutPipeline *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->engine);
  g_array_unref (self->boxes);
  g_array_unref (self->regions);
  g_ptr_array_unref (self->inputs);
  g_ptr_array_unref (self->crops);
  g_ptr_array_unref (self->planes);
  g_free (self);
}

/* The photo's full size, 0 × 0 before it is decoded. */
void
cutout_pipeline_get_size (CutoutPipeline *self, int *width, int *height)
{
  *width = self->width;
  *height = self->height;
}

/* Whether cutout_pipeline_make_mask() needs the photo at full size: to
 * refine the mask along its edges. */
gboolean
cutout_pipeline_needs_photo (CutoutPipeline *self)
{
  return self->refine && self->boxes->len == 0;
}

/* Whether the photo is cut out within boxes, which it decodes at full size. */
gboolean
cutout_pipeline_has_boxes (CutoutPipeline *self)
{
  return self->boxes->len > 0;
}

/* Only photos large enough for it are refined (cutout-refine.c): the others
 * need neither the guided filter nor the photo for it. */
static void
set_size (CutoutPipeline *self, int width, int height)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (self->engine);

  self->width = width;
  self->height = height;
  self->refine = self->params.refine_edges
                 && cutout_refine_enlarges (width, height, info->input_width, info->input_height);
}

/* Takes @image (the photo at full size) as the one cut out: its boxes are
 * clipped to it, and fail if one lies outside. */
gboolean
cutout_pipeline_set_photo (CutoutPipeline *self, const CutoutImage *image, GError **error)
{
  set_size (self, image->width, image->height);
  return cutout_boxes_clip (self->boxes, image->width, image->height, error);
}

/* The photo in @file, as large as the model needs it: for the whole image,
 * a small version (the reduced decode is much faster); for boxes, the full
 * size, from which each box is cut. */
CutoutImage *
cutout_pipeline_decode (CutoutPipeline *self, GBytes *file, GError **error)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (self->engine);
  CutoutImage *image;
  int width = 0, height = 0;

  if (self->boxes->len == 0)
    {
      image = cutout_decode_bytes_reduced (file, MAX (info->input_width, info->input_height),
                                           &width, &height, error);
      if (image != NULL)
        set_size (self, width, height);
      return image;
    }
  image = cutout_decode_bytes (file, error);
  if (image != NULL && !cutout_pipeline_set_photo (self, image, error))
    g_clear_pointer (&image, cutout_image_free);
  return image;
}

/* The photo in @file at full size, for refinement or saving. @file must be
 * the bytes cutout_pipeline_decode() had: a later decode of the same path
 * could be of another file. */
CutoutImage *
cutout_pipeline_decode_full (CutoutPipeline *self, GBytes *file, GError **error)
{
  CutoutImage *image = cutout_decode_bytes (file, error);

  if (image != NULL && (image->width != self->width || image->height != self->height))
    {
      g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT,
                   _ ("the file changed while it was being cut out"));
      g_clear_pointer (&image, cutout_image_free);
    }
  return image;
}

/* What the model is given, from @image (as cutout_pipeline_decode() gives
 * it): the input for the whole image, or each box's part of the photo, at
 * the model's size. Boxes are kept as 8-bit pixels, a third of the size of
 * the model's input, which is made just before its run: an image may have
 * many boxes. */
void
cutout_pipeline_make_inputs (CutoutPipeline *self, const CutoutImage *image)
{
  if (self->boxes->len == 0)
    {
      g_ptr_array_add (self->inputs, cutout_engine_preprocess (self->engine, image));
      return;
    }
  for (guint i = 0; i < self->boxes->len; i++)
    {
      CutoutBox r = cutout_box_with_margin (&g_array_index (self->boxes, CutoutBox, i),
                                            image->width, image->height);
      g_array_append_val (self->regions, r);
      g_ptr_array_add (self->crops, cutout_engine_crop_for_model (self->engine, image, &r));
    }
}

static guint
n_inputs (CutoutPipeline *self)
{
  return MAX (self->inputs->len, self->crops->len);
}

/* The model's input for its @i-th run, which it takes. */
static float *
take_input (CutoutPipeline *self, guint i)
{
  float *input;

  if (self->boxes->len == 0)
    return g_steal_pointer (&self->inputs->pdata[i]);
  input = cutout_engine_preprocess (self->engine, self->crops->pdata[i]);
  g_clear_pointer (&self->crops->pdata[i], cutout_image_free);
  return input;
}

/* The model's output for the @i-th input, and how many runs it took in
 * @n_runs: with Best Quality the mirror image's too, and for a whole photo
 * the letterboxed one where the model is unsure of it. A box is a part of
 * the photo chosen around its subject: it needs no second look. */
static float *
run_model (CutoutPipeline *self,
           guint i,
           CutoutMoreRunsFunc more_runs,
           gpointer more_runs_data,
           guint *n_runs,
           CutoutInferStats *stats,
           GCancellable *cancellable,
           GError **error)
{
  g_autofree float *input = take_input (self, i);
  CutoutInferFlags flags = self->params.best_quality ? CUTOUT_INFER_MIRRORED : 0;
  int width = self->width, height = self->height;

  if (self->boxes->len > 0)
    {
      const CutoutBox *r = &g_array_index (self->regions, CutoutBox, i);
      width = r->x2 - r->x1, height = r->y2 - r->y1;
    }
  else if (self->params.second_look)
    flags |= CUTOUT_INFER_SECOND_LOOK;
  return cutout_engine_infer_photo (self->engine, input, width, height, flags, more_runs,
                                    more_runs_data, n_runs, stats, cancellable, error);
}

/* How many runs of the model the inputs take, before any second look. */
guint
cutout_pipeline_planned_runs (CutoutPipeline *self)
{
  return n_inputs (self) * (self->params.best_quality ? 2 : 1);
}

/* Runs the model on every input, which it uses up; the number of runs it
 * took goes in @n_runs (if not NULL), for the queue's estimate of how long
 * the next take; @more_runs (if not NULL) is told of runs added to the
 * planned ones as they start. Cancelling @cancellable stops a run in
 * progress. */
gboolean
cutout_pipeline_infer (CutoutPipeline *self,
                       CutoutMoreRunsFunc more_runs,
                       gpointer more_runs_data,
                       guint *n_runs,
                       GCancellable *cancellable,
                       GError **error)
{
  guint total = 0;

  for (guint i = 0; i < n_inputs (self); i++)
    {
      guint runs = 0;
      CutoutInferStats stats;
      float *plane
          = run_model (self, i, more_runs, more_runs_data, &runs, &stats, cancellable, error);
      if (plane == NULL)
        return FALSE;
      total += runs;
      self->stats.uncertainty = MAX (self->stats.uncertainty, stats.uncertainty);
      self->stats.disagreement = MAX (self->stats.disagreement, stats.disagreement);
      g_ptr_array_add (self->planes, plane);
    }
  if (n_runs != NULL)
    *n_runs = total;
  return TRUE;
}

/* What the model's runs said of the photo (after cutout_pipeline_infer()):
 * its uncertainty, and whether a second look disagreed with the first. */
const CutoutInferStats *
cutout_pipeline_get_stats (CutoutPipeline *self)
{
  return &self->stats;
}

/* The model's confidence made firm away from its outlines
 * (cutout-calibrate.c) in each of its outputs, at the model's own
 * resolution, before they are enlarged or put into their boxes. */
void
cutout_pipeline_calibrate (CutoutPipeline *self)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (self->engine);
  CutoutCalibrateParams params;

  cutout_calibrate_params_init (&params);
  for (guint i = 0; i < self->planes->len; i++)
    cutout_calibrate_plane (self->planes->pdata[i], info->input_width, info->input_height, &params);
}

/* The whole photo's mask: along @photo's own edges, or enlarged. */
static CutoutImage *
make_whole_mask (CutoutPipeline *self, const CutoutImage *photo)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (self->engine);
  CutoutRefineParams params;

  if (!cutout_pipeline_needs_photo (self))
    return cutout_engine_postprocess (self->engine, self->planes->pdata[0], self->width,
                                      self->height);
  cutout_refine_params_init (&params);
  params.strength = self->params.refine_strength / 100.0f;
  return cutout_refine_guided (photo, self->planes->pdata[0], info->input_width, info->input_height,
                               &params);
}

/* The model's outputs put back into the boxes they came from, with alpha 0
 * outside them. */
static CutoutImage *
make_boxes_mask (CutoutPipeline *self)
{
  CutoutImage *mask = cutout_image_new (self->width, self->height, 1);

  memset (mask->pixels, 0, (gsize) self->width * self->height);
  for (guint i = 0; i < self->boxes->len; i++)
    cutout_engine_paste (self->engine, self->planes->pdata[i],
                         &g_array_index (self->regions, CutoutBox, i),
                         &g_array_index (self->boxes, CutoutBox, i), mask);
  return mask;
}

/* The model's output, at the photo's size. @photo is the photo at full
 * size where cutout_pipeline_needs_photo() says so, and may be NULL
 * otherwise. The outputs are let go once used: a mask and a photo at full
 * size are held from here on, and a batch's memory should stay flat. */
CutoutImage *
cutout_pipeline_make_mask (CutoutPipeline *self, const CutoutImage *photo)
{
  CutoutImage *mask;

  g_return_val_if_fail (self->planes->len > 0, NULL);
  g_return_val_if_fail (photo != NULL || !cutout_pipeline_needs_photo (self), NULL);

  mask = self->boxes->len == 0 ? make_whole_mask (self, photo) : make_boxes_mask (self);
  g_ptr_array_set_size (self->planes, 0);
  return mask;
}

/* Whether (@x, @y) lies in one of the boxes. */
static gboolean
in_boxes (CutoutPipeline *self, int x, int y)
{
  for (guint i = 0; i < self->boxes->len; i++)
    {
      const CutoutBox *b = &g_array_index (self->boxes, CutoutBox, i);
      if (x >= b->x1 && x < b->x2 && y >= b->y1 && y < b->y2)
        return TRUE;
    }
  return FALSE;
}

/* The edge style; with boxes, alpha stays 0 outside them even where a
 * smoothed edge would spill over. */
void
cutout_pipeline_finish_edges (CutoutPipeline *self, CutoutImage *mask)
{
  cutout_mask_apply_edge_style (mask, self->params.edge_style);
  if (self->boxes->len == 0 || self->params.edge_style != CUTOUT_EDGES_SMOOTH)
    return;
  for (int y = 0; y < mask->height; y++)
    {
      guint8 *row = cutout_image_row (mask, y);
      for (int x = 0; x < mask->width; x++)
        if (!in_boxes (self, x, y))
          row[x] = 0;
    }
}

/* Writes the cut-out of @source at @output, with @mask and the colour
 * profile and resolution read from @file (the bytes the photo was decoded
 * from). @photo is the photo at full size if it was kept, or NULL: a large
 * photo is decoded again rather than kept through the model, which keeps
 * memory flat for big batches, and decoding costs a few percent of a model
 * run. */
gboolean
cutout_pipeline_save (CutoutPipeline *self,
                      const CutoutImage *photo,
                      const CutoutImage *mask,
                      GBytes *file,
                      const CutoutExportOptions *options,
                      const char *source,
                      const char *output,
                      GCancellable *cancellable,
                      GError **error)
{
  g_autoptr (CutoutImage) decoded = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);
  g_autoptr (CutoutMetadata) metadata = cutout_metadata_read_data (data, size);

  if (options->format == CUTOUT_FORMAT_MASK)
    return cutout_export_file (NULL, mask, options, metadata, source, output, cancellable, error);
  if (photo == NULL)
    photo = decoded = cutout_pipeline_decode_full (self, file, error);
  if (photo == NULL)
    return FALSE;
  return cutout_export_file (photo, mask, options, metadata, source, output, cancellable, error);
}

/* The mask of @image (decoded, at full size) within @boxes (a GArray of
 * CutoutBox; NULL or empty: the whole image), made as the queue makes it
 * with @params (NULL: the defaults): the same stages in the same order.
 * (Only the decode is the caller's: the queue decodes a whole photo for
 * the model reduced, from its file.) Fails if a box lies outside the
 * image. */
CutoutImage *
cutout_pipeline_cut_out (CutoutEngine *engine,
                         const CutoutPipelineParams *params,
                         const CutoutImage *image,
                         GArray *boxes,
                         GCancellable *cancellable,
                         GError **error)
{
  CutoutPipelineParams defaults;
  g_autoptr (CutoutPipeline) self = NULL;
  g_autoptr (CutoutImage) mask = NULL;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (image != NULL && image->n_channels == 4, NULL);

  cutout_pipeline_params_init (&defaults);
  self = cutout_pipeline_new (engine, params != NULL ? params : &defaults, boxes);
  if (!cutout_pipeline_set_photo (self, image, error))
    return NULL;
  cutout_pipeline_make_inputs (self, image);
  if (!cutout_pipeline_infer (self, NULL, NULL, NULL, cancellable, error))
    return NULL;
  cutout_pipeline_calibrate (self);
  mask = cutout_pipeline_make_mask (self, image);
  cutout_pipeline_finish_edges (self, mask);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&mask);
}
