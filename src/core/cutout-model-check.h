/* cutout-model-check.h: does a model file fit its catalogue entry?
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <onnxruntime_c_api.h>

#include "cutout-catalogue.h"

G_BEGIN_DECLS

char *cutout_model_check (const OrtApi *api,
                          OrtSession *session,
                          const CutoutModelInfo *info,
                          char **output,
                          size_t *output_rank);

G_END_DECLS
