/* sk-export.c: writers: our encrypted backup, Aegis JSON and 2FAS
 * (encrypted and plain), otpauth:// lists, Google Authenticator migration
 * QR codes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "sk-import-private.h"
#include "sk-store-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-base32.h"
#include "sparekey/sk-migration.h"
#include "sparekey/sk-qr.h"

/* Aegis' own defaults for a password slot. */
#define AEGIS_SCRYPT_N 32768
#define AEGIS_SCRYPT_R 8
#define AEGIS_SCRYPT_P 1

static const struct {
  SkExportFormat format;
  const char    *name;
} export_formats[] = {
  { SK_EXPORT_FORMAT_SPAREKEY, "sparekey" },
  { SK_EXPORT_FORMAT_AEGIS, "aegis" },
  { SK_EXPORT_FORMAT_AEGIS_PLAIN, "aegis-plain" },
  { SK_EXPORT_FORMAT_TWOFAS, "2fas" },
  { SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, "2fas-encrypted" },
  { SK_EXPORT_FORMAT_OTPAUTH, "otpauth" },
  { SK_EXPORT_FORMAT_MIGRATION_QR, "migration-qr" },
};

const char *
sk_export_format_to_string (SkExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (export_formats[i].format == format)
      return export_formats[i].name;
  return NULL;
}

gboolean
sk_export_format_from_string (const char     *text,
                              SkExportFormat *format)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    if (g_ascii_strcasecmp (export_formats[i].name, text) == 0)
      {
        *format = export_formats[i].format;
        return TRUE;
      }
  if (g_ascii_strcasecmp (text, "google") == 0 || g_ascii_strcasecmp (text, "migration") == 0)
    return (*format = SK_EXPORT_FORMAT_MIGRATION_QR, TRUE);
  if (g_ascii_strcasecmp (text, "uri") == 0 || g_ascii_strcasecmp (text, "text") == 0)
    return (*format = SK_EXPORT_FORMAT_OTPAUTH, TRUE);
  return FALSE;
}

gboolean
sk_export_format_is_plaintext (SkExportFormat format)
{
  return format != SK_EXPORT_FORMAT_SPAREKEY && format != SK_EXPORT_FORMAT_AEGIS &&
         format != SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED;
}

const char *
sk_export_plaintext_warning (void)
{
  return _("This file will hold your secret keys unencrypted: anyone who gets a copy of it "
           "(a synced folder, a backup, a shared computer) can make your codes. Keep it "
           "offline and delete it once it has been imported.");
}

static char *
account_label (SkAccount *account)
{
  return g_strdup (sk_account_get_display_name (account));
}

/* Aegis stores an mOTP secret as the bytes its hex text stands for (and
 * hashes their lowercase hex): NULL when the text is not an even number
 * of hex digits. */
static SkSecret *
motp_secret_bytes (SkAccount *account)
{
  SkSecret *text = sk_account_get_secret (account);
  const guint8 *t = sk_secret_get_data (text);
  gsize n = sk_secret_get_size (text);
  SkSecret *out;
  guint8 *o;

  if (n == 0 || n % 2 != 0)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isxdigit (t[i]) || g_ascii_isupper (t[i]))
      return NULL;
  out = sk_secret_new (n / 2);
  o = sk_secret_get_mutable (out);
  for (gsize i = 0; i < n / 2; i++)
    o[i] = (guint8) ((g_ascii_xdigit_value (t[2 * i]) << 4) | g_ascii_xdigit_value (t[2 * i + 1]));
  return out;
}

