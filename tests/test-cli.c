/* test-cli.c: sparekey-cli through the real binary
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sk-test-util.h"

/* RFC 6238 appendix B / RFC 4226 appendix D key "12345678901234567890". */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define PASSWORD "correct horse battery"
#define NEW_PASSWORD "new staple 2026"

typedef struct {
  char *dir;
  char *vault;
  char *pwfile;
} Fixture;

typedef struct {
  int   status;
  char *out;
  char *err;
} Result;

static void
result_free (Result *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Result, result_free)

/* Every child gets its own session: no controlling terminal, so nothing
 * can ever wait for a prompt. */
static void
child_setup (gpointer data)
{
  setsid ();
}

/*
 * Runs sparekey-cli with @argv (NULL-terminated), @input on standard input,
 * SPAREKEY_VAULT set to @vault (or unset if NULL), and an optional extra
 * descriptor 3 reading @fd3_text.
 */
static Result *
run_full (const char          *vault,
          const char          *input,
          const char          *fd3_text,
          const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *cli = g_getenv ("SPAREKEY_CLI");
  Result *result = g_new0 (Result, 1);

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (vault != NULL)
    g_subprocess_launcher_setenv (launcher, "SPAREKEY_VAULT", vault, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "SPAREKEY_VAULT");
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);

  if (fd3_text != NULL)
    {
      int fds[2];

      g_assert_cmpint (pipe (fds), ==, 0);
      g_assert_cmpint (write (fds[1], fd3_text, strlen (fd3_text)), ==, (gssize) strlen (fd3_text));
      close (fds[1]);
      g_subprocess_launcher_take_fd (launcher, fds[0], 3);
    }

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input != NULL ? input : "", NULL,
                                 &result->out, &result->err, &error);
  g_assert_no_error (error);
  /* A crash (or a fatal critical) is never an acceptable outcome. */
  g_assert_true (g_subprocess_get_if_exited (process));
  result->status = g_subprocess_get_exit_status (process);
  if (g_test_verbose ())
    g_test_message ("exit %d\nstdout: %s\nstderr: %s", result->status,
                    result->out, result->err);
  return result;
}

#define RUN(f, ...) run_full ((f)->vault, NULL, NULL, (const char *[]) { __VA_ARGS__, NULL })
#define RUN_IN(f, input, ...) run_full ((f)->vault, (input), NULL, (const char *[]) { __VA_ARGS__, NULL })

/* Runs with the fixture's password file. */
#define RUN_PW(f, ...) run_full ((f)->vault, NULL, NULL, (const char *[]) { "--password-file", (f)->pwfile, __VA_ARGS__, NULL })

