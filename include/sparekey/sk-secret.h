/* sk-secret.h: byte strings kept in libsodium guarded memory
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SkSecret:
 *
 * An immutable-size, reference-counted byte string whose bytes live in
 * memory obtained from libsodium (sodium_malloc() slabs: locked, guarded,
 * wiped with sodium_memzero() when the last reference goes away).
 * The buffer always has one extra NUL byte after the data, so secrets that
 * are text (passwords, base32, URIs) can be used as C strings.
 */
typedef struct _SkSecret SkSecret;

#define SK_TYPE_SECRET (sk_secret_get_type ())
GType sk_secret_get_type (void) G_GNUC_CONST;

/* Must be called once before anything else in the core (checks sodium_init). */
gboolean       sk_core_init              (GError      **error);

SkSecret      *sk_secret_new             (gsize          size);
SkSecret      *sk_secret_new_from_data   (const void    *data,
                                          gsize          size);
SkSecret      *sk_secret_new_from_string (const char    *text);
SkSecret      *sk_secret_ref             (SkSecret      *secret);
void           sk_secret_unref           (SkSecret      *secret);
const guint8  *sk_secret_get_data        (const SkSecret *secret);
guint8        *sk_secret_get_mutable     (SkSecret      *secret);
/* The data as a NUL-terminated string (the bytes may contain NUL). */
const char    *sk_secret_get_string      (const SkSecret *secret);
gsize          sk_secret_get_size        (const SkSecret *secret);
/* Constant-time comparison of size and content. */
gboolean       sk_secret_equal           (const SkSecret *a,
                                          const SkSecret *b);
/* Shrink the visible size (bytes after it are wiped). */
void           sk_secret_truncate        (SkSecret      *secret,
                                          gsize          size);

/* The most bytes of any one input read whole (an export, a picture, a
 * list of codes): 64 MiB. */
#define SK_INPUT_MAX_SIZE (64 * 1024 * 1024)

/* Reads a whole descriptor or file, bounded by @max_size (G_IO_ERROR). */
SkSecret      *sk_secret_new_from_fd     (int            fd,
                                          gsize          max_size,
                                          GError       **error);
SkSecret      *sk_secret_new_from_file   (const char    *path,
                                          gsize          max_size,
                                          GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSecret, sk_secret_unref)

/* Wipe and free a normal heap string that held secret material. */
void           sk_wipe_string            (char          *str);

G_END_DECLS
