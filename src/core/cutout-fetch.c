/* cutout-fetch.c: a photo downloaded from a URL, within limits
 *
 * For cutout-cli's URL inputs, its server's "url" and "image_url" fields,
 * and the app (a URL dropped or pasted): GET with libsoup, redirects
 * followed here (at most CUTOUT_FETCH_MAX_REDIRECTS, http and https only),
 * the body read into memory up to CUTOUT_FETCH_MAX_BYTES, the whole within
 * CUTOUT_FETCH_TIMEOUT_SECONDS. Unless CUTOUT_FETCH_ALLOW_PRIVATE, every
 * connection is checked once made, before anything is sent on it: one to
 * a loopback, private, link-local (or otherwise not public) address is
 * cancelled. Checking the address connected to, rather than the host
 * name, leaves no room for a name that resolves to a public address once
 * and a private one the next time. No proxy is used, for the same reason.
 *
 * Everything runs on the caller's thread-default main context.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cutout-fetch.h"

G_DEFINE_QUARK (cutout - fetch - error - quark, cutout_fetch_error)

#define CHUNK_SIZE (64 * 1024)

typedef struct
{
  char *url; /* as given, for the messages */
  CutoutFetchFlags flags;
  SoupSession *session;
  SoupMessage *msg;
  GUri *uri; /* the one being fetched (after redirects) */
  guint n_redirects;
  GInputStream *stream;
  GByteArray *data;
  GCancellable *cancellable; /* ours: the caller's, the deadline, a refusal */
  gulong caller_handler;
  GCancellable *caller_cancellable;
  guint deadline_id;
  GMainContext *context; /* the caller's */
  gboolean timed_out;
  char *refused; /* the address refused, once one is */
} Fetch;

static void
fetch_free (Fetch *f)
{
  if (f->deadline_id != 0)
    g_source_destroy (g_main_context_find_source_by_id (f->context, f->deadline_id));
  g_main_context_unref (f->context);
  if (f->caller_cancellable != NULL)
    g_cancellable_disconnect (f->caller_cancellable, f->caller_handler);
  g_clear_object (&f->caller_cancellable);
  g_clear_object (&f->msg);
  g_clear_object (&f->session);
  g_clear_object (&f->stream);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->uri, g_uri_unref);
  g_clear_pointer (&f->data, g_byte_array_unref);
  g_free (f->refused);
  g_free (f->url);
  g_free (f);
}

gboolean
cutout_fetch_is_url (const char *text)
{
  return g_ascii_strncasecmp (text, "http://", 7) == 0
         || g_ascii_strncasecmp (text, "https://", 8) == 0;
}

/* IPv4 addresses that are not the public internet's: 0/8, 10/8,
 * 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24, 192.168/16,
 * 198.18/15 and 224/3 (multicast, reserved, broadcast). */
static gboolean
ipv4_is_private (const guint8 *a)
{
  return a[0] == 0 || a[0] == 10 || (a[0] == 100 && (a[1] & 0xc0) == 64) || a[0] == 127
         || (a[0] == 169 && a[1] == 254) || (a[0] == 172 && (a[1] & 0xf0) == 16)
         || (a[0] == 192 && a[1] == 0 && a[2] == 0) || (a[0] == 192 && a[1] == 168)
         || (a[0] == 198 && (a[1] & 0xfe) == 18) || a[0] >= 224;
}

/* Whether @address is loopback, private, link-local, unspecified or
 * multicast, in IPv4 or IPv6 (an IPv4 address mapped into IPv6 too). */
gboolean
cutout_fetch_address_is_private (GInetAddress *address)
{
  const guint8 *a = g_inet_address_to_bytes (address);
  static const guint8 mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), TRUE);

  if (g_inet_address_get_family (address) == G_SOCKET_FAMILY_IPV4)
    return ipv4_is_private (a);
  if (memcmp (a, mapped, 12) == 0)
    return ipv4_is_private (a + 12);
  return g_inet_address_get_is_any (address) || g_inet_address_get_is_loopback (address)
         || g_inet_address_get_is_link_local (address) || g_inet_address_get_is_site_local (address)
         || g_inet_address_get_is_multicast (address) || (a[0] & 0xfe) == 0xfc /* fc00::/7 */;
}

/* The last part of @url's path, for a file name ("photo.jpg"), or
 * "download" when it has none. */
