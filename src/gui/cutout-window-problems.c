/* cutout-window-problems.c: what the window tells: toasts, messages, and
 * what went wrong with which file, told at once
 *
 * A toast replaces the one before it, so a toast per file leaves most of
 * them unseen when several files fail together. What goes wrong as files
 * are added (not images, unreadable, the queue full, already there) is
 * told in one toast per add, and images that fail in the queue within
 * moments of each other in one toast too; with more than one file, its
 * Details button lists every file and why.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cutout-decode.h"
#include "cutout-queue.h"
#include "cutout-window-private.h"

/* Images failing in the queue are told together: once none has failed for
 * this long, or this long after the first. */
#define FAILURES_QUIET_MS 1000
#define FAILURES_MAX_MS 3000

/* Toasts and messages ------------------------------------------------------------ */

/* Shows @toast (taking it). */
void
cutout_window_add_toast (CutoutWindow *self, AdwToast *toast)
{
  g_free (self->last_toast);
  self->last_toast = g_strdup (adw_toast_get_title (toast));
  g_set_object (&self->toast, toast);
  self->n_toasts++;
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
cutout_window_toast (CutoutWindow *self, const char *text)
{
  cutout_window_add_toast (self, adw_toast_new (text));
}

/* A toast saying @title, or, with a @body, a dialog. */
void
cutout_window_show_message (CutoutWindow *self, const char *title, const char *body)
{
  AdwMessageDialog *dialog;

  if (body == NULL)
    {
      cutout_window_toast (self, title);
      return;
    }
  g_free (self->last_toast);
  self->last_toast = g_strdup_printf ("%s\n%s", title, body);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), title, body));
  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Images failing in the queue ------------------------------------------------------ */

static gboolean
tell_failures_cb (gpointer data)
{
  CutoutWindow *self = data;

  self->failures_timeout = 0;
  cutout_window_tell_problems (self, self->failures);
  return G_SOURCE_REMOVE;
}

/* Images failing one after the other (a folder of broken files) make one
 * toast, told once they stop for a moment, or a few seconds after the first. */
void
cutout_window_note_failure (CutoutWindow *self, CutoutJob *job)
{
  gint64 now = g_get_monotonic_time ();
  gint64 left;

  if (cutout_problems_get_len (self->failures) == 0)
    self->failures_since = now;
  cutout_problems_add (self->failures, CUTOUT_PROBLEM_FAILED, cutout_job_get_display_name (job),
                       cutout_job_get_error_message (job));
  left = FAILURES_MAX_MS - (now - self->failures_since) / 1000;
  g_clear_handle_id (&self->failures_timeout, g_source_remove);
  self->failures_timeout
      = g_timeout_add (CLAMP (left, 0, FAILURES_QUIET_MS), tell_failures_cb, self);
}

typedef struct
{
  CutoutProblemKind kind;
  char *name; /* for display */
  char *reason;
} Problem;

struct _CutoutProblems
{
  GArray *problems; /* Problem */
};

static void
problem_clear (Problem *problem)
{
  g_free (problem->name);
  g_free (problem->reason);
}

CutoutProblems *
cutout_problems_new (void)
{
  CutoutProblems *self = g_new0 (CutoutProblems, 1);

  self->problems = g_array_new (FALSE, FALSE, sizeof (Problem));
  g_array_set_clear_func (self->problems, (GDestroyNotify) problem_clear);
  return self;
}

void
cutout_problems_free (CutoutProblems *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->problems);
  g_free (self);
}

/* Notes that the file @name (for display) has @reason (NULL for the kinds
 * that say it themselves) not to be added or cut out. */
void
cutout_problems_add (CutoutProblems *self,
                     CutoutProblemKind kind,
                     const char *name,
                     const char *reason)
{
  Problem problem = { kind, g_strdup (name), g_strdup (reason) };

  g_array_append_val (self->problems, problem);
}

/* The same for each file of @paths (file names). */
void
cutout_problems_add_paths (CutoutProblems *self, CutoutProblemKind kind, GPtrArray *paths)
{
  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *name = g_filename_display_basename (paths->pdata[i]);
      cutout_problems_add (self, kind, name, NULL);
    }
}

guint
cutout_problems_get_len (CutoutProblems *self)
{
  return self->problems->len;
}

/* Checking files as they are added ------------------------------------------------- */

/* Why the file at @path cannot be cut out, as far as its first bytes tell,
 * or NULL if it looks like an image (cutout_probe_file()): a folder of
 * photos is checked in moments; what only decoding shows (a file cut
 * short) fails in the queue. Never waits on a pipe or a device. For a
 * worker thread. */
char *
cutout_problem_for_file (const char *path)
{
  g_autoptr (GError) error = NULL;

  if (cutout_probe_file (path, &error))
    return NULL;
  return g_strdup (error->message);
}

/* The toast ---------------------------------------------------------------------- */

