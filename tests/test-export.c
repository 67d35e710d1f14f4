/* test-export.c: each format written and read back, and writes that fail
 * without leaving anything behind or touching an input
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zip.h>

#include "cutout-compose.h"
#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-mask.h"
#include "cutout-metadata.h"
#include "cutout-testlib.h"

typedef struct
{
  char *dir;
  CutoutImage *image; /* RGBA, opaque, flat colour blocks (JPEG keeps them) */
  CutoutImage *mask;  /* 0 on the left third, 255 in the middle, a ramp on the right */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  int w = 96, h = 64;

  f->dir = g_dir_make_tmp ("cutout-export-XXXXXX", NULL);
  f->image = cutout_image_new (w, h, 4);
  f->mask = cutout_image_new (w, h, 1);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = cutout_image_row (f->image, y) + x * 4;
        p[0] = y < h / 2 ? 200 : 30;
        p[1] = 90;
        p[2] = y < h / 2 ? 40 : 220;
        p[3] = 255;
        cutout_image_row (f->mask, y)[x] = x < w / 3 ? 0 : x < 2 * w / 3 ? 255 : (x * 37 + y) % 256;
      }
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_chmod (f->dir, 0755);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  cutout_image_free (f->image);
  cutout_image_free (f->mask);
}

static char *
path_in (Fixture *f, const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static guint
count_files (const char *dir_path)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static CutoutImage *
export_and_read (Fixture *f, const CutoutExportOptions *options, const char *name)
{
  g_autofree char *path = path_in (f, name);
  g_autoptr (GError) error = NULL;
  CutoutImage *back;

  g_assert_true (cutout_export_file (f->image, f->mask, options, NULL, NULL, path, NULL, &error));
  g_assert_no_error (error);
  back = cutout_decode_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->width, ==, f->image->width);
  g_assert_cmpint (back->height, ==, f->image->height);
  return back;
}

/* PNG and lossless WebP: alpha is the mask exactly, the colour exact where
 * anything shows. */
static void
assert_exact_cutout (Fixture *f, const CutoutImage *back)
{
  for (int y = 0; y < back->height; y++)
    for (int x = 0; x < back->width; x++)
      {
        const guint8 *p = cutout_image_row (back, y) + x * 4;
        const guint8 *q = cutout_image_row (f->image, y) + x * 4;
        guint8 a = cutout_image_row (f->mask, y)[x];
        g_assert_cmpuint (p[3], ==, a);
        if (a > 0)
          g_assert_cmpmem (p, 3, q, 3);
      }
}

static void
test_png (Fixture *f, gconstpointer data)
{
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  for (int level = CUTOUT_PNG_LEVEL_FAST; level <= CUTOUT_PNG_LEVEL_SMALLEST; level += 8)
    {
      g_autoptr (CutoutImage) back = NULL;
      options.png_level = level;
      back = export_and_read (f, &options, "out.png");
      assert_exact_cutout (f, back);
    }
}

/* The lengths of @path's IDAT chunks, in order. */
static GArray *
idat_lengths (const char *path)
{
  g_autofree guint8 *data = NULL;
  GArray *lengths = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize size, at = 8;

  g_assert_true (g_file_get_contents (path, (char **) &data, &size, NULL));
  while (at + 12 <= size)
    {
      guint32 n = (guint32) data[at] << 24 | data[at + 1] << 16 | data[at + 2] << 8 | data[at + 3];
      if (memcmp (data + at + 4, "IDAT", 4) == 0)
        g_array_append_val (lengths, n);
      at += 12 + n;
    }
  g_assert_cmpuint (at, ==, size); /* every chunk whole, IEND last */
  g_assert_cmpmem (data + size - 8, 4, "IEND", 4);
  return lengths;
}

/* Noise does not compress: the fast writer's first guess of the room it
 * needs is too small, and it tries again with the worst case's; the photo
 * comes back exactly, in IDAT chunks of 1 MiB (libdeflate's path; zlib's
 * row by row writes chunks of 8 KiB). */
