/* test-cli.c: sparekey-cli through the real binary
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
#define NEW_PASSWORD "new staple 2026"

/* init */

static void
test_init (SkCliTestFixture *f,
           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) again = NULL;
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *crlf_pw = g_build_filename (f->dir, "crlf", NULL);
  g_autofree char *other = g_build_filename (f->dir, "sub", "dir", "other.sparekey", NULL);

  r = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (r, 0);
  g_assert_true (g_file_test (f->vault, G_FILE_TEST_IS_REGULAR));
  /* A weak KDF is allowed, with a warning. */
  g_assert_nonnull (strstr (r->err, "tests only"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 0);

  /* Never over an existing vault. */
  again = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (again, 8);
  g_assert_true (g_str_has_prefix (again->err, "sparekey-cli: "));

  /* --vault given after the command, a new folder, a CRLF password file,
   * --json output. */
  sk_cli_test_write_file (crlf_pw, "crlf pass\r\n");
  json = sk_cli_test_run_full (NULL, NULL, NULL, (const char *[]) {
                                 "init", "--json", "--kdf-memlimit", "8K", "--kdf-opslimit", "1",
                                 "--password-file", crlf_pw, "--vault", other, NULL });
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"), ==, other);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "kdf_memlimit"), ==, 8192);

  {
    /* The CR was stripped: the password typed on stdin without it opens. */
    g_autoptr(SkCliTestResult) open = sk_cli_test_run_full (NULL, "crlf pass\n", NULL, (const char *[]) {
                                                              "--vault", other, "--password-file", "-", "list", NULL });
    sk_cli_test_assert_exit (open, 0);
  }

  {
    g_autoptr(SkCliTestResult) bad = RUN_PW (f, "init", "--kdf-memlimit", "100", "--vault", other);
    sk_cli_test_assert_exit (bad, 5);
    g_assert_nonnull (strstr (bad->err, "--kdf-memlimit"));
  }
  {
    g_autoptr(SkCliTestResult) bad = RUN_PW (f, "init", "--kdf-opslimit", "many", "--vault", other);
    sk_cli_test_assert_exit (bad, 5);
    g_assert_nonnull (strstr (bad->err, "--kdf-opslimit"));
  }
}

/* add */

static void
test_add (SkCliTestFixture *f,
          gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) in = NULL;
  g_autoptr(SkCliTestResult) mig = NULL;
  g_autoptr(SkCliTestResult) qr = NULL;
  g_autoptr(SkCliTestResult) dup = NULL;
  g_autoptr(SkCliTestResult) dup_ok = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) migration = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *png = g_build_filename (f->dir, "qr.png", NULL);
  g_autofree char *stdin_text = NULL;
  JsonArray *accounts;

  r = RUN_PW (f, "add",
              "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
              "otpauth://hotp/Bank:bob?secret=KRSXG5CTMVRXEZLU&counter=7");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "GitHub (alice)"));
  g_assert_nonnull (strstr (r->out, "Bank (bob)"));
  /* The report never shows the secret. */
  g_assert_null (strstr (r->out, "JBSWY3DPEHPK3PXP"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 2);

  /* Standard input: blank lines and comments are skipped, CRLF accepted. */
  in = sk_cli_test_run_full (f->vault, "# my accounts\n\notpauth://totp/Mail:carol?secret=MFRGGZDFMZTWQ2LK\r\n"
                 "  otpauth://totp/Chat:dave?secret=MZXW6YTBOI&period=60  \n", NULL,
                 (const char *[]) { "--password-file", f->pwfile, "add", "-", NULL });
  sk_cli_test_assert_exit (in, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 4);

  /* A Google Authenticator migration batch adds all its accounts. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/Migrated:user%u?secret=%s&issuer=Migrated",
                                              i, i == 0 ? "ONSWG4TFOQ" : i == 1 ? "OBQXG43XN5ZGI" : "MNXWIZI");
      SkOtpUri *entry = sk_otp_uri_parse (uri, &error);

      g_assert_no_error (error);
      g_ptr_array_add (entries, entry);
    }
  migration = sk_migration_build (entries, 10);
  g_assert_cmpuint (migration->len, ==, 1);
  mig = RUN_PW (f, "add", sk_secret_get_string (g_ptr_array_index (migration, 0)));
  sk_cli_test_assert_exit (mig, 0);
  g_assert_nonnull (strstr (mig->out, "user2"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 7);

  /* A QR code in a PNG. */
  code = sk_qr_encode ("otpauth://totp/Shop:erin?secret=NBSWY3DPFQQHO33SNRSA&issuer=Shop", &error);
  g_assert_no_error (error);
  sk_qr_save_png (code, png, 4, &error);
  g_assert_no_error (error);
  qr = RUN_PW (f, "add", "--qr", png);
  sk_cli_test_assert_exit (qr, 0);
  g_assert_nonnull (strstr (qr->out, "Shop (erin)"));

  accounts = sk_cli_test_list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 7), "issuer"), ==, "Shop");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 4), "issuer"), ==, "Migrated");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (accounts, 3), "period"), ==, 60);

  /* The same secret and type again: refused, exit 8, nothing added. */
  dup = RUN_PW (f, "add", "otpauth://totp/Other:alice?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_assert_exit (dup, 8);
  g_assert_nonnull (strstr (dup->err, "GitHub (alice)"));
  g_assert_nonnull (strstr (dup->err, "--allow-duplicate"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 8);
  dup_ok = RUN_PW (f, "add", "--allow-duplicate", "otpauth://totp/Other:alice?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_assert_exit (dup_ok, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 9);

  {
    /* A picture without any QR code. */
    g_autofree char *blank = g_build_filename (f->dir, "blank.png", NULL);
    g_autoptr(SkQrCode) empty = g_new0 (SkQrCode, 1);
    g_autoptr(SkCliTestResult) none = NULL;

    empty->width = 21;
    empty->modules = g_malloc0 (21 * 21);
    sk_qr_save_png (empty, blank, 4, &error);
    g_assert_no_error (error);
    none = RUN_PW (f, "add", "--qr", blank);
    sk_cli_test_assert_exit (none, 5);
    g_assert_nonnull (strstr (none->err, "blank.png"));
  }
  {
    g_autoptr(SkCliTestResult) nothing = RUN_PW (f, "add");
    sk_cli_test_assert_exit (nothing, 2);
  }
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 9);
}

/* list */

static void
test_list (SkCliTestFixture *f,
           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) q = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *accounts;
  JsonObject *a;

  sk_cli_test_add_ok (f, "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");
  sk_cli_test_add_ok (f, "otpauth://hotp/%E9%93%B6%E8%A1%8C:%E5%BC%A0%E4%B8%89?secret=KRSXG5CTMVRXEZLU&counter=3");

  r = RUN_PW (f, "list");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "ISSUER"));
  g_assert_nonnull (strstr (r->out, "GitHub"));
  g_assert_nonnull (strstr (r->out, "alice@example.com"));
  g_assert_nonnull (strstr (r->out, "银行"));
  g_assert_nonnull (strstr (r->out, "HOTP"));
  g_assert_null (strstr (r->out, "JBSWY3DPEHPK3PXP"));

  accounts = sk_cli_test_list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 2);
  a = json_array_get_object_element (accounts, 0);
  g_assert_cmpstr (json_object_get_string_member (a, "type"), ==, "totp");
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "alice@example.com");
  g_assert_cmpint (json_object_get_int_member (a, "digits"), ==, 6);
  g_assert_true (json_object_has_member (a, "tags"));
  g_assert_true (json_object_has_member (a, "created"));
  g_assert_false (json_object_has_member (a, "secret"));
  {
    /* The text list shows the first 8 characters of the UUID. */
    g_autofree char *prefix = g_strndup (json_object_get_string_member (a, "uuid"), 8);
    g_assert_nonnull (strstr (r->out, prefix));
  }
  a = json_array_get_object_element (accounts, 1);
  g_assert_cmpstr (json_object_get_string_member (a, "issuer"), ==, "银行");
  g_assert_cmpint (json_object_get_int_member (a, "counter"), ==, 3);

  /* A query narrows the list. */
  q = RUN_PW (f, "list", "github");
  sk_cli_test_assert_exit (q, 0);
  g_assert_nonnull (strstr (q->out, "GitHub"));
  g_assert_null (strstr (q->out, "银行"));

  {
    /* Full-width letters typed with a Chinese input method still match. */
    g_autoptr(SkCliTestResult) wide = RUN_PW (f, "list", "ＧｉｔＨｕｂ");
    g_autoptr(SkCliTestResult) none = RUN_PW (f, "--json", "list", "nomatch");

    sk_cli_test_assert_exit (wide, 0);
    g_assert_nonnull (strstr (wide->out, "GitHub"));
    sk_cli_test_assert_exit (none, 4);
    g_assert_nonnull (strstr (none->err, "nomatch"));
  }
}

