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
/* A square picture of @size pixels filled with @rgba, encoded by
 * gdk-pixbuf as @format ("png" or "jpeg"): icons for the tests. */
GBytes   *sk_test_make_picture  (const char *format,
                                 int         size,
                                 guint32     rgba);
/* A small SVG picture (a circle). */
GBytes   *sk_test_make_svg      (void);

G_END_DECLS
