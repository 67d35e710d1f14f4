/* cutout-onnx-widen.h: an fp16 ONNX model rewritten to run in fp32
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

GBytes *cutout_onnx_widen (const guint8 *model, gsize length, GError **error);

G_END_DECLS
