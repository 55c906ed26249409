/* sk-audit.c: quarterly audits of each account's bindings, due dates and
 * the calendar export
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-records-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-account.h"
#include "sparekey/sk-audit.h"
#include "sparekey/sk-inventory.h"

/*
 * Records of the "audits" section: { uuid, account, time, checks: { name:
 * bool }, note }. The per-account interval is "audit_interval" (days, 0 =
 * off) in the account's "account_info" record, absent for the default.
 */

G_DEFINE_QUARK (sk-audit-error-quark, sk_audit_error)

static const struct {
  const char *name;
  const char *label;
} checks[SK_AUDIT_N_CHECKS] = {
  [SK_AUDIT_CHECK_STILL_USED] = { "still-used", N_("Is the account still used?") },
  [SK_AUDIT_CHECK_BINDINGS_CORRECT] = { "bindings-correct", N_("Are its phone numbers, emails and devices still right?") },
  [SK_AUDIT_CHECK_THIRD_PARTY_REMOVED] = { "third-party-removed", N_("Are unused third-party logins removed?") },
  [SK_AUDIT_CHECK_CODES_LEFT] = { "codes-left", N_("Are recovery codes left?") },
  [SK_AUDIT_CHECK_CODE_ACCEPTED] = { "code-accepted", N_("Does the site still accept the code from Sparekey?") },
  [SK_AUDIT_CHECK_SUPPORT_VALID] = { "support-valid", N_("Is the support contact still valid?") },
};

const char *
sk_audit_check_to_string (SkAuditCheck check)
{
  g_return_val_if_fail ((guint) check < SK_AUDIT_N_CHECKS, NULL);
  return checks[check].name;
}

gboolean
sk_audit_check_from_string (const char   *text,
                            SkAuditCheck *check)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (check != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  wanted = g_ascii_strdown (text, -1);
  g_strdelimit (g_strstrip (wanted), "_ ", '-');
  for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
    if (g_str_equal (checks[i].name, wanted))
      {
        *check = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sk_audit_check_get_label (SkAuditCheck check)
{
  g_return_val_if_fail ((guint) check < SK_AUDIT_N_CHECKS, NULL);
  return _(checks[check].label);
}

G_DEFINE_BOXED_TYPE (SkAuditRecord, sk_audit_record, sk_audit_record_copy, sk_audit_record_free)

SkAuditRecord *
sk_audit_record_copy (const SkAuditRecord *record)
{
  SkAuditRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (SkAuditRecord, 1);
  *copy = *record;
  copy->uuid = g_strdup (record->uuid);
  copy->account_uuid = g_strdup (record->account_uuid);
  copy->note = g_strdup (record->note);
  return copy;
}

void
sk_audit_record_free (SkAuditRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->uuid);
  g_free (record->account_uuid);
  g_free (record->note);
  g_free (record);
}

void
sk_audit_due_free (SkAuditDue *due)
{
  if (due == NULL)
    return;
  g_free (due->account_uuid);
  g_clear_pointer (&due->due, g_date_time_unref);
  g_free (due);
}

GDateTime *
sk_audit_compute_due (GDateTime *last,
                      guint      interval_days)
{
  int year, month, day;
  GDate date;

  g_return_val_if_fail (last != NULL, NULL);

  g_date_time_get_ymd (last, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  g_date_add_days (&date, interval_days);
  /* Midnight of that day where the user is; where a DST change skips
   * midnight, GLib moves to the first valid time after it. */
  return g_date_time_new (g_date_time_get_timezone (last),
                          g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date), 0, 0, 0);
}

guint
sk_audit_get_interval (SkVault    *vault,
                       const char *account_uuid,
                       gboolean   *is_default)
{
  JsonObject *record;
  gint64 days;

  g_return_val_if_fail (SK_IS_VAULT (vault), SK_AUDIT_DEFAULT_INTERVAL);
  g_return_val_if_fail (account_uuid != NULL, SK_AUDIT_DEFAULT_INTERVAL);

  record = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, account_uuid);
  days = record != NULL ? sk_records_get_int (record, "audit_interval", -1) : -1;
  if (is_default != NULL)
    *is_default = days < 0 || days > SK_AUDIT_MAX_INTERVAL;
  if (days < 0 || days > SK_AUDIT_MAX_INTERVAL)
    return SK_AUDIT_DEFAULT_INTERVAL;
  return (guint) days;
}

