/* cutout-evaluate.c: the model's masks against reference masks, for a set
 * of image/mask pairs (docs/QUALITY.md)
 *
 *   cutout-evaluate [--refine] [--letterbox] DIR…
 *
 * For every NAME.png or NAME.jpg in each DIR with a NAME.mask.png beside it
 * (and, if there is one, NAME.ignore.png: pixels not scored), prints IoU,
 * MAE, boundary-F within 3 px and the gradient error, then the means.
 * --refine enlarges the mask with the guided filter instead of bilinearly;
 * --letterbox gives the model the photo with its aspect ratio kept (padded
 * with its mean colour) instead of squeezed to the model's square.
 * The pipeline's steps, to measure each (docs/QUALITY.md):
 *   --second-look=U   the letterboxed run averaged in where the first run's
 *                     uncertainty is at least U (the default pipeline: 0.02)
 *   --combine=flip|average|choose   two runs for every photo: the mirrored
 *                     one averaged (Best Quality), the letterboxed one
 *                     averaged, or the surer of the two kept
 *   --band=B --clear=C   calibration (the default pipeline: 4, 0.05)
 *   --shrink-mask=N --enlarge=N   larger photos, simulated
 * and steps measured and not adopted: --levels=LO,HI and --threshold=T
 * (curves on the model's output), --photo-guided=R [--photo-eps=E
 * --photo-strength=S] (a guided filter at the photo's resolution), --ghosts
 * (faint regions with nothing over one half cleared), --fade=F,
 * --fill-holes=L [--fill-area=A] (enclosed unsure holes filled).
 * --review prints each cutout's review (cutout-review.c) with its IoU;
 * --canvas=N puts each photo in the middle of a canvas N times its size, of
 * its border's colour (a small subject).
 * --cache=DIR keeps the model's outputs between runs; --write=DIR writes
 * the masks. --model=NAME evaluates a model of the catalogue (an imported
 * one too) instead of the default.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-calibrate.h"
#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-export.h"
#include "cutout-eval.h"
#include "cutout-testlib.h"
#include "cutout-refine.h"
#include "cutout-resample.h"
#include "cutout-review.h"

static gboolean refine, letterbox, flip;
static const char *combine; /* --combine: choose, average (squeezed and letterboxed) or flip */
static int enlarge = 1, radius;
static double shrink = 1;
static double epsilon, strength = -1;
static double band = -1;              /* --band: calibration's band; -1: none */
static double clear = 0.5;            /* --clear */
static const char *cache;             /* --cache: a folder keeping the model's planes */
static const char *write_to;          /* --write: a folder for the masks, to look at */
static double second_look;            /* --second-look */
static double levels_threshold = 0.5; /* --threshold: the value made one half */
static double lev_lo = 0, lev_hi = 1; /* --levels */
static gboolean levels_sure;  /* --levels-sure: the curve only where no second look was taken */
static gboolean looked_twice; /* the last combined_plane() took a second run */
static int photo_radius;      /* --photo-guided */
static double photo_eps = 1e-4, photo_strength = 1;
static gboolean ghosts;   /* --ghosts */
static double fill_holes; /* --fill-holes=L */
static double fill_area;  /* --fill-area=A: only holes of at most this share of the plane */
static gboolean review;   /* --review */
static int canvas = 1;    /* --canvas=N */
static CutoutInferStats last_stats; /* what the last combined_plane() saw */

/* --fill-holes=L: every region under one half that the subject encloses
 * (touching no edge of the plane) and that is nowhere under L becomes
 * subject: a wobble of the model inside it, not a hole through it. */
