/* test-interop.c: every export file of ../shared/interop in a format we
 * read is imported and compared, field by field, with
 * expected_entries.json
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

static char *interop_dir;
/* Case*: the encrypted 2FAS files (with their password), which our
 * encrypted 2FAS export is checked against. */
static GPtrArray *twofas_encrypted;

typedef struct {
  char      *section;
  char      *file;
  char      *password;
  JsonArray *expected;        /* normalized entries, or NULL */
  gint64     raw_count;       /* Proton section: items in the file */
  gboolean   steam_unchecked; /* only the secret of Steam entries is checked */
  gboolean   period_unchecked;
  gboolean   must_fail;
} Case;

/* Formats of item 1 of the import issue; the others (SQLite, XML,
 * CSV, ZIP, Authy, Steam files...) are not read by Sparekey. */
static gboolean
format_supported (const char *file)
{
  static const char *skip[] = {
    ".xml", ".sqlite", ".db", ".csv", ".zip", "(read as WinAuth)",
    "totp_authenticator", "totpauthenticator", "/steam.json", "/steam_old.json",
    "duo.json", "lastpass", "freeotp.bin", "bitwarden.encrypted",
    NULL
  };

  for (guint i = 0; skip[i] != NULL; i++)
    if (strstr (file, skip[i]) != NULL)
      return FALSE;
  return TRUE;
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

/* The Yandex and mOTP entries of the Stratum test files have no codes in
 * them. The Yandex one has the key and PIN of a vector Aegis (YAOTPTest)
 * and Stratum (YandexOtpTest) both publish; the mOTP codes were computed
 * apart from Sparekey, with Python's hashlib, from mOTP's description
 * (MD5 of time/10, the key's lowercase hex and the PIN). */
static void
check_known_code (SkAccount *account)
{
  static const struct {
    SkOtpType   type;
    const char *pin;
    gint64      time;
    const char *code;
  } known[] = {
    { SK_OTP_YANDEX, "7586", 1581064020, "oactmacq" },
    { SK_OTP_YANDEX, "7586", 1581090810, "wemdwrix" },
    { SK_OTP_MOTP, "1234", 1700000000, "d43efd" },
    { SK_OTP_MOTP, "1234", 1700000009, "d43efd" },
    { SK_OTP_MOTP, "1234", 1700000010, "0ff7ce" },
  };
  guint checked = 0;

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(GError) error = NULL;
      char code[SK_OTP_CODE_MAX];

      if (known[i].type != sk_account_get_otp_type (account) ||
          g_strcmp0 (known[i].pin, sk_secret_get_string (sk_account_get_pin (account))) != 0)
        continue;
      g_assert_true (sk_account_generate (account, known[i].time, code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, known[i].code);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

static void
check_entry (JsonObject *want,
             SkAccount  *got,
             const Case *c,
             guint       index)
{
  const char *type = member_string (want, "type");
  SkOtpType want_type;
  SkOtpAlgorithm want_algo;
  g_autoptr(SkSecret) want_secret = NULL;
  g_autoptr(GError) error = NULL;
  const char *issuer = member_string (want, "issuer");
  const char *name = member_string (want, "name");
  gboolean is_steam;

  g_assert_true (sk_otp_type_from_string (type, &want_type));
  is_steam = want_type == SK_OTP_STEAM;
  g_assert_cmpstr (sk_otp_type_to_string (sk_account_get_otp_type (got)), ==, type);

  want_secret = sk_base32_decode (member_string (want, "secret"), &error);
  g_assert_no_error (error);
  if (want_type == SK_OTP_MOTP)
    {
      /* Aegis keeps the bytes; mOTP hashes their lowercase hex. */
      g_autofree char *hex = NULL;
      GString *text = g_string_new (NULL);

      for (gsize k = 0; k < sk_secret_get_size (want_secret); k++)
        g_string_append_printf (text, "%02x", sk_secret_get_data (want_secret)[k]);
      hex = g_string_free (text, FALSE);
      g_clear_pointer (&want_secret, sk_secret_unref);
      want_secret = sk_secret_new_from_data (hex, strlen (hex));
    }
  if (!sk_secret_equal (want_secret, sk_account_get_secret (got)))
    g_error ("%s entry %u: the secret differs", c->file, index);
  if (sk_otp_type_needs_pin (want_type))
    {
      g_assert_nonnull (sk_account_get_pin (got));
      g_assert_cmpstr (sk_secret_get_string (sk_account_get_pin (got)), ==,
                       member_string (want, "pin"));
      check_known_code (got);
    }

  if (!(is_steam && c->steam_unchecked))
    {
      const char *got_issuer = sk_account_get_issuer (got);
      const char *got_name = sk_account_get_name (got);
      g_autofree char *joined = g_strdup_printf ("%s:%s", got_issuer, got_name);
      g_autofree char *joined_space = g_strdup_printf ("%s: %s", got_issuer, got_name);

      if (issuer == NULL)
        issuer = "";
      /* A name holding "Issuer:account" (Google Authenticator, old
       * andOTP) is split into issuer and name. */
      if (g_strcmp0 (name, got_name) != 0 &&
          (g_strcmp0 (name, joined) == 0 || g_strcmp0 (name, joined_space) == 0) &&
          (*issuer == '\0' || g_str_equal (issuer, got_issuer)))
        ;
      else
        {
          g_assert_cmpstr (got_issuer, ==, issuer);
          g_assert_cmpstr (got_name, ==, name);
        }
    }

  /* mOTP is MD5 by definition; we do not store an algorithm for it. */
  if (want_type != SK_OTP_MOTP)
    {
      g_assert_true (sk_otp_algorithm_from_string (member_string (want, "algorithm") != NULL
                                                   ? member_string (want, "algorithm")
                                                   : member_string (want, "algo"), &want_algo));
      g_assert_cmpint (sk_account_get_algorithm (got), ==, want_algo);
    }
  g_assert_cmpint (sk_account_get_digits (got), ==, json_object_get_int_member (want, "digits"));
  if (want_type == SK_OTP_HOTP)
    g_assert_cmpint (sk_account_get_counter (got), ==,
                     json_object_get_int_member_with_default (want, "counter", 0));
  else if (!c->period_unchecked && json_object_has_member (want, "period"))
    g_assert_cmpint (sk_account_get_period (got), ==, json_object_get_int_member (want, "period"));

  /* Real image data only (Aegis "icon"; Stratum custom icons are
   * checked in test_stratum_custom_icon(), the list does not mark them). */
  if (json_object_get_boolean_member_with_default (want, "icon", FALSE))
    {
      g_assert_nonnull (sk_account_get_icon (got));
      g_assert_true (sk_account_icon_validate (sk_account_get_icon (got),
                                               sk_account_get_icon_mime_type (got), NULL));
    }
  else if (!g_str_has_suffix (c->file, ".authpro"))
    g_assert_null (sk_account_get_icon (got));

  if (json_object_has_member (want, "tags"))
    {
      JsonArray *tags = json_object_get_array_member (want, "tags");
      const char * const *got_tags = sk_account_get_tags (got);

      for (guint t = 0; t < json_array_get_length (tags); t++)
        {
          g_assert_nonnull (got_tags);
          g_assert_true (g_strv_contains (got_tags, json_array_get_string_element (tags, t)));
        }
    }
}

static void
test_file (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *path = g_build_filename (interop_dir, c->file, NULL);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint valid = 0;

  if (c->must_fail)
    {
      result = sk_import_file (path, c->password, SK_IMPORT_FORMAT_AUTO, &error);
      g_assert_null (result);
      g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED);
      return;
    }

  if (c->password != NULL)
    {
      /* Encrypted: without the password we are asked for it. */
      result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
      g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
      g_assert_null (result);
      g_clear_error (&error);
    }
  result = sk_import_file (path, c->password, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (result->encrypted, ==, c->password != NULL);

  if (c->expected == NULL)
    {
      /* Proton's tests: everything in the file is read (HOTP included,
       * which Proton itself refuses), or reported invalid with a reason. */
      g_assert_cmpint (result->entries->len + result->invalid->len, ==, c->raw_count);
      return;
    }

  for (guint i = 0; i < result->entries->len; i++)
    g_assert_null (((SkImportEntry *) g_ptr_array_index (result->entries, i))->warning);

  for (guint i = 0; i < json_array_get_length (c->expected); i++)
    {
      JsonObject *want = json_array_get_object_element (c->expected, i);
      SkOtpType type;

      /* Unknown types, and Yandex and mOTP entries without their PIN
       * (Stratum's own files, andOTP): reported invalid, checked below. */
      if (!sk_otp_type_from_string (member_string (want, "type"), &type) ||
          (sk_otp_type_needs_pin (type) && member_string (want, "pin") == NULL))
        continue;
      g_assert_cmpuint (valid, <, result->entries->len);
      check_entry (want, ((SkImportEntry *) g_ptr_array_index (result->entries, valid))->account,
                   c, i);
      valid++;
    }
  g_assert_cmpuint (result->entries->len, ==, valid);
  g_assert_cmpuint (result->invalid->len, ==, json_array_get_length (c->expected) - valid);
}

static void
add_cases (JsonObject *root,
           const char *section,
           const char *entries_member)
{
  JsonObject *files = json_object_get_object_member (json_object_get_object_member (root, section),
                                                     "files");
  g_autoptr(GList) names = json_object_get_members (files);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *file = l->data;
      JsonObject *info = json_object_get_object_member (files, file);
      JsonNode *expected = json_object_get_member (info, entries_member);
      JsonNode *unchecked = json_object_get_member (info, "unchecked_by_aegis_test");
      JsonNode *decode_error = json_object_get_member (info, "decode_error");
      g_autofree char *test_path = NULL;
      Case *c;

      if (!format_supported (file))
        continue;
      c = g_new0 (Case, 1);
      c->section = g_strdup (section);
      c->file = g_strdup (file);
      c->password = json_object_has_member (info, "password")
                    ? g_strdup (member_string (info, "password")) : NULL;
      if (c->password == NULL && json_object_get_boolean_member_with_default (info, "encrypted", FALSE))
        c->password = NULL;
      if (expected != NULL && JSON_NODE_HOLDS_ARRAY (expected))
        c->expected = json_array_ref (json_node_get_array (expected));
      c->raw_count = json_object_get_int_member_with_default (info, "decoded_item_count", -1);
      c->must_fail = decode_error != NULL && !JSON_NODE_HOLDS_NULL (decode_error);
      if (unchecked != NULL && JSON_NODE_HOLDS_ARRAY (unchecked))
        {
          JsonArray *list = json_node_get_array (unchecked);

          for (guint i = 0; i < json_array_get_length (list); i++)
            {
              const char *what = json_array_get_string_element (list, i);

              c->steam_unchecked |= strstr (what, "steam") != NULL;
              c->period_unchecked |= strstr (what, "period") != NULL;
            }
        }
      /* The sources disagree on Bitwarden's steam:// items (Aegis:
       * "Steam"/"Steam account", GNOME: item name/"Unknown account",
       * Stratum: "Steam"/item name): we follow Stratum; elsewhere only
       * the secret and parameters are compared. */
      if (strstr (file, "gnome_authenticator") != NULL && strstr (file, "bitwarden") != NULL)
        c->steam_unchecked = TRUE;
      if (g_str_has_suffix (file, ".2fas") && c->password != NULL && !c->must_fail)
        g_ptr_array_add (twofas_encrypted, c);
      test_path = g_strdup_printf ("/interop/%s/%s", section, file);
      g_test_add_data_func (test_path, c, test_file);
    }
}

static void
test_qr_batches (void)
{
  g_autofree char *path = g_build_filename (interop_dir, "derived_qr", "scito_Exported-QR-codes.png", NULL);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (interop_dir, "derived_qr", NULL);
  const char *paths[6] = { NULL };
  g_autofree char *p[5] = { NULL };

  /* One screenshot holding two QR codes: both batches, 20 accounts. */
  result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_QR_IMAGE);
  g_assert_cmpuint (result->entries->len, ==, 20);
  g_assert_cmpuint (result->warnings->len, ==, 0);
  g_clear_pointer (&result, sk_import_result_free);

  /* Five single-batch exports read together. */
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("scito_example_export_%u.png", i + 1);

      p[i] = g_build_filename (dir, name, NULL);
      paths[i] = p[i];
    }
  result = sk_import_files (paths, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->entries->len, ==, 6);
  g_assert_cmpuint (result->warnings->len, ==, 0);
}

