/* sk-appeal.c: appeal letters in four parts, appeal tracking and
 * escalation
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-records-private.h"
#include "sk-recovery-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-account.h"
#include "sparekey/sk-inventory.h"
#include "sparekey/sk-recovery-plan.h"

/*
 * The letter is written in the language the caller asks for, which is
 * the language of the service's support team, not the language of the
 * user's desktop: its sentences are therefore not gettext messages but
 * fixed tables, one per language. All follow the structure support teams
 * expect (background, steps already taken, evidence, request). The
 * Traditional Chinese table is written with Taiwan's terms (帳號, 簡訊,
 * 電信業者) and quotes (「」), not converted character by character.
 */

typedef enum {
  LANG_ZH,
  LANG_EN,
  LANG_ZH_TW,
} Lang;

typedef struct {
  const char *title;             /* %s: account */
  const char *greeting;          /* %s: service */
  const char *greeting_generic;
  const char *intro;             /* %s: account */
  const char *parts[4];
  const char *lost_sentence;     /* %1$s date, %2$s what, %3$s roles, %4$s kind */
  const char *consequence_sms;
  const char *consequence_device;
  const char *consequence_other;
  const char *nothing_done;
  const char *appeal_sent;       /* %1$s date, %2$s channel */
  const char *evidence_intro;
  const char *evidence_none;
  const char *evidence_more;
  const char *request_intro;
  const char *request_unbind;    /* %s: number */
  const char *request_reset_2fa;
  const char *request_freeze;
  const char *request_access;
  const char *contact;           /* %s: address */
  const char *closing;
  const char *signature;         /* %s: name */
  const char *date_line;         /* %s: date */
  const char *list_sep;
  const char *note_open;
  const char *note_close;
  const char *kinds[SK_IDENTITY_HARDWARE_KEY + 1];
  const char *roles[SK_ROLE_TRUSTED_DEVICE + 1];
  const char *steps[SK_RECOVERY_N_STEPS];
  const char *evidence[SK_RECOVERY_N_EVIDENCE];
  const char *channels[SK_APPEAL_N_CHANNELS];
} LetterText;

