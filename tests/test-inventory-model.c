/* test-inventory-model.c: the identities and bindings as list models:
 * stable objects, items-changed and notify through every change, and
 * after reopening and merging
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-test-util.h"

/* Every items-changed of a model, as "position,removed,added". */
typedef struct {
  GListModel *model;
  GPtrArray  *changes;
} Recorder;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Recorder   *recorder)
{
  g_ptr_array_add (recorder->changes, g_strdup_printf ("%u,%u,%u", position, removed, added));
}

static Recorder *
recorder_new (GListModel *model)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->model = g_object_ref (model);
  recorder->changes = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), recorder);
  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_signal_handlers_disconnect_by_data (recorder->model, recorder);
  g_object_unref (recorder->model);
  g_ptr_array_unref (recorder->changes);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

/* The changes since the last call, joined by ";", and forgotten. */
static char *
recorder_take (Recorder *recorder)
{
  g_autofree char **strv = NULL;
  char *joined;

  g_ptr_array_add (recorder->changes, NULL);
  strv = (char **) g_ptr_array_steal (recorder->changes, NULL);
  joined = g_strjoinv (";", strv);
  for (guint i = 0; strv[i] != NULL; i++)
    g_free (strv[i]);
  return joined;
}

/* The names of the properties notified on @object, in order. */
static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GString    *names)
{
  if (names->len > 0)
    g_string_append_c (names, ' ');
  g_string_append (names, pspec->name);
}

static GString *
watch (gpointer object)
{
  GString *names = g_string_new (NULL);

  g_signal_connect (object, "notify", G_CALLBACK (on_notify), names);
  return names;
}

static void
unwatch (gpointer  object,
         GString  *names)
{
  g_signal_handlers_disconnect_by_data (object, names);
  g_string_free (names, TRUE);
}

/* Whether @names (from watch()) holds @name, then forgets them. */
static gboolean
notified (GString    *names,
          const char *name)
{
  g_auto(GStrv) list = g_strsplit (names->str, " ", -1);
  gboolean found = g_strv_contains ((const char * const *) list, name);

  g_string_truncate (names, 0);
  return found;
}

static SkAccount *
add_account (SkVault    *vault,
             const char *issuer)
{
  /* SMS only, like most accounts people lose: no codes in this vault
   * that would be a way back of their own. */
  SkAccount *account = sk_account_new_without_code (SK_PROTECTION_SMS);

  sk_account_set_issuer (account, issuer);
  sk_account_set_name (account, "me");
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  return account;
}

static char *
add_identity (SkVault        *vault,
              SkIdentityKind  kind,
              const char     *value)
{
  g_autoptr(SkIdentity) identity = sk_identity_new (kind, value);
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_inventory_save_identity (vault, identity, g_get_real_time (), &error));
  g_assert_no_error (error);
  return g_strdup (sk_identity_get_uuid (identity));
}

static void
bind (SkVault       *vault,
      SkAccount     *account,
      const char    *identity,
      SkBindingRole  role,
      const char    *note)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sk_inventory_bind (vault, sk_account_get_uuid (account), identity,
                                             role, NULL, NULL, note, g_get_real_time (), &error);

  g_assert_no_error (error);
  g_assert_nonnull (uuid);
}

static void
edit (SkVault     *vault,
      const char  *uuid,
      const char  *label,
      const char  *value,
      int          status)
{
  g_autoptr(SkIdentity) copy = sk_identity_copy (sk_inventory_lookup_identity (vault, uuid));
  g_autoptr(GError) error = NULL;

  if (label != NULL)
    sk_identity_set_label (copy, label);
  if (value != NULL)
    sk_identity_set_value (copy, value);
  if (status >= 0)
    sk_identity_set_status (copy, status);
  g_assert_true (sk_inventory_save_identity (vault, copy, g_get_real_time (), &error));
  g_assert_no_error (error);
}

static SkIdentity *
item (GListModel *model,
      guint       position)
{
  g_autoptr(SkIdentity) identity = g_list_model_get_item (model, position);

  return identity;   /* the model keeps it */
}

