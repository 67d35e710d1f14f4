/* test-window.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#include <glib/gstdio.h>
#include <zip.h>

#include "cutout-application.h"
#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-enums.h"
#include "cutout-eval.h"
#include "cutout-id-photo.h"
#include "cutout-metadata.h"
#include "cutout-preview-views.h"
#include "cutout-testlib.h"
#include "cutout-queue-row.h"
#include "cutout-window-private.h"
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
  const char *broken_model; /* "missing" or "truncated": the test's catalogue */
  gboolean ends_app;        /* @func makes the app quit: the window is not closed for it */
  WindowTestFunc after;     /* then, once g_application_run () has returned */
  gboolean real_model;      /* the test looks at masks: the app loads ISNet, as for the user */
} WindowTest;

/* The other tests cut out with a simulated model (a mask of the photo's
 * bright red, after a pause like the model's, only shorter), given to the
 * app before it starts: no test waits for ISNet to load. */
#define SIMULATED_MODEL_MS 40

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

static gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (CutoutWindow *window, gconstpointer data);

/* Runs the main loop until @condition holds (at most a minute). */
static void
wait_until (CutoutWindow *window, Condition condition, gconstpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, keep_waking_cb, NULL);

  while (!condition (window, data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
model_loaded (CutoutWindow *window, gconstpointer data)
{
  return cutout_window_get_queue (window) != NULL;
}

static gboolean
model_failed (CutoutWindow *window, gconstpointer data)
{
  const char *title, *description;

  cutout_window_get_status (window, &title, &description);
  return g_strcmp0 (title, "The Model Cannot Be Loaded") == 0;
}

static void
on_activate_cb (CutoutApplication *app, WindowTestRun *run)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (CUTOUT_IS_WINDOW (window));
  run->window = g_object_ref (CUTOUT_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  /* The model loads in a thread as the app starts (or fails to). */
  wait_until (run->window, run->test->broken_model ? model_failed : model_loaded, NULL);

  run->test->func (app, run->window);

  /* Closing the last window lets g_application_run () return. */
  if (!run->test->ends_app)
    gtk_window_destroy (window);
}

/* A catalogue whose default model is @how: "missing" (its file is not
 * there) or "truncated" (the file is cut short); the test's environment
 * points at it until the test ends. */
static void
make_broken_model (const char *how)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-model-XXXXXX", NULL);

  g_setenv ("CUTOUT_TEST_REAL_DATA_DIR", g_getenv ("CUTOUT_DATA_DIR"), TRUE);
  cutout_test_write_broken_catalogue (dir);
  if (g_str_equal (how, "truncated"))
    {
      /* broken-isnet-medium.onnx: the first 1000 bytes of a model file. */
      g_autofree char *file = g_build_filename (dir, "broken-isnet-medium.onnx", NULL);
      g_autofree char *head = g_strnfill (1000, 'x');
      g_assert_true (g_file_set_contents (file, head, 1000, NULL));
      g_setenv ("CUTOUT_MODEL_DIR", dir, TRUE);
    }
  g_setenv ("CUTOUT_DATA_DIR", dir, TRUE);
}

static GtkWidget *find_descendant_with_action (GtkWidget *widget, const char *action);

/* No model (missing, or cut short): the window still opens, says what is
 * wrong and how to fix it, and refuses to add images; the app quits
 * cleanly. */
static void
test_broken_model (CutoutApplication *app, CutoutWindow *window)
{
  const char *title, *description;

  cutout_window_get_status (window, &title, &description);
  g_test_message ("%s: %s", title, description);
  g_assert_nonnull (strstr (description, "broken-isnet-medium.onnx"));
  g_assert_nonnull (strstr (description, "cutout-setup"));
  /* Add Images is greyed out. */
  g_assert_false (
      gtk_widget_is_sensitive (find_descendant_with_action (GTK_WIDGET (window), "win.add")));
  g_assert_null (cutout_window_get_queue (window));
}

static void
run_window_test (gconstpointer data)
{
  WindowTestRun run = { data, NULL };
  CutoutApplication *app;
  int status;

  if (run.test->broken_model != NULL)
    make_broken_model (run.test->broken_model);
  app = cutout_application_new ();
  if (run.test->broken_model == NULL && !run.test->real_model)
    {
      g_autoptr (CutoutEngine) engine
          = cutout_engine_new_simulated (&cutout_test_simulated_model, SIMULATED_MODEL_MS);
      cutout_application_set_engine (app, engine);
    }
  /* Never hand over to a Cutout that is already running on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate_cb), &run);

  status = g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (run.window);
  if (run.test->after != NULL)
    run.test->after (app, run.window);

  /* Let the frame clock, pending idles and the window's own tasks drop
   * what they hold. */
  drain_main_context ();
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
    guint wake = g_timeout_add (50, keep_waking_cb, NULL);
    while (G_OBJECT (run.window)->ref_count > 1)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
    g_source_remove (wake);
  }
  g_assert_finalize_object (run.window);
  g_assert_finalize_object (app);
  if (run.test->broken_model != NULL)
    {
      g_autofree char *dir = g_strdup (g_getenv ("CUTOUT_DATA_DIR"));
      g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (dir);
      g_setenv ("CUTOUT_DATA_DIR", g_getenv ("CUTOUT_TEST_REAL_DATA_DIR"), TRUE);
      g_unsetenv ("CUTOUT_MODEL_DIR");
    }
}

typedef gboolean (*WidgetTest) (GtkWidget *widget, gconstpointer data);

/* The first of @widget and its descendants (depth first) that @is. */
static GtkWidget *
find_widget (GtkWidget *widget, WidgetTest is, gconstpointer data)
{
  if (is (widget, data))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, is, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_of_type (GtkWidget *widget, gconstpointer type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static GtkWidget *
find_descendant (GtkWidget *widget, GType type)
{
  return find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
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
  /* The application made the queue (over the engine it was given) and
   * owns it; the window shows it. */
  g_assert_nonnull (cutout_application_get_queue (app));
  g_assert_true (cutout_window_get_queue (window) == cutout_application_get_queue (app));
  g_assert_cmpstr (
      cutout_engine_get_model_info (cutout_queue_get_engine (cutout_application_get_queue (app)))
          ->id,
      ==, "simulated");

  header_bar = find_descendant (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header_bar);
  g_assert_true (gtk_widget_get_mapped (header_bar));

  status_page = find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status_page);
  g_assert_true (gtk_widget_get_mapped (status_page));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status_page)), ==,
                   "Drop Images Here");
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (status_page)), ==, APP_ID);

  /* Tooltips whose text comes later get our own label too (cutout-tooltips.c). */
  g_assert_nonnull (g_object_get_data (G_OBJECT (window->overall_label), "cutout-tooltip"));

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
  g_assert_true (g_strv_contains ((const char *const *) quit_accels, "<Control>q"));
}

static void
assert_choices_are_nicks (GSettings *settings, const char *key, GType enum_type)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_autoptr (GSettingsSchemaKey) schema_key = NULL;
  g_autoptr (GVariant) range = NULL, choices = NULL;
  g_autoptr (GEnumClass) values = g_type_class_ref (enum_type);
  const char *kind;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &choices);
  g_assert_cmpstr (kind, ==, "enum");
  g_assert_cmpuint (g_variant_n_children (choices), ==, values->n_values);
  for (guint i = 0; i < values->n_values; i++)
    {
      g_autoptr (GVariant) choice = g_variant_get_child_value (choices, i);
      g_assert_cmpstr (g_variant_get_string (choice, NULL), ==, values->values[i].value_nick);
      g_assert_cmpint (values->values[i].value, ==, i);
    }
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

  /* The choices of the settings that name an enum's values are its nicks,
   * all of them, in its order (the preferences show them by position). */
  assert_choices_are_nicks (settings, "edge-style", CUTOUT_TYPE_EDGE_STYLE);
  assert_choices_are_nicks (settings, "export-format", CUTOUT_TYPE_FORMAT);
  /* And the queue follows the setting through the enum. */
  g_settings_set_string (settings, "edge-style", "smooth");
  g_assert_cmpint (cutout_queue_get_edge_style (cutout_application_get_queue (app)), ==,
                   CUTOUT_EDGES_SMOOTH);
  g_settings_reset (settings, "edge-style");
  g_assert_cmpint (cutout_queue_get_edge_style (cutout_application_get_queue (app)), ==,
                   CUTOUT_EDGES_NATURAL);
}

static gboolean
is_label_with (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static GtkLabel *
find_label_with (GtkWidget *widget, const char *text)
{
  return GTK_LABEL (find_widget (widget, is_label_with, text));
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
  /* The model's authors and the engine are credited. */
  g_assert_nonnull (find_label_with (GTK_WIDGET (about), "ISNet Model by"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (about), "Xuebin Qin"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (about), "Luc Van Gool"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (about), "ONNX Runtime by"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (about), "Microsoft Corporation"));

  gtk_window_destroy (GTK_WINDOW (about));
  drain_main_context ();
  g_assert_finalize_object (about);
}

/* Drops @files on the window as a file manager would. */
static gboolean
drop_files (CutoutWindow *window, GFile **files, guint n)
{
  GtkDropTarget *target = cutout_window_get_drop_target (window);
  GSList *list = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  for (guint i = n; i > 0; i--)
    list = g_slist_prepend (list, files[i - 1]);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_slist_free (list);
  return handled;
}

static gboolean
queue_has (CutoutWindow *window, gconstpointer n)
{
  return g_list_model_get_n_items (G_LIST_MODEL (cutout_window_get_queue (window)))
         == GPOINTER_TO_UINT (n);
}

/* Helpers for the tests of trust: no input lost, every problem told ---------------- */

/* @name in @dir: a copy of the VOC photo @photo. */
static char *
copy_photo_as (const char *dir, const char *photo, const char *name)
{
  g_autofree char *src = cutout_test_voc (photo);
  char *dst = g_build_filename (dir, name, NULL);
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (dst, bytes, len, NULL));
  return dst;
}

/* @name in @dir: the first 2000 bytes of a real PNG, which the decoder
 * takes for a PNG and then finds cut short. */
static char *
write_truncated (const char *dir, const char *name)
{
  g_autofree char *src = cutout_test_voc ("voc23.png");
  char *dst = g_build_filename (dir, name, NULL);
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (dst, bytes, 2000, NULL));
  return dst;
}

/* Removes @dir and the files in it. */
static void
remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_dir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static gboolean
queue_done_at_least (CutoutWindow *window, gconstpointer n)
{
  return cutout_queue_get_n_done (cutout_window_get_queue (window)) >= GPOINTER_TO_UINT (n);
}

/* How many jobs of the queue are in @state. */
static guint
count_in_state (CutoutWindow *window, CutoutJobState state)
{
  GListModel *queue = G_LIST_MODEL (cutout_window_get_queue (window));
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (queue); i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (queue, i);
      n += cutout_job_get_state (job) == state;
    }
  return n;
}

static gboolean
message_has (CutoutWindow *window, gconstpointer text)
{
  const char *last = cutout_window_get_last_toast (window);
  return last != NULL && strstr (last, text) != NULL;
}

static gboolean
queue_idle (CutoutWindow *window, gconstpointer data)
{
  return !cutout_queue_get_busy (cutout_window_get_queue (window));
}

/* Drops @file on the empty window, waits for its cut-out, and returns its
 * job, selected and done. */
static CutoutJob *
drop_one_and_cut_out (CutoutWindow *window, GFile *file)
{
  CutoutJob *job;

  g_assert_true (drop_files (window, &file, 1));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  wait_until (window, queue_idle, NULL);
  job = cutout_window_get_selected_job (window);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  return job;
}

static void
collect_rows (GtkWidget *widget, GPtrArray *rows)
{
  if (CUTOUT_IS_QUEUE_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_rows (c, rows);
}

static gboolean
preview_shown (CutoutWindow *window, gconstpointer data)
{
  GdkTexture *p = cutout_canvas_get_texture (cutout_window_get_preview (window));
  CutoutJob *first = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
  gboolean shown = p != NULL && cutout_job_get_state (first) == CUTOUT_JOB_DONE
                   && gdk_texture_get_width (p) == cutout_job_get_width (first);

  g_object_unref (first);
  return shown;
}

static gboolean
preview_changed_from (CutoutWindow *window, gconstpointer old)
{
  return (gconstpointer) cutout_canvas_get_texture (cutout_window_get_preview (window)) != old;
}

/* Files copied in a file manager and pasted with Ctrl+V are queued. */
static void
test_paste_files (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc417.png");
  GFile *file = g_file_new_for_path (photo);
  GSList *list = g_slist_prepend (NULL, file);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  CutoutJob *job;

  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  job = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
  {
    g_autofree char *canonical = g_canonicalize_filename (photo, NULL);
    g_assert_cmpstr (cutout_job_get_path (job), ==, canonical);
  }
  g_object_unref (job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-all", NULL));
  wait_until (window, queue_idle, NULL);
  g_slist_free (list);
  g_object_unref (file);
}

/* A photo server on 127.0.0.1 for the URL tests: /bus.png is voc474, the
 * rest not found. */
static void
serve_photo_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  GBytes *photo = data;

  if (g_strcmp0 (path, "/bus.png") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         "image/png", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), photo);
}

static gboolean
toast_has (CutoutWindow *window, gconstpointer text)
{
  const char *last = cutout_window_get_last_toast (window);
  return last != NULL && strstr (last, text) != NULL;
}

/* A URL pasted as text, or dropped as a browser drops a link, is
 * downloaded into the queue (kept with the pasted images, its name kept);
 * one the server has not is told with its address and the status. */
static void
test_paste_url (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *bytes = NULL;
  g_autoptr (GBytes) served = NULL;
  g_autoptr (SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr (GError) error = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  GSList *uris;
  g_autofree char *base = NULL, *good = NULL, *missing = NULL, *dropped_url = NULL;
  GListModel *queue = G_LIST_MODEL (cutout_window_get_queue (window));
  gsize len;

  g_assert_true (g_file_get_contents (photo, &bytes, &len, NULL));
  served = g_bytes_new_take (g_steal_pointer (&bytes), len);
  soup_server_add_handler (server, NULL, serve_photo_cb, served, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  uris = soup_server_get_uris (server);
  base = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  good = g_strconcat (base, "bus.png", NULL);
  missing = g_strconcat (base, "missing.jpg", NULL);

  gdk_clipboard_set_text (clipboard, good);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  {
    g_autoptr (CutoutJob) job = g_list_model_get_item (queue, 0);
    g_test_message ("queued as %s", cutout_job_get_path (job));
    g_assert_true (cutout_window_is_pasted (cutout_job_get_path (job)));
    g_assert_true (g_str_has_suffix (cutout_job_get_path (job), "-bus.png"));
  }

  gdk_clipboard_set_text (clipboard, missing);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL));
  wait_until (window, toast_has, "404");
  g_assert_nonnull (strstr (cutout_window_get_last_toast (window), missing));

  /* Dropped: a browser's link arrives as a file list with an http URI. */
  dropped_url = g_strconcat (base, "bus.png", NULL);
  {
    GFile *file = g_file_new_for_uri (dropped_url);
    g_assert_true (drop_files (window, &file, 1));
    g_object_unref (file);
  }
  wait_until (window, queue_has, GUINT_TO_POINTER (2));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-all", NULL));
  wait_until (window, queue_idle, NULL);
}

