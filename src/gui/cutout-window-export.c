/* cutout-window-export.c: saving cut-outs from the window
 *
 * The selected image (Ctrl+S) goes where the user says; the whole queue
 * (Ctrl+Shift+S) into a ZIP archive or a folder. Writing happens in a
 * thread (the photo is decoded again at full size), the application is
 * held until it is done, and the result is told: a toast, or a dialog
 * listing what could not be saved and what was not finished.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-export.h"
#include "cutout-inputs.h"
#include "cutout-settings-map.h"
#include "cutout-window-private.h"

/* Options ------------------------------------------------------------------------- */

/* The export settings; a JPEG goes on the preview's backdrop colour (white
 * behind the checkerboard). The format is @format's (as the dialog's file
 * type chose it) or the setting's, unless @path's extension names one. */
static void
export_options (CutoutWindow *self,
                const char *path,
                const char *format_name,
                CutoutExportOptions *options)
{
  GSettings *settings = cutout_window_get_settings (self);
  g_autofree char *format = g_settings_get_string (settings, "export-format");
  g_autofree char *backdrop = g_settings_get_string (settings, "backdrop");
  const char *dot = path ? strrchr (path, '.') : NULL;
  CutoutFormat by_name;

  cutout_export_options_init (options);
  cutout_format_parse (format, &options->format);
  if (format_name != NULL)
    cutout_format_parse (format_name, &options->format);
  if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL
      && cutout_format_parse (dot + 1, &by_name)
      && !(by_name == CUTOUT_FORMAT_PNG && options->format == CUTOUT_FORMAT_MASK))
    options->format = by_name;
  options->quality = g_settings_get_int (settings, "export-quality");
  options->lossy = g_settings_get_boolean (settings, "export-webp-lossy");
  options->clean_colours = g_settings_get_boolean (settings, "export-clean-colours");
  if (g_settings_get_boolean (settings, "export-smallest"))
    {
      options->png_level = CUTOUT_PNG_LEVEL_SMALLEST;
      options->webp_level = CUTOUT_WEBP_LEVEL_SMALLEST;
    }
  if (g_str_equal (backdrop, "custom"))
    cutout_settings_get_rgb (settings, "backdrop-color", options->background);
  else
    cutout_color_parse (backdrop, options->background); /* checkerboard: stays white */
}

/* What the thread writes of @job: its mask, and its photo if the queue
 * kept it (the thread decodes the file otherwise, or if it changed). */
static CutoutExportItem *
item_for (CutoutWindow *self, CutoutJob *job)
{
  g_autoptr (GBytes) mask = cutout_job_ref_mask_data (job);
  CutoutExportItem *item;

  if (mask == NULL)
    return NULL;
  item = cutout_export_item_new (cutout_job_get_path (job), mask, cutout_job_get_width (job),
                                 cutout_job_get_height (job));
  item->photo = cutout_queue_ref_photo (cutout_window_get_queue (self), job);
  return item;
}

/* Writing in a thread ------------------------------------------------------------- */

typedef struct
{
  CutoutApplication *app; /* waits for the thread as it quits */
  GWeakRef window;        /* told when done, if still there */
  GPtrArray *items;       /* CutoutExportItem */
  CutoutExportOptions options;
  CutoutProductPreset preset; /* product photos: options.product points here */
  char *destination;
  gboolean single, zip;
  GPtrArray *not_done;  /* "file: why" for the queue's unfinished images */
  CutoutInputs *inputs; /* every image of the queue: none is written over */
  CutoutExportReport *report;
} ExportData;

static void
export_data_free (ExportData *d)
{
  g_weak_ref_clear (&d->window);
  g_ptr_array_unref (d->items);
  g_free (d->destination);
  g_ptr_array_unref (d->not_done);
  cutout_inputs_free (d->inputs);
  cutout_export_report_free (d->report);
  g_free (d);
}

/* Whether @d's destination is an image of the queue (the core says so
 * itself of the image a cut-out is made from). */
static gboolean
refuse_input (ExportData *d, GError **error)
{
  const char *input = cutout_inputs_find (d->inputs, d->destination);
  const CutoutExportItem *item = d->single ? d->items->pdata[0] : NULL;

  if (input == NULL || (item != NULL && g_str_equal (input, item->source)))
    return FALSE;
  cutout_set_input_error (error, d->destination, TRUE);
  return TRUE;
}

static gboolean
write_files (ExportData *d, GCancellable *cancellable, GError **error)
{
  if ((d->single || d->zip) && refuse_input (d, error))
    return FALSE;
  if (d->single)
    return cutout_export_item (d->items->pdata[0], &d->options, d->destination, cancellable, error);
  d->report
      = cutout_export_items (d->items, &d->options, d->destination, d->zip, cancellable, error);
  return d->report != NULL;
}

