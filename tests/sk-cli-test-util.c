/* sk-cli-test-util.c: helpers shared by the tests that run sparekey-cli
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sk-cli-test-util.h"
#include "sk-test-util.h"

/* The password every fixture's password file holds. */
static char *fixture_password;

void
sk_cli_test_result_free (SkCliTestResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

/* Every child gets its own session: no controlling terminal, so nothing
 * can ever wait for a prompt. */
static void
child_setup (gpointer data)
{
  setsid ();
}

static SkCliTestResult *
run (const char          *vault,
     const char          *input,
     const char          *fd3_text,
     const char * const  *env,
     const char * const  *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *cli = g_getenv ("SPAREKEY_CLI");
  SkCliTestResult *result = g_new0 (SkCliTestResult, 1);

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
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env[i], "=", 2);

      g_assert_nonnull (pair[1]);
      g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
    }
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

SkCliTestResult *
sk_cli_test_run_full (const char          *vault,
                      const char          *input,
                      const char          *fd3_text,
                      const char * const  *argv)
{
  return run (vault, input, fd3_text, NULL, argv);
}

SkCliTestResult *
sk_cli_test_run_env (const char         *vault,
                     const char * const *env,
                     const char * const *argv)
{
  return run (vault, NULL, NULL, env, argv);
}

void
sk_cli_test_assert_exit (SkCliTestResult *result,
                         int              status)
{
  if (result->status != status)
    g_error ("expected exit %d, got %d\nstdout: %s\nstderr: %s",
             status, result->status, result->out, result->err);
}

void
sk_cli_test_write_file (const char *path,
                        const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

GBytes *
sk_cli_test_read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Copies @from to @to with mode 0600, as the vault's own files are. */
static void
copy_private_file (const char *from,
                   const char *to)
{
  g_autoptr(GBytes) bytes = sk_cli_test_read_bytes (from);
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (to, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

char *
sk_cli_test_copy_vault_away (SkCliTestFixture *f)
{
  g_autofree char *dir = g_build_filename (f->dir, "laptop", NULL);
  char *path = g_build_filename (dir, "vault.sparekey", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  copy_private_file (f->vault, path);
  return path;
}

char *
sk_cli_test_leave_conflict_copy (SkCliTestFixture *f,
                                 const char       *other)
{
  g_autofree char *vault_name = g_path_get_basename (f->vault);
  char *copy = g_build_filename (f->dir, "vault.sync-conflict-20261202-101112-ABCDEFG.sparekey", NULL);

  /* The copy's name is made from the vault's. */
  g_assert_cmpstr (vault_name, ==, "vault.sparekey");
  copy_private_file (other, copy);
  return copy;
}

JsonNode *
sk_cli_test_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

void
sk_cli_test_init (int          *argc,
                  char       ***argv,
                  const char   *password)
{
  g_test_init (argc, argv, NULL);
  g_assert_true (sk_core_init (NULL));
  fixture_password = g_strdup (password);
}

void
sk_cli_test_fixture_setup (SkCliTestFixture *f,
                           gconstpointer     data)
{
  g_autofree char *line = NULL;

  g_assert_nonnull (fixture_password);
  line = g_strconcat (fixture_password, "\n", NULL);
  f->dir = sk_test_make_tmpdir ();
  f->vault = g_build_filename (f->dir, "vault.sparekey", NULL);
  f->pwfile = g_build_filename (f->dir, "password", NULL);
  sk_cli_test_write_file (f->pwfile, line);

  if (data == NULL)
    {
      g_autoptr(SkCliTestResult) r = RUN_PW (f, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1");

      sk_cli_test_assert_exit (r, 0);
    }
}

void
sk_cli_test_fixture_teardown (SkCliTestFixture *f,
                              gconstpointer     data)
{
  g_free (f->dir);
  g_free (f->vault);
  g_free (f->pwfile);
}

JsonArray *
sk_cli_test_list_json (SkCliTestFixture  *f,
                       JsonNode         **keep)
{
  g_autoptr(SkCliTestResult) r = RUN_PW (f, "--json", "list");

  sk_cli_test_assert_exit (r, 0);
  *keep = sk_cli_test_parse_json (r->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (*keep));
  return json_node_get_array (*keep);
}

guint
sk_cli_test_count_accounts (SkCliTestFixture *f)
{
  g_autoptr(JsonNode) root = NULL;

  return json_array_get_length (sk_cli_test_list_json (f, &root));
}

void
sk_cli_test_add_ok (SkCliTestFixture *f,
                    const char       *uri)
{
  g_autoptr(SkCliTestResult) r = RUN_PW (f, "add", uri);

  sk_cli_test_assert_exit (r, 0);
}
