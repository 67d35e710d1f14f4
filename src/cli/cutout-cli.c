/* cutout-cli.c: remove the background of photos from the command line
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-i18n.h"
#include "cutout-id-photo.h"
#include "cutout-inputs.h"
#include "cutout-ort.h"
#include "cutout-queue.h"

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
  char *edges;
  CutoutEdgeStyle edge_style;
  char *zip;
  gboolean list_models;
  gboolean version;
  gboolean quiet;
  int n_jobs;
  char **box_texts;
  char **inputs;

  GArray *boxes; /* CutoutBox, from box_texts */
  CutoutExportOptions export;
  char *zip_dir; /* with --zip: where results wait to go into it */

  GHashTable *outputs_taken;
  CutoutInputs *input_files; /* never an output */
  GHashTable *dir_writable;  /* folder → why it cannot be written to, or "" */
} Options;

static void
options_clear (Options *o)
{
  g_free (o->output);
  g_free (o->output_dir);
  g_free (o->model);
  g_strfreev (o->inputs);
  g_strfreev (o->box_texts);
  g_free (o->format);
  g_free (o->background);
  g_free (o->zip);
  g_free (o->edges);
  g_free (o->id_photo);
  g_free (o->zip_dir);
  g_clear_pointer (&o->boxes, g_array_unref);
  g_clear_pointer (&o->outputs_taken, g_hash_table_unref);
  g_clear_pointer (&o->input_files, cutout_inputs_free);
  g_clear_pointer (&o->dir_writable, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static void
print_error (const char *file, const char *message)
{
  if (file != NULL)
    g_printerr ("cutout-cli: %s: %s\n", file, message);
  else
    g_printerr ("cutout-cli: %s\n", message);
}

static gboolean
parse_options (Options *o, int *argc, char ***argv, GError **error)
{
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &o->output,
      N_ ("Write the result to FILE (one input only)"), N_ ("FILE") },
    { "output-dir", 'd', 0, G_OPTION_ARG_FILENAME, &o->output_dir,
      N_ ("Write results into DIR as NAME-cutout.png"), N_ ("DIR") },
    { "mask", 0, 0, G_OPTION_ARG_NONE, &o->mask_only,
      N_ ("Write only the mask, as a grayscale PNG (the same as --format=mask)"), NULL },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &o->format,
      N_ ("Write png (with transparency, the default), webp (with transparency), jpg (on the "
          "--bg colour) or mask"),
      N_ ("FORMAT") },
    { "bg", 0, 0, G_OPTION_ARG_STRING, &o->background,
      N_ ("The colour under a JPEG: white (the default), black, gray, blue, red, or #rrggbb"),
      N_ ("COLOUR") },
    { "quality", 0, 0, G_OPTION_ARG_INT, &o->quality,
      N_ ("JPEG quality, 1 to 100 (default 90); with webp, makes it lossy at this quality"),
      N_ ("N") },
    { "smallest", 0, 0, G_OPTION_ARG_NONE, &o->smallest,
      N_ ("Make PNG and lossless WebP files as small as they go, which takes longer"), NULL },
    { "refine-edges", 0, 0, G_OPTION_ARG_NONE, &o->refine_edges,
      N_ ("Follow the photo's own edges when enlarging the mask (the default)"), NULL },
    { "no-refine-edges", 0, G_OPTION_FLAG_REVERSE, G_OPTION_ARG_NONE, &o->refine_edges,
      N_ ("Enlarge the mask smoothly instead (a little faster)"), NULL },
    { "best", 0, 0, G_OPTION_ARG_NONE, &o->best,
      N_ ("Look at each photo twice, as it is and mirrored: better outlines, half the speed"),
      NULL },
    { "refine-strength", 0, 0, G_OPTION_ARG_INT, &o->refine_strength,
      N_ ("How closely refined edges follow the photo, 0 to 100 (default 50)"), N_ ("PERCENT") },
    { "clean-colours", 0, 0, G_OPTION_ARG_NONE, &o->clean_colours,
      N_ ("Give see-through edges (hair, fur) the subject's own colour instead of the old "
          "background's (slower)"),
      NULL },
    { "id-photo", 0, 0, G_OPTION_ARG_STRING, &o->id_photo,
      N_ ("Make an ID photo at 300 DPI: 1inch (25×35 mm), 2inch (35×49 mm), passport (33×48 mm) "
          "or WxHmm, on the --bg colour"),
      N_ ("SIZE") },
    { "print-sheet", 0, 0, G_OPTION_ARG_NONE, &o->print_sheet,
      N_ ("With --id-photo, also write NAME-id-sheet: copies on a 6×4-inch (4R) print"), NULL },
    { "edges", 0, 0, G_OPTION_ARG_STRING, &o->edges,
      N_ ("Finish edges as they come (natural, the default), smooth or hard (no transparency)"),
      N_ ("STYLE") },
    { "zip", 'z', 0, G_OPTION_ARG_FILENAME, &o->zip,
      N_ ("Put every result into the ZIP archive FILE"), N_ ("FILE") },
    { "box", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &o->box_texts,
      N_ ("Cut out only the subject inside this box, given by two corners in pixels (may be "
          "repeated)"),
      N_ ("X1,Y1,X2,Y2") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o->model,
      N_ ("Use the model NAME (see --list-models)"), N_ ("NAME") },
    { "list-models", 0, 0, G_OPTION_ARG_NONE, &o->list_models,
      N_ ("List the models and whether they are installed"), NULL },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->n_jobs,
      N_ ("Decode and encode on N threads besides the model's (default 2)"), N_ ("N") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o->quiet, N_ ("Print only errors"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &o->version, N_ ("Show the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->inputs, NULL, N_ ("INPUT…") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context,
                                _ ("Remove the background from photos, on this computer.\n"
                                   "Each INPUT (JPEG, PNG, WebP, BMP, TIFF) becomes a PNG with a "
                                   "transparent background.\nWithout -o or -d, results are "
                                   "written beside their inputs as NAME-cutout.png."));
  g_option_context_set_description (
      context, _ ("An existing file at an output's name is replaced, as cp does, and keeps its\n"
                  "permissions. An input never is: an output name that is one of the inputs\n"
                  "gets a number instead (NAME-cutout-2.png).\n\n"
                  "Exit status: 0 when every input was cut out, 1 when some failed, 2 for a\n"
                  "usage error, 130 when interrupted (Ctrl+C), 143 when stopped (SIGTERM)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

/* Reads every --box into o->boxes. */
static gboolean
parse_boxes (Options *o, GError **error)
{
  guint n = o->box_texts ? g_strv_length (o->box_texts) : 0;

  o->boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  if (n > CUTOUT_MAX_BOXES)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--box: at most %d boxes per image"), CUTOUT_MAX_BOXES);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      CutoutBox box;
      g_autoptr (GError) local = NULL;
      if (!cutout_box_parse (o->box_texts[i], &box, &local))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--box: %s",
                       local->message);
          return FALSE;
        }
      g_array_append_val (o->boxes, box);
    }
  return TRUE;
}

/* Reads --format, --mask, --bg and --quality into o->export. */
static gboolean
parse_export (Options *o, GError **error)
{
  cutout_export_options_init (&o->export);
  if (o->format != NULL && !cutout_format_parse (o->format, &o->export.format))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--format: “%s” is not one of png, webp, jpg, mask"), o->format);
      return FALSE;
    }
  if (o->mask_only && o->format != NULL && o->export.format != CUTOUT_FORMAT_MASK)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("--mask writes a mask; it cannot go with another --format"));
      return FALSE;
    }
  if (o->mask_only)
    o->export.format = CUTOUT_FORMAT_MASK;
  if (o->background != NULL && !cutout_color_parse (o->background, o->export.background))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--bg: “%s” is not a colour: use white, black, gray, blue, red or #rrggbb"),
                   o->background);
      return FALSE;
    }
  if (o->quality != -1 && (o->quality < 1 || o->quality > 100))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("--quality takes a number from 1 to 100"));
      return FALSE;
    }
  if (o->refine_strength < 0 || o->refine_strength > 100)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _ ("--refine-strength takes a number from 0 to 100"));
      return FALSE;
    }
  if (o->quality != -1)
    o->export.quality = o->quality;
  o->export.lossy = o->quality != -1 && o->export.format == CUTOUT_FORMAT_WEBP;
  if (o->edges != NULL && !cutout_edge_style_parse (o->edges, &o->edge_style))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--edges: “%s” is not one of natural, smooth, hard"), o->edges);
      return FALSE;
    }
  o->export.clean_colours = o->clean_colours;
  if (o->id_photo != NULL)
    {
      g_autoptr (GError) local = NULL;
      if (!cutout_id_size_parse (o->id_photo, &o->id_width_mm, &o->id_height_mm, &local))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--id-photo: %s",
                       local->message);
          return FALSE;
        }
      if (o->format == NULL && !o->mask_only)
        o->export.format = CUTOUT_FORMAT_JPEG;
      if (o->export.format != CUTOUT_FORMAT_JPEG && o->export.format != CUTOUT_FORMAT_PNG)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                               _ ("--id-photo writes JPEG or PNG"));
          return FALSE;
        }
    }
  if (o->smallest)
    {
      o->export.png_level = CUTOUT_PNG_LEVEL_SMALLEST;
      o->export.webp_level = CUTOUT_WEBP_LEVEL_SMALLEST;
    }
  return TRUE;
}

