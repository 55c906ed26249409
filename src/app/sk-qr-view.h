/* sk-qr-view.h: a QR code drawn module by module, crisp at any size
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_QR_VIEW (sk_qr_view_get_type ())
G_DECLARE_FINAL_TYPE (SkQrView, sk_qr_view, SK, QR_VIEW, GtkWidget)

GtkWidget      *sk_qr_view_new       (void);
/* Takes a copy of @code (NULL clears). */
void            sk_qr_view_set_code  (SkQrView       *self,
                                      const SkQrCode *code);
const SkQrCode *sk_qr_view_get_code  (SkQrView       *self);

G_END_DECLS
