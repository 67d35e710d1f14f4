/* test-engine.c: the real model on real photos, and a broken or missing model
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "cutout-calibrate.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-eval.h"
#include "cutout-pipeline.h"
#include "cutout-testlib.h"
#include "cutout-queue.h"
#include "cutout-refine.h"
#include "cutout-resample.h"
#include "cutout-review.h"

static CutoutCatalogue *catalogue;
static CutoutEngine *engine;

static const CutoutModelInfo *
default_model (void)
{
  return cutout_catalogue_find (catalogue, NULL, NULL);
}

static char *
testdata (const char *set, const char *name)
{
  return g_build_filename (g_getenv ("CUTOUT_TESTDATA"), set, name, NULL);
}

/* The photos of a test set: every file that is not a mask, sorted. */
static GPtrArray *
list_photos (const char *set)
{
  g_autofree char *dir_path = testdata (set, NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_suffix (name, ".mask.png") && !g_str_has_suffix (name, ".ignore.png")
        && (g_str_has_suffix (name, ".png") || g_str_has_suffix (name, ".jpg")))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cutout_test_compare_names);
  return names;
}

typedef struct
{
  CutoutImage *photo, *truth, *ignore;
} Pair;

static Pair
load_pair (const char *set, const char *name)
{
  g_autofree char *photo = testdata (set, name);
  g_autofree char *stem = g_strndup (photo, strrchr (photo, '.') - photo);
  g_autofree char *truth = g_strconcat (stem, ".mask.png", NULL);
  g_autoptr (GError) error = NULL;
  Pair pair = { cutout_decode_file (photo, &error), NULL, cutout_eval_load_ignore (photo) };

  g_assert_no_error (error);
  pair.truth = cutout_eval_load_mask (truth, &error);
  g_assert_no_error (error);
  return pair;
}

static void
pair_clear (Pair *pair)
{
  cutout_image_free (pair->photo);
  cutout_image_free (pair->truth);
  cutout_image_free (pair->ignore);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Pair, pair_clear)

/* The model's output for the photo @name of @set (whose pixels are
 * @photo), a copy the caller owns. Several tests score the same photos:
 * each is run once per process, which keeps the suite's time down. */
static float *
first_run (const char *set, const char *name, const CutoutImage *photo)
{
  static GHashTable *runs;
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  gsize size = (gsize) info->input_width * info->input_height * sizeof (float);
  g_autofree char *key = g_build_filename (set, name, NULL);
  float *plane;

  if (runs == NULL)
    runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  plane = g_hash_table_lookup (runs, key);
  if (plane == NULL)
    {
      g_autoptr (GError) error = NULL;
      g_autofree float *input = cutout_engine_preprocess (engine, photo);
      plane = cutout_engine_infer (engine, input, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_insert (runs, g_steal_pointer (&key), plane);
    }
  return g_memdup2 (plane, size);
}

typedef struct
{
  double iou, mae, bf;
} EdgeScore;

/* @mask against @truth: IoU and MAE (without @ignore's pixels), and
 * boundary-F within 3 px. */
static EdgeScore
edge_score (const CutoutImage *mask, const CutoutImage *truth, const CutoutImage *ignore)
{
  CutoutScore s = cutout_eval_score (mask, truth, ignore);

  return (EdgeScore){ s.iou, s.mae, cutout_eval_boundary_f (mask, truth, ignore, 3) };
}

/* The measures of quality are the same in every build: a second build
 * made for its sanitizers (build-aux/cutout-setup) leaves the longest to
 * the first. */
static gboolean
skip_quality_measures (void)
{
  if (g_strcmp0 (g_getenv ("CUTOUT_SKIP_QUALITY_MEASURES"), "1") != 0)
    return FALSE;
  g_test_skip ("measured in the main build (CUTOUT_SKIP_QUALITY_MEASURES=1)");
  return TRUE;
}

/* Refinement at the apps' strength, against the plain enlargement, on every
 * photo of @set, with the model's mask at @shrink (1: as the model gives
 * it; 4: a quarter of the photo's size, as for a photo four times larger
 * than the model's input).  Sums the scores into @plain and @refined. */
static void
refine_set (const char *set, int shrink, EdgeScore *plain, EdgeScore *refined)
{
  g_autoptr (GPtrArray) names = list_photos (set);
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  CutoutRefineParams params;

  cutout_refine_params_init (&params);
  params.strength = CUTOUT_DEFAULT_REFINE_STRENGTH / 100.0f;
  *plain = *refined = (EdgeScore){ 0 };
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_auto (Pair) pair = load_pair (set, name);
      g_autoptr (CutoutImage) bilinear = NULL, guided = NULL;
      g_autofree float *plane = NULL;
      int pw = info->input_width, ph = info->input_height;
      EdgeScore p, r;

      plane = first_run (set, name, pair.photo);
      if (shrink > 1)
        {
          float *small = cutout_eval_shrink_plane (plane, pw, ph, pair.photo->width / shrink,
                                                   pair.photo->height / shrink);
          g_free (plane);
          plane = small;
          pw = pair.photo->width / shrink, ph = pair.photo->height / shrink;
        }
      bilinear = cutout_image_new (pair.photo->width, pair.photo->height, 1);
      cutout_resample_plane_to_mask (plane, pw, ph, bilinear);
      guided = cutout_refine_guided (pair.photo, plane, pw, ph, &params);
      p = edge_score (bilinear, pair.truth, pair.ignore);
      r = edge_score (guided, pair.truth, pair.ignore);
      g_test_message ("%s/%s, mask 1/%d: IoU %.4f → %.4f, MAE %.4f → %.4f, boundary-F %.4f → %.4f",
                      set, name, shrink, p.iou, r.iou, p.mae, r.mae, p.bf, r.bf);
      if (shrink == 1)
        {
          /* The model's mask is already finer than these photos. */
          g_assert_cmpfloat (r.iou, >=, p.iou);
          g_assert_cmpfloat (r.bf, >=, p.bf);
        }
      plain->iou += p.iou / names->len, plain->mae += p.mae / names->len;
      plain->bf += p.bf / names->len;
      refined->iou += r.iou / names->len, refined->mae += r.mae / names->len;
      refined->bf += r.bf / names->len;
    }
  g_test_message ("%s, mask 1/%d, means: IoU %.4f → %.4f, MAE %.4f → %.4f, boundary-F %.4f → %.4f",
                  set, shrink, plain->iou, refined->iou, plain->mae, refined->mae, plain->bf,
                  refined->bf);
}

