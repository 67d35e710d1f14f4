/* cutout-window.c: the main window
 *
 * The application's CutoutQueue, listed with each image's progress; the
 * selected one is shown. Images come in through cutout-window-import.c,
 * the actions are in cutout-window-actions.c. Everything slow (searching
 * folders, preparing a preview) runs in a GTask thread, so the window
 * never waits; the application loads the model.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cutout-canvas.h"
#include "cutout-decode.h"
#include "cutout-ort.h"
#include "cutout-queue-row.h"
#include "cutout-queue.h"
#include "cutout-resample.h"
#include "cutout-tooltips.h"
#include "cutout-window-private.h"
#include "cutout-window.h"

G_DEFINE_FINAL_TYPE (CutoutWindow, cutout_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_ID_MODE,
  PROP_PRODUCT_MODE,
  PROP_ONLY_TO_CHECK,
  PROP_QUEUE,
  PROP_LOAD_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether the window was closed while a task or a clipboard read ran. */
gboolean
cutout_window_is_gone (CutoutWindow *self)
{
  return self->settings == NULL;
}

static guint
count_cancelled (CutoutQueue *queue)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue)), n_cancelled = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (queue), i);
      n_cancelled += cutout_job_get_state (job) == CUTOUT_JOB_CANCELLED;
    }
  return n_cancelled;
}

/* The batch in words: "12 of 50 done · 2 failed" while it runs or when it
 * is complete; once the rest was cancelled, "3 done · 47 cancelled", so
 * that the full bar does not read as 3 of 50. */
static char *
describe_overall (CutoutQueue *queue)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (queue));
  guint n_done = cutout_queue_get_n_done (queue);
  guint n_failed = cutout_queue_get_n_failed (queue);
  guint n_cancelled = count_cancelled (queue);
  char *text;

  if (n_cancelled > 0 && !cutout_queue_get_busy (queue))
    /* Translators: "3 done", followed by how many failed and were cancelled */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u done", "%u done", n_done), n_done);
  else
    /* Translators: "12 of 50 done" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done", "%u of %u done", n),
                            n_done, n);
  if (n_failed > 0)
    {
      char *with_failed = g_strdup_printf (
          /* Translators: "12 of 50 done · 2 failed" */
          g_dngettext (GETTEXT_PACKAGE, "%s · %u failed", "%s · %u failed", n_failed), text,
          n_failed);
      g_free (text);
      text = with_failed;
    }
  if (n_cancelled > 0)
    {
      char *with_cancelled = g_strdup_printf (
          /* Translators: "3 done · 47 cancelled" or "3 done · 2 failed · 45 cancelled" */
          g_dngettext (GETTEXT_PACKAGE, "%s · %u cancelled", "%s · %u cancelled", n_cancelled),
          text, n_cancelled);
      g_free (text);
      text = with_cancelled;
    }
  return text;
}

static void
update_overall (CutoutWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  g_autofree char *text = describe_overall (self->queue);

  gtk_label_set_text (self->overall_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->overall_label), text); /* if it is cut short */
  gtk_progress_bar_set_fraction (self->overall_progress, cutout_queue_get_progress (self->queue));
  cutout_window_update_actions (self);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "queue" : "empty");
}

static void
queue_notify_cb (CutoutQueue *queue, GParamSpec *pspec, CutoutWindow *self)
{
  update_overall (self);
}

static void
queue_items_changed_cb (
    GListModel *model, guint position, guint removed, guint added, CutoutWindow *self)
{
  if (removed > 0)
    cutout_preview_forget (self->preview);
  update_overall (self);
  cutout_window_update_review (self, FALSE);
}

static void
job_finished_cb (CutoutQueue *queue, CutoutJob *job, CutoutWindow *self)
{
  if (cutout_job_get_state (job) == CUTOUT_JOB_FAILED)
    cutout_window_note_failure (self, job);
  if (job == gtk_single_selection_get_selected_item (self->selection))
    cutout_preview_refresh (self->preview);
  cutout_window_update_review (self, TRUE);
}

