/* test-engine-models.c: what Cutout feeds a model and makes of its output,
 * checked to the number on tiny ONNX graphs (make-tiny-models.py), and the
 * models it refuses to load
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-engine.h"
#include "cutout-onnx-widen.h"
#include "cutout-pipeline.h"
#include "cutout-testlib.h"

static char *models_dir;
static char *skip_why;

static const double imagenet_mean[3] = { 123.675, 116.28, 103.53 };
static const double imagenet_std[3] = { 58.395, 57.12, 57.375 };

/* An entry for a tiny graph: @size² input "input", normalised by @mean
 * and @std, output @output (NULL: the first). */
static CutoutModelInfo *
tiny_info (int size, const char *output, const double mean[3], const double std[3])
{
  CutoutModelInfo *info = g_new0 (CutoutModelInfo, 1);

  info->id = g_strdup ("tiny");
  info->name = g_strdup ("Tiny");
  info->file = g_strdup ("tiny.onnx");
  info->input = g_strdup ("input");
  info->output = g_strdup (output);
  info->input_width = info->input_height = size;
  memcpy (info->mean, mean, sizeof info->mean);
  memcpy (info->std, std, sizeof info->std);
  info->license = g_strdup ("CC0-1.0");
  return info;
}

static CutoutEngine *
load (const CutoutModelInfo *info, const char *file, GError **error)
{
  g_autofree char *path = g_strconcat (models_dir, "/", file, ".onnx", NULL);

  return cutout_engine_new_from_file (info, path, 1, error);
}

/* A @size² photo whose three channels differ everywhere and each cover
 * much of 0..255. */
static CutoutImage *
make_photo (int size)
{
  CutoutImage *img = cutout_image_new (size, size, 4);

  for (int y = 0; y < size; y++)
    for (int x = 0; x < size; x++)
      {
        guint8 *p = cutout_image_row (img, y) + x * 4;
        p[0] = (x * 8 + y) % 256;
        p[1] = 255 - (y * 8 + x) % 256;
        p[2] = (x * y * 3) % 256;
        p[3] = 255;
      }
  return img;
}

static double
channel_value (const CutoutImage *img, int c, int i)
{
  return cutout_image_row (img, i / img->width)[(i % img->width) * 4 + c];
}

/* The model's output for make_photo(), through the engine as the
 * pipeline calls it. */
static float *
run (CutoutEngine *engine, int size)
{
  g_autoptr (CutoutImage) photo = make_photo (size);
  g_autofree float *input = cutout_engine_preprocess (engine, photo);
  g_autoptr (GError) error = NULL;
  float *output = cutout_engine_infer (engine, input, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (output);
  return output;
}

/* x = (v − mean) / std per channel, exactly: each output of "channels" is
 * one channel of the input, chosen by Output= (left out: the first). */
static void
test_normalisation (void)
{
  const double mean[3] = { 10, 100, 200 }, std[3] = { 2, 50, -25 };
  const char *outputs[] = { "c0", "c1", "c2", NULL };
  g_autoptr (CutoutImage) photo = make_photo (32);

  for (guint k = 0; k < G_N_ELEMENTS (outputs); k++)
    {
      g_autoptr (CutoutModelInfo) info = tiny_info (32, outputs[k], mean, std);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutEngine) engine = load (info, "channels", &error);
      g_autofree float *out = NULL;
      int c = k < 3 ? (int) k : 0;

      g_assert_no_error (error);
      out = run (engine, 32);
      for (int i = 0; i < 32 * 32; i++)
        {
          double want = (channel_value (photo, c, i) - mean[c]) / std[c];
          if (fabs (out[i] - want) > 1e-4 * MAX (1, fabs (want)))
            g_error ("output %s, pixel %d: %g, not %g", outputs[k] ? outputs[k] : "(first)", i,
                     out[i], want);
        }
    }
}

