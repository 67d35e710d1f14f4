/* make-bad-corpus.c: writes the corpus of awkward and broken inputs
 *
 *   make-bad-corpus DIR
 *
 * Into DIR/good/ go images that are unusual but valid (each must be cut
 * out): 1 × 1, 1 × 10000, 16-bit, gray + alpha, palette + tRNS, CMYK and
 * progressive JPEGs, EXIF orientations 1–8, an animated WebP (its first
 * frame), a name that is not UTF-8, and a path over 1000 bytes long.  Into
 * DIR/bad/ go files that must each fail with a message naming them: empty,
 * text named .jpg, JPEG, PNG and WebP cut short at several points, and PNG
 * and JPEG headers declaring 30000 × 30000 (decompression bombs).
 *
 * Nothing of it is committed: the suite makes it afresh (test-cli
 * /cli/bad-corpus).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <stdio.h>
#include <string.h>
#include <webp/encode.h>
#include <webp/mux.h>
#include <zlib.h>

/* A dark disc on a light gradient, @w × @h, RGB or RGBA. */
static guint8 *
make_pixels (int w, int h, int channels)
{
  guint8 *p = g_malloc ((gsize) w * h * channels);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double dx = (x + 0.5) / w - 0.5, dy = (y + 0.5) / h - 0.5;
        gboolean disc = dx * dx + dy * dy < 0.09;
        guint8 *q = p + ((gsize) y * w + x) * channels;
        q[0] = disc ? 40 : (guint8) (200 + 40.0 * x / w);
        q[1] = disc ? 30 : 210;
        q[2] = disc ? 90 : (guint8) (180 + 60.0 * y / h);
        if (channels == 4)
          q[3] = 255;
      }
  return p;
}

static void
write_file (const char *path, const void *data, gsize len)
{
  g_autoptr (GError) error = NULL;

  if (!g_file_set_contents (path, data, (gssize) len, &error))
    g_error ("%s", error->message);
}

/* A PNG of @color_type and @bit_depth; @rows supply the bytes as libpng
 * wants them.  @palette, @trans: for palette images. */
