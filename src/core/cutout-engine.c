/* cutout-engine.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <string.h>

#include "cutout-engine.h"
#include "cutout-model-check.h"
#include "cutout-onnx-widen.h"
#include "cutout-ort.h"
#include "cutout-resample.h"

G_DEFINE_QUARK (cutout - engine - error - quark, cutout_engine_error)

struct _CutoutEngine
{
  GObject parent_instance;

  CutoutModelInfo *info;
  const OrtApi *api;
  OrtSession *session;
  OrtMemoryInfo *memory;
  char *output;       /* the output run: the catalogue's, or the model's first */
  size_t output_rank; /* 4, [1, 1, H, W], or 3, [1, H, W] */

  gboolean simulated;
  guint simulated_ms;
  gboolean check_only; /* cutout_engine_check_model_file() */
  gboolean widened;    /* an fp16 file run in fp32 (cutout-onnx-widen.c) */
};

G_DEFINE_FINAL_TYPE (CutoutEngine, cutout_engine, G_TYPE_OBJECT)

static void
cutout_engine_finalize (GObject *object)
{
  CutoutEngine *self = CUTOUT_ENGINE (object);

  if (self->session != NULL)
    self->api->ReleaseSession (self->session);
  if (self->memory != NULL)
    self->api->ReleaseMemoryInfo (self->memory);
  cutout_model_info_free (self->info);
  g_free (self->output);

  G_OBJECT_CLASS (cutout_engine_parent_class)->finalize (object);
}

static void
cutout_engine_class_init (CutoutEngineClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cutout_engine_finalize;

#ifdef __GLIBC__
  /* Big buffers (photos, masks, tensors, ONNX Runtime's blocks) come and go
   * with every photo, on several threads. Once the first is freed, glibc
   * raises its mmap threshold and from then on carves such buffers out of
   * per-thread heaps, which fragment and are not given back. Measured on a
   * batch here: peak RSS 1.41 GiB instead of 1.15 at 1080p, 1.48 instead of
   * 1.18 at 12 MP, for no speed. A fixed threshold keeps every buffer over
   * 1 MiB in a mapping of its own, returned to the system when freed. */
  mallopt (M_MMAP_THRESHOLD, 1024 * 1024);
#endif
}

static void
cutout_engine_init (CutoutEngine *self)
{
}

/* The remedy differs: a shipped model is downloaded again, the user's own
 * entry (imported, or written by hand) is theirs to mend. */
static gboolean
model_invalid (GError **error, const CutoutModelInfo *info, const char *path, const char *why)
{
  if (info->user)
    g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID,
                 /* Translators: %s: a file; “%s” (%s): the model's id and name; %s: why */
                 _ ("The model file %s does not fit the model “%s” (%s) as your catalogue "
                    "describes it: %s."),
                 path, info->id, info->name, why);
  else
    g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID,
                 _ ("The model file %s is not the model “%s” (%s) that the catalogue describes: "
                    "%s. Delete it and run build-aux/cutout-setup to download it again."),
                 path, info->id, info->name, why);
  return FALSE;
}

/* An engine made to check a file says what is wrong, and its caller where. */
static gboolean
engine_invalid (CutoutEngine *self, const char *path, const char *why, GError **error)
{
  if (!self->check_only)
    return model_invalid (error, self->info, path, why);
  g_set_error_literal (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID, why);
  return FALSE;
}

/* A truncated download is the usual way a model goes bad: catch it before
 * ONNX Runtime gives a less helpful message. */
static gboolean
check_file_size (const CutoutModelInfo *info, const char *path, GError **error)
{
  GStatBuf st;
  g_autofree char *why = NULL;

  if (g_stat (path, &st) != 0)
    return model_invalid (error, info, path, g_strerror (errno));
  if (info->size == 0 || st.st_size == info->size)
    return TRUE;
  why = g_strdup_printf (_ ("it has %lld bytes instead of %lld (incomplete download?)"),
                         (long long) st.st_size, (long long) info->size);
  return model_invalid (error, info, path, why);
}

