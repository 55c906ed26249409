/* sk-store.h: the vault file on disk: encryption, locking, atomic saves,
 * backups
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-vault.h>
#include <sparekey/sk-key-slot.h>

G_BEGIN_DECLS

/* Argon2id cost, stored per key slot. */
typedef struct {
  guint64 opslimit;
  guint64 memlimit;   /* bytes */
} SkKdfParams;

/* TRUE when SPAREKEY_KDF_TEST=1 is set: the defaults below are then
 * libsodium's minimum, for tests only. Whoever runs with it says so (the
 * CLI warns on standard error; the app can show a banner). */
gboolean     sk_kdf_test_mode_active (void);
/* 256 MiB / 3 passes, lowered (not below 64 MiB) when the machine has less
 * free memory than twice that; the minimum in test mode (above). */
void         sk_kdf_params_default   (SkKdfParams *params);
/* libsodium's minimum (8 KiB, 1 pass): for tests only. */
void         sk_kdf_params_minimum   (SkKdfParams *params);

/* $SPAREKEY_VAULT, else $XDG_DATA_HOME/sparekey/vault.sparekey */
char        *sk_store_default_path   (void);

/* @path with symbolic links followed to the file they name (which may not
 * exist yet); any other path unchanged. The files beside the vault (lock,
 * reminders, backups) are beside this one. */
char        *sk_store_resolve_path   (const char        *path);

#define SK_TYPE_STORE (sk_store_get_type ())
G_DECLARE_FINAL_TYPE (SkStore, sk_store, SK, STORE, GObject)

/* A new empty vault at @path (fails with SK_VAULT_ERROR_EXISTS). */
SkStore     *sk_store_create         (const char        *path,
                                      const char        *password,
                                      const SkKdfParams *kdf,
                                      GError           **error);
/* Opens and decrypts; the data key is kept (guarded) for later saves. */
SkStore     *sk_store_open           (const char        *path,
                                      const char        *password,
                                      GError           **error);
/* Opens with the secret of a keyring or recovery key slot instead of the
 * password (SK_VAULT_ERROR_WRONG_PASSWORD when no such slot takes it). */
SkStore     *sk_store_open_with_key  (const char        *path,
                                      const SkSecret    *key,
                                      GError           **error);
/* Reads the unencrypted header only: the vault's id in hex (NULL without
 * an error for a vault from before ids) and whether it has a keyring
 * slot, so the keyring can be asked before anything is decrypted. */
char        *sk_store_peek_vault_id  (const char        *path,
                                      gboolean          *has_keyring_slot,
                                      GError           **error);
/* Reads only the unencrypted header: is there a readable vault at @path? */
gboolean     sk_store_probe          (const char        *path,
                                      GError           **error);

/* The vault file: when the path given to open or create is a symbolic
 * link, its target (resolved once; saves, backups and the lock go beside
 * it, and the link stays a link). */
const char  *sk_store_get_path       (SkStore           *self);
SkVault     *sk_store_get_vault      (SkStore           *self);
/*
 * Rollback detection. Every save raises a revision counter kept in the
 * file's authenticated header; the highest seen per vault is remembered
 * on this machine ($XDG_STATE_HOME/sparekey/revisions, by the vault's
 * random id, no names). sk_store_get_rolled_back() is TRUE when the file
 * opened is behind it: an older vault or backup was put in its place, and
 * changes made since may be missing. Files from before counters (0) are
 * not checked.
 */
guint64      sk_store_get_revision    (SkStore          *self);
gboolean     sk_store_get_rolled_back (SkStore          *self,
                                       guint64          *highest_seen);
/* The vault's random id in hex (it names the keyring item), NULL until a
 * vault from before ids is first saved. */
char        *sk_store_get_vault_id    (SkStore          *self);
/* The SkKeySlotType of the slot the vault was opened with (0: created). */
guint        sk_store_get_opened_with (SkStore          *self);
/*
 * Key slots: the password (always one, never removed: it can only be
 * changed), keyring slots (one per computer that turned it on) and at
 * most one recovery key. Adding and removing save the vault at once.
 */
