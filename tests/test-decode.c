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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <webp/encode.h>
#include <zlib.h>

#include "cutout-decode.h"
#include "cutout-testlib.h"

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

/* WebP ------------------------------------------------------------------------ */

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

/* Formats through gdk-pixbuf ------------------------------------------------- */

/* Each format is written here, by hand or by gdk-pixbuf's own savers where
 * it has one (BMP, ICO, TIFF). Each must load with the card's pixels, be
 * refused as damaged when cut short, and be refused as too large, before
 * anything that size is allocated, when its header declares more than the
 * limit. */

static void
put_be16 (guint8 *p, guint v)
{
  p[0] = v >> 8, p[1] = v;
}

static void
put_le16 (guint8 *p, guint v)
{
  p[0] = v, p[1] = v >> 8;
}

static void
put_le32 (guint8 *p, guint32 v)
{
  p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

static gboolean
have_loader (const char *name)
{
  g_autoptr (GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *format_name = gdk_pixbuf_format_get_name (l->data);
      if (strcmp (format_name, name) == 0 && !gdk_pixbuf_format_is_disabled (l->data))
        return TRUE;
    }
  return FALSE;
}

static GBytes *
save_with_gdk_pixbuf (const char *type)
{
  int w, h;
  g_autofree guint8 *card = make_stored_card (1, &w, &h);
  g_autoptr (GdkPixbuf) pixbuf
      = gdk_pixbuf_new_from_data (card, GDK_COLORSPACE_RGB, FALSE, 8, w, h, w * 3, NULL, NULL);
  g_autoptr (GError) error = NULL;
  char *buf = NULL;
  gsize size = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buf, &size, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buf, size);
}

static GBytes *
make_bmp (void)
{
  return save_with_gdk_pixbuf ("bmp");
}

static GBytes *
make_tiff (void)
{
  return save_with_gdk_pixbuf ("tiff");
}

static GBytes *
make_ico (void)
{
  return save_with_gdk_pixbuf ("ico");
}

static GBytes *
make_ppm (gboolean plain)
{
  int w, h;
  g_autofree guint8 *card = make_stored_card (1, &w, &h);
  GString *out = g_string_new (NULL);

  g_string_append_printf (out, "P%c\n# the card\n%d %d\n255\n", plain ? '3' : '6', w, h);
  if (plain)
    for (gsize i = 0; i < (gsize) w * h * 3; i++)
      g_string_append_printf (out, "%d%c", card[i], i % 12 == 11 ? '\n' : ' ');
  else
    g_string_append_len (out, (const char *) card, (gssize) w * h * 3);
  return g_string_free_to_bytes (out);
}

static GBytes *
make_raw_ppm (void)
{
  return make_ppm (FALSE);
}

static GBytes *
make_plain_ppm (void)
{
  return make_ppm (TRUE);
}

static GBytes *
make_xpm (void)
{
  GString *out = g_string_new ("/* XPM */\nstatic char *card[] = {\n/* columns rows colours */\n");

  g_string_append_printf (out, "\"%d %d 8 1\",\n", CARD_W, CARD_H);
  for (int i = 0; i < 8; i++)
    {
      const guint8 *c = card_colours[i / 4][i % 4];
      g_string_append_printf (out, "\"%c c #%02X%02X%02X\",\n", 'a' + i, c[0], c[1], c[2]);
    }
  for (int y = 0; y < CARD_H; y++)
    {
      g_string_append_c (out, '"');
      for (int x = 0; x < CARD_W; x++)
        g_string_append_c (out, (char) ('a' + (y / 16) * 4 + x / 16));
      g_string_append (out, y < CARD_H - 1 ? "\",\n" : "\"\n");
    }
  g_string_append (out, "};\n");
  return g_string_free_to_bytes (out);
}

/* XBM is black and white: the card's left half black (bits set) */
static GBytes *
make_xbm (void)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out,
                          "#define card_width %d\n#define card_height %d\n"
                          "static unsigned char card_bits[] = {\n",
                          CARD_W, CARD_H);
  for (int y = 0; y < CARD_H; y++)
    for (int b = 0; b < CARD_W / 8; b++)
      g_string_append_printf (out, "0x%02x,%c", b < CARD_W / 16 ? 0xff : 0x00,
                              b == CARD_W / 8 - 1 ? '\n' : ' ');
  g_string_append (out, "};\n");
  return g_string_free_to_bytes (out);
}

