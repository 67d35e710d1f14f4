/* test-cli.c: cutout-cli as a script would run it
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE /* posix_openpt and friends */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <png.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "cutout-decode.h"
#include "cutout-eval.h"
#include "cutout-export.h"
#include "cutout-metadata.h"
#include "cutout-resample.h"
#include "cutout-testlib.h"

static char *workdir;

static char *
in_workdir (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

/* Reads a PNG's header: its colour type and size. */
static void
png_header (const char *path, int *color_type, int *width, int *height)
{
  FILE *f = fopen (path, "rb");
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);

  g_assert_nonnull (f);
  png_init_io (png, f);
  png_read_info (png, info);
  *color_type = png_get_color_type (png, info);
  *width = png_get_image_width (png, info);
  *height = png_get_image_height (png, info);
  png_destroy_read_struct (&png, &info, NULL);
  fclose (f);
}

static void
test_usage (void)
{
  g_auto (CutoutCliResult) none = cutout_test_run_cli (NULL);
  g_auto (CutoutCliResult) bad_option = cutout_test_run_cli ("--no-such-option", NULL);
  g_auto (CutoutCliResult) o_with_two = cutout_test_run_cli ("-o", "x.png", "a.jpg", "b.jpg", NULL);
  g_auto (CutoutCliResult) both = cutout_test_run_cli ("-o", "x.png", "-d", workdir, "a.jpg", NULL);
  g_auto (CutoutCliResult) version = cutout_test_run_cli ("--version", NULL);
  g_auto (CutoutCliResult) help = cutout_test_run_cli ("--help", NULL);

  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpint (bad_option.status, ==, 2);
  g_assert_cmpint (o_with_two.status, ==, 2);
  g_assert_cmpint (both.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "no input"));
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "cutout-cli " PACKAGE_VERSION));
  g_assert_nonnull (strstr (version.out, "ONNX Runtime 1."));
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--mask"));
  g_assert_nonnull (strstr (help.out, "--best"));
}

/* The result is the photo itself, full size, with the background made
 * transparent: its alpha matches the reference mask, its colours the photo. */
static void
test_cut_out (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus.png");
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("-o", out, photo, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) result = NULL;
  g_autoptr (CutoutImage) original = cutout_decode_file (photo, NULL);
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) ignore = cutout_eval_load_ignore (photo);
  g_autoptr (CutoutImage) alpha = NULL;
  int type, w, h;

  g_assert_cmpint (r.status, ==, 0);
  png_header (out, &type, &w, &h);
  g_assert_cmpint (type, ==, PNG_COLOR_TYPE_RGBA);
  result = cutout_decode_file (out, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->width, ==, original->width);
  g_assert_cmpint (result->height, ==, original->height);
  alpha = cutout_image_new (w, h, 1);
  for (gsize i = 0; i < (gsize) w * h; i++)
    {
      alpha->pixels[i] = result->pixels[i * 4 + 3];
      if (alpha->pixels[i] > 0)
        g_assert_cmpmem (result->pixels + i * 4, 3, original->pixels + i * 4, 3);
    }
  g_assert_cmpfloat (cutout_eval_score (alpha, truth, ignore).iou, >=, 0.90);
}

/* -d into a folder not there yet: made, as mkdir -p would, and with -q
 * not a word said of it. */
static void
test_mask_and_output_dir (void)
{
  g_autofree char *a = cutout_test_voc ("voc1.png");
  g_autofree char *b = cutout_test_voc ("voc23.png");
  g_autofree char *masks = in_workdir ("masks");
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("--mask", "-q", "-d", masks, a, b, NULL);
  g_autofree char *mask_a = g_build_filename (masks, "voc1-mask.png", NULL);
  g_autofree char *mask_b = g_build_filename (masks, "voc23-mask.png", NULL);
  g_autofree char *truth_path = cutout_test_voc ("voc1.mask.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) ignore = cutout_eval_load_ignore (a);
  g_autoptr (CutoutImage) mask = NULL;
  int type, w, h;

  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, ""); /* -q */
  png_header (mask_a, &type, &w, &h);
  g_assert_cmpint (type, ==, PNG_COLOR_TYPE_GRAY);
  g_assert_cmpint (w, ==, truth->width);
  g_assert_cmpint (h, ==, truth->height);
  mask = cutout_eval_load_mask (mask_a, NULL);
  g_assert_cmpfloat (cutout_eval_score (mask, truth, ignore).iou, >=, 0.90);
  g_assert_true (g_file_test (mask_b, G_FILE_TEST_EXISTS));
}

