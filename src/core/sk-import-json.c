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

#include "sparekey/sk-base32.h"
#include "sk-import-private.h"

/* JSON helpers: lenient about types (numbers written as strings...).
 * Members are named by a path: "secret", or "info.secret" for the member
 * "secret" of the object "info"; a NULL path is a member the format does
 * not have. */

static JsonNode *
get_member (JsonObject *obj,
            const char *path)
{
  const char *dot = path != NULL ? strchr (path, '.') : NULL;

  if (obj == NULL || path == NULL)
    return NULL;
  if (dot != NULL)
    {
      char parent[32];
      JsonNode *node;

      g_return_val_if_fail ((gsize) (dot - path) < sizeof parent, NULL);
      memcpy (parent, path, dot - path);
      parent[dot - path] = '\0';
      node = json_object_get_member (obj, parent);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      obj = json_node_get_object (node);
      path = dot + 1;
    }
  return json_object_get_member (obj, path);
}

static JsonObject *
get_object (JsonObject *obj,
            const char *path)
{
  JsonNode *node = get_member (obj, path);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *obj,
           const char *path)
{
  JsonNode *node = get_member (obj, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
holds_type (JsonNode *node,
            GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static const char *
get_string (JsonObject *obj,
            const char *path)
{
  JsonNode *node = get_member (obj, path);

  return holds_type (node, G_TYPE_STRING) ? json_node_get_string (node) : NULL;
}

/* An integer member; @def when absent or null; FALSE when it is there but
 * not a whole number. */
static gboolean
get_int (JsonObject *obj,
         const char *path,
         gint64      def,
         gint64     *out)
{
  JsonNode *node = get_member (obj, path);
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

      /* Converting a double outside gint64's range (or NaN) is undefined
       * behaviour: such a number is no whole number we can use either. */
      if (!(d >= (double) G_MININT64 && d < -(double) G_MININT64) || d != (double) (gint64) d)
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
          const char *path)
{
  JsonNode *node = get_member (obj, path);

  return holds_type (node, G_TYPE_BOOLEAN) && json_node_get_boolean (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Member @key -> member @value (borrowed strings) of the objects of
 * @array (may be NULL): group and folder names by id, and the like. */
static GHashTable *
index_objects (JsonArray  *array,
               const char *key,
               const char *value)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *obj = array_object (array, i);
      const char *k = get_string (obj, key);
      const char *v = get_string (obj, value);

      if (k != NULL && v != NULL)
        g_hash_table_insert (table, (gpointer) k, (gpointer) v);
    }
  return table;
}

static char *
entry_label (guint i)
{
  return g_strdup_printf (_("entry %u"), i + 1);
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

JsonNode *
sk_import_parse_plain_json (SkSecret *plain)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (!json_parser_load_from_data (parser, sk_secret_get_string (plain),
                                   sk_secret_get_size (plain), NULL))
    return NULL;
  return json_parser_steal_root (parser);
}

/* Entries ------------------------------------------------------------------
 *
 * Aegis, 2FAS, andOTP, FreeOTP+ and Stratum write an account as a JSON
 * object with the same facts under other names: each is an EntryFormat,
 * read by read_entry().
 */

/* An entry being read: the candidate, and what its pointers may borrow. */
typedef struct {
  SkImportCandidate  c;
  GPtrArray         *tags;     /* borrowed strings */
  char              *text;     /* an issuer or name the format's quirk made */
  SkSecret          *secret;   /* a key not written in base32 */
  GBytes            *icon;
} Entry;

static void
entry_clear (Entry *e)
{
  g_clear_pointer (&e->tags, g_ptr_array_unref);
  g_clear_pointer (&e->text, g_free);
  g_clear_pointer (&e->secret, sk_secret_unref);
  g_clear_pointer (&e->icon, g_bytes_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Entry, entry_clear)

static void
entry_add_tag (Entry      *e,
               const char *tag)
{
  if (tag == NULL)
    return;
  if (e->tags == NULL)
    e->tags = g_ptr_array_new ();
  g_ptr_array_add (e->tags, (gpointer) tag);
}

/* The strings of @array as tags; with @names, they are ids of the tags
 * and unknown ones are left out. */
static void
entry_add_tags (Entry      *e,
                JsonArray  *array,
                GHashTable *names)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (holds_type (node, G_TYPE_STRING))
        entry_add_tag (e, names != NULL ? g_hash_table_lookup (names, json_node_get_string (node))
                                        : json_node_get_string (node));
    }
}

/* An icon in base64, for sk_import_add_candidate() to check. Pictures
 * are not secret: ordinary memory. */
static void
entry_set_icon (Entry      *e,
                const char *base64,
                const char *mime_type)
{
  gsize len = 0;
  guchar *raw = b64_decode_raw (base64, &len);

  if (raw == NULL && *base64 != '\0')
    {
      e->c.icon_error = _("The icon is not valid base64");
      return;
    }
  e->icon = g_bytes_new_take (raw, len);
  e->c.icon = e->icon;
  e->c.icon_mime_type = mime_type;
}

typedef struct {
  /* Paths of the members (see get_member()); NULL: the format has none.
   * The type and algorithm are names ("totp", "SHA1"), empty or missing
   * for TOTP and SHA1; digits, period and counter are numbers (or numbers
   * in strings) with the usual defaults. */
  const char *type;
  const char *algorithm;
  const char *issuer;
  const char *issuer_fallback;  /* when the issuer is missing or empty */
  const char *name;
  const char *note;
  const char *favourite;
  const char *secret;           /* base32 */
  const char *digits;
  const char *period;
  const char *counter;
  /* For a format that numbers the types and algorithms: their names
   * (newly allocated), or FALSE if they are not numbers. */
  gboolean  (*kind_names) (JsonObject *obj,
                           char      **type,
                           char      **algorithm);
  /* What is not a plain member: tags, icon, names to split... FALSE with
   * @reason for an entry that cannot be read. @data is the format's
   * tables, as given to read_entries(). */
  gboolean  (*finish)     (Entry      *e,
                           JsonObject *obj,
                           gpointer    data,
                           char      **reason);
} EntryFormat;

/* The type and algorithm of @e, which starts its candidate; or FALSE with
 * the reason. */
static gboolean
read_kind (Entry             *e,
           const EntryFormat *format,
           JsonObject        *obj,
           char             **reason)
{
  g_autofree char *type_owned = NULL;
  g_autofree char *algorithm_owned = NULL;
  const char *type_text = get_string (obj, format->type);
  const char *algorithm_text = get_string (obj, format->algorithm);
  SkOtpType type = SK_OTP_TOTP;
  SkOtpAlgorithm algorithm = SK_OTP_SHA1;

  if (format->kind_names != NULL)
    {
      if (!format->kind_names (obj, &type_owned, &algorithm_owned))
        {
          *reason = g_strdup (_("the type or algorithm is not a number"));
          return FALSE;
        }
      type_text = type_owned;
      algorithm_text = algorithm_owned;
    }
  if (type_text != NULL && *type_text != '\0' && !sk_otp_type_from_string (type_text, &type))
    {
      *reason = g_strdup_printf (_("the type “%s” is not supported (only TOTP, HOTP, Steam, Yandex and mOTP)"),
                                 type_text);
      return FALSE;
    }
  /* mOTP is always MD5 (Aegis writes "MD5"), which no other type uses:
   * the algorithm is not ours to pick. */
  if (type == SK_OTP_MOTP)
    algorithm_text = NULL;
  if (algorithm_text != NULL && *algorithm_text != '\0' &&
      !sk_otp_algorithm_from_string (algorithm_text, &algorithm))
    {
      *reason = g_strdup_printf (_("the algorithm “%s” is not supported (only SHA1, SHA256 and SHA512)"),
                                 algorithm_text);
      return FALSE;
    }
  sk_import_candidate_init (&e->c, type);
  if (type != SK_OTP_MOTP && type != SK_OTP_YANDEX)
    e->c.params.algorithm = algorithm;
  return TRUE;
}

/* Digits, period and counter of @e, or FALSE with the reason. */
static gboolean
read_numbers (Entry             *e,
              const EntryFormat *format,
              JsonObject        *obj,
              char             **reason)
{
  SkOtpParams *params = &e->c.params;
  gint64 digits, period, counter;

  if (!get_int (obj, format->digits, params->type == SK_OTP_STEAM ? 5 : 6, &digits) ||
      !get_int (obj, format->period, 30, &period) ||
      !get_int (obj, format->counter, 0, &counter))
    {
      *reason = g_strdup (_("digits, period or counter is not a number"));
      return FALSE;
    }
  if (params->type != SK_OTP_STEAM &&
      (digits < SK_OTP_DIGITS_MIN || digits > SK_OTP_DIGITS_MAX))
    {
      *reason = g_strdup_printf (_("digits must be between %d and %d, got %" PRIi64),
                                 SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, (int64_t) digits);
      return FALSE;
    }
  if (params->type != SK_OTP_HOTP && (period < 1 || period > G_MAXINT32))
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
  /* Aegis and Stratum make Yandex and mOTP codes with fixed digits (and
   * mOTP's fixed 10 s), whatever the file says. */
  if (params->type != SK_OTP_STEAM && params->type != SK_OTP_YANDEX &&
      params->type != SK_OTP_MOTP)
    params->digits = (guint) digits;
  if (params->type != SK_OTP_HOTP && params->type != SK_OTP_MOTP)
    params->period = (guint) period;
  params->counter = (guint64) counter;
  return TRUE;
}

/* Reads the entry @obj (NULL: it is not an object) into @result: a
 * candidate, or an invalid entry with the reason. */
static void
read_entry (SkImportResult    *result,
            const EntryFormat *format,
            JsonObject        *obj,
            gpointer           data,
            guint              i)
{
  g_autofree char *label = entry_label (i);
  g_autofree char *reason = NULL;
  g_auto(Entry) e = { 0 };

  if (obj == NULL)
    {
      sk_import_add_invalid (result, label, _("not an object"));
      return;
    }
  if (!read_kind (&e, format, obj, &reason))
    {
      sk_import_add_invalid (result, label, reason);
      return;
    }
  e.c.issuer = get_string (obj, format->issuer);
  if ((e.c.issuer == NULL || *e.c.issuer == '\0') && format->issuer_fallback != NULL)
    e.c.issuer = get_string (obj, format->issuer_fallback);
  e.c.name = get_string (obj, format->name);
  e.c.note = get_string (obj, format->note);
  e.c.favourite = get_bool (obj, format->favourite);
  e.c.secret_base32 = get_string (obj, format->secret);
  if ((format->finish != NULL && !format->finish (&e, obj, data, &reason)) ||
      !read_numbers (&e, format, obj, &reason))
    {
      sk_import_add_invalid (result, label, reason);
      return;
    }
  if (e.tags != NULL)
    {
      g_ptr_array_add (e.tags, NULL);
      e.c.tags = (const char * const *) e.tags->pdata;
    }
  sk_import_add_candidate (result, &e.c, label);
}

static void
read_entries (SkImportResult    *result,
              const EntryFormat *format,
              JsonArray         *entries,
              gpointer           data)
{
  for (guint i = 0; i < json_array_get_length (entries); i++)
    read_entry (result, format, array_object (entries, i), data, i);
}

/* Aegis ------------------------------------------------------------------- */

/* A file chooses its own scrypt cost and may carry any number of slots: a
 * 200 KB file could keep the CPU busy for days. Aegis writes one password
 * slot with N = 2^15, r = 8, p = 1 (N·r·p = 2^18); a few slots, and all of
 * them together 128 times that work, are plenty. */
#define AEGIS_MAX_PASSWORD_SLOTS 8
#define AEGIS_MAX_SCRYPT_WORK (G_GUINT64_CONSTANT (1) << 25)

/* Refuses, before any work, a file whose password slots ask too much. */
static gboolean
aegis_check_cost (JsonArray  *slots,
                  GError    **error)
{
  guint64 work = 0;
  guint n_slots = 0;

  for (guint i = 0; slots != NULL && i < json_array_get_length (slots); i++)
    {
      JsonObject *slot = array_object (slots, i);
      gint64 type, n, r, p;

      if (!get_int (slot, "type", -1, &type) || type != 1)
        continue;
      if (++n_slots > AEGIS_MAX_PASSWORD_SLOTS)
        {
          g_set_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                       _("this Aegis backup has more than %u password slots; Aegis writes one, so it is refused"),
                       (guint) AEGIS_MAX_PASSWORD_SLOTS);
          return FALSE;
        }
      /* Malformed values are reported when the slot is tried. */
      if (!get_int (slot, "n", 0, &n) || !get_int (slot, "r", 0, &r) ||
          !get_int (slot, "p", 0, &p) || n <= 0 || r <= 0 || p <= 0)
        continue;
      if ((guint64) n > AEGIS_MAX_SCRYPT_WORK || (guint64) r > AEGIS_MAX_SCRYPT_WORK ||
          (guint64) p > AEGIS_MAX_SCRYPT_WORK ||
          (guint64) n * (guint64) r > AEGIS_MAX_SCRYPT_WORK ||
          (guint64) n * (guint64) r * (guint64) p > AEGIS_MAX_SCRYPT_WORK - work)
        {
          g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                               _("this Aegis backup asks for far more password-derivation work than Aegis ever does (scrypt N, r, p too large); it is refused"));
          return FALSE;
        }
      work += (guint64) n * (guint64) r * (guint64) p;
    }
  return TRUE;
}