/* For calls whose failure shows up later anyway (as a wrong shape). */
static gboolean
succeeded (const OrtApi *api, OrtStatus *status)
{
  if (status == NULL)
    return TRUE;
  api->ReleaseStatus (status);
  return FALSE;
}

/* Compares the model's inputs and outputs with the catalogue's entry, and
 * finds the output to run. */
static gboolean
check_io (CutoutEngine *self, const char *path, GError **error)
{
  g_autofree char *why = cutout_model_check (self->api, self->session, self->info, &self->output,
                                             &self->output_rank);

  g_autofree char *fits = NULL;

  if (why == NULL)
    return TRUE;
  if (!self->check_only)
    return model_invalid (error, self->info, path, why);
  /* Translators: “%s” (%s): a model's id and name; %s: what differs */
  fits = g_strdup_printf (_ ("it does not fit the model “%s” (%s): %s"), self->info->id,
                          self->info->name, why);
  return engine_invalid (self, path, fits, error);
}

/* The session for the model at @path: an fp16 file is run in fp32
 * (cutout-onnx-widen.c: faster, and less memory), any other as it is, as is
 * one whose rewritten graph does not load. $CUTOUT_MODEL_AS_IS=1 loads every
 * model as it is, to measure the difference (docs/PERFORMANCE.md). */
static OrtStatus *
open_session (CutoutEngine *self, OrtEnv *env, const char *path, OrtSessionOptions *options)
{
  const OrtApi *api = self->api;
  g_autoptr (GMappedFile) file = NULL;
  g_autoptr (GBytes) wide = NULL;
  g_autoptr (GError) error = NULL;
  OrtStatus *status;

  if (!self->check_only && g_strcmp0 (g_getenv ("CUTOUT_MODEL_AS_IS"), "1") != 0
      && (file = g_mapped_file_new (path, FALSE, NULL)) != NULL)
    wide = cutout_onnx_widen ((const guint8 *) g_mapped_file_get_contents (file),
                              g_mapped_file_get_length (file), &error);
  if (error != NULL)
    g_debug ("%s: %s", path, error->message);
  if (wide != NULL)
    {
      gsize n;
      const void *data = g_bytes_get_data (wide, &n);

      status = api->CreateSessionFromArray (env, data, n, options, &self->session);
      if (status == NULL)
        {
          self->widened = TRUE;
          return NULL;
        }
      g_debug ("%s: the model widened to fp32 does not load (%s): loading it as it is", path,
               api->GetErrorMessage (status));
      api->ReleaseStatus (status);
    }
  return api->CreateSession (env, path, options, &self->session);
}

static gboolean
create_session (CutoutEngine *self, OrtEnv *env, const char *path, int n_threads, GError **error)
{
  const OrtApi *api = self->api;
  OrtSessionOptions *options = NULL;
  gboolean ok;

  if (!cutout_ort_check (api, api->CreateSessionOptions (&options),
                         _ ("Cannot set up ONNX Runtime"), error))
    return FALSE;
  /* On the 2-core machines we measured, one intra-op thread per core ran
   * the model fastest, alone and in a queue whose decode/encode worker shares
   * the cores (docs/PERFORMANCE.md); inter-op parallelism only adds
   * contention for this graph. */
  ok = cutout_ort_check (api, api->SetIntraOpNumThreads (options, n_threads),
                         _ ("Cannot set up ONNX Runtime"), error)
       && cutout_ort_check (api, api->SetInterOpNumThreads (options, 1),
                            _ ("Cannot set up ONNX Runtime"), error)
       && cutout_ort_check (api,
                            api->SetSessionGraphOptimizationLevel (
                                options, self->check_only ? ORT_DISABLE_ALL : ORT_ENABLE_ALL),
                            _ ("Cannot set up ONNX Runtime"), error);
  /* ONNX Runtime's memory pattern pre-plans one block for all of ISNet's
   * 1024² activations: measured here, it raised peak RSS from 1.3 to 2.1 GiB
   * and made runs no faster. */
  if (ok)
    ok = cutout_ort_check (api, api->DisableMemPattern (options), _ ("Cannot set up ONNX Runtime"),
                           error);
  /* Idle intra-op threads block rather than spin: the queue's other work
   * (decoding, refining, saving) gets the cores they would spin on. Measured
   * here, 12 MP batches 2 % faster, 1080p ones the same (docs/PERFORMANCE.md);
   * less power drawn on a laptop too. */
  if (ok)
    ok = cutout_ort_check (
        api, api->AddSessionConfigEntry (options, "session.intra_op.allow_spinning", "0"),
        _ ("Cannot set up ONNX Runtime"), error);
  if (ok)
    {
      OrtStatus *status = open_session (self, env, path, options);
      if (status != NULL)
        {
          g_autofree char *why = NULL;
          if (self->check_only)
            /* Translators: %s: ONNX Runtime's own message */
            why = g_strdup_printf (_ ("ONNX Runtime cannot open it as a model (%s)"),
                                   api->GetErrorMessage (status));
          else
            why = g_strdup (api->GetErrorMessage (status));
          api->ReleaseStatus (status);
          ok = engine_invalid (self, path, why, error);
        }
    }
  api->ReleaseSessionOptions (options);
  return ok;
}

