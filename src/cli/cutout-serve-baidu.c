/* cutout-serve-baidu.c: Baidu's 智能抠图 (segment) API
 *
 * POST /rest/2.0/image-process/v1/segment?access_token=KEY with a JSON body:
 * "image" (base64, no data: header) or "url", "method" auto or control with
 * "position" [[[x1,y1],[x2,y2]],…], "return_form" rgba or mask,
 * "refine_mask" "true" or "false". The answer is {"log_id", "image"}; an
 * error is {"error_code", "error_msg", "log_id"}, with HTTP 200 as Baidu
 * answers them.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-box.h"
#include "cutout-fetch.h"
#include "cutout-serve.h"

#define SEGMENT_PATH "/rest/2.0/image-process/v1/segment"

/* Baidu's own error codes and messages. */
enum
{
  BAIDU_UNSUPPORTED_METHOD = 3,
  BAIDU_QPS_LIMIT = 18,
  BAIDU_TOKEN_INVALID = 110,
  BAIDU_INVALID_PARAM = 216100,
  BAIDU_NOT_ENOUGH_PARAM = 216101,
  BAIDU_IMAGE_FORMAT = 216201,
  BAIDU_IMAGE_SIZE = 216202,
  BAIDU_INTERNAL = 282000,
  BAIDU_URL_FORMAT = 282111,
  BAIDU_URL_TIMEOUT = 282112,
  BAIDU_URL_RESPONSE = 282113,
  BAIDU_URL_SIZE = 282114,
};

typedef struct
{
  guint64 log_id;
  CutoutServeSpec spec;
} Segment;

static void
segment_free (Segment *segment)
{
  g_clear_pointer (&segment->spec.boxes, g_array_unref);
  g_free (segment);
}

static void
reply_error (SoupServerMessage *msg, guint64 log_id, int code, const char *message)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error_code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "error_msg");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "log_id");
  json_builder_add_int_value (builder, log_id);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, SOUP_STATUS_OK, "application/json", body);
}

/* A point [x, y] of whole, non-negative pixels. */
static gboolean
parse_point (JsonNode *node, int *x, int *y)
{
  JsonArray *point = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double v[2];

  if (point == NULL || json_array_get_length (point) != 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *n = json_array_get_element (point, i);
      GType type = JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;
      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        return FALSE;
      v[i] = json_node_get_double (n);
      if (v[i] < 0 || v[i] > 1e6)
        return FALSE;
    }
  *x = (int) v[0];
  *y = (int) v[1];
  return TRUE;
}

/* "position": [[[x1,y1],[x2,y2]], …], top left and bottom right. */
static GArray *
parse_position (JsonNode *node, GError **error)
{
  JsonArray *boxes = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  g_autoptr (GArray) parsed = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  guint n = boxes ? json_array_get_length (boxes) : 0;

  if (n == 0 || n > CUTOUT_MAX_BOXES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "invalid param: position must hold 1 to %d boxes [[x1,y1],[x2,y2]]",
                   CUTOUT_MAX_BOXES);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *box_node = json_array_get_element (boxes, i);
      JsonArray *corners = JSON_NODE_HOLDS_ARRAY (box_node) ? json_node_get_array (box_node) : NULL;
      CutoutBox box;

      if (corners == NULL || json_array_get_length (corners) != 2
          || !parse_point (json_array_get_element (corners, 0), &box.x1, &box.y1)
          || !parse_point (json_array_get_element (corners, 1), &box.x2, &box.y2)
          || box.x1 >= box.x2 || box.y1 >= box.y2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "invalid param: position box %u is not [[x1,y1],[x2,y2]] with x1 < x2 "
                       "and y1 < y2",
                       i + 1);
          return NULL;
        }
      g_array_append_val (parsed, box);
    }
  return g_steal_pointer (&parsed);
}

/* A member that is a string, or NULL; @ok is FALSE if it is there but is
 * something else. */
static const char *
get_string (JsonObject *object, const char *name, gboolean *ok)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

