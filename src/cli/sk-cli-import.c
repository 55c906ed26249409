/* sk-cli-import.c: sparekey-cli import, export, backup export / import
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-cli-private.h"

/* Options of "backup export|import" (listed in sk-cli-backup.c). */
char     *sk_cli_backup_source_password_file;
char     *sk_cli_backup_target_password_file;
gboolean  sk_cli_backup_vault_password;
char     *sk_cli_backup_kdf_memlimit;
char     *sk_cli_backup_kdf_opslimit;

/* A password for a file other than the vault: from FILE, else asked on
 * the terminal (never the vault's --password-file). */
static SkSecret *
other_password (SkCli       *cli,
                const char  *file,
                const char  *prompt,
                gboolean     new_password,
                GError     **error)
{
  SkCli asker = { .password_fd = -1, .stdin_used = cli->stdin_used };
  SkSecret *secret;

  if (new_password)
    secret = sk_cli_get_new_password (file != NULL ? cli : &asker, file, error);
  else if (file != NULL)
    secret = sk_cli_read_password_file (cli, file, error);
  else
    secret = sk_cli_get_password (&asker, prompt, error);
  cli->stdin_used |= asker.stdin_used;
  return secret;
}

/* import -------------------------------------------------------------------- */

static char *import_format;
static char *import_source_password_file;
static gboolean import_dry_run;
static gboolean import_duplicates;
static gboolean import_yes;

static const GOptionEntry import_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &import_format,
    N_("Read FILE as format F (default: detect): aegis, 2fas, andotp, freeotp-plus, stratum, bitwarden, proton, ente, otpauth, migration, qr, sparekey"),
    NC_("metavar", "F") },
  { "source-password-file", 0, 0, G_OPTION_ARG_FILENAME, &import_source_password_file,
    N_("Read the password of an encrypted FILE from the first line of PWFILE (default: ask)"),
    NC_("metavar", "PWFILE") },
  { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &import_dry_run,
    N_("Only show what would be imported"), NULL },
  { "include-duplicates", 0, 0, G_OPTION_ARG_NONE, &import_duplicates,
    N_("Also add accounts whose secret is already in the vault"), NULL },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &import_yes,
    N_("Do not ask for confirmation (required without a terminal)"), NULL },
  { NULL }
};

static const char *
status_string (SkImportEntryStatus status)
{
  return status == SK_IMPORT_ENTRY_NEW ? "new" : "duplicate";
}

static void
print_added (guint added,
             guint icons_added)
{
  g_print (g_dngettext (GETTEXT_PACKAGE, "Added %u account.\n", "Added %u accounts.\n", added), added);
  if (icons_added > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "Added the icon of %u account already in the vault.\n",
                          "Added the icons of %u accounts already in the vault.\n", icons_added),
             icons_added);
}

