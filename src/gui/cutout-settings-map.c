/* cutout-settings-map.c: GSettings values as widgets and pixels want them
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/gdk.h>

#include "cutout-settings-map.h"

/* For g_settings_bind_with_mapping (): a string setting holding a nick of
 * the enum type @enum_type (whose values count from 0, in their order), as
 * the position of a combo row or dropdown. */
gboolean
cutout_settings_nick_to_index (GValue *value, GVariant *variant, gpointer enum_type)
{
  g_autoptr (GEnumClass) values = g_type_class_ref (GPOINTER_TO_SIZE (enum_type));
  GEnumValue *found = g_enum_get_value_by_nick (values, g_variant_get_string (variant, NULL));

  if (found == NULL)
    return FALSE;
  g_value_set_uint (value, (guint) found->value);
  return TRUE;
}

/* And back. */
GVariant *
cutout_settings_index_to_nick (const GValue *value, const GVariantType *type, gpointer enum_type)
{
  g_autoptr (GEnumClass) values = g_type_class_ref (GPOINTER_TO_SIZE (enum_type));
  GEnumValue *found = g_enum_get_value (values, (int) g_value_get_uint (value));

  return found != NULL ? g_variant_new_string (found->value_nick) : NULL;
}

/* For g_settings_bind_with_mapping (): a string setting, one of @names (a
 * NULL-terminated array), as the position of a combo row or dropdown. */
gboolean
cutout_settings_name_to_index (GValue *value, GVariant *variant, gpointer names)
{
  const char *const *list = names;
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; list[i] != NULL; i++)
    if (g_str_equal (name, list[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

/* And back. */
GVariant *
cutout_settings_index_to_name (const GValue *value, const GVariantType *type, gpointer names)
{
  const char *const *list = names;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) list) ? g_variant_new_string (list[i]) : NULL;
}

/* The colour the string setting @key holds, as CSS would write it, into
 * @rgb; @rgb is left as it was if the setting is not a colour. */
void
cutout_settings_get_rgb (GSettings *settings, const char *key, guint8 rgb[3])
{
  g_autofree char *spec = g_settings_get_string (settings, key);
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, spec))
    return;
  rgb[0] = (guint8) (CLAMP (rgba.red, 0, 1) * 255 + 0.5);
  rgb[1] = (guint8) (CLAMP (rgba.green, 0, 1) * 255 + 0.5);
  rgb[2] = (guint8) (CLAMP (rgba.blue, 0, 1) * 255 + 0.5);
}

/* A colour picked: @colour into the string setting @colour_key (as CSS
 * writes it), and "custom" into @choice_key, the choice of backdrop. */
void
cutout_settings_set_custom_colour (GSettings *settings,
                                   const char *colour_key,
                                   const char *choice_key,
                                   const GdkRGBA *colour)
{
  g_autofree char *spec = gdk_rgba_to_string (colour);

  g_settings_set_string (settings, colour_key, spec);
  g_settings_set_string (settings, choice_key, "custom");
}
