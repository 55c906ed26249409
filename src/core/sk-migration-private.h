/* sk-migration-private.h: internals of sk-migration.c shared with tests and fuzzers
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-migration.h>

G_BEGIN_DECLS

/*
 * Parses the MigrationPayload protobuf message (the bytes after base64
 * decoding of data=). Same errors and results as sk_migration_parse().
 */
SkMigrationBatch *sk_migration_parse_payload (const guint8  *data,
                                              gsize          size,
                                              GError       **error);

/*
 * Decodes the value of data=: standard or URL-safe base64, padding
 * optional. The result is in guarded memory.
 */
SkSecret         *sk_migration_decode_base64 (const char    *text,
                                              gsize          length,
                                              GError       **error);

G_END_DECLS