/* -d makes its folder and those above it, and says so; a folder that
 * cannot be made (a file in the way) is a usage error that names it; and
 * with a mistake elsewhere on the command line, no folder is made. */
static void
test_output_dir_made (void)
{
  g_autofree char *photo = cutout_test_voc ("voc20.png");
  g_autofree char *top = in_workdir ("made");
  g_autofree char *nested = g_build_filename (top, "a", "b", "c", NULL);
  g_autofree char *result = g_build_filename (nested, "voc20-cutout.png", NULL);
  g_autofree char *file = g_build_filename (top, "file", NULL);
  g_autofree char *under_file = g_build_filename (file, "d", "e", NULL);
  g_autofree char *unused = in_workdir ("never-made");

  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--format", "gif", "-d", unused, photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test (unused, G_FILE_TEST_EXISTS));
  }
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", nested, photo, NULL);
    g_autofree char *told = g_strdup_printf ("cutout-cli: created the folder %s\n", nested);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.err, told));
    g_assert_true (g_file_test (result, G_FILE_TEST_IS_REGULAR));
  }
  g_assert_true (g_file_set_contents (file, "not a folder", -1, NULL));
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", under_file, photo, NULL);
    g_autofree char *told = g_strdup_printf (
        "cutout-cli: cannot create the folder %s: %s is not a folder\n", under_file, file);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_cmpstr (r.err, ==, told);
    g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  }
  /* -d naming the file itself, as before. */
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", file, photo, NULL);
    g_autofree char *told = g_strdup_printf ("cutout-cli: %s is not a folder\n", file);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_cmpstr (r.err, ==, told);
  }
}

/* --best runs the model on the mirror image too: the mask differs from
 * one run's, and is as good. */
static void
test_best (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autofree char *one = in_workdir ("voc474-one.png");
  g_autofree char *two = in_workdir ("voc474-best.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) ignore = cutout_eval_load_ignore (photo);
  g_autoptr (CutoutImage) a = NULL, b = NULL;
  g_auto (CutoutCliResult) r1 = cutout_test_run_cli ("--mask", "-o", one, photo, NULL);
  g_auto (CutoutCliResult) r2 = cutout_test_run_cli ("--best", "--mask", "-o", two, photo, NULL);

  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  a = cutout_eval_load_mask (one, NULL);
  b = cutout_eval_load_mask (two, NULL);
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_true (memcmp (a->pixels, b->pixels, (gsize) a->width * a->height) != 0);
  g_assert_cmpfloat (cutout_eval_score (b, truth, ignore).iou, >=,
                     cutout_eval_score (a, truth, ignore).iou - 0.002);
}

/* --box: only what is inside the boxes is kept, the subject in full; boxes
 * that are not boxes, or lie outside the image, are reported. */
static void
test_boxes (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autofree char *out = in_workdir ("voc474-boxed.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) ignore = cutout_eval_load_ignore (photo);
  g_autoptr (CutoutImage) mask = NULL;
  CutoutBox around = cutout_eval_box_around (truth); /* as a user would draw it */
  g_autofree char *box = cutout_box_to_string (&around);
  int x1 = around.x1, y1 = around.y1, x2 = around.x2, y2 = around.y2;

  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--mask", "-o", out, "--box", box, "--box",
                                                      "0,0,20,20", photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  mask = cutout_eval_load_mask (out, NULL);
  g_assert_nonnull (mask);
  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < mask->width; x++)
      if ((x < x1 || x >= x2 || y < y1 || y >= y2) && (x >= 20 || y >= 20))
        g_assert_cmpuint (cutout_image_row (mask, y)[x], ==, 0);
  g_assert_cmpfloat (cutout_eval_score (mask, truth, ignore).iou, >=, 0.90);

  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--box", "1,2,3", photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--box"));
    g_assert_nonnull (strstr (r.err, "“1,2,3”"));
  }
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("-o", out, "--box", "600,600,700,700", photo, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "voc474.png: box 1 (600,600,700,700) lies outside"));
  }
}

/* --zip: every result in one archive, names that collide numbered, a
 * failure named and left out, nothing left of the work beside it. */
