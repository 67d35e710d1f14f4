/* cutout-canvas-draw.c: what the canvas draws
 *
 * The backdrop (a checkerboard or a colour) under exactly the pixels the
 * image covers, and the image over it through the one transform: zoomed
 * out, the texture (or its smaller copy, when that is large enough) scaled
 * by the GPU (under GTK's cairo renderer, painted by the canvas from the
 * same pixels as above 100 %); above 100 %, the visible part painted by
 * cairo with nearest-neighbour sampling, from a surface of the texture's
 * pixels made once.
 * In split compare, the compared texture left of the divider and the
 * texture right of it; then the boxes and the ID frame over them.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-canvas-private.h"

#define CHECKER_SIZE 8 /* view pixels per checkerboard square */

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

static void
surface_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  g_task_return_pointer (task, surface_for (data), (GDestroyNotify) cairo_surface_destroy);
}

static void
surface_made_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutCanvas *self = CUTOUT_CANVAS (source);
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);

  if (surface == NULL)
    return; /* the texture changed again meanwhile */
  g_clear_object (&self->making_surface);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->surface_stale = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A new texture: its pixels are made again when painted above 100 %; or,
 * if @similar (cutout_canvas_replace_texture()), the last one's are shown
 * until its own are made in a thread. */
void
_cutout_canvas_texture_changed (CutoutCanvas *self, gboolean similar)
{
  g_cancellable_cancel (self->making_surface);
  g_clear_object (&self->making_surface);
  if (similar && self->surface != NULL)
    self->surface_stale = TRUE;
  else
    g_clear_pointer (&self->surface, cairo_surface_destroy);
}

/* The pixels to paint the texture with above 100 %. */
static cairo_surface_t *
texture_surface (CutoutCanvas *self)
{
  g_autoptr (GTask) task = NULL;

  if (self->surface == NULL)
    self->surface = surface_for (self->texture);
  if (!self->surface_stale || self->making_surface != NULL)
    return self->surface;
  self->making_surface = g_cancellable_new ();
  task = g_task_new (self, self->making_surface, surface_made_cb, NULL);
  g_task_set_task_data (task, g_object_ref (self->texture), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, surface_thread);
  return self->surface;
}

/* GTK 4.8's cairo renderer converts a texture's pixels for cairo each time
 * it draws it: over 30 ms for a 2048-pixel photo, at every tick of a
 * progress bar drawn over it (docs/PERFORMANCE.md). Under that renderer,
 * the canvas draws zoomed-out images itself, from pixels made once. */
static gboolean
renderer_is_cairo (CutoutCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));

  return native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native));
}

#define SURFACE_KEY "cutout-canvas-surface"

/* A texture of @surface's pixels (an image surface of cairo's ARGB32),
 * shared, not copied; under the cairo renderer, the canvas draws it from
 * @surface itself, without converting its pixels at all. Safe to call
 * from any thread. */
GdkTexture *
cutout_canvas_texture_new_for_surface (cairo_surface_t *surface)
{
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;

  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (
      cairo_image_surface_get_data (surface), (gsize) stride * height,
      (GDestroyNotify) cairo_surface_destroy, cairo_surface_reference (surface));
  /* GDK_MEMORY_DEFAULT is cairo's ARGB32: premultiplied, native-endian. */
  texture = gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                    GDK_MEMORY_DEFAULT, bytes, stride);
  g_object_set_data_full (G_OBJECT (texture), SURFACE_KEY, cairo_surface_reference (surface),
                          (GDestroyNotify) cairo_surface_destroy);
  return texture;
}

/* @texture's pixels for cairo: its own surface (a texture made by
 * cutout_canvas_texture_new_for_surface()), else those the canvas keeps in
 * *@surface for it (the texture's, through texture_surface(), or the
 * compared one's), made once; NULL for another texture without a
 * surface (@surface NULL). */
static cairo_surface_t *
pixels_for_cairo (CutoutCanvas *self, GdkTexture *texture, cairo_surface_t **surface)
{
  cairo_surface_t *own = g_object_get_data (G_OBJECT (texture), SURFACE_KEY);

  if (own != NULL)
    return own;
  if (surface == NULL)
    return NULL;
  if (texture == self->texture)
    return texture_surface (self);
  if (*surface == NULL)
    *surface = surface_for (texture);
  return *surface;
}

static const cairo_user_data_key_t half_key;

/* @surface (cairo's ARGB32, premultiplied) at half its size, each pixel the
 * mean of the 2 × 2 it covers (where a side is odd, the last row or column
 * counted twice); NULL if cairo has no memory for it. */
static cairo_surface_t *
surface_halved (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  int hw = (w + 1) / 2, hh = (h + 1) / 2, ss = cairo_image_surface_get_stride (surface);
  cairo_surface_t *half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, hw, hh);
  const guint8 *src = cairo_image_surface_get_data (surface);
  guint8 *dst = cairo_image_surface_get_data (half);
  int ds = cairo_image_surface_get_stride (half);

  if (cairo_surface_status (half) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (half);
      return NULL;
    }
  cairo_surface_flush (surface);
  for (int y = 0; y < hh; y++)
    {
      const guint8 *r0 = src + (gsize) (2 * y) * ss,
                   *r1 = src + (gsize) MIN (2 * y + 1, h - 1) * ss;
      guint8 *o = dst + (gsize) y * ds;
      for (int x = 0; x < hw; x++)
        {
          int a = 8 * x, b = 4 * MIN (2 * x + 1, w - 1);
          for (int c = 0; c < 4; c++)
            o[4 * x + c] = (guint8) ((r0[a + c] + r0[b + c] + r1[a + c] + r1[b + c] + 2) / 4);
        }
    }
  cairo_surface_mark_dirty (half);
  return half;
}

