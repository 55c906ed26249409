/* sk-cli-password.c: sparekey-cli passwords (files, descriptors, terminal
 * prompts with echo off), confirmations, and the init and passwd commands
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "sk-cli-private.h"

/* Longest password line we read; longer input is refused, not cut. */
#define SK_CLI_PASSWORD_MAX 4096

/*
 * Reads one line from @fd straight into guarded memory, one byte at a time
 * so nothing after the line is consumed (and no copy of the password stays
 * in a stdio buffer). The trailing "\n" or "\r\n" is not part of it.
 */
SkSecret *
sk_cli_read_secret_line (int          fd,
                         const char  *what,
                         GError     **error)
{
  g_autoptr(SkSecret) line = sk_secret_new (SK_CLI_PASSWORD_MAX + 1);
  guint8 *data = sk_secret_get_mutable (line);
  gsize len = 0;

  for (;;)
    {
      ssize_t n = read (fd, data + len, 1);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("cannot read %s: %s"), what, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0 || data[len] == '\n')
        break;
      /* A NUL byte would cut the password wherever it is used as a string
       * ("K\0…" would open with "K"): refused, never cut. */
      if (data[len] == '\0')
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("%s contains a NUL byte; a password cannot hold one"), what);
          return NULL;
        }
      len++;
      if (len > SK_CLI_PASSWORD_MAX)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("%s is longer than %u bytes"), what, SK_CLI_PASSWORD_MAX);
          return NULL;
        }
    }
  if (len > 0 && data[len - 1] == '\r')
    len--;
  sk_secret_truncate (line, len);
  return g_steal_pointer (&line);
}

SkSecret *
sk_cli_read_password_file (SkCli       *cli,
                           const char  *path,
                           GError     **error)
{
  g_autofree char *what = NULL;
  SkSecret *secret;
  int fd;

  if (g_str_equal (path, "-"))
    {
      if (cli->stdin_used)
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                               _("standard input (“-”) can be read for only one thing"));
          return NULL;
        }
      cli->stdin_used = TRUE;
      return sk_cli_read_secret_line (STDIN_FILENO, _("the password from standard input"), error);
    }

  what = g_strdup_printf (_("the password file “%s”"), path);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot open %s: %s"), what, g_strerror (saved_errno));
      return NULL;
    }
  secret = sk_cli_read_secret_line (fd, what, error);
  close (fd);
  return secret;
}

/* The terminal settings to put back if a signal ends us mid-prompt. */
static int tty_fd = -1;
static struct termios tty_saved;

static void
restore_tty_on_signal (int sig)
{
  if (tty_fd >= 0)
    tcsetattr (tty_fd, TCSAFLUSH, &tty_saved);
  signal (sig, SIG_DFL);
  raise (sig);
}

static int
open_tty (GError **error)
{
  int fd = open ("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

  if (fd < 0)
    g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL,
                         _("no terminal to ask on"));
  return fd;
}

static void
tty_write (int         fd,
           const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      ssize_t n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      text += n;
      len -= n;
    }
}

/* Asks on the controlling terminal, with echo off when @secret. */
static SkSecret *
tty_ask (const char *prompt,
         gboolean    secret,
         GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  struct sigaction action = { 0 };
  struct sigaction old_actions[4];
  const int signals[4] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
  struct termios noecho;
  SkSecret *answer;
  int fd;

  fd = open_tty (&local_error);
  if (fd < 0)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  tty_write (fd, prompt);

  if (secret)
    {
      if (tcgetattr (fd, &tty_saved) != 0)
        {
          close (fd);
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL,
                               _("no terminal to ask on"));
          return NULL;
        }
      tty_fd = fd;
      action.sa_handler = restore_tty_on_signal;
      sigemptyset (&action.sa_mask);
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        sigaction (signals[i], &action, &old_actions[i]);

      noecho = tty_saved;
      noecho.c_lflag &= ~(tcflag_t) ECHO;
      noecho.c_lflag |= ECHONL;
      tcsetattr (fd, TCSAFLUSH, &noecho);
    }

  answer = sk_cli_read_secret_line (fd, _("the answer from the terminal"), error);

  if (secret)
    {
      tcsetattr (fd, TCSAFLUSH, &tty_saved);
      tty_fd = -1;
      for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
        sigaction (signals[i], &old_actions[i], NULL);
    }
  close (fd);
  return answer;
}

