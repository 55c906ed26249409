/* test-app-inventory.c: GUI tests of recovery codes, identities,
 * bindings, weak spots, audits and the login-time reminder
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-account-dialog.h"
#include "sk-add-dialog.h"
#include "sk-account-row.h"
#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-audit-dialog.h"
#include "sk-binding-dialog.h"
#include "sk-binding-row.h"
#include "sk-codes-dialog.h"
#include "sk-codes-viewer.h"
#include "sk-identity-dialog.h"
#include "sk-identity-row.h"
#include "sk-inventory-page.h"
#include "sk-recovery-wizard.h"
#include "sk-test-util.h"

#define DAY_US ((gint64) 24 * 60 * 60 * G_USEC_PER_SEC)

typedef struct {
  char            *dir;
  char            *path;
  SkWindow        *window;
  SkAccountsPage  *page;
  SkInventoryPage *inventory;
} Fixture;

/* Makes every account of the vault due: an audit recorded 100 days ago. */
static void
make_due (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);
  GListModel *accounts;

  g_assert_no_error (error);
  accounts = sk_vault_get_accounts (sk_store_get_vault (store));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      g_autoptr(SkAuditRecord) record = NULL;

      record = sk_audit_record_done (sk_store_get_vault (store), sk_account_get_uuid (account),
                                     NULL, NULL, g_get_real_time () - 100 * DAY_US, &error);
      g_assert_no_error (error);
    }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
}

/* An appeal sent 80 hours ago and never answered: past the 72-hour
 * escalation. No audit is due, so only the escalation can notify. */
static void
make_unanswered_appeal (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, "pw", &error);
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(SkAppeal) appeal = NULL;
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *binding = NULL;
  const char *lost[] = { NULL, NULL };
  gint64 now = g_get_real_time ();
  SkVault *vault;

  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  account = g_list_model_get_item (sk_vault_get_accounts (vault), 0);
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (account), 0, now, &error));
  g_assert_true (sk_inventory_save_identity (vault, phone, now, &error));
  binding = sk_inventory_bind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                               SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  lost[0] = sk_identity_get_uuid (phone);
  recovery = sk_recovery_start (vault, lost, NULL, now, &error);
  g_assert_no_error (error);
  appeal = sk_appeal_record_sent (vault, recovery->uuid, sk_account_get_uuid (account),
                                  SK_APPEAL_CHANNEL_TICKET, now - (gint64) 80 * 3600 * G_USEC_PER_SEC,
                                  now, &error);
  g_assert_no_error (error);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  sk_app_test_make_vault (f->path, "pw", 2);
  if (GPOINTER_TO_INT (data))
    make_due (f->path);
  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
  f->inventory = sk_app_test_child (f->window, SK_TYPE_WINDOW, "inventory_page");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sk_app_test_close_window (f->window);
  g_free (f->path);
  g_free (f->dir);
}

static SkVault *
vault_of (Fixture *f)
{
  return sk_store_get_vault (sk_session_get_store (sk_app_test_session (f->page)));
}

static SkAccount *
account_at (Fixture *f,
            guint    i)
{
  GListModel *model = sk_accounts_page_get_model (f->page);
  g_autoptr(SkAccount) account = g_list_model_get_item (model, i);

  return account;   /* the vault keeps it */
}

static gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

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

static SkAccountDialog *
open_account_dialog (Fixture   *f,
                     SkAccount *account)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.details", "s",
                                             sk_account_get_uuid (account)));
  return find_toplevel (SK_TYPE_ACCOUNT_DIALOG);
}