/* Add, edit, move, remove: one object per identity throughout. */
static void
test_identities (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  GListModel *model = sk_inventory_get_identities (vault);
  g_autoptr(Recorder) recorder = recorder_new (model);
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *other = NULL;
  g_autofree char *changes = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  SkIdentity *live;
  GString *names;

  g_assert_true (g_list_model_get_item_type (model) == SK_TYPE_IDENTITY);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Added in kind order: the phone goes before the email. */
  email = add_identity (vault, SK_IDENTITY_EMAIL, "me@example.com");
  phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000");
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "0,0,1;0,0,1");
  g_clear_pointer (&changes, g_free);
  live = item (model, 0);
  g_assert_cmpstr (sk_identity_get_uuid (live), ==, phone);
  g_assert_true (sk_inventory_lookup_identity (vault, phone) == live);
  listed = sk_inventory_list_identities (vault);
  g_assert_true (listed->pdata[0] == live);

  /* An edit: notify on the same object, and no move. */
  names = watch (live);
  edit (vault, phone, "work phone", NULL, -1);
  g_assert_true (item (model, 0) == live);
  g_assert_cmpstr (sk_identity_get_label (live), ==, "work phone");
  g_assert_true (notified (names, "label"));
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "");
  g_clear_pointer (&changes, g_free);

  /* Saving the same again notifies nothing but the time. */
  edit (vault, phone, "work phone", NULL, -1);
  g_assert_false (notified (names, "label"));

  /* A new value that sorts it after another phone: it moves, the same
   * object, and its filters by kind can see it. */
  other = add_identity (vault, SK_IDENTITY_PHONE, "13900139000");
  g_clear_pointer (&changes, g_free);
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "1,0,1");
  g_clear_pointer (&changes, g_free);
  edit (vault, phone, NULL, "15000150000", -1);
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "0,1,0;1,0,1");
  g_clear_pointer (&changes, g_free);
  g_assert_true (item (model, 1) == live);
  g_assert_true (notified (names, "value"));

  /* Removed: out of the model; the object lives on for who holds it. */
  g_object_ref (live);
  g_assert_true (sk_inventory_remove_identity (vault, phone, g_get_real_time (), NULL, NULL));
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "1,1,0");
  g_assert_null (sk_inventory_lookup_identity (vault, phone));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  unwatch (live, names);
  g_clear_pointer (&listed, g_ptr_array_unref);
  g_assert_finalize_object (live);
}

/* The vault's identities refuse edits: they follow the records. */
static void
test_read_only (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(SkVault) vault = sk_vault_new ();
      g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000");

      sk_identity_set_note (sk_inventory_lookup_identity (vault, phone), "not saved");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*sk_identity_set_note*edit a copy*");
}

/* Binding and unbinding, per account and per identity, and the counts
 * on the identities. */
