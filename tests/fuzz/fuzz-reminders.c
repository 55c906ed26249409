/* fuzz-reminders.c: libFuzzer harness for the reminders file
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>
#include <sparekey/sparekey.h>

/* The file beside the vault is read without the password, at login, by
 * the app's background check: anyone who can write there controls it.
 * The input is that file; every reader goes over it. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *vault_path;
static char *reminders_path;

static void
remove_dir (void)
{
  g_autofree char *dir = g_path_get_dirname (vault_path);

  g_unlink (reminders_path);
  g_rmdir (dir);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) escalation = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) e1 = NULL;
  g_autoptr(GError) e2 = NULL;
  g_autoptr(GError) e3 = NULL;

  sk_core_init (NULL);
  if (vault_path == NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("sparekey-fuzz-XXXXXX", NULL);

      if (dir == NULL)
        abort ();
      vault_path = g_build_filename (dir, "vault.sparekey", NULL);
      reminders_path = sk_reminders_path (vault_path);
      atexit (remove_dir);
    }
  /* No fsync: thousands of runs a second, and nothing to keep. */
  if (!g_file_set_contents_full (reminders_path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, NULL))
    abort ();

  now = g_date_time_new_from_unix_utc (1767225600);
  next = sk_reminders_load_next (vault_path, &e1);
  sk_reminders_load_due (vault_path, now, &e2);
  escalation = sk_reminders_load_escalation (vault_path, &e3);
  if (next != NULL && e1 != NULL)
    __builtin_trap ();
  if (escalation != NULL && e3 != NULL)
    __builtin_trap ();
  return 0;
}
