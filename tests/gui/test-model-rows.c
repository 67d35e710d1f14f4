/* test-model-rows.c: Preferences → Models, and choosing the model
 *
 * The rows download the real ISNet (small) file from a server on
 * 127.0.0.1, under another file name so that it is not already installed;
 * the app switches to a model chosen in the settings, and keeps the one
 * it has when the chosen one cannot be loaded.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "cutout-application.h"
#include "cutout-model-row.h"
#include "cutout-testlib.h"

typedef struct
{
  SoupServer *server;
  GBytes *model; /* the real isnet-small.onnx */
  guint n_requests;
  char *data_dir;      /* $XDG_DATA_HOME */
  char *catalogue_dir; /* $CUTOUT_DATA_DIR: the test's catalogue */
  char *shipped;       /* the shipped data/models.ini */
} Fixture;

static Fixture fixture;

/* Serves the model, whole, at /isnet-small.onnx; anything else is 404. */
static void
serve_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  Fixture *f = data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  gsize size = g_bytes_get_size (f->model);

  f->n_requests++;
  if (g_strcmp0 (path, "/isnet-small.onnx") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg), size);
  soup_message_body_append_bytes (body, f->model);
}

static char *
server_url (Fixture *f)
{
  GSList *uris = soup_server_get_uris (f->server);
  char *url = g_uri_to_string (uris->data);

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

/* The test's catalogue: the default model (installed by the set-up script),
 * the real ISNet small file under a name nothing has installed, with the
 * test server as its address, and a model whose file is nowhere. */
static void
write_catalogue (Fixture *f, const CutoutModelInfo *small)
{
  g_autofree char *url = server_url (f);
  g_autofree char *path = g_build_filename (f->catalogue_dir, "models.ini", NULL);
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (f->shipped, &data, NULL, &error);
  g_assert_no_error (error);
  text = g_strdup_printf ("%s\n"
                          "[test-download]\n"
                          "Name=Downloaded ISNet\n"
                          "Description=The small ISNet, from the test server\n"
                          "File=test-download.onnx\n"
                          "Size=%" G_GOFFSET_FORMAT "\n"
                          "Sha256=%s\n"
                          "Input=input\nInputWidth=1024\nInputHeight=1024\n"
                          "Mean=128;128;128;\nStd=256;256;256;\n"
                          "Output=output\nActivation=none\nLicense=AGPL-3.0\n"
                          "Url=%sisnet-small.onnx\n"
                          "\n"
                          "[test-missing]\n"
                          "Name=Nowhere\n"
                          "File=test-missing.onnx\n"
                          "Input=input\nInputWidth=1024\nInputHeight=1024\n"
                          "Mean=128;128;128;\nStd=256;256;256;\n"
                          "Output=output\nActivation=none\nLicense=MIT\nNonCommercial=true\n"
                          "Url=%snothing-here.onnx\n",
                          data, small->size, small->sha256, url, url);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static CutoutModelItem *
find_item (GListModel *items, const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (CutoutModelItem) item = g_list_model_get_item (items, i);
      if (g_strcmp0 (cutout_model_item_get_info (item)->id, id) == 0)
        return item; /* the list holds it */
    }
  g_assert_not_reached ();
}

typedef gboolean (*Condition) (gpointer data);

static gboolean
keep_waking_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @condition holds (at most two minutes). */
static void
wait_until (Condition condition, gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  guint wake = g_timeout_add (50, keep_waking_cb, NULL);

  while (!condition (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
not_downloading (gpointer item)
{
  return !cutout_model_item_get_downloading (item);
}

static gboolean
downloading (gpointer item)
{
  return cutout_model_item_get_downloading (item);
}

static GtkWidget *
row_button (CutoutModelRow *row, const char *tooltip)
{
  GtkWidget *found = NULL;
  GtkWidget *stack[64];
  int n = 0;

  /* The template's children are not buildable ids at run time: find the
   * button by what it says. */
  stack[n++] = GTK_WIDGET (row);
  while (n > 0 && found == NULL)
    {
      GtkWidget *w = stack[--n];
      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_widget_get_tooltip_text (w), tooltip) == 0)
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c && n < 64;
           c = gtk_widget_get_next_sibling (c))
        stack[n++] = c;
    }
  g_assert_nonnull (found);
  return found;
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_visible (widget);
}

/* A model not installed: Download shows; the download's progress shows as
 * it goes, the file is checked and installed in the user's models folder;
 * then the model can be chosen and removed. */
static void
test_download_row (void)
{
  Fixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autoptr (GListStore) items = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *installed
      = g_build_filename (f->data_dir, "cutout", "models", "test-download.onnx", NULL);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  CutoutModelItem *item;
  CutoutModelRow *row;
  GtkWidget *download, *remove;

  g_assert_no_error (error);
  items = cutout_model_items_new (catalogue);
  item = find_item (G_LIST_MODEL (items), "test-download");
  row = cutout_model_row_new (item, settings);
  gtk_list_box_append (list, GTK_WIDGET (row));
  gtk_window_set_child (window, GTK_WIDGET (list));
  gtk_window_present (window);

  g_assert_false (cutout_model_item_get_installed (item));
  download = row_button (row, "Download");
  remove = row_button (row, "Remove the downloaded file");
  g_assert_true (is_shown (download));
  g_assert_false (is_shown (remove));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (cutout_model_row_get_check (row))));

  g_signal_emit_by_name (download, "clicked");
  g_assert_true (cutout_model_item_get_downloading (item));
  g_assert_false (is_shown (download));
  wait_until (not_downloading, item);
  g_test_message ("after the download: %s", cutout_model_item_get_status (item));
  g_assert_true (cutout_model_item_get_installed (item));
  g_assert_true (g_file_test (installed, G_FILE_TEST_IS_REGULAR));
  g_assert_true (is_shown (remove));
  g_assert_false (is_shown (download));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (cutout_model_row_get_check (row))));

  /* Checking the row chooses the model. */
  gtk_check_button_set_active (cutout_model_row_get_check (row), TRUE);
  {
    g_autofree char *model = g_settings_get_string (settings, "model");
    g_assert_cmpstr (model, ==, "test-download");
  }
  g_settings_reset (settings, "model");
  g_assert_false (gtk_check_button_get_active (cutout_model_row_get_check (row)));

  g_signal_emit_by_name (remove, "clicked");
  g_assert_false (g_file_test (installed, G_FILE_TEST_EXISTS));
  g_assert_false (cutout_model_item_get_installed (item));
  g_assert_true (is_shown (download));
  gtk_window_destroy (window);
}

