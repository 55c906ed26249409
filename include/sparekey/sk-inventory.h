/* sk-inventory.h: identities (phones, emails, devices...), what each
 * account is bound to, support channels, and the views on them
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-binding.h>
#include <sparekey/sk-identity.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_INVENTORY_ERROR (sk_inventory_error_quark ())
GQuark sk_inventory_error_quark (void);

typedef enum {
  SK_INVENTORY_ERROR_NOT_FOUND,   /* no such identity, binding or account */
  SK_INVENTORY_ERROR_INVALID,     /* a bad value: unknown kind, role, date... */
  SK_INVENTORY_ERROR_EXISTS,      /* the same binding is already recorded */
} SkInventoryError;

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

/* Checks and normalizes a date "YYYY-MM-DD" (also "YYYY/M/D"): a new
 * string, or NULL with SK_INVENTORY_ERROR_INVALID. */
char       *sk_inventory_parse_date       (const char       *text,
                                           GError          **error);

/* Identities --------------------------------------------------------- */

/*
 * The vault's identities (SkIdentity), by kind, then value: one object
 * per identity for as long as it exists, updated in place (with notify)
 * when its record changes, and moved (items-changed) when its kind or
 * value does; kept up to date through every change made with these
 * functions and every merge with another writer's copy. The model and
 * its items belong to @vault.
 */
GListModel *sk_inventory_get_identities   (SkVault          *vault);
/* The vault's identity @uuid (borrowed, see above), or NULL. */
SkIdentity *sk_inventory_lookup_identity  (SkVault          *vault,
                                           const char       *uuid);
/* Stores @identity (new or a copy of the vault's, edited): assigns its
 * uuid if it has none, and sets its value stripped, its date normalized
 * and its times as saved. The vault's own identity follows. */
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
/* The items of sk_inventory_get_identities() as they are now (new array
 * of references), for a loop that changes the vault. */
GPtrArray  *sk_inventory_list_identities  (SkVault          *vault);
/* Finds identities for a user's query: a UUID, a UUID prefix of at least
 * 4 characters, or an exact value or label (case-insensitive; phone
 * numbers also without spaces or country code). New array of references
 * to the vault's identities. */
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
/*
 * The bindings (SkBinding) of one account, or to one identity, by role
 * then age: models that follow the records like the identities' (one
 * object per binding, updated in place). They belong to @vault, and
 * exist for any uuid, empty while nothing is bound.
 */
GListModel *sk_inventory_get_account_bindings  (SkVault     *vault,
                                                const char  *account_uuid);
GListModel *sk_inventory_get_identity_bindings (SkVault     *vault,
                                                const char  *identity_uuid);
/* Bindings (new array of references) of one account or one identity
 * (the other NULL), or all if both are NULL. */
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

typedef enum {
  SK_SPOF_SINGLE_IDENTITY,  /* every way back goes through one identity */
  SK_SPOF_NO_WAY_BACK,      /* no working way back is recorded at all */
} SkSpofKind;

typedef struct {
  char       *account_uuid;
  SkSpofKind  kind;
  char       *identity_uuid;   /* SK_SPOF_SINGLE_IDENTITY: the nearest such identity */
  guint       n_paths;         /* recovery bindings to active identities */
  guint       n_inactive;      /* ways back through lost or cancelled identities */
  /* SK_SPOF_SINGLE_IDENTITY: every identity whose loss alone leaves it
   * no way back, nearest first (a recovery mailbox, then the phone its
   * account hangs on). */
  char      **identities;
  /* The way in words, link by link (see sk_ways_back_list()): the way
   * those identities are on, or why no way works; may be NULL. */
  char      **chain;
  gboolean    money;           /* sk_inventory_account_holds_money() */
} SkSpofEntry;

void        sk_spof_entry_free            (SkSpofEntry      *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkSpofEntry, sk_spof_entry_free)

/*
 * The single-point-of-failure report over the accounts of @vault: an
 * account is listed when losing one identity alone would leave it no
 * working way back, or when none works already, as sk_ways_back_new()
 * judges (this vault's codes, unused recovery codes and the password
 * alone are ways of their own; a recovery email or third-party login
 * works only while its owning account does), so that the recovery
 * plan's risk for the same loss always agrees. Accounts holding money
 * come first, then the others, each in the vault's order. With
 * @include_unrecorded FALSE, accounts with no binding and no codes at all
 * (not inventoried yet) are left out. Returns SkSpofEntry*, in account
 * order.
 */
GPtrArray  *sk_inventory_spof_report      (SkVault          *vault,
                                           gboolean          include_unrecorded);

/* What depends on one identity: @n_accounts distinct accounts bound to
 * it, @counts[role] bindings per role (array of SK_ROLE_TRUSTED_DEVICE+1,
 * optional), @n_only_way accounts for which it is the only way back.
 * Returns the bindings (new array of references). */
GPtrArray  *sk_inventory_by_identity      (SkVault          *vault,
                                           const char       *identity_uuid,
                                           guint            *n_accounts,
                                           guint            *counts,
                                           guint            *n_only_way);

/* Whether the account holds money: sk_account_holds_money() (a money
 * category or tag), a service directory entry of a money category (the
 * service it names, or the one its issuer matches), or a payout account
 * or payout identity bound to it.
 * The recovery plan and the report rank these first. */
gboolean    sk_inventory_account_holds_money (SkVault       *vault,
                                           const char       *account_uuid);

/* The accounts (uuids, a new array) for which @identity_uuid is a single
 * point of failure: the "n-only-way" of the identity, with the accounts
 * that depend on it through a chain (a recovery mailbox whose account
 * hangs on this number) counted too. */
GPtrArray  *sk_inventory_list_only_way    (SkVault          *vault,
                                           const char       *identity_uuid);

G_END_DECLS
