/* cutout-settings-map.h: GSettings values as widgets and pixels want them
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>
#include <gio/gio.h>

G_BEGIN_DECLS

gboolean cutout_settings_nick_to_index (GValue *value, GVariant *variant, gpointer enum_type);
GVariant *
cutout_settings_index_to_nick (const GValue *value, const GVariantType *type, gpointer enum_type);
gboolean cutout_settings_name_to_index (GValue *value, GVariant *variant, gpointer names);
GVariant *
cutout_settings_index_to_name (const GValue *value, const GVariantType *type, gpointer names);
void cutout_settings_get_rgb (GSettings *settings, const char *key, guint8 rgb[3]);
void cutout_settings_set_custom_colour (GSettings *settings,
                                        const char *colour_key,
                                        const char *choice_key,
                                        const GdkRGBA *colour);

G_END_DECLS
