/* test-serve.c: cutout-cli --serve, called as the APIs' own clients call them
 *
 * The server is the real cutout-cli with the real model, started on
 * 127.0.0.1 on a port of its choosing; the seeds' client code (curl,
 * Python requests, JavaScript fetch) runs against it with only the host
 * changed, and what comes back is compared with cutout-cli's own results
 * for the same photo.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-fetch.h"
#include "cutout-testlib.h"

#define SEGMENT "/rest/2.0/image-process/v1/segment"
#define SLOW_PHOTO_SECONDS 4

static char *workdir;
static char *photo;     /* a JPEG made of voc20, small enough for a command line */
static char *reference; /* cutout-cli's cut-out of it */
static char *reference_mask;
static SoupSession *session;

typedef struct
{
  GSubprocess *process;
  int port;
  char *base; /* http://127.0.0.1:PORT */
  GDataInputStream *out;
} Server;

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts cutout-cli --serve with @args on 127.0.0.1, port 0, and reads the
 * port from its first line. */
static Server *
server_start_with (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  Server *server = g_new0 (Server, 1);
  const char *colon;

  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  g_ptr_array_add (argv, "--serve");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A test that fails leaves no server behind. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process
      = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  server->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  line = g_data_input_stream_read_line_utf8 (server->out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  colon = strrchr (line, ':');
  g_assert_nonnull (colon);
  server->port = atoi (colon + 1);
  g_assert_cmpint (server->port, >, 0);
  server->base = g_strdup_printf ("http://127.0.0.1:%d", server->port);
  return server;
}

static Server *
server_start (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", NULL };
  return server_start_with (args);
}

typedef struct
{
  gboolean done, exited;
} Exit;

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Exit *exit = data;

  exit->exited = g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  exit->done = TRUE;
}

/* Whether @server's process ends within @seconds. */
static gboolean
wait_for_exit (Server *server, int seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Exit exit = { 0 };

  g_subprocess_wait_async (server->process, cancellable, exited_cb, &exit);
  while (!exit.done)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (g_get_monotonic_time () > end)
        g_cancellable_cancel (cancellable);
      else if (!exit.done)
        g_usleep (50000);
    }
  return exit.exited;
}

/* SIGTERM: the server stops, with 128 + 15 (within 5 minutes: a server
 * that never stops fails the test rather than hanging it). */
static void
server_stop (Server *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (wait_for_exit (server, 300));
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 128 + SIGTERM);
  g_object_unref (server->process);
  g_object_unref (server->out);
  g_free (server->base);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_stop)

/* Runs @script with @program (sh -c, python3, node) and gives its output. */
static char *
run_script (const char *program, const char *flag, const char *script)
{
  const char *argv[] = { program, flag, script, NULL };
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", program, err);
  return out;
}

static char *
replace (const char *text, const char *what, const char *with)
{
  g_auto (GStrv) parts = g_strsplit (text, what, -1);
  g_assert_cmpint (g_strv_length (parts), >=, 2);
  return g_strjoinv (with, parts);
}

static char *
photo_base64 (void)
{
  g_autofree char *data = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (photo, &data, &size, NULL));
  return g_base64_encode ((guchar *) data, size);
}

/* A request of our own: @body POSTed (or GET when NULL) with @headers
 * ("Name: value" pairs, NULL-ended). */
static GBytes *
request (const char *url,
         const char *content_type,
         GBytes *body,
         const char *const *headers,
         guint *status)
{
  g_autoptr (SoupMessage) msg = soup_message_new (body ? "POST" : "GET", url);
  g_autoptr (GError) error = NULL;
  GBytes *answer;

  for (guint i = 0; headers != NULL && headers[i] != NULL; i += 2)
    soup_message_headers_replace (soup_message_get_request_headers (msg), headers[i],
                                  headers[i + 1]);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return answer;
}

static JsonObject *
parse_object (const char *text, gssize length)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, length, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* POSTs @json to Baidu's path and gives the answer, which is always HTTP 200. */
static JsonObject *
baidu (Server *server, const char *query, const char *json)
{
  g_autofree char *url = g_strdup_printf ("%s" SEGMENT "%s", server->base, query);
  g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr (GBytes) answer = NULL;
  guint status;
  gsize size;
  const char *data;

  answer = request (url, "application/json", body, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  data = g_bytes_get_data (answer, &size);
  return parse_object (data, size);
}

static void
assert_baidu_error (JsonObject *answer, gint64 code, const char *message_start)
{
  g_assert_true (json_object_has_member (answer, "log_id"));
  g_assert_cmpint (json_object_get_int_member (answer, "error_code"), ==, code);
  g_assert_true (
      g_str_has_prefix (json_object_get_string_member (answer, "error_msg"), message_start));
  g_assert_false (json_object_has_member (answer, "image"));
}

/* PNG colour type, from the IHDR chunk. */
static int
png_color_type (GBytes *png)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (png, &size);

  g_assert_cmpuint (size, >, 26);
  g_assert_cmpmem (data + 1, 3, "PNG", 3);
  return data[25];
}

/* @png (base64) is the same cut-out as cutout-cli's @expected file: the
 * same size, colour type, and pixels (the model runs the same way). */
static void
assert_same_as (const char *base64, const char *expected, int color_type)
{
  gsize size;
  guchar *data = g_base64_decode (base64, &size);
  g_autoptr (GBytes) png = g_bytes_new_take (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) got = cutout_decode_bytes (png, &error);
  g_autoptr (CutoutImage) want = cutout_decode_file (expected, NULL);
  guint64 diff = 0;
  gsize n;

  g_assert_no_error (error);
  g_assert_cmpint (png_color_type (png), ==, color_type);
  g_assert_cmpint (got->width, ==, want->width);
  g_assert_cmpint (got->height, ==, want->height);
  g_assert_cmpint (got->n_channels, ==, want->n_channels);
  n = (gsize) got->width * got->height * got->n_channels;
  for (gsize i = 0; i < n; i++)
    diff += ABS (got->pixels[i] - want->pixels[i]);
  /* Within one level on average: the same model on the same photo. */
  g_assert_cmpfloat ((double) diff / n, <, 1.0);
}

/* The body of `curl -i` (after the headers). */
static const char *
after_headers (const char *out)
{
  const char *body = strstr (out, "\r\n\r\n");

  g_assert_nonnull (body);
  return body + 4;
}

/* 002's curl line, the token and base64 filled in, the host changed. */
static void
test_baidu_seed_curl (void)
{
  g_autoptr (Server) server = server_start ();
  g_autofree char *b64 = photo_base64 ();
  const char *seed = "curl -i -k "
                     "'https://aip.baidubce.com/rest/2.0/image-process/v1/"
                     "segment?access_token=【调用鉴权接口获取的token】' --data "
                     "'{\"image\":\"图片base64编码\", \"method\": \"auto\", "
                     "\"refine_mask\":\"true\", \"return_form\":\"rgba\"}' -H "
                     "'Content-Type:application/json; charset=UTF-8'";
  g_autofree char *host = g_strdup_printf ("http://127.0.0.1:%d", server->port);
  g_autofree char *a = replace (seed, "https://aip.baidubce.com", host);
  g_autofree char *b = replace (a, "【调用鉴权接口获取的token】", "token");
  g_autofree char *line = replace (b, "图片base64编码", b64);
  g_autofree char *out = run_script ("sh", "-c", line);
  const char *body = after_headers (out);
  g_autoptr (JsonObject) answer = parse_object (body, -1);

  g_assert_true (g_str_has_prefix (out, "HTTP/1.1 200"));
  g_assert_true (json_object_has_member (answer, "log_id"));
  assert_same_as (json_object_get_string_member (answer, "image"), reference, 6);
}

/* 002's Python code (its params string quoted as Python needs it), run by
 * Debian's python3 with python3-requests; print() gives JSON here. */
