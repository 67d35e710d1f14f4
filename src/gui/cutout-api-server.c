/* cutout-api-server.c: the local API, served while the app is open
 *
 * Preferences → Local API runs `cutout-cli --serve` on 127.0.0.1 as a
 * child process, with the app's model: a server that crashes, or a client
 * that sends something nasty, cannot take the app down with it, and the
 * server's code is the one cutout-cli and its tests already run. The
 * settings say what should run (serve-api, serve-port, and the model and
 * its options); whenever they change, the server that runs is stopped
 * (SIGTERM: it answers the requests in flight first) and the one asked for
 * started. Its first line says where it listens; its last line on stderr,
 * if it stops by itself, why.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cutout-api-server.h"

/* One server process, from spawn until its exit and the end of both its
 * pipes have been seen. */
typedef struct
{
  CutoutApiServer *self; /* NULL once the object is gone */
  GSubprocess *process;
  GDataInputStream *out;
  GDataInputStream *err;
  GCancellable *cancellable;
  char *command;  /* the command line, to compare with what is wanted */
  char *last_err; /* the last line on stderr */
  gboolean stopping;
  guint pending; /* the wait and the two pipes */
} Run;

struct _CutoutApiServer
{
  GObject parent_instance;

  GSettings *settings;
  char *program;
  Run *run;
  char *address; /* while listening */
  char *error;   /* why the last server did not start or stopped */
  gboolean quitting;
};

