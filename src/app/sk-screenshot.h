/* sk-screenshot.h: taking a screenshot through the desktop portal
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Is org.freedesktop.portal.Screenshot there? (never an error) */
void      sk_screenshot_check_async   (GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean  sk_screenshot_check_finish  (GAsyncResult        *result);

/* An interactive screenshot (the user picks the area); the picture. */
void      sk_screenshot_take_async    (GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GFile    *sk_screenshot_take_finish   (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
