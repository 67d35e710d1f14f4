/* cutout-window.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-window.h"

struct _CutoutWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwStatusPage *status_page;
};

G_DEFINE_FINAL_TYPE (CutoutWindow, cutout_window, ADW_TYPE_APPLICATION_WINDOW)

static void
cutout_window_add_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);

  g_assert (CUTOUT_IS_WINDOW (self));

  /* Nothing to add images to until the queue exists; the action stays
   * disabled (see cutout_window_init) so this is never reached.
   */
}

static void
cutout_window_dispose (GObject *object)
{
  CutoutWindow *self = CUTOUT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cutout_window_parent_class)->dispose (object);
}

static void
cutout_window_class_init (CutoutWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CutoutWindow, status_page);

  gtk_widget_class_install_action (widget_class, "win.add", NULL, cutout_window_add_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.add", NULL);
}

static void
cutout_window_init (CutoutWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The icon follows the application ID rather than being spelled out in the template. */
  adw_status_page_set_icon_name (self->status_page, APP_ID);

  /* Enabled once the image queue lands. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add", FALSE);

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

CutoutWindow *
cutout_window_new (CutoutApplication *application)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (application), NULL);

  return g_object_new (CUTOUT_TYPE_WINDOW, "application", application, NULL);
}
