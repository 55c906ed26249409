/* test-recovery-plan.c: the lost-phone plan: ranking, ways back, steps,
 * evidence, resuming after a restart, merging and closing out
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sk-test-util.h"

#define PASSWORD "recover me"
#define NOW ((gint64) 1773000000 * G_USEC_PER_SEC)  /* 2026-03-08 */

static SkAccount *
add_account (SkVault    *vault,
             const char *issuer,
             const char *secret)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("otpauth://totp/%s:me@example.com?secret=%s&issuer=%s",
                                          issuer, secret, issuer);
  SkAccount *account = sk_account_new_from_uri (uri, &error);

  g_assert_no_error (error);
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  return account;
}

static char *
add_identity (SkVault          *vault,
              SkIdentityKind    kind,
              const char       *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkIdentity) identity = sk_identity_new (kind, value);

  if (kind == SK_IDENTITY_PHONE)
    {
      sk_identity_set_country_code (identity, "+86");
      sk_identity_set_carrier (identity, "China Mobile");
    }
  g_assert_true (sk_inventory_save_identity (vault, identity, NOW, &error));
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
                                             role, NULL, NULL, NULL, NOW, &error);

  g_assert_no_error (error);
  g_assert_nonnull (uuid);
}

static void
add_codes (SkVault    *vault,
           SkAccount  *account,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = sk_recovery_codes_parse (text, NULL, &error);

  g_assert_no_error (error);
  sk_recovery_codes_add (vault, sk_account_get_uuid (account), codes, NOW);
}

typedef struct {
  SkVault   *vault;
  char      *phone;      /* lost */
  char      *device;     /* lost */
  char      *new_phone;
  char      *new_device;
  char      *email;
  char      *tablet;     /* an active device with an authenticator */
  char      *card;
  SkAccount *wallet, *sms_only, *auth_no_copy, *auth_copy, *exposed, *unrelated, *used_up;
} World;

static void
world_free (World *w)
{
  g_clear_object (&w->vault);
  g_free (w->phone);
  g_free (w->device);
  g_free (w->new_phone);
  g_free (w->new_device);
  g_free (w->email);
  g_free (w->tablet);
  g_free (w->card);
  g_free (w);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (World, world_free)

/* A vault with one account of each kind the plan must tell apart. */
static World *
make_world (void)
{
  World *w = g_new0 (World, 1);

  w->vault = sk_vault_new ();
  w->phone = add_identity (w->vault, SK_IDENTITY_PHONE, "13800138000");
  w->device = add_identity (w->vault, SK_IDENTITY_DEVICE, "Redmi Note 12");
  w->new_phone = add_identity (w->vault, SK_IDENTITY_PHONE, "13900139000");
  w->new_device = add_identity (w->vault, SK_IDENTITY_DEVICE, "Pixel 8");
  w->email = add_identity (w->vault, SK_IDENTITY_EMAIL, "me@example.com");
  w->tablet = add_identity (w->vault, SK_IDENTITY_DEVICE, "iPad");
  w->card = add_identity (w->vault, SK_IDENTITY_PAYOUT, "6222 0000 1111 2222");

  /* Payout bound, codes still here: money comes first anyway. */
  w->wallet = add_account (w->vault, "Wallet", "JBSWY3DPEHPK3PXP");
  bind (w->vault, w->wallet, w->phone, SK_ROLE_LOGIN);
  bind (w->vault, w->wallet, w->card, SK_ROLE_PAYOUT_ACCOUNT);
  /* Only SMS to the lost number, and the copy here is stale. */
  w->sms_only = add_account (w->vault, "Forum", "JBSWY3DPEHPK3PXQ");
  bind (w->vault, w->sms_only, w->phone, SK_ROLE_SECURITY_PHONE);
  /* The authenticator was on the lost phone, no copy here, codes left. */
  w->auth_no_copy = add_account (w->vault, "Games", "JBSWY3DPEHPK3PXR");
  bind (w->vault, w->auth_no_copy, w->device, SK_ROLE_AUTHENTICATOR_DEVICE);
  add_codes (w->vault, w->auth_no_copy, "aaaa-1111\nbbbb-2222\ncccc-3333\n");
  /* The authenticator was on the lost phone, the copy here works. */
  w->auth_copy = add_account (w->vault, "Mail", "JBSWY3DPEHPK3PXS");
  bind (w->vault, w->auth_copy, w->device, SK_ROLE_AUTHENTICATOR_DEVICE);
  /* SMS lost, but another authenticator and a recovery email remain. */
  w->exposed = add_account (w->vault, "Cloud", "JBSWY3DPEHPK3PXT");
  bind (w->vault, w->exposed, w->phone, SK_ROLE_SECURITY_PHONE);
  bind (w->vault, w->exposed, w->tablet, SK_ROLE_AUTHENTICATOR_DEVICE);
  bind (w->vault, w->exposed, w->email, SK_ROLE_RECOVERY_EMAIL);
  /* Nothing to do with the phone. */
  w->unrelated = add_account (w->vault, "Blog", "JBSWY3DPEHPK3PXU");
  bind (w->vault, w->unrelated, w->email, SK_ROLE_RECOVERY_EMAIL);
  /* Authenticator on the lost phone, no copy, every code used. */
  w->used_up = add_account (w->vault, "Shop", "JBSWY3DPEHPK3PXV");
  bind (w->vault, w->used_up, w->device, SK_ROLE_AUTHENTICATOR_DEVICE);
  add_codes (w->vault, w->used_up, "dddd-4444\n");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SkRecoveryCode) used = sk_recovery_codes_use_next (w->vault, sk_account_get_uuid (w->used_up), NOW, &error);

    g_assert_no_error (error);
  }
  return w;
}

