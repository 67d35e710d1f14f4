/* cutout-canvas-boxes.c: the canvas's box tool
 *
 * With the box tool, the primary button draws, moves and resizes the boxes
 * of a CutoutBoxList, which are in the coordinates of the full image (the
 * texture may be a smaller copy of it); the middle button, or Space with the
 * primary, still pans. Each drag is one edit, made when it ends, so that
 * undo takes back a whole drag. The canvas's one drag gesture (in
 * cutout-canvas.c) hands the box tool its drags; the keys, the pointer's
 * motion and the cursor, here, serve the ID frame too.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-canvas-private.h"

#define HANDLE_SIZE 8 /* view pixels: the squares on a selected box */

gboolean
_cutout_canvas_dragging_box (CutoutCanvas *self)
{
  return self->drag_mode == DRAG_NEW_BOX || self->drag_mode == DRAG_EDIT_BOX;
}

/* The box at @index as it is drawn: while being dragged, as it will be. */
static const CutoutBox *
shown_box (CutoutCanvas *self, guint index)
{
  if (self->drag_mode == DRAG_EDIT_BOX && (int) index == self->selected)
    return &self->drag_box;
  return cutout_box_list_get (self->boxes, index);
}

/* Dims what lies outside every box: what the cut-out will remove. */
static void
draw_shade (CutoutCanvas *self, cairo_t *cr, const graphene_rect_t *image, guint n)
{
  cairo_push_group (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, n > 0 || _cutout_canvas_dragging_box (self) ? 0.45 : 0.2);
  _cutout_canvas_add_rectangle (cr, image);
  cairo_fill (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t r = _cutout_canvas_box_in_view (self, shown_box (self, i));
      _cutout_canvas_add_rectangle (cr, &r);
    }
  if (self->drag_mode == DRAG_NEW_BOX)
    {
      graphene_rect_t r = _cutout_canvas_box_in_view (self, &self->drag_box);
      _cutout_canvas_add_rectangle (cr, &r);
    }
  cairo_fill (cr);
  cairo_pop_group_to_source (cr);
  cairo_paint (cr);
}

/* A light line with a dark one around it, seen on any photo; a selected
 * box has handles at its corners and edges. */
void
_cutout_canvas_draw_box (cairo_t *cr, const graphene_rect_t *r, gboolean selected)
{
  double x = r->origin.x + 0.5, y = r->origin.y + 0.5;
  double w = MAX (r->size.width - 1, 1), h = MAX (r->size.height - 1, 1);

  cairo_rectangle (cr, x, y, w, h);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.7);
  cairo_set_line_width (cr, 3);
  cairo_stroke_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  if (!selected)
    return;
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      {
        if (i == 1 && j == 1)
          continue;
        cairo_rectangle (cr, round (x + w * i / 2) - HANDLE_SIZE / 2.0,
                         round (y + h * j / 2) - HANDLE_SIZE / 2.0, HANDLE_SIZE, HANDLE_SIZE);
      }
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

void
_cutout_canvas_snapshot_boxes (CutoutCanvas *self,
                               GtkSnapshot *snapshot,
                               const graphene_rect_t *image)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  guint n = cutout_box_list_get_n_boxes (self->boxes);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  draw_shade (self, cr, image, n);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t r = _cutout_canvas_box_in_view (self, shown_box (self, i));
      _cutout_canvas_draw_box (cr, &r, (int) i == self->selected);
    }
  if (self->drag_mode == DRAG_NEW_BOX)
    {
      graphene_rect_t r = _cutout_canvas_box_in_view (self, &self->drag_box);
      _cutout_canvas_draw_box (cr, &r, FALSE);
    }
  cairo_destroy (cr);
}

/* The topmost box whose part is under the view point, or -1. */
static int
box_at (CutoutCanvas *self, double view_x, double view_y, CutoutBoxPart *part)
{
  double x, y, tolerance;

  if (self->boxes == NULL)
    return -1;
  tolerance = HIT_TOLERANCE / cutout_canvas_get_zoom (self)
              * MAX (_cutout_canvas_box_scale_x (self), _cutout_canvas_box_scale_y (self));
  cutout_canvas_view_to_box_space (self, view_x, view_y, &x, &y);
  /* The selected box first: it is the one being worked on. */
  if (self->selected >= 0
      && (*part
          = cutout_box_hit (cutout_box_list_get (self->boxes, self->selected), x, y, tolerance)))
    return self->selected;
  for (int i = (int) cutout_box_list_get_n_boxes (self->boxes) - 1; i >= 0; i--)
    if ((*part = cutout_box_hit (cutout_box_list_get (self->boxes, i), x, y, tolerance)))
      return i;
  return -1;
}

