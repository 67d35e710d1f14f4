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
 * transform (get_transform()), which puts the image's corner on a whole
 * widget pixel: every view, the boxes, the ID frame and the mapping of the
 * pointer use it, so they cannot disagree by the rounding of a pixel.
 *
 * With the box tool, the primary button draws, moves and resizes the boxes
 * of a CutoutBoxList, which are in the coordinates of the full image (the
 * texture may be a smaller copy of it); the middle button, or Space with the
 * primary, still pans. Each drag is one edit, made when it ends, so that
 * undo takes back a whole drag.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "cutout-canvas.h"

#define CHECKER_SIZE 8 /* view pixels per checkerboard square */
#define ZOOM_STEP 1.25
#define HANDLE_SIZE 8    /* view pixels: the squares on a selected box */
#define HIT_TOLERANCE 6  /* view pixels from an edge that still grab it */
#define CLICK_DISTANCE 3 /* a drag shorter than this is a click */

typedef enum
{
  DRAG_NONE,
  DRAG_PAN,
  DRAG_DIVIDER,
  DRAG_NEW_BOX,
  DRAG_EDIT_BOX,
  DRAG_FRAME,
} DragMode;

struct _CutoutCanvas
{
  GtkWidget parent_instance;

  GdkTexture *texture;
  cairo_surface_t *surface; /* the texture's pixels, for painting above 100 % */
  GdkTexture *overview;     /* a smaller copy, drawn when zoomed out enough */
  GdkTexture *compare;      /* shown left of the divider, or NULL */
  GdkTexture *compare_overview;
  cairo_surface_t *compare_surface;
  double split; /* the divider, as a fraction of the width */
  DragMode drag_mode;
  double drag_start_x, drag_start_y;
  double pinch_start_zoom;

  GtkAdjustment *hadjustment, *vadjustment;
  GtkScrollablePolicy hscroll_policy, vscroll_policy;
  gboolean updating_adjustments;
  CutoutBackdrop backdrop;
  GdkRGBA color;

  gboolean fit;
  double zoom;
  double center_x, center_y; /* image point at the widget's centre */
  double pointer_x, pointer_y;
  double drag_center_x, drag_center_y;

  CutoutBoxList *boxes;
  int boxes_width, boxes_height; /* the image the boxes are in */
  gboolean box_tool;
  gboolean space_held;
  int selected; /* the selected box, or -1 */
  CutoutBoxPart drag_part;
  CutoutBox drag_box;    /* the box being drawn or changed, as it is now */
  CutoutBox drag_origin; /* and as it was when the drag began */
  double new_x, new_y;   /* where a new box began, in the boxes' coordinates */

  gboolean has_frame; /* an ID photo's crop frame is shown and edited */
  CutoutBox frame;    /* in the boxes' coordinates; while dragged, in drag_box */
  double frame_aspect;
};