static void
fill_unsure_holes (float *plane, int w, int h, double level)
{
  gsize n = (gsize) w * h;
  g_autofree guint8 *seen = g_new0 (guint8, n);
  g_autofree gsize *stack = g_new (gsize, n);
  g_autoptr (GArray) members = g_array_new (FALSE, FALSE, sizeof (gsize));

  for (gsize s = 0; s < n; s++)
    {
      gsize top = 0;
      gboolean edge = FALSE, sure = FALSE;
      if (seen[s] || plane[s] >= 0.5f)
        continue;
      g_array_set_size (members, 0);
      seen[s] = 1, stack[top++] = s;
      while (top)
        {
          gsize i = stack[--top];
          int x = i % w, y = i / w;
          g_array_append_val (members, i);
          edge |= x == 0 || y == 0 || x == w - 1 || y == h - 1;
          sure |= plane[i] < level;
          const int dx[4] = { -1, 1, 0, 0 }, dy[4] = { 0, 0, -1, 1 };
          for (int k = 0; k < 4; k++)
            {
              int xx = x + dx[k], yy = y + dy[k];
              gsize j = (gsize) yy * w + xx;
              if (xx < 0 || yy < 0 || xx >= w || yy >= h || seen[j] || plane[j] >= 0.5f)
                continue;
              seen[j] = 1, stack[top++] = j;
            }
        }
      if (!edge && !sure && (fill_area <= 0 || members->len <= fill_area * n))
        for (guint k = 0; k < members->len; k++)
          plane[g_array_index (members, gsize, k)] = 1;
    }
}
static double fade; /* --fade: calibration's */

/* --ghosts: every region over the haze level with nothing at or over one
 * half in it cleared. */
static void
remove_ghosts (float *plane, int w, int h)
{
  gsize n = (gsize) w * h;
  g_autofree int *label = g_new0 (int, n);
  g_autofree gsize *stack = g_new (gsize, n);
  g_autoptr (GArray) strong = g_array_new (FALSE, TRUE, sizeof (gboolean));
  int next = 0;
  gboolean f = FALSE;

  g_array_append_val (strong, f);
  for (gsize s = 0; s < n; s++)
    {
      gsize top = 0;
      gboolean any = FALSE;
      if (label[s] || plane[s] < 0.05f)
        continue;
      next++;
      label[s] = next, stack[top++] = s;
      while (top)
        {
          gsize i = stack[--top];
          int x = i % w, y = i / w;
          any |= plane[i] >= 0.5f;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int xx = x + dx, yy = y + dy;
                gsize j = (gsize) yy * w + xx;
                if (xx < 0 || yy < 0 || xx >= w || yy >= h || label[j] || plane[j] < 0.05f)
                  continue;
                label[j] = next, stack[top++] = j;
              }
        }
      g_array_append_val (strong, any);
    }
  for (gsize i = 0; i < n; i++)
    if (label[i] && !g_array_index (strong, gboolean, label[i]))
      plane[i] = 0;
}

/* Where the plane of @photo, as the options shape it, is kept with --cache. */
static char *
cache_path (const char *photo)
{
  /* v2: letterboxed from the squeezed input, in its geometry. */
  g_autofree char *base = flip        ? g_strdup_printf ("%s|%d|%d|flip", photo, letterbox, enlarge)
                          : letterbox ? g_strdup_printf ("%s|%d|%d|v2", photo, letterbox, enlarge)
                                      : g_strdup_printf ("%s|%d|%d", photo, letterbox, enlarge);
  g_autofree char *key
      = canvas > 1 ? g_strdup_printf ("%s|canvas%d", base, canvas) : g_strdup (base);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, key, -1);
  g_autofree char *name = g_strconcat (sum, ".plane", NULL);

  return g_build_filename (cache, name, NULL);
}

static float *
load_plane (const char *path, int *pw, int *ph)
{
  g_autofree char *data = NULL;
  gsize size;
  gint32 dims[2];

  if (!g_file_get_contents (path, &data, &size, NULL) || size < sizeof dims)
    return NULL;
  memcpy (dims, data, sizeof dims);
  if (size != sizeof dims + (gsize) dims[0] * dims[1] * sizeof (float))
    return NULL;
  *pw = dims[0], *ph = dims[1];
  return g_memdup2 (data + sizeof dims, size - sizeof dims);
}

