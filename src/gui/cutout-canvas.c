/* cutout-canvas.c: a cutout over a backdrop, zoomed and panned
 *
 * The image is drawn from a texture built once per result, never pixel by
 * pixel: up to 100 % the GPU scales the texture; above, cairo paints the
 * visible part with nearest-neighbour sampling, so that each image pixel is
 * a sharp block and single hairs can be checked.
 *
 * The view is described by the zoom (view pixels per image pixel) and the
 * image point shown at the widget's centre; "fit" keeps the whole image in
 * view, at most at 100 %. What is drawn follows from them through one
 * transform (_cutout_canvas_get_transform()), which puts the image's
 * corner on a whole widget pixel: every view, the boxes, the ID frame and
 * the mapping of the pointer use it, so they cannot disagree by the
 * rounding of a pixel.
 *
 * This file is the view and the widget's class; what is drawn is in
 * cutout-canvas-draw.c, the box tool in cutout-canvas-boxes.c, the ID
 * photo's frame in cutout-canvas-id-frame.c (see cutout-canvas-private.h).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-canvas-private.h"

#define ZOOM_STEP 1.25

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutCanvas,
                               cutout_canvas,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static GParamSpec *properties[N_PROPS];

/* For the other parts, which change the box tool's properties. */
void
_cutout_canvas_notify (CutoutCanvas *self, CutoutCanvasProperty prop)
{
  g_assert (prop > PROP_0 && prop < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The zoom that shows the whole image, at most at 100 %. */
static double
fit_zoom (CutoutCanvas *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (w <= 0 || h <= 0)
    return 1;
  return CLAMP (MIN (w / _cutout_canvas_image_width (self), h / _cutout_canvas_image_height (self)),
                CUTOUT_CANVAS_MIN_ZOOM, 1.0);
}

/* Follows the widget's size while fitting. */
static void
update_fit (CutoutCanvas *self)
{
  if (!self->fit)
    return;
  self->zoom = fit_zoom (self);
  self->center_x = _cutout_canvas_image_width (self) / 2;
  self->center_y = _cutout_canvas_image_height (self) / 2;
}

/* The image may be panned until its edge reaches the widget's edge, not
 * further, so it cannot be lost out of view. Zooming around a point of the
 * image never needs more, so it stays exact. */
static void
clamp_center (CutoutCanvas *self)
{
  double mx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 / self->zoom;
  double my = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 / self->zoom;

  self->center_x = CLAMP (self->center_x, -mx, _cutout_canvas_image_width (self) + mx);
  self->center_y = CLAMP (self->center_y, -my, _cutout_canvas_image_height (self) + my);
}

/* Scrollbars: the content is the image at the current zoom with a view's
 * width (height) of room on each side, as far as the view can be panned;
 * the value is where the view's left (top) edge is in it. */
static void
configure_adjustment (
    CutoutCanvas *self, GtkAdjustment *adj, double image_size, double center, int view)
{
  double content = image_size * self->zoom + 2.0 * view;

  if (adj == NULL)
    return;
  gtk_adjustment_configure (adj, center * self->zoom + view / 2.0, 0, content, view * 0.1,
                            view * 0.9, view);
}

static void
update_adjustments (CutoutCanvas *self)
{
  self->updating_adjustments = TRUE;
  configure_adjustment (self, self->hadjustment, _cutout_canvas_image_width (self), self->center_x,
                        gtk_widget_get_width (GTK_WIDGET (self)));
  configure_adjustment (self, self->vadjustment, _cutout_canvas_image_height (self), self->center_y,
                        gtk_widget_get_height (GTK_WIDGET (self)));
  self->updating_adjustments = FALSE;
}

static void
adjustment_value_changed_cb (GtkAdjustment *adj, CutoutCanvas *self)
{
  double value = gtk_adjustment_get_value (adj);

  if (self->updating_adjustments)
    return;
  update_fit (self);
  self->fit = FALSE;
  if (adj == self->hadjustment)
    self->center_x = (value - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / self->zoom;
  else
    self->center_y = (value - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / self->zoom;
  clamp_center (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (CutoutCanvas *self, GtkAdjustment **slot, GtkAdjustment *adj)
{
  if (*slot == adj && adj != NULL)
    return;
  if (*slot != NULL)
    g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
  g_clear_object (slot);
  *slot = g_object_ref_sink (adj ? adj : gtk_adjustment_new (0, 0, 0, 0, 0, 0));
  g_signal_connect (*slot, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self);
  update_adjustments (self);
}

/* After the zoom or the position changed. */
static void
view_changed (CutoutCanvas *self)
{
  update_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The one transform from the image to the widget. Its corner on a whole
 * pixel: at 100 % each image pixel is then one widget pixel rather than a
 * blend of two, above it the blocks begin where pixels do, and the cairo
 * node painting them is laid on whole pixels (GTK paints a cairo node on a
 * surface of whole pixels, its size rounded up, and draws that resampled
 * into fractional bounds: a pixel off). The centre itself is not rounded,
 * so panning does not accumulate rounding. */
void
_cutout_canvas_get_transform (CutoutCanvas *self, CutoutCanvasTransform *t)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  update_fit (self);
  t->zoom = self->zoom;
  t->x = _cutout_canvas_snap (w / 2.0 - self->center_x * self->zoom);
  t->y = _cutout_canvas_snap (h / 2.0 - self->center_y * self->zoom);
  t->area = GRAPHENE_RECT_INIT (
      t->x, t->y, _cutout_canvas_snap (_cutout_canvas_image_width (self) * self->zoom),
      _cutout_canvas_snap (_cutout_canvas_image_height (self) * self->zoom));
}

void
cutout_canvas_view_to_image (
    CutoutCanvas *self, double view_x, double view_y, double *image_x, double *image_y)
{
  CutoutCanvasTransform t;

  _cutout_canvas_get_transform (self, &t);
  *image_x = (view_x - t.x) / t.zoom;
  *image_y = (view_y - t.y) / t.zoom;
}

void
cutout_canvas_image_to_view (
    CutoutCanvas *self, double image_x, double image_y, double *view_x, double *view_y)
{
  CutoutCanvasTransform t;

  _cutout_canvas_get_transform (self, &t);
  *view_x = t.x + image_x * t.zoom;
  *view_y = t.y + image_y * t.zoom;
}

/* Where the view point is on the full image, in the boxes' coordinates. */
void
cutout_canvas_view_to_box_space (
    CutoutCanvas *self, double view_x, double view_y, double *x, double *y)
{
  cutout_canvas_view_to_image (self, view_x, view_y, x, y);
  *x *= _cutout_canvas_box_scale_x (self);
  *y *= _cutout_canvas_box_scale_y (self);
}

graphene_rect_t
_cutout_canvas_box_in_view (CutoutCanvas *self, const CutoutBox *box)
{
  double sx = _cutout_canvas_box_scale_x (self), sy = _cutout_canvas_box_scale_y (self), x1, y1, x2,
         y2;

  /* On the pixels the image's own edges are snapped to. */
  cutout_canvas_image_to_view (self, box->x1 / sx, box->y1 / sy, &x1, &y1);
  cutout_canvas_image_to_view (self, box->x2 / sx, box->y2 / sy, &x2, &y2);
  return GRAPHENE_RECT_INIT (_cutout_canvas_snap (x1), _cutout_canvas_snap (y1),
                             _cutout_canvas_snap (x2) - _cutout_canvas_snap (x1),
                             _cutout_canvas_snap (y2) - _cutout_canvas_snap (y1));
}

/* Zooms to @zoom keeping the image point under (@view_x, @view_y) there,
 * within half a view pixel (the image's corner goes to a whole pixel). */
void
cutout_canvas_zoom_at (CutoutCanvas *self, double zoom, double view_x, double view_y)
{
  double ix, iy;

  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  cutout_canvas_view_to_image (self, view_x, view_y, &ix, &iy);
  self->fit = FALSE;
  self->zoom = CLAMP (zoom, CUTOUT_CANVAS_MIN_ZOOM, CUTOUT_CANVAS_MAX_ZOOM);
  self->center_x = ix - (view_x - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0) / self->zoom;
  self->center_y = iy - (view_y - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0) / self->zoom;
  clamp_center (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  view_changed (self);
}

/* Zooms around the widget's centre. */
void
cutout_canvas_set_zoom (CutoutCanvas *self, double zoom)
{
  cutout_canvas_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
                         gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/* Zooms onto the rectangle @x1, @y1 – @x2, @y2 of the image (a doubtful
 * region to look at): it takes about half the widget, between the zoom
 * that fits the whole image and 800 %. */
void
cutout_canvas_show_region (CutoutCanvas *self, double x1, double y1, double x2, double y2)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double fit, zoom;

  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (self->texture == NULL || w <= 0 || h <= 0)
    return;
  fit = MIN (w / _cutout_canvas_image_width (self), h / _cutout_canvas_image_height (self));
  zoom = 0.5 * MIN (w / MAX (1, x2 - x1), h / MAX (1, y2 - y1));
  self->fit = FALSE;
  self->zoom = CLAMP (zoom, MAX (CUTOUT_CANVAS_MIN_ZOOM, MIN (fit, 1.0)), 8.0);
  self->center_x = (x1 + x2) / 2;
  self->center_y = (y1 + y2) / 2;
  clamp_center (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  view_changed (self);
}

void
cutout_canvas_zoom_to_fit (CutoutCanvas *self)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  self->fit = TRUE;
  update_fit (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
  view_changed (self);
}

double
cutout_canvas_get_zoom (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), 1);
  update_fit (self);
  return self->zoom;
}

gboolean
cutout_canvas_get_fit (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), TRUE);
  return self->fit;
}

/* Moves the view by (@dx, @dy) view pixels. */
void
cutout_canvas_scroll_by (CutoutCanvas *self, double dx, double dy)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  update_fit (self);
  self->fit = FALSE;
  self->center_x += dx / self->zoom;
  self->center_y += dy / self->zoom;
  clamp_center (self);
  view_changed (self);
}

static void
cutout_canvas_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  CutoutCanvas *self = CUTOUT_CANVAS (widget);
  double old_zoom = self->zoom;

  update_fit (self);
  update_adjustments (self);
  /* Fitting, the zoom follows the size: say so, for the level shown. */
  if (self->zoom != old_zoom)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

/* Input ---------------------------------------------------------------------- */

/* Ctrl+scroll zooms around the pointer; scrolling pans. */
static gboolean
scroll_cb (GtkEventControllerScroll *scroll, double dx, double dy, CutoutCanvas *self)
{
  GdkModifierType state
      = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (scroll));

  if (self->texture == NULL)
    return FALSE;
  if (state & GDK_CONTROL_MASK)
    {
      double zoom = cutout_canvas_get_zoom (self) * pow (ZOOM_STEP, -dy);
      cutout_canvas_zoom_at (self, zoom, self->pointer_x, self->pointer_y);
    }
  else
    cutout_canvas_scroll_by (self, dx * 40, dy * 40);
  return TRUE;
}

/* GTK ends a cancelled drag too: nothing of it is kept. */
static void
drag_cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, CutoutCanvas *self)
{
  if (self->drag_mode == DRAG_STROKE)
    _cutout_canvas_cancel_stroke (self);
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *drag, double dx, double dy, CutoutCanvas *self)
{
  if (self->drag_mode == DRAG_FRAME)
    _cutout_canvas_end_frame_drag (self, dx, dy);
  else if (_cutout_canvas_dragging_box (self) && self->box_tool)
    _cutout_canvas_end_box_drag (self, dx, dy);
  else if (self->drag_mode == DRAG_STROKE)
    _cutout_canvas_end_stroke (self);
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _cutout_canvas_update_cursor (self);
}

static void
drag_begin_cb (GtkGestureDrag *drag, double x, double y, CutoutCanvas *self)
{
  double divider = self->split * gtk_widget_get_width (GTK_WIDGET (self));
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (drag));

  update_fit (self);
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_center_x = self->center_x;
  self->drag_center_y = self->center_y;
  if (self->box_tool || self->has_frame || self->brush_tool)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  /* Near the divider, a drag moves it; anywhere else it pans, or with the
   * box tool and the primary button (0: a test's drag), works on boxes. */
  if (self->compare != NULL && fabs (x - divider) <= 12)
    self->drag_mode = DRAG_DIVIDER;
  else if (button <= GDK_BUTTON_PRIMARY && !self->space_held
           && _cutout_canvas_begin_frame_drag (self, x, y))
    self->drag_mode = DRAG_FRAME;
  else if (self->box_tool && self->boxes != NULL && button <= GDK_BUTTON_PRIMARY
           && !self->space_held)
    self->drag_mode = _cutout_canvas_begin_box_drag (self, x, y);
  else if (self->brush_tool && button <= GDK_BUTTON_PRIMARY && !self->space_held
           && _cutout_canvas_begin_stroke (self, GTK_GESTURE (drag), x, y))
    self->drag_mode = DRAG_STROKE;
  else
    self->drag_mode = DRAG_PAN;
}

