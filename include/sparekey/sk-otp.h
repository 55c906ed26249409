/* sk-otp.h: HOTP (RFC 4226), TOTP (RFC 6238) and Steam Guard codes
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
} SkOtpError;

typedef enum {
  SK_OTP_TOTP,
  SK_OTP_HOTP,
  SK_OTP_STEAM,
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

typedef struct {
  SkOtpType      type;
  SkOtpAlgorithm algorithm;
  guint          digits;   /* 1..10; Steam: 5 characters */
  guint          period;   /* seconds, >= 1 (TOTP, Steam) */
  guint64        counter;  /* HOTP */
  gint64         t0;       /* TOTP epoch, usually 0 */
} SkOtpParams;

/* Defaults for a type: SHA1, 6 digits (Steam 5), 30 s, counter 0, t0 0. */
void        sk_otp_params_init       (SkOtpParams       *params,
                                      SkOtpType          type);
gboolean    sk_otp_params_validate   (const SkOtpParams *params,
                                      GError           **error);

/* "totp" / "hotp" / "steam" */
const char *sk_otp_type_to_string    (SkOtpType          type);
gboolean    sk_otp_type_from_string  (const char        *str,
                                      SkOtpType         *out);
/* "SHA1" / "SHA256" / "SHA512"; parsing is case-insensitive and accepts "SHA-1" etc. */
const char *sk_otp_algorithm_to_string   (SkOtpAlgorithm  algorithm);
gboolean    sk_otp_algorithm_from_string (const char     *str,
                                          SkOtpAlgorithm *out);

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
/* TOTP/Steam: code at @unix_time; HOTP: code for @counter_or_time as counter. */
gboolean        sk_otp_generator_code    (SkOtpGenerator    *generator,
                                          gint64             counter_or_time,
                                          char              *code);
void            sk_otp_generator_free    (SkOtpGenerator    *generator);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkOtpGenerator, sk_otp_generator_free)

G_END_DECLS