static void
save_plane (const char *path, const float *plane, int pw, int ph)
{
  gsize size = 8 + (gsize) pw * ph * sizeof (float);
  g_autofree char *data = g_malloc (size);
  gint32 dims[2] = { pw, ph };

  memcpy (data, dims, sizeof dims);
  memcpy (data + sizeof dims, plane, size - sizeof dims);
  g_mkdir_with_parents (cache, 0755);
  g_file_set_contents (path, data, size, NULL);
}

static float *run_model (CutoutEngine *engine, const CutoutImage *image, int *pw, int *ph);

/* run_model(), through the cache if there is one. */
static float *
model_plane (CutoutEngine *engine, const char *photo, const CutoutImage *image, int *pw, int *ph)
{
  g_autofree char *path = cache ? cache_path (photo) : NULL;
  float *plane = path ? load_plane (path, pw, ph) : NULL;

  if (plane != NULL)
    return plane;
  plane = run_model (engine, image, pw, ph);
  if (path != NULL)
    save_plane (path, plane, *pw, *ph);
  return plane;
}

/* The model's output plane for @image, as the chosen options shape it
 * (always in the squeezed geometry, the model's size), and its size. */
static float *
run_model (CutoutEngine *engine, const CutoutImage *image, int *pw, int *ph)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  g_autoptr (GError) error = NULL;
  g_autofree float *input = cutout_engine_preprocess (engine, image);
  float *plane;

  *pw = info->input_width, *ph = info->input_height;
  if (letterbox)
    plane = cutout_engine_infer_letterboxed (engine, input, image->width, image->height, NULL,
                                             &error);
  else if (flip) /* Best Quality's second run, on the mirror image */
    plane = cutout_engine_infer_mirrored (engine, input, NULL, &error);
  else
    plane = cutout_engine_infer (engine, input, NULL, &error);
  g_assert_no_error (error);
  return plane;
}

/* Two runs of the model combined (--combine, --second-look), in the
 * model's geometry: the second is the mirrored run for "flip" (Best
 * Quality), the letterboxed one otherwise; "choose" keeps the surer,
 * "average" and "flip" average them, and --second-look averages them only
 * where the first run's uncertainty reaches its threshold, as
 * cutout_engine_infer_photo() does. */
static float *
combined_plane (CutoutEngine *engine, const char *photo, const CutoutImage *image, int *pw, int *ph)
{
  gsize n;
  float *out[2];

  letterbox = flip = looked_twice = FALSE;
  out[0] = model_plane (engine, photo, image, pw, ph);
  n = (gsize) *pw * *ph;
  last_stats = (CutoutInferStats){ cutout_engine_uncertainty (engine, out[0]), -1 };
  if (second_look > 0)
    {
      double u = last_stats.uncertainty;
      printf ("%-40s uncertainty %.4f%s\n", photo, u, u >= second_look ? ", second look" : "");
      if (u < second_look)
        return out[0];
    }
  looked_twice = TRUE;
  flip = combine != NULL && g_str_equal (combine, "flip");
  letterbox = !flip;
  out[1] = model_plane (engine, photo, image, pw, ph);
  letterbox = flip = FALSE;
  last_stats.disagreement = cutout_engine_disagreement (engine, out[0], out[1]);
  if (combine != NULL && g_str_equal (combine, "choose"))
    {
      int pick
          = cutout_engine_uncertainty (engine, out[1]) < cutout_engine_uncertainty (engine, out[0]);
      g_free (out[!pick]);
      return out[pick];
    }
  for (gsize i = 0; i < n; i++)
    out[0][i] = (out[0][i] + out[1][i]) / 2;
  g_free (out[1]);
  return out[0];
}

static void
enlarge_in_place (CutoutImage **image, gboolean threshold)
{
  CutoutImage *big
      = cutout_resample_image (*image, (*image)->width * enlarge, (*image)->height * enlarge);

  if (threshold)
    for (gsize i = 0; i < (gsize) big->width * big->height; i++)
      big->pixels[i] = big->pixels[i] >= 128 ? 255 : 0;
  cutout_image_free (*image);
  *image = big;
}

