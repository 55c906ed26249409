/* sk-import.c: import entry points, format detection, text and QR
 * sources, our own backups, the preview (new / duplicate / invalid)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "sk-account-private.h"
#include "sk-import-private.h"
#include "sk-store-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-base32.h"
#include "sparekey/sk-migration.h"
#include "sparekey/sk-qr.h"

G_DEFINE_QUARK (sk-import-error-quark, sk_import_error)

/* Files larger than this are no export of an authenticator. */
#define MAX_IMPORT_SIZE (64 * 1024 * 1024)

typedef struct {
  /* batch_id -> Batch: which parts of a migration export were seen */
  GHashTable *batches;
} ResultPrivate;

typedef struct {
  guint  size;
  guint8 seen[64];
} Batch;

static const struct {
  SkImportFormat format;
  const char    *name;
  const char    *label;
} formats[] = {
  { SK_IMPORT_FORMAT_AUTO, "auto", N_("Detect automatically") },
  { SK_IMPORT_FORMAT_SPAREKEY, "sparekey", N_("Sparekey backup") },
  { SK_IMPORT_FORMAT_OTPAUTH, "otpauth", N_("List of otpauth:// links") },
  { SK_IMPORT_FORMAT_MIGRATION, "migration", N_("Google Authenticator export (otpauth-migration://)") },
  { SK_IMPORT_FORMAT_QR_IMAGE, "qr", N_("Pictures of QR codes") },
  { SK_IMPORT_FORMAT_AEGIS, "aegis", N_("Aegis") },
  { SK_IMPORT_FORMAT_TWOFAS, "2fas", N_("2FAS") },
  { SK_IMPORT_FORMAT_ANDOTP, "andotp", N_("andOTP") },
  { SK_IMPORT_FORMAT_FREEOTP_PLUS, "freeotp-plus", N_("FreeOTP+") },
  { SK_IMPORT_FORMAT_STRATUM, "stratum", N_("Stratum / Authenticator Pro") },
  { SK_IMPORT_FORMAT_BITWARDEN, "bitwarden", N_("Bitwarden") },
  { SK_IMPORT_FORMAT_PROTON, "proton", N_("Proton Authenticator") },
  { SK_IMPORT_FORMAT_ENTE, "ente", N_("Ente Auth") },
};

const char *
sk_import_format_to_string (SkImportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return formats[i].name;
  return "auto";
}

gboolean
sk_import_format_from_string (const char     *text,
                              SkImportFormat *format)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (formats[i].name, text) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  /* Common other spellings. */
  if (g_ascii_strcasecmp (text, "twofas") == 0)
    return (*format = SK_IMPORT_FORMAT_TWOFAS, TRUE);
  if (g_ascii_strcasecmp (text, "freeotp+") == 0 || g_ascii_strcasecmp (text, "freeotpplus") == 0)
    return (*format = SK_IMPORT_FORMAT_FREEOTP_PLUS, TRUE);
  if (g_ascii_strcasecmp (text, "authenticatorpro") == 0 || g_ascii_strcasecmp (text, "authpro") == 0)
    return (*format = SK_IMPORT_FORMAT_STRATUM, TRUE);
  if (g_ascii_strcasecmp (text, "google") == 0)
    return (*format = SK_IMPORT_FORMAT_MIGRATION, TRUE);
  if (g_ascii_strcasecmp (text, "uri") == 0 || g_ascii_strcasecmp (text, "text") == 0)
    return (*format = SK_IMPORT_FORMAT_OTPAUTH, TRUE);
  return FALSE;
}

const char *
sk_import_format_get_label (SkImportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return _(formats[i].label);
  return "";
}

/* Results ------------------------------------------------------------------ */

static void
import_entry_free (SkImportEntry *entry)
{
  g_clear_object (&entry->account);
  g_free (entry->duplicate_of);
  g_free (entry->warning);
  g_free (entry);
}

static void
import_invalid_free (SkImportInvalid *invalid)
{
  g_free (invalid->label);
  g_free (invalid->reason);
  g_free (invalid);
}

SkImportResult *
sk_import_result_new (SkImportFormat format)
{
  SkImportResult *result = g_new0 (SkImportResult, 1);
  ResultPrivate *priv = g_new0 (ResultPrivate, 1);

  result->format = format;
  result->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) import_entry_free);
  result->invalid = g_ptr_array_new_with_free_func ((GDestroyNotify) import_invalid_free);
  result->warnings = g_ptr_array_new_with_free_func (g_free);
  priv->batches = g_hash_table_new_full (g_int_hash, g_int_equal, g_free, g_free);
  result->priv = priv;
  return result;
}