char *
cutout_fetch_url_basename (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  const char *path = uri ? g_uri_get_path (uri) : NULL;
  const char *slash = path ? strrchr (path, '/') : NULL;
  const char *name = slash ? slash + 1 : path;
  g_autofree char *unescaped = name && *name ? g_uri_unescape_string (name, "/") : NULL;

  if (unescaped == NULL || unescaped[0] == '\0' || unescaped[0] == '.')
    return g_strdup ("download");
  return g_steal_pointer (&unescaped);
}

static void
fail (GTask *task, int code, const char *message)
{
  Fetch *f = g_task_get_task_data (task);

  g_task_return_new_error (task, CUTOUT_FETCH_ERROR, code,
                           /* Translators: a URL, then what went wrong with it. */
                           _ ("%s: %s"), f->url, message);
}

/* Over CUTOUT_FETCH_MAX_BYTES. */
static void
fail_too_large (GTask *task)
{
  /* The size as text: a format macro would cut the message short for
   * xgettext. */
  g_autofree char *mib = g_strdup_printf ("%" G_GSIZE_FORMAT, CUTOUT_FETCH_MAX_BYTES >> 20);
  g_autofree char *why = g_strdup_printf (_ ("the file is over %s MiB"), mib);

  fail (task, CUTOUT_FETCH_ERROR_TOO_LARGE, why);
}

/* Every connection, once made: its address must be public. */
static void
network_event_cb (SoupMessage *msg, GSocketClientEvent event, GIOStream *connection, Fetch *f)
{
  g_autoptr (GSocketAddress) remote = NULL;
  GInetAddress *address;

  if (event != G_SOCKET_CLIENT_CONNECTED || (f->flags & CUTOUT_FETCH_ALLOW_PRIVATE))
    return;
  remote = g_socket_connection_get_remote_address (G_SOCKET_CONNECTION (connection), NULL);
  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    address = NULL;
  else
    address = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
  if (address == NULL || cutout_fetch_address_is_private (address))
    {
      f->refused = address ? g_inet_address_to_string (address) : g_strdup ("?");
      g_cancellable_cancel (f->cancellable);
    }
}

static void start (GTask *task);

static void read_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
read_next (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (f->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT, f->cancellable,
                                   read_cb, task);
}

/* Why a libsoup or stream call failed, told as one of ours. */
static void
fail_with (GTask *task, GError *error)
{
  Fetch *f = g_task_get_task_data (task);

  if (f->refused != NULL)
    {
      g_autofree char *why = g_strdup_printf (
          _ ("refused: %s is a loopback, private or link-local address"), f->refused);
      fail (task, CUTOUT_FETCH_ERROR_REFUSED, why);
    }
  else if (f->timed_out || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_autofree char *why
          = g_strdup_printf (_ ("no answer within %d seconds"), CUTOUT_FETCH_TIMEOUT_SECONDS);
      fail (task, CUTOUT_FETCH_ERROR_TIMEOUT, why);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else
    fail (task, CUTOUT_FETCH_ERROR_NETWORK, error->message);
}

static void
read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) chunk
      = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size = chunk ? g_bytes_get_size (chunk) : 0;

  if (chunk == NULL)
    return fail_with (task, error);
  if (size == 0)
    {
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&f->data)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }
  if (f->data->len + size > CUTOUT_FETCH_MAX_BYTES)
    {
      return fail_too_large (task);
    }
  g_byte_array_append (f->data, g_bytes_get_data (chunk, NULL), size);
  g_object_ref (task);
  read_next (task);
}