static void
test_bindings (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *shop = add_account (vault, "Shop");
  SkAccount *game = add_account (vault, "Game");
  g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000");
  g_autofree char *email = add_identity (vault, SK_IDENTITY_EMAIL, "me@example.com");
  GListModel *of_shop = sk_inventory_get_account_bindings (vault, sk_account_get_uuid (shop));
  GListModel *on_phone = sk_inventory_get_identity_bindings (vault, phone);
  g_autoptr(Recorder) shop_recorder = recorder_new (of_shop);
  g_autoptr(Recorder) phone_recorder = recorder_new (on_phone);
  /* Held: the phone is removed at the end. */
  g_autoptr(SkIdentity) live_phone = g_object_ref (sk_inventory_lookup_identity (vault, phone));
  SkIdentity *live_email = sk_inventory_lookup_identity (vault, email);
  GString *phone_names = watch (live_phone);
  GString *email_names = watch (live_email);
  g_autofree char *changes = NULL;
  g_autoptr(SkBinding) binding = NULL;
  GString *binding_names;

  g_assert_true (g_list_model_get_item_type (of_shop) == SK_TYPE_BINDING);
  g_assert_true (sk_inventory_get_account_bindings (vault, sk_account_get_uuid (shop)) == of_shop);

  /* SMS to the phone only: it is the shop's only way back. */
  bind (vault, shop, phone, SK_ROLE_SECURITY_PHONE, NULL);
  changes = recorder_take (shop_recorder);
  g_assert_cmpstr (changes, ==, "0,0,1");
  g_clear_pointer (&changes, g_free);
  changes = recorder_take (phone_recorder);
  g_assert_cmpstr (changes, ==, "0,0,1");
  g_clear_pointer (&changes, g_free);
  g_assert_cmpuint (sk_identity_get_n_accounts (live_phone), ==, 1);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 1);
  g_assert_true (notified (phone_names, "n-accounts"));

  /* The same binding again: updated in place, no move. */
  binding = g_list_model_get_item (of_shop, 0);
  binding_names = watch (binding);
  bind (vault, shop, phone, SK_ROLE_SECURITY_PHONE, "main number");
  g_assert_cmpstr (sk_binding_get_note (binding), ==, "main number");
  g_assert_true (notified (binding_names, "note"));
  changes = recorder_take (shop_recorder);
  g_assert_cmpstr (changes, ==, "");
  g_clear_pointer (&changes, g_free);

  /* A login (not a way back) sorts first; the game binds the phone too. */
  bind (vault, shop, phone, SK_ROLE_LOGIN, NULL);
  bind (vault, game, phone, SK_ROLE_SECURITY_PHONE, NULL);
  changes = recorder_take (shop_recorder);
  g_assert_cmpstr (changes, ==, "0,0,1");
  g_clear_pointer (&changes, g_free);
  g_assert_cmpuint (g_list_model_get_n_items (on_phone), ==, 3);
  g_assert_cmpuint (sk_identity_get_n_accounts (live_phone), ==, 2);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 2);

  /* A recovery email for the shop: the phone is no longer its only
   * way, though nothing bound to the phone changed. */
  g_string_truncate (phone_names, 0);
  bind (vault, shop, email, SK_ROLE_RECOVERY_EMAIL, NULL);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 1);
  g_assert_true (notified (phone_names, "n-only-way"));
  g_assert_cmpuint (sk_identity_get_n_accounts (live_email), ==, 1);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_email), ==, 0);

  /* The email is lost: the phone is the shop's only way again. */
  edit (vault, email, NULL, NULL, SK_IDENTITY_LOST);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 2);
  g_assert_true (notified (phone_names, "n-only-way"));

  /* Unused recovery codes are a way back of their own. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) codes = sk_recovery_codes_parse ("aaaa1111 bbbb2222", NULL, &error);

    g_assert_no_error (error);
    sk_recovery_codes_add (vault, sk_account_get_uuid (game), codes, g_get_real_time ());
    g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 1);
    sk_recovery_codes_replace (vault, sk_account_get_uuid (game), NULL, g_get_real_time ());
    g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 2);
  }

  /* Unbinding: out of both models, counts down. */
  {
    g_autoptr(GPtrArray) of_game = sk_inventory_list_bindings (vault, sk_account_get_uuid (game), NULL);
    g_autofree char *expected = NULL;
    guint position;

    g_assert_true (g_list_store_find (G_LIST_STORE (on_phone), of_game->pdata[0], &position));
    expected = g_strdup_printf ("%u,1,0", position);
    g_free (recorder_take (phone_recorder));
    g_assert_cmpuint (sk_inventory_unbind (vault, sk_account_get_uuid (game), phone, -1, g_get_real_time ()), ==, 1);
    g_clear_pointer (&changes, g_free);
    changes = recorder_take (phone_recorder);
    g_assert_cmpstr (changes, ==, expected);
  }
  g_assert_cmpuint (sk_identity_get_n_accounts (live_phone), ==, 1);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 1);

  /* Removing the phone takes its bindings out of the shop's list. */
  g_assert_true (sk_inventory_remove_identity (vault, phone, g_get_real_time (), NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (on_phone), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (of_shop), ==, 1);
  g_assert_cmpuint (sk_identity_get_n_accounts (live_email), ==, 1);

  unwatch (binding, binding_names);
  unwatch (live_phone, phone_names);
  unwatch (live_email, email_names);
}

