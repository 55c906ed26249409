/* test-audit.c: audit due dates, history, calendar export and the
 * reminder file
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sk-test-util.h"
#include "../src/core/sk-account-private.h"

static void
assert_due (const char *tz_name,
            const char *last,
            guint       days,
            const char *expected)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tz_name);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *text = NULL;

  g_assert_nonnull (tz);
  start = g_date_time_new_from_iso8601 (last, tz);
  g_assert_nonnull (start);
  due = sk_audit_compute_due (start, days);
  text = g_date_time_format (due, "%Y-%m-%dT%H:%M:%S%:z");
  g_assert_cmpstr (text, ==, expected);
}

static void
test_due_dates (void)
{
  /* Month ends and leap years. */
  assert_due ("UTC", "2024-01-31T15:00:00", 30, "2024-03-01T00:00:00+00:00");
  assert_due ("UTC", "2023-12-01T08:00:00", 90, "2024-02-29T00:00:00+00:00");
  assert_due ("UTC", "2022-12-01T08:00:00", 90, "2023-03-01T00:00:00+00:00");
  assert_due ("UTC", "2024-02-29T23:59:59", 365, "2025-02-28T00:00:00+00:00");
  assert_due ("UTC", "2025-10-31T00:00:00", 1, "2025-11-01T00:00:00+00:00");
  assert_due ("UTC", "2025-12-31T12:00:00", 1, "2026-01-01T00:00:00+00:00");
  /* Across DST changes, still local midnight (Europe/Berlin: +01 in
   * winter, +02 in summer; New York: -05/-04). */
  assert_due ("Europe/Berlin", "2026-03-01T12:00:00", 30, "2026-03-31T00:00:00+02:00");
  assert_due ("Europe/Berlin", "2026-10-01T12:00:00", 30, "2026-10-31T00:00:00+01:00");
  assert_due ("America/New_York", "2026-03-07T23:30:00", 1, "2026-03-08T00:00:00-05:00");
  assert_due ("America/New_York", "2026-03-08T01:00:00", 1, "2026-03-09T00:00:00-04:00");
  /* A zone where DST starts at midnight: the missing midnight moves on. */
  assert_due ("America/Santiago", "2024-09-06T12:00:00", 1, "2024-09-07T00:00:00-04:00");
  {
    g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("America/Santiago");
    g_autoptr(GDateTime) start = g_date_time_new (tz, 2024, 9, 7, 12, 0, 0);
    g_autoptr(GDateTime) due = sk_audit_compute_due (start, 1);

    /* 2024-09-08 00:00 does not exist there; whatever GLib picks is on
     * that day. */
    g_assert_cmpint (g_date_time_get_day_of_month (due), ==, 8);
  }

  /* The same instant is a different day in Shanghai and Los Angeles. */
  {
    g_autoptr(GDateTime) utc = g_date_time_new_utc (2026, 1, 31, 20, 0, 0);
    g_autoptr(GTimeZone) sh = g_time_zone_new_identifier ("Asia/Shanghai");
    g_autoptr(GTimeZone) la = g_time_zone_new_identifier ("America/Los_Angeles");
    g_autoptr(GDateTime) in_sh = g_date_time_to_timezone (utc, sh);
    g_autoptr(GDateTime) in_la = g_date_time_to_timezone (utc, la);
    g_autoptr(GDateTime) due_sh = sk_audit_compute_due (in_sh, 90);
    g_autoptr(GDateTime) due_la = sk_audit_compute_due (in_la, 90);
    g_autofree char *text_sh = g_date_time_format (due_sh, "%Y-%m-%dT%H:%M:%S%:z");
    g_autofree char *text_la = g_date_time_format (due_la, "%Y-%m-%dT%H:%M:%S%:z");

    g_assert_cmpstr (text_sh, ==, "2026-05-02T00:00:00+08:00");
    g_assert_cmpstr (text_la, ==, "2026-05-01T00:00:00-07:00");
  }
}

static gint64
usec_of (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static SkAccount *
add_account (SkVault    *vault,
             const char *issuer,
             const char *created)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("otpauth://totp/%s:me?secret=GEZDGNBVGY3TQOJQ&issuer=%s", issuer, issuer);
  SkAccount *account = sk_account_new_from_uri (uri, &error);

  g_assert_no_error (error);
  /* An account with a chosen creation time. */
  sk_account_set_created_internal (account, usec_of (created));
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  return account;
}

