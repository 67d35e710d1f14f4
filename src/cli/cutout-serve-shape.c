/* cutout-serve-shape.c: a cut-out shaped as remove.bg's options ask
 *
 * remove.bg can crop its result to the subject (crop, crop_margin), shrink
 * it to a size class (size) and send it as a ZIP of color.jpg and alpha.png
 * (format zip). The queue makes the cut-out at the photo's full size as a
 * PNG with alpha (clean colours); this reshapes it, in a thread, and writes
 * it in the format asked for.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-compose.h"
#include "cutout-decode.h"
#include "cutout-resample.h"
#include "cutout-serve-shape.h"

/* What counts as the subject when cropping: over 5 % opaque, so that faint
 * haze far from it does not widen the crop. */
#define SUBJECT_ALPHA 13
/* remove.bg's cap on a margin: half the subject's size, or 500 pixels. */
#define MAX_MARGIN_PIXELS 500

/* size's names: the most pixels each allows (0: the photo's own). */
static const struct
{
  const char *name;
  gint64 max_pixels;
} sizes[] = {
  { "auto", 0 },         { "preview", 250000 }, { "small", 250000 },
  { "regular", 250000 }, { "medium", 1500000 }, { "hd", 4000000 },
  { "full", 0 },         { "4k", 0 },           { "50MP", 0 },
};

gboolean
cutout_serve_parse_size (const char *text, gint64 *max_pixels)
{
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    if (g_str_equal (text, sizes[i].name))
      {
        *max_pixels = sizes[i].max_pixels;
        return TRUE;
      }
  return FALSE;
}

/* One margin: "30px", or "10%" of @subject (the subject's width or height). */
static gboolean
parse_one_margin (const char *text, CutoutServeMargin *margin)
{
  char *end;
  double value = g_ascii_strtod (text, &end);

  if (end == text || value < 0 || !(g_str_equal (end, "px") || g_str_equal (end, "%")))
    return FALSE;
  margin->value = value;
  margin->relative = g_str_equal (end, "%");
  return margin->relative ? value <= 50 : value <= MAX_MARGIN_PIXELS;
}

/* crop_margin: one value (every side), two (top and bottom, left and
 * right) or four (top, right, bottom, left), as in CSS. */
gboolean
cutout_serve_parse_margins (const char *text, CutoutServeMargin margins[4])
{
  g_auto (GStrv) parts = g_strsplit_set (text, " ,", -1);
  g_autoptr (GPtrArray) values = g_ptr_array_new ();
  CutoutServeMargin m[4];

  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (values, parts[i]);
  if (values->len != 1 && values->len != 2 && values->len != 4)
    return FALSE;
  for (guint i = 0; i < values->len; i++)
    if (!parse_one_margin (values->pdata[i], &m[i]))
      return FALSE;
  if (values->len == 1)
    m[1] = m[2] = m[3] = m[0];
  else if (values->len == 2)
    m[2] = m[0], m[3] = m[1];
  memcpy (margins, m, sizeof m);
  return TRUE;
}

/* The bounds of what is over SUBJECT_ALPHA in @rgba; FALSE if nothing is. */
static gboolean
subject_bounds (const CutoutImage *rgba, int *x1, int *y1, int *x2, int *y2)
{
  *x1 = rgba->width, *y1 = rgba->height, *x2 = -1, *y2 = -1;
  for (int y = 0; y < rgba->height; y++)
    {
      const guint8 *p = cutout_image_row (rgba, y);
      for (int x = 0; x < rgba->width; x++)
        if (p[4 * x + 3] > SUBJECT_ALPHA)
          {
            *x1 = MIN (*x1, x), *x2 = MAX (*x2, x);
            *y1 = MIN (*y1, y), *y2 = MAX (*y2, y);
          }
    }
  return *x2 >= 0;
}

static int
margin_pixels (const CutoutServeMargin *margin, int subject)
{
  double pixels = margin->relative ? margin->value / 100 * subject : margin->value;

  return (int) MIN (pixels + 0.5, MIN (subject / 2.0, MAX_MARGIN_PIXELS));
}

/* @rgba cropped to its subject and @margins (top, right, bottom, left);
 * where a margin goes beyond the photo, transparent. An image with no
 * subject is left as it is. */
