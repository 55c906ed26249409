/* sk-store.c: the vault file on disk: encryption, locking, atomic saves,
 * backups
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <sodium.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/stat.h>
#include <gio/gunixoutputstream.h>

#include "sk-store-private.h"
#include "sk-key-slot-private.h"
#include "sparekey/sk-audit.h"

/*
 * File layout (docs/vault-format.md has the full description):
 *
 *   0   8  magic "SPAREKEY"
 *   8   2  format version (u16 LE) = 1
 *  10   2  header length H (u16 LE): bytes from 0 to the payload nonce
 *  12  16  revision: random, new on every save
 *  28   1  number of key slots
 *  29   3  reserved, zero
 *  32   …  key slots, each with its own length (128 for a password slot)
 *   H  24  payload nonce
 * H+24 …   payload ciphertext and 16-byte tag (XChaCha20-Poly1305,
 *          key = data key, additional data = bytes 0..H)
 *
 * Password slot (type 1):
 *   +0 1 type  +1 1 flags (0)  +2 2 slot length (128)  +4 4 reserved
 *   +8 8 Argon2id opslimit  +16 8 memlimit  +24 16 salt  +40 24 nonce
 *   +64 48 data key wrapped with XChaCha20-Poly1305 (additional data:
 *          file bytes 0..10 and slot bytes 0..40)  +112 8 created
 *          (seconds since 1970; 0: older versions)  +120 8 reserved
 *
 * Keyring slot (type 2) and recovery key slot (type 3): 176 bytes, see
 * sk-key-slot.c.
 *
 * Every header byte is authenticated by the payload tag, so any change to
 * the file is detected once a slot opens.
 */

#define MAGIC              "SPAREKEY"
#define FORMAT_VERSION     1
#define FIXED_HEADER       32
#define SLOT_PASSWORD      1
#define SLOT_LEN           128
#define SLOT_CREATED       112
#define SLOT_KEYRING       SK_KEY_SLOT_KEYRING
#define SLOT_RECOVERY      SK_KEY_SLOT_RECOVERY_KEY
/* Not a key slot: the vault's id and revision counter (see below). */
#define SLOT_STATE         64
#define STATE_VERSION      1
#define STATE_LEN          32
#define VAULT_ID_BYTES     16
#define KEY_BYTES          crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define NONCE_BYTES        crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES          crypto_aead_xchacha20poly1305_ietf_ABYTES
#define REVISION_BYTES     16
#define MAX_SLOTS          16
/* Bounds on stored Argon2id costs: a damaged slot must not make us try to
 * allocate terabytes. */
#define KDF_MEMLIMIT_MAX   (G_GUINT64_CONSTANT (4) << 30)
#define KDF_OPSLIMIT_MAX   1000
#define LOCK_WAIT_USEC     (20 * G_USEC_PER_SEC)
#define DEFAULT_BACKUP_KEEP 30

struct _SkStore
{
  GObject    parent_instance;

  char      *path;
  char      *lock_path;
  char      *backup_dir;
  guint      backup_keep;

  SkVault   *vault;
  SkSecret  *data_key;
  GBytes    *slots;       /* raw key slot bytes, reused on save */
  guint      n_slots;
  guint8     revision[REVISION_BYTES];
  gboolean   on_disk;     /* FALSE until the first save of a new vault */

  /* Rollback detection: the vault's id and the counter of the file read
   * or written last (0 and no id: a file from before counters). */
  gboolean   has_id;
  guint8     vault_id[VAULT_ID_BYTES];
  guint64    counter;
  guint64    highest_seen;  /* on this machine, before this open */
  gboolean   rolled_back;

  gint64     kdf_usec;
  gint64     rest_usec;
  /* The kind of slot the vault was opened with (SkKeySlotType). */
  guint      opened_with;

  /* sk_store_save_async(): the save in flight, and the requests that came
   * while it ran (all answered by one more save). */
  GTask     *saving;
  GPtrArray *waiting;
};

G_DEFINE_FINAL_TYPE (SkStore, sk_store, G_TYPE_OBJECT)

typedef struct
{
  guint16       version;
  gsize         header_len;
  const guint8 *revision;
  guint         n_slots;
  const guint8 *slots;
  gsize         slots_len;
  const guint8 *nonce;
  const guint8 *ciphertext;
  gsize         ciphertext_len;
} Header;

static void
sk_store_finalize (GObject *object)
{
  SkStore *self = SK_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->lock_path, g_free);
  g_clear_pointer (&self->backup_dir, g_free);
  g_clear_object (&self->vault);
  g_clear_pointer (&self->data_key, sk_secret_unref);
  g_clear_pointer (&self->slots, g_bytes_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);

  G_OBJECT_CLASS (sk_store_parent_class)->finalize (object);
}

static void
sk_store_class_init (SkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_store_finalize;
}

static void
sk_store_init (SkStore *self)
{
  self->backup_keep = DEFAULT_BACKUP_KEEP;
}

/* KDF parameters -------------------------------------------------------- */

static guint64
mem_available (void)
{
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/meminfo", &contents, NULL, NULL))
    return G_MAXUINT64;
  line = strstr (contents, "MemAvailable:");
  if (line == NULL)
    return G_MAXUINT64;
  return g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10) * 1024;
}

gboolean
sk_kdf_test_mode_active (void)
{
  return g_strcmp0 (g_getenv ("SPAREKEY_KDF_TEST"), "1") == 0;
}

void
sk_kdf_params_default (SkKdfParams *params)
{
  guint64 available = mem_available ();

  g_return_if_fail (params != NULL);

  if (sk_kdf_test_mode_active ())
    {
      sk_kdf_params_minimum (params);
      return;
    }

  params->opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
  params->memlimit = crypto_pwhash_MEMLIMIT_MODERATE;
  /* Leave the machine room to breathe; never below 64 MiB. */
  while (params->memlimit > (G_GUINT64_CONSTANT (64) << 20) &&
         params->memlimit * 2 > available)
    params->memlimit /= 2;
}

void
sk_kdf_params_minimum (SkKdfParams *params)
{
  g_return_if_fail (params != NULL);

  params->opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params->memlimit = crypto_pwhash_MEMLIMIT_MIN;
}

char *
sk_store_default_path (void)
{
  const char *env = g_getenv ("SPAREKEY_VAULT");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "sparekey", "vault.sparekey", NULL);
}

void
sk_disable_core_dumps (void)
{
  struct rlimit rl = { 0, 0 };

  setrlimit (RLIMIT_CORE, &rl);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Little-endian fields ---------------------------------------------------- */

static guint64
get_le (const guint8 *p,
        guint         n)
{
  guint64 v = 0;

  for (guint i = n; i > 0; i--)
    v = (v << 8) | p[i - 1];
  return v;
}

static void
put_le (guint8  *p,
        guint64  v,
        guint    n)
{
  for (guint i = 0; i < n; i++, v >>= 8)
    p[i] = v & 0xff;
}

/* Parsing ----------------------------------------------------------------- */

static gboolean
parse_header (const guint8  *data,
              gsize          len,
              Header        *h,
              GError       **error)
{
  gsize pos;

  memset (h, 0, sizeof *h);

  if (len < 8 || memcmp (data, MAGIC, 8) != 0)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_A_VAULT,
                           _("This file is not a Sparekey vault"));
      return FALSE;
    }
  if (len < FIXED_HEADER)
    goto truncated;

  h->version = (guint16) get_le (data + 8, 2);
  if (h->version == 0)
    goto damaged;
  if (h->version > FORMAT_VERSION)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION,
                   _("This vault was written by a newer Sparekey (format %u); "
                     "update Sparekey to open it"), h->version);
      return FALSE;
    }

  h->header_len = get_le (data + 10, 2);
  h->revision = data + 12;
  h->n_slots = data[28];
  if (data[29] != 0 || data[30] != 0 || data[31] != 0)
    goto damaged;
  if (h->n_slots == 0 || h->n_slots > MAX_SLOTS)
    goto damaged;
  if (h->header_len < FIXED_HEADER || h->header_len > len)
    goto damaged;

  pos = FIXED_HEADER;
  for (guint i = 0; i < h->n_slots; i++)
    {
      gsize slot_len;

      if (h->header_len - pos < 4)
        goto damaged;
      slot_len = get_le (data + pos + 2, 2);
      if (slot_len < 4 || slot_len > h->header_len - pos)
        goto damaged;
      if (data[pos] == SLOT_PASSWORD && slot_len != SLOT_LEN)
        goto damaged;
      if ((data[pos] == SLOT_KEYRING || data[pos] == SLOT_RECOVERY) &&
          slot_len != SK_KEY_SLOT_LEN)
        goto damaged;
      pos += slot_len;
    }
  if (pos != h->header_len)
    goto damaged;

  h->slots = data + FIXED_HEADER;
  h->slots_len = h->header_len - FIXED_HEADER;

  if (len - h->header_len < NONCE_BYTES + TAG_BYTES)
    goto truncated;
  h->nonce = data + h->header_len;
  h->ciphertext = h->nonce + NONCE_BYTES;
  h->ciphertext_len = len - h->header_len - NONCE_BYTES;
  return TRUE;

truncated:
  g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                       _("The vault file is damaged: it is cut short"));
  return FALSE;

damaged:
  g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                       _("The vault file is damaged: its header is not valid"));
  return FALSE;
}

/* The Argon2id key of a password slot. Slots that share costs and salt
 * (every backup saved since one password change) share it, so @cache
 * (nullable; slot bytes 0..40 -> SkSecret) spares deriving it again. */
static SkSecret *
derive_slot_kek (const guint8  *slot,
                 const char    *password,
                 GHashTable    *cache,
                 GError       **error)
{
  g_autoptr(SkSecret) kek = NULL;
  g_autoptr(GBytes) id = NULL;
  guint64 opslimit = get_le (slot + 8, 8);
  guint64 memlimit = get_le (slot + 16, 8);

  if (opslimit < crypto_pwhash_OPSLIMIT_MIN || opslimit > KDF_OPSLIMIT_MAX ||
      memlimit < crypto_pwhash_MEMLIMIT_MIN || memlimit > KDF_MEMLIMIT_MAX)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                           _("The vault file is damaged: a key slot has impossible settings"));
      return NULL;
    }

  if (cache != NULL)
    {
      SkSecret *known;

      id = g_bytes_new (slot, 40);
      known = g_hash_table_lookup (cache, id);
      if (known != NULL)
        return sk_secret_ref (known);
    }

  kek = sk_secret_new (KEY_BYTES);
  if (crypto_pwhash (sk_secret_get_mutable (kek), KEY_BYTES,
                     password, strlen (password),
                     slot + 24, opslimit, (size_t) memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NO_MEMORY,
                   _("Not enough memory to derive the key (the vault asks for %s)"),
                   g_format_size (memlimit));
      return NULL;
    }
  if (cache != NULL)
    g_hash_table_insert (cache, g_steal_pointer (&id), sk_secret_ref (kek));
  return g_steal_pointer (&kek);
}

/* Derives the slot key and unwraps the data key; NULL without an error:
 * wrong password. */
