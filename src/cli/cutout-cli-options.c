/* cutout-cli-options.c: cutout-cli's command line, read and checked
 *
 * Every mistake in it is told, with exit status 2, before any photo is
 * cut out; -d's folder is made only once the rest has passed.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "cutout-cli.h"
#include "cutout-id-photo.h"
#include "cutout-product.h"
#include "cutout-queue.h"

void
cutout_cli_options_clear (Options *o)
{
  g_free (o->output);
  g_free (o->output_dir);
  g_free (o->model);
  g_free (o->import_model);
  g_free (o->import_name);
  g_free (o->like);
  g_free (o->remove_model);
  g_free (o->download_model);
  g_strfreev (o->inputs);
  g_strfreev (o->box_texts);
  g_free (o->format);
  g_free (o->background);
  g_free (o->zip);
  g_free (o->report);
  g_free (o->edges);
  g_free (o->id_photo);
  g_free (o->product);
  g_free (o->product_align);
  g_free (o->product_backdrop);
  g_free (o->product_shadow);
  g_free (o->zip_dir);
  g_free (o->listen);
  g_free (o->fetch_dir);
  g_clear_pointer (&o->fetched, g_hash_table_unref);
  g_free (o->api_key);
  g_clear_pointer (&o->boxes, g_array_unref);
  g_clear_pointer (&o->outputs_taken, g_hash_table_unref);
  g_clear_pointer (&o->input_files, cutout_inputs_free);
  g_clear_pointer (&o->dir_writable, g_hash_table_unref);
}

gboolean
cutout_cli_parse_options (Options *o, int *argc, char ***argv, GError **error)
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
    { "product", 0, 0, G_OPTION_ARG_STRING, &o->product,
      N_ ("Make a product photo for a shop: amazon (2000×2000), taobao, tmall, jd (800×800), "
          "shopify (2048×2048), square:N or WxH: the subject filling 85 percent of the frame, "
          "on white, as NAME-product.jpg"),
      N_ ("PRESET") },
    { "product-margin", 0, 0, G_OPTION_ARG_DOUBLE, &o->product_margin,
      N_ ("With --product, the room left on each side, in percent of the frame: 0 to under 50 "
          "(default 7.5)"),
      N_ ("PERCENT") },
    { "product-align", 0, 0, G_OPTION_ARG_STRING, &o->product_align,
      N_ ("With --product, centre the subject (center, the default) or stand it on a floor line "
          "near the bottom (floor)"),
      N_ ("ALIGN") },
    { "product-backdrop", 0, 0, G_OPTION_ARG_STRING, &o->product_backdrop,
      N_ ("With --product, the backdrop: white (the default), black, gray, #rrggbb or "
          "transparent (PNG and WebP only)"),
      N_ ("COLOUR") },
    { "product-shadow", 0, 0, G_OPTION_ARG_STRING, &o->product_shadow,
      N_ ("With --product, none (the default), a soft contact shadow under the subject "
          "(contact) or the photo's own shadow, as grey (keep)"),
      N_ ("SHADOW") },
    { "product-shadow-strength", 0, 0, G_OPTION_ARG_DOUBLE, &o->shadow_strength,
      N_ ("With --product-shadow contact, how dark the shadow is at its darkest: 0 to 100 "
          "percent (default 35)"),
      N_ ("PERCENT") },
    { "product-shadow-softness", 0, 0, G_OPTION_ARG_DOUBLE, &o->shadow_softness,
      N_ ("With --product-shadow contact, how far the shadow spreads and how blurred it is: 0 "
          "to 100 percent (default 50)"),
      N_ ("PERCENT") },
    { "product-shadow-direction", 0, 0, G_OPTION_ARG_DOUBLE, &o->shadow_direction,
      N_ ("With --product-shadow contact, where the shadow falls: -100 (to the left) to 100 "
          "(to the right); 0, the default, straight under the subject"),
      N_ ("N") },
    { "max-bytes", 0, 0, G_OPTION_ARG_INT64, &o->max_bytes,
      N_ ("With --product, keep each JPEG within N bytes, lowering its quality as far as "
          "needed"),
      N_ ("N") },
    { "edges", 0, 0, G_OPTION_ARG_STRING, &o->edges,
      N_ ("Finish edges as they come (natural, the default), smooth or hard (no transparency)"),
      N_ ("STYLE") },
    { "zip", 'z', 0, G_OPTION_ARG_FILENAME, &o->zip,
      N_ ("Put every result into the ZIP archive FILE"), N_ ("FILE") },
    { "report", 0, 0, G_OPTION_ARG_FILENAME, &o->report,
      N_ ("Write each input's review (whether to check its cutout, and why) to FILE.csv or "
          "FILE.json"),
      N_ ("FILE") },
    { "box", 'b', 0, G_OPTION_ARG_STRING_ARRAY, &o->box_texts,
      N_ ("Cut out only the subject inside this box, given by two corners in pixels (may be "
          "repeated)"),
      N_ ("X1,Y1,X2,Y2") },
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o->model,
      N_ ("Use the model NAME (see --list-models)"), N_ ("NAME") },
    { "list-models", 0, 0, G_OPTION_ARG_NONE, &o->list_models,
      N_ ("List the models and whether they are installed"), NULL },
    { "import-model", 0, 0, G_OPTION_ARG_FILENAME, &o->import_model,
      N_ ("Add the ONNX model FILE to the models, as --name, preprocessed as --like"),
      N_ ("FILE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &o->import_name,
      N_ ("With --import-model, the name to use it by with --model"), N_ ("NAME") },
    { "like", 0, 0, G_OPTION_ARG_STRING, &o->like,
      N_ ("With --import-model, the known model whose input size, normalisation and output "
          "it shares (default: the default model)"),
      N_ ("MODEL") },
    { "remove-model", 0, 0, G_OPTION_ARG_STRING, &o->remove_model,
      N_ ("Delete a downloaded or imported model"), N_ ("NAME") },
    { "download-model", 0, 0, G_OPTION_ARG_STRING, &o->download_model,
      N_ ("Download the model NAME into the user's model folder (a mirror's base URL may be "
          "given in $CUTOUT_MODEL_MIRROR)"),
      N_ ("NAME") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &o->n_jobs,
      N_ ("Decode and encode on N threads besides the model's (default 2)"), N_ ("N") },
    { "serve", 0, 0, G_OPTION_ARG_NONE, &o->serve,
      N_ ("Run an HTTP server that cuts out the photos sent to it, in the formats of Baidu's "
          "segment API, OpenAI chat completions (model remove-bg), remove.bg and rembg"),
      NULL },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &o->listen,
      N_ ("With --serve, the address and port to listen on (default 127.0.0.1:8910); any "
          "address but loopback needs --api-key"),
      N_ ("HOST:PORT") },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &o->api_key,
      N_ ("With --serve, the key every request must bring (access_token, Authorization: Bearer "
          "or X-Api-Key)"),
      N_ ("KEY") },
    { "allow-private-urls", 0, 0, G_OPTION_ARG_NONE, &o->allow_private_urls,
      N_ ("Fetch photos from loopback, private and link-local addresses too"), NULL },
    { "client-timeout", 0, 0, G_OPTION_ARG_INT, &o->client_timeout,
      N_ ("With --serve, close a connection idle for this many seconds (default 30)"),
      N_ ("SECONDS") },
    { "max-waiting", 0, 0, G_OPTION_ARG_INT, &o->max_waiting,
      N_ ("With --serve, answer \"too many requests\" beyond N photos waiting (1 to 50, the "
          "default)"),
      N_ ("N") },
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

/* A bad value of a --product option. */
static gboolean
bad_product_value (GError **error, const char *option, const char *message)
{
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", option, message);
  return FALSE;
}

