/* test-app-accounts.c: GUI tests of adding, copying and searching accounts
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "sk-account-dialog.h"
#include "sk-account-row.h"
#include "sk-accounts-page.h"
#include "sk-add-dialog.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-qr-dialog.h"
#include "sk-test-util.h"
#include "sk-settings.h"

#define SECRET_B32 "JBSWY3DPEHPK3PXP"

typedef struct {
  char           *dir;
  char           *path;
  SkWindow       *window;
  SkAccountsPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  guint n_accounts = GPOINTER_TO_UINT (data);

  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  sk_app_test_make_vault (f->path, "pw", n_accounts);
  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sk_app_test_close_window (f->window);
  g_settings_reset (sk_settings (), SK_SETTING_CLIPBOARD_DELAY);
  g_free (f->path);
  g_free (f->dir);
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (sk_accounts_page_get_model (f->page));
}

static SkAddDialog *
find_add_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SK_IS_ADD_DIALOG (window))
        return SK_ADD_DIALOG (window);
    }
  return NULL;
}

static gboolean
no_add_dialog (gpointer data)
{
  return find_add_dialog () == NULL;
}

static SkAddDialog *
open_add_dialog (Fixture *f)
{
  SkAddDialog *dialog;

  g_assert_null (find_add_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.add", NULL));
  dialog = find_add_dialog ();
  g_assert_nonnull (dialog);
  return dialog;
}

/* The account as saved on disk (opened like the CLI would). */
static gboolean
session_saved (gpointer user_data)
{
  Fixture *f = user_data;
  SkSession *session = sk_app_test_session (f->page);
  SkVault *vault = sk_session_get_vault (session);

  return vault == NULL || (!sk_vault_get_dirty (vault) && !sk_session_get_saving (session));
}

static SkAccount *
reopen_find (Fixture    *f,
             const char *issuer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  GListModel *accounts;

  /* The session writes a moment after a change: wait for it, as the
   * file would be read a moment later in real life. */
  g_assert_true (sk_app_test_wait (session_saved, f, SK_APP_TEST_MAX_WAIT_MS));
  store = sk_store_open (f->path, "pw", &error);
  g_assert_no_error (error);
  accounts = sk_vault_get_accounts (sk_store_get_vault (store));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sk_account_get_issuer (account), issuer) == 0)
        return g_steal_pointer (&account);
    }
  return NULL;
}

static void
expect_code (const char *shown,
             gint64      now)
{
  g_autoptr(SkSecret) key = sk_base32_decode (SECRET_B32, NULL);
  SkOtpParams params;
  char code[SK_OTP_CODE_MAX];
  g_autofree char *grouped = NULL;

  sk_otp_params_init (&params, SK_OTP_TOTP);
  g_assert_true (sk_otp_generate (&params, sk_secret_get_data (key), sk_secret_get_size (key),
                                  now, code, NULL));
  grouped = g_strdup_printf ("%.3s %.3s", code, code + 3);
  g_assert_cmpstr (shown, ==, grouped);
}

static gboolean
issuer_filled (gpointer dialog)
{
  GtkEditable *issuer = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row");

  return *gtk_editable_get_text (issuer) != '\0';
}

