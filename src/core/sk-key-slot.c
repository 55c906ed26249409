/* sk-key-slot.c: the cryptography of keyring and recovery key slots, and
 * recovery keys as people write them down
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sk-key-slot-private.h"
#include "sparekey/sk-base32.h"
#include "sparekey/sk-vault.h"

/*
 * A keyring or recovery key slot (docs/vault-format.md):
 *
 *   +0 1 type  +1 1 flags (0)  +2 2 length (176)  +4 4 reserved
 *   +8 8 created (seconds since 1970, UTC)  +16 16 salt
 *   +32 32 X25519 public key  +64 32 ephemeral X25519 public key
 *   +96 24 nonce  +120 48 data key sealed with XChaCha20-Poly1305
 *   +168 8 reserved
 *
 * The slot's secret (a random keyring key or recovery key) gives its
 * X25519 private key through keyed BLAKE2b with the salt. The data key is
 * sealed to the public key, which is why a re-key can seal the new data
 * key into every such slot without knowing any secret: the recovery key
 * is shown once and never stored, and the keyring may be locked. A
 * symmetric wrap would have to keep the slot key somewhere the vault
 * opens, and then anyone who reads an old copy with an old password would
 * learn it and follow every later re-key.
 */

#define OFF_CREATED    8
#define OFF_SALT       16
#define OFF_PUBLIC     32
#define OFF_EPHEMERAL  64
#define OFF_NONCE      96
#define OFF_WRAPPED    120
#define AD_SLOT_BYTES  96
#define SALT_BYTES     16
#define KEY_BYTES      crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES    crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES      crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PERSONAL       "sparekey-slot-v1"
#define RECOVERY_CHARS 40
#define RECOVERY_GROUP 5

G_STATIC_ASSERT (sizeof PERSONAL - 1 == crypto_generichash_blake2b_PERSONALBYTES);
G_STATIC_ASSERT (SALT_BYTES == crypto_generichash_blake2b_SALTBYTES);
G_STATIC_ASSERT (OFF_WRAPPED + KEY_BYTES + TAG_BYTES + 8 == SK_KEY_SLOT_LEN);
G_STATIC_ASSERT (SK_RECOVERY_KEY_BYTES * 8 == RECOVERY_CHARS * 5);

void
sk_key_slot_info_free (SkKeySlotInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->id);
  g_free (info);
}

static void
put_le (guint8  *p,
        guint64  v,
        guint    n)
{
  for (guint i = 0; i < n; i++, v >>= 8)
    p[i] = v & 0xff;
}

/* The slot's X25519 private key from its secret and salt. The secrets
 * are random (200 or 256 bits), so a fast keyed hash is all it takes:
 * Argon2id slows down guessing a password, and nobody guesses 2^200. */
static SkSecret *
private_key (const guint8   *slot,
             const SkSecret *secret)
{
  SkSecret *key = sk_secret_new (crypto_scalarmult_SCALARBYTES);

  crypto_generichash_blake2b_salt_personal (sk_secret_get_mutable (key),
                                            crypto_scalarmult_SCALARBYTES,
                                            sk_secret_get_data (secret),
                                            sk_secret_get_size (secret),
                                            NULL, 0, slot + OFF_SALT,
                                            (const guint8 *) PERSONAL);
  return key;
}

/* The key that seals the data key: BLAKE2b of the X25519 shared secret
 * and both public keys (the construction of libsodium's sealed boxes). */
static SkSecret *
wrapping_key (const guint8 *shared,
              const guint8 *slot)
{
  SkSecret *kek = sk_secret_new (KEY_BYTES);
  crypto_generichash_state state;

  crypto_generichash_init (&state, NULL, 0, KEY_BYTES);
  crypto_generichash_update (&state, shared, crypto_scalarmult_BYTES);
  crypto_generichash_update (&state, slot + OFF_EPHEMERAL, crypto_box_PUBLICKEYBYTES);
  crypto_generichash_update (&state, slot + OFF_PUBLIC, crypto_box_PUBLICKEYBYTES);
  crypto_generichash_final (&state, sk_secret_get_mutable (kek), KEY_BYTES);
  sodium_memzero (&state, sizeof state);
  return kek;
}

/* Additional data of the seal: the file's magic and version and the slot
 * up to the nonce (type, length, date, salt, both public keys). */
static void
slot_ad (guint8        ad[10 + AD_SLOT_BYTES],
         const guint8 *file_prefix,
         const guint8 *slot)
{
  memcpy (ad, file_prefix, 10);
  memcpy (ad + 10, slot, AD_SLOT_BYTES);
}

void
sk_key_slot_rewrap (guint8         *slot,
                    const guint8   *file_prefix,
                    const SkSecret *data_key)
{
  g_autoptr(SkSecret) ephemeral = sk_secret_new (crypto_box_SECRETKEYBYTES);
  g_autoptr(SkSecret) shared = sk_secret_new (crypto_scalarmult_BYTES);
  g_autoptr(SkSecret) kek = NULL;
  guint8 ad[10 + AD_SLOT_BYTES];
  unsigned long long wrapped_len;

  /* A fresh ephemeral key pair and nonce every time: no two seals share
   * a wrapping key. */
  crypto_box_keypair (slot + OFF_EPHEMERAL, sk_secret_get_mutable (ephemeral));
  if (crypto_scalarmult (sk_secret_get_mutable (shared), sk_secret_get_data (ephemeral),
                         slot + OFF_PUBLIC) != 0)
    g_error ("X25519 failed on a public key this program made");
  kek = wrapping_key (sk_secret_get_data (shared), slot);
  randombytes_buf (slot + OFF_NONCE, NONCE_BYTES);
  slot_ad (ad, file_prefix, slot);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot + OFF_WRAPPED, &wrapped_len,
                                              sk_secret_get_data (data_key), KEY_BYTES,
                                              ad, sizeof ad, NULL, slot + OFF_NONCE,
                                              sk_secret_get_data (kek));
  g_assert (wrapped_len == KEY_BYTES + TAG_BYTES);
}

