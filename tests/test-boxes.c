/* test-boxes.c: subject boxes — parsing, the geometry the box tool uses,
 * undo and redo, and pasting the model's output back into boxes
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-box-list.h"
#include "cutout-engine.h"
#include "cutout-pipeline.h"
#include "cutout-testlib.h"

static void
test_parse (void)
{
  CutoutBox box;
  const char *bad[] = { "", "1,2,3", "1,2,3,4,5", "a,2,3,4", "1,2,3,4x", "-1,2,3,4", "1,,3,4" };

  g_assert_true (cutout_box_parse ("10,20,300,400", &box, NULL));
  cutout_test_assert_box (&box, 10, 20, 300, 400);
  /* Corners in either order, spaces allowed. */
  g_assert_true (cutout_box_parse (" 300, 400 ,10,20", &box, NULL));
  cutout_test_assert_box (&box, 10, 20, 300, 400);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_assert_false (cutout_box_parse (bad[i], &box, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      /* The message quotes what was given, so the user can find it. */
      if (bad[i][0] != '\0')
        g_assert_nonnull (strstr (error->message, bad[i]));
    }
  {
    g_autoptr (GError) error = NULL;
    g_assert_false (cutout_box_parse ("5,5,5,9", &box, &error));
    g_assert_nonnull (strstr (error->message, "empty"));
  }
}