static void
test_png_incompressible (Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in (f, "noise.png");
  g_autoptr (CutoutImage) noise = cutout_image_new (1024, 768, 4);
  g_autoptr (CutoutImage) back = NULL;
  g_autoptr (GArray) lengths = NULL;
  g_autoptr (GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (3);

  for (gsize i = 0; i < (gsize) 1024 * 768 * 4; i++)
    noise->pixels[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  g_assert_true (cutout_export_png (noise, path, CUTOUT_PNG_LEVEL_FAST, NULL, &error));
  g_assert_no_error (error);
  back = cutout_decode_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->pixels, 1024 * 768 * 4, noise->pixels, 1024 * 768 * 4);
  lengths = idat_lengths (path);
  g_test_message ("%u IDAT chunks, the first of %u bytes", lengths->len,
                  g_array_index (lengths, guint32, 0));
#if HAVE_LIBDEFLATE
  g_assert_cmpuint (g_array_index (lengths, guint32, 0), ==, 1 << 20);
  g_assert_cmpuint (lengths->len, ==, 4); /* 3.1 MB and a little more */
#endif
}

static void
test_webp_lossless (Fixture *f, gconstpointer data)
{
  CutoutExportOptions options;
  g_autoptr (CutoutImage) back = NULL;

  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_WEBP;
  back = export_and_read (f, &options, "out.webp");
  assert_exact_cutout (f, back);
}

/* Lossy WebP: the colour is close, the alpha kept (libwebp compresses it
 * losslessly at the default alpha quality). */
static void
test_webp_lossy (Fixture *f, gconstpointer data)
{
  CutoutExportOptions options;
  g_autoptr (CutoutImage) back = NULL;

  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_WEBP;
  options.lossy = TRUE;
  options.quality = 80;
  back = export_and_read (f, &options, "lossy.webp");
  for (int y = 0; y < back->height; y++)
    for (int x = 0; x < back->width; x++)
      {
        const guint8 *p = cutout_image_row (back, y) + x * 4;
        const guint8 *q = cutout_image_row (f->image, y) + x * 4;
        guint8 a = cutout_image_row (f->mask, y)[x];
        g_assert_cmpint (ABS ((int) p[3] - a), <=, 2);
        /* Away from the colour edge, in the opaque middle. */
        if (a == 255 && ABS (y - back->height / 2) > 4 && x > back->width / 3 + 4
            && x < 2 * back->width / 3 - 4)
          for (int c = 0; c < 3; c++)
            g_assert_cmpint (ABS ((int) p[c] - q[c]), <=, 12);
      }
}

/* JPEG: the backdrop colour where alpha was 0, the photo where it was 255. */
static void
test_jpeg (Fixture *f, gconstpointer data)
{
  CutoutExportOptions options;
  g_autoptr (CutoutImage) back = NULL;
  const guint8 blue[3] = { 67, 142, 219 };

  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  g_assert_true (cutout_color_parse ("blue", options.background));
  g_assert_cmpmem (options.background, 3, blue, 3);
  options.quality = 95;
  back = export_and_read (f, &options, "out.jpg");
  for (int y = 4; y < back->height - 4; y++)
    {
      if (ABS (y - back->height / 2) <= 4)
        continue; /* the colour edge blurs */
      for (int x = 4; x < back->width / 3 - 4; x++)
        for (int c = 0; c < 3; c++)
          g_assert_cmpint (ABS ((int) cutout_image_row (back, y)[x * 4 + c] - blue[c]), <=, 6);
      for (int x = back->width / 3 + 4; x < 2 * back->width / 3 - 4; x++)
        for (int c = 0; c < 3; c++)
          g_assert_cmpint (ABS ((int) cutout_image_row (back, y)[x * 4 + c]
                                - cutout_image_row (f->image, y)[x * 4 + c]),
                           <=, 6);
      for (int x = 0; x < back->width; x++)
        g_assert_cmpuint (cutout_image_row (back, y)[x * 4 + 3], ==, 255);
    }
}

/* The mask alone: a gray PNG equal to the mask. */
static void
test_mask (Fixture *f, gconstpointer data)
{
  CutoutExportOptions options;
  g_autoptr (CutoutImage) back = NULL;

  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_MASK;
  back = export_and_read (f, &options, "mask.png");
  for (int y = 0; y < back->height; y++)
    for (int x = 0; x < back->width; x++)
      {
        const guint8 *p = cutout_image_row (back, y) + x * 4;
        guint8 a = cutout_image_row (f->mask, y)[x];
        g_assert_cmpuint (p[0], ==, a);
        g_assert_cmpuint (p[1], ==, a);
        g_assert_cmpuint (p[2], ==, a);
        g_assert_cmpuint (p[3], ==, 255);
      }
}

static void
test_names (void)
{
  CutoutFormat format;
  guint8 rgb[3];
  const char *bad_colours[] = { "", "#12345", "#gg0000", "purple", "123456", "#1234567" };

  g_assert_true (cutout_format_parse ("JPEG", &format));
  g_assert_cmpint (format, ==, CUTOUT_FORMAT_JPEG);
  g_assert_cmpstr (cutout_format_get_extension (format), ==, "jpg");
  g_assert_true (cutout_format_parse ("webp", &format));
  g_assert_cmpstr (cutout_format_get_extension (format), ==, "webp");
  g_assert_true (cutout_format_parse ("mask", &format));
  g_assert_cmpstr (cutout_format_get_extension (format), ==, "png");
  g_assert_false (cutout_format_parse ("gif", &format));

  g_assert_true (cutout_color_parse ("#FF8000", rgb));
  g_assert_cmpmem (rgb, 3, ((guint8[]){ 255, 128, 0 }), 3);
  g_assert_true (cutout_color_parse ("#f80", rgb));
  g_assert_cmpmem (rgb, 3, ((guint8[]){ 255, 136, 0 }), 3);
  g_assert_true (cutout_color_parse ("Red", rgb));
  g_assert_cmpmem (rgb, 3, ((guint8[]){ 220, 20, 60 }), 3);
  for (guint i = 0; i < G_N_ELEMENTS (bad_colours); i++)
    g_assert_false (cutout_color_parse (bad_colours[i], rgb));
}

/* Writing over the image a cutout comes from is refused, in every format,
 * and the image is left as it was. */
static void
test_never_overwrites_source (Fixture *f, gconstpointer data)
{
  g_autofree char *source = path_in (f, "photo.png");
  g_autofree char *link = path_in (f, "link.png");
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  g_assert_true (cutout_export_png (f->image, source, 1, NULL, NULL));
  g_assert_true (g_file_get_contents (source, &before, &before_len, NULL));
  g_assert_cmpint (symlink (source, link), ==, 0);
  for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_MASK; format++)
    {
      g_autoptr (GError) error = NULL;
      options.format = format;
      g_assert_false (
          cutout_export_file (f->image, f->mask, &options, NULL, source, link, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
      g_assert_nonnull (strstr (error->message, "never overwrites an input"));
    }
  g_assert_true (g_file_get_contents (source, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  g_assert_cmpuint (count_files (f->dir), ==, 2);
}

/* A folder that cannot be written: a clear message naming the file, and
 * nothing created. (Root writes anywhere: as root, the test acts as the
 * user "nobody" meanwhile.) */
static void
test_read_only_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in (f, "out.png");
  g_autoptr (GError) error = NULL;
  gboolean as_root = geteuid () == 0;
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  g_assert_cmpint (g_chmod (f->dir, 0555), ==, 0);
  if (as_root)
    g_assert_cmpint (seteuid (65534), ==, 0);
  for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_MASK; format++)
    {
      options.format = format;
      g_clear_error (&error);
      g_assert_false (
          cutout_export_file (f->image, f->mask, &options, NULL, NULL, path, NULL, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "Cannot write "));
      g_assert_nonnull (strstr (error->message, path));
    }
  if (as_root)
    g_assert_cmpint (seteuid (0), ==, 0);
  g_chmod (f->dir, 0755);
  g_assert_cmpuint (count_files (f->dir), ==, 0);
}

/* A write that fails halfway (the file size limit, as a full disk would):
 * an error, no partial file, and an older file of that name untouched. */
static void
test_fails_midway (Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in (f, "big.out");
  g_autoptr (CutoutImage) big = cutout_image_new (1200, 900, 4);
  g_autoptr (CutoutImage) mask = cutout_image_new (1200, 900, 1);
  struct rlimit old, small;
  CutoutExportOptions options;
  void (*old_handler) (int);

  /* Noise: it does not compress below the limit. */
  for (gsize i = 0; i < (gsize) 1200 * 900 * 4; i++)
    big->pixels[i] = g_test_rand_int_range (0, 256);
  memset (mask->pixels, 255, (gsize) 1200 * 900);
  g_assert_true (g_file_set_contents (path, "an older file", -1, NULL));
  cutout_export_options_init (&options);

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &old), ==, 0);
  small = old;
  small.rlim_cur = 64 * 1024;
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_JPEG; format++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok;
      options.format = format;
      options.quality = 100;
      ok = cutout_export_file (big, mask, &options, NULL, NULL, path, NULL, &error);
      g_assert_false (ok);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, path));
    }
  setrlimit (RLIMIT_FSIZE, &old);
  signal (SIGXFSZ, old_handler);
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "an older file");
  }
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

