/* cutout-id-bar.c: the ID photo tools over the preview
 *
 * With a finished image, the bar shows a crop frame of the chosen print
 * size's proportions on the preview (placed from the subject's mask, then
 * moved and scaled by hand there), the cutout on the chosen backdrop
 * colour, and saves the framed photo at the print size's exact pixels and
 * 300 DPI, with a print sheet if asked. Its choices are remembered in
 * GSettings.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-id-bar.h"
#include "cutout-id-photo.h"
#include "cutout-inputs.h"
#include "cutout-settings-map.h"
#include "cutout-tooltips.h"
#include "cutout-application.h"

struct _CutoutIdBar
{
  GtkWidget parent_instance;

  GtkDropDown *size_dropdown;
  GtkWidget *custom_box;
  GtkSpinButton *width_spin, *height_spin;
  GtkColorButton *color_button;
  GtkButton *reset_button, *save_button;
  GtkLabel *note_label; /* the photo is enlarged for the print */

  GSettings *settings;
  CutoutCanvas *canvas;  /* weak: the window's, which outlives the bar's use */
  CutoutJob *job;        /* the image framed, or NULL: the bar is off */
  GListModel *inputs;    /* CutoutJobs: the photos no saved file may replace */
  GCancellable *placing; /* the frame being placed, in a thread */

  /* The save dialog while it is open, and the image it was opened for;
   * the print sheet's dialog, with the photo's file chosen in the first. */
  GtkFileChooserNative *chooser;
  CutoutJob *chooser_job; /* compared only: the dialog is modal */
  char *photo_path;
  gboolean photo_png;
};

G_DEFINE_FINAL_TYPE (CutoutIdBar, cutout_id_bar, GTK_TYPE_WIDGET)

/* What the bar tells, for its window to show. */
enum
{
  MESSAGE,          /* a title, and a text or NULL */
  SAVED,            /* what was saved, and the file */
  BACKDROP_CHANGED, /* the backdrop the ID photo will have (cutout_id_bar_get_background ()) */
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The size names of the "id-size" setting, in the dropdown's order. */
static const char *const size_names[] = { "1inch", "2inch", "passport", "custom", NULL };

void
cutout_id_bar_get_size (CutoutIdBar *self, double *width_mm, double *height_mm)
{
  g_autofree char *name = g_settings_get_string (self->settings, "id-size");

  if (g_str_equal (name, "custom") || !cutout_id_size_parse (name, width_mm, height_mm, NULL))
    {
      *width_mm = g_settings_get_double (self->settings, "id-width-mm");
      *height_mm = g_settings_get_double (self->settings, "id-height-mm");
    }
}

void
cutout_id_bar_get_background (CutoutIdBar *self, guint8 rgb[3])
{
  g_autofree char *name = g_settings_get_string (self->settings, "id-backdrop");

  rgb[0] = rgb[1] = rgb[2] = 255;
  if (g_str_equal (name, "custom"))
    cutout_settings_get_rgb (self->settings, "id-custom-colour", rgb);
  else
    cutout_color_parse (name, rgb);
}

/* The preview shows the cutout on the backdrop the photo will have: the
 * window is told to show it. */
static void
apply_backdrop (CutoutIdBar *self)
{
  if (self->job != NULL)
    g_signal_emit (self, signals[BACKDROP_CHANGED], 0);
}

/* Placing the frame: the mask is decompressed and searched for the head
 * in a thread (tens of milliseconds at 12 MP), not on the main loop. */
typedef struct
{
  GBytes *mask;
  int width, height;
  double aspect;
} PlaceData;

static void
place_data_free (PlaceData *d)
{
  g_bytes_unref (d->mask);
  g_free (d);
}

static void
place_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PlaceData *d = data;
  g_autoptr (CutoutImage) mask = cutout_mask_decompress (d->mask, d->width, d->height);
  CutoutBox *frame;

