/* cutout-window-preview.c: the selected image, as the preview shows it
 *
 * The photo and the view of it wanted (the cutout, the mask, the edges)
 * are made in a thread, at full resolution up to PREVIEW_MAX_SIZE, with a
 * smaller copy for zooming out. The last ones made are kept, within
 * PREVIEW_CACHE_BYTES, so that going back to an image shows it at once;
 * meanwhile a spinner says the image is coming. Also the backdrop and the
 * zoom entry.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-decode.h"
#include "cutout-queue-row.h"
#include "cutout-resample.h"
#include "cutout-settings-map.h"
#include "cutout-window-private.h"

/* The preview holds images up to this size (67 MP) at full resolution, so
 * that single pixels can be checked; larger ones are scaled down to it. */
#define PREVIEW_MAX_SIZE 8192
/* Zoomed out, the preview draws from a copy this big at most. */
#define OVERVIEW_SIZE 2048
/* Previews kept for going back to an image: four 12 MP photos with their
 * cutouts, or dozens of smaller ones. */
#define PREVIEW_CACHE_BYTES ((gsize) 512 * 1024 * 1024)

/* The views made of one image, for one cutout of it. */
struct _CutoutPreview
{
  CutoutJob *job;
  GBytes *mask; /* the cutout they show (the job's), or NULL: the photo only */
  gboolean clean_colours;
  gboolean cleaning; /* the cutout shown is the plain one until its colours are cleaned */
  GdkTexture *views[2 * N_VIEWS]; /* each view, then (from N_VIEWS on) its smaller copy */
  int image_width, image_height;  /* the photo's full size */
};

static void
preview_free (CutoutPreview *p)
{
  g_clear_object (&p->job);
  g_clear_pointer (&p->mask, g_bytes_unref);
  for (int v = 0; v < 2 * N_VIEWS; v++)
    g_clear_object (&p->views[v]);
  g_free (p);
}

static gsize
preview_bytes (const CutoutPreview *p)
{
  gsize bytes = 0;

  for (int v = 0; v < 2 * N_VIEWS; v++)
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
  PreviewView view;  /* the one wanted besides the original */
  CutoutPreview *made;
  CutoutImage *image, *mask_image; /* for cleaning its colours next, if made->cleaning */
} PreviewData;

static const char *const view_names[N_VIEWS] = { "result", "original", "mask", "edges", "compare" };

static void
preview_data_free (PreviewData *d)
{
  g_free (d->path);
  g_clear_pointer (&d->made, preview_free);
  g_clear_pointer (&d->image, cutout_image_free);
  g_clear_pointer (&d->mask_image, cutout_image_free);
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

/* A texture of @image, which it takes (its pixels are not copied). */
static GdkTexture *
texture_take (CutoutImage *image)
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
  return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8, bytes,
                                 cutout_image_stride (image));
}

/* A copy of @image at most OVERVIEW_SIZE a side, or NULL if it is no bigger
 * than that. Scaled premultiplied, so that no colour of a transparent pixel
 * bleeds into the edge. */
static GdkTexture *
overview_of (const CutoutImage *image)
{
  g_autoptr (CutoutImage) copy = NULL;
  g_autoptr (CutoutImage) small = NULL;
  g_autoptr (GBytes) bytes = NULL;

  if (MAX (image->width, image->height) <= OVERVIEW_SIZE)
    return NULL;
  if (image->n_channels != 4)
    {
      small = cutout_resample_to_fit (image, OVERVIEW_SIZE);
      return cutout_texture_new_for_image (small);
    }
  copy = cutout_image_copy (image);
  for (int y = 0; y < copy->height; y++)
    {
      guint8 *p = cutout_image_row (copy, y);
      for (int x = 0; x < copy->width; x++, p += 4)
        if (p[3] != 255)
          for (int c = 0; c < 3; c++)
            p[c] = (p[c] * p[3] + 127) / 255;
    }
  small = cutout_resample_to_fit (copy, OVERVIEW_SIZE);
  bytes = g_bytes_new (small->pixels, cutout_image_stride (small) * small->height);
  return gdk_memory_texture_new (small->width, small->height, GDK_MEMORY_R8G8B8A8_PREMULTIPLIED,
                                 bytes, cutout_image_stride (small));
}

