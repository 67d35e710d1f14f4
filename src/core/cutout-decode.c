/* cutout-decode.c: every supported file format to 8-bit RGBA, upright.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <webp/decode.h>
#include <webp/demux.h>

#include "cutout-decode.h"

G_DEFINE_QUARK (cutout - decode - error - quark, cutout_decode_error)

static void
set_corrupt (GError **error, const char *format_name, const char *detail)
{
  g_set_error (
      error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_CORRUPT,
      /* Translators: the first %s is a format (JPEG, PNG…), the second the decoder's words */
      _ ("the %s data is damaged or incomplete (%s)"), format_name, detail);
}

static void
set_empty (GError **error)
{
  g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_EMPTY, _ ("the file is empty"));
}

/* The formats decoded here rather than through gdk-pixbuf, told by their
 * first bytes. FF D8 is taken for a JPEG, as gdk-pixbuf takes it: one with
 * stray bytes after its first marker still goes to libjpeg, which refuses
 * it cut short (gdk-pixbuf's loader would fill the rest with gray). */
typedef enum
{
  OWN_NONE,
  OWN_JPEG,
  OWN_PNG,
  OWN_WEBP,
} OwnFormat;

static OwnFormat
own_format (const guint8 *data, gsize size)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 2 && data[0] == 0xff && data[1] == 0xd8)
    return OWN_JPEG;
  if (size >= 8 && memcmp (data, png_magic, 8) == 0)
    return OWN_PNG;
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return OWN_WEBP;
  return OWN_NONE;
}

/* EXIF orientation ---------------------------------------------------------- */

static guint
read_u16 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
}

static guint32
read_u32 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? ((guint32) p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3])
                    : ((guint32) p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0]);
}

/* Looks up @tag in the first IFD of the TIFF structure @tiff (TIFF 6.0,
 * section 2), for a value of type SHORT or, if @allow_long, LONG. Every
 * offset is bounds-checked: the block comes straight from the file. */
static gboolean
tiff_ifd0_value (const guint8 *tiff, gsize size, guint tag, gboolean allow_long, guint32 *value)
{
  gboolean be;
  guint32 ifd;
  guint n_entries;

  if (size < 8)
    return FALSE;
  if (memcmp (tiff, "MM\0*", 4) == 0)
    be = TRUE;
  else if (memcmp (tiff, "II*\0", 4) == 0)
    be = FALSE;
  else
    return FALSE;

  ifd = read_u32 (tiff + 4, be);
  if (ifd > size - 2)
    return FALSE;
  n_entries = read_u16 (tiff + ifd, be);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint type;

      if (entry + 12 > size)
        break;
      if (read_u16 (tiff + entry, be) != tag)
        continue;
      type = read_u16 (tiff + entry + 2, be);
      if (type == 3)
        {
          *value = read_u16 (tiff + entry + 8, be);
          return TRUE;
        }
      if (type == 4 && allow_long)
        {
          *value = read_u32 (tiff + entry + 8, be);
          return TRUE;
        }
    }
  return FALSE;
}

/* Orientation (1–8) from a TIFF-structured EXIF block (optionally preceded by
 * "Exif\0\0"); 1 when absent or unreadable. */
int
cutout_exif_orientation (const guint8 *tiff, gsize size)
{
  guint32 value;

  if (size >= 6 && memcmp (tiff, "Exif\0\0", 6) == 0)
    {
      tiff += 6;
      size -= 6;
    }
  if (!tiff_ifd0_value (tiff, size, 0x0112, FALSE, &value))
    return 1;
  return value >= 1 && value <= 8 ? (int) value : 1;
}

/* JPEG (libjpeg-turbo) ------------------------------------------------------ */

typedef struct
{
  struct jpeg_error_mgr pub;
  jmp_buf jmp;
  char message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;
  cinfo->err->format_message (cinfo, err->message);
  longjmp (err->jmp, 1);
}

/* libjpeg only warns about a truncated file and fills the rest with gray: a
 * cutout of half a photo is not what anyone wants, so that warning is fatal. */
static void
jpeg_emit_message_cb (j_common_ptr cinfo, int level)
{
  JpegError *err = (JpegError *) cinfo->err;
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF)
    {
      g_strlcpy (err->message, _ ("the file ends too early"), sizeof err->message);
      longjmp (err->jmp, 1);
    }
}

static void
cmyk_to_rgba (guint8 *row, int width, gboolean inverted)
{
  for (int x = 0; x < width; x++)
    {
      guint8 *p = row + x * 4;
      guint c = p[0], m = p[1], y = p[2], k = p[3];
      if (!inverted)
        {
          c = 255 - c, m = 255 - m, y = 255 - y, k = 255 - k;
        }
      /* Adobe's inverted CMYK: each stored value is already 255 - ink. */
      p[0] = (c * k + 127) / 255;
      p[1] = (m * k + 127) / 255;
      p[2] = (y * k + 127) / 255;
      p[3] = 255;
    }
}

static int
jpeg_orientation (struct jpeg_decompress_struct *cinfo)
{
  for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next)
    if (m->marker == JPEG_APP0 + 1 && m->data_length > 6 && memcmp (m->data, "Exif\0\0", 6) == 0)
      return cutout_exif_orientation (m->data, m->data_length);
  return 1;
}

