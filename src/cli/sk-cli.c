/* sk-cli.c: sparekey-cli, main, global options, dispatch and exit codes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "sk-cli-private.h"

G_DEFINE_QUARK (sk-cli-error-quark, sk_cli_error)

static const SkCliCommand *commands[] = {
  &sk_cli_command_init,
  &sk_cli_command_add,
  &sk_cli_command_list,
  &sk_cli_command_code,
  &sk_cli_command_show,
  &sk_cli_command_edit,
  &sk_cli_command_rm,
  &sk_cli_command_qr,
  &sk_cli_command_icon,
  &sk_cli_command_passwd,
  &sk_cli_command_backup,
  &sk_cli_command_import,
  &sk_cli_command_export,
  &sk_cli_command_codes,
  &sk_cli_command_identity,
  &sk_cli_command_bind,
  &sk_cli_command_unbind,
  &sk_cli_command_inventory,
  &sk_cli_command_audit,
  &sk_cli_command_recover,
  &sk_cli_command_kit,
  &sk_cli_command_services,
  &sk_cli_command_keyring,
  &sk_cli_command_recovery_key,
  &sk_cli_command_slots,
};

/* Global options: parsed together with the options of the command, so
 * they may come before or after it. */
static char *opt_vault;
static char *opt_password_file;
static int opt_password_fd = G_MININT;
static gboolean opt_json;
static gboolean opt_no_keyring;
static char *opt_recovery_key_file;
static gboolean opt_version;

