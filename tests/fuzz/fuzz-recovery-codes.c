/* fuzz-recovery-codes.c: libFuzzer harness for the recovery-code parser
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sparekey/sparekey.h>

/* Whatever people paste: any text, any size up to the fuzzer's limit.
 * Every code read must be non-empty, and every ignored line must be one
 * of the input's lines. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GArray) ignored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  guint n_lines = 1;

  sk_core_init (NULL);
  codes = sk_recovery_codes_parse (text, &ignored, &error);
  if (codes == NULL)
    {
      if (error == NULL)
        __builtin_trap ();
      return 0;
    }
  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n' || (*p == '\r' && p[1] != '\n'))
      n_lines++;
  for (guint i = 0; i < codes->len; i++)
    if (sk_secret_get_size (codes->pdata[i]) == 0)
      __builtin_trap ();
  for (guint i = 0; i < ignored->len; i++)
    if (g_array_index (ignored, guint, i) == 0 || g_array_index (ignored, guint, i) > n_lines)
      __builtin_trap ();
  return 0;
}
