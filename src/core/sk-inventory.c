/* sk-inventory.c: identities, bindings, support channels and the views
 * on them (by identity, single points of failure)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-inventory-private.h"
#include "sk-records-private.h"
#include "sk-vault-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-recovery-codes.h"
#include "sparekey/sk-ways-back.h"

/*
 * Sections (see sk-vault-private.h for the record conventions):
 *   "identities":   { uuid, kind, value, label, country_code, carrier,
 *                     provider, apps [..], status, since, note }
 *   "bindings":     { uuid, account, identity, role, since,
 *                     cooldown_until, note }
 *   "account_info": keyed by the account's uuid: { site, chat, ticket,
 *                     email, phone, recovery_page, note, audit_interval }
 *
 * The records stay the truth: the inventory below is a view of them as
 * objects and list models, built on first use and kept in step by
 * listening to the vault (sk-vault-private.h): the vault layer below
 * knows nothing of the inventory.
 */

G_DEFINE_QUARK (sk-inventory-error-quark, sk_inventory_error)

gboolean
sk_named_value_lookup (const SkNamedValue *table,
                       guint               n,
                       const char         *text,
                       int                *out)
{
  g_autofree char *wanted = NULL;

  if (text == NULL)
    return FALSE;
  wanted = g_ascii_strdown (text, -1);
  g_strdelimit (wanted, "_ ", '-');
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i].name, wanted))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

char *
sk_inventory_parse_date (const char  *text,
                         GError     **error)
{
  guint64 parts[3];
  g_auto(GStrv) fields = NULL;
  GDate date;

  g_return_val_if_fail (text != NULL, NULL);

  fields = g_regex_split_simple ("[-/.]", text, 0, 0);
  if (g_strv_length (fields) == 3)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < 3 && ok; i++)
        ok = g_ascii_string_to_unsigned (g_strstrip (fields[i]), 10, 0,
                                         i == 0 ? 9999 : 31, &parts[i], NULL);
      if (ok && parts[0] >= 1 && g_date_valid_dmy (parts[2], parts[1], parts[0]))
        {
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, parts[2], parts[1], parts[0]);
          return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date),
                                  g_date_get_month (&date), g_date_get_day (&date));
        }
    }
  g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID,
               _("a date must be written YYYY-MM-DD (for example 2026-01-31), got “%s”"),
               text);
  return NULL;
}

void
sk_inventory_set_string (GObject     *object,
                         char       **field,
                         const char  *value,
                         GParamSpec  *pspec)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (object, pspec);
}

void
sk_inventory_set_int64 (GObject    *object,
                        gint64     *field,
                        gint64      value,
                        GParamSpec *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (object, pspec);
}

/* The inventory ------------------------------------------------------------ */

typedef struct {
  SkVault    *vault;             /* the owner: the inventory is its data */
  GListStore *identities;        /* SkIdentity, by kind, value, uuid */
  GHashTable *identity_by_uuid;  /* uuid -> SkIdentity (the store's) */
  GHashTable *bindings;          /* uuid -> SkBinding (a reference) */
  GHashTable *by_account;        /* account uuid -> GListStore of SkBinding */
  GHashTable *by_identity;       /* identity uuid -> GListStore of SkBinding */
  /* identity uuid -> (account uuid -> bindings between them): the size
   * of the inner table is the identity's "n-accounts". */
  GHashTable *accounts_of;
  /* The single points of failure: account uuid -> the identities
   * (GStrv) whose loss alone leaves it no way back; and how many such
   * accounts each identity has (identity uuid -> count), its
   * "n-only-way". */
  GHashTable *only_way;
  GHashTable *n_only;
} Inventory;

static GQuark
inventory_quark (void)
{
  return g_quark_from_static_string ("sk-inventory");
}

static void
inventory_free (Inventory *inv)
{
  g_clear_object (&inv->identities);
  g_clear_pointer (&inv->identity_by_uuid, g_hash_table_unref);
  g_clear_pointer (&inv->bindings, g_hash_table_unref);
  g_clear_pointer (&inv->by_account, g_hash_table_unref);
  g_clear_pointer (&inv->by_identity, g_hash_table_unref);
  g_clear_pointer (&inv->accounts_of, g_hash_table_unref);
  g_clear_pointer (&inv->only_way, g_hash_table_unref);
  g_clear_pointer (&inv->n_only, g_hash_table_unref);
  g_free (inv);
}

static int
compare_identities (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  SkIdentity *x = (SkIdentity *) a;
  SkIdentity *y = (SkIdentity *) b;
  int cmp;

  if (sk_identity_get_kind (x) != sk_identity_get_kind (y))
    return sk_identity_get_kind (x) < sk_identity_get_kind (y) ? -1 : 1;
  cmp = g_utf8_collate (sk_identity_get_value (x), sk_identity_get_value (y));
  return cmp != 0 ? cmp : g_strcmp0 (sk_identity_get_uuid (x), sk_identity_get_uuid (y));
}

static int
compare_identity_pointers (gconstpointer a,
                           gconstpointer b)
{
  return compare_identities (*(SkIdentity **) a, *(SkIdentity **) b, NULL);
}

static int
compare_bindings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  SkBinding *x = (SkBinding *) a;
  SkBinding *y = (SkBinding *) b;

  if (sk_binding_get_role (x) != sk_binding_get_role (y))
    return sk_binding_get_role (x) < sk_binding_get_role (y) ? -1 : 1;
  if (sk_binding_get_created (x) != sk_binding_get_created (y))
    return sk_binding_get_created (x) < sk_binding_get_created (y) ? -1 : 1;
  return g_strcmp0 (sk_binding_get_uuid (x), sk_binding_get_uuid (y));
}

static int
compare_binding_pointers (gconstpointer a,
                          gconstpointer b)
{
  return compare_bindings (*(SkBinding **) a, *(SkBinding **) b, NULL);
}

/* Records ---------------------------------------------------------------- */

/* A detached identity from its record; NULL for a record that is not
 * what its key says (no "uuid", or another one). */
