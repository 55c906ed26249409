/* bench-app.c: start-up, 10,000-account and inventory figures for the desktop app
 *
 * Prints figures; asserts nothing about time. Run by `meson test
 * --benchmark` under Xvfb (see src/app/meson.build).
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-inventory-page.h"
#include "sk-test-util.h"

#define RUNS 5
#define N_ACCOUNTS 10000

/* --bare: the reference, a plain libadwaita window with a header bar and
 * a status page, timed the same way as the app. */
static void
bare_after_paint (GdkFrameClock *clock,
                  GApplication  *app)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, bare_after_paint, app);
  g_application_quit (app);
}

static void
bare_map (GtkWidget    *window,
          GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (bare_after_paint), app);
}

static void
bare_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Locked");
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-password-symbolic");
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 480, 640);
  g_signal_connect (window, "map", G_CALLBACK (bare_map), app);
  gtk_window_present (GTK_WINDOW (window));
}

static int
run_bare (void)
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.sparekey.BenchBare",
                                                       G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (bare_activate), NULL);
  return g_application_run (G_APPLICATION (app), 0, NULL);
}

/* Milliseconds from spawn to the first painted frame. */
static double
time_first_frame (const char * const *argv,
                  const char         *vault)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *line;
  gint64 start;

  g_subprocess_launcher_setenv (launcher, "SPAREKEY_BENCH_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SPAREKEY_VAULT", vault, TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  line = out ? strstr (out, "first-frame ") : NULL;
  if (line == NULL)
    return -1;
  return (g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

static void
bench_startup (const char *self_path,
               const char *vault)
{
  const char *app = g_getenv ("SPAREKEY_APP");
  const char *app_argv[] = { app, NULL };
  const char *bare_argv[] = { self_path, "--bare", NULL };
  double app_ms[RUNS], bare_ms[RUNS];
  double a, b;

  if (app == NULL)
    {
      g_print ("SPAREKEY_APP is not set: skipping the start-up comparison\n");
      return;
    }
  /* Warm the caches once, then alternate. */
  time_first_frame (app_argv, vault);
  time_first_frame (bare_argv, vault);
  for (guint i = 0; i < RUNS; i++)
    {
      app_ms[i] = time_first_frame (app_argv, vault);
      bare_ms[i] = time_first_frame (bare_argv, vault);
    }
  a = median (app_ms, RUNS);
  b = median (bare_ms, RUNS);
  g_print ("start to first frame (unlock page), median of %d: sparekey %.1f ms, "
           "bare libadwaita window %.1f ms (%+.0f%%)\n", RUNS, a, b, (a / b - 1) * 100);
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

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

static gboolean
idle_done (gpointer data)
{
  return !g_main_context_pending (NULL);
}

static void
bench_large (const char *dir)
{
  g_autofree char *empty = g_build_filename (dir, "empty.sparekey", NULL);
  g_autofree char *large = g_build_filename (dir, "large.sparekey", NULL);
  const char *query = "issuer 1234";
  double sync_worst = 0, sync_total = 0;
  SkWindow *window;
  GtkEditable *entry;
  gint64 start, kdf_usec, rest_usec;
  long rss_empty, rss_large;
  double worst = 0, total = 0;
  Want w;

  sk_app_test_make_vault (empty, "pw", 0);
  sk_app_test_make_vault (large, "pw", N_ACCOUNTS);

  window = sk_app_test_open_window (empty);
  g_assert_true (sk_app_test_unlock (window, "pw"));
  sk_app_test_run_for (500);
  rss_empty = rss_kib ();
  sk_app_test_close_window (window);

  window = sk_app_test_open_window (large);
  w.page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  w.want = N_ACCOUNTS;
  start = g_get_monotonic_time ();
  g_assert_true (sk_app_test_unlock (window, "pw"));
  g_assert_true (sk_app_test_wait (has_n, &w, SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  sk_store_get_open_timing (sk_session_get_store (sk_app_test_session (w.page)), &kdf_usec, &rest_usec);
  g_print ("10,000 accounts: unlock to list shown %.1f ms, of which key derivation %.1f ms "
           "(decrypt+parse %.1f ms); list after key derivation %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0, kdf_usec / 1000.0, rest_usec / 1000.0,
           (g_get_monotonic_time () - start - kdf_usec) / 1000.0);

  /* Per keystroke: the entry's own typing delay off, so only filtering
   * and list updates are timed. */
  entry = sk_app_test_child (w.page, SK_TYPE_ACCOUNTS_PAGE, "search_entry");
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (entry), "search-delay"))
    g_object_set (entry, "search-delay", 0, NULL);
  gtk_widget_activate_action (GTK_WIDGET (w.page), "accounts.search", NULL);
  for (gsize i = 1; i <= strlen (query); i++)
    {
      g_autofree char *prefix = g_strndup (query, i);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      gtk_editable_set_text (entry, prefix);
      /* What the entry emits after its typing delay, right away. The
       * filter model updates synchronously: that is the filtering; the
       * wait that follows adds the redraw of the window. */
      g_signal_emit_by_name (entry, "search-changed");
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      sync_total += ms;
      sync_worst = MAX (sync_worst, ms);
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      worst = MAX (worst, ms);
    }
  g_print ("10,000 accounts: filter per keystroke (\"%s\", %zu keys): mean %.2f ms, worst %.2f ms, "
           "%u results\n", query, strlen (query), sync_total / strlen (query), sync_worst,
           g_list_model_get_n_items (sk_accounts_page_get_model (w.page)));
  g_print ("10,000 accounts: keystroke to window redrawn under Xvfb (renderer included): "
           "mean %.2f ms, worst %.2f ms\n", total / strlen (query), worst);

  gtk_editable_set_text (entry, "");
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  rss_large = rss_kib ();
  g_print ("resident memory: unlocked with 0 accounts %.1f MiB, with 10,000 %.1f MiB "
           "(%+.1f MiB)\n", rss_empty / 1024.0, rss_large / 1024.0,
           (rss_large - rss_empty) / 1024.0);
  sk_app_test_close_window (window);
}

/* 10,000 accounts with icons: every account its own PNG (96 pixels,
 * noisy like a real logo, a few KiB), as after an Aegis import. */
static void
make_icon_vault (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GPtrArray) pictures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GListModel *accounts;
  gsize total = 0;

  sk_app_test_make_vault (path, "pw", N_ACCOUNTS);
  for (guint p = 0; p < 64; p++)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 96, 96);
      guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
      int stride = gdk_pixbuf_get_rowstride (pixbuf);
      gchar *buffer = NULL;
      gsize len = 0;

      for (int y = 0; y < 96; y++)
        for (int x = 0; x < 96; x++)
          {
            guint8 *px = pixels + y * stride + x * 4;

            px[0] = (x * 2 + p * 37) & 0xff;
            px[1] = (y * 2 + p * 11) & 0xff;
            px[2] = g_rand_int_range (rand, 0, 64) + ((x ^ y) & 0x80);
            px[3] = 255;
          }
      g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", &error, NULL));
      g_ptr_array_add (pictures, g_bytes_new_take (buffer, len));
    }
  store = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  accounts = sk_vault_get_accounts (sk_store_get_vault (store));
  for (guint i = 0; i < N_ACCOUNTS; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      GBytes *picture = g_ptr_array_index (pictures, i % pictures->len);
      /* A copy each, as a file read from disk gives. */
      g_autoptr(GBytes) own = g_bytes_new (g_bytes_get_data (picture, NULL), g_bytes_get_size (picture));

      g_assert_true (sk_account_set_icon (account, own, "image/png", NULL));
      total += g_bytes_get_size (own);
    }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_print ("icons: %u accounts, %.1f KiB of PNG on average\n", N_ACCOUNTS,
           total / 1024.0 / N_ACCOUNTS);
}

