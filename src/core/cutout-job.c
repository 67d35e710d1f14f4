/* cutout-job.c
 *
 * A job is changed only on the thread that owns its queue: workers send
 * CutoutJobUpdates there. Every run of a job has a generation number, so that
 * the late reports of a run that was cancelled and restarted are ignored.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cutout-enums.h"
#include "cutout-job-private.h"

struct _CutoutJob
{
  GObject parent_instance;

  char *path;
  char *display_name;
  char *output;
  CutoutExportOptions export_options;
  CutoutBoxList *boxes; /* as the user edits them */
  GArray *run_boxes;    /* those the current (last) run uses */

  CutoutJobState state;
  gint64 state_since;
  double progress;
  /* The model's runs still to come, from when and what progress. */
  double model_from;
  gint64 model_since;
  guint model_runs;
  GError *error;
  int width, height;
  CutoutImage *thumbnail;
  GBytes *mask; /* compressed: a 12 MP mask takes ~100 KB instead of 12 MB */
  /* The touch-up: the strokes, as the user edits them; the model's mask,
   * which the queue paints them on (the same bytes as @mask without
   * strokes); a count of the strokes' changes, and that of those @mask has. */
  CutoutTouchUp *touchup;
  GBytes *model_mask;
  guint touchup_serial, mask_serial;
  gboolean touched_up, touchup_pending;
  /* The last run's review of its mask (cutout-review.c); a touch-up keeps
   * it: the strokes are the user's own look at the cutout. */
  CutoutReview *review;

  guint generation;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CutoutJob, cutout_job, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_DISPLAY_NAME,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_ERROR_MESSAGE,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_THUMBNAIL,
  PROP_HAS_RESULT,
  PROP_BOXES_PENDING,
  PROP_TOUCHED_UP,
  PROP_TOUCHUP_PENDING,
  PROP_REVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
cutout_job_update_free (CutoutJobUpdate *update)
{
  if (update == NULL)
    return;
  g_clear_error (&update->error);
  cutout_image_free (update->thumbnail);
  g_clear_pointer (&update->mask, g_bytes_unref);
  g_clear_pointer (&update->model_mask, g_bytes_unref);
  cutout_review_free (update->review);
  g_free (update);
}

static void
cutout_job_finalize (GObject *object)
{
  CutoutJob *self = CUTOUT_JOB (object);

  g_free (self->path);
  g_free (self->display_name);
  g_free (self->output);
  g_clear_error (&self->error);
  cutout_image_free (self->thumbnail);
  g_clear_pointer (&self->mask, g_bytes_unref);
  g_clear_pointer (&self->model_mask, g_bytes_unref);
  cutout_review_free (self->review);
  g_clear_object (&self->cancellable);
  g_signal_handlers_disconnect_by_data (self->touchup, self);
  g_clear_object (&self->touchup);
  g_signal_handlers_disconnect_by_data (self->boxes, self);
  g_clear_object (&self->boxes);
  g_clear_pointer (&self->run_boxes, g_array_unref);

  G_OBJECT_CLASS (cutout_job_parent_class)->finalize (object);
}

