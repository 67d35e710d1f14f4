/* cutout-serve.c: cutout-cli --serve, an HTTP server over the queue
 *
 * One SoupServer on the main thread's loop; each request's photo is written
 * into a private folder, cut out by the same CutoutQueue as the CLI's (its
 * job-finished signal comes on this thread), and its result read back. The
 * APIs (cutout-serve-baidu.c and the others) only parse and answer.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "cutout-catalogue.h"
#include "cutout-engine.h"
#include "cutout-ort.h"
#include "cutout-queue.h"
#include "cutout-serve.h"

#define DEFAULT_LISTEN "127.0.0.1:8910"
#define DEFAULT_PORT 8910
#define DEFAULT_CLIENT_TIMEOUT 30

G_DEFINE_QUARK (cutout - serve - error - quark, cutout_serve_error)

struct _CutoutServe
{
  Options *o;
  SoupServer *server;
  CutoutQueue *queue;
  GMainLoop *loop;
  char *workdir;     /* the photos and results of requests being answered */
  guint serial;      /* numbers the requests and their files */
  guint n_waiting;   /* photos handed to the queue, not yet answered */
  GHashTable *open;  /* the messages started and not done with */
  GHashTable *jobs;  /* CutoutJob → Submission */
  gboolean stopping; /* SIGTERM or SIGINT came: answer what is open, then stop */
  int signal;
};

/* One photo on its way through the queue. */
typedef struct
{
  CutoutServe *serve;
  char *input;  /* in workdir */
  char *output; /* in workdir */
  CutoutServeSpec spec;
  CutoutServeDoneFunc done;
  gpointer data;
  int width, height;
} Submission;

static void
submission_free (Submission *sub)
{
  g_unlink (sub->input);
  g_unlink (sub->output);
  g_free (sub->input);
  g_free (sub->output);
  g_clear_pointer (&sub->spec.boxes, g_array_unref);
  g_free (sub);
}

/* Answers @sub (a result, or an error) and forgets it. */
static void
submission_finish (Submission *sub, GBytes *result, const GError *error)
{
  sub->serve->n_waiting--;
  sub->done (result, sub->width, sub->height, error, sub->data);
  submission_free (sub);
}

static void
submission_fail (Submission *sub, int code, const char *message)
{
  g_autoptr (GError) error = g_error_new_literal (CUTOUT_SERVE_ERROR, code, message);

  submission_finish (sub, NULL, error);
}

static void
result_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Submission *sub = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);

  submission_finish (sub, bytes, error);
}

/* A failed job's error as the APIs tell them apart: the photo unreadable,
 * a box off the photo (G_IO_ERROR_INVALID_ARGUMENT, kept), or else. */