/* Puts @image in view @v of @p, with its smaller copy. */
static void
set_view (CutoutPreview *p, PreviewView v, CutoutImage *image)
{
  p->views[N_VIEWS + v] = overview_of (image);
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
  CutoutPreview *p; /* looked for among the kept ones once done, */
  GBytes *cutout;   /* and still for this cutout (held: no other can take its place) */
  CutoutImage *image, *mask;
} CleanData;

static void
clean_data_free (CleanData *c)
{
  g_bytes_unref (c->cutout);
  cutout_image_free (c->image);
  cutout_image_free (c->mask);
  g_free (c);
}

static void
clean_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  CleanData *c = data;

  g_task_return_pointer (task, cutout_compose_cutout (c->image, c->mask, TRUE),
                         (GDestroyNotify) cutout_image_free);
}

/* The photo and the view wanted of the selected image (only those: at full
 * resolution each can take hundreds of megabytes), or the photo alone
 * while it has no cutout. */
static void
preview_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  PreviewData *d = data;
  CutoutPreview *p = d->made;
  GError *error = NULL;
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3;
  g_autoptr (CutoutImage) image = cutout_decode_file (d->path, &error);
  g_autoptr (CutoutImage) mask = NULL;

  if (image == NULL || g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  p->image_width = image->width;
  p->image_height = image->height;
  if (p->mask != NULL && image->width == d->width && image->height == d->height)
    mask = cutout_mask_decompress (p->mask, d->width, d->height);
  t1 = g_get_monotonic_time ();
  image = fit_preview (g_steal_pointer (&image));
  if (mask != NULL)
    {
      mask = fit_preview (g_steal_pointer (&mask));
      if (d->view == VIEW_RESULT || d->view == VIEW_COMPARE)
        {
          set_view (p, VIEW_RESULT, cutout_compose_cutout (image, mask, FALSE));
          p->cleaning = p->clean_colours;
          if (p->cleaning)
            {
              d->image = cutout_image_copy (image);
              d->mask_image = g_steal_pointer (&mask);
            }
        }
      else if (d->view == VIEW_MASK)
        set_view (p, VIEW_MASK, g_steal_pointer (&mask));
      else if (d->view == VIEW_EDGES)
        set_view (p, VIEW_EDGES, edges_image (image, mask));
    }
  else
    g_clear_pointer (&p->mask, g_bytes_unref); /* the photo changed: no cutout shown */
  t2 = g_get_monotonic_time ();
  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  set_view (p, VIEW_ORIGINAL, g_steal_pointer (&image));
  t3 = g_get_monotonic_time ();
  g_debug ("preview of %s: decoded and mask in %.0f ms, view in %.0f ms, photo in %.0f ms", d->path,
           (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3);
  g_task_return_boolean (task, TRUE);
}

/* The cache ----------------------------------------------------------------------- */

/* The kept preview of @job for its cutout as it is now, or NULL. */
static CutoutPreview *
find_preview (CutoutWindow *self, CutoutJob *job, GBytes *mask, gboolean clean_colours)
{
  for (GList *l = self->previews.head; l != NULL; l = l->next)
    {
      CutoutPreview *p = l->data;
      if (p->job == job && p->mask == mask && p->clean_colours == clean_colours)
        return p;
    }
  return NULL;
}

static void
forget (CutoutWindow *self, GList *link)
{
  if (link->data == self->shown)
    self->shown = NULL;
  preview_free (link->data);
  g_queue_delete_link (&self->previews, link);
}

/* Keeps @p first, forgets any other of its job's, and the oldest beyond the
 * budget (never the one shown). */
static void
keep_preview (CutoutWindow *self, CutoutPreview *p)
{
  gsize total = 0;
  GList *l, *next;

  g_queue_remove (&self->previews, p);
  for (l = self->previews.head; l != NULL; l = next)
    {
      next = l->next;
      if (((CutoutPreview *) l->data)->job == p->job)
        forget (self, l);
    }
  g_queue_push_head (&self->previews, p);
  for (l = self->previews.head; l != NULL; l = next)
    {
      next = l->next;
      total += preview_bytes (l->data);
      if (l != self->previews.head && total > PREVIEW_CACHE_BYTES)
        forget (self, l);
    }
}

/* Forgets the previews of images no longer in the queue. */
void
cutout_window_forget_previews (CutoutWindow *self)
{
  GList *next;

  for (GList *l = self->previews.head; l != NULL; l = next)
    {
      CutoutPreview *p = l->data;
      next = l->next;
      if (self->queue == NULL
          || cutout_queue_find (self->queue, cutout_job_get_path (p->job)) != p->job)
        forget (self, l);
    }
}

/* Showing it ------------------------------------------------------------------------ */

/* Shows the chosen view, or the photo while there is no cutout yet. */
void
cutout_window_apply_view (CutoutWindow *self)
{
  GdkTexture **views = self->shown ? self->shown->views : NULL;
  GdkTexture *texture;
  PreviewView v;

  if (views == NULL)
    return;
  /* Boxes are drawn on the photo: the cutout may have lost the subject. */
  if (cutout_canvas_get_box_tool (self->preview_canvas))
    {
      cutout_canvas_set_texture (self->preview_canvas, views[VIEW_ORIGINAL]);
      cutout_canvas_set_compare (self->preview_canvas, NULL);
      cutout_canvas_set_overviews (self->preview_canvas, views[N_VIEWS + VIEW_ORIGINAL], NULL);
      return;
    }
  /* The ID photo is framed on the cutout, on its backdrop colour. */
  if (self->id_mode && views[VIEW_RESULT] != NULL)
    {
      cutout_canvas_set_texture (self->preview_canvas, views[VIEW_RESULT]);
      cutout_canvas_set_compare (self->preview_canvas, NULL);
      cutout_canvas_set_overviews (self->preview_canvas, views[N_VIEWS + VIEW_RESULT], NULL);
      return;
    }
  if (self->view == VIEW_COMPARE && views[VIEW_RESULT] != NULL)
    {
      cutout_canvas_set_texture (self->preview_canvas, views[VIEW_RESULT]);
      cutout_canvas_set_compare (self->preview_canvas, views[VIEW_ORIGINAL]);
      cutout_canvas_set_overviews (self->preview_canvas, views[N_VIEWS + VIEW_RESULT],
                                   views[N_VIEWS + VIEW_ORIGINAL]);
      return;
    }
  v = views[self->view] ? self->view : VIEW_ORIGINAL;
  texture = views[v];
  cutout_canvas_set_texture (self->preview_canvas, texture);
  cutout_canvas_set_compare (self->preview_canvas, NULL);
  cutout_canvas_set_overviews (self->preview_canvas, views[N_VIEWS + v], NULL);
}

/* Instead of a picture: the image's name, what is wrong with it, and its
 * row's Retry and Remove (the same actions as its menu's). */
static void
show_failed (CutoutWindow *self, CutoutJob *job, const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  /* Held here: a button given a target equal to its own frees the one given. */
  g_autoptr (GVariant) target
      = g_variant_ref_sink (g_variant_new_string (cutout_job_get_path (job)));
  CutoutJobState state = cutout_job_get_state (job);

  adw_status_page_set_title (self->failed_status, cutout_job_get_display_name (job));
  adw_status_page_set_description (self->failed_status, escaped);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->failed_retry_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->failed_remove_button), target);
  /* A finished image whose photo cannot be shown any more has nothing to retry. */
  gtk_widget_set_visible (self->failed_retry_button,
                          state == CUTOUT_JOB_FAILED || state == CUTOUT_JOB_CANCELLED);
  gtk_stack_set_visible_child_name (self->preview_stack, "failed");
}