void
sk_key_slot_make (guint8         *slot,
                  guint           type,
                  const guint8   *file_prefix,
                  const SkSecret *secret,
                  const SkSecret *data_key)
{
  g_autoptr(SkSecret) private = NULL;

  memset (slot, 0, SK_KEY_SLOT_LEN);
  slot[0] = (guint8) type;
  put_le (slot + 2, SK_KEY_SLOT_LEN, 2);
  put_le (slot + OFF_CREATED, (guint64) (g_get_real_time () / G_USEC_PER_SEC), 8);
  randombytes_buf (slot + OFF_SALT, SALT_BYTES);
  private = private_key (slot, secret);
  crypto_scalarmult_base (slot + OFF_PUBLIC, sk_secret_get_data (private));
  sk_key_slot_rewrap (slot, file_prefix, data_key);
}

SkSecret *
sk_key_slot_open (const guint8   *slot,
                  const guint8   *file_prefix,
                  const SkSecret *secret)
{
  g_autoptr(SkSecret) private = private_key (slot, secret);
  g_autoptr(SkSecret) shared = sk_secret_new (crypto_scalarmult_BYTES);
  g_autoptr(SkSecret) kek = NULL;
  g_autoptr(SkSecret) key = sk_secret_new (KEY_BYTES);
  guint8 public[crypto_box_PUBLICKEYBYTES];
  guint8 ad[10 + AD_SLOT_BYTES];
  unsigned long long key_len;

  /* Another slot's secret gives another public key: a cheap way to tell
   * before trying the seal. */
  crypto_scalarmult_base (public, sk_secret_get_data (private));
  if (sodium_memcmp (public, slot + OFF_PUBLIC, sizeof public) != 0)
    return NULL;
  if (crypto_scalarmult (sk_secret_get_mutable (shared), sk_secret_get_data (private),
                         slot + OFF_EPHEMERAL) != 0)
    return NULL;
  kek = wrapping_key (sk_secret_get_data (shared), slot);
  slot_ad (ad, file_prefix, slot);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (sk_secret_get_mutable (key), &key_len, NULL,
                                                  slot + OFF_WRAPPED, KEY_BYTES + TAG_BYTES,
                                                  ad, sizeof ad, slot + OFF_NONCE,
                                                  sk_secret_get_data (kek)) != 0 ||
      key_len != KEY_BYTES)
    return NULL;
  return g_steal_pointer (&key);
}

/* Recovery keys ------------------------------------------------------------ */

SkSecret *
sk_recovery_key_format (const SkSecret *key)
{
  g_autoptr(SkSecret) plain = NULL;
  SkSecret *text;
  const char *chars;
  guint8 *out;
  gsize pos = 0;

  g_return_val_if_fail (key != NULL && sk_secret_get_size (key) == SK_RECOVERY_KEY_BYTES, NULL);

  plain = sk_base32_encode (sk_secret_get_data (key), SK_RECOVERY_KEY_BYTES);
  chars = sk_secret_get_string (plain);
  g_assert (strlen (chars) == RECOVERY_CHARS);
  /* 40 characters and 7 dashes. */
  text = sk_secret_new (RECOVERY_CHARS + RECOVERY_CHARS / RECOVERY_GROUP - 1);
  out = sk_secret_get_mutable (text);
  for (guint i = 0; i < RECOVERY_CHARS; i++)
    {
      if (i > 0 && i % RECOVERY_GROUP == 0)
        out[pos++] = '-';
      out[pos++] = chars[i];
    }
  return text;
}

SkSecret *
sk_recovery_key_parse (const char  *text,
                       GError     **error)
{
  g_autoptr(SkSecret) clean = sk_secret_new (RECOVERY_CHARS);
  guint8 *out = sk_secret_get_mutable (clean);
  gsize n = 0;
  SkSecret *key;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      char c = g_ascii_toupper (*p);

      if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r')
        continue;
      if (c == '0')
        c = 'O';
      else if (c == '8')
        c = 'B';
      if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
        {
          g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                               _("This is not a recovery key: it may hold only the letters A to Z and the digits 2 to 7"));
          return NULL;
        }
      if (n == RECOVERY_CHARS)
        {
          n++;
          break;
        }
      out[n++] = (guint8) c;
    }
  if (n != RECOVERY_CHARS)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                   _("This is not a recovery key: a recovery key has %u characters"),
                   RECOVERY_CHARS);
      return NULL;
    }
  key = sk_base32_decode (sk_secret_get_string (clean), error);
  g_assert (key == NULL || sk_secret_get_size (key) == SK_RECOVERY_KEY_BYTES);
  return key;
}
