/* sk-export-dialog.h: exporting the accounts for another app or as a backup
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_EXPORT_DIALOG (sk_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkExportDialog, sk_export_dialog, SK, EXPORT_DIALOG, AdwWindow)

SkExportDialog *sk_export_dialog_new         (GtkWindow      *parent,
                                              SkSession      *session);
void            sk_export_dialog_set_format  (SkExportDialog *self,
                                              SkExportFormat  format);
SkExportFormat  sk_export_dialog_get_format  (SkExportDialog *self);
/* What "Export…" does once the destination is chosen: @file (a folder
 * for Google Authenticator pictures). Checks the password, asks the
 * plain-text confirmation when the format is not encrypted, then writes
 * in a thread and closes the dialog. */
void            sk_export_dialog_export_to   (SkExportDialog *self,
                                              GFile          *file);
gboolean        sk_export_dialog_get_busy    (SkExportDialog *self);

/* The Google Authenticator migration QR codes of the vault of @page, one
 * after another ("1 of 3"), in a window transient for @parent. NULL (and
 * @error) when no account can be carried. */
GtkWindow      *sk_migration_codes_window_new (GtkWindow      *parent,
                                               SkSession      *session,
                                               GError        **error);
/* The code shown (0-based) and how many there are. */
guint           sk_migration_codes_window_get_position (GtkWindow *window,
                                                        guint     *n_codes);

G_END_DECLS
