/* cutout-stroke.c: one brush stroke rasterised onto a mask
 *
 * A stroke is a chain of capsules: the segments between its points, each
 * as wide as the brush at the pressure of its ends. Every pixel centre in
 * reach takes the strongest weight any part of the stroke gives it, so a
 * stroke is painted once, like a pen, however its points crowd together.
 * Only the stroke's bounds are visited: a stroke costs what it covers, not
 * what the photo measures.
 *
 * An edge-aware stroke paints what looks like the photo under the brush's
 * centre (its hot spot, as in GIMP's and Photoshop's background erasers)
 * and leaves what does not: a restore brush drawn along the inside of an
 * outline brings back the subject and not the background beside it. The
 * result is then run through the guided filter (cutout-refine.c) with the
 * photo as the guide, so that it follows the photo's own edges, soft ones
 * such as hair included; it never goes beyond the plain stroke's result.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-refine.h"
#include "cutout-touchup.h"

/* Colours closer than EDGE_NEAR to the hot spot's are painted fully,
 * farther than EDGE_FAR not at all (Euclidean RGB distance, 0..1 a
 * channel); the guided filter's radius at the photo's resolution and its
 * ε. Chosen on the matting crops' hair and fur (tests/test-touchup.c,
 * /touchup/brush/edge-aware-hair: the mean absolute error of a restore
 * stroke over an erased place, 0.562 plain): 0.10–0.30, radius 2, ε 1e-3
 * gave 0.475; 0.05–0.15 0.437, with radius 4 0.415, and ε 1e-2 0.396;
 * 0.03–0.12 0.377, but a tolerance that tight leaves too much of a
 * textured subject. */
#define EDGE_NEAR 0.05f
#define EDGE_FAR 0.15f
#define EDGE_GUIDED_RADIUS 4
#define EDGE_GUIDED_EPS 1e-2f
/* The hot spot's colour is the mean of the (2·HOT_RADIUS + 1)² pixels
 * around the centre line, so that one noisy pixel does not decide. */
#define HOT_RADIUS 1

CutoutStroke *
cutout_stroke_new (CutoutBrushMode mode, double radius, double hardness, gboolean edge_aware)
{
  CutoutStroke *stroke = g_new0 (CutoutStroke, 1);

  stroke->mode = mode;
  stroke->radius = MAX (radius, 0);
  stroke->hardness = CLAMP (hardness, 0, 1);
  stroke->edge_aware = !!edge_aware;
  stroke->points = g_array_new (FALSE, FALSE, sizeof (CutoutStrokePoint));
  return stroke;
}

/* Adds a point in image pixel coordinates; @pressure 0..1. */
void
cutout_stroke_add_point (CutoutStroke *stroke, double x, double y, double pressure)
{
  CutoutStrokePoint point = { (float) x, (float) y, (float) CLAMP (pressure, 0, 1) };

  g_return_if_fail (stroke != NULL);
  g_array_append_val (stroke->points, point);
}

CutoutStroke *
cutout_stroke_copy (const CutoutStroke *stroke)
{
  CutoutStroke *copy;

  g_return_val_if_fail (stroke != NULL, NULL);
  copy = cutout_stroke_new (stroke->mode, stroke->radius, stroke->hardness, stroke->edge_aware);
  g_array_append_vals (copy->points, stroke->points->data, stroke->points->len);
  return copy;
}

void
cutout_stroke_free (CutoutStroke *stroke)
{
  if (stroke == NULL)
    return;
  g_array_unref (stroke->points);
  g_free (stroke);
}

static inline const CutoutStrokePoint *
point_at (const CutoutStroke *stroke, guint i)
{
  return &g_array_index (stroke->points, CutoutStrokePoint, i);
}

static inline double
radius_at (const CutoutStroke *stroke, const CutoutStrokePoint *p)
{
  return stroke->radius * p->pressure;
}

/* The pixels the stroke can change, clipped to a @width × @height image:
 * empty (x1 == x2) when it changes none. */
