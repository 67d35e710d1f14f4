/* test-canvas.c: the preview canvas's geometry and what it draws
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-canvas.h"
#include "cutout-touchup.h"
#include "cutout-testlib.h"

#define EPS 1e-9

/* A @w × @h RGBA texture: the left half transparent, the right half opaque,
 * each of its columns a different colour (red, green, blue, …). */
static GdkTexture *
make_texture (int w, int h)
{
  static const guint8 colours[][3] = { { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };
  guint8 *pixels = g_malloc ((gsize) w * h * 4);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = pixels + ((gsize) y * w + x) * 4;
        memcpy (p, colours[x % 3], 3);
        p[3] = x < w / 2 ? 0 : 255;
      }
  bytes = g_bytes_new_take (pixels, (gsize) w * h * 4);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8A8, bytes, (gsize) w * 4);
}

static GdkTexture *
make_solid (int w, int h, guint8 r, guint8 g, guint8 b)
{
  guint8 *pixels = g_malloc ((gsize) w * h * 4);
  g_autoptr (GBytes) bytes = NULL;

  for (gsize i = 0; i < (gsize) w * h; i++)
    pixels[i * 4] = r, pixels[i * 4 + 1] = g, pixels[i * 4 + 2] = b, pixels[i * 4 + 3] = 255;
  bytes = g_bytes_new_take (pixels, (gsize) w * h * 4);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8A8, bytes, (gsize) w * 4);
}

/* A canvas given a size of its own, without a window. */
static CutoutCanvas *
make_canvas (GdkTexture *texture, int width, int height)
{
  CutoutCanvas *canvas = g_object_ref_sink (CUTOUT_CANVAS (cutout_canvas_new ()));
  int min, nat;

  cutout_canvas_set_texture (canvas, texture);
  gtk_widget_measure (GTK_WIDGET (canvas), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (canvas), GTK_ORIENTATION_VERTICAL, -1, &min, &nat, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (canvas), &(GtkAllocation){ 0, 0, width, height }, -1);
  return canvas;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* Fit shows the whole image, centred, at most at 100 %. */
static void
test_fit (void)
{
  g_autoptr (GdkTexture) big = make_texture (400, 300);
  g_autoptr (GdkTexture) small = make_texture (20, 10);
  g_autoptr (CutoutCanvas) canvas = make_canvas (big, 200, 100);
  g_autoptr (CutoutCanvas) small_canvas = make_canvas (small, 200, 100);
  double ix, iy, vx, vy;

  g_assert_true (cutout_canvas_get_fit (canvas));
  g_assert_cmpfloat_with_epsilon (cutout_canvas_get_zoom (canvas), 100.0 / 300, EPS);
  /* Centred, its corner on the whole pixel nearest to 100 - 200 / 3. */
  cutout_canvas_image_to_view (canvas, 0, 0, &vx, &vy);
  g_assert_cmpfloat_with_epsilon (vx, 33, EPS);
  g_assert_cmpfloat_with_epsilon (vy, 0, EPS);
  cutout_canvas_view_to_image (canvas, 100, 50, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, (100 - 33) * 3, EPS);
  g_assert_cmpfloat_with_epsilon (iy, 150, EPS);
  g_assert_cmpfloat_with_epsilon (cutout_canvas_get_zoom (small_canvas), 1, EPS);

  /* Fitting, a new size is a new zoom, and listeners (the zoom level
   * shown) are told. */
  {
    guint notified = 0;
    g_signal_connect_swapped (canvas, "notify::zoom", G_CALLBACK (count_cb), &notified);
    gtk_widget_size_allocate (GTK_WIDGET (canvas), &(GtkAllocation){ 0, 0, 400, 200 }, -1);
    g_assert_cmpuint (notified, ==, 1);
    g_assert_cmpfloat_with_epsilon (cutout_canvas_get_zoom (canvas), 200.0 / 300, EPS);
  }
}

/* Zooming around a point keeps the image point under it, at any zoom and
 * after any pan, within half a view pixel (the image's corner is put on a
 * whole pixel); the zoom stays within 5 % to 3200 %. */
static void
test_zoom_around_pointer (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  const double zooms[] = { 4, 0.25, 8, 32, 1, 0.05, 3.3 };
  const double points[][2] = { { 30, 20 }, { 199, 99 }, { 0, 0 }, { 150.5, 12.25 } };

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    for (guint p = 0; p < G_N_ELEMENTS (points); p++)
      {
        double before_x, before_y, after_x, after_y, vx, vy;

        /* Somewhere off-centre, the image still under the points. */
        cutout_canvas_zoom_to_fit (canvas);
        cutout_canvas_zoom_at (canvas, 2, 100, 50);
        cutout_canvas_scroll_by (canvas, 7.0 * z - 3, 5 - 2.0 * p);
        cutout_canvas_view_to_image (canvas, points[p][0], points[p][1], &before_x, &before_y);
        cutout_canvas_zoom_at (canvas, zooms[z], points[p][0], points[p][1]);
        g_assert_false (cutout_canvas_get_fit (canvas));
        g_assert_cmpfloat_with_epsilon (cutout_canvas_get_zoom (canvas), zooms[z], EPS);
        cutout_canvas_image_to_view (canvas, before_x, before_y, &vx, &vy);
        g_assert_cmpfloat (fabs (vx - points[p][0]), <=, 0.5 + 1e-9);
        g_assert_cmpfloat (fabs (vy - points[p][1]), <=, 0.5 + 1e-9);
        cutout_canvas_view_to_image (canvas, points[p][0], points[p][1], &after_x, &after_y);
        /* And the two mappings are inverse. */
        cutout_canvas_image_to_view (canvas, after_x, after_y, &vx, &vy);
        g_assert_cmpfloat_with_epsilon (vx, points[p][0], 1e-6);
        g_assert_cmpfloat_with_epsilon (vy, points[p][1], 1e-6);
      }

  /* A pan moves the image by exactly that many view pixels. */
  {
    double x0, y0, x1, y1;
    cutout_canvas_set_zoom (canvas, 4);
    cutout_canvas_view_to_image (canvas, 10, 10, &x0, &y0);
    cutout_canvas_scroll_by (canvas, 20, -8);
    cutout_canvas_view_to_image (canvas, 10, 10, &x1, &y1);
    g_assert_cmpfloat_with_epsilon (x1 - x0, 20.0 / 4, EPS);
    g_assert_cmpfloat_with_epsilon (y1 - y0, -8.0 / 4, EPS);
  }

  /* Panning stops where the image's edge reaches the view's edge. */
  {
    double x, y;
    cutout_canvas_scroll_by (canvas, 1e6, -1e6);
    cutout_canvas_view_to_image (canvas, 0, 100, &x, &y);
    g_assert_cmpfloat_with_epsilon (x, 400, EPS);
    g_assert_cmpfloat_with_epsilon (y, 0, EPS);
  }

  cutout_canvas_set_zoom (canvas, 1000);
  g_assert_cmpfloat (cutout_canvas_get_zoom (canvas), ==, CUTOUT_CANVAS_MAX_ZOOM);
  cutout_canvas_set_zoom (canvas, 0.0001);
  g_assert_cmpfloat (cutout_canvas_get_zoom (canvas), ==, CUTOUT_CANVAS_MIN_ZOOM);
  cutout_canvas_zoom_to_fit (canvas);
  g_assert_true (cutout_canvas_get_fit (canvas));
  g_assert_cmpfloat_with_epsilon (cutout_canvas_get_zoom (canvas), 100.0 / 300, EPS);
}

/* Renders @canvas (shown in a window) to a texture and downloads it. */
static guint8 *
render (CutoutCanvas *canvas, int *width, int *height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (canvas)));
  guint8 *argb;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (canvas))));
  *width = gtk_widget_get_width (GTK_WIDGET (canvas));
  *height = gtk_widget_get_height (GTK_WIDGET (canvas));
  /* The canvas's own drawing, as GTK asks for it in a frame. */
  GTK_WIDGET_GET_CLASS (canvas)->snapshot (GTK_WIDGET (canvas), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture
      = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  argb = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, argb, (gsize) *width * 4);
  return argb;
}

