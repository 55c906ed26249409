/* sk-recovery-private.h: internals shared by the recovery plan, the
 * appeals and the emergency kit
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

/* A stable UUID for the fact (@type, @target, @name) of a case. */
char       *sk_recovery_derived_uuid (const char *case_uuid,
                                      const char *type,
                                      const char *target,
                                      const char *name);
/* The local calendar date of @now (µs), "YYYY-MM-DD". */
char       *sk_recovery_today        (gint64      now);
/* The fact record (borrowed), NULL if none. */
JsonObject *sk_recovery_lookup_fact  (SkVault    *vault,
                                      const char *case_uuid,
                                      const char *type,
                                      const char *target,
                                      const char *name);
/* Stores @record (transfer full) as that fact. */
void        sk_recovery_put_fact     (SkVault    *vault,
                                      const char *case_uuid,
                                      const char *type,
                                      const char *target,
                                      const char *name,
                                      JsonObject *record,
                                      gint64      now);

G_END_DECLS
