/* cutout-window-actions.c: what the window's actions do, and when they can
 *
 * One callback per action; cutout_window_update_actions() is the one place
 * that decides which are enabled, from the selected image and the queue.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-enums.h"
#include "cutout-preferences-api.h"
#include "cutout-preferences-models.h"
#include "cutout-settings-map.h"
#include "cutout-tooltips.h"
#include "cutout-window-private.h"

/* Enables what can be done now: to the selected image (save, copy), to its
 * boxes, and to the whole queue. */
void
cutout_window_update_actions (CutoutWindow *self)
{
  GtkWidget *w = GTK_WIDGET (self);
  CutoutJob *selected = cutout_window_get_selected_job (self);
  gboolean done = selected != NULL && cutout_job_get_state (selected) == CUTOUT_JOB_DONE;
  gboolean any_done = self->queue != NULL && cutout_queue_get_n_done (self->queue) > 0;
  CutoutJob *job = self->job;
  CutoutBoxList *boxes = job ? cutout_job_get_boxes (job) : NULL;
  CutoutCanvas *canvas = cutout_preview_get_canvas (self->preview);
  gboolean tool = cutout_canvas_get_box_tool (canvas);
  gboolean brush = cutout_canvas_get_brush_tool (canvas);
  CutoutTouchUp *touchup = job ? cutout_job_get_touchup (job) : NULL;

  gtk_widget_action_set_enabled (w, "win.export", done);
  gtk_widget_action_set_enabled (w, "win.copy", done);
  gtk_widget_action_set_enabled (w, "win.cancel-all",
                                 self->queue != NULL && cutout_queue_get_busy (self->queue));
  gtk_widget_action_set_enabled (w, "win.export-all", any_done);
  gtk_widget_action_set_enabled (w, "win.export-all-folder", any_done);

  /* Only with the tool: edits to boxes or strokes not shown would go
   * unseen. Ctrl+Z undoes the tool's own edits. */
  gtk_widget_action_set_enabled (w, "win.undo-boxes",
                                 (tool && boxes != NULL && cutout_box_list_can_undo (boxes))
                                     || (brush && touchup && cutout_touchup_can_undo (touchup)));
  gtk_widget_action_set_enabled (w, "win.redo-boxes",
                                 (tool && boxes != NULL && cutout_box_list_can_redo (boxes))
                                     || (brush && touchup && cutout_touchup_can_redo (touchup)));
  gtk_widget_action_set_enabled (w, "win.toggle-touch-up", done || brush);
  gtk_widget_action_set_enabled (w, "win.reset-touch-up",
                                 touchup != NULL && cutout_touchup_get_n_strokes (touchup) > 0);
  gtk_widget_action_set_enabled (w, "win.clear-boxes",
                                 boxes != NULL && cutout_box_list_get_n_boxes (boxes) > 0);
  gtk_widget_action_set_enabled (w, "win.cut-out-boxes",
                                 job != NULL && cutout_job_get_boxes_pending (job));
  gtk_widget_action_set_enabled (w, "win.delete-box",
                                 tool && cutout_canvas_get_selected_box (canvas) >= 0);
  gtk_widget_action_set_enabled (w, "win.leave-box-tool",
                                 tool || brush || cutout_preview_get_id_mode (self->preview)
                                     || cutout_preview_get_product_mode (self->preview));
}

/* The image a row's action names, by its path. */
static CutoutJob *
job_for (CutoutWindow *self, GVariant *parameter)
{
  if (self->queue == NULL)
    return NULL;
  return cutout_queue_find (self->queue, g_variant_get_string (parameter, NULL));
}

static void
job_retry_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = job_for (self, parameter);

  if (job != NULL)
    cutout_queue_retry (self->queue, job);
}

/* Cut out again, with the edge settings as they are now. */
static void
job_rerun_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = job_for (self, parameter);

  if (job != NULL && cutout_job_get_state (job) == CUTOUT_JOB_DONE)
    cutout_queue_rerun (self->queue, job);
}

static void
job_cancel_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = job_for (self, parameter);

  if (job != NULL)
    cutout_queue_cancel (self->queue, job);
}

static void
job_remove_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = job_for (self, parameter);
  g_autofree char *path = NULL;

  if (job == NULL)
    return;
  path = g_strdup (cutout_job_get_path (job));
  cutout_queue_remove (self->queue, job);
  cutout_window_delete_if_pasted (path);
}

static void
job_open_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutJob *job = job_for (self, parameter);

  if (job != NULL)
    cutout_window_show_in_folder (self, cutout_job_get_path (job));
}

