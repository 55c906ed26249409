/* test-app-window.c: GUI tests of the main window: the three pages and
 * their switchers at full size and at 360 px, the recovery page
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sk-accounts-page.h"
#include "sk-create-page.h"
#include "sk-export-dialog.h"
#include "sk-import-dialog.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-inventory-page.h"
#include "sk-recovery-page.h"
#include "sk-preferences-window.h"
#include "sk-restore-dialog.h"
#include "sk-test-util.h"

typedef struct {
  char     *dir;
  char     *path;
  SkWindow *window;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  sk_app_test_make_vault (f->path, "pw", 3);
  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->path);
  g_free (f->dir);
}

static SkVault *
vault_of (Fixture *f)
{
  return sk_session_get_vault (sk_window_get_session (f->window));
}

typedef struct {
  gpointer window;
  int      width;
} SizeWait;

static gboolean
has_width (gpointer data)
{
  SizeWait *wait = data;

  /* The default size counts the frame of client-side decorations too. */
  return ABS (gtk_widget_get_width (GTK_WIDGET (wait->window)) - wait->width) <= 10;
}

/* Resizes the window and waits until it has the new width, laid out. */
static void
resize (gpointer window,
        int      width,
        int      height)
{
  SizeWait wait = { window, width };

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (sk_app_test_wait (has_width, &wait, SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_run_for (300);
}

/* Whether @widget is mapped and lies wholly inside @window. */
static gboolean
inside_window (GtkWidget *widget,
               SkWindow  *window)
{
  graphene_rect_t bounds;

  if (!gtk_widget_get_mapped (widget) ||
      !gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds))
    return FALSE;
  return bounds.origin.x >= 0 && bounds.origin.y >= 0 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (GTK_WIDGET (window)) + 0.5 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (GTK_WIDGET (window)) + 0.5;
}

/* The mapped view switcher buttons of @root (header bar and bottom bar
 * alike), by the page they show. */
static void
collect_switcher_buttons (GtkWidget  *root,
                          GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_get_mapped (child) &&
          g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwViewSwitcherButton"))
        g_ptr_array_add (found, child);
      collect_switcher_buttons (child, found);
    }
}