static gboolean
file_gone (CutoutWindow *window, gconstpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

/* An image pasted from elsewhere is kept in the cache while it is in the
 * queue, and its file goes with its row. */
static void
test_paste_image_removed (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc417.png");
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (photo, NULL);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autofree char *path = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cutout", "pasted", NULL);
  g_autofree char *canonical = g_canonicalize_filename (dir, NULL);
  g_autofree char *parent = NULL;
  CutoutJob *job;

  g_assert_nonnull (texture);
  gdk_clipboard_set_texture (clipboard, texture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.paste", NULL));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  job = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
  path = g_strdup (cutout_job_get_path (job));
  g_object_unref (job);
  parent = g_path_get_dirname (path);
  g_assert_cmpstr (parent, ==, canonical);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.job-remove", "s", path));
  wait_until (window, queue_has, GUINT_TO_POINTER (0));
  wait_until (window, file_gone, path);
}

/* Dropped photos are queued, cut out by the real model, and the list shows
 * each one's state; a file that is not an image is not queued, and a toast
 * says so; a photo cut short fails in the queue with a toast. */
static void
test_drop_photos (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *a = cutout_test_voc ("voc1.png");
  g_autofree char *b = cutout_test_voc ("voc23.png");
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-XXXXXX", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.jpg", NULL);
  g_autofree char *broken = write_truncated (dir, "broken.png");
  GFile *files[4];
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  GtkWidget *list = cutout_window_get_list_view (window);
  GtkWidget *progress_bar = NULL;

  g_assert_true (g_file_set_contents (text, "shopping list", -1, NULL));
  files[0] = g_file_new_for_path (a);
  files[1] = g_file_new_for_path (text);
  files[2] = g_file_new_for_path (broken);
  files[3] = g_file_new_for_path (b);
  g_assert_true (drop_files (window, files, 4));
  wait_until (window, queue_has, GUINT_TO_POINTER (3));
  g_assert_null (cutout_queue_find (cutout_window_get_queue (window), text));
  g_assert_nonnull (strstr (cutout_window_get_last_toast (window), "notes.jpg: "));
  g_assert_nonnull (strstr (cutout_window_get_last_toast (window), "not an image"));
  g_assert_true (gtk_widget_get_mapped (list));

  /* While the first is cut out, its row shows it with a progress bar. */
  {
    CutoutJob *first = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
    while (cutout_job_get_state (first) != CUTOUT_JOB_CUTTING_OUT
           && !cutout_job_is_finished (first))
      g_main_context_iteration (NULL, TRUE);
    gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
    if (cutout_job_get_state (first) == CUTOUT_JOB_CUTTING_OUT)
      {
        GtkLabel *label = find_label_with (list, "Cutting out");
        g_assert_nonnull (label);
        progress_bar = find_descendant (list, GTK_TYPE_PROGRESS_BAR);
        g_assert_nonnull (progress_bar);
      }
    g_object_unref (first);
  }

  wait_until (window, queue_idle, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  collect_rows (list, rows);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_nonnull (find_label_with (list, "513 × 513 · Done"));
  g_assert_nonnull (find_label_with (GTK_WIDGET (window), "2 of 3 done · 1 failed"));
  /* The failure was announced, naming the file and the reason. */
  wait_until (window, message_has, "broken.png: ");
  g_assert_nonnull (strstr (cutout_window_get_last_toast (window), "damaged or incomplete"));

  /* The selected (first) image is shown as its cutout: the preview's alpha
   * is the job's mask. */
  {
    CutoutJob *first = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
    g_autoptr (CutoutImage) mask = cutout_job_dup_mask (first);
    CutoutCanvas *preview = cutout_window_get_preview (window);
    GdkTexture *texture;
    g_autofree guint8 *argb = NULL;
    int checked = 0;

    wait_until (window, preview_shown, NULL);
    texture = cutout_canvas_get_texture (preview);
    g_assert_cmpint (gdk_texture_get_width (texture), ==, mask->width);
    g_assert_cmpint (gdk_texture_get_height (texture), ==, mask->height);
    argb = g_malloc ((gsize) mask->width * mask->height * 4);
    gdk_texture_download (texture, argb, (gsize) mask->width * 4);
    for (int y = 0; y < mask->height; y += 16)
      for (int x = 0; x < mask->width; x += 16, checked++)
        g_assert_cmpuint (argb[((gsize) y * mask->width + x) * 4 + 3], ==,
                          cutout_image_row (mask, y)[x]); /* alpha of little-endian ARGB */
    g_assert_cmpint (checked, >, 100);

    /* The mask view shows the alpha as gray; the edge view shows the
     * background black and the soft pixels magenta. */
    /* Views other than the cutout are made when first wanted. */
    g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (window->preview), "preview.view", "s", "mask"));
    wait_until (window, preview_changed_from, texture);
    texture = cutout_canvas_get_texture (preview);
    gdk_texture_download (texture, argb, (gsize) mask->width * 4);
    for (int y = 0; y < mask->height; y += 16)
      for (int x = 0; x < mask->width; x += 16)
        g_assert_cmpuint (argb[((gsize) y * mask->width + x) * 4 + 1], ==,
                          cutout_image_row (mask, y)[x]);
    g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (window->preview), "preview.view", "s", "edges"));
    wait_until (window, preview_changed_from, texture);
    texture = cutout_canvas_get_texture (preview);
    gdk_texture_download (texture, argb, (gsize) mask->width * 4);
    for (int y = 0; y < mask->height; y++)
      for (int x = 0; x < mask->width; x++)
        {
          const guint8 *p = argb + ((gsize) y * mask->width + x) * 4; /* B, G, R, A */
          guint8 alpha = cutout_image_row (mask, y)[x];
          if (alpha == 0)
            g_assert_true (p[0] == 0 && p[1] == 0 && p[2] == 0);
          else if (alpha < 255)
            g_assert_true (p[0] == 255 && p[1] == 0 && p[2] == 255);
        }
    /* Compare: the photo beside the cutout, the divider in the middle. */
    g_assert_true (
        gtk_widget_activate_action (GTK_WIDGET (window->preview), "preview.view", "s", "compare"));
    wait_until (window, preview_changed_from, texture);
    g_assert_nonnull (cutout_canvas_get_compare (preview));
    g_assert_true (cutout_canvas_get_compare (preview) != cutout_canvas_get_texture (preview));
    g_assert_cmpfloat (cutout_canvas_get_split (preview), ==, 0.5);
    gtk_widget_activate_action (GTK_WIDGET (window->preview), "preview.view", "s", "result");
    g_assert_null (cutout_canvas_get_compare (preview));
    g_object_unref (first);
  }

  for (guint i = 0; i < 4; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

/* A folder of 60 photos: the first 50 are queued, and a toast says why the
 * others were not. */
static void
test_drop_folder_over_limit (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *src = cutout_test_voc ("voc1.png");
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-XXXXXX", NULL);
  g_autofree char *data = NULL;
  gsize size;
  GFile *folder = g_file_new_for_path (dir);

  g_assert_true (g_file_get_contents (src, &data, &size, NULL));
  for (int i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02d.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_true (g_file_set_contents (path, data, size, NULL));
    }
  g_assert_true (drop_files (window, &folder, 1));
  wait_until (window, queue_has, GUINT_TO_POINTER (CUTOUT_QUEUE_MAX_JOBS));
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==,
                   "Queue is full: 50 images at most; 10 were not added");
  /* In name order: the first 50 made it. */
  {
    CutoutJob *last = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 49);
    g_assert_cmpstr (cutout_job_get_display_name (last), ==, "photo-49.png");
    g_object_unref (last);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cancel-all", NULL));
  wait_until (window, queue_idle, NULL);

  for (int i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02d.png", i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
  g_object_unref (folder);
}

/* The widget under @widget that the builder knew as @id, or NULL. */
static gboolean
has_id (GtkWidget *widget, gconstpointer id)
{
  return g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget)), id) == 0;
}

static GtkWidget *
find_by_id (GtkWidget *widget, const char *id)
{
  return find_widget (widget, has_id, id);
}

/* The workers setting, from the preferences to the queue. */
static void
test_preferences (CutoutApplication *app, CutoutWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *preferences = NULL;
  GtkSpinButton *spin;

  g_assert_cmpuint (cutout_queue_get_n_workers (cutout_window_get_queue (window)), ==,
                    CUTOUT_QUEUE_DEFAULT_WORKERS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && preferences == NULL; i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_PREFERENCES_WINDOW (w))
        preferences = w;
    }
  g_assert_nonnull (preferences);
  spin = GTK_SPIN_BUTTON (find_descendant (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, CUTOUT_QUEUE_DEFAULT_WORKERS);
  gtk_spin_button_set_value (spin, 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "workers"), ==, 3);
  g_assert_cmpuint (cutout_queue_get_n_workers (cutout_window_get_queue (window)), ==, 3);
  /* The first switch is Refine Edges, on by default: through the setting to
   * the queue.  The strength scale beside it goes to the queue too, and is
   * greyed out while refinement is off. */
  {
    CutoutQueue *queue = cutout_window_get_queue (window);
    GtkSwitch *refine = GTK_SWITCH (find_descendant (GTK_WIDGET (preferences), GTK_TYPE_SWITCH));
    GtkRange *strength = GTK_RANGE (find_descendant (GTK_WIDGET (preferences), GTK_TYPE_SCALE));
    g_assert_true (cutout_queue_get_refine_edges (queue));
    g_assert_cmpint (cutout_queue_get_refine_strength (queue), ==, CUTOUT_DEFAULT_REFINE_STRENGTH);
    g_assert_cmpfloat (gtk_range_get_value (strength), ==, CUTOUT_DEFAULT_REFINE_STRENGTH);
    gtk_range_set_value (strength, 80);
    g_assert_cmpint (g_settings_get_int (settings, "refine-strength"), ==, 80);
    g_assert_cmpint (cutout_queue_get_refine_strength (queue), ==, 80);
    g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (strength)));
    gtk_switch_set_active (refine, FALSE);
    g_assert_false (g_settings_get_boolean (settings, "refine-edges"));
    g_assert_false (cutout_queue_get_refine_edges (queue));
    g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (strength)));
  }
  /* Best Quality, off by default, through the setting to the queue. */
  {
    CutoutQueue *queue = cutout_window_get_queue (window);
    GtkSwitch *best = GTK_SWITCH (find_by_id (GTK_WIDGET (preferences), "best_switch"));
    g_assert_nonnull (best);
    g_assert_false (gtk_switch_get_active (best));
    g_assert_false (cutout_queue_get_best_quality (queue));
    gtk_switch_set_active (best, TRUE);
    g_assert_true (g_settings_get_boolean (settings, "best-quality"));
    g_assert_true (cutout_queue_get_best_quality (queue));
  }
  /* The first combo row is the edge style. */
  {
    AdwComboRow *edges
        = ADW_COMBO_ROW (find_descendant (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW));
    g_autofree char *style = NULL;
    adw_combo_row_set_selected (edges, 2);
    style = g_settings_get_string (settings, "edge-style");
    g_assert_cmpstr (style, ==, "hard");
    g_assert_cmpint (cutout_queue_get_edge_style (cutout_window_get_queue (window)), ==,
                     CUTOUT_EDGES_HARD);
  }
  gtk_window_destroy (preferences);
  g_settings_reset (settings, "workers");
  g_settings_reset (settings, "refine-edges");
  g_settings_reset (settings, "refine-strength");
  g_settings_reset (settings, "best-quality");
  g_settings_reset (settings, "edge-style");
}

static GtkWindow *
open_preferences (CutoutWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_PREFERENCES_WINDOW (w))
        return w;
    }
  g_assert_not_reached ();
}

typedef struct
{
  AdwActionRow *row;
  const char *text;
} RowText;

static gboolean
subtitle_starts (CutoutWindow *window, gconstpointer data)
{
  const RowText *wanted = data;

  return g_str_has_prefix (adw_action_row_get_subtitle (wanted->row), wanted->text);
}

/* A port nothing listens on now. */
static guint16
free_port (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);

  g_assert_cmpuint (port, >, 0);
  g_socket_listener_close (listener);
  return port;
}

/* Preferences → Local API: the switch starts cutout-cli --serve (the real
 * one, with the real model) on the port set; the row says where it
 * listens, copies the address, and says it is off once switched off. */
static void
test_preferences_api (CutoutApplication *app, CutoutWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (SoupSession) session = soup_session_new ();
  guint16 port = free_port ();
  g_autofree char *address = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_autofree char *listening = g_strdup_printf ("Listening on %s", address);
  g_autofree char *url = g_strconcat (address, "healthz", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = NULL;
  GtkWindow *preferences;
  GtkWidget *row, *copy;
  RowText wait;
  GValue copied = G_VALUE_INIT;

  g_settings_set_int (settings, "serve-port", port);
  preferences = open_preferences (window);
  row = find_by_id (GTK_WIDGET (preferences), "serve_row");
  copy = find_by_id (GTK_WIDGET (preferences), "serve_copy");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Off");
  g_assert_false (gtk_widget_get_visible (copy));

  gtk_switch_set_active (GTK_SWITCH (find_by_id (GTK_WIDGET (preferences), "serve_switch")), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "serve-api"));
  wait = (RowText){ ADW_ACTION_ROW (row), listening };
  wait_until (window, subtitle_starts, &wait);
  g_assert_true (gtk_widget_get_visible (copy));
  body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_assert_nonnull (body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_signal_emit_by_name (copy, "clicked");
  g_value_init (&copied, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (
      gdk_clipboard_get_content (gtk_widget_get_clipboard (copy)), &copied, NULL));
  g_assert_cmpstr (g_value_get_string (&copied), ==, address);
  g_value_unset (&copied);

  gtk_switch_set_active (GTK_SWITCH (find_by_id (GTK_WIDGET (preferences), "serve_switch")), FALSE);
  wait = (RowText){ ADW_ACTION_ROW (row), "Off" };
  wait_until (window, subtitle_starts, &wait);
  g_assert_false (gtk_widget_get_visible (copy));
  g_assert_false (cutout_api_server_get_running (cutout_application_get_api_server (app)));
  gtk_window_destroy (preferences);
  g_settings_reset (settings, "serve-port");
}

static gboolean
import_done (CutoutWindow *window, gconstpointer data)
{
  GtkWidget *status = (GtkWidget *) data;

  return gtk_widget_get_sensitive (g_object_get_data (G_OBJECT (status), "button"))
         && gtk_widget_get_visible (status)
         && !g_str_equal (gtk_label_get_label (GTK_LABEL (status)), "Importing…");
}

static gboolean
chooser_has_file (CutoutWindow *window, gconstpointer chooser)
{
  g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER ((gpointer) chooser));

  return file != NULL;
}

