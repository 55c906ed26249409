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

G_END_DECLS
