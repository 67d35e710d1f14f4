/* cutout-touchup.h: brush strokes that erase or restore parts of a mask
 * (painted by cutout-stroke.c), with undo and redo
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cutout-box.h"
#include "cutout-image.h"

G_BEGIN_DECLS

/* What a stroke does to the mask (CUTOUT_TYPE_BRUSH_MODE). */
typedef enum
{
  CUTOUT_BRUSH_ERASE,   /* makes it see-through */
  CUTOUT_BRUSH_RESTORE, /* makes it opaque */
} CutoutBrushMode;

/* In image pixel coordinates (pixel i covers [i, i+1)); pressure 0..1,
 * 1 without a tablet. */
typedef struct
{
  float x, y, pressure;
} CutoutStrokePoint;

typedef struct
{
  CutoutBrushMode mode;
  double radius;       /* in image pixels, at pressure 1 (the size scales with pressure) */
  double hardness;     /* 1: a hard disc; 0: alpha ramps from the centre to the rim */
  gboolean edge_aware; /* follows the photo's edges (cutout_stroke_apply()) */
  GArray *points;      /* of CutoutStrokePoint; a single point is a dab */
} CutoutStroke;

CutoutStroke *
cutout_stroke_new (CutoutBrushMode mode, double radius, double hardness, gboolean edge_aware);
void cutout_stroke_add_point (CutoutStroke *stroke, double x, double y, double pressure);
CutoutStroke *cutout_stroke_copy (const CutoutStroke *stroke);
void cutout_stroke_free (CutoutStroke *stroke);
void
cutout_stroke_get_bounds (const CutoutStroke *stroke, int width, int height, CutoutBox *bounds);
void cutout_stroke_apply (const CutoutStroke *stroke, CutoutImage *mask, const CutoutImage *photo);

gboolean cutout_strokes_need_photo (GPtrArray *strokes);
void cutout_strokes_apply (GPtrArray *strokes, CutoutImage *mask, const CutoutImage *photo);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutStroke, cutout_stroke_free)

#define CUTOUT_TYPE_TOUCHUP (cutout_touchup_get_type ())

G_DECLARE_FINAL_TYPE (CutoutTouchUp, cutout_touchup, CUTOUT, TOUCHUP, GObject)

CutoutTouchUp *cutout_touchup_new (void);
guint cutout_touchup_get_n_strokes (CutoutTouchUp *self);
const CutoutStroke *cutout_touchup_get_stroke (CutoutTouchUp *self, guint index);
void cutout_touchup_add (CutoutTouchUp *self, const CutoutStroke *stroke);
void cutout_touchup_reset (CutoutTouchUp *self);
gboolean cutout_touchup_can_undo (CutoutTouchUp *self);
gboolean cutout_touchup_can_redo (CutoutTouchUp *self);
gboolean cutout_touchup_undo (CutoutTouchUp *self);
gboolean cutout_touchup_redo (CutoutTouchUp *self);
GPtrArray *cutout_touchup_dup_strokes (CutoutTouchUp *self);

G_END_DECLS
