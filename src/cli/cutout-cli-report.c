/* cutout-cli-report.c: --report FILE.csv or FILE.json, one row per input
 *
 * Each input's row says where its cutout went and its review
 * (cutout-review.c): the score, whether to check it, and why. A failed
 * input has a row too: no score, to be checked, the error as its reason.
 * The rows keep the inputs' order, and the file is written once, at the
 * end, to a temporary name renamed into place.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "cutout-cli.h"

typedef struct
{
  char *input;
  char *output;         /* NULL if none was written */
  CutoutReview *review; /* NULL for a failed input */
  char *error;          /* a failed input's */
} Row;

struct _CutoutCliReport
{
  char *path;
  gboolean json;
  GPtrArray *rows; /* Row, by the input's index; NULL until it finishes */
};

static void
row_free (Row *row)
{
  if (row == NULL)
    return;
  g_free (row->input);
  g_free (row->output);
  cutout_review_free (row->review);
  g_free (row->error);
  g_free (row);
}

/* Whether @path names a report cutout-cli can write: .csv or .json. */
gboolean
cutout_cli_report_check_name (const char *path, GError **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".json"))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _ ("--report: %s must end in .csv or .json"), path);
  return FALSE;
}

CutoutCliReport *
cutout_cli_report_new (const char *path, guint n_inputs)
{
  CutoutCliReport *self = g_new0 (CutoutCliReport, 1);
  g_autofree char *lower = g_ascii_strdown (path, -1);

  self->path = g_strdup (path);
  self->json = g_str_has_suffix (lower, ".json");
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_ptr_array_set_size (self->rows, n_inputs);
  return self;
}

void
cutout_cli_report_free (CutoutCliReport *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

/* The row of input @index: cut out into @output with @review, or failed
 * with @error (then @review is NULL). */
void
cutout_cli_report_add (CutoutCliReport *self,
                       guint index,
                       const char *input,
                       const char *output,
                       const CutoutReview *review,
                       const char *error)
{
  Row *row = g_new0 (Row, 1);

  g_return_if_fail (index < self->rows->len);
  row->input = g_strdup (input);
  row->output = g_strdup (output);
  row->review = review != NULL ? cutout_review_copy (review) : NULL;
  row->error = g_strdup (error);
  row_free (self->rows->pdata[index]);
  self->rows->pdata[index] = row;
}

/* @text as one CSV field (RFC 4180): quoted if it holds a comma, a quote
 * or a line break, its quotes doubled. */
static void
append_csv_field (GString *out, const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* A file name as text for the report: UTF-8, as it is shown. */
static char *
shown (const char *path)
{
  return path != NULL ? g_filename_display_name (path) : NULL;
}

static char *
reasons_of (const Row *row)
{
  if (row->review == NULL)
    return g_strdup (row->error);
  return cutout_review_describe (row->review, ";");
}

static char *
make_csv (CutoutCliReport *self)
{
  GString *out = g_string_new ("input,output,score,needs_review,reasons\n");

  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = self->rows->pdata[i];
      g_autofree char *input = NULL, *output = NULL, *reasons = NULL;
      char score[G_ASCII_DTOSTR_BUF_SIZE] = "";

      if (row == NULL)
        continue;
      input = shown (row->input), output = shown (row->output), reasons = reasons_of (row);
      if (row->review != NULL)
        g_ascii_formatd (score, sizeof score, "%.3f", row->review->score);
      append_csv_field (out, input);
      g_string_append_c (out, ',');
      append_csv_field (out, output);
      g_string_append_printf (out, ",%s,%d,", score,
                              row->review == NULL || row->review->needs_review);
      append_csv_field (out, reasons);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
add_review (JsonBuilder *b, const CutoutReview *review)
{
  const CutoutBox *r = &review->region;

  json_builder_set_member_name (b, "score");
  json_builder_add_double_value (b, round (review->score * 1000) / 1000);
  json_builder_set_member_name (b, "needs_review");
  json_builder_add_boolean_value (b, review->needs_review);
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  for (guint k = 0; k < review->n_reasons; k++)
    json_builder_add_string_value (b, cutout_review_reason_to_string (review->reasons[k]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "reason_codes");
  json_builder_begin_array (b);
  for (guint k = 0; k < review->n_reasons; k++)
    json_builder_add_string_value (b, cutout_review_reason_to_nick (review->reasons[k]));
  json_builder_end_array (b);
  json_builder_set_member_name (b, "region");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "x");
  json_builder_add_int_value (b, r->x1);
  json_builder_set_member_name (b, "y");
  json_builder_add_int_value (b, r->y1);
  json_builder_set_member_name (b, "width");
  json_builder_add_int_value (b, r->x2 - r->x1);
  json_builder_set_member_name (b, "height");
  json_builder_add_int_value (b, r->y2 - r->y1);
  json_builder_end_object (b);
}

static void
add_failure (JsonBuilder *b, const Row *row)
{
  json_builder_set_member_name (b, "score");
  json_builder_add_null_value (b);
  json_builder_set_member_name (b, "needs_review");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "reasons");
  json_builder_begin_array (b);
  json_builder_add_string_value (b, row->error);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, row->error);
}

static char *
make_json (CutoutCliReport *self)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_array (b);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = self->rows->pdata[i];
      g_autofree char *input = NULL, *output = NULL;

      if (row == NULL)
        continue;
      input = shown (row->input), output = shown (row->output);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "input");
      json_builder_add_string_value (b, input);
      json_builder_set_member_name (b, "output");
      if (output != NULL)
        json_builder_add_string_value (b, output);
      else
        json_builder_add_null_value (b);
      if (row->review != NULL)
        add_review (b, row->review);
      else
        add_failure (b, row);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return g_strconcat (text, "\n", NULL);
}

/* Writes the rows so far, to a temporary file renamed into place; a report
 * that is replaced keeps its permissions. */
gboolean
cutout_cli_report_write (CutoutCliReport *self, GError **error)
{
  g_autofree char *text = self->json ? make_json (self) : make_csv (self);
  GStatBuf st;
  int mode = g_stat (self->path, &st) == 0 ? (int) (st.st_mode & 07777) : 0666;

  return g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, mode,
                                   error);
}
