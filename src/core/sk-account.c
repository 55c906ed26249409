/* sk-account.c: one authenticator account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sparekey/sk-enum-types.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <sodium.h>
#include <string.h>

#include "sk-account-private.h"
#include "sk-uuid-private.h"

struct _SkAccount
{
  GObject         parent_instance;

  char           *uuid;
  SkOtpType       otp_type;
  SkOtpAlgorithm  algorithm;
  guint           digits;
  guint           period;
  guint64         counter;
  char           *issuer;
  char           *name;
  char          **tags;
  char           *note;
  gboolean        favourite;
  gint64          created;
  gint64          updated;
  gint64          last_used;
  SkSecret       *secret;
  /* Yandex and mOTP: the PIN mixed into every code, as secret as the key
   * (UTF-8 bytes in guarded memory); NULL for the other types. */
  SkSecret       *pin;

  /* otpauth parameters we do not interpret ("image", "color"...), kept so
   * that exporting the account gives back what was imported. */
  char          **extra_keys;
  char          **extra_values;

  /* The picture shown beside the account, checked by
   * sk_account_icon_validate(); not secret, so ordinary memory. The type
   * is one of icon_types[]. */
  GBytes         *icon;
  const char     *icon_mime_type;

  /* Derived, rebuilt lazily. */
  char           *display_name;
  char           *haystack;
  /* The vault holding the account (sk_account_set_owner()). */
  SkAccountOwnerFunc owner_func;
  gpointer        owner_data;

  char           *search_extra;  /* more text to search (directory aliases), not stored */
  char           *display_key;   /* g_utf8_collate_key() of display_name */
  char           *name_key;      /* ... and of name */

  /* Accounts without codes: how sign-in is protected instead
   * (SK_PROTECTION_CODE for the others). */
  SkProtection    protection;
  /* A service directory entry id and a category ("bank", "wallet"...),
   * NULL when none is named. */
  char           *service;
  char           *category;
};

G_DEFINE_FINAL_TYPE (SkAccount, sk_account, G_TYPE_OBJECT)

G_DEFINE_QUARK (sk-account-error-quark, sk_account_error)

