/* test-migration.c: Google Authenticator otpauth-migration:// batches
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sk-test-util.h"
#include "../src/core/sk-migration-private.h"

static SkOtpUri *
make_entry (SkOtpType       type,
            SkOtpAlgorithm  algorithm,
            guint           digits,
            guint64         counter,
            const char     *issuer,
            const char     *name,
            const guint8   *secret,
            gsize           secret_size)
{
  SkOtpUri *entry = sk_otp_uri_new ();

  sk_otp_params_init (&entry->params, type);
  entry->params.algorithm = algorithm;
  entry->params.digits = digits;
  entry->params.counter = counter;
  g_free (entry->issuer);
  entry->issuer = g_strdup (issuer);
  g_free (entry->name);
  entry->name = g_strdup (name);
  g_clear_pointer (&entry->secret, sk_secret_unref);
  entry->secret = sk_secret_new_from_data (secret, secret_size);

  return entry;
}

static void
assert_same_entry (const SkOtpUri *got,
                   const SkOtpUri *want)
{
  g_assert_cmpint (got->params.type, ==, want->params.type);
  g_assert_cmpint (got->params.algorithm, ==, want->params.algorithm);
  g_assert_cmpuint (got->params.digits, ==, want->params.digits);
  g_assert_cmpuint (got->params.period, ==, 30);
  if (want->params.type == SK_OTP_HOTP)
    g_assert_cmpuint (got->params.counter, ==, want->params.counter);
  g_assert_cmpstr (got->issuer, ==, want->issuer);
  g_assert_cmpstr (got->name, ==, want->name);
  g_assert_true (sk_secret_equal (got->secret, want->secret));
}

static GPtrArray *
all_kinds_of_entries (void)
{
  static const SkOtpAlgorithm algorithms[] = { SK_OTP_SHA1, SK_OTP_SHA256, SK_OTP_SHA512 };
  static const guint digits[] = { 6, 8 };
  static const SkOtpType types[] = { SK_OTP_TOTP, SK_OTP_HOTP };
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  guint n = 0;

  for (guint a = 0; a < G_N_ELEMENTS (algorithms); a++)
    for (guint d = 0; d < G_N_ELEMENTS (digits); d++)
      for (guint t = 0; t < G_N_ELEMENTS (types); t++)
        {
          guint8 secret[64];
          g_autofree char *name = g_strdup_printf ("user%u@example.com", n);
          /* Secret lengths from 1 byte up, all byte values. */
          gsize size = 1 + (n * 5) % 64;
          const char *issuer = (n % 3 == 0) ? NULL : (n % 3 == 1) ? "Example" : "示例 Bank";

          for (gsize i = 0; i < size; i++)
            secret[i] = (guint8) (n * 37 + i * 101);
          g_ptr_array_add (entries,
                           make_entry (types[t], algorithms[a], digits[d],
                                       t == 1 ? ((guint64) 1 << (n + 20)) + n : 0,
                                       issuer, name, secret, size));
          n++;
        }

  return entries;
}

