/* sk-inventory.h: identities (phones, emails, devices...), what each
 * account is bound to, support channels, and the views on them
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_INVENTORY_ERROR (sk_inventory_error_quark ())
GQuark sk_inventory_error_quark (void);

typedef enum {
  SK_INVENTORY_ERROR_NOT_FOUND,   /* no such identity, binding or account */
  SK_INVENTORY_ERROR_INVALID,     /* a bad value: unknown kind, role, date... */
  SK_INVENTORY_ERROR_EXISTS,      /* the same binding is already recorded */
} SkInventoryError;

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

/* Dates the user gives ("since", "cooldown until") are calendar dates
 * "YYYY-MM-DD" (NULL when unknown); times are µs since the epoch. */
typedef struct {
  char             *uuid;
  SkIdentityKind    kind;
  char             *value;         /* number, address, device name, account at the provider, card number, question */
  char             *label;         /* the user's name for it, may be NULL */
  char             *country_code;  /* phone: "+86" */
  char             *carrier;       /* phone: "China Mobile" */
  char             *provider;      /* third party, payout, hardware key: "wechat", "ICBC", "YubiKey 5" */
  char            **apps;          /* device: authenticator apps on it (NULL-terminated, may be NULL) */
  SkIdentityStatus  status;
  char             *since;         /* date */
  char             *note;
  gint64            created;
  gint64            updated;
} SkIdentity;

#define SK_TYPE_IDENTITY (sk_identity_get_type ())
GType       sk_identity_get_type          (void) G_GNUC_CONST;
SkIdentity *sk_identity_new               (SkIdentityKind  kind,
                                           const char     *value);
SkIdentity *sk_identity_copy              (const SkIdentity *identity);
void        sk_identity_free              (SkIdentity     *identity);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkIdentity, sk_identity_free)
/* The value as shown in lists: payout numbers masked ("•••• 1234") unless
 * @reveal, phone numbers with their country code. */
char       *sk_identity_dup_display       (const SkIdentity *identity,
                                           gboolean          reveal);

typedef enum {
  SK_ROLE_LOGIN,
  SK_ROLE_SECURITY_PHONE,       /* security phone / SMS codes */
  SK_ROLE_RECOVERY_EMAIL,
  SK_ROLE_AUTHENTICATOR_DEVICE, /* an authenticator app or key on this device */
  SK_ROLE_THIRD_PARTY_LOGIN,
  SK_ROLE_PAYOUT_ACCOUNT,
  SK_ROLE_TRUSTED_DEVICE,
} SkBindingRole;

typedef struct {
  char          *uuid;
  char          *account_uuid;
  char          *identity_uuid;
  SkBindingRole  role;
  char          *since;            /* date */
  char          *cooldown_until;   /* date: no change possible before it */
  char          *note;
  gint64         created;
  gint64         updated;
} SkBinding;

#define SK_TYPE_BINDING (sk_binding_get_type ())
GType       sk_binding_get_type           (void) G_GNUC_CONST;
SkBinding  *sk_binding_copy               (const SkBinding *binding);
void        sk_binding_free               (SkBinding      *binding);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkBinding, sk_binding_free)

/* Per account: how to reach the service's support, and its recovery page. */
typedef struct {
  char   *account_uuid;
  char   *site;
  char   *chat;
  char   *ticket;
  char   *email;
  char   *phone;
  char   *recovery_page;
  char   *note;
} SkSupportInfo;

void        sk_support_info_free          (SkSupportInfo  *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSupportInfo, sk_support_info_free)

/* Stable names for the CLI and JSON ("phone", "security-phone", "lost"),
 * parsed case-insensitively, also with "_" for "-". */
const char *sk_identity_kind_to_string    (SkIdentityKind    kind);
gboolean    sk_identity_kind_from_string  (const char       *text,
                                           SkIdentityKind   *kind);
const char *sk_identity_status_to_string  (SkIdentityStatus  status);
gboolean    sk_identity_status_from_string (const char      *text,
                                           SkIdentityStatus *status);
const char *sk_binding_role_to_string     (SkBindingRole     role);
gboolean    sk_binding_role_from_string   (const char       *text,
                                           SkBindingRole    *role);
/* Translated labels for people. */
const char *sk_identity_kind_get_label    (SkIdentityKind    kind);
const char *sk_identity_status_get_label  (SkIdentityStatus  status);
const char *sk_binding_role_get_label     (SkBindingRole     role);
/* Checks and normalizes a date "YYYY-MM-DD" (also "YYYY/M/D"): a new
 * string, or NULL with SK_INVENTORY_ERROR_INVALID. */
char       *sk_inventory_parse_date       (const char       *text,
                                           GError          **error);

/* Identities --------------------------------------------------------- */

