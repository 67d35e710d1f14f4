/* cutout-tooltips.h
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void cutout_tooltips_fix (GtkWidget *root);
void cutout_tooltips_follow (GtkWidget *widget);
GtkWidget *cutout_tooltips_make_label (const char *text);

G_END_DECLS