/* The header bar switcher of the page in view. */
static GtkWidget *
switcher_title_of (SkWindow *window)
{
  const char *page = sk_window_get_page_name (window);

  if (g_str_equal (page, "accounts"))
    return GTK_WIDGET (sk_accounts_page_get_switcher_title (sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page")));
  if (g_str_equal (page, "inventory"))
    return GTK_WIDGET (sk_inventory_page_get_switcher_title (sk_app_test_child (window, SK_TYPE_WINDOW, "inventory_page")));
  return GTK_WIDGET (sk_recovery_page_get_switcher_title (sk_app_test_child (window, SK_TYPE_WINDOW,
                                                                            "recovery_page")));
}

static GtkWidget *
switcher_title (Fixture *f)
{
  return switcher_title_of (f->window);
}

static AdwViewSwitcherBar *
switcher_bar (Fixture *f)
{
  return sk_app_test_child (f->window, SK_TYPE_WINDOW, "switcher_bar");
}

/* The window shows its three jobs (codes, inventory, recovery) as pages
 * of one switcher in every page's header bar; too narrow for it, the
 * bar at the bottom takes over, and its buttons stay on screen. */
static void
test_navigation (Fixture       *f,
                 gconstpointer  data)
{
  AdwViewStack *stack = sk_app_test_child (f->window, SK_TYPE_WINDOW, "main_stack");
  SkAccountsPage *accounts = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
  SkInventoryPage *inventory = sk_app_test_child (f->window, SK_TYPE_WINDOW, "inventory_page");
  const char *pages[] = { "accounts", "inventory", "recovery" };
  g_autoptr(GListModel) model = NULL;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  model = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (model, i);

      g_assert_cmpstr (adw_view_stack_page_get_name (page), ==, pages[i]);
      g_assert_nonnull (adw_view_stack_page_get_title (page));
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
    }
  g_assert_true (adw_view_switcher_title_get_stack (sk_accounts_page_get_switcher_title (accounts)) == stack);
  g_assert_true (adw_view_switcher_title_get_stack (sk_inventory_page_get_switcher_title (inventory)) == stack);

  /* Wide: the header bar's switcher, three buttons, no bottom bar. */
  resize (f->window, 900, 640);
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "accounts");
  g_assert_false (adw_view_switcher_bar_get_reveal (switcher_bar (f)));
  collect_switcher_buttons (switcher_title (f), buttons);
  g_assert_cmpuint (buttons->len, ==, 3);
  sk_app_test_screenshot ("window-wide");

  /* Every page by its action, with the switcher still there. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      const char *actions[] = { "win.show-accounts", "win.show-inventory", "win.show-recovery" };

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), actions[i], NULL));
      sk_app_test_run_for (300);
      g_assert_cmpstr (sk_window_get_page_name (f->window), ==, pages[i]);
      g_ptr_array_set_size (buttons, 0);
      collect_switcher_buttons (switcher_title (f), buttons);
      g_assert_cmpuint (buttons->len, ==, 3);
      g_assert_false (adw_view_switcher_bar_get_reveal (switcher_bar (f)));
    }

  /* 360 px: the bottom bar, its three buttons inside the window, on
   * every page. */
  resize (f->window, 360, 640);
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_view_stack_set_visible_child_name (stack, pages[i]);
      sk_app_test_run_for (300);
      g_assert_true (adw_view_switcher_bar_get_reveal (switcher_bar (f)));
      g_ptr_array_set_size (buttons, 0);
      collect_switcher_buttons (GTK_WIDGET (switcher_bar (f)), buttons);
      g_assert_cmpuint (buttons->len, ==, 3);
      for (guint j = 0; j < buttons->len; j++)
        g_assert_true (inside_window (buttons->pdata[j], f->window));
      /* And none left in the header bar. */
      g_ptr_array_set_size (buttons, 0);
      collect_switcher_buttons (switcher_title (f), buttons);
      g_assert_cmpuint (buttons->len, ==, 0);
      {
        g_autofree char *name = g_strdup_printf ("window-narrow-%s", pages[i]);

        sk_app_test_screenshot (name);
      }
    }

  /* A click on the bar's first button goes back to the codes. */
  adw_view_stack_set_visible_child_name (stack, "recovery");
  g_ptr_array_set_size (buttons, 0);
  collect_switcher_buttons (GTK_WIDGET (switcher_bar (f)), buttons);
  gtk_widget_activate (buttons->pdata[0]);
  sk_app_test_run_for (600);
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "accounts");

  /* Wide again: the bar goes. */
  resize (f->window, 900, 640);
  g_assert_false (adw_view_switcher_bar_get_reveal (switcher_bar (f)));
  sk_app_test_close_window (f->window);
}

/* The recovery page offers to start a recovery, and once one is under
 * way says how far it is and continues it; the page's switcher button
 * asks for attention meanwhile. */