/* Stores @identity (new or edited; its uuid is assigned if NULL). */
gboolean    sk_inventory_save_identity    (SkVault          *vault,
                                           SkIdentity       *identity,
                                           gint64            now,
                                           GError          **error);
/* Deletes the identity and every binding to it; @n_bindings (optional)
 * gets how many bindings went with it. */
gboolean    sk_inventory_remove_identity  (SkVault          *vault,
                                           const char       *uuid,
                                           gint64            now,
                                           guint            *n_bindings,
                                           GError          **error);
SkIdentity *sk_inventory_get_identity     (SkVault          *vault,
                                           const char       *uuid);
/* All identities (SkIdentity*), by kind then value. */
GPtrArray  *sk_inventory_list_identities  (SkVault          *vault);
/* Finds identities for a user's query: a UUID, a UUID prefix of at least
 * 4 characters, or an exact value or label (case-insensitive; phone
 * numbers also without spaces or country code). */
GPtrArray  *sk_inventory_find_identities  (SkVault          *vault,
                                           const char       *query);
/* Security question answers (secret). @answer NULL removes. */
void        sk_inventory_set_answer       (SkVault          *vault,
                                           const char       *identity_uuid,
                                           SkSecret         *answer);
SkSecret   *sk_inventory_dup_answer       (SkVault          *vault,
                                           const char       *identity_uuid);

/* Bindings ----------------------------------------------------------- */

/* Records that @account_uuid is bound to @identity_uuid in @role; an
 * existing binding with the same account, identity and role is updated
 * (since, cooldown, note) instead. Returns the binding's uuid. */
char       *sk_inventory_bind             (SkVault          *vault,
                                           const char       *account_uuid,
                                           const char       *identity_uuid,
                                           SkBindingRole     role,
                                           const char       *since,
                                           const char       *cooldown_until,
                                           const char       *note,
                                           gint64            now,
                                           GError          **error);
/* Removes the bindings of @account_uuid to @identity_uuid: only in @role,
 * or in every role if @role is -1. Returns how many were removed. */
guint       sk_inventory_unbind           (SkVault          *vault,
                                           const char       *account_uuid,
                                           const char       *identity_uuid,
                                           int               role,
                                           gint64            now);
/* Bindings (SkBinding*) of one account or one identity (the other NULL),
 * or all if both are NULL. */
GPtrArray  *sk_inventory_list_bindings    (SkVault          *vault,
                                           const char       *account_uuid,
                                           const char       *identity_uuid);

/* Support channels ---------------------------------------------------- */

/* Never NULL: an empty info when nothing is recorded. */
SkSupportInfo *sk_inventory_get_support   (SkVault          *vault,
                                           const char       *account_uuid);
void        sk_inventory_set_support      (SkVault          *vault,
                                           const SkSupportInfo *info,
                                           gint64            now);

/* Views --------------------------------------------------------------- */

/* Does this role give a way back into the account when the password or
 * the second factor is lost (SMS, recovery email, authenticator device,
 * third-party login, trusted device)? */
gboolean    sk_binding_role_is_recovery_path (SkBindingRole  role);

typedef enum {
  SK_SPOF_SINGLE_IDENTITY,  /* every way back goes through one identity */
  SK_SPOF_NO_WAY_BACK,      /* no working way back is recorded at all */
} SkSpofKind;

typedef struct {
  char       *account_uuid;
  SkSpofKind  kind;
  char       *identity_uuid;   /* SK_SPOF_SINGLE_IDENTITY: the one identity */
  guint       n_paths;         /* bindings that are ways back through it */
  guint       n_inactive;      /* ways back through lost or cancelled identities */
} SkSpofEntry;

void        sk_spof_entry_free            (SkSpofEntry      *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSpofEntry, sk_spof_entry_free)

/*
 * The single-point-of-failure report over the accounts of @vault: an
 * account is listed when all its ways back (recovery-path bindings to
 * active identities, and unused recovery codes, which count as a way of
 * their own) go through one identity, or when it has none. With
 * @include_unrecorded FALSE, accounts with no binding and no codes at all
 * (not inventoried yet) are left out. Returns SkSpofEntry*, in account
 * order.
 */
GPtrArray  *sk_inventory_spof_report      (SkVault          *vault,
                                           gboolean          include_unrecorded);

/* What depends on one identity: @n_accounts distinct accounts bound to
 * it, @counts[role] bindings per role (array of SK_ROLE_TRUSTED_DEVICE+1,
 * optional), @n_only_way accounts for which it is the only way back.
 * Returns the bindings (SkBinding*). */
GPtrArray  *sk_inventory_by_identity      (SkVault          *vault,
                                           const char       *identity_uuid,
                                           guint            *n_accounts,
                                           guint            *counts,
                                           guint            *n_only_way);

G_END_DECLS
