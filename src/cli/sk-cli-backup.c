/* sk-cli-backup.c: sparekey-cli backup list, verify and restore
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-cli-private.h"

static gboolean backup_yes;

static const GOptionEntry backup_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &backup_yes,
    N_("restore, import: do not ask for confirmation (required without a terminal)"), NULL },
  /* export / import: sk-cli-import.c */
  { "target-password-file", 0, 0, G_OPTION_ARG_FILENAME, &sk_cli_backup_target_password_file,
    N_("export: the backup password from the first line of PWFILE (default: ask)"), NC_("metavar", "PWFILE") },
  { "vault-password", 0, 0, G_OPTION_ARG_NONE, &sk_cli_backup_vault_password,
    N_("export: use the vault password for the backup"), NULL },
  { "source-password-file", 0, 0, G_OPTION_ARG_FILENAME, &sk_cli_backup_source_password_file,
    N_("import: the backup password from the first line of PWFILE (default: ask); verify, restore: the backup's own password, for one made before a password change (default: the vault's)"), NC_("metavar", "PWFILE") },
  { "kdf-memlimit", 0, 0, G_OPTION_ARG_STRING, &sk_cli_backup_kdf_memlimit,
    N_("export: Argon2id memory in bytes (K, M, G suffixes)"), NC_("metavar", "BYTES") },
  { "kdf-opslimit", 0, 0, G_OPTION_ARG_STRING, &sk_cli_backup_kdf_opslimit,
    N_("export: Argon2id passes"), NC_("metavar", "N") },
  { NULL }
};

static GPtrArray *
list_backups (SkCli   *cli,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *backups = sk_store_list_backups (cli->store, &local_error);

  if (backups == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                _("cannot list the backups in “%s”: "),
                                sk_store_get_backup_dir (cli->store));
  return backups;
}

/*
 * A backup named on the command line: a path, or the file name of one of
 * the backups listed (so the names "backup list" prints can be pasted).
 * NULL @name means the newest.
 */
static char *
resolve_backup (SkCli       *cli,
                const char  *name,
                GError     **error)
{
  g_autoptr(GPtrArray) backups = NULL;

  if (name != NULL && g_file_test (name, G_FILE_TEST_IS_REGULAR))
    return g_strdup (name);

  backups = list_backups (cli, error);
  if (backups == NULL)
    return NULL;

  if (name == NULL)
    {
      if (backups->len == 0)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                       _("there are no backups of “%s” yet (one is made before each save)"),
                       sk_store_get_path (cli->store));
          return NULL;
        }
      return g_strdup (((SkBackupInfo *) g_ptr_array_index (backups, 0))->path);
    }

  for (guint i = 0; i < backups->len; i++)
    {
      SkBackupInfo *info = g_ptr_array_index (backups, i);
      g_autofree char *base = g_path_get_basename (info->path);

      if (g_str_equal (base, name))
        return g_strdup (info->path);
    }

  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
               _("no backup “%s” (see “sparekey-cli backup list”)"), name);
  return NULL;
}

static gboolean
backup_list (SkCli   *cli,
             GError **error)
{
  g_autoptr(GPtrArray) backups = list_backups (cli, error);

  if (backups == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < backups->len; i++)
        {
          SkBackupInfo *info = g_ptr_array_index (backups, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, info->path);
          sk_cli_json_add_time (builder, "time", info->time);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, info->size);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      sk_cli_print_builder (builder);
    }
  else if (backups->len == 0)
    g_printerr (_("There are no backups of %s yet (one is made before each save).\n"),
                sk_store_get_path (cli->store));
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char **header = g_new0 (char *, 4);

      header[0] = g_strdup (C_("column", "TIME"));
      header[1] = g_strdup (C_("column", "SIZE"));
      header[2] = g_strdup (C_("column", "PATH"));
      g_ptr_array_add (rows, header);
      for (guint i = 0; i < backups->len; i++)
        {
          SkBackupInfo *info = g_ptr_array_index (backups, i);
          char **row = g_new0 (char *, 4);

          row[0] = sk_cli_format_time (info->time, FALSE);
          if (row[0] == NULL)
            row[0] = g_strdup ("?");
          row[1] = g_strdup_printf ("%" G_GOFFSET_FORMAT, info->size);
          row[2] = g_strdup (info->path);
          g_ptr_array_add (rows, row);
        }
      sk_cli_print_table (rows);
    }
  return TRUE;
}

/* The password a backup opens with: its own from --source-password-file
 * (a backup made before a password change keeps the old one), else the
 * vault's. */
static SkSecret *
backup_password (SkCli   *cli,
                 GError **error)
{
  if (sk_cli_backup_source_password_file != NULL)
    return sk_cli_read_password_file (cli, sk_cli_backup_source_password_file, error);
  /* Opened with the keyring or a recovery key: the password is asked. */
  return sk_cli_get_password (cli, _("Password of the backup: "), error);
}

