/* test-catalogue.c: the model catalogue and where models are found
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cutout-catalogue.h"
#include "cutout-engine.h"
#include "cutout-testlib.h"

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

/* Every model of the shipped catalogue can be fetched and checked, and
 * says under what licence. */
static void
test_shipped_complete (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_load_default (&error);
  g_autoptr (GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  guint n;

  g_assert_no_error (error);
  n = cutout_catalogue_get_n_models (cat);
  g_assert_cmpuint (n, >=, 14);
  for (guint i = 0; i < n; i++)
    {
      const CutoutModelInfo *info = cutout_catalogue_get_model (cat, i);
      gboolean has_url = info->urls != NULL && info->urls[0] != NULL;

      g_test_message ("%s: %s", info->id, info->name);
      g_assert_false (info->user);
      g_assert_nonnull (info->license);
      g_assert_cmpstr (info->license, !=, "");
      g_assert_true (has_url || info->source != NULL);
      for (guint u = 0; has_url && info->urls[u] != NULL; u++)
        g_assert_true (g_str_has_prefix (info->urls[u], "https://"));
      /* BRIA publishes none for RMBG-1.4 (docs/MODELS.md): the only exception. */
      if (!g_str_equal (info->id, "rmbg-1.4"))
        g_assert_true (info->sha256 != NULL || info->md5 != NULL);
      if (info->sha256 != NULL)
        g_assert_cmpuint (strlen (info->sha256), ==, 64);
      if (info->md5 != NULL)
        g_assert_cmpuint (strlen (info->md5), ==, 32);
      g_assert_nonnull (info->description);
      g_assert_cmpuint (strlen (info->description), <, 80);
      g_assert_true (info->non_commercial == g_str_has_prefix (info->id, "rmbg-"));
      /* Two models sharing a file would each be taken for the other. */
      g_assert_false (g_hash_table_contains (files, info->file));
      g_hash_table_add (files, info->file);
    }
}

/* A few facts of docs/MODELS.md, as the catalogue gives them. */
static void
test_shipped_facts (void)
{
  g_autoptr (CutoutCatalogue) cat = cutout_catalogue_load_default (NULL);
  const CutoutModelInfo *u2netp = cutout_catalogue_find (cat, "u2netp", NULL);
  const CutoutModelInfo *birefnet = cutout_catalogue_find (cat, "birefnet-general", NULL);
  const CutoutModelInfo *rmbg2 = cutout_catalogue_find (cat, "rmbg-2.0", NULL);
  const CutoutModelInfo *rmbg14 = cutout_catalogue_find (cat, "rmbg-1.4", NULL);

  g_assert_cmpstr (u2netp->input, ==, "input.1");
  g_assert_null (u2netp->output); /* the first */
  g_assert_cmpint (u2netp->input_width, ==, 320);
  g_assert_cmpfloat_with_epsilon (u2netp->mean[0], 0.485 * 255, 1e-9);
  g_assert_cmpfloat_with_epsilon (u2netp->std[2], 0.225 * 255, 1e-9);
  g_assert_cmpint (u2netp->activation, ==, CUTOUT_ACTIVATION_MINMAX);
  g_assert_cmpstr (birefnet->input, ==, "input_image");
  g_assert_cmpint (birefnet->activation, ==, CUTOUT_ACTIVATION_SIGMOID);
  g_assert_cmpstr (birefnet->license, ==, "MIT");
  g_assert_cmpstr (rmbg2->input, ==, "pixel_values");
  g_assert_cmpstr (rmbg2->license, ==, "CC-BY-NC-4.0");
  g_assert_cmpstr (rmbg14->license, ==, "LicenseRef-bria-rmbg-1.4");
  g_assert_cmpfloat (rmbg14->mean[1], ==, 127.5);
  g_assert_cmpfloat (rmbg14->std[1], ==, 255);
  g_assert_cmpuint (g_strv_length (rmbg14->urls), ==, 2);
  g_assert_true (g_str_has_prefix (rmbg14->urls[1], "https://hf-mirror.com/"));
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

/* Output= left out or empty: the model's first output. NonCommercial=. */
static void
test_optional_keys (void)
{
  const char *edits[] = { "Output=out\n", "Output=\n" };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GString) text = g_string_new (good_model);
      g_autoptr (CutoutCatalogue) cat = NULL;
      const CutoutModelInfo *info;

      g_string_replace (text, "Output=out\n", edits[i], 1);
      g_string_append (text, i ? "NonCommercial=true\n" : "");
      cat = cutout_catalogue_new_from_data (text->str, text->len, &error);
      g_assert_no_error (error);
      info = cutout_catalogue_get_model (cat, 0);
      g_assert_cmpstr (info->output, ==, i ? NULL : "out");
      g_assert_true (info->non_commercial == (i == 1));
      {
        g_autoptr (CutoutModelInfo) copy = cutout_model_info_copy (info);
        g_assert_true (copy->non_commercial == info->non_commercial);
        g_assert_cmpstr (copy->output, ==, info->output);
      }
    }
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

/* The user's catalogue, $XDG_DATA_HOME/cutout/models.ini (main() points
 * XDG_DATA_HOME at a folder of its own). */
static char *
write_user_catalogue (const char *text)
{
  g_autofree char *path = cutout_catalogue_user_path ();
  g_autofree char *dir = g_path_get_dirname (path);

  g_assert_no_errno (g_mkdir_with_parents (dir, 0755));
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_steal_pointer (&path);
}

static void
test_user_catalogue (void)
{
  g_autoptr (GString) text = g_string_new (good_model);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) shipped = cutout_catalogue_load_default (&error);
  g_autoptr (CutoutCatalogue) cat = NULL;
  g_autofree char *path = NULL;
  const CutoutModelInfo *info;

  g_assert_no_error (error);
  /* One model of the user's own, one that replaces a shipped one. */
  g_string_append (text, "Default=true\n\n[isnet-small]\nName=Mine\nFile=mine.onnx\n"
                         "Input=input\nInputWidth=512\nInputHeight=512\nMean=0\nStd=1\n"
                         "License=MIT\n");
  path = write_user_catalogue (text->str);
  cat = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cutout_catalogue_get_n_models (cat), ==,
                    cutout_catalogue_get_n_models (shipped) + 1);
  info = cutout_catalogue_find (cat, "m", &error);
  g_assert_no_error (error);
  g_assert_true (info->user);
  /* The user's Default wins over the shipped one. */
  g_assert_true (cutout_catalogue_find (cat, NULL, NULL) == info);
  info = cutout_catalogue_find (cat, "isnet-small", &error);
  g_assert_cmpstr (info->name, ==, "Mine");
  g_assert_cmpint (info->input_width, ==, 512);
  g_assert_null (info->output);
  g_assert_true (info->user);
  g_assert_false (cutout_catalogue_find (cat, "isnet-medium", NULL)->user);
  g_assert_false (cutout_catalogue_find (cat, "isnet-medium", NULL)->is_default);

  /* The shipped default given again by the user stays the default. */
  g_assert_true (g_file_set_contents (path,
                                      "[isnet-medium]\nName=Mine\nFile=m.onnx\n"
                                      "Input=input\nInputWidth=512\nInputHeight=512\n"
                                      "Mean=0\nStd=1\nLicense=MIT\n",
                                      -1, NULL));
  g_clear_pointer (&cat, cutout_catalogue_free);
  cat = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (cutout_catalogue_find (cat, NULL, NULL)->name, ==, "Mine");
  g_assert_true (cutout_catalogue_find (cat, NULL, NULL)->is_default);

  /* An empty user catalogue (every import removed) is no error. */
  g_assert_true (g_file_set_contents (path, "# nothing\n", -1, NULL));
  g_clear_pointer (&cat, cutout_catalogue_free);
  cat = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (cutout_catalogue_get_n_models (cat), ==,
                    cutout_catalogue_get_n_models (shipped));
  g_unlink (path);
}