/* ImageNet's normalisation, the catalogue's figures, on the first channel. */
static void
test_imagenet (void)
{
  g_autoptr (CutoutModelInfo) info = tiny_info (32, NULL, imagenet_mean, imagenet_std);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = load (info, "first-channel", &error);
  g_autoptr (CutoutImage) photo = make_photo (32);
  g_autofree float *out = NULL;

  g_assert_no_error (error);
  out = run (engine, 32);
  for (int i = 0; i < 32 * 32; i++)
    g_assert_cmpfloat_with_epsilon (out[i], (channel_value (photo, 0, i) / 255 - 0.485) / 0.229,
                                    1e-4);
}

/* Activation=none leaves the output as it is (even outside 0..1),
 * sigmoid takes it for logits, minmax stretches it to 0..1. */
static void
test_activations (void)
{
  const double mean[3] = { 128, 128, 128 }, std[3] = { 16, 16, 16 };
  g_autoptr (CutoutImage) photo = make_photo (32);
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  for (int i = 0; i < 32 * 32; i++)
    {
      lo = MIN (lo, channel_value (photo, 0, i));
      hi = MAX (hi, channel_value (photo, 0, i));
    }
  for (CutoutActivation a = CUTOUT_ACTIVATION_NONE; a <= CUTOUT_ACTIVATION_MINMAX; a++)
    {
      g_autoptr (CutoutModelInfo) info = tiny_info (32, "output", mean, std);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutEngine) engine = NULL;
      g_autofree float *out = NULL;

      info->activation = a;
      engine = load (info, "first-channel", &error);
      g_assert_no_error (error);
      out = run (engine, 32);
      for (int i = 0; i < 32 * 32; i++)
        {
          double v = channel_value (photo, 0, i), x = (v - 128) / 16, want;
          if (a == CUTOUT_ACTIVATION_NONE)
            want = x;
          else if (a == CUTOUT_ACTIVATION_SIGMOID)
            want = 1 / (1 + exp (-x));
          else
            want = (v - lo) / (hi - lo);
          if (fabs (out[i] - want) > 1e-5 * MAX (1, fabs (want)))
            g_error ("activation %d, pixel %d (value %g): %g, not %g", a, i, v, out[i], want);
        }
    }
}

/* Outputs of [1, H, W], and dimensions left dynamic (any size). */
static void
test_other_shapes (void)
{
  const struct
  {
    const char *file;
    int size;
  } cases[] = { { "rank3", 32 }, { "dynamic", 32 }, { "dynamic", 48 } };
  const double mean[3] = { 0, 0, 0 }, std[3] = { 1, 1, 1 };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      int n = cases[k].size;
      g_autoptr (CutoutModelInfo) info = tiny_info (n, NULL, mean, std);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutEngine) engine = load (info, cases[k].file, &error);
      g_autoptr (CutoutImage) photo = make_photo (n);
      g_autofree float *out = NULL;

      g_assert_no_error (error);
      out = run (engine, n);
      for (int i = 0; i < n * n; i++)
        g_assert_cmpfloat_with_epsilon (out[i], channel_value (photo, 0, i), 1e-3);
    }
}

/* Float16 inside, float32 in and out (as ISNet medium): loaded and run. */
static void
test_fp16_weights (void)
{
  const double mean[3] = { 0, 0, 0 }, std[3] = { 1, 1, 1 };
  g_autoptr (CutoutModelInfo) info = tiny_info (32, NULL, mean, std);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = load (info, "fp16-weights", &error);
  g_autoptr (CutoutImage) photo = make_photo (32);
  g_autofree float *out = NULL;

  g_assert_no_error (error);
  out = run (engine, 32);
  for (int i = 0; i < 32 * 32; i++)
    g_assert_cmpfloat_with_epsilon (out[i], 2 * channel_value (photo, 0, i), 0.5);
}

/* make-tiny-models.py's WIDEN_WEIGHTS, each a value fp16 holds exactly. */
static double
widen_weight (int x)
{
  const double first[] = { 1.0 / (1 << 20), -2.5, 60000, 0.0999755859375 };

  return x < 4 ? first[x] : (x - 16) / 8.0;
}

