/* cutout-cli-download.c: cutout-cli --download-model NAME
 *
 * The model is fetched into the user's model folder with
 * cutout_model_download_sync(). On a terminal its progress is one line
 * drawn again; otherwise (a log, a pipe) a line at each quarter. An
 * interrupted download (Ctrl+C) leaves its part, which the next one
 * resumes.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "cutout-catalogue.h"
#include "cutout-cli.h"
#include "cutout-download.h"

typedef struct
{
  const CutoutModelInfo *info;
  gboolean tty;
  gboolean quiet;
  gboolean drawn; /* a progress line is on the terminal */
  int last_step;  /* without a terminal: the last quarter told */
} Progress;

static char *
megabytes (goffset bytes)
{
  return g_strdup_printf ("%.1f MB", bytes / 1e6);
}

/* "12.3 MB of 44.3 MB (27 %), 5.1 MB/s, 6 s left" */
static char *
describe (const CutoutDownloadProgress *p)
{
  g_autofree char *got = megabytes (p->received);
  g_autofree char *total = p->total > 0 ? megabytes (p->total) : NULL;
  GString *line = g_string_new (NULL);

  if (total != NULL)
    /* Translators: bytes received, the file's size, the percentage done. */
    g_string_printf (line, _ ("%s of %s (%d %%)"), got, total,
                     (int) (100 * p->received / p->total));
  else
    g_string_append (line, got);
  if (p->bytes_per_second > 0)
    g_string_append_printf (line, ", %.1f MB/s", p->bytes_per_second / 1e6);
  if (p->seconds_left >= 0)
    /* Translators: the time a download still needs, in seconds. */
    g_string_append_printf (line, _ (", %.0f s left"), p->seconds_left);
  return g_string_free (line, FALSE);
}

static void
progress_cb (const CutoutDownloadProgress *p, gpointer data)
{
  Progress *pr = data;
  g_autofree char *text = NULL;
  int step;

  if (pr->quiet)
    return;
  text = describe (p);
  if (pr->tty)
    {
      g_printerr ("\r\033[K%s: %s", pr->info->id, text);
      pr->drawn = TRUE;
      return;
    }
  step = p->total > 0 ? (int) (4 * p->received / p->total) : 0;
  if (step > pr->last_step)
    {
      g_printerr ("cutout-cli: %s: %s\n", pr->info->id, text);
      pr->last_step = step;
    }
}

/* Downloads the catalogue's model @o->download_model: the exit status. */
int
cutout_cli_download_model (Options *o)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  const CutoutModelInfo *info;
  g_autofree char *path = NULL;
  Progress pr = { 0 };

  if (catalogue == NULL)
    {
      g_printerr ("cutout-cli: %s\n", error->message);
      return EXIT_SOME_FAILED;
    }
  info = cutout_catalogue_find (catalogue, o->download_model, &error);
  if (info == NULL)
    {
      g_printerr ("cutout-cli: --download-model: %s\n", error->message);
      return EXIT_USAGE;
    }
  pr = (Progress){ .info = info, .quiet = o->quiet, .tty = isatty (STDERR_FILENO) };
  if (!o->quiet)
    g_printerr (_ ("cutout-cli: downloading %s (%s)…\n"), info->name, info->id);
  path = cutout_model_download_sync (info, NULL, NULL, progress_cb, &pr, NULL, NULL, &error);
  if (pr.drawn)
    g_printerr ("\n");
  if (path == NULL)
    {
      g_printerr ("cutout-cli: %s\n", error->message);
      return EXIT_SOME_FAILED;
    }
  if (!o->quiet)
    {
      g_autofree char *shown = g_filename_display_name (path);
      g_printerr (_ ("cutout-cli: %s installed as %s\n"), info->id, shown);
    }
  return EXIT_ALL_DONE;
}
