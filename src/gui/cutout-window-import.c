/* cutout-window-import.c: images into the window's queue
 *
 * From the file chooser, dropped files and folders, and the clipboard
 * (files, or an image itself, kept in the cache while it is queued).
 * Folders are searched, and files looked at, in a thread: the window never
 * waits for a slow disk.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cutout-decode.h"
#include "cutout-window-private.h"

/* Folders are searched this deep for images. */
#define MAX_FOLDER_DEPTH 8

static gboolean
has_image_extension (const char *name)
{
  static const char *const extensions[]
      = { ".jpg", ".jpeg", ".jpe", ".png", ".webp", ".bmp", ".tif", ".tiff", NULL };
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (int i = 0; extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static int
compare_files_by_name (gconstpointer a, gconstpointer b)
{
  g_autofree char *x = g_file_get_basename (*(GFile *const *) a);
  g_autofree char *y = g_file_get_basename (*(GFile *const *) b);

  return g_utf8_collate (x, y);
}

/* What was dropped, pasted or chosen, once searched and checked. */
typedef struct
{
  GPtrArray *paths;         /* the images to queue */
  CutoutProblems *problems; /* and the files that will not be */
} Collected;

static void
collected_free (Collected *c)
{
  g_ptr_array_unref (c->paths);
  cutout_problems_free (c->problems);
  g_free (c);
}

/* Adds @path to @c's images, or to its problems if it is not one. */
static void
collect_file (Collected *c, char *path)
{
  g_autofree char *problem = cutout_problem_for_file (path);

  if (problem == NULL)
    {
      g_ptr_array_add (c->paths, path);
      return;
    }
  {
    g_autofree char *name = g_filename_display_basename (path);
    cutout_problems_add (c->problems, CUTOUT_PROBLEM_NOT_ADDED, name, problem);
    g_free (path);
  }
}

/* Adds the images in @dir (and its folders) to @c, sorted by name. */
static void
collect_folder (GFile *dir, int depth, Collected *c, GCancellable *cancellable)
{
  g_autoptr (GFileEnumerator) children = NULL;
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  GFileInfo *info;

  if (depth > MAX_FOLDER_DEPTH)
    return;
  children = g_file_enumerate_children (dir,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME
                                        "," G_FILE_ATTRIBUTE_STANDARD_TYPE
                                        "," G_FILE_ATTRIBUTE_STANDARD_IS_HIDDEN,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (children == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_file_get_parse_name (dir);
      g_autofree char *reason
          = g_strdup_printf (_ ("the folder cannot be read: %s"), error->message);
      cutout_problems_add (c->problems, CUTOUT_PROBLEM_NOT_ADDED, name, reason);
    }
  while (children != NULL
         && (info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      g_autoptr (GFileInfo) owned = info;
      const char *name = g_file_info_get_name (info);

      if (g_file_info_get_is_hidden (info))
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY || has_image_extension (name))
        g_ptr_array_add (found, g_file_get_child (dir, name));
    }
  g_ptr_array_sort (found, compare_files_by_name);
  for (guint i = 0; i < found->len; i++)
    {
      GFile *child = found->pdata[i];
      if (g_file_query_file_type (child, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        collect_folder (child, depth + 1, c, cancellable);
      else
        collect_file (c, g_file_get_path (child));
    }
}

/* Turns what was dropped or chosen into the paths of images (folders are
 * searched), and notes the files that are not. */
static void
collect_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GPtrArray *files = data;
  Collected *c = g_new0 (Collected, 1);

  c->paths = g_ptr_array_new_with_free_func (g_free);
  c->problems = cutout_problems_new ();
  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = files->pdata[i];
      char *path = g_file_get_path (file);
      if (path == NULL)
        {
          /* A web address or a phone's storage, say: the queue works on files. */
          g_autofree char *name = g_file_get_parse_name (file);
          cutout_problems_add (c->problems, CUTOUT_PROBLEM_NOT_ADDED, name,
                               _ ("not a file on this computer: save it first, then add it"));
        }
      else if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
        {
          g_free (path);
          collect_folder (file, 0, c, cancellable);
        }
      else
        collect_file (c, path);
    }
  g_task_return_pointer (task, c, (GDestroyNotify) collected_free);
}

static void
collected_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutWindow *self = CUTOUT_WINDOW (source);
  Collected *c = g_task_propagate_pointer (G_TASK (result), NULL);

  if (c == NULL || cutout_window_is_gone (self))
    {
      if (c != NULL)
        collected_free (c);
      return;
    }
  if (c->paths->len == 0 && cutout_problems_get_len (c->problems) == 0)
    cutout_window_toast (self, _ ("No images found in what was added"));
  else
    cutout_window_add_paths (self, c->paths, c->problems);
  collected_free (c);
}

/* Queues @paths and tells, in one toast, what could not be added: the
 * files in @problems (or NULL) and those the queue turned away. */
void
cutout_window_add_paths (CutoutWindow *self, GPtrArray *paths, CutoutProblems *problems)
{
  g_autoptr (CutoutProblems) owned = problems ? NULL : cutout_problems_new ();
  g_autoptr (GPtrArray) strv = g_ptr_array_new ();
  g_autoptr (CutoutAddReport) report = NULL;

  if (problems == NULL)
    problems = owned;
  if (self->queue == NULL)
    {
      for (guint i = 0; i < paths->len; i++)
        g_ptr_array_add (self->waiting, g_strdup (paths->pdata[i]));
      cutout_window_tell_problems (self, problems);
      return;
    }
  for (guint i = 0; i < paths->len; i++)
    g_ptr_array_add (strv, paths->pdata[i]);
  g_ptr_array_add (strv, NULL);
  report = cutout_queue_add (self->queue, (const char *const *) strv->pdata);
  cutout_problems_add_paths (problems, CUTOUT_PROBLEM_DUPLICATE, report->duplicates);
  cutout_problems_add_paths (problems, CUTOUT_PROBLEM_QUEUE_FULL, report->refused);
  cutout_window_tell_problems (self, problems);
  if (report->added->len > 0 && gtk_single_selection_get_selected_item (self->selection) == NULL)
    gtk_single_selection_set_selected (self->selection, 0);
}

/* Adds @files (images or folders of them) to the queue. */
void
cutout_window_add_files (CutoutWindow *self, GFile *const *files, guint n_files)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, collected_cb, NULL);
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (CUTOUT_IS_WINDOW (self));

  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (array, g_object_ref (files[i]));
  g_task_set_task_data (task, array, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, collect_thread);
}

