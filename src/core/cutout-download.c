/* cutout-download.c: a catalogue model fetched from its sources, checked, put in place
 *
 * The sources are tried in order: the mirror (its base URL + "/" + File),
 * then each of the catalogue's Url=. The file is streamed into DEST/File.part
 * and hashed as it comes; only a file of the catalogue's size and checksum
 * is renamed to DEST/File. A part is kept for the next attempt only when the
 * connection broke (it is then resumed with a Range request, on the same
 * source a couple of times, then on the next); a part that fails its check,
 * a cancelled download and a local failure leave nothing behind.
 *
 * Everything runs on the caller's thread-default main context with
 * libsoup's and GIO's asynchronous calls; only hashing a part already
 * there (up to hundreds of megabytes) runs in a thread.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "cutout-download.h"

G_DEFINE_QUARK (cutout - download - error - quark, cutout_download_error)

#define CHUNK_SIZE (256 * 1024)
/* A connection that broke after delivering something is resumed this many
 * times on the same source before the next is tried. */
#define MAX_RETRIES 2
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
/* A server that sends nothing for this long counts as a broken connection. */
#define IO_TIMEOUT_SECONDS 60

typedef enum
{
  FAIL_HTTP,     /* the source answered with an error: the part stays as it is */
  FAIL_NETWORK,  /* the connection failed or broke: the part is kept, to resume */
  FAIL_BAD_DATA, /* the file is wrong (size, checksum): the part is deleted */
} FailKind;

/* The GTask's data. The task's own reference is the download's: each step
 * hands the task to the next asynchronous call, and the step that returns
 * the result (finish_download(), fail_all(), abort_download()) drops it. */
typedef struct
{
  CutoutModelInfo *info;
  GPtrArray *sources; /* URLs, in the order tried */
  guint source;       /* the one being tried */
  char *part_path;
  char *final_path;
  char *dest_dir;
  SoupSession *session;
  SoupMessage *message;
  GInputStream *body;
  GOutputStream *out;
  GBytes *chunk; /* being written */

  GChecksumType checksum_type;
  const char *expected; /* the catalogue's checksum, or NULL */
  const char *checksum_name;
  GChecksum *checksum; /* of the part's bytes so far; NULL: the part not looked at yet */
  goffset offset;      /* bytes in the part */
  goffset total;       /* the file's size: the catalogue's, else the server's, else 0 */

  goffset source_base;       /* bytes the part had when this source was first asked */
  gboolean source_delivered; /* this source wrote some of the part */
  guint retries;             /* broken connections resumed on this source */
  gboolean restarted;        /* this source started again from zero after a failed check */

  GString *failures; /* "URL: why; …" */
  int last_code;     /* the CutoutDownloadError of the last source's failure */

  CutoutDownloadProgressFunc progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
  gint64 last_report_us;
  goffset last_report_offset;
  double rate; /* bytes per second, smoothed */
} Download;

static void try_source (GTask *task);
static void begin_attempt (GTask *task);
static void read_next (GTask *task);
static void finish_download (GTask *task);

static void
download_free (Download *d)
{
  cutout_model_info_free (d->info);
  g_ptr_array_unref (d->sources);
  g_free (d->part_path);
  g_free (d->final_path);
  g_free (d->dest_dir);
  g_clear_object (&d->message);
  g_clear_object (&d->body);
  g_clear_object (&d->out);
  g_clear_object (&d->session);
  g_clear_pointer (&d->chunk, g_bytes_unref);
  g_clear_pointer (&d->checksum, g_checksum_free);
  g_string_free (d->failures, TRUE);
  if (d->progress_destroy != NULL)
    d->progress_destroy (d->progress_data);
  g_free (d);
}

