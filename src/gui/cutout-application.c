/* cutout-application.c
 *
 * Copyright 2026 The Cutout developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <signal.h>

#include "cutout-application.h"
#include "cutout-catalogue.h"
#include "cutout-model-item.h"
#include "cutout-ort.h"
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

  /* The model, loaded in a thread as the app starts (or given by the
   * tests), and the one queue every window shows. */
  GSettings *settings;
  CutoutEngine *engine;
  CutoutQueue *queue;
  GError *load_error;
  GThread *load_thread;
  GTask *load_task;
  gboolean load_again; /* the model setting changed while one was loading */
  GListStore *models;  /* of CutoutModelItem, once Preferences asks */
  CutoutApiServer *api_server;
};

G_DEFINE_FINAL_TYPE (CutoutApplication, cutout_application, ADW_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_QUEUE,
  PROP_LOAD_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  MODEL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

/* Loading the model ------------------------------------------------------------ */

/* What the thread loading the model leaves for the app. */
typedef struct
{
  GWeakRef app;       /* the task must not keep the app alive */
  char *model;        /* the catalogue name; empty for the default */
  gboolean fall_back; /* if @model cannot be loaded, the default instead */
  CutoutEngine *engine;
  GError *error;
  GError *fell_back; /* why @model was not loaded, if the default was */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_weak_ref_clear (&loaded->app);
  g_free (loaded->model);
  g_clear_error (&loaded->fell_back);
  g_clear_object (&loaded->engine);
  g_clear_error (&loaded->error);
  g_free (loaded);
}

/* A thread of its own, at a lower priority: ONNX Runtime's threads, made
 * as the model loads, inherit it, so that the window's main loop gets the
 * cores at once when it needs them, even while the model runs on all. */
static gpointer
load_engine_thread_func (gpointer data)
{
  GTask *task = data;
  Loaded *loaded = g_task_get_task_data (task);
  g_autoptr (CutoutCatalogue) catalogue = NULL;
  const CutoutModelInfo *info = NULL;

  cutout_thread_lower_priority ();
  catalogue = cutout_catalogue_load_default (&loaded->error);
  if (catalogue != NULL)
    info = cutout_catalogue_find (catalogue, *loaded->model ? loaded->model : NULL, &loaded->error);
  if (info != NULL)
    loaded->engine = cutout_engine_new (info, 0, &loaded->error);
  /* As the app starts, a chosen model since removed (or broken) gives way
   * to the default, rather than leaving the app without a model. */
  if (loaded->engine == NULL && loaded->fall_back && *loaded->model && catalogue != NULL)
    {
      loaded->fell_back = g_steal_pointer (&loaded->error);
      info = cutout_catalogue_find (catalogue, NULL, &loaded->error);
      loaded->engine = cutout_engine_new (info, 0, &loaded->error);
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
  return NULL;
}

/* The queue over @engine, following the preferences. */
static void
make_queue (CutoutApplication *self, CutoutEngine *engine)
{
  self->engine = engine;
  self->queue = cutout_queue_new (engine, g_settings_get_uint (self->settings, "workers"));
  cutout_queue_set_background (self->queue, TRUE);
  g_settings_bind (self->settings, "workers", self->queue, "n-workers", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "refine-edges", self->queue, "refine-edges",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "refine-strength", self->queue, "refine-strength",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "best-quality", self->queue, "best-quality",
                   G_SETTINGS_BIND_GET);
  /* A nick of CutoutEdgeStyle, which GSettings maps to the enum. */
  g_settings_bind (self->settings, "edge-style", self->queue, "edge-style", G_SETTINGS_BIND_GET);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUE]);
}

static void load_engine (CutoutApplication *self);

/* The catalogue name of the model the queue cuts out with. */
static const char *
current_model (CutoutApplication *self)
{
  return cutout_engine_get_model_info (self->engine)->id;
}

/* Another model, chosen in Preferences, replaces the one in use; if it
 * cannot be loaded, the one in use stays, and the setting says so again. */