static void
test_codes (Fixture       *f,
            gconstpointer  data)
{
  SkAccount *account = account_at (f, 0);
  const char *uuid = sk_account_get_uuid (account);
  SkAccountDialog *dialog = open_account_dialog (f, account);
  SkCodesDialog *codes;
  GtkTextView *view;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SkSecret) first = NULL;
  g_autofree char *copied = NULL;
  SkAccountRow *row;
  guint total = 0;

  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.add-codes", NULL));
  codes = find_toplevel (SK_TYPE_CODES_DIALOG);
  g_assert_nonnull (codes);

  /* Nothing parsed yet: nothing to save. */
  g_assert_cmpuint (sk_codes_dialog_get_n_parsed (codes), ==, 0);
  view = sk_app_test_child (codes, SK_TYPE_CODES_DIALOG, "text_view");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view),
                            "Your backup codes\n"
                            "1. abcd-efgh   2. ijkl-mnop\n"
                            "3. 1234 5678\n"
                            "Generated 2026-01-31\n", -1);
  g_assert_cmpuint (sk_codes_dialog_get_n_parsed (codes), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (codes), "codes.save", NULL));
  g_assert_null (find_toplevel (SK_TYPE_CODES_DIALOG));

  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault_of (f), uuid, &total), ==, 3);
  g_assert_cmpuint (total, ==, 3);
  /* The row hears of the new codes from the session, right after. */
  sk_app_test_flush ();
  row = find_row (GTK_WIDGET (f->page), account);
  g_assert_nonnull (row);
  g_assert_cmpuint (sk_account_row_get_codes_left (row), ==, 3);

  /* Mark the first one used: it goes to the clipboard. */
  list = sk_recovery_codes_list (vault_of (f), uuid);
  first = sk_recovery_codes_dup_code (vault_of (f), ((SkRecoveryCode *) list->pdata[0])->uuid);
  g_assert_cmpstr (sk_secret_get_string (first), ==, "abcd-efgh");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.use-code", "s",
                                             ((SkRecoveryCode *) list->pdata[0])->uuid));
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault_of (f), uuid, NULL), ==, 2);
  sk_app_test_flush ();
  g_assert_cmpuint (sk_account_row_get_codes_left (row), ==, 2);
  g_assert_true (gtk_widget_has_css_class (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "codes_label"),
                                           "warning"));
  copied = sk_app_test_clipboard_text (GTK_WIDGET (f->page));
  g_assert_cmpstr (copied, ==, "abcd-efgh");

  /* Saved: the CLI would see it. */
  sk_app_test_wait_saved (f->page);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sk_recovery_codes_count_remaining (sk_store_get_vault (store), uuid, NULL), ==, 2);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_identity_binding (Fixture       *f,
                       gconstpointer  data)
{
  SkAccount *account = account_at (f, 0);
  SkIdentityDialog *identity_dialog;
  SkBindingDialog *binding_dialog;
  SkAccountDialog *dialog;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  const char *identity_uuid;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "inventory");
  g_assert_cmpuint (sk_inventory_page_get_n_identities (f->inventory), ==, 0);

  /* A phone number. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.add-identity", NULL));
  identity_dialog = find_toplevel (SK_TYPE_IDENTITY_DIALOG);
  g_assert_nonnull (identity_dialog);
  sk_identity_dialog_set_kind (identity_dialog, SK_IDENTITY_PHONE);
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (identity_dialog, SK_TYPE_IDENTITY_DIALOG, "carrier_row")));
  gtk_editable_set_text (sk_app_test_child (identity_dialog, SK_TYPE_IDENTITY_DIALOG, "country_row"), "+86");
  gtk_editable_set_text (sk_app_test_child (identity_dialog, SK_TYPE_IDENTITY_DIALOG, "value_row"), "138 0013 8000");
  gtk_editable_set_text (sk_app_test_child (identity_dialog, SK_TYPE_IDENTITY_DIALOG, "carrier_row"), "China Mobile");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (identity_dialog), "identity.save", NULL));
  g_assert_null (find_toplevel (SK_TYPE_IDENTITY_DIALOG));
  sk_app_test_flush ();
  g_assert_cmpuint (sk_inventory_page_get_n_identities (f->inventory), ==, 1);
  identities = sk_inventory_list_identities (vault_of (f));
  g_assert_cmpuint (identities->len, ==, 1);
  identity_uuid = sk_identity_get_uuid (identities->pdata[0]);
  g_assert_cmpstr (sk_identity_get_carrier (identities->pdata[0]), ==, "China Mobile");

  /* Nothing recorded for any account yet: no weak spot. */
  g_assert_cmpuint (sk_inventory_page_get_n_weak_spots (f->inventory), ==, 0);

  /* Bind the account to it for SMS codes. */
  dialog = open_account_dialog (f, account);
  /* Escape with a note typed asks first, keeping it by default; with
   * nothing typed it closes at once. */
  for (guint typed = 0; typed < 2; typed++)
    {
      AdwMessageDialog *ask;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.add-binding", NULL));
      binding_dialog = find_toplevel (SK_TYPE_BINDING_DIALOG);
      g_assert_nonnull (binding_dialog);
      if (typed)
        gtk_editable_set_text (sk_app_test_child (binding_dialog, SK_TYPE_BINDING_DIALOG, "note_row"), "Work SIM");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (binding_dialog), "binding.cancel", NULL));
      sk_app_test_run_for (50);
      ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      if (!typed)
        {
          g_assert_null (ask);
          g_assert_null (find_toplevel (SK_TYPE_BINDING_DIALOG));
          continue;
        }
      g_assert_nonnull (ask);
      g_assert_cmpstr (adw_message_dialog_get_default_response (ask), ==, "keep");
      g_assert_cmpstr (adw_message_dialog_get_close_response (ask), ==, "keep");
      adw_message_dialog_response (ask, "keep");
      sk_app_test_run_for (50);
      g_assert_true (find_toplevel (SK_TYPE_BINDING_DIALOG) == binding_dialog);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (binding_dialog), "binding.cancel", NULL));
      ask = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
      g_assert_nonnull (ask);
      adw_message_dialog_response (ask, "discard");
      sk_app_test_run_for (100);
      g_assert_null (find_toplevel (SK_TYPE_BINDING_DIALOG));
    }
  bindings = sk_inventory_list_bindings (vault_of (f), sk_account_get_uuid (account), NULL);
  g_assert_cmpuint (bindings->len, ==, 0);
  g_clear_pointer (&bindings, g_ptr_array_unref);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.add-binding", NULL));
  binding_dialog = find_toplevel (SK_TYPE_BINDING_DIALOG);
  g_assert_nonnull (binding_dialog);
  g_assert_true (sk_binding_dialog_select (binding_dialog, identity_uuid, SK_ROLE_SECURITY_PHONE));
  gtk_editable_set_text (sk_app_test_child (binding_dialog, SK_TYPE_BINDING_DIALOG, "since_row"), "2019/3/7");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (binding_dialog), "binding.save", NULL));
  g_assert_null (find_toplevel (SK_TYPE_BINDING_DIALOG));
  bindings = sk_inventory_list_bindings (vault_of (f), sk_account_get_uuid (account), NULL);
  g_assert_cmpuint (bindings->len, ==, 1);
  g_assert_cmpstr (sk_binding_get_since (bindings->pdata[0]), ==, "2019-03-07");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* What depends on this number? */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.edit-identity", "s",
                                             identity_uuid));
  identity_dialog = find_toplevel (SK_TYPE_IDENTITY_DIALOG);
  g_assert_nonnull (identity_dialog);
  g_assert_cmpuint (sk_identity_dialog_get_n_dependents (identity_dialog), ==, 1);
  gtk_window_destroy (GTK_WINDOW (identity_dialog));

  /* This vault makes its codes, a way back no number can take (the
   * wizard says "Covered"): the number is no single point of failure
   * for it. */
  g_assert_cmpuint (sk_inventory_page_get_n_weak_spots (f->inventory), ==, 0);

  /* An account without codes, SMS only, on the same number: SMS is its
   * only way back, a single point of failure. */
  {
    g_autoptr(SkAccount) sms_only = sk_account_new_without_code (SK_PROTECTION_SMS);
    g_autoptr(GError) error = NULL;
    g_autofree char *binding = NULL;

    sk_account_set_issuer (sms_only, "QQ");
    sk_vault_add_account (vault_of (f), sms_only);
    binding = sk_inventory_bind (vault_of (f), sk_account_get_uuid (sms_only), identity_uuid,
                                 SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, g_get_real_time (), &error);
    g_assert_no_error (error);
    sk_app_test_flush ();
    g_assert_cmpuint (sk_inventory_page_get_n_weak_spots (f->inventory), ==, 1);
    account = sms_only;
  }

  /* Recovery codes are a second way back. */
  {
    g_autoptr(GPtrArray) codes = sk_recovery_codes_parse ("aaaa-1111 bbbb-2222 cccc-3333", NULL, NULL);

    sk_recovery_codes_add (vault_of (f), sk_account_get_uuid (account), codes, g_get_real_time ());
    sk_app_test_flush ();
  }
  g_assert_cmpuint (sk_inventory_page_get_n_weak_spots (f->inventory), ==, 0);
}

