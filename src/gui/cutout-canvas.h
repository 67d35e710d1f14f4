/* cutout-canvas.h: a cutout over a backdrop, zoomed and panned
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-box-list.h"

G_BEGIN_DECLS

typedef enum
{
  CUTOUT_BACKDROP_CHECKERBOARD,
  CUTOUT_BACKDROP_WHITE,
  CUTOUT_BACKDROP_BLACK,
  CUTOUT_BACKDROP_GRAY,
  CUTOUT_BACKDROP_COLOR,
} CutoutBackdrop;

/* The touch-up brush's diameter, in the image's pixels. */
#define CUTOUT_BRUSH_MIN_SIZE 1.0
#define CUTOUT_BRUSH_MAX_SIZE 1000.0

/* Zoom limits: 5 % to 3200 %. */
#define CUTOUT_CANVAS_MIN_ZOOM 0.05
#define CUTOUT_CANVAS_MAX_ZOOM 32.0

#define CUTOUT_TYPE_CANVAS (cutout_canvas_get_type ())

G_DECLARE_FINAL_TYPE (CutoutCanvas, cutout_canvas, CUTOUT, CANVAS, GtkWidget)

GtkWidget *cutout_canvas_new (void);

void cutout_canvas_set_texture (CutoutCanvas *self, GdkTexture *texture);
void cutout_canvas_set_outline (CutoutCanvas *self, gboolean outline);
gboolean cutout_canvas_get_outline (CutoutCanvas *self);
void cutout_canvas_replace_texture (CutoutCanvas *self, GdkTexture *texture);
GdkTexture *cutout_canvas_get_texture (CutoutCanvas *self);
void cutout_canvas_set_compare (CutoutCanvas *self, GdkTexture *compare);
void cutout_canvas_set_overviews (CutoutCanvas *self,
                                  GdkTexture *overview,
                                  GdkTexture *compare_overview);
GdkTexture *cutout_canvas_get_compare (CutoutCanvas *self);
void cutout_canvas_set_split (CutoutCanvas *self, double split);
double cutout_canvas_get_split (CutoutCanvas *self);

void cutout_canvas_set_backdrop (CutoutCanvas *self, CutoutBackdrop backdrop);
CutoutBackdrop cutout_canvas_get_backdrop (CutoutCanvas *self);
void cutout_canvas_set_backdrop_color (CutoutCanvas *self, const GdkRGBA *color);

double cutout_canvas_get_zoom (CutoutCanvas *self);
gboolean cutout_canvas_get_fit (CutoutCanvas *self);
void cutout_canvas_zoom_to_fit (CutoutCanvas *self);
void cutout_canvas_show_region (CutoutCanvas *self, double x1, double y1, double x2, double y2);
void cutout_canvas_set_zoom (CutoutCanvas *self, double zoom);
void cutout_canvas_zoom_at (CutoutCanvas *self, double zoom, double view_x, double view_y);
void cutout_canvas_scroll_by (CutoutCanvas *self, double dx, double dy);

void cutout_canvas_set_boxes (CutoutCanvas *self, CutoutBoxList *boxes, int width, int height);
CutoutBoxList *cutout_canvas_get_boxes (CutoutCanvas *self);
void cutout_canvas_set_box_tool (CutoutCanvas *self, gboolean active);
gboolean cutout_canvas_get_box_tool (CutoutCanvas *self);
int cutout_canvas_get_selected_box (CutoutCanvas *self);
void cutout_canvas_delete_selected_box (CutoutCanvas *self);
void cutout_canvas_set_brush_tool (CutoutCanvas *self, gboolean active);
gboolean cutout_canvas_get_brush_tool (CutoutCanvas *self);
void cutout_canvas_set_brush_size (CutoutCanvas *self, double size);
double cutout_canvas_get_brush_size (CutoutCanvas *self);
void cutout_canvas_set_frame (CutoutCanvas *self, const CutoutBox *frame, double aspect);
gboolean cutout_canvas_get_frame (CutoutCanvas *self, CutoutBox *frame);
void cutout_canvas_view_to_box_space (
    CutoutCanvas *self, double view_x, double view_y, double *x, double *y);

void cutout_canvas_view_to_image (
    CutoutCanvas *self, double view_x, double view_y, double *image_x, double *image_y);
void cutout_canvas_image_to_view (
    CutoutCanvas *self, double image_x, double image_y, double *view_x, double *view_y);

GdkTexture *cutout_canvas_texture_new_for_surface (cairo_surface_t *surface);

G_END_DECLS
