/* test-cli-inventory.c: recovery codes, inventory and audits through
 * the real sparekey-cli
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

/* RFC 6238 appendix B / RFC 4226 appendix D key "12345678901234567890". */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define PASSWORD "correct horse battery"

#define SHOP_URI "otpauth://totp/Shop:alice?secret=" RFC_SECRET "&issuer=Shop"
#define BANK_URI "otpauth://totp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank"

static JsonObject *
json_object_of (JsonNode *node)
{
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

/* An account without codes, protected by SMS: this vault's codes are no
 * way back for it, so the number it hangs on is what matters. */
static void
add_sms_only (SkCliTestFixture *f,
              const char       *issuer)
{
  g_autoptr(SkCliTestResult) r = RUN_PW (f, "add", "--no-code", "--issuer", issuer,
                                         "--name", "alice", "--protection", "sms");

  sk_cli_test_assert_exit (r, 0);
}

static void
test_codes (SkCliTestFixture *f,
            gconstpointer     data)
{
  g_autoptr(SkCliTestResult) dry = NULL;
  g_autoptr(SkCliTestResult) add = NULL;
  g_autoptr(SkCliTestResult) again = NULL;
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) use = NULL;
  g_autoptr(SkCliTestResult) replace = NULL;
  g_autoptr(SkCliTestResult) junk = NULL;
  g_autoptr(SkCliTestResult) no_yes = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *codes_file = g_build_filename (f->dir, "codes.txt", NULL);
  JsonArray *array;

  sk_cli_test_add_ok (f, SHOP_URI);
  sk_cli_test_write_file (codes_file, "Your backup codes\n1. 8723 1190    4. 1122 3344\n2. 5531 0042    5. 5566 7788\n3. 9911 2233\n");

  /* Dry run: how the block was read, nothing saved. */
  dry = RUN_PW (f, "--json", "codes", "add", "Shop", codes_file, "--dry-run");
  sk_cli_test_assert_exit (dry, 0);
  root = sk_cli_test_parse_json (dry->out);
  array = json_object_get_array_member (json_object_of (root), "codes");
  g_assert_cmpuint (json_array_get_length (array), ==, 5);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "87231190");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "11223344");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_of (root), "ignored_lines")), ==, 1);
  g_clear_pointer (&root, json_node_unref);

  /* Without a terminal, storing needs --yes. */
  no_yes = RUN_PW (f, "codes", "add", "Shop", codes_file);
  sk_cli_test_assert_exit (no_yes, 5);

  /* From standard input, with --yes. */
  add = sk_cli_test_run_full (f->vault, "a1b2c3d4\ne5f6g7h8\ni9j0k1l2\n", NULL,
                              (const char *[]) { "--password-file", f->pwfile, "codes", "add", "Shop", "--yes", NULL });
  sk_cli_test_assert_exit (add, 0);
  g_assert_nonnull (strstr (add->out, "Stored 3 codes"));
  again = sk_cli_test_run_full (f->vault, "a1b2c3d4\nzzzz9999\n", NULL,
                                (const char *[]) { "--password-file", f->pwfile, "--json", "codes", "add", "Shop", "-", "--yes", NULL });
  sk_cli_test_assert_exit (again, 0);
  root = sk_cli_test_parse_json (again->out);
  g_assert_cmpint (json_object_get_int_member (json_object_of (root), "stored"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_of (root), "duplicates"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_of (root), "remaining"), ==, 4);
  g_clear_pointer (&root, json_node_unref);

  /* Listing masks the codes unless --reveal. */
  list = RUN_PW (f, "codes", "list", "Shop");
  sk_cli_test_assert_exit (list, 0);
  g_assert_null (strstr (list->out, "a1b2c3d4"));
  g_assert_nonnull (strstr (list->out, "4 of 4 codes left"));

  /* Use two: each prints the code; the warning comes at two left. */
  use = RUN_PW (f, "codes", "use", "Shop");
  sk_cli_test_assert_exit (use, 0);
  g_assert_cmpstr (use->out, ==, "a1b2c3d4\n");
  g_assert_null (strstr (use->err, "warning"));
  g_clear_pointer (&use, sk_cli_test_result_free);
  use = RUN_PW (f, "--json", "codes", "use", "Shop", "3");
  sk_cli_test_assert_exit (use, 0);
  root = sk_cli_test_parse_json (use->out);
  g_assert_cmpstr (json_object_get_string_member (json_object_of (root), "code"), ==, "i9j0k1l2");
  g_assert_cmpint (json_object_get_int_member (json_object_of (root), "remaining"), ==, 2);
  g_assert_nonnull (json_object_get_string_member (json_object_of (root), "warning"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&use, sk_cli_test_result_free);
  use = RUN_PW (f, "codes", "use", "Shop", "9");
  sk_cli_test_assert_exit (use, 4);

  g_clear_pointer (&list, sk_cli_test_result_free);
  list = RUN_PW (f, "--json", "codes", "list", "Shop", "--reveal");
  sk_cli_test_assert_exit (list, 0);
  root = sk_cli_test_parse_json (list->out);
  array = json_object_get_array_member (json_object_of (root), "codes");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0), "used"));
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (array, 1), "used"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "code"), ==, "e5f6g7h8");
  g_assert_cmpstr (json_object_get_string_member (json_object_of (root), "status"), ==, "low");
  g_clear_pointer (&root, json_node_unref);

  /* Replace the set from the file. */
  replace = RUN_PW (f, "codes", "replace", "Shop", codes_file, "--yes");
  sk_cli_test_assert_exit (replace, 0);
  g_clear_pointer (&list, sk_cli_test_result_free);
  list = RUN_PW (f, "--json", "codes", "list");
  sk_cli_test_assert_exit (list, 0);
  root = sk_cli_test_parse_json (list->out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "remaining"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "status"), ==, "ok");
  g_clear_pointer (&root, json_node_unref);

  junk = sk_cli_test_run_full (f->vault, "Keep these safe\n", NULL,
                               (const char *[]) { "--password-file", f->pwfile, "codes", "add", "Shop", "--yes", NULL });
  sk_cli_test_assert_exit (junk, 5);
  g_assert_nonnull (strstr (junk->err, "no recovery codes found"));
}