  if (mask == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "no mask");
      return;
    }
  frame = g_new (CutoutBox, 1);
  *frame = cutout_id_place_frame (mask, d->aspect);
  g_task_return_pointer (task, frame, g_free);
}

/* Says so when the frame holds fewer of the photo's pixels than the print
 * has: the photo will be enlarged and look soft. */
static void
update_note (CutoutIdBar *self)
{
  g_autofree char *text = NULL;
  double width_mm, height_mm, upscale;
  CutoutBox frame;
  int w, h;

  if (self->canvas != NULL && self->job != NULL && cutout_canvas_get_frame (self->canvas, &frame))
    {
      cutout_id_bar_get_size (self, &width_mm, &height_mm);
      cutout_id_pixel_size (width_mm, height_mm, &w, &h);
      upscale = cutout_id_upscale (&frame, width_mm, height_mm);
      if (cutout_upscale_note (upscale, w, h) != NULL)
        text = g_strdup_printf (
            /* Translators: "Upscaled 2.4× to fit 295 × 413: …" */
            _ ("Upscaled %.1f× to fit %d × %d: the photo is small for this print and will look "
               "soft"),
            upscale, w, h);
    }
  gtk_label_set_text (self->note_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), text != NULL);
}

/* The note of the bar (the photo is enlarged), or NULL. */
const char *
cutout_id_bar_get_note (CutoutIdBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_ID_BAR (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
             ? gtk_label_get_text (self->note_label)
             : NULL;
}

static void
placed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutIdBar *self = CUTOUT_ID_BAR (source);
  PlaceData *d = g_task_get_task_data (G_TASK (result));
  g_autofree CutoutBox *frame = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Cancelled: another frame was asked for, or none. */
  if (frame != NULL && self->canvas != NULL && self->job != NULL)
    cutout_canvas_set_frame (self->canvas, frame, d->aspect);
  update_note (self);
}

/* The frame placed anew from the subject's mask, for the size chosen. */
void
cutout_id_bar_place_frame (CutoutIdBar *self)
{
  g_autoptr (GTask) task = NULL;
  double width_mm, height_mm;
  PlaceData *d;
  int w, h;

  g_return_if_fail (CUTOUT_IS_ID_BAR (self));

  g_cancellable_cancel (self->placing);
  g_clear_object (&self->placing);
  if (self->canvas == NULL || self->job == NULL)
    return;
  d = g_new0 (PlaceData, 1);
  d->mask = cutout_job_ref_mask_data (self->job);
  d->width = cutout_job_get_width (self->job);
  d->height = cutout_job_get_height (self->job);
  if (d->mask == NULL)
    {
      g_free (d);
      return;
    }
  cutout_id_bar_get_size (self, &width_mm, &height_mm);
  cutout_id_pixel_size (width_mm, height_mm, &w, &h);
  d->aspect = (double) w / h;
  self->placing = g_cancellable_new ();
  task = g_task_new (self, self->placing, placed_cb, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, d, (GDestroyNotify) place_data_free);
  g_task_run_in_thread (task, place_thread);
}

static void
size_changed_cb (GSettings *settings, const char *key, CutoutIdBar *self)
{
  g_autofree char *name = g_settings_get_string (settings, "id-size");

  gtk_widget_set_visible (self->custom_box, g_str_equal (name, "custom"));
  cutout_id_bar_place_frame (self);
}

static void
backdrop_changed_cb (GSettings *settings, const char *key, CutoutIdBar *self)
{
  g_autofree char *custom = g_settings_get_string (settings, "id-custom-colour");
  GdkRGBA rgba;

  if (gdk_rgba_parse (&rgba, custom))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  apply_backdrop (self);
}

static void
color_set_cb (GtkColorButton *button, CutoutIdBar *self)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  cutout_settings_set_custom_colour (self->settings, "id-custom-colour", "id-backdrop", &rgba);
}

/* Shows the frame and the backdrop for @job, a finished image (or, with
 * NULL, hides the frame: the bar is off). */
