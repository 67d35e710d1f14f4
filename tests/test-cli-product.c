/* test-cli-product.c: cutout-cli --product on real photos
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <zip.h>

#include "cutout-decode.h"
#include "cutout-testlib.h"

static char *workdir;

static char *
in_workdir (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static void
assert_corners (const CutoutImage *image, int channels, int value, int tolerance)
{
  const int xs[2] = { 0, image->width - 1 }, ys[2] = { 0, image->height - 1 };

  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++)
      for (int c = 0; c < channels; c++)
        g_assert_cmpint (ABS (cutout_image_row (image, ys[j])[xs[i] * 4 + c] - value), <=,
                         tolerance);
}

/* Amazon's: a 2000 × 2000 JPEG, NAME-product.jpg in -d, white corners; the
 * photo (500 × 375) is smaller than that, which is said. */
static void
test_amazon (void)
{
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_autofree char *out = in_workdir ("voc23-product.jpg");
  g_autoptr (CutoutImage) back = NULL;
  g_auto (CutoutCliResult) r
      = cutout_test_run_cli ("--product", "amazon", "-d", workdir, photo, NULL);

  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "voc23.png: upscaled"));
  g_assert_nonnull (strstr (r.err, "to fit 2000×2000"));
  back = cutout_decode_file (out, NULL);
  g_assert_nonnull (back);
  g_assert_cmpint (back->width, ==, 2000);
  g_assert_cmpint (back->height, ==, 2000);
  assert_corners (back, 3, 255, 1);
}

/* Taobao's 800 × 800 within 150 000 bytes, at -o; a cap no quality meets
 * fails the photo (exit 1), says why and writes nothing. */
static void
test_max_bytes (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus.jpg");
  g_autofree char *none = in_workdir ("none.jpg");
  g_autoptr (CutoutImage) back = NULL;
  GStatBuf st;

  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--product", "taobao", "--max-bytes",
                                                      "150000", "-o", out, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpint (st.st_size, <=, 150000);
  back = cutout_decode_file (out, NULL);
  g_assert_cmpint (back->width, ==, 800);
  g_assert_cmpint (back->height, ==, 800);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--product", "taobao", "--max-bytes", "1000",
                                                      "-o", none, photo, NULL);
    g_test_message ("%s", r.err);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "within 1000 bytes"));
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
}

/* -o's extension chooses the format: a transparent PNG, nothing in its
 * corners, the floor-standing subject with its shadow. */
static void
test_transparent_png (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus.png");
  g_autoptr (CutoutImage) back = NULL;
  g_auto (CutoutCliResult) r = cutout_test_run_cli (
      "-q", "--product", "square:500", "--product-backdrop", "transparent", "--product-align",
      "floor", "--product-shadow", "contact", "--product-margin", "10", "-o", out, photo, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  back = cutout_decode_file (out, NULL);
  g_assert_cmpint (back->width, ==, 500);
  assert_corners (back, 4, 0, 0);
  /* A margin of 10 %: the bus's longer side 80 % of the frame, within 1 %;
   * standing on the floor line at 90 % of the height (its shadow, black at
   * some alpha, is below the line and lighter than half). */
  {
    int x1 = G_MAXINT, y1 = G_MAXINT, x2 = -1, y2 = -1;
    for (int y = 0; y < back->height; y++)
      for (int x = 0; x < back->width; x++)
        if (cutout_image_row (back, y)[x * 4 + 3] >= 128)
          x1 = MIN (x1, x), y1 = MIN (y1, y), x2 = MAX (x2, x + 1), y2 = MAX (y2, y + 1);
    g_test_message ("subject at %d,%d–%d,%d", x1, y1, x2, y2);
    g_assert_cmpfloat (fabs (MAX (x2 - x1, y2 - y1) - 400.0), <=, 4);
    g_assert_cmpint (ABS (y2 - 450), <=, 2);
  }
}

/* Any backdrop colour, exactly, with the photo's own shadow kept (a bus
 * on a street: a textured floor, so none), as a PNG by --format. */
static void
test_backdrop_colour (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus-blue.png");
  g_autoptr (CutoutImage) back = NULL;
  g_auto (CutoutCliResult) r
      = cutout_test_run_cli ("-q", "--product", "300x200", "--product-backdrop", "#336699",
                             "--product-shadow", "keep", "-f", "png", "-o", out, photo, NULL);

  g_assert_cmpint (r.status, ==, 0);
  back = cutout_decode_file (out, NULL);
  g_assert_cmpint (back->width, ==, 300);
  g_assert_cmpint (back->height, ==, 200);
  for (int i = 0; i < 2; i++)
    {
      const guint8 *p = cutout_image_row (back, i * 199) + i * 299 * 4;
      g_assert_cmpuint (p[0], ==, 0x33);
      g_assert_cmpuint (p[1], ==, 0x66);
      g_assert_cmpuint (p[2], ==, 0x99);
      g_assert_cmpuint (p[3], ==, 255);
    }
}

/* A batch of two into a ZIP: both product photos in it, nothing beside. */
static void
test_zip (void)
{
  g_autofree char *dir = in_workdir ("zip");
  g_autofree char *zip_path = g_build_filename (dir, "shop.zip", NULL);
  g_autofree char *a = cutout_test_voc ("voc23.png"), *b = cutout_test_voc ("voc114.png");
  zip_t *zip;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--product", "jd", "--zip", zip_path, a, b, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, "2 images put into"));
  }
  zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (zip);
  g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 2);
  g_assert_cmpint (zip_name_locate (zip, "voc23-product.jpg", 0), >=, 0);
  g_assert_cmpint (zip_name_locate (zip, "voc114-product.jpg", 0), >=, 0);
  zip_close (zip);
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    g_assert_cmpstr (g_dir_read_name (d), ==, "shop.zip");
    g_assert_null (g_dir_read_name (d));
  }
}