static void
test_identities_and_bindings (SkCliTestFixture *f,
                              gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  add_sms_only (f, "Shop");
  add_sms_only (f, "Bank");

  r = RUN_PW (f, "identity", "add", "phone", "138 0013 8000", "--country-code", "+86",
              "--carrier", "China Mobile", "--label", "old phone", "--since", "2019-03-07");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "identity", "add", "payout", "6222021234567890", "--provider", "ICBC");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "identity", "add", "device", "Pixel 7", "--app", "Google Authenticator", "--app", "Aegis");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "identity", "add", "pager", "123");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "identity", "add", "email", "me@example.com", "--since", "2019-13-01");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Payout numbers are masked in lists. */
  r = RUN_PW (f, "identity", "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_null (strstr (r->out, "6222021234567890"));
  g_assert_nonnull (strstr (r->out, "•••• 7890"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "bind", "Shop", "13800138000", "--role", "security-phone", "--since", "2020-01-01");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Bank", "+86 138 0013 8000", "--role", "sms");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Shop", "6222021234567890", "--role", "payout-account", "--cooldown-until", "2026-02-01", "--note", "30 days");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Shop", "Pixel 7", "--role", "wizard");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Shop", "no such thing", "--role", "login");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Shop", "Pixel 7");
  sk_cli_test_assert_exit (r, 2);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* What depends on the number? */
  r = RUN_PW (f, "--json", "inventory", "by-identity", "old phone");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  object = json_object_of (root);
  g_assert_cmpint (json_object_get_int_member (object, "n_accounts"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "only_way_back"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "roles"), "security-phone"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "bindings")), ==, 2);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Both accounts hang on that one number. */
  r = RUN_PW (f, "--json", "inventory", "spof");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0), "kind"),
                   ==, "single-identity");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* A recovery email for Shop: only Bank is left in the report. */
  r = RUN_PW (f, "identity", "add", "email", "me@example.com");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "bind", "Shop", "me@example.com", "--role", "recovery-email");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "inventory", "spof");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Bank"));
  g_assert_null (strstr (r->out, "Shop"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* The number is lost: Bank has no way back left, Shop only the email. */
  r = RUN_PW (f, "identity", "edit", "old phone", "--status", "lost");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "inventory", "spof");
  root = sk_cli_test_parse_json (r->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 2);
  object = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "single-identity");
  g_assert_cmpstr (json_object_get_string_member (object, "identity_display"), ==, "me@example.com");
  object = json_array_get_object_element (json_node_get_array (root), 1);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Bank (alice)");
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==, "no-way-back");
  g_assert_cmpint (json_object_get_int_member (object, "n_inactive"), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Support channels and the by-account view. */
  r = RUN_PW (f, "--json", "inventory", "account", "Shop", "--phone", "95017", "--recovery-page", "https://shop.example/recover");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  object = json_object_of (root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "support"), "phone"), ==, "95017");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "bindings")), ==, 3);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "unbind", "Shop", "6222021234567890");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "unbind", "Shop", "6222021234567890");
  sk_cli_test_assert_exit (r, 4);
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "--json", "identity", "rm", "old phone");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  g_assert_cmpint (json_object_get_int_member (json_object_of (root), "bindings_removed"), ==, 2);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "identity", "show", "old phone");
  sk_cli_test_assert_exit (r, 4);
}

