/* cutout-product-bar.c: the product photo tools over the preview
 *
 * With a finished image, the bar shows on the preview the product photo
 * it would save, exactly (made in a thread, at the preset's size, each
 * time a choice changes): the shop's frame, the margin, the placement,
 * the backdrop, the shadow. It saves that photo, or one of every finished
 * image of the queue into a folder or a ZIP archive, and says which ones
 * had to be enlarged (they will look soft). Its choices are remembered in
 * GSettings. It asks its window to write the files ("save").
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cutout-id-photo.h"
#include "cutout-mask.h"
#include "cutout-product-bar.h"
#include "cutout-settings-map.h"
#include "cutout-tooltips.h"

struct _CutoutProductBar
{
  GtkWidget parent_instance;

  GtkDropDown *preset_dropdown, *align_dropdown, *shadow_dropdown, *format_dropdown;
  GtkSpinButton *square_spin, *width_spin, *height_spin, *margin_spin, *cap_spin;
  GtkWidget *custom_box, *cap_box, *shadow_button;
  GtkScale *strength_scale, *softness_scale, *direction_scale;
  GtkColorButton *color_button;
  GtkLabel *note_label;
  GtkWidget *save_button;

  GSettings *settings;
  CutoutQueue *queue; /* the window's: the photos it keeps */
  CutoutJob *job;     /* the image shown as a product photo, or NULL: the bar is off */

  /* The preview: one made at a time; a change meanwhile makes it again
   * once that one is done. */
  GCancellable *rendering;
  gboolean render_again;
  guint render_timeout;
  GdkTexture *preview;
  char *note;

  GtkFileChooserNative *chooser;
  CutoutJob *chooser_job; /* compared only: the dialog is modal */
};

G_DEFINE_FINAL_TYPE (CutoutProductBar, cutout_product_bar, GTK_TYPE_WIDGET)

enum
{
  SAVE,            /* where, whether all the queue's, and whether into a ZIP archive */
  PREVIEW_CHANGED, /* cutout_product_bar_get_preview () */
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The "product-preset" setting's names, in the dropdown's order, and the
 * core's presets for them ("square" and "custom" take the sizes set). */
static const char *const preset_names[]
    = { "amazon", "taobao", "jd", "shopify", "square", "custom", NULL };
static const char *const align_names[] = { "center", "floor", NULL };
static const char *const shadow_names[] = { "none", "contact", "keep", NULL };
static const char *const format_names[] = { "jpg", "png", "webp", NULL };

/* What to wait, after a choice changes, before making the preview: a
 * spin button held down changes many times a second. */
#define RENDER_DELAY_MS 120

/* The preset ---------------------------------------------------------------------- */

static void
get_size (CutoutProductBar *self, const char *name, char **text)
{
  if (g_str_equal (name, "square"))
    *text
        = g_strdup_printf ("square:%d", g_settings_get_int (self->settings, "product-square-size"));
  else if (g_str_equal (name, "custom"))
    *text = g_strdup_printf ("%dx%d", g_settings_get_int (self->settings, "product-width"),
                             g_settings_get_int (self->settings, "product-height"));
  else
    *text = g_strdup (name);
}

static int
setting_index (GSettings *settings, const char *key, const char *const *names)
{
  g_autofree char *name = g_settings_get_string (settings, key);

  for (int i = 0; names[i] != NULL; i++)
    if (g_str_equal (name, names[i]))
      return i;
  return 0;
}

/* The choices made, as the core's preset. */
void
cutout_product_bar_get_preset (CutoutProductBar *self, CutoutProductPreset *p)
{
  g_autofree char *name = g_settings_get_string (self->settings, "product-preset");
  g_autofree char *size = NULL;
  g_autofree char *backdrop = g_settings_get_string (self->settings, "product-backdrop");
  static const CutoutFormat formats[]
      = { CUTOUT_FORMAT_JPEG, CUTOUT_FORMAT_PNG, CUTOUT_FORMAT_WEBP };

  g_return_if_fail (CUTOUT_IS_PRODUCT_BAR (self));

  get_size (self, name, &size);
  if (!cutout_product_preset_parse (size, p, NULL))
    cutout_product_preset_parse ("amazon", p, NULL);
  cutout_product_preset_set_margin (p,
                                    g_settings_get_double (self->settings, "product-margin") / 100);
  p->align = setting_index (self->settings, "product-align", align_names);
  p->shadow = setting_index (self->settings, "product-shadow", shadow_names);
  p->shadow_strength = g_settings_get_double (self->settings, "product-shadow-strength") / 100;
  p->shadow_softness = g_settings_get_double (self->settings, "product-shadow-softness") / 100;
  p->shadow_direction = g_settings_get_double (self->settings, "product-shadow-direction") / 100;
  p->transparent = g_str_equal (backdrop, "transparent");
  if (g_str_equal (backdrop, "custom"))
    cutout_settings_get_rgb (self->settings, "product-custom-colour", p->backdrop);
  p->format = formats[setting_index (self->settings, "product-format", format_names)];
  /* A JPEG cannot be transparent: the bar keeps the two apart, and this
   * holds whatever the settings say. */
  if (p->transparent && p->format == CUTOUT_FORMAT_JPEG)
    p->format = CUTOUT_FORMAT_PNG;
  p->quality = g_settings_get_int (self->settings, "export-quality");
  p->lossy = g_settings_get_boolean (self->settings, "export-webp-lossy");
  if (p->format == CUTOUT_FORMAT_JPEG)
    p->max_bytes = (gsize) g_settings_get_int (self->settings, "product-max-kb") * 1000;
}

/* The preview ---------------------------------------------------------------------- */

typedef struct
{
  GBytes *mask;
  int width, height;
  char *source;
  CutoutPhoto *photo; /* as the queue kept it, or NULL: decoded again */
  CutoutProductPreset preset;
  gboolean clean_colours;
  double upscale;
} RenderData;

static void
render_data_free (RenderData *d)
{
  g_clear_pointer (&d->mask, g_bytes_unref);
  g_free (d->source);
  cutout_photo_unref (d->photo);
  g_free (d);
}

static GdkTexture *
texture_take (CutoutImage *image)
{
  g_autoptr (GBytes) bytes
      = g_bytes_new_with_free_func (image->pixels, cutout_image_stride (image) * image->height,
                                    (GDestroyNotify) cutout_image_free, image);

  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8, bytes,
                                 cutout_image_stride (image));
}

