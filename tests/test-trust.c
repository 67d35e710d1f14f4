/* test-trust.c: cutout-cli against hostile inputs and interruptions
 *
 * No input is ever written over, no file can hang or crash a batch, and
 * metadata never fails an export; signals leave nothing half-written. Each
 * test runs the real CLI, with the real model, as a subprocess.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <png.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "cutout-decode.h"
#include "cutout-export.h"
#include "cutout-metadata.h"
#include "cutout-resample.h"
#include "cutout-testlib.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (zip_t, zip_discard)

static char *workdir;

/* A new, empty folder in the test's folder. */
static char *
new_dir (const char *name)
{
  char *dir = g_build_filename (workdir, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  return dir;
}

/* (Written in place: g_file_set_contents() would need a longer name for its
 * temporary file than the longest names tested here leave room for.) */
static void
copy_file (const char *from, const char *to)
{
  g_autofree char *data = NULL;
  gsize size;
  FILE *f;

  g_assert_true (g_file_get_contents (from, &data, &size, NULL));
  f = fopen (to, "wb");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (data, 1, size, f), ==, size);
  g_assert_cmpint (fclose (f), ==, 0);
}

/* Asserts that @path is a whole image of @width × @height. */
static void
assert_image (const char *path, int width, int height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CutoutImage) image = cutout_decode_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (image->width, ==, width);
  g_assert_cmpint (image->height, ==, height);
}

static void
image_size (const char *path, int *width, int *height)
{
  g_autoptr (CutoutImage) image = cutout_decode_file (path, NULL);

  g_assert_nonnull (image);
  *width = image->width;
  *height = image->height;
}

/* Asserts that @dir holds nothing whose name starts with a dot: every
 * temporary file and work folder does. */