/* The smallest libjpeg scale, in eighths, that keeps both sides of a
 * @width × @height JPEG at least @min_side (8: full size). */
static int
jpeg_scale_for (int width, int height, int min_side)
{
  if (min_side <= 0)
    return 8;
  for (int n = 1; n < 8; n++)
    if ((width * n + 7) / 8 >= min_side && (height * n + 7) / 8 >= min_side)
      return n;
  return 8;
}

/* @min_side, @full_width, @full_height: see cutout_decode_file_reduced(). */
static CutoutImage *
decode_jpeg (
    const guint8 *data, gsize size, int min_side, int *full_width, int *full_height, GError **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegError jerr;
  CutoutImage *volatile image = NULL;
  gboolean cmyk;
  int orientation;

  memset (&cinfo, 0, sizeof cinfo);
  cinfo.err = jpeg_std_error (&jerr.pub);
  jerr.pub.error_exit = jpeg_error_exit_cb;
  jerr.pub.emit_message = jpeg_emit_message_cb;
  if (setjmp (jerr.jmp))
    {
      jpeg_destroy_decompress (&cinfo);
      cutout_image_free (image);
      set_corrupt (error, "JPEG", jerr.message);
      return NULL;
    }

  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, size);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 1, 0xffff);
  jpeg_read_header (&cinfo, TRUE);
  /* Refuse what would be too large at full size, even when decoding less. */
  if (!cutout_image_check_size (cinfo.image_width, cinfo.image_height, error))
    {
      jpeg_destroy_decompress (&cinfo);
      return NULL;
    }
  cinfo.scale_num = jpeg_scale_for (cinfo.image_width, cinfo.image_height, min_side);
  cinfo.scale_denom = 8;
  jpeg_calc_output_dimensions (&cinfo);

  image = cutout_image_try_new (cinfo.output_width, cinfo.output_height, 4, error);
  if (image == NULL)
    {
      jpeg_destroy_decompress (&cinfo);
      return NULL;
    }

  cmyk = cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK;
  cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_EXT_RGBA;
  jpeg_start_decompress (&cinfo);
  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW row = cutout_image_row (image, cinfo.output_scanline);
      jpeg_read_scanlines (&cinfo, &row, 1);
      if (cmyk)
        cmyk_to_rgba (row, image->width, cinfo.saw_Adobe_marker);
    }
  orientation = jpeg_orientation (&cinfo);
  /* Orientations 5 to 8 turn the picture a quarter. */
  *full_width = orientation >= 5 ? cinfo.image_height : cinfo.image_width;
  *full_height = orientation >= 5 ? cinfo.image_width : cinfo.image_height;
  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  return cutout_image_orient (image, orientation);
}

/* PNG (libpng) -------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize size;
  gsize pos;
  char message[256];
} PngSource;

static void
png_read_cb (png_structp png, png_bytep out, png_size_t n)
{
  PngSource *src = png_get_io_ptr (png);
  if (n > src->size - src->pos)
    png_error (png, _ ("the file ends too early"));
  memcpy (out, src->data + src->pos, n);
  src->pos += n;
}

static void
png_error_cb (png_structp png, png_const_charp message)
{
  PngSource *src = png_get_error_ptr (png);
  g_strlcpy (src->message, message, sizeof src->message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp message)
{
  /* Ancillary-chunk trouble (a bad gamma or ICC chunk) does not stop decoding. */
}

static int
png_orientation (png_structp png, png_infop info)
{
#ifdef PNG_eXIf_SUPPORTED
  png_bytep exif = NULL;
  png_uint_32 n = 0;
  if (png_get_eXIf_1 (png, info, &n, &exif) != 0 && exif != NULL)
    return cutout_exif_orientation (exif, n);
#endif
  return 1;
}

static void
png_set_rgba8_transforms (png_structp png, png_infop info)
{
  int color_type = png_get_color_type (png, info);

  png_set_expand (png); /* palette → RGB, gray < 8 bits → 8, tRNS → alpha */
  png_set_scale_16 (png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb (png);
  if (!(color_type & PNG_COLOR_MASK_ALPHA) && !png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_add_alpha (png, 0xff, PNG_FILLER_AFTER);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);
}

static CutoutImage *
decode_png (const guint8 *data, gsize size, GError **error)
{
  PngSource src = { data, size, 0, "" };
  png_structp png;
  png_infop info = NULL;
  CutoutImage *volatile image = NULL;
  png_bytep *volatile rows = NULL;
  int orientation;

  /* The size is in the first chunk: refuse a bomb before libpng reads on. */
  if (size >= 24 && memcmp (data + 12, "IHDR", 4) == 0
      && !cutout_image_check_size (read_u32 (data + 16, TRUE), read_u32 (data + 20, TRUE), error))
    return NULL;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &src, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      set_corrupt (error, "PNG", g_strerror (ENOMEM));
      return NULL;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (rows);
      cutout_image_free (image);
      set_corrupt (error, "PNG", src.message);
      return NULL;
    }

  png_set_read_fn (png, &src, png_read_cb);
  /* Our own limit decides the size; lift libpng's 1,000,000-pixel-wide default. */
  png_set_user_limits (png, 0x7fffffff, 0x7fffffff);
  png_read_info (png, info);

  image = cutout_image_try_new (png_get_image_width (png, info), png_get_image_height (png, info),
                                4, error);
  if (image == NULL)
    {
      png_destroy_read_struct (&png, &info, NULL);
      return NULL;
    }
  png_set_rgba8_transforms (png, info);
  if (png_get_rowbytes (png, info) != cutout_image_stride (image))
    png_error (png, "unexpected row size");

  rows = g_new (png_bytep, image->height);
  for (int y = 0; y < image->height; y++)
    rows[y] = cutout_image_row (image, y);
  png_read_image (png, rows);
  orientation = png_orientation (png, info);
  png_destroy_read_struct (&png, &info, NULL);
  g_free (rows);
  return cutout_image_orient (image, orientation);
}

