/* sk-key-slot.h: the ways into a vault besides the password: a key kept in
 * the login keyring and a recovery key written down
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sparekey/sk-secret.h>

G_BEGIN_DECLS

/* The key slot types of the vault file (docs/vault-format.md). A slot of
 * another number was written by a newer version. */
typedef enum {
  SK_KEY_SLOT_PASSWORD     = 1,
  SK_KEY_SLOT_KEYRING      = 2,
  SK_KEY_SLOT_RECOVERY_KEY = 3,
} SkKeySlotType;

/* One key slot of a vault, as sk_store_list_key_slots() describes it. */
typedef struct {
  guint   type;      /* an SkKeySlotType, or a newer version's number */
  char   *id;        /* 32 hex digits (the slot's salt): names it to remove it */
  gint64  created;   /* µs since the epoch; 0 when the file does not say */
} SkKeySlotInfo;

void      sk_key_slot_info_free      (SkKeySlotInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkKeySlotInfo, sk_key_slot_info_free)

/* Bytes of a recovery key (200 bits) and of a keyring slot key (256). */
#define SK_RECOVERY_KEY_BYTES 25
#define SK_KEYRING_KEY_BYTES  32

/* A recovery key as people write it down: 40 base32 characters in eight
 * groups of five, "ABCDE-FGHIJ-…" (guarded memory). */
SkSecret *sk_recovery_key_format     (const SkSecret *key);
/* The key back from what someone typed: case, spaces and dashes do not
 * matter, and the digits 0 and 8 count as the letters O and B (base32
 * has no 0, 1, 8 or 9). */
SkSecret *sk_recovery_key_parse      (const char     *text,
                                      GError        **error);

G_END_DECLS
