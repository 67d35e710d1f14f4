/* cutout-serve-openai.c: remove-bg behind OpenAI's chat completions
 *
 * POST /v1/chat/completions with "model": "remove-bg" and a user message
 * whose content holds an image_url (http(s), or a data: URL); any text
 * beside it is accepted and does nothing (yet). The answer is a chat
 * completion whose message's content is the URL of the result on this
 * server (GET /v1/results/TOKEN.png), valid for an hour; errors are
 * {"error": {"message", "type", "param", "code"}}. GET /v1/models lists
 * the one model.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-serve.h"

#define MODEL "remove-bg"
#define RESULTS_PATH "/v1/results/"
/* How long a result's URL is valid, and how much the results may hold
 * (the oldest go first beyond it). */
#define RESULT_LIFETIME_US ((gint64) 3600 * G_USEC_PER_SEC)
#define RESULTS_MAX_BYTES ((gsize) 512 * 1024 * 1024)

typedef struct
{
  CutoutServe *serve;
  GHashTable *results; /* token → Result */
  GQueue order;        /* tokens, oldest first */
  gsize bytes;
  guint purge_id;
} OpenAI;

typedef struct
{
  GBytes *png;
  gint64 expires; /* monotonic */
} Result;

typedef struct
{
  OpenAI *openai;
  char *base; /* the scheme and host the client reached, for the result's URL */
} Completion;

static void
result_free (Result *result)
{
  g_bytes_unref (result->png);
  g_free (result);
}

static void
completion_free (Completion *completion)
{
  g_free (completion->base);
  g_free (completion);
}

/* Drops the results whose hour is over, and the oldest beyond the cap. */
static void
purge (OpenAI *openai)
{
  gint64 now = g_get_monotonic_time ();

  while (!g_queue_is_empty (&openai->order))
    {
      char *token = g_queue_peek_head (&openai->order);
      Result *result = g_hash_table_lookup (openai->results, token);
      if (result->expires > now && openai->bytes <= RESULTS_MAX_BYTES)
        break;
      openai->bytes -= g_bytes_get_size (result->png);
      g_queue_pop_head (&openai->order);
      g_hash_table_remove (openai->results, token);
    }
}

static gboolean
purge_cb (gpointer data)
{
  purge (data);
  return G_SOURCE_CONTINUE;
}

/* Keeps @png for an hour; gives its token. */
static const char *
keep_result (OpenAI *openai, GBytes *png)
{
  Result *result = g_new0 (Result, 1);
  guint8 random[16];
  char *token;

  for (guint i = 0; i < sizeof random; i += 4)
    {
      guint32 r = g_random_int ();
      memcpy (random + i, &r, 4);
    }
  token = g_compute_checksum_for_data (G_CHECKSUM_SHA256, random, sizeof random);
  token[32] = '\0';
  result->png = g_bytes_ref (png);
  result->expires = g_get_monotonic_time () + RESULT_LIFETIME_US;
  g_hash_table_insert (openai->results, token, result);
  g_queue_push_tail (&openai->order, token);
  openai->bytes += g_bytes_get_size (png);
  purge (openai);
  return token;
}

static void
reply_error (
    SoupServerMessage *msg, guint status, const char *type, const char *code, const char *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "param");
  json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, status, "application/json", body);
}

static void
reply_invalid (SoupServerMessage *msg, const char *message)
{
  reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_request_error", NULL, message);
}

/* The scheme and host the client reached this server by (what a proxy in
 * front says, if it says so). */
static char *
request_base (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *proto = soup_message_headers_get_one (headers, "X-Forwarded-Proto");
  const char *host = soup_message_headers_get_one (headers, "X-Forwarded-Host");

  if (host == NULL)
    host = soup_message_headers_get_one (headers, "Host");
  if (proto == NULL || (!g_str_equal (proto, "http") && !g_str_equal (proto, "https")))
    proto = g_uri_get_scheme (uri);
  if (host != NULL)
    return g_strdup_printf ("%s://%s", proto, host);
  return g_strdup_printf ("%s://%s:%d", proto, g_uri_get_host (uri), g_uri_get_port (uri));
}

