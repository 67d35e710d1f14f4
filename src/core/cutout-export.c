/* cutout-export.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <jpeglib.h>
#if HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif
#include <zlib.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include "cutout-compose.h"
#include "cutout-decode.h"
#include "cutout-enums.h"
#include "cutout-export.h"
#include "cutout-mask.h"

/* TRUE if both paths name the same existing file (also through links). */
gboolean
cutout_same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

/* The one message for a write refused because it would replace an input:
 * @input itself, or (@among_inputs) one of the images of a queue. */
void
cutout_set_input_error (GError **error, const char *path, gboolean among_inputs)
{
  if (among_inputs)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _ ("Cannot write %s: it is one of the input images, and Cutout never "
                    "overwrites an input"),
                 path);
  else
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 _ ("Cannot write %s: it is the input image itself, and Cutout never "
                    "overwrites an input"),
                 path);
}

/* TRUE, with @error set, if @path is the existing file @input (or NULL). */
gboolean
cutout_refuse_input (const char *input, const char *path, gboolean among_inputs, GError **error)
{
  if (input == NULL || !cutout_same_file (input, path))
    return FALSE;
  cutout_set_input_error (error, path, among_inputs);
  return TRUE;
}

/* The rows to write: @image as it is, or composed with @mask row by row, so
 * that a cutout is never held twice in memory. */
typedef struct
{
  const CutoutImage *image;
  const CutoutImage *mask;
  guint8 *scratch;
} RowSource;

static const guint8 *
row_source_get (RowSource *src, int y)
{
  if (src->mask == NULL)
    return cutout_image_row (src->image, y);
  cutout_compose_alpha_row (cutout_image_row (src->image, y), cutout_image_row (src->mask, y),
                            src->scratch, src->image->width);
  return src->scratch;
}

/* How a stream writer failed, when errno does not say. */
typedef struct
{
  char message[256];
  char warning[256]; /* the writer's last warning, for the debug log */
  gboolean cancelled;
} WriteStatus;

/* Writes a whole file to @f; on failure, fills @status (or leaves errno). */
typedef gboolean (*StreamWriter) (FILE *f,
                                  gpointer data,
                                  GCancellable *cancellable,
                                  WriteStatus *status);

static void
png_write_error_cb (png_structp png, png_const_charp message)
{
  WriteStatus *err = png_get_error_ptr (png);
  g_strlcpy (err->message, message, sizeof err->message);
  png_longjmp (png, 1);
}

static void
png_write_warning_cb (png_structp png, png_const_charp message)
{
  WriteStatus *err = png_get_error_ptr (png);
  g_strlcpy (err->warning, message, sizeof err->warning);
}

typedef struct
{
  RowSource rows;
  int level;
  const CutoutMetadata *metadata; /* or NULL */
} PngJob;

#define INCHES_PER_METRE 39.37007874

/* The profile (for colour images: a mask is gray) and the resolution.
 * Metadata never fails an export. libpng refuses some profiles that are
 * common in real photos: HP's 1998 sRGB profile ("known incorrect sRGB
 * profile", in many camera and web JPEGs), which other programs use as it
 * is, so the check for it is skipped; and profiles it finds malformed, which
 * its benign-error mode turns into a warning that leaves them out. */
static void
png_set_metadata (png_structp png,
                  png_infop info,
                  const CutoutImage *image,
                  const CutoutMetadata *m,
                  WriteStatus *err)
{
  if (m == NULL)
    return;
  if (m->icc != NULL && image->n_channels == 4 && cutout_metadata_icc_is_rgb (m))
    {
#ifdef PNG_SKIP_sRGB_CHECK_PROFILE
      png_set_option (png, PNG_SKIP_sRGB_CHECK_PROFILE, PNG_OPTION_ON);
#endif
      png_set_benign_errors (png, 1);
      err->warning[0] = '\0';
      png_set_iCCP (png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE,
                    g_bytes_get_data (m->icc, NULL), g_bytes_get_size (m->icc));
      if (!png_get_valid (png, info, PNG_INFO_iCCP))
        g_debug ("the colour profile is left out of the PNG: %s", err->warning);
    }
  if (m->dpi_x > 0 && m->dpi_y > 0)
    png_set_pHYs (png, info, (png_uint_32) (m->dpi_x * INCHES_PER_METRE + 0.5),
                  (png_uint_32) (m->dpi_y * INCHES_PER_METRE + 0.5), PNG_RESOLUTION_METER);
}