/* The widgets of @type under @root, depth first. */
static void
find_all (GtkWidget *root,
          GType      type,
          GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      find_all (child, type, out);
    }
}

/* The only widget of @type under @root, or NULL when there is none. */
static gpointer
find_one (gpointer root,
          GType    type)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  find_all (root, type, all);
  g_assert_cmpuint (all->len, <=, 1);
  return all->len == 1 ? all->pdata[0] : NULL;
}

static const char *
group_title (GtkWidget *widget)
{
  GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);

  return adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
}

static void
save_copy (SkVault          *vault,
           const char       *uuid,
           SkIdentityKind    kind,
           SkIdentityStatus  status)
{
  g_autoptr(SkIdentity) copy = sk_identity_copy (sk_inventory_lookup_identity (vault, uuid));
  g_autoptr(GError) error = NULL;

  sk_identity_set_kind (copy, kind);
  sk_identity_set_status (copy, status);
  g_assert_true (sk_inventory_save_identity (vault, copy, g_get_real_time (), &error));
  g_assert_no_error (error);
}

/* The page and the dialogs follow the vault's identities and bindings
 * as they change, without being told (no ::records-changed here). */
static void
test_rows_follow (Fixture       *f,
                  gconstpointer  data)
{
  SkVault *vault = vault_of (f);
  SkAccount *account = account_at (f, 0);
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;
  GtkWidget *no_identities = sk_app_test_child (f->inventory, SK_TYPE_INVENTORY_PAGE, "no_identities_group");
  SkAccountDialog *dialog;
  SkIdentityDialog *identity_dialog;
  SkIdentityRow *row;
  SkBindingRow *binding_row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  g_assert_true (gtk_widget_get_visible (no_identities));
  g_assert_null (find_one (f->inventory, SK_TYPE_IDENTITY_ROW));

  /* Added: a row in the phones' group. */
  g_assert_true (sk_inventory_save_identity (vault, phone, g_get_real_time (), &error));
  g_assert_no_error (error);
  g_assert_false (gtk_widget_get_visible (no_identities));
  g_assert_cmpuint (sk_inventory_page_get_n_identities (f->inventory), ==, 1);
  row = find_one (f->inventory, SK_TYPE_IDENTITY_ROW);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "13800138000");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "0 accounts");
  g_assert_cmpstr (group_title (GTK_WIDGET (row)), ==, "Phone Numbers");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_ancestor (GTK_WIDGET (row), ADW_TYPE_PREFERENCES_GROUP)));

  /* Bound, while the account's dialog is open: the row counts it, the
   * dialog lists it. */
  dialog = open_account_dialog (f, account);
  g_assert_nonnull (dialog);
  g_assert_null (find_one (dialog, SK_TYPE_BINDING_ROW));
  binding = sk_inventory_bind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                               SK_ROLE_SECURITY_PHONE, "2019-03-07", NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  /* This vault makes the account's codes: the number is not its only
   * way back. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "1 account");
  binding_row = find_one (dialog, SK_TYPE_BINDING_ROW);
  g_assert_nonnull (binding_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (binding_row)), ==, "13800138000");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (binding_row)), ==,
                   "Security phone / SMS codes · since 2019-03-07");
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "bindings_list")));
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "bindings_empty_list")));

  /* Lost: tagged on the page, marked in the dialog. */
  save_copy (vault, sk_identity_get_uuid (phone), SK_IDENTITY_PHONE, SK_IDENTITY_LOST);
  g_assert_true (find_one (f->inventory, SK_TYPE_IDENTITY_ROW) == row);
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_IDENTITY_ROW, "tag")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (binding_row)), ==,
                   "Security phone / SMS codes · Lost · since 2019-03-07");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (binding_row), "sk-warning-row"));

  /* Another kind: the row goes to that kind's group, the old one hides. */
  save_copy (vault, sk_identity_get_uuid (phone), SK_IDENTITY_EMAIL, SK_IDENTITY_ACTIVE);
  row = find_one (f->inventory, SK_TYPE_IDENTITY_ROW);
  g_assert_cmpstr (group_title (GTK_WIDGET (row)), ==, "Email Addresses");
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_IDENTITY_ROW, "tag")));

  /* The identity's dialog lists the account and follows the binding. */
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.edit-identity", "s",
                                             sk_identity_get_uuid (phone)));
  identity_dialog = find_toplevel (SK_TYPE_IDENTITY_DIALOG);
  binding_row = find_one (identity_dialog, SK_TYPE_BINDING_ROW);
  g_assert_nonnull (binding_row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (binding_row)), ==,
                   sk_account_get_display_name (account));
  g_assert_cmpuint (sk_identity_dialog_get_n_dependents (identity_dialog), ==, 1);

  /* Unbound: gone from the dialog, counted out on the page. */
  g_assert_cmpuint (sk_inventory_unbind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                                         -1, g_get_real_time ()), ==, 1);
  g_assert_null (find_one (identity_dialog, SK_TYPE_BINDING_ROW));
  g_assert_cmpuint (sk_identity_dialog_get_n_dependents (identity_dialog), ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "0 accounts");
  gtk_window_destroy (GTK_WINDOW (identity_dialog));

  /* Removed: the page is empty again. */
  g_assert_true (sk_inventory_remove_identity (vault, sk_identity_get_uuid (phone), g_get_real_time (), NULL, &error));
  g_assert_null (find_one (f->inventory, SK_TYPE_IDENTITY_ROW));
  g_assert_true (gtk_widget_get_visible (no_identities));
}

