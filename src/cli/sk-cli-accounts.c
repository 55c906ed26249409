/* sk-cli-accounts.c: sparekey-cli account commands: add, list, code, show,
 * edit, rm, qr, icon
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>

#include "sk-cli-private.h"

/* Accounts are named in output by the first 8 characters of their UUID. */
#define UUID_PREFIX_LEN 8

static char *
uuid_prefix (SkAccount *account)
{
  return g_strndup (sk_account_get_uuid (account), UUID_PREFIX_LEN);
}

static const char *
type_label (SkOtpType type)
{
  switch (type)
    {
    case SK_OTP_HOTP:
      return "HOTP";
    case SK_OTP_STEAM:
      return "Steam";
    case SK_OTP_YANDEX:
      return "Yandex";
    case SK_OTP_MOTP:
      return "mOTP";
    case SK_OTP_TOTP:
    default:
      return "TOTP";
    }
}

/* The TYPE column: the kind of code, or for an account without codes
 * what protects it instead ("SMS code"). */
static const char *
account_type_label (SkAccount *account)
{
  if (!sk_account_has_code (account))
    return sk_protection_get_label (sk_account_get_protection (account));
  return type_label (sk_account_get_otp_type (account));
}

/* "none" for accounts without codes, as the vault stores them. */
static const char *
account_type_name (SkAccount *account)
{
  return sk_account_has_code (account)
         ? sk_otp_type_to_string (sk_account_get_otp_type (account)) : "none";
}

static char *
describe_account (SkAccount *account)
{
  g_autofree char *prefix = uuid_prefix (account);
  g_autofree char *name = sk_cli_escape (sk_account_get_display_name (account), FALSE);

  return g_strdup_printf ("“%s” (%s)", name, prefix);
}

/* Every key is always present (null when not set), in a fixed order. */
static void
build_account_json (JsonBuilder *builder,
                    SkAccount   *account)
{
  const char * const *tags = sk_account_get_tags (account);
  gboolean has_code = sk_account_has_code (account);

  json_builder_begin_object (builder);
  sk_cli_json_add_string (builder, "uuid", sk_account_get_uuid (account));
  sk_cli_json_add_string (builder, "type", account_type_name (account));
  json_builder_set_member_name (builder, "has_code");
  json_builder_add_boolean_value (builder, has_code);
  sk_cli_json_add_string (builder, "protection", sk_protection_to_string (sk_account_get_protection (account)));
  sk_cli_json_add_string (builder, "issuer", sk_account_get_issuer (account));
  sk_cli_json_add_string (builder, "name", sk_account_get_name (account));
  sk_cli_json_add_string (builder, "display_name", sk_account_get_display_name (account));
  sk_cli_json_add_string (builder, "service", sk_account_get_service (account));
  sk_cli_json_add_string (builder, "category", sk_account_get_category (account));
  /* The code parameters of an account without codes are null. */
  sk_cli_json_add_string (builder, "algorithm",
                          has_code ? sk_otp_algorithm_to_string (sk_account_get_algorithm (account)) : NULL);
  json_builder_set_member_name (builder, "digits");
  if (has_code)
    json_builder_add_int_value (builder, sk_account_get_digits (account));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "period");
  if (has_code)
    json_builder_add_int_value (builder, sk_account_get_period (account));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "counter");
  if (has_code)
    json_builder_add_int_value (builder, (gint64) sk_account_get_counter (account));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  sk_cli_json_add_string (builder, "note", sk_account_get_note (account));
  json_builder_set_member_name (builder, "favourite");
  json_builder_add_boolean_value (builder, sk_account_get_favourite (account));
  sk_cli_json_add_time (builder, "created", sk_account_get_created (account));
  sk_cli_json_add_time (builder, "updated", sk_account_get_updated (account));
  sk_cli_json_add_time (builder, "last_used", sk_account_get_last_used (account));
  /* The picture itself stays out: "icon --save" writes it to a file. */
  sk_cli_json_add_string (builder, "icon_mime", sk_account_get_icon_mime_type (account));
  json_builder_set_member_name (builder, "icon_size");
  if (sk_account_get_icon (account) != NULL)
    json_builder_add_int_value (builder, g_bytes_get_size (sk_account_get_icon (account)));
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

/* "PNG, 12.3 kB", or NULL without an icon. */
static char *
describe_icon (SkAccount *account)
{
  GBytes *icon = sk_account_get_icon (account);
  const char *type = sk_account_get_icon_mime_type (account);
  g_autofree char *size = NULL;

  if (icon == NULL)
    return NULL;
  size = g_format_size (g_bytes_get_size (icon));
  return g_strdup_printf ("%s, %s",
                          g_str_equal (type, "image/png") ? "PNG" :
                          g_str_equal (type, "image/jpeg") ? "JPEG" : "SVG",
                          size);
}

static char *
join_tags (SkAccount *account)
{
  const char * const *tags = sk_account_get_tags (account);

  return tags != NULL ? g_strjoinv (", ", (char **) tags) : g_strdup ("");
}

static gboolean
same_key (SkAccount *a,
          SkAccount *b)
{
  SkSecret *sa = sk_account_get_secret (a);
  SkSecret *sb = sk_account_get_secret (b);

  return sk_account_get_otp_type (a) == sk_account_get_otp_type (b) &&
         sa != NULL && sb != NULL && sk_secret_equal (sa, sb);
}

SkAccount *
sk_cli_open_find_account (SkCli       *cli,
                          const char  *query,
                          GError     **error)
{
  if (!sk_cli_open_store (cli, error))
    return NULL;
  return sk_cli_find_one_account (cli, query, error);
}

SkAccount *
sk_cli_find_one_account (SkCli       *cli,
                         const char  *query,
                         GError     **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(GString) candidates = NULL;

  matches = sk_services_find_accounts (sk_store_get_vault (cli->store), query);
  if (matches == NULL || matches->len == 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("no account matches “%s”"), query);
      return NULL;
    }
  if (matches->len == 1)
    return g_object_ref (g_ptr_array_index (matches, 0));

  candidates = g_string_new (NULL);
  for (guint i = 0; i < matches->len; i++)
    {
      SkAccount *account = g_ptr_array_index (matches, i);
      g_autofree char *prefix = uuid_prefix (account);

      g_string_append_printf (candidates, "\n  %s  %s", prefix,
                              sk_account_get_display_name (account));
    }
  g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_AMBIGUOUS,
               g_dngettext (GETTEXT_PACKAGE,
                            "“%s” matches %u account; use more words or a UUID prefix:%s",
                            "“%s” matches %u accounts; use more words or a UUID prefix:%s",
                            matches->len),
               query, matches->len, candidates->str);
  return NULL;
}

/* add */

static char **add_qr_images;
static gboolean add_allow_duplicate;
static gboolean add_no_code;
static char *add_issuer;
static char *add_name;
static char *add_protection;
static char *add_service;
static char *add_category;