static void
test_history_and_due (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  SkAccount *shop = add_account (vault, "Shop", "2026-01-01T10:00:00Z");
  SkAccount *bank = add_account (vault, "Bank", "2026-01-01T10:00:00Z");
  SkAccount *old = add_account (vault, "Old", "2025-06-01T10:00:00Z");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-03-20T12:00:00Z", NULL);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(SkAuditRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gboolean checks[SK_AUDIT_N_CHECKS] = { TRUE, TRUE, FALSE, TRUE, FALSE, FALSE };
  gboolean is_default = FALSE;
  SkAuditCheck check;

  g_assert_cmpuint (sk_audit_get_interval (vault, sk_account_get_uuid (shop), &is_default), ==, 90);
  g_assert_true (is_default);

  /* Never audited: counted from creation. Old is overdue. */
  due = sk_audit_list_due (vault, now, 0, FALSE);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpstr (((SkAuditDue *) due->pdata[0])->account_uuid, ==, sk_account_get_uuid (old));
  g_clear_pointer (&due, g_ptr_array_unref);
  /* Within 14 days: Shop and Bank (due 2026-04-01) too, earliest first. */
  due = sk_audit_list_due (vault, now, 14, FALSE);
  g_assert_cmpuint (due->len, ==, 3);
  g_assert_cmpstr (((SkAuditDue *) due->pdata[0])->account_uuid, ==, sk_account_get_uuid (old));
  g_clear_pointer (&due, g_ptr_array_unref);

  record = sk_audit_record_done (vault, sk_account_get_uuid (old), checks, "all fine",
                                 usec_of ("2026-03-20T09:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_true (record->checks[SK_AUDIT_CHECK_STILL_USED]);
  g_assert_false (record->checks[SK_AUDIT_CHECK_CODE_ACCEPTED]);
  g_assert_cmpstr (record->note, ==, "all fine");
  g_assert_null (sk_audit_record_done (vault, "nope", NULL, NULL, 1, &error));
  g_assert_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Per-account interval; off. */
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (bank), 30, 1, &error));
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (shop), 0, 1, &error));
  g_assert_false (sk_audit_set_interval (vault, sk_account_get_uuid (shop), 5000, 1, &error));
  g_assert_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_INVALID);
  g_clear_error (&error);

  due = sk_audit_list_due (vault, now, 0, TRUE);
  g_assert_cmpuint (due->len, ==, 2);
  {
    SkAuditDue *first = due->pdata[0];
    SkAuditDue *second = due->pdata[1];
    g_autofree char *first_text = g_date_time_format (first->due, "%Y-%m-%dT%H:%M:%S%:z");
    g_autofree char *second_text = g_date_time_format (second->due, "%Y-%m-%dT%H:%M:%S%:z");

    g_assert_cmpstr (first->account_uuid, ==, sk_account_get_uuid (bank));
    g_assert_cmpuint (first->interval, ==, 30);
    g_assert_cmpstr (first_text, ==, "2026-01-31T00:00:00+00:00");
    g_assert_cmpstr (second->account_uuid, ==, sk_account_get_uuid (old));
    g_assert_cmpstr (second_text, ==, "2026-06-18T00:00:00+00:00");
  }

  sk_audit_record_done (vault, sk_account_get_uuid (old), NULL, NULL, usec_of ("2026-03-21T09:00:00Z"), &error);
  history = sk_audit_list_history (vault, sk_account_get_uuid (old));
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (((SkAuditRecord *) history->pdata[0])->time, ==, usec_of ("2026-03-21T09:00:00Z"));
  g_assert_cmpint (sk_audit_get_last (vault, sk_account_get_uuid (old)), ==, usec_of ("2026-03-21T09:00:00Z"));

  g_assert_true (sk_audit_check_from_string ("Codes_Left", &check));
  g_assert_cmpint (check, ==, SK_AUDIT_CHECK_CODES_LEFT);
  g_assert_false (sk_audit_check_from_string ("bogus", &check));
}