static gboolean
supported (SkAccount       *account,
           SkExportFormat   format,
           GError         **error)
{
  /* Other authenticators hold code generators only: an account without
   * codes stays in Sparekey (and in its own backup). */
  if (format != SK_EXPORT_FORMAT_SPAREKEY && !sk_account_has_code (account))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("it has no authenticator codes; only Sparekey’s own backup keeps it"));
      return FALSE;
    }
  if (format == SK_EXPORT_FORMAT_MIGRATION_QR)
    {
      g_autoptr(SkOtpUri) uri = sk_account_to_otp_uri (account);

      if (sk_account_get_otp_type (account) == SK_OTP_STEAM)
        {
          g_set_error_literal (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                               _("Google Authenticator has no Steam codes"));
          return FALSE;
        }
      return sk_migration_entry_supported (uri, error);
    }
  if ((format == SK_EXPORT_FORMAT_TWOFAS || format == SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED) &&
      sk_otp_type_needs_pin (sk_account_get_otp_type (account)))
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                   _("2FAS has no %s codes"),
                   sk_account_get_otp_type (account) == SK_OTP_YANDEX ? "Yandex" : "mOTP");
      return FALSE;
    }
  if ((format == SK_EXPORT_FORMAT_AEGIS || format == SK_EXPORT_FORMAT_AEGIS_PLAIN) &&
      sk_account_get_otp_type (account) == SK_OTP_MOTP)
    {
      g_autoptr(SkSecret) bytes = motp_secret_bytes (account);

      if (bytes == NULL)
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                               _("Aegis keeps an mOTP secret as hexadecimal digits, and this one is not"));
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
sk_export_list_unsupported (SkVault        *vault,
                            SkExportFormat  format)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GListModel *accounts;

  g_return_val_if_fail (SK_IS_VAULT (vault), out);

  accounts = sk_vault_get_accounts (vault);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(GError) error = NULL;

      if (!supported (account, format, &error))
        {
          g_autofree char *label = account_label (account);

          g_ptr_array_add (out, g_strdup_printf ("%s: %s", label, error->message));
        }
    }
  return out;
}

guint
sk_export_count_without_codes (SkVault        *vault,
                               SkExportFormat  format)
{
  GListModel *accounts;
  guint n = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);

  if (format == SK_EXPORT_FORMAT_SPAREKEY)
    return 0;
  accounts = sk_vault_get_accounts (vault);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      if (!sk_account_has_code (account))
        n++;
    }
  return n;
}

/* JSON text to guarded memory; the heap copy is wiped. */
static SkSecret *
json_to_secret (JsonNode *root,
                gboolean  pretty)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize len = 0;
  SkSecret *out;

  json_generator_set_pretty (generator, pretty);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);
  out = sk_secret_new_from_data (text, len);
  sodium_memzero (text, len);
  g_free (text);
  return out;
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  char *out = g_malloc (len * 2 + 1);

  sodium_bin2hex (out, len * 2 + 1, data, len);
  return out;
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static SkSecret *
account_base32 (SkAccount *account)
{
  SkSecret *secret = sk_account_get_secret (account);

  if (sk_account_get_otp_type (account) == SK_OTP_MOTP)
    {
      g_autoptr(SkSecret) bytes = motp_secret_bytes (account);

      if (bytes != NULL)
        return sk_base32_encode (sk_secret_get_data (bytes), sk_secret_get_size (bytes));
    }
  return sk_base32_encode (sk_secret_get_data (secret), sk_secret_get_size (secret));
}

/* Tag name -> a stable random UUID for the groups of Aegis and 2FAS. */
static const char *
group_id (GHashTable *groups,
          const char *tag)
{
  const char *id = g_hash_table_lookup (groups, tag);

  if (id == NULL)
    {
      char *uuid = sk_uuid_new ();

      g_hash_table_insert (groups, g_strdup (tag), uuid);
      id = uuid;
    }
  return id;
}

/* Aegis ------------------------------------------------------------------- */

/* "icon" (base64, null without one), "icon_mime" and "icon_hash" as Aegis
 * writes them. Aegis' hash covers the MIME type and then the bytes
 * (VaultEntryIcon.generateHash), so a file Aegis wrote comes back with
 * the same hash. */