/* The file @info names under the @mirror base URL, or NULL without one. */
char *
cutout_model_mirror_url (const char *mirror, const CutoutModelInfo *info)
{
  g_autofree char *base = NULL;
  g_autofree char *file = NULL;
  gsize len;

  g_return_val_if_fail (info != NULL && info->file != NULL, NULL);
  if (mirror == NULL || *mirror == '\0')
    return NULL;
  base = g_strdup (mirror);
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    base[--len] = '\0';
  file = g_uri_escape_string (info->file, NULL, FALSE);
  return g_strconcat (base, "/", file, NULL);
}

static GPtrArray *
collect_sources (const CutoutModelInfo *info, const char *mirror)
{
  GPtrArray *sources = g_ptr_array_new_with_free_func (g_free);
  char *mirrored;

  if (mirror == NULL)
    mirror = g_getenv ("CUTOUT_MODEL_MIRROR");
  mirrored = cutout_model_mirror_url (mirror, info);
  if (mirrored != NULL)
    g_ptr_array_add (sources, mirrored);
  for (guint i = 0; info->urls != NULL && info->urls[i] != NULL; i++)
    {
      g_autofree char *url = g_strstrip (g_strdup (info->urls[i]));
      if (*url != '\0')
        g_ptr_array_add (sources, g_steal_pointer (&url));
    }
  return sources;
}

static const char *
current_url (Download *d)
{
  return g_ptr_array_index (d->sources, d->source);
}

static void
close_streams (Download *d)
{
  /* Closing a local file or a socket does not wait on anything. */
  if (d->out != NULL)
    g_output_stream_close (d->out, NULL, NULL);
  if (d->body != NULL)
    g_input_stream_close (d->body, NULL, NULL);
  g_clear_object (&d->out);
  g_clear_object (&d->body);
  g_clear_object (&d->message);
  g_clear_pointer (&d->chunk, g_bytes_unref);
}

static void
forget_part (Download *d)
{
  g_unlink (d->part_path);
  g_clear_pointer (&d->checksum, g_checksum_free);
  d->offset = 0;
}

/* Ends the download with @error: a cancellation, or a failure here (the
 * disk), which no other source would mend. Nothing is left behind. */
