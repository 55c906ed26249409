/* fuzz-icons.c: libFuzzer harness for account icons
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sparekey/sparekey.h>

/*
 * An icon arrives as bytes from `icon ACCOUNT FILE`, from an import file
 * (Aegis carries them base64 in its JSON) or from a vault. The input is
 * the picture: its type is sniffed and checked, it is set on an account,
 * and the vault holding it is written and read back with the same bytes;
 * the same bytes go through an Aegis import. (Pictures are decoded by
 * gdk-pixbuf, fuzzed through fuzz-qr; the app's size guard is in
 * sk-app-util.c.)
 */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) icon = g_bytes_new (data, size);
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(SkVault) again = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *aegis = NULL;
  const char *mime;

  sk_core_init (NULL);
  if (size > SK_ACCOUNT_ICON_MAX_SIZE + 1)
    return 0;

  mime = sk_account_icon_sniff (icon);
  account = sk_account_new_from_uri ("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP", NULL);
  if (sk_account_set_icon (account, icon, mime != NULL ? mime : "image/png", NULL))
    {
      GBytes *back;

      vault = sk_vault_new ();
      sk_vault_add_account (vault, account);
      payload = sk_vault_serialize (vault, NULL);
      if (payload == NULL)
        __builtin_trap ();
      again = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), NULL);
      if (again == NULL)
        __builtin_trap ();
      back = sk_account_get_icon (sk_vault_lookup_account (again, sk_account_get_uuid (account)));
      if (back == NULL || !g_bytes_equal (back, icon))
        __builtin_trap ();
    }

  /* The same bytes as the icon of an Aegis entry. */
  b64 = g_base64_encode (data, size);
  aegis = g_strdup_printf ("{\"version\":1,\"header\":{\"slots\":null,\"params\":null},"
                           "\"db\":{\"version\":2,\"entries\":[{\"type\":\"totp\",\"uuid\":\"u\","
                           "\"name\":\"b\",\"issuer\":\"A\",\"icon\":\"%s\",\"icon_mime\":\"%s\","
                           "\"info\":{\"secret\":\"JBSWY3DPEHPK3PXP\",\"algo\":\"SHA1\","
                           "\"digits\":6,\"period\":30}}]}}",
                           b64, mime != NULL ? mime : "image/png");
  {
    SkImportResult *result = sk_import_data ((const guint8 *) aegis, strlen (aegis), "fuzz",
                                             NULL, SK_IMPORT_FORMAT_AUTO, NULL);

    if (result != NULL)
      sk_import_result_free (result);
  }
  return 0;
}
