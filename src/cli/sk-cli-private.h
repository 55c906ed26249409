/* sk-cli-private.h: internals shared by the files of sparekey-cli
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sparekey.h>

G_BEGIN_DECLS

/* Exit codes: stable, documented in docs/cli.md. */
typedef enum {
  SK_CLI_EXIT_OK             = 0,
  SK_CLI_EXIT_FAILURE        = 1,
  SK_CLI_EXIT_USAGE          = 2,
  SK_CLI_EXIT_WRONG_PASSWORD = 3,
  SK_CLI_EXIT_NOT_FOUND      = 4,
  SK_CLI_EXIT_BAD_INPUT      = 5,
  SK_CLI_EXIT_DAMAGED        = 6,
  SK_CLI_EXIT_IO             = 7,
  SK_CLI_EXIT_CONFLICT       = 8,
  /* "audit due": an audit is due (not an error; for cron). */
  SK_CLI_EXIT_DUE            = 10,
} SkCliExit;

#define SK_CLI_ERROR (sk_cli_error_quark ())
GQuark sk_cli_error_quark (void);

/* Errors raised by the command line itself (the core has its own domains). */
typedef enum {
  SK_CLI_ERROR_FAILED,       /* anything else */
  SK_CLI_ERROR_USAGE,        /* wrong arguments */
  SK_CLI_ERROR_NOT_FOUND,    /* no such account or backup */
  SK_CLI_ERROR_AMBIGUOUS,    /* a query matches several accounts */
  SK_CLI_ERROR_BAD_INPUT,    /* a value that cannot be used */
  SK_CLI_ERROR_NO_TERMINAL,  /* we must ask something and cannot */
  SK_CLI_ERROR_CONFLICT,     /* duplicate account */
  SK_CLI_ERROR_CANCELLED,    /* the user answered "no" */
} SkCliError;

/* Global options and the state of one run. */
typedef struct {
  char     *vault_path;      /* --vault, else NULL */
  char     *password_file;   /* --password-file */
  int       password_fd;     /* --password-fd, -1 if unset */
  gboolean  json;            /* --json */
  gboolean  no_keyring;      /* --no-keyring */
  char     *recovery_key_file; /* --recovery-key-file */

  /* Set by sk_cli_open_store(). */
  SkStore  *store;
  SkSecret *password;        /* NULL when the keyring or a recovery key opened it */
  /* TRUE once something read standard input (for "-" conflicts). */
  gboolean  stdin_used;
  /* Exit status of a command that succeeded (0 unless it sets one). */
  int       status;
} SkCli;

/* One command of the dispatch table. The same English word can be a
 * placeholder and a column header ("NAME"), which translate differently:
 * placeholders carry a context. */
typedef struct {
  const char    *name;
  const char    *parameter_string;   /* NC_("usage", …) */
  const char    *summary;            /* N_() */
  const char    *description;        /* N_(), may be NULL */
  const GOptionEntry *entries;      /* NULL-terminated, may be NULL; each
                                     * arg_description NC_("metavar", …) */
  gboolean     (*run)               (SkCli   *cli,
                                     char   **args,
                                     GError **error);
} SkCliCommand;

/* sk-cli.c */
int          sk_cli_exit_code_for_error (const GError *error);
const char  *sk_cli_get_vault_path      (SkCli        *cli);
gboolean     sk_cli_open_store          (SkCli        *cli,
                                         GError      **error);
gboolean     sk_cli_save                (SkCli        *cli,
                                         GError      **error);
SkSecret    *sk_cli_read_input          (SkCli        *cli,
                                         const char   *path,
                                         GError      **error);
void         sk_cli_print_json          (JsonNode     *root);
void         sk_cli_print_builder       (JsonBuilder  *builder);
void         sk_cli_json_add_string     (JsonBuilder  *builder,
                                         const char   *member,
                                         const char   *value);
void         sk_cli_json_add_time       (JsonBuilder  *builder,
                                         const char   *member,
                                         gint64        usec);
char        *sk_cli_escape              (const char   *text,
                                         gboolean      keep_lines);
void         sk_cli_print_table         (GPtrArray    *rows);
gsize        sk_cli_display_width       (const char   *text);
char        *sk_cli_format_time         (gint64        usec,
                                         gboolean      utc_iso);
