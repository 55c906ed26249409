/* sk-cli-services.c: sparekey-cli services, the directory of services
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-cli-private.h"

static char *svc_name_zh;
static char *svc_name_en;
static char **svc_aliases;
static char **svc_categories;
static char *svc_homepage;
static char *svc_hotline;
static char *svc_freeze;
static char *svc_recovery;
static char *svc_appeal;
static char *svc_support;
static char *svc_source;
static char **svc_remove_channels;
static gboolean svc_builtin_only;

static const GOptionEntry services_entries[] = {
  { "name-zh", 0, 0, G_OPTION_ARG_STRING, &svc_name_zh, N_("add, edit: the Chinese name"), NC_("metavar", "NAME") },
  { "name-en", 0, 0, G_OPTION_ARG_STRING, &svc_name_en, N_("add, edit: the English name"), NC_("metavar", "NAME") },
  { "alias", 0, 0, G_OPTION_ARG_STRING_ARRAY, &svc_aliases, N_("add, edit: another name it is searched by, pinyin too (repeat; replaces the aliases)"), NC_("metavar", "TEXT") },
  { "category", 0, 0, G_OPTION_ARG_STRING_ARRAY, &svc_categories, N_("add, edit: wallet, bank, payment, exchange, trading, email, social… (repeat; replaces the categories)"), NC_("metavar", "CATEGORY") },
  { "homepage", 0, 0, G_OPTION_ARG_STRING, &svc_homepage, N_("add, edit: the official home page (https)"), NC_("metavar", "URL") },
  { "hotline", 0, 0, G_OPTION_ARG_STRING, &svc_hotline, N_("add, edit: the customer service number"), NC_("metavar", "NUMBER") },
  { "freeze", 0, 0, G_OPTION_ARG_STRING, &svc_freeze, N_("add, edit: the page that freezes the account (https)"), NC_("metavar", "URL") },
  { "recovery", 0, 0, G_OPTION_ARG_STRING, &svc_recovery, N_("add, edit: the self-service recovery page (https)"), NC_("metavar", "URL") },
  { "appeal", 0, 0, G_OPTION_ARG_STRING, &svc_appeal, N_("add, edit: the appeal page (https)"), NC_("metavar", "URL") },
  { "support", 0, 0, G_OPTION_ARG_STRING, &svc_support, N_("add, edit: the help centre (https)"), NC_("metavar", "URL") },
  { "source", 0, 0, G_OPTION_ARG_STRING, &svc_source, N_("add, edit: the https address of the public page stating the channels given (required with them)"), NC_("metavar", "URL") },
  { "remove-channel", 0, 0, G_OPTION_ARG_STRING_ARRAY, &svc_remove_channels, N_("edit: forget the channel of KIND (hotline, freeze, recovery, appeal, support; repeat)"), NC_("metavar", "KIND") },
  { "builtin", 0, 0, G_OPTION_ARG_NONE, &svc_builtin_only, N_("list, show: only the built-in directory (no vault, no password)"), NULL },
  { NULL }
};

/* The directory: built in, with the user's entries of the vault when
 * there is one (asking for its password) unless --builtin. */
static SkServiceDirectory *
open_directory (SkCli    *cli,
                gboolean  need_vault,
                GError  **error)
{
  g_autoptr(SkServiceDirectory) directory = sk_service_directory_new (error);

  if (directory == NULL)
    return NULL;
  if (svc_builtin_only && !need_vault)
    return g_steal_pointer (&directory);
  if (!need_vault && !g_file_test (sk_cli_get_vault_path (cli), G_FILE_TEST_EXISTS))
    return g_steal_pointer (&directory);
  if (!sk_cli_open_store (cli, error))
    return NULL;
  sk_service_directory_set_vault (directory, sk_store_get_vault (cli->store));
  return g_steal_pointer (&directory);
}

static const char *
origin_label (SkService *service)
{
  switch (sk_service_get_origin (service))
    {
    case SK_SERVICE_ORIGIN_USER:
      return C_("service origin", "yours");
    case SK_SERVICE_ORIGIN_OVERRIDE:
      return C_("service origin", "corrected");
    case SK_SERVICE_ORIGIN_BUILTIN:
    default:
      return C_("service origin", "built-in");
    }
}

static const char *
origin_id (SkService *service)
{
  switch (sk_service_get_origin (service))
    {
    case SK_SERVICE_ORIGIN_USER:
      return "user";
    case SK_SERVICE_ORIGIN_OVERRIDE:
      return "override";
    case SK_SERVICE_ORIGIN_BUILTIN:
    default:
      return "builtin";
    }
}