/* The image data at the fast level: each row "up"-filtered into one
 * buffer and compressed at once by libdeflate, which at its level 1 takes
 * about half zlib's time at level 1 for a smaller file (docs/PERFORMANCE.md),
 * written as IDAT chunks of 1 MiB and the IEND after them, straight to @f
 * (libpng, which wrote the header, keeps no buffer of its own). */
#define IDAT_CHUNK (1 << 20)

typedef enum
{
  FAST_WRITTEN,
  FAST_NOT_DONE, /* nothing written: too little memory; zlib row by row instead */
  FAST_CANCELLED,
  FAST_FAILED, /* errno says why */
} FastResult;

#if HAVE_LIBDEFLATE
static gboolean
write_chunk (FILE *f, const char *type, const guint8 *data, gsize length)
{
  guint8 head[8]
      = { length >> 24, length >> 16, length >> 8, length, type[0], type[1], type[2], type[3] };
  uLong crc = crc32 (crc32 (0, head + 4, 4), data, (uInt) length);
  guint8 tail[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

  return fwrite (head, 1, 8, f) == 8 && (length == 0 || fwrite (data, 1, length, f) == length)
         && fwrite (tail, 1, 4, f) == 4;
}

/* The rows, composed and "up"-filtered (a filter byte before each). */
static guint8 *
filter_rows (RowSource *src, gsize stride, gsize size, GCancellable *cancellable)
{
  const CutoutImage *image = src->image;
  guint8 *filtered = g_try_malloc (size);
  g_autofree guint8 *previous = src->mask ? g_try_malloc (stride) : NULL;
  const guint8 *above = NULL;

  if (filtered == NULL || (src->mask != NULL && previous == NULL))
    return g_free (filtered), NULL;
  for (int y = 0; y < image->height; y++)
    {
      const guint8 *row = row_source_get (src, y);
      guint8 *out = filtered + (stride + 1) * y;
      if (y % 64 == 0 && g_cancellable_is_cancelled (cancellable))
        return g_free (filtered), NULL;
      out[0] = 2; /* "up" */
      for (gsize i = 0; i < stride; i++)
        out[1 + i] = (guint8) (row[i] - (above ? above[i] : 0));
      /* A composed row is in the source's scratch, which the next reuses. */
      if (previous != NULL)
        above = memcpy (previous, row, stride);
      else
        above = row;
    }
  return filtered;
}

/* @size bytes of @data zlib-compressed at libdeflate's level 1, in *@n. */
static guint8 *
deflate_all (const guint8 *data, gsize size, gsize *n)
{
  struct libdeflate_compressor *compressor = libdeflate_alloc_compressor (1);
  /* A cutout compresses to a fraction of its size; noise may not, and is
   * given the worst case's room on a second try. */
  gsize room = size / 4 + 1024;
  guint8 *packed = NULL;

  *n = 0;
  if (compressor == NULL)
    return NULL;
  for (int attempt = 0; attempt < 2 && *n == 0; attempt++)
    {
      if (attempt == 1)
        room = libdeflate_zlib_compress_bound (compressor, size);
      g_free (packed);
      packed = g_try_malloc (room);
      if (packed != NULL)
        *n = libdeflate_zlib_compress (compressor, data, size, packed, room);
    }
  libdeflate_free_compressor (compressor);
  if (*n == 0)
    g_clear_pointer (&packed, g_free);
  return packed;
}

static FastResult
write_idat_fast (FILE *f, RowSource *src, GCancellable *cancellable)
{
  const CutoutImage *image = src->image;
  gsize stride = (gsize) image->width * image->n_channels, size = (stride + 1) * image->height;
  g_autofree guint8 *filtered = filter_rows (src, stride, size, cancellable);
  g_autofree guint8 *packed = NULL;
  gsize n;

  if (g_cancellable_is_cancelled (cancellable))
    return FAST_CANCELLED;
  if (filtered == NULL)
    return FAST_NOT_DONE;
  packed = deflate_all (filtered, size, &n);
  if (packed == NULL)
    return FAST_NOT_DONE;
  g_clear_pointer (&filtered, g_free);
  for (gsize at = 0; at < n; at += IDAT_CHUNK)
    if (!write_chunk (f, "IDAT", packed + at, MIN (IDAT_CHUNK, n - at)))
      return FAST_FAILED;
  return write_chunk (f, "IEND", NULL, 0) ? FAST_WRITTEN : FAST_FAILED;
}
#else
static FastResult
write_idat_fast (FILE *f, RowSource *src, GCancellable *cancellable)
{
  return FAST_NOT_DONE;
}
#endif

static gboolean
write_png_stream (FILE *f, gpointer data, GCancellable *cancellable, WriteStatus *err)
{
  PngJob *job = data;
  RowSource *src = &job->rows;
  int level = job->level;
  const CutoutImage *image = src->image;
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, err, png_write_error_cb,
                                             png_write_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;

  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      g_strlcpy (err->message, g_strerror (ENOMEM), sizeof err->message);
      return FALSE;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      return FALSE;
    }
  png_init_io (png, f);
  png_set_IHDR (png, info, image->width, image->height, 8,
                image->n_channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_GRAY,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_metadata (png, info, image, job->metadata, err);
  png_set_compression_level (png, level);
  /* At the fast level, trying all five filters per row costs more than it
   * saves. Of single filters, "up" was the fastest and smallest on 1080p
   * cutouts measured here (2-8 % smaller and a little faster than "sub"). */
  if (level <= CUTOUT_PNG_LEVEL_FAST)
    png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_write_info (png, info);
  if (level <= CUTOUT_PNG_LEVEL_FAST)
    {
      FastResult result = write_idat_fast (f, src, cancellable);
      if (result != FAST_NOT_DONE)
        {
          png_destroy_write_struct (&png, &info);
          err->cancelled = result == FAST_CANCELLED;
          return result == FAST_WRITTEN;
        }
    }
  for (int y = 0; y < image->height; y++)
    {
      if (y % 64 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          err->cancelled = TRUE;
          png_error (png, "cancelled");
        }
      png_write_row (png, row_source_get (src, y));
    }
  png_write_end (png, info);
  png_destroy_write_struct (&png, &info);
  return TRUE;
}

static void
set_write_error (GError **error, const char *path, int errsv, const char *detail)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv),
               /* Translators: %s: the file; %s: the reason */
               _ ("Cannot write %s: %s"), path, detail ? detail : g_strerror (errsv));
}