static gboolean
is_row_titled (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Models → Import…, the file chosen in the file chooser, as a user would;
 * the status label says what came of it. */
static const char *
import_through_dialog (CutoutWindow *window, GtkWidget *preferences, const char *path)
{
  GtkWidget *button = find_by_id (preferences, "import_button");
  GtkWidget *status = find_by_id (preferences, "import_status");
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GtkWidget *chooser = NULL;

  g_signal_emit_by_name (button, "clicked");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && chooser == NULL; i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (GTK_IS_FILE_CHOOSER_DIALOG (w))
        chooser = GTK_WIDGET (w);
    }
  g_assert_nonnull (chooser);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, NULL));
  /* The chooser selects the file once it has read the folder. */
  wait_until (window, chooser_has_file, chooser);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_object_set_data (G_OBJECT (status), "button", button);
  wait_until (window, import_done, status);
  return gtk_label_get_label (GTK_LABEL (status));
}

/* Preferences → Models → Import…: a model file of the user's own is copied
 * in and listed under its file's name; a file that is no model is refused
 * with the reason, and nothing is listed. */
static void
test_preferences_import (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *why = NULL;
  g_autofree char *tiny = cutout_test_make_tiny_models (&why);
  g_autofree char *model = NULL;
  g_autofree char *junk = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autoptr (GError) error = NULL;
  GtkWidget *preferences;
  const char *said;

  if (tiny == NULL)
    {
      g_test_skip (why);
      return;
    }
  model = g_build_filename (tiny, "like-isnet.onnx", NULL);
  junk = g_build_filename (tiny, "junk.onnx", NULL);
  g_assert_true (g_file_set_contents (junk, "not a model", -1, NULL));
  preferences = GTK_WIDGET (open_preferences (window));

  said = import_through_dialog (window, preferences, junk);
  g_assert_true (g_str_has_prefix (said, "The model was not imported: "));
  g_assert_null (find_widget (preferences, is_row_titled, "junk.onnx"));

  said = import_through_dialog (window, preferences, model);
  g_assert_true (g_str_has_prefix (said, "Imported as "));
  g_assert_true (g_str_has_suffix (said, "/cutout/models/user-like-isnet.onnx"));
  g_assert_nonnull (find_widget (preferences, is_row_titled, "like-isnet.onnx"));

  /* The other tests see the catalogue as it was. */
  gtk_window_destroy (GTK_WINDOW (preferences));
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  g_assert_true (cutout_catalogue_remove_model (
      cutout_catalogue_find (catalogue, "user-like-isnet", NULL), &error));
  g_assert_no_error (error);
  cutout_application_reload_models (app);
  remove_dir (tiny);
}

/* B cycles the preview's backdrop, which is remembered; a colour chosen
 * becomes the custom backdrop. */
static void
test_backdrop (CutoutApplication *app, CutoutWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CutoutCanvas *canvas = cutout_window_get_preview (window);

  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_CHECKERBOARD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-backdrop", NULL));
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_WHITE);
  {
    g_autofree char *name = g_settings_get_string (settings, "backdrop");
    g_assert_cmpstr (name, ==, "white");
  }
  g_settings_set_string (settings, "backdrop", "red");
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_COLOR);
  for (int i = 0; i < 2; i++) /* red → custom → checkerboard */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.cycle-backdrop", NULL);
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_CHECKERBOARD);
  g_settings_reset (settings, "backdrop");
}

/* The zoom level is shown and can be typed in. */
static void
test_zoom_entry (CutoutApplication *app, CutoutWindow *window)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  GtkEditable *entry = GTK_EDITABLE (find_descendant (GTK_WIDGET (window), GTK_TYPE_ENTRY));

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "800");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpfloat (cutout_canvas_get_zoom (canvas), ==, 8);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "800 %");
  gtk_editable_set_text (entry, "nonsense");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpfloat (cutout_canvas_get_zoom (canvas), ==, 8); /* unchanged, and shown again */
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "800 %");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat (cutout_canvas_get_zoom (canvas), ==, 10);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "1000 %");
}

/* The button (or other actionable widget) that activates @action. */
static gboolean
has_action (GtkWidget *widget, gconstpointer action)
{
  return GTK_IS_ACTIONABLE (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0;
}

static GtkWidget *
find_descendant_with_action (GtkWidget *widget, const char *action)
{
  return find_widget (widget, has_action, action);
}

/* The toolbar's Boxes button (menu buttons hold toggle buttons too). */
static gboolean
is_box_tool_button (GtkWidget *widget, gconstpointer data)
{
  const char *tip = gtk_widget_get_tooltip_text (widget);

  return GTK_IS_TOGGLE_BUTTON (widget) && tip != NULL && strstr (tip, "(R)") != NULL;
}

static GtkToggleButton *
find_box_tool_button (GtkWidget *widget)
{
  return GTK_TOGGLE_BUTTON (find_widget (widget, is_box_tool_button, NULL));
}

static void
activate (CutoutWindow *window, const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
}

/* The alpha of the preview's texture at (@x, @y). */
static guint8
preview_alpha (CutoutWindow *window, int x, int y)
{
  GdkTexture *texture = cutout_canvas_get_texture (cutout_window_get_preview (window));
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  g_autofree guint8 *argb = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, argb, (gsize) w * 4);
  return argb[((gsize) y * w + x) * 4 + 3];
}

/* Whether the preview's pixel @index (counted along its rows) is clear. */
static gboolean
preview_transparent_at (CutoutWindow *window, gconstpointer index)
{
  gsize i = GPOINTER_TO_SIZE (index);
  GdkTexture *texture = cutout_canvas_get_texture (cutout_window_get_preview (window));
  int w = texture ? gdk_texture_get_width (texture) : 1;

  return texture != NULL && i < (gsize) w * gdk_texture_get_height (texture)
         && preview_alpha (window, i % w, i / w) == 0;
}

static gboolean
job_idle (CutoutWindow *window, gconstpointer job)
{
  return cutout_job_is_finished ((CutoutJob *) job);
}

/* The box tool on a real photo: its actions follow the boxes, Cut Out
 * Boxes re-runs the image with alpha 0 outside the box and the subject kept
 * inside, undo and redo work from the window, and clearing the boxes goes
 * back to the automatic cut-out. */
static void
test_boxes (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autofree char *truth_path = cutout_test_voc ("voc474.mask.png");
  g_autoptr (CutoutImage) truth = NULL;
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  GFile *file = g_file_new_for_path (photo);
  CutoutBox box = { 30, 60, 470, 420 };
  g_autoptr (CutoutJob) job = NULL;
  CutoutBoxList *boxes;
  g_autoptr (CutoutImage) mask = NULL;
  GtkToggleButton *toggle;
  guint64 subject = 0, kept = 0;
  gsize bg;
  int width;

  truth = cutout_eval_load_mask (truth_path, NULL);
  g_assert_true (drop_files (window, &file, 1));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  wait_until (window, queue_idle, NULL);
  wait_until (window, preview_shown, NULL);
  job = g_list_model_get_item (G_LIST_MODEL (cutout_window_get_queue (window)), 0);
  boxes = cutout_job_get_boxes (job);
  g_assert_false (gtk_widget_is_sensitive (
      find_descendant_with_action (GTK_WIDGET (window), "win.cut-out-boxes")));
  /* The cutout is shown: a background pixel is transparent. */
  mask = cutout_job_dup_mask (job);
  width = mask->width;
  for (bg = 0; bg < (gsize) mask->width * mask->height && mask->pixels[bg] != 0; bg++)
    ;
  g_assert_cmpuint (bg, <, (gsize) mask->width * mask->height);
  g_clear_pointer (&mask, cutout_image_free);
  wait_until (window, preview_transparent_at, GSIZE_TO_POINTER (bg));
  g_assert_cmpint (gdk_texture_get_width (cutout_canvas_get_texture (canvas)), ==, width);

  /* R: the tool, shown on the photo itself. */
  activate (window, "win.toggle-box-tool");
  g_assert_true (cutout_canvas_get_box_tool (canvas));
  toggle = find_box_tool_button (GTK_WIDGET (window));
  g_assert_nonnull (toggle);
  g_assert_true (gtk_toggle_button_get_active (toggle));
  g_assert_cmpuint (preview_alpha (window, bg % width, bg / width), ==, 255);
  g_assert_true (cutout_canvas_get_boxes (canvas) == boxes);

  cutout_box_list_add (boxes, &box);
  g_assert_true (gtk_widget_is_sensitive (
      find_descendant_with_action (GTK_WIDGET (window), "win.cut-out-boxes")));
  activate (window, "win.undo-boxes");
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  activate (window, "win.redo-boxes");
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 1);

  /* Esc leaves the tool, R comes back to it with the boxes kept. */
  activate (window, "win.leave-box-tool");
  g_assert_false (cutout_canvas_get_box_tool (canvas));
  g_assert_false (gtk_toggle_button_get_active (toggle));
  gtk_toggle_button_set_active (toggle, TRUE);
  g_assert_true (cutout_canvas_get_box_tool (canvas));

  activate (window, "win.cut-out-boxes");
  g_assert_false (cutout_canvas_get_box_tool (canvas)); /* to see the result */
  g_assert_false (cutout_job_is_finished (job));
  wait_until (window, job_idle, job);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  mask = cutout_job_dup_mask (job);
  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < mask->width; x++)
      {
        guint8 a = cutout_image_row (mask, y)[x];
        gboolean inside = x >= box.x1 && x < box.x2 && y >= box.y1 && y < box.y2;
        if (!inside)
          g_assert_cmpuint (a, ==, 0);
        else if (cutout_image_row (truth, y)[x] >= 128)
          subject++, kept += a >= 128;
      }
  g_test_message ("kept %.3f of the subject inside the box", (double) kept / subject);
  g_assert_cmpfloat ((double) kept / subject, >=, 0.9);
  g_assert_cmpuint (cutout_job_get_run_boxes (job)->len, ==, 1);

  /* Clear: back to the whole image, at once. */
  activate (window, "win.clear-boxes");
  g_assert_cmpuint (cutout_box_list_get_n_boxes (boxes), ==, 0);
  g_assert_false (cutout_job_is_finished (job));
  wait_until (window, job_idle, job);
  g_assert_cmpuint (cutout_job_get_run_boxes (job)->len, ==, 0);
  g_clear_pointer (&mask, cutout_image_free);
  mask = cutout_job_dup_mask (job);
  /* The bus's front, outside the box before, is kept again. */
  g_assert_cmpuint (cutout_image_row (mask, 300)[480], >=, 128);
  g_object_unref (file);
}

/* The action the window's own key binding @accel (as GTK parses it) runs,
 * or NULL. */
static const char *
bound_action (CutoutWindow *window, const char *accel)
{
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  g_autoptr (GtkShortcutTrigger) want = gtk_shortcut_trigger_parse_string (accel);
  const char *found = NULL;

  g_assert_nonnull (want);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && found == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)) && found == NULL; j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), want)
              && GTK_IS_NAMED_ACTION (action))
            found = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));
        }
    }
  g_object_unref (controllers);
  return found;
}

