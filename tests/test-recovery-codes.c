/* test-recovery-codes.c: parsing and bookkeeping of recovery codes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

/* Parses @text and checks the codes against @expected (NULL-terminated). */
static void
assert_parse (const char         *text,
              const char * const *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = sk_recovery_codes_parse (text, NULL, &error);
  guint n = g_strv_length ((char **) expected);

  g_assert_no_error (error);
  g_assert_nonnull (codes);
  for (guint i = 0; i < MIN (n, codes->len); i++)
    g_assert_cmpstr (sk_secret_get_string (codes->pdata[i]), ==, expected[i]);
  g_assert_cmpuint (codes->len, ==, n);
}

#define PARSE(text, ...) assert_parse ((text), (const char * const[]) { __VA_ARGS__, NULL })

static void
test_parse_layouts (void)
{
  /* One per line, with blank lines and CRLF. */
  PARSE ("a1b2c3d4\r\ne5f6g7h8\r\n\r\n\ni9j0k1l2\n", "a1b2c3d4", "e5f6g7h8", "i9j0k1l2");
  /* Space and comma separated. */
  PARSE ("abcd1234 efgh5678 ijkl9012", "abcd1234", "efgh5678", "ijkl9012");
  PARSE ("123456, 234567,345678;456789", "123456", "234567", "345678", "456789");
  /* GitHub style groups. */
  PARSE ("7c1f8-2a9d4\n3b0e6-91f2c\n", "7c1f8-2a9d4", "3b0e6-91f2c");
  PARSE ("XXXX-1234-YYYY\nZZZZ-5678-WWWW", "XXXX-1234-YYYY", "ZZZZ-5678-WWWW");
  /* Numbered lists in several styles. */
  PARSE ("1. 8723 1190\n2. 5531 0042\n3) 9911 2233\n#4 4455 6677\n(5) 1029 3847\n[6] 5647 3829\n7: 1111 2222\n8、3333 4444",
         "87231190", "55310042", "99112233", "44556677", "10293847", "56473829", "11112222", "33334444");
  /* Google's printout: two numbered columns, codes in two groups. */
  PARSE ("1. 8723 1190    6. 1234 5678\n2. 5531 0042    7. 8765 4321\n",
         "87231190", "12345678", "55310042", "87654321");
  /* Circled numbers and full-width characters (Chinese input methods). */
  PARSE ("① ａｂｃ１２３４５\n② ｄｅｆ６７８９０", "abc12345", "def67890");
  PARSE ("１２３４５６７８，８７６５４３２１", "12345678", "87654321");
  /* Letters-only codes, all of one length. */
  PARSE ("qwertyui\nasdfghjk\nzxcvbnmq", "qwertyui", "asdfghjk", "zxcvbnmq");
  /* Tabs and bars of a copied table. */
  PARSE ("11aa22bb\t33cc44dd | 55ee66ff", "11aa22bb", "33cc44dd", "55ee66ff");
  /* Duplicates are dropped, order kept. */
  PARSE ("z9y8x7w6\nv5u4t3s2\nz9y8x7w6", "z9y8x7w6", "v5u4t3s2");
}

