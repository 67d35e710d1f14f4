/* cutout-box.h: a rectangle around a subject, in image pixels
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Most boxes one image may have: each costs a model run. */
#define CUTOUT_MAX_BOXES 16

/* Corners on pixel edges, x1 < x2 and y1 < y2: the box 0,0,10,10 covers the
 * pixels 0 to 9 of the upright image. */
typedef struct
{
  int x1, y1, x2, y2;
} CutoutBox;

/* The part of a box that a pointer is over, for moving and resizing. */
typedef enum
{
  CUTOUT_BOX_NONE = 0,
  CUTOUT_BOX_LEFT = 1 << 0,
  CUTOUT_BOX_RIGHT = 1 << 1,
  CUTOUT_BOX_TOP = 1 << 2,
  CUTOUT_BOX_BOTTOM = 1 << 3,
  CUTOUT_BOX_INSIDE = 1 << 4,
} CutoutBoxPart;

#define CUTOUT_TYPE_BOX (cutout_box_get_type ())

GType cutout_box_get_type (void) G_GNUC_CONST;
CutoutBox *cutout_box_copy (const CutoutBox *box);
void cutout_box_free (CutoutBox *box);

gboolean cutout_box_parse (const char *text, CutoutBox *box, GError **error);
char *cutout_box_to_string (const CutoutBox *box);
gboolean cutout_box_equal (const CutoutBox *a, const CutoutBox *b);
gboolean cutout_box_clip (CutoutBox *box, int width, int height);
gboolean cutout_boxes_clip (GArray *boxes, int width, int height, GError **error);
CutoutBox cutout_box_with_margin (const CutoutBox *box, int width, int height);
CutoutBox
cutout_box_from_points (double x0, double y0, double x1, double y1, int width, int height);

CutoutBoxPart cutout_box_hit (const CutoutBox *box, double x, double y, double tolerance);
CutoutBox cutout_box_drag (
    const CutoutBox *box, CutoutBoxPart part, double dx, double dy, int width, int height);

CutoutBox cutout_box_drag_aspect (const CutoutBox *box,
                                  CutoutBoxPart part,
                                  double aspect,
                                  double dx,
                                  double dy,
                                  int width,
                                  int height);

G_END_DECLS