static void
render_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  RenderData *d = data;
  g_autoptr (CutoutImage) mask = cutout_mask_decompress (d->mask, d->width, d->height);
  g_autoptr (CutoutPhoto) photo = NULL;
  CutoutImage *framed;
  GError *error = NULL;

  if (mask == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               _ ("the cut-out of %s is damaged; cut it out again"), d->source);
      return;
    }
  photo = cutout_photo_load_for (d->photo, d->source, d->width, d->height, &error);
  framed = photo ? cutout_product_render (cutout_photo_get_image (photo), mask, &d->preset,
                                          d->clean_colours, &d->upscale, NULL, &error)
                 : NULL;
  if (framed == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture_take (framed), g_object_unref);
}

static void render_now (CutoutProductBar *self);

static void
set_note (CutoutProductBar *self, char *note)
{
  g_free (self->note);
  self->note = note;
  gtk_label_set_text (self->note_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), note != NULL);
}

/* What the preview tells: how much the product was enlarged, if enough to
 * look soft. */
static char *
describe_upscale (const RenderData *d)
{
  if (cutout_upscale_note (d->upscale, d->preset.width, d->preset.height) == NULL)
    return NULL;
  return g_strdup_printf (
      /* Translators: "Upscaled 2.4× to fit 2000 × 2000: …" */
      _ ("Upscaled %.1f× to fit %d × %d: the photo is small for this frame and will look soft"),
      d->upscale, d->preset.width, d->preset.height);
}

static void
rendered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutProductBar *self = CUTOUT_PRODUCT_BAR (source);
  RenderData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->rendering);
  if (self->render_again)
    {
      render_now (self);
      return;
    }
  g_set_object (&self->preview, texture);
  set_note (self, texture ? describe_upscale (d) : g_strdup (error->message));
  g_signal_emit (self, signals[PREVIEW_CHANGED], 0);
}

