/* cutout-serve-removebg.c: remove.bg's API
 *
 * POST /v1.0/removebg, as a multipart form, a urlencoded form or JSON, with
 * image_file (a file), image_file_b64 or image_url; size (preview, small and
 * regular 0.25 megapixels, medium 1.5, hd 4; auto, full, 4k and 50MP the
 * photo's own size, which is also what no size gives), format auto, png,
 * jpg, webp or zip (color.jpg and alpha.png), bg_color (with jpg),
 * channels rgba or alpha, crop and crop_margin (cutout-serve-shape.c),
 * roi in pixels ("x1px y1px x2px y2px", or the whole photo as
 * "0% 0% 100% 100%"); the key in X-Api-Key. The answer is the image with
 * X-Width, X-Height and X-Foreground-*, or with Accept: application/json
 * {"data": {"result_b64", "foreground_top", …}}; errors are
 * {"errors": [{"title", "code", "detail"}]}. Other rois are refused as not
 * supported.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cutout-box.h"
#include "cutout-serve-shape.h"
#include "cutout-serve.h"

#define REMOVEBG_PATH "/v1.0/removebg"

typedef struct
{
  CutoutServeSpec spec;
  gboolean json; /* Accept: application/json */
  /* The queue's result reshaped (cropped, shrunk, zipped; and measured
   * for the JSON answer's subject bounds), or sent as it is. */
  gboolean reshape;
  CutoutServeShape shape;
} RemoveBg;

static void
removebg_free (RemoveBg *r)
{
  g_clear_pointer (&r->spec.boxes, g_array_unref);
  g_free (r);
}

static void
reply_error (SoupServerMessage *msg, guint status, const char *code, const char *detail)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, soup_status_get_phrase (status));
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "detail");
  json_builder_add_string_value (builder, detail);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_reply (msg, status, "application/json", body);
}

static const char *
content_type (RemoveBg *r)
{
  CutoutFormat format = r->reshape ? r->shape.format : r->spec.format;

  return r->reshape && r->shape.zip     ? "application/zip"
         : format == CUTOUT_FORMAT_JPEG ? "image/jpeg"
         : format == CUTOUT_FORMAT_WEBP ? "image/webp"
                                        : "image/png";
}

static void
set_number (SoupMessageHeaders *headers, const char *name, int value)
{
  g_autofree char *text = g_strdup_printf ("%d", value);

  soup_message_headers_replace (headers, name, text);
}

static void
add_number (JsonBuilder *builder, const char *name, int value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* The result, with its size and its subject's bounds in the headers, or
 * as remove.bg's JSON. */
static void
reply_result (CutoutServeRequest *request, GBytes *result, const CutoutServeShaped *shaped)
{
  RemoveBg *r = request->api;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GBytes) body = NULL;
  g_autofree char *b64 = NULL;

  set_number (headers, "X-Width", shaped->width);
  set_number (headers, "X-Height", shaped->height);
  set_number (headers, "X-Foreground-Top", shaped->subject_y);
  set_number (headers, "X-Foreground-Left", shaped->subject_x);
  set_number (headers, "X-Foreground-Width", shaped->subject_width);
  set_number (headers, "X-Foreground-Height", shaped->subject_height);
  soup_message_headers_replace (headers, "X-Credits-Charged", "0");
  if (!r->json)
    return cutout_serve_request_reply (request, SOUP_STATUS_OK, content_type (r), result);
  b64 = cutout_serve_base64_encode (result);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "result_b64");
  json_builder_add_string_value (builder, b64);
  add_number (builder, "foreground_top", shaped->subject_y);
  add_number (builder, "foreground_left", shaped->subject_x);
  add_number (builder, "foreground_width", shaped->subject_width);
  add_number (builder, "foreground_height", shaped->subject_height);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = cutout_serve_json_bytes (builder);
  cutout_serve_request_reply (request, SOUP_STATUS_OK, "application/json", body);
}

static void
removebg_done (GBytes *result, int width, int height, const GError *error, gpointer data);

static void
shaped_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutServeRequest *request = data;
  g_autoptr (GError) error = NULL;
  CutoutServeShaped shaped;
  g_autoptr (GBytes) bytes = cutout_serve_shape_finish (result, &shaped, &error);

  if (bytes == NULL)
    return removebg_done (NULL, 0, 0, error, request);
  reply_result (request, bytes, &shaped);
}