static void
assert_no_temporary (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (name[0] == '.')
      g_error ("%s/%s was left behind", dir, name);
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* An output name that is any input of the batch is never written over,
 * whatever name or link reaches it: the result gets the next free name. */
static void
test_output_never_an_input (void)
{
  g_autofree char *dir = new_dir ("never");
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *a_cutout = g_build_filename (dir, "a-cutout.png", NULL);
  g_autofree char *x = g_build_filename (dir, "x.png", NULL);
  g_autofree char *y = g_build_filename (dir, "y.png", NULL);
  g_autofree char *x_link = g_build_filename (dir, "x-cutout.png", NULL);
  g_autofree char *voc1 = cutout_test_voc ("voc1.png"), *voc23 = cutout_test_voc ("voc23.png");
  g_autofree char *voc20 = cutout_test_voc ("voc20.png"), *voc417 = cutout_test_voc ("voc417.png");
  g_autofree char *sum_a = NULL, *sum_a_cutout = NULL, *sum_y = NULL;
  int w1, h1, w23, h23, w20, h20;

  copy_file (voc1, a);
  copy_file (voc23, a_cutout);
  copy_file (voc20, x);
  copy_file (voc417, y);
  /* x's result would go to a hard link of the input y. */
  g_assert_no_errno (link (y, x_link));
  sum_a = cutout_test_checksum (a);
  sum_a_cutout = cutout_test_checksum (a_cutout);
  sum_y = cutout_test_checksum (y);
  image_size (voc1, &w1, &h1);
  image_size (voc23, &w23, &h23);
  image_size (voc20, &w20, &h20);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli (a, a_cutout, x, y, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  {
    g_autofree char *now_a = cutout_test_checksum (a);
    g_autofree char *now_a_cutout = cutout_test_checksum (a_cutout);
    g_autofree char *now_y = cutout_test_checksum (y);
    g_autofree char *now_link = cutout_test_checksum (x_link);
    g_assert_cmpstr (now_a, ==, sum_a);
    g_assert_cmpstr (now_a_cutout, ==, sum_a_cutout);
    g_assert_cmpstr (now_y, ==, sum_y);
    g_assert_cmpstr (now_link, ==, sum_y);
  }
  {
    g_autofree char *of_a = g_build_filename (dir, "a-cutout-2.png", NULL);
    g_autofree char *of_a_cutout = g_build_filename (dir, "a-cutout-cutout.png", NULL);
    g_autofree char *of_x = g_build_filename (dir, "x-cutout-2.png", NULL);
    assert_image (of_a, w1, h1);
    assert_image (of_a_cutout, w23, h23);
    assert_image (of_x, w20, h20);
  }

  /* The same with -d: the folder holds an input with the output's name. */
  {
    g_autofree char *out = g_build_filename (dir, "out", NULL);
    g_autofree char *b_cutout = g_build_filename (out, "b-cutout.png", NULL);
    g_autofree char *b = g_build_filename (dir, "b.png", NULL);
    g_autofree char *sum = NULL, *now = NULL;
    g_autofree char *of_b = g_build_filename (out, "b-cutout-2.png", NULL);
    g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
    copy_file (voc23, b_cutout);
    copy_file (voc1, b);
    sum = cutout_test_checksum (b_cutout);
    {
      g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", out, b_cutout, b, NULL);
      g_assert_cmpint (r.status, ==, 0);
    }
    now = cutout_test_checksum (b_cutout);
    g_assert_cmpstr (now, ==, sum);
    assert_image (of_b, w1, h1);
  }
}

/* An existing output that is no input is replaced, as cp would, and keeps
 * its permissions. */
static void
test_replaced_output_keeps_mode (void)
{
  g_autofree char *out = new_dir ("replace");
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  g_autofree char *old = g_build_filename (out, "voc1-cutout.png", NULL);
  GStatBuf st;
  int w, h;

  /* 0660 is no default mode any umask makes of 0644. */
  g_assert_true (g_file_set_contents (old, "an older file", -1, NULL));
  g_assert_no_errno (g_chmod (old, 0660));
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-q", "-d", out, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  image_size (photo, &w, &h);
  assert_image (old, w, h);
  g_assert_no_errno (g_stat (old, &st));
  g_assert_cmpint (st.st_mode & 0777, ==, 0660);
  assert_no_temporary (out);
}

/* A named pipe or a device given as an input is refused at once with a
 * message naming it: nothing blocks, and the next photo is cut out. */
static void
test_not_regular_files (void)
{
  g_autofree char *dir = new_dir ("fifo");
  g_autofree char *fifo = g_build_filename (dir, "f.jpg", NULL);
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_autofree char *result = g_build_filename (out, "voc23-cutout.png", NULL);
  int w, h;

  g_assert_no_errno (mkfifo (fifo, 0644));
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  {
    /* (The test's own time limit ends the CLI if it blocks.) */
    g_auto (CutoutCliResult) r
        = cutout_test_run_cli ("-d", out, fifo, photo, "/dev/null", dir, NULL);
    g_autofree char *on_fifo = g_strdup_printf ("%s: this is a named pipe (FIFO)", fifo);
    g_autofree char *on_dir = g_strdup_printf ("%s: this is a folder", dir);
    g_assert_cmpint (r.status, ==, 1);
    g_assert_nonnull (strstr (r.err, on_fifo));
    g_assert_nonnull (strstr (r.err, "/dev/null: this is a device"));
    g_assert_nonnull (strstr (r.err, on_dir));
    g_assert_nonnull (strstr (r.err, "3 of 4 images failed"));
  }
  image_size (photo, &w, &h);
  assert_image (result, w, h);
  g_assert_cmpuint (count_files (out), ==, 1);
}

/* A photo @factor times the size of @name, as a PNG at @path. */
static void
write_enlarged (const char *name, int factor, const char *path)
{
  g_autofree char *src = cutout_test_voc (name);
  g_autoptr (CutoutImage) small = cutout_decode_file (src, NULL);
  g_autoptr (CutoutImage) big
      = cutout_resample_image (small, small->width * factor, small->height * factor);
  g_autoptr (GError) error = NULL;

  g_assert_true (cutout_export_png (big, path, CUTOUT_PNG_LEVEL_FAST, NULL, &error));
  g_assert_no_error (error);
}

/* The environment with shrink-preload.c loaded into what it starts. */
static char **
shrinking_environ (void)
{
  char **env = g_get_environ ();
  const char *asan = g_environ_getenv (env, "ASAN_OPTIONS");
  g_autofree char *asan_too
      = g_strdup_printf ("%s%sverify_asan_link_order=0", asan ? asan : "", asan ? ":" : "");

  env = g_environ_setenv (env, "LD_PRELOAD", g_getenv ("CUTOUT_SHRINK_PRELOAD"), TRUE);
  /* (Under AddressSanitizer, its runtime then is not the first library.) */
  return g_environ_setenv (env, "ASAN_OPTIONS", asan_too, TRUE);
}

/* A photo that shrinks just as it is read fails, named, as changed; one
 * that shrinks to nothing once mapped into memory would kill the process
 * (SIGBUS) if it were mapped: no input is, and the stages after the first
 * read all work on the bytes read. The shrinking is done on cue by
 * shrink-preload.c. */
static void
test_shrinking_inputs (void)
{
  g_autofree char *dir = new_dir ("shrink");
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *on_read = g_build_filename (dir, "shrinks-on-read.png", NULL);
  g_autofree char *on_map = g_build_filename (dir, "shrinks-on-map.png", NULL);
  g_autofree char *good = g_build_filename (dir, "good.png", NULL);
  g_autofree char *voc1 = cutout_test_voc ("voc1.png"), *voc23 = cutout_test_voc ("voc23.png"),
                  *voc20 = cutout_test_voc ("voc20.png");
  g_auto (GStrv) env = shrinking_environ ();
  const char *args[] = { "-d", out, on_read, on_map, good, NULL };
  int w, h;

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  copy_file (voc1, on_read);
  copy_file (voc23, on_map);
  copy_file (voc20, good);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cliv (args, (const char *const *) env);
    g_autofree char *changed
        = g_strdup_printf ("%s: the file changed while it was being read", on_read);
    g_assert_cmpint (r.status, ==, 1); /* not killed by a signal */
    g_assert_nonnull (strstr (r.err, changed));
    g_assert_nonnull (strstr (r.err, "1 of 3 images failed"));
  }
  {
    g_autofree char *result = g_build_filename (out, "shrinks-on-map-cutout.png", NULL);
    image_size (voc23, &w, &h);
    assert_image (result, w, h);
  }
  {
    g_autofree char *result = g_build_filename (out, "good-cutout.png", NULL);
    image_size (voc20, &w, &h);
    assert_image (result, w, h);
  }
  assert_no_temporary (out);
}

/* @icc with its header's length field saying @length. */
static GBytes *
with_length_field (GBytes *icc, guint32 length)
{
  gsize size = g_bytes_get_size (icc);
  guint8 *p = g_memdup2 (g_bytes_get_data (icc, NULL), size);

  p[0] = length >> 24, p[1] = length >> 16, p[2] = length >> 8, p[3] = length;
  return g_bytes_new_take (p, size);
}

/* Writes a photo as a JPEG carrying @icc, as a camera or a web page would. */
static void
write_jpeg_with_profile (const char *name, GBytes *icc, const char *path)
{
  g_autofree char *src = cutout_test_voc (name);
  g_autoptr (CutoutImage) image = cutout_decode_file (src, NULL);
  g_autoptr (CutoutImage) opaque = cutout_image_new (image->width, image->height, 1);
  g_autoptr (CutoutMetadata) metadata = cutout_metadata_new ();
  g_autoptr (GError) error = NULL;
  CutoutExportOptions options;

  memset (opaque->pixels, 255, (gsize) image->width * image->height);
  cutout_export_options_init (&options);
  options.format = CUTOUT_FORMAT_JPEG;
  metadata->icc = g_bytes_ref (icc);
  g_assert_true (cutout_export_file (image, opaque, &options, metadata, NULL, path, NULL, &error));
  g_assert_no_error (error);
}

static void
quiet_cb (png_structp png, png_const_charp message)
{
}

/* The ICC profile in the PNG at @path, or NULL. */
static GBytes *
png_profile (const char *path)
{
  FILE *f = fopen (path, "rb");
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, quiet_cb);
  png_infop info = png_create_info_struct (png);
  png_charp name;
  png_bytep profile;
  png_uint_32 length;
  int compression;
  GBytes *icc = NULL;

  g_assert_nonnull (f);
  png_init_io (png, f);
  png_read_info (png, info);
  if (png_get_iCCP (png, info, &name, &compression, &profile, &length))
    icc = g_bytes_new (profile, length);
  png_destroy_read_struct (&png, &info, NULL);
  fclose (f);
  return icc;
}