/* @image in the middle of a canvas --canvas times its size, of @fill. */
static void
place_in_canvas (CutoutImage **image, const guint8 *fill)
{
  int w = (*image)->width * canvas, h = (*image)->height * canvas;
  int x0 = ((*image)->width * (canvas - 1)) / 2, y0 = ((*image)->height * (canvas - 1)) / 2;
  CutoutImage *out = cutout_eval_place (*image, w, h, x0, y0, fill);

  cutout_image_free (*image);
  *image = out;
}

static void
print_review (const char *photo, const CutoutImage *mask, const CutoutImage *image, double iou)
{
  g_autoptr (CutoutReview) r = NULL;
  g_autofree char *words = NULL;
  gint64 start = g_get_monotonic_time ();
  const CutoutReviewMeasures *m;

  r = cutout_review_compute (mask, image, &last_stats, FALSE);
  m = &r->measures;
  words = cutout_review_describe (r, ";");
  printf ("REVIEW %s iou=%.4f area=%.4f unsure=%.3f edge=%.3f second=%.3f holes=%.4f "
          "lowc=%.3f unc=%.4f dis=%.4f score=%.3f flag=%d ms=%.1f reasons=%s\n",
          photo, iou, m->area, m->unsure_width, m->edge_share, m->second_part, m->holes,
          m->low_contrast, m->uncertainty, m->disagreement, r->score, r->needs_review,
          (g_get_monotonic_time () - start) / 1e3, words);
}

