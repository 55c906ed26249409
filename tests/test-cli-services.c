/* test-cli-services.c: sparekey-cli services, through the real binary
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sk-cli-test-util.h"
#include "sk-test-util.h"

#define PASSWORD "correct horse battery"
#define SOURCE "https://bank.example.com/contact"

/* The ids of a `--json services` array, in order. */
static GPtrArray *
ids_of (const char *out)
{
  g_autoptr(JsonNode) root = sk_cli_test_parse_json (out);
  JsonArray *array;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (array, i), "id")));
  return ids;
}

/* Listing and searching need no vault (nor its password). */
static void
test_search (SkCliTestFixture *f,
             gconstpointer     data)
{
  static const struct {
    const char *query;
    const char *id;
  } cases[] = {
    { "weixin", "wechat" }, { "wechat", "wechat" }, { "微信", "wechat" },
    { "zhifubao", "alipay" }, { "ZHIFUBAO", "alipay" }, { "gonghang", "icbc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SkCliTestResult) r = RUN (f, "--json", "services", "--builtin", cases[i].query);
      g_autoptr(GPtrArray) ids = NULL;

      sk_cli_test_assert_exit (r, 0);
      ids = ids_of (r->out);
      g_assert_cmpuint (ids->len, >=, 1);
      g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, cases[i].id);
    }

  {
    g_autoptr(SkCliTestResult) r = RUN (f, "services", "--builtin", "weixin");

    sk_cli_test_assert_exit (r, 0);
    g_assert_true (g_str_has_prefix (r->out, "ID "));
    g_assert_nonnull (strstr (r->out, "wechat"));
    g_assert_nonnull (strstr (r->out, "WeChat"));
  }
  {
    g_autoptr(SkCliTestResult) r = RUN (f, "--json", "services", "--builtin");
    g_autoptr(GPtrArray) ids = NULL;

    sk_cli_test_assert_exit (r, 0);
    ids = ids_of (r->out);
    g_assert_cmpuint (ids->len, >=, 40);
  }
  {
    g_autoptr(SkCliTestResult) r = RUN (f, "services", "--builtin", "no such service at all");

    sk_cli_test_assert_exit (r, 4);
    g_assert_nonnull (strstr (r->err, "no service matches"));
  }
}

/* show: names, categories, the money flag, channels with their sources. */
static void
test_show (SkCliTestFixture *f,
           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) text = RUN (f, "services", "show", "github", "--builtin");
  g_autoptr(SkCliTestResult) json = RUN (f, "--json", "services", "show", "alipay", "--builtin");
  g_autoptr(SkCliTestResult) missing = RUN (f, "services", "show", "nope", "--builtin");
  g_autoptr(SkCliTestResult) wechat = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *localedir = g_strconcat ("SPAREKEY_LOCALEDIR=", g_getenv ("SPAREKEY_TEST_LOCALEDIR"), NULL);
  const char *zh[] = { "LANGUAGE=zh_CN", localedir, NULL };

  sk_cli_test_assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, "GitHub (github)"));
  g_assert_nonnull (strstr (text->out, "Recover access: https://docs.github.com/"));
  g_assert_nonnull (strstr (text->out, "[source: https://docs.github.com/"));
  g_assert_nonnull (strstr (text->out, "Recovery codes"));

  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "id"), ==, "alipay");
  g_assert_true (json_object_get_boolean_member (json_node_get_object (root), "money"));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "origin"), ==, "builtin");

  sk_cli_test_assert_exit (missing, 4);

  /* In Chinese: the Chinese name, steps and labels. */
  wechat = sk_cli_test_run_env (f->vault, zh, (const char *[]) { "services", "show", "wechat", "--builtin", NULL });
  sk_cli_test_assert_exit (wechat, 0);
  g_assert_true (g_str_has_prefix (wechat->out, "微信 (wechat)"));
  g_assert_nonnull (strstr (wechat->out, "微信安全中心 › 冻结帐号"));
  g_assert_nonnull (strstr (wechat->out, "钱包"));
}