static const LetterText letter_texts[] = {
  [LANG_ZH] = {
    .title = "关于账号“%s”的申诉函",
    .greeting = "%s 客服团队：",
    .greeting_generic = "尊敬的客服团队：",
    .intro = "您好！我是贵平台账号“%s”的持有人。因手机丢失，我目前无法完成该账号的安全验证，现依据相关规定提出申诉，具体情况如下。",
    .parts = { "一、问题背景", "二、已采取的措施", "三、证据清单", "四、申诉请求" },
    .lost_sentence = "%1$s，我的%2$s丢失，无法继续使用。该%4$s在贵平台绑定为%3$s。",
    .consequence_sms = "由于无法接收短信验证码，我无法登录账号或完成解绑、换绑操作。",
    .consequence_device = "由于丢失的设备上装有该账号的身份验证器，我无法获取动态验证码。",
    .consequence_other = "为防止他人利用丢失的号码或设备操作账号，特此说明情况。",
    .nothing_done = "截至目前，除本申诉外尚未采取其他措施。",
    .appeal_sent = "已于%1$s通过%2$s联系贵平台，尚未得到处理结果",
    .evidence_intro = "为证明本人为账号的真实持有人，我可提供以下材料：",
    .evidence_none = "我可按贵平台要求提供身份证明、注册信息、充值或消费记录及运营商出具的证明等材料。",
    .evidence_more = "如需其他材料，我将及时补充提供。",
    .request_intro = "恳请贵平台在核实本人身份后：",
    .request_unbind = "解除该账号与已丢失号码 %s 的绑定，并允许我绑定新的手机号码",
    .request_reset_2fa = "重置两步验证，以便我在新设备上重新绑定身份验证器",
    .request_freeze = "在身份核实完成前，暂停该账号的提现、转账及支付功能",
    .request_access = "恢复我对该账号的正常登录和使用",
    .contact = "如需进一步核实，请通过 %s 与我联系。",
    .closing = "此致\n敬礼",
    .signature = "申诉人：%s",
    .date_line = "日期：%s",
    .list_sep = "、",
    .note_open = "（",
    .note_close = "）",
    .kinds = {
      [SK_IDENTITY_PHONE] = "手机号码",
      [SK_IDENTITY_EMAIL] = "邮箱",
      [SK_IDENTITY_DEVICE] = "手机设备",
      [SK_IDENTITY_THIRD_PARTY] = "第三方账号",
      [SK_IDENTITY_PAYOUT] = "收款账户",
      [SK_IDENTITY_SECURITY_QUESTION] = "密保问题",
      [SK_IDENTITY_HARDWARE_KEY] = "硬件密钥",
    },
    .roles = {
      [SK_ROLE_LOGIN] = "登录账号",
      [SK_ROLE_SECURITY_PHONE] = "密保手机（短信验证）",
      [SK_ROLE_RECOVERY_EMAIL] = "找回邮箱",
      [SK_ROLE_AUTHENTICATOR_DEVICE] = "身份验证器设备",
      [SK_ROLE_THIRD_PARTY_LOGIN] = "第三方登录",
      [SK_ROLE_PAYOUT_ACCOUNT] = "提现账户",
      [SK_ROLE_TRUSTED_DEVICE] = "受信任设备",
    },
    .steps = {
      [SK_RECOVERY_STEP_FREEZE] = "已通过贵平台的紧急冻结通道申请冻结账号",
      [SK_RECOVERY_STEP_STOP_PAYMENTS] = "已关闭自动续费和免密支付",
      [SK_RECOVERY_STEP_MOVE_BALANCE] = "已将账户余额转移至安全账户",
      [SK_RECOVERY_STEP_BLOCK_DEVICE] = "已将丢失的设备列入设备黑名单",
      [SK_RECOVERY_STEP_CHANGE_PASSWORD] = "已修改登录密码并退出其他所有登录设备",
      [SK_RECOVERY_STEP_SUSPEND_NUMBER] = "已向运营商申请停用号码 %s，并申请开具号码停用证明",
    },
    .evidence = {
      [SK_RECOVERY_EVIDENCE_ID_DOCUMENTS] = "身份证正反面照片",
      [SK_RECOVERY_EVIDENCE_ID_PHOTO] = "手持身份证照片",
      [SK_RECOVERY_EVIDENCE_BANK_CARD] = "银行卡绑定记录",
      [SK_RECOVERY_EVIDENCE_REGISTRATION] = "注册时间及注册 IP 地址",
      [SK_RECOVERY_EVIDENCE_LOGIN_DEVICES] = "历史登录设备记录",
      [SK_RECOVERY_EVIDENCE_PURCHASES] = "充值/消费记录（含订单号及金额）",
      [SK_RECOVERY_EVIDENCE_CARRIER_CERTIFICATE] = "运营商出具的号码停用证明",
      [SK_RECOVERY_EVIDENCE_SCREENSHOTS] = "带时间戳的操作截图",
    },
    .channels = {
      [SK_APPEAL_CHANNEL_CHAT] = "在线客服",
      [SK_APPEAL_CHANNEL_TICKET] = "工单系统",
      [SK_APPEAL_CHANNEL_EMAIL] = "官方邮箱",
      [SK_APPEAL_CHANNEL_PHONE] = "客服电话",
      [SK_APPEAL_CHANNEL_REGULATOR] = "12377 举报平台或消费者协会",
    },
  },
  [LANG_EN] = {
    .title = "Appeal regarding the account “%s”",
    .greeting = "Dear %s support team,",
    .greeting_generic = "Dear support team,",
    .intro = "I am the holder of the account “%s” on your service. Since my phone was lost I can no longer pass its security verification, and I ask for your help to recover it. The details follow.",
    .parts = { "1. Background", "2. Steps already taken", "3. Evidence", "4. Request" },
    .lost_sentence = "On %1$s I lost my %2$s, which I can no longer use. With your service it is registered as my %3$s.",
    .consequence_sms = "As I cannot receive SMS verification codes, I cannot sign in, unbind the number or bind a new one.",
    .consequence_device = "The authenticator app for this account was on the lost device, so I cannot produce verification codes.",
    .consequence_other = "I am writing so that nobody can use the lost number or device to act on the account.",
    .nothing_done = "Apart from this appeal, no other step has been taken yet.",
    .appeal_sent = "Contacted you through your %2$s on %1$s, without a resolution so far",
    .evidence_intro = "To show that I am the rightful holder of the account, I can provide:",
    .evidence_none = "I can provide proof of identity, registration details, top-up or purchase records and the carrier's certificate as you require.",
    .evidence_more = "I will gladly provide anything else you need.",
    .request_intro = "Once you have verified my identity, I ask you to:",
    .request_unbind = "remove the lost number %s from the account and let me bind a new number",
    .request_reset_2fa = "reset two-step verification so that I can enrol an authenticator on my new device",
    .request_freeze = "keep withdrawals, transfers and payments on the account suspended until my identity is verified",
    .request_access = "restore my access to the account",
    .contact = "Please contact me at %s if you need anything further.",
    .closing = "Yours sincerely,",
    .signature = "%s",
    .date_line = "Date: %s",
    .list_sep = ", ",
    .note_open = " (",
    .note_close = ")",
    .kinds = {
      [SK_IDENTITY_PHONE] = "phone number",
      [SK_IDENTITY_EMAIL] = "email address",
      [SK_IDENTITY_DEVICE] = "phone",
      [SK_IDENTITY_THIRD_PARTY] = "third-party account",
      [SK_IDENTITY_PAYOUT] = "payout account",
      [SK_IDENTITY_SECURITY_QUESTION] = "security question",
      [SK_IDENTITY_HARDWARE_KEY] = "hardware key",
    },
    .roles = {
      [SK_ROLE_LOGIN] = "login",
      [SK_ROLE_SECURITY_PHONE] = "security phone for SMS codes",
      [SK_ROLE_RECOVERY_EMAIL] = "recovery email",
      [SK_ROLE_AUTHENTICATOR_DEVICE] = "authenticator device",
      [SK_ROLE_THIRD_PARTY_LOGIN] = "third-party login",
      [SK_ROLE_PAYOUT_ACCOUNT] = "payout account",
      [SK_ROLE_TRUSTED_DEVICE] = "trusted device",
    },
    .steps = {
      [SK_RECOVERY_STEP_FREEZE] = "Asked for the account to be frozen through your emergency channel",
      [SK_RECOVERY_STEP_STOP_PAYMENTS] = "Turned off auto-renew and password-free payments",
      [SK_RECOVERY_STEP_MOVE_BALANCE] = "Moved the remaining balance to a safe account",
      [SK_RECOVERY_STEP_BLOCK_DEVICE] = "Blocked the lost device in the account's device list",
      [SK_RECOVERY_STEP_CHANGE_PASSWORD] = "Changed the password and signed out all other sessions",
      [SK_RECOVERY_STEP_SUSPEND_NUMBER] = "Had the carrier suspend the number %s and asked for a certificate of suspension",
    },
    .evidence = {
      [SK_RECOVERY_EVIDENCE_ID_DOCUMENTS] = "Both sides of my ID card",
      [SK_RECOVERY_EVIDENCE_ID_PHOTO] = "A photo of myself holding the ID card",
      [SK_RECOVERY_EVIDENCE_BANK_CARD] = "Records of the bank card bound to the account",
      [SK_RECOVERY_EVIDENCE_REGISTRATION] = "The registration time and IP address",
      [SK_RECOVERY_EVIDENCE_LOGIN_DEVICES] = "The devices I signed in from",
      [SK_RECOVERY_EVIDENCE_PURCHASES] = "Top-up and purchase records with order numbers and amounts",
      [SK_RECOVERY_EVIDENCE_CARRIER_CERTIFICATE] = "The carrier's certificate that the number was suspended",
      [SK_RECOVERY_EVIDENCE_SCREENSHOTS] = "Time-stamped screenshots of the errors",
    },
    .channels = {
      [SK_APPEAL_CHANNEL_CHAT] = "online support",
      [SK_APPEAL_CHANNEL_TICKET] = "ticket system",
      [SK_APPEAL_CHANNEL_EMAIL] = "support email",
      [SK_APPEAL_CHANNEL_PHONE] = "support phone line",
      [SK_APPEAL_CHANNEL_REGULATOR] = "regulator or consumer association",
    },
  },
  [LANG_ZH_TW] = {
    .title = "關於帳號「%s」的申訴函",
    .greeting = "%s 客服團隊：",
    .greeting_generic = "尊敬的客服團隊：",
    .intro = "您好！我是貴平台帳號「%s」的持有人。因手機丟失，我目前無法完成該帳號的安全驗證，現依據相關規定提出申訴，具體情況如下。",
    .parts = { "一、問題背景", "二、已採取的措施", "三、證據清單", "四、申訴請求" },
    .lost_sentence = "%1$s，我的%2$s丟失，無法繼續使用。該%4$s在貴平台綁定為%3$s。",
    .consequence_sms = "由於無法接收簡訊驗證碼，我無法登入帳號或完成解除綁定、更換綁定操作。",
    .consequence_device = "由於丟失的裝置上裝有該帳號的身分驗證器，我無法取得動態驗證碼。",
    .consequence_other = "為防止他人利用丟失的號碼或裝置操作帳號，特此說明情況。",
    .nothing_done = "截至目前，除本申訴外尚未採取其他措施。",
    .appeal_sent = "已於%1$s透過%2$s聯絡貴平台，尚未得到處理結果",
    .evidence_intro = "為證明本人為帳號的真實持有人，我可提供以下材料：",
    .evidence_none = "我可按貴平台要求提供身分證明、註冊資訊、儲值或消費記錄及電信業者出具的證明等材料。",
    .evidence_more = "如需其他材料，我將及時補充提供。",
    .request_intro = "懇請貴平台在核實本人身分後：",
    .request_unbind = "解除該帳號與已丟失號碼 %s 的綁定，並允許我綁定新的手機號碼",
    .request_reset_2fa = "重設兩步驟驗證，以便我在新裝置上重新綁定身分驗證器",
    .request_freeze = "在身分核實完成前，暫停該帳號的提領、轉帳及支付功能",
    .request_access = "恢復我對該帳號的正常登入和使用",
    .contact = "如需進一步核實，請透過 %s 與我聯絡。",
    .closing = "此致\n敬禮",
    .signature = "申訴人：%s",
    .date_line = "日期：%s",
    .list_sep = "、",
    .note_open = "（",
    .note_close = "）",
    .kinds = {
      [SK_IDENTITY_PHONE] = "手機號碼",
      [SK_IDENTITY_EMAIL] = "信箱",
      [SK_IDENTITY_DEVICE] = "手機裝置",
      [SK_IDENTITY_THIRD_PARTY] = "第三方帳號",
      [SK_IDENTITY_PAYOUT] = "收款帳戶",
      [SK_IDENTITY_SECURITY_QUESTION] = "安全提問",
      [SK_IDENTITY_HARDWARE_KEY] = "硬體金鑰",
    },
    .roles = {
      [SK_ROLE_LOGIN] = "登入帳號",
      [SK_ROLE_SECURITY_PHONE] = "安全手機（簡訊驗證）",
      [SK_ROLE_RECOVERY_EMAIL] = "救援信箱",
      [SK_ROLE_AUTHENTICATOR_DEVICE] = "身分驗證器裝置",
      [SK_ROLE_THIRD_PARTY_LOGIN] = "第三方登入",
      [SK_ROLE_PAYOUT_ACCOUNT] = "提領帳戶",
      [SK_ROLE_TRUSTED_DEVICE] = "受信任裝置",
    },
    .steps = {
      [SK_RECOVERY_STEP_FREEZE] = "已透過貴平台的緊急凍結通道申請凍結帳號",
      [SK_RECOVERY_STEP_STOP_PAYMENTS] = "已關閉自動續費和免密碼支付",
      [SK_RECOVERY_STEP_MOVE_BALANCE] = "已將帳戶餘額轉移至安全帳戶",
      [SK_RECOVERY_STEP_BLOCK_DEVICE] = "已將丟失的裝置列入裝置黑名單",
      [SK_RECOVERY_STEP_CHANGE_PASSWORD] = "已修改登入密碼並登出其他所有裝置",
      [SK_RECOVERY_STEP_SUSPEND_NUMBER] = "已向電信業者申請停用號碼 %s，並申請開具號碼停用證明",
    },
    .evidence = {
      [SK_RECOVERY_EVIDENCE_ID_DOCUMENTS] = "身分證正反面照片",
      [SK_RECOVERY_EVIDENCE_ID_PHOTO] = "手持身分證照片",
      [SK_RECOVERY_EVIDENCE_BANK_CARD] = "銀行卡綁定記錄",
      [SK_RECOVERY_EVIDENCE_REGISTRATION] = "註冊時間及註冊 IP 位址",
      [SK_RECOVERY_EVIDENCE_LOGIN_DEVICES] = "歷史登入裝置記錄",
      [SK_RECOVERY_EVIDENCE_PURCHASES] = "儲值/消費記錄（含訂單編號及金額）",
      [SK_RECOVERY_EVIDENCE_CARRIER_CERTIFICATE] = "電信業者出具的號碼停用證明",
      [SK_RECOVERY_EVIDENCE_SCREENSHOTS] = "附時間戳記的操作截圖",
    },
    .channels = {
      [SK_APPEAL_CHANNEL_CHAT] = "線上客服",
      [SK_APPEAL_CHANNEL_TICKET] = "客服表單",
      [SK_APPEAL_CHANNEL_EMAIL] = "官方信箱",
      [SK_APPEAL_CHANNEL_PHONE] = "客服電話",
      [SK_APPEAL_CHANNEL_REGULATOR] = "12377 舉報平台或消費者協會",
    },
  },
};