void
sk_import_result_free (SkImportResult *result)
{
  ResultPrivate *priv;

  if (result == NULL)
    return;
  priv = result->priv;
  g_clear_pointer (&priv->batches, g_hash_table_unref);
  g_free (priv);
  g_ptr_array_unref (result->entries);
  g_ptr_array_unref (result->invalid);
  g_ptr_array_unref (result->warnings);
  g_clear_object (&result->vault);
  g_free (result);
}

void
sk_import_add_invalid (SkImportResult *result,
                       const char     *label,
                       const char     *reason)
{
  SkImportInvalid *invalid = g_new0 (SkImportInvalid, 1);

  invalid->label = g_strdup (label);
  invalid->reason = g_strdup (reason);
  g_ptr_array_add (result->invalid, invalid);
}

static SkImportEntry *
add_account (SkImportResult *result,
             SkAccount      *account)
{
  SkImportEntry *entry = g_new0 (SkImportEntry, 1);

  entry->account = account;
  entry->status = SK_IMPORT_ENTRY_NEW;
  g_ptr_array_add (result->entries, entry);
  return entry;
}

/* A picture that cannot be used never costs the account: it is imported
 * without it, and the preview says why. */
static void
set_candidate_icon (SkImportEntry           *entry,
                    const SkImportCandidate *c)
{
  g_autoptr(GError) error = NULL;
  const char *type = c->icon_mime_type;

  if (c->icon_error != NULL)
    {
      entry->warning = g_strdup_printf (_("%s; the account is imported without it"), c->icon_error);
      return;
    }
  if (c->icon == NULL)
    return;
  if (type == NULL || *type == '\0')
    type = sk_account_icon_sniff (c->icon);
  if (!sk_account_set_icon (entry->account, c->icon, type, &error))
    /* Translators: %s says what is wrong with an account's icon, e.g.
     * "The icon is too large (300000 bytes; at most 262144 bytes)". */
    entry->warning = g_strdup_printf (_("%s; the account is imported without it"), error->message);
}

void
sk_import_candidate_init (SkImportCandidate *candidate,
                          SkOtpType          type)
{
  memset (candidate, 0, sizeof *candidate);
  sk_otp_params_init (&candidate->params, type);
}

static char *
candidate_label (const SkImportCandidate *c,
                 const char              *label)
{
  gboolean has_issuer = c->issuer != NULL && *c->issuer != '\0';
  gboolean has_name = c->name != NULL && *c->name != '\0';

  if (has_issuer && has_name)
    return g_strdup_printf ("%s (%s: %s)", label, c->issuer, c->name);
  if (has_issuer || has_name)
    return g_strdup_printf ("%s (%s)", label, has_issuer ? c->issuer : c->name);
  return g_strdup (label);
}

void
sk_import_add_candidate (SkImportResult          *result,
                         const SkImportCandidate *c,
                         const char              *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) decoded = NULL;
  g_autoptr(SkSecret) pin = NULL;
  g_autoptr(SkSecret) yandex_key = NULL;
  g_autofree char *where = candidate_label (c, label);
  SkOtpParams params = c->params;
  SkSecret *secret = c->secret;
  SkAccount *account;

  if (params.type == SK_OTP_STEAM)
    params.digits = SK_OTP_STEAM_DIGITS;

  if (secret == NULL)
    {
      if (c->secret_base32 == NULL || *c->secret_base32 == '\0')
        {
          sk_import_add_invalid (result, where, _("the secret key is missing"));
          return;
        }
      decoded = sk_base32_decode (c->secret_base32, &error);
      if (decoded == NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("the secret key is not valid base32: %s"),
                                                     error->message);
          sk_import_add_invalid (result, where, reason);
          return;
        }
      secret = decoded;
    }
  if (sk_secret_get_size (secret) == 0)
    {
      sk_import_add_invalid (result, where, _("the secret key is empty"));
      return;
    }
  if (!sk_otp_params_validate (&params, &error))
    {
      sk_import_add_invalid (result, where, error->message);
      return;
    }
  if (sk_otp_type_needs_pin (params.type))
    {
      if (c->pin == NULL || *c->pin == '\0')
        {
          sk_import_add_invalid (result, where, _("the PIN is missing (Yandex and mOTP codes need it)"));
          return;
        }
      if (strlen (c->pin) > SK_OTP_PIN_MAX)
        {
          sk_import_add_invalid (result, where, _("the PIN is too long"));
          return;
        }
      pin = sk_secret_new_from_data (c->pin, strlen (c->pin));
    }
  if (params.type == SK_OTP_YANDEX)
    {
      yandex_key = sk_otp_yandex_key (sk_secret_get_data (secret), sk_secret_get_size (secret), &error);
      if (yandex_key == NULL)
        {
          sk_import_add_invalid (result, where, error->message);
          return;
        }
      secret = yandex_key;
    }

  account = sk_account_new (params.type);
  sk_account_set_algorithm (account, params.algorithm);
  sk_account_set_digits (account, params.digits);
  if (params.type == SK_OTP_HOTP)
    sk_account_set_counter (account, params.counter);
  else
    sk_account_set_period (account, params.period);
  sk_account_set_issuer (account, c->issuer != NULL ? c->issuer : "");
  sk_account_set_name (account, c->name != NULL ? c->name : "");
  sk_account_set_secret (account, secret);
  sk_account_set_pin (account, pin);
  if (c->note != NULL && *c->note != '\0')
    sk_account_set_note (account, c->note);
  if (c->tags != NULL && c->tags[0] != NULL)
    sk_account_set_tags (account, c->tags);
  sk_account_set_favourite (account, c->favourite);
  set_candidate_icon (add_account (result, account), c);
}

