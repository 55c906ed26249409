/* sk-inventory.c: identities, bindings, support channels and the views
 * on them (by identity, single points of failure)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-records-private.h"
#include "sparekey/sk-inventory.h"
#include "sparekey/sk-recovery-codes.h"

/*
 * Sections (see sk-records-private.h for the record conventions):
 *   "identities":   { uuid, kind, value, label, country_code, carrier,
 *                     provider, apps [..], status, since, note }
 *   "bindings":     { uuid, account, identity, role, since,
 *                     cooldown_until, note }
 *   "account_info": keyed by the account's uuid: { site, chat, ticket,
 *                     email, phone, recovery_page, note, audit_interval }
 */

G_DEFINE_QUARK (sk-inventory-error-quark, sk_inventory_error)

typedef struct {
  const char *name;
  const char *label;
} NamedValue;

/* "Third-party login" and "Payout account" are both a kind of identity
 * and a role of a binding: the labels carry a context. */
static const NamedValue kinds[] = {
  [SK_IDENTITY_PHONE] = { "phone", NC_("identity kind", "Phone number") },
  [SK_IDENTITY_EMAIL] = { "email", NC_("identity kind", "Email address") },
  [SK_IDENTITY_DEVICE] = { "device", NC_("identity kind", "Device") },
  [SK_IDENTITY_THIRD_PARTY] = { "third-party", NC_("identity kind", "Third-party login") },
  [SK_IDENTITY_PAYOUT] = { "payout", NC_("identity kind", "Payout account") },
  [SK_IDENTITY_SECURITY_QUESTION] = { "security-question", NC_("identity kind", "Security question") },
  [SK_IDENTITY_HARDWARE_KEY] = { "hardware-key", NC_("identity kind", "Hardware key") },
};

static const NamedValue status_names[] = {
  [SK_IDENTITY_ACTIVE] = { "active", N_("Active") },
  [SK_IDENTITY_LOST] = { "lost", N_("Lost") },
  [SK_IDENTITY_CANCELLED] = { "cancelled", N_("Cancelled") },
};

static const NamedValue roles[] = {
  [SK_ROLE_LOGIN] = { "login", NC_("binding role", "Login") },
  [SK_ROLE_SECURITY_PHONE] = { "security-phone", NC_("binding role", "Security phone / SMS codes") },
  [SK_ROLE_RECOVERY_EMAIL] = { "recovery-email", NC_("binding role", "Recovery email") },
  [SK_ROLE_AUTHENTICATOR_DEVICE] = { "authenticator-device", NC_("binding role", "Authenticator device") },
  [SK_ROLE_THIRD_PARTY_LOGIN] = { "third-party-login", NC_("binding role", "Third-party login") },
  [SK_ROLE_PAYOUT_ACCOUNT] = { "payout-account", NC_("binding role", "Payout account") },
  [SK_ROLE_TRUSTED_DEVICE] = { "trusted-device", NC_("binding role", "Trusted device") },
};

static gboolean
lookup_name (const NamedValue *table,
             guint             n,
             const char       *text,
             int              *out)
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

const char *
sk_identity_kind_to_string (SkIdentityKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return kinds[kind].name;
}

gboolean
sk_identity_kind_from_string (const char     *text,
                              SkIdentityKind *kind)
{
  int value;

  g_return_val_if_fail (kind != NULL, FALSE);
  if (!lookup_name (kinds, G_N_ELEMENTS (kinds), text, &value))
    return FALSE;
  *kind = value;
  return TRUE;
}

const char *
sk_identity_status_to_string (SkIdentityStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status].name;
}

gboolean
sk_identity_status_from_string (const char       *text,
                                SkIdentityStatus *status)
{
  int value;

  g_return_val_if_fail (status != NULL, FALSE);
  /* "canceled" is how half the world spells it. */
  if (g_strcmp0 (text, "canceled") == 0)
    text = "cancelled";
  if (!lookup_name (status_names, G_N_ELEMENTS (status_names), text, &value))
    return FALSE;
  *status = value;
  return TRUE;
}

const char *
sk_binding_role_to_string (SkBindingRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (roles), NULL);
  return roles[role].name;
}

