/* sk-vault-private.h: reading the payload as an older Sparekey would
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sparekey/sk-vault.h"

G_BEGIN_DECLS

/* The records versions (docs/vault-format.md): 1 is the first, 2 added
 * accounts without codes. */
#define SK_RECORDS_VERSION_FIRST 1

SkVault *sk_vault_deserialize_as (const guint8  *data,
                                  gsize          size,
                                  guint          reader_version,
                                  GError       **error);

G_END_DECLS