/* Drops query parameters whose value is empty or the word "null" (Ente
 * writes "period=null"): they mean "not set". */
static char *
clean_uri (const char *uri)
{
  const char *query = strchr (uri, '?');
  g_auto(GStrv) params = NULL;
  GString *out;

  if (query == NULL)
    return g_strdup (uri);

  out = g_string_new_len (uri, query - uri + 1);
  params = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; params[i] != NULL; i++)
    {
      const char *eq = strchr (params[i], '=');

      if (params[i][0] == '\0')
        continue;
      if (eq != NULL && (eq[1] == '\0' || g_ascii_strcasecmp (eq + 1, "null") == 0))
        continue;
      if (out->str[out->len - 1] != '?')
        g_string_append_c (out, '&');
      g_string_append (out, params[i]);
    }
  for (guint i = 0; params[i] != NULL; i++)
    sodium_memzero (params[i], strlen (params[i]));
  if (out->str[out->len - 1] == '?')
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

SkAccount *
sk_import_add_uri (SkImportResult *result,
                   const char     *uri,
                   const char     *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkOtpUri) parsed = NULL;
  char *clean = clean_uri (uri);
  SkAccount *account;

  parsed = sk_otp_uri_parse (clean, &error);
  sk_wipe_string (clean);
  if (parsed == NULL)
    {
      sk_import_add_invalid (result, label, error->message);
      return NULL;
    }
  if (parsed->params.type == SK_OTP_STEAM)
    parsed->params.digits = SK_OTP_STEAM_DIGITS;
  if (!sk_otp_params_validate (&parsed->params, &error))
    {
      sk_import_add_invalid (result, label, error->message);
      return NULL;
    }
  if (parsed->secret == NULL || sk_secret_get_size (parsed->secret) == 0)
    {
      sk_import_add_invalid (result, label, _("the secret key is missing"));
      return NULL;
    }
  if (sk_otp_type_needs_pin (parsed->params.type) && parsed->pin == NULL)
    {
      sk_import_add_invalid (result, label, _("the PIN is missing (Yandex and mOTP codes need it)"));
      return NULL;
    }
  account = sk_account_new_from_otp_uri (parsed);
  if (account == NULL)
    {
      sk_import_add_invalid (result, label, _("the link cannot be used"));
      return NULL;
    }
  add_account (result, account);
  return account;
}

static void
note_batch (SkImportResult   *result,
            SkMigrationBatch *batch)
{
  ResultPrivate *priv = result->priv;
  Batch *b;

  if (batch->batch_size <= 1)
    return;
  b = g_hash_table_lookup (priv->batches, &batch->batch_id);
  if (b == NULL)
    {
      b = g_new0 (Batch, 1);
      b->size = MIN (batch->batch_size, G_N_ELEMENTS (b->seen));
      g_hash_table_insert (priv->batches, g_memdup2 (&batch->batch_id, sizeof (gint)), b);
    }
  if (batch->batch_index < G_N_ELEMENTS (b->seen))
    b->seen[batch->batch_index] = TRUE;
}