static void
test_recovery_page (Fixture       *f,
                    gconstpointer  data)
{
  SkRecoveryPage *recovery_page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "recovery_page");
  AdwStatusPage *status = sk_app_test_child (recovery_page, SK_TYPE_RECOVERY_PAGE, "status");
  GtkButton *button = sk_app_test_child (recovery_page, SK_TYPE_RECOVERY_PAGE, "recover_button");
  AdwViewStackPage *page = adw_view_stack_get_page (sk_app_test_child (f->window, SK_TYPE_WINDOW, "main_stack"),
                                                    GTK_WIDGET (recovery_page));
  GtkRevealer *banner = sk_app_test_child (f->window, SK_TYPE_WINDOW, "recovery_banner");
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *binding = NULL;
  const char *lost[] = { NULL, NULL };
  const char *none[] = { NULL };

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-recovery", NULL));
  sk_app_test_run_for (200);
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "recovery");
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Lost a Phone?");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.recover");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (button)));
  g_assert_false (adw_view_stack_page_get_needs_attention (page));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  g_assert_true (sk_inventory_save_identity (vault_of (f), phone, g_get_real_time (), &error));
  g_assert_no_error (error);
  lost[0] = sk_identity_get_uuid (phone);
  account = g_list_model_get_item (sk_vault_get_accounts (vault_of (f)), 0);
  binding = sk_inventory_bind (vault_of (f), sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                               SK_ROLE_LOGIN, NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  recovery = sk_recovery_start (vault_of (f), lost, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  sk_app_test_flush ();

  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Recovery Under Way");
  g_assert_cmpstr (adw_status_page_get_description (status), ==, "0 of 1 account done. Continue where you left off.");
  g_assert_cmpstr (gtk_button_get_label (button), ==, "C_ontinue");
  g_assert_true (adw_view_stack_page_get_needs_attention (page));
  /* The page says it already: no banner over it, but one over the codes. */
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-accounts", NULL));
  sk_app_test_flush ();
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-recovery", NULL));
  sk_app_test_run_for (200);
  sk_app_test_screenshot ("recovery-page");

  g_assert_true (sk_recovery_close (vault_of (f), recovery->uuid, none, 7, g_get_real_time (), NULL, &error));
  g_assert_no_error (error);
  sk_app_test_flush ();
  g_assert_cmpstr (adw_status_page_get_title (status), ==, "Lost a Phone?");
  g_assert_false (adw_view_stack_page_get_needs_attention (page));
  sk_app_test_wait_saved (f->window);
  sk_app_test_close_window (f->window);
}

static gboolean
has_copy_toast (gpointer data)
{
  return sk_app_test_find_label (data, "copied") != NULL || sk_app_test_find_label (data, "已复制") != NULL;
}

static gboolean
no_copy_toast (gpointer data)
{
  return !has_copy_toast (data);
}

/* The toast of a copied code names the account, whole, at 480 and at
 * 360 px, in English and Chinese. */
static void
test_copy_toast (Fixture       *f,
                 gconstpointer  data)
{
  SkAccountsPage *page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);
  const char *languages[] = { "en", "zh_CN" };
  const int widths[] = { 480, 360 };
  g_autoptr(SkAccount) account = g_list_model_get_item (sk_vault_get_accounts (vault_of (f)), 0);

  sk_account_set_issuer (account, "Industrial and Commercial Bank of China");
  sk_account_set_name (account, "zhang.wei.1990@example.com");
  sk_app_test_flush ();
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
      {
        GtkLabel *label;

        g_setenv ("LANGUAGE", languages[l], TRUE);
        g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
        sk_app_init_i18n ();
        resize (f->window, widths[w], 640);
        sk_accounts_page_copy_code (page, account);
        g_assert_true (sk_app_test_wait (has_copy_toast, f->window, SK_APP_TEST_MAX_WAIT_MS));
        sk_app_test_run_for (400);
        label = sk_app_test_find_label (f->window, l == 0 ? "copied" : "已复制");
        g_assert_nonnull (label);
        g_assert_nonnull (strstr (gtk_label_get_text (label), "Industrial and Commercial Bank of China (zhang.wei.1990@example.com)"));
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
        {
          g_autofree char *name = g_strdup_printf ("copy-toast-%d-%s", widths[w], languages[l]);

          sk_app_test_screenshot (name);
        }
        g_assert_true (inside_window (GTK_WIDGET (label), f->window));
        /* Gone before the next. */
        g_assert_true (sk_app_test_wait (no_copy_toast, f->window, SK_APP_TEST_MAX_WAIT_MS));
      }
  g_unsetenv ("LANGUAGE");
  sk_app_init_i18n ();
  sk_app_test_wait_saved (f->window);
  sk_app_test_close_window (f->window);
}

static guint
n_accounts_on_disk (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);

  g_assert_no_error (error);
  return sk_vault_get_n_accounts (sk_store_get_vault (store));
}

static void
collect_checks (GtkWidget *root,
                GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_CHECK_BUTTON (child))
        g_ptr_array_add (found, child);
      collect_checks (child, found);
    }
}

/* Restore a backup from the app: listed, checked as the CLI's `backup
 * verify` does (a wrong password gets a clear error and no Restore),
 * confirmed, and restored after the window locks: nothing in memory is
 * saved over it, the vault replaced is backed up first. */