static void
test_add_uri (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SkAccount) saved = NULL;
  SkAddDialog *dialog = open_add_dialog (f);
  GtkEditable *uri = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "uri_row");
  GtkEditable *issuer = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row");
  GtkEditable *name = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "name_row");
  GtkLabel *preview = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "preview_label");

  g_assert_cmpuint (n_shown (f), ==, 0);

  /* A bad link says what is wrong and adds nothing. */
  gtk_editable_set_text (uri, "otpauth://totp/ACME:alice?secret=1!!");
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "uri_error_label")));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL) &&
                  n_shown (f) > 0);

  gtk_editable_set_text (uri, "otpauth://totp/ACME:alice@example.com?secret=" SECRET_B32 "&issuer=ACME");
  g_assert_cmpstr (gtk_editable_get_text (issuer), ==, "ACME");
  g_assert_cmpstr (gtk_editable_get_text (name), ==, "alice@example.com");
  /* The live preview shows the current code. */
  expect_code (gtk_label_get_text (preview), sk_now_unix ());

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL));
  g_assert_true (sk_app_test_wait (no_add_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (n_shown (f), ==, 1);

  saved = reopen_find (f, "ACME");
  g_assert_nonnull (saved);
  g_assert_cmpstr (sk_account_get_name (saved), ==, "alice@example.com");
}

static void
test_add_form (Fixture       *f,
               gconstpointer  data)
{
  SkAddDialog *dialog = open_add_dialog (f);
  g_autoptr(SkAccount) saved = NULL;

  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row"), "Форум");
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "name_row"), "bob");
  /* Lower case with spaces, as many sites print it. */
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "secret_row"), "jbsw y3dp ehpk 3pxp");
  expect_code (gtk_label_get_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "preview_label")),
               sk_now_unix ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL));
  g_assert_true (sk_app_test_wait (no_add_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
  saved = reopen_find (f, "Форум");
  g_assert_nonnull (saved);
}

static void
test_add_qr_image (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "qr.png", NULL);
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) saved = NULL;
  SkAddDialog *dialog;

  code = sk_qr_encode ("otpauth://totp/QRCorp:carol?secret=" SECRET_B32 "&issuer=QRCorp&digits=8", &error);
  g_assert_no_error (error);
  g_assert_true (sk_qr_save_png (code, png, 6, &error));
  g_assert_no_error (error);

  dialog = open_add_dialog (f);
  file = g_file_new_for_path (png);
  sk_add_dialog_import_file (dialog, file);
  g_assert_true (sk_app_test_wait (issuer_filled, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row")),
                   ==, "QRCorp");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL));
  g_assert_true (sk_app_test_wait (no_add_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));

  saved = reopen_find (f, "QRCorp");
  g_assert_nonnull (saved);
  g_assert_cmpuint (sk_account_get_digits (saved), ==, 8);
}

static gboolean
has_n_items (gpointer data)
{
  Fixture *f = data;

  return n_shown (f) == GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (f->page), "want"));
}

static gboolean
wait_n_shown (Fixture *f,
              guint    n)
{
  g_object_set_data (G_OBJECT (f->page), "want", GUINT_TO_POINTER (n));
  return sk_app_test_wait (has_n_items, f, SK_APP_TEST_MAX_WAIT_MS);
}

static void
test_drop_image_on_window (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *png = g_build_filename (f->dir, "batch.png", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  /* A Google Authenticator export with two accounts in one QR code. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/Batch%u:user?secret=" SECRET_B32 "&issuer=Batch%u", i, i);

      g_ptr_array_add (entries, sk_otp_uri_parse (uri, &error));
      g_assert_no_error (error);
    }
  batch = sk_migration_build (entries, 10);
  g_assert_cmpuint (batch->len, ==, 1);
  code = sk_qr_encode (sk_secret_get_string (g_ptr_array_index (batch, 0)), &error);
  g_assert_no_error (error);
  g_assert_true (sk_qr_save_png (code, png, 4, &error));

  /* What a drop of that file on the window does. */
  file = g_file_new_for_path (png);
  sk_session_import_file (sk_app_test_session (f->page), file);
  g_assert_true (wait_n_shown (f, 2));
}

/* Clipboard */

static SkAccount *
shown_account (Fixture *f,
               guint    position)
{
  return g_list_model_get_item (sk_accounts_page_get_model (f->page), position);
}

static void
test_copy_and_clear (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *later = NULL;
  char expected[SK_OTP_CODE_MAX];
  gint64 before, after;

  g_settings_set_uint (sk_settings (), SK_SETTING_CLIPBOARD_DELAY, 1);
  account = shown_account (f, 0);
  g_assert_cmpint (sk_account_get_last_used (account), ==, 0);

  before = sk_now_unix ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.copy", "s",
                                             sk_account_get_uuid (account)));
  copied = sk_app_test_clipboard_text (GTK_WIDGET (f->page));
  after = sk_now_unix ();
  g_assert_nonnull (copied);
  /* The code of the moment (the second may have turned meanwhile). */
  g_assert_true (sk_account_generate (account, before, expected, NULL));
  if (g_strcmp0 (copied, expected) != 0)
    {
      g_assert_true (sk_account_generate (account, after, expected, NULL));
      g_assert_cmpstr (copied, ==, expected);
    }
  g_assert_cmpint (sk_account_get_last_used (account), >, 0);

  /* After the delay the clipboard no longer holds it. Clearing checks the
   * clipboard asynchronously first, so on a loaded machine give it time. */
  sk_app_test_run_for (1200);
  for (guint tries = 0; tries < 40; tries++)
    {
      g_clear_pointer (&later, g_free);
      later = sk_app_test_clipboard_text (GTK_WIDGET (f->page));
      if (later == NULL || *later == '\0')
        break;
      sk_app_test_run_for (250);
    }
  g_assert_true (later == NULL || *later == '\0');
}

