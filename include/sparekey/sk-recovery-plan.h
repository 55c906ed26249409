/* sk-recovery-plan.h: the lost-phone recovery plan: affected accounts
 * ranked by risk, ways back, emergency steps, evidence, appeal letters,
 * escalation and closing out
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-services.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_RECOVERY_ERROR (sk_recovery_error_quark ())
GQuark sk_recovery_error_quark (void);

typedef enum {
  SK_RECOVERY_ERROR_NO_CASE,     /* no recovery is under way */
  SK_RECOVERY_ERROR_NOT_FOUND,   /* no such identity or account */
  SK_RECOVERY_ERROR_INVALID,     /* a bad value: date, step, language... */
  SK_RECOVERY_ERROR_NOT_AFFECTED,/* the account does not hang on a lost identity */
  SK_RECOVERY_ERROR_CHANGED,     /* what closing did was changed since: no undo */
} SkRecoveryError;

/* Hours without an answer after which an appeal is escalated. */
#define SK_RECOVERY_DEFAULT_ESCALATE_HOURS 72
#define SK_RECOVERY_MAX_ESCALATE_HOURS     (24 * 90)

/* How bad it is, most urgent first. */
typedef enum {
  SK_RECOVERY_RISK_MONEY,       /* payouts or a wallet: whoever holds the phone can move money */
  SK_RECOVERY_RISK_LOCKED_OUT,  /* its only second factor went with the lost identity */
  SK_RECOVERY_RISK_EXPOSED,     /* bound to a lost identity; another second factor remains elsewhere */
  SK_RECOVERY_RISK_COVERED,     /* this vault still produces its codes */
} SkRecoveryRisk;

/* Ways back into an account, best first. */
typedef enum {
  SK_RECOVERY_WAY_VAULT_CODES,    /* sign in with the code here, re-enrol the new phone by QR */
  SK_RECOVERY_WAY_OTHER_FACTOR,   /* SMS to another number, an authenticator on another device */
  SK_RECOVERY_WAY_RECOVERY_CODE,  /* an unused one-time recovery code */
  SK_RECOVERY_WAY_RECOVERY_EMAIL,
  SK_RECOVERY_WAY_THIRD_PARTY,    /* sign in through WeChat, QQ, Apple... */
  SK_RECOVERY_WAY_TRUSTED_DEVICE,
  SK_RECOVERY_WAY_SUPPORT_APPEAL, /* always possible, slowest */
  SK_RECOVERY_WAY_PASSWORD,       /* the account asks for no second factor (listed after the codes) */
} SkRecoveryWayKind;

typedef struct {
  SkRecoveryWayKind  kind;
  char              *identity_uuid;  /* the identity it goes through, or NULL */
  guint              count;          /* recovery codes left (RECOVERY_CODE) */
  /* Set by sk_ways_back_list() (sk-ways-back.h), the one judge: */
  gboolean           works;          /* works without what was lost (never the appeal) */
  char             **chain;          /* the way in words, link by link; NULL for the appeal */
  gboolean           touches_lost;   /* its chain runs into a lost identity */
} SkRecoveryWay;

void            sk_recovery_way_free    (SkRecoveryWay  *way);

/* Emergency steps, from the advice of people who went through it. */
typedef enum {
  SK_RECOVERY_STEP_FREEZE,           /* freeze through the service's emergency channel */
  SK_RECOVERY_STEP_STOP_PAYMENTS,    /* auto-renew and password-free payments off */
  SK_RECOVERY_STEP_MOVE_BALANCE,     /* move balances to a safe account */
  SK_RECOVERY_STEP_BLOCK_DEVICE,     /* block the lost device at the service */
  SK_RECOVERY_STEP_CHANGE_PASSWORD,  /* change the password, sign out other sessions */
  SK_RECOVERY_STEP_SUSPEND_NUMBER,   /* per lost phone number: carrier suspends it, cancellation certificate */
  SK_RECOVERY_N_STEPS
} SkRecoveryStep;

