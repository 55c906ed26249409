/* test-appeal.c: appeal letters in both languages, edits, appeal
 * tracking, escalation and the escalation date in the reminder file
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "sk-test-util.h"

#define PASSWORD "appeal"
#define NOW ((gint64) 1773000000 * G_USEC_PER_SEC)  /* 2026-03-08T20:00:00Z */
#define HOUR ((gint64) 3600 * G_USEC_PER_SEC)

typedef struct {
  SkVault        *vault;
  SkAccount      *account;
  char           *phone;
  SkRecoveryCase *recovery;
} Fixture;

static char *
add_identity (SkVault        *vault,
              SkIdentityKind  kind,
              const char     *value,
              const char     *carrier)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkIdentity) identity = sk_identity_new (kind, value);

  sk_identity_set_carrier (identity, carrier);
  g_assert_true (sk_inventory_save_identity (vault, identity, NOW, &error));
  g_assert_no_error (error);
  return g_strdup (sk_identity_get_uuid (identity));
}

static void
bind (Fixture       *f,
      const char    *identity,
      SkBindingRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = sk_inventory_bind (f->vault, sk_account_get_uuid (f->account), identity,
                                             role, NULL, NULL, NULL, NOW, &error);

  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;
  g_autofree char *card = NULL;
  const char *lost[2] = { NULL, NULL };

  f->vault = sk_vault_new ();
  f->account = sk_account_new_from_uri ("otpauth://totp/KaMeng:trader88?secret=JBSWY3DPEHPK3PXP&issuer=KaMeng", &error);
  g_assert_no_error (error);
  sk_vault_add_account (f->vault, f->account);
  g_object_unref (f->account);

  f->phone = add_identity (f->vault, SK_IDENTITY_PHONE, "13800138000", "China Mobile");
  email = add_identity (f->vault, SK_IDENTITY_EMAIL, "trader88@example.com", NULL);
  card = add_identity (f->vault, SK_IDENTITY_PAYOUT, "6222020200112233445", NULL);
  bind (f, f->phone, SK_ROLE_SECURITY_PHONE);
  bind (f, email, SK_ROLE_RECOVERY_EMAIL);
  bind (f, card, SK_ROLE_PAYOUT_ACCOUNT);

  lost[0] = f->phone;
  f->recovery = sk_recovery_start (f->vault, lost, "2026-03-07", NOW, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->recovery, sk_recovery_case_free);
  g_clear_object (&f->vault);
  g_free (f->phone);
}

static void
tick (Fixture        *f,
      const char     *target,
      SkRecoveryStep  step,
      gint64          when)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_recovery_set_step (f->vault, f->recovery->uuid, target, step, TRUE, when, &error));
  g_assert_no_error (error);
}

static void
have (Fixture            *f,
      SkRecoveryEvidence  item,
      const char         *note)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sk_recovery_set_evidence (f->vault, f->recovery->uuid,
                                           sk_account_get_uuid (f->account), item, 1, note, NOW, &error));
  g_assert_no_error (error);
}

/* @text holds @parts in this order. */
static void
assert_in_order (const char         *text,
                 const char * const *parts)
{
  const char *at = text;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *found = strstr (at, parts[i]);

      if (found == NULL)
        g_error ("“%s” missing (or out of order) in:\n%s", parts[i], text);
      at = found + strlen (parts[i]);
    }
}

static void
prepare_facts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAppeal) appeal = NULL;

  tick (f, sk_account_get_uuid (f->account), SK_RECOVERY_STEP_FREEZE, NOW);
  tick (f, sk_account_get_uuid (f->account), SK_RECOVERY_STEP_STOP_PAYMENTS, NOW);
  tick (f, f->phone, SK_RECOVERY_STEP_SUSPEND_NUMBER, NOW);
  have (f, SK_RECOVERY_EVIDENCE_PURCHASES, "12 orders since 2022");
  have (f, SK_RECOVERY_EVIDENCE_CARRIER_CERTIFICATE, NULL);
  appeal = sk_appeal_record_sent (f->vault, f->recovery->uuid, sk_account_get_uuid (f->account),
                                  SK_APPEAL_CHANNEL_CHAT, NOW, NOW, &error);
  g_assert_no_error (error);
}