static const GOptionEntry add_entries[] = {
  { "qr", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &add_qr_images,
    N_("Add every otpauth:// and otpauth-migration:// QR code found in IMAGE (repeatable)"),
    NC_("metavar", "IMAGE") },
  { "allow-duplicate", 0, 0, G_OPTION_ARG_NONE, &add_allow_duplicate,
    N_("Add an account even if the vault has one with the same type and secret"), NULL },
  { "no-code", 0, 0, G_OPTION_ARG_NONE, &add_no_code,
    N_("Add an account without authenticator codes (SMS, email, app prompt…): needs --issuer"), NULL },
  { "issuer", 0, 0, G_OPTION_ARG_STRING, &add_issuer,
    N_("With --no-code: the service (“QQ”, “支付宝”)"), NC_("metavar", "ISSUER") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &add_name,
    N_("With --no-code: the account name or number at the service"), NC_("metavar", "NAME") },
  { "protection", 0, 0, G_OPTION_ARG_STRING, &add_protection,
    N_("With --no-code: how sign-in is protected: sms (default), email, app, password, hardware-key or none"),
    "sms|email|app|password|hardware-key|none" },
  { "service", 0, 0, G_OPTION_ARG_STRING, &add_service,
    N_("With --no-code: the service directory entry it is"), NC_("metavar", "ID") },
  { "category", 0, 0, G_OPTION_ARG_STRING, &add_category,
    N_("With --no-code: the kind of service (bank, wallet, payment, exchange, trading, email…)"),
    NC_("metavar", "CATEGORY") },
  { NULL }
};

/* The longest issuer, name, service or category accepted from the
 * command line: names are hostile input, and a screen line is enough. */
#define MAX_FIELD_BYTES 1024

/* Checks a text option: valid UTF-8, no control characters, bounded. */
static gboolean
check_text_option (const char  *option,
                   const char  *value,
                   GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL) || strlen (value) > MAX_FIELD_BYTES)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s must be UTF-8 text of at most %u bytes"), option, MAX_FIELD_BYTES);
      return FALSE;
    }
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                     _("%s must not contain control characters"), option);
        return FALSE;
      }
  return TRUE;
}

/* add --no-code: one account without codes from the options. */
static gboolean
run_add_no_code (SkCli   *cli,
                 char   **args,
                 GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  SkProtection protection = SK_PROTECTION_SMS;

  if ((args != NULL && args[0] != NULL) || add_qr_images != NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--no-code adds one account from --issuer and --name: no URI or --qr with it"));
      return FALSE;
    }
  if (add_issuer == NULL || *g_strstrip (add_issuer) == '\0')
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--no-code needs --issuer ISSUER"));
      return FALSE;
    }
  if (add_protection != NULL &&
      (!sk_protection_from_string (add_protection, &protection) || protection == SK_PROTECTION_CODE))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("--protection must be sms, email, app, password, hardware-key or none, got “%s”"),
                   add_protection);
      return FALSE;
    }
  if (!check_text_option ("--issuer", add_issuer, error) ||
      !check_text_option ("--name", add_name, error) ||
      !check_text_option ("--service", add_service, error) ||
      !check_text_option ("--category", add_category, error))
    return FALSE;

  account = sk_account_new_without_code (protection);
  sk_account_set_issuer (account, add_issuer);
  if (add_name != NULL)
    sk_account_set_name (account, g_strstrip (add_name));
  sk_account_set_service (account, add_service);
  sk_account_set_category (account, add_category);
  if (!sk_account_validate (account, error))
    return FALSE;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  sk_services_prefill_account (sk_store_get_vault (cli->store), account);
  sk_vault_add_account (sk_store_get_vault (cli->store), account);
  if (!sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "added");
      json_builder_begin_array (builder);
      build_account_json (builder, account);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "skipped_duplicates");
      json_builder_begin_array (builder);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      g_autofree char *prefix = uuid_prefix (account);

      g_print (_("Added %s  %s  (%s)\n"), prefix,
               sk_account_get_display_name (account), account_type_label (account));
    }
  return TRUE;
}

/* One URI to add, with where it came from for messages (never the URI
 * itself: it holds the secret). */
typedef struct {
  SkSecret *text;
  char     *source;
} AddInput;

static void
add_input_free (AddInput *input)
{
  g_clear_pointer (&input->text, sk_secret_unref);
  g_free (input->source);
  g_free (input);
}

static void
add_input (GPtrArray  *inputs,
           SkSecret   *text,
           char       *source)
{
  AddInput *input = g_new0 (AddInput, 1);

  input->text = text;
  input->source = source;
  g_ptr_array_add (inputs, input);
}

static gboolean
has_otp_scheme (const char *text)
{
  return g_ascii_strncasecmp (text, "otpauth://", strlen ("otpauth://")) == 0 ||
         g_ascii_strncasecmp (text, "motp:", strlen ("motp:")) == 0 ||
         sk_migration_is_uri (text);
}

static gboolean
read_stdin_uris (SkCli      *cli,
                 GPtrArray  *inputs,
                 GError    **error)
{
  g_autoptr(SkSecret) input = NULL;
  guint line_number = 0;
  char *line, *end;

  /* Bounded like every input; read into guarded memory (the links hold
   * secrets) and split there in place. The password is read later, but it
   * cannot come from standard input too (sk_cli_read_input() checks). */
  input = sk_cli_read_input (cli, "-", error);
  if (input == NULL)
    return FALSE;
  line = (char *) sk_secret_get_mutable (input);
  end = line + sk_secret_get_size (input);
  while (line < end)
    {
      char *next = line + strcspn (line, "\r\n");

      /* "\n", "\r\n" and "\r" each end a line. */
      if (next < end)
        {
          gboolean crlf = next[0] == '\r' && next + 1 < end && next[1] == '\n';

          *next = '\0';
          next += crlf ? 2 : 1;
        }
      line_number++;
      g_strstrip (line);
      /* Blank lines and # comments let people keep annotated lists. */
      if (*line != '\0' && *line != '#')
        add_input (inputs, sk_secret_new_from_string (line),
                   g_strdup_printf (_("standard input line %u"), line_number));
      line = next;
    }
  return TRUE;
}

static gboolean
read_qr_image (const char  *path,
               GPtrArray   *inputs,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  guint found = 0;

  texts = sk_qr_decode_file (path, &local_error);
  if (texts == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot read QR codes from “%s”: "), path);
      return FALSE;
    }

  for (guint i = 0; i < texts->len; i++)
    {
      SkSecret *text = g_ptr_array_index (texts, i);

      if (has_otp_scheme (sk_secret_get_string (text)))
        {
          add_input (inputs, sk_secret_ref (text),
                     g_strdup_printf (_("QR code %u of “%s”"), i + 1, path));
          found++;
        }
      else
        g_printerr (_("sparekey-cli: skipped QR code %u of “%s”: it is not an otpauth:// or otpauth-migration:// URI\n"),
                    i + 1, path);
    }

  if (found == 0)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND,
                   _("no otpauth:// or otpauth-migration:// QR code in “%s”"), path);
      return FALSE;
    }
  return TRUE;
}

