/* cutout-product.c: product photos, framed as online shops want them
 *
 * A shop's listing photo is a fixed frame (Amazon's 2000 × 2000, Taobao's
 * 800 × 800…) on a plain backdrop, the product filling a set share of it.
 * The subject's bounds come from its mask, leaving out stray specks the
 * model left elsewhere in the photo; the subject is cut out of the photo
 * as every cutout is (cutout-compose.c), scaled so that it fills the share
 * (premultiplied, so no old background bleeds into its edge), placed
 * centred or standing on a floor line, laid on the backdrop, optionally
 * with a soft contact shadow under it (cutout-product-export.c writes it).
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "cutout-compose.h"
#include "cutout-product.h"
#include "cutout-resample.h"

#define DEFAULT_SHARE 0.85
#define DEFAULT_STRENGTH 0.35
#define DEFAULT_SOFTNESS 0.5
/* A pixel belongs to the subject's outline from this alpha on. */
#define SUBJECT_LEVEL 64
/* A part of the mask, apart from the rest, with less than this share of
 * its alpha, is a speck: unless it lies near the larger parts. */
#define SPECK_SHARE 0.01
/* Near: within this share of the subject's longer side of its bounds. */
#define NEAR_SHARE 0.02

/* Presets ------------------------------------------------------------------------- */

static void
preset_init (CutoutProductPreset *p, int width, int height)
{
  *p = (CutoutProductPreset){
    .width = width,
    .height = height,
    .align = CUTOUT_PRODUCT_ALIGN_CENTER,
    .backdrop = { 255, 255, 255 },
    .format = CUTOUT_FORMAT_JPEG,
    .quality = CUTOUT_DEFAULT_QUALITY,
    .shadow = CUTOUT_PRODUCT_SHADOW_NONE,
    .shadow_strength = DEFAULT_STRENGTH,
    .shadow_softness = DEFAULT_SOFTNESS,
  };
  cutout_product_preset_set_margin (p, (1 - DEFAULT_SHARE) / 2);
}

/* The room left on each side, 0 to just under a half: the subject's share
 * is what is left between, 1 − 2 × @margin. */
void
cutout_product_preset_set_margin (CutoutProductPreset *preset, double margin)
{
  g_return_if_fail (margin >= 0 && margin < 0.5);

  preset->margin = margin;
  preset->share = 1 - 2 * margin;
}

/* A whole number from 1 to CUTOUT_PRODUCT_MAX_SIZE, all of @text. */
static gboolean
parse_side (const char *text, int *side)
{
  guint64 n;

  if (!g_ascii_string_to_unsigned (text, 10, 1, CUTOUT_PRODUCT_MAX_SIZE, &n, NULL))
    return FALSE;
  *side = (int) n;
  return TRUE;
}

/* "WxH", both sides whole numbers. */
static gboolean
parse_size (const char *text, int *width, int *height)
{
  g_auto (GStrv) parts = g_strsplit_set (text, "xX", -1);

  return g_strv_length (parts) == 2 && parse_side (parts[0], width)
         && parse_side (parts[1], height);
}

/* A shop's preset (amazon, taobao, tmall, jd, shopify), a square of N
 * pixels ("square:N") or a size ("WxH" or "custom:WxH"), into @out with the
 * defaults: the subject 85 % of the frame, centred, on white, as JPEG. */
gboolean
cutout_product_preset_parse (const char *text, CutoutProductPreset *out, GError **error)
{
  static const struct
  {
    const char *name;
    int size;
  } shops[] = {
    { "amazon", 2000 }, { "taobao", 800 }, { "tmall", 800 }, { "jd", 800 }, { "shopify", 2048 },
  };
  int w, h;

  g_return_val_if_fail (text != NULL && out != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (shops); i++)
    if (g_ascii_strcasecmp (text, shops[i].name) == 0)
      {
        preset_init (out, shops[i].size, shops[i].size);
        return TRUE;
      }
  if (g_ascii_strncasecmp (text, "square:", 7) == 0 && parse_side (text + 7, &w))
    {
      preset_init (out, w, w);
      return TRUE;
    }
  if (g_ascii_strncasecmp (text, "custom:", 7) == 0)
    text += 7;
  if (parse_size (text, &w, &h))
    {
      preset_init (out, w, h);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               /* Translators: do not translate the names before "or"; N, W and H are numbers. */
               _ ("“%s” is not a product preset: use amazon, taobao, tmall, jd, shopify, square:N "
                  "or WxH (for example 1200x1500), sizes up to %d pixels"),
               text, CUTOUT_PRODUCT_MAX_SIZE);
  return FALSE;
}

