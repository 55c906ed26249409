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
/* The three base64 parts of a 2FAS "servicesEncrypted" or "reference"
 * (asserts there are three). */
void      sk_test_split_twofas_field (const char  *field,
                                      GBytes     **sealed,
                                      GBytes     **salt,
                                      GBytes     **iv);
/* Decrypts such a field straight with OpenSSL, the way 2FAS does; NULL
 * when the password is wrong. */
char     *sk_test_open_twofas_field  (const char  *field,
                                      const char  *password);
/* Whether a keyring daemon of the test's own runs
 * (tests/run-with-keyring.sh); marks the test skipped when not. */
gboolean  sk_test_have_keyring  (void);
/* Locks that daemon's default collection, as a screen lock would. */
void      sk_test_lock_keyring  (void);

/* The first account of @vault whose issuer is @issuer (borrowed), or
 * NULL. */
SkAccount *sk_test_find_account_by_issuer (SkVault    *vault,
                                           const char *issuer);

G_END_DECLS
