/* test-app-widgets.c: single widgets on their own: their properties, and
 * that each lets go of what it showed (no account, identity or store kept
 * alive by a row or a dialog)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-account-dialog.h"
#include "sk-account-row.h"
#include "sk-app-util.h"
#include "sk-app-test-util.h"
#include "sk-binding-dialog.h"
#include "sk-binding-row.h"
#include "sk-identity-dialog.h"
#include "sk-identity-row.h"
#include "sk-session.h"
#include "sk-test-util.h"

static SkAccount *
make_account (void)
{
  g_autoptr(GError) error = NULL;
  SkAccount *account = sk_account_new_from_uri ("otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
                                                &error);

  g_assert_no_error (error);
  return account;
}

static void
notify_count (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_account_row (void)
{
  SkAccount *account = make_account ();
  GtkWidget *row = g_object_ref_sink (sk_account_row_new ());
  g_autoptr(SkAccount) shown = NULL;
  guint n_hidden = 0, n_codes = 0;
  gboolean hidden;
  guint codes_left;

  g_signal_connect (row, "notify::hidden", G_CALLBACK (notify_count), &n_hidden);
  g_signal_connect (row, "notify::codes-left", G_CALLBACK (notify_count), &n_codes);

  g_object_set (row, "account", account, "hidden", TRUE, NULL);
  g_object_get (row, "account", &shown, "hidden", &hidden, NULL);
  g_assert_true (shown == account);
  g_assert_true (hidden);
  g_assert_cmpuint (n_hidden, ==, 1);
  /* Setting the same value again says nothing. */
  g_object_set (row, "hidden", TRUE, NULL);
  g_assert_cmpuint (n_hidden, ==, 1);

  sk_account_row_set_codes_left (SK_ACCOUNT_ROW (row), 2, 10);
  g_object_get (row, "codes-left", &codes_left, NULL);
  g_assert_cmpuint (codes_left, ==, 2);
  g_assert_cmpuint (n_codes, ==, 1);
  sk_account_row_set_codes_left (SK_ACCOUNT_ROW (row), 2, 10);
  g_assert_cmpuint (n_codes, ==, 1);

  /* Unbound, the row keeps nothing of the account. */
  g_clear_object (&shown);
  g_object_set (row, "account", NULL, NULL);
  g_assert_null (sk_account_row_get_account (SK_ACCOUNT_ROW (row)));
  g_assert_finalize_object (row);
  g_assert_finalize_object (account);
}

/* An account without codes (SMS only): its row says how sign-in is
 * protected where a code would be, with nothing to copy or count down. */
static void
test_account_row_without_code (void)
{
  SkAccount *account = sk_account_new_without_code (SK_PROTECTION_SMS);
  GtkWidget *row = g_object_ref_sink (sk_account_row_new ());
  GtkLabel *code;

  sk_account_set_issuer (account, "QQ");
  g_object_set (row, "account", account, NULL);
  code = sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "code_label");
  g_assert_cmpstr (gtk_label_get_text (code), ==, sk_protection_get_label (SK_PROTECTION_SMS));
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "copy_button")));
  g_assert_false (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "countdown")));
  g_assert_null (sk_account_row_get_code (SK_ACCOUNT_ROW (row)));
  /* The menu is there for every account. */
  g_assert_true (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "menu_button")));

  /* A recycled row given an account with codes shows its copy button
   * and countdown again, and loses them for one without. */
  {
    g_autoptr(SkAccount) with_code = make_account ();

    g_object_set (row, "account", with_code, NULL);
    g_assert_true (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "copy_button")));
    g_assert_true (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "countdown")));
    g_assert_nonnull (sk_account_row_get_code (SK_ACCOUNT_ROW (row)));
    g_object_set (row, "account", account, NULL);
    g_assert_false (gtk_widget_get_visible (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "copy_button")));
  }

  g_object_set (row, "account", NULL, NULL);
  g_assert_finalize_object (row);
  g_assert_finalize_object (account);
}

/* What a screen reader reads: GTK's test accessibility backend
 * (GTK_A11Y=test) keeps the properties we set; tests/test-a11y-atspi.py
 * reads the same over AT-SPI. */