static const GOptionEntry global_entries[] = {
  { "vault", 0, 0, G_OPTION_ARG_FILENAME, &opt_vault,
    N_("Use the vault file PATH (default: $SPAREKEY_VAULT, else $XDG_DATA_HOME/sparekey/vault.sparekey)"),
    NC_("metavar", "PATH") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_password_file,
    N_("Read the password from the first line of FILE (“-” for standard input)"),
    NC_("metavar", "FILE") },
  { "password-fd", 0, 0, G_OPTION_ARG_INT, &opt_password_fd,
    N_("Read the password from the first line of file descriptor N"),
    NC_("metavar", "N") },
  { "recovery-key-file", 0, 0, G_OPTION_ARG_FILENAME, &opt_recovery_key_file,
    N_("Open the vault with the recovery key in FILE (“-” for standard input) instead of the password"),
    NC_("metavar", "FILE") },
  { "no-keyring", 0, 0, G_OPTION_ARG_NONE, &opt_no_keyring,
    N_("Do not unlock with the login keyring; ask for the password"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print machine-readable JSON"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, &opt_version,
    N_("Print the version and exit"), NULL },
  { NULL }
};

/* Global options that take a value as the next argument. */
static gboolean
global_option_takes_value (const char *arg)
{
  return g_str_equal (arg, "--vault") ||
         g_str_equal (arg, "--password-file") ||
         g_str_equal (arg, "--password-fd") ||
         g_str_equal (arg, "--recovery-key-file");
}

/*
 * The one place where errors become exit codes. Every error that reaches
 * main() goes through here, whatever layer raised it.
 */
int
sk_cli_exit_code_for_error (const GError *error)
{
  if (error == NULL)
    return SK_CLI_EXIT_OK;

  if (error->domain == SK_CLI_ERROR)
    {
      switch ((SkCliError) error->code)
        {
        case SK_CLI_ERROR_USAGE:
          return SK_CLI_EXIT_USAGE;
        case SK_CLI_ERROR_NOT_FOUND:
        case SK_CLI_ERROR_AMBIGUOUS:
          return SK_CLI_EXIT_NOT_FOUND;
        case SK_CLI_ERROR_BAD_INPUT:
        case SK_CLI_ERROR_NO_TERMINAL:
          return SK_CLI_EXIT_BAD_INPUT;
        case SK_CLI_ERROR_CONFLICT:
          return SK_CLI_EXIT_CONFLICT;
        case SK_CLI_ERROR_CANCELLED:
        case SK_CLI_ERROR_FAILED:
        default:
          return SK_CLI_EXIT_FAILURE;
        }
    }

  if (error->domain == SK_VAULT_ERROR)
    {
      switch ((SkVaultError) error->code)
        {
        case SK_VAULT_ERROR_WRONG_PASSWORD:
          return SK_CLI_EXIT_WRONG_PASSWORD;
        case SK_VAULT_ERROR_NOT_FOUND:
          return SK_CLI_EXIT_NOT_FOUND;
        case SK_VAULT_ERROR_NOT_A_VAULT:
        case SK_VAULT_ERROR_UNSUPPORTED_VERSION:
        case SK_VAULT_ERROR_DAMAGED:
          return SK_CLI_EXIT_DAMAGED;
        case SK_VAULT_ERROR_IO:
          return SK_CLI_EXIT_IO;
        case SK_VAULT_ERROR_EXISTS:
        case SK_VAULT_ERROR_LOCKED:
          return SK_CLI_EXIT_CONFLICT;
        case SK_VAULT_ERROR_INVALID:
          return SK_CLI_EXIT_BAD_INPUT;
        case SK_VAULT_ERROR_NO_MEMORY:
        default:
          return SK_CLI_EXIT_FAILURE;
        }
    }

  if (error->domain == SK_URI_ERROR ||
      error->domain == SK_ACCOUNT_ERROR ||
      error->domain == SK_BASE32_ERROR ||
      error->domain == SK_MIGRATION_ERROR)
    return SK_CLI_EXIT_BAD_INPUT;

  if (error->domain == SK_RECOVERY_CODES_ERROR)
    return error->code == SK_RECOVERY_CODES_ERROR_NOT_FOUND ? SK_CLI_EXIT_NOT_FOUND
                                                            : SK_CLI_EXIT_BAD_INPUT;
  if (error->domain == SK_INVENTORY_ERROR)
    return error->code == SK_INVENTORY_ERROR_NOT_FOUND ? SK_CLI_EXIT_NOT_FOUND
         : error->code == SK_INVENTORY_ERROR_EXISTS ? SK_CLI_EXIT_CONFLICT
         : SK_CLI_EXIT_BAD_INPUT;
  if (error->domain == SK_AUDIT_ERROR)
    return error->code == SK_AUDIT_ERROR_NOT_FOUND ? SK_CLI_EXIT_NOT_FOUND
         : error->code == SK_AUDIT_ERROR_REMINDERS ? SK_CLI_EXIT_DAMAGED
         : SK_CLI_EXIT_BAD_INPUT;

  if (error->domain == SK_IMPORT_ERROR)
    return error->code == SK_IMPORT_ERROR_WRONG_PASSWORD ? SK_CLI_EXIT_WRONG_PASSWORD
         : error->code == SK_IMPORT_ERROR_DAMAGED ? SK_CLI_EXIT_DAMAGED
         : error->code == SK_IMPORT_ERROR_IO ? SK_CLI_EXIT_IO
         : error->code == SK_IMPORT_ERROR_NO_FILE ? SK_CLI_EXIT_NOT_FOUND
         : error->code == SK_IMPORT_ERROR_UNSAFE ? SK_CLI_EXIT_FAILURE
         : SK_CLI_EXIT_BAD_INPUT;

  if (error->domain == SK_RECOVERY_ERROR)
    return error->code == SK_RECOVERY_ERROR_NO_CASE ||
           error->code == SK_RECOVERY_ERROR_NOT_FOUND ? SK_CLI_EXIT_NOT_FOUND
                                                      : SK_CLI_EXIT_BAD_INPUT;
  if (error->domain == SK_KIT_ERROR)
    return error->code == SK_KIT_ERROR_IO ? SK_CLI_EXIT_IO : SK_CLI_EXIT_FAILURE;

  if (error->domain == SK_OTP_ERROR)
    return error->code == SK_OTP_ERROR_CRYPTO ? SK_CLI_EXIT_FAILURE
                                               : SK_CLI_EXIT_BAD_INPUT;

  if (error->domain == SK_QR_ERROR)
    return error->code == SK_QR_ERROR_IO ? SK_CLI_EXIT_IO
         : error->code == SK_QR_ERROR_NO_FILE ? SK_CLI_EXIT_NOT_FOUND
         : SK_CLI_EXIT_BAD_INPUT;

  if (error->domain == G_OPTION_ERROR)
    return SK_CLI_EXIT_USAGE;

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_NOT_FOUND:
          return SK_CLI_EXIT_NOT_FOUND;
        case G_IO_ERROR_EXISTS:
          return SK_CLI_EXIT_CONFLICT;
        case G_IO_ERROR_INVALID_ARGUMENT:
        case G_IO_ERROR_MESSAGE_TOO_LARGE:
        case G_IO_ERROR_INVALID_DATA:
        case G_IO_ERROR_INVALID_FILENAME:
          return SK_CLI_EXIT_BAD_INPUT;
        default:
          return SK_CLI_EXIT_IO;
        }
    }

  if (error->domain == G_FILE_ERROR)
    return error->code == G_FILE_ERROR_NOENT ? SK_CLI_EXIT_NOT_FOUND
                                             : SK_CLI_EXIT_IO;

  if (error->domain == JSON_PARSER_ERROR ||
      error->domain == G_CONVERT_ERROR)
    return SK_CLI_EXIT_BAD_INPUT;

  return SK_CLI_EXIT_FAILURE;
}

