/* cutout-canvas-id-frame.c: the canvas's frame for an ID photo
 *
 * The crop frame of an ID photo over the cutout, in the boxes'
 * coordinates (the full image's): shown with what lies outside it dimmed
 * and a line where the top of the head belongs, moved and scaled (keeping
 * its proportions) by the primary button and the arrow keys. Each change
 * made by hand is told once, by "frame-changed".
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-canvas-private.h"

enum
{
  FRAME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The ID photo's frame: what lies outside it dimmed, its outline, handles
 * at its corners and edges, and a dashed line a tenth of the way down
 * where the top of the head belongs. */
void
_cutout_canvas_snapshot_frame (CutoutCanvas *self,
                               GtkSnapshot *snapshot,
                               const graphene_rect_t *image)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  const CutoutBox *frame = self->drag_mode == DRAG_FRAME ? &self->drag_box : &self->frame;
  graphene_rect_t r = _cutout_canvas_box_in_view (self, frame);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  static const double dash[] = { 4, 4 };

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  _cutout_canvas_add_rectangle (cr, image);
  _cutout_canvas_add_rectangle (cr, &r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_fill (cr);
  _cutout_canvas_draw_box (cr, &r, TRUE);
  /* Dark and light dashes in turn: a line of one colour vanishes on a
   * backdrop of that colour (white dashes on white), these show on any. */
  cairo_move_to (cr, r.origin.x, _cutout_canvas_snap (r.origin.y + r.size.height / 10) + 0.5);
  cairo_rel_line_to (cr, r.size.width, 0);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* The part of the frame under the view point. */
CutoutBoxPart
_cutout_canvas_frame_at (CutoutCanvas *self, double view_x, double view_y)
{
  double x, y,
      tolerance = HIT_TOLERANCE / self->zoom
                  * MAX (_cutout_canvas_box_scale_x (self), _cutout_canvas_box_scale_y (self));

  cutout_canvas_view_to_box_space (self, view_x, view_y, &x, &y);
  return cutout_box_hit (&self->frame, x, y, tolerance);
}

/* The arrow keys move the frame, as they move boxes. */
gboolean
_cutout_canvas_nudge_frame (CutoutCanvas *self, guint keyval, GdkModifierType state)
{
  int dx, dy;
  CutoutBox moved;

  if (!_cutout_canvas_arrow_step (keyval, state, &dx, &dy) || self->drag_mode == DRAG_FRAME)
    return FALSE;
  moved = cutout_box_drag (&self->frame, CUTOUT_BOX_INSIDE, dx, dy,
                           _cutout_canvas_boxes_width (self), _cutout_canvas_boxes_height (self));
  cutout_canvas_set_frame (self, &moved, self->frame_aspect);
  g_signal_emit (self, signals[FRAME_CHANGED], 0);
  return TRUE;
}

/* The frame, the pointer having moved by (@dx, @dy) since the drag began. */
void
_cutout_canvas_update_frame_drag (CutoutCanvas *self, double dx, double dy)
{
  double sx = _cutout_canvas_box_scale_x (self) / self->zoom,
         sy = _cutout_canvas_box_scale_y (self) / self->zoom;

  self->drag_box = cutout_box_drag_aspect (&self->frame, self->drag_part, self->frame_aspect,
                                           dx * sx, dy * sy, _cutout_canvas_boxes_width (self),
                                           _cutout_canvas_boxes_height (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A drag from (@x, @y) by the primary button takes the frame, if it is
 * on it: by its inside it moves it, by an edge or a corner it scales it. */
gboolean
_cutout_canvas_begin_frame_drag (CutoutCanvas *self, double x, double y)
{
  CutoutBoxPart part;

  if (!self->has_frame || (part = _cutout_canvas_frame_at (self, x, y)) == CUTOUT_BOX_NONE)
    return FALSE;
  self->drag_part = part;
  self->drag_box = self->frame;
  return TRUE;
}

/* The frame dragged by (@dx, @dy) becomes the frame, unless it was a click. */
void
_cutout_canvas_end_frame_drag (CutoutCanvas *self, double dx, double dy)
{
  if (!self->has_frame || hypot (dx, dy) < CLICK_DISTANCE)
    return;
  _cutout_canvas_update_frame_drag (self, dx, dy);
  self->frame = self->drag_box;
  self->drag_mode = DRAG_NONE;
  g_signal_emit (self, signals[FRAME_CHANGED], 0);
}

/* Shows an ID photo's crop frame (in the boxes' coordinates: see
 * cutout_canvas_set_boxes()), which the primary button then moves and
 * scales, keeping width/height at @aspect; NULL hides it.  The frame is
 * moved or scaled by hand: "frame-changed". */
void
cutout_canvas_set_frame (CutoutCanvas *self, const CutoutBox *frame, double aspect)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (self->drag_mode == DRAG_FRAME)
    self->drag_mode = DRAG_NONE;
  self->has_frame = frame != NULL;
  if (frame != NULL)
    self->frame = *frame, self->frame_aspect = aspect;
  _cutout_canvas_update_cursor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The frame, if one is shown. */
gboolean
cutout_canvas_get_frame (CutoutCanvas *self, CutoutBox *frame)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), FALSE);

  if (self->has_frame && frame != NULL)
    *frame = self->frame;
  return self->has_frame;
}

void
_cutout_canvas_id_frame_class_init (CutoutCanvasClass *klass)
{
  /* The ID photo's frame was moved or scaled by hand. */
  signals[FRAME_CHANGED] = g_signal_new ("frame-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}