static void
switch_engine (CutoutApplication *self, Loaded *loaded)
{
  if (loaded->engine == NULL)
    {
      g_signal_emit (self, signals[MODEL_FAILED], 0, loaded->error);
      g_settings_set_string (self->settings, "model", current_model (self));
      return;
    }
  g_set_object (&self->engine, loaded->engine);
  cutout_queue_set_engine (self->queue, self->engine);
}

static void
engine_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Loaded *loaded = g_task_get_task_data (G_TASK (result));
  g_autoptr (CutoutApplication) self = g_weak_ref_get (&loaded->app);

  /* NULL, or without a load task, once the app has shut down. */
  if (self == NULL || self->load_task != G_TASK (result))
    return;
  g_clear_object (&self->load_task);
  g_clear_pointer (&self->load_thread, g_thread_join);
  if (self->queue != NULL)
    switch_engine (self, loaded);
  else if (loaded->engine == NULL)
    {
      self->load_error = g_steal_pointer (&loaded->error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_ERROR]);
    }
  else
    {
      /* A CUTOUT_ORT_LIBRARY passed over for another is said, not hidden
       * (and shown by the window). */
      if (cutout_ort_get_warning () != NULL)
        g_message ("%s", cutout_ort_get_warning ());
      make_queue (self, g_steal_pointer (&loaded->engine));
      if (loaded->fell_back != NULL)
        {
          g_signal_emit (self, signals[MODEL_FAILED], 0, loaded->fell_back);
          g_settings_reset (self->settings, "model");
        }
    }
  if (self->load_again)
    {
      self->load_again = FALSE;
      load_engine (self);
    }
}

/* Loads the model the settings name, in a thread; once the queue exists,
 * only if it is not the one in use. */
static void
load_engine (CutoutApplication *self)
{
  g_autoptr (GTask) task = NULL;
  g_autofree char *model = g_settings_get_string (self->settings, "model");
  Loaded *loaded;

  if (self->queue != NULL && g_strcmp0 (model, current_model (self)) == 0)
    return;
  task = g_task_new (NULL, NULL, engine_loaded_cb, NULL);
  loaded = g_new0 (Loaded, 1);
  loaded->model = g_steal_pointer (&model);
  loaded->fall_back = self->queue == NULL;
  g_weak_ref_init (&loaded->app, self);
  g_task_set_task_data (task, loaded, (GDestroyNotify) loaded_free);
  self->load_task = g_object_ref (task);
  self->load_thread
      = g_thread_new ("cutout-load-model", load_engine_thread_func, g_steal_pointer (&task));
}

/* Pasted images (kept in the cache while in the queue) go with the app. */
static void
remove_pasted_images (CutoutApplication *self)
{
  for (guint i = 0;
       self->queue != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (self->queue)); i++)
    {
      g_autoptr (CutoutJob) job = g_list_model_get_item (G_LIST_MODEL (self->queue), i);
      if (cutout_window_is_pasted (cutout_job_get_path (job)))
        g_unlink (cutout_job_get_path (job));
    }
}

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
model_changed_cb (CutoutApplication *self)
{
  if (self->load_task != NULL)
    self->load_again = TRUE;
  else
    load_engine (self);
}

static void
cutout_application_startup (GApplication *app)
{
  CutoutApplication *self = CUTOUT_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  g_autofree char *program = NULL;

  G_APPLICATION_CLASS (cutout_application_parent_class)->startup (app);

  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "window.close", close_accels);
  self->sigint_source = g_unix_signal_add (SIGINT, stop_signal_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, stop_signal_cb, self);
  self->settings = g_settings_new (APP_ID);
  if (self->engine != NULL)
    make_queue (self, g_steal_pointer (&self->engine));
  else
    load_engine (self);
  g_signal_connect_swapped (self->settings, "changed::model", G_CALLBACK (model_changed_cb), self);
  program = cutout_api_server_find_program ();
  self->api_server = cutout_api_server_new (self->settings, program);
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
  /* the local API answers what it has accepted and stops, */
  if (self->api_server != NULL)
    cutout_api_server_stop (self->api_server);
  g_clear_object (&self->api_server);
  /* the files being written are given up, */
  g_cancellable_cancel (self->cancellable);
  /* the windows go, */
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (app))) != NULL)
    gtk_window_destroy (windows->data);
  /* the model still loading is let finish (under a second) rather than
   * left in the middle, */
  if (self->load_thread != NULL)
    g_thread_join (g_steal_pointer (&self->load_thread));
  g_clear_object (&self->load_task);
  /* the queue's jobs stop, and its workers are waited for, */
  remove_pasted_images (self);
  g_clear_object (&self->queue);
  g_clear_object (&self->engine);
  g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
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
  g_clear_object (&self->models);
  g_clear_object (&self->queue);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_error (&self->load_error);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->writers_done);

  G_OBJECT_CLASS (cutout_application_parent_class)->finalize (object);
}