static CutoutEngine *
engine_new (const CutoutModelInfo *info,
            const char *path,
            int n_threads,
            gboolean check_only,
            GError **error)
{
  g_autoptr (CutoutEngine) self = NULL;
  OrtEnv *env;

  env = cutout_ort_get_env (error);
  if (env == NULL || !check_file_size (info, path, error))
    return NULL;

  self = g_object_new (CUTOUT_TYPE_ENGINE, NULL);
  self->info = cutout_model_info_copy (info);
  self->api = cutout_ort_get_api (NULL);
  self->check_only = check_only;
  if (!create_session (self, env, path, n_threads > 0 ? n_threads : (int) g_get_num_processors (),
                       error)
      || !check_io (self, path, error))
    return NULL;
  if (!cutout_ort_check (
          self->api,
          self->api->CreateCpuMemoryInfo (OrtArenaAllocator, OrtMemTypeDefault, &self->memory),
          _ ("Cannot set up ONNX Runtime"), error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Loads the model at @path. @n_threads: intra-op threads, 0 for the default
 * (one per core). */
CutoutEngine *
cutout_engine_new_from_file (const CutoutModelInfo *info,
                             const char *path,
                             int n_threads,
                             GError **error)
{
  g_return_val_if_fail (info != NULL && path != NULL, NULL);

  return engine_new (info, path, n_threads, FALSE, error);
}

/* Whether ONNX Runtime opens the file at @path as a model that fits
 * @info (cutout-model-check.c), as an import asks before taking a file:
 * the error (CUTOUT_ENGINE_ERROR_MODEL_INVALID) says what is wrong but
 * not where, which its caller knows better. Not optimised: it is never
 * run. */
gboolean
cutout_engine_check_model_file (const CutoutModelInfo *info, const char *path, GError **error)
{
  g_autoptr (CutoutEngine) engine = NULL;

  g_return_val_if_fail (info != NULL && path != NULL, FALSE);

  engine = engine_new (info, path, 1, TRUE, error);
  return engine != NULL;
}

static gsize
plane_size (CutoutEngine *self)
{
  return (gsize) self->info->input_width * self->info->input_height;
}

/* An engine without a model, for tests of what surrounds it (the queue):
 * each run takes @delay_ms (and can be cancelled meanwhile), and its mask is 1
 * where the input's red channel is above its mean, 0 below it and one half
 * (unsure: a mid-grey photo gets a second look) where it is the mean. */
CutoutEngine *
cutout_engine_new_simulated (const CutoutModelInfo *info, guint delay_ms)
{
  CutoutEngine *self = g_object_new (CUTOUT_TYPE_ENGINE, NULL);

  self->info = cutout_model_info_copy (info);
  self->simulated = TRUE;
  self->simulated_ms = delay_ms;
  return self;
}

static gboolean
simulate_run (CutoutEngine *self,
              const float *input,
              float *output,
              GCancellable *cancellable,
              GError **error)
{
  gint64 end = g_get_monotonic_time () + self->simulated_ms * (gint64) 1000;

  for (gint64 left; (left = end - g_get_monotonic_time ()) > 0;)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      /* Read the clock once: MIN and MAX evaluate their arguments twice, and
       * a clock read twice could pass the end in between, making a negative
       * sleep, that is, a sleep of ages (seen under valgrind). */
      g_usleep (MIN (left, 2000));
    }
  for (gsize i = 0; i < plane_size (self); i++)
    output[i] = input[i] > 0 ? 1.0f : input[i] < 0 ? 0.0f : 0.5f;
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Finds the model's file in the model folders and loads it. */
CutoutEngine *
cutout_engine_new (const CutoutModelInfo *info, int n_threads, GError **error)
{
  g_autofree char *path = cutout_model_info_locate (info, error);

  if (path == NULL)
    return NULL;
  return cutout_engine_new_from_file (info, path, n_threads, error);
}

/* Whether the model, an fp16 file, runs in fp32 (cutout-onnx-widen.c). */
gboolean
cutout_engine_is_widened (CutoutEngine *self)
{
  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), FALSE);

  return self->widened;
}

const CutoutModelInfo *
cutout_engine_get_model_info (CutoutEngine *self)
{
  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);
  return self->info;
}