const char *
sk_cli_get_vault_path (SkCli *cli)
{
  if (cli->vault_path == NULL)
    {
      const char *env = g_getenv ("SPAREKEY_VAULT");

      if (env != NULL && *env != '\0')
        cli->vault_path = g_strdup (env);
      else
        cli->vault_path = sk_store_default_path ();
    }
  return cli->vault_path;
}

/* A vault in a sync folder: the copies the sync tool kept when two
 * machines changed it at once are merged as soon as the vault is open,
 * so no command works on half the data. */
static void
merge_sync_conflicts (SkStore *store)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  guint n_merged = 0;

  if (!sk_store_merge_conflicts (store, &n_merged, &problems, &error))
    {
      g_printerr (_("sparekey-cli: warning: could not merge the copies a sync tool left beside "
                    "the vault: %s\n"), error->message);
      return;
    }
  if (n_merged > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "sparekey-cli: merged %u copy of the vault that a sync tool left beside it "
                             "(the copy is kept in the backup folder)\n",
                             "sparekey-cli: merged %u copies of the vault that a sync tool left beside it "
                             "(the copies are kept in the backup folder)\n",
                             n_merged),
                n_merged);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr (_("sparekey-cli: warning: %s\n"), (const char *) problems->pdata[i]);
}

gboolean
sk_cli_open_store (SkCli   *cli,
                   GError **error)
{
  const char *path = sk_cli_get_vault_path (cli);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) password = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autofree char *prompt = NULL;
  guint64 highest_seen = 0;
  GPtrArray *problems;

  /* Look before asking for a password: a missing or foreign file is told
   * at once. */
  if (!sk_store_probe (path, &local_error))
    {
      if (g_error_matches (local_error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND))
        g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND,
                     _("no vault at “%s” (create one with “sparekey-cli init”)"),
                     path);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("cannot open the vault “%s”: "), path);
      return FALSE;
    }

  if (cli->recovery_key_file != NULL)
    {
      g_autoptr(SkSecret) key = sk_cli_read_recovery_key (cli, cli->recovery_key_file, error);

      if (key == NULL)
        return FALSE;
      store = sk_store_open_with_key (path, key, &local_error);
    }
  else
    {
      /* The keyring, when this vault has a slot for it and no password
       * was given; anything amiss there asks for the password. */
      if (!cli->no_keyring && cli->password == NULL && cli->password_file == NULL &&
          cli->password_fd < 0)
        store = sk_cli_open_with_keyring (path);
      if (store == NULL)
        {
          prompt = g_strdup_printf (_("Password for %s: "), path);
          password = sk_cli_get_password (cli, prompt, error);
          if (password == NULL)
            return FALSE;
          store = sk_store_open (path, sk_secret_get_string (password), &local_error);
        }
    }
  if (store == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot open the vault “%s”: "), path);
      return FALSE;
    }

  problems = sk_vault_get_problems (sk_store_get_vault (store));
  if (problems != NULL && problems->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "sparekey-cli: warning: %u entry of the vault failed validation and is kept aside unchanged:\n",
                               "sparekey-cli: warning: %u entries of the vault failed validation and are kept aside unchanged:\n",
                               problems->len),
                  problems->len);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("  %s\n", (const char *) g_ptr_array_index (problems, i));
    }

  if (sk_store_get_rolled_back (store, &highest_seen))
    g_printerr (_("sparekey-cli: warning: this vault file is older than one this computer "
                  "opened or saved before (revision %" PRIu64 ", %" PRIu64 " seen): an older "
                  "copy or backup may have been put in its place, and changes made since may "
                  "be missing. Check the backups (sparekey-cli backup list).\n"),
                (uint64_t) sk_store_get_revision (store), (uint64_t) highest_seen);

  merge_sync_conflicts (store);

  g_clear_object (&cli->store);
  g_clear_pointer (&cli->password, sk_secret_unref);
  cli->store = g_steal_pointer (&store);
  cli->password = g_steal_pointer (&password);
  return TRUE;
}

