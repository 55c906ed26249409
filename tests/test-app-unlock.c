/* test-app-unlock.c: GUI tests of creating, unlocking and locking a vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sk-accounts-page.h"
#include "sk-account-row.h"
#include "sk-app-test-util.h"
#include "sk-create-page.h"
#include "sk-export-dialog.h"
#include "sk-test-util.h"
#include "sk-unlock-page.h"
#include "sk-settings.h"
#include "sk-preferences-window.h"

static SkApplication *app;

static gboolean
on_accounts_page (gpointer window)
{
  return g_strcmp0 (sk_window_get_page_name (window), "accounts") == 0;
}

static void
test_create_vault (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sub", "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  SkWindow *window;
  SkCreatePage *page;
  GtkEditable *password, *confirm;
  GtkWidget *button;
  SkAccountsPage *accounts;

  window = sk_app_test_open_window (path);
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "create");
  g_assert_true (sk_window_get_locked (window));

  page = sk_app_test_child (window, SK_TYPE_WINDOW, "create_page");
  password = sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "password_row");
  confirm = sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "confirm_row");
  button = sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "create_button");

  /* Passwords that differ cannot create anything. */
  gtk_editable_set_text (password, "correct horse battery staple");
  gtk_editable_set_text (confirm, "correct horse battery stapler");
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (confirm), "error"));
  gtk_widget_activate (button);
  sk_app_test_run_for (200);
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "create");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* The strength hint speaks. */
  g_assert_cmpstr (gtk_label_get_text (sk_app_test_child (page, SK_TYPE_CREATE_PAGE, "strength_label")), !=, "");

  gtk_editable_set_text (confirm, "correct horse battery staple");
  g_assert_true (gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);
  g_assert_true (sk_app_test_wait (on_accounts_page, window, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (sk_window_get_locked (window));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* The entries forget the password. */
  g_assert_cmpstr (gtk_editable_get_text (password), ==, "");

  accounts = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (accounts)), ==, 0);

  /* The CLI (or anyone) can open it with that password. */
  store = sk_store_open (path, "correct horse battery staple", &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  sk_app_test_close_window (window);
}

static void
test_unlock (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  SkWindow *window;
  SkAccountsPage *accounts;

  sk_app_test_make_vault (path, "hunter22", 3);
  window = sk_app_test_open_window (path);
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");

  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  accounts = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  g_assert_nonnull (sk_session_get_store (sk_app_test_session (accounts)));
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (accounts)), ==, 3);

  sk_app_test_close_window (window);
}

static gboolean
merge_told (gpointer window)
{
  return sk_app_test_find_label (window, "Merged 1 copy") != NULL;
}

static gboolean
problem_dialog_shown (gpointer data)
{
  return sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The vault sits in a sync folder and changed on two computers: the copy
 * the sync tool kept is merged on unlocking, and the user is told. */
static void
test_unlock_merges_sync_conflict (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *laptop_dir = g_build_filename (dir, "laptop", NULL);
  g_autofree char *laptop = g_build_filename (laptop_dir, "vault.sparekey", NULL);
  g_autofree char *copy = g_build_filename (dir, "vault (conflicted copy 2026-12-02 101112).sparekey", NULL);
  g_autofree char *damaged = g_build_filename (dir, "vault (SFConflict ann 2026-12-02-10-11-12).sparekey", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(SkStore) other = NULL;
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  SkWindow *window;
  SkAccountsPage *accounts;

  sk_app_test_make_vault (path, "pw", 2);
  g_assert_cmpint (g_mkdir (laptop_dir, 0700), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_file_set_contents_full (laptop, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error));
  other = sk_store_open (laptop, "pw", &error);
  g_assert_no_error (error);
  account = sk_account_new_from_uri ("otpauth://totp/Laptop:ann?secret=JBSWY3DPEHPK3PXP&issuer=Laptop", &error);
  g_assert_no_error (error);
  sk_vault_add_account (sk_store_get_vault (other), account);
  g_assert_true (sk_store_save (other, &error));
  g_free (contents);
  g_assert_true (g_file_get_contents (laptop, &contents, &len, NULL));
  g_assert_true (g_file_set_contents_full (copy, contents, len, G_FILE_SET_CONTENTS_NONE, 0600, &error));

  /* And a damaged one, which stays and is explained. */
  g_assert_true (g_file_set_contents_full (damaged, "SPAREKEY but not really", -1,
                                           G_FILE_SET_CONTENTS_NONE, 0600, &error));

  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "pw"));
  accounts = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (accounts)), ==, 3);
  g_assert_true (sk_app_test_wait (merge_told, window, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (damaged, G_FILE_TEST_EXISTS));
  g_assert_true (sk_app_test_wait (problem_dialog_shown, NULL, SK_APP_TEST_MAX_WAIT_MS));
  {
    AdwMessageDialog *dialog = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "SFConflict"));
    gtk_window_destroy (GTK_WINDOW (dialog));
  }

  sk_app_test_close_window (window);
}

