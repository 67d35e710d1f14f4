/* test-models.c: models imported and removed, by the core and by
 * cutout-cli, on tiny ONNX graphs (make-tiny-models.py)
 *
 * XDG_DATA_HOME (the user's catalogue and the download folder) and
 * CUTOUT_MODEL_DIR (a model installed by someone else) are folders of the
 * test's own, which cutout-cli inherits.
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

static char *models_dir; /* the tiny graphs */
static char *system_dir; /* $CUTOUT_MODEL_DIR */
static char *skip_why;

static char *
tiny (const char *name)
{
  return g_strconcat (models_dir, "/", name, ".onnx", NULL);
}

static CutoutCatalogue *
load_catalogue (void)
{
  g_autoptr (GError) error = NULL;
  CutoutCatalogue *catalogue = cutout_catalogue_load_default (&error);

  g_assert_no_error (error);
  return catalogue;
}

/* The download folder holds exactly @expected (a NULL-terminated list):
 * no temporary file is left behind. */
static void
assert_download_dir (const char *const *expected)
{
  g_autofree char *dir = cutout_model_download_dir ();
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_assert_true (g_strv_contains (expected, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) expected));
}

static gboolean
user_catalogue_has (const char *id)
{
  g_autofree char *path = cutout_catalogue_user_path ();
  g_autoptr (GKeyFile) kf = g_key_file_new ();

  return g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL)
         && g_key_file_has_group (kf, id);
}

static void
remove_quietly (const char *id)
{
  g_autoptr (CutoutCatalogue) catalogue = load_catalogue ();
  const CutoutModelInfo *info = cutout_catalogue_find (catalogue, id, NULL);

  if (info != NULL)
    cutout_catalogue_remove_model (info, NULL);
}

/* A model like the default one (ISNet's names and size) is copied, never
 * changed at its source, listed in the user's catalogue with its checksum
 * and the default model's preprocessing, and loads. */
