/* sk-account-row.h: one row of the codes list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_ACCOUNT_ROW (sk_account_row_get_type ())
G_DECLARE_FINAL_TYPE (SkAccountRow, sk_account_row, SK, ACCOUNT_ROW, AdwBin)

GtkWidget  *sk_account_row_new          (void);
/* Binds the row to @account (NULL clears every label). */
void        sk_account_row_set_account  (SkAccountRow *self,
                                         SkAccount    *account);
SkAccount  *sk_account_row_get_account  (SkAccountRow *self);
/* Called once a second for bound rows only. */
void        sk_account_row_tick         (SkAccountRow *self,
                                         gint64        unix_time);
/* Shows "N codes" (recovery codes left) when @total > 0, in the warning
 * style at SK_RECOVERY_CODES_LOW or fewer. */
void        sk_account_row_set_codes_left (SkAccountRow *self,
                                         guint         remaining,
                                         guint         total);
/* The count shown, 0 when hidden (for tests). */
guint       sk_account_row_get_codes_left (SkAccountRow *self);
void        sk_account_row_set_hidden   (SkAccountRow *self,
                                         gboolean      hidden);
/* Shows the code even when codes are hidden (until the row is reused). */
void        sk_account_row_reveal       (SkAccountRow *self);
/* Opens the row's menu (Copy, Show QR, Details, Delete), as from the keyboard. */
void            sk_account_row_popup_menu  (SkAccountRow *self);
/* HOTP: shows a freshly generated code. */
void        sk_account_row_show_hotp    (SkAccountRow *self,
                                         const char   *code);
/* The code as shown (without grouping spaces), or NULL. */
const char *sk_account_row_get_code     (SkAccountRow *self);
/* Whether the row is too narrow for one line and shows its code under
 * the names. */
gboolean    sk_account_row_get_two_lines (SkAccountRow *self);

G_END_DECLS