static GBytes *
make_tga (gboolean rle)
{
  int w, h;
  g_autofree guint8 *card = make_stored_card (1, &w, &h);
  guint8 header[18] = { 0 };
  GByteArray *out = g_byte_array_new ();

  header[2] = rle ? 10 : 2; /* true colour */
  put_le16 (header + 12, w);
  put_le16 (header + 14, h);
  header[16] = 24;
  header[17] = 0x20; /* the first row at the top */
  g_byte_array_append (out, header, sizeof header);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x += rle ? 16 : 1)
      {
        const guint8 *p = card + ((gsize) y * w + x) * 3;
        guint8 packet[4] = { 0x80 | 15, p[2], p[1], p[0] }; /* a run of 16, then BGR */

        g_byte_array_append (out, rle ? packet : packet + 1, rle ? 4 : 3);
      }
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_plain_tga (void)
{
  return make_tga (FALSE);
}

static GBytes *
make_rle_tga (void)
{
  return make_tga (TRUE);
}

/* A GIF of @screen_w × @screen_h whose one frame, at the top left, is the
 * card's top left @frame_w × @frame_h, in the card's eight colours. The LZW
 * codes are 8 bits wide, with a clear code before the table would outgrow
 * that: no compression, and no encoder to get wrong. */
static GBytes *
make_gif_frame (int screen_w, int screen_h, int frame_w, int frame_h, gboolean interlaced)
{
  static const int pass_start[] = { 0, 4, 2, 1 }, pass_step[] = { 8, 8, 4, 2 };
  GByteArray *out = g_byte_array_new ();
  g_autoptr (GByteArray) codes = g_byte_array_new ();
  guint8 screen[7] = { 0, 0, 0, 0, 0x80 | 2, 0, 0 }; /* a global table of 8 colours */
  guint8 frame[10] = { ',', 0, 0, 0, 0, 0, 0, 0, 0, interlaced ? 0x40 : 0 };
  guint8 byte;
  int n = 0;

  put_le16 (screen, screen_w);
  put_le16 (screen + 2, screen_h);
  put_le16 (frame + 5, frame_w);
  put_le16 (frame + 7, frame_h);
  g_byte_array_append (out, (const guint8 *) "GIF89a", 6);
  g_byte_array_append (out, screen, sizeof screen);
  for (int i = 0; i < 8; i++)
    g_byte_array_append (out, card_colours[i / 4][i % 4], 3);
  g_byte_array_append (out, frame, sizeof frame);
  for (int pass = 0; pass < (interlaced ? 4 : 1); pass++)
    for (int y = interlaced ? pass_start[pass] : 0; y < frame_h;
         y += interlaced ? pass_step[pass] : 1)
      for (int x = 0; x < frame_w; x++)
        {
          if (n++ % 120 == 0)
            g_byte_array_append (codes, (const guint8 *) "\x80", 1); /* clear */
          byte = MIN (y / 16, 1) * 4 + MIN (x / 16, 3);
          g_byte_array_append (codes, &byte, 1);
        }
  g_byte_array_append (codes, (const guint8 *) "\x81", 1); /* end */
  byte = 7; /* the minimum code size: codes of 8 bits */
  g_byte_array_append (out, &byte, 1);
  for (guint i = 0; i < codes->len; i += 255)
    {
      byte = MIN (255, codes->len - i);
      g_byte_array_append (out, &byte, 1);
      g_byte_array_append (out, codes->data + i, byte);
    }
  g_byte_array_append (out, (const guint8 *) "\0;", 2);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_gif (void)
{
  return make_gif_frame (CARD_W, CARD_H, CARD_W, CARD_H, FALSE);
}

static GBytes *
make_interlaced_gif (void)
{
  return make_gif_frame (CARD_W, CARD_H, CARD_W, CARD_H, TRUE);
}

static GBytes *
make_svg (int width, int height)
{
  GString *out = g_string_new (NULL);

  g_string_append_printf (out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                          "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\">\n",
                          width, height, CARD_W, CARD_H);
  for (int by = 0; by < 2; by++)
    for (int bx = 0; bx < 4; bx++)
      {
        const guint8 *c = card_colours[by][bx];
        g_string_append_printf (
            out, "  <rect x=\"%d\" y=\"%d\" width=\"16\" height=\"16\" fill=\"#%02x%02x%02x\"/>\n",
            bx * 16, by * 16, c[0], c[1], c[2]);
      }
  g_string_append (out, "</svg>\n");
  return g_string_free_to_bytes (out);
}

static GBytes *
make_card_svg (void)
{
  return make_svg (CARD_W, CARD_H);
}

static void
append_riff_chunk (GByteArray *out, const char *id, const guint8 *data, gsize len)
{
  guint8 head[8];

  memcpy (head, id, 4);
  put_le32 (head + 4, len);
  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, data, len);
  if (len & 1)
    g_byte_array_append (out, (const guint8 *) "", 1);
}

