/* cutout-window-review.c: the cutouts that need a look, in the window
 *
 * The queue's finished images whose review (cutout-review.c) flags them:
 * how many there are, over the list; the list shown with only them; N
 * and Shift+N to the next and previous one, which the preview opens in its
 * edge view, zoomed on the most doubtful region.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-window-private.h"

static gboolean
needs_review (CutoutJob *job)
{
  const CutoutReview *review = cutout_job_get_review (job);

  return cutout_job_get_state (job) == CUTOUT_JOB_DONE && review != NULL && review->needs_review;
}

static gboolean
filter_cb (gpointer item, gpointer data)
{
  CutoutWindow *self = data;

  return !self->only_to_check || needs_review (CUTOUT_JOB (item));
}

/* How many to check, over the list; with @refilter, the list filtered
 * again (a review came or went; not while the queue tells of images added
 * or removed, which the filtered list is taking in itself). */
void
cutout_window_update_review (CutoutWindow *self, gboolean refilter)
{
  GListModel *queue = self->queue ? G_LIST_MODEL (self->queue) : NULL;
  guint n = 0, n_items = queue ? g_list_model_get_n_items (queue) : 0;
  g_autofree char *label = NULL;

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (queue, i);
      n += needs_review (job);
    }
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u to Check", "%u to Check", n), n);
  gtk_button_set_label (GTK_BUTTON (self->to_check_button), label);
  gtk_revealer_set_reveal_child (self->review_revealer, n > 0 || self->only_to_check);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-to-check", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-to-check", n > 0);
  if (refilter && self->review_filter != NULL)
    gtk_filter_changed (self->review_filter, GTK_FILTER_CHANGE_DIFFERENT);
}

/* Shows only the images to check, or all. */
void
cutout_window_set_only_to_check (CutoutWindow *self, gboolean only)
{
  if (self->only_to_check == only)
    return;
  self->only_to_check = only;
  cutout_window_update_review (self, TRUE);
  g_object_notify (G_OBJECT (self), "only-to-check");
}

gboolean
cutout_window_get_only_to_check (CutoutWindow *self)
{
  return self->only_to_check;
}

/* The list's model: the queue, filtered when only those to check are shown. */
GListModel *
cutout_window_review_model (CutoutWindow *self)
{
  if (self->filtered == NULL)
    {
      self->review_filter = GTK_FILTER (gtk_custom_filter_new (filter_cb, self, NULL));
      self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (self->review_filter));
    }
  return G_LIST_MODEL (self->filtered);
}

/* The position of the flagged image after (or before) the selected one in
 * the list, round to the first, or GTK_INVALID_LIST_POSITION with none
 * flagged. */
static guint
find_to_check (CutoutWindow *self, int step)
{
  GListModel *list = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (list);
  guint at = gtk_single_selection_get_selected (self->selection);

  if (at == GTK_INVALID_LIST_POSITION)
    at = step > 0 ? n - 1 : 0;
  for (guint k = 1; k <= n; k++)
    {
      guint i = (at + n + step * (int) k) % n;
      g_autoptr (CutoutJob) job = g_list_model_get_item (list, i);
      if (needs_review (job))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* N, Shift+N: the next (previous) image to check, opened in the edge view
 * on its most doubtful region. */
void
cutout_window_next_to_check_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  CutoutWindow *self = CUTOUT_WINDOW (widget);
  int step = g_str_equal (action_name, "win.previous-to-check") ? -1 : 1;
  guint at = self->queue ? find_to_check (self, step) : GTK_INVALID_LIST_POSITION;
  CutoutJob *job;

  if (at == GTK_INVALID_LIST_POSITION)
    return;
  gtk_single_selection_set_selected (self->selection, at);
  job = gtk_single_selection_get_selected_item (self->selection);
  gtk_widget_activate_action (GTK_WIDGET (self->preview), "preview.view", "s", "edges");
  cutout_preview_show_region (self->preview, job, &cutout_job_get_review (job)->region);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", at);
}