static GError *
job_error (CutoutJob *job)
{
  const GError *error = cutout_job_get_error (job);

  if (error == NULL)
    return g_error_new_literal (CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_FAILED,
                                "the cut-out was cancelled");
  if (error->domain == CUTOUT_DECODE_ERROR
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    return g_error_new_literal (CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BAD_IMAGE, error->message);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    return g_error_copy (error);
  return g_error_new_literal (CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_FAILED, error->message);
}

static void
job_finished_cb (CutoutQueue *queue, CutoutJob *job, CutoutServe *serve)
{
  Submission *sub = g_hash_table_lookup (serve->jobs, job);

  if (sub == NULL)
    return;
  g_hash_table_steal (serve->jobs, job);
  sub->width = cutout_job_get_width (job);
  sub->height = cutout_job_get_height (job);
  if (cutout_job_get_state (job) == CUTOUT_JOB_DONE)
    {
      g_autoptr (GFile) file = g_file_new_for_path (sub->output);
      g_file_load_bytes_async (file, NULL, result_loaded_cb, sub);
    }
  else
    {
      g_autoptr (GError) error = job_error (job);
      submission_finish (sub, NULL, error);
    }
  cutout_queue_remove (queue, job);
  g_object_unref (job);
}

/* The photo is on disk: its job goes into the queue, with the request's
 * settings (taken by the queue as the job is added). */
static void
input_written_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Submission *sub = data;
  CutoutServe *serve = sub->serve;
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutJob) job = NULL;
  g_autoptr (CutoutAddReport) report = NULL;
  CutoutExportOptions options;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      submission_fail (sub, CUTOUT_SERVE_ERROR_FAILED, error->message);
      return;
    }
  job = cutout_job_new (sub->input);
  cutout_job_set_output (job, sub->output);
  cutout_export_options_init (&options);
  options.format = sub->spec.format;
  memcpy (options.background, sub->spec.background, 3);
  cutout_job_set_export_options (job, &options);
  for (guint i = 0; sub->spec.boxes != NULL && i < sub->spec.boxes->len; i++)
    cutout_box_list_add (cutout_job_get_boxes (job),
                         &g_array_index (sub->spec.boxes, CutoutBox, i));
  cutout_queue_set_refine_edges (serve->queue, sub->spec.refine);
  g_hash_table_insert (serve->jobs, g_object_ref (job), sub);
  report = cutout_queue_add_job (serve->queue, job);
  if (report->added->len == 0 && g_hash_table_steal (serve->jobs, job))
    {
      g_object_unref (job);
      submission_fail (sub, CUTOUT_SERVE_ERROR_BUSY, "too many requests");
    }
}

/* Counts one more request among the waiting, or says why not: too many
 * wait, or the server is stopping. */
static gboolean
admit (CutoutServe *serve, GError **error)
{
  if (serve->stopping)
    return g_set_error_literal (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_STOPPING,
                                "the server is stopping"),
           FALSE;
  if (serve->n_waiting >= (guint) serve->o->max_waiting)
    return g_set_error_literal (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BUSY,
                                "too many requests"),
           FALSE;
  serve->n_waiting++;
  return TRUE;
}

/* Cuts out the photo in @image as @spec says and calls @done with the
 * result and @request, on this thread, once it is made (or at once, when
 * too many wait). */
void
cutout_serve_submit (CutoutServeRequest *request,
                     GBytes *image,
                     const CutoutServeSpec *spec,
                     CutoutServeDoneFunc done)
{
  CutoutServe *serve = request->serve;
  Submission *sub = g_new0 (Submission, 1);
  guint n = ++serve->serial;
  g_autofree char *in_name = g_strdup_printf ("%u-photo", n);
  g_autofree char *out_name = g_strdup_printf ("%u-result", n);
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;

  sub->serve = serve;
  sub->input = g_build_filename (serve->workdir, in_name, NULL);
  sub->output = g_build_filename (serve->workdir, out_name, NULL);
  sub->spec = *spec;
  if (spec->boxes != NULL)
    sub->spec.boxes = g_array_ref (spec->boxes);
  sub->done = done;
  sub->data = request;
  /* A request admitted for its fetch keeps its place. */
  if (!request->admitted && !admit (serve, &error))
    {
      done (NULL, 0, 0, error, request);
      submission_free (sub);
      return;
    }
  request->admitted = FALSE;
  file = g_file_new_for_path (sub->input);
  g_file_replace_contents_bytes_async (file, image, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                       input_written_cb, sub);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  CutoutServeRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *image = cutout_fetch_url_finish (result, &error);

  if (image == NULL)
    {
      request->admitted = FALSE;
      request->serve->n_waiting--;
      return g_task_return_error (task, error);
    }
  g_task_return_pointer (task, image, (GDestroyNotify) g_bytes_unref);
}

/* Fetches @url for @request (the server's limits, private addresses as
 * --allow-private-urls says), counted among the waiting while it is
 * fetched: a fetch takes a place, as a photo sent does. */
