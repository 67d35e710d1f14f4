/* cutout-review.h: which finished cutouts a person should look at
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cutout-box.h"
#include "cutout-engine.h"
#include "cutout-image.h"

G_BEGIN_DECLS

/* Why a cutout may need a look, most telling first in a review. */
typedef enum
{
  CUTOUT_REVIEW_UNSURE_AREA,      /* much of the mask neither in nor out */
  CUTOUT_REVIEW_CUT_BY_EDGE,      /* the subject runs off the photo */
  CUTOUT_REVIEW_SEVERAL_SUBJECTS, /* separate parts of similar size */
  CUTOUT_REVIEW_SMALL_SUBJECT,    /* a box around it would help the model */
  CUTOUT_REVIEW_HOLES,            /* background enclosed by the subject */
  CUTOUT_REVIEW_LOW_CONTRAST,     /* the outline where the colours barely change */
  CUTOUT_REVIEW_DISAGREES,        /* the second look differed from the first */
  CUTOUT_REVIEW_NO_SUBJECT,       /* next to nothing was kept */
} CutoutReviewReason;

#define CUTOUT_REVIEW_N_REASONS (CUTOUT_REVIEW_NO_SUBJECT + 1)

/* The side of the mask the measures are taken on: the mask is shrunk to
 * it, so that a review costs the same for any photo. */
#define CUTOUT_REVIEW_SIZE 512

/* From this score a cutout is flagged (chosen on the test sets:
 * docs/QUALITY.md). */
#define CUTOUT_REVIEW_THRESHOLD 0.5

/* What a review measures, at CUTOUT_REVIEW_SIZE; the mask's subject is
 * what is at one half or more. */
typedef struct
{
  double area;         /* the subject's share of the photo */
  double unsure_width; /* pixels between 0.1 and 0.9 per pixel of the outline */
  double edge_share;   /* the share of the subject's outline that is the photo's border */
  double second_part;  /* the second largest separate part's area / the largest's */
  double holes;        /* enclosed background, as a share of the subject's area */
  double low_contrast; /* the share of the outline with little change of colour; -1: no photo */
  double uncertainty;  /* the model's (CutoutInferStats), -1 if not known */
  double disagreement; /* the second look's, -1 without one */
  gboolean boxed;      /* cut out within boxes */
} CutoutReviewMeasures;

typedef struct
{
  double score;          /* 0: nothing to check … 1 */
  gboolean needs_review; /* score at least CUTOUT_REVIEW_THRESHOLD */
  guint n_reasons;
  CutoutReviewReason reasons[CUTOUT_REVIEW_N_REASONS]; /* most severe first */
  double severity[CUTOUT_REVIEW_N_REASONS];            /* each reason's weighted, 0–1 */
  CutoutBox region; /* the most doubtful region, in the photo's pixels */
  CutoutReviewMeasures measures;
} CutoutReview;

#define CUTOUT_TYPE_REVIEW (cutout_review_get_type ())

GType cutout_review_get_type (void) G_GNUC_CONST;
CutoutReview *cutout_review_copy (const CutoutReview *review);
void cutout_review_free (CutoutReview *review);

CutoutReview *cutout_review_compute (const CutoutImage *mask,
                                     const CutoutImage *photo,
                                     const CutoutInferStats *stats,
                                     gboolean boxed);
void cutout_review_judge (CutoutReview *review);
const char *cutout_review_reason_to_string (CutoutReviewReason reason);
const char *cutout_review_reason_to_nick (CutoutReviewReason reason);
char *cutout_review_describe (const CutoutReview *review, const char *separator);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CutoutReview, cutout_review_free)

G_END_DECLS