/* The model's input tensor for @image: resized, normalised, planar RGB. */
float *
cutout_engine_preprocess (CutoutEngine *self, const CutoutImage *image)
{
  float *input = g_new (float, plane_size (self) * 3);

  cutout_resample_to_planar (image, self->info->input_width, self->info->input_height,
                             self->info->mean, self->info->std, input);
  return input;
}

typedef struct
{
  const OrtApi *api;
  OrtRunOptions *run;
} RunHandle;

static void
terminate_run_cb (GCancellable *cancellable, RunHandle *handle)
{
  succeeded (handle->api, handle->api->RunOptionsSetTerminate (handle->run));
}

static gboolean
run_session (CutoutEngine *self,
             const float *input,
             float *output,
             GCancellable *cancellable,
             GError **error)
{
  const OrtApi *api = self->api;
  int64_t in_shape[4] = { 1, 3, self->info->input_height, self->info->input_width };
  int64_t out_shape[4] = { 1, 1, self->info->input_height, self->info->input_width };
  size_t out_rank = self->output_rank;
  OrtValue *in_value = NULL, *out_value = NULL;
  OrtRunOptions *run = NULL;
  const char *in_names[] = { self->info->input }, *out_names[] = { self->output };
  RunHandle handle = { api, NULL };
  gulong handler = 0;
  gboolean ok;

  ok = cutout_ort_check (api, api->CreateRunOptions (&run), _ ("Cannot run the model"), error)
       && cutout_ort_check (
           api,
           api->CreateTensorWithDataAsOrtValue (self->memory, (void *) input,
                                                plane_size (self) * 3 * sizeof (float), in_shape, 4,
                                                ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &in_value),
           _ ("Cannot run the model"), error)
       && cutout_ort_check (api,
                            api->CreateTensorWithDataAsOrtValue (
                                self->memory, output, plane_size (self) * sizeof (float),
                                out_shape + 4 - out_rank, out_rank,
                                ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &out_value),
                            _ ("Cannot run the model"), error);
  if (ok && cancellable != NULL)
    {
      handle.run = run;
      handler = g_cancellable_connect (cancellable, G_CALLBACK (terminate_run_cb), &handle, NULL);
    }
  if (ok)
    ok = cutout_ort_check (api,
                           api->Run (self->session, run, in_names,
                                     (const OrtValue *const *) &in_value, 1, out_names, 1,
                                     &out_value),
                           _ ("The model failed"), error);
  if (handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  if (in_value != NULL)
    api->ReleaseValue (in_value);
  if (out_value != NULL)
    api->ReleaseValue (out_value);
  if (run != NULL)
    api->ReleaseRunOptions (run);
  return ok;
}

static void
apply_activation (CutoutActivation activation, float *v, gsize n)
{
  float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;

  switch (activation)
    {
      case CUTOUT_ACTIVATION_NONE:
        break;
      case CUTOUT_ACTIVATION_SIGMOID:
        for (gsize i = 0; i < n; i++)
          v[i] = 1.0f / (1.0f + expf (-v[i]));
        break;
      case CUTOUT_ACTIVATION_MINMAX:
        for (gsize i = 0; i < n; i++)
          lo = MIN (lo, v[i]), hi = MAX (hi, v[i]);
        for (gsize i = 0; i < n; i++)
          v[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0;
        break;
    }
}

/* Runs the model on a preprocessed @input; returns its mask (input size, 0..1).
 * Cancelling @cancellable stops a run in progress. */
float *
cutout_engine_infer (CutoutEngine *self,
                     const float *input,
                     GCancellable *cancellable,
                     GError **error)
{
  g_autofree float *output = NULL;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  output = g_new (float, plane_size (self));
  if (self->simulated)
    return simulate_run (self, input, output, cancellable, error) ? g_steal_pointer (&output)
                                                                  : NULL;
  if (!run_session (self, input, output, cancellable, error))
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_clear_error (error);
          g_cancellable_set_error_if_cancelled (cancellable, error);
        }
      return NULL;
    }
  apply_activation (self->info->activation, output, plane_size (self));
  return g_steal_pointer (&output);
}

