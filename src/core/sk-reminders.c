/* sk-reminders.c: the audit reminder file, readable without the password
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sparekey/sk-account.h"
#include "sparekey/sk-audit.h"
#include "sparekey/sk-recovery-plan.h"
#include "sparekey/sk-store.h"

/*
 * "<vault>.reminders" is outside the encryption, so it holds as little as
 * lets a background check answer "is an audit due?": the earliest due
 * date of all accounts, in UTC, and nothing else (no names, no count of
 * accounts, no per-account dates):
 *
 *   [Sparekey Reminders]
 *   Version=1
 *   NextDue=2026-04-01T16:00:00Z
 *
 * It is rewritten whenever the unlocked vault is saved by the CLI or the
 * app, and removed when no audit is scheduled.
 *
 * During a lost-phone recovery, NextEscalation is the earliest time an
 * unanswered appeal should go to the next channel (again only a date:
 * not which account, not which service):
 *
 *   NextEscalation=2026-04-04T09:30:00Z
 */

#define GROUP "Sparekey Reminders"
#define MAX_SIZE 4096

char *
sk_reminders_path (const char *vault_path)
{
  g_autofree char *resolved = NULL;

  g_return_val_if_fail (vault_path != NULL, NULL);

  /* Beside the file a symlinked vault path names, where saves put it. */
  resolved = sk_store_resolve_path (vault_path);
  return g_strconcat (resolved, ".reminders", NULL);
}

gboolean
sk_reminders_save (const char  *vault_path,
                   SkVault     *vault,
                   GError     **error)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) earliest = NULL;
  g_autoptr(GDateTime) escalation = NULL;
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GListModel *accounts;
  guint n;
  gsize len;

  g_return_val_if_fail (vault_path != NULL, FALSE);
  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);

  path = sk_reminders_path (vault_path);
  local = g_time_zone_new_local ();
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(GDateTime) due = sk_audit_get_due (vault, account, local);

      if (due != NULL && (earliest == NULL || g_date_time_compare (due, earliest) < 0))
        {
          g_clear_pointer (&earliest, g_date_time_unref);
          earliest = g_steal_pointer (&due);
        }
    }

  escalation = sk_recovery_next_escalation (vault);
  if (earliest == NULL && escalation == NULL)
    {
      if (g_unlink (path) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("cannot remove the reminder file “%s”: %s"), path,
                       g_strerror (saved));
          return FALSE;
        }
      return TRUE;
    }

  keyfile = g_key_file_new ();
  g_key_file_set_integer (keyfile, GROUP, "Version", 1);
  if (earliest != NULL)
    {
      utc = g_date_time_to_utc (earliest);
      when = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
      g_key_file_set_string (keyfile, GROUP, "NextDue", when);
    }
  if (escalation != NULL)
    {
      g_autoptr(GDateTime) escalation_utc = g_date_time_to_utc (escalation);
      g_autofree char *escalation_when = g_date_time_format (escalation_utc, "%Y-%m-%dT%H:%M:%SZ");

      g_key_file_set_string (keyfile, GROUP, "NextEscalation", escalation_when);
    }
  data = g_key_file_to_data (keyfile, &len, NULL);
  return g_file_set_contents_full (path, data, len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* The reminder file of @vault_path (its name in @path, for messages);
 * NULL without an error when there is none. */
static GKeyFile *
load_file (const char  *vault_path,
           char       **path,
           GError     **error)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) data = NULL;

  *path = sk_reminders_path (vault_path);
  /* Never more than MAX_SIZE is read, whatever the file is. */
  data = sk_secret_new_from_file (*path, MAX_SIZE, &local_error);
  if (data == NULL &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS,
                     _("cannot read the reminder file “%s”: %s"), *path,
                     local_error->message);
      return NULL;
    }
  if (data == NULL ||
      !g_key_file_load_from_data (keyfile, sk_secret_get_string (data), sk_secret_get_size (data),
                                  G_KEY_FILE_NONE, NULL))
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS,
                   _("the reminder file “%s” is damaged (open the vault once to rewrite it)"),
                   *path);
      return NULL;
    }
  return g_steal_pointer (&keyfile);
}

GDateTime *
sk_reminders_load_next (const char  *vault_path,
                        GError     **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *path = NULL;
  g_autofree char *when = NULL;
  GDateTime *next;
  int version;

  g_return_val_if_fail (vault_path != NULL, NULL);

  keyfile = load_file (vault_path, &path, error);
  if (keyfile == NULL)
    return NULL;

  version = g_key_file_get_integer (keyfile, GROUP, "Version", NULL);
  when = g_key_file_get_string (keyfile, GROUP, "NextDue", NULL);
  /* Only an escalation is scheduled: no audit is. */
  if (when == NULL && version >= 1 &&
      g_key_file_has_key (keyfile, GROUP, "NextEscalation", NULL))
    return NULL;
  next = when != NULL ? g_date_time_new_from_iso8601 (when, NULL) : NULL;
  /* A newer version may add keys; it keeps NextDue as it is. */
  if (version < 1 || next == NULL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS,
                   _("the reminder file “%s” has no valid NextDue date (open the vault once to rewrite it)"),
                   path);
      return NULL;
    }
  return next;
}

gboolean
sk_reminders_load_due (const char  *vault_path,
                       GDateTime   *now,
                       GError     **error)
{
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (vault_path != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  next = sk_reminders_load_next (vault_path, error);
  return next != NULL && g_date_time_compare (next, now) <= 0;
}

GDateTime *
sk_reminders_load_escalation (const char  *vault_path,
                              GError     **error)
{
  g_autoptr(GKeyFile) keyfile = NULL;
  g_autofree char *path = NULL;
  g_autofree char *when = NULL;
  GDateTime *next;

  g_return_val_if_fail (vault_path != NULL, NULL);

  keyfile = load_file (vault_path, &path, error);
  if (keyfile == NULL)
    return NULL;
  when = g_key_file_get_string (keyfile, GROUP, "NextEscalation", NULL);
  if (when == NULL)
    return NULL;
  next = g_date_time_new_from_iso8601 (when, NULL);
  if (next == NULL)
    g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS,
                 _("the reminder file “%s” has no valid NextEscalation date (open the vault once to rewrite it)"),
                 path);
  return next;
}
