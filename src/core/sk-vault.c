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
#include "sk-vault-private.h"
#include "sparekey/sk-vault.h"

/*
 * The payload (what the vault file encrypts) is:
 *
 *   "SKPL" | u32 payload version | u32 records length | u32 zero |
 *   records (a GVariant "a{sv}", little-endian) |
 *   u32 secret count | { u16 id length | id | u32 length | bytes } ...
 *
 * all integers little-endian. GVariant rather than JSON because it opens a
 * 10,000-account vault in a few milliseconds and checks untrusted data as
 * it reads it. The records hold every field but no secret:
 * secrets (OTP keys, later recovery codes) sit in the secret table, keyed
 * by "<record uuid>/<field>", so they go from the decrypted buffer straight
 * into guarded memory and never through ordinary heap copies.
 * docs/vault-format.md describes it for people.
 */

#define PAYLOAD_MAGIC "SKPL"
#define PAYLOAD_HEADER 16

/* The member of an account's "extra" dictionary holding its icon:
 * (MIME type, bytes). In "extra" rather than a column of its own because
 * that is where a version that does not know icons keeps them. */
#define ICON_MEMBER "icon"
/* Members of "extra" since records version 2 (see RECORDS_VERSION): how
 * an account without codes is protected, and the service directory entry
 * and category of any account. */
#define PROTECTION_MEMBER "protection"
#define SERVICE_MEMBER "service"
#define CATEGORY_MEMBER "category"
/* The "type" of an account without codes. A version that predates them
 * sets such a record aside as an unknown type, and writes it back
 * untouched. */
#define NO_CODE_TYPE "none"
/* The top-level key saying which additions the records use, and this
 * version's value: 2 added accounts without codes and the members above.
 * Older readers keep the key as a newer version's and write it back. */
#define RECORDS_VERSION_KEY "records_version"
#define RECORDS_VERSION 2

struct _SkVault
{
  GObject     parent_instance;

  GListStore *accounts;
  GHashTable *by_uuid;      /* uuid -> SkAccount (borrowed from the store) */
  GHashTable *tombstones;   /* uuid -> gint64* deletion time (µs) */
  /* Records this version could not use: GVariant*, written back unchanged. */
  GPtrArray  *kept_aside;
  GPtrArray  *problems;     /* of char* */
  /* Later features' data (recovery codes, inventory, audits...), as JSON. */
  JsonObject *sections;
  /* Top-level members a newer version wrote: name -> GVariant. */
  GHashTable *unknown;
  /* Secrets not owned by an account: sections' secrets, and any entry of
   * the table no known record claimed (a newer version's). */
  GHashTable *secrets;      /* id -> SkSecret* */
  gboolean    dirty;
  gint64      clean_stamp;  /* newest "updated" when last marked clean */
  /* Layers above, told of every change before the signals go out. */
  GArray     *listeners;    /* of Listener */
};

typedef struct {
  const SkVaultListener *funcs;
  gpointer               data;
} Listener;

G_DEFINE_FINAL_TYPE (SkVault, sk_vault, G_TYPE_OBJECT)

enum {
  SIGNAL_ACCOUNT_CHANGED,
  SIGNAL_RECORD_CHANGED,
  SIGNAL_SECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


GQuark
sk_vault_error_quark (void)
{
  return g_quark_from_static_string ("sk-vault-error-quark");
}

static void on_account_notify (SkAccount  *account,
                               GParamSpec *pspec,
                               SkVault    *self);

static void
sk_vault_finalize (GObject *object)
{
  SkVault *self = SK_VAULT (object);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));

  /* Accounts may outlive the vault (a dialog still shows one). */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);

      g_signal_handlers_disconnect_by_func (account, on_account_notify, self);
    }
  g_clear_pointer (&self->listeners, g_array_unref);
  g_clear_object (&self->accounts);
  g_clear_pointer (&self->by_uuid, g_hash_table_unref);
  g_clear_pointer (&self->tombstones, g_hash_table_unref);
  g_clear_pointer (&self->kept_aside, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->sections, json_object_unref);
  g_clear_pointer (&self->unknown, g_hash_table_unref);
  g_clear_pointer (&self->secrets, g_hash_table_unref);

  G_OBJECT_CLASS (sk_vault_parent_class)->finalize (object);
}

static void
sk_vault_class_init (SkVaultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_vault_finalize;

  /**
   * SkVault::account-changed:
   * @account: the account
   *
   * An account in the vault was edited, here or by a merge with another
   * writer's version. The accounts model also reports the account's
   * position as changed when what a list shows of it changed (issuer,
   * name, tags, favourite, icon, type).
   */
  signals[SIGNAL_ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SK_TYPE_ACCOUNT);
  /**
   * SkVault::record-changed:
   * @section: the section's name ("recovery_codes", "identities"...)
   * @uuid: the record's id
   *
   * One record (recovery code, identity, binding, audit...) was stored or
   * deleted. Detailed by the section's name.
   */
  signals[SIGNAL_RECORD_CHANGED] =
    g_signal_new ("record-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /**
   * SkVault::section-changed:
   * @section: (nullable): the section replaced whole, or NULL when a merge
   *   may have changed any of them
   *
   * Detailed by the section's name when there is one.
   */
  signals[SIGNAL_SECTION_CHANGED] =
    g_signal_new ("section-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
sk_vault_init (SkVault *self)
{
  self->accounts = g_list_store_new (SK_TYPE_ACCOUNT);
  self->by_uuid = g_hash_table_new (g_str_hash, g_str_equal);
  self->tombstones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->kept_aside = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->problems = g_ptr_array_new_with_free_func (g_free);
  self->sections = json_object_new ();
  self->unknown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_variant_unref);
  self->secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) sk_secret_unref);
  self->listeners = g_array_new (FALSE, FALSE, sizeof (Listener));
}

/* Changes ---------------------------------------------------------------- */

void
sk_vault_add_listener (SkVault               *self,
                       const SkVaultListener *listener,
                       gpointer               data)
{
  Listener l = { listener, data };

  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (listener != NULL);

  g_array_append_val (self->listeners, l);
}

void
sk_vault_remove_listener (SkVault  *self,
                          gpointer  data)
{
  g_return_if_fail (SK_IS_VAULT (self));

  for (guint i = self->listeners->len; i > 0; i--)
    if (g_array_index (self->listeners, Listener, i - 1).data == data)
      g_array_remove_index (self->listeners, i - 1);
}

void
sk_vault_emit_record_changed (SkVault    *self,
                              const char *section,
                              const char *uuid,
                              JsonObject *before,
                              JsonObject *after)
{
  g_assert (SK_IS_VAULT (self));

  for (guint i = 0; i < self->listeners->len; i++)
    {
      Listener *l = &g_array_index (self->listeners, Listener, i);

      if (l->funcs->record_changed != NULL)
        l->funcs->record_changed (self, section, uuid, before, after, l->data);
    }
  g_signal_emit (self, signals[SIGNAL_RECORD_CHANGED],
                 g_quark_from_string (section), section, uuid);
}

static void
emit_section_changed (SkVault    *self,
                      const char *section)
{
  for (guint i = 0; i < self->listeners->len; i++)
    {
      Listener *l = &g_array_index (self->listeners, Listener, i);

      if (l->funcs->section_changed != NULL)
        l->funcs->section_changed (self, section, l->data);
    }
  g_signal_emit (self, signals[SIGNAL_SECTION_CHANGED],
                 section != NULL ? g_quark_from_string (section) : 0, section);
}