/* The colour drawn at the view point showing image point (@ix, @iy). */
static const guint8 *
pixel_at_image (CutoutCanvas *canvas, const guint8 *argb, int width, double ix, double iy)
{
  double vx, vy;

  cutout_canvas_image_to_view (canvas, ix, iy, &vx, &vy);
  return argb + ((gsize) vy * width + (gsize) vx) * 4; /* B, G, R, A */
}

static void
assert_bgr (const guint8 *p, guint8 r, guint8 g, guint8 b)
{
  g_assert_cmpuint (p[2], ==, r);
  g_assert_cmpuint (p[1], ==, g);
  g_assert_cmpuint (p[0], ==, b);
}

/* The backdrop shows where alpha is 0, the subject where it is 255, and at
 * 800 % each image pixel is a sharp 8 × 8 block. */
static void
test_render (void)
{
  g_autoptr (GdkTexture) texture = make_texture (6, 4);
  GtkWidget *window = gtk_window_new ();
  CutoutCanvas *canvas = CUTOUT_CANVAS (cutout_canvas_new ());
  g_autofree guint8 *argb = NULL;
  int w, h;

  gtk_window_set_default_size (GTK_WINDOW (window), 160, 120);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  cutout_canvas_set_texture (canvas, texture);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  cutout_canvas_set_backdrop (canvas, CUTOUT_BACKDROP_WHITE);
  cutout_canvas_set_zoom (canvas, 8);
  argb = render (canvas, &w, &h);
  assert_bgr (pixel_at_image (canvas, argb, w, 0.5, 0.5), 255, 255, 255); /* alpha 0: backdrop */
  assert_bgr (pixel_at_image (canvas, argb, w, 3.5, 1.5), 255, 0, 0);     /* column 3: red */
  assert_bgr (pixel_at_image (canvas, argb, w, 4.5, 1.5), 0, 255, 0);     /* column 4: green */
  /* Sharp: the last view pixel of column 3 and the first of column 4. */
  assert_bgr (pixel_at_image (canvas, argb, w, 4 - 0.5 / 8, 2.5), 255, 0, 0);
  assert_bgr (pixel_at_image (canvas, argb, w, 4 + 0.5 / 8, 2.5), 0, 255, 0);
  g_clear_pointer (&argb, g_free);

  cutout_canvas_set_backdrop (canvas, CUTOUT_BACKDROP_COLOR);
  cutout_canvas_set_backdrop_color (canvas, &(GdkRGBA){ 220 / 255.0, 20 / 255.0, 60 / 255.0, 1 });
  cutout_canvas_zoom_to_fit (canvas);
  argb = render (canvas, &w, &h);
  assert_bgr (pixel_at_image (canvas, argb, w, 1.5, 1.5), 220, 20, 60); /* ID-photo red */
  assert_bgr (pixel_at_image (canvas, argb, w, 5.5, 1.5), 0, 0, 255);   /* column 5: blue */

  g_clear_pointer (&argb, g_free);

  /* Split compare: the other texture left of the divider, this one right. */
  {
    guint8 yellow[6 * 4 * 4];
    g_autoptr (GBytes) bytes = NULL;
    g_autoptr (GdkTexture) before = NULL;
    double vx, vy;

    for (gsize i = 0; i < sizeof yellow; i += 4)
      yellow[i] = 255, yellow[i + 1] = 220, yellow[i + 2] = 0, yellow[i + 3] = 255;
    bytes = g_bytes_new (yellow, sizeof yellow);
    before = gdk_memory_texture_new (6, 4, GDK_MEMORY_R8G8B8A8, bytes, 6 * 4);
    cutout_canvas_set_backdrop (canvas, CUTOUT_BACKDROP_WHITE);
    cutout_canvas_set_zoom (canvas, 8);
    cutout_canvas_set_compare (canvas, before);
    /* The divider between image columns 3 and 4. */
    cutout_canvas_image_to_view (canvas, 4, 0, &vx, &vy);
    cutout_canvas_set_split (canvas, vx / gtk_widget_get_width (GTK_WIDGET (canvas)));
    argb = render (canvas, &w, &h);
    assert_bgr (pixel_at_image (canvas, argb, w, 0.5, 1.5), 255, 220, 0); /* before, left */
    assert_bgr (pixel_at_image (canvas, argb, w, 3.2, 1.5), 255, 220, 0);
    assert_bgr (pixel_at_image (canvas, argb, w, 4.8, 1.5), 0, 255, 0); /* after, right */
    assert_bgr (pixel_at_image (canvas, argb, w, 5.5, 1.5), 0, 0, 255);
  }

  g_clear_pointer (&argb, g_free);

  /* Zoomed out, the overview is drawn instead, when it is big enough. */
  {
    g_autoptr (GdkTexture) big = make_solid (120, 80, 200, 0, 0);
    g_autoptr (GdkTexture) small = make_solid (60, 40, 0, 0, 200);
    cutout_canvas_set_compare (canvas, NULL);
    cutout_canvas_set_texture (canvas, big);
    cutout_canvas_set_overviews (canvas, small, NULL);
    cutout_canvas_set_zoom (canvas, 0.5); /* 60 view pixels wide: the overview will do */
    argb = render (canvas, &w, &h);
    assert_bgr (pixel_at_image (canvas, argb, w, 60, 40), 0, 0, 200);
    g_clear_pointer (&argb, g_free);
    cutout_canvas_set_zoom (canvas, 0.75); /* 90 wide: the real thing */
    argb = render (canvas, &w, &h);
    assert_bgr (pixel_at_image (canvas, argb, w, 60, 40), 200, 0, 0);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Zoomed far out under GTK's cairo renderer, the canvas paints from halved
 * copies of the image: each shows the mean of the pixels it covers, alpha
 * included. Columns of opaque red and of nothing, one pixel each, come out
 * as half-transparent red over white at every zoom, never as the red or
 * the white of one column. (The GL renderer samples the texture as it is,
 * which aliases on such a pattern: only cairo's drawing is checked.) */
static void
test_zoomed_out (void)
{
  GtkWidget *window = gtk_window_new ();
  CutoutCanvas *canvas = CUTOUT_CANVAS (cutout_canvas_new ());
  guint8 *pixels = g_malloc (256 * 128 * 4);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  const double zooms[] = { 0.125, 0.1, 0.3, 0.05 };

  for (int y = 0; y < 128; y++)
    for (int x = 0; x < 256; x++)
      {
        guint8 *p = pixels + ((gsize) y * 256 + x) * 4;
        p[0] = x % 2 ? 0 : 255, p[1] = p[2] = 0, p[3] = x % 2 ? 0 : 255;
      }
  bytes = g_bytes_new_take (pixels, 256 * 128 * 4);
  texture = gdk_memory_texture_new (256, 128, GDK_MEMORY_R8G8B8A8, bytes, 256 * 4);
  gtk_window_set_default_size (GTK_WINDOW (window), 160, 120);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  cutout_canvas_set_texture (canvas, texture);
  cutout_canvas_set_backdrop (canvas, CUTOUT_BACKDROP_WHITE);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  if (!GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_skip ("not the cairo renderer");
      return;
    }

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree guint8 *argb = NULL;
      int w, h;

      cutout_canvas_set_zoom (canvas, zooms[z]);
      argb = render (canvas, &w, &h);
      for (double ix = 16; ix < 240; ix += 16)
        {
          const guint8 *p = pixel_at_image (canvas, argb, w, ix, 64);
          g_test_message ("zoom %.3f, image x %.0f: RGB %d %d %d", zooms[z], ix, p[2], p[1], p[0]);
          g_assert_cmpuint (p[2], >=, 253);
          g_assert_cmpuint (ABS (p[1] - 127), <=, 3);
          g_assert_cmpuint (ABS (p[0] - 127), <=, 3);
        }
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A @w × @h opaque texture whose pixels all differ, none of them gray: the
 * red channel counts the columns, the green one the rows. With
 * @transparent_columns, that many columns on the left are transparent. */
static GdkTexture *
make_pattern (int w, int h, int transparent_columns)
{
  guint8 *pixels = g_malloc ((gsize) w * h * 4);
  g_autoptr (GBytes) bytes = NULL;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = pixels + ((gsize) y * w + x) * 4;
        p[0] = 40 + 9 * x, p[1] = 40 + 11 * y, p[2] = 90;
        p[3] = x < transparent_columns ? 0 : 255;
      }
  bytes = g_bytes_new_take (pixels, (gsize) w * h * 4);
  return gdk_memory_texture_new (w, h, GDK_MEMORY_R8G8B8A8, bytes, (gsize) w * 4);
}

/* Every widget pixel of @argb whose centre the canvas maps into the image
 * shows that image pixel of @pattern (made by make_pattern()), exactly, or
 * the checkerboard where it is transparent, and every other pixel shows
 * nothing: no backdrop beside the image, no blend of two pixels, no shift.
 * Only the columns from @from to @to (excluded) are looked at. */
static void
assert_on_pixel_grid (CutoutCanvas *canvas,
                      const guint8 *argb,
                      int w,
                      int h,
                      int iw,
                      int ih,
                      int transparent_columns,
                      int from,
                      int to,
                      const char *what)
{
  for (int y = 0; y < h; y++)
    for (int x = MAX (from, 0); x < MIN (to, w); x++)
      {
        const guint8 *p = argb + ((gsize) y * w + x) * 4; /* B, G, R, A */
        double ix, iy;
        int col, row;
        gboolean ok = FALSE;

        cutout_canvas_view_to_image (canvas, x + 0.5, y + 0.5, &ix, &iy);
        col = (int) floor (ix), row = (int) floor (iy);
        /* A centre exactly on the line between two image pixels may show
         * either (pixman samples the one before). */
        for (int c = col; c >= col - (ix == col); c--)
          for (int r = row; r >= row - (iy == row); r--)
            if (c < 0 || c >= iw || r < 0 || r >= ih)
              ok |= p[3] == 0; /* outside the image: nothing drawn */
            else if (c < transparent_columns)
              /* The checkerboard's 0.86 and 0.70, as GL (219, 179) or
               * cairo (220, 178) rounds them. */
              ok |= p[3] == 255 && p[0] == p[1] && p[1] == p[2]
                    && (p[0] == 219 || p[0] == 220 || p[0] == 178 || p[0] == 179);
            else
              ok |= p[3] == 255 && p[2] == 40 + 9 * c && p[1] == 40 + 11 * r && p[0] == 90;
        if (!ok)
          g_error ("%s at %.2f %%: widget pixel (%d, %d), image pixel (%.3f, %.3f): "
                   "drawn as RGBA %d %d %d %d",
                   what, cutout_canvas_get_zoom (canvas) * 100, x, y, ix, iy, p[2], p[1], p[0],
                   p[3]);
      }
}

/* The original, the cutout and the two sides of the comparison put each
 * image pixel on exactly the widget pixels the canvas maps to it (which
 * the box tool and the ID frame use), at 100 % and at zooms in between,
 * wherever the image's corner falls: no row or column of backdrop at its
 * edges, no pixel shifted or blurred. */
static void
test_pixel_grid (void)
{
  const int iw = 12, ih = 10;
  g_autoptr (GdkTexture) original = make_pattern (iw, ih, 0);
  g_autoptr (GdkTexture) cutout = make_pattern (iw, ih, 3);
  GtkWidget *window = gtk_window_new ();
  CutoutCanvas *canvas = CUTOUT_CANVAS (cutout_canvas_new ());
  const double zooms[] = { 1, 4.77, 2.5, 1 };
  const double pans[][2] = { { 0, 0 }, { 0, 0 }, { 0.3, -0.6 }, { 0.25, 0.75 } };

  /* Odd sizes: at 100 %, centred, the image's corner falls between pixels. */
  gtk_window_set_default_size (GTK_WINDOW (window), 161, 121);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  cutout_canvas_set_texture (canvas, original);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  for (guint i = 0; i < G_N_ELEMENTS (zooms); i++)
    {
      g_autofree guint8 *argb = NULL;
      int w, h, divider;
      double vx, vy;

      cutout_canvas_set_texture (canvas, original);
      cutout_canvas_set_compare (canvas, NULL);
      cutout_canvas_set_zoom (canvas, zooms[i]);
      cutout_canvas_scroll_by (canvas, pans[i][0], pans[i][1]);
      argb = render (canvas, &w, &h);
      assert_on_pixel_grid (canvas, argb, w, h, iw, ih, 0, 0, w, "the original");
      g_clear_pointer (&argb, g_free);

      cutout_canvas_set_texture (canvas, cutout); /* the same size: the same view */
      argb = render (canvas, &w, &h);
      assert_on_pixel_grid (canvas, argb, w, h, iw, ih, 3, 0, w, "the cutout");
      g_clear_pointer (&argb, g_free);

      /* Compare: the original left of the divider, the cutout right. */
      cutout_canvas_set_compare (canvas, original);
      cutout_canvas_image_to_view (canvas, iw / 2.0, 0, &vx, &vy);
      cutout_canvas_set_split (canvas, vx / w);
      divider = (int) floor (vx + 0.5);
      argb = render (canvas, &w, &h);
      assert_on_pixel_grid (canvas, argb, w, h, iw, ih, 0, 0, divider - 2, "compare, left");
      assert_on_pixel_grid (canvas, argb, w, h, iw, ih, 3, divider + 2, w, "compare, right");
      g_clear_pointer (&argb, g_free);

      /* A box's outline lies on the first widget pixels of its first image
       * column and row, as the image is drawn (the white line is in the
       * middle of the three pixels of its outline). */
      {
        g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();
        CutoutBox box = { 3, 2, 9, 8 };
        double ix, iy;
        const guint8 *p;
        int x, y;

        cutout_canvas_set_compare (canvas, NULL);
        cutout_box_list_add (boxes, &box);
        cutout_canvas_set_boxes (canvas, boxes, 0, 0);
        cutout_canvas_set_box_tool (canvas, TRUE);
        argb = render (canvas, &w, &h);
        cutout_canvas_image_to_view (canvas, 3, 5, &vx, &vy);
        x = (int) floor (vx + 0.5), y = (int) floor (vy);
        p = argb + ((gsize) y * w + x) * 4;
        g_assert_cmpuint (p[0] & p[1] & p[2], ==, 255); /* its white line */
        cutout_canvas_view_to_image (canvas, x + 0.5, y, &ix, &iy);
        g_assert_cmpfloat (ix, >=, 3);
        g_assert_cmpfloat (ix, <, 4);
        cutout_canvas_view_to_image (canvas, x - 0.5, y, &ix, &iy);
        g_assert_cmpfloat (ix, <=, 3); /* on the line, pixman draws column 2 */
        cutout_canvas_image_to_view (canvas, 6, 2, &vx, &vy);
        x = (int) floor (vx), y = (int) floor (vy + 0.5);
        p = argb + ((gsize) y * w + x) * 4;
        g_assert_cmpuint (p[0] & p[1] & p[2], ==, 255);
        cutout_canvas_view_to_image (canvas, x, y + 0.5, &ix, &iy);
        g_assert_cmpfloat (iy, >=, 2);
        g_assert_cmpfloat (iy, <, 3);
        cutout_canvas_view_to_image (canvas, x, y - 0.5, &ix, &iy);
        g_assert_cmpfloat (iy, <=, 2);
        cutout_canvas_set_box_tool (canvas, FALSE);
        cutout_canvas_set_boxes (canvas, NULL, 0, 0);
      }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The ID frame's line for the top of the head is seen on any backdrop:
 * along it, many pixels differ clearly from a white, black, red or blue
 * one (the cutout transparent, the backdrop shows inside the frame). */
static void
test_frame_head_line (void)
{
  g_autoptr (GdkTexture) clear = make_pattern (40, 30, 40);
  GtkWidget *window = gtk_window_new ();
  CutoutCanvas *canvas = CUTOUT_CANVAS (cutout_canvas_new ());
  const guint8 backdrops[][3]
      = { { 255, 255, 255 }, { 0, 0, 0 }, { 220, 20, 60 }, { 67, 142, 219 } };
  CutoutBox frame = { 5, 2, 35, 28 };

  gtk_window_set_default_size (GTK_WINDOW (window), 161, 121);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (canvas));
  cutout_canvas_set_texture (canvas, clear);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  cutout_canvas_set_zoom (canvas, 3);
  cutout_canvas_set_boxes (canvas, NULL, 0, 0);
  cutout_canvas_set_frame (canvas, &frame, 30.0 / 26);

  for (guint b = 0; b < G_N_ELEMENTS (backdrops); b++)
    {
      const guint8 *want = backdrops[b];
      g_autofree guint8 *argb = NULL;
      double x1, y1, x2, y2;
      int w, h, y, n = 0, differ = 0;

      cutout_canvas_set_backdrop (canvas, CUTOUT_BACKDROP_COLOR);
      cutout_canvas_set_backdrop_color (
          canvas, &(GdkRGBA){ want[0] / 255.0, want[1] / 255.0, want[2] / 255.0, 1 });
      argb = render (canvas, &w, &h);
      cutout_canvas_image_to_view (canvas, frame.x1, frame.y1, &x1, &y1);
      cutout_canvas_image_to_view (canvas, frame.x2, frame.y2, &x2, &y2);
      x1 = floor (x1 + 0.5), y1 = floor (y1 + 0.5), x2 = floor (x2 + 0.5), y2 = floor (y2 + 0.5);
      y = (int) floor (y1 + (y2 - y1) / 10 + 0.5); /* a tenth of the way down */
      /* Away from the frame's outline and its handles. */
      for (int x = (int) x1 + 6; x < (int) x2 - 6; x++)
        {
          const guint8 *p = argb + ((gsize) y * w + x) * 4; /* B, G, R, A */
          int d = MAX (abs (p[2] - want[0]), MAX (abs (p[1] - want[1]), abs (p[0] - want[2])));
          n++;
          differ += d >= 128;
        }
      g_test_message ("backdrop %d %d %d: %d of %d pixels of the line differ", want[0], want[1],
                      want[2], differ, n);
      g_assert_cmpint (n, >, 60);
      g_assert_cmpint (differ, >=, n * 2 / 5);
      /* And the backdrop just above the line is left as it is. */
      {
        const guint8 *p = argb + ((gsize) (y - 2) * w + (int) (x1 + x2) / 2) * 4;
        g_assert_cmpuint (p[2], ==, want[0]);
        g_assert_cmpuint (p[1], ==, want[1]);
        g_assert_cmpuint (p[0], ==, want[2]);
      }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Scrollbars follow the view, and moving them pans it. */
static void
test_scrollbars (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  GtkAdjustment *h = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  GtkAdjustment *v = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  double ix, iy;

  g_object_set (canvas, "hadjustment", h, "vadjustment", v, NULL);
  /* Around the centre, (201, 150): fitted, the image's corner was put on
   * view pixel 33 rather than 33.3, 1 image pixel at 1/3. */
  cutout_canvas_zoom_at (canvas, 2, 100, 50);
  /* Content: the image at 2× with a view of room each side. */
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_upper (h), 400 * 2 + 2 * 200, EPS);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_page_size (h), 200, EPS);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (h), 201 * 2 + 100, EPS);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_upper (v), 300 * 2 + 2 * 100, EPS);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (v), 150 * 2 + 50, EPS);

  gtk_adjustment_set_value (h, gtk_adjustment_get_value (h) + 60);
  gtk_adjustment_set_value (v, gtk_adjustment_get_value (v) - 20);
  cutout_canvas_view_to_image (canvas, 100, 50, &ix, &iy);
  g_assert_cmpfloat_with_epsilon (ix, 201 + 60 / 2.0, EPS);
  g_assert_cmpfloat_with_epsilon (iy, 150 - 20 / 2.0, EPS);

  cutout_canvas_scroll_by (canvas, -40, 0);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (h), (231 - 20) * 2 + 100, EPS);
}

