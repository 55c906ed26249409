/* test-otp-uri.c: otpauth:// parsing and building
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

/* "Hello!\xde\xad\xbe\xef" in base32, the example of Google's description. */
#define SECRET "JBSWY3DPEHPK3PXP"
static const guint8 secret_bytes[] = { 'H', 'e', 'l', 'l', 'o', '!', 0xde, 0xad, 0xbe, 0xef };

static SkOtpUri *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  SkOtpUri *uri = sk_otp_uri_parse (text, &error);

  if (error != NULL)
    g_error ("“%s”: %s", text, error->message);
  g_assert_nonnull (uri);
  return uri;
}

static void
assert_fails (const char *text,
              SkUriError  code,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOtpUri) uri = sk_otp_uri_parse (text, &error);

  g_assert_null (uri);
  if (!g_error_matches (error, SK_URI_ERROR, (int) code))
    g_error ("“%s”: expected error %d, got %s", text, code,
             error != NULL ? error->message : "success");
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”",
             text, error->message, message_part);
}

static void
assert_secret (const SkOtpUri *uri)
{
  g_assert_nonnull (uri->secret);
  g_assert_cmpmem (sk_secret_get_data (uri->secret), sk_secret_get_size (uri->secret),
                   secret_bytes, sizeof secret_bytes);
}

static void
test_google_example (void)
{
  g_autoptr(SkOtpUri) uri =
    parse_ok ("otpauth://totp/Example:alice@google.com?secret=" SECRET "&issuer=Example");

  g_assert_cmpint (uri->params.type, ==, SK_OTP_TOTP);
  g_assert_cmpstr (uri->issuer, ==, "Example");
  g_assert_cmpstr (uri->name, ==, "alice@google.com");
  g_assert_cmpint (uri->params.algorithm, ==, SK_OTP_SHA1);
  g_assert_cmpuint (uri->params.digits, ==, 6);
  g_assert_cmpuint (uri->params.period, ==, 30);
  g_assert_cmpuint (uri->extra_keys->len, ==, 0);
  assert_secret (uri);
}

static void
test_defaults_and_params (void)
{
  g_autoptr(SkOtpUri) plain = parse_ok ("otpauth://totp/alice?secret=" SECRET);
  g_autoptr(SkOtpUri) full = NULL;
  g_autoptr(SkOtpUri) hotp = NULL;
  g_autoptr(SkOtpUri) nolabel = NULL;

  g_assert_null (plain->issuer);
  g_assert_cmpstr (plain->name, ==, "alice");

  full = parse_ok ("otpauth://totp/ACME:bob?secret=" SECRET
                   "&algorithm=SHA512&digits=8&period=60&issuer=ACME");
  g_assert_cmpint (full->params.algorithm, ==, SK_OTP_SHA512);
  g_assert_cmpuint (full->params.digits, ==, 8);
  g_assert_cmpuint (full->params.period, ==, 60);

  hotp = parse_ok ("OTPAUTH://HOTP/x?SECRET=" SECRET "&Counter=18446744073709551615&algorithm=sha256");
  g_assert_cmpint (hotp->params.type, ==, SK_OTP_HOTP);
  g_assert_cmpuint (hotp->params.counter, ==, G_MAXUINT64);
  g_assert_cmpint (hotp->params.algorithm, ==, SK_OTP_SHA256);

  /* No label at all, padding, lower case, white space around the URI,
   * empty parameters and stray '&'. */
  nolabel = parse_ok ("  otpauth://totp?secret=jbswy3dpehpk3pxp&&digits=&period=10&\n");
  g_assert_cmpstr (nolabel->name, ==, "");
  g_assert_null (nolabel->issuer);
  g_assert_cmpuint (nolabel->params.digits, ==, 6);
  g_assert_cmpuint (nolabel->params.period, ==, 10);
  assert_secret (nolabel);

  /* Padding, escaped or not, and grouped secrets. */
  for (guint i = 0; i < 3; i++)
    {
      const char *texts[] = {
        "otpauth://totp/a?secret=MZXW6YQ%3D",
        "otpauth://totp/a?secret=MZXW6YQ=",
        "otpauth://totp/a?secret=mzxw+6yq",
      };
      g_autoptr(SkOtpUri) padded = parse_ok (texts[i]);

      g_assert_cmpmem (sk_secret_get_data (padded->secret),
                       sk_secret_get_size (padded->secret), "foob", 4);
    }
}