/* What a list of accounts shows, sorts or searches by: a change of these
 * moves the account in a sorted, filtered view. A new code time or HOTP
 * counter does not (a row showing a code is not rebound for it). */
static gboolean
is_listed_property (const char *name)
{
  static const char * const listed[] = {
    "issuer", "name", "display-name", "tags", "favourite", "icon",
    "otp-type", "digits", "period", "note",
  };

  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    if (g_str_equal (name, listed[i]))
      return TRUE;
  return FALSE;
}

static void
on_account_notify (SkAccount  *account,
                   GParamSpec *pspec,
                   SkVault    *self)
{
  guint position;

  /* "updated" comes with every edit, after the field it was for. */
  if (g_str_equal (pspec->name, "updated"))
    {
      g_signal_emit (self, signals[SIGNAL_ACCOUNT_CHANGED], 0, account);
      return;
    }
  if (is_listed_property (pspec->name) &&
      g_list_store_find (self->accounts, account, &position))
    g_list_model_items_changed (G_LIST_MODEL (self->accounts), position, 1, 1);
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
track_account (SkVault   *self,
               SkAccount *account)
{
  g_hash_table_insert (self->by_uuid, (gpointer) sk_account_get_uuid (account), account);
  g_hash_table_remove (self->tombstones, sk_account_get_uuid (account));
  g_signal_connect (account, "notify", G_CALLBACK (on_account_notify), self);
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

/* The newest "updated" of any account: every setter bumps it, so an edit
 * since the last load or save shows here. Cheaper than a notify handler on
 * each of 10,000 accounts. */
static gint64
newest_update (SkVault *self)
{
  GListModel *model = G_LIST_MODEL (self->accounts);
  guint n = g_list_model_get_n_items (model);
  gint64 newest = 0;

  for (guint i = 0; i < n; i++)
    {
      SkAccount *account = g_list_model_get_item (model, i);

      newest = MAX (newest, sk_account_get_updated (account));
      g_object_unref (account);
    }
  return newest;
}

gboolean
sk_vault_get_dirty (SkVault *self)
{
  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);

  return self->dirty || newest_update (self) > self->clean_stamp;
}

void
sk_vault_set_dirty (SkVault  *self,
                    gboolean  dirty)
{
  g_return_if_fail (SK_IS_VAULT (self));

  self->dirty = !!dirty;
  if (!dirty)
    self->clean_stamp = newest_update (self);
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
  JsonNode *old;
  gboolean same;

  g_return_if_fail (SK_IS_VAULT (self));
  g_return_if_fail (name != NULL);

  /* Records are stored by setting their section again, its same object:
   * the inventory hears of those one record at a time. */
  old = json_object_get_member (self->sections, name);
  same = old != NULL && node != NULL &&
         JSON_NODE_HOLDS_OBJECT (old) && JSON_NODE_HOLDS_OBJECT (node) &&
         json_node_get_object (old) == json_node_get_object (node);
  if (node == NULL)
    json_object_remove_member (self->sections, name);
  else
    json_object_set_member (self->sections, name, json_node_copy (node));
  self->dirty = TRUE;
  if (!same)
    emit_section_changed (self, name);
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

/* Yandex and mOTP accounts keep their PIN beside the key. A version that
 * predates them sets such an account aside and keeps both entries as
 * secrets no record claims, so nothing is lost on its way through. */
static char *
account_pin_id (const char *uuid)
{
  return g_strconcat (uuid, "/pin", NULL);
}

static const char *
or_empty (const char *s)
{
  return s != NULL ? s : "";
}

/*
 * One account record: a tuple, so reading 10,000 of them is a few
 * milliseconds; fields later versions add go into the trailing a{sv}.
 *   uuid, type, issuer, name, algorithm, digits, period, counter, tags,
 *   note, favourite, created, updated, last_used, otpauth extras, more
 */
#define RECORD_TYPE "(sssssuutassbxxxa(ss)a{sv})"

/*
 * Accounts are stored by column ("uuid": as, "digits": au, ...), so that
 * 10,000 of them are read with a handful of calls that point into the
 * serialized data instead of one allocation per field. Per-account data
 * that most accounts lack (tags, otpauth extras, members a newer version
 * added) sits in sparse maps keyed by the account's index.
 */
typedef struct
{
  GPtrArray *uuid, *type, *issuer, *name, *algorithm, *note;
  GArray    *digits, *period, *counter, *favourite, *created, *updated, *last_used;
  GVariantBuilder tags, uri_extras, extra;
} Columns;

static void
columns_init (Columns *c)
{
  c->uuid = g_ptr_array_new ();
  c->type = g_ptr_array_new ();
  c->issuer = g_ptr_array_new ();
  c->name = g_ptr_array_new ();
  c->algorithm = g_ptr_array_new ();
  c->note = g_ptr_array_new ();
  c->digits = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->period = g_array_new (FALSE, FALSE, sizeof (guint32));
  c->counter = g_array_new (FALSE, FALSE, sizeof (guint64));
  c->favourite = g_array_new (FALSE, FALSE, sizeof (guint8));
  c->created = g_array_new (FALSE, FALSE, sizeof (gint64));
  c->updated = g_array_new (FALSE, FALSE, sizeof (gint64));
  c->last_used = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_variant_builder_init (&c->tags, G_VARIANT_TYPE ("a{uas}"));
  g_variant_builder_init (&c->uri_extras, G_VARIANT_TYPE ("a{ua(ss)}"));
  g_variant_builder_init (&c->extra, G_VARIANT_TYPE ("a{ua{sv}}"));
}

/* What goes into the "extra" member of @account: the members a newer
 * version wrote, kept as they were, the icon, the protection of an
 * account without codes, its service and category. */
static GVariant *
account_extra (SkAccount *account)
{
  GVariant *kept = g_object_get_data (G_OBJECT (account), "sk-vault-extra");
  GBytes *icon = sk_account_get_icon (account);
  SkProtection protection = sk_account_get_protection (account);
  const char *service = sk_account_get_service (account);
  const char *category = sk_account_get_category (account);
  GVariantBuilder b;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (icon == NULL && protection == SK_PROTECTION_CODE && service == NULL && category == NULL)
    return kept != NULL ? g_variant_ref (kept) : NULL;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  if (kept != NULL)
    {
      /* A member of ours kept there is one this version could not read
       * (another type); the account's own value replaces it. */
      g_variant_iter_init (&iter, kept);
      while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
        {
          if ((icon == NULL || strcmp (key, ICON_MEMBER) != 0) &&
              (protection == SK_PROTECTION_CODE || strcmp (key, PROTECTION_MEMBER) != 0) &&
              (service == NULL || strcmp (key, SERVICE_MEMBER) != 0) &&
              (category == NULL || strcmp (key, CATEGORY_MEMBER) != 0))
            g_variant_builder_add (&b, "{sv}", key, value);
          g_variant_unref (value);
        }
    }
  if (icon != NULL)
    g_variant_builder_add (&b, "{sv}", ICON_MEMBER,
                           g_variant_new ("(s@ay)", sk_account_get_icon_mime_type (account),
                                          g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING,
                                                                    icon, TRUE)));
  if (protection != SK_PROTECTION_CODE)
    g_variant_builder_add (&b, "{sv}", PROTECTION_MEMBER,
                           g_variant_new_string (sk_protection_to_string (protection)));
  if (service != NULL)
    g_variant_builder_add (&b, "{sv}", SERVICE_MEMBER, g_variant_new_string (service));
  if (category != NULL)
    g_variant_builder_add (&b, "{sv}", CATEGORY_MEMBER, g_variant_new_string (category));
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

static void
columns_add (Columns   *c,
             SkAccount *account)
{
  g_autoptr(GVariant) extra = account_extra (account);
  const char * const *tags = sk_account_get_tags (account);
  const char * const *keys = NULL;
  const char * const *values = NULL;
  guint32 index = c->uuid->len;
  guint32 u;
  guint64 t;
  gint64 x;
  guint8 y;
  guint n_extras;

  g_ptr_array_add (c->uuid, (gpointer) sk_account_get_uuid (account));
  g_ptr_array_add (c->type, sk_account_has_code (account)
                             ? (gpointer) sk_otp_type_to_string (sk_account_get_otp_type (account))
                             : (gpointer) NO_CODE_TYPE);
  g_ptr_array_add (c->issuer, (gpointer) or_empty (sk_account_get_issuer (account)));
  g_ptr_array_add (c->name, (gpointer) or_empty (sk_account_get_name (account)));
  g_ptr_array_add (c->algorithm, (gpointer) sk_otp_algorithm_to_string (sk_account_get_algorithm (account)));
  g_ptr_array_add (c->note, (gpointer) or_empty (sk_account_get_note (account)));
  u = sk_account_get_digits (account);
  g_array_append_val (c->digits, u);
  u = sk_account_get_period (account);
  g_array_append_val (c->period, u);
  t = sk_account_get_counter (account);
  g_array_append_val (c->counter, t);
  y = sk_account_get_favourite (account) ? 1 : 0;
  g_array_append_val (c->favourite, y);
  x = sk_account_get_created (account);
  g_array_append_val (c->created, x);
  x = sk_account_get_updated (account);
  g_array_append_val (c->updated, x);
  x = sk_account_get_last_used (account);
  g_array_append_val (c->last_used, x);

  if (tags != NULL && tags[0] != NULL)
    g_variant_builder_add (&c->tags, "{u^as}", index, tags);
  n_extras = sk_account_get_uri_extras (account, &keys, &values);
  if (n_extras > 0)
    {
      GVariantBuilder eb;

      g_variant_builder_init (&eb, G_VARIANT_TYPE ("a(ss)"));
      for (guint i = 0; i < n_extras; i++)
        g_variant_builder_add (&eb, "(ss)", keys[i], values[i]);
      g_variant_builder_add (&c->uri_extras, "{u@a(ss)}", index, g_variant_builder_end (&eb));
    }
  if (extra != NULL)
    g_variant_builder_add (&c->extra, "{u@a{sv}}", index, extra);
}

static GVariant *
fixed_column (GArray             *array,
              const GVariantType *element_type,
              gsize               element_size)
{
  return g_variant_new_fixed_array (element_type, array->data, array->len, element_size);
}

/* A text column is one byte array of NUL-terminated strings: GLib reads
 * an "as" one string at a time, this in one piece. */
static GVariant *
text_column (GPtrArray *strings)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (guint i = 0; i < strings->len; i++)
    {
      const char *str = g_ptr_array_index (strings, i);

      g_byte_array_append (bytes, (const guint8 *) str, strlen (str) + 1);
    }
  return g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, bytes->data, bytes->len, 1);
}

