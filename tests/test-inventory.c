/* test-inventory.c: identities, bindings, by-identity and the
 * single-point-of-failure report
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-test-util.h"

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
add_identity (SkVault          *vault,
              SkIdentityKind    kind,
              const char       *value,
              SkIdentityStatus  status)
{
  g_autoptr(SkIdentity) identity = sk_identity_new (kind, value);
  g_autoptr(GError) error = NULL;

  sk_identity_set_status (identity, status);
  g_assert_true (sk_inventory_save_identity (vault, identity, g_get_real_time (), &error));
  g_assert_no_error (error);
  return g_strdup (sk_identity_get_uuid (identity));
}

static void
bind (SkVault       *vault,
      SkAccount     *account,
      const char    *identity,
      SkBindingRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sk_inventory_bind (vault, sk_account_get_uuid (account), identity,
                                             role, NULL, NULL, NULL, g_get_real_time (), &error);

  g_assert_no_error (error);
  g_assert_nonnull (uuid);
}

static void
test_identities (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "138 0013 8000");
  g_autoptr(SkIdentity) card = sk_identity_new (SK_IDENTITY_PAYOUT, "6222 0212 3456 7890");
  g_autoptr(SkIdentity) device = sk_identity_new (SK_IDENTITY_DEVICE, "Pixel 7");
  g_autoptr(SkIdentity) empty = sk_identity_new (SK_IDENTITY_EMAIL, "  ");
  g_autoptr(SkIdentity) loaded = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *masked = NULL;
  g_autofree char *shown = NULL;
  const char *apps[] = { "Google Authenticator", "Sparekey", NULL };
  SkIdentityKind kind;
  SkBindingRole role;

  sk_identity_set_country_code (phone, "+86");
  sk_identity_set_carrier (phone, "China Mobile");
  sk_identity_set_since (phone, "2019/3/7");
  g_assert_true (sk_inventory_save_identity (vault, phone, 1000, &error));
  g_assert_cmpstr (sk_identity_get_since (phone), ==, "2019-03-07");
  g_assert_true (sk_inventory_save_identity (vault, card, 1000, &error));
  sk_identity_set_apps (device, apps);
  g_assert_true (sk_inventory_save_identity (vault, device, 1000, &error));
  g_assert_no_error (error);

  g_assert_false (sk_inventory_save_identity (vault, empty, 1000, &error));
  g_assert_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID);
  g_clear_error (&error);
  sk_identity_set_since (phone, "2019-02-30");
  g_assert_false (sk_inventory_save_identity (vault, phone, 2000, &error));
  g_assert_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID);
  g_clear_error (&error);

  masked = sk_identity_dup_display (card, FALSE);
  g_assert_cmpstr (masked, ==, "•••• 7890");
  shown = sk_identity_dup_display (phone, FALSE);
  g_assert_cmpstr (shown, ==, "+86 138 0013 8000");

  all = sk_inventory_list_identities (vault);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (sk_identity_get_kind (all->pdata[0]), ==, SK_IDENTITY_PHONE);

  loaded = g_object_ref (sk_inventory_lookup_identity (vault, sk_identity_get_uuid (device)));
  g_assert_cmpstrv (sk_identity_get_apps (loaded), apps);
  g_assert_cmpint (sk_identity_get_created (loaded), ==, 1000);

  /* Found by number with or without spaces and country code, by prefix. */
  found = sk_inventory_find_identities (vault, "+8613800138000");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sk_inventory_find_identities (vault, "13800138000");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sk_inventory_find_identities (vault, "pixel 7");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  {
    g_autofree char *prefix = g_strndup (sk_identity_get_uuid (card), 8);

    found = sk_inventory_find_identities (vault, prefix);
    g_assert_cmpuint (found->len, ==, 1);
  }

  g_assert_true (sk_identity_kind_from_string ("Third_Party", &kind));
  g_assert_cmpint (kind, ==, SK_IDENTITY_THIRD_PARTY);
  g_assert_false (sk_identity_kind_from_string ("pager", &kind));
  g_assert_true (sk_binding_role_from_string ("sms", &role));
  g_assert_cmpint (role, ==, SK_ROLE_SECURITY_PHONE);
  g_assert_true (sk_binding_role_from_string ("PAYOUT-ACCOUNT", &role));
  g_assert_cmpint (role, ==, SK_ROLE_PAYOUT_ACCOUNT);
}

