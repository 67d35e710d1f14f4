/* sandbox-preload.c: a folder where only the chosen file may be written
 *
 * Inside the Flatpak sandbox, a file chosen in the save dialog is reached
 * through the document portal, in a folder of its own that holds that one
 * file: the app may create it (by way of a temporary file beside it that
 * is renamed over it) and nothing else there, no other file, no folder.
 * The tests run as root, where permissions stop nothing, so this library,
 * loaded with LD_PRELOAD, plays the portal: for one guarded file, creating
 * any other file in its folder, making a folder there or renaming anything
 * there but onto the file fails with EPERM. The temporary files allowed
 * are Cutout's own (.cutout-XXXXXX) and those of libzip and
 * g_file_set_contents (NAME.XXXXXX).
 *
 * The guarded file is CUTOUT_SANDBOX_FILE's path as the process starts
 * (for programs run by a test), or the one given to
 * cutout_sandbox_guard(), which a test finds with dlsym() (NULL: none).
 * Without either, nothing is changed.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Both open and open64 (and the others) are defined here, which 64-bit
 * offsets by default would make one symbol. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char guarded_dir[PATH_MAX]; /* "" : nothing guarded */
static char guarded_name[NAME_MAX + 1];

/* real_NAME: the function this one stands in for. */
#define REAL(name)                                                                                 \
  static __typeof__ (&name) real_##name;                                                           \
  if (real_##name == NULL)                                                                         \
  real_##name = (__typeof__ (&name)) dlsym (RTLD_NEXT, #name)

void cutout_sandbox_guard (const char *path);

/* Guards the folder of @path (an absolute path), where only @path's name
 * may be created; NULL: nothing guarded. */
void
cutout_sandbox_guard (const char *path)
{
  char dir[PATH_MAX];
  const char *slash;

  pthread_mutex_lock (&lock);
  guarded_dir[0] = guarded_name[0] = '\0';
  if (path != NULL && (slash = strrchr (path, '/')) != NULL && slash[1] != '\0'
      && (size_t) (slash - path) < sizeof dir && strlen (slash + 1) < sizeof guarded_name)
    {
      memcpy (dir, path, slash - path);
      dir[slash - path] = '\0';
      if (realpath (slash == path ? "/" : dir, guarded_dir) == NULL)
        guarded_dir[0] = '\0';
      else
        strcpy (guarded_name, slash + 1);
    }
  pthread_mutex_unlock (&lock);
}

__attribute__ ((constructor)) static void
init (void)
{
  const char *path = getenv ("CUTOUT_SANDBOX_FILE");

  if (path != NULL && path[0] == '/')
    cutout_sandbox_guard (path);
}

/* Whether @name is a temporary file of PREFIX then six characters. */
static int
is_temporary (const char *name, const char *prefix)
{
  size_t n = strlen (prefix);

  return strncmp (name, prefix, n) == 0 && strlen (name + n) == 6 && strchr (name + n, '/') == NULL;
}

/* What @path (relative to @dirfd) is in the guarded folder: 0 outside it,
 * 1 the guarded file or a temporary file of its, 2 anything else. */
static int
classify (int dirfd, const char *path, int temporary_ok)
{
  char dir[PATH_MAX], resolved[PATH_MAX], base[PATH_MAX], with_dot[NAME_MAX + 2];
  const char *slash, *name;
  int kind = 0;

  if (path == NULL)
    return 0;
  pthread_mutex_lock (&lock);
  if (guarded_dir[0] == '\0')
    goto out;
  /* The folder the name is in, as written. */
  if (path[0] == '/')
    base[0] = '\0';
  else if (dirfd == AT_FDCWD)
    {
      if (getcwd (base, sizeof base) == NULL)
        goto out;
    }
  else
    {
      char link[64];
      ssize_t n;
      snprintf (link, sizeof link, "/proc/self/fd/%d", dirfd);
      n = readlink (link, base, sizeof base - 1);
      if (n <= 0)
        goto out;
      base[n] = '\0';
    }
  slash = strrchr (path, '/');
  name = slash ? slash + 1 : path;
  if (slash == NULL)
    snprintf (dir, sizeof dir, "%s", base[0] ? base : ".");
  else if (slash == path)
    snprintf (dir, sizeof dir, "/");
  else
    snprintf (dir, sizeof dir, "%s%s%.*s", base, base[0] ? "/" : "", (int) (slash - path), path);
  if (realpath (dir, resolved) == NULL || strcmp (resolved, guarded_dir) != 0)
    goto out;
  snprintf (with_dot, sizeof with_dot, "%s.", guarded_name);
  if (strcmp (name, guarded_name) == 0
      || (temporary_ok && (is_temporary (name, ".cutout-") || is_temporary (name, with_dot))))
    kind = 1;
  else
    kind = 2;
out:
  pthread_mutex_unlock (&lock);
  return kind;
}

static int
refuse (void)
{
  errno = EPERM;
  return -1;
}

/* Opening ---------------------------------------------------------------------- */

static int
creates (int flags)
{
  return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

#define OPEN_MODE(flags, mode)                                                                     \
  do                                                                                               \
    {                                                                                              \
      if (creates (flags))                                                                         \
        {                                                                                          \
          va_list ap;                                                                              \
          va_start (ap, flags);                                                                    \
          mode = va_arg (ap, mode_t);                                                              \
          va_end (ap);                                                                             \
        }                                                                                          \
    }                                                                                              \
  while (0)

int
open (const char *path, int flags, ...)
{
  mode_t mode = 0;
  REAL (open);

  OPEN_MODE (flags, mode);
  if (creates (flags) && classify (AT_FDCWD, path, 1) == 2)
    return refuse ();
  return real_open (path, flags, mode);
}

int
open64 (const char *path, int flags, ...)
{
  mode_t mode = 0;
  REAL (open64);

  OPEN_MODE (flags, mode);
  if (creates (flags) && classify (AT_FDCWD, path, 1) == 2)
    return refuse ();
  return real_open64 (path, flags, mode);
}

int
openat (int dirfd, const char *path, int flags, ...)
{
  mode_t mode = 0;
  REAL (openat);

  OPEN_MODE (flags, mode);
  if (creates (flags) && classify (dirfd, path, 1) == 2)
    return refuse ();
  return real_openat (dirfd, path, flags, mode);
}

int
openat64 (int dirfd, const char *path, int flags, ...)
{
  mode_t mode = 0;
  REAL (openat64);

  OPEN_MODE (flags, mode);
  if (creates (flags) && classify (dirfd, path, 1) == 2)
    return refuse ();
  return real_openat64 (dirfd, path, flags, mode);
}

int
creat (const char *path, mode_t mode)
{
  REAL (creat);

  if (classify (AT_FDCWD, path, 1) == 2)
    return refuse ();
  return real_creat (path, mode);
}

int
creat64 (const char *path, mode_t mode)
{
  REAL (creat64);

  if (classify (AT_FDCWD, path, 1) == 2)
    return refuse ();
  return real_creat64 (path, mode);
}

/* glibc's fopen and mkstemp open files without going through open(). */
static int
fopen_creates (const char *mode)
{
  return mode != NULL && (strchr (mode, 'w') || strchr (mode, 'a'));
}

FILE *
fopen (const char *path, const char *mode)
{
  REAL (fopen);

  if (fopen_creates (mode) && classify (AT_FDCWD, path, 1) == 2)
    return errno = EPERM, NULL;
  return real_fopen (path, mode);
}

FILE *
fopen64 (const char *path, const char *mode)
{
  REAL (fopen64);

  if (fopen_creates (mode) && classify (AT_FDCWD, path, 1) == 2)
    return errno = EPERM, NULL;
  return real_fopen64 (path, mode);
}

#define MKSTEMP(name, args, call)                                                                  \
  int name args                                                                                    \
  {                                                                                                \
    REAL (name);                                                                                   \
    if (classify (AT_FDCWD, template, 1) == 2)                                                     \
      return refuse ();                                                                            \
    return real_##name call;                                                                       \
  }

MKSTEMP (mkstemp, (char *template), (template))
MKSTEMP (mkstemp64, (char *template), (template))
MKSTEMP (mkostemp, (char *template, int flags), (template, flags))
MKSTEMP (mkostemp64, (char *template, int flags), (template, flags))
MKSTEMP (mkstemps, (char *template, int suffixlen), (template, suffixlen))
MKSTEMP (mkostemps, (char *template, int suffixlen, int flags), (template, suffixlen, flags))

/* Folders, names, links ---------------------------------------------------------- */

int
mkdir (const char *path, mode_t mode)
{
  REAL (mkdir);

  if (classify (AT_FDCWD, path, 0) != 0)
    return refuse ();
  return real_mkdir (path, mode);
}

int
mkdirat (int dirfd, const char *path, mode_t mode)
{
  REAL (mkdirat);

  if (classify (dirfd, path, 0) != 0)
    return refuse ();
  return real_mkdirat (dirfd, path, mode);
}

char *
mkdtemp (char *template)
{
  REAL (mkdtemp);

  if (classify (AT_FDCWD, template, 0) != 0)
    return errno = EPERM, NULL;
  return real_mkdtemp (template);
}

/* Onto the guarded file only (a temporary file renamed over it). */
int
rename (const char *from, const char *to)
{
  REAL (rename);

  if (classify (AT_FDCWD, to, 0) == 2)
    return refuse ();
  return real_rename (from, to);
}

int
renameat (int fromfd, const char *from, int tofd, const char *to)
{
  REAL (renameat);

  if (classify (tofd, to, 0) == 2)
    return refuse ();
  return real_renameat (fromfd, from, tofd, to);
}

int
renameat2 (int fromfd, const char *from, int tofd, const char *to, unsigned int flags)
{
  REAL (renameat2);

  if (classify (tofd, to, 0) == 2)
    return refuse ();
  return real_renameat2 (fromfd, from, tofd, to, flags);
}

int
link (const char *from, const char *to)
{
  REAL (link);

  if (classify (AT_FDCWD, to, 0) != 0)
    return refuse ();
  return real_link (from, to);
}

int
symlink (const char *target, const char *path)
{
  REAL (symlink);

  if (classify (AT_FDCWD, path, 0) != 0)
    return refuse ();
  return real_symlink (target, path);
}
