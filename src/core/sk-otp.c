/* sk-otp.c: HOTP (RFC 4226), TOTP (RFC 6238), Steam Guard, Yandex and
 * mOTP codes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>
#include <string.h>

#include "sparekey/sk-otp.h"

G_DEFINE_QUARK (sk-otp-error-quark, sk_otp_error)

/* Steam Guard's alphabet: digits and consonants that cannot be confused. */
static const char steam_alphabet[] = "23456789BCDFGHJKMNPQRTVWXY";

static const guint64 powers_of_ten[] = {
  1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
  10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
};

struct _SkOtpGenerator
{
  SkOtpParams  params;
  EVP_MAC_CTX *ctx;
};

/* The HMAC implementation is looked up once per process: fetching walks
 * the provider tables under a lock and would dominate the cost of a code. */
static EVP_MAC *
get_hmac (void)
{
  static gsize once;
  static EVP_MAC *hmac;

  if (g_once_init_enter (&once))
    {
      hmac = EVP_MAC_fetch (NULL, OSSL_MAC_NAME_HMAC, NULL);
      g_once_init_leave (&once, 1);
    }
  return hmac;
}

static const char *
digest_name (SkOtpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case SK_OTP_SHA1:
      return "SHA1";
    case SK_OTP_SHA256:
      return "SHA2-256";
    case SK_OTP_SHA512:
      return "SHA2-512";
    default:
      return NULL;
    }
}

/**
 * sk_otp_params_init:
 * @params: (out caller-allocates): parameters to fill
 * @type: the kind of code
 *
 * Sets the defaults of the Key URI Format: SHA1, 6 digits (Steam: 5
 * characters), 30 seconds, counter 0, epoch 0.
 */
void
sk_otp_params_init (SkOtpParams *params,
                    SkOtpType    type)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->type = type;
  params->algorithm = type == SK_OTP_YANDEX ? SK_OTP_SHA256 : SK_OTP_SHA1;
  params->digits = type == SK_OTP_STEAM ? SK_OTP_STEAM_DIGITS
                 : type == SK_OTP_YANDEX ? SK_OTP_YANDEX_DIGITS
                 : 6;
  params->period = type == SK_OTP_MOTP ? SK_OTP_MOTP_PERIOD : 30;
  params->counter = 0;
  params->t0 = 0;
}

/**
 * sk_otp_params_validate:
 *
 * Checks only what the algorithms need: a known type and algorithm,
 * 1 to 10 digits (a 31-bit truncated value has at most 10), and a period
 * of at least one second. Anything a service could issue is accepted.
 */