/* Whether a file can be made in @dir. Only making one tells for sure
 * (permissions, ACLs, a read-only disk), and it is told before any photo
 * is cut out rather than after. */
static gboolean
check_writable (const char *dir, GError **error)
{
  g_autofree char *probe = g_build_filename (dir, ".cutout-XXXXXX", NULL);
  int fd = g_mkstemp_full (probe, O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *shown = g_filename_display_name (dir);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _ ("cannot write into the folder %s: %s"), shown, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  g_unlink (probe);
  return TRUE;
}

/* The first of @path's leading parts (or @path itself) that is there but
 * is not a folder (a link to nowhere included), or NULL: what stops a
 * folder being made at @path. */
static char *
first_non_folder (const char *path)
{
  g_autofree char *parent = g_path_get_dirname (path);
  char *found = NULL;

  if (!g_str_equal (parent, path))
    found = first_non_folder (parent);
  if (found == NULL && g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK)
      && !g_file_test (path, G_FILE_TEST_IS_DIR))
    found = g_strdup (path);
  return found;
}

/* Makes -d's folder and those above it, as mkdir -p does, when it is not
 * there yet: a script can name a new folder for its results. Done after
 * every other check of the command line, so that a mistake in it leaves
 * no folder behind. */
static gboolean
make_output_dir (Options *o, GError **error)
{
  g_autofree char *shown = g_filename_display_name (o->output_dir);
  int status = g_mkdir_with_parents (o->output_dir, 0777);
  int saved = errno;

  /* A link to nowhere at the name: mkdir finds the name taken, and
   * g_mkdir_with_parents() takes that for the folder being there. */
  if (status == 0 && !g_file_test (o->output_dir, G_FILE_TEST_IS_DIR))
    status = -1, saved = ENOTDIR;
  if (status != 0)
    {
      g_autofree char *blocker = first_non_folder (o->output_dir);
      g_autofree char *blocker_shown = blocker ? g_filename_display_name (blocker) : NULL;
      g_autofree char *why = blocker ? g_strdup_printf (_ ("%s is not a folder"), blocker_shown)
                                     : g_strdup (g_strerror (saved));
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   /* Translators: the first %s is a folder, the second why it cannot be made. */
                   _ ("cannot create the folder %s: %s"), shown, why);
      return FALSE;
    }
  if (!o->quiet)
    g_printerr (_ ("cutout-cli: created the folder %s\n"), shown);
  return TRUE;
}

