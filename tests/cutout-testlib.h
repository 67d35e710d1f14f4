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

G_END_DECLS
