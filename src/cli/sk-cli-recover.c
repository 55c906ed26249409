/* sk-cli-recover.c: sparekey-cli recover (the lost-phone plan) and kit
 * (the printable emergency kit)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gunixinputstream.h>

#include "sk-cli-private.h"

static char *opt_lost;
static char *opt_date;
static int opt_escalate = -1;
static gboolean opt_done;
static gboolean opt_undo;
static gboolean opt_have;
static gboolean opt_missing;
static char *opt_note;
static char *opt_lang;
static gboolean opt_markdown;
static gboolean opt_sent;
static char *opt_channel;
static char *opt_at;
static gboolean opt_answered;
static char *opt_from;
static gboolean opt_reset;
static char *opt_new;
static int opt_audit_days;
static gboolean opt_stale;
static gboolean opt_valid;

static const GOptionEntry recover_entries[] = {
  { "lost", 0, 0, G_OPTION_ARG_STRING, &opt_lost,
    N_("start: the lost identities (phone numbers, devices), comma-separated"), NC_("metavar", "IDENTITY[,IDENTITY]") },
  { "date", 0, 0, G_OPTION_ARG_STRING, &opt_date,
    N_("start: when they were lost (default: today)"), NC_("metavar", "YYYY-MM-DD") },
  { "escalate-after", 0, 0, G_OPTION_ARG_INT, &opt_escalate,
    N_("start: hours without an answer before an appeal is escalated (default: 72)"), NC_("metavar", "HOURS") },
  { "done", 0, 0, G_OPTION_ARG_NONE, &opt_done, N_("step: tick the step (the default)"), NULL },
  { "undo", 0, 0, G_OPTION_ARG_NONE, &opt_undo, N_("step: untick the step; close: undo the last closing"), NULL },
  { "have", 0, 0, G_OPTION_ARG_NONE, &opt_have, N_("evidence: the item is ready (the default)"), NULL },
  { "missing", 0, 0, G_OPTION_ARG_NONE, &opt_missing, N_("evidence: the item is not ready"), NULL },
  { "note", 0, 0, G_OPTION_ARG_STRING, &opt_note,
    N_("evidence: where the item is (\"\" removes the note)"), NC_("metavar", "TEXT") },
  { "lang", 0, 0, G_OPTION_ARG_STRING, &opt_lang,
    N_("letter: the language of the letter, zh_CN, zh_TW or en (default: en)"), NC_("metavar", "LANG") },
  { "markdown", 0, 0, G_OPTION_ARG_NONE, &opt_markdown, N_("plan, letter: Markdown output"), NULL },
  { "sent", 0, 0, G_OPTION_ARG_NONE, &opt_sent, N_("letter: record that the appeal was sent (needs --channel)"), NULL },
  { "channel", 0, 0, G_OPTION_ARG_STRING, &opt_channel,
    N_("letter: chat, ticket, email, phone or regulator"), NC_("metavar", "CHANNEL") },
  { "at", 0, 0, G_OPTION_ARG_STRING, &opt_at,
    N_("letter: when it was sent or answered (ISO 8601, default: now)"), NC_("metavar", "TIME") },
  { "answered", 0, 0, G_OPTION_ARG_NONE, &opt_answered, N_("letter: the service answered"), NULL },
  { "from", 0, 0, G_OPTION_ARG_FILENAME, &opt_from,
    N_("letter: keep the edited letter in FILE (\"-\": standard input)"), NC_("metavar", "FILE") },
  { "reset", 0, 0, G_OPTION_ARG_NONE, &opt_reset, N_("letter: drop the edited letter"), NULL },
  { "new", 0, 0, G_OPTION_ARG_STRING, &opt_new,
    N_("close: the new number and device, comma-separated"), NC_("metavar", "IDENTITY[,IDENTITY]") },
  { "audit-days", 0, 0, G_OPTION_ARG_INT, &opt_audit_days,
    N_("close: audit the affected accounts within DAYS (default: 7)"), NC_("metavar", "DAYS") },
  { "stale", 0, 0, G_OPTION_ARG_NONE, &opt_stale,
    N_("copy: this vault's key of the account no longer works"), NULL },
  { "valid", 0, 0, G_OPTION_ARG_NONE, &opt_valid,
    N_("copy: this vault's key of the account works"), NULL },
  { NULL }
};

/* Helpers ---------------------------------------------------------------- */

static SkVault *
vault_of (SkCli *cli)
{
  return sk_store_get_vault (cli->store);
}

static gboolean
usage (GError    **error,
       const char *message)
{
  g_set_error_literal (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE, message);
  return FALSE;
}

/* "a,b" → identity uuids (NULL-terminated). */
static GStrv
resolve_identities (SkCli       *cli,
                    const char  *list,
                    GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) uuids = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autoptr(SkIdentity) identity = NULL;
      char *query = g_strstrip (parts[i]);

      if (*query == '\0')
        continue;
      identity = sk_cli_find_one_identity (cli, query, error);
      if (identity == NULL)
        return NULL;
      g_strv_builder_add (uuids, sk_identity_get_uuid (identity));
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_USAGE,
                   _("“%s” names no identity"), list);
      return NULL;
    }
  return g_strv_builder_end (uuids);
}