/* Cancelled, the core removes what it wrote before it returns. */
static void
export_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ExportData *d = data;
  GError *error = NULL;
  gboolean ok = write_files (d, cancellable, &error);

  cutout_application_writer_finished (d->app);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The dialog's text: what was saved, then each image that was not. */
static char *
describe_problems (ExportData *d)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < d->report->failures->len; i++)
    g_string_append_printf (text, "%s\n", (char *) d->report->failures->pdata[i]);
  for (guint i = 0; i < d->report->notes->len; i++)
    g_string_append_printf (text, "%s\n", (char *) d->report->notes->pdata[i]);
  for (guint i = 0; i < d->not_done->len; i++)
    g_string_append_printf (text, "%s\n", (char *) d->not_done->pdata[i]);
  if (text->len > 0)
    g_string_truncate (text, text->len - 1);
  return g_string_free (text, FALSE);
}

/* What a batch did: a notification if every image was written with nothing
 * to say; else a dialog listing those not written, and those enlarged to
 * fit a product photo's frame. */
static void
tell_batch (CutoutWindow *self, ExportData *d, const char *shown)
{
  guint n = d->report->n_written, all = d->items->len + d->not_done->len;
  gboolean complete = d->report->failures->len == 0 && d->not_done->len == 0;
  g_autofree char *title = NULL, *body = NULL;

  if (complete)
    title = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "%u image saved in %s", "%u images saved in %s", n), n,
        shown);
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u Image Saved in %s",
                                          "%u of %u Images Saved in %s", all),
                             n, all, shown);
  /* Open: the archive, or the folder. */
  if (complete && d->report->notes->len == 0)
    {
      cutout_window_show_saved (self, title, d->destination, !d->zip);
      return;
    }
  body = describe_problems (d);
  cutout_window_show_message (self, title, body);
}

static void
export_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ExportData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr (CutoutWindow) self = g_weak_ref_get (&d->window);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = g_filename_display_basename (d->destination);
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_application_release (G_APPLICATION (d->app));
  /* Closed meanwhile: the files are written all the same. Given up as the
   * app quits: nothing to tell. */
  if (self == NULL || cutout_window_get_settings (self) == NULL
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      cutout_window_show_message (self, _ ("Not Saved"), error->message);
      return;
    }
  if (d->single)
    {
      g_autofree char *text = g_strdup_printf (_ ("Saved %s"), shown);
      cutout_window_show_saved (self, text, d->destination, FALSE);
      return;
    }
  tell_batch (self, d, shown);
}

static void
start_export (CutoutWindow *self, ExportData *d)
{
  g_autoptr (GTask) task = NULL;

  d->app = CUTOUT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  /* The task does not hold the window: it may close while files are written. */
  task = g_task_new (NULL, cutout_application_get_cancellable (d->app), export_done_cb, NULL);
  g_weak_ref_init (&d->window, self);
  /* The app stays until the files are complete, even if the window goes. */
  g_application_hold (G_APPLICATION (d->app));
  cutout_application_writer_started (d->app);
  g_task_set_task_data (task, d, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static ExportData *
export_data_new (CutoutWindow *self, const char *destination)
{
  ExportData *d = g_new0 (ExportData, 1);

  d->inputs = cutout_inputs_new (G_LIST_MODEL (cutout_window_get_queue (self)));
  d->items = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_export_item_free);
  d->not_done = g_ptr_array_new_with_free_func (g_free);
  d->destination = g_strdup (destination);
  return d;
}

/* Writes @job's cut-out at exactly @path, as @format (a name for
 * cutout_format_parse(): the file type chosen in the dialog; NULL: the
 * export setting's), unless @path's extension names a format. No
 * extension is ever added: inside the sandbox, the file chosen is the one
 * file the app may write there. */
void
cutout_window_export_job_as (CutoutWindow *self,
                             CutoutJob *job,
                             const char *path,
                             const char *format)
{
  CutoutExportItem *item = item_for (self, job);
  ExportData *d;

  if (item == NULL)
    {
      /* (Re-run while a dialog was open.) */
      g_autofree char *text = g_strdup_printf (_ ("%s is not cut out any more: save it when it "
                                                  "is done"),
                                               cutout_job_get_display_name (job));
      cutout_window_show_message (self, _ ("Not Saved"), text);
      return;
    }
  d = export_data_new (self, path);
  g_ptr_array_add (d->items, item);
  d->single = TRUE;
  export_options (self, path, format, &d->options);
  start_export (self, d);
}

/* Writes @job's cut-out at @path (its format from the extension, or the
 * export setting). */
void
cutout_window_export_job_to (CutoutWindow *self, CutoutJob *job, const char *path)
{
  cutout_window_export_job_as (self, job, path, NULL);
}

/* The finished images of the queue into @d's items, the others into its
 * list of those not done. */
static void
add_finished (CutoutWindow *self, ExportData *d)
{
  GListModel *queue = G_LIST_MODEL (cutout_window_get_queue (self));

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (queue, i);
      CutoutExportItem *item = item_for (self, job);
      if (item != NULL)
        g_ptr_array_add (d->items, item);
      else if (cutout_job_get_state (job) == CUTOUT_JOB_FAILED)
        g_ptr_array_add (d->not_done, g_strdup_printf ("%s: %s", cutout_job_get_display_name (job),
                                                       cutout_job_get_error_message (job)));
      else
        g_ptr_array_add (d->not_done, g_strdup_printf (_ ("%s: not cut out yet"),
                                                       cutout_job_get_display_name (job)));
    }
}

