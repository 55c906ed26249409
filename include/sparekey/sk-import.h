/* sk-import.h: reading other authenticators' exports and our own backups,
 * and writing exports
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-vault.h>
#include <sparekey/sk-store.h>

G_BEGIN_DECLS

#define SK_IMPORT_ERROR (sk_import_error_quark ())
GQuark sk_import_error_quark (void);

typedef enum {
  SK_IMPORT_ERROR_NEEDS_PASSWORD,  /* the file is encrypted: ask, then call again */
  SK_IMPORT_ERROR_WRONG_PASSWORD,  /* the password does not open it */
  SK_IMPORT_ERROR_UNKNOWN_FORMAT,  /* not a format we read */
  SK_IMPORT_ERROR_DAMAGED,         /* recognized, but truncated or malformed */
  SK_IMPORT_ERROR_UNSUPPORTED,     /* a variant we cannot read (message says which) */
  SK_IMPORT_ERROR_NO_ENTRIES,      /* nothing in it could be read at all */
  SK_IMPORT_ERROR_UNSAFE,          /* writing plain text without confirmation */
  SK_IMPORT_ERROR_IO,
  SK_IMPORT_ERROR_NO_FILE,         /* there is no such file */
} SkImportError;

typedef enum {
  SK_IMPORT_FORMAT_AUTO,
  SK_IMPORT_FORMAT_SPAREKEY,     /* our encrypted backup (a vault file) */
  SK_IMPORT_FORMAT_OTPAUTH,      /* text: otpauth:// (and migration) lines; Ente plain text */
  SK_IMPORT_FORMAT_MIGRATION,    /* text with otpauth-migration:// URIs */
  SK_IMPORT_FORMAT_QR_IMAGE,     /* pictures with QR codes */
  SK_IMPORT_FORMAT_AEGIS,
  SK_IMPORT_FORMAT_TWOFAS,
  SK_IMPORT_FORMAT_ANDOTP,
  SK_IMPORT_FORMAT_FREEOTP_PLUS,
  SK_IMPORT_FORMAT_STRATUM,      /* Stratum / Authenticator Pro */
  SK_IMPORT_FORMAT_BITWARDEN,
  SK_IMPORT_FORMAT_PROTON,       /* Proton Authenticator */
  SK_IMPORT_FORMAT_ENTE,         /* Ente Auth encrypted export */
} SkImportFormat;

/* Stable names for the command line ("aegis", "2fas", "otpauth"...). */
const char *sk_import_format_to_string   (SkImportFormat  format);
gboolean    sk_import_format_from_string (const char     *text,
                                          SkImportFormat *format);
/* For people: "Aegis", "2FAS", "Stratum / Authenticator Pro". */
const char *sk_import_format_get_label   (SkImportFormat  format);

typedef enum {
  SK_IMPORT_ENTRY_NEW,
  SK_IMPORT_ENTRY_DUPLICATE,     /* same secret and type already in the vault (or earlier in the file) */
} SkImportEntryStatus;

typedef struct {
  SkAccount           *account;        /* not in any vault yet */
  SkImportEntryStatus  status;         /* set by sk_import_classify() */
  char                *duplicate_of;   /* uuid of the vault account, or NULL */
  /* Translated, or NULL: something of the entry was left out (a damaged
   * icon...) although the account itself can be imported. */
  char                *warning;
  /* Set by sk_import_classify(): a duplicate that has an icon where the
   * account it duplicates has none; sk_import_adopt_icons() gives it
   * that icon. */
  gboolean             adds_icon;
} SkImportEntry;

typedef struct {
  char *label;     /* where: "entry 3", "line 7", "Issuer (name)" */
  char *reason;    /* translated, never contains the secret */
} SkImportInvalid;

typedef struct {
  SkImportFormat  format;     /* what was read */
  gboolean        encrypted;  /* the source was encrypted */
  GPtrArray      *entries;    /* SkImportEntry*, in file order */
  GPtrArray      *invalid;    /* SkImportInvalid* */
  GPtrArray      *warnings;   /* char*: e.g. a missing migration batch */
  /* Set for SK_IMPORT_FORMAT_SPAREKEY: the whole vault in the backup
   * (accounts plus every section). */
  SkVault        *vault;
  /*< private >*/
  gpointer        priv;
} SkImportResult;

void            sk_import_result_free   (SkImportResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkImportResult, sk_import_result_free)

/*
 * Reads @path. @format AUTO detects it. @password may be NULL: an
 * encrypted file then fails with SK_IMPORT_ERROR_NEEDS_PASSWORD, so a UI
 * can ask and call again. Entries that cannot be used are listed in
 * result->invalid with the reason and never stop the others.
 */