static void
test_baidu_seed_python (void)
{
  g_autoptr (Server) server = server_start ();
  g_autofree char *b64 = photo_base64 ();
  const char *seed
      = "# encoding:utf-8\n"
        "import requests\n"
        "'''\n智能抠图\n'''\n"
        "request_url = \"https://aip.baidubce.com/rest/2.0/image-process/v1/segment\"\n"
        "params = '{\"image\":\"图片base64编码\", \"method\": \"auto\", \"refine_mask\":\"true\", "
        "\"return_form\":\"rgba\"}'\n"
        "access_token = '[调用鉴权接口获取的token]'\n"
        "request_url = request_url + \"?access_token=\" + access_token\n"
        "headers = {'content-type': 'application/json'}\n"
        "response = requests.post(request_url, data=params, headers=headers)\n"
        "if response:\n"
        "    print (response.json())\n";
  g_autofree char *host = g_strdup_printf ("http://127.0.0.1:%d", server->port);
  g_autofree char *a = replace (seed, "https://aip.baidubce.com", host);
  g_autofree char *b = replace (a, "图片base64编码", b64);
  g_autofree char *script = g_strconcat ("import json, sys\n"
                                         "print = lambda x: sys.stdout.write(json.dumps(x))\n",
                                         b, NULL);
  g_autofree char *out = run_script ("/usr/bin/python3", "-c", script);
  g_autoptr (JsonObject) answer = parse_object (out, -1);

  assert_same_as (json_object_get_string_member (answer, "image"), reference, 6);
}

/* return_form mask: one channel, the CLI's --mask; refine_mask false and
 * a box (method control) change what comes back. */
static void
test_baidu_options (void)
{
  g_autoptr (Server) server = server_start ();
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *mask_json
      = g_strdup_printf ("{\"image\":\"%s\",\"method\":\"auto\",\"return_form\":\"mask\"}", b64);
  g_autofree char *box_json = g_strdup_printf (
      "{\"image\":\"%s\",\"method\":\"control\",\"position\":[[[0,0],[200,513]]],"
      "\"refine_mask\":\"false\",\"return_form\":\"mask\"}",
      b64);
  g_autoptr (JsonObject) mask = baidu (server, "", mask_json);
  g_autoptr (JsonObject) boxed = baidu (server, "", box_json);
  gsize size;
  guchar *data = g_base64_decode (json_object_get_string_member (boxed, "image"), &size);
  g_autoptr (GBytes) png = g_bytes_new_take (data, size);
  g_autoptr (CutoutImage) image = cutout_decode_bytes (png, NULL);
  guint64 inside = 0;

  assert_same_as (json_object_get_string_member (mask, "image"), reference_mask, 0);
  /* Nothing of the mask outside the box, and something in it. */
  g_assert_cmpint (png_color_type (png), ==, 0);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        guint8 v = image->pixels[((gsize) y * image->width + x) * image->n_channels];
        if (x >= 200)
          g_assert_cmpint (v, ==, 0);
        else
          inside += v;
      }
  g_assert_cmpuint (inside, >, 0);
}

/* Every error in Baidu's shape: error_code, error_msg, log_id. */
static void
test_baidu_errors (void)
{
  g_autoptr (Server) server = server_start ();
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *not_image = g_base64_encode ((guchar *) "not a photo at all", 18);
  g_autofree char *unreadable = g_strdup_printf ("{\"image\":\"%s\"}", not_image);
  g_autofree char *bad_box = g_strdup_printf (
      "{\"image\":\"%s\",\"method\":\"control\",\"position\":[[[10,10],[5,50]]]}", b64);
  g_autofree char *no_box = g_strdup_printf ("{\"image\":\"%s\",\"method\":\"control\"}", b64);
  g_autofree char *off_photo = g_strdup_printf (
      "{\"image\":\"%s\",\"method\":\"control\",\"position\":[[[900,900],[950,950]]]}", b64);
  g_autofree char *bad_form = g_strdup_printf ("{\"image\":\"%s\",\"return_form\":\"x\"}", b64);
  g_autoptr (JsonObject) missing = baidu (server, "", "{\"method\":\"auto\"}");
  g_autoptr (JsonObject) not_json = baidu (server, "", "image=abc");
  g_autoptr (JsonObject) bad_base64 = baidu (server, "", "{\"image\":\"abc$%^\"}");
  g_autoptr (JsonObject) with_header
      = baidu (server, "", "{\"image\":\"data:image/jpg;base64,AAAA\"}");
  g_autoptr (JsonObject) not_photo = baidu (server, "", unreadable);
  g_autoptr (JsonObject) box = baidu (server, "", bad_box);
  g_autoptr (JsonObject) none = baidu (server, "", no_box);
  g_autoptr (JsonObject) off = baidu (server, "", off_photo);
  g_autoptr (JsonObject) form = baidu (server, "", bad_form);

  assert_baidu_error (missing, 216101, "not enough param");
  assert_baidu_error (not_json, 216100, "invalid param");
  assert_baidu_error (bad_base64, 216201, "image format error");
  assert_baidu_error (with_header, 216201, "image format error");
  assert_baidu_error (not_photo, 216201, "image format error");
  assert_baidu_error (box, 216100, "invalid param");
  assert_baidu_error (none, 216100, "invalid param");
  assert_baidu_error (off, 216100, "invalid param");
  assert_baidu_error (form, 216100, "invalid param");
}

/* A body over the cap (32 MiB), and an image over Baidu's 10 MB of
 * base64: image size error, without the server keeping either. */
static void
test_baidu_too_large (void)
{
  g_autoptr (Server) server = server_start ();
  gsize big = 33 * 1024 * 1024, large = 10 * 1024 * 1024 + 4;
  char *huge = g_malloc (big + 1);
  g_autoptr (GString) over_baidu = g_string_new ("{\"image\":\"");
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonObject) answer2 = NULL;

  memset (huge, ' ', big);
  huge[big] = '\0';
  huge[0] = '{';
  huge[big - 1] = '}';
  answer = baidu (server, "", huge);
  g_free (huge);
  assert_baidu_error (answer, 216202, "image size error");
  for (gsize i = 0; i < large; i++)
    g_string_append_c (over_baidu, 'A');
  g_string_append (over_baidu, "\"}");
  answer2 = baidu (server, "", over_baidu->str);
  assert_baidu_error (answer2, 216202, "image size error");
}

/* /healthz answers, and is what a readiness probe asks. */
static void
test_healthz (void)
{
  g_autoptr (Server) server = server_start ();
  g_autofree char *url = g_strdup_printf ("%s/healthz", server->base);
  guint status;
  g_autoptr (GBytes) answer = request (url, NULL, NULL, NULL, &status);
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);
  g_autoptr (JsonObject) health = parse_object (data, size);

  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  /* The catalogue's default (data/models.ini), as no --model was given. */
  g_assert_cmpstr (json_object_get_string_member (health, "model"), ==, "isnet-medium");
}

/* With --api-key, Baidu's access_token must be it; a non-loopback address
 * is refused without one. */
static void
test_api_key (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", "--api-key", "s3cret", NULL };
  g_autoptr (Server) server = server_start_with (args);
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image\":\"%s\",\"return_form\":\"mask\"}", b64);
  g_autoptr (JsonObject) none = baidu (server, "", json);
  g_autoptr (JsonObject) wrong = baidu (server, "?access_token=s3cre", json);
  g_autoptr (JsonObject) right = baidu (server, "?access_token=s3cret", json);
  g_auto (CutoutCliResult) open = cutout_test_run_cli ("--serve", "--listen", "0.0.0.0:0", NULL);

  assert_baidu_error (none, 110, "Access token invalid");
  assert_baidu_error (wrong, 110, "Access token invalid");
  g_assert_true (json_object_has_member (right, "image"));
  g_assert_cmpint (open.status, ==, 2);
  g_assert_nonnull (strstr (open.err, "--api-key"));
}

/* The photo server: a SoupServer on 127.0.0.1 in a thread of its own.
 * /sheep.jpg the photo, /redirect/N N redirects to it, /big over the
 * fetch cap, anything else 404. */
