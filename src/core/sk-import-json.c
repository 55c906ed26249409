/* sk-import-json.c: readers of the JSON exports: Aegis, 2FAS, andOTP,
 * FreeOTP+, Stratum / Authenticator Pro, Bitwarden, Proton Authenticator,
 * Ente Auth (encrypted)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "sk-import-private.h"

/* JSON helpers: lenient about types (numbers written as strings...). */

static JsonObject *
get_object (JsonObject *obj,
            const char *member)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *member)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
get_string (JsonObject *obj,
            const char *member)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An integer member; @def when absent or null; FALSE when it is there but
 * not a whole number. */
static gboolean
get_int (JsonObject *obj,
         const char *member,
         gint64      def,
         gint64     *out)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;
  GType type;

  *out = def;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d != (double) (gint64) d)
        return FALSE;
      *out = (gint64) d;
    }
  else if (type == G_TYPE_BOOLEAN)
    return FALSE;
  else if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (*s == '\0')
        return TRUE;
      return g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, out, NULL);
    }
  return TRUE;
}

static gboolean
get_bool (JsonObject *obj,
          const char *member)
{
  JsonNode *node = obj != NULL ? json_object_get_member (obj, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
entry_label (guint i)
{
  return g_strdup_printf (_("entry %u"), i + 1);
}

/* Fills digits / period / counter of a candidate from integers, with the
 * reason when one is out of range. */
static gboolean
set_numbers (SkImportCandidate *c,
             gint64             digits,
             gint64             period,
             gint64             counter,
             char             **reason)
{
  if (c->params.type != SK_OTP_STEAM &&
      (digits < SK_OTP_DIGITS_MIN || digits > SK_OTP_DIGITS_MAX))
    {
      *reason = g_strdup_printf (_("digits must be between %d and %d, got %" PRIi64),
                                 SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, (int64_t) digits);
      return FALSE;
    }
  if (c->params.type != SK_OTP_HOTP && (period < 1 || period > G_MAXINT32))
    {
      *reason = g_strdup_printf (_("period must be at least 1 second, got %" PRIi64),
                                 (int64_t) period);
      return FALSE;
    }
  if (counter < 0)
    {
      *reason = g_strdup_printf (_("counter must not be negative, got %" PRIi64),
                                 (int64_t) counter);
      return FALSE;
    }
  if (c->params.type != SK_OTP_STEAM)
    c->params.digits = (guint) digits;
  if (c->params.type != SK_OTP_HOTP)
    c->params.period = (guint) period;
  c->params.counter = (guint64) counter;
  return TRUE;
}

static gboolean
parse_type (const char *text,
            SkOtpType  *type)
{
  if (text == NULL || *text == '\0')
    return (*type = SK_OTP_TOTP, TRUE);
  return sk_otp_type_from_string (text, type) ||
         (g_ascii_strcasecmp (text, "steam") == 0 && (*type = SK_OTP_STEAM, TRUE));
}

static void
add_unsupported_type (SkImportResult *result,
                      const char     *label,
                      const char     *type)
{
  g_autofree char *reason = g_strdup_printf (_("the type “%s” is not supported (only TOTP, HOTP and Steam)"),
                                             type != NULL ? type : "?");
  sk_import_add_invalid (result, label, reason);
}

static gboolean
parse_algorithm (const char     *text,
                 SkOtpAlgorithm *algorithm)
{
  if (text == NULL || *text == '\0')
    return (*algorithm = SK_OTP_SHA1, TRUE);
  return sk_otp_algorithm_from_string (text, algorithm);
}

static void
add_bad_algorithm (SkImportResult *result,
                   const char     *label,
                   const char     *algorithm)
{
  g_autofree char *reason = g_strdup_printf (_("the algorithm “%s” is not supported (only SHA1, SHA256 and SHA512)"),
                                             algorithm);
  sk_import_add_invalid (result, label, reason);
}

static gboolean
wrong_password (GError    **error,
                const char *format)
{
  g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD,
               _("wrong password for this %s backup (or the file is damaged)"), format);
  return FALSE;
}

static gboolean
needs_password (GError    **error,
                const char *format)
{
  g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD,
               _("this %s backup is encrypted: its password is needed"), format);
  return FALSE;
}

static gboolean
damaged (GError    **error,
         const char *format,
         const char *what)
{
  g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_DAMAGED,
               _("the %s file is damaged: %s"), format, what);
  return FALSE;
}

/* g_base64_decode() accepts anything: the alphabet (standard or URL-safe)
 * is checked first. */
static guchar *
b64_decode_raw (const char *text,
                gsize      *len)
{
  g_autofree char *std = NULL;

  *len = 0;
  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
        *p != '\n' && *p != '\r' && *p != '-' && *p != '_')
      return NULL;
  std = g_strdup (text);
  g_strdelimit (std, "-", '+');
  g_strdelimit (std, "_", '/');
  return g_base64_decode (std, len);
}

static SkSecret *
b64_decode (const char *text)
{
  g_autofree guchar *raw = NULL;
  gsize len = 0;
  SkSecret *out;

  if (text == NULL)
    return NULL;
  raw = b64_decode_raw (text, &len);
  if (raw == NULL && *text != '\0')
    return NULL;
  out = sk_secret_new_from_data (raw, len);
  if (raw != NULL)
    sodium_memzero (raw, len);
  return out;
}

/* An icon in base64, for sk_import_add_candidate() to check. Pictures
 * are not secret: ordinary memory. */