static void
test_roundtrip (void)
{
  g_autoptr(GPtrArray) entries = all_kinds_of_entries ();
  g_autoptr(GPtrArray) uris = NULL;
  guint seen = 0;
  gint batch_id = 0;

  g_assert_cmpuint (entries->len, ==, 12);
  uris = sk_migration_build (entries, 5);
  g_assert_cmpuint (uris->len, ==, 3);

  for (guint i = 0; i < uris->len; i++)
    {
      SkSecret *uri = g_ptr_array_index (uris, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(SkMigrationBatch) batch = NULL;
      const char *text = sk_secret_get_string (uri);

      g_assert_true (g_str_has_prefix (text, "otpauth-migration://offline?data="));
      g_assert_true (sk_migration_is_uri (text));
      /* Percent-encoded base64: no raw '+', '/' or '=' after "data=". */
      g_assert_null (strpbrk (text + strlen ("otpauth-migration://offline?data="), "+/="));

      batch = sk_migration_parse (text, &error);
      g_assert_no_error (error);
      g_assert_nonnull (batch);
      g_assert_cmpuint (batch->batch_size, ==, 3);
      g_assert_cmpuint (batch->batch_index, ==, i);
      g_assert_cmpuint (batch->skipped->len, ==, 0);
      if (i == 0)
        batch_id = batch->batch_id;
      else
        g_assert_cmpint (batch->batch_id, ==, batch_id);
      g_assert_cmpuint (batch->entries->len, ==, i < 2 ? 5 : 2);

      for (guint j = 0; j < batch->entries->len; j++)
        assert_same_entry (g_ptr_array_index (batch->entries, j),
                           g_ptr_array_index (entries, seen + j));
      seen += batch->entries->len;
    }
  g_assert_cmpuint (seen, ==, entries->len);
}

static void
test_batching (void)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) singles = NULL;
  guint total = 0;

  for (guint i = 0; i < 25; i++)
    {
      guint8 secret[20];
      g_autofree char *name = g_strdup_printf ("account %u", i);

      memset (secret, (int) i + 1, sizeof secret);
      g_ptr_array_add (entries, make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 6, 0,
                                            "Service", name, secret, sizeof secret));
    }

  /* 0 means the default of ten per code. */
  uris = sk_migration_build (entries, 0);
  g_assert_cmpuint (uris->len, ==, 3);
  for (guint i = 0; i < uris->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkMigrationBatch) batch =
        sk_migration_parse (sk_secret_get_string (g_ptr_array_index (uris, i)), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (batch->entries->len, ==, i < 2 ? 10 : 5);
      g_assert_cmpuint (batch->batch_index, ==, i);
      g_assert_cmpuint (batch->batch_size, ==, 3);
      total += batch->entries->len;
    }
  g_assert_cmpuint (total, ==, 25);

  singles = sk_migration_build (entries, 1);
  g_assert_cmpuint (singles->len, ==, 25);
  for (guint i = 0; i < singles->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkMigrationBatch) batch =
        sk_migration_parse (sk_secret_get_string (g_ptr_array_index (singles, i)), &error);
      g_autofree char *name = g_strdup_printf ("account %u", i);

      g_assert_no_error (error);
      g_assert_cmpuint (batch->entries->len, ==, 1);
      g_assert_cmpuint (batch->batch_index, ==, i);
      g_assert_cmpuint (batch->batch_size, ==, 25);
      g_assert_cmpstr (((SkOtpUri *) g_ptr_array_index (batch->entries, 0))->name, ==, name);
    }
}

