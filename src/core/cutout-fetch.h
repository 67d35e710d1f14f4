/* cutout-fetch.h: a photo downloaded from a URL, within limits
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What one fetch may take: its size, its time, its redirects. */
#define CUTOUT_FETCH_MAX_BYTES ((gsize) 32 * 1024 * 1024)
#define CUTOUT_FETCH_TIMEOUT_SECONDS 30
#define CUTOUT_FETCH_MAX_REDIRECTS 5

#define CUTOUT_FETCH_ERROR (cutout_fetch_error_quark ())

typedef enum
{
  CUTOUT_FETCH_ERROR_BAD_URL,   /* not an http(s) URL */
  CUTOUT_FETCH_ERROR_REFUSED,   /* a loopback, private or link-local address */
  CUTOUT_FETCH_ERROR_HTTP,      /* the server answered with an error (404 …) */
  CUTOUT_FETCH_ERROR_TOO_LARGE, /* over CUTOUT_FETCH_MAX_BYTES */
  CUTOUT_FETCH_ERROR_TIMEOUT,   /* over CUTOUT_FETCH_TIMEOUT_SECONDS */
  CUTOUT_FETCH_ERROR_REDIRECTS, /* more than CUTOUT_FETCH_MAX_REDIRECTS */
  CUTOUT_FETCH_ERROR_NETWORK,   /* the connection failed */
} CutoutFetchError;

GQuark cutout_fetch_error_quark (void);

typedef enum
{
  CUTOUT_FETCH_NONE = 0,
  /* Loopback, private and link-local addresses too (a photo server on
   * this machine or its network). */
  CUTOUT_FETCH_ALLOW_PRIVATE = 1 << 0,
} CutoutFetchFlags;

gboolean cutout_fetch_is_url (const char *text);
gboolean cutout_fetch_address_is_private (GInetAddress *address);
char *cutout_fetch_url_basename (const char *url);

void cutout_fetch_url_async (const char *url,
                             CutoutFetchFlags flags,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data);
GBytes *cutout_fetch_url_finish (GAsyncResult *result, GError **error);
GBytes *cutout_fetch_url_sync (const char *url,
                               CutoutFetchFlags flags,
                               GCancellable *cancellable,
                               GError **error);

G_END_DECLS
