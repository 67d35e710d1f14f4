/* cutout-id-photo.c
 *
 * The frame is placed from the subject's mask alone: its top (the top of
 * the head) a tenth of the frame below the frame's top, the subject below
 * it filling the frame (head and shoulders for a portrait), centred on the
 * upper part of the subject, the head, rather than on the whole, which
 * shoulders or an arm can pull aside.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-compose.h"
#include "cutout-id-photo.h"
#include "cutout-metadata.h"
#include "cutout-resample.h"

#define TOP_MARGIN 0.10 /* of the frame's height, above the head */
#define HEAD_SHARE 0.33 /* the upper part of the subject the frame centres on */
/* A person's head, from its top to the neck, as a share of the frame's
 * height: about 55 % to the chin, as the 一寸 and passport rules ask
 * (a head 28–33 mm high on a 48 mm passport photo). */
#define HEAD_FRAME 0.62
#define MM_PER_INCH 25.4

/* "1inch" (一寸, 25 × 35 mm), "2inch" (二寸, 35 × 49 mm), "passport"
 * (33 × 48 mm) or a size in millimetres, "WxHmm". */
gboolean
cutout_id_size_parse (const char *text, double *width_mm, double *height_mm, GError **error)
{
  static const struct
  {
    const char *name;
    double w, h;
  } presets[] = { { "1inch", 25, 35 }, { "2inch", 35, 49 }, { "passport", 33, 48 } };
  char *end = NULL;
  double w, h;

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_ascii_strcasecmp (text, presets[i].name) == 0)
      {
        *width_mm = presets[i].w, *height_mm = presets[i].h;
        return TRUE;
      }
  w = g_ascii_strtod (text, &end);
  if (end != text && (*end == 'x' || *end == 'X'))
    {
      const char *rest = end + 1;
      h = g_ascii_strtod (rest, &end);
      if (end != rest && g_ascii_strcasecmp (end, "mm") == 0 && w >= 5 && h >= 5 && w <= 300
          && h <= 300)
        {
          *width_mm = w, *height_mm = h;
          return TRUE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _ ("“%s” is not an ID-photo size: use 1inch, 2inch, passport, or millimetres as "
                  "WxHmm, for example 35x45mm"),
               text);
  return FALSE;
}

/* The pixels for a print of @width_mm × @height_mm at CUTOUT_ID_DPI. */
void
cutout_id_pixel_size (double width_mm, double height_mm, int *width, int *height)
{
  *width = (int) lround (width_mm / MM_PER_INCH * CUTOUT_ID_DPI);
  *height = (int) lround (height_mm / MM_PER_INCH * CUTOUT_ID_DPI);
}

/* The run of @mask's row @y around column @x, as its left and right ends
 * (both -1 if nothing of the subject is within @gap of @x).  Following one
 * run rather than the row's extent leaves out raised arms and other people
 * beside the head; gaps up to @gap wide (holes in hair) do not end it. */
static void
row_run (const CutoutImage *mask, int y, int x, int gap, int *left, int *right)
{
  const guint8 *row = cutout_image_row (mask, y);
  int W = mask->width;

  *left = *right = -1;
  for (int d = 0; d <= gap && *left < 0; d++)
    if (x - d >= 0 && x - d < W && row[x - d] >= 128)
      *left = *right = x - d;
    else if (x + d >= 0 && x + d < W && row[x + d] >= 128)
      *left = *right = x + d;
  if (*left < 0)
    return;
  /* Outwards, through gaps of up to @gap. */
  for (int i = *left - 1, run_gap = 0; i >= 0 && run_gap <= gap; i--)
    if (row[i] >= 128)
      *left = i, run_gap = 0;
    else
      run_gap++;
  for (int i = *right + 1, run_gap = 0; i < W && run_gap <= gap; i++)
    if (row[i] >= 128)
      *right = i, run_gap = 0;
    else
      run_gap++;
}

/* Whether the outline from @top down is a person's head and shoulders: the
 * run under the head's middle widens to the head's width, narrows at the
 * neck (to at most 85 % of it, at least half a head's width below the
 * top), then widens to shoulders at least 1.6 times the head's width,
 * between 0.9 and 2.5 head widths below the top.  If so, the neck's row
 * goes in @neck and the head's middle in @head_x. */
