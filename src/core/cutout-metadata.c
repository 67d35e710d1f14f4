/* cutout-metadata.c
 *
 * Reading metadata never fails: a file whose profile or resolution cannot
 * be read is exported without them, as a photo without them would be.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <webp/demux.h>

#include "cutout-decode.h"
#include "cutout-metadata.h"

#define INCHES_PER_METRE 39.37007874

CutoutMetadata *
cutout_metadata_new (void)
{
  return g_new0 (CutoutMetadata, 1);
}

void
cutout_metadata_free (CutoutMetadata *metadata)
{
  if (metadata == NULL)
    return;
  g_clear_pointer (&metadata->icc, g_bytes_unref);
  g_free (metadata);
}

/* Whether the profile is for RGB colours (its colour space, bytes 16–19). */
gboolean
cutout_metadata_icc_is_rgb (const CutoutMetadata *metadata)
{
  gsize size;
  const guint8 *data = metadata->icc ? g_bytes_get_data (metadata->icc, &size) : NULL;

  return data != NULL && size >= 20 && memcmp (data + 16, "RGB ", 4) == 0;
}

/* PNG ------------------------------------------------------------------------------ */

typedef struct
{
  const guint8 *data;
  gsize size, offset;
} Reader;

static void
png_read_cb (png_structp png, png_bytep out, size_t n)
{
  Reader *r = png_get_io_ptr (png);

  if (n > r->size - r->offset)
    png_error (png, "truncated");
  memcpy (out, r->data + r->offset, n);
  r->offset += n;
}

static void
png_error_cb (png_structp png, png_const_charp message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp message)
{
}

static void
read_png (const guint8 *data, gsize size, CutoutMetadata *m)
{
  Reader reader = { data, size, 0 };
  png_structp png
      = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  png_charp name;
  png_bytep profile;
  png_uint_32 length, x, y;
  int compression, unit;

  if (info == NULL)
    {
      png_destroy_read_struct (&png, &info, NULL);
      return;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      return;
    }
  png_set_read_fn (png, &reader, png_read_cb);
  png_read_info (png, info);
  if (png_get_iCCP (png, info, &name, &compression, &profile, &length))
    m->icc = g_bytes_new (profile, length);
  if (png_get_pHYs (png, info, &x, &y, &unit) && unit == PNG_RESOLUTION_METER)
    m->dpi_x = x / INCHES_PER_METRE, m->dpi_y = y / INCHES_PER_METRE;
  png_destroy_read_struct (&png, &info, NULL);
}

/* JPEG ----------------------------------------------------------------------------- */

typedef struct
{
  struct jpeg_error_mgr base;
  jmp_buf jump;
} JpegError;

static void
jpeg_error_cb (j_common_ptr cinfo)
{
  longjmp (((JpegError *) cinfo->err)->jump, 1);
}

static void
read_jpeg (const guint8 *data, gsize size, CutoutMetadata *m)
{
  struct jpeg_decompress_struct cinfo;
  JpegError err;
  JOCTET *icc = NULL;
  unsigned int icc_len = 0;

  cinfo.err = jpeg_std_error (&err.base);
  err.base.error_exit = jpeg_error_cb;
  if (setjmp (err.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      return;
    }
  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, size);
  jpeg_save_markers (&cinfo, JPEG_APP0 + 2, 0xFFFF);
  jpeg_read_header (&cinfo, TRUE);
  if (jpeg_read_icc_profile (&cinfo, &icc, &icc_len))
    {
      m->icc = g_bytes_new (icc, icc_len);
      free (icc);
    }
  /* JFIF density: unit 1 is dots per inch, 2 per centimetre. */
  if (cinfo.saw_JFIF_marker && cinfo.density_unit == 1)
    m->dpi_x = cinfo.X_density, m->dpi_y = cinfo.Y_density;
  else if (cinfo.saw_JFIF_marker && cinfo.density_unit == 2)
    m->dpi_x = cinfo.X_density * 2.54, m->dpi_y = cinfo.Y_density * 2.54;
  jpeg_destroy_decompress (&cinfo);
}

