/* test-export.c: every writer round-trips through our readers; our
 * backup round-trips the whole vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sk-test-util.h"

#define PASSWORD "backup 密码 🔑"

static SkVault *
make_vault (void)
{
  static const char *uris[] = {
    "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno",
    "otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&issuer=SPDX&algorithm=SHA256&digits=7&period=20",
    "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&issuer=Issuu&counter=10300&digits=8",
    "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing",
    "otpauth://totp/%E5%BE%AE%E4%BF%A1:%E5%BC%A0%E4%B8%89?secret=JBSWY3DPEHPK3PXP&issuer=%E5%BE%AE%E4%BF%A1&algorithm=SHA512&digits=8",
  };
  SkVault *vault = sk_vault_new ();

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uris[i], &error);

      g_assert_no_error (error);
      if (i == 0)
        {
          const char *tags[] = { "Work", "Dev", NULL };

          sk_account_set_tags (account, tags);
          sk_account_set_note (account, "recovery codes in the safe");
          sk_account_set_favourite (account, TRUE);
        }
      if (i == 1)
        {
          g_autoptr(GBytes) png = sk_test_make_picture ("png", 32, 0x1c71d8ff);

          g_assert_true (sk_account_set_icon (account, png, "image/png", NULL));
        }
      if (i == 4)
        {
          g_autoptr(GBytes) svg = sk_test_make_svg ();

          g_assert_true (sk_account_set_icon (account, svg, "image/svg+xml", NULL));
        }
      sk_vault_add_account (vault, account);
    }
  return vault;
}

typedef struct {
  gboolean tags;        /* all tags kept */
  gboolean first_tag;   /* only the first (2FAS: one group) */
  gboolean note;
  gboolean favourite;
  gboolean icon;        /* else the import has no icon at all */
} Kept;

static void
compare (SkVault        *vault,
         SkImportResult *result,
         const Kept     *kept,
         gboolean        skip_steam)
{
  GListModel *accounts = sk_vault_get_accounts (vault);
  guint j = 0;

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) want = g_list_model_get_item (accounts, i);
      SkAccount *got;

      if (skip_steam && sk_account_get_otp_type (want) == SK_OTP_STEAM)
        continue;
      g_assert_cmpuint (j, <, result->entries->len);
      got = ((SkImportEntry *) g_ptr_array_index (result->entries, j++))->account;
      g_assert_cmpint (sk_account_get_otp_type (got), ==, sk_account_get_otp_type (want));
      g_assert_cmpstr (sk_account_get_issuer (got), ==, sk_account_get_issuer (want));
      g_assert_cmpstr (sk_account_get_name (got), ==, sk_account_get_name (want));
      g_assert_true (sk_secret_equal (sk_account_get_secret (got), sk_account_get_secret (want)));
      g_assert_cmpint (sk_account_get_algorithm (got), ==, sk_account_get_algorithm (want));
      g_assert_cmpuint (sk_account_get_digits (got), ==, sk_account_get_digits (want));
      if (sk_account_get_otp_type (want) == SK_OTP_HOTP)
        g_assert_cmpuint (sk_account_get_counter (got), ==, sk_account_get_counter (want));
      else
        g_assert_cmpuint (sk_account_get_period (got), ==, sk_account_get_period (want));
      if (kept->tags)
        g_assert_true (g_strv_equal ((const char * const *) sk_account_get_tags (got),
                                     (const char * const *) sk_account_get_tags (want)));
      if (kept->first_tag && sk_account_get_tags (want) != NULL && sk_account_get_tags (want)[0] != NULL)
        g_assert_cmpstr (sk_account_get_tags (got)[0], ==, sk_account_get_tags (want)[0]);
      if (kept->note)
        g_assert_cmpstr (sk_account_get_note (got), ==, sk_account_get_note (want));
      if (kept->favourite)
        g_assert_cmpint (sk_account_get_favourite (got), ==, sk_account_get_favourite (want));
      if (kept->icon && sk_account_get_icon (want) != NULL)
        {
          g_assert_nonnull (sk_account_get_icon (got));
          g_assert_true (g_bytes_equal (sk_account_get_icon (got), sk_account_get_icon (want)));
          g_assert_cmpstr (sk_account_get_icon_mime_type (got), ==, sk_account_get_icon_mime_type (want));
        }
      else
        g_assert_null (sk_account_get_icon (got));
    }
  g_assert_cmpuint (j, ==, result->entries->len);
  g_assert_cmpuint (result->invalid->len, ==, 0);
}