static guint
count_due (Fixture *f)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) due = sk_audit_list_due (vault_of (f), now, 0, FALSE);

  return due->len;
}

static gboolean
banner_shown (Fixture *f)
{
  GtkRevealer *revealer = sk_app_test_child (f->page, SK_TYPE_ACCOUNTS_PAGE, "audit_revealer");

  return gtk_revealer_get_reveal_child (revealer);
}

static gboolean
toast_over_inventory (gpointer data)
{
  Fixture *f = data;

  /* The window's one overlay shows it over the page in view. */
  return g_strcmp0 (sk_window_get_page_name (f->window), "inventory") == 0 &&
         sk_app_test_find_label (f->window, "Checked “") != NULL;
}

static void
test_audit_banner (Fixture       *f,
                   gconstpointer  data)
{
  SkAuditDialog *dialog;

  g_assert_true (banner_shown (f));
  g_assert_cmpuint (count_due (f), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "win.show-audits", NULL));
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "inventory");
  g_assert_cmpstr (sk_inventory_page_get_view (f->inventory), ==, "audits");
  g_assert_cmpuint (sk_inventory_page_get_n_due (f->inventory), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      SkAccount *account = account_at (f, i);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.audit", "s",
                                                 sk_account_get_uuid (account)));
      dialog = find_toplevel (SK_TYPE_AUDIT_DIALOG);
      g_assert_nonnull (dialog);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "audit.mark", NULL));
      g_assert_null (find_toplevel (SK_TYPE_AUDIT_DIALOG));
      sk_app_test_flush ();
      g_assert_cmpuint (sk_inventory_page_get_n_due (f->inventory), ==, 1 - i);
      g_assert_true (banner_shown (f) == (i == 0));
    }
  g_assert_cmpuint (sk_audit_list_history (vault_of (f), sk_account_get_uuid (account_at (f, 0)))->len, ==, 2);
  /* The dialog's toast shows over the inventory, where the user is. */
  g_assert_true (sk_app_test_wait (toast_over_inventory, f, SK_APP_TEST_MAX_WAIT_MS));

  /* Back to the codes. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-accounts", NULL));
  g_assert_cmpstr (sk_window_get_page_name (f->window), ==, "accounts");
}

static gboolean
marked_toast (gpointer data)
{
  Fixture *f = data;

  return sk_app_test_find_label (f->window, "Marked 2 accounts audited") != NULL;
}

/* The check buttons of the due rows. */
static void
collect_checks (GtkWidget *root,
                GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_CHECK_BUTTON (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (found, child);
      collect_checks (child, found);
    }
}

/* The checklist shows what it asks about: the bindings (third-party
 * logins apart too) and the recovery codes left. Several due accounts
 * are ticked and marked audited at once. */
