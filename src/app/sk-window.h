/* sk-window.h: the main window: create, unlock, and the codes list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>


G_BEGIN_DECLS

#define SK_TYPE_WINDOW (sk_window_get_type ())
G_DECLARE_FINAL_TYPE (SkWindow, sk_window, SK, WINDOW, AdwApplicationWindow)

typedef struct _SkSession SkSession;

SkWindow   *sk_window_new            (GtkApplication *application);
/* Wipes every secret: saves, drops the store, clears the list and the
 * code labels, closes dialogs showing account data. */
void        sk_window_lock           (SkWindow      *self);
gboolean    sk_window_get_locked     (SkWindow      *self);
/* The window's session: its unlocked vault (see sk-session.h). */
SkSession  *sk_window_get_session    (SkWindow      *self);
/* "create", "unlock", "accounts" or "inventory". */
const char *sk_window_get_page_name  (SkWindow      *self);
/* The page of that name (see sk_window_get_page_name()), made now if
 * the window has not needed it yet. */
GtkWidget  *sk_window_get_page       (SkWindow      *self,
                                      const char    *name);
/* The list of accounts due for their audit (after unlocking, if
 * locked). */
void        sk_window_show_audits    (SkWindow      *self);
/* The lost-phone wizard where it stands (after unlocking, if locked). */
void        sk_window_show_recovery  (SkWindow      *self);
/* Shows @toast (transfer full) over the page in view. */
void        sk_window_add_toast      (SkWindow      *self,
                                      AdwToast      *toast);

G_END_DECLS