static GtkEventController *
find_controller (CutoutCanvas *canvas, GType type)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (canvas));
  GtkEventController *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        found = GTK_EVENT_CONTROLLER (c); /* the canvas holds it */
    }
  g_object_unref (controllers);
  return found;
}

static GtkGesture *
find_drag (CutoutCanvas *canvas)
{
  return GTK_GESTURE (find_controller (canvas, GTK_TYPE_GESTURE_DRAG));
}

/* Dragging near the compare divider moves it; dragging elsewhere pans. */
static void
test_drag (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (GdkTexture) other = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  GtkGesture *drag = find_drag (canvas);
  double x0, y0, x1, y1;

  g_assert_nonnull (drag);
  cutout_canvas_set_compare (canvas, other);
  cutout_canvas_set_zoom (canvas, 2);
  g_signal_emit_by_name (drag, "drag-begin", 104.0, 50.0); /* 4 px from the divider */
  g_signal_emit_by_name (drag, "drag-update", 30.0, 7.0);
  g_assert_cmpfloat_with_epsilon (cutout_canvas_get_split (canvas), 134.0 / 200, EPS);

  cutout_canvas_view_to_image (canvas, 20, 20, &x0, &y0);
  g_signal_emit_by_name (drag, "drag-begin", 20.0, 20.0);
  g_signal_emit_by_name (drag, "drag-update", -16.0, 10.0);
  cutout_canvas_view_to_image (canvas, 20, 20, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 16.0 / 2, EPS); /* the image follows the pointer */
  g_assert_cmpfloat_with_epsilon (y1 - y0, -10.0 / 2, EPS);
  g_assert_cmpfloat_with_epsilon (cutout_canvas_get_split (canvas), 134.0 / 200, EPS);
}