static struct
{
  GMainContext *context;
  GMainLoop *loop;
  GThread *thread;
  GMutex lock;
  GCond ready;
  char *base;
  GBytes *photo;
  int n_slow; /* requests for /slow.jpg (atomic) */
} photos;

static void
send_photo (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_content_type (headers, "image/jpeg", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), photos.photo);
}

static gboolean
send_slow_photo_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  send_photo (msg);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
photo_handler (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  if (g_str_equal (path, "/sheep.jpg") || g_str_equal (path, "/docs/msk.jpg"))
    send_photo (msg);
  else if (g_str_equal (path, "/slow.jpg"))
    {
      /* The photo, after SLOW_PHOTO_SECONDS: a fetch the test can count on
       * being under way. */
      g_autoptr (GSource) source = g_timeout_source_new_seconds (SLOW_PHOTO_SECONDS);
      g_atomic_int_inc (&photos.n_slow);
      soup_server_message_pause (msg);
      g_source_set_callback (source, send_slow_photo_cb, g_object_ref (msg), NULL);
      g_source_attach (source, photos.context);
    }
  else if (g_str_has_prefix (path, "/redirect/"))
    {
      int n = atoi (path + strlen ("/redirect/"));
      g_autofree char *next
          = n > 1 ? g_strdup_printf ("/redirect/%d", n - 1) : g_strdup ("/sheep.jpg");
      soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, next);
    }
  else if (g_str_equal (path, "/big"))
    {
      gsize size = CUTOUT_FETCH_MAX_BYTES + 1;
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_message_body_append_take (soup_server_message_get_response_body (msg), g_malloc0 (size),
                                     size);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static gpointer
photo_server_thread (gpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SoupServer) server = NULL;
  GSList *uris;

  g_main_context_push_thread_default (photos.context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, photo_handler, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&photos.lock);
  photos.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&photos.ready);
  g_mutex_unlock (&photos.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  g_main_loop_run (photos.loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (photos.context);
  return NULL;
}

static void
photo_server_start (void)
{
  g_autofree char *data = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (photo, &data, &size, NULL));
  photos.photo = g_bytes_new_take (g_steal_pointer (&data), size);
  photos.context = g_main_context_new ();
  photos.loop = g_main_loop_new (photos.context, FALSE);
  g_mutex_lock (&photos.lock);
  photos.thread = g_thread_new ("photo-server", photo_server_thread, NULL);
  while (photos.base == NULL)
    g_cond_wait (&photos.ready, &photos.lock);
  g_mutex_unlock (&photos.lock);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (photos.loop);
  return G_SOURCE_REMOVE;
}

static void
photo_server_stop (void)
{
  g_main_context_invoke (photos.context, quit_cb, NULL);
  g_thread_join (photos.thread);
  g_main_loop_unref (photos.loop);
  g_main_context_unref (photos.context);
  g_bytes_unref (photos.photo);
  g_free (photos.base);
}

static char *
photo_url (const char *path)
{
  return g_strconcat (photos.base, path, NULL);
}

/* Baidu's "url": a photo on 127.0.0.1 is refused, unless
 * --allow-private-urls; then it is the same cut-out as the file's. */
static void
test_baidu_url (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", "--allow-private-urls", NULL };
  g_autofree char *url = photo_url ("/redirect/2");
  g_autofree char *missing_url = photo_url ("/missing.jpg");
  g_autofree char *json = g_strdup_printf ("{\"url\":\"%s\"}", url);
  g_autofree char *missing_json = g_strdup_printf ("{\"url\":\"%s\"}", missing_url);
  g_autoptr (JsonObject) refused = NULL;
  g_autoptr (JsonObject) accepted = NULL;
  g_autoptr (JsonObject) missing = NULL;
  g_autoptr (JsonObject) not_url = NULL;

  {
    g_autoptr (Server) server = server_start ();
    refused = baidu (server, "", json);
  }
  {
    g_autoptr (Server) server = server_start_with (args);
    accepted = baidu (server, "", json);
    missing = baidu (server, "", missing_json);
    not_url = baidu (server, "", "{\"url\":\"file:///etc/passwd\"}");
  }
  assert_baidu_error (refused, 282113, "url response invalid");
  g_assert_nonnull (strstr (json_object_get_string_member (refused, "error_msg"), "refused"));
  assert_same_as (json_object_get_string_member (accepted, "image"), reference, 6);
  assert_baidu_error (missing, 282113, "url response invalid");
  g_assert_nonnull (strstr (json_object_get_string_member (missing, "error_msg"), "404"));
  assert_baidu_error (not_url, 282111, "url format illegal");
}

/* cutout-cli URL: downloaded, cut out into -d; refused on 127.0.0.1
 * without --allow-private-urls; errors name the URL and the status; more
 * than 5 redirects and a file over the cap are refused. */
static void
test_cli_url (void)
{
  g_autofree char *url = photo_url ("/redirect/5");
  g_autofree char *missing = photo_url ("/missing.jpg");
  g_autofree char *loop = photo_url ("/redirect/6");
  g_autofree char *big = photo_url ("/big");
  g_autofree char *dir = g_build_filename (workdir, "from-urls", NULL);
  /* Named after the URL given, as a file would be. */
  g_autofree char *out = g_build_filename (dir, "5-cutout.png", NULL);
  g_auto (CutoutCliResult) refused = cutout_test_run_cli ("-q", "-d", dir, url, NULL);
  g_auto (CutoutCliResult) ok
      = cutout_test_run_cli ("-q", "--allow-private-urls", "-d", dir, url, NULL);
  g_auto (CutoutCliResult) bad
      = cutout_test_run_cli ("-q", "--allow-private-urls", "-d", dir, missing, loop, big, NULL);

  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, url));
  g_assert_nonnull (strstr (refused.err, "refused: 127.0.0.1"));
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  {
    g_autoptr (CutoutImage) got = cutout_decode_file (out, NULL);
    g_autoptr (CutoutImage) want = cutout_decode_file (reference, NULL);
    g_assert_cmpint (got->width, ==, want->width);
    g_assert_cmpmem (got->pixels, (gsize) got->width * got->height * 4, want->pixels,
                     (gsize) want->width * want->height * 4);
  }
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, missing));
  g_assert_nonnull (strstr (bad.err, "HTTP 404"));
  g_assert_nonnull (strstr (bad.err, "more than 5 redirects"));
  g_assert_nonnull (strstr (bad.err, "over 32 MiB"));
}

/* The chat completion's answer: shaped as 003's, its content the URL of
 * a PNG on the server that is the same cut-out as cutout-cli's. */
static void
assert_completion (Server *server, const char *json)
{
  g_autoptr (JsonObject) answer = parse_object (json, -1);
  JsonArray *choices = json_object_get_array_member (answer, "choices");
  JsonObject *choice = json_array_get_object_element (choices, 0);
  JsonObject *message = json_object_get_object_member (choice, "message");
  JsonObject *usage = json_object_get_object_member (answer, "usage");
  const char *url = json_object_get_string_member (message, "content");
  g_autoptr (GBytes) png = NULL;
  g_autofree char *base64 = NULL;
  guint status;

  g_assert_cmpstr (json_object_get_string_member (answer, "object"), ==, "chat.completion");
  g_assert_cmpstr (json_object_get_string_member (answer, "model"), ==, "remove-bg");
  g_assert_true (json_object_has_member (answer, "id"));
  g_assert_cmpint (json_object_get_int_member (answer, "created"), >, 1700000000);
  g_assert_cmpuint (json_array_get_length (choices), ==, 1);
  g_assert_cmpint (json_object_get_int_member (choice, "index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (choice, "finish_reason"), ==, "stop");
  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, "assistant");
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "total_tokens"), ==, 0);
  g_assert_true (g_str_has_prefix (url, server->base));
  g_assert_true (g_str_has_suffix (url, ".png"));
  png = request (url, NULL, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  assert_same_as (base64, reference, 6);
}

