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
}

int
main (int   argc,
      char *argv[])
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

  SK_CLI_TEST_ADD ("/sparekey/cli/recover/workflow", test_workflow, NULL);
  SK_CLI_TEST_ADD ("/sparekey/cli/recover/kit", test_kit, NULL);
  return g_test_run ();
}