enum {
  PROP_0,
  PROP_UUID,
  PROP_OTP_TYPE,
  PROP_ISSUER,
  PROP_NAME,
  PROP_ALGORITHM,
  PROP_DIGITS,
  PROP_PERIOD,
  PROP_COUNTER,
  PROP_TAGS,
  PROP_NOTE,
  PROP_FAVOURITE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_LAST_USED,
  PROP_DISPLAY_NAME,
  PROP_ICON,
  PROP_ICON_MIME_TYPE,
  PROP_PROTECTION,
  PROP_HAS_CODE,
  PROP_SERVICE,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const empty_strv[] = { NULL };

/* Records an edit: "updated" moves forward (strictly, so two edits in the
 * same microsecond still order), derived text is dropped, and @pspec and
 * "updated" are notified. The caller freezes notifications. */
static void
touch (SkAccount  *self,
       GParamSpec *pspec)
{
  gint64 now = g_get_real_time ();

  self->updated = MAX (now, self->updated + 1);
  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
  /* The vault holding the account hears of every edit, here (the account
   * has the new value already). */
  if (self->owner_func != NULL)
    self->owner_func (self, pspec, self->owner_data);
}

static void
invalidate_text (SkAccount *self,
                 gboolean   display_name_changed)
{
  g_clear_pointer (&self->haystack, g_free);
  if (display_name_changed)
    {
      g_clear_pointer (&self->display_key, g_free);
      g_clear_pointer (&self->name_key, g_free);
      g_clear_pointer (&self->display_name, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
    }
}

static void
sk_account_constructed (GObject *object)
{
  SkAccount *self = SK_ACCOUNT (object);

  G_OBJECT_CLASS (sk_account_parent_class)->constructed (object);

  if (self->uuid == NULL)
    self->uuid = sk_uuid_new ();
}

static void
sk_account_finalize (GObject *object)
{
  SkAccount *self = SK_ACCOUNT (object);

  g_free (self->uuid);
  g_free (self->issuer);
  g_free (self->name);
  g_strfreev (self->tags);
  g_free (self->note);
  g_clear_pointer (&self->secret, sk_secret_unref);
  g_clear_pointer (&self->pin, sk_secret_unref);
  g_strfreev (self->extra_keys);
  g_strfreev (self->extra_values);
  g_clear_pointer (&self->icon, g_bytes_unref);
  g_free (self->display_name);
  g_free (self->haystack);
  g_free (self->search_extra);
  g_free (self->display_key);
  g_free (self->name_key);
  g_free (self->service);
  g_free (self->category);

  G_OBJECT_CLASS (sk_account_parent_class)->finalize (object);
}

static void
sk_account_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SkAccount *self = SK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_OTP_TYPE:
      g_value_set_enum (value, self->otp_type);
      break;
    case PROP_ISSUER:
      g_value_set_string (value, sk_account_get_issuer (self));
      break;
    case PROP_NAME:
      g_value_set_string (value, sk_account_get_name (self));
      break;
    case PROP_ALGORITHM:
      g_value_set_enum (value, self->algorithm);
      break;
    case PROP_DIGITS:
      g_value_set_uint (value, self->digits);
      break;
    case PROP_PERIOD:
      g_value_set_uint (value, self->period);
      break;
    case PROP_COUNTER:
      g_value_set_uint64 (value, self->counter);
      break;
    case PROP_TAGS:
      g_value_set_boxed (value, sk_account_get_tags (self));
      break;
    case PROP_NOTE:
      g_value_set_string (value, sk_account_get_note (self));
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    case PROP_UPDATED:
      g_value_set_int64 (value, self->updated);
      break;
    case PROP_LAST_USED:
      g_value_set_int64 (value, self->last_used);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, sk_account_get_display_name (self));
      break;
    case PROP_ICON:
      g_value_set_boxed (value, self->icon);
      break;
    case PROP_ICON_MIME_TYPE:
      g_value_set_string (value, self->icon_mime_type);
      break;
    case PROP_PROTECTION:
      g_value_set_enum (value, self->protection);
      break;
    case PROP_HAS_CODE:
      g_value_set_boolean (value, self->protection == SK_PROTECTION_CODE);
      break;
    case PROP_SERVICE:
      g_value_set_string (value, self->service);
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, self->category);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_account_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  SkAccount *self = SK_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only; an invalid or missing UUID gets a fresh one in
       * constructed(). */
      g_free (self->uuid);
      self->uuid = NULL;
      if (g_value_get_string (value) != NULL &&
          g_uuid_string_is_valid (g_value_get_string (value)))
        self->uuid = g_ascii_strdown (g_value_get_string (value), -1);
      break;
    case PROP_OTP_TYPE:
      sk_account_set_otp_type (self, g_value_get_enum (value));
      break;
    case PROP_ISSUER:
      sk_account_set_issuer (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      sk_account_set_name (self, g_value_get_string (value));
      break;
    case PROP_ALGORITHM:
      sk_account_set_algorithm (self, g_value_get_enum (value));
      break;
    case PROP_DIGITS:
      sk_account_set_digits (self, g_value_get_uint (value));
      break;
    case PROP_PERIOD:
      sk_account_set_period (self, g_value_get_uint (value));
      break;
    case PROP_COUNTER:
      sk_account_set_counter (self, g_value_get_uint64 (value));
      break;
    case PROP_TAGS:
      sk_account_set_tags (self, g_value_get_boxed (value));
      break;
    case PROP_NOTE:
      sk_account_set_note (self, g_value_get_string (value));
      break;
    case PROP_FAVOURITE:
      sk_account_set_favourite (self, g_value_get_boolean (value));
      break;
    case PROP_LAST_USED:
      sk_account_set_last_used (self, g_value_get_int64 (value));
      break;
    case PROP_PROTECTION:
      sk_account_set_protection (self, g_value_get_enum (value));
      break;
    case PROP_SERVICE:
      sk_account_set_service (self, g_value_get_string (value));
      break;
    case PROP_CATEGORY:
      sk_account_set_category (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
sk_account_set_owner (SkAccount          *self,
                      SkAccountOwnerFunc  func,
                      gpointer            data)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  self->owner_func = func;
  self->owner_data = data;
}

static void
sk_account_class_init (SkAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sk_account_constructed;
  object_class->finalize = sk_account_finalize;
  object_class->get_property = sk_account_get_property;
  object_class->set_property = sk_account_set_property;

  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  /* SkOtpType and SkOtpAlgorithm values. */
  properties[PROP_OTP_TYPE] =
    g_param_spec_enum ("otp-type", NULL, NULL,
                       SK_TYPE_OTP_TYPE, SK_OTP_TOTP,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_ISSUER] =
    g_param_spec_string ("issuer", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_ALGORITHM] =
    g_param_spec_enum ("algorithm", NULL, NULL,
                       SK_TYPE_OTP_ALGORITHM, SK_OTP_SHA1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_DIGITS] =
    g_param_spec_uint ("digits", NULL, NULL,
                       SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, 6,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_uint ("period", NULL, NULL,
                       1, G_MAXUINT, 30,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTER] =
    g_param_spec_uint64 ("counter", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGS] =
    g_param_spec_boxed ("tags", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);
  /* Times: microseconds since the Unix epoch, UTC (g_get_real_time()). */
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_int64 ("updated", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_USED] =
    g_param_spec_int64 ("last-used", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  /* Set with sk_account_set_icon(), which checks the picture first. */
  properties[PROP_ICON] =
    g_param_spec_boxed ("icon", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS);
  properties[PROP_ICON_MIME_TYPE] =
    g_param_spec_string ("icon-mime-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  /* SK_PROTECTION_CODE for accounts with codes; the others are set with
   * sk_account_new_without_code() and changed among themselves. */
  properties[PROP_PROTECTION] =
    g_param_spec_enum ("protection", NULL, NULL, SK_TYPE_PROTECTION, SK_PROTECTION_CODE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_CODE] =
    g_param_spec_boolean ("has-code", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVICE] =
    g_param_spec_string ("service", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sk_account_init (SkAccount *self)
{
  SkOtpParams params;

  sk_otp_params_init (&params, SK_OTP_TOTP);
  self->otp_type = params.type;
  self->algorithm = params.algorithm;
  self->digits = params.digits;
  self->period = params.period;
  self->counter = params.counter;
  self->name = g_strdup ("");
  self->created = g_get_real_time ();
  self->updated = self->created;
}

static void
apply_type_defaults (SkAccount *self,
                     SkOtpType  type)
{
  SkOtpParams params;

  sk_otp_params_init (&params, type);
  self->otp_type = type;
  self->digits = params.digits;
  self->algorithm = params.algorithm;
  self->period = params.period;
}

/**
 * sk_account_new:
 * @type: the kind of code
 *
 * A new account with a random UUID, created and updated now, and the
 * defaults of @type. It has no secret until sk_account_set_secret().
 */
SkAccount *
sk_account_new (SkOtpType type)
{
  SkAccount *self;

  g_return_val_if_fail (type <= SK_OTP_MOTP, NULL);

  self = g_object_new (SK_TYPE_ACCOUNT, NULL);
  apply_type_defaults (self, type);
  return self;
}

/**
 * sk_account_new_without_code:
 * @protection: how sign-in is protected; not %SK_PROTECTION_CODE
 *
 * A new account that has no code generator (QQ, WeChat, a bank: SMS
 * only), with a random UUID, created and updated now. It never has a
 * secret; bindings, recovery codes, audits and the recovery plan treat it
 * like any other account.
 */
SkAccount *
sk_account_new_without_code (SkProtection protection)
{
  SkAccount *self;

  g_return_val_if_fail (protection > SK_PROTECTION_CODE && protection <= SK_PROTECTION_NONE, NULL);

  self = g_object_new (SK_TYPE_ACCOUNT, NULL);
  self->protection = protection;
  return self;
}

/**
 * sk_account_new_full:
 * @uuid: (nullable): the stored UUID; %NULL or an invalid one gets a new one
 * @type: the kind of code
 * @created: creation time, microseconds since the epoch
 *
 * For the vault: an account rebuilt from disk. Setters called afterwards
 * bump "updated"; call sk_account_set_updated_internal() last.
 */
SkAccount *
sk_account_new_full (const char *uuid,
                     SkOtpType   type,
                     gint64      created)
{
  SkAccount *self;

  g_return_val_if_fail (type <= SK_OTP_MOTP, NULL);

  self = g_object_new (SK_TYPE_ACCOUNT, "uuid", uuid, NULL);
  apply_type_defaults (self, type);
  self->created = created;
  self->updated = created;
  return self;
}

void
sk_account_set_updated_internal (SkAccount *self,
                                 gint64     updated)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (self->updated == updated)
    return;
  self->updated = updated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

void
sk_account_set_created_internal (SkAccount *self,
                                 gint64     created)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (self->created == created)
    return;
  self->created = created;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
}

void
sk_account_set_uri_extras (SkAccount          *self,
                           const char * const *keys,
                           const char * const *values)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail ((keys == NULL) == (values == NULL));
  g_return_if_fail (keys == NULL || g_strv_length ((char **) keys) == g_strv_length ((char **) values));

  g_strfreev (self->extra_keys);
  g_strfreev (self->extra_values);
  self->extra_keys = keys != NULL && keys[0] != NULL ? g_strdupv ((char **) keys) : NULL;
  self->extra_values = self->extra_keys != NULL ? g_strdupv ((char **) values) : NULL;
}

guint
sk_account_get_uri_extras (SkAccount           *self,
                           const char * const **keys,
                           const char * const **values)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  if (keys != NULL)
    *keys = self->extra_keys != NULL ? (const char * const *) self->extra_keys : empty_strv;
  if (values != NULL)
    *values = self->extra_values != NULL ? (const char * const *) self->extra_values : empty_strv;
  return self->extra_keys != NULL ? g_strv_length (self->extra_keys) : 0;
}

/**
 * sk_account_new_from_otp_uri:
 * @uri: a parsed URI
 *
 * Returns: (transfer full): a new account holding a reference to the
 *   URI's secret
 */
SkAccount *
sk_account_new_from_otp_uri (const SkOtpUri *uri)
{
  SkAccount *self;

  g_return_val_if_fail (uri != NULL, NULL);

  self = sk_account_new (uri->params.type);
  self->algorithm = uri->params.algorithm;
  self->digits = uri->params.digits;
  self->period = uri->params.period;
  self->counter = uri->params.counter;
  self->issuer = uri->issuer != NULL && *uri->issuer != '\0' ? g_strdup (uri->issuer) : NULL;
  g_free (self->name);
  self->name = g_strdup (uri->name != NULL ? uri->name : "");
  if (uri->secret != NULL)
    self->secret = sk_secret_ref (uri->secret);
  if (uri->pin != NULL && sk_otp_type_needs_pin (uri->params.type))
    self->pin = sk_secret_ref (uri->pin);

  if (uri->extra_keys != NULL && uri->extra_values != NULL &&
      uri->extra_keys->len > 0)
    {
      guint n = MIN (uri->extra_keys->len, uri->extra_values->len);

      self->extra_keys = g_new0 (char *, n + 1);
      self->extra_values = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        {
          self->extra_keys[i] = g_strdup (g_ptr_array_index (uri->extra_keys, i));
          self->extra_values[i] = g_strdup (g_ptr_array_index (uri->extra_values, i));
        }
    }

  return self;
}

/**
 * sk_account_new_from_uri:
 * @uri: an otpauth:// URI
 * @error: return location for a #GError in %SK_URI_ERROR
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with @error set
 */
SkAccount *
sk_account_new_from_uri (const char  *uri,
                         GError     **error)
{
  g_autoptr(SkOtpUri) parsed = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = sk_otp_uri_parse (uri, error);
  if (parsed == NULL)
    return NULL;
  return sk_account_new_from_otp_uri (parsed);
}

const char *
sk_account_get_uuid (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->uuid;
}

SkOtpType
sk_account_get_otp_type (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), SK_OTP_TOTP);

  return self->otp_type;
}

/**
 * sk_account_set_otp_type:
 *
 * Steam codes always have five characters, so switching to Steam sets
 * "digits" to 5, and switching away from Steam restores the usual 6.
 */
void
sk_account_set_otp_type (SkAccount *self,
                         SkOtpType  type)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (type <= SK_OTP_MOTP);

  if (self->otp_type == type)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  /* Steam, Yandex and mOTP codes have a fixed shape: switching to or from
   * one of them takes the new type's defaults. */
  if (type >= SK_OTP_STEAM || self->otp_type >= SK_OTP_STEAM)
    {
      SkOtpParams params;

      sk_otp_params_init (&params, type);
      if (self->digits != params.digits)
        {
          self->digits = params.digits;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIGITS]);
        }
      /* Steam keeps the period and algorithm it is given. */
      if (self->period != params.period &&
          (sk_otp_type_needs_pin (type) || sk_otp_type_needs_pin (self->otp_type)))
        {
          self->period = params.period;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERIOD]);
        }
      if (self->algorithm != params.algorithm &&
          (sk_otp_type_needs_pin (type) || sk_otp_type_needs_pin (self->otp_type)))
        {
          self->algorithm = params.algorithm;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALGORITHM]);
        }
    }
  self->otp_type = type;
  touch (self, properties[PROP_OTP_TYPE]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Returns the issuer, "" when there is none. */
const char *
sk_account_get_issuer (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->issuer != NULL ? self->issuer : "";
}

void
sk_account_set_issuer (SkAccount  *self,
                       const char *issuer)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (issuer != NULL && *issuer == '\0')
    issuer = NULL;
  if (g_strcmp0 (self->issuer, issuer) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->issuer);
  self->issuer = g_strdup (issuer);
  invalidate_text (self, TRUE);
  touch (self, properties[PROP_ISSUER]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Never NULL. */
const char *
sk_account_get_name (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->name;
}

void
sk_account_set_name (SkAccount  *self,
                     const char *name)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (name == NULL)
    name = "";
  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->name);
  self->name = g_strdup (name);
  invalidate_text (self, TRUE);
  touch (self, properties[PROP_NAME]);
  g_object_thaw_notify (G_OBJECT (self));
}

