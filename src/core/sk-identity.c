/* sk-identity.c: one identity an account can depend on: a phone number,
 * an email address, a device...
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sparekey/sk-enum-types.h"

#include <glib/gi18n-lib.h>

#include "sk-inventory-private.h"

/* Names and labels ------------------------------------------------------ */

/* "Third-party login" and "Payout account" are both a kind of identity
 * and a role of a binding: the labels carry a context. */
static const SkNamedValue kinds[] = {
  [SK_IDENTITY_PHONE] = { "phone", NC_("identity kind", "Phone number") },
  [SK_IDENTITY_EMAIL] = { "email", NC_("identity kind", "Email address") },
  [SK_IDENTITY_DEVICE] = { "device", NC_("identity kind", "Device") },
  [SK_IDENTITY_THIRD_PARTY] = { "third-party", NC_("identity kind", "Third-party login") },
  [SK_IDENTITY_PAYOUT] = { "payout", NC_("identity kind", "Payout account") },
  [SK_IDENTITY_SECURITY_QUESTION] = { "security-question", NC_("identity kind", "Security question") },
  [SK_IDENTITY_HARDWARE_KEY] = { "hardware-key", NC_("identity kind", "Hardware key") },
};

static const SkNamedValue statuses[] = {
  [SK_IDENTITY_ACTIVE] = { "active", N_("Active") },
  [SK_IDENTITY_LOST] = { "lost", N_("Lost") },
  [SK_IDENTITY_CANCELLED] = { "cancelled", N_("Cancelled") },
};

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
  if (!sk_named_value_lookup (kinds, G_N_ELEMENTS (kinds), text, &value))
    return FALSE;
  *kind = value;
  return TRUE;
}

const char *
sk_identity_status_to_string (SkIdentityStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);
  return statuses[status].name;
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
  if (!sk_named_value_lookup (statuses, G_N_ELEMENTS (statuses), text, &value))
    return FALSE;
  *status = value;
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
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (statuses), NULL);
  return g_dgettext (GETTEXT_PACKAGE, statuses[status].label);
}

/* The object ------------------------------------------------------------- */

struct _SkIdentity
{
  GObject           parent_instance;

  char             *uuid;
  SkIdentityKind    kind;
  char             *value;
  char             *label;
  char             *country_code;
  char             *carrier;
  char             *provider;
  char             *account;   /* the account that owns it, or NULL */
  char            **apps;
  SkIdentityStatus  status;
  char             *since;
  char             *note;
  gint64            created;
  gint64            updated;

  /* Kept by the vault's inventory for its own identities. */
  guint             n_accounts;
  guint             n_only_way;
  gboolean          owned;
};

G_DEFINE_FINAL_TYPE (SkIdentity, sk_identity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UUID,
  PROP_KIND,
  PROP_VALUE,
  PROP_LABEL,
  PROP_COUNTRY_CODE,
  PROP_CARRIER,
  PROP_PROVIDER,
  PROP_ACCOUNT,
  PROP_APPS,
  PROP_STATUS,
  PROP_SINCE,
  PROP_NOTE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_N_ACCOUNTS,
  PROP_N_ONLY_WAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The vault's identities change only with their records: an edit made
 * on one would show in every list without being saved. */
#define RETURN_IF_OWNED(self) \
  G_STMT_START { \
    if ((self)->owned) \
      { \
        g_critical ("%s: the vault's identities follow its records; edit a copy " \
                    "(sk_identity_copy()) and save it", G_STRFUNC); \
        return; \
      } \
  } G_STMT_END

static void
set_string (SkIdentity  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  sk_inventory_set_string (G_OBJECT (self), field, value, properties[prop]);
}

static void
set_apps (SkIdentity         *self,
          const char * const *apps)
{
  /* No apps is NULL, never an empty list. */
  if (apps != NULL && apps[0] == NULL)
    apps = NULL;
  if ((const char * const *) self->apps == apps ||
      (self->apps != NULL && apps != NULL &&
       g_strv_equal ((const char * const *) self->apps, apps)))
    return;
  g_strfreev (self->apps);
  self->apps = g_strdupv ((char **) apps);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPS]);
}