/* code */

static void
test_code_totp (SkCliTestFixture *f,
                gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r6 = NULL;
  g_autoptr(SkCliTestResult) r8 = NULL;
  g_autoptr(SkCliTestResult) late = NULL;
  g_autoptr(SkCliTestResult) sha256 = NULL;
  g_autoptr(SkCliTestResult) amb = NULL;
  g_autoptr(SkCliTestResult) all = NULL;
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(SkCliTestResult) none = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *codes;

  sk_cli_test_add_ok (f, "otpauth://totp/RFC:six?secret=" RFC_SECRET "&issuer=RFC");
  {
    /* Same key and type as "six": a duplicate unless allowed. */
    g_autoptr(SkCliTestResult) dup = RUN_PW (f, "add", "--allow-duplicate",
                                    "otpauth://totp/RFC:eight?secret=" RFC_SECRET "&issuer=RFC&digits=8&algorithm=SHA1");
    sk_cli_test_assert_exit (dup, 0);
  }
  sk_cli_test_add_ok (f, "otpauth://totp/Other:sha256?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&digits=8&algorithm=SHA256");

  r6 = RUN_PW (f, "code", "six", "--at", "59");
  sk_cli_test_assert_exit (r6, 0);
  g_assert_cmpstr (r6->out, ==, "287082\n");

  r8 = RUN_PW (f, "code", "--at", "59", "eight");
  sk_cli_test_assert_exit (r8, 0);
  g_assert_cmpstr (r8->out, ==, "94287082\n");

  late = RUN_PW (f, "code", "eight", "--at", "1111111109");
  sk_cli_test_assert_exit (late, 0);
  g_assert_cmpstr (late->out, ==, "07081804\n");

  sha256 = RUN_PW (f, "code", "sha256", "--at", "59");
  sk_cli_test_assert_exit (sha256, 0);
  g_assert_cmpstr (sha256->out, ==, "46119246\n");

  /* Two matches without --all: exit 4 listing the candidates. */
  amb = RUN_PW (f, "code", "rfc", "--at", "59");
  sk_cli_test_assert_exit (amb, 4);
  g_assert_nonnull (strstr (amb->err, "RFC (six)"));
  g_assert_nonnull (strstr (amb->err, "RFC (eight)"));
  g_assert_cmpstr (amb->out, ==, "");

  all = RUN_PW (f, "code", "rfc", "--all", "--at", "59");
  sk_cli_test_assert_exit (all, 0);
  g_assert_nonnull (strstr (all->out, "287082"));
  g_assert_nonnull (strstr (all->out, "94287082"));
  g_assert_nonnull (strstr (all->out, "six"));

  json = RUN_PW (f, "--json", "code", "--all", "--at", "59");
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  codes = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (codes), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *c = json_array_get_object_element (codes, i);

      g_assert_cmpint (json_object_get_int_member (c, "seconds_left"), ==, 1);
      g_assert_true (json_object_get_null_member (c, "counter"));
      g_assert_cmpstr (json_object_get_string_member (c, "type"), ==, "totp");
      g_assert_nonnull (json_object_get_string_member (c, "uuid"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (codes, 1), "code"), ==, "94287082");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (codes, 1), "name"), ==, "eight");

  none = RUN_PW (f, "code", "nosuchaccount");
  sk_cli_test_assert_exit (none, 4);
  g_assert_nonnull (strstr (none->err, "nosuchaccount"));
}

/* Files in @dir (0 when it does not exist). */
static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

/* Yandex and mOTP through the CLI: added from links (through standard
 * input, which keeps PIN and key out of the process list), listed with
 * their type, codes at a given time; a link without the PIN is refused and
 * nothing is added. */