/* A ZIP of results: the names given, the files' bytes, nothing left of the
 * work; into a folder that does not exist, an error and no file. */
static void
test_zip (Fixture *f, gconstpointer data)
{
  g_autofree char *a = path_in (f, "a.png"), *b = path_in (f, "b.webp");
  g_autofree char *zip_path = path_in (f, "results.zip");
  g_autofree char *nowhere = path_in (f, "missing/results.zip");
  const char *files[] = { a, b, NULL }, *names[] = { "a-cutout.png", "b-cutout.webp", NULL };
  CutoutExportOptions options;
  g_autoptr (GError) error = NULL;
  zip_t *zip;

  cutout_export_options_init (&options);
  g_assert_true (cutout_export_file (f->image, f->mask, &options, NULL, NULL, a, NULL, NULL));
  options.format = CUTOUT_FORMAT_WEBP;
  g_assert_true (cutout_export_file (f->image, f->mask, &options, NULL, NULL, b, NULL, NULL));
  g_assert_true (cutout_export_zip (zip_path, files, names, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (f->dir), ==, 3);

  zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (zip);
  g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 2);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *want = NULL;
      g_autofree char *got = NULL;
      gsize want_len;
      zip_stat_t st;
      zip_file_t *entry;

      g_assert_cmpstr (zip_get_name (zip, i, 0), ==, names[i]);
      g_assert_true (g_file_get_contents (files[i], &want, &want_len, NULL));
      g_assert_cmpint (zip_stat_index (zip, i, 0, &st), ==, 0);
      g_assert_cmpuint (st.size, ==, want_len);
      got = g_malloc (want_len);
      entry = zip_fopen_index (zip, i, 0);
      g_assert_cmpint (zip_fread (entry, got, want_len), ==, (zip_int64_t) want_len);
      zip_fclose (entry);
      g_assert_cmpmem (got, want_len, want, want_len);
    }
  zip_close (zip);

  g_assert_false (cutout_export_zip (nowhere, files, names, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, nowhere));
  g_assert_cmpuint (count_files (f->dir), ==, 3);
}

