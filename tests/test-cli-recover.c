/* test-cli-recover.c: the lost-phone recovery and the emergency kit
 * through the real sparekey-cli
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sk-cli-test-util.h"
#include "sk-test-scenario.h"
#include "sk-test-util.h"

#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define PASSWORD "correct horse battery"

static void
ok (SkCliTestFixture   *f,
    const char * const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(SkCliTestResult) r = NULL;

  g_ptr_array_add (args, (char *) "--password-file");
  g_ptr_array_add (args, f->pwfile);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  r = sk_cli_test_run_full (f->vault, NULL, NULL, (const char * const *) args->pdata);
  sk_cli_test_assert_exit (r, 0);
}

#define OK(f, ...) ok ((f), (const char *[]) { __VA_ARGS__, NULL })

/* A wallet with SMS to the phone and a payout card, a forum with only SMS
 * (the copy here marked stale), a code host whose authenticator was on
 * the phone (copy here), and a new number. */
static void
populate (SkCliTestFixture *f)
{
  OK (f, "add", "otpauth://totp/KaMeng:trader88?secret=JBSWY3DPEHPK3PXP&issuer=KaMeng");
  OK (f, "add", "otpauth://totp/Forum:me?secret=JBSWY3DPEHPK3PXQ&issuer=Forum");
  OK (f, "add", "otpauth://totp/GitHub:octo?secret=" RFC_SECRET "&issuer=GitHub");
  OK (f, "identity", "add", "phone", "13800138000", "--carrier", "China Mobile", "--country-code", "+86");
  OK (f, "identity", "add", "device", "Redmi");
  OK (f, "identity", "add", "payout", "6222020200112233445");
  OK (f, "identity", "add", "email", "trader88@example.com");
  OK (f, "identity", "add", "phone", "13900139000");
  OK (f, "identity", "add", "device", "Pixel");
  OK (f, "bind", "KaMeng", "13800138000", "--role", "security-phone");
  OK (f, "bind", "KaMeng", "6222020200112233445", "--role", "payout-account");
  OK (f, "bind", "KaMeng", "trader88@example.com", "--role", "recovery-email");
  OK (f, "bind", "Forum", "13800138000", "--role", "security-phone");
  OK (f, "bind", "GitHub", "Redmi", "--role", "authenticator-device");
}

static JsonArray *
plan_accounts (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "accounts");
}

static JsonObject *
plan_account (JsonNode   *root,
              const char *name)
{
  JsonArray *accounts = plan_accounts (root);

  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);

      if (g_str_has_prefix (json_object_get_string_member (account, "name"), name))
        return account;
    }
  g_error ("%s is not in the plan", name);
  return NULL;
}