/* A file that is replaced keeps its permissions, as with cp: the new one
 * is made with those of the one at @path, if that is a plain file (a link
 * there is replaced, not followed). */
static void
keep_mode (int fd, const char *path)
{
  GStatBuf old;

  if (g_lstat (path, &old) == 0 && S_ISREG (old.st_mode))
    fchmod (fd, old.st_mode & 07777);
}

/* A new file beside @path, open for writing in @fd, with the mode the
 * file it is to replace has (keep_mode()); its path, or NULL and @error.
 * A short name of its own: the final name may be as long as names go. */
char *
cutout_export_temporary (const char *path, int *fd, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, ".cutout-XXXXXX", NULL);

  *fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (*fd < 0)
    {
      set_write_error (error, path, errno, NULL);
      return NULL;
    }
  keep_mode (*fd, path);
  return g_steal_pointer (&tmp);
}

/* Writes a file at @path with @writer. The data goes to a temporary file
 * beside @path that is renamed over it only once complete, so a full disk, a
 * cancellation or a crash never leaves a half-written file or destroys an
 * older one. */
static gboolean
write_atomically (
    const char *path, StreamWriter writer, gpointer data, GCancellable *cancellable, GError **error)
{
  g_autofree char *tmp = NULL;
  WriteStatus err = { "", "", FALSE };
  FILE *f;
  int fd, errsv;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  tmp = cutout_export_temporary (path, &fd, error);
  if (tmp == NULL)
    return FALSE;
  f = fdopen (fd, "wb");
  if (f == NULL)
    {
      errsv = errno;
      close (fd);
      g_unlink (tmp);
      set_write_error (error, path, errsv, NULL);
      return FALSE;
    }
  errno = 0;
  ok = writer (f, data, cancellable, &err);
  ok = ok && fflush (f) == 0 && fsync (fileno (f)) == 0;
  errsv = errno;
  if (fclose (f) != 0)
    {
      errsv = errsv ? errsv : errno;
      ok = FALSE;
    }
  /* The last moment a cancellation can still leave nothing behind. */
  if (ok && g_cancellable_is_cancelled (cancellable))
    ok = FALSE, err.cancelled = TRUE;
  if (ok && g_rename (tmp, path) != 0)
    {
      errsv = errno;
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      if (err.cancelled)
        g_cancellable_set_error_if_cancelled (cancellable, error);
      else
        set_write_error (error, path, errsv ? errsv : EIO, errsv ? NULL : err.message);
    }
  return ok;
}

