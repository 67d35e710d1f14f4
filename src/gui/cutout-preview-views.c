/* cutout-preview-views.c: the views the preview makes of an image, and
 * those it keeps
 *
 * The photo and the view of it wanted are made in a thread, at full
 * resolution up to PREVIEW_MAX_SIZE, with a smaller copy for zooming out;
 * the cutout first plain, then with its colours cleaned as exports write
 * it. The last ones made are kept within PREVIEW_CACHE_BYTES, so that going
 * back to an image shows it at once.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cutout-canvas.h"
#include "cutout-compose.h"
#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-mask.h"
#include "cutout-preview-views.h"
#include "cutout-queue-row.h"
#include "cutout-resample.h"

/* The preview holds images up to this size (67 MP) at full resolution, so
 * that single pixels can be checked; larger ones are scaled down to it. */
#define PREVIEW_MAX_SIZE 8192
/* Zoomed out, the preview draws from a copy this big at most. */
#define OVERVIEW_SIZE 2048
/* Views kept for going back to an image: four 12 MP photos with their
 * cutouts, or dozens of smaller ones. */
#define PREVIEW_CACHE_BYTES ((gsize) 512 * 1024 * 1024)

void
cutout_views_free (CutoutViews *p)
{
  g_clear_object (&p->job);
  g_clear_pointer (&p->mask, g_bytes_unref);
  g_clear_pointer (&p->result_pixels, g_bytes_unref);
  for (int v = 0; v < 2 * CUTOUT_N_VIEWS; v++)
    g_clear_object (&p->views[v]);
  g_free (p);
}

static gsize
views_bytes (const CutoutViews *p)
{
  gsize bytes = 0;

  for (int v = 0; v < 2 * CUTOUT_N_VIEWS; v++)
    if (p->views[v] != NULL)
      bytes
          += (gsize) gdk_texture_get_width (p->views[v]) * gdk_texture_get_height (p->views[v]) * 4;
  return bytes;
}

/* What the thread is asked to make. */
typedef struct
{
  char *path;
  int width, height; /* the mask's */
  CutoutView view;   /* the one wanted besides the original */
  CutoutPhoto *kept; /* the queue's decoded photo, or NULL */
  CutoutViews *made;
  CutoutPhoto *photo;      /* for cleaning its colours next, if made->cleaning, */
  CutoutImage *mask_image; /* by this mask */
  /* The same image's cutout shown before (touched up since), to change
   * only where the mask did: */
  GBytes *base_mask;
  GBytes *base_pixels;
  GdkTexture *base_original, *base_original_overview;
} PreviewData;

static void
preview_data_free (PreviewData *d)
{
  g_free (d->path);
  g_clear_pointer (&d->kept, cutout_photo_unref);
  g_clear_pointer (&d->made, cutout_views_free);
  g_clear_pointer (&d->photo, cutout_photo_unref);
  g_clear_pointer (&d->mask_image, cutout_image_free);
  g_clear_pointer (&d->base_mask, g_bytes_unref);
  g_clear_pointer (&d->base_pixels, g_bytes_unref);
  g_clear_object (&d->base_original);
  g_clear_object (&d->base_original_overview);
  g_free (d);
}

static CutoutImage *
fit_preview (CutoutImage *image)
{
  CutoutImage *fitted;

  if (image->width <= PREVIEW_MAX_SIZE && image->height <= PREVIEW_MAX_SIZE)
    return image;
  fitted = cutout_resample_to_fit (image, PREVIEW_MAX_SIZE);
  cutout_image_free (image);
  return fitted;
}

/* @photo, or a copy of it scaled down to PREVIEW_MAX_SIZE (taking @photo). */
static CutoutPhoto *
fit_photo (CutoutPhoto *photo)
{
  const CutoutImage *image = cutout_photo_get_image (photo);
  CutoutImage *fitted;

  if (image->width <= PREVIEW_MAX_SIZE && image->height <= PREVIEW_MAX_SIZE)
    return photo;
  fitted = cutout_resample_to_fit (image, PREVIEW_MAX_SIZE);
  cutout_photo_unref (photo);
  return cutout_photo_new (fitted, NULL, &(CutoutFileStamp){ 0 });
}

/* A texture of @photo's pixels (shared, not copied: a kept photo is the
 * queue's too). */