static SkRecoveryCase *
start (World *w)
{
  g_autoptr(GError) error = NULL;
  const char *lost[] = { w->phone, w->device, NULL };
  SkRecoveryCase *recovery = sk_recovery_start (w->vault, lost, "2026/3/7", NOW, &error);

  g_assert_no_error (error);
  g_assert_nonnull (recovery);
  sk_recovery_set_copy_stale (w->vault, recovery->uuid, sk_account_get_uuid (w->sms_only), TRUE, NOW);
  sk_recovery_set_copy_stale (w->vault, recovery->uuid, sk_account_get_uuid (w->auth_no_copy), TRUE, NOW);
  sk_recovery_set_copy_stale (w->vault, recovery->uuid, sk_account_get_uuid (w->exposed), TRUE, NOW);
  sk_recovery_set_copy_stale (w->vault, recovery->uuid, sk_account_get_uuid (w->used_up), TRUE, NOW);
  return recovery;
}

static SkRecoveryItem *
find_item (GPtrArray *plan,
           SkAccount *account,
           guint     *index)
{
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];

      if (g_str_equal (item->account_uuid, sk_account_get_uuid (account)))
        {
          if (index != NULL)
            *index = i;
          return item;
        }
    }
  return NULL;
}

static void
assert_ways (SkRecoveryItem          *item,
             const SkRecoveryWayKind *expected,
             guint                    n)
{
  g_assert_cmpuint (item->ways->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (sk_recovery_way_to_string (((SkRecoveryWay *) item->ways->pdata[i])->kind), ==,
                     sk_recovery_way_to_string (expected[i]));
}

static void
test_start_marks_lost (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(SkRecoveryCase) again = NULL;
  SkIdentity *phone = sk_inventory_lookup_identity (w->vault, w->phone);
  g_autoptr(GError) error = NULL;
  const char *more[] = { w->tablet, w->phone, NULL };
  const char *unknown[] = { "no-such-identity", NULL };

  g_assert_cmpint (sk_identity_get_status (phone), ==, SK_IDENTITY_LOST);
  g_assert_cmpstr (sk_identity_get_since (phone), ==, "2026-03-07");
  g_assert_cmpstr (recovery->date, ==, "2026-03-07");
  g_assert_cmpuint (g_strv_length (recovery->lost), ==, 2);
  g_assert_cmpuint (recovery->escalate_hours, ==, 72);

  /* Starting again adds to the recovery under way, no duplicates, the
   * earliest date kept. */
  again = sk_recovery_start (w->vault, more, "2026-03-08", NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->uuid, ==, recovery->uuid);
  g_assert_cmpuint (g_strv_length (again->lost), ==, 3);
  g_assert_cmpstr (again->date, ==, "2026-03-07");

  g_assert_null (sk_recovery_start (w->vault, unknown, NULL, NOW, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (sk_recovery_start (w->vault, more, "2026-02-30", NOW, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID);
}

static void
test_ranking (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(GPtrArray) plan = sk_recovery_plan (w->vault, recovery);
  SkAccount *expected[] = { w->wallet, w->sms_only, w->used_up, w->auth_no_copy, w->exposed, w->auth_copy };
  SkRecoveryItem *item;

  g_assert_cmpuint (plan->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      item = plan->pdata[i];
      if (!g_str_equal (item->account_uuid, sk_account_get_uuid (expected[i])))
        g_error ("plan[%u] is %s, expected %s", i,
                 sk_account_get_display_name (sk_vault_lookup_account (w->vault, item->account_uuid)),
                 sk_account_get_display_name (expected[i]));
    }
  g_assert_null (find_item (plan, w->unrelated, NULL));

  item = find_item (plan, w->wallet, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_MONEY);
  g_assert_true (item->money);
  g_assert_true (item->copy_here);
  g_assert_true (item->needed[SK_RECOVERY_STEP_FREEZE]);
  g_assert_true (item->needed[SK_RECOVERY_STEP_STOP_PAYMENTS]);
  g_assert_true (item->needed[SK_RECOVERY_STEP_MOVE_BALANCE]);
  g_assert_false (item->needed[SK_RECOVERY_STEP_BLOCK_DEVICE]);
  g_assert_true (item->needed[SK_RECOVERY_STEP_CHANGE_PASSWORD]);
  g_assert_cmpuint (item->n_needed, ==, 4);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_VAULT_CODES, SK_RECOVERY_WAY_SUPPORT_APPEAL }, 2);

  item = find_item (plan, w->sms_only, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_LOCKED_OUT);
  g_assert_false (item->copy_here);
  g_assert_true (item->needed[SK_RECOVERY_STEP_FREEZE]);
  g_assert_false (item->needed[SK_RECOVERY_STEP_MOVE_BALANCE]);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_SUPPORT_APPEAL }, 1);

  /* Its unused recovery codes still get it back: exposed, not locked
   * out, as the single-point-of-failure report says (one verdict). */
  item = find_item (plan, w->auth_no_copy, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_EXPOSED);
  g_assert_cmpuint (item->n_working, ==, 1);
  g_assert_true (item->needed[SK_RECOVERY_STEP_BLOCK_DEVICE]);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_RECOVERY_CODE, SK_RECOVERY_WAY_SUPPORT_APPEAL }, 2);
  g_assert_cmpuint (((SkRecoveryWay *) item->ways->pdata[0])->count, ==, 3);

  /* Every code used: no recovery-code way left. */
  item = find_item (plan, w->used_up, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_LOCKED_OUT);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_SUPPORT_APPEAL }, 1);

  item = find_item (plan, w->exposed, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_EXPOSED);
  g_assert_false (item->needed[SK_RECOVERY_STEP_FREEZE]);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_OTHER_FACTOR, SK_RECOVERY_WAY_RECOVERY_EMAIL,
                                             SK_RECOVERY_WAY_SUPPORT_APPEAL }, 3);
  g_assert_cmpstr (((SkRecoveryWay *) item->ways->pdata[0])->identity_uuid, ==, w->tablet);
  g_assert_cmpstr (((SkRecoveryWay *) item->ways->pdata[1])->identity_uuid, ==, w->email);

  item = find_item (plan, w->auth_copy, NULL);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_COVERED);
  g_assert_true (item->copy_here);
  assert_ways (item, (SkRecoveryWayKind[]) { SK_RECOVERY_WAY_VAULT_CODES, SK_RECOVERY_WAY_SUPPORT_APPEAL }, 2);
  g_assert_true (item->needed[SK_RECOVERY_STEP_BLOCK_DEVICE]);
  g_assert_cmpuint (g_strv_length (item->lost_identities), ==, 1);
  g_assert_cmpstr (item->lost_identities[0], ==, w->device);
}