/* The keys of the box tool, as the issue and the shortcuts window give them. */
static void
test_box_keys (CutoutApplication *app, CutoutWindow *window)
{
  g_assert_cmpstr (bound_action (window, "r"), ==, "win.toggle-box-tool");
  g_assert_cmpstr (bound_action (window, "Escape"), ==, "win.leave-box-tool");
  g_assert_cmpstr (bound_action (window, "Delete"), ==, "win.delete-box");
  g_assert_cmpstr (bound_action (window, "<Control>z"), ==, "win.undo-boxes");
  g_assert_cmpstr (bound_action (window, "<Control><Shift>z"), ==, "win.redo-boxes");
  g_assert_null (bound_action (window, "<Alt>F12"));
  /* Without an image, only turning the tool on can be done. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-box-tool", NULL));
  g_assert_true (cutout_canvas_get_box_tool (cutout_window_get_preview (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.leave-box-tool", NULL));
  g_assert_false (cutout_canvas_get_box_tool (cutout_window_get_preview (window)));
}

/* @name of the VOC set, copied into @dir. */
static char *
copy_photo (const char *dir, const char *name)
{
  return copy_photo_as (dir, name, name);
}

/* Saving from the window: the selected cutout as a JPEG on the preview's
 * backdrop colour; never over the photo itself; the whole queue as a ZIP,
 * with the image that failed listed. */
static void
test_export (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-export-XXXXXX", NULL);
  g_autofree char *photo = copy_photo (dir, "voc474.png");
  g_autofree char *broken = write_truncated (dir, "broken.png");
  g_autofree char *jpeg = g_build_filename (dir, "bus.jpg", NULL);
  g_autofree char *zip_path = g_build_filename (dir, "all.zip", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  g_autoptr (CutoutImage) saved = NULL, mask = NULL;
  GSettings *settings = cutout_window_get_settings (window);
  GFile *files[2];
  CutoutJob *job;
  guint64 blue = 0, background = 0;

  files[0] = g_file_new_for_path (photo);
  files[1] = g_file_new_for_path (broken);
  g_assert_true (drop_files (window, files, 2));
  wait_until (window, queue_has, GUINT_TO_POINTER (2));
  wait_until (window, queue_idle, NULL);
  job = cutout_window_get_selected_job (window);
  g_assert_nonnull (job);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  g_assert_true (
      gtk_widget_is_sensitive (find_descendant_with_action (GTK_WIDGET (window), "win.export")));

  g_settings_set_string (settings, "backdrop", "blue");
  cutout_window_export_job_to (window, job, jpeg);
  wait_until (window, message_has, "Saved bus.jpg");
  saved = cutout_decode_file (jpeg, NULL);
  mask = cutout_job_dup_mask (job);
  g_assert_nonnull (saved);
  for (gsize i = 0; i < (gsize) mask->width * mask->height; i++)
    if (mask->pixels[i] == 0)
      {
        const guint8 *p = saved->pixels + i * 4;
        background++;
        blue += ABS (p[0] - 67) < 12 && ABS (p[1] - 142) < 12 && ABS (p[2] - 219) < 12;
      }
  g_test_message ("%.3f of the background is the backdrop's blue", (double) blue / background);
  g_assert_cmpfloat ((double) blue / background, >=, 0.95);

  /* Over the photo itself: refused, and the photo as it was. */
  g_assert_true (g_file_get_contents (photo, &before, &before_len, NULL));
  cutout_window_export_job_to (window, job, photo);
  wait_until (window, message_has, "never overwrites an input");
  g_assert_true (g_file_get_contents (photo, &after, &after_len, NULL));
  g_assert_cmpmem (after, after_len, before, before_len);

  cutout_window_export_all_to (window, zip_path, TRUE);
  wait_until (window, message_has, "1 of 2 Images Saved in all.zip");
  g_assert_true (message_has (window, "broken.png: "));
  {
    zip_t *zip = zip_open (zip_path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    g_assert_nonnull (zip);
    g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 1);
    g_assert_cmpstr (zip_get_name (zip, 0, 0), ==, "voc474-cutout.png");
    zip_close (zip);
  }
  g_settings_reset (settings, "backdrop");
  for (int i = 0; i < 2; i++)
    g_object_unref (files[i]);
  g_unlink (zip_path);
  g_unlink (jpeg);
  g_unlink (broken);
  g_unlink (photo);
  g_rmdir (dir);
}

/* Whether the preview shows a texture with no see-through pixel (the
 * photo), or with some (the cutout). */
static gboolean
preview_is_opaque (CutoutWindow *window, gconstpointer data)
{
  GdkTexture *texture = cutout_canvas_get_texture (cutout_window_get_preview (window));
  g_autofree guint8 *argb = NULL;
  gsize n;

  if (texture == NULL)
    return FALSE;
  n = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  argb = g_malloc (n * 4);
  gdk_texture_download (texture, argb, (gsize) gdk_texture_get_width (texture) * 4);
  for (gsize i = 0; i < n; i++)
    if (argb[i * 4 + 3] != 255)
      return FALSE;
  return TRUE;
}

static gboolean
preview_has_transparency (CutoutWindow *window, gconstpointer data)
{
  return cutout_canvas_get_texture (cutout_window_get_preview (window)) != NULL
         && !preview_is_opaque (window, data);
}

static gboolean
frame_shown (CutoutWindow *window, gconstpointer data)
{
  return cutout_canvas_get_frame (cutout_window_get_preview (window), NULL);
}

/* The ID frame shown has the proportions *@data. */
static gboolean
frame_has_aspect (CutoutWindow *window, gconstpointer data)
{
  CutoutBox frame;

  if (!cutout_canvas_get_frame (cutout_window_get_preview (window), &frame))
    return FALSE;
  return fabs ((double) (frame.x2 - frame.x1) / (frame.y2 - frame.y1) - *(const double *) data)
         < 0.01;
}

static gboolean
frame_differs (CutoutWindow *window, gconstpointer data)
{
  const CutoutBox *old = data;
  CutoutBox frame;

  return cutout_canvas_get_frame (cutout_window_get_preview (window), &frame)
         && memcmp (&frame, old, sizeof frame) != 0;
}

/* ID photo mode on a real photo: I turns it on for the finished image; the
 * frame has the print size's proportions and sits where the core places
 * it from the mask; the size and backdrop settings reach the preview; the
 * saved photo has the exact pixels, 300 DPI and the backdrop colour where
 * the photo's background was, and its print sheet; Esc leaves the mode and
 * gives the preview its own backdrop back. */
/* The ID bar says so if @frame holds fewer pixels than a print of
 * @width_mm × @height_mm has (by more than 5 %), and only then. */
static void
assert_id_note (CutoutIdBar *bar, const CutoutBox *frame, double width_mm, double height_mm)
{
  double enlarged = cutout_id_upscale (frame, width_mm, height_mm);
  const char *note = cutout_id_bar_get_note (bar);

  g_test_message ("%g mm frame enlarged %.2f×: %s", width_mm, enlarged, note ? note : "(no note)");
  if (enlarged > 1.05)
    g_assert_nonnull (strstr (note, "Upscaled"));
  else
    g_assert_null (note);
}

static void
test_id_photo (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-id-XXXXXX", NULL);
  g_autofree char *photo = copy_photo (dir, "voc474.png");
  g_autofree char *out = g_build_filename (dir, "bus-id.jpg", NULL);
  g_autofree char *sheet = g_build_filename (dir, "bus-id-sheet.jpg", NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autoptr (CutoutImage) mask = NULL, saved = NULL, printed = NULL;
  g_autoptr (CutoutMetadata) metadata = NULL;
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  CutoutIdBar *bar = cutout_window_get_id_bar (window);
  CutoutJob *job;
  CutoutBox frame, expected;
  guint64 blue = 0, corners = 0;

  job = drop_one_and_cut_out (window, file);
  mask = cutout_job_dup_mask (job);

  /* I, from the photo's own view: the mode, showing the cutout, with the
   * frame where the core puts it for 一寸. */
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (window->preview), "preview.view", "s", "original"));
  wait_until (window, preview_is_opaque, NULL);
  g_assert_false (cutout_canvas_get_frame (canvas, NULL));
  activate (window, "win.id-photo");
  g_assert_true (cutout_window_get_id_mode (window));
  wait_until (window, preview_has_transparency, NULL);
  wait_until (window, frame_shown, NULL); /* placed in a thread */
  g_assert_true (cutout_canvas_get_frame (canvas, &frame));
  expected = cutout_id_place_frame (mask, 295.0 / 413);
  cutout_test_assert_box (&frame, expected.x1, expected.y1, expected.x2, expected.y2);
  assert_id_note (bar, &frame, 25, 35);
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_COLOR);

  /* 二寸 on red: a new frame of its proportions. */
  g_settings_set_string (settings, "id-size", "2inch");
  g_settings_set_string (settings, "id-backdrop", "red");
  /* (一寸 and 二寸 are nearly of the same proportions: the frame placed
   * anew is told by its size.) */
  wait_until (window, frame_differs, &frame);
  wait_until (window, frame_has_aspect, &(double){ 413.0 / 579 });
  cutout_canvas_get_frame (canvas, &frame);
  g_assert_cmpfloat_with_epsilon ((double) (frame.x2 - frame.x1) / (frame.y2 - frame.y1),
                                  413.0 / 579, 0.01);
  assert_id_note (bar, &frame, 35, 49);
  {
    guint8 rgb[3];
    cutout_id_bar_get_background (bar, rgb);
    g_assert_cmpint (rgb[0], ==, 220);
    g_assert_cmpint (rgb[1], ==, 20);
    g_assert_cmpint (rgb[2], ==, 60);
  }

  /* Saved, with its print sheet. */
  g_settings_set_boolean (settings, "id-print-sheet", TRUE);
  cutout_id_bar_save_to (bar, out, sheet);
  wait_until (window, message_has, "Saved bus-id.jpg");
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==,
                   "Saved bus-id.jpg and bus-id-sheet.jpg");
  saved = cutout_decode_file (out, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpint (saved->width, ==, 413);
  g_assert_cmpint (saved->height, ==, 579);
  metadata = cutout_metadata_read (out);
  g_assert_cmpint (metadata->dpi_x, ==, 300);
  g_assert_cmpint (metadata->dpi_y, ==, 300);
  /* The bus fills most of the photo: its sky corners are the backdrop. */
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 20; x++)
      {
        const guint8 *p = cutout_image_row (saved, y) + x * 4;
        corners++;
        blue += ABS (p[0] - 220) < 12 && ABS (p[1] - 20) < 12 && ABS (p[2] - 60) < 12;
      }
  g_test_message ("%" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " corner pixels are the red", blue,
                  corners);
  g_assert_cmpuint (blue, >=, corners * 9 / 10);
  printed = cutout_decode_file (sheet, NULL);
  g_assert_nonnull (printed);
  g_assert_cmpint (MAX (printed->width, printed->height), ==, 1800);
  g_assert_cmpint (MIN (printed->width, printed->height), ==, 1200);

  /* Esc: the mode and its frame go, the preview's backdrop comes back. */
  activate (window, "win.leave-box-tool");
  g_assert_false (cutout_window_get_id_mode (window));
  g_assert_false (cutout_canvas_get_frame (canvas, NULL));
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_CHECKERBOARD);

  /* The box tool and the mode exclude each other. */
  activate (window, "win.id-photo");
  g_assert_true (cutout_window_get_id_mode (window));
  activate (window, "win.toggle-box-tool");
  g_assert_false (cutout_window_get_id_mode (window));
  g_assert_true (cutout_canvas_get_box_tool (canvas));
  activate (window, "win.leave-box-tool");

  g_settings_reset (settings, "id-size");
  g_settings_reset (settings, "id-backdrop");
  g_settings_reset (settings, "id-print-sheet");
  g_unlink (out);
  g_unlink (sheet);
  g_unlink (photo);
  g_rmdir (dir);
}

/* The row of @job in the list, found among the list view's widgets. */
static CutoutQueueRow *
find_row (GtkWidget *widget, CutoutJob *job)
{
  if (CUTOUT_IS_QUEUE_ROW (widget) && cutout_queue_row_get_job (CUTOUT_QUEUE_ROW (widget)) == job)
    return CUTOUT_QUEUE_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CutoutQueueRow *row = find_row (child, job);
      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
view_is_edges (CutoutWindow *window, gconstpointer data)
{
  CutoutView view;

  g_object_get (window->preview, "view", &view, NULL);
  return view == CUTOUT_VIEW_EDGES && !cutout_preview_is_busy (window->preview);
}

/* The review in the window: a photo the model is unsure of (ECSSD 0526)
 * gets the "Check" badge, with its reasons; one it is sure of (the bus)
 * not; "1 to Check" over the list shows only it; N opens it in the edge
 * view, zoomed on its doubtful region. */
static void
test_review (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-review-XXXXXX", NULL);
  g_autofree char *bus = copy_photo (dir, "voc474.png");
  g_autofree char *unsure_src
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "ecssd", "0526.jpg", NULL);
  g_autofree char *unsure = g_build_filename (dir, "0526.jpg", NULL);
  g_autofree char *bytes = NULL;
  GFile *files[2];
  GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (window->list_view));
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  CutoutJob *flagged, *sure;
  CutoutQueueRow *row;
  gsize len;

  g_assert_true (g_file_get_contents (unsure_src, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (unsure, bytes, len, NULL));
  files[0] = g_file_new_for_path (bus);
  files[1] = g_file_new_for_path (unsure);
  g_assert_true (drop_files (window, files, 2));
  wait_until (window, queue_has, GUINT_TO_POINTER (2));
  wait_until (window, queue_idle, NULL);
  sure = cutout_queue_find (cutout_window_get_queue (window), bus);
  flagged = cutout_queue_find (cutout_window_get_queue (window), unsure);
  g_assert_false (cutout_job_get_review (sure)->needs_review);
  g_assert_true (cutout_job_get_review (flagged)->needs_review);

  row = find_row (GTK_WIDGET (window->list_view), flagged);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (cutout_queue_row_get_review_badge (row)));
  g_test_message ("badge: %s",
                  gtk_widget_get_tooltip_text (cutout_queue_row_get_review_badge (row)));
  g_assert_true (g_str_has_prefix (
      gtk_widget_get_tooltip_text (cutout_queue_row_get_review_badge (row)), "Check: "));
  row = find_row (GTK_WIDGET (window->list_view), sure);
  g_assert_false (gtk_widget_get_visible (cutout_queue_row_get_review_badge (row)));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (window->to_check_button)), ==, "1 to Check");
  g_assert_true (gtk_revealer_get_reveal_child (window->review_revealer));

  /* N, from the bus: the flagged one, in the edge view, zoomed in. */
  gtk_single_selection_set_selected (window->selection, 0);
  g_assert_true (cutout_window_get_selected_job (window) == sure);
  activate (window, "win.next-to-check");
  g_assert_true (cutout_window_get_selected_job (window) == flagged);
  wait_until (window, view_is_edges, NULL);
  g_test_message ("zoom %.2f, fit %d", cutout_canvas_get_zoom (canvas),
                  cutout_canvas_get_fit (canvas));
  g_assert_false (cutout_canvas_get_fit (canvas));
  /* Shift+N comes round to it again: it is the only one. */
  activate (window, "win.previous-to-check");
  g_assert_true (cutout_window_get_selected_job (window) == flagged);

  /* Only those to check in the list, then all again. */
  activate (window, "win.only-to-check");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_true (cutout_window_get_selected_job (window) == flagged);
  activate (window, "win.only-to-check");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  g_object_unref (files[0]);
  g_object_unref (files[1]);
  g_unlink (bus);
  g_unlink (unsure);
  g_rmdir (dir);
}

static guint8 *
download (GdkTexture *texture)
{
  int w = gdk_texture_get_width (texture), h = gdk_texture_get_height (texture);
  guint8 *argb = g_malloc ((gsize) w * h * 4);

  gdk_texture_download (texture, argb, (gsize) w * 4);
  return argb;
}

/* The product photo is shown on the canvas, at @data's size (an int[2]). */
static gboolean
product_shown (CutoutWindow *window, gconstpointer data)
{
  const int *size = data;
  CutoutProductBar *bar = cutout_preview_get_product_bar (window->preview);
  GdkTexture *preview = cutout_product_bar_get_preview (bar);

  return preview != NULL
         && cutout_canvas_get_texture (cutout_window_get_preview (window)) == preview
         && gdk_texture_get_width (preview) == size[0]
         && gdk_texture_get_height (preview) == size[1];
}

/* P: the product photo of the selected image on the canvas, as it will be
 * saved, made again as the choices change; a photo too small for the frame
 * is said to be; saved alone, into a folder and into a ZIP archive. */