/* add, edit (own entry and correction of a built-in one), rm. */
static void
test_manage (SkCliTestFixture *f,
             gconstpointer     data)
{
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "services", "add", "my-bank",
                                           "--name-zh", "我的银行", "--name-en", "My Bank",
                                           "--alias", "wodeyinhang", "--category", "bank",
                                           "--hotline", "+86 400 000 0000", "--source", SOURCE);

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "my-bank"));
  }
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "--json", "services", "wodeyinhang");
    g_autoptr(GPtrArray) ids = NULL;

    sk_cli_test_assert_exit (r, 0);
    ids = ids_of (r->out);
    g_assert_cmpuint (ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "my-bank");
  }
  /* Without the vault, only the built-in directory. */
  {
    g_autoptr(SkCliTestResult) r = RUN (f, "--json", "services", "--builtin", "wodeyinhang");
    g_autoptr(GPtrArray) ids = NULL;

    sk_cli_test_assert_exit (r, 0);
    ids = ids_of (r->out);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  /* Bad input changes nothing. */
  {
    g_autoptr(SkCliTestResult) no_source = RUN_PW (f, "services", "add", "other", "--name-en", "Other",
                                                   "--category", "bank", "--hotline", "95588");
    g_autoptr(SkCliTestResult) http = RUN_PW (f, "services", "add", "other", "--name-en", "Other",
                                              "--category", "bank", "--appeal", "https://o.example.com/",
                                              "--source", "http://o.example.com/");
    g_autoptr(SkCliTestResult) category = RUN_PW (f, "services", "add", "other", "--name-en", "Other",
                                                  "--category", "casino");
    g_autoptr(SkCliTestResult) twice = RUN_PW (f, "services", "add", "wechat", "--name-en", "Fake",
                                               "--category", "bank");
    g_autoptr(SkCliTestResult) builtin_rm = RUN_PW (f, "services", "rm", "alipay");
    g_autoptr(SkCliTestResult) list = RUN_PW (f, "--json", "services", "other");
    g_autoptr(GPtrArray) ids = NULL;

    sk_cli_test_assert_exit (no_source, 5);
    g_assert_nonnull (strstr (no_source->err, "--source"));
    sk_cli_test_assert_exit (http, 5);
    g_assert_nonnull (strstr (http->err, "https"));
    sk_cli_test_assert_exit (category, 5);
    sk_cli_test_assert_exit (twice, 8);
    sk_cli_test_assert_exit (builtin_rm, 5);
    sk_cli_test_assert_exit (list, 0);
    ids = ids_of (list->out);
    g_assert_cmpuint (ids->len, ==, 0);
  }

  /* A correction of a built-in entry: the user's hotline, the rest kept. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "services", "edit", "wechat",
                                           "--hotline", "12345", "--source", "https://help.example.com/wechat");
    g_autoptr(SkCliTestResult) show = RUN_PW (f, "--json", "services", "show", "wechat");
    g_autoptr(JsonNode) root = NULL;
    JsonArray *channels;
    gboolean hotline = FALSE, freeze = FALSE;

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "correction"));
    sk_cli_test_assert_exit (show, 0);
    root = sk_cli_test_parse_json (show->out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "origin"), ==, "override");
    channels = json_object_get_array_member (json_node_get_object (root), "channels");
    for (guint i = 0; i < json_array_get_length (channels); i++)
      {
        JsonObject *c = json_array_get_object_element (channels, i);

        if (g_str_equal (json_object_get_string_member (c, "kind"), "hotline"))
          {
            hotline = TRUE;
            g_assert_cmpstr (json_object_get_string_member (c, "phone"), ==, "12345");
            g_assert_cmpstr (json_object_get_string_member (c, "source"), ==, "https://help.example.com/wechat");
          }
        freeze |= g_str_equal (json_object_get_string_member (c, "kind"), "freeze");
      }
    g_assert_true (hotline);
    g_assert_true (freeze);
  }
  /* Removing the correction brings the built-in entry back. */
  {
    g_autoptr(SkCliTestResult) rm = RUN_PW (f, "services", "rm", "wechat");
    g_autoptr(SkCliTestResult) show = RUN_PW (f, "--json", "services", "show", "wechat");
    g_autoptr(JsonNode) root = NULL;

    sk_cli_test_assert_exit (rm, 0);
    g_assert_nonnull (strstr (rm->out, "built-in entry applies again"));
    root = sk_cli_test_parse_json (show->out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "origin"), ==, "builtin");
  }
  /* Editing and removing the user's own entry. */
  {
    g_autoptr(SkCliTestResult) edit = RUN_PW (f, "services", "edit", "my-bank", "--remove-channel", "hotline",
                                              "--category", "bank", "--category", "payment");
    g_autoptr(SkCliTestResult) show = RUN_PW (f, "--json", "services", "show", "my-bank");
    g_autoptr(SkCliTestResult) rm = RUN_PW (f, "services", "rm", "my-bank");
    g_autoptr(SkCliTestResult) gone = RUN_PW (f, "services", "show", "my-bank");
    g_autoptr(JsonNode) root = NULL;

    sk_cli_test_assert_exit (edit, 0);
    sk_cli_test_assert_exit (show, 0);
    root = sk_cli_test_parse_json (show->out);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "channels")), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "categories")), ==, 2);
    sk_cli_test_assert_exit (rm, 0);
    sk_cli_test_assert_exit (gone, 4);
  }
}

