/* sk-app-test-util.h: helpers for the GUI tests (real widgets under Xvfb)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

#include "sk-application.h"
#include "sk-session.h"
#include "sk-window.h"

G_BEGIN_DECLS

/* The longest any condition is waited for (key derivation on a slow CI
 * machine, Xvfb start-up...). */
#define SK_APP_TEST_MAX_WAIT_MS 30000

/* g_test_init, sk_core_init, gtk/adw init, low KDF for created vaults,
 * and a registered SkApplication (returned, owned by the util). */
SkApplication *sk_app_test_init        (int          *argc,
                                        char       ***argv);

typedef gboolean (*SkAppTestCondition) (gpointer user_data);

/* Iterates the main context until @condition holds or @timeout_ms pass;
 * returns whether it held. */
gboolean       sk_app_test_wait        (SkAppTestCondition condition,
                                        gpointer           user_data,
                                        guint              timeout_ms);
/* Iterates for @ms (lets timeouts fire). */
void           sk_app_test_run_for     (guint              ms);

/* A new main window on the vault at @vault_path (SPAREKEY_VAULT),
 * presented and mapped. */
SkWindow      *sk_app_test_open_window (const char        *vault_path);
void           sk_app_test_close_window (SkWindow         *window);

/* A template child of @widget (declared by class @type). */
gpointer       sk_app_test_child       (gpointer           widget,
                                        GType              type,
                                        const char        *name);

/* Creates a vault with @n_accounts TOTP accounts "Issuer N" / "user N"
 * (and tag "tag-N%10") at @path, low KDF. */
void           sk_app_test_make_vault  (const char        *path,
                                        const char        *password,
                                        guint              n_accounts);

/* Moves the pointer of the X server to (@x, @y) in @window, as a
 * person would (the window under the pointer gets real motion events).
 * FALSE where the test is not built for X11 or does not run on it. */
gboolean       sk_app_test_move_pointer (GtkWindow        *window,
                                         int               x,
                                         int               y);

/* Presses and releases @keyval (with Shift/Control/Alt in @mods) as the
 * keyboard would, with the X input focus on @window as a window manager
 * gives it to the window just presented; waits for GTK to handle it.
 * FALSE where XTest is not available (the caller skips). */
gboolean       sk_app_test_press_key    (GtkWindow        *window,
                                         guint             keyval,
                                         GdkModifierType   mods);
/* Types @text (ASCII) with sk_app_test_press_key(). */
gboolean       sk_app_test_type_text    (GtkWindow        *window,
                                         const char       *text);

/* With SPAREKEY_TEST_SHOTS=DIR set, saves the screen to DIR/@name.png
 * (ImageMagick's import), to look at what a test saw; else nothing. */
void           sk_app_test_screenshot   (const char       *name);

/* The first visible toplevel window of @type, or NULL. */
gpointer       sk_app_test_find_toplevel (GType            type);

/* A label shown on screen inside @widget whose text contains @needle,
 * or NULL; live status lines (drawn invisibly) do not count. */
GtkLabel      *sk_app_test_find_label  (gpointer           widget,
                                        const char        *needle);
/* What the live status line inside @widget (sk_status_label_new()) says
 * to screen readers, or NULL without one. */
const char    *sk_app_test_status_text (gpointer           widget);

/* The session of the window @widget is in. */
SkSession     *sk_app_test_session     (gpointer           widget);
/* Iterates until the session has told its views of the last changes of
 * the vault (its ::changed runs from an idle). */
void           sk_app_test_flush       (void);
/* Waits until the session of @widget's window has written every change
 * (it saves a moment after a change). */
void           sk_app_test_wait_saved  (gpointer           widget);

/* Types @password into the unlock page and activates Unlock; waits
 * until the page changes or an error shows. */
gboolean       sk_app_test_unlock      (SkWindow          *window,
                                        const char        *password);

/* The text on @widget's clipboard (waits for it), or NULL. */
char          *sk_app_test_clipboard_text (GtkWidget        *widget);

/* Asserts that every label shown inside @widget breaks its lines only
 * where the text allows a line break (between words, after a CJK
 * character), never inside a word such as an address ("gmail.co-m"). */
void           sk_app_test_assert_no_midword_wraps (GtkWidget    *widget);
/* Asserts that every button shown inside @window lies wholly inside it. */
void           sk_app_test_assert_buttons_inside   (GtkWindow    *window);
/* @text as read on screen: without the zero-width spaces that let an
 * address wrap (sk_break_addresses()). Owned by the caller. */
char          *sk_app_test_shown_text   (const char       *text);
/* Mapped widgets of @type under @root, in tree (= visual) order, into
 * @out; the first one named @name (gtk_widget_set_name()) or NULL. */
void           sk_app_test_collect      (GtkWidget        *root,
                                         GType             type,
                                         GPtrArray        *out);
GtkWidget     *sk_app_test_find_named   (GtkWidget        *root,
                                         GType             type,
                                         const char       *name);

G_END_DECLS