void
cutout_serve_fetch (CutoutServeRequest *request, const char *url, GAsyncReadyCallback callback)
{
  CutoutServe *serve = request->serve;
  GTask *task = g_task_new (NULL, NULL, callback, request);
  GError *error = NULL;
  CutoutFetchFlags flags
      = serve->o->allow_private_urls ? CUTOUT_FETCH_ALLOW_PRIVATE : CUTOUT_FETCH_NONE;

  g_task_set_task_data (task, request, NULL);
  if (!admit (serve, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  request->admitted = TRUE;
  cutout_fetch_url_async (url, flags, NULL, fetched_cb, task);
}

GBytes *
cutout_serve_fetch_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A private folder for the requests' files, removed when the server stops. */
const char *
cutout_serve_get_workdir (CutoutServe *serve)
{
  return serve->workdir;
}

gboolean
cutout_serve_has_key (CutoutServe *serve)
{
  return serve->o->api_key != NULL;
}

/* Whether @key (which may be NULL) is the one --api-key asked for; any key
 * is, without one. */
gboolean
cutout_serve_check_key (CutoutServe *serve, const char *key)
{
  const char *wanted = serve->o->api_key;
  guint8 diff = 0;
  gsize n;

  if (wanted == NULL)
    return TRUE;
  if (key == NULL || strlen (key) != strlen (wanted))
    return FALSE;
  /* In constant time: the key is not guessed a byte at a time. */
  n = strlen (wanted);
  for (gsize i = 0; i < n; i++)
    diff |= key[i] ^ wanted[i];
  return diff == 0;
}

static void
request_disconnected_cb (SoupServerMessage *msg, CutoutServeRequest *request)
{
  request->gone = TRUE;
}

/* Pauses @msg until cutout_serve_request_reply(). */
CutoutServeRequest *
cutout_serve_request_new (CutoutServe *serve, SoupServerMessage *msg)
{
  CutoutServeRequest *request = g_new0 (CutoutServeRequest, 1);

  request->serve = serve;
  request->msg = g_object_ref (msg);
  request->id = ++serve->serial;
  g_signal_connect (msg, "disconnected", G_CALLBACK (request_disconnected_cb), request);
  soup_server_message_pause (msg);
  return request;
}

void
cutout_serve_request_free (CutoutServeRequest *request)
{
  if (request->admitted)
    request->serve->n_waiting--;
  g_signal_handlers_disconnect_by_data (request->msg, request);
  g_clear_object (&request->msg);
  if (request->api_free != NULL)
    request->api_free (request->api);
  g_free (request);
}

/* Sends the answer and frees @request. */
void
cutout_serve_request_reply (CutoutServeRequest *request,
                            guint status,
                            const char *content_type,
                            GBytes *body)
{
  if (!request->gone)
    {
      cutout_serve_reply (request->msg, status, content_type, body);
      soup_server_message_unpause (request->msg);
    }
  cutout_serve_request_free (request);
}

static void
healthz_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;
  guint status = serve->stopping ? SOUP_STATUS_SERVICE_UNAVAILABLE : SOUP_STATUS_OK;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET
      && soup_server_message_get_method (msg) != SOUP_METHOD_HEAD)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, serve->stopping ? "stopping" : "ok");
  json_builder_set_member_name (builder, "waiting");
  json_builder_add_int_value (builder, serve->n_waiting);
  json_builder_set_member_name (builder, "max_waiting");
  json_builder_add_int_value (builder, serve->o->max_waiting);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (
      builder, cutout_engine_get_model_info (cutout_queue_get_engine (serve->queue))->id);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, status, "application/json", body);
}

/* A message is done with: answered, aborted, or its client gone (a slow
 * client timed out is only ever "disconnected"). Once stopping, the last
 * one stops the server. */
static void
forget_message (CutoutServe *serve, SoupServerMessage *msg)
{
  if (!g_hash_table_remove (serve->open, msg))
    return;
  g_signal_handlers_disconnect_by_data (msg, serve);
  if (serve->stopping && g_hash_table_size (serve->open) == 0)
    g_main_loop_quit (serve->loop);
}