gboolean
sk_cli_save (SkCli   *cli,
             GError **error)
{
  g_autoptr(GError) local_error = NULL;

  g_assert (cli->store != NULL);

  if (!sk_store_save (cli->store, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot save the vault “%s”: "),
                                  sk_store_get_path (cli->store));
      return FALSE;
    }
  /* sk_store_save() also refreshes the audit reminders (sk-reminders.c). */
  return TRUE;
}

/**
 * sk_cli_read_input:
 * @path: (nullable): a file, or "-" (or %NULL) for standard input
 *
 * Reads a whole input, never more than SK_INPUT_MAX_SIZE (/dev/zero or a
 * FIFO fails cleanly at the cap), into guarded memory: it may hold
 * secrets. A missing file is G_IO_ERROR_NOT_FOUND (exit status 4).
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 */
SkSecret *
sk_cli_read_input (SkCli       *cli,
                   const char  *path,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  SkSecret *contents;

  if (path == NULL || g_str_equal (path, "-"))
    {
      if (cli->stdin_used ||
          (cli->password_file != NULL && g_str_equal (cli->password_file, "-")))
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                               _("standard input (“-”) can be read for only one thing"));
          return NULL;
        }
      cli->stdin_used = TRUE;
      contents = sk_secret_new_from_fd (STDIN_FILENO, SK_INPUT_MAX_SIZE, &local_error);
      if (contents == NULL)
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("cannot read standard input: "));
      return contents;
    }
  contents = sk_secret_new_from_file (path, SK_INPUT_MAX_SIZE, &local_error);
  if (contents == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                _("cannot read “%s”: "), path);
  return contents;
}

void
sk_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  /* The output may hold a secret (show --reveal-secret). */
  sk_wipe_string (text);
}

/* Prints what @builder built. */
void
sk_cli_print_builder (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  sk_cli_print_json (root);
}

/* A string member, null when @value is NULL: every key of the JSON output
 * is always present. */