/* Mirrors each row of the @n_planes planes of @data (the model's size). */
static void
mirror_planes (CutoutEngine *self, float *data, int n_planes)
{
  int w = self->info->input_width, h = self->info->input_height;

  for (int row = 0; row < h * n_planes; row++)
    {
      float *p = data + (gsize) row * w;
      for (int x = 0; x < w / 2; x++)
        {
          float t = p[x];
          p[x] = p[w - 1 - x];
          p[w - 1 - x] = t;
        }
    }
}

/* The model's output for the mirror image of @input (as
 * cutout_engine_preprocess() gives it), mirrored back: a second opinion on
 * the same photo, which averaged with the first corrects many of the
 * model's errors (docs/QUALITY.md), for twice its time. */
float *
cutout_engine_infer_mirrored (CutoutEngine *self,
                              const float *input,
                              GCancellable *cancellable,
                              GError **error)
{
  g_autofree float *mirrored = NULL;
  float *output;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);

  mirrored = g_memdup2 (input, plane_size (self) * 3 * sizeof (float));
  mirror_planes (self, mirrored, 3);
  output = cutout_engine_infer (self, mirrored, cancellable, error);
  if (output != NULL)
    mirror_planes (self, output, 1);
  return output;
}

/* Where a @width × @height photo lies in the model's input with its aspect
 * kept, as large as it fits and in the middle. */
static CutoutBox
letterbox_rect (CutoutEngine *self, int width, int height)
{
  int n = self->info->input_width, m = self->info->input_height;
  double scale = MIN ((double) n / width, (double) m / height);
  int w = CLAMP ((int) lround (width * scale), 1, n),
      h = CLAMP ((int) lround (height * scale), 1, m);

  return (CutoutBox){ (n - w) / 2, (m - h) / 2, (n - w) / 2 + w, (m - h) / 2 + h };
}

/* The model's output for a @width × @height photo given with its aspect
 * kept (letterboxed: padded with the photo's mean colour), from @input,
 * the photo squeezed to the model's size as cutout_engine_preprocess()
 * makes it; back in the squeezed geometry of @input, like every other
 * output. Squeezing wins on most photos, letterboxing by far on some
 * close-ups (docs/QUALITY.md): the model sees the subject undistorted. */