static SkSecret *
open_password_slot (const guint8  *file,
                    const guint8  *slot,
                    const char    *password,
                    GHashTable    *cache,
                    GError       **error)
{
  g_autoptr(SkSecret) kek = NULL;
  g_autoptr(SkSecret) key = sk_secret_new (KEY_BYTES);
  guint8 ad[10 + 40];
  unsigned long long key_len;

  kek = derive_slot_kek (slot, password, cache, error);
  if (kek == NULL)
    return NULL;

  memcpy (ad, file, 10);
  memcpy (ad + 10, slot, 40);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (sk_secret_get_mutable (key), &key_len, NULL,
                                                  slot + 64, KEY_BYTES + TAG_BYTES,
                                                  ad, sizeof ad, slot + 40,
                                                  sk_secret_get_data (kek)) != 0 ||
      key_len != KEY_BYTES)
    return NULL;

  return g_steal_pointer (&key);
}

/* With @password, tries the password slots; with @slot_key instead, the
 * keyring and recovery key slots. Sets @opened_with to the type of the
 * slot that opened. */
static SkSecret *
unlock_slots (const guint8    *file,
              const Header    *h,
              const char      *password,
              const SkSecret  *slot_key,
              GHashTable      *cache,
              gint64          *kdf_usec,
              guint           *opened_with,
              GError         **error)
{
  gsize pos = 0;
  gboolean any = FALSE;
  gint64 start = g_get_monotonic_time ();

  while (pos < h->slots_len)
    {
      const guint8 *slot = h->slots + pos;
      gsize slot_len = get_le (slot + 2, 2);

      if (slot_key != NULL)
        {
          if (slot[0] == SLOT_KEYRING || slot[0] == SLOT_RECOVERY)
            {
              SkSecret *key = sk_key_slot_open (slot, file, slot_key);

              any = TRUE;
              if (key != NULL)
                {
                  if (opened_with != NULL)
                    *opened_with = slot[0];
                  if (kdf_usec)
                    *kdf_usec = g_get_monotonic_time () - start;
                  return key;
                }
            }
        }
      else if (slot[0] == SLOT_PASSWORD)
        {
          g_autoptr(GError) local_error = NULL;
          SkSecret *key;

          any = TRUE;
          key = open_password_slot (file, slot, password, cache, &local_error);
          if (key != NULL)
            {
              if (opened_with != NULL)
                *opened_with = SLOT_PASSWORD;
              if (kdf_usec)
                *kdf_usec = g_get_monotonic_time () - start;
              return key;
            }
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      pos += slot_len;
    }

  if (slot_key != NULL)
    g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD,
                         any ? _("This key does not open the vault: it was replaced or removed, "
                                 "or it belongs to another vault")
                             : _("This vault has no recovery key or keyring key"));
  else if (!any)
    g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION,
                         _("This vault has no key slot this version of Sparekey can open"));
  else
    g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD,
                         _("Wrong password"));
  return NULL;
}

static SkVault *
decrypt_payload (const guint8   *file,
                 const Header   *h,
                 const SkSecret *key,
                 GError        **error)
{
  g_autoptr(SkSecret) plain = NULL;
  unsigned long long plain_len;

  if (h->ciphertext_len < TAG_BYTES)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                           _("The vault file is damaged: it is cut short"));
      return NULL;
    }
  plain = sk_secret_new (h->ciphertext_len - TAG_BYTES);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt (sk_secret_get_mutable (plain), &plain_len, NULL,
                                                  h->ciphertext, h->ciphertext_len,
                                                  file, h->header_len, h->nonce,
                                                  sk_secret_get_data (key)) != 0)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                           _("The vault file is damaged or was tampered with: "
                             "it fails its integrity check"));
      return NULL;
    }

  return sk_vault_deserialize (sk_secret_get_data (plain), plain_len, error);
}

static gboolean
read_file (const char  *path,
           GBytes     **out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND,
                     _("There is no vault at %s"), path);
      else
        g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                     _("Could not read the vault: %s"), local_error->message);
      return FALSE;
    }
  *out = g_bytes_new_take (contents, len);
  return TRUE;
}

/* Opens @bytes with @password (key slots derived once per @cache, which
 * may be NULL): the vault and its data key. */
static SkVault *
open_bytes_with (GBytes         *bytes,
                 const char     *password,
                 const SkSecret *slot_key,
                 GHashTable     *cache,
                 SkSecret      **out_key,
                 gint64         *kdf_usec,
                 guint          *opened_with,
                 GError        **error)
{
  g_autoptr(SkSecret) key = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  Header h;
  SkVault *vault;

  if (!parse_header (data, len, &h, error))
    return NULL;
  key = unlock_slots (data, &h, password, slot_key, cache, kdf_usec, opened_with, error);
  if (key == NULL)
    return NULL;
  vault = decrypt_payload (data, &h, key, error);
  if (vault != NULL && out_key != NULL)
    *out_key = g_steal_pointer (&key);
  return vault;
}

static SkVault *
open_bytes (GBytes     *bytes,
            const char *password,
            GHashTable *cache,
            SkSecret  **out_key,
            gint64     *kdf_usec,
            GError    **error)
{
  return open_bytes_with (bytes, password, NULL, cache, out_key, kdf_usec, NULL, error);
}

/*
 * The state entry sits among the key slots, where readers that do not know
 * it skip it, and where the payload's tag authenticates it:
 *
 *   +0 1 type (64)  +1 1 version (1)  +2 2 length (32)  +4 4 reserved
 *   +8 16 vault id (random, fixed for the vault's life)
 *   +24 8 revision counter (u64), one more on every save
 *
 * Finds a version 1 entry in the slots of @h.
 */
static const guint8 *
find_state (const Header *h)
{
  gsize pos = 0;

  while (pos < h->slots_len)
    {
      const guint8 *slot = h->slots + pos;
      gsize slot_len = get_le (slot + 2, 2);

      if (slot[0] == SLOT_STATE && slot[1] == STATE_VERSION && slot_len == STATE_LEN)
        return slot;
      pos += slot_len;
    }
  return NULL;
}

static void
put_state (guint8        state[STATE_LEN],
           const guint8  vault_id[VAULT_ID_BYTES],
           guint64       counter)
{
  memset (state, 0, STATE_LEN);
  state[0] = SLOT_STATE;
  state[1] = STATE_VERSION;
  put_le (state + 2, STATE_LEN, 2);
  memcpy (state + 8, vault_id, VAULT_ID_BYTES);
  put_le (state + 24, counter, 8);
}

/* Takes the key slots (all but the state entry, which saves write anew),
 * revision and counter of the file in @bytes. */
static gboolean
adopt_header (SkStore  *self,
              GBytes   *bytes,
              GError  **error)
{
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  const guint8 *state;
  gsize pos = 0;
  Header h;

  if (!parse_header (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &h, error))
    return FALSE;
  self->n_slots = 0;
  while (pos < h.slots_len)
    {
      gsize slot_len = get_le (h.slots + pos + 2, 2);

      if (h.slots[pos] != SLOT_STATE)
        {
          g_byte_array_append (slots, h.slots + pos, slot_len);
          self->n_slots++;
        }
      pos += slot_len;
    }
  g_clear_pointer (&self->slots, g_bytes_unref);
  self->slots = g_byte_array_free_to_bytes (g_steal_pointer (&slots));
  memcpy (self->revision, h.revision, REVISION_BYTES);

  state = find_state (&h);
  if (state != NULL && (!self->has_id || memcmp (self->vault_id, state + 8, VAULT_ID_BYTES) == 0))
    {
      self->has_id = TRUE;
      memcpy (self->vault_id, state + 8, VAULT_ID_BYTES);
      /* Another writer's file may be behind what we read (a copy put
       * back): the counter never goes down. */
      self->counter = MAX (self->counter, get_le (state + 24, 8));
    }
  return TRUE;
}

/* Rollback memory ----------------------------------------------------------- */

/*
 * "$XDG_STATE_HOME/sparekey/revisions": the highest revision counter this
 * machine has seen per vault id, and nothing else (no names, no paths):
 *
 *   [Revisions]
 *   0123456789abcdef0123456789abcdef=42
 */
#define REVISIONS_GROUP "Revisions"

static char *
hex_id (const guint8 vault_id[VAULT_ID_BYTES])
{
  char *hex = g_malloc (VAULT_ID_BYTES * 2 + 1);

  return sodium_bin2hex (hex, VAULT_ID_BYTES * 2 + 1, vault_id, VAULT_ID_BYTES);
}

static char *
revisions_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "sparekey", "revisions", NULL);
}

static guint64
load_highest_seen (const guint8 vault_id[VAULT_ID_BYTES])
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *path = revisions_path ();
  g_autofree char *key = hex_id (vault_id);

  if (!g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL))
    return 0;
  return g_key_file_get_uint64 (keyfile, REVISIONS_GROUP, key, NULL);
}

static void remove_temps_in (const char *dir, const char *prefix);
static gboolean write_atomic_full (const char *path, GBytes *bytes, gboolean durable, GError **error);
static void release_lock (int fd);

static void
remember_counter (const guint8 vault_id[VAULT_ID_BYTES],
                  guint64      counter)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = revisions_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autofree char *key = hex_id (vault_id);
  char *data;
  gsize len;
  int fd;

  /* Every vault's writers share this file: read, change and write it
   * under a lock of its own, so no update is lost and temporary files a
   * killed writer left can be removed. Losing the file only loses the
   * warning, never data: no fsync on every save, and a failure is logged,
   * not reported. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Could not remember the vault's revision in %s: %s", dir, g_strerror (errno));
      return;
    }
  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0 || flock (fd, LOCK_EX) != 0)
    {
      g_warning ("Could not remember the vault's revision in %s: %s", path, g_strerror (errno));
      if (fd >= 0)
        close (fd);
      return;
    }
  remove_temps_in (dir, "revisions");
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  if (g_key_file_get_uint64 (keyfile, REVISIONS_GROUP, key, NULL) < counter)
    {
      g_key_file_set_uint64 (keyfile, REVISIONS_GROUP, key, counter);
      data = g_key_file_to_data (keyfile, &len, NULL);
      bytes = g_bytes_new_take (data, len);
      if (!write_atomic_full (path, bytes, FALSE, &error))
        g_warning ("Could not remember the vault's revision in %s: %s", path, error->message);
    }
  release_lock (fd);
}

/* After opening: is the file behind what this machine saw before? */
static void
check_rollback (SkStore *self)
{
  if (!self->has_id)
    return;
  self->highest_seen = load_highest_seen (self->vault_id);
  self->rolled_back = self->counter < self->highest_seen;
  remember_counter (self->vault_id, self->counter);
}

SkVault *
sk_store_open_data (const guint8 *data,
                    gsize         size,
                    const char   *password,
                    GError      **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  return open_bytes (bytes, password, NULL, NULL, NULL, error);
}

SkVault *
sk_store_open_data_with_key (const guint8   *data,
                             gsize           size,
                             const SkSecret *key,
                             GError        **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return open_bytes_with (bytes, NULL, key, NULL, NULL, NULL, NULL, error);
}