static void
drag_update_cb (GtkGestureDrag *drag, double dx, double dy, CutoutCanvas *self)
{
  if (self->drag_mode == DRAG_DIVIDER)
    {
      int w = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
      cutout_canvas_set_split (self, (self->drag_start_x + dx) / w);
      return;
    }
  if (_cutout_canvas_dragging_box (self))
    {
      _cutout_canvas_update_box_drag (self, dx, dy);
      return;
    }
  if (self->drag_mode == DRAG_FRAME)
    {
      _cutout_canvas_update_frame_drag (self, dx, dy);
      return;
    }
  if (self->drag_mode == DRAG_STROKE)
    {
      _cutout_canvas_update_stroke (self, GTK_GESTURE (drag), dx, dy);
      return;
    }
  if (self->drag_mode != DRAG_PAN)
    return; /* ended or cancelled meanwhile */
  self->fit = FALSE;
  self->center_x = self->drag_center_x - dx / self->zoom;
  self->center_y = self->drag_center_y - dy / self->zoom;
  clamp_center (self);
  view_changed (self);
}

static void
pinch_begin_cb (GtkGesture *gesture, GdkEventSequence *sequence, CutoutCanvas *self)
{
  self->pinch_start_zoom = cutout_canvas_get_zoom (self);
}