static void
test_digits_extremes (void)
{
  g_autoptr(SkOtpUri) one = parse_ok ("otpauth://totp/a?secret=" SECRET "&digits=1");
  g_autoptr(SkOtpUri) ten = parse_ok ("otpauth://totp/a?secret=" SECRET "&digits=10&period=1");

  g_assert_cmpuint (one->params.digits, ==, 1);
  g_assert_cmpuint (ten->params.digits, ==, 10);
  g_assert_cmpuint (ten->params.period, ==, 1);
}

static void
test_label (void)
{
  g_autoptr(SkOtpUri) spaced = parse_ok ("otpauth://totp/ACME%20Co:%20%20john.doe%40email.com?secret=" SECRET);
  g_autoptr(SkOtpUri) escaped_colon = parse_ok ("otpauth://totp/ACME%3Ajohn?secret=" SECRET);
  g_autoptr(SkOtpUri) raw = parse_ok ("otpauth://totp/ACME Co: john?secret=" SECRET);
  g_autoptr(SkOtpUri) chinese = parse_ok ("otpauth://totp/%E5%BE%AE%E4%BF%A1:%E5%BC%A0%E4%B8%89?secret=" SECRET);
  g_autoptr(SkOtpUri) chinese_raw = parse_ok ("otpauth://totp/微信:张三?secret=" SECRET);
  g_autoptr(SkOtpUri) name_colon = parse_ok ("otpauth://totp/a:b%3Ac?secret=" SECRET);
  g_autoptr(SkOtpUri) hash = parse_ok ("otpauth://totp/C#:dev?secret=" SECRET);
  g_autoptr(SkOtpUri) slash = parse_ok ("otpauth://totp/a/b?secret=" SECRET);
  g_autoptr(SkOtpUri) plus = parse_ok ("otpauth://totp/a+b?secret=" SECRET "&issuer=A+B%2BC");

  g_assert_cmpstr (spaced->issuer, ==, "ACME Co");
  g_assert_cmpstr (spaced->name, ==, "john.doe@email.com");
  g_assert_cmpstr (escaped_colon->issuer, ==, "ACME");
  g_assert_cmpstr (escaped_colon->name, ==, "john");
  g_assert_cmpstr (raw->issuer, ==, "ACME Co");
  g_assert_cmpstr (raw->name, ==, "john");
  g_assert_cmpstr (chinese->issuer, ==, "微信");
  g_assert_cmpstr (chinese->name, ==, "张三");
  g_assert_cmpstr (chinese_raw->issuer, ==, "微信");
  g_assert_cmpstr (chinese_raw->name, ==, "张三");
  g_assert_cmpstr (name_colon->issuer, ==, "a");
  g_assert_cmpstr (name_colon->name, ==, "b:c");
  g_assert_cmpstr (hash->issuer, ==, "C#");
  g_assert_cmpstr (hash->name, ==, "dev");
  g_assert_cmpstr (slash->name, ==, "a/b");
  /* '+' is literal in the label (a path) but a space in the query. */
  g_assert_cmpstr (plus->name, ==, "a+b");
  g_assert_cmpstr (plus->issuer, ==, "A B+C");
}

static void
test_issuer_conflict (void)
{
  g_autoptr(SkOtpUri) conflict = parse_ok ("otpauth://totp/Old:bob?secret=" SECRET "&issuer=New");
  g_autoptr(SkOtpUri) label_only = parse_ok ("otpauth://totp/Label:bob?secret=" SECRET);
  g_autoptr(SkOtpUri) param_only = parse_ok ("otpauth://totp/bob?issuer=Param&secret=" SECRET);
  g_autoptr(SkOtpUri) empty_param = parse_ok ("otpauth://totp/Label:bob?issuer=&secret=" SECRET);

  g_assert_cmpstr (conflict->issuer, ==, "New");
  g_assert_cmpstr (conflict->name, ==, "bob");
  g_assert_cmpstr (label_only->issuer, ==, "Label");
  g_assert_cmpstr (param_only->issuer, ==, "Param");
  g_assert_cmpstr (param_only->name, ==, "bob");
  g_assert_cmpstr (empty_param->issuer, ==, "Label");
}

