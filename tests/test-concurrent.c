/* test-concurrent.c: two processes writing one vault lose nothing
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sk-test-util.h"

#define PER_WRITER 40

static void
add_one (SkStore    *store,
         const char *who,
         guint       i)
{
  g_autofree char *uri = g_strdup_printf ("otpauth://totp/%s:%u?secret=JBSWY3DPEHPK3PXP&issuer=%s",
                                          who, i, who);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = sk_account_new_from_uri (uri, &error);

  if (account == NULL)
    _exit (20);
  sk_vault_add_account (sk_store_get_vault (store), account);
}

/* Keeps one store open for the whole run: every save is based on a stale
 * read and must merge. */
static void
long_lived_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);

  if (store == NULL)
    _exit (21);
  for (guint i = 0; i < PER_WRITER; i++)
    {
      add_one (store, "Long", i);
      if (!sk_store_save (store, &error))
        _exit (22);
    }
  _exit (0);
}

/* Opens, adds, saves, closes: what the CLI does. */
static void
short_lived_writer (const char *path)
{
  for (guint i = 0; i < PER_WRITER; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);

      if (store == NULL)
        _exit (23);
      add_one (store, "Short", i);
      /* Also edit an account the other writer may be editing. */
      {
        GListModel *accounts = sk_vault_get_accounts (sk_store_get_vault (store));
        g_autoptr(SkAccount) first = g_list_model_get_item (accounts, 0);

        sk_account_set_note (first, "short was here");
      }
      if (!sk_store_save (store, &error))
        _exit (24);
    }
  _exit (0);
}

static void
test_two_writers (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) result = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *accounts;
  pid_t pids[2];
  SkKdfParams kdf;

  {
    g_autoptr(SkStore) store = NULL;

    sk_test_kdf_fast (&kdf);
    store = sk_store_create (path, "pw", &kdf, &error);
    g_assert_no_error (error);
    add_one (store, "Seed", 0);
    g_assert_true (sk_store_save (store, &error));
  }

  pids[0] = fork ();
  if (pids[0] == 0)
    long_lived_writer (path);
  pids[1] = fork ();
  if (pids[1] == 0)
    short_lived_writer (path);

  for (guint i = 0; i < 2; i++)
    {
      int status;

      g_assert_cmpint (waitpid (pids[i], &status, 0), ==, pids[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }

  result = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  accounts = sk_vault_get_accounts (sk_store_get_vault (result));
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 1 + 2 * PER_WRITER);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      g_hash_table_add (names, g_strdup_printf ("%s:%s", sk_account_get_issuer (account),
                                                sk_account_get_name (account)));
    }
  for (guint i = 0; i < PER_WRITER; i++)
    {
      g_autofree char *l = g_strdup_printf ("Long:%u", i);
      g_autofree char *s = g_strdup_printf ("Short:%u", i);

      g_assert_true (g_hash_table_contains (names, l));
      g_assert_true (g_hash_table_contains (names, s));
    }
  {
    g_autoptr(SkAccount) seed = g_list_model_get_item (accounts, 0);

    g_assert_cmpstr (sk_account_get_note (seed), ==, "short was here");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/concurrent/two-writers", test_two_writers);

  return g_test_run ();
}