static void
test_workflow (SkCliTestFixture *f,
               gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(JsonNode) plan = NULL;
  g_autofree char *reminders = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *edited = NULL;
  JsonArray *accounts;
  JsonObject *wallet;

  populate (f);

  /* No recovery yet. */
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 4);
  g_assert_nonnull (strstr (r->err, "recover start"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "recover", "start", "--lost", "13800138000,Redmi", "--date", "2026-03-07");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "3 accounts are affected"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  OK (f, "recover", "copy", "Forum", "--stale");

  r = RUN_PW (f, "--json", "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  plan = sk_cli_test_parse_json (r->out);
  accounts = plan_accounts (plan);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0), "risk"), ==, "money");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 1), "risk"), ==, "locked-out");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (accounts, 1), "name"), "Forum"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 2), "risk"), ==, "covered");
  wallet = plan_account (plan, "KaMeng");
  {
    JsonArray *ways = json_object_get_array_member (wallet, "ways");

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ways, 0), "kind"), ==, "vault-codes");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ways, 1), "kind"), ==, "recovery-email");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ways, 2), "kind"), ==, "support-appeal");
  }
  g_clear_pointer (&plan, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Steps: ticked in one run, seen in the next. */
  OK (f, "recover", "step", "KaMeng", "freeze");
  OK (f, "recover", "step", "KaMeng", "move-balance");
  OK (f, "recover", "step", "KaMeng", "move-balance", "--undo");
  OK (f, "recover", "step", "13800138000", "suspend-number");
  r = RUN_PW (f, "recover", "step", "KaMeng", "suspend-number");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "step", "KaMeng", "dance");
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "dance"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  OK (f, "recover", "evidence", "KaMeng", "purchases", "--note", "orders.pdf in Documents");
  OK (f, "recover", "evidence", "KaMeng", "id-documents");
  r = RUN_PW (f, "recover", "evidence", "KaMeng");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "[x] purchases"));
  g_assert_nonnull (strstr (r->out, "orders.pdf in Documents"));
  g_assert_nonnull (strstr (r->out, "[ ] id-photo"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "[x] +86 13800138000"));
  g_assert_nonnull (strstr (r->out, "[x] freeze"));
  g_assert_nonnull (strstr (r->out, "[ ] move-balance"));
  g_assert_nonnull (strstr (r->out, "Evidence ready: 2 of 8"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "plan", "--markdown");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "## 1. KaMeng"));
  g_assert_nonnull (strstr (r->out, "- [x] freeze"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* The letter, in both languages, from what was recorded. */
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--lang", "zh_CN");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "一、问题背景"));
  g_assert_nonnull (strstr (r->out, "2026年3月7日"));
  g_assert_nonnull (strstr (r->out, "二、已采取的措施"));
  g_assert_nonnull (strstr (r->out, "紧急冻结通道"));
  g_assert_nonnull (strstr (r->out, "三、证据清单"));
  g_assert_nonnull (strstr (r->out, "orders.pdf in Documents"));
  g_assert_nonnull (strstr (r->out, "四、申诉请求"));
  g_assert_nonnull (strstr (r->out, "13800138000"));
  g_assert_null (strstr (r->out, "6222020200112233445"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Traditional Chinese with Taiwan's terms, not a character-by-character
   * conversion: 帳號 and 簡訊, never 账号 or 賬號. */
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--lang", "zh_TW");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "關於帳號「KaMeng"));
  g_assert_nonnull (strstr (r->out, "一、問題背景"));
  g_assert_nonnull (strstr (r->out, "2026年3月7日"));
  g_assert_nonnull (strstr (r->out, "緊急凍結通道"));
  g_assert_nonnull (strstr (r->out, "四、申訴請求"));
  g_assert_null (strstr (r->out, "账号"));
  g_assert_null (strstr (r->out, "賬號"));
  g_assert_null (strstr (r->out, "问题"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--lang", "zh_XX");
  sk_cli_test_assert_exit (r, 5);
  g_assert_nonnull (strstr (r->err, "zh_TW"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--lang", "en", "--markdown");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "## 1. Background"));
  g_assert_nonnull (strstr (r->out, "7 March 2026"));
  g_assert_nonnull (strstr (r->out, "## 4. Request"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Edited before sending: kept and returned as edited. */
  edited = g_build_filename (f->dir, "letter.txt", NULL);
  g_assert_true (g_file_set_contents (edited, "Dear KaMeng, my own words.\n", -1, NULL));
  OK (f, "recover", "letter", "KaMeng", "--from", edited);
  r = RUN_PW (f, "recover", "letter", "KaMeng");
  sk_cli_test_assert_exit (r, 0);
  g_assert_cmpstr (r->out, ==, "Dear KaMeng, my own words.\n");
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Sent long ago without an answer: escalation is due, in the plan and
   * in the reminder file (a date only). */
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--sent", "--channel", "chat", "--at", "2026-03-08T10:00");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "2026-03-11 10:00"));
  g_assert_nonnull (strstr (r->out, "ticket"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "letter", "KaMeng", "--sent");
  sk_cli_test_assert_exit (r, 2);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "escalate now through the support ticket"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  reminders = g_strconcat (f->vault, ".reminders", NULL);
  g_assert_true (g_file_get_contents (reminders, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "NextEscalation="));
  g_assert_null (strstr (contents, "KaMeng"));

  /* Closing out: re-bound to the new number and device, old ones retired. */
  r = RUN_PW (f, "recover", "close", "--new", "13900139000,Pixel");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "3 bindings moved"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "identity", "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "cancelled"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* The affected accounts are due for an audit within a week, the
   * others (none here) keep their 90 days. */
  r = RUN_PW (f, "audit", "due", "--accounts", "--within", "8");
  g_assert_nonnull (strstr (r->out, "KaMeng"));
  g_assert_nonnull (strstr (r->out, "Forum"));
  g_assert_nonnull (strstr (r->out, "GitHub"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "audit", "due", "--accounts", "--within", "3");
  g_assert_null (strstr (r->out, "KaMeng"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Undone: the old number is active again with its bindings, the new
   * one has none, the recovery is under way again and no audit is due. */
  r = RUN_PW (f, "recover", "close", "--undo", "--new", "13900139000");
  sk_cli_test_assert_exit (r, 2);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "close", "--undo");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Closing undone"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "identity", "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_null (strstr (r->out, "cancelled"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  plan = sk_cli_test_parse_json (r->out);
  g_assert_cmpuint (json_array_get_length (plan_accounts (plan)), ==, 3);
  g_clear_pointer (&plan, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "audit", "due", "--accounts", "--within", "8");
  g_assert_null (strstr (r->out, "KaMeng"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  /* Nothing left to undo while a recovery is under way. */
  r = RUN_PW (f, "recover", "close", "--undo");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Closed again, then the new number edited: the undo would overwrite
   * that edit, so it is refused and nothing changes. */
  r = RUN_PW (f, "recover", "close", "--new", "13900139000,Pixel");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "3 bindings moved"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  OK (f, "identity", "edit", "13800138000", "--note", "given back to the carrier");
  r = RUN_PW (f, "recover", "close", "--undo");
  g_assert_cmpint (r->status, !=, 0);
  g_assert_nonnull (strstr (r->err, "no longer be undone"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 4);
}

static void
test_kit (SkCliTestFixture *f,
          gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "kit.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  GStatBuf st;

  populate (f);
  /* Without --yes and without a terminal: refused, nothing written. */
  r = RUN_PW (f, "kit", pdf);
  g_assert_cmpint (r->status, !=, 0);
  g_assert_nonnull (strstr (r->err, "--yes"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "kit", pdf, "--yes");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  if (pdftotext == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) not installed");
      return;
    }
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, (char *) "-", NULL }, NULL, 0,
                               NULL, NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (text, "KaMeng"));
  g_assert_nonnull (strstr (text, "GitHub"));
  g_assert_nonnull (strstr (text, "Forum"));
  /* The kit points to the app's own menu item. */
  g_assert_nonnull (strstr (text, "I Lost My Phone…"));
  g_clear_pointer (&text, g_free);

  r = RUN_PW (f, "kit", "/nonexistent/dir/kit.pdf", "--yes");
  sk_cli_test_assert_exit (r, 7);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* In Chinese, the status of a lost number is Chinese too, and the
   * steps name the menu item as the app shows it. */
  OK (f, "recover", "start", "--lost", "13800138000");
  {
    g_autofree char *localedir = g_strconcat ("SPAREKEY_LOCALEDIR=", g_getenv ("SPAREKEY_TEST_LOCALEDIR"), NULL);
    const char *zh[] = { "LANGUAGE=zh_CN", localedir, NULL };

    r = sk_cli_test_run_env (f->vault, zh, (const char *[]) { "--password-file", f->pwfile, "kit", pdf, "--yes", NULL });
  }
  sk_cli_test_assert_exit (r, 0);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, (char *) "-", NULL }, NULL, 0,
                               NULL, NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (text, "（已丢失）"));
  g_assert_null (strstr (text, "(lost)"));
  g_assert_nonnull (strstr (text, "我的手机丢了…"));
  g_clear_pointer (&text, g_free);

  /* In Traditional Chinese, with Taiwan's terms. */
  {
    g_autofree char *localedir = g_strconcat ("SPAREKEY_LOCALEDIR=", g_getenv ("SPAREKEY_TEST_LOCALEDIR"), NULL);
    const char *tw[] = { "LANGUAGE=zh_TW", localedir, NULL };

    r = sk_cli_test_run_env (f->vault, tw, (const char *[]) { "--password-file", f->pwfile, "kit", pdf, "--yes", NULL });
  }
  sk_cli_test_assert_exit (r, 0);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdftotext, pdf, (char *) "-", NULL }, NULL, 0,
                               NULL, NULL, &text, NULL, NULL, NULL));
  g_assert_nonnull (strstr (text, "（已丟失）"));
  g_assert_nonnull (strstr (text, "帳號"));
  g_assert_nonnull (strstr (text, "我的手機丟了…"));
  g_assert_null (strstr (text, "账号"));
  g_assert_null (strstr (text, "賬號"));
  g_assert_null (strstr (text, "手机"));
}

/* The vault of sk-test-scenario.h. */
static void
populate_lost_phone (SkCliTestFixture *f)
{
  for (const SkTestCommand *c = sk_test_lost_phone_commands; c->argv[0] != NULL; c++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(SkCliTestResult) r = NULL;

      g_ptr_array_add (argv, (char *) "--password-file");
      g_ptr_array_add (argv, f->pwfile);
      for (guint i = 0; c->argv[i] != NULL; i++)
        g_ptr_array_add (argv, (char *) c->argv[i]);
      g_ptr_array_add (argv, NULL);
      r = sk_cli_test_run_full (f->vault, c->input, NULL, (const char * const *) argv->pdata);
      sk_cli_test_assert_exit (r, 0);
    }
}

static const char *
chain_text (JsonObject *object,
            GString    *out)
{
  JsonArray *chain = json_object_get_array_member (object, "chain");

  g_string_truncate (out, 0);
  for (guint i = 0; chain != NULL && i < json_array_get_length (chain); i++)
    {
      if (i > 0)
        g_string_append (out, " → ");
      g_string_append (out, json_array_get_string_element (chain, i));
    }
  return out->str;
}

static void
test_lost_phone (SkCliTestFixture *f,
                 gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(JsonNode) spof = NULL;
  g_autoptr(JsonNode) plan = NULL;
  g_autoptr(JsonNode) phone = NULL;
  g_autoptr(GString) words = g_string_new (NULL);
  const char *expected_spof[] = { "微信 (zhang)", "QQ (10001)", "Google (zhang@gmail.com)", "论坛 (zhang)" };
  JsonArray *entries;
  JsonArray *accounts;
  JsonObject *o;

  populate_lost_phone (f);

  /* The owning account must exist. */
  r = RUN_PW (f, "identity", "add", "email", "x@example.com", "--account", "no such account");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Weak spots before anything is lost: every account that one number
   * can lock out, chained ones included, money first. */
  r = RUN_PW (f, "--json", "inventory", "spof");
  sk_cli_test_assert_exit (r, 0);
  spof = sk_cli_test_parse_json (r->out);
  entries = json_node_get_array (spof);
  g_assert_cmpuint (json_array_get_length (entries), ==, G_N_ELEMENTS (expected_spof));
  for (guint i = 0; i < G_N_ELEMENTS (expected_spof); i++)
    {
      o = json_array_get_object_element (entries, i);
      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, expected_spof[i]);
      g_assert_cmpstr (json_object_get_string_member (o, "kind"), ==, "single-identity");
      /* The nearest single point; the forum's is the WeChat login, and
       * the phone behind it is one too. */
      g_assert_cmpstr (json_object_get_string_member (o, "identity_display"), ==,
                       i == 3 ? "微信 zhang" : "+86 13800138000");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "identities")), ==,
                        (guint) (i == 3 ? 2 : 1));
    }
  g_assert_cmpstr (chain_text (json_array_get_object_element (entries, 2), words), ==,
                   "Google (zhang@gmail.com) → recovery email zhang@qq.com → QQ (10001) → security phone +86 13800138000");
  g_assert_cmpstr (chain_text (json_array_get_object_element (entries, 3), words), ==,
                   "论坛 (zhang) → sign-in through 微信 zhang → 微信 (zhang) → security phone +86 13800138000");
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "inventory", "spof");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "recovery email zhang@qq.com → QQ (10001)"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* What depends on the number: six bound, four lost with it. */
  r = RUN_PW (f, "--json", "identity", "show", "13800138000");
  sk_cli_test_assert_exit (r, 0);
  phone = sk_cli_test_parse_json (r->out);
  o = json_node_get_object (phone);
  g_assert_cmpint (json_object_get_int_member (o, "n_accounts"), ==, 6);
  g_assert_cmpint (json_object_get_int_member (o, "only_way_back"), ==, 4);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "only_way_back_accounts")), ==, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* The phone is lost. */
  OK (f, "recover", "start", "--lost", "13800138000,Pixel", "--date", "2026-03-07");
  r = RUN_PW (f, "--json", "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  plan = sk_cli_test_parse_json (r->out);
  accounts = plan_accounts (plan);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 8);
  /* Money first: WeChat (nothing works), then the trading platform and
   * Alipay. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, i), "risk"), ==, "money");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 0), "name"), ==, "微信 (zhang)");
  for (guint i = 3; i < 8; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, i), "risk"), !=, "money");

  /* Each: a way that truly works, or plainly only an appeal; every way
   * says whether it works and how. */
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *account = json_array_get_object_element (accounts, i);
      JsonArray *ways = json_object_get_array_member (account, "ways");
      guint working = 0;

      for (guint j = 0; j < json_array_get_length (ways); j++)
        {
          JsonObject *way = json_array_get_object_element (ways, j);

          g_assert_true (json_object_has_member (way, "works"));
          g_assert_true (json_object_has_member (way, "chain"));
          if (json_object_get_boolean_member (way, "works"))
            working++;
        }
      g_assert_cmpint (json_object_get_int_member (account, "working_ways"), ==, working);
      g_assert_true (json_object_get_boolean_member (account, "only_appeal") == (working == 0));
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (ways, json_array_get_length (ways) - 1), "kind"),
                       ==, "support-appeal");
    }

  o = plan_account (plan, "交易猫");
  g_assert_false (json_object_get_boolean_member (o, "only_appeal"));
  g_assert_cmpstr (chain_text (json_array_get_object_element (json_object_get_array_member (o, "ways"), 0), words), ==,
                   "交易猫 (zhang) → sign-in through 支付宝 zhang → 支付宝 (zhang) → security phone +86 13900139000");
  o = plan_account (plan, "支付宝");
  g_assert_false (json_object_get_boolean_member (o, "only_appeal"));
  o = plan_account (plan, "Google");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "locked-out");
  g_assert_true (json_object_get_boolean_member (o, "only_appeal"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (json_object_get_array_member (o, "ways"), 0), "works"));
  g_assert_cmpstr (chain_text (json_array_get_object_element (json_object_get_array_member (o, "ways"), 0), words), ==,
                   "Google (zhang@gmail.com) → recovery email zhang@qq.com → QQ (10001) → security phone +86 13800138000 (lost)");
  o = plan_account (plan, "论坛");
  g_assert_true (json_object_get_boolean_member (o, "only_appeal"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "lost")), ==, 0);
  o = plan_account (plan, "QQ");
  g_assert_true (json_object_get_boolean_member (o, "only_appeal"));
  o = plan_account (plan, "GitHub");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "covered");
  o = plan_account (plan, "Steam");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "covered");
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* In words, for people. */
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Only an appeal is left"));
  g_assert_nonnull (strstr (r->out, "Google (zhang@gmail.com) → recovery email zhang@qq.com → QQ (10001) → security phone +86 13800138000 (lost)"));
  g_assert_nonnull (strstr (r->out, "(does not work)"));
}