static void
assert_exit (Result *result,
             int     status)
{
  if (result->status != status)
    g_error ("expected exit %d, got %d\nstdout: %s\nstderr: %s",
             status, result->status, result->out, result->err);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = sk_test_make_tmpdir ();
  f->vault = g_build_filename (f->dir, "vault.sparekey", NULL);
  f->pwfile = g_build_filename (f->dir, "password", NULL);
  write_file (f->pwfile, PASSWORD "\n");

  if (data == NULL)
    {
      g_autoptr(Result) r = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");

      assert_exit (r, 0);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_free (f->dir);
  g_free (f->vault);
  g_free (f->pwfile);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonArray *
list_json (Fixture   *f,
           JsonNode **keep)
{
  g_autoptr(Result) r = RUN_PW (f, "--json", "list");

  assert_exit (r, 0);
  *keep = parse_json (r->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*keep));
  return json_node_get_array (*keep);
}

static guint
count_accounts (Fixture *f)
{
  g_autoptr(JsonNode) root = NULL;

  return json_array_get_length (list_json (f, &root));
}

static void
add_ok (Fixture    *f,
        const char *uri)
{
  g_autoptr(Result) r = RUN_PW (f, "add", uri);

  assert_exit (r, 0);
}

/* init */

static void
test_init (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(Result) json = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *crlf_pw = g_build_filename (f->dir, "crlf", NULL);
  g_autofree char *other = g_build_filename (f->dir, "sub", "dir", "other.sparekey", NULL);

  r = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  assert_exit (r, 0);
  g_assert_true (g_file_test (f->vault, G_FILE_TEST_IS_REGULAR));
  /* A weak KDF is allowed, with a warning. */
  g_assert_nonnull (strstr (r->err, "tests only"));
  g_assert_cmpuint (count_accounts (f), ==, 0);

  /* Never over an existing vault. */
  again = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  assert_exit (again, 8);
  g_assert_true (g_str_has_prefix (again->err, "sparekey-cli: "));

  /* --vault given after the command, a new folder, a CRLF password file,
   * --json output. */
  write_file (crlf_pw, "crlf pass\r\n");
  json = run_full (NULL, NULL, NULL, (const char *[]) {
                     "init", "--json", "--kdf-memlimit", "8K", "--kdf-opslimit", "1",
                     "--password-file", crlf_pw, "--vault", other, NULL });
  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "path"), ==, other);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "kdf_memlimit"), ==, 8192);

  {
    /* The CR was stripped: the password typed on stdin without it opens. */
    g_autoptr(Result) open = run_full (NULL, "crlf pass\n", NULL, (const char *[]) {
                                         "--vault", other, "--password-file", "-", "list", NULL });
    assert_exit (open, 0);
  }

  {
    g_autoptr(Result) bad = RUN_PW (f, "init", "--kdf-memlimit", "100", "--vault", other);
    assert_exit (bad, 5);
    g_assert_nonnull (strstr (bad->err, "--kdf-memlimit"));
  }
  {
    g_autoptr(Result) bad = RUN_PW (f, "init", "--kdf-opslimit", "many", "--vault", other);
    assert_exit (bad, 5);
    g_assert_nonnull (strstr (bad->err, "--kdf-opslimit"));
  }
}

/* add */

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) in = NULL;
  g_autoptr(Result) mig = NULL;
  g_autoptr(Result) qr = NULL;
  g_autoptr(Result) dup = NULL;
  g_autoptr(Result) dup_ok = NULL;
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
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "GitHub (alice)"));
  g_assert_nonnull (strstr (r->out, "Bank (bob)"));
  /* The report never shows the secret. */
  g_assert_null (strstr (r->out, "JBSWY3DPEHPK3PXP"));
  g_assert_cmpuint (count_accounts (f), ==, 2);

  /* Standard input: blank lines and comments are skipped, CRLF accepted. */
  in = run_full (f->vault, "# my accounts\n\notpauth://totp/Mail:carol?secret=MFRGGZDFMZTWQ2LK\r\n"
                 "  otpauth://totp/Chat:dave?secret=MZXW6YTBOI&period=60  \n", NULL,
                 (const char *[]) { "--password-file", f->pwfile, "add", "-", NULL });
  assert_exit (in, 0);
  g_assert_cmpuint (count_accounts (f), ==, 4);

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
  assert_exit (mig, 0);
  g_assert_nonnull (strstr (mig->out, "user2"));
  g_assert_cmpuint (count_accounts (f), ==, 7);

  /* A QR code in a PNG. */
  code = sk_qr_encode ("otpauth://totp/Shop:erin?secret=NBSWY3DPFQQHO33SNRSA&issuer=Shop", &error);
  g_assert_no_error (error);
  sk_qr_save_png (code, png, 4, &error);
  g_assert_no_error (error);
  qr = RUN_PW (f, "add", "--qr", png);
  assert_exit (qr, 0);
  g_assert_nonnull (strstr (qr->out, "Shop (erin)"));

  accounts = list_json (f, &root);
  g_assert_cmpuint (json_array_get_length (accounts), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 7), "issuer"), ==, "Shop");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (accounts, 4), "issuer"), ==, "Migrated");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (accounts, 3), "period"), ==, 60);

  /* The same secret and type again: refused, exit 8, nothing added. */
  dup = RUN_PW (f, "add", "otpauth://totp/Other:alice?secret=JBSWY3DPEHPK3PXP");
  assert_exit (dup, 8);
  g_assert_nonnull (strstr (dup->err, "GitHub (alice)"));
  g_assert_nonnull (strstr (dup->err, "--allow-duplicate"));
  g_assert_cmpuint (count_accounts (f), ==, 8);
  dup_ok = RUN_PW (f, "add", "--allow-duplicate", "otpauth://totp/Other:alice?secret=JBSWY3DPEHPK3PXP");
  assert_exit (dup_ok, 0);
  g_assert_cmpuint (count_accounts (f), ==, 9);

  {
    /* A picture without any QR code. */
    g_autofree char *blank = g_build_filename (f->dir, "blank.png", NULL);
    g_autoptr(SkQrCode) empty = g_new0 (SkQrCode, 1);
    g_autoptr(Result) none = NULL;

    empty->width = 21;
    empty->modules = g_malloc0 (21 * 21);
    sk_qr_save_png (empty, blank, 4, &error);
    g_assert_no_error (error);
    none = RUN_PW (f, "add", "--qr", blank);
    assert_exit (none, 5);
    g_assert_nonnull (strstr (none->err, "blank.png"));
  }
  {
    g_autoptr(Result) nothing = RUN_PW (f, "add");
    assert_exit (nothing, 2);
  }
  g_assert_cmpuint (count_accounts (f), ==, 9);
}