/* The whole pipeline with and without refinement (docs/QUALITY.md):
 * - on VOC's photos as they are, refinement lowers neither IoU nor
 *   boundary-F on any photo;
 * - with masks a quarter of the photos' size, it sharpens the true mattes'
 *   outlines (boundary-F up by more than 0.01, MAE down), and on VOC's
 *   hand-drawn outlines costs at most 0.005 of IoU or boundary-F. */
static void
test_refine_edges (void)
{
  EdgeScore plain, refined;

  if (skip_quality_measures ())
    return;
  refine_set ("voc", 1, &plain, &refined);
  refine_set ("alphamatting", 4, &plain, &refined);
  g_assert_cmpfloat (refined.bf, >, plain.bf + 0.01);
  g_assert_cmpfloat (refined.mae, <, plain.mae);
  refine_set ("voc", 4, &plain, &refined);
  g_assert_cmpfloat (refined.iou, >, plain.iou - 0.005);
  g_assert_cmpfloat (refined.bf, >, plain.bf - 0.005);
}

/* The default pipeline's plane from @plain, the model's first run on
 * @input (the photo @name of @set, @width × @height), as
 * cutout_engine_infer_photo() makes it: averaged with the letterboxed run
 * where the first is unsure; what the runs said in @stats (if not NULL).
 * The letterboxed runs are kept, as first_run() keeps the first. */
static float *
second_look (const char *set,
             const char *name,
             const float *plain,
             const float *input,
             int width,
             int height,
             CutoutInferStats *stats)
{
  static GHashTable *runs;
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  gsize n = (gsize) info->input_width * info->input_height;
  g_autofree char *key = g_build_filename (set, name, NULL);
  float *out = g_memdup2 (plain, n * sizeof (float));
  CutoutInferStats said = { cutout_engine_uncertainty (engine, plain), -1 };
  float *boxed;

  if (said.uncertainty >= CUTOUT_SECOND_LOOK_UNCERTAINTY)
    {
      if (runs == NULL)
        runs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      boxed = g_hash_table_lookup (runs, key);
      if (boxed == NULL)
        {
          g_autoptr (GError) error = NULL;
          boxed = cutout_engine_infer_letterboxed (engine, input, width, height, NULL, &error);
          g_assert_no_error (error);
          g_hash_table_insert (runs, g_steal_pointer (&key), boxed);
        }
      said.disagreement = cutout_engine_disagreement (engine, plain, boxed);
      for (gsize i = 0; i < n; i++)
        out[i] = (out[i] + boxed[i]) / 2;
    }
  if (stats != NULL)
    *stats = said;
  return out;
}

/* The model's mask of every photo NAME.png/.jpg in @set (at least
 * @min_photos) against NAME.mask.png, not scoring the pixels NAME.ignore.png
 * marks: plain (the model's output enlarged bilinearly), which must reach
 * @min_iou on each photo, and as the pipeline makes it by default (a second
 * look where the model is unsure, then calibration: cutout-calibrate.c),
 * from the same first run of the model. Means into @plain and @piped. */
static void
pipeline_set (const char *set, guint min_photos, double min_iou, EdgeScore *plain, EdgeScore *piped)
{
  g_autoptr (GPtrArray) names = list_photos (set);
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  CutoutCalibrateParams params;
  guint looks = 0;

  g_assert_cmpuint (names->len, >=, min_photos);
  cutout_calibrate_params_init (&params);
  *plain = *piped = (EdgeScore){ 0 };
  for (guint i = 0; i < names->len; i++)
    {
      g_auto (Pair) pair = load_pair (set, names->pdata[i]);
      g_autoptr (CutoutImage) before = cutout_image_new (pair.photo->width, pair.photo->height, 1);
      g_autoptr (CutoutImage) after = cutout_image_new (pair.photo->width, pair.photo->height, 1);
      g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
      g_autofree float *plane = first_run (set, names->pdata[i], pair.photo);
      g_autofree float *final = NULL;
      double u;
      EdgeScore p, c;

      u = cutout_engine_uncertainty (engine, plane);
      looks += u >= CUTOUT_SECOND_LOOK_UNCERTAINTY;
      final = second_look (set, names->pdata[i], plane, input, pair.photo->width,
                           pair.photo->height, NULL);
      cutout_resample_plane_to_mask (plane, info->input_width, info->input_height, before);
      cutout_calibrate_plane (final, info->input_width, info->input_height, &params);
      cutout_resample_plane_to_mask (final, info->input_width, info->input_height, after);
      p = edge_score (before, pair.truth, pair.ignore);
      c = edge_score (after, pair.truth, pair.ignore);
      g_test_message ("%s/%s (uncertainty %.4f): IoU %.4f → %.4f, MAE %.4f → %.4f, "
                      "boundary-F %.4f → %.4f",
                      set, (char *) names->pdata[i], u, p.iou, c.iou, p.mae, c.mae, p.bf, c.bf);
      g_assert_cmpfloat (p.iou, >=, min_iou);
      plain->iou += p.iou / names->len, plain->mae += p.mae / names->len;
      plain->bf += p.bf / names->len;
      piped->iou += c.iou / names->len, piped->mae += c.mae / names->len;
      piped->bf += c.bf / names->len;
    }
  g_test_message ("%s, means (%u second looks): IoU %.4f → %.4f, MAE %.4f → %.4f (× %.2f), "
                  "boundary-F %.4f → %.4f",
                  set, looks, plain->iou, piped->iou, plain->mae, piped->mae,
                  piped->mae / plain->mae, plain->bf, piped->bf);
}