static void
add_migration (SkImportResult *result,
               const char     *uri,
               const char     *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkMigrationBatch) batch = sk_migration_parse (uri, &error);

  if (batch == NULL)
    {
      sk_import_add_invalid (result, label, error->message);
      return;
    }
  note_batch (result, batch);
  for (guint i = 0; i < batch->entries->len; i++)
    {
      SkOtpUri *entry = g_ptr_array_index (batch->entries, i);
      SkAccount *account = sk_account_new_from_otp_uri (entry);

      if (account == NULL)
        {
          g_autofree char *where = g_strdup_printf (_("%s, account %u"), label, i + 1);
          sk_import_add_invalid (result, where, _("the account cannot be used"));
          continue;
        }
      add_account (result, account);
    }
  for (guint i = 0; i < batch->skipped->len; i++)
    sk_import_add_invalid (result, label, g_ptr_array_index (batch->skipped, i));
}

static gboolean
starts_with_ci (const char *text,
                const char *prefix)
{
  return g_ascii_strncasecmp (text, prefix, strlen (prefix)) == 0;
}

/* One line or QR text: an otpauth:// or otpauth-migration:// URI. */
static gboolean
add_uri_text (SkImportResult *result,
              const char     *text,
              const char     *label)
{
  if (sk_migration_is_uri (text))
    {
      if (result->format == SK_IMPORT_FORMAT_OTPAUTH)
        result->format = SK_IMPORT_FORMAT_MIGRATION;
      add_migration (result, text, label);
      return TRUE;
    }
  if (starts_with_ci (text, "otpauth://") || starts_with_ci (text, "motp://"))
    {
      sk_import_add_uri (result, text, label);
      return TRUE;
    }
  return FALSE;
}

guint
sk_import_add_text (SkImportResult *result,
                    const char     *text,
                    gsize           length)
{
  g_autofree char *copy = g_strndup (text, length);
  g_auto(GStrv) lines = g_strsplit_set (copy, "\r\n", -1);
  guint n_uris = 0;

  sodium_memzero (copy, length);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      g_autofree char *label = NULL;

      if (*line == '\0' || *line == '#')
        continue;
      label = g_strdup_printf (_("line %u"), i + 1);
      if (add_uri_text (result, line, label))
        n_uris++;
      else
        sk_import_add_invalid (result, label, _("not an otpauth:// link"));
    }
  for (guint i = 0; lines[i] != NULL; i++)
    sodium_memzero (lines[i], strlen (lines[i]));
  return n_uris;
}

/* Sources ------------------------------------------------------------------ */

static gboolean
is_image (const guint8 *data,
          gsize         size)
{
  return (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0) ||
         (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0) ||
         (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0)) ||
         (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0) ||
         (size >= 2 && memcmp (data, "BM", 2) == 0) ||
         (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0));
}

static gboolean
read_images (SkImportResult *result,
             const guint8   *data,
             gsize           size,
             GError        **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) local_error = NULL;
  guint before = result->entries->len + result->invalid->len;

  texts = sk_qr_decode_bytes (bytes, &local_error);
  if (texts == NULL)
    {
      if (g_error_matches (local_error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND))
        g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES,
                             _("there is no QR code in the picture"));
      else
        g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
                     _("the picture cannot be read: %s"), local_error->message);
      return FALSE;
    }
  for (guint i = 0; i < texts->len; i++)
    {
      SkSecret *text = g_ptr_array_index (texts, i);
      g_autofree char *label = g_strdup_printf (_("QR code %u"), i + 1);

      if (!add_uri_text (result, sk_secret_get_string (text), label))
        sk_import_add_invalid (result, label,
                               _("the QR code holds no otpauth:// or otpauth-migration:// link"));
    }
  return result->entries->len + result->invalid->len > before;
}