/* Writes @image (RGBA or gray) as it is. */
gboolean
cutout_export_png (const CutoutImage *image,
                   const char *path,
                   int level,
                   GCancellable *cancellable,
                   GError **error)
{
  PngJob job = { { image, NULL, NULL }, level, NULL };

  return write_atomically (path, write_png_stream, &job, cancellable, error);
}

/* Formats ------------------------------------------------------------------------ */

void
cutout_export_options_init (CutoutExportOptions *options)
{
  *options = (CutoutExportOptions){
    .format = CUTOUT_FORMAT_PNG,
    .png_level = CUTOUT_PNG_LEVEL_FAST,
    .webp_level = CUTOUT_WEBP_LEVEL_FAST,
    .lossy = FALSE,
    .quality = CUTOUT_DEFAULT_QUALITY,
    .background = { 255, 255, 255 },
  };
}

/* "png", "webp", "jpg" (or "jpeg") or "mask", in any case. */
gboolean
cutout_format_parse (const char *name, CutoutFormat *format)
{
  g_autoptr (GEnumClass) formats = g_type_class_ref (CUTOUT_TYPE_FORMAT);
  g_autofree char *lower = g_ascii_strdown (name, -1);
  GEnumValue *value
      = g_enum_get_value_by_nick (formats, g_str_equal (lower, "jpeg") ? "jpg" : lower);

  if (value != NULL)
    {
      *format = value->value;
      return TRUE;
    }
  return FALSE;
}

const char *
cutout_format_get_extension (CutoutFormat format)
{
  switch (format)
    {
      case CUTOUT_FORMAT_WEBP:
        return "webp";
      case CUTOUT_FORMAT_JPEG:
        return "jpg";
      case CUTOUT_FORMAT_PNG:
      case CUTOUT_FORMAT_MASK:
      default:
        return "png";
    }
}

/* A colour by name (white, black, gray, and the ID-photo blue and red) or
 * as #rrggbb or #rgb. */
gboolean
cutout_color_parse (const char *text, guint8 rgb[3])
{
  static const struct
  {
    const char *name;
    guint8 rgb[3];
  } names[] = {
    { "white", { 255, 255, 255 } }, { "black", { 0, 0, 0 } },     { "gray", { 128, 128, 128 } },
    { "grey", { 128, 128, 128 } },  { "blue", { 67, 142, 219 } }, { "red", { 220, 20, 60 } },
  };
  size_t len;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        memcpy (rgb, names[i].rgb, 3);
        return TRUE;
      }
  len = strlen (text);
  if (text[0] != '#' || (len != 7 && len != 4))
    return FALSE;
  for (size_t i = 1; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  for (int c = 0; c < 3; c++)
    {
      if (len == 7)
        rgb[c]
            = g_ascii_xdigit_value (text[1 + 2 * c]) * 16 + g_ascii_xdigit_value (text[2 + 2 * c]);
      else
        rgb[c] = g_ascii_xdigit_value (text[1 + c]) * 17;
    }
  return TRUE;
}

/* JPEG ---------------------------------------------------------------------------- */

typedef struct
{
  struct jpeg_error_mgr base;
  jmp_buf jump;
  WriteStatus *status;
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  if (!err->status->cancelled)
    (*cinfo->err->format_message) (cinfo, err->status->message);
  longjmp (err->jump, 1);
}

typedef struct
{
  const CutoutImage *image;
  const CutoutImage *mask;
  const CutoutExportOptions *options;
  const CutoutMetadata *metadata; /* or NULL */
} ImageJob;

