/* sk-cli-test-util.h: helpers shared by the tests that run sparekey-cli
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What one run of the binary gave back. */
typedef struct {
  int   status;
  char *out;
  char *err;
} SkCliTestResult;

void              sk_cli_test_result_free      (SkCliTestResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkCliTestResult, sk_cli_test_result_free)

/* A temporary folder with a vault path and a password file in it. */
typedef struct {
  char *dir;
  char *vault;
  char *pwfile;
} SkCliTestFixture;

/* Runs $SPAREKEY_CLI with @argv (NULL-terminated), @input on standard
 * input, SPAREKEY_VAULT set to @vault (or unset if NULL), and an optional
 * extra descriptor 3 reading @fd3_text. Asserts the child exited normally. */
SkCliTestResult  *sk_cli_test_run_full         (const char         *vault,
                                                const char         *input,
                                                const char         *fd3_text,
                                                const char * const *argv);
/* The same, with @env (NULL-terminated "NAME=value" strings) added to the
 * environment of the child. */
SkCliTestResult  *sk_cli_test_run_env          (const char         *vault,
                                                const char * const *env,
                                                const char * const *argv);
/* Fails the test, showing both outputs, unless @result exited @status. */
void              sk_cli_test_assert_exit      (SkCliTestResult    *result,
                                                int                 status);
/* Writes or reads a whole file, asserting success. */
void              sk_cli_test_write_file       (const char         *path,
                                                const char         *contents);
GBytes           *sk_cli_test_read_bytes       (const char         *path);
/* Another machine's copy of the fixture's vault, for sync tests: copies
 * it to @f->dir/laptop/vault.sparekey and returns that path. */
char             *sk_cli_test_copy_vault_away  (SkCliTestFixture   *f);
/* What a sync tool leaves when both copies changed: puts @other beside the
 * fixture's vault (which must be called vault.sparekey) as a Syncthing
 * conflict copy and returns the copy's path. */
char             *sk_cli_test_leave_conflict_copy (SkCliTestFixture *f,
                                                   const char       *other);
/* Parses @text as JSON, asserting success; returns a copy of the root. */
JsonNode         *sk_cli_test_parse_json       (const char         *text);

/* Starts the core and GTest; @password is what every fixture's password
 * file holds (the vault password of the tests in this program). */
void              sk_cli_test_init             (int                *argc,
                                                char             ***argv,
                                                const char         *password);
/* Fills @f with a fresh folder and password file; unless @data is
 * non-NULL, also creates the vault there with the cheapest KDF. */
void              sk_cli_test_fixture_setup    (SkCliTestFixture   *f,
                                                gconstpointer       data);
void              sk_cli_test_fixture_teardown (SkCliTestFixture   *f,
                                                gconstpointer       data);

/* `--json list` of the fixture's vault; @keep holds the parsed root. */
JsonArray        *sk_cli_test_list_json        (SkCliTestFixture   *f,
                                                JsonNode          **keep);
guint             sk_cli_test_count_accounts   (SkCliTestFixture   *f);
/* `add @uri` with the fixture's password file, asserting success. */
void              sk_cli_test_add_ok           (SkCliTestFixture   *f,
                                                const char         *uri);

/* Adds test @func at @path on an SkCliTestFixture (@data as above). */
#define SK_CLI_TEST_ADD(path, func, data) \
  g_test_add ((path), SkCliTestFixture, (data), sk_cli_test_fixture_setup, (func), sk_cli_test_fixture_teardown)

#define RUN(f, ...) sk_cli_test_run_full ((f)->vault, NULL, NULL, (const char *[]) { __VA_ARGS__, NULL })
#define RUN_IN(f, input, ...) sk_cli_test_run_full ((f)->vault, (input), NULL, (const char *[]) { __VA_ARGS__, NULL })

/* Runs with the fixture's password file. */
#define RUN_PW(f, ...) sk_cli_test_run_full ((f)->vault, NULL, NULL, (const char *[]) { "--password-file", (f)->pwfile, __VA_ARGS__, NULL })

G_END_DECLS
