/* test-product.c: product photos — presets, the subject's bounds, the
 * frame, the shadow and the size cap
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-eval.h"
#include "cutout-mask.h"
#include "cutout-product.h"
#include "cutout-testlib.h"

static const guint8 white[3] = { 255, 255, 255 };

/* A photo of a flat red subject on green, and its mask: the rectangle
 * @x1, @y1, @x2, @y2, or with @oval the ellipse inside it. */
static void
draw_subject (CutoutImage **photo,
              CutoutImage **mask,
              int w,
              int h,
              int x1,
              int y1,
              int x2,
              int y2,
              gboolean oval)
{
  *photo = cutout_image_new (w, h, 4);
  *mask = cutout_image_new (w, h, 1);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double ex = (x + 0.5 - (x1 + x2) / 2.0) / ((x2 - x1) / 2.0);
        double ey = (y + 0.5 - (y1 + y2) / 2.0) / ((y2 - y1) / 2.0);
        gboolean in = x >= x1 && x < x2 && y >= y1 && y < y2 && (!oval || ex * ex + ey * ey <= 1);
        guint8 *p = cutout_image_row (*photo, y) + x * 4;
        p[0] = in ? 200 : 0, p[1] = in ? 30 : 200, p[2] = in ? 40 : 0, p[3] = 255;
        cutout_image_row (*mask, y)[x] = in ? 255 : 0;
      }
}

/* The bounds of what is at least half opaque in a transparent render. */
static CutoutBox
measure (const CutoutImage *rgba)
{
  CutoutBox b = { G_MAXINT, G_MAXINT, -1, -1 };

  for (int y = 0; y < rgba->height; y++)
    for (int x = 0; x < rgba->width; x++)
      if (cutout_image_row (rgba, y)[x * 4 + 3] >= 128)
        b.x1 = MIN (b.x1, x), b.y1 = MIN (b.y1, y), b.x2 = MAX (b.x2, x + 1),
        b.y2 = MAX (b.y2, y + 1);
  return b;
}

static CutoutProductPreset
preset_for (const char *name)
{
  CutoutProductPreset p;
  g_autoptr (GError) error = NULL;

  g_assert_true (cutout_product_preset_parse (name, &p, &error));
  g_assert_no_error (error);
  return p;
}

/* Renders @preset opaque and transparent; checks the size, that every
 * pixel the subject does not reach (alpha 0 in the transparent one) is
 * exactly the backdrop in the opaque one, and gives both back. */