/* The model cannot be loaded: the window says why, and takes no images. */
static void
set_load_error (CutoutWindow *self, const GError *error)
{
  if (error == NULL)
    return;
  adw_status_page_set_title (self->status_page, _ ("The Model Cannot Be Loaded"));
  adw_status_page_set_description (self->status_page, error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add", FALSE);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* The queue, once the model is loaded (it is set once). */
static void
set_queue (CutoutWindow *self, CutoutQueue *queue)
{
  g_autoptr (GPtrArray) waiting = NULL;

  if (queue == NULL || queue == self->queue)
    return;
  g_return_if_fail (self->queue == NULL);
  self->queue = g_object_ref (queue);
  /* A CUTOUT_ORT_LIBRARY passed over for another is said, not hidden. */
  if (cutout_ort_get_warning () != NULL)
    cutout_window_toast (self, cutout_ort_get_warning ());
  g_signal_connect (self->queue, "notify", G_CALLBACK (queue_notify_cb), self);
  g_signal_connect (self->queue, "items-changed", G_CALLBACK (queue_items_changed_cb), self);
  g_signal_connect (self->queue, "job-finished", G_CALLBACK (job_finished_cb), self);
  gtk_filter_list_model_set_model (GTK_FILTER_LIST_MODEL (cutout_window_review_model (self)),
                                   G_LIST_MODEL (self->queue));
  cutout_id_bar_set_inputs (cutout_window_get_id_bar (self), G_LIST_MODEL (self->queue));
  cutout_preview_set_queue (self->preview, self->queue);
  update_overall (self);

  waiting = g_steal_pointer (&self->waiting);
  self->waiting = g_ptr_array_new_with_free_func (g_free);
  if (waiting->len > 0)
    cutout_window_add_paths (self, waiting, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

/* The selected image ---------------------------------------------------------------- */

/* Follows @job, the selected image (or none), for what can be done to it
 * and its boxes; the preview shows it. */
static void
follow_job (CutoutWindow *self, CutoutJob *job)
{
  g_set_object (&self->job, job);
  g_signal_group_set_target (self->job_signals, job);
  g_signal_group_set_target (self->boxes_signals, job ? cutout_job_get_boxes (job) : NULL);
  g_signal_group_set_target (self->touchup_signals, job ? cutout_job_get_touchup (job) : NULL);
  cutout_window_update_actions (self);
}

static void
selection_changed_cb (GtkSingleSelection *selection, GParamSpec *pspec, CutoutWindow *self)
{
  CutoutJob *job = gtk_single_selection_get_selected_item (selection);

  follow_job (self, job);
  cutout_preview_set_job (self->preview, job);
}

/* ID photo mode: the preview's (it needs a finished image). */
void
cutout_window_set_id_mode (CutoutWindow *self, gboolean id_mode)
{
  cutout_preview_set_id_mode (self->preview, id_mode);
}

/* (Asked for by the ID button's action as the template is built, before
 * the preview is there.) */
gboolean
cutout_window_get_id_mode (CutoutWindow *self)
{
  return self->preview != NULL && cutout_preview_get_id_mode (self->preview);
}

/* Told also when refused, so that the toggle button shows the mode as it is. */
static void
id_mode_changed_cb (CutoutWindow *self)
{
  cutout_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID_MODE]);
}

/* Product photo mode, as ID photo mode. */
void
cutout_window_set_product_mode (CutoutWindow *self, gboolean product_mode)
{
  cutout_preview_set_product_mode (self->preview, product_mode);
}

gboolean
cutout_window_get_product_mode (CutoutWindow *self)
{
  return self->preview != NULL && cutout_preview_get_product_mode (self->preview);
}

static void
product_mode_changed_cb (CutoutWindow *self)
{
  cutout_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_MODE]);
}

/* The product bar asks for its photos: written as the other exports. */
static void
product_save_cb (CutoutWindow *self, const char *destination, gboolean all, gboolean zip)
{
  CutoutProductBar *bar = cutout_preview_get_product_bar (self->preview);
  CutoutProductPreset preset;

  cutout_product_bar_get_preset (bar, &preset);
  cutout_window_export_products (self, all ? NULL : cutout_product_bar_get_job (bar), &preset,
                                 destination, zip);
}

CutoutIdBar *
cutout_window_get_id_bar (CutoutWindow *self)
{
  return cutout_preview_get_id_bar (self->preview);
}

static void
id_photo_saved_cb (CutoutWindow *self, const char *text, const char *path)
{
  cutout_window_show_saved (self, text, path, FALSE);
}

void
cutout_window_cycle_backdrop_action (GtkWidget *widget,
                                     const char *action_name,
                                     GVariant *parameter)
{
  cutout_preview_cycle_backdrop (CUTOUT_WINDOW (widget)->preview);
}