/* "none", "contact" or "keep". */
gboolean
cutout_product_shadow_parse (const char *text, CutoutProductShadow *shadow)
{
  if (g_ascii_strcasecmp (text, "none") == 0)
    *shadow = CUTOUT_PRODUCT_SHADOW_NONE;
  else if (g_ascii_strcasecmp (text, "contact") == 0)
    *shadow = CUTOUT_PRODUCT_SHADOW_CONTACT;
  else if (g_ascii_strcasecmp (text, "keep") == 0)
    *shadow = CUTOUT_PRODUCT_SHADOW_KEEP;
  else
    return FALSE;
  return TRUE;
}

/* "center" (or "centre") or "floor". */
gboolean
cutout_product_align_parse (const char *text, CutoutProductAlign *align)
{
  if (g_ascii_strcasecmp (text, "center") == 0 || g_ascii_strcasecmp (text, "centre") == 0)
    *align = CUTOUT_PRODUCT_ALIGN_CENTER;
  else if (g_ascii_strcasecmp (text, "floor") == 0)
    *align = CUTOUT_PRODUCT_ALIGN_FLOOR;
  else
    return FALSE;
  return TRUE;
}

/* The subject's bounds ------------------------------------------------------------- */

/* A run of one row's subject pixels, [x1, x2), and the connected part it
 * belongs to (union-find over runs: a mask of 24 MP has far fewer runs than
 * pixels, so no label image is needed). */
typedef struct
{
  int y, x1, x2;
  guint parent;
  guint64 mass; /* its alpha */
} Run;

static guint
find_root (GArray *runs, guint i)
{
  while (g_array_index (runs, Run, i).parent != i)
    {
      Run *r = &g_array_index (runs, Run, i);
      r->parent = g_array_index (runs, Run, r->parent).parent; /* path halving */
      i = r->parent;
    }
  return i;
}

static void
join (GArray *runs, guint a, guint b)
{
  a = find_root (runs, a), b = find_root (runs, b);
  if (a != b)
    g_array_index (runs, Run, MAX (a, b)).parent = MIN (a, b);
}

/* The runs of @mask at SUBJECT_LEVEL and over, joined where they touch
 * (diagonally too). */
static GArray *
find_runs (const CutoutImage *mask)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint prev_start = 0, prev_end = 0;

  for (int y = 0; y < mask->height; y++)
    {
      const guint8 *row = cutout_image_row (mask, y);
      guint start = runs->len, p = prev_start;
      for (int x = 0; x < mask->width;)
        {
          Run r = { y, x, x, runs->len, 0 };
          if (row[x] < SUBJECT_LEVEL)
            {
              x++;
              continue;
            }
          for (; x < mask->width && row[x] >= SUBJECT_LEVEL; x++)
            r.mass += row[x];
          r.x2 = x;
          g_array_append_val (runs, r);
          /* The runs above that touch it, in order along the row. */
          while (p < prev_end && g_array_index (runs, Run, p).x2 < r.x1)
            p++;
          for (guint q = p; q < prev_end && g_array_index (runs, Run, q).x1 <= r.x2; q++)
            join (runs, q, runs->len - 1);
        }
      prev_start = start, prev_end = runs->len;
    }
  return runs;
}

typedef struct
{
  guint64 mass;
  CutoutBox box;
} Part;

static gboolean
near_box (const CutoutBox *a, const CutoutBox *b, int distance)
{
  return a->x1 <= b->x2 + distance && b->x1 <= a->x2 + distance && a->y1 <= b->y2 + distance
         && b->y1 <= a->y2 + distance;
}

static void
box_union (CutoutBox *into, const CutoutBox *box)
{
  into->x1 = MIN (into->x1, box->x1), into->y1 = MIN (into->y1, box->y1);
  into->x2 = MAX (into->x2, box->x2), into->y2 = MAX (into->y2, box->y2);
}