/* -o's, -d's or --zip's folder can be written to (-d's made if need be). */
static gboolean
check_destination (Options *o, GError **error)
{
  const char *file = o->output ? o->output : o->zip;
  g_autofree char *dir = file ? g_path_get_dirname (file) : g_strdup (o->output_dir);

  if (o->output != NULL && g_file_test (o->output, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = g_filename_display_name (o->output);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("-o: %s is a folder; to write into it, use -d %s"), shown, shown);
      return FALSE;
    }
  if (o->zip != NULL && g_file_test (o->zip, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = g_filename_display_name (o->zip);
      g_autofree char *example = g_build_filename (shown, "cutouts.zip", NULL);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _ ("--zip: %s is a folder; give the archive's own name, such as %s"), shown,
                   example);
      return FALSE;
    }
  if (o->output_dir != NULL && !g_file_test (o->output_dir, G_FILE_TEST_EXISTS)
      && !make_output_dir (o, error))
    return FALSE;
  return dir == NULL || check_writable (dir, error);
}

static gboolean
check_usage (Options *o, GError **error)
{
  guint n = o->inputs ? g_strv_length (o->inputs) : 0;

  if (n == 0)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("no input images given (see --help)"));
  else if (o->output != NULL && o->output_dir != NULL)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("use either -o or -d, not both"));
  else if (o->output != NULL && n > 1)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("-o takes one input; use -d DIR for several"));
  else if (o->n_jobs < 0 || o->n_jobs > 16)
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("--jobs takes a number from 1 to 16"));
  else if (o->output_dir != NULL && g_file_test (o->output_dir, G_FILE_TEST_EXISTS)
           && !g_file_test (o->output_dir, G_FILE_TEST_IS_DIR))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("%s is not a folder"),
                 o->output_dir);
  else if (o->zip != NULL && (o->output != NULL || o->output_dir != NULL))
    g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                         _ ("use either --zip or -o/-d, not both"));
  else if (parse_export (o, error) && parse_boxes (o, error) && check_destination (o, error))
    return TRUE;
  return FALSE;
}