static void
message_disconnected_cb (SoupServerMessage *msg, CutoutServe *serve)
{
  forget_message (serve, msg);
}

/* Slow clients: a connection that sends or takes nothing for this long is
 * closed (GSocket's timeout applies to every read and write on it). */
static void
request_started_cb (SoupServer *server, SoupServerMessage *msg, CutoutServe *serve)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  g_hash_table_add (serve->open, msg);
  g_signal_connect (msg, "disconnected", G_CALLBACK (message_disconnected_cb), serve);
  if (socket != NULL)
    g_socket_set_timeout (socket, serve->o->client_timeout);
}

static void
request_done_cb (SoupServer *server, SoupServerMessage *msg, CutoutServe *serve)
{
  forget_message (serve, msg);
}

/* The first signal stops the server once what is open is answered; a
 * second (Ctrl+C again) stops it at once. */
static gboolean
signal_cb (CutoutServe *serve, int signum)
{
  gboolean again = serve->stopping;

  if (!again && g_hash_table_size (serve->open) > 0)
    g_printerr (_ ("cutout-cli: stopping once the requests being answered are done (again to "
                   "stop now)…\n"));
  serve->stopping = TRUE;
  serve->signal = signum;
  if (again || g_hash_table_size (serve->open) == 0)
    g_main_loop_quit (serve->loop);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigterm_cb (gpointer data)
{
  return signal_cb (data, SIGTERM);
}

static gboolean
sigint_cb (gpointer data)
{
  return signal_cb (data, SIGINT);
}

/* --listen's HOST:PORT (an IP address, or localhost), as a socket address. */
static GSocketAddress *
parse_listen (const char *text, GError **error)
{
  g_autoptr (GSocketConnectable) parsed = g_network_address_parse (text, DEFAULT_PORT, NULL);
  g_autoptr (GInetAddress) address = NULL;
  const char *host;

  if (parsed != NULL)
    {
      host = g_network_address_get_hostname (G_NETWORK_ADDRESS (parsed));
      address = g_str_equal (host, "localhost") ? g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4)
                                                : g_inet_address_new_from_string (host);
    }
  if (address == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--listen: %s is not an IP address and port, such as 127.0.0.1:8910"), text);
      return NULL;
    }
  return g_inet_socket_address_new (address,
                                    g_network_address_get_port (G_NETWORK_ADDRESS (parsed)));
}

/* --serve's options: an address, and a key unless it is loopback. */
static GSocketAddress *
check_serve_usage (Options *o, GError **error)
{
  g_autoptr (GSocketAddress) address = NULL;
  GInetAddress *inet;

  if (o->inputs != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("--serve takes no input images"));
      return NULL;
    }
  if (o->client_timeout < 0 || o->client_timeout > 3600)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("--client-timeout takes a number of seconds from 1 to 3600"));
      return NULL;
    }
  if (o->max_waiting < 0 || o->max_waiting > CUTOUT_SERVE_MAX_WAITING)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _ ("--max-waiting takes a number from 1 to %d"), CUTOUT_SERVE_MAX_WAITING);
      return NULL;
    }
  if (o->api_key != NULL && o->api_key[0] == '\0')
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("--api-key: the key is empty"));
      return NULL;
    }
  address = parse_listen (o->listen ? o->listen : DEFAULT_LISTEN, error);
  if (address == NULL)
    return NULL;
  inet = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address));
  if (!g_inet_address_get_is_loopback (inet) && o->api_key == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _ ("--listen %s: any address but loopback needs an --api-key"), o->listen);
      return NULL;
    }
  return g_steal_pointer (&address);
}

/* Prints where the server listens, for people and for scripts (tests
 * start it on port 0 and read the port from this line). */