static void
set_kind (SkIdentity     *self,
          SkIdentityKind  kind)
{
  if (self->kind == kind)
    return;
  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
set_status (SkIdentity       *self,
            SkIdentityStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_time (SkIdentity *self,
          gint64     *field,
          gint64      value,
          guint       prop)
{
  sk_inventory_set_int64 (G_OBJECT (self), field, value, properties[prop]);
}

static void
set_count (SkIdentity *self,
           guint      *field,
           guint       value,
           guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
sk_identity_finalize (GObject *object)
{
  SkIdentity *self = SK_IDENTITY (object);

  g_free (self->uuid);
  g_free (self->value);
  g_free (self->label);
  g_free (self->country_code);
  g_free (self->carrier);
  g_free (self->provider);
  g_free (self->account);
  g_strfreev (self->apps);
  g_free (self->since);
  g_free (self->note);

  G_OBJECT_CLASS (sk_identity_parent_class)->finalize (object);
}

static void
sk_identity_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SkIdentity *self = SK_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_VALUE:
      g_value_set_string (value, self->value);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_COUNTRY_CODE:
      g_value_set_string (value, self->country_code);
      break;
    case PROP_CARRIER:
      g_value_set_string (value, self->carrier);
      break;
    case PROP_PROVIDER:
      g_value_set_string (value, self->provider);
      break;

    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case PROP_APPS:
      g_value_set_boxed (value, self->apps);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SINCE:
      g_value_set_string (value, self->since);
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
    case PROP_N_ACCOUNTS:
      g_value_set_uint (value, self->n_accounts);
      break;
    case PROP_N_ONLY_WAY:
      g_value_set_uint (value, self->n_only_way);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_identity_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SkIdentity *self = SK_IDENTITY (object);

  switch (prop_id)
    {
    case PROP_KIND:
      sk_identity_set_kind (self, g_value_get_enum (value));
      break;
    case PROP_VALUE:
      sk_identity_set_value (self, g_value_get_string (value));
      break;
    case PROP_LABEL:
      sk_identity_set_label (self, g_value_get_string (value));
      break;
    case PROP_COUNTRY_CODE:
      sk_identity_set_country_code (self, g_value_get_string (value));
      break;
    case PROP_CARRIER:
      sk_identity_set_carrier (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER:
      sk_identity_set_provider (self, g_value_get_string (value));
      break;

    case PROP_ACCOUNT:
      sk_identity_set_account (self, g_value_get_string (value));
      break;
    case PROP_APPS:
      sk_identity_set_apps (self, g_value_get_boxed (value));
      break;
    case PROP_STATUS:
      sk_identity_set_status (self, g_value_get_enum (value));
      break;
    case PROP_SINCE:
      sk_identity_set_since (self, g_value_get_string (value));
      break;
    case PROP_NOTE:
      sk_identity_set_note (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_identity_class_init (SkIdentityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_identity_finalize;
  object_class->get_property = sk_identity_get_property;
  object_class->set_property = sk_identity_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /* SkIdentityKind and SkIdentityStatus values. */
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       SK_TYPE_IDENTITY_KIND, SK_IDENTITY_PHONE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_VALUE] =
    g_param_spec_string ("value", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTRY_CODE] =
    g_param_spec_string ("country-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_CARRIER] =
    g_param_spec_string ("carrier", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_string ("provider", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_APPS] =
    g_param_spec_boxed ("apps", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       SK_TYPE_IDENTITY_STATUS, SK_IDENTITY_ACTIVE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_SINCE] =
    g_param_spec_string ("since", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /* Times: microseconds since the Unix epoch, UTC. */
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACCOUNTS] =
    g_param_spec_uint ("n-accounts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ONLY_WAY] =
    g_param_spec_uint ("n-only-way", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_identity_init (SkIdentity *self)
{
  self->value = g_strdup ("");
}

/**
 * sk_identity_new:
 * @kind: what it is
 * @value: (nullable): the number, address, name...
 *
 * A new identity, active, not in any vault yet: sk_inventory_save_identity()
 * stores it and gives it its uuid.
 */
SkIdentity *
sk_identity_new (SkIdentityKind  kind,
                 const char     *value)
{
  SkIdentity *self;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kinds), NULL);

  self = g_object_new (SK_TYPE_IDENTITY, NULL);
  self->kind = kind;
  g_free (self->value);
  self->value = g_strdup (value != NULL ? value : "");
  return self;
}

/**
 * sk_identity_copy:
 * @self: an identity
 *
 * Returns: (transfer full): a copy of @self that can be edited and saved
 */
SkIdentity *
sk_identity_copy (SkIdentity *self)
{
  SkIdentity *copy;

  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);

  copy = g_object_new (SK_TYPE_IDENTITY, NULL);
  sk_identity_update (copy, self);
  return copy;
}

const char *
sk_identity_get_uuid (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->uuid;
}

SkIdentityKind
sk_identity_get_kind (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), SK_IDENTITY_PHONE);
  return self->kind;
}

void
sk_identity_set_kind (SkIdentity     *self,
                      SkIdentityKind  kind)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  g_return_if_fail ((guint) kind < G_N_ELEMENTS (kinds));
  RETURN_IF_OWNED (self);

  set_kind (self, kind);
}

const char *
sk_identity_get_value (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->value;
}

void
sk_identity_set_value (SkIdentity *self,
                       const char *value)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->value, value != NULL ? value : "", PROP_VALUE);
}

const char *
sk_identity_get_label (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->label;
}

void
sk_identity_set_label (SkIdentity *self,
                       const char *label)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->label, label, PROP_LABEL);
}

const char *
sk_identity_get_country_code (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->country_code;
}

void
sk_identity_set_country_code (SkIdentity *self,
                              const char *country_code)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->country_code, country_code, PROP_COUNTRY_CODE);
}