static GVariant *
columns_end (Columns *c)
{
  GVariantBuilder b;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
#define STRV(col) text_column (c->col)
  g_variant_builder_add (&b, "{sv}", "uuid", STRV (uuid));
  g_variant_builder_add (&b, "{sv}", "type", STRV (type));
  g_variant_builder_add (&b, "{sv}", "issuer", STRV (issuer));
  g_variant_builder_add (&b, "{sv}", "name", STRV (name));
  g_variant_builder_add (&b, "{sv}", "algorithm", STRV (algorithm));
  g_variant_builder_add (&b, "{sv}", "note", STRV (note));
#undef STRV
  g_variant_builder_add (&b, "{sv}", "digits", fixed_column (c->digits, G_VARIANT_TYPE_UINT32, 4));
  g_variant_builder_add (&b, "{sv}", "period", fixed_column (c->period, G_VARIANT_TYPE_UINT32, 4));
  g_variant_builder_add (&b, "{sv}", "counter", fixed_column (c->counter, G_VARIANT_TYPE_UINT64, 8));
  g_variant_builder_add (&b, "{sv}", "favourite", fixed_column (c->favourite, G_VARIANT_TYPE_BYTE, 1));
  g_variant_builder_add (&b, "{sv}", "created", fixed_column (c->created, G_VARIANT_TYPE_INT64, 8));
  g_variant_builder_add (&b, "{sv}", "updated", fixed_column (c->updated, G_VARIANT_TYPE_INT64, 8));
  g_variant_builder_add (&b, "{sv}", "last_used", fixed_column (c->last_used, G_VARIANT_TYPE_INT64, 8));
  g_variant_builder_add (&b, "{sv}", "tags", g_variant_builder_end (&c->tags));
  g_variant_builder_add (&b, "{sv}", "uri_extras", g_variant_builder_end (&c->uri_extras));
  g_variant_builder_add (&b, "{sv}", "extra", g_variant_builder_end (&c->extra));

  g_ptr_array_unref (c->uuid);
  g_ptr_array_unref (c->type);
  g_ptr_array_unref (c->issuer);
  g_ptr_array_unref (c->name);
  g_ptr_array_unref (c->algorithm);
  g_ptr_array_unref (c->note);
  g_array_unref (c->digits);
  g_array_unref (c->period);
  g_array_unref (c->counter);
  g_array_unref (c->favourite);
  g_array_unref (c->created);
  g_array_unref (c->updated);
  g_array_unref (c->last_used);

  return g_variant_builder_end (&b);
}

static void
put_u16 (guint8 *p, guint16 v)
{
  p[0] = v & 0xff;
  p[1] = v >> 8;
}