float *
cutout_engine_infer_letterboxed (CutoutEngine *self,
                                 const float *input,
                                 int width,
                                 int height,
                                 GCancellable *cancellable,
                                 GError **error)
{
  int n = self->info->input_width, m = self->info->input_height;
  CutoutBox r = letterbox_rect (self, width, height);
  int w = r.x2 - r.x1, h = r.y2 - r.y1;
  g_autofree float *boxed = g_new (float, plane_size (self) * 3);
  g_autofree float *small = g_new (float, (gsize) w *h);
  g_autofree float *output = NULL;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);

  for (int c = 0; c < 3; c++)
    {
      const float *from = input + plane_size (self) * c;
      float *to = boxed + plane_size (self) * c;
      double sum = 0;
      /* The input is normalised affinely, so its mean is the normalised
       * mean colour. */
      for (gsize i = 0; i < plane_size (self); i++)
        sum += from[i];
      for (gsize i = 0; i < plane_size (self); i++)
        to[i] = (float) (sum / plane_size (self));
      cutout_resample_plane (from, n, m, small, w, h);
      for (int y = 0; y < h; y++)
        memcpy (to + (gsize) (r.y1 + y) * n + r.x1, small + (gsize) y * w, w * sizeof (float));
    }
  output = cutout_engine_infer (self, boxed, cancellable, error);
  if (output == NULL)
    return NULL;
  for (int y = 0; y < h; y++)
    memcpy (small + (gsize) y * w, output + (gsize) (r.y1 + y) * n + r.x1, w * sizeof (float));
  cutout_resample_plane (small, w, h, output, n, m);
  return g_steal_pointer (&output);
}

/* How unsure the model is of a whole output: the mean of min(a, 1 − a),
 * 0 for a mask of only 0 and 1, 0.5 for one of only halves. */
double
cutout_engine_uncertainty (CutoutEngine *self, const float *output)
{
  double sum = 0;

  for (gsize i = 0; i < plane_size (self); i++)
    sum += MIN (output[i], 1 - output[i]);
  return sum / plane_size (self);
}

/* How far two outputs differ: 1 − their IoU at one half (0 where both
 * are empty). */
double
cutout_engine_disagreement (CutoutEngine *self, const float *a, const float *b)
{
  gsize both = 0, either = 0;

  for (gsize i = 0; i < plane_size (self); i++)
    {
      gboolean in_a = a[i] >= 0.5f, in_b = b[i] >= 0.5f;
      both += in_a && in_b;
      either += in_a || in_b;
    }
  return either > 0 ? 1 - (double) both / either : 0;
}

/* Averages @second into @plane. */
static void
average_into (CutoutEngine *self, float *plane, const float *second)
{
  for (gsize i = 0; i < plane_size (self); i++)
    plane[i] = (plane[i] + second[i]) / 2;
}

/* The model's output for a whole @width × @height photo, from @input (as
 * cutout_engine_preprocess() gives it), as the pipeline makes it:
 * - with CUTOUT_INFER_MIRRORED (Best Quality), averaged with the output for
 *   the mirror image;
 * - with CUTOUT_INFER_SECOND_LOOK, where the first run is unsure of the
 *   photo (cutout_engine_uncertainty() at least
 *   CUTOUT_SECOND_LOOK_UNCERTAINTY), averaged with the letterboxed run's:
 *   the model is sure of most photos, and where it is not, the photo's
 *   undistorted shape is often what it lacked (docs/QUALITY.md).
 * @more_runs (if not NULL) is told before the second look starts. The
 * number of runs it took goes in @n_runs, and what they said of the photo
 * in @stats, if not NULL. */
float *
cutout_engine_infer_photo (CutoutEngine *self,
                           const float *input,
                           int width,
                           int height,
                           CutoutInferFlags flags,
                           CutoutMoreRunsFunc more_runs,
                           gpointer more_runs_data,
                           guint *n_runs,
                           CutoutInferStats *stats,
                           GCancellable *cancellable,
                           GError **error)
{
  g_autofree float *plane = NULL;
  CutoutInferStats said = { 0, -1 };
  gboolean unsure;
  guint runs = 1;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);

  plane = cutout_engine_infer (self, input, cancellable, error);
  if (plane == NULL)
    return NULL;
  /* Decided on the first run alone, so Best Quality looks again at the
   * same photos. */
  said.uncertainty = cutout_engine_uncertainty (self, plane);
  unsure = said.uncertainty >= CUTOUT_SECOND_LOOK_UNCERTAINTY;
  if (flags & CUTOUT_INFER_MIRRORED)
    {
      g_autofree float *mirrored = cutout_engine_infer_mirrored (self, input, cancellable, error);
      if (mirrored == NULL)
        return NULL;
      average_into (self, plane, mirrored);
      runs++;
    }
  if ((flags & CUTOUT_INFER_SECOND_LOOK) && unsure)
    {
      g_autofree float *boxed = NULL;
      if (more_runs != NULL)
        more_runs (1, more_runs_data);
      boxed = cutout_engine_infer_letterboxed (self, input, width, height, cancellable, error);
      if (boxed == NULL)
        return NULL;
      said.disagreement = cutout_engine_disagreement (self, plane, boxed);
      average_into (self, plane, boxed);
      runs++;
    }
  if (n_runs != NULL)
    *n_runs = runs;
  if (stats != NULL)
    *stats = said;
  return g_steal_pointer (&plane);
}