SkOtpAlgorithm
sk_account_get_algorithm (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), SK_OTP_SHA1);

  return self->algorithm;
}

void
sk_account_set_algorithm (SkAccount      *self,
                          SkOtpAlgorithm  algorithm)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (algorithm <= SK_OTP_SHA512);

  if (self->algorithm == algorithm)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->algorithm = algorithm;
  touch (self, properties[PROP_ALGORITHM]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sk_account_get_digits (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->digits;
}

void
sk_account_set_digits (SkAccount *self,
                       guint      digits)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (digits >= SK_OTP_DIGITS_MIN && digits <= SK_OTP_DIGITS_MAX);

  if (self->digits == digits)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->digits = digits;
  touch (self, properties[PROP_DIGITS]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint
sk_account_get_period (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->period;
}

void
sk_account_set_period (SkAccount *self,
                       guint      period)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (period >= 1);

  if (self->period == period)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->period = period;
  touch (self, properties[PROP_PERIOD]);
  g_object_thaw_notify (G_OBJECT (self));
}

guint64
sk_account_get_counter (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->counter;
}

void
sk_account_set_counter (SkAccount *self,
                        guint64    counter)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (self->counter == counter)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->counter = counter;
  touch (self, properties[PROP_COUNTER]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Never NULL: an empty vector when there are no tags. */
const char * const *
sk_account_get_tags (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->tags != NULL ? (const char * const *) self->tags : empty_strv;
}

void
sk_account_set_tags (SkAccount          *self,
                     const char * const *tags)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (tags != NULL && tags[0] == NULL)
    tags = NULL;
  if (tags == NULL && self->tags == NULL)
    return;
  if (tags != NULL && self->tags != NULL &&
      g_strv_equal ((const char * const *) self->tags, tags))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_strfreev (self->tags);
  self->tags = g_strdupv ((char **) tags);
  invalidate_text (self, FALSE);
  touch (self, properties[PROP_TAGS]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Never NULL. */
const char *
sk_account_get_note (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->note != NULL ? self->note : "";
}

void
sk_account_set_note (SkAccount  *self,
                     const char *note)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (note != NULL && *note == '\0')
    note = NULL;
  if (g_strcmp0 (self->note, note) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_free (self->note);
  self->note = g_strdup (note);
  invalidate_text (self, FALSE);
  touch (self, properties[PROP_NOTE]);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
sk_account_get_favourite (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);

  return self->favourite;
}

void
sk_account_set_favourite (SkAccount *self,
                          gboolean   favourite)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  favourite = !!favourite;
  if (self->favourite == favourite)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->favourite = favourite;
  touch (self, properties[PROP_FAVOURITE]);
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
sk_account_get_created (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->created;
}

gint64
sk_account_get_updated (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->updated;
}

gint64
sk_account_get_last_used (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), 0);

  return self->last_used;
}

void
sk_account_set_last_used (SkAccount *self,
                          gint64     when)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (self->last_used == when)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->last_used = when;
  touch (self, properties[PROP_LAST_USED]);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Icons ------------------------------------------------------------------- */

static const char * const icon_types[] = { "image/png", "image/jpeg", "image/svg+xml" };

/* The entry of icon_types[] @mime_type names, or NULL. */
static const char *
canonical_icon_type (const char *mime_type)
{
  if (mime_type == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (icon_types); i++)
    if (g_ascii_strcasecmp (mime_type, icon_types[i]) == 0)
      return icon_types[i];
  return NULL;
}

static const char *
icon_type_label (const char *type)
{
  if (type == icon_types[0])
    return "PNG";
  if (type == icon_types[1])
    return "JPEG";
  return "SVG";
}

/* SVG is XML text whose root element is <svg>: after a byte order mark
 * and white space the text starts with '<', and "<svg" comes within the
 * first 4 KiB (after an XML declaration, comments or a doctype). */
static gboolean
looks_like_svg (const guint8 *data,
                gsize         size)
{
  gsize n = MIN (size, 4096);
  gsize i = 0;

  if (n >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < n && g_ascii_isspace (data[i]))
    i++;
  if (i >= n || data[i] != '<')
    return FALSE;
  for (; i + 4 < n; i++)
    if (memcmp (data + i, "<svg", 4) == 0 &&
        (g_ascii_isspace (data[i + 4]) || data[i + 4] == '>' || data[i + 4] == '/'))
      return TRUE;
  return FALSE;
}

/**
 * sk_account_icon_sniff:
 * @icon: picture bytes
 *
 * Returns: (nullable): "image/png", "image/jpeg" or "image/svg+xml" as
 *   the first bytes say, or %NULL for anything else
 */
const char *
sk_account_icon_sniff (GBytes *icon)
{
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (icon != NULL, NULL);

  data = g_bytes_get_data (icon, &size);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return icon_types[0];
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return icon_types[1];
  if (looks_like_svg (data, size))
    return icon_types[2];
  return NULL;
}

/**
 * sk_account_icon_validate:
 * @icon: picture bytes
 * @mime_type: (nullable): what the bytes are said to be
 * @error: return location for a #GError in %SK_ACCOUNT_ERROR
 *
 * Returns: whether @icon can be an account's icon
 */
gboolean
sk_account_icon_validate (GBytes      *icon,
                          const char  *mime_type,
                          GError     **error)
{
  const char *type = canonical_icon_type (mime_type);
  gsize size;

  g_return_val_if_fail (icon != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (type == NULL && (mime_type == NULL || *mime_type == '\0'))
    {
      g_set_error_literal (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_TYPE,
                           _("The icon is not a PNG, JPEG or SVG picture"));
      return FALSE;
    }
  if (type == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (mime_type, -1);

      g_set_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_TYPE,
                   _("The icon is not a PNG, JPEG or SVG picture (its type is “%s”)"), shown);
      return FALSE;
    }
  size = g_bytes_get_size (icon);
  if (size == 0)
    {
      g_set_error_literal (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_DAMAGED,
                           _("The icon is empty"));
      return FALSE;
    }
  if (size > SK_ACCOUNT_ICON_MAX_SIZE)
    {
      g_set_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_TOO_LARGE,
                   _("The icon is too large (%lu bytes; at most %u bytes)"),
                   (gulong) size, (guint) SK_ACCOUNT_ICON_MAX_SIZE);
      return FALSE;
    }
  if (sk_account_icon_sniff (icon) != type)
    {
      g_set_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_DAMAGED,
                   _("The icon is damaged: it is not a %s picture"), icon_type_label (type));
      return FALSE;
    }
  return TRUE;
}

