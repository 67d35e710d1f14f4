/* test-history.c: undo and redo over whole states (cutout-history.c), on
 * numbered states whose frees are counted
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-history.h"

/* How many states were freed: each is freed once, none is leaked. */
static guint n_freed;

static void
state_free (gpointer state)
{
  g_free (state);
  n_freed++;
}

static gpointer
state_new (guint n)
{
  return g_memdup2 (&n, sizeof n);
}

static guint
state_of (CutoutHistory *history)
{
  return *(guint *) cutout_history_get (history);
}

static void
test_undo_redo (void)
{
  g_autoptr (CutoutHistory) history = cutout_history_new (state_new (0), state_free);

  n_freed = 0;
  g_assert_cmpuint (state_of (history), ==, 0);
  g_assert_false (cutout_history_can_undo (history));
  g_assert_false (cutout_history_undo (history));
  g_assert_false (cutout_history_redo (history));

  for (guint i = 1; i <= 3; i++)
    cutout_history_edit (history, state_new (i));
  g_assert_cmpuint (state_of (history), ==, 3);

  /* Back one edit at a time, then forward again in order. */
  g_assert_true (cutout_history_undo (history));
  g_assert_true (cutout_history_undo (history));
  g_assert_cmpuint (state_of (history), ==, 1);
  g_assert_true (cutout_history_can_redo (history));
  g_assert_true (cutout_history_redo (history));
  g_assert_cmpuint (state_of (history), ==, 2);

  /* A new edit drops what could have been redone (state 3). */
  cutout_history_edit (history, state_new (4));
  g_assert_false (cutout_history_can_redo (history));
  g_assert_false (cutout_history_redo (history));
  g_assert_cmpuint (n_freed, ==, 1);
  g_assert_true (cutout_history_undo (history));
  g_assert_cmpuint (state_of (history), ==, 2);
}

static void
test_limit (void)
{
  CutoutHistory *history = cutout_history_new (state_new (0), state_free);
  guint last = CUTOUT_HISTORY_MAX + 5;

  n_freed = 0;
  for (guint i = 1; i <= last; i++)
    cutout_history_edit (history, state_new (i));
  /* The oldest five were forgotten, and freed. */
  g_assert_cmpuint (n_freed, ==, 5);
  for (guint i = 0; i < CUTOUT_HISTORY_MAX; i++)
    g_assert_true (cutout_history_undo (history));
  g_assert_false (cutout_history_can_undo (history));
  g_assert_cmpuint (state_of (history), ==, 5);

  /* Freeing the history frees every state it still holds. */
  cutout_history_free (history);
  g_assert_cmpuint (n_freed, ==, last + 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/undo-redo", test_undo_redo);
  g_test_add_func ("/history/limit", test_limit);
  return g_test_run ();
}
