/* cutout-canvas-private.h: what the parts of CutoutCanvas share
 *
 * CutoutCanvas is one widget written in four files, as GNOME Text
 * Editor writes EditorWindow: cutout-canvas.c is the view (zoom, pan,
 * the transform from the image to the widget, the textures shown, the
 * gestures that pan and zoom, the widget's class); cutout-canvas-draw.c
 * what is drawn (the backdrops, the image at each zoom, the compare
 * divider); cutout-canvas-boxes.c the box tool (drawing, moving and selecting
 * boxes, and the keys and cursor the tools share); cutout-canvas-id-frame.c
 * an ID photo's crop frame (its geometry, its drags and its overlay).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "cutout-canvas.h"
#include "cutout-touchup.h"

G_BEGIN_DECLS

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
  DRAG_STROKE,
} DragMode;

struct _CutoutCanvas
{
  GtkWidget parent_instance;

  GdkTexture *texture;
  cairo_surface_t *surface; /* the texture's pixels, for painting with cairo, */
  gboolean surface_stale;   /* or the last texture's, of the same size, until they are made */
  GCancellable *making_surface;
  GdkTexture *overview; /* a smaller copy, drawn when zoomed out enough */
  GdkTexture *compare;  /* shown left of the divider, or NULL */
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

  gboolean brush_tool;
  double brush_size;      /* its diameter, in the full image's pixels */
  double brush_hardness;  /* 1: a hard disc, 0: soft from the centre out */
  gboolean brush_restore; /* restores (brings back the photo) rather than erases */
  gboolean brush_edge_aware;
  gboolean pointer_inside;
  CutoutStroke *stroke; /* being painted, in the boxes' coordinates */

  gboolean has_frame; /* an ID photo's crop frame is shown and edited */

  gboolean outline; /* a thin line around the image (a product photo's frame) */
  CutoutBox frame;  /* in the boxes' coordinates; while dragged, in drag_box */
  double frame_aspect;
};

typedef enum
{
  PROP_0,
  PROP_ZOOM,
  PROP_BACKDROP,
  PROP_BOX_TOOL,
  PROP_SELECTED_BOX,
  PROP_BRUSH_TOOL,
  PROP_BRUSH_SIZE,
  PROP_BRUSH_HARDNESS,
  PROP_BRUSH_RESTORE,
  PROP_BRUSH_EDGE_AWARE,
  N_PROPS,
  /* GtkScrollable's */
  PROP_HADJUSTMENT = N_PROPS,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
} CutoutCanvasProperty;

/* Texture pixels to widget pixels: (x, y) + zoom × the image point. */
typedef struct
{
  double x, y; /* where the image's top left corner is: always on whole pixels */
  double zoom;
  /* The whole widget pixels whose centres lie in the image (give or take
   * the one exactly on its edge): where it and its backdrop are drawn. */
  graphene_rect_t area;
} CutoutCanvasTransform;

/* To the nearest whole pixel, halves always up (round() takes -0.5 to -1
 * but 0.5 to 1, so a pan would shift rounded edges unevenly). */
static inline double
_cutout_canvas_snap (double v)
{
  return floor (v + 0.5);
}

static inline double
_cutout_canvas_image_width (CutoutCanvas *self)
{
  return self->texture ? gdk_texture_get_width (self->texture) : 1;
}

static inline double
_cutout_canvas_image_height (CutoutCanvas *self)
{
  return self->texture ? gdk_texture_get_height (self->texture) : 1;
}

/* Full-image pixels per texture pixel, across and down. */
static inline double
_cutout_canvas_box_scale_x (CutoutCanvas *self)
{
  return self->boxes_width > 0 ? self->boxes_width / _cutout_canvas_image_width (self) : 1;
}

static inline double
_cutout_canvas_box_scale_y (CutoutCanvas *self)
{
  return self->boxes_height > 0 ? self->boxes_height / _cutout_canvas_image_height (self) : 1;
}

static inline int
_cutout_canvas_boxes_width (CutoutCanvas *self)
{
  return self->boxes_width > 0 ? self->boxes_width : (int) _cutout_canvas_image_width (self);
}

static inline int
_cutout_canvas_boxes_height (CutoutCanvas *self)
{
  return self->boxes_height > 0 ? self->boxes_height : (int) _cutout_canvas_image_height (self);
}

static inline void
_cutout_canvas_add_rectangle (cairo_t *cr, const graphene_rect_t *r)
{
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
}

/* cutout-canvas.c: the view */
void _cutout_canvas_notify (CutoutCanvas *self, CutoutCanvasProperty prop);
void _cutout_canvas_get_transform (CutoutCanvas *self, CutoutCanvasTransform *t);
graphene_rect_t _cutout_canvas_box_in_view (CutoutCanvas *self, const CutoutBox *box);

/* cutout-canvas-draw.c: what is drawn */
void _cutout_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot);
void _cutout_canvas_texture_changed (CutoutCanvas *self, gboolean similar);

/* cutout-canvas-boxes.c: the box tool */
void _cutout_canvas_boxes_init (CutoutCanvas *self);
void _cutout_canvas_snapshot_boxes (CutoutCanvas *self,
                                    GtkSnapshot *snapshot,
                                    const graphene_rect_t *image);
void _cutout_canvas_draw_box (cairo_t *cr, const graphene_rect_t *r, gboolean selected);
gboolean _cutout_canvas_dragging_box (CutoutCanvas *self);
DragMode _cutout_canvas_begin_box_drag (CutoutCanvas *self, double x, double y);
void _cutout_canvas_update_box_drag (CutoutCanvas *self, double dx, double dy);
void _cutout_canvas_end_box_drag (CutoutCanvas *self, double dx, double dy);
const char *_cutout_canvas_cursor_for (CutoutBoxPart part);
void _cutout_canvas_update_cursor (CutoutCanvas *self);
gboolean _cutout_canvas_arrow_step (guint keyval, GdkModifierType state, int *dx, int *dy);

/* cutout-canvas-brush.c: the touch-up brush */
gboolean _cutout_canvas_begin_stroke (CutoutCanvas *self, GtkGesture *gesture, double x, double y);
void _cutout_canvas_update_stroke (CutoutCanvas *self, GtkGesture *gesture, double dx, double dy);
void _cutout_canvas_end_stroke (CutoutCanvas *self);
void _cutout_canvas_cancel_stroke (CutoutCanvas *self);
void _cutout_canvas_snapshot_brush (CutoutCanvas *self, GtkSnapshot *snapshot);
gboolean _cutout_canvas_brush_key (CutoutCanvas *self, guint keyval);

/* cutout-canvas-id-frame.c: the ID photo's frame */
void _cutout_canvas_id_frame_class_init (CutoutCanvasClass *klass);
void _cutout_canvas_snapshot_frame (CutoutCanvas *self,
                                    GtkSnapshot *snapshot,
                                    const graphene_rect_t *image);
CutoutBoxPart _cutout_canvas_frame_at (CutoutCanvas *self, double view_x, double view_y);
gboolean _cutout_canvas_nudge_frame (CutoutCanvas *self, guint keyval, GdkModifierType state);
gboolean _cutout_canvas_begin_frame_drag (CutoutCanvas *self, double x, double y);
void _cutout_canvas_update_frame_drag (CutoutCanvas *self, double dx, double dy);
void _cutout_canvas_end_frame_drag (CutoutCanvas *self, double dx, double dy);

G_END_DECLS
