/* test-app-no-code.c: GUI tests of accounts without codes (QQ, WeChat,
 * banks), the service directory in the Add dialog and in Details, owners
 * of identities, and that the weak-spots page and the wizard judge the
 * lost-phone vault as the CLI does
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "sk-account-dialog.h"
#include "sk-add-dialog.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-identity-dialog.h"
#include "sk-account-row.h"
#include "sk-inventory-page.h"
#include "sk-qr-dialog.h"
#include "sk-recovery-wizard.h"
#include "sk-test-scenario.h"
#include "sk-test-util.h"

typedef struct {
  char     *dir;
  char     *path;
  char     *password_file;
  SkWindow *window;
} Fixture;

static SkVault *
vault_of (Fixture *f)
{
  return sk_session_get_vault (sk_window_get_session (f->window));
}

static SkSession *
session_of (Fixture *f)
{
  return sk_window_get_session (f->window);
}

/* Runs the real sparekey-cli on the fixture's vault with @input on its
 * standard input; returns what it printed, failing the test unless it
 * exits 0. */
static char *
run_cli (Fixture            *f,
         const char         *input,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (g_getenv ("SPAREKEY_CLI"));
  g_ptr_array_add (argv, (char *) g_getenv ("SPAREKEY_CLI"));
  g_ptr_array_add (argv, (char *) "--vault");
  g_ptr_array_add (argv, f->path);
  g_ptr_array_add (argv, (char *) "--password-file");
  g_ptr_array_add (argv, f->password_file);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != 0)
    g_error ("sparekey-cli %s failed", args[0]);
  return out;
}

/* With SPAREKEY_TEST_WIDTH=360, windows open that wide (the screenshots
 * of the narrow layout). */
static void
size_for_shots (gpointer window)
{
  const char *width = g_getenv ("SPAREKEY_TEST_WIDTH");

  if (width != NULL)
    gtk_window_set_default_size (GTK_WINDOW (window), atoi (width), 640);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkAccount) github = NULL;
  SkKdfParams kdf;

  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  f->password_file = g_build_filename (f->dir, "password", NULL);
  g_assert_true (g_file_set_contents (f->password_file, "pw", -1, NULL));

  sk_kdf_params_minimum (&kdf);
  store = sk_store_create (f->path, "pw", &kdf, &error);
  g_assert_no_error (error);
  /* The scenario has a GitHub account of its own. */
  if (data == NULL)
    {
      github = sk_account_new_from_uri ("otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub", &error);
      g_assert_no_error (error);
      sk_vault_add_account (sk_store_get_vault (store), github);
    }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  /* The lost-phone vault, built by the CLI, for the agreement test. */
  if (data != NULL)
    for (const SkTestCommand *c = sk_test_lost_phone_commands; c->argv[0] != NULL; c++)
      g_free (run_cli (f, c->input, c->argv));

  f->window = sk_app_test_open_window (f->path);
  size_for_shots (f->window);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sk_app_test_close_window (f->window);
  sk_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->password_file);
}

static SkAccount *
find_account (Fixture    *f,
              const char *issuer)
{
  return sk_test_find_account_by_issuer (vault_of (f), issuer);
}

/* Add Account → Without Authenticator Codes: typing "weixin" suggests
 * WeChat from the directory; picking it names the service (and so its
 * category, a wallet); the account has SMS protection and no code. */