static void
pinch_changed_cb (GtkGestureZoom *gesture, double scale, CutoutCanvas *self)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  cutout_canvas_zoom_at (self, self->pinch_start_zoom * scale, x, y);
}

static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutCanvas *self = CUTOUT_CANVAS (widget);

  if (g_str_equal (action_name, "canvas.zoom-in"))
    cutout_canvas_set_zoom (self, cutout_canvas_get_zoom (self) * ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    cutout_canvas_set_zoom (self, cutout_canvas_get_zoom (self) / ZOOM_STEP);
  else if (g_str_equal (action_name, "canvas.zoom-100"))
    cutout_canvas_set_zoom (self, 1);
  else
    cutout_canvas_zoom_to_fit (self);
}

/* Properties ------------------------------------------------------------------ */

/* Whether a thin line is drawn around the image: the frame of a product
 * photo, which may be as white as the page around it. */
void
cutout_canvas_set_outline (CutoutCanvas *self, gboolean outline)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (self->outline != outline)
    {
      self->outline = outline;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

gboolean
cutout_canvas_get_outline (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), FALSE);
  return self->outline;
}

void
cutout_canvas_set_texture (CutoutCanvas *self, GdkTexture *texture)
{
  gboolean same_size;

  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  same_size = texture != NULL && self->texture != NULL
              && gdk_texture_get_width (texture) == gdk_texture_get_width (self->texture)
              && gdk_texture_get_height (texture) == gdk_texture_get_height (self->texture);
  g_set_object (&self->texture, texture);
  g_clear_object (&self->overview);
  _cutout_canvas_texture_changed (self, FALSE);
  /* A new image starts fitted; the same image again (its cutout after its
   * original) keeps the view the user chose. */
  if (!same_size)
    cutout_canvas_zoom_to_fit (self);
  view_changed (self);
}

