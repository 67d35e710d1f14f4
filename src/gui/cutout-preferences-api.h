/* cutout-preferences-api.h: Preferences → General → Local API
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-api-server.h"

G_BEGIN_DECLS

void
cutout_preferences_api_init (GtkBuilder *builder, CutoutApiServer *server, GSettings *settings);

G_END_DECLS
