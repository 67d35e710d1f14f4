/* shrink-preload.c: a file that shrinks while it is being read, on cue
 *
 * Loaded into cutout-cli with LD_PRELOAD by test-trust, this cuts a file
 * short at the worst moment: a file whose path contains "shrinks-on-read"
 * to half its size just before it is first read, one whose path contains
 * "shrinks-on-map" to nothing just after it is mapped into memory (where
 * touching what is lost kills the process with SIGBUS). Each file once.
 * Nothing else is changed.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Both mmap and mmap64 are defined here, which 64-bit offsets by default
 * would make one symbol. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static ino_t done[64];
static int n_done;

/* Cuts the file open as @fd to @keep (a fraction) of its size if its path
 * has @marker and it was not cut before. */
static void
shrink_if_marked (int fd, const char *marker, double keep)
{
  char link[64], path[4096];
  ssize_t n;
  struct stat st;
  int seen = 0;

  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  n = readlink (link, path, sizeof path - 1);
  if (n <= 0)
    return;
  path[n] = '\0';
  if (strstr (path, marker) == NULL || fstat (fd, &st) != 0 || st.st_size < 2)
    return;
  pthread_mutex_lock (&lock);
  for (int i = 0; i < n_done; i++)
    seen |= done[i] == st.st_ino;
  if (!seen && n_done < 64)
    {
      done[n_done++] = st.st_ino;
      if (truncate (path, (off_t) (st.st_size * keep)) != 0)
        perror ("shrink-preload: truncate");
    }
  pthread_mutex_unlock (&lock);
}

ssize_t
read (int fd, void *buf, size_t count)
{
  static ssize_t (*real_read) (int, void *, size_t);

  if (real_read == NULL)
    real_read = (ssize_t (*) (int, void *, size_t)) dlsym (RTLD_NEXT, "read");
  shrink_if_marked (fd, "shrinks-on-read", 0.5);
  return real_read (fd, buf, count);
}

static void *
after_map (void *p, int fd)
{
  if (p != MAP_FAILED && fd >= 0)
    shrink_if_marked (fd, "shrinks-on-map", 0);
  return p;
}

void *
mmap (void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
  static void *(*real_mmap) (void *, size_t, int, int, int, off_t);

  if (real_mmap == NULL)
    real_mmap = (void *(*) (void *, size_t, int, int, int, off_t)) dlsym (RTLD_NEXT, "mmap");
  return after_map (real_mmap (addr, length, prot, flags, fd, offset), fd);
}

void *
mmap64 (void *addr, size_t length, int prot, int flags, int fd, off64_t offset)
{
  static void *(*real_mmap64) (void *, size_t, int, int, int, off64_t);

  if (real_mmap64 == NULL)
    real_mmap64 = (void *(*) (void *, size_t, int, int, int, off64_t)) dlsym (RTLD_NEXT, "mmap64");
  return after_map (real_mmap64 (addr, length, prot, flags, fd, offset), fd);
}