static SkIdentity *
identity_from_record (const char *key,
                      JsonObject *record)
{
  JsonNode *apps = json_object_get_member (record, "apps");
  const char *uuid = sk_records_get_string (record, "uuid");
  SkIdentityKind kind = SK_IDENTITY_PHONE;
  SkIdentityStatus status = SK_IDENTITY_ACTIVE;
  SkIdentity *identity;

  if (uuid == NULL || (key != NULL && !g_str_equal (uuid, key)))
    return NULL;
  if (!sk_identity_kind_from_string (sk_records_get_string (record, "kind"), &kind))
    {
      /* A kind added by a newer version: shown as what it is most like. */
      kind = SK_IDENTITY_DEVICE;
    }
  sk_identity_status_from_string (sk_records_get_string (record, "status"), &status);

  identity = sk_identity_new (kind, sk_records_get_string (record, "value"));
  sk_identity_set_status (identity, status);
  sk_identity_set_label (identity, sk_records_get_string (record, "label"));
  sk_identity_set_country_code (identity, sk_records_get_string (record, "country_code"));
  sk_identity_set_carrier (identity, sk_records_get_string (record, "carrier"));
  sk_identity_set_provider (identity, sk_records_get_string (record, "provider"));
  sk_identity_set_account (identity, sk_records_get_string (record, "account"));
  sk_identity_set_since (identity, sk_records_get_string (record, "since"));
  sk_identity_set_note (identity, sk_records_get_string (record, "note"));
  if (apps != NULL && JSON_NODE_HOLDS_ARRAY (apps))
    {
      JsonArray *array = json_node_get_array (apps);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) list = NULL;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
      list = g_strv_builder_end (builder);
      sk_identity_set_apps (identity, (const char * const *) list);
    }
  sk_identity_set_stored (identity, uuid,
                          sk_records_get_int (record, "created", 0),
                          sk_records_get_int (record, "updated", 0));
  return identity;
}

/* A binding from its record; NULL for one this version cannot use (a
 * member missing, a role added later) or not what its key says. */
static SkBinding *
binding_from_record (const char *key,
                     JsonObject *record)
{
  SkBindingRole role = SK_ROLE_LOGIN;
  const char *uuid = sk_records_get_string (record, "uuid");
  SkBinding *binding;

  if (uuid == NULL || (key != NULL && !g_str_equal (uuid, key)) ||
      sk_records_get_string (record, "account") == NULL ||
      sk_records_get_string (record, "identity") == NULL ||
      !sk_binding_role_from_string (sk_records_get_string (record, "role"), &role))
    return NULL;

  binding = sk_binding_new (uuid, sk_records_get_string (record, "account"),
                            sk_records_get_string (record, "identity"), role);
  sk_binding_set_details (binding,
                          sk_records_get_string (record, "since"),
                          sk_records_get_string (record, "cooldown_until"),
                          sk_records_get_string (record, "note"),
                          sk_records_get_int (record, "created", 0),
                          sk_records_get_int (record, "updated", 0));
  return binding;
}

/* Bindings --------------------------------------------------------------- */

static GListStore *
bindings_store (GHashTable *table,
                const char *uuid,
                gboolean    create)
{
  GListStore *store = g_hash_table_lookup (table, uuid);

  if (store == NULL && create)
    {
      store = g_list_store_new (SK_TYPE_BINDING);
      g_hash_table_insert (table, g_strdup (uuid), store);
    }
  return store;
}

static void
store_remove (GListStore *store,
              gpointer    item)
{
  guint position;

  if (store != NULL && g_list_store_find (store, item, &position))
    g_list_store_remove (store, position);
}

/* An account whose ways back need counting again. */
static void
mark_dirty (GHashTable *dirty,
            const char *account_uuid)
{
  if (dirty != NULL && account_uuid != NULL)
    g_hash_table_add (dirty, g_strdup (account_uuid));
}

static guint
count_accounts (Inventory  *inv,
                const char *identity_uuid)
{
  GHashTable *accounts = g_hash_table_lookup (inv->accounts_of, identity_uuid);

  return accounts != NULL ? g_hash_table_size (accounts) : 0;
}

/* One binding of @binding's account to its identity more (@delta 1) or
 * less (-1): the identity's "n-accounts" follows. */
static void
add_account_of (Inventory *inv,
                SkBinding *binding,
                int        delta)
{
  const char *identity_uuid = sk_binding_get_identity_uuid (binding);
  const char *account_uuid = sk_binding_get_account_uuid (binding);
  GHashTable *accounts = g_hash_table_lookup (inv->accounts_of, identity_uuid);
  SkIdentity *identity = g_hash_table_lookup (inv->identity_by_uuid, identity_uuid);
  guint n;

  if (accounts == NULL)
    {
      accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (inv->accounts_of, g_strdup (identity_uuid), accounts);
    }
  n = GPOINTER_TO_UINT (g_hash_table_lookup (accounts, account_uuid)) + delta;
  if (n == 0)
    g_hash_table_remove (accounts, account_uuid);
  else
    g_hash_table_insert (accounts, g_strdup (account_uuid), GUINT_TO_POINTER (n));
  if (identity != NULL)
    sk_identity_set_n_accounts (identity, g_hash_table_size (accounts));
}

static void
add_binding (Inventory  *inv,
             SkBinding  *binding,
             GHashTable *dirty)
{
  g_hash_table_insert (inv->bindings, g_strdup (sk_binding_get_uuid (binding)), g_object_ref (binding));
  g_list_store_insert_sorted (bindings_store (inv->by_account, sk_binding_get_account_uuid (binding), TRUE),
                              binding, compare_bindings, NULL);
  g_list_store_insert_sorted (bindings_store (inv->by_identity, sk_binding_get_identity_uuid (binding), TRUE),
                              binding, compare_bindings, NULL);
  mark_dirty (dirty, sk_binding_get_account_uuid (binding));
  add_account_of (inv, binding, +1);
}

static void
remove_binding (Inventory  *inv,
                SkBinding  *binding,
                GHashTable *dirty)
{
  g_autoptr(SkBinding) kept = g_object_ref (binding);

  store_remove (bindings_store (inv->by_account, sk_binding_get_account_uuid (kept), FALSE), kept);
  store_remove (bindings_store (inv->by_identity, sk_binding_get_identity_uuid (kept), FALSE), kept);
  g_hash_table_remove (inv->bindings, sk_binding_get_uuid (kept));
  mark_dirty (dirty, sk_binding_get_account_uuid (kept));
  add_account_of (inv, kept, -1);
}

