/* test-review.c: the review of a finished mask, on masks drawn to have, or
 * not have, each problem it looks for
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "cutout-review.h"

static const guint8 RED[4] = { 200, 30, 30, 255 }, BLUE[4] = { 30, 60, 200, 255 };

static CutoutImage *
blank_mask (int w, int h)
{
  CutoutImage *mask = cutout_image_new (w, h, 1);

  memset (mask->pixels, 0, (gsize) w * h);
  return mask;
}

/* A disc at (@cx, @cy) of radius @r, opaque, fading to 0 over @soft pixels
 * outside it; the larger alpha kept where shapes meet. */
static void
draw_disc (CutoutImage *mask, double cx, double cy, double r, double soft, guint8 value)
{
  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < mask->width; x++)
      {
        double d = hypot (x + 0.5 - cx, y + 0.5 - cy) - r;
        double a = d <= 0 ? 1 : soft > 0 ? 1 - d / soft : 0;
        guint8 v = (guint8) (CLAMP (a, 0, 1) * value + 0.5);
        guint8 *p = cutout_image_row (mask, y) + x;
        *p = MAX (*p, v);
      }
}

static void
fill_rect (CutoutImage *mask, int x1, int y1, int x2, int y2, guint8 value)
{
  for (int y = y1; y < y2; y++)
    memset (cutout_image_row (mask, y) + x1, value, x2 - x1);
}

/* A photo of @inside where @mask is at least one half, @outside elsewhere. */
static CutoutImage *
paint_photo (const CutoutImage *mask, const guint8 *inside, const guint8 *outside)
{
  CutoutImage *photo = cutout_image_new (mask->width, mask->height, 4);

  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < mask->width; x++)
      memcpy (cutout_image_row (photo, y) + x * 4,
              cutout_image_row (mask, y)[x] >= 128 ? inside : outside, 4);
  return photo;
}

static const CutoutInferStats sure = { 0.005, -1 };

static CutoutReview *
review_of (const CutoutImage *mask, const CutoutInferStats *stats)
{
  g_autoptr (CutoutImage) photo = paint_photo (mask, RED, BLUE);

  return cutout_review_compute (mask, photo, stats, FALSE);
}

static gboolean
has_reason (const CutoutReview *review, CutoutReviewReason reason)
{
  for (guint k = 0; k < review->n_reasons; k++)
    if (review->reasons[k] == reason)
      return TRUE;
  return FALSE;
}

static void
assert_boxes_overlap (const CutoutBox *a, const CutoutBox *b)
{
  g_assert_cmpint (a->x1, <, b->x2);
  g_assert_cmpint (b->x1, <, a->x2);
  g_assert_cmpint (a->y1, <, b->y2);
  g_assert_cmpint (b->y1, <, a->y2);
}

/* A firm disc of a fair size, in the middle, of another colour than its
 * background: nothing to check. */
static void
test_clean (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (800, 600);
  g_autoptr (CutoutReview) review = NULL;

  draw_disc (mask, 400, 300, 180, 2, 255);
  review = review_of (mask, &sure);
  g_test_message ("score %.3f, unsure width %.2f, area %.3f", review->score,
                  review->measures.unsure_width, review->measures.area);
  g_assert_cmpfloat (review->score, <, 0.05);
  g_assert_false (review->needs_review);
  g_assert_cmpuint (review->n_reasons, ==, 0);
  /* The region, even so, lies in the photo. */
  g_assert_cmpint (review->region.x1, >=, 0);
  g_assert_cmpint (review->region.x2, <=, 800);
  g_assert_cmpint (review->region.y2, <=, 600);
}

/* A disc whose alpha fades over a wide band: a large unsure area, which is
 * where the region points. */
static void
test_unsure_area (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (800, 600);
  g_autoptr (CutoutReview) review = NULL;
  CutoutBox right = { 560, 0, 800, 600 };

  draw_disc (mask, 300, 300, 120, 4, 255);
  /* A fog on the right, half see-through, across the disc's outline. */
  for (int y = 150; y < 450; y++)
    for (int x = 380; x < 700; x++)
      cutout_image_row (mask, y)[x] = MAX (cutout_image_row (mask, y)[x], 110);
  review = review_of (mask, &sure);
  g_test_message ("score %.3f, unsure width %.2f", review->score, review->measures.unsure_width);
  g_assert_true (review->needs_review);
  g_assert_cmpint (review->reasons[0], ==, CUTOUT_REVIEW_UNSURE_AREA);
  assert_boxes_overlap (&review->region, &right);
}