static SkRecoveryCase *
current_case (SkCli   *cli,
              GError **error)
{
  SkRecoveryCase *recovery = sk_recovery_get_case (vault_of (cli));

  if (recovery == NULL)
    g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NO_CASE,
                         _("no recovery is under way (start one with “sparekey-cli recover start --lost IDENTITY”)"));
  return recovery;
}

static char *
identity_display (SkVault    *vault,
                  const char *uuid)
{
  SkIdentity *identity = sk_inventory_lookup_identity (vault, uuid);

  if (identity == NULL)
    return g_strdup (uuid);
  return sk_identity_dup_display (identity, FALSE);
}

static char *
format_local (GDateTime *dt)
{
  g_autoptr(GDateTime) local = NULL;

  if (dt == NULL)
    return NULL;
  local = g_date_time_to_local (dt);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static gint64
parse_time (const char  *text,
            GError     **error)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  if (text == NULL)
    return g_get_real_time ();
  dt = g_date_time_new_from_iso8601 (text, local);
  if (dt == NULL && strchr (text, 'T') != NULL)
    {
      /* GLib wants seconds; people write 14:30. */
      g_autofree char *with_seconds = g_strconcat (text, ":00", NULL);

      dt = g_date_time_new_from_iso8601 (with_seconds, local);
    }
  if (dt == NULL)
    {
      g_autofree char *day = sk_inventory_parse_date (text, NULL);
      int y, m, d;

      if (day != NULL && sscanf (day, "%d-%d-%d", &y, &m, &d) == 3)
        dt = g_date_time_new (local, y, m, d, 12, 0, 0);
    }
  if (dt == NULL)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("“%s” is not a time (use 2026-03-08T14:30 or 2026-03-08)"), text);
      return -1;
    }
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC + g_date_time_get_microsecond (dt);
}

static void
add_datetime (JsonBuilder *builder,
              const char  *member,
              GDateTime   *dt)
{
  g_autoptr(GDateTime) utc = dt != NULL ? g_date_time_to_utc (dt) : NULL;
  g_autofree char *text = utc != NULL ? g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ") : NULL;

  sk_cli_json_add_string (builder, member, text);
}

static void
build_identity (JsonBuilder *builder,
                SkVault     *vault,
                const char  *uuid)
{
  SkIdentity *identity = sk_inventory_lookup_identity (vault, uuid);
  g_autofree char *display = identity != NULL ? sk_identity_dup_display (identity, FALSE) : NULL;

  json_builder_begin_object (builder);
  sk_cli_json_add_string (builder, "uuid", uuid);
  sk_cli_json_add_string (builder, "kind",
                          identity != NULL ? sk_identity_kind_to_string (sk_identity_get_kind (identity)) : NULL);
  sk_cli_json_add_string (builder, "value", display);
  sk_cli_json_add_string (builder, "status",
                          identity != NULL ? sk_identity_status_to_string (sk_identity_get_status (identity)) : NULL);
  json_builder_end_object (builder);
}

/* start ------------------------------------------------------------------ */

static gboolean
recover_start (SkCli   *cli,
               GError **error)
{
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_auto(GStrv) lost = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  gint64 now = g_get_real_time ();

  if (opt_lost == NULL && opt_escalate < 0)
    return usage (error, _("“recover start” needs --lost IDENTITY[,IDENTITY]"));
  if (opt_lost != NULL)
    {
      lost = resolve_identities (cli, opt_lost, error);
      if (lost == NULL)
        return FALSE;
      recovery = sk_recovery_start (vault_of (cli), (const char * const *) lost, opt_date, now, error);
    }
  else
    recovery = current_case (cli, error);
  if (recovery == NULL)
    return FALSE;
  if (opt_escalate >= 0)
    {
      if (!sk_recovery_set_escalate_hours (vault_of (cli), recovery->uuid, opt_escalate, now, error))
        return FALSE;
      g_clear_pointer (&recovery, sk_recovery_case_free);
      recovery = sk_recovery_get_case (vault_of (cli));
    }
  if (!sk_cli_save (cli, error))
    return FALSE;

  plan = sk_recovery_plan (vault_of (cli), recovery);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "case", recovery->uuid);
      sk_cli_json_add_string (builder, "date", recovery->date);
      json_builder_set_member_name (builder, "lost");
      json_builder_begin_array (builder);
      for (guint i = 0; recovery->lost[i] != NULL; i++)
        build_identity (builder, vault_of (cli), recovery->lost[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "escalate_hours");
      json_builder_add_int_value (builder, recovery->escalate_hours);
      json_builder_set_member_name (builder, "affected");
      json_builder_add_int_value (builder, plan->len);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  g_print (_("Recovery started: lost since %s\n"), recovery->date);
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      g_autofree char *display = identity_display (vault_of (cli), recovery->lost[i]);

      g_print ("  %s\n", display);
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                       "%u account is affected. Next: “sparekey-cli recover plan”.\n",
                       "%u accounts are affected. Next: “sparekey-cli recover plan”.\n", plan->len),
          plan->len);
  return TRUE;
}

/* plan ------------------------------------------------------------------- */