static void
test_letter_zh (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *markdown = NULL;

  prepare_facts (f);
  letter = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                             "zh_CN", FALSE, &error);
  g_assert_no_error (error);
  assert_in_order (letter, (const char *[]) {
    "KaMeng 客服团队",
    "一、问题背景", "2026年3月7日", "手机号码 13800138000", "China Mobile", "密保手机",
    "无法接收短信验证码",
    "二、已采取的措施", "紧急冻结通道", "免密支付", "停用号码 13800138000", "在线客服",
    "三、证据清单", "充值/消费记录", "12 orders since 2022", "号码停用证明",
    "四、申诉请求", "解除该账号与已丢失号码 13800138000 的绑定", "暂停该账号的提现",
    "trader88@example.com", "此致", NULL });
  /* The payout card is never written in full. */
  g_assert_null (strstr (letter, "6222020200112233445"));
  g_assert_null (strstr (letter, "## "));
  /* Evidence not ticked is not claimed. */
  g_assert_null (strstr (letter, "手持身份证照片"));
  /* A Chinese letter uses Chinese punctuation: no ASCII comma, colon,
   * exclamation mark or parenthesis right after a Chinese character. */
  for (const char *p = letter; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (g_unichar_iswide (c) && strchr (",:!();", *next) != NULL && *next != '\0')
        g_error ("ASCII punctuation in the Chinese letter: “%.24s”", p);
    }

  markdown = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                               "zh-CN", TRUE, &error);
  g_assert_no_error (error);
  assert_in_order (markdown, (const char *[]) { "# 关于账号", "## 一、问题背景", "## 二、已采取的措施",
                                                "## 三、证据清单", "## 四、申诉请求", NULL });
}

/* Characters that exist only in Simplified Chinese, some of each kind the
 * letter uses (账号, 验证, 短信, 设备, 资金…). */
static const char simplified_only[] = "账号码验证这个们时间开关设备软网说请删复动无应钥丢绑录击联务";

static void
test_letter_zh_tw (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *letter = NULL;
  g_autofree char *markdown = NULL;

  prepare_facts (f);
  letter = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                             "zh_TW", FALSE, &error);
  g_assert_no_error (error);
  /* The same four parts and facts as the Simplified letter, in Taiwan's
   * terms: 帳號, 簡訊, 電信業者, 線上客服, 「」. */
  assert_in_order (letter, (const char *[]) {
    "關於帳號「KaMeng", "」的申訴函", "KaMeng 客服團隊",
    "一、問題背景", "2026年3月7日", "手機號碼 13800138000", "China Mobile", "安全手機",
    "無法接收簡訊驗證碼",
    "二、已採取的措施", "緊急凍結通道", "免密碼支付", "停用號碼 13800138000", "線上客服",
    "三、證據清單", "儲值/消費記錄", "12 orders since 2022", "電信業者出具的號碼停用證明",
    "四、申訴請求", "解除該帳號與已丟失號碼 13800138000 的綁定", "暫停該帳號的提領",
    "trader88@example.com", "此致", NULL });
  g_assert_null (strstr (letter, "6222020200112233445"));
  for (const char *p = simplified_only; *p != '\0'; p = g_utf8_next_char (p))
    {
      g_autofree char *c = g_strndup (p, g_utf8_next_char (p) - p);

      if (strstr (letter, c) != NULL)
        g_error ("the Simplified character %s in the Traditional letter:\n%s", c, letter);
    }
  /* Mainland terms OpenCC would leave in Traditional characters. */
  for (const char * const *term = (const char *[]) { "賬", "短信", "運營商", "充值", "密保", NULL };
       *term != NULL; term++)
    if (strstr (letter, *term) != NULL)
      g_error ("the mainland term %s in the Taiwan letter:\n%s", *term, letter);

  /* Hong Kong and Taiwan locale names, as the CLI and the app pass them. */
  markdown = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                               "zh-Hant", TRUE, &error);
  g_assert_no_error (error);
  assert_in_order (markdown, (const char *[]) { "# 關於帳號", "## 一、問題背景", "## 四、申訴請求", NULL });
  g_assert_cmpstr (sk_appeal_normalize_lang ("zh_TW.UTF-8"), ==, "zh_TW");
  g_assert_cmpstr (sk_appeal_normalize_lang ("zh_HK"), ==, "zh_TW");
  g_assert_cmpstr (sk_appeal_normalize_lang ("zh-CN"), ==, "zh_CN");
  g_assert_cmpstr (sk_appeal_normalize_lang ("zh"), ==, "zh_CN");
  g_assert_null (sk_appeal_normalize_lang ("ja"));
}

