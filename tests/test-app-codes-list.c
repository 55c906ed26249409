/* test-app-codes-list.c: the codes list filtered by whether accounts have
 * codes, and its rows on a 360 px window and with 1.5 times larger text
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sk-account-row.h"
#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-countdown.h"
#include "sk-test-util.h"

/* The window's width, and the text scale. */
typedef struct {
  int    width;
  double text_scale;
} Screen;

typedef struct {
  char           *dir;
  SkWindow       *window;
  SkAccountsPage *page;
} Fixture;

static const char *uris[] = {
  "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
  "otpauth://totp/Google:alice.wonderland%40gmail.com?secret=GEZDGNBVGY3TQOJQ&issuer=Google",
  "otpauth://totp/%E5%BE%AE%E4%BF%A1:13800138000?secret=MFRGGZDFMZTWQ2LK&issuer=%E5%BE%AE%E4%BF%A1",
  "otpauth://totp/Bitwarden:alice?secret=KRSXG5CTMVRXEZLU&issuer=Bitwarden&digits=8",
  "otpauth://hotp/Company%20VPN:alice?secret=GAYDAMBQGAYDAMBQ&issuer=Company%20VPN&counter=12",
};
#define N_WITH_CODES G_N_ELEMENTS (uris)
#define N_WITHOUT_CODES 2

/* Five accounts with codes and two without (SMS, an app prompt), as
 * most of our users' accounts are. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) qq = sk_account_new_without_code (SK_PROTECTION_SMS);
  g_autoptr(SkAccount) alipay = sk_account_new_without_code (SK_PROTECTION_APP);
  SkVault *vault;

  f->dir = sk_test_make_tmpdir ();
  path = g_build_filename (f->dir, "vault.sparekey", NULL);
  sk_app_test_make_vault (path, "pw", 0);
  store = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  for (guint i = 0; i < N_WITH_CODES; i++)
    {
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uris[i], &error);

      g_assert_no_error (error);
      sk_vault_add_account (vault, account);
    }
  sk_account_set_issuer (qq, "QQ");
  sk_account_set_name (qq, "12345678");
  sk_vault_add_account (vault, qq);
  sk_account_set_issuer (alipay, "支付宝");
  sk_account_set_name (alipay, "13800138000");
  sk_vault_add_account (vault, alipay);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  if (data != NULL)
    {
      const Screen *screen = data;
      g_autoptr(GSettings) settings = g_settings_new ("io.github.sparekey.Sparekey");

      g_settings_set_int (settings, "window-width", screen->width);
      g_settings_set_int (settings, "window-height", 640);
      g_object_set (gtk_settings_get_default (), "gtk-xft-dpi",
                    (int) (96 * 1024 * screen->text_scale), NULL);
    }
  f->window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  sk_app_test_run_for (500);
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sk_app_test_close_window (f->window);
  if (data != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new ("io.github.sparekey.Sparekey");

      g_settings_reset (settings, "window-width");
      g_settings_reset (settings, "window-height");
      g_object_set (gtk_settings_get_default (), "gtk-xft-dpi", 96 * 1024, NULL);
    }
  sk_test_rm_rf (f->dir);
  g_free (f->dir);
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (sk_accounts_page_get_model (f->page));
}

static const char *
subtitle (Fixture *f)
{
  return adw_view_switcher_title_get_subtitle (sk_accounts_page_get_switcher_title (f->page));
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* All / with codes / without codes, beside the search; closing the
 * search shows every account again (nothing is kept). */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  GtkDropDown *filter = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "codes_filter");
  GtkSearchBar *bar = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "search_bar");
  GtkEditable *entry = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "search_entry");
  g_autofree char *five = g_strdup_printf ("%u of %u accounts", (guint) N_WITH_CODES,
                                           (guint) (N_WITH_CODES + N_WITHOUT_CODES));

  g_assert_cmpuint (n_shown (f), ==, N_WITH_CODES + N_WITHOUT_CODES);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.search", NULL));
  g_assert_true (sk_app_test_wait (is_mapped, filter, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);

  gtk_drop_down_set_selected (filter, 1);
  g_assert_cmpuint (n_shown (f), ==, N_WITH_CODES);
  for (guint i = 0; i < n_shown (f); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (sk_accounts_page_get_model (f->page), i);

      g_assert_true (sk_account_has_code (account));
    }
  g_assert_cmpstr (subtitle (f), ==, five);

  gtk_drop_down_set_selected (filter, 2);
  g_assert_cmpuint (n_shown (f), ==, N_WITHOUT_CODES);
  for (guint i = 0; i < n_shown (f); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (sk_accounts_page_get_model (f->page), i);

      g_assert_false (sk_account_has_code (account));
    }
  /* The rows of accounts without codes say how they sign in, where a
   * code would be. */
  sk_app_test_run_for (200);
  g_assert_nonnull (sk_app_test_find_label (f->page, sk_protection_get_label (SK_PROTECTION_SMS)));

  /* With a search: both narrow the list. */
  gtk_editable_set_text (entry, "qq");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_shown (f), ==, 1);
  gtk_drop_down_set_selected (filter, 1);
  g_assert_cmpuint (n_shown (f), ==, 0);
  gtk_drop_down_set_selected (filter, 0);
  g_assert_cmpuint (n_shown (f), ==, 1);
  gtk_drop_down_set_selected (filter, 2);
  gtk_editable_set_text (entry, "");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_shown (f), ==, N_WITHOUT_CODES);

  /* Closing the search bar leaves no list narrowed out of sight. */
  gtk_search_bar_set_search_mode (bar, FALSE);
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);
  g_assert_cmpuint (n_shown (f), ==, N_WITH_CODES + N_WITHOUT_CODES);

  /* A screenshot of the filter, with SPAREKEY_TEST_SHOTS set. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.search", NULL);
  gtk_drop_down_set_selected (filter, 2);
  sk_app_test_screenshot ("codes-filter");
  gtk_search_bar_set_search_mode (bar, FALSE);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SK_IS_ACCOUNT_ROW (widget))
    {
      if (gtk_widget_get_mapped (widget) && sk_account_row_get_account (SK_ACCOUNT_ROW (widget)))
        g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static GPtrArray *
visible_rows (Fixture *f)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_rows (sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "list_view"), rows);
  return rows;
}

/* Every visible row: its buttons inside the window, its issuer whole,
 * the countdown's digits clear of the ring. Returns how many rows put
 * their code on a line of its own. */