static void
test_unsupported_build (void)
{
  static const guint8 key[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) uris = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(SkMigrationBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  SkOtpUri *steam, *slow, *seven, *shifted, *empty, *good, *huge_key;
  guint8 big[2000];

  steam = make_entry (SK_OTP_STEAM, SK_OTP_SHA1, 5, 0, "Steam", "gabe", key, sizeof key);
  slow = make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 6, 0, "Slow", "user", key, sizeof key);
  slow->params.period = 60;
  seven = make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 7, 0, "Seven", "user", key, sizeof key);
  shifted = make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 6, 0, "Shifted", "user", key, sizeof key);
  shifted->params.t0 = 100;
  empty = make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 6, 0, "Empty", "user", key, 0);
  good = make_entry (SK_OTP_HOTP, SK_OTP_SHA256, 8, 7, "Good", "user", key, sizeof key);
  memset (big, 0x5a, sizeof big);
  huge_key = make_entry (SK_OTP_TOTP, SK_OTP_SHA1, 6, 0, "Huge", "key", big, sizeof big);

  g_assert_false (sk_migration_entry_supported (steam, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (sk_migration_entry_supported (slow, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "60"));
  g_clear_error (&error);
  g_assert_false (sk_migration_entry_supported (seven, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "7"));
  g_clear_error (&error);
  g_assert_false (sk_migration_entry_supported (shifted, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_false (sk_migration_entry_supported (empty, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  /* A name can be shortened to fit a QR code; a key cannot. */
  g_assert_false (sk_migration_entry_supported (huge_key, &error));
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "2000"));
  g_clear_error (&error);
  g_assert_true (sk_migration_entry_supported (good, &error));
  g_assert_no_error (error);

  g_ptr_array_add (entries, steam);
  g_ptr_array_add (entries, slow);
  g_ptr_array_add (entries, seven);
  g_ptr_array_add (entries, shifted);
  g_ptr_array_add (entries, empty);
  g_ptr_array_add (entries, huge_key);

  none = sk_migration_build (entries, 10);
  g_assert_cmpuint (none->len, ==, 0);

  g_ptr_array_add (entries, good);
  uris = sk_migration_build (entries, 10);
  g_assert_cmpuint (uris->len, ==, 1);
  batch = sk_migration_parse (sk_secret_get_string (g_ptr_array_index (uris, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->entries->len, ==, 1);
  g_assert_cmpuint (batch->batch_size, ==, 1);
  assert_same_entry (g_ptr_array_index (batch->entries, 0), good);
}

/*
 * A payload encoded by hand, byte by byte, independent of the builder:
 * two accounts, unknown fields at both levels, a negative batch id.
 */
static const guint8 vector[] = {
  /* otp_parameters #1, 58 bytes */
  0x0a, 0x3a,
    0x0a, 0x0a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a,
    0x12, 0x18, 'A', 'C', 'M', 'E', ' ', 'C', 'o', ':',
                'j', 'o', 'h', 'n', '@', 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm',
    0x1a, 0x07, 'A', 'C', 'M', 'E', ' ', 'C', 'o',
    0x20, 0x02,                         /* algorithm SHA256 */
    0x28, 0x02,                         /* digits EIGHT */
    0x30, 0x02,                         /* type TOTP */
    0x42, 0x03, 'a', 'b', 'c',          /* field 8 (unique id), unknown */
  /* otp_parameters #2, 27 bytes */
  0x0a, 0x1b,
    0x0a, 0x05, 0xde, 0xad, 0xbe, 0xef, 0x00,
    0x12, 0x09, 'h', 'o', 't', 'p', '-', 'u', 's', 'e', 'r',
    0x20, 0x03,                         /* algorithm SHA512 */
    0x28, 0x01,                         /* digits SIX */
    0x30, 0x01,                         /* type HOTP */
    0x38, 0xac, 0x02,                   /* counter 300 */
  0x10, 0x01,                           /* version 1 */
  0x18, 0x02,                           /* batch_size 2 */
  0x20, 0x01,                           /* batch_index 1 */
  0x28, 0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, /* batch_id -5 */
  0x4d, 0x01, 0x02, 0x03, 0x04,         /* field 9, fixed32, unknown */
  0x51, 1, 2, 3, 4, 5, 6, 7, 8,         /* field 10, fixed64, unknown */
  0x58, 0x07,                           /* field 11, varint, unknown */
};

static void
check_vector_batch (const SkMigrationBatch *batch)
{
  static const guint8 key1[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
  static const guint8 key2[] = { 0xde, 0xad, 0xbe, 0xef, 0x00 };
  g_autoptr(SkOtpUri) want1 = make_entry (SK_OTP_TOTP, SK_OTP_SHA256, 8, 0, "ACME Co",
                                          "john@example.com", key1, sizeof key1);
  g_autoptr(SkOtpUri) want2 = make_entry (SK_OTP_HOTP, SK_OTP_SHA512, 6, 300, NULL,
                                          "hotp-user", key2, sizeof key2);

  g_assert_cmpuint (batch->entries->len, ==, 2);
  g_assert_cmpuint (batch->skipped->len, ==, 0);
  assert_same_entry (g_ptr_array_index (batch->entries, 0), want1);
  assert_same_entry (g_ptr_array_index (batch->entries, 1), want2);
  g_assert_cmpuint (batch->batch_size, ==, 2);
  g_assert_cmpuint (batch->batch_index, ==, 1);
  g_assert_cmpint (batch->batch_id, ==, -5);
}

static void
test_vector (void)
{
  g_autofree char *b64 = g_base64_encode (vector, sizeof vector);
  g_autofree char *escaped = g_uri_escape_string (b64, NULL, FALSE);
  g_autofree char *url_safe = g_strdup (b64);
  const char *forms[4];
  g_autoptr(SkMigrationBatch) direct = NULL;
  g_autoptr(GError) error = NULL;

  direct = sk_migration_parse_payload (vector, sizeof vector, &error);
  g_assert_no_error (error);
  check_vector_batch (direct);

  /* URL-safe alphabet without padding. */
  g_strdelimit (url_safe, "+", '-');
  g_strdelimit (url_safe, "/", '_');
  g_strdelimit (url_safe, "=", '\0');
  /* The vector must exercise the characters that get escaped. */
  g_assert_nonnull (strpbrk (b64, "+/"));
  g_assert_nonnull (strchr (b64, '='));

  forms[0] = escaped;
  forms[1] = b64;
  forms[2] = url_safe;
  forms[3] = escaped;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(SkMigrationBatch) batch = NULL;
      g_autofree char *uri = NULL;

      if (i == 3)
        /* Scheme case, other parameters and blanks around must not matter. */
        uri = g_strdup_printf ("  OTPAUTH-MIGRATION://offline?x=1&data=%s&y=2\n", forms[i]);
      else
        uri = g_strdup_printf ("otpauth-migration://offline?data=%s", forms[i]);

      batch = sk_migration_parse (uri, &error);
      g_assert_no_error (error);
      check_vector_batch (batch);
    }
}

/* Wraps a payload in a URI, the way Google does. */
static char *
payload_uri (const guint8 *payload,
             gsize         size)
{
  g_autofree char *b64 = g_base64_encode (payload, size);
  g_autofree char *escaped = g_uri_escape_string (b64, NULL, FALSE);

  return g_strconcat ("otpauth-migration://offline?data=", escaped, NULL);
}

static void
test_skipped_entries (void)
{
  /* An MD5 account between two good ones, then an account without a
   * secret: both reported, the others kept. */
  static const guint8 payload[] = {
    0x0a, 0x0b, 0x0a, 0x01, 'A', 0x12, 0x04, 'g', 'o', 'o', 'd', 0x30, 0x02,
    0x0a, 0x0c, 0x0a, 0x01, 'B', 0x12, 0x03, 'm', 'd', '5', 0x20, 0x04, 0x30, 0x02,
    0x0a, 0x0b, 0x0a, 0x01, 'C', 0x12, 0x04, 'h', 'o', 't', 'p', 0x30, 0x01,
    0x0a, 0x09, 0x12, 0x07, 'n', 'o', 's', 'e', 'c', 'r', 't',
    0x0a, 0x0e, 0x0a, 0x01, 'D', 0x12, 0x05, 'w', 'e', 'i', 'r', 'd', 0x28, 0x05, 0x30, 0x02,
  };
  static const guint8 only_md5[] = {
    0x0a, 0x0c, 0x0a, 0x01, 'B', 0x12, 0x03, 'm', 'd', '5', 0x20, 0x04, 0x30, 0x02,
  };
  g_autofree char *uri = payload_uri (payload, sizeof payload);
  g_autofree char *md5_uri = payload_uri (only_md5, sizeof only_md5);
  g_autoptr(SkMigrationBatch) batch = NULL;
  g_autoptr(SkMigrationBatch) md5_batch = NULL;
  g_autoptr(GError) error = NULL;
  SkOtpUri *entry;

  batch = sk_migration_parse (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->entries->len, ==, 2);
  entry = g_ptr_array_index (batch->entries, 0);
  g_assert_cmpstr (entry->name, ==, "good");
  g_assert_null (entry->issuer);
  /* Unspecified algorithm and digits mean SHA1 and 6. */
  g_assert_cmpint (entry->params.algorithm, ==, SK_OTP_SHA1);
  g_assert_cmpuint (entry->params.digits, ==, 6);
  g_assert_cmpint (entry->params.type, ==, SK_OTP_TOTP);
  entry = g_ptr_array_index (batch->entries, 1);
  g_assert_cmpstr (entry->name, ==, "hotp");
  g_assert_cmpint (entry->params.type, ==, SK_OTP_HOTP);
  g_assert_cmpuint (entry->params.counter, ==, 0);
  /* Single-code defaults. */
  g_assert_cmpuint (batch->batch_size, ==, 1);
  g_assert_cmpuint (batch->batch_index, ==, 0);

  g_assert_cmpuint (batch->skipped->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 0), "md5"));
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 0), "MD5"));
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 1), "nosecrt"));
  g_assert_nonnull (strstr (g_ptr_array_index (batch->skipped, 2), "weird"));

  md5_batch = sk_migration_parse (md5_uri, &error);
  g_assert_null (md5_batch);
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "MD5"));
}