static void
add_aegis_icon (JsonBuilder *b,
                SkAccount   *account)
{
  GBytes *icon = sk_account_get_icon (account);
  const char *mime_type = sk_account_get_icon_mime_type (account);
  g_autoptr(GChecksum) checksum = NULL;
  g_autofree char *encoded = NULL;
  const guint8 *data;
  gsize size;

  json_builder_set_member_name (b, "icon");
  if (icon == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  data = g_bytes_get_data (icon, &size);
  encoded = g_base64_encode (data, size);
  json_builder_add_string_value (b, encoded);
  add_string (b, "icon_mime", mime_type);
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *) mime_type, strlen (mime_type));
  g_checksum_update (checksum, data, size);
  add_string (b, "icon_hash", g_checksum_get_string (checksum));
}

static JsonNode *
aegis_db (SkVault *vault)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) group_order = g_ptr_array_new ();
  GListModel *accounts = sk_vault_get_accounts (vault);

  json_builder_begin_object (b);
  add_int (b, "version", 3);
  json_builder_set_member_name (b, "entries");
  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(SkSecret) secret = NULL;
      const char * const *tags = sk_account_get_tags (account);
      SkOtpType type = sk_account_get_otp_type (account);
      const char *note = sk_account_get_note (account);

      if (!sk_account_has_code (account) || !supported (account, SK_EXPORT_FORMAT_AEGIS, NULL))
        continue;
      secret = account_base32 (account);
      json_builder_begin_object (b);
      add_string (b, "type", sk_otp_type_to_string (type));
      add_string (b, "uuid", sk_account_get_uuid (account));
      add_string (b, "name", sk_account_get_name (account));
      add_string (b, "issuer", sk_account_get_issuer (account));
      add_string (b, "note", note != NULL ? note : "");
      json_builder_set_member_name (b, "favorite");
      json_builder_add_boolean_value (b, sk_account_get_favourite (account));
      add_aegis_icon (b, account);
      json_builder_set_member_name (b, "info");
      json_builder_begin_object (b);
      add_string (b, "secret", sk_secret_get_string (secret));
      add_string (b, "algo", type == SK_OTP_MOTP ? "MD5"
                             : sk_otp_algorithm_to_string (sk_account_get_algorithm (account)));
      add_int (b, "digits", sk_account_get_digits (account));
      if (type == SK_OTP_HOTP)
        add_int (b, "counter", (gint64) sk_account_get_counter (account));
      else
        add_int (b, "period", sk_account_get_period (account));
      /* Aegis' YandexInfo and MotpInfo write the PIN as text. */
      if (sk_otp_type_needs_pin (type) && sk_account_get_pin (account) != NULL)
        add_string (b, "pin", sk_secret_get_string (sk_account_get_pin (account)));
      json_builder_end_object (b);
      json_builder_set_member_name (b, "groups");
      json_builder_begin_array (b);
      for (guint t = 0; tags != NULL && tags[t] != NULL; t++)
        {
          if (!g_hash_table_contains (groups, tags[t]))
            g_ptr_array_add (group_order, (gpointer) tags[t]);
          json_builder_add_string_value (b, group_id (groups, tags[t]));
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; i < group_order->len; i++)
    {
      const char *tag = g_ptr_array_index (group_order, i);

      json_builder_begin_object (b);
      add_string (b, "uuid", g_hash_table_lookup (groups, tag));
      add_string (b, "name", tag);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static SkSecret *
export_aegis (SkVault     *vault,
              const char  *password,
              GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) db = aegis_db (vault);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(SkSecret) db_text = NULL;
  g_autoptr(SkSecret) master = NULL;
  g_autoptr(SkSecret) derived = NULL;
  g_autoptr(SkSecret) ciphertext = NULL;
  g_autofree char *slot_uuid = NULL;
  g_autofree char *hex = NULL;
  guint8 salt[32], key_nonce[12], key_tag[16], db_nonce[12], db_tag[16], wrapped[32];
  char *b64;

  json_builder_begin_object (b);
  add_int (b, "version", 1);
  json_builder_set_member_name (b, "header");
  json_builder_begin_object (b);
  if (password == NULL)
    {
      json_builder_set_member_name (b, "slots");
      json_builder_add_null_value (b);
      json_builder_set_member_name (b, "params");
      json_builder_add_null_value (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "db");
      json_builder_add_value (b, json_node_ref (db));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      return json_to_secret (root, TRUE);
    }

  /* A random master key encrypts the database; a password slot wraps it
   * with a key from scrypt. */
  master = sk_secret_new (32);
  derived = sk_secret_new (32);
  randombytes_buf (sk_secret_get_mutable (master), 32);
  randombytes_buf (salt, sizeof salt);
  randombytes_buf (key_nonce, sizeof key_nonce);
  randombytes_buf (db_nonce, sizeof db_nonce);
  if (!sk_crypto_scrypt (password, salt, sizeof salt, AEGIS_SCRYPT_N, AEGIS_SCRYPT_R,
                         AEGIS_SCRYPT_P, sk_secret_get_mutable (derived), 32) ||
      !sk_crypto_gcm_encrypt (sk_secret_get_data (derived), key_nonce, sizeof key_nonce,
                              sk_secret_get_data (master), 32, wrapped, key_tag))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                           _("the Aegis key could not be derived (OpenSSL failed)"));
      return NULL;
    }
  db_text = json_to_secret (db, FALSE);
  ciphertext = sk_secret_new (sk_secret_get_size (db_text));
  if (!sk_crypto_gcm_encrypt (sk_secret_get_data (master), db_nonce, sizeof db_nonce,
                              sk_secret_get_data (db_text), sk_secret_get_size (db_text),
                              sk_secret_get_mutable (ciphertext), db_tag))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                           _("the Aegis database could not be encrypted (OpenSSL failed)"));
      return NULL;
    }

  slot_uuid = sk_uuid_new ();
  json_builder_set_member_name (b, "slots");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  add_int (b, "type", 1);
  add_string (b, "uuid", slot_uuid);
  hex = hex_encode (wrapped, sizeof wrapped);
  add_string (b, "key", hex);
  g_free (hex);
  json_builder_set_member_name (b, "key_params");
  json_builder_begin_object (b);
  hex = hex_encode (key_nonce, sizeof key_nonce);
  add_string (b, "nonce", hex);
  g_free (hex);
  hex = hex_encode (key_tag, sizeof key_tag);
  add_string (b, "tag", hex);
  g_free (hex);
  json_builder_end_object (b);
  add_int (b, "n", AEGIS_SCRYPT_N);
  add_int (b, "r", AEGIS_SCRYPT_R);
  add_int (b, "p", AEGIS_SCRYPT_P);
  hex = hex_encode (salt, sizeof salt);
  add_string (b, "salt", hex);
  g_clear_pointer (&hex, g_free);
  json_builder_set_member_name (b, "repaired");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "is_backup");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  hex = hex_encode (db_nonce, sizeof db_nonce);
  add_string (b, "nonce", hex);
  g_free (hex);
  hex = hex_encode (db_tag, sizeof db_tag);
  add_string (b, "tag", hex);
  g_clear_pointer (&hex, g_free);
  json_builder_end_object (b);
  json_builder_end_object (b);
  b64 = g_base64_encode (sk_secret_get_data (ciphertext), sk_secret_get_size (ciphertext));
  add_string (b, "db", b64);
  g_free (b64);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sodium_memzero (wrapped, sizeof wrapped);
  return json_to_secret (root, TRUE);
}

