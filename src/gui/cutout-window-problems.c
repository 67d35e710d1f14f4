/* cutout-window-problems.c: what went wrong with which file, told at once
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

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cutout-decode.h"
#include "cutout-queue.h"
#include "cutout-window-private.h"

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

static gboolean
looks_decodable (const guint8 *head, gsize n, const char *path)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  /* What cutout-decode.c reads itself, then whatever gdk-pixbuf reads
   * (BMP, TIFF and the rest), as the decoder falls back to it. */
  if (n >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return TRUE;
  if (n >= 8 && memcmp (head, png_magic, 8) == 0)
    return TRUE;
  if (n >= 12 && memcmp (head, "RIFF", 4) == 0 && memcmp (head + 8, "WEBP", 4) == 0)
    return TRUE;
  return gdk_pixbuf_get_file_info (path, NULL, NULL) != NULL;
}

/* In the decoder's words (cutout-decode.c), which a file that is replaced
 * after this check still gets from the queue. */
static char *
not_regular (mode_t mode)
{
  if (S_ISDIR (mode))
    return g_strdup (_ ("this is a folder, not an image file"));
  if (S_ISFIFO (mode))
    return g_strdup (_ ("this is a named pipe (FIFO), not an image file"));
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return g_strdup (_ ("this is a device, not an image file"));
  if (S_ISSOCK (mode))
    return g_strdup (_ ("this is a socket, not an image file"));
  return g_strdup (_ ("this is not a regular file"));
}

static char *
open_failure (int errsv)
{
  if (errsv == ENOENT)
    return g_strdup (_ ("the file does not exist (it may have been moved or deleted)"));
  if (errsv == EACCES)
    return g_strdup (_ ("permission denied: the file cannot be read"));
  return g_strdup_printf (_ ("the file cannot be opened: %s"), g_strerror (errsv));
}

/* Why the file at @path cannot be cut out, as far as its first bytes tell,
 * or NULL if it looks like an image. A folder of photos is checked in
 * moments; what only decoding shows (a file cut short) fails in the queue.
 * Never waits on a pipe or a device. For a worker thread. */
char *
cutout_problem_for_file (const char *path)
{
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  guint8 head[16];
  struct stat st;
  gssize n;

  if (fd < 0)
    return open_failure (errno);
  if (fstat (fd, &st) != 0)
    {
      int errsv = errno;
      close (fd);
      return open_failure (errsv);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return not_regular (st.st_mode);
    }
  if (st.st_size == 0 || st.st_size > CUTOUT_MAX_FILE_SIZE)
    {
      close (fd);
      return st.st_size == 0
                 ? g_strdup (_ ("the file is empty"))
                 : g_strdup_printf (_ ("the file is too large (%.1f GB; the limit is 1 GB)"),
                                    st.st_size / 1e9);
    }
  do
    n = read (fd, head, sizeof head);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      int errsv = errno;
      close (fd);
      return g_strdup_printf (_ ("the file cannot be read: %s"), g_strerror (errsv));
    }
  close (fd);
  if (!looks_decodable (head, n, path))
    return g_strdup (_ ("not an image, or a format Cutout cannot read (it reads JPEG, PNG, WebP, "
                        "BMP and TIFF)"));
  return NULL;
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