static GdkTexture *
texture_of_photo (CutoutPhoto *photo)
{
  const CutoutImage *image = cutout_photo_get_image (photo);
  g_autoptr (GBytes) bytes = NULL;

  if (image->n_channels != 4)
    return cutout_texture_new_for_image (image);
  bytes
      = g_bytes_new_with_free_func (image->pixels, cutout_image_stride (image) * image->height,
                                    (GDestroyNotify) cutout_photo_unref, cutout_photo_ref (photo));

  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8, bytes,
                                 cutout_image_stride (image));
}

/* A texture of @image, which it takes (its pixels are not copied), and
 * them in @pixels if not NULL. */
static GdkTexture *
texture_take_pixels (CutoutImage *image, GBytes **pixels)
{
  g_autoptr (GBytes) bytes = NULL;
  GdkTexture *texture;

  if (image->n_channels != 4)
    {
      texture = cutout_texture_new_for_image (image);
      cutout_image_free (image);
      return texture;
    }
  bytes = g_bytes_new_with_free_func (image->pixels, cutout_image_stride (image) * image->height,
                                      (GDestroyNotify) cutout_image_free, image);
  texture = gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8, bytes,
                                    cutout_image_stride (image));
  if (pixels != NULL)
    *pixels = g_steal_pointer (&bytes);
  return texture;
}

static GdkTexture *
texture_take (CutoutImage *image)
{
  return texture_take_pixels (image, NULL);
}

/* @image (premultiplied RGBA, or gray) as a texture the canvas draws under
 * GTK 4.8's cairo renderer without converting its pixels, as that renderer
 * would at every frame (docs/PERFORMANCE.md); NULL without the memory for
 * it (the canvas then draws the full-size texture). */
static GdkTexture *
texture_for_cairo (const CutoutImage *image)
{
  cairo_surface_t *surface
      = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, image->width, image->height);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data = cairo_image_surface_get_data (surface);
  GdkTexture *texture;

  if (data == NULL) /* out of memory: cairo's error surface */
    {
      cairo_surface_destroy (surface);
      return NULL;
    }
  for (int y = 0; y < image->height; y++)
    {
      const guint8 *in = cutout_image_row (image, y);
      guint32 *o = (guint32 *) (data + (gsize) y * stride);
      /* ARGB32: a native-endian 32-bit word a pixel. */
      for (int x = 0; x < image->width; x++)
        if (image->n_channels == 4)
          o[x] = (guint32) in[4 * x + 3] << 24 | (guint32) in[4 * x] << 16
                 | (guint32) in[4 * x + 1] << 8 | in[4 * x + 2];
        else
          o[x] = 0xff000000u | (guint32) in[x] << 16 | (guint32) in[x] << 8 | in[x];
    }
  cairo_surface_mark_dirty (surface);
  texture = cutout_canvas_texture_new_for_surface (surface);
  cairo_surface_destroy (surface);
  return texture;
}

/* A copy of @image at most OVERVIEW_SIZE a side, or NULL if it is no bigger
 * than that. Scaled premultiplied, so that no colour of a transparent pixel
 * bleeds into the edge. */
static GdkTexture *
overview_of (const CutoutImage *image)
{
  g_autoptr (CutoutImage) copy = NULL;
  g_autoptr (CutoutImage) small = NULL;

  if (MAX (image->width, image->height) <= OVERVIEW_SIZE)
    return NULL;
  if (image->n_channels != 4)
    {
      small = cutout_resample_to_fit (image, OVERVIEW_SIZE);
      return texture_for_cairo (small);
    }
  copy = cutout_image_copy (image);
  for (int y = 0; y < copy->height; y++)
    cutout_compose_premultiply_row (cutout_image_row (copy, y), NULL, copy->width);
  small = cutout_resample_to_fit (copy, OVERVIEW_SIZE);
  return texture_for_cairo (small);
}

/* Puts @image in view @v of @p, with its smaller copy; the cutout's
 * pixels are kept for touching it up (make_touched_up()). */
static void
set_view (CutoutViews *p, CutoutView v, CutoutImage *image)
{
  p->views[CUTOUT_N_VIEWS + v] = overview_of (image);
  if (v == CUTOUT_VIEW_RESULT)
    {
      g_clear_pointer (&p->result_pixels, g_bytes_unref);
      p->views[v] = texture_take_pixels (image, &p->result_pixels);
    }
  else
    p->views[v] = texture_take (image);
}

/* Semi-transparent pixels in magenta over a dimmed subject and a black
 * background, so that halos and holes stand out. */