/* The letter language offered first follows the message language. */
static void
test_default_lang (void)
{
  const struct { const char *language; const char *lang; } cases[] = {
    { "zh_TW", "zh_TW" },
    { "zh_TW.UTF-8:zh_CN", "zh_TW" },
    { "zh_HK", "zh_TW" },
    { "zh_CN", "zh_CN" },
    { "zh_SG", "zh_CN" },
    { "en_GB", "en" },
    { "de_DE:zh_TW", "en" },
  };
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_setenv ("LANGUAGE", cases[i].language, TRUE);
      g_assert_cmpstr (sk_appeal_default_lang (), ==, cases[i].lang);
    }
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

static void
test_letter_en (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *letter = NULL;

  letter = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                             "en", FALSE, &error);
  g_assert_no_error (error);
  /* Nothing done yet, no evidence ticked. */
  assert_in_order (letter, (const char *[]) {
    "Dear KaMeng support team",
    "1. Background", "7 March 2026", "phone number 13800138000", "security phone for SMS codes",
    "cannot receive SMS verification codes",
    "2. Steps already taken", "no other step has been taken yet",
    "3. Evidence", "I can provide proof of identity",
    "4. Request", "remove the lost number 13800138000", "keep withdrawals",
    "restore my access", "trader88@example.com", NULL });

  prepare_facts (f);
  g_free (letter);
  letter = sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                             "en_US.UTF-8", TRUE, &error);
  g_assert_no_error (error);
  assert_in_order (letter, (const char *[]) {
    "## 1. Background", "## 2. Steps already taken",
    "1. Asked for the account to be frozen", "2. Turned off auto-renew",
    "3. Had the carrier suspend the number 13800138000", "4. Contacted you through your online support",
    "## 3. Evidence", "Top-up and purchase records", "(12 orders since 2022)",
    "The carrier's certificate", "## 4. Request", NULL });

  g_assert_null (sk_appeal_letter (f->vault, f->recovery, sk_account_get_uuid (f->account),
                                   "fr", FALSE, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID);
}

static void
test_letter_edit (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *english = NULL;
  g_autofree char *back = NULL;
  const char *uuid = sk_account_get_uuid (f->account);

  g_assert_true (sk_appeal_letter_set_text (f->vault, f->recovery->uuid, uuid, "zh",
                                            "我的修改稿", NOW, &error));
  g_assert_no_error (error);
  edited = sk_appeal_letter (f->vault, f->recovery, uuid, "zh_CN", FALSE, &error);
  g_assert_cmpstr (edited, ==, "我的修改稿");
  /* The edit is per language. */
  english = sk_appeal_letter (f->vault, f->recovery, uuid, "en", FALSE, &error);
  g_assert_nonnull (strstr (english, "1. Background"));
  g_assert_true (sk_appeal_letter_set_text (f->vault, f->recovery->uuid, uuid, "zh_CN",
                                            NULL, NOW + 1, &error));
  back = sk_appeal_letter (f->vault, f->recovery, uuid, "zh_CN", FALSE, &error);
  g_assert_nonnull (strstr (back, "一、问题背景"));
  g_assert_no_error (error);
}