static void
test_labels (void)
{
  /* name "Issuer:account" is split when the issuer is empty or the same;
   * kept when the issuer differs. */
  static const guint8 payload[] = {
    0x0a, 0x11, 0x0a, 0x01, 'A', 0x12, 0x0c, 'S', 'h', 'o', 'p', ':', ' ', 'a', 'n', 'n', 'a', '@', 'x',
    0x0a, 0x15, 0x0a, 0x01, 'A', 0x12, 0x0a, 'S', 'h', 'o', 'p', ':', 'b', 'e', 'r', 't', 'y',
                0x1a, 0x04, 'S', 'h', 'o', 'p',
    0x0a, 0x16, 0x0a, 0x01, 'A', 0x12, 0x0a, 'S', 'h', 'o', 'p', ':', 'c', 'a', 'r', 'l', 'a',
                0x1a, 0x05, 'O', 't', 'h', 'e', 'r',
    0x0a, 0x0a, 0x0a, 0x01, 'A', 0x12, 0x05, ':', 'l', 'o', 'n', 'e',
  };
  g_autoptr(SkMigrationBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  SkOtpUri *e;

  batch = sk_migration_parse_payload (payload, sizeof payload, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->entries->len, ==, 4);
  e = g_ptr_array_index (batch->entries, 0);
  g_assert_cmpstr (e->issuer, ==, "Shop");
  g_assert_cmpstr (e->name, ==, "anna@x");
  e = g_ptr_array_index (batch->entries, 1);
  g_assert_cmpstr (e->issuer, ==, "Shop");
  g_assert_cmpstr (e->name, ==, "berty");
  e = g_ptr_array_index (batch->entries, 2);
  g_assert_cmpstr (e->issuer, ==, "Other");
  g_assert_cmpstr (e->name, ==, "Shop:carla");
  e = g_ptr_array_index (batch->entries, 3);
  g_assert_null (e->issuer);
  g_assert_cmpstr (e->name, ==, ":lone");
}

static void
expect_error (const char *uri,
              int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMigrationBatch) batch = sk_migration_parse (uri, &error);

  g_test_message ("expecting error %d", code);
  g_assert_null (batch);
  g_assert_error (error, SK_MIGRATION_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
test_errors (void)
{
  expect_error ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", SK_MIGRATION_ERROR_SYNTAX);
  expect_error ("totp://offline?data=CjUKBWYkQUSTEgdNWUxBQkVM", SK_MIGRATION_ERROR_SYNTAX);
  expect_error ("", SK_MIGRATION_ERROR_SYNTAX);
  expect_error ("otpauth-migration://offline", SK_MIGRATION_ERROR_SYNTAX);
  expect_error ("otpauth-migration://offline?datafail=CjUKBWYk", SK_MIGRATION_ERROR_SYNTAX);
  expect_error ("otpauth-migration://offline?data=", SK_MIGRATION_ERROR_ENCODING);
  expect_error ("otpauth-migration://offline?data=Cj%24K", SK_MIGRATION_ERROR_ENCODING);
  expect_error ("otpauth-migration://offline?data=CjUKB", SK_MIGRATION_ERROR_ENCODING);
  expect_error ("otpauth-migration://offline?data=Cj==UK", SK_MIGRATION_ERROR_ENCODING);
  expect_error ("otpauth-migration://offline?data=Cj%00UK", SK_MIGRATION_ERROR_ENCODING);
  /* Decodes, but is not a payload with accounts. */
  expect_error ("otpauth-migration://offline?data=XXXX", SK_MIGRATION_ERROR_PAYLOAD);
  expect_error ("otpauth-migration://offline?data=invaliddata", SK_MIGRATION_ERROR_PAYLOAD);
  expect_error ("otpauth-migration://offline?data=rSQ04U9PcneFhvjOxzmevg%3D%3D", SK_MIGRATION_ERROR_PAYLOAD);
  /* Only batch fields, no account. */
  expect_error ("otpauth-migration://offline?data=EAEYASAA", SK_MIGRATION_ERROR_PAYLOAD);
}

static void
test_error_messages_hide_data (void)
{
  g_autofree char *b64 = g_base64_encode (vector, sizeof vector - 12);
  g_autofree char *uri = g_strconcat ("otpauth-migration://offline?data=", b64, "!", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMigrationBatch) batch = sk_migration_parse (uri, &error);

  g_assert_null (batch);
  g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING);
  g_assert_null (strstr (error->message, b64));
  g_assert_null (strstr (error->message, "ACME"));
}

static void
test_damaged_payloads (void)
{
  g_autoptr(GError) error = NULL;
  /* Wrong wire type for otp_parameters, for a name, for batch_size; a
   * group; a length running past the end; a varint that never ends;
   * field number 0. */
  static const guint8 wrong_wire[] = { 0x08, 0x01 };
  static const guint8 wrong_name[] = { 0x0a, 0x05, 0x0a, 0x01, 'A', 0x10, 0x01 };
  static const guint8 wrong_size[] = { 0x0a, 0x03, 0x0a, 0x01, 'A', 0x1a, 0x00 };
  static const guint8 group[] = { 0x0a, 0x03, 0x0a, 0x01, 'A', 0x0b, 0x0c };
  static const guint8 too_long[] = { 0x0a, 0x7f, 0x0a, 0x01, 'A' };
  static const guint8 endless[] = { 0x0a, 0x03, 0x0a, 0x01, 'A', 0x10,
                                    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };
  static const guint8 zero_field[] = { 0x02, 0x00 };
  const struct { const guint8 *data; gsize size; } cases[] = {
    { wrong_wire, sizeof wrong_wire },
    { wrong_name, sizeof wrong_name },
    { wrong_size, sizeof wrong_size },
    { group, sizeof group },
    { too_long, sizeof too_long },
    { endless, sizeof endless },
    { zero_field, sizeof zero_field },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SkMigrationBatch) batch = sk_migration_parse_payload (cases[i].data, cases[i].size, &error);

      g_test_message ("case %u", i);
      g_assert_null (batch);
      g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_PAYLOAD);
      g_clear_error (&error);
    }

  /* Every truncation of the vector: inside the first account it must fail,
   * never crash; later cuts may land on a field boundary and parse. */
  for (gsize cut = 0; cut < sizeof vector; cut++)
    {
      g_autofree char *uri = payload_uri (vector, cut);
      g_autoptr(SkMigrationBatch) batch = sk_migration_parse (uri, &error);

      if (cut < 2 + 0x3a)
        {
          int code = cut == 0 ? SK_MIGRATION_ERROR_ENCODING : SK_MIGRATION_ERROR_PAYLOAD;

          g_assert_null (batch);
          g_assert_error (error, SK_MIGRATION_ERROR, code);
        }
      else if (batch == NULL)
        g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_PAYLOAD);
      else
        g_assert_cmpuint (batch->entries->len, >=, 1);
      g_clear_error (&error);
    }

  /* Garbage: random bytes and random flips of the vector. */
  for (guint round = 0; round < 2000; round++)
    {
      guint8 buf[sizeof vector];
      gsize size = g_test_rand_int_range (0, sizeof buf + 1);
      g_autoptr(SkMigrationBatch) batch = NULL;

      if (round % 2 == 0)
        for (gsize i = 0; i < size; i++)
          buf[i] = (guint8) g_test_rand_int_range (0, 256);
      else
        {
          memcpy (buf, vector, sizeof vector);
          size = sizeof vector;
          for (guint flips = 0; flips < 3; flips++)
            buf[g_test_rand_int_range (0, sizeof vector)] ^= 1 << g_test_rand_int_range (0, 8);
        }

      batch = sk_migration_parse_payload (buf, size, &error);
      if (batch == NULL)
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == SK_MIGRATION_ERROR);
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpuint (batch->entries->len, >=, 1);
          g_assert_cmpuint (batch->batch_index, <, batch->batch_size);
        }
    }
}