static guint
count_evidence (SkVault    *vault,
                const char *case_uuid,
                const char *account_uuid)
{
  guint n = 0;

  for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
    if (sk_recovery_get_evidence (vault, case_uuid, account_uuid, e, NULL))
      n++;
  return n;
}

/* A step's concrete channel, null when none is known. */
static void
add_channel_json (JsonBuilder             *builder,
                  const char              *member,
                  const SkRecoveryChannel *channel)
{
  json_builder_set_member_name (builder, member);
  if (channel == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  sk_cli_json_add_string (builder, "kind", channel->kind);
  sk_cli_json_add_string (builder, "value", channel->value);
  sk_cli_json_add_string (builder, "url", channel->url);
  sk_cli_json_add_string (builder, "phone", channel->phone);
  sk_cli_json_add_string (builder, "source", channel->source);
  sk_cli_json_add_string (builder, "service", channel->service_id);
  json_builder_set_member_name (builder, "own");
  json_builder_add_boolean_value (builder, channel->own);
  json_builder_end_object (builder);
}

/* "  Freeze: 95017 (your own contact)" / "(source: https://…)". */
static void
print_channel (const char              *label,
               const SkRecoveryChannel *channel)
{
  g_autofree char *value = NULL;

  if (channel == NULL)
    return;
  value = sk_cli_escape (channel->value, FALSE);
  g_print ("   %s %s", label, value);
  if (channel->own)
    g_print (" %s", _("(your own contact)"));
  else if (channel->source != NULL)
    {
      g_autofree char *source = sk_cli_escape (channel->source, FALSE);

      g_print (" ");
      g_print (_("(source: %s)"), source);
    }
  g_print ("\n");
}

static void
build_plan_json (SkCli          *cli,
                 SkRecoveryCase *recovery,
                 GPtrArray      *plan)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  SkVault *vault = vault_of (cli);

  json_builder_begin_object (builder);
  sk_cli_json_add_string (builder, "case", recovery->uuid);
  sk_cli_json_add_string (builder, "date", recovery->date);
  json_builder_set_member_name (builder, "escalate_hours");
  json_builder_add_int_value (builder, recovery->escalate_hours);
  json_builder_set_member_name (builder, "lost");
  json_builder_begin_array (builder);
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    build_identity (builder, vault, recovery->lost[i]);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "carrier");
  json_builder_begin_array (builder);
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);

      if (identity == NULL || sk_identity_get_kind (identity) != SK_IDENTITY_PHONE)
        continue;
      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "identity", sk_identity_get_uuid (identity));
      sk_cli_json_add_string (builder, "step", sk_recovery_step_to_string (SK_RECOVERY_STEP_SUSPEND_NUMBER));
      sk_cli_json_add_time (builder, "done", sk_recovery_get_step (vault, recovery->uuid, sk_identity_get_uuid (identity),
                                                                   SK_RECOVERY_STEP_SUSPEND_NUMBER));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      SkAccount *account = sk_vault_lookup_account (vault, item->account_uuid);
      g_autoptr(GPtrArray) appeals = sk_appeal_list (vault, recovery->uuid, item->account_uuid);
      g_autoptr(GDateTime) due = NULL;
      SkAppealChannel next;

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "uuid", item->account_uuid);
      sk_cli_json_add_string (builder, "name", sk_account_get_display_name (account));
      json_builder_set_member_name (builder, "rank");
      json_builder_add_int_value (builder, i + 1);
      sk_cli_json_add_string (builder, "risk", sk_recovery_risk_to_string (item->risk));
      json_builder_set_member_name (builder, "money");
      json_builder_add_boolean_value (builder, item->money);
      json_builder_set_member_name (builder, "copy_here");
      json_builder_add_boolean_value (builder, item->copy_here);
      json_builder_set_member_name (builder, "has_code");
      json_builder_add_boolean_value (builder, sk_account_has_code (account));
      sk_cli_json_add_string (builder, "protection", sk_protection_to_string (sk_account_get_protection (account)));
      json_builder_set_member_name (builder, "working_ways");
      json_builder_add_int_value (builder, item->n_working);
      json_builder_set_member_name (builder, "only_appeal");
      json_builder_add_boolean_value (builder, item->n_working == 0);
      add_channel_json (builder, "freeze_channel", item->freeze_channel);
      add_channel_json (builder, "appeal_channel", item->appeal_channel);
      json_builder_set_member_name (builder, "lost");
      json_builder_begin_array (builder);
      for (guint j = 0; item->lost_identities[j] != NULL; j++)
        json_builder_add_string_value (builder, item->lost_identities[j]);
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "ways");
      json_builder_begin_array (builder);
      for (guint j = 0; j < item->ways->len; j++)
        {
          SkRecoveryWay *way = item->ways->pdata[j];

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "kind", sk_recovery_way_to_string (way->kind));
          sk_cli_json_add_string (builder, "identity", way->identity_uuid);
          if (way->kind == SK_RECOVERY_WAY_RECOVERY_CODE)
            {
              json_builder_set_member_name (builder, "count");
              json_builder_add_int_value (builder, way->count);
            }
          json_builder_set_member_name (builder, "works");
          json_builder_add_boolean_value (builder, way->works);
          json_builder_set_member_name (builder, "chain");
          json_builder_begin_array (builder);
          for (guint k = 0; way->chain != NULL && way->chain[k] != NULL; k++)
            json_builder_add_string_value (builder, way->chain[k]);
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "steps");
      json_builder_begin_array (builder);
      for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
        {
          if (!item->needed[s] && item->done[s] == 0)
            continue;
          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "step", sk_recovery_step_to_string (s));
          json_builder_set_member_name (builder, "needed");
          json_builder_add_boolean_value (builder, item->needed[s]);
          sk_cli_json_add_time (builder, "done", item->done[s]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "evidence");
      json_builder_begin_array (builder);
      for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
        {
          g_autofree char *note = NULL;
          gboolean has = sk_recovery_get_evidence (vault, recovery->uuid, item->account_uuid, e, &note);

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "item", sk_recovery_evidence_to_string (e));
          json_builder_set_member_name (builder, "have");
          json_builder_add_boolean_value (builder, has);
          sk_cli_json_add_string (builder, "note", note);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "appeals");
      json_builder_begin_array (builder);
      for (guint j = 0; j < appeals->len; j++)
        {
          SkAppeal *appeal = appeals->pdata[j];

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "channel", sk_appeal_channel_to_string (appeal->channel));
          sk_cli_json_add_time (builder, "sent", appeal->sent);
          sk_cli_json_add_time (builder, "answered", appeal->answered);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "escalation");
      if (sk_appeal_get_escalation (vault, recovery, item->account_uuid, &due, &next))
        {
          json_builder_begin_object (builder);
          add_datetime (builder, "due", due);
          sk_cli_json_add_string (builder, "next", sk_appeal_channel_to_string (next));
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  sk_cli_print_builder (builder);
}

