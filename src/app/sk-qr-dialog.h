/* sk-qr-dialog.h: an account as a QR code, to enrol a new phone
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_QR_DIALOG (sk_qr_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SkQrDialog, sk_qr_dialog, SK, QR_DIALOG, AdwWindow)

SkQrDialog *sk_qr_dialog_new       (GtkWindow  *parent,
                                    SkAccount  *account);
/* Writes the code as PNG (path ends in .png) or SVG. */
gboolean    sk_qr_dialog_save_to   (SkQrDialog *self,
                                    const char *path,
                                    GError    **error);

G_END_DECLS