static char *
seed_hosts (const char *seed, Server *server)
{
  g_autofree char *photo_host = photo_url ("");
  g_autofree char *a = replace (seed, "https://api.xty.app", server->base);
  return replace (a, "https://file.xty.app", photo_host);
}

static Server *
server_for_seeds (void)
{
  /* The photo is on 127.0.0.1, as the server is. */
  const char *args[] = { "--listen", "127.0.0.1:0", "--allow-private-urls", NULL };
  return server_start_with (args);
}

/* 003's curl line, its hosts changed (the photo's too: to the test's
 * photo server). */
static void
test_openai_seed_curl (void)
{
  g_autoptr (Server) server = server_for_seeds ();
  const char *seed = "curl https://api.xty.app/v1/chat/completions \\\n"
                     "  -H \"Content-Type: application/json\" \\\n"
                     "  -H \"Authorization: Bearer sk-xxxxx\" \\\n"
                     "  -d '{\n"
                     "    \"model\": \"remove-bg\",\n"
                     "    \"messages\": [\n"
                     "      {\n"
                     "        \"role\": \"user\",\n"
                     "        \"content\": [\n"
                     "          {\"type\": \"text\", \"text\": \"a person\"},\n"
                     "          {\n"
                     "            \"type\": \"image_url\",\n"
                     "            \"image_url\": {\n"
                     "              \"url\": \"https://file.xty.app/docs/msk.jpg\"\n"
                     "            }\n"
                     "          }\n"
                     "        ]\n"
                     "      }\n"
                     "    ]\n"
                     "  }'";
  g_autofree char *line = seed_hosts (seed, server);
  g_autofree char *out = run_script ("sh", "-c", line);

  assert_completion (server, out);
}

/* 003's Python requests code; print() gives JSON here. */
static void
test_openai_seed_python (void)
{
  g_autoptr (Server) server = server_for_seeds ();
  const char *seed = "import requests\n"
                     "import json\n"
                     "\n"
                     "url = \"https://api.xty.app/v1/chat/completions\"\n"
                     "headers = {\n"
                     "    \"Content-Type\": \"application/json\",\n"
                     "    \"Authorization\": \"Bearer sk-xxxxx\"\n"
                     "}\n"
                     "data = {\n"
                     "    \"model\": \"remove-bg\",\n"
                     "    \"messages\": [\n"
                     "        {\n"
                     "            \"role\": \"user\",\n"
                     "            \"content\": [\n"
                     "                {\"type\": \"text\", \"text\": \"a person\"},\n"
                     "                {\n"
                     "                    \"type\": \"image_url\",\n"
                     "                    \"image_url\": {\n"
                     "                        \"url\": \"https://file.xty.app/docs/msk.jpg\"\n"
                     "                    }\n"
                     "                }\n"
                     "            ]\n"
                     "        }\n"
                     "    ]\n"
                     "}\n"
                     "\n"
                     "response = requests.post(url, headers=headers, data=json.dumps(data))\n"
                     "print(response.json())\n";
  g_autofree char *code = seed_hosts (seed, server);
  g_autofree char *script = g_strconcat ("import json as _json, sys as _sys\n"
                                         "print = lambda x: _sys.stdout.write(_json.dumps(x))\n",
                                         code, NULL);
  g_autofree char *out = run_script ("/usr/bin/python3", "-c", script);

  assert_completion (server, out);
}

/* 003's JavaScript fetch, run by node; console.log gives JSON here. */
static void
test_openai_seed_javascript (void)
{
  g_autoptr (Server) server = server_for_seeds ();
  const char *seed = "fetch('https://api.xty.app/v1/chat/completions', {\n"
                     "  method: 'POST',\n"
                     "  headers: {\n"
                     "    'Content-Type': 'application/json',\n"
                     "    'Authorization': 'Bearer sk-xxxxx'\n"
                     "  },\n"
                     "  body: JSON.stringify({\n"
                     "    model: \"remove-bg\",\n"
                     "    messages: [\n"
                     "      {\n"
                     "        role: \"user\",\n"
                     "        content: [\n"
                     "          {type: \"text\", text: \"a person\"},\n"
                     "          {\n"
                     "            type: \"image_url\",\n"
                     "            image_url: {\n"
                     "              url: \"https://file.xty.app/docs/msk.jpg\"\n"
                     "            }\n"
                     "          }\n"
                     "        ]\n"
                     "      }\n"
                     "    ]\n"
                     "  })\n"
                     "})\n"
                     ".then(response => response.json())\n"
                     ".then(data => console.log(data));\n";
  g_autofree char *code = seed_hosts (seed, server);
  g_autofree char *script
      = g_strconcat ("console.log = (x) => process.stdout.write(JSON.stringify(x));\n", code, NULL);
  g_autofree char *out = run_script ("node", "-e", script);

  assert_completion (server, out);
}

/* An OpenAI error: the status and {"error": {"message", "type", "param",
 * "code"}}. */
static void
assert_openai_error (Server *server,
                     const char *json,
                     const char *const *headers,
                     guint want_status,
                     const char *want_code)
{
  g_autofree char *url = g_strdup_printf ("%s/v1/chat/completions", server->base);
  g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (JsonObject) object = NULL;
  JsonObject *error;
  guint status;

  answer = request (url, "application/json", body, headers, &status);
  g_assert_cmpuint (status, ==, want_status);
  object = parse_object (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  error = json_object_get_object_member (object, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "type"), ==, "invalid_request_error");
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_true (json_object_has_member (error, "param"));
  if (want_code)
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, want_code);
}

#define CHAT(content)                                                                              \
  "{\"model\":\"remove-bg\",\"messages\":[{\"role\":\"user\",\"content\":[" content "]}]}"

/* A data: URL works; errors; /v1/models; the key as a Bearer token;
 * a photo on 127.0.0.1 refused without --allow-private-urls. */
static void
test_openai_more (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", "--api-key", "sk-local", NULL };
  g_autoptr (Server) server = server_start_with (args);
  const char *key[] = { "Authorization", "Bearer sk-local", NULL };
  const char *wrong[] = { "Authorization", "Bearer sk-xxxxx", NULL };
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *data_json
      = g_strdup_printf (CHAT ("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/"
                               "jpeg;base64,%s\"}}"),
                         b64);
  g_autofree char *private_url = photo_url ("/sheep.jpg");
  g_autofree char *private_json = g_strdup_printf (
      CHAT ("{\"type\":\"image_url\",\"image_url\":{\"url\":\"%s\"}}"), private_url);
  g_autofree char *chat = g_strdup_printf ("%s/v1/chat/completions", server->base);
  g_autofree char *models_url = g_strdup_printf ("%s/v1/models", server->base);
  g_autoptr (GBytes) body = g_bytes_new (data_json, strlen (data_json));
  g_autoptr (GBytes) answer = NULL;
  g_autoptr (GBytes) models = NULL;
  g_autoptr (JsonObject) list = NULL;
  g_autofree char *text = NULL;
  guint status;

  answer = request (chat, "application/json", body, key, &status);
  g_assert_cmpuint (status, ==, 200);
  text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  assert_completion (server, text);
  assert_openai_error (server, CHAT ("{\"type\":\"text\",\"text\":\"a person\"}"), key, 400, NULL);
  assert_openai_error (server, "{\"model\":\"gpt-4o\",\"messages\":[]}", key, 404,
                       "model_not_found");
  assert_openai_error (server, "not json", key, 400, NULL);
  assert_openai_error (server, data_json, wrong, 401, "invalid_api_key");
  assert_openai_error (server, data_json, NULL, 401, "invalid_api_key");
  assert_openai_error (server, private_json, key, 400, NULL);
  models = request (models_url, NULL, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  list = parse_object (g_bytes_get_data (models, NULL), g_bytes_get_size (models));
  g_assert_cmpstr (
      json_object_get_string_member (
          json_array_get_object_element (json_object_get_array_member (list, "data"), 0), "id"),
      ==, "remove-bg");
}

/* Writes @bytes (a PNG) beside the references and checks it as one. */
static void
assert_png_same_as (GBytes *png, const char *expected, int color_type)
{
  g_autofree char *base64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));

  assert_same_as (base64, expected, color_type);
}