/* 2FAS -------------------------------------------------------------------- */

/* What 2FAS' own backup cipher uses (and the files it writes show): a
 * 256-byte salt, PBKDF2-HMAC-SHA256 with 10 000 iterations to a 256-bit
 * key, AES-256-GCM with a 12-byte IV and a 16-byte tag. */
#define TWOFAS_SALT_SIZE   256
#define TWOFAS_ITERATIONS  10000
#define TWOFAS_IV_SIZE     12
#define TWOFAS_TAG_SIZE    16

/* The fixed text 2FAS encrypts with the same key into "reference": 2FAS
 * takes a file as encrypted only when "reference" is there, and checks
 * the password by decrypting it. A format constant, not a secret. */
static const char twofas_reference[] =
  "tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6m"
  "tsy92R3HkdGfwuXbzLebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidX"
  "QCBnDlGfmz0f1BQySRkkt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd";

/* The list of services, the same in a plain file and, encrypted, in an
 * encrypted one; fills @groups (tag -> id) and @group_order. */
static JsonNode *
twofas_services (SkVault    *vault,
                 GHashTable *groups,
                 GPtrArray  *group_order)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  GListModel *accounts = sk_vault_get_accounts (vault);

  json_builder_begin_array (b);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(SkSecret) secret = NULL;
      const char * const *tags = sk_account_get_tags (account);
      SkOtpType type = sk_account_get_otp_type (account);
      const char *issuer = sk_account_get_issuer (account);
      const char *name = sk_account_get_name (account);

      if (!sk_account_has_code (account) || !supported (account, SK_EXPORT_FORMAT_TWOFAS, NULL))
        continue;
      secret = account_base32 (account);
      json_builder_begin_object (b);
      add_string (b, "name", *issuer != '\0' ? issuer : name);
      add_string (b, "secret", sk_secret_get_string (secret));
      add_int (b, "updatedAt", sk_account_get_updated (account) / 1000);
      json_builder_set_member_name (b, "otp");
      json_builder_begin_object (b);
      add_string (b, "label", name);
      add_string (b, "account", name);
      add_string (b, "issuer", issuer);
      add_int (b, "digits", sk_account_get_digits (account));
      if (type == SK_OTP_HOTP)
        add_int (b, "counter", (gint64) sk_account_get_counter (account));
      else
        add_int (b, "period", sk_account_get_period (account));
      add_string (b, "algorithm", sk_otp_algorithm_to_string (sk_account_get_algorithm (account)));
      add_string (b, "tokenType", type == SK_OTP_HOTP ? "HOTP" : type == SK_OTP_STEAM ? "STEAM" : "TOTP");
      add_string (b, "source", "Manual");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "order");
      json_builder_begin_object (b);
      add_int (b, "position", i);
      json_builder_end_object (b);
      if (tags != NULL && tags[0] != NULL)
        {
          /* 2FAS has one group per service: the first tag. */
          if (!g_hash_table_contains (groups, tags[0]))
            g_ptr_array_add (group_order, (gpointer) tags[0]);
          add_string (b, "groupId", group_id (groups, tags[0]));
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  return json_builder_get_root (b);
}