static void
test_base64 (void)
{
  static const struct { const char *in; const char *out; } good[] = {
    { "AA", "\x00" },
    { "AA==", "\x00" },
    { "YWJj", "abc" },
    { "YWI", "ab" },
    { "YWI=", "ab" },
    { "-_-_", "\xfb\xff\xbf" },
    { "+/+/", "\xfb\xff\xbf" },
    { "+/ /", "\xfb\xff\xbf" },
    { "YW\nJj", "abc" },
  };
  static const char *bad[] = { "", "A", "YWJjZ", "YW=J", "YW*J", "====" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkSecret) out = sk_migration_decode_base64 (good[i].in, strlen (good[i].in), &error);
      gsize want = MAX (strlen (good[i].out), 1);

      g_assert_no_error (error);
      g_assert_cmpmem (sk_secret_get_data (out), sk_secret_get_size (out), good[i].out, want);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkSecret) out = sk_migration_decode_base64 (bad[i], strlen (bad[i]), &error);

      g_assert_null (out);
      g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING);
    }
}

static void
test_is_uri (void)
{
  g_assert_true (sk_migration_is_uri ("otpauth-migration://offline?data=x"));
  g_assert_true (sk_migration_is_uri ("OtpAuth-Migration://offline"));
  g_assert_false (sk_migration_is_uri ("otpauth://totp/x"));
  g_assert_false (sk_migration_is_uri ("otpauth-migration:/offline"));
  g_assert_false (sk_migration_is_uri (""));
}

