/* cutout-catalogue.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cutout-catalogue-private.h"
#include "cutout-catalogue.h"
#include "cutout-engine.h"

struct _CutoutCatalogue
{
  GPtrArray *models; /* of CutoutModelInfo */
};

CutoutModelInfo *
cutout_model_info_copy (const CutoutModelInfo *info)
{
  CutoutModelInfo *copy = g_memdup2 (info, sizeof *info);

  copy->id = g_strdup (info->id);
  copy->name = g_strdup (info->name);
  copy->file = g_strdup (info->file);
  copy->sha256 = g_strdup (info->sha256);
  copy->input = g_strdup (info->input);
  copy->output = g_strdup (info->output);
  copy->license = g_strdup (info->license);
  copy->source = g_strdup (info->source);
  copy->description = g_strdup (info->description);
  copy->md5 = g_strdup (info->md5);
  copy->urls = g_strdupv (info->urls);
  /* (is_default, non_commercial and user come with the memdup.) */
  return copy;
}

void
cutout_model_info_free (CutoutModelInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info->name);
  g_free (info->file);
  g_free (info->sha256);
  g_free (info->input);
  g_free (info->output);
  g_free (info->license);
  g_free (info->source);
  g_free (info->description);
  g_free (info->md5);
  g_strfreev (info->urls);
  g_free (info);
}

static gboolean
read_triple (GKeyFile *kf, const char *group, const char *key, double out[3], GError **error)
{
  g_autofree double *values = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize n = 0;

  values = g_key_file_get_double_list (kf, group, key, &n, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* (An empty list, "Mean=", is NULL with no error.) */
  if (values == NULL || (n != 1 && n != 3))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _ ("%s needs 1 or 3 numbers, not %zu"), key, n);
      return FALSE;
    }
  for (int c = 0; c < 3; c++)
    out[c] = values[n == 3 ? c : 0];
  return TRUE;
}