static void
render_now (CutoutProductBar *self)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (GBytes) mask = NULL;
  RenderData *d;

  self->render_again = FALSE;
  if (self->rendering != NULL)
    {
      self->render_again = TRUE;
      return;
    }
  mask = self->job ? cutout_job_ref_mask_data (self->job) : NULL;
  if (mask == NULL)
    return;
  d = g_new0 (RenderData, 1);
  d->mask = g_steal_pointer (&mask);
  d->width = cutout_job_get_width (self->job);
  d->height = cutout_job_get_height (self->job);
  d->source = g_strdup (cutout_job_get_path (self->job));
  if (self->queue != NULL)
    d->photo = cutout_queue_ref_photo (self->queue, self->job);
  cutout_product_bar_get_preset (self, &d->preset);
  d->clean_colours = g_settings_get_boolean (self->settings, "export-clean-colours");
  self->rendering = g_cancellable_new ();
  task = g_task_new (self, self->rendering, rendered_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
render_timeout_cb (gpointer data)
{
  CutoutProductBar *self = data;

  self->render_timeout = 0;
  render_now (self);
  return G_SOURCE_REMOVE;
}

/* The preview made again, shortly (choices come in bursts). */
static void
render_soon (CutoutProductBar *self)
{
  if (self->job == NULL)
    return;
  g_clear_handle_id (&self->render_timeout, g_source_remove);
  self->render_timeout = g_timeout_add (RENDER_DELAY_MS, render_timeout_cb, self);
}

static void
stop_rendering (CutoutProductBar *self)
{
  g_clear_handle_id (&self->render_timeout, g_source_remove);
  g_cancellable_cancel (self->rendering);
  g_clear_object (&self->rendering);
  self->render_again = FALSE;
  g_clear_object (&self->preview);
  set_note (self, NULL);
}

/* Shows @job, a finished image, as a product photo (or, with NULL, stops:
 * the bar is off). */
void
cutout_product_bar_set_job (CutoutProductBar *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_PRODUCT_BAR (self));

  if (job == self->job && job != NULL)
    return;
  g_set_object (&self->job, job);
  stop_rendering (self);
  if (job != NULL)
    render_now (self);
  g_signal_emit (self, signals[PREVIEW_CHANGED], 0);
}

CutoutJob *
cutout_product_bar_get_job (CutoutProductBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_PRODUCT_BAR (self), NULL);
  return self->job;
}

/* The product photo as it would be saved, once made (or NULL). */
GdkTexture *
cutout_product_bar_get_preview (CutoutProductBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_PRODUCT_BAR (self), NULL);
  return self->preview;
}

/* What the bar says of the preview (enlarged, no subject), or NULL. */
const char *
cutout_product_bar_get_note (CutoutProductBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_PRODUCT_BAR (self), NULL);
  return self->note;
}

void
cutout_product_bar_set_queue (CutoutProductBar *self, CutoutQueue *queue)
{
  g_return_if_fail (CUTOUT_IS_PRODUCT_BAR (self));
  g_set_object (&self->queue, queue);
}

/* Saving ----------------------------------------------------------------------------- */

/* Asks for the product photo of the image shown to be written at exactly
 * @path, in the format chosen (whatever the name's extension: inside the
 * sandbox, the file chosen is the one file the app may write there); the
 * window writes it ("save"). */
void
cutout_product_bar_save_to (CutoutProductBar *self, const char *path)
{
  g_return_if_fail (CUTOUT_IS_PRODUCT_BAR (self));
  g_return_if_fail (path != NULL);

  if (self->job != NULL)
    g_signal_emit (self, signals[SAVE], 0, path, FALSE, FALSE);
}

/* Asks for a product photo of every finished image of the queue in the
 * folder @destination (never replacing a file there), or the ZIP archive
 * @destination if @zip. */
void
cutout_product_bar_save_all_to (CutoutProductBar *self, const char *destination, gboolean zip)
{
  g_return_if_fail (CUTOUT_IS_PRODUCT_BAR (self));
  g_return_if_fail (destination != NULL);

  g_signal_emit (self, signals[SAVE], 0, destination, TRUE, zip);
}

/* The dialogs ------------------------------------------------------------------------ */

static void
drop_chooser (CutoutProductBar *self)
{
  if (self->chooser != NULL)
    g_signal_handlers_disconnect_by_data (self->chooser, self);
  g_clear_object (&self->chooser);
  self->chooser_job = NULL;
}