static void
set_icon_base64 (SkImportCandidate *c,
                 const char        *text,
                 const char        *mime_type,
                 GBytes           **keep)
{
  gsize len = 0;
  guchar *raw = b64_decode_raw (text, &len);

  if (raw == NULL && *text != '\0')
    {
      c->icon_error = _("The icon is not valid base64");
      return;
    }
  *keep = g_bytes_new_take (raw, len);
  c->icon = *keep;
  c->icon_mime_type = mime_type;
}

static JsonNode *
parse_plain_json (SkSecret *plain)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, sk_secret_get_string (plain),
                                   sk_secret_get_size (plain), NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* Aegis ------------------------------------------------------------------- */

static SkSecret *
aegis_master_key (JsonObject  *header,
                  const char  *password,
                  GError     **error)
{
  JsonArray *slots = get_array (header, "slots");
  gboolean any_password_slot = FALSE;

  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = array_object (slots, i);
      JsonObject *params = get_object (slot, "key_params");
      gint64 type, n, r, p;
      g_autofree guint8 *salt = NULL, *key = NULL, *nonce = NULL, *tag = NULL;
      gsize salt_len = 0, nonce_len = 0;
      g_autoptr(SkSecret) derived = sk_secret_new (32);
      SkSecret *master;

      if (!get_int (slot, "type", -1, &type) || type != 1)
        continue;
      any_password_slot = TRUE;
      if (!get_int (slot, "n", 0, &n) || !get_int (slot, "r", 0, &r) ||
          !get_int (slot, "p", 0, &p) || n <= 0 || r <= 0 || p <= 0)
        return damaged (error, "Aegis", _("bad scrypt parameters")), NULL;
      salt = sk_import_hex_decode (get_string (slot, "salt"), 0, &salt_len);
      key = sk_import_hex_decode (get_string (slot, "key"), 32, NULL);
      nonce = sk_import_hex_decode (get_string (params, "nonce"), 0, &nonce_len);
      tag = sk_import_hex_decode (get_string (params, "tag"), 16, NULL);
      if (salt == NULL || key == NULL || nonce == NULL || tag == NULL || nonce_len == 0)
        return damaged (error, "Aegis", _("a key slot is incomplete")), NULL;
      if (!sk_crypto_scrypt (password, salt, salt_len, (guint64) n, (guint64) r, (guint64) p,
                             sk_secret_get_mutable (derived), 32))
        return damaged (error, "Aegis", _("the scrypt parameters cannot be used")), NULL;
      master = sk_crypto_gcm_decrypt (sk_secret_get_data (derived), nonce, nonce_len,
                                      NULL, 0, key, 32, tag);
      if (master != NULL)
        return master;
    }
  if (!any_password_slot)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("this Aegis backup has no password slot (only biometric unlock): it cannot be opened here"));
      return NULL;
    }
  wrong_password (error, "Aegis");
  return NULL;
}

static void
aegis_entry (SkImportResult *result,
             JsonObject     *entry,
             GHashTable     *groups,
             guint           i)
{
  g_autofree char *label = entry_label (i);
  JsonObject *info = get_object (entry, "info");
  const char *type_text = get_string (entry, "type");
  const char *algo = get_string (info, "algo");
  g_autoptr(GPtrArray) tags = g_ptr_array_new ();
  g_autofree char *reason = NULL;
  g_autoptr(GBytes) icon = NULL;
  SkImportCandidate c;
  SkOtpType type;
  SkOtpAlgorithm algorithm;
  gint64 digits, period, counter;
  JsonArray *group_ids;
  const char *group;
  const char *icon_text;

  if (entry == NULL)
    {
      sk_import_add_invalid (result, label, _("not an object"));
      return;
    }
  if (!parse_type (type_text, &type))
    {
      add_unsupported_type (result, label, type_text);
      return;
    }
  if (!parse_algorithm (algo, &algorithm))
    {
      add_bad_algorithm (result, label, algo);
      return;
    }
  sk_import_candidate_init (&c, type);
  c.params.algorithm = algorithm;
  c.issuer = get_string (entry, "issuer");
  c.name = get_string (entry, "name");
  c.note = get_string (entry, "note");
  c.favourite = get_bool (entry, "favorite");
  c.secret_base32 = get_string (info, "secret");
  if (!get_int (info, "digits", type == SK_OTP_STEAM ? 5 : 6, &digits) ||
      !get_int (info, "period", 30, &period) ||
      !get_int (info, "counter", 0, &counter))
    {
      sk_import_add_invalid (result, label, _("digits, period or counter is not a number"));
      return;
    }
  if (!set_numbers (&c, digits, period, counter, &reason))
    {
      sk_import_add_invalid (result, label, reason);
      return;
    }

  group_ids = get_array (entry, "groups");
  for (guint g = 0; group_ids != NULL && g < json_array_get_length (group_ids); g++)
    {
      JsonNode *node = json_array_get_element (group_ids, g);
      const char *name;

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          (name = g_hash_table_lookup (groups, json_node_get_string (node))) != NULL)
        g_ptr_array_add (tags, (gpointer) name);
    }
  group = get_string (entry, "group");   /* database version 1 and 2 */
  if (group != NULL && *group != '\0')
    g_ptr_array_add (tags, (gpointer) group);
  g_ptr_array_add (tags, NULL);
  c.tags = (const char * const *) tags->pdata;

  /* Base64 bytes; Aegis takes a missing "icon_mime" as JPEG, we let the
   * bytes say. "icon_hash" is only Aegis' own shortcut for comparing
   * icons: it is computed again on export. */
  icon_text = get_string (entry, "icon");
  if (icon_text != NULL)
    set_icon_base64 (&c, icon_text, get_string (entry, "icon_mime"), &icon);

  sk_import_add_candidate (result, &c, label);
}