/* Photos whose colour profile is cut short, has a wrong length or is of a
 * kind libpng refuses (an abstract profile) are still cut out as PNGs,
 * without the profile; a sound profile, and HP's sRGB profile that libpng
 * calls "known incorrect", are kept. */
static void
test_broken_profiles (void)
{
  g_autofree char *dir = new_dir ("icc");
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autoptr (GBytes) sound = cutout_test_make_profile ("mntr", "RGB ", 512);
  struct
  {
    const char *name;
    GBytes *icc;
    gboolean kept;
  } cases[] = {
    { "sound", g_bytes_ref (sound), TRUE },
    { "truncated", g_bytes_new_from_bytes (sound, 0, 300), FALSE },
    { "wrong-length", with_length_field (sound, 600), FALSE },
    { "abstract", cutout_test_make_profile ("abst", "RGB ", 512), FALSE },
    /* Checksums of HP's 1998 sRGB profile, which libpng calls "known
     * incorrect": kept as it is. */
    { "hp-srgb", cutout_test_forge_profile (3144, 0, 0xf784f3fb, 0x182ea552), TRUE },
  };
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  int w, h;
  g_autofree char *photo = cutout_test_voc ("voc20.png");

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  image_size (photo, &w, &h);
  g_ptr_array_add (args, g_strdup ("-d"));
  g_ptr_array_add (args, g_strdup (out));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.jpg", cases[i].name);
      char *path = g_build_filename (dir, file, NULL);
      write_jpeg_with_profile ("voc20.png", cases[i].icc, path);
      g_ptr_array_add (args, path);
    }
  g_ptr_array_add (args, NULL);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cliv ((const char *const *) args->pdata, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s-cutout.png", cases[i].name);
      g_autofree char *result = g_build_filename (out, file, NULL);
      g_autoptr (GBytes) icc = NULL;
      assert_image (result, w, h);
      icc = png_profile (result);
      g_test_message ("%s: profile %s", cases[i].name, icc ? "kept" : "left out");
      if (cases[i].kept)
        g_assert_true (icc != NULL && g_bytes_equal (icc, cases[i].icc));
      else
        g_assert_null (icc);
      g_bytes_unref (cases[i].icc);
    }
}