enum
{
  FRAME_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (CutoutCanvas,
                               cutout_canvas,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_BACKDROP,
  PROP_BOX_TOOL,
  PROP_SELECTED_BOX,
  N_PROPS,
  /* GtkScrollable's */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

/* Texture pixels to widget pixels: (x, y) + zoom × the image point. */
typedef struct
{
  double x, y; /* where the image's top left corner is: always on whole pixels */
  double zoom;
  /* The whole widget pixels whose centres lie in the image (give or take
   * the one exactly on its edge): where it and its backdrop are drawn. */
  graphene_rect_t area;
} Transform;

/* To the nearest whole pixel, halves always up (round() takes -0.5 to -1
 * but 0.5 to 1, so a pan would shift rounded edges unevenly). */
static double
snap (double v)
{
  return floor (v + 0.5);
}

static double
image_width (CutoutCanvas *self)
{
  return self->texture ? gdk_texture_get_width (self->texture) : 1;
}

static double
image_height (CutoutCanvas *self)
{
  return self->texture ? gdk_texture_get_height (self->texture) : 1;
}

/* The zoom that shows the whole image, at most at 100 %. */
static double
fit_zoom (CutoutCanvas *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (w <= 0 || h <= 0)
    return 1;
  return CLAMP (MIN (w / image_width (self), h / image_height (self)), CUTOUT_CANVAS_MIN_ZOOM, 1.0);
}

/* Follows the widget's size while fitting. */
static void
update_fit (CutoutCanvas *self)
{
  if (!self->fit)
    return;
  self->zoom = fit_zoom (self);
  self->center_x = image_width (self) / 2;
  self->center_y = image_height (self) / 2;
}

/* The image may be panned until its edge reaches the widget's edge, not
 * further, so it cannot be lost out of view. Zooming around a point of the
 * image never needs more, so it stays exact. */
static void
clamp_center (CutoutCanvas *self)
{
  double mx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 / self->zoom;
  double my = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 / self->zoom;

  self->center_x = CLAMP (self->center_x, -mx, image_width (self) + mx);
  self->center_y = CLAMP (self->center_y, -my, image_height (self) + my);
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
  configure_adjustment (self, self->hadjustment, image_width (self), self->center_x,
                        gtk_widget_get_width (GTK_WIDGET (self)));
  configure_adjustment (self, self->vadjustment, image_height (self), self->center_y,
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
static void
get_transform (CutoutCanvas *self, Transform *t)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  update_fit (self);
  t->zoom = self->zoom;
  t->x = snap (w / 2.0 - self->center_x * self->zoom);
  t->y = snap (h / 2.0 - self->center_y * self->zoom);
  t->area = GRAPHENE_RECT_INIT (t->x, t->y, snap (image_width (self) * self->zoom),
                                snap (image_height (self) * self->zoom));
}

void
cutout_canvas_view_to_image (
    CutoutCanvas *self, double view_x, double view_y, double *image_x, double *image_y)
{
  Transform t;

  get_transform (self, &t);
  *image_x = (view_x - t.x) / t.zoom;
  *image_y = (view_y - t.y) / t.zoom;
}

void
cutout_canvas_image_to_view (
    CutoutCanvas *self, double image_x, double image_y, double *view_x, double *view_y)
{
  Transform t;

  get_transform (self, &t);
  *view_x = t.x + image_x * t.zoom;
  *view_y = t.y + image_y * t.zoom;
}

/* Full-image pixels per texture pixel, across and down. */
static double
box_scale_x (CutoutCanvas *self)
{
  return self->boxes_width > 0 ? self->boxes_width / image_width (self) : 1;
}

static double
box_scale_y (CutoutCanvas *self)
{
  return self->boxes_height > 0 ? self->boxes_height / image_height (self) : 1;
}

static int
boxes_width (CutoutCanvas *self)
{
  return self->boxes_width > 0 ? self->boxes_width : (int) image_width (self);
}

static int
boxes_height (CutoutCanvas *self)
{
  return self->boxes_height > 0 ? self->boxes_height : (int) image_height (self);
}

/* Where the view point is on the full image, in the boxes' coordinates. */
void
cutout_canvas_view_to_box_space (
    CutoutCanvas *self, double view_x, double view_y, double *x, double *y)
{
  cutout_canvas_view_to_image (self, view_x, view_y, x, y);
  *x *= box_scale_x (self);
  *y *= box_scale_y (self);
}

static graphene_rect_t
box_in_view (CutoutCanvas *self, const CutoutBox *box)
{
  double sx = box_scale_x (self), sy = box_scale_y (self), x1, y1, x2, y2;

  /* On the pixels the image's own edges are snapped to. */
  cutout_canvas_image_to_view (self, box->x1 / sx, box->y1 / sy, &x1, &y1);
  cutout_canvas_image_to_view (self, box->x2 / sx, box->y2 / sy, &x2, &y2);
  return GRAPHENE_RECT_INIT (snap (x1), snap (y1), snap (x2) - snap (x1), snap (y2) - snap (y1));
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

/* Drawing --------------------------------------------------------------------- */

static void
snapshot_checkerboard (GtkSnapshot *snapshot, const graphene_rect_t *area)
{
  const GdkRGBA light = { 0.86, 0.86, 0.86, 1 }, dark = { 0.70, 0.70, 0.70, 1 };
  graphene_rect_t tile
      = GRAPHENE_RECT_INIT (area->origin.x, area->origin.y, 2 * CHECKER_SIZE, 2 * CHECKER_SIZE);

  gtk_snapshot_push_repeat (snapshot, area, &tile);
  gtk_snapshot_append_color (snapshot, &light, &tile);
  gtk_snapshot_append_color (snapshot, &dark,
                             &GRAPHENE_RECT_INIT (tile.origin.x + CHECKER_SIZE, tile.origin.y,
                                                  CHECKER_SIZE, CHECKER_SIZE));
  gtk_snapshot_append_color (snapshot, &dark,
                             &GRAPHENE_RECT_INIT (tile.origin.x, tile.origin.y + CHECKER_SIZE,
                                                  CHECKER_SIZE, CHECKER_SIZE));
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_backdrop (CutoutCanvas *self, GtkSnapshot *snapshot, const graphene_rect_t *area)
{
  static const GdkRGBA white = { 1, 1, 1, 1 }, black = { 0, 0, 0, 1 }, gray = { 0.5, 0.5, 0.5, 1 };

  switch (self->backdrop)
    {
      case CUTOUT_BACKDROP_CHECKERBOARD:
        snapshot_checkerboard (snapshot, area);
        break;
      case CUTOUT_BACKDROP_WHITE:
        gtk_snapshot_append_color (snapshot, &white, area);
        break;
      case CUTOUT_BACKDROP_BLACK:
        gtk_snapshot_append_color (snapshot, &black, area);
        break;
      case CUTOUT_BACKDROP_GRAY:
        gtk_snapshot_append_color (snapshot, &gray, area);
        break;
      case CUTOUT_BACKDROP_COLOR:
        gtk_snapshot_append_color (snapshot, &self->color, area);
        break;
    }
}

static cairo_surface_t *
surface_for (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);

  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

/* @texture over the backdrop, drawn within @clip (whole pixels, inside
 * the image's area); @surface caches its pixels for zooms above 100 %.
 * The backdrop covers exactly the pixels the image does, so none of it
 * shows beside an opaque photo. */
static void
snapshot_image (CutoutCanvas *self,
                GtkSnapshot *snapshot,
                const Transform *t,
                GdkTexture *texture,
                GdkTexture *overview,
                cairo_surface_t **surface,
                const graphene_rect_t *clip)
{
  gtk_snapshot_push_clip (snapshot, clip);
  snapshot_backdrop (self, snapshot, &t->area);
  if (t->zoom <= 1)
    {
      /* Zoomed out, the smaller copy looks the same and costs far less to
       * scale, frame after frame, than a photo of tens of megapixels. */
      if (overview != NULL && t->area.size.width <= gdk_texture_get_width (overview))
        texture = overview;
      /* Onto whole pixels, not a part of one at the right and bottom edges
       * that some renderers blend with the backdrop: at 100 % the area is
       * the image's own size, below it the texture is filtered anyway and
       * stretched by less than half a pixel. */
      gtk_snapshot_append_texture (snapshot, texture, &t->area);
    }
  else
    {
      /* Sharp blocks: each image pixel is a square of view pixels; the
       * pixels at the far edges whose centres fall just beyond the last
       * image pixel (the area is rounded) take its colour. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, clip);
      if (*surface == NULL)
        *surface = surface_for (texture);
      cairo_translate (cr, t->x, t->y);
      cairo_scale (cr, t->zoom, t->zoom);
      cairo_set_source_surface (cr, *surface, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);
}

static gboolean
dragging_box (CutoutCanvas *self)
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

static void
add_box_path (cairo_t *cr, const graphene_rect_t *r)
{
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
}

/* Dims what lies outside every box: what the cut-out will remove. */
static void
draw_shade (CutoutCanvas *self, cairo_t *cr, const graphene_rect_t *image, guint n)
{
  cairo_push_group (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, n > 0 || dragging_box (self) ? 0.45 : 0.2);
  add_box_path (cr, image);
  cairo_fill (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t r = box_in_view (self, shown_box (self, i));
      add_box_path (cr, &r);
    }
  if (self->drag_mode == DRAG_NEW_BOX)
    {
      graphene_rect_t r = box_in_view (self, &self->drag_box);
      add_box_path (cr, &r);
    }
  cairo_fill (cr);
  cairo_pop_group_to_source (cr);
  cairo_paint (cr);
}

/* A light line with a dark one around it, seen on any photo; a selected
 * box has handles at its corners and edges. */
static void
draw_box (cairo_t *cr, const graphene_rect_t *r, gboolean selected)
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

static void
snapshot_boxes (CutoutCanvas *self, GtkSnapshot *snapshot, const graphene_rect_t *image)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  guint n = cutout_box_list_get_n_boxes (self->boxes);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));

  draw_shade (self, cr, image, n);
  for (guint i = 0; i < n; i++)
    {
      graphene_rect_t r = box_in_view (self, shown_box (self, i));
      draw_box (cr, &r, (int) i == self->selected);
    }
  if (self->drag_mode == DRAG_NEW_BOX)
    {
      graphene_rect_t r = box_in_view (self, &self->drag_box);
      draw_box (cr, &r, FALSE);
    }
  cairo_destroy (cr);
}

/* The ID photo's frame: what lies outside it dimmed, its outline, handles
 * at its corners and edges, and a dashed line a tenth of the way down
 * where the top of the head belongs. */
static void
snapshot_frame (CutoutCanvas *self, GtkSnapshot *snapshot, const graphene_rect_t *image)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  const CutoutBox *frame = self->drag_mode == DRAG_FRAME ? &self->drag_box : &self->frame;
  graphene_rect_t r = box_in_view (self, frame);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  static const double dash[] = { 4, 4 };

  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  add_box_path (cr, image);
  add_box_path (cr, &r);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.55);
  cairo_fill (cr);
  draw_box (cr, &r, TRUE);
  /* Dark and light dashes in turn: a line of one colour vanishes on a
   * backdrop of that colour (white dashes on white), these show on any. */
  cairo_move_to (cr, r.origin.x, snap (r.origin.y + r.size.height / 10) + 0.5);
  cairo_rel_line_to (cr, r.size.width, 0);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
snapshot_images (CutoutCanvas *self,
                 GtkSnapshot *snapshot,
                 const Transform *t,
                 const graphene_rect_t *visible)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double divider = snap (self->split * w); /* on a whole pixel too */
  graphene_rect_t left, right;

  if (self->compare == NULL)
    {
      snapshot_image (self, snapshot, t, self->texture, self->overview, &self->surface, visible);
      return;
    }

  /* Split compare: the other texture left of the divider, this one right,
   * both through the same transform. */
  if (graphene_rect_intersection (visible, &GRAPHENE_RECT_INIT (0, 0, divider, h), &left))
    snapshot_image (self, snapshot, t, self->compare, self->compare_overview,
                    &self->compare_surface, &left);
  if (graphene_rect_intersection (visible, &GRAPHENE_RECT_INIT (divider, 0, w - divider, h),
                                  &right))
    snapshot_image (self, snapshot, t, self->texture, self->overview, &self->surface, &right);
  {
    const GdkRGBA line = { 1, 1, 1, 0.9 }, shade = { 0, 0, 0, 0.5 };
    gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (divider - 2, 0, 4, h));
    gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (divider - 1, 0, 2, h));
  }
}

