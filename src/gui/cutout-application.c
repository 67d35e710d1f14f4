/* cutout-application.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>

#include "cutout-application.h"
#include "cutout-window-private.h"
#include "cutout-window.h"

struct _CutoutApplication
{
  AdwApplication parent_instance;

  /* Cancelled as the app quits: files being written stop, and their
   * threads remove what they wrote (temporary files, a ZIP's folder). */
  GCancellable *cancellable;
  GMutex lock;
  GCond writers_done;
  guint n_writers; /* threads writing files, under lock */
  guint sigint_source;
  guint sigterm_source;
};

G_DEFINE_FINAL_TYPE (CutoutApplication, cutout_application, ADW_TYPE_APPLICATION)

static char *
cutout_application_dup_debug_info (void)
{
  return g_strdup_printf ("Cutout %s\n"
                          "GLib %u.%u.%u\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n",
                          PACKAGE_VERSION, glib_major_version, glib_minor_version,
                          glib_micro_version, gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version (), adw_get_major_version (),
                          adw_get_minor_version (), adw_get_micro_version ());
}

/* The authors of "Highly Accurate Dichotomous Image Segmentation" (ECCV
 * 2022), which introduced ISNet: https://github.com/xuebinqin/DIS */
static const char *isnet_authors[] = {
  "Xuebin Qin", "Hang Dai", "Xiaobin Hu", "Deng-Ping Fan", "Ling Shao", "Luc Van Gool", NULL,
};

static const char *onnxruntime_credits[] = {
  "Microsoft Corporation https://onnxruntime.ai",
  NULL,
};

static void
cutout_application_about_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CutoutApplication *self = user_data;
  g_autofree char *debug_info = NULL;
  GtkWindow *parent;
  AdwAboutWindow *about;

  g_assert (CUTOUT_IS_APPLICATION (self));

  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  debug_info = cutout_application_dup_debug_info ();

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  adw_about_window_set_application_name (about, "Cutout");
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _ ("The Cutout developers"));
  adw_about_window_set_comments (about,
                                 _ ("Remove the background from photos on your own computer. "
                                    "Your pictures never leave it."));
  adw_about_window_set_website (about, "https://github.com/cutout/cutout");
  adw_about_window_set_issue_url (about, "https://github.com/cutout/cutout/issues");
  adw_about_window_set_debug_info (about, debug_info);
  adw_about_window_set_debug_info_filename (about, "cutout-debug-info.txt");
  adw_about_window_set_copyright (about, _ ("© 2026 The Cutout developers"));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  /* Translators: replace with your name and e-mail address, one translator per line. */
  adw_about_window_set_translator_credits (about, _ ("translator-credits"));

  /* Translators: a heading in About, above the names of the people who made
   * the ISNet model. */
  adw_about_window_add_credit_section (about, _ ("ISNet Model by"), isnet_authors);
  /* Translators: a heading in About, above "Microsoft Corporation";
   * ONNX Runtime is a name. */
  adw_about_window_add_credit_section (about, _ ("ONNX Runtime by"), onnxruntime_credits);

  /* The model weights are a separate work with their own licence; say where
   * they come from and why Cutout may ship them.
   */
  adw_about_window_add_legal_section (
      about, _ ("ISNet Background Removal Model"), NULL, GTK_LICENSE_CUSTOM,
      /* Translators: the link text names a licence; keep the markup intact. */
      _ ("Cutout’s default model is ISNet, as distributed in "
         "@imgly/background-removal-data 1.4.5 by IMG.LY. The model is licensed under the "
         "<a href=\"https://www.gnu.org/licenses/agpl-3.0.html\">GNU Affero General Public "
         "License, version 3</a>, which is compatible with Cutout’s licence, the GNU General "
         "Public License, version 3 or later."));
  adw_about_window_add_legal_section (about, "ONNX Runtime", "© Microsoft Corporation",
                                      GTK_LICENSE_MIT_X11, NULL);

  gtk_window_present (GTK_WINDOW (about));
}

