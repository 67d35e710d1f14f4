/* cutout-i18n.c: where the programs find their translations
 *
 * Installed, the compiled catalogues are under the prefix's locale folder.
 * Run from the build tree (`meson devenv`, `build-aux/cutout-setup run`),
 * nothing is installed there, so $CUTOUT_LOCALE_DIR, which `meson devenv`
 * and the tests set to the build tree's po/ folder, wins: without it a
 * Chinese user trying the app from a checkout would get English.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-i18n.h"

/* Binds the programs' text domain, and makes it the default one; returns
 * the folder its catalogues are read from. Call after setlocale(). */
const char *
cutout_i18n_init (void)
{
  const char *dir = g_getenv ("CUTOUT_LOCALE_DIR");

  if (dir == NULL || *dir == '\0')
    dir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return dir;
}
