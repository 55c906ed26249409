/* sk-import-private.h: internals shared by the readers and writers of
 * sk-import*.c / sk-export.c, the tests and the fuzzers
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>
#include "sparekey/sk-import.h"

G_BEGIN_DECLS

/* One entry as a reader found it, before validation. */
typedef struct {
  SkOtpParams         params;
  const char         *issuer;
  const char         *name;
  const char         *note;
  const char * const *tags;
  gboolean            favourite;
  SkSecret           *secret;        /* borrowed; or: */
  const char         *secret_base32; /* decoded by sk_import_add_candidate() */
  const char         *pin;           /* Yandex, mOTP: the PIN as text */
  /* The picture of the entry (borrowed), checked by
   * sk_import_add_candidate(): a bad one is left out with a warning. A
   * NULL type is taken from the bytes. */
  GBytes             *icon;
  const char         *icon_mime_type;
  const char         *icon_error;    /* an icon the reader could not decode: why */
} SkImportCandidate;

SkImportResult *sk_import_result_new       (SkImportFormat     format);
void            sk_import_candidate_init   (SkImportCandidate *candidate,
                                            SkOtpType          type);
/* Validates and adds an entry, or an invalid one with the reason. */
void            sk_import_add_candidate    (SkImportResult    *result,
                                            const SkImportCandidate *candidate,
                                            const char        *label);
void            sk_import_add_invalid      (SkImportResult    *result,
                                            const char        *label,
                                            const char        *reason);
/* An otpauth:// URI; parameters whose value is "null" or empty are dropped
 * first (Ente writes them). Returns the account added (borrowed) or NULL
 * (then an invalid entry was added). */
SkAccount      *sk_import_add_uri          (SkImportResult    *result,
                                            const char        *uri,
                                            const char        *label);
/* Lines of text: otpauth:// and otpauth-migration:// URIs. Returns the
 * number of URI lines seen. */
guint           sk_import_add_text         (SkImportResult    *result,
                                            const char        *text,
                                            gsize              length);

/* sk-import-json.c: every JSON format. @format AUTO detects it. */
SkImportFormat  sk_import_detect_json      (JsonNode          *root);
gboolean        sk_import_read_json        (SkImportResult    *result,
                                            JsonNode          *root,
                                            const char        *password,
                                            GError           **error);
/* The readers of the formats whose encrypted kind sk-import-binary.c
 * opens, and the parser of what it decrypts (NULL if not JSON). */
gboolean        sk_import_read_andotp_json (SkImportResult    *result,
                                            JsonNode          *root,
                                            GError           **error);
gboolean        sk_import_read_stratum_json (SkImportResult   *result,
                                             JsonNode         *root,
                                             GError          **error);
JsonNode       *sk_import_parse_plain_json (SkSecret          *plain);
/* sk-import-binary.c: Stratum encrypted, andOTP encrypted. */
gboolean        sk_import_read_stratum_encrypted (SkImportResult *result,
                                                  const guint8   *data,
                                                  gsize           size,
                                                  const char     *password,
                                                  GError        **error);
gboolean        sk_import_read_andotp_encrypted  (SkImportResult *result,
                                                  const guint8   *data,
                                                  gsize           size,
                                                  const char     *password,
                                                  GError        **error);

/* sk-import-crypto.c: thin wrappers over OpenSSL and libargon2. */
gboolean  sk_crypto_pbkdf2           (const char   *digest,   /* "SHA1", "SHA256" */
                                      const char   *password,
                                      gsize         password_len,
                                      const guint8 *salt,
                                      gsize         salt_len,
                                      guint         iterations,
                                      guint8       *out,
                                      gsize         out_len);
gboolean  sk_crypto_scrypt           (const char   *password,
                                      const guint8 *salt,
                                      gsize         salt_len,
                                      guint64       n,
                                      guint64       r,
                                      guint64       p,
                                      guint8       *out,
                                      gsize         out_len);
gboolean  sk_crypto_argon2id         (const char   *password,
                                      const guint8 *salt,
                                      gsize         salt_len,
                                      guint32       t_cost,
                                      guint32       m_cost_kib,
                                      guint32       lanes,
                                      guint8       *out,
                                      gsize         out_len);
void      sk_crypto_sha256           (const void   *data,
                                      gsize         len,
                                      guint8        out[32]);
/* AES-256-GCM; NULL when the tag does not match. */
SkSecret *sk_crypto_gcm_decrypt      (const guint8 *key,
                                      const guint8 *iv,
                                      gsize         iv_len,
                                      const guint8 *aad,
                                      gsize         aad_len,
                                      const guint8 *ciphertext,
                                      gsize         len,
                                      const guint8  tag[16]);
gboolean  sk_crypto_gcm_encrypt      (const guint8 *key,
                                      const guint8 *iv,
                                      gsize         iv_len,
                                      const guint8 *plaintext,
                                      gsize         len,
                                      guint8       *ciphertext,
                                      guint8        tag[16]);
/* AES-256-CBC with PKCS#7 padding; NULL on a bad key or padding. */
SkSecret *sk_crypto_cbc_decrypt      (const guint8 *key,
                                      const guint8  iv[16],
                                      const guint8 *ciphertext,
                                      gsize         len);

/* Hex strings of Aegis; NULL if not hex of @expected bytes (0: any). */
guint8   *sk_import_hex_decode       (const char   *hex,
                                      gsize         expected,
                                      gsize        *out_len);

G_END_DECLS
