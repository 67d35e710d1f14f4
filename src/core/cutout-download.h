/* cutout-download.h: a catalogue model fetched from its sources, checked, put in place
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-catalogue.h"

G_BEGIN_DECLS

#define CUTOUT_DOWNLOAD_ERROR (cutout_download_error_quark ())

typedef enum
{
  CUTOUT_DOWNLOAD_ERROR_NO_SOURCE, /* the model has no address to download it from */
  CUTOUT_DOWNLOAD_ERROR_HTTP,      /* a server answered with an error (404 …) */
  CUTOUT_DOWNLOAD_ERROR_NETWORK,   /* the connection failed or broke, again and again */
  CUTOUT_DOWNLOAD_ERROR_SIZE,      /* the file is not the size the catalogue gives */
  CUTOUT_DOWNLOAD_ERROR_CHECKSUM,  /* the file is not the one the catalogue describes */
} CutoutDownloadError;

GQuark cutout_download_error_quark (void);

typedef struct
{
  goffset received; /* bytes of the file there so far (a resumed part's included) */
  goffset total;    /* the file's size, or 0 when not known */
  double bytes_per_second;
  double seconds_left; /* < 0: not known */
  const char *url;     /* the source being read */
} CutoutDownloadProgress;

typedef void (*CutoutDownloadProgressFunc) (const CutoutDownloadProgress *progress,
                                            gpointer user_data);

void cutout_model_download_async (const CutoutModelInfo *info,
                                  const char *mirror,
                                  const char *dest_dir,
                                  CutoutDownloadProgressFunc progress,
                                  gpointer progress_data,
                                  GDestroyNotify progress_destroy,
                                  GCancellable *cancellable,
                                  GAsyncReadyCallback callback,
                                  gpointer user_data);
char *cutout_model_download_finish (GAsyncResult *result, GError **error);
char *cutout_model_download_sync (const CutoutModelInfo *info,
                                  const char *mirror,
                                  const char *dest_dir,
                                  CutoutDownloadProgressFunc progress,
                                  gpointer progress_data,
                                  GDestroyNotify progress_destroy,
                                  GCancellable *cancellable,
                                  GError **error);
/* @mirror's URL of @info's file: the base URL + "/" + File; NULL without a mirror. */
char *cutout_model_mirror_url (const char *mirror, const CutoutModelInfo *info);

G_END_DECLS