static SkSecret *
aegis_master_key (JsonObject  *header,
                  const char  *password,
                  GError     **error)
{
  JsonArray *slots = get_array (header, "slots");
  gboolean any_password_slot = FALSE;

  if (!aegis_check_cost (slots, error))
    return NULL;

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


/* @bytes as lowercase hex text, in guarded memory. */
static SkSecret *
hex_text (const SkSecret *bytes)
{
  static const char hex[] = "0123456789abcdef";
  const guint8 *in = sk_secret_get_data (bytes);
  gsize n = sk_secret_get_size (bytes);
  SkSecret *out = sk_secret_new (2 * n);
  guint8 *o = sk_secret_get_mutable (out);

  for (gsize i = 0; i < n; i++)
    {
      o[2 * i] = hex[in[i] >> 4];
      o[2 * i + 1] = hex[in[i] & 0x0f];
    }
  return out;
}

static gboolean
aegis_finish (Entry      *e,
              JsonObject *entry,
              gpointer    groups,
              char      **reason)
{
  const char *group = get_string (entry, "group");   /* database version 1 and 2 */
  const char *icon = get_string (entry, "icon");

  entry_add_tags (e, get_array (entry, "groups"), groups);
  if (group != NULL && *group != '\0')
    entry_add_tag (e, group);
  e->c.pin = get_string (entry, "info.pin");
  /* Aegis keeps an mOTP secret as bytes and hashes their lowercase hex. */
  if (e->c.params.type == SK_OTP_MOTP && e->c.secret_base32 != NULL)
    {
      g_autoptr(SkSecret) raw = sk_base32_decode (e->c.secret_base32, NULL);

      if (raw == NULL || sk_secret_get_size (raw) == 0)
        {
          *reason = g_strdup (_("the secret key is not valid base32"));
          return FALSE;
        }
      e->secret = hex_text (raw);
      e->c.secret = e->secret;
    }
  /* Base64 bytes; Aegis takes a missing "icon_mime" as JPEG, we let the
   * bytes say. "icon_hash" is only Aegis' own shortcut for comparing
   * icons: it is computed again on export. */
  if (icon != NULL)
    entry_set_icon (e, icon, get_string (entry, "icon_mime"));
  return TRUE;
}

static const EntryFormat aegis_format = {
  .type = "type", .algorithm = "info.algo", .secret = "info.secret",
  .issuer = "issuer", .name = "name", .note = "note", .favourite = "favorite",
  .digits = "info.digits", .period = "info.period", .counter = "info.counter",
  .finish = aegis_finish,
};

static gboolean
read_aegis_db (SkImportResult *result,
               JsonObject     *db,
               GError        **error)
{
  JsonArray *entries = get_array (db, "entries");
  g_autoptr(GHashTable) groups = NULL;
  gint64 version;

  if (entries == NULL)
    return damaged (error, "Aegis", _("there is no list of entries"));
  if (get_int (db, "version", 1, &version) && version > 3)
    g_ptr_array_add (result->warnings,
                     g_strdup_printf (_("the Aegis database version %" PRIi64 " is newer than the versions known (1 to 3): some details may be lost"),
                                      (int64_t) version));
  groups = index_objects (get_array (db, "groups"), "uuid", "name");
  read_entries (result, &aegis_format, entries, groups);
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
  plain_root = sk_import_parse_plain_json (plain);
  if (plain_root == NULL || !JSON_NODE_HOLDS_OBJECT (plain_root))
    return damaged (error, "Aegis", _("the decrypted database is not JSON"));
  return read_aegis_db (result, json_node_get_object (plain_root), error);
}

/* 2FAS -------------------------------------------------------------------- */

static gboolean
twofas_finish (Entry      *e,
               JsonObject *service,
               gpointer    groups,
               char      **reason)
{
  const char *group_id = get_string (service, "groupId");
  /* Schema 1 and manual entries: no "account" but "Issuer:account" in
   * the label. */
  const char *text = e->c.name == NULL ? get_string (service, "otp.label") : NULL;

  if (text != NULL && *text != '\0')
    {
      const char *colon = strchr (text, ':');

      e->text = g_strstrip (g_strdup (colon != NULL ? colon + 1 : text));
      e->c.name = e->text;
    }
  if (group_id != NULL)
    entry_add_tag (e, g_hash_table_lookup (groups, group_id));
  return TRUE;
}

static const EntryFormat twofas_format = {
  .type = "otp.tokenType", .algorithm = "otp.algorithm", .secret = "secret",
  .issuer = "otp.issuer", .issuer_fallback = "name", .name = "otp.account",
  .digits = "otp.digits", .period = "otp.period", .counter = "otp.counter",
  .finish = twofas_finish,
};

static gboolean
read_twofas_services (SkImportResult *result,
                      JsonArray      *services,
                      JsonArray      *groups)
{
  g_autoptr(GHashTable) group_names = index_objects (groups, "id", "name");

  read_entries (result, &twofas_format, services, group_names);
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
  if (plain == NULL && bad_format)
    return damaged (error, "2FAS", _("the encrypted services are malformed"));
  if (plain == NULL)
    {
      const char *reference = get_string (obj, "reference");
      g_autoptr(SkSecret) check = NULL;
      gboolean reference_bad_format = TRUE;

      /* 2FAS encrypts a fixed text with the same key for checking the
       * password: when it opens, the password is right and the services
       * themselves are damaged. */
      if (reference != NULL)
        check = twofas_decrypt (reference, password, &reference_bad_format);
      if (check != NULL)
        return damaged (error, "2FAS", _("the encrypted services are damaged (the password is right)"));
      return wrong_password (error, "2FAS");
    }
  services_root = sk_import_parse_plain_json (plain);
  if (services_root == NULL || !JSON_NODE_HOLDS_ARRAY (services_root))
    return damaged (error, "2FAS", _("the decrypted services are not a JSON list"));
  return read_twofas_services (result, json_node_get_array (services_root),
                               get_array (obj, "groups"));
}

/* andOTP ------------------------------------------------------------------ */

static gboolean
andotp_finish (Entry      *e,
               JsonObject *entry,
               gpointer    data,
               char      **reason)
{
  const char *name = e->c.name;

  if ((e->c.issuer == NULL || *e->c.issuer == '\0') && name != NULL &&
      (strstr (name, " - ") != NULL || strchr (name, ':') != NULL))
    {
      /* Old andOTP backups have no issuer: the label is
       * "Issuer - Issuer:name" or "Issuer:name". */
      const char *dash = strstr (name, " - ");
      const char *sep = dash != NULL ? dash : strchr (name, ':');
      gsize issuer_len;

      e->text = g_strstrip (g_strndup (name, sep - name));
      e->c.issuer = e->text;
      name = sep + (dash != NULL ? 3 : 1);
      issuer_len = strlen (e->c.issuer);
      if (strncmp (name, e->c.issuer, issuer_len) == 0 && name[issuer_len] == ':')
        name += issuer_len + 1;
      while (*name == ' ')
        name++;
      e->c.name = name;
    }
  entry_add_tags (e, get_array (entry, "tags"), NULL);
  return TRUE;
}

static const EntryFormat andotp_format = {
  .type = "type", .algorithm = "algorithm", .secret = "secret",
  .issuer = "issuer", .name = "label",
  .digits = "digits", .period = "period", .counter = "counter",
  .finish = andotp_finish,
};

gboolean
sk_import_read_andotp_json (SkImportResult *result,
                            JsonNode       *root,
                            GError        **error)
{
  if (!JSON_NODE_HOLDS_ARRAY (root))
    return damaged (error, "andOTP", _("the backup is not a JSON list"));
  read_entries (result, &andotp_format, json_node_get_array (root), NULL);
  return TRUE;
}

/* FreeOTP+ ---------------------------------------------------------------- */

/* The key is a list of signed bytes; base32 is read too. */
static gboolean
freeotp_plus_finish (Entry      *e,
                     JsonObject *token,
                     gpointer    data,
                     char      **reason)
{
  JsonArray *bytes = get_array (token, "secret");
  guint n = bytes != NULL ? json_array_get_length (bytes) : 0;

  if (bytes == NULL)
    return TRUE;
  e->secret = sk_secret_new (n);
  for (guint b = 0; b < n; b++)
    {
      JsonNode *node = json_array_get_element (bytes, b);
      gint64 v;

      if (!holds_type (node, G_TYPE_INT64) || (v = json_node_get_int (node)) < -128 || v > 255)
        {
          *reason = g_strdup (_("the secret key is not a list of bytes"));
          return FALSE;
        }
      sk_secret_get_mutable (e->secret)[b] = (guint8) (v & 0xff);
    }
  e->c.secret = e->secret;
  return TRUE;
}

static const EntryFormat freeotp_plus_format = {
  .type = "type", .algorithm = "algo", .secret = "secret",
  .issuer = "issuerExt", .issuer_fallback = "issuerInt", .name = "label",
  .digits = "digits", .period = "period", .counter = "counter",
  .finish = freeotp_plus_finish,
};

static gboolean
read_freeotp_plus (SkImportResult *result,
                   JsonObject     *root,
                   GError        **error)
{
  JsonArray *tokens = get_array (root, "tokens");

  if (tokens == NULL)
    return damaged (error, "FreeOTP+", _("there is no list of tokens"));
  read_entries (result, &freeotp_plus_format, tokens, NULL);
  return TRUE;
}

/* Stratum / Authenticator Pro --------------------------------------------- */

typedef struct {
  GHashTable *icon_data;    /* id -> base64 picture of the icons the user made ("Icon": "@id") */
  GHashTable *secret_tags;  /* secret -> GPtrArray of category names */
} StratumTables;

static gboolean
stratum_kind_names (JsonObject *auth,
                    char      **type,
                    char      **algorithm)
{
  static const char * const types[] = { NULL, "hotp", "totp", "motp", "steam", "yandex" };
  static const char * const algorithms[] = { "SHA1", "SHA256", "SHA512" };
  gint64 t, a;

  if (!get_int (auth, "Type", 2, &t) || !get_int (auth, "Algorithm", 0, &a))
    return FALSE;
  *type = t >= 1 && t < (gint64) G_N_ELEMENTS (types)
          ? g_strdup (types[t]) : g_strdup_printf ("%" G_GINT64_FORMAT, t);
  *algorithm = a >= 0 && a < (gint64) G_N_ELEMENTS (algorithms)
               ? g_strdup (algorithms[a]) : g_strdup_printf ("%" G_GINT64_FORMAT, a);
  return TRUE;
}

static gboolean
stratum_finish (Entry      *e,
                JsonObject *auth,
                gpointer    data,
                char      **reason)
{
  StratumTables *tables = data;
  const char *icon_name = get_string (auth, "Icon");
  GPtrArray *linked = e->c.secret_base32 != NULL
                      ? g_hash_table_lookup (tables->secret_tags, e->c.secret_base32) : NULL;

  for (guint t = 0; linked != NULL && t < linked->len; t++)
    entry_add_tag (e, g_ptr_array_index (linked, t));
  e->c.pin = get_string (auth, "Pin");
  /* Stratum hashes an mOTP secret as the text it is. */
  if (e->c.params.type == SK_OTP_MOTP && e->c.secret_base32 != NULL &&
      *e->c.secret_base32 != '\0')
    {
      e->secret = sk_secret_new_from_data (e->c.secret_base32, strlen (e->c.secret_base32));
      e->c.secret = e->secret;
    }
  /* Other icon names are Stratum's built-in pictures, which are not
   * in the file. */
  if (icon_name != NULL && icon_name[0] == '@')
    {
      const char *picture = g_hash_table_lookup (tables->icon_data, icon_name + 1);

      if (picture != NULL)
        entry_set_icon (e, picture, NULL);
      else
        e->c.icon_error = _("The icon's picture is missing from the file");
    }
  return TRUE;
}

static const EntryFormat stratum_format = {
  .secret = "Secret",
  .issuer = "Issuer", .name = "Username",
  .digits = "Digits", .period = "Period", .counter = "Counter",
  .kind_names = stratum_kind_names, .finish = stratum_finish,
};

gboolean
sk_import_read_stratum_json (SkImportResult *result,
                             JsonNode       *root,
                             GError        **error)
{
  JsonObject *obj = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *auths = get_array (obj, "Authenticators");
  JsonArray *links = get_array (obj, "AuthenticatorCategories");
  g_autoptr(GHashTable) category_names = NULL;
  g_autoptr(GHashTable) icon_data = NULL;
  g_autoptr(GHashTable) secret_tags = NULL;
  StratumTables tables;

  if (auths == NULL)
    return damaged (error, "Stratum", _("there is no list of authenticators"));
  category_names = index_objects (get_array (obj, "Categories"), "Id", "Name");
  icon_data = index_objects (get_array (obj, "CustomIcons"), "Id", "Data");
  secret_tags = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
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
  tables.icon_data = icon_data;
  tables.secret_tags = secret_tags;
  read_entries (result, &stratum_format, auths, &tables);
  return TRUE;
}

/* Bitwarden --------------------------------------------------------------- */

static gboolean
read_bitwarden (SkImportResult *result,
                JsonObject     *root,
                GError        **error)
{
  JsonArray *items = get_array (root, "items");
  g_autoptr(GHashTable) folder_names = NULL;

  if (get_bool (root, "encrypted") || get_bool (root, "passwordProtected"))
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("encrypted Bitwarden exports cannot be read: export from Bitwarden again as unencrypted JSON"));
      return FALSE;
    }
  if (items == NULL)
    return damaged (error, "Bitwarden", _("there is no list of items"));
  folder_names = index_objects (get_array (root, "folders"), "id", "name");

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