gboolean
sk_otp_params_validate (const SkOtpParams  *params,
                        GError            **error)
{
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (params->type != SK_OTP_TOTP && params->type != SK_OTP_HOTP &&
      params->type != SK_OTP_STEAM && params->type != SK_OTP_YANDEX &&
      params->type != SK_OTP_MOTP)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                   _("Unknown code type %d"), (int) params->type);
      return FALSE;
    }
  if (digest_name (params->algorithm) == NULL)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                   _("Unknown algorithm %d; expected SHA1, SHA256 or SHA512"),
                   (int) params->algorithm);
      return FALSE;
    }
  if (params->digits < SK_OTP_DIGITS_MIN || params->digits > SK_OTP_DIGITS_MAX)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                   _("Digits must be between %d and %d, got %u"),
                   SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, params->digits);
      return FALSE;
    }
  if (params->type != SK_OTP_HOTP && params->period < 1)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                           _("The period must be at least 1 second, got 0"));
      return FALSE;
    }
  /* Yandex truncates 8 bytes at an offset of up to 15: a SHA-1 MAC (20
   * bytes) is too short for that. */
  if (params->type == SK_OTP_YANDEX && params->algorithm == SK_OTP_SHA1)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                           _("Yandex codes use SHA256 or SHA512, not SHA1"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sk_otp_type_needs_pin (SkOtpType type)
{
  return type == SK_OTP_YANDEX || type == SK_OTP_MOTP;
}

const char *
sk_otp_type_to_string (SkOtpType type)
{
  switch (type)
    {
    case SK_OTP_TOTP:
      return "totp";
    case SK_OTP_HOTP:
      return "hotp";
    case SK_OTP_STEAM:
      return "steam";
    case SK_OTP_YANDEX:
      return "yandex";
    case SK_OTP_MOTP:
      return "motp";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
sk_otp_type_from_string (const char *str,
                         SkOtpType  *out)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_ascii_strcasecmp (str, "totp") == 0)
    *out = SK_OTP_TOTP;
  else if (g_ascii_strcasecmp (str, "hotp") == 0)
    *out = SK_OTP_HOTP;
  else if (g_ascii_strcasecmp (str, "steam") == 0)
    *out = SK_OTP_STEAM;
  else if (g_ascii_strcasecmp (str, "yandex") == 0)
    *out = SK_OTP_YANDEX;
  else if (g_ascii_strcasecmp (str, "motp") == 0)
    *out = SK_OTP_MOTP;
  else
    return FALSE;
  return TRUE;
}

const char *
sk_otp_algorithm_to_string (SkOtpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case SK_OTP_SHA1:
      return "SHA1";
    case SK_OTP_SHA256:
      return "SHA256";
    case SK_OTP_SHA512:
      return "SHA512";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * sk_otp_algorithm_from_string:
 *
 * Accepts "SHA1", "sha-256", "SHA2-512" and the like, optionally prefixed
 * with "HMAC" or "HMAC-" as a few exporters write them.
 */
gboolean
sk_otp_algorithm_from_string (const char     *str,
                              SkOtpAlgorithm *out)
{
  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_ascii_strncasecmp (str, "HMAC", 4) == 0)
    {
      str += 4;
      if (*str == '-' || *str == '_')
        str++;
    }

  if (g_ascii_strcasecmp (str, "SHA1") == 0 ||
      g_ascii_strcasecmp (str, "SHA-1") == 0)
    *out = SK_OTP_SHA1;
  else if (g_ascii_strcasecmp (str, "SHA256") == 0 ||
           g_ascii_strcasecmp (str, "SHA-256") == 0 ||
           g_ascii_strcasecmp (str, "SHA2-256") == 0)
    *out = SK_OTP_SHA256;
  else if (g_ascii_strcasecmp (str, "SHA512") == 0 ||
           g_ascii_strcasecmp (str, "SHA-512") == 0 ||
           g_ascii_strcasecmp (str, "SHA2-512") == 0)
    *out = SK_OTP_SHA512;
  else
    return FALSE;
  return TRUE;
}

/**
 * sk_otp_time_step:
 *
 * floor((t - t0) / period). Times before t0 give step 0: there is no
 * meaningful code before the epoch, and a negative step would wrap.
 */
guint64
sk_otp_time_step (const SkOtpParams *params,
                  gint64             unix_time)
{
  g_return_val_if_fail (params != NULL, 0);
  g_return_val_if_fail (params->period > 0, 0);

  if (unix_time <= params->t0)
    return 0;
  /* The difference of two gint64 fits in a guint64 when positive. */
  return ((guint64) unix_time - (guint64) params->t0) / params->period;
}

guint
sk_otp_seconds_left (const SkOtpParams *params,
                     gint64             unix_time)
{
  guint64 rem;

  g_return_val_if_fail (params != NULL, 0);
  g_return_val_if_fail (params->period > 0, 0);

  /* Floor modulo, so times before t0 count down correctly too. Both
   * differences fit in a guint64 whatever the two gint64 values are. */
  if (unix_time >= params->t0)
    rem = ((guint64) unix_time - (guint64) params->t0) % params->period;
  else
    rem = (params->period -
           ((guint64) params->t0 - (guint64) unix_time) % params->period) % params->period;
  return params->period - (guint) rem;
}

/* RFC 4226 section 5.3: dynamic truncation to a 31-bit value. */
static inline guint32
dynamic_truncate (const guint8 *mac,
                  gsize         mac_len)
{
  guint offset = mac[mac_len - 1] & 0x0f;

  return ((guint32) (mac[offset] & 0x7f) << 24) |
         ((guint32) mac[offset + 1] << 16) |
         ((guint32) mac[offset + 2] << 8) |
         (guint32) mac[offset + 3];
}

static inline void
format_code (SkOtpType  type,
             guint32    value,
             guint      digits,
             char      *code)
{
  if (type == SK_OTP_STEAM)
    {
      /* Steam Guard: five characters, least significant first, always
       * five regardless of @digits (Steam has no other length). */
      for (guint i = 0; i < SK_OTP_STEAM_DIGITS; i++)
        {
          code[i] = steam_alphabet[value % (sizeof steam_alphabet - 1)];
          value /= sizeof steam_alphabet - 1;
        }
      code[SK_OTP_STEAM_DIGITS] = '\0';
    }
  else
    {
      guint64 v = (guint64) value % powers_of_ten[digits];

      code[digits] = '\0';
      for (guint i = digits; i > 0; i--)
        {
          code[i - 1] = (char) ('0' + v % 10);
          v /= 10;
        }
    }
}

static inline void
counter_bytes (guint64 counter,
               guint8  out[8])
{
  for (int i = 7; i >= 0; i--)
    {
      out[i] = (guint8) (counter & 0xff);
      counter >>= 8;
    }
}

static EVP_MAC_CTX *
new_keyed_ctx (SkOtpAlgorithm   algorithm,
               const guint8    *key,
               gsize            key_size,
               GError         **error)
{
  EVP_MAC *hmac = get_hmac ();
  EVP_MAC_CTX *ctx;
  OSSL_PARAM params[2];

  if (hmac == NULL)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                           _("OpenSSL has no HMAC implementation available"));
      return NULL;
    }

  ctx = EVP_MAC_CTX_new (hmac);
  if (ctx == NULL)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                           _("Could not create an HMAC context"));
      return NULL;
    }

  params[0] = OSSL_PARAM_construct_utf8_string (OSSL_MAC_PARAM_DIGEST,
                                                (char *) digest_name (algorithm), 0);
  params[1] = OSSL_PARAM_construct_end ();
  if (!EVP_MAC_init (ctx, key, key_size, params))
    {
      EVP_MAC_CTX_free (ctx);
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                   _("Could not set up HMAC-%s"),
                   sk_otp_algorithm_to_string (algorithm));
      return NULL;
    }
  return ctx;
}