static CutoutImage *
edges_image (const CutoutImage *image, const CutoutImage *mask)
{
  CutoutImage *out = cutout_image_new (image->width, image->height, 4);

  for (int y = 0; y < image->height; y++)
    {
      const guint8 *in = cutout_image_row (image, y), *a = cutout_image_row (mask, y);
      guint8 *o = cutout_image_row (out, y);
      for (int x = 0; x < image->width; x++, in += 4, o += 4)
        {
          guint8 luma = (in[0] * 77 + in[1] * 150 + in[2] * 29) >> 10; /* a quarter */
          if (a[x] == 0)
            o[0] = o[1] = o[2] = 0;
          else if (a[x] == 255)
            o[0] = o[1] = o[2] = luma;
          else
            o[0] = 255, o[1] = 0, o[2] = 255;
          o[3] = 255;
        }
    }
  return out;
}

/* Cleaning the colours of the cutout's see-through edge, as exports do,
 * takes about a second at 12 MP: the plain cutout is shown first, and the
 * clean one replaces it once made (in a thread of its own). */
typedef struct
{
  CutoutViews *p; /* looked for among the kept ones once done, */
  GBytes *cutout; /* and still for this cutout (held: no other can take its place) */
  CutoutPhoto *photo;
  CutoutImage *mask;
} CleanData;

static void
clean_data_free (CleanData *c)
{
  g_bytes_unref (c->cutout);
  cutout_photo_unref (c->photo);
  cutout_image_free (c->mask);
  g_free (c);
}

/* The clean cutout's texture and its smaller copy, both made in the
 * thread: at 24 MP the copy alone took the main loop a tenth of a second. */
typedef struct
{
  GdkTexture *view, *overview;
  GBytes *pixels;
} CleanViews;

static void
clean_views_free (CleanViews *v)
{
  g_clear_object (&v->view);
  g_clear_object (&v->overview);
  g_clear_pointer (&v->pixels, g_bytes_unref);
  g_free (v);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CleanViews, clean_views_free)

static void
clean_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CleanData *c = data;
  CleanViews *v = g_new0 (CleanViews, 1);
  CutoutImage *clean = cutout_compose_cutout (cutout_photo_get_image (c->photo), c->mask, TRUE);

  v->overview = overview_of (clean);
  v->view = texture_take_pixels (clean, &v->pixels);
  g_task_return_pointer (task, v, (GDestroyNotify) clean_views_free);
}

/* Touching up ------------------------------------------------------------------- */

/* Around what the colours' cleaning looks at (the tiled estimate's context). */
#define TOUCH_MARGIN 32

/* The pixels where @a and @b differ, in @box; FALSE if none do. */
static gboolean
changed_box (const CutoutImage *a, const CutoutImage *b, CutoutBox *box)
{
  *box = (CutoutBox){ a->width, a->height, 0, 0 };
  for (int y = 0; y < a->height; y++)
    {
      const guint8 *ra = cutout_image_row (a, y), *rb = cutout_image_row (b, y);
      int x1 = 0, x2 = a->width;
      if (memcmp (ra, rb, a->width) == 0)
        continue;
      while (ra[x1] == rb[x1])
        x1++;
      while (ra[x2 - 1] == rb[x2 - 1])
        x2--;
      box->x1 = MIN (box->x1, x1), box->x2 = MAX (box->x2, x2);
      box->y1 = MIN (box->y1, y), box->y2 = MAX (box->y2, y + 1);
    }
  return box->x2 > box->x1;
}

/* The last cutout's pixels with the part @box made again from @image and
 * @mask (with @clean colours, looking TOUCH_MARGIN pixels around it). */