static char *
reason_of (const Problem *problem)
{
  switch (problem->kind)
    {
      case CUTOUT_PROBLEM_DUPLICATE:
        return g_strdup (_ ("already in the queue"));
      case CUTOUT_PROBLEM_QUEUE_FULL:
        return g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "the queue is full (%d image at most)",
                         "the queue is full (%d images at most)", CUTOUT_QUEUE_MAX_JOBS),
            CUTOUT_QUEUE_MAX_JOBS);
      case CUTOUT_PROBLEM_NOT_ADDED:
      case CUTOUT_PROBLEM_FAILED:
      default:
        return g_strdup (problem->reason);
    }
}

/* What one problem alone says, naming its file. */
static char *
describe_one (const Problem *problem)
{
  g_autofree char *reason = reason_of (problem);

  switch (problem->kind)
    {
      case CUTOUT_PROBLEM_DUPLICATE:
        return g_strdup_printf (_ ("%s is already in the queue"), problem->name);
      case CUTOUT_PROBLEM_QUEUE_FULL:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Queue is full: %d image at most; %s was not added",
                                             "Queue is full: %d images at most; %s was not added",
                                             CUTOUT_QUEUE_MAX_JOBS),
                                CUTOUT_QUEUE_MAX_JOBS, problem->name);
      case CUTOUT_PROBLEM_NOT_ADDED:
      case CUTOUT_PROBLEM_FAILED:
      default:
        /* Translators: a file's name, then what is wrong with it */
        return g_strdup_printf (_ ("%s: %s"), problem->name, reason);
    }
}

/* What several problems say together: how many of what. */
static char *
describe_several (GArray *problems)
{
  CutoutProblemKind kind = g_array_index (problems, Problem, 0).kind;
  guint n = problems->len;

  for (guint i = 1; i < n; i++)
    if (g_array_index (problems, Problem, i).kind != kind)
      kind = CUTOUT_PROBLEM_NOT_ADDED; /* mixed: none of them was added */
  switch (kind)
    {
      case CUTOUT_PROBLEM_DUPLICATE:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image was already in the queue",
                                             "%u images were already in the queue", n),
                                n);
      case CUTOUT_PROBLEM_QUEUE_FULL:
        return g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE, "Queue is full: %d images at most; %u was not added",
                         "Queue is full: %d images at most; %u were not added", n),
            CUTOUT_QUEUE_MAX_JOBS, n);
      case CUTOUT_PROBLEM_FAILED:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image could not be cut out",
                                             "%u images could not be cut out", n),
                                n);
      case CUTOUT_PROBLEM_NOT_ADDED:
      default:
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file could not be added",
                                             "%u files could not be added", n),
                                n);
    }
}

/* Tells every problem of @problems in one toast, and forgets them. */
void
cutout_window_tell_problems (CutoutWindow *self, CutoutProblems *problems)
{
  GArray *list = problems->problems;
  g_autofree char *title = NULL;
  g_autoptr (AdwToast) toast = NULL;
  GVariantBuilder lines;

  if (list->len == 0)
    return;
  if (list->len == 1)
    {
      title = describe_one (&g_array_index (list, Problem, 0));
      cutout_window_add_toast (self, adw_toast_new (title));
      g_array_set_size (list, 0);
      return;
    }
  title = describe_several (list);
  g_variant_builder_init (&lines, G_VARIANT_TYPE ("a(ss)"));
  for (guint i = 0; i < list->len; i++)
    {
      const Problem *problem = &g_array_index (list, Problem, i);
      g_autofree char *reason = reason_of (problem);
      g_variant_builder_add (&lines, "(ss)", problem->name, reason);
    }
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Details"));
  adw_toast_set_action_name (toast, "win.show-problems");
  adw_toast_set_action_target (toast, "(sa(ss))", title, &lines);
  cutout_window_add_toast (self, g_steal_pointer (&toast));
  g_array_set_size (list, 0);
}

/* The Details button: a dialog listing each file and why. */
void
cutout_window_show_problems_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  g_autoptr (GVariantIter) iter = NULL;
  g_autoptr (GString) markup = g_string_new (NULL);
  const char *title, *name, *reason;
  AdwMessageDialog *dialog;
  GtkWidget *label, *scrolled;

  g_variant_get (parameter, "(&sa(ss))", &title, &iter);
  while (g_variant_iter_next (iter, "(&s&s)", &name, &reason))
    {
      g_autofree char *bold = g_markup_printf_escaped ("<b>%s</b>", name);
      g_autofree char *escaped = g_markup_escape_text (reason, -1);
      /* (The same pair as a toast naming one file.) */
      g_autofree char *line = g_strdup_printf (_ ("%s: %s"), bold, escaped);
      if (markup->len > 0)
        g_string_append_c (markup, '\n');
      g_string_append (markup, line);
    }
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE); /* to copy the list */
  /* Long lists scroll. The label's width is bounded so that the height
   * it asks for is the height it takes once wrapped. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), label);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (widget), title, NULL));
  adw_message_dialog_set_extra_child (dialog, scrolled);
  adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A model chosen in Preferences could not be loaded; the one in use stays. */
void
cutout_window_model_failed (CutoutWindow *self, const GError *error)
{
  g_autofree char *text = g_strdup_printf (
      _ ("The chosen model cannot be used, so Cutout goes on with another: %s"), error->message);

  cutout_window_toast (self, text);
}
