/* cutout-box-list.c
 *
 * Every edit keeps the list as it was before on the undo stack
 * (cutout-history.c): an image has a few boxes at most, so whole copies
 * are simpler than inverse edits, and cannot go wrong.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-box-list.h"
#include "cutout-history.h"

struct _CutoutBoxList
{
  GObject parent_instance;

  CutoutHistory *history; /* of GArray of CutoutBox */
};

G_DEFINE_FINAL_TYPE (CutoutBoxList, cutout_box_list, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_BOXES,
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

static GArray *
boxes_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (CutoutBox));
}

static GArray *
boxes_copy (GArray *boxes)
{
  GArray *copy = boxes_new ();

  g_array_append_vals (copy, boxes->data, boxes->len);
  return copy;
}

static gboolean
boxes_equal (GArray *a, GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!cutout_box_equal (&g_array_index (a, CutoutBox, i), &g_array_index (b, CutoutBox, i)))
      return FALSE;
  return TRUE;
}

/* The boxes as they are now; valid until the next edit, undo or redo. */
static GArray *
current (CutoutBoxList *self)
{
  return cutout_history_get (self->history);
}

static void
cutout_box_list_finalize (GObject *object)
{
  CutoutBoxList *self = CUTOUT_BOX_LIST (object);

  cutout_history_free (self->history);

  G_OBJECT_CLASS (cutout_box_list_parent_class)->finalize (object);
}

static void
cutout_box_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutBoxList *self = CUTOUT_BOX_LIST (object);

  switch (prop_id)
    {
      case PROP_N_BOXES:
        g_value_set_uint (value, current (self)->len);
        break;
      case PROP_CAN_UNDO:
        g_value_set_boolean (value, cutout_box_list_can_undo (self));
        break;
      case PROP_CAN_REDO:
        g_value_set_boolean (value, cutout_box_list_can_redo (self));
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_box_list_class_init (CutoutBoxListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = cutout_box_list_finalize;
  object_class->get_property = cutout_box_list_get_property;

  properties[PROP_N_BOXES] = g_param_spec_uint ("n-boxes", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, ro);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted after any change to the boxes, undo and redo included. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);
}

static void
cutout_box_list_init (CutoutBoxList *self)
{
  self->history = cutout_history_new (boxes_new (), (GDestroyNotify) g_array_unref);
}

CutoutBoxList *
cutout_box_list_new (void)
{
  return g_object_new (CUTOUT_TYPE_BOX_LIST, NULL);
}

guint
cutout_box_list_get_n_boxes (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), 0);
  return current (self)->len;
}

const CutoutBox *
cutout_box_list_get (CutoutBoxList *self, guint index)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), NULL);
  g_return_val_if_fail (index < current (self)->len, NULL);
  return &g_array_index (current (self), CutoutBox, index);
}

/* A copy of the boxes, as a GArray of CutoutBox. */
GArray *
cutout_box_list_dup_boxes (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), NULL);
  return boxes_copy (current (self));
}

/* Whether @boxes (a GArray of CutoutBox, or NULL for none) are the same
 * boxes, in the same order. */
gboolean
cutout_box_list_same_boxes (CutoutBoxList *self, GArray *boxes)
{
  g_autoptr (GArray) none = boxes_new ();

  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  return boxes_equal (current (self), boxes ? boxes : none);
}

static void
changed (CutoutBoxList *self, guint old_len, gboolean could_undo, gboolean could_redo)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (old_len != current (self)->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_BOXES]);
  if (could_undo != cutout_box_list_can_undo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  if (could_redo != cutout_box_list_can_redo (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_signal_emit (self, signals[CHANGED], 0);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Makes @boxes the list (taking it), as an edit that can be undone. */
static void
edit (CutoutBoxList *self, GArray *boxes)
{
  guint old_len = current (self)->len;
  gboolean could_undo = cutout_box_list_can_undo (self);
  gboolean could_redo = cutout_box_list_can_redo (self);

  if (boxes_equal (boxes, current (self)))
    {
      g_array_unref (boxes);
      return;
    }
  cutout_history_edit (self->history, boxes);
  changed (self, old_len, could_undo, could_redo);
}

/* Adds @box at the end; FALSE if there are already CUTOUT_MAX_BOXES. */
gboolean
cutout_box_list_add (CutoutBoxList *self, const CutoutBox *box)
{
  GArray *boxes;

  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  g_return_val_if_fail (box->x1 < box->x2 && box->y1 < box->y2, FALSE);

  if (current (self)->len >= CUTOUT_MAX_BOXES)
    return FALSE;
  boxes = boxes_copy (current (self));
  g_array_append_val (boxes, *box);
  edit (self, boxes);
  return TRUE;
}

/* Moves or resizes the box at @index to @box. */
void
cutout_box_list_replace (CutoutBoxList *self, guint index, const CutoutBox *box)
{
  GArray *boxes;

  g_return_if_fail (CUTOUT_IS_BOX_LIST (self));
  g_return_if_fail (index < current (self)->len);
  g_return_if_fail (box->x1 < box->x2 && box->y1 < box->y2);

  boxes = boxes_copy (current (self));
  g_array_index (boxes, CutoutBox, index) = *box;
  edit (self, boxes);
}

void
cutout_box_list_remove (CutoutBoxList *self, guint index)
{
  GArray *boxes;

  g_return_if_fail (CUTOUT_IS_BOX_LIST (self));
  g_return_if_fail (index < current (self)->len);

  boxes = boxes_copy (current (self));
  g_array_remove_index (boxes, index);
  edit (self, boxes);
}

void
cutout_box_list_clear (CutoutBoxList *self)
{
  g_return_if_fail (CUTOUT_IS_BOX_LIST (self));
  edit (self, boxes_new ());
}

gboolean
cutout_box_list_can_undo (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  return cutout_history_can_undo (self->history);
}

gboolean
cutout_box_list_can_redo (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  return cutout_history_can_redo (self->history);
}

/* Undoes or redoes (@move) the last edit, then says what changed. */
static gboolean
step (CutoutBoxList *self, gboolean (*move) (CutoutHistory *history))
{
  guint old_len = current (self)->len;
  gboolean could_undo = cutout_box_list_can_undo (self);
  gboolean could_redo = cutout_box_list_can_redo (self);

  if (!move (self->history))
    return FALSE;
  changed (self, old_len, could_undo, could_redo);
  return TRUE;
}

/* Takes back the last edit; FALSE if there is none. */
gboolean
cutout_box_list_undo (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  return step (self, cutout_history_undo);
}

/* Makes again the last edit undone; FALSE if there is none. */
gboolean
cutout_box_list_redo (CutoutBoxList *self)
{
  g_return_val_if_fail (CUTOUT_IS_BOX_LIST (self), FALSE);
  return step (self, cutout_history_redo);
}
