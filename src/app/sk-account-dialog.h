/* sk-account-dialog.h: details of one account: edit, delete, show QR
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_ACCOUNT_DIALOG (sk_account_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkAccountDialog, sk_account_dialog, SK, ACCOUNT_DIALOG, AdwWindow)

SkAccountDialog *sk_account_dialog_new (GtkWindow      *parent,
                                        SkSession      *session,
                                        SkAccount      *account);
/* Reads @file as the new icon (what the file chooser does); it is
 * checked and shown, and set on the account by Save. */
void             sk_account_dialog_load_icon (SkAccountDialog *self,
                                              GFile           *file);

G_END_DECLS