static void
test_reminders (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *vault_path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *path = sk_reminders_path (vault_path);
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *shop = add_account (vault, "SecretShopName", "2026-01-01T10:00:00Z");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_from_iso8601 ("2026-03-01T00:00:00Z", NULL);
  g_autoptr(GDateTime) after = g_date_time_new_from_iso8601 ("2026-04-03T00:00:00Z", NULL);
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autofree char *contents = NULL;
  gsize len = 0;
  struct stat st;

  /* No file: nothing due, no error. */
  g_assert_false (sk_reminders_load_due (vault_path, after, &error));
  g_assert_no_error (error);

  g_assert_true (sk_inventory_save_identity (vault, phone, 1, &error));
  g_assert_true (sk_reminders_save (vault_path, vault, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The bytes: a version and one date, nothing about the accounts. */
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_null (strstr (contents, "SecretShopName"));
  g_assert_null (strstr (contents, sk_account_get_uuid (shop)));
  g_assert_null (strstr (contents, "13800138000"));
  g_assert_null (strstr (contents, sk_identity_get_uuid (phone)));
  g_assert_true (g_regex_match_simple ("^\\[Sparekey Reminders\\]\nVersion=1\nNextDue=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n$",
                                       contents, 0, 0));

  next = sk_reminders_load_next (vault_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_false (sk_reminders_load_due (vault_path, before, &error));
  g_assert_no_error (error);
  g_assert_true (sk_reminders_load_due (vault_path, after, &error));

  /* Adding accounts does not change the file's size: no count leaks. */
  add_account (vault, "Another", "2026-02-01T10:00:00Z");
  g_assert_true (sk_reminders_save (vault_path, vault, &error));
  {
    g_autofree char *again = NULL;
    gsize again_len = 0;

    g_assert_true (g_file_get_contents (path, &again, &again_len, &error));
    g_assert_cmpuint (again_len, ==, len);
    g_assert_cmpstr (again, ==, contents);
  }

  /* Damaged file: an error, not "nothing due". */
  g_assert_true (g_file_set_contents (path, "[Sparekey Reminders]\nNextDue=soon\n", -1, NULL));
  g_assert_false (sk_reminders_load_due (vault_path, after, &error));
  g_assert_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS);
  g_clear_error (&error);

  /* Not a key file at all: damaged, for either date it is read for. */
  g_assert_true (g_file_set_contents (path, "not a key file\n", -1, NULL));
  g_assert_null (sk_reminders_load_next (vault_path, &error));
  g_assert_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_clear_error (&error);
  g_assert_null (sk_reminders_load_escalation (vault_path, &error));
  g_assert_error (error, SK_AUDIT_ERROR, SK_AUDIT_ERROR_REMINDERS);
  g_assert_nonnull (strstr (error->message, "is damaged"));
  g_clear_error (&error);

  /* Nothing scheduled: the file goes away. */
  sk_audit_set_interval (vault, sk_account_get_uuid (shop), 0, 1, &error);
  {
    g_autoptr(GListModel) accounts = g_object_ref (sk_vault_get_accounts (vault));

    for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
      {
        g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

        sk_audit_set_interval (vault, sk_account_get_uuid (account), 0, 1, &error);
      }
  }
  g_assert_true (sk_reminders_save (vault_path, vault, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

/* Runs Python's icalendar (Debian: python3-icalendar) on @ics; FALSE if
 * it is not installed. */
static gboolean
check_with_icalendar (const char *ics_path,
                      char      **output)
{
  const char *script =
    "import sys, icalendar\n"
    "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
    "for ev in cal.walk('VEVENT'):\n"
    "    r = ev['RRULE']\n"
    "    print(ev['DTSTART'].dt.isoformat(), r['FREQ'][0], r['INTERVAL'][0], str(ev['SUMMARY']), str(ev['DESCRIPTION']).count('\\n'))\n";
  const char *pythons[] = { "python3", "/usr/bin/python3" };

  for (guint i = 0; i < G_N_ELEMENTS (pythons); i++)
    {
      const char *probe[] = { pythons[i], "-c", "import icalendar", NULL };
      const char *argv[] = { pythons[i], "-c", script, ics_path, NULL };
      g_autofree char *err = NULL;
      int status = -1;

      if (!g_spawn_sync (NULL, (char **) probe, NULL, G_SPAWN_SEARCH_PATH |
                         G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        continue;
      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                                   NULL, NULL, output, &err, &status, NULL));
      if (!g_spawn_check_wait_status (status, NULL))
        g_error ("icalendar rejected the file: %s", err);
      return TRUE;
    }
  return FALSE;
}

static void
test_ics (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *ics_path = g_build_filename (dir, "audit.ics", NULL);
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *a = add_account (vault, "Shop, Inc; \\ 商店", "2026-01-31T10:00:00Z");
  SkAccount *b = add_account (vault, "Bank", "2026-01-01T10:00:00Z");
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-01-31T12:00:00Z", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *named = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;

  (void) a;
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (b), 14, 1, &error));

  ics = sk_audit_export_ics (vault, now, FALSE);
  /* CRLF lines of at most 75 octets, names left out. */
  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));
  g_assert_null (strstr (ics, "Shop"));
  lines = g_strsplit (ics, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_null (strchr (lines[i], '\n'));
    }
  g_assert_nonnull (strstr (ics, "RRULE:FREQ=MONTHLY;INTERVAL=3\r\n"));
  g_assert_nonnull (strstr (ics, "RRULE:FREQ=WEEKLY;INTERVAL=2\r\n"));
  /* Shop is due 2026-05-01; Bank was due 2026-01-15, so starts today. */
  g_assert_nonnull (strstr (ics, "DTSTART;VALUE=DATE:20260501\r\n"));
  g_assert_nonnull (strstr (ics, "DTSTART;VALUE=DATE:20260131\r\n"));

  named = sk_audit_export_ics (vault, now, TRUE);
  g_assert_nonnull (strstr (named, "Shop\\, Inc\\; \\\\"));
  g_assert_true (g_file_set_contents (ics_path, named, -1, &error));

  if (!check_with_icalendar (ics_path, &output))
    {
      g_test_skip ("Python icalendar not installed (Debian: python3-icalendar)");
      return;
    }
  g_assert_nonnull (strstr (output, "2026-05-01 MONTHLY 3 Sparekey: quarterly account audit"));
  g_assert_nonnull (strstr (output, "2026-01-31 WEEKLY 2 Sparekey: account audit (every 14 days)"));
}

int
main (int    argc,
      char **argv)
{
  g_assert_true (sk_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sparekey/audit/due-dates", test_due_dates);
  g_test_add_func ("/sparekey/audit/history-and-due", test_history_and_due);
  g_test_add_func ("/sparekey/audit/reminders", test_reminders);
  g_test_add_func ("/sparekey/audit/ics", test_ics);

  return g_test_run ();
}