/* The bounds of the subject of @mask (edges on pixel edges, as CutoutBox
 * has them): its connected parts at an alpha of SUBJECT_LEVEL and over,
 * leaving out specks (parts with less than SPECK_SHARE of the alpha that
 * lie away from the rest), which the model leaves here and there and which
 * would otherwise shrink the product to make room for them.  FALSE if
 * there is no subject at all. */
gboolean
cutout_product_subject_bounds (const CutoutImage *mask, CutoutBox *bounds)
{
  g_autoptr (GArray) runs = NULL;
  g_autoptr (GHashTable) by_root = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  guint64 total = 0;
  CutoutBox kept = { G_MAXINT, G_MAXINT, G_MININT, G_MININT };
  gboolean grown = TRUE;
  int longer;

  g_return_val_if_fail (mask != NULL && mask->n_channels == 1, FALSE);

  runs = find_runs (mask);
  for (guint i = 0; i < runs->len; i++)
    {
      const Run *r = &g_array_index (runs, Run, i);
      gpointer root = GUINT_TO_POINTER (find_root (runs, i) + 1);
      Part *part = g_hash_table_lookup (by_root, root);
      CutoutBox box = { r->x1, r->y, r->x2, r->y + 1 };
      if (part == NULL)
        {
          part = g_new0 (Part, 1);
          part->box = box;
          g_hash_table_insert (by_root, root, part);
          g_ptr_array_add (parts, part);
        }
      box_union (&part->box, &box);
      part->mass += r->mass;
      total += r->mass;
    }
  if (total == 0)
    return FALSE;
  g_hash_table_iter_init (&iter, by_root);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Part *) value)->mass >= SPECK_SHARE * total)
      box_union (&kept, &((Part *) value)->box);
  /* Small parts near the larger ones (a handle, a label, a drop of a
   * necklace) are the product's: taken in until no more are near. */
  while (grown)
    {
      grown = FALSE;
      longer = MAX (kept.x2 - kept.x1, kept.y2 - kept.y1);
      for (guint i = 0; i < parts->len; i++)
        {
          Part *part = g_ptr_array_index (parts, i);
          CutoutBox before = kept;
          if (part->mass < SPECK_SHARE * total
              && near_box (&part->box, &kept, MAX (4, (int) (NEAR_SHARE * longer))))
            {
              box_union (&kept, &part->box);
              part->mass = G_MAXUINT64; /* taken */
              grown = grown || !cutout_box_equal (&before, &kept);
            }
        }
    }
  *bounds = kept;
  return TRUE;
}

/* Rendering --------------------------------------------------------------------------- */

/* Where the subject goes: the part of the photo cut (@crop, its bounds
 * and a few pixels around for its soft edge), the size it is scaled to and
 * where that lands in the frame. */
typedef struct
{
  CutoutBox bounds, crop;
  int out_w, out_h; /* @crop scaled */
  int x, y;         /* where the scaled crop's corner goes in the frame */
  double scale;
  CutoutBox placed; /* the bounds, in the frame */
} Layout;

static Layout
lay_out (const CutoutImage *mask, const CutoutBox *b, const CutoutProductPreset *preset)
{
  int W = preset->width, H = preset->height, bw = b->x2 - b->x1, bh = b->y2 - b->y1;
  Layout l = { .bounds = *b };
  double sx, sy, w, h, left, top;
  int pad;

  /* The longer side (in the frame's proportions) takes the share. */
  l.scale = MIN (preset->share * W / bw, preset->share * H / bh);
  /* Pixels the model left soft around the bounds: two of the frame's, at
   * least one of the photo's. */
  pad = MAX (1, (int) ceil (2 / l.scale));
  l.crop = (CutoutBox){ MAX (0, b->x1 - pad), MAX (0, b->y1 - pad), MIN (mask->width, b->x2 + pad),
                        MIN (mask->height, b->y2 + pad) };
  l.out_w = MAX (1, (int) lround ((l.crop.x2 - l.crop.x1) * l.scale));
  l.out_h = MAX (1, (int) lround ((l.crop.y2 - l.crop.y1) * l.scale));
  /* The resampler's own scale, which rounding made a little different. */
  sx = (double) l.out_w / (l.crop.x2 - l.crop.x1);
  sy = (double) l.out_h / (l.crop.y2 - l.crop.y1);
  w = bw * sx, h = bh * sy;
  left = (W - w) / 2;
  top = preset->align == CUTOUT_PRODUCT_ALIGN_FLOOR ? H * (1 - preset->margin) - h : (H - h) / 2;
  l.x = (int) lround (left - (b->x1 - l.crop.x1) * sx);
  l.y = (int) lround (top - (b->y1 - l.crop.y1) * sy);
  l.placed = (CutoutBox){ l.x + (int) lround ((b->x1 - l.crop.x1) * sx),
                          l.y + (int) lround ((b->y1 - l.crop.y1) * sy),
                          l.x + (int) lround ((b->x2 - l.crop.x1) * sx),
                          l.y + (int) lround ((b->y2 - l.crop.y1) * sy) };
  return l;
}