static void
test_wrong_password (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  SkWindow *window;
  SkUnlockPage *page;
  GtkLabel *error_label;

  sk_app_test_make_vault (path, "hunter22", 1);
  g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
  window = sk_app_test_open_window (path);
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "unlock_page");
  error_label = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "error_label");

  g_assert_false (sk_app_test_unlock (window, "hunter23"));
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "Wrong password"));
  g_assert_true (gtk_widget_has_css_class (sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "password_row"),
                                           "error"));
  /* A wrong password never changes the file. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);

  /* And the right one still works afterwards. */
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  sk_app_test_close_window (window);
}

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SK_IS_ACCOUNT_ROW (widget))
    g_ptr_array_add (rows, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

static guint
count_rows_with_codes (SkAccountsPage *page)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  guint n = 0;

  collect_rows (GTK_WIDGET (page), rows);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkLabel *code = sk_app_test_child (rows->pdata[i], SK_TYPE_ACCOUNT_ROW, "code_label");
      GtkLabel *issuer = sk_app_test_child (rows->pdata[i], SK_TYPE_ACCOUNT_ROW, "issuer_label");

      if (*gtk_label_get_text (code) != '\0' || *gtk_label_get_text (issuer) != '\0')
        n++;
    }
  return n;
}

static gboolean
rows_show_codes (gpointer page)
{
  return count_rows_with_codes (page) >= 3;
}

static void
test_lock_wipes (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  SkWindow *window;
  SkAccountsPage *accounts;

  sk_app_test_make_vault (path, "hunter22", 3);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  accounts = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  g_assert_true (sk_app_test_wait (rows_show_codes, accounts, SK_APP_TEST_MAX_WAIT_MS));

  /* Ctrl+L's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.lock", NULL));
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");
  g_assert_true (sk_window_get_locked (window));
  g_assert_null (sk_session_get_store (sk_app_test_session (accounts)));
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (accounts)), ==, 0);
  sk_app_test_run_for (100);
  g_assert_cmpuint (count_rows_with_codes (accounts), ==, 0);

  /* Unlocking again brings everything back. */
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (accounts)), ==, 3);
  sk_app_test_close_window (window);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           gboolean                 *seen)
{
  *seen = TRUE;
}

/* The idle check is driven with made-up times: no waiting for minutes,
 * and no assertion on how long anything takes. */
static void
test_auto_lock (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  GSettings *settings = sk_settings ();
  const gint64 delay = 2 * 60 * G_USEC_PER_SEC;
  GtkEventController *motion;
  gboolean moved = FALSE;
  SkWindow *window;
  GtkWidget *dialog;
  gint64 before, last;

  sk_app_test_make_vault (path, "hunter22", 3);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  g_settings_set_uint (settings, SK_SETTING_AUTO_LOCK_DELAY, 2);

  /* A second window that shows vault data. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (sk_app_test_wait (is_mapped, dialog, SK_APP_TEST_MAX_WAIT_MS));

  before = sk_application_get_last_activity (app);
  g_assert_false (sk_application_check_idle (app, before + delay - 1));
  g_assert_false (sk_window_get_locked (window));

  /* The mouse moves in the dialog only: the main window sees nothing. */
  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), &moved);
  gtk_widget_add_controller (dialog, motion);
  if (!sk_app_test_move_pointer (GTK_WINDOW (dialog), 30, 30))
    {
      g_test_skip ("Moving the pointer needs X11");
      sk_app_test_close_window (window);
      g_settings_reset (settings, SK_SETTING_AUTO_LOCK_DELAY);
      return;
    }
  g_assert_true (sk_app_test_move_pointer (GTK_WINDOW (dialog), 60, 40));
  g_assert_true (sk_app_test_wait (flag_set, &moved, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpint (sk_application_get_last_activity (app), >, before);

  /* The delay has passed since the last input in the main window, not
   * since the input in the dialog: still open. */
  g_assert_false (sk_application_check_idle (app, before + delay));
  g_assert_false (sk_window_get_locked (window));
  g_assert_true (sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG) == dialog);

  /* A whole delay without input anywhere locks, and the dialog goes. */
  last = sk_application_get_last_activity (app);
  g_assert_true (sk_application_check_idle (app, last + delay));
  g_assert_true (sk_window_get_locked (window));
  g_assert_cmpstr (sk_window_get_page_name (window), ==, "unlock");
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG));
  /* Nothing left to lock. */
  g_assert_false (sk_application_check_idle (app, last + 2 * delay));

  /* A delay of 0 never locks. */
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  g_settings_set_uint (settings, SK_SETTING_AUTO_LOCK_DELAY, 0);
  last = sk_application_get_last_activity (app);
  g_assert_false (sk_application_check_idle (app, last + 1000 * delay));
  g_assert_false (sk_window_get_locked (window));

  g_settings_reset (settings, SK_SETTING_AUTO_LOCK_DELAY);
  sk_app_test_close_window (window);
}