/* Feeds the counter into an initialised context and truncates the MAC. */
static gboolean
mac_counter (EVP_MAC_CTX *ctx,
             guint64      counter,
             guint32     *value)
{
  guint8 msg[8];
  guint8 mac[EVP_MAX_MD_SIZE];
  size_t mac_len = 0;
  gboolean ok;

  counter_bytes (counter, msg);
  ok = EVP_MAC_update (ctx, msg, sizeof msg) &&
       EVP_MAC_final (ctx, mac, &mac_len, sizeof mac) &&
       mac_len >= 20;
  if (ok)
    *value = dynamic_truncate (mac, mac_len);
  sodium_memzero (mac, sizeof mac);
  return ok;
}

static gboolean
check_key (const guint8  *key,
           gsize          key_size,
           GError       **error)
{
  if (key == NULL || key_size == 0)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                           _("The secret key is empty"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sk_otp_hotp:
 * @code: (out caller-allocates): at least %SK_OTP_CODE_MAX bytes
 *
 * The RFC 4226 value for @counter as @digits decimal digits.
 */
gboolean
sk_otp_hotp (SkOtpAlgorithm   algorithm,
             const guint8    *key,
             gsize            key_size,
             guint64          counter,
             guint            digits,
             char            *code,
             GError         **error)
{
  SkOtpParams params;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  sk_otp_params_init (&params, SK_OTP_HOTP);
  params.algorithm = algorithm;
  params.digits = digits;
  params.counter = counter;

  return sk_otp_generate (&params, key, key_size, 0, code, error);
}

/* Yandex's checksum of a 26-byte key: the first 196 bits divided, as a
 * CRC, by the 13-bit polynomial 0x18F3; the remainder must equal the last
 * 12 bits. Written from the description in KeeYaOtp, which Aegis and
 * Stratum follow. */
static gboolean
yandex_checksum_ok (const guint8 *key)
{
  guint16 want = (guint16) (((key[SK_OTP_YANDEX_FULL_KEY_SIZE - 2] & 0x0f) << 8) |
                            key[SK_OTP_YANDEX_FULL_KEY_SIZE - 1]);
  guint16 accum = 0;
  guint accum_bits = 0;
  guint total = SK_OTP_YANDEX_FULL_KEY_SIZE * 8 - 12;
  guint index = 0;
  guint available = 8;

  while (total > 0)
    {
      guint required = MIN (13 - accum_bits, total);

      while (required > 0)
        {
          guint n = MIN (required, available);
          guint input = (key[index] & ((1u << available) - 1)) >> (available - n);

          accum = (guint16) ((accum << n) | input);
          total -= n;
          required -= n;
          available -= n;
          accum_bits += n;
          if (available == 0)
            {
              index++;
              available = 8;
            }
        }
      if (accum_bits == 13)
        accum ^= 0x18f3;
      accum_bits = 0;
      for (guint16 v = accum; v != 0; v >>= 1)
        accum_bits++;
    }
  return accum == want;
}

SkSecret *
sk_otp_yandex_key (const guint8  *key,
                   gsize          key_size,
                   GError       **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (key == NULL ||
      (key_size != SK_OTP_YANDEX_KEY_SIZE && key_size != SK_OTP_YANDEX_FULL_KEY_SIZE))
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                   _("A Yandex key has 16 or 26 bytes, this one %zu"),
                   (size_t) (key != NULL ? key_size : 0));
      return NULL;
    }
  if (key_size == SK_OTP_YANDEX_FULL_KEY_SIZE && !yandex_checksum_ok (key))
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                           _("The Yandex key's checksum is wrong: it was copied incorrectly"));
      return NULL;
    }
  return sk_secret_new_from_data (key, SK_OTP_YANDEX_KEY_SIZE);
}

