/* cutout-export.h: compositing and writing results, never losing a file
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cutout-image.h"
#include "cutout-metadata.h"
#include "cutout-photo-cache.h"

G_BEGIN_DECLS

/* zlib levels: fast is what a batch wants; smallest is for the web. */
#define CUTOUT_PNG_LEVEL_FAST 1
#define CUTOUT_PNG_LEVEL_SMALLEST 9
/* libwebp's lossless presets (0–9), the same way round. Measured on a
 * 12 MP cutout (docs/PERFORMANCE.md): 0 takes twice PNG's fast level for a
 * file 16 % smaller; 3 makes it half the size in 10 times the time, and 9
 * no smaller than 3 in 8 times more. */
#define CUTOUT_WEBP_LEVEL_FAST 0
#define CUTOUT_WEBP_LEVEL_SMALLEST 3

/* What a result is saved as. */
typedef enum
{
  /* The nicks (CUTOUT_TYPE_FORMAT) are the settings' and the CLI's names. */
  CUTOUT_FORMAT_PNG,  /* RGBA */
  CUTOUT_FORMAT_WEBP, /* RGBA, lossless or lossy */
  /* flattened onto the background colour */
  CUTOUT_FORMAT_JPEG, /*< nick=jpg >*/
  CUTOUT_FORMAT_MASK, /* the mask alone, as a grayscale PNG */
} CutoutFormat;

/* cutout-product.h's */
typedef struct _CutoutProductPreset CutoutProductPreset;

typedef struct
{
  CutoutFormat format;
  int png_level;          /* CUTOUT_PNG_LEVEL_FAST … _SMALLEST */
  int webp_level;         /* lossless WebP: CUTOUT_WEBP_LEVEL_FAST … _SMALLEST */
  gboolean lossy;         /* WebP: lossy at @quality rather than lossless */
  int quality;            /* JPEG and lossy WebP, 1–100 */
  guint8 background[3];   /* JPEG: what transparent parts become */
  gboolean clean_colours; /* see-through pixels get the subject's own colour (slower) */
  /* Or NULL: each cut-out made a product photo of this preset (its own
   * format and backdrop; the fields above but @clean_colours unused). */
  const CutoutProductPreset *product;
} CutoutExportOptions;

#define CUTOUT_DEFAULT_QUALITY 90

void cutout_export_options_init (CutoutExportOptions *options);
gboolean cutout_format_parse (const char *name, CutoutFormat *format);
const char *cutout_format_get_extension (CutoutFormat format);
gboolean cutout_color_parse (const char *text, guint8 rgb[3]);

gboolean cutout_export_file (const CutoutImage *image,
                             const CutoutImage *mask,
                             const CutoutExportOptions *options,
                             const CutoutMetadata *metadata,
                             const char *source,
                             const char *path,
                             GCancellable *cancellable,
                             GError **error);

char *cutout_export_zip_workdir (const char *zip_path, GError **error);
void cutout_export_remove_workdir (const char *dir, GPtrArray *files);
gboolean cutout_export_zip (const char *path,
                            const char *const *files,
                            const char *const *names,
                            GCancellable *cancellable,
                            GError **error);
gboolean cutout_export_zip_results (
    const char *path, const char *dir, GPtrArray *files, GCancellable *cancellable, GError **error);

/* A finished cut-out to write: the image it comes from and its mask (as
 * cutout_mask_compress() makes it, and cutout_job_ref_mask_data() gives it). */
typedef struct
{
  char *source;
  GBytes *mask;
  int width, height;
  CutoutPhoto *photo; /* the photo as the queue kept it, or NULL: decoded again */
} CutoutExportItem;

/* What a batch export did. */
typedef struct
{
  guint n_written;
  GPtrArray *written;  /* the names written (in the folder or the archive) */
  GPtrArray *failures; /* "file: why" for each item that could not be written */
  GPtrArray *notes;    /* "file: what" for each written with a word to say (upscaled) */
} CutoutExportReport;

CutoutExportItem *cutout_export_item_new (const char *source, GBytes *mask, int width, int height);
void cutout_export_item_free (CutoutExportItem *item);
void cutout_export_report_free (CutoutExportReport *report);
char *cutout_export_name (const char *source, const CutoutExportOptions *options, int number);
char *cutout_output_name (const char *source, const char *suffix, const char *ext, int number);
gboolean cutout_export_item (const CutoutExportItem *item,
                             const CutoutExportOptions *options,
                             const char *path,
                             GCancellable *cancellable,
                             GError **error);
CutoutExportReport *cutout_export_items (GPtrArray *items,
                                         const CutoutExportOptions *options,
                                         const char *destination,
                                         gboolean zip,
                                         GCancellable *cancellable,
                                         GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutExportItem, cutout_export_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutExportReport, cutout_export_report_free)

gboolean cutout_export_png (const CutoutImage *image,
                            const char *path,
                            int level,
                            GCancellable *cancellable,
                            GError **error);
gboolean cutout_same_file (const char *a, const char *b);
void cutout_set_input_error (GError **error, const char *path, gboolean among_inputs);
gboolean
cutout_refuse_input (const char *input, const char *path, gboolean among_inputs, GError **error);
/* For writers that make a file in steps of their own (cutout-product-export.c). */
char *cutout_export_temporary (const char *path, int *fd, GError **error);

G_END_DECLS
