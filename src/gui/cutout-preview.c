/* cutout-preview.c: the selected image, as the preview shows it
 *
 * CutoutViews is the window's right-hand side: the view chosen (the
 * cutout, the photo, the mask, the edges, or photo and cutout side by
 * side), the backdrop, the zoom, the ID photo mode and the box tool's bar,
 * over one CutoutCanvas.
 *
 * The views are made in threads and the last ones kept
 * (cutout-preview-views.c); while the selected image's are being made, a
 * spinner says it is coming.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cutout-brush-bar.h"
#include "cutout-gui-enums.h"
#include "cutout-preview-views.h"
#include "cutout-preview-private.h"
#include "cutout-queue-row.h"
#include "cutout-settings-map.h"
#include "cutout-tooltips.h"
#include "cutout-touchup.h"

G_DEFINE_FINAL_TYPE (CutoutPreview, cutout_preview, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_JOB,
  PROP_VIEW,
  PROP_ID_MODE,
  PROP_PRODUCT_MODE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Whether the widget was disposed while a task ran. */
static gboolean
is_gone (CutoutPreview *self)
{
  return self->settings == NULL;
}

/* The queue the jobs shown are in: its decoded photos are shown rather
 * than decoded again. */
void
cutout_preview_set_queue (CutoutPreview *self, CutoutQueue *queue)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));
  g_set_object (&self->queue, queue);
  cutout_product_bar_set_queue (self->product_bar, queue);
}

/* Forgets the previews of images no longer in its queue. */
void
cutout_preview_forget (CutoutPreview *self)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  if (cutout_views_cache_forget_gone (self->kept, self->queue, self->shown))
    self->shown = NULL;
}

/* Showing it ------------------------------------------------------------------------ */

static void
set_canvas_views (CutoutPreview *self, GdkTexture **views, CutoutView v, gboolean compare)
{
  /* Touched up, or its colours cleaned: the same picture changed in places. */
  if (self->touched)
    cutout_canvas_replace_texture (self->canvas, views[v]);
  else
    cutout_canvas_set_texture (self->canvas, views[v]);
  cutout_canvas_set_compare (self->canvas, compare ? views[CUTOUT_VIEW_ORIGINAL] : NULL);
  cutout_canvas_set_overviews (self->canvas, views[CUTOUT_N_VIEWS + v],
                               compare ? views[CUTOUT_N_VIEWS + CUTOUT_VIEW_ORIGINAL] : NULL);
}

/* Shows the chosen view, or the photo while there is no cutout yet. */
void
_cutout_preview_apply_view (CutoutPreview *self)
{
  GdkTexture **views = self->shown ? self->shown->views : NULL;

  if (views == NULL)
    return;
  cutout_canvas_set_outline (self->canvas, FALSE);
  /* Boxes are drawn on the photo: the cutout may have lost the subject. */
  if (cutout_canvas_get_box_tool (self->canvas))
    set_canvas_views (self, views, CUTOUT_VIEW_ORIGINAL, FALSE);
  /* The product photo as it will be saved, once made, its frame outlined. */
  else if (self->product_mode && cutout_product_bar_get_preview (self->product_bar) != NULL)
    {
      cutout_canvas_set_outline (self->canvas, TRUE);
      cutout_canvas_set_texture (self->canvas, cutout_product_bar_get_preview (self->product_bar));
      cutout_canvas_set_compare (self->canvas, NULL);
      cutout_canvas_set_overviews (self->canvas, NULL, NULL);
    }
  /* The ID photo is framed on the cutout, on its backdrop colour (and the
   * product photo, until it is made). */
  else if ((self->id_mode || self->product_mode) && views[CUTOUT_VIEW_RESULT] != NULL)
    set_canvas_views (self, views, CUTOUT_VIEW_RESULT, FALSE);
  else if (self->view == CUTOUT_VIEW_COMPARE && views[CUTOUT_VIEW_RESULT] != NULL)
    set_canvas_views (self, views, CUTOUT_VIEW_RESULT, TRUE);
  else
    set_canvas_views (self, views, views[self->view] ? self->view : CUTOUT_VIEW_ORIGINAL, FALSE);
}

/* Instead of a picture: the image's name, what is wrong with it, and its
 * row's Retry and Remove (the same actions as its menu's). */
static void
show_failed (CutoutPreview *self, CutoutJob *job, const char *message)
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
  gtk_stack_set_visible_child_name (self->stack, "failed");
}