/* list */

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) q = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *accounts;
  JsonObject *a;

  add_ok (f, "otpauth://totp/GitHub:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");
  add_ok (f, "otpauth://hotp/%E9%93%B6%E8%A1%8C:%E5%BC%A0%E4%B8%89?secret=KRSXG5CTMVRXEZLU&counter=3");

  r = RUN_PW (f, "list");
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "ISSUER"));
  g_assert_nonnull (strstr (r->out, "GitHub"));
  g_assert_nonnull (strstr (r->out, "alice@example.com"));
  g_assert_nonnull (strstr (r->out, "银行"));
  g_assert_nonnull (strstr (r->out, "HOTP"));
  g_assert_null (strstr (r->out, "JBSWY3DPEHPK3PXP"));

  accounts = list_json (f, &root);
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
  assert_exit (q, 0);
  g_assert_nonnull (strstr (q->out, "GitHub"));
  g_assert_null (strstr (q->out, "银行"));

  {
    /* Full-width letters typed with a Chinese input method still match. */
    g_autoptr(Result) wide = RUN_PW (f, "list", "ＧｉｔＨｕｂ");
    g_autoptr(Result) none = RUN_PW (f, "--json", "list", "nomatch");

    assert_exit (wide, 0);
    g_assert_nonnull (strstr (wide->out, "GitHub"));
    assert_exit (none, 4);
    g_assert_nonnull (strstr (none->err, "nomatch"));
  }
}

/* code */