static void
print_plan_text (SkCli          *cli,
                 SkRecoveryCase *recovery,
                 GPtrArray      *plan,
                 gboolean        markdown)
{
  SkVault *vault = vault_of (cli);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *box_done = markdown ? "- [x]" : "[x]";
  const char *box_open = markdown ? "- [ ]" : "[ ]";
  gboolean any_phone = FALSE;

  if (markdown)
    g_print ("# %s\n\n", _("Lost-phone recovery"));
  g_print (_("Lost since %s:"), recovery->date);
  g_print ("\n");
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      g_autofree char *display = identity_display (vault, recovery->lost[i]);

      g_print ("%s %s (%s)\n", markdown ? "-" : " ", display,
              identity != NULL ? sk_identity_kind_get_label (sk_identity_get_kind (identity)) : "?");
    }
  g_print (_("Unanswered appeals are escalated after %u hours.\n"), recovery->escalate_hours);

  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      g_autofree char *display = NULL;
      gint64 done;

      if (identity == NULL || sk_identity_get_kind (identity) != SK_IDENTITY_PHONE)
        continue;
      if (!any_phone)
        {
          g_print ("\n%s%s\n", markdown ? "## " : "", _("Carrier"));
          any_phone = TRUE;
        }
      display = sk_identity_dup_display (identity, FALSE);
      done = sk_recovery_get_step (vault, recovery->uuid, sk_identity_get_uuid (identity),
                                   SK_RECOVERY_STEP_SUSPEND_NUMBER);
      g_print ("  %s %s: %s\n", done != 0 ? box_done : box_open, display,
              sk_recovery_step_get_label (SK_RECOVERY_STEP_SUSPEND_NUMBER));
    }

  if (plan->len == 0)
    {
      g_print ("\n%s\n", _("No account in this vault is bound to what was lost."));
      return;
    }

  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      SkAccount *account = sk_vault_lookup_account (vault, item->account_uuid);
      g_autoptr(GDateTime) due = NULL;
      g_autoptr(GPtrArray) appeals = NULL;
      SkAppealChannel next;
      g_autoptr(GString) lost = g_string_new (NULL);

      g_print ("\n%s%u. %s\n", markdown ? "## " : "", i + 1, sk_account_get_display_name (account));
      g_print ("   %s\n", sk_recovery_risk_get_label (item->risk));
      for (guint j = 0; item->lost_identities[j] != NULL; j++)
        {
          g_autofree char *display = identity_display (vault, item->lost_identities[j]);

          if (lost->len > 0)
            g_string_append (lost, ", ");
          g_string_append (lost, display);
        }
      if (lost->len > 0)
        g_print ("   %s %s\n", _("Bound to what was lost:"), lost->str);
      else
        g_print ("   %s\n", _("Hangs on what was lost through a chain of accounts (below)."));
      if (item->n_working == 0)
        g_print ("   %s\n", _("Only an appeal is left: no way back works without what was lost."));

      g_print ("   %s\n", _("Ways back, best first:"));
      for (guint j = 0; j < item->ways->len; j++)
        {
          SkRecoveryWay *way = item->ways->pdata[j];

          g_print ("     %u) %s", j + 1, sk_recovery_way_get_label (way->kind));
          if (way->identity_uuid != NULL)
            {
              g_autofree char *display = identity_display (vault, way->identity_uuid);

              g_print (" — %s", display);
            }
          if (way->kind == SK_RECOVERY_WAY_RECOVERY_CODE)
            g_print (g_dngettext (GETTEXT_PACKAGE, " (%u left)", " (%u left)", way->count), way->count);
          if (way->kind != SK_RECOVERY_WAY_SUPPORT_APPEAL && !way->works)
            g_print (" %s", _("(does not work)"));
          g_print ("\n");
          /* Through an owning account: the chain says why. */
          if (way->chain != NULL && g_strv_length (way->chain) > 2)
            {
              g_autofree char *words = sk_ways_back_chain_to_string ((const char * const *) way->chain);

              g_print ("        %s\n", words);
            }
        }

      g_print ("   ");
      g_print (_("Emergency steps (%u of %u done):"), item->n_done, item->n_needed);
      g_print ("\n");
      for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
        {
          g_autofree char *when = NULL;

          if (!item->needed[s])
            continue;
          when = sk_cli_format_time (item->done[s], FALSE);
          g_print ("     %s %-16s %s%s%s%s\n", item->done[s] != 0 ? box_done : box_open,
                  sk_recovery_step_to_string (s), sk_recovery_step_get_label (s),
                  when != NULL ? " (" : "", when != NULL ? when : "", when != NULL ? ")" : "");
        }
      if (item->needed[SK_RECOVERY_STEP_FREEZE])
        print_channel (_("Freeze through:"), item->freeze_channel);
      print_channel (_("Appeal through:"), item->appeal_channel);
      g_print ("   ");
      g_print (_("Evidence ready: %u of %u"),
              count_evidence (vault, recovery->uuid, item->account_uuid), SK_RECOVERY_N_EVIDENCE);
      g_print ("\n");

      appeals = sk_appeal_list (vault, recovery->uuid, item->account_uuid);
      for (guint j = 0; j < appeals->len; j++)
        {
          SkAppeal *appeal = appeals->pdata[j];
          g_autofree char *sent = sk_cli_format_time (appeal->sent, FALSE);
          g_autofree char *answered = sk_cli_format_time (appeal->answered, FALSE);

          g_print ("   ");
          if (answered != NULL)
            g_print (_("Appeal by %s sent %s, answered %s"), sk_appeal_channel_get_label (appeal->channel),
                    sent, answered);
          else
            g_print (_("Appeal by %s sent %s, no answer yet"), sk_appeal_channel_get_label (appeal->channel),
                    sent);
          g_print ("\n");
        }
      if (sk_appeal_get_escalation (vault, recovery, item->account_uuid, &due, &next))
        {
          g_autofree char *when = format_local (due);

          g_print ("   ");
          if (g_date_time_compare (due, now) <= 0)
            g_print (_("No answer since %s: escalate now through the %s."), when,
                    sk_appeal_channel_get_label (next));
          else
            g_print (_("If no answer by %s, escalate through the %s."), when,
                    sk_appeal_channel_get_label (next));
          g_print ("\n");
        }
    }
}

