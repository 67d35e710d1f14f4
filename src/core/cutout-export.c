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
#include <unistd.h>

#include "cutout-export.h"

/* @image with its alpha multiplied by @mask. Where the result is fully
 * transparent the colour is set to 0: it is invisible, and files shrink. */
CutoutImage *
cutout_compose_alpha (const CutoutImage *image, const CutoutImage *mask)
{
  CutoutImage *out;
  gsize n;

  g_return_val_if_fail (image->n_channels == 4 && mask->n_channels == 1, NULL);
  g_return_val_if_fail (image->width == mask->width && image->height == mask->height, NULL);

  out = cutout_image_new (image->width, image->height, 4);
  n = (gsize)image->width * image->height;
  for (gsize i = 0; i < n; i++)
    {
      const guint8 *s = image->pixels + i * 4;
      guint8 *d = out->pixels + i * 4;
      guint a = (s[3] * mask->pixels[i] + 127) / 255;
      if (a == 0)
        {
          d[0] = d[1] = d[2] = d[3] = 0;
          continue;
        }
      d[0] = s[0], d[1] = s[1], d[2] = s[2], d[3] = a;
    }
  return out;
}

/* TRUE if both paths name the same existing file (also through links). */
gboolean
cutout_same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;

  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

typedef struct
{
  char message[256];
} PngWriteError;

static void
png_write_error_cb (png_structp png, png_const_charp message)
{
  PngWriteError *err = png_get_error_ptr (png);
  g_strlcpy (err->message, message, sizeof err->message);
  png_longjmp (png, 1);
}

static void
png_write_warning_cb (png_structp png, png_const_charp message)
{
}

static gboolean
write_png_stream (const CutoutImage *image, FILE *f, int level, char message[256])
{
  PngWriteError err = { "" };
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, &err, png_write_error_cb,
                                             png_write_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;

  if (info == NULL)
    {
      png_destroy_write_struct (&png, NULL);
      g_strlcpy (message, g_strerror (ENOMEM), 256);
      return FALSE;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      g_strlcpy (message, err.message, 256);
      return FALSE;
    }
  png_init_io (png, f);
  png_set_IHDR (png, info, image->width, image->height, 8,
                image->n_channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_GRAY,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_compression_level (png, level);
  /* At the fast level, trying all five filters per row costs more than it
   * saves; "sub" alone compresses photos nearly as well. */
  if (level <= CUTOUT_PNG_LEVEL_FAST)
    png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_write_info (png, info);
  for (int y = 0; y < image->height; y++)
    png_write_row (png, cutout_image_row (image, y));
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

/* Writes @image (RGBA or gray) as a PNG at @path. The data goes to a temporary
 * file beside @path that is renamed over it only once complete, so a full disk
 * or a crash never leaves a half-written file or destroys an older one. */
gboolean
cutout_export_png (const CutoutImage *image, const char *path, int level, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  char message[256] = "";
  FILE *f;
  int fd, errsv;
  gboolean ok;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_write_error (error, path, errno, NULL);
      return FALSE;
    }
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
  ok = write_png_stream (image, f, level, message);
  ok = ok && fflush (f) == 0 && fsync (fileno (f)) == 0;
  errsv = errno;
  ok = (fclose (f) == 0) && ok;
  if (ok && g_rename (tmp, path) != 0)
    {
      errsv = errno;
      ok = FALSE;
    }
  if (!ok)
    {
      g_unlink (tmp);
      set_write_error (error, path, errsv ? errsv : EIO, errsv ? NULL : message);
    }
  return ok;
}