/* Turns one input into accounts (a migration URI holds many). */
static gboolean
parse_input (AddInput   *input,
             GPtrArray  *accounts,
             GError    **error)
{
  const char *text = sk_secret_get_string (input->text);
  g_autoptr(GError) local_error = NULL;

  if (sk_migration_is_uri (text))
    {
      g_autoptr(SkMigrationBatch) batch = sk_migration_parse (text, &local_error);

      if (batch == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "%s: ", input->source);
          return FALSE;
        }
      for (guint i = 0; i < batch->entries->len; i++)
        {
          g_autoptr(SkAccount) account =
            sk_account_new_from_otp_uri (g_ptr_array_index (batch->entries, i));

          if (account == NULL || !sk_account_validate (account, &local_error))
            {
              if (local_error == NULL)
                g_set_error_literal (&local_error, SK_MIGRATION_ERROR,
                                     SK_MIGRATION_ERROR_PAYLOAD,
                                     _("the entry cannot be used"));
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          _("%s, account %u: "), input->source, i + 1);
              return FALSE;
            }
          g_ptr_array_add (accounts, g_steal_pointer (&account));
        }
      return TRUE;
    }
  else
    {
      g_autoptr(SkAccount) account = sk_account_new_from_uri (text, &local_error);

      if (account == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "%s: ", input->source);
          return FALSE;
        }
      if (sk_otp_type_needs_pin (sk_account_get_otp_type (account)) &&
          sk_account_get_pin (account) == NULL)
        {
          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("%s: a Yandex or mOTP account needs its PIN: add “&pin=PIN” to the link"),
                       input->source);
          return FALSE;
        }
      g_ptr_array_add (accounts, g_steal_pointer (&account));
      return TRUE;
    }
}

static gboolean
run_add (SkCli   *cli,
         char   **args,
         GError **error)
{
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) add_input_free);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  /* Pairs: the refused new account, the account already there. */
  g_autoptr(GPtrArray) skipped = g_ptr_array_new ();
  SkVault *vault;
  GListModel *model;

  if (add_no_code)
    return run_add_no_code (cli, args, error);
  if (add_issuer != NULL || add_name != NULL || add_protection != NULL ||
      add_service != NULL || add_category != NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--issuer, --name, --protection, --service and --category go with --no-code; an otpauth:// URI carries its own"));
      return FALSE;
    }
  if ((args == NULL || args[0] == NULL) && add_qr_images == NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("nothing to add: give otpauth:// URIs, “-” to read them from standard input, or --qr IMAGE"));
      return FALSE;
    }

  /* Everything is read and parsed before the vault is opened: bad input
   * changes nothing and needs no password. */
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      if (g_str_equal (args[i], "-"))
        {
          if (!read_stdin_uris (cli, inputs, error))
            return FALSE;
        }
      else
        add_input (inputs, sk_secret_new_from_string (args[i]),
                   g_strdup_printf (_("argument %u"), i + 1));
    }
  for (guint i = 0; add_qr_images != NULL && add_qr_images[i] != NULL; i++)
    if (!read_qr_image (add_qr_images[i], inputs, error))
      return FALSE;

  if (inputs->len == 0)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                           _("nothing to add: standard input held no URI"));
      return FALSE;
    }

  for (guint i = 0; i < inputs->len; i++)
    if (!parse_input (g_ptr_array_index (inputs, i), accounts, error))
      return FALSE;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  vault = sk_store_get_vault (cli->store);
  model = sk_vault_get_accounts (vault);

  for (guint i = 0; i < accounts->len; i++)
    {
      SkAccount *account = g_ptr_array_index (accounts, i);
      SkAccount *existing = NULL;
      guint n = g_list_model_get_n_items (model);

      for (guint j = 0; j < n && existing == NULL; j++)
        {
          g_autoptr(SkAccount) other = g_list_model_get_item (model, j);

          if (same_key (account, other))
            existing = other;
        }
      for (guint j = 0; j < added->len && existing == NULL; j++)
        if (same_key (account, g_ptr_array_index (added, j)))
          existing = g_ptr_array_index (added, j);

      if (existing != NULL && !add_allow_duplicate)
        {
          g_ptr_array_add (skipped, account);
          g_ptr_array_add (skipped, existing);
        }
      else
        g_ptr_array_add (added, account);
    }

  if (added->len > 0)
    {
      /* The directory names the service and its category (issue: "weixin"
       * then finds it, money ranks without a tag). */
      for (guint i = 0; i < added->len; i++)
        sk_services_prefill_account (vault, g_ptr_array_index (added, i));
      sk_vault_add_accounts (vault, (SkAccount **) added->pdata, added->len);
      if (!sk_cli_save (cli, error))
        return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "added");
      json_builder_begin_array (builder);
      for (guint i = 0; i < added->len; i++)
        build_account_json (builder, g_ptr_array_index (added, i));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "skipped_duplicates");
      json_builder_begin_array (builder);
      for (guint i = 0; i < skipped->len; i += 2)
        {
          SkAccount *account = g_ptr_array_index (skipped, i);
          SkAccount *existing = g_ptr_array_index (skipped, i + 1);

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "type", sk_otp_type_to_string (sk_account_get_otp_type (account)));
          sk_cli_json_add_string (builder, "issuer", sk_account_get_issuer (account));
          sk_cli_json_add_string (builder, "name", sk_account_get_name (account));
          sk_cli_json_add_string (builder, "existing_uuid", sk_account_get_uuid (existing));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      for (guint i = 0; i < added->len; i++)
        {
          SkAccount *account = g_ptr_array_index (added, i);
          g_autofree char *prefix = uuid_prefix (account);
          g_autofree char *name = sk_cli_escape (sk_account_get_display_name (account), FALSE);

          g_print (_("Added %s  %s  (%s)\n"), prefix, name,
                   type_label (sk_account_get_otp_type (account)));
        }
    }

  for (guint i = 0; i < skipped->len; i += 2)
    {
      g_autofree char *what = describe_account (g_ptr_array_index (skipped, i + 1));
      g_autofree char *name = sk_cli_escape (sk_account_get_display_name (g_ptr_array_index (skipped, i)),
                                             FALSE);

      g_printerr (_("sparekey-cli: skipped “%s”: the vault already has %s with the same type and secret (use --allow-duplicate to add it anyway)\n"),
                  name, what);
    }

  if (skipped->len > 0)
    {
      guint n_skipped = skipped->len / 2;

      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u duplicate account was not added",
                                "%u duplicate accounts were not added",
                                n_skipped),
                   n_skipped);
      return FALSE;
    }
  return TRUE;
}

