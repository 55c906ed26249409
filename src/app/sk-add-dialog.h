/* sk-add-dialog.h: adding accounts: form, link, picture, screenshot
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_ADD_DIALOG (sk_add_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkAddDialog, sk_add_dialog, SK, ADD_DIALOG, AdwWindow)

SkAddDialog *sk_add_dialog_new          (GtkWindow      *parent,
                                         SkSession      *session);
/* What the "Open Picture" chooser does with the chosen file. */
void         sk_add_dialog_import_file  (SkAddDialog    *self,
                                         GFile          *file);

/* Opens the form for an account without codes (SMS, email…). */
void         sk_add_dialog_set_without_code (SkAddDialog *self,
                                             gboolean     without_code);

G_END_DECLS
