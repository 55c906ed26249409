/* bench-core.c: figures for the core: code generation, vault open and save
 *
 * Prints figures; asserts nothing about time. Run with
 * `meson test -C build --benchmark` or directly.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "sk-test-util.h"

static const guint sizes[] = { 10, 1000, 10000 };

static SkAccount *
make_account (guint i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("otpauth://totp/Service%%20%u:user%u@example.com"
                                          "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK%c%c%c%c&issuer=Service%%20%u",
                                          i, i, 'A' + i % 26, 'A' + (i / 26) % 26,
                                          'A' + (i / 676) % 26, 'A' + (i / 17576) % 26, i);
  SkAccount *account = sk_account_new_from_uri (uri, &error);

  g_assert_no_error (error);
  if (i % 7 == 0)
    {
      const char *tags[] = { "work", "bank", NULL };

      sk_account_set_tags (account, tags);
      sk_account_set_note (account, "Recovery codes in the drawer; support: +86 400 000 0000");
    }
  return account;
}

/* Codes per second for @n accounts, each generator keyed once, over many
 * time steps: what the list view does every period. */
static double
bench_codes (guint n)
{
  g_autoptr(GPtrArray) gens = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_generator_free);
  guint64 total = 0;
  gint64 start, elapsed;
  guint steps;
  char code[SK_OTP_CODE_MAX];
  volatile char sink = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = make_account (i);
      SkSecret *secret = sk_account_get_secret (account);
      SkOtpParams params;

      sk_account_get_params (account, &params);
      g_ptr_array_add (gens, sk_otp_generator_new (&params, sk_secret_get_data (secret),
                                                   sk_secret_get_size (secret), NULL));
    }

  steps = MAX (1, 2000000 / n);
  start = g_get_monotonic_time ();
  for (guint s = 0; s < steps; s++)
    for (guint i = 0; i < n; i++)
      {
        sk_otp_generator_code (gens->pdata[i], 1700000000 + (gint64) s * 30, code);
        sink ^= code[0];
        total++;
      }
  elapsed = g_get_monotonic_time () - start;
  (void) sink;
  return total / (elapsed / 1e6);
}

/* oathtool making 100,000 codes in one process, timed from outside;
 * 0 when it is not installed. */
static double
bench_oathtool_once (void)
{
  g_autofree char *oathtool = g_find_program_in_path ("oathtool");
  const char *argv[] = { NULL, "--totp", "-w", "99999", "-N", "@1700000000",
                         "3132333435363738393031323334353637383930", NULL };
  g_autofree char *out = NULL;
  gint64 start;

  if (oathtool == NULL)
    return 0;
  argv[0] = oathtool;
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, NULL, NULL))
    return 0;
  return 100000 / ((g_get_monotonic_time () - start) / 1e6);
}

#define ROUNDS 7

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_double);
  return v[n / 2];
}

static void
bench_vault (guint n, gboolean real_kdf)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  double save_ms[5], open_ms[5], kdf_ms[5];
  SkKdfParams kdf;
  GStatBuf st;

  if (real_kdf)
    sk_kdf_params_default (&kdf);
  else
    sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, "benchmark password", &kdf, &error);
  g_assert_no_error (error);
  sk_store_set_backup_keep (store, 3);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (accounts, make_account (i));
  sk_vault_add_accounts (sk_store_get_vault (store), (SkAccount **) accounts->pdata, accounts->len);

  for (guint r = 0; r < 5; r++)
    {
      g_autoptr(SkAccount) first = g_list_model_get_item (sk_vault_get_accounts (sk_store_get_vault (store)), 0);
      gint64 start;

      sk_account_set_note (first, r % 2 ? "a" : "b");
      start = g_get_monotonic_time ();
      if (!sk_store_save (store, &error))
        g_error ("save: %s", error->message);
      save_ms[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  for (guint r = 0; r < (real_kdf ? 3 : 5); r++)
    {
      g_autoptr(SkStore) s = sk_store_open (path, "benchmark password", &error);
      gint64 kdf_us, rest_us;

      g_assert_no_error (error);
      g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, n);
      sk_store_get_open_timing (s, &kdf_us, &rest_us);
      kdf_ms[r] = kdf_us / 1000.0;
      open_ms[r] = rest_us / 1000.0;
    }
  g_stat (path, &st);

  printf ("  %6u accounts: file %8.1f KiB | open: key derivation %7.1f ms + rest %6.2f ms | "
          "save (fsync, backup) %6.2f ms%s\n",
          n, st.st_size / 1024.0,
          median (kdf_ms, real_kdf ? 3 : 5), median (open_ms, real_kdf ? 3 : 5),
          median (save_ms, 5),
          real_kdf ? "" : "  [minimal KDF]");
}

int
main (int argc, char **argv)
{
  SkKdfParams kdf;

  g_assert_true (sk_core_init (NULL));

  printf ("Sparekey core benchmark (medians; figures, not pass/fail)\n\n");

  /* The speed of a shared machine drifts from one second to the next:
   * each round times oathtool and then Sparekey, and the ratio is the
   * median of the rounds' ratios. */
  printf ("TOTP SHA-1 code generation (median of %u rounds, each oathtool then Sparekey):\n",
          ROUNDS);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      double rate[ROUNDS], oath[ROUNDS], ratio[ROUNDS];
      double mid_rate, mid_oath, mid_ratio;

      for (guint r = 0; r < ROUNDS; r++)
        {
          oath[r] = bench_oathtool_once ();
          rate[r] = bench_codes (sizes[i]);
          ratio[r] = oath[r] > 0 ? rate[r] / oath[r] : 0;
        }
      /* median() sorts: ratio[0] and ratio[ROUNDS - 1] are then the
       * extremes. */
      mid_rate = median (rate, ROUNDS);
      mid_oath = median (oath, ROUNDS);
      mid_ratio = median (ratio, ROUNDS);

      printf ("  %6u accounts: %10.0f codes/s", sizes[i], mid_rate);
      if (mid_oath > 0)
        printf (" | oathtool --totp -w 99999: %9.0f codes/s | ratio %.2fx (rounds: %.2fx to %.2fx)",
                mid_oath, mid_ratio, ratio[0], ratio[ROUNDS - 1]);
      else
        printf (" | oathtool not installed: no comparison");
      printf ("\n");
    }

  sk_kdf_params_default (&kdf);
  printf ("\nVault open and save (Argon2id %" G_GUINT64_FORMAT " MiB, %" G_GUINT64_FORMAT " passes):\n",
          kdf.memlimit >> 20, kdf.opslimit);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    bench_vault (sizes[i], TRUE);

  return 0;
}