static void
test_clear_only_ours (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(SkAccount) account = shown_account (f, 0);
  g_autofree char *later = NULL;

  g_settings_set_uint (sk_settings (), SK_SETTING_CLIPBOARD_DELAY, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.copy", "s",
                                             sk_account_get_uuid (account)));
  /* The user copies something else before the delay runs out. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (f->page)), "shopping list");
  sk_app_test_run_for (1600);
  later = sk_app_test_clipboard_text (GTK_WIDGET (f->page));
  g_assert_cmpstr (later, ==, "shopping list");
}

static void
test_list_activate_copies (Fixture       *f,
                           gconstpointer  data)
{
  GtkListView *list = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "list_view");
  g_autoptr(SkAccount) account = shown_account (f, 1);
  g_autofree char *copied = NULL;

  /* A click or Enter on a row is the list view's "activate". */
  g_signal_emit_by_name (list, "activate", 1);
  copied = sk_app_test_clipboard_text (GTK_WIDGET (f->page));
  g_assert_nonnull (copied);
  g_assert_cmpuint (strlen (copied), ==, 6);
  g_assert_cmpint (sk_account_get_last_used (account), >, 0);
}

static void
set_search (Fixture    *f,
            const char *text)
{
  GtkEditable *entry = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "search_entry");

  gtk_editable_set_text (entry, text);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  const char *tags[] = { "工作", NULL };
  SkAccount *account;

  account = sk_account_new_from_uri ("otpauth://totp/GitHub:alice?secret=" SECRET_B32 "&issuer=GitHub", NULL);
  sk_account_set_note (account, "backup codes in the drawer");
  g_ptr_array_add (accounts, account);
  account = sk_account_new_from_uri ("otpauth://totp/%E5%BE%AE%E4%BF%A1:bob?secret=" SECRET_B32, NULL);
  sk_account_set_tags (account, tags);
  g_ptr_array_add (accounts, account);
  sk_session_add_accounts (sk_app_test_session (f->page), accounts);
  g_assert_true (wait_n_shown (f, 5));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "search_bar")));

  set_search (f, "git");
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "GITHUB ALI");        /* every word, any case */
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "drawer");            /* notes */
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "工作");              /* tags, in Chinese */
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "微信");
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "weixin");            /* the directory's aliases of 微信 */
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "wechat bob");
  g_assert_true (wait_n_shown (f, 1));
  set_search (f, "issuer");            /* the three made by the fixture */
  g_assert_true (wait_n_shown (f, 3));
  set_search (f, "nothing like this");
  g_assert_true (wait_n_shown (f, 0));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "content_stack")),
                   ==, "no-results");
  set_search (f, "");
  g_assert_true (wait_n_shown (f, 5));
}

static void
test_favourites_first (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SkAccount) last = shown_account (f, 2);
  g_autoptr(SkAccount) first = NULL;

  sk_account_set_favourite (last, TRUE);
  sk_app_test_flush ();
  first = shown_account (f, 0);
  g_assert_true (first == last);
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SkAccount) account = shown_account (f, 0);

  sk_session_delete_account (sk_app_test_session (f->page), account);
  g_assert_true (wait_n_shown (f, 2));
  /* Locking commits the pending deletion. */
  sk_window_lock (f->window);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  g_assert_true (wait_n_shown (f, 2));
}

static gboolean
toast_says_att (gpointer window)
{
  return sk_app_test_find_label (window, "Added “AT&T <Mobile>") != NULL;
}