const char *
_cutout_canvas_cursor_for (CutoutBoxPart part)
{
  switch ((int) part)
    {
      case CUTOUT_BOX_INSIDE:
        return "move";
      case CUTOUT_BOX_LEFT | CUTOUT_BOX_TOP:
        return "nw-resize";
      case CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM:
        return "se-resize";
      case CUTOUT_BOX_RIGHT | CUTOUT_BOX_TOP:
        return "ne-resize";
      case CUTOUT_BOX_LEFT | CUTOUT_BOX_BOTTOM:
        return "sw-resize";
      case CUTOUT_BOX_LEFT:
        return "w-resize";
      case CUTOUT_BOX_RIGHT:
        return "e-resize";
      case CUTOUT_BOX_TOP:
        return "n-resize";
      case CUTOUT_BOX_BOTTOM:
        return "s-resize";
      default:
        return "crosshair";
    }
}

/* Shows what a drag from here would do. */
void
_cutout_canvas_update_cursor (CutoutCanvas *self)
{
  CutoutBoxPart part = CUTOUT_BOX_NONE;
  const char *name = NULL;

  if ((self->box_tool || self->has_frame || self->brush_tool) && self->space_held)
    name = "grab";
  else if (self->brush_tool)
    name = "none"; /* the brush's outline shows where it paints */
  else if (self->has_frame && self->drag_mode != DRAG_FRAME)
    {
      part = _cutout_canvas_frame_at (self, self->pointer_x, self->pointer_y);
      name = part ? _cutout_canvas_cursor_for (part) : NULL;
    }
  else if (self->has_frame)
    return;
  else if (self->box_tool && !_cutout_canvas_dragging_box (self))
    {
      box_at (self, self->pointer_x, self->pointer_y, &part);
      name = _cutout_canvas_cursor_for (part);
    }
  else if (self->box_tool)
    return; /* keep the cursor the drag began with */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
}