static gboolean
drop_cb (GtkDropTarget *target, const GValue *value, double x, double y, CutoutWindow *self)
{
  GSList *list = g_value_get_boxed (value);
  g_autoptr (GPtrArray) files = g_ptr_array_new ();

  guint n_urls = 0;

  /* The preview dragged out and back in: nothing to add. */
  if (cutout_window_is_dragging_out (self))
    return FALSE;
  /* A browser's image or link: downloaded. */
  for (GSList *l = list; l != NULL; l = l->next)
    if (g_file_has_uri_scheme (l->data, "http") || g_file_has_uri_scheme (l->data, "https"))
      {
        g_autofree char *uri = g_file_get_uri (l->data);
        cutout_window_add_url (self, uri);
        n_urls++;
      }
    else
      g_ptr_array_add (files, l->data);
  if (files->len > 0)
    cutout_window_add_files (self, (GFile *const *) files->pdata, files->len);
  return files->len > 0 || n_urls > 0;
}

static GtkFileFilter *
image_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  const char *types[]
      = { "image/jpeg", "image/png", "image/webp", "image/bmp", "image/tiff", NULL };

  gtk_file_filter_set_name (filter, _ ("Images"));
  for (int i = 0; types[i] != NULL; i++)
    gtk_file_filter_add_mime_type (filter, types[i]);
  return filter;
}

static void
remember_folder (CutoutWindow *self, GFile *file)
{
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *folder = parent ? g_file_get_path (parent) : NULL;

  if (folder != NULL)
    g_settings_set_string (self->settings, "last-folder", folder);
}

#if GTK_CHECK_VERSION(4, 10, 0)
/* GTK 4.10 and later: GtkFileDialog, which goes through the portal when
 * sandboxed. */
static void
dialog_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutWindow) self = data;
  g_autoptr (GListModel) files
      = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (source), result, NULL);
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (files == NULL || cutout_window_is_gone (self))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));
  if (array->len == 0)
    return;
  remember_folder (self, array->pdata[0]);
  cutout_window_add_files (self, (GFile *const *) array->pdata, array->len);
}

void
cutout_window_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  g_autoptr (GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr (GtkFileFilter) filter = image_filter ();
  g_autoptr (GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");

  gtk_file_dialog_set_title (dialog, _ ("Add Images"));
  gtk_file_dialog_set_accept_label (dialog, _ ("_Add"));
  g_list_store_append (filters, filter);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  if (folder[0] != '\0')
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);
      gtk_file_dialog_set_initial_folder (dialog, dir);
    }
  gtk_file_dialog_open_multiple (dialog, GTK_WINDOW (self), self->cancellable, dialog_done_cb,
                                 g_object_ref (self));
}
#else
/* GTK 4.8: GtkFileChooserNative, which goes through the portal when
 * sandboxed. */