/* An animated cursor of @n_frames frames, each @ico */
static GBytes *
make_ani_of (GBytes *ico, int n_frames)
{
  g_autoptr (GByteArray) frames = g_byte_array_new (), body = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 anih[36] = { 0 };

  put_le32 (anih, sizeof anih);
  put_le32 (anih + 4, n_frames); /* frames */
  put_le32 (anih + 8, n_frames); /* steps */
  put_le32 (anih + 28, 10);      /* display rate, in 1/60 s */
  put_le32 (anih + 32, 1);       /* the frames are icons */
  g_byte_array_append (frames, (const guint8 *) "fram", 4);
  for (int i = 0; i < n_frames; i++)
    append_riff_chunk (frames, "icon", g_bytes_get_data (ico, NULL), g_bytes_get_size (ico));
  g_byte_array_append (body, (const guint8 *) "ACON", 4);
  append_riff_chunk (body, "anih", anih, sizeof anih);
  append_riff_chunk (body, "LIST", frames->data, frames->len);
  append_riff_chunk (out, "RIFF", body->data, body->len);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_ani (void)
{
  g_autoptr (GBytes) ico = make_ico ();

  return make_ani_of (ico, 2);
}

static void
append_box (GByteArray *out, const char *type, const guint8 *data, gsize len)
{
  guint8 head[8];

  put_be32 (head, len + 8);
  memcpy (head + 4, type, 4);
  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, data, len);
}

/* An ICNS block: its type, then its length (with this head) */
static void
append_icns_block (GByteArray *out, const char *type, const guint8 *data, gsize len)
{
  guint8 head[8];

  memcpy (head, type, 4);
  put_be32 (head + 4, len + 8);
  g_byte_array_append (out, head, 8);
  g_byte_array_append (out, data, len);
}

/* An ICNS whose 256-pixel block holds @inner (a PNG, as Apple's tools write) */
static GBytes *
make_icns_around (GBytes *inner)
{
  g_autoptr (GByteArray) blocks = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();

  append_icns_block (blocks, "ic08", g_bytes_get_data (inner, NULL), g_bytes_get_size (inner));
  append_icns_block (out, "icns", blocks->data, blocks->len);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_icns (void)
{
  PngKind kind = { PNG_COLOR_TYPE_RGB, 8, FALSE };
  g_autoptr (GBytes) png = encode_png (kind);

  return make_icns_around (png);
}

/* An ICNS of a 16-pixel icon only (is32: 32-bit, stored plain; s8mk: its
 * mask), which gdk-pixbuf decodes itself: the card's first four colours in
 * its quarters. */
static GBytes *
make_small_icns (void)
{
  g_autoptr (GByteArray) blocks = g_byte_array_new ();
  GByteArray *out = g_byte_array_new ();
  guint8 argb[16 * 16 * 4], mask[16 * 16];

  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++)
      {
        const guint8 *c = card_colours[y / 8][x / 8];
        guint8 *p = argb + (y * 16 + x) * 4;
        p[0] = 255, p[1] = c[0], p[2] = c[1], p[3] = c[2];
      }
  memset (mask, 255, sizeof mask);
  append_icns_block (blocks, "is32", argb, sizeof argb);
  append_icns_block (blocks, "s8mk", mask, sizeof mask);
  append_icns_block (out, "icns", blocks->data, blocks->len);
  return g_byte_array_free_to_bytes (out);
}