static const char * const en_months[] = {
  "January", "February", "March", "April", "May", "June", "July",
  "August", "September", "October", "November", "December",
};

const char *
sk_appeal_normalize_lang (const char *lang)
{
  g_autofree char *lower = NULL;

  if (lang == NULL)
    return NULL;
  lower = g_ascii_strdown (lang, -1);
  g_strdelimit (lower, "-", '_');
  /* Taiwan, Hong Kong and Macau read Traditional characters. */
  if (g_str_equal (lower, "zh_tw") || g_str_equal (lower, "zh_hant") ||
      g_str_has_prefix (lower, "zh_hant_") || g_str_has_prefix (lower, "zh_tw.") ||
      g_str_has_prefix (lower, "zh_tw@") || g_str_has_prefix (lower, "zh_hk") ||
      g_str_has_prefix (lower, "zh_mo") || g_str_equal (lower, "tw"))
    return "zh_TW";
  if (g_str_equal (lower, "zh") || g_str_equal (lower, "zh_cn") ||
      g_str_equal (lower, "zh_hans") || g_str_has_prefix (lower, "zh_cn.") ||
      g_str_equal (lower, "cn"))
    return "zh_CN";
  if (g_str_equal (lower, "en") || g_str_has_prefix (lower, "en_") ||
      g_str_has_prefix (lower, "en."))
    return "en";
  return NULL;
}