/* Whether writing at @path would replace one of the inputs, by whatever
 * name or link: an input is never written over. */
static gboolean
is_input (Options *o, const char *path)
{
  return cutout_inputs_find (o->input_files, path) != NULL;
}

/* Whether this run may write at @path: no earlier result of the run has
 * the name, it is no input, and (with --print-sheet) neither is the sheet
 * that goes beside it. */
static gboolean
output_is_free (Options *o, const char *path)
{
  g_autofree char *sheet = o->id_photo && o->print_sheet ? cutout_id_sheet_path (path) : NULL;

  if (g_hash_table_contains (o->outputs_taken, path) || is_input (o, path))
    return FALSE;
  return sheet == NULL
         || (!g_hash_table_contains (o->outputs_taken, sheet) && !is_input (o, sheet));
}

/* NAME-cutout.png (or NAME-mask.png, NAME-id.jpg) in the output folder or
 * beside the input; a name already used in this run, or that is one of the
 * inputs, gets a number (NAME-cutout-2.png). */
static char *
output_path_for (Options *o, const char *input)
{
  const char *where = o->zip_dir ? o->zip_dir : o->output_dir;
  g_autofree char *dir = where ? g_strdup (where) : g_path_get_dirname (input);
  const char *suffix = o->id_photo                              ? "id"
                       : o->export.format == CUTOUT_FORMAT_MASK ? "mask"
                                                                : "cutout";
  const char *ext = cutout_format_get_extension (o->export.format);
  char *path = NULL;

  if (o->output != NULL)
    return g_strdup (o->output);
  for (int i = 1; path == NULL || !output_is_free (o, path); i++)
    {
      g_autofree char *name = cutout_output_name (input, suffix, ext, i);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  g_hash_table_add (o->outputs_taken, g_strdup (path));
  if (o->id_photo && o->print_sheet)
    g_hash_table_add (o->outputs_taken, cutout_id_sheet_path (path));
  return path;
}

/* Whether results can be written beside @input (no -o, -d or --zip): told
 * once per folder, before the photo is cut out. */
static gboolean
check_beside (Options *o, const char *input, GError **error)
{
  g_autofree char *dir = g_path_get_dirname (input);
  const char *why;

  if (o->output != NULL || o->output_dir != NULL || o->zip != NULL)
    return TRUE;
  why = g_hash_table_lookup (o->dir_writable, dir);
  if (why == NULL)
    {
      g_autoptr (GError) local = NULL;
      why = check_writable (dir, &local) ? "" : local->message;
      g_hash_table_insert (o->dir_writable, g_strdup (dir), g_strdup (why));
      why = g_hash_table_lookup (o->dir_writable, dir);
    }
  if (*why == '\0')
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
               _ ("%s (write the results elsewhere with -d DIR)"), why);
  return FALSE;
}