const SkCliCommand sk_cli_command_add = {
  .name = "add",
  .parameter_string = NC_("usage", "[URI…] | --no-code --issuer ISSUER [--name NAME] [--protection P]"),
  .summary = N_("Add accounts from otpauth:// or otpauth-migration:// URIs or QR images, or one without codes"),
  .description = N_("Each URI is an otpauth:// URI (Yandex: otpauth://yaotp/…&pin=PIN; mOTP:\n"
                    "motp://ISSUER:NAME?secret=TEXT&pin=PIN) or a Google Authenticator\n"
                    "otpauth-migration:// batch (all its accounts are added). “-” reads URIs\n"
                    "from standard input, one per line (blank lines and lines starting with\n"
                    "# are ignored). Nothing is added if any input is malformed. An account\n"
                    "with the same type and secret as one already in the vault is skipped\n"
                    "(exit code 8, the others are still added) unless --allow-duplicate.\n"
                    "--no-code adds an account that has no authenticator codes (QQ, WeChat,\n"
                    "a bank: SMS only), recording how its sign-in is protected, so that its\n"
                    "bindings, recovery codes and recovery plan are kept like any other's."),
  .entries = add_entries,
  .run = run_add,
};

/* list */

static gboolean list_with_codes;
static gboolean list_without_codes;

static const GOptionEntry list_entries[] = {
  { "with-codes", 0, 0, G_OPTION_ARG_NONE, &list_with_codes,
    N_("Only accounts with authenticator codes"), NULL },
  { "without-codes", 0, 0, G_OPTION_ARG_NONE, &list_without_codes,
    N_("Only accounts without authenticator codes"), NULL },
  { NULL }
};

/* Drops from @accounts those the --with-codes / --without-codes filter
 * leaves out. */
static void
filter_by_code (GPtrArray *accounts,
                gboolean   with_codes,
                gboolean   without_codes)
{
  if (with_codes == without_codes)
    return;
  for (guint i = accounts->len; i > 0; i--)
    if (sk_account_has_code (g_ptr_array_index (accounts, i - 1)) != with_codes)
      g_ptr_array_remove_index (accounts, i - 1);
}

static gboolean
run_list (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(GPtrArray) accounts = NULL;
  gboolean none_at_all;

  if (!sk_cli_check_args (args, 0, 1, error))
    return FALSE;
  if (list_with_codes && list_without_codes)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--with-codes and --without-codes cannot be used together"));
      return FALSE;
    }
  if (!sk_cli_open_store (cli, error))
    return FALSE;

  if (args[0] != NULL)
    accounts = sk_services_find_accounts (sk_store_get_vault (cli->store), args[0]);
  else
    {
      GListModel *model = sk_vault_get_accounts (sk_store_get_vault (cli->store));
      guint n = g_list_model_get_n_items (model);

      accounts = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (accounts, g_list_model_get_item (model, i));
    }

  if (args[0] != NULL && accounts->len == 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("no account matches “%s”"), args[0]);
      return FALSE;
    }
  none_at_all = accounts->len == 0;
  filter_by_code (accounts, list_with_codes, list_without_codes);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < accounts->len; i++)
        build_account_json (builder, g_ptr_array_index (accounts, i));
      json_builder_end_array (builder);
      sk_cli_print_builder (builder);
    }
  else if (accounts->len > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char **header = g_new0 (char *, 6);

      header[0] = g_strdup (C_("column", "UUID"));
      header[1] = g_strdup (C_("column", "ISSUER"));
      header[2] = g_strdup (C_("column", "NAME"));
      header[3] = g_strdup (C_("column", "TYPE"));
      header[4] = g_strdup (C_("column", "TAGS"));
      g_ptr_array_add (rows, header);

      for (guint i = 0; i < accounts->len; i++)
        {
          SkAccount *account = g_ptr_array_index (accounts, i);
          char **row = g_new0 (char *, 6);

          row[0] = uuid_prefix (account);
          row[1] = g_strdup (sk_account_get_issuer (account) != NULL
                             ? sk_account_get_issuer (account) : "");
          row[2] = g_strdup (sk_account_get_name (account) != NULL
                             ? sk_account_get_name (account) : "");
          row[3] = g_strdup (account_type_label (account));
          row[4] = join_tags (account);
          g_ptr_array_add (rows, row);
        }
      sk_cli_print_table (rows);
    }
  else if (none_at_all)
    g_printerr (_("The vault has no accounts yet; add some with “sparekey-cli add”.\n"));
  else if (list_with_codes)
    g_printerr (_("No account has authenticator codes.\n"));
  else
    g_printerr (_("Every account has authenticator codes.\n"));
  return TRUE;
}

const SkCliCommand sk_cli_command_list = {
  .name = "list",
  .parameter_string = NC_("usage", "[QUERY]"),
  .summary = N_("List the accounts (never their secrets)"),
  .description = N_("Shows the UUID prefix, issuer, name, type and tags of every account, or\n"
                    "of those matching QUERY. --json gives all the metadata. For an account\n"
                    "without codes the type is how its sign-in is protected (“SMS code”);\n"
                    "--with-codes and --without-codes list only one kind."),
  .entries = list_entries,
  .run = run_list,
};

/* code */

static gboolean code_all;
static gboolean code_hotp;
static gint64 code_at = G_MININT64;

static const GOptionEntry code_entries[] = {
  { "all", 'a', 0, G_OPTION_ARG_NONE, &code_all,
    N_("Show the codes of every matching account (HOTP accounts are listed without a code)"), NULL },
  { "hotp", 0, 0, G_OPTION_ARG_NONE, &code_hotp,
    N_("With --all, or without a query, also generate HOTP codes (advances and saves their counters)"), NULL },
  { "at", 0, 0, G_OPTION_ARG_INT64, &code_at,
    N_("Compute time-based codes for this time (seconds since 1970-01-01 UTC) instead of now"),
    NC_("metavar", "UNIX_TIME") },
  { NULL }
};

typedef struct {
  SkAccount *account;
  char       code[SK_OTP_CODE_MAX];
  guint      seconds_left;   /* TOTP/Steam */
  guint64    counter;        /* HOTP: the counter the code is for */
  gboolean   not_generated;  /* HOTP listed without a code */
} CodeResult;