/* The counts the models keep after each step equal those of an
 * inventory built from scratch (a copy of the vault) and those of the
 * views. */
static void
check_counts (SkVault *vault)
{
  g_autoptr(SkSecret) payload = sk_vault_serialize (vault, NULL);
  g_autoptr(SkVault) fresh = sk_vault_deserialize (sk_secret_get_data (payload),
                                                   sk_secret_get_size (payload), NULL);
  GListModel *model = sk_inventory_get_identities (vault);
  GListModel *fresh_model = sk_inventory_get_identities (fresh);
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (g_list_model_get_n_items (fresh_model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      SkIdentity *mine = item (model, i);
      SkIdentity *theirs = item (fresh_model, i);
      g_autoptr(GPtrArray) bindings = NULL;
      guint n_accounts = 0, only = 0;

      g_assert_cmpstr (sk_identity_get_uuid (mine), ==, sk_identity_get_uuid (theirs));
      g_assert_cmpuint (sk_identity_get_n_accounts (mine), ==, sk_identity_get_n_accounts (theirs));
      g_assert_cmpuint (sk_identity_get_n_only_way (mine), ==, sk_identity_get_n_only_way (theirs));
      bindings = sk_inventory_by_identity (fresh, sk_identity_get_uuid (theirs), &n_accounts, NULL, &only);
      g_assert_cmpuint (sk_identity_get_n_accounts (mine), ==, n_accounts);
      g_assert_cmpuint (g_list_model_get_n_items (sk_inventory_get_identity_bindings (vault, sk_identity_get_uuid (mine))),
                        ==, bindings->len);
    }

  /* Every single point of failure is some identity's only way. */
  {
    g_autoptr(GPtrArray) report = sk_inventory_spof_report (vault, TRUE);
    guint single = 0, total = 0;

    for (guint i = 0; i < report->len; i++)
      single += ((SkSpofEntry *) report->pdata[i])->kind == SK_SPOF_SINGLE_IDENTITY;
    for (guint i = 0; i < n; i++)
      total += sk_identity_get_n_only_way (item (model, i));
    g_assert_cmpuint (single, ==, total);
  }
}

static void
test_counts_follow (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  GPtrArray *accounts = g_ptr_array_new ();
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  GRand *rand = g_rand_new_with_seed (20260307);
  const SkBindingRole roles[] = { SK_ROLE_LOGIN, SK_ROLE_SECURITY_PHONE, SK_ROLE_RECOVERY_EMAIL,
                                  SK_ROLE_TRUSTED_DEVICE };

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("Service%u", i);

      g_ptr_array_add (accounts, add_account (vault, name));
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *value = g_strdup_printf ("1380013800%u", i);

      g_ptr_array_add (identities, add_identity (vault, i % 2 ? SK_IDENTITY_EMAIL : SK_IDENTITY_PHONE, value));
    }

  /* Random binds, unbinds, status changes and codes; the counts are
   * checked after each. */
  for (guint step = 0; step < 200; step++)
    {
      SkAccount *account = accounts->pdata[g_rand_int_range (rand, 0, accounts->len)];
      const char *identity = identities->pdata[g_rand_int_range (rand, 0, identities->len)];
      int what = g_rand_int_range (rand, 0, 10);

      if (what < 5)
        bind (vault, account, identity, roles[g_rand_int_range (rand, 0, G_N_ELEMENTS (roles))], NULL);
      else if (what < 8)
        sk_inventory_unbind (vault, sk_account_get_uuid (account), identity, -1, g_get_real_time ());
      else if (what < 9)
        edit (vault, identity, NULL, NULL, g_rand_int_range (rand, 0, 3));
      else
        {
          g_autoptr(GPtrArray) codes = sk_recovery_codes_parse ("cccc3333", NULL, NULL);

          if (g_rand_boolean (rand))
            sk_recovery_codes_replace (vault, sk_account_get_uuid (account), codes, g_get_real_time ());
          else
            sk_recovery_codes_replace (vault, sk_account_get_uuid (account), NULL, g_get_real_time ());
        }
      check_counts (vault);
    }
  g_rand_free (rand);
  g_ptr_array_unref (accounts);
}