const char *
sk_appeal_default_lang (void)
{
  const char * const *languages = g_get_language_names ();
  const char *normal;

  if (languages[0] == NULL || !g_str_has_prefix (languages[0], "zh"))
    return "en";
  /* A Chinese locale without a letter of its own ("zh_SG") reads the
   * Simplified one. */
  normal = sk_appeal_normalize_lang (languages[0]);
  return normal != NULL ? normal : "zh_CN";
}

static gboolean
parse_lang (const char  *lang,
            Lang        *out,
            GError     **error)
{
  const char *normal = sk_appeal_normalize_lang (lang);

  if (normal == NULL)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                   _("letters are written in zh_CN, zh_TW or en, not “%s”"),
                   lang != NULL ? lang : "");
      return FALSE;
    }
  if (g_str_equal (normal, "zh_CN"))
    *out = LANG_ZH;
  else if (g_str_equal (normal, "zh_TW"))
    *out = LANG_ZH_TW;
  else
    *out = LANG_EN;
  return TRUE;
}

/* "2026-03-01" → "2026年3月1日" / "1 March 2026". */
static char *
format_day (Lang        lang,
            const char *day)
{
  int y, m, d;

  if (day == NULL || sscanf (day, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12)
    return g_strdup (day != NULL ? day : "");
  if (lang == LANG_ZH || lang == LANG_ZH_TW)
    return g_strdup_printf ("%d年%d月%d日", y, m, d);
  return g_strdup_printf ("%d %s %d", d, en_months[m - 1], y);
}

static char *
format_time (Lang   lang,
             gint64 usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);
  day = g_date_time_format (local, "%Y-%m-%d");
  return format_day (lang, day);
}