static void
test_code_totp (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Result) r6 = NULL;
  g_autoptr(Result) r8 = NULL;
  g_autoptr(Result) late = NULL;
  g_autoptr(Result) sha256 = NULL;
  g_autoptr(Result) amb = NULL;
  g_autoptr(Result) all = NULL;
  g_autoptr(Result) json = NULL;
  g_autoptr(Result) none = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *codes;

  add_ok (f, "otpauth://totp/RFC:six?secret=" RFC_SECRET "&issuer=RFC");
  {
    /* Same key and type as "six": a duplicate unless allowed. */
    g_autoptr(Result) dup = RUN_PW (f, "add", "--allow-duplicate",
                                    "otpauth://totp/RFC:eight?secret=" RFC_SECRET "&issuer=RFC&digits=8&algorithm=SHA1");
    assert_exit (dup, 0);
  }
  add_ok (f, "otpauth://totp/Other:sha256?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA&digits=8&algorithm=SHA256");

  r6 = RUN_PW (f, "code", "six", "--at", "59");
  assert_exit (r6, 0);
  g_assert_cmpstr (r6->out, ==, "287082\n");

  r8 = RUN_PW (f, "code", "--at", "59", "eight");
  assert_exit (r8, 0);
  g_assert_cmpstr (r8->out, ==, "94287082\n");

  late = RUN_PW (f, "code", "eight", "--at", "1111111109");
  assert_exit (late, 0);
  g_assert_cmpstr (late->out, ==, "07081804\n");

  sha256 = RUN_PW (f, "code", "sha256", "--at", "59");
  assert_exit (sha256, 0);
  g_assert_cmpstr (sha256->out, ==, "46119246\n");

  /* Two matches without --all: exit 4 listing the candidates. */
  amb = RUN_PW (f, "code", "rfc", "--at", "59");
  assert_exit (amb, 4);
  g_assert_nonnull (strstr (amb->err, "RFC (six)"));
  g_assert_nonnull (strstr (amb->err, "RFC (eight)"));
  g_assert_cmpstr (amb->out, ==, "");

  all = RUN_PW (f, "code", "rfc", "--all", "--at", "59");
  assert_exit (all, 0);
  g_assert_nonnull (strstr (all->out, "287082"));
  g_assert_nonnull (strstr (all->out, "94287082"));
  g_assert_nonnull (strstr (all->out, "six"));

  json = RUN_PW (f, "--json", "code", "--all", "--at", "59");
  assert_exit (json, 0);
  root = parse_json (json->out);
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
  assert_exit (none, 4);
  g_assert_nonnull (strstr (none->err, "nosuchaccount"));
}

static void
test_code_hotp (Fixture       *f,
                gconstpointer  data)
{
  static const char *rfc4226[] = { "755224", "287082", "359152", "969429", "338314", "254676" };
  g_autoptr(Result) json = NULL;
  g_autoptr(Result) show = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) shown = NULL;
  JsonObject *c;

  add_ok (f, "otpauth://hotp/Token:hw?secret=" RFC_SECRET "&counter=0");

  /* Each use shows the code for the saved counter, then advances it on
   * disk: the next process sees the next value. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(Result) r = RUN_PW (f, "code", "token");
      g_autofree char *expected = g_strdup_printf ("%s\n", rfc4226[i]);

      assert_exit (r, 0);
      g_assert_cmpstr (r->out, ==, expected);
    }

  json = RUN_PW (f, "--json", "code", "token");
  assert_exit (json, 0);
  root = parse_json (json->out);
  c = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpstr (json_object_get_string_member (c, "code"), ==, rfc4226[5]);
  g_assert_cmpint (json_object_get_int_member (c, "counter"), ==, 5);
  g_assert_true (json_object_get_null_member (c, "seconds_left"));

  show = RUN_PW (f, "--json", "show", "token");
  assert_exit (show, 0);
  shown = parse_json (show->out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (shown), "counter"), ==, 6);
}

/* show */

static void
test_show (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Result) plain = NULL;
  g_autoptr(Result) reveal = NULL;
  g_autoptr(Result) json = NULL;
  g_autoptr(Result) json_reveal = NULL;
  g_autoptr(Result) missing = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) root2 = NULL;

  add_ok (f, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&period=45");

  plain = RUN_PW (f, "show", "github");
  assert_exit (plain, 0);
  g_assert_nonnull (strstr (plain->out, "GitHub"));
  g_assert_nonnull (strstr (plain->out, "alice"));
  g_assert_nonnull (strstr (plain->out, "45"));
  g_assert_null (strstr (plain->out, "JBSWY3DPEHPK3PXP"));
  g_assert_null (strstr (plain->err, "JBSWY3DPEHPK3PXP"));

  reveal = RUN_PW (f, "show", "github", "--reveal-secret");
  assert_exit (reveal, 0);
  g_assert_nonnull (strstr (reveal->out, "JBSWY3DPEHPK3PXP"));
  g_assert_nonnull (strstr (reveal->out, "otpauth://totp/"));

  json = RUN_PW (f, "show", "--json", "alice");
  assert_exit (json, 0);
  root = parse_json (json->out);
  g_assert_false (json_object_has_member (json_node_get_object (root), "secret"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "period"), ==, 45);

  json_reveal = RUN_PW (f, "show", "--json", "alice", "--reveal-secret");
  assert_exit (json_reveal, 0);
  root2 = parse_json (json_reveal->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root2), "secret"), ==, "JBSWY3DPEHPK3PXP");

  missing = RUN_PW (f, "show");
  assert_exit (missing, 2);
}