/* Shows @texture in place of the one shown, of the same size and the same
 * picture changed in places (touched up, its colours cleaned): above
 * 100 %, the last one's pixels are shown until its own are made, in a
 * thread (at 24 MP, a fifth of a second of the main loop). */
void
cutout_canvas_replace_texture (CutoutCanvas *self, GdkTexture *texture)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (texture == NULL || self->texture == NULL
      || gdk_texture_get_width (texture) != gdk_texture_get_width (self->texture)
      || gdk_texture_get_height (texture) != gdk_texture_get_height (self->texture))
    {
      cutout_canvas_set_texture (self, texture);
      return;
    }
  g_set_object (&self->texture, texture);
  g_clear_object (&self->overview);
  _cutout_canvas_texture_changed (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Shows @compare left of a draggable divider and the texture right of it,
 * in the same place and zoom; NULL ends the comparison. */
void
cutout_canvas_set_compare (CutoutCanvas *self, GdkTexture *compare)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  g_set_object (&self->compare, compare);
  g_clear_object (&self->compare_overview);
  g_clear_pointer (&self->compare_surface, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
cutout_canvas_get_compare (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), NULL);
  return self->compare;
}

/* Where the divider is, as a fraction of the width (0 to 1). */
void
cutout_canvas_set_split (CutoutCanvas *self, double split)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  self->split = CLAMP (split, 0, 1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
cutout_canvas_get_split (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), 0.5);
  return self->split;
}