static void
chooser_response_cb (GtkNativeDialog *dialog, int response, CutoutWindow *self)
{
  g_autoptr (GListModel) files = NULL;
  g_autoptr (GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      if (array->len > 0)
        {
          remember_folder (self, array->pdata[0]);
          cutout_window_add_files (self, (GFile *const *) array->pdata, array->len);
        }
    }
  g_object_unref (dialog);
}

void
cutout_window_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr (GtkFileFilter) filter = image_filter ();
  g_autofree char *folder = g_settings_get_string (self->settings, "last-folder");

  chooser = gtk_file_chooser_native_new (_ ("Add Images"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Add"), _ ("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (folder[0] != '\0')
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
#endif

/* Where pasted (and downloaded) images are kept while they are in the queue. */
char *
cutout_window_pasted_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "cutout", "pasted", NULL);
}

/* Whether @path is a pasted image's file, which goes with its row (and
 * with the app). */
gboolean
cutout_window_is_pasted (const char *path)
{
  g_autofree char *dir = cutout_window_pasted_dir ();
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  return g_str_equal (parent, canonical);
}

static void
pasted_deleted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  if (!g_file_delete_finish (G_FILE (source), result, &error))
    g_debug ("a pasted image is left in the cache: %s", error->message);
}

/* A pasted image is nowhere else: its file goes with its row. */
void
cutout_window_delete_if_pasted (const char *path)
{
  g_autoptr (GFile) file = NULL;

  if (!cutout_window_is_pasted (path))
    return;
  file = g_file_new_for_path (path);
  g_file_delete_async (file, G_PRIORITY_LOW, NULL, pasted_deleted_cb, NULL);
}

/* The queue works on files: a pasted image is kept in the cache (until its
 * row goes), written as PNG in a thread, since a large one takes seconds. */
static void
save_pasted_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  GdkTexture *texture = data;
  g_autofree char *dir = cutout_window_pasted_dir ();
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_mkdir_with_parents (dir, 0700);
  name = g_strdup_printf ("pasted-%" G_GINT64_FORMAT ".png", g_get_real_time ());
  path = g_build_filename (dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    g_task_return_pointer (task, NULL, NULL);
  else
    g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
pasted_saved_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutWindow *self = CUTOUT_WINDOW (source);
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr (GFile) file = NULL;

  if (cutout_window_is_gone (self))
    {
      if (path != NULL)
        g_unlink (path);
      return;
    }
  if (path == NULL)
    {
      cutout_window_toast (self, _ ("The pasted image cannot be saved"));
      return;
    }
  file = g_file_new_for_path (path);
  cutout_window_add_files (self, &file, 1);
}

/* Ctrl+V: files copied in a file manager, or an image copied from elsewhere. */
static void
paste_texture_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutWindow) self = data;
  g_autoptr (GdkTexture) texture
      = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, NULL);
  g_autoptr (GTask) task = NULL;

  if (cutout_window_is_gone (self))
    return;
  if (texture == NULL)
    {
      cutout_window_toast (self, _ ("The clipboard holds no image"));
      return;
    }
  task = g_task_new (self, NULL, pasted_saved_cb, NULL);
  g_task_set_task_data (task, g_steal_pointer (&texture), g_object_unref);
  g_task_run_in_thread (task, save_pasted_thread);
}

static void
paste_files_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutWindow) self = data;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, NULL);
  g_autoptr (GPtrArray) files = g_ptr_array_new ();

  if (cutout_window_is_gone (self))
    return;
  if (value != NULL)
    for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
      g_ptr_array_add (files, l->data);
  if (files->len > 0)
    cutout_window_add_files (self, (GFile *const *) files->pdata, files->len);
  else
    gdk_clipboard_read_texture_async (GDK_CLIPBOARD (source), self->cancellable, paste_texture_cb,
                                      g_object_ref (self));
}

/* Text copied: the URLs of photos, one a line, or nothing for Cutout. */
static void
paste_text_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutWindow) self = data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);

  if (cutout_window_is_gone (self))
    return;
  if (text == NULL || !cutout_window_add_urls_in_text (self, text))
    cutout_window_toast (self, _ ("The clipboard holds no image"));
}

void
cutout_window_paste_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                    self->cancellable, paste_files_cb, g_object_ref (self));
  else if (!gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE)
           && gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    gdk_clipboard_read_text_async (clipboard, self->cancellable, paste_text_cb,
                                   g_object_ref (self));
  else
    gdk_clipboard_read_texture_async (clipboard, self->cancellable, paste_texture_cb,
                                      g_object_ref (self));
}

/* The whole window takes dropped files and folders. */
void
cutout_window_init_import (CutoutWindow *self)
{
  /* GTK highlights the window while they hover. */
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->toast_overlay),
                             GTK_EVENT_CONTROLLER (self->drop_target));
}