/* edit */

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) code = NULL;
  g_autoptr(Result) bad = NULL;
  g_autoptr(Result) bad_alg = NULL;
  g_autoptr(Result) nothing = NULL;
  g_autoptr(Result) cleared = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  JsonObject *a;
  JsonArray *tags;

  add_ok (f, "otpauth://totp/Old:alice?secret=" RFC_SECRET "&issuer=Old");

  r = RUN_PW (f, "edit", "alice", "--issuer", "New Issuer", "--name", "alice2",
              "--tags", "work, 2fa ,work", "--note", "desk drawer", "--favourite", "yes",
              "--digits", "8");
  assert_exit (r, 0);

  a = json_array_get_object_element (list_json (f, &root), 0);
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
  assert_exit (code, 0);
  g_assert_cmpstr (code->out, ==, "94287082\n");

  /* A bad value changes nothing, not a byte. */
  before = read_bytes (f->vault);
  bad = RUN_PW (f, "edit", "alice2", "--digits", "12", "--issuer", "X");
  assert_exit (bad, 5);
  g_assert_nonnull (strstr (bad->err, "digits"));
  g_assert_nonnull (strstr (bad->err, "12"));
  bad_alg = RUN_PW (f, "edit", "alice2", "--algorithm", "MD5");
  assert_exit (bad_alg, 5);
  g_assert_nonnull (strstr (bad_alg->err, "MD5"));
  nothing = RUN_PW (f, "edit", "alice2");
  assert_exit (nothing, 2);
  after = read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  cleared = RUN_PW (f, "edit", "alice2", "--tags", "", "--favourite", "no",
                    "--algorithm", "sha256", "--period", "60");
  assert_exit (cleared, 0);
  g_clear_pointer (&root, json_node_unref);
  a = json_array_get_object_element (list_json (f, &root), 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (a, "tags")), ==, 0);
  g_assert_false (json_object_get_boolean_member (a, "favourite"));
  g_assert_cmpstr (json_object_get_string_member (a, "algorithm"), ==, "SHA256");
  g_assert_cmpint (json_object_get_int_member (a, "period"), ==, 60);
}

/* rm */

static void
test_rm (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(Result) noterm = NULL;
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) again = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");

  /* No terminal to confirm on: --yes is required, nothing changes. */
  before = read_bytes (f->vault);
  noterm = RUN_PW (f, "rm", "one");
  assert_exit (noterm, 5);
  g_assert_nonnull (strstr (noterm->err, "--yes"));
  after = read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  r = RUN_PW (f, "rm", "one", "--yes");
  assert_exit (r, 0);
  g_assert_nonnull (strstr (r->out, "A (one)"));
  g_assert_cmpuint (count_accounts (f), ==, 1);

  again = RUN_PW (f, "rm", "one", "--yes");
  assert_exit (again, 4);
}

/* qr */

static void
test_qr (Fixture       *f,
         gconstpointer  data)
{
  g_autoptr(Result) term = NULL;
  g_autoptr(Result) png = NULL;
  g_autoptr(Result) svg = NULL;
  g_autoptr(Result) both = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(SkOtpUri) uri = NULL;
  g_autoptr(SkSecret) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = g_build_filename (f->dir, "out.png", NULL);
  g_autofree char *svg_path = g_build_filename (f->dir, "out.svg", NULL);
  g_autofree char *svg_text = NULL;
  GStatBuf st;

  add_ok (f, "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub");

  term = RUN_PW (f, "qr", "github");
  assert_exit (term, 0);
  g_assert_cmpuint (strlen (term->out), >, 200);
  g_assert_nonnull (strstr (term->out, "\n"));
  g_assert_nonnull (strstr (term->err, "secret"));

  png = RUN_PW (f, "qr", "github", "--png", png_path);
  assert_exit (png, 0);
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
  assert_exit (svg, 0);
  g_file_get_contents (svg_path, &svg_text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (svg_text, "<svg"));

  both = RUN_PW (f, "qr", "github", "--svg", svg_path, "--png", png_path);
  assert_exit (both, 2);
}