static gboolean
read_aegis_db (SkImportResult *result,
               JsonObject     *db,
               GError        **error)
{
  JsonArray *entries = get_array (db, "entries");
  JsonArray *groups = get_array (db, "groups");
  g_autoptr(GHashTable) group_names = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 version;

  if (entries == NULL)
    return damaged (error, "Aegis", _("there is no list of entries"));
  if (get_int (db, "version", 1, &version) && version > 3)
    g_ptr_array_add (result->warnings,
                     g_strdup_printf (_("the Aegis database version %" PRIi64 " is newer than the versions known (1 to 3): some details may be lost"),
                                      (int64_t) version));
  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonObject *group = array_object (groups, i);
      const char *uuid = get_string (group, "uuid");
      const char *name = get_string (group, "name");

      if (uuid != NULL && name != NULL)
        g_hash_table_insert (group_names, (gpointer) uuid, (gpointer) name);
    }
  for (guint i = 0; i < json_array_get_length (entries); i++)
    aegis_entry (result, array_object (entries, i), group_names, i);
  return TRUE;
}

static gboolean
read_aegis (SkImportResult *result,
            JsonObject     *root,
            const char     *password,
            GError        **error)
{
  JsonObject *header = get_object (root, "header");
  JsonNode *db = json_object_get_member (root, "db");
  JsonObject *params;
  g_autoptr(SkSecret) master = NULL;
  g_autoptr(SkSecret) ciphertext = NULL;
  g_autoptr(SkSecret) plain = NULL;
  g_autoptr(JsonNode) plain_root = NULL;
  g_autofree guint8 *nonce = NULL, *tag = NULL;
  gsize nonce_len = 0;

  if (db != NULL && JSON_NODE_HOLDS_OBJECT (db))
    return read_aegis_db (result, json_node_get_object (db), error);
  if (db == NULL || !JSON_NODE_HOLDS_VALUE (db) || json_node_get_value_type (db) != G_TYPE_STRING)
    return damaged (error, "Aegis", _("the database is missing"));

  result->encrypted = TRUE;
  if (password == NULL)
    return needs_password (error, "Aegis");
  master = aegis_master_key (header, password, error);
  if (master == NULL)
    return FALSE;
  params = get_object (header, "params");
  nonce = sk_import_hex_decode (get_string (params, "nonce"), 0, &nonce_len);
  tag = sk_import_hex_decode (get_string (params, "tag"), 16, NULL);
  ciphertext = b64_decode (json_node_get_string (db));
  if (nonce == NULL || nonce_len == 0 || tag == NULL || ciphertext == NULL)
    return damaged (error, "Aegis", _("the encryption parameters are incomplete"));
  plain = sk_crypto_gcm_decrypt (sk_secret_get_data (master), nonce, nonce_len, NULL, 0,
                                 sk_secret_get_data (ciphertext),
                                 sk_secret_get_size (ciphertext), tag);
  if (plain == NULL)
    return damaged (error, "Aegis", _("the database fails authentication"));
  plain_root = parse_plain_json (plain);
  if (plain_root == NULL || !JSON_NODE_HOLDS_OBJECT (plain_root))
    return damaged (error, "Aegis", _("the decrypted database is not JSON"));
  return read_aegis_db (result, json_node_get_object (plain_root), error);
}

/* 2FAS -------------------------------------------------------------------- */

static void
twofas_service (SkImportResult *result,
                JsonObject     *service,
                GHashTable     *groups,
                guint           i)
{
  g_autofree char *label = entry_label (i);
  JsonObject *otp = get_object (service, "otp");
  const char *type_text = get_string (otp, "tokenType");
  const char *algo = get_string (otp, "algorithm");
  const char *group_id = get_string (service, "groupId");
  const char *tags[2] = { NULL, NULL };
  g_autofree char *reason = NULL;
  g_autofree char *name_from_label = NULL;
  SkImportCandidate c;
  SkOtpType type;
  SkOtpAlgorithm algorithm;
  gint64 digits, period, counter;
  const char *account;

  if (service == NULL)
    {
      sk_import_add_invalid (result, label, _("not an object"));
      return;
    }
  if (!parse_type (type_text, &type))
    {
      add_unsupported_type (result, label, type_text);
      return;
    }
  if (!parse_algorithm (algo, &algorithm))
    {
      add_bad_algorithm (result, label, algo);
      return;
    }
  sk_import_candidate_init (&c, type);
  c.params.algorithm = algorithm;
  c.issuer = get_string (otp, "issuer");
  if (c.issuer == NULL || *c.issuer == '\0')
    c.issuer = get_string (service, "name");
  account = get_string (otp, "account");
  if (account == NULL)
    {
      /* Schema 1 and manual entries: "Issuer:account" in the label. */
      const char *text = get_string (otp, "label");

      if (text != NULL && *text != '\0')
        {
          const char *colon = strchr (text, ':');

          name_from_label = g_strdup (colon != NULL ? colon + 1 : text);
          g_strstrip (name_from_label);
          account = name_from_label;
        }
    }
  c.name = account;
  c.secret_base32 = get_string (service, "secret");
  if (!get_int (otp, "digits", type == SK_OTP_STEAM ? 5 : 6, &digits) ||
      !get_int (otp, "period", 30, &period) ||
      !get_int (otp, "counter", 0, &counter))
    {
      sk_import_add_invalid (result, label, _("digits, period or counter is not a number"));
      return;
    }
  if (!set_numbers (&c, digits, period, counter, &reason))
    {
      sk_import_add_invalid (result, label, reason);
      return;
    }
  if (group_id != NULL && (tags[0] = g_hash_table_lookup (groups, group_id)) != NULL)
    c.tags = tags;
  sk_import_add_candidate (result, &c, label);
}