/* What the default pipeline must do better than the plain mask on a set
 * (docs/QUALITY.md has the figures, with the margins these leave). */
typedef struct
{
  double mae_ratio; /* its MAE at most this share of the plain one's */
  double iou_gain;  /* its IoU at least this much higher (negative: lower by at most) */
  double bf_gain;   /* and its boundary-F */
} Goal;

/* Each set's photos, scored (pipeline_set()): the plain mask reaches
 * @min_iou on each photo, and the default pipeline meets @goal. */
static void
score_set (const char *set, guint min_photos, double min_iou, Goal goal)
{
  EdgeScore plain, piped;

  pipeline_set (set, min_photos, min_iou, &plain, &piped);
  g_assert_cmpfloat (piped.mae, <=, goal.mae_ratio * plain.mae);
  g_assert_cmpfloat (piped.iou, >=, plain.iou + goal.iou_gain);
  g_assert_cmpfloat (piped.bf, >=, plain.bf + goal.bf_gain);
}

static void
test_voc (void)
{
  /* The model is sure of these photos: calibration alone. */
  score_set ("voc", 7, 0.90, (Goal){ 0.85, -0.002, -0.002 });
}

/* People, against remove.bg's masks (which have small errors of their own). */
static void
test_portraits (void)
{
  if (skip_quality_measures ())
    return;
  score_set ("portrait", 8, 0.90, (Goal){ 0.96, -0.002, -0.002 });
}

/* Salient objects and true soft mattes: no bound on each photo's IoU (the
 * model is far off on a few: QUALITY.md), only the pipeline's gain. */
static void
test_calibrated (void)
{
  if (skip_quality_measures ())
    return;
  /* Here the model is unsure of a third of the photos, and the second look
   * moves their outlines. */
  score_set ("ecssd", 20, 0, (Goal){ 0.85, 0.01, 0.01 });
  score_set ("alphamatting", 9, 0, (Goal){ 0.85, 0.02, 0.05 });
}

/* The review (cutout-review.c) of the default pipeline's cutouts, on every
 * photo of the four sets, from the same runs of the model as the tests
 * above: with IoU under 0.85 as a bad cutout, the flag catches at least 70 %
 * of the bad ones and flags at most 25 % of all (docs/QUALITY.md, "Which
 * cutouts to check", has the figures per set). */
static void
test_review_catch (void)
{
  const char *const sets[] = { "voc", "portrait", "ecssd", "alphamatting" };
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  CutoutCalibrateParams params;
  guint n = 0, bad = 0, flagged = 0, caught = 0;

  if (skip_quality_measures ())
    return;
  cutout_calibrate_params_init (&params);
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      g_autoptr (GPtrArray) names = list_photos (sets[k]);
      guint set_bad = 0, set_flagged = 0, set_caught = 0;

      for (guint i = 0; i < names->len; i++)
        {
          g_auto (Pair) pair = load_pair (sets[k], names->pdata[i]);
          g_autoptr (CutoutImage) mask
              = cutout_image_new (pair.photo->width, pair.photo->height, 1);
          g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
          g_autofree float *plane = first_run (sets[k], names->pdata[i], pair.photo);
          g_autofree float *final = NULL;
          g_autoptr (CutoutReview) review = NULL;
          g_autofree char *words = NULL;
          CutoutInferStats stats;
          gboolean is_bad;
          double iou;

          final = second_look (sets[k], names->pdata[i], plane, input, pair.photo->width,
                               pair.photo->height, &stats);
          cutout_calibrate_plane (final, info->input_width, info->input_height, &params);
          cutout_resample_plane_to_mask (final, info->input_width, info->input_height, mask);
          iou = cutout_eval_score (mask, pair.truth, pair.ignore).iou;
          review = cutout_review_compute (mask, pair.photo, &stats, FALSE);
          words = cutout_review_describe (review, "; ");
          is_bad = iou < 0.85;
          g_test_message ("%s/%s: IoU %.4f%s, score %.3f%s %s", sets[k], (char *) names->pdata[i],
                          iou, is_bad ? " (bad)" : "", review->score,
                          review->needs_review ? ", check:" : "", words);
          set_bad += is_bad;
          set_flagged += review->needs_review;
          set_caught += is_bad && review->needs_review;
        }
      g_test_message ("%s: %u photos, %u bad, %u flagged, %u of the bad caught", sets[k],
                      names->len, set_bad, set_flagged, set_caught);
      n += names->len, bad += set_bad, flagged += set_flagged, caught += set_caught;
    }
  g_test_message ("all: %u photos, %u bad, %u flagged (%.0f %%), %u of the bad caught (%.0f %%)", n,
                  bad, flagged, 100.0 * flagged / n, caught, 100.0 * caught / MAX (bad, 1));
  /* Enough bad cutouts for a catch rate to mean something. */
  g_assert_cmpuint (bad, >=, 5);
  g_assert_cmpfloat (caught, >=, 0.7 * bad);
  g_assert_cmpfloat (flagged, <=, 0.25 * n);
}

/* The largest difference between two of the model's planes. */
static double
largest_difference (const float *a, const float *b)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  double worst = 0;

  for (gsize i = 0; i < (gsize) info->input_width * info->input_height; i++)
    worst = MAX (worst, fabs (a[i] - b[i]));
  return worst;
}

