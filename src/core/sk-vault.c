/* sk-vault.c: the decrypted vault contents (data model)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sk-account-private.h"
#include "sparekey/sk-vault.h"

/*
 * The payload (what the vault file encrypts) is:
 *
 *   "SKPL" | u32 payload version | u32 JSON length | JSON |
 *   u32 secret count | { u16 id length | id | u32 length | bytes } ...
 *
 * all integers little-endian. The JSON holds every record but no secret:
 * secrets (OTP keys, later recovery codes) sit in the secret table, keyed
 * by "<record uuid>/<field>", so they go from the decrypted buffer straight
 * into guarded memory and never through the JSON parser's heap strings.
 * docs/vault-format.md describes it for people.
 */

#define PAYLOAD_MAGIC "SKPL"

struct _SkVault
{
  GObject     parent_instance;

  GListStore *accounts;
  GHashTable *by_uuid;      /* uuid -> SkAccount (borrowed from the store) */
  GHashTable *tombstones;   /* uuid -> gint64* deletion time (µs) */
  /* Records this version could not use: JsonNode*, written back unchanged. */
  GPtrArray  *kept_aside;
  GPtrArray  *problems;     /* of char* */
  /* Top-level JSON members other than the ones handled here: later
   * features' sections and sections written by newer versions. */
  JsonObject *sections;
  /* Secrets not owned by an account: sections' secrets, and any entry of
   * the table no known record claimed (a newer version's). */
  GHashTable *secrets;      /* id -> SkSecret* */
  gboolean    dirty;
};

G_DEFINE_FINAL_TYPE (SkVault, sk_vault, G_TYPE_OBJECT)

static const char * const known_members[] = {
  "version", "accounts", "tombstones", NULL
};

static const char * const known_account_members[] = {
  "uuid", "type", "issuer", "name", "algorithm", "digits", "period",
  "counter", "t0", "tags", "note", "favourite", "created", "updated",
  "last_used", NULL
};

GQuark
sk_vault_error_quark (void)
{
  return g_quark_from_static_string ("sk-vault-error-quark");
}

static void
sk_vault_finalize (GObject *object)
{
  SkVault *self = SK_VAULT (object);

  g_clear_object (&self->accounts);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->tombstones, g_hash_table_unref);
  g_clear_pointer (&self->kept_aside, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->sections, json_object_unref);
  g_clear_pointer (&self->secrets, g_hash_table_unref);

  G_OBJECT_CLASS (sk_vault_parent_class)->finalize (object);
}

static void
sk_vault_class_init (SkVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_vault_finalize;
}

static void
sk_vault_init (SkVault *self)
{
  self->accounts = g_list_store_new (SK_TYPE_ACCOUNT);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kept_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->sections = json_object_new ();
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) sk_secret_unref);
}

/**
 * sk_vault_new:
 *
 * Returns: (transfer full): an empty vault
 */
SkVault *
sk_vault_new (void)
{
  return g_object_new (SK_TYPE_VAULT, NULL);
}

/**
 * sk_vault_get_accounts:
 *
 * Returns: (transfer none): a GListModel of SkAccount
 */
GListModel *
sk_vault_get_accounts (SkVault *self)
{
  g_return_val_if_fail (SK_IS_VAULT (self), NULL);

  return G_LIST_MODEL (self->accounts);
}

guint
sk_vault_get_n_accounts (SkVault *self)
{
  g_return_val_if_fail (SK_IS_VAULT (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
}

static void
on_account_notify (SkAccount  *account,
                   GParamSpec *pspec,
                   SkVault    *self)
{
  self->dirty = TRUE;
}

static void
track_account (SkVault   *self,
               SkAccount *account)
{
  g_hash_table_insert (self->by_uuid, (gpointer) sk_account_get_uuid (account), account);
  g_hash_table_remove (self->tombstones, sk_account_get_uuid (account));
  g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify), self, 0);
}

void
sk_vault_add_account (SkVault   *self,
                      SkAccount *account)
{
  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (SK_IS_ACCOUNT (account));

  sk_vault_add_accounts (self, &account, 1);
}