SkSecret *
sk_cli_get_password (SkCli       *cli,
                     const char  *prompt,
                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SkSecret *password;

  /* The password read once is reused (e.g. backup verify needs it again). */
  if (cli->password != NULL)
    return sk_secret_ref (cli->password);

  if (cli->password_file != NULL)
    return sk_cli_read_password_file (cli, cli->password_file, error);

  if (cli->password_fd >= 0)
    {
      g_autofree char *what = g_strdup_printf (_("the password from file descriptor %d"),
                                               cli->password_fd);
      return sk_cli_read_secret_line (cli->password_fd, what, error);
    }

  password = tty_ask (prompt, TRUE, &local_error);
  if (password == NULL)
    {
      if (g_error_matches (local_error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL))
        g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL,
                             _("a password is needed and there is no terminal to ask for it; use --password-file or --password-fd"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return password;
}

/* A new password: from @file if given, else asked twice on the terminal. */
SkSecret *
sk_cli_get_new_password (SkCli       *cli,
                         const char  *file,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) first = NULL;
  g_autoptr(SkSecret) second = NULL;

  if (file != NULL)
    first = sk_cli_read_password_file (cli, file, error);
  else
    {
      first = tty_ask (_("New password: "), TRUE, &local_error);
      if (first != NULL)
        second = tty_ask (_("Repeat the new password: "), TRUE, &local_error);
      if (local_error != NULL)
        {
          if (g_error_matches (local_error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL))
            g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL,
                                 _("a new password is needed and there is no terminal to ask for it; give it in a file"));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (!sk_secret_equal (first, second))
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                               _("the two passwords do not match"));
          return NULL;
        }
    }
  if (first == NULL)
    return NULL;

  if (sk_secret_get_size (first) == 0)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                           _("the password must not be empty"));
      return NULL;
    }
  return g_steal_pointer (&first);
}

/* Asks a yes/no question on the terminal; "no" is the default. */
gboolean
sk_cli_confirm (const char  *question,
                gboolean     assume_yes,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) answer = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *text = NULL;

  if (assume_yes)
    return TRUE;

  /* Translators: "y", "yes" and their translations (context "answer") are accepted */
  prompt = g_strdup_printf (_("%s [y/N] "), question);
  answer = tty_ask (prompt, FALSE, &local_error);
  if (answer == NULL)
    {
      if (g_error_matches (local_error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL))
        g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NO_TERMINAL,
                             _("confirmation is needed and there is no terminal to ask; pass --yes"));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  text = g_utf8_casefold (g_strstrip (g_strdup (sk_secret_get_string (answer))), -1);
  if (g_str_equal (text, "y") || g_str_equal (text, "yes") ||
      /* Translators: a short "yes" answer, lower case */
      g_str_equal (text, C_("answer", "y")) ||
      /* Translators: a long "yes" answer, lower case */
      g_str_equal (text, C_("answer", "yes")))
    return TRUE;

  g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_CANCELLED,
                       _("cancelled, nothing was changed"));
  return FALSE;
}

/* init */

static char *init_memlimit;
static char *init_opslimit;

static const GOptionEntry init_entries[] = {
  { "kdf-memlimit", 0, 0, G_OPTION_ARG_STRING, &init_memlimit,
    N_("Argon2id memory in bytes (K, M, G suffixes allowed; default 256M)"), NC_("metavar", "BYTES") },
  { "kdf-opslimit", 0, 0, G_OPTION_ARG_STRING, &init_opslimit,
    N_("Argon2id passes (default 3)"), NC_("metavar", "N") },
  { NULL }
};