static void
cutout_application_quit_action (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CutoutApplication *self = user_data;

  g_assert (CUTOUT_IS_APPLICATION (self));

  g_application_quit (G_APPLICATION (self));
}

/* Ctrl+C in the terminal, or a session, a service manager or `kill`
 * asking to stop: the same as Quit. */
static gboolean
stop_signal_cb (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_CONTINUE;
}

static const GActionEntry app_actions[] = {
  { "about", cutout_application_about_action },
  { "quit", cutout_application_quit_action },
};

static void
cutout_application_activate (GApplication *app)
{
  GtkWindow *window;

  g_assert (CUTOUT_IS_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (cutout_window_new (CUTOUT_APPLICATION (app)));

  gtk_window_present (window);
}

/* `cutout photo.jpg folder/` and "Open With Cutout" in a file manager. */
static void
cutout_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  GtkWindow *window;

  g_assert (CUTOUT_IS_APPLICATION (app));

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (cutout_window_new (CUTOUT_APPLICATION (app)));
  cutout_window_add_files (CUTOUT_WINDOW (window), files, n_files);
  gtk_window_present (window);
}

static void
cutout_application_startup (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };

  G_APPLICATION_CLASS (cutout_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  self->sigint_source = g_unix_signal_add (SIGINT, stop_signal_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, stop_signal_cb, self);
}

/* However the app quits (the last window closed, Quit, a signal), nothing
 * is left half-done: */
static void
cutout_application_shutdown (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);
  GList *windows;

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  /* the files being written are given up, */
  g_cancellable_cancel (self->cancellable);
  /* the windows go, and each stops its queue's jobs and waits for them, */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  /* and the process ends only once every thread writing has removed its
   * temporary files, at most the time it takes to write one. */
  g_mutex_lock (&self->lock);
  while (self->n_writers > 0)
    g_cond_wait (&self->writers_done, &self->lock);
  g_mutex_unlock (&self->lock);

  G_APPLICATION_CLASS (cutout_application_parent_class)->shutdown (app);
}

static void
cutout_application_finalize (GObject *object)
{
  CutoutApplication *self = CUTOUT_APPLICATION (object);

  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->writers_done);

  G_OBJECT_CLASS (cutout_application_parent_class)->finalize (object);
}

static void
cutout_application_class_init (CutoutApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cutout_application_finalize;
  app_class->activate = cutout_application_activate;
  app_class->open = cutout_application_open;
  app_class->startup = cutout_application_startup;
  app_class->shutdown = cutout_application_shutdown;
}

static void
cutout_application_init (CutoutApplication *self)
{
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->lock);
  g_cond_init (&self->writers_done);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}

CutoutApplication *
cutout_application_new (void)
{
  /* The resource base path is spelled out so that it stays put should the
   * application ID ever gain a suffix (a development build, say).
   */
  return g_object_new (CUTOUT_TYPE_APPLICATION, "application-id", APP_ID, "flags",
                       G_APPLICATION_HANDLES_OPEN, "resource-base-path", "/io/github/cutout/Cutout",
                       NULL);
}

/* Threads writing files ---------------------------------------------------------- */

/* Cancelled when the app quits: for the tasks writing files. */
GCancellable *
cutout_application_get_cancellable (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);
  return self->cancellable;
}

/* Tells that a thread is about to write files: the app does not end until
 * it calls cutout_application_writer_finished(). */
void
cutout_application_writer_started (CutoutApplication *self)
{
  g_return_if_fail (CUTOUT_IS_APPLICATION (self));

  g_mutex_lock (&self->lock);
  self->n_writers++;
  g_mutex_unlock (&self->lock);
}

/* From the writing thread, once its files are complete or removed. */
void
cutout_application_writer_finished (CutoutApplication *self)
{
  g_mutex_lock (&self->lock);
  g_assert (self->n_writers > 0);
  if (--self->n_writers == 0)
    g_cond_broadcast (&self->writers_done);
  g_mutex_unlock (&self->lock);
}