/* WebP (libwebp) ------------------------------------------------------------ */

static int
webp_orientation (const guint8 *data, gsize size)
{
  WebPData webp = { data, size };
  WebPDemuxer *demux = WebPDemux (&webp);
  WebPChunkIterator iter;
  int orientation = 1;

  if (demux == NULL)
    return 1;
  if (WebPDemuxGetChunk (demux, "EXIF", 1, &iter))
    {
      orientation = cutout_exif_orientation (iter.chunk.bytes, iter.chunk.size);
      WebPDemuxReleaseChunkIterator (&iter);
    }
  WebPDemuxDelete (demux);
  return orientation;
}

/* An animated WebP becomes its first frame. */
static CutoutImage *
decode_webp_animation (const guint8 *data, gsize size, int width, int height, GError **error)
{
  WebPData webp = { data, size };
  WebPAnimDecoderOptions options;
  WebPAnimDecoder *dec;
  CutoutImage *image;
  uint8_t *frame = NULL;
  int timestamp;

  image = cutout_image_try_new (width, height, 4, error);
  if (image == NULL)
    return NULL;
  WebPAnimDecoderOptionsInit (&options);
  options.color_mode = MODE_RGBA;
  options.use_threads = 0;
  dec = WebPAnimDecoderNew (&webp, &options);
  if (dec == NULL || !WebPAnimDecoderGetNext (dec, &frame, &timestamp))
    {
      WebPAnimDecoderDelete (dec);
      cutout_image_free (image);
      set_corrupt (error, "WebP", _ ("the first frame cannot be read"));
      return NULL;
    }
  memcpy (image->pixels, frame, cutout_image_stride (image) * image->height);
  WebPAnimDecoderDelete (dec);
  return image;
}

static CutoutImage *
decode_webp (const guint8 *data, gsize size, GError **error)
{
  WebPBitstreamFeatures features;
  CutoutImage *image;

  if (WebPGetFeatures (data, size, &features) != VP8_STATUS_OK)
    {
      set_corrupt (error, "WebP", _ ("the header cannot be read"));
      return NULL;
    }
  if (features.has_animation)
    image = decode_webp_animation (data, size, features.width, features.height, error);
  else
    {
      image = cutout_image_try_new (features.width, features.height, 4, error);
      if (image == NULL)
        return NULL;
      if (WebPDecodeRGBAInto (data, size, image->pixels,
                              cutout_image_stride (image) * image->height,
                              cutout_image_stride (image))
          == NULL)
        {
          cutout_image_free (image);
          set_corrupt (error, "WebP", _ ("the image data cannot be decoded"));
          return NULL;
        }
    }
  if (image == NULL)
    return NULL;
  return cutout_image_orient (image, webp_orientation (data, size));
}

/* Everything else (BMP, TIFF, GIF, …) through gdk-pixbuf --------------------- */

static void
set_unsupported (GError **error)
{
  g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_UNSUPPORTED,
               _ ("not an image, or a format Cutout cannot read (it reads JPEG, PNG, WebP, "
                  "BMP and TIFF)"));
}

/* Declared sizes, read before any loader sees the file.
 *
 * The loaders report the size they find through size-prepared, but not all
 * in time: XPM's and XBM's allocate the picture first, GIF's an index per
 * pixel of a first frame however much larger than its screen; BMP's and
 * TIFF's fail some sizes as damaged first (a width over 2^30 / bytes per
 * pixel; over 2 GB of pixels); PNM's and TGA's, told to stop, stop with a
 * GLib warning instead of an error. So their headers are read here. Each
 * reader returns FALSE for a file not of its format or whose header it
 * cannot read: the loader then decides, size-prepared still watched. */

/* A decimal number at *@pos, after white space (and "#" comments to the end
 * of the line if @hash_comments, as in PNM), saturated just above G_MAXINT. */
