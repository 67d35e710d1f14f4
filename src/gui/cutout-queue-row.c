/* cutout-queue-row.c: one image of the queue in the window's list
 *
 * The row shows its job and follows it: thumbnail, name, size and state, and
 * a progress bar, which the template binds to the job's properties. Its
 * menu acts on the job through the window's job actions (win.job-retry and
 * friends, given the job's path), so that only the window touches the queue.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cutout-queue-row.h"
#include "cutout-tooltips.h"
#include "cutout-touchup.h"

struct _CutoutQueueRow
{
  GtkWidget parent_instance;

  CutoutJob *job;
  gulong state_id; /* notify::state on job */

  /* Template widgets; box is the row's only child, bound so that
   * gtk_widget_dispose_template() unparents it. */
  GtkWidget *box;
  GtkLabel *state_label;
  GtkWidget *review_badge;
};

G_DEFINE_FINAL_TYPE (CutoutQueueRow, cutout_queue_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A texture of @image (8-bit RGBA, straight alpha, or gray). */
GdkTexture *
cutout_texture_new_for_image (const CutoutImage *image)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize stride = cutout_image_stride (image);

  if (image->n_channels == 4)
    {
      bytes = g_bytes_new (image->pixels, stride * image->height);
      return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8A8, bytes,
                                     stride);
    }
  else
    {
      /* GTK 4.8 has no gray memory format: spread it to RGB. */
      gsize out_stride = (gsize) image->width * 3;
      guint8 *rgb = g_malloc (out_stride * image->height);
      for (int y = 0; y < image->height; y++)
        {
          const guint8 *in = cutout_image_row (image, y);
          guint8 *out = rgb + y * out_stride;
          for (int x = 0; x < image->width; x++)
            out[x * 3] = out[x * 3 + 1] = out[x * 3 + 2] = in[x];
        }
      bytes = g_bytes_new_take (rgb, out_stride * image->height);
      return gdk_memory_texture_new (image->width, image->height, GDK_MEMORY_R8G8B8, bytes,
                                     out_stride);
    }
}

/* What a job is doing, for a person: "1920 × 1080 · Cutting out…". */
char *
cutout_job_describe_state (CutoutJob *job)
{
  const char *state = NULL;
  g_autofree char *with_boxes = NULL;
  g_autofree char *touched = NULL;
  guint n_boxes;

  switch (cutout_job_get_state (job))
    {
      case CUTOUT_JOB_QUEUED:
        state = _ ("Waiting");
        break;
      case CUTOUT_JOB_DECODING:
        state = _ ("Opening…");
        break;
      case CUTOUT_JOB_CUTTING_OUT:
        state = _ ("Cutting out…");
        break;
      case CUTOUT_JOB_REFINING:
        state = _ ("Refining edges…");
        break;
      case CUTOUT_JOB_SAVING:
        state = _ ("Saving…");
        break;
      case CUTOUT_JOB_DONE:
        state = _ ("Done");
        break;
      case CUTOUT_JOB_FAILED:
        /* The message says what is wrong with this file. */
        return g_strdup (cutout_job_get_error_message (job));
      case CUTOUT_JOB_CANCELLED:
        state = _ ("Cancelled");
        break;
    }
  n_boxes = cutout_job_get_run_boxes (job)->len;
  if (n_boxes > 0)
    {
      /* Translators: what is happening to an image, and in how many of the
       * boxes drawn on it */
      with_boxes
          = g_strdup_printf (ngettext ("%s · %u box", "%s · %u boxes", n_boxes), state, n_boxes);
      state = with_boxes;
    }
  if (cutout_job_get_state (job) == CUTOUT_JOB_DONE
      && cutout_touchup_get_n_strokes (cutout_job_get_touchup (job)) > 0)
    {
      /* Translators: what is happening to an image, and that it was touched
       * up by hand */
      touched = g_strdup_printf (_ ("%s · touched up"), state);
      state = touched;
    }
  if (cutout_job_get_width (job) <= 0)
    return g_strdup (state);
  /* Translators: an image's size, then what is happening to it */
  return g_strdup_printf (_ ("%d × %d · %s"), cutout_job_get_width (job),
                          cutout_job_get_height (job), state);
}

/* Closures of the template's bindings. Each takes what it reads as lookups,
 * so that the binding is evaluated again whenever one of them changes. With
 * no job, the lookups of its properties fail and the bindings leave their
 * widgets as they are: the row then hides its box (has_job_cb). */

static gboolean
has_job_cb (CutoutQueueRow *self, CutoutJob *job)
{
  return job != NULL;
}

/* cutout_job_describe_state() reads the state, the size, the error message,
 * the run boxes and the touch-up; the run boxes are taken when a run
 * starts, which notifies boxes-pending, so that lookup stands for them. */
static char *
describe_state_cb (CutoutQueueRow *self,
                   CutoutJob *job,
                   CutoutJobState state,
                   int width,
                   int height,
                   const char *error_message,
                   gboolean boxes_pending,
                   gboolean touched_up)
{
  return job != NULL ? cutout_job_describe_state (job) : NULL;
}

static gboolean
is_running_cb (CutoutQueueRow *self, CutoutJob *job, CutoutJobState state)
{
  return job != NULL && !cutout_job_is_finished (job);
}

/* The "Check" badge: the job's review flags it. */
static gboolean
needs_review_cb (CutoutQueueRow *self, const CutoutReview *review)
{
  return review != NULL && review->needs_review;
}