static void
abort_download (GTask *task, GError *error)
{
  Download *d = g_task_get_task_data (task);

  close_streams (d);
  forget_part (d);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
report_progress (Download *d, gboolean force)
{
  gint64 now = g_get_monotonic_time ();
  gint64 elapsed = now - d->last_report_us;
  CutoutDownloadProgress p = { 0 };

  if (d->progress == NULL || (!force && elapsed < PROGRESS_INTERVAL_US))
    return;
  /* A part started again from zero gives no speed. */
  if (elapsed > 0 && d->offset >= d->last_report_offset)
    {
      double now_rate = (d->offset - d->last_report_offset) * (double) G_USEC_PER_SEC / elapsed;
      d->rate = d->rate > 0 ? 0.7 * d->rate + 0.3 * now_rate : now_rate;
    }
  d->last_report_us = now;
  d->last_report_offset = d->offset;
  p.received = d->offset;
  p.total = d->total;
  p.bytes_per_second = d->rate;
  p.seconds_left = p.total > 0 && d->rate > 0 ? MAX (p.total - p.received, 0) / d->rate : -1;
  p.url = current_url (d);
  d->progress (&p, d->progress_data);
}

static void
next_source (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  d->source++;
  try_source (task);
}

/* This source failed as @kind says, for the reason @why: try it again, or
 * the next one. */
static void
source_failed (GTask *task, FailKind kind, CutoutDownloadError code, const char *why)
{
  Download *d = g_task_get_task_data (task);

  close_streams (d);
  if (kind == FAIL_NETWORK && d->source_delivered && d->retries < MAX_RETRIES)
    {
      /* A broken connection: resumed from where it broke. */
      d->retries++;
      begin_attempt (task);
      return;
    }
  if (kind == FAIL_BAD_DATA)
    {
      forget_part (d);
      /* The part began with bytes from an earlier source or download,
       * which may be what was wrong: this source once more, from zero. */
      if (d->source_base > 0 && !d->restarted)
        {
          d->restarted = TRUE;
          d->source_base = 0;
          begin_attempt (task);
          return;
        }
    }
  g_string_append_printf (d->failures, "%s%s: %s", d->failures->len ? "; " : "", current_url (d),
                          why);
  d->last_code = code;
  next_source (task);
}

static void
fail_network (GTask *task, const GError *error)
{
  Download *d = g_task_get_task_data (task);
  g_autofree char *why = NULL;

  if (d->retries > 0)
    /* Translators: %s is why the connection broke; %u how many times it was tried. */
    why = g_strdup_printf (_ ("%s (tried %u times)"), error->message, d->retries + 1);
  source_failed (task, FAIL_NETWORK, CUTOUT_DOWNLOAD_ERROR_NETWORK, why ? why : error->message);
}

static void
fail_size (GTask *task, goffset size)
{
  Download *d = g_task_get_task_data (task);
  /* (Formatted apart: xgettext cannot read G_GOFFSET_FORMAT.) */
  g_autofree char *got = g_strdup_printf ("%" G_GOFFSET_FORMAT, size);
  g_autofree char *expected = g_strdup_printf ("%" G_GOFFSET_FORMAT, d->info->size);
  /* Translators: two numbers of bytes. */
  g_autofree char *why
      = g_strdup_printf (_ ("the file is %s bytes, not %s as the catalogue says"), got, expected);

  source_failed (task, FAIL_BAD_DATA, CUTOUT_DOWNLOAD_ERROR_SIZE, why);
}

/* Every source failed. A part kept is one a broken connection left, to be
 * resumed by the next download. */
static void
fail_all (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  if (d->offset == 0)
    g_unlink (d->part_path);
  g_task_return_new_error (task, CUTOUT_DOWNLOAD_ERROR, d->last_code,
                           /* Translators: the model's name, its catalogue id, what went
                              wrong with each address ("URL: why; URL: why"). */
                           _ ("Cannot download the model “%s” (%s): %s"), d->info->name,
                           d->info->id, d->failures->str);
  g_object_unref (task);
}

static void
try_source (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  if (d->source >= d->sources->len)
    {
      fail_all (task);
      return;
    }
  d->source_base = -1; /* known once the part is looked at */
  d->source_delivered = FALSE;
  d->retries = 0;
  d->restarted = FALSE;
  begin_attempt (task);
}

typedef struct
{
  GChecksum *checksum;
  goffset offset;
} PartState;

static void
part_state_free (PartState *s)
{
  g_checksum_free (s->checksum);
  g_free (s);
}

/* In a thread: the checksum of the part a broken download left, so that it
 * can go on from its end. A part longer than the model is deleted. */
static void
hash_part_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Download *d = data;
  PartState *s = g_new0 (PartState, 1);
  g_autoptr (GFile) file = g_file_new_for_path (d->part_path);
  g_autoptr (GFileInputStream) in = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree guchar *buffer = NULL;
  gssize n;

  s->checksum = g_checksum_new (d->checksum_type);
  in = g_file_read (file, cancellable, &error);
  if (in == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_task_return_pointer (task, s, (GDestroyNotify) part_state_free);
      return;
    }
  buffer = g_malloc (CHUNK_SIZE);
  while (in != NULL
         && (n = g_input_stream_read (G_INPUT_STREAM (in), buffer, CHUNK_SIZE, cancellable, &error))
                > 0)
    {
      g_checksum_update (s->checksum, buffer, n);
      s->offset += n;
    }
  if (error != NULL)
    {
      part_state_free (s);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (d->info->size > 0 && s->offset > d->info->size)
    {
      g_unlink (d->part_path);
      g_checksum_reset (s->checksum);
      s->offset = 0;
    }
  g_task_return_pointer (task, s, (GDestroyNotify) part_state_free);
}

static void send_request (GTask *task);

static void
part_hashed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  PartState *s = g_task_propagate_pointer (G_TASK (result), &error);

  if (s == NULL)
    {
      abort_download (task, error);
      return;
    }
  d->checksum = g_steal_pointer (&s->checksum);
  d->offset = s->offset;
  part_state_free (s);
  send_request (task);
}