static void
drag (GtkGesture *gesture, double x, double y, double dx, double dy)
{
  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

/* A box drawn with the box tool covers, in the full image's pixels, what
 * the pointer went over, at any zoom and pan, also when the preview's
 * texture is a smaller copy of the image. */
static void
test_draw_boxes (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();
  GtkGesture *gesture = find_drag (canvas);
  const double zooms[] = { 0.3, 1, 2.5, 8 };
  const int scales[] = { 1, 3 }; /* image pixels per texture pixel */

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
      {
        double x0, y0, x1, y1;
        CutoutBox want;

        cutout_canvas_set_boxes (canvas, boxes, 400 * scales[s], 300 * scales[s]);
        cutout_canvas_set_box_tool (canvas, TRUE);
        cutout_canvas_zoom_to_fit (canvas);
        cutout_canvas_zoom_at (canvas, zooms[z], 60, 40);
        cutout_canvas_scroll_by (canvas, 5.0 * z, -3.0 * s);
        /* What the pointer covers, worked out from the canvas's own view to
         * image mapping (tested above) and the image's scale. */
        cutout_canvas_view_to_image (canvas, 30, 20, &x0, &y0);
        cutout_canvas_view_to_image (canvas, 30 + 120, 20 + 50, &x1, &y1);
        want = cutout_box_from_points (x0 * scales[s], y0 * scales[s], x1 * scales[s],
                                       y1 * scales[s], 400 * scales[s], 300 * scales[s]);
        cutout_box_list_clear (boxes);
        drag (gesture, 30, 20, 120, 50);
        g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 1);
        g_test_message ("zoom %.1f, scale %d: %d,%d,%d,%d", zooms[z], scales[s], want.x1, want.y1,
                        want.x2, want.y2);
        g_assert_true (cutout_box_equal (cutout_box_list_get (boxes, 0), &want));
        g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, 0);
        /* And the box spans those view pixels when drawn again. */
        {
          double bx, by;
          cutout_canvas_view_to_box_space (canvas, 30 + 60, 20 + 25, &bx, &by);
          g_assert_cmpfloat (bx, >=, want.x1);
          g_assert_cmpfloat (bx, <=, want.x2);
          g_assert_cmpfloat (by, >=, want.y1);
          g_assert_cmpfloat (by, <=, want.y2);
        }
      }
}

