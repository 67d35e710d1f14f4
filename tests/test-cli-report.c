/* test-cli-report.c: cutout-cli --report FILE.csv and FILE.json
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cutout-testlib.h"

static char *workdir;
/* The inputs, in order: a sure photo under an awkward name, one the model
 * is unsure of (alphamatting GT13: docs/QUALITY.md), and a file that is
 * no image. */
static char *inputs[3];

static const char *const NOT_AN_IMAGE = "not an image";

static char *
in_workdir (const char *name)
{
  return g_build_filename (workdir, name, NULL);
}

static void
copy_photo (const char *set, const char *name, const char *to)
{
  g_autofree char *from = g_build_filename (g_getenv ("CUTOUT_TESTDATA"), set, name, NULL);
  g_autofree char *data = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (from, &data, &size, NULL));
  g_assert_true (g_file_set_contents (to, data, size, NULL));
}

static void
make_inputs (void)
{
  inputs[0] = in_workdir ("voc1, \"the plane\".png");
  inputs[1] = in_workdir ("GT13.png");
  inputs[2] = in_workdir ("broken.png");
  copy_photo ("voc", "voc1.png", inputs[0]);
  copy_photo ("alphamatting", "GT13.png", inputs[1]);
  g_assert_true (g_file_set_contents (inputs[2], "no image here", -1, NULL));
}

/* One CSV record from @p (RFC 4180: quoted fields, "" for a quote),
 * moving @p past it; NULL at the end. */
static GPtrArray *
read_record (const char **p)
{
  GPtrArray *fields;
  GString *field = g_string_new (NULL);

  if (**p == '\0')
    {
      g_string_free (field, TRUE);
      return NULL;
    }
  fields = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      if (**p == '"')
        {
          for ((*p)++; !(**p == '"' && (*p)[1] != '"'); (*p)++)
            {
              g_assert_true (**p != '\0');
              if (**p == '"')
                (*p)++;
              g_string_append_c (field, **p);
            }
          (*p)++;
        }
      else
        while (**p != ',' && **p != '\n' && **p != '\0')
          g_string_append_c (field, *(*p)++);
      g_ptr_array_add (fields, g_string_free (g_steal_pointer (&field), FALSE));
      field = g_string_new (NULL);
      if (**p != ',')
        break;
      (*p)++;
    }
  g_assert_cmpint (**p, ==, '\n');
  (*p)++;
  g_string_free (field, TRUE);
  return fields;
}

static const char *
field (GPtrArray *record, guint i)
{
  return g_ptr_array_index (record, i);
}

