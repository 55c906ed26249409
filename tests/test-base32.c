/* test-base32.c: RFC 4648 base32 decoding and encoding
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

static void
assert_decodes_to (const char *text,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) secret = sk_base32_decode (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (secret);
  g_assert_cmpuint (sk_secret_get_size (secret), ==, strlen (expected));
  g_assert_cmpmem (sk_secret_get_data (secret), sk_secret_get_size (secret),
                   expected, strlen (expected));
  /* The extra NUL after the data. */
  g_assert_cmpint (sk_secret_get_data (secret)[sk_secret_get_size (secret)], ==, 0);
}

static void
assert_fails (const char   *text,
              SkBase32Error code,
              const char   *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) secret = sk_base32_decode (text, &error);

  g_assert_null (secret);
  g_assert_error (error, SK_BASE32_ERROR, (int) code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”",
             text, error->message, message_part);
}

/* RFC 4648 section 10. */
static const struct {
  const char *plain;
  const char *padded;
  const char *unpadded;
} rfc4648[] = {
  { "f", "MY======", "MY" },
  { "fo", "MZXQ====", "MZXQ" },
  { "foo", "MZXW6===", "MZXW6" },
  { "foob", "MZXW6YQ=", "MZXW6YQ" },
  { "fooba", "MZXW6YTB", "MZXW6YTB" },
  { "foobar", "MZXW6YTBOI======", "MZXW6YTBOI" },
};

static void
test_rfc4648_decode (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rfc4648); i++)
    {
      g_autofree char *lower = g_ascii_strdown (rfc4648[i].unpadded, -1);

      assert_decodes_to (rfc4648[i].padded, rfc4648[i].plain);
      assert_decodes_to (rfc4648[i].unpadded, rfc4648[i].plain);
      assert_decodes_to (lower, rfc4648[i].plain);
    }
}

static void
test_rfc4648_encode (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rfc4648); i++)
    {
      g_autoptr(SkSecret) text = sk_base32_encode ((const guint8 *) rfc4648[i].plain,
                                                   strlen (rfc4648[i].plain));

      g_assert_cmpstr (sk_secret_get_string (text), ==, rfc4648[i].unpadded);
      g_assert_cmpuint (sk_secret_get_size (text), ==, strlen (rfc4648[i].unpadded));
    }
}

static void
test_empty_encode (void)
{
  g_autoptr(SkSecret) text = sk_base32_encode (NULL, 0);

  g_assert_cmpuint (sk_secret_get_size (text), ==, 0);
  g_assert_cmpstr (sk_secret_get_string (text), ==, "");
}

static void
test_separators (void)
{
  /* "12345678901234567890", the RFC 4226 key, as services print it. */
  const char *expected = "12345678901234567890";

  assert_decodes_to ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", expected);
  assert_decodes_to ("gezd gnbv gy3t qojq gezd gnbv gy3t qojq", expected);
  assert_decodes_to ("GEZD-GNBV-GY3T-QOJQ-GEZD-GNBV-GY3T-QOJQ", expected);
  assert_decodes_to ("  GEZDGNBV\nGY3TQOJQ\r\n\tGEZDGNBVGY3TQOJQ  ", expected);
  assert_decodes_to ("MZXW6YQ =", "foob");
  assert_decodes_to ("MZ XQ= ===", "fo");
}

static void
test_leftover_bits (void)
{
  /* Lengths that are not whole encodings (1, 3 or 6 characters past a
   * group) decode like Google Authenticator: trailing bits dropped. */
  assert_decodes_to ("MZXW6YTBO", "fooba");
  assert_decodes_to ("MZX", "f");
  assert_decodes_to ("MZXW6Y", "foo");
  /* Non-zero unused bits in the last character are ignored too. */
  assert_decodes_to ("MZ", "f");
  assert_decodes_to ("MB", "`");
  assert_decodes_to ("M7", "g");
}

static void
test_roundtrip_random (void)
{
  for (guint i = 0; i < 500; i++)
    {
      g_autoptr(GError) error = NULL;
      guint8 data[70];
      gsize size = g_test_rand_int_range (1, sizeof data);
      g_autoptr(SkSecret) text = NULL;
      g_autoptr(SkSecret) back = NULL;

      for (gsize j = 0; j < size; j++)
        data[j] = (guint8) g_test_rand_int_range (0, 256);
      text = sk_base32_encode (data, size);
      g_assert_cmpuint (sk_secret_get_size (text), ==, (size * 8 + 4) / 5);
      back = sk_base32_decode (sk_secret_get_string (text), &error);
      g_assert_no_error (error);
      g_assert_cmpmem (sk_secret_get_data (back), sk_secret_get_size (back), data, size);
    }
}

static void
test_bad_input (void)
{
  assert_fails ("", SK_BASE32_ERROR_EMPTY, NULL);
  assert_fails ("  - \n", SK_BASE32_ERROR_EMPTY, NULL);
  assert_fails ("====", SK_BASE32_ERROR_INVALID_PADDING, NULL);
  assert_fails ("A", SK_BASE32_ERROR_INVALID_LENGTH, NULL);
  assert_fails ("A===", SK_BASE32_ERROR_INVALID_PADDING, NULL);
  assert_fails ("MZXW6YQ==", SK_BASE32_ERROR_INVALID_PADDING, "9");
  assert_fails ("MZ=XQ", SK_BASE32_ERROR_INVALID_PADDING, "position 3");
  assert_fails ("MZXW8YQ", SK_BASE32_ERROR_INVALID_CHARACTER, "“8” at position 5");
  assert_fails ("MZXW0YQ", SK_BASE32_ERROR_INVALID_CHARACTER, "letter O");
  assert_fails ("MZXW1YQ", SK_BASE32_ERROR_INVALID_CHARACTER, "letter I or L");
  assert_fails ("MZ_XQ", SK_BASE32_ERROR_INVALID_CHARACTER, "“_” at position 3");
  /* Positions count characters, not bytes. */
  assert_fails ("中文MZXQ", SK_BASE32_ERROR_INVALID_CHARACTER, "“中” at position 1");
  assert_fails ("MZ文XQ", SK_BASE32_ERROR_INVALID_CHARACTER, "“文” at position 3");
  assert_fails ("MZ\x01XQ", SK_BASE32_ERROR_INVALID_CHARACTER, "U+0001 at position 3");
  assert_fails ("MZ\xffXQ", SK_BASE32_ERROR_INVALID_CHARACTER, "0xFF at position 3");
  assert_fails ("MZ+XQ", SK_BASE32_ERROR_INVALID_CHARACTER, "position 3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/base32/rfc4648-decode", test_rfc4648_decode);
  g_test_add_func ("/sparekey/base32/rfc4648-encode", test_rfc4648_encode);
  g_test_add_func ("/sparekey/base32/empty-encode", test_empty_encode);
  g_test_add_func ("/sparekey/base32/separators", test_separators);
  g_test_add_func ("/sparekey/base32/leftover-bits", test_leftover_bits);
  g_test_add_func ("/sparekey/base32/roundtrip-random", test_roundtrip_random);
  g_test_add_func ("/sparekey/base32/bad-input", test_bad_input);

  return g_test_run ();
}
