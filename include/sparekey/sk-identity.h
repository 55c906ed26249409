/* sk-identity.h: one identity an account can depend on: a phone number,
 * an email address, a device...
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  SK_IDENTITY_PHONE,
  SK_IDENTITY_EMAIL,
  SK_IDENTITY_DEVICE,
  SK_IDENTITY_THIRD_PARTY,       /* WeChat, QQ, Apple, Google, GitHub, Alipay... */
  SK_IDENTITY_PAYOUT,            /* bank card or wallet: shown masked */
  SK_IDENTITY_SECURITY_QUESTION, /* the answer is a secret: "<uuid>/answer" */
  SK_IDENTITY_HARDWARE_KEY,
} SkIdentityKind;

typedef enum {
  SK_IDENTITY_ACTIVE,
  SK_IDENTITY_LOST,
  SK_IDENTITY_CANCELLED,
} SkIdentityStatus;

/* Stable names for the CLI and JSON ("phone", "lost"), parsed
 * case-insensitively, also with "_" for "-". */
const char *sk_identity_kind_to_string     (SkIdentityKind    kind);
gboolean    sk_identity_kind_from_string   (const char       *text,
                                            SkIdentityKind   *kind);
const char *sk_identity_status_to_string   (SkIdentityStatus  status);
gboolean    sk_identity_status_from_string (const char       *text,
                                            SkIdentityStatus *status);
/* Translated labels for people. */
const char *sk_identity_kind_get_label     (SkIdentityKind    kind);
const char *sk_identity_status_get_label   (SkIdentityStatus  status);

#define SK_TYPE_IDENTITY (sk_identity_get_type ())
G_DECLARE_FINAL_TYPE (SkIdentity, sk_identity, SK, IDENTITY, GObject)

/*
 * Properties (all notify): "uuid" (read-only, given by the first save),
 * "kind" and "status" (SkIdentityKind and SkIdentityStatus values),
 * "value" (number, address, device name, account at the provider, card
 * number, question; never NULL), "label" (the user's name for it),
 * "country-code" and "carrier" (phones: "+86", "China Mobile"),
 * "provider" (third party, payout, hardware key: "wechat", "ICBC",
 * "YubiKey 5"), "account" (the uuid of the account that owns it: the
 * mailbox's account for an email, the account behind a third-party
 * login, the wallet or bank account of a payout; NULL when none is
 * named; see sk_ways_back_new()), "apps" (GStrv: devices' authenticator apps), "since" (a
 * date "YYYY-MM-DD"), "note", "created" and "updated" (read-only, µs since
 * the epoch); and, read-only, what the vault's model keeps for each:
 * "n-accounts" (accounts bound to it) and "n-only-way" (accounts for
 * which it is the only way back, see sk_inventory_spof_report()).
 *
 * The identities of sk_inventory_get_identities() are the vault's: they
 * follow its records, and their setters refuse to work. Edit a copy
 * (sk_identity_copy()) and give it to sk_inventory_save_identity().
 */

SkIdentity         *sk_identity_new              (SkIdentityKind    kind,
                                                  const char       *value);
/* A copy to edit: every field, the uuid too, none of the counts. */
SkIdentity         *sk_identity_copy             (SkIdentity       *self);

const char         *sk_identity_get_uuid         (SkIdentity       *self);
SkIdentityKind      sk_identity_get_kind         (SkIdentity       *self);
void                sk_identity_set_kind         (SkIdentity       *self,
                                                  SkIdentityKind    kind);
const char         *sk_identity_get_value        (SkIdentity       *self);
void                sk_identity_set_value        (SkIdentity       *self,
                                                  const char       *value);
const char         *sk_identity_get_label        (SkIdentity       *self);
void                sk_identity_set_label        (SkIdentity       *self,
                                                  const char       *label);
const char         *sk_identity_get_country_code (SkIdentity       *self);
void                sk_identity_set_country_code (SkIdentity       *self,
                                                  const char       *country_code);
const char         *sk_identity_get_carrier      (SkIdentity       *self);
void                sk_identity_set_carrier      (SkIdentity       *self,
                                                  const char       *carrier);
const char         *sk_identity_get_provider     (SkIdentity       *self);
void                sk_identity_set_provider     (SkIdentity       *self,
                                                  const char       *provider);
/* NULL when there are none. */
/* The account that owns the identity (a uuid), or NULL. */
const char         *sk_identity_get_account      (SkIdentity       *self);
void                sk_identity_set_account      (SkIdentity       *self,
                                                  const char       *account_uuid);
const char * const *sk_identity_get_apps         (SkIdentity       *self);
void                sk_identity_set_apps         (SkIdentity       *self,
                                                  const char * const *apps);
SkIdentityStatus    sk_identity_get_status       (SkIdentity       *self);
void                sk_identity_set_status       (SkIdentity       *self,
                                                  SkIdentityStatus  status);
const char         *sk_identity_get_since        (SkIdentity       *self);
void                sk_identity_set_since        (SkIdentity       *self,
                                                  const char       *since);
const char         *sk_identity_get_note         (SkIdentity       *self);
void                sk_identity_set_note         (SkIdentity       *self,
                                                  const char       *note);
gint64              sk_identity_get_created      (SkIdentity       *self);
gint64              sk_identity_get_updated      (SkIdentity       *self);
guint               sk_identity_get_n_accounts   (SkIdentity       *self);
guint               sk_identity_get_n_only_way   (SkIdentity       *self);

/* The value as shown in lists: payout numbers masked ("•••• 1234") unless
 * @reveal, phone numbers with their country code. */
char               *sk_identity_dup_display      (SkIdentity       *self,
                                                  gboolean          reveal);

G_END_DECLS