static void
test_product_photo (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-product-XXXXXX", NULL);
  g_autofree char *photo = copy_photo (dir, "voc474.png");
  g_autofree char *out = g_build_filename (dir, "bus.png", NULL);
  g_autofree char *folder = g_build_filename (dir, "shop", NULL);
  g_autofree char *in_folder = g_build_filename (folder, "voc474-product.png", NULL);
  g_autofree char *zip = g_build_filename (dir, "shop.zip", NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autoptr (CutoutImage) saved = NULL;
  CutoutProductBar *bar = cutout_preview_get_product_bar (window->preview);
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  g_autofree guint8 *argb = NULL;
  const char *const keys[]
      = { "product-preset", "product-square-size", "product-backdrop", "product-format" };

  drop_one_and_cut_out (window, file);
  activate (window, "win.product-photo");
  g_assert_true (cutout_window_get_product_mode (window));
  /* Amazon's, by default: 2000 × 2000 from a 513-pixel photo. */
  wait_until (window, product_shown, (int[]){ 2000, 2000 });
  g_assert_true (cutout_canvas_get_outline (canvas)); /* the frame, white on a light page */
  g_assert_nonnull (strstr (cutout_product_bar_get_note (bar), "Upscaled"));
  g_assert_nonnull (strstr (cutout_product_bar_get_note (bar), "2000 × 2000"));
  argb = download (cutout_product_bar_get_preview (bar));
  g_assert_cmphex (((guint32 *) argb)[0], ==, 0xffffffff); /* a white corner */
  g_clear_pointer (&argb, g_free);

  /* A square of 400, transparent: no longer enlarged; the JPEG becomes a
   * PNG, which can be transparent. */
  g_settings_set_string (settings, "product-preset", "square");
  g_settings_set_int (settings, "product-square-size", 400);
  g_settings_set_string (settings, "product-backdrop", "transparent");
  g_assert_cmpstr (g_settings_get_string (settings, "product-format"), ==, "png");
  wait_until (window, product_shown, (int[]){ 400, 400 });
  g_assert_null (cutout_product_bar_get_note (bar));
  argb = download (cutout_product_bar_get_preview (bar));
  g_assert_cmphex (((guint32 *) argb)[0] >> 24, ==, 0);
  g_assert_cmpint (cutout_canvas_get_backdrop (canvas), ==, CUTOUT_BACKDROP_CHECKERBOARD);

  cutout_product_bar_save_to (bar, out);
  wait_until (window, message_has, "Saved bus.png");
  saved = cutout_decode_file (out, NULL);
  g_assert_nonnull (saved);
  g_assert_cmpint (saved->width, ==, 400);
  g_assert_cmpint (saved->height, ==, 400);
  g_assert_cmpuint (cutout_image_row (saved, 0)[3], ==, 0);
  g_assert_cmpuint (cutout_image_row (saved, 200)[200 * 4 + 3], ==, 255);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  cutout_product_bar_save_all_to (bar, folder, FALSE);
  wait_until (window, message_has, "1 image saved in shop");
  g_assert_true (g_file_test (in_folder, G_FILE_TEST_IS_REGULAR));
  cutout_product_bar_save_all_to (bar, zip, TRUE);
  wait_until (window, message_has, "1 image saved in shop.zip");
  g_assert_true (g_file_test (zip, G_FILE_TEST_IS_REGULAR));
  /* At 1000 × 1000 the bus is enlarged: the list afterwards says so. */
  g_settings_set_int (settings, "product-square-size", 1000);
  g_unlink (zip);
  cutout_product_bar_save_all_to (bar, zip, TRUE);
  wait_until (window, message_has, "voc474.png: upscaled");
  g_assert_true (
      g_str_has_prefix (cutout_window_get_last_toast (window), "1 image saved in shop.zip\n"));
  g_assert_nonnull (strstr (cutout_window_get_last_toast (window), "to fit 1000×1000"));

  /* ID photo mode and this one exclude each other; Esc leaves. */
  activate (window, "win.id-photo");
  g_assert_false (cutout_window_get_product_mode (window));
  activate (window, "win.product-photo");
  g_assert_true (cutout_window_get_product_mode (window));
  g_assert_false (cutout_window_get_id_mode (window));
  activate (window, "win.leave-box-tool");
  g_assert_false (cutout_window_get_product_mode (window));
  g_assert_null (cutout_product_bar_get_preview (bar));
  g_assert_false (cutout_canvas_get_outline (canvas));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_unlink (in_folder);
  g_rmdir (folder);
  g_unlink (zip);
  g_unlink (out);
  g_unlink (photo);
  g_rmdir (dir);
}

/* Whether the preview shows the cutout of @job, the selected image. */
static gboolean
result_shown (CutoutWindow *window, gconstpointer job)
{
  GdkTexture *result = cutout_window_get_result_texture (window);

  return cutout_window_get_selected_job (window) == job && result != NULL
         && cutout_canvas_get_texture (cutout_window_get_preview (window)) == result;
}

/* The preview shows the cutout as exports write it: with clean colours
 * (the default), see-through pixels change colour, and only they. */
/* Some cutout of the selected image is shown, plain or clean. */
static gboolean
any_result_shown (CutoutWindow *window, gconstpointer data)
{
  gboolean final;

  return cutout_window_get_shown_result (window, &final) != NULL;
}

static void
test_clean_preview (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  GFile *file = g_file_new_for_path (photo);
  GSettings *settings = cutout_window_get_settings (window);
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  g_autoptr (CutoutImage) mask = NULL;
  g_autofree guint8 *clean = NULL, *plain = NULL, *first = NULL;
  GdkTexture *before;
  gboolean final = TRUE;
  guint changed = 0;
  gsize bg;

  g_assert_true (g_settings_get_boolean (settings, "export-clean-colours"));
  g_assert_true (drop_files (window, &file, 1));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  wait_until (window, queue_idle, NULL);
  mask = cutout_job_dup_mask (cutout_window_get_selected_job (window));
  /* The plain cutout first, at once (tens of milliseconds at 12 MP)… */
  wait_until (window, any_result_shown, NULL);
  first = download (cutout_window_get_shown_result (window, &final));
  g_assert_false (final);
  for (bg = 0; bg < (gsize) mask->width * mask->height && mask->pixels[bg] != 0; bg++)
    ;
  wait_until (window, preview_transparent_at, GSIZE_TO_POINTER (bg));
  /* …then the clean one in its place. */
  wait_until (window, result_shown, cutout_window_get_selected_job (window));
  before = cutout_canvas_get_texture (canvas);
  clean = download (before);

  g_settings_set_boolean (settings, "export-clean-colours", FALSE);
  wait_until (window, preview_changed_from, before);
  wait_until (window, preview_transparent_at, GSIZE_TO_POINTER (bg));
  plain = download (cutout_canvas_get_texture (canvas));
  for (gsize i = 0; i < (gsize) mask->width * mask->height; i++)
    if (mask->pixels[i] == 0 || mask->pixels[i] == 255)
      g_assert_cmpmem (clean + i * 4, 4, plain + i * 4, 4);
    else
      changed += memcmp (clean + i * 4, plain + i * 4, 4) != 0;
  g_test_message ("%u see-through pixels changed colour", changed);
  g_assert_cmpuint (changed, >, 100);
  /* What was shown first was the plain cutout. */
  g_assert_cmpmem (first, (gsize) mask->width * mask->height * 4, plain,
                   (gsize) mask->width * mask->height * 4);
  g_settings_reset (settings, "export-clean-colours");
  g_object_unref (file);
}

/* Cancel with the bar's button: the bar then says how many were done,
 * failed and cancelled, not "3 of 8 done" under a full bar. */
static void
test_cancel_label (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-cancel-XXXXXX", NULL);
  g_autofree char *running = NULL, *expected = NULL;
  GFile *files[8];
  guint n_done, n_failed, n_cancelled;

  /* The broken one first, so that it has failed before the cancel. */
  {
    g_autofree char *broken = write_truncated (dir, "a-broken.png");
    files[0] = g_file_new_for_path (broken);
  }
  for (int i = 1; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%d.png", i);
      g_autofree char *path = copy_photo_as (dir, "voc1.png", name);
      files[i] = g_file_new_for_path (path);
    }
  g_assert_true (drop_files (window, files, 8));
  wait_until (window, queue_has, GUINT_TO_POINTER (8));
  wait_until (window, queue_done_at_least, GUINT_TO_POINTER (1));

  /* While it runs: how many of all are done. */
  running = g_strdup_printf ("%u of 8 done · 1 failed",
                             cutout_queue_get_n_done (cutout_window_get_queue (window)));
  g_assert_nonnull (find_label_with (GTK_WIDGET (window), running));

  activate (window, "win.cancel-all");
  wait_until (window, queue_idle, NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  n_done = count_in_state (window, CUTOUT_JOB_DONE);
  n_failed = count_in_state (window, CUTOUT_JOB_FAILED);
  n_cancelled = count_in_state (window, CUTOUT_JOB_CANCELLED);
  g_test_message ("%u done, %u failed, %u cancelled", n_done, n_failed, n_cancelled);
  g_assert_cmpuint (n_done, >=, 1);
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_cancelled, >=, 1);
  g_assert_cmpuint (n_done + n_failed + n_cancelled, ==, 8);
  expected = g_strdup_printf ("%u done · 1 failed · %u cancelled", n_done, n_cancelled);
  g_assert_nonnull (find_label_with (GTK_WIDGET (window), expected));
  g_assert_null (find_label_with (GTK_WIDGET (window), "of 8 done"));

  for (int i = 0; i < 8; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

static gboolean
preview_page_is (CutoutWindow *window, gconstpointer name)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (cutout_window_get_preview_stack (window)),
                    name)
         == 0;
}

static gboolean
job_done (CutoutWindow *window, gconstpointer job)
{
  return cutout_job_get_state ((CutoutJob *) job) == CUTOUT_JOB_DONE;
}

/* Selecting a failed image shows its name and its error rather than "No
 * Image Selected", with Retry (which runs it again: here the file has been
 * completed meanwhile, and is cut out) and Remove (which takes it out of
 * the queue). */
static void
test_failed_row (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-failed-XXXXXX", NULL);
  g_autofree char *first = write_truncated (dir, "half-copied.png");
  g_autofree char *second = write_truncated (dir, "broken.png");
  g_autofree char *escaped = NULL;
  GtkStack *stack = cutout_window_get_preview_stack (window);
  GtkSelectionModel *selection
      = gtk_list_view_get_model (GTK_LIST_VIEW (cutout_window_get_list_view (window)));
  GFile *files[2] = { g_file_new_for_path (first), g_file_new_for_path (second) };
  CutoutQueue *queue = cutout_window_get_queue (window);
  AdwStatusPage *page;
  GtkWidget *retry, *remove;
  CutoutJob *job;

  g_assert_true (drop_files (window, files, 2));
  wait_until (window, queue_has, GUINT_TO_POINTER (2));
  wait_until (window, queue_idle, NULL);
  job = cutout_window_get_selected_job (window);
  g_assert_cmpstr (cutout_job_get_display_name (job), ==, "half-copied.png");
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_FAILED);

  wait_until (window, preview_page_is, "failed");
  page = ADW_STATUS_PAGE (gtk_stack_get_visible_child (stack));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "half-copied.png");
  g_test_message ("%s", adw_status_page_get_description (page));
  escaped = g_markup_escape_text (cutout_job_get_error_message (job), -1);
  g_assert_cmpstr (adw_status_page_get_description (page), ==, escaped);
  g_assert_cmpuint (strlen (escaped), >, 10);
  retry = find_descendant_with_action (GTK_WIDGET (page), "win.job-retry");
  remove = find_descendant_with_action (GTK_WIDGET (page), "win.job-remove");
  g_assert_nonnull (retry);
  g_assert_nonnull (remove);
  g_assert_true (gtk_widget_get_mapped (retry));
  g_assert_true (gtk_widget_get_mapped (remove));

  /* The copy is complete now: Retry cuts it out and shows it. */
  g_unlink (first);
  g_free (copy_photo_as (dir, "voc23.png", "half-copied.png"));
  g_assert_true (gtk_widget_activate (retry));
  wait_until (window, job_done, job);
  wait_until (window, preview_page_is, "picture");
  wait_until (window, preview_shown, NULL);

  /* The other one: Remove takes it out of the queue. */
  gtk_selection_model_select_item (selection, 1, TRUE);
  wait_until (window, preview_page_is, "failed");
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "broken.png");
  /* (A button activated from the keyboard is clicked a moment later.) */
  g_assert_true (gtk_widget_activate (remove));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));
  g_assert_null (cutout_queue_find (queue, second));
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR)); /* the file stays */

  for (int i = 0; i < 2; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

static gboolean
is_button_labelled (GtkWidget *widget, gconstpointer label)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button_labelled (GtkWidget *widget, const char *label)
{
  return find_widget (widget, is_button_labelled, label);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
dialog_shown (CutoutWindow *window, gconstpointer data)
{
  return find_message_dialog () != NULL;
}

/* Presses the Details button of the toast on screen and returns what the
 * dialog it opens lists (one line a file), closing the dialog. */
static char *
read_toast_details (CutoutWindow *window)
{
  GtkWidget *button;
  AdwMessageDialog *dialog;
  GtkWidget *label;
  char *text;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  button = find_button_labelled (GTK_WIDGET (window), "_Details");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  wait_until (window, dialog_shown, NULL);
  dialog = find_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   adw_toast_get_title (cutout_window_get_toast (window)));
  label = find_descendant (adw_message_dialog_get_extra_child (dialog), GTK_TYPE_LABEL);
  g_assert_nonnull (label);
  text = g_strdup (gtk_label_get_text (GTK_LABEL (label)));
  g_test_message ("%s\n%s", adw_message_dialog_get_heading (dialog), text);
  gtk_window_destroy (GTK_WINDOW (dialog));
  return text;
}

static gboolean
n_toasts_at_least (CutoutWindow *window, gconstpointer n)
{
  return cutout_window_get_n_toasts (window) >= GPOINTER_TO_UINT (n);
}

/* Runs the main loop for @ms milliseconds. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add (50, keep_waking_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* Four files that are not images, pasted together: one toast with the
 * count, whose Details name each file and its reason; none is queued, and
 * the named pipe does not hang anything (reading it would wait forever). */
static void
test_paste_broken (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-paste-XXXXXX", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.jpg", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.png", NULL);
  g_autofree char *gone = g_build_filename (dir, "moved-away.jpg", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe.png", NULL);
  g_autofree char *details = NULL;
  GFile *files[4] = { g_file_new_for_path (text), g_file_new_for_path (empty),
                      g_file_new_for_path (gone), g_file_new_for_path (fifo) };
  GSList *list = NULL;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  guint before = cutout_window_get_n_toasts (window);

  g_assert_true (g_file_set_contents (text, "shopping list", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (int i = 3; i >= 0; i--)
    list = g_slist_prepend (list, files[i]);
  gdk_clipboard_set (clipboard, GDK_TYPE_FILE_LIST, list);
  activate (window, "win.paste");
  wait_until (window, n_toasts_at_least, GUINT_TO_POINTER (before + 1));
  /* And no other toast follows. */
  run_for (4000);
  g_assert_cmpuint (cutout_window_get_n_toasts (window), ==, before + 1);
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==, "4 files could not be added");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cutout_window_get_queue (window))), ==,
                    0);

  details = read_toast_details (window);
  g_assert_nonnull (strstr (details, "notes.jpg: not an image"));
  g_assert_nonnull (strstr (details, "empty.png: the file is empty"));
  g_assert_nonnull (strstr (details, "moved-away.jpg: the file does not exist"));
  g_assert_nonnull (strstr (details, "pipe.png: this is a named pipe (FIFO)"));

  g_slist_free (list);
  for (int i = 0; i < 4; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

static gboolean
n_failed_is (CutoutWindow *window, gconstpointer n)
{
  return cutout_queue_get_n_failed (cutout_window_get_queue (window)) == GPOINTER_TO_UINT (n);
}

/* Three images that fail in the queue one after the other: one toast,
 * whose Details name each with the decoder's reason. */
static void
test_failures_grouped (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-failures-XXXXXX", NULL);
  g_autofree char *details = NULL;
  GFile *files[3];
  guint before = cutout_window_get_n_toasts (window);

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-short-%d.png", i + 1);
      g_autofree char *path = write_truncated (dir, name);
      files[i] = g_file_new_for_path (path);
    }
  g_assert_true (drop_files (window, files, 3));
  wait_until (window, n_failed_is, GUINT_TO_POINTER (3));
  wait_until (window, n_toasts_at_least, GUINT_TO_POINTER (before + 1));
  run_for (4000);
  g_assert_cmpuint (cutout_window_get_n_toasts (window), ==, before + 1);
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==, "3 images could not be cut out");
  details = read_toast_details (window);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *line
          = g_strdup_printf ("cut-short-%d.png: the PNG data is damaged or incomplete", i + 1);
      g_assert_nonnull (strstr (details, line));
    }

  for (int i = 0; i < 3; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

/* 52 photos dropped: 50 are queued, and the toast says 2 were not, its
 * Details naming them. */
static void
test_queue_full_names (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-full-XXXXXX", NULL);
  g_autofree char *details = NULL;
  GFile *files[52];

  for (int i = 0; i < 52; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%02d.png", i);
      g_autofree char *path = copy_photo_as (dir, "voc1.png", name);
      files[i] = g_file_new_for_path (path);
    }
  g_assert_true (drop_files (window, files, 52));
  wait_until (window, queue_has, GUINT_TO_POINTER (CUTOUT_QUEUE_MAX_JOBS));
  activate (window, "win.cancel-all");
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==,
                   "Queue is full: 50 images at most; 2 were not added");
  details = read_toast_details (window);
  g_assert_nonnull (strstr (details, "photo-50.png: the queue is full (50 images at most)"));
  g_assert_nonnull (strstr (details, "photo-51.png: the queue is full (50 images at most)"));
  g_assert_null (strstr (details, "photo-49.png"));
  wait_until (window, queue_idle, NULL);

  for (int i = 0; i < 52; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

static gboolean
chooser_open (CutoutWindow *window, gconstpointer data)
{
  return cutout_window_get_export_chooser (window) != NULL;
}

static gboolean
same_contents (const char *path, const char *bytes, gsize len)
{
  g_autofree char *now = NULL;
  gsize now_len;

  return g_file_get_contents (path, &now, &now_len, NULL) && now_len == len
         && memcmp (now, bytes, len) == 0;
}

/* The queue holds a.png and a-cutout.png (which may be an earlier
 * cut-out, added to be cut out again): Save Cutout proposes a-cutout-2.png
 * for a.png, never a-cutout.png; a-cutout.png chosen by hand is refused;
 * saving all into the folder leaves both as they are; and a ZIP or an ID
 * photo is never written over an image of the queue, even one that
 * failed. */
static void
test_export_names (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-names-XXXXXX", NULL);
  g_autofree char *a = copy_photo_as (dir, "voc1.png", "a.png");
  g_autofree char *a_cutout = copy_photo_as (dir, "voc474.png", "a-cutout.png");
  g_autofree char *old_zip = write_truncated (dir, "old.zip");
  g_autofree char *a_bytes = NULL, *cutout_bytes = NULL, *zip_bytes = NULL;
  g_autofree char *two = g_build_filename (dir, "a-cutout-2.png", NULL);
  gsize a_len, cutout_len, zip_len;
  GFile *files[3]
      = { g_file_new_for_path (a), g_file_new_for_path (a_cutout), g_file_new_for_path (old_zip) };
  GtkFileChooser *chooser;
  CutoutJob *job;

  g_assert_true (g_file_get_contents (a, &a_bytes, &a_len, NULL));
  g_assert_true (g_file_get_contents (a_cutout, &cutout_bytes, &cutout_len, NULL));
  g_assert_true (g_file_get_contents (old_zip, &zip_bytes, &zip_len, NULL));
  g_assert_true (drop_files (window, files, 3));
  wait_until (window, queue_has, GUINT_TO_POINTER (3));
  wait_until (window, queue_idle, NULL);
  job = cutout_window_get_selected_job (window);
  g_assert_cmpstr (cutout_job_get_display_name (job), ==, "a.png");
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);

  /* The proposal. */
  activate (window, "win.export");
  wait_until (window, chooser_open, NULL);
  chooser = cutout_window_get_export_chooser (window);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (chooser), ==, "a-cutout-2.png");
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_object_set_data (G_OBJECT (window), "cutout-export-chooser", NULL);

  /* An image of the queue chosen by hand. */
  cutout_window_export_job_to (window, job, a_cutout);
  wait_until (window, message_has, "Not Saved");
  g_assert_true (message_has (window, "a-cutout.png: it is one of the input images"));
  g_assert_true (same_contents (a_cutout, cutout_bytes, cutout_len));

  /* The whole queue into its own folder: new names, the images kept. */
  cutout_window_export_all_to (window, dir, FALSE);
  wait_until (window, message_has, "Images Saved in");
  g_assert_true (same_contents (a, a_bytes, a_len));
  g_assert_true (same_contents (a_cutout, cutout_bytes, cutout_len));
  g_assert_true (g_file_test (two, G_FILE_TEST_IS_REGULAR));

  /* A ZIP over the image that failed. */
  cutout_window_export_all_to (window, old_zip, TRUE);
  wait_until (window, message_has, "old.zip: it is one of the input images");
  g_assert_true (same_contents (old_zip, zip_bytes, zip_len));

  /* An ID photo over another image of the queue. */
  activate (window, "win.id-photo");
  wait_until (window, frame_shown, NULL);
  cutout_id_bar_save_to (cutout_window_get_id_bar (window), a_cutout, NULL);
  wait_until (window, message_has, "a-cutout.png: it is one of the input images");
  g_assert_true (same_contents (a_cutout, cutout_bytes, cutout_len));
  activate (window, "win.leave-box-tool");

  for (int i = 0; i < 3; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

/* The names of the files in @dir, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, cutout_test_compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static gboolean
has_prefix (const char *text, const char *prefix)
{
  return text != NULL && g_str_has_prefix (text, prefix);
}

/* The last toast has an Open button for @path (a folder if @is_folder). */
static void
assert_open_button (CutoutWindow *window, const char *path, gboolean is_folder)
{
  AdwToast *toast = cutout_window_get_toast (window);
  g_autoptr (GVariant) want = g_variant_ref_sink (g_variant_new ("(sb)", path, is_folder));

  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Open");
  g_assert_cmpstr (adw_toast_get_action_name (toast), ==, "win.open-saved");
  g_assert_true (g_variant_equal (adw_toast_get_action_target_value (toast), want));
}

/* Inside the Flatpak sandbox, the save dialog's portal lets the app write
 * exactly the file chosen and nothing beside it (sandbox-preload plays the
 * portal): a cutout named without an extension is written at that name,
 * in the file type chosen; so is a ZIP; an ID photo with Print Sheet on is
 * written alone, its sheet only where a second dialog says. Nothing else
 * appears in the folder. The dialogs propose names with the extension and
 * offer a file type per format. */
static void
test_export_sandboxed (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-sandbox-XXXXXX", NULL);
  g_autofree char *photo = copy_photo_as (dir, "voc474.png", "bus.png");
  g_autofree char *typed = g_build_filename (dir, "typed", NULL);
  g_autofree char *archive = g_build_filename (dir, "archive", NULL);
  g_autofree char *id = g_build_filename (dir, "id.jpg", NULL);
  g_autofree char *sheet = g_build_filename (dir, "sheet", NULL);
  g_autofree char *elsewhere = g_dir_make_tmp ("cutout-gui-sandbox-XXXXXX", NULL);
  g_autofree char *id2 = g_build_filename (elsewhere, "id2.jpg", NULL);
  g_autofree char *listed = NULL, *bytes = NULL;
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (CutoutImage) printed = NULL;
  GtkFileChooser *chooser;
  gsize len;
  CutoutJob *job;

  job = drop_one_and_cut_out (window, file);

  /* The dialog: the name with its extension, the setting's file type. */
  g_settings_set_string (settings, "export-format", "webp");
  activate (window, "win.export");
  wait_until (window, chooser_open, NULL);
  chooser = cutout_window_get_export_chooser (window);
  g_assert_cmpstr (gtk_file_chooser_get_current_name (chooser), ==, "bus-cutout.webp");
  {
    g_autoptr (GListModel) filters = gtk_file_chooser_get_filters (chooser);
    g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 4);
    g_assert_cmpstr (
        g_object_get_data (G_OBJECT (gtk_file_chooser_get_filter (chooser)), "cutout-format"), ==,
        "webp");
  }
  gtk_native_dialog_hide (GTK_NATIVE_DIALOG (chooser));
  g_object_set_data (G_OBJECT (window), "cutout-export-chooser", NULL);
  g_settings_reset (settings, "export-format");

  if (!cutout_test_sandbox_guard (typed))
    {
      g_test_skip ("sandbox-preload is not loaded");
      remove_dir (dir);
      remove_dir (elsewhere);
      return;
    }
  /* A name typed without an extension, the WebP type chosen. */
  cutout_window_export_job_as (window, job, typed, "webp");
  wait_until (window, message_has, "Saved typed");
  assert_open_button (window, typed, FALSE);
  g_assert_true (g_file_get_contents (typed, &bytes, &len, NULL));
  g_assert_cmpuint (len, >, 12);
  g_assert_cmpmem (bytes + 8, 4, "WEBP", 4);

  /* The whole queue as an archive named without .zip. */
  g_assert_true (cutout_test_sandbox_guard (archive));
  cutout_window_export_all_to (window, archive, TRUE);
  wait_until (window, message_has, "1 image saved in archive");
  assert_open_button (window, archive, FALSE);
  {
    zip_t *zip = zip_open (archive, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
    g_assert_nonnull (zip);
    g_assert_cmpint (zip_get_num_entries (zip, 0), ==, 1);
    zip_close (zip);
  }

  /* An ID photo with Print Sheet on: the photo alone, then the sheet
   * where its own dialog says (a name without an extension, too). */
  g_settings_set_boolean (settings, "id-print-sheet", TRUE);
  activate (window, "win.id-photo");
  wait_until (window, frame_shown, NULL);
  g_assert_true (cutout_test_sandbox_guard (id));
  cutout_id_bar_save_to (cutout_window_get_id_bar (window), id, NULL);
  wait_until (window, message_has, "Saved id.jpg");
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==, "Saved id.jpg");
  /* (The photo again, elsewhere, so that its message is a new one.) */
  g_assert_true (cutout_test_sandbox_guard (sheet));
  cutout_id_bar_save_to (cutout_window_get_id_bar (window), id2, sheet);
  wait_until (window, message_has, "id2.jpg");
  g_assert_cmpstr (cutout_window_get_last_toast (window), ==, "Saved id2.jpg and sheet");
  assert_open_button (window, id2, FALSE);
  printed = cutout_decode_file (sheet, NULL);
  g_assert_nonnull (printed);
  g_assert_cmpint (MAX (printed->width, printed->height), ==, 1800);
  activate (window, "win.leave-box-tool");
  g_assert_true (cutout_test_sandbox_guard (NULL));

  /* Only what was chosen. */
  listed = list_dir (dir);
  g_assert_cmpstr (listed, ==, "archive bus.png id.jpg sheet typed");
  g_assert_false (has_prefix (cutout_window_get_last_toast (window), "Not"));
  g_settings_reset (settings, "id-print-sheet");
  remove_dir (dir);
  remove_dir (elsewhere);
}

/* A file manager of the test's own on a private session bus: it answers
 * ShowItems, and keeps the URIs it was asked to show. */
static const char file_manager_xml[]
    = "<node><interface name='org.freedesktop.FileManager1'>"
      "<method name='ShowItems'><arg type='as' direction='in'/><arg type='s' "
      "direction='in'/></method>"
      "</interface></node>";

static void
file_manager_call_cb (GDBusConnection *connection,
                      const char *sender,
                      const char *object_path,
                      const char *interface_name,
                      const char *method_name,
                      GVariant *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer data)
{
  char **shown = data;
  g_autofree const char **uris = NULL;
  const char *startup_id;

  g_variant_get (parameters, "(^a&s&s)", &uris, &startup_id);
  g_free (*shown);
  *shown = g_strjoinv (" ", (char **) uris);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
name_owned (CutoutWindow *window, gconstpointer data)
{
  return *(const gboolean *) data;
}

static void
name_acquired_cb (GDBusConnection *connection, const char *name, gpointer data)
{
  *(gboolean *) data = TRUE;
}

static gboolean
string_set (CutoutWindow *window, gconstpointer data)
{
  return *(char *const *) data != NULL;
}

/* Open Containing Folder says something even with no file manager: with
 * no session bus (the gui-window run) or none answering on it, the folder
 * is opened, and with no app for folders either, a toast names it. With a
 * file manager on the bus (the gui-window-bus run, on a bus of its own
 * that starts no service), it is asked to show the file itself. */
static void
test_open_folder (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-open-XXXXXX", NULL);
  g_autofree char *photo = copy_photo_as (dir, "voc474.png", "bus.png");
  g_autofree char *shown_dir = g_filename_display_name (dir);
  g_autofree char *told = g_strdup_printf ("The folder %s cannot be opened", shown_dir);
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr (GAppInfo) folder_app = g_app_info_get_default_for_type ("inode/directory", FALSE);
  g_autoptr (GDBusNodeInfo) node = g_dbus_node_info_new_for_xml (file_manager_xml, NULL);
  g_autoptr (GDBusConnection) connection = NULL;
  g_autofree char *shown = NULL;
  gboolean owned = FALSE;
  guint object_id, owner_id, n_toasts;

  g_assert_true (drop_files (window, &file, 1));
  wait_until (window, queue_has, GUINT_TO_POINTER (1));

  /* No file manager answers. */
  if (folder_app == NULL)
    {
      g_assert_true (
          gtk_widget_activate_action (GTK_WIDGET (window), "win.job-open-folder", "s", photo));
      wait_until (window, message_has, told);
    }
  else
    g_test_message ("an app for folders is installed: the toast is not checked");
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_message ("no session bus: the file manager is not checked (see gui-window-bus)");
      remove_dir (dir);
      return;
    }

  /* A file manager on the bus. */
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_assert_nonnull (connection);
  object_id = g_dbus_connection_register_object (
      connection, "/org/freedesktop/FileManager1", node->interfaces[0],
      &(GDBusInterfaceVTable){ file_manager_call_cb, NULL, NULL }, &shown, NULL, NULL);
  g_assert_cmpuint (object_id, >, 0);
  owner_id = g_bus_own_name_on_connection (connection, "org.freedesktop.FileManager1",
                                           G_BUS_NAME_OWNER_FLAGS_NONE, name_acquired_cb, NULL,
                                           &owned, NULL);
  wait_until (window, name_owned, &owned);
  n_toasts = cutout_window_get_n_toasts (window);
  g_assert_true (
      gtk_widget_activate_action (GTK_WIDGET (window), "win.job-open-folder", "s", photo));
  wait_until (window, string_set, &shown);
  g_assert_cmpstr (shown, ==, uri);
  g_assert_cmpuint (cutout_window_get_n_toasts (window), ==, n_toasts);

  g_bus_unown_name (owner_id);
  g_dbus_connection_unregister_object (connection, object_id);
  remove_dir (dir);
}

/* Whether @mask has values between 0 and 255 (soft edges). */
static gboolean
has_soft_edges (const CutoutImage *mask)
{
  for (gsize i = 0; i < (gsize) mask->width * mask->height; i++)
    if (mask->pixels[i] != 0 && mask->pixels[i] != 255)
      return TRUE;
  return FALSE;
}

/* Run Again, from the row's menu: a finished image is cut out again with
 * the edge settings of now (hard edges: a mask of 0 and 255 only). */
static void
test_run_again (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-rerun-XXXXXX", NULL);
  g_autofree char *photo = copy_photo_as (dir, "voc474.png", "bus.png");
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  g_autoptr (CutoutImage) before = NULL, after = NULL;
  GSettings *settings = cutout_window_get_settings (window);
  CutoutJob *job;

  job = drop_one_and_cut_out (window, file);
  before = cutout_job_dup_mask (job);
  g_assert_true (has_soft_edges (before));

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  collect_rows (cutout_window_get_list_view (window), rows);
  g_assert_cmpuint (rows->len, ==, 1);
  g_settings_set_string (settings, "edge-style", "hard");
  g_assert_true (gtk_widget_activate_action (rows->pdata[0], "row.rerun", NULL));
  g_assert_cmpint (cutout_job_get_state (job), !=, CUTOUT_JOB_DONE);
  wait_until (window, queue_idle, NULL);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  after = cutout_job_dup_mask (job);
  g_assert_false (has_soft_edges (after));

  g_settings_reset (settings, "edge-style");
  remove_dir (dir);
}

static CutoutJob *
select_row (CutoutWindow *window, guint i)
{
  GtkListView *list = GTK_LIST_VIEW (cutout_window_get_list_view (window));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));

  gtk_single_selection_set_selected (selection, i);
  return gtk_single_selection_get_selected_item (selection);
}

