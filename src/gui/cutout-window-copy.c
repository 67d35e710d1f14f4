/* cutout-window-copy.c: the cutout to other apps, by clipboard or drag
 *
 * Ctrl+C (win.copy) puts the selected cutout on the clipboard as a
 * texture (GTK offers it as PNG, with its transparency): the photo the
 * queue kept (or the file decoded again, at full size) is composed in a
 * thread as an export would write it. The preview can be dragged out,
 * while the whole image is in view (zoomed in, a drag pans): it offers the
 * texture to apps that take images and, to file managers, a PNG file,
 * written to ~/.cache/cutout/drag/ only once a drop asks for it.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "cutout-compose.h"
#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-queue-row.h"
#include "cutout-window-private.h"

/* Copying ---------------------------------------------------------------------------- */

typedef struct
{
  char *source;
  GBytes *mask;
  int width, height;
  gboolean clean_colours;
  CutoutPhoto *photo; /* the photo as the queue kept it, or NULL */
} CopyData;

static void
copy_data_free (CopyData *d)
{
  g_free (d->source);
  g_bytes_unref (d->mask);
  cutout_photo_unref (d->photo);
  g_free (d);
}

static void
copy_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CopyData *d = data;
  GError *error = NULL;
  g_autoptr (CutoutImage) mask = cutout_mask_decompress (d->mask, d->width, d->height);
  /* The queue's, unless the file changed since: then decoded again. */
  g_autoptr (CutoutPhoto) photo
      = cutout_photo_load_for (d->photo, d->source, d->width, d->height, &error);
  g_autoptr (CutoutImage) composed = NULL;

  if (photo == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (mask == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _ ("the cut-out of %s is damaged; cut it out again"), d->source);
      return;
    }
  composed = cutout_compose_cutout (cutout_photo_get_image (photo), mask, d->clean_colours);
  g_task_return_pointer (task, cutout_texture_new_for_image (composed), g_object_unref);
}

static void
copied_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (CutoutWindow) self = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (cutout_window_get_settings (self) == NULL)
    return;
  if (texture == NULL)
    {
      cutout_window_show_message (self, _ ("Not Copied"), error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (self)), texture);
  cutout_window_add_toast (self, adw_toast_new (_ ("Cutout copied")));
}

/* Ctrl+C: the selected cutout to the clipboard. */
void
cutout_window_copy_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = cutout_window_get_selected_job (self);
  g_autoptr (GBytes) mask = NULL;
  g_autoptr (GTask) task = NULL;
  CopyData *d;

  if (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE
      || (mask = cutout_job_ref_mask_data (job)) == NULL)
    return;
  d = g_new0 (CopyData, 1);
  d->source = g_strdup (cutout_job_get_path (job));
  d->mask = g_steal_pointer (&mask);
  d->width = cutout_job_get_width (job);
  d->height = cutout_job_get_height (job);
  d->photo = cutout_queue_ref_photo (cutout_window_get_queue (self), job);
  d->clean_colours
      = g_settings_get_boolean (cutout_window_get_settings (self), "export-clean-colours");
  task = g_task_new (NULL, NULL, copied_cb, g_object_ref (self));
  g_task_set_task_data (task, d, (GDestroyNotify) copy_data_free);
  g_task_run_in_thread (task, copy_thread);
}

/* The file for file managers ---------------------------------------------------------- */

/* A content provider of text/uri-list: a PNG of the texture, written to
 * the cache when a drop first asks for it. */
#define CUTOUT_TYPE_DRAG_FILE (cutout_drag_file_get_type ())
G_DECLARE_FINAL_TYPE (CutoutDragFile, cutout_drag_file, CUTOUT, DRAG_FILE, GdkContentProvider)

struct _CutoutDragFile
{
  GdkContentProvider parent_instance;

  GdkTexture *texture;
  char *path; /* where the PNG goes */
};

G_DEFINE_FINAL_TYPE (CutoutDragFile, cutout_drag_file, GDK_TYPE_CONTENT_PROVIDER)

static GdkContentFormats *
cutout_drag_file_ref_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new ((const char *[]){ "text/uri-list" }, 1);
}

typedef struct
{
  GdkTexture *texture;
  char *path;
  GOutputStream *stream;
  int priority;
} DragWrite;

static void
drag_write_free (DragWrite *w)
{
  g_object_unref (w->texture);
  g_free (w->path);
  g_object_unref (w->stream);
  g_free (w);
}