static gboolean
recover_plan (SkCli   *cli,
              GError **error)
{
  g_autoptr(SkRecoveryCase) recovery = current_case (cli, error);
  g_autoptr(GPtrArray) plan = NULL;

  if (recovery == NULL)
    return FALSE;
  plan = sk_recovery_plan (vault_of (cli), recovery);
  if (cli->json)
    build_plan_json (cli, recovery, plan);
  else
    print_plan_text (cli, recovery, plan, opt_markdown);
  return TRUE;
}

/* step ---------------------------------------------------------------------- */

static gboolean
recover_step (SkCli       *cli,
              const char  *target_query,
              const char  *step_name,
              GError     **error)
{
  g_autoptr(SkRecoveryCase) recovery = current_case (cli, error);
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkIdentity) identity = NULL;
  g_autofree char *label = NULL;
  const char *target;
  SkRecoveryStep step;

  if (recovery == NULL)
    return FALSE;
  if (opt_done && opt_undo)
    return usage (error, _("--done and --undo cannot go together"));
  if (!sk_recovery_step_from_string (step_name, &step))
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("unknown step “%s” (freeze, stop-payments, move-balance, block-device, change-password, suspend-number)"),
                   step_name);
      return FALSE;
    }
  if (step == SK_RECOVERY_STEP_SUSPEND_NUMBER)
    {
      identity = sk_cli_find_one_identity (cli, target_query, error);
      if (identity == NULL)
        return FALSE;
      target = sk_identity_get_uuid (identity);
      label = sk_identity_dup_display (identity, FALSE);
    }
  else
    {
      account = sk_cli_find_one_account (cli, target_query, error);
      if (account == NULL)
        return FALSE;
      target = sk_account_get_uuid (account);
      label = g_strdup (sk_account_get_display_name (account));
    }
  if (!sk_recovery_set_step (vault_of (cli), recovery->uuid, target, step, !opt_undo,
                             g_get_real_time (), error))
    return FALSE;
  if (!sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "target", target);
      sk_cli_json_add_string (builder, "step", sk_recovery_step_to_string (step));
      sk_cli_json_add_time (builder, "done", sk_recovery_get_step (vault_of (cli), recovery->uuid, target, step));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else if (opt_undo)
    g_print (_("%s: “%s” is not done\n"), label, sk_recovery_step_get_label (step));
  else
    g_print (_("%s: “%s” done\n"), label, sk_recovery_step_get_label (step));
  return TRUE;
}