static void
set_spinning (CutoutPreview *self, gboolean spinning)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), spinning);
  gtk_spinner_set_spinning (self->spinner, spinning);
}

/* Whether @p, about to be shown, is the picture shown changed in places
 * (touched up). Asked before @p goes in the cache, which may drop the
 * one shown. */
static gboolean
is_touched_up (CutoutPreview *self, const CutoutViews *p)
{
  return self->shown != NULL && p != self->shown && self->shown->job == p->job
         && self->shown->mask != NULL && p->mask != NULL;
}

/* Zooms onto the region asked for (cutout_preview_show_region ()), in the
 * preview's pixels, which may be fewer than the photo's. */
static void
show_region (CutoutPreview *self, const CutoutViews *p)
{
  GdkTexture *texture = cutout_canvas_get_texture (self->canvas);
  double s = texture && p->image_width > 0
                 ? (double) gdk_texture_get_width (texture) / p->image_width
                 : 1;
  const CutoutBox *r = &self->region;

  self->region_job = NULL;
  cutout_canvas_show_region (self->canvas, r->x1 * s, r->y1 * s, r->x2 * s, r->y2 * s);
}

/* Once @job is shown (now, if it is), zooms onto @region of it, in the
 * photo's pixels: where its review doubts the cutout most. */
void
cutout_preview_show_region (CutoutPreview *self, CutoutJob *job, const CutoutBox *region)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  self->region_job = job;
  self->region = *region;
  if (self->shown != NULL && self->shown->job == job && job == self->job
      && !cutout_preview_is_busy (self))
    show_region (self, self->shown);
}

/* Shows @p, kept or just made; @touched as is_touched_up() said. */
static void
show (CutoutPreview *self, CutoutViews *p, gboolean touched)
{
  set_spinning (self, FALSE);
  self->touched = touched;
  self->shown = p;
  /* Boxes are drawn on this image only once it is shown, in its full size
   * (the preview may be a smaller copy). */
  cutout_canvas_set_boxes (self->canvas, self->job ? cutout_job_get_boxes (self->job) : NULL,
                           p->image_width, p->image_height);
  _cutout_preview_apply_view (self);
  self->touched = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "picture");
  if (self->region_job != NULL && self->region_job == p->job)
    show_region (self, p);
  /* A new image in ID photo mode gets its frame once its size is known. */
  if (self->id_mode && self->job != NULL && cutout_id_bar_get_job (self->id_bar) != self->job)
    cutout_id_bar_set_job (self->id_bar, self->job);
  if (self->product_mode && self->job != NULL
      && cutout_product_bar_get_job (self->product_bar) != self->job)
    cutout_product_bar_set_job (self->product_bar, self->job);
}

static void
cleaned_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutPreview *self = CUTOUT_PREVIEW (source);
  CutoutViews *cleaned;

  if (is_gone (self))
    return;
  cleaned = cutout_views_cache_finish_clean (self->kept, result);
  if (cleaned != NULL && cleaned == self->shown)
    {
      self->touched = TRUE;
      _cutout_preview_apply_view (self);
      self->touched = FALSE;
    }
}

static void
made_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CutoutPreview *self = CUTOUT_PREVIEW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutPhoto) photo = NULL;
  g_autoptr (CutoutImage) mask = NULL;
  g_autoptr (CutoutViews) made = cutout_views_make_finish (result, &photo, &mask, &error);
  gboolean clean, touched;
  CutoutViews *kept;

  if (made == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || is_gone (self))
        return;
      g_clear_object (&self->making);
      set_spinning (self, FALSE);
      self->shown = NULL;
      show_failed (self, self->job, error->message);
      return;
    }
  if (is_gone (self))
    return;
  g_clear_object (&self->making);
  clean = made->cleaning;
  touched = is_touched_up (self, made);
  kept = cutout_views_cache_add (self->kept, g_steal_pointer (&made));
  if (clean)
    cutout_views_clean_async (kept, g_steal_pointer (&photo), g_steal_pointer (&mask), self,
                              self->cancellable, cleaned_cb, NULL);
  show (self, kept, touched);
}

/* Not the last image's picture meanwhile (nor the failure). */
static void
clear_picture (CutoutPreview *self)
{
  self->shown = NULL;
  cutout_canvas_set_texture (self->canvas, NULL);
  cutout_canvas_set_compare (self->canvas, NULL);
  gtk_stack_set_visible_child_name (self->stack, "picture");
}

