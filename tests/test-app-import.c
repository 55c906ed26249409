/* test-app-import.c: GUI tests of the Import and Export dialogs
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-export-dialog.h"
#include "sk-import-dialog.h"
#include "sk-test-util.h"

#define EXPORT_PASSWORD "correct horse battery"

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
  g_free (f->path);
  g_free (f->dir);
}

static guint
n_shown (Fixture *f)
{
  return g_list_model_get_n_items (sk_accounts_page_get_model (f->page));
}

static guint
n_saved (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;

  sk_app_test_wait_saved (f->page);
  store = sk_store_open (f->path, "pw", &error);

  g_assert_no_error (error);
  return sk_vault_get_n_accounts (sk_store_get_vault (store));
}

static gboolean
no_toplevel (gpointer data)
{
  return sk_app_test_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
has_toplevel (gpointer data)
{
  return sk_app_test_find_toplevel (GPOINTER_TO_SIZE (data)) != NULL;
}

static gboolean
import_idle (gpointer data)
{
  return !sk_import_dialog_get_busy (data);
}

static SkImportDialog *
open_import_dialog (Fixture *f)
{
  SkImportDialog *dialog;

  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_IMPORT_DIALOG));
  /* As the main menu does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL));
  dialog = sk_app_test_find_toplevel (SK_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static SkExportDialog *
open_export_dialog (Fixture *f)
{
  SkExportDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));
  dialog = sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  return dialog;
}

static void
import_path (SkImportDialog *dialog,
             const char     *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  sk_import_dialog_open_file (dialog, file);
  g_assert_true (sk_import_dialog_get_busy (dialog));
  g_assert_true (sk_app_test_wait (import_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
}

static gpointer
child (gpointer    dialog,
       const char *name)
{
  return sk_app_test_child (dialog, G_OBJECT_TYPE (dialog), name);
}

static void
write_otpauth_list (const char *path)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 3; i++)
    g_string_append_printf (text, "otpauth://totp/Listed%u:user%u?secret=MFRGGZDFMZTWQ2L%c&issuer=Listed%u\n",
                            i, i, 'A' + i, i);
  /* Not a valid key: listed with its reason, the others still come. */
  g_string_append (text, "otpauth://totp/Broken:x?secret=1!!&issuer=Broken\n");
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
}

static void
test_import_otpauth (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *list = g_build_filename (f->dir, "links.txt", NULL);
  SkImportDialog *dialog;
  GtkButton *button;
  guint checked;

  write_otpauth_list (list);
  g_assert_cmpuint (n_shown (f), ==, 2);

  dialog = open_import_dialog (f);
  import_path (dialog, list);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, &checked), ==, 3);
  g_assert_cmpuint (checked, ==, 3);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_DUPLICATE, NULL), ==, 0);
  g_assert_cmpuint (sk_import_dialog_count_invalid (dialog), ==, 1);
  g_assert_true (gtk_widget_get_visible (child (dialog, "invalid_group")));
  button = child (dialog, "import_button");
  g_assert_cmpstr (gtk_button_get_label (button), ==, "_Import 3 Accounts");
  g_assert_true (gtk_widget_get_visible (child (dialog, "format_row")));
  g_assert_cmpstr (adw_action_row_get_subtitle (child (dialog, "format_row")), ==,
                   sk_import_format_get_label (SK_IMPORT_FORMAT_OTPAUTH));

  /* Nothing is written before the confirmation. */
  g_assert_cmpuint (n_shown (f), ==, 2);
  g_assert_cmpuint (n_saved (f), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_IMPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (n_shown (f), ==, 5);
  g_assert_cmpuint (n_saved (f), ==, 5);

  /* The same file again: every entry is a duplicate, none ticked. */
  dialog = open_import_dialog (f);
  import_path (dialog, list);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, NULL), ==, 0);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_DUPLICATE, &checked), ==, 3);
  g_assert_cmpuint (checked, ==, 0);
  g_assert_true (gtk_widget_get_visible (child (dialog, "dup_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "new_group")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_group")));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL);
  g_assert_nonnull (sk_app_test_find_toplevel (SK_TYPE_IMPORT_DIALOG));
  g_assert_cmpuint (n_shown (f), ==, 5);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (n_saved (f), ==, 5);
}