/* The same, worked out by hand: at 200 %, a view pixel is half a texture
 * pixel, and the texture is a copy of the image three times smaller across
 * and two times smaller down. */
static void
test_draw_box_by_hand (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();

  cutout_canvas_set_boxes (canvas, boxes, 1200, 600);
  cutout_canvas_set_box_tool (canvas, TRUE);
  /* Around the centre: texture (201, 150) at view (100, 50), the fitted
   * image's corner having been on view pixel 33 rather than 33.3. */
  cutout_canvas_set_zoom (canvas, 2);
  /* From view (30, 20): texture (166, 135), image (498, 270); to view
   * (150, 70): texture (226, 160), image (678, 320). */
  drag (find_drag (canvas), 30, 20, 120, 50);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 1);
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 498, 270, 678, 320);
  /* Moving it by (10, 10) view pixels: 5 texture pixels, 15 × 10 image pixels. */
  drag (find_drag (canvas), 100, 50, 10, 10);
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 513, 280, 693, 330);
}

/* A drag whose boxes change under it leaves nothing: the tool left, the
 * image changed, the edited box undone, or the drag cancelled. */
static void
test_interrupted_drags (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();
  g_autoptr (CutoutBoxList) other = cutout_box_list_new ();
  GtkGesture *gesture = find_drag (canvas);
  CutoutBox box = { 150, 100, 250, 200 };

  cutout_canvas_set_boxes (canvas, boxes, 400, 300);
  cutout_canvas_set_box_tool (canvas, TRUE);
  cutout_canvas_set_zoom (canvas, 1);

  /* Esc in the middle of drawing. */
  g_signal_emit_by_name (gesture, "drag-begin", 10.0, 10.0);
  g_signal_emit_by_name (gesture, "drag-update", 50.0, 40.0);
  cutout_canvas_set_box_tool (canvas, FALSE);
  g_signal_emit_by_name (gesture, "drag-end", 50.0, 40.0);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);

  /* Another image selected in the middle of drawing. */
  cutout_canvas_set_box_tool (canvas, TRUE);
  g_signal_emit_by_name (gesture, "drag-begin", 10.0, 10.0);
  g_signal_emit_by_name (gesture, "drag-update", 50.0, 40.0);
  cutout_canvas_set_boxes (canvas, other, 400, 300);
  g_signal_emit_by_name (gesture, "drag-end", 50.0, 40.0);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (other), ==, 0);

  /* Undo in the middle of moving a box: the box is gone, nothing replaced. */
  cutout_box_list_add (other, &box);
  g_signal_emit_by_name (gesture, "drag-begin", 100.0, 50.0); /* its middle */
  g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, 0);
  g_signal_emit_by_name (gesture, "drag-update", 20.0, 5.0);
  cutout_box_list_undo (other);
  g_signal_emit_by_name (gesture, "drag-end", 20.0, 5.0);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (other), ==, 0);
  g_assert_true (cutout_box_list_redo (other));
  cutout_test_assert_box (cutout_box_list_get (other, 0), 150, 100, 250, 200);

  /* A cancelled drag (GTK ends it afterwards). */
  g_signal_emit_by_name (gesture, "drag-begin", 100.0, 50.0);
  g_signal_emit_by_name (gesture, "drag-update", 20.0, 5.0);
  g_signal_emit_by_name (gesture, "cancel", NULL);
  g_signal_emit_by_name (gesture, "drag-end", 20.0, 5.0);
  cutout_test_assert_box (cutout_box_list_get (other, 0), 150, 100, 250, 200);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (other), ==, 1);
}

