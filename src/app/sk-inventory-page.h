/* sk-inventory-page.h: identities, weak spots and audits of the vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_INVENTORY_PAGE (sk_inventory_page_get_type ())
G_DECLARE_FINAL_TYPE (SkInventoryPage, sk_inventory_page, SK, INVENTORY_PAGE, AdwBin)

/* The page shows the vault of the session it is built with (its
 * construct-only "session" property) and follows its changes. */

/* Reads the vault again. */
void        sk_inventory_page_reload            (SkInventoryPage *self);
/* "identities", "weak-spots" or "audits". */
void        sk_inventory_page_set_view          (SkInventoryPage *self,
                                                 const char      *name);
const char *sk_inventory_page_get_view          (SkInventoryPage *self);
/* Row counts as shown, for tests: identities of all kinds, entries of
 * the single-point-of-failure report, accounts due. */
guint       sk_inventory_page_get_n_identities  (SkInventoryPage *self);
guint       sk_inventory_page_get_n_weak_spots  (SkInventoryPage *self);
guint       sk_inventory_page_get_n_due         (SkInventoryPage *self);
/* The switcher in the header bar, for the window to give it its pages. */
AdwViewSwitcherTitle *sk_inventory_page_get_switcher_title (SkInventoryPage *self);

G_END_DECLS
