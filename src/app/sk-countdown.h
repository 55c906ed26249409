/* sk-countdown.h: a small ring that shows the seconds left of a code
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SK_TYPE_COUNTDOWN (sk_countdown_get_type ())
G_DECLARE_FINAL_TYPE (SkCountdown, sk_countdown, SK, COUNTDOWN, GtkWidget)

GtkWidget *sk_countdown_new     (void);
/* @seconds_left of @period; 0/0 shows nothing. */
void       sk_countdown_set     (SkCountdown *self,
                                 guint        seconds_left,
                                 guint        period);

G_END_DECLS