/* evidence ------------------------------------------------------------------ */

static gboolean
recover_evidence (SkCli       *cli,
                  const char  *account_query,
                  const char  *item_name,
                  GError     **error)
{
  g_autoptr(SkRecoveryCase) recovery = current_case (cli, error);
  g_autoptr(SkAccount) account = NULL;
  SkVault *vault = vault_of (cli);
  SkRecoveryEvidence item;

  if (recovery == NULL)
    return FALSE;
  account = sk_cli_find_one_account (cli, account_query, error);
  if (account == NULL)
    return FALSE;
  if (opt_have && opt_missing)
    return usage (error, _("--have and --missing cannot go together"));

  if (item_name != NULL)
    {
      /* Saying where an item is means having it, unless --missing. */
      int have = opt_missing ? 0 : (opt_note != NULL && *opt_note == '\0' && !opt_have) ? -1 : 1;

      if (!sk_recovery_evidence_from_string (item_name, &item))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                       _("unknown evidence item “%s” (id-documents, id-photo, bank-card, registration, login-devices, purchases, carrier-certificate, screenshots)"),
                       item_name);
          return FALSE;
        }
      if (!sk_recovery_set_evidence (vault, recovery->uuid, sk_account_get_uuid (account), item,
                                     have, opt_note, g_get_real_time (), error))
        return FALSE;
      if (!sk_cli_save (cli, error))
        return FALSE;
    }
  else if (opt_have || opt_missing || opt_note != NULL)
    return usage (error, _("--have, --missing and --note need an evidence ITEM"));

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
        {
          g_autofree char *note = NULL;
          gboolean has = sk_recovery_get_evidence (vault, recovery->uuid, sk_account_get_uuid (account), e, &note);

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "item", sk_recovery_evidence_to_string (e));
          json_builder_set_member_name (builder, "have");
          json_builder_add_boolean_value (builder, has);
          sk_cli_json_add_string (builder, "note", note);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }

  g_print (_("Evidence for %s:"), sk_account_get_display_name (account));
  g_print ("\n");
  for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
    {
      g_autofree char *note = NULL;
      gboolean has = sk_recovery_get_evidence (vault, recovery->uuid, sk_account_get_uuid (account), e, &note);

      g_print ("  %s %-20s %s%s%s\n", has ? "[x]" : "[ ]", sk_recovery_evidence_to_string (e),
              sk_recovery_evidence_get_label (e), note != NULL ? " — " : "", note != NULL ? note : "");
    }
  return TRUE;
}

/* letter -------------------------------------------------------------------- */

/* A letter the user edited: bounded like every input. */
static char *
read_letter (SkCli       *cli,
             const char  *path,
             GError     **error)
{
  g_autoptr(SkSecret) contents = sk_cli_read_input (cli, path, error);

  if (contents == NULL)
    return NULL;
  return g_strdup (sk_secret_get_string (contents));
}

static gboolean
recover_letter (SkCli       *cli,
                const char  *account_query,
                GError     **error)
{
  g_autoptr(SkRecoveryCase) recovery = current_case (cli, error);
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *letter = NULL;
  const char *lang = opt_lang != NULL ? opt_lang : "en";
  SkVault *vault = vault_of (cli);
  gboolean changed = FALSE;

  if (recovery == NULL)
    return FALSE;
  account = sk_cli_find_one_account (cli, account_query, error);
  if (account == NULL)
    return FALSE;
  if (sk_appeal_normalize_lang (lang) == NULL)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("letters are written in zh_CN, zh_TW or en, not “%s”"), lang);
      return FALSE;
    }
  if (opt_sent && opt_channel == NULL)
    return usage (error, _("--sent needs --channel (chat, ticket, email, phone or regulator)"));
  if (opt_channel != NULL && !opt_sent)
    return usage (error, _("--channel goes with --sent"));
  if (opt_from != NULL && opt_reset)
    return usage (error, _("--from and --reset cannot go together"));

  if (opt_from != NULL || opt_reset)
    {
      g_autofree char *text = NULL;

      if (opt_from != NULL)
        {
          text = read_letter (cli, opt_from, error);
          if (text == NULL)
            return FALSE;
        }
      if (!sk_appeal_letter_set_text (vault, recovery->uuid, sk_account_get_uuid (account), lang,
                                      text, g_get_real_time (), error))
        return FALSE;
      changed = TRUE;
    }

  if (opt_sent || opt_answered)
    {
      gint64 when = parse_time (opt_at, error);
      g_autoptr(SkAppeal) appeal = NULL;
      g_autoptr(GDateTime) due = NULL;
      SkAppealChannel channel, next;

      if (when < 0)
        return FALSE;
      if (opt_sent)
        {
          if (!sk_appeal_channel_from_string (opt_channel, &channel))
            {
              g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                           _("unknown channel “%s” (chat, ticket, email, phone or regulator)"), opt_channel);
              return FALSE;
            }
          appeal = sk_appeal_record_sent (vault, recovery->uuid, sk_account_get_uuid (account), channel,
                                          when, g_get_real_time (), error);
          if (appeal == NULL)
            return FALSE;
        }
      if (opt_answered)
        sk_appeal_mark_answered (vault, recovery->uuid, sk_account_get_uuid (account), when,
                                 g_get_real_time ());
      if (!sk_cli_save (cli, error))
        return FALSE;

      if (cli->json)
        {
          g_autoptr(JsonBuilder) builder = json_builder_new ();

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "account", sk_account_get_uuid (account));
          json_builder_set_member_name (builder, "escalation");
          if (sk_appeal_get_escalation (vault, recovery, sk_account_get_uuid (account), &due, &next))
            {
              json_builder_begin_object (builder);
              add_datetime (builder, "due", due);
              sk_cli_json_add_string (builder, "next", sk_appeal_channel_to_string (next));
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
          sk_cli_print_builder (builder);
        }
      else if (sk_appeal_get_escalation (vault, recovery, sk_account_get_uuid (account), &due, &next))
        {
          g_autofree char *text = format_local (due);

          g_print (_("Appeal recorded. If there is no answer by %s, escalate through the %s.\n"),
                  text, sk_appeal_channel_get_label (next));
        }
      else
        g_print (_("Answer recorded: no escalation is pending.\n"));
      return TRUE;
    }

  if (changed && !sk_cli_save (cli, error))
    return FALSE;

  letter = sk_appeal_letter (vault, recovery, sk_account_get_uuid (account), lang, opt_markdown, error);
  if (letter == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "account", sk_account_get_uuid (account));
      sk_cli_json_add_string (builder, "lang", sk_appeal_normalize_lang (lang));
      sk_cli_json_add_string (builder, "text", letter);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print ("%s", letter);
  return TRUE;
}

