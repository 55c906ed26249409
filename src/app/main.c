/* main.c: entry point of the Sparekey desktop app
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-application.h"
#include "sk-app-util.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SkApplication) app = NULL;
  g_autoptr(GError) error = NULL;

  sk_disable_core_dumps ();
  sk_app_init_i18n ();

  if (!sk_core_init (&error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  app = sk_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
