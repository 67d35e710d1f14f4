/* cutout-export-zip.c: ZIP archives of results
 *
 * A batch's results are written to a work folder of their own in the
 * user's cache, then stored in the archive and removed. Never beside the
 * archive: the sandbox's file chooser portal grants only the file chosen.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

#include "cutout-export.h"

static void
set_zip_error (GError **error, const char *path, zip_error_t *zerr)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (zip_error_code_system (zerr)),
               _ ("Cannot write %s: %s"), path, zip_error_strerror (zerr));
}

static int
zip_cancel_cb (zip_t *zip, void *data)
{
  return g_cancellable_is_cancelled (data);
}

/* @name as an archive member's name: UTF-8, as ZIP's UTF-8 flag says it is,
 * and not one already in the archive (@taken). A file name that is not
 * UTF-8 (a photo named on an old system) is stored as GLib shows it, so
 * one such name never costs the whole archive. */
static char *
zip_member_name (const char *name, GHashTable *taken)
{
  g_autofree char *shown = g_filename_display_name (name);
  g_autofree char *stem = g_strdup (shown);
  char *dot = strrchr (stem, '.');
  const char *ext = "";
  char *member = g_strdup (shown);

  if (dot != NULL && dot != stem)
    {
      ext = dot + 1;
      *dot = '\0';
    }
  for (int i = 2; g_hash_table_contains (taken, member); i++)
    {
      g_free (member);
      member
          = *ext ? g_strdup_printf ("%s-%d.%s", stem, i, ext) : g_strdup_printf ("%s-%d", stem, i);
    }
  g_hash_table_add (taken, g_strdup (member));
  return member;
}

/* Writes the ZIP archive @path holding @files (NULL-terminated), each under
 * the name in @names. The files are read from disk as the archive is
 * written, never all held in memory; they are stored as they are (images
 * are compressed already). libzip writes to a temporary file and renames it
 * into place once complete, so a failure or a cancellation (checked
 * between members) leaves nothing behind. */
gboolean
cutout_export_zip (const char *path,
                   const char *const *files,
                   const char *const *names,
                   GCancellable *cancellable,
                   GError **error)
{
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  zip_t *zip;
  zip_error_t zerr;
  int code = 0;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  zip = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (zip == NULL)
    {
      zip_error_init_with_code (&zerr, code);
      set_zip_error (error, path, &zerr);
      zip_error_fini (&zerr);
      return FALSE;
    }
  if (cancellable != NULL)
    zip_register_cancel_callback_with_state (zip, zip_cancel_cb, NULL, cancellable);
  for (guint i = 0; files[i] != NULL; i++)
    {
      g_autofree char *member = zip_member_name (names[i], taken);
      zip_source_t *source = zip_source_file (zip, files[i], 0, -1);
      zip_int64_t index = source ? zip_file_add (zip, member, source, ZIP_FL_ENC_UTF_8) : -1;
      if (index < 0)
        {
          if (source != NULL)
            zip_source_free (source);
          set_zip_error (error, path, zip_get_error (zip));
          zip_discard (zip);
          return FALSE;
        }
      zip_set_file_compression (zip, index, ZIP_CM_STORE, 0);
    }
  if (zip_close (zip) != 0)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        set_zip_error (error, path, zip_get_error (zip));
      zip_discard (zip);
      return FALSE;
    }
  return TRUE;
}

/* A folder of its own in the user's cache, where the results wait to be
 * stored in the archive @zip_path. Never beside the archive: inside the
 * Flatpak sandbox, the file chooser's portal grants the one file chosen,
 * and a folder made beside it fails (and would be a second thing the user
 * did not choose). Only the archive itself is written there. */
char *
cutout_export_zip_workdir (const char *zip_path, GError **error)
{
  g_autofree char *parent = g_build_filename (g_get_user_cache_dir (), "cutout", NULL);
  char *dir = g_build_filename (parent, "zip-XXXXXX", NULL);

  if (g_mkdir_with_parents (parent, 0700) != 0 || g_mkdtemp (dir) == NULL)
    {
      int errsv = errno;
      g_autofree char *shown = g_filename_display_name (parent);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
                   /* Translators: %s: the archive; %s: a folder; %s: the reason */
                   _ ("Cannot write %s: its images cannot be prepared in %s: %s"), zip_path, shown,
                   g_strerror (errsv));
      g_free (dir);
      return NULL;
    }
  return dir;
}

/* Removes the @files (paths) written in @dir, and @dir. */
void
cutout_export_remove_workdir (const char *dir, GPtrArray *files)
{
  for (guint i = 0; i < files->len; i++)
    g_unlink (files->pdata[i]);
  g_rmdir (dir);
}

/* Stores @files (paths), written in the work folder @dir that
 * cutout_export_zip_workdir() made, in the ZIP archive @path, each under
 * its own name; then removes them and @dir, whether the archive could be
 * written or not. What the app's and the CLI's archives are made with. */
gboolean
cutout_export_zip_results (
    const char *path, const char *dir, GPtrArray *files, GCancellable *cancellable, GError **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new ();
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  for (guint i = 0; i < files->len; i++)
    {
      g_ptr_array_add (list, files->pdata[i]);
      g_ptr_array_add (names, g_path_get_basename (files->pdata[i]));
    }
  g_ptr_array_add (list, NULL);
  g_ptr_array_add (names, NULL);
  ok = cutout_export_zip (path, (const char *const *) list->pdata,
                          (const char *const *) names->pdata, cancellable, error);
  cutout_export_remove_workdir (dir, files);
  return ok;
}