static void
render_both (const CutoutImage *photo,
             const CutoutImage *mask,
             CutoutProductPreset *preset,
             CutoutImage **opaque,
             CutoutImage **clear,
             double *upscale,
             CutoutBox *placed)
{
  g_autoptr (GError) error = NULL;
  gboolean transparent = preset->transparent;
  guint n = 0;

  preset->transparent = FALSE;
  *opaque = cutout_product_render (photo, mask, preset, FALSE, upscale, placed, &error);
  g_assert_no_error (error);
  preset->transparent = TRUE;
  *clear = cutout_product_render (photo, mask, preset, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  preset->transparent = transparent;
  g_assert_cmpint ((*opaque)->width, ==, preset->width);
  g_assert_cmpint ((*opaque)->height, ==, preset->height);
  for (int y = 0; y < preset->height; y++)
    for (int x = 0; x < preset->width; x++)
      {
        const guint8 *o = cutout_image_row (*opaque, y) + x * 4;
        const guint8 *c = cutout_image_row (*clear, y) + x * 4;
        g_assert_cmpuint (o[3], ==, 255);
        if (c[3] != 0)
          continue;
        n++;
        g_assert_cmpuint (c[0] | c[1] | c[2], ==, 0);
        for (int k = 0; k < 3; k++)
          g_assert_cmpuint (o[k], ==, preset->backdrop[k]);
      }
  g_assert_cmpuint (n, >, 0);
}

static void
test_presets (void)
{
  const struct
  {
    const char *text;
    int w, h;
  } good[] = {
    { "amazon", 2000, 2000 },    { "Taobao", 800, 800 },         { "tmall", 800, 800 },
    { "jd", 800, 800 },          { "shopify", 2048, 2048 },      { "square:1000", 1000, 1000 },
    { "1200x1500", 1200, 1500 }, { "custom:640x480", 640, 480 },
  };
  const char *bad[]
      = { "ebay",         "",       "square:", "square:0", "0x100", "100x", "12x12x12",
          "square:20000", "100x-5", "custom:", "amazon2" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      CutoutProductPreset p = preset_for (good[i].text);
      g_assert_cmpint (p.width, ==, good[i].w);
      g_assert_cmpint (p.height, ==, good[i].h);
      g_assert_cmpfloat_with_epsilon (p.share, 0.85, 1e-9);
      g_assert_cmpfloat_with_epsilon (p.margin, 0.075, 1e-9);
      g_assert_cmpint (p.format, ==, CUTOUT_FORMAT_JPEG);
      g_assert_false (p.transparent);
      g_assert_cmpmem (p.backdrop, 3, white, 3);
      g_assert_cmpint (p.align, ==, CUTOUT_PRODUCT_ALIGN_CENTER);
      g_assert_cmpint (p.shadow, ==, CUTOUT_PRODUCT_SHADOW_NONE);
      g_assert_cmpuint (p.max_bytes, ==, 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      CutoutProductPreset p;
      g_assert_false (cutout_product_preset_parse (bad[i], &p, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* The message lists what is known. */
      g_assert_nonnull (strstr (error->message, "amazon"));
      g_assert_nonnull (strstr (error->message, "taobao"));
      g_assert_nonnull (strstr (error->message, "shopify"));
      g_assert_nonnull (strstr (error->message, "square:N"));
    }
  {
    CutoutProductPreset p = preset_for ("amazon");
    cutout_product_preset_set_margin (&p, 0.1);
    g_assert_cmpfloat_with_epsilon (p.share, 0.8, 1e-9);
  }
}

/* A wide subject, centred: its bounds centred within a pixel, its longer
 * side 85 % of the frame's within 1 %, where the render says it put them;
 * enlarged 8.5 times, and said so. */
static void
test_centred (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, opaque = NULL, clear = NULL;
  CutoutProductPreset p = preset_for ("amazon");
  CutoutBox placed, got;
  double upscale = 0;

  draw_subject (&photo, &mask, 600, 400, 150, 120, 350, 220, FALSE);
  render_both (photo, mask, &p, &opaque, &clear, &upscale, &placed);
  got = measure (clear);
  g_test_message ("placed %d,%d,%d,%d; measured %d,%d,%d,%d; upscale %.3f", placed.x1, placed.y1,
                  placed.x2, placed.y2, got.x1, got.y1, got.x2, got.y2, upscale);
  g_assert_cmpint (ABS (got.x1 + got.x2 - 2000), <=, 2);
  g_assert_cmpint (ABS (got.y1 + got.y2 - 2000), <=, 2);
  g_assert_cmpfloat (fabs ((got.x2 - got.x1) - 1700.0), <=, 17);
  g_assert_cmpfloat (fabs ((got.y2 - got.y1) - 850.0), <=, 9);
  g_assert_cmpint (ABS (got.x1 - placed.x1), <=, 1);
  g_assert_cmpint (ABS (got.y2 - placed.y2), <=, 1);
  g_assert_cmpfloat_with_epsilon (upscale, 8.5, 0.01);
  /* The corners are the backdrop; the middle is the subject. */
  g_assert_cmpmem (cutout_image_row (opaque, 0), 3, white, 3);
  g_assert_cmpmem (cutout_image_row (opaque, 1999) + 1999 * 4, 3, white, 3);
  g_assert_cmpuint (cutout_image_row (opaque, 1000)[1000 * 4], ==, 200);
  g_assert_cmpuint (cutout_image_row (opaque, 1000)[1000 * 4 + 1], ==, 30);
}

/* A subject with a soft edge (see-through over its outer 4 pixels),
 * enlarged: every pixel on the line from the white to the subject's red,
 * no green of the old background, and no false colour in the edge from
 * scaling see-through pixels as they are rather than premultiplied. */
static void
test_soft_edge (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, opaque = NULL, clear = NULL;
  CutoutProductPreset p = preset_for ("square:1000");

  draw_subject (&photo, &mask, 300, 200, 50, 50, 250, 150, FALSE);
  for (int y = 50; y < 150; y++)
    for (int x = 50; x < 250; x++)
      {
        int d = MIN (MIN (x - 50, 249 - x), MIN (y - 50, 149 - y));
        cutout_image_row (mask, y)[x] = (guint8) MIN (255, 60 * (d + 1));
      }
  render_both (photo, mask, &p, &opaque, &clear, NULL, NULL);
  for (int y = 0; y < 1000; y++)
    for (int x = 0; x < 1000; x++)
      {
        const guint8 *o = cutout_image_row (opaque, y) + x * 4;
        /* How far from white towards red, by each channel. */
        double tr = (255 - o[0]) / 55.0, tg = (255 - o[1]) / 225.0, tb = (255 - o[2]) / 215.0;
        g_assert_cmpfloat (fabs (tr - tg), <=, 0.06);
        g_assert_cmpfloat (fabs (tb - tg), <=, 0.03);
      }
}

/* A tall subject (a bottle) in a frame taller than it is wide, shrunk:
 * fits both ways; standing on the floor line, 1 − margin of the height
 * down, within a pixel; centred across.  Then a wide one (a shoe). */
static void
test_floor (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, opaque = NULL, clear = NULL;
  CutoutProductPreset p = preset_for ("800x1000");
  CutoutBox placed, got;
  double upscale;
  int floor_line = (int) lround (1000 * (1 - 0.1));

  cutout_product_preset_set_margin (&p, 0.1);
  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  p.backdrop[0] = 240, p.backdrop[1] = 240, p.backdrop[2] = 230;
  draw_subject (&photo, &mask, 1200, 1600, 400, 200, 700, 1500, TRUE);
  render_both (photo, mask, &p, &opaque, &clear, &upscale, &placed);
  got = measure (clear);
  g_test_message ("measured %d,%d,%d,%d; upscale %.3f", got.x1, got.y1, got.x2, got.y2, upscale);
  g_assert_cmpint (ABS (got.y2 - floor_line), <=, 1);
  g_assert_cmpint (ABS (placed.y2 - floor_line), <=, 1);
  g_assert_cmpint (ABS (got.x1 + got.x2 - 800), <=, 2);
  /* The height limits: 80 % of 1000. */
  g_assert_cmpfloat (fabs ((got.y2 - got.y1) - 800.0), <=, 8);
  g_assert_cmpfloat (upscale, <, 1);

  /* A shoe, wider than tall, in a square: its width takes the share, and
   * it stands on the floor line, well below where centring puts it. */
  p = preset_for ("square:1000");
  cutout_product_preset_set_margin (&p, 0.1);
  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  g_clear_pointer (&photo, cutout_image_free);
  g_clear_pointer (&mask, cutout_image_free);
  g_clear_pointer (&opaque, cutout_image_free);
  g_clear_pointer (&clear, cutout_image_free);
  draw_subject (&photo, &mask, 900, 600, 100, 200, 700, 500, TRUE);
  render_both (photo, mask, &p, &opaque, &clear, NULL, &placed);
  got = measure (clear);
  g_test_message ("shoe measured %d,%d,%d,%d", got.x1, got.y1, got.x2, got.y2);
  g_assert_cmpint (ABS (got.y2 - 900), <=, 1);
  g_assert_cmpint (ABS (placed.y2 - 900), <=, 1);
  g_assert_cmpint (ABS (got.x1 + got.x2 - 1000), <=, 2);
  g_assert_cmpfloat (fabs ((got.x2 - got.x1) - 800.0), <=, 8);
  /* Centred instead: the middle. */
  p.align = CUTOUT_PRODUCT_ALIGN_CENTER;
  g_clear_pointer (&opaque, cutout_image_free);
  g_clear_pointer (&clear, cutout_image_free);
  render_both (photo, mask, &p, &opaque, &clear, NULL, NULL);
  got = measure (clear);
  g_assert_cmpint (ABS (got.y1 + got.y2 - 1000), <=, 2);
  g_assert_cmpint (ABS (got.y2 - 700), <=, 1);
}

/* A subject the photo's corner cuts (it touches the left and bottom
 * border): all of its bounds come out, in their own proportions. */
static void
test_touching_border (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, opaque = NULL, clear = NULL;
  CutoutProductPreset p = preset_for ("square:1000");
  CutoutBox bounds, got;

  draw_subject (&photo, &mask, 500, 400, 0, 100, 300, 400, FALSE);
  g_assert_true (cutout_product_subject_bounds (mask, &bounds));
  cutout_test_assert_box (&bounds, 0, 100, 300, 400);
  render_both (photo, mask, &p, &opaque, &clear, NULL, NULL);
  got = measure (clear);
  g_test_message ("measured %d,%d,%d,%d", got.x1, got.y1, got.x2, got.y2);
  /* To the pixel: a column or row lost at the border would show. */
  g_assert_cmpint (ABS ((got.x2 - got.x1) - 850), <=, 2);
  g_assert_cmpint (ABS ((got.y2 - got.y1) - 850), <=, 2);
  g_assert_cmpint (ABS (got.x1 + got.x2 - 1000), <=, 2);
  g_assert_cmpint (ABS (got.y1 + got.y2 - 1000), <=, 2);
}

/* Specks the model left far from the subject (a few pixels each, in the
 * corners and beside it) change neither the bounds nor the render; a part
 * near the subject (a handle) and one a third of it (a second shoe) do. */
static void
test_specks (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, clean_render = NULL, speck_render = NULL;
  CutoutProductPreset p = preset_for ("square:600");
  CutoutBox bounds;
  const int specks[][2] = { { 2, 2 }, { 790, 5 }, { 10, 590 }, { 780, 580 }, { 700, 300 } };

  draw_subject (&photo, &mask, 800, 600, 300, 200, 500, 450, TRUE);
  clean_render = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (specks); i++)
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++)
        cutout_image_row (mask, specks[i][1] + y)[specks[i][0] + x] = 255;
  g_assert_true (cutout_product_subject_bounds (mask, &bounds));
  cutout_test_assert_box (&bounds, 300, 200, 500, 450);
  speck_render = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  g_assert_cmpmem (speck_render->pixels, 600 * 600 * 4, clean_render->pixels, 600 * 600 * 4);

  /* A small part just beside it is the product's. */
  for (int y = 300; y < 310; y++)
    for (int x = 502; x < 508; x++)
      cutout_image_row (mask, y)[x] = 255;
  g_assert_true (cutout_product_subject_bounds (mask, &bounds));
  cutout_test_assert_box (&bounds, 300, 200, 508, 450);
  /* And a large part anywhere. */
  for (int y = 500; y < 580; y++)
    for (int x = 50; x < 150; x++)
      cutout_image_row (mask, y)[x] = 200;
  g_assert_true (cutout_product_subject_bounds (mask, &bounds));
  cutout_test_assert_box (&bounds, 50, 200, 508, 580);

  /* Nothing at all, or only a faint haze: no subject. */
  memset (mask->pixels, 20, 800 * 600);
  g_assert_false (cutout_product_subject_bounds (mask, &bounds));
  {
    g_autoptr (GError) error = NULL;
    g_assert_null (cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  }
}

/* The contact shadow only darkens (no pixel lighter than without it, on
 * any channel), is there (under the subject's bottom, darker than the
 * backdrop), and stays there: nothing changes above the subject's lower
 * part, nor where the subject is opaque. */
static void
test_shadow (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, plain = NULL, shadow = NULL;
  CutoutProductPreset p = preset_for ("square:800");
  CutoutBox placed;
  guint darker = 0;
  int mid_y;

  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  draw_subject (&photo, &mask, 600, 600, 200, 50, 400, 550, TRUE);
  plain = cutout_product_render (photo, mask, &p, FALSE, NULL, &placed, NULL);
  p.shadow = CUTOUT_PRODUCT_SHADOW_CONTACT;
  shadow = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  mid_y = (placed.y1 + placed.y2) / 2;
  for (int y = 0; y < 800; y++)
    for (int x = 0; x < 800; x++)
      {
        const guint8 *a = cutout_image_row (plain, y) + x * 4;
        const guint8 *b = cutout_image_row (shadow, y) + x * 4;
        for (int c = 0; c < 3; c++)
          g_assert_cmpuint (b[c], <=, a[c]);
        if (y <= mid_y)
          g_assert_cmpmem (a, 4, b, 4);
        if (memcmp (a, b, 3) != 0)
          {
            darker++;
            g_assert_cmpint (y, >=, placed.y2 - (placed.y2 - placed.y1) / 10);
          }
      }
  g_test_message ("%u pixels darker; bottom at %d", darker, placed.y2);
  g_assert_cmpuint (darker, >, 1000);
  /* Just below the middle of its bottom: clearly darker than the backdrop. */
  g_assert_cmpuint (cutout_image_row (shadow, placed.y2 + 1)[400 * 4], <, 235);
  g_assert_cmpuint (cutout_image_row (plain, placed.y2 + 1)[400 * 4], ==, 255);
  /* Inside the opaque subject, as it was. */
  g_assert_cmpmem (cutout_image_row (shadow, placed.y2 - 3) + 400 * 4, 4,
                   cutout_image_row (plain, placed.y2 - 3) + 400 * 4, 4);
  /* Transparent: the shadow is black at some alpha, nothing else. */
  p.transparent = TRUE;
  {
    g_autoptr (CutoutImage) clear
        = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
    const guint8 *s = cutout_image_row (clear, placed.y2 + 1) + 400 * 4;
    g_assert_cmpuint (s[3], >, 20);
    g_assert_cmpuint (s[0] | s[1] | s[2], ==, 0);
  }
}

/* The photo's own shadow: a subject standing on a light grey floor with a
 * darker patch under it (its shadow) and another beside it, higher up (a
 * stain).  Kept,
 * the shadow comes out darker than the backdrop under the subject, only
 * darkening, never above its lower part; the stain does not come along,
 * and neither does anything where the photo is as light as its backdrop. */
static void
test_keep_shadow (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, plain = NULL, kept = NULL;
  CutoutProductPreset p = preset_for ("square:800");
  CutoutBox placed;
  guint darker = 0;

  draw_subject (&photo, &mask, 800, 600, 300, 100, 500, 450, TRUE);
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 800; x++)
      {
        guint8 *q = cutout_image_row (photo, y) + x * 4;
        double ex = (x + 0.5 - 400) / 150, ey = (y + 0.5 - 455) / 20;
        if (cutout_image_row (mask, y)[x] != 0)
          continue;
        q[0] = q[1] = q[2] = 220;
        if (ex * ex + ey * ey <= 1)
          q[0] = q[1] = q[2] = 150; /* the shadow */
        if (x >= 275 && x < 290 && y >= 150 && y < 170)
          q[0] = q[1] = q[2] = 60; /* a stain, beside its upper part */
      }
  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  plain = cutout_product_render (photo, mask, &p, FALSE, NULL, &placed, NULL);
  g_assert_true (cutout_product_shadow_parse ("keep", &p.shadow));
  kept = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  for (int y = 0; y < 800; y++)
    for (int x = 0; x < 800; x++)
      {
        const guint8 *a = cutout_image_row (plain, y) + x * 4;
        const guint8 *b = cutout_image_row (kept, y) + x * 4;
        for (int c = 0; c < 3; c++)
          g_assert_cmpuint (b[c], <=, a[c]);
        /* Grey only. */
        if (memcmp (a, b, 3) != 0 && a[0] == 255 && a[1] == 255 && a[2] == 255)
          g_assert_true (b[0] == b[1] && b[1] == b[2]);
        if (memcmp (a, b, 3) != 0)
          {
            darker++;
            g_assert_cmpint (y, >=, placed.y2 - (placed.y2 - placed.y1) / 5);
            g_assert_cmpint (y, <, placed.y2 + (placed.y2 - placed.y1) / 3);
          }
      }
  g_test_message ("%u pixels darker", darker);
  g_assert_cmpuint (darker, >, 2000);
  /* Beside the bottom, within the shadow drawn: clearly darker. */
  g_assert_cmpuint (cutout_image_row (kept, placed.y2 + 2)[(placed.x1 - 20) * 4], <, 200);
  g_assert_cmpuint (cutout_image_row (kept, 5)[5 * 4], ==, 255);
}

/* A textured floor (grass, a rug: neighbours differ by a tenth of its
 * brightness), with the same dark patch under the subject: its dark parts
 * are texture, not a shadow, and nothing is kept. */
static void
test_keep_shadow_textured (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, plain = NULL, kept = NULL;
  CutoutProductPreset p = preset_for ("square:800");
  GRand *rand = g_rand_new_with_seed (7);

  draw_subject (&photo, &mask, 800, 600, 300, 100, 500, 450, TRUE);
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 800; x++)
      {
        guint8 *q = cutout_image_row (photo, y) + x * 4;
        double ex = (x + 0.5 - 400) / 150, ey = (y + 0.5 - 455) / 20;
        int v = (ex * ex + ey * ey <= 1 ? 150 : 200) + g_rand_int_range (rand, -40, 41);
        if (cutout_image_row (mask, y)[x] == 0)
          q[0] = q[1] = q[2] = (guint8) v;
      }
  g_rand_free (rand);
  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  plain = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  p.shadow = CUTOUT_PRODUCT_SHADOW_KEEP;
  kept = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  g_assert_cmpmem (plain->pixels, 800 * 800 * 4, kept->pixels, 800 * 800 * 4);
}

/* A real photo with its reference mask, for Amazon: the size, the corners
 * and every pixel the subject does not reach white. */
static void
test_real_photo (void)
{
  const char *names[] = { "voc23", "voc474" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *photo_name = g_strconcat (names[i], ".png", NULL);
      g_autofree char *mask_name = g_strconcat (names[i], ".mask.png", NULL);
      g_autofree char *photo_path
          = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", photo_name, NULL);
      g_autofree char *mask_path
          = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", mask_name, NULL);
      g_autoptr (CutoutImage) photo = cutout_decode_file (photo_path, NULL);
      g_autoptr (CutoutImage) mask = cutout_eval_load_mask (mask_path, NULL);
      g_autoptr (CutoutImage) opaque = NULL, clear = NULL;
      CutoutProductPreset p = preset_for ("amazon");
      CutoutBox placed, got;
      double upscale;

      g_assert_nonnull (photo);
      g_assert_nonnull (mask);
      render_both (photo, mask, &p, &opaque, &clear, &upscale, &placed);
      got = measure (clear);
      g_test_message ("%s: upscale %.2f, measured %d,%d,%d,%d", names[i], upscale, got.x1, got.y1,
                      got.x2, got.y2);
      g_assert_cmpfloat (upscale, >, 1);
      g_assert_cmpint (MAX (got.x2 - got.x1, got.y2 - got.y1), >=, 1700 - 17);
      g_assert_cmpint (MAX (got.x2 - got.x1, got.y2 - got.y1), <=, 1700 + 17);
      g_assert_cmpmem (cutout_image_row (opaque, 0), 3, white, 3);
      g_assert_cmpmem (cutout_image_row (opaque, 1999) + 1999 * 4, 3, white, 3);
    }
}

/* A busy subject (noise) in a JPEG capped below what quality 90 makes:
 * the quality is lowered until it fits, and the file does; a cap not even
 * the lowest quality meets fails, says so, and leaves the file that was
 * there as it was. */
static void
test_max_bytes (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, rendered = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-product-XXXXXX", NULL);
  g_autofree char *full = g_build_filename (dir, "full.jpg", NULL);
  g_autofree char *capped = g_build_filename (dir, "capped.jpg", NULL);
  CutoutProductPreset p = preset_for ("taobao");
  g_autoptr (GRand) rand = g_rand_new_with_seed (23);
  g_autoptr (GError) error = NULL;
  GStatBuf st;
  gsize full_size;
  int quality = 0;

  draw_subject (&photo, &mask, 400, 400, 20, 20, 380, 380, FALSE);
  for (gsize i = 0; i < (gsize) 400 * 400 * 4; i++)
    if (i % 4 != 3)
      photo->pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  rendered = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
  g_assert_true (cutout_product_export (rendered, &p, NULL, NULL, full, &quality, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (quality, ==, 90);
  g_assert_cmpint (g_stat (full, &st), ==, 0);
  full_size = st.st_size;
  /* Never written over the photo it was cut from, capped or not. */
  for (int capped_too = 0; capped_too <= 1; capped_too++)
    {
      p.max_bytes = capped_too ? full_size * 2 : 0;
      g_assert_false (cutout_product_export (rendered, &p, NULL, full, full, NULL, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_assert_nonnull (strstr (error->message, "never overwrites an input"));
      g_clear_error (&error);
      g_assert_cmpint (g_stat (full, &st), ==, 0);
      g_assert_cmpuint (st.st_size, ==, full_size);
    }

  p.max_bytes = full_size * 6 / 10;
  g_assert_true (cutout_product_export (rendered, &p, NULL, NULL, capped, &quality, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (capped, &st), ==, 0);
  g_test_message ("%" G_GSIZE_FORMAT " bytes at 90; capped at %" G_GSIZE_FORMAT ": %" G_GSIZE_FORMAT
                  " bytes at %d",
                  full_size, p.max_bytes, (gsize) st.st_size, quality);
  g_assert_cmpuint (st.st_size, <=, p.max_bytes);
  g_assert_cmpint (quality, <, 90);
  g_assert_cmpint (quality, >=, CUTOUT_PRODUCT_MIN_QUALITY);
  {
    g_autoptr (CutoutImage) back = cutout_decode_file (capped, NULL);
    g_assert_cmpint (back->width, ==, 800);
  }
  /* Written again over itself, the file keeps its permissions. */
  g_assert_cmpint (g_chmod (capped, 0600), ==, 0);
  g_assert_true (cutout_product_export (rendered, &p, NULL, NULL, capped, &quality, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (capped, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  p.max_bytes = 2000;
  g_assert_false (cutout_product_export (rendered, &p, NULL, NULL, full, &quality, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2000"));
  g_clear_error (&error);
  g_assert_cmpint (g_stat (full, &st), ==, 0);
  g_assert_cmpuint (st.st_size, ==, full_size);

  /* Transparent JPEGs and caps on PNGs are refused. */
  p.max_bytes = 0;
  p.transparent = TRUE;
  g_assert_false (cutout_product_export (rendered, &p, NULL, NULL, capped, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  p.format = CUTOUT_FORMAT_PNG;
  p.max_bytes = 100000;
  g_assert_false (cutout_product_export (rendered, &p, NULL, NULL, capped, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);
  /* Nothing left beside them. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;
    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }
  cutout_test_remove_tree (dir);
}

/* Where the contact shadow's weight lies across, below the subject: the
 * mean x of how much darker than white each pixel is. */
static double
shadow_centre (const CutoutImage *rendered, int from_y)
{
  double sum = 0, weight = 0;

  for (int y = from_y; y < rendered->height; y++)
    for (int x = 0; x < rendered->width; x++)
      {
        double dark = 255 - cutout_image_row (rendered, y)[x * 4];
        sum += dark * x, weight += dark;
      }
  return weight > 0 ? sum / weight : -1;
}

/* The shadow's direction throws it left or right of the subject, and
 * straight under it by default; whichever way, it only darkens. */
static void
test_shadow_direction (void)
{
  g_autoptr (CutoutImage) photo = NULL, mask = NULL, plain = NULL;
  CutoutProductPreset p = preset_for ("square:800");
  CutoutBox placed;
  double centre[3];

  p.align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  draw_subject (&photo, &mask, 600, 600, 200, 50, 400, 550, TRUE);
  plain = cutout_product_render (photo, mask, &p, FALSE, NULL, &placed, NULL);
  p.shadow = CUTOUT_PRODUCT_SHADOW_CONTACT;
  p.shadow_softness = 1;
  for (int i = 0; i < 3; i++)
    {
      g_autoptr (CutoutImage) shadow = NULL;
      p.shadow_direction = i - 1;
      shadow = cutout_product_render (photo, mask, &p, FALSE, NULL, NULL, NULL);
      centre[i] = shadow_centre (shadow, placed.y2);
      for (int y = 0; y < 800; y++)
        for (int x = 0; x < 800 * 4; x++)
          g_assert_cmpuint (cutout_image_row (shadow, y)[x], <=, cutout_image_row (plain, y)[x]);
    }
  g_test_message ("shadow centres: %.1f %.1f %.1f (subject %d–%d)", centre[0], centre[1], centre[2],
                  placed.x1, placed.x2);
  g_assert_cmpfloat (fabs (centre[1] - (placed.x1 + placed.x2) / 2.0), <, 2);
  g_assert_cmpfloat (centre[0], <, centre[1] - 5);
  g_assert_cmpfloat (centre[2], >, centre[1] + 5);
}

/* A batch of finished cut-outs made product photos, into a folder and a
 * ZIP archive: each NAME-product.jpg of the preset's size on its backdrop,
 * and a note for the subject too small for the frame. */
static void
test_export_items (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-product-XXXXXX", NULL);
  g_autoptr (GPtrArray) items
      = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_export_item_free);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutExportReport) report = NULL, zipped = NULL;
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *zip = g_build_filename (dir, "products.zip", NULL);
  CutoutProductPreset p = preset_for ("square:600");
  CutoutExportOptions options;
  const int sides[] = { 800, 200 };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autoptr (CutoutImage) photo = NULL, mask = NULL;
      g_autoptr (GBytes) packed = NULL;
      g_autofree char *name = g_strdup_printf ("photo%d.png", sides[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int s = sides[i];
      draw_subject (&photo, &mask, s, s, s / 4, s / 8, s * 3 / 4, s * 7 / 8, TRUE);
      g_assert_true (cutout_export_png (photo, path, 1, NULL, &error));
      packed = cutout_mask_compress (mask);
      g_ptr_array_add (items, cutout_export_item_new (path, packed, s, s));
    }
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  cutout_export_options_init (&options);
  options.product = &p;
  report = cutout_export_items (items, &options, out, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_written, ==, 2);
  g_assert_cmpuint (report->failures->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *name = g_strdup_printf ("photo%d-product.jpg", sides[i]);
      g_autofree char *path = g_build_filename (out, name, NULL);
      g_autoptr (CutoutImage) written = cutout_decode_file (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (written->width, ==, 600);
      g_assert_cmpint (written->height, ==, 600);
      g_assert_cmpuint (cutout_image_row (written, 0)[0], >=, 250);
    }
  /* Only the 200-pixel photo's subject (150 pixels tall) is enlarged to
   * fill 85 % of 600 pixels: 3.4 times. */
  g_assert_cmpuint (report->notes->len, ==, 1);
  g_test_message ("%s", (char *) report->notes->pdata[0]);
  g_assert_nonnull (strstr (report->notes->pdata[0], "photo200.png"));
  g_assert_nonnull (strstr (report->notes->pdata[0], "3.4"));
  zipped = cutout_export_items (items, &options, zip, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zipped->n_written, ==, 2);
  g_assert_cmpstr (zipped->written->pdata[0], ==, "photo800-product.jpg");
  g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
  cutout_test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/product/presets", test_presets);
  g_test_add_func ("/product/centred", test_centred);
  g_test_add_func ("/product/soft-edge", test_soft_edge);
  g_test_add_func ("/product/floor", test_floor);
  g_test_add_func ("/product/touching-border", test_touching_border);
  g_test_add_func ("/product/specks", test_specks);
  g_test_add_func ("/product/shadow", test_shadow);
  g_test_add_func ("/product/shadow-direction", test_shadow_direction);
  g_test_add_func ("/product/keep-shadow", test_keep_shadow);
  g_test_add_func ("/product/keep-shadow-textured", test_keep_shadow_textured);
  g_test_add_func ("/product/export-items", test_export_items);
  cutout_test_add_photo_func ("/product/real-photo", test_real_photo);
  g_test_add_func ("/product/max-bytes", test_max_bytes);
  return g_test_run ();
}