static void
test_restore_backup (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SkRestoreDialog *dialog;
  GtkLabel *result;
  GtkWidget *button;
  AdwMessageDialog *confirm;
  const char *chosen;
  guint n_backups;

  /* Two more saves: backups of 3 and of 4 accounts. */
  sk_app_test_close_window (f->window);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);
      g_autoptr(SkAccount) account = sk_account_new_from_uri ("otpauth://totp/New:more?secret=JBSWY3DPEHPK3PXP", &error);

      g_assert_no_error (error);
      sk_vault_add_account (sk_store_get_vault (store), account);
      g_assert_true (sk_store_save (store, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (n_accounts_on_disk (f->path), ==, 5);
  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  backups = sk_store_list_backups (sk_session_get_store (sk_window_get_session (f->window)), &error);
  g_assert_no_error (error);
  n_backups = backups->len;
  g_assert_cmpuint (n_backups, >=, 2);
  /* Newest first: 4 accounts, then 3. */
  chosen = ((SkBackupInfo *) backups->pdata[1])->path;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-backup", NULL));
  dialog = sk_app_test_find_toplevel (SK_TYPE_RESTORE_DIALOG);
  g_assert_nonnull (dialog);
  result = sk_app_test_child (dialog, SK_TYPE_RESTORE_DIALOG, "result_label");
  button = sk_app_test_child (dialog, SK_TYPE_RESTORE_DIALOG, "restore_button");
  collect_checks (GTK_WIDGET (dialog), checks);
  g_assert_cmpuint (checks->len, ==, n_backups);
  g_assert_true (sk_restore_dialog_select (dialog, chosen));
  g_assert_false (gtk_widget_is_sensitive (button));

  /* A wrong password: a clear error, nothing to restore. */
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_RESTORE_DIALOG, "password_row"), "wrong");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.check", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (result)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (result), "This backup cannot be restored: "));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (result), "error"));
  g_assert_false (gtk_widget_is_sensitive (button));

  /* The right one: intact, how many accounts and differences. */
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_RESTORE_DIALOG, "password_row"), "pw");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.check", NULL));
  g_test_message ("%s", gtk_label_get_text (result));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (result),
                                   "The backup is intact and opens with this password. It holds 3 accounts; 2 differences"));
  g_assert_true (gtk_widget_is_sensitive (button));
  sk_app_test_screenshot ("restore-backup");

  /* Another choice must be checked again. */
  g_assert_true (sk_restore_dialog_select (dialog, ((SkBackupInfo *) backups->pdata[0])->path));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (sk_restore_dialog_select (dialog, chosen));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.check", NULL));

  /* Restore asks first; Cancel is the default. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "restore.restore", NULL));
  confirm = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (confirm, "restore"), ==, ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_response (confirm, "restore");
  sk_app_test_run_for (300);

  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "unlock");
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_RESTORE_DIALOG));
  g_assert_cmpuint (n_accounts_on_disk (f->path), ==, 3);
  /* The vault it replaced, kept as a backup. */
  {
    g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);
    g_autoptr(GPtrArray) after = sk_store_list_backups (store, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (after->len, >, n_backups);
  }
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  g_assert_cmpuint (sk_vault_get_n_accounts (vault_of (f)), ==, 3);
  sk_app_test_close_window (f->window);
}

static gboolean
unlocked (gpointer data)
{
  return g_strcmp0 (sk_window_get_page_name (data), "accounts") == 0;
}

/* The first run can put the vault in a folder of the user's choice (a
 * sync folder) or open one that is already there: the usual path becomes
 * a link to it, so that the app and the CLI both open it from then on. */