static SkImportResult *
round_trip (SkVault        *vault,
            SkExportFormat  format,
            const char     *password,
            SkImportFormat  expect)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "export", NULL);
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GError) error = NULL;
  SkImportResult *result;
  SkKdfParams kdf;
  struct stat st;

  sk_test_kdf_fast (&kdf);
  /* Plain text needs the confirmation. */
  if (sk_export_format_is_plaintext (format))
    {
      g_assert_false (sk_export_file (vault, format, path, password, &kdf, FALSE, NULL, &error));
      g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSAFE);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_clear_error (&error);
    }
  g_assert_true (sk_export_file (vault, format, path, password, &kdf, TRUE, &written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, >=, 1);
  for (guint i = 0; i < written->len; i++)
    {
      g_assert_cmpint (g_stat (g_ptr_array_index (written, i), &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    }
  g_ptr_array_add (written, NULL);
  result = sk_import_files ((const char * const *) written->pdata, password,
                            SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, expect);
  sk_test_rm_rf (dir);
  return result;
}

static void
test_aegis (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  Kept all = { TRUE, TRUE, TRUE, TRUE, TRUE };
  g_autoptr(SkImportResult) plain = round_trip (vault, SK_EXPORT_FORMAT_AEGIS_PLAIN, NULL, SK_IMPORT_FORMAT_AEGIS);
  g_autoptr(SkImportResult) enc = round_trip (vault, SK_EXPORT_FORMAT_AEGIS, PASSWORD, SK_IMPORT_FORMAT_AEGIS);
  g_autoptr(GError) error = NULL;

  compare (vault, plain, &all, FALSE);
  g_assert_false (plain->encrypted);
  compare (vault, enc, &all, FALSE);
  g_assert_true (enc->encrypted);
  /* An encrypted Aegis export needs a password. */
  g_assert_null (sk_export_data (vault, SK_EXPORT_FORMAT_AEGIS, NULL, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
}

static void
test_twofas (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  Kept kept = { FALSE, TRUE, FALSE, FALSE, FALSE };
  g_autoptr(SkImportResult) result = round_trip (vault, SK_EXPORT_FORMAT_TWOFAS, NULL, SK_IMPORT_FORMAT_TWOFAS);

  compare (vault, result, &kept, FALSE);
}

static void
test_twofas_encrypted (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  Kept kept = { FALSE, TRUE, FALSE, FALSE, FALSE };
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(SkSecret) data = NULL, again = NULL, plain = NULL;
  g_autoptr(JsonNode) root = NULL, again_root = NULL, plain_root = NULL, services = NULL;
  g_autoptr(GBytes) sealed = NULL, salt = NULL, iv = NULL;
  g_autoptr(GBytes) ref_sealed = NULL, ref_salt = NULL, ref_iv = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "none.2fas", NULL);
  g_autofree char *reference = NULL;
  g_autofree char *services_text = NULL;
  static const char *members[] = {
    "services", "groups", "updatedAt", "schemaVersion", "appVersionCode",
    "appVersionName", "appOrigin", "servicesEncrypted", "reference", NULL
  };
  JsonObject *obj;
  GList *names;
  guint i = 0;

  g_assert_false (sk_export_format_is_plaintext (SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED));
  g_assert_true (sk_export_format_is_plaintext (SK_EXPORT_FORMAT_TWOFAS));
  {
    SkExportFormat format;

    g_assert_true (sk_export_format_from_string ("2fas-encrypted", &format));
    g_assert_cmpint (format, ==, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED);
    g_assert_cmpstr (sk_export_format_to_string (format), ==, "2fas-encrypted");
  }

  /* Every field the plain 2FAS writer keeps comes back, and the file
   * counts as encrypted (no confirmation asked, mode 0600). */
  result = round_trip (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, PASSWORD, SK_IMPORT_FORMAT_TWOFAS);
  g_assert_true (result->encrypted);
  compare (vault, result, &kept, FALSE);
  g_assert_cmpuint (result->entries->len, ==, sk_vault_get_n_accounts (vault));

  /* The layout 2FAS writes: its members in its order, the services
   * moved into "servicesEncrypted", the groups left readable. */
  data = sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  root = json_from_string (sk_secret_get_string (data), &error);
  g_assert_no_error (error);
  obj = json_node_get_object (root);
  names = json_object_get_members (obj);
  for (GList *l = names; l != NULL; l = l->next)
    g_assert_cmpstr (l->data, ==, members[i++]);
  g_list_free (names);
  g_assert_null (members[i]);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "services")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "groups")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (obj, "groups"), 0), "name"), ==, "Work");
  g_assert_cmpint (json_object_get_int_member (obj, "schemaVersion"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (obj, "appOrigin"), ==, "android");
  g_assert_null (strstr (sk_secret_get_string (data), "4SJHB4GSD43FZBAI7C2HLRJGPQ"));

  /* Salt 256 bytes and a 12-byte IV per field; one salt (one key) for
   * both fields, an IV of its own for each. */
  sk_test_split_twofas_field (json_object_get_string_member (obj, "servicesEncrypted"), &sealed, &salt, &iv);
  sk_test_split_twofas_field (json_object_get_string_member (obj, "reference"), &ref_sealed, &ref_salt, &ref_iv);
  g_assert_cmpuint (g_bytes_get_size (salt), ==, 256);
  g_assert_cmpuint (g_bytes_get_size (iv), ==, 12);
  g_assert_true (g_bytes_equal (salt, ref_salt));
  g_assert_false (g_bytes_equal (iv, ref_iv));
  g_assert_cmpuint (g_bytes_get_size (ref_sealed), ==, 256 + 16);

  /* Opened the way 2FAS opens it: the reference is 2FAS' fixed text and
   * the services are the very list the plain writer writes (but for
   * the random group ids). */
  reference = sk_test_open_twofas_field (json_object_get_string_member (obj, "reference"), PASSWORD);
  g_assert_nonnull (reference);
  g_assert_cmpuint (strlen (reference), ==, 256);
  g_assert_true (g_str_has_prefix (reference, "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbO"));
  g_assert_null (sk_test_open_twofas_field (json_object_get_string_member (obj, "reference"), "nope"));
  services_text = sk_test_open_twofas_field (json_object_get_string_member (obj, "servicesEncrypted"), PASSWORD);
  g_assert_nonnull (services_text);
  services = json_from_string (services_text, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (services));
  plain = sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS, NULL, NULL, &error);
  g_assert_no_error (error);
  plain_root = json_from_string (sk_secret_get_string (plain), &error);
  g_assert_no_error (error);
  {
    JsonArray *a = json_node_get_array (services);
    JsonArray *b = json_object_get_array_member (json_node_get_object (plain_root), "services");

    g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
    for (guint k = 0; k < json_array_get_length (a); k++)
      {
        JsonObject *x = json_array_get_object_element (a, k);
        JsonObject *y = json_array_get_object_element (b, k);

        g_assert_cmpstr (json_object_get_string_member (x, "secret"), ==,
                         json_object_get_string_member (y, "secret"));
        json_object_remove_member (x, "groupId");
        json_object_remove_member (y, "groupId");
        g_assert_true (json_node_equal (json_array_get_element (a, k), json_array_get_element (b, k)));
      }
  }

  /* A fresh salt and fresh IVs every time. */
  again = sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, PASSWORD, NULL, &error);
  g_assert_no_error (error);
  again_root = json_from_string (sk_secret_get_string (again), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (again_root), "reference"), !=,
                   json_object_get_string_member (obj, "reference"));
  {
    g_autoptr(GBytes) s2 = NULL, i2 = NULL, c2 = NULL;

    sk_test_split_twofas_field (json_object_get_string_member (json_node_get_object (again_root), "servicesEncrypted"),
                        &c2, &s2, &i2);
    g_assert_false (g_bytes_equal (s2, salt));
    g_assert_false (g_bytes_equal (i2, iv));
  }

  /* No password: nothing written; the wrong one or none at all when
   * reading is told apart. */
  g_assert_null (sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, NULL, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  g_assert_false (sk_export_file (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, path, "", NULL, TRUE, NULL, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_null (sk_import_data (sk_secret_get_data (data), sk_secret_get_size (data), "x.2fas",
                                 "backup 密码 🔐", SK_IMPORT_FORMAT_AUTO, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_null (sk_import_data (sk_secret_get_data (data), sk_secret_get_size (data), "x.2fas",
                                 NULL, SK_IMPORT_FORMAT_AUTO, &error));
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);

  /* A changed byte of the ciphertext is caught, not read as other data;
   * the reference still opens, so it is damage, not a wrong password. */
  {
    g_autofree char *text = g_strdup (sk_secret_get_string (data));
    char *field = strstr (text, "\"servicesEncrypted\":\"") + strlen ("\"servicesEncrypted\":\"");

    field[4] = field[4] == 'A' ? 'B' : 'A';
    g_assert_null (sk_import_data ((const guint8 *) text, strlen (text), "x.2fas", PASSWORD,
                                   SK_IMPORT_FORMAT_AUTO, &error));
    g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED);
    g_clear_error (&error);
    /* With a wrong password it is still a wrong password. */
    g_assert_null (sk_import_data ((const guint8 *) text, strlen (text), "x.2fas", "nope",
                                   SK_IMPORT_FORMAT_AUTO, &error));
    g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
    g_clear_error (&error);
  }

  /* An empty vault gives an empty, still encrypted, list. */
  {
    g_autoptr(SkVault) empty = sk_vault_new ();
    g_autoptr(SkSecret) out = sk_export_data (empty, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, PASSWORD, NULL, &error);
    g_autoptr(JsonNode) empty_root = NULL;
    g_autofree char *list = NULL;

    g_assert_no_error (error);
    empty_root = json_from_string (sk_secret_get_string (out), &error);
    g_assert_no_error (error);
    list = sk_test_open_twofas_field (json_object_get_string_member (json_node_get_object (empty_root),
                                                             "servicesEncrypted"), PASSWORD);
    g_assert_cmpstr (list, ==, "[]");
  }
  sk_test_rm_rf (dir);
}

static void
test_otpauth (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  Kept kept = { FALSE, FALSE, FALSE, FALSE, FALSE };
  g_autoptr(SkImportResult) result = round_trip (vault, SK_EXPORT_FORMAT_OTPAUTH, NULL, SK_IMPORT_FORMAT_OTPAUTH);

  compare (vault, result, &kept, FALSE);
}

static void
test_migration_qr (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(GPtrArray) unsupported = NULL;
  g_autoptr(SkImportResult) result = NULL;
  Kept kept = { FALSE, FALSE, FALSE, FALSE, FALSE };

  /* 25 accounts: three QR codes of at most 10; the Steam one is left out. */
  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://%s/Site%u:user%u?secret=JBSWY3DPEHPK3PX%c%c&issuer=Site%u",
                                              i % 5 == 4 ? "hotp" : "totp", i, i,
                                              'A' + i % 26, 'A' + i / 26, i);
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uri, NULL);

      g_assert_nonnull (account);
      sk_vault_add_account (vault, account);
    }
  {
    g_autoptr(SkAccount) steam = sk_account_new_from_uri ("otpauth://steam/S:s?secret=JRZCL47CMXVOQMNPZR2F7J4RGI", NULL);

    sk_vault_add_account (vault, steam);
  }
  unsupported = sk_export_list_unsupported (vault, SK_EXPORT_FORMAT_MIGRATION_QR);
  g_assert_cmpuint (unsupported->len, ==, 1);
  result = round_trip (vault, SK_EXPORT_FORMAT_MIGRATION_QR, NULL, SK_IMPORT_FORMAT_QR_IMAGE);
  g_assert_cmpuint (result->entries->len, ==, 25);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  compare (vault, result, &kept, TRUE);
}