static gboolean
digest_into (const EVP_MD  *md,
             const guint8  *data,
             gsize          size,
             guint8        *out,
             GError       **error)
{
  if (md == NULL || !EVP_Digest (data, size, out, NULL, md, NULL))
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                           _("Computing the digest failed"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
yandex_code (const SkOtpParams  *params,
             const guint8       *key,
             gsize               key_size,
             const guint8       *pin,
             gsize               pin_size,
             gint64              unix_time,
             char               *code,
             GError            **error)
{
  g_autoptr(SkSecret) material = NULL;
  guint8 key_hash[32];
  guint8 mac[EVP_MAX_MD_SIZE];
  size_t mac_len = 0;
  guint8 msg[8];
  EVP_MAC_CTX *ctx;
  guint8 *m;
  guint64 value = 0;
  guint64 modulus = 1;
  guint offset;
  gboolean ok;
  /* A leading zero byte of the hash is dropped: Yandex turns the hash
   * into a big integer and back, which loses it. */
  gsize skip;

  if (key_size < SK_OTP_YANDEX_KEY_SIZE)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                   _("A Yandex key has 16 bytes, this one %zu"), (size_t) key_size);
      return FALSE;
    }

  material = sk_secret_new (pin_size + SK_OTP_YANDEX_KEY_SIZE);
  m = sk_secret_get_mutable (material);
  memcpy (m, pin, pin_size);
  memcpy (m + pin_size, key, SK_OTP_YANDEX_KEY_SIZE);
  if (!digest_into (EVP_sha256 (), m, pin_size + SK_OTP_YANDEX_KEY_SIZE, key_hash, error))
    return FALSE;
  skip = key_hash[0] == 0 ? 1 : 0;

  ctx = new_keyed_ctx (params->algorithm, key_hash + skip, sizeof key_hash - skip, error);
  sodium_memzero (key_hash, sizeof key_hash);
  if (ctx == NULL)
    return FALSE;
  counter_bytes (sk_otp_time_step (params, unix_time), msg);
  ok = EVP_MAC_update (ctx, msg, sizeof msg) &&
       EVP_MAC_final (ctx, mac, &mac_len, sizeof mac) &&
       mac_len >= 24;
  EVP_MAC_CTX_free (ctx);
  if (!ok)
    {
      sodium_memzero (mac, sizeof mac);
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                           _("Computing the HMAC failed"));
      return FALSE;
    }

  offset = mac[mac_len - 1] & 0x0f;
  for (guint i = 0; i < 8; i++)
    value = (value << 8) | mac[offset + i];
  sodium_memzero (mac, sizeof mac);
  value &= G_MAXINT64;
  for (guint i = 0; i < params->digits; i++)
    modulus *= 26;
  value %= modulus;

  code[params->digits] = '\0';
  for (guint i = params->digits; i > 0; i--)
    {
      code[i - 1] = (char) ('a' + value % 26);
      value /= 26;
    }
  return TRUE;
}