static CutoutImage *
patch_cutout (GBytes *pixels,
              const CutoutImage *image,
              const CutoutImage *mask,
              const CutoutBox *box,
              gboolean clean)
{
  CutoutImage *out = cutout_image_new (image->width, image->height, 4);
  int x1 = MAX (box->x1 - TOUCH_MARGIN, 0), y1 = MAX (box->y1 - TOUCH_MARGIN, 0);
  int x2 = MIN (box->x2 + TOUCH_MARGIN, image->width);
  int y2 = MIN (box->y2 + TOUCH_MARGIN, image->height);
  g_autoptr (CutoutImage) photo_part = cutout_image_crop (image, x1, y1, x2 - x1, y2 - y1);
  g_autoptr (CutoutImage) mask_part = cutout_image_crop (mask, x1, y1, x2 - x1, y2 - y1);
  g_autoptr (CutoutImage) part = cutout_compose_cutout (photo_part, mask_part, clean);

  g_assert (g_bytes_get_size (pixels) == cutout_image_stride (out) * out->height);
  memcpy (out->pixels, g_bytes_get_data (pixels, NULL), g_bytes_get_size (pixels));
  for (int y = box->y1; y < box->y2; y++)
    memcpy (cutout_image_row (out, y) + (gsize) box->x1 * 4,
            cutout_image_row (part, y - y1) + (gsize) (box->x1 - x1) * 4,
            (gsize) (box->x2 - box->x1) * 4);
  return out;
}

/* A touched-up cutout, made from the one before where only part of the
 * mask changed (a stroke's bounds), rather than whole: on a 24 MP photo
 * with clean colours, a stroke then shows in a fraction of the time. FALSE
 * if the whole has to be made (nothing to start from, or most changed). */
static gboolean
make_touched_up (PreviewData *d, const CutoutImage *image)
{
  CutoutViews *p = d->made;
  g_autoptr (CutoutImage) before = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  CutoutBox box;

  if (d->base_pixels == NULL || image->width != d->width || image->height != d->height
      || image->width > PREVIEW_MAX_SIZE || image->height > PREVIEW_MAX_SIZE)
    return FALSE;
  before = cutout_mask_decompress (d->base_mask, d->width, d->height);
  mask = cutout_mask_decompress (p->mask, d->width, d->height);
  if (!changed_box (before, mask, &box))
    box = (CutoutBox){ 0, 0, 0, 0 };
  else if ((gint64) (box.x2 - box.x1) * (box.y2 - box.y1) > (gint64) d->width * d->height / 4)
    return FALSE;
  set_view (p, CUTOUT_VIEW_RESULT,
            patch_cutout (d->base_pixels, image, mask, &box, p->clean_colours));
  p->views[CUTOUT_VIEW_ORIGINAL] = g_object_ref (d->base_original);
  if (d->base_original_overview != NULL)
    p->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_ORIGINAL] = g_object_ref (d->base_original_overview);
  p->cleaning = FALSE;
  return TRUE;
}

/* The photo and the view wanted of the selected image (only those: at full
 * resolution each can take hundreds of megabytes), or the photo alone
 * while it has no cutout. */