static guint
check_rows (Fixture *f)
{
  g_autoptr(GPtrArray) rows = visible_rows (f);
  int window_width = gtk_widget_get_width (GTK_WIDGET (f->window));
  guint two_lines = 0;

  /* At 1.5 times the text not all of them are on screen (and the
   * window's page switcher takes the bottom of a narrow window). */
  g_assert_cmpuint (rows->len, >=, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      SkAccountRow *row = rows->pdata[i];
      const char *buttons[] = { "copy_button", "next_button", "menu_button" };
      GtkLabel *issuer = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "issuer_label");
      GtkWidget *countdown = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "countdown");

      for (guint b = 0; b < G_N_ELEMENTS (buttons); b++)
        {
          GtkWidget *button = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, buttons[b]);
          graphene_rect_t bounds;

          if (!gtk_widget_get_visible (button))
            continue;
          g_assert_true (gtk_widget_compute_bounds (button, GTK_WIDGET (f->window), &bounds));
          g_test_message ("%s: %s at %.0f..%.0f of %d (row %d wide)", gtk_label_get_text (issuer),
                          buttons[b], bounds.origin.x, bounds.origin.x + bounds.size.width,
                          window_width, gtk_widget_get_width (GTK_WIDGET (row)));
          g_assert_cmpfloat (bounds.origin.x, >=, 0);
          g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, window_width);
          g_assert_cmpfloat (bounds.size.width, >, 0);
        }
      /* "GitHub", not "Git…". */
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (issuer)));

      if (gtk_widget_get_visible (countdown))
        {
          g_autoptr(PangoLayout) digits = gtk_widget_create_pango_layout (countdown, "88");
          PangoFontDescription *font = pango_font_description_from_string ("Bold 8");
          int w, h;

          pango_layout_set_font_description (digits, font);
          pango_font_description_free (font);
          pango_layout_get_pixel_size (digits, &w, &h);
          /* The digits' box fits inside the ring's line (2.5 px wide). */
          g_assert_cmpfloat (sqrt ((double) w * w + (double) h * h) + 5, <=,
                             MIN (gtk_widget_get_width (countdown), gtk_widget_get_height (countdown)));
        }
      if (sk_account_row_get_two_lines (row))
        two_lines++;
    }
  return two_lines;
}

/* A phone: the codes go under the names, nothing leaves the window. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  /* Without a compositor the window draws no shadow: 360 px of
   * default size make a window a little narrower still. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 360);
  g_assert_cmpuint (check_rows (f), >, 0);
  sk_app_test_screenshot ("codes-360");
}

/* Wide: every row on one line. */
static void
test_wide (Fixture       *f,
           gconstpointer  data)
{
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, 780);
  g_assert_cmpuint (check_rows (f), ==, 0);
}

/* 1.5 times larger text (as GNOME's text scaling sets it) on a phone:
 * rows on two lines, issuers whole, buttons inside. (The window may
 * come out a little wider than asked: its header bar is not the rows'
 * business.) */
static void
test_large_text (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = visible_rows (f);
  int min;

  g_assert_cmpuint (check_rows (f), >=, 4);
  /* The rows themselves fit a 360 px window: the list's padding (24 px)
   * and the rows' (12 px) and the window's border (10 px) beside them. */
  for (guint i = 0; i < rows->len; i++)
    {
      gtk_widget_measure (rows->pdata[i], GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
      g_assert_cmpint (min, <=, 360 - 24 - 12 - 10);
    }
  sk_app_test_screenshot ("codes-360-large-text");
}

int
main (int   argc,
      char *argv[])
{
  static const Screen narrow = { 360, 1.0 }, wide = { 800, 1.0 }, large_text = { 360, 1.5 };

  sk_app_test_init (&argc, &argv);

  g_test_add ("/sparekey/app/codes-list/filter", Fixture, NULL,
              fixture_setup, test_filter, fixture_teardown);
  g_test_add ("/sparekey/app/codes-list/narrow", Fixture, &narrow,
              fixture_setup, test_narrow, fixture_teardown);
  g_test_add ("/sparekey/app/codes-list/wide", Fixture, &wide,
              fixture_setup, test_wide, fixture_teardown);
  g_test_add ("/sparekey/app/codes-list/large-text", Fixture, &large_text,
              fixture_setup, test_large_text, fixture_teardown);

  return g_test_run ();
}