/* Brings the binding @uuid in line with @record (NULL: gone). */
static void
sync_binding (Inventory  *inv,
              const char *uuid,
              JsonObject *record,
              GHashTable *dirty)
{
  SkBinding *mine = g_hash_table_lookup (inv->bindings, uuid);
  g_autoptr(SkBinding) theirs = record != NULL ? binding_from_record (uuid, record) : NULL;
  gboolean moved, reordered;

  if (theirs == NULL)
    {
      if (mine != NULL)
        remove_binding (inv, mine, dirty);
      return;
    }
  if (mine == NULL)
    {
      add_binding (inv, theirs, dirty);
      return;
    }

  moved = !g_str_equal (sk_binding_get_account_uuid (mine), sk_binding_get_account_uuid (theirs)) ||
          !g_str_equal (sk_binding_get_identity_uuid (mine), sk_binding_get_identity_uuid (theirs));
  reordered = compare_bindings (mine, theirs, NULL) != 0;
  if (moved || reordered)
    {
      /* Out of its lists under its old values, back in under the new:
       * the same object all along. */
      g_autoptr(SkBinding) kept = g_object_ref (mine);

      remove_binding (inv, kept, dirty);
      sk_binding_update (kept, theirs);
      add_binding (inv, kept, dirty);
    }
  else
    {
      sk_binding_update (mine, theirs);
      mark_dirty (dirty, sk_binding_get_account_uuid (mine));
    }
}

/* Identities ------------------------------------------------------------- */

static void
mark_bound_accounts (Inventory  *inv,
                     const char *identity_uuid,
                     GHashTable *dirty)
{
  GListModel *bindings = G_LIST_MODEL (bindings_store (inv->by_identity, identity_uuid, FALSE));
  guint n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);

      mark_dirty (dirty, sk_binding_get_account_uuid (binding));
    }
}

static void
add_identity (Inventory  *inv,
              SkIdentity *identity,
              gboolean    insert)
{
  const char *uuid = sk_identity_get_uuid (identity);

  sk_identity_set_owned (identity);
  sk_identity_set_n_accounts (identity, count_accounts (inv, uuid));
  sk_identity_set_n_only_way (identity, GPOINTER_TO_UINT (g_hash_table_lookup (inv->n_only, uuid)));
  g_hash_table_insert (inv->identity_by_uuid, g_strdup (uuid), identity);
  if (insert)
    g_list_store_insert_sorted (inv->identities, identity, compare_identities, NULL);
}

/* Brings the identity @uuid in line with @record (NULL: gone). Returns
 * a new identity that still has to go into the store when @defer, and
 * NULL otherwise. */
static SkIdentity *
sync_identity (Inventory  *inv,
               const char *uuid,
               JsonObject *record,
               GHashTable *dirty,
               gboolean    defer)
{
  SkIdentity *mine = g_hash_table_lookup (inv->identity_by_uuid, uuid);
  g_autoptr(SkIdentity) theirs = record != NULL ? identity_from_record (uuid, record) : NULL;
  SkIdentityKind kind;
  SkIdentityStatus status;
  g_autofree char *value = NULL;
  g_autofree char *owner = NULL;

  if (theirs == NULL)
    {
      if (mine != NULL)
        {
          g_autoptr(SkIdentity) kept = g_object_ref (mine);

          g_hash_table_remove (inv->identity_by_uuid, uuid);
          store_remove (inv->identities, kept);
          mark_bound_accounts (inv, uuid, dirty);
        }
      return NULL;
    }
  if (mine == NULL)
    {
      mark_bound_accounts (inv, uuid, dirty);
      add_identity (inv, theirs, !defer);
      return defer ? g_steal_pointer (&theirs) : NULL;
    }

  kind = sk_identity_get_kind (mine);
  status = sk_identity_get_status (mine);
  value = g_strdup (sk_identity_get_value (mine));
  owner = g_strdup (sk_identity_get_account (mine));
  if (kind != sk_identity_get_kind (theirs) || !g_str_equal (value, sk_identity_get_value (theirs)))
    {
      /* Where it goes in the list changes: the model says so, and
       * filters by kind see it move. */
      g_autoptr(SkIdentity) kept = g_object_ref (mine);

      store_remove (inv->identities, kept);
      sk_identity_update (kept, theirs);
      g_list_store_insert_sorted (inv->identities, kept, compare_identities, NULL);
    }
  else
    sk_identity_update (mine, theirs);
  /* Its status or its owning account decide whether it is a way back. */
  if (status != sk_identity_get_status (theirs) ||
      g_strcmp0 (owner, sk_identity_get_account (theirs)) != 0)
    mark_bound_accounts (inv, uuid, dirty);
  return NULL;
}

/* Single points of failure ------------------------------------------------ */

static void
add_only_way (Inventory  *inv,
              const char *identity_uuid,
              int         delta)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (inv->n_only, identity_uuid)) + delta;
  SkIdentity *identity = g_hash_table_lookup (inv->identity_by_uuid, identity_uuid);

  if (n == 0)
    g_hash_table_remove (inv->n_only, identity_uuid);
  else
    g_hash_table_insert (inv->n_only, g_strdup (identity_uuid), GUINT_TO_POINTER (n));
  if (identity != NULL)
    sk_identity_set_n_only_way (identity, n);
}

/* The identities whose loss alone leaves @account_uuid no way back, as
 * the one judge (sk-ways-back.c) says: through chains of owning accounts
 * too, so a phone counts for the accounts whose recovery mailbox hangs
 * on it. */
static void
update_only_way (Inventory  *inv,
                 const char *account_uuid,
                 SkWaysBack *judge)
{
  g_auto(GStrv) points = sk_ways_back_single_points (judge, account_uuid, NULL);
  char **before = g_hash_table_lookup (inv->only_way, account_uuid);

  if (before == NULL && points == NULL)
    return;
  if (before != NULL && points != NULL &&
      g_strv_equal ((const char * const *) before, (const char * const *) points))
    return;
  for (guint i = 0; before != NULL && before[i] != NULL; i++)
    add_only_way (inv, before[i], -1);
  for (guint i = 0; points != NULL && points[i] != NULL; i++)
    add_only_way (inv, points[i], +1);
  if (points != NULL)
    g_hash_table_insert (inv->only_way, g_strdup (account_uuid), g_steal_pointer (&points));
  else
    g_hash_table_remove (inv->only_way, account_uuid);
}