gboolean
sk_binding_role_from_string (const char    *text,
                             SkBindingRole *role)
{
  int value;

  g_return_val_if_fail (role != NULL, FALSE);
  /* Short forms people type. */
  if (g_strcmp0 (text, "sms") == 0)
    text = "security-phone";
  else if (g_strcmp0 (text, "2fa-device") == 0 || g_strcmp0 (text, "authenticator") == 0)
    text = "authenticator-device";
  else if (g_strcmp0 (text, "third-party") == 0)
    text = "third-party-login";
  else if (g_strcmp0 (text, "payout") == 0)
    text = "payout-account";
  if (!lookup_name (roles, G_N_ELEMENTS (roles), text, &value))
    return FALSE;
  *role = value;
  return TRUE;
}

const char *
sk_identity_kind_get_label (SkIdentityKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "identity kind", kinds[kind].label);
}

const char *
sk_identity_status_get_label (SkIdentityStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return g_dgettext (GETTEXT_PACKAGE, status_names[status].label);
}

const char *
sk_binding_role_get_label (SkBindingRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (roles), NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "binding role", roles[role].label);
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

/* Identities ------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (SkIdentity, sk_identity, sk_identity_copy, sk_identity_free)

SkIdentity *
sk_identity_new (SkIdentityKind  kind,
                 const char     *value)
{
  SkIdentity *identity = g_new0 (SkIdentity, 1);

  identity->kind = kind;
  identity->value = g_strdup (value);
  identity->status = SK_IDENTITY_ACTIVE;
  return identity;
}

SkIdentity *
sk_identity_copy (const SkIdentity *identity)
{
  SkIdentity *copy;

  g_return_val_if_fail (identity != NULL, NULL);

  copy = g_new0 (SkIdentity, 1);
  *copy = *identity;
  copy->uuid = g_strdup (identity->uuid);
  copy->value = g_strdup (identity->value);
  copy->label = g_strdup (identity->label);
  copy->country_code = g_strdup (identity->country_code);
  copy->carrier = g_strdup (identity->carrier);
  copy->provider = g_strdup (identity->provider);
  copy->apps = g_strdupv (identity->apps);
  copy->since = g_strdup (identity->since);
  copy->note = g_strdup (identity->note);
  return copy;
}

void
sk_identity_free (SkIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->uuid);
  g_free (identity->value);
  g_free (identity->label);
  g_free (identity->country_code);
  g_free (identity->carrier);
  g_free (identity->provider);
  g_strfreev (identity->apps);
  g_free (identity->since);
  g_free (identity->note);
  g_free (identity);
}

char *
sk_identity_dup_display (const SkIdentity *identity,
                         gboolean          reveal)
{
  const char *value;

  g_return_val_if_fail (identity != NULL, NULL);

  value = identity->value != NULL ? identity->value : "";
  if (identity->kind == SK_IDENTITY_PAYOUT && !reveal)
    {
      g_autoptr(GString) digits = g_string_new (NULL);
      glong len = g_utf8_strlen (value, -1);

      /* Card and wallet numbers: only the last four characters, as on a
       * receipt. Short values are masked entirely. */
      for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
        if (!g_unichar_isspace (g_utf8_get_char (p)))
          g_string_append_unichar (digits, g_utf8_get_char (p));
      len = g_utf8_strlen (digits->str, -1);
      if (len <= 4)
        return g_strdup ("••••");
      return g_strconcat ("•••• ", g_utf8_offset_to_pointer (digits->str, len - 4), NULL);
    }
  if (identity->kind == SK_IDENTITY_PHONE && identity->country_code != NULL &&
      !g_str_has_prefix (value, "+"))
    return g_strconcat (identity->country_code, " ", value, NULL);
  return g_strdup (value);
}