static void
set_spinning (CutoutWindow *self, gboolean spinning)
{
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), spinning);
  gtk_spinner_set_spinning (self->preview_spinner, spinning);
}

/* Shows @p, kept or just made. */
static void
show (CutoutWindow *self, CutoutPreview *p)
{
  set_spinning (self, FALSE);
  self->shown = p;
  /* Boxes are drawn on this image only once it is shown, in its full size
   * (the preview may be a smaller copy). */
  cutout_canvas_set_boxes (self->preview_canvas,
                           self->job ? cutout_job_get_boxes (self->job) : NULL, p->image_width,
                           p->image_height);
  cutout_window_apply_view (self);
  gtk_stack_set_visible_child_name (self->preview_stack, "picture");
  /* A new image in ID photo mode gets its frame once its size is known. */
  if (self->id_mode && self->job != NULL && cutout_id_bar_get_job (self->id_bar) != self->job)
    cutout_id_bar_set_job (self->id_bar, self->job);
}

static void
cleaned_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutWindow *self = CUTOUT_WINDOW (source);
  CleanData *c = g_task_get_task_data (G_TASK (result));
  CutoutImage *clean = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Forgotten meanwhile (or the window closed): nothing to replace. */
  if (clean == NULL || cutout_window_is_gone (self) || g_queue_find (&self->previews, c->p) == NULL
      || c->p->mask != c->cutout || !c->p->cleaning)
    {
      g_clear_pointer (&clean, cutout_image_free);
      return;
    }
  g_clear_object (&c->p->views[VIEW_RESULT]);
  g_clear_object (&c->p->views[N_VIEWS + VIEW_RESULT]);
  set_view (c->p, VIEW_RESULT, clean);
  c->p->cleaning = FALSE;
  if (c->p == self->shown)
    cutout_window_apply_view (self);
}

