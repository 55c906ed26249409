/* test-kit.c: the printable emergency kit: its text (pdftotext) and its
 * QR codes (pdftoppm at 150 dpi, decoded by zbar) reproduce the accounts
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sk-test-util.h"

#define NOW ((gint64) 1773000000 * G_USEC_PER_SEC)

static const char * const uris[] = {
  "otpauth://totp/GitHub:octo?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
  "otpauth://totp/%E6%94%AF%E4%BB%98%E5%AE%9D:13800138000?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=%E6%94%AF%E4%BB%98%E5%AE%9D&algorithm=SHA256&digits=8",
  "otpauth://hotp/Bank:alice?secret=MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPIYTEMZUGU3DOOBZ&issuer=Bank&counter=42",
  "otpauth://totp/Very%20Long%20Issuer%20Name%20Games:player_with_a_rather_long_login_name@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Very%20Long%20Issuer%20Name%20Games&period=60",
};

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);

  return path != NULL;
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static SkVault *
make_vault (void)
{
  SkVault *vault = sk_vault_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkIdentity) card = sk_identity_new (SK_IDENTITY_PAYOUT, "6222020200112233445");
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(SkRecoveryCode) used = NULL;
  SkSupportInfo support = { 0 };
  SkAccount *github = NULL;
  SkAccount *wallet = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      SkAccount *account = sk_account_new_from_uri (uris[i], &error);

      g_assert_no_error (error);
      sk_vault_add_account (vault, account);
      g_object_unref (account);
      if (i == 0)
        github = account;
      if (i == 1)
        wallet = account;
    }

  codes = sk_recovery_codes_parse ("1. 7f3a-9c2e\n2. 4b8d-1e6f\n3. a0c5-d2b7\n", NULL, &error);
  g_assert_no_error (error);
  sk_recovery_codes_add (vault, sk_account_get_uuid (github), codes, NOW);
  used = sk_recovery_codes_use_next (vault, sk_account_get_uuid (github), NOW, &error);
  g_assert_no_error (error);

  sk_identity_set_country_code (phone, "+86");
  g_assert_true (sk_inventory_save_identity (vault, phone, NOW, &error));
  g_assert_true (sk_inventory_save_identity (vault, card, NOW, &error));
  g_free (sk_inventory_bind (vault, sk_account_get_uuid (wallet), sk_identity_get_uuid (phone),
                             SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, NOW, &error));
  g_free (sk_inventory_bind (vault, sk_account_get_uuid (wallet), sk_identity_get_uuid (card),
                             SK_ROLE_PAYOUT_ACCOUNT, NULL, "2026-04-01", NULL, NOW, &error));
  g_assert_no_error (error);
  support.account_uuid = (char *) sk_account_get_uuid (wallet);
  support.phone = (char *) "95188";
  support.recovery_page = (char *) "https://example.com/recover";
  sk_inventory_set_support (vault, &support, NOW);
  return vault;
}

static void
test_pdf (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "kit.pdf", NULL);
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autofree char *text = NULL;
  g_autofree char *flat = NULL;
  g_autoptr(SkVault) vault = make_vault ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;
  GStatBuf st;

  if (!have_tool ("pdftotext") || !have_tool ("pdftoppm"))
    {
      g_test_skip ("pdftotext/pdftoppm (poppler-utils) not installed");
      return;
    }

  g_assert_true (sk_kit_write_pdf (vault, pdf, NOW, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  text = run ((const char *[]) { "pdftotext", "-layout", pdf, "-", NULL });
  /* pdftotext may break lines differently: compare without whitespace. */
  {
    GString *squeezed = g_string_new (NULL);

    for (const char *p = text; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        g_string_append_c (squeezed, *p);
    flat = g_string_free (squeezed, FALSE);
  }
  if (g_test_verbose ())
    g_test_message ("%s", text);
  g_assert_nonnull (strstr (flat, "GitHub(octo)"));
  g_assert_nonnull (strstr (flat, "支付宝(13800138000)"));
  g_assert_nonnull (strstr (flat, "Bank(alice)"));
  g_assert_nonnull (strstr (flat, "VeryLongIssuerNameGames"));
  /* Unused codes are printed, the used one is not. */
  g_assert_null (strstr (flat, "7f3a-9c2e"));
  g_assert_nonnull (strstr (flat, "4b8d-1e6f"));
  g_assert_nonnull (strstr (flat, "a0c5-d2b7"));
  g_assert_nonnull (strstr (flat, "+8613800138000"));
  g_assert_nonnull (strstr (flat, "95188"));
  g_assert_nonnull (strstr (flat, "https://example.com/recover"));
  /* The card is masked. */
  g_assert_nonnull (strstr (flat, "3445"));
  g_assert_null (strstr (flat, "6222020200112233445"));
  g_assert_nonnull (strstr (flat, "NOTENCRYPTED"));
  g_assert_nonnull (strstr (flat, "notencrypted"));
  g_assert_nonnull (strstr (flat, "Ifyourphoneislost"));
  g_assert_nonnull (strstr (flat, "12377"));

  /* Rendered at 150 dpi, every QR code decodes to its account's URI:
   * the codes it produces are the vault's. */
  g_free (run ((const char *[]) { "pdftoppm", "-r", "150", "-png", pdf, prefix, NULL }));
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *png = NULL;
      g_autoptr(GPtrArray) texts = NULL;
      g_autoptr(GError) qr_error = NULL;

      if (!g_str_has_prefix (name, "page") || !g_str_has_suffix (name, ".png"))
        continue;
      png = g_build_filename (dir, name, NULL);
      texts = sk_qr_decode_file (png, &qr_error);
      if (texts == NULL)
        {
          g_assert_error (qr_error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND);
          continue;
        }
      for (guint i = 0; i < texts->len; i++)
        {
          const char *uri = sk_secret_get_string (texts->pdata[i]);
          g_autoptr(SkAccount) decoded = sk_account_new_from_uri (uri, &error);
          SkAccount *original = NULL;
          GListModel *accounts = sk_vault_get_accounts (vault);

          g_assert_no_error (error);
          for (guint j = 0; j < g_list_model_get_n_items (accounts); j++)
            {
              g_autoptr(SkAccount) candidate = g_list_model_get_item (accounts, j);

              if (g_strcmp0 (sk_account_get_issuer (candidate), sk_account_get_issuer (decoded)) == 0)
                original = candidate;
            }
          g_assert_nonnull (original);
          for (gint64 t = 0; t < 3; t++)
            {
              char want[16], got[16];
              gint64 when = 1773000000 + t * 997;

              g_assert_true (sk_account_generate (original, when, want, &error));
              g_assert_true (sk_account_generate (decoded, when, got, &error));
              g_assert_cmpstr (got, ==, want);
            }
          g_hash_table_add (found, g_strdup (sk_account_get_issuer (decoded)));
        }
    }
  g_assert_cmpuint (g_hash_table_size (found), ==, G_N_ELEMENTS (uris));
  sk_test_rm_rf (dir);
}

static void
test_unwritable (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  g_autoptr(GError) error = NULL;

  g_assert_false (sk_kit_write_pdf (vault, "/nonexistent/dir/kit.pdf", NOW, &error));
  g_assert_error (error, SK_KIT_ERROR, SK_KIT_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/dir/kit.pdf"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sk_core_init (NULL);

  g_test_add_func ("/sparekey/kit/pdf", test_pdf);
  g_test_add_func ("/sparekey/kit/unwritable", test_unwritable);
  return g_test_run ();
}