/* Another writer's copy merged in: the models follow, their objects
 * stay. */
static void
test_merge (void)
{
  g_autoptr(SkVault) a = sk_vault_new ();
  g_autoptr(SkVault) b = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  SkAccount *shop = add_account (a, "Shop");
  g_autofree char *phone = add_identity (a, SK_IDENTITY_PHONE, "13800138000");
  g_autofree char *email = add_identity (a, SK_IDENTITY_EMAIL, "me@example.com");
  g_autofree char *device = NULL;
  g_autofree char *changes = NULL;
  GListModel *model = sk_inventory_get_identities (a);
  GListModel *of_shop = sk_inventory_get_account_bindings (a, sk_account_get_uuid (shop));
  g_autoptr(Recorder) recorder = recorder_new (model);
  g_autoptr(Recorder) shop_recorder = recorder_new (of_shop);
  SkIdentity *live_phone = sk_inventory_lookup_identity (a, phone);
  GString *names = watch (live_phone);

  bind (a, shop, email, SK_ROLE_RECOVERY_EMAIL, NULL);
  g_free (recorder_take (shop_recorder));
  payload = sk_vault_serialize (a, &error);
  g_assert_no_error (error);
  b = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);

  /* B: a new device, the phone's carrier, the email gone, the shop
   * bound to the phone. */
  device = add_identity (b, SK_IDENTITY_DEVICE, "Pixel 7");
  {
    g_autoptr(SkIdentity) copy = sk_identity_copy (sk_inventory_lookup_identity (b, phone));

    sk_identity_set_carrier (copy, "China Mobile");
    g_assert_true (sk_inventory_save_identity (b, copy, g_get_real_time (), &error));
  }
  g_assert_true (sk_inventory_remove_identity (b, email, g_get_real_time (), NULL, &error));
  bind (b, sk_vault_lookup_account (b, sk_account_get_uuid (shop)), phone, SK_ROLE_SECURITY_PHONE, NULL);

  g_assert_true (sk_vault_merge (a, b));
  /* The email (position 1 of phone, email) goes; the device comes
   * after the phone. */
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "1,1,0;1,0,1");
  g_clear_pointer (&changes, g_free);
  g_assert_true (sk_inventory_lookup_identity (a, phone) == live_phone);
  g_assert_cmpstr (sk_identity_get_carrier (live_phone), ==, "China Mobile");
  g_assert_true (notified (names, "carrier"));
  g_assert_cmpstr (sk_identity_get_uuid (item (model, 1)), ==, device);
  /* The shop lost its email binding and gained the phone's. */
  g_assert_cmpuint (g_list_model_get_n_items (of_shop), ==, 1);
  g_assert_cmpstr (sk_binding_get_identity_uuid (g_list_model_get_item (of_shop, 0)), ==, phone);
  g_object_unref (g_list_model_get_item (of_shop, 0));
  g_assert_cmpuint (sk_identity_get_n_accounts (live_phone), ==, 1);
  g_assert_cmpuint (sk_identity_get_n_only_way (live_phone), ==, 1);

  /* Merging again changes nothing. */
  g_assert_false (sk_vault_merge (a, b));
  changes = recorder_take (recorder);
  g_assert_cmpstr (changes, ==, "");
  unwatch (live_phone, names);
}

/* Two stores of one file: the second saves, the first reloads (and
 * would merge the same way when saving). */