/* The evidence a support team asks for. */
typedef enum {
  SK_RECOVERY_EVIDENCE_ID_DOCUMENTS,
  SK_RECOVERY_EVIDENCE_ID_PHOTO,        /* a photo holding the ID */
  SK_RECOVERY_EVIDENCE_BANK_CARD,       /* bank-card records */
  SK_RECOVERY_EVIDENCE_REGISTRATION,    /* registration time and IP */
  SK_RECOVERY_EVIDENCE_LOGIN_DEVICES,
  SK_RECOVERY_EVIDENCE_PURCHASES,       /* top-ups, purchases: order numbers, amounts */
  SK_RECOVERY_EVIDENCE_CARRIER_CERTIFICATE,
  SK_RECOVERY_EVIDENCE_SCREENSHOTS,     /* time-stamped screenshots */
  SK_RECOVERY_N_EVIDENCE
} SkRecoveryEvidence;

/* Appeal channels, in the order an unanswered appeal escalates. */
typedef enum {
  SK_APPEAL_CHANNEL_CHAT,       /* online support */
  SK_APPEAL_CHANNEL_TICKET,
  SK_APPEAL_CHANNEL_EMAIL,
  SK_APPEAL_CHANNEL_PHONE,
  SK_APPEAL_CHANNEL_REGULATOR,  /* in China the 12377 platform, or a consumer association */
  SK_APPEAL_N_CHANNELS
} SkAppealChannel;

/* Stable names for the CLI and JSON ("money", "vault-codes", "freeze",
 * "id-photo", "ticket"), parsed case-insensitively, also with "_". */
const char *sk_recovery_risk_to_string      (SkRecoveryRisk      risk);
const char *sk_recovery_way_to_string       (SkRecoveryWayKind   kind);
const char *sk_recovery_step_to_string      (SkRecoveryStep      step);
gboolean    sk_recovery_step_from_string    (const char         *text,
                                             SkRecoveryStep     *step);
const char *sk_recovery_evidence_to_string  (SkRecoveryEvidence  item);
gboolean    sk_recovery_evidence_from_string (const char        *text,
                                             SkRecoveryEvidence *item);
const char *sk_appeal_channel_to_string     (SkAppealChannel     channel);
gboolean    sk_appeal_channel_from_string   (const char         *text,
                                             SkAppealChannel    *channel);
/* Translated sentences for people. */
const char *sk_recovery_risk_get_label      (SkRecoveryRisk      risk);
const char *sk_recovery_way_get_label       (SkRecoveryWayKind   kind);
const char *sk_recovery_step_get_label      (SkRecoveryStep      step);
const char *sk_recovery_evidence_get_label  (SkRecoveryEvidence  item);
const char *sk_appeal_channel_get_label     (SkAppealChannel     channel);

/* The case ------------------------------------------------------------- */

typedef struct {
  char    *uuid;
  char   **lost;            /* identity uuids (NULL-terminated) */
  char    *date;            /* "YYYY-MM-DD": when they were lost */
  char   **replacements;    /* identities that took their place (after closing), may be NULL */
  guint    escalate_hours;
  gboolean closed;
  gint64   created;
  gint64   updated;
} SkRecoveryCase;

void            sk_recovery_case_free   (SkRecoveryCase *recovery);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRecoveryCase, sk_recovery_case_free)

/*
 * Starts a recovery (or adds to the one under way): the identities
 * @lost_uuids are marked lost since @date ("YYYY-MM-DD", NULL: today in
 * the local time zone). Returns the case.
 */
SkRecoveryCase *sk_recovery_start       (SkVault            *vault,
                                         const char * const *lost_uuids,
                                         const char         *date,
                                         gint64              now,
                                         GError            **error);
/* The recovery under way, NULL if none. */
SkRecoveryCase *sk_recovery_get_case    (SkVault            *vault);
/* @hours: 1 to SK_RECOVERY_MAX_ESCALATE_HOURS. */
gboolean        sk_recovery_set_escalate_hours (SkVault     *vault,
                                         const char         *case_uuid,
                                         guint               hours,
                                         gint64              now,
                                         GError            **error);

/* The plan ------------------------------------------------------------- */

/* The concrete channel of an emergency step: the user's own support
 * contact of the account first (sk_inventory_get_support()), else the
 * service directory's (sk_service_pick_channel()). */