static void
test_zip (void)
{
  g_autofree char *dir = in_workdir ("zip");
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *a2 = g_build_filename (sub, "a.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.jpg", NULL);
  g_autofree char *zip_path = g_build_filename (dir, "out.zip", NULL);
  g_autofree char *src1 = cutout_test_voc ("voc23.png"), *src2 = cutout_test_voc ("voc114.png");
  g_autofree char *bytes = NULL;
  gsize len;
  zip_t *zip;

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_true (g_file_get_contents (src1, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (a, bytes, len, NULL));
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (src2, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (a2, bytes, len, NULL));
  g_assert_true (g_file_set_contents (bad, "not a photo", -1, NULL));
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--zip", zip_path, "-f", "webp", a, bad, a2, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "bad.jpg: not an image"));
    g_assert_nonnull (strstr (r.err, "2 images put into"));
  }
  zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (zip);
  g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 2);
  g_assert_cmpint (zip_name_locate (zip, "a-cutout.webp", 0), >=, 0);
  g_assert_cmpint (zip_name_locate (zip, "a-cutout-2.webp", 0), >=, 0);
  zip_close (zip);
  /* Beside it: the inputs, the archive and nothing else. */
  {
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_test_message ("left: %s", name);
        n++;
      }
    g_assert_cmpuint (n, ==, 4); /* a.png, bad.jpg, sub, out.zip */
  }
}

/* --format jpg with --bg: the colour where the background was; options that
 * make no sense are usage errors. */
static void
test_jpeg_and_bad_options (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus.jpg");
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) jpeg = NULL;
  guint64 red = 0, background = 0;
  /* Each with -d, so that nothing is ever written beside the test photos. */
  const char *const bad[][3] = {
    { "--format", "gif" },  { "--quality", "0" }, { "--quality", "101" },
    { "--bg", "purple" },   { "--zip", "x.zip" }, { "--mask", "--format=jpg" },
    { "--edges", "fuzzy" },
  };

  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("-f", "jpg", "--bg", "#ff0000", "-o", out, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  jpeg = cutout_decode_file (out, NULL);
  g_assert_nonnull (jpeg);
  for (int y = 0; y < truth->height; y++)
    for (int x = 0; x < truth->width; x++)
      if (cutout_image_row (truth, y)[x] == 0)
        {
          const guint8 *p = cutout_image_row (jpeg, y) + x * 4;
          background++;
          red += p[0] > 200 && p[1] < 60 && p[2] < 60;
        }
  g_test_message ("%.3f of the background is red", (double) red / background);
  g_assert_cmpfloat ((double) red / background, >=, 0.95);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto (CutoutCliResult) r
          = cutout_test_run_cli (bad[i][0], bad[i][1], "-d", workdir, photo, NULL);
      g_assert_cmpint (r.status, ==, 2);
    }
}