static void
evaluate_dir (CutoutEngine *engine, const char *dir_path, double sums[4], guint *count)
{
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    g_error ("cannot read the folder %s", dir_path);
  while ((name = g_dir_read_name (dir)) != NULL)
    if ((g_str_has_suffix (name, ".png") || g_str_has_suffix (name, ".jpg"))
        && !g_str_has_suffix (name, ".mask.png") && !g_str_has_suffix (name, ".ignore.png"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, cutout_test_compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *photo = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autofree char *stem = g_strndup (photo, strrchr (photo, '.') - photo);
      g_autofree char *truth_path = g_strconcat (stem, ".mask.png", NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (CutoutImage) image = NULL, truth = NULL, ignore = NULL, mask = NULL;
      g_autofree float *plane = NULL;
      CutoutRefineParams params;
      CutoutScore s;
      double bf, grad;
      int pw, ph;

      if (!g_file_test (truth_path, G_FILE_TEST_EXISTS))
        continue;
      image = cutout_decode_file (photo, &error);
      truth = cutout_eval_load_mask (truth_path, &error);
      g_assert_no_error (error);
      ignore = cutout_eval_load_ignore (photo);
      if (canvas > 1)
        {
          guint8 fill[4];
          const guint8 zero[4] = { 0 };
          cutout_eval_border_colour (image, fill);
          place_in_canvas (&image, fill);
          place_in_canvas (&truth, zero);
          if (ignore)
            place_in_canvas (&ignore, zero);
        }
      if (enlarge > 1)
        {
          /* Higher-resolution photos, simulated: the reference masks are
           * enlarged smoothly too, and thresholded again. */
          enlarge_in_place (&image, FALSE);
          enlarge_in_place (&truth, TRUE);
          if (ignore)
            enlarge_in_place (&ignore, TRUE);
        }
      if (combine != NULL || second_look > 0)
        plane = combined_plane (engine, photo, image, &pw, &ph);
      else
        plane = model_plane (engine, photo, image, &pw, &ph);

      if (levels_threshold != 0.5)
        for (gsize k = 0; k < (gsize) pw * ph; k++)
          plane[k] = plane[k] < levels_threshold
                         ? plane[k] * 0.5 / levels_threshold
                         : 0.5 + (plane[k] - levels_threshold) * 0.5 / (1 - levels_threshold);
      if ((lev_lo != 0 || lev_hi != 1) && !(levels_sure && looked_twice))
        for (gsize k = 0; k < (gsize) pw * ph; k++)
          plane[k] = CLAMP ((plane[k] - lev_lo) / (lev_hi - lev_lo), 0, 1);
      if (ghosts)
        remove_ghosts (plane, pw, ph);
      if (fill_holes > 0)
        fill_unsure_holes (plane, pw, ph, fill_holes);
      if (band >= 0)
        {
          /* On the model's own plane, as the pipeline does, before a
           * --shrink-mask makes it stand for a larger photo's. */
          CutoutCalibrateParams calibrate = { .band = band, .clear = clear, .fade = fade };
          cutout_calibrate_plane (plane, pw, ph, &calibrate);
        }
      if (shrink > 1)
        {
          int sw = (int) (image->width / shrink), sh = (int) (image->height / shrink);
          float *small = cutout_eval_shrink_plane (plane, pw, ph, sw, sh);
          g_free (plane);
          plane = small;
          pw = sw, ph = sh;
        }
      cutout_refine_params_init (&params);
      if (radius > 0)
        params.radius = radius;
      if (epsilon > 0)
        params.epsilon = epsilon;
      if (strength >= 0)
        params.strength = strength;
      if (refine)
        mask = cutout_refine_guided (image, plane, pw, ph, &params);
      else
        {
          mask = cutout_image_new (image->width, image->height, 1);
          cutout_resample_plane_to_mask (plane, pw, ph, mask);
        }
      if (photo_radius > 0)
        {
          g_autofree float *full = g_new (float, (gsize) mask->width * mask->height);
          CutoutRefineParams pp;
          cutout_refine_params_init (&pp);
          pp.radius = photo_radius, pp.epsilon = photo_eps, pp.strength = photo_strength;
          pp.any_size = TRUE;
          for (gsize k = 0; k < (gsize) mask->width * mask->height; k++)
            full[k] = mask->pixels[k] / 255.0f;
          cutout_image_free (mask);
          mask = cutout_refine_guided (image, full, image->width, image->height, &pp);
        }
      if (write_to != NULL)
        {
          g_autofree char *base = g_path_get_basename (stem);
          g_autofree char *file = g_strconcat (base, ".png", NULL);
          g_autofree char *out = g_build_filename (write_to, file, NULL);
          g_mkdir_with_parents (write_to, 0755);
          cutout_export_png (mask, out, 1, NULL, NULL);
        }
      s = cutout_eval_score (mask, truth, ignore);
      bf = cutout_eval_boundary_f (mask, truth, ignore, 3);
      grad = cutout_eval_gradient_error (mask, truth);
      printf ("%-40s IoU %.4f  MAE %.4f  boundary-F %.4f  gradient %.2f\n", photo, s.iou, s.mae, bf,
              grad);
      if (review)
        print_review (photo, mask, image, s.iou);
      sums[0] += s.iou, sums[1] += s.mae, sums[2] += bf, sums[3] += grad;
      (*count)++;
    }
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  g_autoptr (CutoutEngine) engine = NULL;
  const CutoutModelInfo *info;
  const char *model = NULL; /* --model: a model of the catalogue other than the default */
  double sums[4] = { 0 };
  guint count = 0;

  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--model="))
      model = argv[i] + strlen ("--model=");
  info = cutout_catalogue_find (catalogue, model, &error);
  if (info != NULL)
    engine = cutout_engine_new (info, 0, &error);
  if (engine == NULL)
    {
      fprintf (stderr, "cutout-evaluate: %s\n", error->message);
      return 1;
    }
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--refine"))
      refine = TRUE;
    else if (g_str_equal (argv[i], "--letterbox"))
      letterbox = TRUE;
    else if (g_str_has_prefix (argv[i], "--radius="))
      radius = CLAMP (atoi (argv[i] + strlen ("--radius=")), 1, 32);
    else if (g_str_has_prefix (argv[i], "--strength="))
      strength = g_ascii_strtod (argv[i] + strlen ("--strength="), NULL);
    else if (g_str_has_prefix (argv[i], "--epsilon="))
      epsilon = g_ascii_strtod (argv[i] + strlen ("--epsilon="), NULL);
    else if (g_str_has_prefix (argv[i], "--shrink-mask="))
      shrink = CLAMP (g_ascii_strtod (argv[i] + strlen ("--shrink-mask="), NULL), 1, 8);
    else if (g_str_has_prefix (argv[i], "--combine="))
      combine = argv[i] + strlen ("--combine=");
    else if (g_str_has_prefix (argv[i], "--clear="))
      clear = g_ascii_strtod (argv[i] + strlen ("--clear="), NULL);
    else if (g_str_has_prefix (argv[i], "--band="))
      band = g_ascii_strtod (argv[i] + strlen ("--band="), NULL);
    else if (g_str_has_prefix (argv[i], "--threshold="))
      levels_threshold = g_ascii_strtod (argv[i] + strlen ("--threshold="), NULL);
    else if (g_str_has_prefix (argv[i], "--photo-guided="))
      photo_radius = atoi (argv[i] + strlen ("--photo-guided="));
    else if (g_str_has_prefix (argv[i], "--photo-eps="))
      photo_eps = g_ascii_strtod (argv[i] + strlen ("--photo-eps="), NULL);
    else if (g_str_has_prefix (argv[i], "--photo-strength="))
      photo_strength = g_ascii_strtod (argv[i] + strlen ("--photo-strength="), NULL);
    else if (g_str_has_prefix (argv[i], "--second-look="))
      second_look = g_ascii_strtod (argv[i] + strlen ("--second-look="), NULL);
    else if (g_str_equal (argv[i], "--levels-sure"))
      levels_sure = TRUE;
    else if (g_str_has_prefix (argv[i], "--fade="))
      fade = g_ascii_strtod (argv[i] + strlen ("--fade="), NULL);
    else if (g_str_has_prefix (argv[i], "--levels="))
      sscanf (argv[i] + strlen ("--levels="), "%lf,%lf", &lev_lo, &lev_hi);
    else if (g_str_has_prefix (argv[i], "--fill-area="))
      fill_area = g_ascii_strtod (argv[i] + strlen ("--fill-area="), NULL);
    else if (g_str_has_prefix (argv[i], "--fill-holes="))
      fill_holes = g_ascii_strtod (argv[i] + strlen ("--fill-holes="), NULL);
    else if (g_str_equal (argv[i], "--review"))
      review = TRUE;
    else if (g_str_has_prefix (argv[i], "--canvas="))
      canvas = CLAMP (atoi (argv[i] + strlen ("--canvas=")), 1, 8);
    else if (g_str_equal (argv[i], "--ghosts"))
      ghosts = TRUE;
    else if (g_str_has_prefix (argv[i], "--write="))
      write_to = argv[i] + strlen ("--write=");
    else if (g_str_has_prefix (argv[i], "--cache="))
      cache = argv[i] + strlen ("--cache=");
    else if (g_str_has_prefix (argv[i], "--enlarge="))
      enlarge = CLAMP (atoi (argv[i] + strlen ("--enlarge=")), 1, 8);
    else if (g_str_has_prefix (argv[i], "--model="))
      continue;
    else
      evaluate_dir (engine, argv[i], sums, &count);
  if (count == 0)
    {
      fprintf (stderr, "usage: cutout-evaluate [--refine] [--letterbox] [--enlarge=N] "
                       "[--shrink-mask=N] [--radius=R] [--epsilon=E] [--strength=S] DIR…\n");
      return 2;
    }
  printf ("mean of %u (%s, %s): IoU %.4f  MAE %.4f  boundary-F %.4f  gradient %.2f\n", count,
          letterbox ? "letterboxed" : "squeezed", refine ? "guided" : "bilinear", sums[0] / count,
          sums[1] / count, sums[2] / count, sums[3] / count);
  return 0;
}