/* rembg's server API as its README calls it: curl -F file=@…, Python
 * requests with files=, GET ?url=, om for the mask; errors as FastAPI's
 * {"detail"}. */
static void
test_rembg (void)
{
  g_autoptr (Server) server = server_for_seeds ();
  g_autofree char *out = g_build_filename (workdir, "rembg.png", NULL);
  g_autofree char *curl
      = g_strdup_printf ("curl -s -f -F file=@%s %s/api/remove -o %s", photo, server->base, out);
  g_autofree char *python = g_strdup_printf (
      "import requests, sys\n"
      "r = requests.post('%s/api/remove', files={'file': open('%s', 'rb')}, data={'om': 'true'})\n"
      "r.raise_for_status()\n"
      "sys.stdout.buffer.write(r.content)\n",
      server->base, photo);
  g_autofree char *sheep = photo_url ("/sheep.jpg");
  g_autofree char *escaped = g_uri_escape_string (sheep, NULL, FALSE);
  g_autofree char *get_url = g_strdup_printf ("%s/api/remove?url=%s", server->base, escaped);
  g_autofree char *post_url = g_strdup_printf ("%s/api/remove", server->base);
  g_autofree char *curl_out = run_script ("sh", "-c", curl);
  g_autoptr (GBytes) mask = NULL;
  g_autoptr (GBytes) got = NULL;
  g_autoptr (GBytes) no_url = NULL;
  g_autoptr (GBytes) no_file = NULL;
  g_autoptr (GBytes) empty = g_bytes_new_static ("x", 1);
  g_autofree char *data = NULL;
  gsize size;
  guint status;

  g_assert_true (g_file_get_contents (out, &data, &size, NULL));
  {
    g_autoptr (GBytes) png = g_bytes_new_take (g_steal_pointer (&data), size);
    assert_png_same_as (png, reference, 6);
  }
  {
    /* The script's stdout is binary: read as it is. */
    const char *argv[] = { "/usr/bin/python3", "-c", python, NULL };
    g_autoptr (GSubprocess) p = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, NULL);
    g_autoptr (GBytes) stdout_bytes = NULL;
    g_assert_true (g_subprocess_communicate (p, NULL, NULL, &stdout_bytes, NULL, NULL));
    g_assert_true (g_subprocess_get_successful (p));
    mask = g_bytes_ref (stdout_bytes);
  }
  assert_png_same_as (mask, reference_mask, 0);
  got = request (get_url, NULL, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  assert_png_same_as (got, reference, 6);
  no_url = request (post_url, NULL, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  no_file = request (post_url, "application/x-www-form-urlencoded", empty, NULL, &status);
  g_assert_cmpuint (status, ==, 422);
  {
    g_autofree char *text
        = g_strndup (g_bytes_get_data (no_file, NULL), g_bytes_get_size (no_file));
    g_autoptr (JsonObject) detail = parse_object (text, -1);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (detail, "detail"), "file"));
  }
}

static void
assert_removebg_error (GBytes *answer, guint status, guint want_status, const char *want_code)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  g_autoptr (JsonObject) object = parse_object (text, -1);
  JsonObject *error
      = json_array_get_object_element (json_object_get_array_member (object, "errors"), 0);

  g_assert_cmpuint (status, ==, want_status);
  g_assert_nonnull (json_object_get_string_member (error, "title"));
  g_assert_nonnull (json_object_get_string_member (error, "detail"));
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, want_code);
}

/* remove.bg's own Python example (its key and host changed), JSON with
 * image_file_b64 and Accept: application/json, jpg on bg_color, alpha,
 * image_url, X-Width and X-Height, errors as {"errors": [...]}. */
static void
test_removebg (void)
{
  const char *args[]
      = { "--listen", "127.0.0.1:0", "--api-key", "rb-key", "--allow-private-urls", NULL };
  g_autoptr (Server) server = server_start_with (args);
  g_autofree char *out = g_build_filename (workdir, "no-bg.png", NULL);
  g_autofree char *python
      = g_strdup_printf ("import requests\n"
                         "response = requests.post(\n"
                         "    '%s/v1.0/removebg',\n"
                         "    files={'image_file': open('%s', 'rb')},\n"
                         "    data={'size': 'auto'},\n"
                         "    headers={'X-Api-Key': 'rb-key'},\n"
                         ")\n"
                         "if response.status_code == requests.codes.ok:\n"
                         "    with open('%s', 'wb') as out:\n"
                         "        out.write(response.content)\n"
                         "else:\n"
                         "    print(\"Error:\", response.status_code, response.text)\n",
                         server->base, photo, out);
  g_autofree char *py_out = run_script ("/usr/bin/python3", "-c", python);
  g_autofree char *url = g_strdup_printf ("%s/v1.0/removebg", server->base);
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image_file_b64\":\"%s\",\"size\":\"full\"}", b64);
  g_autofree char *sheep = photo_url ("/sheep.jpg");
  g_autofree char *alpha_json
      = g_strdup_printf ("{\"image_url\":\"%s\",\"channels\":\"alpha\"}", sheep);
  g_autofree char *jpg_json = g_strdup_printf (
      "{\"image_file_b64\":\"%s\",\"format\":\"jpg\",\"bg_color\":\"ff0000\"}", b64);
  const char *key[] = { "X-Api-Key", "rb-key", "Accept", "application/json", NULL };
  const char *raw[] = { "X-Api-Key", "rb-key", NULL };
  const char *wrong[] = { "X-Api-Key", "nope", NULL };
  guint status;
  g_autofree char *data = NULL;
  gsize size;

  g_assert_cmpstr (py_out, ==, "");
  g_assert_true (g_file_get_contents (out, &data, &size, NULL));
  {
    g_autoptr (GBytes) png = g_bytes_new_take (g_steal_pointer (&data), size);
    assert_png_same_as (png, reference, 6);
  }
  {
    g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
    g_autoptr (GBytes) answer = request (url, "application/json", body, key, &status);
    g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
    g_autoptr (JsonObject) object = parse_object (text, -1);
    JsonObject *result = json_object_get_object_member (object, "data");
    g_assert_cmpuint (status, ==, 200);
    assert_same_as (json_object_get_string_member (result, "result_b64"), reference, 6);
  }
  {
    g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr (GBytes) body = g_bytes_new (alpha_json, strlen (alpha_json));
    g_autoptr (GBytes) answer = NULL;
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Api-Key", "rb-key");
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    answer = soup_session_send_and_read (session, msg, NULL, NULL);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
    g_assert_cmpstr (
        soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Width"), ==,
        "513");
    g_assert_cmpstr (
        soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL), ==,
        "image/png");
    assert_png_same_as (answer, reference_mask, 0);
  }
  {
    /* On red: the background of the corner is red, the subject opaque. */
    g_autoptr (GBytes) body = g_bytes_new (jpg_json, strlen (jpg_json));
    g_autoptr (GBytes) answer = request (url, "application/json", body, raw, &status);
    g_autoptr (CutoutImage) image = cutout_decode_bytes (answer, NULL);
    const guint8 *corner = image->pixels;
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpmem (g_bytes_get_data (answer, NULL), 2, "\xff\xd8", 2);
    g_assert_cmpint (corner[0], >, 200);
    g_assert_cmpint (corner[1], <, 60);
  }
  {
    g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
    g_autoptr (GBytes) none = g_bytes_new_static ("{\"size\":\"auto\"}", 15);
    g_autoptr (GBytes) forbidden = request (url, "application/json", body, wrong, &status);
    assert_removebg_error (forbidden, status, 403, "auth_failed");
    g_clear_pointer (&forbidden, g_bytes_unref);
    forbidden = request (url, "application/json", none, raw, &status);
    assert_removebg_error (forbidden, status, 400, "missing_source");
  }
}