static void
test_vault_in_folder (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *sync = g_build_filename (dir, "Sync", NULL);
  g_autofree char *target = g_build_filename (sync, "vault.sparekey", NULL);
  g_autofree char *first = g_build_filename (dir, "first", "vault.sparekey", NULL);
  g_autofree char *second = g_build_filename (dir, "second", "vault.sparekey", NULL);
  g_autofree char *junk = g_build_filename (dir, "notes.sparekey", NULL);
  g_autofree char *link = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  SkCreatePage *page;
  SkWindow *window;

  g_assert_cmpint (g_mkdir (sync, 0700), ==, 0);

  /* Created in the folder, linked from the usual place. */
  window = sk_app_test_open_window (first);
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "create");
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "create_page");
  g_assert_true (sk_create_page_set_folder (page, sync, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "location_row")),
                            target));
  sk_app_test_screenshot ("create-in-folder");
  gtk_editable_set_text (sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "password_row"), "pw pw pw pw");
  gtk_editable_set_text (sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "confirm_row"), "pw pw pw pw");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "create-page.create", NULL));
  g_assert_true (sk_app_test_wait (unlocked, window, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_REGULAR) && !g_file_test (target, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_SYMLINK));
  link = g_file_read_link (first, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (link, ==, target);
  sk_app_test_close_window (window);
  store = sk_store_open (first, "pw pw pw pw", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A folder that has a vault already: open it instead. */
  window = sk_app_test_open_window (second);
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "create_page");
  g_assert_false (sk_create_page_set_folder (page, sync, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);

  /* Not a vault: a clear error, no link. */
  g_assert_true (g_file_set_contents (junk, "just some notes", -1, NULL));
  g_assert_false (sk_create_page_open_vault (page, junk, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_A_VAULT);
  g_clear_error (&error);
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS) || g_file_test (second, G_FILE_TEST_IS_SYMLINK));
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "create");

  /* The vault in the folder: linked, then unlocked with its password. */
  g_assert_true (sk_create_page_open_vault (page, target, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (sk_app_test_unlock (window, "pw pw pw pw"));
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "accounts");
  sk_app_test_close_window (window);
}

/* Identities with long addresses, one bound to each account: long rows
 * in the inventory, and weak spots (one way back each) naming them. */
static void
add_long_identities (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);
  const char *values[] = { "zhangweipersonalbackupaccount@examplecompany.com.cn", "13800138000",
                           "wei.zhang.1990@example-company.com.cn" };
  const SkIdentityKind kinds[] = { SK_IDENTITY_EMAIL, SK_IDENTITY_PHONE, SK_IDENTITY_EMAIL };
  const SkBindingRole roles[] = { SK_ROLE_RECOVERY_EMAIL, SK_ROLE_SECURITY_PHONE, SK_ROLE_LOGIN };
  guint n_accounts;
  gint64 now = g_get_real_time ();
  SkVault *vault;
  GListModel *accounts;

  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  accounts = sk_vault_get_accounts (vault);
  n_accounts = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(SkIdentity) identity = sk_identity_new (kinds[i], values[i]);

      g_assert_true (sk_inventory_save_identity (vault, identity, now, &error));
      {
        g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i % n_accounts);
        g_autofree char *binding = sk_inventory_bind (vault, sk_account_get_uuid (account),
                                                      sk_identity_get_uuid (identity), roles[i],
                                                      NULL, NULL, NULL, now, &error);

        g_assert_no_error (error);
      }
      /* And an account without codes whose only way back it is. */
      {
        g_autoptr(SkAccount) only = sk_account_new_without_code (kinds[i] == SK_IDENTITY_PHONE ?
                                                                 SK_PROTECTION_SMS : SK_PROTECTION_EMAIL);
        g_autofree char *binding = NULL;

        sk_account_set_issuer (only, i == 0 ? "Industrial and Commercial Bank of China" : "中国工商银行");
        sk_account_set_name (only, values[i]);
        sk_vault_add_account (vault, only);
        binding = sk_inventory_bind (vault, sk_account_get_uuid (only), sk_identity_get_uuid (identity),
                                     kinds[i] == SK_IDENTITY_PHONE ? SK_ROLE_SECURITY_PHONE : SK_ROLE_RECOVERY_EMAIL,
                                     NULL, NULL, NULL, now, &error);
        g_assert_no_error (error);
      }
    }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
}

