/* fuzz-vault.c: libFuzzer harness for the vault file and payload parsers
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sparekey/sparekey.h>
#include <string.h>

#include "sk-store-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkVault) vault = NULL;

  sk_core_init (NULL);
  if (size < 1)
    return 0;

  /* The first byte picks the layer: the decrypted payload (records and
   * secret table), the whole encrypted file opened with a keyring or
   * recovery key slot's secret, or with a password (header and slots). */
  if (data[0] & 1)
    vault = sk_vault_deserialize (data + 1, size - 1, &error);
  else if (data[0] & 2)
    {
      g_autoptr(SkSecret) key = sk_secret_new (SK_RECOVERY_KEY_BYTES);

      vault = sk_store_open_data_with_key (data + 1, size - 1, key, &error);
    }
  else
    {
      g_autofree guint8 *copy = g_memdup2 (data + 1, size - 1);

      /* Keep the first key slot's Argon2id cost at libsodium's minimum so
       * each run stays fast (the cost bounds have their own unit test). */
      if (size - 1 >= 32 + 24)
        {
          static const guint8 cheap[16] = { 1, 0, 0, 0, 0, 0, 0, 0,
                                            0, 0x20, 0, 0, 0, 0, 0, 0 };

          memcpy (copy + 32 + 8, cheap, sizeof cheap);
        }
      vault = sk_store_open_data (copy, size - 1, "fuzz", &error);
    }

  /* Whatever opens must serialize again. */
  if (vault != NULL)
    {
      SkSecret *again = sk_vault_serialize (vault, NULL);

      if (again == NULL)
        __builtin_trap ();
      sk_secret_unref (again);
    }
  return 0;
}