/* A copy of a vault account to import into another vault (new UUID). */
static SkAccount *
copy_account (SkAccount *source)
{
  SkAccountRecord record = { 0 };
  const char * const *keys = NULL;
  const char * const *values = NULL;
  g_autofree char **keys_z = NULL;
  g_autofree char **values_z = NULL;
  guint n;

  g_autofree char *uuid = sk_uuid_new ();

  record.uuid = uuid;
  record.type = sk_account_get_otp_type (source);
  record.algorithm = sk_account_get_algorithm (source);
  record.digits = sk_account_get_digits (source);
  record.period = sk_account_get_period (source);
  record.counter = sk_account_get_counter (source);
  record.issuer = sk_account_get_issuer (source);
  record.name = sk_account_get_name (source);
  record.tags = sk_account_get_tags (source);
  record.note = sk_account_get_note (source);
  record.favourite = sk_account_get_favourite (source);
  record.created = sk_account_get_created (source);
  record.updated = sk_account_get_updated (source);
  record.last_used = sk_account_get_last_used (source);
  record.secret = sk_account_get_secret (source);
  record.pin = sk_account_get_pin (source);
  record.icon = sk_account_get_icon (source);
  record.icon_mime_type = sk_account_get_icon_mime_type (source);
  n = sk_account_get_uri_extras (source, &keys, &values);
  if (n > 0)
    {
      keys_z = g_new0 (char *, n + 1);
      values_z = g_new0 (char *, n + 1);
      memcpy (keys_z, keys, n * sizeof (char *));
      memcpy (values_z, values, n * sizeof (char *));
      record.extra_keys = (const char * const *) keys_z;
      record.extra_values = (const char * const *) values_z;
    }
  return sk_account_new_from_record (&record);
}

static gboolean
read_backup (SkImportResult *result,
             const guint8   *data,
             gsize           size,
             const char     *password,
             GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  SkVault *vault;
  GListModel *accounts;

  result->encrypted = TRUE;
  if (password == NULL)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
                           _("this Sparekey backup is encrypted: its password is needed"));
      return FALSE;
    }
  vault = sk_store_open_data (data, size, password, &local_error);
  if (vault == NULL)
    {
      if (g_error_matches (local_error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD))
        g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD,
                             _("wrong password for this Sparekey backup"));
      else if (g_error_matches (local_error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION))
        g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                     _("the backup cannot be read: %s"), local_error->message);
      else
        g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
                     _("the backup is damaged: %s"), local_error->message);
      return FALSE;
    }
  result->vault = vault;
  accounts = sk_vault_get_accounts (vault);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      add_account (result, copy_account (account));
    }
  return TRUE;
}

static SkImportFormat
detect (const guint8 *data,
        gsize         size,
        JsonNode    **json_out)
{
  const char *text = (const char *) data;
  gsize skip = 0;

  if (size >= 8 && memcmp (data, "SPAREKEY", 8) == 0)
    return SK_IMPORT_FORMAT_SPAREKEY;
  if (size >= 16 && (memcmp (data, "AUTHENTICATORPRO", 16) == 0 ||
                     memcmp (data, "AuthenticatorPro", 16) == 0))
    return SK_IMPORT_FORMAT_STRATUM;
  if (is_image (data, size))
    return SK_IMPORT_FORMAT_QR_IMAGE;

  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    skip = 3;
  if (!g_utf8_validate_len (text + skip, size - skip, NULL) ||
      memchr (data, '\0', size) != NULL)
    return SK_IMPORT_FORMAT_ANDOTP;   /* binary: an encrypted andOTP backup? */

  while (skip < size && g_ascii_isspace (text[skip]))
    skip++;
  if (skip < size && (text[skip] == '{' || text[skip] == '['))
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, text + skip, size - skip, NULL))
        {
          JsonNode *root = json_parser_steal_root (parser);
          SkImportFormat format = sk_import_detect_json (root);

          if (format != SK_IMPORT_FORMAT_AUTO)
            {
              *json_out = root;
              return format;
            }
          json_node_unref (root);
        }
    }
  if (g_strstr_len (text, size, "otpauth-migration://") != NULL)
    return SK_IMPORT_FORMAT_MIGRATION;
  if (g_strstr_len (text, size, "otpauth://") != NULL)
    return SK_IMPORT_FORMAT_OTPAUTH;
  return SK_IMPORT_FORMAT_AUTO;
}

static gboolean
parse_json (const guint8 *data,
            gsize         size,
            JsonNode    **root,
            GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  if (size >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    data += 3, size -= 3;
  if (!json_parser_load_from_data (parser, (const char *) data, size, &local_error))
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
                   _("the file is not valid JSON: %s"), local_error->message);
      return FALSE;
    }
  *root = json_parser_steal_root (parser);
  return TRUE;
}

/* Reads one source into @result (which may already hold entries of other
 * files). */
