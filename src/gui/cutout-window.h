/* cutout-window.h
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cutout-application.h"

G_BEGIN_DECLS

#define CUTOUT_TYPE_WINDOW (cutout_window_get_type ())

G_DECLARE_FINAL_TYPE (CutoutWindow, cutout_window, CUTOUT, WINDOW, AdwApplicationWindow)

CutoutWindow *cutout_window_new (CutoutApplication *application);

G_END_DECLS