static void
removebg_done (GBytes *result, int width, int height, const GError *error, gpointer data)
{
  CutoutServeRequest *request = data;
  RemoveBg *r = request->api;
  guint status = SOUP_STATUS_BAD_REQUEST;
  const char *code = "unknown_foreground";

  if (error == NULL && r->reshape)
    return cutout_serve_shape_async (result, &r->shape, cutout_serve_get_workdir (request->serve),
                                     shaped_cb, request);
  if (error == NULL)
    return reply_result (request, result,
                         &(CutoutServeShaped){ width, height, 0, 0, width, height });
  if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BUSY))
    status = CUTOUT_SERVE_STATUS_TOO_MANY_REQUESTS, code = "rate_limit_exceeded";
  else if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_STOPPING))
    status = SOUP_STATUS_SERVICE_UNAVAILABLE, code = "unavailable";
  else if (g_error_matches (error, CUTOUT_SERVE_ERROR, CUTOUT_SERVE_ERROR_BAD_IMAGE))
    code = "invalid_file_type";
  else if (error->domain == CUTOUT_FETCH_ERROR)
    code = "failed_to_download";
  else if (error->domain == CUTOUT_SERVE_ERROR)
    status = SOUP_STATUS_INTERNAL_SERVER_ERROR, code = "unknown_error";
  if (!request->gone)
    {
      reply_error (request->msg, status, code, error->message);
      soup_server_message_unpause (request->msg);
    }
  cutout_serve_request_free (request);
}

static void
fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutServeRequest *request = data;
  RemoveBg *r = request->api;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) image = cutout_serve_fetch_finish (result, &error);

  if (image == NULL)
    return removebg_done (NULL, 0, 0, error, request);
  cutout_serve_submit (request, image, &r->spec, removebg_done);
}

/* A JSON body's members as a form's fields (strings, numbers, booleans). */
static GHashTable *
json_form (SoupServerMessage *msg)
{
  g_autoptr (JsonNode) root = cutout_serve_parse_json (msg, NULL);
  GHashTable *form
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return form;
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *text = NULL;
      if (!JSON_NODE_HOLDS_VALUE (node))
        continue;
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        text = g_strdup (json_node_get_string (node));
      else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      else
        text = g_strdup_printf ("%g", json_node_get_double (node));
      g_hash_table_insert (form, g_strdup (name), g_bytes_new (text, strlen (text)));
    }
  return form;
}

/* roi "x1px y1px x2px y2px": a box; the whole photo: none. */
static gboolean
parse_roi (const char *roi, CutoutServeSpec *spec, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (roi, " ", -1);
  CutoutBox box;
  int v[4];

  if (g_str_equal (roi, "0% 0% 100% 100%"))
    return TRUE;
  for (guint i = 0; g_strv_length (parts) == 4 && i < 4; i++)
    {
      char *end;
      long n = strtol (parts[i], &end, 10);
      if (end == parts[i] || !g_str_equal (end, "px") || n < 0 || n > 1000000)
        break;
      v[i] = (int) n;
      if (i == 3)
        {
          box = (CutoutBox){ v[0], v[1], v[2], v[3] };
          if (box.x1 < box.x2 && box.y1 < box.y2)
            {
              spec->boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
              g_array_append_val (spec->boxes, box);
              return TRUE;
            }
        }
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       "roi must be \"x1px y1px x2px y2px\" with x1 < x2 and y1 < y2, or "
                       "\"0% 0% 100% 100%\" (other percentages are not supported)");
  return FALSE;
}

/* format and channels: the format asked for, or zip. */
static gboolean
parse_format (GHashTable *form, RemoveBg *r, GError **error)
{
  g_autofree char *format = cutout_serve_form_text (form, "format");
  g_autofree char *channels = cutout_serve_form_text (form, "channels");
  CutoutFormat *f = &r->shape.format;

  *f = CUTOUT_FORMAT_PNG;
  if (format != NULL && g_str_equal (format, "jpg"))
    *f = CUTOUT_FORMAT_JPEG;
  else if (format != NULL && g_str_equal (format, "webp"))
    *f = CUTOUT_FORMAT_WEBP;
  else if (format != NULL && g_str_equal (format, "zip"))
    r->shape.zip = TRUE;
  else if (format != NULL && !g_str_equal (format, "png") && !g_str_equal (format, "auto"))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "format must be auto, png, jpg, webp or zip (not %s)", format),
           FALSE;
  if (channels != NULL && g_str_equal (channels, "alpha"))
    *f = CUTOUT_FORMAT_MASK;
  else if (channels != NULL && !g_str_equal (channels, "rgba"))
    return g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                "channels must be rgba or alpha"),
           FALSE;
  return TRUE;
}