/* The model's @output enlarged (or shrunk) to a width × height mask. */
CutoutImage *
cutout_engine_postprocess (CutoutEngine *self, float *output, int width, int height)
{
  CutoutImage *mask = cutout_image_new (width, height, 1);

  cutout_resample_plane_to_mask (output, self->info->input_width, self->info->input_height, mask);
  return mask;
}

/* The model's plain mask of one decoded image, at full size, from one run
 * (cutout_pipeline_cut_out() adds the second look, calibration, refinement
 * and boxes, as the queue does). */
CutoutImage *
cutout_engine_cut_out (CutoutEngine *self,
                       const CutoutImage *image,
                       CutoutTimings *timings,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autofree float *input = NULL;
  g_autofree float *output = NULL;
  CutoutImage *mask;
  gint64 t0, t1, t2;

  g_return_val_if_fail (CUTOUT_IS_ENGINE (self), NULL);
  g_return_val_if_fail (image != NULL && image->n_channels == 4, NULL);

  t0 = g_get_monotonic_time ();
  input = cutout_engine_preprocess (self, image);
  t1 = g_get_monotonic_time ();
  output = cutout_engine_infer (self, input, cancellable, error);
  if (output == NULL)
    return NULL;
  g_clear_pointer (&input, g_free);
  t2 = g_get_monotonic_time ();
  mask = cutout_engine_postprocess (self, output, image->width, image->height);
  if (timings != NULL)
    {
      timings->preprocess = (t1 - t0) / 1e6;
      timings->inference = (t2 - t1) / 1e6;
      timings->postprocess = (g_get_monotonic_time () - t2) / 1e6;
    }
  return mask;
}

/* The @region of @image (a box with its margin) resized to the model's
 * input size: 8-bit pixels, a third of the size of the model's input, which
 * cutout_engine_preprocess() makes from it. */
CutoutImage *
cutout_engine_crop_for_model (CutoutEngine *self, const CutoutImage *image, const CutoutBox *region)
{
  g_autoptr (CutoutImage) crop = cutout_image_crop (
      image, region->x1, region->y1, region->x2 - region->x1, region->y2 - region->y1);

  return cutout_resample_image (crop, self->info->input_width, self->info->input_height);
}

/* Puts the model's @output for @region into @mask (of the whole image),
 * within @box only, keeping the larger alpha where boxes overlap. */
void
cutout_engine_paste (CutoutEngine *self,
                     const float *output,
                     const CutoutBox *region,
                     const CutoutBox *box,
                     CutoutImage *mask)
{
  g_autoptr (CutoutImage) part
      = cutout_image_new (region->x2 - region->x1, region->y2 - region->y1, 1);
  int x1 = MAX (box->x1, region->x1), x2 = MIN (box->x2, region->x2);
  int y1 = MAX (box->y1, region->y1), y2 = MIN (box->y2, region->y2);

  g_return_if_fail (mask->n_channels == 1);

  cutout_resample_plane_to_mask (output, self->info->input_width, self->info->input_height, part);
  for (int y = y1; y < y2; y++)
    {
      const guint8 *src = cutout_image_row (part, y - region->y1);
      guint8 *dst = cutout_image_row (mask, y);
      for (int x = x1; x < x2; x++)
        dst[x] = MAX (dst[x], src[x - region->x1]);
    }
}