static void
print_result (SkCli          *cli,
              SkImportResult *result,
              guint           added,
              guint           icons_added,
              gboolean        dry_run)
{
  guint n_new = 0, n_dup = 0;

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);

      if (entry->status == SK_IMPORT_ENTRY_NEW)
        n_new++;
      else
        n_dup++;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, sk_import_format_to_string (result->format));
      json_builder_set_member_name (b, "encrypted");
      json_builder_add_boolean_value (b, result->encrypted);
      json_builder_set_member_name (b, "dry_run");
      json_builder_add_boolean_value (b, dry_run);
      json_builder_set_member_name (b, "new");
      json_builder_add_int_value (b, n_new);
      json_builder_set_member_name (b, "duplicates");
      json_builder_add_int_value (b, n_dup);
      json_builder_set_member_name (b, "added");
      json_builder_add_int_value (b, added);
      json_builder_set_member_name (b, "icons_added");
      json_builder_add_int_value (b, icons_added);
      json_builder_set_member_name (b, "entries");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->entries->len; i++)
        {
          SkImportEntry *entry = g_ptr_array_index (result->entries, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "issuer");
          json_builder_add_string_value (b, sk_account_get_issuer (entry->account));
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, sk_account_get_name (entry->account));
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, sk_otp_type_to_string (sk_account_get_otp_type (entry->account)));
          json_builder_set_member_name (b, "status");
          json_builder_add_string_value (b, status_string (entry->status));
          json_builder_set_member_name (b, "duplicate_of");
          if (entry->duplicate_of != NULL)
            json_builder_add_string_value (b, entry->duplicate_of);
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "icon_mime");
          if (sk_account_get_icon (entry->account) != NULL)
            json_builder_add_string_value (b, sk_account_get_icon_mime_type (entry->account));
          else
            json_builder_add_null_value (b);
          json_builder_set_member_name (b, "adds_icon");
          json_builder_add_boolean_value (b, entry->adds_icon);
          json_builder_set_member_name (b, "warning");
          if (entry->warning != NULL)
            json_builder_add_string_value (b, entry->warning);
          else
            json_builder_add_null_value (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "invalid");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->invalid->len; i++)
        {
          SkImportInvalid *invalid = g_ptr_array_index (result->invalid, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "where");
          json_builder_add_string_value (b, invalid->label);
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, invalid->reason);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "warnings");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->warnings->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (result->warnings, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sk_cli_print_builder (b);
      return;
    }

  g_print (_("Format: %s%s\n"), sk_import_format_get_label (result->format),
           result->encrypted ? _(" (encrypted)") : "");
  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      g_autofree char *name = sk_cli_escape (sk_account_get_display_name (entry->account), FALSE);

      g_print ("  %-10s %s\n",
               entry->status == SK_IMPORT_ENTRY_NEW ? _("new") : _("duplicate"), name);
      if (entry->adds_icon)
        g_print ("  %-10s %s\n", "", _("its icon goes to the account already in the vault"));
      if (entry->warning != NULL)
        g_print ("  %-10s %s\n", "", entry->warning);
    }
  for (guint i = 0; i < result->invalid->len; i++)
    {
      SkImportInvalid *invalid = g_ptr_array_index (result->invalid, i);
      g_autofree char *label = sk_cli_escape (invalid->label, FALSE);

      g_print ("  %-10s %s: %s\n", _("invalid"), label, invalid->reason);
    }
  for (guint i = 0; i < result->warnings->len; i++)
    g_printerr (_("sparekey-cli: warning: %s\n"), (const char *) g_ptr_array_index (result->warnings, i));
  g_print (_("%u new, %u duplicate, %u invalid.\n"), n_new, n_dup, result->invalid->len);
  if (dry_run)
    g_print (_("Dry run: nothing was added.\n"));
  else
    print_added (added, icons_added);
}

/* Reads the files, asking for the source password when one is needed. */
static SkImportResult *
read_source (SkCli           *cli,
             char           **files,
             SkImportFormat   format,
             const char      *password_file,
             GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) password = NULL;
  SkImportResult *result;

  if (password_file != NULL)
    {
      password = other_password (cli, password_file, NULL, FALSE, error);
      if (password == NULL)
        return NULL;
    }
  result = sk_import_files ((const char * const *) files,
                            password != NULL ? sk_secret_get_string (password) : NULL,
                            format, &local_error);
  if (result == NULL && password == NULL &&
      g_error_matches (local_error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD))
    {
      g_autofree char *prompt = g_strdup_printf (_("Password of %s: "), files[0]);

      g_clear_error (&local_error);
      password = other_password (cli, NULL, prompt, FALSE, error);
      if (password == NULL)
        return NULL;
      result = sk_import_files ((const char * const *) files, sk_secret_get_string (password),
                                format, &local_error);
    }
  if (result == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

static gboolean
parse_import_format (const char      *text,
                     SkImportFormat  *format,
                     GError         **error)
{
  *format = SK_IMPORT_FORMAT_AUTO;
  if (text != NULL && !sk_import_format_from_string (text, format))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("unknown import format “%s” (see --help)"), text);
      return FALSE;
    }
  return TRUE;
}