static gboolean
write_jpeg_stream (FILE *f, gpointer data, GCancellable *cancellable, WriteStatus *status)
{
  ImageJob *job = data;
  const CutoutImage *image = job->image;
  struct jpeg_compress_struct cinfo;
  JpegError err;
  g_autofree guint8 *row = g_malloc ((gsize) image->width * 3);

  cinfo.err = jpeg_std_error (&err.base);
  err.base.error_exit = jpeg_error_exit_cb;
  err.status = status;
  if (setjmp (err.jump))
    {
      jpeg_destroy_compress (&cinfo);
      return FALSE;
    }
  jpeg_create_compress (&cinfo);
  jpeg_stdio_dest (&cinfo, f);
  cinfo.image_width = image->width;
  cinfo.image_height = image->height;
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults (&cinfo);
  jpeg_set_quality (&cinfo, CLAMP (job->options->quality, 1, 100), TRUE);
  if (job->metadata != NULL && job->metadata->dpi_x > 0 && job->metadata->dpi_y > 0)
    {
      cinfo.density_unit = 1; /* dots per inch */
      cinfo.X_density = (UINT16) CLAMP (job->metadata->dpi_x + 0.5, 1, 65535);
      cinfo.Y_density = (UINT16) CLAMP (job->metadata->dpi_y + 0.5, 1, 65535);
    }
  jpeg_start_compress (&cinfo, TRUE);
  if (job->metadata != NULL && cutout_metadata_icc_is_rgb (job->metadata))
    jpeg_write_icc_profile (&cinfo, g_bytes_get_data (job->metadata->icc, NULL),
                            g_bytes_get_size (job->metadata->icc));
  while (cinfo.next_scanline < cinfo.image_height)
    {
      int y = cinfo.next_scanline;
      JSAMPROW rows[1] = { row };
      if (y % 64 == 0 && g_cancellable_is_cancelled (cancellable))
        {
          status->cancelled = TRUE;
          jpeg_abort_compress (&cinfo);
          jpeg_destroy_compress (&cinfo);
          return FALSE;
        }
      cutout_compose_flatten_row (cutout_image_row (image, y), cutout_image_row (job->mask, y),
                                  job->options->background, row, image->width);
      jpeg_write_scanlines (&cinfo, rows, 1);
    }
  jpeg_finish_compress (&cinfo);
  jpeg_destroy_compress (&cinfo);
  return TRUE;
}

/* WebP ----------------------------------------------------------------------------- */

/* libwebp asks as it goes whether to carry on. */
static int
webp_progress_cb (int percent, const WebPPicture *picture)
{
  return !g_cancellable_is_cancelled (picture->user_data);
}

/* The encoded @writer's image with the ICC profile in its container. */
static gboolean
write_webp_with_profile (FILE *f, WebPMemoryWriter *writer, GBytes *icc, WriteStatus *status)
{
  WebPData image = { writer->mem, writer->size };
  WebPData profile = { g_bytes_get_data (icc, NULL), g_bytes_get_size (icc) };
  WebPData out = { NULL, 0 };
  WebPMux *mux = WebPMuxCreate (&image, 0);
  gboolean ok = mux != NULL && WebPMuxSetChunk (mux, "ICCP", &profile, 0) == WEBP_MUX_OK
                && WebPMuxAssemble (mux, &out) == WEBP_MUX_OK;

  if (!ok)
    g_strlcpy (status->message, _ ("WebP cannot hold the colour profile"), sizeof status->message);
  ok = ok && fwrite (out.bytes, 1, out.size, f) == out.size;
  WebPDataClear (&out);
  WebPMuxDelete (mux);
  return ok;
}

