/* cutout-cli.c: remove the background of photos from the command line
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "cutout-catalogue.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-ort.h"

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
  gboolean list_models;
  gboolean version;
  gboolean quiet;
  char **inputs;

  GHashTable *outputs_taken;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->output);
  g_free (o->output_dir);
  g_free (o->model);
  g_strfreev (o->inputs);
  g_clear_pointer (&o->outputs_taken, g_hash_table_unref);
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
      N_ ("Write only the mask, as a grayscale PNG"), NULL },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o->model,
      N_ ("Use the model NAME (see --list-models)"), N_ ("NAME") },
    { "list-models", 0, 0, G_OPTION_ARG_NONE, &o->list_models,
      N_ ("List the models and whether they are installed"), NULL },
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
  g_option_context_set_description (context,
                                    _ ("Exit status: 0 when every input was cut out, 1 when some "
                                       "failed, 2 for a usage error."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

static gboolean
check_usage (const Options *o, GError **error)
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
  else if (o->output_dir != NULL && !g_file_test (o->output_dir, G_FILE_TEST_IS_DIR))
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _ ("%s is not a folder"),
                 o->output_dir);
  else
    return TRUE;
  return FALSE;
}

/* NAME-cutout.png (or NAME-mask.png) in the output folder or beside the input;
 * a name already used in this run gets a numeric suffix. */
static char *
output_path_for (Options *o, const char *input)
{
  g_autofree char *base = g_path_get_basename (input);
  g_autofree char *dir = o->output_dir ? g_strdup (o->output_dir) : g_path_get_dirname (input);
  const char *suffix = o->mask_only ? "mask" : "cutout";
  char *dot = strrchr (base, '.');
  char *path;

  if (o->output != NULL)
    return g_strdup (o->output);
  if (dot != NULL && dot != base)
    *dot = '\0';
  path = g_strdup_printf ("%s/%s-%s.png", dir, base, suffix);
  for (int i = 2; g_hash_table_contains (o->outputs_taken, path); i++)
    {
      g_free (path);
      path = g_strdup_printf ("%s/%s-%s-%d.png", dir, base, suffix, i);
    }
  g_hash_table_add (o->outputs_taken, g_strdup (path));
  return path;
}

static gboolean
cut_out_one (
    Options *o, CutoutEngine *engine, const char *input, const char *output, GError **error)
{
  g_autoptr (CutoutImage) image = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutImage) result = NULL;

  if (cutout_same_file (input, output))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _ ("the output %s is the input itself; Cutout never overwrites an input"),
                   output);
      return FALSE;
    }
  image = cutout_decode_file (input, error);
  if (image == NULL)
    return FALSE;
  mask = cutout_engine_cut_out (engine, image, NULL, NULL, error);
  if (mask == NULL)
    return FALSE;
  if (o->mask_only)
    return cutout_export_png (mask, output, CUTOUT_PNG_LEVEL_FAST, error);
  result = cutout_compose_alpha (image, mask);
  g_clear_pointer (&image, cutout_image_free);
  return cutout_export_png (result, output, CUTOUT_PNG_LEVEL_FAST, error);
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

static int
run (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) engine = load_engine (o->model, &error);
  guint n = g_strv_length (o->inputs), failed = 0;

  if (engine == NULL)
    {
      print_error (NULL, error->message);
      return EXIT_SOME_FAILED;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *output = output_path_for (o, o->inputs[i]);
      g_autofree char *shown = g_filename_display_name (o->inputs[i]);
      g_autoptr (GError) job_error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!cut_out_one (o, engine, o->inputs[i], output, &job_error))
        {
          print_error (shown, job_error->message);
          failed++;
        }
      else if (!o->quiet)
        {
          g_autofree char *shown_out = g_filename_display_name (output);
          g_printerr ("[%u/%u] %s → %s (%.1f s)\n", i + 1, n, shown, shown_out,
                      (g_get_monotonic_time () - start) / 1e6);
        }
    }
  if (failed > 0 && n > 1)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "cutout-cli: %u of %u image failed\n",
                             "cutout-cli: %u of %u images failed\n", n),
                failed, n);
  return failed ? EXIT_SOME_FAILED : EXIT_ALL_DONE;
}

int
main (int argc, char **argv)
{
  g_auto (Options) o = { 0 };
  g_autoptr (GError) error = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  o.outputs_taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!parse_options (&o, &argc, &argv, &error))
    {
      print_error (NULL, error->message);
      return EXIT_USAGE;
    }
  if (o.version)
    {
      const char *ort = cutout_ort_get_version ();
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
  return run (&o);
}