static int
list_models (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);

  if (catalogue == NULL)
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
    {
      const CutoutModelInfo *info = cutout_catalogue_get_model (catalogue, i);
      g_autofree char *path = cutout_model_info_locate (info, NULL);
      g_print ("%-14s %s%s, %d×%d, %s, %s\n", info->id, info->name,
               info->is_default ? _ (" (default)") : "", info->input_width, info->input_height,
               info->license, path ? path : _ ("not installed"));
    }
  return EXIT_ALL_DONE;
}

static CutoutEngine *
load_engine (const char *model, GError **error)
{
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (error);
  const CutoutModelInfo *info;

  if (catalogue == NULL)
    return NULL;
  info = cutout_catalogue_find (catalogue, model, error);
  if (info == NULL)
    return NULL;
  return cutout_engine_new (info, 0, error);
}

/* One run over all inputs. The queue holds at most CUTOUT_QUEUE_MAX_JOBS
 * images, so inputs are fed to it as earlier ones finish. */
typedef struct
{
  Options *o;
  CutoutQueue *queue;
  GMainLoop *loop;
  guint next_input;
  guint n_inputs;
  guint n_finished;
  guint n_failed;
  guint n_done;
  GPtrArray *failures;       /* "file: reason" lines for the summary */
  GPtrArray *results;        /* with --zip: the files written, to put into it */
  GCancellable *cancellable; /* cancelled by SIGINT or SIGTERM */
  int signal;                /* which, once interrupted */
  gboolean zip_done;
  GError *zip_error;
  gboolean interrupted;
  gboolean tty;
  gboolean bar_shown;
  char *bar_line; /* as last drawn */
} Run;

static void feed (Run *run);

static const char *
input_of (CutoutJob *job)
{
  return g_object_get_data (G_OBJECT (job), "cutout-cli-input");
}

static void
clear_bar (Run *run)
{
  if (run->bar_shown)
    g_printerr ("\r\033[K");
  run->bar_shown = FALSE;
  g_clear_pointer (&run->bar_line, g_free);
}

/* [##########..........] 12/50  photo.jpg 45 % */
static gboolean
draw_bar_cb (gpointer data)
{
  Run *run = data;
  double progress = cutout_queue_get_progress (run->queue);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (run->queue));
  /* Overall: finished inputs plus the queue's share of the rest. */
  double overall = run->n_inputs ? (run->n_finished + progress * n_items
                                    - (double) (cutout_queue_get_n_done (run->queue)
                                                + cutout_queue_get_n_failed (run->queue)))
                                       / run->n_inputs
                                 : 0;
  g_autoptr (CutoutJob) current = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  char bar[31];
  int filled;

  for (guint i = 0; i < n_items && current == NULL; i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (run->queue), i);
      if (cutout_job_get_state (job) == CUTOUT_JOB_CUTTING_OUT)
        current = g_steal_pointer (&job);
    }
  filled = (int) (CLAMP (overall, 0, 1) * 30);
  memset (bar, '#', filled);
  memset (bar + filled, '.', 30 - filled);
  bar[30] = '\0';
  g_string_printf (line, "[%s] %u/%u", bar, run->n_finished, run->n_inputs);
  if (current != NULL)
    g_string_append_printf (line, "  %s %d %%", cutout_job_get_display_name (current),
                            (int) (cutout_job_get_progress (current) * 100));
  if (run->bar_shown && g_strcmp0 (line->str, run->bar_line) == 0)
    return G_SOURCE_CONTINUE;
  g_printerr ("\r\033[K%s", line->str);
  g_free (run->bar_line);
  run->bar_line = g_string_free (g_steal_pointer (&line), FALSE);
  run->bar_shown = TRUE;
  return G_SOURCE_CONTINUE;
}

static void
report_failure (Run *run, const char *input, const char *reason)
{
  g_autofree char *shown = g_filename_display_name (input);

  clear_bar (run);
  print_error (shown, reason);
  g_ptr_array_add (run->failures, g_strdup_printf ("%s: %s", shown, reason));
  run->n_failed++;
}