gboolean     sk_cli_parse_kdf           (const char   *memlimit,
                                         const char   *opslimit,
                                         SkKdfParams  *kdf,
                                         GError      **error);
gboolean     sk_cli_check_args          (char        **args,
                                         guint         min,
                                         guint         max,
                                         GError      **error);
gboolean     sk_cli_check_subcommand    (char        **args,
                                         const char   *command,
                                         GError      **error);
gboolean     sk_cli_unknown_subcommand  (const char   *command,
                                         const char   *sub,
                                         GError      **error);

/* sk-cli-password.c */
SkSecret    *sk_cli_read_secret_line    (int           fd,
                                         const char   *what,
                                         GError      **error);
SkSecret    *sk_cli_read_password_file  (SkCli        *cli,
                                         const char   *path,
                                         GError      **error);
SkSecret    *sk_cli_get_password        (SkCli        *cli,
                                         const char   *prompt,
                                         GError      **error);
SkSecret    *sk_cli_get_new_password    (SkCli        *cli,
                                         const char   *file,
                                         GError      **error);
gboolean     sk_cli_confirm             (const char   *question,
                                         gboolean      assume_yes,
                                         GError      **error);
extern const SkCliCommand sk_cli_command_init;
extern const SkCliCommand sk_cli_command_passwd;

/* sk-cli-keys.c */
SkSecret    *sk_cli_read_recovery_key   (SkCli        *cli,
                                         const char   *path,
                                         GError      **error);
/* The vault opened with this computer's login keyring, or NULL (never an
 * error: the password is asked then). */
SkStore     *sk_cli_open_with_keyring   (const char   *path);
extern const SkCliCommand sk_cli_command_keyring;
extern const SkCliCommand sk_cli_command_recovery_key;
extern const SkCliCommand sk_cli_command_slots;

/* sk-cli-accounts.c */
SkAccount   *sk_cli_find_one_account    (SkCli        *cli,
                                         const char   *query,
                                         GError      **error);
/* Opens the vault (asking for the password) and finds one account. */
SkAccount   *sk_cli_open_find_account   (SkCli        *cli,
                                         const char   *query,
                                         GError      **error);
extern const SkCliCommand sk_cli_command_add;
extern const SkCliCommand sk_cli_command_list;
extern const SkCliCommand sk_cli_command_code;
extern const SkCliCommand sk_cli_command_show;
extern const SkCliCommand sk_cli_command_edit;
extern const SkCliCommand sk_cli_command_rm;
extern const SkCliCommand sk_cli_command_qr;
extern const SkCliCommand sk_cli_command_icon;

/* sk-cli-backup.c */
extern const SkCliCommand sk_cli_command_backup;

/* sk-cli-inventory.c */
SkIdentity  *sk_cli_find_one_identity   (SkCli        *cli,
                                         const char   *query,
                                         GError      **error);
extern const SkCliCommand sk_cli_command_codes;
extern const SkCliCommand sk_cli_command_identity;
extern const SkCliCommand sk_cli_command_bind;
extern const SkCliCommand sk_cli_command_unbind;
extern const SkCliCommand sk_cli_command_inventory;
extern const SkCliCommand sk_cli_command_audit;

/* sk-cli-recover.c */
extern const SkCliCommand sk_cli_command_recover;
extern const SkCliCommand sk_cli_command_kit;

/* sk-cli-services.c */
extern const SkCliCommand sk_cli_command_services;

/* sk-cli-import.c */
extern const SkCliCommand sk_cli_command_import;
extern const SkCliCommand sk_cli_command_export;
extern char     *sk_cli_backup_source_password_file;
extern char     *sk_cli_backup_target_password_file;
extern gboolean  sk_cli_backup_vault_password;
extern char     *sk_cli_backup_kdf_memlimit;
extern char     *sk_cli_backup_kdf_opslimit;
gboolean     sk_cli_backup_export       (SkCli        *cli,
                                         const char   *path,
                                         GError      **error);
gboolean     sk_cli_backup_import       (SkCli        *cli,
                                         const char   *path,
                                         gboolean      yes,
                                         GError      **error);

G_END_DECLS