const char *
sk_identity_get_carrier (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->carrier;
}

void
sk_identity_set_carrier (SkIdentity *self,
                         const char *carrier)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->carrier, carrier, PROP_CARRIER);
}

const char *
sk_identity_get_provider (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->provider;
}

void
sk_identity_set_provider (SkIdentity *self,
                          const char *provider)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->provider, provider, PROP_PROVIDER);
}

const char *
sk_identity_get_account (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->account;
}

void
sk_identity_set_account (SkIdentity *self,
                         const char *account_uuid)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  /* "" is no owner, like NULL: the CLI clears a field with "". */
  if (account_uuid != NULL && *account_uuid == '\0')
    account_uuid = NULL;
  set_string (self, &self->account, account_uuid, PROP_ACCOUNT);
}

const char * const *
sk_identity_get_apps (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return (const char * const *) self->apps;
}

void
sk_identity_set_apps (SkIdentity         *self,
                      const char * const *apps)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_apps (self, apps);
}

SkIdentityStatus
sk_identity_get_status (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), SK_IDENTITY_ACTIVE);
  return self->status;
}

void
sk_identity_set_status (SkIdentity       *self,
                        SkIdentityStatus  status)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  g_return_if_fail ((guint) status < G_N_ELEMENTS (statuses));
  RETURN_IF_OWNED (self);

  set_status (self, status);
}

const char *
sk_identity_get_since (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->since;
}

void
sk_identity_set_since (SkIdentity *self,
                       const char *since)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->since, since, PROP_SINCE);
}

const char *
sk_identity_get_note (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);
  return self->note;
}

void
sk_identity_set_note (SkIdentity *self,
                      const char *note)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  RETURN_IF_OWNED (self);

  set_string (self, &self->note, note, PROP_NOTE);
}

gint64
sk_identity_get_created (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), 0);
  return self->created;
}

gint64
sk_identity_get_updated (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), 0);
  return self->updated;
}

guint
sk_identity_get_n_accounts (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), 0);
  return self->n_accounts;
}

guint
sk_identity_get_n_only_way (SkIdentity *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY (self), 0);
  return self->n_only_way;
}

char *
sk_identity_dup_display (SkIdentity *self,
                         gboolean    reveal)
{
  const char *value;

  g_return_val_if_fail (SK_IS_IDENTITY (self), NULL);

  value = self->value;
  if (self->kind == SK_IDENTITY_PAYOUT && !reveal)
    {
      g_autoptr(GString) digits = g_string_new (NULL);
      glong len;

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
  if (self->kind == SK_IDENTITY_PHONE && self->country_code != NULL &&
      !g_str_has_prefix (value, "+"))
    return g_strconcat (self->country_code, " ", value, NULL);
  return g_strdup (value);
}

/* For the inventory ------------------------------------------------------ */

void
sk_identity_set_stored (SkIdentity *self,
                        const char *uuid,
                        gint64      created,
                        gint64      updated)
{
  g_return_if_fail (SK_IS_IDENTITY (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->uuid, uuid, PROP_UUID);
  set_time (self, &self->created, created, PROP_CREATED);
  set_time (self, &self->updated, updated, PROP_UPDATED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sk_identity_update (SkIdentity *self,
                    SkIdentity *other)
{
  g_return_if_fail (SK_IS_IDENTITY (self));
  g_return_if_fail (SK_IS_IDENTITY (other));

  /* One notification per property, after all of them changed: a
   * handler reading several fields never sees half an update. */
  g_object_freeze_notify (G_OBJECT (self));
  set_kind (self, other->kind);
  set_string (self, &self->value, other->value, PROP_VALUE);
  set_string (self, &self->label, other->label, PROP_LABEL);
  set_string (self, &self->country_code, other->country_code, PROP_COUNTRY_CODE);
  set_string (self, &self->carrier, other->carrier, PROP_CARRIER);
  set_string (self, &self->provider, other->provider, PROP_PROVIDER);
  set_string (self, &self->account, other->account, PROP_ACCOUNT);
  set_apps (self, (const char * const *) other->apps);
  set_status (self, other->status);
  set_string (self, &self->since, other->since, PROP_SINCE);
  set_string (self, &self->note, other->note, PROP_NOTE);
  sk_identity_set_stored (self, other->uuid, other->created, other->updated);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sk_identity_set_owned (SkIdentity *self)
{
  g_return_if_fail (SK_IS_IDENTITY (self));

  self->owned = TRUE;
}

void
sk_identity_set_n_accounts (SkIdentity *self,
                            guint       n_accounts)
{
  g_return_if_fail (SK_IS_IDENTITY (self));

  set_count (self, &self->n_accounts, n_accounts, PROP_N_ACCOUNTS);
}

void
sk_identity_set_n_only_way (SkIdentity *self,
                            guint       n_only_way)
{
  g_return_if_fail (SK_IS_IDENTITY (self));

  set_count (self, &self->n_only_way, n_only_way, PROP_N_ONLY_WAY);
}
