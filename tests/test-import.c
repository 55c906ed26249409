/* test-import.c: the readers, on files each test builds itself with the
 * format's published recipe; the preview (new, duplicate, invalid)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <argon2.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "sk-test-util.h"

#define PASSWORD "correct horse 电池"

/* Independent crypto (straight OpenSSL / libsodium / libargon2 calls). */

static void
gcm_encrypt (const guint8 *key, const guint8 *iv, gsize iv_len,
             const void *plain, gsize len, guint8 *out, guint8 tag[16])
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int n = 0;

  g_assert_cmpint (EVP_EncryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL), ==, 1);
  g_assert_cmpint (EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, (int) iv_len, NULL), ==, 1);
  g_assert_cmpint (EVP_EncryptInit_ex (ctx, NULL, NULL, key, iv), ==, 1);
  g_assert_cmpint (EVP_EncryptUpdate (ctx, out, &n, plain, (int) len), ==, 1);
  g_assert_cmpint (EVP_EncryptFinal_ex (ctx, out + n, &n), ==, 1);
  g_assert_cmpint (EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_GET_TAG, 16, tag), ==, 1);
  EVP_CIPHER_CTX_free (ctx);
}

static gsize
cbc_encrypt (const guint8 *key, const guint8 *iv, const void *plain, gsize len, guint8 *out)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  int n = 0, m = 0;

  g_assert_cmpint (EVP_EncryptInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, iv), ==, 1);
  g_assert_cmpint (EVP_EncryptUpdate (ctx, out, &n, plain, (int) len), ==, 1);
  g_assert_cmpint (EVP_EncryptFinal_ex (ctx, out + n, &m), ==, 1);
  EVP_CIPHER_CTX_free (ctx);
  return (gsize) (n + m);
}

