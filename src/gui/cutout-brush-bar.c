/* cutout-brush-bar.c: the touch-up brush's bar
 *
 * Erase or Restore, the brush's size and hardness, whether it follows the
 * photo's edges, undo and redo, and Reset Touch-Up. Its controls are bound
 * to the canvas's brush and the brush's to the settings, so that the size
 * and hardness are kept from one session to the next.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-brush-bar.h"

struct _CutoutBrushBar
{
  GtkBox parent_instance;

  GtkToggleButton *erase_button;
  GtkToggleButton *restore_button;
  GtkAdjustment *size_adjustment;
  GtkAdjustment *hardness_adjustment;
  GtkCheckButton *edges_check;
};

G_DEFINE_FINAL_TYPE (CutoutBrushBar, cutout_brush_bar, GTK_TYPE_BOX)

static void
cutout_brush_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUTOUT_TYPE_BRUSH_BAR);
  G_OBJECT_CLASS (cutout_brush_bar_parent_class)->dispose (object);
}

static void
cutout_brush_bar_class_init (CutoutBrushBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_brush_bar_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-brush-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutBrushBar, erase_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutBrushBar, restore_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutBrushBar, size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CutoutBrushBar, hardness_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CutoutBrushBar, edges_check);
}

static void
cutout_brush_bar_init (CutoutBrushBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The bar works @canvas's brush, which follows @settings. */
void
cutout_brush_bar_bind (CutoutBrushBar *self, CutoutCanvas *canvas, GSettings *settings)
{
  const GBindingFlags both = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  g_settings_bind (settings, "brush-size", canvas, "brush-size", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "brush-hardness", canvas, "brush-hardness", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "brush-edge-aware", canvas, "brush-edge-aware",
                   G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (canvas, "brush-size", self->size_adjustment, "value", both);
  g_object_bind_property (canvas, "brush-hardness", self->hardness_adjustment, "value", both);
  g_object_bind_property (canvas, "brush-edge-aware", self->edges_check, "active", both);
  g_object_bind_property (canvas, "brush-restore", self->restore_button, "active", both);
  g_object_bind_property (canvas, "brush-restore", self->erase_button, "active",
                          both | G_BINDING_INVERT_BOOLEAN);
}