/* Shows the selected image as it is now: at once if its preview is kept,
 * else once it is made, with a spinner meanwhile. */
void
cutout_preview_refresh (CutoutPreview *self)
{
  CutoutJob *job = self->job;
  g_autoptr (CutoutPhoto) kept_photo = NULL;
  g_autoptr (GBytes) mask = NULL;
  gboolean clean_colours;
  CutoutViews *kept;
  CutoutView view;

  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  mask = job ? cutout_job_ref_mask_data (job) : NULL;
  clean_colours = g_settings_get_boolean (self->settings, "export-clean-colours");
  /* ID photo mode frames the cutout, whatever the view. */
  view = self->id_mode || self->product_mode ? CUTOUT_VIEW_RESULT : self->view;
  /* Already being made: asked again as the job finished, say. */
  if (self->making != NULL && mask != NULL && mask == self->making_mask && view == self->making_view
      && clean_colours == self->making_clean)
    return;
  g_cancellable_cancel (self->making);
  g_clear_object (&self->making);
  g_clear_pointer (&self->making_mask, g_bytes_unref);
  g_clear_pointer (&self->making_mask, g_bytes_unref);
  set_spinning (self, FALSE);
  if (job == NULL)
    {
      self->shown = NULL;
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }
  if (cutout_job_get_state (job) == CUTOUT_JOB_FAILED)
    {
      self->shown = NULL;
      show_failed (self, job, cutout_job_get_error_message (job));
      return;
    }
  kept = cutout_views_cache_find (self->kept, job, mask, clean_colours);
  if (kept != NULL && cutout_views_has (kept, view))
    {
      gboolean touched = is_touched_up (self, kept);
      cutout_views_cache_keep (self->kept, kept);
      show (self, kept, touched);
      return;
    }
  if (self->shown == NULL || self->shown->job != job)
    clear_picture (self);
  set_spinning (self, TRUE);
  self->making = g_cancellable_new ();
  g_clear_pointer (&self->making_mask, g_bytes_unref);
  self->making_mask = mask ? g_bytes_ref (mask) : NULL;
  self->making_view = view;
  self->making_clean = clean_colours;
  kept_photo = self->queue != NULL ? cutout_queue_ref_photo (self->queue, job) : NULL;
  cutout_views_make_async (self->shown, job, kept_photo, mask, clean_colours, view, self,
                           self->making, made_cb, NULL);
}

/* The view chosen; made when first wanted. */
static void
set_view (CutoutPreview *self, CutoutView view)
{
  self->view = view;
  if (self->shown != NULL && cutout_views_has (self->shown, view))
    _cutout_preview_apply_view (self);
  else
    cutout_preview_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

/* The preview shows the cutout as it will be saved. */
static void
clean_colours_changed_cb (CutoutPreview *self)
{
  if (self->shown != NULL)
    cutout_preview_refresh (self);
}

/* The job followed ----------------------------------------------------------------- */

/* While the selected image is being worked on, its progress over the
 * preview (which shows the photo meanwhile). */
static void
job_notify_cb (CutoutJob *job, GParamSpec *pspec, CutoutPreview *self)
{
  g_autofree char *text = cutout_job_describe_state (job);
  gboolean running = !cutout_job_is_finished (job);

  /* Touched up (a stroke, undone, redone): the cutout shown is made again. */
  if (pspec != NULL && g_str_equal (pspec->name, "has-result") && !running
      && cutout_job_get_state (job) == CUTOUT_JOB_DONE && self->shown != NULL
      && self->shown->job == job)
    cutout_preview_refresh (self);
  /* Run again (its boxes changed): no longer an image to frame or touch up. */
  if (running && self->id_mode)
    cutout_preview_set_id_mode (self, FALSE);
  if (running && self->product_mode)
    cutout_preview_set_product_mode (self, FALSE);
  if (running)
    cutout_canvas_set_brush_tool (self->canvas, FALSE);
  /* Retried (the page offered it): the photo again, with its progress. */
  if (running && g_str_equal (gtk_stack_get_visible_child_name (self->stack), "failed")
      && gtk_widget_get_visible (self->failed_retry_button))
    cutout_preview_refresh (self);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), running);
  gtk_progress_bar_set_fraction (self->progress, cutout_job_get_progress (job));
  gtk_progress_bar_set_text (self->progress, text);
}

