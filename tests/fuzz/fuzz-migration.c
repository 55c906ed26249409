/* fuzz-migration.c: libFuzzer harness for otpauth-migration:// parsing
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sparekey/sparekey.h>

#include "../../src/core/sk-migration-private.h"

/*
 * The first byte picks what the rest is fed to:
 *   0  the text of a whole URI (sk_migration_parse)
 *   1  the data= value of a URI, percent-encoding and all
 *   2  the decoded protobuf payload (sk_migration_parse_payload); what
 *      parses is built again and must parse back to the same accounts
 *   3  the base64 decoder alone
 */

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_rebuild (const SkMigrationBatch *batch)
{
  g_autoptr(GPtrArray) uris = NULL;
  guint n = 0;

  /* Everything the parser accepts, Google's format can carry, except keys
   * too long for a QR code (which a payload given as bytes may hold). Any
   * key up to 500 bytes fits, however its base64 is escaped. */
  for (guint i = 0; i < batch->entries->len; i++)
    {
      const SkOtpUri *entry = g_ptr_array_index (batch->entries, i);

      if (sk_secret_get_size (entry->secret) > 500)
        return;
      if (!sk_migration_entry_supported (entry, NULL))
        abort ();
    }

  uris = sk_migration_build (batch->entries, 3);
  for (guint i = 0; i < uris->len; i++)
    {
      g_autoptr(SkMigrationBatch) again =
        sk_migration_parse (sk_secret_get_string (g_ptr_array_index (uris, i)), NULL);

      if (again == NULL || again->batch_index != i || again->batch_size != uris->len)
        abort ();
      for (guint j = 0; j < again->entries->len; j++)
        {
          const SkOtpUri *a;
          const SkOtpUri *b = g_ptr_array_index (again->entries, j);

          if (n + j >= batch->entries->len)
            abort ();
          a = g_ptr_array_index (batch->entries, n + j);
          if (a->params.type != b->params.type ||
              a->params.algorithm != b->params.algorithm ||
              a->params.digits != b->params.digits ||
              (a->params.type == SK_OTP_HOTP && a->params.counter != b->params.counter) ||
              !sk_secret_equal (a->secret, b->secret))
            abort ();
        }
      n += again->entries->len;
    }
  if (n != batch->entries->len)
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static gboolean ready;
  g_autoptr(SkMigrationBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint mode;

  if (!ready)
    {
      if (!sk_core_init (NULL))
        abort ();
      ready = TRUE;
    }

  if (size == 0)
    return 0;
  mode = data[0] & 3;
  data++;
  size--;

  switch (mode)
    {
    case 0:
      text = g_strndup ((const char *) data, size);
      batch = sk_migration_parse (text, &error);
      break;
    case 1:
      {
        g_autofree char *value = g_strndup ((const char *) data, size);

        text = g_strconcat ("otpauth-migration://offline?data=", value, NULL);
        batch = sk_migration_parse (text, &error);
      }
      break;
    case 2:
      batch = sk_migration_parse_payload (data, size, &error);
      if (batch != NULL)
        check_rebuild (batch);
      break;
    default:
      {
        g_autoptr(SkSecret) bytes = sk_migration_decode_base64 ((const char *) data, size, &error);

        if ((bytes == NULL) == (error == NULL))
          abort ();
      }
      return 0;
    }

  /* Exactly one of a result and an error, and the result is consistent. */
  if ((batch == NULL) == (error == NULL))
    abort ();
  if (batch != NULL &&
      (batch->entries->len == 0 || batch->batch_index >= batch->batch_size))
    abort ();
  if (error != NULL && error->domain != SK_MIGRATION_ERROR)
    abort ();

  return 0;
}