/**
 * sk_account_get_icon:
 *
 * Returns: (transfer none) (nullable): the icon's bytes
 */
GBytes *
sk_account_get_icon (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->icon;
}

const char *
sk_account_get_icon_mime_type (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->icon_mime_type;
}

/**
 * sk_account_set_icon:
 * @icon: (nullable) (transfer none): the picture, %NULL to remove it
 * @mime_type: (nullable): its type
 *
 * Returns: %FALSE with @error set (the icon unchanged) when @icon fails
 *   sk_account_icon_validate()
 */
gboolean
sk_account_set_icon (SkAccount   *self,
                     GBytes      *icon,
                     const char  *mime_type,
                     GError     **error)
{
  const char *type = NULL;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (icon != NULL)
    {
      if (!sk_account_icon_validate (icon, mime_type, error))
        return FALSE;
      type = canonical_icon_type (mime_type);
    }
  if (icon == NULL && self->icon == NULL)
    return TRUE;
  if (icon != NULL && self->icon != NULL && type == self->icon_mime_type &&
      g_bytes_equal (icon, self->icon))
    return TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->icon, g_bytes_unref);
  if (icon != NULL)
    self->icon = g_bytes_ref (icon);
  if (self->icon_mime_type != type)
    {
      self->icon_mime_type = type;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_MIME_TYPE]);
    }
  touch (self, properties[PROP_ICON]);
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/**
 * sk_account_get_display_name:
 *
 * Returns: "Issuer (name)", "Issuer" or "name" ("" when both are empty)
 */