/* method, return_form, refine_mask and position into @spec. */
static gboolean
parse_options (JsonObject *object, CutoutServeSpec *spec, GError **error)
{
  gboolean ok = TRUE;
  const char *method = get_string (object, "method", &ok);
  const char *form = get_string (object, "return_form", &ok);
  JsonNode *refine = json_object_get_member (object, "refine_mask");
  const char *refine_text = get_string (object, "refine_mask", &ok);

  spec->format = CUTOUT_FORMAT_PNG;
  spec->refine = TRUE;
  if (refine != NULL && JSON_NODE_HOLDS_VALUE (refine)
      && json_node_get_value_type (refine) == G_TYPE_BOOLEAN)
    ok = TRUE, spec->refine = json_node_get_boolean (refine);
  else if (refine_text != NULL
           && (g_str_equal (refine_text, "true") || g_str_equal (refine_text, "false")))
    spec->refine = g_str_equal (refine_text, "true");
  else if (refine_text != NULL)
    ok = FALSE;
  if (form != NULL && g_str_equal (form, "mask"))
    spec->format = CUTOUT_FORMAT_MASK;
  else if (form != NULL && !g_str_equal (form, "rgba"))
    ok = FALSE;
  if (method != NULL && !g_str_equal (method, "auto") && !g_str_equal (method, "control"))
    ok = FALSE;
  if (!ok)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "invalid param: method is auto or control, return_form rgba or "
                           "mask, refine_mask \"true\" or \"false\"");
      return FALSE;
    }
  if (method != NULL && g_str_equal (method, "control"))
    {
      spec->boxes = parse_position (json_object_get_member (object, "position"), error);
      return spec->boxes != NULL;
    }
  return TRUE;
}

static void
segment_done (GBytes *result, int width, int height, const GError *error, gpointer data)
{
  CutoutServeRequest *request = data;
  Segment *segment = request->api;
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;
  g_autofree char *image = NULL;

  if (error != NULL)
    {
      int code
          = g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BUSY) ? BAIDU_QPS_LIMIT
            : g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BAD_IMAGE)
                ? BAIDU_IMAGE_FORMAT
            : g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ? BAIDU_INVALID_PARAM
                                                                               : BAIDU_INTERNAL;
      const char *message = code == BAIDU_QPS_LIMIT       ? "Open api qps request limit reached"
                            : code == BAIDU_IMAGE_FORMAT  ? "image format error"
                            : code == BAIDU_INVALID_PARAM ? "invalid param"
                                                          : "internal error";
      g_autofree char *full = g_strdup_printf ("%s: %s", message, error->message);
      if (!request->gone)
        {
          reply_error (request->msg, segment->log_id, code, full);
          soup_server_message_unpause (request->msg);
        }
      cutout_serve_request_free (request);
      return;
    }
  image = cutout_serve_base64_encode (result);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "log_id");
  json_builder_add_int_value (builder, segment->log_id);
  json_builder_set_member_name (builder, "image");
  json_builder_add_string_value (builder, image);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_request_reply (request, SOUP_STATUS_OK, "application/json", body);
}

/* The photo of the request, from "image" (which wins over "url"): NULL
 * with @code and @error set, or with neither when it is to be fetched
 * from @url. */
static GBytes *
get_image (JsonObject *object, const char **url, int *code, GError **error)
{
  gboolean ok = TRUE;
  const char *image = get_string (object, "image", &ok);
  g_autoptr (GError) local = NULL;
  GBytes *decoded;

  *url = NULL;
  if (ok && (image == NULL || image[0] == '\0'))
    {
      *url = get_string (object, "url", &ok);
      if (ok && *url != NULL && (*url)[0] != '\0')
        return NULL;
    }
  if (!ok || image == NULL || image[0] == '\0')
    {
      *code = ok ? BAIDU_NOT_ENOUGH_PARAM : BAIDU_INVALID_PARAM;
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           ok ? "not enough param: image or url is needed"
                              : "invalid param: image and url must be strings");
      return NULL;
    }
  if (strlen (image) > CUTOUT_SERVE_BAIDU_MAX_BASE64)
    {
      *code = BAIDU_IMAGE_SIZE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "image size error: its base64 is over %" G_GSIZE_FORMAT " bytes",
                   CUTOUT_SERVE_BAIDU_MAX_BASE64);
      return NULL;
    }
  *code = BAIDU_IMAGE_FORMAT;
  decoded = cutout_serve_base64_decode (image, &local);
  if (decoded == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "image format error: %s",
                 local->message);
  return decoded;
}