/* remove.bg's request with @options (JSON members after the image), its
 * status in @status and its headers in @headers (or NULL). */
static GBytes *
removebg_shaped (Server *server, const char *options, guint *status, SoupMessageHeaders **headers)
{
  g_autofree char *url = g_strdup_printf ("%s/v1.0/removebg", server->base);
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image_file_b64\":\"%s\",%s}", b64, options);
  g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GError) error = NULL;
  GBytes *answer;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (headers != NULL)
    *headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return answer;
}

/* The bounds of what is over 5 % opaque in @rgba. */
static void
alpha_bounds (const CutoutImage *rgba, int *x1, int *y1, int *x2, int *y2)
{
  *x1 = rgba->width, *y1 = rgba->height, *x2 = -1, *y2 = -1;
  for (int y = 0; y < rgba->height; y++)
    for (int x = 0; x < rgba->width; x++)
      if (cutout_image_row (rgba, y)[4 * x + 3] > 13)
        *x1 = MIN (*x1, x), *y1 = MIN (*y1, y), *x2 = MAX (*x2, x), *y2 = MAX (*y2, y);
  g_assert_cmpint (*x2, >=, 0);
}

/* The mean difference of @got's alpha from @want's, @got's (0, 0) at @want's
 * (@dx, @dy), outside @want taken as 0; @got's channel @c (3: alpha, 0: a
 * grey mask). */
static double
alpha_difference (const CutoutImage *got, int c, const CutoutImage *want, int dx, int dy)
{
  guint64 diff = 0;

  for (int y = 0; y < got->height; y++)
    for (int x = 0; x < got->width; x++)
      {
        int wx = x + dx, wy = y + dy;
        int w = wx >= 0 && wy >= 0 && wx < want->width && wy < want->height
                    ? cutout_image_row (want, wy)[4 * wx + 3]
                    : 0;
        diff += ABS (cutout_image_row (got, y)[got->n_channels * x + c] - w);
      }
  return (double) diff / ((double) got->width * got->height);
}

/* remove.bg's size, crop, crop_margin and format zip: the result shrunk to
 * the size's megapixels, cropped to the subject with the margins asked
 * for (transparent beyond the photo), or a ZIP of color.jpg and alpha.png;
 * the subject's bounds in the headers and the JSON. */
static void
test_removebg_shape (void)
{
  g_autoptr (Server) server = server_start ();
  g_autoptr (CutoutImage) want = NULL;
  g_autofree char *zip_path = g_build_filename (workdir, "removebg.zip", NULL);
  g_autofree char *unzip = NULL;
  int x1, y1, x2, y2;
  guint status;

  {
    /* The full-size cut-out, as it is: what the others are made from. */
    g_autoptr (GBytes) answer = removebg_shaped (server, "\"size\":\"full\"", &status, NULL);
    g_assert_cmpuint (status, ==, 200);
    assert_png_same_as (answer, reference, 6);
    want = cutout_decode_bytes (answer, NULL);
  }
  alpha_bounds (want, &x1, &y1, &x2, &y2);
  {
    SoupMessageHeaders *headers = NULL;
    g_autoptr (GBytes) answer = removebg_shaped (server, "\"size\":\"preview\"", &status, &headers);
    g_autoptr (CutoutImage) got = cutout_decode_bytes (answer, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint ((gint64) got->width * got->height, <=, 250000);
    g_assert_cmpint ((gint64) got->width * got->height, >, 240000);
    g_assert_cmpint (ABS (got->width * want->height - got->height * want->width), <=,
                     want->width + want->height);
    g_assert_cmpint (atoi (soup_message_headers_get_one (headers, "X-Width")), ==, got->width);
    soup_message_headers_unref (headers);
  }
  {
    SoupMessageHeaders *headers = NULL;
    g_autoptr (GBytes) answer = removebg_shaped (
        server, "\"crop\":true,\"crop_margin\":\"10px 20px\"", &status, &headers);
    g_autoptr (CutoutImage) got = cutout_decode_bytes (answer, NULL);
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpint (got->width, ==, x2 - x1 + 1 + 40);
    g_assert_cmpint (got->height, ==, y2 - y1 + 1 + 20);
    g_assert_cmpfloat (alpha_difference (got, 3, want, x1 - 20, y1 - 10), <, 0.01);
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Foreground-Top"), ==, "10");
    g_assert_cmpstr (soup_message_headers_get_one (headers, "X-Foreground-Left"), ==, "20");
    soup_message_headers_unref (headers);
  }
  {
    g_autoptr (GBytes) answer = removebg_shaped (server, "\"format\":\"zip\"", &status, NULL);
    g_autofree char *script = g_strdup_printf ("import zipfile\n"
                                               "z = zipfile.ZipFile('%s')\n"
                                               "print(' '.join(z.namelist()), end='')\n"
                                               "z.extractall('%s')\n",
                                               zip_path, workdir);
    g_autofree char *color = g_build_filename (workdir, "color.jpg", NULL);
    g_autofree char *alpha = g_build_filename (workdir, "alpha.png", NULL);
    g_autoptr (CutoutImage) got_color = NULL;
    g_autoptr (CutoutImage) got_alpha = NULL;
    g_assert_cmpuint (status, ==, 200);
    g_assert_true (g_file_set_contents (zip_path, g_bytes_get_data (answer, NULL),
                                        g_bytes_get_size (answer), NULL));
    unzip = run_script ("/usr/bin/python3", "-c", script);
    g_assert_cmpstr (unzip, ==, "color.jpg alpha.png");
    got_color = cutout_decode_file (color, NULL);
    got_alpha = cutout_decode_file (alpha, NULL);
    g_assert_nonnull (got_color);
    g_assert_cmpint (got_color->width, ==, want->width);
    g_assert_cmpint (got_color->height, ==, want->height);
    g_assert_cmpfloat (alpha_difference (got_alpha, 0, want, 0, 0), <, 0.01);
  }
  {
    g_autoptr (GBytes) answer = removebg_shaped (server, "\"crop_margin\":\"60%\"", &status, NULL);
    assert_removebg_error (answer, status, 400, "invalid_parameters");
    g_clear_pointer (&answer, g_bytes_unref);
    answer = removebg_shaped (server, "\"size\":\"huge\"", &status, NULL);
    assert_removebg_error (answer, status, 400, "invalid_parameters");
  }
}

/* Requests sent at once, on the test's main context. */
typedef struct
{
  guint n_left;
  guint status[16];
  GBytes *answer[16];
} Batch;

typedef struct
{
  Batch *batch;
  guint index;
  SoupMessage *msg;
} Sent;

static void
batch_sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Sent *sent = data;
  g_autoptr (GError) error = NULL;

  sent->batch->answer[sent->index]
      = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
  sent->batch->status[sent->index] = soup_message_get_status (sent->msg);
  sent->batch->n_left--;
  g_object_unref (sent->msg);
  g_free (sent);
}

/* POSTs @json to @path @n times at once, on connections of their own. */
static void
batch_send (Batch *batch,
            SoupSession *parallel,
            Server *server,
            const char *path,
            const char *json,
            guint n)
{
  g_autofree char *url = g_strconcat (server->base, path, NULL);

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (batch->status));
  batch->n_left = n;
  for (guint i = 0; i < n; i++)
    {
      Sent *sent = g_new0 (Sent, 1);
      g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
      sent->batch = batch;
      sent->index = i;
      sent->msg = soup_message_new ("POST", url);
      soup_message_set_request_body_from_bytes (sent->msg, "application/json", body);
      soup_session_send_and_read_async (parallel, sent->msg, G_PRIORITY_DEFAULT, NULL,
                                        batch_sent_cb, sent);
    }
}