static void
test_clip (void)
{
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  g_autoptr (GError) error = NULL;
  CutoutBox box = { -5, 10, 120, 90 }, outside = { 200, 0, 300, 50 };

  g_assert_true (cutout_box_clip (&box, 100, 80));
  cutout_test_assert_box (&box, 0, 10, 100, 80);
  g_array_append_val (boxes, box);
  g_array_append_val (boxes, outside);
  g_assert_false (cutout_boxes_clip (boxes, 100, 80, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  /* Says which box, and how large the image is. */
  g_assert_nonnull (strstr (error->message, "box 2 (200,0,300,50)"));
  g_assert_nonnull (strstr (error->message, "100 × 80"));
}

static void
test_margin (void)
{
  CutoutBox box = { 100, 100, 300, 200 }, corner = { 0, 0, 50, 40 };
  CutoutBox crop = cutout_box_with_margin (&box, 1000, 1000);

  /* A tenth of each side, at least 16 pixels. */
  cutout_test_assert_box (&crop, 80, 84, 320, 216);
  crop = cutout_box_with_margin (&corner, 60, 1000);
  cutout_test_assert_box (&crop, 0, 0, 60, 56);
}

static void
test_from_points (void)
{
  CutoutBox box;

  /* Every pixel touched, whichever way the pointer went. */
  box = cutout_box_from_points (10.5, 20.2, 3.7, 4.0, 100, 100);
  cutout_test_assert_box (&box, 3, 4, 11, 21);
  /* Beyond the image: kept inside it. */
  box = cutout_box_from_points (-20, -3, 150, 50.5, 100, 80);
  cutout_test_assert_box (&box, 0, 0, 100, 51);
  /* A click without a drag still makes a pixel. */
  box = cutout_box_from_points (7, 7, 7, 7, 100, 100);
  cutout_test_assert_box (&box, 7, 7, 8, 8);
  box = cutout_box_from_points (100, 100, 100, 100, 100, 100);
  cutout_test_assert_box (&box, 99, 99, 100, 100);
}

static void
test_hit (void)
{
  CutoutBox box = { 100, 100, 200, 150 }, tiny = { 10, 10, 12, 12 };

  g_assert_cmpint (cutout_box_hit (&box, 150, 120, 4), ==, CUTOUT_BOX_INSIDE);
  g_assert_cmpint (cutout_box_hit (&box, 50, 120, 4), ==, CUTOUT_BOX_NONE);
  g_assert_cmpint (cutout_box_hit (&box, 150, 155, 4), ==, CUTOUT_BOX_NONE);
  g_assert_cmpint (cutout_box_hit (&box, 97, 120, 4), ==, CUTOUT_BOX_LEFT);
  g_assert_cmpint (cutout_box_hit (&box, 202, 120, 4), ==, CUTOUT_BOX_RIGHT);
  g_assert_cmpint (cutout_box_hit (&box, 150, 101, 4), ==, CUTOUT_BOX_TOP);
  g_assert_cmpint (cutout_box_hit (&box, 150, 153, 4), ==, CUTOUT_BOX_BOTTOM);
  g_assert_cmpint (cutout_box_hit (&box, 98, 98, 4), ==, CUTOUT_BOX_LEFT | CUTOUT_BOX_TOP);
  g_assert_cmpint (cutout_box_hit (&box, 203, 148, 4), ==, CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM);
  /* A box smaller than the tolerance: the nearer edge. */
  g_assert_cmpint (cutout_box_hit (&tiny, 11.5, 11.5, 4), ==, CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM);
  g_assert_cmpint (cutout_box_hit (&tiny, 10.2, 10.2, 4), ==, CUTOUT_BOX_LEFT | CUTOUT_BOX_TOP);
}

static void
test_drag (void)
{
  CutoutBox box = { 100, 100, 200, 150 }, out;

  /* Moving keeps the size, and stops at the image's edges. */
  out = cutout_box_drag (&box, CUTOUT_BOX_INSIDE, 10.4, -20.6, 1000, 1000);
  cutout_test_assert_box (&out, 110, 79, 210, 129);
  out = cutout_box_drag (&box, CUTOUT_BOX_INSIDE, -500, 900, 1000, 1000);
  cutout_test_assert_box (&out, 0, 950, 100, 1000);
  /* An edge or a corner resizes. */
  out = cutout_box_drag (&box, CUTOUT_BOX_RIGHT, 30, 99, 1000, 1000);
  cutout_test_assert_box (&out, 100, 100, 230, 150);
  out = cutout_box_drag (&box, CUTOUT_BOX_LEFT | CUTOUT_BOX_TOP, -30, -200, 1000, 1000);
  cutout_test_assert_box (&out, 70, 0, 200, 150);
  /* Past the opposite edge, the box flips. */
  out = cutout_box_drag (&box, CUTOUT_BOX_LEFT, 150, 0, 1000, 1000);
  cutout_test_assert_box (&out, 200, 100, 250, 150);
  /* Onto the opposite edge: one pixel is left. */
  out = cutout_box_drag (&box, CUTOUT_BOX_BOTTOM, 0, -50, 1000, 1000);
  cutout_test_assert_box (&out, 100, 100, 200, 101);
}

static void
changed_cb (CutoutBoxList *list, guint *count)
{
  (*count)++;
}

static void
assert_list (CutoutBoxList *list, const char *want)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < cutout_box_list_get_n_boxes (list); i++)
    {
      g_autofree char *box = cutout_box_to_string (cutout_box_list_get (list, i));
      g_string_append_printf (text, "%s%s", i ? " " : "", box);
    }
  g_assert_cmpstr (text->str, ==, want);
  g_string_free (text, TRUE);
}

static void
test_undo_redo (void)
{
  g_autoptr (CutoutBoxList) list = cutout_box_list_new ();
  CutoutBox a = { 0, 0, 10, 10 }, b = { 20, 20, 40, 40 }, moved = { 25, 20, 45, 40 };
  guint changes = 0;

  g_signal_connect (list, "changed", G_CALLBACK (changed_cb), &changes);
  g_assert_false (cutout_box_list_can_undo (list));
  g_assert_false (cutout_box_list_undo (list));
  g_assert_false (cutout_box_list_redo (list));

  cutout_box_list_add (list, &a);
  cutout_box_list_add (list, &b);
  cutout_box_list_replace (list, 1, &moved);
  cutout_box_list_remove (list, 0);
  assert_list (list, "25,20,45,40");
  g_assert_cmpuint (changes, ==, 4);

  /* Each edit is undone on its own, back to the empty list. */
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "0,0,10,10 25,20,45,40");
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "0,0,10,10 20,20,40,40");
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "0,0,10,10");
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "");
  g_assert_false (cutout_box_list_can_undo (list));
  g_assert_false (cutout_box_list_undo (list));

  /* And redone in order. */
  g_assert_true (cutout_box_list_redo (list));
  g_assert_true (cutout_box_list_redo (list));
  assert_list (list, "0,0,10,10 20,20,40,40");
  g_assert_true (cutout_box_list_can_redo (list));

  /* A new edit drops what could have been redone. */
  cutout_box_list_clear (list);
  assert_list (list, "");
  g_assert_false (cutout_box_list_can_redo (list));
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "0,0,10,10 20,20,40,40");

  /* An edit that changes nothing is not one. */
  changes = 0;
  cutout_box_list_replace (list, 0, &a);
  g_assert_cmpuint (changes, ==, 0);
  g_assert_true (cutout_box_list_undo (list));
  assert_list (list, "0,0,10,10");
}