void
sk_cli_json_add_string (JsonBuilder *builder,
                        const char  *member,
                        const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* A time as UTC ISO 8601, null for 0 (never). */
void
sk_cli_json_add_time (JsonBuilder *builder,
                      const char  *member,
                      gint64       usec)
{
  g_autofree char *text = sk_cli_format_time (usec, TRUE);

  sk_cli_json_add_string (builder, member, text);
}

/* Whether @c must not reach a terminal raw: C0 controls (but line breaks
 * and tabs when @keep_lines), DEL, C1 controls, and the marks that reorder
 * text on screen (bidi embeddings, overrides and isolates, the
 * left-to-right, right-to-left and Arabic letter marks). ESC, BEL and CR
 * alone let a name set the window title or overwrite what was printed. */
static gboolean
is_unsafe_char (gunichar c,
                gboolean keep_lines)
{
  if (keep_lines && (c == '\n' || c == '\t'))
    return FALSE;
  return c < 0x20 || (c >= 0x7f && c < 0xa0) ||
         (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
         c == 0x200e || c == 0x200f || c == 0x061c;
}

/**
 * sk_cli_escape:
 * @text: (nullable): text from anywhere (a name, a file, a message)
 * @keep_lines: whether line breaks and tabs pass (whole messages), or are
 *   escaped too (one value inside a line or a table cell)
 *
 * The one way text reaches the terminal: every control character and
 * bidi override becomes a visible escape (\x1b, \r, \u202e), bytes
 * that are not UTF-8 become \xNN. The JSON output does not go through
 * here: it stays exact (JSON escapes controls itself).
 *
 * Returns: (transfer full) (nullable): the escaped text
 */
char *
sk_cli_escape (const char *text,
               gboolean    keep_lines)
{
  GString *out;
  const char *p, *end;

  if (text == NULL)
    return NULL;
  end = text + strlen (text);
  out = g_string_sized_new (end - text);
  for (p = text; p < end;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      next = g_utf8_next_char (p);
      if (!is_unsafe_char (c, keep_lines))
        g_string_append_len (out, p, next - p);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_printf (out, "\\u%04x", c);
      p = next;
    }
  return g_string_free (out, FALSE);
}

/* g_print() and g_printerr() end here: whatever a message holds (a name in
 * an error of the core, a warning of an import), no control character
 * reaches the terminal. As GLib's own handler does, the text is converted
 * when the terminal is not UTF-8. The output may hold a secret (a code):
 * both copies are wiped. */
static void
print_escaped (FILE       *stream,
               const char *text)
{
  char *escaped = sk_cli_escape (text, TRUE);
  const char *charset;

  if (g_get_console_charset (&charset))
    fputs (escaped, stream);
  else
    {
      char *converted = g_convert_with_fallback (escaped, -1, charset, "UTF-8",
                                                 "?", NULL, NULL, NULL);

      fputs (converted != NULL ? converted : escaped, stream);
      if (converted != NULL)
        sk_wipe_string (converted);
    }
  /* Standard error is unbuffered; standard output goes out a buffer at
   * a time (stdout_buffer), not a write per line. */
  if (stream != stdout)
    fflush (stream);
  sk_wipe_string (escaped);
}

/* Standard output passes through this buffer rather than one of stdio's
 * own: one write per 64 KiB when it is not a terminal (listing 200,000
 * codes made 200,000 writes), and the bytes, which may hold codes, are
 * wiped when the program ends. */
static char stdout_buffer[64 * 1024];

static void
wipe_stdout_buffer (void)
{
  fflush (stdout);
  sodium_memzero (stdout_buffer, sizeof stdout_buffer);
}

static void
print_handler (const char *text)
{
  print_escaped (stdout, text);
}

static void
printerr_handler (const char *text)
{
  print_escaped (stderr, text);
}

/* Columns a string takes on a terminal (CJK characters take two). */
gsize
sk_cli_display_width (const char *text)
{
  gsize width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        width++;
      else if (g_unichar_iszerowidth (c))
        continue;
      else if (g_unichar_iswide (c))
        width += 2;
      else
        width++;
    }
  return width;
}

/* Prints rows (GStrv, the first one being the header) as aligned columns;
 * the last column is not padded. */
void
sk_cli_print_table (GPtrArray *rows)
{
  g_autofree gsize *widths = NULL;
  guint n_cols = 0;

  g_autoptr(GPtrArray) escaped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  /* Each cell is one line: its own controls, line breaks included, are
   * escaped before the columns are measured. */
  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);
      guint n = g_strv_length (row);
      char **copy = g_new0 (char *, n + 1);

      for (guint c = 0; c < n; c++)
        copy[c] = sk_cli_escape (row[c], FALSE);
      g_ptr_array_add (escaped, copy);
      n_cols = MAX (n_cols, n);
    }
  widths = g_new0 (gsize, n_cols);

  for (guint r = 0; r < escaped->len; r++)
    {
      char **row = g_ptr_array_index (escaped, r);

      for (guint c = 0; row[c] != NULL; c++)
        widths[c] = MAX (widths[c], sk_cli_display_width (row[c]));
    }

  for (guint r = 0; r < escaped->len; r++)
    {
      char **row = g_ptr_array_index (escaped, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; row[c] != NULL; c++)
        {
          g_string_append (line, row[c]);
          if (row[c + 1] != NULL)
            {
              for (gsize w = sk_cli_display_width (row[c]); w < widths[c] + 2; w++)
                g_string_append_c (line, ' ');
            }
        }
      /* Trailing blanks of empty last columns are of no use. */
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_print ("%s\n", line->str);
    }
}