/* passwd */

static void
test_passwd (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) old = NULL;
  g_autoptr(Result) fresh = NULL;
  g_autoptr(Result) noterm = NULL;
  g_autofree char *newpw = g_build_filename (f->dir, "newpw", NULL);

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  write_file (newpw, NEW_PASSWORD "\n");

  /* No new password and no terminal to ask for it. */
  noterm = RUN_PW (f, "passwd");
  assert_exit (noterm, 5);
  g_assert_nonnull (strstr (noterm->err, "terminal"));

  r = RUN_PW (f, "passwd", "--new-password-file", newpw,
              "--kdf-memlimit", "8192", "--kdf-opslimit", "1");
  assert_exit (r, 0);

  old = RUN_PW (f, "list");
  assert_exit (old, 3);

  fresh = run_full (f->vault, NEW_PASSWORD "\n", NULL, (const char *[]) {
                      "list", "--password-file", "-", NULL });
  assert_exit (fresh, 0);
  g_assert_nonnull (strstr (fresh->out, "one"));
}

/* backup */

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Result) list = NULL;
  g_autoptr(Result) text = NULL;
  g_autoptr(Result) verify = NULL;
  g_autoptr(Result) verify_one = NULL;
  g_autoptr(Result) rm = NULL;
  g_autoptr(Result) noyes = NULL;
  g_autoptr(Result) restore = NULL;
  g_autoptr(Result) missing = NULL;
  g_autoptr(JsonNode) backups = NULL;
  g_autoptr(JsonNode) verified = NULL;
  JsonArray *array;
  const char *newest;

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  add_ok (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU");
  rm = RUN_PW (f, "rm", "--yes", "two");
  assert_exit (rm, 0);
  g_assert_cmpuint (count_accounts (f), ==, 1);

  list = RUN_PW (f, "--json", "backup", "list");
  assert_exit (list, 0);
  backups = parse_json (list->out);
  array = json_node_get_array (backups);
  g_assert_cmpuint (json_array_get_length (array), >=, 2);
  newest = json_object_get_string_member (json_array_get_object_element (array, 0), "path");
  g_assert_true (g_file_test (newest, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "size"), >, 0);
  g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (array, 0), "time"));

  text = RUN_PW (f, "backup", "list");
  assert_exit (text, 0);
  g_assert_nonnull (strstr (text->out, newest));

  /* The newest backup is the vault before the rm: two accounts. */
  verify = RUN_PW (f, "backup", "verify", "--json");
  assert_exit (verify, 0);
  verified = parse_json (verify->out);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (verified), "path"), ==, newest);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "accounts"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (verified), "differences"), >=, 1);

  verify_one = RUN_PW (f, "backup", "verify", newest);
  assert_exit (verify_one, 0);

  noyes = RUN_PW (f, "backup", "restore", newest);
  assert_exit (noyes, 5);
  g_assert_cmpuint (count_accounts (f), ==, 1);

  restore = RUN_PW (f, "backup", "restore", newest, "--yes");
  assert_exit (restore, 0);
  g_assert_cmpuint (count_accounts (f), ==, 2);

  missing = RUN_PW (f, "backup", "restore", "no-such-backup.sparekey", "--yes");
  assert_exit (missing, 4);

  {
    g_autoptr(Result) bad = RUN_PW (f, "backup", "frobnicate");
    assert_exit (bad, 2);
  }
}

