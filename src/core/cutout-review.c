/* cutout-review.c: which finished cutouts a person should look at
 *
 * A review looks at a finished mask (and the photo, shrunk to the same
 * small size) for the ways the model's cutouts go wrong, each measured on
 * its own (CutoutReviewMeasures): a wide band of unsure alpha along the
 * outline, a subject cut by the photo's border, separate parts, a small
 * subject, holes, an outline where the colours barely change, and the
 * model's own doubts (its uncertainty, and how far a second look
 * disagreed). Each measure becomes a severity from 0 to 1 along a ramp,
 * times a weight, both chosen on the test sets (docs/QUALITY.md, "Which
 * cutouts to check"), and the score is the chance that at least one is
 * real, taking the severities as independent: 1 − Π (1 − s). Everything is measured at
 * CUTOUT_REVIEW_SIZE on the longer side, so a review costs a few
 * milliseconds whatever the photo's size.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cutout-enums.h"
#include "cutout-resample.h"
#include "cutout-review.h"

#define UNSURE_LO 26  /* 0.1 */
#define UNSURE_HI 229 /* 0.9 */
/* Below this colour change across the outline (0–1, RGB distance over
 * its largest), an outline pixel has little for the model to follow. */
#define LOW_CONTRAST 0.06
#define CONTRAST_RADIUS 2
/* Parts and holes under this share of the photo are specks, not subjects. */
#define MIN_PART 0.002
#define MIN_HOLE 0.0005

G_DEFINE_BOXED_TYPE (CutoutReview, cutout_review, cutout_review_copy, cutout_review_free)

CutoutReview *
cutout_review_copy (const CutoutReview *review)
{
  return g_memdup2 (review, sizeof *review);
}

void
cutout_review_free (CutoutReview *review)
{
  g_free (review);
}

/* The mask and photo at the review's size, and the regions each measure
 * points at (in its pixels; an empty box where it has none). */
typedef struct
{
  int w, h;
  gsize n;
  const guint8 *alpha;
  const guint8 *rgba; /* or NULL */
  int *labels;
  gsize *stack;
  CutoutBox regions[CUTOUT_REVIEW_N_REASONS];
} Measure;

typedef struct
{
  gsize area;
  CutoutBox box;
  gboolean border; /* touches the photo's border */
} Part;

static gboolean
inside (const Measure *m, gsize i)
{
  return m->alpha[i] >= 128;
}

/* Whether pixel @i is on the subject's outline: in it, with a 4-neighbour
 * out of it (the photo's border is not the outline). */
static gboolean
on_outline (const Measure *m, int x, int y)
{
  gsize i = (gsize) y * m->w + x;

  if (!inside (m, i))
    return FALSE;
  return (x > 0 && !inside (m, i - 1)) || (x + 1 < m->w && !inside (m, i + 1))
         || (y > 0 && !inside (m, i - m->w)) || (y + 1 < m->h && !inside (m, i + m->w));
}

static void
box_add (CutoutBox *box, int x, int y)
{
  box->x1 = MIN (box->x1, x), box->y1 = MIN (box->y1, y);
  box->x2 = MAX (box->x2, x + 1), box->y2 = MAX (box->y2, y + 1);
}

static CutoutBox
empty_box (void)
{
  return (CutoutBox){ G_MAXINT, G_MAXINT, 0, 0 };
}

static gboolean
box_is_empty (const CutoutBox *box)
{
  return box->x2 <= box->x1 || box->y2 <= box->y1;
}

/* The connected parts of the subject (8-connected) or of the background
 * (4-connected, so that a diagonal gap in an outline does not join a hole
 * to the background), labelled in m->labels from 1. */
static GArray *
label_parts (Measure *m, gboolean subject)
{
  GArray *parts = g_array_new (FALSE, FALSE, sizeof (Part));
  int reach = subject ? 1 : 0;

  memset (m->labels, 0, m->n * sizeof (int));
  for (gsize s = 0; s < m->n; s++)
    {
      Part part = { 0, empty_box (), FALSE };
      gsize top = 0;
      if (m->labels[s] || inside (m, s) != subject)
        continue;
      m->labels[s] = parts->len + 1, m->stack[top++] = s;
      while (top > 0)
        {
          gsize i = m->stack[--top];
          int x = i % m->w, y = i / m->w;
          part.area++;
          box_add (&part.box, x, y);
          part.border |= x == 0 || y == 0 || x == m->w - 1 || y == m->h - 1;
          for (int dy = -1; dy <= 1; dy++)
            for (int dx = -1; dx <= 1; dx++)
              {
                int xx = x + dx, yy = y + dy;
                gsize j = (gsize) yy * m->w + xx;
                if ((dx != 0 && dy != 0 && !reach) || xx < 0 || yy < 0 || xx >= m->w || yy >= m->h
                    || m->labels[j] || inside (m, j) != subject)
                  continue;
                m->labels[j] = parts->len + 1, m->stack[top++] = j;
              }
        }
      g_array_append_val (parts, part);
    }
  return parts;
}