static void
test_escalation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) next_due = NULL;
  g_autoptr(SkAppeal) first = NULL;
  g_autoptr(SkAppeal) second = NULL;
  g_autoptr(SkRecoveryCase) updated = NULL;
  g_autoptr(GPtrArray) appeals = NULL;
  const char *uuid = sk_account_get_uuid (f->account);
  SkAppealChannel next = SK_APPEAL_N_CHANNELS;

  g_assert_false (sk_appeal_get_escalation (f->vault, f->recovery, uuid, &due, &next));
  g_assert_null (sk_recovery_next_escalation (f->vault));

  first = sk_appeal_record_sent (f->vault, f->recovery->uuid, uuid, SK_APPEAL_CHANNEL_CHAT,
                                 NOW, NOW, &error);
  g_assert_no_error (error);
  g_assert_true (sk_appeal_get_escalation (f->vault, f->recovery, uuid, &due, &next));
  g_assert_cmpint (g_date_time_to_unix (due), ==, NOW / G_USEC_PER_SEC + 72 * 3600);
  g_assert_cmpint (next, ==, SK_APPEAL_CHANNEL_TICKET);
  next_due = sk_recovery_next_escalation (f->vault);
  g_assert_cmpint (g_date_time_compare (next_due, due), ==, 0);
  g_clear_pointer (&due, g_date_time_unref);
  g_clear_pointer (&next_due, g_date_time_unref);

  /* The time before escalating is settable. */
  g_assert_true (sk_recovery_set_escalate_hours (f->vault, f->recovery->uuid, 24, NOW, &error));
  g_assert_false (sk_recovery_set_escalate_hours (f->vault, f->recovery->uuid, 0, NOW, &error));
  g_assert_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID);
  g_clear_error (&error);
  updated = sk_recovery_get_case (f->vault);
  g_assert_true (sk_appeal_get_escalation (f->vault, updated, uuid, &due, &next));
  g_assert_cmpint (g_date_time_to_unix (due), ==, NOW / G_USEC_PER_SEC + 24 * 3600);
  g_clear_pointer (&due, g_date_time_unref);

  /* Escalated by email (skipping the ticket): next is the phone line;
   * the due time counts from the latest appeal. */
  second = sk_appeal_record_sent (f->vault, f->recovery->uuid, uuid, SK_APPEAL_CHANNEL_EMAIL,
                                  NOW + 30 * HOUR, NOW + 30 * HOUR, &error);
  g_assert_true (sk_appeal_get_escalation (f->vault, updated, uuid, &due, &next));
  g_assert_cmpint (g_date_time_to_unix (due), ==, NOW / G_USEC_PER_SEC + 54 * 3600);
  g_assert_cmpint (next, ==, SK_APPEAL_CHANNEL_PHONE);
  g_clear_pointer (&due, g_date_time_unref);

  appeals = sk_appeal_list (f->vault, f->recovery->uuid, uuid);
  g_assert_cmpuint (appeals->len, ==, 2);
  g_assert_cmpint (((SkAppeal *) appeals->pdata[0])->channel, ==, SK_APPEAL_CHANNEL_CHAT);

  /* An answer ends the clock. */
  g_assert_cmpuint (sk_appeal_mark_answered (f->vault, f->recovery->uuid, uuid, NOW + 40 * HOUR,
                                             NOW + 40 * HOUR), ==, 2);
  g_assert_false (sk_appeal_get_escalation (f->vault, updated, uuid, &due, &next));
  g_assert_null (sk_recovery_next_escalation (f->vault));

  /* After the regulator there is nowhere further: it stays there. */
  g_clear_pointer (&second, sk_appeal_free);
  second = sk_appeal_record_sent (f->vault, f->recovery->uuid, uuid, SK_APPEAL_CHANNEL_REGULATOR,
                                  NOW + 50 * HOUR, NOW + 50 * HOUR, &error);
  g_assert_true (sk_appeal_get_escalation (f->vault, updated, uuid, &due, &next));
  g_assert_cmpint (next, ==, SK_APPEAL_CHANNEL_REGULATOR);
  g_assert_no_error (error);
}

/* The reminder file gets the escalation date, and nothing that names the
 * account or the service. */
