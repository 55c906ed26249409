/* bench-app.c: start-up and 10,000-account figures for the desktop app
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
  sk_store_get_open_timing (sk_accounts_page_get_store (w.page), &kdf_usec, &rest_usec);
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
  vault = g_build_filename (dir, "startup.sparekey", NULL);
  sk_app_test_make_vault (vault, "pw", 1);
  bench_startup (argv[0], vault);
  bench_large (dir);

  return 0;
}
