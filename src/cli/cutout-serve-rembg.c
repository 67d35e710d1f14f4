/* cutout-serve-rembg.c: rembg's server API
 *
 * POST /api/remove with a multipart form's "file", or GET
 * /api/remove?url=URL; "om" (only mask: true/1) gives the mask, the other
 * rembg fields (model, a, af, ab, ae, ppm, bgc, extras) are accepted and
 * do nothing. The answer is the PNG itself; an error is {"detail": "…"},
 * as FastAPI (which rembg's server uses) gives them.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-serve.h"

#define REMOVE_PATH "/api/remove"

typedef struct
{
  CutoutServe *serve;
  CutoutServeSpec spec;
} Remove;

static void
reply_error (SoupServerMessage *msg, guint status, const char *detail)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, status, "application/json", body);
}

static guint
failure_status (const GError *error)
{
  if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BUSY))
    return CUTOUT_SERVE_STATUS_TOO_MANY_REQUESTS;
  if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_STOPPING))
    return SOUP_STATUS_SERVICE_UNAVAILABLE;
  if (error->domain == CUTOUT_SERVE_ERROR && error->code == CUTOUT_SERVE_ERROR_FAILED)
    return SOUP_STATUS_INTERNAL_SERVER_ERROR;
  return SOUP_STATUS_BAD_REQUEST;
}

static void
remove_done (GBytes *result, int width, int height, const GError *error, gpointer data)
{
  CutoutServeRequest *request = data;

  if (error == NULL)
    return cutout_serve_request_reply (request, SOUP_STATUS_OK, "image/png", result);
  if (!request->gone)
    {
      reply_error (request->msg, failure_status (error), error->message);
      soup_server_message_unpause (request->msg);
    }
  cutout_serve_request_free (request);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutServeRequest *request = data;
  Remove *remove = request->api;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) image = cutout_serve_fetch_finish (result, &error);

  if (image != NULL)
    return cutout_serve_submit (request, image, &remove->spec, remove_done);
  remove_done (NULL, 0, 0, error, request);
}

static gboolean
is_true (const char *text)
{
  return text != NULL
         && (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1")
             || g_ascii_strcasecmp (text, "yes") == 0 || g_ascii_strcasecmp (text, "on") == 0);
}

static void
remove_early_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;

  if (!cutout_serve_check_key (serve, cutout_serve_request_key (msg)))
    reply_error (msg, SOUP_STATUS_UNAUTHORIZED, "Invalid API key");
  else if (!cutout_serve_body_fits (msg))
    reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                 "The request is over 32 MiB or has no Content-Length");
  else
    return;
  cutout_serve_drop_body (msg);
}

/* GET: the photo at ?url=; POST: the form's file. */
static void
remove_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;
  gboolean get = soup_server_message_get_method (msg) == SOUP_METHOD_GET;
  g_autoptr (GHashTable) form = get ? NULL : cutout_serve_parse_form (msg);
  GBytes *file = form ? g_hash_table_lookup (form, "file") : NULL;
  const char *url = get && query ? g_hash_table_lookup (query, "url") : NULL;
  g_autofree char *only_mask = get ? g_strdup (query ? g_hash_table_lookup (query, "om") : NULL)
                                   : cutout_serve_form_text (form, "om");
  CutoutServeRequest *request;
  Remove *remove;

  if (!get && soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    return reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "Method Not Allowed");
  if (get && (url == NULL || url[0] == '\0'))
    return reply_error (msg, 422, "url: field required");
  if (!get && (file == NULL || g_bytes_get_size (file) == 0))
    return reply_error (msg, 422, "file: field required (a multipart/form-data upload)");
  remove = g_new0 (Remove, 1);
  remove->spec.format = is_true (only_mask) ? CUTOUT_FORMAT_MASK : CUTOUT_FORMAT_PNG;
  remove->spec.refine = TRUE;
  request = cutout_serve_request_new (serve, msg);
  request->api = remove;
  request->api_free = g_free;
  if (get)
    cutout_serve_fetch (request, url, fetched_cb);
  else
    cutout_serve_submit (request, file, &remove->spec, remove_done);
}

void
cutout_serve_rembg_add (CutoutServe *serve, SoupServer *server)
{
  soup_server_add_early_handler (server, REMOVE_PATH, remove_early_cb, serve, NULL);
  soup_server_add_handler (server, REMOVE_PATH, remove_cb, serve, NULL);
}