/* --smallest: a smaller PNG of the same pixels. */
static void
test_smallest (void)
{
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_autofree char *fast = in_workdir ("fast.png"), *small = in_workdir ("small.png");
  g_autoptr (CutoutImage) a = NULL, b = NULL;
  GStatBuf sa, sb;

  {
    g_auto (CutoutCliResult) r1 = cutout_test_run_cli ("-q", "-o", fast, photo, NULL);
    g_auto (CutoutCliResult) r2
        = cutout_test_run_cli ("-q", "--smallest", "-o", small, photo, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    g_assert_cmpint (r2.status, ==, 0);
  }
  g_assert_cmpint (g_stat (fast, &sa), ==, 0);
  g_assert_cmpint (g_stat (small, &sb), ==, 0);
  g_test_message ("%lld bytes, smallest %lld", (long long) sa.st_size, (long long) sb.st_size);
  g_assert_cmpint (sb.st_size, <, sa.st_size);
  a = cutout_decode_file (fast, NULL);
  b = cutout_decode_file (small, NULL);
  g_assert_cmpmem (a->pixels, cutout_image_stride (a) * a->height, b->pixels,
                   cutout_image_stride (b) * b->height);
}

/* Refinement, on by default: on a photo larger than the model's mask (a
 * VOC photo enlarged 4×), another mask than --no-refine-edges gives, as good
 * against the truth; --refine-strength 0 gives the plain one. */
static void
test_refine_edges (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autofree char *big = in_workdir ("big.png"), *plain = in_workdir ("plain-mask.png"),
                  *refined = in_workdir ("refined-mask.png"), *zero = in_workdir ("zero-mask.png");
  g_autoptr (CutoutImage) truth = cutout_eval_load_mask (truth_path, NULL);
  g_autoptr (CutoutImage) ignore = cutout_eval_load_ignore (photo);
  g_autoptr (CutoutImage) small = cutout_decode_file (photo, NULL), enlarged = NULL;
  g_autoptr (CutoutImage) a = NULL, b = NULL, none = NULL, big_truth = NULL, big_ignore = NULL;
  g_autoptr (GError) error = NULL;

  enlarged = cutout_resample_image (small, small->width * 4, small->height * 4);
  cutout_export_png (enlarged, big, 1, NULL, &error);
  g_assert_no_error (error);
  {
    g_auto (CutoutCliResult) r1
        = cutout_test_run_cli ("-q", "--mask", "--no-refine-edges", "-o", plain, big, NULL);
    g_auto (CutoutCliResult) r2 = cutout_test_run_cli ("-q", "--mask", "-o", refined, big, NULL);
    g_auto (CutoutCliResult) r3
        = cutout_test_run_cli ("-q", "--mask", "--refine-strength", "0", "-o", zero, big, NULL);
    g_auto (CutoutCliResult) r4
        = cutout_test_run_cli ("-q", "--mask", "--refine-strength", "101", big, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    g_assert_cmpint (r2.status, ==, 0);
    g_assert_cmpint (r3.status, ==, 0);
    g_assert_cmpint (r4.status, ==, 2);
    g_assert_nonnull (strstr (r4.err, "--refine-strength"));
  }
  a = cutout_eval_load_mask (plain, NULL);
  b = cutout_eval_load_mask (refined, NULL);
  none = cutout_eval_load_mask (zero, NULL);
  g_assert_true (memcmp (a->pixels, b->pixels, (gsize) a->width * a->height) != 0);
  g_assert_cmpmem (a->pixels, a->width * a->height, none->pixels, none->width * none->height);
  big_truth = cutout_resample_image (truth, a->width, a->height);
  big_ignore = cutout_resample_image (ignore, a->width, a->height);
  g_assert_cmpfloat (cutout_eval_score (b, big_truth, big_ignore).iou, >=, 0.95);

  /* --clean-colours: the same alpha, other colours where it is see-through. */
  {
    g_autofree char *plain_png = in_workdir ("plain.png"), *clean_png = in_workdir ("clean.png");
    g_auto (CutoutCliResult) r1 = cutout_test_run_cli ("-q", "-o", plain_png, photo, NULL);
    g_auto (CutoutCliResult) r2
        = cutout_test_run_cli ("-q", "--clean-colours", "-o", clean_png, photo, NULL);
    g_autoptr (CutoutImage) p = NULL, c = NULL;
    guint changed = 0;
    g_assert_cmpint (r1.status, ==, 0);
    g_assert_cmpint (r2.status, ==, 0);
    p = cutout_decode_file (plain_png, NULL);
    c = cutout_decode_file (clean_png, NULL);
    for (gsize i = 0; i < (gsize) p->width * p->height; i++)
      {
        g_assert_cmpuint (p->pixels[i * 4 + 3], ==, c->pixels[i * 4 + 3]);
        if (p->pixels[i * 4 + 3] == 255)
          g_assert_cmpmem (p->pixels + i * 4, 3, c->pixels + i * 4, 3);
        else if (p->pixels[i * 4 + 3] > 0)
          changed += memcmp (p->pixels + i * 4, c->pixels + i * 4, 3) != 0;
      }
    g_assert_cmpuint (changed, >, 100);
  }

  /* --edges hard: no see-through pixels left. */
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("-q", "--mask", "--edges", "hard", "-o", plain, photo, NULL);
    g_autoptr (CutoutImage) hard = NULL;
    g_assert_cmpint (r.status, ==, 0);
    hard = cutout_eval_load_mask (plain, NULL);
    for (gsize i = 0; i < (gsize) hard->width * hard->height; i++)
      g_assert_true (hard->pixels[i] == 0 || hard->pixels[i] == 255);
  }
}

/* --id-photo: the exact pixels for the print size at 300 DPI, recorded in
 * the file, on the backdrop colour. */
static void
test_id_photo (void)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *out = in_workdir ("bus-id.jpg");
  g_autoptr (CutoutImage) back = NULL;
  g_autoptr (CutoutMetadata) meta = NULL;

  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-q", "--id-photo", "1inch", "--bg", "blue",
                                                      "--print-sheet", "-o", out, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  /* And the print sheet beside it: 12 copies of 一寸 on a 4R page. */
  {
    g_autofree char *sheet_path = in_workdir ("bus-id-sheet.jpg");
    g_autoptr (CutoutImage) sheet = cutout_decode_file (sheet_path, NULL);
    g_autoptr (CutoutMetadata) sheet_meta = cutout_metadata_read (sheet_path);
    g_assert_nonnull (sheet);
    g_assert_cmpint (sheet->width, ==, 1200);
    g_assert_cmpint (sheet->height, ==, 1800);
    g_assert_cmpfloat (sheet_meta->dpi_x, ==, 300);
  }
  back = cutout_decode_file (out, NULL);
  meta = cutout_metadata_read (out);
  g_assert_cmpint (back->width, ==, 295);
  g_assert_cmpint (back->height, ==, 413);
  g_assert_cmpfloat (meta->dpi_x, ==, 300);
  /* Above the bus's roof: the backdrop. */
  for (int y = 0; y < 10; y++)
    for (int x = 0; x < 10; x++)
      {
        const guint8 *p = cutout_image_row (back, y) + x * 4;
        g_assert_cmpint (ABS (p[0] - 67), <=, 8);
        g_assert_cmpint (ABS (p[1] - 142), <=, 8);
        g_assert_cmpint (ABS (p[2] - 219), <=, 8);
      }
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--id-photo", "3inch", "-d", workdir, photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "3inch"));
  }
  {
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("--id-photo", "passport", "-f", "webp", "-d", workdir, photo, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
}

/* One bad input among good ones: it is named with its reason, the others are
 * done, and the exit status says some failed. */
static void
test_failures (void)
{
  g_autofree char *good = cutout_test_voc ("voc417.png");
  g_autofree char *missing = in_workdir ("gone.jpg");
  g_autofree char *text = in_workdir ("notes.jpg");
  g_autofree char *done = in_workdir ("voc417-cutout.png");
  g_autoptr (GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "shopping list\n", -1, &error));
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", workdir, missing, text, good, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "gone.jpg: the file does not exist"));
    g_assert_nonnull (strstr (r.err, "notes.jpg: not an image"));
    g_assert_nonnull (strstr (r.err, "2 of 3 images failed"));
    g_assert_true (g_file_test (done, G_FILE_TEST_EXISTS));
    /* The folder was there: nothing to say of it. */
    g_assert_null (strstr (r.err, "created the folder"));
    /* Not a terminal: one plain line per file, no progress bar. */
    g_assert_nonnull (strstr (r.err, "[3/3] "));
    g_assert_null (strchr (r.err, '\r'));
    g_assert_null (strchr (r.err, '\033'));
  }
}

