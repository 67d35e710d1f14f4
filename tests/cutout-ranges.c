/* cutout-ranges.c: the ranges of a model's activations over photos, for
 * build-aux/cutout-quantize.py (docs/PERFORMANCE.md, "A statically quantised
 * ISNet")
 *
 *   cutout-ranges MODEL TENSORS PHOTO…
 *   cutout-ranges --optimized=OUT MODEL
 *
 * MODEL is a graph whose outputs include every tensor named in the file
 * TENSORS, one a line (cutout-quantize.py augment makes both). Each photo is
 * decoded, squeezed and normalised as the default model's input (the
 * catalogue's size, mean and std), the graph run once, and for every tensor
 * a line printed:
 *   TENSOR PHOTO MIN MAX P0.001 P0.01 P0.1 P99.9 P99.99 P99.999
 * (the percentiles of its values in that photo, in percent).
 * --optimized=OUT only opens MODEL with every graph optimisation, as the
 * engine does, and writes the graph ONNX Runtime will run to OUT: to see
 * which nodes it fused (QLinearConv and the like).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-ort.h"
#include "cutout-resample.h"

#define N_BINS 4096

static const double quantiles[] = { 1e-5, 1e-4, 1e-3, 1 - 1e-3, 1 - 1e-4, 1 - 1e-5 };
#define N_QUANTILES G_N_ELEMENTS (quantiles)

static void
check (const OrtApi *api, OrtStatus *status, const char *what)
{
  g_autoptr (GError) error = NULL;

  if (!cutout_ort_check (api, status, what, &error))
    {
      fprintf (stderr, "cutout-ranges: %s\n", error->message);
      exit (1);
    }
}

static guint
bin_of (float v, float lo, float width)
{
  double b = (v - lo) / width;
  return b <= 0 ? 0 : b >= N_BINS ? N_BINS - 1 : (guint) b;
}

/* Minimum, maximum and the quantiles of @v: a histogram over the whole
 * range, then a finer one inside each bin that holds a quantile. */
static void
tensor_stats (const float *v, gsize n, double out[2 + N_QUANTILES])
{
  g_autofree guint64 *coarse = g_new0 (guint64, N_BINS);
  g_autofree guint64 *fine = g_new0 (guint64, N_BINS * N_QUANTILES);
  guint bin[N_QUANTILES];
  guint64 below[N_QUANTILES];
  float lo = v[0], hi = v[0], width, fine_width;

  for (gsize i = 1; i < n; i++)
    lo = MIN (lo, v[i]), hi = MAX (hi, v[i]);
  out[0] = lo, out[1] = hi;
  if (hi <= lo)
    {
      for (guint q = 0; q < N_QUANTILES; q++)
        out[2 + q] = lo;
      return;
    }
  width = (hi - lo) / N_BINS;
  fine_width = width / N_BINS;
  for (gsize i = 0; i < n; i++)
    coarse[bin_of (v[i], lo, width)]++;
  for (guint q = 0; q < N_QUANTILES; q++)
    {
      guint64 rank = (guint64) (quantiles[q] * (n - 1)), seen = 0;
      guint b = 0;
      while (b < N_BINS - 1 && seen + coarse[b] <= rank)
        seen += coarse[b++];
      bin[q] = b, below[q] = seen;
    }
  for (gsize i = 0; i < n; i++)
    {
      guint b = bin_of (v[i], lo, width);
      for (guint q = 0; q < N_QUANTILES; q++)
        if (b == bin[q])
          fine[q * N_BINS + bin_of (v[i], lo + b * width, fine_width)]++;
    }
  for (guint q = 0; q < N_QUANTILES; q++)
    {
      guint64 rank = (guint64) (quantiles[q] * (n - 1)), seen = below[q];
      guint f = 0;
      while (f < N_BINS - 1 && seen + fine[q * N_BINS + f] <= rank)
        seen += fine[q * N_BINS + f++];
      out[2 + q] = lo + bin[q] * width + (f + 0.5) * fine_width;
    }
}