/* The box bar's button: the boxes, or the whole image once they are cleared. */
static void
boxes_changed_cb (CutoutPreview *self)
{
  CutoutBoxList *boxes = self->job ? cutout_job_get_boxes (self->job) : NULL;

  gtk_button_set_label (self->box_run_button,
                        boxes != NULL && cutout_box_list_get_n_boxes (boxes) == 0
                            ? _ ("Cut Out _Whole Image")
                            : _ ("_Cut Out Boxes"));
}

/* Shows @job, the selected image (or none), and follows it: its progress
 * over the preview, its boxes (shown once the image is). */
void
cutout_preview_set_job (CutoutPreview *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  if (job != self->job)
    {
      cutout_canvas_set_boxes (self->canvas, NULL, 0, 0);
      g_set_object (&self->job, job);
      g_signal_group_set_target (self->job_signals, job);
      g_signal_group_set_target (self->boxes_signals, job ? cutout_job_get_boxes (job) : NULL);
      boxes_changed_cb (self);
      /* The frame goes with the old image; the new one gets its own once
       * its preview is shown. */
      if (self->id_mode)
        cutout_id_bar_set_job (self->id_bar, NULL);
      if (self->id_mode && (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE))
        cutout_preview_set_id_mode (self, FALSE);
      if (self->product_mode)
        cutout_product_bar_set_job (self->product_bar, NULL);
      if (self->product_mode && (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE))
        cutout_preview_set_product_mode (self, FALSE);
      if (job == NULL || cutout_job_get_state (job) != CUTOUT_JOB_DONE)
        cutout_canvas_set_brush_tool (self->canvas, FALSE);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
    }
  if (job != NULL)
    job_notify_cb (job, NULL, self);
  else
    gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
  if (!is_gone (self))
    cutout_preview_refresh (self);
}

CutoutJob *
cutout_preview_get_job (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);
  return self->job;
}

/* ID photo mode ----------------------------------------------------------------------- */

/* ID photo mode, for the selected image once it is cut out: the ID bar
 * shows, the preview shows the cutout on the ID backdrop colour with the
 * crop frame over it. The box tool and this mode exclude each other. */
void
cutout_preview_set_id_mode (CutoutPreview *self, gboolean id_mode)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  id_mode = id_mode && self->job != NULL && cutout_job_get_state (self->job) == CUTOUT_JOB_DONE;
  if (self->id_mode != id_mode)
    {
      self->id_mode = id_mode;
      if (id_mode)
        {
          cutout_canvas_set_box_tool (self->canvas, FALSE);
          cutout_canvas_set_brush_tool (self->canvas, FALSE);
          cutout_preview_set_product_mode (self, FALSE);
        }
      gtk_revealer_set_reveal_child (self->id_bar_revealer, id_mode);
      cutout_id_bar_set_job (self->id_bar, id_mode ? self->job : NULL);
      if (id_mode)
        gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
      _cutout_preview_backdrop_changed (self);
      if (self->shown != NULL && cutout_preview_get_result_texture (self) == NULL)
        cutout_preview_refresh (self); /* the cutout was not made for the view shown */
      else
        _cutout_preview_apply_view (self);
    }
  /* Also when refused, so that a toggle button shows the mode as it is. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID_MODE]);
}

gboolean
cutout_preview_get_id_mode (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);
  return self->id_mode;
}

/* Product photo mode, for the selected image once it is cut out: the
 * product bar shows, and the preview the product photo it would save
 * (the cutout until that is made). It excludes the tools and ID mode. */
void
cutout_preview_set_product_mode (CutoutPreview *self, gboolean product_mode)
{
  g_return_if_fail (CUTOUT_IS_PREVIEW (self));

  product_mode
      = product_mode && self->job != NULL && cutout_job_get_state (self->job) == CUTOUT_JOB_DONE;
  if (self->product_mode != product_mode)
    {
      self->product_mode = product_mode;
      if (product_mode)
        {
          cutout_canvas_set_box_tool (self->canvas, FALSE);
          cutout_canvas_set_brush_tool (self->canvas, FALSE);
          cutout_preview_set_id_mode (self, FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
        }
      gtk_revealer_set_reveal_child (self->product_bar_revealer, product_mode);
      cutout_product_bar_set_job (self->product_bar, product_mode ? self->job : NULL);
      _cutout_preview_backdrop_changed (self);
      if (self->shown != NULL && cutout_preview_get_result_texture (self) == NULL)
        cutout_preview_refresh (self);
      else
        _cutout_preview_apply_view (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRODUCT_MODE]);
}

gboolean
cutout_preview_get_product_mode (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);
  return self->product_mode;
}