/* A broken user catalogue is an error that names the file and the model,
 * rather than a model of the user's quietly missing. */
static void
test_user_catalogue_broken (void)
{
  const char *texts[] = { "[mine]\nName=Mine\nFile=../mine.onnx\n", "[mine\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *path = write_user_catalogue (texts[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutCatalogue) cat = cutout_catalogue_load_default (&error);

      g_assert_null (cat);
      g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
      if (i == 0)
        g_assert_nonnull (strstr (error->message, "“mine”"));
      g_unlink (path);
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("cutout-catalogue-XXXXXX", NULL);
  int status;

  /* Before anything asks GLib for it: g_get_user_data_dir() keeps the first. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/catalogue/shipped", test_shipped_catalogue);
  g_test_add_func ("/catalogue/shipped-complete", test_shipped_complete);
  g_test_add_func ("/catalogue/shipped-facts", test_shipped_facts);
  g_test_add_func ("/catalogue/other-model", test_parse_other_model);
  g_test_add_func ("/catalogue/optional-keys", test_optional_keys);
  g_test_add_func ("/catalogue/bad", test_bad_catalogues);
  g_test_add_func ("/catalogue/unknown-model", test_unknown_model);
  g_test_add_func ("/catalogue/locate", test_locate);
  g_test_add_func ("/catalogue/user", test_user_catalogue);
  g_test_add_func ("/catalogue/user-broken", test_user_catalogue_broken);
  status = g_test_run ();
  cutout_test_remove_tree (data_home);
  return status;
}