/* The entry as JSON: its schema (docs/services.md) plus where it comes
 * from and whether it holds money. */
static JsonNode *
service_json (SkService *service)
{
  JsonObject *object = sk_service_to_json (service);

  json_object_set_string_member (object, "origin", origin_id (service));
  json_object_set_boolean_member (object, "money", sk_service_is_money (service));
  return json_node_init_object (json_node_alloc (), object);
}

static char *
category_labels (SkService *service)
{
  const char * const *categories = sk_service_get_categories (service);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; categories[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, C_("list separator", ", "));
      g_string_append (text, sk_service_category_get_label (categories[i]));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
list_services (SkCli       *cli,
               const char  *query,
               GError     **error)
{
  g_autoptr(SkServiceDirectory) directory = open_directory (cli, FALSE, error);
  g_autoptr(GPtrArray) hits = NULL;

  if (directory == NULL)
    return FALSE;
  hits = sk_service_directory_search (directory, query, 0);

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < hits->len; i++)
        json_array_add_element (array, service_json (g_ptr_array_index (hits, i)));
      root = json_node_init_array (json_node_alloc (), array);
      sk_cli_print_json (root);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char **row;

      if (hits->len == 0)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                       _("no service matches “%s”"), query != NULL ? query : "");
          return FALSE;
        }
      row = g_new0 (char *, 5);
      row[0] = g_strdup (C_("column", "ID"));
      row[1] = g_strdup (C_("column", "NAME"));
      row[2] = g_strdup (C_("column", "CATEGORY"));
      row[3] = g_strdup (C_("column", "ORIGIN"));
      g_ptr_array_add (rows, row);
      for (guint i = 0; i < hits->len; i++)
        {
          SkService *service = g_ptr_array_index (hits, i);

          row = g_new0 (char *, 5);
          row[0] = g_strdup (sk_service_get_id (service));
          row[1] = g_strdup (sk_service_get_display_name (service));
          row[2] = category_labels (service);
          row[3] = g_strdup (origin_label (service));
          g_ptr_array_add (rows, row);
        }
      sk_cli_print_table (rows);
    }
  return TRUE;
}

static void
print_service (SkService *service)
{
  const char * const *aliases = sk_service_get_aliases (service);
  const SkServiceFactor *factors;
  const SkServiceChannel *channels;
  const SkServiceRule *rules;
  guint n_factors, n_channels, n_rules;
  g_autofree char *categories = category_labels (service);
  g_autofree char *joined = g_strjoinv (C_("list separator", ", "), (char **) aliases);

  g_print ("%s (%s)\n", sk_service_get_display_name (service), sk_service_get_id (service));
  if (sk_service_get_name_zh (service) != NULL)
    g_print ("  %s: %s\n", _("Chinese name"), sk_service_get_name_zh (service));
  if (sk_service_get_name_en (service) != NULL)
    g_print ("  %s: %s\n", _("English name"), sk_service_get_name_en (service));
  if (aliases[0] != NULL)
    g_print ("  %s: %s\n", _("Aliases"), joined);
  g_print ("  %s: %s%s\n", _("Category"), categories,
           sk_service_is_money (service) ? _(" (money at risk)") : "");
  if (sk_service_get_homepage (service) != NULL)
    g_print ("  %s: %s\n", _("Home page"), sk_service_get_homepage (service));
  g_print ("  %s: %s\n", _("Entry"), origin_label (service));

  factors = sk_service_get_factors (service, &n_factors);
  if (n_factors > 0)
    {
      g_print ("%s\n", _("Second factors offered:"));
      for (guint i = 0; i < n_factors; i++)
        g_print ("  %s  [%s %s]\n", sk_service_factor_get_label (factors[i].kind),
                 _("source:"), factors[i].source);
    }

  channels = sk_service_get_channels (service, &n_channels);
  if (n_channels > 0)
    g_print ("%s\n", _("Official channels:"));
  else
    g_print ("%s\n", _("No official channel recorded (none could be sourced)."));
  for (guint i = 0; i < n_channels; i++)
    {
      const char *note = sk_service_channel_get_note (&channels[i]);

      g_print ("  %s: %s\n", sk_service_channel_kind_get_label (channels[i].kind),
               sk_service_channel_get_value (&channels[i]));
      if (note != NULL)
        g_print ("    %s\n", note);
      g_print ("    [%s %s]\n", _("source:"), channels[i].source);
    }

  rules = sk_service_get_rules (service, &n_rules);
  if (n_rules > 0)
    g_print ("%s\n", _("Rules that matter in a recovery:"));
  for (guint i = 0; i < n_rules; i++)
    g_print ("  - %s\n    [%s %s]\n", sk_service_rule_get_text (&rules[i]),
             _("source:"), rules[i].source);
}