/* A download from nowhere says why, and leaves nothing behind; a
 * cancelled one says so, and leaves nothing either. */
static void
test_download_fails_or_cancelled (void)
{
  Fixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autoptr (GListStore) items = NULL;
  g_autofree char *models = g_build_filename (f->data_dir, "cutout", "models", NULL);
  g_autofree char *part = g_build_filename (models, "test-download.onnx.part", NULL);
  g_autofree char *final = g_build_filename (models, "test-download.onnx", NULL);
  CutoutModelItem *missing, *item;

  g_assert_no_error (error);
  items = cutout_model_items_new (catalogue);
  missing = find_item (G_LIST_MODEL (items), "test-missing");
  cutout_model_item_download (missing, NULL);
  wait_until (not_downloading, missing);
  g_test_message ("%s", cutout_model_item_get_status (missing));
  g_assert_nonnull (strstr (cutout_model_item_get_status (missing), "Download failed"));
  g_assert_nonnull (strstr (cutout_model_item_get_status (missing), "404"));
  g_assert_false (cutout_model_item_get_installed (missing));

  item = find_item (G_LIST_MODEL (items), "test-download");
  cutout_model_item_download (item, NULL);
  wait_until (downloading, item);
  cutout_model_item_cancel (item);
  wait_until (not_downloading, item);
  g_assert_cmpstr (cutout_model_item_get_status (item), ==, "Download cancelled: nothing was kept");
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
}

/* Choosing a model ------------------------------------------------------------------ */

typedef struct
{
  CutoutApplication *app;
  const char *want; /* the model the queue should come to use */
  GError *failure;
} Switch;

static gboolean
engine_is (gpointer data)
{
  Switch *s = data;
  CutoutQueue *queue = cutout_application_get_queue (s->app);

  return queue != NULL
         && g_strcmp0 (cutout_engine_get_model_info (cutout_queue_get_engine (queue))->id, s->want)
                == 0;
}

static gboolean
failed (gpointer data)
{
  return ((Switch *) data)->failure != NULL;
}

static void
model_failed_cb (CutoutApplication *app, const GError *error, Switch *s)
{
  g_clear_error (&s->failure);
  s->failure = g_error_copy (error);
}

/* In the app: a model chosen in the settings replaces the simulated one
 * (loaded in a thread); one that cannot be loaded is refused with a
 * reason, and the one in use stays, the setting put back to it. */