void
sk_vault_add_accounts (SkVault    *self,
                       SkAccount **accounts,
                       guint       n_accounts)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (accounts != NULL || n_accounts == 0);

  for (guint i = 0; i < n_accounts; i++)
    {
      g_return_if_fail (SK_IS_ACCOUNT (accounts[i]));

      /* Adding the same record twice would break the UUID index. */
      if (g_hash_table_contains (self->by_uuid, sk_account_get_uuid (accounts[i])))
        {
          g_critical ("account %s is already in the vault", sk_account_get_uuid (accounts[i]));
          continue;
        }
      track_account (self, accounts[i]);
      g_ptr_array_add (added, accounts[i]);
    }

  if (added->len == 0)
    return;
  g_list_store_splice (self->accounts,
                       g_list_model_get_n_items (G_LIST_MODEL (self->accounts)),
                       0, added->pdata, added->len);
  self->dirty = TRUE;
}

gboolean
sk_vault_remove_account (SkVault   *self,
                         SkAccount *account)
{
  guint position;
  gint64 *when;

  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), FALSE);

  if (!g_list_store_find (self->accounts, account, &position))
    return FALSE;

  when = g_new (gint64, 1);
  *when = MAX (g_get_real_time (), sk_account_get_updated (account) + 1);
  g_hash_table_insert (self->tombstones, g_strdup (sk_account_get_uuid (account)), when);
  g_hash_table_remove (self->by_uuid, sk_account_get_uuid (account));
  g_signal_handlers_disconnect_by_func (account, on_account_notify, self);
  g_list_store_remove (self->accounts, position);
  self->dirty = TRUE;

  return TRUE;
}

/**
 * sk_vault_lookup_account:
 *
 * Returns: (transfer none) (nullable): the account with this UUID
 */
SkAccount *
sk_vault_lookup_account (SkVault    *self,
                         const char *uuid)
{
  g_return_val_if_fail (SK_IS_VAULT (self), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_hash_table_lookup (self->by_uuid, uuid);
}

/**
 * sk_vault_find_accounts:
 *
 * Returns: (transfer container): borrowed SkAccount pointers
 */
GPtrArray *
sk_vault_find_accounts (SkVault    *self,
                        const char *query)
{
  GPtrArray *result = g_ptr_array_new ();
  g_autofree char *normalized = NULL;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (self), result);

  if (query == NULL || *query == '\0')
    query = "";

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  /* A UUID, or an unambiguous prefix of one, as `list` prints them. */
  if (strlen (query) >= 4)
    {
      g_autofree char *lower = g_ascii_strdown (query, -1);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

          if (g_str_has_prefix (sk_account_get_uuid (account), lower))
            g_ptr_array_add (result, account);
        }
      if (result->len > 0)
        return result;
    }

  normalized = sk_search_normalize (query);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      if (sk_account_matches (account, normalized))
        g_ptr_array_add (result, account);
    }

  return result;
}

gboolean
sk_vault_get_dirty (SkVault *self)
{
  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);

  return self->dirty;
}

void
sk_vault_set_dirty (SkVault  *self,
                    gboolean  dirty)
{
  g_return_if_fail (SK_IS_VAULT (self));

  self->dirty = !!dirty;
}

/**
 * sk_vault_get_problems:
 *
 * Returns: (transfer none): descriptions of the records kept aside on load
 */
GPtrArray *
sk_vault_get_problems (SkVault *self)
{
  g_return_val_if_fail (SK_IS_VAULT (self), NULL);

  return self->problems;
}