static gboolean
chooser_shown (gpointer data)
{
  return sk_app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
chooser_gone (gpointer data)
{
  return sk_app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

static gboolean
focus_within (GtkWidget *window,
              GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The file chooser closed, cancelled or not, the focus is back on the
 * row that opened it, not nowhere; after a file is read too. */
static void
test_chooser_focus (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *list = g_build_filename (f->dir, "links.txt", NULL);
  SkImportDialog *dialog = open_import_dialog (f);
  GtkWidget *file_row = child (dialog, "file_row");
  GtkWidget *chooser;

  write_otpauth_list (list);
  gtk_root_set_focus (GTK_ROOT (dialog), NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.open", NULL));
  g_assert_true (sk_app_test_wait (chooser_shown, NULL, SK_APP_TEST_MAX_WAIT_MS));
  chooser = sk_app_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  g_assert_true (sk_app_test_wait (chooser_gone, NULL, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (focus_within (GTK_WIDGET (dialog), file_row));

  gtk_root_set_focus (GTK_ROOT (dialog), NULL);
  import_path (dialog, list);
  g_assert_true (focus_within (GTK_WIDGET (dialog), file_row));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* An encrypted Aegis file made by the core's exporter. */
static void
write_aegis (const char *path,
             guint       n)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/Aegis%u:me?secret=ONSWG4TFORZWK%c%c%c&issuer=Aegis%u",
                                              i, 'A' + i, 'B' + i, 'C' + i, i);
      g_autoptr(SkAccount) account = sk_account_new_from_uri (uri, &error);

      g_assert_no_error (error);
      sk_vault_add_account (vault, account);
    }
  g_assert_true (sk_export_file (vault, SK_EXPORT_FORMAT_AEGIS, path, EXPORT_PASSWORD, NULL,
                                 FALSE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_import_encrypted (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *aegis = g_build_filename (f->dir, "aegis.json", NULL);
  SkImportDialog *dialog;
  GtkEditable *password;
  guint checked;

  write_aegis (aegis, 2);
  dialog = open_import_dialog (f);
  import_path (dialog, aegis);
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "password_error_label")));
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, NULL), ==, 0);

  password = child (dialog, "password_row");
  gtk_editable_set_text (password, "not the password");
  g_signal_emit_by_name (password, "apply");
  g_assert_true (sk_app_test_wait (import_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_error_label")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (dialog, "password_error_label")),
                            "Wrong password"));
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, NULL), ==, 0);

  gtk_editable_set_text (password, EXPORT_PASSWORD);
  g_signal_emit_by_name (password, "entry-activated");
  g_assert_true (sk_app_test_wait (import_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_false (gtk_widget_get_visible (child (dialog, "password_group")));
  /* The password is not kept in the field. */
  g_assert_cmpstr (gtk_editable_get_text (password), ==, "");
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, &checked), ==, 2);
  g_assert_cmpuint (checked, ==, 2);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (child (dialog, "format_row")), "Aegis"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_IMPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (n_shown (f), ==, 3);
  g_assert_cmpuint (n_saved (f), ==, 3);
}

/* Dropping a backup file on the window opens the Import dialog on it. */
static void
test_drop_backup (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *aegis = g_build_filename (f->dir, "dropped.json", NULL);
  g_autoptr(GListModel) controllers = NULL;
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *drop = NULL;
  GValue value = G_VALUE_INIT;
  SkImportDialog *dialog;
  gboolean handled = FALSE;

  write_aegis (aegis, 1);
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->page));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drop == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        drop = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (drop);

  file = g_file_new_for_path (aegis);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (&file, 1));
  g_signal_emit_by_name (drop, "drop", &value, 1.0, 1.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);

  dialog = sk_app_test_find_toplevel (SK_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (sk_app_test_wait (import_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_group")));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpuint (n_saved (f), ==, 1);
}

static void
test_export_aegis (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "out.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SkExportDialog *dialog = open_export_dialog (f);
  struct stat st;

  /* The default is our own encrypted backup. */
  g_assert_cmpint (sk_export_dialog_get_format (dialog), ==, SK_EXPORT_FORMAT_SPAREKEY);
  sk_export_dialog_set_format (dialog, SK_EXPORT_FORMAT_AEGIS);
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "plain_group")));

  /* The two passwords must be the same. */
  gtk_editable_set_text (child (dialog, "password_row"), EXPORT_PASSWORD);
  gtk_editable_set_text (child (dialog, "confirm_row"), "something else");
  sk_export_dialog_export_to (dialog, file);
  g_assert_false (sk_export_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_error_label")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gtk_editable_set_text (child (dialog, "confirm_row"), EXPORT_PASSWORD);
  sk_export_dialog_export_to (dialog, file);
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  result = sk_import_file (path, EXPORT_PASSWORD, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_AEGIS);
  g_assert_true (result->encrypted);
  g_assert_cmpuint (result->entries->len, ==, 3);
}