/* The mask's soft edge outside the bounds fades out towards the crop's
 * side, so that a faint rim cut by the crop does not end in a step. */
static void
fade_outside (CutoutImage *crop_mask, const Layout *l)
{
  int pad_l = l->bounds.x1 - l->crop.x1, pad_t = l->bounds.y1 - l->crop.y1;
  int pad_r = l->crop.x2 - l->bounds.x2, pad_b = l->crop.y2 - l->bounds.y2;

  for (int y = 0; y < crop_mask->height; y++)
    {
      guint8 *row = cutout_image_row (crop_mask, y);
      double fy = y < pad_t                        ? (y + 0.5) / (pad_t + 0.5)
                  : y >= crop_mask->height - pad_b ? (crop_mask->height - y - 0.5) / (pad_b + 0.5)
                                                   : 1;
      for (int x = 0; x < crop_mask->width; x++)
        {
          double fx = x < pad_l                       ? (x + 0.5) / (pad_l + 0.5)
                      : x >= crop_mask->width - pad_r ? (crop_mask->width - x - 0.5) / (pad_r + 0.5)
                                                      : 1;
          double f = MIN (fx, fy);
          if (f < 1)
            row[x] = (guint8) (row[x] * f + 0.5);
        }
    }
}

/* The subject, its colours as every cutout's (with Clean colours if asked),
 * premultiplied and scaled as @l says. */
static CutoutImage *
scaled_subject (const CutoutImage *photo,
                const CutoutImage *mask,
                const Layout *l,
                gboolean clean_colours)
{
  int cw = l->crop.x2 - l->crop.x1, ch = l->crop.y2 - l->crop.y1;
  g_autoptr (CutoutImage) crop = cutout_image_crop (photo, l->crop.x1, l->crop.y1, cw, ch);
  g_autoptr (CutoutImage) crop_mask = cutout_image_crop (mask, l->crop.x1, l->crop.y1, cw, ch);
  g_autoptr (CutoutImage) clean = NULL;
  g_autoptr (CutoutImage) colours = NULL;

  /* The colours are judged by the mask as it is; the fade only changes
   * how much of them shows. */
  const CutoutImage *own = cutout_compose_colours (crop, crop_mask, clean_colours, &clean);
  fade_outside (crop_mask, l);
  colours = cutout_compose_alpha (own, crop_mask);
  for (int y = 0; y < ch; y++)
    cutout_compose_premultiply_row (cutout_image_row (colours, y), NULL, cw);
  return cutout_resample_image (colours, l->out_w, l->out_h);
}

/* @layer pasted into @frame (both premultiplied) at @x, @y, cut at the
 * frame's sides. */
static void
paste (CutoutImage *frame, const CutoutImage *layer, int x, int y)
{
  int x1 = MAX (0, x), x2 = MIN (frame->width, x + layer->width);

  if (x2 <= x1)
    return;
  for (int row = MAX (0, y); row < MIN (frame->height, y + layer->height); row++)
    memcpy (cutout_image_row (frame, row) + (gsize) x1 * 4,
            cutout_image_row (layer, row - y) + (gsize) (x1 - x) * 4, (gsize) (x2 - x1) * 4);
}

/* A box blur of @n values of @in, @radius each side, into @out. */
static void
box_blur (const float *in, float *out, int n, int radius)
{
  double sum = 0;

  for (int i = -radius; i <= radius; i++)
    sum += in[CLAMP (i, 0, n - 1)] * (i >= 0 && i < n);
  for (int i = 0; i < n; i++)
    {
      out[i] = (float) (sum / (2 * radius + 1));
      if (i - radius >= 0)
        sum -= in[i - radius];
      if (i + radius + 1 < n)
        sum += in[i + radius + 1];
    }
}

