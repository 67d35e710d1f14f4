/* cutout-canvas-brush.c: the canvas's touch-up brush
 *
 * With the brush tool, the primary button paints a stroke (in the full
 * image's coordinates, as boxes are), shown over the image as it is drawn
 * and handed on with the "stroke-finished" signal when the button is let
 * go: the preview adds it to the job's touch-up, and the queue makes the
 * mask again. Alt held as the stroke begins paints with the other brush.
 * The brush's outline follows the pointer at every zoom; Space or the
 * middle button still pans, Ctrl+scroll still zooms.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-canvas-private.h"

/* Full-image pixels to view pixels. */
static double
view_scale (CutoutCanvas *self)
{
  return cutout_canvas_get_zoom (self) / _cutout_canvas_box_scale_x (self);
}

/* The stroke's pressure from the event under way: a pen's, or 1. Only a
 * pen's counts: other pointers may report a pressure of 0 (X's XTEST
 * pointer does), which would make the brush a dot. */
static double
event_pressure (GtkGesture *gesture)
{
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (gesture));
  GdkDevice *device = event ? gdk_event_get_device (event) : NULL;
  double pressure = 1;

  if (device == NULL || gdk_device_get_source (device) != GDK_SOURCE_PEN
      || !gdk_event_get_axis (event, GDK_AXIS_PRESSURE, &pressure) || pressure <= 0)
    return 1;
  return CLAMP (pressure, 0.05, 1);
}

static void
add_point (CutoutCanvas *self, double view_x, double view_y, double pressure)
{
  double x, y;

  cutout_canvas_view_to_box_space (self, view_x, view_y, &x, &y);
  cutout_stroke_add_point (self->stroke, x, y, pressure);
}

gboolean
_cutout_canvas_begin_stroke (CutoutCanvas *self, GtkGesture *gesture, double x, double y)
{
  GdkModifierType state
      = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  gboolean restore = self->brush_restore != ((state & GDK_ALT_MASK) != 0);

  if (!self->brush_tool || self->texture == NULL)
    return FALSE;
  g_clear_pointer (&self->stroke, cutout_stroke_free);
  /* Following edges restores what does not look like the background
   * around (hair, not the background between it); an eraser that
   * followed edges would leave most of a ghost or a textured leftover:
   * it takes all. */
  self->stroke = cutout_stroke_new (restore ? CUTOUT_BRUSH_RESTORE : CUTOUT_BRUSH_ERASE,
                                    self->brush_size / 2, self->brush_hardness,
                                    self->brush_edge_aware && restore);
  add_point (self, x, y, event_pressure (gesture));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

void
_cutout_canvas_update_stroke (CutoutCanvas *self, GtkGesture *gesture, double dx, double dy)
{
  if (self->stroke == NULL)
    return;
  self->pointer_x = self->drag_start_x + dx;
  self->pointer_y = self->drag_start_y + dy;
  add_point (self, self->pointer_x, self->pointer_y, event_pressure (gesture));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The stroke is one edit: handed on whole, one step to undo. */
void
_cutout_canvas_end_stroke (CutoutCanvas *self)
{
  g_autoptr (CutoutStroke) stroke = g_steal_pointer (&self->stroke);

  if (stroke != NULL)
    g_signal_emit_by_name (self, "stroke-finished", stroke);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
_cutout_canvas_cancel_stroke (CutoutCanvas *self)
{
  g_clear_pointer (&self->stroke, cutout_stroke_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The stroke so far, as a wide line: red where it erases, green where it
 * restores; painted once, so that it does not darken where it crosses
 * itself. */
static void
draw_stroke (CutoutCanvas *self, cairo_t *cr)
{
  const CutoutStroke *s = self->stroke;
  double width = MAX (s->radius * 2 * view_scale (self), 1);

  for (guint i = 0; i < s->points->len; i++)
    {
      const CutoutStrokePoint *p = &g_array_index (s->points, CutoutStrokePoint, i);
      double x, y;
      cutout_canvas_image_to_view (self, p->x / _cutout_canvas_box_scale_x (self),
                                   p->y / _cutout_canvas_box_scale_y (self), &x, &y);
      if (i == 0)
        cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, y);
    }
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, width);
  if (s->mode == CUTOUT_BRUSH_ERASE)
    cairo_set_source_rgba (cr, 0.95, 0.2, 0.25, 0.5);
  else
    cairo_set_source_rgba (cr, 0.2, 0.85, 0.35, 0.5);
  cairo_stroke (cr);
}

/* The brush's outline under the pointer, a light circle in a dark one (seen
 * on any photo), with its hard core dashed when the brush is soft. */
static void
draw_outline (CutoutCanvas *self, cairo_t *cr)
{
  double r = MAX (self->brush_size / 2 * view_scale (self), 1.5);

  cairo_new_path (cr);
  cairo_arc (cr, self->pointer_x, self->pointer_y, r, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (self->brush_hardness < 0.95 && r * self->brush_hardness > 3)
    {
      const double dash[] = { 3, 3 };
      cairo_arc (cr, self->pointer_x, self->pointer_y, r * self->brush_hardness, 0, 2 * G_PI);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_stroke (cr);
    }
}

void
_cutout_canvas_snapshot_brush (CutoutCanvas *self, GtkSnapshot *snapshot)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  if (self->stroke != NULL)
    draw_stroke (self, cr);
  if (self->pointer_inside && !self->space_held)
    draw_outline (self, cr);
  cairo_destroy (cr);
}

/* With the brush tool, the primary button paints strokes; the boxes are
 * neither shown nor edited. */
void
cutout_canvas_set_brush_tool (CutoutCanvas *self, gboolean active)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  active = !!active;
  if (self->brush_tool == active)
    return;
  if (active)
    cutout_canvas_set_box_tool (self, FALSE);
  self->brush_tool = active;
  self->space_held = FALSE;
  _cutout_canvas_cancel_stroke (self);
  _cutout_canvas_update_cursor (self);
  _cutout_canvas_notify (self, PROP_BRUSH_TOOL);
}

gboolean
cutout_canvas_get_brush_tool (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), FALSE);
  return self->brush_tool;
}

/* The brush's diameter, in the full image's pixels. */
void
cutout_canvas_set_brush_size (CutoutCanvas *self, double size)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  size = CLAMP (size, CUTOUT_BRUSH_MIN_SIZE, CUTOUT_BRUSH_MAX_SIZE);
  if (size == self->brush_size)
    return;
  self->brush_size = size;
  _cutout_canvas_notify (self, PROP_BRUSH_SIZE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
cutout_canvas_get_brush_size (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), 0);
  return self->brush_size;
}

/* [ and ] make the brush a step smaller or larger, as in other editors. */
gboolean
_cutout_canvas_brush_key (CutoutCanvas *self, guint keyval)
{
  double step = self->brush_size < 20 ? 2 : self->brush_size * 0.15;

  if (!self->brush_tool)
    return FALSE;
  if (keyval == GDK_KEY_bracketleft)
    cutout_canvas_set_brush_size (self, self->brush_size - step);
  else if (keyval == GDK_KEY_bracketright)
    cutout_canvas_set_brush_size (self, self->brush_size + step);
  else
    return FALSE;
  return TRUE;
}