/* Why, for the badge's tooltip: "Check: large unsure area; holes inside
 * the subject". */
static char *
review_reasons_cb (CutoutQueueRow *self, const CutoutReview *review)
{
  g_autofree char *reasons = NULL;

  if (review == NULL || !review->needs_review)
    return NULL;
  reasons = cutout_review_describe (review, _ ("; "));
  /* Translators: the reasons a cutout needs a look, after the badge's word */
  return g_strdup_printf (_ ("Check: %s"), reasons);
}

/* The placeholder icon stays until the job has a thumbnail. */
static char *
thumbnail_page_cb (CutoutQueueRow *self, const CutoutImage *thumbnail)
{
  return g_strdup (thumbnail != NULL ? "thumbnail" : "placeholder");
}

static GdkPaintable *
thumbnail_paintable_cb (CutoutQueueRow *self, const CutoutImage *thumbnail)
{
  return thumbnail != NULL ? GDK_PAINTABLE (cutout_texture_new_for_image (thumbnail)) : NULL;
}

/* What cannot be a binding: which of the row's actions apply to the job's
 * state, and the error style of its state (GTK 4.8 can only bind the whole
 * css-classes list, which would take the label's other classes out of the
 * template). */
static void
state_changed (CutoutQueueRow *self)
{
  gboolean failed = FALSE, retry = FALSE, rerun = FALSE, cancel = FALSE;

  if (self->job != NULL)
    {
      CutoutJobState state = cutout_job_get_state (self->job);

      failed = state == CUTOUT_JOB_FAILED;
      retry = failed || state == CUTOUT_JOB_CANCELLED;
      /* A finished image, cut out again with the edge settings of now. */
      rerun = state == CUTOUT_JOB_DONE;
      cancel = !cutout_job_is_finished (self->job);
    }
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.retry", retry);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.rerun", rerun);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.cancel", cancel);
}

/* The row's menu asks the window to act on this row's job. */
static void
forward_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (widget);
  const char *verb = strchr (action_name, '.') + 1;
  g_autofree char *win_action = g_strconcat ("win.job-", verb, NULL);

  if (self->job != NULL)
    gtk_widget_activate_action (widget, win_action, "s", cutout_job_get_path (self->job));
}

/* The template's bindings follow the job; the rest is state_changed(). */
void
cutout_queue_row_set_job (CutoutQueueRow *self, CutoutJob *job)
{
  g_return_if_fail (CUTOUT_IS_QUEUE_ROW (self));
  g_return_if_fail (job == NULL || CUTOUT_IS_JOB (job));

  if (self->job == job)
    return;
  if (self->job != NULL)
    g_clear_signal_handler (&self->state_id, self->job);
  g_set_object (&self->job, job);
  if (job != NULL)
    self->state_id
        = g_signal_connect_swapped (job, "notify::state", G_CALLBACK (state_changed), self);
  state_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

CutoutJob *
cutout_queue_row_get_job (CutoutQueueRow *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_ROW (self), NULL);
  return self->job;
}

static void
cutout_queue_row_dispose (GObject *object)
{
  CutoutQueueRow *self = CUTOUT_QUEUE_ROW (object);

  cutout_queue_row_set_job (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CUTOUT_TYPE_QUEUE_ROW);

  G_OBJECT_CLASS (cutout_queue_row_parent_class)->dispose (object);
}

static void
cutout_queue_row_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_JOB:
        g_value_set_object (value, CUTOUT_QUEUE_ROW (object)->job);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_row_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
      case PROP_JOB:
        cutout_queue_row_set_job (CUTOUT_QUEUE_ROW (object), g_value_get_object (value));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_queue_row_class_init (CutoutQueueRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cutout_queue_row_dispose;
  object_class->get_property = cutout_queue_row_get_property;
  object_class->set_property = cutout_queue_row_set_property;

  properties[PROP_JOB]
      = g_param_spec_object ("job", NULL, NULL, CUTOUT_TYPE_JOB,
                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template looks its properties up by the type's name. */
  g_type_ensure (CUTOUT_TYPE_JOB);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cutout/Cutout/ui/cutout-queue-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, box);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CutoutQueueRow, review_badge);
  gtk_widget_class_bind_template_callback (widget_class, has_job_cb);
  gtk_widget_class_bind_template_callback (widget_class, describe_state_cb);
  gtk_widget_class_bind_template_callback (widget_class, is_running_cb);
  gtk_widget_class_bind_template_callback (widget_class, needs_review_cb);
  gtk_widget_class_bind_template_callback (widget_class, review_reasons_cb);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_page_cb);
  gtk_widget_class_bind_template_callback (widget_class, thumbnail_paintable_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "row.retry", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.rerun", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.cancel", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.open-folder", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, forward_action);
}

static void
cutout_queue_row_init (CutoutQueueRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cutout_tooltips_fix (GTK_WIDGET (self));
  /* Its text (the state, or why the image failed) comes with the job. */
  cutout_tooltips_follow (GTK_WIDGET (self->state_label));
}

GtkWidget *
cutout_queue_row_new (void)
{
  return g_object_new (CUTOUT_TYPE_QUEUE_ROW, NULL);
}

/* The "Check" badge (for the tests). */
GtkWidget *
cutout_queue_row_get_review_badge (CutoutQueueRow *self)
{
  g_return_val_if_fail (CUTOUT_IS_QUEUE_ROW (self), NULL);
  return self->review_badge;
}
