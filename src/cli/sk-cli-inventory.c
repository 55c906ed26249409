/* sk-cli-inventory.c: sparekey-cli codes, identity, bind, unbind,
 * inventory and audit
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <gio/gunixinputstream.h>

#include "sk-cli-private.h"

/* Helpers ---------------------------------------------------------------- */

static SkVault *
vault_of (SkCli *cli)
{
  return sk_store_get_vault (cli->store);
}

/* Saves (sk_cli_save() also refreshes the reminder file beside the vault). */
static gboolean
save (SkCli   *cli,
      GError **error)
{
  return sk_cli_save (cli, error);
}

static char *
format_date (GDateTime *dt)
{
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
}

static char **
row (const char *first,
     ...)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  va_list args;

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *))
    g_strv_builder_add (builder, cell);
  va_end (args);
  return g_strv_builder_end (builder);
}

static const char *
or_dash (const char *text)
{
  return text != NULL && *text != '\0' ? text : "-";
}

/* "member": [strings], or null. */
static void
add_json_strv (JsonBuilder        *builder,
               const char         *member,
               const char * const *strv)
{
  json_builder_set_member_name (builder, member);
  if (strv == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static const char *
account_name (SkCli      *cli,
              const char *uuid)
{
  SkAccount *account = sk_vault_lookup_account (vault_of (cli), uuid);

  return account != NULL ? sk_account_get_display_name (account) : uuid;
}

/* The identity @query names (a UUID prefix, the value or the label): it
 * must match exactly one. */
SkIdentity *
sk_cli_find_one_identity (SkCli       *cli,
                          const char  *query,
                          GError     **error)
{
  g_autoptr(GPtrArray) found = sk_inventory_find_identities (vault_of (cli), query);

  if (found->len == 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("no identity matches “%s” (see “sparekey-cli identity list”)"), query);
      return NULL;
    }
  if (found->len > 1)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_AMBIGUOUS,
                   _("“%s” matches %u identities; use a UUID prefix"), query, found->len);
      return NULL;
    }
  /* A copy: the caller may edit it. */
  return sk_identity_copy (found->pdata[0]);
}

/* codes ------------------------------------------------------------------ */

static gboolean codes_yes;
static gboolean codes_dry_run;
static gboolean codes_reveal;

static const GOptionEntry codes_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &codes_yes,
    N_("add, replace: store the codes without asking (required without a terminal)"), NULL },
  { "dry-run", 0, 0, G_OPTION_ARG_NONE, &codes_dry_run,
    N_("add, replace: only show how the codes were read"), NULL },
  { "reveal", 0, 0, G_OPTION_ARG_NONE, &codes_reveal,
    N_("list: show the codes themselves"), NULL },
  { NULL }
};

static char *
mask_code (const char *code)
{
  gsize len = strlen (code);

  /* Enough to tell codes apart on paper, not enough to use one. */
  if (len <= 4)
    return g_strdup ("••••");
  return g_strconcat ("••••", code + len - 2, NULL);
}

static gboolean
codes_status (SkCli   *cli,
              GError **error)
{
  GListModel *accounts = sk_vault_get_accounts (vault_of (cli));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint n = g_list_model_get_n_items (accounts);

  json_builder_begin_array (builder);
  g_ptr_array_add (rows, row (C_("column", "ACCOUNT"), C_("column", "LEFT"), C_("column", "STATUS"), NULL));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      const char *uuid = sk_account_get_uuid (account);
      guint total = 0;
      guint left = sk_recovery_codes_count_remaining (vault_of (cli), uuid, &total);
      SkRecoveryCodesStatus status = sk_recovery_codes_get_status (vault_of (cli), uuid);
      g_autofree char *warning = sk_recovery_codes_dup_warning (vault_of (cli), uuid);
      g_autofree char *count = g_strdup_printf ("%u/%u", left, total);

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", uuid);
      sk_cli_json_add_string (builder, "name", sk_account_get_display_name (account));
      json_builder_set_member_name (builder, "remaining");
      json_builder_add_int_value (builder, left);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, total);
      sk_cli_json_add_string (builder, "status", sk_recovery_codes_status_to_string (status));
      sk_cli_json_add_string (builder, "warning", warning);
      json_builder_end_object (builder);
      g_ptr_array_add (rows, row (sk_account_get_display_name (account), count,
                                  warning != NULL ? warning : _("ok"), NULL));
    }
  json_builder_end_array (builder);

  if (cli->json)
    sk_cli_print_builder (builder);
  else
    sk_cli_print_table (rows);
  return TRUE;
}

static gboolean
codes_list (SkCli     *cli,
            SkAccount *account,
            GError   **error)
{
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GPtrArray) codes = sk_recovery_codes_list (vault_of (cli), uuid);
  g_autofree char *warning = sk_recovery_codes_dup_warning (vault_of (cli), uuid);
  guint left = sk_recovery_codes_count_remaining (vault_of (cli), uuid, NULL);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", uuid);
      sk_cli_json_add_string (builder, "name", sk_account_get_display_name (account));
      json_builder_set_member_name (builder, "remaining");
      json_builder_add_int_value (builder, left);
      json_builder_set_member_name (builder, "total");
      json_builder_add_int_value (builder, codes->len);
      sk_cli_json_add_string (builder, "status",
                              sk_recovery_codes_status_to_string (sk_recovery_codes_get_status (vault_of (cli), uuid)));
      sk_cli_json_add_string (builder, "warning", warning);
      json_builder_set_member_name (builder, "codes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < codes->len; i++)
        {
          SkRecoveryCode *code = codes->pdata[i];

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "uuid", code->uuid);
          json_builder_set_member_name (builder, "position");
          json_builder_add_int_value (builder, code->position);
          json_builder_set_member_name (builder, "used");
          json_builder_add_boolean_value (builder, code->used != 0);
          sk_cli_json_add_time (builder, "issued_at", code->issued);
          sk_cli_json_add_time (builder, "used_at", code->used);
          if (codes_reveal)
            {
              g_autoptr(SkSecret) secret = sk_recovery_codes_dup_code (vault_of (cli), code->uuid);

              sk_cli_json_add_string (builder, "code", sk_secret_get_string (secret));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  if (codes->len > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      /* Translators: the column of recovery codes (not two-factor codes) */
      g_ptr_array_add (rows, row ("#", C_("recovery codes", "CODE"), C_("column", "ISSUED"), C_("column", "USED"), NULL));
      for (guint i = 0; i < codes->len; i++)
        {
          SkRecoveryCode *code = codes->pdata[i];
          g_autoptr(SkSecret) secret = sk_recovery_codes_dup_code (vault_of (cli), code->uuid);
          g_autofree char *number = g_strdup_printf ("%u", code->position);
          g_autofree char *shown = codes_reveal ? g_strdup (sk_secret_get_string (secret))
                                                : mask_code (sk_secret_get_string (secret));
          g_autofree char *issued = sk_cli_format_time (code->issued, FALSE);
          g_autofree char *used = sk_cli_format_time (code->used, FALSE);

          g_ptr_array_add (rows, row (number, shown, or_dash (issued), or_dash (used), NULL));
          sk_wipe_string (g_steal_pointer (&shown));
        }
      sk_cli_print_table (rows);
      for (guint i = 1; i < rows->len; i++)
        {
          char **cells = rows->pdata[i];

          memset (cells[1], 0, strlen (cells[1]));
        }
    }
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u of %u code left.\n", "%u of %u codes left.\n", left),
           left, codes->len);
  if (warning != NULL)
    g_printerr (_("sparekey-cli: warning: %s\n"), warning);
  return TRUE;
}

