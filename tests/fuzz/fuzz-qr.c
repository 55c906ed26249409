/* fuzz-qr.c: libFuzzer harness for QR codes read from picture bytes
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sparekey/sparekey.h>

/* A screenshot or a photo, as `add --qr` and the app's import read them:
 * the bytes go through the picture decoders and zbar. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) texts = NULL;

  sk_core_init (NULL);
  texts = sk_qr_decode_bytes (bytes, &error);
  if (texts == NULL && error == NULL)
    __builtin_trap ();
  return 0;
}
