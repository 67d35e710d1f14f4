/* test-id-photo.c: ID photos — sizes, the frame placed from the mask, and
 * the printed file
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-eval.h"
#include "cutout-export.h"
#include "cutout-id-photo.h"
#include "cutout-testlib.h"

/* The presets at 300 DPI: 25 × 35 mm is 295 × 413 pixels. */
static void
test_sizes (void)
{
  const struct
  {
    const char *text;
    int w, h;
  } cases[] = {
    { "1inch", 295, 413 },
    { "2inch", 413, 579 },
    { "passport", 390, 567 },
    { "35x45mm", 413, 531 },
  };
  const char *bad[] = { "3inch", "35x45", "x45mm", "2x2mm", "35x45cm", "" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double wmm, hmm;
      int w, h;
      g_assert_true (cutout_id_size_parse (cases[i].text, &wmm, &hmm, NULL));
      cutout_id_pixel_size (wmm, hmm, &w, &h);
      g_assert_cmpint (w, ==, cases[i].w);
      g_assert_cmpint (h, ==, cases[i].h);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      double wmm, hmm;
      g_assert_false (cutout_id_size_parse (bad[i], &wmm, &hmm, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* On the VOC photos as stand-ins for portraits: the frame has the preset's
 * shape, lies in the photo, has the subject's top inside with a margin (when
 * the photo leaves room for one), and is centred on the subject's upper part
 * (unless the photo's edge stops it). */
static void
test_placement (void)
{
  const char *names[] = { "voc1", "voc20", "voc23", "voc114", "voc166", "voc417", "voc474" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".mask.png", NULL);
      g_autofree char *path = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", file, NULL);
      g_autoptr (CutoutImage) truth = cutout_eval_load_mask (path, NULL);
      CutoutBox f = cutout_id_place_frame (truth, 25.0 / 35.0);
      int fw = f.x2 - f.x1, fh = f.y2 - f.y1, top = -1;
      double sum = 0, n = 0, cx;
      int bottom = 0;

      g_assert_nonnull (truth);
      g_assert_cmpint (f.x1, >=, 0);
      g_assert_cmpint (f.y1, >=, 0);
      g_assert_cmpint (f.x2, <=, truth->width);
      g_assert_cmpint (f.y2, <=, truth->height);
      g_assert_cmpfloat (ABS ((double) fw / fh - 25.0 / 35.0), <, 2.0 / fh + 0.01);
      for (int y = 0; y < truth->height && top < 0; y++)
        for (int x = 0; x < truth->width; x++)
          if (cutout_image_row (truth, y)[x] >= 128)
            {
              top = y;
              break;
            }
      /* The top inside the frame, with room above it. */
      g_assert_cmpint (top, >=, f.y1);
      if (top >= (int) (0.08 * fh))
        g_assert_cmpint (top - f.y1, >=, (int) (0.08 * fh));
      /* Centred on the subject's upper third, unless the frame meets the
       * photo's edge on that side. */
      for (int y = 0; y < truth->height; y++)
        for (int x = 0; x < truth->width; x++)
          if (cutout_image_row (truth, y)[x] >= 128)
            bottom = y + 1;
      for (int y = top; y < top + (bottom - top) / 3; y++)
        for (int x = 0; x < truth->width; x++)
          if (cutout_image_row (truth, y)[x] >= 128)
            sum += x + 0.5, n++;
      cx = sum / n;
      g_test_message ("%s: frame %d,%d,%d,%d; top %d; centre %.0f vs %.0f", names[i], f.x1, f.y1,
                      f.x2, f.y2, top, cx, (f.x1 + f.x2) / 2.0);
      if (f.x1 > 0 && f.x2 < truth->width)
        g_assert_cmpfloat (ABS (cx - (f.x1 + f.x2) / 2.0), <=, 0.05 * fw + 1);
    }
}

/* A person seen whole, head to feet (a drawn silhouette: an oval head 100
 * px wide, a neck, shoulders 300 px wide, a body down to the photo's
 * bottom): the frame is head and shoulders, not the whole body; the head,
 * from its top to the neck, is about 62 % of it, centred across; the
 * shoulders' top is inside.  A person-less shape keeps whole-subject
 * framing. */
static void
test_head_and_shoulders (void)
{
  g_autoptr (CutoutImage) mask = cutout_image_new (400, 600, 1);
  CutoutBox f;
  int fh;

  memset (mask->pixels, 0, 400 * 600);
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 400; x++)
      {
        double ex = (x + 0.5 - 200) / 50, ey = (y + 0.5 - 120) / 65;
        gboolean head = ex * ex + ey * ey <= 1;
        gboolean neck = y >= 170 && y < 215 && x >= 180 && x < 220;
        double half = y < 215 ? 0 : y < 260 ? 20 + (y - 215) * 130.0 / 45 : 150;
        gboolean body = y >= 215 && ABS (x + 0.5 - 200) <= half;
        cutout_image_row (mask, y)[x] = head || neck || body ? 255 : 0;
      }
  f = cutout_id_place_frame (mask, 25.0 / 35.0);
  fh = f.y2 - f.y1;
  g_test_message ("frame %d,%d,%d,%d", f.x1, f.y1, f.x2, f.y2);
  g_assert_cmpint (fh, >=, 170);
  g_assert_cmpint (fh, <=, 230);
  g_assert_cmpint (f.y1, <, 55);           /* the head's top inside, */
  g_assert_cmpint (f.y1, >=, 55 - fh / 5); /* with a margin, not a field */
  g_assert_cmpint (f.y2, >, 230);          /* the shoulders in */
  g_assert_cmpint (ABS ((f.x1 + f.x2) - 400), <=, 2);

  /* Holes in the hair (a missing pixel, a gap across a row) change nothing. */
  {
    CutoutBox before = f;
    cutout_image_row (mask, 90)[200] = 0;
    memset (cutout_image_row (mask, 100) + 190, 0, 3);
    cutout_image_row (mask, 130)[230] = 0;
    f = cutout_id_place_frame (mask, 25.0 / 35.0);
    cutout_test_assert_box (&f, before.x1, before.y1, before.x2, before.y2);
  }

  /* Without a neck (a box widening down, like a bottle), the whole shape. */
  memset (mask->pixels, 0, 400 * 600);
  for (int y = 100; y < 600; y++)
    for (int x = 0; x < 400; x++)
      cutout_image_row (mask, y)[x] = ABS (x + 0.5 - 200) <= 20 + (y - 100) / 3.0 ? 255 : 0;
  f = cutout_id_place_frame (mask, 25.0 / 35.0);
  g_assert_cmpint (f.y2 - f.y1, >=, 500);
}

/* No subject at all: the largest frame of the size's shape, centred; and a
 * frame outside the photo is refused with a message, not a crash. */
static void
test_no_subject (void)
{
  g_autoptr (CutoutImage) mask = cutout_image_new (400, 300, 1);
  g_autoptr (CutoutImage) image = cutout_image_new (400, 300, 4);
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-id-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "id.jpg", NULL);
  CutoutExportOptions options;
  CutoutBox f, empty = { 200, 0, 200, 1 };

  memset (mask->pixels, 0, 400 * 300);
  memset (image->pixels, 128, 400 * 300 * 4);
  f = cutout_id_place_frame (mask, 25.0 / 35.0);
  cutout_test_assert_box (&f, 93, 0, 307, 300);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  g_assert_false (cutout_id_export (image, mask, &empty, 25, 35, NULL, &options, NULL, NULL, path,
                                    NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_true (
      cutout_id_export (image, mask, &f, 25, 35, NULL, &options, NULL, NULL, path, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
}

/* The printed photo: its exact pixel size, 300 DPI in the file, and the
 * backdrop colour wherever the subject is not. */
static void
test_render (void)
{
  g_autoptr (CutoutImage) image = cutout_image_new (400, 600, 4);
  g_autoptr (CutoutImage) mask = cutout_image_new (400, 600, 1);
  g_autoptr (CutoutImage) opaque = NULL, printed = NULL, back = NULL;
  g_autoptr (CutoutMetadata) meta = cutout_metadata_new (), read = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-id-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "id.jpg", NULL);
  const guint8 red[3] = { 220, 20, 60 };
  CutoutExportOptions options;
  CutoutBox frame;
  int w, h;

  /* A gray "person": a disc of a head over a block of shoulders. */
  memset (image->pixels, 150, (gsize) 400 * 600 * 4);
  for (gsize i = 0; i < (gsize) 400 * 600; i++)
    image->pixels[i * 4 + 3] = 255; /* opaque */
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 400; x++)
      cutout_image_row (mask, y)[x] = ((x - 200) * (x - 200) + (y - 200) * (y - 200) < 80 * 80)
                                              || (y > 300 && x > 60 && x < 340)
                                          ? 255
                                          : 0;
  cutout_id_pixel_size (25, 35, &w, &h);
  frame = cutout_id_place_frame (mask, (double) w / h);
  printed = cutout_id_render (image, mask, &frame, w, h, red, FALSE);
  g_assert_cmpint (printed->width, ==, 295);
  g_assert_cmpint (printed->height, ==, 413);

  opaque = cutout_image_new (w, h, 1);
  memset (opaque->pixels, 255, (gsize) w * h);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  options.quality = 95;
  meta->dpi_x = meta->dpi_y = CUTOUT_ID_DPI;
  g_assert_true (cutout_export_file (printed, opaque, &options, meta, NULL, path, NULL, NULL));
  back = cutout_decode_file (path, NULL);
  read = cutout_metadata_read (path);
  g_assert_cmpint (back->width, ==, 295);
  g_assert_cmpint (back->height, ==, 413);
  g_assert_cmpfloat (read->dpi_x, ==, 300);
  g_assert_cmpfloat (read->dpi_y, ==, 300);

  /* Every pixel whose source, with its neighbours, is outside the subject
   * is exactly the backdrop colour (and nearly so in the JPEG). */
  {
    int fw = frame.x2 - frame.x1, fh = frame.y2 - frame.y1;
    guint n = 0;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        {
          int sx = frame.x1 + (int) ((x + 0.5) * fw / w),
              sy = frame.y1 + (int) ((y + 0.5) * fh / h);
          gboolean outside = TRUE;
          for (int dy = -3; dy <= 3 && outside; dy++)
            for (int dx = -3; dx <= 3 && outside; dx++)
              outside
                  = cutout_image_row (mask, CLAMP (sy + dy, 0, 599))[CLAMP (sx + dx, 0, 399)] == 0;
          if (!outside)
            continue;
          n++;
          for (int c = 0; c < 3; c++)
            g_assert_cmpuint (cutout_image_row (printed, y)[x * 4 + c], ==, red[c]);
        }
    g_assert_cmpuint (n, >, 1000);
    for (int c = 0; c < 3; c++)
      g_assert_cmpint (ABS (cutout_image_row (back, 5)[5 * 4 + c] - red[c]), <=, 4);
  }
  /* And the subject where it is. */
  g_assert_cmpuint (cutout_image_row (printed, h - 5)[w / 2 * 4], ==, 150);
  g_unlink (path);
  g_rmdir (dir);
}

/* With Clean colours, the see-through edge of the subject carries its own
 * colour onto the backdrop, not the old background's: a flat subject
 * fading into green, printed on white. */
static void
test_render_clean (void)
{
  const int n = 200;
  const guint8 subject[3] = { 200, 150, 100 }, green[3] = { 0, 200, 0 },
               white[3] = { 255, 255, 255 };
  g_autoptr (CutoutImage) image = cutout_image_new (n, n, 4);
  g_autoptr (CutoutImage) mask = cutout_image_new (n, n, 1);
  CutoutBox frame = { 0, 0, n, n };
  double error[2] = { 0, 0 };

  for (int y = 0; y < n; y++)
    for (int x = 0; x < n; x++)
      {
        /* Opaque left of 80, gone right of 120, a ramp between. */
        double a = CLAMP ((120 - x) / 40.0, 0, 1);
        guint8 *p = cutout_image_row (image, y) + x * 4;
        for (int c = 0; c < 3; c++)
          p[c] = (guint8) (a * subject[c] + (1 - a) * green[c] + 0.5);
        p[3] = 255;
        cutout_image_row (mask, y)[x] = (guint8) (a * 255 + 0.5);
      }
  for (int clean = 0; clean < 2; clean++)
    {
      g_autoptr (CutoutImage) printed = cutout_id_render (image, mask, &frame, n, n, white, clean);
      for (int y = 0; y < n; y++)
        for (int x = 85; x < 115; x++)
          {
            double a = cutout_image_row (mask, y)[x] / 255.0;
            const guint8 *p = cutout_image_row (printed, y) + x * 4;
            for (int c = 0; c < 3; c++)
              error[clean] += fabs (p[c] - (a * subject[c] + (1 - a) * white[c]));
          }
    }
  g_test_message ("colour error in the edge: %.0f plain, %.0f with clean colours", error[0],
                  error[1]);
  g_assert_cmpfloat (error[1], <, error[0] / 2);
}

/* A 4R print sheet: 6 × 4 inches at 300 DPI, turned the way that holds
 * more copies (12 of 一寸, 8 of 二寸), each copy intact. */
static void
test_print_sheet (void)
{
  const struct
  {
    double w, h;
    int copies, sheet_w, sheet_h;
  } cases[] = { { 25, 35, 12, 1200, 1800 }, { 35, 49, 8, 1800, 1200 } };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CutoutImage) photo = NULL, sheet = NULL;
      int w, h, copies = 0, found = 0;

      cutout_id_pixel_size (cases[i].w, cases[i].h, &w, &h);
      photo = cutout_image_new (w, h, 4);
      for (gsize p = 0; p < (gsize) w * h; p++)
        photo->pixels[p * 4] = 10, photo->pixels[p * 4 + 1] = 120, photo->pixels[p * 4 + 2] = 30,
                          photo->pixels[p * 4 + 3] = 255;
      sheet = cutout_id_print_sheet (photo, &copies);
      g_assert_cmpint (copies, ==, cases[i].copies);
      g_assert_cmpint (sheet->width, ==, cases[i].sheet_w);
      g_assert_cmpint (sheet->height, ==, cases[i].sheet_h);
      /* Count the copies on the page: runs of the photo's colour along
       * rows through their middles. */
      for (int y = 0; y < sheet->height; y++)
        for (int x = 0; x + w <= sheet->width; x++)
          {
            const guint8 *q = cutout_image_row (sheet, y) + x * 4;
            if (q[1] == 120 && (x == 0 || cutout_image_row (sheet, y)[(x - 1) * 4 + 1] != 120)
                && cutout_image_row (sheet, y)[(x + w - 1) * 4 + 1] == 120
                && (y == 0 || cutout_image_row (sheet, y - 1)[x * 4 + 1] != 120))
              found++;
          }
      g_assert_cmpint (found, ==, copies);
    }
}

/* How much a frame is enlarged for the print: a 1-inch print is 295 × 413
 * pixels at 300 DPI, so a frame of half that is enlarged twice, and one of
 * that size not at all (which says nothing). */
static void
test_upscale (void)
{
  CutoutBox half = { 10, 10, 10 + 148, 10 + 207 }, exact = { 0, 0, 295, 413 };
  g_autofree char *note = NULL;

  g_assert_cmpfloat (fabs (cutout_id_upscale (&half, 25, 35) - 2.0), <, 0.01);
  g_assert_cmpfloat (fabs (cutout_id_upscale (&exact, 25, 35) - 1.0), <, 0.001);
  g_assert_null (cutout_upscale_note (1.0, 295, 413));
  g_assert_null (cutout_upscale_note (1.04, 295, 413));
  note = cutout_upscale_note (2.0, 295, 413);
  g_assert_nonnull (strstr (note, "2.0"));
  g_assert_nonnull (strstr (note, "295"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/id-photo/sizes", test_sizes);
  cutout_test_add_photo_func ("/id-photo/placement", test_placement);
  g_test_add_func ("/id-photo/head-and-shoulders", test_head_and_shoulders);
  g_test_add_func ("/id-photo/no-subject", test_no_subject);
  g_test_add_func ("/id-photo/render", test_render);
  g_test_add_func ("/id-photo/render-clean", test_render_clean);
  g_test_add_func ("/id-photo/print-sheet", test_print_sheet);
  g_test_add_func ("/id-photo/upscale", test_upscale);
  return g_test_run ();
}
