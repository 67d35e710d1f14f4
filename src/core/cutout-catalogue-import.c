/* cutout-catalogue-import.c: the user's own models, imported and removed
 *
 * An imported model is a copy of the user's file in the download folder
 * ($XDG_DATA_HOME/cutout/models), named after its id, and an entry in the
 * user's catalogue ($XDG_DATA_HOME/cutout/models.ini) that takes its
 * preprocessing from a model Cutout knows. Both are written to a temporary
 * file and renamed into place: an import that fails or is interrupted
 * leaves neither half. The user's file is only ever read.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cutout-catalogue-private.h"
#include "cutout-catalogue.h"
#include "cutout-engine.h"

/* An id is a group name of the catalogue and the stem of a file name, and
 * what --model takes: letters, digits, '.', '_' and '-', starting with a
 * letter or digit (not a hidden file, not an option). */
static gboolean
check_id (CutoutCatalogue *catalogue, const char *id, const char *file, GError **error)
{
  gboolean plain = g_ascii_isalnum (id[0]) && strlen (id) <= 64;

  for (const char *p = id; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("._-", *p) != NULL;
  if (!plain)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("“%s” cannot name a model: use up to 64 letters, digits, ‘.’, ‘_’ and ‘-’, "
                      "starting with a letter or digit"),
                   id);
      return FALSE;
    }
  for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
    {
      const CutoutModelInfo *info = cutout_catalogue_get_model (catalogue, i);
      if (g_str_equal (info->id, id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       info->user ? _ ("there is already a model called “%s”: remove it first")
                                  : _ ("“%s” is one of Cutout's own models: choose another name"),
                       id);
          return FALSE;
        }
      /* Another model's file would be taken for this one's, or replaced. */
      if (g_str_equal (info->file, file))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                       _ ("the model “%s” already uses the file name %s: choose another name"),
                       info->id, file);
          return FALSE;
        }
    }
  return TRUE;
}

/* The message of @format (a file or folder's name its one argument),
 * then why: errno @saved. */
static gboolean G_GNUC_PRINTF (3, 4) io_error (GError **error, int saved, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: %s: what failed (“cannot open FILE”); %s: why */
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _ ("%s: %s"), what,
               g_strerror (saved));
  return FALSE;
}

/* 0, or errno. */
static int
write_all (int fd, const guint8 *buf, gsize n)
{
  while (n > 0)
    {
      gssize w = write (fd, buf, n);
      if (w < 0 && errno != EINTR)
        return errno;
      if (w > 0)
        buf += w, n -= w;
    }
  return 0;
}

/* @path opened for reading, or -1. Opened without blocking and checked
 * to be a regular file before anything is read: a named pipe would hang
 * the import, a device never end it. */
static int
open_regular (const char *path, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  GStatBuf st;

  if (fd < 0)
    {
      io_error (error, errno, _ ("cannot open %s"), path);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      close (fd);
      io_error (error, saved, _ ("cannot read %s"), path);
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _ ("%s is not a file (a folder, a device or a pipe)"), path);
      return -1;
    }
  return fd;
}

/* Copies the regular file @from into a new temporary file in @dir, whose
 * name goes in @tmp_path, with its SHA-256 and size. */
static gboolean
copy_with_checksum (const char *from,
                    const char *dir,
                    char **tmp_path,
                    char **sha256,
                    goffset *size,
                    GError **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *tmp = g_build_filename (dir, ".cutout-XXXXXX", NULL);
  g_autofree guint8 *buf = g_malloc (1 << 20);
  int in, out, saved = 0;
  goffset total = 0;
  gssize n;

  if ((in = open_regular (from, error)) < 0)
    return FALSE;
  if ((out = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644)) < 0)
    {
      saved = errno;
      close (in);
      return io_error (error, saved, _ ("cannot write into the folder %s"), dir);
    }
  while (saved == 0 && (n = read (in, buf, 1 << 20)) != 0)
    {
      if (n < 0)
        {
          saved = errno == EINTR ? 0 : errno;
          continue;
        }
      g_checksum_update (checksum, buf, n);
      total += n;
      saved = write_all (out, buf, n);
    }
  /* Written to the disk before it is renamed into place. */
  if (saved == 0 && fsync (out) != 0)
    saved = errno;
  if (close (out) != 0 && saved == 0)
    saved = errno;
  close (in);
  if (saved != 0)
    {
      g_unlink (tmp);
      return io_error (error, saved, _ ("cannot copy %s"), from);
    }
  *tmp_path = g_steal_pointer (&tmp);
  *sha256 = g_strdup (g_checksum_get_string (checksum));
  *size = total;
  return TRUE;
}