/* Moves the list down a page at a time to its end, waiting for each
 * redraw; the list view re-anchors as it learns row heights, so a move
 * may skip rows, but each brings a screen of rows to bind. */
static void
bench_scroll (SkAccountsPage *page,
              const char     *what)
{
  GtkWidget *list = sk_app_test_child (page, SK_TYPE_ACCOUNTS_PAGE, "list_view");
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  double worst = 0, total = 0;
  guint steps = 0;

  gtk_adjustment_set_value (adj, 0);
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  /* The list view learns its full height while scrolling: step until
   * the value stops moving. */
  while (steps < 300)
    {
      gint64 t0 = g_get_monotonic_time ();
      double before = gtk_adjustment_get_value (adj);
      double ms;

      gtk_adjustment_set_value (adj, before + gtk_adjustment_get_page_size (adj));
      if (gtk_adjustment_get_value (adj) <= before)
        break;
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      worst = MAX (worst, ms);
      steps++;
    }
  g_print ("10,000 accounts %s: moving a page (%.0f px) down and redrawing under Xvfb: "
           "mean %.2f ms, worst %.2f ms over %u moves to the end\n", what,
           gtk_adjustment_get_page_size (adj), total / MAX (steps, 1), worst, steps);
}

static void
bench_icons (const char *dir)
{
  g_autofree char *plain = g_build_filename (dir, "plain.sparekey", NULL);
  g_autofree char *icons = g_build_filename (dir, "icons.sparekey", NULL);
  const char *paths[] = { plain, icons };
  const char *names[] = { "without icons", "with icons" };

  sk_app_test_make_vault (plain, "pw", N_ACCOUNTS);
  make_icon_vault (icons);
  for (guint v = 0; v < G_N_ELEMENTS (paths); v++)
    {
      SkWindow *window = sk_app_test_open_window (paths[v]);
      gint64 start;
      long rss;
      Want w;

      w.page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
      w.want = N_ACCOUNTS;
      start = g_get_monotonic_time ();
      g_assert_true (sk_app_test_unlock (window, "pw"));
      g_assert_true (sk_app_test_wait (has_n, &w, SK_APP_TEST_MAX_WAIT_MS));
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      {
        gint64 kdf_usec, rest_usec;

        sk_store_get_open_timing (sk_session_get_store (sk_app_test_session (w.page)), &kdf_usec, &rest_usec);
        g_print ("10,000 accounts %s: unlock to list shown %.1f ms (decrypt+parse %.1f ms)\n",
                 names[v], (g_get_monotonic_time () - start) / 1000.0, rest_usec / 1000.0);
      }
      bench_scroll (w.page, names[v]);
      rss = rss_kib ();
      g_print ("10,000 accounts %s: resident memory after scrolling through %.1f MiB\n",
               names[v], rss / 1024.0);
      sk_app_test_close_window (window);
    }
}