/* "base64(ciphertext+tag):base64(salt):base64(iv)", each field with an IV
 * of its own, as 2FAS writes "servicesEncrypted" and "reference". */
static char *
twofas_seal (const guint8 *key,
             const char   *salt_b64,
             const guint8 *plain,
             gsize         len)
{
  g_autofree guint8 *sealed = NULL;
  g_autofree char *sealed_b64 = NULL;
  g_autofree char *iv_b64 = NULL;
  guint8 iv[TWOFAS_IV_SIZE];

  if (len > G_MAXSIZE - TWOFAS_TAG_SIZE)
    return NULL;
  randombytes_buf (iv, sizeof iv);
  sealed = g_malloc (len + TWOFAS_TAG_SIZE);
  if (!sk_crypto_gcm_encrypt (key, iv, sizeof iv, plain, len, sealed, sealed + len))
    return NULL;
  sealed_b64 = g_base64_encode (sealed, len + TWOFAS_TAG_SIZE);
  iv_b64 = g_base64_encode (iv, sizeof iv);
  return g_strconcat (sealed_b64, ":", salt_b64, ":", iv_b64, NULL);
}

/* Encrypts the services the way 2FAS does: one random salt and key for
 * the file, an IV per field. FALSE with @error set if OpenSSL fails. */