/* Going back to an image shows its preview at once, the one made before
 * (kept, not made again); an image not seen yet shows a spinner, not the
 * last image's picture, until its preview is there; a new cutout or a
 * removed image is not shown from what was kept. */
static void
test_preview_kept (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *dir = g_dir_make_tmp ("cutout-gui-kept-XXXXXX", NULL);
  g_autofree char *a = copy_photo_as (dir, "voc474.png", "a.png");
  g_autofree char *b = copy_photo_as (dir, "voc23.png", "b.png");
  GFile *files[2] = { g_file_new_for_path (a), g_file_new_for_path (b) };
  GSettings *settings = cutout_window_get_settings (window);
  g_autoptr (GdkTexture) first = NULL;
  CutoutJob *job0, *job1;

  g_assert_true (drop_files (window, files, 2));
  wait_until (window, queue_has, GUINT_TO_POINTER (2));
  wait_until (window, queue_idle, NULL);
  job0 = select_row (window, 0);
  wait_until (window, result_shown, job0);
  first = g_object_ref (cutout_window_get_result_texture (window));

  /* Not seen yet: a spinner, and not image a's picture meanwhile. */
  job1 = select_row (window, 1);
  g_assert_true (cutout_preview_is_busy (window->preview));
  g_assert_true (cutout_canvas_get_texture (cutout_window_get_preview (window)) != first);
  wait_until (window, result_shown, job1);
  g_assert_false (cutout_preview_is_busy (window->preview));

  /* Back to a: at once (no main loop turn), the same texture. */
  select_row (window, 0);
  g_assert_true (result_shown (window, job0));
  g_assert_true (cutout_window_get_result_texture (window) == first);
  g_assert_false (cutout_preview_is_busy (window->preview));

  /* Cut out again: its new cutout, made anew. */
  g_settings_set_string (settings, "edge-style", "hard");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.job-rerun", "s",
                              cutout_job_get_path (job0));
  wait_until (window, queue_idle, NULL);
  select_row (window, 1);
  g_assert_true (result_shown (window, job1));
  select_row (window, 0);
  wait_until (window, result_shown, job0);
  g_assert_true (cutout_window_get_result_texture (window) != first);

  /* Removed: forgotten. */
  g_assert_cmpuint (cutout_preview_get_n_kept (window->preview), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.job-remove", "s",
                              cutout_job_get_path (job1));
  g_assert_cmpuint (cutout_preview_get_n_kept (window->preview), ==, 1);

  g_settings_reset (settings, "edge-style");
  for (int i = 0; i < 2; i++)
    g_object_unref (files[i]);
  remove_dir (dir);
}