static gboolean
read_decimal (const guint8 *data, gsize size, gsize *pos, gboolean hash_comments, gint64 *value)
{
  gboolean negative = FALSE;
  gsize start;

  while (*pos < size)
    {
      if (hash_comments && data[*pos] == '#')
        while (*pos < size && data[*pos] != '\n' && data[*pos] != '\r')
          (*pos)++;
      else if (g_ascii_isspace (data[*pos]))
        (*pos)++;
      else
        break;
    }
  if (*pos < size && (data[*pos] == '-' || data[*pos] == '+'))
    negative = data[(*pos)++] == '-';
  *value = 0;
  for (start = *pos; *pos < size && g_ascii_isdigit (data[*pos]); (*pos)++)
    *value = MIN (*value * 10 + (data[*pos] - '0'), (gint64) G_MAXINT + 1);
  if (negative)
    *value = -*value;
  return *pos > start;
}

static gboolean
bmp_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  guint32 header_size;

  if (size < 26 || data[0] != 'B' || data[1] != 'M')
    return FALSE;
  header_size = read_u32 (data + 14, FALSE);
  if (header_size == 12) /* OS/2 */
    {
      *width = read_u16 (data + 18, FALSE);
      *height = read_u16 (data + 20, FALSE);
      return TRUE;
    }
  if (header_size < 40)
    return FALSE;
  *width = (gint32) read_u32 (data + 18, FALSE);
  /* Negative: the rows are stored top down. */
  *height = ABS ((gint64) (gint32) read_u32 (data + 22, FALSE));
  return TRUE;
}

static gboolean
tiff_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  guint32 w, h;

  /* ImageWidth and ImageLength of the first image, the one gdk-pixbuf reads */
  if (!tiff_ifd0_value (data, size, 256, TRUE, &w) || !tiff_ifd0_value (data, size, 257, TRUE, &h))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

/* PBM, PGM, PPM, plain or raw (P1 to P6) */
static gboolean
pnm_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  gsize pos = 2;

  if (size < 3 || data[0] != 'P' || data[1] < '1' || data[1] > '6' || !g_ascii_isspace (data[2]))
    return FALSE;
  return read_decimal (data, size, &pos, TRUE, width)
         && read_decimal (data, size, &pos, TRUE, height);
}

/* Moves *@pos past the next @c outside C comments, as gdk-pixbuf's XPM
 * reader looks for the array and its first string. */
static gboolean
xpm_seek (const guint8 *data, gsize size, gsize *pos, guint8 c)
{
  while (*pos < size)
    {
      guint8 b = data[(*pos)++];

      if (b == c)
        return TRUE;
      if (b == '/' && *pos < size && data[*pos] == '*')
        {
          for ((*pos)++; *pos + 1 < size && !(data[*pos] == '*' && data[*pos + 1] == '/'); (*pos)++)
            ;
          if (*pos + 1 >= size)
            return FALSE;
          *pos += 2;
        }
    }
  return FALSE;
}

/* The first string of the array: "WIDTH HEIGHT COLOURS CHARS-PER-PIXEL" */
static gboolean
xpm_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  gsize pos = 9;

  if (size < 9 || memcmp (data, "/* XPM */", 9) != 0)
    return FALSE;
  return xpm_seek (data, size, &pos, '{') && xpm_seek (data, size, &pos, '"')
         && read_decimal (data, size, &pos, FALSE, width)
         && read_decimal (data, size, &pos, FALSE, height);
}

/* "#define NAME_width N" and "#define NAME_height N", before the bits */
static gboolean
xbm_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  gsize pos = 0;

  if (size < 8 || memcmp (data, "#define ", 8) != 0)
    return FALSE;
  *width = *height = -1;
  while (pos < size && (*width < 0 || *height < 0))
    {
      const guint8 *eol = memchr (data + pos, '\n', size - pos);
      gsize end = eol != NULL ? (gsize) (eol - data) : size;

      if (end - pos > 8 && memcmp (data + pos, "#define", 7) == 0
          && (data[pos + 7] == ' ' || data[pos + 7] == '\t'))
        {
          gsize p = pos + 8, type, type_end;
          gint64 value;

          while (p < end && (data[p] == ' ' || data[p] == '\t'))
            p++;
          for (type = p; p < end && !g_ascii_isspace (data[p]); p++)
            if (data[p] == '_')
              type = p + 1; /* the word after the last "_" */
          type_end = p;
          if (read_decimal (data, end, &p, FALSE, &value))
            {
              if (type_end - type == 5 && memcmp (data + type, "width", 5) == 0)
                *width = value;
              else if (type_end - type == 6 && memcmp (data + type, "height", 6) == 0)
                *height = value;
            }
        }
      else if (end - pos >= 6 && memcmp (data + pos, "static", 6) == 0)
        break; /* the bits begin */
      pos = end + 1;
    }
  return *width >= 0 && *height >= 0;
}

/* TGA has no magic number: the header must look like one of the kinds the
 * loader reads (colour-mapped, true-colour or gray; plain or RLE). */
static gboolean
tga_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  guint type, depth;
  gboolean mapped;

  if (size < 18)
    return FALSE;
  type = data[2];
  depth = data[16];
  mapped = type == 1 || type == 9;
  if (!mapped && type != 2 && type != 3 && type != 10 && type != 11)
    return FALSE;
  if (data[1] != (mapped ? 1 : 0))
    return FALSE;
  if (depth != 8 && depth != 15 && depth != 16 && depth != 24 && depth != 32)
    return FALSE;
  *width = read_u16 (data + 12, FALSE);
  *height = read_u16 (data + 14, FALSE);
  return TRUE;
}

