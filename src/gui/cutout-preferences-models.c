/* cutout-preferences-models.c: Preferences → Models
 *
 * A row per catalogue model (cutout-model-row.c), the mirror address, and
 * Import, which copies a model file of the user's own into the models
 * folder (in a thread: a model is some hundred megabytes) and lists it.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cutout-model-row.h"
#include "cutout-preferences-models.h"

typedef struct
{
  GtkListBox *list;
  GtkWidget *import_button;
  GtkLabel *import_status;
  GSettings *settings;
  GWeakRef app; /* the page must not keep the app alive */
} Page;

static void
page_free (gpointer data, GObject *list)
{
  Page *page = data;

  g_object_unref (page->settings);
  g_weak_ref_clear (&page->app);
  g_free (page);
}

/* One row per model, their check buttons one group. */
static void
fill_rows (Page *page)
{
  g_autoptr (CutoutApplication) app = g_weak_ref_get (&page->app);
  GListModel *models;
  GtkCheckButton *group = NULL;
  GtkWidget *child;

  if (app == NULL)
    return;
  models = cutout_application_get_models (app);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (page->list))) != NULL)
    gtk_list_box_remove (page->list, child);
  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr (CutoutModelItem) item = g_list_model_get_item (models, i);
      CutoutModelRow *row = cutout_model_row_new (item, page->settings);
      GtkCheckButton *check = cutout_model_row_get_check (row);
      if (group == NULL)
        group = check;
      else
        gtk_check_button_set_group (check, group);
      gtk_list_box_append (page->list, GTK_WIDGET (row));
    }
}

/* Importing ------------------------------------------------------------------- */

typedef struct
{
  char *path;
} Import;

static void
import_free (Import *import)
{
  g_free (import->path);
  g_free (import);
}

/* The catalogue name for an imported file: its name without ".onnx",
 * with anything but letters, digits, '-' and '_' made '-'. */
static char *
name_for (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = g_str_has_suffix (base, ".onnx") ? strrchr (base, '.') : NULL;

  if (dot != NULL)
    *dot = '\0';
  g_strcanon (base, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", '-');
  return g_strdup_printf ("user-%s", base);
}

static void
import_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Import *import = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autofree char *id = name_for (import->path);
  g_autofree char *name = g_path_get_basename (import->path);
  g_autofree char *installed = NULL;

  if (catalogue == NULL
      || !cutout_catalogue_import_model (catalogue, import->path, id, name, NULL, &installed,
                                         &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&installed), g_free);
}

static void
imported_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Page *page = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *installed = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  gtk_widget_set_sensitive (page->import_button, TRUE);
  if (installed == NULL)
    text = g_strdup_printf (_ ("The model was not imported: %s"), error->message);
  else
    text = g_strdup_printf (_ ("Imported as %s"), installed);
  gtk_label_set_label (page->import_status, text);
  gtk_widget_set_visible (GTK_WIDGET (page->import_status), TRUE);
  if (installed != NULL)
    {
      g_autoptr (CutoutApplication) app = g_weak_ref_get (&page->app);
      if (app != NULL)
        cutout_application_reload_models (app);
      fill_rows (page);
    }
}

static void
import_chosen_cb (GtkNativeDialog *dialog, int response, gpointer data)
{
  Page *page = data;
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autoptr (GTask) task = NULL;
  Import *import;

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (response != GTK_RESPONSE_ACCEPT || file == NULL || g_file_peek_path (file) == NULL)
    return;
  import = g_new0 (Import, 1);
  import->path = g_file_get_path (file);
  /* The page lives as long as the list does; the task holds the list. */
  task = g_task_new (page->list, NULL, imported_cb, page);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  gtk_widget_set_sensitive (page->import_button, FALSE);
  gtk_label_set_label (page->import_status, _ ("Importing…"));
  gtk_widget_set_visible (GTK_WIDGET (page->import_status), TRUE);
  g_task_run_in_thread (task, import_thread);
}

static void
import_clicked_cb (GtkButton *button, Page *page)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (button));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (
      _ ("Import a Model"), GTK_WINDOW (native), GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Import"), NULL);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _ ("ONNX models"));
  gtk_file_filter_add_pattern (filter, "*.onnx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (import_chosen_cb), page);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Fills the Models page of the Preferences made by @builder. */
void
cutout_preferences_models_init (GtkBuilder *builder, CutoutApplication *app, GSettings *settings)
{
  Page *page = g_new0 (Page, 1);

  page->list = GTK_LIST_BOX (gtk_builder_get_object (builder, "models_list"));
  page->import_button = GTK_WIDGET (gtk_builder_get_object (builder, "import_button"));
  page->import_status = GTK_LABEL (gtk_builder_get_object (builder, "import_status"));
  page->settings = g_object_ref (settings);
  g_weak_ref_init (&page->app, app);
  g_object_weak_ref (G_OBJECT (page->list), page_free, page);
  fill_rows (page);
  g_settings_bind (settings, "model-mirror", gtk_builder_get_object (builder, "mirror_row"), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect (page->import_button, "clicked", G_CALLBACK (import_clicked_cb), page);
}