static void
batch_wait (Batch *batch)
{
  while (batch->n_left > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
batch_clear (Batch *batch, guint n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&batch->answer[i], g_bytes_unref);
}

static SoupSession *
parallel_session (void)
{
  return soup_session_new_with_options ("timeout", 600, "max-conns", 64, "max-conns-per-host", 64,
                                        NULL);
}

/* 8 clients at once: every one gets its own photo's mask, right. */
static void
test_concurrent (void)
{
  g_autoptr (Server) server = server_start ();
  g_autoptr (SoupSession) parallel = parallel_session ();
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image\":\"%s\",\"return_form\":\"mask\"}", b64);
  Batch batch = { 0 };

  batch_send (&batch, parallel, server, SEGMENT, json, 8);
  batch_wait (&batch);
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (batch.answer[i], NULL),
                                         g_bytes_get_size (batch.answer[i]));
      g_autoptr (JsonObject) answer = parse_object (text, -1);
      g_assert_cmpuint (batch.status[i], ==, 200);
      assert_same_as (json_object_get_string_member (answer, "image"), reference_mask, 0);
    }
  batch_clear (&batch, 8);
}

/* Beyond --max-waiting: "too many requests" in each API's shape (Baidu's
 * error 18, 429 for the others), while the others are answered. */
static void
test_too_many (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", "--max-waiting", "1", NULL };
  g_autoptr (Server) server = server_start_with (args);
  g_autoptr (SoupSession) parallel = parallel_session ();
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *baidu_json = g_strdup_printf ("{\"image\":\"%s\"}", b64);
  g_autofree char *chat_json = g_strdup_printf (
      CHAT ("{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,%s\"}}"), b64);
  g_autofree char *removebg_json = g_strdup_printf ("{\"image_file_b64\":\"%s\"}", b64);
  struct
  {
    const char *path, *json;
  } apis[] = { { SEGMENT, baidu_json },
               { "/v1/chat/completions", chat_json },
               { "/v1.0/removebg", removebg_json } };

  for (guint a = 0; a < G_N_ELEMENTS (apis); a++)
    {
      Batch batch = { 0 };
      guint n_ok = 0, n_busy = 0;

      batch_send (&batch, parallel, server, apis[a].path, apis[a].json, 4);
      batch_wait (&batch);
      for (guint i = 0; i < 4; i++)
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (batch.answer[i], NULL),
                                             g_bytes_get_size (batch.answer[i]));
          /* remove.bg's answer is the image itself: JSON only when refused. */
          g_autoptr (JsonObject) answer
              = a == 0 || batch.status[i] == 429 ? parse_object (text, -1) : NULL;
          gboolean busy
              = a == 0 ? json_object_has_member (answer, "error_code") : batch.status[i] == 429;
          if (a == 0 && busy)
            assert_baidu_error (answer, 18, "Open api qps request limit reached");
          else if (a == 1 && busy)
            g_assert_cmpstr (json_object_get_string_member (
                                 json_object_get_object_member (answer, "error"), "code"),
                             ==, "rate_limit_exceeded");
          else if (a == 2 && busy)
            g_assert_cmpstr (json_object_get_string_member (
                                 json_array_get_object_element (
                                     json_object_get_array_member (answer, "errors"), 0),
                                 "code"),
                             ==, "rate_limit_exceeded");
          else
            g_assert_cmpuint (batch.status[i], ==, 200);
          busy ? n_busy++ : n_ok++;
        }
      g_assert_cmpuint (n_ok, >=, 1);
      g_assert_cmpuint (n_busy, >=, 1);
      batch_clear (&batch, 4);
    }
}

/* The body cap for the other APIs: 413 in their shapes. */
static void
test_body_cap (void)
{
  g_autoptr (Server) server = server_start ();
  gsize big = 33 * 1024 * 1024;
  g_autoptr (GBytes) body = g_bytes_new_take (g_malloc0 (big), big);
  const char *paths[] = { "/v1/chat/completions", "/v1.0/removebg", "/api/remove" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strconcat (server->base, paths[i], NULL);
      guint status;
      g_autoptr (GBytes) answer = request (url, "application/json", body, NULL, &status);
      g_autofree char *text
          = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
      g_autoptr (JsonObject) object = parse_object (text, -1);
      g_assert_cmpuint (status, ==, 413);
      g_assert_true (json_object_has_member (object, i == 0   ? "error"
                                                     : i == 1 ? "errors"
                                                              : "detail"));
    }
}

/* /healthz's "waiting", and its status in @status. */
static gint64
healthz_waiting (Server *server, guint *status)
{
  g_autofree char *url = g_strdup_printf ("%s/healthz", server->base);
  g_autoptr (GBytes) answer = request (url, NULL, NULL, NULL, status);
  gsize size;
  const char *data = g_bytes_get_data (answer, &size);
  g_autoptr (JsonObject) health = parse_object (data, size);

  return json_object_get_int_member (health, "waiting");
}

/* Waits (iterating the main context, where @batch's answers come) until
 * /healthz answers @status with @waiting requests waiting. */
static void
wait_for_health (Server *server, guint want_status, gint64 want_waiting)
{
  gint64 waiting = -1;
  guint status = 0;

  for (int i = 0; i < 600 && (status != want_status || waiting != want_waiting); i++)
    {
      if (i > 0)
        g_usleep (50000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      waiting = healthz_waiting (server, &status);
    }
  g_assert_cmpuint (status, ==, want_status);
  g_assert_cmpint (waiting, ==, want_waiting);
}

/* rembg's GET ?url= for the photo server's slow photo, sent on @parallel:
 * a request whose fetch takes SLOW_PHOTO_SECONDS; returns once the fetch
 * has begun, having checked that /healthz counts it as waiting. */
static void
send_slow_fetch (Batch *batch, SoupSession *parallel, Server *server)
{
  g_autofree char *slow = photo_url ("/slow.jpg");
  g_autofree char *escaped = g_uri_escape_string (slow, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("%s/api/remove?url=%s", server->base, escaped);
  Sent *sent = g_new0 (Sent, 1);
  int n_slow = g_atomic_int_get (&photos.n_slow);
  guint status;

  batch->n_left = 1;
  sent->batch = batch;
  sent->msg = soup_message_new ("GET", url);
  soup_session_send_and_read_async (parallel, sent->msg, G_PRIORITY_DEFAULT, NULL, batch_sent_cb,
                                    sent);
  /* Its fetch has begun; while it is under way, it is one waiting. */
  for (int i = 0; i < 1200 && g_atomic_int_get (&photos.n_slow) == n_slow; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
  g_assert_cmpint (g_atomic_int_get (&photos.n_slow), ==, n_slow + 1);
  g_assert_cmpint (healthz_waiting (server, &status), ==, 1);
}

/* A URL being fetched takes a place among the waiting: with
 * --max-waiting 1, a photo sent meanwhile is refused; the fetched one is
 * then cut out. */
static void
test_fetch_waits (void)
{
  const char *args[]
      = { "--listen", "127.0.0.1:0", "--allow-private-urls", "--max-waiting", "1", NULL };
  g_autoptr (Server) server = server_start_with (args);
  g_autoptr (SoupSession) parallel = parallel_session ();
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image\":\"%s\"}", b64);
  g_autoptr (JsonObject) refused = NULL;
  Batch batch = { 0 };

  send_slow_fetch (&batch, parallel, server);
  refused = baidu (server, "", json);
  assert_baidu_error (refused, 18, "Open api qps request limit reached");
  batch_wait (&batch);
  g_assert_cmpuint (batch.status[0], ==, 200);
  assert_png_same_as (batch.answer[0], reference, 6);
  batch_clear (&batch, 1);
  wait_for_health (server, 200, 0);
}

/* SIGTERM while a request is under way (its photo being fetched): new
 * requests are turned away with 503, the one under way is answered in
 * full, and then the server stops with 128 + 15. */
static void
test_sigterm_in_flight (void)
{
  g_autoptr (Server) server = server_for_seeds ();
  g_autoptr (SoupSession) parallel = parallel_session ();
  g_autofree char *url = g_strdup_printf ("%s/v1.0/removebg", server->base);
  g_autofree char *b64 = photo_base64 ();
  g_autofree char *json = g_strdup_printf ("{\"image_file_b64\":\"%s\"}", b64);
  g_autoptr (GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr (GBytes) refused = NULL;
  Batch batch = { 0 };
  guint status;

  send_slow_fetch (&batch, parallel, server);
  g_subprocess_send_signal (server->process, SIGTERM);
  wait_for_health (server, 503, 1);
  refused = request (url, "application/json", body, NULL, &status);
  assert_removebg_error (refused, status, 503, "unavailable");
  batch_wait (&batch);
  g_assert_cmpuint (batch.status[0], ==, 200);
  assert_png_same_as (batch.answer[0], reference, 6);
  batch_clear (&batch, 1);
  /* It stops by itself (server_stop() then finds it gone and checks 143). */
  g_assert_true (wait_for_exit (server, 60));
}

/* Connects to @server, sends @text, and says whether the server then
 * closed the connection (rather than leaving it open for a minute). */
static gboolean
cut_off_after (Server *server, const char *text)
{
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  char buffer[256];
  gssize n;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (connection), 60);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)), text,
                             strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
  n = g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer,
                           sizeof buffer, NULL, &error);
  /* Closed by the server: nothing read, or the connection reset. */
  return n <= 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
}