/* Whether a label under @root that is on screen is cut short ("Spa…"). */
static gboolean
any_label_ellipsized (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (child))))
        {
          g_test_message ("cut short: %s", gtk_label_get_text (GTK_LABEL (child)));
          return TRUE;
        }
      if (any_label_ellipsized (child))
        return TRUE;
    }
  return FALSE;
}

/* At 360 × 640, in English and Chinese, every page of the window and of
 * the inventory, and the restore, export and import dialogs, keep their
 * buttons inside the window and wrap addresses only between words. */
static void
test_narrow_pages (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);
  const char *languages[] = { "en", "zh_CN" };

  sk_app_test_make_vault (path, "pw", 3);
  add_long_identities (path);
  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      const char *pages[] = { "accounts", "inventory", "recovery" };
      const char *views[] = { "identities", "weak-spots", "audits" };
      const struct { const char *action; GType (*type) (void); } dialogs[] = {
        { "win.restore-backup", sk_restore_dialog_get_type },
        { "win.export", sk_export_dialog_get_type },
        { "win.import", sk_import_dialog_get_type },
        { "app.preferences", sk_preferences_window_get_type },
      };
      SkWindow *window;
      SkInventoryPage *inventory;
      AdwViewStack *stack;

      g_setenv ("LANGUAGE", languages[l], TRUE);
      g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
      sk_app_init_i18n ();
      window = sk_app_test_open_window (path);
      /* Narrow from the start: the pages are made at 360 px. */
      resize (window, 360, 640);
      g_assert_true (sk_app_test_unlock (window, "pw"));
      sk_app_test_run_for (300);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 370);
      stack = sk_app_test_child (window, SK_TYPE_WINDOW, "main_stack");
      inventory = sk_app_test_child (window, SK_TYPE_WINDOW, "inventory_page");
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          guint n_views = g_str_equal (pages[i], "inventory") ? G_N_ELEMENTS (views) : 1;

          adw_view_stack_set_visible_child_name (stack, pages[i]);
          for (guint v = 0; v < n_views; v++)
            {
              g_autofree char *name = NULL;

              if (n_views > 1)
                sk_inventory_page_set_view (inventory, views[v]);
              sk_app_test_run_for (300);
              name = g_strdup_printf ("narrow-%s-%s-%s", pages[i], n_views > 1 ? views[v] : "page",
                                      languages[l]);
              sk_app_test_screenshot (name);
              sk_app_test_assert_buttons_inside (GTK_WINDOW (window));
              sk_app_test_assert_no_midword_wraps (GTK_WIDGET (window));
            }
          /* The title and the count stay whole, also with minimize
           * and maximize buttons (Xvfb's default layout, and many
           * desktops'): below 420 px the codes page's Lock button
           * goes (Lock stays in its menu). */
          if (g_str_equal (pages[i], "accounts"))
            {
              GtkWidget *lock = sk_app_test_child (sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page"),
                                                   SK_TYPE_ACCOUNTS_PAGE, "lock_button");

              g_assert_false (gtk_widget_get_visible (lock));
              g_assert_false (any_label_ellipsized (switcher_title_of (window)));
              /* And while searching ("1 of 3 accounts"). */
              {
                SkAccountsPage *accounts = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
                GtkEditable *entry = sk_app_test_child (accounts, SK_TYPE_ACCOUNTS_PAGE, "search_entry");

                gtk_widget_activate_action (GTK_WIDGET (accounts), "accounts.search", NULL);
                gtk_editable_set_text (entry, "1");
                sk_app_test_run_for (500);
                sk_app_test_screenshot (languages[l][0] == 'e' ? "narrow-search-en" : "narrow-search-zh_CN");
                g_assert_false (any_label_ellipsized (switcher_title_of (window)));
                gtk_editable_set_text (entry, "");
                gtk_search_bar_set_search_mode (sk_app_test_child (accounts, SK_TYPE_ACCOUNTS_PAGE, "search_bar"),
                                                FALSE);
                sk_app_test_run_for (300);
              }
              /* With room, Lock is back in the header. */
              resize (window, 600, 640);
              g_assert_true (gtk_widget_get_visible (lock));
              g_assert_true (gtk_widget_get_mapped (lock));
              resize (window, 360, 640);
              g_assert_false (gtk_widget_get_visible (lock));
            }
        }
      /* The dialogs of the app's menu (Preferences: libadwaita's own
       * window is 360 px wide at least, its frame apart). */
      for (guint d = 0; d < G_N_ELEMENTS (dialogs); d++)
        {
          GtkWindow *dialog;
          g_autofree char *name = NULL;

          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), dialogs[d].action, NULL));
          dialog = sk_app_test_find_toplevel (dialogs[d].type ());
          g_assert_nonnull (dialog);
          resize (dialog, 360, 640);
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 370);
          name = g_strdup_printf ("narrow-%s-%s", strchr (dialogs[d].action, '.') + 1, languages[l]);
          sk_app_test_screenshot (name);
          sk_app_test_assert_buttons_inside (dialog);
          sk_app_test_assert_no_midword_wraps (GTK_WIDGET (dialog));
          gtk_window_destroy (dialog);
          sk_app_test_run_for (100);
        }
      sk_app_test_close_window (window);
    }
  g_unsetenv ("LANGUAGE");
}

