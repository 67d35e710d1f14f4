/* cutout-serve-util.c: what the server's APIs share: JSON, base64, answers
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-serve.h"

void
cutout_serve_reply (SoupServerMessage *msg, guint status, const char *content_type, GBytes *body)
{
  gsize size = 0;
  const char *data = body ? g_bytes_get_data (body, &size) : NULL;

  soup_server_message_set_status (
      msg, status, status == CUTOUT_SERVE_STATUS_TOO_MANY_REQUESTS ? "Too Many Requests" : NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, data, size);
}

GBytes *
cutout_serve_json_bytes (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}

/* The request's body as JSON. */
JsonNode *
cutout_serve_parse_json (SoupServerMessage *msg, GError **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "the body is empty");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;
  return json_parser_steal_root (parser);
}

static gboolean
is_base64_char (char c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/';
}

/* Plain base64 (as Baidu and remove.bg take it: no "data:" header), with
 * line breaks allowed; anything else in it, or a wrong length, is an
 * error (g_base64_decode() would skip what it does not know). */
GBytes *
cutout_serve_base64_decode (const char *text, GError **error)
{
  g_autoptr (GString) clean = g_string_sized_new (strlen (text));
  gsize n_pad = 0;
  gsize length;
  guchar *data;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        continue;
      if (*p == '=' && clean->len > 0)
        n_pad++;
      else if (!is_base64_char (*p) || n_pad > 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "not base64 (at character %" G_GSIZE_FORMAT ")", (gsize) (p - text));
          return NULL;
        }
      g_string_append_c (clean, *p);
    }
  if (clean->len == 0 || clean->len % 4 != 0 || n_pad > 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           clean->len == 0 ? "the image is empty" : "not base64 (wrong length)");
      return NULL;
    }
  data = g_base64_decode (clean->str, &length);
  return g_bytes_new_take (data, length);
}

char *
cutout_serve_base64_encode (GBytes *bytes)
{
  gsize size = 0;
  const guchar *data = g_bytes_get_data (bytes, &size);

  return g_base64_encode (data, size);
}

/* A number for a request in logs and answers, as Baidu's log_id: under
 * 2^53, so that JavaScript reads it exactly. */
guint64
cutout_serve_log_id (void)
{
  return ((guint64) g_random_int () << 20 ^ g_random_int ())
         % G_GUINT64_CONSTANT (9007199254740991);
}

/* A form's fields, name → GBytes: multipart/form-data (files and fields
 * alike) or application/x-www-form-urlencoded; NULL for another body. */
GHashTable *
cutout_serve_parse_form (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr (GBytes) bytes = soup_message_body_flatten (body);
  const char *type = soup_message_headers_get_content_type (headers, NULL);
  GHashTable *fields
      = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  SoupMultipart *multipart;

  if (type != NULL && g_ascii_strcasecmp (type, "application/x-www-form-urlencoded") == 0)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_autoptr (GHashTable) form = soup_form_decode (text);
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, form);
      while (g_hash_table_iter_next (&iter, &name, &value))
        g_hash_table_insert (fields, g_strdup (name), g_bytes_new (value, strlen (value)));
      return fields;
    }
  multipart = soup_multipart_new_from_message (headers, bytes);
  if (multipart == NULL)
    {
      g_hash_table_unref (fields);
      return NULL;
    }
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      GHashTable *params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body)
          || !soup_message_headers_get_content_disposition (part_headers, NULL, &params))
        continue;
      name = g_hash_table_lookup (params, "name");
      if (name != NULL)
        g_hash_table_insert (fields, g_strdup (name), g_bytes_ref (part_body));
      g_hash_table_unref (params);
    }
  soup_multipart_free (multipart);
  return fields;
}

/* A form field as text, or NULL. */
char *
cutout_serve_form_text (GHashTable *form, const char *name)
{
  GBytes *value = form ? g_hash_table_lookup (form, name) : NULL;

  if (value == NULL)
    return NULL;
  return g_strndup (g_bytes_get_data (value, NULL), g_bytes_get_size (value));
}

/* The key a request brings: X-Api-Key, or Authorization: Bearer. */
const char *
cutout_serve_request_key (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "X-Api-Key");
  const char *auth = soup_message_headers_get_one (headers, "Authorization");

  if (key == NULL && auth != NULL && g_ascii_strncasecmp (auth, "Bearer ", 7) == 0)
    key = auth + 7;
  return key;
}

/* Whether the request's body may be read: it says its length, within the
 * cap. */
gboolean
cutout_serve_body_fits (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    return TRUE;
  return soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
         && soup_message_headers_get_content_length (headers) <= CUTOUT_SERVE_MAX_BODY;
}

/* A request refused before its body is read: the body is still read
 * (HTTP/1.1 has no other way to answer before it), but dropped. */
void
cutout_serve_drop_body (SoupServerMessage *msg)
{
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
}
