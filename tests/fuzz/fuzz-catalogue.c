/* fuzz-catalogue.c: libFuzzer target for the model catalogue's parser
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-catalogue.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  GError *error = NULL;
  CutoutCatalogue *catalogue = cutout_catalogue_new_from_data ((const char *) data, size, &error);

  g_assert ((catalogue == NULL) != (error == NULL));
  if (catalogue != NULL)
    for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
      {
        const CutoutModelInfo *info = cutout_catalogue_get_model (catalogue, i);
        g_assert (info->input_width > 0 && info->input_height > 0);
      }
  g_clear_pointer (&catalogue, cutout_catalogue_free);
  g_clear_error (&error);
  return 0;
}
