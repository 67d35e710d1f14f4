/* make-bad-corpus.c: writes the corpus of awkward and broken inputs
 *
 *   make-bad-corpus DIR
 *
 * Into DIR/good/ go images that are unusual but valid (each must be cut
 * out): 1 × 1, 1 × 10000, 16-bit, gray + alpha, palette + tRNS, CMYK and
 * progressive JPEGs, EXIF orientations 1–8, an animated WebP (its first
 * frame), BMP, TIFF, interlaced GIF, RLE TGA and PPM files, a name that is
 * not UTF-8, and a path over 1000 bytes long.  Into DIR/bad/ go files that
 * must each fail with a message naming them: empty, text named .jpg, JPEG,
 * PNG, WebP, BMP (also cut in half), TIFF, GIF, TGA and PPM files cut short
 * at several points, a 117-byte PPM declaring 9000 × 9000, and headers
 * declaring 30000 × 30000 (decompression bombs) in PNG, JPEG, BMP, TIFF,
 * GIF, XPM, TGA and PPM, a GIF frame of 20000 × 20000 and an SVG of
 * 20000 × 20000 (not an image where librsvg's loader is missing).
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
put_le16 (guint8 *p, guint v)
{
  p[0] = v, p[1] = v >> 8;
}

static void
put_le32 (guint8 *p, guint32 v)
{
  p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

/* Formats read through gdk-pixbuf, written here by hand (this program does
 * not link it): BMP, TIFF, GIF, TGA, PNM. */

/* 24-bit, stored bottom up, rows padded to 4 bytes */
static void
write_bmp (const char *path, int w, int h)
{
  g_autofree guint8 *p = make_pixels (w, h, 3);
  gsize stride = ((gsize) w * 3 + 3) / 4 * 4;
  gsize len = 54 + stride * h;
  g_autofree guint8 *data = g_malloc0 (len);

  data[0] = 'B', data[1] = 'M';
  put_le32 (data + 2, len);
  put_le32 (data + 10, 54); /* where the pixels start */
  put_le32 (data + 14, 40); /* BITMAPINFOHEADER */
  put_le32 (data + 18, w);
  put_le32 (data + 22, h);
  put_le16 (data + 26, 1);  /* planes */
  put_le16 (data + 28, 24); /* bits per pixel */
  for (int y = 0; y < h; y++)
    {
      guint8 *row = data + 54 + stride * (h - 1 - y);
      for (int x = 0; x < w; x++)
        {
          const guint8 *q = p + ((gsize) y * w + x) * 3;
          row[x * 3] = q[2], row[x * 3 + 1] = q[1], row[x * 3 + 2] = q[0];
        }
    }
  write_file (path, data, len);
}

/* Uncompressed RGB, little-endian, one strip after the IFD */
static void
write_tiff (const char *path, int w, int h)
{
  static const guint16 tags[][2] = {
    { 256, 4 }, { 257, 4 }, { 258, 3 }, { 259, 3 }, { 262, 3 },
    { 273, 4 }, { 277, 3 }, { 278, 4 }, { 279, 4 }, { 284, 3 },
  };
  g_autofree guint8 *p = make_pixels (w, h, 3);
  gsize ifd_len = 2 + G_N_ELEMENTS (tags) * 12 + 4, bits = 8 + ifd_len, pixels = bits + 6;
  gsize len = pixels + (gsize) w * h * 3;
  guint32 values[] = { w, h, bits, 1, 2, pixels, 3, h, (guint32) w * h * 3, 1 };
  g_autofree guint8 *data = g_malloc0 (len);

  memcpy (data, "II*\0\x08\0\0\0", 8);
  put_le16 (data + 8, G_N_ELEMENTS (tags));
  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      guint8 *e = data + 10 + i * 12;
      put_le16 (e, tags[i][0]);
      put_le16 (e + 2, tags[i][1]);
      put_le32 (e + 4, tags[i][0] == 258 ? 3 : 1); /* BitsPerSample: 8, 8, 8, stored apart */
      if (tags[i][1] == 3 && tags[i][0] != 258)
        put_le16 (e + 8, values[i]);
      else
        put_le32 (e + 8, values[i]);
    }
  put_le16 (data + bits, 8), put_le16 (data + bits + 2, 8), put_le16 (data + bits + 4, 8);
  memcpy (data + pixels, p, (gsize) w * h * 3);
  write_file (path, data, len);
}

/* 128 colours (a gradient and the disc's); LZW codes 8 bits wide, with a
 * clear code before the table would outgrow them */
