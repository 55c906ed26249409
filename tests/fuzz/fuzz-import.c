/* fuzz-import.c: libFuzzer harness for the import readers
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sparekey/sparekey.h>

#include "../../src/core/sk-import-private.h"

/*
 * The first byte picks the format the rest is read as (0: detect, else
 * one SkImportFormat, modulo their number). No password is given, so the
 * key derivations (whose cost the file chooses) are not run: every
 * encrypted format must stop at "needs a password"; the decrypted
 * contents go through the same JSON and text readers fuzzed here.
 * Byte 0xff feeds the rest straight to the text reader.
 */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean initialized;

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SkImportFormat format;

  if (!initialized)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
      if (!sk_core_init (NULL))
        abort ();
      initialized = TRUE;
    }
  if (size < 1)
    return 0;

  if (data[0] == 0xff)
    {
      result = sk_import_result_new (SK_IMPORT_FORMAT_OTPAUTH);
      sk_import_add_text (result, (const char *) data + 1, size - 1);
      return 0;
    }

  format = (SkImportFormat) (data[0] % (SK_IMPORT_FORMAT_ENTE + 1));
  if (format == SK_IMPORT_FORMAT_QR_IMAGE)
    format = SK_IMPORT_FORMAT_AUTO;   /* image decoding is fuzzed elsewhere */
  result = sk_import_data (data + 1, size - 1, NULL, NULL, format, &error);
  if ((result == NULL) == (error == NULL))
    abort ();
  if (result != NULL)
    {
      g_autoptr(SkVault) vault = sk_vault_new ();

      /* Whatever is read must be valid accounts. */
      for (guint i = 0; i < result->entries->len; i++)
        {
          SkImportEntry *entry = g_ptr_array_index (result->entries, i);

          if (!sk_account_validate (entry->account, NULL))
            abort ();
        }
      sk_import_classify (result, vault);
      sk_import_apply (result, vault, FALSE);
    }
  return 0;
}
