/* test-zh-cn.c: the window in Simplified Chinese
 *
 * Run with LANGUAGE=zh_CN (meson does): the strings of the window come from
 * po/zh_CN.po, compiled into the build tree.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cutout-application.h"
#include "cutout-i18n.h"
#include "cutout-tooltips.h"
#include "cutout-window.h"

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_descendant (c, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_label (GtkWidget *widget, const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_label (GTK_LABEL (widget)), text))
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    if (has_label (c, text))
      return TRUE;
  return FALSE;
}

/* A tooltip in Chinese is as wide as its text, not one character a line
 * (GTK's own label wraps at every character break: cutout-tooltips.c). */
static void
check_tooltip_width (void)
{
  GtkWidget *one = g_object_ref_sink (cutout_tooltips_make_label ("主"));
  GtkWidget *three = g_object_ref_sink (cutout_tooltips_make_label ("主菜单"));
  int min, one_width, three_width;

  gtk_widget_measure (one, GTK_ORIENTATION_HORIZONTAL, -1, &min, &one_width, NULL, NULL);
  gtk_widget_measure (three, GTK_ORIENTATION_HORIZONTAL, -1, &min, &three_width, NULL, NULL);
  g_assert_cmpint (three_width, >=, 3 * one_width - 2);
  g_object_unref (one);
  g_object_unref (three);
}

static void
activate_cb (GApplication *app, gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwStatusPage *status
      = ADW_STATUS_PAGE (find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE));

  g_assert_nonnull (status);
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "将图像拖放到此处");
  g_assert_true (has_label (GTK_WIDGET (window), "添加图像(_A)"));
  /* And from C code, not only from templates. */
  g_assert_cmpstr (_ ("Cutting out…"), ==, "正在抠图…");
  /* Boxes has no mnemonic: its key is R, and B is the backdrop's. */
  g_assert_true (has_label (GTK_WIDGET (window), "框选"));
  g_assert_false (has_label (GTK_WIDGET (window), "框选(_B)"));
  check_tooltip_width ();
  gtk_window_destroy (window);
}

static void
test_window_in_chinese (void)
{
  g_autoptr (CutoutApplication) app = cutout_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activate_cb), NULL);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
}

int
main (int argc, char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }
  /* The catalogue compiled in the build tree, found as the app finds it
   * when run from there ($CUTOUT_LOCALE_DIR, which meson devenv sets). */
  cutout_i18n_init ();
  gtk_test_init (&argc, &argv, NULL);
  /* gtk_test_init() leaves the C locale, in which gettext translates
   * nothing; take the environment's (C.UTF-8, with LANGUAGE=zh_CN). */
  setlocale (LC_ALL, "");
  adw_init ();
  g_test_add_func ("/cutout/window/zh-cn", test_window_in_chinese);
  return g_test_run ();
}