static void
switch_activate_cb (CutoutApplication *app, Switch *s)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *model = NULL;

  s->want = "isnet-small";
  g_settings_set_string (settings, "model", "isnet-small");
  wait_until (engine_is, s);

  g_signal_connect (app, "model-failed", G_CALLBACK (model_failed_cb), s);
  g_settings_set_string (settings, "model", "test-missing");
  wait_until (failed, s);
  g_test_message ("%s", s->failure->message);
  g_assert_nonnull (strstr (s->failure->message, "test-missing.onnx"));
  g_assert_true (engine_is (s));
  model = g_settings_get_string (settings, "model");
  g_assert_cmpstr (model, ==, "isnet-small");
  g_settings_reset (settings, "model");
  g_application_quit (G_APPLICATION (app));
}

static void
test_switch_model (void)
{
  g_autoptr (CutoutApplication) app = cutout_application_new ();
  g_autoptr (CutoutEngine) engine = cutout_engine_new_simulated (&cutout_test_simulated_model, 10);
  Switch s = { app, NULL, NULL };

  cutout_application_set_engine (app, engine);
  /* Never hand over to a Cutout that is already running on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (switch_activate_cb), &s);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_error (&s.failure);
}

static void
remove_tree (const char *dir)
{
  g_autoptr (GFile) file = g_file_new_for_path (dir);
  g_autoptr (GFileEnumerator) children
      = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, 0, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, g_file_info_get_name (info), NULL);
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (dir);
}

/* As the app starts, a chosen model that is gone (removed, say) gives way
 * to the default one, and the user is told. */
static void
fallback_activate_cb (CutoutApplication *app, Switch *s)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *model = NULL;

  s->want = "isnet-medium";
  wait_until (engine_is, s);
  g_assert_nonnull (s->failure);
  g_test_message ("%s", s->failure->message);
  g_assert_nonnull (strstr (s->failure->message, "test-missing.onnx"));
  model = g_settings_get_string (settings, "model");
  g_assert_cmpstr (model, ==, "");
  g_application_quit (G_APPLICATION (app));
}

static void
test_start_fallback (void)
{
  g_autoptr (CutoutApplication) app = cutout_application_new ();
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  Switch s = { app, NULL, NULL };

  g_settings_set_string (settings, "model", "test-missing");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "model-failed", G_CALLBACK (model_failed_cb), &s);
  g_signal_connect_after (app, "activate", G_CALLBACK (fallback_activate_cb), &s);
  g_assert_cmpint (g_application_run (G_APPLICATION (app), 0, NULL), ==, 0);
  g_clear_error (&s.failure);
}

int
main (int argc, char *argv[])
{
  Fixture *f = &fixture;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) shipped = NULL;
  const CutoutModelInfo *small;
  g_autofree char *small_path = NULL;
  GMappedFile *mapped;
  int status;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("1..0 # SKIP no display (run the gui suite under xvfb-run)\n");
      return 0;
    }
  /* The user's folders and the catalogue are the test's own, set before
   * GLib reads them. */
  f->data_dir = g_dir_make_tmp ("cutout-models-data-XXXXXX", NULL);
  f->catalogue_dir = g_dir_make_tmp ("cutout-models-catalogue-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", f->data_dir, TRUE);
  f->shipped = g_build_filename (g_getenv ("CUTOUT_DATA_DIR"), "models.ini", NULL);
  g_setenv ("CUTOUT_DATA_DIR", f->catalogue_dir, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  shipped = cutout_catalogue_new_from_file (f->shipped, &error);
  g_assert_no_error (error);
  small = cutout_catalogue_find (shipped, "isnet-small", &error);
  g_assert_no_error (error);
  small_path = cutout_model_info_locate (small, &error);
  g_assert_no_error (error);
  mapped = g_mapped_file_new (small_path, FALSE, &error);
  g_assert_no_error (error);
  f->model = g_mapped_file_get_bytes (mapped);
  g_mapped_file_unref (mapped);

  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, serve_cb, f, NULL);
  soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  write_catalogue (f, small);

  g_test_add_func ("/models/download-row", test_download_row);
  g_test_add_func ("/models/download-fails-or-cancelled", test_download_fails_or_cancelled);
  g_test_add_func ("/models/switch", test_switch_model);
  g_test_add_func ("/models/start-fallback", test_start_fallback);
  status = g_test_run ();

  g_object_unref (f->server);
  g_bytes_unref (f->model);
  remove_tree (f->data_dir);
  remove_tree (f->catalogue_dir);
  g_free (f->shipped);
  return status;
}
