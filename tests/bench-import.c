/* bench-import.c: import and export of a 10,000-account Aegis plain file
 * (figures printed, nothing asserted on time)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "sk-test-util.h"

#define N_ACCOUNTS 10000

int
main (int    argc,
      char **argv)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) target = sk_vault_new ();
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(SkImportResult) twofas = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 t0, t_export, t_import, t_classify, t_apply, t_enc, t_twofas, t_twofas_read;
  guint added;

  if (!sk_core_init (&error))
    g_error ("%s", error->message);
  dir = sk_test_make_tmpdir ();
  path = g_build_filename (dir, "aegis.json", NULL);

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      guint8 key[20];
      g_autoptr(SkSecret) secret = NULL;
      SkAccount *account = sk_account_new (i % 10 == 9 ? SK_OTP_HOTP : SK_OTP_TOTP);
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.com", i);

      for (guint b = 0; b < sizeof key; b++)
        key[b] = g_random_int () & 0xff;
      secret = sk_secret_new_from_data (key, sizeof key);
      sk_account_set_issuer (account, issuer);
      sk_account_set_name (account, name);
      sk_account_set_secret (account, secret);
      g_ptr_array_add (accounts, account);
    }
  sk_vault_add_accounts (vault, (SkAccount **) accounts->pdata, accounts->len);

  t0 = g_get_monotonic_time ();
  if (!sk_export_file (vault, SK_EXPORT_FORMAT_AEGIS_PLAIN, path, NULL, NULL, TRUE, NULL, &error))
    g_error ("%s", error->message);
  t_export = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  if (result == NULL)
    g_error ("%s", error->message);
  t_import = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  sk_import_classify (result, vault);   /* all 10,000 are duplicates */
  sk_import_classify (result, target);
  t_classify = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  added = sk_import_apply (result, target, FALSE);
  t_apply = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(SkSecret) data = sk_export_data (vault, SK_EXPORT_FORMAT_AEGIS, "benchmark", NULL, &error);

    if (data == NULL)
      g_error ("%s", error->message);
  }
  t_enc = g_get_monotonic_time () - t0;

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(SkSecret) data = sk_export_data (vault, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, "benchmark", NULL, &error);

    if (data == NULL)
      g_error ("%s", error->message);
    t_twofas = g_get_monotonic_time () - t0;
    t0 = g_get_monotonic_time ();
    twofas = sk_import_data (sk_secret_get_data (data), sk_secret_get_size (data), NULL, "benchmark",
                             SK_IMPORT_FORMAT_AUTO, &error);
    if (twofas == NULL)
      g_error ("%s", error->message);
    t_twofas_read = g_get_monotonic_time () - t0;
  }

  printf ("bench-import: %u accounts, Aegis plain file\n", N_ACCOUNTS);
  printf ("  export (write file):           %8.1f ms\n", t_export / 1000.0);
  printf ("  import (read, detect, parse):  %8.1f ms (%u entries)\n", t_import / 1000.0,
          result->entries->len);
  printf ("  classify x2 (duplicates, new): %8.1f ms\n", t_classify / 1000.0);
  printf ("  apply to an empty vault:       %8.1f ms (%u added)\n", t_apply / 1000.0, added);
  printf ("  export Aegis encrypted (mem):  %8.1f ms (scrypt N=2^15 included)\n", t_enc / 1000.0);
  printf ("  export 2FAS encrypted (mem):   %8.1f ms (PBKDF2 10 000 included)\n", t_twofas / 1000.0);
  printf ("  import 2FAS encrypted (mem):   %8.1f ms (%u entries)\n", t_twofas_read / 1000.0,
          twofas->entries->len);
  sk_test_rm_rf (dir);
  return 0;
}