static void
preview_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PreviewData *d = data;
  CutoutViews *p = d->made;
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3;
  /* The queue's, unless the file changed since: then decoded again. */
  g_autoptr (CutoutPhoto) photo = cutout_photo_load (d->kept, d->path, &error);
  g_autoptr (CutoutImage) mask = NULL;
  const CutoutImage *image;
  gboolean kept = photo != NULL && photo == d->kept;

  if (photo == NULL || g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  image = cutout_photo_get_image (photo);
  p->image_width = image->width;
  p->image_height = image->height;
  if (p->mask != NULL && make_touched_up (d, image))
    {
      g_debug ("preview of %s: touched up in %.0f ms", d->path,
               (g_get_monotonic_time () - t0) / 1e3);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (p->mask != NULL && image->width == d->width && image->height == d->height)
    mask = cutout_mask_decompress (p->mask, d->width, d->height);
  t1 = g_get_monotonic_time ();
  photo = fit_photo (g_steal_pointer (&photo));
  image = cutout_photo_get_image (photo);
  if (mask != NULL)
    {
      mask = fit_preview (g_steal_pointer (&mask));
      if (d->view == CUTOUT_VIEW_RESULT || d->view == CUTOUT_VIEW_COMPARE)
        {
          set_view (p, CUTOUT_VIEW_RESULT, cutout_compose_cutout (image, mask, FALSE));
          p->cleaning = p->clean_colours;
          if (p->cleaning)
            {
              d->photo = cutout_photo_ref (photo);
              d->mask_image = g_steal_pointer (&mask);
            }
        }
      else if (d->view == CUTOUT_VIEW_MASK)
        set_view (p, CUTOUT_VIEW_MASK, g_steal_pointer (&mask));
      else if (d->view == CUTOUT_VIEW_EDGES)
        set_view (p, CUTOUT_VIEW_EDGES, edges_image (image, mask));
    }
  else
    g_clear_pointer (&p->mask, g_bytes_unref); /* the photo changed: no cutout shown */
  t2 = g_get_monotonic_time ();
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  p->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_ORIGINAL] = overview_of (image);
  p->views[CUTOUT_VIEW_ORIGINAL] = texture_of_photo (photo);
  t3 = g_get_monotonic_time ();
  g_debug ("preview of %s (%s): photo and mask in %.0f ms, view in %.0f ms, photo in %.0f ms",
           d->path, kept ? "kept" : "decoded", (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3);
  g_task_return_boolean (task, TRUE);
}

/* The view wanted of @self is there. */
gboolean
cutout_views_has (const CutoutViews *self, CutoutView view)
{
  if (self->mask == NULL)
    return self->views[CUTOUT_VIEW_ORIGINAL] != NULL;
  return self->views[view == CUTOUT_VIEW_COMPARE ? CUTOUT_VIEW_RESULT : view] != NULL;
}

/* Makes the photo of @job and its view @view (only those: at full
 * resolution each can take hundreds of megabytes) for the cutout @mask (the
 * job's, or NULL), in a thread; from @kept, the queue's decoded photo, if
 * there is one and the file is still the same. */
void
cutout_views_make_async (const CutoutViews *base,
                         CutoutJob *job,
                         CutoutPhoto *kept,
                         GBytes *mask,
                         gboolean clean_colours,
                         CutoutView view,
                         gpointer source,
                         GCancellable *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, data);
  PreviewData *d = g_new0 (PreviewData, 1);

  d->path = g_strdup (cutout_job_get_path (job));
  d->kept = kept != NULL ? cutout_photo_ref (kept) : NULL;
  d->width = cutout_job_get_width (job);
  d->height = cutout_job_get_height (job);
  d->view = view;
  d->made = g_new0 (CutoutViews, 1);
  d->made->job = g_object_ref (job);
  d->made->mask = mask != NULL ? g_bytes_ref (mask) : NULL;
  d->made->clean_colours = clean_colours;
  /* The same image's final cutout, with the same colours and in full: the
   * start for a touched-up one. */
  if (base != NULL && base->job == job && mask != NULL && base->mask != NULL
      && base->result_pixels != NULL && !base->cleaning && base->clean_colours == clean_colours
      && base->views[CUTOUT_VIEW_ORIGINAL] != NULL
      && (view == CUTOUT_VIEW_RESULT || view == CUTOUT_VIEW_COMPARE))
    {
      d->base_mask = g_bytes_ref (base->mask);
      d->base_pixels = g_bytes_ref (base->result_pixels);
      d->base_original = g_object_ref (base->views[CUTOUT_VIEW_ORIGINAL]);
      if (base->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_ORIGINAL] != NULL)
        d->base_original_overview
            = g_object_ref (base->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_ORIGINAL]);
    }
  g_task_set_task_data (task, d, (GDestroyNotify) preview_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/* The views made, or NULL and why; if their cutout's colours are to be
 * cleaned (->cleaning), *@photo and *@mask are the photo and the mask to
 * clean it from (for cutout_views_clean_async()). */
CutoutViews *
cutout_views_make_finish (GAsyncResult *result,
                          CutoutPhoto **photo,
                          CutoutImage **mask,
                          GError **error)
{
  PreviewData *d = g_task_get_task_data (G_TASK (result));

  *photo = NULL;
  *mask = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  *photo = g_steal_pointer (&d->photo);
  *mask = g_steal_pointer (&d->mask_image);
  return g_steal_pointer (&d->made);
}

/* Makes the clean cutout of @self from @photo and @mask (taking them), in a
 * thread of its own; cutout_views_cache_finish_clean() puts it in place. */
void
cutout_views_clean_async (CutoutViews *self,
                          CutoutPhoto *photo,
                          CutoutImage *mask,
                          gpointer source,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, data);
  CleanData *c = g_new0 (CleanData, 1);

  c->p = self;
  c->cutout = g_bytes_ref (self->mask);
  c->photo = photo;
  c->mask = mask;
  g_task_set_task_data (task, c, (GDestroyNotify) clean_data_free);
  g_task_run_in_thread (task, clean_thread);
}

/* The cache ----------------------------------------------------------------------- */

struct _CutoutViewsCache
{
  GQueue kept; /* CutoutViews: the last made or shown first */
};

CutoutViewsCache *
cutout_views_cache_new (void)
{
  return g_new0 (CutoutViewsCache, 1);
}