static void
heading (GString    *out,
         gboolean    markdown,
         const char *text)
{
  g_string_append (out, "\n");
  if (markdown)
    g_string_append (out, "## ");
  g_string_append (out, text);
  g_string_append (out, "\n\n");
}

static void
list_item (GString    *out,
           guint       n,
           const char *text)
{
  g_string_append_printf (out, "%u. %s\n", n, text);
}

static const char *
account_service (SkAccount *account)
{
  const char *issuer = sk_account_get_issuer (account);

  return issuer != NULL && *issuer != '\0' ? issuer : NULL;
}

static const char *
account_login (SkAccount *account)
{
  const char *name = sk_account_get_name (account);

  return name != NULL && *name != '\0' ? name : sk_account_get_display_name (account);
}

/* An active email the service can answer to: the account's recovery
 * email, else its login email. */
static char *
contact_email (SkVault    *vault,
               const char *account_uuid)
{
  g_autoptr(GPtrArray) bindings = sk_inventory_list_bindings (vault, account_uuid, NULL);
  char *fallback = NULL;

  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];
      SkIdentity *identity = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));

      if (identity == NULL || sk_identity_get_kind (identity) != SK_IDENTITY_EMAIL ||
          sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE)
        continue;
      if (sk_binding_get_role (binding) == SK_ROLE_RECOVERY_EMAIL)
        {
          g_free (fallback);
          return g_strdup (sk_identity_get_value (identity));
        }
      if (fallback == NULL)
        fallback = g_strdup (sk_identity_get_value (identity));
    }
  return fallback;
}