/* Dragging a box's inside moves it, its corner resizes it, each drag one
 * edit to undo; a click elsewhere makes no box; without the tool, the
 * primary button pans again. */
static void
test_edit_boxes (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();
  GtkGesture *gesture = find_drag (canvas);
  CutoutBox start = { 100, 100, 200, 200 };
  double vx, vy, x0, y0, x1, y1;

  cutout_canvas_set_boxes (canvas, boxes, 400, 300);
  cutout_canvas_set_box_tool (canvas, TRUE);
  cutout_canvas_set_zoom (canvas, 2); /* 2 view pixels per image pixel */
  cutout_box_list_add (boxes, &start);

  /* Inside: moves by the pointer's motion in image pixels. */
  cutout_canvas_image_to_view (canvas, 150, 150, &vx, &vy);
  drag (gesture, vx, vy, 20, -10);
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 110, 95, 210, 195);
  /* Its bottom-right corner: resizes. */
  cutout_canvas_image_to_view (canvas, 210, 195, &vx, &vy);
  drag (gesture, vx + 1, vy + 1, -40, 16);
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 110, 95, 190, 203);
  g_assert_true (cutout_box_list_undo (boxes));
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 110, 95, 210, 195);
  g_assert_true (cutout_box_list_undo (boxes));
  cutout_test_assert_box (cutout_box_list_get (boxes, 0), 100, 100, 200, 200);

  /* The arrow keys move the selected box by one image pixel, or ten. */
  {
    GtkEventController *key = find_controller (canvas, GTK_TYPE_EVENT_CONTROLLER_KEY);
    gboolean handled = FALSE;
    g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, 0);
    g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Right, 0, 0, &handled);
    g_assert_true (handled);
    g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Up, 0, GDK_SHIFT_MASK, &handled);
    cutout_test_assert_box (cutout_box_list_get (boxes, 0), 101, 90, 201, 190);
    g_assert_true (cutout_box_list_undo (boxes));
    g_assert_true (cutout_box_list_undo (boxes));
    cutout_test_assert_box (cutout_box_list_get (boxes, 0), 100, 100, 200, 200);
  }

  /* A click outside every box draws nothing and clears the selection. */
  cutout_canvas_image_to_view (canvas, 20, 20, &vx, &vy);
  drag (gesture, vx, vy, 1, 1);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 1);
  g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, -1);

  /* Select by clicking it, then delete. */
  cutout_canvas_image_to_view (canvas, 150, 150, &vx, &vy);
  drag (gesture, vx, vy, 0, 0);
  g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, 0);
  cutout_canvas_delete_selected_box (canvas);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  g_assert_cmpint (cutout_canvas_get_selected_box (canvas), ==, -1);

  /* Without the tool, the same drag pans and leaves the boxes alone. */
  cutout_canvas_set_box_tool (canvas, FALSE);
  cutout_canvas_view_to_image (canvas, 50, 50, &x0, &y0);
  drag (gesture, 50, 50, 30, 20);
  cutout_canvas_view_to_image (canvas, 50, 50, &x1, &y1);
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  g_assert_cmpfloat_with_epsilon (x1 - x0, -30.0 / 2, EPS);
  g_assert_cmpfloat_with_epsilon (y1 - y0, -20.0 / 2, EPS);
}

