/* sk-migration.h: Google Authenticator otpauth-migration:// batches
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-otp-uri.h>

G_BEGIN_DECLS

#define SK_MIGRATION_ERROR (sk_migration_error_quark ())
GQuark sk_migration_error_quark (void);

typedef enum {
  SK_MIGRATION_ERROR_SYNTAX,     /* not an otpauth-migration:// URI, or no data= */
  SK_MIGRATION_ERROR_ENCODING,   /* data= is not base64 */
  SK_MIGRATION_ERROR_PAYLOAD,    /* the protobuf payload is damaged */
  SK_MIGRATION_ERROR_UNSUPPORTED, /* no entry can be used (e.g. all MD5) / cannot be exported */
} SkMigrationError;

typedef struct {
  GPtrArray *entries;      /* of SkOtpUri* */
  guint      batch_index;  /* 0-based */
  guint      batch_size;   /* number of QR codes in the batch (>= 1) */
  gint       batch_id;
  /* Entries of the payload that were left out, one translated message
   * each (e.g. an MD5 account), never containing the secret. Never NULL. */
  GPtrArray *skipped;      /* of char* */
} SkMigrationBatch;

SkMigrationBatch *sk_migration_parse  (const char       *uri,
                                       GError          **error);
void              sk_migration_batch_free (SkMigrationBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkMigrationBatch, sk_migration_batch_free)

/* True if @text starts with otpauth-migration:// (case-insensitive). */
gboolean          sk_migration_is_uri (const char *text);

/*
 * Whether Google Authenticator's format can carry @entry: TOTP with a
 * 30 s period and t0 0, or HOTP; 6 or 8 digits; a non-empty secret short
 * enough for a QR code. The error
 * (SK_MIGRATION_ERROR_UNSUPPORTED) says what does not fit.
 */
gboolean          sk_migration_entry_supported (const SkOtpUri  *entry,
                                                GError         **error);

/*
 * Builds migration URIs for @entries (SkOtpUri*), in file order, split
 * into codes of at most @max_per_code accounts (0 means 10, as Google
 * Authenticator does) and at most SK_QR_MAX_BYTES characters, so every
 * text fits one QR code whatever the names' lengths. An account too long
 * for a code of its own goes with its issuer and name shortened (ending in
 * "…"); the secret and parameters are never shortened. Entries
 * sk_migration_entry_supported() refuses are left out (check first to
 * tell the user). Returns an array of SkSecret* texts, in batch order, all
 * with the same batch id, batch_size the number of texts and batch_index
 * the position; empty when no entry can be exported.
 */
GPtrArray        *sk_migration_build  (GPtrArray  *entries,
                                       guint       max_per_code);

G_END_DECLS
