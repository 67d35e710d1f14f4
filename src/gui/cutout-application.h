/* cutout-application.h
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-api-server.h"
#include "cutout-engine.h"
#include "cutout-queue.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_APPLICATION (cutout_application_get_type ())

G_DECLARE_FINAL_TYPE (CutoutApplication, cutout_application, CUTOUT, APPLICATION, AdwApplication)

CutoutApplication *cutout_application_new (void);
GCancellable *cutout_application_get_cancellable (CutoutApplication *self);
void cutout_application_writer_started (CutoutApplication *self);
void cutout_application_writer_finished (CutoutApplication *self);
CutoutQueue *cutout_application_get_queue (CutoutApplication *self);
void cutout_application_set_engine (CutoutApplication *self, CutoutEngine *engine);
GListModel *cutout_application_get_models (CutoutApplication *self);
CutoutApiServer *cutout_application_get_api_server (CutoutApplication *self);
void cutout_application_reload_models (CutoutApplication *self);

G_END_DECLS