void
cutout_stroke_get_bounds (const CutoutStroke *stroke, int width, int height, CutoutBox *bounds)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;

  g_return_if_fail (stroke != NULL && bounds != NULL);

  *bounds = (CutoutBox){ 0, 0, 0, 0 };
  for (guint i = 0; i < stroke->points->len; i++)
    {
      const CutoutStrokePoint *p = point_at (stroke, i);
      double r = radius_at (stroke, p);
      if (r <= 0)
        continue;
      x1 = MIN (x1, p->x - r), y1 = MIN (y1, p->y - r);
      x2 = MAX (x2, p->x + r), y2 = MAX (y2, p->y + r);
    }
  if (x1 > x2)
    return;
  /* Pixel i's centre is i + 0.5: those within the radius lie in here. */
  bounds->x1 = (int) CLAMP (floor (x1), 0, width);
  bounds->y1 = (int) CLAMP (floor (y1), 0, height);
  bounds->x2 = (int) CLAMP (ceil (x2), 0, width);
  bounds->y2 = (int) CLAMP (ceil (y2), 0, height);
  if (bounds->x1 >= bounds->x2 || bounds->y1 >= bounds->y2)
    *bounds = (CutoutBox){ 0, 0, 0, 0 };
}

/* The stroke's footprint over a box: for each pixel, how near it is to
 * the centre line relative to the brush's radius there (q = d / r, the
 * smallest over the stroke; ≥ 1 out of reach). For an edge-aware stroke,
 * also the nearest point of the centre line (for the hot spot) and whether
 * the brush, @margin pixels wider, reaches the pixel. */
typedef struct
{
  CutoutBox b;
  int w, h;
  int margin;
  float *q;
  float *cx, *cy; /* NULL unless edge-aware */
  guint8 *reach;  /* NULL unless edge-aware */
} Footprint;

static void
footprint_clear (Footprint *f)
{
  g_free (f->q);
  g_free (f->cx);
  g_free (f->cy);
  g_free (f->reach);
}

/* The capsule from @p0 to @p1 (the same point for a dab). */
static void
paint_capsule (
    Footprint *f, const CutoutStrokePoint *p0, const CutoutStrokePoint *p1, double r0, double r1)
{
  double dx = p1->x - p0->x, dy = p1->y - p0->y, len2 = dx * dx + dy * dy;
  double rmax = MAX (r0, r1) + f->margin;
  int x1 = MAX (f->b.x1, (int) floor (MIN (p0->x, p1->x) - rmax));
  int y1 = MAX (f->b.y1, (int) floor (MIN (p0->y, p1->y) - rmax));
  int x2 = MIN (f->b.x2, (int) ceil (MAX (p0->x, p1->x) + rmax));
  int y2 = MIN (f->b.y2, (int) ceil (MAX (p0->y, p1->y) + rmax));

  if (MAX (r0, r1) <= 0)
    return;
  for (int y = y1; y < y2; y++)
    for (int x = x1; x < x2; x++)
      {
        double px = x + 0.5 - p0->x, py = y + 0.5 - p0->y;
        double t = len2 > 0 ? CLAMP ((px * dx + py * dy) / len2, 0, 1) : 0;
        double ex = px - t * dx, ey = py - t * dy, r = r0 + (r1 - r0) * t;
        gsize i = (gsize) (y - f->b.y1) * f->w + (x - f->b.x1);
        double d = sqrt (ex * ex + ey * ey);
        float q;
        if (r <= 0)
          continue;
        if (f->reach != NULL && d < r + f->margin)
          f->reach[i] = 1;
        q = (float) (d / r);
        if (q >= f->q[i])
          continue;
        f->q[i] = q;
        if (f->cx != NULL)
          f->cx[i] = (float) (p0->x + t * dx), f->cy[i] = (float) (p0->y + t * dy);
      }
}

/* The footprint over @b; @margin > 0 for an edge-aware stroke. */
static void
footprint_init (Footprint *f, const CutoutStroke *stroke, const CutoutBox *b, int margin)
{
  gsize n;

  f->b = *b;
  f->w = b->x2 - b->x1, f->h = b->y2 - b->y1;
  f->margin = margin;
  n = (gsize) f->w * f->h;
  f->q = g_new (float, n);
  for (gsize i = 0; i < n; i++)
    f->q[i] = G_MAXFLOAT;
  f->cx = margin > 0 ? g_new0 (float, n) : NULL;
  f->cy = margin > 0 ? g_new0 (float, n) : NULL;
  f->reach = margin > 0 ? g_new0 (guint8, n) : NULL;
  for (guint i = 0; i < stroke->points->len; i++)
    {
      const CutoutStrokePoint *p0 = point_at (stroke, i > 0 ? i - 1 : 0),
                              *p1 = point_at (stroke, i);
      if (i == 0 && stroke->points->len > 1)
        continue;
      paint_capsule (f, p0, p1, radius_at (stroke, p0), radius_at (stroke, p1));
    }
}