static void
cutout_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CutoutCanvas *self = CUTOUT_CANVAS (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, w, h);
  graphene_rect_t visible;
  Transform t;

  if (self->texture == NULL)
    return;
  get_transform (self, &t);
  if (!graphene_rect_intersection (&t.area, &view, &visible))
    return;
  snapshot_images (self, snapshot, &t, &visible);
  if (self->box_tool && self->boxes != NULL)
    snapshot_boxes (self, snapshot, &t.area);
  if (self->has_frame)
    snapshot_frame (self, snapshot, &t.area);
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

/* The topmost box whose part is under the view point, or -1. */
static int
box_at (CutoutCanvas *self, double view_x, double view_y, CutoutBoxPart *part)
{
  double x, y, tolerance;

  if (self->boxes == NULL)
    return -1;
  update_fit (self);
  tolerance = HIT_TOLERANCE / self->zoom * MAX (box_scale_x (self), box_scale_y (self));
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

/* The part of the frame under the view point. */
static CutoutBoxPart
frame_at (CutoutCanvas *self, double view_x, double view_y)
{
  double x, y,
      tolerance = HIT_TOLERANCE / self->zoom * MAX (box_scale_x (self), box_scale_y (self));

  cutout_canvas_view_to_box_space (self, view_x, view_y, &x, &y);
  return cutout_box_hit (&self->frame, x, y, tolerance);
}

static const char *
cursor_for (CutoutBoxPart part)
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
static void
update_cursor (CutoutCanvas *self)
{
  CutoutBoxPart part = CUTOUT_BOX_NONE;
  const char *name = NULL;

  if ((self->box_tool || self->has_frame) && self->space_held)
    name = "grab";
  else if (self->has_frame && self->drag_mode != DRAG_FRAME)
    {
      part = frame_at (self, self->pointer_x, self->pointer_y);
      name = part ? cursor_for (part) : NULL;
    }
  else if (self->has_frame)
    return;
  else if (self->box_tool && !dragging_box (self))
    {
      box_at (self, self->pointer_x, self->pointer_y, &part);
      name = cursor_for (part);
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
  update_cursor (self);
}

/* The step an arrow key asks for: a pixel of the image, or ten with Shift. */
static gboolean
arrow_step (guint keyval, GdkModifierType state, int *dx, int *dy)
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

/* The arrow keys move the frame, as they move boxes. */
static gboolean
nudge_frame (CutoutCanvas *self, guint keyval, GdkModifierType state)
{
  int dx, dy;
  CutoutBox moved;

  if (!arrow_step (keyval, state, &dx, &dy) || self->drag_mode == DRAG_FRAME)
    return FALSE;
  moved = cutout_box_drag (&self->frame, CUTOUT_BOX_INSIDE, dx, dy, boxes_width (self),
                           boxes_height (self));
  cutout_canvas_set_frame (self, &moved, self->frame_aspect);
  g_signal_emit (self, signals[FRAME_CHANGED], 0);
  return TRUE;
}

/* The arrow keys move the selected box by a pixel of the image, or ten with
 * Shift: for the last touch, where the pointer is too coarse. */
static gboolean
nudge_selected_box (CutoutCanvas *self, guint keyval, GdkModifierType state)
{
  int dx, dy;
  CutoutBox moved;

  if (!arrow_step (keyval, state, &dx, &dy))
    return FALSE;
  if (self->boxes == NULL || self->selected < 0 || dragging_box (self))
    return FALSE;
  moved = cutout_box_drag (cutout_box_list_get (self->boxes, self->selected), CUTOUT_BOX_INSIDE, dx,
                           dy, boxes_width (self), boxes_height (self));
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
  if (!self->box_tool && !self->has_frame)
    return FALSE;
  if (keyval != GDK_KEY_space && self->has_frame)
    return nudge_frame (self, keyval, state);
  if (keyval != GDK_KEY_space)
    return nudge_selected_box (self, keyval, state);
  self->space_held = TRUE;
  update_cursor (self);
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
  update_cursor (self);
}

/* Space released elsewhere (the window lost focus) is never seen here. */
static void
focus_leave_cb (GtkEventControllerFocus *focus, CutoutCanvas *self)
{
  self->space_held = FALSE;
  update_cursor (self);
}

static void
set_selected (CutoutCanvas *self, int selected)
{
  if (self->selected == selected)
    return;
  self->selected = selected;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_BOX]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

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

/* With the box tool, the primary button works on boxes: on one, it moves or
 * resizes it; elsewhere, it draws a new one. */
static DragMode
begin_box_drag (CutoutCanvas *self, double x, double y)
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
                                           boxes_width (self), boxes_height (self));
  return DRAG_NEW_BOX;
}