static void
test_audit_several (Fixture       *f,
                    gconstpointer  data)
{
  SkVault *vault = vault_of (f);
  SkAccount *account = account_at (f, 0);
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkIdentity) wechat = sk_identity_new (SK_IDENTITY_THIRD_PARTY, "wxid_zhang");
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;
  GtkWidget *group = sk_app_test_child (f->inventory, SK_TYPE_INVENTORY_PAGE, "due_group");
  GtkWidget *actions = sk_app_test_child (f->inventory, SK_TYPE_INVENTORY_PAGE, "due_actions");
  SkAuditDialog *dialog;
  const char *text;

  g_assert_true (sk_inventory_save_identity (vault, phone, g_get_real_time (), &error));
  g_assert_no_error (error);
  g_assert_true (sk_inventory_save_identity (vault, wechat, g_get_real_time (), &error));
  g_assert_no_error (error);
  binding = sk_inventory_bind (vault, uuid, sk_identity_get_uuid (phone), SK_ROLE_SECURITY_PHONE,
                               NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_clear_pointer (&binding, g_free);
  binding = sk_inventory_bind (vault, uuid, sk_identity_get_uuid (wechat), SK_ROLE_THIRD_PARTY_LOGIN,
                               NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_ptr_array_add (secrets, sk_secret_new_from_string ("aaaa-1111"));
  g_ptr_array_add (secrets, sk_secret_new_from_string ("bbbb-2222"));
  g_ptr_array_add (secrets, sk_secret_new_from_string ("cccc-3333"));
  g_assert_cmpuint (sk_recovery_codes_add (vault, uuid, secrets, g_get_real_time ()), ==, 3);
  codes = sk_recovery_codes_list (vault, uuid);
  g_assert_true (sk_recovery_codes_set_used (vault, ((SkRecoveryCode *) codes->pdata[0])->uuid,
                                             g_get_real_time (), &error));
  g_assert_no_error (error);
  sk_app_test_flush ();

  /* The checklist, with what it asks about. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.audit", "s", uuid));
  dialog = find_toplevel (SK_TYPE_AUDIT_DIALOG);
  g_assert_nonnull (dialog);
  sk_app_test_run_for (200);
  text = gtk_label_get_text (sk_app_test_find_label (dialog, "13800138000"));
  g_assert_nonnull (strstr (text, sk_binding_role_get_label (SK_ROLE_SECURITY_PHONE)));
  g_assert_nonnull (strstr (text, "wxid_zhang"));
  g_assert_nonnull (sk_app_test_find_label (dialog, "2 of 3 recovery codes left"));
  sk_app_test_screenshot ("audit-checklist");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The other account has nothing to show. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.audit", "s",
                                             sk_account_get_uuid (account_at (f, 1))));
  dialog = find_toplevel (SK_TYPE_AUDIT_DIALOG);
  sk_app_test_run_for (200);
  g_assert_nonnull (sk_app_test_find_label (dialog, "No bindings recorded"));
  g_assert_nonnull (sk_app_test_find_label (dialog, "No recovery codes recorded"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The due list: a tick per account; nothing ticked, nothing to mark. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "win.show-audits", NULL));
  sk_app_test_run_for (300);
  g_assert_cmpuint (sk_inventory_page_get_n_due (f->inventory), ==, 2);
  g_assert_true (gtk_widget_get_mapped (actions));
  collect_checks (group, checks);
  g_assert_cmpuint (checks->len, ==, 2);
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (
    sk_app_test_find_label (actions, "Mark Audited"))));
  /* One ticked: Mark Audited can be pressed. */
  gtk_check_button_set_active (checks->pdata[0], TRUE);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (sk_app_test_find_label (actions, "Mark Audited"))));

  /* Select All, then Mark Audited: both recorded, one toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.select-all-due", NULL));
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (gtk_check_button_get_active (checks->pdata[i]));
  sk_app_test_screenshot ("audits-selected");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.mark-selected-audited", NULL));
  sk_app_test_flush ();
  g_assert_cmpuint (sk_inventory_page_get_n_due (f->inventory), ==, 0);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (sk_audit_list_history (vault, sk_account_get_uuid (account_at (f, i)))->len, ==, 2);
  g_assert_true (sk_app_test_wait (marked_toast, f, SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_wait_saved (f->window);
}

/* A stand-in notification server on the test's session bus. */

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'>"
  "<arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "<arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "</method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/><arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "</method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "<signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "</interface></node>";

typedef struct {
  guint  n_notify;
  char  *summary;
  char **actions;
  gboolean owned;
} Server;

static void
server_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  Server *server = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      g_clear_pointer (&server->summary, g_free);
      g_clear_pointer (&server->actions, g_strfreev);
      g_variant_get_child (parameters, 3, "s", &server->summary);
      g_variant_get_child (parameters, 5, "^as", &server->actions);
      server->n_notify++;
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", 7));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "sparekey", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Server *) user_data)->owned = TRUE;
}

static gboolean
name_owned (gpointer data)
{
  return ((Server *) data)->owned;
}

static gboolean
got_notify (gpointer data)
{
  return ((Server *) data)->n_notify > 0;
}

static void
on_subprocess_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until @process ends. */
static gboolean
wait_exit (GSubprocess *process,
           guint        timeout_ms)
{
  gboolean done = FALSE;
  gboolean ok;

  g_subprocess_wait_async (process, NULL, on_subprocess_done, &done);
  ok = sk_app_test_wait (is_true, &done, timeout_ms);
  /* The callback must not outlive @done. */
  if (!ok)
    {
      g_subprocess_force_exit (process);
      sk_app_test_wait (is_true, &done, SK_APP_TEST_MAX_WAIT_MS);
    }
  return ok;
}