static gboolean
backup_verify (SkCli       *cli,
               const char  *name,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = resolve_backup (cli, name, error);
  g_autoptr(SkSecret) password = NULL;
  guint n_accounts = 0;
  guint n_differences = 0;

  if (path == NULL)
    return FALSE;
  password = backup_password (cli, error);
  if (password == NULL)
    return FALSE;

  if (!sk_store_verify_backup (cli->store, path, sk_secret_get_string (password),
                               &n_accounts, &n_differences, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("the backup “%s” failed verification: "), path);
      return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "ok");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "accounts");
      json_builder_add_int_value (builder, n_accounts);
      json_builder_set_member_name (builder, "differences");
      json_builder_add_int_value (builder, n_differences);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      g_print (_("Backup %s is intact and opens with this password.\n"), path);
      g_print (g_dngettext (GETTEXT_PACKAGE, "It holds %u account; ", "It holds %u accounts; ",
                            n_accounts), n_accounts);
      g_print (g_dngettext (GETTEXT_PACKAGE, "%u difference from the current vault.\n",
                            "%u differences from the current vault.\n", n_differences),
               n_differences);
    }
  return TRUE;
}

static gboolean
backup_restore (SkCli       *cli,
                const char  *name,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = resolve_backup (cli, name, error);
  g_autofree char *question = NULL;
  g_autoptr(SkSecret) password = NULL;

  if (path == NULL)
    return FALSE;
  password = backup_password (cli, error);
  if (password == NULL)
    return FALSE;

  question = g_strdup_printf (_("Replace the vault %s with the backup %s? The current vault is backed up first."),
                              sk_store_get_path (cli->store), path);
  if (!sk_cli_confirm (question, backup_yes, error))
    return FALSE;

  if (!sk_store_restore_backup (cli->store, path, sk_secret_get_string (password),
                                &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot restore the backup “%s”: "), path);
      return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "restored");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "vault");
      json_builder_add_string_value (builder, sk_store_get_path (cli->store));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Restored %s from %s\n"), sk_store_get_path (cli->store), path);
  return TRUE;
}

static gboolean
backup_now (SkCli   *cli,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  const char *newest;

  if (!sk_store_backup_now (cli->store, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), _("cannot back up the vault: "));
      return FALSE;
    }
  backups = sk_store_list_backups (cli->store, NULL);
  newest = backups != NULL && backups->len > 0 ? ((SkBackupInfo *) backups->pdata[0])->path : "";
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "backup");
      json_builder_add_string_value (builder, newest);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Backed up the vault to %s\n"), newest);
  return TRUE;
}

static gboolean
run_backup (SkCli   *cli,
            char   **args,
            GError **error)
{
  const char *action = args[0];

  if (action == NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("missing action: list, now, verify, restore, export or import (see --help)"));
      return FALSE;
    }

  if (g_str_equal (action, "list"))
    {
      if (!sk_cli_check_args (args + 1, 0, 0, error))
        return FALSE;
      if (!sk_cli_open_store (cli, error))
        return FALSE;
      return backup_list (cli, error);
    }
  if (g_str_equal (action, "verify"))
    {
      if (!sk_cli_check_args (args + 1, 0, 1, error))
        return FALSE;
      if (!sk_cli_open_store (cli, error))
        return FALSE;
      return backup_verify (cli, args[1], error);
    }
  if (g_str_equal (action, "now"))
    {
      if (!sk_cli_check_args (args + 1, 0, 0, error))
        return FALSE;
      if (!sk_cli_open_store (cli, error))
        return FALSE;
      return backup_now (cli, error);
    }
  if (g_str_equal (action, "restore"))
    {
      if (!sk_cli_check_args (args + 1, 1, 1, error))
        return FALSE;
      if (!sk_cli_open_store (cli, error))
        return FALSE;
      return backup_restore (cli, args[1], error);
    }

  if (g_str_equal (action, "export") || g_str_equal (action, "import"))
    {
      if (!sk_cli_check_args (args + 1, 1, 1, error))
        return FALSE;
      return g_str_equal (action, "export") ? sk_cli_backup_export (cli, args[1], error)
                                            : sk_cli_backup_import (cli, args[1], backup_yes, error);
    }

  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
               _("unknown backup action “%s”: use list, now, verify, restore, export or import"), action);
  return FALSE;
}

const SkCliCommand sk_cli_command_backup = {
  .name = "backup",
  .parameter_string = NC_("usage", "list | now | verify [BACKUP] | restore BACKUP | export FILE | import FILE"),
  .summary = N_("List, make, verify or restore the automatic backups of the vault"),
  .description = N_("A backup of the vault is kept before each save. “list” shows their time,\n"
                    "size and path, newest first. “now” makes one at once. “verify”\n"
                    "decrypts one (the newest by default) with the vault password, or its\n"
                    "own with --source-password-file, and compares it with the vault.\n"
                    "“restore” makes one the vault, after backing up the current vault.\n"
                    "BACKUP is a path or a file name shown by “list”. “export” writes the\n"
                    "whole vault to FILE encrypted with a backup password (or the vault's\n"
                    "with --vault-password); “import” merges such a file into the vault."),
  .entries = backup_entries,
  .run = run_backup,
};