static GBytes *
make_profile_for (const char *space)
{
  return cutout_test_make_profile ("mntr", space, 400);
}

static GBytes *
make_profile (void)
{
  return make_profile_for ("RGB ");
}

/* The colour profile and the resolution go with the cutout, in each format
 * that can hold them (a mask, gray, keeps the resolution only). */
static void
test_metadata (Fixture *f, gconstpointer data)
{
  g_autoptr (CutoutMetadata) in = cutout_metadata_new ();
  CutoutExportOptions options;
  const char *const names[] = { "m.png", "m.webp", "m.jpg", "m-mask.png" };

  in->icc = make_profile ();
  in->dpi_x = 300;
  in->dpi_y = 150;
  cutout_export_options_init (&options);
  for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_MASK; format++)
    {
      g_autofree char *path = path_in (f, names[format]);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutMetadata) out = NULL;

      options.format = format;
      g_assert_true (
          cutout_export_file (f->image, f->mask, &options, in, NULL, path, NULL, &error));
      g_assert_no_error (error);
      out = cutout_metadata_read (path);
      g_test_message ("%s: profile %s, %.2f × %.2f dpi", names[format], out->icc ? "kept" : "none",
                      out->dpi_x, out->dpi_y);
      if (format == CUTOUT_FORMAT_MASK)
        g_assert_null (out->icc);
      else
        {
          g_assert_nonnull (out->icc);
          g_assert_true (g_bytes_equal (out->icc, in->icc));
        }
      /* WebP has no place for a resolution but EXIF, which Cutout does not write. */
      if (format == CUTOUT_FORMAT_WEBP)
        continue;
      g_assert_cmpfloat_with_epsilon (out->dpi_x, 300, 0.05); /* PNG: whole dots per metre */
      g_assert_cmpfloat_with_epsilon (out->dpi_y, 150, 0.05);
    }

  /* Without metadata, none is made up. */
  {
    g_autofree char *path = path_in (f, "plain.png");
    g_autoptr (CutoutMetadata) out = NULL;
    options.format = CUTOUT_FORMAT_PNG;
    g_assert_true (cutout_export_file (f->image, f->mask, &options, NULL, NULL, path, NULL, NULL));
    out = cutout_metadata_read (path);
    g_assert_null (out->icc);
    g_assert_cmpfloat (out->dpi_x, ==, 0);
  }
}

/* A batch: names that collide numbered, a file already in the folder never
 * replaced, an item that fails named and the others written; then the same
 * into a ZIP archive. */