JsonNode *
sk_vault_get_section (SkVault    *self,
                      const char *name)
{
  g_return_val_if_fail (SK_IS_VAULT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return json_object_get_member (self->sections, name);
}

void
sk_vault_set_section (SkVault    *self,
                      const char *name,
                      JsonNode   *node)
{
  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (!g_strv_contains (known_members, name));

  if (node == NULL)
    json_object_remove_member (self->sections, name);
  else
    json_object_set_member (self->sections, name, json_node_copy (node));
  self->dirty = TRUE;
}

SkSecret *
sk_vault_get_secret (SkVault    *self,
                     const char *id)
{
  g_return_val_if_fail (SK_IS_VAULT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->secrets, id);
}

void
sk_vault_set_secret (SkVault    *self,
                     const char *id,
                     SkSecret   *secret)
{
  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (id != NULL && strlen (id) < G_MAXUINT16);

  if (secret == NULL)
    g_hash_table_remove (self->secrets, id);
  else
    g_hash_table_insert (self->secrets, g_strdup (id), sk_secret_ref (secret));
  self->dirty = TRUE;
}

/* Serialization --------------------------------------------------------- */

static char *
account_secret_id (const char *uuid)
{
  return g_strconcat (uuid, "/secret", NULL);
}

static JsonNode *
account_to_json (SkAccount *account)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *extra = g_object_get_data (G_OBJECT (account), "sk-vault-extra");
  const char * const *tags = sk_account_get_tags (account);
  SkOtpType type = sk_account_get_otp_type (account);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, sk_account_get_uuid (account));
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, sk_otp_type_to_string (type));
  json_builder_set_member_name (builder, "issuer");
  json_builder_add_string_value (builder, sk_account_get_issuer (account));
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, sk_account_get_name (account));
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, sk_otp_algorithm_to_string (sk_account_get_algorithm (account)));
  json_builder_set_member_name (builder, "digits");
  json_builder_add_int_value (builder, sk_account_get_digits (account));
  if (type == SK_OTP_HOTP)
    {
      json_builder_set_member_name (builder, "counter");
      json_builder_add_int_value (builder, (gint64) sk_account_get_counter (account));
    }
  else
    {
      json_builder_set_member_name (builder, "period");
      json_builder_add_int_value (builder, sk_account_get_period (account));
    }
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "note");
  json_builder_add_string_value (builder, sk_account_get_note (account));
  json_builder_set_member_name (builder, "favourite");
  json_builder_add_boolean_value (builder, sk_account_get_favourite (account));
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, sk_account_get_created (account));
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, sk_account_get_updated (account));
  json_builder_set_member_name (builder, "last_used");
  json_builder_add_int_value (builder, sk_account_get_last_used (account));

  /* Members a newer version added to the record, kept as they were. */
  if (extra != NULL)
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *value;

      json_object_iter_init (&iter, extra);
      while (json_object_iter_next (&iter, &member, &value))
        {
          json_builder_set_member_name (builder, member);
          json_builder_add_value (builder, json_node_copy (value));
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
put_u16 (GByteArray *out, guint16 v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };
  g_byte_array_append (out, b, 2);
}

static void
put_u32 (GByteArray *out, guint32 v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
  g_byte_array_append (out, b, 4);
}

static guint32
get_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
get_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

/**
 * sk_vault_serialize:
 *
 * Returns: (transfer full): the payload in guarded memory
 */