/* The format of a product photo: --format, else -o's extension, else PNG
 * if transparent, else the preset's. */
static gboolean
product_format (Options *o, CutoutFormat *format, GError **error)
{
  const char *dot = o->output ? strrchr (o->output, '.') : NULL;

  if (o->format != NULL || o->mask_only)
    *format = o->export.format;
  else if (dot != NULL && strchr (dot, G_DIR_SEPARATOR) == NULL
           && cutout_format_parse (dot + 1, format))
    ;
  else
    *format = o->product_preset.transparent ? CUTOUT_FORMAT_PNG : o->product_preset.format;
  if (*format != CUTOUT_FORMAT_MASK)
    return TRUE;
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _ ("--product writes JPEG, PNG or WebP"));
  return FALSE;
}

/* --product-shadow-strength, -softness and -direction, into @p. */
static gboolean
parse_shadow_shape (Options *o, CutoutProductPreset *p, GError **error)
{
  const struct
  {
    const char *option;
    double value, low;
    double *into;
  } shape[] = {
    { "--product-shadow-strength", o->shadow_strength, 0, &p->shadow_strength },
    { "--product-shadow-softness", o->shadow_softness, 0, &p->shadow_softness },
    { "--product-shadow-direction", o->shadow_direction, -100, &p->shadow_direction },
  };

  for (guint i = 0; i < G_N_ELEMENTS (shape); i++)
    {
      if (isnan (shape[i].value))
        continue;
      if (p->shadow != CUTOUT_PRODUCT_SHADOW_CONTACT)
        return bad_product_value (error, shape[i].option, _ ("goes with --product-shadow contact"));
      if (shape[i].value < shape[i].low || shape[i].value > 100)
        return bad_product_value (error, shape[i].option,
                                  shape[i].low < 0 ? _ ("takes a number from -100 to 100")
                                                   : _ ("takes a percentage from 0 to 100"));
      *shape[i].into = shape[i].value / 100;
    }
  return TRUE;
}

