/* sk-keyring.h: slot keys kept in the login keyring (the Secret Service)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sparekey/sk-secret.h>
#include <sparekey/sk-store.h>

G_BEGIN_DECLS

#define SK_KEYRING_ERROR (sk_keyring_error_quark ())
GQuark sk_keyring_error_quark (void);

typedef enum {
  SK_KEYRING_ERROR_UNAVAILABLE,  /* no Secret Service, or no answer in time */
  SK_KEYRING_ERROR_LOCKED,       /* the keyring is locked */
  SK_KEYRING_ERROR_FAILED,       /* the service refused */
  SK_KEYRING_ERROR_NOT_FOUND,    /* no key for the vault here */
} SkKeyringError;

/* One item of the keyring that holds a slot key of a vault. */
typedef struct {
  char     *slot_id;  /* the key slot it opens (SkKeySlotInfo.id) */
  SkSecret *key;      /* NULL while its collection is locked */
} SkKeyringKey;

void       sk_keyring_key_free (SkKeyringKey *key);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkKeyringKey, sk_keyring_key_free)

/*
 * Every call is bounded in time (a few seconds; storing, which may bring
 * up the desktop's unlock prompt, up to a minute), never asks to unlock
 * anything itself, and fails with SK_KEYRING_ERROR when there is no
 * Secret Service: callers fall back to the password. Blocking: the app
 * calls these from a worker thread.
 */

/* The keys kept for the vault @vault_id (hex), possibly none. */
GPtrArray *sk_keyring_lookup   (const char      *vault_id,
                                GError         **error);
/* Stores @key for slot @slot_id of vault @vault_id in the default
 * collection, labelled with @vault_path for Seahorse ("Passwords and
 * Keys"). */
gboolean   sk_keyring_store    (const char      *vault_id,
                                const char      *slot_id,
                                const char      *vault_path,
                                const SkSecret  *key,
                                GError         **error);
/* Deletes the keys of @vault_id (only slot @slot_id's when not NULL);
 * @n_removed: how many. */
gboolean   sk_keyring_clear    (const char      *vault_id,
                                const char      *slot_id,
                                guint           *n_removed,
                                GError         **error);

/* Opens the vault at @path with a key this computer's keyring holds for
 * it: reads the file's header for its id and keyring slots, asks the
 * keyring (bounded, no prompt), tries each key. Any SK_KEYRING_ERROR or
 * SK_VAULT_ERROR means: ask for the password. Blocking. */
SkStore   *sk_keyring_open_vault (const char  *path,
                                  GError     **error);

G_END_DECLS
