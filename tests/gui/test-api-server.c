/* test-api-server.c: Preferences → Local API's server, without the window
 *
 * CutoutApiServer runs the real cutout-cli ($CUTOUT_CLI) with the real
 * model: the tests ask its /healthz, which names the model, and see it
 * stop, restart and fail as the settings (in memory) change.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cutout-api-server.h"

/* Loading the model takes seconds on an idle machine; this much holds on a
 * loaded one and under the sanitizers. */
#define START_SECONDS 240

static SoupSession *session;

typedef gboolean (*Check) (CutoutApiServer *server);

static gboolean
has_address (CutoutApiServer *server)
{
  return cutout_api_server_get_address (server) != NULL;
}

static gboolean
has_failed (CutoutApiServer *server)
{
  return !cutout_api_server_get_running (server) && cutout_api_server_get_error (server) != NULL;
}

static gboolean
has_stopped (CutoutApiServer *server)
{
  return !cutout_api_server_get_running (server);
}

/* Runs the main loop until @check holds, for at most @seconds. */
static gboolean
wait_for (CutoutApiServer *server, Check check, int seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!check (server) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return check (server);
}

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  const char *keys[] = { "serve-api", "serve-port", "model", "best-quality", "workers" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_int (settings, "serve-port", 0);
  return settings;
}

static CutoutApiServer *
new_server (GSettings *settings)
{
  return cutout_api_server_new (settings, g_getenv ("CUTOUT_CLI"));
}