typedef struct {
  char     *kind;        /* own: "phone", "chat", "recovery-page", "ticket", "email", "site";
                          * directory: "freeze", "recovery", "appeal", "hotline", "support" */
  char     *value;       /* what to show: the number, the address, the steps */
  char     *url;         /* the page to open, or NULL */
  char     *phone;       /* the number to call, or NULL */
  char     *source;      /* the public page stating it (directory), NULL for the user's own */
  char     *service_id;  /* the directory entry, NULL for the user's own */
  gboolean  own;         /* the user's own contact */
} SkRecoveryChannel;

void               sk_recovery_channel_free (SkRecoveryChannel *channel);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRecoveryChannel, sk_recovery_channel_free)

/* The channel for @step (FREEZE or APPEAL) of the account, NULL if
 * neither the user nor the directory records one. */
SkRecoveryChannel *sk_recovery_channel_for  (SkVault           *vault,
                                             const char        *account_uuid,
                                             SkServiceStep      step);

typedef struct {
  char          *account_uuid;
  SkRecoveryRisk risk;
  char         **lost_identities;  /* the lost identities it is bound to */
  gboolean       money;            /* payouts or a wallet */
  gboolean       copy_here;        /* this vault produces its codes */
  GPtrArray     *ways;             /* SkRecoveryWay*, best first; the last is the appeal */
  gboolean       needed[SK_RECOVERY_N_STEPS];
  gint64         done[SK_RECOVERY_N_STEPS];  /* µs when ticked, 0 if not */
  guint          n_needed;
  guint          n_done;
  guint          n_working;        /* ways that work; 0: only an appeal is left */
  SkRecoveryChannel *freeze_channel; /* where to freeze it, or NULL (sk_recovery_channel_for()) */
  SkRecoveryChannel *appeal_channel; /* where to appeal, or NULL */
} SkRecoveryItem;

void            sk_recovery_item_free   (SkRecoveryItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRecoveryItem, sk_recovery_item_free)

/*
 * The accounts bound to a lost identity of @recovery (SkRecoveryItem*),
 * most urgent first: money first, then accounts whose only second factor
 * went with the lost identities, then the others, then those whose codes
 * this vault still produces; within a rank, fewer ways back first.
 */
GPtrArray      *sk_recovery_plan        (SkVault            *vault,
                                         const SkRecoveryCase *recovery);
/* One account's entry; NULL with SK_RECOVERY_ERROR_NOT_AFFECTED. */
SkRecoveryItem *sk_recovery_plan_account (SkVault           *vault,
                                         const SkRecoveryCase *recovery,
                                         const char         *account_uuid,
                                         GError            **error);

/*
 * The user says this vault's copy of the account's key no longer works
 * (the phone was re-enrolled with another key) or works again.
 */
void            sk_recovery_set_copy_stale (SkVault         *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         gboolean            stale,
                                         gint64              now);

/* Ticks (@done) or unticks a step. @target is an account uuid, or for
 * SK_RECOVERY_STEP_SUSPEND_NUMBER a lost phone's identity uuid. */
gboolean        sk_recovery_set_step    (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char         *target,
                                         SkRecoveryStep      step,
                                         gboolean            done,
                                         gint64              now,
                                         GError            **error);
/* When the step was ticked (µs), 0 if it is not. */
gint64          sk_recovery_get_step    (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char         *target,
                                         SkRecoveryStep      step);

/* Evidence: @have -1 leaves it, 0/1 sets it; @note NULL leaves it, ""
 * removes it. */
gboolean        sk_recovery_set_evidence (SkVault           *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         SkRecoveryEvidence  item,
                                         int                 have,
                                         const char         *note,
                                         gint64              now,
                                         GError            **error);
/* @note (optional) gets a new string or NULL. */
gboolean        sk_recovery_get_evidence (SkVault           *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         SkRecoveryEvidence  item,
                                         char              **note);

/* Appeals (sk-appeal.c) -------------------------------------------------- */

/*
 * The appeal letter in four parts (background, steps already taken,
 * evidence, request), from what the vault records. @lang "zh_CN", "zh_TW"
 * (Traditional Chinese with Taiwan's terms) or "en" (also "zh", "zh-CN",
 * "zh_HK", "en_US"...): chosen by the caller, not the UI locale. With @markdown the parts are "## " headings. The user's edited
 * text, if any, is returned instead of a generated one.
 */