/* @usec since the epoch as local "2026-01-31 12:00:00", or as UTC
 * ISO 8601 for JSON. NULL for 0 (never). */
char *
sk_cli_format_time (gint64   usec,
                    gboolean utc_iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (usec == 0)
    return NULL;

  if (utc_iso)
    {
      dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
      return dt != NULL ? g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ") : NULL;
    }
  dt = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S") : NULL;
}

/* A byte count, with an optional binary suffix K, M or G. */
static gboolean
parse_size (const char *option,
            const char *text,
            guint64    *out,
            GError    **error)
{
  g_autofree char *number = g_strstrip (g_strdup (text));
  guint64 multiplier = 1;
  gsize len = strlen (number);
  guint64 value;

  if (len > 0)
    {
      char last = g_ascii_toupper (number[len - 1]);

      if (last == 'K' || last == 'M' || last == 'G')
        {
          multiplier = last == 'K' ? 1024 : last == 'M' ? 1024 * 1024 : 1024 * 1024 * 1024;
          number[len - 1] = '\0';
        }
    }

  if (!g_ascii_string_to_unsigned (number, 10, 0, G_MAXUINT64, &value, NULL) ||
      value > G_MAXUINT64 / multiplier)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s must be a number of bytes (optionally with K, M or G), got “%s”"),
                   option, text);
      return FALSE;
    }
  *out = value * multiplier;
  return TRUE;
}

/* Fills @kdf with the defaults, then the values given on the command
 * line, checked against what libsodium's Argon2id accepts. */
gboolean
sk_cli_parse_kdf (const char  *memlimit,
                  const char  *opslimit,
                  SkKdfParams *kdf,
                  GError     **error)
{
  guint64 value;

  sk_kdf_params_default (kdf);

  if (memlimit != NULL)
    {
      if (!parse_size ("--kdf-memlimit", memlimit, &value, error))
        return FALSE;
      if (value < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
          value > crypto_pwhash_argon2id_MEMLIMIT_MAX)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("--kdf-memlimit must be between %" PRIu64 " and %" PRIu64 " bytes, got %" PRIu64),
                       (uint64_t) crypto_pwhash_argon2id_MEMLIMIT_MIN,
                       (uint64_t) crypto_pwhash_argon2id_MEMLIMIT_MAX, (uint64_t) value);
          return FALSE;
        }
      kdf->memlimit = value;
    }

  if (opslimit != NULL)
    {
      if (!g_ascii_string_to_unsigned (opslimit, 10, 0, G_MAXUINT64, &value, NULL))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("--kdf-opslimit must be a whole number, got “%s”"),
                       opslimit);
          return FALSE;
        }
      if (value < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
          value > crypto_pwhash_argon2id_OPSLIMIT_MAX)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("--kdf-opslimit must be between %u and %u, got %" PRIu64),
                       (guint) crypto_pwhash_argon2id_OPSLIMIT_MIN,
                       (guint) crypto_pwhash_argon2id_OPSLIMIT_MAX, (uint64_t) value);
          return FALSE;
        }
      kdf->opslimit = value;
    }

  if (kdf->memlimit < 64 * 1024 * 1024)
    g_printerr (_("sparekey-cli: warning: a key derivation memory limit of %" PRIu64 " bytes (under 64 MiB) is weak; use it for tests only\n"),
                (uint64_t) kdf->memlimit);
  return TRUE;
}

gboolean
sk_cli_check_args (char   **args,
                   guint    min,
                   guint    max,
                   GError **error)
{
  guint n = args != NULL ? g_strv_length (args) : 0;

  if (n < min)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("missing argument (see --help)"));
      return FALSE;
    }
  if (n > max)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("unexpected argument “%s” (see --help)"), args[max]);
      return FALSE;
    }
  return TRUE;
}

/* For the commands made of subcommands ("sparekey-cli audit due"): the
 * usage errors when the subcommand is missing or unknown. */