static void
cutout_application_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutApplication *self = CUTOUT_APPLICATION (object);

  switch (prop_id)
    {
      case PROP_QUEUE:
        g_value_set_object (value, self->queue);
        break;
      case PROP_LOAD_ERROR:
        g_value_set_boxed (value, self->load_error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_application_class_init (CutoutApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = cutout_application_finalize;
  object_class->get_property = cutout_application_get_property;
  app_class->activate = cutout_application_activate;
  app_class->open = cutout_application_open;
  app_class->startup = cutout_application_startup;
  app_class->shutdown = cutout_application_shutdown;

  /* NULL until the model is loaded. */
  properties[PROP_QUEUE] = g_param_spec_object ("queue", NULL, NULL, CUTOUT_TYPE_QUEUE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Why the model cannot be loaded, or NULL. */
  properties[PROP_LOAD_ERROR] = g_param_spec_boxed ("load-error", NULL, NULL, G_TYPE_ERROR,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The model chosen in Preferences cannot be used (the error says why);
   * the one in use stays. */
  signals[MODEL_FAILED]
      = g_signal_new ("model-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
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

/* The model and the queue ----------------------------------------------------- */

/* The queue of images every window shows, or NULL while the model loads
 * (or if it cannot be). */
CutoutQueue *
cutout_application_get_queue (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);
  return self->queue;
}

/* The catalogue's models, as Preferences lists them, read again from the
 * catalogues (after an import); a model being downloaded keeps its item. */
void
cutout_application_reload_models (CutoutApplication *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutCatalogue) catalogue = cutout_catalogue_load_default (&error);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *old;

  if (self->models == NULL)
    self->models = g_list_store_new (CUTOUT_TYPE_MODEL_ITEM);
  if (catalogue == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  old = G_LIST_MODEL (self->models);
  for (guint i = 0; i < cutout_catalogue_get_n_models (catalogue); i++)
    {
      const CutoutModelInfo *info = cutout_catalogue_get_model (catalogue, i);
      CutoutModelItem *item = NULL;
      for (guint k = 0; k < g_list_model_get_n_items (old) && item == NULL; k++)
        {
          g_autoptr (CutoutModelItem) o = g_list_model_get_item (old, k);
          if (cutout_model_item_get_downloading (o)
              && g_strcmp0 (cutout_model_item_get_info (o)->id, info->id) == 0)
            item = g_object_ref (o);
        }
      g_ptr_array_add (items, item != NULL ? item : cutout_model_item_new (info));
    }
  g_list_store_splice (self->models, 0, g_list_model_get_n_items (old), items->pdata, items->len);
}

/* The local API's server (Preferences → Local API), from startup until
 * shutdown. */
CutoutApiServer *
cutout_application_get_api_server (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);

  return self->api_server;
}

GListModel *
cutout_application_get_models (CutoutApplication *self)
{
  g_return_val_if_fail (CUTOUT_IS_APPLICATION (self), NULL);
  if (self->models == NULL)
    cutout_application_reload_models (self);
  return G_LIST_MODEL (self->models);
}

/* Before the app starts: cut out with @engine instead of loading the
 * default model (the tests give a simulated one). */
void
cutout_application_set_engine (CutoutApplication *self, CutoutEngine *engine)
{
  g_return_if_fail (CUTOUT_IS_APPLICATION (self));
  g_return_if_fail (self->queue == NULL && self->load_task == NULL);
  g_set_object (&self->engine, engine);
}
