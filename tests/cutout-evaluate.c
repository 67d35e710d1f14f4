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
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cutout-decode.h"
#include "cutout-engine.h"
#include "cutout-eval.h"
#include "cutout-testlib.h"
#include "cutout-refine.h"
#include "cutout-resample.h"

static gboolean refine, letterbox;
static int enlarge = 1, radius;
static double shrink = 1;
static double epsilon, strength = -1;

/* @image placed, aspect kept, in the middle of a @n × @n square of its mean
 * colour; where it went in @x, @y, @w, @h. */
static CutoutImage *
pad_to_square (const CutoutImage *image, int n, int *x, int *y, int *w, int *h)
{
  double scale = (double) n / MAX (image->width, image->height);
  g_autoptr (CutoutImage) small = NULL;
  CutoutImage *square = cutout_image_new (n, n, 4);
  double sum[3] = { 0 };

  *w = MAX (1, (int) (image->width * scale + 0.5));
  *h = MAX (1, (int) (image->height * scale + 0.5));
  *x = (n - *w) / 2, *y = (n - *h) / 2;
  small = cutout_resample_image (image, *w, *h);
  for (gsize i = 0; i < (gsize) *w * *h; i++)
    for (int c = 0; c < 3; c++)
      sum[c] += small->pixels[i * 4 + c];
  for (gsize i = 0; i < (gsize) n * n; i++)
    for (int c = 0; c < 4; c++)
      square->pixels[i * 4 + c] = c == 3 ? 255 : (guint8) (sum[c] / ((gsize) *w * *h));
  for (int row = 0; row < *h; row++)
    memcpy (cutout_image_row (square, *y + row) + (gsize) *x * 4, cutout_image_row (small, row),
            (gsize) *w * 4);
  return square;
}

/* The model's output plane for @image, as the chosen options shape it, and
 * its size. */
static float *
run_model (CutoutEngine *engine, const CutoutImage *image, int *pw, int *ph)
{
  const CutoutModelInfo *info = cutout_engine_get_model_info (engine);
  g_autoptr (GError) error = NULL;
  g_autofree float *input = NULL;
  float *plane;
  int n = info->input_width, x, y, w, h;

  if (!letterbox)
    {
      input = cutout_engine_preprocess (engine, image);
      *pw = info->input_width, *ph = info->input_height;
      plane = cutout_engine_infer (engine, input, NULL, &error);
      g_assert_no_error (error);
      return plane;
    }
  {
    g_autoptr (CutoutImage) square = pad_to_square (image, n, &x, &y, &w, &h);
    g_autofree float *full = NULL;
    input = cutout_engine_preprocess (engine, square);
    full = cutout_engine_infer (engine, input, NULL, &error);
    g_assert_no_error (error);
    /* Only the part where the photo is. */
    plane = g_new (float, (gsize) w *h);
    for (int row = 0; row < h; row++)
      memcpy (plane + (gsize) row * w, full + (gsize) (y + row) * n + x,
              (gsize) w * sizeof (float));
    *pw = w, *ph = h;
    return plane;
  }
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
      if (enlarge > 1)
        {
          /* Higher-resolution photos, simulated: the reference masks are
           * enlarged smoothly too, and thresholded again. */
          enlarge_in_place (&image, FALSE);
          enlarge_in_place (&truth, TRUE);
          if (ignore)
            enlarge_in_place (&ignore, TRUE);
        }
      plane = run_model (engine, image, &pw, &ph);
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
      s = cutout_eval_score (mask, truth, ignore);
      bf = cutout_eval_boundary_f (mask, truth, ignore, 3);
      grad = cutout_eval_gradient_error (mask, truth);
      printf ("%-40s IoU %.4f  MAE %.4f  boundary-F %.4f  gradient %.2f\n", photo, s.iou, s.mae, bf,
              grad);
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
  double sums[4] = { 0 };
  guint count = 0;

  catalogue = cutout_catalogue_load_default (&error);
  g_assert_no_error (error);
  engine = cutout_engine_new (cutout_catalogue_find (catalogue, NULL, NULL), 0, &error);
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
    else if (g_str_has_prefix (argv[i], "--enlarge="))
      enlarge = CLAMP (atoi (argv[i] + strlen ("--enlarge=")), 1, 8);
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
