/* cutout-touchup.c: the strokes painted on one image, with undo and redo
 *
 * As with the boxes (cutout-box-list.c), every edit keeps the list as it
 * was on the undo stack (cutout-history.c): the lists share their strokes,
 * which never change once added (reference-counted), so a step costs a few
 * pointers. The mask itself is never kept per step: the queue paints all
 * the strokes again on the model's mask (cutout-queue.c), so undoing gives
 * back exactly the mask as it was.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-history.h"
#include "cutout-touchup.h"

struct _CutoutTouchUp
{
  GObject parent_instance;

  CutoutHistory *history; /* of GPtrArray of shared CutoutStroke (stroke_share()) */
};

G_DEFINE_FINAL_TYPE (CutoutTouchUp, cutout_touchup, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_STROKES,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
stroke_clear (gpointer data)
{
  g_array_unref (((CutoutStroke *) data)->points);
}

/* A copy of @stroke that lists share by reference. */
static CutoutStroke *
stroke_share (const CutoutStroke *stroke)
{
  CutoutStroke *copy = g_atomic_rc_box_new0 (CutoutStroke);

  *copy = *stroke;
  copy->points = g_array_copy (stroke->points);
  return copy;
}

static void
stroke_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, stroke_clear);
}

static GPtrArray *
strokes_new (void)
{
  return g_ptr_array_new_with_free_func (stroke_release);
}

static GPtrArray *
strokes_copy (GPtrArray *strokes)
{
  GPtrArray *copy = g_ptr_array_new_full (strokes->len + 1, stroke_release);

  for (guint i = 0; i < strokes->len; i++)
    g_ptr_array_add (copy, g_atomic_rc_box_acquire (strokes->pdata[i]));
  return copy;
}

/* The strokes as they are now; valid until the next edit, undo or redo. */
static GPtrArray *
current (CutoutTouchUp *self)
{
  return cutout_history_get (self->history);
}

static void
cutout_touchup_finalize (GObject *object)
{
  CutoutTouchUp *self = CUTOUT_TOUCHUP (object);

  cutout_history_free (self->history);

  G_OBJECT_CLASS (cutout_touchup_parent_class)->finalize (object);
}

static void
cutout_touchup_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutTouchUp *self = CUTOUT_TOUCHUP (object);

  switch (prop_id)
    {
      case PROP_N_STROKES:
        g_value_set_uint (value, current (self)->len);
        break;
      case PROP_CAN_UNDO:
        g_value_set_boolean (value, cutout_touchup_can_undo (self));
        break;
      case PROP_CAN_REDO:
        g_value_set_boolean (value, cutout_touchup_can_redo (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_touchup_class_init (CutoutTouchUpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cutout_touchup_finalize;
  object_class->get_property = cutout_touchup_get_property;

  properties[PROP_N_STROKES] = g_param_spec_uint ("n-strokes", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after any change to the strokes, undo and redo included. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
cutout_touchup_init (CutoutTouchUp *self)
{
  self->history = cutout_history_new (strokes_new (), (GDestroyNotify) g_ptr_array_unref);
}

CutoutTouchUp *
cutout_touchup_new (void)
{
  return g_object_new (CUTOUT_TYPE_TOUCHUP, NULL);
}

guint
cutout_touchup_get_n_strokes (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), 0);
  return current (self)->len;
}

/* The stroke at @index, in the order painted; valid until the next edit. */
const CutoutStroke *
cutout_touchup_get_stroke (CutoutTouchUp *self, guint index)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), NULL);
  g_return_val_if_fail (index < current (self)->len, NULL);
  return current (self)->pdata[index];
}

static void
changed (CutoutTouchUp *self, guint old_len, gboolean could_undo, gboolean could_redo)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (old_len != current (self)->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_STROKES]);
  if (could_undo != cutout_touchup_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != cutout_touchup_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Makes @strokes the list (taking it), as an edit that can be undone. */
static void
edit (CutoutTouchUp *self, GPtrArray *strokes)
{
  guint old_len = current (self)->len;
  gboolean could_undo = cutout_touchup_can_undo (self);
  gboolean could_redo = cutout_touchup_can_redo (self);

  cutout_history_edit (self->history, strokes);
  changed (self, old_len, could_undo, could_redo);
}

/* Adds a copy of @stroke, painted after the others, as one step. A stroke
 * with no points changes nothing and is not added. */
void
cutout_touchup_add (CutoutTouchUp *self, const CutoutStroke *stroke)
{
  GPtrArray *strokes;

  g_return_if_fail (CUTOUT_IS_TOUCHUP (self));
  g_return_if_fail (stroke != NULL);

  if (stroke->points->len == 0)
    return;
  strokes = strokes_copy (current (self));
  g_ptr_array_add (strokes, stroke_share (stroke));
  edit (self, strokes);
}

/* Drops every stroke (the model's mask comes back), as one step that can be
 * undone. */
void
cutout_touchup_reset (CutoutTouchUp *self)
{
  g_return_if_fail (CUTOUT_IS_TOUCHUP (self));

  if (current (self)->len == 0)
    return;
  edit (self, strokes_new ());
}

gboolean
cutout_touchup_can_undo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return cutout_history_can_undo (self->history);
}

gboolean
cutout_touchup_can_redo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return cutout_history_can_redo (self->history);
}

/* Undoes or redoes (@move) the last edit, then says what changed. */
static gboolean
step (CutoutTouchUp *self, gboolean (*move) (CutoutHistory *history))
{
  guint old_len = current (self)->len;
  gboolean could_undo = cutout_touchup_can_undo (self);
  gboolean could_redo = cutout_touchup_can_redo (self);

  if (!move (self->history))
    return FALSE;
  changed (self, old_len, could_undo, could_redo);
  return TRUE;
}

/* Takes back the last edit; FALSE if there is none. */
gboolean
cutout_touchup_undo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return step (self, cutout_history_undo);
}

/* Makes again the last edit undone; FALSE if there is none. */
gboolean
cutout_touchup_redo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return step (self, cutout_history_redo);
}

/* A copy of the strokes (CutoutStroke, freed with the array), in order, for
 * another thread: cutout_strokes_apply() paints them. */
GPtrArray *
cutout_touchup_dup_strokes (CutoutTouchUp *self)
{
  GPtrArray *strokes, *copy;

  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), NULL);

  strokes = current (self);
  copy = g_ptr_array_new_full (strokes->len, (GDestroyNotify) cutout_stroke_free);
  for (guint i = 0; i < strokes->len; i++)
    g_ptr_array_add (copy, cutout_stroke_copy (strokes->pdata[i]));
  return copy;
}