static void
begin_attempt (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr (GTask) hash = NULL;

  if (d->checksum != NULL)
    {
      send_request (task);
      return;
    }
  hash = g_task_new (NULL, g_task_get_cancellable (task), part_hashed_cb, task);
  g_task_set_task_data (hash, d, NULL);
  g_task_run_in_thread (hash, hash_part_thread);
}

static void sent_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
send_request (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  if (d->source_base < 0)
    d->source_base = d->offset;
  /* A part already whole needs no network, only its check. */
  if (d->info->size > 0 && d->offset == d->info->size)
    {
      finish_download (task);
      return;
    }
  d->message = soup_message_new (SOUP_METHOD_GET, current_url (d));
  if (d->message == NULL)
    {
      source_failed (task, FAIL_HTTP, CUTOUT_DOWNLOAD_ERROR_HTTP, _ ("not a valid web address"));
      return;
    }
  if (d->offset > 0)
    soup_message_headers_set_range (soup_message_get_request_headers (d->message), d->offset, -1);
  soup_session_send_async (d->session, d->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), sent_cb, task);
}

static void output_opened_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
open_output (GTask *task, gboolean append)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr (GFile) file = g_file_new_for_path (d->part_path);
  int saved;

  /* Made only now: a download no source answered leaves no folder either. */
  if (g_mkdir_with_parents (d->dest_dir, 0777) != 0)
    {
      saved = errno;
      abort_download (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved),
                                         _ ("Cannot create the folder %s: %s"), d->dest_dir,
                                         g_strerror (saved)));
      return;
    }
  if (append)
    g_file_append_to_async (file, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                            g_task_get_cancellable (task), output_opened_cb, task);
  else
    g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                          g_task_get_cancellable (task), output_opened_cb, task);
}

static void
output_opened_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  /* Appended to when the server sent the part's missing end. */
  GFileOutputStream *out = d->offset > 0 ? g_file_append_to_finish (G_FILE (source), result, &error)
                                         : g_file_replace_finish (G_FILE (source), result, &error);

  if (out == NULL)
    {
      abort_download (task, error);
      return;
    }
  d->out = G_OUTPUT_STREAM (out);
  read_next (task);
}

/* The answer to a request for the part's missing end (@d->offset > 0). */
static void
handle_partial (GTask *task, guint status)
{
  Download *d = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (d->message);
  goffset start, end, total;

  if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE)
    {
      /* Nothing after the part's end: it may be whole (its size was not
       * known), which its check says. */
      finish_download (task);
      return;
    }
  if (!soup_message_headers_get_content_range (headers, &start, &end, &total) || start != d->offset)
    {
      source_failed (task, FAIL_HTTP, CUTOUT_DOWNLOAD_ERROR_HTTP,
                     _ ("the server sent another part of the file than the one asked for"));
      return;
    }
  if (d->info->size > 0 && total >= 0 && total != d->info->size)
    {
      fail_size (task, total);
      return;
    }
  if (d->info->size <= 0 && total > 0)
    d->total = total;
  open_output (task, TRUE);
}

static void
sent_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  SoupMessageHeaders *headers;
  guint status;

  d->body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (d->body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        abort_download (task, error);
      else
        {
          fail_network (task, error);
          g_error_free (error);
        }
      return;
    }
  status = soup_message_get_status (d->message);
  headers = soup_message_get_response_headers (d->message);
  if (d->offset > 0
      && (status == SOUP_STATUS_PARTIAL_CONTENT
          || status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE))
    {
      handle_partial (task, status);
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      const char *reason = soup_message_get_reason_phrase (d->message);
      g_autofree char *why = g_strdup_printf (
          "%u %s", status, reason && *reason ? reason : soup_status_get_phrase (status));
      source_failed (task, FAIL_HTTP, CUTOUT_DOWNLOAD_ERROR_HTTP, why);
      return;
    }
  /* The whole file (the server ignored the range, or none was asked for). */
  g_checksum_reset (d->checksum);
  d->offset = 0;
  if (d->info->size > 0
      && soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && soup_message_headers_get_content_length (headers) != d->info->size)
    {
      fail_size (task, soup_message_headers_get_content_length (headers));
      return;
    }
  if (d->info->size <= 0
      && soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    d->total = soup_message_headers_get_content_length (headers);
  open_output (task, FALSE);
}

