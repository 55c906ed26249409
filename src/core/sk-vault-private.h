/* sk-vault-private.h: how the layers above the vault hear of its changes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "sparekey/sk-vault.h"

G_BEGIN_DECLS

/*
 * Sections of records (the vault's "sections" object): each maps a
 * record's UUID to the record. Every record has "created" and "updated"
 * (µs since the epoch); a deleted record is a tombstone { "deleted": true,
 * "updated": <deletion time> }, so a merge with an older copy cannot bring
 * it back. The vault merges these record by record; sk-records.c stores
 * them.
 */
#define SK_SECTION_RECOVERY_CODES "recovery_codes"
#define SK_SECTION_IDENTITIES     "identities"
#define SK_SECTION_BINDINGS       "bindings"
#define SK_SECTION_ACCOUNT_INFO   "account_info"
#define SK_SECTION_AUDITS         "audits"
/* Lost-phone recoveries: cases, steps, evidence, letters, appeals. */
#define SK_SECTION_RECOVERY       "recovery"
/* The user's own entries of the service directory (sk-services.c). */
#define SK_SECTION_SERVICES       "services"

gboolean  sk_vault_is_record_section   (const char *name);
/* A record still standing (not a tombstone). */
gboolean  sk_vault_record_is_live      (JsonNode   *node);
/* A copy sharing no object or array with @node. */
JsonNode *sk_vault_copy_record         (JsonNode   *node);

/*
 * The vault knows nothing of what is built on its records (the inventory's
 * objects and models, recovery-code counts...). Those layers subscribe
 * here; the vault calls every listener before it emits its public
 * ::record-changed and ::section-changed signals, so that a view that
 * hears a public signal already finds the models above up to date.
 */
typedef struct {
  /* One record of @section was stored (@after) or deleted (@after NULL). */
  void (*record_changed)  (SkVault    *vault,
                           const char *section,
                           const char *uuid,
                           JsonObject *before,
                           JsonObject *after,
                           gpointer    data);
  /* @section was replaced whole (NULL: any section, after a merge). */
  void (*section_changed) (SkVault    *vault,
                           const char *section,
                           gpointer    data);
} SkVaultListener;

void sk_vault_add_listener          (SkVault               *self,
                                     const SkVaultListener *listener,
                                     gpointer               data);
void sk_vault_remove_listener       (SkVault               *self,
                                     gpointer               data);

/* For sk-records.c: tells the listeners, then emits ::record-changed. */
void sk_vault_emit_record_changed   (SkVault               *self,
                                     const char            *section,
                                     const char            *uuid,
                                     JsonObject            *before,
                                     JsonObject            *after);

/* The records versions (docs/vault-format.md): 1 is the first, 2 added
 * accounts without codes. */
#define SK_RECORDS_VERSION_FIRST 1

SkVault *sk_vault_deserialize_as (const guint8  *data,
                                  gsize          size,
                                  guint          reader_version,
                                  GError       **error);

G_END_DECLS