static SkIdentity *
identity_from_record (JsonObject *record)
{
  SkIdentity *identity = g_new0 (SkIdentity, 1);
  JsonNode *apps = json_object_get_member (record, "apps");
  SkIdentityKind kind = SK_IDENTITY_PHONE;
  SkIdentityStatus status = SK_IDENTITY_ACTIVE;

  identity->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  if (!sk_identity_kind_from_string (sk_records_get_string (record, "kind"), &kind))
    {
      /* A kind added by a newer version: shown as what it is most like. */
      kind = SK_IDENTITY_DEVICE;
    }
  identity->kind = kind;
  sk_identity_status_from_string (sk_records_get_string (record, "status"), &status);
  identity->status = status;
  identity->value = g_strdup (sk_records_get_string (record, "value"));
  identity->label = g_strdup (sk_records_get_string (record, "label"));
  identity->country_code = g_strdup (sk_records_get_string (record, "country_code"));
  identity->carrier = g_strdup (sk_records_get_string (record, "carrier"));
  identity->provider = g_strdup (sk_records_get_string (record, "provider"));
  identity->since = g_strdup (sk_records_get_string (record, "since"));
  identity->note = g_strdup (sk_records_get_string (record, "note"));
  identity->created = sk_records_get_int (record, "created", 0);
  identity->updated = sk_records_get_int (record, "updated", 0);
  if (apps != NULL && JSON_NODE_HOLDS_ARRAY (apps))
    {
      JsonArray *array = json_node_get_array (apps);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
      identity->apps = g_strv_builder_end (builder);
    }
  if (identity->value == NULL)
    identity->value = g_strdup ("");
  return identity;
}

gboolean
sk_inventory_save_identity (SkVault     *vault,
                            SkIdentity  *identity,
                            gint64       now,
                            GError     **error)
{
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (identity != NULL, FALSE);

  if ((guint) identity->kind >= G_N_ELEMENTS (kinds) ||
      (guint) identity->status >= G_N_ELEMENTS (status_names))
    {
      g_set_error_literal (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID,
                           _("the identity has an unknown kind or status"));
      return FALSE;
    }
  if (identity->value == NULL || *g_strstrip (identity->value) == '\0')
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID,
                   _("a %s needs a value (number, address or name)"),
                   sk_identity_kind_get_label (identity->kind));
      return FALSE;
    }
  if (identity->since != NULL && *identity->since != '\0')
    {
      g_autofree char *date = sk_inventory_parse_date (identity->since, error);

      if (date == NULL)
        return FALSE;
      g_free (identity->since);
      identity->since = g_steal_pointer (&date);
    }

  if (identity->uuid == NULL)
    identity->uuid = g_uuid_string_random ();

  /* Keep members a newer version added to the record. */
  old = sk_records_lookup (vault, SK_SECTION_IDENTITIES, identity->uuid);
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  json_object_set_string_member (record, "kind", sk_identity_kind_to_string (identity->kind));
  json_object_set_string_member (record, "value", identity->value);
  json_object_set_string_member (record, "status", sk_identity_status_to_string (identity->status));
  sk_records_set_string (record, "label", identity->label);
  sk_records_set_string (record, "country_code", identity->country_code);
  sk_records_set_string (record, "carrier", identity->carrier);
  sk_records_set_string (record, "provider", identity->provider);
  sk_records_set_string (record, "since", identity->since);
  sk_records_set_string (record, "note", identity->note);
  if (identity->apps != NULL && identity->apps[0] != NULL)
    {
      JsonArray *apps = json_array_new ();

      for (guint i = 0; identity->apps[i] != NULL; i++)
        json_array_add_string_element (apps, identity->apps[i]);
      json_object_set_array_member (record, "apps", apps);
    }
  else
    json_object_remove_member (record, "apps");

  sk_records_put (vault, SK_SECTION_IDENTITIES, identity->uuid, record, now);
  identity->created = sk_records_get_int (record, "created", now);
  identity->updated = sk_records_get_int (record, "updated", now);
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

SkIdentity *
sk_inventory_get_identity (SkVault    *vault,
                           const char *uuid)
{
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (uuid != NULL, NULL);

  record = sk_records_lookup (vault, SK_SECTION_IDENTITIES, uuid);
  return record != NULL ? identity_from_record (record) : NULL;
}