/* Reads --product and its options into o->product_preset; o->export's
 * format and quality become the product photo's. */
static gboolean
parse_product (Options *o, GError **error)
{
  CutoutProductPreset *p = &o->product_preset;
  g_autoptr (GError) local = NULL;

  if (o->product == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("--product-margin, --product-align, --product-backdrop, "
                              "--product-shadow (and its strength, softness and direction) and "
                              "--max-bytes go with --product"));
      return FALSE;
    }
  if (o->id_photo != NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                           _ ("use either --product or --id-photo, not both"));
      return FALSE;
    }
  if (!cutout_product_preset_parse (o->product, p, &local))
    return bad_product_value (error, "--product", local->message);
  if (o->product_margin != -1 && (o->product_margin < 0 || o->product_margin >= 50))
    return bad_product_value (error, "--product-margin",
                              _ ("takes a percentage from 0 to under 50"));
  if (o->product_margin != -1)
    cutout_product_preset_set_margin (p, o->product_margin / 100);
  if (o->product_align != NULL && !cutout_product_align_parse (o->product_align, &p->align))
    return bad_product_value (error, "--product-align", _ ("use center or floor"));
  if (o->product_shadow != NULL && !cutout_product_shadow_parse (o->product_shadow, &p->shadow))
    return bad_product_value (error, "--product-shadow", _ ("use none, contact or keep"));
  if (!parse_shadow_shape (o, p, error))
    return FALSE;
  /* --bg says the colour too, as it does for ID photos. */
  if (o->background != NULL)
    memcpy (p->backdrop, o->export.background, 3);
  if (o->product_backdrop != NULL && g_ascii_strcasecmp (o->product_backdrop, "transparent") == 0)
    p->transparent = TRUE;
  else if (o->product_backdrop != NULL && !cutout_color_parse (o->product_backdrop, p->backdrop))
    return bad_product_value (error, "--product-backdrop",
                              _ ("use white, black, gray, blue, red, #rrggbb or transparent"));
  if (!product_format (o, &p->format, error))
    return FALSE;
  if (p->transparent && p->format == CUTOUT_FORMAT_JPEG)
    return bad_product_value (error, "--product-backdrop",
                              _ ("a JPEG cannot be transparent: write PNG or WebP"));
  if (o->max_bytes != -1 && o->max_bytes < 1)
    return bad_product_value (error, "--max-bytes", _ ("takes a number of bytes above 0"));
  if (o->max_bytes != -1 && p->format != CUTOUT_FORMAT_JPEG)
    return bad_product_value (error, "--max-bytes", _ ("only a JPEG's size can be capped"));
  p->max_bytes = o->max_bytes == -1 ? 0 : (gsize) o->max_bytes;
  if (o->quality != -1)
    p->quality = o->quality;
  p->lossy = o->quality != -1;
  o->export.format = p->format;
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
  if ((o->product != NULL || o->product_margin != -1 || o->product_align != NULL
       || o->product_backdrop != NULL || o->product_shadow != NULL || o->max_bytes != -1
       || !isnan (o->shadow_strength) || !isnan (o->shadow_softness)
       || !isnan (o->shadow_direction))
      && !parse_product (o, error))
    return FALSE;
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
gboolean
cutout_cli_check_writable (const char *dir, GError **error)
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
  return dir == NULL || cutout_cli_check_writable (dir, error);
}

/* --report's name and folder. */
static gboolean
check_report (Options *o, GError **error)
{
  g_autofree char *dir = NULL;

  if (o->report == NULL)
    return TRUE;
  if (!cutout_cli_report_check_name (o->report, error))
    return FALSE;
  if (g_file_test (o->report, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *shown = g_filename_display_name (o->report);
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, _ ("--report: %s is a folder"),
                   shown);
      return FALSE;
    }
  /* No output takes its name. */
  g_hash_table_add (o->outputs_taken, g_strdup (o->report));
  dir = g_path_get_dirname (o->report);
  return cutout_cli_check_writable (dir, error);
}

gboolean
cutout_cli_check_usage (Options *o, GError **error)
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
  else if (parse_export (o, error) && parse_boxes (o, error) && check_destination (o, error)
           && check_report (o, error))
    return TRUE;
  return FALSE;
}