static void
test_copy_decides (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRecoveryItem) before = NULL;
  g_autoptr(SkRecoveryItem) after = NULL;

  /* With the copy here valid again, the SMS-only account is covered. */
  before = sk_recovery_plan_account (w->vault, recovery, sk_account_get_uuid (w->sms_only), &error);
  g_assert_no_error (error);
  g_assert_cmpint (before->risk, ==, SK_RECOVERY_RISK_LOCKED_OUT);
  sk_recovery_set_copy_stale (w->vault, recovery->uuid, sk_account_get_uuid (w->sms_only), FALSE, NOW + 1);
  after = sk_recovery_plan_account (w->vault, recovery, sk_account_get_uuid (w->sms_only), &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->risk, ==, SK_RECOVERY_RISK_COVERED);
  g_assert_cmpint (((SkRecoveryWay *) after->ways->pdata[0])->kind, ==, SK_RECOVERY_WAY_VAULT_CODES);

  g_assert_null (sk_recovery_plan_account (w->vault, recovery, sk_account_get_uuid (w->unrelated), &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_AFFECTED);
}

static void
test_steps_and_evidence (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRecoveryItem) item = NULL;
  g_autofree char *note = NULL;
  const char *wallet = sk_account_get_uuid (w->wallet);

  g_assert_true (sk_recovery_set_step (w->vault, recovery->uuid, wallet,
                                       SK_RECOVERY_STEP_FREEZE, TRUE, NOW + 10, &error));
  g_assert_no_error (error);
  g_assert_true (sk_recovery_set_step (w->vault, recovery->uuid, wallet,
                                       SK_RECOVERY_STEP_MOVE_BALANCE, TRUE, NOW + 20, &error));
  g_assert_true (sk_recovery_set_step (w->vault, recovery->uuid, wallet,
                                       SK_RECOVERY_STEP_MOVE_BALANCE, FALSE, NOW + 30, &error));
  item = sk_recovery_plan_account (w->vault, recovery, wallet, &error);
  g_assert_cmpint (item->done[SK_RECOVERY_STEP_FREEZE], ==, NOW + 10);
  g_assert_cmpint (item->done[SK_RECOVERY_STEP_MOVE_BALANCE], ==, 0);
  g_assert_cmpuint (item->n_done, ==, 1);

  /* Suspending the number is done once per lost phone, not per account. */
  g_assert_false (sk_recovery_set_step (w->vault, recovery->uuid, wallet,
                                        SK_RECOVERY_STEP_SUSPEND_NUMBER, TRUE, NOW, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sk_recovery_set_step (w->vault, recovery->uuid, w->phone,
                                       SK_RECOVERY_STEP_SUSPEND_NUMBER, TRUE, NOW + 40, &error));
  g_assert_cmpint (sk_recovery_get_step (w->vault, recovery->uuid, w->phone,
                                         SK_RECOVERY_STEP_SUSPEND_NUMBER), ==, NOW + 40);
  g_assert_false (sk_recovery_set_step (w->vault, recovery->uuid, "nope",
                                        SK_RECOVERY_STEP_FREEZE, TRUE, NOW, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (sk_recovery_set_evidence (w->vault, recovery->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_PURCHASES, 1,
                                           "orders 2024-2026 in ~/Documents/orders.pdf", NOW, &error));
  g_assert_true (sk_recovery_get_evidence (w->vault, recovery->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_PURCHASES, &note));
  g_assert_cmpstr (note, ==, "orders 2024-2026 in ~/Documents/orders.pdf");
  g_clear_pointer (&note, g_free);
  /* A note alone keeps "have"; "" removes the note. */
  g_assert_true (sk_recovery_set_evidence (w->vault, recovery->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_PURCHASES, -1, "", NOW + 1, &error));
  g_assert_true (sk_recovery_get_evidence (w->vault, recovery->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_PURCHASES, &note));
  g_assert_null (note);
  g_assert_false (sk_recovery_get_evidence (w->vault, recovery->uuid, wallet,
                                            SK_RECOVERY_EVIDENCE_ID_PHOTO, NULL));
  g_assert_no_error (error);
}

static void
test_names (void)
{
  SkRecoveryStep step;
  SkRecoveryEvidence item;
  SkAppealChannel channel;

  for (guint i = 0; i < SK_RECOVERY_N_STEPS; i++)
    {
      g_assert_true (sk_recovery_step_from_string (sk_recovery_step_to_string (i), &step));
      g_assert_cmpuint (step, ==, i);
      g_assert_nonnull (sk_recovery_step_get_label (i));
    }
  for (guint i = 0; i < SK_RECOVERY_N_EVIDENCE; i++)
    {
      g_assert_true (sk_recovery_evidence_from_string (sk_recovery_evidence_to_string (i), &item));
      g_assert_cmpuint (item, ==, i);
    }
  g_assert_true (sk_recovery_step_from_string ("Change_Password", &step));
  g_assert_cmpuint (step, ==, SK_RECOVERY_STEP_CHANGE_PASSWORD);
  g_assert_true (sk_appeal_channel_from_string ("REGULATOR", &channel));
  g_assert_cmpuint (channel, ==, SK_APPEAL_CHANNEL_REGULATOR);
  g_assert_false (sk_recovery_step_from_string ("dance", &step));
  g_assert_false (sk_recovery_evidence_from_string (NULL, &item));
}

/* Progress survives saving, closing and opening the vault again. */
static void
test_resume_after_restart (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) reopened = NULL;
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(SkRecoveryCase) resumed = NULL;
  g_autoptr(SkRecoveryItem) item = NULL;
  g_autofree char *note = NULL;
  g_autofree char *wallet = g_strdup (sk_account_get_uuid (w->wallet));
  SkKdfParams kdf;
  SkVault *vault;

  sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, PASSWORD, &kdf, &error);
  g_assert_no_error (error);
  /* Move the crafted world into the store's vault. */
  g_assert_true (sk_vault_merge (sk_store_get_vault (store), w->vault));
  vault = sk_store_get_vault (store);
  recovery = start (w);
  g_assert_true (sk_vault_merge (vault, w->vault));
  g_assert_true (sk_recovery_set_step (vault, recovery->uuid, wallet, SK_RECOVERY_STEP_FREEZE,
                                       TRUE, NOW + 5, &error));
  g_assert_true (sk_recovery_set_evidence (vault, recovery->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_ID_DOCUMENTS, 1, "in the drawer",
                                           NOW + 6, &error));
  g_assert_true (sk_recovery_set_escalate_hours (vault, recovery->uuid, 48, NOW + 7, &error));
  g_assert_no_error (error);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  reopened = sk_store_open (path, PASSWORD, &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (reopened);
  resumed = sk_recovery_get_case (vault);
  g_assert_nonnull (resumed);
  g_assert_cmpstr (resumed->uuid, ==, recovery->uuid);
  g_assert_cmpuint (resumed->escalate_hours, ==, 48);
  g_assert_cmpstr (resumed->date, ==, "2026-03-07");
  item = sk_recovery_plan_account (vault, resumed, wallet, &error);
  g_assert_no_error (error);
  g_assert_cmpint (item->done[SK_RECOVERY_STEP_FREEZE], ==, NOW + 5);
  g_assert_cmpuint (item->n_done, ==, 1);
  g_assert_true (sk_recovery_get_evidence (vault, resumed->uuid, wallet,
                                           SK_RECOVERY_EVIDENCE_ID_DOCUMENTS, &note));
  g_assert_cmpstr (note, ==, "in the drawer");
  g_clear_object (&reopened);
  sk_test_rm_rf (dir);
}

/* Two copies tick different steps: a merge keeps both; the same step
 * ticked on both sides stays one record. */
static void
test_merge (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) payload = sk_vault_serialize (w->vault, &error);
  g_autoptr(SkVault) other = NULL;
  const char *wallet = sk_account_get_uuid (w->wallet);
  JsonNode *section;
  guint before;

  g_assert_no_error (error);
  other = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);

  g_assert_true (sk_recovery_set_step (w->vault, recovery->uuid, wallet, SK_RECOVERY_STEP_FREEZE,
                                       TRUE, NOW + 100, &error));
  g_assert_true (sk_recovery_set_step (other, recovery->uuid, wallet, SK_RECOVERY_STEP_STOP_PAYMENTS,
                                       TRUE, NOW + 200, &error));
  g_assert_true (sk_recovery_set_step (other, recovery->uuid, wallet, SK_RECOVERY_STEP_FREEZE,
                                       TRUE, NOW + 50, &error));
  section = sk_vault_get_section (w->vault, "recovery");
  before = json_object_get_size (json_node_get_object (section));
  g_assert_true (sk_vault_merge (w->vault, other));
  section = sk_vault_get_section (w->vault, "recovery");
  g_assert_cmpuint (json_object_get_size (json_node_get_object (section)), ==, before + 1);
  g_assert_cmpint (sk_recovery_get_step (w->vault, recovery->uuid, wallet, SK_RECOVERY_STEP_FREEZE), ==, NOW + 100);
  g_assert_cmpint (sk_recovery_get_step (w->vault, recovery->uuid, wallet, SK_RECOVERY_STEP_STOP_PAYMENTS), ==, NOW + 200);
}

