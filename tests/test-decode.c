/* test-decode.c: every format, EXIF orientations and bad input
 *
 * The fixtures are made here with the encoders themselves, so nothing binary
 * is committed.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <webp/encode.h>
#include <zlib.h>

#include "cutout-decode.h"

/* A 64×32 test card: four 16-px-aligned blocks of distinct colours per row
 * pair, so that orientation and JPEG's 8×8/16×16 blocks never mix them. */
#define CARD_W 64
#define CARD_H 32

static const guint8 card_colours[2][4][3] = {
  { { 220, 30, 30 }, { 30, 200, 40 }, { 40, 60, 220 }, { 230, 220, 40 } },
  { { 240, 240, 240 }, { 20, 20, 20 }, { 200, 40, 200 }, { 40, 210, 210 } },
};

static const guint8 *
card_colour_at (int x, int y)
{
  return card_colours[y / 16][x / 16];
}

/* The card as stored in a file whose EXIF orientation is @o: the transform
 * that the orientation undoes. Display pixel (dx, dy) of the upright card is
 * found at stored pixel (sx, sy). Defined here by where each corner of the
 * stored picture must be displayed (EXIF 2.3, tag 0x0112), not by the
 * decoder's table: see expected_corners(). */
static guint8 *
make_stored_card (int o, int *sw, int *sh)
{
  gboolean swap = o >= 5;
  guint8 *rgb;

  *sw = swap ? CARD_H : CARD_W;
  *sh = swap ? CARD_W : CARD_H;
  rgb = g_malloc ((gsize) *sw * *sh * 3);
  for (int sy = 0; sy < *sh; sy++)
    for (int sx = 0; sx < *sw; sx++)
      {
        int dx = 0, dy = 0;
        switch (o)
          {
            case 1:
              dx = sx, dy = sy;
              break;
            case 2:
              dx = CARD_W - 1 - sx, dy = sy;
              break;
            case 3:
              dx = CARD_W - 1 - sx, dy = CARD_H - 1 - sy;
              break;
            case 4:
              dx = sx, dy = CARD_H - 1 - sy;
              break;
            case 5:
              dx = sy, dy = sx;
              break;
            case 6:
              dx = CARD_W - 1 - sy, dy = sx;
              break;
            case 7:
              dx = CARD_W - 1 - sy, dy = CARD_H - 1 - sx;
              break;
            case 8:
              dx = sy, dy = CARD_H - 1 - sx;
              break;
          }
        memcpy (rgb + ((gsize) sy * *sw + sx) * 3, card_colour_at (dx, dy), 3);
      }
  return rgb;
}

/* EXIF block with one IFD0 entry: Orientation = @o. */
static GBytes *
make_exif (int o, gboolean big_endian)
{
  guint8 b[6 + 8 + 2 + 12 + 4] = "Exif\0\0";
  guint8 *t = b + 6;

  if (big_endian)
    {
      memcpy (t, "MM\0*\0\0\0\x08", 8);
      memcpy (t + 8,
              "\0\x01"
              "\x01\x12"
              "\0\x03"
              "\0\0\0\x01",
              10);
      t[18] = 0, t[19] = o, t[20] = 0, t[21] = 0;
    }
  else
    {
      memcpy (t, "II*\0\x08\0\0\0", 8);
      memcpy (t + 8,
              "\x01\0"
              "\x12\x01"
              "\x03\0"
              "\x01\0\0\0",
              10);
      t[18] = o, t[19] = 0, t[20] = 0, t[21] = 0;
    }
  return g_bytes_new (b, sizeof b);
}

typedef enum
{
  JPEG_RGB,
  JPEG_GRAY,
  JPEG_CMYK,
  JPEG_PROGRESSIVE,
} JpegKind;