static int
compare_identities (gconstpointer a,
                    gconstpointer b)
{
  const SkIdentity *x = *(SkIdentity **) a;
  const SkIdentity *y = *(SkIdentity **) b;
  int cmp;

  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  cmp = g_utf8_collate (x->value, y->value);
  return cmp != 0 ? cmp : g_strcmp0 (x->uuid, y->uuid);
}

GPtrArray *
sk_inventory_list_identities (SkVault *vault)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *identities;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  records = sk_records_list (vault, SK_SECTION_IDENTITIES, NULL, NULL);
  identities = g_ptr_array_new_full (records->len, (GDestroyNotify) sk_identity_free);
  for (guint i = 0; i < records->len; i++)
    {
      SkIdentity *identity = identity_from_record (records->pdata[i]);

      if (identity->uuid == NULL)
        sk_identity_free (identity);
      else
        g_ptr_array_add (identities, identity);
    }
  g_ptr_array_sort (identities, compare_identities);
  return identities;
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
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_identity_free);
  folded = g_utf8_casefold (query, -1);

  /* An exact UUID, then a UUID prefix, then whole values and labels,
   * then part of one ("138" or "8000" for a phone number, "gmail"). */
  for (guint pass = 0; pass < 4 && found->len == 0; pass++)
    for (guint i = 0; i < all->len; i++)
      {
        SkIdentity *identity = all->pdata[i];
        gboolean match = FALSE;

        if (pass == 0)
          match = g_str_equal (identity->uuid, query);
        else if (pass == 1)
          match = strlen (query) >= 4 && g_str_has_prefix (identity->uuid, query);
        else if (pass == 3)
          {
            g_autofree char *value = g_utf8_casefold (identity->value, -1);
            g_autofree char *label = identity->label ? g_utf8_casefold (identity->label, -1) : NULL;

            match = *folded != '\0' &&
                    (strstr (value, folded) != NULL || (label != NULL && strstr (label, folded) != NULL));
          }
        else
          {
            g_autofree char *value = g_utf8_casefold (identity->value, -1);
            g_autofree char *label = identity->label ? g_utf8_casefold (identity->label, -1) : NULL;

            match = g_str_equal (value, folded) || g_strcmp0 (label, folded) == 0;
            if (!match && identity->kind == SK_IDENTITY_PHONE)
              {
                g_autofree char *mine = phone_digits (identity->value, identity->country_code);
                g_autofree char *theirs = phone_digits (query, identity->country_code);

                match = *mine != '\0' && g_str_equal (mine, theirs);
              }
          }
        if (match)
          g_ptr_array_add (found, sk_identity_copy (identity));
      }
  return found;
}

/* Bindings ---------------------------------------------------------------- */

G_DEFINE_BOXED_TYPE (SkBinding, sk_binding, sk_binding_copy, sk_binding_free)

SkBinding *
sk_binding_copy (const SkBinding *binding)
{
  SkBinding *copy;

  g_return_val_if_fail (binding != NULL, NULL);

  copy = g_new0 (SkBinding, 1);
  *copy = *binding;
  copy->uuid = g_strdup (binding->uuid);
  copy->account_uuid = g_strdup (binding->account_uuid);
  copy->identity_uuid = g_strdup (binding->identity_uuid);
  copy->since = g_strdup (binding->since);
  copy->cooldown_until = g_strdup (binding->cooldown_until);
  copy->note = g_strdup (binding->note);
  return copy;
}

void
sk_binding_free (SkBinding *binding)
{
  if (binding == NULL)
    return;
  g_free (binding->uuid);
  g_free (binding->account_uuid);
  g_free (binding->identity_uuid);
  g_free (binding->since);
  g_free (binding->cooldown_until);
  g_free (binding->note);
  g_free (binding);
}