/* The largest difference between "fp16-widen"'s output and its value in
 * exact arithmetic, input × w + 0.25, relative to the value (and 1). */
static double
widen_error (const float *out, const CutoutImage *photo)
{
  double worst = 0;

  for (int i = 0; i < 32 * 32; i++)
    {
      double want = channel_value (photo, 0, i) * widen_weight (i % 32) + 0.25;
      worst = MAX (worst, fabs (out[i] - want) / MAX (fabs (want), 1));
    }
  return worst;
}

/* An fp16 file (weights, a Constant, Casts in and out) runs in fp32
 * (cutout-onnx-widen.c): its output is exact to fp32's precision, the
 * subnormal weight included, where as it is fp16 rounds (and overflows)
 * the products; a file with nothing in fp16 runs as it is. */
static void
test_fp16_widened (void)
{
  const double mean[3] = { 0, 0, 0 }, std[3] = { 1, 1, 1 };
  g_autoptr (CutoutModelInfo) info = tiny_info (32, NULL, mean, std);
  g_autoptr (CutoutImage) photo = make_photo (32);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) wide = load (info, "fp16-widen", &error);
  g_autoptr (CutoutEngine) plain = NULL, as_is = NULL;
  g_autofree float *out = NULL, *out_as_is = NULL;

  g_assert_no_error (error);
  g_assert_true (cutout_engine_is_widened (wide));
  out = run (wide, 32);
  g_assert_cmpfloat (widen_error (out, photo), <, 1e-6);

  g_setenv ("CUTOUT_MODEL_AS_IS", "1", TRUE);
  as_is = load (info, "fp16-widen", &error);
  g_unsetenv ("CUTOUT_MODEL_AS_IS");
  g_assert_no_error (error);
  g_assert_false (cutout_engine_is_widened (as_is));
  out_as_is = run (as_is, 32);
  g_assert_cmpfloat (widen_error (out_as_is, photo), >, 1e-3);

  plain = load (info, "first-channel", &error);
  g_assert_no_error (error);
  g_assert_false (cutout_engine_is_widened (plain));
}

/* What is not an ONNX model, or has nothing in fp16, is not rewritten:
 * the first with the reason, the second without an error. */
static void
test_widen_refused (void)
{
  const guint8 garbage[] = { 0x3a, 0x7f, 0x01, 0x02 }; /* a graph longer than the file */
  g_autofree char *path = g_build_filename (models_dir, "first-channel.onnx", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GBytes) wide = NULL;
  g_autoptr (GError) error = NULL;
  gsize length;

  wide = cutout_onnx_widen (garbage, sizeof garbage, &error);
  g_assert_null (wide);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "malformed"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  wide = cutout_onnx_widen ((const guint8 *) contents, length, &error);
  g_assert_no_error (error);
  g_assert_null (wide);
}

/* Each model that does not fit its entry is refused on load, with the
 * model's name, its file and what differs. */
static void
test_refused (void)
{
  const struct
  {
    const char *file, *output, *says[2];
  } cases[] = {
    { "named-x", NULL, { "its input is called “x”, the catalogue says “input”", NULL } },
    { "big", NULL, { "its input “input” is [1, 3, 64, 64], the catalogue says [1, 3, 32, 32]" } },
    { "int64", NULL, { "its input “input” holds int64 numbers, not float32" } },
    { "fp16-io", NULL, { "its input “input” holds float16 numbers, not float32" } },
    { "two-inputs", NULL, { "it takes 2 inputs (“input”, “extra”)" } },
    { "three-channel-output", NULL, { "its output “output” is [1, 3, 32, 32]", "[1, 1, 32, 32]" } },
    { "first-channel", "mask", { "its output is called “output”, the catalogue says “mask”" } },
    { "channels", "mask", { "no output called “mask”", "“c0”, “c1”, “c2”" } },
  };
  const double mean[3] = { 0, 0, 0 }, std[3] = { 1, 1, 1 };

  for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
    {
      g_autoptr (CutoutModelInfo) info = tiny_info (32, cases[k].output, mean, std);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutEngine) engine = load (info, cases[k].file, &error);

      g_assert_null (engine);
      g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID);
      g_test_message ("%s: %s", cases[k].file, error->message);
      g_assert_nonnull (strstr (error->message, "“tiny”"));
      g_assert_nonnull (strstr (error->message, cases[k].file));
      for (guint s = 0; s < G_N_ELEMENTS (cases[k].says) && cases[k].says[s]; s++)
        if (strstr (error->message, cases[k].says[s]) == NULL)
          g_error ("%s: “%s” does not say “%s”", cases[k].file, error->message, cases[k].says[s]);
    }
}