static void
test_batch (Fixture *f, gconstpointer data)
{
  g_autofree char *dir_a = path_in (f, "a"), *dir_b = path_in (f, "b");
  g_autofree char *out = path_in (f, "out"), *zip_path = path_in (f, "all.zip");
  g_autofree char *src_a = g_build_filename (dir_a, "photo.png", NULL);
  g_autofree char *src_b = g_build_filename (dir_b, "photo.png", NULL);
  g_autofree char *gone = path_in (f, "gone.png");
  g_autofree char *existing = g_build_filename (out, "photo-cutout.png", NULL);
  g_autoptr (GPtrArray) items
      = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_export_item_free);
  g_autoptr (GBytes) mask = cutout_mask_compress (f->mask);
  g_autoptr (CutoutExportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;
  int w = f->image->width, h = f->image->height;

  g_assert_cmpint (g_mkdir (dir_a, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (dir_b, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  g_assert_true (cutout_export_png (f->image, src_a, 1, NULL, NULL));
  g_assert_true (cutout_export_png (f->image, src_b, 1, NULL, NULL));
  g_assert_true (g_file_set_contents (existing, "keep me", -1, NULL));
  g_ptr_array_add (items, cutout_export_item_new (src_a, mask, w, h));
  g_ptr_array_add (items, cutout_export_item_new (gone, mask, w, h));
  g_ptr_array_add (items, cutout_export_item_new (src_b, mask, w, h));
  cutout_export_options_init (&options);

  report = cutout_export_items (items, &options, out, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_written, ==, 2);
  g_assert_cmpstr (report->written->pdata[0], ==, "photo-cutout-2.png");
  g_assert_cmpstr (report->written->pdata[1], ==, "photo-cutout-3.png");
  g_assert_cmpuint (report->failures->len, ==, 1);
  g_assert_true (g_str_has_prefix (report->failures->pdata[0], "gone.png: "));
  {
    g_autofree char *kept = NULL;
    g_assert_true (g_file_get_contents (existing, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
  }
  g_clear_pointer (&report, cutout_export_report_free);

  options.format = CUTOUT_FORMAT_JPEG;
  report = cutout_export_items (items, &options, zip_path, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->n_written, ==, 2);
  {
    zip_t *zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    g_assert_nonnull (zip);
    g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 2);
    g_assert_cmpstr (zip_get_name (zip, 0, 0), ==, "photo-cutout.jpg");
    g_assert_cmpstr (zip_get_name (zip, 1, 0), ==, "photo-cutout-2.jpg");
    zip_close (zip);
  }
  /* Only the archive and the folders: the work is cleared away. */
  g_assert_cmpuint (count_files (f->dir), ==, 4);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *p
          = g_build_filename (out, i ? "photo-cutout-3.png" : "photo-cutout-2.png", NULL);
      g_unlink (p);
    }
  g_unlink (existing);
  g_unlink (src_a);
  g_unlink (src_b);
  g_rmdir (dir_a);
  g_rmdir (dir_b);
  g_rmdir (out);
}

/* A gray or CMYK photo's profile does not fit the RGB result: it is left
 * out (libpng would refuse the whole file), the resolution kept. */
static void
test_non_rgb_profile (Fixture *f, gconstpointer data)
{
  const char *const spaces[] = { "GRAY", "CMYK" };
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (spaces); i++)
    for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_JPEG; format++)
      {
        g_autoptr (CutoutMetadata) in = cutout_metadata_new ();
        g_autoptr (CutoutMetadata) out = NULL;
        g_autofree char *name = g_strdup_printf ("p%u.%s", i, cutout_format_get_extension (format));
        g_autofree char *path = path_in (f, name);
        g_autoptr (GError) error = NULL;

        in->icc = make_profile_for (spaces[i]);
        in->dpi_x = in->dpi_y = 72;
        options.format = format;
        g_assert_true (
            cutout_export_file (f->image, f->mask, &options, in, NULL, path, NULL, &error));
        g_assert_no_error (error);
        out = cutout_metadata_read (path);
        g_assert_null (out->icc);
        if (format != CUTOUT_FORMAT_WEBP)
          g_assert_cmpfloat_with_epsilon (out->dpi_x, 72, 0.05);
      }
}

/* Photos often carry HP's 1998 sRGB profile, which libpng knows (by its
 * length, intent and checksums) and calls "known incorrect": it refused to
 * write it, failing the whole export. The PNG is now written, with the
 * profile as it is, as other programs use it. The profile is forged to have
 * the same checksums, for want of the real one in the tree. */
static void
test_known_incorrect_srgb (Fixture *f, gconstpointer data)
{
  /* libpng's png_sRGB_checks: length, intent, Adler-32, CRC-32. */
  const guint32 known[2][4]
      = { { 3144, 0, 0xf784f3fb, 0x182ea552 }, { 3144, 1, 0x0398f3fc, 0xf29e526d } };
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr (CutoutMetadata) in = cutout_metadata_new ();
      g_autoptr (CutoutMetadata) out = NULL;
      g_autofree char *name = g_strdup_printf ("hp-%u.png", i);
      g_autofree char *path = path_in (f, name);
      g_autoptr (GError) error = NULL;

      in->icc = cutout_test_forge_profile (known[i][0], known[i][1], known[i][2], known[i][3]);
      g_assert_true (
          cutout_export_file (f->image, f->mask, &options, in, NULL, path, NULL, &error));
      g_assert_no_error (error);
      out = cutout_metadata_read (path);
      g_assert_nonnull (out->icc);
      g_assert_true (g_bytes_equal (out->icc, in->icc));
    }
}

/* Profiles that are malformed (cut short, a wrong length, a tag outside
 * the profile) or that libpng refuses to write (an abstract profile) never
 * fail an export: the file is written without them. */