static void
test_code_pin_types (SkCliTestFixture *f,
                     gconstpointer     data)
{
  g_autoptr(SkCliTestResult) add = NULL;
  g_autoptr(SkCliTestResult) no_pin = NULL;
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) yandex = NULL;
  g_autoptr(SkCliTestResult) motp = NULL;
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *first;

  no_pin = sk_cli_test_run_full (f->vault, "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3I\n",
                                 NULL, (const char *[]) { "--password-file", f->pwfile, "add", "-", NULL });
  sk_cli_test_assert_exit (no_pin, 5);
  g_assert_nonnull (strstr (no_pin->err, "PIN"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 0);

  add = sk_cli_test_run_full (f->vault,
                              "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI&pin=7586\n"
                              "motp://VPN:bob?secret=e3152afee62599c8&pin=1234\n",
                              NULL, (const char *[]) { "--password-file", f->pwfile, "add", "-", NULL });
  sk_cli_test_assert_exit (add, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 2);

  list = RUN_PW (f, "list");
  sk_cli_test_assert_exit (list, 0);
  g_assert_nonnull (strstr (list->out, "Yandex"));
  g_assert_nonnull (strstr (list->out, "mOTP"));
  g_assert_null (strstr (list->out, "7586"));

  yandex = RUN_PW (f, "code", "alice", "--at", "1581064020");
  sk_cli_test_assert_exit (yandex, 0);
  g_assert_cmpstr (yandex->out, ==, "oactmacq\n");

  motp = RUN_PW (f, "code", "bob", "--at", "165892298");
  sk_cli_test_assert_exit (motp, 0);
  g_assert_cmpstr (motp->out, ==, "e7d8b6\n");

  json = RUN_PW (f, "--json", "code", "alice", "--at", "1581090810");
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  first = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "type"), ==, "yandex");
  g_assert_cmpstr (json_object_get_string_member (first, "code"), ==, "wemdwrix");
}

static void
test_code_hotp (SkCliTestFixture *f,
                gconstpointer     data)
{
  static const char *rfc4226[] = { "755224", "287082", "359152", "969429", "338314", "254676" };
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(SkCliTestResult) show = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *c;

  sk_cli_test_add_ok (f, "otpauth://hotp/Token:hw?secret=" RFC_SECRET "&counter=0");

  /* Each use shows the code for the saved counter, then advances it on
   * disk: the next process sees the next value. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(SkCliTestResult) r = RUN_PW (f, "code", "token");
      g_autofree char *expected = g_strdup_printf ("%s\n", rfc4226[i]);

      sk_cli_test_assert_exit (r, 0);
      g_assert_cmpstr (r->out, ==, expected);
    }

  json = RUN_PW (f, "--json", "code", "token");
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  c = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (c, "code"), ==, rfc4226[5]);
  g_assert_cmpint (json_object_get_int_member (c, "counter"), ==, 5);
  g_assert_true (json_object_get_null_member (c, "seconds_left"));

  show = RUN_PW (f, "--json", "show", "token");
  sk_cli_test_assert_exit (show, 0);
  shown = sk_cli_test_parse_json (show->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "counter"), ==, 6);

  /* --all lists the HOTP account without a code: no counter moves, the
   * vault is not written, no backup is made, however often it runs. */
  sk_cli_test_add_ok (f, "otpauth://totp/Mail:me?secret=JBSWY3DPEHPK3PXP");
  {
    g_autofree char *backups = g_build_filename (f->dir, "backups", NULL);
    g_autoptr(GBytes) before = sk_cli_test_read_bytes (f->vault);
    g_autoptr(GBytes) after = NULL;
    g_autoptr(SkCliTestResult) all_json = NULL;
    g_autoptr(SkCliTestResult) hotp = NULL;
    g_autoptr(SkCliTestResult) again = NULL;
    g_autoptr(JsonNode) all_root = NULL;
    guint n_backups = count_files (backups);

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(SkCliTestResult) all = RUN_PW (f, "code", "--all");

        sk_cli_test_assert_exit (all, 0);
        g_assert_nonnull (strstr (all->out, "—"));
        g_assert_nonnull (strstr (all->out, "--hotp"));
        g_assert_null (strstr (all->out, "287922"));  /* RFC 4226, counter 6 */
      }
    all_json = RUN_PW (f, "--json", "code", "--all");
    sk_cli_test_assert_exit (all_json, 0);
    all_root = sk_cli_test_parse_json (all_json->out);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *o = json_array_get_object_element (json_node_get_array (all_root), i);

        if (g_str_equal (json_object_get_string_member (o, "type"), "hotp"))
          {
            g_assert_true (json_object_get_null_member (o, "code"));
            g_assert_cmpint (json_object_get_int_member (o, "counter"), ==, 6);
          }
        else
          g_assert_cmpuint (strlen (json_object_get_string_member (o, "code")), ==, 6);
      }
    after = sk_cli_test_read_bytes (f->vault);
    g_assert_true (g_bytes_equal (before, after));
    g_assert_cmpuint (count_files (backups), ==, n_backups);

    /* --hotp asks for it explicitly. */
    hotp = RUN_PW (f, "code", "--all", "--hotp");
    sk_cli_test_assert_exit (hotp, 0);
    g_assert_nonnull (strstr (hotp->out, "287922"));
    again = RUN_PW (f, "code", "token");
    sk_cli_test_assert_exit (again, 0);
    g_assert_cmpstr (again->out, ==, "162583\n");  /* counter 7 */
  }
}

/* show */

static void
test_show (SkCliTestFixture *f,
           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) plain = NULL;
  g_autoptr(SkCliTestResult) reveal = NULL;
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(SkCliTestResult) json_reveal = NULL;
  g_autoptr(SkCliTestResult) missing = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&period=45");

  plain = RUN_PW (f, "show", "github");
  sk_cli_test_assert_exit (plain, 0);
  g_assert_nonnull (strstr (plain->out, "GitHub"));
  g_assert_nonnull (strstr (plain->out, "alice"));
  g_assert_nonnull (strstr (plain->out, "45"));
  g_assert_null (strstr (plain->out, "JBSWY3DPEHPK3PXP"));
  g_assert_null (strstr (plain->err, "JBSWY3DPEHPK3PXP"));

  reveal = RUN_PW (f, "show", "github", "--reveal-secret");
  sk_cli_test_assert_exit (reveal, 0);
  g_assert_nonnull (strstr (reveal->out, "JBSWY3DPEHPK3PXP"));
  g_assert_nonnull (strstr (reveal->out, "otpauth://totp/"));

  json = RUN_PW (f, "show", "--json", "alice");
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  g_assert_false (json_object_has_member (json_node_get_object (root), "secret"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "period"), ==, 45);

  json_reveal = RUN_PW (f, "show", "--json", "alice", "--reveal-secret");
  sk_cli_test_assert_exit (json_reveal, 0);
  root2 = sk_cli_test_parse_json (json_reveal->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root2), "secret"), ==, "JBSWY3DPEHPK3PXP");

  missing = RUN_PW (f, "show");
  sk_cli_test_assert_exit (missing, 2);
}

/* edit */