/* Usage errors, with exit status 2 before anything is cut out: a bad
 * preset (the message lists the known ones) and options that do not go
 * together. */
static void
test_usage (void)
{
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_autofree char *png = in_workdir ("x.png");
  const char *bad[][6] = {
    { "--product", "square:0", NULL },
    { "--product", "amazon", "--product-margin", "50" },
    { "--product", "amazon", "--product-align", "left" },
    { "--product", "amazon", "--product-shadow", "drop" },
    { "--product", "amazon", "--product-backdrop", "purple" },
    { "--product", "amazon", "--product-backdrop", "transparent", "-f", "jpg" },
    { "--product", "amazon", "--mask", NULL },
    { "--product", "amazon", "--id-photo", "1inch" },
    { "--product-margin", "5", NULL },
    { "--max-bytes", "1000", NULL },
    { "--product", "amazon", "--max-bytes", "0" },
    { "--product", "amazon", "--product-shadow-strength", "50" },
    { "--product", "amazon", "--product-shadow", "contact", "--product-shadow-strength", "150" },
    { "--product", "amazon", "--product-shadow", "contact", "--product-shadow-direction", "-101" },
    { "--product", "amazon", "--product-shadow", "keep", "--product-shadow-softness", "10" },
    { "--product-shadow-direction", "10", NULL },
  };
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--product", "ebay", "-d", workdir, photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "ebay"));
    g_assert_nonnull (strstr (r.err, "amazon, taobao, tmall, jd, shopify, square:N or WxH"));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--product", "amazon", "--max-bytes",
                                                      "100000", "-o", png, photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--max-bytes"));
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *args[10] = { NULL };
      guint n = 0;
      for (guint k = 0; k < 6 && bad[i][k] != NULL; k++)
        args[n++] = bad[i][k];
      /* Never beside the test photos, should one not fail. */
      args[n++] = "-d", args[n++] = workdir, args[n++] = photo;
      {
        g_auto (CutoutCliResult) r = cutout_test_run_cliv (args, NULL);
        g_test_message ("%s %s: %s", bad[i][0], bad[i][1], r.err);
        g_assert_cmpint (r.status, ==, 2);
      }
    }
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

/* The contact shadow's strength reaches the core: at 0 there is no
 * shadow, the photo as without one; at 100 it is there, only darker. */
static void
test_shadow_strength (void)
{
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  const char *names[] = { "none.png", "zero.png", "full.png" };
  g_autoptr (CutoutImage) none = NULL, zero = NULL, full = NULL;
  CutoutImage **images[] = { &none, &zero, &full };
  guint darker = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out = in_workdir (names[i]);
      const char *args[16]
          = { "-q", "--product", "square:400", "--product-align", "floor", "-o", out };
      guint n = 7;
      if (i > 0)
        {
          args[n++] = "--product-shadow", args[n++] = "contact";
          args[n++] = "--product-shadow-strength", args[n++] = i == 1 ? "0" : "100";
        }
      args[n++] = photo;
      {
        g_auto (CutoutCliResult) r = cutout_test_run_cliv (args, NULL);
        g_assert_cmpint (r.status, ==, 0);
      }
      *images[i] = cutout_decode_file (out, NULL);
      g_assert_nonnull (*images[i]);
    }
  g_assert_cmpmem (none->pixels, 400 * 400 * 4, zero->pixels, 400 * 400 * 4);
  for (int i = 0; i < 400 * 400 * 4; i++)
    {
      g_assert_cmpuint (full->pixels[i], <=, none->pixels[i]);
      darker += full->pixels[i] < none->pixels[i];
    }
  g_assert_cmpuint (darker, >, 500);
}

/* An ID photo made from a photo too small for the print (a portrait of
 * 450 × 281, the head and shoulders in about 200 pixels) is said to be
 * enlarged, as a product photo is. */
static void
test_id_upscaled (void)
{
  g_autofree char *photo
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "portrait", "hs81.jpg", NULL);
  g_auto (CutoutCliResult) r
      = cutout_test_run_cli ("--id-photo", "1inch", "-d", workdir, photo, NULL);

  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "hs81.jpg: upscaled"));
  g_assert_nonnull (strstr (r.err, "to fit 295×413"));
}

int
main (int argc, char **argv)
{
  workdir = cutout_test_init_with_workdir (&argc, &argv, "cutout-cli-product-XXXXXX");
  if (workdir == NULL)
    return 0;
  g_test_add_func ("/cli-product/usage", test_usage);
  g_test_add_func ("/cli-product/amazon", test_amazon);
  g_test_add_func ("/cli-product/max-bytes", test_max_bytes);
  g_test_add_func ("/cli-product/transparent-png", test_transparent_png);
  g_test_add_func ("/cli-product/backdrop-colour", test_backdrop_colour);
  g_test_add_func ("/cli-product/zip", test_zip);
  g_test_add_func ("/cli-product/shadow-strength", test_shadow_strength);
  g_test_add_func ("/cli-product/id-upscaled", test_id_upscaled);
  return cutout_test_run_with_workdir (&workdir);
}