/* A QuickTime image: its data atom holds a whole image file */
static GBytes *
make_qtif_around (GBytes *inner)
{
  GByteArray *out = g_byte_array_new ();

  append_box (out, "idat", g_bytes_get_data (inner, NULL), g_bytes_get_size (inner));
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_qtif (void)
{
  int w, h;
  g_autofree guint8 *card = make_stored_card (1, &w, &h);
  g_autoptr (GBytes) jpeg = encode_jpeg (card, w, h, JPEG_RGB, NULL);

  return make_qtif_around (jpeg);
}

/* A JPEG with a stray byte after its first marker: libjpeg skips it (with a
 * warning), gdk-pixbuf takes the file for a JPEG, our magic number does not. */
static GBytes *
make_stray_jpeg (void)
{
  int w, h;
  g_autofree guint8 *card = make_stored_card (1, &w, &h);
  g_autoptr (GBytes) jpeg = encode_jpeg (card, w, h, JPEG_RGB, NULL);
  const guint8 *data = g_bytes_get_data (jpeg, NULL);
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, data, 2);
  g_byte_array_append (out, (const guint8 *) "", 1);
  g_byte_array_append (out, data + 2, g_bytes_get_size (jpeg) - 2);
  return g_byte_array_free_to_bytes (out);
}

/* Headers that declare 30000 × 30000 (900 megapixels), or more pixels than
 * the limit otherwise, followed by a few kilobytes of zeros: past the 4 KB
 * gdk-pixbuf reads before it picks a loader, so that the loader, not only
 * its close, sees them. */

static GBytes *
with_padding (GByteArray *out, guint8 pad)
{
  for (int i = 0; i < 5000; i++)
    g_byte_array_append (out, &pad, 1);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
make_bmp_bomb (void)
{
  guint8 h[54] = { 'B', 'M' };
  GByteArray *out = g_byte_array_new ();

  put_le32 (h + 2, sizeof h);
  put_le32 (h + 10, sizeof h); /* where the pixels start */
  put_le32 (h + 14, 40);       /* BITMAPINFOHEADER */
  put_le32 (h + 18, 30000);
  put_le32 (h + 22, 30000);
  put_le16 (h + 26, 1);  /* planes */
  put_le16 (h + 28, 24); /* bits per pixel */
  g_byte_array_append (out, h, sizeof h);
  return with_padding (out, 0);
}

/* A little-endian TIFF: one IFD of 8-bit gray, one strip */
static GBytes *
make_tiff_header (guint32 width, guint32 height)
{
  const guint16 tags[][2] = {
    { 256, 4 }, { 257, 4 }, { 258, 3 }, { 259, 3 }, { 262, 3 },
    { 273, 4 }, { 277, 3 }, { 278, 4 }, { 279, 4 },
  };
  const guint32 values[] = { width, height, 8, 1, 1, 200, 1, height, 1000 };
  guint8 ifd[2 + G_N_ELEMENTS (tags) * 12 + 4] = { 0 };
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) "II*\0\x08\0\0\0", 8);
  put_le16 (ifd, G_N_ELEMENTS (tags));
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      guint8 *e = ifd + 2 + i * 12;
      put_le16 (e, tags[i][0]);
      put_le16 (e + 2, tags[i][1]);
      put_le32 (e + 4, 1);
      if (tags[i][1] == 3)
        put_le16 (e + 8, values[i]);
      else
        put_le32 (e + 8, values[i]);
    }
  g_byte_array_append (out, ifd, sizeof ifd);
  return with_padding (out, 0);
}

static GBytes *
make_tiff_bomb (void)
{
  return make_tiff_header (30000, 30000);
}

static GBytes *
make_gif_bomb (void)
{
  g_autoptr (GBytes) gif = make_gif_frame (CARD_W, CARD_H, 4, 4, FALSE);
  guint8 *data = g_memdup2 (g_bytes_get_data (gif, NULL), g_bytes_get_size (gif));

  put_le16 (data + 6, 30000); /* the logical screen */
  put_le16 (data + 8, 30000);
  return g_bytes_new_take (data, g_bytes_get_size (gif));
}

/* A 16 × 16 screen, and a first frame of 20000 × 20000 beyond it: the loader
 * allocates an index per pixel of the frame, 400 MB. */
static GBytes *
make_gif_frame_bomb (void)
{
  g_autoptr (GBytes) gif = make_gif_frame (16, 16, 4, 4, FALSE);
  guint8 *data = g_memdup2 (g_bytes_get_data (gif, NULL), g_bytes_get_size (gif));

  /* header 6, screen 7, colours 24: then the frame's ',' and x, y */
  put_le16 (data + 6 + 7 + 24 + 5, 20000);
  put_le16 (data + 6 + 7 + 24 + 7, 20000);
  return g_bytes_new_take (data, g_bytes_get_size (gif));
}