/* Where @job's result goes: an ID photo is written here, once cut out. */
static const char *
output_of (CutoutJob *job)
{
  const char *id_output = g_object_get_data (G_OBJECT (job), "cutout-cli-output");
  return id_output ? id_output : cutout_job_get_output (job);
}

/* The ID photo of @job's cutout: framed from its mask, on the background,
 * at the size's pixels and 300 DPI, and its print sheet if asked for. */
static gboolean
write_id_photo (Options *o, CutoutJob *job, GError **error)
{
  g_autoptr (CutoutMetadata) metadata = NULL;
  g_autoptr (CutoutImage) image
      = cutout_decode_file_with_metadata (cutout_job_get_path (job), &metadata, error);
  g_autoptr (CutoutImage) mask = cutout_job_dup_mask (job);
  const char *path = output_of (job);
  g_autofree char *sheet = o->print_sheet ? cutout_id_sheet_path (path) : NULL;
  CutoutBox frame;
  int w, h;

  if (image == NULL)
    return FALSE;
  if (mask == NULL || mask->width != image->width || mask->height != image->height)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("the file changed while it was being cut out"));
      return FALSE;
    }
  cutout_id_pixel_size (o->id_width_mm, o->id_height_mm, &w, &h);
  frame = cutout_id_place_frame (mask, (double) w / h);
  return cutout_id_export (image, mask, &frame, o->id_width_mm, o->id_height_mm, sheet, &o->export,
                           metadata, cutout_job_get_path (job), path, NULL, error);
}

static void
job_finished_cb (CutoutQueue *queue, CutoutJob *job, Run *run)
{
  CutoutJobState state = cutout_job_get_state (job);
  g_autoptr (GError) id_error = NULL;

  run->n_finished++;
  if (state == CUTOUT_JOB_DONE && run->o->id_photo != NULL
      && !write_id_photo (run->o, job, &id_error))
    {
      report_failure (run, input_of (job), id_error->message);
      state = CUTOUT_JOB_FAILED;
    }
  else if (state == CUTOUT_JOB_FAILED)
    report_failure (run, input_of (job), cutout_job_get_error_message (job));
  else if (state == CUTOUT_JOB_DONE)
    run->n_done++;
  if (state == CUTOUT_JOB_DONE && run->results != NULL)
    {
      g_ptr_array_add (run->results, g_strdup (output_of (job)));
      /* The print sheet goes into the archive too (and is not left behind
       * in the work folder). */
      if (run->o->id_photo != NULL && run->o->print_sheet)
        g_ptr_array_add (run->results, cutout_id_sheet_path (output_of (job)));
    }
  if (state == CUTOUT_JOB_DONE && !run->o->quiet)
    {
      g_autofree char *shown = g_filename_display_name (input_of (job));
      g_autofree char *base = g_path_get_basename (output_of (job));
      g_autofree char *out = run->o->zip ? g_strdup_printf ("%s: %s", run->o->zip, base)
                                         : g_strdup (output_of (job));
      g_autofree char *shown_out = g_filename_display_name (out);
      clear_bar (run);
      g_printerr ("[%u/%u] %s → %s\n", run->n_finished, run->n_inputs, shown, shown_out);
    }
  cutout_queue_remove (queue, job);
  feed (run);
}

/* Adds inputs while the queue has room. Inputs that cannot even be queued
 * (they would overwrite themselves, or repeat an earlier one) fail here. */