static gboolean
read_twofas_services (SkImportResult *result,
                      JsonArray      *services,
                      JsonArray      *groups)
{
  g_autoptr(GHashTable) group_names = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; groups != NULL && i < json_array_get_length (groups); i++)
    {
      JsonObject *group = array_object (groups, i);
      const char *id = get_string (group, "id");
      const char *name = get_string (group, "name");

      if (id != NULL && name != NULL)
        g_hash_table_insert (group_names, (gpointer) id, (gpointer) name);
    }
  for (guint i = 0; i < json_array_get_length (services); i++)
    twofas_service (result, array_object (services, i), group_names, i);
  return TRUE;
}

/* "base64(ciphertext+tag):base64(salt):base64(iv)" with the key
 * PBKDF2-HMAC-SHA256(password, salt, 10000) and AES-256-GCM. */
static SkSecret *
twofas_decrypt (const char *text,
                const char *password,
                gboolean   *bad_format)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  g_autoptr(SkSecret) ct = NULL, salt = NULL, iv = NULL;
  g_autoptr(SkSecret) key = sk_secret_new (32);
  gsize len;

  *bad_format = TRUE;
  if (g_strv_length (parts) != 3)
    return NULL;
  ct = b64_decode (parts[0]);
  salt = b64_decode (parts[1]);
  iv = b64_decode (parts[2]);
  if (ct == NULL || salt == NULL || iv == NULL || sk_secret_get_size (ct) < 16 ||
      sk_secret_get_size (iv) == 0)
    return NULL;
  *bad_format = FALSE;
  if (!sk_crypto_pbkdf2 ("SHA256", password, strlen (password),
                         sk_secret_get_data (salt), sk_secret_get_size (salt), 10000,
                         sk_secret_get_mutable (key), 32))
    return NULL;
  len = sk_secret_get_size (ct) - 16;
  return sk_crypto_gcm_decrypt (sk_secret_get_data (key), sk_secret_get_data (iv),
                                sk_secret_get_size (iv), NULL, 0,
                                sk_secret_get_data (ct), len, sk_secret_get_data (ct) + len);
}

static gboolean
read_twofas (SkImportResult *result,
             JsonNode       *root,
             const char     *password,
             GError        **error)
{
  JsonObject *obj;
  const char *encrypted;
  gint64 schema;
  g_autoptr(SkSecret) plain = NULL;
  g_autoptr(JsonNode) services_root = NULL;
  gboolean bad_format;

  /* A bare array of services (what decryptors print). */
  if (JSON_NODE_HOLDS_ARRAY (root))
    return read_twofas_services (result, json_node_get_array (root), NULL);

  obj = json_node_get_object (root);
  if (get_int (obj, "schemaVersion", 1, &schema) && schema > 4)
    g_ptr_array_add (result->warnings,
                     g_strdup_printf (_("the 2FAS schema version %" PRIi64 " is newer than the versions known (1 to 4): some details may be lost"),
                                      (int64_t) schema));
  encrypted = get_string (obj, "servicesEncrypted");
  if (encrypted == NULL || *encrypted == '\0')
    {
      JsonArray *services = get_array (obj, "services");

      if (services == NULL)
        return damaged (error, "2FAS", _("there is no list of services"));
      return read_twofas_services (result, services, get_array (obj, "groups"));
    }

  result->encrypted = TRUE;
  if (password == NULL)
    return needs_password (error, "2FAS");
  plain = twofas_decrypt (encrypted, password, &bad_format);
  if (plain == NULL)
    return bad_format ? damaged (error, "2FAS", _("the encrypted services are malformed"))
                      : wrong_password (error, "2FAS");
  services_root = parse_plain_json (plain);
  if (services_root == NULL || !JSON_NODE_HOLDS_ARRAY (services_root))
    return damaged (error, "2FAS", _("the decrypted services are not a JSON list"));
  return read_twofas_services (result, json_node_get_array (services_root),
                               get_array (obj, "groups"));
}

/* andOTP ------------------------------------------------------------------ */

gboolean sk_import_read_andotp_json (SkImportResult *result,
                                     JsonNode       *root,
                                     GError        **error);