static void
add_completion (JsonBuilder *builder, const char *content)
{
  gint64 now = g_get_real_time ();
  g_autofree char *id = g_strdup_printf ("cutout-%" G_GINT64_FORMAT, now / 1000);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "chat.completion");
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, now / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, MODEL);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "finish_reason");
  json_builder_add_string_value (builder, "stop");
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "assistant");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  for (guint i = 0; i < 3; i++)
    {
      const char *names[] = { "prompt_tokens", "completion_tokens", "total_tokens" };
      json_builder_set_member_name (builder, names[i]);
      json_builder_add_int_value (builder, 0);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* A cut-out failed: why, in OpenAI's shape. */
static void
reply_failure (SoupServerMessage *msg, const GError *error)
{
  if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BUSY))
    reply_error (msg, CUTOUT_SERVE_STATUS_TOO_MANY_REQUESTS, "requests", "rate_limit_exceeded",
                 "Too many requests are waiting; try again later");
  else if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_STOPPING))
    reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "server_error", NULL, error->message);
  else if (error->domain == CUTOUT_SERVE_ERROR && error->code == CUTOUT_SERVE_ERROR_FAILED)
    reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "server_error", NULL, error->message);
  else
    reply_invalid (msg, error->message);
}

static void
completion_done (GBytes *result, int width, int height, const GError *error, gpointer data)
{
  CutoutServeRequest *request = data;
  Completion *completion = request->api;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;
  g_autofree char *url = NULL;

  if (error != NULL)
    {
      if (!request->gone)
        {
          reply_failure (request->msg, error);
          soup_server_message_unpause (request->msg);
        }
      cutout_serve_request_free (request);
      return;
    }
  url = g_strconcat (completion->base, RESULTS_PATH, keep_result (completion->openai, result),
                     ".png", NULL);
  add_completion (builder, url);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_request_reply (request, SOUP_STATUS_OK, "application/json", body);
}

static void
submit (CutoutServeRequest *request, GBytes *image)
{
  const CutoutServeSpec spec = { .format = CUTOUT_FORMAT_PNG, .refine = TRUE };

  cutout_serve_submit (request, image, &spec, completion_done);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutServeRequest *request = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) image = cutout_serve_fetch_finish (result, &error);

  if (image != NULL)
    return submit (request, image);
  completion_done (NULL, 0, 0, error, request);
}

/* The image_url of the last user message's content, or NULL. */
static const char *
find_image_url (JsonArray *messages)
{
  for (guint i = json_array_get_length (messages); i-- > 0;)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      JsonNode *content_node = message ? json_object_get_member (message, "content") : NULL;
      JsonArray *content = content_node && JSON_NODE_HOLDS_ARRAY (content_node)
                               ? json_node_get_array (content_node)
                               : NULL;

      if (content == NULL
          || g_strcmp0 (json_object_get_string_member_with_default (message, "role", ""), "user")
                 != 0)
        continue;
      for (guint j = 0; j < json_array_get_length (content); j++)
        {
          JsonNode *part_node = json_array_get_element (content, j);
          JsonObject *part
              = JSON_NODE_HOLDS_OBJECT (part_node) ? json_node_get_object (part_node) : NULL;
          JsonNode *image = part ? json_object_get_member (part, "image_url") : NULL;

          if (image != NULL && JSON_NODE_HOLDS_OBJECT (image))
            return json_object_get_string_member_with_default (json_node_get_object (image), "url",
                                                               NULL);
          if (image != NULL && JSON_NODE_HOLDS_VALUE (image)
              && json_node_get_value_type (image) == G_TYPE_STRING)
            return json_node_get_string (image);
        }
    }
  return NULL;
}

/* A data: URL's bytes (base64 or percent-encoded). */
static GBytes *
decode_data_url (const char *url, GError **error)
{
  const char *comma = strchr (url, ',');
  g_autofree char *header = comma ? g_strndup (url, comma - url) : NULL;

  if (comma == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "the data: URL has no comma");
      return NULL;
    }
  if (g_str_has_suffix (header, ";base64"))
    return cutout_serve_base64_decode (comma + 1, error);
  return g_uri_unescape_bytes (comma + 1, -1, NULL, error);
}

