/* test-otp.c: HOTP, TOTP and Steam Guard codes against published values
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

/* RFC 4226 Appendix D and RFC 6238 Appendix B keys. */
static const char key_sha1[] = "12345678901234567890";
static const char key_sha256[] = "12345678901234567890123456789012";
static const char key_sha512[] =
  "1234567890123456789012345678901234567890123456789012345678901234";

/* RFC 4226 Appendix D: the 31-bit truncated values (as 10 digits) and the
 * 6-digit HOTP values for counters 0 to 9. */
static const struct {
  const char *truncated;
  const char *hotp;
} rfc4226[] = {
  { "1284755224", "755224" },
  { "1094287082", "287082" },
  { "0137359152", "359152" },
  { "1726969429", "969429" },
  { "1640338314", "338314" },
  { "0868254676", "254676" },
  { "1918287922", "287922" },
  { "0082162583", "162583" },
  { "0673399871", "399871" },
  { "0645520489", "520489" },
};

static void
test_rfc4226 (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rfc4226); i++)
    {
      g_autoptr(GError) error = NULL;
      char code[SK_OTP_CODE_MAX];

      g_assert_true (sk_otp_hotp (SK_OTP_SHA1, (const guint8 *) key_sha1, 20,
                                  i, 6, code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, rfc4226[i].hotp);

      g_assert_true (sk_otp_hotp (SK_OTP_SHA1, (const guint8 *) key_sha1, 20,
                                  i, 10, code, &error));
      g_assert_cmpstr (code, ==, rfc4226[i].truncated);

      /* Every shorter length is the tail of the 31-bit value. */
      for (guint digits = 1; digits <= 9; digits++)
        {
          g_assert_true (sk_otp_hotp (SK_OTP_SHA1, (const guint8 *) key_sha1, 20,
                                      i, digits, code, &error));
          g_assert_cmpstr (code, ==, rfc4226[i].truncated + 10 - digits);
        }
    }
}

/* RFC 6238 Appendix B. */
static const struct {
  gint64 time;
  guint64 step;
  const char *sha1;
  const char *sha256;
  const char *sha512;
} rfc6238[] = {
  { 59, 0x1, "94287082", "46119246", "90693936" },
  { 1111111109, 0x23523EC, "07081804", "68084774", "25091201" },
  { 1111111111, 0x23523ED, "14050471", "67062674", "99943326" },
  { 1234567890, 0x273EF07, "89005924", "91819424", "93441116" },
  { 2000000000, 0x3F940AA, "69279037", "90698825", "38618901" },
  { 20000000000, 0x27BC86AA, "65353130", "77737706", "47863826" },
};

static void
test_rfc6238 (void)
{
  const struct {
    SkOtpAlgorithm algorithm;
    const char *key;
  } keys[] = {
    { SK_OTP_SHA1, key_sha1 },
    { SK_OTP_SHA256, key_sha256 },
    { SK_OTP_SHA512, key_sha512 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rfc6238); i++)
    for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SkOtpGenerator) generator = NULL;
        const char *expected = k == 0 ? rfc6238[i].sha1
                               : k == 1 ? rfc6238[i].sha256 : rfc6238[i].sha512;
        SkOtpParams params;
        char code[SK_OTP_CODE_MAX];

        sk_otp_params_init (&params, SK_OTP_TOTP);
        params.algorithm = keys[k].algorithm;
        params.digits = 8;
        g_assert_cmpuint (sk_otp_time_step (&params, rfc6238[i].time), ==, rfc6238[i].step);

        g_assert_true (sk_otp_generate (&params, (const guint8 *) keys[k].key,
                                        strlen (keys[k].key), rfc6238[i].time,
                                        code, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (code, ==, expected);

        /* The generator must agree, also when reused. */
        generator = sk_otp_generator_new (&params, (const guint8 *) keys[k].key,
                                          strlen (keys[k].key), &error);
        g_assert_no_error (error);
        for (guint repeat = 0; repeat < 3; repeat++)
          {
            g_assert_true (sk_otp_generator_code (generator, rfc6238[i].time, code));
            g_assert_cmpstr (code, ==, expected);
            g_assert_true (sk_otp_generator_code (generator, rfc6238[i].time + 30, code));
            g_assert_cmpstr (code, !=, expected);
          }
      }
}