/* The user's catalogue as it is on disk (comments kept), or an empty one. */
static GKeyFile *
load_user_catalogue (const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GError) local_error = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS,
                                  &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                   _ ("Cannot read the model catalogue %s: %s"), path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&kf);
}

/* g_key_file_save_to_file() writes a temporary file and renames it. */
static gboolean
save_user_catalogue (GKeyFile *kf, const char *path, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    return io_error (error, errno, _ ("cannot create the folder %s"), dir);
  if (!g_key_file_save_to_file (kf, path, &local_error))
    {
      g_set_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_CATALOGUE,
                   _ ("Cannot write the model catalogue %s: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static void
write_entry (GKeyFile *kf, const CutoutModelInfo *info)
{
  const char *activations[] = { "none", "sigmoid", "minmax" };
  const char *g = info->id;

  g_key_file_remove_group (kf, g, NULL);
  g_key_file_set_string (kf, g, "Name", info->name);
  g_key_file_set_string (kf, g, "File", info->file);
  g_key_file_set_int64 (kf, g, "Size", info->size);
  g_key_file_set_string (kf, g, "Sha256", info->sha256);
  g_key_file_set_string (kf, g, "Input", info->input);
  g_key_file_set_integer (kf, g, "InputWidth", info->input_width);
  g_key_file_set_integer (kf, g, "InputHeight", info->input_height);
  g_key_file_set_double_list (kf, g, "Mean", (double *) info->mean, 3);
  g_key_file_set_double_list (kf, g, "Std", (double *) info->std, 3);
  if (info->output != NULL)
    g_key_file_set_string (kf, g, "Output", info->output);
  g_key_file_set_string (kf, g, "Activation", activations[info->activation]);
  g_key_file_set_string (kf, g, "License", info->license);
  g_key_file_set_string (kf, g, "Source", info->source);
}

/* The entry of an imported model: @like's preprocessing and tensors, the
 * file's own facts, and no licence anyone has asserted. */
static CutoutModelInfo *
imported_info (const CutoutModelInfo *like, const char *id, const char *name, const char *from)
{
  CutoutModelInfo *info = cutout_model_info_copy (like);
  g_autofree char *absolute = g_canonicalize_filename (from, NULL);

  g_free (info->id), info->id = g_strdup (id);
  g_free (info->name), info->name = g_strdup (name ? name : id);
  g_free (info->file), info->file = g_strconcat (id, ".onnx", NULL);
  g_free (info->license), info->license = g_strdup ("NOASSERTION");
  g_free (info->source), info->source = g_filename_to_uri (absolute, NULL, NULL);
  if (info->source == NULL)
    info->source = g_strdup ("imported");
  g_clear_pointer (&info->sha256, g_free);
  g_clear_pointer (&info->md5, g_free);
  g_clear_pointer (&info->description, g_free);
  g_clear_pointer (&info->urls, g_strfreev);
  info->size = 0;
  info->is_default = FALSE;
  info->non_commercial = FALSE;
  info->user = TRUE;
  return info;
}

/* Whether the copy at @path works as @like does, whatever its size. ONNX
 * Runtime's own messages name the copy, a temporary file the user never
 * saw: they are told of their own file, @shown, instead. */
static gboolean
check_like (const CutoutModelInfo *like, const char *path, const char *shown, GError **error)
{
  g_autoptr (CutoutModelInfo) check = cutout_model_info_copy (like);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GString) message = NULL;

  check->size = 0;
  if (cutout_engine_check_model_file (check, path, &local_error))
    return TRUE;
  message = g_string_new (local_error->message);
  g_string_replace (message, path, shown, 0);
  g_set_error_literal (error, local_error->domain, local_error->code, message->str);
  return FALSE;
}

/* Imports the ONNX model at @file_path as the model @id (named @name, or
 * @id when NULL), preprocessed as the model @like_id is (NULL: the
 * default model): copied into cutout_model_download_dir(), checked with
 * ONNX Runtime against that entry (cutout_engine_check_model_file()), and
 * added to the user's catalogue and
 * to @catalogue. Refuses an id of a model already in @catalogue. The path
 * of the copy goes in @out_path, if not NULL. */
gboolean
cutout_catalogue_import_model (CutoutCatalogue *catalogue,
                               const char *file_path,
                               const char *id,
                               const char *name,
                               const char *like_id,
                               char **out_path,
                               GError **error)
{
  g_autofree char *dir = cutout_model_download_dir ();
  g_autofree char *user_path = cutout_catalogue_user_path ();
  g_autofree char *file = NULL, *dest = NULL, *tmp = NULL;
  g_autoptr (CutoutModelInfo) info = NULL;
  g_autoptr (GKeyFile) kf = NULL;
  const CutoutModelInfo *like;

  g_return_val_if_fail (catalogue != NULL && file_path != NULL && id != NULL, FALSE);

  file = g_strconcat (id, ".onnx", NULL);
  if (!check_id (catalogue, id, file, error)
      || (like = cutout_catalogue_find (catalogue, like_id, error)) == NULL
      || (kf = load_user_catalogue (user_path, error)) == NULL)
    return FALSE;
  info = imported_info (like, id, name, file_path);
  dest = g_build_filename (dir, info->file, NULL);
  if (g_file_test (dest, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      g_autofree char *shown = g_filename_display_name (dest);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("%s is already there: choose another name"), shown);
      return FALSE;
    }
  if (g_mkdir_with_parents (dir, 0755) != 0)
    return io_error (error, errno, _ ("cannot create the folder %s"), dir);
  if (!copy_with_checksum (file_path, dir, &tmp, &info->sha256, &info->size, error))
    return FALSE;
  /* The copy is checked, not the user's file: what is kept is what was
   * checked. Against @like, whose facts the entry takes. */
  if (!check_like (like, tmp, file_path, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      return io_error (error, saved, _ ("cannot write %s"), dest);
    }
  write_entry (kf, info);
  if (!save_user_catalogue (kf, user_path, error))
    {
      g_unlink (dest);
      return FALSE;
    }
  if (out_path != NULL)
    *out_path = g_steal_pointer (&dest);
  cutout_catalogue_add (catalogue, g_steal_pointer (&info));
  return TRUE;
}

/* Takes the model's entry out of the user's catalogue. */
static gboolean
remove_entry (const CutoutModelInfo *info, GError **error)
{
  g_autofree char *user_path = cutout_catalogue_user_path ();
  g_autoptr (GKeyFile) kf = load_user_catalogue (user_path, error);

  if (kf == NULL)
    return FALSE;
  if (!g_key_file_has_group (kf, info->id))
    return TRUE;
  g_key_file_remove_group (kf, info->id, NULL);
  return save_user_catalogue (kf, user_path, error);
}

/* Deletes the file of a downloaded or imported model from the download
 * folder and, for a model of the user's catalogue, its entry. A model file
 * anywhere else (the build's model folder, the installed one,
 * $CUTOUT_MODEL_DIR) was put there by someone else and is never deleted:
 * that is refused. */
gboolean
cutout_catalogue_remove_model (const CutoutModelInfo *info, GError **error)
{
  g_autofree char *dir = cutout_model_download_dir ();
  g_autofree char *path = NULL;
  g_autofree char *elsewhere = NULL;

  g_return_val_if_fail (info != NULL, FALSE);

  path = g_build_filename (dir, info->file, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    {
      if (g_unlink (path) != 0)
        return io_error (error, errno, _ ("cannot delete %s"), path);
    }
  else if ((elsewhere = cutout_model_info_locate (info, NULL)) != NULL && !info->user)
    {
      g_autofree char *shown = g_filename_display_name (elsewhere);
      g_autofree char *dir_shown = g_filename_display_name (dir);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _ ("the model “%s” is installed as %s, outside %s: Cutout only deletes the "
                      "models it downloaded or imported"),
                   info->id, shown, dir_shown);
      return FALSE;
    }
  else if (!info->user)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _ ("the model “%s” is not installed"),
                   info->id);
      return FALSE;
    }
  return !info->user || remove_entry (info, error);
}