static void
test_reload (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) first = NULL;
  g_autoptr(SkStore) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *changes = NULL;
  SkKdfParams kdf;
  GListModel *model;
  SkIdentity *live;
  GString *names;

  sk_test_kdf_fast (&kdf);
  first = sk_store_create (path, "pw", &kdf, &error);
  g_assert_no_error (error);
  phone = add_identity (sk_store_get_vault (first), SK_IDENTITY_PHONE, "13800138000");
  g_assert_true (sk_store_save (first, &error));

  /* Reopened: the model is built from the file. */
  second = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  model = sk_inventory_get_identities (sk_store_get_vault (second));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (sk_identity_get_value (item (model, 0)), ==, "13800138000");

  /* The first one's model sees what the second saved. */
  model = sk_inventory_get_identities (sk_store_get_vault (first));
  live = item (model, 0);
  {
    g_autoptr(Recorder) recorder = recorder_new (model);

    names = watch (live);
    email = add_identity (sk_store_get_vault (second), SK_IDENTITY_EMAIL, "me@example.com");
    edit (sk_store_get_vault (second), phone, NULL, NULL, SK_IDENTITY_LOST);
    g_assert_true (sk_store_save (second, &error));
    g_assert_true (sk_store_reload (first, &error));
    g_assert_no_error (error);
    changes = recorder_take (recorder);
    g_assert_cmpstr (changes, ==, "1,0,1");
    g_assert_true (item (model, 0) == live);
    g_assert_cmpint (sk_identity_get_status (live), ==, SK_IDENTITY_LOST);
    g_assert_true (notified (names, "status"));
    g_assert_cmpstr (sk_identity_get_uuid (item (model, 1)), ==, email);
    unwatch (live, names);
  }
}

/* A vault written before the inventory existed opens with an empty
 * model, takes identities, and keeps them in the same file format. */
static void
test_v1_fixture (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "vault-v1.sparekey", NULL);
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *data = NULL;
  g_autofree char *phone = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = NULL;
  GListModel *model;
  gsize len;

  g_assert_true (g_file_get_contents (fixture, &data, &len, NULL));
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  store = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  model = sk_inventory_get_identities (sk_store_get_vault (store));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  phone = add_identity (sk_store_get_vault (store), SK_IDENTITY_PHONE, "13800138000");
  account = g_list_model_get_item (sk_vault_get_accounts (sk_store_get_vault (store)), 0);
  bind (sk_store_get_vault (store), account, phone, SK_ROLE_SECURITY_PHONE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);

  again = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  model = sk_inventory_get_identities (sk_store_get_vault (again));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (sk_identity_get_uuid (item (model, 0)), ==, phone);
  g_assert_cmpuint (sk_identity_get_n_accounts (item (model, 0)), ==, 1);
}

/* Nothing keeps the items alive once the vault is gone. */
static void
test_lifetime (void)
{
  SkVault *vault = sk_vault_new ();
  SkAccount *shop = add_account (vault, "Shop");
  g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000");
  SkIdentity *identity;
  SkBinding *binding;

  bind (vault, shop, phone, SK_ROLE_SECURITY_PHONE, NULL);
  identity = g_object_ref (sk_inventory_lookup_identity (vault, phone));
  binding = g_list_model_get_item (sk_inventory_get_identity_bindings (vault, phone), 0);
  g_assert_finalize_object (vault);
  g_assert_cmpstr (sk_identity_get_uuid (identity), ==, phone);
  g_assert_finalize_object (identity);
  g_assert_finalize_object (binding);
}

int
main (int    argc,
      char **argv)
{
  g_assert_true (sk_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sparekey/inventory-model/identities", test_identities);
  g_test_add_func ("/sparekey/inventory-model/read-only", test_read_only);
  g_test_add_func ("/sparekey/inventory-model/bindings", test_bindings);
  g_test_add_func ("/sparekey/inventory-model/counts-follow", test_counts_follow);
  g_test_add_func ("/sparekey/inventory-model/merge", test_merge);
  g_test_add_func ("/sparekey/inventory-model/reload", test_reload);
  g_test_add_func ("/sparekey/inventory-model/v1-fixture", test_v1_fixture);
  g_test_add_func ("/sparekey/inventory-model/lifetime", test_lifetime);

  return g_test_run ();
}
