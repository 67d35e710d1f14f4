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

#include "cutout-decode-private.h"
#include "cutout-decode.h"

G_DEFINE_QUARK (cutout - decode - error - quark, cutout_decode_error)

void
cutout_decode_set_corrupt (GError **error, const char *format_name, const char *detail)
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

/* Looks up @tag in the first IFD of the TIFF structure @tiff (TIFF 6.0,
 * section 2), for a value of type SHORT or, if @allow_long, LONG. Every
 * offset is bounds-checked: the block comes straight from the file. */
gboolean
cutout_tiff_ifd0_value (
    const guint8 *tiff, gsize size, guint tag, gboolean allow_long, guint32 *value)
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

  ifd = cutout_read_u32 (tiff + 4, be);
  if (ifd > size - 2)
    return FALSE;
  n_entries = cutout_read_u16 (tiff + ifd, be);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize entry = (gsize) ifd + 2 + (gsize) i * 12;
      guint type;

      if (entry + 12 > size)
        break;
      if (cutout_read_u16 (tiff + entry, be) != tag)
        continue;
      type = cutout_read_u16 (tiff + entry + 2, be);
      if (type == 3)
        {
          *value = cutout_read_u16 (tiff + entry + 8, be);
          return TRUE;
        }
      if (type == 4 && allow_long)
        {
          *value = cutout_read_u32 (tiff + entry + 8, be);
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
  if (!cutout_tiff_ifd0_value (tiff, size, 0x0112, FALSE, &value))
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
      cutout_decode_set_corrupt (error, "JPEG", jerr.message);
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
      && !cutout_image_check_size (cutout_read_u32 (data + 16, TRUE),
                                   cutout_read_u32 (data + 20, TRUE), error))
    return NULL;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &src, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (info == NULL)
    {
      png_destroy_read_struct (&png, NULL, NULL);
      cutout_decode_set_corrupt (error, "PNG", g_strerror (ENOMEM));
      return NULL;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (rows);
      cutout_image_free (image);
      cutout_decode_set_corrupt (error, "PNG", src.message);
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
      cutout_decode_set_corrupt (error, "WebP", _ ("the first frame cannot be read"));
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
      cutout_decode_set_corrupt (error, "WebP", _ ("the header cannot be read"));
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
          cutout_decode_set_corrupt (error, "WebP", _ ("the image data cannot be decoded"));
          return NULL;
        }
    }
  if (image == NULL)
    return NULL;
  return cutout_image_orient (image, webp_orientation (data, size));
}

/* The refusal of what is no image, or none Cutout reads. */
void
cutout_decode_set_unsupported (GError **error)
{
  g_set_error (error, CUTOUT_DECODE_ERROR, CUTOUT_DECODE_ERROR_UNSUPPORTED,
               _ ("not an image, or a format Cutout cannot read (it reads JPEG, PNG, WebP, "
                  "BMP and TIFF)"));
}

/* A JPEG, PNG or WebP, decoded here; anything else is refused. */
CutoutImage *
cutout_decode_own (const guint8 *data, gsize size, GError **error)
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
        cutout_decode_set_unsupported (error);
        return NULL;
    }
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
    return cutout_decode_own (data, size, error);
  return cutout_decode_pixbuf (data, size, error);
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

static void
stamp_from_stat (CutoutFileStamp *stamp, const struct stat *st)
{
  *stamp = (CutoutFileStamp){
    st->st_dev, st->st_ino, st->st_size,
    (gint64) st->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_mtim.tv_nsec,
    (gint64) st->st_ctim.tv_sec * G_GINT64_CONSTANT (1000000000) + st->st_ctim.tv_nsec
  };
}

/* Whether the file at @path is still the one @stamp was taken of (by
 * cutout_read_file_stamped()): the same device, inode, size, modification
 * and change times. A file written again, even to the same size, or
 * replaced by another, does not match. Does I/O (a stat): not on a thread
 * that must not wait. */
gboolean
cutout_file_stamp_matches (const CutoutFileStamp *stamp, const char *path)
{
  CutoutFileStamp now;
  struct stat st;

  g_return_val_if_fail (stamp != NULL && path != NULL, FALSE);

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  stamp_from_stat (&now, &st);
  return memcmp (&now, stamp, sizeof now) == 0;
}

/* Opens the image file at @path to read it, with its size in @size: only
 * a regular file of at most CUTOUT_MAX_FILE_SIZE. A named pipe or a device
 * would block or never end, so they are refused without reading, and the
 * file is opened non-blocking so that even opening a pipe cannot hang. */
static int
open_image_file (const char *path, goffset *size, CutoutFileStamp *stamp, GError **error)
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
      if (stamp != NULL)
        stamp_from_stat (stamp, &st);
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
  return cutout_read_file_stamped (path, NULL, error);
}

/* cutout_read_file(), and in @stamp (if not NULL) what the file was as it
 * was opened, for cutout_file_stamp_matches(). */
GBytes *
cutout_read_file_stamped (const char *path, CutoutFileStamp *stamp, GError **error)
{
  g_autofree guint8 *data = NULL;
  goffset size = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open_image_file (path, &size, stamp, error);
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

  fd = open_image_file (path, &size, NULL, error);
  if (fd < 0)
    return FALSE;
  n = MIN ((goffset) sizeof head, size);
  ok = read_all (fd, head, n, error);
  close (fd);
  if (ok && n == 0)
    set_empty (error);
  else if (ok && own_format (head, n) == OWN_NONE
           && gdk_pixbuf_get_file_info (path, NULL, NULL) == NULL)
    cutout_decode_set_unsupported (error);
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