/* Adds to @dirty every account whose way back may lean on one of the
 * dirty ones: those bound to an identity a dirty account owns, and so
 * on down the chains. */
static void
add_dependents (Inventory  *inv,
                GHashTable *dirty)
{
  g_autoptr(GHashTable) owned = NULL;   /* owner uuid -> GPtrArray of identity uuids */
  g_autoptr(GPtrArray) queue = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, inv->identity_by_uuid);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *owner = sk_identity_get_account (value);
      GPtrArray *list;

      if (owner == NULL)
        continue;
      if (owned == NULL)
        owned = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) g_ptr_array_unref);
      list = g_hash_table_lookup (owned, owner);
      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (owned, (char *) owner, list);
        }
      g_ptr_array_add (list, key);
    }
  if (owned == NULL)
    return;

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (queue, key);
  while (queue->len > 0)
    {
      const char *account = g_ptr_array_steal_index_fast (queue, queue->len - 1);
      GPtrArray *identities = g_hash_table_lookup (owned, account);

      for (guint i = 0; identities != NULL && i < identities->len; i++)
        {
          GHashTable *accounts = g_hash_table_lookup (inv->accounts_of, identities->pdata[i]);
          GHashTableIter ai;
          gpointer dependent;

          if (accounts == NULL)
            continue;
          g_hash_table_iter_init (&ai, accounts);
          while (g_hash_table_iter_next (&ai, &dependent, NULL))
            if (!g_hash_table_contains (dirty, dependent))
              {
                char *copy = g_strdup (dependent);

                g_hash_table_add (dirty, copy);
                g_ptr_array_add (queue, copy);
              }
        }
    }
}

static void
update_dirty (Inventory  *inv,
              GHashTable *dirty)
{
  g_autoptr(SkWaysBack) judge = NULL;
  GHashTableIter iter;
  gpointer account;

  if (g_hash_table_size (dirty) == 0)
    return;
  add_dependents (inv, dirty);
  judge = sk_ways_back_new (inv->vault, NULL);
  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &account, NULL))
    update_only_way (inv, account, judge);
}

/* Rebuilding --------------------------------------------------------------- */

/* Brings the whole inventory in line with the records: on first use, and
 * when sections were replaced or merged wholesale. */
static void
rebuild (Inventory *inv)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SkWaysBack) judge = NULL;
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean empty;
  GHashTableIter iter;
  gpointer key, value;
  guint n;

  /* Identities: those gone first, then the others updated or added; a
   * first build fills the store at once, in order. */
  records = sk_records_list (inv->vault, SK_SECTION_IDENTITIES, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      const char *uuid = sk_records_get_string (records->pdata[i], "uuid");

      if (uuid != NULL)
        g_hash_table_add (seen, (char *) uuid);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (inv->identities));
  for (guint i = 0; i < n; i++)
    {
      SkIdentity *identity = g_list_model_get_item (G_LIST_MODEL (inv->identities), i);

      if (!g_hash_table_contains (seen, sk_identity_get_uuid (identity)))
        g_ptr_array_add (gone, identity);
      else
        g_object_unref (identity);
    }
  for (guint i = 0; i < gone->len; i++)
    sync_identity (inv, sk_identity_get_uuid (gone->pdata[i]), NULL, NULL, FALSE);
  empty = g_list_model_get_n_items (G_LIST_MODEL (inv->identities)) == 0;
  for (guint i = 0; i < records->len; i++)
    {
      const char *uuid = sk_records_get_string (records->pdata[i], "uuid");
      SkIdentity *fresh;

      if (uuid == NULL)
        continue;
      fresh = sync_identity (inv, uuid, records->pdata[i], NULL, empty);
      if (fresh != NULL)
        g_ptr_array_add (added, fresh);
    }
  if (added->len > 0)
    {
      g_ptr_array_sort (added, compare_identity_pointers);
      g_list_store_splice (inv->identities, 0, 0, added->pdata, added->len);
    }

  /* Bindings, the same way. */
  g_clear_pointer (&records, g_ptr_array_unref);
  g_hash_table_remove_all (seen);
  g_ptr_array_set_size (gone, 0);
  records = sk_records_list (inv->vault, SK_SECTION_BINDINGS, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      const char *uuid = sk_records_get_string (records->pdata[i], "uuid");

      if (uuid != NULL)
        g_hash_table_add (seen, (char *) uuid);
    }
  g_hash_table_iter_init (&iter, inv->bindings);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      g_ptr_array_add (gone, g_object_ref (value));
  for (guint i = 0; i < gone->len; i++)
    remove_binding (inv, gone->pdata[i], NULL);
  for (guint i = 0; i < records->len; i++)
    {
      const char *uuid = sk_records_get_string (records->pdata[i], "uuid");

      if (uuid != NULL)
        sync_binding (inv, uuid, records->pdata[i], NULL);
    }

  /* Whose only way back is who, all over again. */
  judge = sk_ways_back_new (inv->vault, NULL);
  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

    g_hash_table_iter_init (&iter, inv->by_account);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (keys, g_strdup (key));
    for (guint i = 0; i < keys->len; i++)
      update_only_way (inv, keys->pdata[i], judge);
  }
  /* Accounts left with no bindings at all can be no one's only way. */
  {
    g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);

    g_hash_table_iter_init (&iter, inv->only_way);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      if (!g_hash_table_contains (inv->by_account, key))
        g_ptr_array_add (stale, g_strdup (key));
    for (guint i = 0; i < stale->len; i++)
      update_only_way (inv, stale->pdata[i], judge);
  }
}

static void on_record_changed  (SkVault    *vault,
                                const char *section,
                                const char *uuid,
                                JsonObject *before,
                                JsonObject *after,
                                gpointer    data);
static void on_section_changed (SkVault    *vault,
                                const char *section,
                                gpointer    data);