static void
cutout_job_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutJob *self = CUTOUT_JOB (object);

  switch (prop_id)
    {
      case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
      case PROP_DISPLAY_NAME:
        g_value_set_string (value, self->display_name);
        break;
      case PROP_STATE:
        g_value_set_enum (value, self->state);
        break;
      case PROP_PROGRESS:
        g_value_set_double (value, self->progress);
        break;
      case PROP_ERROR_MESSAGE:
        g_value_set_string (value, cutout_job_get_error_message (self));
        break;
      case PROP_WIDTH:
        g_value_set_int (value, self->width);
        break;
      case PROP_HEIGHT:
        g_value_set_int (value, self->height);
        break;
      case PROP_THUMBNAIL:
        g_value_set_boxed (value, self->thumbnail);
        break;
      case PROP_HAS_RESULT:
        g_value_set_boolean (value, self->mask != NULL);
        break;
      case PROP_BOXES_PENDING:
        g_value_set_boolean (value, cutout_job_get_boxes_pending (self));
        break;
      case PROP_TOUCHED_UP:
        g_value_set_boolean (value, self->touched_up);
        break;
      case PROP_TOUCHUP_PENDING:
        g_value_set_boolean (value, self->touchup_pending);
        break;
      case PROP_REVIEW:
        g_value_set_boxed (value, self->review);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_job_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  CutoutJob *self = CUTOUT_JOB (object);

  switch (prop_id)
    {
      case PROP_PATH:
        self->path = g_value_dup_string (value);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_job_constructed (GObject *object)
{
  CutoutJob *self = CUTOUT_JOB (object);
  g_autofree char *base = g_path_get_basename (self->path);

  G_OBJECT_CLASS (cutout_job_parent_class)->constructed (object);
  self->display_name = g_filename_display_name (base);
}

static void
cutout_job_class_init (CutoutJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cutout_job_finalize;
  object_class->constructed = cutout_job_constructed;
  object_class->get_property = cutout_job_get_property;
  object_class->set_property = cutout_job_set_property;

  properties[PROP_PATH]
      = g_param_spec_string ("path", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, ro);
  properties[PROP_STATE]
      = g_param_spec_enum ("state", NULL, NULL, CUTOUT_TYPE_JOB_STATE, CUTOUT_JOB_QUEUED, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_WIDTH] = g_param_spec_int ("width", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_HEIGHT] = g_param_spec_int ("height", NULL, NULL, 0, G_MAXINT, 0, ro);
  properties[PROP_THUMBNAIL] = g_param_spec_boxed ("thumbnail", NULL, NULL, CUTOUT_TYPE_IMAGE, ro);
  properties[PROP_HAS_RESULT] = g_param_spec_boolean ("has-result", NULL, NULL, FALSE, ro);
  /* Whether the boxes differ from those the result was (is being) made with. */
  properties[PROP_BOXES_PENDING] = g_param_spec_boolean ("boxes-pending", NULL, NULL, FALSE, ro);
  /* Whether any stroke is painted on the model's mask (cutout_job_get_touchup()). */
  properties[PROP_TOUCHED_UP] = g_param_spec_boolean ("touched-up", NULL, NULL, FALSE, ro);
  /* Whether the queue is painting the strokes again, the mask shown not
   * yet the one they make. */
  properties[PROP_TOUCHUP_PENDING]
      = g_param_spec_boolean ("touchup-pending", NULL, NULL, FALSE, ro);
  properties[PROP_REVIEW] = g_param_spec_boxed ("review", NULL, NULL, CUTOUT_TYPE_REVIEW, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
boxes_changed_cb (CutoutBoxList *boxes, CutoutJob *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOXES_PENDING]);
}

static void
touchup_changed_cb (CutoutTouchUp *touchup, CutoutJob *self)
{
  gboolean touched_up = cutout_touchup_get_n_strokes (touchup) > 0;

  self->touchup_serial++;
  if (touched_up == self->touched_up)
    return;
  self->touched_up = touched_up;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOUCHED_UP]);
}

static void
cutout_job_init (CutoutJob *self)
{
  cutout_export_options_init (&self->export_options);
  self->boxes = cutout_box_list_new ();
  self->run_boxes = g_array_new (FALSE, FALSE, sizeof (CutoutBox));
  g_signal_connect (self->boxes, "changed", G_CALLBACK (boxes_changed_cb), self);
  self->touchup = cutout_touchup_new ();
  g_signal_connect (self->touchup, "changed", G_CALLBACK (touchup_changed_cb), self);
  self->cancellable = g_cancellable_new ();
  self->state_since = g_get_monotonic_time ();
}

/* A job for the image at @path (in the file system's encoding). */
CutoutJob *
cutout_job_new (const char *path)
{
  g_return_val_if_fail (path != NULL, NULL);
  return g_object_new (CUTOUT_TYPE_JOB, "path", path, NULL);
}

const char *
cutout_job_get_path (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->path;
}

/* The file's name, in UTF-8, for messages. */
const char *
cutout_job_get_display_name (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->display_name;
}

CutoutJobState
cutout_job_get_state (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), CUTOUT_JOB_QUEUED);
  return self->state;
}

/* Done, failed or cancelled: nothing more will happen unless it is re-run. */
gboolean
cutout_job_is_finished (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), FALSE);
  return self->state >= CUTOUT_JOB_DONE;
}

double
cutout_job_get_progress (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->progress;
}

const GError *
cutout_job_get_error (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->error;
}

/* Why the job failed, or NULL. */
const char *
cutout_job_get_error_message (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->error ? self->error->message : NULL;
}