gboolean
sk_import_read_andotp_json (SkImportResult *result,
                            JsonNode       *root,
                            GError        **error)
{
  JsonArray *entries;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    return damaged (error, "andOTP", _("the backup is not a JSON list"));
  entries = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = array_object (entries, i);
      g_autofree char *label = entry_label (i);
      const char *type_text = get_string (entry, "type");
      const char *algo = get_string (entry, "algorithm");
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();
      JsonArray *tag_array = get_array (entry, "tags");
      g_autofree char *reason = NULL;
      g_autofree char *issuer_split = NULL;
      SkImportCandidate c;
      SkOtpType type;
      SkOtpAlgorithm algorithm;
      gint64 digits, period, counter;

      if (entry == NULL)
        {
          sk_import_add_invalid (result, label, _("not an object"));
          continue;
        }
      if (!parse_type (type_text, &type))
        {
          add_unsupported_type (result, label, type_text);
          continue;
        }
      if (!parse_algorithm (algo, &algorithm))
        {
          add_bad_algorithm (result, label, algo);
          continue;
        }
      sk_import_candidate_init (&c, type);
      c.params.algorithm = algorithm;
      c.issuer = get_string (entry, "issuer");
      c.name = get_string (entry, "label");
      if ((c.issuer == NULL || *c.issuer == '\0') && c.name != NULL &&
          (strstr (c.name, " - ") != NULL || strchr (c.name, ':') != NULL))
        {
          /* Old andOTP backups have no issuer: the label is
           * "Issuer - Issuer:name" or "Issuer:name". */
          const char *dash = strstr (c.name, " - ");
          const char *sep = dash != NULL ? dash : strchr (c.name, ':');
          gsize issuer_len;

          issuer_split = g_strndup (c.name, sep - c.name);
          c.issuer = g_strstrip (issuer_split);
          c.name = sep + (dash != NULL ? 3 : 1);
          issuer_len = strlen (c.issuer);
          if (strncmp (c.name, c.issuer, issuer_len) == 0 && c.name[issuer_len] == ':')
            c.name += issuer_len + 1;
          while (*c.name == ' ')
            c.name++;
        }
      c.secret_base32 = get_string (entry, "secret");
      if (!get_int (entry, "digits", type == SK_OTP_STEAM ? 5 : 6, &digits) ||
          !get_int (entry, "period", 30, &period) ||
          !get_int (entry, "counter", 0, &counter))
        {
          sk_import_add_invalid (result, label, _("digits, period or counter is not a number"));
          continue;
        }
      if (!set_numbers (&c, digits, period, counter, &reason))
        {
          sk_import_add_invalid (result, label, reason);
          continue;
        }
      for (guint t = 0; tag_array != NULL && t < json_array_get_length (tag_array); t++)
        {
          JsonNode *node = json_array_get_element (tag_array, t);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_ptr_array_add (tags, (gpointer) json_node_get_string (node));
        }
      g_ptr_array_add (tags, NULL);
      c.tags = (const char * const *) tags->pdata;
      sk_import_add_candidate (result, &c, label);
    }
  return TRUE;
}

/* FreeOTP+ ---------------------------------------------------------------- */

static gboolean
read_freeotp_plus (SkImportResult *result,
                   JsonObject     *root,
                   GError        **error)
{
  JsonArray *tokens = get_array (root, "tokens");

  if (tokens == NULL)
    return damaged (error, "FreeOTP+", _("there is no list of tokens"));
  for (guint i = 0; i < json_array_get_length (tokens); i++)
    {
      JsonObject *token = array_object (tokens, i);
      g_autofree char *label = entry_label (i);
      const char *type_text = get_string (token, "type");
      const char *algo = get_string (token, "algo");
      JsonArray *bytes = get_array (token, "secret");
      g_autoptr(SkSecret) secret = NULL;
      g_autofree char *reason = NULL;
      SkImportCandidate c;
      SkOtpType type;
      SkOtpAlgorithm algorithm;
      gint64 digits, period, counter;
      gboolean bad = FALSE;

      if (token == NULL)
        {
          sk_import_add_invalid (result, label, _("not an object"));
          continue;
        }
      if (!parse_type (type_text, &type))
        {
          add_unsupported_type (result, label, type_text);
          continue;
        }
      if (!parse_algorithm (algo, &algorithm))
        {
          add_bad_algorithm (result, label, algo);
          continue;
        }
      sk_import_candidate_init (&c, type);
      c.params.algorithm = algorithm;
      c.issuer = get_string (token, "issuerExt");
      if (c.issuer == NULL || *c.issuer == '\0')
        c.issuer = get_string (token, "issuerInt");
      c.name = get_string (token, "label");
      if (bytes != NULL)
        {
          guint n = json_array_get_length (bytes);

          secret = sk_secret_new (n);
          for (guint b = 0; b < n; b++)
            {
              JsonNode *node = json_array_get_element (bytes, b);
              gint64 v;

              if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
                  (v = json_node_get_int (node)) < -128 || v > 255)
                {
                  bad = TRUE;
                  break;
                }
              sk_secret_get_mutable (secret)[b] = (guint8) (v & 0xff);
            }
          c.secret = secret;
        }
      else
        c.secret_base32 = get_string (token, "secret");
      if (bad)
        {
          sk_import_add_invalid (result, label, _("the secret key is not a list of bytes"));
          continue;
        }
      if (!get_int (token, "digits", type == SK_OTP_STEAM ? 5 : 6, &digits) ||
          !get_int (token, "period", 30, &period) ||
          !get_int (token, "counter", 0, &counter))
        {
          sk_import_add_invalid (result, label, _("digits, period or counter is not a number"));
          continue;
        }
      if (!set_numbers (&c, digits, period, counter, &reason))
        {
          sk_import_add_invalid (result, label, reason);
          continue;
        }
      sk_import_add_candidate (result, &c, label);
    }
  return TRUE;
}

/* Stratum / Authenticator Pro --------------------------------------------- */

gboolean sk_import_read_stratum_json (SkImportResult *result,
                                      JsonNode       *root,
                                      GError        **error);

