/* sk-test-util.h: helpers shared by the tests
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sparekey.h>

G_BEGIN_DECLS

/* A fresh temporary folder, removed with everything in it at exit. */
char     *sk_test_make_tmpdir   (void);
/* Lowest Argon2id cost, so tests open vaults in microseconds. */
void      sk_test_kdf_fast      (SkKdfParams *params);
/* Path of ../shared (or NULL when absent: the caller skips). */
char     *sk_test_shared_dir    (void);
/* Remove a folder tree (best effort). */
void      sk_test_rm_rf         (const char *path);

G_END_DECLS