static GBytes *
make_text_bomb (const char *text, guint8 pad)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) text, strlen (text));
  return with_padding (out, pad);
}

static GBytes *
make_pnm_bomb (void)
{
  return make_text_bomb ("P6\n30000 30000\n255\n", 0);
}

static GBytes *
make_xpm_bomb (void)
{
  return make_text_bomb ("/* XPM */\nstatic char *bomb[] = {\n\"30000 30000 2 1\",\n"
                         "\"a c #FF0000\",\n\"b c #0000FF\",\n\"abab\"\n};\n",
                         ' ');
}

static GBytes *
make_xbm_bomb (void)
{
  return make_text_bomb ("#define bomb_width 30000\n#define bomb_height 30000\n"
                         "static unsigned char bomb_bits[] = {\n0x00, 0xff };\n",
                         ' ');
}

static GBytes *
make_tga_header (guint type)
{
  guint8 header[18] = { 0, 0, type };
  GByteArray *out = g_byte_array_new ();

  put_le16 (header + 12, 30000);
  put_le16 (header + 14, 30000);
  header[16] = 24;
  g_byte_array_append (out, header, sizeof header);
  return with_padding (out, 0);
}

static GBytes *
make_tga_bomb (void)
{
  return make_tga_header (2);
}

static GBytes *
make_rle_tga_bomb (void)
{
  return make_tga_header (10);
}

/* A PNG of only its header, IHDR saying 30000 × 30000, and its end */
static GBytes *
make_png_header (void)
{
  guint8 png[8 + 25 + 12] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  guint8 *ihdr = png + 8, *iend = png + 8 + 25;

  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 30000);
  put_be32 (ihdr + 12, 30000);
  ihdr[16] = 8, ihdr[17] = 2;
  put_be32 (ihdr + 21, crc32 (0, ihdr + 4, 17));
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32 (0, iend + 4, 4));
  return g_bytes_new (png, sizeof png);
}

static GBytes *
make_icns_bomb (void)
{
  g_autoptr (GBytes) png = make_png_header ();

  return make_icns_around (png);
}

static GBytes *
make_qtif_bomb (void)
{
  g_autoptr (GBytes) png = make_png_header ();

  return make_qtif_around (png);
}

static GBytes *
make_svg_bomb (void)
{
  return make_svg (20000, 20000);
}

static GBytes *
make_stray_jpeg_bomb (void)
{
  g_autoptr (GBytes) jpeg = make_stray_jpeg ();
  gsize size = g_bytes_get_size (jpeg);
  guint8 *data = g_memdup2 (g_bytes_get_data (jpeg, NULL), size);

  for (gsize i = 3; i + 9 < size; i++)
    if (data[i] == 0xff && data[i + 1] == 0xc0) /* SOF0: length, precision, height, width */
      {
        put_be16 (data + i + 5, 30000);
        put_be16 (data + i + 7, 30000);
        break;
      }
  return g_bytes_new_take (data, size);
}

/* The XBM card: black left half, white right half */
static void
assert_is_xbm_card (const CutoutImage *img, int tol)
{
  static const guint8 black[3] = { 0, 0, 0 }, white[3] = { 255, 255, 255 };

  g_assert_cmpint (img->width, ==, CARD_W);
  g_assert_cmpint (img->height, ==, CARD_H);
  for (int y = 4; y < CARD_H; y += 8)
    {
      assert_colour_near (img, 8, y, black, tol);
      assert_colour_near (img, CARD_W - 8, y, white, tol);
    }
}

/* The small ICNS: the card's first four colours in the quarters of 16 × 16 */
static void
assert_is_small_icns (const CutoutImage *img, int tol)
{
  g_assert_cmpint (img->width, ==, 16);
  g_assert_cmpint (img->height, ==, 16);
  for (int qy = 0; qy < 2; qy++)
    for (int qx = 0; qx < 2; qx++)
      assert_colour_near (img, qx * 8 + 4, qy * 8 + 4, card_colours[qy][qx], tol);
}

typedef struct
{
  const char *path;   /* under /decode/pixbuf/ */
  const char *loader; /* the gdk-pixbuf loader it needs, if any */
  GBytes *(*make) (void);
  void (*check) (const CutoutImage *img, int tol); /* NULL: assert_is_card */
  int tolerance;
  GBytes *(*make_bomb) (void); /* NULL: the format cannot declare that much */
} FormatCase;