/* Interop with real exports (../shared/interop) */

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The same split the parser applies to "Issuer:account" names. */
static void
expected_label (JsonObject  *expected,
                char       **issuer,
                char       **name)
{
  const char *e_issuer = json_object_get_string_member (expected, "issuer");
  const char *e_name = json_object_get_string_member (expected, "name");
  const char *colon = strchr (e_name, ':');

  *issuer = (e_issuer != NULL && *e_issuer != '\0') ? g_strdup (e_issuer) : NULL;
  *name = g_strdup (e_name);
  if (colon != NULL && colon != e_name)
    {
      g_autofree char *prefix = g_strndup (e_name, colon - e_name);
      const char *rest = colon + 1;

      if (*issuer == NULL || strcmp (*issuer, prefix) == 0)
        {
          while (*rest == ' ')
            rest++;
          g_free (*issuer);
          *issuer = g_steal_pointer (&prefix);
          g_free (*name);
          *name = g_strdup (rest);
        }
    }
}

static void
assert_matches_expected (const SkOtpUri *entry,
                         JsonObject     *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) key = sk_base32_decode (json_object_get_string_member (expected, "secret"), &error);
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;
  const char *type = json_object_get_string_member (expected, "type");

  g_assert_no_error (error);
  expected_label (expected, &issuer, &name);
  g_test_message ("entry %s / %s", issuer ? issuer : "(none)", name);

  g_assert_cmpstr (sk_otp_type_to_string (entry->params.type), ==, type);
  g_assert_cmpstr (sk_otp_algorithm_to_string (entry->params.algorithm), ==,
                   json_object_get_string_member (expected, "algorithm"));
  g_assert_cmpint (entry->params.digits, ==, json_object_get_int_member (expected, "digits"));
  if (json_object_has_member (expected, "period"))
    g_assert_cmpint (entry->params.period, ==, json_object_get_int_member (expected, "period"));
  if (json_object_has_member (expected, "counter"))
    g_assert_cmpint (entry->params.counter, ==, json_object_get_int_member (expected, "counter"));
  g_assert_cmpstr (entry->issuer, ==, issuer);
  g_assert_cmpstr (entry->name, ==, name);
  g_assert_true (sk_secret_equal (entry->secret, key));
}

