/* cutout-cli.h: what the command-line tool's parts share
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-export.h"
#include "cutout-inputs.h"
#include "cutout-product.h"
#include "cutout-refine.h"
#include "cutout-review.h"

G_BEGIN_DECLS

/* The tool's parts: cutout-cli.c (main and the run: the queue, progress
 * lines, signals, the exit status), cutout-cli-options.c (the command
 * line and its checks), cutout-cli-output.c (the outputs' names, and
 * the folder results wait in for --zip), cutout-cli-models.c (the
 * models: listed, imported, removed) and cutout-cli-download.c
 * (--download-model). */

enum
{
  EXIT_ALL_DONE = 0,
  EXIT_SOME_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  char *output;
  char *output_dir;
  char *model;
  gboolean mask_only;
  char *format;
  char *background;
  int quality;
  gboolean smallest;
  gboolean refine_edges;
  gboolean best;
  int refine_strength;
  gboolean clean_colours;
  char *id_photo;
  double id_width_mm, id_height_mm;
  gboolean print_sheet;
  char *product;         /* a preset */
  double product_margin; /* percent, or -1: the preset's */
  char *product_align;
  char *product_backdrop;
  char *product_shadow;
  double shadow_strength, shadow_softness, shadow_direction; /* percent, or NAN: the preset's */
  gint64 max_bytes;                                          /* or -1: no cap */
  CutoutProductPreset product_preset;
  char *edges;
  CutoutEdgeStyle edge_style;
  char *zip;
  char *report; /* --report: FILE.csv or FILE.json */
  gboolean list_models;
  char *import_model; /* a file */
  char *import_name;
  char *like;
  char *remove_model;
  char *download_model;
  gboolean version;
  gboolean quiet;
  int n_jobs;
  char **box_texts;
  char **inputs;
  /* --serve (cutout-serve*.c) */
  gboolean serve;
  char *listen;  /* HOST:PORT */
  char *api_key; /* or NULL: none asked for */
  gboolean allow_private_urls;
  int client_timeout;  /* seconds */
  int max_waiting;     /* requests in the queue at most */
  char *fetch_dir;     /* where URL inputs were downloaded to, or NULL */
  GHashTable *fetched; /* downloaded file → its URL */

  GArray *boxes; /* CutoutBox, from box_texts */
  CutoutExportOptions export;
  char *zip_dir; /* with --zip: where results wait to go into it */

  GHashTable *outputs_taken;
  CutoutInputs *input_files; /* never an output */
  GHashTable *dir_writable;  /* folder → why it cannot be written to, or "" */
} Options;

/* cutout-cli-options.c */
void cutout_cli_options_clear (Options *o);
gboolean cutout_cli_parse_options (Options *o, int *argc, char ***argv, GError **error);
gboolean cutout_cli_check_usage (Options *o, GError **error);
gboolean cutout_cli_check_writable (const char *dir, GError **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, cutout_cli_options_clear)

/* cutout-cli-models.c */
int cutout_cli_list_models (void);
int cutout_cli_import_model (Options *o);
int cutout_cli_remove_model (Options *o);
gboolean cutout_cli_check_model_usage (Options *o, GError **error);
CutoutEngine *cutout_cli_load_engine (const char *model, GError **error);
/* cutout-cli-download.c */
int cutout_cli_download_model (Options *o);

/* cutout-cli-fetch.c */
guint cutout_cli_fetch_inputs (Options *o);
const char *cutout_cli_fetched_url (Options *o, const char *input);
void cutout_cli_fetch_cleanup (Options *o);

/* cutout-serve.c */
int cutout_cli_serve (Options *o);

/* cutout-cli-output.c */
gboolean cutout_cli_is_input (Options *o, const char *path);
char *cutout_cli_output_path_for (Options *o, const char *input);
gboolean cutout_cli_check_beside (Options *o, const char *input, GError **error);
gboolean cutout_cli_make_zip_dir (Options *o, GError **error);

/* cutout-cli-report.c */
typedef struct _CutoutCliReport CutoutCliReport;
gboolean cutout_cli_report_check_name (const char *path, GError **error);
CutoutCliReport *cutout_cli_report_new (const char *path, guint n_inputs);
void cutout_cli_report_free (CutoutCliReport *self);
void cutout_cli_report_add (CutoutCliReport *self,
                            guint index,
                            const char *input,
                            const char *output,
                            const CutoutReview *review,
                            const char *error);
gboolean cutout_cli_report_write (CutoutCliReport *self, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutCliReport, cutout_cli_report_free)

G_END_DECLS