static gboolean
no_toplevel_of (gpointer type)
{
  return sk_app_test_find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

/* "Show QR": the picture decodes to the account's link, saved files are
 * private, and locking closes the dialog with its file chooser. */
static void
test_show_qr (Fixture       *f,
              gconstpointer  data)
{
  SkVault *vault = sk_store_get_vault (sk_session_get_store (sk_app_test_session (f->page)));
  g_autoptr(SkAccount) account = g_list_model_get_item (sk_vault_get_accounts (vault), 0);
  g_autofree char *png = g_build_filename (f->dir, "qr.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "qr.svg", NULL);
  g_autoptr(SkSecret) uri = sk_account_dup_uri (account);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *svg_text = NULL;
  SkQrDialog *dialog = sk_qr_dialog_new (GTK_WINDOW (f->window), account);
  GStatBuf st;

  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);
  g_assert_true (sk_qr_dialog_save_to (dialog, png, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  found = sk_qr_decode_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sk_secret_get_string (found->pdata[0]), ==, sk_secret_get_string (uri));

  g_assert_true (sk_qr_dialog_save_to (dialog, svg, &error));
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  /* A chooser is open when the vault locks: both go, nothing answers
   * a dialog that is gone. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "qr.save-png", NULL));
  sk_app_test_run_for (200);
  sk_window_lock (f->window);
  g_assert_true (sk_app_test_wait (no_toplevel_of, GSIZE_TO_POINTER (SK_TYPE_QR_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_app_test_wait (no_toplevel_of, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_run_for (200);
}

/* The banner when there is no backup, or only an old one; "Back Up Now"
 * makes one. */
static void
test_backup_banner (Fixture       *f,
                    gconstpointer  data)
{
  GtkRevealer *revealer = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "backup_revealer");
  GtkLabel *label = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "backup_label");
  SkStore *store = sk_session_get_store (sk_app_test_session (f->page));
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GDateTime) today = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) old = g_date_time_add_days (today, -40);
  g_autofree char *stamp = g_date_time_format (old, "%Y%m%dT%H%M%S.000000Z");
  g_autofree char *old_name = g_strdup_printf ("vault-%s.sparekey", stamp);
  g_autofree char *old_path = NULL;
  g_autoptr(GError) error = NULL;

  /* No backup at all (what a vault saved once has). */
  backups = sk_store_list_backups (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < backups->len; i++)
    g_assert_cmpint (g_unlink (((SkBackupInfo *) backups->pdata[i])->path), ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);
  sk_window_lock (f->window);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  store = sk_session_get_store (sk_app_test_session (f->page));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "There is no backup of this vault yet");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.backup-now", NULL));
  backups = sk_store_list_backups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* Forty days without a change (or without a working backup folder). */
  old_path = g_build_filename (sk_store_get_backup_dir (store), old_name, NULL);
  g_assert_cmpint (g_rename (((SkBackupInfo *) backups->pdata[0])->path, old_path), ==, 0);
  sk_window_lock (f->window);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  revealer = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "backup_revealer");
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (label), "The newest backup of this vault is from "));

  /* Any change makes a fresh backup, and the banner goes. */
  {
    g_autoptr(SkAccount) account = g_list_model_get_item (sk_accounts_page_get_model (f->page), 0);

    sk_account_set_note (account, "changed");
    g_assert_true (sk_session_save (sk_app_test_session (f->page)));
  }
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
}

/* Short Chinese tooltips stay on one line (GTK 4.8 would wrap them after
 * every character): word joiners between the characters. */
static void
test_cjk_tooltips (void)
{
  g_autofree char *joined = sk_join_cjk ("主菜单");
  g_autofree char *mixed = sk_join_cjk ("复制 Code：验证码");
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());

  g_assert_cmpstr (joined, ==, "主\u2060菜\u2060单");
  g_assert_cmpstr (mixed, ==, "复\u2060制 Code：\u2060验\u2060证\u2060码");
  g_assert_null (sk_join_cjk ("Main Menu"));
  g_assert_null (sk_join_cjk ("这是一条超过十二个字的很长的中文提示文字"));
  g_assert_null (sk_join_cjk (NULL));

  /* What a tooltip about to show does: the text is joined first. */
  sk_app_keep_tooltips_whole ();
  gtk_widget_set_tooltip_text (button, "锁定");
  {
    gboolean shown = FALSE;
    GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);

    g_signal_emit_by_name (button, "query-tooltip", 0, 0, FALSE, tooltip, &shown);
    g_object_unref (tooltip);
  }
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "锁\u2060定");
  g_object_unref (button);
}