/* A clean mask from a model that was unsure of the photo: the unsure area
 * is the model's, before calibration made it firm. */
static void
test_uncertain_model (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (640, 480);
  g_autoptr (CutoutReview) calm = NULL, unsure = NULL;
  CutoutInferStats doubt = { 0.06, -1 };

  draw_disc (mask, 320, 240, 150, 2, 255);
  calm = review_of (mask, &sure);
  unsure = review_of (mask, &doubt);
  g_assert_false (calm->needs_review);
  g_assert_true (unsure->needs_review);
  g_assert_true (has_reason (unsure, CUTOUT_REVIEW_UNSURE_AREA));
}

/* A second look that disagreed with the first. */
static void
test_disagrees (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (640, 480);
  g_autoptr (CutoutReview) agreed = NULL, disagreed = NULL;
  CutoutInferStats a = { 0.025, 0.03 }, b = { 0.025, 0.45 };

  draw_disc (mask, 320, 240, 150, 2, 255);
  agreed = review_of (mask, &a);
  disagreed = review_of (mask, &b);
  g_assert_false (agreed->needs_review);
  g_assert_false (has_reason (agreed, CUTOUT_REVIEW_DISAGREES));
  g_assert_true (disagreed->needs_review);
  g_assert_cmpint (disagreed->reasons[0], ==, CUTOUT_REVIEW_DISAGREES);
}

/* A subject that runs off three sides of the photo is cut by its edge; a
 * portrait cut at the bottom alone is not told. Alone it does not flag. */
static void
test_cut_by_edge (void)
{
  g_autoptr (CutoutImage) cut = blank_mask (600, 400), bottom = blank_mask (600, 400);
  g_autoptr (CutoutReview) a = NULL, b = NULL;

  fill_rect (cut, 0, 0, 420, 400, 255);
  draw_disc (bottom, 300, 400, 150, 2, 255);
  a = review_of (cut, &sure);
  b = review_of (bottom, &sure);
  g_test_message ("edge share %.3f and %.3f", a->measures.edge_share, b->measures.edge_share);
  g_assert_true (has_reason (a, CUTOUT_REVIEW_CUT_BY_EDGE));
  g_assert_cmpint (a->region.x1, ==, 0);
  g_assert_false (has_reason (b, CUTOUT_REVIEW_CUT_BY_EDGE));
  g_assert_false (a->needs_review);
}

/* Two discs of similar size are several subjects; a disc and a speck are not. */
static void
test_several_subjects (void)
{
  g_autoptr (CutoutImage) two = blank_mask (800, 400), speck = blank_mask (800, 400);
  g_autoptr (CutoutReview) a = NULL, b = NULL;
  CutoutBox right = { 500, 0, 800, 400 };

  draw_disc (two, 200, 200, 120, 2, 255);
  draw_disc (two, 600, 200, 100, 2, 255);
  draw_disc (speck, 200, 200, 120, 2, 255);
  draw_disc (speck, 600, 200, 5, 0, 255);
  a = review_of (two, &sure);
  b = review_of (speck, &sure);
  g_assert_true (has_reason (a, CUTOUT_REVIEW_SEVERAL_SUBJECTS));
  g_assert_false (has_reason (b, CUTOUT_REVIEW_SEVERAL_SUBJECTS));
  /* The region is the smaller subject's. */
  g_assert_cmpint (a->reasons[0], ==, CUTOUT_REVIEW_SEVERAL_SUBJECTS);
  assert_boxes_overlap (&a->region, &right);
  g_assert_cmpint (a->region.x1, >=, 480);
}

/* A small subject in a large photo flags, pointing at it, unless it was
 * boxed already; none at all is told as such. */