static void
test_limit (void)
{
  g_autoptr (CutoutBoxList) list = cutout_box_list_new ();
  g_autoptr (GArray) boxes = NULL;

  for (int i = 0; i < CUTOUT_MAX_BOXES; i++)
    {
      CutoutBox box = { i, i, i + 5, i + 5 };
      g_assert_true (cutout_box_list_add (list, &box));
    }
  g_assert_false (cutout_box_list_add (list, &(CutoutBox){ 0, 0, 1, 1 }));
  g_assert_cmpuint (cutout_box_list_get_n_boxes (list), ==, CUTOUT_MAX_BOXES);

  boxes = cutout_box_list_dup_boxes (list);
  g_assert_true (cutout_box_list_same_boxes (list, boxes));
  g_array_index (boxes, CutoutBox, 3).x2++;
  g_assert_false (cutout_box_list_same_boxes (list, boxes));
  cutout_box_list_clear (list);
  g_assert_true (cutout_box_list_same_boxes (list, NULL));
}

/* Outside every box alpha is exactly 0, inside it is the model's, and
 * where boxes overlap the larger alpha wins. (The simulated model keeps
 * what is brighter than mid-gray.) */
static void
test_paste (void)
{
  g_autoptr (CutoutEngine) engine = cutout_engine_new_simulated (&cutout_test_simulated_model, 0);
  g_autoptr (CutoutImage) image = cutout_image_new (200, 100, 4);
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  CutoutBox a = { 10, 10, 90, 60 }, b = { 60, 40, 150, 90 };
  g_autoptr (GError) error = NULL;

  /* All bright: the model alone would keep everything. */
  memset (image->pixels, 240, (gsize) 200 * 100 * 4);
  g_array_append_val (boxes, a);
  g_array_append_val (boxes, b);
  mask = cutout_pipeline_cut_out (engine, NULL, image, boxes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mask->width, ==, 200);
  g_assert_cmpint (mask->height, ==, 100);
  for (int y = 0; y < 100; y++)
    for (int x = 0; x < 200; x++)
      {
        gboolean in_a = x >= a.x1 && x < a.x2 && y >= a.y1 && y < a.y2;
        gboolean in_b = x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2;
        g_assert_cmpuint (cutout_image_row (mask, y)[x], ==, in_a || in_b ? 255 : 0);
      }
}

/* No boxes: the whole image, as without them; a box outside the image is
 * an error, not a crash. */