static gboolean
run_code (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree CodeResult *results = NULL;
  gboolean hotp_used = FALSE;
  gint64 now;

  if (!sk_cli_check_args (args, 0, 1, error))
    return FALSE;
  if (!sk_cli_open_store (cli, error))
    return FALSE;

  now = code_at != G_MININT64 ? code_at : g_get_real_time () / G_USEC_PER_SEC;

  if (args[0] != NULL)
    matches = sk_services_find_accounts (sk_store_get_vault (cli->store), args[0]);
  else
    {
      GListModel *model = sk_vault_get_accounts (sk_store_get_vault (cli->store));
      guint n = g_list_model_get_n_items (model);

      matches = g_ptr_array_new_full (n, g_object_unref);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (matches, g_list_model_get_item (model, i));
    }

  if (matches->len == 0)
    {
      if (args[0] != NULL)
        g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                     _("no account matches “%s”"), args[0]);
      else
        g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                             _("the vault has no accounts"));
      return FALSE;
    }
  /* Accounts without codes have nothing to show here. One named alone
   * says so; among several they are skipped. */
  if (matches->len == 1 && !sk_account_has_code (g_ptr_array_index (matches, 0)))
    {
      SkAccount *account = g_ptr_array_index (matches, 0);
      g_autofree char *what = describe_account (account);

      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("%s has no authenticator codes (sign-in: %s)"), what,
                   sk_protection_get_label (sk_account_get_protection (account)));
      return FALSE;
    }
  filter_by_code (matches, TRUE, FALSE);
  if (matches->len == 0)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                           args[0] != NULL
                           ? _("no account with authenticator codes matches")
                           : _("no account in the vault has authenticator codes"));
      return FALSE;
    }
  if (matches->len > 1 && !code_all)
    {
      g_autoptr(SkAccount) unused = NULL;

      /* Raises the "ambiguous" error listing the candidates. */
      if (args[0] != NULL)
        unused = sk_cli_find_one_account (cli, args[0], error);
      else
        g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_AMBIGUOUS,
                     _("the vault has %u accounts; name one or pass --all"),
                     matches->len);
      return FALSE;
    }

  results = g_new0 (CodeResult, matches->len);
  for (guint i = 0; i < matches->len; i++)
    {
      SkAccount *account = g_ptr_array_index (matches, i);
      CodeResult *result = &results[i];
      g_autoptr(GError) local_error = NULL;
      SkOtpParams params;
      gboolean ok;

      result->account = account;
      sk_account_get_params (account, &params);
      /* A HOTP code is a use: the counter advances and the vault is
       * saved. Only an account named on its own gets one, or all with
       * --hotp; scripts calling --all in a loop would otherwise push
       * every counter past the server's window. */
      if (sk_account_get_otp_type (account) == SK_OTP_HOTP &&
          !code_hotp && (code_all || args[0] == NULL))
        {
          result->counter = sk_account_get_counter (account);
          result->not_generated = TRUE;
          if (!code_all)
            {
              g_autofree char *what = describe_account (account);

              g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("%s is counter-based (HOTP): name it, or pass --hotp, to generate its next code"),
                           what);
              return FALSE;
            }
          continue;
        }
      if (sk_account_get_otp_type (account) == SK_OTP_HOTP)
        {
          result->counter = sk_account_get_counter (account);
          ok = sk_account_next_hotp (account, result->code, &local_error);
          if (ok)
            {
              sk_account_set_last_used (account, g_get_real_time ());
              hotp_used = TRUE;
            }
        }
      else
        {
          ok = sk_account_generate (account, now, result->code, &local_error);
          result->seconds_left = sk_otp_seconds_left (&params, now);
        }
      if (!ok)
        {
          g_autofree char *what = describe_account (account);

          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("cannot compute the code of %s: "), what);
          return FALSE;
        }
    }

  /* The advanced HOTP counters must be on disk before a code is shown:
   * a code shown twice would be refused by the server. */
  if (hotp_used && !sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < matches->len; i++)
        {
          CodeResult *result = &results[i];
          SkOtpType type = sk_account_get_otp_type (result->account);

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "uuid", sk_account_get_uuid (result->account));
          sk_cli_json_add_string (builder, "issuer", sk_account_get_issuer (result->account));
          sk_cli_json_add_string (builder, "name", sk_account_get_name (result->account));
          sk_cli_json_add_string (builder, "type", sk_otp_type_to_string (type));
          sk_cli_json_add_string (builder, "code", result->not_generated ? NULL : result->code);
          json_builder_set_member_name (builder, "seconds_left");
          if (type == SK_OTP_HOTP)
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, result->seconds_left);
          json_builder_set_member_name (builder, "counter");
          if (type == SK_OTP_HOTP)
            json_builder_add_int_value (builder, (gint64) result->counter);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      sk_cli_print_builder (builder);
    }
  else if (matches->len == 1 && !code_all)
    g_print ("%s\n", results[0].code);
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char **header = g_new0 (char *, 5);

      header[0] = g_strdup (C_("column", "ISSUER"));
      header[1] = g_strdup (C_("column", "NAME"));
      header[2] = g_strdup (C_("column", "CODE"));
      header[3] = g_strdup (C_("column", "VALID"));
      g_ptr_array_add (rows, header);

      for (guint i = 0; i < matches->len; i++)
        {
          CodeResult *result = &results[i];
          char **row = g_new0 (char *, 5);

          row[0] = g_strdup (sk_account_get_issuer (result->account) != NULL
                             ? sk_account_get_issuer (result->account) : "");
          row[1] = g_strdup (sk_account_get_name (result->account) != NULL
                             ? sk_account_get_name (result->account) : "");
          row[2] = g_strdup (result->not_generated ? "—" : result->code);
          if (result->not_generated)
            row[3] = g_strdup_printf (_("counter %" PRIu64 " (HOTP: name it or pass --hotp)"),
                                      (uint64_t) result->counter);
          else if (sk_account_get_otp_type (result->account) == SK_OTP_HOTP)
            row[3] = g_strdup_printf (_("counter %" PRIu64), (uint64_t) result->counter);
          else
            row[3] = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds",
                                                   result->seconds_left),
                                      result->seconds_left);
          g_ptr_array_add (rows, row);
        }
      sk_cli_print_table (rows);
    }
  return TRUE;
}

const SkCliCommand sk_cli_command_code = {
  .name = "code",
  .parameter_string = NC_("usage", "[QUERY]"),
  .summary = N_("Print the current code of an account"),
  .description = N_("QUERY is a UUID, a UUID prefix of 4 or more characters, or words that\n"
                    "must all appear in the issuer, name, tags or note. With one match the\n"
                    "code alone is printed. With several, --all prints a table of issuer,\n"
                    "name, code and seconds left; without --all it is an error (exit code 4).\n"
                    "For a HOTP account named on its own the code for the stored counter\n"
                    "is shown and the counter is advanced and saved. --all lists HOTP\n"
                    "accounts without a code (nothing advances, nothing is saved) unless\n"
                    "--hotp is given. Accounts without codes are skipped."),
  .entries = code_entries,
  .run = run_code,
};

/* show */

static gboolean show_reveal;

static const GOptionEntry show_entries[] = {
  { "reveal-secret", 0, 0, G_OPTION_ARG_NONE, &show_reveal,
    N_("Also print the secret key (base32) and the otpauth:// URI"), NULL },
  { NULL }
};

static void
print_field (const char *label,
             const char *value,
             gsize       width)
{
  gsize w = sk_cli_display_width (label);
  GString *line = g_string_new (label);

  /* Through g_print(), which escapes the value's controls. */
  g_string_append_c (line, ':');
  if (value != NULL && *value != '\0')
    {
      g_autofree char *escaped = sk_cli_escape (value, FALSE);

      for (; w < width + 2; w++)
        g_string_append_c (line, ' ');
      g_string_append (line, escaped);
    }
  g_print ("%s\n", line->str);
  /* The value may be the secret (show --reveal-secret). */
  sk_wipe_string (g_string_free (line, FALSE));
}