static gboolean
codes_store (SkCli     *cli,
             SkAccount *account,
             const char *file,
             gboolean   replace,
             GError   **error)
{
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GArray) ignored = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *question = NULL;
  g_autoptr(SkSecret) text = NULL;
  guint stored;

  text = sk_cli_read_input (cli, file, error);
  if (text == NULL)
    return FALSE;
  codes = sk_recovery_codes_parse (sk_secret_get_string (text), &ignored, error);
  if (codes == NULL)
    return FALSE;

  /* Show what was read, so a wrong split is seen before it is saved. */
  if (cli->json && codes_dry_run)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "codes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < codes->len; i++)
        json_builder_add_string_value (builder, sk_secret_get_string (codes->pdata[i]));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "ignored_lines");
      json_builder_begin_array (builder);
      for (guint i = 0; i < ignored->len; i++)
        json_builder_add_int_value (builder, g_array_index (ignored, guint, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  if (!cli->json)
    {
      g_autoptr(GString) listing = g_string_new (NULL);

      /* One write for the whole list (a line each made 200,000 writes
       * for a 2 MB file); the copy holds the codes and is wiped. */
      g_string_printf (listing, g_dngettext (GETTEXT_PACKAGE, "Read %u code:\n", "Read %u codes:\n", codes->len),
                       codes->len);
      for (guint i = 0; i < codes->len; i++)
        g_string_append_printf (listing, "  %2u  %s\n", i + 1, sk_secret_get_string (codes->pdata[i]));
      g_printerr ("%s", listing->str);
      sodium_memzero (listing->str, listing->allocated_len);
      if (ignored->len > 0)
        {
          g_autoptr(GString) lines = g_string_new (NULL);

          for (guint i = 0; i < ignored->len; i++)
            g_string_append_printf (lines, "%s%u", i > 0 ? ", " : "", g_array_index (ignored, guint, i));
          g_printerr (_("Lines without codes (ignored): %s\n"), lines->str);
        }
    }
  if (codes_dry_run)
    return TRUE;

  if (replace)
    question = g_strdup_printf (_("Replace the recovery codes of %s with these %u?"),
                                sk_account_get_display_name (account), codes->len);
  else
    question = g_strdup_printf (_("Add these %u recovery codes to %s?"),
                                codes->len, sk_account_get_display_name (account));
  if (!sk_cli_confirm (question, codes_yes, error))
    return FALSE;

  if (replace)
    stored = sk_recovery_codes_replace (vault_of (cli), uuid, codes, g_get_real_time ());
  else
    stored = sk_recovery_codes_add (vault_of (cli), uuid, codes, g_get_real_time ());
  if (!save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", uuid);
      json_builder_set_member_name (builder, "stored");
      json_builder_add_int_value (builder, stored);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, codes->len - stored);
      json_builder_set_member_name (builder, "remaining");
      json_builder_add_int_value (builder, sk_recovery_codes_count_remaining (vault_of (cli), uuid, NULL));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "Stored %u code", "Stored %u codes", stored), stored);
      if (stored < codes->len)
        g_print (_(" (%u already stored)"), codes->len - stored);
      g_print (".\n");
    }
  return TRUE;
}

static gboolean
codes_use (SkCli      *cli,
           SkAccount  *account,
           const char *number,
           GError    **error)
{
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(SkRecoveryCode) used = NULL;
  g_autoptr(SkSecret) secret = NULL;
  g_autofree char *warning = NULL;
  gint64 now = g_get_real_time ();

  if (number != NULL)
    {
      g_autoptr(GPtrArray) codes = sk_recovery_codes_list (vault_of (cli), uuid);
      guint64 position;

      if (!g_ascii_string_to_unsigned (number, 10, 1, G_MAXUINT, &position, NULL))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("a code is chosen by its number in “codes list”, got “%s”"), number);
          return FALSE;
        }
      for (guint i = 0; i < codes->len && used == NULL; i++)
        if (((SkRecoveryCode *) codes->pdata[i])->position == position)
          used = sk_recovery_code_copy (codes->pdata[i]);
      if (used == NULL)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                       _("%s has no recovery code number %s"),
                       sk_account_get_display_name (account), number);
          return FALSE;
        }
      if (used->used != 0)
        g_printerr (_("sparekey-cli: warning: code %u was already marked used; it may not work\n"),
                    used->position);
      else if (!sk_recovery_codes_set_used (vault_of (cli), used->uuid, now, error))
        return FALSE;
    }
  else
    {
      used = sk_recovery_codes_use_next (vault_of (cli), uuid, now, error);
      if (used == NULL)
        return FALSE;
    }

  if (!save (cli, error))
    return FALSE;

  secret = sk_recovery_codes_dup_code (vault_of (cli), used->uuid);
  warning = sk_recovery_codes_dup_warning (vault_of (cli), uuid);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", uuid);
      json_builder_set_member_name (builder, "position");
      json_builder_add_int_value (builder, used->position);
      sk_cli_json_add_string (builder, "code", sk_secret_get_string (secret));
      json_builder_set_member_name (builder, "remaining");
      json_builder_add_int_value (builder, sk_recovery_codes_count_remaining (vault_of (cli), uuid, NULL));
      sk_cli_json_add_string (builder, "warning", warning);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print ("%s\n", sk_secret_get_string (secret));
  if (warning != NULL && !cli->json)
    g_printerr (_("sparekey-cli: warning: %s\n"), warning);
  return TRUE;
}

static gboolean
run_codes (SkCli   *cli,
           char   **args,
           GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  const char *sub;

  if (!sk_cli_check_subcommand (args, "codes", error))
    return FALSE;
  sub = args[0];
  if (!g_str_equal (sub, "list") && !g_str_equal (sub, "add") &&
      !g_str_equal (sub, "replace") && !g_str_equal (sub, "use"))
    return sk_cli_unknown_subcommand ("codes", sub, error);
  if (!sk_cli_check_args (args, g_str_equal (sub, "list") ? 1 : 2, 3, error))
    return FALSE;
  if (g_str_equal (sub, "list") && args[1] != NULL && args[2] != NULL)
    return sk_cli_check_args (args, 1, 2, error);

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  if (args[1] == NULL)
    return codes_status (cli, error);
  account = sk_cli_find_one_account (cli, args[1], error);
  if (account == NULL)
    return FALSE;

  if (g_str_equal (sub, "list"))
    return codes_list (cli, account, error);
  if (g_str_equal (sub, "use"))
    return codes_use (cli, account, args[2], error);
  return codes_store (cli, account, args[2], g_str_equal (sub, "replace"), error);
}

const SkCliCommand sk_cli_command_codes = {
  "codes",
  NC_("usage", "list [ACCOUNT] | add ACCOUNT [FILE] | replace ACCOUNT [FILE] | use ACCOUNT [NUMBER]"),
  N_("Keep an account's one-time recovery codes"),
  N_("add and replace read a block of codes as the service shows it (one per line, separated\n"
     "by spaces or commas, numbered, in groups like xxxx-xxxx) from FILE or standard input,\n"
     "show how they were read and ask before saving. use marks the next unused code (or\n"
     "code NUMBER) used and prints it. list without ACCOUNT shows how many codes each\n"
     "account has left; a warning is printed at two or fewer."),
  codes_entries,
  run_codes,
};

/* identity ---------------------------------------------------------------- */

static char *id_label;
static char *id_country_code;
static char *id_carrier;
static char *id_provider;
static char *id_account;
static char **id_apps;
static char *id_status;
static char *id_since;
static char *id_note;
static char *id_value;
static char *id_kind;
static gboolean id_reveal;