/* Every file under @dir (recursively) into @files. */
static void
list_tree (const char *dir, GPtrArray *files)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          list_tree (path, files);
          g_free (path);
        }
      else
        g_ptr_array_add (files, path);
    }
}

/* A file's SHA-256, or its size and time if it cannot be read. */
static char *
checksum_of (const char *path)
{
  g_autofree char *data = NULL;
  GStatBuf st;
  gsize len;

  if (g_file_get_contents (path, &data, &len, NULL))
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return g_strdup_printf ("%lld bytes, changed %lld", (long long) st.st_size,
                          (long long) st.st_mtime);
}

typedef struct
{
  const char *pid;
  long peak_kb; /* VmHWM, the most seen */
  GMainLoop *loop;
  char **err;
} PeakWatch;

static gboolean
sample_peak_cb (gpointer data)
{
  PeakWatch *w = data;
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", w->pid);
  g_autofree char *status = NULL;
  const char *line;

  if (w->pid != NULL && g_file_get_contents (path, &status, NULL, NULL)
      && (line = strstr (status, "VmHWM:")) != NULL)
    w->peak_kb = MAX (w->peak_kb, atol (line + strlen ("VmHWM:")));
  return G_SOURCE_CONTINUE;
}

static void
corpus_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  PeakWatch *w = data;
  g_autoptr (GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, NULL, w->err, &error);
  g_assert_no_error (error);
  g_main_loop_quit (w->loop);
}