/* The cell of an 8 × 8 grid where most of @flags are set, grown by half a
 * cell on each side; FALSE if none is. */
static gboolean
hot_cell (const Measure *m, const guint8 *flags, CutoutBox *box)
{
  int cell = MAX (1, (MAX (m->w, m->h) + 7) / 8);
  int nx = (m->w + cell - 1) / cell, ny = (m->h + cell - 1) / cell;
  g_autofree guint *counts = g_new0 (guint, (gsize) nx * ny);
  guint best = 0;
  int bx = 0, by = 0;

  for (int y = 0; y < m->h; y++)
    for (int x = 0; x < m->w; x++)
      counts[(y / cell) * nx + x / cell] += flags[(gsize) y * m->w + x];
  for (int k = 0; k < nx * ny; k++)
    if (counts[k] > best)
      best = counts[k], bx = k % nx, by = k / nx;
  if (best == 0)
    return FALSE;
  *box = (CutoutBox){ MAX (0, bx * cell - cell / 2), MAX (0, by * cell - cell / 2),
                      MIN (m->w, (bx + 1) * cell + cell / 2),
                      MIN (m->h, (by + 1) * cell + cell / 2) };
  return TRUE;
}

/* The unsure band's width: pixels between 0.1 and 0.9 per outline pixel. */
static double
measure_unsure (Measure *m, gsize *outline)
{
  g_autofree guint8 *flags = g_new0 (guint8, m->n);
  gsize unsure = 0;

  *outline = 0;
  for (int y = 0; y < m->h; y++)
    for (int x = 0; x < m->w; x++)
      {
        gsize i = (gsize) y * m->w + x;
        flags[i] = m->alpha[i] >= UNSURE_LO && m->alpha[i] <= UNSURE_HI;
        unsure += flags[i];
        *outline += on_outline (m, x, y);
      }
  hot_cell (m, flags, &m->regions[CUTOUT_REVIEW_UNSURE_AREA]);
  return *outline > 0 ? (double) unsure / *outline : 0;
}

/* The share of the subject's outline that is the photo's border: the
 * subject's pixels along the border against those along its own outline. */
static double
measure_edge (Measure *m, gsize outline)
{
  CutoutBox *region = &m->regions[CUTOUT_REVIEW_CUT_BY_EDGE];
  gsize border = 0;

  for (int y = 0; y < m->h; y++)
    for (int x = 0; x < m->w; x++)
      if ((x == 0 || y == 0 || x == m->w - 1 || y == m->h - 1) && inside (m, (gsize) y * m->w + x))
        {
          border++;
          box_add (region, x, y);
        }
  if (border == 0)
    return 0;
  /* The region: the cut and a little of the subject beside it. */
  region->x1 = MAX (0, region->x1 - m->w / 16), region->y1 = MAX (0, region->y1 - m->h / 16);
  region->x2 = MIN (m->w, region->x2 + m->w / 16), region->y2 = MIN (m->h, region->y2 + m->h / 16);
  return (double) border / (border + outline);
}

static int
compare_area (gconstpointer a, gconstpointer b)
{
  const Part *x = a, *y = b;

  return x->area < y->area ? 1 : x->area > y->area ? -1 : 0;
}

/* The second largest part's area against the largest's (specks aside);
 * the subject's area and bounds in @area and @bounds. */
static double
measure_parts (Measure *m, gsize *area, CutoutBox *bounds)
{
  g_autoptr (GArray) parts = label_parts (m, TRUE);
  const Part *first, *second;

  *area = 0;
  *bounds = empty_box ();
  for (guint k = 0; k < parts->len; k++)
    {
      const Part *p = &g_array_index (parts, Part, k);
      *area += p->area;
      if (p->area >= MIN_PART * m->n)
        {
          box_add (bounds, p->box.x1, p->box.y1);
          box_add (bounds, p->box.x2 - 1, p->box.y2 - 1);
        }
    }
  if (parts->len < 2)
    return 0;
  g_array_sort (parts, compare_area);
  first = &g_array_index (parts, Part, 0);
  second = &g_array_index (parts, Part, 1);
  if (second->area < MIN_PART * m->n)
    return 0;
  m->regions[CUTOUT_REVIEW_SEVERAL_SUBJECTS] = second->box;
  return (double) second->area / first->area;
}