static const GOptionEntry identity_entries[] = {
  { "label", 0, 0, G_OPTION_ARG_STRING, &id_label, N_("Your name for it (“work phone”)"), NC_("metavar", "TEXT") },
  { "country-code", 0, 0, G_OPTION_ARG_STRING, &id_country_code, N_("Phone: country code (+86)"), NC_("metavar", "CODE") },
  { "carrier", 0, 0, G_OPTION_ARG_STRING, &id_carrier, N_("Phone: carrier"), NC_("metavar", "NAME") },
  { "provider", 0, 0, G_OPTION_ARG_STRING, &id_provider, N_("Third party, payout account, key: wechat, qq, apple, google, github, alipay, a bank…"), NC_("metavar", "NAME") },
  { "account", 0, 0, G_OPTION_ARG_STRING, &id_account,
    N_("The account that owns it: the mailbox's account, the account behind a third-party login, a payout's wallet or bank account (“” clears it)"),
    NC_("metavar", "ACCOUNT") },
  { "app", 0, 0, G_OPTION_ARG_STRING_ARRAY, &id_apps, N_("Device: an authenticator app on it (repeat for several)"), NC_("metavar", "APP") },
  { "status", 0, 0, G_OPTION_ARG_STRING, &id_status, N_("active, lost or cancelled"), NC_("metavar", "STATUS") },
  { "since", 0, 0, G_OPTION_ARG_STRING, &id_since, N_("In use since DATE (YYYY-MM-DD)"), NC_("metavar", "DATE") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &id_note, N_("A note"), NC_("metavar", "TEXT") },
  { "value", 0, 0, G_OPTION_ARG_STRING, &id_value, N_("edit: a new number, address or name"), NC_("metavar", "VALUE") },
  { "kind", 0, 0, G_OPTION_ARG_STRING, &id_kind, N_("list: only this kind; edit: change the kind"), NC_("metavar", "KIND") },
  { "reveal", 0, 0, G_OPTION_ARG_NONE, &id_reveal, N_("Show payout account numbers unmasked"), NULL },
  { NULL }
};

static void
build_identity (JsonBuilder *builder,
                SkIdentity  *identity,
                gboolean     reveal)
{
  g_autofree char *display = sk_identity_dup_display (identity, reveal);
  const char * const *apps = sk_identity_get_apps (identity);

  json_builder_begin_object (builder);
  sk_cli_json_add_string (builder, "uuid", sk_identity_get_uuid (identity));
  sk_cli_json_add_string (builder, "kind", sk_identity_kind_to_string (sk_identity_get_kind (identity)));
  sk_cli_json_add_string (builder, "value", sk_identity_get_kind (identity) == SK_IDENTITY_PAYOUT && !reveal
                          ? display : sk_identity_get_value (identity));
  sk_cli_json_add_string (builder, "display", display);
  sk_cli_json_add_string (builder, "label", sk_identity_get_label (identity));
  sk_cli_json_add_string (builder, "country_code", sk_identity_get_country_code (identity));
  sk_cli_json_add_string (builder, "carrier", sk_identity_get_carrier (identity));
  sk_cli_json_add_string (builder, "provider", sk_identity_get_provider (identity));
  sk_cli_json_add_string (builder, "account", sk_identity_get_account (identity));
  json_builder_set_member_name (builder, "apps");
  json_builder_begin_array (builder);
  for (guint i = 0; apps != NULL && apps[i] != NULL; i++)
    json_builder_add_string_value (builder, apps[i]);
  json_builder_end_array (builder);
  sk_cli_json_add_string (builder, "status", sk_identity_status_to_string (sk_identity_get_status (identity)));
  sk_cli_json_add_string (builder, "since", sk_identity_get_since (identity));
  sk_cli_json_add_string (builder, "note", sk_identity_get_note (identity));
  sk_cli_json_add_time (builder, "created", sk_identity_get_created (identity));
  sk_cli_json_add_time (builder, "updated", sk_identity_get_updated (identity));
}

static gboolean
apply_identity_options (SkIdentity  *identity,
                        GError     **error)
{
  SkIdentityKind kind;
  SkIdentityStatus status;

  if (id_kind != NULL)
    {
      if (!sk_identity_kind_from_string (id_kind, &kind))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown identity kind “%s” (phone, email, device, third-party, payout, security-question, hardware-key)"),
                       id_kind);
          return FALSE;
        }
      sk_identity_set_kind (identity, kind);
    }
  if (id_status != NULL)
    {
      if (!sk_identity_status_from_string (id_status, &status))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown identity status “%s” (active, lost, cancelled)"), id_status);
          return FALSE;
        }
      sk_identity_set_status (identity, status);
    }
#define SET(field, option) \
  if (option != NULL) sk_identity_set_##field (identity, option);
  SET (value, id_value);
  SET (label, id_label);
  SET (country_code, id_country_code);
  SET (carrier, id_carrier);
  SET (provider, id_provider);
  SET (since, id_since);
  SET (note, id_note);
#undef SET
  /* --app "" clears the list. */
  if (id_apps != NULL)
    sk_identity_set_apps (identity, id_apps[0] != NULL && *id_apps[0] != '\0'
                                    ? (const char * const *) id_apps : NULL);
  return TRUE;
}

/* --account: the owning account, found once the vault is open ("" clears
 * it). */
static gboolean
apply_identity_owner (SkCli       *cli,
                      SkIdentity  *identity,
                      GError     **error)
{
  g_autoptr(SkAccount) owner = NULL;

  if (id_account == NULL)
    return TRUE;
  if (*id_account == '\0')
    {
      sk_identity_set_account (identity, NULL);
      return TRUE;
    }
  owner = sk_cli_find_one_account (cli, id_account, error);
  if (owner == NULL)
    return FALSE;
  sk_identity_set_account (identity, sk_account_get_uuid (owner));
  return TRUE;
}

static void
print_identity (SkCli      *cli,
                SkIdentity *identity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  build_identity (builder, identity, id_reveal);
  json_builder_end_object (builder);
  sk_cli_print_builder (builder);
}

static gboolean
print_by_identity (SkCli      *cli,
                   SkIdentity *identity,
                   GError    **error);