static void
test_edit (SkCliTestFixture *f,
           gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) code = NULL;
  g_autoptr(SkCliTestResult) bad = NULL;
  g_autoptr(SkCliTestResult) bad_alg = NULL;
  g_autoptr(SkCliTestResult) nothing = NULL;
  g_autoptr(SkCliTestResult) cleared = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  JsonObject *a;
  JsonArray *tags;

  sk_cli_test_add_ok (f, "otpauth://totp/Old:alice?secret=" RFC_SECRET "&issuer=Old");

  r = RUN_PW (f, "edit", "alice", "--issuer", "New Issuer", "--name", "alice2",
              "--tags", "work, 2fa ,work", "--note", "desk drawer", "--favourite", "yes",
              "--digits", "8");
  sk_cli_test_assert_exit (r, 0);

  a = json_array_get_object_element (sk_cli_test_list_json (f, &root), 0);
  g_assert_cmpstr (json_object_get_string_member (a, "issuer"), ==, "New Issuer");
  g_assert_cmpstr (json_object_get_string_member (a, "name"), ==, "alice2");
  g_assert_cmpstr (json_object_get_string_member (a, "note"), ==, "desk drawer");
  g_assert_true (json_object_get_boolean_member (a, "favourite"));
  g_assert_cmpint (json_object_get_int_member (a, "digits"), ==, 8);
  tags = json_object_get_array_member (a, "tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "work");
  g_assert_cmpstr (json_array_get_string_element (tags, 1), ==, "2fa");

  code = RUN_PW (f, "code", "alice2", "--at", "59");
  sk_cli_test_assert_exit (code, 0);
  g_assert_cmpstr (code->out, ==, "94287082\n");

  /* A bad value changes nothing, not a byte. */
  before = sk_cli_test_read_bytes (f->vault);
  bad = RUN_PW (f, "edit", "alice2", "--digits", "12", "--issuer", "X");
  sk_cli_test_assert_exit (bad, 5);
  g_assert_nonnull (strstr (bad->err, "digits"));
  g_assert_nonnull (strstr (bad->err, "12"));
  bad_alg = RUN_PW (f, "edit", "alice2", "--algorithm", "MD5");
  sk_cli_test_assert_exit (bad_alg, 5);
  g_assert_nonnull (strstr (bad_alg->err, "MD5"));
  nothing = RUN_PW (f, "edit", "alice2");
  sk_cli_test_assert_exit (nothing, 2);
  after = sk_cli_test_read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  cleared = RUN_PW (f, "edit", "alice2", "--tags", "", "--favourite", "no",
                    "--algorithm", "sha256", "--period", "60");
  sk_cli_test_assert_exit (cleared, 0);
  g_clear_pointer (&root, json_node_unref);
  a = json_array_get_object_element (sk_cli_test_list_json (f, &root), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "tags")), ==, 0);
  g_assert_false (json_object_get_boolean_member (a, "favourite"));
  g_assert_cmpstr (json_object_get_string_member (a, "algorithm"), ==, "SHA256");
  g_assert_cmpint (json_object_get_int_member (a, "period"), ==, 60);
}

/* rm */

static void
test_rm (SkCliTestFixture *f,
         gconstpointer     data)
{
  g_autoptr(SkCliTestResult) noterm = NULL;
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) again = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");

  /* No terminal to confirm on: --yes is required, nothing changes. */
  before = sk_cli_test_read_bytes (f->vault);
  noterm = RUN_PW (f, "rm", "one");
  sk_cli_test_assert_exit (noterm, 5);
  g_assert_nonnull (strstr (noterm->err, "--yes"));
  after = sk_cli_test_read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  r = RUN_PW (f, "rm", "one", "--yes");
  sk_cli_test_assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "A (one)"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 1);

  again = RUN_PW (f, "rm", "one", "--yes");
  sk_cli_test_assert_exit (again, 4);
}

/* qr */

static void
test_qr (SkCliTestFixture *f,
         gconstpointer     data)
{
  g_autoptr(SkCliTestResult) term = NULL;
  g_autoptr(SkCliTestResult) png = NULL;
  g_autoptr(SkCliTestResult) svg = NULL;
  g_autoptr(SkCliTestResult) both = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(SkOtpUri) uri = NULL;
  g_autoptr(SkSecret) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = g_build_filename (f->dir, "out.png", NULL);
  g_autofree char *svg_path = g_build_filename (f->dir, "out.svg", NULL);
  g_autofree char *svg_text = NULL;
  GStatBuf st;

  sk_cli_test_add_ok (f, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");

  term = RUN_PW (f, "qr", "github");
  sk_cli_test_assert_exit (term, 0);
  g_assert_cmpuint (strlen (term->out), >, 200);
  g_assert_nonnull (strstr (term->out, "\n"));
  g_assert_nonnull (strstr (term->err, "secret"));

  png = RUN_PW (f, "qr", "github", "--png", png_path);
  sk_cli_test_assert_exit (png, 0);
  g_assert_nonnull (strstr (png->err, "secret"));
  g_assert_cmpint (g_stat (png_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  texts = sk_qr_decode_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (texts->len, ==, 1);
  uri = sk_otp_uri_parse (sk_secret_get_string (g_ptr_array_index (texts, 0)), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (uri->issuer, ==, "GitHub");
  g_assert_cmpstr (uri->name, ==, "alice");
  expected = sk_base32_decode ("JBSWY3DPEHPK3PXP", &error);
  g_assert_no_error (error);
  g_assert_true (sk_secret_equal (uri->secret, expected));

  svg = RUN_PW (f, "qr", "github", "--svg", svg_path);
  sk_cli_test_assert_exit (svg, 0);
  g_file_get_contents (svg_path, &svg_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg_text, "<svg"));

  both = RUN_PW (f, "qr", "github", "--svg", svg_path, "--png", png_path);
  sk_cli_test_assert_exit (both, 2);
}

/* passwd */

static void
test_passwd (SkCliTestFixture *f,
             gconstpointer     data)
{
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) old = NULL;
  g_autoptr(SkCliTestResult) fresh = NULL;
  g_autoptr(SkCliTestResult) noterm = NULL;
  g_autofree char *newpw = g_build_filename (f->dir, "newpw", NULL);

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_write_file (newpw, NEW_PASSWORD "\n");

  /* No new password and no terminal to ask for it. */
  noterm = RUN_PW (f, "passwd");
  sk_cli_test_assert_exit (noterm, 5);
  g_assert_nonnull (strstr (noterm->err, "terminal"));

  r = RUN_PW (f, "passwd", "--new-password-file", newpw,
              "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (r, 0);

  old = RUN_PW (f, "list");
  sk_cli_test_assert_exit (old, 3);

  fresh = sk_cli_test_run_full (f->vault, NEW_PASSWORD "\n", NULL, (const char *[]) {
                                  "list", "--password-file", "-", NULL });
  sk_cli_test_assert_exit (fresh, 0);
  g_assert_nonnull (strstr (fresh->out, "one"));

  /* Without a terminal to ask, the backups the old password still opens
   * are kept, and the count is said plainly. */
  g_assert_nonnull (strstr (r->err, "2 backups"));
  g_assert_nonnull (strstr (r->err, "still open with the old password"));
  g_assert_nonnull (strstr (r->err, "kept"));

  /* The newest backup is the vault before the change: it opens with its
   * own (old) password, not with the vault's new one. */
  {
    g_autoptr(SkCliTestResult) with_new = NULL;
    g_autoptr(SkCliTestResult) with_old = NULL;

    with_new = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                       "--password-file", newpw, "backup", "verify", NULL });
    sk_cli_test_assert_exit (with_new, 3);
    with_old = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                       "--password-file", newpw, "backup", "verify",
                                       "--source-password-file", f->pwfile, NULL });
    sk_cli_test_assert_exit (with_old, 0);
    g_assert_nonnull (strstr (with_old->out, "1 account"));
  }
}