/* The contact shadow, laid under the subject in @frame (premultiplied):
 * the subject's footprint (the alpha of its bottom rows, column by column)
 * squashed into a thin band along its bottom and blurred sideways, fading
 * out below.  It is black at some alpha under the subject, so it can only
 * darken what is under it, and it never reaches above the subject's
 * lowest few rows. */
static void
add_contact_shadow (CutoutImage *frame, const CutoutBox *p, const CutoutProductPreset *preset)
{
  int W = frame->width, H = frame->height, sw = p->x2 - p->x1, sh = p->y2 - p->y1;
  int longer = MAX (sw, sh), band = MAX (1, (int) lround (0.04 * sh));
  int radius = MAX (1, (int) lround (preset->shadow_softness * 0.06 * longer));
  int depth = MAX (2, (int) lround ((0.01 + preset->shadow_softness * 0.04) * longer));
  g_autofree float *foot = g_new0 (float, W);
  g_autofree float *blurred = g_new0 (float, W);

  for (int y = MAX (0, p->y2 - band); y < MIN (H, p->y2); y++)
    {
      const guint8 *row = cutout_image_row (frame, y);
      for (int x = 0; x < W; x++)
        foot[x] = MAX (foot[x], row[x * 4 + 3] / 255.0f);
    }
  /* Twice a box is near enough a Gaussian. */
  box_blur (foot, blurred, W, radius);
  box_blur (blurred, foot, W, radius);
  for (int y = MAX (0, p->y2 - band); y < MIN (H, p->y2 + depth); y++)
    {
      guint8 *row = cutout_image_row (frame, y);
      double fall = y < p->y2 ? 1 : 1 - (y - p->y2 + 0.5) / depth;
      double g = CLAMP (preset->shadow_strength, 0, 1) * fall * fall;
      /* Light from one side throws the shadow along the floor to the
       * other: the further below the subject, the further aside. */
      int shift = (int) lround (CLAMP (preset->shadow_direction, -1, 1) * (1 - fall) * 2 * radius);
      for (int x = 0; x < W; x++)
        {
          int from = CLAMP (x - shift, 0, W - 1);
          guint d = (guint) (g * foot[from] * 255 + 0.5), a = row[x * 4 + 3];
          /* The subject over black at alpha d: the colours stay. */
          row[x * 4 + 3] = (guint8) (a + (d * (255 - a) + 127) / 255);
        }
    }
}

static double
luminance (const guint8 *p)
{
  return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
}

/* Differences in brightness under this share of the floor's are noise or
 * the floor's own unevenness, not a shadow. */
#define KEEP_NOISE 0.04
/* A floor whose neighbouring pixels differ by more than this share of its
 * brightness, on average, is a textured surface (grass, a rug, a street),
 * not a studio floor: its dark parts are texture, not the subject's shadow,
 * and nothing is kept. */
#define KEEP_MAX_DETAIL 0.035

/* The floor around the subject's bottom (@r, but for the subject): its
 * lit brightness (the 80th percentile of its luminance) and how textured it
 * is (the mean difference between neighbours, of that brightness). FALSE
 * if there is too little floor to tell. */
static gboolean
measure_floor (const CutoutImage *photo,
               const CutoutImage *mask,
               const CutoutBox *r,
               double *lit,
               double *detail)
{
  guint64 histogram[256] = { 0 }, n = 0, seen = 0;
  double steps = 0;

  for (int y = r->y1; y < r->y2; y++)
    {
      const guint8 *p = cutout_image_row (photo, y), *m = cutout_image_row (mask, y);
      for (int x = r->x1; x + 1 < r->x2; x++)
        if (m[x] == 0 && m[x + 1] == 0)
          {
            double l = luminance (p + x * 4);
            histogram[(int) l]++, n++;
            steps += fabs (luminance (p + (x + 1) * 4) - l);
          }
    }
  if (n < 64)
    return FALSE;
  for (int i = 0; i < 256; i++)
    if ((seen += histogram[i]) * 5 >= n * 4)
      {
        *lit = i + 0.5;
        break;
      }
  *detail = steps / n / *lit;
  return TRUE;
}

