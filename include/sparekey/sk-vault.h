/* sk-vault.h: the decrypted vault contents (data model)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-account.h>

G_BEGIN_DECLS

#define SK_VAULT_ERROR (sk_vault_error_quark ())
GQuark sk_vault_error_quark (void);

typedef enum {
  SK_VAULT_ERROR_NOT_A_VAULT,          /* wrong magic: some other file */
  SK_VAULT_ERROR_UNSUPPORTED_VERSION,  /* written by a newer Sparekey */
  SK_VAULT_ERROR_WRONG_PASSWORD,       /* no key slot opens with this password */
  SK_VAULT_ERROR_DAMAGED,              /* truncated, or fails authentication after the key opened */
  SK_VAULT_ERROR_NOT_FOUND,            /* no vault at the path */
  SK_VAULT_ERROR_EXISTS,               /* init over an existing vault */
  SK_VAULT_ERROR_IO,                   /* read/write/fsync failed (full disk...) */
  SK_VAULT_ERROR_LOCKED,               /* another process holds the write lock too long */
  SK_VAULT_ERROR_NO_MEMORY,            /* key derivation could not get its memory */
  SK_VAULT_ERROR_INVALID,              /* a bad argument (e.g. empty password) */
} SkVaultError;

/* Version of the JSON payload inside the vault; see docs/vault-format.md. */
#define SK_PAYLOAD_VERSION 1

#define SK_TYPE_VAULT (sk_vault_get_type ())
G_DECLARE_FINAL_TYPE (SkVault, sk_vault, SK, VAULT, GObject)

SkVault    *sk_vault_new                (void);

/* A GListModel of SkAccount, in the order they were added. */
GListModel *sk_vault_get_accounts       (SkVault     *self);
guint       sk_vault_get_n_accounts     (SkVault     *self);
void        sk_vault_add_account        (SkVault     *self,
                                         SkAccount   *account);
/* Adds many at once (one items-changed signal). */
void        sk_vault_add_accounts       (SkVault     *self,
                                         SkAccount  **accounts,
                                         guint        n_accounts);
/* Removes and records a tombstone so a merge does not bring it back. */
gboolean    sk_vault_remove_account     (SkVault     *self,
                                         SkAccount   *account);
SkAccount  *sk_vault_lookup_account     (SkVault     *self,
                                         const char  *uuid);
/*
 * Finds accounts for a user's query: an exact UUID, or a UUID prefix of at
 * least 4 characters, or every account whose issuer/name/tags/note match
 * all words of @query. Returns a new array of borrowed SkAccount.
 */
GPtrArray  *sk_vault_find_accounts      (SkVault     *self,
                                         const char  *query);

/* Marks the vault as changed (done by every mutation of the vault or its
 * accounts). */
gboolean    sk_vault_get_dirty          (SkVault     *self);
void        sk_vault_set_dirty          (SkVault     *self,
                                         gboolean     dirty);

/*
 * Entries that failed validation on load: kept aside untouched (and
 * written back on save), never blocking the vault from opening.
 * Returns an array of strings describing each ("account 3: digits 0 ...").
 */
GPtrArray  *sk_vault_get_problems       (SkVault     *self);

/* Payload (de)serialization: see docs/vault-format.md. The result of
 * serialize lives in guarded memory. */
SkSecret   *sk_vault_serialize          (SkVault     *self,
                                         GError     **error);
SkVault    *sk_vault_deserialize        (const guint8 *data,
                                         gsize         size,
                                         GError      **error);

/*
 * Merges @other (another writer's version of the same vault) into @self,
 * per record by UUID: the newer "updated" wins, tombstones win over older
 * records, records only one side has are kept. Returns TRUE if @self
 * changed.
 */
gboolean    sk_vault_merge              (SkVault     *self,
                                         SkVault     *other);

/* Section objects for later features (recovery codes, inventory, audit,
 * recovery progress) are kept as JSON; unknown ones written by newer
 * versions survive a save untouched. Returned node is borrowed. */
JsonNode   *sk_vault_get_section        (SkVault     *self,
                                         const char  *name);
void        sk_vault_set_section        (SkVault     *self,
                                         const char  *name,
                                         JsonNode    *node);

/* Secret strings of sections (recovery codes...) are not put in the JSON:
 * they live in the payload's secret table under an id such as
 * "<record uuid>/<field>". @secret NULL removes. */
SkSecret   *sk_vault_get_secret         (SkVault     *self,
                                         const char  *id);
void        sk_vault_set_secret         (SkVault     *self,
                                         const char  *id,
                                         SkSecret    *secret);

G_END_DECLS