static gboolean
write_webp_stream (FILE *f, gpointer data, GCancellable *cancellable, WriteStatus *status)
{
  ImageJob *job = data;
  g_autoptr (CutoutImage) rgba = cutout_compose_alpha (job->image, job->mask);
  WebPConfig config;
  WebPPicture picture;
  WebPMemoryWriter writer;
  gboolean ok;

  if (!WebPConfigInit (&config) || !WebPPictureInit (&picture))
    {
      g_strlcpy (status->message, "libwebp version mismatch", sizeof status->message);
      return FALSE;
    }
  if (job->options->lossy)
    config.quality = CLAMP (job->options->quality, 1, 100);
  else
    WebPConfigLosslessPreset (&config, CLAMP (job->options->webp_level, 0, 9));
  picture.use_argb = !job->options->lossy;
  picture.width = rgba->width;
  picture.height = rgba->height;
  picture.progress_hook = webp_progress_cb;
  picture.user_data = cancellable;
  WebPMemoryWriterInit (&writer);
  picture.writer = WebPMemoryWrite;
  picture.custom_ptr = &writer;
  ok = WebPPictureImportRGBA (&picture, rgba->pixels, (int) cutout_image_stride (rgba));
  g_clear_pointer (&rgba, cutout_image_free);
  ok = ok && WebPEncode (&config, &picture);
  if (!ok && picture.error_code == VP8_ENC_ERROR_USER_ABORT)
    status->cancelled = TRUE;
  else if (!ok)
    g_snprintf (status->message, sizeof status->message, _ ("WebP encoding failed (error %d)"),
                picture.error_code);
  WebPPictureFree (&picture);
  if (ok && job->metadata != NULL && cutout_metadata_icc_is_rgb (job->metadata))
    ok = write_webp_with_profile (f, &writer, job->metadata->icc, status);
  else
    ok = ok && fwrite (writer.mem, 1, writer.size, f) == writer.size;
  WebPMemoryWriterClear (&writer);
  return ok;
}

/* Writing a result ---------------------------------------------------------------- */

static gboolean
check_size (const CutoutExportOptions *options,
            const CutoutImage *image,
            const char *path,
            GError **error)
{
  /* The formats' own limits. */
  int max = options->format == CUTOUT_FORMAT_WEBP   ? WEBP_MAX_DIMENSION
            : options->format == CUTOUT_FORMAT_JPEG ? JPEG_MAX_DIMENSION
                                                    : G_MAXINT;

  if (image->width <= max && image->height <= max)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _ ("Cannot write %s: %s images can be at most %d pixels a side, and this one is "
                  "%d × %d"),
               path, options->format == CUTOUT_FORMAT_WEBP ? "WebP" : "JPEG", max, image->width,
               image->height);
  return FALSE;
}

static gboolean
export_file (const CutoutImage *image,
             const CutoutImage *mask,
             const CutoutExportOptions *options,
             const CutoutMetadata *metadata,
             const char *source,
             const char *path,
             GCancellable *cancellable,
             GError **error)
{
  ImageJob job = { image, mask, options, metadata };
  PngJob png = { { options->format == CUTOUT_FORMAT_MASK ? mask : image,
                   options->format == CUTOUT_FORMAT_MASK ? NULL : mask, NULL },
                 options->png_level,
                 metadata };
  g_autofree guint8 *scratch = NULL;

  g_return_val_if_fail (mask != NULL && mask->n_channels == 1, FALSE);
  g_return_val_if_fail (options->format == CUTOUT_FORMAT_MASK || image != NULL, FALSE);

  if (cutout_refuse_input (source, path, FALSE, error))
    return FALSE;
  switch (options->format)
    {
      case CUTOUT_FORMAT_MASK:
        return write_atomically (path, write_png_stream, &png, cancellable, error);
      case CUTOUT_FORMAT_PNG:
        g_return_val_if_fail (image->width == mask->width && image->height == mask->height, FALSE);
        png.rows.scratch = scratch = g_malloc (cutout_image_stride (image));
        return write_atomically (path, write_png_stream, &png, cancellable, error);
      case CUTOUT_FORMAT_JPEG:
        return check_size (options, image, path, error)
               && write_atomically (path, write_jpeg_stream, &job, cancellable, error);
      case CUTOUT_FORMAT_WEBP:
        return check_size (options, image, path, error)
               && write_atomically (path, write_webp_stream, &job, cancellable, error);
      default:
        g_return_val_if_reached (FALSE);
    }
}

/* Writes the cutout of @image by @mask at @path, as @options say (for
 * CUTOUT_FORMAT_MASK, @image may be NULL), with the colour profile and
 * resolution of @metadata (or NULL). Refuses to write over @source,
 * the image it was cut from: an export never replaces an input. */
gboolean
cutout_export_file (const CutoutImage *image,
                    const CutoutImage *mask,
                    const CutoutExportOptions *options,
                    const CutoutMetadata *metadata,
                    const char *source,
                    const char *path,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autoptr (CutoutImage) cleaned = NULL;

  if (options->format != CUTOUT_FORMAT_MASK && image != NULL && mask != NULL)
    image = cutout_compose_colours (image, mask, options->clean_colours, &cleaned);
  return export_file (image, mask, options, metadata, source, path, cancellable, error);
}
