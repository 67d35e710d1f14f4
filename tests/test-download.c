/* test-download.c: models downloaded from a local web server, resumed, checked
 *
 * The server (a SoupServer in a thread of its own, so that the synchronous
 * download and cutout-cli can use it too) serves the real isnet-small.onnx
 * under paths that each behave in one way: /ok/ as a web server should,
 * /drop/ breaks the connection after some bytes, /stall/ stops sending and
 * cancels the download, /slow/ trickles, /norange/ ignores Range, /corrupt/
 * has one byte changed, /short/ is cut short (chunked, so no length is
 * announced); anything else is 404.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdio.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-download.h"
#include "cutout-engine.h"
#include "cutout-eval.h"
#include "cutout-testlib.h"

#define MB (1024 * 1024)

typedef struct
{
  GThread *thread;
  GMainContext *context;
  GMainLoop *loop;
  SoupServer *server;
  char *base; /* http://127.0.0.1:PORT */
  GBytes *model;
  GBytes *corrupt;
  GMutex lock;
  GCond ready;
  /* Under the lock: */
  GPtrArray *log;             /* "KIND START" per request, START "-" without a Range */
  gsize stop_after;           /* /drop/ and /stall/: bytes sent before they stop */
  int drops_left;             /* /drop/: requests still to break (then as /ok/) */
  GCancellable *stall_cancel; /* /stall/: cancelled once its bytes are sent */
} Server;

static Server server;
static CutoutModelInfo *small_info; /* the catalogue's isnet-small, without Url= */
static char *small_path;            /* its real file */

/* One response fed to the server a chunk at a time (/drop/, /stall/, /slow/). */
typedef struct
{
  SoupServerMessage *msg;
  GBytes *body;
  gsize sent;
  gsize stop_at; /* G_MAXSIZE: never */
  gboolean drop; /* at stop_at: break the connection (else stall) */
  guint delay_ms;
} Feed;

static void
feed_free (Feed *f)
{
  g_bytes_unref (f->body);
  g_free (f);
}

static void
feed_append (Feed *f)
{
  gsize size = g_bytes_get_size (f->body);
  gsize n = MIN (MIN (size - f->sent, (gsize) MB), f->stop_at - f->sent);
  SoupMessageBody *body = soup_server_message_get_response_body (f->msg);
  g_autoptr (GBytes) chunk = g_bytes_new_from_bytes (f->body, f->sent, n);

  soup_message_body_append_bytes (body, chunk);
  f->sent += n;
  if (f->sent == size)
    soup_message_body_complete (body);
}

static gboolean
feed_next_cb (gpointer data)
{
  Feed *f = data;

  feed_append (f);
  soup_server_message_unpause (f->msg);
  return G_SOURCE_REMOVE;
}

/* After each chunk: the next (after a delay), or the stop. */
static void
wrote_chunk_cb (SoupServerMessage *msg, Feed *f)
{
  if (f->sent == g_bytes_get_size (f->body))
    return;
  if (f->sent < f->stop_at)
    {
      g_autoptr (GSource) later = g_timeout_source_new (f->delay_ms);
      g_source_set_callback (later, feed_next_cb, f, NULL);
      g_source_attach (later, server.context);
      return;
    }
  if (f->drop)
    g_socket_shutdown (soup_server_message_get_socket (msg), TRUE, TRUE, NULL);
  else
    {
      g_mutex_lock (&server.lock);
      g_cancellable_cancel (server.stall_cancel);
      g_mutex_unlock (&server.lock);
    }
}

static void
serve_fed (SoupServerMessage *msg, GBytes *body, gsize stop_at, gboolean drop, guint delay_ms)
{
  Feed *f = g_new0 (Feed, 1);

  f->msg = msg;
  f->body = g_bytes_ref (body);
  f->stop_at = MIN (stop_at, g_bytes_get_size (body));
  f->drop = drop;
  f->delay_ms = delay_ms;
  soup_message_headers_set_content_length (soup_server_message_get_response_headers (msg),
                                           g_bytes_get_size (body));
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (wrote_chunk_cb), f);
  g_object_set_data_full (G_OBJECT (msg), "feed", f, (GDestroyNotify) feed_free);
  feed_append (f);
}