static void
test_close (void)
{
  g_autoptr(World) w = make_world ();
  g_autoptr(SkRecoveryCase) recovery = start (w);
  g_autoptr(GError) error = NULL;
  SkIdentity *old_phone;
  SkIdentity *old_device;
  g_autoptr(GPtrArray) on_new_phone = NULL;
  g_autoptr(GPtrArray) on_new_device = NULL;
  g_autoptr(GPtrArray) on_old = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) limit = NULL;
  const char *news[] = { w->new_phone, w->new_device, NULL };
  const char *wrong[] = { w->phone, NULL };
  guint moved = 0;

  g_assert_false (sk_recovery_close (w->vault, recovery->uuid, wrong, 0, NOW, NULL, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (sk_recovery_close (w->vault, recovery->uuid, news, 7, NOW, &moved, &error));
  g_assert_no_error (error);
  /* wallet login, forum SMS, cloud SMS on the number; games, mail, shop
   * authenticators on the device. */
  g_assert_cmpuint (moved, ==, 6);
  on_new_phone = sk_inventory_list_bindings (w->vault, NULL, w->new_phone);
  on_new_device = sk_inventory_list_bindings (w->vault, NULL, w->new_device);
  on_old = sk_inventory_list_bindings (w->vault, NULL, w->phone);
  g_assert_cmpuint (on_new_phone->len, ==, 3);
  g_assert_cmpuint (on_new_device->len, ==, 3);
  g_assert_cmpuint (on_old->len, ==, 0);
  g_assert_cmpint (sk_binding_get_role (on_new_phone->pdata[0]), !=, SK_ROLE_PAYOUT_ACCOUNT);

  old_phone = sk_inventory_lookup_identity (w->vault, w->phone);
  old_device = sk_inventory_lookup_identity (w->vault, w->device);
  g_assert_cmpint (sk_identity_get_status (old_phone), ==, SK_IDENTITY_CANCELLED);
  g_assert_cmpint (sk_identity_get_status (old_device), ==, SK_IDENTITY_CANCELLED);
  g_assert_null (sk_recovery_get_case (w->vault));

  /* The affected accounts are due for an audit within a week; the
   * unrelated one keeps its regular date. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (NOW / G_USEC_PER_SEC);
    g_autoptr(GDateTime) unrelated_due = sk_audit_get_due (w->vault, w->unrelated, tz);

    limit = g_date_time_add_days (now, 8);
    due = sk_audit_get_due (w->vault, w->sms_only, tz);
    g_assert_nonnull (due);
    g_assert_cmpint (g_date_time_compare (due, limit), <, 0);
    g_assert_cmpint (g_date_time_compare (due, now), >, 0);
    g_assert_cmpint (g_date_time_compare (unrelated_due, limit), >, 0);
    g_clear_pointer (&due, g_date_time_unref);

    /* An audit done after the request ends it. */
    sk_audit_set_interval (w->vault, sk_account_get_uuid (w->sms_only), 0, NOW + 1, &error);
    g_assert_no_error (error);
    due = sk_audit_get_due (w->vault, w->sms_only, tz);
    g_assert_nonnull (due);
    g_clear_pointer (&due, g_date_time_unref);
    g_assert_nonnull (sk_audit_record_done (w->vault, sk_account_get_uuid (w->sms_only), NULL, NULL,
                                            g_get_real_time () + 1000, &error));
    g_assert_no_error (error);
    due = sk_audit_get_due (w->vault, w->sms_only, tz);
    g_assert_null (due);
  }
}