/* WebP ----------------------------------------------------------------------------- */

static void
read_webp (const guint8 *data, gsize size, CutoutMetadata *m)
{
  WebPData webp = { data, size };
  WebPDemuxer *demux = WebPDemux (&webp);
  WebPChunkIterator chunk;

  if (demux == NULL)
    return;
  if (WebPDemuxGetChunk (demux, "ICCP", 1, &chunk))
    {
      m->icc = g_bytes_new (chunk.chunk.bytes, chunk.chunk.size);
      WebPDemuxReleaseChunkIterator (&chunk);
    }
  WebPDemuxDelete (demux);
}

/* ICC profiles ---------------------------------------------------------------------- */

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Whether @icc is whole and well formed, as far as writing it into a file
 * needs: its header's length is its own, it has the profile signature, and
 * its tag table and every tag lie inside it. A photo's profile is sometimes
 * cut short or has a wrong length (seen in camera and web photos); such a
 * profile is left out of the export rather than failing it, or being copied
 * into a file other programs then refuse. */
gboolean
cutout_icc_is_well_formed (GBytes *icc, const char **why)
{
  gsize size;
  const guint8 *p = g_bytes_get_data (icc, &size);
  guint32 n_tags;

  *why = NULL;
  if (size < 132)
    *why = "shorter than an ICC header";
  else if (size > 16 * 1024 * 1024)
    *why = "larger than a JPEG can hold";
  else if (read_be32 (p) != size)
    *why = "its length field does not match its size";
  else if (memcmp (p + 36, "acsp", 4) != 0)
    *why = "no ICC signature";
  else if ((n_tags = read_be32 (p + 128)) > (size - 132) / 12)
    *why = "its tag table runs past its end";
  for (guint32 i = 0; *why == NULL && i < n_tags; i++)
    {
      guint32 start = read_be32 (p + 132 + 12 * i + 4);
      guint32 length = read_be32 (p + 132 + 12 * i + 8);
      if (start > size || length > size - start)
        *why = "a tag lies outside it";
    }
  return *why == NULL;
}

/* Reading ---------------------------------------------------------------------------- */

/* The colour profile and resolution of @data, the whole of an image file
 * (PNG, JPEG or WebP), as far as it has them; empty for other formats and
 * files that cannot be read. */
CutoutMetadata *
cutout_metadata_read_data (const guint8 *data, gsize size)
{
  CutoutMetadata *m = cutout_metadata_new ();
  const char *why;

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    read_png (data, size, m);
  else if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    read_jpeg (data, size, m);
  else if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    read_webp (data, size, m);
  if (m->icc != NULL && !cutout_icc_is_well_formed (m->icc, &why))
    {
      g_debug ("leaving out the photo's colour profile: %s", why);
      g_clear_pointer (&m->icc, g_bytes_unref);
    }
  /* Photos are decoded to RGB: a gray or CMYK profile no longer fits them. */
  if (m->icc != NULL && !cutout_metadata_icc_is_rgb (m))
    g_clear_pointer (&m->icc, g_bytes_unref);
  return m;
}

/* The photo at @path decoded, and its metadata into @metadata, from one
 * read of the file. */
CutoutImage *
cutout_decode_file_with_metadata (const char *path, CutoutMetadata **metadata, GError **error)
{
  g_autoptr (GBytes) bytes = cutout_read_file (path, error);
  CutoutImage *image;
  gsize size;
  const guint8 *data;

  if (bytes == NULL)
    return NULL;
  image = cutout_decode_bytes (bytes, error);
  if (image == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  *metadata = cutout_metadata_read_data (data, size);
  return image;
}

/* cutout_metadata_read_data() of the file at @path, read into memory (a
 * mapped file that shrinks meanwhile would kill the process). */
CutoutMetadata *
cutout_metadata_read (const char *path)
{
  g_autoptr (GBytes) bytes = cutout_read_file (path, NULL);
  gsize size;
  const guint8 *data;

  if (bytes == NULL)
    return cutout_metadata_new ();
  data = g_bytes_get_data (bytes, &size);
  return cutout_metadata_read_data (data, size);
}