/* The background the subject encloses (holes of more than a speck), as a
 * share of the subject's @area. */
static double
measure_holes (Measure *m, gsize area)
{
  g_autoptr (GArray) parts = label_parts (m, FALSE);
  gsize holes = 0, largest = 0;

  for (guint k = 0; k < parts->len; k++)
    {
      const Part *p = &g_array_index (parts, Part, k);
      if (p->border || p->area < MIN_HOLE * m->n)
        continue;
      holes += p->area;
      if (p->area > largest)
        largest = p->area, m->regions[CUTOUT_REVIEW_HOLES] = p->box;
    }
  return area > 0 ? (double) holes / area : 0;
}

/* The colour change across the outline at (@x, @y): the distance between
 * the mean colours of the subject's and the background's pixels around it,
 * 0–1. */
static double
contrast_at (const Measure *m, int x, int y)
{
  double sum[2][3] = { { 0 } };
  int count[2] = { 0, 0 };
  double d2 = 0;

  for (int yy = MAX (0, y - CONTRAST_RADIUS); yy <= MIN (m->h - 1, y + CONTRAST_RADIUS); yy++)
    for (int xx = MAX (0, x - CONTRAST_RADIUS); xx <= MIN (m->w - 1, x + CONTRAST_RADIUS); xx++)
      {
        gsize i = (gsize) yy * m->w + xx;
        int side = inside (m, i);
        for (int c = 0; c < 3; c++)
          sum[side][c] += m->rgba[i * 4 + c];
        count[side]++;
      }
  if (count[0] == 0 || count[1] == 0)
    return 1;
  for (int c = 0; c < 3; c++)
    {
      double d = sum[1][c] / count[1] - sum[0][c] / count[0];
      d2 += d * d;
    }
  return sqrt (d2 / 3) / 255;
}

/* The share of the outline where the colours barely change. */
static double
measure_contrast (Measure *m, gsize outline)
{
  g_autofree guint8 *flags = NULL;
  gsize low = 0;

  if (m->rgba == NULL)
    return -1;
  if (outline == 0)
    return 0;
  flags = g_new0 (guint8, m->n);
  for (int y = 0; y < m->h; y++)
    for (int x = 0; x < m->w; x++)
      if (on_outline (m, x, y) && contrast_at (m, x, y) < LOW_CONTRAST)
        {
          flags[(gsize) y * m->w + x] = 1;
          low++;
        }
  hot_cell (m, flags, &m->regions[CUTOUT_REVIEW_LOW_CONTRAST]);
  return (double) low / outline;
}

static void
measure (Measure *m, CutoutReviewMeasures *out)
{
  gsize outline, area;
  CutoutBox bounds;

  for (int k = 0; k < CUTOUT_REVIEW_N_REASONS; k++)
    m->regions[k] = empty_box ();
  out->unsure_width = measure_unsure (m, &outline);
  out->edge_share = measure_edge (m, outline);
  out->second_part = measure_parts (m, &area, &bounds);
  out->area = (double) area / m->n;
  out->holes = measure_holes (m, area);
  out->low_contrast = measure_contrast (m, outline);
  m->regions[CUTOUT_REVIEW_SMALL_SUBJECT] = bounds;
}

/* The most doubtful region in the review's pixels: that of the most severe
 * reason which has one, else the unsure band's, else the subject's. */
static CutoutBox
doubtful_region (const CutoutReview *review, const Measure *m)
{
  for (guint k = 0; k < review->n_reasons; k++)
    if (!box_is_empty (&m->regions[review->reasons[k]]))
      return m->regions[review->reasons[k]];
  if (!box_is_empty (&m->regions[CUTOUT_REVIEW_UNSURE_AREA]))
    return m->regions[CUTOUT_REVIEW_UNSURE_AREA];
  if (!box_is_empty (&m->regions[CUTOUT_REVIEW_SMALL_SUBJECT]))
    return m->regions[CUTOUT_REVIEW_SMALL_SUBJECT];
  return (CutoutBox){ 0, 0, m->w, m->h };
}