/* passwd --old-backups: the backups under the old password are
 * re-encrypted with the new one (and then open with it), or deleted. */
static void
test_passwd_old_backups (SkCliTestFixture *f,
                         gconstpointer     data)
{
  g_autofree char *pw2 = g_build_filename (f->dir, "pw2", NULL);
  g_autofree char *pw3 = g_build_filename (f->dir, "pw3", NULL);
  g_autoptr(SkCliTestResult) bad = NULL;
  g_autoptr(SkCliTestResult) re = NULL;
  g_autoptr(SkCliTestResult) verify = NULL;
  g_autoptr(SkCliTestResult) del = NULL;
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");
  sk_cli_test_write_file (pw2, "second password\n");
  sk_cli_test_write_file (pw3, "third password\n");

  bad = RUN_PW (f, "passwd", "--new-password-file", pw2, "--old-backups", "shred");
  sk_cli_test_assert_exit (bad, 2);

  /* Two saves made two backups; the password change makes a third. */
  re = RUN_PW (f, "--json", "passwd", "--new-password-file", pw2, "--old-backups", "reencrypt",
               "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  sk_cli_test_assert_exit (re, 0);
  node = json_from_string (re->out, NULL);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "old_backups"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "old_backups_handled"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "old_backups_action"), ==, "reencrypt");
  g_assert_nonnull (strstr (re->err, "Re-encrypted 3 backups"));

  /* The oldest backup (the empty vault) now opens with the new password. */
  verify = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                   "--password-file", pw2, "--json", "backup", "list", NULL });
  sk_cli_test_assert_exit (verify, 0);
  g_clear_pointer (&node, json_node_unref);
  node = json_from_string (verify->out, NULL);
  {
    JsonArray *array = json_node_get_array (node);
    const char *oldest = json_object_get_string_member (
        json_array_get_object_element (array, json_array_get_length (array) - 1), "path");
    g_autoptr(SkCliTestResult) one = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                        "--password-file", pw2, "backup", "verify", oldest, NULL });

    sk_cli_test_assert_exit (one, 0);
    g_assert_nonnull (strstr (one->out, "0 accounts"));
  }

  del = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                "--password-file", pw2, "passwd", "--new-password-file", pw3,
                                "--old-backups=delete", "--kdf-memlimit", "8192",
                                "--kdf-opslimit", "1", NULL });
  sk_cli_test_assert_exit (del, 0);
  g_assert_nonnull (strstr (del->err, "Deleted 4 backups"));
  list = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                 "--password-file", pw3, "--json", "backup", "list", NULL });
  sk_cli_test_assert_exit (list, 0);
  g_clear_pointer (&node, json_node_unref);
  node = json_from_string (list->out, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
}


/* An older copy of the vault put in its place is noticed: a warning on
 * standard error, the command still runs. */
static void
test_rollback_warning (SkCliTestFixture *f,
                       gconstpointer     data)
{
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) before = NULL;
  g_autoptr(SkCliTestResult) after = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *contents = NULL;
  const char *oldest;
  gsize len;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");
  before = RUN_PW (f, "list");
  sk_cli_test_assert_exit (before, 0);
  g_assert_null (strstr (before->err, "older"));

  list = RUN_PW (f, "--json", "backup", "list");
  sk_cli_test_assert_exit (list, 0);
  node = json_from_string (list->out, NULL);
  oldest = json_object_get_string_member (json_array_get_object_element (json_node_get_array (node), 0), "path");
  g_assert_true (g_file_get_contents (oldest, &contents, &len, NULL));
  g_assert_cmpint (g_unlink (f->vault), ==, 0);
  g_assert_true (g_file_set_contents (f->vault, contents, len, NULL));

  after = RUN_PW (f, "list");
  sk_cli_test_assert_exit (after, 0);
  g_assert_nonnull (strstr (after->err, "older than one this computer opened or saved before"));
  g_assert_nonnull (strstr (after->out, "one"));
}


/* SPAREKEY_KDF_TEST=1 never weakens anything silently. */
static void
test_kdf_test_warning (SkCliTestFixture *f,
                       gconstpointer     data)
{
  g_autoptr(SkCliTestResult) plain = NULL;
  g_autoptr(SkCliTestResult) weak = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  plain = RUN_PW (f, "list");
  sk_cli_test_assert_exit (plain, 0);
  g_assert_null (strstr (plain->err, "SPAREKEY_KDF_TEST"));
  weak = sk_cli_test_run_env (f->vault, (const char *[]) { "SPAREKEY_KDF_TEST=1", NULL },
                              (const char *[]) { "--password-file", f->pwfile, "list", NULL });
  sk_cli_test_assert_exit (weak, 0);
  g_assert_nonnull (strstr (weak->err, "warning: SPAREKEY_KDF_TEST=1 is set"));
}

/* backup */