static gint64
member_int_or (JsonObject *object,
               const char *member,
               gint64      fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return fallback;
  return json_node_get_int (node);
}

/* Parses every migration URI of a text export and compares with the list. */
static void
check_export_file (const char *shared,
                   const char *relpath,
                   JsonObject *expected,
                   GPtrArray  *known_uris)
{
  g_autofree char *path = g_build_filename (shared, "interop", relpath, NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *want = json_object_get_array_member (expected, "decoded_entries");
  JsonArray *batches = json_object_get_array_member (expected, "batches");
  guint n_entries = 0;
  guint n_batches = 0;

  g_test_message ("%s", relpath);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(SkMigrationBatch) batch = NULL;
      JsonObject *want_batch;
      char *line = g_strstrip (lines[i]);

      if (!sk_migration_is_uri (line))
        continue;
      g_ptr_array_add (known_uris, g_strdup (line));
      batch = sk_migration_parse (line, &error);
      g_assert_no_error (error);

      want_batch = json_array_get_object_element (batches, n_batches++);
      g_assert_cmpint (batch->batch_size, ==, member_int_or (want_batch, "batch_size", 1));
      g_assert_cmpint (batch->batch_index, ==, member_int_or (want_batch, "batch_index", 0));
      g_assert_cmpint (batch->batch_id, ==, member_int_or (want_batch, "batch_id", 0));

      for (guint j = 0; j < batch->entries->len; j++)
        assert_matches_expected (g_ptr_array_index (batch->entries, j),
                                 json_array_get_object_element (want, n_entries++));
    }

  g_assert_cmpuint (n_batches, ==, json_array_get_length (batches));
  g_assert_cmpuint (n_entries, ==, json_object_get_int_member (expected, "decoded_entry_count"));
  g_assert_cmpuint (n_entries, ==, json_array_get_length (want));
}

static void
check_inline_uri (JsonObject *item)
{
  const char *uri = json_object_get_string_member (item, "uri");
  const char *assertions = json_object_get_string_member (item, "source_test_assertions");
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMigrationBatch) batch = sk_migration_parse (uri, &error);
  JsonArray *want;
  JsonObject *want_batch;

  g_test_message ("inline URI from %s", json_object_get_string_member (item, "source"));
  if (strstr (assertions, "must be rejected") != NULL)
    {
      g_assert_null (batch);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SK_MIGRATION_ERROR);
      return;
    }

  g_assert_no_error (error);
  want = json_object_get_array_member (item, "decoded_entries_lenient");
  g_assert_cmpuint (batch->entries->len, ==, json_array_get_length (want));
  for (guint j = 0; j < batch->entries->len; j++)
    assert_matches_expected (g_ptr_array_index (batch->entries, j),
                             json_array_get_object_element (want, j));

  want_batch = json_object_get_object_member (item, "batch");
  g_assert_cmpint (batch->batch_size, ==, member_int_or (want_batch, "batch_size", 1));
  g_assert_cmpint (batch->batch_index, ==, member_int_or (want_batch, "batch_index", 0));
  g_assert_cmpint (batch->batch_id, ==, member_int_or (want_batch, "batch_id", 0));
}

static void
test_interop_uris (void)
{
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *expected_path = NULL;
  g_autofree char *index_path = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(JsonNode) index = NULL;
  g_autoptr(GPtrArray) known = g_ptr_array_new_with_free_func (g_free);
  JsonObject *google;
  JsonObject *files;
  JsonArray *inline_uris;
  JsonArray *items;
  g_autoptr(GList) names = NULL;
  guint checked = 0;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  expected_path = g_build_filename (shared, "interop", "expected_entries.json", NULL);
  expected = load_json (expected_path);
  google = json_object_get_object_member (json_node_get_object (expected), "google_migration");

  files = json_object_get_object_member (google, "files");
  names = json_object_get_members (files);
  g_assert_cmpuint (g_list_length (names), >=, 4);
  for (GList *l = names; l != NULL; l = l->next)
    check_export_file (shared, l->data, json_object_get_object_member (files, l->data), known);

  inline_uris = json_object_get_array_member (google, "inline_uris_from_tests");
  g_assert_cmpuint (json_array_get_length (inline_uris), >=, 10);
  for (guint i = 0; i < json_array_get_length (inline_uris); i++)
    {
      JsonObject *item = json_array_get_object_element (inline_uris, i);

      check_inline_uri (item);
      g_ptr_array_add (known, g_strdup (json_object_get_string_member (item, "uri")));
    }

  /* Every migration URI behind a QR picture is one of the above. */
  index_path = g_build_filename (shared, "interop", "derived_qr", "index.json", NULL);
  index = load_json (index_path);
  items = json_node_get_array (index);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *uri = json_object_get_string_member (json_array_get_object_element (items, i), "uri");
      g_autoptr(GError) error = NULL;
      g_autoptr(SkMigrationBatch) batch = NULL;

      if (!sk_migration_is_uri (uri))
        continue;
      g_assert_true (g_ptr_array_find_with_equal_func (known, uri, g_str_equal, NULL));
      batch = sk_migration_parse (uri, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (batch->entries->len, >=, 1);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 12);
}