/* The logical screen, and every frame: gdk-pixbuf allocates an index per
 * pixel of the first frame whatever the screen's size. */
static gboolean
check_gif_sizes (const guint8 *data, gsize size, GError **error)
{
  gsize pos = 13;

  if (size < 13)
    return TRUE;
  if (!cutout_image_check_size (read_u16 (data + 6, FALSE), read_u16 (data + 8, FALSE), error))
    return FALSE;
  if (data[10] & 0x80)
    pos += 3 << ((data[10] & 7) + 1); /* the global colour table */
  while (pos < size)
    {
      guint8 c = data[pos++];

      if (c == ';')
        break;
      if (c == ',')
        {
          guint w, h;

          if (size - pos < 9)
            break;
          w = read_u16 (data + pos + 4, FALSE);
          h = read_u16 (data + pos + 6, FALSE);
          if ((guint64) w * h > CUTOUT_MAX_PIXELS)
            return cutout_image_check_size (w, h, error);
          if (data[pos + 8] & 0x80)
            pos += 3 << ((data[pos + 8] & 7) + 1); /* a local colour table */
          pos += 9 + 1;                            /* the descriptor, the LZW code size */
        }
      else if (c == '!')
        pos++; /* the extension's label; its blocks follow */
      else
        continue; /* the loader skips stray bytes too */
      /* Data sub-blocks, each after its length, up to an empty one */
      while (pos < size && data[pos] != 0)
        pos += 1 + data[pos];
      pos++;
    }
  return TRUE;
}

/* ICO and CUR images are 256 × 256 at most, but their loader grows a buffer
 * to wherever a directory entry says its bitmap and palette end (2 GB for a
 * bogus entry): refused when that lies beyond the file. */
static gboolean
check_ico (const guint8 *data, gsize size, const char *format_name, GError **error)
{
  guint n_entries;

  if (size < 6 || data[0] != 0 || data[1] != 0 || (data[2] != 1 && data[2] != 2) || data[3] != 0)
    return TRUE;
  n_entries = read_u16 (data + 4, FALSE);
  for (guint i = 0; i < n_entries && 6 + (gsize) (i + 1) * 16 <= size; i++)
    {
      guint64 offset = read_u32 (data + 6 + i * 16 + 12, FALSE);
      guint64 end = offset + 40; /* BITMAPINFOHEADER */

      if (end <= size)
        end += 4 * (guint64) read_u32 (data + offset + 32, FALSE); /* the colours used */
      if (end > size)
        {
          set_corrupt (error, format_name, _ ("the file ends too early"));
          return FALSE;
        }
    }
  return TRUE;
}

/* An animated cursor's frames are ICO files, each in an "icon" chunk (the
 * loader reads a LIST's chunks as if they were at the top). */
static gboolean
check_ani_frames (const guint8 *data, gsize size, GError **error)
{
  gsize pos = 12;

  while (pos <= size && size - pos >= 8)
    {
      guint32 len = read_u32 (data + pos + 4, FALSE);

      if (memcmp (data + pos, "LIST", 4) == 0)
        {
          pos += 12;
          continue;
        }
      if (memcmp (data + pos, "icon", 4) == 0
          && !check_ico (data + pos + 8, MIN (len, size - pos - 8), "ANI", error))
        return FALSE;
      if (len > size - pos - 8)
        break;
      pos += 8 + (gsize) len + (len & 1);
    }
  return TRUE;
}

/* FALSE (and @error) if the header declares a size over the limit (or not
 * positive), or a buffer beyond the end of the file. TRUE for anything else,
 * including other formats. */
static gboolean
check_declared_size (const guint8 *data, gsize size, GError **error)
{
  gint64 width, height;

  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return check_gif_sizes (data, size, error);
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "ACON", 4) == 0)
    return check_ani_frames (data, size, error);
  if (!check_ico (data, size, "ICO", error))
    return FALSE;
  /* The BMP loader grows its buffer to the size the info header declares for
   * itself before it looks at it (4 GB for a bogus one): only the sizes it
   * knows. */
  if (size >= 18 && data[0] == 'B' && data[1] == 'M')
    {
      guint32 header_size = read_u32 (data + 14, FALSE);

      if (header_size != 12 && header_size != 40 && header_size != 52 && header_size != 56
          && header_size != 64 && header_size != 108 && header_size != 124)
        {
          set_corrupt (error, "BMP", _ ("the header cannot be read"));
          return FALSE;
        }
    }
  if (bmp_declared_size (data, size, &width, &height)
      || tiff_declared_size (data, size, &width, &height)
      || pnm_declared_size (data, size, &width, &height)
      || xpm_declared_size (data, size, &width, &height)
      || xbm_declared_size (data, size, &width, &height)
      || tga_declared_size (data, size, &width, &height))
    return cutout_image_check_size (width, height, error);
  return TRUE;
}

