/* cutout-ort.h: ONNX Runtime, opened at run time
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <onnxruntime_c_api.h>

G_BEGIN_DECLS

const OrtApi *cutout_ort_get_api (GError **error);
OrtEnv *cutout_ort_get_env (GError **error);
gboolean cutout_ort_check (const OrtApi *api, OrtStatus *status, const char *what, GError **error);
const char *cutout_ort_get_version (void);
const char *cutout_ort_get_warning (void);

G_END_DECLS