static void
test_interop_images (void)
{
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;
  g_autofree char *not_otp = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  guint total = 0;
  gint batch_id = 0;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  /* A real screenshot with two codes: one export in two batches. */
  two = g_build_filename (shared, "interop", "derived_qr", "scito_Exported-QR-codes.png", NULL);
  texts = sk_qr_decode_file (two, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 2);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(SkMigrationBatch) batch =
        sk_migration_parse (sk_secret_get_string (g_ptr_array_index (texts, i)), &error);

      g_assert_no_error (error);
      g_assert_cmpuint (batch->batch_size, ==, 2);
      /* Reading order puts the first batch first. */
      g_assert_cmpuint (batch->batch_index, ==, i);
      if (i == 0)
        batch_id = batch->batch_id;
      else
        g_assert_cmpint (batch->batch_id, ==, batch_id);
      for (guint j = 0; j < batch->entries->len; j++)
        {
          SkOtpUri *entry = g_ptr_array_index (batch->entries, j);

          g_assert_cmpint (entry->params.type, ==, SK_OTP_TOTP);
          g_assert_cmpuint (sk_secret_get_size (entry->secret), >, 0);
        }
      total += batch->entries->len;
    }
  g_assert_cmpuint (total, ==, 20);
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* The real Google Authenticator export picture. */
  one = g_build_filename (shared, "interop", "scito_extract_otp_secrets", "example_export.png", NULL);
  texts = sk_qr_decode_file (one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
  {
    static const char *secrets[] = { "JBSWY3DPEHPK3PXP", "JBSWY3DPEHPK3PXQ", "JBSWY3DPEHPK3PXR" };
    g_autoptr(SkMigrationBatch) batch =
      sk_migration_parse (sk_secret_get_string (g_ptr_array_index (texts, 0)), &error);

    g_assert_no_error (error);
    g_assert_cmpuint (batch->entries->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        SkOtpUri *entry = g_ptr_array_index (batch->entries, i);
        g_autoptr(SkSecret) key = sk_base32_decode (secrets[i], &error);
        g_autofree char *issuer = g_strdup_printf ("Test%u", i + 1);
        g_autofree char *name = g_strdup_printf ("test%u@example%u.com", i + 1, i + 1);

        g_assert_no_error (error);
        g_assert_true (sk_secret_equal (entry->secret, key));
        g_assert_cmpstr (entry->issuer, ==, issuer);
        g_assert_cmpstr (entry->name, ==, name);
      }
  }
  g_clear_pointer (&texts, g_ptr_array_unref);

  /* A QR code that is not an export. */
  not_otp = g_build_filename (shared, "interop", "scito_extract_otp_secrets", "tests", "data",
                              "qr_but_without_otp.png", NULL);
  texts = sk_qr_decode_file (not_otp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
  {
    g_autoptr(SkMigrationBatch) batch =
      sk_migration_parse (sk_secret_get_string (g_ptr_array_index (texts, 0)), &error);

    g_assert_null (batch);
    g_assert_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_SYNTAX);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sk_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sparekey/migration/roundtrip", test_roundtrip);
  g_test_add_func ("/sparekey/migration/batching", test_batching);
  g_test_add_func ("/sparekey/migration/unsupported-build", test_unsupported_build);
  g_test_add_func ("/sparekey/migration/vector", test_vector);
  g_test_add_func ("/sparekey/migration/skipped-entries", test_skipped_entries);
  g_test_add_func ("/sparekey/migration/labels", test_labels);
  g_test_add_func ("/sparekey/migration/errors", test_errors);
  g_test_add_func ("/sparekey/migration/errors-hide-data", test_error_messages_hide_data);
  g_test_add_func ("/sparekey/migration/damaged-payloads", test_damaged_payloads);
  g_test_add_func ("/sparekey/migration/base64", test_base64);
  g_test_add_func ("/sparekey/migration/is-uri", test_is_uri);
  g_test_add_func ("/sparekey/migration/interop-uris", test_interop_uris);
  g_test_add_func ("/sparekey/migration/interop-images", test_interop_images);

  return g_test_run ();
}