static void
test_small_subject (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (2000, 1500), empty = blank_mask (2000, 1500);
  g_autoptr (CutoutImage) photo = NULL;
  g_autoptr (CutoutReview) a = NULL, boxed = NULL, none = NULL;
  CutoutBox subject = { 1400, 300, 1600, 500 };

  draw_disc (mask, 1500, 400, 100, 2, 255);
  photo = paint_photo (mask, RED, BLUE);
  a = cutout_review_compute (mask, photo, &sure, FALSE);
  boxed = cutout_review_compute (mask, photo, &sure, TRUE);
  none = review_of (empty, &sure);
  g_test_message ("area %.4f: score %.3f", a->measures.area, a->score);
  g_assert_true (a->needs_review);
  g_assert_cmpint (a->reasons[0], ==, CUTOUT_REVIEW_SMALL_SUBJECT);
  /* In the photo's own pixels, around the subject. */
  assert_boxes_overlap (&a->region, &subject);
  g_assert_cmpint (a->region.x1, >=, 1380);
  g_assert_cmpint (a->region.x2, <=, 1620);
  g_assert_false (boxed->needs_review);
  g_assert_false (has_reason (boxed, CUTOUT_REVIEW_SMALL_SUBJECT));
  g_assert_true (none->needs_review);
  g_assert_cmpint (none->reasons[0], ==, CUTOUT_REVIEW_NO_SUBJECT);
  g_assert_false (has_reason (none, CUTOUT_REVIEW_SMALL_SUBJECT));
}

/* A ring has a hole; a disc has none; a notch open to the background is no hole. */
static void
test_holes (void)
{
  g_autoptr (CutoutImage) ring = blank_mask (600, 600), notch = blank_mask (600, 600);
  g_autoptr (CutoutReview) a = NULL, b = NULL;
  CutoutBox middle = { 250, 250, 350, 350 };

  draw_disc (ring, 300, 300, 220, 2, 255);
  for (int y = 0; y < 600; y++)
    for (int x = 0; x < 600; x++)
      if (hypot (x - 300, y - 300) < 90)
        cutout_image_row (ring, y)[x] = 0;
  draw_disc (notch, 300, 300, 220, 2, 255);
  fill_rect (notch, 280, 0, 320, 300, 0);
  a = review_of (ring, &sure);
  b = review_of (notch, &sure);
  g_test_message ("holes %.3f and %.3f", a->measures.holes, b->measures.holes);
  g_assert_true (has_reason (a, CUTOUT_REVIEW_HOLES));
  g_assert_cmpint (a->reasons[0], ==, CUTOUT_REVIEW_HOLES);
  assert_boxes_overlap (&a->region, &middle);
  g_assert_false (has_reason (b, CUTOUT_REVIEW_HOLES));
}

/* A subject of nearly its background's colour has low contrast, where the
 * photo is known; without the photo it is not measured. */
static void
test_low_contrast (void)
{
  const guint8 grey[4] = { 120, 120, 120, 255 }, greyish[4] = { 126, 122, 118, 255 };
  g_autoptr (CutoutImage) mask = blank_mask (600, 400);
  g_autoptr (CutoutImage) flat = NULL, half = NULL;
  g_autoptr (CutoutReview) a = NULL, b = NULL, c = NULL;

  draw_disc (mask, 300, 200, 140, 2, 255);
  flat = paint_photo (mask, greyish, grey);
  a = cutout_review_compute (mask, flat, &sure, FALSE);
  b = review_of (mask, &sure);
  c = cutout_review_compute (mask, NULL, &sure, FALSE);
  g_test_message ("low contrast %.3f and %.3f", a->measures.low_contrast, b->measures.low_contrast);
  g_assert_true (has_reason (a, CUTOUT_REVIEW_LOW_CONTRAST));
  g_assert_true (a->needs_review);
  g_assert_false (has_reason (b, CUTOUT_REVIEW_LOW_CONTRAST));
  g_assert_cmpfloat (c->measures.low_contrast, <, 0);
  g_assert_false (has_reason (c, CUTOUT_REVIEW_LOW_CONTRAST));

  /* Only the right half of the outline blends in: the region is there. */
  half = paint_photo (mask, RED, BLUE);
  for (int y = 0; y < 400; y++)
    for (int x = 300; x < 600; x++)
      memcpy (cutout_image_row (half, y) + x * 4, grey, 4);
  g_clear_pointer (&a, cutout_review_free);
  a = cutout_review_compute (mask, half, &sure, FALSE);
  g_assert_cmpint (a->region.x2, >, 300);
  if (a->n_reasons > 0 && a->reasons[0] == CUTOUT_REVIEW_LOW_CONTRAST)
    g_assert_cmpint (a->region.x1, >=, 250);
}

