/* cutout-catalogue.h: the models Cutout knows, read from data/models.ini
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CUTOUT_ACTIVATION_NONE,
  CUTOUT_ACTIVATION_SIGMOID,
  CUTOUT_ACTIVATION_MINMAX,
} CutoutActivation;

typedef struct
{
  char *id; /* the group name, e.g. "isnet-medium"; what --model takes */
  char *name;
  char *file;
  char *sha256;
  goffset size; /* 0 when the catalogue gives none */
  char *input;
  int input_width;
  int input_height;
  double mean[3];
  double std[3];
  char *output; /* NULL: the model's first output */
  CutoutActivation activation;
  char *license;
  char *source;
  char *description; /* one line on what the model is good at, or NULL */
  char *md5;         /* where no SHA-256 is published, or NULL */
  char **urls;       /* where to download File from, tried in order; NULL or empty: nowhere */
  gboolean is_default;
  gboolean non_commercial; /* its licence forbids commercial use */
  gboolean user;           /* from the user's catalogue, $XDG_DATA_HOME/cutout/models.ini */
} CutoutModelInfo;

typedef struct _CutoutCatalogue CutoutCatalogue;

CutoutModelInfo *cutout_model_info_copy (const CutoutModelInfo *info);
void cutout_model_info_free (CutoutModelInfo *info);

CutoutCatalogue *cutout_catalogue_new_from_data (const char *data, gsize length, GError **error);
CutoutCatalogue *cutout_catalogue_new_from_file (const char *path, GError **error);
CutoutCatalogue *cutout_catalogue_load_default (GError **error);
void cutout_catalogue_free (CutoutCatalogue *catalogue);
guint cutout_catalogue_get_n_models (CutoutCatalogue *catalogue);
const CutoutModelInfo *cutout_catalogue_get_model (CutoutCatalogue *catalogue, guint index);
const CutoutModelInfo *
cutout_catalogue_find (CutoutCatalogue *catalogue, const char *id, GError **error);
char *cutout_catalogue_user_path (void);
gboolean cutout_catalogue_import_model (CutoutCatalogue *catalogue,
                                        const char *file_path,
                                        const char *id,
                                        const char *name,
                                        const char *like_id,
                                        char **out_path,
                                        GError **error);
gboolean cutout_catalogue_remove_model (const CutoutModelInfo *info, GError **error);

char **cutout_model_search_dirs (void);
char *cutout_model_download_dir (void);
char *cutout_model_info_locate (const CutoutModelInfo *info, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutModelInfo, cutout_model_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutCatalogue, cutout_catalogue_free)

G_END_DECLS