static gboolean
run_show (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkSecret) base32 = NULL;
  g_autoptr(SkSecret) uri = NULL;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;

  if (show_reveal)
    {
      SkSecret *key = sk_account_get_secret (account);

      if (key != NULL)
        base32 = sk_base32_encode (sk_secret_get_data (key), sk_secret_get_size (key));
      uri = sk_account_dup_uri (account);
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      JsonObject *object;

      build_account_json (builder, account);
      root = json_builder_get_root (builder);
      object = json_node_get_object (root);
      if (show_reveal)
        {
          json_object_set_string_member (object, "secret",
                                         base32 != NULL ? sk_secret_get_string (base32) : NULL);
          json_object_set_string_member (object, "uri",
                                         uri != NULL ? sk_secret_get_string (uri) : NULL);
        }
      sk_cli_print_json (root);
    }
  else
    {
      SkOtpType type = sk_account_get_otp_type (account);
      g_autofree char *tags = join_tags (account);
      g_autofree char *digits = g_strdup_printf ("%u", sk_account_get_digits (account));
      g_autofree char *period = g_strdup_printf (_("%u s"), sk_account_get_period (account));
      g_autofree char *counter = g_strdup_printf ("%" G_GUINT64_FORMAT, sk_account_get_counter (account));
      g_autofree char *created = sk_cli_format_time (sk_account_get_created (account), FALSE);
      g_autofree char *updated = sk_cli_format_time (sk_account_get_updated (account), FALSE);
      g_autofree char *last_used = sk_cli_format_time (sk_account_get_last_used (account), FALSE);
      g_autofree char *icon = describe_icon (account);
      const char *labels[] = {
        _("UUID"), _("Issuer"), _("Name"), _("Type"), _("Algorithm"), _("Digits"),
        _("Period"), _("Counter"), _("Tags"), _("Note"), _("Favourite"), _("Created"),
        _("Updated"), _("Last used"), _("Secret"), _("URI"), _("Icon"),
        _("Sign-in"), _("Service"), _("Category"),
      };
      gsize width = 0;

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        width = MAX (width, sk_cli_display_width (labels[i]));

      print_field (labels[0], sk_account_get_uuid (account), width);
      print_field (labels[1], sk_account_get_issuer (account), width);
      print_field (labels[2], sk_account_get_name (account), width);
      if (sk_account_has_code (account))
        {
          print_field (labels[3], type_label (type), width);
          print_field (labels[4], sk_otp_algorithm_to_string (sk_account_get_algorithm (account)), width);
          print_field (labels[5], digits, width);
          if (type == SK_OTP_HOTP)
            print_field (labels[7], counter, width);
          else
            print_field (labels[6], period, width);
        }
      else
        print_field (labels[17], account_type_label (account), width);
      if (sk_account_get_service (account) != NULL)
        print_field (labels[18], sk_account_get_service (account), width);
      if (sk_account_get_category (account) != NULL)
        print_field (labels[19], sk_account_get_category (account), width);
      print_field (labels[8], tags, width);
      print_field (labels[9], sk_account_get_note (account), width);
      print_field (labels[10], sk_account_get_favourite (account) ? _("yes") : _("no"), width);
      print_field (labels[11], created != NULL ? created : _("unknown"), width);
      print_field (labels[12], updated != NULL ? updated : _("unknown"), width);
      print_field (labels[13], last_used != NULL ? last_used : _("never"), width);
      print_field (labels[16], icon != NULL ? icon : C_("icon", "none"), width);
      if (show_reveal)
        {
          print_field (labels[14], base32 != NULL ? sk_secret_get_string (base32) : "", width);
          print_field (labels[15], uri != NULL ? sk_secret_get_string (uri) : "", width);
        }
    }
  return TRUE;
}

const SkCliCommand sk_cli_command_show = {
  .name = "show",
  .parameter_string = NC_("usage", "ACCOUNT"),
  .summary = N_("Show the details of one account"),
  .description = N_("ACCOUNT is a query that must match exactly one account (see “code”).\n"
                    "The secret is printed only with --reveal-secret."),
  .entries = show_entries,
  .run = run_show,
};

/* edit */

static char *edit_issuer;
static char *edit_name;
static char *edit_tags;
static char *edit_note;
static char *edit_favourite;
static char *edit_digits;
static char *edit_period;
static char *edit_algorithm;
static char *edit_counter;
static char *edit_protection;
static char *edit_service;
static char *edit_category;

static const GOptionEntry edit_entries[] = {
  { "issuer", 0, 0, G_OPTION_ARG_STRING, &edit_issuer, N_("Set the issuer (“” clears it)"), NC_("metavar", "TEXT") },
  { "name", 0, 0, G_OPTION_ARG_STRING, &edit_name, N_("Set the account name"), NC_("metavar", "TEXT") },
  { "tags", 0, 0, G_OPTION_ARG_STRING, &edit_tags, N_("Set the tags, comma-separated (“” clears them)"), NC_("metavar", "A,B,…") },
  { "note", 0, 0, G_OPTION_ARG_STRING, &edit_note, N_("Set the note (“” clears it)"), NC_("metavar", "TEXT") },
  /* Not translated: parse_yes_no() takes these English words only. */
  { "favourite", 0, 0, G_OPTION_ARG_STRING, &edit_favourite, N_("Mark or unmark as favourite"), "yes|no" },
  { "digits", 0, 0, G_OPTION_ARG_STRING, &edit_digits, N_("Set the number of digits (1 to 10)"), NC_("metavar", "N") },
  { "period", 0, 0, G_OPTION_ARG_STRING, &edit_period, N_("Set the period in seconds (TOTP, Steam)"), NC_("metavar", "N") },
  { "algorithm", 0, 0, G_OPTION_ARG_STRING, &edit_algorithm, N_("Set the algorithm: SHA1, SHA256 or SHA512"), NC_("metavar", "A") },
  { "counter", 0, 0, G_OPTION_ARG_STRING, &edit_counter, N_("Set the HOTP counter"), NC_("metavar", "N") },
  { "protection", 0, 0, G_OPTION_ARG_STRING, &edit_protection,
    N_("Accounts without codes: set how sign-in is protected"), "sms|email|app|password|hardware-key|none" },
  { "service", 0, 0, G_OPTION_ARG_STRING, &edit_service,
    N_("Set the service directory entry (“” clears it)"), NC_("metavar", "ID") },
  { "category", 0, 0, G_OPTION_ARG_STRING, &edit_category,
    N_("Set the kind of service: bank, wallet, payment, exchange, trading, email… (“” clears it)"),
    NC_("metavar", "CATEGORY") },
  { NULL }
};