static gboolean
import_into (SkImportResult *result,
             const guint8   *data,
             gsize           size,
             const char     *password,
             SkImportFormat  format,
             GError        **error)
{
  g_autoptr(JsonNode) json = NULL;
  SkImportFormat detected;

  if (size > MAX_IMPORT_SIZE)
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("the file is too large to be an export (%s)"), g_format_size (size));
      return FALSE;
    }
  if (size == 0)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES,
                           _("the file is empty"));
      return FALSE;
    }

  detected = detect (data, size, &json);
  if (format == SK_IMPORT_FORMAT_AUTO)
    {
      if (detected == SK_IMPORT_FORMAT_AUTO)
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                               _("the format of the file is not recognized (supported: Aegis, 2FAS, andOTP, FreeOTP+, Stratum / Authenticator Pro, Bitwarden, Proton Authenticator, Ente Auth, Google Authenticator exports, otpauth:// lists, QR pictures, Sparekey backups)"));
          return FALSE;
        }
      format = detected;
    }
  else if (format == SK_IMPORT_FORMAT_MIGRATION && detected == SK_IMPORT_FORMAT_OTPAUTH)
    format = SK_IMPORT_FORMAT_OTPAUTH;
  else if (format == SK_IMPORT_FORMAT_OTPAUTH && detected == SK_IMPORT_FORMAT_MIGRATION)
    format = SK_IMPORT_FORMAT_MIGRATION;
  if (result->format == SK_IMPORT_FORMAT_AUTO)
    result->format = format;

  switch (format)
    {
    case SK_IMPORT_FORMAT_SPAREKEY:
      return read_backup (result, data, size, password, error);

    case SK_IMPORT_FORMAT_QR_IMAGE:
      return read_images (result, data, size, error);

    case SK_IMPORT_FORMAT_OTPAUTH:
    case SK_IMPORT_FORMAT_MIGRATION:
      if (!g_utf8_validate_len ((const char *) data, size, NULL))
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                               _("the file is not text"));
          return FALSE;
        }
      if (sk_import_add_text (result, (const char *) data, size) == 0)
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES,
                               _("the file holds no otpauth:// or otpauth-migration:// link"));
          return FALSE;
        }
      return TRUE;

    case SK_IMPORT_FORMAT_STRATUM:
      if (detected == SK_IMPORT_FORMAT_STRATUM && json == NULL)
        return sk_import_read_stratum_encrypted (result, data, size, password, error);
      break;

    case SK_IMPORT_FORMAT_ANDOTP:
      if (detected == SK_IMPORT_FORMAT_ANDOTP && json == NULL)
        return sk_import_read_andotp_encrypted (result, data, size, password, error);
      break;

    case SK_IMPORT_FORMAT_AUTO:
    case SK_IMPORT_FORMAT_AEGIS:
    case SK_IMPORT_FORMAT_TWOFAS:
    case SK_IMPORT_FORMAT_FREEOTP_PLUS:
    case SK_IMPORT_FORMAT_BITWARDEN:
    case SK_IMPORT_FORMAT_PROTON:
    case SK_IMPORT_FORMAT_ENTE:
    default:
      break;
    }

  /* A JSON format. */
  if (json == NULL && !parse_json (data, size, &json, error))
    return FALSE;
  if (format != detected)
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                   _("the file is not a %s export"), sk_import_format_get_label (format));
      return FALSE;
    }
  result->format = format;
  return sk_import_read_json (result, json, password, error);
}

/* After all sources: missing migration batches, nothing usable. */
static gboolean
finish (SkImportResult *result,
        GError        **error)
{
  ResultPrivate *priv = result->priv;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, priv->batches);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Batch *b = value;
      g_autoptr(GString) missing = g_string_new (NULL);

      for (guint i = 0; i < b->size; i++)
        if (!b->seen[i])
          g_string_append_printf (missing, "%s%u", missing->len > 0 ? ", " : "", i + 1);
      if (missing->len > 0)
        g_ptr_array_add (result->warnings,
                         g_strdup_printf (_("the Google Authenticator export has %u QR codes but code %s was not read: its accounts are missing"),
                                          b->size, missing->str));
    }

  /* A structured file whose entries are all invalid is still shown (the
   * preview lists the reasons); text and pictures with no usable link are
   * not what was meant to be imported. */
  if (result->entries->len == 0 &&
      (result->invalid->len == 0 ||
       result->format == SK_IMPORT_FORMAT_OTPAUTH ||
       result->format == SK_IMPORT_FORMAT_MIGRATION ||
       result->format == SK_IMPORT_FORMAT_QR_IMAGE))
    {
      if (result->invalid->len > 0)
        {
          SkImportInvalid *first = g_ptr_array_index (result->invalid, 0);

          g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES,
                       _("no account could be read (%s: %s)"), first->label, first->reason);
        }
      else
        g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NO_ENTRIES,
                             _("the file holds no account"));
      return FALSE;
    }
  return TRUE;
}