static void
preferences_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutApplication *app = CUTOUT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr (GtkBuilder) builder
      = gtk_builder_new_from_resource ("/io/github/cutout/Cutout/ui/cutout-preferences.ui");
  GtkWindow *preferences = GTK_WINDOW (gtk_builder_get_object (builder, "preferences"));
  GObject *spin = gtk_builder_get_object (builder, "workers_spin");

  g_settings_bind (self->settings, "workers", spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "refine-edges",
                   gtk_builder_get_object (builder, "refine_switch"), "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "best-quality", gtk_builder_get_object (builder, "best_switch"),
                   "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "refine-edges", gtk_builder_get_object (builder, "strength_row"),
                   "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (
      self->settings, "refine-strength",
      gtk_range_get_adjustment (GTK_RANGE (gtk_builder_get_object (builder, "strength_scale"))),
      "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (
      self->settings, "export-format", gtk_builder_get_object (builder, "format_row"), "selected",
      G_SETTINGS_BIND_DEFAULT, cutout_settings_nick_to_index, cutout_settings_index_to_nick,
      GSIZE_TO_POINTER (CUTOUT_TYPE_FORMAT), NULL);
  g_settings_bind_with_mapping (
      self->settings, "edge-style", gtk_builder_get_object (builder, "edges_row"), "selected",
      G_SETTINGS_BIND_DEFAULT, cutout_settings_nick_to_index, cutout_settings_index_to_nick,
      GSIZE_TO_POINTER (CUTOUT_TYPE_EDGE_STYLE), NULL);
  g_settings_bind (self->settings, "export-quality",
                   gtk_builder_get_object (builder, "quality_spin"), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-clean-colours",
                   gtk_builder_get_object (builder, "clean_switch"), "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-webp-lossy",
                   gtk_builder_get_object (builder, "lossy_switch"), "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "export-smallest",
                   gtk_builder_get_object (builder, "smallest_switch"), "active",
                   G_SETTINGS_BIND_DEFAULT);
  cutout_preferences_models_init (builder, app, self->settings);
  cutout_preferences_api_init (builder, cutout_application_get_api_server (app), self->settings);
  gtk_window_set_transient_for (preferences, GTK_WINDOW (self));
  cutout_tooltips_fix (GTK_WIDGET (preferences));
  gtk_window_present (preferences);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cutout_window_export_selected (CUTOUT_WINDOW (widget));
}

static void
export_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cutout_window_export_all (CUTOUT_WINDOW (widget), TRUE);
}

static void
export_all_folder_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cutout_window_export_all (CUTOUT_WINDOW (widget), FALSE);
}

static void
cancel_all_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  if (self->queue != NULL)
    cutout_queue_cancel_all (self->queue);
}

/* Subject boxes: the selected image's, edited on the preview. */

static void
toggle_box_tool_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutCanvas *canvas = cutout_window_get_preview (CUTOUT_WINDOW (widget));

  cutout_canvas_set_box_tool (canvas, !cutout_canvas_get_box_tool (canvas));
}

static void
toggle_touch_up_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutCanvas *canvas = cutout_window_get_preview (CUTOUT_WINDOW (widget));

  cutout_canvas_set_brush_tool (canvas, !cutout_canvas_get_brush_tool (canvas));
}

/* Reset Touch-Up: every stroke on the image dropped (one step to undo). */
static void
reset_touch_up_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  if (self->job != NULL)
    cutout_touchup_reset (cutout_job_get_touchup (self->job));
}

/* Escape: out of the box tool, the brush, the ID or the product photo. */
static void
leave_box_tool_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  cutout_canvas_set_box_tool (cutout_window_get_preview (self), FALSE);
  cutout_canvas_set_brush_tool (cutout_window_get_preview (self), FALSE);
  cutout_window_set_id_mode (self, FALSE);
  cutout_window_set_product_mode (self, FALSE);
}

static void
delete_box_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  cutout_canvas_delete_selected_box (cutout_window_get_preview (CUTOUT_WINDOW (widget)));
}

static CutoutBoxList *
selected_boxes (CutoutWindow *self)
{
  return self->job ? cutout_job_get_boxes (self->job) : NULL;
}

/* The brush's strokes while it is on, else the boxes. */
static gboolean
undoing_strokes (CutoutWindow *self)
{
  return self->job != NULL && cutout_canvas_get_brush_tool (cutout_window_get_preview (self));
}

static void
undo_boxes_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutBoxList *boxes = selected_boxes (self);

  if (undoing_strokes (self))
    cutout_touchup_undo (cutout_job_get_touchup (self->job));
  else if (boxes != NULL)
    cutout_box_list_undo (boxes);
}