SkImportResult *sk_import_file     (const char      *path,
                                    const char      *password,
                                    SkImportFormat   format,
                                    GError         **error);
/* The same from memory; @name (nullable) is only used in messages. */
SkImportResult *sk_import_data     (const guint8    *data,
                                    gsize            size,
                                    const char      *name,
                                    const char      *password,
                                    SkImportFormat   format,
                                    GError         **error);
/* Several files read as one import (e.g. the pictures of a Google
 * Authenticator export split over several QR codes): checks that every
 * migration batch is there and warns otherwise. */
SkImportResult *sk_import_files    (const char * const *paths,
                                    const char      *password,
                                    SkImportFormat   format,
                                    GError         **error);

/* Marks every entry new or duplicate (same secret and type as an account
 * of @vault, or as an earlier entry of the result). */
void            sk_import_classify (SkImportResult  *result,
                                    SkVault         *vault);
/* Adds the entries to @vault (new ones only unless @include_duplicates),
 * then sk_import_adopt_icons() for the duplicates left out; returns how
 * many were added. Nothing is written to disk. */
guint           sk_import_apply    (SkImportResult  *result,
                                    SkVault         *vault,
                                    gboolean         include_duplicates);
/* For every duplicate entry marked adds_icon and not in @added (the
 * accounts just added, may be NULL): the account of @vault it duplicates
 * gets the entry's icon if it still has none. An icon is only ever added
 * this way, never replaced. Returns how many accounts got one. */
guint           sk_import_adopt_icons (SkImportResult *result,
                                       SkVault        *vault,
                                       GPtrArray      *added);

/* Writers ------------------------------------------------------------------ */

typedef enum {
  SK_EXPORT_FORMAT_SPAREKEY,     /* our encrypted backup: the whole vault */
  SK_EXPORT_FORMAT_AEGIS,        /* Aegis JSON, encrypted (scrypt + AES-256-GCM) */
  SK_EXPORT_FORMAT_AEGIS_PLAIN,  /* Aegis JSON, not encrypted */
  SK_EXPORT_FORMAT_TWOFAS,       /* 2FAS .2fas schema 4, not encrypted */
  SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, /* the same, encrypted as 2FAS does (PBKDF2 + AES-256-GCM) */
  SK_EXPORT_FORMAT_OTPAUTH,      /* otpauth:// URI list, not encrypted */
  SK_EXPORT_FORMAT_MIGRATION_QR, /* Google Authenticator migration QR codes (PNG) */
} SkExportFormat;

const char *sk_export_format_to_string   (SkExportFormat  format);
gboolean    sk_export_format_from_string (const char     *text,
                                          SkExportFormat *format);
/* TRUE if the file written holds the secrets unencrypted. */
gboolean    sk_export_format_is_plaintext (SkExportFormat format);
/* A sentence naming the risk, for the confirmation a UI must ask. */
const char *sk_export_plaintext_warning  (void);

/* Accounts of @vault the format cannot carry (e.g. Steam or a 20 s period
 * in a Google Authenticator QR code), one "Issuer (name): reason" each:
 * they are left out of the export. */
GPtrArray  *sk_export_list_unsupported   (SkVault        *vault,
                                          SkExportFormat  format);
/* How many of those are accounts without codes (listed above too): every
 * one for a format other than SPAREKEY, whose backup keeps them. */
guint       sk_export_count_without_codes (SkVault       *vault,
                                          SkExportFormat  format);

/*
 * The export as bytes (not for MIGRATION_QR). @password is required for
 * SPAREKEY, AEGIS and TWOFAS_ENCRYPTED, ignored otherwise. @kdf (NULL:
 * defaults) is the Argon2id cost of a SPAREKEY backup.
 */
SkSecret   *sk_export_data    (SkVault           *vault,
                               SkExportFormat     format,
                               const char        *password,
                               const SkKdfParams *kdf,
                               GError           **error);
/*
 * Writes the export to @path with mode 0600 (atomically). Plain-text
 * formats fail with SK_IMPORT_ERROR_UNSAFE unless @plaintext_confirmed
 * (the user confirmed sk_export_plaintext_warning()). MIGRATION_QR writes
 * one PNG per batch: @path itself when one code is enough, else
 * "name-1.png", "name-2.png"... beside it. @written (optional) gets the
 * paths written (char*).
 */
gboolean    sk_export_file    (SkVault           *vault,
                               SkExportFormat     format,
                               const char        *path,
                               const char        *password,
                               const SkKdfParams *kdf,
                               gboolean           plaintext_confirmed,
                               GPtrArray        **written,
                               GError           **error);

G_END_DECLS