static SkBinding *
binding_from_record (JsonObject *record)
{
  SkBindingRole role = SK_ROLE_LOGIN;
  SkBinding *binding;

  if (sk_records_get_string (record, "uuid") == NULL ||
      sk_records_get_string (record, "account") == NULL ||
      sk_records_get_string (record, "identity") == NULL ||
      !sk_binding_role_from_string (sk_records_get_string (record, "role"), &role))
    return NULL;

  binding = g_new0 (SkBinding, 1);
  binding->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  binding->account_uuid = g_strdup (sk_records_get_string (record, "account"));
  binding->identity_uuid = g_strdup (sk_records_get_string (record, "identity"));
  binding->role = role;
  binding->since = g_strdup (sk_records_get_string (record, "since"));
  binding->cooldown_until = g_strdup (sk_records_get_string (record, "cooldown_until"));
  binding->note = g_strdup (sk_records_get_string (record, "note"));
  binding->created = sk_records_get_int (record, "created", 0);
  binding->updated = sk_records_get_int (record, "updated", 0);
  return binding;
}

static int
compare_bindings (gconstpointer a,
                  gconstpointer b)
{
  const SkBinding *x = *(SkBinding **) a;
  const SkBinding *y = *(SkBinding **) b;

  if (x->role != y->role)
    return x->role < y->role ? -1 : 1;
  if (x->created != y->created)
    return x->created < y->created ? -1 : 1;
  return g_strcmp0 (x->uuid, y->uuid);
}

GPtrArray *
sk_inventory_list_bindings (SkVault    *vault,
                            const char *account_uuid,
                            const char *identity_uuid)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *bindings;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  if (account_uuid != NULL)
    records = sk_records_list (vault, SK_SECTION_BINDINGS, "account", account_uuid);
  else if (identity_uuid != NULL)
    records = sk_records_list (vault, SK_SECTION_BINDINGS, "identity", identity_uuid);
  else
    records = sk_records_list (vault, SK_SECTION_BINDINGS, NULL, NULL);

  bindings = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_binding_free);
  for (guint i = 0; i < records->len; i++)
    {
      SkBinding *binding = binding_from_record (records->pdata[i]);

      if (binding == NULL ||
          (identity_uuid != NULL && !g_str_equal (binding->identity_uuid, identity_uuid)))
        {
          sk_binding_free (binding);
          continue;
        }
      g_ptr_array_add (bindings, binding);
    }
  g_ptr_array_sort (bindings, compare_bindings);
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

  if ((guint) role >= G_N_ELEMENTS (roles))
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

  existing = sk_inventory_list_bindings (vault, account_uuid, NULL);
  for (guint i = 0; i < existing->len && uuid == NULL; i++)
    {
      SkBinding *binding = existing->pdata[i];

      if (binding->role == role && g_str_equal (binding->identity_uuid, identity_uuid))
        {
          uuid = g_strdup (binding->uuid);
          record = sk_records_dup (sk_records_lookup (vault, SK_SECTION_BINDINGS, uuid));
        }
    }
  if (uuid == NULL)
    {
      uuid = g_uuid_string_random ();
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

      if (identity_uuid != NULL && !g_str_equal (binding->identity_uuid, identity_uuid))
        continue;
      if (role >= 0 && binding->role != (SkBindingRole) role)
        continue;
      if (sk_records_delete (vault, SK_SECTION_BINDINGS, binding->uuid, now))
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

  identity = sk_inventory_get_identity (vault, uuid);
  if (identity == NULL)
    {
      g_set_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND,
                   _("no identity with the id “%s”"), uuid);
      return FALSE;
    }
  if (identity->kind == SK_IDENTITY_SECURITY_QUESTION)
    sk_inventory_set_answer (vault, uuid, NULL);
  sk_identity_free (identity);

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

gboolean
sk_binding_role_is_recovery_path (SkBindingRole role)
{
  switch (role)
    {
    case SK_ROLE_SECURITY_PHONE:
    case SK_ROLE_RECOVERY_EMAIL:
    case SK_ROLE_AUTHENTICATOR_DEVICE:
    case SK_ROLE_THIRD_PARTY_LOGIN:
    case SK_ROLE_TRUSTED_DEVICE:
      return TRUE;
    case SK_ROLE_LOGIN:
    case SK_ROLE_PAYOUT_ACCOUNT:
    default:
      return FALSE;
    }
}

void
sk_spof_entry_free (SkSpofEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->account_uuid);
  g_free (entry->identity_uuid);
  g_free (entry);
}