static const SkVaultListener inventory_listener = {
  on_record_changed,
  on_section_changed,
};

static Inventory *
get_inventory (SkVault *vault)
{
  Inventory *inv = g_object_get_qdata (G_OBJECT (vault), inventory_quark ());

  if (inv != NULL)
    return inv;
  inv = g_new0 (Inventory, 1);
  inv->vault = vault;
  inv->identities = g_list_store_new (SK_TYPE_IDENTITY);
  inv->identity_by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  inv->bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  inv->by_account = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  inv->by_identity = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  inv->accounts_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_hash_table_unref);
  inv->only_way = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  inv->n_only = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_object_set_qdata_full (G_OBJECT (vault), inventory_quark (), inv,
                           (GDestroyNotify) inventory_free);
  /* The inventory lives as long as the vault (qdata): no need to remove
   * the listener. */
  sk_vault_add_listener (vault, &inventory_listener, inv);
  rebuild (inv);
  return inv;
}

static void
on_record_changed (SkVault    *vault,
                   const char *section,
                   const char *uuid,
                   JsonObject *before,
                   JsonObject *after,
                   gpointer    data)
{
  Inventory *inv = data;
  g_autoptr(GHashTable) dirty = NULL;

  dirty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (g_str_equal (section, SK_SECTION_IDENTITIES))
    sync_identity (inv, uuid, after, dirty, FALSE);
  else if (g_str_equal (section, SK_SECTION_BINDINGS))
    sync_binding (inv, uuid, after, dirty);
  else if (g_str_equal (section, SK_SECTION_RECOVERY_CODES))
    {
      /* Codes are a way back: their account may stop or start to
       * depend on one identity. */
      mark_dirty (dirty, before != NULL ? sk_records_get_string (before, "account") : NULL);
      mark_dirty (dirty, after != NULL ? sk_records_get_string (after, "account") : NULL);
    }
  else
    return;
  update_dirty (inv, dirty);
}

static void
on_section_changed (SkVault    *vault,
                    const char *name,
                    gpointer    data)
{
  Inventory *inv = data;

  if (name == NULL ||
      g_str_equal (name, SK_SECTION_IDENTITIES) ||
      g_str_equal (name, SK_SECTION_BINDINGS) ||
      g_str_equal (name, SK_SECTION_RECOVERY_CODES))
    rebuild (inv);
}

/* Identities ------------------------------------------------------------ */

GListModel *
sk_inventory_get_identities (SkVault *vault)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  return G_LIST_MODEL (get_inventory (vault)->identities);
}

SkIdentity *
sk_inventory_lookup_identity (SkVault    *vault,
                              const char *uuid)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  return g_hash_table_lookup (get_inventory (vault)->identity_by_uuid, uuid);
}

GPtrArray *
sk_inventory_list_identities (SkVault *vault)
{
  GListModel *model;
  GPtrArray *identities;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  model = sk_inventory_get_identities (vault);
  n = g_list_model_get_n_items (model);
  identities = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (identities, g_list_model_get_item (model, i));
  return identities;
}

gboolean
sk_inventory_save_identity (SkVault     *vault,
                            SkIdentity  *identity,
                            gint64       now,
                            GError     **error)
{
  g_autoptr(SkIdentity) saved = NULL;
  g_autofree char *value = NULL;
  const char * const *apps;
  JsonObject *old, *record;
  SkIdentityKind kind;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (SK_IS_IDENTITY (identity), FALSE);

  /* The identity may be the vault's own, which takes no edits: the
   * work is done on a copy, and the identity given takes what was
   * saved at the end. */
  saved = sk_identity_copy (identity);
  kind = sk_identity_get_kind (saved);
  value = g_strstrip (g_strdup (sk_identity_get_value (saved)));
  if (*value == '\0')
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID,
                   _("a %s needs a value (number, address or name)"),
                   sk_identity_kind_get_label (kind));
      return FALSE;
    }
  sk_identity_set_value (saved, value);
  if (sk_identity_get_since (saved) != NULL && *sk_identity_get_since (saved) != '\0')
    {
      g_autofree char *date = sk_inventory_parse_date (sk_identity_get_since (saved), error);

      if (date == NULL)
        return FALSE;
      sk_identity_set_since (saved, date);
    }
  if (sk_identity_get_account (saved) != NULL &&
      sk_vault_lookup_account (vault, sk_identity_get_account (saved)) == NULL)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND,
                   _("no account with the id “%s” owns this identity"),
                   sk_identity_get_account (saved));
      return FALSE;
    }
  if (sk_identity_get_uuid (saved) == NULL)
    {
      g_autofree char *uuid = sk_uuid_new ();

      sk_identity_set_stored (saved, uuid, 0, 0);
    }

  /* Keep members a newer version added to the record. */
  old = sk_records_lookup (vault, SK_SECTION_IDENTITIES, sk_identity_get_uuid (saved));
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  json_object_set_string_member (record, "kind", sk_identity_kind_to_string (kind));
  json_object_set_string_member (record, "value", value);
  json_object_set_string_member (record, "status",
                                 sk_identity_status_to_string (sk_identity_get_status (saved)));
  sk_records_set_string (record, "label", sk_identity_get_label (saved));
  sk_records_set_string (record, "country_code", sk_identity_get_country_code (saved));
  sk_records_set_string (record, "carrier", sk_identity_get_carrier (saved));
  sk_records_set_string (record, "provider", sk_identity_get_provider (saved));
  sk_records_set_string (record, "account", sk_identity_get_account (saved));
  sk_records_set_string (record, "since", sk_identity_get_since (saved));
  sk_records_set_string (record, "note", sk_identity_get_note (saved));
  apps = sk_identity_get_apps (saved);
  if (apps != NULL)
    {
      JsonArray *array = json_array_new ();

      for (guint i = 0; apps[i] != NULL; i++)
        json_array_add_string_element (array, apps[i]);
      json_object_set_array_member (record, "apps", array);
    }
  else
    json_object_remove_member (record, "apps");

  sk_records_put (vault, SK_SECTION_IDENTITIES, sk_identity_get_uuid (saved), record, now);
  sk_identity_set_stored (saved, sk_identity_get_uuid (saved),
                          sk_records_get_int (record, "created", now),
                          sk_records_get_int (record, "updated", now));
  sk_identity_update (identity, saved);
  return TRUE;
}

