/* test-ways-back.c: ways back followed through owning accounts; the
 * report, "what depends on it" and the plan agree
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

#define NOW G_GINT64_CONSTANT (1772841600000000)  /* 2026-03-07 */

static SkAccount *
sms_account (SkVault    *vault,
             const char *issuer)
{
  SkAccount *account = sk_account_new_without_code (SK_PROTECTION_SMS);

  sk_account_set_issuer (account, issuer);
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  return account;
}

static char *
identity (SkVault        *vault,
          SkIdentityKind  kind,
          const char     *value,
          SkAccount      *owner)
{
  g_autoptr(SkIdentity) id = sk_identity_new (kind, value);
  g_autoptr(GError) error = NULL;

  if (owner != NULL)
    sk_identity_set_account (id, sk_account_get_uuid (owner));
  g_assert_true (sk_inventory_save_identity (vault, id, NOW, &error));
  g_assert_no_error (error);
  return g_strdup (sk_identity_get_uuid (id));
}

static void
bind (SkVault       *vault,
      SkAccount     *account,
      const char    *identity_uuid,
      SkBindingRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sk_inventory_bind (vault, sk_account_get_uuid (account), identity_uuid,
                                             role, NULL, NULL, NULL, NOW, &error);

  g_assert_no_error (error);
}

static gboolean
works_losing (SkVault    *vault,
              SkAccount  *account,
              const char *lost)
{
  const char *list[] = { lost, NULL };
  g_autoptr(SkWaysBack) judge = sk_ways_back_new (vault, lost != NULL ? list : NULL);

  return sk_ways_back_account_works (judge, sk_account_get_uuid (account));
}

static SkSpofEntry *
spof_of (GPtrArray *report,
         SkAccount *account)
{
  for (guint i = 0; i < report->len; i++)
    {
      SkSpofEntry *entry = report->pdata[i];

      if (g_str_equal (entry->account_uuid, sk_account_get_uuid (account)))
        return entry;
    }
  return NULL;
}

static char *
first_chain (SkVault    *vault,
             const char *lost,
             SkAccount  *account)
{
  const char *list[] = { lost, NULL };
  g_autoptr(SkWaysBack) judge = sk_ways_back_new (vault, list);
  g_autoptr(GPtrArray) ways = sk_ways_back_list (judge, sk_account_get_uuid (account));

  g_assert_cmpuint (ways->len, >, 0);
  return sk_ways_back_chain_to_string ((const char * const *) ((SkRecoveryWay *) ways->pdata[0])->chain);
}

/* Google's recovery email is a QQ mailbox; QQ hangs on one phone. */
static void
test_two_links (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *qq = sms_account (vault, "QQ");
  SkAccount *google = sms_account (vault, "Google");
  g_autofree char *phone = identity (vault, SK_IDENTITY_PHONE, "13800138000", NULL);
  g_autofree char *other = identity (vault, SK_IDENTITY_PHONE, "13900139000", NULL);
  g_autofree char *mail = identity (vault, SK_IDENTITY_EMAIL, "zhang@qq.com", qq);
  g_autofree char *words = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) dependents = NULL;
  SkSpofEntry *entry;
  guint only = 0;

  bind (vault, qq, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, google, mail, SK_ROLE_RECOVERY_EMAIL);
  g_assert_true (works_losing (vault, google, NULL));
  g_assert_false (works_losing (vault, google, phone));
  g_assert_false (works_losing (vault, google, mail));
  g_assert_true (works_losing (vault, google, other));

  words = first_chain (vault, phone, google);
  g_assert_cmpstr (words, ==, "Google → recovery email zhang@qq.com → QQ → security phone 13800138000 (lost)");

  /* Both identities are single points for Google, the mailbox nearest. */
  report = sk_inventory_spof_report (vault, FALSE);
  entry = spof_of (report, google);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->kind, ==, SK_SPOF_SINGLE_IDENTITY);
  g_assert_cmpstr (entry->identity_uuid, ==, mail);
  g_assert_cmpuint (g_strv_length (entry->identities), ==, 2);
  g_assert_cmpstr (entry->identities[1], ==, phone);
  g_assert_cmpuint (g_strv_length (entry->chain), ==, 4);

  /* What depends on the phone: QQ directly, Google through the mailbox. */
  g_ptr_array_unref (sk_inventory_by_identity (vault, phone, NULL, NULL, &only));
  g_assert_cmpuint (only, ==, 2);
  g_assert_cmpuint (sk_identity_get_n_only_way (sk_inventory_lookup_identity (vault, phone)), ==, 2);
  dependents = sk_inventory_list_only_way (vault, phone);
  g_assert_cmpuint (dependents->len, ==, 2);

  /* QQ gets a second phone: Google no longer hangs on the first, and the
   * count follows without a rebuild. */
  bind (vault, qq, other, SK_ROLE_SECURITY_PHONE);
  g_assert_true (works_losing (vault, google, phone));
  g_assert_cmpuint (sk_identity_get_n_only_way (sk_inventory_lookup_identity (vault, phone)), ==, 0);
  g_clear_pointer (&report, g_ptr_array_unref);
  report = sk_inventory_spof_report (vault, FALSE);
  entry = spof_of (report, google);
  g_assert_nonnull (entry);
  g_assert_cmpuint (g_strv_length (entry->identities), ==, 1);
  g_assert_cmpstr (entry->identities[0], ==, mail);
}

