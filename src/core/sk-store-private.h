/* sk-store-private.h: entry points for the fuzzers and the benchmark
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sparekey/sk-store.h"

G_BEGIN_DECLS

/* Parses and decrypts a vault file held in memory. */
SkVault *sk_store_open_data (const guint8 *data,
                             gsize         size,
                             const char   *password,
                             GError      **error);

/* The same with the secret of a keyring or recovery key slot. */
SkVault *sk_store_open_data_with_key (const guint8   *data,
                                      gsize           size,
                                      const SkSecret *key,
                                      GError        **error);

/* A complete vault file for @vault sealed with @password (fresh data key,
 * one password slot): the encrypted backups of sk-export.c. */
GBytes  *sk_store_build_data (SkVault           *vault,
                              const char        *password,
                              const SkKdfParams *kdf,
                              GError           **error);

G_END_DECLS