static gboolean
run_init (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) password = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autofree char *dir = NULL;
  const char *path;
  gboolean made_dir;
  SkKdfParams kdf;

  if (!sk_cli_check_args (args, 0, 0, error))
    return FALSE;
  if (!sk_cli_parse_kdf (init_memlimit, init_opslimit, &kdf, error))
    return FALSE;

  path = sk_cli_get_vault_path (cli);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_EXISTS,
                   _("“%s” already exists; not overwriting it"), path);
      return FALSE;
    }

  if (cli->password_file != NULL)
    password = sk_cli_get_new_password (cli, cli->password_file, error);
  else if (cli->password_fd >= 0)
    {
      password = sk_cli_get_password (cli, NULL, error);
      if (password != NULL && sk_secret_get_size (password) == 0)
        {
          g_clear_pointer (&password, sk_secret_unref);
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                               _("the password must not be empty"));
        }
    }
  else
    password = sk_cli_get_new_password (cli, NULL, error);
  if (password == NULL)
    return FALSE;

  dir = g_path_get_dirname (path);
  made_dir = !g_file_test (dir, G_FILE_TEST_EXISTS);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot create the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  store = sk_store_create (path, sk_secret_get_string (password), &kdf, &local_error);
  if (store == NULL)
    {
      /* Leave no empty folder behind (only the last level, if we made it). */
      if (made_dir)
        g_rmdir (dir);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot create the vault “%s”: "), path);
      return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, path);
      json_builder_set_member_name (builder, "kdf_memlimit");
      json_builder_add_int_value (builder, (gint64) kdf.memlimit);
      json_builder_set_member_name (builder, "kdf_opslimit");
      json_builder_add_int_value (builder, (gint64) kdf.opslimit);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Created the vault %s\n"), path);
  return TRUE;
}

const SkCliCommand sk_cli_command_init = {
  .name = "init",
  .parameter_string = NULL,
  .summary = N_("Create a new, empty vault"),
  .description = N_("Asks for the new password twice on the terminal, or reads it from\n"
                    "--password-file / --password-fd. The vault is created at --vault,\n"
                    "$SPAREKEY_VAULT, or the default path; an existing file is never\n"
                    "overwritten."),
  .entries = init_entries,
  .run = run_init,
};

/* passwd */

static char *passwd_new_file;
static char *passwd_memlimit;
static char *passwd_opslimit;
static char *passwd_old_backups;

static const GOptionEntry passwd_entries[] = {
  { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &passwd_new_file,
    N_("Read the new password from the first line of FILE (“-” for standard input)"), NC_("metavar", "FILE") },
  { "kdf-memlimit", 0, 0, G_OPTION_ARG_STRING, &passwd_memlimit,
    N_("Argon2id memory in bytes for the new password (K, M, G suffixes allowed; default 256M)"), NC_("metavar", "BYTES") },
  { "kdf-opslimit", 0, 0, G_OPTION_ARG_STRING, &passwd_opslimit,
    N_("Argon2id passes for the new password (default 3)"), NC_("metavar", "N") },
  { "old-backups", 0, 0, G_OPTION_ARG_STRING, &passwd_old_backups,
    N_("What to do with the backups the old password still opens: reencrypt, delete or keep (default: ask, or keep without a terminal)"),
    NC_("metavar", "ACTION") },
  { NULL }
};

static const char * const old_backup_actions[] = {
  [SK_OLD_BACKUPS_KEEP] = "keep",
  [SK_OLD_BACKUPS_REENCRYPT] = "reencrypt",
  [SK_OLD_BACKUPS_DELETE] = "delete",
};

/* -1 for "ask". */
static gboolean
parse_old_backups (const char  *text,
                   int         *action,
                   GError     **error)
{
  *action = -1;
  if (text == NULL)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (old_backup_actions); i++)
    if (g_str_equal (text, old_backup_actions[i]))
      {
        *action = (int) i;
        return TRUE;
      }
  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
               _("unknown --old-backups action “%s”: use reencrypt, delete or keep"), text);
  return FALSE;
}

/*
 * After a password change the backups made before it still open with the
 * old password, which may be the one that leaked. Says how many there
 * are and re-encrypts or deletes them as asked. @action -1: ask on the
 * terminal (re-encrypting loses nothing); no terminal keeps them.
 */