/* A forum signs in through WeChat, whose recovery email is a QQ
 * mailbox, and QQ hangs on the phone: three links. */
static void
test_three_links (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *qq = sms_account (vault, "QQ");
  SkAccount *wechat = sms_account (vault, "微信");
  SkAccount *forum = sms_account (vault, "论坛");
  g_autofree char *phone = identity (vault, SK_IDENTITY_PHONE, "13800138000", NULL);
  g_autofree char *mail = identity (vault, SK_IDENTITY_EMAIL, "zhang@qq.com", qq);
  g_autofree char *login = identity (vault, SK_IDENTITY_THIRD_PARTY, "微信 zhang", wechat);
  g_autofree char *words = NULL;
  g_autoptr(GPtrArray) report = NULL;
  SkSpofEntry *entry;

  bind (vault, qq, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, wechat, mail, SK_ROLE_RECOVERY_EMAIL);
  bind (vault, forum, login, SK_ROLE_THIRD_PARTY_LOGIN);
  g_assert_true (works_losing (vault, forum, NULL));
  g_assert_false (works_losing (vault, forum, phone));
  words = first_chain (vault, phone, forum);
  g_assert_cmpstr (words, ==, "论坛 → sign-in through 微信 zhang → 微信 → recovery email zhang@qq.com → QQ "
                              "→ security phone 13800138000 (lost)");
  report = sk_inventory_spof_report (vault, FALSE);
  entry = spof_of (report, forum);
  g_assert_nonnull (entry);
  g_assert_cmpuint (g_strv_length (entry->identities), ==, 3);
  g_assert_cmpstr (entry->identities[2], ==, phone);

  /* The forum's own recovery codes cut the chain. */
  {
    g_autoptr(GPtrArray) codes = sk_recovery_codes_parse ("aaaa-1111 bbbb-2222", NULL, NULL);

    sk_recovery_codes_add (vault, sk_account_get_uuid (forum), codes, NOW);
  }
  g_assert_true (works_losing (vault, forum, phone));
  g_clear_pointer (&report, g_ptr_array_unref);
  report = sk_inventory_spof_report (vault, FALSE);
  g_assert_null (spof_of (report, forum));
}

/* A's recovery email is B's mailbox and B's is A's: a cycle proves
 * nothing, even though each "has" a way back. */
static void
test_cycle (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *a = sms_account (vault, "Mail A");
  SkAccount *b = sms_account (vault, "Mail B");
  SkAccount *c = sms_account (vault, "Shop");
  g_autofree char *mail_a = identity (vault, SK_IDENTITY_EMAIL, "me@a.example", a);
  g_autofree char *mail_b = identity (vault, SK_IDENTITY_EMAIL, "me@b.example", b);
  g_autofree char *phone = identity (vault, SK_IDENTITY_PHONE, "13800138000", NULL);
  g_autofree char *words = NULL;
  g_autoptr(GPtrArray) report = NULL;
  SkSpofEntry *entry;

  bind (vault, a, mail_b, SK_ROLE_RECOVERY_EMAIL);
  bind (vault, b, mail_a, SK_ROLE_RECOVERY_EMAIL);
  bind (vault, c, mail_a, SK_ROLE_RECOVERY_EMAIL);
  g_assert_false (works_losing (vault, a, NULL));
  g_assert_false (works_losing (vault, b, NULL));
  g_assert_false (works_losing (vault, c, NULL));
  words = first_chain (vault, phone, a);
  g_assert_cmpstr (words, ==, "Mail A → recovery email me@b.example → Mail B → recovery email me@a.example "
                              "→ Mail A (again: a cycle, no way back)");
  report = sk_inventory_spof_report (vault, TRUE);
  entry = spof_of (report, c);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->kind, ==, SK_SPOF_NO_WAY_BACK);

  /* One real way into B breaks the cycle open: all three work, and the
   * phone is the single point of every one of them. */
  bind (vault, b, phone, SK_ROLE_SECURITY_PHONE);
  g_assert_true (works_losing (vault, a, NULL));
  g_assert_true (works_losing (vault, c, NULL));
  g_assert_false (works_losing (vault, a, phone));
  g_assert_false (works_losing (vault, c, phone));
  g_clear_pointer (&report, g_ptr_array_unref);
  report = sk_inventory_spof_report (vault, FALSE);
  g_assert_cmpuint (report->len, ==, 3);
  for (guint i = 0; i < report->len; i++)
    g_assert_true (g_strv_contains ((const char * const *) ((SkSpofEntry *) report->pdata[i])->identities, phone));
}

/* The owning account is itself unreachable (its phone was already lost)
 * or gone from the vault: the chain is broken. */