const char *
sk_account_get_display_name (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  if (self->display_name == NULL)
    {
      if (self->issuer != NULL && *self->name != '\0')
        /* Translators: a display name, issuer (account name): "GitHub (alice@example.com)" */
        self->display_name = g_strdup_printf (_("%s (%s)"), self->issuer, self->name);
      else if (self->issuer != NULL)
        self->display_name = g_strdup (self->issuer);
      else
        self->display_name = g_strdup (self->name);
    }
  return self->display_name;
}

/**
 * sk_account_get_secret:
 *
 * Returns: (transfer none) (nullable): the key bytes
 */
SkSecret *
sk_account_get_secret (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->secret;
}

/**
 * sk_account_set_secret:
 * @secret: (nullable) (transfer none): the key bytes
 *
 * There is no property for the key (it must never travel through GValues
 * into bindings or logs); a change bumps "updated" only.
 */
void
sk_account_set_secret (SkAccount *self,
                       SkSecret  *secret)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (self->secret == secret ||
      (self->secret != NULL && secret != NULL && sk_secret_equal (self->secret, secret)))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->secret, sk_secret_unref);
  if (secret != NULL)
    self->secret = sk_secret_ref (secret);
  touch (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sk_account_get_pin:
 *
 * Returns: (transfer none) (nullable): the PIN of a Yandex or mOTP
 *   account, UTF-8 bytes in guarded memory
 */
SkSecret *
sk_account_get_pin (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  return self->pin;
}

/**
 * sk_account_set_pin:
 * @pin: (nullable) (transfer none): the PIN as UTF-8 bytes
 *
 * Like the key, the PIN has no property; a change bumps "updated" only.
 */
void
sk_account_set_pin (SkAccount *self,
                    SkSecret  *pin)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (pin != NULL && sk_secret_get_size (pin) == 0)
    pin = NULL;
  if (self->pin == pin ||
      (self->pin != NULL && pin != NULL && sk_secret_equal (self->pin, pin)))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->pin, sk_secret_unref);
  if (pin != NULL)
    self->pin = sk_secret_ref (pin);
  touch (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sk_account_get_params (SkAccount   *self,
                       SkOtpParams *params)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (params != NULL);

  sk_otp_params_init (params, self->otp_type);
  params->algorithm = self->algorithm;
  params->digits = self->digits;
  params->period = self->period;
  params->counter = self->counter;
}

gboolean
sk_account_validate (SkAccount  *self,
                     GError    **error)
{
  SkOtpParams params;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Nothing to generate: a name to know it by is all it needs. */
  if (self->protection != SK_PROTECTION_CODE)
    {
      if (self->issuer == NULL && *self->name == '\0')
        {
          g_set_error_literal (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_NO_NAME,
                               _("An account without codes needs an issuer or a name"));
          return FALSE;
        }
      return TRUE;
    }
  sk_account_get_params (self, &params);
  if (!sk_otp_params_validate (&params, error))
    return FALSE;
  if (self->secret == NULL || sk_secret_get_size (self->secret) == 0)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                           _("The account has no secret key"));
      return FALSE;
    }
  if (sk_otp_type_needs_pin (self->otp_type) && self->pin == NULL)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_NEEDS_PIN,
                           _("The account has no PIN"));
      return FALSE;
    }
  return TRUE;
}