static GtkFileChooserNative *
new_chooser (CutoutProductBar *self, const char *title, GtkFileChooserAction action)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (
      title, GTK_WINDOW (root), action,
      action == GTK_FILE_CHOOSER_ACTION_SAVE ? _ ("_Save") : _ ("_Select"), _ ("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  drop_chooser (self);
  self->chooser = chooser;
  self->chooser_job = self->job;
  return chooser;
}

static char *
chosen_path (GtkNativeDialog *dialog, int response)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  return file ? g_file_get_path (file) : NULL;
}

static void
save_response_cb (GtkNativeDialog *dialog, int response, CutoutProductBar *self)
{
  g_autofree char *path = chosen_path (dialog, response);
  gboolean same = self->job == self->chooser_job;

  drop_chooser (self);
  if (path != NULL && same)
    cutout_product_bar_save_to (self, path);
}

/* Asks where, proposing NAME-product.EXT beside the photo. */
static void
save_clicked_cb (CutoutProductBar *self)
{
  CutoutProductPreset preset;
  CutoutExportOptions options;
  GtkFileChooserNative *chooser;
  g_autofree char *folder = NULL, *name = NULL;
  g_autoptr (GFile) dir = NULL;

  if (self->job == NULL)
    return;
  cutout_product_bar_get_preset (self, &preset);
  cutout_export_options_init (&options);
  options.product = &preset;
  folder = g_path_get_dirname (cutout_job_get_path (self->job));
  name = cutout_export_name (cutout_job_get_path (self->job), &options, 1);
  dir = g_file_new_for_path (folder);
  chooser = new_chooser (self, _ ("Save Product Photo"), GTK_FILE_CHOOSER_ACTION_SAVE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), dir, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_all_response_cb (GtkNativeDialog *dialog, int response, CutoutProductBar *self)
{
  g_autofree char *path = chosen_path (dialog, response);
  gboolean zip
      = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE;

  drop_chooser (self);
  if (path != NULL)
    cutout_product_bar_save_all_to (self, path, zip);
}

static void
save_all_action (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  CutoutProductBar *self = CUTOUT_PRODUCT_BAR (data);
  gboolean zip = g_str_equal (g_action_get_name (G_ACTION (action)), "save-all-zip");
  GtkFileChooserNative *chooser = new_chooser (
      self,
      zip ? _ ("Save Product Photos as a ZIP Archive") : _ ("Save Product Photos into a Folder"),
      zip ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);

  if (zip)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _ ("product-photos.zip"));
  g_signal_connect (chooser, "response", G_CALLBACK (save_all_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The dialog open, or NULL (for the tests). */
GtkFileChooser *
cutout_product_bar_get_chooser (CutoutProductBar *self)
{
  g_return_val_if_fail (CUTOUT_IS_PRODUCT_BAR (self), NULL);
  return self->chooser ? GTK_FILE_CHOOSER (self->chooser) : NULL;
}

/* Setup -------------------------------------------------------------------------- */

/* The controls each setting shows, and which go with which. */
static void
settings_changed_cb (GSettings *settings, const char *key, CutoutProductBar *self)
{
  g_autofree char *preset = g_settings_get_string (settings, "product-preset");
  g_autofree char *format = g_settings_get_string (settings, "product-format");
  g_autofree char *backdrop = g_settings_get_string (settings, "product-backdrop");
  g_autofree char *shadow = g_settings_get_string (settings, "product-shadow");
  g_autofree char *custom = g_settings_get_string (settings, "product-custom-colour");
  GdkRGBA rgba;

  /* A JPEG cannot be transparent: the one chosen last wins. */
  if (key != NULL && g_str_equal (format, "jpg") && g_str_equal (backdrop, "transparent"))
    {
      if (g_str_equal (key, "product-format"))
        g_settings_set_string (settings, "product-backdrop", "white");
      else
        g_settings_set_string (settings, "product-format", "png");
      return; /* (called again by that change) */
    }
  gtk_widget_set_visible (GTK_WIDGET (self->square_spin), g_str_equal (preset, "square"));
  gtk_widget_set_visible (self->custom_box, g_str_equal (preset, "custom"));
  gtk_widget_set_visible (self->cap_box, g_str_equal (format, "jpg"));
  gtk_widget_set_sensitive (self->shadow_button, g_str_equal (shadow, "contact"));
  if (gdk_rgba_parse (&rgba, custom))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  if (key != NULL && g_str_has_prefix (key, "product-"))
    render_soon (self);
  else if (key != NULL
           && (g_str_equal (key, "export-clean-colours") || g_str_equal (key, "export-quality")))
    render_soon (self);
}

static void
color_set_cb (GtkColorButton *button, CutoutProductBar *self)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  cutout_settings_set_custom_colour (self->settings, "product-custom-colour", "product-backdrop",
                                     &rgba);
}

static void
bind_names (CutoutProductBar *self,
            const char *key,
            GtkDropDown *dropdown,
            const char *const *names)
{
  g_settings_bind_with_mapping (self->settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                cutout_settings_name_to_index, cutout_settings_index_to_name,
                                (gpointer) names, NULL);
}

static void
bind_settings (CutoutProductBar *self)
{
  const struct
  {
    const char *key;
    gpointer widget;
  } values[] = {
    { "product-square-size", self->square_spin },
    { "product-width", self->width_spin },
    { "product-height", self->height_spin },
    { "product-margin", self->margin_spin },
    { "product-max-kb", self->cap_spin },
    { "product-shadow-strength", gtk_range_get_adjustment (GTK_RANGE (self->strength_scale)) },
    { "product-shadow-softness", gtk_range_get_adjustment (GTK_RANGE (self->softness_scale)) },
    { "product-shadow-direction", gtk_range_get_adjustment (GTK_RANGE (self->direction_scale)) },
  };

  bind_names (self, "product-preset", self->preset_dropdown, preset_names);
  bind_names (self, "product-align", self->align_dropdown, align_names);
  bind_names (self, "product-shadow", self->shadow_dropdown, shadow_names);
  bind_names (self, "product-format", self->format_dropdown, format_names);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    g_settings_bind (self->settings, values[i].key, values[i].widget, "value",
                     G_SETTINGS_BIND_DEFAULT);
}

static void
cutout_product_bar_dispose (GObject *object)
{
  CutoutProductBar *self = CUTOUT_PRODUCT_BAR (object);

  drop_chooser (self);
  stop_rendering (self);
  g_clear_object (&self->job);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->note, g_free);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_PRODUCT_BAR);
  /* The template's top box has no name for the line above to find. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cutout_product_bar_parent_class)->dispose (object);
}

static void
cutout_product_bar_class_init (CutoutProductBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_product_bar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-product-bar.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, CutoutProductBar, name)
  BIND (preset_dropdown);
  BIND (align_dropdown);
  BIND (shadow_dropdown);
  BIND (format_dropdown);
  BIND (square_spin);
  BIND (width_spin);
  BIND (height_spin);
  BIND (margin_spin);
  BIND (cap_spin);
  BIND (custom_box);
  BIND (cap_box);
  BIND (shadow_button);
  BIND (strength_scale);
  BIND (softness_scale);
  BIND (direction_scale);
  BIND (color_button);
  BIND (note_label);
  BIND (save_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, color_set_cb);
  gtk_widget_class_set_css_name (widget_class, "cutout-product-bar");

  signals[SAVE]
      = g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                      G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BOOLEAN, G_TYPE_BOOLEAN);
  signals[PREVIEW_CHANGED] = g_signal_new ("preview-changed", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static const GActionEntry save_all_entries[] = {
  { "save-all-folder", save_all_action },
  { "save-all-zip", save_all_action },
};

static void
cutout_product_bar_init (CutoutProductBar *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr (GAction) backdrop = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  cutout_tooltips_fix (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  /* The backdrop toggles act on the setting. */
  backdrop = g_settings_create_action (self->settings, "product-backdrop");
  g_action_map_add_action (G_ACTION_MAP (group), backdrop);
  g_action_map_add_action_entries (G_ACTION_MAP (group), save_all_entries,
                                   G_N_ELEMENTS (save_all_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "product", G_ACTION_GROUP (group));
  bind_settings (self);
  g_signal_connect (self->settings, "changed", G_CALLBACK (settings_changed_cb), self);
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  settings_changed_cb (self->settings, NULL, self);
}