/* A 2000 × 1500 photo whose left half is bright. */
static CutoutImage *
half_photo (void)
{
  CutoutImage *img = cutout_image_new (2000, 1500, 4);

  for (int y = 0; y < img->height; y++)
    for (int x = 0; x < img->width; x++)
      {
        guint8 *p = cutout_image_row (img, y) + x * 4;
        p[0] = p[1] = p[2] = x < img->width / 2 ? 230 : 20;
        p[3] = 255;
      }
  return img;
}

/* A model of 48², not ISNet's 1024², through the whole pipeline: the
 * mirrored run, the second look, calibration, refinement of a photo far
 * larger than it, and boxes. The model gives the photo's red channel, so
 * the mask must be the bright half. */
static void
test_pipeline (void)
{
  const double mean[3] = { 0, 0, 0 }, std[3] = { 255, 255, 255 };
  g_autoptr (CutoutModelInfo) info = tiny_info (48, NULL, mean, std);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autoptr (CutoutImage) photo = half_photo ();
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  CutoutPipelineParams params;
  CutoutBox box = { 100, 100, 1900, 1400 };

  info->activation = CUTOUT_ACTIVATION_MINMAX;
  engine = load (info, "dynamic", &error);
  g_assert_no_error (error);
  cutout_pipeline_params_init (&params);
  params.refine_edges = TRUE;
  params.best_quality = TRUE;
  params.second_look = TRUE;
  for (int with_box = 0; with_box < 2; with_box++)
    {
      g_autoptr (CutoutImage) mask = NULL;

      if (with_box)
        g_array_append_val (boxes, box);
      mask = cutout_pipeline_cut_out (engine, &params, photo, boxes, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (mask);
      g_assert_cmpint (mask->width, ==, 2000);
      g_assert_cmpint (mask->height, ==, 1500);
      g_assert_cmpint (mask->n_channels, ==, 1);
      g_assert_cmpuint (cutout_image_row (mask, 750)[500], >, 200);
      g_assert_cmpuint (cutout_image_row (mask, 750)[1500], <, 55);
      if (with_box)
        g_assert_cmpuint (cutout_image_row (mask, 20)[500], ==, 0); /* outside the box */
    }
}

static void
test_skip (void)
{
  g_test_skip (skip_why);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  models_dir = cutout_test_make_tiny_models (&skip_why);
  if (models_dir == NULL)
    {
      g_test_add_func ("/engine-models/skipped", test_skip);
      return g_test_run ();
    }
  g_test_add_func ("/engine-models/normalisation", test_normalisation);
  g_test_add_func ("/engine-models/imagenet", test_imagenet);
  g_test_add_func ("/engine-models/activations", test_activations);
  g_test_add_func ("/engine-models/other-shapes", test_other_shapes);
  g_test_add_func ("/engine-models/fp16-weights", test_fp16_weights);
  g_test_add_func ("/engine-models/fp16-widened", test_fp16_widened);
  g_test_add_func ("/engine-models/widen-refused", test_widen_refused);
  g_test_add_func ("/engine-models/refused", test_refused);
  g_test_add_func ("/engine-models/pipeline", test_pipeline);
  status = g_test_run ();
  cutout_test_remove_tree (models_dir);
  g_free (models_dir);
  return status;
}
