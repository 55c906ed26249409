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

#ifdef SK_APP_TEST_HAVE_X11
#include <X11/Xlib.h>
#endif

#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-inventory-page.h"
#include "sk-test-util.h"

#define N_ACCOUNTS 10000
#define SEARCH_ROUNDS 5

/* What a user waits for after the click: from the exec of the program
 * to its first window mapped on the X server, seen by a client of the
 * server (this process) and not by the program itself. The program also
 * prints when its first frame was painted (SPAREKEY_BENCH_FIRST_FRAME),
 * and quits then. Returns FALSE if the program mapped no window. */
typedef struct {
  double map_ms;
  double frame_ms;
} StartTime;

#ifdef SK_APP_TEST_HAVE_X11
static gboolean
time_start (const char *program,
            const char *vault,
            StartTime  *out)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out_text = NULL;
  const char *argv[] = { program, NULL };
  Display *display = XOpenDisplay (NULL);
  const char *line;
  gint64 start, mapped = 0;

  g_assert_nonnull (display);
  /* Every window made a child of the root, and so every toplevel mapped. */
  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, True);

  g_subprocess_launcher_setenv (launcher, "SPAREKEY_BENCH_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "SPAREKEY_VAULT", vault, TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  while (mapped == 0 && g_get_monotonic_time () - start < 30 * G_USEC_PER_SEC)
    {
      XEvent event;

      if (XPending (display) == 0)
        {
          GPollFD fd = { ConnectionNumber (display), G_IO_IN, 0 };

          g_poll (&fd, 1, 100);
          continue;
        }
      XNextEvent (display, &event);
      if (event.type == MapNotify && !event.xmap.override_redirect)
        mapped = g_get_monotonic_time ();
    }
  XCloseDisplay (display);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out_text, NULL, &error);
  g_assert_no_error (error);
  line = out_text ? strstr (out_text, "first-frame ") : NULL;
  if (mapped == 0 || line == NULL)
    return FALSE;
  out->map_ms = (mapped - start) / 1000.0;
  out->frame_ms = (g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10) - start) / 1000.0;
  return TRUE;
}
#endif

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @values. */
static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

#define STARTUP_RUNS 9

static void
bench_startup (const char *vault)
{
#ifdef SK_APP_TEST_HAVE_X11
  const char *app = g_getenv ("SPAREKEY_APP");
  const char *bare = g_getenv ("SPAREKEY_BENCH_BARE");
  const char *runs_env = g_getenv ("SPAREKEY_BENCH_STARTUP_RUNS");
  guint runs = runs_env ? MAX (1, atoi (runs_env)) : STARTUP_RUNS;
  g_autofree double *app_map = g_new (double, runs), *bare_map = g_new (double, runs);
  g_autofree double *app_frame = g_new (double, runs), *bare_frame = g_new (double, runs);
  g_autofree double *map_ratio = g_new (double, runs), *frame_ratio = g_new (double, runs);
  StartTime a, b;

  if (app == NULL || bare == NULL)
    {
      g_print ("SPAREKEY_APP or SPAREKEY_BENCH_BARE is not set: skipping the start-up comparison\n");
      return;
    }
  /* Warm the file caches once, then alternate, so that the machine's
   * drift hits both alike; each round's ratio compares neighbours. */
  time_start (app, vault, &a);
  time_start (bare, vault, &b);
  for (guint i = 0; i < runs; i++)
    {
      g_assert_true (time_start (app, vault, &a));
      g_assert_true (time_start (bare, vault, &b));
      g_print ("start-up round %u: sparekey mapped %.1f ms (painted %.1f ms), "
               "bare window mapped %.1f ms (painted %.1f ms)\n",
               i + 1, a.map_ms, a.frame_ms, b.map_ms, b.frame_ms);
      app_map[i] = a.map_ms;
      bare_map[i] = b.map_ms;
      app_frame[i] = a.frame_ms;
      bare_frame[i] = b.frame_ms;
      map_ratio[i] = a.map_ms / b.map_ms;
      frame_ratio[i] = a.frame_ms / b.frame_ms;
    }
  /* median() sorts: the worst is the last after it. */
  {
    double app_m = median (app_map, runs), bare_m = median (bare_map, runs);
    double ratio_m = median (map_ratio, runs);
    double app_f = median (app_frame, runs), bare_f = median (bare_frame, runs);
    double ratio_f = median (frame_ratio, runs);

    g_print ("exec to first mapped window (unlock page), median of %u alternating rounds: "
             "sparekey %.1f ms (worst %.1f), bare libadwaita window %.1f ms (worst %.1f); "
             "median ratio %.2f (worst round %.2f)\n",
             runs, app_m, app_map[runs - 1], bare_m, bare_map[runs - 1], ratio_m, map_ratio[runs - 1]);
    g_print ("exec to first painted frame, same rounds: sparekey %.1f ms, bare %.1f ms; "
             "median ratio %.2f (worst round %.2f)\n",
             app_f, bare_f, ratio_f, frame_ratio[runs - 1]);
  }
#else
  g_print ("Built without Xlib: skipping the start-up comparison\n");
#endif
}

