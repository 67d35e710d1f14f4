/* cutout-bench-export.c: time and size of writing a 12 MP cutout in each
 * format and level (docs/PERFORMANCE.md)
 *
 *   cutout-bench-export [--size WxH] [--repeat N]
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cutout-decode.h"
#include "cutout-export.h"

#include "bench-photos.h"

typedef struct
{
  const char *name;
  CutoutFormat format;
  int level; /* PNG or lossless WebP */
  gboolean lossy;
  int quality;
} Case;

static const Case cases[] = {
  { "PNG, fast (default)", CUTOUT_FORMAT_PNG, CUTOUT_PNG_LEVEL_FAST },
  { "PNG, level 6", CUTOUT_FORMAT_PNG, 6 },
  { "PNG, smallest", CUTOUT_FORMAT_PNG, CUTOUT_PNG_LEVEL_SMALLEST },
  { "WebP lossless, fast (default)", CUTOUT_FORMAT_WEBP, CUTOUT_WEBP_LEVEL_FAST },
  { "WebP lossless, level 1", CUTOUT_FORMAT_WEBP, 1 },
  { "WebP lossless, smallest (level 3)", CUTOUT_FORMAT_WEBP, CUTOUT_WEBP_LEVEL_SMALLEST },
  { "WebP lossless, level 9", CUTOUT_FORMAT_WEBP, 9 },
  { "WebP lossy, quality 90", CUTOUT_FORMAT_WEBP, 0, TRUE, 90 },
  { "WebP lossy, quality 75", CUTOUT_FORMAT_WEBP, 0, TRUE, 75 },
  { "JPEG on white, quality 90 (default)", CUTOUT_FORMAT_JPEG, 0, FALSE, 90 },
  { "JPEG on white, quality 75", CUTOUT_FORMAT_JPEG, 0, FALSE, 75 },
  { "mask (gray PNG, fast)", CUTOUT_FORMAT_MASK, CUTOUT_PNG_LEVEL_FAST },
};

/* A subject: an ellipse over about 40 % of the photo, with a soft edge of
 * a few pixels, as the model's enlarged masks have. */
static CutoutImage *
make_mask (int w, int h)
{
  CutoutImage *mask = cutout_image_new (w, h, 1);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        double dx = (x - w / 2.0) / (w * 0.36), dy = (y - h / 2.0) / (h * 0.42);
        double d = (sqrt (dx * dx + dy * dy) - 1) * MIN (w * 0.36, h * 0.42) / 4;
        cutout_image_row (mask, y)[x] = (guint8) CLAMP (127.5 - d * 127.5, 0, 255);
      }
  return mask;
}

int
main (int argc, char **argv)
{
  int width = 4000, height = 3000, repeat = 3;
  g_autofree char *dir = g_dir_make_tmp ("cutout-bench-export-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (GPtrArray) photos = NULL;
  g_autoptr (CutoutImage) image = NULL, mask = NULL;
  g_autoptr (GError) error = NULL;

  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--size") && i + 1 < argc)
      sscanf (argv[++i], "%dx%d", &width, &height);
    else if (g_str_equal (argv[i], "--repeat") && i + 1 < argc)
      repeat = atoi (argv[++i]); /* (not inside MAX: it evaluates twice) */
  repeat = CLAMP (repeat, 1, 16);
  if (!bench_require_testdata ())
    {
      g_rmdir (dir);
      return BENCH_SKIP;
    }

  photos = bench_make_photos (dir, 1, width, height);
  image = cutout_decode_file (photos->pdata[0], &error);
  g_assert_no_error (error);
  mask = make_mask (width, height);
  printf ("# writing a %d × %d cutout; median of %d runs\n", width, height, repeat);
  printf ("%-38s %10s %10s\n", "format", "seconds", "MB");
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      CutoutExportOptions options;
      double times[16];
      /* repeat is at most 16 */
      GStatBuf st;

      cutout_export_options_init (&options);
      options.format = cases[c].format;
      options.png_level = cases[c].level;
      options.webp_level = cases[c].level;
      options.lossy = cases[c].lossy;
      if (cases[c].quality)
        options.quality = cases[c].quality;
      for (int r = 0; r < repeat; r++)
        {
          double t0 = bench_now ();
          if (!cutout_export_file (image, mask, &options, NULL, NULL, out, NULL, &error))
            g_error ("%s", error->message);
          times[r] = bench_now () - t0;
        }
      g_assert_cmpint (g_stat (out, &st), ==, 0);
      printf ("%-38s %10.3f %10.2f\n", cases[c].name, bench_median (times, repeat),
              st.st_size / 1e6);
      fflush (stdout);
    }
  g_unlink (out);
  bench_remove_dir (dir);
  return 0;
}
