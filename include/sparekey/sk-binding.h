/* sk-binding.h: one recorded dependency of an account on an identity
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  SK_ROLE_LOGIN,
  SK_ROLE_SECURITY_PHONE,       /* security phone / SMS codes */
  SK_ROLE_RECOVERY_EMAIL,
  SK_ROLE_AUTHENTICATOR_DEVICE, /* an authenticator app or key on this device */
  SK_ROLE_THIRD_PARTY_LOGIN,
  SK_ROLE_PAYOUT_ACCOUNT,
  SK_ROLE_TRUSTED_DEVICE,
} SkBindingRole;

/* Stable names for the CLI and JSON ("security-phone"), parsed
 * case-insensitively, also with "_" for "-" and in short forms ("sms"). */
const char *sk_binding_role_to_string        (SkBindingRole  role);
gboolean    sk_binding_role_from_string      (const char    *text,
                                              SkBindingRole *role);
/* A translated label for people. */
const char *sk_binding_role_get_label        (SkBindingRole  role);
/* Does this role give a way back into the account when the password or
 * the second factor is lost (SMS, recovery email, authenticator device,
 * third-party login, trusted device)? */
gboolean    sk_binding_role_is_recovery_path (SkBindingRole  role);

#define SK_TYPE_BINDING (sk_binding_get_type ())
G_DECLARE_FINAL_TYPE (SkBinding, sk_binding, SK, BINDING, GObject)

/*
 * Properties (read-only, all notify): "uuid", "account-uuid",
 * "identity-uuid", "role" (an SkBindingRole value), "since" and
 * "cooldown-until" (dates "YYYY-MM-DD": bound since, no change possible
 * before), "note", "created" and "updated" (µs since the epoch).
 *
 * Bindings are the vault's: they are made, changed and removed with
 * sk_inventory_bind() and sk_inventory_unbind(), and follow its records.
 */

const char   *sk_binding_get_uuid           (SkBinding *self);
const char   *sk_binding_get_account_uuid   (SkBinding *self);
const char   *sk_binding_get_identity_uuid  (SkBinding *self);
SkBindingRole sk_binding_get_role           (SkBinding *self);
const char   *sk_binding_get_since          (SkBinding *self);
const char   *sk_binding_get_cooldown_until (SkBinding *self);
const char   *sk_binding_get_note           (SkBinding *self);
gint64        sk_binding_get_created        (SkBinding *self);
gint64        sk_binding_get_updated        (SkBinding *self);

G_END_DECLS
