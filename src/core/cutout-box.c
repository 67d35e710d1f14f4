/* cutout-box.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "cutout-box.h"

/* How much of the photo around a box the model sees: enough for it to tell
 * the subject from its surroundings, little enough that a small subject
 * still fills most of its input (tests/test-engine.c, docs/QUALITY.md). */
#define MARGIN_FRACTION 0.10
#define MARGIN_MIN 16

G_DEFINE_BOXED_TYPE (CutoutBox, cutout_box, cutout_box_copy, cutout_box_free)

CutoutBox *
cutout_box_copy (const CutoutBox *box)
{
  return g_memdup2 (box, sizeof *box);
}

void
cutout_box_free (CutoutBox *box)
{
  g_free (box);
}

gboolean
cutout_box_equal (const CutoutBox *a, const CutoutBox *b)
{
  return a->x1 == b->x1 && a->y1 == b->y1 && a->x2 == b->x2 && a->y2 == b->y2;
}

static void
normalise (CutoutBox *box)
{
  int t;

  if (box->x1 > box->x2)
    t = box->x1, box->x1 = box->x2, box->x2 = t;
  if (box->y1 > box->y2)
    t = box->y1, box->y1 = box->y2, box->y2 = t;
}

/* Reads "x1,y1,x2,y2" (two opposite corners, in either order). */
gboolean
cutout_box_parse (const char *text, CutoutBox *box, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  int v[4];

  if (g_strv_length (parts) != 4)
    goto invalid;
  for (int i = 0; i < 4; i++)
    {
      char *end = NULL;
      gint64 n;
      g_strstrip (parts[i]);
      n = g_ascii_strtoll (parts[i], &end, 10);
      if (parts[i][0] == '\0' || *end != '\0' || n < 0 || n > G_MAXINT / 2)
        goto invalid;
      v[i] = (int) n;
    }
  *box = (CutoutBox){ v[0], v[1], v[2], v[3] };
  normalise (box);
  if (box->x1 == box->x2 || box->y1 == box->y2)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _ ("The box “%s” is empty: its corners must differ in both x and y"), text);
      return FALSE;
    }
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _ ("“%s” is not a box: write its corners in pixels as x1,y1,x2,y2, "
                  "for example 10,20,300,400"),
               text);
  return FALSE;
}

char *
cutout_box_to_string (const CutoutBox *box)
{
  return g_strdup_printf ("%d,%d,%d,%d", box->x1, box->y1, box->x2, box->y2);
}

/* Cuts @box down to a @width × @height image; FALSE if nothing is left. */
gboolean
cutout_box_clip (CutoutBox *box, int width, int height)
{
  box->x1 = CLAMP (box->x1, 0, width);
  box->x2 = CLAMP (box->x2, 0, width);
  box->y1 = CLAMP (box->y1, 0, height);
  box->y2 = CLAMP (box->y2, 0, height);
  return box->x1 < box->x2 && box->y1 < box->y2;
}

/* Cuts every box of @boxes (a GArray of CutoutBox) down to a @width ×
 * @height image; fails, saying which, if a box lies wholly outside it. */
gboolean
cutout_boxes_clip (GArray *boxes, int width, int height, GError **error)
{
  for (guint i = 0; i < boxes->len; i++)
    {
      CutoutBox *box = &g_array_index (boxes, CutoutBox, i);
      g_autofree char *text = cutout_box_to_string (box);
      if (!cutout_box_clip (box, width, height))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _ ("box %u (%s) lies outside the image, which is %d × %d pixels"), i + 1,
                       text, width, height);
          return FALSE;
        }
    }
  return TRUE;
}

/* The part of the image the model is shown for @box: the box and some of
 * its surroundings. */
CutoutBox
cutout_box_with_margin (const CutoutBox *box, int width, int height)
{
  int mx = MAX (MARGIN_MIN, (int) ((box->x2 - box->x1) * MARGIN_FRACTION));
  int my = MAX (MARGIN_MIN, (int) ((box->y2 - box->y1) * MARGIN_FRACTION));
  CutoutBox crop = { box->x1 - mx, box->y1 - my, box->x2 + mx, box->y2 + my };

  cutout_box_clip (&crop, width, height);
  return crop;
}

/* The box a pointer drew from (@x0, @y0) to (@x1, @y1), in image
 * coordinates: every pixel it touches, within the image, at least 1 × 1. */
CutoutBox
cutout_box_from_points (double x0, double y0, double x1, double y1, int width, int height)
{
  CutoutBox box;

  box.x1 = CLAMP ((int) floor (MIN (x0, x1)), 0, width - 1);
  box.y1 = CLAMP ((int) floor (MIN (y0, y1)), 0, height - 1);
  box.x2 = CLAMP ((int) ceil (MAX (x0, x1)), box.x1 + 1, width);
  box.y2 = CLAMP ((int) ceil (MAX (y0, y1)), box.y1 + 1, height);
  return box;
}

/* Which part of @box the point (@x, @y) is on: an edge or corner within
 * @tolerance (all in image pixels), the inside, or none. */