static void
feed (Run *run)
{
  while (!run->interrupted && run->next_input < run->n_inputs
         && g_list_model_get_n_items (G_LIST_MODEL (run->queue)) < CUTOUT_QUEUE_MAX_JOBS)
    {
      const char *input = run->o->inputs[run->next_input++];
      g_autofree char *output = output_path_for (run->o, input);
      g_autoptr (CutoutJob) job = NULL;
      g_autoptr (CutoutAddReport) report = NULL;
      g_autoptr (GError) error = NULL;

      if (is_input (run->o, output))
        {
          g_autofree char *shown = g_filename_display_name (output);
          g_autofree char *why = g_strdup_printf (
              _ ("the output %s is an input; Cutout never overwrites an input"), shown);
          run->n_finished++;
          report_failure (run, input, why);
          continue;
        }
      if (!check_beside (run->o, input, &error))
        {
          run->n_finished++;
          report_failure (run, input, error->message);
          continue;
        }
      job = cutout_job_new (input);
      /* An ID photo is written once the mask is known, not by the queue. */
      if (run->o->id_photo != NULL)
        g_object_set_data_full (G_OBJECT (job), "cutout-cli-output", g_strdup (output), g_free);
      else
        cutout_job_set_output (job, output);
      cutout_job_set_export_options (job, &run->o->export);
      for (guint i = 0; i < run->o->boxes->len; i++)
        cutout_box_list_add (cutout_job_get_boxes (job),
                             &g_array_index (run->o->boxes, CutoutBox, i));
      g_object_set_data_full (G_OBJECT (job), "cutout-cli-input", g_strdup (input), g_free);
      report = cutout_queue_add_job (run->queue, job);
      if (report->duplicates->len > 0)
        {
          g_autofree char *shown = g_filename_display_name (input);
          run->n_finished++;
          clear_bar (run);
          print_error (shown, _ ("given more than once; it is cut out only once"));
        }
    }
  if (run->n_finished == run->n_inputs)
    g_main_loop_quit (run->loop);
}

/* SIGINT (Ctrl+C) and SIGTERM alike: cancel what runs, leave nothing
 * half-written, say so and end with 128 + the signal. */
static void
interrupt (Run *run, int signum)
{
  if (run->interrupted)
    return;
  clear_bar (run);
  g_printerr (_ ("cutout-cli: interrupted; cancelling…\n"));
  run->interrupted = TRUE;
  run->signal = signum;
  g_cancellable_cancel (run->cancellable);
  /* Inputs never queued count as finished: nothing happens to them. */
  run->n_finished += run->n_inputs - run->next_input;
  run->next_input = run->n_inputs;
  cutout_queue_cancel_all (run->queue);
}

static gboolean
sigint_cb (gpointer data)
{
  interrupt (data, SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
sigterm_cb (gpointer data)
{
  interrupt (data, SIGTERM);
  return G_SOURCE_CONTINUE;
}

static void
print_summary (Run *run)
{
  clear_bar (run);
  if (run->interrupted && run->o->zip != NULL)
    {
      g_autofree char *shown = g_filename_display_name (run->o->zip);
      g_printerr (_ ("cutout-cli: interrupted: %s was not written, and no image was kept.\n"),
                  shown);
    }
  else if (run->interrupted)
    g_printerr (
        g_dngettext (GETTEXT_PACKAGE, "cutout-cli: interrupted: %u of %u image was cut out.\n",
                     "cutout-cli: interrupted: %u of %u images were cut out.\n", run->n_inputs),
        run->n_done, run->n_inputs);
  if (run->n_failed == 0 || run->n_inputs < 2)
    return;
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "cutout-cli: %u of %u image failed:\n",
                           "cutout-cli: %u of %u images failed:\n", run->n_inputs),
              run->n_failed, run->n_inputs);
  for (guint i = 0; i < run->failures->len; i++)
    g_printerr ("  %s\n", (char *) g_ptr_array_index (run->failures, i));
}

/* With --zip, results are written to a folder of their own in the user's
 * cache, then stored in the archive. */
static gboolean
make_zip_dir (Options *o, GError **error)
{
  for (guint i = 0; o->inputs[i] != NULL; i++)
    if (cutout_same_file (o->inputs[i], o->zip))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                     _ ("the ZIP file %s is an input; Cutout never overwrites an input"), o->zip);
        return FALSE;
      }
  o->zip_dir = cutout_export_zip_workdir (o->zip, error);
  return o->zip_dir != NULL;
}

