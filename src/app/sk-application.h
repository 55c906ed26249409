/* sk-application.h: the Sparekey application object
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* GSettings keys (schema io.github.sparekey.Sparekey). */
#define SK_SETTING_AUTO_LOCK_DELAY     "auto-lock-delay"
#define SK_SETTING_LOCK_ON_SCREEN_LOCK "lock-on-screen-lock"
#define SK_SETTING_CLIPBOARD_DELAY     "clipboard-clear-delay"
#define SK_SETTING_HIDE_CODES          "hide-codes"
#define SK_SETTING_SORT_ORDER          "sort-order"
#define SK_SETTING_BACKUP_DIR          "backup-dir"
#define SK_SETTING_BACKUP_KEEP         "backup-keep"
#define SK_SETTING_WINDOW_WIDTH        "window-width"
#define SK_SETTING_WINDOW_HEIGHT       "window-height"
#define SK_SETTING_WINDOW_MAXIMIZED    "window-maximized"

#define SK_TYPE_APPLICATION (sk_application_get_type ())
G_DECLARE_FINAL_TYPE (SkApplication, sk_application, SK, APPLICATION, AdwApplication)

SkApplication *sk_application_new          (void);
GSettings     *sk_application_get_settings (SkApplication *self);
/* The application's settings, from anywhere in the app. */
GSettings     *sk_settings                 (void);

/* Auto-lock. Times are µs on the idle clock, which runs on while the
 * computer sleeps. Key presses, clicks, scrolling and pointer motion in
 * any window of the app count as activity. */
gint64         sk_application_get_last_activity (SkApplication *self);
/* Counts as activity now (e.g. right after unlocking). */
void           sk_application_note_activity     (SkApplication *self);
/* Locks every window when @now is the auto-lock delay or more after the
 * last activity (never with a delay of 0); returns whether a window got
 * locked. A timer calls it with the current time; tests may pass any
 * time. */
gboolean       sk_application_check_idle        (SkApplication *self,
                                                 gint64         now);

G_END_DECLS