CutoutBoxPart
cutout_box_hit (const CutoutBox *box, double x, double y, double tolerance)
{
  CutoutBoxPart part = CUTOUT_BOX_NONE;
  double dl = fabs (x - box->x1), dr = fabs (x - box->x2);
  double dt = fabs (y - box->y1), db = fabs (y - box->y2);

  if (x < box->x1 - tolerance || x > box->x2 + tolerance || y < box->y1 - tolerance
      || y > box->y2 + tolerance)
    return CUTOUT_BOX_NONE;
  /* On a box smaller than the tolerance, the nearer edge wins. */
  if (MIN (dl, dr) <= tolerance)
    part |= dl <= dr ? CUTOUT_BOX_LEFT : CUTOUT_BOX_RIGHT;
  if (MIN (dt, db) <= tolerance)
    part |= dt <= db ? CUTOUT_BOX_TOP : CUTOUT_BOX_BOTTOM;
  if (part == CUTOUT_BOX_NONE)
    part = CUTOUT_BOX_INSIDE;
  return part;
}

/* @box after dragging @part of it by (@dx, @dy) image pixels: the inside
 * moves the whole box, edges and corners resize it (past the opposite edge,
 * it flips). The result stays within the @width × @height image and keeps
 * at least one pixel. */
CutoutBox
cutout_box_drag (
    const CutoutBox *box, CutoutBoxPart part, double dx, double dy, int width, int height)
{
  CutoutBox out = *box;
  int ix = (int) lround (dx), iy = (int) lround (dy);

  if (part & CUTOUT_BOX_INSIDE)
    {
      ix = CLAMP (ix, -box->x1, width - box->x2);
      iy = CLAMP (iy, -box->y1, height - box->y2);
      out.x1 += ix, out.x2 += ix, out.y1 += iy, out.y2 += iy;
      return out;
    }
  if (part & CUTOUT_BOX_LEFT)
    out.x1 = CLAMP (box->x1 + ix, 0, width);
  if (part & CUTOUT_BOX_RIGHT)
    out.x2 = CLAMP (box->x2 + ix, 0, width);
  if (part & CUTOUT_BOX_TOP)
    out.y1 = CLAMP (box->y1 + iy, 0, height);
  if (part & CUTOUT_BOX_BOTTOM)
    out.y2 = CLAMP (box->y2 + iy, 0, height);
  normalise (&out);
  if (out.x2 == out.x1 && out.x2 < width)
    out.x2++;
  else if (out.x2 == out.x1)
    out.x1--;
  if (out.y2 == out.y1 && out.y2 < height)
    out.y2++;
  else if (out.y2 == out.y1)
    out.y1--;
  return out;
}

/* The box with width/height @aspect (such as an ID photo's crop frame)
 * after its part @part was dragged by (@dx, @dy), inside a @width × @height
 * image.  Inside, it moves; a corner scales it about the opposite corner,
 * and an edge about the opposite edge's middle, following whichever of the
 * drag's directions makes it larger.  It keeps at least 16 px across and
 * never leaves the image. */
CutoutBox
cutout_box_drag_aspect (const CutoutBox *box,
                        CutoutBoxPart part,
                        double aspect,
                        double dx,
                        double dy,
                        int width,
                        int height)
{
  gboolean horizontal = part & (CUTOUT_BOX_LEFT | CUTOUT_BOX_RIGHT);
  gboolean vertical = part & (CUTOUT_BOX_TOP | CUTOUT_BOX_BOTTOM);
  double w = box->x2 - box->x1, h = box->y2 - box->y1, ax, ay, max_w, max_h, new_w, x1, y1;
  double dw = part & CUTOUT_BOX_LEFT ? -dx : dx, dh = part & CUTOUT_BOX_TOP ? -dy : dy;

  if ((part & CUTOUT_BOX_INSIDE) || (!horizontal && !vertical))
    return cutout_box_drag (box, CUTOUT_BOX_INSIDE, dx, dy, width, height);
  if (horizontal && vertical)
    new_w = MAX (w + dw, (h + dh) * aspect);
  else
    new_w = horizontal ? w + dw : (h + dh) * aspect;

  /* What stays put, and how large the box can grow from it. */
  ax = part & CUTOUT_BOX_LEFT ? box->x2 : part & CUTOUT_BOX_RIGHT ? box->x1 : box->x1 + w / 2;
  ay = part & CUTOUT_BOX_TOP ? box->y2 : part & CUTOUT_BOX_BOTTOM ? box->y1 : box->y1 + h / 2;
  max_w = part & CUTOUT_BOX_LEFT    ? ax
          : part & CUTOUT_BOX_RIGHT ? width - ax
                                    : 2 * MIN (ax, width - ax);
  max_h = part & CUTOUT_BOX_TOP      ? ay
          : part & CUTOUT_BOX_BOTTOM ? height - ay
                                     : 2 * MIN (ay, height - ay);
  new_w = MIN (new_w, MIN (max_w, max_h * aspect));
  new_w = MAX (new_w, 16 * MAX (1, aspect));
  new_w = MIN (new_w, MIN (width, height * aspect)); /* a tiny image */

  x1 = part & CUTOUT_BOX_LEFT ? ax - new_w : part & CUTOUT_BOX_RIGHT ? ax : ax - new_w / 2;
  y1 = part & CUTOUT_BOX_TOP      ? ay - new_w / aspect
       : part & CUTOUT_BOX_BOTTOM ? ay
                                  : ay - new_w / aspect / 2;
  x1 = CLAMP (x1, 0, width - new_w);
  y1 = CLAMP (y1, 0, height - new_w / aspect);
  return (CutoutBox){ (int) lround (x1), (int) lround (y1), (int) lround (x1 + new_w),
                      (int) lround (y1 + new_w / aspect) };
}