/* Checks what can be checked before the body is read. */
static gboolean
refuse_early (CutoutServe *serve, SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  const char *key = auth && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0 ? auth + 7 : NULL;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "invalid_request_error", NULL,
                 "POST a chat completion here");
  else if (!cutout_serve_check_key (serve, key))
    reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "invalid_request_error", "invalid_api_key",
                 "Incorrect API key provided");
  else if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH
           || soup_message_headers_get_content_length (headers) > CUTOUT_SERVE_MAX_BODY)
    reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "invalid_request_error", NULL,
                 "The request is over 32 MiB or has no Content-Length");
  else
    return FALSE;
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  return TRUE;
}

static void
completions_early_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  OpenAI *openai = data;

  refuse_early (openai->serve, msg);
}

/* The image the request's body gives: its URL, checked. */
static const char *
parse_request (JsonNode *root, GError **error)
{
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *messages = object ? json_object_get_member (object, "messages") : NULL;
  const char *model
      = object ? json_object_get_string_member_with_default (object, "model", NULL) : NULL;
  const char *url;

  if (object == NULL || messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The body must be a JSON object with model and messages");
      return NULL;
    }
  if (g_strcmp0 (model, MODEL) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "The model `%s` does not exist; this server has " MODEL,
                   model ? model : "(none)");
      return NULL;
    }
  url = find_image_url (json_node_get_array (messages));
  if (url == NULL || url[0] == '\0')
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "The remove-bg model needs an image: include an image_url in the "
                         "user message");
  return url;
}

static void
completions_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  OpenAI *openai = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) image = NULL;
  CutoutServeRequest *request;
  Completion *completion;
  const char *url;

  if (refuse_early (openai->serve, msg))
    return;
  root = cutout_serve_parse_json (msg, &error);
  url = root ? parse_request (root, &error) : NULL;
  if (url != NULL && g_ascii_strncasecmp (url, "data:", 5) == 0)
    image = decode_data_url (url, &error);
  else if (url != NULL && !cutout_fetch_is_url (url))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "image_url must be an http(s) or data: URL");
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        reply_error (msg, SOUP_STATUS_NOT_FOUND, "invalid_request_error", "model_not_found",
                     error->message);
      else
        reply_invalid (msg, error->message);
      return;
    }
  completion = g_new0 (Completion, 1);
  completion->openai = openai;
  completion->base = request_base (msg);
  request = cutout_serve_request_new (openai->serve, msg);
  request->api = completion;
  request->api_free = (GDestroyNotify) completion_free;
  if (image != NULL)
    submit (request, image);
  else
    cutout_serve_fetch (request, url, fetched_cb);
}

static void
models_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, MODEL);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "model");
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "owned_by");
  json_builder_add_string_value (builder, "cutout");
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, SOUP_STATUS_OK, "application/json", body);
}

/* GET /v1/results/TOKEN.png: a result, within its hour. The token is the
 * only key: whoever has the URL may fetch it, as with the seed's. */
static void
results_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  OpenAI *openai = data;
  g_autofree char *token = g_strdup (path + strlen (RESULTS_PATH));
  Result *result;

  if (g_str_has_suffix (token, ".png"))
    token[strlen (token) - 4] = '\0';
  purge (openai);
  result = g_hash_table_lookup (openai->results, token);
  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  else if (result == NULL)
    reply_error (msg, SOUP_STATUS_NOT_FOUND, "invalid_request_error", NULL,
                 "No such result, or its hour is over");
  else
    cutout_serve_reply (msg, SOUP_STATUS_OK, "image/png", result->png);
}

static void
openai_free (OpenAI *openai)
{
  g_clear_handle_id (&openai->purge_id, g_source_remove);
  g_queue_clear (&openai->order);
  g_hash_table_unref (openai->results);
  g_free (openai);
}

void
cutout_serve_openai_add (CutoutServe *serve, SoupServer *server)
{
  OpenAI *openai = g_new0 (OpenAI, 1);

  openai->serve = serve;
  openai->results
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) result_free);
  g_queue_init (&openai->order);
  openai->purge_id = g_timeout_add_seconds (60, purge_cb, openai);
  soup_server_add_early_handler (server, "/v1/chat/completions", completions_early_cb, openai,
                                 NULL);
  soup_server_add_handler (server, "/v1/chat/completions", completions_cb, openai, NULL);
  soup_server_add_handler (server, "/v1/models", models_cb, openai, NULL);
  soup_server_add_handler (server, RESULTS_PATH, results_cb, openai, (GDestroyNotify) openai_free);
}