/* The ID photo's frame: dragged inside it moves, by a corner it scales
 * keeping its proportions, in the full image's pixels at any zoom; each
 * change is told once; the arrow keys nudge it; with no frame the same
 * drag pans. */
static void
test_frame (void)
{
  g_autoptr (GdkTexture) texture = make_texture (200, 150); /* a half-size preview */
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 200, 100);
  GtkGesture *gesture = find_drag (canvas);
  CutoutBox start = { 100, 100, 200, 240 }, frame;
  double vx, vy;
  guint changes = 0;

  cutout_canvas_set_boxes (canvas, NULL, 400, 300);
  g_assert_false (cutout_canvas_get_frame (canvas, &frame));
  cutout_canvas_set_frame (canvas, &start, 100.0 / 140);
  g_signal_connect_swapped (canvas, "frame-changed", G_CALLBACK (count_cb), &changes);
  cutout_canvas_set_zoom (canvas, 1); /* 2 image pixels per view pixel */

  cutout_canvas_image_to_view (canvas, 75, 85, &vx, &vy); /* (150, 170) in the image */
  drag (gesture, vx, vy, 10, -5);
  g_assert_true (cutout_canvas_get_frame (canvas, &frame));
  cutout_test_assert_box (&frame, 120, 90, 220, 230);
  g_assert_cmpuint (changes, ==, 1);

  cutout_canvas_image_to_view (canvas, 110, 115, &vx, &vy); /* its corner, (220, 230) */
  drag (gesture, vx, vy, 25, 5);                            /* 50 image pixels across */
  cutout_canvas_get_frame (canvas, &frame);
  cutout_test_assert_box (&frame, 120, 90, 270, 300);
  g_assert_cmpuint (changes, ==, 2);

  {
    GtkEventController *key = find_controller (canvas, GTK_TYPE_EVENT_CONTROLLER_KEY);
    gboolean handled = FALSE;
    g_signal_emit_by_name (key, "key-pressed", GDK_KEY_Left, 0, GDK_SHIFT_MASK, &handled);
    g_assert_true (handled);
    cutout_canvas_get_frame (canvas, &frame);
    cutout_test_assert_box (&frame, 110, 90, 260, 300);
    g_assert_cmpuint (changes, ==, 3);
  }

  /* A click changes nothing. */
  cutout_canvas_image_to_view (canvas, 75, 85, &vx, &vy);
  drag (gesture, vx, vy, 1, 1);
  g_assert_cmpuint (changes, ==, 3);

  cutout_canvas_set_frame (canvas, NULL, 1);
  g_assert_false (cutout_canvas_get_frame (canvas, NULL));
  drag (gesture, vx, vy, 10, -5);
  g_assert_cmpuint (changes, ==, 3);
}