static void
write_gif (const char *path, int w, int h, gboolean interlaced)
{
  static const int pass_start[] = { 0, 4, 2, 1 }, pass_step[] = { 8, 8, 4, 2 };
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  g_autoptr (GByteArray) codes = g_byte_array_new ();
  guint8 screen[7] = { 0, 0, 0, 0, 0x80 | 6, 0, 0 }; /* a global table of 128 colours */
  guint8 frame[10] = { ',', 0, 0, 0, 0, 0, 0, 0, 0, interlaced ? 0x40 : 0 };
  guint8 byte;
  int n = 0;

  put_le16 (screen, w), put_le16 (screen + 2, h);
  put_le16 (frame + 5, w), put_le16 (frame + 7, h);
  g_byte_array_append (out, (const guint8 *) "GIF89a", 6);
  g_byte_array_append (out, screen, sizeof screen);
  for (int i = 0; i < 128; i++)
    {
      /* 0–126: the background's red across the picture; 127: the disc */
      guint8 c[3] = { (guint8) (200 + 40 * i / 127), 210, 200 };
      if (i == 127)
        c[0] = 40, c[1] = 30, c[2] = 90;
      g_byte_array_append (out, c, 3);
    }
  g_byte_array_append (out, frame, sizeof frame);
  for (int pass = 0; pass < (interlaced ? 4 : 1); pass++)
    for (int y = interlaced ? pass_start[pass] : 0; y < h; y += interlaced ? pass_step[pass] : 1)
      for (int x = 0; x < w; x++)
        {
          const guint8 *q = p + ((gsize) y * w + x) * 3;
          if (n++ % 120 == 0)
            g_byte_array_append (codes, (const guint8 *) "\x80", 1); /* clear */
          byte = q[1] == 30 ? 127 : (guint8) (126 * x / MAX (w - 1, 1));
          g_byte_array_append (codes, &byte, 1);
        }
  g_byte_array_append (codes, (const guint8 *) "\x81", 1); /* end */
  byte = 7;                                                /* the minimum code size */
  g_byte_array_append (out, &byte, 1);
  for (guint i = 0; i < codes->len; i += 255)
    {
      byte = MIN (255, codes->len - i);
      g_byte_array_append (out, &byte, 1);
      g_byte_array_append (out, codes->data + i, byte);
    }
  g_byte_array_append (out, (const guint8 *) "\0;", 2);
  write_file (path, out->data, out->len);
}

/* True colour, run-length coded, the first row at the top */
static void
write_tga (const char *path, int w, int h)
{
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autoptr (GByteArray) out = g_byte_array_new ();
  guint8 header[18] = { 0, 0, 10 };

  put_le16 (header + 12, w), put_le16 (header + 14, h);
  header[16] = 24, header[17] = 0x20;
  g_byte_array_append (out, header, sizeof header);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w;)
      {
        const guint8 *q = p + ((gsize) y * w + x) * 3;
        guint8 packet[4] = { 0, q[2], q[1], q[0] };
        int run = 1;

        while (x + run < w && run < 128 && memcmp (q, q + run * 3, 3) == 0)
          run++;
        packet[0] = 0x80 | (run - 1); /* a run (of 1, where nothing repeats) */
        g_byte_array_append (out, packet, 4);
        x += run;
      }
  write_file (path, out->data, out->len);
}

static void
write_ppm (const char *path, int w, int h)
{
  g_autofree guint8 *p = make_pixels (w, h, 3);
  g_autofree char *head = g_strdup_printf ("P6\n# a disc\n%d %d\n255\n", w, h);
  g_autoptr (GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) head, strlen (head));
  g_byte_array_append (out, p, (gsize) w * h * 3);
  write_file (path, out->data, out->len);
}

/* @head, then @pad_len bytes of @pad (past the 4 KB gdk-pixbuf reads before
 * it picks a loader) */
static void
write_padded (const char *path, const guint8 *head, gsize head_len, guint8 pad, gsize pad_len)
{
  g_autoptr (GByteArray) out = g_byte_array_new ();

  g_byte_array_append (out, head, head_len);
  for (gsize i = 0; i < pad_len; i++)
    g_byte_array_append (out, &pad, 1);
  write_file (path, out->data, out->len);
}

/* Headers declaring 30000 × 30000 (900 megapixels) in the formats whose
 * gdk-pixbuf loaders allocate first, or fail as damaged, or warn. */