static gboolean
find_head (const CutoutImage *mask, int top, int bottom, int *neck, double *head_x)
{
  int head_w = 0, neck_w = G_MAXINT, neck_y = -1, left, right;
  int gap = MAX (2, mask->width / 100);
  const guint8 *first = cutout_image_row (mask, top);
  double sum = 0, x_c;
  int n = 0;

  /* Where the head begins: the middle of the top row's first run. */
  for (left = 0; left < mask->width && first[left] < 128; left++)
    ;
  for (right = left; right + 1 < mask->width && first[right + 1] >= 128; right++)
    ;
  x_c = (left + right) / 2.0;
  for (int y = top; y < bottom; y++)
    {
      int w;
      row_run (mask, y, (int) x_c, gap, &left, &right);
      w = left < 0 ? 0 : right - left + 1;
      if (w == 0)
        return FALSE; /* the head's middle left the subject */
      if (neck_y >= 0 && w >= 1.6 * head_w)
        {
          if (y - top < 0.9 * head_w || y - top > 2.5 * head_w)
            return FALSE;
          *neck = neck_y;
          *head_x = sum / MAX (n, 1);
          return TRUE;
        }
      if (neck_y < 0 && w > head_w)
        head_w = w;
      else if (neck_y < 0 && w <= 0.85 * head_w && y - top >= head_w / 2)
        neck_w = w, neck_y = y;
      else if (neck_y >= 0 && w < neck_w)
        neck_w = w, neck_y = y;
      if (neck_y < 0)
        {
          sum += (left + right + 1) / 2.0, n++;
          x_c = sum / n; /* following a tilted head */
        }
    }
  return FALSE;
}

/* The frame, of width/height @aspect, for the subject of @mask.  For a
 * person (find_head()), head and shoulders: the head, from its top to the
 * neck, takes HEAD_FRAME of the frame's height below the margin, centred on
 * the head; for any other subject, all of it from the top down, centred on
 * its upper third. */
CutoutBox
cutout_id_place_frame (const CutoutImage *mask, double aspect)
{
  int W = mask->width, H = mask->height, top = -1, bottom = 0, neck;
  double sum_x = 0, count = 0, fh, fw, cx, y1, x1, head_x;

  for (int y = 0; y < H && top < 0; y++)
    for (int x = 0; x < W; x++)
      if (cutout_image_row (mask, y)[x] >= 128)
        {
          top = y;
          break;
        }
  if (top < 0)
    {
      /* No subject: the largest frame, centred. */
      fh = MIN ((double) H, W / aspect), fw = MIN ((double) W, fh * aspect);
      x1 = (W - fw) / 2, y1 = (H - fw / aspect) / 2;
      return (CutoutBox){ (int) lround (x1), (int) lround (y1), (int) lround (x1 + fw),
                          (int) lround (y1 + fw / aspect) };
    }
  for (int y = top; y < H; y++)
    for (int x = 0; x < W; x++)
      if (cutout_image_row (mask, y)[x] >= 128)
        bottom = y + 1;
  bottom = MAX (bottom, top + 1);
  /* Centred on the head: the upper part of the subject. */
  for (int y = top; y < top + MAX (1, (int) ((bottom - top) * HEAD_SHARE)); y++)
    for (int x = 0; x < W; x++)
      if (cutout_image_row (mask, y)[x] >= 128)
        sum_x += x + 0.5, count++;
  cx = count > 0 ? sum_x / count : W / 2.0;

  /* The subject from its top down fills the frame below the margin, within
   * the photo; a person, from the top of the head to the neck, HEAD_FRAME
   * of it. */
  fh = (bottom - top) / (1 - TOP_MARGIN);
  if (find_head (mask, top, bottom, &neck, &head_x))
    {
      fh = MIN (fh, (neck - top) / HEAD_FRAME);
      cx = head_x;
    }
  fh = MIN (fh, H - MAX (0, top - TOP_MARGIN * fh));
  fh = MIN (fh, W / aspect);
  fh = MIN (fh, H);
  fw = fh * aspect;
  y1 = CLAMP (top - TOP_MARGIN * fh, 0, H - fh);
  x1 = CLAMP (cx - fw / 2, 0, W - fw);
  return (CutoutBox){ (int) lround (x1), (int) lround (y1), (int) lround (x1 + fw),
                      (int) lround (y1 + fh) };
}