/* Images inside images.
 *
 * ICNS and QTIF files carry a whole image file (PNG or JPEG 2000 for ICNS's
 * 256- and 512-pixel icons, usually JPEG for QTIF), which their gdk-pixbuf
 * loaders hand to a second GdkPixbufLoader that nothing checks: no size
 * limit (a 100-byte ICNS declaring a 30000 × 30000 PNG takes 2.7 GB), and
 * for ICNS no truncation check (it reports the whole picture at once). So
 * the image inside is decoded here instead, by the decoders above. */

/* The block the ICNS loader would decode first: of its 256- and 512-pixel
 * blocks, the last. NULL when it has none, or its blocks do not add up (the
 * loader then finds no picture in them either). */
static const guint8 *
icns_embedded (const guint8 *data, gsize size, gsize *inner_size)
{
  const guint8 *found = NULL;
  guint32 total;
  gsize pos = 8;

  if (size < 8 || memcmp (data, "icns", 4) != 0)
    return NULL;
  total = read_u32 (data + 4, TRUE);
  if (total > size)
    return NULL;
  while (pos < total && total - pos >= 8)
    {
      guint32 len = read_u32 (data + pos + 4, TRUE);

      if (len < 8 || len > total - pos)
        return NULL;
      if (memcmp (data + pos, "ic08", 4) == 0 || memcmp (data + pos, "ic09", 4) == 0)
        {
          found = data + pos + 8;
          *inner_size = len - 8;
        }
      pos += len;
    }
  return found;
}

static gboolean
is_qtif (const guint8 *data, gsize size)
{
  return size >= 8 && (memcmp (data + 4, "idat", 4) == 0 || memcmp (data + 4, "idsc", 4) == 0);
}

/* The first image data atom (what is there of it, if cut short) */
static const guint8 *
qtif_embedded (const guint8 *data, gsize size, gsize *inner_size)
{
  gsize pos = 0;

  /* As many atoms as the loader looks at */
  for (guint n = 0; n < 1024 && size - pos >= 8; n++)
    {
      guint32 len = read_u32 (data + pos, TRUE);

      if (len < 8)
        return NULL;
      if (memcmp (data + pos + 4, "idat", 4) == 0)
        {
          *inner_size = MIN ((gsize) len - 8, size - pos - 8);
          return data + pos + 8;
        }
      if (len > size - pos)
        return NULL;
      pos += len;
    }
  return NULL;
}

static gboolean
is_jpeg2000 (const guint8 *data, gsize size)
{
  return (size >= 12 && memcmp (data, "\0\0\0\x0cjP  \r\n\x87\n", 12) == 0)
         || (size >= 4 && memcmp (data, "\xff\x4f\xff\x51", 4) == 0);
}

/* A JPEG, PNG or WebP, decoded here; anything else is refused. */
static CutoutImage *
decode_own (const guint8 *data, gsize size, GError **error)
{
  int w, h;

  switch (own_format (data, size))
    {
      case OWN_JPEG:
        return decode_jpeg (data, size, 0, &w, &h, error);
      case OWN_PNG:
        return decode_png (data, size, error);
      case OWN_WEBP:
        return decode_webp (data, size, error);
      case OWN_NONE:
      default:
        set_unsupported (error);
        return NULL;
    }
}

/* The loader, watched */

/* An animated cursor is a RIFF file of ICO frames (256 × 256 at most). Its
 * loader takes the first frame, and says nothing when a later one is cut
 * short: the file's own length tells. */
static gboolean
ani_is_cut_short (const guint8 *data, gsize size)
{
  return size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "ACON", 4) == 0
         && read_u32 (data + 4, FALSE) > size - 8;
}

typedef struct
{
  gboolean prepared;
  int width, height; /* as the file declares, in the first size-prepared */
  gboolean refused;  /* over the limit, or not positive */
  gboolean inconsistent;
  guint8 *rows; /* one bit per row: whether area-updated has delivered it */
  int n_rows;   /* rows delivered */
} PixbufCheck;

static void
pixbuf_check_clear (PixbufCheck *check)
{
  g_clear_pointer (&check->rows, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PixbufCheck, pixbuf_check_clear)

static void
pixbuf_size_prepared_cb (GdkPixbufLoader *loader, int width, int height, gpointer user_data)
{
  PixbufCheck *check = user_data;

  /* PNM's loader says its size again with every piece of data. */
  if (check->prepared)
    {
      if (width != check->width || height != check->height)
        check->inconsistent = TRUE;
      return;
    }
  check->prepared = TRUE;
  check->width = width;
  check->height = height;
  if (width <= 0 || height <= 0 || (guint64) width * (guint64) height > CUTOUT_MAX_PIXELS)
    {
      /* A size of 0 makes the loader stop before it allocates the pixels (or,
       * SVG's, render 1 × 1): refused either way once it is done. */
      check->refused = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  /* At most 12.5 MB, for a 1 × 100,000,000 image */
  check->rows = g_malloc0 (((gsize) height + 7) / 8);
}

static void
pixbuf_area_updated_cb (
    GdkPixbufLoader *loader, int x, int y, int width, int height, gpointer user_data)
{
  PixbufCheck *check = user_data;
  gint64 end = MIN ((gint64) y + height, check->height);

  if (check->rows == NULL || width <= 0)
    return;
  for (gint64 row = MAX (y, 0); row < end; row++)
    if (!(check->rows[row / 8] & (1 << (row % 8))))
      {
        check->rows[row / 8] |= 1 << (row % 8);
        check->n_rows++;
      }
}

static CutoutImage *
pixbuf_to_image (GdkPixbuf *pixbuf, GError **error)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int nc = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  CutoutImage *image;

  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || (nc != 3 && nc != 4))
    {
      set_corrupt (error, _ ("image"), _ ("unexpected pixel layout"));
      return NULL;
    }
  image = cutout_image_try_new (w, h, 4, error);
  if (image == NULL)
    return NULL;
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * stride;
      guint8 *d = cutout_image_row (image, y);
      for (int x = 0; x < w; x++, s += nc, d += 4)
        {
          d[0] = s[0], d[1] = s[1], d[2] = s[2];
          d[3] = nc == 4 ? s[3] : 255;
        }
    }
  return image;
}