/* The corpus of awkward and broken inputs (make-bad-corpus.c) through one
 * batch: no crash or hang, memory bounded; each broken file fails with a
 * line naming it, every awkward but valid one is cut out (turned upright by
 * its EXIF orientation), nothing else is left in the output folder, and no
 * input changes. */
static void
test_bad_corpus (void)
{
  g_autofree char *dir = in_workdir ("corpus"), *out = in_workdir ("corpus-out");
  g_autofree char *good_dir = g_build_filename (dir, "good", NULL);
  g_autofree char *bad_dir = g_build_filename (dir, "bad", NULL);
  g_autoptr (GPtrArray) good = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) bad = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GPtrArray) sums = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  long peak_mb;
  gint64 start;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, g_getenv ("CUTOUT_MAKE_CORPUS"), dir,
                           NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&proc);
  /* Unreadable: only for a user the permissions stop (not root). */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (bad_dir, "unreadable.png", NULL);
      g_autofree char *src = cutout_test_voc ("voc1.png");
      g_autofree char *data = NULL;
      gsize len;
      g_assert_true (g_file_get_contents (src, &data, &len, NULL));
      g_assert_true (g_file_set_contents (locked, data, len, NULL));
      g_assert_cmpint (g_chmod (locked, 0), ==, 0);
    }
  else
    g_test_message ("running as root: no unreadable file in the corpus");
  list_tree (good_dir, good);
  list_tree (bad_dir, bad);
  g_assert_cmpuint (good->len, >=, 16);
  g_assert_cmpuint (bad->len, >=, 16);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);

  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  g_ptr_array_add (argv, "-d");
  g_ptr_array_add (argv, out);
  for (guint i = 0; i < good->len + bad->len; i++)
    {
      char *path = i < good->len ? good->pdata[i] : bad->pdata[i - good->len];
      g_ptr_array_add (argv, path);
      g_ptr_array_add (sums, checksum_of (path));
    }
  g_ptr_array_add (argv, NULL);
  start = g_get_monotonic_time ();
  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  {
    /* The batch's own peak memory, read from /proc while it runs. */
    g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
    PeakWatch watch = { g_subprocess_get_identifier (proc), 0, loop, &err };
    guint timer = g_timeout_add (50, sample_peak_cb, &watch);
    g_subprocess_communicate_utf8_async (proc, NULL, NULL, corpus_done_cb, &watch);
    g_main_loop_run (loop);
    g_source_remove (timer);
    peak_mb = watch.peak_kb / 1024;
  }
  g_test_message ("%u good and %u bad files in %.1f s; stderr:\n%s", good->len, bad->len,
                  (g_get_monotonic_time () - start) / 1e6, err);
  g_assert_true (g_subprocess_get_if_exited (proc)); /* not killed by a signal */
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  {
    g_autofree char *summary
        = g_strdup_printf ("%u of %u images failed", bad->len, good->len + bad->len);
    g_assert_nonnull (strstr (err, summary));
  }
  /* Bounded memory: the model's ~1.2 GB and little more. */
  g_test_message ("peak RSS %ld MB", peak_mb);
  g_assert_cmpint (peak_mb, >, 100); /* (it was measured) */
  g_assert_cmpint (peak_mb, <, 2000);

  for (guint i = 0; i < bad->len; i++)
    {
      g_autofree char *shown = g_filename_display_name (bad->pdata[i]);
      g_autofree char *line = g_strdup_printf ("%s: ", shown);
      g_assert_nonnull (strstr (err, line));
    }
  for (guint i = 0; i < good->len; i++)
    {
      g_autofree char *base = g_path_get_basename (good->pdata[i]);
      g_autofree char *stem = g_strndup (base, strrchr (base, '.') - base);
      g_autofree char *name = g_strconcat (stem, "-cutout.png", NULL);
      g_autofree char *result = g_build_filename (out, name, NULL);
      g_autoptr (CutoutImage) image = cutout_decode_file (result, &error);
      g_assert_no_error (error);
      if (g_str_has_prefix (base, "orientation-"))
        {
          int o = base[strlen ("orientation-")] - '0';
          g_assert_cmpint (image->width, ==, o >= 5 ? 80 : 120);
          g_assert_cmpint (image->height, ==, o >= 5 ? 120 : 80);
        }
      g_remove (result);
    }
  /* Nothing else: no partial or temporary file. */
  {
    g_autoptr (GDir) d = g_dir_open (out, 0, NULL);
    const char *left = g_dir_read_name (d);
    g_assert_null (left);
  }
  for (guint i = 0; i < good->len + bad->len; i++)
    {
      char *path = i < good->len ? good->pdata[i] : bad->pdata[i - good->len];
      g_autofree char *now = checksum_of (path);
      g_assert_cmpstr (now, ==, sums->pdata[i]);
    }
}