static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  SkAddDialog *dialog = sk_add_dialog_new (GTK_WINDOW (f->window), session_of (f));
  GtkListBox *suggestions;
  GtkListBoxRow *first;
  SkAccount *account;
  g_autofree char *picked = NULL;

  size_for_shots (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);
  sk_add_dialog_set_without_code (dialog, TRUE);
  sk_app_test_run_for (50);
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "secret_row")));
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "code_group")));
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "protection_row")));
  /* Nothing typed: nothing to add. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL) &&
                  find_account (f, "") != NULL);

  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row"), "weixin");
  sk_app_test_run_for (50);
  /* "weixin" is an alias: the entry is named at once, no list. */
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "service_row")));
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row"), "wech");
  sk_app_test_run_for (50);
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "service_row")));
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "suggestions_group")));
  suggestions = sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "suggestions_list");
  first = gtk_list_box_get_row_at_index (suggestions, 0);
  g_assert_nonnull (first);
  if (g_getenv ("LANGUAGE") == NULL)
    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "WeChat");
  sk_app_test_screenshot ("no-code-add");
  picked = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)));
  g_signal_emit_by_name (suggestions, "row-activated", first);
  sk_app_test_run_for (50);
  g_assert_cmpstr (gtk_editable_get_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "issuer_row")), ==, picked);
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "service_row")));
  gtk_editable_set_text (sk_app_test_child (dialog, SK_TYPE_ADD_DIALOG, "name_row"), "zhang");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "add.save", NULL));
  sk_app_test_run_for (100);
  account = find_account (f, picked);
  g_assert_nonnull (account);
  g_assert_false (sk_account_has_code (account));
  g_assert_cmpint (sk_account_get_protection (account), ==, SK_PROTECTION_SMS);
  g_assert_cmpstr (sk_account_get_service (account), ==, "wechat");
  g_assert_cmpstr (sk_account_get_category (account), ==, "wallet");
  g_assert_cmpstr (sk_account_get_name (account), ==, "zhang");
}

/* Details of an account without codes: its protection instead of the
 * code settings, the directory's official channels beside the user's
 * own contacts; the protection can be changed. */
static void
test_details (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SkAccount) account = sk_account_new_without_code (SK_PROTECTION_SMS);
  SkAccountDialog *dialog;
  GtkListBox *official;
  AdwViewStack *stack;

  sk_account_set_issuer (account, "支付宝");
  sk_vault_add_account (vault_of (f), account);
  dialog = sk_account_dialog_new (GTK_WINDOW (f->window), session_of (f), account);
  size_for_shots (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);

  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "protection_row")));
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "quick_group")));
  g_assert_false (adw_view_stack_page_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "code_page")));
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "service_row")));
  official = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "official_list");
  g_assert_nonnull (gtk_list_box_get_row_at_index (official, 0));

  stack = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "stack");
  adw_view_stack_set_visible_child_name (stack, "ways-back");
  sk_app_test_run_for (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (official)));
  sk_app_test_screenshot ("no-code-details");

  sk_enum_combo_row_set (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "protection_row"), SK_PROTECTION_APP);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.save", NULL));
  sk_app_test_run_for (100);
  g_assert_cmpint (sk_account_get_protection (account), ==, SK_PROTECTION_APP);
}

/* Delete sits in the menu and asks; the question keeps Cancel as its
 * default, so Enter alone never deletes. */
static void
test_delete_asks (Fixture       *f,
                  gconstpointer  data)
{
  SkAccount *github = find_account (f, "GitHub");
  SkAccountDialog *dialog = sk_account_dialog_new (GTK_WINDOW (f->window), session_of (f), github);
  AdwMessageDialog *question;

  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.delete", NULL));
  sk_app_test_run_for (100);
  question = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (question), "GitHub"));
  adw_message_dialog_response (question, "cancel");
  sk_app_test_run_for (100);
  g_assert_false (sk_session_is_pending_delete (session_of (f), github));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.delete", NULL));
  sk_app_test_run_for (100);
  question = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (question, "delete");
  sk_app_test_run_for (200);
  g_assert_true (sk_session_is_pending_delete (session_of (f), github));
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_ACCOUNT_DIALOG));
}

/* The row of @account in the codes list, once it is shown. */
static SkAccountRow *
row_of (Fixture   *f,
        SkAccount *account)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  sk_app_test_collect (GTK_WIDGET (f->window), SK_TYPE_ACCOUNT_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (sk_account_row_get_account (rows->pdata[i]) == account)
      return rows->pdata[i];
  return NULL;
}

