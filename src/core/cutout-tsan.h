/* cutout-tsan.h: hand-off marks for ThreadSanitizer
 *
 * GLib's locks, thread pools and main contexts synchronise through futexes
 * inside a library that is not instrumented, so ThreadSanitizer cannot see
 * that a thread pushing a task happens before the worker popping it, and
 * would report every such hand-off as a race. The queue marks them: RELEASE
 * where data leaves a thread, ACQUIRE where the next thread takes it. The
 * marks are empty except in the ThreadSanitizer build of the tests.
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#ifdef CUTOUT_TSAN
#include <sanitizer/tsan_interface.h>
#define CUTOUT_HANDOFF_RELEASE(addr) __tsan_release ((void *) (addr))
#define CUTOUT_HANDOFF_ACQUIRE(addr) __tsan_acquire ((void *) (addr))
#else
#define CUTOUT_HANDOFF_RELEASE(addr) ((void) (addr))
#define CUTOUT_HANDOFF_ACQUIRE(addr) ((void) (addr))
#endif