/* Where OpenGL is a software rasteriser (Mesa's llvmpipe under Xvfb),
 * the window draws with cairo, which redraws only what changed; with a
 * GPU it keeps GTK's GL renderer. The About window's debugging
 * information says which one draws, for bug reports. */
static void
test_renderer (Fixture       *f,
               gconstpointer  data)
{
  SkApplication *app = SK_APPLICATION (g_application_get_default ());
  const char *gl = sk_app_get_gl_renderer ();
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  g_autofree char *expected = NULL;
  AdwAboutWindow *about = NULL;
  g_autoptr(GListModel) toplevels = NULL;

  g_assert_true (sk_gl_renderer_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (sk_gl_renderer_is_software ("softpipe"));
  g_assert_true (sk_gl_renderer_is_software ("Software Rasterizer"));
  g_assert_false (sk_gl_renderer_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  g_assert_false (sk_gl_renderer_is_software ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49)"));
  g_assert_false (sk_gl_renderer_is_software ("NVIDIA GeForce GTX 1650/PCIe/SSE2"));

  g_assert_nonnull (renderer);
  if (g_getenv ("GSK_RENDERER") != NULL)
    g_test_message ("GSK_RENDERER is set: GTK's choice, %s", G_OBJECT_TYPE_NAME (renderer));
  else if (gl == NULL || sk_gl_renderer_is_software (gl))
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
  else
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), !=, "GskCairoRenderer");
  g_test_message ("OpenGL: %s; drawing with %s", gl ? gl : "none", G_OBJECT_TYPE_NAME (renderer));

  gtk_window_present (GTK_WINDOW (f->window));
  sk_app_test_run_for (100);
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  sk_app_test_run_for (300);
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; about == NULL && i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (window))
        about = ADW_ABOUT_WINDOW (window);
    }
  g_assert_nonnull (about);
  expected = g_strdup_printf ("Renderer: %s\n", G_OBJECT_TYPE_NAME (renderer));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), expected));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (about), "GTK 4."));
  gtk_window_destroy (GTK_WINDOW (about));
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add ("/sparekey/app/window/navigation", Fixture, NULL,
              fixture_setup, test_navigation, fixture_teardown);
  g_test_add ("/sparekey/app/window/recovery-page", Fixture, NULL,
              fixture_setup, test_recovery_page, fixture_teardown);
  g_test_add ("/sparekey/app/window/copy-toast", Fixture, NULL,
              fixture_setup, test_copy_toast, fixture_teardown);
  g_test_add ("/sparekey/app/window/restore-backup", Fixture, NULL,
              fixture_setup, test_restore_backup, fixture_teardown);
  g_test_add ("/sparekey/app/window/renderer", Fixture, NULL,
              fixture_setup, test_renderer, fixture_teardown);
  g_test_add_func ("/sparekey/app/window/vault-in-folder", test_vault_in_folder);
  g_test_add_func ("/sparekey/app/window/narrow-pages", test_narrow_pages);
  return g_test_run ();
}