gboolean
sk_import_read_stratum_json (SkImportResult *result,
                             JsonNode       *root,
                             GError        **error)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *auths = get_array (obj, "Authenticators");
  JsonArray *categories = get_array (obj, "Categories");
  JsonArray *links = get_array (obj, "AuthenticatorCategories");
  JsonArray *custom_icons = get_array (obj, "CustomIcons");
  g_autoptr(GHashTable) category_names = g_hash_table_new (g_str_hash, g_str_equal);
  /* id -> base64 picture of the icons the user made ("Icon": "@id") */
  g_autoptr(GHashTable) icon_data = g_hash_table_new (g_str_hash, g_str_equal);
  /* secret -> GPtrArray of category names */
  g_autoptr(GHashTable) secret_tags = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                             (GDestroyNotify) g_ptr_array_unref);

  if (auths == NULL)
    return damaged (error, "Stratum", _("there is no list of authenticators"));
  for (guint i = 0; categories != NULL && i < json_array_get_length (categories); i++)
    {
      JsonObject *cat = array_object (categories, i);
      const char *id = get_string (cat, "Id");
      const char *name = get_string (cat, "Name");

      if (id != NULL && name != NULL)
        g_hash_table_insert (category_names, (gpointer) id, (gpointer) name);
    }
  for (guint i = 0; custom_icons != NULL && i < json_array_get_length (custom_icons); i++)
    {
      JsonObject *custom = array_object (custom_icons, i);
      const char *id = get_string (custom, "Id");
      const char *data = get_string (custom, "Data");

      if (id != NULL && data != NULL)
        g_hash_table_insert (icon_data, (gpointer) id, (gpointer) data);
    }
  for (guint i = 0; links != NULL && i < json_array_get_length (links); i++)
    {
      JsonObject *link = array_object (links, i);
      const char *cat = get_string (link, "CategoryId");
      const char *secret = get_string (link, "AuthenticatorSecret");
      const char *name = cat != NULL ? g_hash_table_lookup (category_names, cat) : NULL;
      GPtrArray *list;

      if (secret == NULL || name == NULL)
        continue;
      list = g_hash_table_lookup (secret_tags, secret);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (secret_tags, (gpointer) secret, list);
        }
      g_ptr_array_add (list, (gpointer) name);
    }

  for (guint i = 0; i < json_array_get_length (auths); i++)
    {
      JsonObject *auth = array_object (auths, i);
      g_autofree char *label = entry_label (i);
      g_autofree char *reason = NULL;
      g_autoptr(GPtrArray) tags = g_ptr_array_new ();
      g_autoptr(GBytes) icon = NULL;
      GPtrArray *linked;
      SkImportCandidate c;
      gint64 type_num, algo_num, digits, period, counter;
      SkOtpType type;
      const char *icon_name;

      if (auth == NULL)
        {
          sk_import_add_invalid (result, label, _("not an object"));
          continue;
        }
      if (!get_int (auth, "Type", 2, &type_num) || !get_int (auth, "Algorithm", 0, &algo_num))
        {
          sk_import_add_invalid (result, label, _("the type or algorithm is not a number"));
          continue;
        }
      switch (type_num)
        {
        case 1: type = SK_OTP_HOTP; break;
        case 2: type = SK_OTP_TOTP; break;
        case 4: type = SK_OTP_STEAM; break;
        default:
          {
            g_autofree char *what = g_strdup_printf (type_num == 3 ? "mOTP" : type_num == 5 ? "Yandex" : "%" G_GINT64_FORMAT, type_num);
            add_unsupported_type (result, label, what);
            continue;
          }
        }
      if (algo_num < 0 || algo_num > 2)
        {
          g_autofree char *what = g_strdup_printf ("%" G_GINT64_FORMAT, algo_num);
          add_bad_algorithm (result, label, what);
          continue;
        }
      sk_import_candidate_init (&c, type);
      c.params.algorithm = algo_num == 0 ? SK_OTP_SHA1 : algo_num == 1 ? SK_OTP_SHA256 : SK_OTP_SHA512;
      c.issuer = get_string (auth, "Issuer");
      c.name = get_string (auth, "Username");
      c.secret_base32 = get_string (auth, "Secret");
      if (!get_int (auth, "Digits", type == SK_OTP_STEAM ? 5 : 6, &digits) ||
          !get_int (auth, "Period", 30, &period) ||
          !get_int (auth, "Counter", 0, &counter))
        {
          sk_import_add_invalid (result, label, _("digits, period or counter is not a number"));
          continue;
        }
      if (!set_numbers (&c, digits, period, counter, &reason))
        {
          sk_import_add_invalid (result, label, reason);
          continue;
        }
      linked = c.secret_base32 != NULL ? g_hash_table_lookup (secret_tags, c.secret_base32) : NULL;
      for (guint t = 0; linked != NULL && t < linked->len; t++)
        g_ptr_array_add (tags, g_ptr_array_index (linked, t));
      g_ptr_array_add (tags, NULL);
      c.tags = (const char * const *) tags->pdata;
      /* Other icon names are Stratum's built-in pictures, which are not
       * in the file. */
      icon_name = get_string (auth, "Icon");
      if (icon_name != NULL && icon_name[0] == '@')
        {
          const char *data = g_hash_table_lookup (icon_data, icon_name + 1);

          if (data != NULL)
            set_icon_base64 (&c, data, NULL, &icon);
          else
            c.icon_error = _("The icon's picture is missing from the file");
        }
      sk_import_add_candidate (result, &c, label);
    }
  return TRUE;
}

