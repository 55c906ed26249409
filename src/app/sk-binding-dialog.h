/* sk-binding-dialog.h: bind an account to a phone number, email, device...
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_BINDING_DIALOG (sk_binding_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkBindingDialog, sk_binding_dialog, SK, BINDING_DIALOG, AdwWindow)

SkBindingDialog *sk_binding_dialog_new          (GtkWindow       *parent,
                                                 SkSession       *session,
                                                 SkAccount       *account);
/* Selects the identity @uuid and a role (for tests and after "New
 * Identity"); FALSE if it is not in the list. */
gboolean         sk_binding_dialog_select       (SkBindingDialog *self,
                                                 const char      *identity_uuid,
                                                 int              role);

G_END_DECLS