char           *sk_appeal_letter        (SkVault            *vault,
                                         const SkRecoveryCase *recovery,
                                         const char         *account_uuid,
                                         const char         *lang,
                                         gboolean            markdown,
                                         GError            **error);
/* The generated letter, ignoring any edit. */
char           *sk_appeal_letter_generate (SkVault          *vault,
                                         const SkRecoveryCase *recovery,
                                         const char         *account_uuid,
                                         const char         *lang,
                                         gboolean            markdown,
                                         GError            **error);
/* Keeps the user's edit of the letter in @lang; @text NULL drops it. */
gboolean        sk_appeal_letter_set_text (SkVault          *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         const char         *lang,
                                         const char         *text,
                                         gint64              now,
                                         GError            **error);
/* Normalizes a language argument to "zh_CN", "zh_TW" or "en"; NULL if
 * unsupported. */
const char     *sk_appeal_normalize_lang (const char        *lang);
/* The letter language to offer first: the user's message language when
 * a letter can be written in it ("zh_TW" for Traditional Chinese locales,
 * "zh_CN" for the other Chinese ones), else "en". */
const char     *sk_appeal_default_lang   (void);

typedef struct {
  char           *uuid;
  char           *account_uuid;
  SkAppealChannel channel;
  gint64          sent;       /* µs */
  gint64          answered;   /* µs, 0 while unanswered */
} SkAppeal;

void            sk_appeal_free          (SkAppeal           *appeal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkAppeal, sk_appeal_free)

/* Records that the appeal was sent through @channel at @sent. */
SkAppeal       *sk_appeal_record_sent   (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         SkAppealChannel     channel,
                                         gint64              sent,
                                         gint64              now,
                                         GError            **error);
/* Marks the account's unanswered appeals answered at @when. Returns how
 * many. */
guint           sk_appeal_mark_answered (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid,
                                         gint64              when,
                                         gint64              now);
/* Appeals (SkAppeal*) of one account or all (NULL), oldest first. */
GPtrArray      *sk_appeal_list          (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char         *account_uuid);
/*
 * Whether the account's latest appeal waits for an answer: @due gets when
 * to escalate (sent + the case's hours) and @next the channel to try then
 * (the one after the furthest used; the regulator stays the regulator).
 * FALSE if no appeal waits.
 */
gboolean        sk_appeal_get_escalation (SkVault           *vault,
                                         const SkRecoveryCase *recovery,
                                         const char         *account_uuid,
                                         GDateTime         **due,
                                         SkAppealChannel    *next);
/* The earliest escalation over the recovery under way (UTC), NULL if
 * none: what the reminder file stores. */
GDateTime      *sk_recovery_next_escalation (SkVault        *vault);

/* Closing out ----------------------------------------------------------- */

/*
 * Re-binds every affected account from the lost identities to the new
 * ones (a phone to the new phone, a device to the new device; same role,
 * since today), marks the old identities cancelled, asks for an audit of
 * the affected accounts within @audit_days (0: 7 days) and closes the
 * case. @n_rebound (optional) gets how many bindings moved.
 */
gboolean        sk_recovery_close       (SkVault            *vault,
                                         const char         *case_uuid,
                                         const char * const *new_uuids,
                                         guint               audit_days,
                                         gint64              now,
                                         guint              *n_rebound,
                                         GError            **error);
/* How many bindings sk_recovery_close() would move away from the lost
 * identity @lost_uuid, given a new identity of its kind: what a
 * confirmation shows before the user closes. */
guint           sk_recovery_count_moves (SkVault            *vault,
                                         SkRecoveryCase     *recovery,
                                         const char         *lost_uuid);
/*
 * Undoes the last sk_recovery_close(): puts back the bindings, the lost
 * identities and the audit requests as they were before, and reopens the
 * case. Fails with SK_RECOVERY_ERROR_NO_CASE when nothing was closed or a
 * recovery is under way, and with SK_RECOVERY_ERROR_CHANGED when any
 * record that closing wrote was changed since (then nothing is undone).
 * @case_uuid (optional) gets the reopened case's uuid.
 */
gboolean        sk_recovery_undo_close  (SkVault            *vault,
                                         gint64              now,
                                         char              **case_uuid,
                                         GError            **error);

G_END_DECLS