static char *
answer_id (const char *identity_uuid)
{
  return g_strconcat (identity_uuid, "/answer", NULL);
}

void
sk_inventory_set_answer (SkVault    *vault,
                         const char *identity_uuid,
                         SkSecret   *answer)
{
  g_autofree char *id = NULL;

  g_return_if_fail (SK_IS_VAULT (vault));
  g_return_if_fail (identity_uuid != NULL);

  id = answer_id (identity_uuid);
  if (answer == NULL)
    {
      g_autoptr(SkSecret) empty = sk_secret_new (0);

      /* Empty rather than absent, so a merge does not bring it back. */
      sk_vault_set_secret (vault, id, empty);
    }
  else
    sk_vault_set_secret (vault, id, answer);
}

SkSecret *
sk_inventory_dup_answer (SkVault    *vault,
                         const char *identity_uuid)
{
  g_autofree char *id = NULL;
  SkSecret *secret;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (identity_uuid != NULL, NULL);

  id = answer_id (identity_uuid);
  secret = sk_vault_get_secret (vault, id);
  if (secret == NULL || sk_secret_get_size (secret) == 0)
    return NULL;
  return sk_secret_ref (secret);
}

/* A phone number as digits only, without a leading country code. */
static char *
phone_digits (const char *text,
              const char *country_code)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autofree char *code = NULL;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  if (country_code != NULL)
    {
      code = phone_digits (country_code, NULL);
      if (*code != '\0' && g_str_has_prefix (digits->str, code) &&
          (text[0] == '+' || g_str_has_prefix (text, "00")))
        g_string_erase (digits, 0, strlen (code));
    }
  return g_string_free (g_steal_pointer (&digits), FALSE);
}

GPtrArray *
sk_inventory_find_identities (SkVault    *vault,
                              const char *query)
{
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *found;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  all = sk_inventory_list_identities (vault);
  found = g_ptr_array_new_with_free_func (g_object_unref);
  folded = g_utf8_casefold (query, -1);

  /* An exact UUID, then a UUID prefix, then whole values and labels,
   * then part of one ("138" or "8000" for a phone number, "gmail"). */
  for (guint pass = 0; pass < 4 && found->len == 0; pass++)
    for (guint i = 0; i < all->len; i++)
      {
        SkIdentity *identity = all->pdata[i];
        gboolean match = FALSE;

        if (pass == 0)
          match = g_str_equal (sk_identity_get_uuid (identity), query);
        else if (pass == 1)
          match = strlen (query) >= 4 && g_str_has_prefix (sk_identity_get_uuid (identity), query);
        else if (pass == 3)
          {
            const char *text = sk_identity_get_label (identity);
            g_autofree char *value = g_utf8_casefold (sk_identity_get_value (identity), -1);
            g_autofree char *label = text != NULL ? g_utf8_casefold (text, -1) : NULL;

            match = *folded != '\0' &&
                    (strstr (value, folded) != NULL || (label != NULL && strstr (label, folded) != NULL));
          }
        else
          {
            const char *text = sk_identity_get_label (identity);
            g_autofree char *value = g_utf8_casefold (sk_identity_get_value (identity), -1);
            g_autofree char *label = text != NULL ? g_utf8_casefold (text, -1) : NULL;

            match = g_str_equal (value, folded) || g_strcmp0 (label, folded) == 0;
            if (!match && sk_identity_get_kind (identity) == SK_IDENTITY_PHONE)
              {
                const char *code = sk_identity_get_country_code (identity);
                g_autofree char *mine = phone_digits (sk_identity_get_value (identity), code);
                g_autofree char *theirs = phone_digits (query, code);

                match = *mine != '\0' && g_str_equal (mine, theirs);
              }
          }
        if (match)
          g_ptr_array_add (found, g_object_ref (identity));
      }
  return found;
}

/* Bindings ---------------------------------------------------------------- */

GListModel *
sk_inventory_get_account_bindings (SkVault    *vault,
                                   const char *account_uuid)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  return G_LIST_MODEL (bindings_store (get_inventory (vault)->by_account, account_uuid, TRUE));
}

GListModel *
sk_inventory_peek_account_bindings (SkVault    *vault,
                                    const char *account_uuid)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  return G_LIST_MODEL (bindings_store (get_inventory (vault)->by_account, account_uuid, FALSE));
}

GListModel *
sk_inventory_get_identity_bindings (SkVault    *vault,
                                    const char *identity_uuid)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (identity_uuid != NULL, NULL);

  return G_LIST_MODEL (bindings_store (get_inventory (vault)->by_identity, identity_uuid, TRUE));
}

GPtrArray *
sk_inventory_list_bindings (SkVault    *vault,
                            const char *account_uuid,
                            const char *identity_uuid)
{
  Inventory *inv;
  GListModel *model;
  GPtrArray *bindings;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  inv = get_inventory (vault);
  bindings = g_ptr_array_new_with_free_func (g_object_unref);
  if (account_uuid == NULL && identity_uuid == NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, inv->bindings);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (bindings, g_object_ref (value));
      g_ptr_array_sort (bindings, compare_binding_pointers);
      return bindings;
    }

  if (account_uuid != NULL)
    model = G_LIST_MODEL (bindings_store (inv->by_account, account_uuid, FALSE));
  else
    model = G_LIST_MODEL (bindings_store (inv->by_identity, identity_uuid, FALSE));
  n = model != NULL ? g_list_model_get_n_items (model) : 0;
  for (guint i = 0; i < n; i++)
    {
      SkBinding *binding = g_list_model_get_item (model, i);

      if (identity_uuid != NULL && !g_str_equal (sk_binding_get_identity_uuid (binding), identity_uuid))
        g_object_unref (binding);
      else
        g_ptr_array_add (bindings, binding);
    }
  return bindings;
}

/* Normalizes an optional date in place; "" clears it. */
static gboolean
normalize_optional_date (const char  *text,
                         char       **out,
                         GError     **error)
{
  *out = NULL;
  if (text == NULL || *text == '\0')
    return TRUE;
  *out = sk_inventory_parse_date (text, error);
  return *out != NULL;
}