static void
redo_boxes_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutBoxList *boxes = selected_boxes (self);

  if (undoing_strokes (self))
    cutout_touchup_redo (cutout_job_get_touchup (self->job));
  else if (boxes != NULL)
    cutout_box_list_redo (boxes);
}

static void
clear_boxes_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  CutoutBoxList *boxes = selected_boxes (self);

  if (boxes == NULL)
    return;
  cutout_box_list_clear (boxes);
  /* Without boxes, the image goes back to the automatic cut-out. */
  if (cutout_job_get_run_boxes (self->job)->len > 0)
    cutout_queue_rerun (self->queue, self->job);
}

static void
cut_out_boxes_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  if (self->job == NULL)
    return;
  cutout_queue_rerun (self->queue, self->job);
  /* The result is what the user wants to see next. */
  cutout_canvas_set_box_tool (cutout_window_get_preview (self), FALSE);
}

/* Zoom: the preview's own actions, from the window's keys and buttons. */

static void
zoom_in_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (cutout_window_get_preview (CUTOUT_WINDOW (widget))),
                              "canvas.zoom-in", NULL);
}

static void
zoom_out_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (cutout_window_get_preview (CUTOUT_WINDOW (widget))),
                              "canvas.zoom-out", NULL);
}

static void
zoom_100_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (cutout_window_get_preview (CUTOUT_WINDOW (widget))),
                              "canvas.zoom-100", NULL);
}

static void
zoom_fit_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  gtk_widget_activate_action (GTK_WIDGET (cutout_window_get_preview (CUTOUT_WINDOW (widget))),
                              "canvas.zoom-fit", NULL);
}

/* The window's actions and their keys. */
void
cutout_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add", NULL, cutout_window_add_action);
  gtk_widget_class_install_action (widget_class, "win.paste", NULL, cutout_window_paste_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, cutout_window_copy_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-all", NULL, cancel_all_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.cycle-backdrop", NULL,
                                   cutout_window_cycle_backdrop_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-100", NULL, zoom_100_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-all", NULL, export_all_action);
  gtk_widget_class_install_action (widget_class, "win.export-all-folder", NULL,
                                   export_all_folder_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-box-tool", NULL,
                                   toggle_box_tool_action);
  gtk_widget_class_install_property_action (widget_class, "win.id-photo", "id-mode");
  gtk_widget_class_install_property_action (widget_class, "win.product-photo", "product-mode");
  gtk_widget_class_install_property_action (widget_class, "win.only-to-check", "only-to-check");
  gtk_widget_class_install_action (widget_class, "win.next-to-check", NULL,
                                   cutout_window_next_to_check_action);
  gtk_widget_class_install_action (widget_class, "win.previous-to-check", NULL,
                                   cutout_window_next_to_check_action);
  gtk_widget_class_install_action (widget_class, "win.leave-box-tool", NULL, leave_box_tool_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-touch-up", NULL,
                                   toggle_touch_up_action);
  gtk_widget_class_install_action (widget_class, "win.reset-touch-up", NULL, reset_touch_up_action);
  gtk_widget_class_install_action (widget_class, "win.delete-box", NULL, delete_box_action);
  gtk_widget_class_install_action (widget_class, "win.undo-boxes", NULL, undo_boxes_action);
  gtk_widget_class_install_action (widget_class, "win.redo-boxes", NULL, redo_boxes_action);
  gtk_widget_class_install_action (widget_class, "win.clear-boxes", NULL, clear_boxes_action);
  gtk_widget_class_install_action (widget_class, "win.cut-out-boxes", NULL, cut_out_boxes_action);
  gtk_widget_class_install_action (widget_class, "win.job-retry", "s", job_retry_action);
  gtk_widget_class_install_action (widget_class, "win.job-rerun", "s", job_rerun_action);
  gtk_widget_class_install_action (widget_class, "win.job-cancel", "s", job_cancel_action);
  gtk_widget_class_install_action (widget_class, "win.job-remove", "s", job_remove_action);
  gtk_widget_class_install_action (widget_class, "win.job-open-folder", "s",
                                   job_open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-saved", "(sb)",
                                   cutout_window_open_saved_action);
  gtk_widget_class_install_action (widget_class, "win.show-problems", "(sa(ss))",
                                   cutout_window_show_problems_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.export",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "win.paste",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "win.cycle-backdrop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "win.toggle-box-tool", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "win.id-photo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, 0, "win.product-photo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, 0, "win.next-to-check", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_SHIFT_MASK,
                                       "win.previous-to-check", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, 0, "win.toggle-touch-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.leave-box-tool", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete-box", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "win.delete-box", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo-boxes",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo-boxes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo-boxes", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "win.redo-boxes",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "win.zoom-in",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.zoom-100",
                                       NULL);
}
