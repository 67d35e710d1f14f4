/* cutout-calibrate.c: the model's confidence made firm inside the subject
 *
 * The model's mask is soft everywhere: a solid subject comes out at 0.9 to
 * 0.99 inside (230 to 250 of 255: a washed-out subject on a coloured
 * backdrop, and the whole body magenta in the edge view), and the
 * background is a faint haze of a few percent. A global levels curve would
 * trade those against true soft edges (fur, hair), and snapping whatever is
 * under one half to clear would take away hair the model is unsure of
 * (docs/QUALITY.md). So the decision is local: the mask is split at one
 * half, and a pixel of the subject farther than a band's width from that
 * outline is made exactly opaque; a background pixel that far whose value
 * is mere haze is made exactly clear. Along the outline, and wherever the
 * background is more than haze, the model's soft values stay, for the
 * refinement and the edge styles after.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-calibrate.h"

void
cutout_calibrate_params_init (CutoutCalibrateParams *params)
{
  *params = (CutoutCalibrateParams){
    .band = CUTOUT_CALIBRATE_DEFAULT_BAND,
    .clear = CUTOUT_CALIBRATE_DEFAULT_CLEAR,
  };
}

/* Chamfer distances (3 across, 4 diagonally: a third of a pixel each) from
 * every pixel to the nearest one where @inside differs from its own, in two
 * passes; saturated at G_MAXUINT16. */
static void
distance_to_other_side (const guint8 *inside, int w, int h, guint16 *dist)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gsize i = (gsize) y * w + x;
        guint d = G_MAXUINT16;
        /* A neighbour on the other side is at one step. */
        if ((x > 0 && inside[i - 1] != inside[i]) || (y > 0 && inside[i - w] != inside[i]))
          d = 3;
        if (x > 0 && inside[i - 1] == inside[i])
          d = MIN (d, (guint) dist[i - 1] + 3);
        if (y > 0 && inside[i - w] == inside[i])
          d = MIN (d, (guint) dist[i - w] + 3);
        if (y > 0 && x > 0 && inside[i - w - 1] == inside[i])
          d = MIN (d, (guint) dist[i - w - 1] + 4);
        if (y > 0 && x + 1 < w && inside[i - w + 1] == inside[i])
          d = MIN (d, (guint) dist[i - w + 1] + 4);
        dist[i] = MIN (d, G_MAXUINT16);
      }
  for (int y = h - 1; y >= 0; y--)
    for (int x = w - 1; x >= 0; x--)
      {
        gsize i = (gsize) y * w + x;
        guint d = dist[i];
        if ((x + 1 < w && inside[i + 1] != inside[i]) || (y + 1 < h && inside[i + w] != inside[i]))
          d = MIN (d, 3);
        if (x + 1 < w && inside[i + 1] == inside[i])
          d = MIN (d, (guint) dist[i + 1] + 3);
        if (y + 1 < h && inside[i + w] == inside[i])
          d = MIN (d, (guint) dist[i + w] + 3);
        if (y + 1 < h && x + 1 < w && inside[i + w + 1] == inside[i])
          d = MIN (d, (guint) dist[i + w + 1] + 4);
        if (y + 1 < h && x > 0 && inside[i + w - 1] == inside[i])
          d = MIN (d, (guint) dist[i + w - 1] + 4);
        dist[i] = d;
      }
}

/* Makes @plane (the model's output, 0–1, @width × @height) exactly 1 where
 * it is at least one half and more than @params->band of its pixels from
 * where it falls under, and exactly 0 where it is under @params->clear
 * that far from the subject (and fades it there over @params->fade). */
void
cutout_calibrate_plane (float *plane, int width, int height, const CutoutCalibrateParams *params)
{
  gsize n = (gsize) width * height;
  g_autofree guint8 *inside = NULL;
  g_autofree guint16 *dist = NULL;
  guint band = (guint) (params->band * 3 + 0.5);

  g_return_if_fail (plane != NULL && width > 0 && height > 0);
  if (params->band <= 0)
    return;
  inside = g_malloc (n);
  dist = g_new (guint16, n);
  for (gsize i = 0; i < n; i++)
    inside[i] = plane[i] >= 0.5f;
  distance_to_other_side (inside, width, height, dist);
  for (gsize i = 0; i < n; i++)
    if (dist[i] > band && inside[i])
      plane[i] = 1.0f;
    else if (dist[i] > band && plane[i] < params->clear)
      plane[i] = 0.0f;
    else if (dist[i] > band && params->fade > 0)
      plane[i] *= MAX (0.0, 1.0 - (dist[i] - band) / (params->fade * 3));
}
