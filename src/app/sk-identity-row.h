/* sk-identity-row.h: one identity in the inventory's lists
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_IDENTITY_ROW (sk_identity_row_get_type ())
G_DECLARE_FINAL_TYPE (SkIdentityRow, sk_identity_row, SK, IDENTITY_ROW, AdwActionRow)

/* A row that follows @identity (one of the vault's): its value, status,
 * and how many accounts depend on it. Activating it runs
 * "inventory.edit-identity" with the identity's uuid. */
GtkWidget  *sk_identity_row_new          (SkIdentity    *identity);
SkIdentity *sk_identity_row_get_identity (SkIdentityRow *self);

G_END_DECLS