gboolean
sk_account_generate (SkAccount  *self,
                     gint64      unix_time,
                     char       *code,
                     GError    **error)
{
  SkOtpParams params;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code[0] = '\0';
  if (self->protection != SK_PROTECTION_CODE)
    {
      g_set_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_NO_CODE,
                   _("“%s” has no authenticator codes (sign-in: %s)"),
                   sk_account_get_display_name (self),
                   sk_protection_get_label (self->protection));
      return FALSE;
    }
  if (!sk_account_validate (self, error))
    return FALSE;

  sk_account_get_params (self, &params);
  return sk_otp_generate_with_pin (&params,
                                   sk_secret_get_data (self->secret),
                                   sk_secret_get_size (self->secret),
                                   self->pin != NULL ? sk_secret_get_data (self->pin) : NULL,
                                   self->pin != NULL ? sk_secret_get_size (self->pin) : 0,
                                   unix_time, code, error);
}

gboolean
sk_account_next_hotp (SkAccount  *self,
                      char       *code,
                      GError    **error)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code[0] = '\0';
  if (self->otp_type != SK_OTP_HOTP)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                   _("Only HOTP accounts have a counter to advance; this one is %s"),
                   sk_otp_type_to_string (self->otp_type));
      return FALSE;
    }
  if (self->counter == G_MAXUINT64)
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER,
                           _("The HOTP counter has reached its largest value and cannot advance"));
      return FALSE;
    }
  if (!sk_account_generate (self, 0, code, error))
    return FALSE;

  sk_account_set_counter (self, self->counter + 1);
  return TRUE;
}

/**
 * sk_account_to_otp_uri:
 *
 * Returns: (transfer full): the account as a URI structure (sharing the
 *   secret)
 */
SkOtpUri *
sk_account_to_otp_uri (SkAccount *self)
{
  SkOtpUri *uri;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  uri = sk_otp_uri_new ();
  sk_account_get_params (self, &uri->params);
  uri->issuer = g_strdup (self->issuer);
  g_free (uri->name);
  uri->name = g_strdup (self->name);
  if (self->secret != NULL)
    uri->secret = sk_secret_ref (self->secret);
  if (self->pin != NULL)
    uri->pin = sk_secret_ref (self->pin);
  for (guint i = 0; self->extra_keys != NULL && self->extra_keys[i] != NULL; i++)
    {
      g_ptr_array_add (uri->extra_keys, g_strdup (self->extra_keys[i]));
      g_ptr_array_add (uri->extra_values, g_strdup (self->extra_values[i]));
    }
  return uri;
}

/**
 * sk_account_dup_uri:
 *
 * Returns: (transfer full) (nullable): the otpauth:// URI in guarded
 *   memory, or %NULL when the account has no secret yet
 */
SkSecret *
sk_account_dup_uri (SkAccount *self)
{
  g_autoptr(SkOtpUri) uri = NULL;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);

  if (self->secret == NULL)
    return NULL;
  uri = sk_account_to_otp_uri (self);
  return sk_otp_uri_build (uri);
}

/**
 * sk_search_normalize:
 * @text: (nullable): text typed by the user or stored in an account
 *
 * NFKC and case folding: full-width letters typed with a Chinese input
 * method match ASCII ones, "ＧｉｔＨｕｂ" finds "GitHub", and "Straße"
 * finds "STRASSE".
 *
 * Returns: (transfer full): the normalized text
 */
char *
sk_search_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  composed = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (composed, -1);
  /* Case folding can leave text that is no longer in NFKC. */
  return g_utf8_normalize (folded, -1, G_NORMALIZE_ALL_COMPOSE);
}

/* Issuer, name, tags and note, normalized, one per line. A query word has
 * no white space, so it can never match across two fields. */
/* Sorting Chinese among Latin names by pinyin.
 *
 * glibc's zh_CN collation (iso14651_t1_pinyin) orders Chinese characters
 * by their pinyin, but all of them after every Latin letter: 微信 came
 * before Apple. People expect 微信 among the W's. The collation itself
 * tells a character's pinyin initial: it sorts between the first
 * character of that letter's section and the first of the next one
 * (these are glibc 2.36's; a rare character from before a section's
 * first one is filed under the previous letter, which is harmless). The
 * sort key then puts the initial before each Chinese character, so
 * "微信" sorts as "w微x信", after "WeChat" and before "Zoom". In locales
 * whose collation is not pinyin (the firsts are then out of order),
 * keys are the plain collation keys. */
static const struct {
  const char *first;
  char        letter;
} pinyin_sections[] = {
  { "吖", 'a' }, { "仈", 'b' }, { "傪", 'c' }, { "咑", 'd' }, { "妸", 'e' }, { "发", 'f' },
  { "伽", 'g' }, { "哈", 'h' }, { "丌", 'j' }, { "咔", 'k' }, { "喇", 'l' }, { "嗎", 'm' },
  { "嗱", 'n' }, { "喔", 'o' }, { "啪", 'p' }, { "七", 'q' }, { "嘫", 'r' }, { "仨", 's' },
  { "他", 't' }, { "哇", 'w' }, { "俙", 'x' }, { "丫", 'y' }, { "匝", 'z' },
};

G_LOCK_DEFINE_STATIC (pinyin);

/* The collation keys of the sections' first characters, for the current
 * LC_COLLATE; NULL when it is not a pinyin order. Call with the lock. */
static char **
pinyin_keys (void)
{
  static char *locale;
  static char **keys;
  const char *current = setlocale (LC_COLLATE, NULL);

  if (locale != NULL && g_strcmp0 (locale, current) == 0)
    return keys;
  g_free (locale);
  locale = g_strdup (current);
  g_clear_pointer (&keys, g_strfreev);
  keys = g_new0 (char *, G_N_ELEMENTS (pinyin_sections) + 1);
  for (guint i = 0; i < G_N_ELEMENTS (pinyin_sections); i++)
    {
      keys[i] = g_utf8_collate_key (pinyin_sections[i].first, -1);
      if (i > 0 && strcmp (keys[i - 1], keys[i]) >= 0)
        {
          g_clear_pointer (&keys, g_strfreev);
          break;
        }
    }
  return keys;
}