/* GObject ------------------------------------------------------------------------- */

static void
cutout_window_dispose (GObject *object)
{
  CutoutWindow *self = CUTOUT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  /* Before the template's widgets go: the canvas tells of its boxes as it
   * is disposed, and the handlers use the other widgets. */
  if (self->preview != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->preview, self);
      g_signal_handlers_disconnect_by_data (cutout_preview_get_canvas (self->preview), self);
      g_signal_handlers_disconnect_by_data (cutout_preview_get_id_bar (self->preview), self);
      g_signal_handlers_disconnect_by_data (cutout_preview_get_product_bar (self->preview), self);
      follow_job (self, NULL);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_WINDOW);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->review_filter);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->boxes_signals);
  g_clear_object (&self->touchup_signals);
  g_clear_object (&self->queue);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_object (&self->toast);
  g_clear_handle_id (&self->failures_timeout, g_source_remove);
  g_clear_pointer (&self->failures, cutout_problems_free);

  G_OBJECT_CLASS (cutout_window_parent_class)->dispose (object);
}

static void
cutout_window_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_ID_MODE:
        g_value_set_boolean (value, cutout_window_get_id_mode (CUTOUT_WINDOW (object)));
        break;
      case PROP_PRODUCT_MODE:
        g_value_set_boolean (value, cutout_window_get_product_mode (CUTOUT_WINDOW (object)));
        break;
      case PROP_ONLY_TO_CHECK:
        g_value_set_boolean (value, cutout_window_get_only_to_check (CUTOUT_WINDOW (object)));
        break;
      case PROP_QUEUE:
        g_value_set_object (value, CUTOUT_WINDOW (object)->queue);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_window_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_ID_MODE:
        cutout_window_set_id_mode (CUTOUT_WINDOW (object), g_value_get_boolean (value));
        break;
      case PROP_PRODUCT_MODE:
        cutout_window_set_product_mode (CUTOUT_WINDOW (object), g_value_get_boolean (value));
        break;
      case PROP_ONLY_TO_CHECK:
        cutout_window_set_only_to_check (CUTOUT_WINDOW (object), g_value_get_boolean (value));
        break;
      case PROP_QUEUE:
        set_queue (CUTOUT_WINDOW (object), g_value_get_object (value));
        break;
      case PROP_LOAD_ERROR:
        set_load_error (CUTOUT_WINDOW (object), g_value_get_boxed (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_window_class_init (CutoutWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_window_dispose;
  object_class->get_property = cutout_window_get_property;
  object_class->set_property = cutout_window_set_property;

  properties[PROP_ID_MODE]
      = g_param_spec_boolean ("id-mode", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRODUCT_MODE]
      = g_param_spec_boolean ("product-mode", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The list shows only the images whose review says to check them. */
  properties[PROP_ONLY_TO_CHECK]
      = g_param_spec_boolean ("only-to-check", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The images to show: the application's queue, once the model is loaded. */
  properties[PROP_QUEUE]
      = g_param_spec_object ("queue", NULL, NULL, CUTOUT_TYPE_QUEUE,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Why there is no queue: the model cannot be loaded. */
  properties[PROP_LOAD_ERROR] = g_param_spec_boxed ("load-error", NULL, NULL, G_TYPE_ERROR,
                                                    G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CUTOUT_TYPE_QUEUE_ROW);
  g_type_ensure (CUTOUT_TYPE_PREVIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, overall_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, overall_progress);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, review_revealer);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, to_check_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, preview);

  cutout_window_class_install_actions (widget_class);
}

static void
cutout_window_init (CutoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cutout_tooltips_fix (GTK_WIDGET (self));
  cutout_tooltips_follow (GTK_WIDGET (self->overall_label)); /* its text comes later */

  /* The icon follows the application ID rather than being spelled out in the template. */
  adw_status_page_set_icon_name (self->status_page, APP_ID);

  cutout_window_setup_drag_out (self);

  self->waiting = g_ptr_array_new_with_free_func (g_free);
  self->failures = cutout_problems_new ();
  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  self->job_signals = g_signal_group_new (CUTOUT_TYPE_JOB);
  self->boxes_signals = g_signal_group_new (CUTOUT_TYPE_BOX_LIST);
  g_signal_group_connect_swapped (self->boxes_signals, "changed",
                                  G_CALLBACK (cutout_window_update_actions), self);
  self->touchup_signals = g_signal_group_new (CUTOUT_TYPE_TOUCHUP);
  g_signal_group_connect_swapped (self->touchup_signals, "changed",
                                  G_CALLBACK (cutout_window_update_actions), self);
  g_signal_group_connect_swapped (self->job_signals, "notify",
                                  G_CALLBACK (cutout_window_update_actions), self);
  g_signal_connect_swapped (cutout_preview_get_canvas (self->preview), "notify::box-tool",
                            G_CALLBACK (cutout_window_update_actions), self);
  g_signal_connect_swapped (cutout_preview_get_canvas (self->preview), "notify::brush-tool",
                            G_CALLBACK (cutout_window_update_actions), self);
  g_signal_connect_swapped (cutout_preview_get_canvas (self->preview), "notify::selected-box",
                            G_CALLBACK (cutout_window_update_actions), self);
  g_signal_connect_swapped (self->preview, "notify::id-mode", G_CALLBACK (id_mode_changed_cb),
                            self);
  g_signal_connect_swapped (cutout_window_get_id_bar (self), "message",
                            G_CALLBACK (cutout_window_show_message), self);
  g_signal_connect_swapped (cutout_window_get_id_bar (self), "saved",
                            G_CALLBACK (id_photo_saved_cb), self);
  g_signal_connect_swapped (self->preview, "notify::product-mode",
                            G_CALLBACK (product_mode_changed_cb), self);
  g_signal_connect_swapped (cutout_preview_get_product_bar (self->preview), "save",
                            G_CALLBACK (product_save_cb), self);
  cutout_window_update_actions (self);

  self->selection = gtk_single_selection_new (g_object_ref (cutout_window_review_model (self)));
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                    self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  cutout_window_init_import (self);
}

CutoutWindow *
cutout_window_new (CutoutApplication *application)
{
  CutoutWindow *self;

  g_return_val_if_fail (CUTOUT_IS_APPLICATION (application), NULL);

  self = g_object_new (CUTOUT_TYPE_WINDOW, "application", application, NULL);
  /* The model loads as the app starts: the window shows its queue once it
   * is there, or why it cannot be. */
  g_object_bind_property (application, "queue", self, "queue", G_BINDING_SYNC_CREATE);
  g_object_bind_property (application, "load-error", self, "load-error", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (application, "model-failed", G_CALLBACK (cutout_window_model_failed),
                           self, G_CONNECT_SWAPPED);
  return self;
}

/* For cutout-window-export.c and the tests -------------------------------------------- */

GSettings *
cutout_window_get_settings (CutoutWindow *self)
{
  return self->settings;
}

/* The image shown, or NULL. */
CutoutJob *
cutout_window_get_selected_job (CutoutWindow *self)
{
  return self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

CutoutQueue *
cutout_window_get_queue (CutoutWindow *self)
{
  return self->queue;
}

GtkDropTarget *
cutout_window_get_drop_target (CutoutWindow *self)
{
  return self->drop_target;
}

const char *
cutout_window_get_last_toast (CutoutWindow *self)
{
  return self->last_toast;
}

AdwToast *
cutout_window_get_toast (CutoutWindow *self)
{
  return self->toast;
}

/* How many toasts were shown. */
guint
cutout_window_get_n_toasts (CutoutWindow *self)
{
  return self->n_toasts;
}

/* The status page's title and text, shown when there is no queue yet. */
void
cutout_window_get_status (CutoutWindow *self, const char **title, const char **description)
{
  *title = adw_status_page_get_title (self->status_page);
  *description = adw_status_page_get_description (self->status_page);
}

GtkStack *
cutout_window_get_preview_stack (CutoutWindow *self)
{
  return cutout_preview_get_stack (self->preview);
}

GtkWidget *
cutout_window_get_list_view (CutoutWindow *self)
{
  return GTK_WIDGET (self->list_view);
}

/* The preview's canvas. */
CutoutCanvas *
cutout_window_get_preview (CutoutWindow *self)
{
  return cutout_preview_get_canvas (self->preview);
}

/* The preview's cutout of the selected image as exports write it, or NULL. */
GdkTexture *
cutout_window_get_result_texture (CutoutWindow *self)
{
  return cutout_preview_get_result_texture (self->preview);
}

GdkTexture *
cutout_window_get_shown_result (CutoutWindow *self, gboolean *final)
{
  return cutout_preview_get_shown_result (self->preview, final);
}