static void
test_steam (void)
{
  g_autoptr(SkOtpUri) host = parse_ok ("otpauth://steam/Steam:gamer?secret=" SECRET "&issuer=Steam");
  g_autoptr(SkOtpUri) encoder = parse_ok ("otpauth://totp/Steam:gamer?secret=" SECRET "&encoder=steam&digits=6");
  g_autoptr(SkOtpUri) issuer5 = parse_ok ("otpauth://totp/gamer?secret=" SECRET "&issuer=Steam&digits=5");
  g_autoptr(SkOtpUri) issuer6 = parse_ok ("otpauth://totp/gamer?secret=" SECRET "&issuer=Steam");
  g_autoptr(SkOtpUri) other5 = parse_ok ("otpauth://totp/gamer?secret=" SECRET "&issuer=Valve&digits=5");
  g_autoptr(SkOtpUri) other_encoder = parse_ok ("otpauth://totp/x?secret=" SECRET "&encoder=base32");

  g_assert_cmpint (host->params.type, ==, SK_OTP_STEAM);
  g_assert_cmpuint (host->params.digits, ==, 5);
  g_assert_cmpint (encoder->params.type, ==, SK_OTP_STEAM);
  g_assert_cmpuint (encoder->params.digits, ==, 5);
  g_assert_cmpuint (encoder->extra_keys->len, ==, 0);
  g_assert_cmpint (issuer5->params.type, ==, SK_OTP_STEAM);
  g_assert_cmpint (issuer6->params.type, ==, SK_OTP_TOTP);
  g_assert_cmpint (other5->params.type, ==, SK_OTP_TOTP);
  g_assert_cmpuint (other5->params.digits, ==, 5);
  g_assert_cmpint (other_encoder->params.type, ==, SK_OTP_TOTP);
  g_assert_cmpuint (other_encoder->extra_keys->len, ==, 1);
}

static void
test_bad_input (void)
{
  assert_fails ("", SK_URI_ERROR_SYNTAX, NULL);
  assert_fails ("JBSWY3DPEHPK3PXP", SK_URI_ERROR_SYNTAX, NULL);
  assert_fails ("https://example.com/totp?secret=" SECRET, SK_URI_ERROR_SCHEME, "“https”");
  assert_fails ("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8", SK_URI_ERROR_SCHEME, "otpauth-migration");
  assert_fails ("otpauth://ocra/a?secret=" SECRET, SK_URI_ERROR_TYPE, "“ocra”");
  assert_fails ("otpauth:///a?secret=" SECRET, SK_URI_ERROR_TYPE, NULL);
  assert_fails ("otpauth://totp/a", SK_URI_ERROR_SECRET, "no secret");
  assert_fails ("otpauth://totp/a?issuer=x", SK_URI_ERROR_SECRET, "no secret");
  assert_fails ("otpauth://totp/a?secret=", SK_URI_ERROR_SECRET, "empty");
  assert_fails ("otpauth://totp/a?secret=JBSWY3DP0HPK3PXP", SK_URI_ERROR_SECRET, "position 9");
  assert_fails ("otpauth://totp/a?secret=JBSWY%zz", SK_URI_ERROR_SECRET, "percent");
  assert_fails ("otpauth://totp/a%zz?secret=" SECRET, SK_URI_ERROR_LABEL, "“a%zz”");
  assert_fails ("otpauth://totp/a%00b?secret=" SECRET, SK_URI_ERROR_LABEL, NULL);
  assert_fails ("otpauth://totp/a?secret=" SECRET "&digits=12", SK_URI_ERROR_PARAMETER, "got “12”");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&digits=0", SK_URI_ERROR_PARAMETER, "digits");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&digits=six", SK_URI_ERROR_PARAMETER, "“six”");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&digits=-6", SK_URI_ERROR_PARAMETER, "digits");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&period=0", SK_URI_ERROR_PARAMETER, "period");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&period=4294967296", SK_URI_ERROR_PARAMETER, "period");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&period=30s", SK_URI_ERROR_PARAMETER, "“30s”");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&algorithm=MD5", SK_URI_ERROR_PARAMETER, "“MD5”");
  assert_fails ("otpauth://hotp/a?secret=" SECRET "&counter=-1", SK_URI_ERROR_PARAMETER, "counter");
  assert_fails ("otpauth://hotp/a?secret=" SECRET "&counter=18446744073709551616", SK_URI_ERROR_PARAMETER, "counter");
  assert_fails ("otpauth://totp/a?secret=" SECRET "&issuer=%zz", SK_URI_ERROR_PARAMETER, "issuer");
}

