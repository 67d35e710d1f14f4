/* cutout-queue-row.h: one image of the queue in the window's list
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cutout-job.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_QUEUE_ROW (cutout_queue_row_get_type ())

G_DECLARE_FINAL_TYPE (CutoutQueueRow, cutout_queue_row, CUTOUT, QUEUE_ROW, GtkWidget)

GtkWidget *cutout_queue_row_new (void);
CutoutJob *cutout_queue_row_get_job (CutoutQueueRow *self);
void cutout_queue_row_set_job (CutoutQueueRow *self, CutoutJob *job);

GdkTexture *cutout_texture_new_for_image (const CutoutImage *image);
char *cutout_job_describe_state (CutoutJob *job);

GtkWidget *cutout_queue_row_get_review_badge (CutoutQueueRow *self);

G_END_DECLS