static gboolean
twofas_encrypt (JsonNode    *services,
                const char  *password,
                char       **services_encrypted,
                char       **reference,
                GError     **error)
{
  g_autoptr(SkSecret) key = sk_secret_new (32);
  g_autoptr(SkSecret) text = NULL;
  g_autofree char *salt_b64 = NULL;
  guint8 salt[TWOFAS_SALT_SIZE];

  randombytes_buf (salt, sizeof salt);
  /* Java's PBEKeySpec hands PBKDF2 the password as UTF-8, as we do. */
  if (!sk_crypto_pbkdf2 ("SHA256", password, strlen (password), salt, sizeof salt,
                         TWOFAS_ITERATIONS, sk_secret_get_mutable (key), 32))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                           _("the 2FAS key could not be derived (OpenSSL failed)"));
      return FALSE;
    }
  salt_b64 = g_base64_encode (salt, sizeof salt);
  text = json_to_secret (services, FALSE);
  *services_encrypted = twofas_seal (sk_secret_get_data (key), salt_b64,
                                     sk_secret_get_data (text), sk_secret_get_size (text));
  *reference = twofas_seal (sk_secret_get_data (key), salt_b64,
                            (const guint8 *) twofas_reference, strlen (twofas_reference));
  if (*services_encrypted == NULL || *reference == NULL)
    {
      g_clear_pointer (services_encrypted, g_free);
      g_clear_pointer (reference, g_free);
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                           _("the 2FAS services could not be encrypted (OpenSSL failed)"));
      return FALSE;
    }
  return TRUE;
}

/* A .2fas file of schema 4, with the members in 2FAS' own order. With a
 * @password the services are encrypted and "services" is left empty, as
 * 2FAS does; the groups stay readable in both. */
static SkSecret *
export_twofas (SkVault     *vault,
               const char  *password,
               GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) services = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) group_order = g_ptr_array_new ();
  g_autofree char *services_encrypted = NULL;
  g_autofree char *reference = NULL;
  gint64 now = g_get_real_time () / 1000;

  services = twofas_services (vault, groups, group_order);
  if (password != NULL &&
      !twofas_encrypt (services, password, &services_encrypted, &reference, error))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "services");
  if (password != NULL)
    {
      json_builder_begin_array (b);
      json_builder_end_array (b);
    }
  else
    json_builder_add_value (b, json_node_ref (services));
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; i < group_order->len; i++)
    {
      const char *tag = g_ptr_array_index (group_order, i);

      json_builder_begin_object (b);
      add_string (b, "id", g_hash_table_lookup (groups, tag));
      add_string (b, "name", tag);
      json_builder_set_member_name (b, "isExpanded");
      json_builder_add_boolean_value (b, TRUE);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  add_int (b, "updatedAt", now);
  add_int (b, "schemaVersion", 4);
  add_int (b, "appVersionCode", 5000009);
  add_string (b, "appVersionName", "5.1.0");
  add_string (b, "appOrigin", "android");
  if (password != NULL)
    {
      add_string (b, "servicesEncrypted", services_encrypted);
      add_string (b, "reference", reference);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_secret (root, FALSE);
}

/* otpauth:// list ---------------------------------------------------------- */

static SkSecret *
export_otpauth (SkVault *vault)
{
  GListModel *accounts = sk_vault_get_accounts (vault);
  guint n = g_list_model_get_n_items (accounts);
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  gsize total = 0, pos = 0;
  SkSecret *out;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      SkSecret *uri;

      if (!sk_account_has_code (account))
        continue;
      uri = sk_account_dup_uri (account);
      total += sk_secret_get_size (uri) + 1;
      g_ptr_array_add (uris, uri);
    }
  out = sk_secret_new (total);
  for (guint i = 0; i < uris->len; i++)
    {
      SkSecret *uri = g_ptr_array_index (uris, i);

      memcpy (sk_secret_get_mutable (out) + pos, sk_secret_get_data (uri), sk_secret_get_size (uri));
      pos += sk_secret_get_size (uri);
      sk_secret_get_mutable (out)[pos++] = '\n';
    }
  return out;
}

/* Entry points ------------------------------------------------------------- */

