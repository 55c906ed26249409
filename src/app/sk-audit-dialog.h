/* sk-audit-dialog.h: the quarterly check of one account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_AUDIT_DIALOG (sk_audit_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkAuditDialog, sk_audit_dialog, SK, AUDIT_DIALOG, AdwWindow)

SkAuditDialog *sk_audit_dialog_new (GtkWindow      *parent,
                                    SkSession      *session,
                                    SkAccount      *account);

G_END_DECLS
