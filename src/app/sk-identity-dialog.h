/* sk-identity-dialog.h: add or edit a phone number, email, device...
 * and see what depends on it
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_IDENTITY_DIALOG (sk_identity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkIdentityDialog, sk_identity_dialog, SK, IDENTITY_DIALOG, AdwWindow)

/* @identity_uuid NULL: a new identity. */
SkIdentityDialog *sk_identity_dialog_new           (GtkWindow        *parent,
                                                    SkSession        *session,
                                                    const char       *identity_uuid);
void              sk_identity_dialog_set_kind      (SkIdentityDialog *self,
                                                    SkIdentityKind    kind);
/* Accounts bound to the identity, as listed under "Depends on This". */
guint             sk_identity_dialog_get_n_dependents (SkIdentityDialog *self);

G_END_DECLS