/* Writing ------------------------------------------------------------------ */

static GBytes *
make_password_slot (const guint8      *file_prefix,
                    const char        *password,
                    const SkKdfParams *kdf,
                    const SkSecret    *data_key,
                    GError           **error)
{
  g_autoptr(SkSecret) kek = sk_secret_new (KEY_BYTES);
  guint8 slot[SLOT_LEN] = { 0 };
  guint8 ad[10 + 40];
  unsigned long long wrapped_len;

  slot[0] = SLOT_PASSWORD;
  put_le (slot + 2, SLOT_LEN, 2);
  put_le (slot + 8, kdf->opslimit, 8);
  put_le (slot + 16, kdf->memlimit, 8);
  randombytes_buf (slot + 24, crypto_pwhash_SALTBYTES);
  randombytes_buf (slot + 40, NONCE_BYTES);
  /* Outside the wrap's additional data (older versions wrote zeros
   * here), but authenticated with the whole header by the payload. */
  put_le (slot + SLOT_CREATED, (guint64) (g_get_real_time () / G_USEC_PER_SEC), 8);

  if (crypto_pwhash (sk_secret_get_mutable (kek), KEY_BYTES, password, strlen (password),
                     slot + 24, kdf->opslimit, (size_t) kdf->memlimit,
                     crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NO_MEMORY,
                   _("Not enough memory to derive the key (%s asked)"),
                   g_format_size (kdf->memlimit));
      return NULL;
    }

  memcpy (ad, file_prefix, 10);
  memcpy (ad + 10, slot, 40);
  crypto_aead_xchacha20poly1305_ietf_encrypt (slot + 64, &wrapped_len,
                                              sk_secret_get_data (data_key), KEY_BYTES,
                                              ad, sizeof ad, NULL, slot + 40,
                                              sk_secret_get_data (kek));
  g_assert (wrapped_len == KEY_BYTES + TAG_BYTES);

  return g_bytes_new (slot, sizeof slot);
}

static const guint8 *
file_prefix (void)
{
  static guint8 prefix[10];

  memcpy (prefix, MAGIC, 8);
  put_le (prefix + 8, FORMAT_VERSION, 2);
  return prefix;
}

/* Serializes @vault and encrypts it with @key behind the key slots
 * @slots, with a fresh revision. */
static GBytes *
seal_vault (SkVault         *vault,
            const SkSecret  *key,
            GBytes          *slots_bytes,
            guint            n_slots,
            guint8           revision[REVISION_BYTES],
            GError         **error)
{
  g_autoptr(SkSecret) plain = NULL;
  gsize slots_len;
  const guint8 *slots = g_bytes_get_data (slots_bytes, &slots_len);
  gsize header_len = FIXED_HEADER + slots_len;
  gsize total;
  unsigned long long clen;
  guint8 *buf;

  plain = sk_vault_serialize (vault, error);
  if (plain == NULL)
    return NULL;
  if (header_len > G_MAXUINT16)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                           _("Too many key slots"));
      return NULL;
    }

  total = header_len + NONCE_BYTES + sk_secret_get_size (plain) + TAG_BYTES;
  buf = g_malloc0 (total);
  memcpy (buf, file_prefix (), 10);
  put_le (buf + 10, header_len, 2);
  randombytes_buf (revision, REVISION_BYTES);
  memcpy (buf + 12, revision, REVISION_BYTES);
  buf[28] = (guint8) n_slots;
  memcpy (buf + FIXED_HEADER, slots, slots_len);
  randombytes_buf (buf + header_len, NONCE_BYTES);
  crypto_aead_xchacha20poly1305_ietf_encrypt (buf + header_len + NONCE_BYTES, &clen,
                                              sk_secret_get_data (plain), sk_secret_get_size (plain),
                                              buf, header_len, NULL, buf + header_len,
                                              sk_secret_get_data (key));
  g_assert (header_len + NONCE_BYTES + clen == total);

  return g_bytes_new_take (buf, total);
}

/* The store's vault as a file, with a fresh revision and @counter in its
 * state entry. */
static GBytes *
build_file (SkStore  *self,
            guint64   counter,
            guint8    revision[REVISION_BYTES],
            GError  **error)
{
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  g_autoptr(GBytes) all = NULL;
  guint8 state[STATE_LEN];

  if (!self->has_id)
    {
      randombytes_buf (self->vault_id, VAULT_ID_BYTES);
      self->has_id = TRUE;
    }
  put_state (state, self->vault_id, counter);
  g_byte_array_append (slots, g_bytes_get_data (self->slots, NULL), g_bytes_get_size (self->slots));
  g_byte_array_append (slots, state, STATE_LEN);
  all = g_byte_array_free_to_bytes (g_steal_pointer (&slots));
  return seal_vault (self->vault, self->data_key, all, self->n_slots + 1, revision, error);
}

/* A fresh random data key and one password slot that wraps it: what a new
 * vault, an exported backup and a password change start from. The slow
 * key derivation happens here, before any lock is taken. */
static gboolean
new_key_and_slot (const char         *password,
                  const SkKdfParams  *kdf,
                  SkSecret          **out_key,
                  GBytes            **out_slot,
                  GError            **error)
{
  g_autoptr(SkSecret) key = sk_secret_new (KEY_BYTES);
  GBytes *slot;

  randombytes_buf (sk_secret_get_mutable (key), KEY_BYTES);
  slot = make_password_slot (file_prefix (), password, kdf, key, error);
  if (slot == NULL)
    return FALSE;
  *out_key = g_steal_pointer (&key);
  *out_slot = slot;
  return TRUE;
}

static gboolean
fsync_dir (const char  *dir,
           GError     **error)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int saved;

  if (fd < 0)
    goto fail;
  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved = errno;
      close (fd);
      errno = saved;
      goto fail;
    }
  close (fd);
  return TRUE;

fail:
  saved = errno;
  g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
               _("Could not flush the folder %s to disk: %s"), dir, g_strerror (saved));
  return FALSE;
}

static gboolean
ensure_parent_dir (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  /* Folders we create are private. */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/*
 * Temporary files get a name only Sparekey makes, ".<name>.sparekey-tmp-"
 * and six characters of g_mkstemp(), so the clean-up after a killed save
 * can never take a file of the user's: g_file_set_contents() names its
 * temporary "<name>.XXXXXX", like "vault.sparekey.backup" or ".sha256".
 */
#define TEMP_INFIX  ".sparekey-tmp-"
#define TEMP_RANDOM 6

static char *
temp_template (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strconcat (".", base, TEMP_INFIX "XXXXXX", NULL);

  return g_build_filename (dir, name, NULL);
}

/* Is @name (in @dir) a temporary file we made, for a file whose name
 * starts with @prefix? The name's shape, and a regular file of ours (not a
 * link, not someone else's). */
static gboolean
is_our_temp (const char *dir,
             const char *name,
             const char *prefix)
{
  g_autofree char *path = NULL;
  const char *infix;
  const char *random;
  GStatBuf st;

  if (name[0] != '.' || !g_str_has_prefix (name + 1, prefix))
    return FALSE;
  infix = g_strrstr (name, TEMP_INFIX);
  if (infix == NULL || infix < name + 1 + strlen (prefix))
    return FALSE;
  random = infix + strlen (TEMP_INFIX);
  if (strlen (random) != TEMP_RANDOM)
    return FALSE;
  for (const char *c = random; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c))
      return FALSE;
  path = g_build_filename (dir, name, NULL);
  return g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_uid == getuid ();
}

/*
 * Atomic, durable replace of @path with @bytes, mode 0600: a temporary
 * file beside it (see temp_template()) is written, fsynced and renamed
 * over @path, then the folder is fsynced so the rename itself is durable.
 * What g_file_set_contents_full() does with CONSISTENT | DURABLE, except
 * for the temporary file's name. On failure @path is untouched and the
 * temporary file removed. Without @durable, no fsync: still all or
 * nothing, but a power cut may lose the change.
 */
static gboolean
write_atomic_full (const char  *path,
                   GBytes      *bytes,
                   gboolean     durable,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GOutputStream) stream = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = temp_template (path);
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  int fd;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not save the vault (nothing was changed on disk): %s"),
                   g_strerror (saved));
      return FALSE;
    }
  stream = g_unix_output_stream_new (fd, TRUE);
  if (!g_output_stream_write_all (stream, data, len, NULL, NULL, &local_error))
    goto fail;
  if (durable && fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error_literal (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      goto fail;
    }
  if (!g_output_stream_close (stream, NULL, &local_error))
    goto fail;
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error_literal (&local_error, G_IO_ERROR, g_io_error_from_errno (saved),
                           g_strerror (saved));
      goto fail;
    }
  return !durable || fsync_dir (dir, error);

fail:
  g_output_stream_close (stream, NULL, NULL);
  g_unlink (tmp);
  g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
               _("Could not save the vault (nothing was changed on disk): %s"),
               local_error->message);
  return FALSE;
}

static gboolean
write_atomic (const char  *path,
              GBytes      *bytes,
              GError     **error)
{
  return write_atomic_full (path, bytes, TRUE, error);
}

/* Locking ------------------------------------------------------------------ */

static int
take_lock (SkStore  *self,
           GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + LOCK_WAIT_USEC;
  int fd;

  if (!ensure_parent_dir (self->lock_path, error))
    return -1;
  fd = open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not open the lock file %s: %s"), self->lock_path, g_strerror (saved));
      return -1;
    }
  while (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno != EWOULDBLOCK && errno != EINTR)
        {
          int saved = errno;

          close (fd);
          g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                       _("Could not lock the vault: %s"), g_strerror (saved));
          return -1;
        }
      if (g_get_monotonic_time () > deadline)
        {
          close (fd);
          g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_LOCKED,
                               _("Another program has been writing the vault for too long; "
                                 "try again"));
          return -1;
        }
      g_usleep (2000);
    }
  return fd;
}

static void
release_lock (int fd)
{
  if (fd >= 0)
    {
      flock (fd, LOCK_UN);
      close (fd);
    }
}

static char *backup_prefix (SkStore *self);

static void
remove_temps_in (const char *dir,
                 const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (is_our_temp (dir, name, prefix))
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);

        g_unlink (p);
      }
}

/* Removes temporary files a killed save left beside the vault and in the
 * backup folder: only names write_atomic() makes, checked (see
 * is_our_temp()). Only called with the lock held, when no save can be in
 * progress. */
static void
remove_stale_temps (SkStore *self)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  g_autofree char *base = g_path_get_basename (self->path);
  g_autofree char *prefix = backup_prefix (self);

  remove_temps_in (dir, base);
  remove_temps_in (self->backup_dir, prefix);
}

/* Backups -------------------------------------------------------------------- */

static char *
backup_prefix (SkStore *self)
{
  g_autofree char *base = g_path_get_basename (self->path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_strconcat (base, "-", NULL);
}

static void
default_backup_dir (SkStore *self)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  g_free (self->backup_dir);
  self->backup_dir = g_build_filename (dir, "backups", NULL);
}

static guint64 next_backup_sequence (SkStore *self);

