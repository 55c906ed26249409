/* test-keys.c: the ways in besides the password: keyring slots under a
 * real gnome-keyring-daemon, recovery keys, the list of slots, re-keying
 *
 * Run by tests/run-with-keyring.sh: a D-Bus session and a keyring daemon
 * of its own, the login keyring unlocked with a test password, in a
 * private HOME. The test that locks the keyring runs last.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsecret/secret.h>
#include <sodium.h>
#include <string.h>

#include <sparekey/sparekey.h>

#include "sk-cli-test-util.h"
#include "sk-test-util.h"

#define PASSWORD     "correct horse battery"
#define NEW_PASSWORD "a brand new password"

/* The vault's id as `keyring status` cannot tell it: from the core. */
static char *
vault_id_of (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *id = sk_store_peek_vault_id (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* The items our schema's attributes find, straight from the service. */
static GList *
keyring_items (const char *vault_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_OPEN_SESSION, NULL, &error);
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  GList *items;

  g_assert_no_error (error);
  g_hash_table_insert (attributes, (gpointer) "sparekey-vault", (gpointer) vault_id);
  items = secret_service_search_sync (service, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  return items;
}

static char *
slot_id_of_type (const char *path,
                 const char *password,
                 guint       type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (path, password, &error);
  g_autoptr(GPtrArray) slots = NULL;

  g_assert_no_error (error);
  slots = sk_store_list_key_slots (store);
  for (guint i = 0; i < slots->len; i++)
    {
      SkKeySlotInfo *info = slots->pdata[i];

      if (info->type == type)
        return g_strdup (info->id);
    }
  return NULL;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return g_strstrip (text);
}

/* Core: recovery key slots without any keyring ------------------------------ */

static void
test_core_slots (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) again = NULL;
  g_autoptr(SkSecret) first = NULL;
  g_autoptr(SkSecret) second = NULL;
  g_autoptr(SkSecret) text = NULL;
  g_autoptr(SkSecret) parsed = NULL;
  g_autoptr(SkSecret) random_key = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *lower = NULL;
  SkKdfParams kdf;

  sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, PASSWORD, &kdf, &error);
  g_assert_no_error (error);
  sk_vault_add_account (sk_store_get_vault (store),
                        sk_account_new_from_uri ("otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP", NULL));
  g_assert_true (sk_store_save (store, &error));

  first = sk_store_add_key_slot (store, SK_KEY_SLOT_RECOVERY_KEY, &first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_secret_get_size (first), ==, SK_RECOVERY_KEY_BYTES);
  g_assert_cmpuint (strlen (first_id), ==, 32);

  /* Eight groups of five, and what a person may type back. */
  text = sk_recovery_key_format (first);
  g_assert_cmpuint (strlen (sk_secret_get_string (text)), ==, 47);
  for (guint i = 5; i < 47; i += 6)
    g_assert_cmpint (sk_secret_get_string (text)[i], ==, '-');
  lower = g_ascii_strdown (sk_secret_get_string (text), -1);
  for (char *p = lower; *p; p++)
    if (*p == '-')
      *p = ' ';
  parsed = sk_recovery_key_parse (lower, &error);
  g_assert_no_error (error);
  g_assert_true (sk_secret_equal (parsed, first));
  g_assert_null (sk_recovery_key_parse ("ABCDE-FGHIJ", &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sk_recovery_key_parse ("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY-Z2345-67ABC-DEF!!", &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID);
  g_clear_error (&error);

  /* It opens the vault; a random key does not. */
  again = sk_store_open_with_key (path, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_store_get_opened_with (again), ==, SK_KEY_SLOT_RECOVERY_KEY);
  g_assert_cmpuint (g_list_model_get_n_items (sk_vault_get_accounts (sk_store_get_vault (again))), ==, 1);
  g_clear_object (&again);
  random_key = sk_secret_new (SK_RECOVERY_KEY_BYTES);
  randombytes_buf (sk_secret_get_mutable (random_key), SK_RECOVERY_KEY_BYTES);
  g_assert_null (sk_store_open_with_key (path, random_key, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  /* The password slot still opens, and says so. */
  again = sk_store_open (path, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_store_get_opened_with (again), ==, SK_KEY_SLOT_PASSWORD);
  g_clear_object (&again);

  /* A new recovery key revokes the old one. */
  second = sk_store_add_key_slot (store, SK_KEY_SLOT_RECOVERY_KEY, &second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first_id, !=, second_id);
  g_assert_null (sk_store_open_with_key (path, first, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  slots = sk_store_list_key_slots (store);
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpuint (((SkKeySlotInfo *) slots->pdata[0])->type, ==, SK_KEY_SLOT_PASSWORD);
  g_assert_cmpuint (((SkKeySlotInfo *) slots->pdata[1])->type, ==, SK_KEY_SLOT_RECOVERY_KEY);
  /* Dates: new slots say when they were made. */
  for (guint i = 0; i < slots->len; i++)
    g_assert_cmpint (((SkKeySlotInfo *) slots->pdata[i])->created, >, 0);

  /* Re-keying (a password change) keeps the recovery key working, and
   * the new data key is the one it unwraps. */
  g_assert_true (sk_store_change_password (store, NEW_PASSWORD, &kdf, &error));
  g_assert_no_error (error);
  again = sk_store_open_with_key (path, second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (sk_vault_get_accounts (sk_store_get_vault (again))), ==, 1);
  g_clear_object (&again);
  g_assert_null (sk_store_open (path, PASSWORD, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  /* The password cannot be removed; an unknown slot is not found; the
   * recovery key slot can be, and then opens nothing. */
  g_clear_pointer (&slots, g_ptr_array_unref);
  slots = sk_store_list_key_slots (store);
  g_assert_false (sk_store_remove_key_slot (store, ((SkKeySlotInfo *) slots->pdata[0])->id, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sk_store_remove_key_slot (store, "00000000000000000000000000000000", &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (sk_store_remove_key_slot (store, second_id, &error));
  g_assert_no_error (error);
  g_assert_null (sk_store_open_with_key (path, second, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  again = sk_store_open (path, NEW_PASSWORD, &error);
  g_assert_no_error (error);
  g_clear_object (&again);

  g_clear_object (&store);
  sk_test_rm_rf (dir);
}

/* Older files: the version 1 fixture opens unchanged, has only its
 * password slot, and takes a recovery key. */
static void
test_core_old_vault (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "vault-v1.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = g_file_new_for_path (fixture);
  g_autoptr(GFile) dst = g_file_new_for_path (path);
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) again = NULL;
  g_autoptr(SkSecret) key = NULL;
  g_autoptr(GPtrArray) slots = NULL;
  g_autofree char *id = NULL;
  gboolean has_keyring = TRUE;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_null (sk_store_peek_vault_id (path, &has_keyring, &error));
  g_assert_no_error (error);
  g_assert_false (has_keyring);
  store = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  slots = sk_store_list_key_slots (store);
  g_assert_cmpuint (slots->len, ==, 1);
  /* Older password slots do not say when they were made. */
  g_assert_cmpint (((SkKeySlotInfo *) slots->pdata[0])->created, ==, 0);
  g_assert_null (sk_store_get_vault_id (store));

  key = sk_store_add_key_slot (store, SK_KEY_SLOT_RECOVERY_KEY, NULL, &error);
  g_assert_no_error (error);
  id = sk_store_get_vault_id (store);
  g_assert_nonnull (id);
  again = sk_store_open_with_key (path, key, &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  again = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  g_clear_object (&store);
  sk_test_rm_rf (dir);
}

/* CLI under the keyring ------------------------------------------------------ */

static void
test_keyring_enable_disable (SkCliTestFixture *f,
                             gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *newpw = g_build_filename (f->dir, "newpw", NULL);
  g_autofree char *rk = g_build_filename (f->dir, "recovery-key.txt", NULL);
  GList *items;

  if (!sk_test_have_keyring ())
    return;
  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");

  r = RUN (f, "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Off"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* With --json every member is there, error null when there is none. */
  r = RUN (f, "--json", "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  {
    g_autoptr(JsonNode) root = sk_cli_test_parse_json (r->out);
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpstr (json_object_get_string_member (o, "path"), ==, f->vault);
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "off");
    g_assert_true (json_object_has_member (o, "error"));
    g_assert_true (json_object_get_null_member (o, "error"));
  }
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Without it, a password is needed (and there is no terminal). */
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "keyring", "enable");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* One item in the default collection, naming the vault's id and the
   * slot, labelled with the vault's path for Seahorse. */
  vault_id = vault_id_of (f->vault);
  items = keyring_items (vault_id);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  {
    SecretItem *item = items->data;
    g_autofree char *label = secret_item_get_label (item);
    g_autoptr(GHashTable) attributes = secret_item_get_attributes (item);
    g_autofree char *slot = slot_id_of_type (f->vault, PASSWORD, SK_KEY_SLOT_KEYRING);

    g_assert_nonnull (strstr (label, "Sparekey"));
    g_assert_nonnull (strstr (label, f->vault));
    g_assert_cmpstr (g_hash_table_lookup (attributes, "sparekey-vault"), ==, vault_id);
    g_assert_cmpstr (g_hash_table_lookup (attributes, "sparekey-slot"), ==, slot);
  }
  g_list_free_full (items, g_object_unref);

  r = RUN (f, "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "On:"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "--json", "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  {
    g_autoptr(JsonNode) root = sk_cli_test_parse_json (r->out);
    JsonObject *o = json_node_get_object (root);

    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "on");
    g_assert_true (json_object_get_null_member (o, "error"));
  }
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Enabling again changes nothing. */
  r = RUN_PW (f, "keyring", "enable");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "already"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  items = keyring_items (vault_id);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  /* Opens without a password; --no-keyring refuses to. */
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "one"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "--no-keyring", "list");
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "password"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Re-keying keeps every slot working: with a recovery key as well,
   * opened by the keyring, the password changes, and both the keyring and
   * the recovery key open the new file. */
  r = RUN_PW (f, "recovery-key", "new", "--output", rk, "--yes");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  sk_cli_test_write_file (newpw, NEW_PASSWORD "\n");
  r = RUN (f, "passwd", "--new-password-file", newpw, "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "list");
  sk_cli_test_assert_exit (r, 3);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "one"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "--no-keyring", "--recovery-key-file", rk, "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "one"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Disabling removes the slot and deletes the item. */
  r = RUN (f, "keyring", "disable");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  items = keyring_items (vault_id);
  g_assert_null (items);
  g_assert_null (slot_id_of_type (f->vault, NEW_PASSWORD, SK_KEY_SLOT_KEYRING));
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Off"));
}

/* A removed keyring slot no longer opens the vault, even with the key
 * kept from before. */
static void
test_keyring_slot_removed (SkCliTestFixture *f,
                           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *slot = NULL;
  SkKeyringKey *kept;
  GList *items;

  if (!sk_test_have_keyring ())
    return;
  r = RUN_PW (f, "keyring", "enable");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  vault_id = vault_id_of (f->vault);
  keys = sk_keyring_lookup (vault_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  kept = keys->pdata[0];
  g_assert_nonnull (kept->key);

  slot = slot_id_of_type (f->vault, PASSWORD, SK_KEY_SLOT_KEYRING);
  g_assert_cmpstr (slot, ==, kept->slot_id);
  r = RUN_PW (f, "slots");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "login keyring"));
  g_assert_nonnull (strstr (r->out, slot));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "slots");
  sk_cli_test_assert_exit (r, 0);
  {
    g_autoptr(JsonNode) root = sk_cli_test_parse_json (r->out);
    JsonArray *a = json_node_get_array (root);
    JsonObject *password = json_array_get_object_element (a, 0);
    JsonObject *keyring = json_array_get_object_element (a, 1);

    g_assert_cmpuint (json_array_get_length (a), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (password, "type"), ==, "password");
    g_assert_cmpuint (strlen (json_object_get_string_member (password, "id")), ==, 32);
    g_assert_nonnull (json_object_get_string_member (password, "created"));
    g_assert_cmpstr (json_object_get_string_member (keyring, "type"), ==, "keyring");
    g_assert_cmpstr (json_object_get_string_member (keyring, "id"), ==, slot);
    /* UTC ISO 8601. */
    g_assert_true (g_str_has_suffix (json_object_get_string_member (keyring, "created"), "Z"));
  }
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "slots", "remove", slot);
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  g_assert_null (sk_store_open_with_key (f->vault, kept->key, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  /* Its key was deleted from this computer's keyring too. */
  items = keyring_items (vault_id);
  g_assert_null (items);
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* The password slot stays. */
  g_clear_pointer (&slot, g_free);
  slot = slot_id_of_type (f->vault, PASSWORD, SK_KEY_SLOT_PASSWORD);
  r = RUN_PW (f, "slots", "remove", slot);
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "cannot be removed"));
}

/* Recovery key: made, printed in the kit, opens the vault and sets a new
 * password; a new one revokes it. */
static void
test_recovery_key (SkCliTestFixture *f,
                   gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autofree char *rk = g_build_filename (f->dir, "recovery-key.txt", NULL);
  g_autofree char *rk2 = g_build_filename (f->dir, "recovery-key-2.txt", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "kit.pdf", NULL);
  g_autofree char *newpw = g_build_filename (f->dir, "newpw", NULL);
  g_autofree char *key = NULL;
  g_autofree char *key2 = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autoptr(JsonNode) root = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  /* A kit without --yes and no terminal to confirm: nothing is made. */
  r = RUN_PW (f, "recovery-key", "new", "--kit", pdf);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, sk_cli_test_result_free);
  g_assert_null (slot_id_of_type (f->vault, PASSWORD, SK_KEY_SLOT_RECOVERY_KEY));

  r = RUN_PW (f, "recovery-key", "new", "--output", rk, "--kit", pdf, "--yes");
  sk_cli_test_assert_exit (r, 0);
  key = read_text (rk);
  g_assert_cmpuint (strlen (key), ==, 47);
  /* Shown once on the terminal, in groups. */
  g_assert_nonnull (strstr (r->out, key));
  g_clear_pointer (&r, sk_cli_test_result_free);

  if (pdftotext != NULL)
    {
      g_autofree char *text = NULL;
      g_autofree char *first_half = g_strndup (key, 23);

      g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, (char *) "-", NULL }, NULL, 0,
                                   NULL, NULL, &text, NULL, NULL, NULL));
      /* Printed as two lines of four groups. */
      g_assert_nonnull (strstr (text, "Vault recovery key"));
      g_assert_nonnull (strstr (text, first_half));
      g_assert_nonnull (strstr (text, key + 24));
    }
  else
    /* The rest still runs, but the test must not pass as if the kit had
     * been read. */
    g_test_skip ("pdftotext (poppler-utils) not installed: the kit's text is not checked");

  /* "Forgot password": the recovery key opens it and sets a new one. */
  sk_cli_test_write_file (newpw, NEW_PASSWORD "\n");
  r = RUN (f, "--recovery-key-file", rk, "passwd", "--new-password-file", newpw,
           "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "list");
  sk_cli_test_assert_exit (r, 3);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = sk_cli_test_run_full (f->vault, NEW_PASSWORD "\n", NULL, (const char *[]) {
                              "list", "--password-file", "-", NULL });
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "one"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Still the way in after the re-key, from standard input too. */
  r = sk_cli_test_run_full (f->vault, key, NULL, (const char *[]) {
                              "--recovery-key-file", "-", "list", NULL });
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* A new one replaces it: the old one is refused with "wrong password". */
  r = sk_cli_test_run_full (f->vault, NEW_PASSWORD "\n", NULL, (const char *[]) {
                              "--password-file", "-", "--json", "recovery-key", "new", "--yes", NULL });
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  key2 = g_strdup (json_object_get_string_member (json_node_get_object (root), "recovery_key"));
  g_assert_cmpstr (key2, !=, key);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "--recovery-key-file", rk, "list");
  sk_cli_test_assert_exit (r, 3);
  g_clear_pointer (&r, sk_cli_test_result_free);
  sk_cli_test_write_file (rk2, key2);
  r = RUN (f, "--recovery-key-file", rk2, "list");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Bad input is told clearly and never mixed with a password. */
  sk_cli_test_write_file (rk2, "not a key");
  r = RUN (f, "--recovery-key-file", rk2, "list");
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "not a recovery key"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--recovery-key-file", rk, "list");
  sk_cli_test_assert_exit (r, 2);
}

/* Last: locks the keyring for the rest of the session. */
static void
test_keyring_locked (SkCliTestFixture *f,
                     gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *vault_id = NULL;

  if (!sk_test_have_keyring ())
    return;
  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  r = RUN_PW (f, "keyring", "enable");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  sk_test_lock_keyring ();

  /* The item is there, its secret is not given out, nothing prompts. */
  vault_id = vault_id_of (f->vault);
  keys = sk_keyring_lookup (vault_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 1);
  g_assert_null (((SkKeyringKey *) keys->pdata[0])->key);

  r = RUN (f, "keyring", "status");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "locked"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Falls back to the password: asked for (no terminal here)... */
  r = RUN (f, "list");
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "password is needed"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* ...and given, it opens. */
  r = RUN_PW (f, "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "one"));
}

int
main (int   argc,
      char *argv[])
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

  g_test_add_func ("/sparekey/keys/core/slots", test_core_slots);
  g_test_add_func ("/sparekey/keys/core/old-vault", test_core_old_vault);
  SK_CLI_TEST_ADD ("/sparekey/keys/recovery-key", test_recovery_key, NULL);
  SK_CLI_TEST_ADD ("/sparekey/keys/keyring/enable-disable", test_keyring_enable_disable, NULL);
  SK_CLI_TEST_ADD ("/sparekey/keys/keyring/slot-removed", test_keyring_slot_removed, NULL);
  SK_CLI_TEST_ADD ("/sparekey/keys/keyring/zz-locked", test_keyring_locked, NULL);
  return g_test_run ();
}