static void
test_bindings (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *shop = add_account (vault, "Shop");
  SkAccount *game = add_account (vault, "Game");
  g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000", SK_IDENTITY_ACTIVE);
  g_autofree char *card = add_identity (vault, SK_IDENTITY_PAYOUT, "6222021234567890", SK_IDENTITY_ACTIVE);
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[SK_ROLE_TRUSTED_DEVICE + 1];
  guint n_accounts = 0, only = 0, n_removed = 0;

  first = sk_inventory_bind (vault, sk_account_get_uuid (shop), card, SK_ROLE_PAYOUT_ACCOUNT,
                             "2026-01-02", "2026-02-01", "30-day cooldown", 1000, &error);
  g_assert_no_error (error);
  /* The same binding again updates it. */
  again = sk_inventory_bind (vault, sk_account_get_uuid (shop), card, SK_ROLE_PAYOUT_ACCOUNT,
                             NULL, "2026-03-01", NULL, 2000, &error);
  g_assert_cmpstr (first, ==, again);
  bindings = sk_inventory_list_bindings (vault, sk_account_get_uuid (shop), NULL);
  g_assert_cmpuint (bindings->len, ==, 1);
  g_assert_cmpstr (sk_binding_get_cooldown_until (bindings->pdata[0]), ==, "2026-03-01");
  g_assert_cmpstr (sk_binding_get_since (bindings->pdata[0]), ==, "2026-01-02");
  g_assert_cmpstr (sk_binding_get_note (bindings->pdata[0]), ==, "30-day cooldown");
  g_clear_pointer (&bindings, g_ptr_array_unref);

  g_assert_null (sk_inventory_bind (vault, "no-such-account", card, SK_ROLE_LOGIN, NULL, NULL, NULL, 1, &error));
  g_assert_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sk_inventory_bind (vault, sk_account_get_uuid (shop), card, SK_ROLE_LOGIN, "yesterday", NULL, NULL, 1, &error));
  g_assert_error (error, SK_INVENTORY_ERROR, SK_INVENTORY_ERROR_INVALID);
  g_clear_error (&error);

  bind (vault, shop, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, shop, phone, SK_ROLE_LOGIN);
  bind (vault, game, phone, SK_ROLE_SECURITY_PHONE);

  bindings = sk_inventory_by_identity (vault, phone, &n_accounts, counts, &only);
  g_assert_cmpuint (bindings->len, ==, 3);
  g_assert_cmpuint (n_accounts, ==, 2);
  g_assert_cmpuint (counts[SK_ROLE_SECURITY_PHONE], ==, 2);
  g_assert_cmpuint (counts[SK_ROLE_LOGIN], ==, 1);
  g_assert_cmpuint (counts[SK_ROLE_RECOVERY_EMAIL], ==, 0);
  g_assert_cmpuint (only, ==, 2);
  g_clear_pointer (&bindings, g_ptr_array_unref);

  g_assert_cmpuint (sk_inventory_unbind (vault, sk_account_get_uuid (shop), phone, SK_ROLE_LOGIN, 3000), ==, 1);
  g_assert_cmpuint (sk_inventory_unbind (vault, sk_account_get_uuid (shop), phone, SK_ROLE_LOGIN, 3000), ==, 0);

  /* Removing an identity removes its bindings. */
  g_assert_true (sk_inventory_remove_identity (vault, phone, 4000, &n_removed, &error));
  g_assert_cmpuint (n_removed, ==, 2);
  bindings = sk_inventory_list_bindings (vault, NULL, NULL);
  g_assert_cmpuint (bindings->len, ==, 1);
  g_assert_null (sk_inventory_lookup_identity (vault, phone));
}

static gboolean
report_has (GPtrArray  *report,
            SkAccount  *account,
            SkSpofKind  kind,
            const char *identity)
{
  for (guint i = 0; i < report->len; i++)
    {
      SkSpofEntry *entry = report->pdata[i];

      if (g_str_equal (entry->account_uuid, sk_account_get_uuid (account)))
        return entry->kind == kind && g_strcmp0 (entry->identity_uuid, identity) == 0;
    }
  return FALSE;
}

static gboolean
report_lacks (GPtrArray *report,
              SkAccount *account)
{
  for (guint i = 0; i < report->len; i++)
    if (g_str_equal (((SkSpofEntry *) report->pdata[i])->account_uuid, sk_account_get_uuid (account)))
      return FALSE;
  return TRUE;
}