/* The plan names the concrete channel of each step: the user's own
 * hotline for 微信, the directory's for 支付宝, and ranks 支付宝 as money
 * from its directory category alone (no tag, no category, no payout). */
static void
test_channels (SkCliTestFixture *f,
               gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(JsonNode) plan = NULL;
  JsonObject *o;
  JsonObject *channel;

  OK (f, "add", "--no-code", "--issuer", "微信", "--name", "zhang", "--protection", "sms");
  OK (f, "add", "--no-code", "--issuer", "支付宝", "--name", "zhang", "--protection", "sms");
  OK (f, "add", "--no-code", "--issuer", "论坛", "--name", "zhang", "--protection", "sms");
  OK (f, "identity", "add", "phone", "13800138000", "--country-code", "+86");
  OK (f, "bind", "微信", "13800138000", "--role", "sms");
  OK (f, "bind", "支付宝", "13800138000", "--role", "sms");
  OK (f, "bind", "论坛", "13800138000", "--role", "sms");
  OK (f, "inventory", "account", "微信", "--phone", "0755-86013860");
  OK (f, "recover", "start", "--lost", "13800138000", "--date", "2026-03-07");

  r = RUN_PW (f, "--json", "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  plan = sk_cli_test_parse_json (r->out);

  o = plan_account (plan, "支付宝");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "money");
  channel = json_object_get_object_member (o, "freeze_channel");
  g_assert_nonnull (channel);
  g_assert_false (json_object_get_boolean_member (channel, "own"));
  g_assert_cmpstr (json_object_get_string_member (channel, "kind"), ==, "hotline");
  g_assert_cmpstr (json_object_get_string_member (channel, "phone"), ==, "95188");
  g_assert_cmpstr (json_object_get_string_member (channel, "service"), ==, "alipay");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (channel, "source"), "https://"));
  g_assert_nonnull (json_object_get_object_member (o, "appeal_channel"));

  o = plan_account (plan, "微信");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "money");
  channel = json_object_get_object_member (o, "freeze_channel");
  g_assert_true (json_object_get_boolean_member (channel, "own"));
  g_assert_cmpstr (json_object_get_string_member (channel, "kind"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (channel, "phone"), ==, "0755-86013860");
  g_assert_true (json_object_get_null_member (channel, "source"));

  o = plan_account (plan, "论坛");
  g_assert_cmpstr (json_object_get_string_member (o, "risk"), ==, "locked-out");
  g_assert_true (json_object_get_null_member (o, "freeze_channel"));
  g_assert_true (json_object_get_null_member (o, "appeal_channel"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* In words: the number and where it comes from. */
  r = RUN_PW (f, "recover", "plan");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Freeze through: 0755-86013860 (your own contact)"));
  g_assert_nonnull (strstr (r->out, "Freeze through: 95188 (source: https://"));
}

int
main (int   argc,
      char *argv[])
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

  SK_CLI_TEST_ADD ("/sparekey/cli/recover/workflow", test_workflow, NULL);
  SK_CLI_TEST_ADD ("/sparekey/cli/recover/kit", test_kit, NULL);
  SK_CLI_TEST_ADD ("/sparekey/cli/recover/lost-phone", test_lost_phone, NULL);
  SK_CLI_TEST_ADD ("/sparekey/cli/recover/channels", test_channels, NULL);
  return g_test_run ();
}
