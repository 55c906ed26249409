/* sk-import-dialog.h: importing another authenticator's export or a backup
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_IMPORT_DIALOG (sk_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkImportDialog, sk_import_dialog, SK, IMPORT_DIALOG, AdwWindow)

/* A dialog adding to the vault of @page (unlocked), transient for its
 * window. Nothing is added before "Import" is pressed. */
SkImportDialog *sk_import_dialog_new         (GtkWindow      *parent,
                                              SkSession      *session);
/* Reads @file in a thread (as choosing or dropping it does): the format
 * is detected, an encrypted file asks for its password, then the preview
 * is shown. */
void            sk_import_dialog_open_file   (SkImportDialog *self,
                                              GFile          *file);
/* Reading or deriving a key is under way. */
gboolean        sk_import_dialog_get_busy    (SkImportDialog *self);
/* The previewed entries with @status, and how many of them are ticked. */
guint           sk_import_dialog_count       (SkImportDialog      *self,
                                              SkImportEntryStatus  status,
                                              guint               *n_checked);
/* Invalid entries listed (with their reason). */
guint           sk_import_dialog_count_invalid (SkImportDialog   *self);

G_END_DECLS
