/* cutout-cli-fetch.c: inputs given as http(s) URLs, downloaded first
 *
 * Each URL is fetched (cutout-fetch.c: its limits, and no loopback,
 * private or link-local address without --allow-private-urls) into a
 * folder of its own under a temporary folder, by the last part of its
 * path, and becomes that file for the run; its result goes into the
 * current folder (or -d's), named after it. Messages name the URL.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>

#include "cutout-cli.h"
#include "cutout-fetch.h"

/* Downloads @url into a folder of its own in o->fetch_dir. */
static char *
fetch_one (Options *o, const char *url, guint index, GError **error)
{
  CutoutFetchFlags flags = o->allow_private_urls ? CUTOUT_FETCH_ALLOW_PRIVATE : CUTOUT_FETCH_NONE;
  g_autoptr (GBytes) bytes = NULL;
  g_autofree char *number = g_strdup_printf ("%u", index);
  g_autofree char *dir = g_build_filename (o->fetch_dir, number, NULL);
  g_autofree char *name = cutout_fetch_url_basename (url);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize size;
  const char *data;

  bytes = cutout_fetch_url_sync (url, flags, NULL, error);
  if (bytes == NULL)
    return NULL;
  if (g_mkdir (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", dir, g_strerror (errno));
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents (path, data, size, error))
    return NULL;
  return g_steal_pointer (&path);
}

/* Replaces every URL among the inputs by the file it was downloaded to;
 * one that fails is told and left out. Gives how many failed. */
guint
cutout_cli_fetch_inputs (Options *o)
{
  g_autoptr (GPtrArray) kept = g_ptr_array_new ();
  guint n_failed = 0;

  for (guint i = 0; o->inputs[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      char *path;

      if (!cutout_fetch_is_url (o->inputs[i]))
        {
          g_ptr_array_add (kept, o->inputs[i]);
          continue;
        }
      if (o->fetch_dir == NULL)
        o->fetch_dir = g_dir_make_tmp ("cutout-cli-XXXXXX", &error);
      path = o->fetch_dir ? fetch_one (o, o->inputs[i], i, &error) : NULL;
      if (path == NULL)
        {
          /* The message names the URL (and the HTTP status, if any). */
          g_printerr ("cutout-cli: %s\n", error->message);
          g_free (o->inputs[i]);
          n_failed++;
          continue;
        }
      g_hash_table_insert (o->fetched, g_strdup (path), o->inputs[i]);
      g_ptr_array_add (kept, path);
    }
  g_ptr_array_add (kept, NULL);
  g_free (o->inputs);
  o->inputs = (char **) g_ptr_array_steal (kept, NULL);
  return n_failed;
}

/* The URL @input was downloaded from, or NULL. */
const char *
cutout_cli_fetched_url (Options *o, const char *input)
{
  return o->fetched ? g_hash_table_lookup (o->fetched, input) : NULL;
}

/* Removes the downloaded files and their folders. */
void
cutout_cli_fetch_cleanup (Options *o)
{
  GHashTableIter iter;
  gpointer path;

  if (o->fetch_dir == NULL)
    return;
  g_hash_table_iter_init (&iter, o->fetched);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_unlink (path);
      g_rmdir (dir);
    }
  g_rmdir (o->fetch_dir);
}