static gboolean
run_identity (SkCli   *cli,
              char   **args,
              GError **error)
{
  const char *sub;
  g_autoptr(SkIdentity) identity = NULL;
  gint64 now = g_get_real_time ();

  if (!sk_cli_check_subcommand (args, "identity", error))
    return FALSE;
  sub = args[0];

  if (g_str_equal (sub, "add"))
    {
      SkIdentityKind kind;

      if (!sk_cli_check_args (args, 3, 3, error))
        return FALSE;
      if (!sk_identity_kind_from_string (args[1], &kind))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown identity kind “%s” (phone, email, device, third-party, payout, security-question, hardware-key)"),
                       args[1]);
          return FALSE;
        }
      identity = sk_identity_new (kind, args[2]);
      if (!apply_identity_options (identity, error))
        return FALSE;
      if (!sk_cli_open_store (cli, error) ||
          !apply_identity_owner (cli, identity, error) ||
          !sk_inventory_save_identity (vault_of (cli), identity, now, error) ||
          !save (cli, error))
        return FALSE;
      if (cli->json)
        print_identity (cli, identity);
      else
        g_print (_("Added %s %s (%.8s).\n"), sk_identity_kind_get_label (sk_identity_get_kind (identity)),
                 sk_identity_get_value (identity), sk_identity_get_uuid (identity));
      return TRUE;
    }

  if (g_str_equal (sub, "list"))
    {
      g_autoptr(GPtrArray) all = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      SkIdentityKind only = 0;

      if (!sk_cli_check_args (args, 1, 1, error))
        return FALSE;
      if (id_kind != NULL && !sk_identity_kind_from_string (id_kind, &only))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown identity kind “%s”"), id_kind);
          return FALSE;
        }
      if (!sk_cli_open_store (cli, error))
        return FALSE;
      all = sk_inventory_list_identities (vault_of (cli));
      json_builder_begin_array (builder);
      g_ptr_array_add (rows, row (C_("column", "ID"), C_("column", "KIND"), C_("column", "VALUE"), C_("column", "STATUS"), C_("column", "ACCOUNTS"), C_("column", "LABEL"), NULL));
      for (guint i = 0; i < all->len; i++)
        {
          SkIdentity *item = all->pdata[i];
          g_autoptr(GPtrArray) bindings = NULL;
          g_autofree char *display = NULL;
          g_autofree char *prefix = NULL;
          g_autofree char *count = NULL;
          guint n_accounts = 0;

          if (id_kind != NULL && sk_identity_get_kind (item) != only)
            continue;
          bindings = sk_inventory_by_identity (vault_of (cli), sk_identity_get_uuid (item),
                                               &n_accounts, NULL, NULL);
          display = sk_identity_dup_display (item, id_reveal);
          prefix = g_strndup (sk_identity_get_uuid (item), 8);
          count = g_strdup_printf ("%u", n_accounts);
          build_identity (builder, item, id_reveal);
          json_builder_set_member_name (builder, "n_accounts");
          json_builder_add_int_value (builder, n_accounts);
          json_builder_end_object (builder);
          g_ptr_array_add (rows, row (prefix, sk_identity_kind_to_string (sk_identity_get_kind (item)),
                                      display,
                                      sk_identity_status_to_string (sk_identity_get_status (item)), count,
                                      or_dash (sk_identity_get_label (item)), NULL));
        }
      json_builder_end_array (builder);
      if (cli->json)
        sk_cli_print_builder (builder);
      else if (rows->len == 1)
        g_printerr (_("No identities yet (add one with “sparekey-cli identity add KIND VALUE”).\n"));
      else
        sk_cli_print_table (rows);
      return TRUE;
    }

  if (!g_str_equal (sub, "show") && !g_str_equal (sub, "edit") && !g_str_equal (sub, "rm"))
    return sk_cli_unknown_subcommand ("identity", sub, error);
  if (!sk_cli_check_args (args, 2, 2, error) || !sk_cli_open_store (cli, error))
    return FALSE;
  identity = sk_cli_find_one_identity (cli, args[1], error);
  if (identity == NULL)
    return FALSE;

  if (g_str_equal (sub, "show"))
    return print_by_identity (cli, identity, error);

  if (g_str_equal (sub, "edit"))
    {
      if (!apply_identity_options (identity, error) ||
          !apply_identity_owner (cli, identity, error) ||
          !sk_inventory_save_identity (vault_of (cli), identity, now, error) ||
          !save (cli, error))
        return FALSE;
      if (cli->json)
        print_identity (cli, identity);
      else
        g_print (_("Updated %s %s.\n"), sk_identity_kind_get_label (sk_identity_get_kind (identity)),
                 sk_identity_get_value (identity));
      return TRUE;
    }

  {
    guint n_bindings = 0;

    if (!sk_inventory_remove_identity (vault_of (cli), sk_identity_get_uuid (identity), now,
                                       &n_bindings, error) ||
        !save (cli, error))
      return FALSE;
    if (cli->json)
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();

        json_builder_begin_object (builder);
        sk_cli_json_add_string (builder, "removed", sk_identity_get_uuid (identity));
        json_builder_set_member_name (builder, "bindings_removed");
        json_builder_add_int_value (builder, n_bindings);
        json_builder_end_object (builder);
        sk_cli_print_builder (builder);
      }
    else
      g_print (g_dngettext (GETTEXT_PACKAGE, "Removed %s and %u binding.\n",
                            "Removed %s and %u bindings.\n", n_bindings),
               sk_identity_get_value (identity), n_bindings);
  }
  return TRUE;
}

const SkCliCommand sk_cli_command_identity = {
  "identity",
  NC_("usage", "add KIND VALUE | list | show ID | edit ID | rm ID"),
  N_("Record phone numbers, emails, devices, third-party logins, payout accounts…"),
  N_("KIND is phone, email, device, third-party, payout, security-question or hardware-key.\n"
     "ID is a UUID prefix, the value (a phone number also without country code) or the label.\n"
     "rm also removes the identity's bindings."),
  identity_entries,
  run_identity,
};

/* bind, unbind ---------------------------------------------------------------- */

static char *bind_role;
static char *bind_since;
static char *bind_cooldown;
static char *bind_note;

static const GOptionEntry bind_entries[] = {
  { "role", 'r', 0, G_OPTION_ARG_STRING, &bind_role,
    N_("login, security-phone (sms), recovery-email, authenticator-device, third-party-login, payout-account or trusted-device"),
    NC_("metavar", "ROLE") },
  { "since", 0, 0, G_OPTION_ARG_STRING, &bind_since, N_("Bound since DATE (YYYY-MM-DD)"), NC_("metavar", "DATE") },
  { "cooldown-until", 0, 0, G_OPTION_ARG_STRING, &bind_cooldown,
    N_("No change possible before DATE (YYYY-MM-DD)"), NC_("metavar", "DATE") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &bind_note, N_("A note"), NC_("metavar", "TEXT") },
  { NULL }
};

static gboolean
parse_role (const char     *text,
            SkBindingRole  *role,
            GError        **error)
{
  if (sk_binding_role_from_string (text, role))
    return TRUE;
  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
               _("unknown role “%s” (login, security-phone, recovery-email, authenticator-device, third-party-login, payout-account, trusted-device)"),
               text);
  return FALSE;
}

static gboolean
run_bind (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkIdentity) identity = NULL;
  g_autofree char *uuid = NULL;
  SkBindingRole role;

  if (!sk_cli_check_args (args, 2, 2, error))
    return FALSE;
  if (bind_role == NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("bind needs --role (see --help)"));
      return FALSE;
    }
  if (!parse_role (bind_role, &role, error) || !sk_cli_open_store (cli, error))
    return FALSE;
  account = sk_cli_find_one_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;
  identity = sk_cli_find_one_identity (cli, args[1], error);
  if (identity == NULL)
    return FALSE;
  uuid = sk_inventory_bind (vault_of (cli), sk_account_get_uuid (account),
                            sk_identity_get_uuid (identity), role,
                            bind_since, bind_cooldown, bind_note, g_get_real_time (), error);
  if (uuid == NULL || !save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "uuid", uuid);
      sk_cli_json_add_string (builder, "account", sk_account_get_uuid (account));
      sk_cli_json_add_string (builder, "identity", sk_identity_get_uuid (identity));
      sk_cli_json_add_string (builder, "role", sk_binding_role_to_string (role));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("%s: %s is now recorded as %s.\n"), sk_account_get_display_name (account),
             sk_identity_get_value (identity), sk_binding_role_get_label (role));
  return TRUE;
}

static gboolean
run_unbind (SkCli   *cli,
            char   **args,
            GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkIdentity) identity = NULL;
  SkBindingRole role = 0;
  guint removed;

  if (!sk_cli_check_args (args, 2, 2, error))
    return FALSE;
  if (bind_role != NULL && !parse_role (bind_role, &role, error))
    return FALSE;
  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;
  identity = sk_cli_find_one_identity (cli, args[1], error);
  if (identity == NULL)
    return FALSE;
  removed = sk_inventory_unbind (vault_of (cli), sk_account_get_uuid (account),
                                 sk_identity_get_uuid (identity),
                                 bind_role != NULL ? (int) role : -1, g_get_real_time ());
  if (removed == 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("%s is not bound to %s%s"), sk_account_get_display_name (account),
                   sk_identity_get_value (identity), bind_role != NULL ? _(" in that role") : "");
      return FALSE;
    }
  if (!save (cli, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "removed");
      json_builder_add_int_value (builder, removed);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "Removed %u binding.\n", "Removed %u bindings.\n", removed),
             removed);
  return TRUE;
}

const SkCliCommand sk_cli_command_bind = {
  "bind",
  NC_("usage", "ACCOUNT IDENTITY --role ROLE"),
  N_("Record that an account is bound to an identity"),
  N_("Binding again with the same role updates the dates and the note."),
  bind_entries,
  run_bind,
};

const SkCliCommand sk_cli_command_unbind = {
  "unbind",
  NC_("usage", "ACCOUNT IDENTITY [--role ROLE]"),
  N_("Remove a recorded binding (all roles unless --role)"),
  NULL,
  bind_entries,
  run_unbind,
};

/* inventory ------------------------------------------------------------------ */