/* Baidu's code and message for a URL that could not be fetched. */
static void
reply_fetch_error (CutoutServeRequest *request, const GError *error)
{
  Segment *segment = request->api;
  int code = error->domain != CUTOUT_FETCH_ERROR           ? BAIDU_INTERNAL
             : error->code == CUTOUT_FETCH_ERROR_BAD_URL   ? BAIDU_URL_FORMAT
             : error->code == CUTOUT_FETCH_ERROR_TIMEOUT   ? BAIDU_URL_TIMEOUT
             : error->code == CUTOUT_FETCH_ERROR_TOO_LARGE ? BAIDU_URL_SIZE
                                                           : BAIDU_URL_RESPONSE;
  const char *message = code == BAIDU_URL_FORMAT    ? "url format illegal"
                        : code == BAIDU_URL_TIMEOUT ? "url download timeout"
                        : code == BAIDU_URL_SIZE    ? "url size error"
                        : code == BAIDU_INTERNAL    ? "internal error"
                                                    : "url response invalid";
  g_autofree char *full = g_strdup_printf ("%s: %s", message, error->message);

  if (!request->gone)
    {
      reply_error (request->msg, segment->log_id, code, full);
      soup_server_message_unpause (request->msg);
    }
  cutout_serve_request_free (request);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutServeRequest *request = data;
  Segment *segment = request->api;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) image = cutout_serve_fetch_finish (result, &error);

  if (image == NULL && error->domain == CUTOUT_SERVE_ERROR)
    return segment_done (NULL, 0, 0, error, request);
  if (image == NULL)
    return reply_fetch_error (request, error);
  cutout_serve_submit (request, image, &segment->spec, segment_done);
}

/* Checks what can be checked before the body is read: the method, the
 * key, the size. */
static gboolean
refuse_early (CutoutServe *serve, SoupServerMessage *msg, GHashTable *query)
{
  const char *token = query ? g_hash_table_lookup (query, "access_token") : NULL;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  guint64 log_id = cutout_serve_log_id ();

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    reply_error (msg, log_id, BAIDU_UNSUPPORTED_METHOD, "Unsupported openapi method");
  else if (!cutout_serve_check_key (serve, token))
    reply_error (msg, log_id, BAIDU_TOKEN_INVALID, "Access token invalid or no longer valid");
  else if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH
           || length > CUTOUT_SERVE_MAX_BODY)
    reply_error (msg, log_id, BAIDU_IMAGE_SIZE,
                 "image size error: the request is over 32 MiB or has no Content-Length");
  else
    return FALSE;
  /* The body is still read (HTTP/1.1 has no other way to answer before
   * it), but dropped as it comes. */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  return TRUE;
}

static void
segment_early_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  refuse_early (data, msg, query);
}

static void
segment_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GBytes) image = NULL;
  CutoutServeRequest *request;
  Segment *segment;
  const char *url = NULL;
  int code = BAIDU_INVALID_PARAM;

  if (soup_server_message_get_status (msg) != 0 || refuse_early (serve, msg, query))
    return;
  segment = g_new0 (Segment, 1);
  segment->log_id = cutout_serve_log_id ();
  root = cutout_serve_parse_json (msg, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_autofree char *message
          = g_strdup_printf ("invalid param: the body is not a JSON object%s%s", error ? ": " : "",
                             error ? error->message : "");
      reply_error (msg, segment->log_id, BAIDU_INVALID_PARAM, message);
      segment_free (segment);
      return;
    }
  image = get_image (json_node_get_object (root), &url, &code, &error);
  if (error == NULL)
    {
      code = BAIDU_INVALID_PARAM;
      parse_options (json_node_get_object (root), &segment->spec, &error);
    }
  if (error != NULL)
    {
      reply_error (msg, segment->log_id, code, error->message);
      segment_free (segment);
      return;
    }
  request = cutout_serve_request_new (serve, msg);
  request->api = segment;
  request->api_free = (GDestroyNotify) segment_free;
  if (image == NULL)
    cutout_serve_fetch (request, url, fetched_cb);
  else
    cutout_serve_submit (request, image, &segment->spec, segment_done);
}

void
cutout_serve_baidu_add (CutoutServe *serve, SoupServer *server)
{
  soup_server_add_early_handler (server, SEGMENT_PATH, segment_early_cb, serve, NULL);
  soup_server_add_handler (server, SEGMENT_PATH, segment_cb, serve, NULL);
}
