/* test-app-session.c: GUI tests of the window's session: another writer's
 * changes reach every view, and locking lets every secret go
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "sk-account-dialog.h"
#include "sk-accounts-page.h"
#include "sk-app-test-util.h"
#include "sk-inventory-page.h"
#include "sk-test-util.h"

static SkApplication *app;

typedef struct {
  char           *dir;
  char           *path;
  char           *password_file;
  SkWindow       *window;
  SkAccountsPage *page;
  SkInventoryPage *inventory;
  char           *github_uuid;
  char           *phone_uuid;
} Fixture;

static SkVault *
vault_of (Fixture *f)
{
  return sk_session_get_vault (sk_window_get_session (f->window));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkAccount) github = NULL;
  g_autoptr(SkIdentity) phone = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *binding = NULL;
  SkKdfParams kdf;

  f->dir = sk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "vault.sparekey", NULL);
  f->password_file = g_build_filename (f->dir, "password", NULL);
  g_assert_true (g_file_set_contents (f->password_file, "pw", -1, NULL));

  sk_kdf_params_minimum (&kdf);
  store = sk_store_create (f->path, "pw", &kdf, &error);
  g_assert_no_error (error);
  github = sk_account_new_from_uri ("otpauth://totp/GitHub:me?secret=JBSWY3DPEHPK3PXP&issuer=GitHub", &error);
  g_assert_no_error (error);
  f->github_uuid = g_strdup (sk_account_get_uuid (github));
  sk_vault_add_account (sk_store_get_vault (store), github);
  codes = sk_recovery_codes_parse ("aaaa-1111 bbbb-2222 cccc-3333", NULL, NULL);
  sk_recovery_codes_add (sk_store_get_vault (store), f->github_uuid, codes, g_get_real_time ());
  phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_assert_true (sk_inventory_save_identity (sk_store_get_vault (store), phone, g_get_real_time (), &error));
  g_assert_no_error (error);
  f->phone_uuid = g_strdup (sk_identity_get_uuid (phone));
  binding = sk_inventory_bind (sk_store_get_vault (store), f->github_uuid, f->phone_uuid,
                               SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (binding);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);

  f->window = sk_app_test_open_window (f->path);
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  f->page = sk_app_test_child (f->window, SK_TYPE_WINDOW, "accounts_page");
  f->inventory = sk_app_test_child (f->window, SK_TYPE_WINDOW, "inventory_page");
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
  g_free (f->github_uuid);
  g_free (f->phone_uuid);
}

/* Runs the real sparekey-cli on the fixture's vault; returns its exit
 * status. */