/* The PNG, written to a temporary file renamed into place. */
static void
drag_write_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  DragWrite *w = data;
  g_autofree char *dir = g_path_get_dirname (w->path);
  g_autoptr (GBytes) png = gdk_texture_save_to_png_bytes (w->texture);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv), "%s: %s", dir,
                               g_strerror (errsv));
      return;
    }
  if (!g_file_set_contents (w->path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
uri_written_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
png_written_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data; /* the provider's */
  DragWrite *w = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *file_uri = NULL;
  char *uri;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  file = g_file_new_for_path (w->path);
  file_uri = g_file_get_uri (file);
  uri = g_strconcat (file_uri, "\r\n", NULL);
  g_task_set_task_data (task, uri, g_free);
  g_output_stream_write_all_async (w->stream, uri, strlen (uri), w->priority,
                                   g_task_get_cancellable (task), uri_written_cb,
                                   g_object_ref (task));
}

static void
cutout_drag_file_write_mime_type_async (GdkContentProvider *provider,
                                        const char *mime_type,
                                        GOutputStream *stream,
                                        int io_priority,
                                        GCancellable *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer user_data)
{
  CutoutDragFile *self = CUTOUT_DRAG_FILE (provider);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr (GTask) write = NULL;
  DragWrite *w;

  if (!g_str_equal (mime_type, "text/uri-list"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "cannot provide %s",
                               mime_type);
      g_object_unref (task);
      return;
    }
  w = g_new0 (DragWrite, 1);
  w->texture = g_object_ref (self->texture);
  w->path = g_strdup (self->path);
  w->stream = g_object_ref (stream);
  w->priority = io_priority;
  write = g_task_new (NULL, cancellable, png_written_cb, task);
  g_task_set_task_data (write, w, (GDestroyNotify) drag_write_free);
  g_task_run_in_thread (write, drag_write_thread);
}

static gboolean
cutout_drag_file_write_mime_type_finish (GdkContentProvider *provider,
                                         GAsyncResult *result,
                                         GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
cutout_drag_file_finalize (GObject *object)
{
  CutoutDragFile *self = CUTOUT_DRAG_FILE (object);

  g_clear_object (&self->texture);
  g_free (self->path);
  G_OBJECT_CLASS (cutout_drag_file_parent_class)->finalize (object);
}

static void
cutout_drag_file_class_init (CutoutDragFileClass *klass)
{
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = cutout_drag_file_finalize;
  provider_class->ref_formats = cutout_drag_file_ref_formats;
  provider_class->write_mime_type_async = cutout_drag_file_write_mime_type_async;
  provider_class->write_mime_type_finish = cutout_drag_file_write_mime_type_finish;
}

static void
cutout_drag_file_init (CutoutDragFile *self)
{
}

/* Dragging out ------------------------------------------------------------------------- */

/* What a drag out of the preview carries: the cutout shown, as a texture
 * and as a file NAME-cutout.png; NULL if the preview does not show a
 * finished cutout whole. */
GdkContentProvider *
cutout_window_create_drag_content (CutoutWindow *self)
{
  CutoutJob *job = cutout_window_get_selected_job (self);
  GdkTexture *texture = cutout_window_get_result_texture (self);
  CutoutCanvas *canvas = cutout_window_get_preview (self);
  g_autofree char *name = NULL;
  CutoutDragFile *file;
  GdkContentProvider *providers[2];

  if (job == NULL || texture == NULL || cutout_canvas_get_texture (canvas) != texture
      || !cutout_canvas_get_fit (canvas) || cutout_canvas_get_box_tool (canvas)
      || cutout_canvas_get_brush_tool (canvas) || cutout_canvas_get_frame (canvas, NULL))
    return NULL;
  name = cutout_output_name (cutout_job_get_path (job), "cutout", "png", 1);
  file = g_object_new (CUTOUT_TYPE_DRAG_FILE, NULL);
  file->texture = g_object_ref (texture);
  file->path = g_build_filename (g_get_user_cache_dir (), "cutout", "drag", name, NULL);
  providers[0] = gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, texture);
  providers[1] = GDK_CONTENT_PROVIDER (file);
  return gdk_content_provider_new_union (providers, 2);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source, double x, double y, CutoutWindow *self)
{
  return cutout_window_create_drag_content (self);
}

static void
drag_begin_cb (GtkDragSource *source, GdkDrag *drag, CutoutWindow *self)
{
  GdkTexture *texture = cutout_window_get_result_texture (self);

  if (texture != NULL)
    gtk_drag_source_set_icon (source, GDK_PAINTABLE (texture), 0, 0);
  /* The window's own drop target does not take it back. */
  g_object_set_data (G_OBJECT (self), "cutout-dragging-out", GINT_TO_POINTER (TRUE));
}

static void
drag_end_cb (GtkDragSource *source, GdkDrag *drag, gboolean delete_data, CutoutWindow *self)
{
  g_object_set_data (G_OBJECT (self), "cutout-dragging-out", NULL);
}

/* Whether a drag out of the preview is under way. */
gboolean
cutout_window_is_dragging_out (CutoutWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "cutout-dragging-out") != NULL;
}

/* The preview can be dragged out (copied, never moved). */
void
cutout_window_setup_drag_out (CutoutWindow *self)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_COPY);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (drag_begin_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (drag_end_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (cutout_window_get_preview (self)),
                             GTK_EVENT_CONTROLLER (source));
}
