/* test-cli-import.c: sparekey-cli import, export, backup export / import
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sk-test-util.h"

#define PASSWORD "vault password"

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


static JsonNode *
run_json (Fixture    *f,
          int         status,
          const char * const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(Result) r = NULL;

  g_ptr_array_add (args, (char *) "--password-file");
  g_ptr_array_add (args, f->pwfile);
  g_ptr_array_add (args, (char *) "--json");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  r = run_full (f->vault, NULL, NULL, (const char * const *) args->pdata);
  assert_exit (r, status);
  return status == 0 ? parse_json (r->out) : NULL;
}

#define RUN_JSON(f, status, ...) run_json ((f), (status), (const char *[]) { __VA_ARGS__, NULL })

static const char *uri_list =
  "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno\n"
  "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&issuer=Issuu&counter=3\n"
  "otpauth://totp/%E5%BE%AE%E4%BF%A1:%E5%BC%A0%E4%B8%89?secret=JBSWY3DPEHPK3PXP&issuer=%E5%BE%AE%E4%BF%A1\n"
  "garbage line\n";

static void
test_import_list (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autoptr(JsonNode) dry = NULL, done = NULL, again = NULL, codes = NULL;
  JsonArray *list;

  write_file (file, uri_list);
  dry = RUN_JSON (f, 0, "import", "--dry-run", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "new"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "added"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (dry), "invalid")), ==, 1);
  g_assert_cmpuint (count_accounts (f), ==, 0);

  /* No terminal to confirm: refused without --yes. */
  {
    g_autoptr(Result) r = RUN_PW (f, "import", file);

    assert_exit (r, 5);
    g_assert_cmpuint (count_accounts (f), ==, 0);
  }

  done = RUN_JSON (f, 0, "import", "--yes", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "added"), ==, 3);
  g_assert_cmpuint (count_accounts (f), ==, 3);

  /* Again: all duplicates, nothing added. */
  again = RUN_JSON (f, 0, "import", "--yes", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "duplicates"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "added"), ==, 0);
  g_assert_cmpuint (count_accounts (f), ==, 3);

  /* Every imported account with its issuer, name and current code. */
  codes = RUN_JSON (f, 0, "code", "--all");
  list = json_node_get_array (codes);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      g_assert_nonnull (json_object_get_string_member (o, "issuer"));
      g_assert_nonnull (json_object_get_string_member (o, "name"));
      g_assert_cmpuint (strlen (json_object_get_string_member (o, "code")), ==, 6);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "issuer"), ==, "微信");
}

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *aegis = g_build_filename (f->dir, "aegis.json", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "plain.txt", NULL);
  g_autofree char *exp_pw = g_build_filename (f->dir, "export-password", NULL);
  g_autofree char *bad_pw = g_build_filename (f->dir, "bad-password", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL, imported = NULL;
  struct stat st;

  write_file (file, uri_list);
  write_file (exp_pw, "aegis secret\n");
  write_file (bad_pw, "wrong\n");
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "import", "--yes", file);

  /* Encrypted Aegis. */
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "export", "--format", "aegis", "--target-password-file", exp_pw, aegis);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (out), "encrypted"));
  g_assert_cmpint (g_stat (aegis, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Plain text: refused without the confirmation, no file left behind. */
  {
    g_autoptr(Result) r = RUN_PW (f, "export", "--format", "otpauth", plain);

    g_assert_cmpint (r->status, !=, 0);
    g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "export", "--format", "otpauth", "--yes-plaintext", plain);
  g_assert_cmpint (g_stat (plain, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Into a second vault: wrong password, no password, then right. */
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", "--source-password-file", bad_pw, aegis, NULL });
    assert_exit (r, 3);
    g_assert_nonnull (strstr (r->err, "wrong password"));
  }
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", aegis, NULL });
    assert_exit (r, 5);
  }
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "import", "--yes", "--source-password-file", exp_pw, aegis, NULL });
    assert_exit (r, 0);
    imported = parse_json (r->out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (imported), "format"), ==, "aegis");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "added"), ==, 3);
  }
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "full.sparekey", NULL);
  g_autofree char *bpw = g_build_filename (f->dir, "backup-password", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL;

  write_file (file, uri_list);
  write_file (bpw, "backup secret\n");
  out = RUN_JSON (f, 0, "import", "--yes", file);
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "backup", "export", "--target-password-file", bpw,
                  "--kdf-memlimit", "8192", "--kdf-opslimit", "1", backup);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (out), "accounts"), ==, 3);

  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    assert_exit (r, 0);
  }
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "backup", "import", "--yes",
      "--source-password-file", bpw, backup, NULL });
    assert_exit (r, 0);
    g_clear_pointer (&out, json_node_unref);
    out = parse_json (r->out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (out), "vault_accounts"), ==, 3);
  }
  /* The backup password, not the vault's. */
  {
    g_autoptr(Result) r = run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "backup", "import", "--yes",
      "--source-password-file", f->pwfile, backup, NULL });
    assert_exit (r, 3);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add ("/cli-import/list", Fixture, NULL, fixture_setup, test_import_list, fixture_teardown);
  g_test_add ("/cli-import/export-import", Fixture, NULL, fixture_setup, test_export_import, fixture_teardown);
  g_test_add ("/cli-import/backup", Fixture, NULL, fixture_setup, test_backup, fixture_teardown);

  return g_test_run ();
}
