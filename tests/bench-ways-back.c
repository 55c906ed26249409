/* bench-ways-back.c: figures for the single-point-of-failure report and
 * the recovery plan, which follow ways back through owning accounts
 *
 * Prints figures; asserts nothing about time. Run with
 * `meson test -C build --benchmark` or directly.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "sk-test-util.h"
#include "../src/core/sk-records-private.h"

#define N_ACCOUNTS   2000
#define N_IDENTITIES 500
#define N_BINDINGS   10000
#define ROUNDS       5
#define NOW          G_GINT64_CONSTANT (1772841600000000)

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

/*
 * A vault as a heavy user might have: three in four accounts without
 * codes (SMS), the others with codes; phones, and mailboxes and
 * third-party logins owned by accounts (so ways back run through
 * chains, cycles included); bindings in every role. Records are written
 * directly, before anyone asks for the inventory, as opening a vault
 * does.
 */
static SkVault *
make_vault (GPtrArray *phones)
{
  SkVault *vault = sk_vault_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  static const char * const roles[] = {
    "security-phone", "recovery-email", "third-party-login", "login",
    "payout-account", "trusted-device", "authenticator-device",
  };
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SkAccount) account = NULL;
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);

      if (i % 4 == 3)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *uri = g_strdup_printf ("otpauth://totp/S%u:me?secret=JBSWY3DPEHPK3PXP&issuer=S%u", i, i);

          account = sk_account_new_from_uri (uri, &error);
          g_assert_no_error (error);
        }
      else
        {
          account = sk_account_new_without_code (SK_PROTECTION_SMS);
          sk_account_set_issuer (account, issuer);
        }
      g_ptr_array_add (accounts, account);
      sk_vault_add_account (vault, account);
    }

  for (guint i = 0; i < N_IDENTITIES; i++)
    {
      JsonObject *record = json_object_new ();
      g_autofree char *uuid = g_uuid_string_random ();
      g_autofree char *value = NULL;
      const char *kind;

      if (i < 100)
        {
          kind = "phone";
          value = g_strdup_printf ("138%08u", i);
          g_ptr_array_add (phones, g_strdup (uuid));
        }
      else if (i < 400)
        {
          kind = "email";
          value = g_strdup_printf ("user%u@mail.example", i);
        }
      else
        {
          kind = "third-party";
          value = g_strdup_printf ("login %u", i);
        }
      json_object_set_string_member (record, "kind", kind);
      json_object_set_string_member (record, "value", value);
      json_object_set_string_member (record, "status", "active");
      if (i >= 100)
        json_object_set_string_member (record, "account",
                                       sk_account_get_uuid (accounts->pdata[g_rand_int_range (rand, 0, N_ACCOUNTS)]));
      sk_records_put (vault, SK_SECTION_IDENTITIES, uuid, record, NOW);
      g_ptr_array_add (identities, g_steal_pointer (&uuid));
    }

  for (guint i = 0; i < N_BINDINGS; i++)
    {
      JsonObject *record = json_object_new ();
      g_autofree char *uuid = g_uuid_string_random ();
      /* Mostly phones by SMS and mailboxes by email; some of each other
       * role. */
      guint r = g_rand_int_range (rand, 0, 10);
      const char *role = r < 4 ? roles[0] : r < 7 ? roles[1] : roles[2 + r - 7];
      guint id = r < 4 ? g_rand_int_range (rand, 0, 100)
               : r < 7 ? g_rand_int_range (rand, 100, 400) : g_rand_int_range (rand, 0, N_IDENTITIES);

      json_object_set_string_member (record, "account",
                                     sk_account_get_uuid (accounts->pdata[g_rand_int_range (rand, 0, N_ACCOUNTS)]));
      json_object_set_string_member (record, "identity", identities->pdata[id]);
      json_object_set_string_member (record, "role", role);
      sk_records_put (vault, SK_SECTION_BINDINGS, uuid, record, NOW);
    }
  g_rand_free (rand);
  return vault;
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) phones = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GError) error = NULL;
  double spof[ROUNDS], plan[ROUNDS];
  gint64 start, first;
  guint n_spof = 0, n_plan = 0;
  const char *lost[4] = { NULL };

  g_assert_true (sk_core_init (NULL));
  vault = make_vault (phones);

  printf ("Ways back: %u accounts, %u identities, %u bindings with chains\n"
          "(medians of %u runs; figures, not pass/fail)\n\n",
          N_ACCOUNTS, N_IDENTITIES, N_BINDINGS, ROUNDS);

  /* The first question builds the inventory's models and its counts of
   * single points, as opening the inventory page does. */
  start = g_get_monotonic_time ();
  g_ptr_array_unref (sk_inventory_list_identities (vault));
  first = g_get_monotonic_time () - start;
  printf ("  inventory built, single points counted:   %7.1f ms\n", first / 1000.0);

  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GPtrArray) report = NULL;

      start = g_get_monotonic_time ();
      report = sk_inventory_spof_report (vault, TRUE);
      spof[r] = (g_get_monotonic_time () - start) / 1000.0;
      n_spof = report->len;
    }
  printf ("  single-point-of-failure report:           %7.1f ms (%u accounts listed)\n",
          median (spof, ROUNDS), n_spof);

  for (guint i = 0; i < 3; i++)
    lost[i] = phones->pdata[i];
  recovery = sk_recovery_start (vault, lost, "2026-03-07", NOW, &error);
  g_assert_no_error (error);
  for (guint r = 0; r < ROUNDS; r++)
    {
      g_autoptr(GPtrArray) items = NULL;

      start = g_get_monotonic_time ();
      items = sk_recovery_plan (vault, recovery);
      plan[r] = (g_get_monotonic_time () - start) / 1000.0;
      n_plan = items->len;
    }
  printf ("  recovery plan, three phones lost:          %7.1f ms (%u accounts affected)\n",
          median (plan, ROUNDS), n_plan);

  /* One more binding: the counts follow incrementally. */
  {
    g_autofree char *binding = NULL;
    SkAccount *account = g_list_model_get_item (sk_vault_get_accounts (vault), 0);

    start = g_get_monotonic_time ();
    binding = sk_inventory_bind (vault, sk_account_get_uuid (account), phones->pdata[50],
                                 SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, NOW, &error);
    g_assert_no_error (error);
    printf ("  one binding added, counts brought up to date: %5.1f ms\n",
            (g_get_monotonic_time () - start) / 1000.0);
    g_object_unref (account);
  }
  return 0;
}