SkSecret *
sk_vault_serialize (SkVault  *self,
                    GError  **error)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GByteArray) head = g_byte_array_new ();
  g_autofree char *json = NULL;
  JsonArray *accounts;
  JsonArray *tombstones;
  GHashTableIter iter;
  gpointer key, value;
  gsize json_len, total, pos;
  SkSecret *out;
  guint8 *p;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (self), NULL);

  json_object_set_int_member (root, "version", SK_PAYLOAD_VERSION);

  accounts = json_array_new ();
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      SkSecret *secret = sk_account_get_secret (account);

      json_array_add_element (accounts, account_to_json (account));
      if (secret != NULL)
        g_hash_table_insert (table, account_secret_id (sk_account_get_uuid (account)), secret);
    }
  for (guint i = 0; i < self->kept_aside->len; i++)
    json_array_add_element (accounts, json_node_copy (g_ptr_array_index (self->kept_aside, i)));
  json_object_set_array_member (root, "accounts", accounts);

  tombstones = json_array_new ();
  g_hash_table_iter_init (&iter, self->tombstones);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *t = json_object_new ();

      json_object_set_string_member (t, "uuid", key);
      json_object_set_int_member (t, "deleted", *(gint64 *) value);
      json_array_add_object_element (tombstones, t);
    }
  json_object_set_array_member (root, "tombstones", tombstones);

  {
    JsonObjectIter siter;
    const char *member;
    JsonNode *node;

    json_object_iter_init (&siter, self->sections);
    while (json_object_iter_next (&siter, &member, &node))
      json_object_set_member (root, member, json_node_copy (node));
  }

  /* Secrets of sections and of records kept aside; an account's own key
   * takes precedence over a stale entry with the same id. */
  g_hash_table_iter_init (&iter, self->secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (table, key))
      g_hash_table_insert (table, g_strdup (key), value);

  json_node_take_object (root_node, g_steal_pointer (&root));
  json_generator_set_root (generator, root_node);
  json = json_generator_to_data (generator, &json_len);
  if (json_len > G_MAXUINT32)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                           _("The vault is too large to save"));
      return NULL;
    }

  total = 12 + json_len + 4;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    total += 2 + strlen (key) + 4 + sk_secret_get_size (value);

  g_byte_array_append (head, (const guint8 *) PAYLOAD_MAGIC, 4);
  put_u32 (head, SK_PAYLOAD_VERSION);
  put_u32 (head, (guint32) json_len);

  out = sk_secret_new (total);
  p = sk_secret_get_mutable (out);
  memcpy (p, head->data, head->len);
  pos = head->len;
  memcpy (p + pos, json, json_len);
  pos += json_len;

  g_byte_array_set_size (head, 0);
  put_u32 (head, g_hash_table_size (table));
  memcpy (p + pos, head->data, 4);
  pos += 4;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize id_len = strlen (key);
      gsize len = sk_secret_get_size (value);

      g_byte_array_set_size (head, 0);
      put_u16 (head, (guint16) id_len);
      memcpy (p + pos, head->data, 2);
      pos += 2;
      memcpy (p + pos, key, id_len);
      pos += id_len;
      g_byte_array_set_size (head, 0);
      put_u32 (head, (guint32) len);
      memcpy (p + pos, head->data, 4);
      pos += 4;
      memcpy (p + pos, sk_secret_get_data (value), len);
      pos += len;
    }
  g_assert (pos == total);

  return out;
}

static gint64
member_int (JsonObject *obj,
            const char *name,
            gint64      fallback)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static const char *
member_string (JsonObject *obj,
               const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Builds an account from its JSON record, or says why it cannot. */
static SkAccount *
account_from_json (JsonObject  *obj,
                   GHashTable  *secrets,
                   GError     **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *secret_id = NULL;
  const char *uuid = member_string (obj, "uuid");
  const char *type_str = member_string (obj, "type");
  const char *alg_str = member_string (obj, "algorithm");
  SkOtpType type;
  SkOtpAlgorithm algorithm = SK_OTP_SHA1;
  SkOtpParams params;
  SkSecret *secret;
  JsonNode *tags_node;
  JsonObject *extra = NULL;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  gint64 digits, period, counter;

  if (uuid == NULL || *uuid == '\0')
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED, _("it has no UUID"));
      return NULL;
    }
  if (type_str == NULL || !sk_otp_type_from_string (type_str, &type))
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                   _("its type “%s” is unknown"), type_str ? type_str : "");
      return NULL;
    }
  if (alg_str != NULL && !sk_otp_algorithm_from_string (alg_str, &algorithm))
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                   _("its algorithm “%s” is unknown"), alg_str);
      return NULL;
    }

  sk_otp_params_init (&params, type);
  digits = member_int (obj, "digits", params.digits);
  period = member_int (obj, "period", params.period);
  counter = member_int (obj, "counter", 0);
  if (digits < 0 || digits > G_MAXUINT || period < 0 || period > G_MAXUINT || counter < 0)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                           _("a number in it is out of range"));
      return NULL;
    }
  params.algorithm = algorithm;
  params.digits = (guint) digits;
  params.period = (guint) period;
  params.counter = (guint64) counter;
  if (!sk_otp_params_validate (&params, error))
    return NULL;

  secret_id = account_secret_id (uuid);
  secret = g_hash_table_lookup (secrets, secret_id);
  if (secret == NULL || sk_secret_get_size (secret) == 0)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED, _("its secret is missing"));
      return NULL;
    }

  account = sk_account_new_full (uuid, type, member_int (obj, "created", 0));
  sk_account_set_issuer (account, member_string (obj, "issuer"));
  sk_account_set_name (account, member_string (obj, "name"));
  sk_account_set_algorithm (account, algorithm);
  sk_account_set_digits (account, params.digits);
  if (type == SK_OTP_HOTP)
    sk_account_set_counter (account, params.counter);
  else
    sk_account_set_period (account, params.period);
  tags_node = json_object_get_member (obj, "tags");
  if (tags_node != NULL && JSON_NODE_HOLDS_ARRAY (tags_node))
    {
      JsonArray *arr = json_node_get_array (tags_node);
      g_autoptr(GStrvBuilder) tb = g_strv_builder_new ();
      g_auto(GStrv) tags = NULL;

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *t = json_array_get_element (arr, i);

          if (json_node_get_value_type (t) == G_TYPE_STRING)
            g_strv_builder_add (tb, json_node_get_string (t));
        }
      tags = g_strv_builder_end (tb);
      if (tags[0] != NULL)
        sk_account_set_tags (account, (const char * const *) tags);
    }
  sk_account_set_note (account, member_string (obj, "note"));
  {
    JsonNode *fav = json_object_get_member (obj, "favourite");

    if (fav != NULL && json_node_get_value_type (fav) == G_TYPE_BOOLEAN)
      sk_account_set_favourite (account, json_node_get_boolean (fav));
  }
  sk_account_set_last_used (account, member_int (obj, "last_used", 0));
  sk_account_set_secret (account, secret);
  sk_account_set_updated_internal (account, member_int (obj, "updated", member_int (obj, "created", 0)));

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (g_strv_contains (known_account_members, member))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, member, json_node_copy (value));
    }
  if (extra != NULL)
    g_object_set_data_full (G_OBJECT (account), "sk-vault-extra", extra,
                            (GDestroyNotify) json_object_unref);

  return g_steal_pointer (&account);
}