/* The @frame of the cutout, at @width × @height, on @background: an opaque
 * RGBA image, ready to print. */
CutoutImage *
cutout_id_render (const CutoutImage *image,
                  const CutoutImage *mask,
                  const CutoutBox *frame,
                  int width,
                  int height,
                  const guint8 background[3],
                  gboolean clean_colours)
{
  int fw = frame->x2 - frame->x1, fh = frame->y2 - frame->y1;
  g_autoptr (CutoutImage) crop = NULL;
  g_autoptr (CutoutImage) crop_mask = NULL;
  g_autoptr (CutoutImage) clean = NULL;
  g_autoptr (CutoutImage) colours = NULL;
  CutoutImage *out;

  g_return_val_if_fail (frame->x1 >= 0 && frame->y1 >= 0 && fw >= 1 && fh >= 1
                            && frame->x2 <= image->width && frame->y2 <= image->height,
                        NULL);
  crop = cutout_image_crop (image, frame->x1, frame->y1, fw, fh);
  crop_mask = cutout_image_crop (mask, frame->x1, frame->y1, fw, fh);
  /* The cutout's colours as everywhere else (cutout-compose.c), then the
   * mask as their alpha, premultiplied, so that one resample scales both
   * without pulling the old background's colour into the edge. */
  colours = cutout_compose_alpha (cutout_compose_colours (crop, crop_mask, clean_colours, &clean),
                                  crop_mask);
  for (int y = 0; y < fh; y++)
    cutout_compose_premultiply_row (cutout_image_row (colours, y), NULL, fw);
  out = cutout_resample_image (colours, width, height);
  cutout_compose_over_colour (out, background);
  return out;
}

/* A 4R (6 × 4 inch) print at CUTOUT_ID_DPI, 1800 × 1200 px. */
#define SHEET_LONG 1800
#define SHEET_SHORT 1200
#define SHEET_GAP 24 /* 2 mm between copies, to cut along */

static int
fit (int page, int size)
{
  return (page + SHEET_GAP) / (size + SHEET_GAP);
}

/* As many copies of @photo as a 4R page holds, on white, the page turned
 * whichever way holds more, with a light line around each to cut along;
 * @copies is set to how many. */
CutoutImage *
cutout_id_print_sheet (const CutoutImage *photo, int *copies)
{
  int w = photo->width, h = photo->height;
  int across = fit (SHEET_LONG, w) * fit (SHEET_SHORT, h);
  int down = fit (SHEET_SHORT, w) * fit (SHEET_LONG, h);
  int pw = across >= down ? SHEET_LONG : SHEET_SHORT,
      ph = across >= down ? SHEET_SHORT : SHEET_LONG;
  int cols = fit (pw, w), rows = fit (ph, h);
  int x0 = (pw - (cols * (w + SHEET_GAP) - SHEET_GAP)) / 2;
  int y0 = (ph - (rows * (h + SHEET_GAP) - SHEET_GAP)) / 2;
  CutoutImage *sheet = cutout_image_new (pw, ph, 4);

  memset (sheet->pixels, 255, (gsize) pw * ph * 4);
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        int x = x0 + c * (w + SHEET_GAP), y = y0 + r * (h + SHEET_GAP);
        /* A light gray line just outside the copy, where the page has room. */
        for (int yy = MAX (y - 1, 0); yy <= MIN (y + h, ph - 1); yy++)
          for (int xx = MAX (x - 1, 0); xx <= MIN (x + w, pw - 1); xx++)
            memset (cutout_image_row (sheet, yy) + (gsize) xx * 4, 200, 3);
        for (int row = 0; row < h; row++)
          memcpy (cutout_image_row (sheet, y + row) + (gsize) x * 4, cutout_image_row (photo, row),
                  (gsize) w * 4);
      }
  *copies = cols * rows;
  return sheet;
}

/* Where the print sheet of an ID photo at @path goes: NAME-sheet.EXT. */
char *
cutout_id_sheet_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  gsize stem = strlen (path) - (dot ? strlen (dot) : 0);

  return g_strdup_printf ("%.*s-sheet%s", (int) stem, path, dot ? dot : "");
}