/* Keeps the file as it is on disk now (before a replace) as a backup;
 * @out_path (nullable) gets its path (NULL when none was made). */
static gboolean
backup_current (SkStore  *self,
                GBytes   *current,
                char    **out_path,
                GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *prefix = backup_prefix (self);
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;

  if (out_path != NULL)
    *out_path = NULL;
  if (self->backup_keep == 0 || current == NULL)
    return TRUE;
  if (g_mkdir_with_parents (self->backup_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not create the backup folder %s: %s"),
                   self->backup_dir, g_strerror (saved));
      return FALSE;
    }
  name = g_strdup_printf ("%s%s.%06dZ-%" G_GUINT64_FORMAT ".sparekey", prefix, stamp,
                          g_date_time_get_microsecond (now), next_backup_sequence (self));
  target = g_build_filename (self->backup_dir, name, NULL);

  /* A hard link keeps the old file's bytes at no cost (the rename that
   * follows only moves the vault's name); another file system gets a
   * durable copy instead. */
  if (link (self->path, target) != 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (!write_atomic (target, current, &local_error))
        {
          g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                       _("Could not write a backup before saving (the vault was not changed): %s"),
                       local_error->message);
          return FALSE;
        }
    }
  if (out_path != NULL)
    *out_path = g_steal_pointer (&target);
  return TRUE;
}

/* Newest first: by the sequence number saves give backups (it only
 * grows), then by modification time, then by the time in the name. */
static gint
compare_backup_newest_first (gconstpointer a,
                             gconstpointer b)
{
  const SkBackupInfo *ia = *(SkBackupInfo **) a;
  const SkBackupInfo *ib = *(SkBackupInfo **) b;

  if (ia->sequence != ib->sequence)
    return ia->sequence < ib->sequence ? 1 : -1;
  if (ia->mtime != ib->mtime)
    return ia->mtime < ib->mtime ? 1 : -1;
  if (ia->time != ib->time)
    return ia->time < ib->time ? 1 : -1;
  return g_strcmp0 (ib->path, ia->path);
}

/* Names dated this far after now are not ours (a wrong clock elsewhere,
 * planted files): they would stay "newest" forever and get every real
 * backup pruned. A little slack allows for clocks that are set back. */
#define BACKUP_FUTURE_SLACK_USEC (10 * 60 * G_USEC_PER_SEC)

/*
 * "<prefix>YYYYmmddTHHMMSS.ffffffZ-<sequence>.sparekey", or without the
 * "-<sequence>" as versions before it wrote (sequence 0). FALSE for any
 * other name.
 */
static gboolean
parse_backup_name (const char *name,
                   const char *prefix,
                   gint64     *time,
                   guint64    *sequence)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *iso = NULL;
  gsize plen = strlen (prefix);
  gsize len = strlen (name);
  const char *rest;

  if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".sparekey") ||
      len < plen + 23 + strlen (".sparekey"))
    return FALSE;
  stamp = g_strndup (name + plen, 23);
  if (stamp[22] != 'Z')
    return FALSE;
  rest = name + plen + 23;
  *sequence = 0;
  if (*rest == '-')
    {
      g_autofree char *digits = g_strndup (rest + 1, len - (rest + 1 - name) - strlen (".sparekey"));

      if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT64, sequence, NULL))
        return FALSE;
    }
  else if (!g_str_equal (rest, ".sparekey"))
    return FALSE;

  /* "YYYYmmddTHHMMSS.ffffffZ" */
  iso = g_strdup_printf ("%.4s-%.2s-%.2sT%.2s:%.2s:%.2s%s",
                         stamp, stamp + 4, stamp + 6, stamp + 9,
                         stamp + 11, stamp + 13, stamp + 15);
  when = g_date_time_new_from_iso8601 (iso, utc);
  if (when == NULL)
    return FALSE;
  *time = g_date_time_to_unix (when) * G_USEC_PER_SEC + g_date_time_get_microsecond (when);
  return TRUE;
}

void
sk_backup_info_free (SkBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info);
}

GPtrArray *
sk_store_list_backups (SkStore  *self,
                       GError  **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_backup_info_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *prefix = NULL;
  gint64 horizon = g_get_real_time () + BACKUP_FUTURE_SLACK_USEC;
  const char *name;

  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  dir = g_dir_open (self->backup_dir, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&result);
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not read the backup folder: %s"), local_error->message);
      return NULL;
    }

  prefix = backup_prefix (self);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      SkBackupInfo *info;
      GStatBuf st;
      gint64 time;
      guint64 sequence;

      if (!parse_backup_name (name, prefix, &time, &sequence) || time > horizon)
        continue;

      info = g_new0 (SkBackupInfo, 1);
      info->path = g_build_filename (self->backup_dir, name, NULL);
      info->time = time;
      info->sequence = sequence;
      if (g_stat (info->path, &st) == 0)
        {
          info->size = st.st_size;
          info->mtime = (gint64) st.st_mtim.tv_sec * G_USEC_PER_SEC + st.st_mtim.tv_nsec / 1000;
        }
      g_ptr_array_add (result, info);
    }

  g_ptr_array_sort (result, compare_backup_newest_first);
  return g_steal_pointer (&result);
}

/* One more than the highest sequence among the backups listed. */
static guint64
next_backup_sequence (SkStore *self)
{
  g_autoptr(GPtrArray) backups = sk_store_list_backups (self, NULL);
  guint64 highest = 0;

  for (guint i = 0; backups != NULL && i < backups->len; i++)
    highest = MAX (highest, ((SkBackupInfo *) backups->pdata[i])->sequence);
  return highest < G_MAXUINT64 ? highest + 1 : highest;
}

static void prune_backups (SkStore *self, const char *just_written);

gboolean
sk_store_backup_now (SkStore  *self,
                     GError  **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autofree char *written = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  if (!self->on_disk)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND,
                   _("There is no vault at %s"), self->path);
      return FALSE;
    }
  /* Under the lock, so the copy is of one save, not half of two. */
  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  ok = read_file (self->path, &current, error) &&
       backup_current (self, current, &written, error);
  if (ok)
    prune_backups (self, written);
  release_lock (fd);
  return ok;
}

/* Keeps the newest backup_keep backups, and always @just_written (the
 * backup this save made), whatever else the folder holds. */
static void
prune_backups (SkStore    *self,
               const char *just_written)
{
  g_autoptr(GPtrArray) backups = sk_store_list_backups (self, NULL);
  guint kept = 0;

  if (backups == NULL)
    return;
  if (just_written != NULL)
    kept++;
  for (guint i = 0; i < backups->len; i++)
    {
      const char *path = ((SkBackupInfo *) backups->pdata[i])->path;

      if (g_strcmp0 (path, just_written) == 0)
        continue;
      if (kept < self->backup_keep)
        kept++;
      else
        g_unlink (path);
    }
}

/* Copies made by sync tools ---------------------------------------------- */

static gboolean save_locked (SkStore *self, int lock_fd, gboolean merge, GError **error);

static gint
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The file name without its extension: "vault" for "vault.sparekey". */
static char *
name_stem (const char *basename,
           const char **extension)
{
  const char *dot = strrchr (basename, '.');

  if (dot == NULL || dot == basename)
    dot = basename + strlen (basename);
  *extension = dot;
  return g_strndup (basename, dot - basename);
}

/*
 * Sync tools keep both versions when a file changed on two machines
 * before they could pass it on: Syncthing as "vault.sync-conflict-
 * 20261202-101112-ABCDEFG.sparekey", Nextcloud and ownCloud as "vault
 * (conflicted copy 2026-12-02 101112).sparekey", Dropbox as "vault (Ann's
 * conflicted copy 2026-12-02).sparekey", Seafile as "vault (SFConflict
 * ann 2026-12-02-10-11-12).sparekey". All keep the name's start and its
 * extension and say "conflict" in between.
 */
static gboolean
is_conflict_copy_name (const char *name,
                       const char *stem,
                       const char *extension)
{
  g_autofree char *middle = NULL;
  gsize name_len = strlen (name);
  gsize stem_len = strlen (stem);
  gsize ext_len = strlen (extension);

  if (name_len <= stem_len + ext_len || !g_str_has_prefix (name, stem) ||
      !g_str_has_suffix (name, extension))
    return FALSE;
  middle = g_ascii_strdown (name + stem_len, name_len - stem_len - ext_len);
  return strstr (middle, "conflict") != NULL;
}

GPtrArray *
sk_store_list_conflicts (SkStore *self)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *extension;
  const char *name;

  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  folder = g_path_get_dirname (self->path);
  basename = g_path_get_basename (self->path);
  stem = name_stem (basename, &extension);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return g_steal_pointer (&result);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (!is_conflict_copy_name (name, stem, extension))
        continue;
      path = g_build_filename (folder, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (result, g_steal_pointer (&path));
    }
  g_ptr_array_sort (result, compare_paths);
  return g_steal_pointer (&result);
}

/* Reads a conflict copy with our data key: a copy of this vault saved
 * since its last password change opens. A copy under another key does
 * not, even one made before the change: the old password may be the one
 * that leaked, and such a copy could be forged with it. */
static SkVault *
open_conflict_copy (SkStore     *self,
                    const char  *path,
                    GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize len;
  SkVault *theirs;
  Header h;

  if (!read_file (path, &bytes, error))
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  if (!parse_header (data, len, &h, error))
    return NULL;
  theirs = decrypt_payload (data, &h, self->data_key, &local_error);
  if (theirs == NULL)
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                           _("it does not open with this vault's current key (another vault, a copy "
                             "saved under another password such as the one before a password change, "
                             "or a damaged file); it is merged only with its own password, by "
                             "importing it as a backup"));
      return NULL;
    }
  return theirs;
}

/* Moves a merged copy into the backup folder, under a name that says
 * where it came from: kept, not merged a second time. */
static gboolean
put_away_conflict_copy (SkStore     *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = NULL;
  g_autofree char *target = NULL;

  if (g_mkdir_with_parents (self->backup_dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not create the backup folder %s: %s"),
                   self->backup_dir, g_strerror (saved));
      return FALSE;
    }
  name = g_strdup_printf ("merged-%s-%s", stamp, basename);
  target = g_build_filename (self->backup_dir, name, NULL);
  if (g_rename (path, target) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                   _("Could not move %s to the backup folder: %s"), path, g_strerror (saved));
      return FALSE;
    }
  g_chmod (target, 0600);
  return TRUE;
}