/* SkKeySlotInfo of every slot, in file order (the password first). */
GPtrArray   *sk_store_list_key_slots  (SkStore          *self);
/* A new keyring or recovery key slot for a new random secret, which is
 * returned (32 or 25 bytes, guarded) and kept nowhere. A new recovery
 * key replaces the old one, which stops opening the vault. */
SkSecret    *sk_store_add_key_slot    (SkStore          *self,
                                       SkKeySlotType     type,
                                       char            **out_slot_id,
                                       GError          **error);
/* Removes the keyring or recovery key slot @id (SkKeySlotInfo.id). */
gboolean     sk_store_remove_key_slot (SkStore          *self,
                                       const char       *id,
                                       GError          **error);
/* Time the last open spent in key derivation, and in the rest (µs). */
void         sk_store_get_open_timing (SkStore          *self,
                                       gint64           *kdf_usec,
                                       gint64           *rest_usec);

/*
 * Saves the vault: takes the advisory write lock, and if another process
 * saved since we read, decrypts its version and merges it in first (no
 * write is lost); keeps the previous file as a backup; writes a temp
 * file, fsyncs, renames over the vault and fsyncs the folder. On any error
 * the file on disk is the old vault, untouched.
 */
gboolean     sk_store_save           (SkStore           *self,
                                      GError           **error);
/*
 * sk_store_save() off the main thread. The vault is serialized on the
 * calling (main) thread; a worker thread then waits for the lock, merges
 * other writers' changes into a private copy, backs up, writes, fsyncs
 * and prunes. When it is done, back on the main thread, the result is
 * merged into the live vault (with the usual change notifications) and
 * the callback runs. One save is in flight at a time: requests made
 * meanwhile are answered together by one more save, from a snapshot taken
 * when the first finishes. The default GApplication, if any, is held
 * while saving. Edits made during a save stay unsaved (dirty).
 */