/* Zoom -------------------------------------------------------------------------------- */

static void
zoom_changed_cb (CutoutPreview *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f %%", cutout_canvas_get_zoom (self->canvas) * 100);

  gtk_editable_set_text (GTK_EDITABLE (self->zoom_entry), label);
}

/* The zoom level typed in: "250", "250 %" or "250%". */
static void
zoom_entry_activate_cb (GtkEntry *entry, CutoutPreview *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  char *end = NULL;
  double percent = g_ascii_strtod (text, &end);

  if (end != text && percent > 0)
    cutout_canvas_set_zoom (self->canvas, percent / 100);
  zoom_changed_cb (self); /* shows what was applied */
}

/* For the window and the tests ------------------------------------------------------- */

CutoutCanvas *
cutout_preview_get_canvas (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);
  return self->canvas;
}

CutoutIdBar *
cutout_preview_get_id_bar (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);
  return self->id_bar;
}

CutoutProductBar *
cutout_preview_get_product_bar (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);
  return self->product_bar;
}

/* Its pages: "none", "failed" or "picture". */
GtkStack *
cutout_preview_get_stack (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);
  return self->stack;
}

/* The cutout of the selected image as exports write it (at full size up to
 * PREVIEW_MAX_SIZE), once made, or NULL. */
GdkTexture *
cutout_preview_get_result_texture (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  if (self->job == NULL || cutout_job_get_state (self->job) != CUTOUT_JOB_DONE
      || self->shown == NULL || self->shown->job != self->job || self->shown->cleaning)
    return NULL;
  return self->shown->views[CUTOUT_VIEW_RESULT];
}

/* The cutout shown of the selected image, or NULL; *@final tells whether it
 * is the one exports write (colours cleaned, if so set). */
GdkTexture *
cutout_preview_get_shown_result (CutoutPreview *self, gboolean *final)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), NULL);

  *final = FALSE;
  if (self->job == NULL || self->shown == NULL || self->shown->job != self->job)
    return NULL;
  *final = !self->shown->cleaning;
  return self->shown->views[CUTOUT_VIEW_RESULT];
}

/* Whether a spinner says the image is coming. */
gboolean
cutout_preview_is_busy (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), FALSE);
  return gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

/* How many images' previews are kept. */
guint
cutout_preview_get_n_kept (CutoutPreview *self)
{
  g_return_val_if_fail (CUTOUT_IS_PREVIEW (self), 0);
  return cutout_views_cache_get_len (self->kept);
}

/* GObject ---------------------------------------------------------------------------- */

static void
cutout_preview_dispose (GObject *object)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->making);
  g_clear_object (&self->making);
  self->shown = NULL;
  g_clear_pointer (&self->kept, cutout_views_cache_free);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  if (self->boxes_signals != NULL)
    g_signal_group_set_target (self->boxes_signals, NULL);
  g_clear_object (&self->job);
  g_clear_object (&self->queue);
  /* Before the template's widgets go: the handlers use the other widgets. */
  if (self->canvas != NULL)
    g_signal_handlers_disconnect_by_data (self->canvas, self);
  if (self->id_bar != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->id_bar, self);
      cutout_id_bar_set_canvas (self->id_bar, NULL);
    }
  if (self->product_bar != NULL)
    g_signal_handlers_disconnect_by_data (self->product_bar, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_PREVIEW);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->boxes_signals);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cutout_preview_parent_class)->dispose (object);
}