/* Long names make a batch of ten too long for one QR code: every batch is
 * sized to fit, the batch fields stay consistent, and the pictures read
 * back (through zbar) to exactly the accounts, in order. One name too long
 * for a code of its own is shortened rather than failing the export. */
static void
test_migration_qr_long (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "google.png", NULL);
  g_autoptr(GString) huge = g_string_new (NULL);
  GListModel *accounts = sk_vault_get_accounts (vault);
  const guint n_accounts = 14;
  const guint huge_index = 9;
  gint batch_id = 0;
  guint most_in_one = 0;
  SkKdfParams kdf;

  for (guint i = 0; i < 3000; i++)
    g_string_append (huge, i % 2 ? "长" : "n");

  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(SkAccount) account = sk_account_new (i % 4 == 3 ? SK_OTP_HOTP : SK_OTP_TOTP);
      g_autoptr(GString) issuer = g_string_new (NULL);
      g_autoptr(GString) name = g_string_new (NULL);
      guint8 key[32];

      for (guint k = 0; k < sizeof key; k++)
        key[k] = (guint8) (i * 53 + k * 7);
      for (guint k = 0; k < 12 + i; k++)
        g_string_append (issuer, "银行 Bank ");
      g_string_append_printf (name, "%u-", i);
      for (guint k = 0; k < 10 + i * 2; k++)
        g_string_append (name, "user+tag/张三@example.com ");
      sk_account_set_issuer (account, issuer->str);
      sk_account_set_name (account, i == huge_index ? huge->str : name->str);
      sk_account_set_digits (account, i % 2 ? 8 : 6);
      sk_account_set_algorithm (account, i % 3);
      sk_account_set_counter (account, i * 1000);
      {
        g_autoptr(SkSecret) secret = sk_secret_new_from_data (key, sizeof key);

        sk_account_set_secret (account, secret);
      }
      sk_vault_add_account (vault, account);
    }

  sk_test_kdf_fast (&kdf);
  g_assert_true (sk_export_file (vault, SK_EXPORT_FORMAT_MIGRATION_QR, path, NULL, &kdf,
                                 TRUE, &written, &error));
  g_assert_no_error (error);
  /* Ten such accounts never fit one code. */
  g_assert_cmpuint (written->len, >, 2);

  for (guint i = 0; i < written->len; i++)
    {
      g_autoptr(GPtrArray) texts = sk_qr_decode_file (g_ptr_array_index (written, i), &error);
      g_autoptr(SkMigrationBatch) batch = NULL;
      const char *text;

      g_assert_no_error (error);
      g_assert_cmpuint (texts->len, ==, 1);
      text = sk_secret_get_string (g_ptr_array_index (texts, 0));
      g_assert_cmpuint (strlen (text), <=, SK_QR_MAX_BYTES);
      batch = sk_migration_parse (text, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (batch->batch_size, ==, written->len);
      g_assert_cmpuint (batch->batch_index, ==, i);
      if (i == 0)
        batch_id = batch->batch_id;
      g_assert_cmpint (batch->batch_id, ==, batch_id);
      g_assert_cmpuint (batch->skipped->len, ==, 0);
      most_in_one = MAX (most_in_one, batch->entries->len);
      while (batch->entries->len > 0)
        g_ptr_array_add (got, g_ptr_array_steal_index (batch->entries, 0));
    }
  /* Batches are filled, not one account per code. */
  g_assert_cmpuint (most_in_one, >, 1);

  g_assert_cmpuint (got->len, ==, n_accounts);
  for (guint i = 0; i < n_accounts; i++)
    {
      g_autoptr(SkAccount) want = g_list_model_get_item (accounts, i);
      SkOtpUri *entry = g_ptr_array_index (got, i);

      g_assert_true (sk_secret_equal (entry->secret, sk_account_get_secret (want)));
      g_assert_cmpint (entry->params.type, ==, sk_account_get_otp_type (want));
      g_assert_cmpint (entry->params.algorithm, ==, sk_account_get_algorithm (want));
      g_assert_cmpuint (entry->params.digits, ==, sk_account_get_digits (want));
      if (entry->params.type == SK_OTP_HOTP)
        g_assert_cmpuint (entry->params.counter, ==, sk_account_get_counter (want));
      if (i != huge_index)
        {
          g_assert_cmpstr (entry->issuer, ==, sk_account_get_issuer (want));
          g_assert_cmpstr (entry->name, ==, sk_account_get_name (want));
        }
      else
        {
          g_autofree char *kept = NULL;

          g_assert_true (g_str_has_suffix (entry->name, "…"));
          kept = g_strndup (entry->name, strlen (entry->name) - strlen ("…"));
          g_assert_cmpuint (strlen (kept), >, 0);
          g_assert_true (g_str_has_prefix (sk_account_get_name (want), kept));
        }
    }
  sk_test_rm_rf (dir);
}