static void
test_error_never_shows_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOtpUri) uri =
    sk_otp_uri_parse ("otpauth://totp/a?secret=QWERTYUIOPASDFGH1JKL", &error);

  g_assert_null (uri);
  g_assert_error (error, SK_URI_ERROR, SK_URI_ERROR_SECRET);
  g_assert_null (strstr (error->message, "QWERTY"));
  g_assert_null (strstr (error->message, "JKL"));
}

static void
test_unknown_params (void)
{
  g_autoptr(SkOtpUri) uri =
    parse_ok ("otpauth://totp/ACME:bob?image=https%3A%2F%2Fexample.com%2Flogo.png&secret=" SECRET
              "&color=%23ff0000&issuer=ACME&flag&z=100%");
  g_autoptr(SkSecret) built = NULL;
  g_autoptr(SkOtpUri) again = NULL;

  g_assert_cmpuint (uri->extra_keys->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (uri->extra_keys, 0), ==, "image");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_values, 0), ==, "https://example.com/logo.png");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_keys, 1), ==, "color");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_values, 1), ==, "#ff0000");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_keys, 2), ==, "flag");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_values, 2), ==, "");
  /* A parameter we do not read keeps even a broken escape. */
  g_assert_cmpstr (g_ptr_array_index (uri->extra_keys, 3), ==, "z");
  g_assert_cmpstr (g_ptr_array_index (uri->extra_values, 3), ==, "100%");

  built = sk_otp_uri_build (uri);
  g_assert_cmpstr (sk_secret_get_string (built), ==,
                   "otpauth://totp/ACME:bob?secret=" SECRET "&issuer=ACME&algorithm=SHA1"
                   "&digits=6&period=30&image=https%3A%2F%2Fexample.com%2Flogo.png"
                   "&color=%23ff0000&flag=&z=100%25");

  again = parse_ok (sk_secret_get_string (built));
  g_assert_cmpuint (again->extra_keys->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (again->extra_keys, i), ==,
                       g_ptr_array_index (uri->extra_keys, i));
      g_assert_cmpstr (g_ptr_array_index (again->extra_values, i), ==,
                       g_ptr_array_index (uri->extra_values, i));
    }
}

static void
test_build_canonical (void)
{
  g_autoptr(SkOtpUri) uri = sk_otp_uri_new ();
  g_autoptr(SkSecret) built = NULL;
  g_autoptr(SkOtpUri) hotp = NULL;
  g_autoptr(SkSecret) hotp_built = NULL;
  g_autoptr(SkOtpUri) steam = NULL;
  g_autoptr(SkSecret) steam_built = NULL;

  uri->issuer = g_strdup ("ACME Co: Ltd & Sons");
  g_free (uri->name);
  uri->name = g_strdup ("张三@example.com");
  uri->secret = sk_secret_new_from_data ("foob", 4);
  uri->params.algorithm = SK_OTP_SHA256;
  uri->params.digits = 8;
  uri->params.period = 45;
  built = sk_otp_uri_build (uri);
  g_assert_cmpstr (sk_secret_get_string (built), ==,
                   "otpauth://totp/ACME%20Co%3A%20Ltd%20%26%20Sons:%E5%BC%A0%E4%B8%89@example.com"
                   "?secret=MZXW6YQ&issuer=ACME%20Co%3A%20Ltd%20%26%20Sons"
                   "&algorithm=SHA256&digits=8&period=45");

  hotp = parse_ok ("otpauth://hotp/Label:x?counter=42&secret=" SECRET);
  hotp_built = sk_otp_uri_build (hotp);
  g_assert_cmpstr (sk_secret_get_string (hotp_built), ==,
                   "otpauth://hotp/Label:x?secret=" SECRET "&issuer=Label&algorithm=SHA1&digits=6&counter=42");

  steam = parse_ok ("otpauth://totp/Steam:gamer?secret=" SECRET "&encoder=steam");
  steam_built = sk_otp_uri_build (steam);
  g_assert_cmpstr (sk_secret_get_string (steam_built), ==,
                   "otpauth://steam/Steam:gamer?secret=" SECRET "&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam");
}

