/* cutout-testlib.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-testlib.h"

const CutoutModelInfo cutout_test_simulated_model = {
  .id = "simulated",
  .name = "simulated",
  .file = "none",
  .input = "input",
  .input_width = 64,
  .input_height = 64,
  .mean = { 128, 128, 128 },
  .std = { 256, 256, 256 },
  .output = "output",
  .license = "none",
};

/* For g_ptr_array_sort() of strings: it passes pointers to the elements. */
int
cutout_test_compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Compares as text, so that a failure shows both boxes whole. */
void
cutout_test_assert_box (const CutoutBox *box, int x1, int y1, int x2, int y2)
{
  g_autofree char *text = cutout_box_to_string (box);
  g_autofree char *want = g_strdup_printf ("%d,%d,%d,%d", x1, y1, x2, y2);

  g_assert_cmpstr (text, ==, want);
}

/* Into @dir, models.ini as $CUTOUT_DATA_DIR has it but with every model's
 * file renamed broken-NAME, so that none of the real model files is found
 * (a test may then put a broken one there). */
void
cutout_test_write_broken_catalogue (const char *dir)
{
  g_autofree char *real = g_build_filename (g_getenv ("CUTOUT_DATA_DIR"), "models.ini", NULL);
  g_autofree char *ini = g_build_filename (dir, "models.ini", NULL);
  g_autofree char *text = NULL, *changed = NULL;
  g_auto (GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (real, &text, NULL, NULL));
  parts = g_strsplit (text, "File=", -1);
  changed = g_strjoinv ("File=broken-", parts);
  g_assert_true (g_file_set_contents (ini, changed, -1, NULL));
}