/* 0 at the edge of a range, rising smoothly to 1 at @ramp inside it. */
static double
fade_in (double distance, double ramp)
{
  double t = ramp > 0 ? CLAMP (distance / ramp, 0, 1) : 1;
  return t * t * (3 - 2 * t);
}

/* How much darker than the lit floor @r of the photo is, where the mask
 * leaves it out: smoothed (a shadow is soft; what is left of texture is
 * not kept sharp) and fading out towards the sides and the bottom of @r,
 * so that no edge of it shows. */
static CutoutImage *
shadow_map (
    const CutoutImage *photo, const CutoutImage *mask, const CutoutBox *r, int bottom, double lit)
{
  int w = r->x2 - r->x1, h = r->y2 - r->y1, radius = MAX (1, w / 60);
  g_autoptr (CutoutImage) dark = cutout_image_new (w, h, 1);
  g_autofree float *shade = g_new0 (float, (gsize) w *h);
  g_autofree float *line = g_new (float, MAX (w, h));
  g_autofree float *out = g_new (float, MAX (w, h));

  for (int y = 0; y < h; y++)
    {
      const guint8 *p = cutout_image_row (photo, r->y1 + y),
                   *m = cutout_image_row (mask, r->y1 + y);
      for (int x = 0; x < w; x++)
        shade[y * w + x] = (float) (CLAMP ((1 - luminance (p + (r->x1 + x) * 4) / lit - KEEP_NOISE)
                                               / (1 - KEEP_NOISE),
                                           0, 1)
                                    * (255 - m[r->x1 + x]) / 255);
    }
  /* Twice a box each way, near enough a Gaussian. */
  for (int y = 0; y < h; y++)
    {
      box_blur (shade + y * w, out, w, radius);
      box_blur (out, shade + y * w, w, radius);
    }
  for (int x = 0; x < w; x++)
    {
      for (int y = 0; y < h; y++)
        line[y] = shade[y * w + x];
      box_blur (line, out, h, radius);
      box_blur (out, line, h, radius);
      for (int y = 0; y < h; y++)
        shade[y * w + x] = line[y];
    }
  for (int y = 0; y < h; y++)
    {
      guint8 *d = cutout_image_row (dark, y);
      double fy = r->y1 + y < bottom ? 1 : fade_in (r->y2 - (r->y1 + y), 0.6 * (r->y2 - bottom));
      for (int x = 0; x < w; x++)
        d[x]
            = (guint8) (255 * shade[y * w + x] * fy * fade_in (MIN (x, w - 1 - x), 0.15 * w) + 0.5);
    }
  return g_steal_pointer (&dark);
}

/* The photo's own shadow, kept as grey: around the subject's bottom (its
 * lowest tenth, a quarter of its width either side and a quarter of its
 * height below), how much darker than the lit floor there the photo is
 * where the mask leaves it out (shadow_map()), scaled and placed as the
 * subject is, laid under it as black at that alpha (so it only darkens,
 * and never reaches the subject's upper part). Nothing is kept from a
 * textured floor (KEEP_MAX_DETAIL). */
static void
add_kept_shadow (CutoutImage *frame,
                 const CutoutImage *photo,
                 const CutoutImage *mask,
                 const Layout *l)
{
  const CutoutBox *b = &l->bounds;
  int bw = b->x2 - b->x1, bh = b->y2 - b->y1;
  CutoutBox r = { MAX (0, b->x1 - bw / 4), MAX (0, b->y2 - bh / 10),
                  MIN (photo->width, b->x2 + bw / 4), MIN (photo->height, b->y2 + bh / 4) };
  double sx = (double) l->out_w / (l->crop.x2 - l->crop.x1);
  double sy = (double) l->out_h / (l->crop.y2 - l->crop.y1);
  g_autoptr (CutoutImage) dark = NULL;
  g_autoptr (CutoutImage) scaled = NULL;
  double lit, detail;
  int x0, y0;

  if (r.x2 - r.x1 < 4 || r.y2 - r.y1 < 4 || !measure_floor (photo, mask, &r, &lit, &detail)
      || lit < 1 || detail > KEEP_MAX_DETAIL)
    return;
  dark = shadow_map (photo, mask, &r, b->y2, lit);
  scaled = cutout_resample_image (dark, MAX (1, (int) lround (dark->width * sx)),
                                  MAX (1, (int) lround (dark->height * sy)));
  x0 = l->x + (int) lround ((r.x1 - l->crop.x1) * sx);
  y0 = l->y + (int) lround ((r.y1 - l->crop.y1) * sy);
  for (int y = MAX (0, y0); y < MIN (frame->height, y0 + scaled->height); y++)
    {
      guint8 *row = cutout_image_row (frame, y);
      const guint8 *d = cutout_image_row (scaled, y - y0);
      for (int x = MAX (0, x0); x < MIN (frame->width, x0 + scaled->width); x++)
        {
          guint a = row[x * 4 + 3];
          row[x * 4 + 3] = (guint8) (a + (d[x - x0] * (255 - a) + 127) / 255);
        }
    }
}

