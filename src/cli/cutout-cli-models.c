/* cutout-cli-models.c: --list-models, --import-model and --remove-model
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cutout-catalogue.h"
#include "cutout-cli.h"

static int
fail (const char *message)
{
  g_printerr ("cutout-cli: %s\n", message);
  return EXIT_SOME_FAILED;
}

/* The models commands go alone: with images to cut out, or with each
 * other, which of them ran would be a guess. */
gboolean
cutout_cli_check_model_usage (Options *o, GError **error)
{
  int n = !!o->list_models + (o->import_model != NULL) + (o->remove_model != NULL);

  if (n > 1)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("use one of --list-models, --import-model and --remove-model"));
  else if (n == 1 && o->inputs != NULL && o->inputs[0] != NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("--list-models, --import-model and --remove-model take no images"));
  else if (o->import_model != NULL && o->import_name == NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("--import-model needs --name, the name to use the model by"));
  else if (o->import_model == NULL && (o->import_name != NULL || o->like != NULL))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("--name and --like go with --import-model"));
  else
    return TRUE;
  return FALSE;
}

/* The model's size in MB: the catalogue's, else its file's, else unknown. */
static char *
format_size (const CutoutModelInfo *info, const char *path)
{
  goffset size = info->size;
  GStatBuf st;

  if (size == 0 && path != NULL && g_stat (path, &st) == 0)
    size = st.st_size;
  if (size == 0)
    return g_strdup (_ ("size unknown"));
  /* Translators: a model file's size in megabytes */
  return g_strdup_printf (_ ("%.1f MB"), size / 1e6);
}

static void
print_model (const CutoutModelInfo *info)
{
  g_autofree char *path = cutout_model_info_locate (info, NULL);
  g_autofree char *size = format_size (info, path);
  g_autofree char *state
      = path ? g_strdup_printf (_ ("installed: %s"), path) : g_strdup (_ ("not installed"));

  g_print ("%s  %s%s%s\n", info->id, info->name, info->is_default ? _ (" (default)") : "",
           info->user ? _ (" (yours)") : "");
  g_print ("    %s\n", state);
  /* Translators: size, licence, the model's input size; then, for some, a warning */
  g_print (_ ("    %s, licence %s%s, %d×%d\n"), size, info->license,
           info->non_commercial ? _ (" (non-commercial use only)") : "", info->input_width,
           info->input_height);
  if (info->description != NULL)
    g_print ("    %s\n", info->description);
}

int
cutout_cli_list_models (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);

  if (catalogue == NULL)
    return fail (error->message);
  for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
    print_model (cutout_catalogue_get_model (catalogue, i));
  return EXIT_ALL_DONE;
}

int
cutout_cli_import_model (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autofree char *path = NULL;
  g_autofree char *user = cutout_catalogue_user_path ();
  g_autofree char *shown = g_filename_display_name (o->import_model);

  if (catalogue == NULL)
    return fail (error->message);
  if (!cutout_catalogue_import_model (catalogue, o->import_model, o->import_name, o->import_name,
                                      o->like, &path, &error))
    {
      g_autofree char *message
          /* Translators: %s: a file; %s: why it cannot be imported */
          = g_strdup_printf (_ ("cannot import %s: %s"), shown, error->message);
      return fail (message);
    }
  if (!o->quiet)
    g_print (_ ("Imported %s as the model “%s”: %s, listed in %s. Use it with --model %s.\n"),
             shown, o->import_name, path, user, o->import_name);
  return EXIT_ALL_DONE;
}

int
cutout_cli_remove_model (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  const CutoutModelInfo *info;

  if (catalogue == NULL
      || (info = cutout_catalogue_find (catalogue, o->remove_model, &error)) == NULL
      || !cutout_catalogue_remove_model (info, &error))
    {
      g_autofree char *message
          /* Translators: %s: a model's name; %s: why it cannot be removed */
          = g_strdup_printf (_ ("cannot remove the model “%s”: %s"), o->remove_model,
                             error->message);
      return fail (message);
    }
  if (!o->quiet)
    g_print (_ ("Removed the model “%s”.\n"), o->remove_model);
  return EXIT_ALL_DONE;
}

/* The engine for @model (a catalogue id, or NULL: the default), for a run
 * or the server. */
CutoutEngine *
cutout_cli_load_engine (const char *model, GError **error)
{
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (error);
  const CutoutModelInfo *info;

  if (catalogue == NULL)
    return NULL;
  info = cutout_catalogue_find (catalogue, model, error);
  if (info == NULL)
    return NULL;
  return cutout_engine_new (info, 0, error);
}