/* --client-timeout: a client that sends nothing, or stops halfway through
 * its headers or its body, is cut off; and the server still stops at once
 * on SIGTERM (a connection timed out is not left counted as open). */
static void
test_slow_client (void)
{
  const char *args[] = { "--listen", "127.0.0.1:0", "--client-timeout", "1", NULL };
  g_autoptr (Server) server = server_start_with (args);

  g_assert_true (cut_off_after (server, ""));
  g_assert_true (cut_off_after (server, "POST /api/remove HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  g_assert_true (cut_off_after (server, "POST /api/remove HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                        "Content-Length: 100000\r\n\r\nnot all of it"));
}

/* data/cutout-serve.service: its ExecStart, with the installed cutout-cli
 * replaced by the built one (and a port of the server's choosing), serves;
 * and what SIGTERM makes it exit with is among its SuccessExitStatus, so
 * that systemd counts a stop as a stop, not a failure. */
static void
test_systemd_unit (void)
{
  g_autoptr (GKeyFile) unit = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *success = NULL;
  g_auto (GStrv) argv = NULL;
  g_auto (GStrv) statuses = NULL;
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  Server *server;
  guint status;
  int exit_status;

  g_key_file_load_from_file (unit, g_getenv ("CUTOUT_SERVE_UNIT"), G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  exec = g_key_file_get_string (unit, "Service", "ExecStart", &error);
  g_assert_no_error (error);
  success = g_key_file_get_string (unit, "Service", "SuccessExitStatus", &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_has_key (unit, "Install", "WantedBy", NULL));
  g_assert_true (g_shell_parse_argv (exec, NULL, &argv, &error));
  g_assert_true (g_str_has_suffix (argv[0], "/cutout-cli"));
  g_assert_cmpstr (argv[1], ==, "--serve");
  /* server_start_with() adds --serve; the unit's other arguments follow. */
  for (guint i = 2; argv[i] != NULL; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, "--listen");
  g_ptr_array_add (args, "127.0.0.1:0");
  g_ptr_array_add (args, NULL);
  server = server_start_with ((const char *const *) args->pdata);
  healthz_waiting (server, &status);
  g_assert_cmpuint (status, ==, 200);
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (wait_for_exit (server, 300));
  exit_status = g_subprocess_get_exit_status (server->process);
  statuses = g_strsplit (success, " ", -1);
  {
    g_autofree char *text = g_strdup_printf ("%d", exit_status);
    g_assert_true (g_strv_contains ((const char *const *) statuses, text));
  }
  server_stop (server);
}

/* Which addresses are not fetched from without --allow-private-urls. */
static void
test_private_addresses (void)
{
  const char *private[]
      = { "127.0.0.1",        "10.1.2.3",  "172.16.0.1", "192.168.1.1", "169.254.1.1",
          "100.64.0.1",       "0.0.0.0",   "::1",        "fe80::1",     "fd00::1",
          "::ffff:127.0.0.1", "224.0.0.1", NULL };
  const char *public[] = { "93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1", NULL };

  for (guint i = 0; private[i] != NULL; i++)
    {
      g_autoptr (GInetAddress) a = g_inet_address_new_from_string (private[i]);
      g_assert_true (cutout_fetch_address_is_private (a));
    }
  for (guint i = 0; public[i] != NULL; i++)
    {
      g_autoptr (GInetAddress) a = g_inet_address_new_from_string (public[i]);
      g_assert_false (cutout_fetch_address_is_private (a));
    }
}

/* The photo the clients send (a JPEG, whose base64 fits on a command line)
 * and cutout-cli's own results for it. */
static void
make_photo (void)
{
  g_autofree char *voc = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc20.png", NULL);
  g_autoptr (CutoutImage) image = cutout_decode_file (voc, NULL);
  g_autoptr (CutoutImage) opaque = cutout_image_new (image->width, image->height, 1);
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;

  memset (opaque->pixels, 255, (gsize) image->width * image->height);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  options.quality = 85;
  photo = g_build_filename (workdir, "sheep.jpg", NULL);
  g_assert_true (cutout_export_file (image, opaque, &options, NULL, voc, photo, NULL, &error));
  g_assert_no_error (error);
  reference = g_build_filename (workdir, "reference.png", NULL);
  reference_mask = g_build_filename (workdir, "reference-mask.png", NULL);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-q", "-o", reference, photo, NULL);
    g_auto (CutoutCliResult) m
        = cutout_test_run_cli ("-q", "--mask", "-o", reference_mask, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpint (m.status, ==, 0);
  }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!cutout_test_require_testdata ())
    return g_test_run ();
  workdir = g_dir_make_tmp ("cutout-test-serve-XXXXXX", NULL);
  session = soup_session_new_with_options ("timeout", 300, NULL);
  make_photo ();
  photo_server_start ();
  g_test_add_func ("/serve/private-addresses", test_private_addresses);
  g_test_add_func ("/serve/healthz", test_healthz);
  g_test_add_func ("/serve/baidu/seed-curl", test_baidu_seed_curl);
  g_test_add_func ("/serve/baidu/seed-python", test_baidu_seed_python);
  g_test_add_func ("/serve/baidu/options", test_baidu_options);
  g_test_add_func ("/serve/baidu/errors", test_baidu_errors);
  g_test_add_func ("/serve/baidu/too-large", test_baidu_too_large);
  g_test_add_func ("/serve/api-key", test_api_key);
  g_test_add_func ("/serve/baidu/url", test_baidu_url);
  g_test_add_func ("/serve/cli-url", test_cli_url);
  g_test_add_func ("/serve/openai/seed-curl", test_openai_seed_curl);
  g_test_add_func ("/serve/openai/seed-python", test_openai_seed_python);
  g_test_add_func ("/serve/openai/seed-javascript", test_openai_seed_javascript);
  g_test_add_func ("/serve/openai/more", test_openai_more);
  g_test_add_func ("/serve/rembg", test_rembg);
  g_test_add_func ("/serve/removebg", test_removebg);
  g_test_add_func ("/serve/removebg/shape", test_removebg_shape);
  g_test_add_func ("/serve/limits/concurrent", test_concurrent);
  g_test_add_func ("/serve/limits/too-many", test_too_many);
  g_test_add_func ("/serve/limits/body-cap", test_body_cap);
  g_test_add_func ("/serve/limits/fetch-waits", test_fetch_waits);
  g_test_add_func ("/serve/limits/slow-client", test_slow_client);
  g_test_add_func ("/serve/sigterm-in-flight", test_sigterm_in_flight);
  g_test_add_func ("/serve/systemd-unit", test_systemd_unit);
  status = g_test_run ();
  photo_server_stop ();
  g_object_unref (session);
  cutout_test_remove_tree (workdir);
  g_free (workdir);
  g_free (photo);
  g_free (reference);
  g_free (reference_mask);
  return status;
}
