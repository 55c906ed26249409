/* sk-settings.c: the app's GSettings
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-settings.h"

GSettings *
sk_settings (void)
{
  static GSettings *settings;

  /* Kept for the life of the process: windows, the session and the
   * preferences all bind to this one object. */
  if (settings == NULL)
    settings = g_settings_new (APP_ID);
  return settings;
}