/* Starts cutout-cli with @args, reading its stderr line by line; returns
 * once a line starting with @until has come (and @text holds everything so
 * far). */
static GSubprocess *
start_cli_until (const char *const *args,
                 const char *until,
                 GDataInputStream **lines,
                 GString *text)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  GSubprocess *proc;
  char *line;

  g_ptr_array_add (argv, (char *) g_getenv ("CUTOUT_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char *const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  *lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (proc));
  while ((line = g_data_input_stream_read_line_utf8 (*lines, NULL, NULL, &error)) != NULL)
    {
      gboolean found = g_str_has_prefix (line, until);
      g_string_append_printf (text, "%s\n", line);
      g_free (line);
      if (found)
        break;
    }
  g_assert_no_error (error);
  return proc;
}

/* Reads the rest of @lines into @text and returns the exit status, or 1000
 * + the signal if a signal ended the process. */
static int
finish_cli (GSubprocess *proc, GDataInputStream *lines, GString *text)
{
  g_autoptr (GError) error = NULL;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (text, "%s\n", line);
      g_free (line);
    }
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr: %s", text->str);
  if (!g_subprocess_get_if_exited (proc))
    return 1000 + g_subprocess_get_term_sig (proc);
  return g_subprocess_get_exit_status (proc);
}

static GPtrArray *
photo_args (const char *option, const char *value, guint n)
{
  const char *names[] = { "voc1.png", "voc23.png", "voc417.png", "voc474.png", "voc20.png" };
  GPtrArray *args = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (names));
  g_ptr_array_add (args, g_strdup (option));
  g_ptr_array_add (args, g_strdup (value));
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (args, cutout_test_voc (names[i]));
  g_ptr_array_add (args, NULL);
  return args;
}

/* SIGTERM in the middle of a -d batch is handled as Ctrl+C is: what is
 * done stays, nothing half-written is left, the usual line, 128 + 15. */