static const FormatCase format_cases[] = {
  { "bmp", "bmp", make_bmp, NULL, 0, make_bmp_bomb },
  { "tiff", "tiff", make_tiff, NULL, 0, make_tiff_bomb },
  { "gif", "gif", make_gif, NULL, 0, make_gif_frame_bomb },
  { "gif-interlaced", "gif", make_interlaced_gif, NULL, 0, make_gif_bomb },
  { "pnm-raw", "pnm", make_raw_ppm, NULL, 0, make_pnm_bomb },
  { "pnm-plain", "pnm", make_plain_ppm, NULL, 0, NULL },
  { "xpm", "xpm", make_xpm, NULL, 0, make_xpm_bomb },
  { "xbm", "xbm", make_xbm, assert_is_xbm_card, 0, make_xbm_bomb },
  { "tga", "tga", make_plain_tga, NULL, 0, make_tga_bomb },
  { "tga-rle", "tga", make_rle_tga, NULL, 0, make_rle_tga_bomb },
  { "ico", "ico", make_ico, NULL, 0, NULL },
  { "ani", "ani", make_ani, NULL, 0, NULL },
  { "icns", "icns", make_icns, NULL, 0, make_icns_bomb },
  { "icns-small", "icns", make_small_icns, assert_is_small_icns, 0, NULL },
  { "qtif", "qtif", make_qtif, NULL, 12, make_qtif_bomb },
  { "svg", "svg", make_card_svg, NULL, 2, make_svg_bomb },
  { "jpeg-stray-byte", NULL, make_stray_jpeg, NULL, 12, make_stray_jpeg_bomb },
};