/* Reads and removes the request's Range (bytes=N-), so that libsoup's own
 * range handling keeps out of the way; -1 without one. */
static goffset
take_range (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *range = soup_message_headers_get_one (headers, "Range");
  goffset start = -1;

  if (range != NULL && g_str_has_prefix (range, "bytes="))
    start = g_ascii_strtoll (range + 6, NULL, 10);
  soup_message_headers_remove (headers, "Range");
  return start;
}

static void
handler (
    SoupServer *soup, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", 3);
  const char *kind = parts[0] && parts[1] ? parts[1] : "";
  goffset start = take_range (msg);
  gsize size = g_bytes_get_size (server.model);
  gboolean known = g_strv_contains ((const char *const[]){ "ok", "mirror", "drop", "stall", "slow",
                                                           "norange", "corrupt", "short", NULL },
                                    kind);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autoptr (GBytes) body = NULL;
  gboolean drop;

  g_mutex_lock (&server.lock);
  g_ptr_array_add (server.log, start < 0 ? g_strdup_printf ("%s -", kind)
                                         : g_strdup_printf ("%s %" G_GOFFSET_FORMAT, kind, start));
  drop = g_str_equal (kind, "drop") && server.drops_left != 0;
  if (drop && server.drops_left > 0)
    server.drops_left--;
  g_mutex_unlock (&server.lock);

  if (!known || parts[2] == NULL || !g_str_equal (parts[2], small_info->file))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (g_str_equal (kind, "norange"))
    start = -1;
  if (start >= (goffset) size)
    {
      g_autofree char *range = g_strdup_printf ("bytes */%zu", size);
      soup_message_headers_replace (headers, "Content-Range", range);
      soup_server_message_set_status (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
      return;
    }
  if (start > 0)
    {
      soup_message_headers_set_content_range (headers, start, size - 1, size);
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  start = MAX (start, 0);
  body = g_bytes_new_from_bytes (g_str_equal (kind, "corrupt") ? server.corrupt : server.model,
                                 start, size - start);
  if (drop || g_str_equal (kind, "stall"))
    serve_fed (msg, body, server.stop_after, drop, 0);
  else if (g_str_equal (kind, "slow"))
    serve_fed (msg, body, G_MAXSIZE, FALSE, 15);
  else if (g_str_equal (kind, "short"))
    {
      g_autoptr (GBytes) cut = g_bytes_new_from_bytes (body, 0, g_bytes_get_size (body) - 1000);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_append_bytes (soup_server_message_get_response_body (msg), cut);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
    }
  else
    soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static gpointer
server_thread (gpointer data)
{
  g_autoptr (GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server.context);
  server.server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server.server, NULL, handler, NULL, NULL);
  soup_server_listen_local (server.server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server.server);
  g_mutex_lock (&server.lock);
  server.base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&server.ready);
  g_mutex_unlock (&server.lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_main_loop_run (server.loop);
  soup_server_disconnect (server.server);
  g_clear_object (&server.server);
  g_main_context_pop_thread_default (server.context);
  return NULL;
}

static void
server_start (GBytes *model)
{
  gsize size = g_bytes_get_size (model);
  guchar *copy = g_memdup2 (g_bytes_get_data (model, NULL), size);

  copy[size / 2] ^= 0x40;
  server.model = g_bytes_ref (model);
  server.corrupt = g_bytes_new_take (copy, size);
  server.log = g_ptr_array_new_with_free_func (g_free);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  g_mutex_lock (&server.lock);
  server.thread = g_thread_new ("test-server", server_thread, NULL);
  while (server.base == NULL)
    g_cond_wait (&server.ready, &server.lock);
  g_mutex_unlock (&server.lock);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (server.loop);
  return G_SOURCE_REMOVE;
}

static void
server_stop (void)
{
  g_main_context_invoke (server.context, quit_cb, NULL);
  g_thread_join (server.thread);
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_bytes_unref (server.model);
  g_bytes_unref (server.corrupt);
  g_ptr_array_unref (server.log);
  g_free (server.base);
}

/* Sets how /drop/ and /stall/ behave, and empties the log. */
static void
server_reset (gsize stop_after, int drops_left, GCancellable *stall_cancel)
{
  g_mutex_lock (&server.lock);
  g_ptr_array_set_size (server.log, 0);
  server.stop_after = stop_after;
  server.drops_left = drops_left;
  g_set_object (&server.stall_cancel, stall_cancel);
  g_mutex_unlock (&server.lock);
}

/* The requests so far, as "KIND START, KIND START". */
static char *
server_log (void)
{
  g_autofree char *joined = NULL;

  g_mutex_lock (&server.lock);
  g_ptr_array_add (server.log, NULL);
  joined = g_strjoinv (", ", (char **) server.log->pdata);
  g_ptr_array_remove_index (server.log, server.log->len - 1);
  g_mutex_unlock (&server.lock);
  return g_steal_pointer (&joined);
}

static char *
url (const char *kind)
{
  return g_strdup_printf ("%s/%s/%s", server.base, kind, small_info->file);
}

/* isnet-small with Url= these kinds of the server, tried in order. */
static CutoutModelInfo *
info_with (const char *first, ...)
{
  CutoutModelInfo *info = cutout_model_info_copy (small_info);
  g_autoptr (GStrvBuilder) urls = g_strv_builder_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *kind = first; kind != NULL; kind = va_arg (ap, const char *))
    {
      g_autofree char *source = url (kind);
      g_strv_builder_add (urls, source);
    }
  va_end (ap);
  g_strfreev (info->urls);
  info->urls = g_strv_builder_end (urls);
  return info;
}

/* A download run ------------------------------------------------------------ */

typedef struct
{
  GMainContext *context;
  GArray *received; /* goffset, each progress call's */
  GArray *totals;
  gboolean wrong_context;
  GCancellable *cancel; /* cancelled once cancel_at bytes are there */
  goffset cancel_at;
  GAsyncResult *result;
  gboolean progress_destroyed;
} Run;

static void
progress_cb (const CutoutDownloadProgress *p, gpointer data)
{
  Run *run = data;

  if (g_main_context_get_thread_default () != run->context)
    run->wrong_context = TRUE;
  g_assert_nonnull (p->url);
  g_array_append_val (run->received, p->received);
  g_array_append_val (run->totals, p->total);
  if (run->cancel != NULL && p->received >= run->cancel_at)
    g_cancellable_cancel (run->cancel);
}

static void
progress_destroy_cb (gpointer data)
{
  ((Run *) data)->progress_destroyed = TRUE;
}

static void
done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  ((Run *) data)->result = g_object_ref (result);
}

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->received, g_array_unref);
  g_clear_pointer (&run->totals, g_array_unref);
  g_clear_object (&run->result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Downloads @info into @dir on a main context of the test's own, as the
 * app would on its main loop; the installed path, or NULL and @error. */
static char *
download (Run *run,
          const CutoutModelInfo *info,
          const char *mirror,
          const char *dir,
          GCancellable *cancellable,
          GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  char *path;

  run->context = context;
  run->received = g_array_new (FALSE, FALSE, sizeof (goffset));
  run->totals = g_array_new (FALSE, FALSE, sizeof (goffset));
  g_main_context_push_thread_default (context);
  cutout_model_download_async (info, mirror, dir, progress_cb, run, progress_destroy_cb,
                               cancellable, done_cb, run);
  while (run->result == NULL)
    g_main_context_iteration (context, TRUE);
  path = cutout_model_download_finish (run->result, error);
  g_clear_object (&run->result);
  g_main_context_pop_thread_default (context);
  g_assert_false (run->wrong_context);
  g_assert_true (run->progress_destroyed);
  run->context = NULL;
  return path;
}

static char *
make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("cutout-download-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static char *
part_of (const char *dir)
{
  g_autofree char *name = g_strconcat (small_info->file, ".part", NULL);

  return g_build_filename (dir, name, NULL);
}

static char *
final_of (const char *dir)
{
  return g_build_filename (dir, small_info->file, NULL);
}

/* The model is in @dir as it should be, and no part is left. */
static void
assert_installed (const char *dir, const char *path)
{
  g_autofree char *expected = final_of (dir);
  g_autofree char *part = part_of (dir);
  g_autofree char *sum = NULL;

  g_assert_cmpstr (path, ==, expected);
  sum = cutout_test_checksum (path);
  g_assert_cmpstr (sum, ==, small_info->sha256);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

/* Neither the model nor its part is in @dir. */
static void
assert_nothing_left (const char *dir)
{
  g_autofree char *final = final_of (dir);
  g_autofree char *part = part_of (dir);

  g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
assert_log (const char *expected)
{
  g_autofree char *log = server_log ();

  g_assert_cmpstr (log, ==, expected);
}

/* The cases ------------------------------------------------------------------- */

/* Progress comes, growing, at most about ten times a second, and ends
 * with the whole file. */
static void
test_progress (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("slow", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };
  gint64 start = g_get_monotonic_time ();
  double seconds;

  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("slow -");
  g_test_message ("%u progress calls in %.2f s", run.received->len, seconds);
  g_assert_cmpuint (run.received->len, >=, 3);
  g_assert_cmpuint (run.received->len, <=, 10 * seconds + 2);
  for (guint i = 0; i < run.received->len; i++)
    {
      g_assert_cmpint (g_array_index (run.totals, goffset, i), ==, small_info->size);
      if (i > 0)
        g_assert_cmpint (g_array_index (run.received, goffset, i), >,
                         g_array_index (run.received, goffset, i - 1));
    }
  g_assert_cmpint (g_array_index (run.received, goffset, run.received->len - 1), ==,
                   small_info->size);
  cutout_test_remove_tree (dir);
}

/* The connection breaks after 10 MB: the download goes on from there. */
static void
test_resume_broken (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("drop", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_strdup_printf ("drop -, drop %d", 10 * MB);
  g_auto (Run) run = { 0 };

  server_reset (10 * MB, 1, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log (expected);
  cutout_test_remove_tree (dir);
}

/* A part left by an earlier download is hashed and resumed. */
static void
test_resume_part (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_strdup_printf ("ok %d", 5 * MB);
  g_auto (Run) run = { 0 };

  g_assert_true (g_file_set_contents (part, g_bytes_get_data (server.model, NULL), 5 * MB, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log (expected);
  cutout_test_remove_tree (dir);
}

/* Connections that always break: the download fails, the part stays, and
 * the next download resumes it. */
static void
test_resume_after_failure (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("drop", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_auto (Run) first = { 0 };
  g_auto (Run) second = { 0 };
  GStatBuf st;

  server_reset (3 * MB, -1, NULL);
  path = download (&first, info, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_NETWORK);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "isnet-small"));
  g_assert_nonnull (strstr (error->message, "3 times"));
  /* Tried, then resumed twice. */
  expected = g_strdup_printf ("drop -, drop %d, drop %d", 3 * MB, 6 * MB);
  assert_log (expected);
  g_assert_cmpint (g_stat (part, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 9 * MB);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  server_reset (0, 0, NULL);
  path = download (&second, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  expected = g_strdup_printf ("drop %d", 9 * MB);
  assert_log (expected);
  cutout_test_remove_tree (dir);
}

/* A server that ignores Range: the part is started again. */
static void
test_no_range (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("norange", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_strdup_printf ("norange %d", 5 * MB);
  g_auto (Run) run = { 0 };

  g_assert_true (g_file_set_contents (part, g_bytes_get_data (server.model, NULL), 5 * MB, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log (expected);
  cutout_test_remove_tree (dir);
}

/* A whole part (its size is right) needs no network; a part longer than
 * the model is thrown away. */
static void
test_whole_part (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *longer = NULL;
  gsize size = g_bytes_get_size (server.model);
  g_auto (Run) run = { 0 };
  g_auto (Run) again = { 0 };

  g_assert_true (g_file_set_contents (part, g_bytes_get_data (server.model, NULL), size, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("");
  g_unlink (path);
  g_clear_pointer (&path, g_free);

  longer = g_malloc0 (size + 10);
  memcpy (longer, g_bytes_get_data (server.model, NULL), size);
  g_assert_true (g_file_set_contents (part, longer, size + 10, NULL));
  path = download (&again, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("ok -");
  cutout_test_remove_tree (dir);
}

/* A whole part whose size the catalogue does not give: the server has
 * nothing after it (416), and its check says it is the model. */
static void
test_range_not_satisfiable (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gsize size = g_bytes_get_size (server.model);
  g_autofree char *expected = g_strdup_printf ("ok %zu", size);
  g_auto (Run) run = { 0 };

  info->size = 0;
  g_assert_true (g_file_set_contents (part, g_bytes_get_data (server.model, NULL), size, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log (expected);
  cutout_test_remove_tree (dir);
}

/* A part whose first bytes are wrong fails the check once resumed: the
 * same source is asked again for the whole file. */
static void
test_bad_part (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autoptr (CutoutModelInfo) unsized = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *part = part_of (dir);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = g_strdup_printf ("ok %d, ok -", 5 * MB);
  g_autofree char *expected_whole = NULL;
  gsize size = g_bytes_get_size (server.corrupt);
  g_auto (Run) run = { 0 };
  g_auto (Run) again = { 0 };
  g_autofree guchar *head = g_memdup2 (g_bytes_get_data (server.model, NULL), 5 * MB);

  head[MB] ^= 0x40;
  g_assert_true (g_file_set_contents (part, (const char *) head, 5 * MB, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log (expected);
  g_unlink (path);
  g_clear_pointer (&path, g_free);

  /* A whole part, wrong, of a size not known: 416, then from zero. */
  unsized->size = 0;
  g_assert_true (g_file_set_contents (part, g_bytes_get_data (server.corrupt, NULL), size, NULL));
  server_reset (0, 0, NULL);
  path = download (&again, unsized, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  expected_whole = g_strdup_printf ("ok %zu, ok -", size);
  assert_log (expected_whole);
  cutout_test_remove_tree (dir);
}

/* The folder cannot be made: the error says so, and no source is blamed. */
static void
test_dest_not_folder (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  server_reset (0, 0, NULL);
  path = download (&run, info, "", file, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, file));
  g_test_message ("%s", error->message);
  cutout_test_remove_tree (dir);
}

/* One byte changed: refused, with both checksums, and nothing is left. */
static void
test_corrupt (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("corrupt", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *wrong = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, server.corrupt);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_CHECKSUM);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "SHA-256"));
  g_assert_nonnull (strstr (error->message, small_info->sha256));
  g_assert_nonnull (strstr (error->message, wrong));
  assert_nothing_left (dir);
  cutout_test_remove_tree (dir);
}

/* Without a SHA-256, the MD5 is checked: the corrupt source is refused. */
static void
test_md5 (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("corrupt", "ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  /* (An empty Sha256= is none.) */
  g_free (info->sha256);
  info->sha256 = g_strdup ("");
  info->md5 = g_compute_checksum_for_bytes (G_CHECKSUM_MD5, server.model);
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("corrupt -, ok -");
  cutout_test_remove_tree (dir);
}

/* A size other than the catalogue's is refused: announced (as soon as it
 * is), or found at the end of a file whose length was not announced. */
static void
test_wrong_size (void)
{
  g_autoptr (CutoutModelInfo) bigger = info_with ("ok", NULL);
  g_autoptr (CutoutModelInfo) cut = info_with ("short", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };
  g_auto (Run) again = { 0 };
  g_auto (Run) third = { 0 };

  bigger->size++;
  server_reset (0, 0, NULL);
  path = download (&run, bigger, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_SIZE);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("%" G_GOFFSET_FORMAT " bytes, not %" G_GOFFSET_FORMAT,
                              small_info->size, bigger->size);
  g_assert_nonnull (strstr (error->message, expected));
  /* Refused before any of it was written. */
  g_assert_cmpuint (run.received->len, ==, 0);
  assert_nothing_left (dir);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  path = download (&again, cut, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_SIZE);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("%" G_GOFFSET_FORMAT " bytes, not %" G_GOFFSET_FORMAT,
                              small_info->size - 1000, small_info->size);
  g_assert_nonnull (strstr (error->message, expected));
  assert_nothing_left (dir);
  g_clear_error (&error);
  g_clear_pointer (&expected, g_free);

  /* More than the catalogue says, and no length announced: refused as it
   * comes. */
  cut->size -= 2000;
  path = download (&third, cut, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_SIZE);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("larger than the %" G_GOFFSET_FORMAT " bytes", cut->size);
  g_assert_nonnull (strstr (error->message, expected));
  assert_nothing_left (dir);
  cutout_test_remove_tree (dir);
}

/* A model of no known size: the progress gives the server's. */
static void
test_unknown_size (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("slow", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  info->size = 0;
  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  g_assert_cmpuint (run.totals->len, >=, 1);
  for (guint i = 0; i < run.totals->len; i++)
    g_assert_cmpint (g_array_index (run.totals, goffset, i), ==, small_info->size);
  cutout_test_remove_tree (dir);
}

/* A 404 first, then a source that works. */
static void
test_fallback (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("missing", "ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("missing -, ok -");
  cutout_test_remove_tree (dir);
}

/* Every source fails: one error naming the model and what each said; no
 * folder is even made. */
static void
test_all_fail (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("missing", "gone", NULL);
  g_autofree char *parent = make_dir ();
  g_autofree char *dir = g_build_filename (parent, "models", NULL);
  g_autofree char *missing = url ("missing");
  g_autofree char *gone = url ("gone");
  g_autofree char *expected = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_HTTP);
  g_test_message ("%s", error->message);
  expected = g_strdup_printf ("“%s” (%s): %s: 404 Not Found; %s: 404 Not Found", small_info->name,
                              small_info->id, missing, gone);
  g_assert_nonnull (strstr (error->message, expected));
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  cutout_test_remove_tree (parent);
}

static void
test_no_source (void)
{
  g_autoptr (CutoutModelInfo) info = cutout_model_info_copy (small_info);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  g_setenv ("CUTOUT_MODEL_MIRROR", "", TRUE);
  path = download (&run, info, NULL, dir, NULL, &error);
  g_assert_null (path);
  g_assert_error (error, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_NO_SOURCE);
  g_assert_nonnull (strstr (error->message, "isnet-small"));
  g_assert_nonnull (strstr (error->message, "import the file"));
  g_unsetenv ("CUTOUT_MODEL_MIRROR");
  cutout_test_remove_tree (dir);
}

/* The mirror is tried first: given, or from $CUTOUT_MODEL_MIRROR. */
static void
test_mirror (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("ok", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *mirror = g_strdup_printf ("%s/mirror/", server.base);
  g_autofree char *nowhere = g_strdup_printf ("%s/nowhere", server.base);
  g_autofree char *mirrored = cutout_model_mirror_url (mirror, info);
  g_autofree char *expected = g_strdup_printf ("%s/mirror/%s", server.base, info->file);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };
  g_auto (Run) again = { 0 };

  g_assert_cmpstr (mirrored, ==, expected);
  g_assert_null (cutout_model_mirror_url (NULL, info));
  server_reset (0, 0, NULL);
  path = download (&run, info, mirror, dir, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("mirror -");
  g_unlink (path);
  g_clear_pointer (&path, g_free);

  server_reset (0, 0, NULL);
  g_setenv ("CUTOUT_MODEL_MIRROR", nowhere, TRUE);
  path = download (&again, info, NULL, dir, NULL, &error);
  g_unsetenv ("CUTOUT_MODEL_MIRROR");
  g_assert_no_error (error);
  assert_installed (dir, path);
  assert_log ("nowhere -, ok -");
  cutout_test_remove_tree (dir);
}

/* Cancelled while the file comes: nothing is left. */
static void
test_cancel (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("stall", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { 0 };

  /* The server cancels once it has sent 8 MB, and sends no more. */
  server_reset (8 * MB, 0, cancellable);
  path = download (&run, info, "", dir, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_nothing_left (dir);
  server_reset (0, 0, NULL);
  cutout_test_remove_tree (dir);
}

/* Cancelled by the app, from its progress callback, part-way. */
static void
test_cancel_from_progress (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("slow", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_auto (Run) run = { .cancel = cancellable, .cancel_at = 4 * MB };

  server_reset (0, 0, NULL);
  path = download (&run, info, "", dir, cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_array_index (run.received, goffset, run.received->len - 1), <,
                   small_info->size);
  assert_nothing_left (dir);
  cutout_test_remove_tree (dir);
}

/* The synchronous call, as cutout-cli makes it. */
static void
test_sync (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("drop", NULL);
  g_autofree char *dir = make_dir ();
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  server_reset (20 * MB, 1, NULL);
  path = cutout_model_download_sync (info, "", dir, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_installed (dir, path);
  cutout_test_remove_tree (dir);
}

/* The model downloaded cuts out a photo as the one installed does. */
static void
test_downloaded_model_works (void)
{
  g_autoptr (CutoutModelInfo) info = info_with ("drop", NULL);
  g_autofree char *dir = make_dir ();
  g_autofree char *photo_path
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc474.png", NULL);
  g_autofree char *truth_path
      = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", "voc474.mask.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  g_autoptr (CutoutImage) photo = NULL;
  g_autoptr (CutoutImage) truth = NULL;
  g_autoptr (CutoutImage) ignore = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  g_auto (Run) run = { 0 };
  CutoutScore score;

  server_reset (7 * MB, 1, NULL);
  path = download (&run, info, "", dir, NULL, &error);
  g_assert_no_error (error);
  engine = cutout_engine_new_from_file (info, path, 0, &error);
  g_assert_no_error (error);
  photo = cutout_decode_file (photo_path, &error);
  g_assert_no_error (error);
  truth = cutout_eval_load_mask (truth_path, &error);
  g_assert_no_error (error);
  ignore = cutout_eval_load_ignore (photo_path);
  mask = cutout_engine_cut_out (engine, photo, NULL, NULL, &error);
  g_assert_no_error (error);
  score = cutout_eval_score (mask, truth, ignore);
  g_test_message ("voc474 with the downloaded model: IoU %.4f", score.iou);
  g_assert_cmpfloat (score.iou, >=, 0.90);
  cutout_test_remove_tree (dir);
}

/* cutout-cli --download-model ------------------------------------------------- */

/* A user data folder ($XDG_DATA_HOME) whose user catalogue,
 * cutout/models.ini, adds the model "test-small": isnet-small's entry, with
 * Url= @kind on the test server. */
static char *
write_user_catalogue (const char *kind)
{
  g_autofree char *shipped = g_build_filename (g_getenv ("CUTOUT_DATA_DIR"), "models.ini", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autoptr (GKeyFile) user = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) keys = NULL;
  g_autofree char *source = url (kind);
  char *home = make_dir ();
  g_autofree char *dir = g_build_filename (home, "cutout", NULL);
  g_autofree char *path = g_build_filename (dir, "models.ini", NULL);

  g_key_file_load_from_file (kf, shipped, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  keys = g_key_file_get_keys (kf, small_info->id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *value = g_key_file_get_value (kf, small_info->id, keys[i], NULL);
      g_key_file_set_value (user, "test-small", keys[i], value);
    }
  g_key_file_set_string (user, "test-small", "Url", source);
  g_key_file_remove_key (user, "test-small", "Default", NULL);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_key_file_save_to_file (user, path, &error);
  g_assert_no_error (error);
  return home;
}

static char **
cli_env (const char *home)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "XDG_DATA_HOME", home, TRUE);
  return g_environ_unsetenv (env, "CUTOUT_MODEL_MIRROR");
}

static void
test_cli (void)
{
  g_autofree char *home = write_user_catalogue ("drop");
  g_autofree char *models = g_build_filename (home, "cutout", "models", NULL);
  g_autofree char *installed = final_of (models);
  g_auto (GStrv) env = cli_env (home);
  const char *args[] = { "--download-model", "test-small", NULL };
  g_auto (CutoutCliResult) r = { 0 };
  g_autofree char *sum = NULL;

  server_reset (12 * MB, 1, NULL);
  r = cutout_test_run_cliv (args, (const char *const *) env);
  g_assert_cmpint (r.status, ==, 0);
  sum = cutout_test_checksum (installed);
  g_assert_cmpstr (sum, ==, small_info->sha256);
  /* Not a terminal: a few lines of progress, and where the model went. */
  g_assert_nonnull (strstr (r.err, "100 %"));
  g_assert_nonnull (strstr (r.err, installed));
  g_assert_null (strchr (r.err, '\r'));
  cutout_test_remove_tree (home);
}

static void
test_cli_fails (void)
{
  g_autofree char *home = write_user_catalogue ("missing");
  g_autofree char *models = g_build_filename (home, "cutout", "models", NULL);
  g_auto (GStrv) env = cli_env (home);
  const char *args[] = { "--download-model", "test-small", NULL };
  const char *unknown[] = { "--download-model", "no-such-model", NULL };
  const char *with_input[] = { "--download-model", "test-small", "photo.jpg", NULL };
  g_auto (CutoutCliResult) r = { 0 };
  g_auto (CutoutCliResult) u = { 0 };
  g_auto (CutoutCliResult) w = { 0 };

  server_reset (0, 0, NULL);
  r = cutout_test_run_cliv (args, (const char *const *) env);
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "test-small"));
  g_assert_nonnull (strstr (r.err, "404 Not Found"));
  g_assert_false (g_file_test (models, G_FILE_TEST_EXISTS));

  u = cutout_test_run_cliv (unknown, (const char *const *) env);
  g_assert_cmpint (u.status, ==, 2);
  g_assert_nonnull (strstr (u.err, "no-such-model"));
  w = cutout_test_run_cliv (with_input, (const char *const *) env);
  g_assert_cmpint (w.status, ==, 2);
  g_assert_nonnull (strstr (w.err, "no input images"));
  cutout_test_remove_tree (home);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GBytes) model = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  small_info = cutout_model_info_copy (cutout_catalogue_find (catalogue, "isnet-small", &error));
  g_assert_no_error (error);
  g_clear_pointer (&small_info->urls, g_strfreev);
  small_path = cutout_model_info_locate (small_info, &error);
  if (small_path == NULL)
    {
      printf ("1..0 # SKIP %s\n", error->message);
      return 0;
    }
  mapped = g_mapped_file_new (small_path, FALSE, &error);
  g_assert_no_error (error);
  model = g_mapped_file_get_bytes (mapped);
  g_assert_cmpint (g_bytes_get_size (model), ==, small_info->size);
  server_start (model);

  g_test_add_func ("/download/progress", test_progress);
  g_test_add_func ("/download/resume/broken", test_resume_broken);
  g_test_add_func ("/download/resume/part", test_resume_part);
  g_test_add_func ("/download/resume/after-failure", test_resume_after_failure);
  g_test_add_func ("/download/resume/no-range", test_no_range);
  g_test_add_func ("/download/resume/whole-part", test_whole_part);
  g_test_add_func ("/download/resume/range-not-satisfiable", test_range_not_satisfiable);
  g_test_add_func ("/download/resume/bad-part", test_bad_part);
  g_test_add_func ("/download/dest-not-folder", test_dest_not_folder);
  g_test_add_func ("/download/corrupt", test_corrupt);
  g_test_add_func ("/download/md5", test_md5);
  g_test_add_func ("/download/wrong-size", test_wrong_size);
  g_test_add_func ("/download/unknown-size", test_unknown_size);
  g_test_add_func ("/download/fallback", test_fallback);
  g_test_add_func ("/download/all-fail", test_all_fail);
  g_test_add_func ("/download/no-source", test_no_source);
  g_test_add_func ("/download/mirror", test_mirror);
  g_test_add_func ("/download/cancel", test_cancel);
  g_test_add_func ("/download/cancel-from-progress", test_cancel_from_progress);
  g_test_add_func ("/download/sync", test_sync);
  g_test_add_func ("/download/cli", test_cli);
  g_test_add_func ("/download/cli-fails", test_cli_fails);
  cutout_test_add_photo_func ("/download/model-works", test_downloaded_model_works);
  status = g_test_run ();

  server_stop ();
  g_clear_object (&server.stall_cancel);
  g_free (small_path);
  cutout_model_info_free (small_info);
  return status;
}