/* Writes @image, which is all subject (no transparency), at @path. */
static gboolean
write_opaque (const CutoutImage *image,
              const CutoutExportOptions *options,
              const CutoutMetadata *metadata,
              const char *source,
              const char *path,
              GCancellable *cancellable,
              GError **error)
{
  g_autoptr (CutoutImage) opaque = cutout_image_new (image->width, image->height, 1);
  CutoutExportOptions as_it_is = *options;

  as_it_is.clean_colours = FALSE; /* rendered with them already */
  memset (opaque->pixels, 255, (gsize) image->width * image->height);
  return cutout_export_file (image, opaque, &as_it_is, metadata, source, path, cancellable, error);
}

/* Enlarging by less than this is not worth a word. */
#define UPSCALE_NOTE_FROM 1.05

/* What to tell of a subject (a product, a face) enlarged @upscale times to
 * fit a frame of @width × @height ("upscaled 2.4× to fit 2000×2000"), or
 * NULL if it was not enough to blur it. */
char *
cutout_upscale_note (double upscale, int width, int height)
{
  if (upscale <= UPSCALE_NOTE_FROM)
    return NULL;
  /* Translators: "upscaled 2.4× to fit 2000×2000": the subject was enlarged. */
  return g_strdup_printf (_ ("upscaled %.1f× to fit %d×%d"), upscale, width, height);
}

/* How much an ID photo's @frame (in the photo's pixels) is enlarged to
 * make a print of @width_mm × @height_mm at CUTOUT_ID_DPI. */
double
cutout_id_upscale (const CutoutBox *frame, double width_mm, double height_mm)
{
  int w, h;

  cutout_id_pixel_size (width_mm, height_mm, &w, &h);
  return MAX ((double) w / MAX (1, frame->x2 - frame->x1),
              (double) h / MAX (1, frame->y2 - frame->y1));
}

/* The ID photo of @image's subject (@mask) inside @frame, on @options'
 * background, at the print size's pixels and 300 DPI, written to @path as
 * @options' format (JPEG or PNG) with the colour profile of @photo_metadata
 * (the metadata of @source, the photo, or NULL); with a @sheet_path, also
 * copies of it on a 4R print there (the CLI's is cutout_id_sheet_path();
 * the app asks where, as the sandbox lets it write only what is chosen). */
gboolean
cutout_id_export (const CutoutImage *image,
                  const CutoutImage *mask,
                  const CutoutBox *frame,
                  double width_mm,
                  double height_mm,
                  const char *sheet_path,
                  const CutoutExportOptions *options,
                  const CutoutMetadata *photo_metadata,
                  const char *source,
                  const char *path,
                  GCancellable *cancellable,
                  GError **error)
{
  g_autoptr (CutoutImage) printed = NULL;
  g_autoptr (CutoutMetadata) metadata = cutout_metadata_new ();
  int width, height;

  g_return_val_if_fail (mask->width == image->width && mask->height == image->height, FALSE);
  if (frame->x1 < 0 || frame->y1 < 0 || frame->x2 > image->width || frame->y2 > image->height
      || frame->x2 <= frame->x1 || frame->y2 <= frame->y1)
    {
      g_set_error (
          error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
          _ ("the crop frame (%d, %d)–(%d, %d) does not lie in the photo, which is %d × %d "
             "pixels"),
          frame->x1, frame->y1, frame->x2, frame->y2, image->width, image->height);
      return FALSE;
    }
  /* The photo's colours, at the print's resolution. */
  if (photo_metadata != NULL && photo_metadata->icc != NULL)
    metadata->icc = g_bytes_ref (photo_metadata->icc);
  metadata->dpi_x = metadata->dpi_y = CUTOUT_ID_DPI;
  cutout_id_pixel_size (width_mm, height_mm, &width, &height);
  printed = cutout_id_render (image, mask, frame, width, height, options->background,
                              options->clean_colours);
  if (!write_opaque (printed, options, metadata, source, path, cancellable, error))
    return FALSE;
  if (sheet_path != NULL)
    {
      int copies;
      g_autoptr (CutoutImage) sheet = cutout_id_print_sheet (printed, &copies);
      return write_opaque (sheet, options, metadata, source, sheet_path, cancellable, error);
    }
  return TRUE;
}
