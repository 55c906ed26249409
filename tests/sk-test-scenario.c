/* sk-test-scenario.c: the lost-phone vault of the seeds, as CLI commands
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sk-test-scenario.h"

#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

const SkTestCommand sk_test_lost_phone_commands[] = {
  { NULL, { "add", "--no-code", "--issuer", "QQ", "--name", "10001", NULL } },
  { NULL, { "add", "--no-code", "--issuer", "微信", "--name", "zhang", "--protection", "sms", "--category", "social", NULL } },
  { NULL, { "add", "--no-code", "--issuer", "支付宝", "--name", "zhang", "--protection", "sms", "--category", "wallet", NULL } },
  { NULL, { "add", "--no-code", "--issuer", "交易猫", "--name", "zhang", "--protection", "sms", "--category", "trading", NULL } },
  { NULL, { "add", "--no-code", "--issuer", "Google", "--name", "zhang@gmail.com", NULL } },
  { NULL, { "add", "--no-code", "--issuer", "论坛", "--name", "zhang", NULL } },
  { NULL, { "add", "otpauth://totp/GitHub:zhang?secret=" RFC_SECRET "&issuer=GitHub", NULL } },
  { NULL, { "add", "otpauth://totp/Steam:zhang?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam", NULL } },
  { NULL, { "identity", "add", "phone", "13800138000", "--country-code", "+86", NULL } },
  { NULL, { "identity", "add", "phone", "13900139000", "--country-code", "+86", NULL } },
  { NULL, { "identity", "add", "email", "zhang@qq.com", "--account", "QQ", NULL } },
  { NULL, { "identity", "add", "third-party", "微信 zhang", "--provider", "wechat", "--account", "微信", NULL } },
  { NULL, { "identity", "add", "third-party", "支付宝 zhang", "--provider", "alipay", "--account", "支付宝", NULL } },
  { NULL, { "identity", "add", "payout", "6222021234567890", "--provider", "ICBC", NULL } },
  { NULL, { "identity", "add", "payout", "支付宝账户 zhang", "--provider", "alipay", "--account", "支付宝", NULL } },
  { NULL, { "identity", "add", "payout", "微信零钱", "--provider", "wechat", "--account", "微信", NULL } },
  { NULL, { "identity", "add", "device", "Pixel", NULL } },
  { NULL, { "bind", "QQ", "13800138000", "--role", "sms", NULL } },
  { NULL, { "bind", "微信", "13800138000", "--role", "sms", NULL } },
  { NULL, { "bind", "微信", "6222021234567890", "--role", "payout-account", NULL } },
  { NULL, { "bind", "微信", "微信零钱", "--role", "payout-account", NULL } },
  { NULL, { "bind", "支付宝", "13800138000", "--role", "sms", NULL } },
  { NULL, { "bind", "支付宝", "13900139000", "--role", "sms", NULL } },
  { NULL, { "bind", "支付宝", "6222021234567890", "--role", "payout-account", NULL } },
  { NULL, { "bind", "交易猫", "13800138000", "--role", "sms", NULL } },
  { NULL, { "bind", "交易猫", "支付宝账户 zhang", "--role", "payout-account", "--cooldown-until", "2026-04-06", "--note", "30 天冷静期", NULL } },
  { NULL, { "bind", "交易猫", "支付宝 zhang", "--role", "third-party-login", NULL } },
  { NULL, { "bind", "Google", "13800138000", "--role", "sms", NULL } },
  { NULL, { "bind", "Google", "zhang@qq.com", "--role", "recovery-email", NULL } },
  { NULL, { "bind", "论坛", "微信 zhang", "--role", "third-party-login", NULL } },
  { NULL, { "bind", "GitHub", "Pixel", "--role", "authenticator-device", NULL } },
  { NULL, { "bind", "Steam", "13800138000", "--role", "sms", NULL } },
  { "aaaa-bbbb\ncccc-dddd\n", { "codes", "add", "GitHub", "-", "--yes", NULL } },
  { NULL, { NULL } },
};