/* Steam links must be read as Steam both by apps that key on the host
 * (Aegis) and by apps that key on encoder=steam and read every other host
 * as TOTP (KeePassXC): each half alone must still say Steam. */
static void
test_steam_link_conventions (void)
{
  g_autoptr(SkOtpUri) steam = parse_ok ("otpauth://steam/Steam:gamer?secret=" SECRET "&encoder=base32&image=x");
  g_autoptr(SkSecret) built = sk_otp_uri_build (steam);
  const char *text = sk_secret_get_string (built);
  g_autofree char *as_totp = NULL;
  g_autofree char *without_encoder = NULL;
  g_autoptr(SkOtpUri) back = NULL;
  g_autoptr(SkOtpUri) keepassxc = NULL;
  g_autoptr(SkOtpUri) aegis = NULL;
  g_autoptr(SkSecret) rebuilt = NULL;
  g_auto(GStrv) halves = NULL;

  g_assert_cmpstr (text, ==,
                   "otpauth://steam/Steam:gamer?secret=" SECRET "&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam&image=x");

  back = parse_ok (text);
  g_assert_cmpint (back->params.type, ==, SK_OTP_STEAM);
  rebuilt = sk_otp_uri_build (back);
  g_assert_cmpstr (sk_secret_get_string (rebuilt), ==, text);

  /* What a host-blind reader sees. */
  g_assert_true (g_str_has_prefix (text, "otpauth://steam/"));
  as_totp = g_strconcat ("otpauth://totp/", text + strlen ("otpauth://steam/"), NULL);
  keepassxc = parse_ok (as_totp);
  g_assert_cmpint (keepassxc->params.type, ==, SK_OTP_STEAM);
  g_assert_cmpuint (keepassxc->params.digits, ==, SK_OTP_STEAM_DIGITS);

  /* What a parameter-blind reader sees. */
  halves = g_strsplit (text, "&encoder=steam", 2);
  without_encoder = g_strjoinv ("", halves);
  aegis = parse_ok (without_encoder);
  g_assert_cmpint (aegis->params.type, ==, SK_OTP_STEAM);

  g_assert_null (strstr (sk_secret_get_string (rebuilt), "base32"));
}

static void
test_roundtrip (void)
{
  const char *issuers[] = { NULL, "ACME", "a:b", "微信 支付", "100% & more", "C#", "x+y", " " };
  const char *names[] = { "", "bob", "b:c", "alice@example.com", "李四", "a/b?c=d&e", "#1" };

  for (guint i = 0; i < G_N_ELEMENTS (issuers); i++)
    for (guint j = 0; j < G_N_ELEMENTS (names); j++)
      for (SkOtpType type = SK_OTP_TOTP; type <= SK_OTP_STEAM; type++)
        {
          g_autoptr(SkOtpUri) uri = sk_otp_uri_new ();
          g_autoptr(SkSecret) built = NULL;
          g_autoptr(SkOtpUri) back = NULL;
          g_autoptr(SkSecret) rebuilt = NULL;
          guint8 key[32];

          for (guint k = 0; k < sizeof key; k++)
            key[k] = (guint8) g_test_rand_int_range (0, 256);
          sk_otp_params_init (&uri->params, type);
          uri->params.algorithm = g_test_rand_int_range (SK_OTP_SHA1, SK_OTP_SHA512 + 1);
          if (type != SK_OTP_STEAM)
            uri->params.digits = g_test_rand_int_range (1, 11);
          uri->params.period = g_test_rand_int_range (1, 1000);
          uri->params.counter = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
          uri->issuer = g_strdup (issuers[i]);
          g_free (uri->name);
          uri->name = g_strdup (names[j]);
          uri->secret = sk_secret_new_from_data (key, g_test_rand_int_range (1, sizeof key));

          built = sk_otp_uri_build (uri);
          back = parse_ok (sk_secret_get_string (built));
          g_assert_cmpint (back->params.type, ==, type);
          g_assert_cmpint (back->params.algorithm, ==, uri->params.algorithm);
          g_assert_cmpuint (back->params.digits, ==, uri->params.digits);
          if (type == SK_OTP_HOTP)
            g_assert_cmpuint (back->params.counter, ==, uri->params.counter);
          else
            g_assert_cmpuint (back->params.period, ==, uri->params.period);
          /* A blank issuer is no issuer. */
          if (issuers[i] == NULL || strcmp (issuers[i], " ") == 0)
            g_assert_null (back->issuer);
          else
            g_assert_cmpstr (back->issuer, ==, issuers[i]);
          g_assert_cmpstr (back->name, ==, names[j]);
          g_assert_true (sk_secret_equal (back->secret, uri->secret));

          rebuilt = sk_otp_uri_build (back);
          if (issuers[i] == NULL || strcmp (issuers[i], " ") != 0)
            g_assert_cmpstr (sk_secret_get_string (rebuilt), ==, sk_secret_get_string (built));
        }
}

