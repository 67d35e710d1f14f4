/* cutout-window-urls.c: photos from the web, pasted or dropped as URLs
 *
 * A URL pasted (Ctrl+V with a link copied) or dropped (a browser's image
 * or link) is downloaded (cutout-fetch.c: http and https, at most 32 MiB,
 * 30 s and 5 redirects), kept in the cache with the pasted images and
 * queued; the row's file goes with its row. A URL that cannot be had is
 * told with its address and why ("…/a.jpg: the server answered HTTP 404
 * Not Found"). The user chose the address, so addresses on this machine
 * or its network are allowed, unlike for the local API's clients.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-fetch.h"
#include "cutout-window-private.h"

typedef struct
{
  CutoutWindow *window; /* held */
  char *url;
  char *path; /* where it is kept */
} Download;

static void
download_free (Download *d)
{
  g_object_unref (d->window);
  g_free (d->url);
  g_free (d->path);
  g_free (d);
}

/* Not a name to keep in the cache: a separator, or nothing. */
static char *
safe_name (const char *url)
{
  g_autofree char *name = cutout_fetch_url_basename (url);

  g_strdelimit (name, G_DIR_SEPARATOR_S "\\", '_');
  return g_strdup_printf ("url-%" G_GINT64_FORMAT "-%s", g_get_real_time (), name);
}

static void
saved_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Download *d = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (d->path);

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!cutout_window_is_gone (d->window))
        {
          g_autofree char *text
              = g_strdup_printf (_ ("Cannot keep %s: %s"), d->url, error->message);
          cutout_window_toast (d->window, text);
        }
    }
  else if (cutout_window_is_gone (d->window))
    g_file_delete (file, NULL, NULL);
  else
    cutout_window_add_files (d->window, &file, 1);
  download_free (d);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Download *d = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = cutout_fetch_url_finish (result, &error);
  g_autofree char *dir = cutout_window_pasted_dir ();
  g_autofree char *name = NULL;
  g_autoptr (GFile) file = NULL;

  if (bytes == NULL || cutout_window_is_gone (d->window))
    {
      if (bytes == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !cutout_window_is_gone (d->window))
        {
          /* Translators: %s: the URL and why, as "https://…/a.jpg: the server answered …" */
          g_autofree char *text = g_strdup_printf (_ ("Not downloaded: %s"), error->message);
          cutout_window_toast (d->window, text);
        }
      download_free (d);
      return;
    }
  g_mkdir_with_parents (dir, 0700);
  name = safe_name (d->url);
  d->path = g_build_filename (dir, name, NULL);
  file = g_file_new_for_path (d->path);
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       d->window->cancellable, saved_cb, d);
}

/* Downloads the photo at @url into the queue. */
void
cutout_window_add_url (CutoutWindow *self, const char *url)
{
  Download *d = g_new0 (Download, 1);
  g_autofree char *name = cutout_fetch_url_basename (url);
  g_autofree char *text = g_strdup_printf (_ ("Downloading %s…"), name);

  d->window = g_object_ref (self);
  d->url = g_strdup (url);
  cutout_window_toast (self, text);
  cutout_fetch_url_async (url, CUTOUT_FETCH_ALLOW_PRIVATE, self->cancellable, fetched_cb, d);
}

/* The URLs in @text, one a line (as text/uri-list and a pasted list have
 * them); FALSE, with none added, unless every line that is not blank or a
 * comment is one. */
gboolean
cutout_window_add_urls_in_text (CutoutWindow *self, const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr (GPtrArray) urls = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      if (line[0] == '\0' || line[0] == '#')
        continue;
      if (!cutout_fetch_is_url (line))
        return FALSE;
      g_ptr_array_add (urls, g_strdup (line));
    }
  for (guint i = 0; i < urls->len; i++)
    cutout_window_add_url (self, urls->pdata[i]);
  return urls->len > 0;
}