static void
test_sigterm_batch (void)
{
  g_autofree char *out = new_dir ("sigterm");
  g_autoptr (GPtrArray) args = photo_args ("-d", out, 5);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GSubprocess) proc
      = start_cli_until ((const char *const *) args->pdata, "[1/5]", &lines, text);
  int status;

  g_subprocess_send_signal (proc, SIGTERM);
  status = finish_cli (proc, lines, text);
  g_assert_cmpint (status, ==, 128 + SIGTERM);
  g_assert_nonnull (strstr (text->str, "interrupted: "));
  g_assert_nonnull (strstr (text->str, "of 5 images were cut out"));
  assert_no_temporary (out);
  g_assert_cmpuint (count_files (out), >=, 1);
  g_assert_cmpuint (count_files (out), <, 5);
}

/* Interrupted while results wait to go into the ZIP: no archive, no
 * partial one, no work folder, and the message says nothing was kept. */
static void
test_sigterm_zip (void)
{
  g_autofree char *dir = new_dir ("sigterm-zip");
  g_autofree char *zip = g_build_filename (dir, "out.zip", NULL);
  g_autoptr (GPtrArray) args = photo_args ("--zip", zip, 5);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GSubprocess) proc
      = start_cli_until ((const char *const *) args->pdata, "[2/5]", &lines, text);
  int status;

  g_subprocess_send_signal (proc, SIGTERM);
  status = finish_cli (proc, lines, text);
  g_assert_cmpint (status, ==, 128 + SIGTERM);
  g_assert_nonnull (strstr (text->str, "out.zip was not written"));
  g_assert_null (strstr (text->str, "images were cut out"));
  g_assert_cmpuint (count_files (dir), ==, 0);
}

/* Whether libzip's temporary file (out.zip.XXXXXX) is in @dir. */
static gboolean
archive_being_written (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, "out.zip."))
      return TRUE;
  return FALSE;
}

/* Ctrl+C while the ZIP itself is being written: the archive is either
 * whole (if it was done first) or not there at all, and nothing else is
 * left; the run ends normally either way. The results are large, so that
 * writing them takes long enough to be caught. */
static void
test_interrupt_zip_writing (void)
{
  g_autofree char *dir = new_dir ("interrupt-zip");
  g_autofree char *zip = g_build_filename (dir, "out.zip", NULL);
  g_autoptr (GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GDataInputStream) lines = NULL;
  g_autoptr (GSubprocess) proc = NULL;
  const guint n = 4;
  int status;

  g_ptr_array_add (args, g_strdup ("--no-refine-edges"));
  g_ptr_array_add (args, g_strdup ("--zip"));
  g_ptr_array_add (args, g_strdup (zip));
  for (guint i = 0; i < n; i++)
    {
      char *path = g_strdup_printf ("%s/big-%u.png", workdir, i);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        write_enlarged (i % 2 ? "voc474.png" : "voc1.png", 8, path);
      g_ptr_array_add (args, path);
    }
  g_ptr_array_add (args, NULL);
  proc = start_cli_until ((const char *const *) args->pdata, "[4/4]", &lines, text);
  /* Signalled once libzip's temporary archive is there, being written. */
  for (int i = 0; i < 10000 && !archive_being_written (dir); i++)
    g_usleep (1000);
  g_subprocess_send_signal (proc, SIGINT);
  status = finish_cli (proc, lines, text);
  if (status == 0)
    {
      g_autoptr (zip_t) archive = zip_open (zip, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
      g_test_message ("the archive was done before the signal");
      g_assert_nonnull (archive);
      g_assert_cmpint (zip_get_num_entries (archive, 0), ==, n);
    }
  else
    {
      g_assert_cmpint (status, ==, 130);
      g_assert_nonnull (strstr (text->str, "out.zip was not written"));
      g_assert_false (g_file_test (zip, G_FILE_TEST_EXISTS));
    }
  assert_no_temporary (dir);
  g_assert_cmpuint (count_files (dir), ==, status == 0 ? 1 : 0);
}

/* A photo whose name is not UTF-8 goes into the ZIP with its name as
 * shown, beside the others: one name never costs the whole archive. */
static void
test_zip_name_not_utf8 (void)
{
  g_autofree char *dir = new_dir ("zip-names");
  g_autofree char *latin1 = g_build_filename (dir, "caf\xe9.png", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.png", NULL);
  g_autofree char *zip = g_build_filename (dir, "out.zip", NULL);
  g_autofree char *voc1 = cutout_test_voc ("voc1.png"), *voc23 = cutout_test_voc ("voc23.png");
  g_autoptr (zip_t) archive = NULL;
  gboolean seen_cafe = FALSE;

  copy_file (voc1, latin1);
  copy_file (voc23, plain);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("--zip", zip, latin1, plain, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  archive = zip_open (zip, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (archive);
  g_assert_cmpint (zip_get_num_entries (archive, 0), ==, 2);
  for (zip_int64_t i = 0; i < 2; i++)
    {
      const char *name = zip_get_name (archive, i, ZIP_FL_ENC_RAW);
      g_assert_true (g_utf8_validate (name, -1, NULL));
      seen_cafe |= g_str_has_prefix (name, "caf") && g_str_has_suffix (name, "-cutout.png");
    }
  g_assert_true (seen_cafe);
}

/* --zip or -o naming a folder is a usage error that says so. */
static void
test_zip_at_folder (void)
{
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  g_auto (CutoutCliResult) r = cutout_test_run_cli ("--zip", workdir, photo, NULL);
  g_auto (CutoutCliResult) o = cutout_test_run_cli ("-o", workdir, photo, NULL);
  g_autofree char *said = g_strdup_printf ("--zip: %s is a folder", workdir);
  g_autofree char *said_o
      = g_strdup_printf ("-o: %s is a folder; to write into it, use -d", workdir);

  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, said));
  g_assert_null (strstr (r.err, "not supported"));
  g_assert_cmpint (o.status, ==, 2);
  g_assert_nonnull (strstr (o.err, said_o));
}

/* A CUTOUT_ORT_LIBRARY that cannot be loaded is named, then the usual
 * ONNX Runtime is used. */
static void
test_bad_ort_library (void)
{
  g_autofree char *out = new_dir ("ort");
  g_autofree char *photo = cutout_test_voc ("voc23.png");
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "CUTOUT_ORT_LIBRARY",
                                         "/nowhere/libonnxruntime.so.1", TRUE);
  const char *args[] = { "-d", out, photo, NULL };
  g_auto (CutoutCliResult) r = cutout_test_run_cliv (args, (const char *const *) env);

  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.err, "CUTOUT_ORT_LIBRARY=/nowhere/libonnxruntime.so.1 cannot be "
                                   "loaded"));
  g_assert_nonnull (strstr (r.err, "; using "));
  g_assert_cmpuint (count_files (out), ==, 1);
}