static void
test_qr_rejected (void)
{
  g_autofree char *no_otp = g_build_filename (interop_dir, "scito_extract_otp_secrets", "tests",
                                              "data", "qr_but_without_otp.png", NULL);
  g_autofree char *fake = g_build_filename (interop_dir, "scito_extract_otp_secrets", "tests",
                                            "data", "text_masquerading_as_image.jpeg", NULL);
  g_autoptr(GError) error = NULL;
  SkImportResult *result;

  result = sk_import_file (no_otp, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_null (result);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES);
  g_clear_error (&error);

  result = sk_import_file (fake, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
}

static void
test_wrong_passwords (void)
{
  static const char *files[] = {
    "aegis/com/beemdevelopment/aegis/importers/aegis_encrypted.json",
    "aegis/com/beemdevelopment/aegis/importers/2fas_authenticator_encrypted.2fas",
    "aegis/com/beemdevelopment/aegis/importers/andotp_encrypted.bin",
    "aegis/com/beemdevelopment/aegis/importers/stratum_encrypted.bin",
    "aegis/com/beemdevelopment/aegis/importers/stratum_encrypted_legacy.bin",
    "protonpass_proton_authenticator/proton-authenticator/test_data/authenticator/ente/encrypted.lowcomplexity.txt",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (interop_dir, files[i], NULL);
      g_autoptr(GError) error = NULL;
      SkImportResult *result = sk_import_file (path, "not the password", SK_IMPORT_FORMAT_AUTO, &error);

      g_assert_null (result);
      g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
    }
}

/* Stratum backups keep the pictures users made ("CustomIcons"); the
 * built-in ones are only names. */
static void
test_stratum_custom_icon (void)
{
  g_autofree char *path = g_build_filename (interop_dir, "stratum_authenticatorpro", "Stratum.Test",
                                            "data", "backup.unencrypted.authpro", NULL);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint with_icon = 0;

  result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      GBytes *icon = sk_account_get_icon (entry->account);

      g_assert_null (entry->warning);
      if (icon == NULL)
        continue;
      with_icon++;
      g_assert_cmpstr (sk_account_get_issuer (entry->account), ==, "HOTP example");
      g_assert_cmpstr (sk_account_get_icon_mime_type (entry->account), ==, "image/png");
      g_assert_cmpuint (g_bytes_get_size (icon), >, 1000);
    }
  g_assert_cmpuint (with_icon, ==, 1);
}