/* The box being drawn or changed, the pointer having moved by (@dx, @dy). */
static void
update_box_drag (CutoutCanvas *self, double dx, double dy)
{
  double sx = box_scale_x (self) / self->zoom, sy = box_scale_y (self) / self->zoom;

  if (self->drag_mode == DRAG_NEW_BOX)
    {
      double x, y;
      cutout_canvas_view_to_box_space (self, self->drag_start_x + dx, self->drag_start_y + dy, &x,
                                       &y);
      self->drag_box = cutout_box_from_points (self->new_x, self->new_y, x, y, boxes_width (self),
                                               boxes_height (self));
    }
  else
    self->drag_box = cutout_box_drag (&self->drag_origin, self->drag_part, dx * sx, dy * sy,
                                      boxes_width (self), boxes_height (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The drag's box becomes an edit of the list: one step to undo. */
static void
end_box_drag (CutoutCanvas *self, double dx, double dy)
{
  gboolean click = hypot (dx, dy) < CLICK_DISTANCE;

  if (self->boxes == NULL)
    return;
  if (self->drag_mode == DRAG_NEW_BOX && !click)
    {
      update_box_drag (self, dx, dy);
      if (cutout_box_list_add (self->boxes, &self->drag_box))
        set_selected (self, (int) cutout_box_list_get_n_boxes (self->boxes) - 1);
      else
        gtk_widget_error_bell (GTK_WIDGET (self)); /* CUTOUT_MAX_BOXES already */
    }
  else if (self->drag_mode == DRAG_EDIT_BOX && !click && self->selected >= 0
           && self->selected < (int) cutout_box_list_get_n_boxes (self->boxes))
    {
      update_box_drag (self, dx, dy);
      cutout_box_list_replace (self->boxes, self->selected, &self->drag_box);
    }
}

/* A box being drawn or changed is dropped: its box list changed, or the
 * tool was left, underneath it. */
static void
cancel_box_drag (CutoutCanvas *self)
{
  if (!dragging_box (self))
    return;
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* GTK ends a cancelled drag too: nothing of it is kept. */
static void
drag_cancel_cb (GtkGesture *gesture, GdkEventSequence *sequence, CutoutCanvas *self)
{
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The frame, the pointer having moved by (@dx, @dy) since the drag began. */
static void
update_frame_drag (CutoutCanvas *self, double dx, double dy)
{
  double sx = box_scale_x (self) / self->zoom, sy = box_scale_y (self) / self->zoom;

  self->drag_box
      = cutout_box_drag_aspect (&self->frame, self->drag_part, self->frame_aspect, dx * sx, dy * sy,
                                boxes_width (self), boxes_height (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *drag, double dx, double dy, CutoutCanvas *self)
{
  if (self->drag_mode == DRAG_FRAME && self->has_frame && hypot (dx, dy) >= CLICK_DISTANCE)
    {
      update_frame_drag (self, dx, dy);
      self->frame = self->drag_box;
      self->drag_mode = DRAG_NONE;
      g_signal_emit (self, signals[FRAME_CHANGED], 0);
    }
  if (dragging_box (self) && self->box_tool)
    end_box_drag (self, dx, dy);
  self->drag_mode = DRAG_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_cursor (self);
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
  if (self->box_tool || self->has_frame)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  /* Near the divider, a drag moves it; anywhere else it pans, or with the
   * box tool and the primary button (0: a test's drag), works on boxes. */
  if (self->compare != NULL && fabs (x - divider) <= 12)
    self->drag_mode = DRAG_DIVIDER;
  else if (self->has_frame && button <= GDK_BUTTON_PRIMARY && !self->space_held
           && (self->drag_part = frame_at (self, x, y)) != CUTOUT_BOX_NONE)
    {
      self->drag_box = self->frame;
      self->drag_mode = DRAG_FRAME;
    }
  else if (self->box_tool && self->boxes != NULL && button <= GDK_BUTTON_PRIMARY
           && !self->space_held)
    self->drag_mode = begin_box_drag (self, x, y);
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
  if (dragging_box (self))
    {
      update_box_drag (self, dx, dy);
      return;
    }
  if (self->drag_mode == DRAG_FRAME)
    {
      update_frame_drag (self, dx, dy);
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
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  /* A new image starts fitted; the same image again (its cutout after its
   * original) keeps the view the user chose. */
  if (!same_size)
    cutout_canvas_zoom_to_fit (self);
  view_changed (self);
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
  self->box_tool = active;
  self->space_held = FALSE;
  cancel_box_drag (self);
  set_selected (self, -1);
  update_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOX_TOOL]);
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
  update_cursor (self);
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
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_object (&self->compare);
  g_clear_pointer (&self->compare_surface, cairo_surface_destroy);
  g_clear_object (&self->overview);
  g_clear_object (&self->compare_overview);
  cutout_canvas_set_boxes (self, NULL, 0, 0);
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
  widget_class->snapshot = cutout_canvas_snapshot;
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
  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  /* The ID photo's frame was moved or scaled by hand. */
  signals[FRAME_CHANGED] = g_signal_new ("frame-changed", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

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
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll
      = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->fit = TRUE;
  self->zoom = 1;
  self->split = 0.5;
  self->selected = -1;
  self->color = (GdkRGBA){ 67 / 255.0, 142 / 255.0, 219 / 255.0, 1 }; /* ID-photo blue */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (key, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  g_signal_connect (focus, "leave", G_CALLBACK (focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
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