static gboolean inv_all;
static char *inv_site;
static char *inv_chat;
static char *inv_ticket;
static char *inv_email;
static char *inv_phone;
static char *inv_recovery_page;
static char *inv_note;

static const GOptionEntry inventory_entries[] = {
  { "all", 'a', 0, G_OPTION_ARG_NONE, &inv_all,
    N_("spof: also list accounts with nothing recorded yet"), NULL },
  { "site", 0, 0, G_OPTION_ARG_STRING, &inv_site, N_("account: support site"), NC_("metavar", "URL") },
  { "chat", 0, 0, G_OPTION_ARG_STRING, &inv_chat, N_("account: online chat"), NC_("metavar", "URL") },
  { "ticket", 0, 0, G_OPTION_ARG_STRING, &inv_ticket, N_("account: ticket form"), NC_("metavar", "URL") },
  { "email", 0, 0, G_OPTION_ARG_STRING, &inv_email, N_("account: support email"), NC_("metavar", "ADDRESS") },
  { "phone", 0, 0, G_OPTION_ARG_STRING, &inv_phone, N_("account: support phone"), NC_("metavar", "NUMBER") },
  { "recovery-page", 0, 0, G_OPTION_ARG_STRING, &inv_recovery_page,
    N_("account: the service's account recovery page"), NC_("metavar", "URL") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &inv_note, N_("account: a note about support"), NC_("metavar", "TEXT") },
  { NULL }
};

static void
build_binding (SkCli       *cli,
               JsonBuilder *builder,
               SkBinding   *binding)
{
  sk_cli_json_add_string (builder, "uuid", sk_binding_get_uuid (binding));
  sk_cli_json_add_string (builder, "account", sk_binding_get_account_uuid (binding));
  sk_cli_json_add_string (builder, "account_name", account_name (cli, sk_binding_get_account_uuid (binding)));
  sk_cli_json_add_string (builder, "identity", sk_binding_get_identity_uuid (binding));
  sk_cli_json_add_string (builder, "role", sk_binding_role_to_string (sk_binding_get_role (binding)));
  sk_cli_json_add_string (builder, "since", sk_binding_get_since (binding));
  sk_cli_json_add_string (builder, "cooldown_until", sk_binding_get_cooldown_until (binding));
  sk_cli_json_add_string (builder, "note", sk_binding_get_note (binding));
}