/* The IoU of two of the model's planes, each split at one half. */
static double
plane_iou (const float *a, const float *b)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  guint64 both = 0, either = 0;

  for (gsize i = 0; i < (gsize) info->input_width * info->input_height; i++)
    both += a[i] >= 0.5f && b[i] >= 0.5f, either += a[i] >= 0.5f || b[i] >= 0.5f;
  return either ? (double) both / either : 1;
}

/* The second look (cutout_engine_infer_photo()): one run for a photo the
 * model is sure of, the same output as the first run's; two for one it is
 * unsure of, the first averaged with the letterboxed one; and the
 * letterboxed run is in the squeezed run's geometry (on a wide photo the
 * two outlines agree). */
static void
test_second_look (void)
{
  const struct
  {
    const char *set, *name;
    guint runs;
  } photos[] = { { "voc", "voc474.png", 1 }, { "alphamatting", "GT26.png", 2 } };

  for (guint k = 0; k < G_N_ELEMENTS (photos); k++)
    {
      g_autoptr (GError) error = NULL;
      g_auto (Pair) pair = load_pair (photos[k].set, photos[k].name);
      g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
      g_autofree float *first = first_run (photos[k].set, photos[k].name, pair.photo);
      g_autofree float *expected = NULL, *plane = NULL;
      CutoutInferStats stats, expected_stats;
      guint runs = 0;

      expected = second_look (photos[k].set, photos[k].name, first, input, pair.photo->width,
                              pair.photo->height, &expected_stats);
      plane = cutout_engine_infer_photo (engine, input, pair.photo->width, pair.photo->height,
                                         CUTOUT_INFER_SECOND_LOOK, NULL, NULL, &runs, &stats, NULL,
                                         &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (stats.uncertainty, ==, cutout_engine_uncertainty (engine, first));
      /* A disagreement only where the model looked twice. */
      g_assert_true ((stats.disagreement >= 0) == (runs == 2));
      g_assert_cmpfloat (fabs (stats.disagreement - expected_stats.disagreement), <, 1e-3);
      g_test_message ("%s: uncertainty %.4f, %u runs", photos[k].name,
                      cutout_engine_uncertainty (engine, first), runs);
      g_assert_cmpuint (runs, ==, photos[k].runs);
      g_assert_cmpfloat (largest_difference (plane, expected), <, 1e-3);
    }
  {
    g_autoptr (GError) error = NULL;
    g_auto (Pair) pair = load_pair ("portrait", "hs62.jpg"); /* 590 × 320 */
    g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
    g_autofree float *squeezed = first_run ("portrait", "hs62.jpg", pair.photo);
    g_autofree float *boxed = cutout_engine_infer_letterboxed (engine, input, pair.photo->width,
                                                               pair.photo->height, NULL, &error);
    double iou;

    g_assert_no_error (error);
    iou = plane_iou (squeezed, boxed);
    g_test_message ("hs62, squeezed against letterboxed: IoU %.4f", iou);
    g_assert_cmpfloat (iou, >, 0.95);
  }
}

static CutoutImage *
mirror_image (const CutoutImage *image)
{
  CutoutImage *out = cutout_image_new (image->width, image->height, image->n_channels);

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      memcpy (cutout_image_row (out, y) + (gsize) x * image->n_channels,
              cutout_image_row (image, y) + (gsize) (image->width - 1 - x) * image->n_channels,
              image->n_channels);
  return out;
}

/* Best quality's second run (cutout_engine_infer_mirrored()) is the model's
 * output for the mirror image, mirrored back; averaged with the first, as
 * the queue does, it raises IoU and boundary-F on VOC and the portraits
 * (docs/QUALITY.md), calibrated as both are in the pipeline. */
static void
test_best_quality (void)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  const int n = info->input_width, m = info->input_height;
  const char *sets[] = { "voc", "portrait" };
  CutoutCalibrateParams params;

  if (skip_quality_measures ())
    return;
  cutout_calibrate_params_init (&params);
  /* The mirrored run is the mirror image's, mirrored back. */
  {
    g_auto (Pair) pair = load_pair ("voc", "voc474.png");
    g_autoptr (CutoutImage) mirror = mirror_image (pair.photo);
    g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
    g_autofree float *mirror_input = cutout_engine_preprocess (engine, mirror);
    g_autofree float *second = cutout_engine_infer_mirrored (engine, input, NULL, NULL);
    g_autofree float *direct = cutout_engine_infer (engine, mirror_input, NULL, NULL);
    double worst = 0;
    for (int y = 0; y < m; y++)
      for (int x = 0; x < n; x++)
        worst = MAX (worst, fabs (second[(gsize) y * n + x] - direct[(gsize) y * n + n - 1 - x]));
    g_test_message ("mirrored run against the mirror image's: largest difference %g", worst);
    g_assert_cmpfloat (worst, <, 0.02);
  }
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      g_autoptr (GPtrArray) names = list_photos (sets[k]);
      EdgeScore one = { 0 }, both = { 0 };
      for (guint i = 0; i < names->len; i++)
        {
          g_auto (Pair) pair = load_pair (sets[k], names->pdata[i]);
          g_autoptr (CutoutImage) a = cutout_image_new (pair.photo->width, pair.photo->height, 1);
          g_autoptr (CutoutImage) b = cutout_image_new (pair.photo->width, pair.photo->height, 1);
          g_autofree float *input = cutout_engine_preprocess (engine, pair.photo);
          g_autofree float *plane = first_run (sets[k], names->pdata[i], pair.photo);
          g_autofree float *second = cutout_engine_infer_mirrored (engine, input, NULL, NULL);
          EdgeScore s1, s2;
          g_assert_nonnull (plane);
          g_assert_nonnull (second);
          for (gsize j = 0; j < (gsize) n * m; j++)
            second[j] = (plane[j] + second[j]) / 2;
          cutout_calibrate_plane (plane, n, m, &params);
          cutout_calibrate_plane (second, n, m, &params);
          cutout_resample_plane_to_mask (plane, n, m, a);
          cutout_resample_plane_to_mask (second, n, m, b);
          s1 = edge_score (a, pair.truth, pair.ignore);
          s2 = edge_score (b, pair.truth, pair.ignore);
          one.iou += s1.iou / names->len, one.bf += s1.bf / names->len;
          one.mae += s1.mae / names->len;
          both.iou += s2.iou / names->len, both.bf += s2.bf / names->len;
          both.mae += s2.mae / names->len;
        }
      g_test_message ("%s, one run → with the mirrored one: IoU %.4f → %.4f, MAE %.4f → %.4f, "
                      "boundary-F %.4f → %.4f",
                      sets[k], one.iou, both.iou, one.mae, both.mae, one.bf, both.bf);
      g_assert_cmpfloat (both.iou, >, one.iou);
      g_assert_cmpfloat (both.bf, >, one.bf);
    }
}