static void
put_u32 (guint8 *p, guint32 v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = v >> 24;
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
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GVariant) records = NULL;
  GVariantBuilder root, aside, tombstones, sections;
  Columns columns;
  GHashTableIter iter;
  gpointer key, value;
  gsize records_len, total, pos;
  SkSecret *out;
  guint8 *p;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (self), NULL);

  columns_init (&columns);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->accounts));
  for (guint i = 0; i < n; i++)
    {
      SkAccount *account = g_list_model_get_item (G_LIST_MODEL (self->accounts), i);
      SkSecret *secret = sk_account_get_secret (account);
      SkSecret *pin = sk_account_get_pin (account);

      columns_add (&columns, account);
      if (secret != NULL)
        g_hash_table_insert (table, account_secret_id (sk_account_get_uuid (account)), secret);
      if (pin != NULL)
        g_hash_table_insert (table, account_pin_id (sk_account_get_uuid (account)), pin);
      g_object_unref (account);  /* the store keeps it alive */
    }
  g_variant_builder_init (&aside, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < self->kept_aside->len; i++)
    g_variant_builder_add_value (&aside, g_ptr_array_index (self->kept_aside, i));

  g_variant_builder_init (&tombstones, G_VARIANT_TYPE ("a{sx}"));
  g_hash_table_iter_init (&iter, self->tombstones);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&tombstones, "{sx}", key, *(gint64 *) value);

  g_variant_builder_init (&sections, G_VARIANT_TYPE ("a{ss}"));
  {
    JsonObjectIter siter;
    const char *member;
    JsonNode *node;

    json_object_iter_init (&siter, self->sections);
    while (json_object_iter_next (&siter, &member, &node))
      {
        g_autofree char *text = json_to_string (node, FALSE);

        g_variant_builder_add (&sections, "{ss}", member, text);
      }
  }

  g_variant_builder_init (&root, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&root, "{sv}", "accounts", columns_end (&columns));
  g_variant_builder_add (&root, "{sv}", "set_aside", g_variant_builder_end (&aside));
  g_variant_builder_add (&root, "{sv}", "tombstones", g_variant_builder_end (&tombstones));
  g_variant_builder_add (&root, "{sv}", "sections", g_variant_builder_end (&sections));
  if (!g_hash_table_contains (self->unknown, RECORDS_VERSION_KEY))
    g_variant_builder_add (&root, "{sv}", RECORDS_VERSION_KEY, g_variant_new_uint32 (RECORDS_VERSION));
  g_hash_table_iter_init (&iter, self->unknown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&root, "{sv}", key, value);
  records = g_variant_ref_sink (g_variant_builder_end (&root));
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    {
      GVariant *swapped = g_variant_byteswap (records);

      g_variant_unref (records);
      records = swapped;
    }
  records_len = g_variant_get_size (records);
  if (records_len > G_MAXUINT32)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                           _("The vault is too large to save"));
      return NULL;
    }

  /* Secrets of sections and of records kept aside; an account's own key
   * takes precedence over a stale entry with the same id. */
  g_hash_table_iter_init (&iter, self->secrets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (table, key))
      g_hash_table_insert (table, g_strdup (key), value);

  total = PAYLOAD_HEADER + records_len + 4;
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    total += 2 + strlen (key) + 4 + sk_secret_get_size (value);

  out = sk_secret_new (total);
  p = sk_secret_get_mutable (out);
  memcpy (p, PAYLOAD_MAGIC, 4);
  put_u32 (p + 4, SK_PAYLOAD_VERSION);
  put_u32 (p + 8, (guint32) records_len);
  put_u32 (p + 12, 0);
  g_variant_store (records, p + PAYLOAD_HEADER);
  pos = PAYLOAD_HEADER + records_len;
  put_u32 (p + pos, g_hash_table_size (table));
  pos += 4;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gsize id_len = strlen (key);
      gsize len = sk_secret_get_size (value);

      put_u16 (p + pos, (guint16) id_len);
      pos += 2;
      memcpy (p + pos, key, id_len);
      pos += id_len;
      put_u32 (p + pos, (guint32) len);
      pos += 4;
      memcpy (p + pos, sk_secret_get_data (value), len);
      pos += len;
    }
  g_assert (pos == total);

  return out;
}

/* Read access to the columns of the accounts block. */
typedef struct
{
  gsize         n;
  const char  **uuid, **type, **issuer, **name, **algorithm, **note;
  const guint32 *digits, *period;
  const guint64 *counter;
  const guint8  *favourite;
  const gint64  *created, *updated, *last_used;
  gsize         n_digits, n_period, n_counter, n_favourite, n_created, n_updated, n_last_used;
  gsize         n_type, n_issuer, n_name, n_algorithm, n_note;
  GHashTable   *tags, *uri_extras, *extra;   /* index -> GVariant */
  GVariant     *block;
  /* The records version this reader understands: RECORDS_VERSION, or 1
   * to read as a version that predates accounts without codes does. */
  guint         reader_version;
} ColumnsIn;

/* Splits a text column into its strings, which point into @block's data
 * (it outlives them). A string that is not UTF-8 reads as empty. */
static const char **
column_strv (GVariant   *block,
             const char *name,
             gsize      *n)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (block, name, G_VARIANT_TYPE_BYTESTRING);
  g_autoptr(GPtrArray) out = NULL;
  const char *data, *end, *p;
  gsize len;

  *n = 0;
  if (v == NULL)
    return NULL;
  data = g_variant_get_fixed_array (v, &len, 1);
  out = g_ptr_array_new ();
  /* An empty column comes back as NULL: no arithmetic on it. */
  end = data != NULL ? data + len : data;
  for (p = data; p < end; )
    {
      const char *nul = memchr (p, '\0', end - p);

      if (nul == NULL)
        break;  /* an unterminated tail is not a string */
      g_ptr_array_add (out, (gpointer) (g_utf8_validate (p, nul - p, NULL) ? p : ""));
      p = nul + 1;
    }
  *n = out->len;
  g_ptr_array_add (out, NULL);
  return (const char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static gconstpointer
column_fixed (GVariant           *block,
              const char         *name,
              const GVariantType *type,
              gsize               element_size,
              gsize              *n,
              GPtrArray          *keep)
{
  GVariant *v = g_variant_lookup_value (block, name, type);

  *n = 0;
  if (v == NULL)
    return NULL;
  g_ptr_array_add (keep, v);
  return g_variant_get_fixed_array (v, n, element_size);
}

static GHashTable *
column_sparse (GVariant   *block,
               const char *name,
               const char *type)
{
  GHashTable *map = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_variant_unref);
  g_autoptr(GVariant) v = g_variant_lookup_value (block, name, G_VARIANT_TYPE (type));
  GVariantIter iter;
  guint32 index;
  GVariant *value;

  if (v == NULL)
    return map;
  g_variant_iter_init (&iter, v);
  while (g_variant_iter_next (&iter, "{u@*}", &index, &value))
    g_hash_table_replace (map, GUINT_TO_POINTER (index), value);
  return map;
}

static void
columns_in_clear (ColumnsIn *c)
{
  g_free (c->uuid);
  g_free (c->type);
  g_free (c->issuer);
  g_free (c->name);
  g_free (c->algorithm);
  g_free (c->note);
  g_clear_pointer (&c->tags, g_hash_table_unref);
  g_clear_pointer (&c->uri_extras, g_hash_table_unref);
  g_clear_pointer (&c->extra, g_hash_table_unref);
}

#define AT(col, i, fallback) ((i) < c->n_##col ? c->col[i] : (fallback))

/* The record of account @i as a dictionary: how a record that fails
 * validation is kept aside and written back. */