static void
test_format (gconstpointer data)
{
  const FormatCase *fc = data;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = NULL;
  gboolean recognised = TRUE;
  const guint8 *d;
  gsize size;

  if (fc->loader != NULL && !have_loader (fc->loader))
    {
      g_test_skip ("no gdk-pixbuf loader for this format here");
      return;
    }
  bytes = fc->make ();
  d = g_bytes_get_data (bytes, NULL);
  size = g_bytes_get_size (bytes);
  img = cutout_decode_data (d, size, &error);
  /* gdk-pixbuf recognises XBM by its name only, where it recognises
   * formats by shared-mime-info: from bytes, never. */
  if (g_strcmp0 (fc->loader, "xbm") == 0
      && g_error_matches (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_UNSUPPORTED))
    recognised = FALSE;
  else
    {
      g_assert_no_error (error);
      (fc->check != NULL ? fc->check : assert_is_card) (img, fc->tolerance);

      /* Cut a third, half and three quarters of the way: in the pixels. */
      for (int quarter = 0; quarter < 3; quarter++)
        {
          gsize cut = quarter == 0 ? size / 3 : size * (quarter + 1) / 4;
          g_test_message ("%s cut to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", fc->path,
                          cut, size);
          assert_decode_fails (d, cut, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
        }
    }
  if (fc->make_bomb != NULL)
    {
      g_autoptr (GBytes) bomb = fc->make_bomb ();
      assert_decode_fails (g_bytes_get_data (bomb, NULL), g_bytes_get_size (bomb),
                           CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
    }
  if (!recognised)
    g_test_skip ("gdk-pixbuf does not recognise XBM from its bytes here (only the size check ran)");
}

static long
vm_peak_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmPeak:")) == NULL)
    return -1;
  return atol (line + strlen ("VmPeak:"));
}

/* Refused before anything that size is allocated: the process's peak of
 * address space (which counts memory allocated and never touched, as most of
 * a loader's picture is) grows by little. In a subprocess, so that the peak
 * is this test's. */
static void
test_declared_size_memory (void)
{
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  if (vm_peak_kb () < 0)
    {
      g_test_skip ("no /proc/self/status here");
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      const FormatCase *fc = &format_cases[i];
      g_autoptr (GBytes) warm = NULL, bomb = NULL;
      g_autoptr (CutoutImage) img = NULL;
      g_autoptr (GError) error = NULL;
      long before;

      if (fc->make_bomb == NULL || (fc->loader != NULL && !have_loader (fc->loader)))
        continue;
      /* The loader's module is loaded first, and its memory counted then. */
      warm = fc->make ();
      img = decode_bytes (warm, NULL);
      bomb = fc->make_bomb ();
      before = vm_peak_kb ();
      g_assert_null (decode_bytes (bomb, &error));
      g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
      g_test_message ("%s: peak address space +%ld kB", fc->path, vm_peak_kb () - before);
      g_assert_cmpint (vm_peak_kb () - before, <, 64 * 1024);
    }
}

/* Sizes of buffers, not of pictures, that a header declares and that its
 * loader would allocate before it finds the file does not hold them: the
 * BMP info header's own size, an ICO entry's bitmap offset or its number of
 * colours (and so an animated cursor's frame's). Refused as damaged, with
 * the peak address space as above. */

static GBytes *
make_bogus_bmp_header (void)
{
  g_autoptr (GBytes) bmp = make_bmp ();
  gsize size = g_bytes_get_size (bmp);
  guint8 *data = g_memdup2 (g_bytes_get_data (bmp, NULL), size);

  put_le32 (data + 14, 0xffffffd5); /* the info header's own size */
  return g_bytes_new_take (data, size);
}

/* The card's ICO, its one bitmap said to be 2 GB into the file, or to use
 * 2^28 colours (a 1 GB palette) */
static GBytes *
make_far_ico (gboolean palette)
{
  g_autoptr (GBytes) ico = make_ico ();
  gsize size = g_bytes_get_size (ico);
  guint8 *data = g_memdup2 (g_bytes_get_data (ico, NULL), size);
  guint32 bitmap = data[18] | data[19] << 8 | data[20] << 16 | (guint32) data[21] << 24;

  if (palette)
    put_le32 (data + bitmap + 32, 0x10000000);
  else
    put_le32 (data + 6 + 12, 0x7fff0000);
  return g_bytes_new_take (data, size);
}

static void
test_declared_buffers (void)
{
  g_autoptr (GBytes) bmp = make_bmp (), ani = make_ani ();
  g_autoptr (GBytes) far_ico = make_far_ico (FALSE);
  GBytes *cases[] = {
    make_bogus_bmp_header (),
    g_bytes_ref (far_ico),
    make_far_ico (TRUE),
    make_ani_of (far_ico, 1),
  };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
    }
  else if (vm_peak_kb () < 0)
    g_test_skip ("no /proc/self/status here");
  else
    {
      /* The loaders' modules are loaded first, and their memory counted then. */
      cutout_image_free (decode_bytes (bmp, NULL));
      cutout_image_free (decode_bytes (ani, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autoptr (GError) error = NULL;
          long before = vm_peak_kb ();

          g_assert_null (decode_bytes (cases[i], &error));
          g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
          g_test_message ("case %u: %s; peak address space +%ld kB", i, error->message,
                          vm_peak_kb () - before);
          g_assert_cmpint (vm_peak_kb () - before, <, 64 * 1024);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_bytes_unref (cases[i]);
}

/* The files: under the limit, but with almost nothing of what the
 * header declares. */
static void
test_declared_but_missing (void)
{
  g_autoptr (GBytes) bmp = make_bmp_bomb ();
  g_autofree guint8 *pnm = g_malloc0 (117);
  g_autofree guint8 *data = g_memdup2 (g_bytes_get_data (bmp, NULL), 54 + 100);
  g_autoptr (GError) error = NULL;

  /* A 117-byte PNM that says 9000 × 9000 */
  memcpy (pnm, "P6\n9000 9000\n255\n", 17);
  assert_decode_fails (pnm, 117, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
  /* A BMP that says 9000 × 9000, and then 10001 × 10000: too large, with
   * numbers that show it. */
  put_le32 (data + 18, 9000);
  put_le32 (data + 22, 9000);
  assert_decode_fails (data, 54 + 100, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
  /* A JPEG (with a stray byte, which gdk-pixbuf takes) that says 2000 × 2000,
   * without its end marker: cut short after its 64 × 32 pixels. */
  {
    g_autoptr (GBytes) jpeg = make_stray_jpeg ();
    gsize size = g_bytes_get_size (jpeg);
    g_autofree guint8 *patched = g_memdup2 (g_bytes_get_data (jpeg, NULL), size);

    for (gsize i = 3; i + 9 < size; i++)
      if (patched[i] == 0xff && patched[i + 1] == 0xc0)
        {
          put_be16 (patched + i + 5, 2000);
          put_be16 (patched + i + 7, 2000);
          break;
        }
    assert_decode_fails (patched, size - 2, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT);
  }
  put_le32 (data + 18, 10001);
  put_le32 (data + 22, 10000);
  g_assert_null (cutout_decode_data (data, 54 + 100, &error));
  g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE);
  g_assert_true (strstr (error->message, "100010000") != NULL
                 || strstr (error->message, "100,010,000") != NULL);
}

/* A GIF's first frame may cover less than its screen (the rest is clear),
 * and the loader reports it whole at once: still an image. */
static void
test_gif_small_frame (void)
{
  g_autoptr (GBytes) gif = make_gif_frame (CARD_W, CARD_H, 16, 16, FALSE);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) img = NULL;
  const guint8 *clear;

  if (!have_loader ("gif"))
    {
      g_test_skip ("no gdk-pixbuf loader for GIF here");
      return;
    }
  img = decode_bytes (gif, &error);
  g_assert_no_error (error);
  g_assert_cmpint (img->width, ==, CARD_W);
  g_assert_cmpint (img->height, ==, CARD_H);
  assert_colour_near (img, 8, 8, card_colours[0][0], 0);
  clear = cutout_image_row (img, 24) + 40 * 4;
  g_assert_cmpint (clear[3], ==, 0);
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

/* A named pipe or a device is refused without reading it, so nothing ever
 * waits on one (a FIFO opened for reading blocks until a writer comes; a
 * device may never end); the messages say what it is. */
static void
test_not_regular_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  CutoutImage *img;
  int w, h;

  g_assert_no_errno (mkfifo (fifo, 0644));
  bytes = cutout_read_file (fifo, &error);
  g_assert_null (bytes);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "named pipe"));
  g_clear_error (&error);
  img = cutout_decode_file_reduced (fifo, 1024, &w, &h, &error);
  g_assert_null (img);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  img = cutout_decode_file ("/dev/zero", &error);
  g_assert_null (img);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_assert_nonnull (strstr (error->message, "device"));
  g_clear_error (&error);
  g_assert_false (cutout_probe_file (fifo, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);
  g_remove (fifo);
  g_rmdir (dir);
}

/* A quick look at a file as it is added: images pass, whether decoded here
 * or by gdk-pixbuf; an empty file and text do not; damage is only found by
 * decoding. */
static void
test_probe (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-test-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.jpg", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.png", NULL);
  g_autofree char *bmp = g_build_filename (dir, "card.bmp", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.png", NULL);
  g_autofree char *photo = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc1.png", NULL);
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 16, 8);
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "shopping list\n", -1, NULL));
  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, bmp, "bmp", NULL, NULL));
  g_assert_true (g_file_get_contents (photo, &data, &size, NULL));
  g_assert_true (g_file_set_contents (cut, data, size / 2, NULL));

  g_assert_true (cutout_probe_file (photo, &error));
  g_assert_no_error (error);
  g_assert_true (cutout_probe_file (bmp, &error));
  g_assert_no_error (error);
  g_assert_true (cutout_probe_file (cut, &error)); /* only decoding finds it short */
  g_assert_no_error (error);
  g_assert_false (cutout_probe_file (empty, &error));
  g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (cutout_probe_file (text, &error));
  g_assert_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (cutout_probe_file (dir, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_remove (empty);
  g_remove (text);
  g_remove (bmp);
  g_remove (cut);
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
  g_test_add_func ("/decode/bad/empty-and-text", test_empty_and_not_an_image);
  g_test_add_func ("/decode/bad/truncated", test_truncated);
  g_test_add_func ("/decode/bad/png-bomb", test_png_bomb);
  g_test_add_func ("/decode/bad/jpeg-bomb", test_jpeg_bomb);
  g_test_add_func ("/decode/bad/missing-and-folder", test_missing_and_folder);
  g_test_add_func ("/decode/bad/not-regular-files", test_not_regular_files);
  cutout_test_add_photo_func ("/decode/probe", test_probe);
  g_test_add_func ("/decode/exif/bounds", test_exif_parser_bounds);
  g_test_add_func ("/decode/too-large-message", test_too_large_message);
  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *path = g_strconcat ("/decode/pixbuf/", format_cases[i].path, NULL);
      g_test_add_data_func (path, &format_cases[i], test_format);
    }
  g_test_add_func ("/decode/pixbuf/gif-small-frame", test_gif_small_frame);
  g_test_add_func ("/decode/bad/declared-size-memory", test_declared_size_memory);
  g_test_add_func ("/decode/bad/declared-but-missing", test_declared_but_missing);
  g_test_add_func ("/decode/bad/declared-buffers", test_declared_buffers);
  return g_test_run ();
}