static gboolean
export_idle (gpointer dialog)
{
  return !sk_export_dialog_get_busy (dialog);
}

/* The vault password instead of a separate one: typed once, checked
 * against the vault, nothing written when it is wrong. */
static void
test_export_vault_password (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "backup.sparekey", NULL);
  g_autofree char *aegis_path = g_build_filename (f->dir, "aegis.json", NULL);
  g_autofree char *kept = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) aegis_file = g_file_new_for_path (aegis_path);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  SkExportDialog *dialog = open_export_dialog (f);
  GtkEditable *vault_row = child (dialog, "vault_password_row");
  GtkWidget *error_label = child (dialog, "password_error_label");
  struct stat st;

  g_assert_cmpint (sk_export_dialog_get_format (dialog), ==, SK_EXPORT_FORMAT_SPAREKEY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (vault_row)));
  gtk_check_button_set_active (child (dialog, "vault_check"), TRUE);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (vault_row)));
  g_assert_false (gtk_widget_get_visible (child (dialog, "password_row")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "confirm_row")));

  /* Nothing typed. */
  sk_export_dialog_export_to (dialog, file);
  g_assert_false (sk_export_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (error_label));

  /* A wrong password: the file already there stays as it was. */
  g_assert_true (g_file_set_contents (path, "an older file", -1, NULL));
  gtk_editable_set_text (vault_row, "not the vault password");
  g_assert_false (gtk_widget_get_visible (error_label));
  sk_export_dialog_export_to (dialog, file);
  g_assert_true (sk_export_dialog_get_busy (dialog));
  g_assert_true (sk_app_test_wait (export_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG) == dialog);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==,
                   "This is not the vault password. Nothing was written.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (vault_row), "error"));
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_group")));
  g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "an older file");

  /* The right one: a backup that opens with the vault password. */
  gtk_editable_set_text (vault_row, "pw");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (vault_row), "error"));
  sk_export_dialog_export_to (dialog, file);
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  result = sk_import_file (path, "not the vault password", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_clear_error (&error);
  result = sk_import_file (path, "pw", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_SPAREKEY);
  g_assert_true (result->encrypted);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_clear_pointer (&result, sk_import_result_free);

  /* Encrypted Aegis the same way. */
  dialog = open_export_dialog (f);
  sk_export_dialog_set_format (dialog, SK_EXPORT_FORMAT_AEGIS);
  gtk_check_button_set_active (child (dialog, "vault_check"), TRUE);
  gtk_editable_set_text (child (dialog, "vault_password_row"), "pw");
  sk_export_dialog_export_to (dialog, aegis_file);
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  result = sk_import_file (aegis_path, "pw", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_AEGIS);
  g_assert_cmpuint (result->entries->len, ==, 3);
}

/* Encrypted 2FAS is offered with the encrypted formats: a password of
 * its own (typed twice) or the vault's, no plain-text warning. */