/* The labels and actions of a menu model, sections flattened:
 * "_Copy Code=accounts.copy" … */
static void
menu_items (GMenuModel *model,
            GPtrArray  *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;

      if (section != NULL)
        {
          menu_items (section, out);
          continue;
        }
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      g_ptr_array_add (out, g_strdup_printf ("%s=%s", label, action));
    }
}

/* The row's ⋮ is a menu: Copy Code and Show QR Code only where there is
 * a code, Account Details, and Delete, which asks first (Cancel is the
 * default, so Enter keeps the account) and can be undone. */
static void
test_row_menu (Fixture       *f,
               gconstpointer  data)
{
  SkAccount *github = find_account (f, "GitHub");
  g_autoptr(SkAccount) qq = sk_account_new_without_code (SK_PROTECTION_SMS);
  GtkMenuButton *button;
  AdwMessageDialog *question;
  SkAccountRow *row;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *github_items = NULL;
  g_autofree char *qq_items = NULL;

  sk_account_set_issuer (qq, "QQ");
  {
    g_autoptr(GPtrArray) add = g_ptr_array_new ();

    g_ptr_array_add (add, qq);
    g_assert_cmpuint (sk_session_add_accounts (session_of (f), add), ==, 1);
  }
  sk_app_test_run_for (300);

  row = row_of (f, github);
  g_assert_nonnull (row);
  button = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "menu_button");
  g_assert_true (GTK_IS_MENU_BUTTON (button));
  sk_account_row_popup_menu (row);
  sk_app_test_run_for (100);
  g_assert_nonnull (gtk_menu_button_get_menu_model (button));
  menu_items (gtk_menu_button_get_menu_model (button), items);
  g_ptr_array_add (items, NULL);
  github_items = g_strjoinv (" ", (char **) items->pdata);
  g_assert_cmpstr (github_items, ==,
                   "_Copy Code=accounts.copy Show _QR Code=accounts.show-qr "
                   "_Account Details=accounts.details _Delete…=accounts.delete");
  gtk_menu_button_popdown (button);

  row = row_of (f, qq);
  g_assert_nonnull (row);
  button = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "menu_button");
  sk_account_row_popup_menu (row);
  sk_app_test_run_for (100);
  g_ptr_array_set_size (items, 0);
  menu_items (gtk_menu_button_get_menu_model (button), items);
  g_ptr_array_add (items, NULL);
  qq_items = g_strjoinv (" ", (char **) items->pdata);
  g_assert_cmpstr (qq_items, ==, "_Account Details=accounts.details _Delete…=accounts.delete");
  gtk_menu_button_popdown (button);

  /* Delete from the menu: it asks, and Cancel keeps the account. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "accounts.delete", "s",
                                             sk_account_get_uuid (qq)));
  sk_app_test_run_for (100);
  question = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  g_assert_cmpstr (adw_message_dialog_get_default_response (question), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (question), ==, "cancel");
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (question), "QQ"));
  adw_message_dialog_response (question, "cancel");
  sk_app_test_run_for (100);
  g_assert_false (sk_session_is_pending_delete (session_of (f), qq));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "accounts.delete", "s",
                                             sk_account_get_uuid (qq)));
  sk_app_test_run_for (100);
  question = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  adw_message_dialog_response (question, "delete");
  sk_app_test_run_for (200);
  g_assert_true (sk_session_is_pending_delete (session_of (f), qq));
  g_assert_false (sk_session_is_pending_delete (session_of (f), github));

  /* Show QR Code from the menu opens the QR dialog. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row_of (f, github)), "accounts.show-qr", "s",
                                             sk_account_get_uuid (github)));
  sk_app_test_run_for (200);
  g_assert_nonnull (sk_app_test_find_toplevel (SK_TYPE_QR_DIALOG));
}

/* The identity dialog names the account that owns a mailbox. */
static void
test_owner (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(SkAccount) qq = sk_account_new_without_code (SK_PROTECTION_SMS);
  g_autoptr(SkIdentity) mailbox = sk_identity_new (SK_IDENTITY_EMAIL, "zhang@qq.com");
  g_autoptr(GError) error = NULL;
  SkIdentityDialog *dialog;
  AdwComboRow *owner;
  GListModel *names;
  SkIdentity *saved;
  guint position = G_MAXUINT;

  sk_account_set_issuer (qq, "QQ");
  sk_vault_add_account (vault_of (f), qq);
  g_assert_true (sk_inventory_save_identity (vault_of (f), mailbox, g_get_real_time (), &error));
  g_assert_no_error (error);

  dialog = sk_identity_dialog_new (GTK_WINDOW (f->window), session_of (f), sk_identity_get_uuid (mailbox));
  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);
  owner = sk_app_test_child (dialog, SK_TYPE_IDENTITY_DIALOG, "owner_row");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (owner)));
  g_assert_cmpuint (adw_combo_row_get_selected (owner), ==, 0);
  names = adw_combo_row_get_model (owner);
  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "QQ"))
      position = i;
  g_assert_cmpuint (position, !=, G_MAXUINT);
  adw_combo_row_set_selected (owner, position);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "identity.save", NULL));
  sk_app_test_run_for (100);
  saved = sk_inventory_lookup_identity (vault_of (f), sk_identity_get_uuid (mailbox));
  g_assert_cmpstr (sk_identity_get_account (saved), ==, sk_account_get_uuid (qq));
}