static gboolean
handle_old_backups (SkCli       *cli,
                    int          action,
                    guint       *n_found,
                    guint       *n_done,
                    const char **done_action,
                    GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) old = NULL;
  const char *dir = sk_store_get_backup_dir (cli->store);

  *n_found = *n_done = 0;
  *done_action = old_backup_actions[SK_OLD_BACKUPS_KEEP];
  /* Opened with a recovery key or the keyring: the old password is not
   * known, so the backups it opens cannot be told apart. */
  if (cli->password == NULL)
    {
      g_printerr (_("Backups made before the change still open with the old password.\n"));
      return TRUE;
    }
  old = sk_store_find_old_backups (cli->store, sk_secret_get_string (cli->password), &local_error);
  if (old == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("the password was changed, but the old backups could not be checked: "));
      return FALSE;
    }
  *n_found = old->len;
  if (old->len == 0)
    return TRUE;

  g_printerr (g_dngettext (GETTEXT_PACKAGE,
                           "%u backup in %s still opens with the old password.\n",
                           "%u backups in %s still open with the old password.\n",
                           old->len),
              old->len, dir);
  if (action < 0)
    {
      if (sk_cli_confirm (_("Re-encrypt them with the new password? (No keeps them as they are.)"),
                          FALSE, &local_error))
        action = SK_OLD_BACKUPS_REENCRYPT;
      else
        action = SK_OLD_BACKUPS_KEEP;
      g_clear_error (&local_error);
    }

  if (action == SK_OLD_BACKUPS_KEEP)
    {
      g_printerr (_("They were kept: anyone with the old password and these files can read the "
                    "accounts as they were then. Change the password again with "
                    "--old-backups=reencrypt or --old-backups=delete to deal with them.\n"));
      return TRUE;
    }
  if (!sk_store_handle_old_backups (cli->store, old, sk_secret_get_string (cli->password),
                                    action, n_done, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("the password was changed, but only %u of the old backups were handled: "),
                                  *n_done);
      return FALSE;
    }
  *done_action = old_backup_actions[action];
  if (action == SK_OLD_BACKUPS_REENCRYPT)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Re-encrypted %u backup with the new password.\n",
                             "Re-encrypted %u backups with the new password.\n", *n_done),
                *n_done);
  else
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Deleted %u backup.\n", "Deleted %u backups.\n",
                             *n_done),
                *n_done);
  return TRUE;
}

static gboolean
run_passwd (SkCli   *cli,
            char   **args,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) password = NULL;
  const char *done_action;
  guint n_found, n_done;
  int action;
  SkKdfParams kdf;

  if (!sk_cli_check_args (args, 0, 0, error))
    return FALSE;
  if (!sk_cli_parse_kdf (passwd_memlimit, passwd_opslimit, &kdf, error) ||
      !parse_old_backups (passwd_old_backups, &action, error))
    return FALSE;
  if (!sk_cli_open_store (cli, error))
    return FALSE;

  password = sk_cli_get_new_password (cli, passwd_new_file, error);
  if (password == NULL)
    return FALSE;

  if (!sk_store_change_password (cli->store, sk_secret_get_string (password),
                                 &kdf, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot change the password of “%s”: "),
                                  sk_store_get_path (cli->store));
      return FALSE;
    }
  if (!cli->json)
    g_print (_("Changed the password of %s\n"), sk_store_get_path (cli->store));
  if (!handle_old_backups (cli, action, &n_found, &n_done, &done_action, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, sk_store_get_path (cli->store));
      json_builder_set_member_name (builder, "kdf_memlimit");
      json_builder_add_int_value (builder, (gint64) kdf.memlimit);
      json_builder_set_member_name (builder, "kdf_opslimit");
      json_builder_add_int_value (builder, (gint64) kdf.opslimit);
      json_builder_set_member_name (builder, "old_backups");
      json_builder_add_int_value (builder, n_found);
      json_builder_set_member_name (builder, "old_backups_action");
      json_builder_add_string_value (builder, done_action);
      json_builder_set_member_name (builder, "old_backups_handled");
      json_builder_add_int_value (builder, n_done);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  return TRUE;
}

const SkCliCommand sk_cli_command_passwd = {
  .name = "passwd",
  .parameter_string = NULL,
  .summary = N_("Change the vault password"),
  .description = N_("The current password comes from --password-file, --password-fd or the\n"
                    "terminal; the new one from --new-password-file, or is asked twice on\n"
                    "the terminal. The vault gets a new encryption key: copies made before\n"
                    "(backups, sync conflict copies) open only with the old password.\n"
                    "The backups it still opens are counted and, with --old-backups,\n"
                    "re-encrypted with the new password, deleted, or kept."),
  .entries = passwd_entries,
  .run = run_passwd,
};