static char *
hex (const guint8 *data, gsize len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

static SkImportResult *
import_bytes (const void *data, gsize len, const char *password, GError **error)
{
  return sk_import_data (data, len, "test", password, SK_IMPORT_FORMAT_AUTO, error);
}

static SkAccount *
entry (SkImportResult *result, guint i)
{
  g_assert_cmpuint (i, <, result->entries->len);
  return ((SkImportEntry *) g_ptr_array_index (result->entries, i))->account;
}

static void
assert_secret (SkAccount *account, const char *base32)
{
  g_autoptr(SkSecret) want = sk_base32_decode (base32, NULL);

  g_assert_true (sk_secret_equal (want, sk_account_get_secret (account)));
}

/* Wrong password, no password, a damaged copy: clear errors. */
static void
check_password_errors (const guint8 *data, gsize len, gsize damage_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = g_memdup2 (data, len);

  g_assert_null (import_bytes (data, len, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_null (import_bytes (data, len, "wrong", &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  copy[damage_at] ^= 0x01;
  g_assert_null (import_bytes (copy, len, PASSWORD, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == SK_IMPORT_ERROR);
}

static const char *aegis_db_json =
  "{\"version\":3,\"entries\":["
  "{\"type\":\"totp\",\"uuid\":\"3ae6f1ad-2e65-4ed2-a953-1ec0dff2386d\",\"name\":\"Mason\",\"issuer\":\"Deno\","
  " \"note\":\"work\",\"favorite\":true,\"icon\":null,\"groups\":[\"g1\"],"
  " \"info\":{\"secret\":\"4SJHB4GSD43FZBAI7C2HLRJGPQ\",\"algo\":\"SHA256\",\"digits\":7,\"period\":20}},"
  "{\"type\":\"hotp\",\"uuid\":\"0a8c0571-ff6f-4b02-aa4b-50553b4fb4fe\",\"name\":\"James\",\"issuer\":\"Issuu\","
  " \"note\":\"\",\"favorite\":false,\"icon\":null,\"groups\":[],"
  " \"info\":{\"secret\":\"YOOMIXWS5GN6RTBPUFFWKTW5M4\",\"algo\":\"SHA1\",\"digits\":6,\"counter\":5}},"
  "{\"type\":\"motp\",\"uuid\":\"1a8c0571-ff6f-4b02-aa4b-50553b4fb4fe\",\"name\":\"x\",\"issuer\":\"y\","
  " \"info\":{\"secret\":\"YOOMIXWS5GN6RTBPUFFWKTW5M4\"}},"
  "{\"type\":\"totp\",\"uuid\":\"2a8c0571-ff6f-4b02-aa4b-50553b4fb4fe\",\"name\":\"z\",\"issuer\":\"bad\","
  " \"info\":{\"secret\":\"YOOMIXWS5GN6RTBPUFFWKTW5M4\",\"algo\":\"SHA1\",\"digits\":0,\"period\":30}}"
  "],\"groups\":[{\"uuid\":\"g1\",\"name\":\"Work\"}]}";

static void
check_aegis_entries (SkImportResult *result)
{
  SkAccount *a;

  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_AEGIS);
  g_assert_cmpuint (result->entries->len, ==, 2);
  a = entry (result, 0);
  g_assert_cmpstr (sk_account_get_issuer (a), ==, "Deno");
  g_assert_cmpstr (sk_account_get_name (a), ==, "Mason");
  g_assert_cmpstr (sk_account_get_note (a), ==, "work");
  g_assert_true (sk_account_get_favourite (a));
  g_assert_cmpstr (sk_account_get_tags (a)[0], ==, "Work");
  g_assert_cmpint (sk_account_get_algorithm (a), ==, SK_OTP_SHA256);
  g_assert_cmpuint (sk_account_get_digits (a), ==, 7);
  g_assert_cmpuint (sk_account_get_period (a), ==, 20);
  assert_secret (a, "4SJHB4GSD43FZBAI7C2HLRJGPQ");
  a = entry (result, 1);
  g_assert_cmpint (sk_account_get_otp_type (a), ==, SK_OTP_HOTP);
  g_assert_cmpuint (sk_account_get_counter (a), ==, 5);
  /* mOTP without its PIN and digits 0: invalid with a reason, the
   * others still read. */
  g_assert_cmpuint (result->invalid->len, ==, 2);
  g_assert_nonnull (strstr (((SkImportInvalid *) g_ptr_array_index (result->invalid, 0))->reason, "PIN"));
  g_assert_nonnull (strstr (((SkImportInvalid *) g_ptr_array_index (result->invalid, 1))->reason, "digits"));
}

static void
test_aegis_plain (void)
{
  g_autofree char *text = g_strdup_printf ("{\"version\":1,\"header\":{\"slots\":null,\"params\":null},\"db\":%s}",
                                           aegis_db_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = import_bytes (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_false (result->encrypted);
  check_aegis_entries (result);
}

static void
test_aegis_encrypted (void)
{
  guint8 salt[32], master[32], derived[32], key_nonce[12], key_tag[16], wrapped[32];
  guint8 db_nonce[12], db_tag[16];
  gsize db_len = strlen (aegis_db_json);
  g_autofree guint8 *db_ct = g_malloc (db_len);
  g_autofree char *b64 = NULL, *text = NULL;
  g_autofree char *h_salt = NULL, *h_key = NULL, *h_kn = NULL, *h_kt = NULL, *h_dn = NULL, *h_dt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  /* scrypt(password, salt) wraps a master key; the master key encrypts
   * the database; both AES-256-GCM. */
  randombytes_buf (salt, sizeof salt);
  randombytes_buf (master, sizeof master);
  randombytes_buf (key_nonce, sizeof key_nonce);
  randombytes_buf (db_nonce, sizeof db_nonce);
  g_assert_cmpint (EVP_PBE_scrypt (PASSWORD, strlen (PASSWORD), salt, sizeof salt, 1024, 8, 1,
                                   0, derived, sizeof derived), ==, 1);
  gcm_encrypt (derived, key_nonce, 12, master, 32, wrapped, key_tag);
  gcm_encrypt (master, db_nonce, 12, aegis_db_json, db_len, db_ct, db_tag);
  b64 = g_base64_encode (db_ct, db_len);
  h_salt = hex (salt, 32); h_key = hex (wrapped, 32); h_kn = hex (key_nonce, 12);
  h_kt = hex (key_tag, 16); h_dn = hex (db_nonce, 12); h_dt = hex (db_tag, 16);
  text = g_strdup_printf ("{\"version\":1,\"header\":{\"slots\":[{\"type\":2,\"uuid\":\"u0\"},"
                          "{\"type\":1,\"uuid\":\"u1\",\"key\":\"%s\",\"key_params\":{\"nonce\":\"%s\",\"tag\":\"%s\"},"
                          "\"n\":1024,\"r\":8,\"p\":1,\"salt\":\"%s\"}],"
                          "\"params\":{\"nonce\":\"%s\",\"tag\":\"%s\"}},\"db\":\"%s\"}",
                          h_key, h_kn, h_kt, h_salt, h_dn, h_dt, b64);

  result = import_bytes (text, strlen (text), PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (result->encrypted);
  check_aegis_entries (result);
  /* Damage inside the base64 database. */
  check_password_errors ((guint8 *) text, strlen (text), strlen (text) - 10);
}

/* An Aegis file with @n_slots password slots of scrypt cost @n, 8, @p. */
static char *
aegis_slots_file (guint   n_slots,
                  guint64 n,
                  guint64 p)
{
  g_autoptr(GString) text = g_string_new ("{\"version\":1,\"header\":{\"slots\":[");
  const char *h32 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

  for (guint i = 0; i < n_slots; i++)
    g_string_append_printf (text, "%s{\"type\":1,\"uuid\":\"u%u\",\"key\":\"%s\","
                            "\"key_params\":{\"nonce\":\"00112233445566778899aabb\","
                            "\"tag\":\"00112233445566778899aabbccddeeff\"},"
                            "\"n\":%" G_GUINT64_FORMAT ",\"r\":8,\"p\":%" G_GUINT64_FORMAT ",\"salt\":\"%s\"}",
                            i > 0 ? "," : "", i, h32, n, p, h32);
  g_string_append (text, "],\"params\":{\"nonce\":\"00112233445566778899aabb\","
                   "\"tag\":\"00112233445566778899aabbccddeeff\"}},\"db\":\"AAAA\"}");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The slots tried and their total scrypt work are capped, and checked
 * before any work: a crafted file cannot keep the CPU busy for days. */
static void
test_aegis_cost_caps (void)
{
  struct {
    guint   n_slots;
    guint64 n, p;
    const char *says;
  } cases[] = {
    { 9, 1024, 1, "password slots" },                       /* too many slots */
    { 1, G_GUINT64_CONSTANT (1) << 30, 1, "scrypt" },       /* N = 2^30 */
    { 1, G_GUINT64_CONSTANT (1) << 20, 64, "scrypt" },      /* p = 64 */
    { 3, G_GUINT64_CONSTANT (1) << 16, 32, "scrypt" },      /* 3 × 2^24 in all */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = aegis_slots_file (cases[i].n_slots, cases[i].n, cases[i].p);
      g_autoptr(GError) error = NULL;
      g_autoptr(SkImportResult) result = import_bytes (text, strlen (text), PASSWORD, &error);

      g_assert_null (result);
      g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  /* Within the caps the slots are tried (and this password opens none). */
  {
    g_autofree char *text = aegis_slots_file (2, 1024, 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(SkImportResult) result = import_bytes (text, strlen (text), PASSWORD, &error);

    g_assert_null (result);
    g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
  }
}

static const char *twofas_services =
  "[{\"name\":\"Deno\",\"secret\":\"4SJHB4GSD43FZBAI7C2HLRJGPQ\",\"groupId\":\"g\","
  " \"otp\":{\"label\":\"Mason\",\"account\":\"Mason\",\"issuer\":\"Deno\",\"digits\":8,\"period\":60,"
  "        \"algorithm\":\"SHA512\",\"tokenType\":\"TOTP\"}},"
  " {\"name\":\"Boeing\",\"secret\":\"JRZCL47CMXVOQMNPZR2F7J4RGI\","
  " \"otp\":{\"account\":\"Sophia\",\"digits\":5,\"period\":30,\"algorithm\":null,\"tokenType\":\"STEAM\"}}]";

static void
check_twofas (SkImportResult *result)
{
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_TWOFAS);
  g_assert_cmpuint (result->entries->len, ==, 2);
  g_assert_cmpstr (sk_account_get_issuer (entry (result, 0)), ==, "Deno");
  g_assert_cmpstr (sk_account_get_tags (entry (result, 0))[0], ==, "Group");
  g_assert_cmpuint (sk_account_get_digits (entry (result, 0)), ==, 8);
  g_assert_cmpuint (sk_account_get_period (entry (result, 0)), ==, 60);
  g_assert_cmpint (sk_account_get_otp_type (entry (result, 1)), ==, SK_OTP_STEAM);
  g_assert_cmpstr (sk_account_get_issuer (entry (result, 1)), ==, "Boeing");
  g_assert_cmpstr (sk_account_get_name (entry (result, 1)), ==, "Sophia");
}

static void
test_twofas (void)
{
  guint8 salt[256], iv[12], key[32], tag[16];
  gsize len = strlen (twofas_services);
  g_autofree guint8 *ct = g_malloc (len + 16);
  g_autofree char *b_ct = NULL, *b_salt = NULL, *b_iv = NULL, *text = NULL, *plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  plain = g_strdup_printf ("{\"services\":%s,\"groups\":[{\"id\":\"g\",\"name\":\"Group\"}],\"schemaVersion\":4}",
                           twofas_services);
  result = import_bytes (plain, strlen (plain), NULL, &error);
  g_assert_no_error (error);
  check_twofas (result);
  g_clear_pointer (&result, sk_import_result_free);

  /* PBKDF2-HMAC-SHA256 10000, AES-256-GCM: "ct+tag:salt:iv" in base64. */
  randombytes_buf (salt, sizeof salt);
  randombytes_buf (iv, sizeof iv);
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (PASSWORD, strlen (PASSWORD), salt, sizeof salt, 10000,
                                      EVP_sha256 (), 32, key), ==, 1);
  gcm_encrypt (key, iv, 12, twofas_services, len, ct, tag);
  memcpy (ct + len, tag, 16);
  b_ct = g_base64_encode (ct, len + 16);
  b_salt = g_base64_encode (salt, sizeof salt);
  b_iv = g_base64_encode (iv, sizeof iv);
  text = g_strdup_printf ("{\"services\":[],\"groups\":[{\"id\":\"g\",\"name\":\"Group\"}],\"schemaVersion\":4,"
                          "\"servicesEncrypted\":\"%s:%s:%s\"}", b_ct, b_salt, b_iv);
  result = import_bytes (text, strlen (text), PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (result->encrypted);
  check_twofas (result);
  check_password_errors ((guint8 *) text, strlen (text), strstr (text, "servicesEncrypted") - text + 22);
}

static const char *andotp_json =
  "[{\"secret\":\"4SJHB4GSD43FZBAI7C2HLRJGPQ======\",\"issuer\":\"Deno\",\"label\":\"Mason\",\"digits\":6,"
  "  \"type\":\"TOTP\",\"algorithm\":\"SHA1\",\"period\":30,\"tags\":[\"Home\",\"Two\"]},"
  " {\"secret\":\"YOOMIXWS5GN6RTBPUFFWKTW5M4\",\"issuer\":\"Issuu\",\"label\":\"James\",\"digits\":6,"
  "  \"type\":\"HOTP\",\"algorithm\":\"SHA1\",\"counter\":3,\"tags\":[]}]";

static void
check_andotp (SkImportResult *result)
{
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_ANDOTP);
  g_assert_cmpuint (result->entries->len, ==, 2);
  g_assert_cmpstr (sk_account_get_tags (entry (result, 0))[1], ==, "Two");
  g_assert_cmpuint (sk_account_get_counter (entry (result, 1)), ==, 3);
  assert_secret (entry (result, 0), "4SJHB4GSD43FZBAI7C2HLRJGPQ");
}

static void
test_andotp (void)
{
  gsize len = strlen (andotp_json);
  gsize total = 4 + 12 + 12 + len + 16;
  g_autofree guint8 *file = g_malloc (total);
  g_autofree guint8 *old = g_malloc (12 + len + 16);
  guint8 key[32];
  guint32 iterations = 1000;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  result = import_bytes (andotp_json, len, NULL, &error);
  g_assert_no_error (error);
  check_andotp (result);
  g_clear_pointer (&result, sk_import_result_free);

  /* Current: iterations (BE) | salt 12 | nonce 12 | ct | tag, key
   * PBKDF2-HMAC-SHA1. */
  file[0] = iterations >> 24; file[1] = iterations >> 16; file[2] = iterations >> 8; file[3] = iterations;
  randombytes_buf (file + 4, 24);
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (PASSWORD, strlen (PASSWORD), file + 4, 12, iterations,
                                      EVP_sha1 (), 32, key), ==, 1);
  gcm_encrypt (key, file + 16, 12, andotp_json, len, file + 28, file + 28 + len);
  result = import_bytes (file, total, PASSWORD, &error);
  g_assert_no_error (error);
  check_andotp (result);
  g_clear_pointer (&result, sk_import_result_free);
  check_password_errors (file, total, 40);

  /* Old: nonce | ct | tag with SHA-256(password). */
  EVP_Digest (PASSWORD, strlen (PASSWORD), key, NULL, EVP_sha256 (), NULL);
  randombytes_buf (old, 12);
  gcm_encrypt (key, old, 12, andotp_json, len, old + 12, old + 12 + len);
  result = import_bytes (old, 12 + len + 16, PASSWORD, &error);
  g_assert_no_error (error);
  check_andotp (result);
}

static const char *stratum_json =
  "{\"Authenticators\":[{\"Type\":2,\"Issuer\":\"Sha\",\"Username\":\"512\",\"Secret\":\"UW33SR5O4EKTDXNCBBS5FSPUKAYXIWOH\","
  "\"Algorithm\":2,\"Digits\":6,\"Period\":30,\"Counter\":0},"
  "{\"Type\":1,\"Issuer\":\"Standard\",\"Username\":\"Hotp\",\"Secret\":\"JOR2VZXMNHACFNLRAOACFFRDRYAOFMLB\","
  "\"Algorithm\":0,\"Digits\":6,\"Period\":30,\"Counter\":10},"
  "{\"Type\":3,\"Issuer\":\"Motp\",\"Username\":\"m\",\"Secret\":\"abc\",\"Pin\":\"1234\",\"Algorithm\":0,\"Digits\":6}],"
  "\"Categories\":[{\"Id\":\"c1\",\"Name\":\"Cat\"}],"
  "\"AuthenticatorCategories\":[{\"CategoryId\":\"c1\",\"AuthenticatorSecret\":\"JOR2VZXMNHACFNLRAOACFFRDRYAOFMLB\"}]}";

static void
check_stratum (SkImportResult *result)
{
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_STRATUM);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_assert_cmpuint (result->invalid->len, ==, 0);
  g_assert_cmpint (sk_account_get_algorithm (entry (result, 0)), ==, SK_OTP_SHA512);
  g_assert_cmpuint (sk_account_get_counter (entry (result, 1)), ==, 10);
  g_assert_cmpstr (sk_account_get_tags (entry (result, 1))[0], ==, "Cat");
  /* Stratum's mOTP secret is text, hashed as it is; its period is 10 s
   * whatever the file says. */
  g_assert_cmpint (sk_account_get_otp_type (entry (result, 2)), ==, SK_OTP_MOTP);
  g_assert_cmpstr (sk_secret_get_string (sk_account_get_secret (entry (result, 2))), ==, "abc");
  g_assert_cmpstr (sk_secret_get_string (sk_account_get_pin (entry (result, 2))), ==, "1234");
  g_assert_cmpuint (sk_account_get_period (entry (result, 2)), ==, 10);
}

static void
test_stratum (void)
{
  gsize len = strlen (stratum_json);
  gsize strong_len = 16 + 16 + 12 + len + 16;
  g_autofree guint8 *strong = g_malloc (strong_len);
  g_autofree guint8 *legacy = g_malloc (16 + 20 + 16 + len + 16);
  guint8 key[32];
  gsize legacy_len;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  result = import_bytes (stratum_json, len, NULL, &error);
  g_assert_no_error (error);
  check_stratum (result);
  g_clear_pointer (&result, sk_import_result_free);

  /* "AUTHENTICATORPRO" | salt 16 | iv 12 | ct+tag; Argon2id t3 m64MiB p4. */
  memcpy (strong, "AUTHENTICATORPRO", 16);
  randombytes_buf (strong + 16, 28);
  g_assert_cmpint (argon2id_hash_raw (3, 65536, 4, PASSWORD, strlen (PASSWORD), strong + 16, 16,
                                      key, 32), ==, ARGON2_OK);
  gcm_encrypt (key, strong + 32, 12, stratum_json, len, strong + 44, strong + 44 + len);
  result = import_bytes (strong, strong_len, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (result->encrypted);
  check_stratum (result);
  g_clear_pointer (&result, sk_import_result_free);
  check_password_errors (strong, strong_len, 50);

  /* "AuthenticatorPro" | salt 20 | iv 16 | AES-CBC; PBKDF2-SHA1 64000. */
  memcpy (legacy, "AuthenticatorPro", 16);
  randombytes_buf (legacy + 16, 36);
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (PASSWORD, strlen (PASSWORD), legacy + 16, 20, 64000,
                                      EVP_sha1 (), 32, key), ==, 1);
  legacy_len = 52 + cbc_encrypt (key, legacy + 36, stratum_json, len, legacy + 52);
  result = import_bytes (legacy, legacy_len, PASSWORD, &error);
  g_assert_no_error (error);
  check_stratum (result);
}

static void
test_ente (void)
{
  const char *plain = "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno&period=null&codeDisplay=%7B%7D\n"
                      "otpauth://hotp/WWE:Mason?algorithm=sha512&digits=8&issuer=WWE&period=30&secret=5VAML3X35THCEBVRLV24CGBKOY&counter=10300\n";
  guint8 salt[crypto_pwhash_SALTBYTES], key[32];
  guint8 header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  gsize len = strlen (plain);
  g_autofree guint8 *ct = g_malloc (len + crypto_secretstream_xchacha20poly1305_ABYTES);
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned long long ct_len;
  g_autofree char *b_salt = NULL, *b_ct = NULL, *b_header = NULL, *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  randombytes_buf (salt, sizeof salt);
  g_assert_cmpint (crypto_pwhash (key, 32, PASSWORD, strlen (PASSWORD), salt, 2, 8192,
                                  crypto_pwhash_ALG_ARGON2ID13), ==, 0);
  crypto_secretstream_xchacha20poly1305_init_push (&state, header, key);
  crypto_secretstream_xchacha20poly1305_push (&state, ct, &ct_len, (const guint8 *) plain, len,
                                              NULL, 0, 0);
  b_salt = g_base64_encode (salt, sizeof salt);
  b_ct = g_base64_encode (ct, ct_len);
  b_header = g_base64_encode (header, sizeof header);
  text = g_strdup_printf ("{\"version\":1,\"kdfParams\":{\"memLimit\":8192,\"opsLimit\":2,\"salt\":\"%s\"},"
                          "\"encryptedData\":\"%s\",\"encryptionNonce\":\"%s\"}", b_salt, b_ct, b_header);
  result = import_bytes (text, strlen (text), PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_ENTE);
  g_assert_cmpuint (result->entries->len, ==, 2);
  g_assert_cmpuint (sk_account_get_period (entry (result, 0)), ==, 30);
  g_assert_cmpint (sk_account_get_algorithm (entry (result, 1)), ==, SK_OTP_SHA512);
  g_assert_cmpuint (sk_account_get_counter (entry (result, 1)), ==, 10300);
  check_password_errors ((guint8 *) text, strlen (text), strstr (text, "encryptedData") - text + 20);
}

static void
test_json_others (void)
{
  const char *freeotp = "{\"tokenOrder\":[\"a\"],\"tokens\":[{\"algo\":\"SHA256\",\"counter\":49,\"digits\":7,"
                        "\"issuerExt\":\"Air Canada\",\"label\":\"Benjamin\",\"period\":30,"
                        "\"secret\":[85,42,-108,-71,-97,-18,-48,121,-76,114,-51,68,-43,47,-26,66],\"type\":\"HOTP\"}]}";
  const char *bitwarden = "{\"encrypted\":false,\"folders\":[{\"id\":\"f\",\"name\":\"Fold\"}],\"items\":["
                          "{\"type\":1,\"name\":\"Site\",\"folderId\":\"f\",\"notes\":\"n\",\"favorite\":true,"
                          " \"login\":{\"username\":\"me\",\"totp\":\"JBSWY3DPEHPK3PXP\"}},"
                          "{\"type\":1,\"name\":\"No 2FA\",\"login\":{\"username\":\"me\",\"totp\":null}},"
                          "{\"type\":1,\"name\":\"Game\",\"login\":{\"totp\":\"steam://JRZCL47CMXVOQMNPZR2F7J4RGI\"}}]}";
  const char *proton = "{\"version\":1,\"entries\":[{\"content\":{\"uri\":\"otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&issuer=X\","
                       "\"entry_type\":\"Totp\",\"name\":\"Renamed\"},\"note\":\"hi\"},"
                       "{\"content\":{\"uri\":\"otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&digits=0\",\"name\":\"z\"},\"note\":null}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  result = import_bytes (freeotp, strlen (freeotp), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_FREEOTP_PLUS);
  g_assert_cmpuint (sk_account_get_counter (entry (result, 0)), ==, 49);
  assert_secret (entry (result, 0), "KUVJJOM753IHTNDSZVCNKL7GII");
  g_clear_pointer (&result, sk_import_result_free);

  result = import_bytes (bitwarden, strlen (bitwarden), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_BITWARDEN);
  g_assert_cmpuint (result->entries->len, ==, 2);
  g_assert_cmpstr (sk_account_get_issuer (entry (result, 0)), ==, "Site");
  g_assert_cmpstr (sk_account_get_name (entry (result, 0)), ==, "me");
  g_assert_cmpstr (sk_account_get_note (entry (result, 0)), ==, "n");
  g_assert_cmpstr (sk_account_get_tags (entry (result, 0))[0], ==, "Fold");
  g_assert_true (sk_account_get_favourite (entry (result, 0)));
  g_assert_cmpint (sk_account_get_otp_type (entry (result, 1)), ==, SK_OTP_STEAM);
  g_clear_pointer (&result, sk_import_result_free);

  result = import_bytes (proton, strlen (proton), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_PROTON);
  g_assert_cmpuint (result->entries->len, ==, 1);
  g_assert_cmpuint (result->invalid->len, ==, 1);
  g_assert_cmpstr (sk_account_get_name (entry (result, 0)), ==, "Renamed");
  g_assert_cmpstr (sk_account_get_note (entry (result, 0)), ==, "hi");
}

static void
test_text_and_preview (void)
{
  const char *text = "# my codes\n"
                     "otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP&issuer=A\n"
                     "not a link\n"
                     "otpauth://totp/B:b?secret=JBSWY3DPEHPK3PXP&issuer=B\n"
                     "otpauth://hotp/C:c?secret=KUVJJOM753IHTNDSZVCNKL7GII&counter=3\n"
                     "otpauth://totp/D:d?secret=!!!\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) existing = sk_account_new_from_uri ("otpauth://hotp/Old?secret=KUVJJOM753IHTNDSZVCNKL7GII", NULL);
  SkImportInvalid *invalid;

  sk_vault_add_account (vault, existing);
  result = import_bytes (text, strlen (text), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_OTPAUTH);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_assert_cmpuint (result->invalid->len, ==, 2);
  invalid = g_ptr_array_index (result->invalid, 0);
  g_assert_cmpstr (invalid->label, ==, "line 3");
  invalid = g_ptr_array_index (result->invalid, 1);
  g_assert_cmpstr (invalid->label, ==, "line 6");
  g_assert_null (strstr (invalid->reason, "!!!"));

  /* Same secret and type: B duplicates A (earlier in the file), C the
   * vault's account. */
  sk_import_classify (result, vault);
  g_assert_cmpint (((SkImportEntry *) g_ptr_array_index (result->entries, 0))->status, ==, SK_IMPORT_ENTRY_NEW);
  g_assert_cmpint (((SkImportEntry *) g_ptr_array_index (result->entries, 1))->status, ==, SK_IMPORT_ENTRY_DUPLICATE);
  g_assert_cmpint (((SkImportEntry *) g_ptr_array_index (result->entries, 2))->status, ==, SK_IMPORT_ENTRY_DUPLICATE);
  g_assert_cmpstr (((SkImportEntry *) g_ptr_array_index (result->entries, 2))->duplicate_of, ==,
                   sk_account_get_uuid (existing));
  /* Nothing goes into the vault until apply. */
  g_assert_cmpuint (sk_vault_get_n_accounts (vault), ==, 1);
  g_assert_cmpuint (sk_import_apply (result, vault, FALSE), ==, 1);
  g_assert_cmpuint (sk_vault_get_n_accounts (vault), ==, 2);
}

static void
test_migration_pictures (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[4] = { NULL };
  g_autofree char *text_path = g_build_filename (dir, "export.txt", NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/Site%u:user?secret=JBSWY3DPEHPK3PX%c&issuer=Site%u",
                                              i, 'A' + i, i);
      g_ptr_array_add (uris, sk_otp_uri_parse (uri, NULL));
    }
  texts = sk_migration_build (uris, 1);
  g_assert_cmpuint (texts->len, ==, 3);
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(SkQrCode) code = sk_qr_encode (sk_secret_get_string (g_ptr_array_index (texts, i)), NULL);
      char *path = g_strdup_printf ("%s/code-%u.png", dir, i);

      g_assert_true (sk_qr_save_png (code, path, 4, NULL));
      g_ptr_array_add (files, path);
      g_string_append_printf (text, "%s\n", sk_secret_get_string (g_ptr_array_index (texts, i)));
    }

  /* All three pictures: every account, no warning. */
  for (guint i = 0; i < 3; i++)
    paths[i] = g_ptr_array_index (files, i);
  result = sk_import_files (paths, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_QR_IMAGE);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_assert_cmpstr (sk_account_get_issuer (entry (result, 2)), ==, "Site2");
  g_clear_pointer (&result, sk_import_result_free);

  /* Two of three: the missing code is named. */
  paths[1] = NULL;
  result = sk_import_files (paths, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->entries->len, ==, 1);
  g_assert_cmpuint (result->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->warnings, 0), "2, 3"));
  g_clear_pointer (&result, sk_import_result_free);

  /* The URIs as text. */
  g_assert_true (g_file_set_contents (text_path, text->str, -1, NULL));
  result = sk_import_file (text_path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_MIGRATION);
  g_assert_cmpuint (result->entries->len, ==, 3);
  sk_test_rm_rf (dir);
}

/* Whole numbers may come as doubles or strings; numbers beyond gint64
 * (whose conversion would be undefined) or with a fraction are not read. */
static void
test_numbers (void)
{
  const char *json = "{\"tokens\":["
                     "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"digits\":7.0,\"period\":\"20\"},"
                     "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"digits\":1e300},"
                     "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"period\":-1e300},"
                     "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"type\":\"HOTP\",\"counter\":9.3e18},"
                     "{\"secret\":\"JBSWY3DPEHPK3PXP\",\"digits\":6.5}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = import_bytes (json, strlen (json), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (result->entries->len, ==, 1);
  g_assert_cmpuint (sk_account_get_digits (entry (result, 0)), ==, 7);
  g_assert_cmpuint (sk_account_get_period (entry (result, 0)), ==, 20);
  g_assert_cmpuint (result->invalid->len, ==, 4);
  for (guint i = 0; i < result->invalid->len; i++)
    g_assert_cmpstr (((SkImportInvalid *) g_ptr_array_index (result->invalid, i))->reason, ==,
                     "digits, period or counter is not a number");
}

static void
test_bad_files (void)
{
  const char *cut = "{\"version\":1,\"header\":{\"slots\":null},\"db\":{\"entries\":[{\"type\":";
  const guint8 junk[] = { 0x00, 0x01, 0x02 };
  g_autoptr(GError) error = NULL;

  g_assert_null (import_bytes ("hello world\n", 12, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);
  g_assert_null (sk_import_data ((const guint8 *) cut, strlen (cut), NULL, NULL, SK_IMPORT_FORMAT_AEGIS, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (import_bytes (junk, sizeof junk, "pw", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (import_bytes ("", 0, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES);
  g_clear_error (&error);
  g_assert_null (sk_import_data ((const guint8 *) andotp_json, strlen (andotp_json), NULL, NULL,
                                 SK_IMPORT_FORMAT_AEGIS, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT);
}

/* Icons ------------------------------------------------------------------- */

/* Aegis' icon_hash: SHA-256 of the MIME type followed by the bytes. */
static char *
aegis_icon_hash (const char *mime_type,
                 GBytes     *icon)
{
  guint8 digest[32];
  EVP_MD_CTX *ctx = EVP_MD_CTX_new ();

  g_assert_true (EVP_DigestInit_ex (ctx, EVP_sha256 (), NULL) == 1);
  g_assert_true (EVP_DigestUpdate (ctx, mime_type, strlen (mime_type)) == 1);
  g_assert_true (EVP_DigestUpdate (ctx, g_bytes_get_data (icon, NULL), g_bytes_get_size (icon)) == 1);
  g_assert_true (EVP_DigestFinal_ex (ctx, digest, NULL) == 1);
  EVP_MD_CTX_free (ctx);
  return hex (digest, sizeof digest);
}

/* One Aegis entry; @icon_json is the text of its icon members. */
static char *
aegis_icon_entry (const char *issuer,
                  const char *secret,
                  const char *icon_json)
{
  return g_strdup_printf ("{\"type\":\"totp\",\"uuid\":\"%s\",\"name\":\"user\",\"issuer\":\"%s\","
                          "\"note\":\"\",\"favorite\":false,%s,"
                          "\"info\":{\"secret\":\"%s\",\"algo\":\"SHA1\",\"digits\":6,\"period\":30},"
                          "\"groups\":[]}",
                          g_uuid_string_random (), issuer, icon_json, secret);
}

static char *
aegis_file (const char * const *entries)
{
  g_autofree char *joined = g_strjoinv (",", (char **) entries);

  return g_strdup_printf ("{\"version\":1,\"header\":{\"slots\":null,\"params\":null},"
                          "\"db\":{\"version\":3,\"entries\":[%s],\"groups\":[]}}", joined);
}

static char *
icon_members (const char *mime_type,
              GBytes     *icon)
{
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (icon, NULL), g_bytes_get_size (icon));
  g_autofree char *hash = aegis_icon_hash (mime_type, icon);

  return g_strdup_printf ("\"icon\":\"%s\",\"icon_mime\":\"%s\",\"icon_hash\":\"%s\"",
                          b64, mime_type, hash);
}

static JsonObject *
exported_entry (JsonNode *root,
                guint     i)
{
  JsonObject *db = json_object_get_object_member (json_node_get_object (root), "db");

  return json_array_get_object_element (json_object_get_array_member (db, "entries"), i);
}

/* Aegis -> Sparekey (vault file) -> Aegis gives back the icon members of
 * each entry byte for byte. */
static void
test_icons_aegis (void)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 48, 0x3584e4ff);
  g_autoptr(GBytes) jpeg = sk_test_make_picture ("jpeg", 48, 0xe5a50aff);
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  g_autofree char *png_json = icon_members ("image/png", png);
  g_autofree char *jpeg_json = icon_members ("image/jpeg", jpeg);
  g_autofree char *svg_json = icon_members ("image/svg+xml", svg);
  g_autofree char *e0 = aegis_icon_entry ("PNG", "JBSWY3DPEHPK3PXP", png_json);
  g_autofree char *e1 = aegis_icon_entry ("JPEG", "KUVJJOM753IHTNDSZVCNKL7GII", jpeg_json);
  g_autofree char *e2 = aegis_icon_entry ("SVG", "4SJHB4GSD43FZBAI7C2HLRJGPQ", svg_json);
  g_autofree char *e3 = aegis_icon_entry ("None", "YOOMIXWS5GN6RTBPUFFWKTW5M4", "\"icon\":null");
  const char *entries[] = { e0, e1, e2, e3, NULL };
  g_autofree char *file = aegis_file (entries);
  g_autoptr(JsonNode) original = json_from_string (file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = import_bytes (file, strlen (file), NULL, &error);
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) reopened = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(SkSecret) exported = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (result->entries->len, ==, 4);
  g_assert_true (g_bytes_equal (sk_account_get_icon (entry (result, 0)), png));
  g_assert_cmpstr (sk_account_get_icon_mime_type (entry (result, 0)), ==, "image/png");
  g_assert_true (g_bytes_equal (sk_account_get_icon (entry (result, 1)), jpeg));
  g_assert_cmpstr (sk_account_get_icon_mime_type (entry (result, 1)), ==, "image/jpeg");
  g_assert_true (g_bytes_equal (sk_account_get_icon (entry (result, 2)), svg));
  g_assert_cmpstr (sk_account_get_icon_mime_type (entry (result, 2)), ==, "image/svg+xml");
  g_assert_null (sk_account_get_icon (entry (result, 3)));
  for (guint i = 0; i < 4; i++)
    g_assert_null (((SkImportEntry *) g_ptr_array_index (result->entries, i))->warning);

  /* Through a saved vault, then out as Aegis again. */
  sk_import_classify (result, vault);
  g_assert_cmpuint (sk_import_apply (result, vault, FALSE), ==, 4);
  payload = sk_vault_serialize (vault, &error);
  g_assert_no_error (error);
  reopened = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  exported = sk_export_data (reopened, SK_EXPORT_FORMAT_AEGIS_PLAIN, NULL, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (sk_secret_get_string (exported), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *want = exported_entry (original, i);
      JsonObject *got = exported_entry (root, i);
      static const char *members[] = { "icon", "icon_mime", "icon_hash" };

      for (guint m = 0; m < G_N_ELEMENTS (members); m++)
        {
          JsonNode *w = json_object_get_member (want, members[m]);
          JsonNode *g = json_object_get_member (got, members[m]);

          if (w == NULL)
            g_assert_null (g);
          else
            g_assert_true (json_node_equal (w, g));
        }
    }
}

/* A picture that cannot be used never costs its account. */
static void
test_icons_damaged (void)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 16, 0x000000ff);
  g_autoptr(GBytes) jpeg = sk_test_make_picture ("jpeg", 16, 0xffffffff);
  g_autofree guint8 *big_data = g_malloc0 (SK_ACCOUNT_ICON_MAX_SIZE + 10);
  g_autoptr(GBytes) big = NULL;
  g_autofree char *b64_jpeg = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_autofree char *b64_big = NULL;
  g_autofree char *jpeg_as_png = g_strdup_printf ("\"icon\":\"%s\",\"icon_mime\":\"image/png\"", b64_jpeg);
  g_autofree char *jpeg_no_mime = g_strdup_printf ("\"icon\":\"%s\"", b64_jpeg);
  g_autofree char *too_big = NULL;
  g_autofree char *gif = g_strdup_printf ("\"icon\":\"%s\",\"icon_mime\":\"image/gif\"", b64_jpeg);
  g_autofree char *e0 = aegis_icon_entry ("Garbage", "JBSWY3DPEHPK3PXP",
                                          "\"icon\":\"aGVsbG8gd29ybGQ=\",\"icon_mime\":\"image/png\"");
  g_autofree char *e1 = aegis_icon_entry ("Not base64", "KUVJJOM753IHTNDSZVCNKL7GII",
                                          "\"icon\":\"%%%\",\"icon_mime\":\"image/png\"");
  g_autofree char *e2 = aegis_icon_entry ("Wrong type", "4SJHB4GSD43FZBAI7C2HLRJGPQ", jpeg_as_png);
  g_autofree char *e3 = NULL;
  g_autofree char *e4 = aegis_icon_entry ("GIF", "5OM4WOOGPLQEF6UGN3CPEOOLWU", gif);
  g_autofree char *e5 = aegis_icon_entry ("No type", "7ELGJSGXNCCTV3O6LKJWYFV2RA", jpeg_no_mime);
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;

  memcpy (big_data, g_bytes_get_data (png, NULL), 8);
  big = g_bytes_new (big_data, SK_ACCOUNT_ICON_MAX_SIZE + 10);
  b64_big = g_base64_encode (g_bytes_get_data (big, NULL), g_bytes_get_size (big));
  too_big = g_strdup_printf ("\"icon\":\"%s\",\"icon_mime\":\"image/png\"", b64_big);
  e3 = aegis_icon_entry ("Too big", "YOOMIXWS5GN6RTBPUFFWKTW5M4", too_big);
  {
    const char *entries[] = { e0, e1, e2, e3, e4, e5, NULL };

    file = aegis_file (entries);
  }
  result = import_bytes (file, strlen (file), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->invalid->len, ==, 0);
  g_assert_cmpuint (result->entries->len, ==, 6);
  for (guint i = 0; i < 5; i++)
    {
      SkImportEntry *e = g_ptr_array_index (result->entries, i);

      g_assert_null (sk_account_get_icon (e->account));
      g_assert_nonnull (sk_account_get_secret (e->account));
      g_assert_nonnull (e->warning);
      g_test_message ("%s: %s", sk_account_get_issuer (e->account), e->warning);
    }
  g_assert_nonnull (strstr (((SkImportEntry *) g_ptr_array_index (result->entries, 0))->warning, "PNG"));
  g_assert_nonnull (strstr (((SkImportEntry *) g_ptr_array_index (result->entries, 1))->warning, "base64"));
  g_assert_nonnull (strstr (((SkImportEntry *) g_ptr_array_index (result->entries, 3))->warning, "262144"));
  g_assert_nonnull (strstr (((SkImportEntry *) g_ptr_array_index (result->entries, 4))->warning, "image/gif"));
  /* Without "icon_mime" the bytes say what the picture is. */
  g_assert_null (((SkImportEntry *) g_ptr_array_index (result->entries, 5))->warning);
  g_assert_cmpstr (sk_account_get_icon_mime_type (entry (result, 5)), ==, "image/jpeg");
}

/* Duplicates are not imported, but the icon the vault's account lacks is
 * not lost with them; an icon is never replaced this way. */
static void
test_icons_duplicates (void)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 16, 0x2ec27eff);
  g_autoptr(GBytes) other = sk_test_make_picture ("png", 16, 0x9141acff);
  g_autofree char *png_json = icon_members ("image/png", png);
  g_autofree char *e0 = aegis_icon_entry ("Plain", "JBSWY3DPEHPK3PXP", png_json);
  g_autofree char *e1 = aegis_icon_entry ("Has one", "KUVJJOM753IHTNDSZVCNKL7GII", png_json);
  g_autofree char *e2 = aegis_icon_entry ("New", "4SJHB4GSD43FZBAI7C2HLRJGPQ", "\"icon\":null");
  g_autofree char *e3 = aegis_icon_entry ("New again", "4SJHB4GSD43FZBAI7C2HLRJGPQ", png_json);
  g_autofree char *e4 = aegis_icon_entry ("Plain again", "JBSWY3DPEHPK3PXP", png_json);
  const char *entries[] = { e0, e1, e2, e3, e4, NULL };
  g_autofree char *file = aegis_file (entries);
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) plain = sk_account_new_from_uri ("otpauth://totp/Mine?secret=JBSWY3DPEHPK3PXP", NULL);
  g_autoptr(SkAccount) has_one = sk_account_new_from_uri ("otpauth://totp/Mine2?secret=KUVJJOM753IHTNDSZVCNKL7GII", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = NULL;
  SkImportEntry *e;
  SkAccount *added;

  g_assert_true (sk_account_set_icon (has_one, other, "image/png", NULL));
  sk_vault_add_account (vault, plain);
  sk_vault_add_account (vault, has_one);
  result = import_bytes (file, strlen (file), NULL, &error);
  g_assert_no_error (error);
  sk_import_classify (result, vault);

  e = g_ptr_array_index (result->entries, 0);
  g_assert_cmpint (e->status, ==, SK_IMPORT_ENTRY_DUPLICATE);
  g_assert_true (e->adds_icon);
  e = g_ptr_array_index (result->entries, 1);
  g_assert_cmpint (e->status, ==, SK_IMPORT_ENTRY_DUPLICATE);
  g_assert_false (e->adds_icon);
  e = g_ptr_array_index (result->entries, 2);
  g_assert_cmpint (e->status, ==, SK_IMPORT_ENTRY_NEW);
  /* Duplicates an earlier entry of the file that has no icon. */
  e = g_ptr_array_index (result->entries, 3);
  g_assert_cmpint (e->status, ==, SK_IMPORT_ENTRY_DUPLICATE);
  g_assert_true (e->adds_icon);
  /* The first duplicate already brings one. */
  e = g_ptr_array_index (result->entries, 4);
  g_assert_false (e->adds_icon);

  g_assert_cmpuint (sk_import_apply (result, vault, FALSE), ==, 1);
  g_assert_cmpuint (sk_vault_get_n_accounts (vault), ==, 3);
  g_assert_true (g_bytes_equal (sk_account_get_icon (plain), png));
  g_assert_true (g_bytes_equal (sk_account_get_icon (has_one), other));
  added = sk_vault_lookup_account (vault, sk_account_get_uuid (entry (result, 2)));
  g_assert_nonnull (added);
  g_assert_true (g_bytes_equal (sk_account_get_icon (added), png));
  /* Nothing left to adopt. */
  g_assert_cmpuint (sk_import_adopt_icons (result, vault, NULL), ==, 0);
}

/* Stratum keeps the pictures users made in "CustomIcons". */
static void
test_icons_stratum (void)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 32, 0xff7800ff);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *json = g_strdup_printf (
    "{\"Authenticators\":["
    "{\"Type\":2,\"Icon\":\"@c0ffee\",\"Issuer\":\"Custom\",\"Username\":\"a\",\"Secret\":\"JBSWY3DPEHPK3PXP\",\"Algorithm\":0,\"Digits\":6,\"Period\":30},"
    "{\"Type\":2,\"Icon\":\"github\",\"Issuer\":\"Builtin\",\"Username\":\"b\",\"Secret\":\"KUVJJOM753IHTNDSZVCNKL7GII\",\"Algorithm\":0,\"Digits\":6,\"Period\":30},"
    "{\"Type\":2,\"Icon\":\"@missing\",\"Issuer\":\"Lost\",\"Username\":\"c\",\"Secret\":\"4SJHB4GSD43FZBAI7C2HLRJGPQ\",\"Algorithm\":0,\"Digits\":6,\"Period\":30}],"
    "\"Categories\":[],\"AuthenticatorCategories\":[],"
    "\"CustomIcons\":[{\"Id\":\"c0ffee\",\"Data\":\"%s\"}]}", b64);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkImportResult) result = import_bytes (json, strlen (json), NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_STRATUM);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_assert_true (g_bytes_equal (sk_account_get_icon (entry (result, 0)), png));
  g_assert_cmpstr (sk_account_get_icon_mime_type (entry (result, 0)), ==, "image/png");
  g_assert_null (sk_account_get_icon (entry (result, 1)));
  g_assert_null (((SkImportEntry *) g_ptr_array_index (result->entries, 1))->warning);
  g_assert_null (sk_account_get_icon (entry (result, 2)));
  g_assert_nonnull (((SkImportEntry *) g_ptr_array_index (result->entries, 2))->warning);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/import/aegis/plain", test_aegis_plain);
  g_test_add_func ("/sparekey/import/aegis-cost-caps", test_aegis_cost_caps);
  g_test_add_func ("/import/aegis/encrypted", test_aegis_encrypted);
  g_test_add_func ("/import/2fas", test_twofas);
  g_test_add_func ("/import/andotp", test_andotp);
  g_test_add_func ("/import/stratum", test_stratum);
  g_test_add_func ("/import/ente", test_ente);
  g_test_add_func ("/import/json-others", test_json_others);
  g_test_add_func ("/import/text-and-preview", test_text_and_preview);
  g_test_add_func ("/import/migration-pictures", test_migration_pictures);
  g_test_add_func ("/import/numbers", test_numbers);
  g_test_add_func ("/import/bad-files", test_bad_files);
  g_test_add_func ("/import/icons/aegis", test_icons_aegis);
  g_test_add_func ("/import/icons/damaged", test_icons_damaged);
  g_test_add_func ("/import/icons/duplicates", test_icons_duplicates);
  g_test_add_func ("/import/icons/stratum", test_icons_stratum);

  return g_test_run ();
}