static void read_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
read_next (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (d->body, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

static void write_cb (GObject *source, GAsyncResult *result, gpointer data);

static void
read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  GBytes *bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize len;

  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        abort_download (task, error);
      else
        {
          fail_network (task, error);
          g_error_free (error);
        }
      return;
    }
  len = g_bytes_get_size (bytes);
  if (len == 0)
    {
      g_bytes_unref (bytes);
      finish_download (task);
      return;
    }
  if (d->info->size > 0 && d->offset + (goffset) len > d->info->size)
    {
      g_autofree char *expected = g_strdup_printf ("%" G_GOFFSET_FORMAT, d->info->size);
      g_autofree char *why = g_strdup_printf (
          _ ("the file is larger than the %s bytes the catalogue says"), expected);
      g_bytes_unref (bytes);
      source_failed (task, FAIL_BAD_DATA, CUTOUT_DOWNLOAD_ERROR_SIZE, why);
      return;
    }
  d->chunk = bytes;
  g_output_stream_write_all_async (d->out, g_bytes_get_data (bytes, NULL), len, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), write_cb, task);
}

static void
write_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GTask *task = data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  gsize len;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      abort_download (task, error);
      return;
    }
  /* Hashed once written: the checksum is always that of the part on disk. */
  len = g_bytes_get_size (d->chunk);
  g_checksum_update (d->checksum, g_bytes_get_data (d->chunk, NULL), len);
  g_clear_pointer (&d->chunk, g_bytes_unref);
  d->offset += len;
  d->source_delivered = TRUE;
  report_progress (d, FALSE);
  read_next (task);
}

/* The part is all there is: its size and checksum, then into place. */
static void
finish_download (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  const char *got;

  close_streams (d);
  report_progress (d, TRUE);
  if (d->info->size > 0 && d->offset != d->info->size)
    {
      fail_size (task, d->offset);
      return;
    }
  got = d->expected ? g_checksum_get_string (d->checksum) : NULL;
  if (got != NULL && g_ascii_strcasecmp (got, d->expected) != 0)
    {
      /* Translators: the checksum's name (SHA-256, MD5), what the file's
         is, what the catalogue gives. */
      g_autofree char *why
          = g_strdup_printf (_ ("the file's %s is %s, not %s as the catalogue says"),
                             d->checksum_name, got, d->expected);
      source_failed (task, FAIL_BAD_DATA, CUTOUT_DOWNLOAD_ERROR_CHECKSUM, why);
      return;
    }
  /* (A rename, as the unlinks here, reads and writes no data: it does not
   * hold the main loop up.) */
  if (g_rename (d->part_path, d->final_path) != 0)
    {
      int saved = errno;
      abort_download (task, g_error_new (G_IO_ERROR, g_io_error_from_errno (saved),
                                         _ ("Cannot move the model into place as %s: %s"),
                                         d->final_path, g_strerror (saved)));
      return;
    }
  g_task_return_pointer (task, g_strdup (d->final_path), g_free);
  g_object_unref (task);
}

static SoupSession *
new_session (void)
{
  SoupSession *session = soup_session_new_with_options ("user-agent", "Cutout/" PACKAGE_VERSION,
                                                        "timeout", IO_TIMEOUT_SECONDS, NULL);

  /* No compressed answers: ranges and sizes are those of the file itself. */
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  return session;
}