char *
sk_inventory_bind (SkVault        *vault,
                   const char     *account_uuid,
                   const char     *identity_uuid,
                   SkBindingRole   role,
                   const char     *since,
                   const char     *cooldown_until,
                   const char     *note,
                   gint64          now,
                   GError        **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autofree char *since_date = NULL;
  g_autofree char *cooldown_date = NULL;
  g_autofree char *uuid = NULL;
  JsonObject *record = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL && identity_uuid != NULL, NULL);

  if ((guint) role > SK_ROLE_TRUSTED_DEVICE)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID,
                   _("unknown binding role %d"), (int) role);
      return NULL;
    }
  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return NULL;
    }
  if (sk_records_lookup (vault, SK_SECTION_IDENTITIES, identity_uuid) == NULL)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND,
                   _("no identity with the id “%s”"), identity_uuid);
      return NULL;
    }
  if (!normalize_optional_date (since, &since_date, error) ||
      !normalize_optional_date (cooldown_until, &cooldown_date, error))
    return NULL;

  existing = sk_inventory_list_bindings (vault, account_uuid, identity_uuid);
  for (guint i = 0; i < existing->len && uuid == NULL; i++)
    {
      SkBinding *binding = existing->pdata[i];

      if (sk_binding_get_role (binding) == role)
        {
          uuid = g_strdup (sk_binding_get_uuid (binding));
          record = sk_records_dup (sk_records_lookup (vault, SK_SECTION_BINDINGS, uuid));
        }
    }
  if (uuid == NULL)
    {
      uuid = sk_uuid_new ();
      record = json_object_new ();
    }

  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_string_member (record, "identity", identity_uuid);
  json_object_set_string_member (record, "role", sk_binding_role_to_string (role));
  /* On an update, only what is given changes. */
  if (since != NULL)
    sk_records_set_string (record, "since", since_date);
  if (cooldown_until != NULL)
    sk_records_set_string (record, "cooldown_until", cooldown_date);
  if (note != NULL)
    sk_records_set_string (record, "note", note);
  sk_records_put (vault, SK_SECTION_BINDINGS, uuid, record, now);
  return g_steal_pointer (&uuid);
}

guint
sk_inventory_unbind (SkVault    *vault,
                     const char *account_uuid,
                     const char *identity_uuid,
                     int         role,
                     gint64      now)
{
  g_autoptr(GPtrArray) bindings = NULL;
  guint removed = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL || identity_uuid != NULL, 0);

  bindings = sk_inventory_list_bindings (vault, account_uuid, identity_uuid);
  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];

      if (role >= 0 && sk_binding_get_role (binding) != (SkBindingRole) role)
        continue;
      if (sk_records_delete (vault, SK_SECTION_BINDINGS, sk_binding_get_uuid (binding), now))
        removed++;
    }
  return removed;
}

gboolean
sk_inventory_remove_identity (SkVault     *vault,
                              const char  *uuid,
                              gint64       now,
                              guint       *n_bindings,
                              GError     **error)
{
  SkIdentity *identity;
  guint removed;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  identity = sk_inventory_lookup_identity (vault, uuid);
  if (identity == NULL)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND,
                   _("no identity with the id “%s”"), uuid);
      return FALSE;
    }
  if (sk_identity_get_kind (identity) == SK_IDENTITY_SECURITY_QUESTION)
    sk_inventory_set_answer (vault, uuid, NULL);

  removed = sk_inventory_unbind (vault, NULL, uuid, -1, now);
  sk_records_delete (vault, SK_SECTION_IDENTITIES, uuid, now);
  if (n_bindings != NULL)
    *n_bindings = removed;
  return TRUE;
}

/* Support channels ------------------------------------------------------ */

void
sk_support_info_free (SkSupportInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->account_uuid);
  g_free (info->site);
  g_free (info->chat);
  g_free (info->ticket);
  g_free (info->email);
  g_free (info->phone);
  g_free (info->recovery_page);
  g_free (info->note);
  g_free (info);
}

SkSupportInfo *
sk_inventory_get_support (SkVault    *vault,
                          const char *account_uuid)
{
  SkSupportInfo *info;
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  info = g_new0 (SkSupportInfo, 1);
  info->account_uuid = g_strdup (account_uuid);
  record = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, account_uuid);
  if (record == NULL)
    return info;
  info->site = g_strdup (sk_records_get_string (record, "site"));
  info->chat = g_strdup (sk_records_get_string (record, "chat"));
  info->ticket = g_strdup (sk_records_get_string (record, "ticket"));
  info->email = g_strdup (sk_records_get_string (record, "email"));
  info->phone = g_strdup (sk_records_get_string (record, "phone"));
  info->recovery_page = g_strdup (sk_records_get_string (record, "recovery_page"));
  info->note = g_strdup (sk_records_get_string (record, "note"));
  return info;
}

void
sk_inventory_set_support (SkVault             *vault,
                          const SkSupportInfo *info,
                          gint64               now)
{
  JsonObject *old, *record;

  g_return_if_fail (SK_IS_VAULT (vault));
  g_return_if_fail (info != NULL && info->account_uuid != NULL);

  /* The record also holds the audit interval: keep what is not ours. */
  old = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, info->account_uuid);
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  sk_records_set_string (record, "site", info->site);
  sk_records_set_string (record, "chat", info->chat);
  sk_records_set_string (record, "ticket", info->ticket);
  sk_records_set_string (record, "email", info->email);
  sk_records_set_string (record, "phone", info->phone);
  sk_records_set_string (record, "recovery_page", info->recovery_page);
  sk_records_set_string (record, "note", info->note);
  sk_records_put (vault, SK_SECTION_ACCOUNT_INFO, info->account_uuid, record, now);
}

/* Views -------------------------------------------------------------------- */

void
sk_spof_entry_free (SkSpofEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->account_uuid);
  g_free (entry->identity_uuid);
  g_strfreev (entry->identities);
  g_strfreev (entry->chain);
  g_free (entry);
}