G_DEFINE_FINAL_TYPE (CutoutApiServer, cutout_api_server, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_RUNNING,
  PROP_ADDRESS,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The settings that change what runs. */
static const char *const watched_keys[]
    = { "serve-api", "serve-port", "model", "best-quality", "workers" };

static void reconcile (CutoutApiServer *self);

static void
set_string (CutoutApiServer *self, char **field, const char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
run_free (Run *run)
{
  g_clear_object (&run->process);
  g_clear_object (&run->out);
  g_clear_object (&run->err);
  g_clear_object (&run->cancellable);
  g_free (run->command);
  g_free (run->last_err);
  g_free (run);
}

/* The message a server that stopped by itself leaves for the user. */
static char *
run_failure (Run *run)
{
  if (run->last_err != NULL)
    return g_strdup (run->last_err);
  if (g_subprocess_get_if_signaled (run->process))
    return g_strdup_printf (_ ("The server stopped (signal %d)"),
                            g_subprocess_get_term_sig (run->process));
  return g_strdup_printf (_ ("The server stopped (exit status %d)"),
                          g_subprocess_get_exit_status (run->process));
}

/* Once the process and both pipes are done: the server is gone; unless it
 * was stopped on purpose, say why, and start what the settings now ask. */
static void
run_step_done (Run *run)
{
  CutoutApiServer *self = run->self;

  g_assert (run->pending > 0);
  if (--run->pending > 0)
    return;
  if (self != NULL)
    {
      self->run = NULL;
      set_string (self, &self->address, NULL, PROP_ADDRESS);
      if (!run->stopping)
        {
          g_autofree char *why = run_failure (run);
          set_string (self, &self->error, why, PROP_ERROR);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
      if (run->stopping)
        reconcile (self);
    }
  run_free (run);
}

/* "cutout-cli: listening on http://127.0.0.1:8910/" (the words may be
 * translated; the address is not). */
static void
read_address (Run *run, const char *line)
{
  const char *start = strstr (line, "http://");
  g_autofree char *address = NULL;

  if (start == NULL || run->self == NULL || run->self->address != NULL)
    return;
  address = g_strndup (start, strcspn (start, " \t"));
  set_string (run->self, &run->self->address, address, PROP_ADDRESS);
}

static void
read_err (Run *run, const char *line)
{
  if (*line == '\0')
    return;
  g_free (run->last_err);
  run->last_err = g_strdup (g_str_has_prefix (line, "cutout-cli: ") ? line + 12 : line);
}

static void
line_read_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;
  GDataInputStream *stream = G_DATA_INPUT_STREAM (source);
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (stream, result, NULL, NULL);

  if (line == NULL)
    {
      run_step_done (run);
      return;
    }
  if (stream == run->out)
    read_address (run, line);
  else
    read_err (run, line);
  g_data_input_stream_read_line_async (stream, G_PRIORITY_DEFAULT, run->cancellable, line_read_cb,
                                       run);
}

static void
exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  /* Cancelled only once the object is gone, when nobody asks how it ended. */
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run_step_done (data);
}

#ifdef __linux__
/* In the child: the server goes when the app goes, even if it crashes. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}
#endif

/* The command line the settings ask for, or NULL for none. */
static GStrv
wanted_command (CutoutApiServer *self)
{
  g_autoptr (GStrvBuilder) argv = g_strv_builder_new ();
  g_autofree char *model = g_settings_get_string (self->settings, "model");
  g_autofree char *listen = NULL;
  g_autofree char *jobs = NULL;

  if (!g_settings_get_boolean (self->settings, "serve-api"))
    return NULL;
  listen = g_strdup_printf ("127.0.0.1:%d", g_settings_get_int (self->settings, "serve-port"));
  jobs = g_strdup_printf ("%u", g_settings_get_uint (self->settings, "workers"));
  g_strv_builder_add_many (argv, self->program, "--serve", "--listen", listen, "--jobs", jobs,
                           NULL);
  if (*model != '\0')
    g_strv_builder_add_many (argv, "--model", model, NULL);
  if (g_settings_get_boolean (self->settings, "best-quality"))
    g_strv_builder_add (argv, "--best");
  return g_strv_builder_end (argv);
}

static Run *
run_start (CutoutApiServer *self, GStrv argv, GError **error)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  Run *run;

#ifdef __linux__
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
#endif
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv, error);
  if (process == NULL)
    return NULL;
  run = g_new0 (Run, 1);
  run->self = self;
  run->process = g_steal_pointer (&process);
  run->cancellable = g_cancellable_new ();
  run->command = g_strjoinv (" ", argv);
  run->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (run->process));
  run->err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (run->process));
  run->pending = 3;
  g_subprocess_wait_async (run->process, run->cancellable, exited_cb, run);
  g_data_input_stream_read_line_async (run->out, G_PRIORITY_DEFAULT, run->cancellable, line_read_cb,
                                       run);
  g_data_input_stream_read_line_async (run->err, G_PRIORITY_DEFAULT, run->cancellable, line_read_cb,
                                       run);
  return run;
}

/* SIGTERM: the server answers what it has accepted, then exits; its exit
 * is seen in run_step_done(). */
static void
run_stop (Run *run)
{
  if (run->stopping)
    return;
  run->stopping = TRUE;
  g_subprocess_send_signal (run->process, SIGTERM);
  /* A server that is stopping takes no new requests: no longer shown. */
  if (run->self != NULL)
    set_string (run->self, &run->self->address, NULL, PROP_ADDRESS);
}

/* Makes what runs what the settings ask for. */
static void
reconcile (CutoutApiServer *self)
{
  g_auto (GStrv) argv = wanted_command (self);
  g_autofree char *command = argv != NULL ? g_strjoinv (" ", argv) : NULL;
  g_autoptr (GError) error = NULL;

  if (self->quitting)
    return;
  if (self->run != NULL)
    {
      if (g_strcmp0 (self->run->command, command) != 0)
        run_stop (self->run);
      return;
    }
  if (argv == NULL)
    {
      set_string (self, &self->error, NULL, PROP_ERROR);
      return;
    }
  self->run = run_start (self, argv, &error);
  if (self->run == NULL)
    {
      set_string (self, &self->error, error->message, PROP_ERROR);
      return;
    }
  set_string (self, &self->error, NULL, PROP_ERROR);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
setting_changed_cb (GSettings *settings, const char *key, gpointer data)
{
  /* A server that failed is tried again only once something changes. */
  reconcile (data);
}

static void
cutout_api_server_dispose (GObject *object)
{
  CutoutApiServer *self = CUTOUT_API_SERVER (object);

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->run != NULL)
    {
      /* What is still pending frees the run; it must not reach us. */
      run_stop (self->run);
      self->run->self = NULL;
      g_cancellable_cancel (self->run->cancellable);
      self->run = NULL;
    }
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cutout_api_server_parent_class)->dispose (object);
}