static CutoutBox
scale_box (const CutoutBox *box, int from_w, int from_h, int to_w, int to_h)
{
  CutoutBox out = {
    (int) floor ((double) box->x1 * to_w / from_w),
    (int) floor ((double) box->y1 * to_h / from_h),
    (int) ceil ((double) box->x2 * to_w / from_w),
    (int) ceil ((double) box->y2 * to_h / from_h),
  };

  cutout_box_clip (&out, to_w, to_h);
  return out;
}

/* The review of a finished @mask (1 channel, at the photo's size), with
 * @photo (RGBA at any size, or NULL: no contrast measured) and what the
 * model's runs said (@stats, or NULL); @boxed if it was cut out within
 * boxes (its subject is then not small for want of one). */
CutoutReview *
cutout_review_compute (const CutoutImage *mask,
                       const CutoutImage *photo,
                       const CutoutInferStats *stats,
                       gboolean boxed)
{
  g_autoptr (CutoutImage) small = NULL, colours = NULL;
  g_autofree int *labels = NULL;
  g_autofree gsize *stack = NULL;
  CutoutReview *review;
  Measure m = { 0 };

  g_return_val_if_fail (mask != NULL && mask->n_channels == 1, NULL);
  g_return_val_if_fail (photo == NULL || photo->n_channels == 4, NULL);

  small = cutout_resample_to_fit (mask, CUTOUT_REVIEW_SIZE);
  if (photo != NULL)
    colours = cutout_resample_image (photo, small->width, small->height);
  m.w = small->width, m.h = small->height, m.n = (gsize) m.w * m.h;
  m.alpha = small->pixels;
  m.rgba = colours != NULL ? colours->pixels : NULL;
  m.labels = labels = g_new (int, m.n);
  m.stack = stack = g_new (gsize, m.n);

  review = g_new0 (CutoutReview, 1);
  measure (&m, &review->measures);
  review->measures.uncertainty = stats != NULL ? stats->uncertainty : -1;
  review->measures.disagreement = stats != NULL ? stats->disagreement : -1;
  review->measures.boxed = boxed;
  cutout_review_judge (review);
  {
    CutoutBox region = doubtful_region (review, &m);
    review->region = scale_box (&region, m.w, m.h, mask->width, mask->height);
  }
  return review;
}

/* Judging ------------------------------------------------------------------------- */

/* Each measure's severity rises from 0 at @lo to 1 at @hi (falls, where
 * @hi < @lo), and counts in the score with @weight: the problems that
 * cutouts on the test sets which went wrong had weigh most; separate parts,
 * holes, a cut at the border and low contrast are as often right (a
 * bicycle's holes, two people, a portrait cut at the waist) and only add
 * to the others. Chosen on the test sets (docs/QUALITY.md). */
typedef struct
{
  double lo, hi, weight;
} Ramp;

static const Ramp ramps[CUTOUT_REVIEW_N_REASONS] = {
  [CUTOUT_REVIEW_UNSURE_AREA] = { 5, 12, 1 },
  [CUTOUT_REVIEW_CUT_BY_EDGE] = { 0.3, 0.6, 0.35 },
  [CUTOUT_REVIEW_SEVERAL_SUBJECTS] = { 0.1, 0.5, 0.35 },
  [CUTOUT_REVIEW_SMALL_SUBJECT] = { 0.1, 0.05, 1 },
  [CUTOUT_REVIEW_HOLES] = { 0.02, 0.15, 0.35 },
  [CUTOUT_REVIEW_LOW_CONTRAST] = { 0.25, 0.5, 0.5 },
  [CUTOUT_REVIEW_DISAGREES] = { 0.2, 0.6, 1 },
  [CUTOUT_REVIEW_NO_SUBJECT] = { 0.002, 0.0005, 1 },
};

/* The model's own uncertainty (of its first run, before calibration hides
 * it) is an unsure area too, over the whole photo: from here … */
#define UNCERTAINTY_LO 0.02
/* … to here. */
#define UNCERTAINTY_HI 0.045

static double
ramp_between (double value, double lo, double hi)
{
  if (value < 0)
    return 0; /* not measured */
  return CLAMP ((value - lo) / (hi - lo), 0, 1);
}