gboolean
sk_store_merge_conflicts (SkStore    *self,
                          guint      *n_merged,
                          GPtrArray **problems,
                          GError    **error)
{
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GPtrArray) merged = g_ptr_array_new ();
  g_autoptr(GPtrArray) trouble = g_ptr_array_new_with_free_func (g_free);
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  if (n_merged != NULL)
    *n_merged = 0;
  if (problems != NULL)
    *problems = NULL;

  copies = sk_store_list_conflicts (self);
  if (copies->len == 0)
    return TRUE;

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  for (guint i = 0; i < copies->len; i++)
    {
      const char *path = copies->pdata[i];
      g_autoptr(GError) copy_error = NULL;
      g_autoptr(SkVault) theirs = open_conflict_copy (self, path, &copy_error);

      if (theirs == NULL)
        {
          g_autofree char *base = g_path_get_basename (path);

          g_ptr_array_add (trouble, g_strdup_printf (_("%s was not merged: %s"),
                                                     base, copy_error->message));
          continue;
        }
      /* Per record, newest edit wins, deletions are kept: the same rules
       * as two programs saving one vault. */
      sk_vault_merge (self->vault, theirs);
      g_ptr_array_add (merged, (gpointer) path);
    }

  if (merged->len > 0)
    {
      /* The merged vault is saved before any copy is moved: a failure
       * leaves every copy where it was, to be merged next time (and what
       * was merged in memory stays unsaved, for the next save). */
      if (!save_locked (self, fd, TRUE, error))
        {
          release_lock (fd);
          return FALSE;
        }
      for (guint i = 0; i < merged->len; i++)
        {
          g_autoptr(GError) move_error = NULL;

          if (!put_away_conflict_copy (self, merged->pdata[i], &move_error))
            g_ptr_array_add (trouble, g_strdup (move_error->message));
        }
    }
  release_lock (fd);

  if (n_merged != NULL)
    *n_merged = merged->len;
  if (problems != NULL && trouble->len > 0)
    *problems = g_steal_pointer (&trouble);
  return TRUE;
}

/* Public API -------------------------------------------------------------- */

/*
 * The file a vault path names, following symbolic links (the usual
 * "~/.local/share/sparekey/vault.sparekey -> ~/Sync/…"), including one
 * whose target does not exist yet. Saves rename a new file over the path
 * they write: over the link itself they would replace it with a regular
 * file, and the synced target would silently stop getting changes. So
 * the path is resolved once, and everything (the vault, its lock, its
 * backups, its temporary files) lives beside the target.
 */
static char *
resolve_vault_path (const char *path)
{
  g_autofree char *current = g_canonicalize_filename (path, NULL);

  /* As many hops as the kernel follows (MAXSYMLINKS); a longer chain is
   * a loop, and opening it fails with a clear error later. */
  for (guint hops = 0; hops < 40; hops++)
    {
      g_autofree char *target = NULL;
      g_autofree char *dir = NULL;
      GStatBuf st;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        break;
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        break;
      dir = g_path_get_dirname (current);
      g_free (current);
      current = g_canonicalize_filename (target, dir);
    }
  return g_steal_pointer (&current);
}

char *
sk_store_resolve_path (const char *path)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  /* A path that is no link stays as it was given. */
  if (g_lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
    return resolve_vault_path (path);
  return g_strdup (path);
}

static SkStore *
store_new (const char *path)
{
  SkStore *self = g_object_new (SK_TYPE_STORE, NULL);

  self->path = sk_store_resolve_path (path);
  self->lock_path = g_strconcat (path, ".lock", NULL);
  default_backup_dir (self);
  return self;
}

static gboolean
check_password (const char  *password,
                GError     **error)
{
  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                           _("The password must not be empty"));
      return FALSE;
    }
  return TRUE;
}

/* @kdf, or the defaults (kept in @defaults) when it is NULL; NULL with an
 * error for settings outside the range open_password_slot() accepts: a
 * slot made with them could never be opened. */
static const SkKdfParams *
checked_kdf (const SkKdfParams  *kdf,
             SkKdfParams        *defaults,
             GError            **error)
{
  if (kdf == NULL)
    {
      sk_kdf_params_default (defaults);
      kdf = defaults;
    }
  if (kdf->opslimit < crypto_pwhash_OPSLIMIT_MIN || kdf->opslimit > KDF_OPSLIMIT_MAX ||
      kdf->memlimit < crypto_pwhash_MEMLIMIT_MIN || kdf->memlimit > KDF_MEMLIMIT_MAX)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                   _("Key derivation settings out of range: memory %" PRIu64
                     " bytes (%u to %" PRIu64 "), passes %" PRIu64
                     " (%u to %u)"),
                   (uint64_t) kdf->memlimit, (guint) crypto_pwhash_MEMLIMIT_MIN,
                   (uint64_t) KDF_MEMLIMIT_MAX, (uint64_t) kdf->opslimit,
                   (guint) crypto_pwhash_OPSLIMIT_MIN, (guint) KDF_OPSLIMIT_MAX);
      return NULL;
    }
  return kdf;
}

static gboolean save_locked (SkStore *self, int lock_fd, gboolean merge, GError **error);

/**
 * sk_store_create:
 *
 * Returns: (transfer full): the store of a new, empty vault written to @path
 */
SkStore *
sk_store_create (const char         *path,
                 const char         *password,
                 const SkKdfParams  *kdf,
                 GError            **error)
{
  g_autoptr(SkStore) self = NULL;
  SkKdfParams defaults;
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);

  if (!sk_core_init (error) || !check_password (password, error))
    return NULL;
  kdf = checked_kdf (kdf, &defaults, error);
  if (kdf == NULL)
    return NULL;

  self = store_new (path);
  self->vault = sk_vault_new ();
  if (!new_key_and_slot (password, kdf, &self->data_key, &self->slots, error))
    return NULL;
  self->n_slots = 1;

  if (!ensure_parent_dir (self->path, error))
    return NULL;
  fd = take_lock (self, error);
  if (fd < 0)
    return NULL;
  if (g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      release_lock (fd);
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_EXISTS,
                   _("A vault already exists at %s"), path);
      return NULL;
    }
  ok = save_locked (self, fd, FALSE, error);
  release_lock (fd);

  return ok ? g_steal_pointer (&self) : NULL;
}

/**
 * sk_store_open:
 *
 * Returns: (transfer full): the opened store
 */
static SkStore *
store_open (const char      *path,
            const char      *password,
            const SkSecret  *slot_key,
            GError         **error)
{
  g_autoptr(SkStore) self = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gint64 start;

  if (!read_file (path, &bytes, error))
    return NULL;

  start = g_get_monotonic_time ();
  self = store_new (path);
  self->vault = open_bytes_with (bytes, password, slot_key, NULL, &self->data_key,
                                 &self->kdf_usec, &self->opened_with, error);
  if (self->vault == NULL)
    return NULL;

  adopt_header (self, bytes, NULL);
  self->on_disk = TRUE;
  check_rollback (self);
  self->rest_usec = g_get_monotonic_time () - start - self->kdf_usec;

  return g_steal_pointer (&self);
}

SkStore *
sk_store_open (const char  *path,
               const char  *password,
               GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  if (!sk_core_init (error) || !check_password (password, error))
    return NULL;
  return store_open (path, password, NULL, error);
}

/**
 * sk_store_open_with_key:
 *
 * Returns: (transfer full): the store opened with a keyring or recovery
 * key slot
 */
SkStore *
sk_store_open_with_key (const char      *path,
                        const SkSecret  *key,
                        GError         **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!sk_core_init (error))
    return NULL;
  return store_open (path, NULL, key, error);
}

guint
sk_store_get_opened_with (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), 0);

  return self->opened_with;
}

char *
sk_store_get_vault_id (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  return self->has_id ? hex_id (self->vault_id) : NULL;
}

char *
sk_store_peek_vault_id (const char  *path,
                        gboolean    *has_keyring_slot,
                        GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  const guint8 *state;
  gsize pos = 0;
  Header h;

  g_return_val_if_fail (path != NULL, NULL);

  if (has_keyring_slot != NULL)
    *has_keyring_slot = FALSE;
  if (!read_file (path, &bytes, error) ||
      !parse_header (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &h, error))
    return NULL;
  while (pos < h.slots_len)
    {
      if (h.slots[pos] == SLOT_KEYRING && has_keyring_slot != NULL)
        *has_keyring_slot = TRUE;
      pos += get_le (h.slots + pos + 2, 2);
    }
  state = find_state (&h);
  return state != NULL ? hex_id (state + 8) : NULL;
}

gboolean
sk_store_probe (const char  *path,
                GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  Header h;

  g_return_val_if_fail (path != NULL, FALSE);

  if (!read_file (path, &bytes, error))
    return FALSE;
  return parse_header (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &h, error);
}

guint64
sk_store_get_revision (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), 0);

  return self->counter;
}

gboolean
sk_store_get_rolled_back (SkStore *self,
                          guint64 *highest_seen)
{
  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  if (highest_seen != NULL)
    *highest_seen = self->highest_seen;
  return self->rolled_back;
}

const char *
sk_store_get_path (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  return self->path;
}

/**
 * sk_store_get_vault:
 *
 * Returns: (transfer none): the vault contents
 */
SkVault *
sk_store_get_vault (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  return self->vault;
}

void
sk_store_get_open_timing (SkStore *self,
                          gint64  *kdf_usec,
                          gint64  *rest_usec)
{
  g_return_if_fail (SK_IS_STORE (self));

  if (kdf_usec)
    *kdf_usec = self->kdf_usec;
  if (rest_usec)
    *rest_usec = self->rest_usec;
}

/*
 * Brings another writer's saved changes into our vault: reads the file and,
 * if its revision is not the one we read or wrote last, decrypts it with our
 * data key and merges it. Its key slots win (a password changed elsewhere
 * stays changed). Sets @out_current to the file's bytes (NULL: no file).
 */
static gboolean
merge_from_disk (SkStore  *self,
                 GBytes  **out_current,
                 gboolean *out_changed,
                 GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SkVault) theirs = NULL;
  const guint8 *data;
  gsize len;
  Header h;

  *out_current = NULL;
  if (out_changed)
    *out_changed = FALSE;

  if (!read_file (self->path, &bytes, &local_error))
    {
      if (g_error_matches (local_error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND) && !self->on_disk)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!self->on_disk)
    {
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_EXISTS,
                   _("A vault already exists at %s"), self->path);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);
  if (!parse_header (data, len, &h, error))
    return FALSE;

  if (memcmp (h.revision, self->revision, REVISION_BYTES) != 0)
    {
      theirs = decrypt_payload (data, &h, self->data_key, &local_error);
      if (theirs == NULL)
        {
          g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED,
                       _("The vault file was replaced by another program and cannot be merged "
                         "(%s); nothing was written"), local_error->message);
          return FALSE;
        }
      if (sk_vault_merge (self->vault, theirs) && out_changed)
        *out_changed = TRUE;
      adopt_header (self, bytes, NULL);
    }

  *out_current = g_steal_pointer (&bytes);
  return TRUE;
}

