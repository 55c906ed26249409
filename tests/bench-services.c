/* bench-services.c: figures for the service directory: load and search
 *
 * Prints figures; asserts nothing about time. Run with
 * `meson test -C build --benchmark bench-services` or directly.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "sk-test-util.h"

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Searches @directory for each query @rounds times; prints µs a search. */
static void
search_figures (const char         *what,
                SkServiceDirectory *directory,
                guint               rounds)
{
  static const char * const queries[] = {
    "weixin", "wechat", "微信", "zhifubao", "ＷＥＣＨＡＴ", "bank", "银行", "g", "no such service",
  };
  gint64 start = g_get_monotonic_time ();
  guint hits = 0;

  for (guint r = 0; r < rounds; r++)
    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr(GPtrArray) found = sk_service_directory_search (directory, queries[q], 8);

        hits += found->len;
      }
  printf ("%-34s %6u entries: %8.1f µs a search (%u hits)\n", what,
          g_list_model_get_n_items (G_LIST_MODEL (directory)),
          ms_since (start) * 1000.0 / (rounds * G_N_ELEMENTS (queries)), hits);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkServiceDirectory) directory = NULL;
  g_autoptr(SkVault) vault = sk_vault_new ();
  gint64 start;

  g_test_init (&argc, &argv, NULL);

  start = g_get_monotonic_time ();
  directory = sk_service_directory_new (&error);
  g_assert_no_error (error);
  printf ("load the built-in directory: %.2f ms\n", ms_since (start));
  search_figures ("search, built-in", directory, 2000);

  /* A vault with 2,000 entries of the user's own (far more than anyone
   * writes) on top of the built-in ones. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *id = g_strdup_printf ("user-service-%u", i);
      g_autofree char *name = g_strdup_printf ("User Service %u", i);
      g_autofree char *alias = g_strdup_printf ("yonghufuwu%u", i);
      const char *aliases[] = { alias, NULL };
      const char *categories[] = { i % 2 ? "bank" : "shopping", NULL };
      g_autoptr(SkService) service = sk_service_new (id);

      sk_service_set_names (service, NULL, name);
      sk_service_set_aliases (service, aliases);
      sk_service_set_categories (service, categories);
      g_assert_true (sk_services_save_user_entry (vault, service, i + 1, &error));
    }
  start = g_get_monotonic_time ();
  sk_service_directory_set_vault (directory, vault);
  printf ("read 2,000 user entries from the vault: %.2f ms\n", ms_since (start));
  search_figures ("search, built-in + 2,000 own", directory, 200);
  return 0;
}
