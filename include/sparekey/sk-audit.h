/* sk-audit.h: quarterly audits of each account's bindings, due dates,
 * calendar export and the reminder file read without unlocking
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_AUDIT_ERROR (sk_audit_error_quark ())
GQuark sk_audit_error_quark (void);

typedef enum {
  SK_AUDIT_ERROR_NOT_FOUND,   /* no such account */
  SK_AUDIT_ERROR_INVALID,     /* a bad interval or checklist item */
  SK_AUDIT_ERROR_REMINDERS,   /* the reminder file is unreadable or damaged */
} SkAuditError;

#define SK_AUDIT_DEFAULT_INTERVAL 90   /* days */
#define SK_AUDIT_MAX_INTERVAL     3660 /* days */

/* The checklist of one audit. */
typedef enum {
  SK_AUDIT_CHECK_STILL_USED,          /* the account is still needed */
  SK_AUDIT_CHECK_BINDINGS_CORRECT,    /* the recorded bindings match the site */
  SK_AUDIT_CHECK_THIRD_PARTY_REMOVED, /* unused third-party logins removed */
  SK_AUDIT_CHECK_CODES_LEFT,          /* recovery codes left */
  SK_AUDIT_CHECK_CODE_ACCEPTED,       /* the site still accepts our code */
  SK_AUDIT_CHECK_SUPPORT_VALID,       /* the support contact still works */
  SK_AUDIT_N_CHECKS
} SkAuditCheck;

/* "still-used", "bindings-correct", "third-party-removed", "codes-left",
 * "code-accepted", "support-valid". */
const char *sk_audit_check_to_string   (SkAuditCheck  check);
gboolean    sk_audit_check_from_string (const char   *text,
                                        SkAuditCheck *check);
/* A question for people ("Is the account still used?"). */
const char *sk_audit_check_get_label   (SkAuditCheck  check);

typedef struct {
  char     *uuid;
  char     *account_uuid;
  gint64    time;                       /* µs since the epoch */
  gboolean  checks[SK_AUDIT_N_CHECKS];  /* TRUE: checked and fine */
  char     *note;
} SkAuditRecord;

#define SK_TYPE_AUDIT_RECORD (sk_audit_record_get_type ())
GType          sk_audit_record_get_type (void) G_GNUC_CONST;
SkAuditRecord *sk_audit_record_copy     (const SkAuditRecord *record);
void           sk_audit_record_free     (SkAuditRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkAuditRecord, sk_audit_record_free)

/*
 * When an audit done at @last is due again: the start (00:00) of the
 * calendar day @interval_days after @last's day, in @last's time zone.
 * Calendar days, not 24-hour periods: across a DST change the result is
 * still midnight, and month ends and leap days fall where the calendar
 * puts them.
 */
GDateTime     *sk_audit_compute_due     (GDateTime    *last,
                                         guint         interval_days);

/* The account's interval in days: its own, or the default; 0 if audits
 * are off for it. */
guint          sk_audit_get_interval    (SkVault      *vault,
                                         const char   *account_uuid,
                                         gboolean     *is_default);
/* @days: -1 for the default, 0 to turn audits off, else 1 to
 * SK_AUDIT_MAX_INTERVAL. */
gboolean       sk_audit_set_interval    (SkVault      *vault,
                                         const char   *account_uuid,
                                         int           days,
                                         gint64        now,
                                         GError      **error);

/* Asks for an audit of the account on @date ("YYYY-MM-DD", after a
 * recovery): the account is due then, or earlier if its regular audit
 * comes first, until an audit is recorded. */
gboolean       sk_audit_request         (SkVault      *vault,
                                         const char   *account_uuid,
                                         const char   *date,
                                         gint64        now,
                                         GError      **error);

/* Records an audit of the account at @now; @checks may be NULL (nothing
 * ticked). Returns the new record. */
SkAuditRecord *sk_audit_record_done     (SkVault      *vault,
                                         const char   *account_uuid,
                                         const gboolean *checks,
                                         const char   *note,
                                         gint64        now,
                                         GError      **error);
/* Audit history (SkAuditRecord*), newest first; of one account, or of
 * all if @account_uuid is NULL. */
GPtrArray     *sk_audit_list_history    (SkVault      *vault,
                                         const char   *account_uuid);
/* Time of the last audit (µs), 0 if never. */
gint64         sk_audit_get_last        (SkVault      *vault,
                                         const char   *account_uuid);
/* When the account is next due, in @tz (NULL: local), NULL if audits are
 * off for it. An account never audited is counted from when it was
 * added to the vault. */
GDateTime     *sk_audit_get_due         (SkVault      *vault,
                                         SkAccount    *account,
                                         GTimeZone    *tz);

typedef struct {
  char      *account_uuid;
  GDateTime *due;
  gint64     last;       /* µs, 0 if never audited */
  guint      interval;   /* days */
} SkAuditDue;

void           sk_audit_due_free        (SkAuditDue   *due);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkAuditDue, sk_audit_due_free)

/* Accounts due at @now plus @within_days (SkAuditDue*), earliest first;
 * with @all, every account whose audits are on. */
GPtrArray     *sk_audit_list_due        (SkVault      *vault,
                                         GDateTime    *now,
                                         guint         within_days,
                                         gboolean      all);

/*
 * An iCalendar (RFC 5545) file with one recurring all-day event per
 * interval in use (RRULE:FREQ=MONTHLY;INTERVAL=3 for 90 days), starting
 * at the earliest due date of the accounts with that interval (today if
 * it is past). Account names appear in the description only with
 * @with_names: a calendar is often synced to someone else's server.
 */
char          *sk_audit_export_ics      (SkVault      *vault,
                                         GDateTime    *now,
                                         gboolean      with_names);

/* Reminders: what can be known without the password. */

/* "<vault path>.reminders" */
char          *sk_reminders_path        (const char   *vault_path);
/*
 * Writes the reminder file beside the vault (mode 0600, atomically): only
 * the earliest due date of all accounts, no names, no counts. Removes it
 * when nothing is scheduled.
 */
gboolean       sk_reminders_save        (const char   *vault_path,
                                         SkVault      *vault,
                                         GError      **error);
/* The earliest due date stored (UTC), or NULL with @error unset when none
 * is (no file, nothing scheduled). */
GDateTime     *sk_reminders_load_next   (const char   *vault_path,
                                         GError      **error);
/* TRUE if an audit is due at @now; FALSE with @error unset if not (or no
 * reminder file), FALSE with @error set if the file cannot be read. For
 * the app's background check at login: needs no password. */
gboolean       sk_reminders_load_due    (const char   *vault_path,
                                         GDateTime    *now,
                                         GError      **error);

/* The earliest time an unanswered recovery appeal should be escalated
 * (UTC), NULL with @error unset when none is scheduled. Needs no
 * password, like sk_reminders_load_next(). */
GDateTime     *sk_reminders_load_escalation (const char *vault_path,
                                         GError      **error);

G_END_DECLS