/* The score is the chance that any problem is real; the reasons come most
 * severe first; the measures are the same for the same mask at any size. */
static void
test_score (void)
{
  g_autoptr (CutoutImage) mask = blank_mask (800, 400), big = NULL;
  g_autoptr (CutoutReview) a = NULL, b = NULL;
  CutoutInferStats doubt = { 0.04, 0.3 };
  double keep = 1;

  draw_disc (mask, 200, 200, 120, 2, 255);
  draw_disc (mask, 600, 200, 110, 2, 255);
  a = review_of (mask, &doubt);
  for (int k = 0; k < CUTOUT_REVIEW_N_REASONS; k++)
    {
      g_assert_cmpfloat (a->severity[k], >=, 0);
      g_assert_cmpfloat (a->severity[k], <=, 1);
      keep *= 1 - a->severity[k];
    }
  g_assert_cmpfloat (fabs (a->score - (1 - keep)), <, 1e-9);
  g_assert_cmpuint (a->n_reasons, >=, 2);
  for (guint k = 1; k < a->n_reasons; k++)
    g_assert_cmpfloat (a->severity[a->reasons[k - 1]], >=, a->severity[a->reasons[k]]);

  big = cutout_image_new (1600, 800, 1);
  for (int y = 0; y < 800; y++)
    for (int x = 0; x < 1600; x++)
      cutout_image_row (big, y)[x] = cutout_image_row (mask, y / 2)[x / 2];
  b = review_of (big, &doubt);
  g_assert_cmpfloat (fabs (a->measures.area - b->measures.area), <, 0.01);
  g_assert_cmpfloat (fabs (a->score - b->score), <, 0.05);
  g_assert_cmpint (b->region.x2, <=, 1600);
  g_assert_cmpint (b->region.x2, >, a->region.x2);
}

/* Every reason has words for the user and a name for programs. */
static void
test_words (void)
{
  g_autoptr (GHashTable) nicks = g_hash_table_new (g_str_hash, g_str_equal);
  CutoutReview review = { 0 };
  g_autofree char *words = NULL;

  for (int k = 0; k < CUTOUT_REVIEW_N_REASONS; k++)
    {
      const char *text = cutout_review_reason_to_string (k);
      const char *nick = cutout_review_reason_to_nick (k);
      g_assert_nonnull (text);
      g_assert_nonnull (nick);
      g_assert_null (strchr (text, ';'));
      g_assert_false (g_hash_table_contains (nicks, nick));
      g_hash_table_add (nicks, (gpointer) nick);
    }
  g_assert_cmpstr (cutout_review_reason_to_nick (CUTOUT_REVIEW_UNSURE_AREA), ==, "unsure-area");
  review.n_reasons = 2;
  review.reasons[0] = CUTOUT_REVIEW_HOLES;
  review.reasons[1] = CUTOUT_REVIEW_UNSURE_AREA;
  words = cutout_review_describe (&review, ";");
  g_assert_cmpstr (words, ==, "holes inside the subject;large unsure area");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/review/clean", test_clean);
  g_test_add_func ("/review/unsure-area", test_unsure_area);
  g_test_add_func ("/review/uncertain-model", test_uncertain_model);
  g_test_add_func ("/review/disagrees", test_disagrees);
  g_test_add_func ("/review/cut-by-edge", test_cut_by_edge);
  g_test_add_func ("/review/several-subjects", test_several_subjects);
  g_test_add_func ("/review/small-subject", test_small_subject);
  g_test_add_func ("/review/holes", test_holes);
  g_test_add_func ("/review/low-contrast", test_low_contrast);
  g_test_add_func ("/review/score", test_score);
  g_test_add_func ("/review/words", test_words);
  return g_test_run ();
}