/* Toast titles are markup in libadwaita 1.2: a name with “&” and “<”
 * must still read as typed. */
static void
test_toast_plain_text (Fixture       *f,
                       gconstpointer  data)
{
  sk_session_import_text (sk_app_test_session (f->page), "otpauth://totp/AT%26T%20%3CMobile%3E:bob?secret="
                                SECRET_B32 "&issuer=AT%26T%20%3CMobile%3E");
  g_assert_cmpuint (n_shown (f), ==, 1);
  g_assert_true (sk_app_test_wait (toast_says_att, f->window, SK_APP_TEST_MAX_WAIT_MS));
}

/* Icons ------------------------------------------------------------------- */

static SkAccountRow *
find_row (GtkWidget *widget,
          SkAccount *account)
{
  if (SK_IS_ACCOUNT_ROW (widget) && sk_account_row_get_account (SK_ACCOUNT_ROW (widget)) == account)
    return SK_ACCOUNT_ROW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      SkAccountRow *row = find_row (child, account);

      if (row != NULL)
        return row;
    }
  return NULL;
}

typedef struct {
  Fixture   *f;
  SkAccount *account;
  gboolean   icon;
} RowIcon;

/* The account's row is on screen and shows its picture (or the initials
 * when @icon is FALSE). */
static gboolean
row_shows (gpointer data)
{
  RowIcon *r = data;
  SkAccountRow *row = find_row (GTK_WIDGET (r->f->page), r->account);
  GtkImage *image;
  GtkWidget *avatar;

  if (row == NULL)
    return FALSE;
  image = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "icon_image");
  avatar = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "initial_label");
  if (!r->icon)
    return !gtk_widget_get_visible (GTK_WIDGET (image)) && gtk_widget_get_visible (avatar);
  return gtk_widget_get_visible (GTK_WIDGET (image)) && !gtk_widget_get_visible (avatar) &&
         gtk_image_get_paintable (image) != NULL && gtk_widget_get_mapped (GTK_WIDGET (image));
}

static gboolean
svg_loader_installed (void)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_auto(GStrv) types = gdk_pixbuf_format_get_mime_types (l->data);

      if (g_strv_contains ((const char * const *) types, "image/svg+xml"))
        return TRUE;
    }
  return FALSE;
}

static void
test_icon_in_row (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 64, 0x3584e4ff);
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  SkAccount *with_png, *with_svg, *without;
  RowIcon r = { f, NULL, TRUE };
  GdkPaintable *paintable;
  int scale;

  with_png = sk_account_new_from_uri ("otpauth://totp/Aardvark:a?secret=" SECRET_B32 "&issuer=Aardvark", NULL);
  g_assert_true (sk_account_set_icon (with_png, png, "image/png", NULL));
  with_svg = sk_account_new_from_uri ("otpauth://totp/Aaron:b?secret=" SECRET_B32 "&issuer=Aaron", NULL);
  g_assert_true (sk_account_set_icon (with_svg, svg, "image/svg+xml", NULL));
  without = sk_account_new_from_uri ("otpauth://totp/Abacus:c?secret=" SECRET_B32 "&issuer=Abacus", NULL);
  g_ptr_array_add (accounts, with_png);
  g_ptr_array_add (accounts, with_svg);
  g_ptr_array_add (accounts, without);
  sk_session_add_accounts (sk_app_test_session (f->page), accounts);
  g_assert_true (wait_n_shown (f, 4));

  r.account = with_png;
  g_assert_true (sk_app_test_wait (row_shows, &r, SK_APP_TEST_MAX_WAIT_MS));
  /* Decoded at the size shown, not the picture's own 64 pixels. */
  paintable = gtk_image_get_paintable (sk_app_test_child (find_row (GTK_WIDGET (f->page), with_png),
                                                          SK_TYPE_ACCOUNT_ROW, "icon_image"));
  scale = gtk_widget_get_scale_factor (GTK_WIDGET (f->page));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 32 * scale);

  if (svg_loader_installed ())
    {
      r.account = with_svg;
      g_assert_true (sk_app_test_wait (row_shows, &r, SK_APP_TEST_MAX_WAIT_MS));
    }
  else
    g_test_message ("no SVG loader for gdk-pixbuf: the SVG row is not checked");

  r.account = without;
  r.icon = FALSE;
  g_assert_true (sk_app_test_wait (row_shows, &r, SK_APP_TEST_MAX_WAIT_MS));

  /* Removing the icon shows the initials; adding one shows it. */
  g_assert_true (sk_account_set_icon (with_png, NULL, NULL, NULL));
  r.account = with_png;
  g_assert_true (sk_app_test_wait (row_shows, &r, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_account_set_icon (without, png, "image/png", NULL));
  r.account = without;
  r.icon = TRUE;
  g_assert_true (sk_app_test_wait (row_shows, &r, SK_APP_TEST_MAX_WAIT_MS));
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
toplevel_gone (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (window == data)
        return FALSE;
    }
  return TRUE;
}