static void
test_backup (SkCliTestFixture *f,
             gconstpointer     data)
{
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) text = NULL;
  g_autoptr(SkCliTestResult) verify = NULL;
  g_autoptr(SkCliTestResult) verify_one = NULL;
  g_autoptr(SkCliTestResult) rm = NULL;
  g_autoptr(SkCliTestResult) noyes = NULL;
  g_autoptr(SkCliTestResult) restore = NULL;
  g_autoptr(SkCliTestResult) missing = NULL;
  g_autoptr(JsonNode) backups = NULL;
  g_autoptr(JsonNode) verified = NULL;
  JsonArray *array;
  const char *newest;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");
  rm = RUN_PW (f, "rm", "--yes", "two");
  sk_cli_test_assert_exit (rm, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 1);

  list = RUN_PW (f, "--json", "backup", "list");
  sk_cli_test_assert_exit (list, 0);
  backups = sk_cli_test_parse_json (list->out);
  array = json_node_get_array (backups);
  g_assert_cmpuint (json_array_get_length (array), >=, 2);
  newest = json_object_get_string_member (json_array_get_object_element (array, 0), "path");
  g_assert_true (g_file_test (newest, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "size"), >, 0);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (array, 0), "time"));

  text = RUN_PW (f, "backup", "list");
  sk_cli_test_assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, newest));

  /* The newest backup is the vault before the rm: two accounts. */
  verify = RUN_PW (f, "backup", "verify", "--json");
  sk_cli_test_assert_exit (verify, 0);
  verified = sk_cli_test_parse_json (verify->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verified), "path"), ==, newest);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "accounts"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "differences"), >=, 1);

  verify_one = RUN_PW (f, "backup", "verify", newest);
  sk_cli_test_assert_exit (verify_one, 0);

  noyes = RUN_PW (f, "backup", "restore", newest);
  sk_cli_test_assert_exit (noyes, 5);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 1);

  restore = RUN_PW (f, "backup", "restore", newest, "--yes");
  sk_cli_test_assert_exit (restore, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 2);

  missing = RUN_PW (f, "backup", "restore", "no-such-backup.sparekey", "--yes");
  sk_cli_test_assert_exit (missing, 4);

  {
    g_autoptr(SkCliTestResult) bad = RUN_PW (f, "backup", "frobnicate");
    sk_cli_test_assert_exit (bad, 2);
  }

  /* "backup now": the vault as it is becomes the newest backup. */
  {
    g_autoptr(SkCliTestResult) now = RUN_PW (f, "--json", "backup", "now");
    g_autoptr(SkCliTestResult) check = NULL;
    g_autoptr(JsonNode) made = NULL;
    const char *path;

    sk_cli_test_assert_exit (now, 0);
    made = sk_cli_test_parse_json (now->out);
    path = json_object_get_string_member (json_node_get_object (made), "backup");
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    check = RUN_PW (f, "--json", "backup", "verify", path);
    sk_cli_test_assert_exit (check, 0);
    g_clear_pointer (&verified, json_node_unref);
    verified = sk_cli_test_parse_json (check->out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "accounts"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "differences"), ==, 0);
  }
}

/* Error paths */

static void
test_wrong_password (SkCliTestFixture *f,
                     gconstpointer     data)
{
  g_autofree char *wrong = g_build_filename (f->dir, "wrong", NULL);
  g_autoptr(SkCliTestResult) r = NULL;
  g_autoptr(SkCliTestResult) fd = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_write_file (wrong, "hunter2-not-it\n");
  before = sk_cli_test_read_bytes (f->vault);

  r = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                              "--password-file", wrong, "add", "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU", NULL });
  sk_cli_test_assert_exit (r, 3);
  g_assert_true (g_str_has_prefix (r->err, "sparekey-cli: "));
  {
    g_autofree char *folded = g_ascii_strdown (r->err, -1);
    g_assert_nonnull (strstr (folded, "password"));
  }
  g_assert_null (strstr (r->err, "hunter2"));
  g_assert_null (strstr (r->err, "KRSXG5CTMVRXEZLU"));
  after = sk_cli_test_read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  /* A NUL byte is refused, not cut at: the password before it would
   * otherwise open the vault. */
  {
    g_autofree char *nul = g_build_filename (f->dir, "nul", NULL);
    static const char with_nul[] = PASSWORD "\0rest\n";
    g_autoptr(SkCliTestResult) cut = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_file_set_contents (nul, with_nul, sizeof with_nul - 1, &error));
    cut = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
                                  "--password-file", nul, "list", NULL });
    sk_cli_test_assert_exit (cut, 5);
    g_assert_nonnull (strstr (cut->err, "NUL"));
    g_assert_null (strstr (cut->err, PASSWORD));
  }

  /* --password-fd reads the same way. */
  fd = sk_cli_test_run_full (f->vault, NULL, PASSWORD "\n", (const char *[]) {
                               "code", "one", "--password-fd", "3", NULL });
  sk_cli_test_assert_exit (fd, 0);
  g_assert_cmpuint (strlen (fd->out), ==, 7);
}

static void
test_not_found (SkCliTestFixture *f,
                gconstpointer     data)
{
  g_autofree char *nowhere = g_build_filename (f->dir, "nowhere.sparekey", NULL);
  g_autoptr(SkCliTestResult) novault = NULL;
  g_autoptr(SkCliTestResult) noaccount = NULL;
  g_autoptr(SkCliTestResult) edit = NULL;

  novault = sk_cli_test_run_full (nowhere, NULL, NULL, (const char *[]) {
                                    "--password-file", f->pwfile, "list", NULL });
  sk_cli_test_assert_exit (novault, 4);
  g_assert_nonnull (strstr (novault->err, "nowhere.sparekey"));
  g_assert_nonnull (strstr (novault->err, "init"));

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  noaccount = RUN_PW (f, "show", "zebra");
  sk_cli_test_assert_exit (noaccount, 4);
  g_assert_nonnull (strstr (noaccount->err, "zebra"));
  edit = RUN_PW (f, "edit", "zebra", "--name", "x");
  sk_cli_test_assert_exit (edit, 4);
}

static void
test_malformed_uri (SkCliTestFixture *f,
                    gconstpointer     data)
{
  static const struct {
    const char *uri;
    const char *mentions;
  } cases[] = {
    { "otpauth://totp/A:bad?secret=AB1CD", "secret" },
    { "otpauth://totp/A:bad", "secret" },
    { "otpauth://totp/A:bad?secret=JBSWY3DPEHPK3PXP&digits=12", "digits" },
    { "otpauth://nope/A:bad?secret=JBSWY3DPEHPK3PXP", "nope" },
    { "https://example.com/", "https" },
    { "otpauth-migration://offline?data=%%%", "encoding" },
    { "otpauth-migration://offline", "data" },
  };
  g_autoptr(GBytes) before = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  before = sk_cli_test_read_bytes (f->vault);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SkCliTestResult) r = RUN_PW (f, "add", cases[i].uri);
      g_autoptr(GBytes) after = NULL;
      g_autofree char *folded = g_ascii_strdown (r->err, -1);

      sk_cli_test_assert_exit (r, 5);
      g_assert_true (g_str_has_prefix (r->err, "sparekey-cli: "));
      if (strstr (folded, cases[i].mentions) == NULL)
        g_error ("error for %s does not mention %s: %s", cases[i].uri, cases[i].mentions, r->err);
      after = sk_cli_test_read_bytes (f->vault);
      g_assert_true (g_bytes_equal (before, after));
    }

  {
    /* One bad URI among good ones: nothing is added. */
    g_autoptr(SkCliTestResult) r = RUN_IN (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU\nnot a uri\n",
                                  "--password-file", f->pwfile, "add", "-");
    g_autoptr(GBytes) after = NULL;

    sk_cli_test_assert_exit (r, 5);
    g_assert_nonnull (strstr (r->err, "line 2"));
    after = sk_cli_test_read_bytes (f->vault);
    g_assert_true (g_bytes_equal (before, after));
  }
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 1);
}