static GSubprocess *
spawn_check (const char *vault_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  const char *app = g_getenv ("SPAREKEY_APP");
  GSubprocess *process;

  g_subprocess_launcher_setenv (launcher, "SPAREKEY_VAULT", vault_path, TRUE);
  g_subprocess_launcher_setenv (launcher, "GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, app, "--check-audits", NULL);
  g_assert_no_error (error);
  return process;
}

static void
test_check_audits (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *due_path = g_build_filename (dir, "due.sparekey", NULL);
  g_autofree char *fresh_path = g_build_filename (dir, "fresh.sparekey", NULL);
  g_autofree char *appeal_path = g_build_filename (dir, "appeal.sparekey", NULL);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  GDBusInterfaceVTable vtable = { server_method_call, NULL, NULL, { 0 } };
  Server server = { 0, };
  guint object_id, owner_id;

  if (g_getenv ("SPAREKEY_APP") == NULL)
    {
      g_test_skip ("SPAREKEY_APP is not set");
      return;
    }

  sk_app_test_make_vault (due_path, "pw", 1);
  make_due (due_path);
  sk_app_test_make_vault (fresh_path, "pw", 1);
  sk_app_test_make_vault (appeal_path, "pw", 1);
  make_unanswered_appeal (appeal_path);
  /* Only the reminder file is read: it exists, with no names in it. */
  {
    g_autofree char *reminders = sk_reminders_path (due_path);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (reminders, &contents, NULL, NULL));
    g_assert_null (strstr (contents, "Issuer"));
  }

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  object_id = g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                                 info->interfaces[0], &vtable, &server, NULL, &error);
  g_assert_no_error (error);
  owner_id = g_bus_own_name_on_connection (bus, "org.freedesktop.Notifications",
                                           G_BUS_NAME_OWNER_FLAGS_NONE,
                                           on_name_acquired, NULL, &server, NULL);
  g_assert_true (sk_app_test_wait (name_owned, &server, SK_APP_TEST_MAX_WAIT_MS));

  /* Nothing due: no notification, and the process quits at once. */
  process = spawn_check (fresh_path);
  g_assert_true (wait_exit (process, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  sk_app_test_run_for (200);
  g_assert_cmpuint (server.n_notify, ==, 0);
  g_clear_object (&process);

  /* Due: a notification whose default action opens the due list. */
  process = spawn_check (due_path);
  g_assert_true (sk_app_test_wait (got_notify, &server, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (server.n_notify, ==, 1);
  g_assert_cmpstr (server.summary, ==, "Time for the Quarterly Check");
  g_assert_nonnull (server.actions);
  g_assert_true (g_strv_contains ((const char * const *) server.actions, "default"));
  /* It lingers for a click on the notification (with no window). */
  g_assert_false (wait_exit (process, 500));
  g_subprocess_force_exit (process);
  g_assert_true (wait_exit (process, SK_APP_TEST_MAX_WAIT_MS));
  g_clear_object (&process);

  /* An appeal left unanswered past its escalation time: a notification
   * that names no account and says what to do next. */
  server.n_notify = 0;
  process = spawn_check (appeal_path);
  g_assert_true (sk_app_test_wait (got_notify, &server, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (server.n_notify, ==, 1);
  g_assert_cmpstr (server.summary, ==, "No Answer to Your Appeal");
  g_assert_nonnull (server.actions);
  g_assert_true (g_strv_contains ((const char * const *) server.actions, "default"));
  g_assert_false (wait_exit (process, 500));
  g_subprocess_force_exit (process);
  g_assert_true (wait_exit (process, SK_APP_TEST_MAX_WAIT_MS));

  g_bus_unown_name (owner_id);
  g_dbus_connection_unregister_object (bus, object_id);
  g_free (server.summary);
  g_strfreev (server.actions);
}

/* A name made to look like a warning if it were read as Pango markup. */
#define CRAFTED "<span size=\"xx-large\" foreground=\"red\">PayPal — SAFE</span>"

/* Every label under @root showing the crafted text shows it literally:
 * the tags are on screen, not applied. Returns how many there are. */
static guint
assert_literal (GtkWidget *root)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint n = 0;

  find_all (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];

      if (strstr (gtk_label_get_label (label), "PayPal — SAFE") == NULL)
        continue;
      if (strstr (gtk_label_get_text (label), "<span size=") == NULL)
        {
          g_autoptr(GString) path = g_string_new (NULL);

          for (GtkWidget *w = GTK_WIDGET (label); w != NULL; w = gtk_widget_get_parent (w))
            g_string_append_printf (path, " < %s", G_OBJECT_TYPE_NAME (w));
          g_error ("a label interprets user text as markup: “%s” shows as “%s” (in%s)",
                   gtk_label_get_label (label), gtk_label_get_text (label), path->str);
        }
      n++;
    }
  return n;
}

/* Account and identity names never become markup: in the inventory's
 * identity and weak-spot rows, the account dialog's binding rows and the
 * recovery wizard's rows (libadwaita 1.2 rows read markup by default). */
static void
test_no_markup (Fixture       *f,
                gconstpointer  data)
{
  SkVault *vault = vault_of (f);
  /* SMS only: the number is its one way back, so it is a weak spot. */
  g_autoptr(SkAccount) account = sk_account_new_without_code (SK_PROTECTION_SMS);
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(GError) error = NULL;
  g_autofree char *binding = NULL;
  SkAccountDialog *dialog;
  SkRecoveryWizard *wizard;
  g_autoptr(GPtrArray) checks = g_ptr_array_new ();
  gint64 now = g_get_real_time ();

  sk_account_set_issuer (account, CRAFTED);
  sk_account_set_name (account, CRAFTED);
  sk_vault_add_account (vault, account);
  sk_identity_set_label (phone, CRAFTED);
  g_assert_true (sk_inventory_save_identity (vault, phone, now, &error));
  g_assert_no_error (error);
  binding = sk_inventory_bind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                               SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, now, &error);
  g_assert_no_error (error);
  sk_app_test_flush ();

  /* Accounts list, then the inventory: identities and weak spots. */
  sk_app_test_run_for (200);
  g_assert_cmpuint (assert_literal (GTK_WIDGET (f->page)), >=, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  sk_app_test_run_for (200);
  g_assert_cmpuint (sk_inventory_page_get_n_weak_spots (f->inventory), ==, 1);
  g_assert_cmpuint (assert_literal (GTK_WIDGET (f->inventory)), >=, 2);

  /* The account's binding rows. */
  dialog = open_account_dialog (f, account);
  g_assert_nonnull (dialog);
  sk_app_test_run_for (200);
  g_assert_cmpuint (assert_literal (GTK_WIDGET (dialog)), >=, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The wizard: the lost phone to tick, then the accounts it affects. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.recover", NULL));
  sk_app_test_run_for (200);
  wizard = SK_RECOVERY_WIZARD (sk_app_test_find_toplevel (SK_TYPE_RECOVERY_WIZARD));
  g_assert_nonnull (wizard);
  g_assert_cmpuint (assert_literal (GTK_WIDGET (wizard)), >=, 1);
  find_all (GTK_WIDGET (wizard), GTK_TYPE_CHECK_BUTTON, checks);
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (checks->pdata[i]), sk_identity_get_uuid (phone)) == 0)
      gtk_check_button_set_active (checks->pdata[i], TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  sk_app_test_run_for (200);
  g_assert_cmpint (sk_recovery_wizard_get_page (wizard), ==, SK_WIZARD_PAGE_AFFECTED);
  g_assert_cmpuint (assert_literal (GTK_WIDGET (wizard)), >=, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "wizard.next", NULL));
  sk_app_test_run_for (200);
  assert_literal (GTK_WIDGET (wizard));
  gtk_window_close (GTK_WINDOW (wizard));
  sk_app_test_run_for (100);
}

/* The text buffer behind an entry row (held by the test past the row). */
static GtkEntryBuffer *
buffer_of (gpointer row)
{
  GtkEditable *delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));

  g_assert_true (GTK_IS_TEXT (delegate));
  return g_object_ref (gtk_text_get_buffer (GTK_TEXT (delegate)));
}