static CutoutImage *
crop_to_subject (const CutoutImage *rgba, const CutoutServeMargin margins[4])
{
  int x1, y1, x2, y2, top, right, bottom, left, w, h;
  CutoutImage *out;

  if (!subject_bounds (rgba, &x1, &y1, &x2, &y2))
    return cutout_image_copy (rgba);
  top = margin_pixels (&margins[0], y2 - y1 + 1);
  right = margin_pixels (&margins[1], x2 - x1 + 1);
  bottom = margin_pixels (&margins[2], y2 - y1 + 1);
  left = margin_pixels (&margins[3], x2 - x1 + 1);
  w = x2 - x1 + 1 + left + right;
  h = y2 - y1 + 1 + top + bottom;
  out = cutout_image_new (w, h, 4);
  memset (out->pixels, 0, cutout_image_stride (out) * h);
  for (int y = 0; y < h; y++)
    {
      int sy = y1 - top + y;
      int sx1 = MAX (0, x1 - left), sx2 = MIN (rgba->width, x1 - left + w);
      if (sy < 0 || sy >= rgba->height || sx1 >= sx2)
        continue;
      memcpy (cutout_image_row (out, y) + 4 * (sx1 - (x1 - left)),
              cutout_image_row (rgba, sy) + 4 * sx1, 4 * (gsize) (sx2 - sx1));
    }
  return out;
}

/* @rgba shrunk to at most @max_pixels (its aspect kept), premultiplied as
 * it is resampled so that no transparent pixel's colour bleeds into the
 * edge. */
static CutoutImage *
shrink_to (CutoutImage *rgba, gint64 max_pixels)
{
  double scale = sqrt ((double) max_pixels / ((double) rgba->width * rgba->height));
  int w = MAX (1, (int) (rgba->width * scale)), h = MAX (1, (int) (rgba->height * scale));
  CutoutImage *out;

  for (int y = 0; y < rgba->height; y++)
    cutout_compose_premultiply_row (cutout_image_row (rgba, y), NULL, rgba->width);
  out = cutout_resample_image (rgba, w, h);
  for (int y = 0; y < h; y++)
    {
      guint8 *p = cutout_image_row (out, y);
      for (int x = 0; x < w; x++, p += 4)
        for (int c = 0; c < 3 && p[3] > 0 && p[3] < 255; c++)
          p[c] = (guint8) MIN (255, (p[c] * 255 + p[3] / 2) / p[3]);
    }
  return out;
}

/* @rgba's alpha taken out as a mask, leaving @rgba opaque (the export
 * multiplies an image's own alpha by the mask it is given). */
static CutoutImage *
take_alpha (CutoutImage *rgba)
{
  CutoutImage *mask = cutout_image_new (rgba->width, rgba->height, 1);

  for (int y = 0; y < rgba->height; y++)
    {
      guint8 *s = cutout_image_row (rgba, y);
      guint8 *d = cutout_image_row (mask, y);
      for (int x = 0; x < rgba->width; x++)
        d[x] = s[4 * x + 3], s[4 * x + 3] = 255;
    }
  return mask;
}

static gboolean
write_as (const CutoutImage *opaque,
          const CutoutImage *mask,
          CutoutFormat format,
          const guint8 background[3],
          const char *path,
          GError **error)
{
  CutoutExportOptions options;

  cutout_export_options_init (&options);
  options.format = format;
  options.clean_colours = FALSE; /* the queue's result already has them */
  memcpy (options.background, background, 3);
  return cutout_export_file (opaque, mask, &options, NULL, NULL, path, NULL, error);
}

/* remove.bg's ZIP: color.jpg (the subject's colours, no alpha) and
 * alpha.png (the alpha as grey), in that order. */