static void
test_import (void)
{
  g_autofree char *source = tiny ("like-isnet");
  g_autofree char *sum = cutout_test_checksum (source);
  g_autoptr (CutoutCatalogue) catalogue = load_catalogue ();
  g_autoptr (CutoutCatalogue) again = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL, *copied = NULL, *original = NULL;
  const CutoutModelInfo *info, *like;
  gsize copied_len, original_len;
  GStatBuf before, after;
  const char *const files[] = { "mine.onnx", NULL };

  g_assert_no_errno (g_stat (source, &before));
  g_assert_true (
      cutout_catalogue_import_model (catalogue, source, "mine", "My model", NULL, &path, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "/cutout/models/mine.onnx"));
  g_assert_true (g_file_get_contents (path, &copied, &copied_len, NULL));
  g_assert_true (g_file_get_contents (source, &original, &original_len, NULL));
  g_assert_cmpmem (copied, copied_len, original, original_len);
  g_assert_no_errno (g_stat (source, &after));
  g_assert_cmpint (after.st_mtime, ==, before.st_mtime);
  g_assert_cmpstr (cutout_test_checksum (source), ==, sum);
  assert_download_dir (files);

  /* In the catalogue given, and in the user's on disk. */
  info = cutout_catalogue_find (catalogue, "mine", &error);
  g_assert_no_error (error);
  g_assert_true (info->user);
  again = load_catalogue ();
  info = cutout_catalogue_find (again, "mine", &error);
  like = cutout_catalogue_find (again, NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (info->user);
  g_assert_cmpstr (info->name, ==, "My model");
  g_assert_cmpstr (info->file, ==, "mine.onnx");
  g_assert_cmpstr (info->sha256, ==, sum);
  g_assert_cmpint (info->size, ==, original_len);
  g_assert_cmpstr (info->input, ==, like->input);
  g_assert_cmpstr (info->output, ==, like->output);
  g_assert_cmpint (info->input_width, ==, like->input_width);
  g_assert_cmpfloat (info->mean[1], ==, like->mean[1]);
  g_assert_cmpfloat (info->std[2], ==, like->std[2]);
  g_assert_cmpint (info->activation, ==, like->activation);
  g_assert_cmpstr (info->license, ==, "NOASSERTION");
  g_assert_false (info->is_default);
  g_assert_false (like->user);

  engine = cutout_engine_new (info, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (engine);

  /* Removed: the file and the entry. */
  g_assert_true (cutout_catalogue_remove_model (info, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (user_catalogue_has ("mine"));
  g_clear_pointer (&again, cutout_catalogue_free);
  again = load_catalogue ();
  g_assert_null (cutout_catalogue_find (again, "mine", NULL));
}

/* What an import refuses, and that a refused import leaves nothing. */
static void
test_import_refused (void)
{
  g_autofree char *good = tiny ("like-isnet");
  g_autofree char *small = tiny ("first-channel");
  g_autofree char *garbage = g_build_filename (system_dir, "garbage.onnx", NULL);
  const struct
  {
    const char *file, *id, *like;
    GQuark domain;
    int code;
    const char *says;
  } cases[] = {
    { good, "isnet-small", NULL, G_IO_ERROR, G_IO_ERROR_EXISTS, "one of Cutout's own" },
    { good, "taken", NULL, G_IO_ERROR, G_IO_ERROR_EXISTS, "already a model called “taken”" },
    { good, "BiRefNet-general-epoch_244", NULL, G_IO_ERROR, G_IO_ERROR_EXISTS, "file name" },
    { good, "../up", NULL, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot name a model" },
    { good, "", NULL, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot name a model" },
    { good, "-x", NULL, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot name a model" },
    { good, "a b", NULL, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "cannot name a model" },
    { good, "other", "nope", CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING, "“nope”" },
    { "/nonexistent.onnx", "other", NULL, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "nonexistent" },
    { "/", "other", NULL, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "not a file" },
    { garbage, "other", NULL, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID,
      "cannot open it as a model" },
    /* ONNX Runtime's message names the user's file, not the copy's. */
    { garbage, "other", NULL, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID, garbage },
    { small, "other", NULL, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID,
      "[1, 3, 32, 32], the catalogue says [1, 3, 1024, 1024]" },
    { small, "other", "u2netp", CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID,
      "“u2netp”" },
  };
  g_autoptr (CutoutCatalogue) catalogue = load_catalogue ();
  const char *const files[] = { "taken.onnx", NULL };

  g_assert_true (g_file_set_contents (garbage, "not a model at all", -1, NULL));
  g_assert_true (cutout_catalogue_import_model (catalogue, good, "taken", NULL, NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = NULL;

      g_assert_false (cutout_catalogue_import_model (catalogue, cases[i].file, cases[i].id, NULL,
                                                     cases[i].like, &path, &error));
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_test_message ("%s as %s: %s", cases[i].file, cases[i].id, error->message);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s” does not say “%s”", error->message, cases[i].says);
      g_assert_null (path);
      assert_download_dir (files);
      g_assert_false (user_catalogue_has ("other"));
    }
  g_unlink (garbage);
  remove_quietly ("taken");
  assert_download_dir ((const char *const[]){ NULL });
}

/* Only files in the download folder are deleted: a model installed in
 * another folder is refused and kept. */
static void
test_remove (void)
{
  g_autoptr (CutoutCatalogue) catalogue = load_catalogue ();
  g_autofree char *download_dir = cutout_model_download_dir ();
  g_autofree char *installed = g_build_filename (system_dir, "isnet-small.onnx", NULL);
  g_autofree char *downloaded = g_build_filename (download_dir, "u2netp.onnx", NULL);
  g_autoptr (GError) error = NULL;
  const CutoutModelInfo *small = cutout_catalogue_find (catalogue, "isnet-small", NULL);
  const CutoutModelInfo *u2netp = cutout_catalogue_find (catalogue, "u2netp", NULL);
  const CutoutModelInfo *silueta = cutout_catalogue_find (catalogue, "silueta", NULL);

  g_assert_true (g_file_set_contents (installed, "x", 1, NULL));
  g_assert_false (cutout_catalogue_remove_model (small, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, installed));
  g_assert_true (g_file_test (installed, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_no_errno (g_mkdir_with_parents (download_dir, 0755));
  g_assert_true (g_file_set_contents (downloaded, "x", 1, NULL));
  g_assert_true (cutout_catalogue_remove_model (u2netp, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (downloaded, G_FILE_TEST_EXISTS));

  g_assert_false (cutout_catalogue_remove_model (silueta, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_unlink (installed);
}

/* The same through cutout-cli: exit statuses and what it says. */
static void
test_cli (void)
{
  g_autofree char *source = tiny ("like-isnet");
  g_autofree char *garbage = g_build_filename (system_dir, "garbage.onnx", NULL);
  g_autofree char *installed = g_build_filename (system_dir, "isnet-small.onnx", NULL);
  g_autofree char *download_dir = cutout_model_download_dir ();
  g_autofree char *copy = g_build_filename (download_dir, "mine.onnx", NULL);
  g_autofree char *photo = cutout_test_write_half_photo (system_dir, "half.png", 400, 300);
  g_autofree char *cutout = g_build_filename (system_dir, "half-cutout.png", NULL);

  g_assert_true (g_file_set_contents (garbage, "not a model", -1, NULL));
  g_assert_true (g_file_set_contents (installed, "x", 1, NULL));
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--import-model", source, "--name", "mine", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, copy));
    g_assert_nonnull (strstr (r.out, "--model mine"));
    g_assert_true (g_file_test (copy, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--list-models", NULL);
    g_autofree char *state = g_strdup_printf ("installed: %s", copy);
    g_autofree char *other = g_strdup_printf ("installed: %s", installed);
    g_test_message ("%s", r.out);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "\nmine  mine (yours)\n"));
    g_assert_nonnull (strstr (r.out, state));
    g_assert_nonnull (strstr (r.out, other));
    g_assert_nonnull (strstr (r.out, "isnet-medium  ISNet (medium, fp16) (default)\n"));
    g_assert_nonnull (strstr (r.out, "88.2 MB, licence AGPL-3.0, 1024×1024\n"));
    g_assert_nonnull (strstr (r.out, "licence CC-BY-NC-4.0 (non-commercial use only)"));
    g_assert_nonnull (strstr (r.out, "    not installed\n"));
    g_assert_nonnull (strstr (r.out, "    Good all-round quality at a moderate speed\n"));
  }
  {
    /* The imported model cuts out (its mask is nonsense, its run is not). */
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--model", "mine", "-q", photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_test (cutout, G_FILE_TEST_IS_REGULAR));
  }
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--import-model", source, "--name", "mine", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "already a model called “mine”"));
  }
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--import-model", garbage, "--name", "junk", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "cannot import"));
    g_assert_nonnull (strstr (r.err, garbage));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--import-model", source, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "needs --name"));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--like", "u2net", photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--remove-model", "mine", photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--remove-model", "isnet-small", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "only deletes the models it downloaded or imported"));
    g_assert_true (g_file_test (installed, G_FILE_TEST_EXISTS));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--remove-model", "nope", NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "no model called “nope”"));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--remove-model", "mine", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
    g_assert_false (user_catalogue_has ("mine"));
  }
  g_unlink (garbage);
  g_unlink (installed);
  g_unlink (photo);
  g_unlink (cutout);
}

static void
test_skip (void)
{
  g_test_skip (skip_why);
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("cutout-models-home-XXXXXX", NULL);
  int status;

  /* Before anything asks GLib for it: g_get_user_data_dir() keeps the first. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  system_dir = g_dir_make_tmp ("cutout-models-system-XXXXXX", NULL);
  g_setenv ("CUTOUT_MODEL_DIR", system_dir, TRUE);
  g_test_init (&argc, &argv, NULL);
  models_dir = cutout_test_make_tiny_models (&skip_why);
  if (models_dir == NULL)
    {
      g_test_add_func ("/models/skipped", test_skip);
      status = g_test_run ();
    }
  else
    {
      g_test_add_func ("/models/import", test_import);
      g_test_add_func ("/models/import-refused", test_import_refused);
      g_test_add_func ("/models/remove", test_remove);
      g_test_add_func ("/models/cli", test_cli);
      status = g_test_run ();
      cutout_test_remove_tree (models_dir);
    }
  cutout_test_remove_tree (data_home);
  cutout_test_remove_tree (system_dir);
  g_free (models_dir);
  g_free (system_dir);
  return status;
}