static void
cutout_preview_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  switch (prop_id)
    {
      case PROP_JOB:
        g_value_set_object (value, self->job);
        break;
      case PROP_VIEW:
        g_value_set_enum (value, self->view);
        break;
      case PROP_ID_MODE:
        g_value_set_boolean (value, self->id_mode);
        break;
      case PROP_PRODUCT_MODE:
        g_value_set_boolean (value, self->product_mode);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preview_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CutoutPreview *self = CUTOUT_PREVIEW (object);

  switch (prop_id)
    {
      case PROP_JOB:
        cutout_preview_set_job (self, g_value_get_object (value));
        break;
      case PROP_VIEW:
        set_view (self, g_value_get_enum (value));
        break;
      case PROP_ID_MODE:
        cutout_preview_set_id_mode (self, g_value_get_boolean (value));
        break;
      case PROP_PRODUCT_MODE:
        cutout_preview_set_product_mode (self, g_value_get_boolean (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_preview_class_init (CutoutPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = cutout_preview_dispose;
  object_class->get_property = cutout_preview_get_property;
  object_class->set_property = cutout_preview_set_property;

  /* The selected image. */
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, CUTOUT_TYPE_JOB, flags);
  /* The action preview.view, by the nicks: "result", "original", "mask"… */
  properties[PROP_VIEW]
      = g_param_spec_enum ("view", NULL, NULL, CUTOUT_TYPE_VIEW, CUTOUT_VIEW_RESULT, flags);
  properties[PROP_ID_MODE] = g_param_spec_boolean ("id-mode", NULL, NULL, FALSE, flags);
  properties[PROP_PRODUCT_MODE] = g_param_spec_boolean ("product-mode", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CUTOUT_TYPE_CANVAS);
  g_type_ensure (CUTOUT_TYPE_BRUSH_BAR);
  g_type_ensure (CUTOUT_TYPE_ID_BAR);
  g_type_ensure (CUTOUT_TYPE_PRODUCT_BAR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, failed_status);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, failed_retry_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, failed_remove_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, canvas);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, color_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, zoom_entry);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, progress);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, box_tool_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, box_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, brush_tool_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, brush_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, brush_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, box_run_button);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, id_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, id_bar);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, product_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, CutoutPreview, product_bar);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* The actions preview.view and preview.backdrop (remembered). */
static void
add_actions (CutoutPreview *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr (GAction) backdrop = g_settings_create_action (self->settings, "backdrop");
  g_autoptr (GPropertyAction) view = g_property_action_new ("view", self, "view");

  g_action_map_add_action (G_ACTION_MAP (group), backdrop);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (view));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "preview", G_ACTION_GROUP (group));
}

static void
cutout_preview_init (CutoutPreview *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cutout_tooltips_fix (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->kept = cutout_views_cache_new ();
  self->settings = g_settings_new (APP_ID);
  add_actions (self);
  g_signal_connect_swapped (self->settings, "changed::backdrop",
                            G_CALLBACK (_cutout_preview_backdrop_changed), self);
  g_signal_connect_swapped (self->settings, "changed::backdrop-color",
                            G_CALLBACK (_cutout_preview_backdrop_changed), self);
  g_signal_connect_swapped (self->settings, "changed::export-clean-colours",
                            G_CALLBACK (clean_colours_changed_cb), self);
  g_signal_connect (self->color_button, "color-set", G_CALLBACK (_cutout_preview_color_set), self);
  _cutout_preview_backdrop_changed (self);

  g_signal_connect_swapped (self->canvas, "notify::zoom", G_CALLBACK (zoom_changed_cb), self);
  g_signal_connect (self->zoom_entry, "activate", G_CALLBACK (zoom_entry_activate_cb), self);
  zoom_changed_cb (self);

  self->job_signals = g_signal_group_new (CUTOUT_TYPE_JOB);
  g_signal_group_connect (self->job_signals, "notify", G_CALLBACK (job_notify_cb), self);
  self->boxes_signals = g_signal_group_new (CUTOUT_TYPE_BOX_LIST);
  g_signal_group_connect_swapped (self->boxes_signals, "changed", G_CALLBACK (boxes_changed_cb),
                                  self);
  boxes_changed_cb (self);
  g_object_bind_property (self->canvas, "box-tool", self->box_tool_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->canvas, "box-tool", self->box_bar, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->canvas, "notify::box-tool",
                            G_CALLBACK (_cutout_preview_box_tool_changed), self);
  g_object_bind_property (self->canvas, "brush-tool", self->brush_tool_button, "active",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->canvas, "brush-tool", self->brush_bar_revealer, "reveal-child",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->canvas, "notify::brush-tool",
                            G_CALLBACK (_cutout_preview_brush_tool_changed), self);
  g_signal_connect_swapped (self->canvas, "stroke-finished",
                            G_CALLBACK (_cutout_preview_stroke_finished), self);
  cutout_brush_bar_bind (self->brush_bar, self->canvas, self->settings);

  cutout_id_bar_set_canvas (self->id_bar, self->canvas);
  g_signal_connect_swapped (self->id_bar, "backdrop-changed",
                            G_CALLBACK (_cutout_preview_backdrop_changed), self);
  g_signal_connect_swapped (self->product_bar, "preview-changed",
                            G_CALLBACK (_cutout_preview_product_changed), self);
}