/* copy ---------------------------------------------------------------------- */

static gboolean
recover_copy (SkCli       *cli,
              const char  *account_query,
              GError     **error)
{
  g_autoptr(SkRecoveryCase) recovery = current_case (cli, error);
  g_autoptr(SkAccount) account = NULL;

  if (recovery == NULL)
    return FALSE;
  if (opt_stale == opt_valid)
    return usage (error, _("“recover copy” needs --stale or --valid"));
  account = sk_cli_find_one_account (cli, account_query, error);
  if (account == NULL)
    return FALSE;
  sk_recovery_set_copy_stale (vault_of (cli), recovery->uuid, sk_account_get_uuid (account),
                              opt_stale, g_get_real_time ());
  if (!sk_cli_save (cli, error))
    return FALSE;
  if (!cli->json)
    g_print (opt_stale ? _("%s: this vault's key is marked as no longer working\n")
                      : _("%s: this vault's key is marked as working\n"),
            sk_account_get_display_name (account));
  return TRUE;
}

/* close --------------------------------------------------------------------- */

/* "close --undo": reopens the recovery closed last, if nothing it wrote
 * changed since. */
static gboolean
recover_close_undo (SkCli   *cli,
                    GError **error)
{
  g_autofree char *case_uuid = NULL;

  if (opt_new != NULL)
    return usage (error, _("“recover close --undo” takes no --new"));
  if (!sk_recovery_undo_close (vault_of (cli), g_get_real_time (), &case_uuid, error))
    return FALSE;
  if (!sk_cli_save (cli, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "case", case_uuid);
      json_builder_set_member_name (builder, "reopened");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }
  printf (_("Closing undone: the bindings and the lost identities are as they were, and the recovery is under way again.\n"));
  return TRUE;
}