static GBytes *
encode_jpeg (const guint8 *rgb, int w, int h, JpegKind kind, GBytes *exif)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  unsigned char *out = NULL;
  unsigned long size = 0;
  g_autofree guint8 *row = g_malloc ((gsize) w * 4);

  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &out, &size);
  c.image_width = w;
  c.image_height = h;
  c.input_components = kind == JPEG_GRAY ? 1 : kind == JPEG_CMYK ? 4 : 3;
  c.in_color_space = kind == JPEG_GRAY ? JCS_GRAYSCALE : kind == JPEG_CMYK ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 98, TRUE);
  if (kind == JPEG_PROGRESSIVE)
    jpeg_simple_progression (&c);
  jpeg_start_compress (&c, TRUE);
  if (exif != NULL)
    jpeg_write_marker (&c, JPEG_APP0 + 1, g_bytes_get_data (exif, NULL), g_bytes_get_size (exif));
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = rgb + (gsize) y * w * 3;
      for (int x = 0; x < w; x++)
        {
          if (kind == JPEG_GRAY)
            row[x] = s[x * 3 + 1];
          else if (kind == JPEG_CMYK)
            {
              /* libjpeg marks CMYK files as Adobe's, whose values are
               * 255 - ink: with no black ink, C = 255 - R is stored as R. */
              memcpy (row + x * 4, s + x * 3, 3);
              row[x * 4 + 3] = 255;
            }
          else
            memcpy (row + x * 3, s + x * 3, 3);
        }
      jpeg_write_scanlines (&c, (JSAMPROW *) &row, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  return g_bytes_new_take (out, size);
}

static void
assert_colour_near (const CutoutImage *img, int x, int y, const guint8 *want, int tol)
{
  const guint8 *p = cutout_image_row (img, y) + x * 4;
  for (int c = 0; c < 3; c++)
    if (ABS (p[c] - want[c]) > tol)
      g_error ("pixel (%d,%d) is %d,%d,%d; expected about %d,%d,%d", x, y, p[0], p[1], p[2],
               want[0], want[1], want[2]);
  g_assert_cmpint (p[3], ==, 255);
}

/* Every block centre of the upright card has its colour. */
static void
assert_is_card (const CutoutImage *img, int tol)
{
  g_assert_cmpint (img->width, ==, CARD_W);
  g_assert_cmpint (img->height, ==, CARD_H);
  g_assert_cmpint (img->n_channels, ==, 4);
  for (int by = 0; by < 2; by++)
    for (int bx = 0; bx < 4; bx++)
      assert_colour_near (img, bx * 16 + 8, by * 16 + 8, card_colours[by][bx], tol);
}