static gboolean
parse_activation (const char *text, CutoutActivation *out, GError **error)
{
  if (g_strcmp0 (text, "none") == 0)
    *out = CUTOUT_ACTIVATION_NONE;
  else if (g_strcmp0 (text, "sigmoid") == 0)
    *out = CUTOUT_ACTIVATION_SIGMOID;
  else if (g_strcmp0 (text, "minmax") == 0)
    *out = CUTOUT_ACTIVATION_MINMAX;
  else
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   _ ("Activation must be none, sigmoid or minmax, not “%s”"), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_model (const CutoutModelInfo *info, GError **error)
{
  const char *why = NULL;

  if (strchr (info->file, '/') != NULL || info->file[0] == '.' || info->file[0] == '\0')
    why = _ ("File must be a plain file name");
  else if (info->input_width < 16 || info->input_width > 4096 || info->input_height < 16
           || info->input_height > 4096)
    why = _ ("InputWidth and InputHeight must be between 16 and 4096");
  else if (info->size < 0)
    why = _ ("Size cannot be negative");
  for (int c = 0; c < 3 && why == NULL; c++)
    if (!isfinite (info->mean[c]) || !isfinite (info->std[c]) || fabs (info->std[c]) < 1e-6)
      why = _ ("Mean and Std must be finite numbers and Std not zero");
  if (why != NULL)
    g_set_error_literal (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE, why);
  return why == NULL;
}

/* One group of a catalogue, checked. */
CutoutModelInfo *
cutout_catalogue_parse_model (GKeyFile *kf, const char *group, GError **error)
{
  g_autoptr (CutoutModelInfo) info = g_new0 (CutoutModelInfo, 1);
  g_autofree char *activation = NULL;
  g_autoptr (GError) local_error = NULL;

  info->id = g_strdup (group);
  if ((info->name = g_key_file_get_locale_string (kf, group, "Name", NULL, error)) == NULL
      || (info->file = g_key_file_get_string (kf, group, "File", error)) == NULL
      || (info->input = g_key_file_get_string (kf, group, "Input", error)) == NULL
      || (info->license = g_key_file_get_string (kf, group, "License", error)) == NULL)
    return NULL;
  info->input_width = g_key_file_get_integer (kf, group, "InputWidth", &local_error);
  if (local_error == NULL)
    info->input_height = g_key_file_get_integer (kf, group, "InputHeight", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (!read_triple (kf, group, "Mean", info->mean, error)
      || !read_triple (kf, group, "Std", info->std, error))
    return NULL;

  activation = g_key_file_get_string (kf, group, "Activation", NULL);
  if (!parse_activation (activation ? activation : "none", &info->activation, error))
    return NULL;
  /* Output= may be left out: most models have one output, and rembg's
   * files give theirs numbers for names ("1959"), which say nothing. */
  info->output = g_key_file_get_string (kf, group, "Output", NULL);
  if (info->output != NULL && info->output[0] == '\0')
    g_clear_pointer (&info->output, g_free);
  info->sha256 = g_key_file_get_string (kf, group, "Sha256", NULL);
  info->source = g_key_file_get_string (kf, group, "Source", NULL);
  info->description = g_key_file_get_locale_string (kf, group, "Description", NULL, NULL);
  info->md5 = g_key_file_get_string (kf, group, "Md5", NULL);
  info->urls = g_key_file_get_string_list (kf, group, "Url", NULL, NULL);
  info->size = g_key_file_get_int64 (kf, group, "Size", NULL);
  info->is_default = g_key_file_get_boolean (kf, group, "Default", NULL);
  info->non_commercial = g_key_file_get_boolean (kf, group, "NonCommercial", NULL);
  if (!check_model (info, error))
    return NULL;
  return g_steal_pointer (&info);
}

/* Adds @info (taken) to @catalogue, in place of a model of the same id.
 * A default named by the user's catalogue wins over the shipped one. */
void
cutout_catalogue_add (CutoutCatalogue *catalogue, CutoutModelInfo *info)
{
  guint i;

  if (info->is_default && info->user)
    for (i = 0; i < catalogue->models->len; i++)
      ((CutoutModelInfo *) g_ptr_array_index (catalogue->models, i))->is_default = FALSE;
  for (i = 0; i < catalogue->models->len; i++)
    if (g_str_equal (((CutoutModelInfo *) g_ptr_array_index (catalogue->models, i))->id, info->id))
      break;
  if (i < catalogue->models->len)
    {
      CutoutModelInfo *old = g_ptr_array_index (catalogue->models, i);
      /* The default model given again stays the default. */
      info->is_default = info->is_default || old->is_default;
      cutout_model_info_free (old);
      g_ptr_array_index (catalogue->models, i) = info;
    }
  else
    g_ptr_array_add (catalogue->models, info);
}

/* Every group of @kf into @catalogue; the error names the first bad one. */
static gboolean
add_models (CutoutCatalogue *catalogue, GKeyFile *kf, gboolean user, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      g_autoptr (GError) local_error = NULL;
      CutoutModelInfo *info = cutout_catalogue_parse_model (kf, groups[i], &local_error);
      if (info == NULL)
        {
          g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                       _ ("model “%s” in the catalogue: %s"), groups[i], local_error->message);
          return FALSE;
        }
      info->user = user;
      cutout_catalogue_add (catalogue, info);
    }
  return TRUE;
}

static CutoutCatalogue *
catalogue_new (void)
{
  CutoutCatalogue *catalogue = g_new0 (CutoutCatalogue, 1);

  catalogue->models = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_model_info_free);
  return catalogue;
}

static gboolean
check_not_empty (CutoutCatalogue *catalogue, GError **error)
{
  if (catalogue->models->len > 0)
    return TRUE;
  g_set_error_literal (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                       _ ("the model catalogue lists no models"));
  return FALSE;
}

CutoutCatalogue *
cutout_catalogue_new_from_data (const char *data, gsize length, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (CutoutCatalogue) catalogue = catalogue_new ();

  if (!g_key_file_load_from_data (kf, data, length, G_KEY_FILE_NONE, error)
      || !add_models (catalogue, kf, FALSE, error) || !check_not_empty (catalogue, error))
    return NULL;
  return g_steal_pointer (&catalogue);
}

/* Reads the catalogue at @path into @catalogue; the error names the file. */
static gboolean
add_file (CutoutCatalogue *catalogue, const char *path, gboolean user, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error)
      || !add_models (catalogue, kf, user, &local_error))
    {
      g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                   _ ("Cannot read the model catalogue %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

CutoutCatalogue *
cutout_catalogue_new_from_file (const char *path, GError **error)
{
  g_autoptr (CutoutCatalogue) catalogue = catalogue_new ();
  g_autoptr (GError) local_error = NULL;

  if (!add_file (catalogue, path, FALSE, error))
    return NULL;
  if (!check_not_empty (catalogue, &local_error))
    {
      g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                   _ ("Cannot read the model catalogue %s: %s"), path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&catalogue);
}

/* The user's own catalogue, in the same format as the shipped one: models
 * imported (cutout_catalogue_import_model()) or written there by hand. */
char *
cutout_catalogue_user_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "cutout", "models.ini", NULL);
}