static gboolean
save_locked (SkStore   *self,
             int        lock_fd,
             gboolean   merge,
             GError   **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *written = NULL;
  guint8 revision[REVISION_BYTES];
  guint64 counter;

  if (merge)
    {
      if (!merge_from_disk (self, &current, NULL, error))
        return FALSE;
    }
  else if (self->on_disk)
    read_file (self->path, &current, NULL);

  remove_stale_temps (self);

  /* After a rollback was seen, the next save moves past the highest
   * counter seen, so the warning ends once the user carries on. */
  counter = MAX (self->counter, self->highest_seen) + 1;
  file = build_file (self, counter, revision, error);
  if (file == NULL)
    return FALSE;
  if (!backup_current (self, current, &written, error))
    return FALSE;
  if (!write_atomic (self->path, file, error))
    return FALSE;

  memcpy (self->revision, revision, REVISION_BYTES);
  self->counter = counter;
  self->on_disk = TRUE;
  sk_vault_set_dirty (self->vault, FALSE);
  prune_backups (self, written);
  remember_counter (self->vault_id, counter);

  /* The audit due dates that can be read without the password follow
   * every save, whoever saves (app or CLI). The vault itself is saved by
   * now: a failure here only delays a reminder. */
  {
    g_autoptr(GError) reminder_error = NULL;

    if (!sk_reminders_save (self->path, self->vault, &reminder_error))
      g_warning ("Could not update the audit reminders: %s", reminder_error->message);
  }
  return TRUE;
}

gboolean
sk_store_save (SkStore  *self,
               GError  **error)
{
  int fd;
  gboolean ok;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  ok = save_locked (self, fd, TRUE, error);
  release_lock (fd);
  return ok;
}

/* Saving and opening off the main thread ---------------------------------- */

/*
 * A private store for a worker thread: the same file, key, slots and
 * counters as @self, and a vault of its own built from @snapshot (the
 * serialized vault, taken on the main thread). The worker takes the lock,
 * merges other writers into this copy, backs up, writes and prunes while
 * the main thread goes on; nothing of @self is touched outside it.
 */
static SkStore *
store_fork (SkStore *self)
{
  SkStore *worker = g_object_new (SK_TYPE_STORE, NULL);

  worker->path = g_strdup (self->path);
  worker->lock_path = g_strdup (self->lock_path);
  worker->backup_dir = g_strdup (self->backup_dir);
  worker->backup_keep = self->backup_keep;
  worker->data_key = sk_secret_new_from_data (sk_secret_get_data (self->data_key), KEY_BYTES);
  worker->slots = g_bytes_ref (self->slots);
  worker->n_slots = self->n_slots;
  memcpy (worker->revision, self->revision, REVISION_BYTES);
  worker->on_disk = self->on_disk;
  worker->has_id = self->has_id;
  memcpy (worker->vault_id, self->vault_id, VAULT_ID_BYTES);
  worker->counter = self->counter;
  worker->highest_seen = self->highest_seen;
  return worker;
}

typedef struct
{
  SkStore  *worker;
  SkSecret *snapshot;
  guint8    base_revision[REVISION_BYTES];  /* self->revision when it started */
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->worker);
  g_clear_pointer (&job->snapshot, sk_secret_unref);
  g_free (job);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveJob *job = task_data;
  GError *error = NULL;

  job->worker->vault = sk_vault_deserialize (sk_secret_get_data (job->snapshot),
                                             sk_secret_get_size (job->snapshot), &error);
  if (job->worker->vault == NULL || !sk_store_save (job->worker, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void start_save (SkStore *self, GPtrArray *requests);

/* Back on the main thread: what other writers saved comes into the live
 * vault through the usual merge (with its change notifications); the
 * file's header is ours from now on. Edits made while the worker ran stay
 * unsaved (newer, they win the merge). */
static void
save_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SkStore *self = SK_STORE (source_object);
  g_autoptr(GPtrArray) requests = user_data;
  g_autoptr(GError) error = NULL;
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  SkStore *worker = job->worker;
  GApplication *app = g_application_get_default ();

  g_clear_object (&self->saving);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      gboolean was_dirty = sk_vault_get_dirty (self->vault);

      sk_vault_merge (self->vault, worker->vault);
      sk_vault_set_dirty (self->vault, was_dirty);
      /* The worker's file becomes the one we read last, unless this store
       * wrote or re-keyed in the meantime (a synchronous save, a password
       * change): its own header is newer then, and taking the worker's
       * slots would pair them with the wrong key. */
      if (memcmp (self->revision, job->base_revision, REVISION_BYTES) == 0 &&
          sk_secret_equal (self->data_key, worker->data_key))
        {
          g_clear_pointer (&self->slots, g_bytes_unref);
          self->slots = g_bytes_ref (worker->slots);
          self->n_slots = worker->n_slots;
          memcpy (self->revision, worker->revision, REVISION_BYTES);
          self->on_disk = TRUE;
          self->has_id = worker->has_id;
          memcpy (self->vault_id, worker->vault_id, VAULT_ID_BYTES);
        }
      self->counter = MAX (self->counter, worker->counter);
    }
  else
    sk_vault_set_dirty (self->vault, TRUE);

  for (guint i = 0; i < requests->len; i++)
    {
      GTask *request = requests->pdata[i];

      if (error != NULL)
        g_task_return_error (request, g_error_copy (error));
      else
        g_task_return_boolean (request, TRUE);
    }
  if (app != NULL)
    g_application_release (app);

  /* Requests that came during this save: one more save answers them all. */
  if (self->waiting != NULL && self->waiting->len > 0)
    start_save (self, g_steal_pointer (&self->waiting));
}

static void
start_save (SkStore   *self,
            GPtrArray *requests)
{
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();
  SaveJob *job;
  SkSecret *snapshot;

  /* The snapshot is the only work on the main thread; from here on the
   * vault counts as saved unless it changes again (or the save fails). */
  snapshot = sk_vault_serialize (self->vault, &error);
  if (snapshot == NULL)
    {
      for (guint i = 0; i < requests->len; i++)
        g_task_return_error (requests->pdata[i], g_error_copy (error));
      g_ptr_array_unref (requests);
      return;
    }
  sk_vault_set_dirty (self->vault, FALSE);

  job = g_new0 (SaveJob, 1);
  job->worker = store_fork (self);
  job->snapshot = snapshot;
  memcpy (job->base_revision, self->revision, REVISION_BYTES);
  self->saving = g_task_new (self, NULL, save_done, requests);
  g_task_set_source_tag (self->saving, start_save);
  g_task_set_task_data (self->saving, job, (GDestroyNotify) save_job_free);
  if (app != NULL)
    g_application_hold (app);
  g_task_run_in_thread (self->saving, save_thread);
}

void
sk_store_save_async (SkStore             *self,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *request;

  g_return_if_fail (SK_IS_STORE (self));

  request = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (request, sk_store_save_async);
  if (self->saving != NULL)
    {
      /* One save in flight: this request is folded into the next one. */
      if (self->waiting == NULL)
        self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->waiting, request);
      return;
    }
  {
    GPtrArray *requests = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (requests, request);
    start_save (self, requests);
  }
}

gboolean
sk_store_save_finish (SkStore       *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  char      *path;
  SkSecret  *password;
  SkSecret  *slot_key;   /* instead of the password */
  SkStore   *store;
  guint      n_merged;
  GPtrArray *problems;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->password, sk_secret_unref);
  g_clear_pointer (&job->slot_key, sk_secret_unref);
  g_clear_object (&job->store);
  g_clear_pointer (&job->problems, g_ptr_array_unref);
  g_free (job);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(GError) merge_error = NULL;
  GPtrArray *kept_aside;
  GError *error = NULL;

  if (job->slot_key != NULL)
    job->store = sk_store_open_with_key (job->path, job->slot_key, &error);
  else
    job->store = sk_store_open (job->path, sk_secret_get_string (job->password), &error);
  if (job->store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->problems = g_ptr_array_new_with_free_func (g_free);
  /* What opening found, all of it: the records kept aside... */
  kept_aside = sk_vault_get_problems (job->store->vault);
  for (guint i = 0; kept_aside != NULL && i < kept_aside->len; i++)
    g_ptr_array_add (job->problems, g_strdup (kept_aside->pdata[i]));
  /* ...and every sync conflict copy that could not be merged. */
  {
    g_autoptr(GPtrArray) conflict_problems = NULL;

    if (!sk_store_merge_conflicts (job->store, &job->n_merged, &conflict_problems, &merge_error))
      g_ptr_array_add (job->problems,
                       g_strdup_printf (_("The copies a sync tool left beside the vault could not be merged: %s"),
                                        merge_error->message));
    for (guint i = 0; conflict_problems != NULL && i < conflict_problems->len; i++)
      g_ptr_array_add (job->problems, g_strdup (conflict_problems->pdata[i]));
  }
  g_task_return_boolean (task, TRUE);
}

void
sk_store_open_async (const char          *path,
                     const char          *password,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_store_open_async);
  job = g_new0 (OpenJob, 1);
  job->path = g_strdup (path);
  /* The thread gets its own guarded copy; the caller may wipe its own. */
  job->password = sk_secret_new_from_string (password != NULL ? password : "");
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
}

void
sk_store_open_with_key_async (const char          *path,
                              const SkSecret      *key,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OpenJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  /* Finished by sk_store_open_finish(), like a password open. */
  g_task_set_source_tag (task, sk_store_open_async);
  job = g_new0 (OpenJob, 1);
  job->path = g_strdup (path);
  job->slot_key = sk_secret_new_from_data (sk_secret_get_data (key), sk_secret_get_size (key));
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  g_task_run_in_thread (task, open_thread);
}

SkStore *
sk_store_open_finish (GAsyncResult  *result,
                      guint         *n_merged,
                      GPtrArray    **problems,
                      GError       **error)
{
  OpenJob *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sk_store_open_async, NULL);

  if (n_merged != NULL)
    *n_merged = 0;
  if (problems != NULL)
    *problems = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  job = g_task_get_task_data (G_TASK (result));
  if (n_merged != NULL)
    *n_merged = job->n_merged;
  if (problems != NULL)
    *problems = g_ptr_array_ref (job->problems);
  return g_steal_pointer (&job->store);
}

gboolean
sk_store_reload (SkStore  *self,
                 GError  **error)
{
  g_autoptr(GBytes) current = NULL;
  gboolean changed = FALSE;
  gboolean was_dirty;
  int fd;
  gboolean ok;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  was_dirty = sk_vault_get_dirty (self->vault);
  ok = merge_from_disk (self, &current, &changed, error);
  release_lock (fd);
  /* What came from disk is saved already; only our own edits are unsaved. */
  if (ok)
    sk_vault_set_dirty (self->vault, was_dirty);
  return ok && changed;
}

/* The key slots after a re-key: @password_slot first, then every slot
 * that can follow the new data key. Slots of a type this version does not
 * know wrap the old key, which a password change exists to retire: they
 * cannot be re-wrapped, so they are dropped. */
static GBytes *
rekeyed_slots (GBytes         *old_slots,
               GBytes         *password_slot,
               const SkSecret *new_key,
               guint          *n_slots)
{
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  gsize len;
  const guint8 *old = g_bytes_get_data (old_slots, &len);
  gsize pos = 0;

  g_byte_array_append (slots, g_bytes_get_data (password_slot, NULL), SLOT_LEN);
  *n_slots = 1;
  /* Keyring and recovery key slots hold a public key: the new data key
   * is sealed to it, so they keep working without their secrets. */
  while (pos + 4 <= len)
    {
      gsize slot_len = get_le (old + pos + 2, 2);

      if ((old[pos] == SLOT_KEYRING || old[pos] == SLOT_RECOVERY) &&
          slot_len == SK_KEY_SLOT_LEN && pos + slot_len <= len)
        {
          guint8 slot[SK_KEY_SLOT_LEN];

          memcpy (slot, old + pos, SK_KEY_SLOT_LEN);
          sk_key_slot_rewrap (slot, file_prefix (), new_key);
          g_byte_array_append (slots, slot, SK_KEY_SLOT_LEN);
          (*n_slots)++;
        }
      if (slot_len < 4)
        break;
      pos += slot_len;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&slots));
}