static CutoutImage *
decode_bytes (GBytes *bytes, GError **error)
{
  return cutout_decode_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static void
test_jpeg_orientations (void)
{
  for (int o = 1; o <= 8; o++)
    for (int be = 0; be <= 1; be++)
      {
        g_autoptr (GError) error = NULL;
        int sw, sh;
        g_autofree guint8 *stored = make_stored_card (o, &sw, &sh);
        g_autoptr (GBytes) exif = make_exif (o, be);
        g_autoptr (GBytes) jpeg = encode_jpeg (stored, sw, sh, JPEG_RGB, exif);
        g_autoptr (CutoutImage) img = decode_bytes (jpeg, &error);

        g_test_message ("orientation %d, %s-endian EXIF", o, be ? "big" : "little");
        g_assert_no_error (error);
        assert_is_card (img, 12);
      }
}

/* The corner table above and the decoder must agree with an independent
 * implementation: gdk-pixbuf's own reading of the same files. */
static void
test_jpeg_orientation_matches_gdk_pixbuf (void)
{
  for (int o = 1; o <= 8; o++)
    {
      int sw, sh;
      g_autofree guint8 *stored = make_stored_card (o, &sw, &sh);
      g_autoptr (GBytes) exif = make_exif (o, FALSE);
      g_autoptr (GBytes) jpeg = encode_jpeg (stored, sw, sh, JPEG_RGB, exif);
      g_autoptr (GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
      g_autoptr (GdkPixbuf) upright = NULL;

      g_assert_true (gdk_pixbuf_loader_write_bytes (loader, jpeg, NULL));
      g_assert_true (gdk_pixbuf_loader_close (loader, NULL));
      upright = gdk_pixbuf_apply_embedded_orientation (gdk_pixbuf_loader_get_pixbuf (loader));
      g_assert_cmpint (gdk_pixbuf_get_width (upright), ==, CARD_W);
      g_assert_cmpint (gdk_pixbuf_get_height (upright), ==, CARD_H);
      for (int by = 0; by < 2; by++)
        for (int bx = 0; bx < 4; bx++)
          {
            const guint8 *p = gdk_pixbuf_read_pixels (upright)
                              + (by * 16 + 8) * gdk_pixbuf_get_rowstride (upright)
                              + (bx * 16 + 8) * gdk_pixbuf_get_n_channels (upright);
            for (int c = 0; c < 3; c++)
              g_assert_cmpint (ABS (p[c] - card_colours[by][bx][c]), <=, 12);
          }
    }
}

static void
test_jpeg_kinds (void)
{
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (1, &sw, &sh);

  for (JpegKind kind = JPEG_RGB; kind <= JPEG_PROGRESSIVE; kind++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) jpeg = encode_jpeg (card, sw, sh, kind, NULL);
      g_autoptr (CutoutImage) img = decode_bytes (jpeg, &error);

      g_assert_no_error (error);
      if (kind == JPEG_GRAY)
        {
          /* Gray becomes R = G = B = the gray value (the card's green). */
          const guint8 *p = cutout_image_row (img, 8) + 8 * 4;
          g_assert_cmpint (ABS (p[0] - card_colours[0][0][1]), <=, 6);
          g_assert_cmpint (p[0], ==, p[1]);
          g_assert_cmpint (p[1], ==, p[2]);
        }
      else
        assert_is_card (img, 12);
    }
}

/* PNG ------------------------------------------------------------------------ */

typedef struct
{
  int color_type;
  int bit_depth;
  gboolean trns;
} PngKind;

static void
png_mem_write (png_structp png, png_bytep data, png_size_t n)
{
  g_byte_array_append (png_get_io_ptr (png), data, n);
}

static void
png_mem_flush (png_structp png)
{
}

/* The card as a PNG of the given kind. The palette has the eight card colours;
 * with trns, the second (green) is fully transparent, in every kind. */
static GBytes *
encode_png (PngKind kind)
{
  GByteArray *out = g_byte_array_new ();
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  int bpp = kind.bit_depth / 8 ? kind.bit_depth / 8 : 1;
  int channels = kind.color_type == PNG_COLOR_TYPE_RGB          ? 3
                 : kind.color_type == PNG_COLOR_TYPE_RGBA       ? 4
                 : kind.color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2
                                                                : 1;
  g_autofree guint8 *row = g_malloc0 ((gsize) CARD_W * channels * bpp);
  png_color palette[8];

  png_set_write_fn (png, out, png_mem_write, png_mem_flush);
  png_set_IHDR (png, info, CARD_W, CARD_H, kind.bit_depth, kind.color_type, PNG_INTERLACE_ADAM7,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (kind.color_type == PNG_COLOR_TYPE_PALETTE)
    {
      for (int i = 0; i < 8; i++)
        {
          const guint8 *c = card_colours[i / 4][i % 4];
          palette[i].red = c[0], palette[i].green = c[1], palette[i].blue = c[2];
        }
      png_set_PLTE (png, info, palette, 8);
    }
  if (kind.trns)
    {
      png_byte alpha[8] = { 255, 0, 255, 255, 255, 255, 255, 255 };
      png_color_16 key = { 0 };
      const guint8 *green = card_colours[0][1];
      key.red = green[0] * (kind.bit_depth == 16 ? 257 : 1);
      key.green = green[1] * (kind.bit_depth == 16 ? 257 : 1);
      key.blue = green[2] * (kind.bit_depth == 16 ? 257 : 1);
      key.gray = key.green;
      png_set_tRNS (png, info, alpha, 8, &key);
    }
  png_write_info (png, info);
  png_set_swap (png); /* we build 16-bit samples little-endian below */
  {
    int passes = png_set_interlace_handling (png);
    for (int pass = 0; pass < passes; pass++)
      for (int y = 0; y < CARD_H; y++)
        {
          for (int x = 0; x < CARD_W; x++)
            {
              const guint8 *c = card_colour_at (x, y);
              guint16 v[4] = { c[0], c[1], c[2], x >= 32 ? 128 : 255 };
              int idx = (y / 16) * 4 + x / 16;
              if (kind.color_type == PNG_COLOR_TYPE_PALETTE)
                row[x] = idx;
              else if (kind.color_type == PNG_COLOR_TYPE_GRAY
                       || kind.color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
                v[0] = c[1], v[1] = v[3];
              for (int ch = 0; ch < channels && kind.color_type != PNG_COLOR_TYPE_PALETTE; ch++)
                {
                  guint16 s = kind.bit_depth == 16 ? v[ch] * 257 : v[ch];
                  guint8 *d = row + ((gsize) x * channels + ch) * bpp;
                  d[0] = s & 0xff;
                  if (bpp == 2)
                    d[1] = s >> 8;
                }
            }
          png_write_row (png, row);
        }
  }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return g_byte_array_free_to_bytes (out);
}

static void
test_png_kinds (void)
{
  const PngKind kinds[] = {
    { PNG_COLOR_TYPE_RGB, 8, FALSE },        { PNG_COLOR_TYPE_RGB, 16, FALSE },
    { PNG_COLOR_TYPE_RGBA, 8, FALSE },       { PNG_COLOR_TYPE_RGBA, 16, FALSE },
    { PNG_COLOR_TYPE_GRAY, 8, FALSE },       { PNG_COLOR_TYPE_GRAY, 16, FALSE },
    { PNG_COLOR_TYPE_GRAY_ALPHA, 8, FALSE }, { PNG_COLOR_TYPE_GRAY_ALPHA, 16, FALSE },
    { PNG_COLOR_TYPE_PALETTE, 8, FALSE },    { PNG_COLOR_TYPE_PALETTE, 8, TRUE },
    { PNG_COLOR_TYPE_RGB, 8, TRUE },         { PNG_COLOR_TYPE_RGB, 16, TRUE },
    { PNG_COLOR_TYPE_GRAY, 8, TRUE },
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GBytes) bytes = encode_png (kinds[k]);
      g_autoptr (CutoutImage) img = decode_bytes (bytes, &error);
      gboolean gray = kinds[k].color_type == PNG_COLOR_TYPE_GRAY
                      || kinds[k].color_type == PNG_COLOR_TYPE_GRAY_ALPHA;
      gboolean has_alpha = kinds[k].color_type & PNG_COLOR_MASK_ALPHA;

      g_test_message ("PNG colour type %d, %d bits, tRNS %d", kinds[k].color_type,
                      kinds[k].bit_depth, kinds[k].trns);
      g_assert_no_error (error);
      g_assert_cmpint (img->width, ==, CARD_W);
      g_assert_cmpint (img->height, ==, CARD_H);
      for (int by = 0; by < 2; by++)
        for (int bx = 0; bx < 4; bx++)
          {
            const guint8 *want = card_colours[by][bx];
            const guint8 *p = cutout_image_row (img, by * 16 + 8) + (bx * 16 + 8) * 4;
            int alpha = has_alpha && bx >= 2 ? 128 : 255;
            /* tRNS makes the green block (and in gray, every pixel of its gray level) clear */
            gboolean keyed
                = kinds[k].trns && (gray ? want[1] == card_colours[0][1][1] : (by == 0 && bx == 1));
            for (int c = 0; c < 3; c++)
              g_assert_cmpint (p[c], ==, gray ? want[1] : want[c]);
            g_assert_cmpint (p[3], ==, keyed ? 0 : alpha);
          }
    }
}

/* WebP, BMP, TIFF ------------------------------------------------------------ */

static void
test_webp (void)
{
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (1, &sw, &sh);
  g_autofree guint8 *rgba = g_malloc ((gsize) sw * sh * 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = NULL;
  guint8 *out = NULL;
  size_t size;

  for (int i = 0; i < sw * sh; i++)
    {
      memcpy (rgba + i * 4, card + i * 3, 3);
      rgba[i * 4 + 3] = (i % sw) < 32 ? 255 : 77;
    }
  size = WebPEncodeLosslessRGBA (rgba, sw, sh, sw * 4, &out);
  g_assert_cmpuint (size, >, 0);
  img = cutout_decode_data (out, size, &error);
  WebPFree (out);
  g_assert_no_error (error);
  g_assert_cmpint (img->width, ==, CARD_W);
  g_assert_cmpmem (img->pixels, (gsize) sw * sh * 4, rgba, (gsize) sw * sh * 4);
}

static void
test_pixbuf_formats (void)
{
  const char *formats[] = { "bmp", "tiff" };
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (1, &sw, &sh);
  g_autoptr (GdkPixbuf) pixbuf
      = gdk_pixbuf_new_from_data (card, GDK_COLORSPACE_RGB, FALSE, 8, sw, sh, sw * 3, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *buf = NULL;
      gsize size = 0;
      g_autoptr (CutoutImage) img = NULL;

      g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &size, formats[i], &error, NULL));
      img = cutout_decode_data ((guint8 *) buf, size, &error);
      g_assert_no_error (error);
      assert_is_card (img, 0);
    }
}

/* Bad input ------------------------------------------------------------------ */

static void
assert_decode_fails (const guint8 *data, gsize size, GQuark domain, int code)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = cutout_decode_data (data, size, &error);

  g_assert_null (img);
  g_assert_error (error, domain, code);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s", error->message);
}

