/* fuzz-uri.c: libFuzzer harness for otpauth:// parsing and building
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sparekey/sparekey.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (!sk_core_init (NULL))
    abort ();
  return 0;
}

static gboolean
same_extras (const SkOtpUri *a,
             const SkOtpUri *b)
{
  if (a->extra_keys->len != b->extra_keys->len)
    return FALSE;
  for (guint i = 0; i < a->extra_keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a->extra_keys, i), g_ptr_array_index (b->extra_keys, i)) != 0 ||
        g_strcmp0 (g_ptr_array_index (a->extra_values, i), g_ptr_array_index (b->extra_values, i)) != 0)
      return FALSE;
  return TRUE;
}

/* A parsed URI must build into a URI that parses to the same account and
 * builds to the same text again; an account made from it must generate a
 * code. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(SkOtpUri) uri = sk_otp_uri_parse (text, &error);
  g_autoptr(SkSecret) built = NULL;
  g_autoptr(SkOtpUri) back = NULL;
  g_autoptr(SkSecret) rebuilt = NULL;
  g_autoptr(SkAccount) account = NULL;
  char code[SK_OTP_CODE_MAX];

  if (uri == NULL)
    {
      if (error == NULL || error->domain != SK_URI_ERROR ||
          !g_utf8_validate (error->message, -1, NULL))
        abort ();
      return 0;
    }
  if (uri->secret == NULL || uri->name == NULL ||
      !g_utf8_validate (uri->name, -1, NULL) ||
      (uri->issuer != NULL && !g_utf8_validate (uri->issuer, -1, NULL)) ||
      !sk_otp_params_validate (&uri->params, NULL))
    abort ();

  built = sk_otp_uri_build (uri);
  back = sk_otp_uri_parse (sk_secret_get_string (built), &error);
  if (back == NULL)
    abort ();
  if (back->params.type != uri->params.type ||
      back->params.algorithm != uri->params.algorithm ||
      back->params.digits != uri->params.digits ||
      (uri->params.type == SK_OTP_HOTP ? back->params.counter != uri->params.counter
                                       : back->params.period != uri->params.period) ||
      g_strcmp0 (back->issuer, uri->issuer) != 0 ||
      g_strcmp0 (back->name, uri->name) != 0 ||
      !sk_secret_equal (back->secret, uri->secret) ||
      (back->pin == NULL) != (uri->pin == NULL) ||
      (uri->pin != NULL && !sk_secret_equal (back->pin, uri->pin)) ||
      !same_extras (back, uri))
    abort ();
  rebuilt = sk_otp_uri_build (back);
  if (strcmp (sk_secret_get_string (rebuilt), sk_secret_get_string (built)) != 0)
    abort ();

  /* Yandex and mOTP make codes only with their PIN, and say so. */
  account = sk_account_new_from_otp_uri (uri);
  if (sk_otp_type_needs_pin (uri->params.type) && uri->pin == NULL)
    {
      g_autoptr(GError) pin_error = NULL;

      if (sk_account_generate (account, 1700000000, code, &pin_error) ||
          !g_error_matches (pin_error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN))
        abort ();
      return 0;
    }
  if (!sk_account_generate (account, 1700000000, code, NULL) || code[0] == '\0')
    abort ();
  return 0;
}