/* Writes every finished image of the queue into the ZIP archive (or the
 * folder) @destination; the others are listed afterwards. */
void
cutout_window_export_all_to (CutoutWindow *self, const char *destination, gboolean zip)
{
  ExportData *d = export_data_new (self, destination);

  d->zip = zip;
  export_options (self, NULL, NULL, &d->options);
  add_finished (self, d);
  start_export (self, d);
}

/* Product photos of @preset: of @job at exactly @destination, or with no
 * @job of every finished image into the folder or the ZIP archive
 * @destination; the images enlarged to fit are listed afterwards, with
 * those that could not be made. */
void
cutout_window_export_products (CutoutWindow *self,
                               CutoutJob *job,
                               const CutoutProductPreset *preset,
                               const char *destination,
                               gboolean zip)
{
  CutoutExportItem *item = job ? item_for (self, job) : NULL;
  ExportData *d;

  if (job != NULL && item == NULL)
    {
      g_autofree char *text = g_strdup_printf (_ ("%s is not cut out any more: save it when it "
                                                  "is done"),
                                               cutout_job_get_display_name (job));
      cutout_window_show_message (self, _ ("Not Saved"), text);
      return;
    }
  d = export_data_new (self, destination);
  d->zip = zip;
  export_options (self, NULL, NULL, &d->options);
  d->preset = *preset;
  d->options.product = &d->preset;
  d->single = job != NULL;
  if (item != NULL)
    g_ptr_array_add (d->items, item);
  else
    add_finished (self, d);
  start_export (self, d);
}

/* The file chooser -------------------------------------------------------------------- */

typedef struct
{
  CutoutWindow *self;
  CutoutJob *job; /* NULL: the whole queue */
  gboolean zip;
} ChooserData;

static void
chooser_data_free (ChooserData *c)
{
  g_clear_object (&c->job);
  g_free (c);
}

/* The file chosen, written at exactly its name: the dialog asked about
 * that one before it was replaced, and inside the sandbox it is the only
 * file the portal lets the app write there. */
static void
export_chooser_response_cb (GtkNativeDialog *dialog, int response, ChooserData *c)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL && c->job != NULL)
    {
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      const char *format = filter ? g_object_get_data (G_OBJECT (filter), "cutout-format") : NULL;
      cutout_window_export_job_as (c->self, c->job, path, format);
    }
  else if (path != NULL)
    cutout_window_export_all_to (c->self, path, c->zip);
  g_object_set_data (G_OBJECT (c->self), "cutout-export-chooser", NULL);
}

/* A file type of the save dialog: @format (cutout_format_parse()'s name)
 * for the files ending in @suffix. */
static GtkFileFilter *
format_filter (const char *title, const char *format, const char *suffix)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, title);
  gtk_file_filter_add_suffix (filter, suffix);
  if (g_str_equal (suffix, "jpg"))
    gtk_file_filter_add_suffix (filter, "jpeg");
  if (format != NULL)
    g_object_set_data_full (G_OBJECT (filter), "cutout-format", g_strdup (format), g_free);
  return filter;
}