gboolean
sk_audit_set_interval (SkVault     *vault,
                       const char  *account_uuid,
                       int          days,
                       gint64       now,
                       GError     **error)
{
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  if (days < -1 || days > SK_AUDIT_MAX_INTERVAL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_INVALID,
                   _("the audit interval must be between 1 and %d days, got %d"),
                   SK_AUDIT_MAX_INTERVAL, days);
      return FALSE;
    }
  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return FALSE;
    }

  old = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, account_uuid);
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  if (days < 0)
    json_object_remove_member (record, "audit_interval");
  else
    json_object_set_int_member (record, "audit_interval", days);
  sk_records_put (vault, SK_SECTION_ACCOUNT_INFO, account_uuid, record, now);
  return TRUE;
}

gboolean
sk_audit_request (SkVault     *vault,
                  const char  *account_uuid,
                  const char  *date,
                  gint64       now,
                  GError     **error)
{
  g_autofree char *day = NULL;
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (account_uuid != NULL && date != NULL, FALSE);

  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return FALSE;
    }
  day = sk_inventory_parse_date (date, NULL);
  if (day == NULL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_INVALID,
                   _("“%s” is not a date (YYYY-MM-DD)"), date);
      return FALSE;
    }
  old = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, account_uuid);
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  json_object_set_string_member (record, "audit_requested", day);
  json_object_set_int_member (record, "audit_requested_at", now);
  sk_records_put (vault, SK_SECTION_ACCOUNT_INFO, account_uuid, record, now);
  return TRUE;
}

/* The day asked for by sk_audit_request(), in @tz, if no audit was done
 * since the request. */
static GDateTime *
requested_due (SkVault    *vault,
               const char *uuid,
               gint64      last,
               GTimeZone  *tz)
{
  JsonObject *record = sk_records_lookup (vault, SK_SECTION_ACCOUNT_INFO, uuid);
  const char *day;
  int y, m, d;

  if (record == NULL)
    return NULL;
  day = sk_records_get_string (record, "audit_requested");
  if (day == NULL || last > sk_records_get_int (record, "audit_requested_at", 0))
    return NULL;
  if (sscanf (day, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new (tz, y, m, d, 0, 0, 0);
}

static SkAuditRecord *
audit_from_record (JsonObject *record)
{
  SkAuditRecord *audit;
  JsonNode *node;

  if (sk_records_get_string (record, "uuid") == NULL ||
      sk_records_get_string (record, "account") == NULL)
    return NULL;

  audit = g_new0 (SkAuditRecord, 1);
  audit->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  audit->account_uuid = g_strdup (sk_records_get_string (record, "account"));
  audit->time = sk_records_get_int (record, "time", 0);
  audit->note = g_strdup (sk_records_get_string (record, "note"));
  node = json_object_get_member (record, "checks");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
      audit->checks[i] = sk_records_get_bool (json_node_get_object (node), checks[i].name);
  return audit;
}

SkAuditRecord *
sk_audit_record_done (SkVault         *vault,
                      const char      *account_uuid,
                      const gboolean  *done,
                      const char      *note,
                      gint64           now,
                      GError         **error)
{
  g_autofree char *uuid = NULL;
  JsonObject *record, *ticks;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return NULL;
    }

  uuid = sk_uuid_new ();
  record = json_object_new ();
  ticks = json_object_new ();
  for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
    json_object_set_boolean_member (ticks, checks[i].name, done != NULL && done[i]);
  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_int_member (record, "time", now);
  json_object_set_object_member (record, "checks", ticks);
  sk_records_set_string (record, "note", note);
  sk_records_put (vault, SK_SECTION_AUDITS, uuid, record, now);
  return audit_from_record (sk_records_lookup (vault, SK_SECTION_AUDITS, uuid));
}

static int
compare_audits (gconstpointer a,
                gconstpointer b)
{
  const SkAuditRecord *x = *(SkAuditRecord **) a;
  const SkAuditRecord *y = *(SkAuditRecord **) b;

  if (x->time != y->time)
    return x->time > y->time ? -1 : 1;
  return g_strcmp0 (x->uuid, y->uuid);
}

GPtrArray *
sk_audit_list_history (SkVault    *vault,
                       const char *account_uuid)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *history;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  records = sk_records_list (vault, SK_SECTION_AUDITS,
                             account_uuid != NULL ? "account" : NULL, account_uuid);
  history = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_audit_record_free);
  for (guint i = 0; i < records->len; i++)
    {
      SkAuditRecord *audit = audit_from_record (records->pdata[i]);

      if (audit != NULL)
        g_ptr_array_add (history, audit);
    }
  g_ptr_array_sort (history, compare_audits);
  return history;
}