static void
test_export_twofas_encrypted (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "phone.2fas", NULL);
  g_autofree char *vault_path = g_build_filename (f->dir, "vault-password.2fas", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) vault_file = g_file_new_for_path (vault_path);
  g_autoptr(SkImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  SkExportDialog *dialog = open_export_dialog (f);
  AdwComboRow *format_row = child (dialog, "format_row");
  GListModel *labels = adw_combo_row_get_model (format_row);
  guint position = G_MAXUINT;
  struct stat st;

  /* In the format list, after Aegis, Encrypted: picked like a person does. */
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "2FAS, Encrypted") == 0)
      position = i;
  g_assert_cmpuint (position, ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), position - 1), ==, "Aegis, Encrypted");
  adw_combo_row_set_selected (format_row, position);
  g_assert_cmpint (sk_export_dialog_get_format (dialog), ==, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED);
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "plain_group")));
  g_assert_false (gtk_widget_get_visible (child (dialog, "left_out_group")));
  g_assert_nonnull (strstr (gtk_label_get_text (child (dialog, "format_label")), "2FAS"));

  /* Nothing typed, then two different passwords: nothing written. */
  sk_export_dialog_export_to (dialog, file);
  g_assert_false (sk_export_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_error_label")));
  gtk_editable_set_text (child (dialog, "password_row"), EXPORT_PASSWORD);
  gtk_editable_set_text (child (dialog, "confirm_row"), "something else");
  sk_export_dialog_export_to (dialog, file);
  g_assert_false (sk_export_dialog_get_busy (dialog));
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_error_label")));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Written straight away: no plain-text warning to confirm. */
  gtk_editable_set_text (child (dialog, "confirm_row"), EXPORT_PASSWORD);
  sk_export_dialog_export_to (dialog, file);
  g_assert_null (sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpint (stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"servicesEncrypted\""));
  g_assert_null (strstr (contents, "Issuer 1"));
  g_assert_null (strstr (contents, "JBSWY3DPEHPK3PXP"));

  result = sk_import_file (path, NULL, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD);
  g_clear_error (&error);
  result = sk_import_file (path, "pw", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_error (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  result = sk_import_file (path, EXPORT_PASSWORD, SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_TWOFAS);
  g_assert_true (result->encrypted);
  g_assert_cmpuint (result->entries->len, ==, 3);
  g_clear_pointer (&result, sk_import_result_free);

  /* With the vault password: a wrong one writes nothing. */
  dialog = open_export_dialog (f);
  sk_export_dialog_set_format (dialog, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED);
  gtk_check_button_set_active (child (dialog, "vault_check"), TRUE);
  gtk_editable_set_text (child (dialog, "vault_password_row"), "not the vault password");
  sk_export_dialog_export_to (dialog, vault_file);
  g_assert_true (sk_app_test_wait (export_idle, dialog, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG) == dialog);
  g_assert_true (gtk_widget_get_visible (child (dialog, "password_error_label")));
  g_assert_false (g_file_test (vault_path, G_FILE_TEST_EXISTS));
  gtk_editable_set_text (child (dialog, "vault_password_row"), "pw");
  sk_export_dialog_export_to (dialog, vault_file);
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  result = sk_import_file (vault_path, "pw", SK_IMPORT_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, SK_IMPORT_FORMAT_TWOFAS);
  g_assert_true (result->encrypted);
  g_assert_cmpuint (result->entries->len, ==, 3);
}

static void
test_export_plain_confirm (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "links.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  SkExportDialog *dialog = open_export_dialog (f);
  AdwMessageDialog *confirm;

  sk_export_dialog_set_format (dialog, SK_EXPORT_FORMAT_OTPAUTH);
  g_assert_false (gtk_widget_get_visible (child (dialog, "password_group")));
  g_assert_true (gtk_widget_get_visible (child (dialog, "plain_group")));

  /* Cancelling the warning writes nothing. */
  sk_export_dialog_export_to (dialog, file);
  confirm = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), sk_export_plaintext_warning ()));
  /* (A click on a response button emits the response, then closes.) */
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  sk_app_test_run_for (100);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (sk_export_dialog_get_busy (dialog));

  sk_export_dialog_export_to (dialog, file);
  confirm = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  adw_message_dialog_response (confirm, "export");
  gtk_window_destroy (GTK_WINDOW (confirm));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "otpauth://totp/"));
  g_assert_nonnull (strstr (contents, "Issuer%201"));
}