static gboolean
print_by_identity (SkCli      *cli,
                   SkIdentity *identity,
                   GError    **error)
{
  guint counts[SK_ROLE_TRUSTED_DEVICE + 1];
  guint n_accounts = 0, only = 0;
  g_autoptr(GPtrArray) bindings = sk_inventory_by_identity (vault_of (cli), sk_identity_get_uuid (identity),
                                                             &n_accounts, counts, &only);
  g_autofree char *display = sk_identity_dup_display (identity, id_reveal);
  g_autoptr(GPtrArray) dependents = sk_inventory_list_only_way (vault_of (cli), sk_identity_get_uuid (identity));
  g_autoptr(SkWaysBack) judge = sk_ways_back_new (vault_of (cli), NULL);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_identity (builder, identity, id_reveal);
      json_builder_set_member_name (builder, "n_accounts");
      json_builder_add_int_value (builder, n_accounts);
      json_builder_set_member_name (builder, "only_way_back");
      json_builder_add_int_value (builder, only);
      json_builder_set_member_name (builder, "only_way_back_accounts");
      json_builder_begin_array (builder);
      for (guint i = 0; i < dependents->len; i++)
        {
          g_auto(GStrv) chain = NULL;
          g_auto(GStrv) points = sk_ways_back_single_points (judge, dependents->pdata[i], &chain);

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "account", dependents->pdata[i]);
          sk_cli_json_add_string (builder, "name", account_name (cli, dependents->pdata[i]));
          add_json_strv (builder, "chain", (const char * const *) chain);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "roles");
      json_builder_begin_object (builder);
      for (guint r = 0; r <= SK_ROLE_TRUSTED_DEVICE; r++)
        {
          json_builder_set_member_name (builder, sk_binding_role_to_string (r));
          json_builder_add_int_value (builder, counts[r]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "bindings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < bindings->len; i++)
        {
          json_builder_begin_object (builder);
          build_binding (cli, builder, bindings->pdata[i]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  g_print ("%s %s (%s, %s)\n", sk_identity_kind_get_label (sk_identity_get_kind (identity)), display,
           sk_identity_status_to_string (sk_identity_get_status (identity)), sk_identity_get_uuid (identity));
  if (sk_identity_get_carrier (identity) != NULL)
    g_print (_("Carrier: %s\n"), sk_identity_get_carrier (identity));
  if (sk_identity_get_provider (identity) != NULL)
    g_print (_("Provider: %s\n"), sk_identity_get_provider (identity));
  if (sk_identity_get_account (identity) != NULL)
    g_print (_("Owned by the account: %s\n"), account_name (cli, sk_identity_get_account (identity)));
  if (sk_identity_get_apps (identity) != NULL)
    {
      g_autofree char *apps = g_strjoinv (", ", (char **) sk_identity_get_apps (identity));

      g_print (_("Apps: %s\n"), apps);
    }
  if (sk_identity_get_since (identity) != NULL)
    g_print (_("Since: %s\n"), sk_identity_get_since (identity));
  if (sk_identity_get_note (identity) != NULL)
    g_print (_("Note: %s\n"), sk_identity_get_note (identity));
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u account depends on it", "%u accounts depend on it", n_accounts),
           n_accounts);
  g_print (g_dngettext (GETTEXT_PACKAGE, "; for %u it is the only way back.\n",
                        "; for %u it is the only way back.\n", only), only);
  for (guint r = 0; r <= SK_ROLE_TRUSTED_DEVICE; r++)
    if (counts[r] > 0)
      g_print ("  %s: %u\n", sk_binding_role_get_label (r), counts[r]);
  if (dependents->len > 0)
    {
      g_print (_("Lose it and you lose these accounts:\n"));
      for (guint i = 0; i < dependents->len; i++)
        {
          g_auto(GStrv) chain = NULL;
          g_auto(GStrv) points = sk_ways_back_single_points (judge, dependents->pdata[i], &chain);
          g_autofree char *words = sk_ways_back_chain_to_string ((const char * const *) chain);

          g_print ("  %s\n", words);
        }
    }
  if (bindings->len > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      g_print ("\n");
      g_ptr_array_add (rows, row (C_("column", "ACCOUNT"), C_("column", "ROLE"), C_("column", "SINCE"), C_("column", "COOLDOWN UNTIL"), C_("column", "NOTE"), NULL));
      for (guint i = 0; i < bindings->len; i++)
        {
          SkBinding *binding = bindings->pdata[i];

          g_ptr_array_add (rows, row (account_name (cli, sk_binding_get_account_uuid (binding)),
                                      sk_binding_role_to_string (sk_binding_get_role (binding)),
                                      or_dash (sk_binding_get_since (binding)),
                                      or_dash (sk_binding_get_cooldown_until (binding)),
                                      or_dash (sk_binding_get_note (binding)), NULL));
        }
      sk_cli_print_table (rows);
    }
  return TRUE;
}

/* The deepest identity of a chained single point of failure: the one
 * everything hangs on (the phone behind the mailbox). */
static SkIdentity *
last_point (SkCli       *cli,
            SkSpofEntry *entry)
{
  guint n = g_strv_length (entry->identities);

  return sk_inventory_lookup_identity (vault_of (cli), entry->identities[n - 1]);
}

static char *
last_display (SkCli       *cli,
              SkSpofEntry *entry)
{
  return sk_identity_dup_display (last_point (cli, entry), FALSE);
}

static gboolean
inventory_spof (SkCli   *cli,
                GError **error)
{
  g_autoptr(GPtrArray) report = sk_inventory_spof_report (vault_of (cli), inv_all);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  json_builder_begin_array (builder);
  g_ptr_array_add (rows, row (C_("column", "ACCOUNT"), C_("column", "PROBLEM"), NULL));
  for (guint i = 0; i < report->len; i++)
    {
      SkSpofEntry *entry = report->pdata[i];
      SkIdentity *identity = entry->identity_uuid != NULL
        ? sk_inventory_lookup_identity (vault_of (cli), entry->identity_uuid) : NULL;
      g_autofree char *display = identity != NULL ? sk_identity_dup_display (identity, FALSE) : NULL;
      g_autofree char *problem = NULL;

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", entry->account_uuid);
      sk_cli_json_add_string (builder, "name", account_name (cli, entry->account_uuid));
      sk_cli_json_add_string (builder, "kind", entry->kind == SK_SPOF_SINGLE_IDENTITY
                              ? "single-identity" : "no-way-back");
      sk_cli_json_add_string (builder, "identity", entry->identity_uuid);
      sk_cli_json_add_string (builder, "identity_display", display);
      add_json_strv (builder, "identities", (const char * const *) entry->identities);
      add_json_strv (builder, "chain", (const char * const *) entry->chain);
      json_builder_set_member_name (builder, "n_paths");
      json_builder_add_int_value (builder, entry->n_paths);
      json_builder_set_member_name (builder, "n_inactive");
      json_builder_add_int_value (builder, entry->n_inactive);
      json_builder_end_object (builder);

      if (entry->kind == SK_SPOF_SINGLE_IDENTITY && entry->chain != NULL &&
          g_strv_length (entry->chain) > 2)
        {
          g_autofree char *words = sk_ways_back_chain_to_string ((const char * const *) entry->chain);
          g_autofree char *root = last_display (cli, entry);

          /* A chain: say which link holds it all. */
          problem = g_strdup_printf (_("every way back goes through %s %s: %s"),
                                     sk_identity_kind_get_label (sk_identity_get_kind (last_point (cli, entry))),
                                     root, words);
        }
      else if (entry->kind == SK_SPOF_SINGLE_IDENTITY)
        problem = g_strdup_printf (_("every way back goes through %s %s"),
                                   sk_identity_kind_get_label (sk_identity_get_kind (identity)), display);
      else if (entry->chain != NULL && g_strv_length (entry->chain) > 2)
        {
          g_autofree char *words = sk_ways_back_chain_to_string ((const char * const *) entry->chain);

          problem = g_strdup_printf (_("no way back left: %s"), words);
        }
      else if (entry->n_inactive > 0)
        problem = g_strdup (_("no way back left: the bound identities are lost or cancelled, no recovery codes"));
      else
        problem = g_strdup (_("no way back recorded: no recovery bindings, no recovery codes"));
      g_ptr_array_add (rows, row (account_name (cli, entry->account_uuid), problem, NULL));
    }
  json_builder_end_array (builder);

  if (cli->json)
    sk_cli_print_builder (builder);
  else if (report->len == 0)
    g_print (_("No single points of failure among the recorded accounts.\n"));
  else
    sk_cli_print_table (rows);
  return TRUE;
}

static gboolean
inventory_account (SkCli     *cli,
                   SkAccount *account,
                   GError   **error)
{
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(SkSupportInfo) info = sk_inventory_get_support (vault_of (cli), uuid);
  g_autoptr(GPtrArray) bindings = NULL;
  g_autofree char *warning = NULL;
  gboolean changed = FALSE;

#define SET(field, option) \
  if (option != NULL) { g_free (info->field); info->field = g_strdup (option); changed = TRUE; }
  SET (site, inv_site);
  SET (chat, inv_chat);
  SET (ticket, inv_ticket);
  SET (email, inv_email);
  SET (phone, inv_phone);
  SET (recovery_page, inv_recovery_page);
  SET (note, inv_note);
#undef SET
  if (changed)
    {
      sk_inventory_set_support (vault_of (cli), info, g_get_real_time ());
      if (!save (cli, error))
        return FALSE;
    }

  bindings = sk_inventory_list_bindings (vault_of (cli), uuid, NULL);
  warning = sk_recovery_codes_dup_warning (vault_of (cli), uuid);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", uuid);
      sk_cli_json_add_string (builder, "name", sk_account_get_display_name (account));
      json_builder_set_member_name (builder, "support");
      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "site", info->site);
      sk_cli_json_add_string (builder, "chat", info->chat);
      sk_cli_json_add_string (builder, "ticket", info->ticket);
      sk_cli_json_add_string (builder, "email", info->email);
      sk_cli_json_add_string (builder, "phone", info->phone);
      sk_cli_json_add_string (builder, "recovery_page", info->recovery_page);
      sk_cli_json_add_string (builder, "note", info->note);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "bindings");
      json_builder_begin_array (builder);
      for (guint i = 0; i < bindings->len; i++)
        {
          SkBinding *binding = bindings->pdata[i];
          SkIdentity *identity = sk_inventory_lookup_identity (vault_of (cli),
                                                               sk_binding_get_identity_uuid (binding));
          g_autofree char *display = identity != NULL ? sk_identity_dup_display (identity, FALSE) : NULL;

          json_builder_begin_object (builder);
          build_binding (cli, builder, binding);
          sk_cli_json_add_string (builder, "identity_display", display);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "recovery_codes_remaining");
      json_builder_add_int_value (builder, sk_recovery_codes_count_remaining (vault_of (cli), uuid, NULL));
      sk_cli_json_add_string (builder, "recovery_codes_warning", warning);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  g_print ("%s\n", sk_account_get_display_name (account));
  if (bindings->len == 0)
    g_print (_("No bindings recorded.\n"));
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

      g_ptr_array_add (rows, row (C_("column", "ROLE"), C_("column", "IDENTITY"), C_("column", "SINCE"), C_("column", "COOLDOWN UNTIL"), C_("column", "NOTE"), NULL));
      for (guint i = 0; i < bindings->len; i++)
        {
          SkBinding *binding = bindings->pdata[i];
          SkIdentity *identity = sk_inventory_lookup_identity (vault_of (cli),
                                                               sk_binding_get_identity_uuid (binding));
          g_autofree char *display = identity != NULL ? sk_identity_dup_display (identity, FALSE)
                                                      : g_strdup (sk_binding_get_identity_uuid (binding));

          g_ptr_array_add (rows, row (sk_binding_role_to_string (sk_binding_get_role (binding)), display,
                                      or_dash (sk_binding_get_since (binding)),
                                      or_dash (sk_binding_get_cooldown_until (binding)),
                                      or_dash (sk_binding_get_note (binding)), NULL));
        }
      sk_cli_print_table (rows);
    }
  g_print (_("Support: site %s, chat %s, ticket %s, email %s, phone %s\n"),
           or_dash (info->site), or_dash (info->chat), or_dash (info->ticket),
           or_dash (info->email), or_dash (info->phone));
  g_print (_("Recovery page: %s\n"), or_dash (info->recovery_page));
  if (warning != NULL)
    g_printerr (_("sparekey-cli: warning: %s\n"), warning);
  return TRUE;
}

static gboolean
run_inventory (SkCli   *cli,
               char   **args,
               GError **error)
{
  const char *sub;

  if (!sk_cli_check_subcommand (args, "inventory", error))
    return FALSE;
  sub = args[0];
  if (g_str_equal (sub, "spof"))
    {
      if (!sk_cli_check_args (args, 1, 1, error) || !sk_cli_open_store (cli, error))
        return FALSE;
      return inventory_spof (cli, error);
    }
  if (g_str_equal (sub, "by-identity"))
    {
      g_autoptr(SkIdentity) identity = NULL;

      if (!sk_cli_check_args (args, 2, 2, error) || !sk_cli_open_store (cli, error))
        return FALSE;
      identity = sk_cli_find_one_identity (cli, args[1], error);
      return identity != NULL && print_by_identity (cli, identity, error);
    }
  if (g_str_equal (sub, "account"))
    {
      g_autoptr(SkAccount) account = NULL;

      if (!sk_cli_check_args (args, 2, 2, error) || !sk_cli_open_store (cli, error))
        return FALSE;
      account = sk_cli_find_one_account (cli, args[1], error);
      return account != NULL && inventory_account (cli, account, error);
    }
  return sk_cli_unknown_subcommand ("inventory", sub, error);
}