/* Makes the clean cutout of @p from @image and @mask (taking them). */
static void
clean_colours (CutoutWindow *self, CutoutPreview *p, CutoutImage *image, CutoutImage *mask)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, cleaned_cb, NULL);
  CleanData *c = g_new0 (CleanData, 1);

  c->p = p;
  c->cutout = g_bytes_ref (p->mask);
  c->image = image;
  c->mask = mask;
  g_task_set_task_data (task, c, (GDestroyNotify) clean_data_free);
  g_task_run_in_thread (task, clean_thread);
}

static void
preview_ready_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutWindow *self = CUTOUT_WINDOW (source);
  PreviewData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  CutoutPreview *made = d->made, *kept;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || cutout_window_is_gone (self))
        return;
      set_spinning (self, FALSE);
      self->shown = NULL;
      show_failed (self, made->job, error->message);
      return;
    }
  if (cutout_window_is_gone (self))
    return;
  /* Another view of a kept preview: added to it. */
  kept = find_preview (self, made->job, made->mask, made->clean_colours);
  if (kept != NULL)
    for (int v = 0; v < 2 * N_VIEWS; v++)
      {
        if (made->views[v] != NULL && kept->views[v] == NULL)
          kept->views[v] = g_steal_pointer (&made->views[v]);
      }
  else
    kept = g_steal_pointer (&d->made);
  if (made == kept || made->cleaning)
    {
      kept->cleaning = made->cleaning;
      if (kept->cleaning)
        clean_colours (self, kept, g_steal_pointer (&d->image), g_steal_pointer (&d->mask_image));
    }
  keep_preview (self, kept);
  show (self, kept);
}

/* The view wanted of @p is there. */
static gboolean
has_view (CutoutPreview *p, PreviewView view)
{
  if (p->mask == NULL)
    return p->views[VIEW_ORIGINAL] != NULL;
  return p->views[view == VIEW_COMPARE ? VIEW_RESULT : view] != NULL;
}

static void
view_change_state_cb (GSimpleAction *action, GVariant *value, CutoutWindow *self)
{
  const char *name = g_variant_get_string (value, NULL);

  for (int v = 0; v < N_VIEWS; v++)
    if (g_str_equal (name, view_names[v]))
      {
        self->view = v;
        g_simple_action_set_state (action, value);
        if (self->shown != NULL && has_view (self->shown, v))
          cutout_window_apply_view (self);
        else
          cutout_window_show_preview (self); /* made when first wanted */
      }
}

/* The preview shows the cutout as it will be saved. */
static void
clean_colours_changed_cb (CutoutWindow *self)
{
  if (self->shown != NULL)
    cutout_window_show_preview (self);
}

/* Shows the selected image: at once if its preview is kept, else once it
 * is made, with a spinner meanwhile. */
