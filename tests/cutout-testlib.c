/* cutout-testlib.c
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gmodule.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "cutout-export.h"
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

/* tests/meson.build found a python3 that can import onnx (Debian's
 * python3-onnx; the default python3 may be another) and says where. */
char *
cutout_test_make_tiny_models (char **why)
{
  const char *python = g_getenv ("CUTOUT_PYTHON_ONNX");
  const char *script = g_getenv ("CUTOUT_TINY_MODELS");
  g_autofree char *dir = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  if (python == NULL || python[0] == '\0' || script == NULL)
    {
      *why = g_strdup ("no python3 with the onnx module (Debian: python3-onnx)");
      return NULL;
    }
  dir = g_dir_make_tmp ("cutout-tiny-models-XXXXXX", &error);
  g_assert_no_error (error);
  {
    const char *argv[] = { python, script, dir, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status,
                  &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("make-tiny-models.py failed: %s\n%s", error->message, err);
  return g_steal_pointer (&dir);
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

/* The test photos ------------------------------------------------------------ */

/* The path of @name in the test photos' VOC set. */
char *
cutout_test_voc (const char *name)
{
  return g_build_filename (g_getenv ("CUTOUT_TESTDATA"), "voc", name, NULL);
}

/* NULL if $CUTOUT_TESTDATA is a folder, else why the test photos are not
 * there, naming the variable and its value: the photos live outside the
 * repository (../shared/testdata beside the source tree), so a fresh clone
 * has none, and that must read as a skip, not as a failure. */
char *
cutout_test_testdata_missing (void)
{
  const char *dir = g_getenv ("CUTOUT_TESTDATA");

  if (dir == NULL || *dir == '\0')
    return g_strdup ("no test photos: CUTOUT_TESTDATA is not set");
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_strdup_printf ("no test photos: CUTOUT_TESTDATA=%s %s", dir,
                          g_file_test (dir, G_FILE_TEST_EXISTS) ? "is not a folder"
                                                                : "does not exist");
}

/* For a test program every case of which needs the photos: without them,
 * prints the TAP line that skips the whole program and returns FALSE (the
 * program then returns 0 at once). Call it before g_test_run (). */
gboolean
cutout_test_require_testdata (void)
{
  g_autofree char *why = cutout_test_testdata_missing ();

  if (why == NULL)
    return TRUE;
  printf ("1..0 # SKIP %s\n", why);
  fflush (stdout);
  return FALSE;
}

/* For main () of a test program every case of which needs the photos and
 * writes into one folder: g_test_init (), then that folder, made afresh
 * (g_dir_make_tmp (@tmpl)). NULL without the photos, after the line that
 * skips the whole program (cutout_test_require_testdata ()): main () then
 * returns 0. */
char *
cutout_test_init_with_workdir (int *argc, char ***argv, const char *tmpl)
{
  g_autoptr (GError) error = NULL;
  char *workdir;

  g_test_init (argc, argv, NULL);
  if (!cutout_test_require_testdata ())
    return NULL;
  workdir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  return workdir;
}

/* The other end of cutout_test_init_with_workdir (): g_test_run (), then
 * the folder *@workdir removed and freed (NULL after); g_test_run ()'s
 * status, for main () to return. */
int
cutout_test_run_with_workdir (char **workdir)
{
  int status = g_test_run ();

  cutout_test_remove_tree (*workdir);
  g_clear_pointer (workdir, g_free);
  return status;
}

static guint n_photo_funcs_left_out;

static void
skip_photo_funcs (void)
{
  g_autofree char *why = cutout_test_testdata_missing ();
  g_autofree char *message
      = g_strdup_printf ("%s (%u test%s left out)", why, n_photo_funcs_left_out,
                         n_photo_funcs_left_out == 1 ? "" : "s");

  g_test_skip (message);
}

/* g_test_add_func() for a case that needs the photos, in a program whose
 * other cases do not. Without the photos, the cases that need them are
 * left out, and one case, PREFIX/test-photos (the prefix of the first),
 * skips for all of them: one line that says why, rather than one each. */
void
cutout_test_add_photo_func (const char *path, GTestFunc func)
{
  g_autofree char *why = cutout_test_testdata_missing ();

  if (why == NULL)
    {
      g_test_add_func (path, func);
      return;
    }
  if (n_photo_funcs_left_out++ == 0)
    {
      g_autofree char *prefix = g_path_get_dirname (path);
      g_autofree char *skip_path = g_build_path ("/", prefix, "test-photos", NULL);
      g_test_add_func (skip_path, skip_photo_funcs);
    }
}

/* Plays the sandbox's document portal on @path's folder, where from now on
 * only @path may be created (and replaced by way of a temporary file);
 * NULL: nothing guarded. FALSE if sandbox-preload is not loaded (the test
 * is not run with it: under valgrind, say). */
gboolean
cutout_test_sandbox_guard (const char *path)
{
  GModule *self = g_module_open (NULL, 0);
  void (*guard) (const char *) = NULL;
  gboolean found = self != NULL
                   && g_module_symbol (self, "cutout_sandbox_guard", (gpointer *) &guard)
                   && guard != NULL;

  if (found)
    guard (path);
  if (self != NULL)
    g_module_close (self);
  return found;
}

/* A run of cutout-cli that does not end within this is taken to hang: some
 * 7 times the longest run's 30 s on a busy 2-core machine (a load of 8).
 * Built with AddressSanitizer, three times as long, as meson's timeouts
 * are there (--timeout-multiplier 3), so that this limit still comes
 * before meson's and shows the run's stderr. (GCC says so by
 * __SANITIZE_ADDRESS__, clang by __has_feature.) */
#if defined(__SANITIZE_ADDRESS__)
#define CLI_TIME_LIMIT_SECONDS 600
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CLI_TIME_LIMIT_SECONDS 600
#endif
#endif
#ifndef CLI_TIME_LIMIT_SECONDS
#define CLI_TIME_LIMIT_SECONDS 200
#endif

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

/* ICC profiles ------------------------------------------------------------------- */

/* A small, valid ICC profile of @size bytes (at least 200) for the colour
 * space @space ("RGB ", "GRAY", …) and the profile class @class ("mntr" for
 * a display): a header and one text tag, made here so that no test needs a
 * file from the system. (Its text is varied: libpng refuses to read a
 * profile whose compressed chunk is under 92 bytes.) */
GBytes *
cutout_test_make_profile (const char *class, const char *space, guint32 size)
{
  guint8 *p = g_malloc0 (size);
  guint32 seed = 12345;

  g_assert_cmpuint (size, >=, 200);
  p[0] = size >> 24, p[1] = size >> 16, p[2] = size >> 8, p[3] = size; /* size */
  p[8] = 2, p[9] = 0x10;                                               /* version 2.1 */
  memcpy (p + 12, class, 4);
  memcpy (p + 16, space, 4);  /* colour space */
  memcpy (p + 20, "XYZ ", 4); /* connection space */
  memcpy (p + 36, "acsp", 4); /* signature */
  /* D50, as s15.16 numbers */
  p[70] = 0xf6, p[71] = 0xd6, p[73] = 0x01, p[78] = 0xd3, p[79] = 0x2d;
  memcpy (p + 80, "ctst", 4); /* creator */
  p[131] = 1;                 /* one tag: a copyright text from 144 to the end */
  memcpy (p + 132, "cprt", 4);
  p[139] = 144;
  p[140] = (size - 144) >> 24, p[141] = (size - 144) >> 16;
  p[142] = (size - 144) >> 8, p[143] = (size - 144);
  memcpy (p + 144, "text", 4);
  for (guint32 i = 152; i < size - 1; i++)
    {
      seed = seed * 1103515245 + 12345;
      p[i] = 'a' + (seed >> 16) % 26;
    }
  return g_bytes_new_take (p, size);
}

static guint32
crc_of (const guint8 *data, gsize size)
{
  return crc32 (crc32 (0, NULL, 0), data, size);
}

/* The 32-bit solution x of the 32 × 32 system over GF(2) whose column j
 * is @columns[j]: sum of x_j columns[j] = @target. */
static guint32
solve_gf2 (const guint32 columns[32], guint32 target)
{
  guint32 rows[32], rhs[32];
  guint32 x = 0;

  /* Row i, bit j: bit i of column j. */
  for (int i = 0; i < 32; i++)
    {
      rows[i] = 0;
      for (int j = 0; j < 32; j++)
        rows[i] |= ((columns[j] >> i) & 1u) << j;
      rhs[i] = (target >> i) & 1u;
    }
  for (int col = 0; col < 32; col++)
    {
      int pivot = -1;
      for (int i = col; i < 32 && pivot < 0; i++)
        if (rows[i] >> col & 1u)
          pivot = i;
      g_assert_cmpint (pivot, >=, 0); /* four bytes in a row always fix a CRC */
      G_STMT_START
      {
        guint32 r = rows[pivot], b = rhs[pivot];
        rows[pivot] = rows[col], rhs[pivot] = rhs[col];
        rows[col] = r, rhs[col] = b;
      }
      G_STMT_END;
      for (int i = 0; i < 32; i++)
        if (i != col && (rows[i] >> col & 1u))
          rows[i] ^= rows[col], rhs[i] ^= rhs[col];
    }
  for (int j = 0; j < 32; j++)
    x |= rhs[j] << j;
  return x;
}

/* Sets the 4 bytes at @at of @p (@size long) so that its CRC-32 is @crc:
 * the CRC of a message of fixed length is affine in its bits. */
static void
force_crc (guint8 *p, gsize size, gsize at, guint32 crc)
{
  guint32 columns[32], base;
  guint32 x;

  memset (p + at, 0, 4);
  base = crc_of (p, size);
  for (int j = 0; j < 32; j++)
    {
      p[at + j / 8] ^= 1u << (j % 8);
      columns[j] = crc_of (p, size) ^ base;
      p[at + j / 8] ^= 1u << (j % 8);
    }
  x = solve_gf2 (columns, base ^ crc);
  for (int k = 0; k < 4; k++)
    p[at + k] = x >> (8 * k);
}

#define ADLER_MOD 65521
#define FORGE_WINDOWS 5
#define WINDOW_BYTES 5

/* The 256 changes (as XOR masks) of 5 bytes that leave every CRC-32 as it
 * was: the kernel of the CRC's linear part on 40 bits, 8 dimensions. */
static void
crc_neutral_masks (guint64 masks[256])
{
  guint8 probe[WINDOW_BYTES + 8] = { 0 };
  guint32 image[40];
  guint64 basis[8];
  int n_basis = 0;
  guint32 zero = crc_of (probe, sizeof probe);
  guint32 rows[40];
  guint64 combos[40];

  for (int j = 0; j < 40; j++)
    {
      probe[j / 8] ^= 1u << (j % 8);
      image[j] = crc_of (probe, sizeof probe) ^ zero;
      probe[j / 8] ^= 1u << (j % 8);
    }
  /* Gaussian elimination on the images, tracking which bits make each. */
  for (int j = 0; j < 40; j++)
    rows[j] = image[j], combos[j] = (guint64) 1 << j;
  for (int bit = 0, r = 0; bit < 32 && r < 40; bit++)
    {
      int pivot = -1;
      for (int i = r; i < 40 && pivot < 0; i++)
        if (rows[i] >> bit & 1u)
          pivot = i;
      if (pivot < 0)
        continue;
      G_STMT_START
      {
        guint32 t = rows[pivot];
        guint64 c = combos[pivot];
        rows[pivot] = rows[r], combos[pivot] = combos[r];
        rows[r] = t, combos[r] = c;
      }
      G_STMT_END;
      for (int i = 0; i < 40; i++)
        if (i != r && (rows[i] >> bit & 1u))
          rows[i] ^= rows[r], combos[i] ^= combos[r];
      r++;
    }
  for (int i = 0; i < 40; i++)
    if (rows[i] == 0 && n_basis < 8)
      basis[n_basis++] = combos[i];
  g_assert_cmpint (n_basis, ==, 8);
  for (int m = 0; m < 256; m++)
    {
      masks[m] = 0;
      for (int b = 0; b < 8; b++)
        if (m >> b & 1)
          masks[m] ^= basis[b];
    }
}

/* What applying @mask to the window at @at of @p (@size long) adds to the
 * Adler-32's two sums, packed as A << 16 | B (each mod 65521). */
static guint32
adler_change (const guint8 *p, gsize size, gsize at, guint64 mask)
{
  gint64 da = 0, db = 0;

  for (int k = 0; k < WINDOW_BYTES; k++)
    {
      int before = p[at + k], after = before ^ (int) (mask >> (8 * k) & 0xff);
      da += after - before;
      db += (gint64) (size - (at + k)) * (after - before);
    }
  da = ((da % ADLER_MOD) + ADLER_MOD) % ADLER_MOD;
  db = ((db % ADLER_MOD) + ADLER_MOD) % ADLER_MOD;
  return (guint32) da << 16 | (guint32) db;
}

static guint32
adler_add (guint32 x, guint32 y)
{
  return ((x >> 16) + (y >> 16)) % ADLER_MOD << 16 | ((x & 0xffff) + (y & 0xffff)) % ADLER_MOD;
}

static guint32
adler_sub (guint32 x, guint32 y)
{
  return ((x >> 16) + ADLER_MOD - (y >> 16)) % ADLER_MOD << 16
         | ((x & 0xffff) + ADLER_MOD - (y & 0xffff)) % ADLER_MOD;
}

/* Changes 5 windows of 5 bytes, 500 bytes apart from @at on, in @p (@size
 * long), each by a CRC-neutral mask, so that its Adler-32 becomes @adler:
 * meet in the middle, the first two windows' 65,536 changes against the
 * other three's. (Far apart, the windows weigh differently in the second
 * sum, which then takes every value; side by side they barely move it.) */
static void
force_adler (guint8 *p, gsize size, gsize at, guint32 adler)
{
  guint64 masks[256];
  g_autoptr (GHashTable) left = g_hash_table_new (NULL, NULL);
  guint32 now = adler32 (adler32 (0, NULL, 0), p, size);
  /* zlib keeps B in the high half; here A is. */
  guint32 have = (now & 0xffff) << 16 | now >> 16;
  guint32 want = (adler & 0xffff) << 16 | adler >> 16;
  guint32 need = adler_sub (want, have);
  gsize win[FORGE_WINDOWS];
  guint32 change[FORGE_WINDOWS][256];

  crc_neutral_masks (masks);
  for (int w = 0; w < FORGE_WINDOWS; w++)
    {
      win[w] = at + w * 500;
      for (int m = 0; m < 256; m++)
        change[w][m] = adler_change (p, size, win[w], masks[m]);
    }
  for (int m0 = 0; m0 < 256; m0++)
    for (int m1 = 0; m1 < 256; m1++)
      g_hash_table_insert (left, GUINT_TO_POINTER (adler_add (change[0][m0], change[1][m1]) + 1),
                           GUINT_TO_POINTER (m0 << 8 | m1));
  for (int m2 = 0; m2 < 256; m2++)
    for (int m3 = 0; m3 < 256; m3++)
      for (int m4 = 0; m4 < 256; m4++)
        {
          guint32 right = adler_add (adler_add (change[2][m2], change[3][m3]), change[4][m4]);
          gpointer found;
          if (!g_hash_table_lookup_extended (left, GUINT_TO_POINTER (adler_sub (need, right) + 1),
                                             NULL, &found))
            continue;
          int chosen[FORGE_WINDOWS]
              = { GPOINTER_TO_UINT (found) >> 8, GPOINTER_TO_UINT (found) & 0xff, m2, m3, m4 };
          for (int w = 0; w < FORGE_WINDOWS; w++)
            for (int k = 0; k < WINDOW_BYTES; k++)
              p[win[w] + k] ^= masks[chosen[w]] >> (8 * k) & 0xff;
          return;
        }
  g_error ("no change of the windows gives the Adler-32 %08x", adler);
}

/* Raises or lowers bytes of @p from @from on (@size long) so that its
 * Adler-32's first sum, 1 + the sum of the bytes, is @a (mod 65521). The
 * masks of force_adler() move that sum by a few thousand at most, so it
 * must be about right before them. */
static void
set_adler_sum (guint8 *p, gsize size, gsize from, guint32 a)
{
  guint32 now = adler32 (adler32 (0, NULL, 0), p, size) & 0xffff;
  int change = (int) ((a + ADLER_MOD - now) % ADLER_MOD);

  if (change > ADLER_MOD / 2)
    change -= ADLER_MOD;
  for (gsize i = from; i < size && change != 0; i++)
    {
      int step = CLAMP (change, -p[i], 255 - p[i]);
      p[i] += step;
      change -= step;
    }
  g_assert_cmpint (change, ==, 0);
}

/* A well-formed RGB display profile of @size bytes with rendering intent
 * @intent, no profile ID, and the given Adler-32 and CRC-32: what libpng
 * takes for one of the sRGB profiles it knows (png_sRGB_checks), by those
 * checksums, without that profile's bytes being in this tree. */
GBytes *
cutout_test_forge_profile (guint32 size, guint32 intent, guint32 adler, guint32 crc)
{
  g_autoptr (GBytes) base = cutout_test_make_profile ("mntr", "RGB ", size);
  guint8 *p = g_memdup2 (g_bytes_get_data (base, NULL), size);

  p[64] = intent >> 24, p[65] = intent >> 16, p[66] = intent >> 8, p[67] = intent;
  g_assert_cmpuint (size, >=, 2400);
  set_adler_sum (p, size, 400, adler & 0xffff);
  force_crc (p, size, 200, crc);
  force_adler (p, size, 300, adler);
  g_assert_cmphex (crc_of (p, size), ==, crc);
  g_assert_cmphex (adler32 (adler32 (0, NULL, 0), p, size), ==, adler);
  return g_bytes_new_take (p, size);
}

/* A @w × @h PNG in @dir whose left half is bright and right half dark: the
 * simulated model keeps the left half. */
char *
cutout_test_write_half_photo (const char *dir, const char *name, int w, int h)
{
  g_autoptr (CutoutImage) img = cutout_image_new (w, h, 4);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        guint8 *p = cutout_image_row (img, y) + x * 4;
        p[0] = p[1] = p[2] = x < w / 2 ? 230 : 20;
        p[3] = 255;
      }
  cutout_export_png (img, path, 1, NULL, &error);
  g_assert_no_error (error);
  return path;
}
