/* sk-session.h: the unlocked vault of a window, and what is done with it
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

#define SK_TYPE_SESSION (sk_session_get_type ())
G_DECLARE_FINAL_TYPE (SkSession, sk_session, SK, SESSION, GObject)

/*
 * One session per window. It is not a widget: pages and dialogs take it
 * (a construct-only "session" property) and never reach into each other.
 *
 * It owns the unlocked store and everything done with it: saving after
 * every change the vault announces (no caller asks for a save or reports
 * a change), taking in what another writer (the CLI, a sync tool) saved
 * to the same file, the clipboard and its clearing, adding and importing
 * accounts, deleting with undo. What the user should hear of goes out as
 * ::message, which the window shows as a toast over whatever is in view.
 *
 * Properties: "store" (SkStore, NULL while locked), "locked".
 * Signals:
 *   ::message (AdwToast *toast)  something to tell the user (a handler
 *                                that keeps the toast takes a reference)
 *   ::changed ()                 the vault changed (coalesced, after the
 *                                core's own models are up to date): views
 *                                that are not bound to a model refresh
 *   ::saved ()                   the vault was written to disk
 */
SkSession  *sk_session_new                 (void);

SkStore    *sk_session_get_store           (SkSession   *self);
/* The store's vault, NULL while locked. */
SkVault    *sk_session_get_vault           (SkSession   *self);
gboolean    sk_session_get_locked          (SkSession   *self);

/* Takes the opened @store into the session. */
void        sk_session_unlock              (SkSession   *self,
                                            SkStore     *store);
/* Commits pending deletions, saves what is unsaved, clears our code from
 * the clipboard and drops the store (and with it every secret). */
void        sk_session_lock                (SkSession   *self);

/* Saves at once (HOTP counters must be on disk before a code is shown);
 * on failure tells the user and returns FALSE. Other changes are saved by
 * the session on its own, right after they happen. */
gboolean    sk_session_save                (SkSession   *self);
/* A save is scheduled or running (off the main thread). */
gboolean    sk_session_get_saving          (SkSession   *self);
/* Re-reads the file when another process changed it. */
void        sk_session_reload              (SkSession   *self);

/* Emits ::message with @toast (transfer full). */
void        sk_session_message             (SkSession   *self,
                                            AdwToast    *toast);
/* A toast that stays a while, for errors. */
void        sk_session_error               (SkSession   *self,
                                            const char  *message);

/* Copies @code; clears it after the delay of the preferences if the
 * clipboard still holds it. @account_name (nullable) names it in the
 * toast. */
void        sk_session_copy_text           (SkSession   *self,
                                            const char  *code,
                                            const char  *account_name);
/* The same, with the toast in @overlay (nullable: the window's): a
 * modal dialog's own, where the user looks. */
void        sk_session_copy_text_in        (SkSession       *self,
                                            const char      *code,
                                            const char      *account_name,
                                            AdwToastOverlay *overlay);

/* Copies the account's current code. A HOTP account gets its next code
 * only with @advance_hotp (its counter is saved before the code is
 * copied). @code_out (nullable, SK_OTP_CODE_MAX bytes) receives the code;
 * wipe it after use. FALSE, with a message to the user, on failure. */
gboolean    sk_session_copy_code           (SkSession   *self,
                                            SkAccount   *account,
                                            gboolean     advance_hotp,
                                            char        *code_out);
/* The same, with the toast in @overlay (nullable: the window's). */
gboolean    sk_session_copy_code_in        (SkSession       *self,
                                            SkAccount       *account,
                                            gboolean         advance_hotp,
                                            char            *code_out,
                                            AdwToastOverlay *overlay);

/* Adds accounts (skipping those already in the vault) and tells. */
guint       sk_session_add_accounts        (SkSession   *self,
                                            GPtrArray   *accounts);
void        sk_session_import_file         (SkSession   *self,
                                            GFile       *file);
void        sk_session_import_texture      (SkSession   *self,
                                            GdkTexture  *texture);
void        sk_session_import_text         (SkSession   *self,
                                            const char  *text);

/* Hides the account at once (::pending-deletes-changed) and deletes it
 * when the undo toast goes, or at lock. */
void        sk_session_delete_account      (SkSession   *self,
                                            SkAccount   *account);
gboolean    sk_session_is_pending_delete   (SkSession   *self,
                                            SkAccount   *account);
guint       sk_session_get_n_pending_deletes (SkSession *self);

G_END_DECLS
