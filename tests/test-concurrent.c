/* test-concurrent.c: two processes writing one vault lose nothing
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
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


/* A new vault at @path with one account, saved. */
static SkStore *
create_with_one (const char *path)
{
  g_autoptr(GError) error = NULL;
  SkKdfParams kdf;
  SkStore *store;

  sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, "pw", &kdf, &error);
  g_assert_no_error (error);
  add_one (store, "Mine", 0);
  g_assert_true (sk_store_save (store, &error));
  return store;
}

typedef struct
{
  guint idle_iterations;
  guint completed;
  guint failed;
  guint items_changed;
} AsyncState;

static gboolean
count_idle (gpointer data)
{
  ((AsyncState *) data)->idle_iterations++;
  return G_SOURCE_CONTINUE;
}

static void
save_finished (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  AsyncState *state = data;
  g_autoptr(GError) error = NULL;

  if (sk_store_save_finish (SK_STORE (source), result, &error))
    state->completed++;
  else
    state->failed++;
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    data)
{
  ((AsyncState *) data)->items_changed++;
}

/*
 * An asynchronous save while another writer holds the lock: the main
 * loop keeps running (idle iterations go on) and nothing completes until
 * the lock is released; three requests are answered by two saves; the
 * other writer's change reaches the live vault through the merge, with a
 * change notification.
 */
static void
test_async_save_waits_for_lock (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) other = NULL;
  g_autoptr(SkStore) check = NULL;
  g_autoptr(GError) error = NULL;
  AsyncState state = { 0 };
  GListModel *accounts;
  guint64 revision_before;
  guint idle_id;
  int lock_fd;

  store = create_with_one (path);

  other = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  add_one (other, "Theirs", 0);
  g_assert_true (sk_store_save (other, &error));
  g_assert_no_error (error);

  /* Another writer (as a CLI would) holds the lock. */
  lock_fd = open (lock_path, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (lock_fd, >=, 0);
  g_assert_cmpint (flock (lock_fd, LOCK_EX), ==, 0);

  accounts = sk_vault_get_accounts (sk_store_get_vault (store));
  g_signal_connect (accounts, "items-changed", G_CALLBACK (count_items_changed), &state);
  add_one (store, "Mine", 1);
  state.items_changed = 0;
  revision_before = sk_store_get_revision (store);
  for (guint i = 0; i < 3; i++)
    sk_store_save_async (store, NULL, save_finished, &state);

  idle_id = g_idle_add (count_idle, &state);
  while (state.idle_iterations < 200)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (state.completed + state.failed, ==, 0);

  flock (lock_fd, LOCK_UN);
  close (lock_fd);
  while (state.completed + state.failed < 3)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (idle_id);

  g_assert_cmpuint (state.failed, ==, 0);
  g_assert_cmpuint (state.completed, ==, 3);
  /* One save, and one more for the two requests folded into it. */
  g_assert_cmpuint (revision_before, ==, 2);
  g_assert_cmpuint (sk_store_get_revision (store), ==, sk_store_get_revision (other) + 2);
  /* The other writer's account came in through the merge, announced. */
  g_assert_cmpuint (g_list_model_get_n_items (accounts), ==, 3);
  g_assert_cmpuint (state.items_changed, >, 0);
  g_assert_false (sk_vault_get_dirty (sk_store_get_vault (store)));

  check = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (check)), ==, 3);
  sk_test_rm_rf (dir);
}

static void
opened (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

/* Opening in a worker thread reports every conflict copy it could not
 * merge, not only the first. */
static void
test_async_open_reports_all (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) opened_store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  guint n_merged = 99;

  store = create_with_one (path);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("vault (conflicted copy 2026-12-0%u 101112).sparekey", i + 1);
      g_autofree char *copy = g_build_filename (dir, name, NULL);

      g_assert_true (g_file_set_contents (copy, "not a vault", -1, NULL));
    }

  sk_store_open_async (path, "pw", NULL, opened, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  opened_store = sk_store_open_finish (result, &n_merged, &problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (opened_store);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (opened_store)), ==, 1);
  g_assert_cmpuint (n_merged, ==, 0);
  g_assert_cmpuint (problems->len, ==, 2);

  g_clear_object (&result);
  g_clear_pointer (&problems, g_ptr_array_unref);
  sk_store_open_async (path, "wrong", NULL, opened, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (sk_store_open_finish (result, NULL, &problems, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  sk_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/concurrent/two-writers", test_two_writers);
  g_test_add_func ("/sparekey/concurrent/async-save-waits-for-lock", test_async_save_waits_for_lock);
  g_test_add_func ("/sparekey/concurrent/async-open-reports-all", test_async_open_reports_all);

  return g_test_run ();
}