/* A 3xx with a Location: the next URL, if it may be followed. */
static gboolean
follow (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);
  const char *location
      = soup_message_headers_get_one (soup_message_get_response_headers (f->msg), "Location");
  g_autoptr (GUri) next
      = location ? g_uri_parse_relative (f->uri, location, G_URI_FLAGS_NONE, NULL) : NULL;

  if (next == NULL
      || (g_strcmp0 (g_uri_get_scheme (next), "http") != 0
          && g_strcmp0 (g_uri_get_scheme (next), "https") != 0))
    {
      fail (task, CUTOUT_FETCH_ERROR_BAD_URL, _ ("redirected to something not an http(s) URL"));
      return FALSE;
    }
  if (++f->n_redirects > CUTOUT_FETCH_MAX_REDIRECTS)
    {
      g_autofree char *why
          = g_strdup_printf (_ ("more than %d redirects"), CUTOUT_FETCH_MAX_REDIRECTS);
      fail (task, CUTOUT_FETCH_ERROR_REDIRECTS, why);
      return FALSE;
    }
  g_uri_unref (f->uri);
  f->uri = g_steal_pointer (&next);
  return TRUE;
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GTask) task = data;
  Fetch *f = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  guint status;
  goffset length;

  f->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (f->stream == NULL)
    return fail_with (task, error);
  status = soup_message_get_status (f->msg);
  if (SOUP_STATUS_IS_REDIRECTION (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      g_clear_object (&f->stream);
      if (follow (task))
        start (g_steal_pointer (&task));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *why = g_strdup_printf (_ ("the server answered HTTP %u %s"), status,
                                              soup_message_get_reason_phrase (f->msg));
      return fail (task, CUTOUT_FETCH_ERROR_HTTP, why);
    }
  length = soup_message_headers_get_content_length (soup_message_get_response_headers (f->msg));
  if (length > (goffset) CUTOUT_FETCH_MAX_BYTES)
    {
      return fail_too_large (task);
    }
  f->data = g_byte_array_new ();
  read_next (g_steal_pointer (&task));
}

static void
start (GTask *task)
{
  Fetch *f = g_task_get_task_data (task);

  g_clear_object (&f->msg);
  f->msg = soup_message_new_from_uri (SOUP_METHOD_GET, f->uri);
  soup_message_add_flags (f->msg, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect (f->msg, "network-event", G_CALLBACK (network_event_cb), f);
  soup_session_send_async (f->session, f->msg, G_PRIORITY_DEFAULT, f->cancellable, sent_cb, task);
}

static gboolean
deadline_cb (gpointer data)
{
  Fetch *f = data;

  f->deadline_id = 0;
  f->timed_out = TRUE;
  g_cancellable_cancel (f->cancellable);
  return G_SOURCE_REMOVE;
}

static void
caller_cancelled_cb (GCancellable *caller, Fetch *f)
{
  g_cancellable_cancel (f->cancellable);
}

/* Downloads @url (http or https) into memory, as the file header says. */
void
cutout_fetch_url_async (const char *url,
                        CutoutFetchFlags flags,
                        GCancellable *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr (GSource) deadline = NULL;
  Fetch *f = g_new0 (Fetch, 1);

  g_return_if_fail (url != NULL);

  f->url = g_strdup (url);
  f->flags = flags;
  f->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, f, (GDestroyNotify) fetch_free);
  g_task_set_source_tag (task, cutout_fetch_url_async);
  f->uri = cutout_fetch_is_url (url) ? g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL) : NULL;
  if (f->uri == NULL || g_uri_get_host (f->uri) == NULL || *g_uri_get_host (f->uri) == '\0')
    return fail (task, CUTOUT_FETCH_ERROR_BAD_URL, _ ("not an http or https URL"));
  f->session
      = soup_session_new_with_options ("user-agent", "Cutout/" PACKAGE_VERSION, "timeout",
                                       CUTOUT_FETCH_TIMEOUT_SECONDS, "proxy-resolver", NULL, NULL);
  f->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      f->caller_cancellable = g_object_ref (cancellable);
      f->caller_handler
          = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), f, NULL);
    }
  /* On the caller's context, as everything else (the sync call's own). */
  deadline = g_timeout_source_new_seconds (CUTOUT_FETCH_TIMEOUT_SECONDS);
  g_source_set_callback (deadline, deadline_cb, f, NULL);
  f->deadline_id = g_source_attach (deadline, g_main_context_get_thread_default ());
  start (g_steal_pointer (&task));
}

GBytes *
cutout_fetch_url_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* The same, on a main context of its own (for cutout-cli's inputs). */
GBytes *
cutout_fetch_url_sync (const char *url,
                       CutoutFetchFlags flags,
                       GCancellable *cancellable,
                       GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;
  GBytes *bytes;

  g_main_context_push_thread_default (context);
  cutout_fetch_url_async (url, flags, cancellable, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  bytes = cutout_fetch_url_finish (result, error);
  /* The session goes with the task, on its own context (libsoup
   * insists), and what it leaves to do is done there. */
  g_object_unref (result);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return bytes;
}
