/* cutout-compose.h: how a cutout is made of a photo and its mask, for the
 * preview, exports, copies and ID photos alike
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cutout-image.h"

G_BEGIN_DECLS

const CutoutImage *cutout_compose_colours (const CutoutImage *image,
                                           const CutoutImage *mask,
                                           gboolean clean_colours,
                                           CutoutImage **owned);
void cutout_compose_alpha_row (const guint8 *rgba, const guint8 *alpha, guint8 *out, int width);
CutoutImage *cutout_compose_alpha (const CutoutImage *image, const CutoutImage *mask);
CutoutImage *
cutout_compose_cutout (const CutoutImage *image, const CutoutImage *mask, gboolean clean_colours);
void cutout_compose_flatten_row (
    const guint8 *rgba, const guint8 *mask, const guint8 background[3], guint8 *out, int width);
void cutout_compose_premultiply_row (guint8 *rgba, const guint8 *mask, int width);
void cutout_compose_over_colour (CutoutImage *premultiplied, const guint8 background[3]);

G_END_DECLS
