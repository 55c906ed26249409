/* sk-recovery-codes.h: one-time recovery (backup) codes of an account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-secret.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_RECOVERY_CODES_ERROR (sk_recovery_codes_error_quark ())
GQuark sk_recovery_codes_error_quark (void);

typedef enum {
  SK_RECOVERY_CODES_ERROR_NO_CODES,   /* the text holds nothing that looks like a code */
  SK_RECOVERY_CODES_ERROR_NOT_FOUND,  /* no such code record */
  SK_RECOVERY_CODES_ERROR_ALL_USED,   /* no unused code left */
} SkRecoveryCodesError;

/* At this many unused codes or fewer, the account gets a warning. */
#define SK_RECOVERY_CODES_LOW 2

/* One code of an account's set. The code itself is a secret kept in the
 * vault's secret table: see sk_recovery_codes_dup_code(). */
typedef struct {
  char   *uuid;
  char   *account_uuid;
  guint   position;   /* 1-based order in the set as the service printed it */
  gint64  issued;     /* µs since the epoch: when the set was added */
  gint64  used;       /* µs since the epoch, 0 while unused */
} SkRecoveryCode;

#define SK_TYPE_RECOVERY_CODE (sk_recovery_code_get_type ())
GType           sk_recovery_code_get_type (void) G_GNUC_CONST;
SkRecoveryCode *sk_recovery_code_copy     (const SkRecoveryCode *code);
void            sk_recovery_code_free     (SkRecoveryCode *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkRecoveryCode, sk_recovery_code_free)

typedef enum {
  SK_RECOVERY_CODES_OK,         /* more than SK_RECOVERY_CODES_LOW unused */
  SK_RECOVERY_CODES_LOW_LEFT,   /* 1 or 2 unused */
  SK_RECOVERY_CODES_USED_UP,    /* a set is stored, every code used */
  SK_RECOVERY_CODES_MISSING,    /* none stored for this account (which has 2FA) */
} SkRecoveryCodesStatus;

/*
 * Finds the codes in a block of text as services show them: one per line,
 * several per line separated by spaces, commas or tabs, numbered lists
 * ("1. ", "2) ", "#3", "(4)", "⑤"), groups such as "xxxx-xxxx" or Google's
 * "1234 5678", full-width characters, headers and dates around them.
 * Returns a new array of SkSecret (the codes, in order, duplicates
 * dropped); @ignored_lines (optional) gets a GArray of guint: the
 * 1-based numbers of non-empty lines that held no code. Fails with
 * SK_RECOVERY_CODES_ERROR_NO_CODES when nothing looks like a code.
 */
GPtrArray      *sk_recovery_codes_parse          (const char   *text,
                                                  GArray      **ignored_lines,
                                                  GError      **error);

/* The account's current codes (SkRecoveryCode*, in position order). */
GPtrArray      *sk_recovery_codes_list           (SkVault      *vault,
                                                  const char   *account_uuid);
/* The code of record @code_uuid (a new reference), NULL if unknown. */
SkSecret       *sk_recovery_codes_dup_code       (SkVault      *vault,
                                                  const char   *code_uuid);
/* Adds @codes (SkSecret*) to the account's set, skipping ones it already
 * has. Returns how many were added. */
guint           sk_recovery_codes_add            (SkVault      *vault,
                                                  const char   *account_uuid,
                                                  GPtrArray    *codes,
                                                  gint64        now);
/* Deletes the account's codes (tombstones; codes wiped) and stores @codes
 * (may be NULL or empty: the account then has none). Returns how many
 * were stored. */
guint           sk_recovery_codes_replace        (SkVault      *vault,
                                                  const char   *account_uuid,
                                                  GPtrArray    *codes,
                                                  gint64        now);
/* Marks a code used at @when (0 marks it unused again). */
gboolean        sk_recovery_codes_set_used       (SkVault      *vault,
                                                  const char   *code_uuid,
                                                  gint64        when,
                                                  GError      **error);
/* Marks the first unused code of the account used at @now and returns
 * its record; fails with SK_RECOVERY_CODES_ERROR_ALL_USED. */
SkRecoveryCode *sk_recovery_codes_use_next       (SkVault      *vault,
                                                  const char   *account_uuid,
                                                  gint64        now,
                                                  GError      **error);
/* Unused codes of the account; @n_total (optional) gets the set's size. */
guint           sk_recovery_codes_count_remaining (SkVault     *vault,
                                                  const char   *account_uuid,
                                                  guint        *n_total);
SkRecoveryCodesStatus sk_recovery_codes_get_status (SkVault    *vault,
                                                  const char   *account_uuid);
/* "ok", "low", "used-up", "missing" (stable, for JSON output). */
const char     *sk_recovery_codes_status_to_string (SkRecoveryCodesStatus status);
/* A sentence for the user, NULL for SK_RECOVERY_CODES_OK and for an
 * account without codes signing in by password alone or nothing. It
 * insists only for accounts with codes: many SMS-only services have no
 * recovery codes to ask for. */
char           *sk_recovery_codes_dup_warning    (SkVault      *vault,
                                                  const char   *account_uuid);

G_END_DECLS
