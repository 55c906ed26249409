/* sk-restore-dialog.h: making one of the automatic backups the vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_RESTORE_DIALOG (sk_restore_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkRestoreDialog, sk_restore_dialog, SK, RESTORE_DIALOG, AdwWindow)

/* Lists the backups of @session's unlocked vault. A backup is checked as
 * `sparekey-cli backup verify` does (it decrypts with the password typed
 * and is compared with the vault) before it can be restored; restoring
 * locks @window (its action win.lock) first, so that nothing in memory is
 * saved over it. */
SkRestoreDialog *sk_restore_dialog_new        (GtkWindow       *window,
                                               SkSession       *session);
/* Selects the backup at @path, for tests. */
gboolean         sk_restore_dialog_select     (SkRestoreDialog *self,
                                               const char      *path);

G_END_DECLS
