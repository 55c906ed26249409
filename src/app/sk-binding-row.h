/* sk-binding-row.h: one binding in an account's or an identity's list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_BINDING_ROW (sk_binding_row_get_type ())
G_DECLARE_FINAL_TYPE (SkBindingRow, sk_binding_row, SK, BINDING_ROW, AdwActionRow)

/* In an account's list the row names the identity (NULL: one this
 * vault does not know), with its status and the binding's note; in an
 * identity's list it names the account (NULL: deleted). Either way it
 * follows the binding and what it names. */
GtkWidget *sk_binding_row_new_with_identity (SkBinding    *binding,
                                             SkIdentity   *identity);
GtkWidget *sk_binding_row_new_with_account  (SkBinding    *binding,
                                             SkAccount    *account);
SkBinding *sk_binding_row_get_binding       (SkBindingRow *self);

G_END_DECLS