static void
test_accessible_names (void)
{
  SkAccount *account = make_account ();
  GtkWidget *row = g_object_ref_sink (sk_account_row_new ());
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Unlock");
  GtkWidget *check = gtk_check_button_new_with_label ("Pixel 7");
  GtkWidget *field = adw_entry_row_new ();
  GtkWidget *message = gtk_label_new ("The URI has no secret parameter");
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *heading = gtk_label_new ("Accounts");

  /* The row and its buttons say which account they are. */
  sk_account_row_set_account (SK_ACCOUNT_ROW (row), account);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "GitHub, me, a new code every 30 seconds");
  gtk_test_accessible_assert_property (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "copy_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Copy code for GitHub (me)");
  gtk_test_accessible_assert_property (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "menu_button"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "More actions for GitHub (me)");
  sk_account_set_favourite (account, TRUE);
  sk_account_row_set_codes_left (SK_ACCOUNT_ROW (row), 2, 10);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "GitHub, me, a new code every 30 seconds, favourite, "
                                       "2 of 10 recovery codes left");
  /* The countdown has a fixed name and the seconds as its value. */
  gtk_test_accessible_assert_property (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "countdown"),
                                       GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 30.0);
  gtk_test_accessible_assert_property (sk_app_test_child (row, SK_TYPE_ACCOUNT_ROW, "countdown"),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Time left for the code");

  /* A field in error is invalid and described by the message. */
  sk_field_set_invalid (field, TRUE, message);
  gtk_test_accessible_assert_state (field, GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE);
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field),
                                                   GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  g_assert_true (gtk_widget_has_css_class (field, "error"));
  sk_field_set_invalid (field, FALSE, NULL);
  g_assert_false (gtk_test_accessible_has_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID));
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (field),
                                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY));
  g_assert_false (gtk_widget_has_css_class (field, "error"));

  /* Mnemonic buttons and check buttons are named by their label child
   * alone once shown; an icon-only menu button by its tooltip; a list
   * by the label before it. */
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "_Unlock");
  gtk_widget_set_tooltip_text (menu, "Main Menu");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "open-menu-symbolic");
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), check);
  gtk_box_append (GTK_BOX (box), menu);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), list);
  gtk_window_set_child (GTK_WINDOW (window), box);
  sk_app_fix_accessible_names ();
  gtk_window_present (GTK_WINDOW (window));
  sk_app_test_run_for (100);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL));
  gtk_test_accessible_assert_property (menu, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  g_assert_true (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (list),
                                                   GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  /* A label changed later is fixed again. */
  gtk_button_set_label (GTK_BUTTON (button), "_Next");
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL));

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_ref_sink (field);
  g_object_ref_sink (message);
  g_object_unref (field);
  g_object_unref (message);
  sk_account_row_set_account (SK_ACCOUNT_ROW (row), NULL);
  g_assert_finalize_object (row);
  g_assert_finalize_object (account);
}

static void weak_watch (gpointer  object,
                        gpointer *where);

static void
test_identity_row (void)
{
  SkVault *vault = sk_vault_new ();
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(GError) error = NULL;
  gpointer identity = NULL;
  GtkWidget *row;

  /* A row shows one of the vault's identities (it names its uuid). */
  g_assert_true (sk_inventory_save_identity (vault, phone, g_get_real_time (), &error));
  g_assert_no_error (error);
  weak_watch (sk_inventory_lookup_identity (vault, sk_identity_get_uuid (phone)), &identity);
  row = g_object_ref_sink (sk_identity_row_new (identity));
  g_assert_true (sk_identity_row_get_identity (SK_IDENTITY_ROW (row)) == identity);
  g_assert_finalize_object (row);
  g_assert_finalize_object (vault);
  g_assert_null (identity);
}

/* A vault with one account, one identity and a binding between them,
 * opened into @session. */
static char *
unlock_session (SkSession  *session,
                char      **account_uuid)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkAccount) account = make_account ();
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autofree char *binding = NULL;
  SkKdfParams kdf;

  sk_kdf_params_minimum (&kdf);
  store = sk_store_create (path, "pw", &kdf, &error);
  g_assert_no_error (error);
  sk_vault_add_account (sk_store_get_vault (store), account);
  g_assert_true (sk_inventory_save_identity (sk_store_get_vault (store), phone, g_get_real_time (), &error));
  binding = sk_inventory_bind (sk_store_get_vault (store), sk_account_get_uuid (account),
                               sk_identity_get_uuid (phone), SK_ROLE_SECURITY_PHONE,
                               NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_true (sk_store_save (store, &error));
  *account_uuid = g_strdup (sk_account_get_uuid (account));
  sk_session_unlock (session, store);
  return g_steal_pointer (&dir);
}

static void
weak_watch (gpointer  object,
            gpointer *where)
{
  *where = object;
  g_object_add_weak_pointer (object, where);
}

/* Each dialog, opened and closed, keeps nothing: not itself, not the
 * session, not the account; and the session, locked, lets the store,
 * the vault and the account go. */
static void
test_dialogs_finalize (void)
{
  SkSession *session = sk_session_new ();
  g_autofree char *uuid = NULL;
  g_autofree char *dir = unlock_session (session, &uuid);
  gpointer store = NULL, vault = NULL, account = NULL;
  GtkWindow *dialogs[3];

  weak_watch (sk_session_get_store (session), &store);
  weak_watch (sk_session_get_vault (session), &vault);
  weak_watch (sk_vault_lookup_account (sk_session_get_vault (session), uuid), &account);

  dialogs[0] = GTK_WINDOW (sk_account_dialog_new (NULL, session, account));
  dialogs[1] = GTK_WINDOW (sk_binding_dialog_new (NULL, session, account));
  dialogs[2] = GTK_WINDOW (sk_identity_dialog_new (NULL, session, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      g_object_ref (dialogs[i]);
      gtk_window_present (dialogs[i]);
    }
  sk_app_test_run_for (100);
  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      gtk_window_destroy (dialogs[i]);
      g_assert_finalize_object (dialogs[i]);
    }

  sk_session_lock (session);
  g_assert_null (store);
  g_assert_null (vault);
  g_assert_null (account);
  g_assert_finalize_object (session);
  sk_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/widgets/account-row", test_account_row);
  g_test_add_func ("/sparekey/app/widgets/account-row-without-code", test_account_row_without_code);
  g_test_add_func ("/sparekey/app/widgets/identity-row", test_identity_row);
  g_test_add_func ("/sparekey/app/widgets/accessible-names", test_accessible_names);
  g_test_add_func ("/sparekey/app/widgets/dialogs-finalize", test_dialogs_finalize);

  return g_test_run ();
}