char *
sk_appeal_letter_generate (SkVault              *vault,
                           const SkRecoveryCase *recovery,
                           const char           *account_uuid,
                           const char           *lang_name,
                           gboolean              markdown,
                           GError              **error)
{
  g_autoptr(SkRecoveryItem) item = NULL;
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(GPtrArray) appeals = NULL;
  g_autoptr(GString) out = NULL;
  g_autoptr(GPtrArray) requests = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *lost_day = NULL;
  g_autofree char *today = NULL;
  g_autofree char *email = NULL;
  const LetterText *t;
  const char *service;
  SkAccount *account;
  gboolean sms_lost = FALSE, device_lost = FALSE;
  guint n;
  Lang lang;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (recovery != NULL, NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  if (!parse_lang (lang_name, &lang, error))
    return NULL;
  item = sk_recovery_plan_account (vault, recovery, account_uuid, error);
  if (item == NULL)
    return NULL;
  t = &letter_texts[lang];
  account = sk_vault_lookup_account (vault, account_uuid);
  service = account_service (account);
  bindings = sk_inventory_list_bindings (vault, account_uuid, NULL);
  lost_day = format_day (lang, recovery->date);
  today = format_time (lang, g_get_real_time ());
  out = g_string_new (NULL);

  if (markdown)
    g_string_append (out, "# ");
  g_string_append_printf (out, t->title, sk_account_get_display_name (account));
  g_string_append (out, "\n\n");
  if (service != NULL)
    g_string_append_printf (out, t->greeting, service);
  else
    g_string_append (out, t->greeting_generic);
  g_string_append (out, "\n\n");
  g_string_append_printf (out, t->intro, account_login (account));
  g_string_append (out, "\n");

  /* 1. Background: what was lost, when, and what it was to the account. */
  heading (out, markdown, t->parts[0]);
  for (guint i = 0; item->lost_identities[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, item->lost_identities[i]);
      g_autoptr(GString) what = g_string_new (NULL);
      g_autoptr(GString) roles = g_string_new (NULL);
      g_autofree char *display = NULL;
      SkIdentityKind kind;
      const char *label;

      if (identity == NULL)
        continue;
      kind = sk_identity_get_kind (identity);
      label = sk_identity_get_label (identity);
      display = sk_identity_dup_display (identity, FALSE);
      g_string_append (what, t->kinds[kind]);
      g_string_append_printf (what, " %s", display);
      if (kind == SK_IDENTITY_PHONE && sk_identity_get_carrier (identity) != NULL)
        g_string_append_printf (what, "%s%s%s", t->note_open, sk_identity_get_carrier (identity),
                                t->note_close);
      else if (kind == SK_IDENTITY_DEVICE && label != NULL &&
               g_strcmp0 (label, sk_identity_get_value (identity)) != 0)
        g_string_append_printf (what, "%s%s%s", t->note_open, label, t->note_close);

      for (guint j = 0; j < bindings->len; j++)
        {
          SkBinding *binding = bindings->pdata[j];
          SkBindingRole role = sk_binding_get_role (binding);

          if (!g_str_equal (sk_binding_get_identity_uuid (binding), sk_identity_get_uuid (identity)))
            continue;
          if (roles->len > 0)
            g_string_append (roles, t->list_sep);
          g_string_append (roles, t->roles[role]);
          if (role == SK_ROLE_SECURITY_PHONE ||
              (role == SK_ROLE_LOGIN && kind == SK_IDENTITY_PHONE))
            sms_lost = TRUE;
          if (role == SK_ROLE_AUTHENTICATOR_DEVICE)
            device_lost = TRUE;
        }
      g_string_append_printf (out, t->lost_sentence, lost_day, what->str, roles->str,
                              t->kinds[kind]);
      g_string_append (out, "\n");
      if (kind == SK_IDENTITY_PHONE)
        g_ptr_array_add (requests, g_strdup_printf (t->request_unbind, display));
    }
  if (sms_lost)
    g_string_append_printf (out, "%s\n", t->consequence_sms);
  if (device_lost)
    g_string_append_printf (out, "%s\n", t->consequence_device);
  if (!sms_lost && !device_lost)
    g_string_append_printf (out, "%s\n", t->consequence_other);

  /* 2. Steps already taken, with their dates. */
  heading (out, markdown, t->parts[1]);
  n = 0;
  for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
    if (item->done[s] != 0 && s != SK_RECOVERY_STEP_SUSPEND_NUMBER)
      {
        g_autofree char *when = format_time (lang, item->done[s]);
        g_autofree char *line = g_strdup_printf ("%s%s%s%s", t->steps[s], t->note_open, when, t->note_close);

        list_item (out, ++n, line);
      }
  for (guint i = 0; item->lost_identities[i] != NULL; i++)
    {
      gint64 done = sk_recovery_get_step (vault, recovery->uuid, item->lost_identities[i],
                                          SK_RECOVERY_STEP_SUSPEND_NUMBER);
      SkIdentity *identity;
      g_autofree char *display = NULL;
      g_autofree char *when = NULL;
      g_autofree char *step = NULL;
      g_autofree char *line = NULL;

      if (done == 0)
        continue;
      identity = sk_inventory_lookup_identity (vault, item->lost_identities[i]);
      display = sk_identity_dup_display (identity, FALSE);
      when = format_time (lang, done);
      step = g_strdup_printf (t->steps[SK_RECOVERY_STEP_SUSPEND_NUMBER], display);
      line = g_strdup_printf ("%s%s%s%s", step, t->note_open, when, t->note_close);
      list_item (out, ++n, line);
    }
  appeals = sk_appeal_list (vault, recovery->uuid, account_uuid);
  for (guint i = 0; i < appeals->len; i++)
    {
      SkAppeal *appeal = appeals->pdata[i];
      g_autofree char *when = format_time (lang, appeal->sent);
      g_autofree char *line = g_strdup_printf (t->appeal_sent, when, t->channels[appeal->channel]);

      list_item (out, ++n, line);
    }
  if (n == 0)
    g_string_append_printf (out, "%s\n", t->nothing_done);

  /* 3. Evidence the user has, with where it is. */
  heading (out, markdown, t->parts[2]);
  n = 0;
  for (guint e = 0; e < SK_RECOVERY_N_EVIDENCE; e++)
    {
      g_autofree char *note = NULL;
      g_autofree char *line = NULL;

      if (!sk_recovery_get_evidence (vault, recovery->uuid, account_uuid, e, &note))
        continue;
      if (n == 0)
        g_string_append_printf (out, "%s\n\n", t->evidence_intro);
      if (note != NULL)
        line = g_strdup_printf ("%s%s%s%s", t->evidence[e], t->note_open, note, t->note_close);
      else
        line = g_strdup (t->evidence[e]);
      list_item (out, ++n, line);
    }
  if (n == 0)
    g_string_append_printf (out, "%s\n", t->evidence_none);
  else
    g_string_append_printf (out, "\n%s\n", t->evidence_more);

  /* 4. The request. */
  heading (out, markdown, t->parts[3]);
  if (device_lost || (sms_lost && !item->copy_here))
    g_ptr_array_add (requests, g_strdup (t->request_reset_2fa));
  if (item->money)
    g_ptr_array_add (requests, g_strdup (t->request_freeze));
  g_ptr_array_add (requests, g_strdup (t->request_access));
  g_string_append_printf (out, "%s\n\n", t->request_intro);
  for (guint i = 0; i < requests->len; i++)
    list_item (out, i + 1, requests->pdata[i]);
  email = contact_email (vault, account_uuid);
  if (email != NULL)
    {
      g_string_append (out, "\n");
      g_string_append_printf (out, t->contact, email);
      g_string_append (out, "\n");
    }

  g_string_append_printf (out, "\n%s\n\n", t->closing);
  g_string_append_printf (out, t->signature, account_login (account));
  g_string_append (out, markdown ? "  \n" : "\n");
  g_string_append_printf (out, t->date_line, today);
  g_string_append (out, "\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
sk_appeal_letter (SkVault              *vault,
                  const SkRecoveryCase *recovery,
                  const char           *account_uuid,
                  const char           *lang,
                  gboolean              markdown,
                  GError              **error)
{
  const char *normal;
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (recovery != NULL, NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  normal = sk_appeal_normalize_lang (lang);
  if (normal != NULL)
    {
      record = sk_recovery_lookup_fact (vault, recovery->uuid, "letter", account_uuid, normal);
      if (record != NULL && sk_records_get_string (record, "text") != NULL)
        return g_strdup (sk_records_get_string (record, "text"));
    }
  return sk_appeal_letter_generate (vault, recovery, account_uuid, lang, markdown, error);
}

gboolean
sk_appeal_letter_set_text (SkVault     *vault,
                           const char  *case_uuid,
                           const char  *account_uuid,
                           const char  *lang,
                           const char  *text,
                           gint64       now,
                           GError     **error)
{
  const char *normal;
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (case_uuid != NULL && account_uuid != NULL, FALSE);

  normal = sk_appeal_normalize_lang (lang);
  if (normal == NULL)
    {
      Lang dummy;

      return parse_lang (lang, &dummy, error);
    }
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                           _("the letter is not valid UTF-8 text"));
      return FALSE;
    }
  old = sk_recovery_lookup_fact (vault, case_uuid, "letter", account_uuid, normal);
  if (old == NULL && text == NULL)
    return TRUE;
  record = old != NULL ? sk_records_dup (old) : json_object_new ();
  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_string_member (record, "lang", normal);
  sk_records_set_string (record, "text", text);
  sk_recovery_put_fact (vault, case_uuid, "letter", account_uuid, normal, record, now);
  return TRUE;
}

/* Appeals ------------------------------------------------------------------ */

void
sk_appeal_free (SkAppeal *appeal)
{
  if (appeal == NULL)
    return;
  g_free (appeal->uuid);
  g_free (appeal->account_uuid);
  g_free (appeal);
}

static SkAppeal *
appeal_from_record (JsonObject *record)
{
  SkAppeal *appeal = g_new0 (SkAppeal, 1);
  SkAppealChannel channel = SK_APPEAL_CHANNEL_CHAT;

  appeal->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  appeal->account_uuid = g_strdup (sk_records_get_string (record, "account"));
  sk_appeal_channel_from_string (sk_records_get_string (record, "channel"), &channel);
  appeal->channel = channel;
  appeal->sent = sk_records_get_int (record, "sent", 0);
  appeal->answered = sk_records_get_int (record, "answered", 0);
  return appeal;
}

SkAppeal *
sk_appeal_record_sent (SkVault         *vault,
                       const char      *case_uuid,
                       const char      *account_uuid,
                       SkAppealChannel  channel,
                       gint64           sent,
                       gint64           now,
                       GError         **error)
{
  g_autofree char *uuid = NULL;
  JsonObject *record;
  JsonObject *recovery;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  if ((guint) channel >= SK_APPEAL_N_CHANNELS)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                   _("unknown appeal channel %d"), (int) channel);
      return NULL;
    }
  recovery = case_uuid != NULL ? sk_records_lookup (vault, SK_SECTION_RECOVERY, case_uuid) : NULL;
  if (recovery == NULL)
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NO_CASE,
                           _("no recovery is under way (start one with “recover start --lost …”)"));
      return NULL;
    }
  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return NULL;
    }

  /* Each sending is an event of its own: a random UUID. */
  uuid = sk_uuid_new ();
  record = json_object_new ();
  json_object_set_string_member (record, "type", "appeal");
  json_object_set_string_member (record, "case", case_uuid);
  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_string_member (record, "channel", sk_appeal_channel_to_string (channel));
  json_object_set_int_member (record, "sent", sent);
  json_object_set_int_member (record, "answered", 0);
  sk_records_put (vault, SK_SECTION_RECOVERY, uuid, record, now);
  return appeal_from_record (sk_records_lookup (vault, SK_SECTION_RECOVERY, uuid));
}