SkSecret *
sk_export_data (SkVault           *vault,
                SkExportFormat     format,
                const char        *password,
                const SkKdfParams *kdf,
                GError           **error)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  switch (format)
    {
    case SK_EXPORT_FORMAT_SPAREKEY:
      {
        g_autoptr(GBytes) bytes = NULL;
        gsize size;
        const guint8 *data;

        if (password == NULL || *password == '\0')
          {
            g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                                 _("a backup needs a password"));
            return NULL;
          }
        bytes = sk_store_build_data (vault, password, kdf, error);
        if (bytes == NULL)
          return NULL;
        data = g_bytes_get_data (bytes, &size);
        return sk_secret_new_from_data (data, size);
      }
    case SK_EXPORT_FORMAT_AEGIS:
      if (password == NULL || *password == '\0')
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                               _("an encrypted Aegis export needs a password"));
          return NULL;
        }
      return export_aegis (vault, password, error);
    case SK_EXPORT_FORMAT_AEGIS_PLAIN:
      return export_aegis (vault, NULL, error);
    case SK_EXPORT_FORMAT_TWOFAS:
      return export_twofas (vault, NULL, error);
    case SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED:
      if (password == NULL || *password == '\0')
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                               _("an encrypted 2FAS export needs a password"));
          return NULL;
        }
      return export_twofas (vault, password, error);
    case SK_EXPORT_FORMAT_OTPAUTH:
      return export_otpauth (vault);
    case SK_EXPORT_FORMAT_MIGRATION_QR:
    default:
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("Google Authenticator QR codes are pictures: write them to files"));
      return NULL;
    }
}

static gboolean
write_private (const char    *path,
               const guint8  *data,
               gsize          size,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                   _("cannot write “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* "dir/name.png" -> "dir/name-3.png" */
static char *
numbered_path (const char *path,
               guint       n)
{
  const char *base = strrchr (path, '/');
  const char *dot = strrchr (base != NULL ? base : path, '.');

  if (dot == NULL || dot == base + 1 || dot == path)
    return g_strdup_printf ("%s-%u.png", path, n);
  return g_strdup_printf ("%.*s-%u%s", (int) (dot - path), path, n, dot);
}

static gboolean
export_migration_qr (SkVault     *vault,
                     const char  *path,
                     GPtrArray   *written,
                     GError     **error)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) texts = NULL;
  GListModel *accounts = sk_vault_get_accounts (vault);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      if (supported (account, SK_EXPORT_FORMAT_MIGRATION_QR, NULL))
        g_ptr_array_add (uris, sk_account_to_otp_uri (account));
    }
  texts = sk_migration_build (uris, 0);
  if (texts == NULL || texts->len == 0)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("no account can be carried by a Google Authenticator QR code (TOTP with a 30 s period or HOTP, 6 or 8 digits)"));
      return FALSE;
    }
  for (guint i = 0; i < texts->len; i++)
    {
      g_autoptr(SkQrCode) code = NULL;
      g_autofree char *file = texts->len == 1 ? g_strdup (path) : numbered_path (path, i + 1);
      g_autoptr(GError) local_error = NULL;

      code = sk_qr_encode (sk_secret_get_string (g_ptr_array_index (texts, i)), &local_error);
      if (code == NULL || !sk_qr_save_png (code, file, 0, &local_error))
        {
          g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_IO,
                       _("cannot write the QR code “%s”: %s"), file, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (written, g_steal_pointer (&file));
    }
  return TRUE;
}

gboolean
sk_export_file (SkVault           *vault,
                SkExportFormat     format,
                const char        *path,
                const char        *password,
                const SkKdfParams *kdf,
                gboolean           plaintext_confirmed,
                GPtrArray        **written,
                GError           **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkSecret) data = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (sk_export_format_is_plaintext (format) && !plaintext_confirmed)
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSAFE,
                   _("the %s export is not encrypted and was not confirmed: %s"),
                   sk_export_format_to_string (format), sk_export_plaintext_warning ());
      return FALSE;
    }

  if (format == SK_EXPORT_FORMAT_MIGRATION_QR)
    {
      if (!export_migration_qr (vault, path, paths, error))
        return FALSE;
    }
  else
    {
      data = sk_export_data (vault, format, password, kdf, error);
      if (data == NULL)
        return FALSE;
      if (!write_private (path, sk_secret_get_data (data), sk_secret_get_size (data), error))
        return FALSE;
      g_ptr_array_add (paths, g_strdup (path));
    }
  if (written != NULL)
    *written = g_steal_pointer (&paths);
  return TRUE;
}