/* GET /healthz at @address: its JSON, or NULL if nothing answers. */
static JsonObject *
healthz (const char *address)
{
  g_autofree char *url = g_strconcat (address, "healthz", NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr (GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();

  if (body == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    return NULL;
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                             g_bytes_get_size (body), NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* Off by default; on, it listens on loopback and answers with the default
 * model; off again, it stops and nothing answers there. */
static void
test_serve (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (CutoutApiServer) server = new_server (settings);
  g_autoptr (JsonObject) health = NULL;
  g_autoptr (JsonObject) after = NULL;
  g_autofree char *address = NULL;

  g_assert_false (cutout_api_server_get_running (server));
  g_assert_null (cutout_api_server_get_address (server));
  g_settings_set_boolean (settings, "serve-api", TRUE);
  g_assert_true (cutout_api_server_get_running (server));
  g_assert_true (wait_for (server, has_address, START_SECONDS));
  address = g_strdup (cutout_api_server_get_address (server));
  g_assert_true (g_str_has_prefix (address, "http://127.0.0.1:"));
  health = healthz (address);
  g_assert_nonnull (health);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (health, "model"), ==, "isnet-medium");

  g_settings_set_boolean (settings, "serve-api", FALSE);
  g_assert_true (wait_for (server, has_stopped, 60));
  g_assert_null (cutout_api_server_get_address (server));
  g_assert_null (cutout_api_server_get_error (server));
  after = healthz (address);
  g_assert_null (after);
}

static void
count_cb (GObject *object, GParamSpec *pspec, gpointer data)
{
  guint *n = data;

  if (!cutout_api_server_get_running (CUTOUT_API_SERVER (object)))
    (*n)++;
}

/* A setting the server runs with changes: the server is restarted with
 * it (the model it names in /healthz is the new one). */
static void
test_restart (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (CutoutApiServer) server = NULL;
  g_autoptr (JsonObject) health = NULL;
  guint n_stops = 0;

  g_settings_set_boolean (settings, "serve-api", TRUE);
  server = new_server (settings);
  g_signal_connect (server, "notify::running", G_CALLBACK (count_cb), &n_stops);
  g_assert_true (wait_for (server, has_address, START_SECONDS));

  g_settings_set_string (settings, "model", "isnet-small");
  g_assert_null (cutout_api_server_get_address (server));
  g_assert_true (wait_for (server, has_address, START_SECONDS));
  g_assert_cmpuint (n_stops, ==, 1);
  health = healthz (cutout_api_server_get_address (server));
  g_assert_nonnull (health);
  g_assert_cmpstr (json_object_get_string_member (health, "model"), ==, "isnet-small");
  g_settings_set_boolean (settings, "serve-api", FALSE);
  g_assert_true (wait_for (server, has_stopped, 60));
}

/* Another program holds the port: the server's own words say so, with the
 * port; a free port chosen then, it starts. */
static void
test_port_taken (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (CutoutApiServer) server = new_server (settings);
  g_autoptr (GSocketListener) holder = g_socket_listener_new ();
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) wanted = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) held = NULL;
  g_autofree char *port = NULL;

  g_assert_true (g_socket_listener_add_address (holder, wanted, G_SOCKET_TYPE_STREAM,
                                                G_SOCKET_PROTOCOL_TCP, NULL, &held, NULL));
  port = g_strdup_printf (":%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (held)));
  g_settings_set_int (settings, "serve-port",
                      g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (held)));
  g_settings_set_boolean (settings, "serve-api", TRUE);
  g_assert_true (wait_for (server, has_failed, START_SECONDS));
  g_assert_nonnull (strstr (cutout_api_server_get_error (server), port));
  g_assert_null (cutout_api_server_get_address (server));

  g_settings_set_int (settings, "serve-port", 0);
  g_assert_true (wait_for (server, has_address, START_SECONDS));
  g_assert_null (cutout_api_server_get_error (server));
  g_settings_set_boolean (settings, "serve-api", FALSE);
  g_assert_true (wait_for (server, has_stopped, 60));
}

/* A model that is not installed: the error says which, and where to get
 * it; switched off, the error goes. */
static void
test_model_missing (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (CutoutApiServer) server = new_server (settings);

  g_settings_set_string (settings, "model", "u2netp");
  g_settings_set_boolean (settings, "serve-api", TRUE);
  g_assert_true (wait_for (server, has_failed, START_SECONDS));
  g_assert_nonnull (strstr (cutout_api_server_get_error (server), "u2netp.onnx"));
  g_settings_set_boolean (settings, "serve-api", FALSE);
  g_assert_null (cutout_api_server_get_error (server));
}

/* No cutout-cli where it should be: the error names the path. */
static void
test_no_program (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  g_autoptr (CutoutApiServer) server = cutout_api_server_new (settings, "/nonexistent/cutout-cli");

  g_settings_set_boolean (settings, "serve-api", TRUE);
  g_assert_false (cutout_api_server_get_running (server));
  g_assert_nonnull (strstr (cutout_api_server_get_error (server), "/nonexistent/cutout-cli"));
}

/* As the app quits (stop, then the last reference goes), the server goes
 * too, though the setting stays on for the next start. */
static void
test_quit (void)
{
  g_autoptr (GSettings) settings = fresh_settings ();
  CutoutApiServer *server = new_server (settings);
  g_autofree char *address = NULL;
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  JsonObject *health;

  g_settings_set_boolean (settings, "serve-api", TRUE);
  g_assert_true (wait_for (server, has_address, START_SECONDS));
  address = g_strdup (cutout_api_server_get_address (server));
  cutout_api_server_stop (server);
  g_object_unref (server);
  while ((health = healthz (address)) != NULL && g_get_monotonic_time () < end)
    {
      json_object_unref (health);
      g_usleep (100000);
    }
  g_assert_null (health);
  g_assert_true (g_settings_get_boolean (settings, "serve-api"));
  /* What the server left pending (its pipes, its wait) ends. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  session = soup_session_new ();
  g_test_add_func ("/api-server/serve", test_serve);
  g_test_add_func ("/api-server/restart", test_restart);
  g_test_add_func ("/api-server/port-taken", test_port_taken);
  g_test_add_func ("/api-server/model-missing", test_model_missing);
  g_test_add_func ("/api-server/no-program", test_no_program);
  g_test_add_func ("/api-server/quit", test_quit);
  return g_test_run ();
}