static int
compare_appeals (gconstpointer a,
                 gconstpointer b)
{
  const SkAppeal *x = *(SkAppeal **) a;
  const SkAppeal *y = *(SkAppeal **) b;

  if (x->sent != y->sent)
    return x->sent < y->sent ? -1 : 1;
  return strcmp (x->uuid, y->uuid);
}

GPtrArray *
sk_appeal_list (SkVault    *vault,
                const char *case_uuid,
                const char *account_uuid)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *appeals;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  appeals = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_appeal_free);
  if (case_uuid == NULL)
    return appeals;
  records = sk_records_list (vault, SK_SECTION_RECOVERY, "case", case_uuid);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];

      if (g_strcmp0 (sk_records_get_string (record, "type"), "appeal") != 0)
        continue;
      if (account_uuid != NULL &&
          g_strcmp0 (sk_records_get_string (record, "account"), account_uuid) != 0)
        continue;
      g_ptr_array_add (appeals, appeal_from_record (record));
    }
  g_ptr_array_sort (appeals, compare_appeals);
  return appeals;
}

guint
sk_appeal_mark_answered (SkVault    *vault,
                         const char *case_uuid,
                         const char *account_uuid,
                         gint64      when,
                         gint64      now)
{
  g_autoptr(GPtrArray) appeals = NULL;
  guint n = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL, 0);

  appeals = sk_appeal_list (vault, case_uuid, account_uuid);
  for (guint i = 0; i < appeals->len; i++)
    {
      SkAppeal *appeal = appeals->pdata[i];
      JsonObject *record;

      if (appeal->answered != 0)
        continue;
      record = sk_records_dup (sk_records_lookup (vault, SK_SECTION_RECOVERY, appeal->uuid));
      json_object_set_int_member (record, "answered", when);
      sk_records_put (vault, SK_SECTION_RECOVERY, appeal->uuid, record, now);
      n++;
    }
  return n;
}