static void
test_parse_junk (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ignored = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  const char *page =
    "GitHub recovery codes\n"
    "Keep your recovery codes as safe as your password.\n"
    "Generated 2026-01-31 12:30\n"
    "\n"
    "4f2a1-9c3b7\n"
    "8e6d0-2b5a4\n"
    "\n"
    "recovery\n"
    "Printed by user@example.com\n";
  const char * const junk[] = {
    "",
    "   \n\t\n",
    "Backup codes\nKeep these safe",
    "2026-01-31\n31-01-2026",
    "abc\n12\nx-y",
    "!!!! #### ????",
    "\xff\xfe not utf-8",
  };

  codes = sk_recovery_codes_parse (page, &ignored, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, 2);
  g_assert_cmpstr (sk_secret_get_string (codes->pdata[0]), ==, "4f2a1-9c3b7");
  g_assert_cmpstr (sk_secret_get_string (codes->pdata[1]), ==, "8e6d0-2b5a4");
  /* Lines 1, 2, 3, 8 and 9 held no code. */
  g_assert_cmpuint (ignored->len, ==, 5);
  g_assert_cmpuint (g_array_index (ignored, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (ignored, guint, 3), ==, 8);

  for (guint i = 0; i < G_N_ELEMENTS (junk); i++)
    {
      g_autoptr(GError) junk_error = NULL;
      g_autoptr(GPtrArray) none = sk_recovery_codes_parse (junk[i], NULL, &junk_error);

      g_assert_null (none);
      g_assert_error (junk_error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_NO_CODES);
    }
}

/* Random bytes and random mixes of code-ish characters never crash and
 * never yield anything that is not a code shape. */
static void
test_parse_random (void)
{
  const char alphabet[] = "ab12 -,.;:\n\t()#①ａ、xyZ9";

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GPtrArray) codes = NULL;
      guint len = g_test_rand_int_range (0, 120);

      for (guint i = 0; i < len; i++)
        g_string_append_c (text, alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)]);
      codes = sk_recovery_codes_parse (text->str, NULL, NULL);
      for (guint i = 0; codes != NULL && i < codes->len; i++)
        {
          const char *code = sk_secret_get_string (codes->pdata[i]);

          g_assert_cmpuint (strlen (code), >=, 6);
          g_assert_null (strchr (code, ' '));
          g_assert_false (g_str_has_prefix (code, "-"));
        }
    }
}

static SkAccount *
add_account (SkVault *vault)
{
  g_autoptr(GError) error = NULL;
  SkAccount *account = sk_account_new_from_uri ("otpauth://totp/Example:alice?secret=GEZDGNBVGY3TQOJQ&issuer=Example", &error);

  g_assert_no_error (error);
  sk_vault_add_account (vault, account);
  return account;
}

static GPtrArray *
codes_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *codes = sk_recovery_codes_parse (text, NULL, &error);

  g_assert_no_error (error);
  return codes;
}

/* Missing codes are an order for an account with codes, a hint for one
 * signing in by SMS (QQ has none to give), nothing for password only. */
static void
test_warning_by_protection (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) totp = add_account (vault);
  g_autoptr(SkAccount) sms = sk_account_new_without_code (SK_PROTECTION_SMS);
  g_autoptr(SkAccount) password = sk_account_new_without_code (SK_PROTECTION_PASSWORD);
  g_autofree char *totp_warning = NULL;
  g_autofree char *sms_warning = NULL;

  sk_account_set_issuer (sms, "QQ");
  sk_account_set_issuer (password, "Forum");
  sk_vault_add_account (vault, sms);
  sk_vault_add_account (vault, password);

  totp_warning = sk_recovery_codes_dup_warning (vault, sk_account_get_uuid (totp));
  sms_warning = sk_recovery_codes_dup_warning (vault, sk_account_get_uuid (sms));
  g_assert_nonnull (strstr (totp_warning, "two-factor codes"));
  g_assert_nonnull (sms_warning);
  g_assert_null (strstr (sms_warning, "two-factor codes"));
  g_assert_nonnull (strstr (sms_warning, "if the service offers them"));
  g_assert_null (sk_recovery_codes_dup_warning (vault, sk_account_get_uuid (password)));

  /* Once codes are stored, running low is said for every kind. */
  {
    g_autoptr(GPtrArray) codes = codes_of ("11111111");
    g_autofree char *low = NULL;

    g_assert_cmpuint (sk_recovery_codes_add (vault, sk_account_get_uuid (password), codes, 1000), ==, 1);
    low = sk_recovery_codes_dup_warning (vault, sk_account_get_uuid (password));
    g_assert_nonnull (strstr (low, "Only 1 recovery code left"));
  }
}