/* The catalogue's fast model (isnet-int8, made by the set-up script from
 * the default one): on every test set, mean IoU within 0.005 of the
 * default model's, both plain (the model's mask enlarged bilinearly). */
static void
test_fast_model (void)
{
  const char *sets[] = { "voc", "portrait", "ecssd", "alphamatting" };
  const CutoutModelInfo *info = cutout_catalogue_find (catalogue, "isnet-int8", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) fast = NULL;

  if (skip_quality_measures ())
    return;
  g_assert_nonnull (info);
  fast = cutout_engine_new (info, 0, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (sets); k++)
    {
      g_autoptr (GPtrArray) names = list_photos (sets[k]);
      double iou = 0, fast_iou = 0;
      for (guint i = 0; i < names->len; i++)
        {
          g_auto (Pair) pair = load_pair (sets[k], names->pdata[i]);
          g_autoptr (CutoutImage) a = cutout_image_new (pair.photo->width, pair.photo->height, 1);
          g_autoptr (CutoutImage) b = cutout_image_new (pair.photo->width, pair.photo->height, 1);
          g_autofree float *plane = first_run (sets[k], names->pdata[i], pair.photo);
          g_autofree float *input = cutout_engine_preprocess (fast, pair.photo);
          g_autofree float *fast_plane = cutout_engine_infer (fast, input, NULL, &error);
          g_assert_no_error (error);
          cutout_resample_plane_to_mask (plane, info->input_width, info->input_height, a);
          cutout_resample_plane_to_mask (fast_plane, info->input_width, info->input_height, b);
          iou += edge_score (a, pair.truth, pair.ignore).iou / names->len;
          fast_iou += edge_score (b, pair.truth, pair.ignore).iou / names->len;
        }
      g_test_message ("%s: IoU %.4f (default model) against %.4f (isnet-int8)", sets[k], iou,
                      fast_iou);
      g_assert_cmpfloat (fast_iou, >=, iou - 0.005);
    }
}

/* A solid subject on a flat backdrop, through the queue as the apps run
 * it (at a size it enlarges the mask to, and one it refines): exactly
 * opaque inside and exactly clear outside, away from the outline. */
static void
test_solid_subject (void)
{
  const int sizes[][2] = { { 900, 600 }, { 2400, 1800 } };
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (CutoutQueue) queue = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cutout-engine-solid-XXXXXX", NULL);

  g_main_context_push_thread_default (context);
  queue = cutout_queue_new (engine, 0);
  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      int w = sizes[k][0], h = sizes[k][1];
      double radius = h * 0.3, margin = h / 60.0;
      g_autoptr (CutoutImage) image = cutout_image_new (w, h, 4);
      g_autofree char *name = g_strdup_printf ("solid-%d.png", w);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr (CutoutJob) job = cutout_job_new (path);
      g_autoptr (CutoutAddReport) report = NULL;
      g_autoptr (CutoutImage) mask = NULL;
      gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;
      guint n_inside = 0, n_outside = 0;

      /* A red ball on a light grey backdrop, as on a product shot. */
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            guint8 *p = cutout_image_row (image, y) + (gsize) x * 4;
            gboolean ball = hypot (x - w / 2.0, y - h / 2.0) < radius;
            p[0] = ball ? 200 : 225, p[1] = ball ? 30 : 225, p[2] = ball ? 40 : 225, p[3] = 255;
          }
      g_assert_true (cutout_export_png (image, path, 1, NULL, NULL));
      report = cutout_queue_add_job (queue, job);
      g_assert_cmpuint (report->added->len, ==, 1);
      while (cutout_job_get_state (job) != CUTOUT_JOB_DONE
             && cutout_job_get_state (job) != CUTOUT_JOB_FAILED)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_main_context_iteration (context, TRUE);
        }
      g_assert_cmpint (cutout_job_get_state (job), ==, CUTOUT_JOB_DONE);
      mask = cutout_job_dup_mask (job);
      for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
          {
            double r = hypot (x - w / 2.0, y - h / 2.0);
            guint8 a = cutout_image_row (mask, y)[x];
            if (r < radius - margin)
              {
                n_inside += a == 255;
                if (a != 255)
                  g_error ("%d × %d: alpha %u inside at (%d, %d)", w, h, a, x, y);
              }
            else if (r > radius + margin)
              {
                n_outside += a == 0;
                if (a != 0)
                  g_error ("%d × %d: alpha %u outside at (%d, %d)", w, h, a, x, y);
              }
          }
      g_test_message ("%d × %d: %u pixels exactly opaque, %u exactly clear", w, h, n_inside,
                      n_outside);
      g_unlink (path);
    }
  g_assert_finalize_object (g_steal_pointer (&queue));
  g_main_context_pop_thread_default (context);
  g_rmdir (dir);
}