/* Aegis entries with pictures, also inside an encrypted file (SVG ones
 * there), come in with the exact bytes. */
static void
test_aegis_icons (void)
{
  g_autofree char *plain = g_build_filename (interop_dir, "stratum_authenticatorpro", "Stratum.Test",
                                             "data", "aegis.unencrypted.json", NULL);
  g_autofree char *encrypted = g_build_filename (interop_dir, "stratum_authenticatorpro", "Stratum.Test",
                                                 "data", "aegis.encrypted.json", NULL);
  g_autoptr(SkImportResult) a = NULL;
  g_autoptr(SkImportResult) b = NULL;
  g_autoptr(GError) error = NULL;
  guint n_svg = 0;

  a = sk_import_file (plain, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  b = sk_import_file (encrypted, "test", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->entries->len, ==, b->entries->len);
  for (guint i = 0; i < b->entries->len; i++)
    {
      SkAccount *pa = ((SkImportEntry *) g_ptr_array_index (a->entries, i))->account;
      SkAccount *pb = ((SkImportEntry *) g_ptr_array_index (b->entries, i))->account;

      g_assert_nonnull (sk_account_get_icon (pb));
      if (g_strcmp0 (sk_account_get_icon_mime_type (pb), "image/svg+xml") == 0)
        n_svg++;
      /* The PNG one is the same picture in both files. */
      if (sk_account_get_icon (pa) != NULL)
        {
          g_assert_cmpstr (sk_account_get_name (pa), ==, "Username");
          g_assert_true (g_bytes_equal (sk_account_get_icon (pa), sk_account_get_icon (pb)));
        }
    }
  g_assert_cmpuint (n_svg, ==, b->entries->len - 1);
}

/* What a JSON member holds, to compare files without their values. */
static const char *
node_kind (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      return g_type_name (json_node_get_value_type (node));
    }
}