void
cutout_id_bar_set_job (CutoutIdBar *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_ID_BAR (self));

  g_set_object (&self->job, job);
  if (self->canvas == NULL)
    return;
  if (job == NULL)
    {
      g_cancellable_cancel (self->placing);
      cutout_canvas_set_frame (self->canvas, NULL, 1);
      update_note (self);
      return;
    }
  apply_backdrop (self);
  cutout_id_bar_place_frame (self);
}

CutoutJob *
cutout_id_bar_get_job (CutoutIdBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_ID_BAR (self), NULL);
  return self->job;
}

void
cutout_id_bar_set_canvas (CutoutIdBar *self, CutoutCanvas *canvas)
{
  g_return_if_fail (CUTOUT_IS_ID_BAR (self));
  if (self->canvas != NULL)
    g_signal_handlers_disconnect_by_data (self->canvas, self);
  self->canvas = canvas;
  /* Moved or scaled by hand: it may hold fewer pixels than the print. */
  if (canvas != NULL)
    g_signal_connect_swapped (canvas, "frame-changed", G_CALLBACK (update_note), self);
}

/* Saving ------------------------------------------------------------------------ */

typedef struct
{
  char *source;
  GBytes *mask; /* compressed: decompressed in the thread, not on the main loop */
  int mask_width, mask_height;
  CutoutBox frame;
  double width_mm, height_mm;
  CutoutExportOptions options;
  char *path;
  char *sheet_path;       /* or NULL: no print sheet */
  CutoutInputs *inputs;   /* the images of the queue: never written over */
  CutoutPhoto *photo;     /* the photo as the queue kept it, or NULL */
  CutoutApplication *app; /* waits for the thread as it quits */
  GWeakRef bar;           /* to tell, unless it has gone meanwhile */
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_free (d->source);
  g_clear_pointer (&d->mask, g_bytes_unref);
  g_free (d->path);
  g_free (d->sheet_path);
  cutout_inputs_free (d->inputs);
  cutout_photo_unref (d->photo);
  g_weak_ref_clear (&d->bar);
  g_free (d);
}

/* Whether the photo, or its print sheet, would go over another image of
 * the queue (the core refuses the photo's own). */
