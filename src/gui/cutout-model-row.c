/* cutout-model-row.c: a model in Preferences → Models
 *
 * Its name and what it is good at, its licence (with a badge where it
 * forbids commercial use), whether it is installed, its download with a
 * progress bar, speed and time left, and the buttons to download, cancel
 * or remove it. The check button chooses the model that cuts out (the
 * "model" setting); it can only choose an installed one.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-model-row.h"

struct _CutoutModelRow
{
  AdwActionRow parent_instance;

  CutoutModelItem *item;
  GSettings *settings;

  GtkCheckButton *check;
  GtkLabel *badge;
  GtkLabel *status;
  GtkProgressBar *progress;
  GtkButton *download;
  GtkButton *cancel;
  GtkButton *remove;
};

G_DEFINE_FINAL_TYPE (CutoutModelRow, cutout_model_row, ADW_TYPE_ACTION_ROW)

/* The row shows the item's state as it changes. */
static void
sync_state (CutoutModelRow *self)
{
  gboolean installed = cutout_model_item_get_installed (self->item);
  gboolean downloading = cutout_model_item_get_downloading (self->item);
  gboolean removable = FALSE;

  g_object_get (self->item, "removable", &removable, NULL);
  gtk_label_set_label (self->status, cutout_model_item_get_status (self->item));
  gtk_progress_bar_set_fraction (self->progress, cutout_model_item_get_fraction (self->item));
  gtk_widget_set_visible (GTK_WIDGET (self->progress), downloading);
  gtk_widget_set_visible (GTK_WIDGET (self->download), !installed && !downloading);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel), downloading);
  gtk_widget_set_visible (GTK_WIDGET (self->remove), removable && !downloading);
  gtk_widget_set_sensitive (GTK_WIDGET (self->check), installed);
}

/* Whether this is the model that cuts out: the setting names it, or is
 * empty and this is the catalogue's default. */
static void
sync_chosen (CutoutModelRow *self)
{
  const CutoutModelInfo *info = cutout_model_item_get_info (self->item);
  g_autofree char *model = g_settings_get_string (self->settings, "model");
  gboolean chosen = *model ? g_strcmp0 (model, info->id) == 0 : info->is_default;

  if (chosen != gtk_check_button_get_active (self->check))
    gtk_check_button_set_active (self->check, chosen);
}

static void
check_toggled_cb (CutoutModelRow *self)
{
  const CutoutModelInfo *info = cutout_model_item_get_info (self->item);
  g_autofree char *model = g_settings_get_string (self->settings, "model");

  if (gtk_check_button_get_active (self->check) && g_strcmp0 (model, info->id) != 0)
    g_settings_set_string (self->settings, "model", info->id);
}

static void
download_clicked_cb (CutoutModelRow *self)
{
  g_autofree char *mirror = g_settings_get_string (self->settings, "model-mirror");

  cutout_model_item_download (self->item, mirror);
}

static void
cancel_clicked_cb (CutoutModelRow *self)
{
  cutout_model_item_cancel (self->item);
}

static void
remove_clicked_cb (CutoutModelRow *self)
{
  g_autoptr (GError) error = NULL;

  /* The default model cuts out from now on, not one that is gone. */
  if (gtk_check_button_get_active (self->check))
    g_settings_reset (self->settings, "model");
  if (!cutout_model_item_remove (self->item, &error))
    gtk_label_set_label (self->status, error->message);
}

static void
cutout_model_row_dispose (GObject *object)
{
  CutoutModelRow *self = CUTOUT_MODEL_ROW (object);

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_data (self->item, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->item);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), CUTOUT_TYPE_MODEL_ROW);
  G_OBJECT_CLASS (cutout_model_row_parent_class)->dispose (object);
}

static void
cutout_model_row_class_init (CutoutModelRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_model_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-model-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, check);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, badge);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, status);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, progress);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, download);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, cancel);
  gtk_widget_class_bind_template_child (widget_class, CutoutModelRow, remove);
  gtk_widget_class_bind_template_callback (widget_class, download_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
cutout_model_row_init (CutoutModelRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CutoutModelRow *
cutout_model_row_new (CutoutModelItem *item, GSettings *settings)
{
  CutoutModelRow *self = g_object_new (CUTOUT_TYPE_MODEL_ROW, NULL);
  const CutoutModelInfo *info = cutout_model_item_get_info (item);

  self->item = g_object_ref (item);
  self->settings = g_object_ref (settings);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), info->name);
  if (info->description != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self), info->description);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), info->non_commercial);
  g_signal_connect_swapped (item, "notify", G_CALLBACK (sync_state), self);
  g_signal_connect_swapped (settings, "changed::model", G_CALLBACK (sync_chosen), self);
  g_signal_connect_swapped (self->check, "toggled", G_CALLBACK (check_toggled_cb), self);
  sync_state (self);
  sync_chosen (self);
  return self;
}

CutoutModelItem *
cutout_model_row_get_item (CutoutModelRow *self)
{
  return self->item;
}

GtkCheckButton *
cutout_model_row_get_check (CutoutModelRow *self)
{
  return self->check;
}