void
cutout_window_show_preview (CutoutWindow *self)
{
  CutoutJob *job = cutout_window_get_selected_job (self);
  g_autoptr (GBytes) mask = NULL;
  g_autoptr (GTask) task = NULL;
  gboolean clean_colours;
  CutoutPreview *kept;
  PreviewView view;
  PreviewData *d;

  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  set_spinning (self, FALSE);
  if (job == NULL)
    {
      self->shown = NULL;
      gtk_stack_set_visible_child_name (self->preview_stack, "none");
      return;
    }
  if (cutout_job_get_state (job) == CUTOUT_JOB_FAILED)
    {
      self->shown = NULL;
      show_failed (self, job, cutout_job_get_error_message (job));
      return;
    }
  mask = cutout_job_ref_mask_data (job);
  clean_colours = g_settings_get_boolean (self->settings, "export-clean-colours");
  /* ID photo mode frames the cutout, whatever the view. */
  view = self->id_mode ? VIEW_RESULT : self->view;
  kept = find_preview (self, job, mask, clean_colours);
  if (kept != NULL && has_view (kept, view))
    {
      keep_preview (self, kept);
      show (self, kept);
      return;
    }
  /* Another image: not the last one's picture meanwhile (nor the failure). */
  if (self->shown == NULL || self->shown->job != job)
    {
      self->shown = NULL;
      cutout_canvas_set_texture (self->preview_canvas, NULL);
      cutout_canvas_set_compare (self->preview_canvas, NULL);
      gtk_stack_set_visible_child_name (self->preview_stack, "picture");
    }
  set_spinning (self, TRUE);
  self->preview_cancellable = g_cancellable_new ();
  d = g_new0 (PreviewData, 1);
  d->path = g_strdup (cutout_job_get_path (job));
  d->width = cutout_job_get_width (job);
  d->height = cutout_job_get_height (job);
  d->view = view;
  d->made = g_new0 (CutoutPreview, 1);
  d->made->job = g_object_ref (job);
  d->made->mask = g_steal_pointer (&mask);
  d->made->clean_colours = clean_colours;
  task = g_task_new (self, self->preview_cancellable, preview_ready_cb, NULL);
  g_task_set_task_data (task, d, (GDestroyNotify) preview_data_free);
  g_task_run_in_thread (task, preview_thread);
}

/* While the selected image is being worked on, its progress over the
 * preview (which shows the photo meanwhile). */
static void
preview_progress_cb (CutoutJob *job, GParamSpec *pspec, CutoutWindow *self)
{
  cutout_window_update_actions (self);
  g_autofree char *text = cutout_job_describe_state (job);
  gboolean running = !cutout_job_is_finished (job);

  /* Run again (its boxes changed): no longer an image to frame. */
  if (running && self->id_mode)
    cutout_window_set_id_mode (self, FALSE);
  /* Retried (the page offered it): the photo again, with its progress. */
  if (running && g_str_equal (gtk_stack_get_visible_child_name (self->preview_stack), "failed")
      && gtk_widget_get_visible (self->failed_retry_button))
    cutout_window_show_preview (self);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_progress), running);
  gtk_progress_bar_set_fraction (self->preview_progress, cutout_job_get_progress (job));
  gtk_progress_bar_set_text (self->preview_progress, text);
}

/* The selected image's progress bar, shown while it is worked on. */
void
cutout_window_show_progress (CutoutWindow *self)
{
  if (self->job != NULL)
    preview_progress_cb (self->job, NULL, self);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->preview_progress), FALSE);
}
/* Backdrop and zoom ------------------------------------------------------------------ */

/* Backdrops, in the order B cycles through them. */
static const struct
{
  const char *name;
  CutoutBackdrop backdrop;
  GdkRGBA color;
} backdrops[] = {
  { "checkerboard", CUTOUT_BACKDROP_CHECKERBOARD },
  { "white", CUTOUT_BACKDROP_WHITE },
  { "black", CUTOUT_BACKDROP_BLACK },
  { "gray", CUTOUT_BACKDROP_GRAY },
  { "blue", CUTOUT_BACKDROP_COLOR, { 67 / 255.0, 142 / 255.0, 219 / 255.0, 1 } },
  { "red", CUTOUT_BACKDROP_COLOR, { 220 / 255.0, 20 / 255.0, 60 / 255.0, 1 } },
  { "custom", CUTOUT_BACKDROP_COLOR },
};

static guint
backdrop_index (CutoutWindow *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "backdrop");

  for (guint i = 0; i < G_N_ELEMENTS (backdrops); i++)
    if (g_str_equal (name, backdrops[i].name))
      return i;
  return 0;
}

void
cutout_window_backdrop_changed_cb (GSettings *settings, const char *key, CutoutWindow *self)
{
  guint i = backdrop_index (self);
  GdkRGBA color = backdrops[i].color, custom;
  g_autofree char *spec = NULL;

  /* The ID photo's backdrop is shown (the one it will be saved on); this
   * one comes back after. The window is the canvas's only writer. */
  if (self->id_mode)
    {
      guint8 rgb[3];
      cutout_id_bar_get_background (self->id_bar, rgb);
      color = (GdkRGBA){ rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, 1 };
      cutout_canvas_set_backdrop (self->preview_canvas, CUTOUT_BACKDROP_COLOR);
      cutout_canvas_set_backdrop_color (self->preview_canvas, &color);
      return;
    }
  spec = g_settings_get_string (self->settings, "backdrop-color");

  if (!gdk_rgba_parse (&custom, spec))
    custom = backdrops[4].color;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &custom);
  if (g_str_equal (backdrops[i].name, "custom"))
    color = custom;
  cutout_canvas_set_backdrop (self->preview_canvas, backdrops[i].backdrop);
  cutout_canvas_set_backdrop_color (self->preview_canvas, &color);
}