static void
test_use_and_remaining (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) account = add_account (vault);
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GPtrArray) codes = codes_of ("11111111\n22222222\n33333333\n44444444");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *warning = NULL;
  guint total = 0;

  g_assert_cmpint (sk_recovery_codes_get_status (vault, uuid), ==, SK_RECOVERY_CODES_MISSING);
  warning = sk_recovery_codes_dup_warning (vault, uuid);
  g_assert_nonnull (warning);
  g_clear_pointer (&warning, g_free);

  g_assert_cmpuint (sk_recovery_codes_add (vault, uuid, codes, 1000), ==, 4);
  /* Adding the same codes again adds nothing. */
  g_assert_cmpuint (sk_recovery_codes_add (vault, uuid, codes, 2000), ==, 0);
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault, uuid, &total), ==, 4);
  g_assert_cmpuint (total, ==, 4);
  g_assert_cmpint (sk_recovery_codes_get_status (vault, uuid), ==, SK_RECOVERY_CODES_OK);
  g_assert_null (sk_recovery_codes_dup_warning (vault, uuid));

  /* Codes never appear in the JSON of the section. */
  {
    g_autoptr(JsonGenerator) gen = json_generator_new ();
    g_autofree char *json = NULL;

    json_generator_set_root (gen, sk_vault_get_section (vault, "recovery_codes"));
    json = json_generator_to_data (gen, NULL);
    g_assert_null (strstr (json, "11111111"));
    g_assert_nonnull (strstr (json, uuid));
  }

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SkRecoveryCode) used = sk_recovery_codes_use_next (vault, uuid, 5000 + i, &error);
      g_autoptr(SkSecret) secret = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (used->position, ==, i + 1);
      g_assert_cmpint (used->used, ==, 5000 + i);
      secret = sk_recovery_codes_dup_code (vault, used->uuid);
      g_assert_cmpstr (sk_secret_get_string (secret), ==, i == 0 ? "11111111" : "22222222");
    }
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault, uuid, NULL), ==, 2);
  g_assert_cmpint (sk_recovery_codes_get_status (vault, uuid), ==, SK_RECOVERY_CODES_LOW_LEFT);
  warning = sk_recovery_codes_dup_warning (vault, uuid);
  g_assert_nonnull (strstr (warning, "2"));

  list = sk_recovery_codes_list (vault, uuid);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpint (((SkRecoveryCode *) list->pdata[0])->used, ==, 5000);
  g_assert_cmpint (((SkRecoveryCode *) list->pdata[0])->issued, ==, 1000);
  g_assert_cmpint (((SkRecoveryCode *) list->pdata[3])->used, ==, 0);

  /* Unmark one, then use everything. */
  g_assert_true (sk_recovery_codes_set_used (vault, ((SkRecoveryCode *) list->pdata[0])->uuid, 0, &error));
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault, uuid, NULL), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(SkRecoveryCode) used = sk_recovery_codes_use_next (vault, uuid, 9000, &error);

      g_assert_no_error (error);
    }
  g_assert_cmpint (sk_recovery_codes_get_status (vault, uuid), ==, SK_RECOVERY_CODES_USED_UP);
  g_assert_null (sk_recovery_codes_use_next (vault, uuid, 9999, &error));
  g_assert_error (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_ALL_USED);
}