static void
test_spof (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  /* sms_only: SMS to one number, plus a login and a payout (not ways back). */
  SkAccount *sms_only = add_account (vault, "SmsOnly");
  /* Two ways back, both through one WeChat account. */
  SkAccount *same_identity = add_account (vault, "SameIdentity");
  SkAccount *with_email = add_account (vault, "WithEmail");
  SkAccount *with_codes = add_account (vault, "WithCodes");
  SkAccount *lost_only = add_account (vault, "LostOnly");
  SkAccount *nothing = add_account (vault, "Nothing");
  SkAccount *codes_used = add_account (vault, "CodesUsed");
  g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000", SK_IDENTITY_ACTIVE);
  g_autofree char *old_phone = add_identity (vault, SK_IDENTITY_PHONE, "13900139000", SK_IDENTITY_LOST);
  g_autofree char *email = add_identity (vault, SK_IDENTITY_EMAIL, "me@example.com", SK_IDENTITY_ACTIVE);
  g_autofree char *wechat = add_identity (vault, SK_IDENTITY_THIRD_PARTY, "wxid_me", SK_IDENTITY_ACTIVE);
  g_autofree char *card = add_identity (vault, SK_IDENTITY_PAYOUT, "6222021234567890", SK_IDENTITY_ACTIVE);
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GError) error = NULL;

  bind (vault, sms_only, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, sms_only, email, SK_ROLE_LOGIN);
  bind (vault, sms_only, card, SK_ROLE_PAYOUT_ACCOUNT);

  bind (vault, same_identity, wechat, SK_ROLE_THIRD_PARTY_LOGIN);
  bind (vault, same_identity, wechat, SK_ROLE_TRUSTED_DEVICE);

  bind (vault, with_email, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, with_email, email, SK_ROLE_RECOVERY_EMAIL);

  bind (vault, with_codes, phone, SK_ROLE_SECURITY_PHONE);
  codes = sk_recovery_codes_parse ("aaaa1111 bbbb2222", NULL, &error);
  g_assert_no_error (error);
  sk_recovery_codes_add (vault, sk_account_get_uuid (with_codes), codes, 1);

  bind (vault, lost_only, old_phone, SK_ROLE_SECURITY_PHONE);

  bind (vault, codes_used, phone, SK_ROLE_SECURITY_PHONE);
  sk_recovery_codes_add (vault, sk_account_get_uuid (codes_used), codes, 1);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SkRecoveryCode) used = sk_recovery_codes_use_next (vault, sk_account_get_uuid (codes_used), 2, &error);

      g_assert_no_error (error);
    }

  report = sk_inventory_spof_report (vault, FALSE);
  g_assert_true (report_has (report, sms_only, SK_SPOF_SINGLE_IDENTITY, phone));
  g_assert_true (report_has (report, same_identity, SK_SPOF_SINGLE_IDENTITY, wechat));
  g_assert_true (report_lacks (report, with_email));
  g_assert_true (report_lacks (report, with_codes));
  g_assert_true (report_has (report, lost_only, SK_SPOF_NO_WAY_BACK, NULL));
  g_assert_true (report_has (report, codes_used, SK_SPOF_SINGLE_IDENTITY, phone));
  g_assert_true (report_lacks (report, nothing));
  g_assert_cmpuint (report->len, ==, 4);
  g_assert_cmpuint (((SkSpofEntry *) report->pdata[3])->n_inactive, ==, 0);

  all = sk_inventory_spof_report (vault, TRUE);
  g_assert_true (report_has (all, nothing, SK_SPOF_NO_WAY_BACK, NULL));
  g_assert_cmpuint (all->len, ==, 5);

  /* The lost number comes back: the account is single-identity again. */
  {
    g_autoptr(SkIdentity) found = sk_identity_copy (sk_inventory_lookup_identity (vault, old_phone));
    g_autoptr(GPtrArray) again = NULL;

    sk_identity_set_status (found, SK_IDENTITY_ACTIVE);
    g_assert_true (sk_inventory_save_identity (vault, found, g_get_real_time (), &error));
    again = sk_inventory_spof_report (vault, FALSE);
    g_assert_true (report_has (again, lost_only, SK_SPOF_SINGLE_IDENTITY, old_phone));
  }
}