#define N_IDENTITIES 500
#define N_BINDINGS 10000
#define N_BOUND_ACCOUNTS (N_BINDINGS / 5)
#define INVENTORY_RUNS 3

/* 500 identities of every kind and 10,000 bindings: 2,000 accounts with
 * five bindings each, to five different identities. */
static char *
make_inventory_vault (const char *dir)
{
  static const SkBindingRole roles[] = {
    [SK_IDENTITY_PHONE] = SK_ROLE_SECURITY_PHONE,
    [SK_IDENTITY_EMAIL] = SK_ROLE_RECOVERY_EMAIL,
    [SK_IDENTITY_DEVICE] = SK_ROLE_AUTHENTICATOR_DEVICE,
    [SK_IDENTITY_THIRD_PARTY] = SK_ROLE_THIRD_PARTY_LOGIN,
    [SK_IDENTITY_PAYOUT] = SK_ROLE_PAYOUT_ACCOUNT,
    [SK_IDENTITY_SECURITY_QUESTION] = SK_ROLE_LOGIN,
    [SK_IDENTITY_HARDWARE_KEY] = SK_ROLE_TRUSTED_DEVICE,
  };
  char *path = g_build_filename (dir, "inventory.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (SkIdentityKind));
  GListModel *accounts;
  SkVault *vault;
  gint64 now = g_get_real_time ();

  sk_app_test_make_vault (path, "pw", N_BOUND_ACCOUNTS);
  store = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  accounts = sk_vault_get_accounts (vault);
  for (guint i = 0; i < N_IDENTITIES; i++)
    {
      SkIdentityKind kind = i % G_N_ELEMENTS (roles);
      g_autofree char *value = g_strdup_printf ("identity %03u", i);
      g_autoptr(SkIdentity) identity = sk_identity_new (kind, value);

      g_assert_true (sk_inventory_save_identity (vault, identity, now, &error));
      g_ptr_array_add (uuids, g_strdup (sk_identity_get_uuid (identity)));
      g_array_append_val (kinds, kind);
    }
  for (guint i = 0; i < N_BINDINGS; i++)
    {
      guint a = i % N_BOUND_ACCOUNTS, j = i / N_BOUND_ACCOUNTS;
      guint id = (a + 97 * j) % N_IDENTITIES;
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, a);
      g_autofree char *uuid = NULL;

      uuid = sk_inventory_bind (vault, sk_account_get_uuid (account), uuids->pdata[id],
                                roles[g_array_index (kinds, SkIdentityKind, id)],
                                NULL, NULL, NULL, now, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  return path;
}

static void
bench_inventory (const char *dir)
{
  g_autofree char *path = NULL;
  double build_ms[INVENTORY_RUNS], shown_ms[INVENTORY_RUNS];
  double bind_ms[INVENTORY_RUNS], bind_shown_ms[INVENTORY_RUNS];
  SkInventoryPage *inventory;
  SkAccountsPage *page;
  SkWindow *window;
  SkVault *vault;
  gint64 start;
  g_autoptr(GSettings) settings = g_settings_new ("io.github.sparekey.Sparekey");

  /* Before the identities were models the page took minutes to build:
   * no auto-lock in between. */
  g_settings_set_uint (settings, "auto-lock-delay", 0);
  start = g_get_monotonic_time ();
  path = make_inventory_vault (dir);
  g_print ("inventory: made a vault of %u identities and %u bindings in %.0f ms\n",
           N_IDENTITIES, N_BINDINGS, (g_get_monotonic_time () - start) / 1000.0);

  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "pw"));
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  inventory = sk_app_test_child (window, SK_TYPE_WINDOW, "inventory_page");
  vault = sk_store_get_vault (sk_session_get_store (sk_app_test_session (page)));

  for (guint i = 0; i < INVENTORY_RUNS; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-accounts", NULL);
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      start = g_get_monotonic_time ();
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inventory", NULL);
      build_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      shown_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  g_assert_cmpuint (sk_inventory_page_get_n_identities (inventory), ==, N_IDENTITIES);
  /* The first time builds the rows (and the vault's inventory); later
   * ones find them built. */
  g_print ("inventory, %u identities / %u bindings: showing the page (built, then drawn under Xvfb):",
           N_IDENTITIES, N_BINDINGS);
  for (guint i = 0; i < INVENTORY_RUNS; i++)
    g_print ("%s %.1f ms (%.1f ms)", i == 0 ? " first" : i == 1 ? ", again" : ",", build_ms[i], shown_ms[i]);
  g_print ("\n");

  /* One binding more and the refresh every dialog triggers after an edit
   * (it saves the vault first: timed apart). */
  for (guint i = 0; i < INVENTORY_RUNS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) identities = sk_inventory_list_identities (vault);
      g_autoptr(SkAccount) account = g_list_model_get_item (sk_vault_get_accounts (vault), i);
      g_autofree char *uuid = NULL;
      gint64 saved;

      start = g_get_monotonic_time ();
      uuid = sk_inventory_bind (vault, sk_account_get_uuid (account),
                                sk_identity_get_uuid (identities->pdata[N_IDENTITIES - 1 - i]),
                                SK_ROLE_LOGIN, NULL, NULL, NULL, g_get_real_time (), &error);
      g_assert_no_error (error);
      g_assert_true (sk_session_save (sk_app_test_session (page)));
      saved = g_get_monotonic_time ();
      sk_app_test_flush ();
      bind_ms[i] = (g_get_monotonic_time () - saved) / 1000.0;
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      bind_shown_ms[i] = (g_get_monotonic_time () - saved) / 1000.0;
    }
  g_print ("inventory, %u identities / %u bindings: after one more binding, median of %d: "
           "%.1f ms to refresh the pages, %.1f ms to drawn under Xvfb (saving apart)\n",
           N_IDENTITIES, N_BINDINGS, INVENTORY_RUNS, median (bind_ms, INVENTORY_RUNS),
           median (bind_shown_ms, INVENTORY_RUNS));
  sk_app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *vault = NULL;

  if (argc > 1 && g_str_equal (argv[1], "--bare"))
    return run_bare ();

  sk_app_test_init (&argc, &argv);
  dir = sk_test_make_tmpdir ();

  /* The unlock page: the vault exists. */
  /* --inventory: only the inventory figures. */
  if (argc > 1 && g_str_equal (argv[1], "--inventory"))
    {
      bench_inventory (dir);
      return 0;
    }
  vault = g_build_filename (dir, "startup.sparekey", NULL);
  sk_app_test_make_vault (vault, "pw", 1);
  bench_startup (argv[0], vault);
  bench_large (dir);
  bench_icons (dir);
  bench_inventory (dir);

  return 0;
}