SkImportResult *
sk_import_data (const guint8   *data,
                gsize           size,
                const char     *name,
                const char     *password,
                SkImportFormat  format,
                GError        **error)
{
  g_autoptr(SkImportResult) result = NULL;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = sk_import_result_new (SK_IMPORT_FORMAT_AUTO);
  if (!import_into (result, data, size, password, format, error) ||
      !finish (result, error))
    {
      if (name != NULL && error != NULL && *error != NULL &&
          (*error)->code != SK_IMPORT_ERROR_NEEDS_PASSWORD)
        g_prefix_error (error, "%s: ", name);
      return NULL;
    }
  return g_steal_pointer (&result);
}

/* Every source is read bounded (/dev/zero or a FIFO stops at the cap). */
static SkSecret *
read_source (const char  *path,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SkSecret *contents = sk_secret_new_from_file (path, MAX_IMPORT_SIZE, &local_error);

  if (contents != NULL)
    return contents;
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                 _("“%s” is too large to be an export"), path);
  else
    g_set_error (error, SK_IMPORT_ERROR,
                 g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                 ? SK_IMPORT_ERROR_NO_FILE : SK_IMPORT_ERROR_IO,
                 _("cannot read “%s”: %s"), path, local_error->message);
  return NULL;
}

SkImportResult *
sk_import_files (const char * const *paths,
                 const char         *password,
                 SkImportFormat      format,
                 GError            **error)
{
  g_autoptr(SkImportResult) result = NULL;

  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  result = sk_import_result_new (SK_IMPORT_FORMAT_AUTO);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(SkSecret) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autofree char *base = g_path_get_basename (paths[i]);
      guint first_invalid = result->invalid->len;
      gsize size;
      const guint8 *data;

      bytes = read_source (paths[i], error);
      if (bytes == NULL)
        return NULL;
      data = sk_secret_get_data (bytes);
      size = sk_secret_get_size (bytes);
      if (!import_into (result, data, size, password, format, &local_error))
        {
          /* One bad picture among several: reported, the others go on. */
          if (paths[1] != NULL &&
              (local_error->code == SK_IMPORT_ERROR_NO_ENTRIES ||
               local_error->code == SK_IMPORT_ERROR_DAMAGED))
            {
              sk_import_add_invalid (result, base, local_error->message);
              continue;
            }
          if (local_error->code != SK_IMPORT_ERROR_NEEDS_PASSWORD)
            g_prefix_error (&local_error, "%s: ", paths[i]);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (paths[1] != NULL)
        for (guint j = first_invalid; j < result->invalid->len; j++)
          {
            SkImportInvalid *invalid = g_ptr_array_index (result->invalid, j);
            char *label = g_strdup_printf ("%s, %s", base, invalid->label);

            g_free (invalid->label);
            invalid->label = label;
          }
    }
  if (!finish (result, error))
    {
      if (paths[1] == NULL)
        g_prefix_error (error, "%s: ", paths[0]);
      return NULL;
    }
  return g_steal_pointer (&result);
}

SkImportResult *
sk_import_file (const char      *path,
                const char      *password,
                SkImportFormat   format,
                GError         **error)
{
  const char *paths[] = { path, NULL };

  g_return_val_if_fail (path != NULL, NULL);

  return sk_import_files (paths, password, format, error);
}

/* Preview ------------------------------------------------------------------ */

/* Accounts keyed by a keyed short hash of type + secret (SipHash with a
 * random key, so the table holds nothing that helps guess a secret);
 * equality is then checked with sk_secret_equal(). */
static guint64
secret_key (const guint8 *hash_key,
            SkAccount    *account)
{
  SkSecret *secret = sk_account_get_secret (account);
  guint8 out[crypto_shorthash_BYTES];
  guint64 value;
  guint8 type = (guint8) sk_account_get_otp_type (account);

  if (secret == NULL)
    return type;
  {
    g_autoptr(SkSecret) buf = sk_secret_new (sk_secret_get_size (secret) + 1);

    sk_secret_get_mutable (buf)[0] = type;
    memcpy (sk_secret_get_mutable (buf) + 1, sk_secret_get_data (secret),
            sk_secret_get_size (secret));
    crypto_shorthash (out, sk_secret_get_data (buf), sk_secret_get_size (buf), hash_key);
  }
  memcpy (&value, out, sizeof value);
  return value;
}

