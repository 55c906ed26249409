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

/*
 * Shows the vault of @store (NULL locks: pending changes are saved, then
 * the store is dropped, the list model cleared, every bound row wiped and
 * our code removed from the clipboard).
 */
void        sk_accounts_page_set_store        (SkAccountsPage *self,
                                               SkStore        *store);
SkStore    *sk_accounts_page_get_store        (SkAccountsPage *self);
/* The filtered and sorted list, as shown. */
GListModel *sk_accounts_page_get_model        (SkAccountsPage *self);

void        sk_accounts_page_add_toast        (SkAccountsPage *self,
                                               AdwToast       *toast);
/* Saves now; on failure shows the error and returns FALSE. */
gboolean    sk_accounts_page_save             (SkAccountsPage *self);
/* Adds accounts (skipping ones already in the vault), saves, tells. */
guint       sk_accounts_page_add_accounts     (SkAccountsPage *self,
                                               GPtrArray      *accounts);
/* Hides the account at once and deletes it when the undo toast goes. */
void        sk_accounts_page_delete_account   (SkAccountsPage *self,
                                               SkAccount      *account);
/* An account was edited: sort and filter again, save. */
void        sk_accounts_page_account_changed  (SkAccountsPage *self,
                                               SkAccount      *account);
/* Copies the account's code, as a click on its row does. */
void        sk_accounts_page_copy_code        (SkAccountsPage *self,
                                               SkAccount      *account);
/* Copies @text (a code) and clears it from the clipboard after the
 * delay set in the preferences, if it is still ours. */
void        sk_accounts_page_copy_text        (SkAccountsPage *self,
                                               const char     *text);
/* Recovery codes, identities, bindings or audits changed: saves, updates
 * the rows and the audit banner, emits ::records-changed. */
void        sk_accounts_page_records_changed  (SkAccountsPage *self);
/* Accounts whose audit is due now. */
guint       sk_accounts_page_count_due        (SkAccountsPage *self);
/* Imports a picture or text file (drop, open). */
void        sk_accounts_page_import_file      (SkAccountsPage *self,
                                               GFile          *file);
void        sk_accounts_page_import_texture   (SkAccountsPage *self,
                                               GdkTexture     *texture);
void        sk_accounts_page_import_text      (SkAccountsPage *self,
                                               const char     *text);

G_END_DECLS
