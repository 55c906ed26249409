/* sk-binding.c: one recorded dependency of an account on an identity
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sparekey/sk-enum-types.h"

#include <glib/gi18n-lib.h>

#include "sk-inventory-private.h"

/* Roles ----------------------------------------------------------------- */

static const SkNamedValue roles[] = {
  [SK_ROLE_LOGIN] = { "login", NC_("binding role", "Login") },
  [SK_ROLE_SECURITY_PHONE] = { "security-phone", NC_("binding role", "Security phone / SMS codes") },
  [SK_ROLE_RECOVERY_EMAIL] = { "recovery-email", NC_("binding role", "Recovery email") },
  [SK_ROLE_AUTHENTICATOR_DEVICE] = { "authenticator-device", NC_("binding role", "Authenticator device") },
  [SK_ROLE_THIRD_PARTY_LOGIN] = { "third-party-login", NC_("binding role", "Third-party login") },
  [SK_ROLE_PAYOUT_ACCOUNT] = { "payout-account", NC_("binding role", "Payout account") },
  [SK_ROLE_TRUSTED_DEVICE] = { "trusted-device", NC_("binding role", "Trusted device") },
};

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
  if (!sk_named_value_lookup (roles, G_N_ELEMENTS (roles), text, &value))
    return FALSE;
  *role = value;
  return TRUE;
}

const char *
sk_binding_role_get_label (SkBindingRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (roles), NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "binding role", roles[role].label);
}

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

/* The object ------------------------------------------------------------- */

struct _SkBinding
{
  GObject        parent_instance;

  char          *uuid;
  char          *account_uuid;
  char          *identity_uuid;
  SkBindingRole  role;
  char          *since;
  char          *cooldown_until;
  char          *note;
  gint64         created;
  gint64         updated;
};

G_DEFINE_FINAL_TYPE (SkBinding, sk_binding, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_ACCOUNT_UUID,
  PROP_IDENTITY_UUID,
  PROP_ROLE,
  PROP_SINCE,
  PROP_COOLDOWN_UNTIL,
  PROP_NOTE,
  PROP_CREATED,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (SkBinding  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  sk_inventory_set_string (G_OBJECT (self), field, value, properties[prop]);
}

static void
set_time (SkBinding *self,
          gint64    *field,
          gint64     value,
          guint      prop)
{
  sk_inventory_set_int64 (G_OBJECT (self), field, value, properties[prop]);
}

static void
sk_binding_finalize (GObject *object)
{
  SkBinding *self = SK_BINDING (object);

  g_free (self->uuid);
  g_free (self->account_uuid);
  g_free (self->identity_uuid);
  g_free (self->since);
  g_free (self->cooldown_until);
  g_free (self->note);

  G_OBJECT_CLASS (sk_binding_parent_class)->finalize (object);
}

static void
sk_binding_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SkBinding *self = SK_BINDING (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_ACCOUNT_UUID:
      g_value_set_string (value, self->account_uuid);
      break;
    case PROP_IDENTITY_UUID:
      g_value_set_string (value, self->identity_uuid);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_SINCE:
      g_value_set_string (value, self->since);
      break;
    case PROP_COOLDOWN_UNTIL:
      g_value_set_string (value, self->cooldown_until);
      break;
    case PROP_NOTE:
      g_value_set_string (value, self->note);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_binding_class_init (SkBindingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sk_binding_finalize;
  object_class->get_property = sk_binding_get_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
  properties[PROP_ACCOUNT_UUID] = g_param_spec_string ("account-uuid", NULL, NULL, NULL, flags);
  properties[PROP_IDENTITY_UUID] = g_param_spec_string ("identity-uuid", NULL, NULL, NULL, flags);
  /* An SkBindingRole value. */
  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, SK_TYPE_BINDING_ROLE, SK_ROLE_LOGIN, flags);
  properties[PROP_SINCE] = g_param_spec_string ("since", NULL, NULL, NULL, flags);
  properties[PROP_COOLDOWN_UNTIL] = g_param_spec_string ("cooldown-until", NULL, NULL, NULL, flags);
  properties[PROP_NOTE] = g_param_spec_string ("note", NULL, NULL, NULL, flags);
  /* Times: microseconds since the Unix epoch, UTC. */
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_binding_init (SkBinding *self)
{
}

const char *
sk_binding_get_uuid (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->uuid;
}

const char *
sk_binding_get_account_uuid (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->account_uuid;
}

const char *
sk_binding_get_identity_uuid (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->identity_uuid;
}

SkBindingRole
sk_binding_get_role (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), SK_ROLE_LOGIN);
  return self->role;
}

const char *
sk_binding_get_since (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->since;
}

const char *
sk_binding_get_cooldown_until (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->cooldown_until;
}

const char *
sk_binding_get_note (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), NULL);
  return self->note;
}

gint64
sk_binding_get_created (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), 0);
  return self->created;
}

gint64
sk_binding_get_updated (SkBinding *self)
{
  g_return_val_if_fail (SK_IS_BINDING (self), 0);
  return self->updated;
}

/* For the inventory ------------------------------------------------------ */

SkBinding *
sk_binding_new (const char    *uuid,
                const char    *account_uuid,
                const char    *identity_uuid,
                SkBindingRole  role)
{
  SkBinding *self;

  g_return_val_if_fail (uuid != NULL && account_uuid != NULL && identity_uuid != NULL, NULL);
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (roles), NULL);

  self = g_object_new (SK_TYPE_BINDING, NULL);
  self->uuid = g_strdup (uuid);
  self->account_uuid = g_strdup (account_uuid);
  self->identity_uuid = g_strdup (identity_uuid);
  self->role = role;
  return self;
}

void
sk_binding_set_details (SkBinding  *self,
                        const char *since,
                        const char *cooldown_until,
                        const char *note,
                        gint64      created,
                        gint64      updated)
{
  g_return_if_fail (SK_IS_BINDING (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->since, since, PROP_SINCE);
  set_string (self, &self->cooldown_until, cooldown_until, PROP_COOLDOWN_UNTIL);
  set_string (self, &self->note, note, PROP_NOTE);
  set_time (self, &self->created, created, PROP_CREATED);
  set_time (self, &self->updated, updated, PROP_UPDATED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sk_binding_update (SkBinding *self,
                   SkBinding *other)
{
  g_return_if_fail (SK_IS_BINDING (self));
  g_return_if_fail (SK_IS_BINDING (other));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->uuid, other->uuid, PROP_UUID);
  set_string (self, &self->account_uuid, other->account_uuid, PROP_ACCOUNT_UUID);
  set_string (self, &self->identity_uuid, other->identity_uuid, PROP_IDENTITY_UUID);
  if (self->role != other->role)
    {
      self->role = other->role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
  sk_binding_set_details (self, other->since, other->cooldown_until, other->note,
                          other->created, other->updated);
  g_object_thaw_notify (G_OBJECT (self));
}