/* As shown: long addresses get break points (zero-width spaces). */
static char *
title_of (GtkWidget *row)
{
  return sk_app_test_shown_text (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static char *
subtitle_of (GtkWidget *row)
{
  return sk_app_test_shown_text (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

/* The weak-spots page lists what `inventory spof` lists, in its order,
 * with the chain in words; after the number is lost, the wizard gives
 * every account the risk `recover plan` gives it, and every weak spot
 * on that number is at risk there (never "covered"). */
static void
test_agreement (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *spof_json = run_cli (f, NULL, (const char *[]) { "--json", "inventory", "spof", NULL });
  g_autoptr(JsonNode) spof = json_from_string (spof_json, NULL);
  JsonArray *spof_entries = json_node_get_array (spof);
  SkInventoryPage *inventory = sk_app_test_child (f->window, SK_TYPE_WINDOW, "inventory_page");
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) weak = g_ptr_array_new ();
  g_autofree char *plan_json = NULL;
  g_autoptr(JsonNode) plan = NULL;
  JsonArray *accounts;
  SkRecoveryWizard *wizard;
  gboolean chain_seen = FALSE;

  g_assert_cmpuint (json_array_get_length (spof_entries), >=, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  sk_app_test_run_for (200);
  {
    g_autoptr(GPtrArray) stacks = g_ptr_array_new ();

    sk_app_test_collect (GTK_WIDGET (inventory), ADW_TYPE_VIEW_STACK, stacks);
    g_assert_cmpuint (stacks->len, >=, 1);
    adw_view_stack_set_visible_child_name (stacks->pdata[0], "weak-spots");
    sk_app_test_run_for (200);
  }
  sk_app_test_collect (sk_app_test_child (inventory, SK_TYPE_INVENTORY_PAGE, "spof_group"),
                       ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (gtk_widget_has_css_class (rows->pdata[i], "sk-warning-row"))
      g_ptr_array_add (weak, rows->pdata[i]);
  g_assert_cmpuint (weak->len, ==, json_array_get_length (spof_entries));
  for (guint i = 0; i < weak->len; i++)
    {
      JsonObject *entry = json_array_get_object_element (spof_entries, i);
      g_autofree char *title = title_of (weak->pdata[i]);
      g_autofree char *subtitle = subtitle_of (weak->pdata[i]);

      g_assert_cmpstr (title, ==, json_object_get_string_member (entry, "name"));
      /* "… → recovery email zhang@qq.com → QQ (10001) → …", in any language. */
      if (strstr (subtitle, "zhang@qq.com → QQ") != NULL)
        chain_seen = TRUE;
    }
  sk_app_test_screenshot ("weak-spots-chain");
  g_assert_true (chain_seen);

  g_free (run_cli (f, NULL, (const char *[]) { "recover", "start", "--lost", "13800138000", NULL }));
  sk_app_test_run_for (500);
  plan_json = run_cli (f, NULL, (const char *[]) { "--json", "recover", "plan", NULL });
  plan = json_from_string (plan_json, NULL);
  accounts = json_object_get_array_member (json_node_get_object (plan), "accounts");
  g_assert_cmpuint (json_array_get_length (accounts), >=, 6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover", NULL));
  sk_app_test_run_for (300);
  wizard = sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD);
  g_assert_nonnull (wizard);
  size_for_shots (wizard);
  sk_recovery_wizard_set_page (wizard, SK_WIZARD_PAGE_AFFECTED);
  sk_app_test_run_for (200);
  sk_app_test_screenshot ("wizard-affected");
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *o = json_array_get_object_element (accounts, i);
      const char *risk = json_object_get_string_member (o, "risk");
      GtkWidget *row = sk_app_test_find_named (GTK_WIDGET (wizard), ADW_TYPE_ACTION_ROW,
                                               json_object_get_string_member (o, "uuid"));
      SkRecoveryRisk r;
      g_autofree char *subtitle = NULL;

      g_assert_nonnull (row);
      for (r = SK_RECOVERY_RISK_MONEY; r <= SK_RECOVERY_RISK_COVERED; r++)
        if (g_str_equal (sk_recovery_risk_to_string (r), risk))
          break;
      g_assert_cmpint (r, <=, SK_RECOVERY_RISK_COVERED);
      subtitle = subtitle_of (row);
      g_assert_cmpstr (subtitle, ==, sk_recovery_risk_get_label (r));

      /* A weak spot on the lost number is never "covered" in the plan. */
      for (guint j = 0; j < json_array_get_length (spof_entries); j++)
        {
          JsonObject *entry = json_array_get_object_element (spof_entries, j);

          if (g_str_equal (json_object_get_string_member (entry, "name"), json_object_get_string_member (o, "name")) &&
              g_str_equal (json_object_get_string_member (entry, "identity_display"), "+86 13800138000"))
            g_assert_cmpstr (risk, !=, "covered");
        }
    }
  /* The emergency steps name 微信's own freeze channel (a screenshot). */
  sk_recovery_wizard_set_page (wizard, SK_WIZARD_PAGE_STEPS);
  sk_app_test_run_for (200);
  sk_app_test_screenshot ("wizard-steps");
  gtk_window_close (GTK_WINDOW (wizard));
  sk_app_test_run_for (100);
}

int
main (int    argc,
      char **argv)
{
  sk_app_test_init (&argc, &argv);
  /* LANGUAGE=zh_CN (for the screenshots): the build's catalogue. */
  if (g_getenv ("LANGUAGE") != NULL)
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);

      g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
      sk_app_init_i18n ();
    }

  g_test_add ("/sparekey/app/no-code/add", Fixture, NULL, fixture_setup, test_add, fixture_teardown);
  g_test_add ("/sparekey/app/no-code/details", Fixture, NULL, fixture_setup, test_details, fixture_teardown);
  g_test_add ("/sparekey/app/no-code/delete-asks", Fixture, NULL, fixture_setup, test_delete_asks, fixture_teardown);
  g_test_add ("/sparekey/app/no-code/row-menu", Fixture, NULL, fixture_setup, test_row_menu, fixture_teardown);
  g_test_add ("/sparekey/app/no-code/owner", Fixture, NULL, fixture_setup, test_owner, fixture_teardown);
  g_test_add ("/sparekey/app/no-code/agreement", Fixture, "scenario", fixture_setup, test_agreement,
              fixture_teardown);
  return g_test_run ();
}