/* Error paths */

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *wrong = g_build_filename (f->dir, "wrong", NULL);
  g_autoptr(Result) r = NULL;
  g_autoptr(Result) fd = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  write_file (wrong, "hunter2-not-it\n");
  before = read_bytes (f->vault);

  r = run_full (f->vault, NULL, NULL, (const char *[]) {
                  "--password-file", wrong, "add", "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU", NULL });
  assert_exit (r, 3);
  g_assert_true (g_str_has_prefix (r->err, "sparekey-cli: "));
  {
    g_autofree char *folded = g_ascii_strdown (r->err, -1);
    g_assert_nonnull (strstr (folded, "password"));
  }
  g_assert_null (strstr (r->err, "hunter2"));
  g_assert_null (strstr (r->err, "KRSXG5CTMVRXEZLU"));
  after = read_bytes (f->vault);
  g_assert_true (g_bytes_equal (before, after));

  /* --password-fd reads the same way. */
  fd = run_full (f->vault, NULL, PASSWORD "\n", (const char *[]) {
                   "code", "one", "--password-fd", "3", NULL });
  assert_exit (fd, 0);
  g_assert_cmpuint (strlen (fd->out), ==, 7);
}

static void
test_not_found (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (f->dir, "nowhere.sparekey", NULL);
  g_autoptr(Result) novault = NULL;
  g_autoptr(Result) noaccount = NULL;
  g_autoptr(Result) edit = NULL;

  novault = run_full (nowhere, NULL, NULL, (const char *[]) {
                        "--password-file", f->pwfile, "list", NULL });
  assert_exit (novault, 4);
  g_assert_nonnull (strstr (novault->err, "nowhere.sparekey"));
  g_assert_nonnull (strstr (novault->err, "init"));

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  noaccount = RUN_PW (f, "show", "zebra");
  assert_exit (noaccount, 4);
  g_assert_nonnull (strstr (noaccount->err, "zebra"));
  edit = RUN_PW (f, "edit", "zebra", "--name", "x");
  assert_exit (edit, 4);
}

static void
test_malformed_uri (Fixture       *f,
                    gconstpointer  data)
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

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");
  before = read_bytes (f->vault);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Result) r = RUN_PW (f, "add", cases[i].uri);
      g_autoptr(GBytes) after = NULL;
      g_autofree char *folded = g_ascii_strdown (r->err, -1);

      assert_exit (r, 5);
      g_assert_true (g_str_has_prefix (r->err, "sparekey-cli: "));
      if (strstr (folded, cases[i].mentions) == NULL)
        g_error ("error for %s does not mention %s: %s", cases[i].uri, cases[i].mentions, r->err);
      after = read_bytes (f->vault);
      g_assert_true (g_bytes_equal (before, after));
    }

  {
    /* One bad URI among good ones: nothing is added. */
    g_autoptr(Result) r = RUN_IN (f, "otpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU\nnot a uri\n",
                                  "--password-file", f->pwfile, "add", "-");
    g_autoptr(GBytes) after = NULL;

    assert_exit (r, 5);
    g_assert_nonnull (strstr (r->err, "line 2"));
    after = read_bytes (f->vault);
    g_assert_true (g_bytes_equal (before, after));
  }
  g_assert_cmpuint (count_accounts (f), ==, 1);
}