gint64
sk_audit_get_last (SkVault    *vault,
                   const char *account_uuid)
{
  g_autoptr(GPtrArray) records = NULL;
  gint64 last = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL, 0);

  records = sk_records_list (vault, SK_SECTION_AUDITS, "account", account_uuid);
  for (guint i = 0; i < records->len; i++)
    last = MAX (last, sk_records_get_int (records->pdata[i], "time", 0));
  return last;
}

GDateTime *
sk_audit_get_due (SkVault   *vault,
                  SkAccount *account,
                  GTimeZone *tz)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) base = NULL;
  const char *uuid;
  guint interval;
  gint64 last;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  uuid = sk_account_get_uuid (account);
  interval = sk_audit_get_interval (vault, uuid, NULL);
  last = sk_audit_get_last (vault, uuid);
  if (tz == NULL)
    tz = local = g_time_zone_new_local ();
  {
    /* An audit asked for (after a recovery) comes first, even when
     * regular audits are off for the account. */
    g_autoptr(GDateTime) requested = requested_due (vault, uuid, last, tz);

    if (requested != NULL || interval == 0)
      {
        g_autoptr(GDateTime) regular = NULL;

        if (interval != 0)
          {
            g_autoptr(GDateTime) from = g_date_time_new_from_unix_utc ((last != 0 ? last : sk_account_get_created (account)) / G_USEC_PER_SEC);
            g_autoptr(GDateTime) in_tz = from != NULL ? g_date_time_to_timezone (from, tz) : NULL;

            regular = in_tz != NULL ? sk_audit_compute_due (in_tz, interval) : NULL;
          }
        if (requested == NULL)
          return NULL;
        if (regular != NULL && g_date_time_compare (regular, requested) < 0)
          return g_steal_pointer (&regular);
        return g_steal_pointer (&requested);
      }
  }

  if (last == 0)
    last = sk_account_get_created (account);
  base = g_date_time_new_from_unix_utc (last / G_USEC_PER_SEC);
  if (base == NULL)
    base = g_date_time_new_now_utc ();
  {
    g_autoptr(GDateTime) in_tz = g_date_time_to_timezone (base, tz);

    return sk_audit_compute_due (in_tz, interval);
  }
}

static int
compare_due (gconstpointer a,
             gconstpointer b)
{
  const SkAuditDue *x = *(SkAuditDue **) a;
  const SkAuditDue *y = *(SkAuditDue **) b;
  int cmp = g_date_time_compare (x->due, y->due);

  return cmp != 0 ? cmp : g_strcmp0 (x->account_uuid, y->account_uuid);
}

