/* sk-preferences-window.h: the preferences
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

#define SK_TYPE_PREFERENCES_WINDOW (sk_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (SkPreferencesWindow, sk_preferences_window, SK, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* Preferences over @parent; the ways in are those of @session's vault
 * (none shown without a session). */
SkPreferencesWindow *sk_preferences_window_new (GtkWindow *parent,
                                                SkSession *session);

G_END_DECLS