static char *
collate_key (const char *text)
{
  g_autoptr(GString) spelled = NULL;
  char **keys;

  if (text == NULL)
    text = "";
  G_LOCK (pinyin);
  keys = pinyin_keys ();
  for (const char *p = text; keys != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char one[8] = { 0 };
      g_autofree char *key = NULL;
      char letter = 0;

      if (spelled == NULL)
        spelled = g_string_sized_new (strlen (text) * 2);
      g_unichar_to_utf8 (c, one);
      if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_HAN)
        {
          key = g_utf8_collate_key (one, -1);
          for (guint i = 0; i < G_N_ELEMENTS (pinyin_sections) && strcmp (keys[i], key) <= 0; i++)
            letter = pinyin_sections[i].letter;
        }
      if (letter != 0)
        g_string_append_c (spelled, letter);
      g_string_append (spelled, one);
    }
  G_UNLOCK (pinyin);
  return g_utf8_collate_key (spelled != NULL ? spelled->str : text, -1);
}

const char *
sk_account_get_sort_key (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), "");

  if (self->display_key == NULL)
    self->display_key = collate_key (sk_account_get_display_name (self));
  return self->display_key;
}

const char *
sk_account_get_name_sort_key (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), "");

  if (self->name_key == NULL)
    self->name_key = collate_key (self->name);
  return self->name_key;
}

static const char *
get_haystack (SkAccount *self)
{
  if (self->haystack == NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append (text, sk_account_get_issuer (self));
      g_string_append_c (text, '\n');
      g_string_append (text, self->name);
      for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, self->tags[i]);
        }
      g_string_append_c (text, '\n');
      g_string_append (text, sk_account_get_note (self));
      if (self->service != NULL)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, self->service);
        }
      if (self->search_extra != NULL)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, self->search_extra);
        }
      self->haystack = sk_search_normalize (text->str);
    }
  return self->haystack;
}

/**
 * sk_account_set_search_extra:
 * @text: (nullable): more text the account is found by
 *
 * Adds text to what sk_account_matches() searches, without storing it in
 * the vault: the names and aliases of the account's service directory
 * entry (sk_services_annotate_account()), so that "weixin" finds 微信.
 */
void
sk_account_set_search_extra (SkAccount  *self,
                             const char *text)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));

  if (g_strcmp0 (self->search_extra, text) == 0)
    return;
  g_free (self->search_extra);
  self->search_extra = g_strdup (text);
  g_clear_pointer (&self->haystack, g_free);
}

/**
 * sk_account_matches:
 * @normalized_query: a query from sk_search_normalize()
 *
 * Every white-space separated word of the query must appear in the
 * issuer, the name, a tag or the note. An empty query matches everything.
 */
gboolean
sk_account_matches (SkAccount  *self,
                    const char *normalized_query)
{
  const char *haystack;
  const char *p;

  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  g_return_val_if_fail (normalized_query != NULL, FALSE);

  haystack = get_haystack (self);
  p = normalized_query;
  for (;;)
    {
      char buffer[128];
      g_autofree char *long_word = NULL;
      const char *word_start;
      const char *needle;
      gsize len;

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        return TRUE;
      word_start = p;
      while (*p != '\0' && !g_ascii_isspace (*p))
        p++;
      len = p - word_start;

      if (len < sizeof buffer)
        {
          memcpy (buffer, word_start, len);
          buffer[len] = '\0';
          needle = buffer;
        }
      else
        needle = long_word = g_strndup (word_start, len);

      if (strstr (haystack, needle) == NULL)
        return FALSE;
    }
}

/**
 * sk_account_new_from_record:
 *
 * For the vault: builds an account from its stored fields in one step,
 * without the notifications and "updated" bumps of the setters (opening a
 * 10,000-account vault calls this 10,000 times). The record must have been
 * validated (sk_otp_params_validate(), sk_account_icon_validate()).
 *
 * Returns: (transfer full): the account
 */
SkAccount *
sk_account_new_from_record (const SkAccountRecord *record)
{
  SkAccount *self;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (record->uuid != NULL, NULL);

  /* Passing the UUID at construction skips minting a random one. */
  self = g_object_new (SK_TYPE_ACCOUNT, "uuid", record->uuid, NULL);
  self->otp_type = record->type;
  self->algorithm = record->algorithm;
  self->digits = record->digits;
  self->period = record->period;
  self->counter = record->counter;
  g_free (self->issuer);
  self->issuer = record->issuer != NULL && *record->issuer != '\0' ? g_strdup (record->issuer) : NULL;
  g_free (self->name);
  self->name = g_strdup (record->name ? record->name : "");
  g_strfreev (self->tags);
  self->tags = record->tags != NULL && record->tags[0] != NULL ? g_strdupv ((char **) record->tags) : NULL;
  g_free (self->note);
  self->note = record->note != NULL && *record->note != '\0' ? g_strdup (record->note) : NULL;
  self->favourite = !!record->favourite;
  self->created = record->created;
  self->updated = record->updated;
  self->last_used = record->last_used;
  g_clear_pointer (&self->secret, sk_secret_unref);
  self->secret = record->secret ? sk_secret_ref (record->secret) : NULL;
  self->pin = record->pin != NULL ? sk_secret_ref (record->pin) : NULL;
  if (record->extra_keys != NULL && record->extra_keys[0] != NULL)
    sk_account_set_uri_extras (self, record->extra_keys, record->extra_values);
  if (record->icon != NULL && canonical_icon_type (record->icon_mime_type) != NULL)
    {
      self->icon = g_bytes_ref (record->icon);
      self->icon_mime_type = canonical_icon_type (record->icon_mime_type);
    }
  if (record->protection > SK_PROTECTION_CODE && record->protection <= SK_PROTECTION_NONE)
    self->protection = record->protection;
  self->service = record->service != NULL && *record->service != '\0' ? g_strdup (record->service) : NULL;
  self->category = record->category != NULL && *record->category != '\0' ? g_strdup (record->category) : NULL;

  return self;
}