/* The longest a main-loop iteration ran: the time from one poll's return
 * to the next poll (everything dispatched in between, input handling,
 * filtering, layout and drawing alike). While the loop runs nothing else
 * can happen: no keystroke shows, no frame is drawn. */
static GPollFunc default_poll;
static gint64 poll_returned;
static gint64 longest_stall;

static gint
stall_poll (GPollFD *fds,
            guint    nfds,
            gint     timeout)
{
  gint64 now = g_get_monotonic_time ();
  gint ret;

  if (poll_returned != 0)
    longest_stall = MAX (longest_stall, now - poll_returned);
  ret = default_poll (fds, nfds, timeout);
  poll_returned = g_get_monotonic_time ();
  return ret;
}

static void
stall_watch_start (void)
{
  if (default_poll == NULL)
    {
      default_poll = g_main_context_get_poll_func (NULL);
      g_main_context_set_poll_func (NULL, stall_poll);
    }
  poll_returned = 0;
  longest_stall = 0;
}

static double
stall_watch_stop (void)
{
  poll_returned = 0;
  return longest_stall / 1000.0;
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
  /* Six keys: the first five keep every account ("Issuer N:user N"),
   * the last leaves the 3,439 with a 1 (6,561 rows go at once). */
  const char *query = "user 1";
  double stall_typing[SEARCH_ROUNDS], stall_erasing[SEARCH_ROUNDS];
  SkWindow *window;
  GtkEditable *entry;
  gint64 start, kdf_usec, rest_usec;
  long rss_empty, rss_large;
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
  {
    const char *gl = sk_app_get_gl_renderer ();

    g_print ("drawing with %s (OpenGL: %s; GSK_RENDERER %s)\n",
             G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
             gl ? gl : "not asked or unavailable", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "unset");
  }
  g_print ("10,000 accounts: unlock to list shown %.1f ms, of which key derivation %.1f ms "
           "(decrypt+parse %.1f ms); list after key derivation %.1f ms\n",
           (g_get_monotonic_time () - start) / 1000.0, kdf_usec / 1000.0, rest_usec / 1000.0,
           (g_get_monotonic_time () - start - kdf_usec) / 1000.0);

  /* Typed as a person types, through the X server, a key every 150 ms,
   * with the entry's own typing delay: everything the keys cause runs
   * in the main loop, whose longest iteration is the longest the
   * window stood still. Then the query is erased key by key. */
  entry = sk_app_test_child (w.page, SK_TYPE_ACCOUNTS_PAGE, "search_entry");
  gtk_widget_activate_action (GTK_WIDGET (w.page), "accounts.search", NULL);
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  /* The X server gives the window the keyboard with the first key: one
   * key typed and erased before the figures. */
  sk_app_test_press_key (GTK_WINDOW (window), GDK_KEY_x, 0);
  sk_app_test_press_key (GTK_WINDOW (window), GDK_KEY_BackSpace, 0);
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  gtk_editable_set_text (entry, "");
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  for (guint round = 0; round < SEARCH_ROUNDS; round++)
    {
      gint64 t0;
      double typing, erasing;

      t0 = g_get_monotonic_time ();
      typing = 0;
      for (const char *p = query; *p != '\0'; p++)
        {
          double key;

          stall_watch_start ();
          if (!sk_app_test_press_key (GTK_WINDOW (window), gdk_unicode_to_keyval ((guchar) *p), 0))
            {
              g_print ("No XTest: skipping the typing figures\n");
              return;
            }
          /* The entry's typing delay, then the search. */
          sk_app_test_run_for (200);
          sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
          key = stall_watch_stop ();
          if (round == 0)
            g_print ("10,000 accounts: key '%c': longest stall %.1f ms\n", *p, key);
          typing = MAX (typing, key);
        }
      g_assert_cmpstr (gtk_editable_get_text (entry), ==, query);
      if (round == 0)
        g_print ("10,000 accounts: typed \"%s\" in %.0f ms, %u results\n", query,
                 (g_get_monotonic_time () - t0) / 1000.0,
                 g_list_model_get_n_items (sk_accounts_page_get_model (w.page)));
      stall_watch_start ();
      for (gsize i = 0; i < strlen (query); i++)
        sk_app_test_press_key (GTK_WINDOW (window), GDK_KEY_BackSpace, 0);
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      erasing = stall_watch_stop ();
      g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (w.page)), ==, N_ACCOUNTS);
      stall_typing[round] = typing;
      stall_erasing[round] = erasing;
    }
  {
    double typing_m = median (stall_typing, SEARCH_ROUNDS);
    double erasing_m = median (stall_erasing, SEARCH_ROUNDS);

    g_print ("10,000 accounts: longest main-loop stall typing \"%s\" (%zu keys): median of %d rounds "
             "%.1f ms, worst %.1f ms; erasing it: median %.1f ms, worst %.1f ms\n",
             query, strlen (query), SEARCH_ROUNDS, typing_m, stall_typing[SEARCH_ROUNDS - 1],
             erasing_m, stall_erasing[SEARCH_ROUNDS - 1]);
  }

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