/**
 * cutout_model_download_async:
 * @info: the model
 * @mirror: (nullable): a base URL tried first; NULL: $CUTOUT_MODEL_MIRROR's;
 *   "": none
 * @dest_dir: (nullable): where the file goes; NULL: cutout_model_download_dir()
 * @progress: (nullable): called at most about ten times a second, and once
 *   the file is all there, on the thread-default main context of the call
 *
 * Downloads @info's file into @dest_dir; cutout_model_download_finish()
 * gives its path, or the error: G_IO_ERROR_CANCELLED; a G_IO_ERROR
 * writing into @dest_dir; or CUTOUT_DOWNLOAD_ERROR_NO_SOURCE, or when
 * every source failed, the code of the last one's failure, with a message
 * naming the model and saying what went wrong with each.
 */
void
cutout_model_download_async (const CutoutModelInfo *info,
                             const char *mirror,
                             const char *dest_dir,
                             CutoutDownloadProgressFunc progress,
                             gpointer progress_data,
                             GDestroyNotify progress_destroy,
                             GCancellable *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer user_data)
{
  GTask *task;
  Download *d;
  g_autofree char *part_name = NULL;
  gboolean has_sha256;

  g_return_if_fail (info != NULL && info->file != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cutout_model_download_async);
  g_task_set_name (task, "cutout_model_download_async");
  d = g_new0 (Download, 1);
  d->info = cutout_model_info_copy (info);
  d->sources = collect_sources (info, mirror);
  d->dest_dir = dest_dir ? g_strdup (dest_dir) : cutout_model_download_dir ();
  part_name = g_strconcat (info->file, ".part", NULL);
  d->part_path = g_build_filename (d->dest_dir, part_name, NULL);
  d->final_path = g_build_filename (d->dest_dir, info->file, NULL);
  d->failures = g_string_new (NULL);
  /* (An empty Sha256= or Md5= gives none.) */
  has_sha256 = info->sha256 != NULL && *info->sha256 != '\0';
  d->checksum_type = has_sha256 ? G_CHECKSUM_SHA256 : G_CHECKSUM_MD5;
  d->expected = has_sha256 ? d->info->sha256 : d->info->md5;
  if (d->expected != NULL && *d->expected == '\0')
    d->expected = NULL;
  d->checksum_name = has_sha256 ? "SHA-256" : "MD5";
  d->progress = progress;
  d->progress_data = progress_data;
  d->progress_destroy = progress_destroy;
  d->last_report_us = g_get_monotonic_time ();
  d->total = MAX (info->size, 0);
  g_task_set_task_data (task, d, (GDestroyNotify) download_free);

  if (d->sources->len == 0)
    {
      g_task_return_new_error (task, CUTOUT_DOWNLOAD_ERROR, CUTOUT_DOWNLOAD_ERROR_NO_SOURCE,
                               _ ("The model “%s” (%s) has no download address; import the file "
                                  "instead"),
                               info->name, info->id);
      g_object_unref (task);
      return;
    }
  d->session = new_session ();
  try_source (task);
}

/* The installed file's path, or NULL with @error set. */
char *
cutout_model_download_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cutout_model_download_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sync_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* cutout_model_download_async() on a main context of its own, for the CLI:
 * @progress is called on this thread. */
char *
cutout_model_download_sync (const CutoutModelInfo *info,
                            const char *mirror,
                            const char *dest_dir,
                            CutoutDownloadProgressFunc progress,
                            gpointer progress_data,
                            GDestroyNotify progress_destroy,
                            GCancellable *cancellable,
                            GError **error)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  GAsyncResult *result = NULL;
  char *path;

  g_main_context_push_thread_default (context);
  cutout_model_download_async (info, mirror, dest_dir, progress, progress_data, progress_destroy,
                               cancellable, sync_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  path = cutout_model_download_finish (result, error);
  /* The session goes with the task, on its own context. */
  g_object_unref (result);
  while (g_main_context_pending (context))
    g_main_context_iteration (context, FALSE);
  g_main_context_pop_thread_default (context);
  return path;
}