static CutoutImage *
decode_pixbuf (const guint8 *data, gsize size, GError **error)
{
  g_autoptr (GdkPixbufLoader) loader = NULL;
  g_autoptr (GdkPixbuf) oriented = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (PixbufCheck) check = { 0 };
  g_autofree char *loader_name = NULL, *format_name = NULL;
  GdkPixbufFormat *format;
  GdkPixbuf *pixbuf;
  const guint8 *inner;
  gsize inner_size = 0;
  gboolean ok;

  inner = icns_embedded (data, size, &inner_size);
  /* No loader reads JPEG 2000: the ICNS loader falls back to its smaller
   * icons (RLE-coded, 128 × 128 at most), which it decodes itself. */
  if (inner != NULL && !is_jpeg2000 (inner, inner_size))
    return decode_own (inner, inner_size, error);
  if (is_qtif (data, size))
    {
      inner = qtif_embedded (data, size, &inner_size);
      if (inner == NULL)
        {
          set_corrupt (error, "QTIF", _ ("no picture in the file"));
          return NULL;
        }
      return decode_own (inner, inner_size, error);
    }
  if (!check_declared_size (data, size, error))
    return NULL;

  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (pixbuf_size_prepared_cb), &check);
  g_signal_connect (loader, "area-updated", G_CALLBACK (pixbuf_area_updated_cb), &check);
  ok = gdk_pixbuf_loader_write (loader, data, size, &local_error)
       && gdk_pixbuf_loader_close (loader, &local_error);
  /* A loader told to stop may even succeed, with a picture of the size it
   * was told (SVG's) or none (BMP's): neither is the file's. */
  if (check.refused)
    {
      cutout_image_check_size (check.width, check.height, error);
      return NULL;
    }
  if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
    {
      set_unsupported (error);
      return NULL;
    }
  format = gdk_pixbuf_loader_get_format (loader);
  loader_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  format_name = loader_name != NULL ? g_ascii_strup (loader_name, -1) : g_strdup (_ ("image"));
  if (!ok)
    {
      /* (Some loaders fail without a word when they find nothing.) */
      set_corrupt (error, format_name,
                   local_error != NULL ? local_error->message : _ ("no picture in the file"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      set_corrupt (error, format_name, _ ("no picture in the file"));
      return NULL;
    }
  if (!check.prepared || check.inconsistent || gdk_pixbuf_get_width (pixbuf) != check.width
      || gdk_pixbuf_get_height (pixbuf) != check.height)
    {
      set_corrupt (error, format_name, _ ("the picture is not the size its header declares"));
      return NULL;
    }
  /* BMP, ICO and PNM loaders take a file cut short as it is, the missing rows
   * left as they were allocated: the rows delivered tell. GIF's report whole
   * frames, not rows, and it refuses a file without its trailer itself. */
  if ((check.n_rows < check.height && g_strcmp0 (loader_name, "gif") != 0)
      || ani_is_cut_short (data, size))
    {
      set_corrupt (error, format_name, _ ("the file ends too early"));
      return NULL;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  return pixbuf_to_image (oriented, error);
}

/* Entry points -------------------------------------------------------------- */

CutoutImage *
cutout_decode_data (const guint8 *data, gsize size, GError **error)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (size == 0)
    {
      set_empty (error);
      return NULL;
    }
  if (own_format (data, size) != OWN_NONE)
    return decode_own (data, size, error);
  return decode_pixbuf (data, size, error);
}

/* Why the file at @path, of mode @mode, is not one to read as an image. */
static void
set_not_regular (GError **error, mode_t mode)
{
  const char *why;

  if (S_ISDIR (mode))
    why = _ ("this is a folder, not an image file");
  else if (S_ISFIFO (mode))
    why = _ ("this is a named pipe (FIFO), not an image file");
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    why = _ ("this is a device, not an image file");
  else if (S_ISSOCK (mode))
    why = _ ("this is a socket, not an image file");
  else
    why = _ ("this is not a regular file");
  g_set_error_literal (error, G_IO_ERROR,
                       S_ISDIR (mode) ? G_IO_ERROR_IS_DIRECTORY : G_IO_ERROR_NOT_REGULAR_FILE, why);
}

static void
set_open_error (GError **error, int saved)
{
  if (saved == ENOENT)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _ ("the file does not exist (it may have been moved or deleted)"));
  else if (saved == EACCES)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                         _ ("permission denied: the file cannot be read"));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                 _ ("the file cannot be opened: %s"), g_strerror (saved));
}