static void
test_damaged_vault (SkCliTestFixture *f,
                    gconstpointer     data)
{
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.sparekey", NULL);
  g_autoptr(SkCliTestResult) r = NULL;

  sk_cli_test_write_file (foreign, "this is a shopping list, not a vault\n");
  r = sk_cli_test_run_full (foreign, NULL, NULL, (const char *[]) {
                              "--password-file", f->pwfile, "list", NULL });
  sk_cli_test_assert_exit (r, 6);
  g_assert_nonnull (strstr (r->err, "foreign.sparekey"));
}

static void
test_help (SkCliTestFixture *f,
           gconstpointer     data)
{
  static const char *commands[] = {
    "init", "add", "list", "code", "show", "edit", "rm", "qr", "passwd", "backup",
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(SkCliTestResult) r = RUN (f, commands[i], "--help");
      g_autoptr(SkCliTestResult) h = RUN (f, "-h", commands[i]);
      g_autofree char *usage = g_strdup_printf ("sparekey-cli %s", commands[i]);

      sk_cli_test_assert_exit (r, 0);
      g_assert_nonnull (strstr (r->out, "Usage"));
      g_assert_nonnull (strstr (r->out, usage));
      g_assert_nonnull (strstr (r->out, "--vault"));
      sk_cli_test_assert_exit (h, 0);
      g_assert_cmpstr (h->out, ==, r->out);
    }

  {
    g_autoptr(SkCliTestResult) top = RUN (f, "--help");
    g_autoptr(SkCliTestResult) version = RUN (f, "--version");
    g_autoptr(SkCliTestResult) none = RUN (f, "--json");
    g_autoptr(SkCliTestResult) unknown = RUN (f, "frobnicate");
    g_autoptr(SkCliTestResult) badopt = RUN (f, "list", "--no-such-option");

    sk_cli_test_assert_exit (top, 0);
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_assert_nonnull (strstr (top->out, commands[i]));
    sk_cli_test_assert_exit (version, 0);
    g_assert_true (g_str_has_prefix (version->out, "sparekey-cli " PACKAGE_VERSION));
    sk_cli_test_assert_exit (none, 2);
    sk_cli_test_assert_exit (unknown, 2);
    g_assert_nonnull (strstr (unknown->err, "frobnicate"));
    sk_cli_test_assert_exit (badopt, 2);
  }
}

/* The same English word as a placeholder and as a column header, and a
 * 64-bit number in a message, in the Chinese of the build tree. */
static void
test_help_zh (SkCliTestFixture *f,
              gconstpointer     data)
{
  g_autoptr(SkCliTestResult) english = NULL;
  g_autoptr(SkCliTestResult) help = NULL;
  g_autoptr(SkCliTestResult) codes = NULL;
  g_autoptr(SkCliTestResult) kdf = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autofree char *localedir = g_strconcat ("SPAREKEY_LOCALEDIR=",
                                            g_getenv ("SPAREKEY_TEST_LOCALEDIR"), NULL);
  const char *zh[] = { "LANGUAGE=zh_CN", localedir, NULL };

  g_assert_nonnull (g_getenv ("SPAREKEY_TEST_LOCALEDIR"));
  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  sk_cli_test_add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");

  english = RUN (f, "identity", "--help");
  sk_cli_test_assert_exit (english, 0);
  g_assert_nonnull (strstr (english->out, "--country-code=CODE "));

  help = sk_cli_test_run_env (f->vault, zh, (const char *[]) { "identity", "--help", NULL });
  sk_cli_test_assert_exit (help, 0);
  g_assert_nonnull (strstr (help->out, "--country-code=代码 "));

  codes = sk_cli_test_run_env (f->vault, zh, (const char *[]) {
                                 "--password-file", f->pwfile, "code", "--all", NULL });
  sk_cli_test_assert_exit (codes, 0);
  g_assert_true (g_str_has_prefix (codes->out, "服务商  名称  验证码  "));

  kdf = sk_cli_test_run_env (other, zh, (const char *[]) { "init", "--kdf-memlimit", "1", NULL });
  sk_cli_test_assert_exit (kdf, 5);
  g_assert_nonnull (strstr (kdf->err, "必须介于 8192 和 "));
}

static void
test_no_terminal (SkCliTestFixture *f,
                  gconstpointer     data)
{
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) init = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);

  list = RUN (f, "list");
  sk_cli_test_assert_exit (list, 5);
  g_assert_true (g_str_has_prefix (list->err, "sparekey-cli: "));
  g_assert_nonnull (strstr (list->err, "terminal"));
  g_assert_nonnull (strstr (list->err, "--password-file"));

  init = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) { "init", NULL });
  sk_cli_test_assert_exit (init, 5);
  g_assert_nonnull (strstr (init->err, "terminal"));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_global_options (SkCliTestFixture *f,
                     gconstpointer     data)
{
  g_autoptr(SkCliTestResult) before = NULL;
  g_autoptr(SkCliTestResult) after = NULL;
  g_autoptr(SkCliTestResult) both = NULL;
  g_autoptr(SkCliTestResult) twice = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");

  /* --vault before and after the command, with SPAREKEY_VAULT unset. */
  before = sk_cli_test_run_full (NULL, NULL, NULL, (const char *[]) {
                                   "--vault", f->vault, "--password-file", f->pwfile, "list", NULL });
  sk_cli_test_assert_exit (before, 0);
  g_assert_nonnull (strstr (before->out, "one"));
  after = sk_cli_test_run_full (NULL, NULL, NULL, (const char *[]) {
                                  "list", "--vault", f->vault, "--password-file", f->pwfile, NULL });
  sk_cli_test_assert_exit (after, 0);
  g_assert_cmpstr (before->out, ==, after->out);

  both = sk_cli_test_run_full (f->vault, NULL, "x\n", (const char *[]) {
                                 "list", "--password-fd", "3", "--password-file", f->pwfile, NULL });
  sk_cli_test_assert_exit (both, 2);

  /* Standard input cannot carry both the password and the URIs. */
  twice = RUN_IN (f, PASSWORD "\notpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU\n",
                  "--password-file", "-", "add", "-");
  sk_cli_test_assert_exit (twice, 2);
}