/* Accounts of the vault that now show the icon of a duplicate entry. */
static guint
count_icons_added (SkImportResult *result,
                   SkVault        *vault)
{
  guint n = 0;

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      SkAccount *target;

      if (!entry->adds_icon || entry->duplicate_of == NULL)
        continue;
      target = sk_vault_lookup_account (vault, entry->duplicate_of);
      if (target != NULL && target != entry->account &&
          sk_account_get_icon (target) == sk_account_get_icon (entry->account))
        n++;
    }
  return n;
}

static gboolean
run_import (SkCli   *cli,
            char   **args,
            GError **error)
{
  g_autoptr(SkImportResult) result = NULL;
  SkImportFormat format;
  guint added = 0, n_new = 0, n_icons = 0, icons_added = 0;

  if (!sk_cli_check_args (args, 1, G_MAXUINT, error) ||
      !parse_import_format (import_format, &format, error))
    return FALSE;
  if (!sk_cli_open_store (cli, error))
    return FALSE;

  result = read_source (cli, args, format, import_source_password_file, error);
  if (result == NULL)
    return FALSE;
  sk_import_classify (result, sk_store_get_vault (cli->store));
  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);

      if (entry->status == SK_IMPORT_ENTRY_NEW || import_duplicates)
        n_new++;
      /* A duplicate added as an account of its own keeps its icon there. */
      else if (entry->adds_icon)
        n_icons++;
    }

  if (!import_dry_run && (n_new > 0 || n_icons > 0))
    {
      g_autofree char *question = NULL;

      if (!import_yes && !cli->json)
        print_result (cli, result, 0, 0, TRUE);
      if (n_new > 0)
        question = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Add %u account to the vault?",
                                                 "Add %u accounts to the vault?", n_new), n_new);
      else
        question = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Add the icon of %u account already in the vault?",
                                                 "Add the icons of %u accounts already in the vault?",
                                                 n_icons), n_icons);
      if (!sk_cli_confirm (question, import_yes, error))
        return FALSE;
      added = sk_import_apply (result, sk_store_get_vault (cli->store), import_duplicates);
      icons_added = count_icons_added (result, sk_store_get_vault (cli->store));
      if (!sk_cli_save (cli, error))
        return FALSE;
    }
  if (import_yes || import_dry_run || cli->json || (n_new == 0 && n_icons == 0))
    print_result (cli, result, added, icons_added, import_dry_run);
  else
    print_added (added, icons_added);
  return TRUE;
}

const SkCliCommand sk_cli_command_import = {
  .name = "import",
  .parameter_string = NC_("usage", "FILE…"),
  .summary = N_("Import accounts from another authenticator's export"),
  .description = N_("Reads Aegis, 2FAS, andOTP, FreeOTP+, Stratum / Authenticator Pro,\n"
                    "Bitwarden, Proton Authenticator and Ente Auth exports, Google\n"
                    "Authenticator otpauth-migration:// links (as text or QR pictures; give\n"
                    "every picture of a split export at once), otpauth:// lists and Sparekey\n"
                    "backups. Shows new, duplicate (same secret and type) and invalid\n"
                    "entries, then asks before adding the new ones."),
  .entries = import_entries,
  .run = run_import,
};

/* export -------------------------------------------------------------------- */

static char *export_format;
static char *export_target_password_file;
static gboolean export_yes_plaintext;
static gboolean export_vault_password;
static char *export_kdf_memlimit;
static char *export_kdf_opslimit;