const SkCliCommand sk_cli_command_inventory = {
  "inventory",
  NC_("usage", "spof | by-identity ID | account ACCOUNT"),
  N_("See what depends on what: single points of failure, by identity, by account"),
  N_("spof lists accounts whose every way back (SMS, recovery email, authenticator device,\n"
     "third-party login, trusted device, unused recovery codes) goes through one identity,\n"
     "or that have none left. account shows an account's bindings and support channels and\n"
     "sets the channels with --site, --chat, --ticket, --email, --phone, --recovery-page."),
  inventory_entries,
  run_inventory,
};

/* audit ----------------------------------------------------------------------- */

static int audit_within = 0;
static gboolean audit_list_accounts;
static char *audit_checklist;
static gboolean audit_all_checked;
static char *audit_note;
static gboolean audit_history;
static gboolean audit_with_names;

static const GOptionEntry audit_entries[] = {
  { "within", 0, 0, G_OPTION_ARG_INT, &audit_within,
    N_("due: count what is due in the next DAYS days too"), NC_("metavar", "DAYS") },
  { "accounts", 0, 0, G_OPTION_ARG_NONE, &audit_list_accounts,
    N_("due: unlock the vault and list the accounts that are due"), NULL },
  { "checklist", 'c', 0, G_OPTION_ARG_STRING, &audit_checklist,
    N_("done: the checks that passed, comma-separated: still-used, bindings-correct, third-party-removed, codes-left, code-accepted, support-valid"),
    NC_("metavar", "LIST") },
  { "all-checked", 0, 0, G_OPTION_ARG_NONE, &audit_all_checked,
    N_("done: every check passed"), NULL },
  { "note", 0, 0, G_OPTION_ARG_STRING, &audit_note, N_("done: a note"), NC_("metavar", "TEXT") },
  { "history", 0, 0, G_OPTION_ARG_NONE, &audit_history,
    N_("list: show past audits instead of due dates"), NULL },
  { "with-names", 0, 0, G_OPTION_ARG_NONE, &audit_with_names,
    N_("ics: put account names in the event description"), NULL },
  { NULL }
};

/* Without the password: only the reminder file beside the vault. */
static gboolean
audit_due_locked (SkCli   *cli,
                  GError **error)
{
  const char *path = sk_cli_get_vault_path (cli);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) limit = g_date_time_add_days (now, audit_within);
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) next_local = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *when = NULL;
  gboolean due;

  next = sk_reminders_load_next (path, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (next != NULL)
    {
      next_local = g_date_time_to_local (next);
      when = g_date_time_format (next_local, "%Y-%m-%d %H:%M");
    }
  due = next != NULL && g_date_time_compare (next, limit) <= 0;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(GDateTime) next_utc = next != NULL ? g_date_time_to_utc (next) : NULL;
      g_autofree char *iso = next_utc != NULL ? g_date_time_format (next_utc, "%Y-%m-%dT%H:%M:%SZ") : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "due");
      json_builder_add_boolean_value (builder, due);
      sk_cli_json_add_string (builder, "next_due", iso);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else if (next == NULL)
    g_print (_("No audit is scheduled (the reminder file is written when the vault is saved).\n"));
  else if (due)
    g_print (_("An audit is due (since %s). Run “sparekey-cli audit due --accounts” to see which.\n"), when);
  else
    g_print (_("Next audit due on %s.\n"), when);

  cli->status = due ? SK_CLI_EXIT_DUE : SK_CLI_EXIT_OK;
  return TRUE;
}

static gboolean
audit_due_unlocked (SkCli   *cli,
                    GError **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  /* Opening is a good moment to bring the reminder file up to date. */
  sk_reminders_save (sk_store_get_path (cli->store), vault_of (cli), NULL);

  due = sk_audit_list_due (vault_of (cli), now, audit_within, FALSE);
  json_builder_begin_array (builder);
  g_ptr_array_add (rows, row (C_("column", "ACCOUNT"), C_("column", "DUE"), C_("column", "LAST AUDIT"), NULL));
  for (guint i = 0; i < due->len; i++)
    {
      SkAuditDue *entry = due->pdata[i];
      g_autofree char *date = format_date (entry->due);
      g_autofree char *last = sk_cli_format_time (entry->last, FALSE);

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", entry->account_uuid);
      sk_cli_json_add_string (builder, "name", account_name (cli, entry->account_uuid));
      sk_cli_json_add_string (builder, "due", date);
      sk_cli_json_add_time (builder, "last_audit", entry->last);
      json_builder_set_member_name (builder, "interval");
      json_builder_add_int_value (builder, entry->interval);
      json_builder_end_object (builder);
      g_ptr_array_add (rows, row (account_name (cli, entry->account_uuid), date,
                                  last != NULL ? last : _("never"), NULL));
    }
  json_builder_end_array (builder);
  if (cli->json)
    sk_cli_print_builder (builder);
  else if (due->len == 0)
    g_print (_("No account is due for an audit.\n"));
  else
    sk_cli_print_table (rows);
  cli->status = due->len > 0 ? SK_CLI_EXIT_DUE : SK_CLI_EXIT_OK;
  return TRUE;
}

static gboolean
audit_done (SkCli      *cli,
            const char *query,
            GError    **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkAuditRecord) record = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next = NULL;
  gboolean checks[SK_AUDIT_N_CHECKS] = { FALSE };
  g_autofree char *next_text = NULL;

  if (audit_checklist != NULL)
    {
      g_auto(GStrv) items = g_strsplit (audit_checklist, ",", -1);

      for (guint i = 0; items[i] != NULL; i++)
        {
          SkAuditCheck check;

          if (*g_strstrip (items[i]) == '\0')
            continue;
          if (!sk_audit_check_from_string (items[i], &check))
            {
              g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                           _("unknown checklist item “%s” (still-used, bindings-correct, third-party-removed, codes-left, code-accepted, support-valid)"),
                           items[i]);
              return FALSE;
            }
          checks[check] = TRUE;
        }
    }
  if (audit_all_checked)
    for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
      checks[i] = TRUE;

  account = sk_cli_open_find_account (cli, query, error);
  if (account == NULL)
    return FALSE;
  record = sk_audit_record_done (vault_of (cli), sk_account_get_uuid (account), checks,
                                 audit_note, g_date_time_to_unix (now) * G_USEC_PER_SEC +
                                 g_date_time_get_microsecond (now), error);
  if (record == NULL || !save (cli, error))
    return FALSE;
  next = sk_audit_get_due (vault_of (cli), account, NULL);
  next_text = format_date (next);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "uuid", record->uuid);
      sk_cli_json_add_string (builder, "account", record->account_uuid);
      sk_cli_json_add_time (builder, "time", record->time);
      json_builder_set_member_name (builder, "checks");
      json_builder_begin_object (builder);
      for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
        {
          json_builder_set_member_name (builder, sk_audit_check_to_string (i));
          json_builder_add_boolean_value (builder, record->checks[i]);
        }
      json_builder_end_object (builder);
      sk_cli_json_add_string (builder, "next_due", next_text);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      g_print (_("Audit of %s recorded; next one due on %s.\n"),
               sk_account_get_display_name (account), or_dash (next_text));
      for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
        if (!checks[i])
          g_print (_("  not checked: %s\n"), sk_audit_check_get_label (i));
    }
  return TRUE;
}