static GVariant *
record_dict (const ColumnsIn *c,
             gsize            i)
{
  GVariantBuilder b;
  GVariant *v;

  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&b, "{sv}", "uuid", g_variant_new_string (c->uuid[i]));
  g_variant_builder_add (&b, "{sv}", "type", g_variant_new_string (AT (type, i, "")));
  g_variant_builder_add (&b, "{sv}", "issuer", g_variant_new_string (AT (issuer, i, "")));
  g_variant_builder_add (&b, "{sv}", "name", g_variant_new_string (AT (name, i, "")));
  g_variant_builder_add (&b, "{sv}", "algorithm", g_variant_new_string (AT (algorithm, i, "")));
  g_variant_builder_add (&b, "{sv}", "note", g_variant_new_string (AT (note, i, "")));
  g_variant_builder_add (&b, "{sv}", "digits", g_variant_new_uint32 (AT (digits, i, 0)));
  g_variant_builder_add (&b, "{sv}", "period", g_variant_new_uint32 (AT (period, i, 0)));
  g_variant_builder_add (&b, "{sv}", "counter", g_variant_new_uint64 (AT (counter, i, 0)));
  g_variant_builder_add (&b, "{sv}", "created", g_variant_new_int64 (AT (created, i, 0)));
  g_variant_builder_add (&b, "{sv}", "updated", g_variant_new_int64 (AT (updated, i, 0)));
  if ((v = g_hash_table_lookup (c->tags, GUINT_TO_POINTER (i))) != NULL)
    g_variant_builder_add (&b, "{sv}", "tags", v);
  if ((v = g_hash_table_lookup (c->extra, GUINT_TO_POINTER (i))) != NULL)
    g_variant_builder_add (&b, "{sv}", "extra", v);
  return g_variant_builder_end (&b);
}

/* Takes what this version reads out of an account's "extra" member into
 * @r (the icon, protection, service, category); returns what is left to
 * keep and write back (NULL when nothing is): a newer version's members,
 * or a member this version cannot use (an icon of another picture type),
 * which stays as it was. Strings and the icon point into the records (no
 * copy); @icon holds the icon's reference. */
static GVariant *
take_extra (GVariant        *extra,
            SkAccountRecord *r,
            GBytes         **icon)
{
  g_autoptr(GVariant) member = g_variant_lookup_value (extra, ICON_MEMBER, G_VARIANT_TYPE ("(say)"));
  gboolean took_icon = FALSE;
  guint n_taken = 0;
  GVariantBuilder b;
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (member != NULL)
    {
      g_autoptr(GVariant) data = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const char *type;

      g_variant_get (member, "(&s@ay)", &type, &data);
      bytes = g_variant_get_data_as_bytes (data);
      if (sk_account_icon_validate (bytes, type, NULL))
        {
          /* Validated: the first bytes say the type, in its canonical
           * spelling. */
          r->icon_mime_type = sk_account_icon_sniff (bytes);
          *icon = g_steal_pointer (&bytes);
          r->icon = *icon;
          took_icon = TRUE;
          n_taken++;
        }
    }
  if (r->protection != SK_PROTECTION_CODE)
    n_taken++;
  if (g_variant_lookup (extra, SERVICE_MEMBER, "&s", &r->service))
    n_taken++;
  if (g_variant_lookup (extra, CATEGORY_MEMBER, "&s", &r->category))
    n_taken++;
  if (n_taken == 0)
    return g_variant_ref (extra);
  if (g_variant_n_children (extra) == n_taken)
    return NULL;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  g_variant_iter_init (&iter, extra);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (!(took_icon && strcmp (key, ICON_MEMBER) == 0) &&
          !(r->protection != SK_PROTECTION_CODE && strcmp (key, PROTECTION_MEMBER) == 0) &&
          !(r->service != NULL && strcmp (key, SERVICE_MEMBER) == 0) &&
          !(r->category != NULL && strcmp (key, CATEGORY_MEMBER) == 0))
        g_variant_builder_add (&b, "{sv}", key, value);
      g_variant_unref (value);
    }
  return g_variant_ref_sink (g_variant_builder_end (&b));
}

/* An account without codes: the "protection" member of its "extra"
 * (SK_PROTECTION_CODE when it has none this version knows). */
static SkProtection
extra_protection (GVariant *extra)
{
  const char *text = NULL;
  SkProtection protection;

  if (extra == NULL || !g_variant_lookup (extra, PROTECTION_MEMBER, "&s", &text) ||
      !sk_protection_from_string (text, &protection))
    return SK_PROTECTION_CODE;
  return protection;
}

/* The code generator of account @i into @r: parameters and secret, or
 * why it cannot be used. */
static gboolean
otp_from_columns (const ColumnsIn  *c,
                  gsize             i,
                  GHashTable       *secrets,
                  SkAccountRecord  *r,
                  char            **secret_id,
                  GError          **error)
{
  const char *alg_str = AT (algorithm, i, "SHA1");
  SkOtpParams params;

  if (!sk_otp_algorithm_from_string (alg_str, &r->algorithm))
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                   _("its algorithm “%s” is unknown"), alg_str);
      return FALSE;
    }
  sk_otp_params_init (&params, r->type);
  r->digits = AT (digits, i, params.digits);
  r->period = AT (period, i, params.period);
  r->counter = AT (counter, i, 0);
  params.algorithm = r->algorithm;
  params.digits = r->digits;
  params.period = r->period;
  params.counter = r->counter;
  if (!sk_otp_params_validate (&params, error))
    return FALSE;

  *secret_id = account_secret_id (r->uuid);
  r->secret = g_hash_table_lookup (secrets, *secret_id);
  if (r->secret == NULL || sk_secret_get_size (r->secret) == 0)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED, _("its secret is missing"));
      return FALSE;
    }

  if (sk_otp_type_needs_pin (r->type))
    {
      g_autofree char *pin_id = account_pin_id (r->uuid);

      r->pin = g_hash_table_lookup (secrets, pin_id);
      if (r->pin == NULL || sk_secret_get_size (r->pin) == 0)
        {
          g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED, _("its PIN is missing"));
          return FALSE;
        }
    }
  return TRUE;
}

/* Builds account @i from the columns, or says why it cannot. */
static SkAccount *
account_from_columns (const ColumnsIn  *c,
                      gsize             i,
                      GHashTable       *secrets,
                      char            **out_secret_id,
                      GError          **error)
{
  g_autofree char *secret_id = NULL;
  g_autofree const char **tags = NULL;
  g_autofree const char **extra_keys = NULL;
  g_autofree const char **extra_values = NULL;
  g_autoptr(GBytes) icon = NULL;
  g_autoptr(GVariant) kept = NULL;
  SkAccountRecord r = { 0 };
  const char *type_str = AT (type, i, "");
  SkAccount *account;
  GVariant *v;

  r.uuid = c->uuid[i];
  if (!g_uuid_string_is_valid (r.uuid))
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED, _("it has no valid UUID"));
      return NULL;
    }
  if (c->reader_version >= 2 && strcmp (type_str, NO_CODE_TYPE) == 0)
    {
      r.protection = extra_protection (g_hash_table_lookup (c->extra, GUINT_TO_POINTER (i)));
      if (r.protection == SK_PROTECTION_CODE)
        {
          /* A protection a newer version added: set aside, kept. */
          g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                               _("its sign-in protection is unknown"));
          return NULL;
        }
      /* No code: the parameters stay the defaults an account starts with. */
      {
        SkOtpParams defaults;

        sk_otp_params_init (&defaults, SK_OTP_TOTP);
        r.type = defaults.type;
        r.algorithm = defaults.algorithm;
        r.digits = defaults.digits;
        r.period = defaults.period;
      }
    }
  else if (!sk_otp_type_from_string (type_str, &r.type))
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                   _("its type “%s” is unknown"), type_str);
      return NULL;
    }
  if (r.protection == SK_PROTECTION_CODE && !otp_from_columns (c, i, secrets, &r, &secret_id, error))
    return NULL;

  r.issuer = AT (issuer, i, "");
  r.name = AT (name, i, "");
  r.note = AT (note, i, "");
  r.favourite = AT (favourite, i, 0) != 0;
  r.created = AT (created, i, 0);
  r.updated = AT (updated, i, r.created);
  r.last_used = AT (last_used, i, 0);
  if ((v = g_hash_table_lookup (c->tags, GUINT_TO_POINTER (i))) != NULL)
    {
      tags = g_variant_get_strv (v, NULL);
      r.tags = (const char * const *) tags;
    }
  if ((v = g_hash_table_lookup (c->uri_extras, GUINT_TO_POINTER (i))) != NULL)
    {
      gsize n = g_variant_n_children (v);

      extra_keys = g_new0 (const char *, n + 1);
      extra_values = g_new0 (const char *, n + 1);
      for (gsize k = 0; k < n; k++)
        g_variant_get_child (v, k, "(&s&s)", &extra_keys[k], &extra_values[k]);
      r.extra_keys = extra_keys;
      r.extra_values = extra_values;
    }
  if ((v = g_hash_table_lookup (c->extra, GUINT_TO_POINTER (i))) != NULL)
    kept = take_extra (v, &r, &icon);
  account = sk_account_new_from_record (&r);

  if (kept != NULL)
    g_object_set_data_full (G_OBJECT (account), "sk-vault-extra",
                            g_steal_pointer (&kept), (GDestroyNotify) g_variant_unref);

  *out_secret_id = g_steal_pointer (&secret_id);
  return account;
}