static gboolean
damaged (GError     **error,
         const char  *what)
{
  g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
               _("The vault contents are damaged: %s"), what);
  return FALSE;
}

/**
 * sk_vault_deserialize:
 *
 * Returns: (transfer full): the vault, or %NULL with @error set
 */
SkVault *
sk_vault_deserialize (const guint8  *data,
                      gsize          size,
                      GError       **error)
{
  g_autoptr(SkVault) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *node;
  JsonObjectIter iter;
  const char *member;
  guint32 version, json_len, n_secrets;
  gsize pos;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size < 16 || memcmp (data, PAYLOAD_MAGIC, 4) != 0)
    return damaged (error, _("no payload header")), NULL;
  version = get_u32 (data + 4);
  if (version == 0)
    return damaged (error, _("payload version 0")), NULL;
  if (version > SK_PAYLOAD_VERSION)
    {
      /* The file format guarantees older readers a clear answer. */
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION,
                   _("The vault was written by a newer Sparekey (contents version %u); "
                     "update Sparekey to open it"), version);
      return NULL;
    }
  json_len = get_u32 (data + 8);
  if (json_len > size - 12 - 4)
    return damaged (error, _("truncated record list")), NULL;

  /* The secret table first, so accounts can claim their keys. */
  secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) sk_secret_unref);
  pos = 12 + json_len;
  n_secrets = get_u32 (data + pos);
  pos += 4;
  for (guint32 i = 0; i < n_secrets; i++)
    {
      guint16 id_len;
      guint32 len;
      char *id;

      if (size - pos < 2)
        return damaged (error, _("truncated secret table")), NULL;
      id_len = get_u16 (data + pos);
      pos += 2;
      if (size - pos < (gsize) id_len + 4)
        return damaged (error, _("truncated secret table")), NULL;
      id = g_strndup ((const char *) data + pos, id_len);
      pos += id_len;
      len = get_u32 (data + pos);
      pos += 4;
      if (size - pos < len)
        {
          g_free (id);
          return damaged (error, _("truncated secret table")), NULL;
        }
      g_hash_table_insert (secrets, id, sk_secret_new_from_data (data + pos, len));
      pos += len;
    }
  if (pos != size)
    return damaged (error, _("trailing bytes after the secret table")), NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, (const char *) data + 12, json_len, &local_error))
    return damaged (error, local_error->message), NULL;
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return damaged (error, _("the record list is not a JSON object")), NULL;
  root = json_node_get_object (root_node);

  self = sk_vault_new ();
  loaded = g_ptr_array_new_with_free_func (g_object_unref);

  node = json_object_get_member (root, "accounts");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);
      guint n = json_array_get_length (arr);

      for (guint i = 0; i < n; i++)
        {
          JsonNode *element = json_array_get_element (arr, i);
          g_autoptr(GError) entry_error = NULL;
          SkAccount *account = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            account = account_from_json (json_node_get_object (element), secrets, &entry_error);
          else
            g_set_error_literal (&entry_error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                                 _("it is not a JSON object"));

          if (account != NULL && g_hash_table_contains (self->by_uuid, sk_account_get_uuid (account)))
            {
              g_clear_object (&account);
              g_set_error_literal (&entry_error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                                   _("its UUID appears twice"));
            }

          if (account == NULL)
            {
              /* Kept aside, written back unchanged, reported: one bad
               * record never stops the vault from opening. */
              g_ptr_array_add (self->kept_aside, json_node_copy (element));
              g_ptr_array_add (self->problems,
                               g_strdup_printf (_("Account record %u was set aside: %s"),
                                                i + 1, entry_error->message));
              continue;
            }
          g_hash_table_insert (self->by_uuid, (gpointer) sk_account_get_uuid (account), account);
          g_ptr_array_add (loaded, account);
        }
    }

  node = json_object_get_member (root, "tombstones");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *arr = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (arr); i++)
        {
          JsonNode *t = json_array_get_element (arr, i);
          const char *uuid;
          gint64 *when;

          if (!JSON_NODE_HOLDS_OBJECT (t))
            continue;
          uuid = member_string (json_node_get_object (t), "uuid");
          if (uuid == NULL)
            continue;
          when = g_new (gint64, 1);
          *when = member_int (json_node_get_object (t), "deleted", 0);
          g_hash_table_insert (self->tombstones, g_strdup (uuid), when);
        }
    }

  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &member, &node))
    if (!g_strv_contains (known_members, member))
      json_object_set_member (self->sections, member, json_node_copy (node));

  /* Entries the accounts did not claim stay in the table for whoever owns
   * them (sections, records kept aside, newer versions). */
  for (guint i = 0; i < loaded->len; i++)
    {
      g_autofree char *id = account_secret_id (sk_account_get_uuid (loaded->pdata[i]));

      g_hash_table_remove (secrets, id);
    }
  g_clear_pointer (&self->secrets, g_hash_table_unref);
  self->secrets = g_steal_pointer (&secrets);

  /* The index was filled above to detect duplicates; track_account()
   * fills it again with the same pointers. */
  g_hash_table_remove_all (self->by_uuid);
  for (guint i = 0; i < loaded->len; i++)
    track_account (self, loaded->pdata[i]);
  g_list_store_splice (self->accounts, 0, 0, loaded->pdata, loaded->len);
  self->dirty = FALSE;

  return g_steal_pointer (&self);
}