/* A core parameter given twice is refused (scanners disagree on which
 * one counts), whatever its case; other parameters may repeat. */
static void
test_repeated_parameters (void)
{
  const char *links[] = {
    "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&secret=KRSXG5CTMVRXEZLU",
    "otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP&issuer=A&Issuer=Evil",
    "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&algorithm=SHA512",
    "otpauth://totp/b?digits=6&secret=JBSWY3DPEHPK3PXP&digits=8",
    "otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&period=30&period=",
    "otpauth://hotp/b?secret=JBSWY3DPEHPK3PXP&counter=1&counter=100",
  };
  const char *names[] = { "secret", "issuer", "algorithm", "digits", "period", "counter" };
  g_autoptr(SkOtpUri) fine = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(SkOtpUri) uri = sk_otp_uri_parse (links[i], &e);

      g_assert_null (uri);
      g_assert_error (e, SK_URI_ERROR, SK_URI_ERROR_PARAMETER);
      g_assert_nonnull (strstr (e->message, names[i]));
      g_assert_nonnull (strstr (e->message, "more than once"));
    }

  fine = sk_otp_uri_parse ("otpauth://totp/b?secret=JBSWY3DPEHPK3PXP&image=x&image=y", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fine);
}

/* Yandex links as Aegis writes them (host "yaotp", the PIN as base32 of
 * its text) and as others do (the PIN in digits); mOTP links as
 * "motp://Issuer:name?secret=TEXT". The PIN never lands among the
 * parameters kept as they are. */
