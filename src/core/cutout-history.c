/* cutout-history.c
 *
 * The state before each edit is kept whole, not as an inverse edit: the
 * states here (the boxes of cutout-box-list.c, the strokes of
 * cutout-touchup.c) are small lists, so copies are simpler and cannot go
 * wrong. Plain GLib, for the core: the owners notify their own properties.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-history.h"

struct _CutoutHistory
{
  gpointer state; /* the current one */
  GDestroyNotify free_func;
  GPtrArray *undo, *redo; /* earlier (later) states, the nearest last */
};

/* A history whose current state is @state (taken); @free_func frees a
 * state. */
CutoutHistory *
cutout_history_new (gpointer state, GDestroyNotify free_func)
{
  CutoutHistory *self;

  g_return_val_if_fail (free_func != NULL, NULL);

  self = g_new0 (CutoutHistory, 1);
  self->state = state;
  self->free_func = free_func;
  self->undo = g_ptr_array_new_with_free_func (free_func);
  self->redo = g_ptr_array_new_with_free_func (free_func);
  return self;
}

void
cutout_history_free (CutoutHistory *self)
{
  if (self == NULL)
    return;
  self->free_func (self->state);
  g_ptr_array_unref (self->undo);
  g_ptr_array_unref (self->redo);
  g_free (self);
}

/* The current state, owned by the history: valid until the next edit,
 * undo or redo. */
gpointer
cutout_history_get (CutoutHistory *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->state;
}

/* Makes @state (taken) the current one, as an edit that can be undone:
 * past CUTOUT_HISTORY_MAX the oldest is forgotten, and what was undone can
 * no longer be redone. */
void
cutout_history_edit (CutoutHistory *self, gpointer state)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_add (self->undo, self->state);
  if (self->undo->len > CUTOUT_HISTORY_MAX)
    g_ptr_array_remove_index (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  self->state = state;
}

gboolean
cutout_history_can_undo (CutoutHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->undo->len > 0;
}

gboolean
cutout_history_can_redo (CutoutHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->redo->len > 0;
}

/* Moves the last state of @from into place, the current one onto @to. */
static gboolean
step (CutoutHistory *self, GPtrArray *from, GPtrArray *to)
{
  if (from->len == 0)
    return FALSE;
  g_ptr_array_add (to, self->state);
  self->state = g_ptr_array_steal_index (from, from->len - 1);
  return TRUE;
}

/* Goes back to the state before the last edit; FALSE if there is none. */
gboolean
cutout_history_undo (CutoutHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return step (self, self->undo, self->redo);
}

/* Makes again the last edit undone; FALSE if there is none. */
gboolean
cutout_history_redo (CutoutHistory *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return step (self, self->redo, self->undo);
}