/* Yandex and mOTP accounts go to Aegis with their PIN ("type" yandex /
 * motp, info.pin, the mOTP secret as the bytes of its hex), to otpauth
 * links, and nowhere that has no such type; a non-hex mOTP secret cannot
 * be written as Aegis keeps it and is listed instead. */
static void
test_pin_types (void)
{
  static const char *uris[] = {
    "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin=7586",
    "motp://VPN:bob?secret=e3152afee62599c8&pin=1234",
    "motp://Company%20VPN:john?secret=asdasddasadsadsadsads2133&pin=0000",
  };
  static const gint64 when[] = { 1581064020, 165892298, 1700000000 };
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(GPtrArray) aegis_missing = NULL;
  g_autoptr(GPtrArray) twofas_missing = NULL;
  g_autoptr(SkImportResult) aegis = NULL;
  g_autoptr(SkImportResult) links = NULL;
  GListModel *accounts = sk_vault_get_accounts (vault);

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uris[i], &error);

      g_assert_no_error (error);
      sk_vault_add_account (vault, account);
    }

  aegis_missing = sk_export_list_unsupported (vault, SK_EXPORT_FORMAT_AEGIS_PLAIN);
  g_assert_cmpuint (aegis_missing->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (aegis_missing, 0), "Company VPN"));
  twofas_missing = sk_export_list_unsupported (vault, SK_EXPORT_FORMAT_TWOFAS);
  g_assert_cmpuint (twofas_missing->len, ==, 3);

  aegis = round_trip (vault, SK_EXPORT_FORMAT_AEGIS_PLAIN, NULL, SK_IMPORT_FORMAT_AEGIS);
  g_assert_cmpuint (aegis->entries->len, ==, 2);
  g_assert_cmpuint (aegis->invalid->len, ==, 0);
  links = round_trip (vault, SK_EXPORT_FORMAT_OTPAUTH, NULL, SK_IMPORT_FORMAT_OTPAUTH);
  g_assert_cmpuint (links->entries->len, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(SkAccount) want = g_list_model_get_item (accounts, i);
      char want_code[SK_OTP_CODE_MAX];

      g_assert_true (sk_account_generate (want, when[i], want_code, NULL));
      for (guint r = 0; r < 2; r++)
        {
          SkImportResult *result = r == 0 ? aegis : links;
          SkAccount *got;
          char code[SK_OTP_CODE_MAX];

          if (i >= result->entries->len)
            continue;
          got = ((SkImportEntry *) g_ptr_array_index (result->entries, i))->account;
          g_assert_cmpint (sk_account_get_otp_type (got), ==, sk_account_get_otp_type (want));
          g_assert_true (sk_secret_equal (sk_account_get_secret (got), sk_account_get_secret (want)));
          g_assert_true (sk_secret_equal (sk_account_get_pin (got), sk_account_get_pin (want)));
          g_assert_cmpstr (sk_account_get_issuer (got), ==, sk_account_get_issuer (want));
          g_assert_cmpstr (sk_account_get_name (got), ==, sk_account_get_name (want));
          g_assert_true (sk_account_generate (got, when[i], code, NULL));
          g_assert_cmpstr (code, ==, want_code);
        }
    }
}