static void
test_reminder_file (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *reminders = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GDateTime) escalation = NULL;
  g_autoptr(GDateTime) audit = NULL;
  g_autoptr(SkAppeal) appeal = NULL;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(SkIdentity) phone = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autofree char *binding = NULL;
  const char *lost[] = { NULL, NULL };
  SkKdfParams kdf;
  SkAccount *account;
  SkVault *vault;
  gint64 sent = g_get_real_time () - 80 * HOUR;

  sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, PASSWORD, &kdf, &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  account = sk_account_new_from_uri ("otpauth://totp/SecretShop:bob?secret=JBSWY3DPEHPK3PXP&issuer=SecretShop", &error);
  g_assert_no_error (error);
  sk_vault_add_account (vault, account);
  g_object_unref (account);
  /* No audits for it: only the escalation is scheduled. */
  g_assert_true (sk_audit_set_interval (vault, sk_account_get_uuid (account), 0, g_get_real_time (), &error));
  g_assert_true (sk_inventory_save_identity (vault, phone, g_get_real_time (), &error));
  binding = sk_inventory_bind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (phone),
                               SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  lost[0] = sk_identity_get_uuid (phone);
  recovery = sk_recovery_start (vault, lost, NULL, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_null (sk_reminders_load_escalation (path, &error));
  g_assert_no_error (error);

  appeal = sk_appeal_record_sent (vault, recovery->uuid, sk_account_get_uuid (account),
                                  SK_APPEAL_CHANNEL_TICKET, sent, g_get_real_time (), &error);
  g_assert_no_error (error);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);

  escalation = sk_reminders_load_escalation (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (escalation);
  g_assert_cmpint (g_date_time_to_unix (escalation), ==, sent / G_USEC_PER_SEC + 72 * 3600);
  /* 80 hours ago + 72 hours: overdue now. */
  g_assert_cmpint (g_date_time_to_unix (escalation), <, g_get_real_time () / G_USEC_PER_SEC);
  /* No audit is scheduled: NextDue is absent, which is not an error. */
  audit = sk_reminders_load_next (path, &error);
  g_assert_no_error (error);
  g_assert_null (audit);

  reminders = sk_reminders_path (path);
  g_assert_true (g_file_get_contents (reminders, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "NextEscalation="));
  /* Exactly what docs/inventory-and-audit.md says the file holds. */
  g_assert_true (g_regex_match_simple ("^\\[Sparekey Reminders\\]\nVersion=1\n"
                                       "NextEscalation=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n$",
                                       contents, 0, 0));
  g_assert_null (strstr (contents, "SecretShop"));
  g_assert_null (strstr (contents, "13800138000"));
  g_assert_null (strstr (contents, "bob"));
  g_assert_null (strstr (contents, "ticket"));

  /* Answered: the date goes away, and with nothing else the file too. */
  sk_appeal_mark_answered (vault, recovery->uuid, sk_account_get_uuid (account),
                           g_get_real_time (), g_get_real_time ());
  g_assert_true (sk_store_save (store, &error));
  g_assert_false (g_file_test (reminders, G_FILE_TEST_EXISTS));
  g_clear_object (&store);
  sk_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sk_core_init (NULL);

  g_test_add ("/sparekey/appeal/letter-zh", Fixture, NULL, fixture_setup, test_letter_zh, fixture_teardown);
  g_test_add ("/sparekey/appeal/letter-zh-tw", Fixture, NULL, fixture_setup, test_letter_zh_tw, fixture_teardown);
  g_test_add_func ("/sparekey/appeal/default-lang", test_default_lang);
  g_test_add ("/sparekey/appeal/letter-en", Fixture, NULL, fixture_setup, test_letter_en, fixture_teardown);
  g_test_add ("/sparekey/appeal/letter-edit", Fixture, NULL, fixture_setup, test_letter_edit, fixture_teardown);
  g_test_add ("/sparekey/appeal/escalation", Fixture, NULL, fixture_setup, test_escalation, fixture_teardown);
  g_test_add_func ("/sparekey/appeal/reminder-file", test_reminder_file);
  return g_test_run ();
}