static gboolean
audit_list (SkCli      *cli,
            const char *query,
            GError    **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  if (query != NULL)
    {
      account = sk_cli_find_one_account (cli, query, error);
      if (account == NULL)
        return FALSE;
    }

  json_builder_begin_array (builder);
  if (audit_history)
    {
      g_autoptr(GPtrArray) history = sk_audit_list_history (vault_of (cli),
                                                            account != NULL ? sk_account_get_uuid (account) : NULL);

      g_ptr_array_add (rows, row (C_("column", "TIME"), C_("column", "ACCOUNT"), C_("column", "CHECKED"), C_("column", "NOTE"), NULL));
      for (guint i = 0; i < history->len; i++)
        {
          SkAuditRecord *record = history->pdata[i];
          g_autofree char *time = sk_cli_format_time (record->time, FALSE);
          g_autofree char *checked = NULL;
          guint n = 0;

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "uuid", record->uuid);
          sk_cli_json_add_string (builder, "account", record->account_uuid);
          sk_cli_json_add_string (builder, "name", account_name (cli, record->account_uuid));
          sk_cli_json_add_time (builder, "time", record->time);
          json_builder_set_member_name (builder, "checks");
          json_builder_begin_object (builder);
          for (guint c = 0; c < SK_AUDIT_N_CHECKS; c++)
            {
              json_builder_set_member_name (builder, sk_audit_check_to_string (c));
              json_builder_add_boolean_value (builder, record->checks[c]);
              n += record->checks[c] ? 1 : 0;
            }
          json_builder_end_object (builder);
          sk_cli_json_add_string (builder, "note", record->note);
          json_builder_end_object (builder);
          checked = g_strdup_printf ("%u/%u", n, (guint) SK_AUDIT_N_CHECKS);
          g_ptr_array_add (rows, row (or_dash (time), account_name (cli, record->account_uuid),
                                      checked, or_dash (record->note), NULL));
        }
    }
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autoptr(GPtrArray) due = sk_audit_list_due (vault_of (cli), now, 0, TRUE);

      g_ptr_array_add (rows, row (C_("column", "ACCOUNT"), C_("column", "EVERY"), C_("column", "LAST AUDIT"), C_("column", "NEXT DUE"), NULL));
      for (guint i = 0; i < due->len; i++)
        {
          SkAuditDue *entry = due->pdata[i];
          g_autofree char *date = format_date (entry->due);
          g_autofree char *last = sk_cli_format_time (entry->last, FALSE);
          g_autofree char *every = NULL;
          gboolean overdue = g_date_time_compare (entry->due, now) <= 0;

          if (account != NULL && !g_str_equal (entry->account_uuid, sk_account_get_uuid (account)))
            continue;
          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "account", entry->account_uuid);
          sk_cli_json_add_string (builder, "name", account_name (cli, entry->account_uuid));
          json_builder_set_member_name (builder, "interval");
          json_builder_add_int_value (builder, entry->interval);
          sk_cli_json_add_time (builder, "last_audit", entry->last);
          sk_cli_json_add_string (builder, "next_due", date);
          json_builder_set_member_name (builder, "due");
          json_builder_add_boolean_value (builder, overdue);
          json_builder_end_object (builder);
          every = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", entry->interval),
                                   entry->interval);
          if (overdue)
            {
              g_autofree char *marked = g_strdup_printf (_("%s (due)"), date);

              g_ptr_array_add (rows, row (account_name (cli, entry->account_uuid), every,
                                          last != NULL ? last : _("never"), marked, NULL));
            }
          else
            g_ptr_array_add (rows, row (account_name (cli, entry->account_uuid), every,
                                        last != NULL ? last : _("never"), date, NULL));
        }
    }
  json_builder_end_array (builder);
  if (cli->json)
    sk_cli_print_builder (builder);
  else if (rows->len == 1)
    g_print (audit_history ? _("No audits recorded yet.\n") : _("No account has audits turned on.\n"));
  else
    sk_cli_print_table (rows);
  return TRUE;
}

static gboolean
audit_ics (SkCli      *cli,
           const char *file,
           GError    **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *ics = NULL;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  ics = sk_audit_export_ics (vault_of (cli), now, audit_with_names);
  if (g_str_equal (file, "-"))
    {
      fputs (ics, stdout);
      return TRUE;
    }
  if (!g_file_set_contents_full (file, ics, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 audit_with_names ? 0600 : 0644, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "file", file);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Wrote %s: import it into any calendar.\n"), file);
  return TRUE;
}

static gboolean
audit_interval (SkCli      *cli,
                const char *query,
                const char *value,
                GError    **error)
{
  g_autoptr(SkAccount) account = NULL;
  gboolean is_default = FALSE;
  guint days;

  account = sk_cli_open_find_account (cli, query, error);
  if (account == NULL)
    return FALSE;

  if (value != NULL)
    {
      int wanted;
      guint64 number;

      if (g_str_equal (value, "default"))
        wanted = -1;
      else if (g_str_equal (value, "off"))
        wanted = 0;
      else if (g_ascii_string_to_unsigned (value, 10, 1, SK_AUDIT_MAX_INTERVAL, &number, NULL))
        wanted = (int) number;
      else
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("the interval must be a number of days from 1 to %d, “default” or “off”, got “%s”"),
                       SK_AUDIT_MAX_INTERVAL, value);
          return FALSE;
        }
      if (!sk_audit_set_interval (vault_of (cli), sk_account_get_uuid (account), wanted,
                                  g_get_real_time (), error) ||
          !save (cli, error))
        return FALSE;
    }

  days = sk_audit_get_interval (vault_of (cli), sk_account_get_uuid (account), &is_default);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", sk_account_get_uuid (account));
      json_builder_set_member_name (builder, "interval");
      json_builder_add_int_value (builder, days);
      json_builder_set_member_name (builder, "default");
      json_builder_add_boolean_value (builder, is_default);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else if (days == 0)
    g_print (_("%s: audits are off.\n"), sk_account_get_display_name (account));
  else
    g_print (g_dngettext (GETTEXT_PACKAGE, "%s: audited every %u day%s.\n",
                          "%s: audited every %u days%s.\n", days),
             sk_account_get_display_name (account), days, is_default ? _(" (default)") : "");
  return TRUE;
}

static gboolean
run_audit (SkCli   *cli,
           char   **args,
           GError **error)
{
  const char *sub;

  if (!sk_cli_check_subcommand (args, "audit", error))
    return FALSE;
  sub = args[0];
  if (audit_within < 0 || audit_within > SK_AUDIT_MAX_INTERVAL)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("--within must be between 0 and %d days, got %d"),
                   SK_AUDIT_MAX_INTERVAL, audit_within);
      return FALSE;
    }

  if (g_str_equal (sub, "due"))
    {
      if (!sk_cli_check_args (args, 1, 1, error))
        return FALSE;
      return audit_list_accounts ? audit_due_unlocked (cli, error) : audit_due_locked (cli, error);
    }
  if (g_str_equal (sub, "done"))
    return sk_cli_check_args (args, 2, 2, error) && audit_done (cli, args[1], error);
  if (g_str_equal (sub, "list"))
    return sk_cli_check_args (args, 1, 2, error) && audit_list (cli, args[1], error);
  if (g_str_equal (sub, "ics"))
    return sk_cli_check_args (args, 2, 2, error) && audit_ics (cli, args[1], error);
  if (g_str_equal (sub, "interval"))
    return sk_cli_check_args (args, 2, 3, error) && audit_interval (cli, args[1], args[2], error);
  return sk_cli_unknown_subcommand ("audit", sub, error);
}

const SkCliCommand sk_cli_command_audit = {
  "audit",
  NC_("usage", "due | done ACCOUNT | list [ACCOUNT] | ics FILE | interval ACCOUNT [DAYS|default|off]"),
  N_("Quarterly audits of bindings, recovery codes and support contacts"),
  N_("“audit due” needs no password: it reads only the reminder file beside the vault and\n"
     "exits with 0 when nothing is due and 10 when an audit is due (for cron and scripts).\n"
     "“audit due --accounts” unlocks the vault and lists the accounts. “audit ics FILE”\n"
     "writes a recurring calendar event (RFC 5545) for each interval in use."),
  audit_entries,
  run_audit,
};
