/* sk-settings.h: the app's GSettings, and the names of its keys
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

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

/* The app's settings (one object for the process, made on first use). */
GSettings *sk_settings (void);

G_END_DECLS
