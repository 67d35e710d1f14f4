/* cutout-api-server.h: the local API, served while the app is open
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CUTOUT_TYPE_API_SERVER (cutout_api_server_get_type ())

G_DECLARE_FINAL_TYPE (CutoutApiServer, cutout_api_server, CUTOUT, API_SERVER, GObject)

CutoutApiServer *cutout_api_server_new (GSettings *settings, const char *program);
char *cutout_api_server_find_program (void);
gboolean cutout_api_server_get_running (CutoutApiServer *self);
const char *cutout_api_server_get_address (CutoutApiServer *self);
const char *cutout_api_server_get_error (CutoutApiServer *self);
void cutout_api_server_stop (CutoutApiServer *self);

G_END_DECLS