static void
test_generator_hotp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOtpGenerator) generator = NULL;
  SkOtpParams params;
  char code[SK_OTP_CODE_MAX];

  sk_otp_params_init (&params, SK_OTP_HOTP);
  generator = sk_otp_generator_new (&params, (const guint8 *) key_sha1, 20, &error);
  g_assert_no_error (error);
  for (guint round = 0; round < 2; round++)
    for (guint i = 0; i < G_N_ELEMENTS (rfc4226); i++)
      {
        g_assert_true (sk_otp_generator_code (generator, i, code));
        g_assert_cmpstr (code, ==, rfc4226[i].hotp);
      }
}

/* Steam Guard. The first two values were published with an independent
 * implementation (MAKS11060/otp, steamTotp.test.ts: a key of 20 zero
 * bytes gives RYH4D at counter 0 and DR2DK at counter 1). The others were
 * computed with Python's hmac module: HMAC-SHA1 of the big-endian step,
 * RFC 4226 truncation, then five times value % 26 into
 * "23456789BCDFGHJKMNPQRTVWXY", least significant first. */
static void
test_steam (void)
{
  static const guint8 zero_key[20] = { 0 };
  static const struct {
    gint64 time;
    const char *code;
  } rfc_key_codes[] = {
    { 59, "PV9M4" },
    { 1111111109, "PY4YB" },
    { 1234567890, "VHHQY" },
    { 2000000000, "9N776" },
    { 20000000000, "R5DMB" },
  };
  g_autoptr(GError) error = NULL;
  SkOtpParams params;
  char code[SK_OTP_CODE_MAX];

  sk_otp_params_init (&params, SK_OTP_STEAM);
  g_assert_cmpuint (params.digits, ==, 5);
  g_assert_cmpuint (params.period, ==, 30);

  g_assert_true (sk_otp_generate (&params, zero_key, sizeof zero_key, 0, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "RYH4D");
  g_assert_true (sk_otp_generate (&params, zero_key, sizeof zero_key, 30, code, &error));
  g_assert_cmpstr (code, ==, "DR2DK");

  for (guint i = 0; i < G_N_ELEMENTS (rfc_key_codes); i++)
    {
      g_autoptr(SkOtpGenerator) generator = NULL;

      g_assert_true (sk_otp_generate (&params, (const guint8 *) key_sha1, 20,
                                      rfc_key_codes[i].time, code, &error));
      g_assert_cmpstr (code, ==, rfc_key_codes[i].code);

      generator = sk_otp_generator_new (&params, (const guint8 *) key_sha1, 20, &error);
      g_assert_true (sk_otp_generator_code (generator, rfc_key_codes[i].time, code));
      g_assert_cmpstr (code, ==, rfc_key_codes[i].code);
    }

  /* Steam codes have five characters whatever "digits" says. */
  params.digits = 8;
  g_assert_true (sk_otp_generate (&params, zero_key, sizeof zero_key, 0, code, &error));
  g_assert_cmpstr (code, ==, "RYH4D");
}

static void
test_time_step (void)
{
  SkOtpParams params;

  sk_otp_params_init (&params, SK_OTP_TOTP);
  g_assert_cmpuint (sk_otp_time_step (&params, 0), ==, 0);
  g_assert_cmpuint (sk_otp_time_step (&params, 29), ==, 0);
  g_assert_cmpuint (sk_otp_time_step (&params, 30), ==, 1);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 0), ==, 30);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 29), ==, 1);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 30), ==, 30);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 1111111109), ==, 1);
  g_assert_cmpuint (sk_otp_seconds_left (&params, -1), ==, 1);
  g_assert_cmpuint (sk_otp_seconds_left (&params, -30), ==, 30);
  /* Before t0 there is no step to count. */
  g_assert_cmpuint (sk_otp_time_step (&params, -100), ==, 0);

  params.t0 = 1000;
  params.period = 60;
  g_assert_cmpuint (sk_otp_time_step (&params, 1000), ==, 0);
  g_assert_cmpuint (sk_otp_time_step (&params, 1059), ==, 0);
  g_assert_cmpuint (sk_otp_time_step (&params, 1060), ==, 1);
  g_assert_cmpuint (sk_otp_time_step (&params, 999), ==, 0);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 1000), ==, 60);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 1059), ==, 1);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 999), ==, 1);

  params.t0 = 0;
  params.period = 1;
  g_assert_cmpuint (sk_otp_time_step (&params, 1234567890), ==, 1234567890);
  g_assert_cmpuint (sk_otp_seconds_left (&params, 1234567890), ==, 1);

  params.period = G_MAXUINT;
  g_assert_cmpuint (sk_otp_time_step (&params, G_MAXINT64), ==, (guint64) G_MAXINT64 / G_MAXUINT);
  params.t0 = G_MININT64;
  params.period = 30;
  g_assert_cmpuint (sk_otp_time_step (&params, G_MAXINT64), ==, G_MAXUINT64 / 30);
}