static gboolean
parse_uint (const char  *option,
            const char  *text,
            guint64      min,
            guint64      max,
            guint64     *out,
            GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s must be a whole number, got “%s”"), option, text);
      return FALSE;
    }
  if (*out < min || *out > max)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s must be between %" PRIu64 " and %" PRIu64 ", got %" PRIu64),
                   option, (uint64_t) min, (uint64_t) max, (uint64_t) *out);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_yes_no (const char  *option,
              const char  *text,
              gboolean    *out,
              GError     **error)
{
  g_autofree char *folded = g_ascii_strdown (text, -1);

  if (g_str_equal (folded, "yes") || g_str_equal (folded, "true") ||
      g_str_equal (folded, "on") || g_str_equal (folded, "1"))
    *out = TRUE;
  else if (g_str_equal (folded, "no") || g_str_equal (folded, "false") ||
           g_str_equal (folded, "off") || g_str_equal (folded, "0"))
    *out = FALSE;
  else
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s must be “yes” or “no”, got “%s”"), option, text);
      return FALSE;
    }
  return TRUE;
}

static char **
split_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      for (guint j = 0; j < tags->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (tags, j), parts[i]);
      if (!seen)
        g_ptr_array_add (tags, g_strdup (parts[i]));
    }
  g_ptr_array_add (tags, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

static gboolean
run_edit (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *what = NULL;
  SkOtpParams params;
  guint64 value;
  gboolean favourite = FALSE;
  SkOtpAlgorithm algorithm = SK_OTP_SHA1;
  SkProtection protection = SK_PROTECTION_SMS;
  gboolean code_params;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  code_params = edit_digits != NULL || edit_period != NULL || edit_algorithm != NULL ||
                edit_counter != NULL;
  if (edit_issuer == NULL && edit_name == NULL && edit_tags == NULL &&
      edit_note == NULL && edit_favourite == NULL && !code_params &&
      edit_protection == NULL && edit_service == NULL && edit_category == NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("nothing to change: give at least one of --issuer, --name, --tags, --note, --favourite, --digits, --period, --algorithm, --counter, --protection, --service, --category"));
      return FALSE;
    }
  if (edit_protection != NULL &&
      (!sk_protection_from_string (edit_protection, &protection) || protection == SK_PROTECTION_CODE))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("--protection must be sms, email, app, password, hardware-key or none, got “%s”"),
                   edit_protection);
      return FALSE;
    }
  if (!check_text_option ("--service", edit_service, error) ||
      !check_text_option ("--category", edit_category, error))
    return FALSE;

  /* Check every value before opening the vault or touching the account. */
  if (edit_favourite != NULL && !parse_yes_no ("--favourite", edit_favourite, &favourite, error))
    return FALSE;
  if (edit_algorithm != NULL && !sk_otp_algorithm_from_string (edit_algorithm, &algorithm))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("--algorithm must be SHA1, SHA256 or SHA512, got “%s”"), edit_algorithm);
      return FALSE;
    }
  if (edit_digits != NULL &&
      !parse_uint ("--digits", edit_digits, SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, &value, error))
    return FALSE;
  if (edit_period != NULL &&
      !parse_uint ("--period", edit_period, 1, G_MAXUINT, &value, error))
    return FALSE;
  if (edit_counter != NULL &&
      !parse_uint ("--counter", edit_counter, 0, G_MAXUINT64, &value, error))
    return FALSE;

  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;
  if (sk_account_has_code (account) && edit_protection != NULL)
    {
      what = describe_account (account);
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s has authenticator codes; --protection is for accounts without codes"), what);
      return FALSE;
    }
  if (!sk_account_has_code (account) && code_params)
    {
      what = describe_account (account);
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("%s has no authenticator codes: --digits, --period, --algorithm and --counter do not apply"), what);
      return FALSE;
    }

  /* The code parameters are validated together, as the account would have
   * them, before anything is set. */
  sk_account_get_params (account, &params);
  if (edit_digits != NULL)
    params.digits = (guint) g_ascii_strtoull (edit_digits, NULL, 10);
  if (edit_period != NULL)
    params.period = (guint) g_ascii_strtoull (edit_period, NULL, 10);
  if (edit_algorithm != NULL)
    params.algorithm = algorithm;
  if (edit_counter != NULL)
    params.counter = g_ascii_strtoull (edit_counter, NULL, 10);
  if (!sk_otp_params_validate (&params, error))
    return FALSE;

  if (edit_issuer != NULL)
    sk_account_set_issuer (account, *edit_issuer != '\0' ? edit_issuer : NULL);
  if (edit_name != NULL)
    sk_account_set_name (account, edit_name);
  if (edit_tags != NULL)
    {
      g_auto(GStrv) tags = split_tags (edit_tags);

      sk_account_set_tags (account, (const char * const *) tags);
    }
  if (edit_note != NULL)
    sk_account_set_note (account, *edit_note != '\0' ? edit_note : NULL);
  if (edit_favourite != NULL)
    sk_account_set_favourite (account, favourite);
  if (edit_digits != NULL)
    sk_account_set_digits (account, params.digits);
  if (edit_period != NULL)
    sk_account_set_period (account, params.period);
  if (edit_algorithm != NULL)
    sk_account_set_algorithm (account, params.algorithm);
  if (edit_counter != NULL)
    sk_account_set_counter (account, params.counter);
  if (edit_protection != NULL)
    sk_account_set_protection (account, protection);
  if (edit_service != NULL)
    sk_account_set_service (account, edit_service);
  if (edit_category != NULL)
    sk_account_set_category (account, edit_category);

  if (!sk_account_validate (account, error))
    return FALSE;
  if (!sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_account_json (builder, account);
      sk_cli_print_builder (builder);
    }
  else
    {
      what = describe_account (account);
      g_print (_("Updated %s\n"), what);
    }
  return TRUE;
}

const SkCliCommand sk_cli_command_edit = {
  .name = "edit",
  .parameter_string = NC_("usage", "ACCOUNT"),
  .summary = N_("Change the details of one account"),
  .description = N_("ACCOUNT is a query that must match exactly one account (see “code”).\n"
                    "Values are checked before anything is changed."),
  .entries = edit_entries,
  .run = run_edit,
};

/* rm */

static gboolean rm_yes;

static const GOptionEntry rm_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &rm_yes,
    N_("Do not ask for confirmation (required without a terminal)"), NULL },
  { NULL }
};

static gboolean
run_rm (SkCli   *cli,
        char   **args,
        GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *what = NULL;
  g_autofree char *question = NULL;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;

  what = describe_account (account);
  question = g_strdup_printf (_("Remove %s? Its codes cannot be generated any more unless you still have the secret elsewhere."),
                              what);
  if (!sk_cli_confirm (question, rm_yes, error))
    return FALSE;

  if (!sk_vault_remove_account (sk_store_get_vault (cli->store), account))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_FAILED,
                   _("cannot remove %s from the vault"), what);
      return FALSE;
    }
  if (!sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "removed", sk_account_get_uuid (account));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Removed %s\n"), what);
  return TRUE;
}

