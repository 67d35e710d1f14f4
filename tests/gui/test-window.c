/* test-window.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <adwaita.h>

#include "cutout-application.h"
#include "cutout-window.h"

/* Each test runs inside a real g_application_run (): startup, activate (which
 * creates the window) and shutdown all happen as they do for the user, and both
 * the window and the application must be finalized afterwards.
 */
typedef void (*WindowTestFunc) (CutoutApplication *app, CutoutWindow *window);

typedef struct
{
  const char *path;
  WindowTestFunc func;
} WindowTest;

typedef struct
{
  const WindowTest *test;
  CutoutWindow *window;
} WindowTestRun;

static void
drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_activate_cb (CutoutApplication *app, WindowTestRun *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (CUTOUT_IS_WINDOW (window));
  run->window = g_object_ref (CUTOUT_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  run->test->func (app, run->window);

  /* Closing the last window lets g_application_run () return. */
  gtk_window_destroy (window);
}

static void
run_window_test (gconstpointer data)
{
  WindowTestRun run = { data, NULL };
  CutoutApplication *app;
  int status;

  app = cutout_application_new ();
  /* Never hand over to a Cutout that is already running on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);

  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (run.window);

  /* Let the frame clock and pending idles drop what they hold. */
  drain_main_context ();
  g_assert_finalize_object (run.window);
  g_assert_finalize_object (app);
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  GtkWidget *child;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
widget_class_has_action (GtkWidget *widget, const char *name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_GET_CLASS (widget);
  const GVariantType *parameter_type;
  const char *property_name;
  const char *action_name;
  GType owner;
  guint i;

  /* GTK 4.8 writes every out argument, so none may be NULL. */
  for (i = 0; gtk_widget_class_query_action (widget_class, i, &owner, &action_name, &parameter_type,
                                             &property_name);
       i++)
    {
      if (g_str_equal (action_name, name))
        return TRUE;
    }

  return FALSE;
}

static void
test_window_content (CutoutApplication *app, CutoutWindow *window)
{
  GtkWidget *status_page;
  GtkWidget *header_bar;

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Cutout");

  header_bar = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header_bar);
  g_assert_true (gtk_widget_get_mapped (header_bar));

  status_page = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Drop Images Here");
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page)), ==, APP_ID);

  /* The shortcuts window and the app icon come from the resources linked into the app. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_icon_theme_has_icon (
      gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window))), APP_ID));
}

static void
test_window_actions (CutoutApplication *app, CutoutWindow *window)
{
  g_auto (GStrv) quit_accels = NULL;

  g_assert_true (widget_class_has_action (GTK_WIDGET (window), "win.add"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));

  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char *const *)quit_accels, "<Control>q"));
}

static void
test_window_settings (CutoutApplication *app, CutoutWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  int width, height;

  /* Both directions of the binding: settings to window, window to settings. */
  g_settings_set_int (settings, "window-width", 777);
  g_settings_set_int (settings, "window-height", 555);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 777);
  g_assert_cmpint (height, ==, 555);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 480);
}

static AdwAboutWindow *
find_about_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint i;

  for (i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        return ADW_ABOUT_WINDOW (g_steal_pointer (&window));
    }

  return NULL;
}

static void
test_about (CutoutApplication *app, CutoutWindow *window)
{
  AdwAboutWindow *about;

  g_assert_null (find_about_window ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));

  about = find_about_window ();
  g_assert_nonnull (about);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (about));

  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "Cutout");
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);

  gtk_window_destroy (GTK_WINDOW (about));
  drain_main_context ();
  g_assert_finalize_object (about);
}

static const WindowTest window_tests[] = {
  { "/cutout/window/content", test_window_content },
  { "/cutout/window/actions", test_window_actions },
  { "/cutout/window/settings", test_window_settings },
  { "/cutout/window/about", test_about },
};

int
main (int argc, char *argv[])
{
  guint i;

  /* gtk_test_init () aborts without a display; report a skip instead. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (i = 0; i < G_N_ELEMENTS (window_tests); i++)
    g_test_add_data_func (window_tests[i].path, &window_tests[i], run_window_test);

  return g_test_run ();
}
