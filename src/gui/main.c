/* main.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-application.h"
#include "cutout-i18n.h"

int
main (int argc, char *argv[])
{
  g_autoptr (CutoutApplication) app = NULL;

  cutout_i18n_init ();

  app = cutout_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