static void
test_cut_out_boxes_edge_cases (void)
{
  g_autoptr (CutoutEngine) engine = cutout_engine_new_simulated (&cutout_test_simulated_model, 0);
  g_autoptr (CutoutImage) image = cutout_image_new (100, 50, 4);
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  g_autoptr (CutoutImage) whole = NULL, none = NULL, outside = NULL;
  g_autoptr (GError) error = NULL;
  CutoutBox far = { 200, 0, 300, 40 };

  for (int y = 0; y < 50; y++)
    for (int x = 0; x < 100; x++)
      memset (cutout_image_row (image, y) + x * 4, x < 50 ? 230 : 20, 4);
  whole = cutout_engine_cut_out (engine, image, NULL, NULL, &error);
  g_assert_no_error (error);
  none = cutout_pipeline_cut_out (engine, NULL, image, boxes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (none->pixels, 100 * 50, whole->pixels, 100 * 50);
  g_assert_cmpuint (cutout_image_row (none, 25)[10], ==, 255);

  g_array_append_val (boxes, far);
  outside = cutout_pipeline_cut_out (engine, NULL, image, boxes, NULL, &error);
  g_assert_null (outside);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
}

/* Where two boxes overlap, the larger alpha of the two. */
static void
test_paste_max (void)
{
  g_autoptr (CutoutEngine) engine = cutout_engine_new_simulated (&cutout_test_simulated_model, 0);
  g_autoptr (CutoutImage) mask = cutout_image_new (100, 100, 1);
  float *dark = g_new0 (float, 64 * 64), *bright = g_new (float, 64 * 64);
  CutoutBox a = { 0, 0, 60, 60 }, b = { 40, 40, 100, 100 };

  for (int i = 0; i < 64 * 64; i++)
    bright[i] = 0.5f;
  memset (mask->pixels, 0, 100 * 100);
  cutout_engine_paste (engine, bright, &a, &a, mask);
  cutout_engine_paste (engine, dark, &b, &b, mask);
  g_assert_cmpuint (cutout_image_row (mask, 50)[50], ==, 128); /* overlap: max (128, 0) */
  g_assert_cmpuint (cutout_image_row (mask, 10)[10], ==, 128);
  g_assert_cmpuint (cutout_image_row (mask, 80)[80], ==, 0);
  g_free (dark);
  g_free (bright);
}

/* An ID photo's frame keeps its proportions: a corner scales it about the
 * opposite corner, following the larger of the drag's two motions; an edge
 * about the middle of the opposite edge; inside, it moves; it stays within
 * the image and at least 16 px across. (Worked out by hand.) */
static void
test_drag_aspect (void)
{
  CutoutBox box = { 100, 100, 200, 240 }, out;
  double aspect = 100.0 / 140;

  /* Bottom-right corner by (+50, +10): 150 wide wins over (140 + 10) × 5/7. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM, aspect, 50, 10, 1000,
                                1000);
  cutout_test_assert_box (&out, 100, 100, 250, 310);
  /* Top-left corner by (+5, −70): 210 high, so 150 wide, about (200, 240). */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_LEFT | CUTOUT_BOX_TOP, aspect, 5, -70, 1000, 1000);
  cutout_test_assert_box (&out, 50, 30, 200, 240);
  /* The left edge by −20: 120 wide, 168 high, centred on y = 170. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_LEFT, aspect, -20, 0, 1000, 1000);
  cutout_test_assert_box (&out, 80, 86, 200, 254);
  /* The bottom edge by +70: 210 high, 150 wide, centred on x = 150. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_BOTTOM, aspect, 0, 70, 1000, 1000);
  cutout_test_assert_box (&out, 75, 100, 225, 310);
  /* Far past the image's corner: as large as fits, 200 high. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM, aspect, 900, 900, 300,
                                300);
  cutout_test_assert_box (&out, 100, 100, 243, 300);
  /* Shrunk to nothing: 16 px across. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_RIGHT | CUTOUT_BOX_BOTTOM, aspect, -500, -500,
                                1000, 1000);
  cutout_test_assert_box (&out, 100, 100, 116, 122);
  /* Inside: moved, and kept within the image. */
  out = cutout_box_drag_aspect (&box, CUTOUT_BOX_INSIDE, aspect, -150, 30, 1000, 1000);
  cutout_test_assert_box (&out, 0, 130, 100, 270);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/boxes/parse", test_parse);
  g_test_add_func ("/boxes/clip", test_clip);
  g_test_add_func ("/boxes/margin", test_margin);
  g_test_add_func ("/boxes/from-points", test_from_points);
  g_test_add_func ("/boxes/hit", test_hit);
  g_test_add_func ("/boxes/drag", test_drag);
  g_test_add_func ("/boxes/drag-aspect", test_drag_aspect);
  g_test_add_func ("/boxes/undo-redo", test_undo_redo);
  g_test_add_func ("/boxes/limit", test_limit);
  g_test_add_func ("/boxes/paste", test_paste);
  g_test_add_func ("/boxes/paste-max", test_paste_max);
  g_test_add_func ("/boxes/cut-out-edge-cases", test_cut_out_boxes_edge_cases);
  return g_test_run ();
}