/* A photo whose name is as long as names go gets a result whose name is
 * shortened to fit, rather than "File name too long". */
static void
test_long_name (void)
{
  g_autofree char *dir = new_dir ("long");
  g_autofree char *out = g_build_filename (dir, "out", NULL);
  g_autofree char *stem = g_strnfill (200, 'x');
  /* 249 bytes: the 15 Chinese characters are three bytes each. */
  g_autofree char *name = g_strconcat (stem, "照片照片照片照片照片照片照片照.png", NULL);
  g_autofree char *photo = g_build_filename (dir, name, NULL);
  g_autofree char *voc1 = cutout_test_voc ("voc1.png");
  g_autoptr (GDir) d = NULL;
  const char *result;

  g_assert_cmpuint (strlen (name), ==, 249);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  copy_file (voc1, photo);
  {
    g_auto (CutoutCliResult) r = cutout_test_run_cli ("-d", out, photo, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  d = g_dir_open (out, 0, NULL);
  result = g_dir_read_name (d);
  g_assert_nonnull (result);
  g_assert_cmpuint (strlen (result), <=, 255);
  g_assert_true (g_utf8_validate (result, -1, NULL));
  g_assert_true (g_str_has_prefix (result, stem));
  /* Shortened before the character that would not fit whole. */
  g_assert_true (g_str_has_suffix (result, "照片-cutout.png"));
}

/* Runs the CLI with @args where @dir cannot be written to: by its
 * permissions, or for root (whom they do not stop) as a read-only mount in
 * a mount namespace of its own. FALSE if neither can be had here. */
static gboolean
run_read_only (const char *dir, const char *const *args, CutoutCliResult *r)
{
  if (geteuid () != 0)
    {
      g_assert_no_errno (g_chmod (dir, 0555));
      *r = cutout_test_run_cliv (args, NULL);
      g_assert_no_errno (g_chmod (dir, 0755));
      return TRUE;
    }
  {
    const char *script = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && "
                         "exec \"$@\"";
    const char *wrapper[]
        = { "unshare", "-m", "--propagation", "private", "sh", "-c", script, dir, NULL };
    const char *probe[] = { "unshare", "-m", "--propagation", "private", "true", NULL };
    int status = -1;
    if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, NULL)
        || !g_spawn_check_wait_status (status, NULL))
      return FALSE;
    *r = cutout_test_run_cli_under (wrapper, args, NULL);
    return TRUE;
  }
}