GPtrArray *
sk_audit_list_due (SkVault   *vault,
                   GDateTime *now,
                   guint      within_days,
                   gboolean   all)
{
  g_autoptr(GDateTime) limit = NULL;
  GListModel *accounts;
  GPtrArray *result;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  limit = g_date_time_add_days (now, within_days);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_audit_due_free);
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(GDateTime) due = sk_audit_get_due (vault, account, g_date_time_get_timezone (now));
      SkAuditDue *entry;

      if (due == NULL || (!all && g_date_time_compare (due, limit) > 0))
        continue;
      entry = g_new0 (SkAuditDue, 1);
      entry->account_uuid = g_strdup (sk_account_get_uuid (account));
      entry->due = g_steal_pointer (&due);
      entry->last = sk_audit_get_last (vault, entry->account_uuid);
      entry->interval = sk_audit_get_interval (vault, entry->account_uuid, NULL);
      g_ptr_array_add (result, entry);
    }
  g_ptr_array_sort (result, compare_due);
  return result;
}

/* Calendar export ---------------------------------------------------------- */

/* RFC 5545 §3.3.11 TEXT escaping. */
static void
append_text (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == ';' || *p == ',')
        g_string_append_c (out, '\\');
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p != '\r')
        g_string_append_c (out, *p);
    }
}

/* Appends one content line, folded at 75 octets without splitting a
 * UTF-8 character (RFC 5545 §3.1), ended by CRLF. */
static void
append_line (GString    *out,
             const char *line)
{
  gsize width = 0;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gsize len = g_utf8_next_char (p) - p;

      if (width + len > 75)
        {
          g_string_append (out, "\r\n ");
          width = 1;
        }
      g_string_append_len (out, p, len);
      width += len;
    }
  g_string_append (out, "\r\n");
}

static char *
rrule_for_interval (guint days)
{
  if (days % 365 == 0)
    return g_strdup_printf ("FREQ=YEARLY;INTERVAL=%u", days / 365);
  /* A quarter is what people mean by 90 days. */
  if (days % 90 == 0)
    return g_strdup_printf ("FREQ=MONTHLY;INTERVAL=%u", days / 90 * 3);
  if (days % 30 == 0)
    return g_strdup_printf ("FREQ=MONTHLY;INTERVAL=%u", days / 30);
  if (days % 7 == 0)
    return g_strdup_printf ("FREQ=WEEKLY;INTERVAL=%u", days / 7);
  return g_strdup_printf ("FREQ=DAILY;INTERVAL=%u", days);
}

typedef struct {
  guint      interval;
  GDateTime *first;     /* earliest due date */
  GPtrArray *names;     /* char* */
} IcsGroup;

static void
ics_group_free (IcsGroup *group)
{
  g_clear_pointer (&group->first, g_date_time_unref);
  g_ptr_array_unref (group->names);
  g_free (group);
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  guint x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);

  return x < y ? -1 : x > y ? 1 : 0;
}

