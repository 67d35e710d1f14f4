/* cutout-testlib.h: small helpers several tests share
 *
 * Copyright 2026 The Cutout developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cutout-box.h"
#include "cutout-catalogue.h"

G_BEGIN_DECLS

/* For cutout_engine_new_simulated(): a 64 × 64 model, so runs are quick. */
extern const CutoutModelInfo cutout_test_simulated_model;

int cutout_test_compare_names (gconstpointer a, gconstpointer b);
void cutout_test_assert_box (const CutoutBox *box, int x1, int y1, int x2, int y2);
void cutout_test_write_broken_catalogue (const char *dir);
void cutout_test_remove_tree (const char *path);
char *cutout_test_write_half_photo (const char *dir, const char *name, int w, int h);
GBytes *cutout_test_make_profile (const char *class, const char *space, guint32 size);
GBytes *cutout_test_forge_profile (guint32 size, guint32 intent, guint32 adler, guint32 crc);
char *cutout_test_checksum (const char *path);
gboolean cutout_test_sandbox_guard (const char *path);

/* The tiny ONNX graphs of make-tiny-models.py, made into a new folder;
 * NULL (with @why) when no python3 with onnx was found at set-up. */
char *cutout_test_make_tiny_models (char **why);

/* The test photos, in the folder $CUTOUT_TESTDATA (tests/meson.build). */
char *cutout_test_testdata_missing (void);
char *cutout_test_voc (const char *name);
gboolean cutout_test_require_testdata (void);
char *cutout_test_init_with_workdir (int *argc, char ***argv, const char *tmpl);
int cutout_test_run_with_workdir (char **workdir);
void cutout_test_add_photo_func (const char *path, GTestFunc func);

/* What a run of cutout-cli ($CUTOUT_CLI) did. */
typedef struct
{
  int status; /* the exit status, or 128 + the signal that ended it */
  char *out;
  char *err;
} CutoutCliResult;

void cutout_cli_result_clear (CutoutCliResult *r);
CutoutCliResult cutout_test_run_cli (const char *first, ...);
CutoutCliResult cutout_test_run_cliv (const char *const *args, const char *const *envp);
CutoutCliResult cutout_test_run_cli_under (const char *const *wrapper,
                                           const char *const *args,
                                           const char *const *envp);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CutoutCliResult, cutout_cli_result_clear)

G_END_DECLS