static void
test_empty_and_not_an_image (void)
{
  const char *text = "This is a text file that someone named photo.jpg.\n";

  assert_decode_fails ((const guint8 *) "", 0, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_EMPTY);
  assert_decode_fails ((const guint8 *) text, strlen (text), CUTOUT_DECODE_ERROR,
                       CUTOUT_DECODE_ERROR_UNSUPPORTED);
}

static void
test_truncated (void)
{
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (1, &sw, &sh);
  g_autoptr (GBytes) jpeg = encode_jpeg (card, sw, sh, JPEG_RGB, NULL);
  PngKind kind = { PNG_COLOR_TYPE_RGB, 8, FALSE };
  g_autoptr (GBytes) png = encode_png (kind);
  GBytes *files[] = { jpeg, png };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      gsize size = g_bytes_get_size (files[f]);
      const guint8 *data = g_bytes_get_data (files[f], NULL);
      /* Cut inside the header, at the start of the data, and near the end. */
      gsize cuts[] = { 20, size / 3, size / 2, size - 30 };
      for (guint c = 0; c < G_N_ELEMENTS (cuts); c++)
        assert_decode_fails (data, cuts[c], CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
    }
}

static void
put_be32 (guint8 *p, guint32 v)
{
  p[0] = v >> 24, p[1] = v >> 16, p[2] = v >> 8, p[3] = v;
}