/* Smaller copies of the texture and of the compared one (or NULL), drawn
 * instead of them when zoomed out so far that they look the same. */
void
cutout_canvas_set_overviews (CutoutCanvas *self, GdkTexture *overview, GdkTexture *compare_overview)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  g_set_object (&self->overview, overview);
  g_set_object (&self->compare_overview, compare_overview);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

GdkTexture *
cutout_canvas_get_texture (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), NULL);
  return self->texture;
}

void
cutout_canvas_set_backdrop (CutoutCanvas *self, CutoutBackdrop backdrop)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  if (self->backdrop == backdrop)
    return;
  self->backdrop = backdrop;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKDROP]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

CutoutBackdrop
cutout_canvas_get_backdrop (CutoutCanvas *self)
{
  g_return_val_if_fail (CUTOUT_IS_CANVAS (self), CUTOUT_BACKDROP_CHECKERBOARD);
  return self->backdrop;
}

void
cutout_canvas_set_backdrop_color (CutoutCanvas *self, const GdkRGBA *color)
{
  g_return_if_fail (CUTOUT_IS_CANVAS (self));

  self->color = *color;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
cutout_canvas_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutCanvas *self = CUTOUT_CANVAS (object);

  switch (prop_id)
    {
      case PROP_ZOOM:
        g_value_set_double (value, cutout_canvas_get_zoom (self));
        break;
      case PROP_BACKDROP:
        g_value_set_int (value, self->backdrop);
        break;
      case PROP_BOX_TOOL:
        g_value_set_boolean (value, self->box_tool);
        break;
      case PROP_SELECTED_BOX:
        g_value_set_int (value, self->selected);
        break;
      case PROP_BRUSH_TOOL:
        g_value_set_boolean (value, self->brush_tool);
        break;
      case PROP_BRUSH_SIZE:
        g_value_set_double (value, self->brush_size);
        break;
      case PROP_BRUSH_HARDNESS:
        g_value_set_double (value, self->brush_hardness);
        break;
      case PROP_BRUSH_RESTORE:
        g_value_set_boolean (value, self->brush_restore);
        break;
      case PROP_BRUSH_EDGE_AWARE:
        g_value_set_boolean (value, self->brush_edge_aware);
        break;
      case PROP_HADJUSTMENT:
        g_value_set_object (value, self->hadjustment);
        break;
      case PROP_VADJUSTMENT:
        g_value_set_object (value, self->vadjustment);
        break;
      case PROP_HSCROLL_POLICY:
        g_value_set_enum (value, self->hscroll_policy);
        break;
      case PROP_VSCROLL_POLICY:
        g_value_set_enum (value, self->vscroll_policy);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_canvas_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CutoutCanvas *self = CUTOUT_CANVAS (object);

  switch (prop_id)
    {
      case PROP_ZOOM:
        cutout_canvas_set_zoom (self, g_value_get_double (value));
        break;
      case PROP_BACKDROP:
        cutout_canvas_set_backdrop (self, g_value_get_int (value));
        break;
      case PROP_BOX_TOOL:
        cutout_canvas_set_box_tool (self, g_value_get_boolean (value));
        break;
      case PROP_BRUSH_TOOL:
        cutout_canvas_set_brush_tool (self, g_value_get_boolean (value));
        break;
      case PROP_BRUSH_SIZE:
        cutout_canvas_set_brush_size (self, g_value_get_double (value));
        break;
      case PROP_BRUSH_HARDNESS:
        self->brush_hardness = g_value_get_double (value);
        gtk_widget_queue_draw (GTK_WIDGET (self));
        break;
      case PROP_BRUSH_RESTORE:
        self->brush_restore = g_value_get_boolean (value);
        break;
      case PROP_BRUSH_EDGE_AWARE:
        self->brush_edge_aware = g_value_get_boolean (value);
        break;
      case PROP_HADJUSTMENT:
        set_adjustment (self, &self->hadjustment, g_value_get_object (value));
        break;
      case PROP_VADJUSTMENT:
        set_adjustment (self, &self->vadjustment, g_value_get_object (value));
        break;
      case PROP_HSCROLL_POLICY:
        self->hscroll_policy = g_value_get_enum (value);
        break;
      case PROP_VSCROLL_POLICY:
        self->vscroll_policy = g_value_get_enum (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_canvas_dispose (GObject *object)
{
  CutoutCanvas *self = CUTOUT_CANVAS (object);

  g_clear_object (&self->texture);
  _cutout_canvas_texture_changed (self, FALSE);
  g_clear_object (&self->compare);
  g_clear_pointer (&self->compare_surface, cairo_surface_destroy);
  g_clear_object (&self->overview);
  g_clear_object (&self->compare_overview);
  cutout_canvas_set_boxes (self, NULL, 0, 0);
  g_clear_pointer (&self->stroke, cutout_stroke_free);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);

  G_OBJECT_CLASS (cutout_canvas_parent_class)->dispose (object);
}

static void
cutout_canvas_class_init (CutoutCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_canvas_dispose;
  object_class->get_property = cutout_canvas_get_property;
  object_class->set_property = cutout_canvas_set_property;
  widget_class->snapshot = _cutout_canvas_snapshot;
  widget_class->size_allocate = cutout_canvas_size_allocate;

  properties[PROP_ZOOM]
      = g_param_spec_double ("zoom", NULL, NULL, CUTOUT_CANVAS_MIN_ZOOM, CUTOUT_CANVAS_MAX_ZOOM, 1,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BACKDROP]
      = g_param_spec_int ("backdrop", NULL, NULL, CUTOUT_BACKDROP_CHECKERBOARD,
                          CUTOUT_BACKDROP_COLOR, CUTOUT_BACKDROP_CHECKERBOARD,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BOX_TOOL]
      = g_param_spec_boolean ("box-tool", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SELECTED_BOX]
      = g_param_spec_int ("selected-box", NULL, NULL, -1, G_MAXINT, -1,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRUSH_TOOL]
      = g_param_spec_boolean ("brush-tool", NULL, NULL, FALSE,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRUSH_SIZE] = g_param_spec_double (
      "brush-size", NULL, NULL, CUTOUT_BRUSH_MIN_SIZE, CUTOUT_BRUSH_MAX_SIZE, 50,
      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BRUSH_HARDNESS] = g_param_spec_double (
      "brush-hardness", NULL, NULL, 0, 1, 0.8, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRUSH_RESTORE] = g_param_spec_boolean (
      "brush-restore", NULL, NULL, FALSE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BRUSH_EDGE_AWARE] = g_param_spec_boolean (
      "brush-edge-aware", NULL, NULL, TRUE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* A stroke painted with the brush tool (a const CutoutStroke *, in the
   * boxes' coordinates), once the button is let go. */
  g_signal_new ("stroke-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");
  _cutout_canvas_id_frame_class_init (klass);

  gtk_widget_class_install_action (widget_class, "canvas.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-100", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "canvas.zoom-fit", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK,
                                       "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK,
                                       "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK,
                                       "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.zoom-100",
                                       NULL);
  gtk_widget_class_set_css_name (widget_class, "cutout-canvas");
}

static void
cutout_canvas_init (CutoutCanvas *self)
{
  GtkEventController *scroll
      = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();

  self->fit = TRUE;
  self->zoom = 1;
  self->split = 0.5;
  self->selected = -1;
  self->brush_size = 50;
  self->brush_hardness = 0.8;
  self->brush_edge_aware = TRUE;
  self->color = (GdkRGBA){ 67 / 255.0, 142 / 255.0, 219 / 255.0, 1 }; /* ID-photo blue */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  _cutout_canvas_boxes_init (self); /* the pointer's motion and the keys */
  g_signal_connect (scroll, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  /* Dragging with any button pans, except the primary with the box tool. */
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (pinch, "begin", G_CALLBACK (pinch_begin_cb), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (pinch_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
}

GtkWidget *
cutout_canvas_new (void)
{
  return g_object_new (CUTOUT_TYPE_CANVAS, NULL);
}
