/* sk-test-scenario.h: the lost-phone vault of the seeds, as CLI commands
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One sparekey-cli command (after the vault and password options), with
 * what it reads on standard input (NULL for nothing). */
typedef struct {
  const char *input;
  const char *argv[16];
} SkTestCommand;

/*
 * The accounts people in ../shared/seeds lost: SMS-only QQ, WeChat
 * (wallet and bank card), Alipay (also on a second phone that still
 * works), a trading platform whose withdrawal account is the Alipay
 * account with a 30-day cooldown and which signs in through Alipay,
 * Google whose recovery email is a QQ mailbox, a forum that signs in
 * through WeChat, GitHub with codes and recovery codes, Steam. The lost
 * number is 13800138000. Ends with an entry whose argv[0] is NULL.
 * Both the CLI tests and the app's tests build it, so that they judge
 * the same vault.
 */
extern const SkTestCommand sk_test_lost_phone_commands[];

G_END_DECLS