/* Entries holding secrets (the Add dialog's secret and link, a payout
 * number, a security answer) keep no undo history, and locking empties
 * their buffers (GTK zeroes the bytes it drops). */
static void
test_lock_wipes_secrets (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GtkEntryBuffer) secret = NULL;
  g_autoptr(GtkEntryBuffer) uri = NULL;
  g_autoptr(GtkEntryBuffer) payout = NULL;
  g_autoptr(GtkEntryBuffer) phone = NULL;
  gpointer add, identity, row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "accounts.add", NULL));
  add = find_toplevel (SK_TYPE_ADD_DIALOG);
  g_assert_nonnull (add);
  row = sk_app_test_child (add, SK_TYPE_ADD_DIALOG, "secret_row");
  g_assert_false (gtk_editable_get_enable_undo (row));
  gtk_editable_set_text (row, "JBSWY3DPEHPK3PXP");
  secret = buffer_of (row);
  row = sk_app_test_child (add, SK_TYPE_ADD_DIALOG, "uri_row");
  g_assert_false (gtk_editable_get_enable_undo (row));
  gtk_editable_set_text (row, "otpauth://totp/A:b?secret=KRSXG5CTMVRXEZLU");
  uri = buffer_of (row);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-inventory", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->inventory), "inventory.add-identity", NULL));
  identity = find_toplevel (SK_TYPE_IDENTITY_DIALOG);
  g_assert_nonnull (identity);
  row = sk_app_test_child (identity, SK_TYPE_IDENTITY_DIALOG, "value_row");
  sk_identity_dialog_set_kind (identity, SK_IDENTITY_PHONE);
  g_assert_true (gtk_editable_get_enable_undo (row));   /* a phone number is not secret */
  sk_identity_dialog_set_kind (identity, SK_IDENTITY_PAYOUT);
  g_assert_false (gtk_editable_get_enable_undo (row));
  g_assert_false (gtk_editable_get_enable_undo (sk_app_test_child (identity, SK_TYPE_IDENTITY_DIALOG,
                                                                   "answer_row")));
  gtk_editable_set_text (row, "6222 0212 3456 7890");
  payout = buffer_of (row);
  g_assert_cmpuint (gtk_entry_buffer_get_length (payout), >, 0);

  sk_window_lock (f->window);
  g_assert_null (find_toplevel (SK_TYPE_ADD_DIALOG));
  g_assert_null (find_toplevel (SK_TYPE_IDENTITY_DIALOG));
  g_assert_cmpuint (gtk_entry_buffer_get_length (secret), ==, 0);
  g_assert_cmpuint (gtk_entry_buffer_get_length (uri), ==, 0);
  g_assert_cmpuint (gtk_entry_buffer_get_length (payout), ==, 0);
  g_assert_cmpuint (gtk_entry_buffer_get_bytes (payout), ==, 0);
}