/* Records set aside by a version that predates accounts without codes
 * (record_dict() of that version): "type" "none". */
static gboolean
is_no_code_record (GVariant *record)
{
  const char *type = NULL;

  return g_variant_lookup (record, "type", "&s", &type) && strcmp (type, NO_CODE_TYPE) == 0;
}

static const char *
record_uuid (GVariant *record)
{
  const char *uuid = "";

  g_variant_lookup (record, "uuid", "&s", &uuid);
  return uuid;
}

/* An account without codes from a record an older version set aside and
 * wrote back: uuid, issuer, name, note, tags, times and "extra" (its
 * protection, service, category, icon). NULL if it cannot be one. */
static SkAccount *
account_from_record_dict (GVariant *record)
{
  g_autoptr(GVariant) extra = g_variant_lookup_value (record, "extra", G_VARIANT_TYPE_VARDICT);
  g_autoptr(GVariant) tags_value = g_variant_lookup_value (record, "tags", G_VARIANT_TYPE_STRING_ARRAY);
  g_autofree const char **tags = NULL;
  g_autoptr(GBytes) icon = NULL;
  g_autoptr(GVariant) kept = NULL;
  SkAccountRecord r = { 0 };
  SkOtpParams defaults;
  SkAccount *account;

  r.uuid = record_uuid (record);
  r.protection = extra_protection (extra);
  if (!g_uuid_string_is_valid (r.uuid) || r.protection == SK_PROTECTION_CODE)
    return NULL;
  sk_otp_params_init (&defaults, SK_OTP_TOTP);
  r.type = defaults.type;
  r.algorithm = defaults.algorithm;
  r.digits = defaults.digits;
  r.period = defaults.period;
  g_variant_lookup (record, "issuer", "&s", &r.issuer);
  g_variant_lookup (record, "name", "&s", &r.name);
  g_variant_lookup (record, "note", "&s", &r.note);
  g_variant_lookup (record, "created", "x", &r.created);
  if (!g_variant_lookup (record, "updated", "x", &r.updated))
    r.updated = r.created;
  if (tags_value != NULL)
    {
      tags = g_variant_get_strv (tags_value, NULL);
      r.tags = (const char * const *) tags;
    }
  kept = take_extra (extra, &r, &icon);
  account = sk_account_new_from_record (&r);
  if (kept != NULL)
    g_object_set_data_full (G_OBJECT (account), "sk-vault-extra",
                            g_steal_pointer (&kept), (GDestroyNotify) g_variant_unref);
  return account;
}

static void
load_accounts (SkVault    *self,
               GVariant   *block,
               GHashTable *secrets,
               GPtrArray  *loaded,
               guint       reader_version)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  ColumnsIn c = { 0 };
  ColumnsIn *cp = &c;

  c.reader_version = reader_version;
  c.uuid = column_strv (block, "uuid", &c.n);
  c.type = column_strv (block, "type", &c.n_type);
  c.issuer = column_strv (block, "issuer", &c.n_issuer);
  c.name = column_strv (block, "name", &c.n_name);
  c.algorithm = column_strv (block, "algorithm", &c.n_algorithm);
  c.note = column_strv (block, "note", &c.n_note);
  c.digits = column_fixed (block, "digits", G_VARIANT_TYPE ("au"), 4, &c.n_digits, keep);
  c.period = column_fixed (block, "period", G_VARIANT_TYPE ("au"), 4, &c.n_period, keep);
  c.counter = column_fixed (block, "counter", G_VARIANT_TYPE ("at"), 8, &c.n_counter, keep);
  c.favourite = column_fixed (block, "favourite", G_VARIANT_TYPE ("ay"), 1, &c.n_favourite, keep);
  c.created = column_fixed (block, "created", G_VARIANT_TYPE ("ax"), 8, &c.n_created, keep);
  c.updated = column_fixed (block, "updated", G_VARIANT_TYPE ("ax"), 8, &c.n_updated, keep);
  c.last_used = column_fixed (block, "last_used", G_VARIANT_TYPE ("ax"), 8, &c.n_last_used, keep);
  c.tags = column_sparse (block, "tags", "a{uas}");
  c.uri_extras = column_sparse (block, "uri_extras", "a{ua(ss)}");
  c.extra = column_sparse (block, "extra", "a{ua{sv}}");

  for (gsize i = 0; i < c.n; i++)
    {
      g_autoptr(GError) entry_error = NULL;
      g_autofree char *secret_id = NULL;
      SkAccount *account = NULL;

      /* Checked before the record claims its secret: the first record
       * with a UUID has taken it. */
      if (g_hash_table_contains (self->by_uuid, c.uuid[i]))
        g_set_error_literal (&entry_error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                             _("its UUID appears twice"));
      else
        account = account_from_columns (cp, i, secrets, &secret_id, &entry_error);

      if (account != NULL && g_hash_table_contains (self->by_uuid, sk_account_get_uuid (account)))
        {
          g_clear_object (&account);
          g_set_error_literal (&entry_error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                               _("its UUID appears twice"));
        }
      if (account == NULL)
        {
          /* Kept aside, written back, reported: one bad record never
           * stops the vault from opening. */
          g_ptr_array_add (self->kept_aside, g_variant_ref_sink (record_dict (cp, i)));
          g_ptr_array_add (self->problems,
                           g_strdup_printf (_("Account record %u was set aside: %s"),
                                            (guint) i + 1, entry_error->message));
          continue;
        }
      /* The account holds its secret now; what no account claims stays
       * in the table for whoever owns it (sections, records kept aside,
       * newer versions). */
      if (secret_id != NULL)
        g_hash_table_remove (secrets, secret_id);
      if (sk_account_get_pin (account) != NULL)
        {
          g_autofree char *pin_id = account_pin_id (sk_account_get_uuid (account));

          g_hash_table_remove (secrets, pin_id);
        }
      g_hash_table_insert (self->by_uuid, (gpointer) sk_account_get_uuid (account), account);
      g_ptr_array_add (loaded, account);
    }

  columns_in_clear (&c);
}

