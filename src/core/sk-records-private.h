/* sk-records-private.h: per-record storage in vault sections
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

/*
 * The sections of the recovery codes, the inventory and the audits are
 * JSON objects mapping a record's UUID to the record. Every record has
 * "created" and "updated" (µs since the epoch); a deleted record is a
 * tombstone { "deleted": true, "updated": <deletion time> }, so a merge
 * with an older copy cannot bring it back.
 */
#define SK_SECTION_RECOVERY_CODES "recovery_codes"
#define SK_SECTION_IDENTITIES     "identities"
#define SK_SECTION_BINDINGS       "bindings"
#define SK_SECTION_ACCOUNT_INFO   "account_info"
#define SK_SECTION_AUDITS         "audits"
/* Lost-phone recoveries: cases, steps, evidence, letters, appeals. */
#define SK_SECTION_RECOVERY       "recovery"
/* The user's own entries of the service directory, keyed by service id
 * (sk-services.c). */
#define SK_SECTION_SERVICES       "services"

/* The live record @uuid of @section (borrowed), NULL if absent or deleted. */
JsonObject *sk_records_lookup      (SkVault     *vault,
                                    const char  *section,
                                    const char  *uuid);
/* Live records (borrowed JsonObject*) whose string member @field equals
 * @value; all live records when @field is NULL. */
GPtrArray  *sk_records_list        (SkVault     *vault,
                                    const char  *section,
                                    const char  *field,
                                    const char  *value);
/* Stores @record (transfer full) as @uuid: keeps "created" of an earlier
 * version, sets "updated" to @now (or just after the previous update, so
 * an edit always wins over what it replaced). */
void        sk_records_put         (SkVault     *vault,
                                    const char  *section,
                                    const char  *uuid,
                                    JsonObject  *record,
                                    gint64       now);
/* Replaces the record by a tombstone. Returns FALSE if it was not there. */
gboolean    sk_records_delete      (SkVault     *vault,
                                    const char  *section,
                                    const char  *uuid,
                                    gint64       now);

/* A deep copy of @record, to edit and give to sk_records_put(): records
 * returned by the functions above are borrowed and must not be changed. */
JsonObject *sk_records_dup         (JsonObject  *record);

/* Small readers tolerant of records written by other versions. */
const char *sk_records_get_string  (JsonObject  *record,
                                    const char  *member);
gint64      sk_records_get_int     (JsonObject  *record,
                                    const char  *member,
                                    gint64       fallback);
gboolean    sk_records_get_bool    (JsonObject  *record,
                                    const char  *member);
/* Sets a string member, or removes it for NULL or "". */
void        sk_records_set_string  (JsonObject  *record,
                                    const char  *member,
                                    const char  *value);

/*
 * Called by sk_vault_merge() for each section of the other side: merges
 * @theirs into @mine (the node in @self, NULL if @self has none) record
 * by record. Returns FALSE, changing nothing, for sections this file does
 * not know (the vault then takes them whole if it lacks them). Returns
 * TRUE if @self changed.
 */
gboolean    sk_section_merge       (SkVault     *self,
                                    const char  *name,
                                    JsonNode    *mine,
                                    JsonNode    *theirs);

/* The recovery codes' part of a merge: wipes the code of every code
 * record that is a tombstone in @self (sk-recovery-codes.c). */
void        sk_recovery_codes_forget_deleted (SkVault *self);

/* What sk_recovery_codes_count_remaining() says of each account, for all
 * accounts in one pass: account uuid -> SkCodeCount* (only accounts
 * with codes). */
typedef struct {
  guint remaining;
  guint total;
} SkCodeCount;

GHashTable *sk_recovery_codes_count_all      (SkVault *vault);

G_END_DECLS
