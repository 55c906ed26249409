/* sk-key-slot-private.h: the cryptography of keyring and recovery key
 * slots, for sk-store.c
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sparekey/sk-key-slot.h"

G_BEGIN_DECLS

/* Keyring and recovery key slots are this long (docs/vault-format.md). */
#define SK_KEY_SLOT_LEN 176

/* Fills @slot (SK_KEY_SLOT_LEN bytes) for @secret: @type, the time now, a
 * random salt, the public key @secret derives, and @data_key sealed to it.
 * @file_prefix: the file's first 10 bytes (magic and version). */
void      sk_key_slot_make   (guint8         *slot,
                              guint           type,
                              const guint8   *file_prefix,
                              const SkSecret *secret,
                              const SkSecret *data_key);
/* Seals a new @data_key in @slot for the public key it has: a re-key
 * keeps every keyring and recovery key slot without their secrets. */
void      sk_key_slot_rewrap (guint8         *slot,
                              const guint8   *file_prefix,
                              const SkSecret *data_key);
/* The data key when @secret is the slot's, else NULL. */
SkSecret *sk_key_slot_open   (const guint8   *slot,
                              const guint8   *file_prefix,
                              const SkSecret *secret);

G_END_DECLS