static void
test_audit (SkCliTestFixture *f,
            gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *reminders = g_strconcat (f->vault, ".reminders", NULL);
  g_autofree char *ics = g_build_filename (f->dir, "audit.ics", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  /* No reminder file yet: nothing due, no password asked. */
  r = RUN (f, "audit", "due");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  sk_cli_test_add_ok (f, SHOP_URI);
  sk_cli_test_add_ok (f, BANK_URI);
  r = RUN_PW (f, "identity", "add", "phone", "13800138000");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* The reminder file: one date, no names, no numbers, mode 0600. */
  g_assert_true (g_file_get_contents (reminders, &contents, NULL, &error));
  g_assert_null (strstr (contents, "Shop"));
  g_assert_null (strstr (contents, "alice"));
  g_assert_null (strstr (contents, "13800138000"));
  g_assert_true (g_regex_match_simple ("^\\[Sparekey Reminders\\]\nVersion=1\nNextDue=[0-9T:Z-]+\n$", contents, 0, 0));

  /* Accounts are new: due in 90 days. Without a password: */
  r = RUN (f, "--json", "audit", "due");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  g_assert_false (json_object_get_boolean_member (json_object_of (root), "due"));
  g_assert_nonnull (json_object_get_string_member (json_object_of (root), "next_due"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "audit", "due", "--within", "91");
  sk_cli_test_assert_exit (r, 10);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* A 1-day interval for Bank makes it due tomorrow; with --within 2,
   * due, and the unlocked list names it. */
  r = RUN_PW (f, "audit", "interval", "Bank", "1");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "audit", "due", "--within", "2");
  sk_cli_test_assert_exit (r, 10);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "audit", "due", "--accounts", "--within", "2");
  sk_cli_test_assert_exit (r, 10);
  root = sk_cli_test_parse_json (r->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0), "name"),
                   ==, "Bank (alice)");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  r = RUN_PW (f, "audit", "interval", "Bank", "0");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "audit", "interval", "Bank", "off");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN (f, "audit", "due", "--within", "2");
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Done with a checklist; history. */
  r = RUN_PW (f, "--json", "audit", "done", "Shop", "--checklist", "still-used,codes-left", "--note", "ok");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_of (root), "checks"), "codes-left"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (json_object_of (root), "checks"), "support-valid"));
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "audit", "done", "Shop", "--checklist", "still-used,bogus");
  sk_cli_test_assert_exit (r, 5);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "audit", "list", "--history");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (root), 0), "note"), ==, "ok");
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "--json", "audit", "list");
  sk_cli_test_assert_exit (r, 0);
  root = sk_cli_test_parse_json (r->out);
  /* Bank's audits are off: only Shop. */
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  g_clear_pointer (&root, json_node_unref);
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* Calendar export, without names by default. */
  r = RUN_PW (f, "audit", "ics", ics);
  sk_cli_test_assert_exit (r, 0);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (ics, &contents, NULL, &error));
  g_assert_true (g_str_has_prefix (contents, "BEGIN:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (contents, "RRULE:FREQ=MONTHLY;INTERVAL=3\r\n"));
  g_assert_null (strstr (contents, "Shop"));
  g_clear_pointer (&r, sk_cli_test_result_free);
  r = RUN_PW (f, "audit", "ics", "-", "--with-names");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "Shop (alice)"));
  g_clear_pointer (&r, sk_cli_test_result_free);

  /* A damaged reminder file is an error, not "nothing due". */
  sk_cli_test_write_file (reminders, "garbage");
  r = RUN (f, "audit", "due");
  sk_cli_test_assert_exit (r, 6);
}

int
main (int    argc,
      char **argv)
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

#define ADD(path, func, data) SK_CLI_TEST_ADD ("/sparekey/cli/" path, func, data)

  ADD ("codes", test_codes, NULL);
  ADD ("identities-and-bindings", test_identities_and_bindings, NULL);
  ADD ("audit", test_audit, NULL);

  return g_test_run ();
}
