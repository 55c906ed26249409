/* sk-accounts-page.h: the unlocked view: every account with its live code
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_ACCOUNTS_PAGE (sk_accounts_page_get_type ())
G_DECLARE_FINAL_TYPE (SkAccountsPage, sk_accounts_page, SK, ACCOUNTS_PAGE, AdwBin)

/* The page shows the accounts of the session it is built with (its
 * construct-only "session" property), and nothing else. */

/* The filtered and sorted list, as shown. */
GListModel *sk_accounts_page_get_model        (SkAccountsPage *self);
/* Copies the account's code, as a click on its row does. */
void        sk_accounts_page_copy_code        (SkAccountsPage *self,
                                               SkAccount      *account);
/* The switcher in the header bar, for the window to give it its pages. */
AdwViewSwitcherTitle *sk_accounts_page_get_switcher_title (SkAccountsPage *self);

G_END_DECLS
