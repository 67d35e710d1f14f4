/* cutout-preferences-models.h: Preferences → Models
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-application.h"

G_BEGIN_DECLS

void
cutout_preferences_models_init (GtkBuilder *builder, CutoutApplication *app, GSettings *settings);

G_END_DECLS
