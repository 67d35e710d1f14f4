/* cutout-tooltips.c: tooltips that do not wrap Chinese one character a line
 *
 * GTK 4.8 sizes a tooltip by its label's natural width, which a wrapping
 * label works out word by word; Chinese has a break between any two
 * characters, so "主菜单" came out one character a line. A label of our
 * own whose natural width is that of the unwrapped text (natural-wrap-mode
 * none, GTK 4.6) still wraps past 50 characters, as GTK's does.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cutout-tooltips.h"

#define MAX_WIDTH_CHARS 50

/* The label shown in every tooltip. */
GtkWidget *
cutout_tooltips_make_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  return label;
}

static gboolean
query_tooltip_cb (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip)
{
  const char *text = gtk_widget_get_tooltip_text (widget);

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_custom (tooltip, cutout_tooltips_make_label (text));
  return TRUE;
}

/* Gives @widget's tooltip text, now or once it has one, the label above. */
void
cutout_tooltips_follow (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), "cutout-tooltip") != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), "cutout-tooltip", GINT_TO_POINTER (1));
  g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

/* Gives every widget in @root's tree that has a plain tooltip text the
 * label above; later changes of the text are followed. Widgets added to
 * the tree afterwards, or given a tooltip only later, need
 * cutout_tooltips_follow(). */
void
cutout_tooltips_fix (GtkWidget *root)
{
  if (gtk_widget_get_tooltip_text (root) != NULL)
    cutout_tooltips_follow (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    cutout_tooltips_fix (c);
}