static gboolean
same_key (SkAccount *a,
          SkAccount *b)
{
  SkSecret *sa = sk_account_get_secret (a);
  SkSecret *sb = sk_account_get_secret (b);

  return sk_account_get_otp_type (a) == sk_account_get_otp_type (b) &&
         sa != NULL && sb != NULL && sk_secret_equal (sa, sb);
}

static void
index_account (GHashTable *index,
               guint64     key,
               SkAccount  *account)
{
  GPtrArray *list = g_hash_table_lookup (index, &key);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (index, g_memdup2 (&key, sizeof key), list);
    }
  g_ptr_array_add (list, account);
}

void
sk_import_classify (SkImportResult *result,
                    SkVault        *vault)
{
  g_autoptr(GHashTable) index = NULL;
  /* uuids of accounts an earlier duplicate already brings an icon to */
  g_autoptr(GHashTable) icon_given = NULL;
  guint8 hash_key[crypto_shorthash_KEYBYTES];
  GListModel *accounts;

  g_return_if_fail (result != NULL);
  g_return_if_fail (vault == NULL || SK_IS_VAULT (vault));

  randombytes_buf (hash_key, sizeof hash_key);
  index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                 (GDestroyNotify) g_ptr_array_unref);
  icon_given = g_hash_table_new (g_str_hash, g_str_equal);
  if (vault != NULL)
    {
      accounts = sk_vault_get_accounts (vault);
      for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
        {
          g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

          index_account (index, secret_key (hash_key, account), account);
        }
    }

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      guint64 key = secret_key (hash_key, entry->account);
      GPtrArray *list = g_hash_table_lookup (index, &key);

      entry->status = SK_IMPORT_ENTRY_NEW;
      entry->adds_icon = FALSE;
      g_clear_pointer (&entry->duplicate_of, g_free);
      for (guint j = 0; list != NULL && j < list->len; j++)
        {
          SkAccount *other = g_ptr_array_index (list, j);

          if (same_key (entry->account, other))
            {
              entry->status = SK_IMPORT_ENTRY_DUPLICATE;
              entry->duplicate_of = g_strdup (sk_account_get_uuid (other));
              /* Duplicates are not imported, but an icon the account
               * lacks is not lost with them (the first one wins). */
              if (sk_account_get_icon (entry->account) != NULL &&
                  sk_account_get_icon (other) == NULL &&
                  g_hash_table_add (icon_given, (gpointer) sk_account_get_uuid (other)))
                entry->adds_icon = TRUE;
              break;
            }
        }
      if (entry->status == SK_IMPORT_ENTRY_NEW)
        index_account (index, key, entry->account);
    }
  sodium_memzero (hash_key, sizeof hash_key);
}

guint
sk_import_apply (SkImportResult *result,
                 SkVault        *vault,
                 gboolean        include_duplicates)
{
  g_autoptr(GPtrArray) add = g_ptr_array_new ();

  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (SK_IS_VAULT (vault), 0);

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);

      if (entry->status == SK_IMPORT_ENTRY_NEW || include_duplicates)
        g_ptr_array_add (add, entry->account);
    }
  if (add->len > 0)
    sk_vault_add_accounts (vault, (SkAccount **) add->pdata, add->len);
  sk_import_adopt_icons (result, vault, add);
  return add->len;
}

guint
sk_import_adopt_icons (SkImportResult *result,
                       SkVault        *vault,
                       GPtrArray      *added)
{
  guint n = 0;

  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (SK_IS_VAULT (vault), 0);

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      SkAccount *target;

      if (!entry->adds_icon || entry->status != SK_IMPORT_ENTRY_DUPLICATE ||
          entry->duplicate_of == NULL ||
          (added != NULL && g_ptr_array_find (added, entry->account, NULL)))
        continue;
      /* An earlier entry of the same file is found too once it was added. */
      target = sk_vault_lookup_account (vault, entry->duplicate_of);
      if (target == NULL || sk_account_get_icon (target) != NULL)
        continue;
      /* Validated when the entry was read. */
      if (sk_account_set_icon (target, sk_account_get_icon (entry->account),
                               sk_account_get_icon_mime_type (entry->account), NULL))
        n++;
    }
  return n;
}