static void
test_t0 (void)
{
  g_autoptr(GError) error = NULL;
  SkOtpParams params;
  char shifted[SK_OTP_CODE_MAX];
  char plain[SK_OTP_CODE_MAX];

  /* A code with epoch t0 at time t is the plain code at t - t0. */
  sk_otp_params_init (&params, SK_OTP_TOTP);
  params.t0 = 1000;
  g_assert_true (sk_otp_generate (&params, (const guint8 *) key_sha1, 20,
                                  1111111109 + 1000, shifted, &error));
  params.t0 = 0;
  g_assert_true (sk_otp_generate (&params, (const guint8 *) key_sha1, 20,
                                  1111111109, plain, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (shifted, ==, plain);
  g_assert_cmpstr (plain, ==, "081804");
}

static void
test_digits_range (void)
{
  SkOtpParams params;
  char code[SK_OTP_CODE_MAX];

  sk_otp_params_init (&params, SK_OTP_TOTP);
  for (guint digits = 0; digits <= 12; digits++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      params.digits = digits;
      ok = sk_otp_generate (&params, (const guint8 *) key_sha1, 20, 59, code, &error);
      if (digits >= 1 && digits <= 10)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpuint (strlen (code), ==, digits);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
          g_assert_nonnull (strstr (error->message, digits == 0 ? "got 0" : "got 1"));
          g_assert_cmpstr (code, ==, "");
        }
    }
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;
  SkOtpParams params;
  char code[SK_OTP_CODE_MAX];

  sk_otp_params_init (&params, SK_OTP_TOTP);
  params.period = 0;
  g_assert_false (sk_otp_params_validate (&params, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_null (sk_otp_generator_new (&params, (const guint8 *) key_sha1, 20, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  /* HOTP has no period. */
  params.type = SK_OTP_HOTP;
  g_assert_true (sk_otp_params_validate (&params, &error));
  g_assert_no_error (error);

  sk_otp_params_init (&params, SK_OTP_TOTP);
  params.algorithm = 7;
  g_assert_false (sk_otp_params_validate (&params, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  sk_otp_params_init (&params, SK_OTP_TOTP);
  g_assert_false (sk_otp_generate (&params, (const guint8 *) "", 0, 59, code, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
  g_clear_error (&error);
  g_assert_null (sk_otp_generator_new (&params, NULL, 0, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
}

static void
test_short_and_long_keys (void)
{
  /* HMAC takes any key length; a one-byte key and a key longer than the
   * block size (hashed first) must both work and differ. */
  guint8 long_key[200];
  char a[SK_OTP_CODE_MAX];
  char b[SK_OTP_CODE_MAX];
  g_autoptr(GError) error = NULL;

  memset (long_key, 0x5a, sizeof long_key);
  g_assert_true (sk_otp_hotp (SK_OTP_SHA1, (const guint8 *) "k", 1, 0, 6, a, &error));
  g_assert_true (sk_otp_hotp (SK_OTP_SHA512, long_key, sizeof long_key, 0, 6, b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (a), ==, 6);
  g_assert_cmpuint (strlen (b), ==, 6);
}

static void
test_strings (void)
{
  SkOtpAlgorithm algorithm;
  SkOtpType type;
  const struct {
    const char *text;
    SkOtpAlgorithm algorithm;
  } algorithms[] = {
    { "SHA1", SK_OTP_SHA1 }, { "sha1", SK_OTP_SHA1 }, { "SHA-1", SK_OTP_SHA1 },
    { "HmacSHA1", SK_OTP_SHA1 }, { "HMAC-SHA1", SK_OTP_SHA1 },
    { "SHA256", SK_OTP_SHA256 }, { "sha-256", SK_OTP_SHA256 }, { "SHA2-256", SK_OTP_SHA256 },
    { "SHA512", SK_OTP_SHA512 }, { "Sha-512", SK_OTP_SHA512 }, { "hmac_sha512", SK_OTP_SHA512 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (algorithms); i++)
    {
      g_assert_true (sk_otp_algorithm_from_string (algorithms[i].text, &algorithm));
      g_assert_cmpint (algorithm, ==, algorithms[i].algorithm);
    }
  g_assert_false (sk_otp_algorithm_from_string ("MD5", &algorithm));
  g_assert_false (sk_otp_algorithm_from_string ("SHA384", &algorithm));
  g_assert_false (sk_otp_algorithm_from_string ("", &algorithm));
  g_assert_cmpstr (sk_otp_algorithm_to_string (SK_OTP_SHA1), ==, "SHA1");
  g_assert_cmpstr (sk_otp_algorithm_to_string (SK_OTP_SHA256), ==, "SHA256");
  g_assert_cmpstr (sk_otp_algorithm_to_string (SK_OTP_SHA512), ==, "SHA512");

  g_assert_true (sk_otp_type_from_string ("TOTP", &type));
  g_assert_cmpint (type, ==, SK_OTP_TOTP);
  g_assert_true (sk_otp_type_from_string ("hotp", &type));
  g_assert_cmpint (type, ==, SK_OTP_HOTP);
  g_assert_true (sk_otp_type_from_string ("Steam", &type));
  g_assert_cmpint (type, ==, SK_OTP_STEAM);
  g_assert_true (sk_otp_type_from_string ("mOTP", &type));
  g_assert_cmpint (type, ==, SK_OTP_MOTP);
  g_assert_true (sk_otp_type_from_string ("Yandex", &type));
  g_assert_cmpint (type, ==, SK_OTP_YANDEX);
  g_assert_false (sk_otp_type_from_string ("ocra", &type));
  g_assert_cmpstr (sk_otp_type_to_string (SK_OTP_YANDEX), ==, "yandex");
  g_assert_cmpstr (sk_otp_type_to_string (SK_OTP_MOTP), ==, "motp");
  g_assert_cmpstr (sk_otp_type_to_string (SK_OTP_TOTP), ==, "totp");
  g_assert_cmpstr (sk_otp_type_to_string (SK_OTP_HOTP), ==, "hotp");
  g_assert_cmpstr (sk_otp_type_to_string (SK_OTP_STEAM), ==, "steam");
}

static gpointer
thread_func (gpointer data)
{
  const char *expected = data;

  for (guint i = 0; i < 200; i++)
    {
      char code[SK_OTP_CODE_MAX];
      SkOtpParams params;

      sk_otp_params_init (&params, SK_OTP_TOTP);
      params.digits = 8;
      if (!sk_otp_generate (&params, (const guint8 *) key_sha1, 20, 59, code, NULL) ||
          strcmp (code, expected) != 0)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  GThread *threads[4];

  /* The HMAC implementation is fetched once, from whichever thread comes
   * first. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("otp", thread_func, (gpointer) "94287082");
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

/* Yandex Key codes: the vectors Aegis (YAOTPTest) and Stratum
 * (YandexOtpTest, from KeeYaOtp) publish. Keys are in their 26-byte form,
 * which sk_otp_yandex_key() checks and cuts to 16 bytes. */
static void
test_yandex (void)
{
  static const struct {
    const char *secret;
    const char *pin;
    gint64      time;
    const char *code;
  } vectors[] = {
    { "6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY", "5239", 1641559648, "umozdicq" },
    { "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", "7586", 1581064020, "oactmacq" },
    { "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", "7586", 1581090810, "wemdwrix" },
    { "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", "5210481216086702", 1581091469, "dfrpywob" },
    { "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", "5210481216086702", 1581093059, "vunyprpd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkSecret) full = sk_base32_decode (vectors[i].secret, &error);
      g_autoptr(SkSecret) key = NULL;
      g_autoptr(SkSecret) damaged = NULL;
      SkOtpParams params;
      char code[SK_OTP_CODE_MAX];
      guint8 *bytes;

      g_assert_no_error (error);
      g_assert_cmpuint (sk_secret_get_size (full), ==, SK_OTP_YANDEX_FULL_KEY_SIZE);
      key = sk_otp_yandex_key (sk_secret_get_data (full), sk_secret_get_size (full), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (sk_secret_get_size (key), ==, SK_OTP_YANDEX_KEY_SIZE);

      sk_otp_params_init (&params, SK_OTP_YANDEX);
      g_assert_cmpint (params.algorithm, ==, SK_OTP_SHA256);
      g_assert_cmpuint (params.digits, ==, 8);
      g_assert_true (sk_otp_generate_with_pin (&params, sk_secret_get_data (key),
                                               sk_secret_get_size (key),
                                               (const guint8 *) vectors[i].pin,
                                               strlen (vectors[i].pin),
                                               vectors[i].time, code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, vectors[i].code);

      /* No PIN, no code. */
      g_assert_false (sk_otp_generate (&params, sk_secret_get_data (key),
                                       sk_secret_get_size (key), vectors[i].time, code, &error));
      g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN);
      g_clear_error (&error);

      /* One flipped bit fails the checksum. */
      damaged = sk_secret_new_from_data (sk_secret_get_data (full), sk_secret_get_size (full));
      bytes = sk_secret_get_mutable (damaged);
      bytes[i % 20] ^= 0x10;
      g_assert_null (sk_otp_yandex_key (sk_secret_get_data (damaged),
                                        sk_secret_get_size (damaged), &error));
      g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
      g_clear_error (&error);
    }

  {
    g_autoptr(GError) error = NULL;
    guint8 short_key[10] = { 0 };

    g_assert_null (sk_otp_yandex_key (short_key, sizeof short_key, &error));
    g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
  }
}

/* mOTP: the first six hex digits of MD5 (time/10 in decimal, secret text,
 * PIN). Vectors from Aegis (MOTPTest) and Stratum (MobileOtpTest). */
static void
test_motp (void)
{
  static const struct {
    const char *secret;
    const char *pin;
    gint64      time;
    const char *code;
  } vectors[] = {
    { "e3152afee62599c8", "1234", 165892298, "e7d8b6" },
    { "e3152afee62599c8", "1234", 123456789, "4ebfb2" },
    { "bbb1912bb5c515be", "9999", 1659540020, "ced7b1" },
    { "bbb1912bb5c515be", "9999", 1659540022, "ced7b1" },
    { "bbb1912bb5c515be", "9999", 1659539870, "1a14f8" },
    { "bbb1912bb5c515be", "9999", 1659539878, "1a14f8" },
    { "7ac61d4736f51a2b", "5555", 0, "c42a26" },
    { "7ac61d4736f51a2b", "5555", 1000000000, "4af383" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      SkOtpParams params;
      char code[SK_OTP_CODE_MAX];

      sk_otp_params_init (&params, SK_OTP_MOTP);
      g_assert_cmpuint (params.period, ==, 10);
      g_assert_cmpuint (params.digits, ==, 6);
      g_assert_true (sk_otp_generate_with_pin (&params, (const guint8 *) vectors[i].secret,
                                               strlen (vectors[i].secret),
                                               (const guint8 *) vectors[i].pin,
                                               strlen (vectors[i].pin),
                                               vectors[i].time, code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, vectors[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    SkOtpParams params;

    sk_otp_params_init (&params, SK_OTP_MOTP);
    g_assert_null (sk_otp_generator_new (&params, (const guint8 *) "abc", 3, &error));
    g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  /* Before any other test: the first generation fetches HMAC. */
  g_test_add_func ("/sparekey/otp/threads", test_threads);
  g_test_add_func ("/sparekey/otp/rfc4226", test_rfc4226);
  g_test_add_func ("/sparekey/otp/rfc6238", test_rfc6238);
  g_test_add_func ("/sparekey/otp/generator-hotp", test_generator_hotp);
  g_test_add_func ("/sparekey/otp/steam", test_steam);
  g_test_add_func ("/sparekey/otp/yandex", test_yandex);
  g_test_add_func ("/sparekey/otp/motp", test_motp);
  g_test_add_func ("/sparekey/otp/time-step", test_time_step);
  g_test_add_func ("/sparekey/otp/t0", test_t0);
  g_test_add_func ("/sparekey/otp/digits-range", test_digits_range);
  g_test_add_func ("/sparekey/otp/invalid", test_invalid);
  g_test_add_func ("/sparekey/otp/key-lengths", test_short_and_long_keys);
  g_test_add_func ("/sparekey/otp/strings", test_strings);

  return g_test_run ();
}