static OrtSession *
open_session (const OrtApi *api, const char *model, const char *optimized)
{
  g_autoptr (GError) error = NULL;
  OrtEnv *env = cutout_ort_get_env (&error);
  OrtSessionOptions *options = NULL;
  OrtSession *session = NULL;

  if (env == NULL)
    {
      fprintf (stderr, "cutout-ranges: %s\n", error->message);
      exit (1);
    }
  check (api, api->CreateSessionOptions (&options), "session options");
  check (api, api->SetIntraOpNumThreads (options, (int) g_get_num_processors ()), "threads");
  check (api, api->SetSessionGraphOptimizationLevel (options, ORT_ENABLE_ALL), "optimisation");
  check (api, api->DisableMemPattern (options), "memory pattern");
  if (optimized != NULL)
    check (api, api->SetOptimizedModelFilePath (options, optimized), "optimised model path");
  check (api, api->CreateSession (env, model, options, &session), model);
  api->ReleaseSessionOptions (options);
  return session;
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autofree char *list = NULL;
  g_auto (GStrv) lines = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const CutoutModelInfo *info;
  const OrtApi *api = cutout_ort_get_api (&error);
  OrtMemoryInfo *memory = NULL;
  OrtSession *session;

  if (api == NULL)
    {
      fprintf (stderr, "cutout-ranges: %s\n", error->message);
      return 1;
    }
  if (argc == 3 && g_str_has_prefix (argv[1], "--optimized="))
    {
      api->ReleaseSession (open_session (api, argv[2], argv[1] + strlen ("--optimized=")));
      return 0;
    }
  if (argc < 4)
    {
      fprintf (stderr, "usage: cutout-ranges MODEL TENSORS PHOTO…\n"
                       "       cutout-ranges --optimized=OUT MODEL\n");
      return 2;
    }
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  info = cutout_catalogue_find (catalogue, NULL, NULL);
  if (!g_file_get_contents (argv[2], &list, NULL, &error))
    {
      fprintf (stderr, "cutout-ranges: %s\n", error->message);
      return 1;
    }
  lines = g_strsplit (list, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (names, lines[i]);
  session = open_session (api, argv[1], NULL);
  check (api, api->CreateCpuMemoryInfo (OrtArenaAllocator, OrtMemTypeDefault, &memory), "memory");
  printf ("# tensor photo min max p0.001 p0.01 p0.1 p99.9 p99.99 p99.999\n");

  for (int p = 3; p < argc; p++)
    {
      g_autoptr (CutoutImage) image = cutout_decode_file (argv[p], &error);
      g_autofree float *input = NULL;
      g_autofree char *photo = g_path_get_basename (argv[p]);
      g_autofree OrtValue **outputs = g_new0 (OrtValue *, names->len);
      int64_t shape[4] = { 1, 3, info->input_height, info->input_width };
      gsize size = (gsize) info->input_width * info->input_height * 3;
      const char *in_names[] = { info->input };
      OrtValue *in_value = NULL;

      if (image == NULL)
        {
          fprintf (stderr, "cutout-ranges: %s\n", error->message);
          return 1;
        }
      input = g_new (float, size);
      cutout_resample_to_planar (image, info->input_width, info->input_height, info->mean,
                                 info->std, input);
      check (api,
             api->CreateTensorWithDataAsOrtValue (memory, input, size * sizeof (float), shape, 4,
                                                  ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &in_value),
             "input");
      check (api,
             api->Run (session, NULL, in_names, (const OrtValue *const *) &in_value, 1,
                       (const char *const *) names->pdata, names->len, outputs),
             "run");
      for (guint t = 0; t < names->len; t++)
        {
          OrtTensorTypeAndShapeInfo *shape_info = NULL;
          size_t count = 0;
          float *values = NULL;
          double stats[2 + N_QUANTILES];

          check (api, api->GetTensorTypeAndShape (outputs[t], &shape_info), "shape");
          check (api, api->GetTensorShapeElementCount (shape_info, &count), "count");
          api->ReleaseTensorTypeAndShapeInfo (shape_info);
          check (api, api->GetTensorMutableData (outputs[t], (void **) &values), "data");
          tensor_stats (values, count, stats);
          printf ("%s %s", (const char *) names->pdata[t], photo);
          for (guint s = 0; s < G_N_ELEMENTS (stats); s++)
            printf (" %.7g", stats[s]);
          printf ("\n");
          api->ReleaseValue (outputs[t]);
        }
      api->ReleaseValue (in_value);
      fflush (stdout);
      fprintf (stderr, "%s\n", photo);
    }
  api->ReleaseMemoryInfo (memory);
  api->ReleaseSession (session);
  return 0;
}