static void
write_png (const char *path,
           int w,
           int h,
           int color_type,
           int bit_depth,
           guint8 *const *rows,
           const png_color *palette,
           int n_palette,
           const guint8 *trans,
           int n_trans)
{
  FILE *f = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);

  g_assert (f != NULL && png != NULL && info != NULL);
  png_init_io (png, f);
  png_set_IHDR (png, info, w, h, bit_depth, color_type, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (palette != NULL)
    png_set_PLTE (png, info, palette, n_palette);
  if (trans != NULL)
    png_set_tRNS (png, info, trans, n_trans, NULL);
  png_write_info (png, info);
  png_write_image (png, (png_bytepp) rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (f);
}

static void
write_rgb_png (const char *path, int w, int h)
{
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autofree guint8 **rows = g_new (guint8 *, h);

  for (int y = 0; y < h; y++)
    rows[y] = p + (gsize) y * w * 3;
  write_png (path, w, h, PNG_COLOR_TYPE_RGB, 8, rows, NULL, 0, NULL, 0);
}

static void
write_png_kinds (const char *dir)
{
  int w = 96, h = 64;
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autofree guint8 *wide = g_malloc ((gsize) w * h * 6), *ga = g_malloc ((gsize) w * h * 2);
  g_autofree guint8 *idx = g_malloc ((gsize) w * h);
  g_autofree guint8 **rows = g_new (guint8 *, h);
  g_autofree char *p16 = g_build_filename (dir, "rgb-16bit.png", NULL);
  g_autofree char *pga = g_build_filename (dir, "gray-alpha.png", NULL);
  g_autofree char *ppal = g_build_filename (dir, "palette-trns.png", NULL);
  png_color palette[4] = { { 230, 220, 200 }, { 40, 30, 90 }, { 255, 0, 0 }, { 0, 0, 0 } };
  guint8 trans[4] = { 255, 255, 128, 0 };

  for (gsize i = 0; i < (gsize) w * h * 3; i++)
    wide[i * 2] = p[i], wide[i * 2 + 1] = p[i]; /* big-endian 16-bit */
  for (int y = 0; y < h; y++)
    rows[y] = wide + (gsize) y * w * 6;
  write_png (p16, w, h, PNG_COLOR_TYPE_RGB, 16, rows, NULL, 0, NULL, 0);

  for (gsize i = 0; i < (gsize) w * h; i++)
    ga[i * 2] = p[i * 3 + 1], ga[i * 2 + 1] = (guint8) (i % w < (gsize) w / 8 ? 0 : 255);
  for (int y = 0; y < h; y++)
    rows[y] = ga + (gsize) y * w * 2;
  write_png (pga, w, h, PNG_COLOR_TYPE_GRAY_ALPHA, 8, rows, NULL, 0, NULL, 0);

  for (gsize i = 0; i < (gsize) w * h; i++)
    idx[i] = p[i * 3] < 100 ? 1 : (i % w < 4 ? 3 : (i / w < 4 ? 2 : 0));
  for (int y = 0; y < h; y++)
    rows[y] = idx + (gsize) y * w;
  write_png (ppal, w, h, PNG_COLOR_TYPE_PALETTE, 8, rows, palette, 4, trans, 4);
}

/* A JPEG of the picture; @cmyk: four inverted channels, as Adobe writes
 * them; @progressive; @app1: an EXIF block to put first. */
static void
write_jpeg (const char *path,
            int w,
            int h,
            gboolean cmyk,
            gboolean progressive,
            const guint8 *app1,
            gsize app1_len)
{
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autofree guint8 *row = g_malloc ((gsize) w * 4);
  FILE *f = g_fopen (path, "wb");

  g_assert (f != NULL);
  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_stdio_dest (&c, f);
  c.image_width = w;
  c.image_height = h;
  c.input_components = cmyk ? 4 : 3;
  c.in_color_space = cmyk ? JCS_CMYK : JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 90, TRUE);
  if (progressive)
    jpeg_simple_progression (&c);
  if (cmyk)
    c.write_Adobe_marker = TRUE;
  jpeg_start_compress (&c, TRUE);
  if (app1 != NULL)
    jpeg_write_marker (&c, JPEG_APP0 + 1, app1, (unsigned) app1_len);
  while (c.next_scanline < c.image_height)
    {
      const guint8 *src = p + (gsize) c.next_scanline * w * 3;
      JSAMPROW r = row;
      for (int x = 0; x < w; x++)
        if (cmyk)
          {
            guint8 k = 255 - MAX (src[x * 3], MAX (src[x * 3 + 1], src[x * 3 + 2]));
            for (int ch = 0; ch < 3; ch++)
              row[x * 4 + ch] = (guint8) (255 - (255 - src[x * 3 + ch] - k));
            row[x * 4 + 3] = 255 - k; /* Adobe's inverted CMYK */
          }
        else
          memcpy (row + x * 3, src + x * 3, 3);
      jpeg_write_scanlines (&c, &r, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  fclose (f);
}

/* The EXIF block of orientation @o (little-endian TIFF, one IFD entry). */
static gsize
exif_orientation (guint8 *out, int o)
{
  static const guint8 head[] = { 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0 };
  guint8 *q = out + sizeof head;

  memcpy (out, head, sizeof head);
  /* tag 0x0112, type SHORT, count 1, value @o; then no next IFD */
  const guint8 entry[] = { 0x12, 0x01, 3, 0, 1, 0, 0, 0, (guint8) o, 0, 0, 0, 0, 0, 0, 0 };
  memcpy (q, entry, sizeof entry);
  return sizeof head + sizeof entry;
}

static void
write_animated_webp (const char *path)
{
  int w = 64, h = 48;
  WebPAnimEncoderOptions options;
  WebPAnimEncoder *enc;
  WebPData data = { 0 };
  WebPConfig config;

  g_assert (WebPAnimEncoderOptionsInit (&options) && WebPConfigInit (&config));
  enc = WebPAnimEncoderNew (w, h, &options);
  for (int frame = 0; frame < 3; frame++)
    {
      g_autofree guint8 *p = make_pixels (w, h, 4);
      WebPPicture pic;
      g_assert (WebPPictureInit (&pic));
      pic.width = w, pic.height = h, pic.use_argb = 1;
      for (gsize i = 0; i < (gsize) w * h; i++)
        p[i * 4] = (guint8) (p[i * 4] + frame * 60);
      g_assert (WebPPictureImportRGBA (&pic, p, w * 4));
      g_assert (WebPAnimEncoderAdd (enc, &pic, frame * 100, &config));
      WebPPictureFree (&pic);
    }
  g_assert (WebPAnimEncoderAdd (enc, NULL, 300, NULL));
  g_assert (WebPAnimEncoderAssemble (enc, &data));
  write_file (path, data.bytes, data.size);
  WebPDataClear (&data);
  WebPAnimEncoderDelete (enc);
}

/* @path cut short at each of @fractions of its length, as NAME-cutN.EXT
 * in @dir. */
static void
write_truncations (const char *path, const char *dir, const char *name, const char *ext)
{
  static const double fractions[] = { 0.02, 0.3, 0.6, 0.95 };
  g_autofree char *data = NULL;
  gsize len;

  g_assert (g_file_get_contents (path, &data, &len, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (fractions); i++)
    {
      g_autofree char *file
          = g_strdup_printf ("%s-cut%02d.%s", name, (int) (fractions[i] * 100), ext);
      g_autofree char *out = g_build_filename (dir, file, NULL);
      write_file (out, data, MAX (1, (gsize) (len * fractions[i])));
    }
}

/* A valid PNG that says it is 30000 × 30000 (its pixels would take 3.6 GB),
 * with a tiny IDAT: it must be refused before anything that size is made. */
static void
write_png_bomb (const char *path)
{
  g_autofree char *small = g_strconcat (path, ".tmp", NULL);
  g_autofree guint8 *data = NULL;
  gsize len;

  write_rgb_png (small, 8, 8);
  g_assert (g_file_get_contents (small, (char **) &data, &len, NULL));
  g_unlink (small);
  /* IHDR's width and height are at bytes 16–23; its CRC (bytes 29–32, over
   * the chunk's type and data) is made right again, so that the size, not
   * the checksum, is what must be refused. */
  data[16] = 0, data[17] = 0, data[18] = 0x75, data[19] = 0x30;
  data[20] = 0, data[21] = 0, data[22] = 0x75, data[23] = 0x30;
  {
    guint32 crc = (guint32) crc32 (0, data + 12, 17);
    data[29] = crc >> 24, data[30] = crc >> 16, data[31] = crc >> 8, data[32] = crc;
  }
  write_file (path, data, len);
}

/* A JPEG whose frame header says 30000 × 30000. */
static void
write_jpeg_bomb (const char *path)
{
  g_autofree char *small = g_strconcat (path, ".tmp", NULL);
  g_autofree guint8 *data = NULL;
  gsize len;

  write_jpeg (small, 16, 16, FALSE, FALSE, NULL, 0);
  g_assert (g_file_get_contents (small, (char **) &data, &len, NULL));
  g_unlink (small);
  for (gsize i = 2; i + 9 < len; i++)
    if (data[i] == 0xFF && data[i + 1] == 0xC0) /* SOF0: length, precision, height, width */
      {
        data[i + 5] = 0x75, data[i + 6] = 0x30, data[i + 7] = 0x75, data[i + 8] = 0x30;
        break;
      }
  write_file (path, data, len);
}

static void
write_good (const char *dir)
{
  g_autofree char *tiny = g_build_filename (dir, "tiny-1x1.png", NULL);
  g_autofree char *thin = g_build_filename (dir, "thin-1x10000.png", NULL);
  g_autofree char *cmyk = g_build_filename (dir, "cmyk.jpg", NULL);
  g_autofree char *prog = g_build_filename (dir, "progressive.jpg", NULL);
  g_autofree char *anim = g_build_filename (dir, "animated.webp", NULL);
  g_autofree char *latin1 = g_build_filename (dir, "caf\xe9-latin1.png", NULL);
  g_autoptr (GString) deep = g_string_new (dir);

  write_rgb_png (tiny, 1, 1);
  write_rgb_png (thin, 1, 10000);
  write_png_kinds (dir);
  write_jpeg (cmyk, 120, 90, TRUE, FALSE, NULL, 0);
  write_jpeg (prog, 120, 90, FALSE, TRUE, NULL, 0);
  for (int o = 1; o <= 8; o++)
    {
      g_autofree char *name = g_strdup_printf ("orientation-%d.jpg", o);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      guint8 exif[64];
      write_jpeg (path, 120, 80, FALSE, FALSE, exif, exif_orientation (exif, o));
    }
  write_animated_webp (anim);
  write_rgb_png (latin1, 64, 48);
  /* A path over 1000 bytes: folders of 100 characters each. */
  for (int i = 0; deep->len < 1000; i++)
    {
      g_string_append_printf (deep, "/%03d", i);
      for (int j = 0; j < 96; j++)
        g_string_append_c (deep, 'd');
      g_assert (g_mkdir_with_parents (deep->str, 0755) == 0);
    }
  g_string_append (deep, "/deep.png");
  write_rgb_png (deep->str, 64, 48);
}

static void
write_bad (const char *dir)
{
  g_autofree char *empty = g_build_filename (dir, "empty.jpg", NULL);
  g_autofree char *text = g_build_filename (dir, "text.jpg", NULL);
  g_autofree char *png_bomb = g_build_filename (dir, "bomb-30000.png", NULL);
  g_autofree char *jpeg_bomb = g_build_filename (dir, "bomb-30000.jpg", NULL);
  g_autofree char *tmp = g_dir_make_tmp ("cutout-corpus-XXXXXX", NULL);
  g_autofree char *jpeg = g_build_filename (tmp, "whole.jpg", NULL);
  g_autofree char *png = g_build_filename (tmp, "whole.png", NULL);
  g_autofree char *webp = g_build_filename (tmp, "whole.webp", NULL);

  write_file (empty, "", 0);
  write_file (text, "Shopping list: bread, milk.\n", strlen ("Shopping list: bread, milk.\n"));
  write_png_bomb (png_bomb);
  write_jpeg_bomb (jpeg_bomb);
  write_jpeg (jpeg, 320, 240, FALSE, FALSE, NULL, 0);
  write_truncations (jpeg, dir, "cut-jpeg", "jpg");
  write_rgb_png (png, 320, 240);
  write_truncations (png, dir, "cut-png", "png");
  {
    g_autofree guint8 *p = make_pixels (320, 240, 4);
    guint8 *out = NULL;
    gsize len = WebPEncodeRGBA (p, 320, 240, 320 * 4, 80, &out);
    g_assert (len > 0);
    write_file (webp, out, len);
    WebPFree (out);
  }
  write_truncations (webp, dir, "cut-webp", "webp");
  g_unlink (jpeg);
  g_unlink (png);
  g_unlink (webp);
  g_rmdir (tmp);
}

int
main (int argc, char **argv)
{
  g_autofree char *good = NULL, *bad = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: make-bad-corpus DIR\n");
      return 2;
    }
  good = g_build_filename (argv[1], "good", NULL);
  bad = g_build_filename (argv[1], "bad", NULL);
  g_assert (g_mkdir_with_parents (good, 0755) == 0 && g_mkdir_with_parents (bad, 0755) == 0);
  write_good (good);
  write_bad (bad);
  return 0;
}