/* The brush's weight at q = d / r: 1 within the hard core, then a
 * smoothstep down to 0 at the rim. */
static inline float
weight (float q, float hardness)
{
  float s;

  if (q >= 1)
    return 0;
  if (q <= hardness)
    return 1;
  s = (1 - q) / (1 - hardness);
  return s * s * (3 - 2 * s);
}

static inline float
paint (CutoutBrushMode mode, float a, float w)
{
  return mode == CUTOUT_BRUSH_ERASE ? a * (1 - w) : a + (255 - a) * w;
}

static inline guint8
to_byte (float v)
{
  return (guint8) CLAMP (v + 0.5f, 0, 255);
}

static void
apply_plain (const CutoutStroke *stroke, const Footprint *f, CutoutImage *mask)
{
  for (int y = 0; y < f->h; y++)
    {
      guint8 *row = cutout_image_row (mask, f->b.y1 + y) + f->b.x1;
      const float *q = f->q + (gsize) y * f->w;
      for (int x = 0; x < f->w; x++)
        if (q[x] < 1)
          row[x] = to_byte (paint (stroke->mode, row[x], weight (q[x], (float) stroke->hardness)));
    }
}

/* The mean colour (0..1) of the pixels around (@x, @y). */
static void
hot_colour (const CutoutImage *photo, float x, float y, float c[3])
{
  int cx = CLAMP ((int) x, 0, photo->width - 1), cy = CLAMP ((int) y, 0, photo->height - 1);
  int n = 0;

  c[0] = c[1] = c[2] = 0;
  for (int j = MAX (0, cy - HOT_RADIUS); j <= MIN (photo->height - 1, cy + HOT_RADIUS); j++)
    for (int i = MAX (0, cx - HOT_RADIUS); i <= MIN (photo->width - 1, cx + HOT_RADIUS); i++)
      {
        const guint8 *px = cutout_image_row (photo, j) + (gsize) i * 4;
        c[0] += px[0], c[1] += px[1], c[2] += px[2];
        n++;
      }
  for (int k = 0; k < 3; k++)
    c[k] /= 255.f * n;
}

/* How much a pixel of colour @px looks like the hot spot's @c: 1 to 0. */
static inline float
likeness (const guint8 *px, const float c[3])
{
  float dr = px[0] / 255.f - c[0], dg = px[1] / 255.f - c[1], db = px[2] / 255.f - c[2];
  float d = sqrtf (dr * dr + dg * dg + db * db), s;

  if (d <= EDGE_NEAR)
    return 1;
  if (d >= EDGE_FAR)
    return 0;
  s = (EDGE_FAR - d) / (EDGE_FAR - EDGE_NEAR);
  return s * s * (3 - 2 * s);
}

/* How much each pixel the wider brush reaches looks like the hot spot
 * nearest it (0 elsewhere). The hot spot's colour is kept from one pixel
 * to the next, which mostly share it. */
static float *
likeness_map (const Footprint *f, const CutoutImage *photo)
{
  float *like = g_new0 (float, (gsize) f->w * f->h);
  int last_x = -1, last_y = -1;
  float c[3] = { 0 };

  for (int y = 0; y < f->h; y++)
    {
      const guint8 *px = cutout_image_row (photo, f->b.y1 + y) + (gsize) f->b.x1 * 4;
      for (int x = 0; x < f->w; x++, px += 4)
        {
          gsize i = (gsize) y * f->w + x;
          if (!f->reach[i])
            continue;
          if ((int) f->cx[i] != last_x || (int) f->cy[i] != last_y)
            {
              last_x = (int) f->cx[i], last_y = (int) f->cy[i];
              hot_colour (photo, f->cx[i], f->cy[i], c);
            }
          like[i] = likeness (px, c);
        }
    }
  return like;
}

static CutoutBox
grow (const CutoutBox *b, int m, const CutoutImage *mask)
{
  return (CutoutBox){ MAX (0, b->x1 - m), MAX (0, b->y1 - m), MIN (mask->width, b->x2 + m),
                      MIN (mask->height, b->y2 + m) };
}

/* The guided filter's result over @g, which holds the footprint and what
 * the filter's windows reach around it. Its input is the mask painted as
 * far as the wider brush reaches, as much as each pixel looks like the hot
 * spot (@like): the footprint's own rim is then no edge to the filter. */