void
cutout_views_cache_free (CutoutViewsCache *self)
{
  g_queue_clear_full (&self->kept, (GDestroyNotify) cutout_views_free);
  g_free (self);
}

/* The kept views of @job for the cutout @mask, or NULL. */
CutoutViews *
cutout_views_cache_find (CutoutViewsCache *self, CutoutJob *job, GBytes *mask, gboolean clean)
{
  for (GList *l = self->kept.head; l != NULL; l = l->next)
    {
      CutoutViews *p = l->data;
      if (p->job == job && p->mask == mask && p->clean_colours == clean)
        return p;
    }
  return NULL;
}

static void
forget (CutoutViewsCache *self, GList *link)
{
  cutout_views_free (link->data);
  g_queue_delete_link (&self->kept, link);
}

/* Keeps @views first (the ones to show), forgets any other of its job's,
 * and the oldest beyond the budget. */
void
cutout_views_cache_keep (CutoutViewsCache *self, CutoutViews *views)
{
  gsize total = 0;
  GList *l, *next;

  g_queue_remove (&self->kept, views);
  for (l = self->kept.head; l != NULL; l = next)
    {
      next = l->next;
      if (((CutoutViews *) l->data)->job == views->job)
        forget (self, l);
    }
  g_queue_push_head (&self->kept, views);
  for (l = self->kept.head; l != NULL; l = next)
    {
      next = l->next;
      total += views_bytes (l->data);
      if (l != self->kept.head && total > PREVIEW_CACHE_BYTES)
        forget (self, l);
    }
}

/* Keeps @made (taken): added to the kept views of the same cutout if there
 * are (another view of it), else as they are. Returns the views kept. */
CutoutViews *
cutout_views_cache_add (CutoutViewsCache *self, CutoutViews *made)
{
  CutoutViews *kept = cutout_views_cache_find (self, made->job, made->mask, made->clean_colours);

  if (kept != NULL)
    {
      for (int v = 0; v < 2 * CUTOUT_N_VIEWS; v++)
        if (made->views[v] != NULL && kept->views[v] == NULL)
          kept->views[v] = g_steal_pointer (&made->views[v]);
      kept->cleaning |= made->cleaning;
      cutout_views_free (made);
    }
  else
    kept = made;
  cutout_views_cache_keep (self, kept);
  return kept;
}

/* Puts the clean cutout of cutout_views_clean_async() in place of the plain
 * one. Returns the views it went to, or NULL if they were forgotten
 * meanwhile (or their cutout cleaned already). */
CutoutViews *
cutout_views_cache_finish_clean (CutoutViewsCache *self, GAsyncResult *result)
{
  CleanData *c = g_task_get_task_data (G_TASK (result));
  g_autoptr (CleanViews) clean = g_task_propagate_pointer (G_TASK (result), NULL);

  if (clean == NULL || g_queue_find (&self->kept, c->p) == NULL || c->p->mask != c->cutout
      || !c->p->cleaning)
    return NULL;
  g_clear_object (&c->p->views[CUTOUT_VIEW_RESULT]);
  g_clear_object (&c->p->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_RESULT]);
  c->p->views[CUTOUT_VIEW_RESULT] = g_steal_pointer (&clean->view);
  c->p->views[CUTOUT_N_VIEWS + CUTOUT_VIEW_RESULT] = g_steal_pointer (&clean->overview);
  g_clear_pointer (&c->p->result_pixels, g_bytes_unref);
  c->p->result_pixels = g_steal_pointer (&clean->pixels);
  c->p->cleaning = FALSE;
  return c->p;
}

/* Forgets the views of images no longer in @queue (all, if NULL). Returns
 * whether @shown was among them. */
gboolean
cutout_views_cache_forget_gone (CutoutViewsCache *self, CutoutQueue *queue, CutoutViews *shown)
{
  gboolean forgot_shown = FALSE;
  GList *next;

  for (GList *l = self->kept.head; l != NULL; l = next)
    {
      CutoutViews *p = l->data;
      next = l->next;
      if (queue == NULL || cutout_queue_find (queue, cutout_job_get_path (p->job)) != p->job)
        {
          forgot_shown |= p == shown;
          forget (self, l);
        }
    }
  return forgot_shown;
}

guint
cutout_views_cache_get_len (CutoutViewsCache *self)
{
  return g_queue_get_length (&self->kept);
}