/* The image's size once it has been decoded (upright), else 0. */
int
cutout_job_get_width (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->width;
}

int
cutout_job_get_height (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), 0);
  return self->height;
}

/* A small RGBA copy of the image (at most 160 px a side) once decoded. */
const CutoutImage *
cutout_job_get_thumbnail (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->thumbnail;
}

/* The mask as kept (compressed), or NULL before the job is done: to hand to
 * another thread, which can then cutout_mask_decompress() it. */
GBytes *
cutout_job_ref_mask_data (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->mask ? g_bytes_ref (self->mask) : NULL;
}

/* The cut-out mask at the image's full size, or NULL before the job is done. */
CutoutImage *
cutout_job_dup_mask (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);

  if (self->mask == NULL)
    return NULL;
  return cutout_mask_decompress (self->mask, self->width, self->height);
}

/* The model's mask, as the last run made it, before the touch-up's strokes
 * (compressed, the same bytes as cutout_job_ref_mask_data() without
 * strokes), or NULL before the job is done. */
GBytes *
cutout_job_ref_model_mask_data (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->model_mask ? g_bytes_ref (self->model_mask) : NULL;
}

/* The strokes erasing and restoring parts of the mask. Edit them on the
 * thread that owns the queue: it paints them on the model's mask again
 * after each change (cutout_queue_apply_touchup()), and after each run,
 * Run Again included. */
CutoutTouchUp *
cutout_job_get_touchup (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->touchup;
}

/* Whether any stroke is painted on the model's mask. */
gboolean
cutout_job_get_touched_up (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), FALSE);
  return self->touched_up;
}

/* Whether the mask is being made again for the strokes as they are now. */
gboolean
cutout_job_get_touchup_pending (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), FALSE);
  return self->touchup_pending;
}

/* The last run's review of the cutout (whether to check it, why, where),
 * or NULL until a run is done: set with its mask, notified by "review". */
const CutoutReview *
cutout_job_get_review (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->review;
}

static void
set_review (CutoutJob *self, CutoutReview *review)
{
  if (self->review == NULL && review == NULL)
    return;
  cutout_review_free (self->review);
  self->review = review;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

/* The boxes drawn around the subjects: the next run cuts out only what is
 * inside them, or, if there are none, the whole image as the model sees it.
 * Edit them on the thread that owns the queue. */
CutoutBoxList *
cutout_job_get_boxes (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->boxes;
}

/* The boxes (a GArray of CutoutBox) that the current or last run uses: empty
 * when it cuts out the whole image. */
GArray *
cutout_job_get_run_boxes (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->run_boxes;
}

/* Whether the boxes have changed since the current or last run began, so
 * that running again would give another result. */
gboolean
cutout_job_get_boxes_pending (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), FALSE);
  return !cutout_box_list_same_boxes (self->boxes, self->run_boxes);
}

/* Where the worker writes the result; NULL (the default) keeps it in memory only. */
const char *
cutout_job_get_output (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return self->output;
}

void
cutout_job_set_output (CutoutJob *self, const char *path)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));
  g_free (self->output);
  self->output = g_strdup (path);
}

/* How the output is written (a PNG with alpha, unless set). */
const CutoutExportOptions *
cutout_job_get_export_options (CutoutJob *self)
{
  g_return_val_if_fail (CUTOUT_IS_JOB (self), NULL);
  return &self->export_options;
}

void
cutout_job_set_export_options (CutoutJob *self, const CutoutExportOptions *options)
{
  g_return_if_fail (CUTOUT_IS_JOB (self));
  self->export_options = *options;
}

/* For the queue ----------------------------------------------------------------- */

/* A copy of the boxes for a run about to start, which are from now on the
 * ones its result comes from. */
GArray *
cutout_job_start_boxes (CutoutJob *self)
{
  GArray *boxes = cutout_box_list_dup_boxes (self->boxes);

  g_array_unref (self->run_boxes);
  self->run_boxes = cutout_box_list_dup_boxes (self->boxes);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BOXES_PENDING]);
  return boxes;
}

/* A count of the strokes' changes: a mask made for an older one is stale. */
guint
cutout_job_get_touchup_serial (CutoutJob *self)
{
  return self->touchup_serial;
}

/* The touch-up serial of the strokes the mask shown has. */
guint
cutout_job_get_mask_serial (CutoutJob *self)
{
  return self->mask_serial;
}