static int
run_cli (Fixture *f,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *cli = g_getenv ("SPAREKEY_CLI");
  const char *arg;
  int status = -1;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--vault");
  g_ptr_array_add (argv, f->path);
  g_ptr_array_add (argv, (char *) "--password-file");
  g_ptr_array_add (argv, f->password_file);
  va_start (args, f);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("sparekey-cli said: %s%s", out, err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static gboolean
n_shown_is_2 (gpointer data)
{
  Fixture *f = data;

  return g_list_model_get_n_items (sk_accounts_page_get_model (f->page)) == 2;
}

typedef struct {
  Fixture    *f;
  const char *note;
} BindingWait;

static gboolean
binding_has_note (gpointer data)
{
  BindingWait *w = data;
  GListModel *bindings = sk_inventory_get_account_bindings (vault_of (w->f), w->f->github_uuid);

  for (guint i = 0; i < g_list_model_get_n_items (bindings); i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);

      if (g_strcmp0 (sk_binding_get_note (binding), w->note) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
two_codes_left (gpointer data)
{
  Fixture *f = data;

  return sk_recovery_codes_count_remaining (vault_of (f), f->github_uuid, NULL) == 2;
}

/* While the app is unlocked, sparekey-cli adds an account, edits a binding
 * and marks a recovery code used on the same vault: the list, the
 * inventory and an open account dialog show it without any refresh call
 * (the session merges the file the CLI wrote), and what was typed in the
 * dialog meanwhile is neither lost nor overwritten. */
static void
test_other_writer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BindingWait wait = { f, "moved to the work SIM" };
  SkAccount *github = sk_vault_lookup_account (vault_of (f), f->github_uuid);
  SkAccountDialog *dialog;
  GtkEditable *name_row;
  GtkLabel *label;

  g_assert_cmpuint (g_list_model_get_n_items (sk_accounts_page_get_model (f->page)), ==, 1);
  dialog = sk_account_dialog_new (GTK_WINDOW (f->window), sk_window_get_session (f->window), github);
  gtk_window_present (GTK_WINDOW (dialog));
  name_row = sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "name_row");
  gtk_editable_set_text (name_row, "typed, not saved yet");

  g_assert_cmpint (run_cli (f, "add", "otpauth://totp/Proton:me?secret=JBSWY3DPEHPK3PXQ&issuer=Proton", NULL), ==, 0);
  g_assert_cmpint (run_cli (f, "bind", "GitHub", "13800138000", "--role", "security-phone",
                            "--note", wait.note, NULL), ==, 0);
  g_assert_cmpint (run_cli (f, "codes", "use", "GitHub", NULL), ==, 0);

  /* The list shows the new account, sorted in. */
  g_assert_true (sk_app_test_wait (n_shown_is_2, f, SK_APP_TEST_MAX_WAIT_MS));
  /* The inventory model has the edited binding, the vault the used code. */
  g_assert_true (sk_app_test_wait (binding_has_note, &wait, SK_APP_TEST_MAX_WAIT_MS));
  g_assert_true (sk_app_test_wait (two_codes_left, f, SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_flush ();

  /* The open dialog shows the codes left, and keeps what was typed. */
  adw_view_stack_set_visible_child_name (sk_app_test_child (dialog, SK_TYPE_ACCOUNT_DIALOG, "stack"),
                                         "ways-back");
  sk_app_test_flush ();
  label = sk_app_test_find_label (dialog, "2 of 3");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_editable_get_text (name_row), ==, "typed, not saved yet");
  g_assert_cmpstr (sk_account_get_name (github), ==, "me");

  /* Saving the dialog now keeps the CLI's changes and adds ours. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "account.save", NULL));
  sk_app_test_wait_saved (f->page);
  {
    g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);
    SkAccount *saved;

    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (store)), ==, 2);
    saved = sk_vault_lookup_account (sk_store_get_vault (store), f->github_uuid);
    g_assert_cmpstr (sk_account_get_name (saved), ==, "typed, not saved yet");
    g_assert_cmpuint (sk_recovery_codes_count_remaining (sk_store_get_vault (store), f->github_uuid, NULL), ==, 2);
  }
}

/* After the lock nothing holds the store, the vault or an account: not
 * the list, not a dialog, not the undo toast of a deletion. */
static void
test_lock_finalizes (Fixture       *f,
                     gconstpointer  data)
{
  SkSession *session = sk_window_get_session (f->window);
  GListModel *accounts = sk_vault_get_accounts (vault_of (f));
  g_autoptr(GPtrArray) weak = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkAccount) doomed = NULL;
  SkAccountDialog *dialog;

  g_assert_cmpint (run_cli (f, "add", "otpauth://totp/Proton:me?secret=JBSWY3DPEHPK3PXQ&issuer=Proton", NULL), ==, 0);
  g_assert_true (sk_app_test_wait (n_shown_is_2, f, SK_APP_TEST_MAX_WAIT_MS));

  /* A deletion waiting for its undo toast, and an open dialog. */
  doomed = g_list_model_get_item (accounts, 1);
  sk_session_delete_account (session, doomed);
  g_clear_object (&doomed);
  dialog = sk_account_dialog_new (GTK_WINDOW (f->window), session,
                                  sk_vault_lookup_account (vault_of (f), f->github_uuid));
  gtk_window_present (GTK_WINDOW (dialog));
  sk_app_test_run_for (100);

  {
    gpointer *p;

    p = g_new0 (gpointer, 1);
    *p = sk_session_get_store (session);
    g_object_add_weak_pointer (*p, p);
    g_ptr_array_add (weak, p);
    p = g_new0 (gpointer, 1);
    *p = vault_of (f);
    g_object_add_weak_pointer (*p, p);
    g_ptr_array_add (weak, p);
    for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
      {
        g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

        p = g_new0 (gpointer, 1);
        *p = account;
        g_object_add_weak_pointer (*p, p);
        g_ptr_array_add (weak, p);
      }
  }

  sk_window_lock (f->window);
  sk_app_test_run_for (200);
  g_assert_true (sk_window_get_locked (f->window));
  for (guint i = 0; i < weak->len; i++)
    g_assert_null (*(gpointer *) weak->pdata[i]);

  /* The deletion the toast was waiting for happened before the lock. */
  g_assert_true (sk_app_test_unlock (f->window, "pw"));
  g_assert_cmpuint (sk_vault_get_n_accounts (vault_of (f)), ==, 1);
}

typedef struct {
  guint  iterations;
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
count_tick (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last != 0)
    t->longest = MAX (t->longest, now - t->last);
  t->last = now;
  t->iterations++;
  return G_SOURCE_CONTINUE;
}

static gboolean
session_idle (gpointer data)
{
  SkSession *session = data;

  return !sk_session_get_saving (session);
}

/* Another writer (a CLI) holds the vault's write lock: the app's save
 * waits for it off the main thread, and the window goes on running
 * meanwhile; once the lock is free the save lands, with the change. */
static void
test_save_waits_without_stalling (Fixture       *f,
                                  gconstpointer  data)
{
  SkSession *session = sk_window_get_session (f->window);
  SkAccount *github = sk_vault_lookup_account (vault_of (f), f->github_uuid);
  g_autofree char *lock_path = g_strconcat (f->path, ".lock", NULL);
  g_autoptr(GError) error = NULL;
  Ticks ticks = { 0 };
  guint tick_id;
  int fd;

  fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  sk_account_set_note (github, "written while the CLI held the lock");
  g_assert_true (sk_session_get_saving (session));

  /* Hundreds of main-loop turns while the save waits: nothing blocks. */
  tick_id = g_timeout_add (2, count_tick, &ticks);
  while (ticks.iterations < 300)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sk_session_get_saving (session));
  g_test_message ("longest gap between main-loop turns while the save waited: %.1f ms",
                  ticks.longest / 1000.0);

  /* The other writer is done: the save lands. */
  flock (fd, LOCK_UN);
  close (fd);
  g_assert_true (sk_app_test_wait (session_idle, session, SK_APP_TEST_MAX_WAIT_MS));
  g_source_remove (tick_id);
  {
    g_autoptr(SkStore) store = sk_store_open (f->path, "pw", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (sk_account_get_note (sk_vault_lookup_account (sk_store_get_vault (store), f->github_uuid)),
                     ==, "written while the CLI held the lock");
  }
}

int
main (int   argc,
      char *argv[])
{
  app = sk_app_test_init (&argc, &argv);

  g_test_add ("/sparekey/app/session/other-writer", Fixture, NULL,
              fixture_setup, test_other_writer, fixture_teardown);
  g_test_add ("/sparekey/app/session/save-waits-without-stalling", Fixture, NULL,
              fixture_setup, test_save_waits_without_stalling, fixture_teardown);
  g_test_add ("/sparekey/app/session/lock-finalizes", Fixture, NULL,
              fixture_setup, test_lock_finalizes, fixture_teardown);

  return g_test_run ();
}