static SkService *
find_service (SkServiceDirectory  *directory,
              const char          *id,
              GError             **error)
{
  SkService *service = sk_service_directory_lookup (directory, id);

  if (service == NULL)
    g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND,
                 _("no service with the id “%s” (see “sparekey-cli services”)"), id);
  return service;
}

static gboolean
check_categories (GError **error)
{
  for (guint i = 0; svc_categories != NULL && svc_categories[i] != NULL; i++)
    if (!sk_service_category_is_known (svc_categories[i]))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) sk_service_categories ());

        g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                     _("unknown category “%s” (%s)"), svc_categories[i], known);
        return FALSE;
      }
  return TRUE;
}

/* Applies the options of add and edit to @service. */
static gboolean
apply_options (SkService  *service,
               GError    **error)
{
  const struct {
    SkServiceChannelKind kind;
    const char *value;
  } given[] = {
    { SK_SERVICE_CHANNEL_HOTLINE, svc_hotline },
    { SK_SERVICE_CHANNEL_FREEZE, svc_freeze },
    { SK_SERVICE_CHANNEL_RECOVERY, svc_recovery },
    { SK_SERVICE_CHANNEL_APPEAL, svc_appeal },
    { SK_SERVICE_CHANNEL_SUPPORT, svc_support },
  };
  gboolean any_channel = FALSE;

  if (!check_categories (error))
    return FALSE;
  if (svc_name_zh != NULL || svc_name_en != NULL)
    sk_service_set_names (service,
                          svc_name_zh != NULL ? svc_name_zh : sk_service_get_name_zh (service),
                          svc_name_en != NULL ? svc_name_en : sk_service_get_name_en (service));
  if (svc_aliases != NULL)
    sk_service_set_aliases (service, (const char * const *) svc_aliases);
  if (svc_categories != NULL)
    sk_service_set_categories (service, (const char * const *) svc_categories);
  if (svc_homepage != NULL)
    sk_service_set_homepage (service, svc_homepage);

  for (guint i = 0; svc_remove_channels != NULL && svc_remove_channels[i] != NULL; i++)
    {
      SkServiceChannel none = { 0 };

      if (!sk_service_channel_kind_from_string (svc_remove_channels[i], &none.kind))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown channel kind “%s” (hotline, freeze, recovery, appeal, support)"),
                       svc_remove_channels[i]);
          return FALSE;
        }
      sk_service_set_channel (service, &none);
    }

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      SkServiceChannel channel = { 0 };

      if (given[i].value == NULL)
        continue;
      any_channel = TRUE;
      if (svc_source == NULL)
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                               _("a channel needs --source, the https address of the public page stating it"));
          return FALSE;
        }
      channel.kind = given[i].kind;
      if (given[i].kind == SK_SERVICE_CHANNEL_HOTLINE)
        channel.phone = (char *) given[i].value;
      else
        channel.url = (char *) given[i].value;
      channel.source = svc_source;
      sk_service_set_channel (service, &channel);
    }
  if (svc_source != NULL && !any_channel)
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                           _("--source is the source of a channel given with --hotline, --freeze, --recovery, --appeal or --support"));
      return FALSE;
    }
  return TRUE;
}

/* Saves @service as the user's entry, turning schema errors into input
 * errors of the command line. */
static gboolean
save_entry (SkCli      *cli,
            SkService  *service,
            GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!sk_services_save_user_entry (sk_store_get_vault (cli->store), service,
                                    g_get_real_time (), &local_error))
    {
      g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT, local_error->message);
      return FALSE;
    }
  return sk_cli_save (cli, error);
}

static void
report (SkCli      *cli,
        SkService  *service,
        const char *message)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) root = service_json (service);

      sk_cli_print_json (root);
    }
  else
    g_print (message, sk_service_get_id (service));
}

