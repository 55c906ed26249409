/* sk-application.h: the Sparekey application object
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SK_TYPE_APPLICATION (sk_application_get_type ())
G_DECLARE_FINAL_TYPE (SkApplication, sk_application, SK, APPLICATION, AdwApplication)

SkApplication *sk_application_new          (void);
GSettings     *sk_application_get_settings (SkApplication *self);

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