/* size, crop and crop_margin. */
static gboolean
parse_shape (GHashTable *form, RemoveBg *r, GError **error)
{
  g_autofree char *size = cutout_serve_form_text (form, "size");
  g_autofree char *crop = cutout_serve_form_text (form, "crop");
  g_autofree char *margin = cutout_serve_form_text (form, "crop_margin");

  if (size != NULL && !cutout_serve_parse_size (size, &r->shape.max_pixels))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "size must be auto, preview, small, regular, medium, hd, full, 4k or "
                        "50MP (not %s)",
                        size),
           FALSE;
  r->shape.crop = crop != NULL && g_str_equal (crop, "true");
  if (margin != NULL && !cutout_serve_parse_margins (margin, r->shape.margins))
    return g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                        "crop_margin must be one, two or four margins such as 30px or 10%% "
                        "(at most 500px or 50%%), not %s",
                        margin),
           FALSE;
  return TRUE;
}

/* format, channels, bg_color, size, crop, crop_margin and roi into @r. */
static gboolean
parse_options (GHashTable *form, RemoveBg *r, GError **error)
{
  g_autofree char *bg = cutout_serve_form_text (form, "bg_color");
  g_autofree char *roi = cutout_serve_form_text (form, "roi");
  g_autofree char *colour = bg && bg[0] != '#' ? g_strconcat ("#", bg, NULL) : g_strdup (bg);
  CutoutServeSpec *spec = &r->spec;

  spec->refine = TRUE;
  memset (spec->background, 255, 3);
  if (!parse_format (form, r, error) || !parse_shape (form, r, error))
    return FALSE;
  if (colour != NULL
      && (!cutout_color_parse (colour, spec->background) || r->shape.format != CUTOUT_FORMAT_JPEG
          || r->shape.zip))
    return g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                "bg_color must be a hex colour (81d4fa) or a colour name, and "
                                "is supported with format jpg only"),
           FALSE;
  memcpy (r->shape.background, spec->background, 3);
  /* The queue makes the cut-out at full size; anything else is a reshape
   * of its PNG. */
  r->reshape = r->shape.zip || r->shape.crop || r->shape.max_pixels > 0 || r->json;
  spec->format = r->reshape ? CUTOUT_FORMAT_PNG : r->shape.format;
  return roi == NULL || parse_roi (roi, spec, error);
}

static void
removebg_early_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;
  const char *key
      = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Api-Key");

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "POST the image here");
  else if (!cutout_serve_check_key (serve, key))
    reply_error (msg, SOUP_STATUS_FORBIDDEN, "auth_failed", "Invalid or missing X-Api-Key");
  else if (!cutout_serve_body_fits (msg))
    reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "file_too_large",
                 "The request is over 32 MiB or has no Content-Length");
  else
    return;
  cutout_serve_drop_body (msg);
}

/* The request's form: JSON, or a (multipart or urlencoded) form. */
static GHashTable *
read_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *type = soup_message_headers_get_content_type (headers, NULL);

  if (type != NULL && g_ascii_strcasecmp (type, "application/json") == 0)
    return json_form (msg);
  return cutout_serve_parse_form (msg);
}

static void
removebg_cb (
    SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query, gpointer data)
{
  CutoutServe *serve = data;
  g_autoptr (GHashTable) form = read_form (msg);
  GBytes *file = form ? g_hash_table_lookup (form, "image_file") : NULL;
  g_autofree char *b64 = cutout_serve_form_text (form, "image_file_b64");
  g_autofree char *url = cutout_serve_form_text (form, "image_url");
  const char *accept
      = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Accept");
  g_autoptr (GBytes) image = file ? g_bytes_ref (file) : NULL;
  g_autoptr (GError) error = NULL;
  RemoveBg *r = g_new0 (RemoveBg, 1);
  CutoutServeRequest *request;

  if (image == NULL && b64 != NULL)
    image = cutout_serve_base64_decode (b64, &error);
  if (image == NULL && error == NULL && url == NULL)
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "No image given: send image_file, image_file_b64 or image_url");
  r->json = accept != NULL && strstr (accept, "application/json") != NULL;
  if (error == NULL)
    parse_options (form, r, &error);
  if (error != NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST,
                   error->code == G_IO_ERROR_NOT_SUPPORTED ? "not_supported"
                   : image == NULL && b64 == NULL          ? "missing_source"
                                                           : "invalid_parameters",
                   error->message);
      removebg_free (r);
      return;
    }
  request = cutout_serve_request_new (serve, msg);
  request->api = r;
  request->api_free = (GDestroyNotify) removebg_free;
  if (image != NULL)
    cutout_serve_submit (request, image, &r->spec, removebg_done);
  else
    cutout_serve_fetch (request, url, fetched_cb);
}

void
cutout_serve_removebg_add (CutoutServe *serve, SoupServer *server)
{
  soup_server_add_early_handler (server, REMOVEBG_PATH, removebg_early_cb, serve, NULL);
  soup_server_add_handler (server, REMOVEBG_PATH, removebg_cb, serve, NULL);
}