static gboolean
refuse_input (SaveData *d, GError **error)
{
  const char *paths[] = { d->path, d->sheet_path };

  for (guint i = 0; i < G_N_ELEMENTS (paths) && paths[i] != NULL; i++)
    {
      const char *input = cutout_inputs_find (d->inputs, paths[i]);
      if (input != NULL && !g_str_equal (input, d->source))
        {
          cutout_set_input_error (error, paths[i], TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
save (SaveData *d, GCancellable *cancellable, GError **error)
{
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autoptr (CutoutImage) mask = NULL;

  if (refuse_input (d, error))
    return FALSE;
  /* The queue's, unless the file changed since: then decoded again. */
  photo = cutout_photo_load_for (d->photo, d->source, d->mask_width, d->mask_height, error);
  if (photo == NULL)
    return FALSE;
  mask = cutout_mask_decompress (d->mask, d->mask_width, d->mask_height);
  if (mask == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("the cut-out of %s is damaged; cut it out again"), d->source);
      return FALSE;
    }
  return cutout_id_export (
      cutout_photo_get_image (photo), mask, &d->frame, d->width_mm, d->height_mm, d->sheet_path,
      &d->options, cutout_photo_get_metadata (photo), d->source, d->path, cancellable, error);
}

static void
save_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  SaveData *d = data;
  GError *error = NULL;
  gboolean ok = save (d, cancellable, &error);

  cutout_application_writer_finished (d->app);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  SaveData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr (CutoutIdBar) bar = g_weak_ref_get (&d->bar);
  g_autoptr (GError) error = NULL;
  g_autofree char *shown = g_filename_display_basename (d->path);

  g_application_release (G_APPLICATION (d->app));
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* (Given up as the app quits: nothing to tell.) */
      if (bar != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (bar, signals[MESSAGE], 0, _ ("Not Saved"), error->message);
      return;
    }
  if (bar != NULL && d->sheet_path != NULL)
    {
      g_autofree char *sheet = g_filename_display_basename (d->sheet_path);
      /* Translators: %s: the ID photo's file; %s: its print sheet's */
      g_autofree char *text = g_strdup_printf (_ ("Saved %s and %s"), shown, sheet);
      g_signal_emit (bar, signals[SAVED], 0, text, d->path);
    }
  else if (bar != NULL)
    {
      g_autofree char *text = g_strdup_printf (_ ("Saved %s"), shown);
      g_signal_emit (bar, signals[SAVED], 0, text, d->path);
    }
}

static gboolean
ends_with (const char *path, const char *suffix)
{
  gsize n = strlen (path), m = strlen (suffix);

  return n >= m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

/* Writes the framed photo at exactly @path, and with a @sheet_path its
 * print sheet there, as PNGs if @png, else as JPEGs. */
static void
save_as (CutoutIdBar *self, const char *path, const char *sheet_path, gboolean png)
{
  g_autoptr (GTask) task = NULL;
  SaveData *d;

  if (self->job == NULL || self->canvas == NULL)
    return;
  d = g_new0 (SaveData, 1);
  d->mask = cutout_job_ref_mask_data (self->job);
  d->mask_width = cutout_job_get_width (self->job);
  d->mask_height = cutout_job_get_height (self->job);
  if (d->mask == NULL || !cutout_canvas_get_frame (self->canvas, &d->frame))
    {
      g_autofree char *text = g_strdup_printf (_ ("%s is not cut out any more: save it when it "
                                                  "is done"),
                                               cutout_job_get_display_name (self->job));
      g_signal_emit (self, signals[MESSAGE], 0, _ ("Not Saved"), text);
      save_data_free (d);
      return;
    }
  d->source = g_strdup (cutout_job_get_path (self->job));
  cutout_id_bar_get_size (self, &d->width_mm, &d->height_mm);
  cutout_export_options_init (&d->options);
  d->options.format = png ? CUTOUT_FORMAT_PNG : CUTOUT_FORMAT_JPEG;
  d->options.quality = 95; /* for print */
  /* As the preview shows it, and as other exports are written. */
  d->options.clean_colours = g_settings_get_boolean (self->settings, "export-clean-colours");
  cutout_id_bar_get_background (self, d->options.background);
  d->path = g_strdup (path);
  d->sheet_path = g_strdup (sheet_path);
  d->inputs = cutout_inputs_new (self->inputs);
  if (CUTOUT_IS_QUEUE (self->inputs))
    d->photo = cutout_queue_ref_photo (CUTOUT_QUEUE (self->inputs), self->job);
  g_weak_ref_init (&d->bar, self);
  /* The app stays until the files are complete, even if the window goes. */
  d->app = CUTOUT_APPLICATION (g_application_get_default ());
  g_application_hold (G_APPLICATION (d->app));
  cutout_application_writer_started (d->app);
  task = g_task_new (NULL, cutout_application_get_cancellable (d->app), save_done_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/* Writes the framed photo at @path, and with a @sheet_path (or NULL) its
 * print sheet there: PNGs if @path ends so, else JPEGs. Only the files
 * given are written, never one beside them. */
void
cutout_id_bar_save_to (CutoutIdBar *self, const char *path, const char *sheet_path)
{
  g_return_if_fail (CUTOUT_IS_ID_BAR (self));
  g_return_if_fail (path != NULL);

  save_as (self, path, sheet_path, ends_with (path, ".png"));
}

/* The save dialogs ----------------------------------------------------------------- */

/* The dialog's file types: JPEG (first, for print) and PNG. */
static void
add_filters (GtkFileChooser *chooser, gboolean png)
{
  for (int i = 0; i < 2; i++)
    {
      g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, i == 0 ? _ ("JPEG Image") : _ ("PNG Image"));
      gtk_file_filter_add_suffix (filter, i == 0 ? "jpg" : "png");
      if (i == 0)
        gtk_file_filter_add_suffix (filter, "jpeg");
      g_object_set_data (G_OBJECT (filter), "cutout-png", GINT_TO_POINTER (i == 1));
      gtk_file_chooser_add_filter (chooser, filter);
      if (i == (png ? 1 : 0))
        gtk_file_chooser_set_filter (chooser, filter);
    }
}

/* Whether the photo chosen in @dialog is to be a PNG: its name says so,
 * or, if it names neither format, the file type chosen. */
static gboolean
chosen_png (GtkFileChooser *dialog, const char *path)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (dialog);

  if (ends_with (path, ".png"))
    return TRUE;
  if (ends_with (path, ".jpg") || ends_with (path, ".jpeg"))
    return FALSE;
  return filter != NULL && g_object_get_data (G_OBJECT (filter), "cutout-png") != NULL;
}

static void
drop_chooser (CutoutIdBar *self)
{
  if (self->chooser != NULL)
    g_signal_handlers_disconnect_by_data (self->chooser, self);
  g_clear_object (&self->chooser);
  self->chooser_job = NULL;
}

static GtkFileChooserNative *
new_chooser (
    CutoutIdBar *self, const char *title, const char *folder, const char *name, gboolean png)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
      title, GTK_WINDOW (root), GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Save"), _ ("_Cancel"));
  g_autoptr (GFile) dir = g_file_new_for_path (folder);

  add_filters (GTK_FILE_CHOOSER (chooser), png);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The bar keeps the dialog while it is open. */
  drop_chooser (self);
  self->chooser = chooser;
  self->chooser_job = self->job;
  return chooser;
}

/* The print sheet's dialog answered: the photo is saved, with the sheet
 * if one was chosen (cancelled, the photo alone). */
static void
sheet_chooser_response_cb (GtkNativeDialog *dialog, int response, CutoutIdBar *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *sheet = NULL;
  g_autofree char *path = g_steal_pointer (&self->photo_path);
  gboolean opened_for_this = self->job == self->chooser_job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  sheet = file ? g_file_get_path (file) : NULL;
  drop_chooser (self);
  if (path != NULL && opened_for_this)
    save_as (self, path, sheet, self->photo_png);
}

/* With Print Sheet, asks where the sheet goes, in a dialog of its own:
 * inside the sandbox, the app may write only the files the user chose,
 * so it never puts one beside the photo unasked. */
static void
ask_for_sheet (CutoutIdBar *self, const char *path, gboolean png)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *sheet = cutout_id_sheet_path (path);
  g_autofree char *name = g_path_get_basename (sheet);
  GtkFileChooserNative *chooser = new_chooser (self, _ ("Save Print Sheet"), folder, name, png);

  g_free (self->photo_path);
  self->photo_path = g_strdup (path);
  self->photo_png = png;
  g_signal_connect (chooser, "response", G_CALLBACK (sheet_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The photo's dialog answered: saved at exactly the name chosen (inside
 * the sandbox, the one file the portal grants); no extension is added, the
 * file type chosen decides the format of a name without one. */
static void
chooser_response_cb (GtkNativeDialog *dialog, int response, CutoutIdBar *self)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *path = NULL;
  gboolean png;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file ? g_file_get_path (file) : NULL;
  /* (The dialog is modal: the image is still the one it was opened for.) */
  if (path == NULL || self->job != self->chooser_job)
    {
      drop_chooser (self);
      return;
    }
  png = chosen_png (GTK_FILE_CHOOSER (dialog), path);
  /* (This drops the dialog: nothing of it is used below.) */
  drop_chooser (self);
  if (g_settings_get_boolean (self->settings, "id-print-sheet"))
    ask_for_sheet (self, path, png);
  else
    save_as (self, path, NULL, png);
}

/* Asks where, proposing NAME-id.jpg beside the photo. */
static void
save_clicked_cb (GtkButton *button, CutoutIdBar *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *folder = NULL, *base = NULL, *name = NULL;
  char *dot;

  if (self->job == NULL)
    return;
  folder = g_path_get_dirname (cutout_job_get_path (self->job));
  base = g_path_get_basename (cutout_job_get_path (self->job));
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  name = g_strconcat (base, "-id.jpg", NULL);
  chooser = new_chooser (self, _ ("Save ID Photo"), folder, name, FALSE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The dialog open, or NULL (for the tests). */
GtkFileChooser *
cutout_id_bar_get_chooser (CutoutIdBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_ID_BAR (self), NULL);
  return self->chooser ? GTK_FILE_CHOOSER (self->chooser) : NULL;
}

static void
reset_clicked_cb (GtkButton *button, CutoutIdBar *self)
{
  cutout_id_bar_place_frame (self);
}

/* Setup -------------------------------------------------------------------------- */

static void
cutout_id_bar_dispose (GObject *object)
{
  CutoutIdBar *self = CUTOUT_ID_BAR (object);

  drop_chooser (self);
  g_cancellable_cancel (self->placing);
  g_clear_object (&self->placing);
  g_clear_pointer (&self->photo_path, g_free);
  g_clear_object (&self->job);
  g_clear_object (&self->inputs);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_ID_BAR);
  /* The template's top box has no name for the line above to find. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cutout_id_bar_parent_class)->dispose (object);
}

static void
cutout_id_bar_class_init (CutoutIdBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_id_bar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-id-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, custom_box);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, width_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, height_spin);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, color_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, reset_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, save_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutIdBar, note_label);
  gtk_widget_class_bind_template_callback (widget_class, color_set_cb);
  gtk_widget_class_set_css_name (widget_class, "cutout-id-bar");

  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[BACKDROP_CHANGED] = g_signal_new ("backdrop-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
cutout_id_bar_init (CutoutIdBar *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  cutout_tooltips_fix (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  /* The backdrop toggles and the print sheet check act on the settings. */
  for (guint i = 0; i < 2; i++)
    {
      const char *key = i == 0 ? "id-backdrop" : "id-print-sheet";
      g_autoptr (GAction) action = g_settings_create_action (self->settings, key);
      g_action_map_add_action (G_ACTION_MAP (group), action);
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "id", G_ACTION_GROUP (group));
  g_settings_bind_with_mapping (self->settings, "id-size", self->size_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, cutout_settings_name_to_index,
                                cutout_settings_index_to_name, (gpointer) size_names, NULL);
  g_settings_bind (self->settings, "id-width-mm", self->width_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "id-height-mm", self->height_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (self->settings, "changed::id-size", G_CALLBACK (size_changed_cb), self);
  g_signal_connect (self->settings, "changed::id-width-mm", G_CALLBACK (size_changed_cb), self);
  g_signal_connect (self->settings, "changed::id-height-mm", G_CALLBACK (size_changed_cb), self);
  g_signal_connect (self->settings, "changed::id-backdrop", G_CALLBACK (backdrop_changed_cb), self);
  g_signal_connect (self->settings, "changed::id-custom-colour", G_CALLBACK (backdrop_changed_cb),
                    self);
  g_signal_connect (self->reset_button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  g_signal_connect (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  size_changed_cb (self->settings, NULL, self);
  backdrop_changed_cb (self->settings, NULL, self);
}

/* The photos (CutoutJobs) that no file saved may replace: the window's queue. */
void
cutout_id_bar_set_inputs (CutoutIdBar *self, GListModel *inputs)
{
  g_return_if_fail (CUTOUT_IS_ID_BAR (self));
  g_set_object (&self->inputs, inputs);
}