static void
test_replace_and_merge (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) account = add_account (vault);
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GPtrArray) first = codes_of ("aaaa1111 bbbb2222 cccc3333");
  g_autoptr(GPtrArray) second = codes_of ("dddd4444 eeee5555");
  g_autoptr(GPtrArray) old_list = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(SkVault) older = NULL;
  g_autoptr(GError) error = NULL;

  sk_recovery_codes_add (vault, uuid, first, 1000);
  old_list = sk_recovery_codes_list (vault, uuid);

  /* A copy of the vault as another machine had it before the replace. */
  payload = sk_vault_serialize (vault, &error);
  g_assert_no_error (error);
  older = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);

  g_assert_cmpuint (sk_recovery_codes_replace (vault, uuid, second, 2000), ==, 2);
  list = sk_recovery_codes_list (vault, uuid);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpuint (((SkRecoveryCode *) list->pdata[0])->position, ==, 1);
  /* The old codes are gone from the secret table too. */
  g_assert_null (sk_recovery_codes_dup_code (vault, ((SkRecoveryCode *) old_list->pdata[0])->uuid));

  /* Merging the older copy brings nothing back... */
  sk_vault_merge (vault, older);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sk_recovery_codes_list (vault, uuid);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_null (sk_recovery_codes_dup_code (vault, ((SkRecoveryCode *) old_list->pdata[0])->uuid));

  /* ...and the older copy learns about the replacement. */
  sk_vault_merge (older, vault);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sk_recovery_codes_list (older, uuid);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_null (sk_recovery_codes_dup_code (older, ((SkRecoveryCode *) old_list->pdata[1])->uuid));

  /* A code marked used on one side wins over the unused older copy. */
  {
    g_autoptr(SkRecoveryCode) used = sk_recovery_codes_use_next (older, uuid, 3000, &error);

    g_assert_no_error (error);
    sk_vault_merge (vault, older);
    g_assert_cmpuint (sk_recovery_codes_count_remaining (vault, uuid, NULL), ==, 1);
  }

  g_assert_cmpuint (sk_recovery_codes_replace (vault, uuid, NULL, 4000), ==, 0);
  g_assert_cmpint (sk_recovery_codes_get_status (vault, uuid), ==, SK_RECOVERY_CODES_MISSING);
}

/* A 2 MB paste, one code per line (every line ending in use), is read
 * whole and in linear time: it once took minutes. The time is printed,
 * not asserted; the suite's timeout catches a quadratic parser. */
static void
test_parse_large (void)
{
  const char *endings[] = { "\n", "\r\n", "\r" };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GArray) ignored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint n = 0;

  while (text->len < 2 * 1024 * 1024)
    {
      g_string_append_printf (text, "%04u-%04u%s", n / 10000, n % 10000, endings[n % 3]);
      n++;
    }
  g_string_append (text, "not a code\n");

  timer = g_timer_new ();
  codes = sk_recovery_codes_parse (text->str, &ignored, &error);
  g_test_message ("parsed %u codes (%" G_GSIZE_FORMAT " bytes) in %.3f s",
                  n, text->len, g_timer_elapsed (timer, NULL));
  g_assert_no_error (error);
  g_assert_cmpuint (codes->len, ==, n);
  g_assert_cmpstr (sk_secret_get_string (codes->pdata[0]), ==, "0000-0000");
  g_assert_cmpstr (sk_secret_get_string (codes->pdata[n - 1]), ==,
                   g_strdup_printf ("%04u-%04u", (n - 1) / 10000, (n - 1) % 10000));
  g_assert_cmpuint (ignored->len, ==, 1);
  g_assert_cmpuint (g_array_index (ignored, guint, 0), ==, n + 1);
}

int
main (int    argc,
      char **argv)
{
  g_assert_true (sk_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sparekey/recovery-codes/warning/protection", test_warning_by_protection);
  g_test_add_func ("/sparekey/recovery-codes/parse/layouts", test_parse_layouts);
  g_test_add_func ("/sparekey/recovery-codes/parse/junk", test_parse_junk);
  g_test_add_func ("/sparekey/recovery-codes/parse/random", test_parse_random);
  g_test_add_func ("/sparekey/recovery-codes/parse/large", test_parse_large);
  g_test_add_func ("/sparekey/recovery-codes/use-and-remaining", test_use_and_remaining);
  g_test_add_func ("/sparekey/recovery-codes/replace-and-merge", test_replace_and_merge);

  return g_test_run ();
}
