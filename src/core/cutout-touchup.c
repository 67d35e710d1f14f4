/* cutout-touchup.c: the strokes painted on one image, with undo and redo
 *
 * As with the boxes (cutout-box-list.c), every edit keeps the list as it
 * was on the undo stack: the lists share their strokes, which never change
 * once added (reference-counted), so a step costs a few pointers. The mask
 * itself is never kept per step: the queue paints all the strokes again on
 * the model's mask (cutout-queue.c), so undoing gives back exactly the
 * mask as it was.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-touchup.h"

/* Edits that can be undone, per image. */
#define MAX_HISTORY 200

struct _CutoutTouchUp
{
  GObject parent_instance;

  GPtrArray *strokes;     /* of shared CutoutStroke (stroke_share()) */
  GPtrArray *undo, *redo; /* of GPtrArray like @strokes: earlier (later) lists */
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

static void
cutout_touchup_finalize (GObject *object)
{
  CutoutTouchUp *self = CUTOUT_TOUCHUP (object);

  g_ptr_array_unref (self->strokes);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);

  G_OBJECT_CLASS (cutout_touchup_parent_class)->finalize (object);
}

static void
cutout_touchup_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutTouchUp *self = CUTOUT_TOUCHUP (object);

  switch (prop_id)
    {
      case PROP_N_STROKES:
        g_value_set_uint (value, self->strokes->len);
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
  self->strokes = strokes_new ();
  self->undo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->redo = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
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
  return self->strokes->len;
}

/* The stroke at @index, in the order painted; valid until the next edit. */
const CutoutStroke *
cutout_touchup_get_stroke (CutoutTouchUp *self, guint index)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), NULL);
  g_return_val_if_fail (index < self->strokes->len, NULL);
  return self->strokes->pdata[index];
}

static void
changed (CutoutTouchUp *self, guint old_len, gboolean could_undo, gboolean could_redo)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (old_len != self->strokes->len)
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
  guint old_len = self->strokes->len;
  gboolean could_undo = cutout_touchup_can_undo (self);
  gboolean could_redo = cutout_touchup_can_redo (self);

  g_ptr_array_add (self->undo, self->strokes);
  if (self->undo->len > MAX_HISTORY)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->strokes = strokes;
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
  strokes = strokes_copy (self->strokes);
  g_ptr_array_add (strokes, stroke_share (stroke));
  edit (self, strokes);
}

/* Drops every stroke (the model's mask comes back), as one step that can be
 * undone. */
void
cutout_touchup_reset (CutoutTouchUp *self)
{
  g_return_if_fail (CUTOUT_IS_TOUCHUP (self));

  if (self->strokes->len == 0)
    return;
  edit (self, strokes_new ());
}

gboolean
cutout_touchup_can_undo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return self->undo->len > 0;
}

gboolean
cutout_touchup_can_redo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return self->redo->len > 0;
}

/* Moves the last list of @from into place, the current one onto @to. */
static gboolean
step (CutoutTouchUp *self, GPtrArray *from, GPtrArray *to)
{
  guint old_len = self->strokes->len;
  gboolean could_undo = cutout_touchup_can_undo (self);
  gboolean could_redo = cutout_touchup_can_redo (self);

  if (from->len == 0)
    return FALSE;
  g_ptr_array_add (to, self->strokes);
  self->strokes = g_ptr_array_steal_index (from, from->len - 1);
  changed (self, old_len, could_undo, could_redo);
  return TRUE;
}

/* Takes back the last edit; FALSE if there is none. */
gboolean
cutout_touchup_undo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return step (self, self->undo, self->redo);
}

/* Makes again the last edit undone; FALSE if there is none. */
gboolean
cutout_touchup_redo (CutoutTouchUp *self)
{
  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), FALSE);
  return step (self, self->redo, self->undo);
}

/* A copy of the strokes (CutoutStroke, freed with the array), in order, for
 * another thread: cutout_strokes_apply() paints them. */
GPtrArray *
cutout_touchup_dup_strokes (CutoutTouchUp *self)
{
  GPtrArray *copy;

  g_return_val_if_fail (CUTOUT_IS_TOUCHUP (self), NULL);

  copy = g_ptr_array_new_full (self->strokes->len, (GDestroyNotify) cutout_stroke_free);
  for (guint i = 0; i < self->strokes->len; i++)
    g_ptr_array_add (copy, cutout_stroke_copy (self->strokes->pdata[i]));
  return copy;
}
