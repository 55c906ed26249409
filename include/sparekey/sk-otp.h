/* sk-otp.h: HOTP (RFC 4226), TOTP (RFC 6238), Steam Guard, Yandex and
 * mOTP codes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-secret.h>

G_BEGIN_DECLS

#define SK_OTP_ERROR (sk_otp_error_quark ())
GQuark sk_otp_error_quark (void);

typedef enum {
  SK_OTP_ERROR_INVALID_PARAMETER,   /* digits/period/algorithm out of what the algorithm can do */
  SK_OTP_ERROR_INVALID_SECRET,      /* empty key */
  SK_OTP_ERROR_CRYPTO,              /* OpenSSL failed */
  SK_OTP_ERROR_NEEDS_PIN,           /* Yandex/mOTP without a PIN */
} SkOtpError;

/* Yandex and mOTP codes mix a PIN the user knows into the key: both keep
 * it as a second secret (SkAccount's "pin"). */
typedef enum {
  SK_OTP_TOTP,
  SK_OTP_HOTP,
  SK_OTP_STEAM,
  SK_OTP_YANDEX,   /* Yandex Key: 8 letters, SHA-256 of PIN + key */
  SK_OTP_MOTP,     /* Mobile-OTP: MD5 of time/10, secret text and PIN */
} SkOtpType;

typedef enum {
  SK_OTP_SHA1,
  SK_OTP_SHA256,
  SK_OTP_SHA512,
} SkOtpAlgorithm;

/* Longest code plus NUL. */
#define SK_OTP_CODE_MAX 16
#define SK_OTP_DIGITS_MIN 1
#define SK_OTP_DIGITS_MAX 10
#define SK_OTP_STEAM_DIGITS 5
#define SK_OTP_YANDEX_DIGITS 8
/* Yandex keys are 16 bytes; the 26-byte form adds a 12-bit checksum. */
#define SK_OTP_YANDEX_KEY_SIZE 16
#define SK_OTP_YANDEX_FULL_KEY_SIZE 26
#define SK_OTP_MOTP_DIGITS 6
#define SK_OTP_MOTP_PERIOD 10
/* Longest PIN accepted (Yandex PINs have 4 to 16 digits, mOTP 4). */
#define SK_OTP_PIN_MAX 64

typedef struct {
  SkOtpType      type;
  SkOtpAlgorithm algorithm;
  guint          digits;   /* 1..10; Steam: 5 characters */
  guint          period;   /* seconds, >= 1 (TOTP, Steam) */
  guint64        counter;  /* HOTP */
  gint64         t0;       /* TOTP epoch, usually 0 */
} SkOtpParams;

/* Defaults for a type: SHA1, 6 digits (Steam 5), 30 s, counter 0, t0 0;
 * Yandex SHA256, 8 letters, 30 s; mOTP 6 hex digits, 10 s. */
void        sk_otp_params_init       (SkOtpParams       *params,
                                      SkOtpType          type);
gboolean    sk_otp_params_validate   (const SkOtpParams *params,
                                      GError           **error);

/* "totp" / "hotp" / "steam" / "yandex" / "motp" */
const char *sk_otp_type_to_string    (SkOtpType          type);
gboolean    sk_otp_type_from_string  (const char        *str,
                                      SkOtpType         *out);
/* "SHA1" / "SHA256" / "SHA512"; parsing is case-insensitive and accepts "SHA-1" etc. */
const char *sk_otp_algorithm_to_string   (SkOtpAlgorithm  algorithm);
gboolean    sk_otp_algorithm_from_string (const char     *str,
                                          SkOtpAlgorithm *out);

/* Whether codes of @type need a PIN (Yandex, mOTP). */
gboolean    sk_otp_type_needs_pin    (SkOtpType          type);

/*
 * Checks a Yandex key: 16 bytes as in Yandex's QR codes, or the 26-byte
 * form of its backups whose last 12 bits are a checksum of the rest (the
 * checksum is verified). Returns the 16-byte key in guarded memory, or
 * NULL with SK_OTP_ERROR_INVALID_SECRET.
 */
SkSecret   *sk_otp_yandex_key        (const guint8      *key,
                                      gsize              key_size,
                                      GError           **error);

/* The time step for TOTP/Steam at @unix_time: floor((t - t0) / period). */
guint64     sk_otp_time_step         (const SkOtpParams *params,
                                      gint64             unix_time);
/* Seconds until the current TOTP/Steam code changes (1..period). */
guint       sk_otp_seconds_left      (const SkOtpParams *params,
                                      gint64             unix_time);

/**
 * sk_otp_generate:
 * @code: (out caller-allocates): at least SK_OTP_CODE_MAX bytes
 *
 * TOTP and Steam use @unix_time; HOTP uses params->counter and ignores
 * @unix_time. Does not change anything.
 */
gboolean    sk_otp_generate          (const SkOtpParams *params,
                                      const guint8      *key,
                                      gsize              key_size,
                                      gint64             unix_time,
                                      char              *code,
                                      GError           **error);

/**
 * sk_otp_generate_with_pin:
 * @pin: (nullable): the PIN as UTF-8 bytes (Yandex, mOTP), ignored by
 *   the other types
 *
 * As sk_otp_generate(), for every type. Yandex: HMAC (params->algorithm,
 * SHA256 or SHA512) keyed with SHA-256 (PIN + 16-byte key), a 63-bit
 * truncation written as @digits letters a–z. mOTP: the first @digits
 * lowercase hex digits of MD5 (decimal time step, the key as text, PIN).
 * Without a PIN these two fail with SK_OTP_ERROR_NEEDS_PIN.
 */
gboolean    sk_otp_generate_with_pin (const SkOtpParams *params,
                                      const guint8      *key,
                                      gsize              key_size,
                                      const guint8      *pin,
                                      gsize              pin_size,
                                      gint64             unix_time,
                                      char              *code,
                                      GError           **error);

/* Raw HOTP for a counter value (used by all three types). */
gboolean    sk_otp_hotp              (SkOtpAlgorithm     algorithm,
                                      const guint8      *key,
                                      gsize              key_size,
                                      guint64            counter,
                                      guint              digits,
                                      char              *code,
                                      GError           **error);

/**
 * SkOtpGenerator:
 *
 * A keyed HMAC context reused for many codes of one account (the list view
 * and the benchmark): the key schedule is done once.
 */
typedef struct _SkOtpGenerator SkOtpGenerator;

SkOtpGenerator *sk_otp_generator_new     (const SkOtpParams *params,
                                          const guint8      *key,
                                          gsize              key_size,
                                          GError           **error);
/* TOTP/Steam: code at @unix_time; HOTP: code for @counter_or_time as
 * counter. Yandex and mOTP need a PIN: sk_otp_generator_new() refuses
 * them (SK_OTP_ERROR_NEEDS_PIN). */
gboolean        sk_otp_generator_code    (SkOtpGenerator    *generator,
                                          gint64             counter_or_time,
                                          char              *code);
void            sk_otp_generator_free    (SkOtpGenerator    *generator);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOtpGenerator, sk_otp_generator_free)

G_END_DECLS