/* The queue with the real model: photos cut out by worker threads, written
 * to their outputs, and a broken file among them failing on its own. */
static void
test_queue (void)
{
  g_autoptr (GPtrArray) names = list_photos ("voc");
  g_autofree char *dir = g_dir_make_tmp ("cutout-engine-queue-XXXXXX", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.jpg", NULL);
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (CutoutQueue) queue = NULL;
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 deadline = g_get_monotonic_time () + 300 * G_USEC_PER_SEC;

  g_assert_true (g_file_set_contents (broken, "\xff\xd8\xff\xe0 not really", -1, NULL));
  g_main_context_push_thread_default (context);
  queue = cutout_queue_new (engine, 0); /* the default split, as users get it */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *photo = i == 1 ? g_strdup (broken) : testdata ("voc", names->pdata[i]);
      g_autofree char *out_name = g_strdup_printf ("out-%u.png", i);
      g_autofree char *out = g_build_filename (dir, out_name, NULL);
      g_autoptr (CutoutJob) job = cutout_job_new (photo);
      g_autoptr (CutoutAddReport) report = NULL;

      cutout_job_set_output (job, out);
      report = cutout_queue_add_job (queue, job);
      g_assert_cmpuint (report->added->len, ==, 1);
      g_ptr_array_add (jobs, g_object_ref (job));
    }
  while (cutout_queue_get_busy (queue))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (context, TRUE);
    }

  g_assert_cmpuint (cutout_queue_get_n_done (queue), ==, 3);
  g_assert_cmpuint (cutout_queue_get_n_failed (queue), ==, 1);
  g_assert_cmpint (cutout_job_get_state (jobs->pdata[1]), ==, CUTOUT_JOB_FAILED);
  /* The job is the file: its message says what is wrong with it. */
  g_assert_error ((GError *) cutout_job_get_error (jobs->pdata[1]), CUTOUT_DECODE_ERROR,
                  CUTOUT_DECODE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (cutout_job_get_error_message (jobs->pdata[1]), "damaged"));
  g_assert_false (g_file_test (cutout_job_get_output (jobs->pdata[1]), G_FILE_TEST_EXISTS));
  for (guint i = 0; i < 4; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *stem = g_strndup (name, strrchr (name, '.') - name);
      g_autofree char *mask_name = g_strconcat (stem, ".mask.png", NULL);
      g_autofree char *truth_path = testdata ("voc", mask_name);
      g_autofree char *photo = testdata ("voc", name);
      g_autoptr (CutoutImage) truth = NULL, ignore = NULL, mask = NULL, written = NULL;
      g_autoptr (GError) error = NULL;
      CutoutScore s;

      if (i == 1)
        continue;
      truth = cutout_eval_load_mask (truth_path, &error);
      g_assert_no_error (error);
      ignore = cutout_eval_load_ignore (photo);
      mask = cutout_job_dup_mask (jobs->pdata[i]);
      g_assert_nonnull (mask);
      s = cutout_eval_score (mask, truth, ignore);
      g_test_message ("queue: voc/%s: IoU %.4f", name, s.iou);
      g_assert_cmpfloat (s.iou, >=, 0.90);

      /* The file written is the photo with the job's mask as its alpha. */
      written = cutout_decode_file (cutout_job_get_output (jobs->pdata[i]), &error);
      g_assert_no_error (error);
      g_assert_cmpint (written->n_channels, ==, 4);
      g_assert_cmpint (written->width, ==, mask->width);
      g_assert_cmpint (written->height, ==, mask->height);
      for (int y = 0; y < mask->height; y += 7)
        for (int x = 0; x < mask->width; x += 7)
          g_assert_cmpuint (cutout_image_row (written, y)[x * 4 + 3], ==,
                            cutout_image_row (mask, y)[x]);
    }

  g_assert_finalize_object (g_steal_pointer (&queue));
  g_main_context_pop_thread_default (context);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *out_name = g_strdup_printf ("out-%u.png", i);
      g_autofree char *out = g_build_filename (dir, out_name, NULL);
      g_unlink (out);
    }
  g_unlink (broken);
  g_rmdir (dir);
}

/* Whatever the input's shape, the mask has its exact size. */
static void
test_size_follows_input (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) wide = cutout_image_new (1500, 400, 4);
  g_autoptr (CutoutImage) mask = NULL;

  memset (wide->pixels, 200, (gsize) 1500 * 400 * 4);
  mask = cutout_engine_cut_out (engine, wide, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mask->width, ==, 1500);
  g_assert_cmpint (mask->height, ==, 400);
  g_assert_cmpint (mask->n_channels, ==, 1);
}

static void
test_cancelled (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (CutoutImage) image = cutout_image_new (64, 64, 4);
  g_autoptr (CutoutImage) mask = NULL;

  memset (image->pixels, 90, (gsize) 64 * 64 * 4);
  g_cancellable_cancel (cancellable);
  mask = cutout_engine_cut_out (engine, image, NULL, cancellable, &error);
  g_assert_null (mask);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Cancelling from another thread stops a run already inside ONNX Runtime. */
static gboolean
cancel_soon_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gpointer
cut_out_thread (gpointer data)
{
  GError *error = NULL;
  g_autoptr (CutoutImage) image = cutout_image_new (256, 256, 4);
  CutoutImage *mask;

  memset (image->pixels, 90, (gsize) 256 * 256 * 4);
  mask = cutout_engine_cut_out (engine, image, NULL, data, &error);
  g_assert_null (mask);
  return error;
}

static void
test_cancel_running (void)
{
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) timeout = g_timeout_source_new (150);
  g_autoptr (GError) error = NULL;
  GThread *thread;
  gint64 start = g_get_monotonic_time ();

  g_source_set_callback (timeout, cancel_soon_cb, cancellable, NULL);
  g_source_attach (timeout, context);
  thread = g_thread_new ("cut-out", cut_out_thread, cancellable);
  while (!g_cancellable_is_cancelled (cancellable))
    g_main_context_iteration (context, TRUE);
  error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("stopped %.2f s after the start", (g_get_monotonic_time () - start) / 1e6);
}