/* -o naming the input itself is refused, and the input is untouched. */
static void
test_never_overwrites_input (void)
{
  g_autofree char *src = cutout_test_voc ("voc20.png");
  g_autofree char *copy = in_workdir ("sheep.png");
  g_autofree char *before = NULL, *after = NULL;
  gsize n_before, n_after;

  g_assert_true (g_file_get_contents (src, &before, &n_before, NULL));
  g_assert_true (g_file_set_contents (copy, before, n_before, NULL));
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-o", copy, copy, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "never overwrites an input"));
  }
  g_assert_true (g_file_get_contents (copy, &after, &n_after, NULL));
  g_assert_cmpmem (before, n_before, after, n_after);
}

/* A missing model makes every input fail with one clear message. */
static void
test_unknown_model (void)
{
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  g_auto (CutoutCliResult) r
      = cutout_test_run_cli ("--model", "nonesuch", "-d", workdir, photo, NULL);

  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "no model called “nonesuch”"));
}

/* The default model's file missing, or cut short: the CLI exits with a
 * message naming the file and the way to get it, and writes nothing. */
static void
test_broken_model (void)
{
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  g_autofree char *real_data = g_strdup (g_getenv ("CUTOUT_DATA_DIR"));
  g_autofree char *dir = in_workdir ("broken-model");
  g_autofree char *model = g_build_filename (dir, "broken-isnet-medium.onnx", NULL);
  g_autofree char *out = in_workdir ("voc1-cutout.png");

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  cutout_test_write_broken_catalogue (dir);
  g_setenv ("CUTOUT_DATA_DIR", dir, TRUE);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", workdir, photo, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "broken-isnet-medium.onnx"));
    g_assert_nonnull (strstr (r.err, "is missing"));
    g_assert_nonnull (strstr (r.err, "cutout-setup"));
  }
  g_assert_true (g_file_set_contents (model, "not a model", -1, NULL));
  g_setenv ("CUTOUT_MODEL_DIR", dir, TRUE);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", workdir, photo, NULL);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, "broken-isnet-medium.onnx"));
    g_assert_nonnull (strstr (r.err, "cutout-setup"));
  }
  g_setenv ("CUTOUT_DATA_DIR", real_data, TRUE);
  g_unsetenv ("CUTOUT_MODEL_DIR");
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

/* Argument vectors for a batch: cutout-cli [OPTIONS] -d DIR with the first
 * @n VOC photos. */
static GPtrArray *
batch_argv (const char *dir, guint n, const char *option)
{
  const char *names[] = { "voc1.png", "voc23.png", "voc417.png", "voc474.png", "voc20.png" };
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (names));
  g_ptr_array_add (argv, g_strdup (g_getenv ("CUTOUT_CLI")));
  if (option != NULL)
    g_ptr_array_add (argv, g_strdup (option));
  g_ptr_array_add (argv, g_strdup ("-d"));
  g_ptr_array_add (argv, g_strdup (dir));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (argv, cutout_test_voc (names[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Asserts that @dir holds no temporary file and only complete PNGs, and
 * returns how many. */
static guint
count_complete_outputs (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutImage) img = NULL;

      g_assert_false (name[0] == '.'); /* temporary files start with a dot */
      img = cutout_decode_file (path, &error);
      g_assert_no_error (error);
      n++;
    }
  return n;
}

static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Ctrl+C during a batch: the files already done stay, nothing half-written
 * is left, and the exit status is 130. */
static void
test_interrupt (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-cli-int-XXXXXX", NULL);
  g_autoptr (GPtrArray) argv = batch_argv (dir, 5, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) proc = g_subprocess_newv ((const char *const *) argv->pdata,
                                                    G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_autoptr (GDataInputStream) err = NULL;
  g_autoptr (GString) all = g_string_new (NULL);
  char *line;
  guint n;

  g_assert_no_error (error);
  err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
  /* Interrupt as soon as the first photo is done. */
  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (all, "%s\n", line);
      if (g_str_has_prefix (line, "[1/5]"))
        {
          g_free (line);
          break;
        }
      g_free (line);
    }
  g_assert_no_error (error);
  g_subprocess_send_signal (proc, SIGINT);
  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (all, "%s\n", line);
      g_free (line);
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", all->str);

  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);
  n = count_complete_outputs (dir);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (n, <, 5);
  {
    g_autofree char *summary = g_strdup_printf ("interrupted: %u of 5 images were cut out", n);
    g_assert_nonnull (strstr (all->str, summary));
  }
  remove_dir (dir);
}