static gboolean
stream_closed (CutoutWindow *window, gconstpointer data)
{
  return *(const gboolean *) data;
}

static void
drag_written_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (
      gdk_content_provider_write_mime_type_finish (GDK_CONTENT_PROVIDER (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* Whether @texture has see-through pixels, and is @width × @height. */
static void
assert_cutout_texture (GdkTexture *texture, int width, int height)
{
  g_autofree guint8 *argb = NULL;
  gsize n, clear = 0;

  g_assert_nonnull (texture);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  n = (gsize) width * height;
  argb = download (texture);
  for (gsize i = 0; i < n; i++)
    clear += argb[i * 4 + 3] == 0;
  g_assert_cmpuint (clear, >, n / 20);
  g_assert_cmpuint (clear, <, n);
}

/* Ctrl+C puts the cutout, at full size with its transparency, on the
 * clipboard; a drag out of the preview carries it as a texture and, for
 * file managers, as a PNG file in the cache written when a drop asks. */
static void
test_copy_and_drag (CutoutApplication *app, CutoutWindow *window)
{
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  g_autoptr (GdkContentProvider) content = NULL;
  g_autoptr (GdkContentFormats) formats = NULL;
  g_autoptr (GOutputStream) stream = NULL;
  g_autofree char *uri_list = NULL;
  g_auto (GStrv) uris = NULL;
  g_autofree char *drag_path = NULL;
  g_autoptr (CutoutImage) dragged = NULL;
  gboolean written = FALSE;
  CutoutJob *job;
  int w, h;

  job = drop_one_and_cut_out (window, file);
  w = cutout_job_get_width (job);
  h = cutout_job_get_height (job);

  /* Copied. */
  activate (window, "win.copy");
  wait_until (window, message_has, "Cutout copied");
  g_assert_true (gdk_clipboard_is_local (clipboard));
  {
    GValue value = G_VALUE_INIT;
    g_value_init (&value, GDK_TYPE_TEXTURE);
    g_assert_true (
        gdk_content_provider_get_value (gdk_clipboard_get_content (clipboard), &value, NULL));
    assert_cutout_texture (g_value_get_object (&value), w, h);
    g_value_unset (&value);
  }

  /* Dragged: the texture, and a file (once the cutout shown is the one
   * saved, with clean colours). */
  wait_until (window, preview_has_transparency, NULL);
  wait_until (window, result_shown, job);
  content = cutout_window_create_drag_content (window);
  g_assert_nonnull (content);
  formats = gdk_content_provider_ref_formats (content);
  g_assert_true (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/uri-list"));
  {
    GValue value = G_VALUE_INIT;
    g_value_init (&value, GDK_TYPE_TEXTURE);
    g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
    assert_cutout_texture (g_value_get_object (&value), w, h);
    g_value_unset (&value);
  }
  stream = g_memory_output_stream_new_resizable ();
  gdk_content_provider_write_mime_type_async (content, "text/uri-list", stream, G_PRIORITY_DEFAULT,
                                              NULL, drag_written_cb, &written);
  wait_until (window, stream_closed, &written);
  g_assert_true (g_output_stream_write (stream, "", 1, NULL, NULL) == 1);
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  uri_list = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
  uris = g_uri_list_extract_uris (uri_list);
  g_assert_cmpuint (g_strv_length (uris), ==, 1);
  drag_path = g_filename_from_uri (uris[0], NULL, NULL);
  g_assert_nonnull (drag_path);
  {
    g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "cutout", "drag", NULL);
    g_autofree char *parent = g_path_get_dirname (drag_path);
    g_autofree char *base = g_path_get_basename (drag_path);
    g_assert_cmpstr (parent, ==, dir);
    g_assert_cmpstr (base, ==, "voc474-cutout.png");
  }
  dragged = cutout_decode_file (drag_path, NULL);
  g_assert_nonnull (dragged);
  g_assert_cmpint (dragged->width, ==, w);
  g_assert_cmpint (dragged->height, ==, h);

  /* Zoomed in, a drag pans: nothing to drag out. */
  activate (window, "win.zoom-in");
  g_assert_null (cutout_window_create_drag_content (window));
  activate (window, "win.zoom-fit");
  g_unlink (drag_path);
}

/* Quitting while files are written -------------------------------------------------- */

/* The folder of the quitting tests' photos, and how many there are. */
static char *quit_dir;
#define N_QUIT_PHOTOS 4

/* Whether @dir holds a name starting with @prefix. */
static gboolean
dir_has_prefixed (const char *dir, const char *prefix)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
temporary_file_there (CutoutWindow *window, gconstpointer prefix)
{
  return dir_has_prefixed (quit_dir, prefix);
}

/* Where a ZIP's images are prepared (in the test's own cache). */
static char *
zip_work_parent (void)
{
  return g_build_filename (g_get_user_cache_dir (), "cutout", NULL);
}

static gboolean
zip_work_there (CutoutWindow *window, gconstpointer data)
{
  g_autofree char *parent = zip_work_parent ();

  return dir_has_prefixed (parent, "zip-");
}

/* Cuts out the photos in a new quit_dir, then starts saving them all as
 * slowly as the settings allow (smallest lossless WebP), into the folder
 * itself, or as a ZIP archive there, and returns once a temporary file (or
 * the ZIP's work folder, in the cache) shows that writing has begun. */
static void
start_slow_export (CutoutWindow *window, gboolean zip)
{
  static const char *const photos[N_QUIT_PHOTOS]
      = { "voc474.png", "voc23.png", "voc1.png", "voc114.png" };
  GSettings *settings = cutout_window_get_settings (window);
  GFile *files[N_QUIT_PHOTOS];

  quit_dir = g_dir_make_tmp ("cutout-gui-quit-XXXXXX", NULL);
  for (int i = 0; i < N_QUIT_PHOTOS; i++)
    {
      g_autofree char *path = copy_photo_as (quit_dir, photos[i], photos[i]);
      files[i] = g_file_new_for_path (path);
    }
  g_assert_true (drop_files (window, files, N_QUIT_PHOTOS));
  wait_until (window, queue_has, GUINT_TO_POINTER (N_QUIT_PHOTOS));
  wait_until (window, queue_idle, NULL);
  g_assert_cmpuint (cutout_queue_get_n_done (cutout_window_get_queue (window)), ==, N_QUIT_PHOTOS);
  g_settings_set_string (settings, "export-format", "webp");
  g_settings_set_boolean (settings, "export-smallest", TRUE);
  if (zip)
    {
      g_autofree char *archive = g_build_filename (quit_dir, "all.zip", NULL);
      cutout_window_export_all_to (window, archive, TRUE);
      wait_until (window, zip_work_there, NULL);
    }
  else
    {
      cutout_window_export_all_to (window, quit_dir, FALSE);
      wait_until (window, temporary_file_there, ".cutout-");
    }
  /* Not finished yet. */
  g_assert_false (message_has (window, "saved"));
  for (int i = 0; i < N_QUIT_PHOTOS; i++)
    g_object_unref (files[i]);
}

static void
test_sigterm_zip (CutoutApplication *app, CutoutWindow *window)
{
  start_slow_export (window, TRUE);
  /* As a session or `kill` does; the app quits as the main loop runs on. */
  g_assert_cmpint (kill (getpid (), SIGTERM), ==, 0);
}

static void
test_sigint_folder (CutoutApplication *app, CutoutWindow *window)
{
  start_slow_export (window, FALSE);
  g_assert_cmpint (kill (getpid (), SIGINT), ==, 0);
}

static void
test_quit_zip (CutoutApplication *app, CutoutWindow *window)
{
  start_slow_export (window, TRUE);
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
}

/* Once the app has quit (the process still here, so not killed by the
 * signal): the window was closed, the export was given up, and nothing but
 * the photos is left in their folder: no temporary file, no half archive;
 * and no work folder in the cache. */
static void
after_quit (CutoutApplication *app, CutoutWindow *window)
{
  g_autoptr (GDir) d = g_dir_open (quit_dir, 0, NULL);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  const char *name;
  guint n = 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_test_message ("left: %s", name);
      g_assert_false (g_str_has_prefix (name, ".cutout-"));
      g_assert_false (g_str_has_prefix (name, "all.zip"));
      n++;
    }
  /* The photos, and from a folder export what was complete (not all). */
  g_assert_cmpuint (n, >=, N_QUIT_PHOTOS);
  g_assert_cmpuint (n, <, 2 * N_QUIT_PHOTOS);
  g_assert_false (zip_work_there (window, NULL));
  /* And the window went (with its queue's workers). */
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
  g_settings_reset (settings, "export-format");
  g_settings_reset (settings, "export-smallest");
  remove_dir (quit_dir);
  g_clear_pointer (&quit_dir, g_free);
}

/* Touch-up brushes ------------------------------------------------------------------ */

/* The mask the job shows has changed from @old (a stroke applied, undone…). */
static gboolean
mask_changed_from (CutoutWindow *window, gconstpointer old)
{
  CutoutJob *job = cutout_window_get_selected_job (window);
  g_autoptr (GBytes) now = job ? cutout_job_ref_mask_data (job) : NULL;

  return now != NULL && now != old;
}

/* Paints a stroke on the preview with the primary button, from view point
 * (@x, @y) by (@dx, @dy), as a pointer would, and waits for the job's mask
 * to be made again. */
static void
paint (CutoutWindow *window, double x, double y, double dx, double dy)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  GListModel *controllers = gtk_widget_observe_controllers (GTK_WIDGET (canvas));
  CutoutJob *job = cutout_window_get_selected_job (window);
  g_autoptr (GBytes) before = cutout_job_ref_mask_data (job);
  g_autoptr (GtkGesture) drag = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr (GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_GESTURE_DRAG (c))
        drag = GTK_GESTURE (g_object_ref (c));
    }
  g_object_unref (controllers);
  g_assert_nonnull (drag);
  g_signal_emit_by_name (drag, "drag-begin", x, y);
  for (int k = 1; k <= 10; k++)
    g_signal_emit_by_name (drag, "drag-update", dx * k / 10, dy * k / 10);
  g_signal_emit_by_name (drag, "drag-end", dx, dy);
  wait_until (window, mask_changed_from, before);
}

