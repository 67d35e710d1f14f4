/* cutout-compose.c: how a cutout is made of a photo and its mask
 *
 * One rule for everything that shows or writes a cutout (the preview,
 * exports, copies and drags, ID photos): the colours are the photo's, or
 * with Clean colours the subject's own where it is see-through (the old
 * background's share taken out, cutout-foreground.c); the mask is the
 * alpha; on a backdrop colour, the colours are laid over it by that alpha.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-compose.h"
#include "cutout-foreground.h"

/* The colours the cutout of @image by @mask is made of: @image itself, or
 * with @clean_colours a new image of the subject's own colours where it is
 * see-through, which *@owned then holds for the caller to free. */
const CutoutImage *
cutout_compose_colours (const CutoutImage *image,
                        const CutoutImage *mask,
                        gboolean clean_colours,
                        CutoutImage **owned)
{
  *owned = NULL;
  if (!clean_colours)
    return image;
  *owned = cutout_estimate_foreground (image, mask);
  return *owned;
}

/* One row of @rgba with its alpha multiplied by @alpha. Where the result is
 * fully transparent the colour is set to 0: it is invisible, and files shrink. */
void
cutout_compose_alpha_row (const guint8 *rgba, const guint8 *alpha, guint8 *out, int width)
{
  for (int x = 0; x < width; x++, rgba += 4, out += 4)
    {
      guint a = (rgba[3] * alpha[x] + 127) / 255;
      if (a == 0)
        {
          out[0] = out[1] = out[2] = out[3] = 0;
          continue;
        }
      out[0] = rgba[0], out[1] = rgba[1], out[2] = rgba[2], out[3] = a;
    }
}

/* @image with its alpha multiplied by @mask. */
CutoutImage *
cutout_compose_alpha (const CutoutImage *image, const CutoutImage *mask)
{
  CutoutImage *out;

  g_return_val_if_fail (image->n_channels == 4 && mask->n_channels == 1, NULL);
  g_return_val_if_fail (image->width == mask->width && image->height == mask->height, NULL);

  out = cutout_image_new (image->width, image->height, 4);
  for (int y = 0; y < image->height; y++)
    cutout_compose_alpha_row (cutout_image_row (image, y), cutout_image_row (mask, y),
                              cutout_image_row (out, y), image->width);
  return out;
}

/* The cutout as exports write it, for the preview, copies and drags: its
 * colours (cutout_compose_colours()), then @mask as its alpha. */
CutoutImage *
cutout_compose_cutout (const CutoutImage *image, const CutoutImage *mask, gboolean clean_colours)
{
  g_autoptr (CutoutImage) clean = NULL;

  return cutout_compose_alpha (cutout_compose_colours (image, mask, clean_colours, &clean), mask);
}

/* One row of the cutout (@rgba by @mask) over @background, as RGB. */
void
cutout_compose_flatten_row (
    const guint8 *rgba, const guint8 *mask, const guint8 background[3], guint8 *out, int width)
{
  for (int x = 0; x < width; x++, rgba += 4, out += 3)
    {
      guint a = (rgba[3] * mask[x] + 127) / 255;
      for (int c = 0; c < 3; c++)
        out[c] = (rgba[c] * a + background[c] * (255 - a) + 127) / 255;
    }
}

/* One row of @rgba, in place, with its alpha multiplied by @mask (or as it
 * is, if NULL) and its colours by that alpha: premultiplied, so that a
 * resample scales both without pulling a transparent pixel's colour into
 * the edge. */
void
cutout_compose_premultiply_row (guint8 *rgba, const guint8 *mask, int width)
{
  for (int x = 0; x < width; x++, rgba += 4)
    {
      guint a = mask != NULL ? (rgba[3] * mask[x] + 127) / 255 : rgba[3];
      if (a == 255)
        continue;
      for (int c = 0; c < 3; c++)
        rgba[c] = (guint8) ((rgba[c] * a + 127) / 255);
      rgba[3] = (guint8) a;
    }
}

/* @premultiplied, in place, laid over @background: opaque. */
void
cutout_compose_over_colour (CutoutImage *premultiplied, const guint8 background[3])
{
  g_return_if_fail (premultiplied->n_channels == 4);

  for (int y = 0; y < premultiplied->height; y++)
    {
      guint8 *p = cutout_image_row (premultiplied, y);
      for (int x = 0; x < premultiplied->width; x++, p += 4)
        {
          guint a = p[3];
          for (int c = 0; c < 3; c++)
            p[c] = (guint8) MIN (255, p[c] + (background[c] * (255 - a) + 127) / 255);
          p[3] = 255;
        }
    }
}