static gboolean
recover_close (SkCli   *cli,
               GError **error)
{
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_auto(GStrv) news = NULL;
  guint moved = 0;

  if (opt_undo)
    return recover_close_undo (cli, error);
  recovery = current_case (cli, error);
  if (recovery == NULL)
    return FALSE;
  if (opt_new == NULL)
    return usage (error, _("“recover close” needs --new IDENTITY[,IDENTITY] (add the new number with “sparekey-cli identity add”)"));
  if (opt_audit_days < 0 || opt_audit_days > SK_AUDIT_MAX_INTERVAL)
    {
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT,
                   _("--audit-days must be between 1 and %d, got %d"), SK_AUDIT_MAX_INTERVAL, opt_audit_days);
      return FALSE;
    }
  news = resolve_identities (cli, opt_new, error);
  if (news == NULL)
    return FALSE;
  if (!sk_recovery_close (vault_of (cli), recovery->uuid, (const char * const *) news,
                          opt_audit_days, g_get_real_time (), &moved, error))
    return FALSE;
  if (!sk_cli_save (cli, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "case", recovery->uuid);
      json_builder_set_member_name (builder, "rebound");
      json_builder_add_int_value (builder, moved);
      json_builder_set_member_name (builder, "retired");
      json_builder_begin_array (builder);
      for (guint i = 0; recovery->lost[i] != NULL; i++)
        json_builder_add_string_value (builder, recovery->lost[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
      return TRUE;
    }
  g_print (g_dngettext (GETTEXT_PACKAGE,
                       "Recovery closed: %u binding moved to the new identities, the old ones retired.\n",
                       "Recovery closed: %u bindings moved to the new identities, the old ones retired.\n", moved),
          moved);
  g_print (_("The affected accounts are due for an audit within %d days (“sparekey-cli audit due”).\n"),
          opt_audit_days > 0 ? opt_audit_days : 7);
  g_print (_("Print a new emergency kit (“sparekey-cli kit FILE.pdf”) and destroy the old one.\n"));
  return TRUE;
}

static gboolean
run_recover (SkCli   *cli,
             char   **args,
             GError **error)
{
  const char *sub;

  if (!sk_cli_check_subcommand (args, "recover", error))
    return FALSE;
  sub = args[0];

  if (g_str_equal (sub, "start") || g_str_equal (sub, "plan") || g_str_equal (sub, "close"))
    {
      if (!sk_cli_check_args (args, 1, 1, error))
        return FALSE;
    }
  else if (g_str_equal (sub, "step"))
    {
      if (!sk_cli_check_args (args, 3, 3, error))
        return FALSE;
    }
  else if (g_str_equal (sub, "evidence"))
    {
      if (!sk_cli_check_args (args, 2, 3, error))
        return FALSE;
    }
  else if (g_str_equal (sub, "letter") || g_str_equal (sub, "copy"))
    {
      if (!sk_cli_check_args (args, 2, 2, error))
        return FALSE;
    }
  else
    return sk_cli_unknown_subcommand ("recover", sub, error);
  if (!sk_cli_open_store (cli, error))
    return FALSE;
  if (g_str_equal (sub, "start"))
    return recover_start (cli, error);
  if (g_str_equal (sub, "plan"))
    return recover_plan (cli, error);
  if (g_str_equal (sub, "step"))
    return recover_step (cli, args[1], args[2], error);
  if (g_str_equal (sub, "evidence"))
    return recover_evidence (cli, args[1], args[2], error);
  if (g_str_equal (sub, "letter"))
    return recover_letter (cli, args[1], error);
  if (g_str_equal (sub, "copy"))
    return recover_copy (cli, args[1], error);
  return recover_close (cli, error);
}

const SkCliCommand sk_cli_command_recover = {
  "recover",
  NC_("usage", "start --lost IDENTITY[,IDENTITY] [--date DATE] | plan | step ACCOUNT STEP [--done|--undo] | "
               "evidence ACCOUNT [ITEM] [--have|--missing] [--note TEXT] | "
               "letter ACCOUNT [--lang zh_CN|zh_TW|en] [--markdown] [--from FILE|--reset] [--sent --channel CH] [--answered] | "
               "copy ACCOUNT --stale|--valid | close --new IDENTITY[,IDENTITY] | close --undo"),
  N_("Recover from a lost phone, number or device, one account at a time"),
  N_("start marks the identities lost and lists what hangs on them. plan shows the affected\n"
     "accounts ranked by risk (money first, then accounts locked out), the ways back into each,\n"
     "best first, and the emergency steps still to do. step ticks a step (freeze, stop-payments,\n"
     "move-balance, block-device, change-password; suspend-number takes the lost phone number\n"
     "instead of an account). evidence keeps the checklist a support team asks for. letter\n"
     "writes the appeal in four parts from the vault, keeps your edited version (--from), and\n"
     "records when it was sent and through which channel: after 72 hours without an answer\n"
     "the plan says where to escalate. close re-binds the accounts to the new number and\n"
     "device, retires the old ones and schedules an audit; close --undo takes that back while\n"
     "nothing it wrote has changed. Progress is kept in the vault."),
  recover_entries,
  run_recover,
};

/* kit ----------------------------------------------------------------------- */

static gboolean kit_yes;

static const GOptionEntry kit_entries[] = {
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &kit_yes,
    N_("Write it without asking: I know the file and its printout are not encrypted"), NULL },
  { NULL }
};

static gboolean
run_kit (SkCli   *cli,
         char   **args,
         GError **error)
{
  g_autofree char *question = NULL;

  if (!sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  if (!sk_cli_open_store (cli, error))
    return FALSE;

  question = g_strdup_printf (_("The kit “%s” holds every key and recovery code of the vault "
                                "UNENCRYPTED: whoever gets the file or the paper can sign in to "
                                "your accounts. Write it?"), args[0]);
  if (!sk_cli_confirm (question, kit_yes, error))
    return FALSE;
  if (!sk_kit_write_pdf (vault_of (cli), args[0], g_get_real_time (), error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "path", args[0]);
      json_builder_set_member_name (builder, "accounts");
      json_builder_add_int_value (builder, sk_vault_get_n_accounts (vault_of (cli)));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    g_print (_("Wrote %s (mode 0600). Print it, keep the paper locked away, and delete the file.\n"),
            args[0]);
  return TRUE;
}

const SkCliCommand sk_cli_command_kit = {
  "kit",
  NC_("usage", "FILE.pdf [--yes]"),
  N_("Write the printable emergency kit (QR codes, recovery codes, bindings, support)"),
  N_("The PDF is not encrypted: it holds every key of the vault as a QR code and every unused\n"
     "recovery code. It is written with mode 0600; print it, keep the paper somewhere safe and\n"
     "delete the file. Without --yes, a terminal is needed to confirm."),
  kit_entries,
  run_kit,
};
