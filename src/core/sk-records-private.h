/* sk-records-private.h: per-record storage in vault sections
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sk-vault-private.h"

G_BEGIN_DECLS

/* Records of the sections sk-vault-private.h describes, one at a time:
 * storing or deleting one tells the vault's listeners and signals. */

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



/* What sk_recovery_codes_count_remaining() says of each account, for all
 * accounts in one pass: account uuid -> SkCodeCount* (only accounts
 * with codes). */
typedef struct {
  guint remaining;
  guint total;
} SkCodeCount;

GHashTable *sk_recovery_codes_count_all      (SkVault *vault);

G_END_DECLS