/* Brings every row of the list into view, a screenful at a time from
 * the first to the last (the list view's own "scroll to item" action),
 * waiting for each redraw: every account is bound to a row once. */
static void
bench_scroll (SkAccountsPage *page,
              const char     *what)
{
  GtkWidget *list = sk_app_test_child (page, SK_TYPE_ACCOUNTS_PAGE, "list_view");
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  guint n = g_list_model_get_n_items (sk_accounts_page_get_model (page));
  double worst = 0, total = 0;
  guint steps = 0, rows_per_page;

  gtk_adjustment_set_value (adj, 0);
  sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
  /* A row is about 60 px high; a little less than a screenful a step. */
  rows_per_page = MAX (1, (guint) (gtk_adjustment_get_page_size (adj) / 60) - 1);
  for (guint position = 0; position < n; position = MIN (position + rows_per_page, n - 1))
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      worst = MAX (worst, ms);
      steps++;
      if (position == n - 1)
        break;
    }
  g_print ("10,000 accounts %s: bringing the next %u rows into view and redrawing under Xvfb: "
           "mean %.2f ms, worst %.2f ms over %u steps from the first row to the last\n", what,
           rows_per_page, total / MAX (steps, 1), worst, steps);
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
      long rss, rss_before;
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
      rss_before = rss_kib ();
      bench_scroll (w.page, names[v]);
      rss = rss_kib ();
      g_print ("10,000 accounts %s: resident memory before scrolling %.1f MiB, after scrolling "
               "through %.1f MiB (%+.1f MiB)\n", names[v], rss_before / 1024.0, rss / 1024.0,
               (rss - rss_before) / 1024.0);
      /* Locked, then unlocked again: what the first unlock left. */
      sk_window_lock (window);
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      sk_app_test_run_for (500);
      rss_before = rss_kib ();
      g_assert_true (sk_app_test_unlock (window, "pw"));
      g_assert_true (sk_app_test_wait (has_n, &w, SK_APP_TEST_MAX_WAIT_MS));
      sk_app_test_wait (idle_done, NULL, SK_APP_TEST_MAX_WAIT_MS);
      g_print ("10,000 accounts %s: resident memory locked %.1f MiB, unlocked again %.1f MiB\n",
               names[v], rss_before / 1024.0, rss_kib () / 1024.0);
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
  const char *only;

  sk_app_test_init (&argc, &argv);
  dir = sk_test_make_tmpdir ();

  /* SPAREKEY_BENCH_ONLY=startup,search,scroll,inventory: some parts. */
  only = g_getenv ("SPAREKEY_BENCH_ONLY");
  /* The unlock page: the vault exists. */
  vault = g_build_filename (dir, "startup.sparekey", NULL);
  sk_app_test_make_vault (vault, "pw", 1);
  if (only == NULL || strstr (only, "startup") != NULL)
    bench_startup (vault);
  if (only == NULL || strstr (only, "search") != NULL)
    bench_large (dir);
  if (only == NULL || strstr (only, "scroll") != NULL)
    bench_icons (dir);
  if (only == NULL || strstr (only, "inventory") != NULL)
    bench_inventory (dir);

  return 0;
}