static gboolean
motp_code (const SkOtpParams  *params,
           const guint8       *key,
           gsize               key_size,
           const guint8       *pin,
           gsize               pin_size,
           gint64              unix_time,
           char               *code,
           GError            **error)
{
  static const char hex[] = "0123456789abcdef";
  g_autoptr(SkSecret) message = NULL;
  char step[24];
  gsize step_len;
  guint8 digest[16];
  guint8 *m;

  if (params->digits > 2 * sizeof digest)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                   _("An mOTP code has at most %u digits"), (guint) (2 * sizeof digest));
      return FALSE;
    }

  step_len = (gsize) g_snprintf (step, sizeof step, "%" G_GUINT64_FORMAT,
                                 sk_otp_time_step (params, unix_time));
  message = sk_secret_new (step_len + key_size + pin_size);
  m = sk_secret_get_mutable (message);
  memcpy (m, step, step_len);
  memcpy (m + step_len, key, key_size);
  memcpy (m + step_len + key_size, pin, pin_size);
  if (!digest_into (EVP_md5 (), m, step_len + key_size + pin_size, digest, error))
    return FALSE;

  for (guint i = 0; i < params->digits; i++)
    code[i] = hex[(digest[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f];
  code[params->digits] = '\0';
  sodium_memzero (digest, sizeof digest);
  return TRUE;
}

gboolean
sk_otp_generate (const SkOtpParams  *params,
                 const guint8       *key,
                 gsize               key_size,
                 gint64              unix_time,
                 char               *code,
                 GError            **error)
{
  return sk_otp_generate_with_pin (params, key, key_size, NULL, 0, unix_time, code, error);
}

gboolean
sk_otp_generate_with_pin (const SkOtpParams  *params,
                          const guint8       *key,
                          gsize               key_size,
                          const guint8       *pin,
                          gsize               pin_size,
                          gint64              unix_time,
                          char               *code,
                          GError            **error)
{
  EVP_MAC_CTX *ctx;
  guint64 moving_factor;
  guint32 value = 0;
  gboolean ok;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code[0] = '\0';
  if (!sk_otp_params_validate (params, error) ||
      !check_key (key, key_size, error))
    return FALSE;

  if (sk_otp_type_needs_pin (params->type))
    {
      if (pin == NULL || pin_size == 0)
        {
          g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN,
                               _("This account needs its PIN to make codes"));
          return FALSE;
        }
      if (params->type == SK_OTP_YANDEX)
        return yandex_code (params, key, key_size, pin, pin_size, unix_time, code, error);
      return motp_code (params, key, key_size, pin, pin_size, unix_time, code, error);
    }

  ctx = new_keyed_ctx (params->algorithm, key, key_size, error);
  if (ctx == NULL)
    return FALSE;

  if (params->type == SK_OTP_HOTP)
    moving_factor = params->counter;
  else
    moving_factor = sk_otp_time_step (params, unix_time);

  ok = mac_counter (ctx, moving_factor, &value);
  EVP_MAC_CTX_free (ctx);
  if (!ok)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_CRYPTO,
                           _("Computing the HMAC failed"));
      return FALSE;
    }

  format_code (params->type, value, params->digits, code);
  return TRUE;
}

/**
 * sk_otp_generator_new:
 *
 * Keys an HMAC context once. OpenSSL keeps the padded key inside the
 * context (and wipes it when the context is freed); each code then only
 * restarts the context, which skips the key schedule.
 *
 * A generator is not thread-safe; use one per thread.
 *
 * Returns: (transfer full): a generator, or %NULL with @error set
 */
SkOtpGenerator *
sk_otp_generator_new (const SkOtpParams  *params,
                      const guint8       *key,
                      gsize               key_size,
                      GError            **error)
{
  SkOtpGenerator *self;
  EVP_MAC_CTX *ctx;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sk_otp_params_validate (params, error) ||
      !check_key (key, key_size, error))
    return NULL;
  if (sk_otp_type_needs_pin (params->type))
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN,
                           _("Yandex and mOTP codes need the account's PIN"));
      return NULL;
    }

  ctx = new_keyed_ctx (params->algorithm, key, key_size, error);
  if (ctx == NULL)
    return NULL;

  self = g_new0 (SkOtpGenerator, 1);
  self->params = *params;
  self->ctx = ctx;
  return self;
}

/**
 * sk_otp_generator_code:
 * @counter_or_time: Unix time for TOTP and Steam, the counter for HOTP
 *   (as a bit pattern, so counters above %G_MAXINT64 work too)
 * @code: (out caller-allocates): at least %SK_OTP_CODE_MAX bytes
 *
 * Returns: %FALSE only if OpenSSL fails
 */
gboolean
sk_otp_generator_code (SkOtpGenerator *self,
                       gint64          counter_or_time,
                       char           *code)
{
  guint64 moving_factor;
  guint32 value = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (self->params.type == SK_OTP_HOTP)
    moving_factor = (guint64) counter_or_time;
  else
    moving_factor = sk_otp_time_step (&self->params, counter_or_time);

  /* A NULL key restarts the context with the key it already holds. */
  if (!EVP_MAC_init (self->ctx, NULL, 0, NULL) ||
      !mac_counter (self->ctx, moving_factor, &value))
    {
      code[0] = '\0';
      return FALSE;
    }

  format_code (self->params.type, value, self->params.digits, code);
  return TRUE;
}

void
sk_otp_generator_free (SkOtpGenerator *self)
{
  if (self == NULL)
    return;
  EVP_MAC_CTX_free (self->ctx);
  sodium_memzero (self, sizeof *self);
  g_free (self);
}