#undef AT

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
  return sk_vault_deserialize_as (data, size, RECORDS_VERSION, error);
}

/**
 * sk_vault_deserialize_as:
 * @reader_version: the records version to read as
 *
 * Reads the payload as a Sparekey that knows records up to
 * @reader_version would: with 1, accounts without codes are set aside
 * and the records version is kept as a newer version's key. How the
 * tests play an older Sparekey meeting a newer vault.
 *
 * Returns: (transfer full): the vault, or %NULL with @error set
 */
SkVault *
sk_vault_deserialize_as (const guint8  *data,
                         gsize          size,
                         guint          reader_version,
                         GError       **error)
{
  g_autoptr(SkVault) self = NULL;
  g_autoptr(GHashTable) secrets = NULL;
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) revive = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint32 version, records_len, n_secrets;
  gint64 newest = 0;
  GVariantIter iter;
  const char *key;
  GVariant *value;
  gsize pos;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size < PAYLOAD_HEADER + 4 || memcmp (data, PAYLOAD_MAGIC, 4) != 0)
    return damaged (error, _("no payload header")), NULL;
  version = get_u32 (data + 4);
  if (version == 0)
    return damaged (error, _("payload version 0")), NULL;
  if (version > SK_PAYLOAD_VERSION)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION,
                   _("The vault was written by a newer Sparekey (contents version %u); "
                     "update Sparekey to open it"), version);
      return NULL;
    }
  records_len = get_u32 (data + 8);
  if (records_len > size - PAYLOAD_HEADER - 4)
    return damaged (error, _("truncated record list")), NULL;

  /* The secret table first, so accounts can claim their keys. */
  secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) sk_secret_unref);
  pos = PAYLOAD_HEADER + records_len;
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

  /* The records hold no secret: a plain copy is fine. GVariant checks
   * untrusted data as it reads it (anything malformed reads as an empty
   * value), so no separate, slow normal-form pass is needed; the fuzzer
   * feeds it garbage. */
  bytes = g_bytes_new (data + PAYLOAD_HEADER, records_len);
  root = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  if (G_BYTE_ORDER == G_BIG_ENDIAN)
    {
      GVariant *swapped = g_variant_byteswap (root);

      g_variant_unref (root);
      root = swapped;
    }

  self = sk_vault_new ();
  loaded = g_ptr_array_new_with_free_func (g_object_unref);
  revive = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);

  g_variant_iter_init (&iter, root);
  while (g_variant_iter_next (&iter, "{&sv}", &key, &value))
    {
      if (strcmp (key, "accounts") == 0 && g_variant_is_of_type (value, G_VARIANT_TYPE_VARDICT))
        load_accounts (self, value, secrets, loaded, reader_version);
      else if (strcmp (key, RECORDS_VERSION_KEY) == 0 &&
               g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32) &&
               g_variant_get_uint32 (value) <= reader_version)
        ;  /* Ours: written anew on every save. A newer one is kept. */
      else if (strcmp (key, "set_aside") == 0 && g_variant_is_of_type (value, G_VARIANT_TYPE ("aa{sv}")))
        {
          GVariantIter ai;
          GVariant *record;

          g_variant_iter_init (&ai, value);
          while (g_variant_iter_next (&ai, "@a{sv}", &record))
            {
              /* An account without codes that an older version set
               * aside comes back once the loop has seen every account. */
              if (reader_version >= RECORDS_VERSION && is_no_code_record (record))
                {
                  g_ptr_array_add (revive, record);
                  continue;
                }
              g_ptr_array_add (self->kept_aside, record);
              g_ptr_array_add (self->problems,
                               g_strdup_printf (_("An account record set aside earlier is still "
                                                  "kept unread (%u so far)"), self->kept_aside->len));
            }
        }
      else if (strcmp (key, "tombstones") == 0 && g_variant_is_of_type (value, G_VARIANT_TYPE ("a{sx}")))
        {
          GVariantIter ti;
          const char *uuid;
          gint64 deleted;

          g_variant_iter_init (&ti, value);
          while (g_variant_iter_next (&ti, "{&sx}", &uuid, &deleted))
            {
              gint64 *when = g_new (gint64, 1);

              *when = deleted;
              g_hash_table_insert (self->tombstones, g_strdup (uuid), when);
            }
        }
      else if (strcmp (key, "sections") == 0 && g_variant_is_of_type (value, G_VARIANT_TYPE ("a{ss}")))
        {
          GVariantIter si;
          const char *name, *text;

          g_variant_iter_init (&si, value);
          while (g_variant_iter_next (&si, "{&s&s}", &name, &text))
            {
              g_autoptr(GError) json_error = NULL;
              JsonNode *node = json_from_string (text, &json_error);

              if (node == NULL)
                {
                  /* Kept as a string so it is written back as it was.
                   * json-glib reports no error for an empty text (Sparekey
                   * never writes one; a crafted file may). */
                  node = json_node_new (JSON_NODE_VALUE);
                  json_node_set_string (node, text);
                  g_ptr_array_add (self->problems,
                                   g_strdup_printf (_("Section “%s” could not be read: %s"),
                                                    name, json_error != NULL
                                                    ? json_error->message
                                                    : _("it is empty")));
                }
              json_object_set_member (self->sections, name, node);
            }
        }
      else
        g_hash_table_insert (self->unknown, g_strdup (key), g_variant_ref (value));
      g_variant_unref (value);
    }

  g_clear_pointer (&self->secrets, g_hash_table_unref);
  self->secrets = g_steal_pointer (&secrets);

  for (guint i = 0; i < revive->len; i++)
    {
      GVariant *record = revive->pdata[i];
      SkAccount *account = NULL;

      if (!g_hash_table_contains (self->by_uuid, record_uuid (record)))
        account = account_from_record_dict (record);
      if (account == NULL)
        {
          g_ptr_array_add (self->kept_aside, g_variant_ref (record));
          g_ptr_array_add (self->problems,
                           g_strdup_printf (_("An account record set aside earlier is still "
                                              "kept unread (%u so far)"), self->kept_aside->len));
          continue;
        }
      g_hash_table_insert (self->by_uuid, (gpointer) sk_account_get_uuid (account), account);
      g_ptr_array_add (loaded, account);
    }

  /* The index is filled already (it caught duplicates); what is loaded
   * is alive, so no tombstone of it stands. Clean as read: the newest
   * edit is the stamp later edits are compared with. */
  for (guint i = 0; i < loaded->len; i++)
    {
      if (g_hash_table_size (self->tombstones) > 0)
        g_hash_table_remove (self->tombstones, sk_account_get_uuid (loaded->pdata[i]));
      newest = MAX (newest, sk_account_get_updated (loaded->pdata[i]));
      g_signal_connect (loaded->pdata[i], "notify", G_CALLBACK (on_account_notify), self);
    }
  g_list_store_splice (self->accounts, 0, 0, loaded->pdata, loaded->len);
  self->dirty = FALSE;
  self->clean_stamp = newest;

  return g_steal_pointer (&self);
}

/* Merging --------------------------------------------------------------- */

/* Sections of records: "<uuid>": { uuid, created, updated, ... }, a
 * deleted record a tombstone { uuid, deleted: true, updated }. */

static gint64
record_updated (JsonNode *record)
{
  JsonNode *node = json_object_get_member (json_node_get_object (record), "updated");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return G_MININT64;
  return json_node_get_int (node);
}

