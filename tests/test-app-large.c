/* test-app-large.c: a 10,000-account vault opens, lists and filters
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-test-util.h"

#define N_ACCOUNTS 10000

typedef struct {
  SkAccountsPage *page;
  guint           want;
} Want;

static gboolean
has_n (gpointer data)
{
  Want *w = data;

  return g_list_model_get_n_items (sk_accounts_page_get_model (w->page)) == w->want;
}

static void
search (Want       *w,
        const char *text,
        guint       expected)
{
  GtkEditable *entry = sk_app_test_child (w->page, SK_TYPE_ACCOUNTS_PAGE, "search_entry");
  gint64 start = g_get_monotonic_time ();

  gtk_editable_set_text (entry, text);
  w->want = expected;
  g_assert_true (sk_app_test_wait (has_n, w, SK_APP_TEST_MAX_WAIT_MS));
  /* A figure for the log, never an assertion. */
  g_test_message ("search \"%s\": %u results after %.1f ms (including the entry's delay)",
                  text, expected, (g_get_monotonic_time () - start) / 1000.0);
}

static void
test_large_vault (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  SkWindow *window;
  Want w;

  sk_app_test_make_vault (path, "pw", N_ACCOUNTS);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "pw"));
  w.page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  w.want = N_ACCOUNTS;
  g_assert_true (sk_app_test_wait (has_n, &w, SK_APP_TEST_MAX_WAIT_MS));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (w.page), "accounts.search", NULL));
  search (&w, "tag-3", N_ACCOUNTS / 10);
  search (&w, "issuer 9999", 1);
  search (&w, "", N_ACCOUNTS);

  sk_window_lock (window);
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (w.page)), ==, 0);
  sk_app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/large-vault", test_large_vault);

  return g_test_run ();
}