/* Bitwarden --------------------------------------------------------------- */

static gboolean
read_bitwarden (SkImportResult *result,
                JsonObject     *root,
                GError        **error)
{
  JsonArray *items = get_array (root, "items");
  JsonArray *folders = get_array (root, "folders");
  g_autoptr(GHashTable) folder_names = g_hash_table_new (g_str_hash, g_str_equal);

  if (get_bool (root, "encrypted") || get_bool (root, "passwordProtected"))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("encrypted Bitwarden exports cannot be read: export from Bitwarden again as unencrypted JSON"));
      return FALSE;
    }
  if (items == NULL)
    return damaged (error, "Bitwarden", _("there is no list of items"));
  for (guint i = 0; folders != NULL && i < json_array_get_length (folders); i++)
    {
      JsonObject *folder = array_object (folders, i);
      const char *id = get_string (folder, "id");
      const char *name = get_string (folder, "name");

      if (id != NULL && name != NULL)
        g_hash_table_insert (folder_names, (gpointer) id, (gpointer) name);
    }

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = array_object (items, i);
      JsonObject *login = get_object (item, "login");
      const char *totp = get_string (login, "totp");
      const char *item_name = get_string (item, "name");
      const char *username = get_string (login, "username");
      const char *folder_id = get_string (item, "folderId");
      const char *folder = folder_id != NULL ? g_hash_table_lookup (folder_names, folder_id) : NULL;
      const char *tags[2] = { folder, NULL };
      g_autofree char *label = entry_label (i);
      SkImportCandidate c;

      if (totp == NULL || *totp == '\0')
        continue;   /* a login without 2FA: nothing to import */
      if (g_ascii_strncasecmp (totp, "otpauth://", 10) == 0)
        {
          SkAccount *account = sk_import_add_uri (result, totp, label);

          if (account == NULL)
            continue;
          if (*sk_account_get_issuer (account) == '\0' && item_name != NULL)
            sk_account_set_issuer (account, item_name);
          if (*sk_account_get_name (account) == '\0' && username != NULL)
            sk_account_set_name (account, username);
          if (get_string (item, "notes") != NULL)
            sk_account_set_note (account, get_string (item, "notes"));
          if (folder != NULL)
            sk_account_set_tags (account, tags);
          sk_account_set_favourite (account, get_bool (item, "favorite"));
          continue;
        }
      if (g_ascii_strncasecmp (totp, "steam://", 8) == 0)
        {
          sk_import_candidate_init (&c, SK_OTP_STEAM);
          c.secret_base32 = totp + 8;
          c.issuer = "Steam";
          c.name = item_name != NULL && *item_name != '\0' ? item_name : username;
        }
      else
        {
          /* A bare base32 key: TOTP with the defaults. */
          sk_import_candidate_init (&c, SK_OTP_TOTP);
          c.secret_base32 = totp;
          c.issuer = item_name;
          c.name = username;
        }
      c.note = get_string (item, "notes");
      c.favourite = get_bool (item, "favorite");
      c.tags = folder != NULL ? tags : NULL;
      sk_import_add_candidate (result, &c, label);
    }
  return TRUE;
}

/* Proton Authenticator ---------------------------------------------------- */

static gboolean
read_proton (SkImportResult *result,
             JsonObject     *root,
             GError        **error)
{
  JsonArray *entries = get_array (root, "entries");

  if (entries == NULL)
    return damaged (error, "Proton Authenticator", _("there is no list of entries"));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *entry = array_object (entries, i);
      JsonObject *content = get_object (entry, "content");
      const char *uri = get_string (content, "uri");
      const char *name = get_string (content, "name");
      const char *note = get_string (entry, "note");
      g_autofree char *label = entry_label (i);
      SkAccount *account;

      if (uri == NULL)
        {
          sk_import_add_invalid (result, label, _("the entry has no otpauth:// link"));
          continue;
        }
      account = sk_import_add_uri (result, uri, label);
      if (account == NULL)
        continue;
      if (name != NULL && *name != '\0')
        sk_account_set_name (account, name);
      if (note != NULL && *note != '\0')
        sk_account_set_note (account, note);
    }
  return TRUE;
}

/* Ente Auth (encrypted) --------------------------------------------------- */