gboolean
sk_appeal_get_escalation (SkVault              *vault,
                          const SkRecoveryCase *recovery,
                          const char           *account_uuid,
                          GDateTime           **due,
                          SkAppealChannel      *next)
{
  g_autoptr(GPtrArray) appeals = NULL;
  SkAppeal *last;
  guint furthest = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (recovery != NULL, FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  if (due != NULL)
    *due = NULL;
  appeals = sk_appeal_list (vault, recovery->uuid, account_uuid);
  if (appeals->len == 0)
    return FALSE;
  last = appeals->pdata[appeals->len - 1];
  if (last->answered != 0)
    return FALSE;
  for (guint i = 0; i < appeals->len; i++)
    furthest = MAX (furthest, (guint) ((SkAppeal *) appeals->pdata[i])->channel);

  if (due != NULL)
    {
      g_autoptr(GDateTime) sent = g_date_time_new_from_unix_utc (last->sent / G_USEC_PER_SEC);

      *due = sent != NULL ? g_date_time_add_hours (sent, recovery->escalate_hours) : NULL;
    }
  if (next != NULL)
    *next = MIN (furthest + 1, SK_APPEAL_CHANNEL_REGULATOR);
  return TRUE;
}

GDateTime *
sk_recovery_next_escalation (SkVault *vault)
{
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) appeals = NULL;
  g_autoptr(GHashTable) accounts = NULL;
  GDateTime *earliest = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  recovery = sk_recovery_get_case (vault);
  if (recovery == NULL)
    return NULL;
  accounts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  appeals = sk_appeal_list (vault, recovery->uuid, NULL);
  for (guint i = 0; i < appeals->len; i++)
    g_hash_table_add (accounts, g_strdup (((SkAppeal *) appeals->pdata[i])->account_uuid));

  g_hash_table_iter_init (&iter, accounts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GDateTime *due = NULL;

      if (sk_vault_lookup_account (vault, key) == NULL ||
          !sk_appeal_get_escalation (vault, recovery, key, &due, NULL) || due == NULL)
        continue;
      if (earliest == NULL || g_date_time_compare (due, earliest) < 0)
        {
          g_clear_pointer (&earliest, g_date_time_unref);
          earliest = due;
        }
      else
        g_date_time_unref (due);
    }
  return earliest;
}
