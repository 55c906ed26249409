/* sk-inventory-private.h: internals shared by the identities, the
 * bindings and the inventory that keeps them
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sparekey/sk-inventory.h>

G_BEGIN_DECLS

/* A stable name and its translatable label (see sk_identity_kind_*). */
typedef struct {
  const char *name;
  const char *label;
} SkNamedValue;

/* Whether the service directory entry of @account (the service it names,
 * or the one its issuer matches) is of a money category. Implemented by
 * sk-services.c: the directory reads this header, not the other way. */
gboolean    sk_inventory_service_holds_money (SkVault        *vault,
                                          SkAccount          *account);

/* Finds @text in @table (case-insensitive, "_" or " " for "-"). */
gboolean    sk_named_value_lookup        (const SkNamedValue *table,
                                          guint               n,
                                          const char         *text,
                                          int                *out);

/* The common part of the setters of identities and bindings: stores
 * @value in *@field and notifies @pspec when it is new. */
void        sk_inventory_set_string      (GObject            *object,
                                          char              **field,
                                          const char         *value,
                                          GParamSpec         *pspec);
void        sk_inventory_set_int64       (GObject            *object,
                                          gint64             *field,
                                          gint64              value,
                                          GParamSpec         *pspec);

/* Identities (sk-identity.c) ------------------------------------------ */

/* What saving or reading a record gives a detached identity: its uuid
 * and times, notified as they change. */
void        sk_identity_set_stored       (SkIdentity  *self,
                                          const char  *uuid,
                                          gint64       created,
                                          gint64       updated);
/* Makes @self show every field of @other (the counts excepted),
 * notifying what changes; works on the vault's own identities. */
void        sk_identity_update           (SkIdentity  *self,
                                          SkIdentity  *other);
/* Marks @self as the vault's own: the public setters refuse it. */
void        sk_identity_set_owned        (SkIdentity  *self);
void        sk_identity_set_n_accounts   (SkIdentity  *self,
                                          guint        n_accounts);
void        sk_identity_set_n_only_way   (SkIdentity  *self,
                                          guint        n_only_way);

/* Bindings (sk-binding.c) --------------------------------------------- */

SkBinding  *sk_binding_new               (const char    *uuid,
                                          const char    *account_uuid,
                                          const char    *identity_uuid,
                                          SkBindingRole  role);
/* Sets what a record adds to the four fields above. */
void        sk_binding_set_details       (SkBinding     *self,
                                          const char    *since,
                                          const char    *cooldown_until,
                                          const char    *note,
                                          gint64         created,
                                          gint64         updated);
/* Makes @self show every field of @other, notifying what changes. */
void        sk_binding_update            (SkBinding     *self,
                                          SkBinding     *other);

/* The bindings of an account, NULL when it has none: unlike
 * sk_inventory_get_account_bindings(), makes no model for it (the judge
 * of ways back asks about every account). */
GListModel *sk_inventory_peek_account_bindings (SkVault   *vault,
                                                const char *account_uuid);

G_END_DECLS