static gboolean rekey (SkStore *self, SkSecret *new_key, GBytes *slot, GError **error);

gboolean
sk_store_change_password (SkStore           *self,
                          const char        *new_password,
                          const SkKdfParams *kdf,
                          GError           **error)
{
  g_autoptr(GBytes) slot = NULL;
  g_autoptr(SkSecret) new_key = NULL;
  SkKdfParams defaults;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);

  if (!check_password (new_password, error))
    return FALSE;
  kdf = checked_kdf (kdf, &defaults, error);
  if (kdf == NULL)
    return FALSE;

  /* A new data key, not only a new wrap of the old one: whoever learnt
   * the old password could otherwise unwrap the key from any older copy
   * of the file and read every later version. Derive first: the slow
   * step happens outside the lock. */
  if (!new_key_and_slot (new_password, kdf, &new_key, &slot, error))
    return FALSE;
  return rekey (self, new_key, slot, error);
}

/* Seals the vault with @new_key behind @slot (a new password slot) and
 * every other slot re-wrapped: the fast half of a password change. */
static gboolean
rekey (SkStore   *self,
       SkSecret  *new_key_in,
       GBytes    *slot,
       GError   **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autoptr(GBytes) old_slots = NULL;
  g_autoptr(SkSecret) new_key = sk_secret_ref (new_key_in);
  g_autoptr(SkSecret) old_key = NULL;
  guint old_n_slots;
  int fd;

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  /* Another writer's changes are read with the old key, then everything
   * is sealed with the new one. */
  if (!merge_from_disk (self, &current, NULL, error))
    {
      release_lock (fd);
      return FALSE;
    }

  old_key = g_steal_pointer (&self->data_key);
  old_slots = g_steal_pointer (&self->slots);
  old_n_slots = self->n_slots;
  self->data_key = g_steal_pointer (&new_key);
  self->slots = rekeyed_slots (old_slots, slot, self->data_key, &self->n_slots);
  sk_vault_set_dirty (self->vault, TRUE);

  if (!save_locked (self, fd, FALSE, error))
    {
      /* Nothing changed on disk: keep the old key and slots in memory
       * too. */
      g_clear_pointer (&self->data_key, sk_secret_unref);
      g_clear_pointer (&self->slots, g_bytes_unref);
      self->data_key = g_steal_pointer (&old_key);
      self->slots = g_steal_pointer (&old_slots);
      self->n_slots = old_n_slots;
      release_lock (fd);
      return FALSE;
    }
  release_lock (fd);
  return TRUE;
}

typedef struct
{
  SkSecret    *password;
  SkKdfParams  kdf;
  SkSecret    *new_key;
  GBytes      *slot;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  g_clear_pointer (&job->password, sk_secret_unref);
  g_clear_pointer (&job->new_key, sk_secret_unref);
  g_clear_pointer (&job->slot, g_bytes_unref);
  g_free (job);
}

static void
password_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  GError *error = NULL;

  /* Only the key derivation: it touches nothing of the store. */
  if (!new_key_and_slot (sk_secret_get_string (job->password), &job->kdf,
                         &job->new_key, &job->slot, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
sk_store_change_password_async (SkStore             *self,
                                const char          *new_password,
                                const SkKdfParams   *kdf,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SkKdfParams defaults;
  PasswordJob *job;

  g_return_if_fail (SK_IS_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_store_change_password_async);
  if (!check_password (new_password, &error) ||
      (kdf = checked_kdf (kdf, &defaults, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = g_new0 (PasswordJob, 1);
  job->password = sk_secret_new_from_string (new_password);
  job->kdf = *kdf;
  g_task_set_task_data (task, job, (GDestroyNotify) password_job_free);
  g_task_run_in_thread (task, password_thread);
}

gboolean
sk_store_change_password_finish (SkStore       *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  PasswordJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  /* Back on the calling thread: the re-key itself (lock, merge, save). */
  job = g_task_get_task_data (G_TASK (result));
  return rekey (self, job->new_key, job->slot, error);
}

/* Key slots ---------------------------------------------------------------- */

static char *
slot_id (const guint8 *slot)
{
  char hex[32 + 1];

  /* The salt: random, and kept by re-keys (a re-wrap changes only the
   * ephemeral key, the nonce and the seal). */
  return g_strdup (sodium_bin2hex (hex, sizeof hex, slot + (slot[0] == SLOT_PASSWORD ? 24 : 16), 16));
}

/* The whole slot of @slots (@len bytes) at *@pos, with its length in
 * *@slot_len, moving *@pos past it; NULL at the end, or at a slot that
 * claims less than its own header or more than is left. */
static const guint8 *
next_slot (const guint8 *slots,
           gsize         len,
           gsize        *pos,
           gsize        *slot_len)
{
  const guint8 *slot;

  if (*pos + 4 > len)
    return NULL;
  slot = slots + *pos;
  *slot_len = get_le (slot + 2, 2);
  if (*slot_len < 4 || *slot_len > len - *pos)
    return NULL;
  *pos += *slot_len;
  return slot;
}

GPtrArray *
sk_store_list_key_slots (SkStore *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_key_slot_info_free);
  gsize len, slot_len;
  const guint8 *slots, *slot;
  gsize pos = 0;

  g_return_val_if_fail (SK_IS_STORE (self), list);

  slots = g_bytes_get_data (self->slots, &len);
  while ((slot = next_slot (slots, len, &pos, &slot_len)) != NULL)
    {
      SkKeySlotInfo *info;

      info = g_new0 (SkKeySlotInfo, 1);
      info->type = slot[0];
      if (slot[0] == SLOT_PASSWORD)
        {
          info->id = slot_id (slot);
          info->created = (gint64) get_le (slot + SLOT_CREATED, 8) * G_USEC_PER_SEC;
        }
      else if (slot[0] == SLOT_KEYRING || slot[0] == SLOT_RECOVERY)
        {
          info->id = slot_id (slot);
          info->created = (gint64) get_le (slot + 8, 8) * G_USEC_PER_SEC;
        }
      g_ptr_array_add (list, info);
    }
  return list;
}

/* Saves the vault with @new_slots (@n_slots of them) instead of its key
 * slots, under the lock already taken; on failure the old ones stay. */
static gboolean
save_with_slots (SkStore    *self,
                 int         fd,
                 GBytes     *new_slots,
                 guint       n_slots,
                 GError    **error)
{
  g_autoptr(GBytes) old_slots = g_steal_pointer (&self->slots);
  guint old_n_slots = self->n_slots;

  self->slots = g_bytes_ref (new_slots);
  self->n_slots = n_slots;
  if (!save_locked (self, fd, FALSE, error))
    {
      g_clear_pointer (&self->slots, g_bytes_unref);
      self->slots = g_steal_pointer (&old_slots);
      self->n_slots = old_n_slots;
      return FALSE;
    }
  return TRUE;
}

/**
 * sk_store_add_key_slot:
 *
 * Returns: (transfer full): the new slot's secret
 */
SkSecret *
sk_store_add_key_slot (SkStore        *self,
                       SkKeySlotType   type,
                       char          **out_slot_id,
                       GError        **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  g_autoptr(GBytes) new_slots = NULL;
  g_autoptr(SkSecret) secret = NULL;
  guint8 slot[SK_KEY_SLOT_LEN];
  const guint8 *old;
  const guint8 *slot_at;
  gsize len, slot_len, pos = 0;
  guint n = 0;
  gboolean ok;
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), NULL);
  g_return_val_if_fail (type == SK_KEY_SLOT_KEYRING || type == SK_KEY_SLOT_RECOVERY_KEY, NULL);

  secret = sk_secret_new (type == SK_KEY_SLOT_KEYRING ? SK_KEYRING_KEY_BYTES : SK_RECOVERY_KEY_BYTES);
  randombytes_buf (sk_secret_get_mutable (secret), sk_secret_get_size (secret));

  fd = take_lock (self, error);
  if (fd < 0)
    return NULL;
  /* The slots of the file as it is now (another writer may have changed
   * them), under the key they wrap. */
  if (!merge_from_disk (self, &current, NULL, error))
    {
      release_lock (fd);
      return NULL;
    }
  old = g_bytes_get_data (self->slots, &len);
  while ((slot_at = next_slot (old, len, &pos, &slot_len)) != NULL)
    {
      /* A new recovery key revokes the one before. */
      if (!(type == SK_KEY_SLOT_RECOVERY_KEY && slot_at[0] == SLOT_RECOVERY))
        {
          g_byte_array_append (slots, slot_at, slot_len);
          n++;
        }
    }
  /* One place stays for the state entry. */
  if (n + 1 >= MAX_SLOTS)
    {
      release_lock (fd);
      g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                           _("This vault has as many key slots as it can hold; remove one first"));
      return NULL;
    }
  sk_key_slot_make (slot, type, file_prefix (), secret, self->data_key);
  g_byte_array_append (slots, slot, sizeof slot);
  n++;
  new_slots = g_byte_array_free_to_bytes (g_steal_pointer (&slots));
  ok = save_with_slots (self, fd, new_slots, n, error);
  release_lock (fd);
  if (!ok)
    return NULL;
  if (out_slot_id != NULL)
    *out_slot_id = slot_id (slot);
  return g_steal_pointer (&secret);
}

gboolean
sk_store_remove_key_slot (SkStore     *self,
                          const char  *id,
                          GError     **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  g_autoptr(GBytes) new_slots = NULL;
  const guint8 *old;
  const guint8 *slot_at;
  gsize len, slot_len, pos = 0;
  guint n = 0;
  gboolean found = FALSE;
  gboolean ok;
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  if (!merge_from_disk (self, &current, NULL, error))
    {
      release_lock (fd);
      return FALSE;
    }
  old = g_bytes_get_data (self->slots, &len);
  while ((slot_at = next_slot (old, len, &pos, &slot_len)) != NULL)
    {
      gboolean match = FALSE;

      if (slot_at[0] == SLOT_PASSWORD || slot_at[0] == SLOT_KEYRING || slot_at[0] == SLOT_RECOVERY)
        {
          g_autofree char *this_id = slot_id (slot_at);

          match = g_ascii_strcasecmp (this_id, id) == 0;
        }
      if (match && slot_at[0] == SLOT_PASSWORD)
        {
          /* The password is the way in on every computer and in every
           * backup: it can be changed, never removed, so the last way in
           * always stays. */
          release_lock (fd);
          g_set_error_literal (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID,
                               _("The password cannot be removed, only changed: it is the way in "
                                 "that always stays"));
          return FALSE;
        }
      if (match)
        found = TRUE;
      else
        {
          g_byte_array_append (slots, slot_at, slot_len);
          n++;
        }
    }
  if (!found)
    {
      release_lock (fd);
      g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND,
                   _("This vault has no key slot “%s”"), id);
      return FALSE;
    }
  new_slots = g_byte_array_free_to_bytes (g_steal_pointer (&slots));
  ok = save_with_slots (self, fd, new_slots, n, error);
  release_lock (fd);
  return ok;
}