static void
test_migration_codes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SkExportDialog *dialog = open_export_dialog (f);
  GtkWindow *codes;
  guint n_codes = 0;

  sk_export_dialog_set_format (dialog, SK_EXPORT_FORMAT_MIGRATION_QR);
  g_assert_true (gtk_widget_get_visible (child (dialog, "show_group")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "export.show", NULL));
  g_assert_true (sk_app_test_wait (has_toplevel, GSIZE_TO_POINTER (ADW_TYPE_WINDOW),
                                   SK_APP_TEST_MAX_WAIT_MS));

  /* 12 accounts, 10 a code: two codes, shown one after another. */
  codes = sk_migration_codes_window_new (GTK_WINDOW (dialog), sk_app_test_session (f->page), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_migration_codes_window_get_position (codes, &n_codes), ==, 0);
  g_assert_cmpuint (n_codes, ==, 2);
  gtk_window_present (codes);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (codes), "codes.next", NULL));
  g_assert_cmpuint (sk_migration_codes_window_get_position (codes, NULL), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (codes), "codes.next", NULL);
  g_assert_cmpuint (sk_migration_codes_window_get_position (codes, NULL), ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (codes), "codes.previous", NULL);
  g_assert_cmpuint (sk_migration_codes_window_get_position (codes, NULL), ==, 0);
  gtk_window_destroy (codes);

  /* Saving the pictures: a folder is chosen, one PNG per code, after the
   * plain-text confirmation. */
  {
    g_autofree char *folder = g_build_filename (f->dir, "pictures", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (folder);
    g_autoptr(GDir) dir = NULL;
    AdwMessageDialog *confirm;
    guint n_png = 0;
    const char *name;

    g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
    sk_export_dialog_export_to (dialog, file);
    confirm = sk_app_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (confirm);
    adw_message_dialog_response (confirm, "export");
    gtk_window_destroy (GTK_WINDOW (confirm));
    g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_EXPORT_DIALOG),
                                     SK_APP_TEST_MAX_WAIT_MS));
    dir = g_dir_open (folder, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *png = g_build_filename (folder, name, NULL);
        g_autoptr(GPtrArray) texts = NULL;

        g_assert_true (g_str_has_prefix (name, "google-authenticator-") && g_str_has_suffix (name, ".png"));
        texts = sk_qr_decode_file (png, &error);
        g_assert_no_error (error);
        g_assert_cmpuint (texts->len, ==, 1);
        n_png++;
      }
    g_assert_cmpuint (n_png, ==, 2);
  }
}

static void
test_export_needs_unlocked (Fixture       *f,
                            gconstpointer  data)
{
  sk_window_lock (f->window);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import", NULL);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL);
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_IMPORT_DIALOG));
  g_assert_null (sk_app_test_find_toplevel (SK_TYPE_EXPORT_DIALOG));
}

/* Icons ------------------------------------------------------------------- */

static gboolean
has_row_subtitle (GtkWidget  *widget,
                  const char *needle)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));

      if (subtitle != NULL && strstr (subtitle, needle) != NULL)
        return TRUE;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    if (has_row_subtitle (c, needle))
      return TRUE;
  return FALSE;
}

static SkAccount *
shown_by_issuer (Fixture    *f,
                 const char *issuer)
{
  GListModel *model = sk_accounts_page_get_model (f->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (model, i);

      if (g_strcmp0 (sk_account_get_issuer (account), issuer) == 0)
        return account;   /* the model keeps it */
    }
  return NULL;
}

/* An Aegis file with pictures: they come in; a damaged one is left out
 * with a warning under its entry; a duplicate gives back a missing icon. */