/* Boxes ------------------------------------------------------------------------- */

static CutoutImage *
cut_out_in (const CutoutImage *image, const CutoutBox *box)
{
  g_autoptr (GArray) boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  g_autoptr (GError) error = NULL;
  CutoutImage *mask;

  g_array_append_val (boxes, *box);
  mask = cutout_pipeline_cut_out (engine, NULL, image, boxes, NULL, &error);
  g_assert_no_error (error);
  return mask;
}

/* The share of @truth's subject that @mask keeps (alpha ≥ 128). */
static double
kept (const CutoutImage *mask, const CutoutImage *truth)
{
  guint64 subject = 0, both = 0;

  for (gsize i = 0; i < (gsize) truth->width * truth->height; i++)
    if (truth->pixels[i] >= 128)
      subject++, both += mask->pixels[i] >= 128;
  return subject ? (double) both / subject : 0;
}

static void
assert_zero_outside (const CutoutImage *mask, const CutoutBox *box)
{
  for (int y = 0; y < mask->height; y++)
    for (int x = 0; x < mask->width; x++)
      if (x < box->x1 || x >= box->x2 || y < box->y1 || y >= box->y2)
        g_assert_cmpuint (cutout_image_row (mask, y)[x], ==, 0);
}

/* Two photos side by side, each with its subject: boxing one keeps it,
 * and removes the other, which the automatic mode keeps. */
static void
test_boxes_two_subjects (void)
{
  Pair a = load_pair ("ecssd", "0431.jpg"), b = load_pair ("voc", "voc474.png");
  const guint8 gray[4] = { 128, 128, 128, 255 }, zero[4] = { 0 };
  int w = a.photo->width + b.photo->width, h = MAX (a.photo->height, b.photo->height);
  g_autoptr (CutoutImage) photo = cutout_eval_place (a.photo, w, h, 0, 0, gray);
  g_autoptr (CutoutImage) truth_a = cutout_eval_place (a.truth, w, h, 0, 0, zero);
  g_autoptr (CutoutImage) truth_b = cutout_eval_place (b.truth, w, h, a.photo->width, 0, zero);
  g_autoptr (CutoutImage) automatic = NULL, boxed = NULL;
  CutoutBox box = cutout_eval_box_around (truth_a);
  CutoutScore score;

  /* Paste b's photo over the gray right part. */
  for (int y = 0; y < b.photo->height; y++)
    memcpy (cutout_image_row (photo, y) + (gsize) a.photo->width * 4, cutout_image_row (b.photo, y),
            (gsize) b.photo->width * 4);

  automatic = cutout_engine_cut_out (engine, photo, NULL, NULL, NULL);
  g_test_message ("automatic: keeps %.3f of a, %.3f of b", kept (automatic, truth_a),
                  kept (automatic, truth_b));
  g_assert_cmpfloat (kept (automatic, truth_b), >, 0.5);

  boxed = cut_out_in (photo, &box);
  score = cutout_eval_score (boxed, truth_a, NULL);
  g_test_message ("boxed: keeps %.3f of a, %.3f of b; IoU with a %.4f", kept (boxed, truth_a),
                  kept (boxed, truth_b), score.iou);
  g_assert_cmpfloat (kept (boxed, truth_b), ==, 0);
  g_assert_cmpfloat (score.iou, >=, 0.9);
  assert_zero_outside (boxed, &box);
  pair_clear (&a);
  pair_clear (&b);
}

/* A small subject in a large photo (a test photo in the middle of a canvas
 * four times its size): boxed, the model sees it at its full input size,
 * and its mask is better than the automatic one. */
static void
test_boxes_small_subject (void)
{
  const char *const sets[] = { "voc", "voc", "voc", "ecssd" };
  const char *const names[] = { "voc23.png", "voc114.png", "voc474.png", "0431.jpg" };
  double sum_auto = 0, sum_boxed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      Pair pair = load_pair (sets[i], names[i]);
      int w = pair.photo->width * 4, h = pair.photo->height * 4;
      int x = pair.photo->width * 3 / 2, y = pair.photo->height * 3 / 2;
      guint8 fill[4];
      const guint8 zero[4] = { 0 }, none[4] = { 0 };
      g_autoptr (CutoutImage) photo = NULL, truth = NULL, ignore = NULL;
      g_autoptr (CutoutImage) automatic = NULL, boxed = NULL;
      CutoutBox box;
      CutoutScore a, b;

      cutout_eval_border_colour (pair.photo, fill);
      photo = cutout_eval_place (pair.photo, w, h, x, y, fill);
      truth = cutout_eval_place (pair.truth, w, h, x, y, zero);
      if (pair.ignore != NULL)
        ignore = cutout_eval_place (pair.ignore, w, h, x, y, none);
      box = cutout_eval_box_around (truth);

      automatic = cutout_engine_cut_out (engine, photo, NULL, NULL, NULL);
      boxed = cut_out_in (photo, &box);
      a = cutout_eval_score (automatic, truth, ignore);
      b = cutout_eval_score (boxed, truth, ignore);
      g_test_message ("%s, %d × %d: IoU automatic %.4f, boxed %.4f", names[i], w, h, a.iou, b.iou);
      /* The review tells the automatic cutout to be checked, with a box;
       * the boxed one is not small for want of a box. */
      {
        g_autoptr (CutoutReview) ra = cutout_review_compute (automatic, photo, NULL, FALSE);
        g_autoptr (CutoutReview) rb = cutout_review_compute (boxed, photo, NULL, TRUE);
        g_assert_true (ra->needs_review);
        gboolean small = FALSE;
        for (guint k = 0; k < ra->n_reasons; k++)
          small |= ra->reasons[k] == CUTOUT_REVIEW_SMALL_SUBJECT;
        g_assert_true (small);
        g_assert_cmpfloat (rb->severity[CUTOUT_REVIEW_SMALL_SUBJECT], ==, 0);
      }
      g_assert_cmpfloat (b.iou, >, a.iou);
      g_assert_cmpfloat (b.iou, >=, 0.85);
      assert_zero_outside (boxed, &box);
      sum_auto += a.iou;
      sum_boxed += b.iou;
      pair_clear (&pair);
    }
  g_test_message ("mean IoU: automatic %.4f, boxed %.4f", sum_auto / G_N_ELEMENTS (names),
                  sum_boxed / G_N_ELEMENTS (names));
}