static const GOptionEntry export_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &export_format,
    N_("Write format F: sparekey, aegis, 2fas-encrypted (encrypted); aegis-plain, 2fas, otpauth, migration-qr"),
    NC_("metavar", "F") },
  { "target-password-file", 0, 0, G_OPTION_ARG_FILENAME, &export_target_password_file,
    N_("Encrypt with the password on the first line of PWFILE (default: ask)"), NC_("metavar", "PWFILE") },
  { "vault-password", 0, 0, G_OPTION_ARG_NONE, &export_vault_password,
    N_("sparekey, aegis, 2fas-encrypted: encrypt with the vault password"), NULL },
  { "yes-plaintext", 0, 0, G_OPTION_ARG_NONE, &export_yes_plaintext,
    N_("Write an unencrypted format without asking (the file holds every secret in clear)"), NULL },
  { "kdf-memlimit", 0, 0, G_OPTION_ARG_STRING, &export_kdf_memlimit,
    N_("sparekey: Argon2id memory in bytes (K, M, G suffixes)"), NC_("metavar", "BYTES") },
  { "kdf-opslimit", 0, 0, G_OPTION_ARG_STRING, &export_kdf_opslimit,
    N_("sparekey: Argon2id passes"), NC_("metavar", "N") },
  { NULL }
};

static gboolean
do_export (SkCli          *cli,
           SkExportFormat  format,
           const char     *path,
           const char     *password_file,
           gboolean        use_vault_password,
           gboolean        yes_plaintext,
           const char     *memlimit,
           const char     *opslimit,
           GError        **error)
{
  g_autoptr(SkSecret) password = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autoptr(GPtrArray) left_out = NULL;
  gboolean plaintext = sk_export_format_is_plaintext (format);
  SkKdfParams kdf;
  SkVault *vault;

  if (format == SK_EXPORT_FORMAT_SPAREKEY &&
      !sk_cli_parse_kdf (memlimit, opslimit, &kdf, error))
    return FALSE;
  if (!sk_cli_open_store (cli, error))
    return FALSE;
  vault = sk_store_get_vault (cli->store);

  if (plaintext)
    {
      g_autofree char *question = g_strdup_printf (_("%s Write %s anyway?"),
                                                   sk_export_plaintext_warning (), path);

      if (!yes_plaintext && !sk_cli_confirm (question, FALSE, error))
        return FALSE;
    }
  else if (use_vault_password)
    {
      /* Opened with the keyring or a recovery key: the password is asked. */
      password = sk_cli_get_password (cli, _("Vault password: "), error);
      if (password == NULL)
        return FALSE;
    }
  else
    {
      password = other_password (cli, password_file, NULL, TRUE, error);
      if (password == NULL)
        return FALSE;
    }

  left_out = sk_export_list_unsupported (vault, format);
  if (!sk_export_file (vault, format, path,
                       password != NULL ? sk_secret_get_string (password) : NULL,
                       format == SK_EXPORT_FORMAT_SPAREKEY ? &kdf : NULL,
                       TRUE, &written, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "format");
      json_builder_add_string_value (b, sk_export_format_to_string (format));
      json_builder_set_member_name (b, "encrypted");
      json_builder_add_boolean_value (b, !plaintext);
      json_builder_set_member_name (b, "accounts");
      json_builder_add_int_value (b, sk_vault_get_n_accounts (vault) - left_out->len);
      json_builder_set_member_name (b, "files");
      json_builder_begin_array (b);
      for (guint i = 0; i < written->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (written, i));
      json_builder_end_array (b);
      json_builder_set_member_name (b, "left_out_without_codes");
      json_builder_add_int_value (b, sk_export_count_without_codes (vault, format));
      json_builder_set_member_name (b, "left_out");
      json_builder_begin_array (b);
      for (guint i = 0; i < left_out->len; i++)
        json_builder_add_string_value (b, g_ptr_array_index (left_out, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
      sk_cli_print_builder (b);
    }
  else
    {
      guint n_no_code = sk_export_count_without_codes (vault, format);

      for (guint i = 0; i < left_out->len; i++)
        g_printerr (_("sparekey-cli: warning: left out: %s\n"),
                    (const char *) g_ptr_array_index (left_out, i));
      if (n_no_code > 0)
        g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                 "sparekey-cli: warning: %u account without authenticator codes was left out; only Sparekey’s own backup keeps it\n",
                                 "sparekey-cli: warning: %u accounts without authenticator codes were left out; only Sparekey’s own backup keeps them\n",
                                 n_no_code),
                    n_no_code);
      for (guint i = 0; i < written->len; i++)
        g_print (_("Wrote %s\n"), (const char *) g_ptr_array_index (written, i));
    }
  return TRUE;
}