static void
cutout_api_server_finalize (GObject *object)
{
  CutoutApiServer *self = CUTOUT_API_SERVER (object);

  g_free (self->program);
  g_free (self->address);
  g_free (self->error);

  G_OBJECT_CLASS (cutout_api_server_parent_class)->finalize (object);
}

static void
cutout_api_server_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CutoutApiServer *self = CUTOUT_API_SERVER (object);

  switch (prop_id)
    {
      case PROP_RUNNING:
        g_value_set_boolean (value, cutout_api_server_get_running (self));
        break;
      case PROP_ADDRESS:
        g_value_set_string (value, self->address);
        break;
      case PROP_ERROR:
        g_value_set_string (value, self->error);
        break;
      default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cutout_api_server_class_init (CutoutApiServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cutout_api_server_dispose;
  object_class->finalize = cutout_api_server_finalize;
  object_class->get_property = cutout_api_server_get_property;

  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ADDRESS] = g_param_spec_string ("address", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR]
      = g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cutout_api_server_init (CutoutApiServer *self)
{
}

/* cutout-cli: $CUTOUT_CLI (the tests), else the one installed beside this
 * program, else the first on PATH (meson devenv puts the build's there). */
char *
cutout_api_server_find_program (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *beside = NULL;

  if (g_getenv ("CUTOUT_CLI") != NULL)
    return g_strdup (g_getenv ("CUTOUT_CLI"));
  if (self_path != NULL)
    {
      dir = g_path_get_dirname (self_path);
      beside = g_build_filename (dir, "cutout-cli", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  beside = g_find_program_in_path ("cutout-cli");
  return beside != NULL ? g_steal_pointer (&beside) : g_strdup ("cutout-cli");
}

/* Serves as @settings say, with @program (see
 * cutout_api_server_find_program()), from now until disposed. */
CutoutApiServer *
cutout_api_server_new (GSettings *settings, const char *program)
{
  CutoutApiServer *self = g_object_new (CUTOUT_TYPE_API_SERVER, NULL);

  self->settings = g_object_ref (settings);
  self->program = g_strdup (program);
  for (guint i = 0; i < G_N_ELEMENTS (watched_keys); i++)
    {
      g_autofree char *signal = g_strconcat ("changed::", watched_keys[i], NULL);
      g_signal_connect (settings, signal, G_CALLBACK (setting_changed_cb), self);
    }
  reconcile (self);
  return self;
}

/* From the start of a server process until it has exited. */
gboolean
cutout_api_server_get_running (CutoutApiServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_API_SERVER (self), FALSE);

  return self->run != NULL;
}

/* Where the server listens ("http://127.0.0.1:8910/"), or NULL while it
 * starts (it loads the model first) or when none runs. */
const char *
cutout_api_server_get_address (CutoutApiServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_API_SERVER (self), NULL);

  return self->address;
}

/* Why the last server could not start or stopped by itself, or NULL. */
const char *
cutout_api_server_get_error (CutoutApiServer *self)
{
  g_return_val_if_fail (CUTOUT_IS_API_SERVER (self), NULL);

  return self->error;
}

/* As the app quits: the server answers what it has accepted and goes. */
void
cutout_api_server_stop (CutoutApiServer *self)
{
  g_return_if_fail (CUTOUT_IS_API_SERVER (self));

  self->quitting = TRUE;
  if (self->run != NULL)
    run_stop (self->run);
}