static void
print_uris (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);

  for (GSList *l = uris; l != NULL; l = l->next)
    {
      g_autofree char *text = g_uri_to_string (l->data);
      g_print (_ ("cutout-cli: listening on %s\n"), text);
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static SoupServer *
make_server (CutoutServe *serve, GSocketAddress *address, GError **error)
{
  g_autoptr (SoupServer) server
      = soup_server_new ("server-header", "cutout/" PACKAGE_VERSION, NULL);

  soup_server_add_handler (server, "/healthz", healthz_cb, serve, NULL);
  cutout_serve_baidu_add (serve, server);
  cutout_serve_openai_add (serve, server);
  cutout_serve_rembg_add (serve, server);
  cutout_serve_removebg_add (serve, server);
  g_signal_connect (server, "request-started", G_CALLBACK (request_started_cb), serve);
  g_signal_connect (server, "request-finished", G_CALLBACK (request_done_cb), serve);
  g_signal_connect (server, "request-aborted", G_CALLBACK (request_done_cb), serve);
  if (!soup_server_listen (server, address, 0, error))
    return NULL;
  return g_steal_pointer (&server);
}

static void
disconnect_message (gpointer msg, gpointer value, gpointer serve)
{
  g_signal_handlers_disconnect_by_data (msg, serve);
}

static int
serve_until_stopped (CutoutServe *serve, GSocketAddress *address)
{
  g_autoptr (GError) error = NULL;
  guint sigterm_id, sigint_id;

  serve->server = make_server (serve, address, &error);
  if (serve->server == NULL)
    {
      g_printerr ("cutout-cli: %s\n", error->message);
      return EXIT_SOME_FAILED;
    }
  print_uris (serve->server);
  sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, serve);
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, serve);
  g_main_loop_run (serve->loop);
  g_source_remove (sigterm_id);
  g_source_remove (sigint_id);
  /* Messages still open (a second signal) go with the server. */
  g_hash_table_foreach (serve->open, disconnect_message, serve);
  g_hash_table_remove_all (serve->open);
  soup_server_disconnect (serve->server);
  g_clear_object (&serve->server);
  return 128 + serve->signal;
}

int
cutout_cli_serve (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  CutoutServe serve = { .o = o };
  int status;

  if (o->client_timeout == 0)
    o->client_timeout = DEFAULT_CLIENT_TIMEOUT;
  if (o->max_waiting == 0)
    o->max_waiting = CUTOUT_SERVE_MAX_WAITING;
  address = check_serve_usage (o, &error);
  if (address == NULL)
    {
      g_printerr ("cutout-cli: %s\n", error->message);
      return EXIT_USAGE;
    }
  engine = cutout_cli_load_engine (o->model, &error);
  if (engine != NULL)
    serve.workdir = g_dir_make_tmp ("cutout-serve-XXXXXX", &error);
  if (serve.workdir == NULL)
    {
      g_printerr ("cutout-cli: %s\n", error->message);
      return EXIT_SOME_FAILED;
    }
  serve.queue = cutout_queue_new (engine, o->n_jobs);
  cutout_queue_set_photo_cache_bytes (serve.queue, 0);
  cutout_queue_set_best_quality (serve.queue, o->best);
  serve.jobs = g_hash_table_new (g_direct_hash, g_direct_equal);
  serve.open = g_hash_table_new (g_direct_hash, g_direct_equal);
  serve.loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (serve.queue, "job-finished", G_CALLBACK (job_finished_cb), &serve);
  status = serve_until_stopped (&serve, address);
  g_signal_handlers_disconnect_by_data (serve.queue, &serve);
  cutout_queue_cancel_all (serve.queue);
  g_clear_object (&serve.queue);
  g_hash_table_unref (serve.jobs);
  g_hash_table_unref (serve.open);
  g_main_loop_unref (serve.loop);
  g_rmdir (serve.workdir);
  g_free (serve.workdir);
  return status;
}