void         sk_store_save_async      (SkStore             *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean     sk_store_save_finish     (SkStore             *self,
                                       GAsyncResult        *result,
                                       GError             **error);
/*
 * sk_store_open() in a worker thread (key derivation, decryption), then
 * sk_store_merge_conflicts(). sk_store_open_finish() returns the store and
 * what opening found: @n_merged sync copies merged, and @problems (strings,
 * NULL-free, possibly empty): every record kept aside and every conflict
 * copy that could not be merged, not only the first.
 */
void         sk_store_open_async      (const char          *path,
                                       const char          *password,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* sk_store_open_with_key() in a worker thread; finish with
 * sk_store_open_finish(). */
void         sk_store_open_with_key_async (const char          *path,
                                           const SkSecret      *key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
SkStore     *sk_store_open_finish     (GAsyncResult        *result,
                                       guint               *n_merged,
                                       GPtrArray          **problems,
                                       GError             **error);
/* Re-reads the file if another process changed it, merging our unsaved
 * changes. Returns TRUE if anything changed. */
gboolean     sk_store_reload         (SkStore           *self,
                                      GError           **error);
/*
 * Changes the password and re-keys: a new random data key encrypts the
 * vault (a save), wrapped by the new password; every key slot that can
 * follow the new key is re-wrapped, slots of unknown types are dropped.
 * Older copies (backups, sync conflict copies) stay under the old key and
 * password: they are never merged or restored without that password.
 * sk_store_find_old_backups() then says which backups it still opens.
 */
gboolean     sk_store_change_password (SkStore          *self,
                                       const char       *new_password,
                                       const SkKdfParams *kdf,
                                       GError          **error);
/* The same: the key derivation in a worker thread, the re-key (a short
 * save) in sk_store_change_password_finish() on the calling thread. */
void         sk_store_change_password_async  (SkStore             *self,
                                              const char          *new_password,
                                              const SkKdfParams   *kdf,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     sk_store_change_password_finish (SkStore             *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Backups: a copy of the vault as it was before each save. */
void         sk_store_set_backup_dir  (SkStore          *self,
                                       const char       *dir);
const char  *sk_store_get_backup_dir  (SkStore          *self);
void         sk_store_set_backup_keep (SkStore          *self,
                                       guint             keep);

typedef struct {
  char   *path;
  gint64  time;      /* µs since the epoch, from the file name */
  goffset size;
  guint64 sequence;  /* from the file name: grows with each backup (0: older versions' names) */
  gint64  mtime;     /* µs since the epoch, the file's modification time */
} SkBackupInfo;
void         sk_backup_info_free      (SkBackupInfo     *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkBackupInfo, sk_backup_info_free)

/* Newest first: by sequence, then modification time. Names dated in the
 * future (beyond a few minutes) are ignored: not listed, never pruned. */
GPtrArray   *sk_store_list_backups    (SkStore          *self,
                                       GError          **error);
/* Copies the vault as it is on disk now into the backup folder (saves
 * do this by themselves before each change). */
gboolean     sk_store_backup_now      (SkStore          *self,
                                       GError          **error);
/* Decrypts @backup_path with @password and compares it with the vault:
 * sets @n_accounts and @n_differences. */
gboolean     sk_store_verify_backup   (SkStore          *self,
                                       const char       *backup_path,
                                       const char       *password,
                                       guint            *n_accounts,
                                       guint            *n_differences,
                                       GError          **error);
/* Makes @backup_path the vault (the current vault is backed up first). */
gboolean     sk_store_restore_backup  (SkStore          *self,
                                       const char       *backup_path,
                                       const char       *password,
                                       GError          **error);

/*
 * After a password change: the files in the backup folder (backups and
 * merged sync copies) that @old_password opens and that are not under
 * the vault's current key (paths, newest backup first). Each password
 * slot is derived once, so 30 backups cost about one unlock.
 */
GPtrArray   *sk_store_find_old_backups (SkStore         *self,
                                        const char      *old_password,
                                        GError         **error);

typedef enum {
  SK_OLD_BACKUPS_KEEP,       /* leave them (they still open with the old password) */
  SK_OLD_BACKUPS_REENCRYPT,  /* same contents, sealed with the current key and slots */
  SK_OLD_BACKUPS_DELETE,     /* remove them */
} SkOldBackupsAction;

/* Applies @action to @paths (from sk_store_find_old_backups()); stops at
 * the first failure, leaving that file and the rest as they were.
 * @n_done: how many were handled. */
gboolean     sk_store_handle_old_backups (SkStore            *self,
                                          GPtrArray          *paths,
                                          const char         *old_password,
                                          SkOldBackupsAction  action,
                                          guint              *n_done,
                                          GError            **error);

/*
 * A vault in a Syncthing, Nextcloud, Dropbox or Seafile folder: when two
 * machines changed it before the sync tool could pass the change on, the
 * tool keeps the other version beside it as a "conflict copy" ("vault.sync-
 * conflict-….sparekey", "vault (conflicted copy …).sparekey").
 *
 * sk_store_list_conflicts() lists such files beside the vault (paths,
 * sorted). sk_store_merge_conflicts() merges every one that is a copy of
 * this vault (it opens with this vault's key, whatever password it was
 * saved with) record by record, saves, then moves each merged copy into
 * the backup folder as "merged-<time>-<name>". A file that is not a copy
 * of this vault, or is damaged, stays where it is and is named in
 * @problems (strings). FALSE with @error only when the vault could not be
 * saved; then every copy stays where it was.
 */
GPtrArray   *sk_store_list_conflicts  (SkStore          *self);
gboolean     sk_store_merge_conflicts (SkStore          *self,
                                       guint            *n_merged,
                                       GPtrArray       **problems,
                                       GError          **error);

/* Disable core dumps for this process (call early in main()). */
void         sk_disable_core_dumps    (void);

G_END_DECLS
