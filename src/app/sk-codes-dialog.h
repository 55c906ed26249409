/* sk-codes-dialog.h: paste a block of recovery codes, check, store
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_CODES_DIALOG (sk_codes_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkCodesDialog, sk_codes_dialog, SK, CODES_DIALOG, AdwWindow)

/* Adds to the account's set, or with @replace swaps the whole set. The
 * change is saved through @page. */
SkCodesDialog *sk_codes_dialog_new      (GtkWindow      *parent,
                                         SkSession      *session,
                                         SkAccount      *account,
                                         gboolean        replace);
/* How many codes the pasted text holds now. */
guint          sk_codes_dialog_get_n_parsed (SkCodesDialog *self);

G_END_DECLS