void
sk_store_set_backup_dir (SkStore    *self,
                         const char *dir)
{
  g_return_if_fail (SK_IS_STORE (self));

  if (dir == NULL || *dir == '\0')
    default_backup_dir (self);
  else
    {
      g_free (self->backup_dir);
      self->backup_dir = g_strdup (dir);
    }
}

const char *
sk_store_get_backup_dir (SkStore *self)
{
  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  return self->backup_dir;
}

void
sk_store_set_backup_keep (SkStore *self,
                          guint    keep)
{
  g_return_if_fail (SK_IS_STORE (self));

  self->backup_keep = keep;
}

static gboolean
accounts_equal (SkAccount *a,
                SkAccount *b)
{
  const char * const *ta = sk_account_get_tags (a);
  const char * const *tb = sk_account_get_tags (b);
  gboolean tags_equal;

  if (ta == NULL || tb == NULL)
    tags_equal = (ta == NULL || ta[0] == NULL) && (tb == NULL || tb[0] == NULL);
  else
    tags_equal = g_strv_equal (ta, tb);

  return sk_account_get_otp_type (a) == sk_account_get_otp_type (b) &&
         g_strcmp0 (sk_account_get_issuer (a), sk_account_get_issuer (b)) == 0 &&
         g_strcmp0 (sk_account_get_name (a), sk_account_get_name (b)) == 0 &&
         sk_account_get_algorithm (a) == sk_account_get_algorithm (b) &&
         sk_account_get_digits (a) == sk_account_get_digits (b) &&
         sk_account_get_period (a) == sk_account_get_period (b) &&
         sk_account_get_counter (a) == sk_account_get_counter (b) &&
         g_strcmp0 (sk_account_get_note (a), sk_account_get_note (b)) == 0 &&
         sk_account_get_favourite (a) == sk_account_get_favourite (b) &&
         tags_equal &&
         sk_secret_equal (sk_account_get_secret (a), sk_account_get_secret (b));
}

/* A backup (or any copy of a vault) opened with its own password, from
 * its own key slots: a copy saved before a password change opens with the
 * password it had then, never with this vault's key. */
static SkVault *
open_backup (const char  *path,
             const char  *password,
             GHashTable  *cache,
             SkSecret   **out_key,
             GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!check_password (password, error) || !read_file (path, &bytes, error))
    return NULL;
  return open_bytes (bytes, password, cache, out_key, NULL, error);
}

gboolean
sk_store_verify_backup (SkStore     *self,
                        const char  *backup_path,
                        const char  *password,
                        guint       *n_accounts,
                        guint       *n_differences,
                        GError     **error)
{
  g_autoptr(SkVault) backup = NULL;
  GListModel *accounts;
  guint n, diff = 0;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  backup = open_backup (backup_path, password, NULL, NULL, error);
  if (backup == NULL)
    return FALSE;

  accounts = sk_vault_get_accounts (backup);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) theirs = g_list_model_get_item (accounts, i);
      SkAccount *mine = sk_vault_lookup_account (self->vault, sk_account_get_uuid (theirs));

      if (mine == NULL || !accounts_equal (mine, theirs))
        diff++;
    }
  accounts = sk_vault_get_accounts (self->vault);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) mine = g_list_model_get_item (accounts, i);

      if (sk_vault_lookup_account (backup, sk_account_get_uuid (mine)) == NULL)
        diff++;
    }

  if (n_accounts)
    *n_accounts = n;
  if (n_differences)
    *n_differences = diff;
  return TRUE;
}

gboolean
sk_store_restore_backup (SkStore     *self,
                         const char  *backup_path,
                         const char  *password,
                         GError     **error)
{
  g_autoptr(GBytes) current = NULL;
  g_autoptr(SkVault) backup = NULL;
  g_autoptr(SkVault) old_vault = NULL;
  gboolean ok;
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);
  g_return_val_if_fail (backup_path != NULL, FALSE);

  backup = open_backup (backup_path, password, NULL, NULL, error);
  if (backup == NULL)
    return FALSE;

  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;

  /* The backup's contents become the vault, sealed with our data key and
   * the key slots the file has now (so the current password stays); the
   * vault as it was is backed up first by the save. A restore replaces
   * rather than merges: it is meant to go back. */
  ok = read_file (self->path, &current, error) && adopt_header (self, current, error);
  if (ok)
    {
      old_vault = g_steal_pointer (&self->vault);
      self->vault = g_steal_pointer (&backup);
      sk_vault_set_dirty (self->vault, TRUE);
      ok = save_locked (self, fd, FALSE, error);
      if (!ok)
        {
          g_clear_object (&self->vault);
          self->vault = g_steal_pointer (&old_vault);
        }
    }
  release_lock (fd);
  return ok;
}

/* Backups after a password change ---------------------------------------- */

/* The files of the backup folder that hold a copy of this vault: the
 * backups saves make, and the merged sync copies kept there. */
static GPtrArray *
backup_folder_copies (SkStore  *self,
                      GError  **error)
{
  g_autoptr(GPtrArray) backups = sk_store_list_backups (self, error);
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (backups == NULL)
    return NULL;
  paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < backups->len; i++)
    g_ptr_array_add (paths, g_strdup (((SkBackupInfo *) backups->pdata[i])->path));
  dir = g_dir_open (self->backup_dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "merged-"))
      g_ptr_array_add (paths, g_build_filename (self->backup_dir, name, NULL));
  return g_steal_pointer (&paths);
}

static GHashTable *
kek_cache_new (void)
{
  return g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                (GDestroyNotify) g_bytes_unref,
                                (GDestroyNotify) sk_secret_unref);
}

/**
 * sk_store_find_old_backups:
 *
 * Returns: (transfer full): paths, newest backup first
 */
GPtrArray *
sk_store_find_old_backups (SkStore     *self,
                           const char  *old_password,
                           GError     **error)
{
  g_autoptr(GHashTable) cache = kek_cache_new ();
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (SK_IS_STORE (self), NULL);

  if (!check_password (old_password, error))
    return NULL;
  copies = backup_folder_copies (self, error);
  if (copies == NULL)
    return NULL;
  for (guint i = 0; i < copies->len; i++)
    {
      g_autoptr(SkSecret) key = NULL;
      g_autoptr(SkVault) vault = NULL;

      /* One key derivation per password slot (all backups since one
       * password change share it), then one unwrap per file. Files that
       * do not open (another password, damage) are not ours to touch. */
      vault = open_backup (copies->pdata[i], old_password, cache, &key, NULL);
      if (vault == NULL || sk_secret_equal (key, self->data_key))
        continue;
      g_ptr_array_add (found, g_strdup (copies->pdata[i]));
    }
  return g_steal_pointer (&found);
}

/* @vault (read from the backup at @path) sealed with the current key and
 * key slots, keeping the backup's own state entry: its counter still says
 * how old it is. */
static GBytes *
reseal_backup (SkStore     *self,
               const char  *path,
               SkVault     *vault,
               guint8       revision[REVISION_BYTES],
               GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GByteArray) slots = g_byte_array_new ();
  g_autoptr(GBytes) all = NULL;
  const guint8 *state;
  guint n_slots = self->n_slots;
  Header h;

  if (!read_file (path, &bytes, error) ||
      !parse_header (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &h, error))
    return NULL;
  g_byte_array_append (slots, g_bytes_get_data (self->slots, NULL), g_bytes_get_size (self->slots));
  state = find_state (&h);
  if (state != NULL)
    {
      g_byte_array_append (slots, state, STATE_LEN);
      n_slots++;
    }
  all = g_byte_array_free_to_bytes (g_steal_pointer (&slots));
  return seal_vault (vault, self->data_key, all, n_slots, revision, error);
}

gboolean
sk_store_handle_old_backups (SkStore             *self,
                             GPtrArray           *paths,
                             const char          *old_password,
                             SkOldBackupsAction   action,
                             guint               *n_done,
                             GError             **error)
{
  g_autoptr(GHashTable) cache = kek_cache_new ();
  gboolean ok = TRUE;
  int fd;

  g_return_val_if_fail (SK_IS_STORE (self), FALSE);
  g_return_val_if_fail (paths != NULL, FALSE);

  if (n_done != NULL)
    *n_done = 0;
  if (action == SK_OLD_BACKUPS_KEEP || paths->len == 0)
    return TRUE;
  if (action == SK_OLD_BACKUPS_REENCRYPT && !check_password (old_password, error))
    return FALSE;

  /* Under the lock: a save that prunes backups at the same time must not
   * meet a half-handled folder. */
  fd = take_lock (self, error);
  if (fd < 0)
    return FALSE;
  for (guint i = 0; ok && i < paths->len; i++)
    {
      const char *path = paths->pdata[i];

      if (action == SK_OLD_BACKUPS_DELETE)
        {
          if (g_unlink (path) != 0 && errno != ENOENT)
            {
              int saved = errno;

              g_set_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_IO,
                           _("Could not delete the backup %s: %s"), path, g_strerror (saved));
              ok = FALSE;
            }
        }
      else
        {
          g_autoptr(SkVault) vault = NULL;
          g_autoptr(GBytes) file = NULL;
          guint8 revision[REVISION_BYTES];

          /* The backup's contents, sealed like the vault is now: the new
           * data key behind the current key slots. The file is replaced
           * atomically, so a failure leaves it as it was. */
          vault = open_backup (path, old_password, cache, NULL, error);
          ok = vault != NULL;
          if (ok)
            file = reseal_backup (self, path, vault, revision, error);
          ok = file != NULL && write_atomic (path, file, error);
          if (!ok)
            g_prefix_error (error, _("Could not re-encrypt the backup %s: "), path);
        }
      if (ok && n_done != NULL)
        (*n_done)++;
    }
  release_lock (fd);
  return ok;
}

/* Backups for export (sk-export.c) ---------------------------------------- */

/*
 * The file image of @vault sealed with @password under a fresh data key: a
 * complete vault file, readable by sk_store_open() / sk_store_open_data().
 */
GBytes *
sk_store_build_data (SkVault           *vault,
                     const char        *password,
                     const SkKdfParams *kdf,
                     GError           **error)
{
  g_autoptr(SkSecret) key = NULL;
  g_autoptr(GBytes) slot = NULL;
  SkKdfParams defaults;
  guint8 revision[REVISION_BYTES];

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  if (!check_password (password, error))
    return NULL;
  kdf = checked_kdf (kdf, &defaults, error);
  if (kdf == NULL)
    return NULL;
  if (!new_key_and_slot (password, kdf, &key, &slot, error))
    return NULL;
  return seal_vault (vault, key, slot, 1, revision, error);
}