/* @frame, premultiplied, back to straight alpha; see-through pixels all 0. */
static void
unpremultiply (CutoutImage *frame)
{
  for (int y = 0; y < frame->height; y++)
    {
      guint8 *p = cutout_image_row (frame, y);
      for (int x = 0; x < frame->width; x++, p += 4)
        {
          guint a = p[3];
          if (a == 0)
            memset (p, 0, 4);
          else if (a < 255)
            for (int c = 0; c < 3; c++)
              p[c] = (guint8) MIN (255, (p[c] * 255 + a / 2) / a);
        }
    }
}

static gboolean
check_preset (const CutoutProductPreset *preset, GError **error)
{
  if (preset->width >= 1 && preset->height >= 1 && preset->width <= CUTOUT_PRODUCT_MAX_SIZE
      && preset->height <= CUTOUT_PRODUCT_MAX_SIZE && preset->share > 0 && preset->share <= 1)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _ ("a product photo of %d × %d pixels with the subject at %.0f %% cannot be made"),
               preset->width, preset->height, preset->share * 100);
  return FALSE;
}

/* The product photo of @photo's subject (@mask): a frame of @preset's
 * size, the subject's bounds (cutout_product_subject_bounds()) scaled so
 * that their longer side takes @preset's share of the frame (and neither
 * side more), centred or standing on the floor line (1 − margin of the
 * height), its colours as every cutout's (@clean_colours), on the
 * backdrop: every pixel the subject does not reach is exactly the
 * backdrop colour (or, transparent, all 0), but for the shadow if one is
 * asked for.  An RGBA image, opaque unless transparent; @upscale (if not
 * NULL) is how much the subject was enlarged (over 1: the photo was
 * smaller than the frame wants), @placed (if not NULL) where its bounds
 * went in the frame.  NULL with @error if there is no subject. */
CutoutImage *
cutout_product_render (const CutoutImage *photo,
                       const CutoutImage *mask,
                       const CutoutProductPreset *preset,
                       gboolean clean_colours,
                       double *upscale,
                       CutoutBox *placed,
                       GError **error)
{
  g_autoptr (CutoutImage) layer = NULL;
  CutoutImage *frame;
  CutoutBox bounds;
  Layout l;

  g_return_val_if_fail (photo != NULL && mask != NULL && preset != NULL, NULL);
  g_return_val_if_fail (photo->n_channels == 4 && mask->n_channels == 1, NULL);
  g_return_val_if_fail (photo->width == mask->width && photo->height == mask->height, NULL);

  if (!check_preset (preset, error))
    return NULL;
  if (!cutout_product_subject_bounds (mask, &bounds))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _ ("no subject was found in the photo to make a product photo of"));
      return NULL;
    }
  l = lay_out (mask, &bounds, preset);
  layer = scaled_subject (photo, mask, &l, clean_colours);
  frame = cutout_image_try_new (preset->width, preset->height, 4, error);
  if (frame == NULL)
    return NULL;
  memset (frame->pixels, 0, (gsize) preset->width * preset->height * 4);
  paste (frame, layer, l.x, l.y);
  if (preset->shadow == CUTOUT_PRODUCT_SHADOW_CONTACT)
    add_contact_shadow (frame, &l.placed, preset);
  else if (preset->shadow == CUTOUT_PRODUCT_SHADOW_KEEP)
    add_kept_shadow (frame, photo, mask, &l);
  if (preset->transparent)
    unpremultiply (frame);
  else
    cutout_compose_over_colour (frame, preset->backdrop);
  if (upscale != NULL)
    *upscale = l.scale;
  if (placed != NULL)
    *placed = l.placed;
  return frame;
}