static void
test_broken_profile (Fixture *f, gconstpointer data)
{
  g_autoptr (GBytes) sound = cutout_test_make_profile ("mntr", "RGB ", 400);
  const guint8 *bytes = g_bytes_get_data (sound, NULL);
  guint8 *long_field = g_memdup2 (bytes, 400), *far_tag = g_memdup2 (bytes, 400);
  GBytes *cases[4];
  CutoutExportOptions options;

  long_field[2] = 2;  /* says 656 bytes */
  far_tag[139] = 200; /* the text tag from 200, past the end */
  cases[0] = g_bytes_new_from_bytes (sound, 0, 300);
  cases[1] = g_bytes_new_take (long_field, 400);
  cases[2] = g_bytes_new_take (far_tag, 400);
  cases[3] = cutout_test_make_profile ("abst", "RGB ", 400);
  cutout_export_options_init (&options);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (CutoutFormat format = CUTOUT_FORMAT_PNG; format <= CUTOUT_FORMAT_JPEG; format++)
      {
        g_autoptr (CutoutMetadata) in = cutout_metadata_new ();
        g_autofree char *name = g_strdup_printf ("b%u.%s", i, cutout_format_get_extension (format));
        g_autofree char *path = path_in (f, name);
        g_autoptr (GError) error = NULL;
        g_autoptr (CutoutImage) back = NULL;
        g_autoptr (CutoutMetadata) out = NULL;
        gsize size;
        const guint8 *data_in = g_bytes_get_data (cases[i], &size);

        in->icc = g_bytes_ref (cases[i]);
        options.format = format;
        g_assert_true (
            cutout_export_file (f->image, f->mask, &options, in, NULL, path, NULL, &error));
        g_assert_no_error (error);
        back = cutout_decode_file (path, &error);
        g_assert_no_error (error);
        out = cutout_metadata_read (path);
        g_test_message ("case %u, %s: profile %s", i, name, out->icc ? "kept" : "left out");
        /* PNG leaves out all four; JPEG and WebP hold any bytes, and what
         * reads them back leaves out the malformed three. */
        if (format == CUTOUT_FORMAT_PNG || i < 3)
          g_assert_null (out->icc);
        else
          g_assert_true (out->icc != NULL && g_bytes_get_size (out->icc) == size
                         && memcmp (g_bytes_get_data (out->icc, NULL), data_in, size) == 0);
      }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_bytes_unref (cases[i]);
}

/* Member names that are not UTF-8 are stored as shown, two that become
 * the same are told apart, and a cancelled archive leaves nothing. */