/* An entry of the report if one identity's loss alone would leave the
 * account no working way back, or none works already; NULL otherwise.
 * The judge (sk-ways-back.c) decides, through chains of owning accounts,
 * as it does for the recovery plan. @recorded says whether the account
 * has any binding or code at all. */
static SkSpofEntry *
analyze_account (Inventory  *inv,
                 SkWaysBack *judge,
                 SkAccount  *account,
                 GHashTable *codes,
                 gboolean   *recorded)
{
  const char *account_uuid = sk_account_get_uuid (account);
  GListModel *bindings = G_LIST_MODEL (bindings_store (inv->by_account, account_uuid, FALSE));
  guint n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  SkCodeCount *count = g_hash_table_lookup (codes, account_uuid);
  g_auto(GStrv) points = NULL;
  g_auto(GStrv) chain = NULL;
  guint n_paths = 0, n_inactive = 0;
  SkSpofEntry *entry;

  *recorded = n > 0 || (count != NULL && count->total > 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity = g_hash_table_lookup (inv->identity_by_uuid,
                                                  sk_binding_get_identity_uuid (binding));

      if (!sk_binding_role_is_recovery_path (sk_binding_get_role (binding)))
        continue;
      if (identity == NULL || sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE)
        n_inactive++;
      else
        n_paths++;
    }

  if (sk_ways_back_account_works (judge, account_uuid))
    {
      points = sk_ways_back_single_points (judge, account_uuid, &chain);
      if (points == NULL)
        return NULL;
    }
  else
    {
      /* Why not, in words: the first way's chain, if there is one. */
      g_autoptr(GPtrArray) ways = sk_ways_back_list (judge, account_uuid);

      if (ways->len > 0)
        chain = g_strdupv (((SkRecoveryWay *) ways->pdata[0])->chain);
    }

  entry = g_new0 (SkSpofEntry, 1);
  entry->account_uuid = g_strdup (account_uuid);
  entry->money = sk_inventory_account_holds_money (inv->vault, account_uuid);
  entry->n_paths = n_paths;
  entry->n_inactive = n_inactive;
  entry->chain = g_steal_pointer (&chain);
  if (points != NULL)
    {
      entry->kind = SK_SPOF_SINGLE_IDENTITY;
      entry->identity_uuid = g_strdup (points[0]);
      entry->identities = g_steal_pointer (&points);
    }
  else
    entry->kind = SK_SPOF_NO_WAY_BACK;
  return entry;
}

static int
compare_spof_money (gconstpointer a,
                    gconstpointer b)
{
  const SkSpofEntry *x = *(SkSpofEntry **) a;
  const SkSpofEntry *y = *(SkSpofEntry **) b;

  return (int) y->money - (int) x->money;
}

GPtrArray *
sk_inventory_spof_report (SkVault  *vault,
                          gboolean  include_unrecorded)
{
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(SkWaysBack) judge = NULL;
  GListModel *accounts;
  GPtrArray *report;
  Inventory *inv;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  inv = get_inventory (vault);
  codes = sk_recovery_codes_count_all (vault);
  judge = sk_ways_back_new (vault, NULL);
  report = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_spof_entry_free);
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      gboolean recorded = FALSE;
      SkSpofEntry *entry = analyze_account (inv, judge, account, codes, &recorded);

      if (entry == NULL)
        continue;
      if (!recorded && !include_unrecorded)
        {
          sk_spof_entry_free (entry);
          continue;
        }
      g_ptr_array_add (report, entry);
    }
  /* Money first; the sort is stable (GLib guarantees it), so the vault's
   * order holds within each group. */
  g_ptr_array_sort (report, compare_spof_money);
  return report;
}

GPtrArray *
sk_inventory_by_identity (SkVault    *vault,
                          const char *identity_uuid,
                          guint      *n_accounts,
                          guint      *counts,
                          guint      *n_only_way)
{
  g_autoptr(GHashTable) accounts = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *bindings;
  Inventory *inv;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (identity_uuid != NULL, NULL);

  inv = get_inventory (vault);
  bindings = sk_inventory_list_bindings (vault, NULL, identity_uuid);
  if (counts != NULL)
    memset (counts, 0, sizeof (guint) * (SK_ROLE_TRUSTED_DEVICE + 1));
  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];

      g_hash_table_add (accounts, (char *) sk_binding_get_account_uuid (binding));
      if (counts != NULL)
        counts[sk_binding_get_role (binding)]++;
    }
  /* Kept up to date as the records change (update_only_way()). */
  if (n_only_way != NULL)
    *n_only_way = GPOINTER_TO_UINT (g_hash_table_lookup (inv->n_only, identity_uuid));
  if (n_accounts != NULL)
    *n_accounts = g_hash_table_size (accounts);
  return bindings;
}

GPtrArray *
sk_inventory_list_only_way (SkVault    *vault,
                            const char *identity_uuid)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GListModel *accounts;
  Inventory *inv;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), out);
  g_return_val_if_fail (identity_uuid != NULL, out);

  inv = get_inventory (vault);
  /* In the vault's order of accounts, like the report. */
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n && g_hash_table_size (inv->only_way) > 0; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      char **points = g_hash_table_lookup (inv->only_way, sk_account_get_uuid (account));

      if (points != NULL && g_strv_contains ((const char * const *) points, identity_uuid))
        g_ptr_array_add (out, g_strdup (sk_account_get_uuid (account)));
    }
  return out;
}

gboolean
sk_inventory_account_holds_money (SkVault    *vault,
                                  const char *account_uuid)
{
  SkAccount *account;
  GListModel *bindings;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  account = sk_vault_lookup_account (vault, account_uuid);
  if (account != NULL && sk_account_holds_money (account))
    return TRUE;
  /* A wallet, bank or exchange holds money by what it is, without a tag:
   * the directory entry the account names or its issuer matches says. */
  if (account != NULL && sk_inventory_service_holds_money (vault, account))
    return TRUE;
  bindings = sk_inventory_peek_account_bindings (vault, account_uuid);
  n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity;

      if (sk_binding_get_role (binding) == SK_ROLE_PAYOUT_ACCOUNT)
        return TRUE;
      identity = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));
      if (identity != NULL && sk_identity_get_kind (identity) == SK_IDENTITY_PAYOUT)
        return TRUE;
    }
  return FALSE;
}