/* Merging --------------------------------------------------------------- */

static void
copy_account (SkAccount *dst,
              SkAccount *src)
{
  g_object_freeze_notify (G_OBJECT (dst));
  sk_account_set_otp_type (dst, sk_account_get_otp_type (src));
  sk_account_set_issuer (dst, sk_account_get_issuer (src));
  sk_account_set_name (dst, sk_account_get_name (src));
  sk_account_set_algorithm (dst, sk_account_get_algorithm (src));
  sk_account_set_digits (dst, sk_account_get_digits (src));
  sk_account_set_period (dst, sk_account_get_period (src));
  sk_account_set_counter (dst, sk_account_get_counter (src));
  sk_account_set_tags (dst, sk_account_get_tags (src));
  sk_account_set_note (dst, sk_account_get_note (src));
  sk_account_set_favourite (dst, sk_account_get_favourite (src));
  sk_account_set_last_used (dst, sk_account_get_last_used (src));
  sk_account_set_secret (dst, sk_account_get_secret (src));
  sk_account_set_created_internal (dst, sk_account_get_created (src));
  sk_account_set_updated_internal (dst, sk_account_get_updated (src));
  g_object_set_data_full (G_OBJECT (dst), "sk-vault-extra",
                          g_object_get_data (G_OBJECT (src), "sk-vault-extra")
                            ? json_object_ref (g_object_get_data (G_OBJECT (src), "sk-vault-extra"))
                            : NULL,
                          (GDestroyNotify) json_object_unref);
  g_object_thaw_notify (G_OBJECT (dst));
}

