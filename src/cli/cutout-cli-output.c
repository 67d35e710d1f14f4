/* cutout-cli-output.c: where cutout-cli writes its results
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-cli.h"
#include "cutout-id-photo.h"

/* Whether writing at @path would replace one of the inputs, by whatever
 * name or link: an input is never written over. */
gboolean
cutout_cli_is_input (Options *o, const char *path)
{
  return cutout_inputs_find (o->input_files, path) != NULL;
}

/* Whether this run may write at @path: no earlier result of the run has
 * the name, it is no input, and (with --print-sheet) neither is the sheet
 * that goes beside it. */
static gboolean
output_is_free (Options *o, const char *path)
{
  g_autofree char *sheet = o->id_photo && o->print_sheet ? cutout_id_sheet_path (path) : NULL;

  if (g_hash_table_contains (o->outputs_taken, path) || cutout_cli_is_input (o, path))
    return FALSE;
  return sheet == NULL
         || (!g_hash_table_contains (o->outputs_taken, sheet) && !cutout_cli_is_input (o, sheet));
}

/* NAME-cutout.png (or NAME-mask.png, NAME-id.jpg, NAME-product.jpg) in
 * the output folder or beside the input; a name already used in this run, or that is one of the
 * inputs, gets a number (NAME-cutout-2.png). */
/* The folder results go to without -o, -d or --zip: the input's, or the
 * current one for a photo downloaded from a URL. */
static char *
beside (Options *o, const char *input)
{
  if (cutout_cli_fetched_url (o, input) != NULL)
    return g_strdup (".");
  return g_path_get_dirname (input);
}

char *
cutout_cli_output_path_for (Options *o, const char *input)
{
  const char *where = o->zip_dir ? o->zip_dir : o->output_dir;
  g_autofree char *dir = where ? g_strdup (where) : beside (o, input);
  const char *suffix = o->product                               ? "product"
                       : o->id_photo                            ? "id"
                       : o->export.format == CUTOUT_FORMAT_MASK ? "mask"
                                                                : "cutout";
  const char *ext = cutout_format_get_extension (o->export.format);
  char *path = NULL;

  if (o->output != NULL)
    return g_strdup (o->output);
  for (int i = 1; path == NULL || !output_is_free (o, path); i++)
    {
      g_autofree char *name = cutout_output_name (input, suffix, ext, i);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  g_hash_table_add (o->outputs_taken, g_strdup (path));
  if (o->id_photo && o->print_sheet)
    g_hash_table_add (o->outputs_taken, cutout_id_sheet_path (path));
  return path;
}

/* Whether results can be written beside @input (no -o, -d or --zip): told
 * once per folder, before the photo is cut out. */
gboolean
cutout_cli_check_beside (Options *o, const char *input, GError **error)
{
  g_autofree char *dir = beside (o, input);
  const char *why;

  if (o->output != NULL || o->output_dir != NULL || o->zip != NULL)
    return TRUE;
  why = g_hash_table_lookup (o->dir_writable, dir);
  if (why == NULL)
    {
      g_autoptr (GError) local = NULL;
      why = cutout_cli_check_writable (dir, &local) ? "" : local->message;
      g_hash_table_insert (o->dir_writable, g_strdup (dir), g_strdup (why));
      why = g_hash_table_lookup (o->dir_writable, dir);
    }
  if (*why == '\0')
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _ ("%s (write the results elsewhere with -d DIR)"), why);
  return FALSE;
}

/* With --zip, results are written to a folder of their own in the user's
 * cache, then stored in the archive. */
gboolean
cutout_cli_make_zip_dir (Options *o, GError **error)
{
  for (guint i = 0; o->inputs[i] != NULL; i++)
    if (cutout_same_file (o->inputs[i], o->zip))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _ ("the ZIP file %s is an input; Cutout never overwrites an input"), o->zip);
        return FALSE;
      }
  o->zip_dir = cutout_export_zip_workdir (o->zip, error);
  return o->zip_dir != NULL;
}
