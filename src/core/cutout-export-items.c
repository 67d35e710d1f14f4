/* cutout-export-items.c: finished cut-outs written again, one or a batch
 *
 * What the app saves once the queue is done: each item's photo (the one
 * the queue kept, or the file decoded again) composed with its mask, into a
 * file, a folder or a ZIP archive (cutout-export-zip.c).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-id-photo.h"
#include "cutout-mask.h"
#include "cutout-product.h"

/* Finished cut-outs ---------------------------------------------------------------- */

CutoutExportItem *
cutout_export_item_new (const char *source, GBytes *mask, int width, int height)
{
  CutoutExportItem *item = g_new0 (CutoutExportItem, 1);

  item->source = g_strdup (source);
  item->mask = g_bytes_ref (mask);
  item->width = width;
  item->height = height;
  return item;
}

void
cutout_export_item_free (CutoutExportItem *item)
{
  if (item == NULL)
    return;
  g_free (item->source);
  g_bytes_unref (item->mask);
  cutout_photo_unref (item->photo);
  g_free (item);
}

void
cutout_export_report_free (CutoutExportReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->written);
  g_ptr_array_unref (report->failures);
  g_ptr_array_unref (report->notes);
  g_free (report);
}

/* The longest file name (in bytes) the usual file systems take. */
#define NAME_MAX_BYTES 255

/* The name of a result of @source: NAME-SUFFIX.EXT, or NAME-SUFFIX-N.EXT
 * for a @number of 2 or more, where NAME is @source's name without its
 * extension. A NAME too long for the whole to fit in a file name is
 * shortened, at a character's edge where it is UTF-8: a photo's name may
 * itself be as long as names go. */
char *
cutout_output_name (const char *source, const char *suffix, const char *ext, int number)
{
  g_autofree char *stem = g_path_get_basename (source);
  g_autofree char *tail = number >= 2 ? g_strdup_printf ("-%s-%d.%s", suffix, number, ext)
                                      : g_strdup_printf ("-%s.%s", suffix, ext);
  char *dot = strrchr (stem, '.');
  gsize room = NAME_MAX_BYTES - MIN (strlen (tail), NAME_MAX_BYTES / 2);

  if (dot != NULL && dot != stem)
    *dot = '\0';
  if (strlen (stem) > room)
    {
      char *cut = stem + room;
      if (g_utf8_validate (stem, -1, NULL))
        cut = g_utf8_find_prev_char (stem, cut + 1);
      *cut = '\0';
    }
  return g_strconcat (stem, tail, NULL);
}

/* The name a result of @source is given: NAME-cutout.EXT, NAME-mask.png,
 * or a product photo's NAME-product.EXT; with a @number of 2 or more,
 * NAME-cutout-2.EXT… */
char *
cutout_export_name (const char *source, const CutoutExportOptions *options, int number)
{
  if (options->product != NULL)
    return cutout_output_name (source, "product",
                               cutout_format_get_extension (options->product->format), number);
  return cutout_output_name (source, options->format == CUTOUT_FORMAT_MASK ? "mask" : "cutout",
                             cutout_format_get_extension (options->format), number);
}

/* Writes @item's cutout at @path: the photo at full size, with its colour
 * profile and resolution, as the queue kept it (@item's photo) if the file
 * has not changed since, otherwise decoded again. */
gboolean
cutout_export_item (const CutoutExportItem *item,
                    const CutoutExportOptions *options,
                    const char *path,
                    GCancellable *cancellable,
                    GError **error)
{
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autoptr (CutoutMetadata) metadata = NULL;

  if (options->product != NULL)
    return cutout_product_export_item (item, options->product, options->clean_colours, path, NULL,
                                       cancellable, error);
  mask = cutout_mask_decompress (item->mask, item->width, item->height);
  if (mask == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _ ("the cut-out of %s is damaged; cut it out again"), item->source);
      return FALSE;
    }

  if (options->format == CUTOUT_FORMAT_MASK)
    {
      metadata = cutout_metadata_read (item->source);
      return cutout_export_file (NULL, mask, options, metadata, item->source, path, cancellable,
                                 error);
    }
  photo = cutout_photo_load_for (item->photo, item->source, mask->width, mask->height, error);
  if (photo == NULL)
    return FALSE;
  return cutout_export_file (cutout_photo_get_image (photo), mask, options,
                             cutout_photo_get_metadata (photo), item->source, path, cancellable,
                             error);
}