static gboolean
run_export (SkCli   *cli,
            char   **args,
            GError **error)
{
  SkExportFormat format;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  if (export_format == NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--format is required (see --help)"));
      return FALSE;
    }
  if (!sk_export_format_from_string (export_format, &format))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("unknown export format “%s” (see --help)"), export_format);
      return FALSE;
    }
  return do_export (cli, format, args[0], export_target_password_file, export_vault_password,
                    export_yes_plaintext, export_kdf_memlimit, export_kdf_opslimit, error);
}

const SkCliCommand sk_cli_command_export = {
  .name = "export",
  .parameter_string = NC_("usage", "--format F FILE"),
  .summary = N_("Export the accounts for another authenticator or as a backup"),
  .description = N_("sparekey, aegis and 2fas-encrypted are encrypted (the password is asked\n"
                    "twice unless given with --target-password-file or --vault-password);\n"
                    "2fas-encrypted is the encrypted backup 2FAS Auth itself writes.\n"
                    "aegis-plain, 2fas, otpauth and migration-qr hold the secrets in clear\n"
                    "and are written only after a confirmation (or --yes-plaintext).\n"
                    "migration-qr writes one PNG per Google Authenticator batch: FILE, or\n"
                    "FILE-1.png, FILE-2.png... Files are created with mode 0600."),
  .entries = export_entries,
  .run = run_export,
};

/* backup export / import --------------------------------------------------- */

gboolean
sk_cli_backup_export (SkCli       *cli,
                      const char  *path,
                      GError     **error)
{
  return do_export (cli, SK_EXPORT_FORMAT_SPAREKEY, path, sk_cli_backup_target_password_file,
                    sk_cli_backup_vault_password, FALSE, sk_cli_backup_kdf_memlimit,
                    sk_cli_backup_kdf_opslimit, error);
}

gboolean
sk_cli_backup_import (SkCli       *cli,
                      const char  *path,
                      gboolean     yes,
                      GError     **error)
{
  char *files[] = { (char *) path, NULL };
  g_autoptr(SkImportResult) result = NULL;
  g_autofree char *question = NULL;
  SkVault *vault;
  gboolean changed;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  result = read_source (cli, files, SK_IMPORT_FORMAT_SPAREKEY,
                        sk_cli_backup_source_password_file, error);
  if (result == NULL)
    return FALSE;
  vault = sk_store_get_vault (cli->store);

  /* The whole backup (accounts and every section) is merged record by
   * record: the newer version of each wins, nothing is lost. */
  question = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Merge the backup %s (%u account) into the vault?",
                                           "Merge the backup %s (%u accounts) into the vault?",
                                           result->entries->len),
                              path, result->entries->len);
  if (!sk_cli_confirm (question, yes, error))
    return FALSE;
  changed = sk_vault_merge (vault, result->vault);
  if (changed && !sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "backup");
      json_builder_add_string_value (b, path);
      json_builder_set_member_name (b, "accounts");
      json_builder_add_int_value (b, result->entries->len);
      json_builder_set_member_name (b, "changed");
      json_builder_add_boolean_value (b, changed);
      json_builder_set_member_name (b, "vault_accounts");
      json_builder_add_int_value (b, sk_vault_get_n_accounts (vault));
      json_builder_end_object (b);
      sk_cli_print_builder (b);
    }
  else if (changed)
    g_print (_("Merged %s into %s; the vault has %u accounts.\n"), path,
             sk_store_get_path (cli->store), sk_vault_get_n_accounts (vault));
  else
    g_print (_("The vault already holds everything in %s.\n"), path);
  return TRUE;
}