/* A PNG that declares 20000 × 20000 pixels (1.6 GB of RGBA): refused as too
 * large before anything is allocated. */
static void
test_png_bomb (void)
{
  guint8 png[8 + 25] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 20000);
  put_be32 (ihdr + 12, 20000);
  ihdr[16] = 8, ihdr[17] = 2, ihdr[18] = 0, ihdr[19] = 0, ihdr[20] = 0;
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  assert_decode_fails (png, sizeof png, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
}

static void
test_jpeg_bomb (void)
{
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (1, &sw, &sh);
  g_autoptr (GBytes) jpeg = encode_jpeg (card, sw, sh, JPEG_RGB, NULL);
  gsize size = g_bytes_get_size (jpeg);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, NULL), size);

  /* Rewrite the frame header (SOF0) to say 60000 × 60000. */
  for (gsize i = 2; i + 9 < size; i++)
    if (data[i] == 0xff && data[i + 1] == 0xc0)
      {
        data[i + 5] = 60000 >> 8, data[i + 6] = 60000 & 0xff;
        data[i + 7] = 60000 >> 8, data[i + 8] = 60000 & 0xff;
        break;
      }
  assert_decode_fails (data, size, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
}

/* A photo decoded for the model only is decoded small (JPEG's DCT scaling),
 * upright, never smaller than asked, and its full size is reported. */