gboolean
sk_cli_check_subcommand (char       **args,
                         const char  *command,
                         GError     **error)
{
  if (args == NULL || args[0] == NULL)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("“%s” needs a subcommand (see “sparekey-cli %s --help”)"),
                   command, command);
      return FALSE;
    }
  return TRUE;
}

gboolean
sk_cli_unknown_subcommand (const char  *command,
                           const char  *sub,
                           GError     **error)
{
  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
               _("unknown subcommand “%s %s” (see “sparekey-cli %s --help”)"),
               command, sub, command);
  return FALSE;
}

static const SkCliCommand *
lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i]->name, name))
      return commands[i];
  return NULL;
}

static char *
commands_description (void)
{
  GString *text = g_string_new (_("Commands:"));

  g_string_append_c (text, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-8s %s\n", commands[i]->name,
                            _(commands[i]->summary));
  g_string_append_c (text, '\n');
  g_string_append (text, _("Run “sparekey-cli COMMAND --help” for the options of a command.\n"
                           "Exit codes: 0 success, 1 other failure, 2 usage error, 3 wrong password,\n"
                           "4 not found, 5 bad input, 6 damaged or foreign vault, 7 I/O error,\n"
                           "8 conflict (exists, duplicate, locked); “audit due”: 10 an audit is due."));
  return g_string_free (text, FALSE);
}

/* Finds the command word: the first argument that is neither an option nor
 * the value of a global option. */
static int
find_command (int    argc,
              char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--"))
        return i + 1 < argc ? i + 1 : -1;
      if (arg[0] == '-' && arg[1] != '\0')
        {
          if (global_option_takes_value (arg))
            i++;
          continue;
        }
      return i;
    }
  return -1;
}

static gboolean
apply_global_options (SkCli   *cli,
                      GError **error)
{
  cli->json = opt_json;
  if (opt_vault != NULL)
    {
      if (*opt_vault == '\0')
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                               _("--vault must not be empty"));
          return FALSE;
        }
      cli->vault_path = g_strdup (opt_vault);
    }
  if (opt_password_file != NULL && opt_password_fd != G_MININT)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--password-file and --password-fd cannot be used together"));
      return FALSE;
    }
  if (opt_password_fd != G_MININT && opt_password_fd < 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("--password-fd must be a file descriptor number (0 or more), got %d"),
                   opt_password_fd);
      return FALSE;
    }
  if (opt_recovery_key_file != NULL &&
      (opt_password_file != NULL || opt_password_fd != G_MININT))
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--recovery-key-file and a password option cannot be used together"));
      return FALSE;
    }
  cli->password_file = g_strdup (opt_password_file);
  cli->password_fd = opt_password_fd == G_MININT ? -1 : opt_password_fd;
  cli->no_keyring = opt_no_keyring;
  cli->recovery_key_file = g_strdup (opt_recovery_key_file);
  return TRUE;
}

static gboolean
is_metavar (const GOptionEntry *entries,
            const char         *text)
{
  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    if (entries[i].arg_description == text)
      return TRUE;
  return FALSE;
}

/* GOption passes the descriptions and the placeholders of the entries
 * through one function; only the placeholders have the "metavar" context. */
static const char *
translate_option_text (const char *text,
                       gpointer    data)
{
  const SkCliCommand *command = data;

  if (is_metavar (global_entries, text) ||
      (command != NULL && is_metavar (command->entries, text)))
    return g_dpgettext2 (GETTEXT_PACKAGE, "metavar", text);
  return g_dgettext (GETTEXT_PACKAGE, text);
}

static int
fail (const GError *error)
{
  g_printerr ("sparekey-cli: %s\n", error->message);
  if (error->domain == G_OPTION_ERROR)
    g_printerr (_("Try “sparekey-cli --help”.\n"));
  return sk_cli_exit_code_for_error (error);
}

