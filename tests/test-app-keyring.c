/* test-app-keyring.c: the app with the login keyring: opening without a
 * password, staying locked after a lock, falling back to the password when
 * the keyring is locked, and Preferences turning it on and off
 *
 * Run by tests/run-with-keyring.sh around xvfb-run: a D-Bus session and a
 * keyring daemon of its own, the login keyring unlocked with a test
 * password, in a private HOME. The test that locks the keyring runs last.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-app-test-util.h"
#include "sk-preferences-window.h"
#include "sk-test-util.h"
#include "sk-unlock-page.h"

#define PASSWORD "hunter22"

static gboolean
on_accounts_page (gpointer window)
{
  return g_strcmp0 (sk_window_get_page_name (window), "accounts") == 0;
}

static guint
n_slots_of_type (const char *path,
                 guint       type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, PASSWORD, &error);
  g_autoptr(GPtrArray) slots = NULL;
  guint n = 0;

  g_assert_no_error (error);
  slots = sk_store_list_key_slots (store);
  for (guint i = 0; i < slots->len; i++)
    if (((SkKeySlotInfo *) slots->pdata[i])->type == type)
      n++;
  return n;
}

static guint
n_keyring_items (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vault_id = sk_store_peek_vault_id (path, NULL, &error);
  g_autoptr(GPtrArray) keys = NULL;

  g_assert_no_error (error);
  if (vault_id == NULL)
    return 0;
  keys = sk_keyring_lookup (vault_id, &error);
  g_assert_no_error (error);
  return keys->len;
}

/* What `sparekey-cli keyring enable` does, through the core. */
static void
enable_keyring (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, PASSWORD, &error);
  g_autoptr(SkSecret) key = NULL;
  g_autofree char *slot_id = NULL;
  g_autofree char *vault_id = NULL;

  g_assert_no_error (error);
  key = sk_store_add_key_slot (store, SK_KEY_SLOT_KEYRING, &slot_id, &error);
  g_assert_no_error (error);
  vault_id = sk_store_get_vault_id (store);
  g_assert_true (sk_keyring_store (vault_id, slot_id, path, key, &error));
  g_assert_no_error (error);
}

/* Opens at once while the keyring is unlocked; a lock stays locked until
 * asked; a locked keyring leaves the password, which still opens it.
 * Last: it locks the keyring for the rest of the session. */
static void
test_unlock_with_keyring (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  SkWindow *window;
  SkUnlockPage *page;
  GtkWidget *keyring_button;

  if (!sk_test_have_keyring ())
    return;
  sk_app_test_make_vault (path, PASSWORD, 2);
  enable_keyring (path);

  /* No password asked. */
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_wait (on_accounts_page, window, SK_APP_TEST_MAX_WAIT_MS));

  /* Locked: it stays locked, the keyring is offered. */
  sk_window_lock (window);
  sk_app_test_run_for (500);
  g_assert_true (sk_window_get_locked (window));
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "unlock_page");
  keyring_button = sk_app_test_child (page, SK_TYPE_UNLOCK_PAGE, "keyring_button");
  g_assert_true (gtk_widget_get_visible (keyring_button));
  gtk_widget_activate (keyring_button);
  g_assert_true (sk_app_test_wait (on_accounts_page, window, SK_APP_TEST_MAX_WAIT_MS));

  /* The keyring locked: the button opens nothing, the password does. */
  sk_window_lock (window);
  sk_test_lock_keyring ();
  gtk_widget_activate (keyring_button);
  sk_app_test_run_for (1000);
  g_assert_true (sk_window_get_locked (window));
  g_assert_true (sk_app_test_unlock (window, PASSWORD));
  sk_app_test_close_window (window);

  /* A new window with the keyring still locked asks for the password. */
  window = sk_app_test_open_window (path);
  sk_app_test_run_for (1000);
  g_assert_true (sk_window_get_locked (window));
  g_assert_true (sk_app_test_unlock (window, PASSWORD));
  sk_app_test_close_window (window);
}

typedef struct
{
  const char *path;
  guint       n_slots;
  guint       n_items;
} KeyringState;

static gboolean
keyring_state_reached (gpointer data)
{
  KeyringState *want = data;

  return n_slots_of_type (want->path, SK_KEY_SLOT_KEYRING) == want->n_slots &&
         n_keyring_items (want->path) == want->n_items;
}

/* Preferences for @window, and its keyring switch once it says the
 * keyring's state. */
static GtkSwitch *
open_preferences (SkWindow             *window,
                  SkPreferencesWindow **prefs)
{
  GtkSwitch *keyring_switch;

  *prefs = sk_preferences_window_new (GTK_WINDOW (window), sk_window_get_session (window));
  gtk_window_present (GTK_WINDOW (*prefs));
  keyring_switch = sk_app_test_child (*prefs, SK_TYPE_PREFERENCES_WINDOW, "keyring_switch");
  g_assert_true (sk_app_test_wait ((SkAppTestCondition) gtk_widget_get_sensitive, keyring_switch,
                                   SK_APP_TEST_MAX_WAIT_MS));
  return keyring_switch;
}

/* Preferences: the switch makes the slot and stores its key; off removes
 * both, and the vault then asks for the password. */
static void
test_preferences_switch (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  SkPreferencesWindow *prefs;
  GtkSwitch *keyring_switch;
  KeyringState on = { NULL, 1, 1 };
  KeyringState off = { NULL, 0, 0 };
  SkWindow *window;

  if (!sk_test_have_keyring ())
    return;
  on.path = off.path = path;
  sk_app_test_make_vault (path, PASSWORD, 1);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, PASSWORD));
  keyring_switch = open_preferences (window, &prefs);
  g_assert_false (gtk_switch_get_active (keyring_switch));

  gtk_switch_set_active (keyring_switch, TRUE);
  g_assert_true (sk_app_test_wait (keyring_state_reached, &on, SK_APP_TEST_MAX_WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (prefs));
  sk_app_test_close_window (window);

  /* A new window opens by itself. */
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_wait (on_accounts_page, window, SK_APP_TEST_MAX_WAIT_MS));
  keyring_switch = open_preferences (window, &prefs);
  g_assert_true (sk_app_test_wait ((SkAppTestCondition) gtk_switch_get_active, keyring_switch,
                                   SK_APP_TEST_MAX_WAIT_MS));

  /* Off: slot and item gone, and the next window asks. */
  gtk_switch_set_active (keyring_switch, FALSE);
  g_assert_true (sk_app_test_wait (keyring_state_reached, &off, SK_APP_TEST_MAX_WAIT_MS));
  gtk_window_destroy (GTK_WINDOW (prefs));
  sk_app_test_close_window (window);
  window = sk_app_test_open_window (path);
  sk_app_test_run_for (1000);
  g_assert_true (sk_window_get_locked (window));
  sk_app_test_close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/keyring/preferences-switch", test_preferences_switch);
  g_test_add_func ("/sparekey/app/keyring/zz-unlock", test_unlock_with_keyring);

  return g_test_run ();
}