static gboolean
write_zip (const CutoutImage *opaque,
           const CutoutImage *mask,
           const char *dir,
           const char *path,
           GError **error)
{
  g_autofree char *color = g_build_filename (dir, "color.jpg", NULL);
  g_autofree char *alpha = g_build_filename (dir, "alpha.png", NULL);
  const char *files[] = { color, alpha, NULL };
  const char *names[] = { "color.jpg", "alpha.png", NULL };
  const guint8 white[3] = { 255, 255, 255 };
  g_autoptr (CutoutImage) solid = cutout_image_new (mask->width, mask->height, 1);
  gboolean ok;

  memset (solid->pixels, 255, cutout_image_stride (solid) * solid->height);
  ok = write_as (opaque, solid, CUTOUT_FORMAT_JPEG, white, color, error)
       && write_as (NULL, mask, CUTOUT_FORMAT_MASK, white, alpha, error)
       && cutout_export_zip (path, files, names, NULL, error);

  g_unlink (color);
  g_unlink (alpha);
  return ok;
}

/* Reshapes @png (the queue's RGBA result) as @shape says, writing it in
 * @dir (a folder of its own), and gives the bytes written and the result's
 * geometry. */
static GBytes *
shape_result (GBytes *png,
              const CutoutServeShape *shape,
              const char *dir,
              CutoutServeShaped *out,
              GError **error)
{
  g_autoptr (CutoutImage) rgba = cutout_decode_bytes (png, error);
  g_autofree char *path = g_build_filename (dir, "result", NULL);
  g_autoptr (CutoutImage) mask = NULL;
  GBytes *bytes;
  gboolean ok;

  if (rgba == NULL)
    return NULL;
  if (shape->crop)
    {
      CutoutImage *cropped = crop_to_subject (rgba, shape->margins);
      cutout_image_free (rgba);
      rgba = cropped;
    }
  if (shape->max_pixels > 0 && (gint64) rgba->width * rgba->height > shape->max_pixels)
    {
      CutoutImage *shrunk = shrink_to (rgba, shape->max_pixels);
      cutout_image_free (rgba);
      rgba = shrunk;
    }
  out->width = rgba->width;
  out->height = rgba->height;
  if (!subject_bounds (rgba, &out->subject_x, &out->subject_y, &out->subject_width,
                       &out->subject_height))
    out->subject_x = out->subject_y = 0, out->subject_width = out->subject_height = -1;
  out->subject_width -= out->subject_x - 1;
  out->subject_height -= out->subject_y - 1;
  mask = take_alpha (rgba);
  ok = shape->zip ? write_zip (rgba, mask, dir, path, error)
                  : write_as (rgba, mask, shape->format, shape->background, path, error);
  bytes = ok ? cutout_read_file (path, error) : NULL;
  g_unlink (path);
  return bytes;
}

typedef struct
{
  GBytes *png;
  CutoutServeShape shape;
  char *dir;
  CutoutServeShaped shaped;
} ShapeTask;

static void
shape_task_free (ShapeTask *t)
{
  g_bytes_unref (t->png);
  if (t->dir != NULL)
    g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t);
}

static void
shape_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  ShapeTask *t = data;
  GError *error = NULL;
  GBytes *bytes = shape_result (t->png, &t->shape, t->dir, &t->shaped, &error);

  if (bytes == NULL)
    return g_task_return_error (task, error);
  g_task_return_pointer (task, bytes, (GDestroyNotify) g_bytes_unref);
}

/* Reshapes @png in a thread, in a folder of its own made in @workdir. */
void
cutout_serve_shape_async (GBytes *png,
                          const CutoutServeShape *shape,
                          const char *workdir,
                          GAsyncReadyCallback callback,
                          gpointer data)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, callback, data);
  g_autofree char *template = g_build_filename (workdir, "shape-XXXXXX", NULL);
  ShapeTask *t = g_new0 (ShapeTask, 1);

  t->png = g_bytes_ref (png);
  t->shape = *shape;
  if (g_mkdtemp (template) != NULL)
    t->dir = g_steal_pointer (&template);
  g_task_set_task_data (task, t, (GDestroyNotify) shape_task_free);
  if (t->dir == NULL)
    return g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                    "cannot make a folder in %s", workdir);
  g_task_run_in_thread (task, shape_thread);
}

GBytes *
cutout_serve_shape_finish (GAsyncResult *result, CutoutServeShaped *shaped, GError **error)
{
  ShapeTask *t = g_task_get_task_data (G_TASK (result));
  GBytes *bytes = g_task_propagate_pointer (G_TASK (result), error);

  if (bytes != NULL && shaped != NULL)
    *shaped = t->shaped;
  return bytes;
}