static void
test_damaged_vault (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *foreign = g_build_filename (f->dir, "foreign.sparekey", NULL);
  g_autoptr(Result) r = NULL;

  write_file (foreign, "this is a shopping list, not a vault\n");
  r = run_full (foreign, NULL, NULL, (const char *[]) {
                  "--password-file", f->pwfile, "list", NULL });
  assert_exit (r, 6);
  g_assert_nonnull (strstr (r->err, "foreign.sparekey"));
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char *commands[] = {
    "init", "add", "list", "code", "show", "edit", "rm", "qr", "passwd", "backup",
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(Result) r = RUN (f, commands[i], "--help");
      g_autoptr(Result) h = RUN (f, "-h", commands[i]);
      g_autofree char *usage = g_strdup_printf ("sparekey-cli %s", commands[i]);

      assert_exit (r, 0);
      g_assert_nonnull (strstr (r->out, "Usage"));
      g_assert_nonnull (strstr (r->out, usage));
      g_assert_nonnull (strstr (r->out, "--vault"));
      assert_exit (h, 0);
      g_assert_cmpstr (h->out, ==, r->out);
    }

  {
    g_autoptr(Result) top = RUN (f, "--help");
    g_autoptr(Result) version = RUN (f, "--version");
    g_autoptr(Result) none = RUN (f, "--json");
    g_autoptr(Result) unknown = RUN (f, "frobnicate");
    g_autoptr(Result) badopt = RUN (f, "list", "--no-such-option");

    assert_exit (top, 0);
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      g_assert_nonnull (strstr (top->out, commands[i]));
    assert_exit (version, 0);
    g_assert_true (g_str_has_prefix (version->out, "sparekey-cli " PACKAGE_VERSION));
    assert_exit (none, 2);
    assert_exit (unknown, 2);
    g_assert_nonnull (strstr (unknown->err, "frobnicate"));
    assert_exit (badopt, 2);
  }
}

static void
test_no_terminal (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Result) list = NULL;
  g_autoptr(Result) init = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);

  list = RUN (f, "list");
  assert_exit (list, 5);
  g_assert_true (g_str_has_prefix (list->err, "sparekey-cli: "));
  g_assert_nonnull (strstr (list->err, "terminal"));
  g_assert_nonnull (strstr (list->err, "--password-file"));

  init = run_full (other, NULL, NULL, (const char *[]) { "init", NULL });
  assert_exit (init, 5);
  g_assert_nonnull (strstr (init->err, "terminal"));
  g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
}

static void
test_global_options (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Result) before = NULL;
  g_autoptr(Result) after = NULL;
  g_autoptr(Result) both = NULL;
  g_autoptr(Result) twice = NULL;

  add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");

  /* --vault before and after the command, with SPAREKEY_VAULT unset. */
  before = run_full (NULL, NULL, NULL, (const char *[]) {
                       "--vault", f->vault, "--password-file", f->pwfile, "list", NULL });
  assert_exit (before, 0);
  g_assert_nonnull (strstr (before->out, "one"));
  after = run_full (NULL, NULL, NULL, (const char *[]) {
                      "list", "--vault", f->vault, "--password-file", f->pwfile, NULL });
  assert_exit (after, 0);
  g_assert_cmpstr (before->out, ==, after->out);

  both = run_full (f->vault, NULL, "x\n", (const char *[]) {
                     "list", "--password-fd", "3", "--password-file", f->pwfile, NULL });
  assert_exit (both, 2);

  /* Standard input cannot carry both the password and the URIs. */
  twice = RUN_IN (f, PASSWORD "\notpauth://totp/B:two?secret=KRSXG5CTMVRXEZLU\n",
                  "--password-file", "-", "add", "-");
  assert_exit (twice, 2);
}

int
main (int    argc,
      char **argv)
{
  g_assert_true (sk_core_init (NULL));
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/sparekey/cli/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("init", test_init, GINT_TO_POINTER (1));
  ADD ("add", test_add, NULL);
  ADD ("list", test_list, NULL);
  ADD ("code/totp", test_code_totp, NULL);
  ADD ("code/hotp", test_code_hotp, NULL);
  ADD ("show", test_show, NULL);
  ADD ("edit", test_edit, NULL);
  ADD ("rm", test_rm, NULL);
  ADD ("qr", test_qr, NULL);
  ADD ("passwd", test_passwd, NULL);
  ADD ("backup", test_backup, NULL);
  ADD ("error/wrong-password", test_wrong_password, NULL);
  ADD ("error/not-found", test_not_found, NULL);
  ADD ("error/malformed-uri", test_malformed_uri, NULL);
  ADD ("error/damaged-vault", test_damaged_vault, NULL);
  ADD ("error/no-terminal", test_no_terminal, NULL);
  ADD ("help", test_help, GINT_TO_POINTER (1));
  ADD ("global-options", test_global_options, NULL);

  return g_test_run ();
}