static void
motion_cb (GtkEventControllerMotion *motion, double x, double y, CutoutCanvas *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  _cutout_canvas_update_cursor (self);
  if (self->brush_tool)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
leave_cb (GtkEventControllerMotion *motion, CutoutCanvas *self)
{
  self->pointer_inside = FALSE;
  if (self->brush_tool)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The step an arrow key asks for: a pixel of the image, or ten with Shift. */
gboolean
_cutout_canvas_arrow_step (guint keyval, GdkModifierType state, int *dx, int *dy)
{
  int step = state & GDK_SHIFT_MASK ? 10 : 1;

  *dx = *dy = 0;
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left)
    *dx = -step;
  else if (keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right)
    *dx = step;
  else if (keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up)
    *dy = -step;
  else if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    *dy = step;
  else
    return FALSE;
  return TRUE;
}

/* The arrow keys move the selected box by a pixel of the image, or ten with
 * Shift: for the last touch, where the pointer is too coarse. */
static gboolean
nudge_selected_box (CutoutCanvas *self, guint keyval, GdkModifierType state)
{
  int dx, dy;
  CutoutBox moved;

  if (!_cutout_canvas_arrow_step (keyval, state, &dx, &dy))
    return FALSE;
  if (self->boxes == NULL || self->selected < 0 || _cutout_canvas_dragging_box (self))
    return FALSE;
  moved
      = cutout_box_drag (cutout_box_list_get (self->boxes, self->selected), CUTOUT_BOX_INSIDE, dx,
                         dy, _cutout_canvas_boxes_width (self), _cutout_canvas_boxes_height (self));
  cutout_box_list_replace (self->boxes, self->selected, &moved);
  return TRUE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *key,
                guint keyval,
                guint keycode,
                GdkModifierType state,
                CutoutCanvas *self)
{
  if (keyval != GDK_KEY_space && _cutout_canvas_brush_key (self, keyval))
    return TRUE;
  if (!self->box_tool && !self->has_frame && !self->brush_tool)
    return FALSE;
  if (keyval != GDK_KEY_space && self->brush_tool)
    return FALSE;
  if (keyval != GDK_KEY_space && self->has_frame)
    return _cutout_canvas_nudge_frame (self, keyval, state);
  if (keyval != GDK_KEY_space)
    return nudge_selected_box (self, keyval, state);
  self->space_held = TRUE;
  _cutout_canvas_update_cursor (self);
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *key,
                 guint keyval,
                 guint keycode,
                 GdkModifierType state,
                 CutoutCanvas *self)
{
  if (keyval != GDK_KEY_space)
    return;
  self->space_held = FALSE;
  _cutout_canvas_update_cursor (self);
}

/* Space released elsewhere (the window lost focus) is never seen here. */
static void
focus_leave_cb (GtkEventControllerFocus *focus, CutoutCanvas *self)
{
  self->space_held = FALSE;
  _cutout_canvas_update_cursor (self);
}

static void
set_selected (CutoutCanvas *self, int selected)
{
  if (self->selected == selected)
    return;
  self->selected = selected;
  _cutout_canvas_notify (self, PROP_SELECTED_BOX);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* With the box tool, the primary button works on boxes: on one, it moves or
 * resizes it; elsewhere, it draws a new one. */
DragMode
_cutout_canvas_begin_box_drag (CutoutCanvas *self, double x, double y)
{
  CutoutBoxPart part = CUTOUT_BOX_NONE;
  int hit = box_at (self, x, y, &part);

  if (hit >= 0)
    {
      set_selected (self, hit);
      self->drag_part = part;
      self->drag_origin = *cutout_box_list_get (self->boxes, hit);
      self->drag_box = self->drag_origin;
      return DRAG_EDIT_BOX;
    }
  set_selected (self, -1);
  cutout_canvas_view_to_box_space (self, x, y, &self->new_x, &self->new_y);
  self->drag_box = cutout_box_from_points (self->new_x, self->new_y, self->new_x, self->new_y,
                                           _cutout_canvas_boxes_width (self),
                                           _cutout_canvas_boxes_height (self));
  return DRAG_NEW_BOX;
}

/* The box being drawn or changed, the pointer having moved by (@dx, @dy). */
void
_cutout_canvas_update_box_drag (CutoutCanvas *self, double dx, double dy)
{
  double sx = _cutout_canvas_box_scale_x (self) / self->zoom,
         sy = _cutout_canvas_box_scale_y (self) / self->zoom;

  if (self->drag_mode == DRAG_NEW_BOX)
    {
      double x, y;
      cutout_canvas_view_to_box_space (self, self->drag_start_x + dx, self->drag_start_y + dy, &x,
                                       &y);
      self->drag_box = cutout_box_from_points (self->new_x, self->new_y, x, y,
                                               _cutout_canvas_boxes_width (self),
                                               _cutout_canvas_boxes_height (self));
    }
  else
    self->drag_box
        = cutout_box_drag (&self->drag_origin, self->drag_part, dx * sx, dy * sy,
                           _cutout_canvas_boxes_width (self), _cutout_canvas_boxes_height (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The drag's box becomes an edit of the list: one step to undo. */
void
_cutout_canvas_end_box_drag (CutoutCanvas *self, double dx, double dy)
{
  gboolean click = hypot (dx, dy) < CLICK_DISTANCE;

  if (self->boxes == NULL)
    return;
  if (self->drag_mode == DRAG_NEW_BOX && !click)
    {
      _cutout_canvas_update_box_drag (self, dx, dy);
      if (cutout_box_list_add (self->boxes, &self->drag_box))
        set_selected (self, (int) cutout_box_list_get_n_boxes (self->boxes) - 1);
      else
        gtk_widget_error_bell (GTK_WIDGET (self)); /* CUTOUT_MAX_BOXES already */
    }
  else if (self->drag_mode == DRAG_EDIT_BOX && !click && self->selected >= 0
           && self->selected < (int) cutout_box_list_get_n_boxes (self->boxes))
    {
      _cutout_canvas_update_box_drag (self, dx, dy);
      cutout_box_list_replace (self->boxes, self->selected, &self->drag_box);
    }
}

/* A box being drawn or changed is dropped: its box list changed, or the
 * tool was left, underneath it. */
static void
cancel_box_drag (CutoutCanvas *self)
{
  if (!_cutout_canvas_dragging_box (self))
    return;
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
boxes_changed_cb (CutoutBoxList *boxes, CutoutCanvas *self)
{
  /* An undo in the middle of a drag: the box being moved may be gone. */
  if (self->drag_mode == DRAG_EDIT_BOX)
    cancel_box_drag (self);
  if (self->selected >= (int) cutout_box_list_get_n_boxes (boxes))
    set_selected (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The boxes to show and edit with the box tool (or NULL), in the
 * coordinates of a @width × @height image, of which the texture may be a
 * smaller copy (0: the texture's size). */
void
cutout_canvas_set_boxes (CutoutCanvas *self, CutoutBoxList *boxes, int width, int height)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  self->boxes_width = width;
  self->boxes_height = height;
  if (self->boxes == boxes)
    return;
  if (self->boxes != NULL)
    g_signal_handlers_disconnect_by_func (self->boxes, boxes_changed_cb, self);
  g_set_object (&self->boxes, boxes);
  if (boxes != NULL)
    g_signal_connect (boxes, "changed", G_CALLBACK (boxes_changed_cb), self);
  cancel_box_drag (self);
  set_selected (self, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CutoutBoxList *
cutout_canvas_get_boxes (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), NULL);
  return self->boxes;
}

/* With the box tool, the boxes are shown and the primary button edits them. */
void
cutout_canvas_set_box_tool (CutoutCanvas *self, gboolean active)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  active = !!active;
  if (self->box_tool == active)
    return;
  if (active)
    cutout_canvas_set_brush_tool (self, FALSE);
  self->box_tool = active;
  self->space_held = FALSE;
  cancel_box_drag (self);
  set_selected (self, -1);
  _cutout_canvas_update_cursor (self);
  _cutout_canvas_notify (self, PROP_BOX_TOOL);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
cutout_canvas_get_box_tool (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), FALSE);
  return self->box_tool;
}

/* The index of the selected box, or -1. */
int
cutout_canvas_get_selected_box (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), -1);
  return self->selected;
}

void
cutout_canvas_delete_selected_box (CutoutCanvas *self)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (self->boxes == NULL || self->selected < 0)
    return;
  cutout_box_list_remove (self->boxes, self->selected);
  set_selected (self, -1);
}

/* The pointer's motion and the keys, for the box tool and the frame. */
void
_cutout_canvas_boxes_init (CutoutCanvas *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (key, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}
