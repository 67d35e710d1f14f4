/* test-catalogue.c: the model catalogue and where models are found
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cutout-catalogue.h"
#include "cutout-engine.h"

static void
test_shipped_catalogue (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_load_default (&error);
  const CutoutModelInfo *info;

  g_assert_no_error (error);
  info = cutout_catalogue_find (cat, NULL, &error);
  g_assert_no_error (error);
  /* The facts of ENGINE.md: ISNet medium, 1024², (v - 128) / 256, "input" → "output". */
  g_assert_cmpstr (info->id, ==, "isnet-medium");
  g_assert_cmpstr (info->input, ==, "input");
  g_assert_cmpstr (info->output, ==, "output");
  g_assert_cmpint (info->input_width, ==, 1024);
  g_assert_cmpint (info->input_height, ==, 1024);
  g_assert_cmpfloat (info->mean[1], ==, 128);
  g_assert_cmpfloat (info->std[2], ==, 256);
  g_assert_cmpint (info->activation, ==, CUTOUT_ACTIVATION_NONE);
  g_assert_cmpint (info->size, ==, 88188479);
  g_assert_cmpstr (info->license, ==, "AGPL-3.0");
  g_assert_true (info->is_default);
  g_assert_nonnull (cutout_catalogue_find (cat, "isnet-small", &error));
}

static const char good_model[] = "[m]\nName=M\nFile=m.onnx\nInput=in\nInputWidth=320\n"
                                 "InputHeight=320\nMean=123.675;116.28;103.53;\n"
                                 "Std=58.395;57.12;57.375;\nOutput=out\nActivation=sigmoid\n"
                                 "License=Apache-2.0\n";

static void
test_parse_other_model (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_new_from_data (good_model, -1, &error);
  const CutoutModelInfo *info;

  g_assert_no_error (error);
  info = cutout_catalogue_find (cat, NULL, &error);
  g_assert_cmpstr (info->id, ==, "m"); /* no Default: the first */
  g_assert_cmpfloat_with_epsilon (info->mean[0], 123.675, 1e-9);
  g_assert_cmpfloat_with_epsilon (info->std[1], 57.12, 1e-9);
  g_assert_cmpint (info->activation, ==, CUTOUT_ACTIVATION_SIGMOID);
  g_assert_cmpint (info->size, ==, 0);
}

static void
test_bad_catalogues (void)
{
  const struct
  {
    const char *from, *to;
  } edits[] = {
    { "File=m.onnx\n", "" },
    { "File=m.onnx", "File=../m.onnx" },
    { "Activation=sigmoid", "Activation=softmax" },
    { "Std=58.395;57.12;57.375;", "Std=0;" },
    { "Mean=123.675;116.28;103.53;", "Mean=1;2;" },
    /* Found by fuzz-catalogue: an empty list is no list and no error. */
    { "Mean=123.675;116.28;103.53;", "Mean=" },
    { "Std=58.395;57.12;57.375;", "Std=" },
    { "InputWidth=320", "InputWidth=lots" },
    { "InputHeight=320", "InputHeight=5" },
    { "[m]", "[m" },
    { good_model, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GString) text = g_string_new (good_model);
      g_autoptr (CutoutCatalogue) cat = NULL;

      g_string_replace (text, edits[i].from, edits[i].to, 1);
      cat = cutout_catalogue_new_from_data (text->str, text->len, &error);
      g_assert_null (cat);
      g_assert_nonnull (error);
      g_test_message ("%s → %s", edits[i].to, error->message);
    }
}

static void
test_unknown_model (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_new_from_data (good_model, -1, NULL);

  g_assert_null (cutout_catalogue_find (cat, "nope", &error));
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING);
  g_assert_nonnull (strstr (error->message, "nope"));
  g_assert_nonnull (strstr (error->message, "m")); /* lists the known ones */
}

static void
test_locate (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-models-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "m.onnx", NULL);
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_new_from_data (good_model, -1, NULL);
  const CutoutModelInfo *info = cutout_catalogue_find (cat, "m", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *found = NULL;

  g_setenv ("CUTOUT_MODEL_DIR", dir, TRUE);
  found = cutout_model_info_locate (info, &error);
  g_assert_null (found);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING);
  g_assert_nonnull (strstr (error->message, "m.onnx"));
  g_assert_nonnull (strstr (error->message, dir));            /* says where it looked */
  g_assert_nonnull (strstr (error->message, "cutout-setup")); /* and how to fix it */

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  found = cutout_model_info_locate (info, NULL);
  g_assert_cmpstr (found, ==, file);
  g_unlink (file);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalogue/shipped", test_shipped_catalogue);
  g_test_add_func ("/catalogue/other-model", test_parse_other_model);
  g_test_add_func ("/catalogue/bad", test_bad_catalogues);
  g_test_add_func ("/catalogue/unknown-model", test_unknown_model);
  g_test_add_func ("/catalogue/locate", test_locate);
  return g_test_run ();
}