/* How clearly @reason's problem is there, 0–1, before its weight. */
static double
presence (const CutoutReviewMeasures *m, CutoutReviewReason reason)
{
  const Ramp *r = &ramps[reason];

  switch (reason)
    {
      case CUTOUT_REVIEW_UNSURE_AREA:
        return MAX (ramp_between (m->unsure_width, r->lo, r->hi),
                    ramp_between (m->uncertainty, UNCERTAINTY_LO, UNCERTAINTY_HI));
      case CUTOUT_REVIEW_CUT_BY_EDGE:
        return ramp_between (m->edge_share, r->lo, r->hi);
      case CUTOUT_REVIEW_SEVERAL_SUBJECTS:
        return ramp_between (m->second_part, r->lo, r->hi);
      case CUTOUT_REVIEW_SMALL_SUBJECT:
        /* A subject boxed is already seen at full size; none is not small. */
        if (m->boxed || m->area < ramps[CUTOUT_REVIEW_NO_SUBJECT].lo)
          return 0;
        return ramp_between (m->area, r->lo, r->hi);
      case CUTOUT_REVIEW_HOLES:
        return ramp_between (m->holes, r->lo, r->hi);
      case CUTOUT_REVIEW_LOW_CONTRAST:
        return ramp_between (m->low_contrast, r->lo, r->hi);
      case CUTOUT_REVIEW_DISAGREES:
        return ramp_between (m->disagreement, r->lo, r->hi);
      case CUTOUT_REVIEW_NO_SUBJECT:
        return ramp_between (m->area, r->lo, r->hi);
      default:
        g_assert_not_reached ();
    }
}

/* Puts @reason among @review's reasons, by severity, most severe first. */
static void
add_reason (CutoutReview *review, CutoutReviewReason reason)
{
  guint at = review->n_reasons++;

  while (at > 0 && review->severity[review->reasons[at - 1]] < review->severity[reason])
    {
      review->reasons[at] = review->reasons[at - 1];
      at--;
    }
  review->reasons[at] = reason;
}

/* The score, the flag and the reasons from @review's measures. The
 * reasons are the problems clearly there (presence at least one half),
 * flagged or not; a flagged cutout has at least its most severe one. */
void
cutout_review_judge (CutoutReview *review)
{
  double keep = 1, top = 0;
  int most = -1;

  g_return_if_fail (review != NULL);

  review->n_reasons = 0;
  for (int k = 0; k < CUTOUT_REVIEW_N_REASONS; k++)
    {
      double p = presence (&review->measures, k);
      review->severity[k] = p * ramps[k].weight;
      keep *= 1 - review->severity[k];
      if (p >= 0.5)
        add_reason (review, k);
      if (review->severity[k] > top)
        top = review->severity[k], most = k;
    }
  review->score = 1 - keep;
  review->needs_review = review->score >= CUTOUT_REVIEW_THRESHOLD;
  if (review->needs_review && review->n_reasons == 0 && most >= 0)
    add_reason (review, most);
}

/* What @reason means, in words for the user. */
const char *
cutout_review_reason_to_string (CutoutReviewReason reason)
{
  switch (reason)
    {
      case CUTOUT_REVIEW_UNSURE_AREA:
        return _ ("large unsure area");
      case CUTOUT_REVIEW_CUT_BY_EDGE:
        return _ ("subject cut by the photo’s edge");
      case CUTOUT_REVIEW_SEVERAL_SUBJECTS:
        return _ ("several separate subjects");
      case CUTOUT_REVIEW_SMALL_SUBJECT:
        /* Translators: a box drawn around the subject, so the model sees it larger */
        return _ ("small subject: a box around it may help");
      case CUTOUT_REVIEW_HOLES:
        return _ ("holes inside the subject");
      case CUTOUT_REVIEW_LOW_CONTRAST:
        return _ ("low contrast with the background");
      case CUTOUT_REVIEW_DISAGREES:
        return _ ("model disagrees with itself");
      case CUTOUT_REVIEW_NO_SUBJECT:
        return _ ("no subject found");
      default:
        g_return_val_if_reached (NULL);
    }
}

/* @reason's name for programs (CUTOUT_TYPE_REVIEW_REASON's nick): "unsure-area". */
const char *
cutout_review_reason_to_nick (CutoutReviewReason reason)
{
  GEnumClass *klass = g_type_class_ref (CUTOUT_TYPE_REVIEW_REASON);
  GEnumValue *value = g_enum_get_value (klass, reason);

  g_type_class_unref (klass);
  g_return_val_if_fail (value != NULL, NULL);
  return value->value_nick;
}

/* @review's reasons in words, joined by @separator. */
char *
cutout_review_describe (const CutoutReview *review, const char *separator)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_auto (GStrv) words = NULL;

  for (guint k = 0; k < review->n_reasons; k++)
    g_strv_builder_add (builder, cutout_review_reason_to_string (review->reasons[k]));
  words = g_strv_builder_end (builder);
  return g_strjoinv (separator, words);
}