static void
test_owner_lost (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *qq = sms_account (vault, "QQ");
  SkAccount *google = sms_account (vault, "Google");
  g_autofree char *phone = identity (vault, SK_IDENTITY_PHONE, "13800138000", NULL);
  g_autofree char *mail = identity (vault, SK_IDENTITY_EMAIL, "zhang@qq.com", qq);
  g_autofree char *words = NULL;
  const char *lost[] = { phone, NULL };
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GError) error = NULL;
  SkRecoveryItem *item = NULL;

  bind (vault, qq, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, google, mail, SK_ROLE_RECOVERY_EMAIL);

  /* Lost in a recovery: Google is in the plan although nothing of its
   * own was bound to the phone, locked out, its email way shown failing
   * with the chain. */
  recovery = sk_recovery_start (vault, lost, "2026-03-07", NOW, &error);
  g_assert_no_error (error);
  plan = sk_recovery_plan (vault, recovery);
  g_assert_cmpuint (plan->len, ==, 2);
  for (guint i = 0; i < plan->len; i++)
    if (g_str_equal (((SkRecoveryItem *) plan->pdata[i])->account_uuid, sk_account_get_uuid (google)))
      item = plan->pdata[i];
  g_assert_nonnull (item);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_LOCKED_OUT);
  g_assert_cmpuint (item->n_working, ==, 0);
  g_assert_cmpuint (g_strv_length (item->lost_identities), ==, 0);
  g_assert_cmpuint (item->ways->len, ==, 2);
  g_assert_false (((SkRecoveryWay *) item->ways->pdata[0])->works);
  g_assert_cmpint (((SkRecoveryWay *) item->ways->pdata[1])->kind, ==, SK_RECOVERY_WAY_SUPPORT_APPEAL);

  /* With the phone marked lost, the report says the same without a
   * case: no way back for either. */
  {
    g_autoptr(GPtrArray) report = sk_inventory_spof_report (vault, FALSE);

    g_assert_cmpuint (report->len, ==, 2);
    g_assert_cmpint (spof_of (report, google)->kind, ==, SK_SPOF_NO_WAY_BACK);
  }
  words = first_chain (vault, NULL, google);
  g_assert_nonnull (strstr (words, "QQ → security phone 13800138000 (Lost)"));

  /* The owner removed from the vault: no way back through it. */
  g_clear_pointer (&words, g_free);
  sk_vault_remove_account (vault, qq);
  g_assert_false (works_losing (vault, google, NULL));
  words = first_chain (vault, NULL, google);
  g_assert_nonnull (strstr (words, "its account was removed"));
}

/* For random vaults, the report's single points are exactly the
 * identities whose loss alone the judge says leaves no way back, and the
 * plan's "locked out" agrees for every phone. */
static void
test_agree_random (void)
{
  for (guint round = 0; round < 200; round++)
    {
      g_autoptr(SkVault) vault = sk_vault_new ();
      g_autoptr(GPtrArray) accounts = g_ptr_array_new ();
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) report = NULL;
      GRand *rand = g_rand_new_with_seed (round + 1);

      for (guint i = 0; i < 8; i++)
        {
          g_autofree char *name = g_strdup_printf ("A%u", i);

          g_ptr_array_add (accounts, sms_account (vault, name));
        }
      for (guint i = 0; i < 8; i++)
        {
          g_autofree char *value = g_strdup_printf ("id%u@example.com", i);
          SkAccount *owner = g_rand_int_range (rand, 0, 3) > 0
                             ? accounts->pdata[g_rand_int_range (rand, 0, accounts->len)] : NULL;

          g_ptr_array_add (ids, identity (vault, SK_IDENTITY_EMAIL, value, owner));
        }
      for (guint i = 0; i < 14; i++)
        bind (vault, accounts->pdata[g_rand_int_range (rand, 0, accounts->len)],
              ids->pdata[g_rand_int_range (rand, 0, ids->len)],
              g_rand_boolean (rand) ? SK_ROLE_RECOVERY_EMAIL : SK_ROLE_SECURITY_PHONE);

      report = sk_inventory_spof_report (vault, TRUE);
      for (guint a = 0; a < accounts->len; a++)
        {
          SkAccount *account = accounts->pdata[a];
          SkSpofEntry *entry = spof_of (report, account);
          gboolean alive = works_losing (vault, account, NULL);

          g_assert_true ((entry != NULL && entry->kind == SK_SPOF_NO_WAY_BACK) == !alive);
          for (guint i = 0; alive && i < ids->len; i++)
            {
              gboolean killed = !works_losing (vault, account, ids->pdata[i]);
              gboolean listed = entry != NULL &&
                                g_strv_contains ((const char * const *) entry->identities, ids->pdata[i]);

              if (killed != listed)
                g_error ("round %u, account %u, identity %u: judge says %s, report says %s",
                         round, a, i, killed ? "killed" : "alive", listed ? "listed" : "not listed");
            }
        }
      g_rand_free (rand);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/ways-back/two-links", test_two_links);
  g_test_add_func ("/sparekey/ways-back/three-links", test_three_links);
  g_test_add_func ("/sparekey/ways-back/cycle", test_cycle);
  g_test_add_func ("/sparekey/ways-back/owner-lost", test_owner_lost);
  g_test_add_func ("/sparekey/ways-back/agree-random", test_agree_random);

  return g_test_run ();
}