static void
test_jpeg_reduced (void)
{
  const int k = 10; /* the card enlarged ten times: 640 × 320 upright */
  int sw, sh;
  g_autofree guint8 *card = make_stored_card (6, &sw, &sh);
  g_autofree guint8 *big = g_malloc ((gsize) sw * k * sh * k * 3);
  g_autoptr (GBytes) exif = make_exif (6, FALSE);
  g_autoptr (GBytes) jpeg = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.jpg", NULL);
  const struct
  {
    int min_side, width, height;
  } cases[] = {
    { 100, 240, 120 }, /* 3/8: the smallest with both sides ≥ 100 */
    { 150, 320, 160 }, /* 4/8: 3/8 would make the short side 120 */
    { 320, 640, 320 }, /* full size */
    { 5000, 640, 320 }, { 0, 640, 320 },
  };

  for (int y = 0; y < sh * k; y++)
    for (int x = 0; x < sw * k; x++)
      memcpy (big + ((gsize) y * sw * k + x) * 3, card + ((gsize) (y / k) * sw + x / k) * 3, 3);
  jpeg = encode_jpeg (big, sw * k, sh * k, JPEG_RGB, exif);
  g_assert_true (
      g_file_set_contents (path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      int fw = 0, fh = 0;
      g_autoptr (CutoutImage) img
          = cutout_decode_file_reduced (path, cases[i].min_side, &fw, &fh, &error);

      g_assert_no_error (error);
      g_assert_cmpint (fw, ==, CARD_W * k);
      g_assert_cmpint (fh, ==, CARD_H * k);
      g_assert_cmpint (img->width, ==, cases[i].width);
      g_assert_cmpint (img->height, ==, cases[i].height);
      /* Upright: the centre of each block has the card's colour there. */
      for (int by = 0; by < 2; by++)
        for (int bx = 0; bx < 4; bx++)
          assert_colour_near (img, (bx * 16 + 8) * img->width / CARD_W,
                              (by * 16 + 8) * img->height / CARD_H, card_colours[by][bx], 16);
    }
  g_unlink (path);
  g_rmdir (dir);
}

/* Other formats are decoded whole; their size is the full size. */
static void
test_reduced_other_formats (void)
{
  PngKind kind = { PNG_COLOR_TYPE_RGB, 8, FALSE };
  g_autoptr (GBytes) png = encode_png (kind);
  g_autofree char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "card.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = NULL;
  int fw = 0, fh = 0;

  g_assert_true (
      g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  img = cutout_decode_file_reduced (path, 4, &fw, &fh, &error);
  g_assert_no_error (error);
  g_assert_cmpint (img->width, ==, CARD_W);
  g_assert_cmpint (img->height, ==, CARD_H);
  g_assert_cmpint (fw, ==, CARD_W);
  g_assert_cmpint (fh, ==, CARD_H);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_missing_and_folder (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = cutout_decode_file ("/nonexistent/photo.jpg", &error);
  g_autofree char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", NULL);

  g_assert_null (img);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  img = cutout_decode_file (dir, &error);
  g_assert_null (img);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_rmdir (dir);
}

/* Just over the limit, the message must not read as if at the limit
 * ("100 megapixels; the limit is 100"): the numbers it gives differ. */
static void
test_too_large_message (void)
{
  const struct
  {
    gint64 width, height;
    const char *want, *want_grouped;
  } cases[] = {
    { 10001, 10000, "= 100010000 pixels; the limit is 100000000",
      "= 100,010,000 pixels; the limit is 100,000,000" },
    { 10000, 10001, "= 100010000 pixels", "= 100,010,000 pixels" },
    { 10050, 10000, "100.5 megapixels; the limit is 100)", NULL },
    { 20000, 20000, "400.0 megapixels", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (cutout_image_check_size (cases[i].width, cases[i].height, &error));
      g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
      g_test_message ("%s", error->message);
      /* The locale decides whether digits are grouped. */
      if (strstr (error->message, cases[i].want) == NULL
          && (cases[i].want_grouped == NULL
              || strstr (error->message, cases[i].want_grouped) == NULL))
        g_error ("“%s” does not say “%s”", error->message, cases[i].want);
    }
  /* At the limit exactly, nothing to say. */
  g_assert_true (cutout_image_check_size (10000, 10000, NULL));
}

static void
test_exif_parser_bounds (void)
{
  g_autoptr (GBytes) exif = make_exif (6, TRUE);
  gsize size = g_bytes_get_size (exif);
  const guint8 *data = g_bytes_get_data (exif, NULL);

  g_assert_cmpint (cutout_exif_orientation (data, size), ==, 6);
  /* Any shorter prefix is read safely and falls back to "upright". */
  for (gsize n = 0; n < size - 4; n++)
    g_assert_cmpint (cutout_exif_orientation (data, n), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/decode/jpeg/orientations", test_jpeg_orientations);
  g_test_add_func ("/decode/jpeg/orientations-match-gdk-pixbuf",
                   test_jpeg_orientation_matches_gdk_pixbuf);
  g_test_add_func ("/decode/jpeg/kinds", test_jpeg_kinds);
  g_test_add_func ("/decode/jpeg/reduced", test_jpeg_reduced);
  g_test_add_func ("/decode/reduced-other-formats", test_reduced_other_formats);
  g_test_add_func ("/decode/png/kinds", test_png_kinds);
  g_test_add_func ("/decode/webp", test_webp);
  g_test_add_func ("/decode/bmp-tiff", test_pixbuf_formats);
  g_test_add_func ("/decode/bad/empty-and-text", test_empty_and_not_an_image);
  g_test_add_func ("/decode/bad/truncated", test_truncated);
  g_test_add_func ("/decode/bad/png-bomb", test_png_bomb);
  g_test_add_func ("/decode/bad/jpeg-bomb", test_jpeg_bomb);
  g_test_add_func ("/decode/bad/missing-and-folder", test_missing_and_folder);
  g_test_add_func ("/decode/exif/bounds", test_exif_parser_bounds);
  g_test_add_func ("/decode/too-large-message", test_too_large_message);
  return g_test_run ();
}
