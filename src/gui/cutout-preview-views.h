/* cutout-preview-views.h: the views the preview makes of an image, and
 * those it keeps
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-image.h"
#include "cutout-photo-cache.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

/* What the preview shows of the selected image; the nicks
 * (CUTOUT_TYPE_VIEW) are the names preview.view takes. */
typedef enum
{
  CUTOUT_VIEW_RESULT,
  CUTOUT_VIEW_ORIGINAL,
  CUTOUT_VIEW_MASK,
  CUTOUT_VIEW_EDGES,
  CUTOUT_VIEW_COMPARE, /* the original left of a divider, the cutout right */
  CUTOUT_N_VIEWS       /*< skip >*/
} CutoutView;

/* The views made of one image, for one cutout of it. */
typedef struct
{
  CutoutJob *job;
  GBytes *mask; /* the cutout they show (the job's), or NULL: the photo only */
  gboolean clean_colours;
  gboolean cleaning; /* the cutout shown is the plain one until its colours are cleaned */
  GdkTexture
      *views[2 * CUTOUT_N_VIEWS]; /* each view, then (from CUTOUT_N_VIEWS on) its smaller copy */
  int image_width, image_height;  /* the photo's full size */
  GBytes *result_pixels;          /* the cutout's, at full size (once clean, if cleaned) */
} CutoutViews;

void cutout_views_free (CutoutViews *self);
gboolean cutout_views_has (const CutoutViews *self, CutoutView view);
void cutout_views_make_async (const CutoutViews *base,
                              CutoutJob *job,
                              CutoutPhoto *kept,
                              GBytes *mask,
                              gboolean clean_colours,
                              CutoutView view,
                              gpointer source,
                              GCancellable *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer data);
CutoutViews *cutout_views_make_finish (GAsyncResult *result,
                                       CutoutPhoto **photo,
                                       CutoutImage **mask,
                                       GError **error);
void cutout_views_clean_async (CutoutViews *self,
                               CutoutPhoto *photo,
                               CutoutImage *mask,
                               gpointer source,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer data);

/* The last views made, within a budget. */
typedef struct _CutoutViewsCache CutoutViewsCache;

CutoutViewsCache *cutout_views_cache_new (void);
void cutout_views_cache_free (CutoutViewsCache *self);
CutoutViews *
cutout_views_cache_find (CutoutViewsCache *self, CutoutJob *job, GBytes *mask, gboolean clean);
void cutout_views_cache_keep (CutoutViewsCache *self, CutoutViews *views);
CutoutViews *cutout_views_cache_add (CutoutViewsCache *self, CutoutViews *made);
CutoutViews *cutout_views_cache_finish_clean (CutoutViewsCache *self, GAsyncResult *result);
gboolean
cutout_views_cache_forget_gone (CutoutViewsCache *self, CutoutQueue *queue, CutoutViews *shown);
guint cutout_views_cache_get_len (CutoutViewsCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutViews, cutout_views_free)

G_END_DECLS
