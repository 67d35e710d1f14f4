/* cutout-product.h: product photos, framed for online shops
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-box.h"
#include "cutout-export.h"
#include "cutout-image.h"
#include "cutout-metadata.h"

G_BEGIN_DECLS

/* Where the subject goes in the frame. */
typedef enum
{
  CUTOUT_PRODUCT_ALIGN_CENTER, /* centred both ways */
  CUTOUT_PRODUCT_ALIGN_FLOOR,  /* centred across, standing on a line near the bottom */
} CutoutProductAlign;

/* The shadow under the subject. */
typedef enum
{
  CUTOUT_PRODUCT_SHADOW_NONE,
  CUTOUT_PRODUCT_SHADOW_CONTACT, /* a soft shadow where the subject meets the floor */
  CUTOUT_PRODUCT_SHADOW_KEEP,    /* the photo's own, as grey, from the floor around its bottom */
} CutoutProductShadow;

/* The largest frame a preset may ask for, a side. */
#define CUTOUT_PRODUCT_MAX_SIZE 10000
/* The lowest JPEG quality a size cap may go down to. */
#define CUTOUT_PRODUCT_MIN_QUALITY 10

struct _CutoutProductPreset
{
  int width, height; /* the frame, in pixels */
  double share;      /* the subject's longer side, of the frame's side (fit both ways) */
  double margin;     /* (1 - share) / 2: the room left on each side */
  CutoutProductAlign align;
  gboolean transparent; /* no backdrop (PNG and WebP only); else @backdrop */
  guint8 backdrop[3];
  CutoutFormat format; /* JPEG, PNG or WebP */
  int quality;         /* JPEG and lossy WebP, 1–100 */
  gboolean lossy;      /* WebP: lossy at @quality rather than lossless */
  gsize max_bytes;     /* JPEG: the largest file allowed, or 0 */
  CutoutProductShadow shadow;
  double shadow_strength;  /* 0–1: how dark the shadow is at its darkest */
  double shadow_softness;  /* 0–1: how far it spreads and how blurred */
  double shadow_direction; /* −1–1: the contact shadow thrown left (−1) or right (1) */
};

gboolean cutout_product_preset_parse (const char *text, CutoutProductPreset *out, GError **error);
void cutout_product_preset_set_margin (CutoutProductPreset *preset, double margin);
gboolean cutout_product_shadow_parse (const char *text, CutoutProductShadow *shadow);
gboolean cutout_product_align_parse (const char *text, CutoutProductAlign *align);

gboolean cutout_product_subject_bounds (const CutoutImage *mask, CutoutBox *bounds);
CutoutImage *cutout_product_render (const CutoutImage *photo,
                                    const CutoutImage *mask,
                                    const CutoutProductPreset *preset,
                                    gboolean clean_colours,
                                    double *upscale,
                                    CutoutBox *placed,
                                    GError **error);
gboolean cutout_product_export_item (const CutoutExportItem *item,
                                     const CutoutProductPreset *preset,
                                     gboolean clean_colours,
                                     const char *path,
                                     double *upscale,
                                     GCancellable *cancellable,
                                     GError **error);
gboolean cutout_product_export (const CutoutImage *rendered,
                                const CutoutProductPreset *preset,
                                const CutoutMetadata *metadata,
                                const char *source,
                                const char *path,
                                int *quality_used,
                                GCancellable *cancellable,
                                GError **error);

G_END_DECLS
