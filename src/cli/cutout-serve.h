/* cutout-serve.h: what the parts of cutout-cli --serve share
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "cutout-cli.h"
#include "cutout-export.h"
#include "cutout-fetch.h"
#include "cutout-job.h"

G_BEGIN_DECLS

/* The server's parts: cutout-serve.c (the server, routing, the queue),
 * cutout-serve-util.c (JSON, base64, request bodies), and one file per
 * API: cutout-serve-baidu.c, cutout-serve-openai.c, cutout-serve-rembg.c,
 * cutout-serve-removebg.c. */

/* Requests accepted and not yet answered, at most: the queue's size. */
#define CUTOUT_SERVE_MAX_WAITING CUTOUT_QUEUE_MAX_JOBS
/* The largest request body read (Content-Length; a body without one is
 * refused). Baidu's own cap is 10 MB of base64, remove.bg's 22 MB for a
 * file, which in base64 or a form takes a third more. */
#define CUTOUT_SERVE_MAX_BODY ((goffset) 32 * 1024 * 1024)
/* Baidu's cap on the base64 of the image. */
#define CUTOUT_SERVE_BAIDU_MAX_BASE64 ((gsize) 10 * 1024 * 1024)

/* HTTP 429 (RFC 6585), which libsoup 3.2 has no name for. */
#define CUTOUT_SERVE_STATUS_TOO_MANY_REQUESTS 429

typedef enum
{
  CUTOUT_SERVE_ERROR_BUSY,      /* CUTOUT_SERVE_MAX_WAITING are waiting */
  CUTOUT_SERVE_ERROR_STOPPING,  /* SIGTERM came */
  CUTOUT_SERVE_ERROR_BAD_IMAGE, /* the photo could not be read */
  CUTOUT_SERVE_ERROR_FAILED,    /* anything else */
} CutoutServeError;

#define CUTOUT_SERVE_ERROR (cutout_serve_error_quark ())
GQuark cutout_serve_error_quark (void);

typedef struct _CutoutServe CutoutServe;

/* What one request asks of the queue. */
typedef struct
{
  CutoutFormat format;  /* what the result is written as */
  gboolean refine;      /* follow the photo's edges as the mask is enlarged */
  GArray *boxes;        /* CutoutBox, or NULL: the whole photo */
  guint8 background[3]; /* under a JPEG */
} CutoutServeSpec;

/* Called on the main thread with the result (a PNG, or the format asked
 * for) and its size, or an error. */
typedef void (*CutoutServeDoneFunc) (
    GBytes *result, int width, int height, const GError *error, gpointer data);

/* A request being answered: its message paused until it is. */
typedef struct
{
  CutoutServe *serve;
  SoupServerMessage *msg;
  gboolean gone; /* the client went away */
  guint id;      /* unique in this server */
  /* Counted among the waiting (its URL is being fetched): its photo goes
   * into the queue even if the server has filled up or begun to stop. */
  gboolean admitted;
  gpointer api; /* the API's own state, freed with api_free */
  GDestroyNotify api_free;
} CutoutServeRequest;

/* cutout-serve.c */
void cutout_serve_submit (CutoutServeRequest *request,
                          GBytes *image,
                          const CutoutServeSpec *spec,
                          CutoutServeDoneFunc done);
void
cutout_serve_fetch (CutoutServeRequest *request, const char *url, GAsyncReadyCallback callback);
GBytes *cutout_serve_fetch_finish (GAsyncResult *result, GError **error);
gboolean cutout_serve_check_key (CutoutServe *serve, const char *key);
gboolean cutout_serve_has_key (CutoutServe *serve);
const char *cutout_serve_get_workdir (CutoutServe *serve);
CutoutServeRequest *cutout_serve_request_new (CutoutServe *serve, SoupServerMessage *msg);
void cutout_serve_request_free (CutoutServeRequest *request);
void cutout_serve_request_reply (CutoutServeRequest *request,
                                 guint status,
                                 const char *content_type,
                                 GBytes *body);

/* cutout-serve-util.c */
void
cutout_serve_reply (SoupServerMessage *msg, guint status, const char *content_type, GBytes *body);
GBytes *cutout_serve_json_bytes (JsonBuilder *builder);
JsonNode *cutout_serve_parse_json (SoupServerMessage *msg, GError **error);
GBytes *cutout_serve_base64_decode (const char *text, GError **error);
char *cutout_serve_base64_encode (GBytes *bytes);
guint64 cutout_serve_log_id (void);
GHashTable *cutout_serve_parse_form (SoupServerMessage *msg);
char *cutout_serve_form_text (GHashTable *form, const char *name);
const char *cutout_serve_request_key (SoupServerMessage *msg);
gboolean cutout_serve_body_fits (SoupServerMessage *msg);
void cutout_serve_drop_body (SoupServerMessage *msg);

/* One file per API: each adds its handlers. */
void cutout_serve_baidu_add (CutoutServe *serve, SoupServer *server);
void cutout_serve_openai_add (CutoutServe *serve, SoupServer *server);
void cutout_serve_rembg_add (CutoutServe *serve, SoupServer *server);
void cutout_serve_removebg_add (CutoutServe *serve, SoupServer *server);

G_END_DECLS
