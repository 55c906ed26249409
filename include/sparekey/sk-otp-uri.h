/* sk-otp-uri.h: otpauth:// Key URI Format, parse and build
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-otp.h>

G_BEGIN_DECLS

#define SK_URI_ERROR (sk_uri_error_quark ())
GQuark sk_uri_error_quark (void);

typedef enum {
  SK_URI_ERROR_SYNTAX,       /* not a URI at all */
  SK_URI_ERROR_SCHEME,       /* not otpauth:// */
  SK_URI_ERROR_TYPE,         /* host is not totp/hotp/steam */
  SK_URI_ERROR_LABEL,        /* bad percent-encoding in the label */
  SK_URI_ERROR_SECRET,       /* missing or bad base32 secret */
  SK_URI_ERROR_PARAMETER,    /* a parameter has a bad value; message names it */
} SkUriError;

typedef struct {
  SkOtpParams params;
  char       *issuer;        /* from issuer= or the label prefix; may be NULL */
  char       *name;          /* account name from the label; never NULL ("" if absent) */
  SkSecret   *secret;        /* decoded key bytes (mOTP: the secret text) */
  SkSecret   *pin;           /* Yandex/mOTP PIN (UTF-8) when the URI has one */
  /* Parameters this version does not know, kept as key/value pairs in
   * order (e.g. "image", "icon", "color"), so a rebuild keeps them. */
  GPtrArray  *extra_keys;    /* of char* */
  GPtrArray  *extra_values;  /* of char* */
} SkOtpUri;

SkOtpUri *sk_otp_uri_parse (const char     *uri,
                            GError        **error);
/* The URI as text in guarded memory (it contains the secret). */
SkSecret *sk_otp_uri_build (const SkOtpUri *uri);
SkOtpUri *sk_otp_uri_new   (void);
void      sk_otp_uri_free  (SkOtpUri       *uri);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOtpUri, sk_otp_uri_free)

G_END_DECLS