/* No temporary file is left beside the report. */
static void
assert_no_leftovers (void)
{
  g_autoptr (GDir) dir = g_dir_open (workdir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (name[0] == '.');
}

static void
test_usage (void)
{
  g_autofree char *txt = in_workdir ("report.txt");
  g_autofree char *folder = in_workdir ("report.csv");
  g_autofree char *input = in_workdir ("input.csv");
  g_auto (CutoutCliResult) wrong = cutout_test_run_cli ("--report", txt, inputs[0], NULL);
  g_auto (CutoutCliResult) is_folder = { 0 };
  g_auto (CutoutCliResult) is_input = { 0 };

  g_assert_cmpint (wrong.status, ==, 2);
  g_assert_nonnull (strstr (wrong.err, ".csv or .json"));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  is_folder = cutout_test_run_cli ("--report", folder, inputs[0], NULL);
  g_assert_cmpint (is_folder.status, ==, 2);
  g_assert_nonnull (strstr (is_folder.err, "is a folder"));
  g_rmdir (folder);

  /* An input is never written over, whatever its name. */
  g_assert_true (g_file_set_contents (input, "keep me", -1, NULL));
  is_input = cutout_test_run_cli ("--report", input, input, NULL);
  g_assert_cmpint (is_input.status, ==, 2);
  g_assert_nonnull (strstr (is_input.err, "is an input"));
  {
    g_autofree char *kept = NULL;
    g_assert_true (g_file_get_contents (input, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "keep me");
  }
  g_unlink (input);
}

/* One row per input, in their order, with the header the issue asks for,
 * fields quoted where they must be, and a failed input's error. */
static void
test_csv (void)
{
  g_autofree char *report = in_workdir ("report.csv");
  g_autofree char *out = in_workdir ("out-csv");
  g_autofree char *text = NULL;
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("-q", "-d", out, "--report", report, inputs[0],
                                                    inputs[1], inputs[2], NULL);
  const char *p;
  g_autoptr (GPtrArray) header = NULL, sure = NULL, unsure = NULL, broken = NULL;

  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 1); /* the broken file failed */
  g_assert_true (g_file_get_contents (report, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "input,output,score,needs_review,reasons\n"));
  /* The awkward name is quoted, its quotes doubled. */
  g_assert_true (
      g_str_has_prefix (text + strlen ("input,output,score,needs_review,reasons\n"), "\""));
  g_assert_nonnull (strstr (text, "voc1, \"\"the plane\"\".png\","));
  p = text;
  header = read_record (&p);
  sure = read_record (&p);
  unsure = read_record (&p);
  broken = read_record (&p);
  g_assert_null (read_record (&p));
  g_assert_cmpuint (header->len, ==, 5);
  g_assert_cmpuint (sure->len, ==, 5);
  g_assert_cmpuint (unsure->len, ==, 5);
  g_assert_cmpuint (broken->len, ==, 5);

  g_assert_cmpstr (field (sure, 0), ==, inputs[0]);
  g_assert_true (g_str_has_prefix (field (sure, 1), out));
  g_assert_true (g_file_test (field (sure, 1), G_FILE_TEST_EXISTS));
  g_assert_cmpfloat (g_ascii_strtod (field (sure, 2), NULL), <, 0.5);
  g_assert_cmpstr (field (sure, 3), ==, "0");

  g_assert_cmpstr (field (unsure, 0), ==, inputs[1]);
  g_assert_cmpfloat (g_ascii_strtod (field (unsure, 2), NULL), >=, 0.5);
  g_assert_cmpfloat (g_ascii_strtod (field (unsure, 2), NULL), <=, 1);
  g_assert_cmpstr (field (unsure, 3), ==, "1");
  g_assert_nonnull (strstr (field (unsure, 4), "large unsure area"));
  /* Several reasons, ';'-separated. */
  g_assert_nonnull (strchr (field (unsure, 4), ';'));

  g_assert_cmpstr (field (broken, 0), ==, inputs[2]);
  g_assert_cmpstr (field (broken, 1), ==, "");
  g_assert_cmpstr (field (broken, 2), ==, "");
  g_assert_cmpstr (field (broken, 3), ==, "1");
  g_assert_nonnull (strstr (field (broken, 4), NOT_AN_IMAGE));
  assert_no_leftovers ();
}

static JsonObject *
row_at (JsonArray *rows, guint i)
{
  return json_array_get_object_element (rows, i);
}

/* The same in JSON, with the reasons' codes and the doubtful region. */
static void
test_json (void)
{
  g_autofree char *report = in_workdir ("report.json");
  g_autofree char *out = in_workdir ("out-json");
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("-q", "-d", out, "--report", report, inputs[0],
                                                    inputs[1], inputs[2], NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonArray *rows, *codes;
  JsonObject *sure, *unsure, *broken, *region;

  g_assert_cmpint (r.status, ==, 1);
  json_parser_load_from_file (parser, report, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 3);
  sure = row_at (rows, 0), unsure = row_at (rows, 1), broken = row_at (rows, 2);

  g_assert_cmpstr (json_object_get_string_member (sure, "input"), ==, inputs[0]);
  g_assert_true (g_file_test (json_object_get_string_member (sure, "output"), G_FILE_TEST_EXISTS));
  g_assert_cmpfloat (json_object_get_double_member (sure, "score"), <, 0.5);
  g_assert_false (json_object_get_boolean_member (sure, "needs_review"));

  g_assert_true (json_object_get_boolean_member (unsure, "needs_review"));
  g_assert_cmpfloat (json_object_get_double_member (unsure, "score"), >=, 0.5);
  codes = json_object_get_array_member (unsure, "reason_codes");
  g_assert_cmpuint (json_array_get_length (codes), >=, 1);
  g_assert_cmpuint (json_array_get_length (codes), ==,
                    json_array_get_length (json_object_get_array_member (unsure, "reasons")));
  g_assert_cmpstr (json_array_get_string_element (codes, 0), ==, "unsure-area");
  region = json_object_get_object_member (unsure, "region");
  g_assert_cmpint (json_object_get_int_member (region, "x"), >=, 0);
  g_assert_cmpint (json_object_get_int_member (region, "width"), >, 0);
  /* GT13 is 800 × 595. */
  g_assert_cmpint (json_object_get_int_member (region, "x")
                       + json_object_get_int_member (region, "width"),
                   <=, 800);
  g_assert_cmpint (json_object_get_int_member (region, "y")
                       + json_object_get_int_member (region, "height"),
                   <=, 595);

  g_assert_true (json_object_get_null_member (broken, "score"));
  g_assert_true (json_object_get_null_member (broken, "output"));
  g_assert_true (json_object_get_boolean_member (broken, "needs_review"));
  g_assert_nonnull (strstr (json_object_get_string_member (broken, "error"), NOT_AN_IMAGE));
  assert_no_leftovers ();
}

int
main (int argc, char **argv)
{
  int status;

  workdir = cutout_test_init_with_workdir (&argc, &argv, "cutout-cli-report-XXXXXX");
  if (workdir == NULL)
    return 0;
  make_inputs ();
  g_test_add_func ("/cli-report/usage", test_usage);
  g_test_add_func ("/cli-report/csv", test_csv);
  g_test_add_func ("/cli-report/json", test_json);
  status = cutout_test_run_with_workdir (&workdir);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_free (inputs[i]);
  return status;
}