/* The code's big label inside the viewer's card for @code_uuid. */
static GtkLabel *
shown_code_label (GtkWidget  *root,
                  const char *code_uuid)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "sk-code-text") &&
          g_strcmp0 (gtk_widget_get_name (gtk_widget_get_parent (child)), code_uuid) == 0)
        return GTK_LABEL (child);
      found = shown_code_label (child, code_uuid);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Recovery codes are shown to be read (one, then all), in a large
 * monospace font; copying does not mark used; marking used is its own
 * action, undone from the viewer's own toast, which is where the
 * feedback appears (not behind the modal window). */
static void
test_codes_viewer (Fixture       *f,
                   gconstpointer  data)
{
  SkAccount *account = account_at (f, 0);
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autofree char *copied = NULL;
  SkAccountDialog *dialog;
  SkCodesViewer *viewer;
  GtkLabel *label;
  const char *second;

  g_ptr_array_add (secrets, sk_secret_new_from_string ("abcd-efgh"));
  g_ptr_array_add (secrets, sk_secret_new_from_string ("ijkl-mnop"));
  g_ptr_array_add (secrets, sk_secret_new_from_string ("1234 5678"));
  g_assert_cmpuint (sk_recovery_codes_add (vault_of (f), uuid, secrets, g_get_real_time ()), ==, 3);
  list = sk_recovery_codes_list (vault_of (f), uuid);
  second = ((SkRecoveryCode *) list->pdata[1])->uuid;
  dialog = open_account_dialog (f, account);
  g_assert_nonnull (dialog);

  /* One code, on request. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.show-code", "s", second));
  viewer = find_toplevel (SK_TYPE_CODES_VIEWER);
  g_assert_nonnull (viewer);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (viewer)));
  shown = sk_codes_viewer_list_shown (viewer);
  g_assert_cmpuint (shown->len, ==, 1);
  g_clear_pointer (&shown, g_ptr_array_unref);
  label = shown_code_label (GTK_WIDGET (viewer), second);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "ijkl-mnop");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "monospace"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "title-1"));
  g_assert_true (gtk_label_get_selectable (label));

  /* All of them. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.show-all", NULL));
  shown = sk_codes_viewer_list_shown (viewer);
  g_assert_cmpuint (shown->len, ==, 3);
  g_assert_nonnull (shown_code_label (GTK_WIDGET (viewer), ((SkRecoveryCode *) list->pdata[2])->uuid));
  sk_app_test_screenshot ("codes-viewer");

  /* Copy: the clipboard has it, the code stays unused, the toast (which
   * names the account) is in the viewer. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.copy", "s", second));
  copied = sk_app_test_clipboard_text (GTK_WIDGET (viewer));
  g_assert_cmpstr (copied, ==, "ijkl-mnop");
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault_of (f), uuid, NULL), ==, 3);
  sk_app_test_run_for (300);
  g_assert_nonnull (sk_app_test_find_label (viewer, sk_account_get_display_name (account)));
  /* The toast is said to screen readers, in the viewer too. */
  g_assert_nonnull (strstr (sk_app_test_status_text (viewer), sk_account_get_display_name (account)));

  /* Marked used, then undone from the viewer's toast. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (viewer), "viewer.use", "s", second));
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault_of (f), uuid, NULL), ==, 2);
  sk_app_test_flush ();
  sk_app_test_run_for (500);
  {
    GtkLabel *toast_label = sk_app_test_find_label (viewer, "Marked used");
    GtkWidget *toast_widget = GTK_WIDGET (toast_label);
    GtkWidget *undo = NULL;

    g_assert_nonnull (toast_label);
    g_assert_cmpstr (sk_app_test_status_text (viewer), ==, "Marked used");
    sk_app_test_screenshot ("codes-viewer-used");
    while (toast_widget != NULL && g_strcmp0 (gtk_widget_get_css_name (toast_widget), "toast") != 0)
      toast_widget = gtk_widget_get_parent (toast_widget);
    g_assert_nonnull (toast_widget);
    for (GtkWidget *w = gtk_widget_get_first_child (toast_widget); w; w = gtk_widget_get_next_sibling (w))
      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), "_Undo") == 0)
        undo = w;
    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
  }
  g_assert_cmpuint (sk_recovery_codes_count_remaining (vault_of (f), uuid, NULL), ==, 3);
  gtk_window_destroy (GTK_WINDOW (viewer));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add ("/sparekey/app/inventory/codes", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_codes, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/codes-viewer", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_codes_viewer, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/identity-binding", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_identity_binding, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/rows-follow", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_rows_follow, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/audit-several", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_audit_several, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/audit-banner", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_audit_banner, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/no-markup", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_no_markup, fixture_tear_down);
  g_test_add ("/sparekey/app/inventory/lock-wipes-secrets", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_lock_wipes_secrets, fixture_tear_down);
  g_test_add_func ("/sparekey/app/inventory/check-audits", test_check_audits);

  return g_test_run ();
}
