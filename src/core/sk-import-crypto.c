/* sk-import-crypto.c: the key derivations and ciphers of other apps'
 * export formats, through OpenSSL 3 and libargon2
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <sodium.h>

#include "sk-import-private.h"

gboolean
sk_crypto_pbkdf2 (const char   *digest,
                  const char   *password,
                  gsize         password_len,
                  const guint8 *salt,
                  gsize         salt_len,
                  guint         iterations,
                  guint8       *out,
                  gsize         out_len)
{
  const EVP_MD *md = g_str_equal (digest, "SHA256") ? EVP_sha256 ()
                   : g_str_equal (digest, "SHA512") ? EVP_sha512 ()
                   : EVP_sha1 ();

  if (iterations == 0 || password_len > G_MAXINT || salt_len > G_MAXINT || out_len > G_MAXINT)
    return FALSE;
  return PKCS5_PBKDF2_HMAC (password, (int) password_len, salt, (int) salt_len,
                            (int) MIN (iterations, (guint) G_MAXINT), md,
                            (int) out_len, out) == 1;
}

gboolean
sk_crypto_scrypt (const char   *password,
                  const guint8 *salt,
                  gsize         salt_len,
                  guint64       n,
                  guint64       r,
                  guint64       p,
                  guint8       *out,
                  gsize         out_len)
{
  /* Aegis uses N = 2^15, r = 8, p = 1 (32 MiB); allow up to 1 GiB. */
  guint64 maxmem = G_GUINT64_CONSTANT (1) << 30;

  if (n < 2 || (n & (n - 1)) != 0 || r == 0 || p == 0 ||
      r > 1024 || p > 64 || n > (G_GUINT64_CONSTANT (1) << 22) ||
      128 * r * n > maxmem)
    return FALSE;
  return EVP_PBE_scrypt (password, strlen (password), salt, salt_len,
                         n, r, p, maxmem + 65536, out, out_len) == 1;
}

gboolean
sk_crypto_argon2id (const char   *password,
                    const guint8 *salt,
                    gsize         salt_len,
                    guint32       t_cost,
                    guint32       m_cost_kib,
                    guint32       lanes,
                    guint8       *out,
                    gsize         out_len)
{
  /* libsodium only computes one lane: the reference library does any. */
  if (t_cost == 0 || t_cost > 100 || lanes == 0 || lanes > 64 ||
      m_cost_kib < 8 * lanes || m_cost_kib > 4 * 1024 * 1024)
    return FALSE;
  return argon2id_hash_raw (t_cost, m_cost_kib, lanes, password, strlen (password),
                            salt, salt_len, out, out_len) == ARGON2_OK;
}

void
sk_crypto_sha256 (const void *data,
                  gsize       len,
                  guint8      out[32])
{
  unsigned int out_len = 32;

  EVP_Digest (data, len, out, &out_len, EVP_sha256 (), NULL);
}

SkSecret *
sk_crypto_gcm_decrypt (const guint8 *key,
                       const guint8 *iv,
                       gsize         iv_len,
                       const guint8 *aad,
                       gsize         aad_len,
                       const guint8 *ciphertext,
                       gsize         len,
                       const guint8  tag[16])
{
  g_autoptr(SkSecret) plain = NULL;
  EVP_CIPHER_CTX *ctx;
  int out_len = 0, final_len = 0;
  gboolean ok;

  if (len > G_MAXINT - 32 || iv_len == 0 || iv_len > 64 || aad_len > G_MAXINT)
    return NULL;
  plain = sk_secret_new (len);
  ctx = EVP_CIPHER_CTX_new ();
  ok = ctx != NULL &&
       EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, (int) iv_len, NULL) == 1 &&
       EVP_DecryptInit_ex (ctx, NULL, NULL, key, iv) == 1 &&
       (aad_len == 0 || EVP_DecryptUpdate (ctx, NULL, &out_len, aad, (int) aad_len) == 1) &&
       EVP_DecryptUpdate (ctx, sk_secret_get_mutable (plain), &out_len, ciphertext, (int) len) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *) tag) == 1 &&
       EVP_DecryptFinal_ex (ctx, sk_secret_get_mutable (plain) + out_len, &final_len) == 1;
  EVP_CIPHER_CTX_free (ctx);
  if (!ok)
    return NULL;
  sk_secret_truncate (plain, (gsize) out_len + (gsize) final_len);
  return g_steal_pointer (&plain);
}

gboolean
sk_crypto_gcm_encrypt (const guint8 *key,
                       const guint8 *iv,
                       gsize         iv_len,
                       const guint8 *plaintext,
                       gsize         len,
                       guint8       *ciphertext,
                       guint8        tag[16])
{
  EVP_CIPHER_CTX *ctx;
  int out_len = 0, final_len = 0;
  gboolean ok;

  if (len > G_MAXINT - 32)
    return FALSE;
  ctx = EVP_CIPHER_CTX_new ();
  ok = ctx != NULL &&
       EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, (int) iv_len, NULL) == 1 &&
       EVP_EncryptInit_ex (ctx, NULL, NULL, key, iv) == 1 &&
       EVP_EncryptUpdate (ctx, ciphertext, &out_len, plaintext, (int) len) == 1 &&
       EVP_EncryptFinal_ex (ctx, ciphertext + out_len, &final_len) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
  EVP_CIPHER_CTX_free (ctx);
  return ok && (gsize) (out_len + final_len) == len;
}

SkSecret *
sk_crypto_cbc_decrypt (const guint8 *key,
                       const guint8  iv[16],
                       const guint8 *ciphertext,
                       gsize         len)
{
  g_autoptr(SkSecret) plain = NULL;
  EVP_CIPHER_CTX *ctx;
  int out_len = 0, final_len = 0;
  gboolean ok;

  if (len == 0 || len % 16 != 0 || len > G_MAXINT - 32)
    return NULL;
  plain = sk_secret_new (len + 16);
  ctx = EVP_CIPHER_CTX_new ();
  ok = ctx != NULL &&
       EVP_DecryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, iv) == 1 &&
       EVP_DecryptUpdate (ctx, sk_secret_get_mutable (plain), &out_len, ciphertext, (int) len) == 1 &&
       EVP_DecryptFinal_ex (ctx, sk_secret_get_mutable (plain) + out_len, &final_len) == 1;
  EVP_CIPHER_CTX_free (ctx);
  if (!ok)
    return NULL;
  sk_secret_truncate (plain, (gsize) out_len + (gsize) final_len);
  return g_steal_pointer (&plain);
}

guint8 *
sk_import_hex_decode (const char *hex,
                      gsize       expected,
                      gsize      *out_len)
{
  gsize len;
  guint8 *out;

  if (hex == NULL)
    return NULL;
  len = strlen (hex);
  if (len % 2 != 0 || (expected != 0 && len != expected * 2))
    return NULL;
  out = g_malloc (len / 2 + 1);
  for (gsize i = 0; i < len / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        {
          g_free (out);
          return NULL;
        }
      out[i] = (guint8) (hi << 4 | lo);
    }
  if (out_len != NULL)
    *out_len = len / 2;
  return out;
}