/* Two writers edit the inventory; the merge keeps both, newest wins,
 * deletions stay deleted. */
static void
test_merge (void)
{
  g_autoptr(SkVault) a = sk_vault_new ();
  g_autoptr(SkVault) b = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkIdentity) phone_a = NULL;
  g_autoptr(SkIdentity) phone_b = NULL;
  g_autoptr(SkIdentity) merged = NULL;
  g_autoptr(GPtrArray) list = NULL;
  SkAccount *account = add_account (a, "Shop");
  g_autofree char *phone = add_identity (a, SK_IDENTITY_PHONE, "13800138000", SK_IDENTITY_ACTIVE);
  g_autofree char *email = add_identity (a, SK_IDENTITY_EMAIL, "me@example.com", SK_IDENTITY_ACTIVE);
  g_autofree char *only_b = NULL;

  bind (a, account, phone, SK_ROLE_SECURITY_PHONE);
  payload = sk_vault_serialize (a, &error);
  g_assert_no_error (error);
  b = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);

  /* A: marks the phone lost (later); B: edits its carrier (earlier),
   * adds an identity, deletes the email. */
  phone_b = sk_identity_copy (sk_inventory_lookup_identity (b, phone));
  sk_identity_set_carrier (phone_b, "China Unicom");
  g_assert_true (sk_inventory_save_identity (b, phone_b, g_get_real_time (), &error));
  only_b = add_identity (b, SK_IDENTITY_DEVICE, "iPad", SK_IDENTITY_ACTIVE);
  g_assert_true (sk_inventory_remove_identity (b, email, g_get_real_time (), NULL, &error));
  phone_a = sk_identity_copy (sk_inventory_lookup_identity (a, phone));
  sk_identity_set_status (phone_a, SK_IDENTITY_LOST);
  g_assert_true (sk_inventory_save_identity (a, phone_a, g_get_real_time () + 1000000, &error));

  g_assert_true (sk_vault_merge (a, b));
  merged = g_object_ref (sk_inventory_lookup_identity (a, phone));
  g_assert_cmpint (sk_identity_get_status (merged), ==, SK_IDENTITY_LOST);
  g_assert_null (sk_identity_get_carrier (merged));
  g_assert_nonnull (sk_inventory_lookup_identity (a, only_b));
  g_assert_null (sk_inventory_lookup_identity (a, email));
  list = sk_inventory_list_bindings (a, NULL, NULL);
  g_assert_cmpuint (list->len, ==, 1);

  /* Merging again changes nothing; the other way converges. */
  g_assert_false (sk_vault_merge (a, b));
  sk_vault_merge (b, a);
  g_clear_object (&merged);
  merged = g_object_ref (sk_inventory_lookup_identity (b, phone));
  g_assert_cmpint (sk_identity_get_status (merged), ==, SK_IDENTITY_LOST);
  g_assert_null (sk_inventory_lookup_identity (b, email));
}

static void
test_support (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *account = add_account (vault, "Shop");
  g_autoptr(SkSupportInfo) info = sk_inventory_get_support (vault, sk_account_get_uuid (account));
  g_autoptr(SkSupportInfo) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (info->site);
  info->site = g_strdup ("https://help.example.com");
  info->phone = g_strdup ("95017");
  info->recovery_page = g_strdup ("https://example.com/recover");
  sk_inventory_set_support (vault, info, 1000);
  /* The audit interval shares the record and survives support edits. */
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (account), 30, 2000, &error));
  sk_inventory_set_support (vault, info, 3000);
  g_assert_cmpuint (sk_audit_get_interval (vault, sk_account_get_uuid (account), NULL), ==, 30);
  back = sk_inventory_get_support (vault, sk_account_get_uuid (account));
  g_assert_cmpstr (back->phone, ==, "95017");
  g_assert_cmpstr (back->recovery_page, ==, "https://example.com/recover");
  g_assert_null (back->chat);
}

int
main (int    argc,
      char **argv)
{
  g_assert_true (sk_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sparekey/inventory/identities", test_identities);
  g_test_add_func ("/sparekey/inventory/bindings", test_bindings);
  g_test_add_func ("/sparekey/inventory/spof", test_spof);
  g_test_add_func ("/sparekey/inventory/merge", test_merge);
  g_test_add_func ("/sparekey/inventory/support", test_support);

  return g_test_run ();
}
