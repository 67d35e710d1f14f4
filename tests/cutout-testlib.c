/* cutout-testlib.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "cutout-testlib.h"

const CutoutModelInfo cutout_test_simulated_model = {
  .id = "simulated",
  .name = "simulated",
  .file = "none",
  .input = "input",
  .input_width = 64,
  .input_height = 64,
  .mean = { 128, 128, 128 },
  .std = { 256, 256, 256 },
  .output = "output",
  .license = "none",
};

/* For g_ptr_array_sort() of strings: it passes pointers to the elements. */
int
cutout_test_compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* Compares as text, so that a failure shows both boxes whole. */
void
cutout_test_assert_box (const CutoutBox *box, int x1, int y1, int x2, int y2)
{
  g_autofree char *text = cutout_box_to_string (box);
  g_autofree char *want = g_strdup_printf ("%d,%d,%d,%d", x1, y1, x2, y2);

  g_assert_cmpstr (text, ==, want);
}

/* Into @dir, models.ini as $CUTOUT_DATA_DIR has it but with every model's
 * file renamed broken-NAME, so that none of the real model files is found
 * (a test may then put a broken one there). */
void
cutout_test_write_broken_catalogue (const char *dir)
{
  g_autofree char *real = g_build_filename (g_getenv ("CUTOUT_DATA_DIR"), "models.ini", NULL);
  g_autofree char *ini = g_build_filename (dir, "models.ini", NULL);
  g_autofree char *text = NULL, *changed = NULL;
  g_auto (GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (real, &text, NULL, NULL));
  parts = g_strsplit (text, "File=", -1);
  changed = g_strjoinv ("File=broken-", parts);
  g_assert_true (g_file_set_contents (ini, changed, -1, NULL));
}

/* Removes @path and everything under it (links are removed, not followed). */
void
cutout_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        cutout_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
cutout_cli_result_clear (CutoutCliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

/* The SHA-256 of the file at @path. */
char *
cutout_test_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
}

/* A run of cutout-cli that does not end within this is taken to hang. */
#define CLI_TIME_LIMIT_SECONDS 200

typedef struct
{
  GMainLoop *loop;
  GSubprocess *proc;
  gboolean timed_out;
  char **out, **err;
  GError **error;
} CliWait;

static void
cli_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CliWait *w = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, w->out, w->err, w->error);
  g_main_loop_quit (w->loop);
}

static gboolean
cli_time_limit_cb (gpointer data)
{
  CliWait *w = data;

  w->timed_out = TRUE;
  g_subprocess_force_exit (w->proc);
  return G_SOURCE_REMOVE;
}

/* Runs cutout-cli with @args (NULL-terminated) in the environment @envp
 * (NULL: this process's), and waits for it; a run that takes longer than
 * the time limit fails the test rather than hang it. */
CutoutCliResult
cutout_test_run_cliv (const char *const *args, const char *const *envp)
{
  const char *const none[] = { NULL };

  return cutout_test_run_cli_under (none, args, envp);
}

/* cutout_test_run_cliv(), but started by the command @wrapper (its
 * arguments then are cutout-cli and @args). */
CutoutCliResult
cutout_test_run_cli_under (const char *const *wrapper,
                           const char *const *args,
                           const char *const *envp)
{
  g_autoptr (GSubprocessLauncher) launcher
      = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) proc = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GMainLoop) loop = g_main_loop_new (context, FALSE);
  g_autoptr (GSource) limit = g_timeout_source_new_seconds (CLI_TIME_LIMIT_SECONDS);
  CutoutCliResult r = { 0 };
  CliWait w = { loop, NULL, FALSE, &r.out, &r.err, &error };

  for (guint i = 0; wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) wrapper[i]);
  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  if (envp != NULL)
    g_subprocess_launcher_set_environ (launcher, (char **) envp);
  proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  w.proc = proc;
  g_main_context_push_thread_default (context);
  g_subprocess_communicate_utf8_async (proc, NULL, NULL, cli_done_cb, &w);
  g_source_set_callback (limit, cli_time_limit_cb, &w, NULL);
  g_source_attach (limit, context);
  g_main_loop_run (loop);
  g_source_destroy (limit);
  g_main_context_pop_thread_default (context);
  if (w.timed_out)
    g_error ("cutout-cli did not end within %d s; stderr: %s", CLI_TIME_LIMIT_SECONDS, r.err);
  g_assert_no_error (error);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_if_exited (proc))
    r.status = g_subprocess_get_exit_status (proc);
  else
    r.status = 128 + g_subprocess_get_term_sig (proc);
  g_test_message ("exit %d; stderr: %s", r.status, r.err);
  return r;
}

/* Runs cutout-cli with the NULL-terminated arguments. */
CutoutCliResult
cutout_test_run_cli (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return cutout_test_run_cliv ((const char *const *) args->pdata, NULL);
}