/* name -> "kind kind ..." of every member of @obj, added to @kinds. */
static void
add_kinds (GHashTable *kinds,
           JsonObject *obj)
{
  g_autoptr(GList) names = json_object_get_members (obj);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *kind = node_kind (json_object_get_member (obj, l->data));
      const char *had = g_hash_table_lookup (kinds, l->data);

      if (had == NULL)
        g_hash_table_insert (kinds, g_strdup (l->data), g_strdup (kind));
      else if (strstr (had, kind) == NULL)
        g_hash_table_insert (kinds, g_strdup (l->data), g_strconcat (had, " ", kind, NULL));
    }
}

/* Every member of @obj is one 2FAS writes, with a kind 2FAS gives it. */
static void
assert_kinds_known (GHashTable *kinds,
                    JsonObject *obj,
                    const char *where)
{
  g_autoptr(GList) names = json_object_get_members (obj);

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *known = g_hash_table_lookup (kinds, l->data);
      const char *kind = node_kind (json_object_get_member (obj, l->data));

      if (known == NULL || strstr (known, kind) == NULL)
        g_error ("%s: member “%s” (%s) is not in the 2FAS files (%s)", where,
                 (const char *) l->data, kind, known != NULL ? known : "absent");
    }
}

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_node_copy (json_parser_get_root (parser));
}

