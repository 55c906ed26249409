/* sk-import-binary.c: the binary encrypted backups: Stratum /
 * Authenticator Pro (current Argon2id + AES-GCM, legacy PBKDF2 + AES-CBC)
 * and andOTP (current PBKDF2 + AES-GCM, old SHA-256 + AES-GCM)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-import-private.h"

#define STRATUM_HEADER_LEN 16

gboolean
sk_import_read_stratum_encrypted (SkImportResult *result,
                                  const guint8   *data,
                                  gsize           size,
                                  const char     *password,
                                  GError        **error)
{
  gboolean strong = memcmp (data, "AUTHENTICATORPRO", STRATUM_HEADER_LEN) == 0;
  gsize salt_len = strong ? 16 : 20;
  gsize iv_len = strong ? 12 : 16;
  gsize min_len = STRATUM_HEADER_LEN + salt_len + iv_len + 16;
  g_autoptr(SkSecret) key = sk_secret_new (32);
  g_autoptr(SkSecret) plain = NULL;
  g_autoptr(JsonNode) root = NULL;
  const guint8 *salt = data + STRATUM_HEADER_LEN;
  const guint8 *iv = salt + salt_len;
  const guint8 *ct = iv + iv_len;

  result->format = SK_IMPORT_FORMAT_STRATUM;
  result->encrypted = TRUE;
  if (size < min_len)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
                           _("the Stratum backup is cut short"));
      return FALSE;
    }
  if (password == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                           _("this Stratum / Authenticator Pro backup is encrypted: its password is needed"));
      return FALSE;
    }

  if (strong)
    {
      /* Argon2id, 3 passes, 64 MiB, 4 lanes; AES-256-GCM, tag at the end. */
      gsize ct_len = size - (STRATUM_HEADER_LEN + salt_len + iv_len) - 16;

      if (!sk_crypto_argon2id (password, salt, salt_len, 3, 64 * 1024, 4,
                               sk_secret_get_mutable (key), 32))
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                               _("the Argon2id key of the Stratum backup cannot be derived (not enough memory?)"));
          return FALSE;
        }
      plain = sk_crypto_gcm_decrypt (sk_secret_get_data (key), iv, iv_len, NULL, 0,
                                     ct, ct_len, ct + ct_len);
    }
  else
    {
      /* PBKDF2-HMAC-SHA1, 64000 iterations; AES-256-CBC. */
      if (!sk_crypto_pbkdf2 ("SHA1", password, strlen (password), salt, salt_len, 64000,
                             sk_secret_get_mutable (key), 32))
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                               _("the key of the Stratum backup cannot be derived"));
          return FALSE;
        }
      plain = sk_crypto_cbc_decrypt (sk_secret_get_data (key), iv, ct,
                                     size - (STRATUM_HEADER_LEN + salt_len + iv_len));
    }
  if (plain == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD,
                           _("wrong password for this Stratum / Authenticator Pro backup (or the file is damaged)"));
      return FALSE;
    }
  root = sk_import_parse_plain_json (plain);
  if (root == NULL)
    {
      /* CBC has no authentication: a wrong key gives garbage that may
       * still have valid padding. */
      g_set_error_literal (error, SK_IMPORT_ERROR, strong ? SK_IMPORT_ERROR_DAMAGED
                                                          : SK_IMPORT_ERROR_WRONG_PASSWORD,
                           strong ? _("the decrypted Stratum backup is not JSON")
                                  : _("wrong password for this Stratum / Authenticator Pro backup (or the file is damaged)"));
      return FALSE;
    }
  return sk_import_read_stratum_json (result, root, error);
}

#define ANDOTP_MAX_ITERATIONS 10000000

gboolean
sk_import_read_andotp_encrypted (SkImportResult *result,
                                 const guint8   *data,
                                 gsize           size,
                                 const char     *password,
                                 GError        **error)
{
  g_autoptr(SkSecret) key = sk_secret_new (32);
  g_autoptr(SkSecret) plain = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint32 iterations;

  result->format = SK_IMPORT_FORMAT_ANDOTP;
  result->encrypted = TRUE;
  if (size < 12 + 16)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("the format of the file is not recognized (too short to be an encrypted andOTP backup)"));
      return FALSE;
    }
  if (password == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                           _("this looks like an encrypted andOTP backup: its password is needed"));
      return FALSE;
    }

  /* Current format: iterations (big-endian) | salt | nonce | data | tag. */
  iterations = (guint32) data[0] << 24 | (guint32) data[1] << 16 | (guint32) data[2] << 8 | data[3];
  if (size >= 4 + 12 + 12 + 16 && iterations >= 1 && iterations <= ANDOTP_MAX_ITERATIONS &&
      sk_crypto_pbkdf2 ("SHA1", password, strlen (password), data + 4, 12, iterations,
                        sk_secret_get_mutable (key), 32))
    plain = sk_crypto_gcm_decrypt (sk_secret_get_data (key), data + 16, 12, NULL, 0,
                                   data + 28, size - 28 - 16, data + size - 16);
  if (plain == NULL)
    {
      /* Old format: nonce | data | tag with the key SHA-256(password). */
      sk_crypto_sha256 (password, strlen (password), sk_secret_get_mutable (key));
      plain = sk_crypto_gcm_decrypt (sk_secret_get_data (key), data, 12, NULL, 0,
                                     data + 12, size - 12 - 16, data + size - 16);
    }
  if (plain == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD,
                           _("wrong password for this andOTP backup (or the file is not an andOTP backup)"));
      return FALSE;
    }
  root = sk_import_parse_plain_json (plain);
  if (root == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
                           _("the decrypted andOTP backup is not JSON"));
      return FALSE;
    }
  return sk_import_read_andotp_json (result, root, error);
}