static void
color_set_cb (GtkColorButton *button, CutoutWindow *self)
{
  GdkRGBA color;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &color);
  cutout_settings_set_custom_colour (self->settings, "backdrop-color", "backdrop", &color);
}

void
cutout_window_cycle_backdrop_action (GtkWidget *widget,
                                     const char *action_name,
                                     GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  guint next = (backdrop_index (self) + 1) % G_N_ELEMENTS (backdrops);

  g_settings_set_string (self->settings, "backdrop", backdrops[next].name);
}

static void
zoom_changed_cb (CutoutCanvas *canvas, GParamSpec *pspec, CutoutWindow *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f %%", cutout_canvas_get_zoom (canvas) * 100);

  gtk_editable_set_text (GTK_EDITABLE (self->zoom_entry), label);
}

/* The zoom level typed in: "250", "250 %" or "250%". */
static void
zoom_entry_activate_cb (GtkEntry *entry, CutoutWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *end = NULL;
  double percent = g_ascii_strtod (text, &end);

  if (end != text && percent > 0)
    cutout_canvas_set_zoom (self->preview_canvas, percent / 100);
  zoom_changed_cb (self->preview_canvas, NULL, self); /* shows what was applied */
}

/* The preview's actions and what it follows, as the window is made. */
void
cutout_window_init_preview (CutoutWindow *self)
{
  /* The backdrop: toggle buttons on a GSettings action, remembered. */
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr (GAction) backdrop = g_settings_create_action (self->settings, "backdrop");
  g_autoptr (GSimpleAction) view = g_simple_action_new_stateful ("view", G_VARIANT_TYPE_STRING,
                                                                 g_variant_new_string ("result"));

  g_action_map_add_action (G_ACTION_MAP (group), backdrop);
  g_signal_connect (view, "change-state", G_CALLBACK (view_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (view));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "preview", G_ACTION_GROUP (group));
  g_signal_connect (self->settings, "changed::backdrop",
                    G_CALLBACK (cutout_window_backdrop_changed_cb), self);
  g_signal_connect_swapped (self->settings, "changed::export-clean-colours",
                            G_CALLBACK (clean_colours_changed_cb), self);
  g_signal_connect (self->settings, "changed::backdrop-color",
                    G_CALLBACK (cutout_window_backdrop_changed_cb), self);
  g_signal_connect (self->color_button, "color-set", G_CALLBACK (color_set_cb), self);
  cutout_window_backdrop_changed_cb (self->settings, NULL, self);
  g_signal_connect (self->preview_canvas, "notify::zoom", G_CALLBACK (zoom_changed_cb), self);
  g_signal_connect (self->zoom_entry, "activate", G_CALLBACK (zoom_entry_activate_cb), self);
  zoom_changed_cb (self->preview_canvas, NULL, self);
  g_signal_group_connect (self->job_signals, "notify", G_CALLBACK (preview_progress_cb), self);
}

/* As the window goes. */
void
cutout_window_dispose_preview (CutoutWindow *self)
{
  g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  self->shown = NULL;
  g_queue_clear_full (&self->previews, (GDestroyNotify) preview_free);
}

/* The preview's cutout of the selected image, once made (at full size up
 * to PREVIEW_MAX_SIZE), or NULL. */
GdkTexture *
cutout_window_get_result_texture (CutoutWindow *self)
{
  CutoutJob *job = cutout_window_get_selected_job (self);

  if (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE || self->shown == NULL
      || self->shown->job != job || self->shown->cleaning)
    return NULL;
  return self->shown->views[VIEW_RESULT];
}

/* The cutout the preview shows of the selected image, or NULL; *@final
 * tells whether it is the one exports write (colours cleaned, if so set). */
GdkTexture *
cutout_window_get_shown_result (CutoutWindow *self, gboolean *final)
{
  CutoutJob *job = cutout_window_get_selected_job (self);

  *final = FALSE;
  if (job == NULL || self->shown == NULL || self->shown->job != job)
    return NULL;
  *final = !self->shown->cleaning;
  return self->shown->views[VIEW_RESULT];
}