/* A path in @dir for a result of @source that neither this batch (@taken)
 * nor a file already there has: NAME-cutout.EXT, NAME-cutout-2.EXT, …
 * Existing files are never replaced by a batch. */
static char *
unique_path (const char *dir,
             const char *source,
             const CutoutExportOptions *options,
             GHashTable *taken)
{
  char *path = NULL;

  for (int i = 1; path == NULL || g_hash_table_contains (taken, path)
                  || g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
       i++)
    {
      g_autofree char *name = cutout_export_name (source, options, i);
      g_free (path);
      path = g_build_filename (dir, name, NULL);
    }
  g_hash_table_add (taken, g_strdup (path));
  return path;
}

/* cutout_export_item(), and a note in @notes of a product photo's subject
 * enlarged enough to blur it. */
static gboolean
write_item (const CutoutExportItem *item,
            const CutoutExportOptions *options,
            const char *path,
            GPtrArray *notes,
            GCancellable *cancellable,
            GError **error)
{
  const CutoutProductPreset *preset = options->product;
  g_autofree char *note = NULL;
  double upscale = 1;

  if (preset == NULL)
    return cutout_export_item (item, options, path, cancellable, error);
  if (!cutout_product_export_item (item, preset, options->clean_colours, path, &upscale,
                                   cancellable, error))
    return FALSE;
  note = cutout_upscale_note (upscale, preset->width, preset->height);
  if (note != NULL)
    {
      g_autofree char *shown = g_filename_display_basename (item->source);
      g_ptr_array_add (notes, g_strdup_printf ("%s: %s", shown, note));
    }
  return TRUE;
}

/* Writes every item of @items (CutoutExportItem) into the folder
 * @destination, or into the ZIP archive @destination if @zip. An item that
 * cannot be written is listed in the report and the others go on; the
 * error is for the batch as a whole (the archive cannot be written, or
 * there was nothing to put in it). */
CutoutExportReport *
cutout_export_items (GPtrArray *items,
                     const CutoutExportOptions *options,
                     const char *destination,
                     gboolean zip,
                     GCancellable *cancellable,
                     GError **error)
{
  g_autoptr (CutoutExportReport) report = g_new0 (CutoutExportReport, 1);
  g_autoptr (GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;

  report->written = g_ptr_array_new_with_free_func (g_free);
  report->failures = g_ptr_array_new_with_free_func (g_free);
  report->notes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; zip && i < items->len; i++)
    if (cutout_refuse_input (((CutoutExportItem *) items->pdata[i])->source, destination, TRUE,
                             error))
      return NULL;
  dir = zip ? cutout_export_zip_workdir (destination, error) : g_strdup (destination);
  if (dir == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      const CutoutExportItem *item = items->pdata[i];
      g_autofree char *path = unique_path (dir, item->source, options, taken);
      g_autoptr (GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          if (zip)
            cutout_export_remove_workdir (dir, paths);
          return NULL;
        }
      if (write_item (item, options, path, report->notes, cancellable, &local))
        {
          g_ptr_array_add (report->written, g_path_get_basename (path));
          g_ptr_array_add (paths, g_steal_pointer (&path));
        }
      else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          if (zip)
            cutout_export_remove_workdir (dir, paths);
          return NULL;
        }
      else
        {
          g_autofree char *shown = g_filename_display_basename (item->source);
          g_ptr_array_add (report->failures, g_strdup_printf ("%s: %s", shown, local->message));
        }
    }
  report->n_written = paths->len;
  if (zip && paths->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _ ("Cannot write %s: none of the images could be saved"), destination);
      cutout_export_remove_workdir (dir, paths);
      return NULL;
    }
  if (zip && !cutout_export_zip_results (destination, dir, paths, cancellable, error))
    return NULL;
  return g_steal_pointer (&report);
}
