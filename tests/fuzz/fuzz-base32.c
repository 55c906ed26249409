/* fuzz-base32.c: libFuzzer harness for the base32 decoder
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sparekey/sparekey.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (!sk_core_init (NULL))
    abort ();
  return 0;
}

/* Whatever decodes must encode and decode back to the same bytes; errors
 * must come with a message. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(SkSecret) decoded = sk_base32_decode (text, &error);
  g_autoptr(SkSecret) encoded = NULL;
  g_autoptr(SkSecret) again = NULL;

  if (decoded == NULL)
    {
      if (error == NULL || error->domain != SK_BASE32_ERROR || error->message == NULL)
        abort ();
      return 0;
    }
  if (error != NULL || sk_secret_get_size (decoded) == 0 ||
      sk_secret_get_size (decoded) > size)
    abort ();

  encoded = sk_base32_encode (sk_secret_get_data (decoded), sk_secret_get_size (decoded));
  if (strlen (sk_secret_get_string (encoded)) != sk_secret_get_size (encoded))
    abort ();
  again = sk_base32_decode (sk_secret_get_string (encoded), NULL);
  if (again == NULL || !sk_secret_equal (again, decoded))
    abort ();
  return 0;
}