static guint8
mask_at (CutoutJob *job, double x, double y)
{
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);

  return cutout_image_row (mask, (int) y)[(int) x];
}

static guint8
model_mask_at (CutoutJob *job, double x, double y)
{
  g_autoptr (GBytes) data = cutout_job_ref_model_mask_data (job);
  g_autoptr (CutoutImage) mask
      = cutout_mask_decompress (data, cutout_job_get_width (job), cutout_job_get_height (job));

  return cutout_image_row (mask, (int) y)[(int) x];
}

/* The preview shows the job's cutout as it is now: the alpha of every
 * pixel is the mask's (made again after a stroke from the last cutout,
 * where the stroke changed it, or whole). */
static gboolean
preview_matches_mask (CutoutWindow *window, gconstpointer data)
{
  CutoutJob *job = cutout_window_get_selected_job (window);
  gboolean is_final = FALSE;
  GdkTexture *texture = cutout_window_get_shown_result (window, &is_final);
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);
  g_autofree guint8 *argb = NULL;
  int w;

  if (texture == NULL || !is_final || gdk_texture_get_width (texture) != mask->width
      || cutout_canvas_get_texture (cutout_window_get_preview (window)) != texture)
    return FALSE;
  w = mask->width;
  argb = g_malloc ((gsize) w * mask->height * 4);
  gdk_texture_download (texture, argb, (gsize) w * 4);
  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < w; x++)
      if (argb[((gsize) y * w + x) * 4 + 3] != cutout_image_row (mask, y)[x])
        return FALSE;
  return TRUE;
}

/* A photo cut out by the simulated model, the brush on at 100 %, hard
 * and plain (edge-aware strokes are measured in the core's tests); returns
 * the job, in @cx, @cy the canvas's centre and in @x, @y the image point
 * under it. */
static CutoutJob *
brush_ready (CutoutWindow *window, double *cx, double *cy, double *x, double *y)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  g_autofree char *photo = cutout_test_voc ("voc474.png");
  g_autoptr (GFile) file = g_file_new_for_path (photo);
  CutoutJob *job = drop_one_and_cut_out (window, file);

  wait_until (window, preview_shown, NULL);
  activate (window, "win.toggle-touch-up");
  g_assert_true (cutout_canvas_get_brush_tool (canvas));
  g_assert_false (cutout_canvas_get_box_tool (canvas));
  g_object_set (canvas, "brush-size", 16.0, "brush-hardness", 1.0, "brush-edge-aware", FALSE,
                "brush-restore", FALSE, NULL);
  cutout_canvas_set_zoom (canvas, 1);
  *cx = gtk_widget_get_width (GTK_WIDGET (canvas)) / 2.0;
  *cy = gtk_widget_get_height (GTK_WIDGET (canvas)) / 2.0;
  g_assert_cmpfloat (*cx, >, 50);
  cutout_canvas_view_to_box_space (canvas, *cx, *cy, x, y);
  return job;
}

/* Restore makes what a hard brush goes over opaque, and nothing beyond
 * its radius; Erase clears it; the row says the image was touched up, the
 * preview shows it, and the export writes it. */
static void
test_brush_erase_restore (CutoutApplication *app, CutoutWindow *window)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  double cx, cy, x, y;
  CutoutJob *job = brush_ready (window, &cx, &cy, &x, &y);
  g_autofree char *state = NULL;

  g_object_set (canvas, "brush-restore", TRUE, NULL);
  paint (window, cx - 30, cy, 60, 0);
  for (int dx = -30; dx <= 30; dx += 5)
    for (int dy = -6; dy <= 6; dy += 3)
      g_assert_cmpuint (mask_at (job, x + dx, y + dy), ==, 255);
  /* Beyond the radius (8 px), the model's mask as it was. */
  g_assert_cmpuint (mask_at (job, x, y + 14), ==, model_mask_at (job, x, y + 14));
  g_assert_cmpuint (mask_at (job, x + 40, y), ==, model_mask_at (job, x + 40, y));
  state = cutout_job_describe_state (job);
  g_assert_nonnull (strstr (state, "touched up"));
  wait_until (window, preview_matches_mask, NULL);

  g_object_set (canvas, "brush-restore", FALSE, NULL);
  paint (window, cx - 30, cy, 60, 0);
  for (int dx = -30; dx <= 30; dx += 5)
    for (int dy = -6; dy <= 6; dy += 3)
      g_assert_cmpuint (mask_at (job, x + dx, y + dy), ==, 0);
  wait_until (window, preview_matches_mask, NULL);

  /* What is saved is the touched-up cutout: its alpha is the mask's. */
  {
    g_autofree char *dir = g_dir_make_tmp ("cutout-gui-brush-XXXXXX", NULL);
    g_autofree char *png = g_build_filename (dir, "touched.png", NULL);
    g_autoptr (CutoutImage) saved = NULL;
    g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);

    cutout_window_export_job_to (window, job, png);
    wait_until (window, message_has, "Saved touched.png");
    saved = cutout_decode_file (png, NULL);
    g_assert_nonnull (saved);
    g_assert_cmpint (saved->width, ==, mask->width);
    for (gsize i = 0; i < (gsize) mask->width * mask->height; i++)
      g_assert_cmpuint (saved->pixels[i * 4 + 3], ==, mask->pixels[i]);
    g_assert_cmpuint (cutout_image_row (saved, (int) y)[(int) x * 4 + 3], ==, 0);
    g_unlink (png);
    g_rmdir (dir);
  }
  activate (window, "win.leave-box-tool");
  g_assert_false (cutout_canvas_get_brush_tool (canvas));
}

/* Undo and redo give back the exact masks (from the window's Ctrl+Z);
 * Reset drops every stroke; the strokes survive Run Again. */
static void
test_brush_undo_rerun (CutoutApplication *app, CutoutWindow *window)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  double cx, cy, x, y;
  CutoutJob *job = brush_ready (window, &cx, &cy, &x, &y);
  g_autoptr (CutoutImage) model = cutout_job_dup_mask (job);
  g_autoptr (CutoutImage) stroked = NULL;
  g_autoptr (CutoutImage) again = NULL;
  g_autoptr (GBytes) before = NULL;
  gsize size = (gsize) model->width * model->height;

  paint (window, cx, cy - 20, 0, 40);
  stroked = cutout_job_dup_mask (job);
  g_assert_cmpuint (cutout_image_row (stroked, (int) y)[(int) x], ==, 0);

  before = cutout_job_ref_mask_data (job);
  activate (window, "win.undo-boxes");
  wait_until (window, mask_changed_from, before);
  again = cutout_job_dup_mask (job);
  g_assert_cmpmem (again->pixels, size, model->pixels, size);
  g_clear_pointer (&again, cutout_image_free);
  g_clear_pointer (&before, g_bytes_unref);

  before = cutout_job_ref_mask_data (job);
  activate (window, "win.redo-boxes");
  wait_until (window, mask_changed_from, before);
  again = cutout_job_dup_mask (job);
  g_assert_cmpmem (again->pixels, size, stroked->pixels, size);
  g_clear_pointer (&again, cutout_image_free);

  /* Run Again: the model's mask is made again, the stroke laid over it. */
  cutout_queue_rerun (cutout_window_get_queue (window), job);
  g_assert_false (cutout_canvas_get_brush_tool (canvas)); /* nothing to touch up meanwhile */
  wait_until (window, job_idle, job);
  g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
  again = cutout_job_dup_mask (job);
  g_assert_cmpmem (again->pixels, size, stroked->pixels, size);
  g_clear_pointer (&again, cutout_image_free);
  g_clear_pointer (&before, g_bytes_unref);

  activate (window, "win.toggle-touch-up");
  before = cutout_job_ref_mask_data (job);
  activate (window, "win.reset-touch-up");
  wait_until (window, mask_changed_from, before);
  again = cutout_job_dup_mask (job);
  g_assert_cmpmem (again->pixels, size, model->pixels, size);
}

/* A soft brush's single dab ramps from the centre out: cleared in the
 * middle, less and less towards its rim, untouched beyond it. */
static void
test_brush_soft (CutoutApplication *app, CutoutWindow *window)
{
  CutoutCanvas *canvas = cutout_window_get_preview (window);
  double cx, cy, x, y;
  CutoutJob *job = brush_ready (window, &cx, &cy, &x, &y);
  g_autoptr (GBytes) before = NULL;
  g_autoptr (CutoutImage) restored = NULL;

  /* Restored to opaque first, so that the soft erase shows as a ramp. */
  g_object_set (canvas, "brush-restore", TRUE, "brush-size", 60.0, NULL);
  paint (window, cx, cy, 0, 0);
  g_object_set (canvas, "brush-restore", FALSE, "brush-size", 40.0, "brush-hardness", 0.0, NULL);
  paint (window, cx, cy, 0, 0);
  g_assert_cmpuint (mask_at (job, x, y), <=, 5);
  g_assert_cmpuint (mask_at (job, x + 6, y), <, mask_at (job, x + 12, y));
  g_assert_cmpuint (mask_at (job, x + 12, y), <, mask_at (job, x + 18, y));
  g_assert_cmpuint (mask_at (job, x + 24, y), ==, 255);
}

static const WindowTest window_tests[] = {
  { "/cutout/window/content", test_window_content },
  { "/cutout/window/actions", test_window_actions },
  { "/cutout/window/settings", test_window_settings },
  { "/cutout/window/about", test_about },
  { "/cutout/window/preferences", test_preferences },
  { "/cutout/window/preferences-api", test_preferences_api },
  { "/cutout/window/preferences-import", test_preferences_import },
  { "/cutout/window/paste-files", test_paste_files },
  { "/cutout/window/paste-url", test_paste_url },
  { "/cutout/window/paste-image-removed", test_paste_image_removed },
  { "/cutout/window/backdrop", test_backdrop },
  { "/cutout/window/zoom-entry", test_zoom_entry },
  { "/cutout/window/drop-photos", test_drop_photos },
  { "/cutout/window/drop-folder-over-limit", test_drop_folder_over_limit },
  { "/cutout/window/boxes", test_boxes, .real_model = TRUE },
  { "/cutout/window/box-keys", test_box_keys },
  { "/cutout/window/export", test_export },
  { "/cutout/window/clean-preview", test_clean_preview },
  { "/cutout/window/id-photo", test_id_photo, .real_model = TRUE },
  { "/cutout/window/product-photo", test_product_photo, .real_model = TRUE },
  { "/cutout/window/review", test_review, .real_model = TRUE },
  { "/cutout/window/cancel-label", test_cancel_label },
  { "/cutout/window/export-names", test_export_names },
  { "/cutout/window/export-sandboxed", test_export_sandboxed },
  { "/cutout/window/open-folder", test_open_folder },
  { "/cutout/window/run-again", test_run_again },
  { "/cutout/window/preview-kept", test_preview_kept },
  { "/cutout/window/copy-and-drag", test_copy_and_drag },
  { "/cutout/window/paste-broken", test_paste_broken },
  { "/cutout/window/failures-grouped", test_failures_grouped },
  { "/cutout/window/queue-full-names", test_queue_full_names },
  { "/cutout/window/failed-row", test_failed_row },
  { "/cutout/window/sigterm-zip", test_sigterm_zip, NULL, TRUE, after_quit },
  { "/cutout/window/sigint-folder", test_sigint_folder, NULL, TRUE, after_quit },
  { "/cutout/window/quit-zip", test_quit_zip, NULL, TRUE, after_quit },
  { "/cutout/window/brush-erase-restore", test_brush_erase_restore },
  { "/cutout/window/brush-undo-rerun", test_brush_undo_rerun },
  { "/cutout/window/brush-soft", test_brush_soft },
  { "/cutout/window/model-missing", test_broken_model, "missing" },
  { "/cutout/window/model-truncated", test_broken_model, "truncated" },
};

int
main (int argc, char *argv[])
{
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  guint i;
  int status;

  /* gtk_test_init () aborts without a display; report a skip instead. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }
  if (!cutout_test_require_testdata ())
    return 0;

  /* A cache of the tests' own (pasted images, ZIP work folders), set
   * before GLib reads it. */
  cache = g_dir_make_tmp ("cutout-gui-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  /* And a data folder, empty, where Import… puts a model. */
  data = g_dir_make_tmp ("cutout-gui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  for (i = 0; i < G_N_ELEMENTS (window_tests); i++)
    g_test_add_data_func (window_tests[i].path, &window_tests[i], run_window_test);

  status = g_test_run ();
  remove_dir (cache);
  remove_dir (data);
  return status;
}