static gboolean
read_ente (SkImportResult *result,
           JsonObject     *root,
           const char     *password,
           GError        **error)
{
  JsonObject *kdf = get_object (root, "kdfParams");
  g_autoptr(SkSecret) salt = b64_decode (get_string (kdf, "salt"));
  g_autoptr(SkSecret) data = b64_decode (get_string (root, "encryptedData"));
  g_autoptr(SkSecret) header = b64_decode (get_string (root, "encryptionNonce"));
  g_autoptr(SkSecret) key = sk_secret_new (crypto_secretstream_xchacha20poly1305_KEYBYTES);
  g_autoptr(SkSecret) plain = NULL;
  crypto_secretstream_xchacha20poly1305_state state;
  unsigned long long plain_len = 0;
  unsigned char tag = 0;
  gint64 mem, ops;

  result->encrypted = TRUE;
  if (salt == NULL || data == NULL || header == NULL ||
      !get_int (kdf, "memLimit", 0, &mem) || !get_int (kdf, "opsLimit", 0, &ops))
    return damaged (error, "Ente Auth", _("the encryption parameters are incomplete"));
  if (sk_secret_get_size (salt) != crypto_pwhash_SALTBYTES ||
      sk_secret_get_size (header) != crypto_secretstream_xchacha20poly1305_HEADERBYTES ||
      sk_secret_get_size (data) < crypto_secretstream_xchacha20poly1305_ABYTES ||
      mem < (gint64) crypto_pwhash_MEMLIMIT_MIN || mem > (G_GINT64_CONSTANT (4) << 30) ||
      ops < (gint64) crypto_pwhash_OPSLIMIT_MIN || ops > 1000)
    return damaged (error, "Ente Auth", _("the encryption parameters are out of range"));
  if (password == NULL)
    return needs_password (error, "Ente Auth");

  if (crypto_pwhash (sk_secret_get_mutable (key), sk_secret_get_size (key),
                     password, strlen (password), sk_secret_get_data (salt),
                     (unsigned long long) ops, (size_t) mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                   _("not enough memory to derive the key of this Ente Auth export (%s asked)"),
                   g_format_size (mem));
      return FALSE;
    }
  if (crypto_secretstream_xchacha20poly1305_init_pull (&state, sk_secret_get_data (header),
                                                       sk_secret_get_data (key)) != 0)
    return damaged (error, "Ente Auth", _("the stream header is invalid"));
  plain = sk_secret_new (sk_secret_get_size (data) - crypto_secretstream_xchacha20poly1305_ABYTES);
  if (crypto_secretstream_xchacha20poly1305_pull (&state, sk_secret_get_mutable (plain), &plain_len,
                                                  &tag, sk_secret_get_data (data),
                                                  sk_secret_get_size (data), NULL, 0) != 0)
    {
      sodium_memzero (&state, sizeof state);
      return wrong_password (error, "Ente Auth");
    }
  sodium_memzero (&state, sizeof state);
  sk_secret_truncate (plain, plain_len);
  if (!g_utf8_validate_len (sk_secret_get_string (plain), sk_secret_get_size (plain), NULL))
    return damaged (error, "Ente Auth", _("the decrypted export is not text"));
  sk_import_add_text (result, sk_secret_get_string (plain), sk_secret_get_size (plain));
  return TRUE;
}

/* Detection and dispatch -------------------------------------------------- */

SkImportFormat
sk_import_detect_json (JsonNode *root)
{
  JsonObject *obj;

  if (root == NULL)
    return SK_IMPORT_FORMAT_AUTO;
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      JsonObject *first;

      if (json_array_get_length (array) == 0)
        return SK_IMPORT_FORMAT_AUTO;
      first = array_object (array, 0);
      if (first != NULL && json_object_has_member (first, "otp"))
        return SK_IMPORT_FORMAT_TWOFAS;
      if (first != NULL && json_object_has_member (first, "secret"))
        return SK_IMPORT_FORMAT_ANDOTP;
      return SK_IMPORT_FORMAT_AUTO;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return SK_IMPORT_FORMAT_AUTO;
  obj = json_node_get_object (root);
  if (json_object_has_member (obj, "db") && json_object_has_member (obj, "header"))
    return SK_IMPORT_FORMAT_AEGIS;
  if (json_object_has_member (obj, "schemaVersion") &&
      (json_object_has_member (obj, "services") || json_object_has_member (obj, "servicesEncrypted")))
    return SK_IMPORT_FORMAT_TWOFAS;
  if (get_array (obj, "tokens") != NULL)
    return SK_IMPORT_FORMAT_FREEOTP_PLUS;
  if (get_array (obj, "Authenticators") != NULL)
    return SK_IMPORT_FORMAT_STRATUM;
  if (json_object_has_member (obj, "kdfParams") && json_object_has_member (obj, "encryptedData"))
    return SK_IMPORT_FORMAT_ENTE;
  if (get_array (obj, "items") != NULL || json_object_has_member (obj, "encrypted"))
    return SK_IMPORT_FORMAT_BITWARDEN;
  if (get_array (obj, "entries") != NULL)
    return SK_IMPORT_FORMAT_PROTON;
  return SK_IMPORT_FORMAT_AUTO;
}

gboolean
sk_import_read_json (SkImportResult *result,
                     JsonNode       *root,
                     const char     *password,
                     GError        **error)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  switch (result->format)
    {
    case SK_IMPORT_FORMAT_AEGIS:
      return read_aegis (result, obj, password, error);
    case SK_IMPORT_FORMAT_TWOFAS:
      return read_twofas (result, root, password, error);
    case SK_IMPORT_FORMAT_ANDOTP:
      return sk_import_read_andotp_json (result, root, error);
    case SK_IMPORT_FORMAT_FREEOTP_PLUS:
      return read_freeotp_plus (result, obj, error);
    case SK_IMPORT_FORMAT_STRATUM:
      return sk_import_read_stratum_json (result, root, error);
    case SK_IMPORT_FORMAT_BITWARDEN:
      return read_bitwarden (result, obj, error);
    case SK_IMPORT_FORMAT_PROTON:
      return read_proton (result, obj, error);
    case SK_IMPORT_FORMAT_ENTE:
      return read_ente (result, obj, password, error);
    case SK_IMPORT_FORMAT_AUTO:
    case SK_IMPORT_FORMAT_SPAREKEY:
    case SK_IMPORT_FORMAT_OTPAUTH:
    case SK_IMPORT_FORMAT_MIGRATION:
    case SK_IMPORT_FORMAT_QR_IMAGE:
    default:
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNKNOWN_FORMAT,
                           _("the JSON file is not an export we know"));
      return FALSE;
    }
}