/* Two machines add entries to copies of the same vault; the sync tool's
 * conflict copy is merged by the next command, keeping both. */
static void
test_sync_conflict (SkCliTestFixture *f,
                    gconstpointer     data)
{
  g_autofree char *laptop = sk_cli_test_copy_vault_away (f);
  g_autofree char *copy = NULL;

  {
    g_autoptr(SkCliTestResult) r =
      sk_cli_test_run_full (laptop, NULL, NULL, (const char *[]) {
        "--password-file", f->pwfile, "services", "add", "laptop-bank", "--name-en", "Laptop Bank",
        "--category", "bank", "--appeal", "https://laptop.example.com/appeal", "--source", SOURCE, NULL });

    sk_cli_test_assert_exit (r, 0);
  }
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "services", "add", "desk-bank", "--name-en", "Desk Bank",
                                           "--category", "bank");

    sk_cli_test_assert_exit (r, 0);
  }
  copy = sk_cli_test_leave_conflict_copy (f, laptop);
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "--json", "services", "bank");
    g_autoptr(GPtrArray) ids = NULL;
    gboolean laptop_seen = FALSE, desk_seen = FALSE;

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->err, "merged 1 copy"));
    ids = ids_of (r->out);
    for (guint i = 0; i < ids->len; i++)
      {
        laptop_seen |= g_str_equal (g_ptr_array_index (ids, i), "laptop-bank");
        desk_seen |= g_str_equal (g_ptr_array_index (ids, i), "desk-bank");
      }
    g_assert_true (laptop_seen);
    g_assert_true (desk_seen);
  }
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
}

/* The service and category of a `--json show` of @account. */
static void
assert_filled (SkCliTestFixture *f,
               const char       *account,
               const char       *issuer,
               const char       *service,
               const char       *category)
{
  g_autoptr(SkCliTestResult) r = RUN_PW (f, "--json", "show", account);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o;

  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "issuer"), ==, issuer);
  g_assert_cmpstr (json_object_get_string_member_with_default (o, "service", NULL), ==, service);
  g_assert_cmpstr (json_object_get_string_member_with_default (o, "category", NULL), ==, category);
}

/* Adding pre-fills from the directory: the entry and its category (a
 * money one where the service holds money), never over the user's own
 * values; an unknown issuer is left alone. */
static void
test_prefill (SkCliTestFixture *f,
              gconstpointer     data)
{
  g_autoptr(SkCliTestResult) a = RUN_PW (f, "add", "--no-code", "--issuer", "weixin", "--name", "zhang");
  g_autoptr(SkCliTestResult) b = RUN_PW (f, "add", "otpauth://totp/GitHub:octo?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");
  g_autoptr(SkCliTestResult) c = RUN_PW (f, "add", "--no-code", "--issuer", "支付宝", "--category", "shopping");
  g_autoptr(SkCliTestResult) d = RUN_PW (f, "add", "--no-code", "--issuer", "Corner Shop");

  sk_cli_test_assert_exit (a, 0);
  sk_cli_test_assert_exit (b, 0);
  sk_cli_test_assert_exit (c, 0);
  sk_cli_test_assert_exit (d, 0);
  assert_filled (f, "weixin", "weixin", "wechat", "wallet");
  assert_filled (f, "GitHub", "GitHub", "github", "work");
  assert_filled (f, "支付宝", "支付宝", "alipay", "shopping");
  assert_filled (f, "Corner Shop", "Corner Shop", NULL, NULL);
}

int
main (int    argc,
      char **argv)
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

  SK_CLI_TEST_ADD ("/cli-services/search", test_search, NULL);
  SK_CLI_TEST_ADD ("/cli-services/show", test_show, NULL);
  SK_CLI_TEST_ADD ("/cli-services/manage", test_manage, NULL);
  SK_CLI_TEST_ADD ("/cli-services/sync-conflict", test_sync_conflict, NULL);
  SK_CLI_TEST_ADD ("/cli-services/prefill", test_prefill, NULL);
  return g_test_run ();
}