const SkCliCommand sk_cli_command_rm = {
  .name = "rm",
  .parameter_string = NC_("usage", "ACCOUNT"),
  .summary = N_("Remove one account"),
  .description = N_("ACCOUNT is a query that must match exactly one account (see “code”).\n"
                    "Asks for confirmation on the terminal unless --yes is given."),
  .entries = rm_entries,
  .run = run_rm,
};

/* qr */

static char *qr_png;
static char *qr_svg;

static const GOptionEntry qr_entries[] = {
  { "png", 0, 0, G_OPTION_ARG_FILENAME, &qr_png,
    N_("Save the QR code as a PNG image (mode 0600)"), NC_("metavar", "FILE") },
  { "svg", 0, 0, G_OPTION_ARG_FILENAME, &qr_svg,
    N_("Save the QR code as an SVG image (mode 0600)"), NC_("metavar", "FILE") },
  { NULL }
};

static gboolean
run_qr (SkCli   *cli,
        char   **args,
        GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkSecret) uri = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = NULL;
  const char *file = NULL;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  if (qr_png != NULL && qr_svg != NULL)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--png and --svg cannot be used together"));
      return FALSE;
    }
  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;
  what = describe_account (account);
  if (!sk_account_has_code (account))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                   _("%s has no authenticator codes: there is no QR code to show"), what);
      return FALSE;
    }

  uri = sk_account_dup_uri (account);
  code = sk_qr_encode (sk_secret_get_string (uri), &local_error);
  if (code == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot make the QR code of %s: "), what);
      return FALSE;
    }

  g_printerr (_("sparekey-cli: warning: this QR code contains the secret of %s; anyone who sees or scans it can generate its codes\n"),
              what);

  if (qr_png != NULL)
    {
      file = qr_png;
      if (!sk_qr_save_png (code, qr_png, 0, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("cannot save “%s”: "), qr_png);
          return FALSE;
        }
    }
  else if (qr_svg != NULL)
    {
      file = qr_svg;
      if (!sk_qr_save_svg (code, qr_svg, &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("cannot save “%s”: "), qr_svg);
          return FALSE;
        }
    }
  else
    {
      char *text = sk_qr_to_terminal (code);

      fputs (text, stdout);
      sk_wipe_string (text);
      return TRUE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "uuid", sk_account_get_uuid (account));
      sk_cli_json_add_string (builder, "format", qr_png != NULL ? "png" : "svg");
      sk_cli_json_add_string (builder, "path", file);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Saved the QR code of %s to %s\n"), what, file);
  return TRUE;
}

const SkCliCommand sk_cli_command_qr = {
  .name = "qr",
  .parameter_string = NC_("usage", "ACCOUNT"),
  .summary = N_("Show an account as a QR code, to enrol another device"),
  .description = N_("Prints the QR code on the terminal, or saves it with --png or --svg.\n"
                    "The QR code holds the secret: a warning is printed on standard error.\n"
                    "--json applies to --png and --svg only."),
  .entries = qr_entries,
  .run = run_qr,
};

/* icon */

static char *icon_save;
static gboolean icon_remove;

static const GOptionEntry icon_entries[] = {
  { "save", 0, 0, G_OPTION_ARG_FILENAME, &icon_save,
    N_("Write the account's icon to FILE instead"), NC_("metavar", "FILE") },
  { "remove", 0, 0, G_OPTION_ARG_NONE, &icon_remove,
    N_("Remove the account's icon"), NULL },
  { NULL }
};

/* The picture in @path, refused when it cannot be an icon by its size
 * alone: never more than that is read (a FIFO or a device included). */
static GBytes *
read_icon_file (const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) contents = NULL;

  contents = sk_secret_new_from_file (path, SK_ACCOUNT_ICON_MAX_SIZE, &local_error);
  if (contents == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        g_set_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_TOO_LARGE,
                     _("The icon is too large (at most %u bytes)"),
                     (guint) SK_ACCOUNT_ICON_MAX_SIZE);
      else
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                    _("cannot read “%s”: "), path);
      return NULL;
    }
  return g_bytes_new (sk_secret_get_data (contents), sk_secret_get_size (contents));
}

static gboolean
run_icon (SkCli   *cli,
          char   **args,
          GError **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = NULL;
  guint actions;

  if (!sk_cli_check_args (args, 1, 2, error))
    return FALSE;
  actions = (args[1] != NULL) + (icon_save != NULL) + icon_remove;
  if (actions != 1)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("give exactly one of FILE, --save FILE or --remove"));
      return FALSE;
    }

  /* The picture is checked before the vault is opened. */
  if (args[1] != NULL)
    {
      bytes = read_icon_file (args[1], error);
      if (bytes == NULL ||
          !sk_account_icon_validate (bytes, sk_account_icon_sniff (bytes), &local_error))
        {
          if (local_error != NULL)
            g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", args[1]);
          return FALSE;
        }
    }

  account = sk_cli_open_find_account (cli, args[0], error);
  if (account == NULL)
    return FALSE;
  what = describe_account (account);

  if (icon_save != NULL)
    {
      GBytes *icon = sk_account_get_icon (account);

      if (icon == NULL)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND, _("%s has no icon"), what);
          return FALSE;
        }
      /* Icons are not secret: the usual file mode. */
      if (!g_file_set_contents (icon_save, g_bytes_get_data (icon, NULL),
                                g_bytes_get_size (icon), &local_error))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      _("cannot save “%s”: "), icon_save);
          return FALSE;
        }
    }
  else
    {
      if (!sk_account_set_icon (account, bytes, bytes != NULL ? sk_account_icon_sniff (bytes) : NULL,
                                error))
        return FALSE;
      if (!sk_cli_save (cli, error))
        return FALSE;
    }

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      build_account_json (builder, account);
      if (icon_save != NULL)
        {
          g_autoptr(JsonNode) root = json_builder_get_root (builder);

          json_object_set_string_member (json_node_get_object (root), "path", icon_save);
          sk_cli_print_json (root);
          return TRUE;
        }
      sk_cli_print_builder (builder);
    }
  else if (icon_save != NULL)
    g_print (_("Saved the icon of %s to %s\n"), what, icon_save);
  else if (icon_remove)
    g_print (_("Removed the icon of %s\n"), what);
  else
    g_print (_("Set the icon of %s\n"), what);
  return TRUE;
}

const SkCliCommand sk_cli_command_icon = {
  .name = "icon",
  .parameter_string = NC_("usage", "ACCOUNT [FILE]"),
  .summary = N_("Set, save or remove the icon of one account"),
  .description = N_("FILE is a PNG, JPEG or SVG picture of at most 256 KiB; its type is\n"
                    "read from its first bytes. --save FILE writes the icon as it is\n"
                    "stored; --remove takes it away."),
  .entries = icon_entries,
  .run = run_icon,
};
