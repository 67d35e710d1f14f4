/* fuzz-onnx-widen.c: libFuzzer target for the rewriting of fp16 ONNX models
 * (an imported model file can be anything)
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-onnx-widen.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  GBytes *wide = cutout_onnx_widen (data, size, &error);

  /* a rewritten model is one it can read again, with nothing left to widen */
  if (wide != NULL)
    {
      gsize n;
      const guint8 *again = g_bytes_get_data (wide, &n);
      GBytes *twice = cutout_onnx_widen (again, n, NULL);
      g_assert (twice == NULL);
      g_bytes_unref (wide);
    }
  g_assert (wide == NULL || error == NULL);
  g_clear_error (&error);
  return 0;
}