static gsize
field_part_size (const char *field,
                 guint       part)
{
  g_autoptr(GBytes) sealed = NULL, salt = NULL, iv = NULL;
  GBytes *parts[3];

  sk_test_split_twofas_field (field, &sealed, &salt, &iv);
  parts[0] = sealed;
  parts[1] = salt;
  parts[2] = iv;
  return g_bytes_get_size (parts[part]);
}

static void
assert_same_salt (JsonObject *obj,
                  const char *where)
{
  g_auto(GStrv) a = g_strsplit (json_object_get_string_member (obj, "servicesEncrypted"), ":", -1);
  g_auto(GStrv) b = g_strsplit (json_object_get_string_member (obj, "reference"), ":", -1);

  if (g_strcmp0 (a[1], b[1]) != 0 || g_strcmp0 (a[2], b[2]) == 0)
    g_error ("%s: the two fields should share the salt and not the IV", where);
}

/* Our encrypted 2FAS export next to every encrypted file 2FAS wrote: the
 * same top-level members (in 2FAS' order for schema 4) with the same
 * kinds of values, the same field layout (salt, IV and reference sizes,
 * one salt and two IVs), the same reference text once decrypted, and only
 * service, otp, order and group members that 2FAS writes itself. */
static void
test_twofas_export_layout (void)
{
  static const char *uris[] = {
    "otpauth://totp/SPDX:James?secret=5OM4WOOGPLQEF6UGN3CPEOOLWU&issuer=SPDX&algorithm=SHA256&digits=7&period=20",
    "otpauth://hotp/Air%20Canada:Benjamin?secret=KUVJJOM753IHTNDSZVCNKL7GII&issuer=Air%20Canada&algorithm=SHA512&digits=8&counter=10",
    "otpauth://steam/Boeing:Sophia?secret=JRZCL47CMXVOQMNPZR2F7J4RGI&issuer=Boeing",
    "otpauth://totp/solo?secret=JBSWY3DPEHPK3PXP",
  };
  const char *password = "互通 interop";
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkSecret) data = NULL;
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonNode) our_services = NULL;
  g_autoptr(GHashTable) top_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) service_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) otp_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) order_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) group_kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *our_reference = NULL;
  g_autofree char *our_text = NULL;
  JsonObject *obj;
  JsonArray *list;
  guint n_v4 = 0;

  for (guint i = 0; i < G_N_ELEMENTS (uris); i++)
    {
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uris[i], &error);

      g_assert_no_error (error);
      if (i == 0)
        {
          const char *tags[] = { "Work", NULL };

          sk_account_set_tags (account, tags);
        }
      sk_vault_add_account (vault, account);
    }
  data = sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, password, NULL, &error);
  g_assert_no_error (error);
  ours = json_from_string (sk_secret_get_string (data), &error);
  g_assert_no_error (error);
  obj = json_node_get_object (ours);
  assert_same_salt (obj, "our export");
  our_reference = sk_test_open_twofas_field (json_object_get_string_member (obj, "reference"), password);
  our_text = sk_test_open_twofas_field (json_object_get_string_member (obj, "servicesEncrypted"), password);
  g_assert_nonnull (our_reference);
  g_assert_nonnull (our_text);
  our_services = json_from_string (our_text, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (twofas_encrypted->len, >=, 1);
  for (guint i = 0; i < twofas_encrypted->len; i++)
    {
      Case *c = g_ptr_array_index (twofas_encrypted, i);
      g_autofree char *path = g_build_filename (interop_dir, c->file, NULL);
      g_autoptr(JsonNode) theirs = load_json (path);
      g_autoptr(JsonNode) services = NULL;
      g_autofree char *reference = NULL;
      g_autofree char *text = NULL;
      JsonObject *t = json_node_get_object (theirs);
      g_autoptr(GList) their_names = json_object_get_members (t);
      g_autoptr(GList) our_names = json_object_get_members (obj);
      const char *field;

      g_test_message ("%s", c->file);
      /* The same members; for the schema we write, in the same order. */
      g_assert_cmpuint (g_list_length (their_names), ==, g_list_length (our_names));
      for (GList *l = their_names, *m = our_names; l != NULL; l = l->next, m = m->next)
        {
          if (json_object_get_int_member (t, "schemaVersion") == 4)
            g_assert_cmpstr (l->data, ==, m->data);
          g_assert_true (json_object_has_member (obj, l->data));
          g_assert_cmpstr (node_kind (json_object_get_member (obj, l->data)), ==,
                           node_kind (json_object_get_member (t, l->data)));
        }
      n_v4 += json_object_get_int_member (t, "schemaVersion") == 4;
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (t, "services")), ==, 0);
      add_kinds (top_kinds, t);

      /* The field layout. */
      assert_same_salt (t, c->file);
      for (guint part = 1; part < 3; part++)
        {
          g_assert_cmpuint (field_part_size (json_object_get_string_member (obj, "servicesEncrypted"), part), ==,
                            field_part_size (json_object_get_string_member (t, "servicesEncrypted"), part));
          g_assert_cmpuint (field_part_size (json_object_get_string_member (obj, "reference"), part), ==,
                            field_part_size (json_object_get_string_member (t, "reference"), part));
        }
      g_assert_cmpuint (field_part_size (json_object_get_string_member (obj, "reference"), 0), ==,
                        field_part_size (json_object_get_string_member (t, "reference"), 0));

      /* The same check text, and what their services hold. */
      field = json_object_get_string_member (t, "reference");
      reference = sk_test_open_twofas_field (field, c->password);
      g_assert_nonnull (reference);
      g_assert_cmpstr (reference, ==, our_reference);
      text = sk_test_open_twofas_field (json_object_get_string_member (t, "servicesEncrypted"), c->password);
      g_assert_nonnull (text);
      services = json_from_string (text, &error);
      g_assert_no_error (error);
      list = json_node_get_array (services);
      for (guint k = 0; k < json_array_get_length (list); k++)
        {
          JsonObject *service = json_array_get_object_element (list, k);

          add_kinds (service_kinds, service);
          if (json_object_has_member (service, "otp"))
            add_kinds (otp_kinds, json_object_get_object_member (service, "otp"));
          if (json_object_has_member (service, "order"))
            add_kinds (order_kinds, json_object_get_object_member (service, "order"));
        }
      list = json_object_get_array_member (t, "groups");
      for (guint k = 0; k < json_array_get_length (list); k++)
        add_kinds (group_kinds, json_array_get_object_element (list, k));
    }
  g_assert_cmpuint (n_v4, >=, 1);

  assert_kinds_known (top_kinds, obj, "our file");
  list = json_node_get_array (our_services);
  g_assert_cmpuint (json_array_get_length (list), ==, G_N_ELEMENTS (uris));
  for (guint k = 0; k < json_array_get_length (list); k++)
    {
      JsonObject *service = json_array_get_object_element (list, k);

      assert_kinds_known (service_kinds, service, "our service");
      assert_kinds_known (otp_kinds, json_object_get_object_member (service, "otp"), "our otp");
      assert_kinds_known (order_kinds, json_object_get_object_member (service, "order"), "our order");
    }
  list = json_object_get_array_member (obj, "groups");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  if (g_hash_table_size (group_kinds) > 0)
    assert_kinds_known (group_kinds, json_array_get_object_element (list, 0), "our group");
  else
    g_test_message ("no 2FAS file with a group to compare ours with");
}

