/* cutout-decode-pixbuf.c: every format but JPEG, PNG and WebP, through
 * gdk-pixbuf, with its declared size checked before any loader sees it
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-decode-private.h"
#include "cutout-decode.h"

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
  header_size = cutout_read_u32 (data + 14, FALSE);
  if (header_size == 12) /* OS/2 */
    {
      *width = cutout_read_u16 (data + 18, FALSE);
      *height = cutout_read_u16 (data + 20, FALSE);
      return TRUE;
    }
  if (header_size < 40)
    return FALSE;
  *width = (gint32) cutout_read_u32 (data + 18, FALSE);
  /* Negative: the rows are stored top down. */
  *height = ABS ((gint64) (gint32) cutout_read_u32 (data + 22, FALSE));
  return TRUE;
}

static gboolean
tiff_declared_size (const guint8 *data, gsize size, gint64 *width, gint64 *height)
{
  guint32 w, h;

  /* ImageWidth and ImageLength of the first image, the one gdk-pixbuf reads */
  if (!cutout_tiff_ifd0_value (data, size, 256, TRUE, &w)
      || !cutout_tiff_ifd0_value (data, size, 257, TRUE, &h))
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
  *width = cutout_read_u16 (data + 12, FALSE);
  *height = cutout_read_u16 (data + 14, FALSE);
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
  if (!cutout_image_check_size (cutout_read_u16 (data + 6, FALSE),
                                cutout_read_u16 (data + 8, FALSE), error))
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
          w = cutout_read_u16 (data + pos + 4, FALSE);
          h = cutout_read_u16 (data + pos + 6, FALSE);
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
  n_entries = cutout_read_u16 (data + 4, FALSE);
  for (guint i = 0; i < n_entries && 6 + (gsize) (i + 1) * 16 <= size; i++)
    {
      guint64 offset = cutout_read_u32 (data + 6 + i * 16 + 12, FALSE);
      guint64 end = offset + 40; /* BITMAPINFOHEADER */

      if (end <= size)
        end += 4 * (guint64) cutout_read_u32 (data + offset + 32, FALSE); /* the colours used */
      if (end > size)
        {
          cutout_decode_set_corrupt (error, format_name, _ ("the file ends too early"));
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
      guint32 len = cutout_read_u32 (data + pos + 4, FALSE);

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
      guint32 header_size = cutout_read_u32 (data + 14, FALSE);

      if (header_size != 12 && header_size != 40 && header_size != 52 && header_size != 56
          && header_size != 64 && header_size != 108 && header_size != 124)
        {
          cutout_decode_set_corrupt (error, "BMP", _ ("the header cannot be read"));
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
  total = cutout_read_u32 (data + 4, TRUE);
  if (total > size)
    return NULL;
  while (pos < total && total - pos >= 8)
    {
      guint32 len = cutout_read_u32 (data + pos + 4, TRUE);

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
      guint32 len = cutout_read_u32 (data + pos, TRUE);

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

/* The loader, watched */

/* An animated cursor is a RIFF file of ICO frames (256 × 256 at most). Its
 * loader takes the first frame, and says nothing when a later one is cut
 * short: the file's own length tells. */
static gboolean
ani_is_cut_short (const guint8 *data, gsize size)
{
  return size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "ACON", 4) == 0
         && cutout_read_u32 (data + 4, FALSE) > size - 8;
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
      cutout_decode_set_corrupt (error, _ ("image"), _ ("unexpected pixel layout"));
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

CutoutImage *
cutout_decode_pixbuf (const guint8 *data, gsize size, GError **error)
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
    return cutout_decode_own (inner, inner_size, error);
  if (is_qtif (data, size))
    {
      inner = qtif_embedded (data, size, &inner_size);
      if (inner == NULL)
        {
          cutout_decode_set_corrupt (error, "QTIF", _ ("no picture in the file"));
          return NULL;
        }
      return cutout_decode_own (inner, inner_size, error);
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
      cutout_decode_set_unsupported (error);
      return NULL;
    }
  format = gdk_pixbuf_loader_get_format (loader);
  loader_name = format != NULL ? gdk_pixbuf_format_get_name (format) : NULL;
  format_name = loader_name != NULL ? g_ascii_strup (loader_name, -1) : g_strdup (_ ("image"));
  if (!ok)
    {
      /* (Some loaders fail without a word when they find nothing.) */
      cutout_decode_set_corrupt (error, format_name,
                                 local_error != NULL ? local_error->message
                                                     : _ ("no picture in the file"));
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      cutout_decode_set_corrupt (error, format_name, _ ("no picture in the file"));
      return NULL;
    }
  if (!check.prepared || check.inconsistent || gdk_pixbuf_get_width (pixbuf) != check.width
      || gdk_pixbuf_get_height (pixbuf) != check.height)
    {
      cutout_decode_set_corrupt (error, format_name,
                                 _ ("the picture is not the size its header declares"));
      return NULL;
    }
  /* BMP, ICO and PNM loaders take a file cut short as it is, the missing rows
   * left as they were allocated: the rows delivered tell. GIF's report whole
   * frames, not rows, and it refuses a file without its trailer itself. */
  if ((check.n_rows < check.height && g_strcmp0 (loader_name, "gif") != 0)
      || ani_is_cut_short (data, size))
    {
      cutout_decode_set_corrupt (error, format_name, _ ("the file ends too early"));
      return NULL;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  return pixbuf_to_image (oriented, error);
}
