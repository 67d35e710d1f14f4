/* cutout-preview-private.h: what the parts of CutoutPreview share
 *
 * CutoutPreview is one widget in two files: cutout-preview.c shows the
 * selected image (its views, made in threads, the job followed, the ID
 * photo mode, the zoom, the widget's class); cutout-preview-tools.c the
 * backdrop and the tools (boxes, the touch-up brush).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-brush-bar.h"
#include "cutout-id-bar.h"
#include "cutout-product-bar.h"
#include "cutout-preview-views.h"
#include "cutout-preview.h"

G_BEGIN_DECLS

struct _CutoutPreview
{
  GtkWidget parent_instance;

  GSettings *settings;       /* NULL once disposed */
  CutoutQueue *queue;        /* for the photos it keeps */
  GCancellable *cancellable; /* for the widget's tasks */
  GCancellable *making;      /* for the preview being made */
  GBytes *making_mask;       /* and what it is made of, the view and the colours */
  CutoutView making_view;
  gboolean making_clean;
  CutoutJob *job;              /* the selected image, followed: */
  GSignalGroup *job_signals;   /* its progress and state, */
  GSignalGroup *boxes_signals; /* its boxes */
  CutoutViews *shown;          /* the selected image's, once made */
  CutoutViewsCache *kept;      /* the last made, the shown one first */
  CutoutView view;
  gboolean id_mode;      /* the selected image is being made an ID photo */
  gboolean product_mode; /* or a product photo */
  CutoutJob *region_job; /* compared only: the image to open on @region, once shown */
  CutoutBox region;      /* in the photo's pixels */
  gboolean touched;      /* what is shown next is the one shown, touched up or cleaned */

  /* Template widgets */
  GtkStack *stack;
  AdwStatusPage *failed_status; /* the selected image failed: why, Retry, Remove */
  GtkWidget *failed_retry_button;
  GtkWidget *failed_remove_button;
  CutoutCanvas *canvas;
  GtkColorButton *color_button;
  GtkEntry *zoom_entry;
  GtkProgressBar *progress;
  GtkSpinner *spinner; /* while a preview is being made */
  GtkToggleButton *box_tool_button;
  GtkRevealer *box_bar;
  GtkToggleButton *brush_tool_button;
  GtkRevealer *brush_bar_revealer;
  CutoutBrushBar *brush_bar;
  GtkButton *box_run_button;
  GtkRevealer *id_bar_revealer;
  CutoutIdBar *id_bar;
  GtkRevealer *product_bar_revealer;
  CutoutProductBar *product_bar;
};

/* cutout-preview.c */
void _cutout_preview_apply_view (CutoutPreview *self);

/* cutout-preview-tools.c */
void _cutout_preview_backdrop_changed (CutoutPreview *self);
void _cutout_preview_color_set (GtkColorButton *button, CutoutPreview *self);
void _cutout_preview_box_tool_changed (CutoutPreview *self);
void _cutout_preview_brush_tool_changed (CutoutPreview *self);
void _cutout_preview_stroke_finished (CutoutPreview *self, const CutoutStroke *stroke);
void _cutout_preview_product_changed (CutoutPreview *self);

G_END_DECLS