static SkAccount *
add_no_code (SkVault    *vault,
             const char *issuer)
{
  SkAccount *account = sk_account_new_without_code (SK_PROTECTION_SMS);

  sk_account_set_issuer (account, issuer);
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  return account;
}

/* The plan names the concrete channel: the user's own contact first,
 * else the directory's; a wallet ranks money from its category alone. */
static void
test_channels (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autofree char *phone = add_identity (vault, SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(GError) error = NULL;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  SkAccount *wechat = add_no_code (vault, "微信");
  SkAccount *alipay = add_no_code (vault, "支付宝");
  SkAccount *forum = add_no_code (vault, "Some Forum");
  SkSupportInfo own = { 0 };
  const char *lost[2] = { phone, NULL };
  SkRecoveryItem *item;

  bind (vault, wechat, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, alipay, phone, SK_ROLE_SECURITY_PHONE);
  bind (vault, forum, phone, SK_ROLE_SECURITY_PHONE);
  own.account_uuid = (char *) sk_account_get_uuid (wechat);
  own.phone = (char *) "0755-8888 0000";
  own.recovery_page = (char *) "https://example.com/my-wechat-appeal";
  sk_inventory_set_support (vault, &own, NOW);

  /* No tag, no category, no payout binding: the directory's "wallet". */
  g_assert_false (sk_account_holds_money (alipay));
  g_assert_true (sk_inventory_account_holds_money (vault, sk_account_get_uuid (alipay)));
  g_assert_false (sk_inventory_account_holds_money (vault, sk_account_get_uuid (forum)));

  recovery = sk_recovery_start (vault, lost, "2026-03-07", NOW, &error);
  g_assert_no_error (error);
  plan = sk_recovery_plan (vault, recovery);
  g_assert_cmpuint (plan->len, ==, 3);

  /* The user's own hotline comes first, then their own appeal page. */
  item = find_item (plan, wechat, NULL);
  g_assert_nonnull (item);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_MONEY);
  g_assert_nonnull (item->freeze_channel);
  g_assert_true (item->freeze_channel->own);
  g_assert_cmpstr (item->freeze_channel->kind, ==, "phone");
  g_assert_cmpstr (item->freeze_channel->phone, ==, "0755-8888 0000");
  g_assert_null (item->freeze_channel->source);
  g_assert_true (item->appeal_channel->own);
  g_assert_cmpstr (item->appeal_channel->kind, ==, "recovery-page");
  g_assert_cmpstr (item->appeal_channel->url, ==, "https://example.com/my-wechat-appeal");

  /* None of the user's own: the directory's hotline, with its source. */
  item = find_item (plan, alipay, NULL);
  g_assert_nonnull (item);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_MONEY);
  g_assert_nonnull (item->freeze_channel);
  g_assert_false (item->freeze_channel->own);
  g_assert_cmpstr (item->freeze_channel->service_id, ==, "alipay");
  g_assert_cmpstr (item->freeze_channel->kind, ==, "hotline");
  g_assert_cmpstr (item->freeze_channel->phone, ==, "95188");
  g_assert_cmpstr (item->freeze_channel->value, ==, "95188");
  g_assert_true (g_str_has_prefix (item->freeze_channel->source, "https://"));
  g_assert_nonnull (item->appeal_channel);
  g_assert_false (item->appeal_channel->own);

  /* Neither the user nor the directory knows the forum. */
  item = find_item (plan, forum, NULL);
  g_assert_nonnull (item);
  g_assert_cmpint (item->risk, ==, SK_RECOVERY_RISK_LOCKED_OUT);
  g_assert_null (item->freeze_channel);
  g_assert_null (item->appeal_channel);

  /* Without the own contacts, WeChat gets the directory's freeze steps;
   * naming the service by id works as well as the issuer. */
  own.phone = NULL;
  own.recovery_page = NULL;
  sk_inventory_set_support (vault, &own, NOW + 1);
  sk_account_set_issuer (wechat, "My chat");
  sk_account_set_service (wechat, "wechat");
  {
    g_autoptr(SkRecoveryChannel) freeze = sk_recovery_channel_for (vault, sk_account_get_uuid (wechat),
                                                                   SK_SERVICE_STEP_FREEZE);

    g_assert_nonnull (freeze);
    g_assert_false (freeze->own);
    g_assert_cmpstr (freeze->kind, ==, "freeze");
    g_assert_cmpstr (freeze->service_id, ==, "wechat");
    g_assert_null (freeze->phone);
    g_assert_nonnull (freeze->value);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sk_core_init (NULL);

  g_test_add_func ("/sparekey/recovery/start", test_start_marks_lost);
  g_test_add_func ("/sparekey/recovery/ranking", test_ranking);
  g_test_add_func ("/sparekey/recovery/copy", test_copy_decides);
  g_test_add_func ("/sparekey/recovery/steps-evidence", test_steps_and_evidence);
  g_test_add_func ("/sparekey/recovery/names", test_names);
  g_test_add_func ("/sparekey/recovery/resume", test_resume_after_restart);
  g_test_add_func ("/sparekey/recovery/merge", test_merge);
  g_test_add_func ("/sparekey/recovery/close", test_close);
  g_test_add_func ("/sparekey/recovery/channels", test_channels);
  return g_test_run ();
}