/* A folder the results cannot be written to is found before any photo is
 * cut out: for -d, -o and --zip a usage error naming it; beside the input,
 * that input fails at once and the others go on. */
static void
test_read_only_destination (void)
{
  g_autofree char *dir = new_dir ("read-only");
  g_autofree char *locked = g_build_filename (dir, "locked", NULL);
  g_autofree char *open_dir = g_build_filename (dir, "open", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "a.png", NULL);
  g_autofree char *in_open = g_build_filename (open_dir, "b.png", NULL);
  g_autofree char *to_file = g_build_filename (locked, "x.png", NULL);
  g_autofree char *to_zip = g_build_filename (locked, "x.zip", NULL);
  g_autofree char *photo = cutout_test_voc ("voc1.png");
  g_autofree char *said = g_strdup_printf ("cannot write into the folder %s: ", locked);
  const char *with_d[] = { "-d", locked, photo, NULL };
  const char *with_o[] = { "-o", to_file, photo, NULL };
  const char *with_zip[] = { "--zip", to_zip, photo, NULL };
  const char *beside[] = { in_locked, in_open, NULL };
  const char *const *usage[] = { with_d, with_o, with_zip };
  CutoutCliResult r;

  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (open_dir, 0755), ==, 0);
  copy_file (photo, in_locked);
  copy_file (photo, in_open);
  for (guint i = 0; i < G_N_ELEMENTS (usage); i++)
    {
      if (!run_read_only (locked, usage[i], &r))
        {
          g_test_skip ("no way to make a folder read-only here (root without mount namespaces)");
          return;
        }
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, said));
      g_assert_null (strstr (r.err, "[1/1]")); /* before any photo */
      cutout_cli_result_clear (&r);
    }
  g_assert_true (run_read_only (locked, beside, &r));
  g_assert_cmpint (r.status, ==, 1);
  {
    g_autofree char *line
        = g_strdup_printf ("%s: cannot write into the folder %s: ", in_locked, locked);
    g_autofree char *result = g_build_filename (open_dir, "b-cutout.png", NULL);
    g_assert_nonnull (strstr (r.err, line));
    g_assert_nonnull (strstr (r.err, "-d DIR"));
    g_assert_true (g_file_test (result, G_FILE_TEST_IS_REGULAR));
  }
  cutout_cli_result_clear (&r);
  g_assert_cmpuint (count_files (locked), ==, 1);
}

int
main (int argc, char **argv)
{
  workdir = cutout_test_init_with_workdir (&argc, &argv, "cutout-trust-XXXXXX");
  if (workdir == NULL)
    return 0;
  g_test_add_func ("/trust/output-never-an-input", test_output_never_an_input);
  g_test_add_func ("/trust/replaced-output-keeps-mode", test_replaced_output_keeps_mode);
  g_test_add_func ("/trust/not-regular-files", test_not_regular_files);
  g_test_add_func ("/trust/shrinking-inputs", test_shrinking_inputs);
  g_test_add_func ("/trust/broken-profiles", test_broken_profiles);
  g_test_add_func ("/trust/sigterm-batch", test_sigterm_batch);
  g_test_add_func ("/trust/sigterm-zip", test_sigterm_zip);
  g_test_add_func ("/trust/interrupt-zip-writing", test_interrupt_zip_writing);
  g_test_add_func ("/trust/zip-name-not-utf8", test_zip_name_not_utf8);
  g_test_add_func ("/trust/messages/zip-at-folder", test_zip_at_folder);
  g_test_add_func ("/trust/messages/bad-ort-library", test_bad_ort_library);
  g_test_add_func ("/trust/messages/long-name", test_long_name);
  g_test_add_func ("/trust/messages/read-only-destination", test_read_only_destination);
  return cutout_test_run_with_workdir (&workdir);
}