gboolean
sk_vault_merge (SkVault *self,
                SkVault *other)
{
  g_autoptr(GPtrArray) to_add = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) to_remove = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed = FALSE;
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (SK_IS_VAULT (other), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (other->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) theirs = g_list_model_get_item (G_LIST_MODEL (other->accounts), i);
      const char *uuid = sk_account_get_uuid (theirs);
      SkAccount *mine = g_hash_table_lookup (self->by_uuid, uuid);
      gint64 *deleted = g_hash_table_lookup (self->tombstones, uuid);

      if (mine != NULL)
        {
          if (sk_account_get_updated (theirs) > sk_account_get_updated (mine))
            {
              copy_account (mine, theirs);
              changed = TRUE;
            }
        }
      else if (deleted == NULL || *deleted < sk_account_get_updated (theirs))
        {
          g_autoptr(SkAccount) copy = sk_account_new_full (uuid, sk_account_get_otp_type (theirs),
                                                           sk_account_get_created (theirs));

          copy_account (copy, theirs);
          g_ptr_array_add (to_add, g_steal_pointer (&copy));
        }
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) mine = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      gint64 *deleted = g_hash_table_lookup (other->tombstones, sk_account_get_uuid (mine));

      if (deleted != NULL && *deleted >= sk_account_get_updated (mine))
        g_ptr_array_add (to_remove, g_steal_pointer (&mine));
    }

  for (guint i = 0; i < to_remove->len; i++)
    {
      SkAccount *account = to_remove->pdata[i];
      gint64 deleted = *(gint64 *) g_hash_table_lookup (other->tombstones, sk_account_get_uuid (account));

      sk_vault_remove_account (self, account);
      *(gint64 *) g_hash_table_lookup (self->tombstones, sk_account_get_uuid (account)) = deleted;
      changed = TRUE;
    }

  /* A tombstone we do not have yet is kept, so a third copy merged later
   * cannot bring the record back either. */
  g_hash_table_iter_init (&iter, other->tombstones);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 *mine = g_hash_table_lookup (self->tombstones, key);

      if (g_hash_table_contains (self->by_uuid, key))
        continue;
      if (mine == NULL)
        {
          gint64 *when = g_new (gint64, 1);

          *when = *(gint64 *) value;
          g_hash_table_insert (self->tombstones, g_strdup (key), when);
          changed = TRUE;
        }
      else if (*mine < *(gint64 *) value)
        *mine = *(gint64 *) value;
    }

  if (to_add->len > 0)
    {
      sk_vault_add_accounts (self, (SkAccount **) to_add->pdata, to_add->len);
      changed = TRUE;
    }

  /* Sections are merged whole for now: one this side lacks is taken. The
   * features that own them merge per record when they add records. */
  {
    JsonObjectIter siter;
    const char *member;
    JsonNode *node;

    json_object_iter_init (&siter, other->sections);
    while (json_object_iter_next (&siter, &member, &node))
      if (!json_object_has_member (self->sections, member))
        {
          json_object_set_member (self->sections, member, json_node_copy (node));
          changed = TRUE;
        }
  }

  g_hash_table_iter_init (&iter, other->secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->secrets, key))
      {
        g_hash_table_insert (self->secrets, g_strdup (key), sk_secret_ref (value));
        changed = TRUE;
      }

  /* Records the other side set aside and we do not have. */
  for (guint i = 0; i < other->kept_aside->len; i++)
    {
      JsonNode *node = g_ptr_array_index (other->kept_aside, i);
      gboolean found = FALSE;

      for (guint j = 0; j < self->kept_aside->len && !found; j++)
        found = json_node_equal (node, g_ptr_array_index (self->kept_aside, j));
      if (!found)
        {
          g_ptr_array_add (self->kept_aside, json_node_copy (node));
          changed = TRUE;
        }
    }

  if (changed)
    self->dirty = TRUE;
  return changed;
}
