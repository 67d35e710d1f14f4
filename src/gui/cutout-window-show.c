/* cutout-window-show.c: showing files in the file manager, opening them
 *
 * "Open Containing Folder" asks the file manager to show the file itself
 * (org.freedesktop.FileManager1's ShowItems, which Nautilus, Dolphin,
 * Nemo and others answer); with none on the session bus (or none allowed
 * to the sandbox), the folder is opened with its default app (through the
 * portal when sandboxed, by gtk_show_uri_full()); and if that fails too, a
 * toast says so, naming the folder, rather than nothing at all. Opening a
 * saved file goes the same way as the folder's fallback. All of it is
 * asynchronous: the window never waits for another program.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-window-private.h"

#define FILE_MANAGER_NAME "org.freedesktop.FileManager1"
#define FILE_MANAGER_PATH "/org/freedesktop/FileManager1"
/* A file manager that does not answer within this is taken to be absent. */
#define FILE_MANAGER_TIMEOUT_MS 5000

typedef struct
{
  GWeakRef window;    /* told if all fails, if still there */
  char *path;         /* the file, or (only opening) the folder */
  char *folder;       /* what is opened when the file manager does not answer */
  gboolean is_folder; /* @path is a folder */
} ShowData;

static void
show_data_free (ShowData *d)
{
  g_weak_ref_clear (&d->window);
  g_free (d->path);
  g_free (d->folder);
  g_free (d);
}

static ShowData *
show_data_new (CutoutWindow *self, const char *path, const char *folder)
{
  ShowData *d = g_new0 (ShowData, 1);

  g_weak_ref_init (&d->window, self);
  d->path = g_strdup (path);
  d->folder = g_strdup (folder);
  return d;
}

/* Opening with the default app ------------------------------------------------------ */

static void
open_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ShowData *d = data;
  g_autoptr (CutoutWindow) self = g_weak_ref_get (&d->window);
  g_autoptr (GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error) && self != NULL
      && cutout_window_get_settings (self) != NULL
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *shown = g_filename_display_name (d->path);
      g_autofree char *text = d->is_folder
                                  /* Translators: %s: a folder */
                                  ? g_strdup_printf (_ ("The folder %s cannot be opened"), shown)
                                  /* Translators: %s: a file */
                                  : g_strdup_printf (_ ("%s cannot be opened"), shown);
      g_debug ("opening %s: %s", d->path, error->message);
      cutout_window_add_toast (self, adw_toast_new (text));
    }
  show_data_free (d);
}

/* Opens @d's path with its default app; a toast if that fails. */
static void
open_path (CutoutWindow *self, ShowData *d)
{
  g_autoptr (GFile) file = g_file_new_for_path (d->path);
  g_autofree char *uri = g_file_get_uri (file);

  /* (The window's own: the portal places the app's dialog over it.) */
  gtk_show_uri_full (GTK_WINDOW (self), uri, GDK_CURRENT_TIME, NULL, open_done_cb, d);
}

/* Opens the file (or, if @is_folder, the folder) @path with its default
 * app, as the portal does it when sandboxed; a toast if it cannot be. */
void
cutout_window_open_path (CutoutWindow *self, const char *path, gboolean is_folder)
{
  ShowData *d;

  g_return_if_fail (CUTOUT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  d = show_data_new (self, path, NULL);
  d->is_folder = is_folder;
  open_path (self, d);
}

/* Showing in the file manager --------------------------------------------------------- */

/* The file manager did not show the file: the folder is opened instead. */
static void
open_folder_instead (ShowData *d, const GError *why)
{
  g_autoptr (CutoutWindow) self = g_weak_ref_get (&d->window);

  g_debug ("no file manager shows %s (%s): opening its folder", d->path,
           why ? why->message : "no session bus");
  if (self == NULL || cutout_window_get_settings (self) == NULL)
    {
      show_data_free (d);
      return;
    }
  g_free (d->path);
  d->path = g_steal_pointer (&d->folder);
  d->is_folder = TRUE;
  open_path (self, d);
}

static void
show_items_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ShowData *d = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) reply
      = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);

  if (reply != NULL)
    show_data_free (d);
  else
    open_folder_instead (d, error);
}

static void
session_bus_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ShowData *d = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDBusConnection) bus = g_bus_get_finish (result, &error);
  g_autoptr (GFile) file = NULL;
  g_autofree char *uri = NULL;
  const char *uris[2] = { NULL, NULL };

  if (bus == NULL)
    {
      open_folder_instead (d, error);
      return;
    }
  file = g_file_new_for_path (d->path);
  uri = g_file_get_uri (file);
  uris[0] = uri;
  /* ShowItems (as uris, s startup_id): the file manager opens the folder
   * with the file selected. It is started if it is not running. */
  g_dbus_connection_call (bus, FILE_MANAGER_NAME, FILE_MANAGER_PATH, FILE_MANAGER_NAME, "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE,
                          FILE_MANAGER_TIMEOUT_MS, NULL, show_items_done_cb, d);
}

/* Shows the file @path in the file manager, or else opens its folder, or
 * else says, naming the folder, that it cannot be opened. */
void
cutout_window_show_in_folder (CutoutWindow *self, const char *path)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (CUTOUT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  folder = g_path_get_dirname (path);
  g_bus_get (G_BUS_TYPE_SESSION, NULL, session_bus_cb, show_data_new (self, path, folder));
}

/* Saved files ------------------------------------------------------------------------ */

/* win.open-saved (sb): opens a file (or, if the boolean says so, a folder)
 * just saved. */
void
cutout_window_open_saved_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  const char *path;
  gboolean is_folder;

  g_variant_get (parameter, "(&sb)", &path, &is_folder);
  cutout_window_open_path (CUTOUT_WINDOW (widget), path, is_folder);
}

/* A toast saying @title (which names what was written), with an Open
 * button for @path (a folder if @is_folder). */
void
cutout_window_show_saved (CutoutWindow *self,
                          const char *title,
                          const char *path,
                          gboolean is_folder)
{
  AdwToast *toast;

  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Open"));
  adw_toast_set_action_name (toast, "win.open-saved");
  adw_toast_set_action_target_value (toast, g_variant_new ("(sb)", path, is_folder));
  cutout_window_add_toast (self, toast);
}