/* Sign-in protection ------------------------------------------------------ */

G_DEFINE_ENUM_TYPE (SkProtection, sk_protection,
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_CODE, "code"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_SMS, "sms"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_EMAIL, "email"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_APP, "app"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_PASSWORD, "password"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_HARDWARE_KEY, "hardware-key"),
  G_DEFINE_ENUM_VALUE (SK_PROTECTION_NONE, "none"))

static const char * const protection_names[] = {
  "code", "sms", "email", "app", "password", "hardware-key", "none",
};

static const char * const protection_labels[] = {
  N_("Authenticator codes"),
  N_("SMS code"),
  N_("Email code"),
  N_("App prompt"),
  N_("Password only"),
  N_("Hardware key"),
  N_("No protection"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (protection_names) == SK_PROTECTION_NONE + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (protection_labels) == SK_PROTECTION_NONE + 1);

const char *
sk_protection_to_string (SkProtection protection)
{
  g_return_val_if_fail (protection <= SK_PROTECTION_NONE, NULL);
  return protection_names[protection];
}

gboolean
sk_protection_from_string (const char   *text,
                           SkProtection *protection)
{
  g_autofree char *canonical = NULL;

  if (text == NULL)
    return FALSE;
  canonical = g_ascii_strdown (text, -1);
  g_strdelimit (canonical, "_ ", '-');
  for (guint i = 0; i < G_N_ELEMENTS (protection_names); i++)
    if (g_str_equal (canonical, protection_names[i]))
      {
        if (protection != NULL)
          *protection = i;
        return TRUE;
      }
  /* The words people type for the common ones. */
  if (g_str_equal (canonical, "phone") || g_str_equal (canonical, "text"))
    {
      if (protection != NULL)
        *protection = SK_PROTECTION_SMS;
      return TRUE;
    }
  if (g_str_equal (canonical, "key") || g_str_equal (canonical, "security-key"))
    {
      if (protection != NULL)
        *protection = SK_PROTECTION_HARDWARE_KEY;
      return TRUE;
    }
  return FALSE;
}

const char *
sk_protection_get_label (SkProtection protection)
{
  g_return_val_if_fail (protection <= SK_PROTECTION_NONE, NULL);
  return _(protection_labels[protection]);
}

gboolean
sk_account_has_code (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);
  return self->protection == SK_PROTECTION_CODE;
}

SkProtection
sk_account_get_protection (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), SK_PROTECTION_CODE);
  return self->protection;
}

/**
 * sk_account_set_protection:
 * @protection: how sign-in is protected
 *
 * Only for accounts without codes, and never to %SK_PROTECTION_CODE: an
 * account gets or loses a code generator by being added anew, so that a
 * secret never appears or vanishes behind the user's back.
 */
void
sk_account_set_protection (SkAccount    *self,
                           SkProtection  protection)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (protection <= SK_PROTECTION_NONE);

  if (self->protection == protection)
    return;
  g_return_if_fail (self->protection != SK_PROTECTION_CODE);
  g_return_if_fail (protection != SK_PROTECTION_CODE);

  g_object_freeze_notify (G_OBJECT (self));
  self->protection = protection;
  touch (self, properties[PROP_PROTECTION]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
sk_account_set_protection_internal (SkAccount    *self,
                                    SkProtection  protection)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  g_return_if_fail (protection <= SK_PROTECTION_NONE);

  if (self->protection == protection)
    return;
  self->protection = protection;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROTECTION]);
}

/* Stores a short optional text field: "" is none. */
static void
set_optional_text (SkAccount  *self,
                   char      **field,
                   const char *value,
                   guint       prop)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  g_free (*field);
  *field = g_strdup (value);
  invalidate_text (self, FALSE);
  touch (self, properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
sk_account_get_service (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);
  return self->service;
}

void
sk_account_set_service (SkAccount  *self,
                        const char *service)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  set_optional_text (self, &self->service, service, PROP_SERVICE);
}

const char *
sk_account_get_category (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), NULL);
  return self->category;
}

void
sk_account_set_category (SkAccount  *self,
                         const char *category)
{
  g_return_if_fail (SK_IS_ACCOUNT (self));
  set_optional_text (self, &self->category, category, PROP_CATEGORY);
}

/* Categories that hold money (the service directory uses the same names). */
static const char * const money_categories[] = {
  "wallet", "bank", "payment", "exchange", "trading",
};

/* Tags people give wallets and payment accounts, in Simplified and in
 * Traditional (Taiwan) Chinese too. */
static const char * const money_tags[] = {
  "wallet", "payment", "payments", "pay", "bank", "banking", "finance",
  "payout", "money", "exchange", "trading", "钱包", "支付", "银行", "提现", "金融", "理财",
  "錢包", "銀行", "提現", "提領", "理財",
};

gboolean
sk_account_category_holds_money (const char *category)
{
  if (category == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (money_categories); i++)
    if (g_ascii_strcasecmp (category, money_categories[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * sk_account_holds_money:
 *
 * Whether the account holds money by what it says about itself: a money
 * category (sk_account_category_holds_money()) or a money tag ("wallet",
 * "bank", "支付"...). The recovery plan also counts payout bindings.
 */
gboolean
sk_account_holds_money (SkAccount *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT (self), FALSE);

  if (sk_account_category_holds_money (self->category))
    return TRUE;
  for (guint i = 0; self->tags != NULL && self->tags[i] != NULL; i++)
    {
      g_autofree char *folded = g_utf8_casefold (self->tags[i], -1);

      for (guint j = 0; j < G_N_ELEMENTS (money_tags); j++)
        if (g_str_equal (folded, money_tags[j]))
          return TRUE;
    }
  return FALSE;
}