char *
sk_audit_export_ics (SkVault   *vault,
                     GDateTime *now,
                     gboolean   with_names)
{
  g_autoptr(GPtrArray) dues = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GList) intervals = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GDateTime) now_utc = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *prodid = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  dues = sk_audit_list_due (vault, now, 0, TRUE);
  groups = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                  (GDestroyNotify) ics_group_free);
  for (guint i = 0; i < dues->len; i++)
    {
      SkAuditDue *due = dues->pdata[i];
      IcsGroup *group = g_hash_table_lookup (groups, GUINT_TO_POINTER (due->interval));
      SkAccount *account = sk_vault_lookup_account (vault, due->account_uuid);

      if (group == NULL)
        {
          group = g_new0 (IcsGroup, 1);
          group->interval = due->interval;
          group->names = g_ptr_array_new_with_free_func (g_free);
          /* dues are sorted: the first seen is the earliest. */
          group->first = g_date_time_ref (due->due);
          g_hash_table_insert (groups, GUINT_TO_POINTER (due->interval), group);
        }
      if (account != NULL)
        g_ptr_array_add (group->names, g_strdup (sk_account_get_display_name (account)));
    }

  now_utc = g_date_time_to_utc (now);
  stamp = g_date_time_format (now_utc, "%Y%m%dT%H%M%SZ");
  prodid = g_strdup_printf ("PRODID:-//Sparekey//Sparekey %s//EN", PACKAGE_VERSION);

  append_line (out, "BEGIN:VCALENDAR");
  append_line (out, "VERSION:2.0");
  append_line (out, prodid);
  append_line (out, "CALSCALE:GREGORIAN");
  append_line (out, "METHOD:PUBLISH");

  intervals = g_list_sort (g_hash_table_get_keys (groups), compare_intervals);
  for (GList *l = intervals; l != NULL; l = l->next)
    {
      IcsGroup *group = g_hash_table_lookup (groups, l->data);
      g_autoptr(GDateTime) start = NULL;
      g_autoptr(GDateTime) end = NULL;
      g_autoptr(GString) line = g_string_new (NULL);
      g_autofree char *rrule = rrule_for_interval (group->interval);
      g_autofree char *summary = NULL;
      g_autofree char *description = NULL;
      g_autofree char *start_text = NULL;
      g_autofree char *end_text = NULL;
      int year, month, day;

      /* A past due date starts the series today. */
      start = g_date_time_compare (group->first, now) < 0
              ? g_date_time_ref (now) : g_date_time_ref (group->first);
      g_date_time_get_ymd (start, &year, &month, &day);
      /* A monthly rule skips months without the start's day (RFC 5545
       * §3.3.10): start on the 28th instead, a few days early. */
      if (strstr (rrule, "MONTHLY") != NULL || strstr (rrule, "YEARLY") != NULL)
        day = MIN (day, 28);
      g_clear_pointer (&start, g_date_time_unref);
      start = g_date_time_new_utc (year, month, day, 0, 0, 0);
      end = g_date_time_add_days (start, 1);
      start_text = g_date_time_format (start, "%Y%m%d");
      end_text = g_date_time_format (end, "%Y%m%d");

      if (group->interval == SK_AUDIT_DEFAULT_INTERVAL)
        summary = g_strdup (_("Sparekey: quarterly account audit"));
      else
        summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Sparekey: account audit (every %u day)",
                                                "Sparekey: account audit (every %u days)",
                                                group->interval),
                                   group->interval);
      description = g_strdup (_("Open Sparekey and run the audit: are the accounts still used, are phone numbers, emails and devices still right, are unused third-party logins removed, are recovery codes left, do the codes still work, are support contacts still valid?"));

      append_line (out, "BEGIN:VEVENT");
      g_string_printf (line, "UID:sparekey-audit-every-%u-days@sparekey.invalid", group->interval);
      append_line (out, line->str);
      g_string_printf (line, "DTSTAMP:%s", stamp);
      append_line (out, line->str);
      g_string_printf (line, "DTSTART;VALUE=DATE:%s", start_text);
      append_line (out, line->str);
      g_string_printf (line, "DTEND;VALUE=DATE:%s", end_text);
      append_line (out, line->str);
      g_string_printf (line, "RRULE:%s", rrule);
      append_line (out, line->str);
      g_string_assign (line, "SUMMARY:");
      append_text (line, summary);
      append_line (out, line->str);
      g_string_assign (line, "DESCRIPTION:");
      append_text (line, description);
      if (with_names && group->names->len > 0)
        {
          g_string_append (line, "\\n\\n");
          append_text (line, _("Accounts:"));
          for (guint i = 0; i < group->names->len; i++)
            {
              g_string_append (line, "\\n");
              append_text (line, group->names->pdata[i]);
            }
        }
      append_line (out, line->str);
      append_line (out, "TRANSP:TRANSPARENT");
      append_line (out, "BEGIN:VALARM");
      append_line (out, "ACTION:DISPLAY");
      append_line (out, "TRIGGER:PT9H");
      g_string_assign (line, "DESCRIPTION:");
      append_text (line, summary);
      append_line (out, line->str);
      append_line (out, "END:VALARM");
      append_line (out, "END:VEVENT");
    }
  append_line (out, "END:VCALENDAR");
  return g_string_free (g_steal_pointer (&out), FALSE);
}