static char *
add_recovery_key (const char *path,
                  const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, password, &error);
  g_autoptr(SkSecret) key = NULL;
  g_autoptr(SkSecret) text = NULL;

  g_assert_no_error (error);
  key = sk_store_add_key_slot (store, SK_KEY_SLOT_RECOVERY_KEY, NULL, &error);
  g_assert_no_error (error);
  text = sk_recovery_key_format (key);
  return g_strdup (sk_secret_get_string (text));
}

/* "Forgot Password?": the recovery key opens the vault and sets a new
 * password; a wrong one is told and opens nothing. */
static void
test_forgot_password (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *key = NULL;
  g_autofree char *lower = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  SkWindow *window;
  SkUnlockPage *page;
  GtkEditable *recovery, *new_password, *repeat;
  GtkLabel *error_label;

  sk_app_test_make_vault (path, "forgotten", 2);
  key = add_recovery_key (path, "forgotten");
  window = sk_app_test_open_window (path);
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "unlock_page");
  recovery = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "recovery_row");
  new_password = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "new_password_row");
  repeat = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "repeat_row");
  error_label = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "error_label");

  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (recovery)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "unlock-page.forgot", NULL));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (recovery)));
  /* The title says what this view does, not that the app is locked. */
  g_assert_cmpstr (gtk_label_get_text (sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "title_label")),
                   ==, _("Set a New Password"));
  if (g_getenv ("SPAREKEY_TEST_WIDTH") != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), atoi (g_getenv ("SPAREKEY_TEST_WIDTH")), 640);
  sk_app_test_screenshot ("forgot-password");

  /* Passwords that differ set nothing. */
  gtk_editable_set_text (recovery, key);
  gtk_editable_set_text (new_password, "remembered");
  gtk_editable_set_text (repeat, "remembered!");
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock-page.recover", NULL);
  sk_app_test_run_for (200);
  g_assert_true (sk_window_get_locked (window));

  /* A key of the right shape that is not this vault's. */
  gtk_editable_set_text (recovery, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA");
  gtk_editable_set_text (repeat, "remembered");
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock-page.recover", NULL);
  g_assert_true (sk_app_test_wait ((SkAppTestCondition) gtk_widget_get_visible, error_label,
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "recovery key"));
  g_assert_true (sk_window_get_locked (window));

  /* The real one, typed in lower case with spaces. */
  lower = g_ascii_strdown (key, -1);
  g_strdelimit (lower, "-", ' ');
  gtk_editable_set_text (recovery, lower);
  gtk_widget_activate_action (GTK_WIDGET (page), "unlock-page.recover", NULL);
  g_assert_true (sk_app_test_wait (on_accounts_page, window, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpstr (gtk_editable_get_text (recovery), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (new_password), ==, "");
  sk_app_test_close_window (window);

  /* The new password opens it, the old one no longer does, and the
   * recovery key still does. */
  store = sk_store_open (path, "remembered", &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_null (sk_store_open (path, "forgotten", &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  {
    g_autoptr(SkSecret) raw = sk_recovery_key_parse (key, &error);

    g_assert_no_error (error);
    store = sk_store_open_with_key (path, raw, &error);
    g_assert_no_error (error);
  }
}

static gboolean
message_dialog_shown (gpointer data)
{
  return sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Preferences list the ways in of the window's vault, follow it as it
 * locks, and make a recovery key that opens the vault. */
static void
test_preferences_ways_in (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  SkPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GtkWidget *group;
  AdwActionRow *recovery_row;
  GtkLabel *key_label = NULL;
  g_autofree char *key = NULL;
  SkWindow *window;

  sk_app_test_make_vault (path, "hunter22", 1);
  window = sk_app_test_open_window (path);
  prefs = sk_preferences_window_new (GTK_WINDOW (window), sk_window_get_session (window));
  gtk_window_present (GTK_WINDOW (prefs));
  group = sk_app_test_child (prefs, SK_TYPE_PREFERENCES_WINDOW, "keys_group");
  recovery_row = sk_app_test_child (prefs, SK_TYPE_PREFERENCES_WINDOW, "recovery_slot_row");
  g_assert_false (gtk_widget_get_sensitive (group));

  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  g_assert_true (gtk_widget_get_sensitive (group));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (recovery_row), "None"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.new-recovery-key", NULL));
  g_assert_true (sk_app_test_wait (message_dialog_shown, NULL, SK_APP_TEST_MAX_WAIT_MS));
  dialog = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  /* The key as shown: two lines of four groups. */
  for (GtkWidget *w = adw_message_dialog_get_extra_child (dialog); w != NULL; )
    {
      GtkWidget *child = gtk_widget_get_first_child (w);

      for (; child != NULL; child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child))
          key_label = GTK_LABEL (child);
      break;
    }
  g_assert_nonnull (key_label);
  key = g_strdup (gtk_label_get_text (key_label));
  g_assert_nonnull (strchr (key, '\n'));
  {
    g_autoptr(SkSecret) raw = sk_recovery_key_parse (key, &error);
    g_autoptr(SkStore) store = NULL;

    g_assert_no_error (error);
    store = sk_store_open_with_key (path, raw, &error);
    g_assert_no_error (error);
  }
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (recovery_row), "Made on"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Locked again: the group waits for the vault. */
  sk_window_lock (window);
  g_assert_false (gtk_widget_get_sensitive (group));
  gtk_window_destroy (GTK_WINDOW (prefs));
  sk_app_test_close_window (window);
}

/* The two password rows of the Change Password dialog. */
static void
change_rows (AdwMessageDialog *dialog,
             GtkEditable     **first,
             GtkEditable     **second)
{
  GtkWidget *list = adw_message_dialog_get_extra_child (dialog);

  *first = GTK_EDITABLE (gtk_widget_get_first_child (list));
  *second = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (*first)));
}

static gboolean
password_changed (gpointer data)
{
  g_autoptr(SkStore) store = sk_store_open (data, "a new one", NULL);

  return store != NULL;
}

/* Change Password in Preferences: closing the dialog changes nothing (and
 * tears it down cleanly); matching passwords re-key the vault, and the
 * recovery key follows. */
static void
test_preferences_change_password (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) raw = NULL;
  g_autoptr(SkStore) store = NULL;
  SkPreferencesWindow *prefs;
  AdwMessageDialog *dialog;
  GtkEditable *first, *second;
  SkWindow *window;

  g_setenv ("SPAREKEY_KDF_TEST", "1", TRUE);
  sk_app_test_make_vault (path, "hunter22", 1);
  key = add_recovery_key (path, "hunter22");
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "hunter22"));
  prefs = sk_preferences_window_new (GTK_WINDOW (window), sk_window_get_session (window));
  gtk_window_present (GTK_WINDOW (prefs));

  /* Typed, then closed as Escape does: nothing changes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.change-password", NULL));
  g_assert_true (sk_app_test_wait (message_dialog_shown, NULL, SK_APP_TEST_MAX_WAIT_MS));
  dialog = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  change_rows (dialog, &first, &second);
  gtk_editable_set_text (first, "a new one");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "change"));
  gtk_editable_set_text (second, "a new one");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "change"));
  gtk_window_close (GTK_WINDOW (dialog));
  sk_app_test_run_for (200);
  g_assert_null (sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  store = sk_store_open (path, "hunter22", &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Again, answered Change. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (prefs), "prefs.change-password", NULL));
  g_assert_true (sk_app_test_wait (message_dialog_shown, NULL, SK_APP_TEST_MAX_WAIT_MS));
  dialog = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  change_rows (dialog, &first, &second);
  gtk_editable_set_text (first, "a new one");
  gtk_editable_set_text (second, "a new one");
  adw_message_dialog_response (dialog, "change");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (sk_app_test_wait (password_changed, path, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_null (sk_store_open (path, "hunter22", &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  raw = sk_recovery_key_parse (key, &error);
  g_assert_no_error (error);
  store = sk_store_open_with_key (path, raw, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_unsetenv ("SPAREKEY_KDF_TEST");
  gtk_window_destroy (GTK_WINDOW (prefs));
  sk_app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  app = sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/create-vault", test_create_vault);
  g_test_add_func ("/sparekey/app/unlock", test_unlock);
  g_test_add_func ("/sparekey/app/unlock-merges-sync-conflict", test_unlock_merges_sync_conflict);
  g_test_add_func ("/sparekey/app/wrong-password", test_wrong_password);
  g_test_add_func ("/sparekey/app/lock-wipes", test_lock_wipes);
  g_test_add_func ("/sparekey/app/auto-lock", test_auto_lock);
  g_test_add_func ("/sparekey/app/forgot-password", test_forgot_password);
  g_test_add_func ("/sparekey/app/preferences-ways-in", test_preferences_ways_in);
  g_test_add_func ("/sparekey/app/preferences-change-password", test_preferences_change_password);

  return g_test_run ();
}