static void
stroke_cb (CutoutCanvas *canvas, const CutoutStroke *stroke, CutoutStroke **out)
{
  g_clear_pointer (out, cutout_stroke_free);
  *out = cutout_stroke_copy (stroke);
}

/* With the brush tool, a drag with the primary button is a stroke, handed
 * on when the button is let go, in the full image's pixels (here the
 * texture is a half-size copy), with the brush's size, hardness and mode;
 * the middle button still pans; the box tool and the brush exclude each
 * other. */
static void
test_brush_stroke (void)
{
  g_autoptr (GdkTexture) texture = make_texture (400, 300);
  g_autoptr (CutoutCanvas) canvas = make_canvas (texture, 400, 300);
  g_autoptr (CutoutBoxList) boxes = cutout_box_list_new ();
  GtkGesture *gesture = find_drag (canvas);
  CutoutStroke *stroke = NULL;
  const CutoutStrokePoint *first, *last;
  double x0, y0;

  cutout_canvas_set_boxes (canvas, boxes, 800, 600);
  cutout_canvas_set_zoom (canvas, 1);
  g_signal_connect (canvas, "stroke-finished", G_CALLBACK (stroke_cb), &stroke);
  cutout_canvas_set_brush_tool (canvas, TRUE);
  g_object_set (canvas, "brush-size", 30.0, "brush-hardness", 0.5, "brush-restore", TRUE, NULL);
  cutout_canvas_view_to_image (canvas, 100, 80, &x0, &y0);
  drag (gesture, 100, 80, 40, 20);
  g_assert_nonnull (stroke);
  g_assert_cmpint (stroke->mode, ==, CUTOUT_BRUSH_RESTORE);
  g_assert_cmpfloat_with_epsilon (stroke->radius, 15, EPS);
  g_assert_cmpfloat_with_epsilon (stroke->hardness, 0.5, EPS);
  g_assert_true (stroke->edge_aware);
  g_assert_cmpuint (stroke->points->len, ==, 3);
  first = &g_array_index (stroke->points, CutoutStrokePoint, 0);
  last = &g_array_index (stroke->points, CutoutStrokePoint, 2);
  g_assert_cmpfloat_with_epsilon (first->x, 2 * x0, EPS);
  g_assert_cmpfloat_with_epsilon (first->y, 2 * y0, EPS);
  g_assert_cmpfloat_with_epsilon (last->x - first->x, 2 * 40, EPS);
  g_assert_cmpfloat_with_epsilon (last->y - first->y, 2 * 20, EPS);
  g_clear_pointer (&stroke, cutout_stroke_free);
  /* Erase takes all under the brush, following edges or not. */
  g_object_set (canvas, "brush-restore", FALSE, NULL);
  drag (gesture, 100, 80, 40, 20);
  g_assert_cmpint (stroke->mode, ==, CUTOUT_BRUSH_ERASE);
  g_assert_false (stroke->edge_aware);
  g_clear_pointer (&stroke, cutout_stroke_free);

  /* The size is clamped; the box tool turns the brush off, and back. */
  cutout_canvas_set_brush_size (canvas, 5000);
  g_assert_cmpfloat (cutout_canvas_get_brush_size (canvas), ==, CUTOUT_BRUSH_MAX_SIZE);
  cutout_canvas_set_box_tool (canvas, TRUE);
  g_assert_false (cutout_canvas_get_brush_tool (canvas));
  cutout_canvas_set_brush_tool (canvas, TRUE);
  g_assert_false (cutout_canvas_get_box_tool (canvas));
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  cutout_canvas_set_brush_tool (canvas, FALSE);
  drag (gesture, 100, 80, 40, 20);
  g_assert_null (stroke); /* without the tool, a drag pans */
}

int
main (int argc, char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cutout/canvas/fit", test_fit);
  g_test_add_func ("/cutout/canvas/zoom-around-pointer", test_zoom_around_pointer);
  g_test_add_func ("/cutout/canvas/scrollbars", test_scrollbars);
  g_test_add_func ("/cutout/canvas/drag", test_drag);
  g_test_add_func ("/cutout/canvas/render", test_render);
  g_test_add_func ("/cutout/canvas/pixel-grid", test_pixel_grid);
  g_test_add_func ("/cutout/canvas/zoomed-out", test_zoomed_out);
  g_test_add_func ("/cutout/canvas/draw-boxes", test_draw_boxes);
  g_test_add_func ("/cutout/canvas/edit-boxes", test_edit_boxes);
  g_test_add_func ("/cutout/canvas/draw-box-by-hand", test_draw_box_by_hand);
  g_test_add_func ("/cutout/canvas/interrupted-drags", test_interrupted_drags);
  g_test_add_func ("/cutout/canvas/frame", test_frame);
  g_test_add_func ("/cutout/canvas/brush-stroke", test_brush_stroke);
  g_test_add_func ("/cutout/canvas/frame-head-line", test_frame_head_line);
  return g_test_run ();
}