static CutoutImage *
guided (const CutoutStroke *stroke,
        const Footprint *f,
        const float *like,
        const CutoutImage *mask,
        const CutoutImage *photo,
        const CutoutBox *g)
{
  int gw = g->x2 - g->x1, gh = g->y2 - g->y1;
  g_autoptr (CutoutImage) crop = cutout_image_crop (photo, g->x1, g->y1, gw, gh);
  g_autofree float *p = g_new (float, (gsize) gw *gh);
  CutoutRefineParams params;

  for (int y = 0; y < gh; y++)
    {
      const guint8 *row = cutout_image_row (mask, g->y1 + y) + g->x1;
      for (int x = 0; x < gw; x++)
        {
          int fx = g->x1 + x - f->b.x1, fy = g->y1 + y - f->b.y1;
          float a = row[x];
          if (fx >= 0 && fy >= 0 && fx < f->w && fy < f->h)
            a = paint (stroke->mode, a, like[(gsize) fy * f->w + fx]);
          p[(gsize) y * gw + x] = a / 255.f;
        }
    }
  cutout_refine_params_init (&params);
  params.radius = EDGE_GUIDED_RADIUS;
  params.epsilon = EDGE_GUIDED_EPS;
  params.any_size = TRUE;
  return cutout_refine_guided (crop, p, gw, gh, &params);
}

/* Within the footprint, the guided result, kept between the mask as it
 * was and the plain stroke's result: an edge-aware stroke does less than
 * a plain one, never something else, and nothing beyond the brush. */
static void
apply_edge_aware (const CutoutStroke *stroke,
                  const CutoutBox *bounds,
                  CutoutImage *mask,
                  const CutoutImage *photo)
{
  const int m = 2 * EDGE_GUIDED_RADIUS + 1;
  Footprint f = { 0 };
  CutoutBox fb = grow (bounds, m, mask), g = grow (&fb, m, mask);
  g_autofree float *like = NULL;
  g_autoptr (CutoutImage) smooth = NULL;

  footprint_init (&f, stroke, &fb, m);
  like = likeness_map (&f, photo);
  smooth = guided (stroke, &f, like, mask, photo, &g);
  for (int y = 0; y < f.h; y++)
    {
      guint8 *row = cutout_image_row (mask, f.b.y1 + y) + f.b.x1;
      const guint8 *s = cutout_image_row (smooth, f.b.y1 + y - g.y1) + (f.b.x1 - g.x1);
      const float *q = f.q + (gsize) y * f.w;
      for (int x = 0; x < f.w; x++)
        {
          float a = row[x], flat;
          if (q[x] >= 1)
            continue;
          flat = paint (stroke->mode, a, weight (q[x], (float) stroke->hardness));
          if (stroke->mode == CUTOUT_BRUSH_RESTORE)
            row[x] = to_byte (CLAMP ((float) s[x], a, flat));
          else
            row[x] = to_byte (CLAMP ((float) s[x], flat, a));
        }
    }
  footprint_clear (&f);
}

/* Paints @stroke onto @mask (1 channel). @photo, RGBA at the mask's size,
 * is what an edge-aware stroke follows; without it (NULL, or another
 * size), the stroke is painted plain. */
void
cutout_stroke_apply (const CutoutStroke *stroke, CutoutImage *mask, const CutoutImage *photo)
{
  gboolean edges;
  Footprint f = { 0 };
  CutoutBox b;

  g_return_if_fail (stroke != NULL);
  g_return_if_fail (mask != NULL && mask->n_channels == 1);

  cutout_stroke_get_bounds (stroke, mask->width, mask->height, &b);
  if (b.x1 >= b.x2)
    return;
  edges = stroke->edge_aware && photo != NULL && photo->n_channels == 4
          && photo->width == mask->width && photo->height == mask->height;
  if (edges)
    {
      apply_edge_aware (stroke, &b, mask, photo);
      return;
    }
  footprint_init (&f, stroke, &b, 0);
  apply_plain (stroke, &f, mask);
  footprint_clear (&f);
}

/* Whether any of @strokes (CutoutStroke) needs the photo. */
gboolean
cutout_strokes_need_photo (GPtrArray *strokes)
{
  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    if (((CutoutStroke *) strokes->pdata[i])->edge_aware)
      return TRUE;
  return FALSE;
}

/* Paints @strokes (CutoutStroke) onto @mask in order. */
void
cutout_strokes_apply (GPtrArray *strokes, CutoutImage *mask, const CutoutImage *photo)
{
  for (guint i = 0; strokes != NULL && i < strokes->len; i++)
    cutout_stroke_apply (strokes->pdata[i], mask, photo);
}