/* On a terminal, a progress bar with the whole batch and the current file;
 * the finished files are still listed, one line each. */
static void
test_terminal_progress (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-cli-tty-XXXXXX", NULL);
  g_autoptr (GPtrArray) argv = batch_argv (dir, 2, NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) seen = g_string_new (NULL);
  int master = posix_openpt (O_RDWR | O_NOCTTY);
  int slave;
  char buf[4096];
  gssize n;

  g_assert_cmpint (master, >=, 0);
  g_assert_no_errno (grantpt (master));
  g_assert_no_errno (unlockpt (master));
  slave = open (ptsname (master), O_RDWR | O_NOCTTY);
  g_assert_cmpint (slave, >=, 0);
  g_subprocess_launcher_take_stderr_fd (launcher, slave);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_clear_object (&launcher); /* closes our copy of the terminal's side */
  /* Read until the program is gone and the terminal hangs up. */
  while ((n = read (master, buf, sizeof buf)) > 0)
    g_string_append_len (seen, buf, n);
  close (master);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("terminal: %s", seen->str);

  g_assert_nonnull (strstr (seen->str, "\r\033[K[")); /* the bar, redrawn in place */
  g_assert_nonnull (strstr (seen->str, "] 0/2"));     /* whole batch */
  g_assert_nonnull (strstr (seen->str, "voc1.png ")); /* the current file… */
  g_assert_nonnull (strstr (seen->str, " %"));        /* …and its progress */
  g_assert_nonnull (strstr (seen->str, "[2/2] "));    /* finished files listed */
  g_assert_cmpuint (count_complete_outputs (dir), ==, 2);
  remove_dir (dir);
}

/* The same photo twice is cut out once, with a note; that is not a failure. */
static void
test_duplicate_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-cli-dup-XXXXXX", NULL);
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", dir, photo, photo, NULL);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "given more than once"));
  g_assert_cmpuint (count_complete_outputs (dir), ==, 1);
  remove_dir (dir);
}

int
main (int argc, char **argv)
{
  workdir = cutout_test_init_with_workdir (&argc, &argv, "cutout-cli-XXXXXX");
  if (workdir == NULL)
    return 0;
  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/cut-out", test_cut_out);
  g_test_add_func ("/cli/mask-and-output-dir", test_mask_and_output_dir);
  g_test_add_func ("/cli/output-dir-made", test_output_dir_made);
  g_test_add_func ("/cli/boxes", test_boxes);
  g_test_add_func ("/cli/best", test_best);
  g_test_add_func ("/cli/zip", test_zip);
  g_test_add_func ("/cli/smallest", test_smallest);
  g_test_add_func ("/cli/refine-edges", test_refine_edges);
  g_test_add_func ("/cli/id-photo", test_id_photo);
  g_test_add_func ("/cli/jpeg-and-bad-options", test_jpeg_and_bad_options);
  g_test_add_func ("/cli/failures", test_failures);
  g_test_add_func ("/cli/bad-corpus", test_bad_corpus);
  g_test_add_func ("/cli/never-overwrites-input", test_never_overwrites_input);
  g_test_add_func ("/cli/unknown-model", test_unknown_model);
  g_test_add_func ("/cli/broken-model", test_broken_model);
  g_test_add_func ("/cli/batch/interrupt", test_interrupt);
  g_test_add_func ("/cli/batch/terminal-progress", test_terminal_progress);
  g_test_add_func ("/cli/batch/duplicate-input", test_duplicate_input);
  return cutout_test_run_with_workdir (&workdir);
}