static void
sk_cli_clear (SkCli *cli)
{
  g_clear_object (&cli->store);
  g_clear_pointer (&cli->password, sk_secret_unref);
  g_clear_pointer (&cli->vault_path, g_free);
  g_clear_pointer (&cli->password_file, g_free);
  g_clear_pointer (&cli->recovery_key_file, g_free);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autofree char *description = NULL;
  const SkCliCommand *command = NULL;
  SkCli cli = { .password_fd = -1 };
  const char *localedir = g_getenv ("SPAREKEY_LOCALEDIR");
  int command_index;
  int status;

  /* Before anything is written. */
  setvbuf (stdout, stdout_buffer, isatty (STDOUT_FILENO) ? _IOLBF : _IOFBF, sizeof stdout_buffer);
  atexit (wipe_stdout_buffer);
  /* As in the app: the dev build (meson devenv) and the tests find the
   * .mo files of the build tree there. */
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_print_handler (print_handler);
  g_set_printerr_handler (printerr_handler);
  sk_disable_core_dumps ();
  /* The app's test mode is inherited by anything started from its
   * environment: never silently. */
  if (sk_kdf_test_mode_active ())
    g_printerr (_("sparekey-cli: warning: SPAREKEY_KDF_TEST=1 is set: new passwords get "
                  "libsodium's minimum key-derivation cost, which hardly slows down "
                  "guessing. It is meant for tests only.\n"));
  if (!sk_core_init (&error))
    return fail (error);

  g_set_prgname ("sparekey-cli");

  /* The command word is removed; everything else (global options before
   * and after it, and its own options) is parsed by one context. */
  command_index = find_command (argc, argv);
  args = g_new0 (char *, argc + 1);
  for (int i = 0, j = 0; i < argc; i++)
    if (i != command_index)
      args[j++] = g_strdup (argv[i]);

  if (command_index > 0)
    {
      g_autofree char *prgname = NULL;

      command = lookup_command (argv[command_index]);
      if (command == NULL)
        {
          g_printerr (_("sparekey-cli: unknown command “%s”\n"), argv[command_index]);
          g_printerr (_("Try “sparekey-cli --help”.\n"));
          return SK_CLI_EXIT_USAGE;
        }
      prgname = g_strdup_printf ("sparekey-cli %s", command->name);
      g_set_prgname (prgname);

      /* The usage line, summary and description are given translated:
       * the context itself translates nothing. */
      context = g_option_context_new (command->parameter_string != NULL
                                      ? g_dpgettext2 (GETTEXT_PACKAGE, "usage",
                                                      command->parameter_string)
                                      : NULL);
      g_option_context_set_summary (context, _(command->summary));
      if (command->description != NULL)
        g_option_context_set_description (context, _(command->description));
      if (command->entries != NULL)
        g_option_context_add_main_entries (context, command->entries, NULL);
    }
  else
    {
      context = g_option_context_new (C_("usage", "COMMAND [OPTION…]"));
      g_option_context_set_summary (context, _("Sparekey: two-factor codes (TOTP, HOTP, Steam) from an encrypted vault."));
      description = commands_description ();
      g_option_context_set_description (context, description);
    }
  g_option_context_add_main_entries (context, global_entries, NULL);
  /* After the entries: adding them resets the group's translation. */
  g_option_group_set_translate_func (g_option_context_get_main_group (context),
                                     translate_option_text, (gpointer) command, NULL);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("sparekey-cli: %s\n", error->message);
      if (command != NULL)
        g_printerr (_("Try “sparekey-cli %s --help”.\n"), command->name);
      else
        g_printerr (_("Try “sparekey-cli --help”.\n"));
      return SK_CLI_EXIT_USAGE;
    }

  if (opt_version)
    {
      g_print ("sparekey-cli %s\n", PACKAGE_VERSION);
      return SK_CLI_EXIT_OK;
    }

  if (command == NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("%s", help);
      return SK_CLI_EXIT_USAGE;
    }

  if (!apply_global_options (&cli, &error))
    {
      status = fail (error);
      sk_cli_clear (&cli);
      return status;
    }

  /* args[0] is the program name. */
  if (command->run (&cli, args + 1, &error))
    status = cli.status;
  else
    status = fail (error);

  if (fflush (stdout) != 0 && status == SK_CLI_EXIT_OK)
    {
      g_printerr (_("sparekey-cli: cannot write the output: %s\n"), g_strerror (errno));
      status = SK_CLI_EXIT_IO;
    }

  sk_cli_clear (&cli);
  return status;
}