static void
skip_no_shared (void)
{
  g_test_skip ("../shared/interop is absent");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *shared = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  shared = sk_test_shared_dir ();
  if (shared == NULL)
    {
      g_test_add_func ("/interop/skipped", skip_no_shared);
      return g_test_run ();
    }
  interop_dir = g_build_filename (shared, "interop", NULL);
  json_path = g_build_filename (interop_dir, "expected_entries.json", NULL);
  if (!json_parser_load_from_file (parser, json_path, &error))
    g_error ("%s: %s", json_path, error->message);
  root = json_node_get_object (json_parser_get_root (parser));

  twofas_encrypted = g_ptr_array_new ();
  add_cases (root, "aegis", "entries");
  add_cases (root, "stratum_authenticatorpro", "decoded_entries");
  add_cases (root, "protonpass_proton_authenticator", "decoded_entries");
  add_cases (root, "elliotwutingfeng_2fas_backup_decryptor", "decoded_entries");
  add_cases (root, "google_migration", "decoded_entries");
  add_cases (root, "gnome_authenticator", "decoded_entries");
  g_test_add_func ("/interop/qr/batches", test_qr_batches);
  g_test_add_func ("/interop/qr/rejected", test_qr_rejected);
  g_test_add_func ("/interop/wrong-passwords", test_wrong_passwords);
  g_test_add_func ("/interop/2fas-export-layout", test_twofas_export_layout);
  g_test_add_func ("/interop/icons/stratum-custom", test_stratum_custom_icon);
  g_test_add_func ("/interop/icons/aegis", test_aegis_icons);

  return g_test_run ();
}