/* Reads @size bytes of @fd into @data; FALSE with @error set if the file
 * ends sooner or cannot be read. */
static gboolean
read_all (int fd, guint8 *data, gsize size, GError **error)
{
  gsize done = 0;

  while (done < size)
    {
      gssize n = read (fd, data + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _ ("the file changed while it was being read (it got shorter)"));
          return FALSE;
        }
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _ ("the file cannot be read: %s"), g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/* Opens the image file at @path to read it, with its size in @size: only
 * a regular file of at most CUTOUT_MAX_FILE_SIZE. A named pipe or a device
 * would block or never end, so they are refused without reading, and the
 * file is opened non-blocking so that even opening a pipe cannot hang. */
static int
open_image_file (const char *path, goffset *size, GError **error)
{
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);

  if (fd < 0)
    {
      set_open_error (error, errno);
      return -1;
    }
  if (fstat (fd, &st) != 0)
    set_open_error (error, errno);
  else if (!S_ISREG (st.st_mode))
    set_not_regular (error, st.st_mode);
  else if (st.st_size > CUTOUT_MAX_FILE_SIZE)
    g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_TOO_LARGE,
                 _ ("the file is too large (%.1f GB; the limit is 1 GB)"), st.st_size / 1e9);
  else
    {
      *size = st.st_size;
      return fd;
    }
  close (fd);
  return -1;
}

/* The whole content of the image file at @path, read into memory with
 * read(2) (see open_image_file() for which files are read). The file is
 * never mapped: a mapped file that shrinks while it is read kills the
 * process (SIGBUS); a read file only comes out short. */
GBytes *
cutout_read_file (const char *path, GError **error)
{
  g_autofree guint8 *data = NULL;
  goffset size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open_image_file (path, &size, error);
  if (fd < 0)
    return NULL;
  data = g_malloc (MAX (size, 1));
  if (!read_all (fd, data, size, error))
    {
      close (fd);
      return NULL;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* Whether the file at @path looks like an image Cutout can read, from its
 * first bytes (and gdk-pixbuf's look at the rest for its formats), without
 * decoding it: for checking many files quickly as they are added. A file
 * cut short or otherwise damaged is only found by decoding it. Never waits
 * on a pipe or a device. */
gboolean
cutout_probe_file (const char *path, GError **error)
{
  guint8 head[16];
  goffset size = 0;
  gsize n;
  gboolean ok;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = open_image_file (path, &size, error);
  if (fd < 0)
    return FALSE;
  n = MIN ((goffset) sizeof head, size);
  ok = read_all (fd, head, n, error);
  close (fd);
  if (ok && n == 0)
    set_empty (error);
  else if (ok && own_format (head, n) == OWN_NONE
           && gdk_pixbuf_get_file_info (path, NULL, NULL) == NULL)
    set_unsupported (error);
  else
    return ok;
  return FALSE;
}

/* Decodes the image at @path (any supported format, recognised by its content,
 * not its name) into upright 8-bit RGBA. The messages in @error do not repeat
 * the path: callers put the file's name in front. */
CutoutImage *
cutout_decode_file (const char *path, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = cutout_read_file (path, error);
  if (bytes == NULL)
    return NULL;
  return cutout_decode_bytes (bytes, error);
}

/* Decodes @bytes, the whole of an image file (see cutout_read_file()). */
CutoutImage *
cutout_decode_bytes (GBytes *bytes, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return cutout_decode_data (data, size, error);
}

/* Decodes @bytes for a use that needs no more than @min_side pixels on each
 * side (the model's input, a thumbnail). A JPEG is decoded at a reduced scale
 * when both its sides stay at least @min_side: libjpeg then skips most of the
 * work, and a 12-megapixel photo takes a quarter of the memory. Other formats
 * are decoded at full size. The image's real, upright size goes to
 * @full_width and @full_height. */
CutoutImage *
cutout_decode_bytes_reduced (
    GBytes *bytes, int min_side, int *full_width, int *full_height, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  CutoutImage *image;

  if (own_format (data, size) == OWN_JPEG)
    return decode_jpeg (data, size, min_side, full_width, full_height, error);
  image = cutout_decode_data (data, size, error);
  if (image != NULL)
    *full_width = image->width, *full_height = image->height;
  return image;
}

/* cutout_decode_bytes_reduced() of the file at @path. */
CutoutImage *
cutout_decode_file_reduced (
    const char *path, int min_side, int *full_width, int *full_height, GError **error)
{
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = cutout_read_file (path, error);
  if (bytes == NULL)
    return NULL;
  return cutout_decode_bytes_reduced (bytes, min_side, full_width, full_height, error);
}
