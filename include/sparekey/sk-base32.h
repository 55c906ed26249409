/* sk-base32.h: RFC 4648 base32
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-secret.h>

G_BEGIN_DECLS

#define SK_BASE32_ERROR (sk_base32_error_quark ())
GQuark sk_base32_error_quark (void);

typedef enum {
  SK_BASE32_ERROR_INVALID_CHARACTER,  /* message names the character and position */
  SK_BASE32_ERROR_INVALID_LENGTH,     /* leftover bits that cannot be a whole encoding */
  SK_BASE32_ERROR_INVALID_PADDING,
  SK_BASE32_ERROR_EMPTY,
} SkBase32Error;

/**
 * sk_base32_decode:
 *
 * Decodes RFC 4648 base32. Accepts upper and lower case, optional '='
 * padding, and white space or '-' between groups (as services print
 * secrets "ABCD EFGH ..."). Returns the bytes in guarded memory.
 */
SkSecret *sk_base32_decode (const char    *text,
                            GError       **error);

/* Encodes without padding, upper case; the result is a NUL-terminated string. */
SkSecret *sk_base32_encode (const guint8  *data,
                            gsize          size);

G_END_DECLS