/* The dialog's file types, one per format, that of @current selected. */
static void
add_format_filters (GtkFileChooser *chooser, CutoutFormat current)
{
  const struct
  {
    const char *title, *format, *suffix;
    CutoutFormat id;
  } types[] = {
    { _ ("PNG Image"), "png", "png", CUTOUT_FORMAT_PNG },
    { _ ("WebP Image"), "webp", "webp", CUTOUT_FORMAT_WEBP },
    { _ ("JPEG Image"), "jpg", "jpg", CUTOUT_FORMAT_JPEG },
    { _ ("Mask (PNG)"), "mask", "png", CUTOUT_FORMAT_MASK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr (GtkFileFilter) filter
          = format_filter (types[i].title, types[i].format, types[i].suffix);
      gtk_file_chooser_add_filter (chooser, filter);
      if (types[i].id == current)
        gtk_file_chooser_set_filter (chooser, filter);
    }
}

/* Asks where to save; @format: the cut-out's file type (-1: none, for the
 * whole queue). */
static void
open_chooser (CutoutWindow *self,
              ChooserData *c,
              GtkFileChooserAction action,
              const char *title,
              const char *folder,
              const char *name,
              int format)
{
  GtkFileChooserNative *chooser
      = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, _ ("_Save"), _ ("_Cancel"));

  c->self = self;
  if (format >= 0)
    add_format_filters (GTK_FILE_CHOOSER (chooser), format);
  else if (c->zip)
    {
      g_autoptr (GtkFileFilter) filter = format_filter (_ ("ZIP Archive"), NULL, "zip");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
    }
  if (folder != NULL)
    {
      g_autoptr (GFile) dir = g_file_new_for_path (folder);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
    }
  if (name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_data (chooser, "response", G_CALLBACK (export_chooser_response_cb), c,
                         (GClosureNotify) (void (*) (void)) chooser_data_free, 0);
  /* The window keeps the dialog while it is open. */
  g_object_set_data_full (G_OBJECT (self), "cutout-export-chooser", chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The name proposed for a cut-out: found in a thread, which looks at the
 * files of the queue. */
typedef struct
{
  CutoutJob *job;
  CutoutInputs *inputs;
  char *folder;
  CutoutExportOptions options;
  char *name; /* NAME-cutout.EXT, or NAME-cutout-2.EXT… if that is an image of the queue */
} Proposal;

static void
proposal_free (Proposal *p)
{
  g_clear_object (&p->job);
  cutout_inputs_free (p->inputs);
  g_free (p->folder);
  g_free (p->name);
  g_free (p);
}

static void
propose_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Proposal *p = data;
  g_autofree char *path
      = cutout_inputs_free_path (p->inputs, p->folder, cutout_job_get_path (p->job), &p->options);

  p->name = g_path_get_basename (path);
  g_task_return_boolean (task, TRUE);
}

static void
proposed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutWindow *self = CUTOUT_WINDOW (source);
  Proposal *p = g_task_get_task_data (G_TASK (result));
  ChooserData *c;

  /* Closed, or run again, meanwhile. */
  if (cutout_window_get_settings (self) == NULL || cutout_job_get_state (p->job) != CUTOUT_JOB_DONE)
    return;
  c = g_new0 (ChooserData, 1);
  c->job = g_object_ref (p->job);
  open_chooser (self, c, GTK_FILE_CHOOSER_ACTION_SAVE, _ ("Save Cutout"), p->folder, p->name,
                p->options.format);
}

/* Ctrl+S: asks where, proposing NAME-cutout.EXT beside the photo, or
 * NAME-cutout-2.EXT… if that is an image of the queue itself. */
void
cutout_window_export_selected (CutoutWindow *self)
{
  CutoutJob *job = cutout_window_get_selected_job (self);
  g_autoptr (GTask) task = NULL;
  Proposal *p;

  if (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE)
    return;
  p = g_new0 (Proposal, 1);
  export_options (self, NULL, NULL, &p->options);
  p->job = g_object_ref (job);
  p->inputs = cutout_inputs_new (G_LIST_MODEL (cutout_window_get_queue (self)));
  p->folder = g_path_get_dirname (cutout_job_get_path (job));
  task = g_task_new (self, NULL, proposed_cb, NULL);
  g_task_set_task_data (task, p, (GDestroyNotify) proposal_free);
  g_task_run_in_thread (task, propose_thread);
}

/* The save dialog open, or NULL. */
GtkFileChooser *
cutout_window_get_export_chooser (CutoutWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "cutout-export-chooser");
}

/* Ctrl+Shift+S: asks for the archive (or the folder) for the whole queue. */
void
cutout_window_export_all (CutoutWindow *self, gboolean zip)
{
  ChooserData *c = g_new0 (ChooserData, 1);
  g_autofree char *folder
      = g_settings_get_string (cutout_window_get_settings (self), "last-folder");

  c->zip = zip;
  if (zip)
    open_chooser (self, c, GTK_FILE_CHOOSER_ACTION_SAVE, _ ("Save All as ZIP"),
                  folder[0] ? folder : NULL, _ ("cutouts.zip"), -1);
  else
    open_chooser (self, c, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _ ("Save All to Folder"),
                  folder[0] ? folder : NULL, NULL, -1);
}