/* The shipped catalogue, then the user's, whose models add to it or take
 * the place of a shipped one of the same id. $CUTOUT_DATA_DIR (set by
 * `meson devenv` and the tests) wins over the installed copy in the
 * configured prefix. A broken user catalogue is an error naming it and the
 * model: leaving out a model the user added would be a worse surprise. */
CutoutCatalogue *
cutout_catalogue_load_default (GError **error)
{
  const char *dir = g_getenv ("CUTOUT_DATA_DIR");
  g_autofree char *path = g_build_filename (dir ? dir : PKGDATADIR, "models.ini", NULL);
  g_autofree char *user_path = cutout_catalogue_user_path ();
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_new_from_file (path, error);

  if (catalogue == NULL)
    return NULL;
  if (g_file_test (user_path, G_FILE_TEST_EXISTS) && !add_file (catalogue, user_path, TRUE, error))
    return NULL;
  return g_steal_pointer (&catalogue);
}

void
cutout_catalogue_free (CutoutCatalogue *catalogue)
{
  if (catalogue == NULL)
    return;
  g_ptr_array_unref (catalogue->models);
  g_free (catalogue);
}

guint
cutout_catalogue_get_n_models (CutoutCatalogue *catalogue)
{
  return catalogue->models->len;
}

const CutoutModelInfo *
cutout_catalogue_get_model (CutoutCatalogue *catalogue, guint index)
{
  g_return_val_if_fail (index < catalogue->models->len, NULL);
  return g_ptr_array_index (catalogue->models, index);
}

/* @id NULL: the default model (the first one marked Default, else the first). */
const CutoutModelInfo *
cutout_catalogue_find (CutoutCatalogue *catalogue, const char *id, GError **error)
{
  g_autoptr (GString) known = g_string_new (NULL);

  for (guint i = 0; i < catalogue->models->len; i++)
    {
      const CutoutModelInfo *info = g_ptr_array_index (catalogue->models, i);
      if (id == NULL ? info->is_default : g_strcmp0 (info->id, id) == 0)
        return info;
      g_string_append_printf (known, "%s%s", i ? ", " : "", info->id);
    }
  if (id == NULL)
    return g_ptr_array_index (catalogue->models, 0);
  g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING,
               _ ("no model called “%s” (known models: %s)"), id, known->str);
  return NULL;
}

/* Where downloaded and imported models go: $XDG_DATA_HOME/cutout/models. */
char *
cutout_model_download_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "cutout", "models", NULL);
}

/* Where model files are looked for, in order: $CUTOUT_MODEL_DIR, the user's
 * $XDG_DATA_HOME/cutout/models, the folder configured at build time
 * (-Dmodel_dir, the set-up script's cache), and the installed data folder. */
char **
cutout_model_search_dirs (void)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  const char *env = g_getenv ("CUTOUT_MODEL_DIR");
  g_autofree char *user = cutout_model_download_dir ();
  g_autofree char *installed = g_build_filename (PKGDATADIR, "models", NULL);

  if (env != NULL && *env != '\0')
    g_strv_builder_add (builder, env);
  g_strv_builder_add (builder, user);
  if (CUTOUT_MODEL_DIR[0] != '\0')
    g_strv_builder_add (builder, CUTOUT_MODEL_DIR);
  g_strv_builder_add (builder, installed);
  return g_strv_builder_end (builder);
}

/* Finds the model's file in the search folders; the error says where it looked
 * and how to get the model. */
char *
cutout_model_info_locate (const CutoutModelInfo *info, GError **error)
{
  g_auto (GStrv) dirs = cutout_model_search_dirs ();
  g_autofree char *looked = NULL;

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], info->file, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  looked = g_strjoinv (", ", dirs);
  g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING,
               _ ("The model file %s (%s) is missing. Cutout looked in: %s. Run "
                  "build-aux/cutout-setup to download it, or copy it into %s/cutout/models."),
               info->file, info->name, looked, g_get_user_data_dir ());
  return NULL;
}