static void
test_import_icons (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 48, 0x33d17aff);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *json = g_strdup_printf (
    "{\"version\":1,\"header\":{\"slots\":null,\"params\":null},\"db\":{\"version\":3,\"entries\":["
    "{\"type\":\"totp\",\"name\":\"a\",\"issuer\":\"Pictured\",\"icon\":\"%s\",\"icon_mime\":\"image/png\","
    " \"info\":{\"secret\":\"MFRGGZDFMZTWQ2LA\",\"algo\":\"SHA1\",\"digits\":6,\"period\":30}},"
    "{\"type\":\"totp\",\"name\":\"b\",\"issuer\":\"Damaged\",\"icon\":\"bm90IGEgcGljdHVyZQ==\",\"icon_mime\":\"image/png\","
    " \"info\":{\"secret\":\"MFRGGZDFMZTWQ2LB\",\"algo\":\"SHA1\",\"digits\":6,\"period\":30}}"
    "],\"groups\":[]}}", b64);
  g_autofree char *path = g_build_filename (f->dir, "aegis.json", NULL);
  SkImportDialog *dialog;
  SkAccount *pictured, *damaged;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  dialog = open_import_dialog (f);
  import_path (dialog, path);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_NEW, NULL), ==, 2);
  g_assert_true (has_row_subtitle (GTK_WIDGET (child (dialog, "new_group")), "imported without it"));
  g_assert_cmpstr (gtk_button_get_label (child (dialog, "import_button")), ==, "_Import 2 Accounts");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_IMPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  pictured = shown_by_issuer (f, "Pictured");
  damaged = shown_by_issuer (f, "Damaged");
  g_assert_nonnull (pictured);
  g_assert_nonnull (damaged);
  g_assert_true (g_bytes_equal (sk_account_get_icon (pictured), png));
  g_assert_null (sk_account_get_icon (damaged));

  /* The icon is gone from the vault; the same file brings it back
   * without adding an account. */
  g_assert_true (sk_account_set_icon (pictured, NULL, NULL, NULL));
  dialog = open_import_dialog (f);
  import_path (dialog, path);
  g_assert_cmpuint (sk_import_dialog_count (dialog, SK_IMPORT_ENTRY_DUPLICATE, NULL), ==, 2);
  g_assert_false (gtk_widget_get_visible (child (dialog, "error_group")));
  g_assert_cmpstr (gtk_button_get_label (child (dialog, "import_button")), ==, "_Add 1 Icon");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL));
  g_assert_true (sk_app_test_wait (no_toplevel, GSIZE_TO_POINTER (SK_TYPE_IMPORT_DIALOG),
                                   SK_APP_TEST_MAX_WAIT_MS));
  g_assert_cmpuint (n_shown (f), ==, 3);
  g_assert_true (g_bytes_equal (sk_account_get_icon (pictured), png));
  g_assert_cmpuint (n_saved (f), ==, 3);
}

typedef struct {
  GtkWidget *widget;
  int        width;
} WidthWait;

static gboolean
has_width (gpointer data)
{
  WidthWait *wait = data;

  /* The default size counts the frame of client-side decorations too. */
  return ABS (gtk_widget_get_width (wait->widget) - wait->width) <= 10;
}

/* Every label under @root whose text is @text, mapped. */
static GtkLabel *
find_exact_label (GtkWidget  *root,
                  const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), text) == 0)
        return GTK_LABEL (child);
      found = find_exact_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWidget *
find_popover (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = GTK_IS_POPOVER (child) ? child : find_popover (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* At 360 px, in English and Chinese, every format's name and purpose is
 * shown whole, never cut; the formats that write keys unencrypted are
 * marked in the list, and once chosen the row and the Export button are
 * styled as dangerous (and the file still asks once more, see
 * plain-needs-confirmation). */
static void
test_export_labels (Fixture       *f,
                    gconstpointer  data)
{
  const char *language = g_getenv ("SK_TEST_EXPORT_LANGUAGE");
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);
  const SkExportFormat formats[] = {
    SK_EXPORT_FORMAT_SPAREKEY, SK_EXPORT_FORMAT_AEGIS, SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED,
    SK_EXPORT_FORMAT_AEGIS_PLAIN, SK_EXPORT_FORMAT_TWOFAS, SK_EXPORT_FORMAT_OTPAUTH,
    SK_EXPORT_FORMAT_MIGRATION_QR,
  };
  const char *plain_label = "otpauth:// Links, Not Encrypted";
  SkExportDialog *dialog;
  AdwComboRow *row;
  GtkWidget *button;
  GListModel *labels;
  GtkLabel *label;
  GtkWidget *popover;
  WidthWait wait;

  for (guint round = 0; round < 2; round++)
    {
      language = round == 0 ? "en" : "zh_CN";
      g_setenv ("LANGUAGE", language, TRUE);
      g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
      sk_app_init_i18n ();

      dialog = open_export_dialog (f);
      row = child (dialog, "format_row");
      button = child (dialog, "export_button");
      labels = adw_combo_row_get_model (row);
      gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 640);
      wait.widget = GTK_WIDGET (dialog);
      wait.width = 360;
      g_assert_true (sk_app_test_wait (has_width, &wait, SK_APP_TEST_MAX_WAIT_MS));
      sk_app_test_run_for (300);

      /* The list as it pops up: each name and purpose whole. */
      popover = find_popover (GTK_WIDGET (row));
      g_assert_nonnull (popover);
      adw_action_row_activate (ADW_ACTION_ROW (row));
      g_assert_true (sk_app_test_wait (is_mapped, popover, SK_APP_TEST_MAX_WAIT_MS));
      sk_app_test_run_for (300);
      {
        g_autofree char *name = g_strdup_printf ("export-formats-360-%s", language);

        sk_app_test_screenshot (name);
      }
      g_assert_cmpint (gtk_widget_get_width (popover), <=, 360);
      g_assert_cmpuint (g_list_model_get_n_items (labels), ==, G_N_ELEMENTS (formats));
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          const char *text = gtk_string_list_get_string (GTK_STRING_LIST (labels), i);
          GtkWidget *item_box;

          label = find_exact_label (popover, text);
          g_assert_nonnull (label);
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
          g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), <=, 360);
          g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
          /* The unencrypted ones in the error colour, with a warning sign. */
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (label), "error") ==
                         sk_export_format_is_plaintext (formats[i]));
          item_box = gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (label)));
          g_assert_true (gtk_widget_get_visible (gtk_widget_get_last_child (item_box)) ==
                         sk_export_format_is_plaintext (formats[i]));
        }
      /* The name the issue saw cut, in each language. */
      g_assert_nonnull (find_exact_label (popover, _(plain_label)));
      if (round == 1)
        g_assert_cmpstr (_(plain_label), !=, plain_label);
      gtk_popover_popdown (GTK_POPOVER (popover));
      sk_app_test_run_for (200);

      /* Chosen: the row shows the whole name, and the style says how
       * dangerous it is. */
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          gboolean plain = sk_export_format_is_plaintext (formats[i]);

          sk_export_dialog_set_format (dialog, formats[i]);
          sk_app_test_run_for (100);
          label = find_exact_label (GTK_WIDGET (row), gtk_string_list_get_string (GTK_STRING_LIST (labels), i));
          g_assert_nonnull (label);
          g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error") == plain);
          g_assert_true (gtk_widget_has_css_class (button, "destructive-action") == plain);
          g_assert_true (gtk_widget_has_css_class (button, "suggested-action") == !plain);
          if (formats[i] == SK_EXPORT_FORMAT_OTPAUTH)
            {
              g_autofree char *name = g_strdup_printf ("export-otpauth-360-%s", language);

              sk_app_test_screenshot (name);
            }
        }
      gtk_window_destroy (GTK_WINDOW (dialog));
      sk_app_test_run_for (100);
    }
  g_unsetenv ("LANGUAGE");
  sk_app_init_i18n ();
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

#define ADD(path, n, func) \
  g_test_add ("/sparekey/app/" path, Fixture, GUINT_TO_POINTER (n), fixture_set_up, func, fixture_tear_down)

  ADD ("import/otpauth-then-duplicates", 2, test_import_otpauth);
  ADD ("import/encrypted-aegis", 1, test_import_encrypted);
  ADD ("import/drop-backup", 1, test_drop_backup);
  ADD ("import/icons", 1, test_import_icons);
  ADD ("import/chooser-focus", 1, test_chooser_focus);
  ADD ("export/aegis-encrypted", 3, test_export_aegis);
  ADD ("export/vault-password", 3, test_export_vault_password);
  ADD ("export/2fas-encrypted", 3, test_export_twofas_encrypted);
  ADD ("export/plain-needs-confirmation", 3, test_export_plain_confirm);
  ADD ("export/migration-codes", 12, test_migration_codes);
  ADD ("export/labels-360", 3, test_export_labels);
  ADD ("locked", 1, test_export_needs_unlocked);

  return g_test_run ();
}