static void
set_mask (CutoutJob *self, GBytes *mask, guint serial)
{
  g_clear_pointer (&self->mask, g_bytes_unref);
  self->mask = mask;
  self->mask_serial = serial;
  /* Listeners (the preview) take a new mask from this, as when a run ends. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

/* Shows @mask (taken), the model's mask with the strokes of touch-up
 * serial @serial painted on it. */
void
cutout_job_set_touched_mask (CutoutJob *self, GBytes *mask, guint serial)
{
  set_mask (self, mask, serial);
}

void
cutout_job_set_touchup_pending (CutoutJob *self, gboolean pending)
{
  pending = !!pending;
  if (pending == self->touchup_pending)
    return;
  self->touchup_pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOUCHUP_PENDING]);
}

guint
cutout_job_get_generation (CutoutJob *self)
{
  return self->generation;
}

GCancellable *
cutout_job_get_cancellable (CutoutJob *self)
{
  return self->cancellable;
}

gint64
cutout_job_get_state_since (CutoutJob *self)
{
  return self->state_since;
}

/* What the queue estimates the model's progress from: @n_runs runs of
 * the model started at @since, when the job's progress was @from. */
void
cutout_job_get_model_runs (CutoutJob *self, double *from, gint64 *since, guint *n_runs)
{
  *from = self->model_from;
  *since = self->model_since;
  *n_runs = self->model_runs;
}

/* Runs added to a job cutting out go on from the progress shown, so that
 * the bar neither stalls through them nor goes back. */
static void
set_model_runs (CutoutJob *self, const CutoutJobUpdate *update)
{
  gboolean more = self->state == CUTOUT_JOB_CUTTING_OUT;

  self->model_from = more ? self->progress : update->progress;
  self->model_since = g_get_monotonic_time ();
  self->model_runs = update->model_runs;
}

void
cutout_job_set_progress (CutoutJob *self, double progress)
{
  progress = CLAMP (progress, 0, 1);
  if (progress == self->progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_state (CutoutJob *self, CutoutJobState state)
{
  if (state == self->state)
    return;
  self->state = state;
  self->state_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Cancels the current run, if any, and makes the job queued again, with a
 * new cancellable and generation. The result of an earlier run is dropped. */
guint
cutout_job_restart (CutoutJob *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  if (self->error != NULL)
    {
      g_clear_error (&self->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  g_clear_pointer (&self->model_mask, g_bytes_unref);
  if (self->mask != NULL)
    {
      g_clear_pointer (&self->mask, g_bytes_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
    }
  set_review (self, NULL);
  cutout_job_set_touchup_pending (self, FALSE);
  set_state (self, CUTOUT_JOB_QUEUED);
  cutout_job_set_progress (self, 0);
  g_object_thaw_notify (G_OBJECT (self));
  return self->generation;
}

/* Ends the current run as cancelled at once: whatever its worker still
 * reports is ignored, and the worker stops at its next check. */
void
cutout_job_abandon (CutoutJob *self)
{
  CutoutJobUpdate update = { CUTOUT_JOB_CANCELLED, 0 };

  g_cancellable_cancel (self->cancellable);
  self->generation++;
  cutout_job_apply (self, &update);
}

/* Takes over what @update carries and tells listeners. */
void
cutout_job_apply (CutoutJob *self, CutoutJobUpdate *update)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (update->width > 0 && (update->width != self->width || update->height != self->height))
    {
      self->width = update->width;
      self->height = update->height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEIGHT]);
    }
  if (update->thumbnail != NULL)
    {
      cutout_image_free (self->thumbnail);
      self->thumbnail = g_steal_pointer (&update->thumbnail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
    }
  if (update->error != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&update->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
    }
  if (update->mask != NULL)
    {
      g_clear_pointer (&self->model_mask, g_bytes_unref);
      self->model_mask
          = update->model_mask ? g_steal_pointer (&update->model_mask) : g_bytes_ref (update->mask);
      set_mask (self, g_steal_pointer (&update->mask), update->touchup_serial);
      set_review (self, g_steal_pointer (&update->review));
    }
  if (update->state == CUTOUT_JOB_CUTTING_OUT && update->model_runs > 0)
    set_model_runs (self, update);
  set_state (self, update->state);
  if (update->progress >= 0)
    cutout_job_set_progress (self, update->progress);
  g_object_thaw_notify (G_OBJECT (self));
}