/* A conflict copy left by a sync tool is merged by the next command that
 * opens the vault, which says so; the copy goes to the backup folder. */
static void
test_sync_conflict (SkCliTestFixture *f,
                    gconstpointer     data)
{
  g_autofree char *laptop = NULL;
  g_autofree char *copy = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/ACME:john?secret=" RFC_SECRET "&issuer=ACME");
  laptop = sk_cli_test_copy_vault_away (f);
  {
    g_autoptr(SkCliTestResult) r =
      sk_cli_test_run_full (laptop, NULL, NULL, (const char *[]) {
        "--password-file", f->pwfile, "add",
        "otpauth://totp/Laptop:ann?secret=JBSWY3DPEHPK3PXP&issuer=Laptop", NULL });

    sk_cli_test_assert_exit (r, 0);
  }
  sk_cli_test_add_ok (f, "otpauth://totp/Desk:bob?secret=KRSXG5CTMVRXEZLU&issuer=Desk");
  /* The sync tool keeps the laptop's version beside ours. */
  copy = sk_cli_test_leave_conflict_copy (f, laptop);

  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "list");

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->err, "merged 1 copy"));
    g_assert_nonnull (strstr (r->out, "ACME"));
    g_assert_nonnull (strstr (r->out, "Laptop"));
    g_assert_nonnull (strstr (r->out, "Desk"));
  }
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 3);
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "list");

    g_assert_null (strstr (r->err, "merged"));
  }
}

/* Nothing but escapes of the controls an issuer or a name carries (ESC
 * setting the window title, BEL, CR overwriting "Evil" with "Google", a
 * bidi override) reaches the terminal; --json keeps them exact. */
static void
assert_no_raw_controls (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c < 0x20 && c != '\n' && c != '\t')
        g_error ("raw control 0x%02x in output: %s", c, text);
    }
  g_assert_null (strstr (text, "\xe2\x80\xae"));  /* U+202E */
  g_assert_null (strstr (text, "\xc2\x9b"));      /* U+009B */
}

static void
test_escape_controls (SkCliTestFixture *f,
                      gconstpointer     data)
{
  /* Issuer "Evil<ESC>]0;pwned<BEL><CR>Google", name "a<U+202E>lice<CSI>". */
  const char *label = "otpauth://totp/Evil%1B%5D0%3Bpwned%07%0DGoogle:a%E2%80%AElice%C2%9B"
                      "?secret=JBSWY3DPEHPK3PXP";
  g_autofree char *file = g_build_filename (f->dir, "links.txt", NULL);
  g_autofree char *contents = g_strdup_printf ("%s\n", label);
  g_autoptr(SkCliTestResult) add = NULL;
  g_autoptr(SkCliTestResult) dup = NULL;
  g_autoptr(SkCliTestResult) list = NULL;
  g_autoptr(SkCliTestResult) show = NULL;
  g_autoptr(SkCliTestResult) json = NULL;
  g_autoptr(SkCliTestResult) preview = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *account;

  add = RUN_PW (f, "add", label);
  sk_cli_test_assert_exit (add, 0);
  assert_no_raw_controls (add->out);
  g_assert_nonnull (strstr (add->out, "Evil\\x1b]0;pwned\\x07\\rGoogle"));
  g_assert_nonnull (strstr (add->out, "a\\u202elice\\u009b"));

  /* The warning about a duplicate names the account. */
  dup = RUN_PW (f, "add", label);
  assert_no_raw_controls (dup->err);
  g_assert_nonnull (strstr (dup->err, "skipped"));
  g_assert_nonnull (strstr (dup->err, "Evil\\x1b]0;pwned\\x07\\rGoogle"));

  list = RUN_PW (f, "list");
  sk_cli_test_assert_exit (list, 0);
  assert_no_raw_controls (list->out);
  g_assert_nonnull (strstr (list->out, "Evil\\x1b]0;pwned\\x07\\rGoogle"));

  show = RUN_PW (f, "show", "pwned");
  sk_cli_test_assert_exit (show, 0);
  assert_no_raw_controls (show->out);
  g_assert_nonnull (strstr (show->out, "\\rGoogle"));

  /* The import preview shows the entry (a duplicate) escaped. */
  sk_cli_test_write_file (file, contents);
  preview = RUN_PW (f, "import", "--dry-run", file);
  sk_cli_test_assert_exit (preview, 0);
  assert_no_raw_controls (preview->out);
  assert_no_raw_controls (preview->err);
  g_assert_nonnull (strstr (preview->out, "Evil\\x1b]0;pwned\\x07\\rGoogle"));

  /* --json is exact: the parsed value holds the very characters. */
  json = RUN_PW (f, "--json", "list");
  sk_cli_test_assert_exit (json, 0);
  root = sk_cli_test_parse_json (json->out);
  account = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (account, "issuer"), ==,
                   "Evil\x1b]0;pwned\x07\rGoogle");
  g_assert_cmpstr (json_object_get_string_member (account, "name"), ==, "a\xe2\x80\xaelice\xc2\x9b");
}

int
main (int    argc,
      char **argv)
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

#define ADD(path, func, data) SK_CLI_TEST_ADD ("/sparekey/cli/" path, func, data)

  ADD ("init", test_init, GINT_TO_POINTER (1));
  ADD ("add", test_add, NULL);
  ADD ("list", test_list, NULL);
  ADD ("code/totp", test_code_totp, NULL);
  ADD ("code/hotp", test_code_hotp, NULL);
  ADD ("code/yandex-motp", test_code_pin_types, NULL);
  ADD ("show", test_show, NULL);
  ADD ("edit", test_edit, NULL);
  ADD ("rm", test_rm, NULL);
  ADD ("qr", test_qr, NULL);
  ADD ("passwd", test_passwd, NULL);
  ADD ("passwd-old-backups", test_passwd_old_backups, NULL);
  ADD ("rollback-warning", test_rollback_warning, NULL);
  ADD ("kdf-test-warning", test_kdf_test_warning, NULL);
  ADD ("backup", test_backup, NULL);
  ADD ("error/wrong-password", test_wrong_password, NULL);
  ADD ("error/not-found", test_not_found, NULL);
  ADD ("error/malformed-uri", test_malformed_uri, NULL);
  ADD ("error/damaged-vault", test_damaged_vault, NULL);
  ADD ("error/no-terminal", test_no_terminal, NULL);
  ADD ("help", test_help, GINT_TO_POINTER (1));
  ADD ("help/zh_CN", test_help_zh, NULL);
  ADD ("global-options", test_global_options, NULL);
  ADD ("sync-conflict", test_sync_conflict, NULL);
  ADD ("escape-controls", test_escape_controls, NULL);

  return g_test_run ();
}