/* As cutout_export_items() does with the app's results. */
static void
zip_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Run *run = data;
  GError *error = NULL;

  if (cutout_export_zip_results (run->o->zip, run->o->zip_dir, run->results, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
zip_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;

  g_task_propagate_boolean (G_TASK (result), &run->zip_error);
  run->zip_done = TRUE;
  g_main_loop_quit (run->loop);
}

/* Stores the results in the ZIP file, then removes them and their folder.
 * The archive is written in a thread while the main loop runs, so that
 * Ctrl+C or SIGTERM cancels it too, leaving no partial archive. */
static gboolean
write_zip (Run *run)
{
  gboolean ok = TRUE;

  if (run->interrupted || run->results->len == 0)
    cutout_export_remove_workdir (run->o->zip_dir, run->results);
  else
    {
      g_autoptr (GTask) task = g_task_new (NULL, run->cancellable, zip_done_cb, run);
      g_task_set_task_data (task, run, NULL);
      g_task_run_in_thread (task, zip_thread);
      g_clear_object (&task);
      while (!run->zip_done)
        g_main_loop_run (run->loop);
      ok = run->zip_error == NULL;
      /* Once the archive is in place the run is done, even if a signal
       * came as it was being closed. */
      if (ok)
        run->interrupted = FALSE;
      if (!ok && !g_error_matches (run->zip_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        print_error (NULL, run->zip_error->message);
      else if (ok && !run->o->quiet)
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "cutout-cli: %u image put into %s\n",
                                 "cutout-cli: %u images put into %s\n", run->results->len),
                    run->results->len, run->o->zip);
      g_clear_error (&run->zip_error);
    }
  return ok;
}

static int
run_all (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = load_engine (o->model, &error);
  g_autoptr (CutoutQueue) queue = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  Run run = { 0 };
  guint sigint_id, sigterm_id, bar_id = 0;
  gboolean zip_ok = TRUE;

  if (cutout_ort_get_warning () != NULL && !o->quiet)
    print_error (NULL, cutout_ort_get_warning ());
  if (engine == NULL)
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  if (o->zip != NULL && !make_zip_dir (o, &error))
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  queue = cutout_queue_new (engine, o->n_jobs);
  cutout_queue_set_refine_edges (queue, o->refine_edges);
  cutout_queue_set_refine_strength (queue, o->refine_strength);
  cutout_queue_set_best_quality (queue, o->best);
  cutout_queue_set_edge_style (queue, o->edge_style);
  loop = g_main_loop_new (NULL, FALSE);
  run = (Run){ .o = o,
               .queue = queue,
               .loop = loop,
               .failures = failures,
               .results = o->zip ? results : NULL,
               .cancellable = cancellable,
               .n_inputs = g_strv_length (o->inputs),
               .tty = !o->quiet && isatty (STDERR_FILENO) };
  g_signal_connect (queue, "job-finished", G_CALLBACK (job_finished_cb), &run);
  /* Kept until the very end: the archive is written under them too. */
  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, sigterm_cb, &run);
  if (run.tty)
    bar_id = g_timeout_add (100, draw_bar_cb, &run);

  feed (&run);
  if (run.n_finished < run.n_inputs)
    g_main_loop_run (loop);

  g_clear_handle_id (&bar_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (queue, &run);
  if (o->zip != NULL)
    zip_ok = write_zip (&run);
  print_summary (&run);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  if (run.interrupted)
    return 128 + run.signal;
  if (!zip_ok)
    return EXIT_SOME_FAILED;
  return run.n_failed ? EXIT_SOME_FAILED : EXIT_ALL_DONE;
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  cutout_i18n_init ();

  o.outputs_taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  o.dir_writable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  o.quality = -1; /* not given */
  o.refine_edges = TRUE;
  o.refine_strength = CUTOUT_DEFAULT_REFINE_STRENGTH;
  if (!parse_options (&o, &argc, &argv, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  if (o.version)
    {
      const char *ort = cutout_ort_get_version ();
      if (cutout_ort_get_warning () != NULL)
        print_error (NULL, cutout_ort_get_warning ());
      g_print ("cutout-cli %s (ONNX Runtime %s)\n", PACKAGE_VERSION, ort ? ort : _ ("not found"));
      return EXIT_ALL_DONE;
    }
  if (o.list_models)
    return list_models ();
  if (!check_usage (&o, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  o.input_files = cutout_inputs_new_for_paths ((const char *const *) o.inputs);
  return run_all (&o);
}