static gboolean
run_services (SkCli   *cli,
              char   **args,
              GError **error)
{
  const char *sub = args != NULL ? args[0] : NULL;
  g_autoptr(SkServiceDirectory) directory = NULL;
  g_autoptr(SkService) entry = NULL;

  if (sub == NULL || g_str_equal (sub, "list"))
    {
      g_autofree char *query = NULL;

      if (sub != NULL && !sk_cli_check_args (args, 1, 2, error))
        return FALSE;
      if (sub != NULL)
        query = g_strdup (args[1]);
      return list_services (cli, query, error);
    }

  if (g_str_equal (sub, "show"))
    {
      SkService *service;

      if (!sk_cli_check_args (args, 2, 2, error) ||
          (directory = open_directory (cli, FALSE, error)) == NULL ||
          (service = find_service (directory, args[1], error)) == NULL)
        return FALSE;
      if (cli->json)
        {
          g_autoptr(JsonNode) root = service_json (service);

          sk_cli_print_json (root);
        }
      else
        print_service (service);
      return TRUE;
    }

  if (g_str_equal (sub, "add"))
    {
      if (!sk_cli_check_args (args, 2, 2, error) ||
          (directory = open_directory (cli, TRUE, error)) == NULL)
        return FALSE;
      if (sk_service_directory_lookup (directory, args[1]) != NULL)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_CONFLICT,
                       _("the directory already has “%s”: correct it with “sparekey-cli services edit %s”"),
                       args[1], args[1]);
          return FALSE;
        }
      entry = sk_service_new (args[1]);
      if (svc_categories == NULL)
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                               _("a new entry needs --category"));
          return FALSE;
        }
      if (!apply_options (entry, error) || !save_entry (cli, entry, error))
        return FALSE;
      report (cli, entry, _("Added your entry “%s”.\n"));
      return TRUE;
    }

  if (g_str_equal (sub, "edit"))
    {
      SkService *service;

      if (!sk_cli_check_args (args, 2, 2, error) ||
          (directory = open_directory (cli, TRUE, error)) == NULL ||
          (service = find_service (directory, args[1], error)) == NULL)
        return FALSE;
      /* Correcting a built-in entry stores the whole corrected entry as
       * the user's own, under the same id. */
      entry = sk_service_copy (service, SK_SERVICE_ORIGIN_USER);
      if (!apply_options (entry, error) || !save_entry (cli, entry, error))
        return FALSE;
      report (cli, entry, sk_service_get_origin (service) == SK_SERVICE_ORIGIN_BUILTIN
                          ? _("Saved your correction of “%s”.\n") : _("Saved your entry “%s”.\n"));
      return TRUE;
    }

  if (g_str_equal (sub, "rm"))
    {
      SkService *service;
      g_autoptr(GError) local_error = NULL;
      gboolean was_override;

      if (!sk_cli_check_args (args, 2, 2, error) ||
          (directory = open_directory (cli, TRUE, error)) == NULL ||
          (service = find_service (directory, args[1], error)) == NULL)
        return FALSE;
      if (sk_service_get_origin (service) == SK_SERVICE_ORIGIN_BUILTIN)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("“%s” is a built-in entry: only your own entries and corrections can be removed"),
                       args[1]);
          return FALSE;
        }
      was_override = sk_service_get_origin (service) == SK_SERVICE_ORIGIN_OVERRIDE;
      if (!sk_services_remove_user_entry (sk_store_get_vault (cli->store), args[1],
                                          g_get_real_time (), &local_error))
        {
          g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_NOT_FOUND, local_error->message);
          return FALSE;
        }
      if (!sk_cli_save (cli, error))
        return FALSE;
      if (!cli->json)
        g_print (was_override ? _("Removed your correction of “%s”: the built-in entry applies again.\n")
                              : _("Removed your entry “%s”.\n"), args[1]);
      return TRUE;
    }

  /* Anything else is a query: "sparekey-cli services weixin". */
  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  return list_services (cli, sub, error);
}

const SkCliCommand sk_cli_command_services = {
  "services",
  NC_("usage", "[QUERY] | show ID | add ID | edit ID | rm ID"),
  N_("The directory of services: aliases, categories, official channels and their sources"),
  N_("QUERY matches ids, Chinese and English names and aliases (pinyin too), ignoring case and width.\n"
     "Without --builtin, the vault's own entries are included when the vault exists.\n"
     "add creates your own entry; edit corrects yours or a built-in one (stored in the vault, synced with it);\n"
     "rm removes your entry or correction. Every channel needs --source, the page it was taken from."),
  services_entries,
  run_services,
};