/* @surface, or a copy of it halved as many times as leaves it at least
 * @width pixels wide, made once and kept with it. Cairo's good filter
 * convolves each pixel with its whole footprint once an image is scaled
 * below three quarters: 20–30 ms a frame for a 2048-pixel copy shown in a
 * window, the longest stalls of a batch (docs/PERFORMANCE.md); from the
 * nearest halving, bilinear sampling costs about a millisecond. */
static cairo_surface_t *
surface_for_width (cairo_surface_t *surface, double width)
{
  while ((cairo_image_surface_get_width (surface) + 1) / 2 >= width
         && cairo_image_surface_get_width (surface) > 1)
    {
      cairo_surface_t *half = cairo_surface_get_user_data (surface, &half_key);
      if (half == NULL)
        {
          half = surface_halved (surface);
          if (half == NULL)
            break;
          cairo_surface_set_user_data (surface, &half_key, half,
                                       (cairo_destroy_func_t) cairo_surface_destroy);
        }
      surface = half;
    }
  return surface;
}

/* What a texture node does: @pixels scaled onto @area, on a display of
 * @scale_factor device pixels a view pixel. */
static void
paint_scaled (GtkSnapshot *snapshot,
              cairo_surface_t *pixels,
              const graphene_rect_t *area,
              const graphene_rect_t *clip,
              int scale_factor)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, clip);
  cairo_surface_t *level = surface_for_width (pixels, area->size.width * scale_factor);
  double sx = area->size.width / cairo_image_surface_get_width (level);
  double sy = area->size.height / cairo_image_surface_get_height (level);

  cairo_translate (cr, area->origin.x, area->origin.y);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, level, 0, 0);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  /* Less than halfway down from the nearest halving (cairo's good filter
   * is bilinear above three quarters anyway). */
  if (sx * scale_factor < 0.75 || sy * scale_factor < 0.75)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_destroy (cr);
}

/* @texture over the backdrop, drawn within @clip (whole pixels, inside
 * the image's area); @surface caches its pixels for zooms above 100 %.
 * The backdrop covers exactly the pixels the image does, so none of it
 * shows beside an opaque photo. */
static void
snapshot_image (CutoutCanvas *self,
                GtkSnapshot *snapshot,
                const CutoutCanvasTransform *t,
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
      cairo_surface_t *pixels
          = renderer_is_cairo (self)
                ? pixels_for_cairo (self, texture, texture == overview ? NULL : surface)
                : NULL;
      if (pixels != NULL)
        paint_scaled (snapshot, pixels, &t->area, clip,
                      gtk_widget_get_scale_factor (GTK_WIDGET (self)));
      else
        gtk_snapshot_append_texture (snapshot, texture, &t->area);
    }
  else
    {
      /* Sharp blocks: each image pixel is a square of view pixels; the
       * pixels at the far edges whose centres fall just beyond the last
       * image pixel (the area is rounded) take its colour. */
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, clip);
      cairo_translate (cr, t->x, t->y);
      cairo_scale (cr, t->zoom, t->zoom);
      cairo_set_source_surface (cr, pixels_for_cairo (self, texture, surface), 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  gtk_snapshot_pop (snapshot);
}

static void
snapshot_images (CutoutCanvas *self,
                 GtkSnapshot *snapshot,
                 const CutoutCanvasTransform *t,
                 const graphene_rect_t *visible)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));
  double divider = _cutout_canvas_snap (self->split * w); /* on a whole pixel too */
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

/* The widget's snapshot vfunc. */
void
_cutout_canvas_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  CutoutCanvas *self = CUTOUT_CANVAS (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  graphene_rect_t view = GRAPHENE_RECT_INIT (0, 0, w, h);
  graphene_rect_t visible;
  CutoutCanvasTransform t;

  if (self->texture == NULL)
    return;
  _cutout_canvas_get_transform (self, &t);
  if (!graphene_rect_intersection (&t.area, &view, &visible))
    return;
  snapshot_images (self, snapshot, &t, &visible);
  if (self->box_tool && self->boxes != NULL)
    _cutout_canvas_snapshot_boxes (self, snapshot, &t.area);
  if (self->brush_tool)
    _cutout_canvas_snapshot_brush (self, snapshot);
  if (self->has_frame)
    _cutout_canvas_snapshot_frame (self, snapshot, &t.area);
  /* Just outside the image, so that a white frame shows on a light page. */
  if (self->outline)
    {
      const GdkRGBA grey = { 0, 0, 0, 0.35 };
      const GdkRGBA colours[4] = { grey, grey, grey, grey };
      const float widths[4] = { 1, 1, 1, 1 };
      GskRoundedRect edge;
      gsk_rounded_rect_init_from_rect (&edge, &t.area, 0);
      gsk_rounded_rect_shrink (&edge, -1, -1, -1, -1);
      gtk_snapshot_append_border (snapshot, &edge, widths, colours);
    }
}