/* (Model folders come from the environment, which a threaded test must not
 * change: these tests name the file directly.) */
static char *
make_model_dir (void)
{
  return g_dir_make_tmp ("cutout-models-XXXXXX", NULL);
}

static void
remove_model_dir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, default_model ()->file, NULL);
  g_unlink (file);
  g_rmdir (dir);
}

/* A half-downloaded model file: named, with its size and how to fix it. */
static void
test_truncated_model (void)
{
  const CutoutModelInfo *info = default_model ();
  g_autofree char *real = cutout_model_info_locate (info, NULL);
  g_autofree char *dir = make_model_dir ();
  g_autofree char *path = g_build_filename (dir, info->file, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) broken = NULL;
  g_autofree char *head = NULL;
  gsize len;

  g_assert_nonnull (real);
  g_assert_true (g_file_get_contents (real, &head, &len, NULL));
  g_assert_true (g_file_set_contents (path, head, len / 3, NULL));
  broken = cutout_engine_new_from_file (info, path, 1, &error);
  g_assert_null (broken);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "incomplete"));
  g_assert_nonnull (strstr (error->message, "cutout-setup"));
  g_test_message ("%s", error->message);
  remove_model_dir (dir);
}

/* Garbage of the right size reaches ONNX Runtime, whose complaint is passed on. */
static void
test_garbage_model (void)
{
  g_autoptr (CutoutModelInfo) info = cutout_model_info_copy (default_model ());
  g_autofree char *dir = make_model_dir ();
  g_autofree char *path = g_build_filename (dir, info->file, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) broken = NULL;

  g_assert_true (g_file_set_contents (path, "this is not an ONNX model", -1, NULL));
  info->size = 0;
  broken = cutout_engine_new_from_file (info, path, 1, &error);
  g_assert_null (broken);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
  remove_model_dir (dir);
}

/* The catalogue says one shape or tensor name, the file has another. */
static void
test_wrong_shape (void)
{
  g_autoptr (CutoutModelInfo) info = cutout_model_info_copy (default_model ());
  g_autoptr (CutoutModelInfo) renamed = cutout_model_info_copy (default_model ());
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) wrong = NULL;

  info->input_width = 320;
  info->input_height = 320;
  wrong = cutout_engine_new (info, 1, &error);
  g_assert_null (wrong);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID);
  g_assert_nonnull (strstr (error->message, "320"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_free (renamed->output);
  renamed->output = g_strdup ("mask");
  wrong = cutout_engine_new (renamed, 1, &error);
  g_assert_null (wrong);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_INVALID);
  g_assert_nonnull (strstr (error->message, "“mask”"));
}

static void
test_missing_model (void)
{
  g_autoptr (CutoutModelInfo) info = cutout_model_info_copy (default_model ());
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutEngine) none = NULL;

  g_free (info->file);
  info->file = g_strdup ("not-downloaded.onnx");
  none = cutout_engine_new (info, 1, &error);
  g_assert_null (none);
  g_assert_error (error, CUTOUT_ENGINE_ERROR, CUTOUT_ENGINE_ERROR_MODEL_MISSING);
  g_assert_nonnull (strstr (error->message, "not-downloaded.onnx"));
  g_assert_nonnull (strstr (error->message, "cutout-setup"));
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!cutout_test_require_testdata ())
    return 0;
  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  engine = cutout_engine_new (default_model (), 0, &error);
  g_assert_no_error (error);

  g_test_add_func ("/engine/voc", test_voc);
  g_test_add_func ("/engine/portraits", test_portraits);
  g_test_add_func ("/engine/refine-edges", test_refine_edges);
  g_test_add_func ("/engine/calibrated", test_calibrated);
  g_test_add_func ("/engine/review", test_review_catch);
  g_test_add_func ("/engine/solid-subject", test_solid_subject);
  g_test_add_func ("/engine/best-quality", test_best_quality);
  g_test_add_func ("/engine/fast-model", test_fast_model);
  g_test_add_func ("/engine/second-look", test_second_look);
  g_test_add_func ("/engine/size-follows-input", test_size_follows_input);
  g_test_add_func ("/engine/queue", test_queue);
  g_test_add_func ("/engine/boxes/two-subjects", test_boxes_two_subjects);
  g_test_add_func ("/engine/boxes/small-subject", test_boxes_small_subject);
  g_test_add_func ("/engine/cancelled", test_cancelled);
  g_test_add_func ("/engine/cancel-running", test_cancel_running);
  g_test_add_func ("/engine/model/truncated", test_truncated_model);
  g_test_add_func ("/engine/model/garbage", test_garbage_model);
  g_test_add_func ("/engine/model/wrong-shape", test_wrong_shape);
  g_test_add_func ("/engine/model/missing", test_missing_model);
  status = g_test_run ();

  g_clear_object (&engine);
  cutout_catalogue_free (catalogue);
  return status;
}