/* Status of every identity, by uuid (absent: deleted or unknown). */
static GHashTable *
identity_statuses (SkVault *vault)
{
  g_autoptr(GPtrArray) identities = sk_inventory_list_identities (vault);
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < identities->len; i++)
    {
      SkIdentity *identity = identities->pdata[i];

      g_hash_table_insert (table, g_strdup (identity->uuid), GINT_TO_POINTER (identity->status + 1));
    }
  return table;
}

/* An entry of the report if the account's working ways back all go
 * through one identity or there are none; NULL otherwise. @recorded says
 * whether the account has any binding or code at all. */
static SkSpofEntry *
analyze_account (SkVault    *vault,
                 const char *account_uuid,
                 GHashTable *statuses,
                 gboolean   *recorded)
{
  g_autoptr(GPtrArray) bindings = sk_inventory_list_bindings (vault, account_uuid, NULL);
  g_autoptr(GHashTable) through = g_hash_table_new (g_str_hash, g_str_equal);
  guint remaining, total = 0, n_paths = 0, n_inactive = 0;
  SkSpofEntry *entry;

  remaining = sk_recovery_codes_count_remaining (vault, account_uuid, &total);
  *recorded = bindings->len > 0 || total > 0;

  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];
      int status = GPOINTER_TO_INT (g_hash_table_lookup (statuses, binding->identity_uuid)) - 1;

      if (!sk_binding_role_is_recovery_path (binding->role))
        continue;
      if (status != SK_IDENTITY_ACTIVE)
        {
          n_inactive++;
          continue;
        }
      g_hash_table_add (through, binding->identity_uuid);
      n_paths++;
    }

  /* Two identities, or one and unused recovery codes (a way back of
   * their own), or codes alone: no single identity can lock this account
   * out. */
  if (g_hash_table_size (through) > 1 || remaining > 0)
    return NULL;

  entry = g_new0 (SkSpofEntry, 1);
  entry->account_uuid = g_strdup (account_uuid);
  entry->n_paths = n_paths;
  entry->n_inactive = n_inactive;
  if (g_hash_table_size (through) == 1)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, through);
      g_hash_table_iter_next (&iter, &key, NULL);
      entry->kind = SK_SPOF_SINGLE_IDENTITY;
      entry->identity_uuid = g_strdup (key);
    }
  else
    entry->kind = SK_SPOF_NO_WAY_BACK;
  return entry;
}

GPtrArray *
sk_inventory_spof_report (SkVault  *vault,
                          gboolean  include_unrecorded)
{
  g_autoptr(GHashTable) statuses = NULL;
  GListModel *accounts;
  GPtrArray *report;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  statuses = identity_statuses (vault);
  report = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_spof_entry_free);
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      gboolean recorded = FALSE;
      SkSpofEntry *entry = analyze_account (vault, sk_account_get_uuid (account),
                                            statuses, &recorded);

      if (entry == NULL)
        continue;
      if (!recorded && !include_unrecorded)
        {
          sk_spof_entry_free (entry);
          continue;
        }
      g_ptr_array_add (report, entry);
    }
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
  g_autoptr(GHashTable) statuses = NULL;
  GPtrArray *bindings;
  guint only = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (identity_uuid != NULL, NULL);

  bindings = sk_inventory_list_bindings (vault, NULL, identity_uuid);
  if (counts != NULL)
    memset (counts, 0, sizeof (guint) * G_N_ELEMENTS (roles));
  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];

      g_hash_table_add (accounts, binding->account_uuid);
      if (counts != NULL)
        counts[binding->role]++;
    }

  if (n_only_way != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      statuses = identity_statuses (vault);
      g_hash_table_iter_init (&iter, accounts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          gboolean recorded;
          g_autoptr(SkSpofEntry) entry = analyze_account (vault, key, statuses, &recorded);

          if (entry != NULL && entry->kind == SK_SPOF_SINGLE_IDENTITY &&
              g_str_equal (entry->identity_uuid, identity_uuid))
            only++;
        }
      *n_only_way = only;
    }
  if (n_accounts != NULL)
    *n_accounts = g_hash_table_size (accounts);
  return bindings;
}