static void
test_sparekey_backup (void)
{
  g_autoptr(SkVault) vault = make_vault ();
  g_autoptr(SkSecret) codes = sk_secret_new_from_string ("recovery-1 recovery-2");
  g_autoptr(JsonNode) section = json_from_string ("{\"records\":[{\"uuid\":\"x\",\"value\":1}]}", NULL);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(SkSecret) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "backup.sparekey", NULL);
  Kept all = { TRUE, TRUE, TRUE, TRUE, TRUE };
  SkKdfParams kdf;

  sk_vault_set_section (vault, "test-section", section);
  sk_vault_set_secret (vault, "x/codes", codes);
  result = round_trip (vault, SK_EXPORT_FORMAT_SPAREKEY, PASSWORD, SK_IMPORT_FORMAT_SPAREKEY);
  g_assert_true (result->encrypted);
  compare (vault, result, &all, FALSE);
  /* The whole vault: sections, secrets, UUIDs. */
  g_assert_nonnull (result->vault);
  a = sk_vault_serialize (vault, NULL);
  b = sk_vault_serialize (result->vault, NULL);
  g_assert_true (sk_secret_equal (a, b));

  /* Wrong password and damage. */
  sk_test_kdf_fast (&kdf);
  g_assert_true (sk_export_file (vault, SK_EXPORT_FORMAT_SPAREKEY, path, PASSWORD, &kdf, FALSE, NULL, &error));
  g_clear_pointer (&result, sk_import_result_free);
  result = sk_import_file (path, "nope", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  {
    g_autofree char *data = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (path, &data, &len, NULL));
    data[len - 3] ^= 1;
    g_assert_true (g_file_set_contents (path, data, len, NULL));
  }
  result = sk_import_file (path, PASSWORD, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED);
  sk_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/export/aegis", test_aegis);
  g_test_add_func ("/export/2fas", test_twofas);
  g_test_add_func ("/export/2fas-encrypted", test_twofas_encrypted);
  g_test_add_func ("/export/otpauth", test_otpauth);
  g_test_add_func ("/export/migration-qr", test_migration_qr);
  g_test_add_func ("/export/migration-qr-long", test_migration_qr_long);
  g_test_add_func ("/export/pin-types", test_pin_types);
  g_test_add_func ("/export/sparekey-backup", test_sparekey_backup);

  return g_test_run ();
}