static void
test_yandex_and_motp (void)
{
  g_autoptr(SkOtpUri) aegis = parse_ok ("otpauth://yaotp/Yandex:alice?period=30&digits=8&algorithm=SHA256"
                                        "&secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin=G42TQNQ&issuer=Yandex");
  g_autoptr(SkOtpUri) digits = parse_ok ("otpauth://yaotp/bob?secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI&pin=7586&pin_length=4");
  g_autoptr(SkOtpUri) motp = parse_ok ("motp://VPN:carol%40example.com?secret=e3152afee62599c8&pin=1234");
  g_autoptr(SkOtpUri) motp_opaque = parse_ok ("motp:privacyidea:mylabel?secret=12345678");
  g_autoptr(SkSecret) built = NULL;
  g_autoptr(SkSecret) motp_built = NULL;
  g_autoptr(SkOtpUri) back = NULL;
  g_autoptr(SkOtpUri) motp_back = NULL;
  g_autoptr(GError) error = NULL;
  char code[SK_OTP_CODE_MAX];

  g_assert_cmpint (aegis->params.type, ==, SK_OTP_YANDEX);
  g_assert_cmpstr (aegis->issuer, ==, "Yandex");
  g_assert_cmpstr (aegis->name, ==, "alice");
  g_assert_cmpuint (sk_secret_get_size (aegis->secret), ==, 16);
  g_assert_cmpstr (sk_secret_get_string (aegis->pin), ==, "7586");
  g_assert_cmpuint (aegis->extra_keys->len, ==, 0);
  g_assert_true (sk_otp_generate_with_pin (&aegis->params, sk_secret_get_data (aegis->secret),
                                           16, sk_secret_get_data (aegis->pin), 4,
                                           1581064020, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "oactmacq");

  /* The 26-byte key is checked and cut; no issuer means Yandex. */
  g_assert_cmpint (digits->params.type, ==, SK_OTP_YANDEX);
  g_assert_true (sk_secret_equal (digits->secret, aegis->secret));
  g_assert_cmpstr (sk_secret_get_string (digits->pin), ==, "7586");
  g_assert_cmpstr (digits->issuer, ==, "Yandex");
  g_assert_cmpuint (digits->extra_keys->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (digits->extra_keys, 0), ==, "pin_length");

  built = sk_otp_uri_build (aegis);
  g_assert_cmpstr (sk_secret_get_string (built), ==,
                   "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&issuer=Yandex"
                   "&algorithm=SHA256&digits=8&period=30&pin=G42TQNQ");
  back = parse_ok (sk_secret_get_string (built));
  g_assert_true (sk_secret_equal (back->pin, aegis->pin));
  g_assert_true (sk_secret_equal (back->secret, aegis->secret));

  g_assert_cmpint (motp->params.type, ==, SK_OTP_MOTP);
  g_assert_cmpuint (motp->params.period, ==, 10);
  g_assert_cmpstr (motp->issuer, ==, "VPN");
  g_assert_cmpstr (motp->name, ==, "carol@example.com");
  g_assert_cmpstr (sk_secret_get_string (motp->secret), ==, "e3152afee62599c8");
  g_assert_cmpstr (sk_secret_get_string (motp->pin), ==, "1234");
  g_assert_true (sk_otp_generate_with_pin (&motp->params, sk_secret_get_data (motp->secret),
                                           16, sk_secret_get_data (motp->pin), 4,
                                           165892298, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "e7d8b6");
  motp_built = sk_otp_uri_build (motp);
  g_assert_true (g_str_has_prefix (sk_secret_get_string (motp_built),
                                   "motp://VPN:carol@example.com?secret=e3152afee62599c8&issuer=VPN"));
  motp_back = parse_ok (sk_secret_get_string (motp_built));
  g_assert_true (sk_secret_equal (motp_back->secret, motp->secret));
  g_assert_true (sk_secret_equal (motp_back->pin, motp->pin));
  g_assert_cmpstr (motp_back->name, ==, motp->name);

  g_assert_cmpint (motp_opaque->params.type, ==, SK_OTP_MOTP);
  g_assert_cmpstr (motp_opaque->issuer, ==, "privacyidea");
  g_assert_cmpstr (motp_opaque->name, ==, "mylabel");
  g_assert_null (motp_opaque->pin);

  /* A damaged 26-byte key and a PIN that is neither digits nor base32. */
  assert_fails ("otpauth://yaotp/x?secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZQI", SK_URI_ERROR_SECRET, "checksum");
  assert_fails ("otpauth://yaotp/x?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin=12a!", SK_URI_ERROR_PARAMETER, "pin");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/otp-uri/google-example", test_google_example);
  g_test_add_func ("/sparekey/otp-uri/defaults-and-params", test_defaults_and_params);
  g_test_add_func ("/sparekey/otp-uri/digits-extremes", test_digits_extremes);
  g_test_add_func ("/sparekey/otp-uri/label", test_label);
  g_test_add_func ("/sparekey/otp-uri/issuer-conflict", test_issuer_conflict);
  g_test_add_func ("/sparekey/otp-uri/repeated-parameters", test_repeated_parameters);
  g_test_add_func ("/sparekey/otp-uri/steam", test_steam);
  g_test_add_func ("/sparekey/otp-uri/steam-link-conventions", test_steam_link_conventions);
  g_test_add_func ("/sparekey/otp-uri/yandex-and-motp", test_yandex_and_motp);
  g_test_add_func ("/sparekey/otp-uri/bad-input", test_bad_input);
  g_test_add_func ("/sparekey/otp-uri/error-never-shows-secret", test_error_never_shows_secret);
  g_test_add_func ("/sparekey/otp-uri/unknown-params", test_unknown_params);
  g_test_add_func ("/sparekey/otp-uri/build-canonical", test_build_canonical);
  g_test_add_func ("/sparekey/otp-uri/roundtrip", test_roundtrip);

  return g_test_run ();
}