static void
save_dialog (SkAccountDialog *dialog)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.save", NULL));
  g_assert_true (sk_app_test_wait (toplevel_gone, dialog, SK_APP_TEST_MAX_WAIT_MS));
}

/* With the keyboard only: each dialog opens with the focus on its first
 * field; Enter in a field of the Add dialog adds; Tab leaves the notes;
 * Escape in the details asks before throwing edits away, keeping them
 * by default. */
static void
test_keyboard_dialogs (Fixture       *f,
                       gconstpointer  data)
{
  SkAddDialog *add = open_add_dialog (f);
  GtkEditable *uri = sk_app_test_child (add, SK_TYPE_ADD_DIALOG, "uri_row");
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *issuer = NULL;
  SkAccountDialog *dialog;
  AdwMessageDialog *ask;
  GtkWidget *focus;

  gtk_window_present (GTK_WINDOW (add));
  focus = gtk_window_get_focus (GTK_WINDOW (add));
  g_assert_true (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (uri)));
  gtk_editable_set_text (uri, "otpauth://totp/Keys:kim?secret=JBSWY3DPEHPK3PXP&issuer=Keys");
  /* Enter in the field: the Add button is the default widget. */
  g_assert_true (GTK_IS_TEXT (focus));
  g_object_ref (focus);
  g_signal_emit_by_name (focus, "activate");
  g_object_unref (focus);
  g_assert_true (sk_app_test_wait (no_add_dialog, NULL, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (n_shown (f), ==, 2);

  account = shown_account (f, 0);
  issuer = g_strdup (sk_account_get_issuer (account));
  dialog = sk_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (f->page))),
                                  sk_app_test_session (f->page), account);
  gtk_window_present (GTK_WINDOW (dialog));
  focus = gtk_window_get_focus (GTK_WINDOW (dialog));
  g_assert_true (focus != NULL &&
                 gtk_widget_is_ancestor (focus, sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "issuer_row")));
  g_assert_false (gtk_text_view_get_accepts_tab (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "note_view")));

  /* An edit: Escape asks; keeping is the default and keeps the edit. */
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "issuer_row"), "Edited");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.cancel", NULL));
  ask = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  g_assert_cmpstr (adw_message_dialog_get_default_response (ask), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ask), ==, "keep");
  adw_message_dialog_response (ask, "keep");
  sk_app_test_run_for (50);
  g_assert_true (sk_app_test_find_toplevel (SK_TYPE_ACCOUNT_DIALOG) == dialog);
  g_assert_cmpstr (gtk_editable_get_text (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "issuer_row")), ==, "Edited");

  /* Discarding closes and changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.cancel", NULL));
  ask = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (ask);
  adw_message_dialog_response (ask, "discard");
  g_assert_true (sk_app_test_wait (toplevel_gone, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpstr (sk_account_get_issuer (account), ==, issuer);

  /* Nothing typed: Escape closes at once. */
  dialog = sk_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (f->page))),
                                  sk_app_test_session (f->page), account);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.cancel", NULL));
  g_assert_true (sk_app_test_wait (toplevel_gone, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_null (sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* The account dialog takes a picture file as the icon, refuses one that
 * is none, and removes it; Save writes it to the vault. */
static void
test_icon_dialog (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(SkAccount) account = shown_account (f, 0);
  g_autoptr(GBytes) jpeg = sk_test_make_picture ("jpeg", 100, 0xe01b24ff);
  g_autoptr(SkAccount) saved = NULL;
  g_autofree char *jpeg_path = g_build_filename (f->dir, "logo.jpg", NULL);
  g_autofree char *fake_path = g_build_filename (f->dir, "fake.png", NULL);
  g_autoptr(GFile) jpeg_file = g_file_new_for_path (jpeg_path);
  g_autoptr(GFile) fake_file = g_file_new_for_path (fake_path);
  g_autofree char *issuer = g_strdup (sk_account_get_issuer (account));
  SkAccountDialog *dialog;
  GtkWidget *image, *remove, *error_label;

  g_assert_true (g_file_set_contents (jpeg_path, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg), NULL));
  g_assert_true (g_file_set_contents (fake_path, "a text file named like a picture", -1, NULL));
  g_assert_null (sk_account_get_icon (account));

  dialog = sk_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (f->page))), sk_app_test_session (f->page), account);
  gtk_window_present (GTK_WINDOW (dialog));
  image = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "icon_image");
  remove = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "icon_remove_button");
  error_label = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "error_label");
  g_assert_false (gtk_widget_get_visible (image));
  g_assert_false (gtk_widget_get_visible (remove));

  sk_account_dialog_load_icon (dialog, fake_file);
  g_assert_true (sk_app_test_wait (widget_visible, error_label, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (gtk_widget_get_visible (image));

  sk_account_dialog_load_icon (dialog, jpeg_file);
  g_assert_true (sk_app_test_wait (widget_visible, image, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_get_visible (remove));
  /* Nothing changes before Save. */
  g_assert_null (sk_account_get_icon (account));
  save_dialog (dialog);
  g_assert_true (g_bytes_equal (sk_account_get_icon (account), jpeg));
  saved = reopen_find (f, issuer);
  g_assert_nonnull (saved);
  g_assert_true (g_bytes_equal (sk_account_get_icon (saved), jpeg));
  g_assert_cmpstr (sk_account_get_icon_mime_type (saved), ==, "image/jpeg");
  g_clear_object (&saved);

  dialog = sk_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (f->page))), sk_app_test_session (f->page), account);
  gtk_window_present (GTK_WINDOW (dialog));
  image = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "icon_image");
  g_assert_true (gtk_widget_get_visible (image));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.remove-icon", NULL));
  g_assert_false (gtk_widget_get_visible (image));
  save_dialog (dialog);
  g_assert_null (sk_account_get_icon (account));
  saved = reopen_find (f, issuer);
  g_assert_null (sk_account_get_icon (saved));
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

#define ADD(path, n, func) \
  g_test_add ("/sparekey/app/" path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/sparekey/app/cjk-tooltips", test_cjk_tooltips);
  ADD ("add-uri", 0, test_add_uri);
  ADD ("add-form", 0, test_add_form);
  ADD ("add-qr-image", 0, test_add_qr_image);
  ADD ("drop-migration-qr", 0, test_drop_image_on_window);
  ADD ("copy-and-clear", 3, test_copy_and_clear);
  ADD ("clear-only-ours", 1, test_clear_only_ours);
  ADD ("list-activate-copies", 3, test_list_activate_copies);
  ADD ("search", 3, test_search);
  ADD ("favourites-first", 3, test_favourites_first);
  ADD ("delete-undo-lock", 3, test_delete_undo);
  ADD ("toast-plain-text", 0, test_toast_plain_text);
  ADD ("show-qr", 1, test_show_qr);
  ADD ("backup-banner", 1, test_backup_banner);
  ADD ("icon-in-row", 1, test_icon_in_row);
  ADD ("icon-dialog", 1, test_icon_dialog);
  ADD ("keyboard-dialogs", 1, test_keyboard_dialogs);

  return g_test_run ();
}