static gboolean
record_deleted (JsonNode *record)
{
  JsonNode *node = json_object_get_member (json_node_get_object (record), "deleted");

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (node);
}

static const char * const record_sections[] = {
  SK_SECTION_RECOVERY_CODES,
  SK_SECTION_IDENTITIES,
  SK_SECTION_BINDINGS,
  SK_SECTION_ACCOUNT_INFO,
  SK_SECTION_AUDITS,
  SK_SECTION_RECOVERY,
  SK_SECTION_SERVICES,
};

gboolean
sk_vault_is_record_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_sections); i++)
    if (g_str_equal (record_sections[i], name))
      return TRUE;
  return FALSE;
}


static JsonObject *
deep_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, sk_vault_copy_record (node));
  return copy;
}

/* json_node_copy() shares objects and arrays; records are edited in
 * place, so each vault needs its own. */
JsonNode *
sk_vault_copy_record (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) object = deep_copy_object (json_node_get_object (node));

      return json_node_init_object (json_node_alloc (), object);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, sk_vault_copy_record (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  return json_node_copy (node);
}

gboolean
sk_vault_record_is_live (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
         !record_deleted (node);
}

/* Deleted records keep an empty secret for each of theirs ("<uuid>/..."):
 * a merge takes the secrets it lacks from the other copy, and would
 * otherwise revive a deleted recovery code. */
static void
forget_deleted_secrets (SkVault  *self,
                        JsonNode *section)
{
  g_autoptr(GPtrArray) ids = NULL;
  JsonObjectIter iter;
  const char *uuid;
  JsonNode *record;
  GHashTableIter siter;
  gpointer key, value;

  if (section == NULL || !JSON_NODE_HOLDS_OBJECT (section))
    return;
  ids = g_ptr_array_new ();
  json_object_iter_init (&iter, json_node_get_object (section));
  while (json_object_iter_next (&iter, &uuid, &record))
    if (JSON_NODE_HOLDS_OBJECT (record) && !sk_vault_record_is_live (record))
      g_ptr_array_add (ids, (gpointer) uuid);
  if (ids->len == 0)
    return;

  g_hash_table_iter_init (&siter, self->secrets);
  while (g_hash_table_iter_next (&siter, &key, &value))
    {
      const char *slash = strchr (key, '/');

      if (slash == NULL || sk_secret_get_size (value) == 0)
        continue;
      for (guint i = 0; i < ids->len; i++)
        if (strlen (ids->pdata[i]) == (gsize) (slash - (const char *) key) &&
            strncmp (key, ids->pdata[i], slash - (const char *) key) == 0)
          {
            g_hash_table_iter_replace (&siter, sk_secret_new (0));
            break;
          }
    }
}

/* Does their version of a record replace ours? The newer "updated" wins;
 * on a tie a tombstone wins, so a deletion is never undone by a copy
 * made in the same microsecond. */
static gboolean
theirs_wins (JsonNode *mine,
             JsonNode *theirs)
{
  gint64 my_time, their_time;

  if (theirs == NULL || !JSON_NODE_HOLDS_OBJECT (theirs))
    return FALSE;
  if (mine == NULL || !JSON_NODE_HOLDS_OBJECT (mine))
    return TRUE;

  my_time = record_updated (mine);
  their_time = record_updated (theirs);
  if (their_time != my_time)
    return their_time > my_time;
  return !sk_vault_record_is_live (theirs) && sk_vault_record_is_live (mine);
}

static gboolean
merge_section (SkVault    *self,
                  const char *name,
                  JsonNode   *mine,
                  JsonNode   *theirs)
{
  JsonObject *my_records, *their_records;
  JsonObjectIter iter;
  const char *uuid;
  JsonNode *node;
  gboolean changed = FALSE;

  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!sk_vault_is_record_section (name) || theirs == NULL || !JSON_NODE_HOLDS_OBJECT (theirs))
    return FALSE;
  if (mine == NULL)
    {
      /* We have no such section yet: take a copy of theirs. */
      g_autoptr(JsonNode) copy = sk_vault_copy_record (theirs);

      sk_vault_set_section (self, name, copy);
      forget_deleted_secrets (self, copy);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (mine))
    return FALSE;

  my_records = json_node_get_object (mine);
  their_records = json_node_get_object (theirs);
  json_object_iter_init (&iter, their_records);
  while (json_object_iter_next (&iter, &uuid, &node))
    if (theirs_wins (json_object_get_member (my_records, uuid), node))
      {
        json_object_set_member (my_records, uuid, sk_vault_copy_record (node));
        changed = TRUE;
      }

  /* A record deleted on either side (a recovery code) must not come back
   * through the secret table, which the vault merges by "take what we
   * lack". */
  if (changed)
    forget_deleted_secrets (self, mine);
  if (changed)
    sk_vault_set_dirty (self, TRUE);
  return changed;
}


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
  sk_account_set_pin (dst, sk_account_get_pin (src));
  sk_account_set_protection_internal (dst, sk_account_get_protection (src));
  sk_account_set_service (dst, sk_account_get_service (src));
  sk_account_set_category (dst, sk_account_get_category (src));
  /* Both were validated when they were set. */
  sk_account_set_icon (dst, sk_account_get_icon (src), sk_account_get_icon_mime_type (src), NULL);
  sk_account_set_created_internal (dst, sk_account_get_created (src));
  sk_account_set_updated_internal (dst, sk_account_get_updated (src));
  {
    const char * const *keys = NULL, * const *values = NULL;
    GVariant *extra = g_object_get_data (G_OBJECT (src), "sk-vault-extra");

    sk_account_get_uri_extras (src, &keys, &values);
    sk_account_set_uri_extras (dst, keys, values);
    g_object_set_data_full (G_OBJECT (dst), "sk-vault-extra",
                            extra ? g_variant_ref (extra) : NULL,
                            (GDestroyNotify) g_variant_unref);
  }
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

  /* Sections of recovery codes, inventory and audits are merged record by
   * record (sk-records.c); any other one this side lacks is taken whole. */
  {
    JsonObjectIter siter;
    const char *member;
    JsonNode *node;

    json_object_iter_init (&siter, other->sections);
    while (json_object_iter_next (&siter, &member, &node))
      if (merge_section (self, member,
                            json_object_get_member (self->sections, member), node))
        changed = TRUE;
      else if (!json_object_has_member (self->sections, member))
        {
          json_object_set_member (self->sections, member, json_node_copy (node));
          changed = TRUE;
        }
  }

  g_hash_table_iter_init (&iter, other->unknown);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->unknown, key))
      {
        g_hash_table_insert (self->unknown, g_strdup (key), g_variant_ref (value));
        changed = TRUE;
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
      GVariant *node = g_ptr_array_index (other->kept_aside, i);
      gboolean found = FALSE;

      for (guint j = 0; j < self->kept_aside->len && !found; j++)
        found = g_variant_equal (node, g_ptr_array_index (self->kept_aside, j));
      if (!found)
        {
          g_ptr_array_add (self->kept_aside, g_variant_ref (node));
          changed = TRUE;
        }
    }

  if (changed)
    {
      self->dirty = TRUE;
      /* After the secrets: a recovery code counts only with its code. */
      emit_section_changed (self, NULL);
    }
  return changed;
}