static void
test_zip_names_and_cancel (Fixture *f, gconstpointer data)
{
  g_autofree char *a = path_in (f, "a.png");
  g_autofree char *zip_path = path_in (f, "names.zip");
  /* Latin-1 é, and a lone byte that is no character at all */
  const char *files[] = { a, a, a, a, NULL };
  const char *names[]
      = { "caf\xe9-cutout.png", "caf\xff-cutout.png", "plain.png", "plain.png", NULL };
  const char *want[] = { "caf\xef\xbf\xbd-cutout.png", "caf\xef\xbf\xbd-cutout-2.png", "plain.png",
                         "plain-2.png" };
  CutoutExportOptions options;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  zip_t *zip;

  cutout_export_options_init (&options);
  g_assert_true (cutout_export_file (f->image, f->mask, &options, NULL, NULL, a, NULL, NULL));
  g_assert_true (cutout_export_zip (zip_path, files, names, NULL, &error));
  g_assert_no_error (error);
  zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (zip);
  g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 4);
  for (int i = 0; i < 4; i++)
    g_assert_cmpstr (zip_get_name (zip, i, ZIP_FL_ENC_RAW), ==, want[i]);
  zip_close (zip);
  g_remove (zip_path);

  g_cancellable_cancel (cancellable);
  g_assert_false (cutout_export_zip (zip_path, files, names, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

/* Results' names: NAME-SUFFIX.EXT, numbered from 2; a name too long to
 * take the suffix is shortened to fit 255 bytes, never inside a
 * character. */
static void
test_output_names (void)
{
  g_autofree char *long_ascii = g_strnfill (300, 'a');
  g_autofree char *long_path = g_strconcat ("/x/", long_ascii, ".jpg", NULL);
  g_autoptr (GString) chinese = g_string_new ("/x/");
  g_autofree char *name = NULL;

  name = cutout_output_name ("/photos/IMG_1.JPG", "cutout", "png", 0);
  g_assert_cmpstr (name, ==, "IMG_1-cutout.png");
  g_clear_pointer (&name, g_free);
  name = cutout_output_name ("/photos/IMG_1.JPG", "mask", "png", 2);
  g_assert_cmpstr (name, ==, "IMG_1-mask-2.png");
  g_clear_pointer (&name, g_free);
  name = cutout_output_name (".hidden", "cutout", "webp", 1);
  g_assert_cmpstr (name, ==, ".hidden-cutout.webp");
  g_clear_pointer (&name, g_free);

  name = cutout_output_name (long_path, "cutout", "png", 12);
  g_assert_cmpuint (strlen (name), ==, 255);
  g_assert_true (g_str_has_suffix (name, "aaa-cutout-12.png"));
  g_clear_pointer (&name, g_free);
  for (int i = 0; i < 84; i++) /* 252 bytes */
    g_string_append (chinese, "图");
  g_string_append (chinese, ".png");
  name = cutout_output_name (chinese->str, "cutout", "png", 0);
  g_assert_cmpuint (strlen (name), <=, 255);
  g_assert_true (g_utf8_validate (name, -1, NULL));
  /* 244 bytes are left for the name: 81 whole characters. */
  g_assert_cmpuint (g_utf8_strlen (name, -1), ==, 81 + strlen ("-cutout.png"));
  g_clear_pointer (&name, g_free);
}

/* A ZIP named like one of the photos is refused, and the photo kept. */
static void
test_zip_over_input (Fixture *f, gconstpointer data)
{
  g_autofree char *src = path_in (f, "photo.png");
  g_autoptr (GPtrArray) items
      = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_export_item_free);
  g_autoptr (GBytes) mask = cutout_mask_compress (f->mask);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  CutoutExportOptions options;

  g_assert_true (cutout_export_png (f->image, src, 1, NULL, NULL));
  g_assert_true (g_file_get_contents (src, &before, &before_len, NULL));
  g_ptr_array_add (items, cutout_export_item_new (src, mask, f->image->width, f->image->height));
  cutout_export_options_init (&options);
  g_assert_null (cutout_export_items (items, &options, src, TRUE, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_assert_true (g_file_get_contents (src, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);
  g_assert_cmpuint (count_files (f->dir), ==, 1);
}

/* Inside the Flatpak sandbox, the save dialog's portal lets the app write
 * the one file chosen and nothing else beside it (sandbox-preload plays
 * it here). A cutout is written at exactly the name chosen, even one
 * without an extension; a ZIP is made with no work folder beside it; a
 * second file there is refused; and nothing but what was chosen is left. */
static void
test_sandboxed (Fixture *f, gconstpointer data)
{
  g_autofree char *src = path_in (f, "photo.png");
  g_autofree char *plain = path_in (f, "plain");
  g_autofree char *zip_path = path_in (f, "all.zip");
  g_autofree char *other = path_in (f, "other.png");
  g_autoptr (GPtrArray) items
      = g_ptr_array_new_with_free_func ((GDestroyNotify) cutout_export_item_free);
  g_autoptr (GBytes) mask = cutout_mask_compress (f->mask);
  g_autoptr (CutoutExportReport) report = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) back = NULL;
  CutoutExportOptions options;

  g_assert_true (cutout_export_png (f->image, src, 1, NULL, NULL));
  g_ptr_array_add (items, cutout_export_item_new (src, mask, f->image->width, f->image->height));
  cutout_export_options_init (&options);
  if (!cutout_test_sandbox_guard (plain))
    {
      g_test_skip ("sandbox-preload is not loaded");
      return;
    }

  /* The name as typed, no extension added. */
  g_assert_true (cutout_export_item (items->pdata[0], &options, plain, NULL, &error));
  g_assert_no_error (error);
  back = cutout_decode_file (plain, &error);
  g_assert_no_error (error);
  assert_exact_cutout (f, back);
  /* And written again over it, as the portal allows. */
  g_assert_true (cutout_export_item (items->pdata[0], &options, plain, NULL, &error));
  g_assert_no_error (error);
  /* Any other name there is refused: the guard holds. */
  g_assert_false (cutout_export_item (items->pdata[0], &options, other, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_clear_error (&error);

  /* The archive: its images are prepared elsewhere. */
  g_assert_true (cutout_test_sandbox_guard (zip_path));
  options.format = CUTOUT_FORMAT_WEBP;
  report = cutout_export_items (items, &options, zip_path, TRUE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->n_written, ==, 1);
  {
    zip_t *zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    g_assert_nonnull (zip);
    g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 1);
    g_assert_cmpstr (zip_get_name (zip, 0, 0), ==, "photo-cutout.webp");
    zip_close (zip);
  }
  g_assert_true (cutout_test_sandbox_guard (NULL));
  /* The photo, the cutout and the archive: nothing else. */
  g_assert_cmpuint (count_files (f->dir), ==, 3);
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* With clean colours, see-through pixels get the subject's colour rather
 * than the old background's: a flat orange subject over green, with a
 * ramp of alpha, written with and without. */
static void
test_clean_colours (Fixture *f, gconstpointer data)
{
  const guint8 subject[3] = { 230, 120, 30 }, green[3] = { 20, 200, 40 };
  int w = 120, h = 40;
  g_autoptr (CutoutImage) photo = cutout_image_new (w, h, 4);
  g_autoptr (CutoutImage) alpha = cutout_image_new (w, h, 1);
  double error[2] = { 0, 0 };
  CutoutExportOptions options;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 a = (guint8) CLAMP ((x - 20) * 255 / 80, 0, 255);
        guint8 *p = cutout_image_row (photo, y) + x * 4;
        for (int c = 0; c < 3; c++)
          p[c] = (guint8) ((subject[c] * a + green[c] * (255 - a) + 127) / 255);
        p[3] = 255;
        cutout_image_row (alpha, y)[x] = a;
      }
  cutout_export_options_init (&options);
  for (int clean = 0; clean < 2; clean++)
    {
      g_autofree char *path = path_in (f, clean ? "clean.png" : "plain.png");
      g_autoptr (CutoutImage) back = NULL;
      options.clean_colours = clean;
      g_assert_true (cutout_export_file (photo, alpha, &options, NULL, NULL, path, NULL, NULL));
      back = cutout_decode_file (path, NULL);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            const guint8 *p = cutout_image_row (back, y) + x * 4;
            guint8 a = cutout_image_row (alpha, y)[x];
            g_assert_cmpuint (p[3], ==, a); /* the alpha is the mask's either way */
            if (a > 25 && a < 230)
              for (int c = 0; c < 3; c++)
                error[clean] += a / 255.0 * ABS (p[c] - subject[c]);
          }
    }
  g_test_message ("colour error of see-through pixels: %.0f plain, %.0f clean", error[0], error[1]);
  g_assert_cmpfloat (error[1], <, 0.25 * error[0]);
}

/* The cutout as the preview, copies and drags show it: the photo with the
 * mask as alpha; with clean colours, see-through pixels take the subject's
 * colour (red here) rather than the old background's (green), and opaque
 * and clear pixels are as the plain one. */
static void
test_compose_cutout (void)
{
  g_autoptr (CutoutImage) image = cutout_image_new (64, 8, 4);
  g_autoptr (CutoutImage) mask = cutout_image_new (64, 8, 1);
  g_autoptr (CutoutImage) plain = NULL, clean = NULL;

  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 64; x++)
      {
        guint8 *p = cutout_image_row (image, y) + x * 4;
        guint8 a = x < 24 ? 255 : x < 40 ? (guint8) (255 - (x - 23) * 15) : 0;
        /* A red subject fading over green: I = aF + (1 - a)B. */
        p[0] = (guint8) (a * 200 / 255), p[1] = (guint8) ((255 - a) * 180 / 255), p[2] = 0;
        p[3] = 255;
        cutout_image_row (mask, y)[x] = a;
      }
  plain = cutout_compose_cutout (image, mask, FALSE);
  clean = cutout_compose_cutout (image, mask, TRUE);
  for (int x = 0; x < 64; x++)
    {
      const guint8 *pp = cutout_image_row (plain, 4) + x * 4,
                   *cp = cutout_image_row (clean, 4) + x * 4;
      guint8 a = cutout_image_row (mask, 4)[x];
      g_assert_cmpuint (pp[3], ==, a);
      g_assert_cmpuint (cp[3], ==, a);
      if (a == 255)
        g_assert_cmpmem (pp, 4, cp, 4);
      else if (a > 30 && a < 200)
        {
          /* The old green is gone from the clean edge, not from the plain one. */
          g_assert_cmpuint (pp[1], >, 20);
          g_assert_cmpuint (cp[1], <, pp[1] / 2);
          g_assert_cmpuint (cp[0], >, 150);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn)                                                                              \
  g_test_add ("/export/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("png", test_png);
  ADD ("png-incompressible", test_png_incompressible);
  ADD ("webp-lossless", test_webp_lossless);
  ADD ("webp-lossy", test_webp_lossy);
  ADD ("jpeg", test_jpeg);
  ADD ("mask", test_mask);
  ADD ("never-overwrites-source", test_never_overwrites_source);
  ADD ("read-only-folder", test_read_only_folder);
  ADD ("fails-midway", test_fails_midway);
  ADD ("zip", test_zip);
  ADD ("metadata", test_metadata);
  ADD ("batch", test_batch);
  ADD ("non-rgb-profile", test_non_rgb_profile);
  ADD ("known-incorrect-srgb-profile", test_known_incorrect_srgb);
  ADD ("broken-profile", test_broken_profile);
  ADD ("zip-over-input", test_zip_over_input);
  ADD ("zip-names-and-cancel", test_zip_names_and_cancel);
  ADD ("clean-colours", test_clean_colours);
  ADD ("sandboxed", test_sandboxed);
#undef ADD
  g_test_add_func ("/export/names", test_names);
  g_test_add_func ("/export/compose-cutout", test_compose_cutout);
  g_test_add_func ("/export/output-names", test_output_names);
  return g_test_run ();
}