static void
write_pixbuf_bombs (const char *dir)
{
  g_autofree char *bmp = g_build_filename (dir, "bomb-30000.bmp", NULL);
  g_autofree char *tiff = g_build_filename (dir, "bomb-30000.tif", NULL);
  g_autofree char *gif = g_build_filename (dir, "bomb-30000.gif", NULL);
  g_autofree char *gif_frame = g_build_filename (dir, "bomb-frame-20000.gif", NULL);
  g_autofree char *xpm = g_build_filename (dir, "bomb-30000.xpm", NULL);
  g_autofree char *tga = g_build_filename (dir, "bomb-30000.tga", NULL);
  g_autofree char *ppm = g_build_filename (dir, "bomb-30000.ppm", NULL);
  g_autofree char *svg = g_build_filename (dir, "bomb-20000.svg", NULL);
  const char *xpm_text = "/* XPM */\nstatic char *bomb[] = {\n\"30000 30000 2 1\",\n"
                         "\"a c #FF0000\",\n\"b c #0000FF\",\n\"abab\"\n};\n";
  const char *ppm_text = "P6\n30000 30000\n255\n";
  /* Drawn at 20000 × 20000 by librsvg, or, without it, not an image */
  const char *svg_text = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20000\" "
                         "height=\"20000\">\n<circle cx=\"10000\" cy=\"10000\" r=\"5000\"/>\n"
                         "</svg>\n";
  guint8 head[54] = { 'B', 'M' };

  put_le32 (head + 10, 54);
  put_le32 (head + 14, 40);
  put_le32 (head + 18, 30000);
  put_le32 (head + 22, 30000);
  put_le16 (head + 26, 1);
  put_le16 (head + 28, 24);
  write_padded (bmp, head, 54, 0, 5000);

  write_tiff (tiff, 8, 8);
  {
    g_autofree guint8 *data = NULL;
    gsize len;
    g_assert (g_file_get_contents (tiff, (char **) &data, &len, NULL));
    put_le32 (data + 10 + 8, 30000); /* ImageWidth */
    put_le32 (data + 22 + 8, 30000); /* ImageLength */
    write_file (tiff, data, len);
  }

  write_gif (gif, 8, 8, FALSE);
  write_gif (gif_frame, 8, 8, FALSE);
  {
    g_autofree guint8 *data = NULL;
    gsize len;
    g_assert (g_file_get_contents (gif, (char **) &data, &len, NULL));
    put_le16 (data + 6, 30000), put_le16 (data + 8, 30000); /* the logical screen */
    write_file (gif, data, len);
    g_clear_pointer (&data, g_free);
    /* An 8 × 8 screen, and a first frame of 20000 × 20000 beyond it (the
     * loader allocates an index per pixel of the frame) */
    g_assert (g_file_get_contents (gif_frame, (char **) &data, &len, NULL));
    put_le16 (data + 6 + 7 + 128 * 3 + 5, 20000), put_le16 (data + 6 + 7 + 128 * 3 + 7, 20000);
    write_file (gif_frame, data, len);
  }

  write_padded (xpm, (const guint8 *) xpm_text, strlen (xpm_text), ' ', 5000);
  {
    guint8 tga_head[18] = { 0, 0, 2 };
    put_le16 (tga_head + 12, 30000), put_le16 (tga_head + 14, 30000);
    tga_head[16] = 24;
    write_padded (tga, tga_head, sizeof tga_head, 0, 5000);
  }
  write_padded (ppm, (const guint8 *) ppm_text, strlen (ppm_text), 0, 5000);
  write_file (svg, svg_text, strlen (svg_text));
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
  g_autofree char *bmp = g_build_filename (dir, "bmp-24bit.bmp", NULL);
  g_autofree char *tiff = g_build_filename (dir, "tiff-rgb.tif", NULL);
  g_autofree char *gif = g_build_filename (dir, "gif-interlaced.gif", NULL);
  g_autofree char *tga = g_build_filename (dir, "tga-rle.tga", NULL);
  g_autofree char *ppm = g_build_filename (dir, "pnm-raw.ppm", NULL);
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
  write_bmp (bmp, 120, 90);
  write_tiff (tiff, 120, 90);
  write_gif (gif, 120, 90, TRUE);
  write_tga (tga, 120, 90);
  write_ppm (ppm, 120, 90);
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
  g_autofree char *pnm_short = g_build_filename (dir, "pnm-9000-in-117-bytes.ppm", NULL);
  g_autofree char *bmp_half = g_build_filename (dir, "bmp-half.bmp", NULL);
  const char *formats[] = { "bmp", "tif", "gif", "tga", "ppm" };

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
  /* gdk-pixbuf's formats: cut short (their loaders take some so, the missing
   * rows black), and headers declaring too much */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strconcat ("whole.", formats[i], NULL);
      g_autofree char *whole = g_build_filename (tmp, name, NULL);
      g_autofree char *prefix = g_strconcat ("cut-", formats[i], NULL);

      if (i == 0)
        write_bmp (whole, 320, 240);
      else if (i == 1)
        write_tiff (whole, 320, 240);
      else if (i == 2)
        write_gif (whole, 320, 240, TRUE);
      else if (i == 3)
        write_tga (whole, 320, 240);
      else
        write_ppm (whole, 320, 240);
      write_truncations (whole, dir, prefix, formats[i]);
      if (i == 0)
        {
          g_autofree char *data = NULL;
          gsize len;
          g_assert (g_file_get_contents (whole, &data, &len, NULL));
          write_file (bmp_half, data, len / 2);
        }
      g_unlink (whole);
    }
  {
    /* 9000 × 9000 declared, 100 bytes of pixels given */
    guint8 pnm[117] = { 0 };
    memcpy (pnm, "P6\n9000 9000\n255\n", 17);
    write_file (pnm_short, pnm, sizeof pnm);
  }
  write_pixbuf_bombs (dir);
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
