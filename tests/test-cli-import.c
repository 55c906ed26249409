/* test-cli-import.c: sparekey-cli import, export, backup export / import
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "sk-cli-test-util.h"
#include "sk-test-util.h"

#define PASSWORD "vault password"

static JsonNode *
run_json (SkCliTestFixture   *f,
          int                 status,
          const char * const *argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(SkCliTestResult) r = NULL;

  g_ptr_array_add (args, (char *) "--password-file");
  g_ptr_array_add (args, f->pwfile);
  g_ptr_array_add (args, (char *) "--json");
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);
  r = sk_cli_test_run_full (f->vault, NULL, NULL, (const char * const *) args->pdata);
  sk_cli_test_assert_exit (r, status);
  return status == 0 ? sk_cli_test_parse_json (r->out) : NULL;
}

#define RUN_JSON(f, status, ...) run_json ((f), (status), (const char *[]) { __VA_ARGS__, NULL })

static const char *uri_list =
  "otpauth://totp/Deno:Mason?secret=4SJHB4GSD43FZBAI7C2HLRJGPQ&issuer=Deno\n"
  "otpauth://hotp/Issuu:James?secret=YOOMIXWS5GN6RTBPUFFWKTW5M4&issuer=Issuu&counter=3\n"
  "otpauth://totp/%E5%BE%AE%E4%BF%A1:%E5%BC%A0%E4%B8%89?secret=JBSWY3DPEHPK3PXP&issuer=%E5%BE%AE%E4%BF%A1\n"
  "garbage line\n";

static void
test_import_list (SkCliTestFixture *f,
                  gconstpointer     data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autoptr(JsonNode) dry = NULL, done = NULL, again = NULL, codes = NULL;
  JsonArray *list;

  sk_cli_test_write_file (file, uri_list);
  dry = RUN_JSON (f, 0, "import", "--dry-run", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "new"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (dry), "added"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (dry), "invalid")), ==, 1);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 0);

  /* No terminal to confirm: refused without --yes. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "import", file);

    sk_cli_test_assert_exit (r, 5);
    g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 0);
  }

  done = RUN_JSON (f, 0, "import", "--yes", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (done), "added"), ==, 3);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 3);

  /* Again: all duplicates, nothing added. */
  again = RUN_JSON (f, 0, "import", "--yes", file);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "duplicates"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "added"), ==, 0);
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 3);

  /* Every imported account with its issuer, name and current code. */
  codes = RUN_JSON (f, 0, "code", "--all");
  list = json_node_get_array (codes);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      g_assert_nonnull (json_object_get_string_member (o, "issuer"));
      g_assert_nonnull (json_object_get_string_member (o, "name"));
      /* --all lists a HOTP account without using up a code. */
      if (g_str_equal (json_object_get_string_member (o, "type"), "hotp"))
        g_assert_true (json_object_get_null_member (o, "code"));
      else
        g_assert_cmpuint (strlen (json_object_get_string_member (o, "code")), ==, 6);
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "issuer"), ==, "微信");
}

static void
test_export_import (SkCliTestFixture *f,
                    gconstpointer     data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *aegis = g_build_filename (f->dir, "aegis.json", NULL);
  g_autofree char *plain = g_build_filename (f->dir, "plain.txt", NULL);
  g_autofree char *exp_pw = g_build_filename (f->dir, "export-password", NULL);
  g_autofree char *bad_pw = g_build_filename (f->dir, "bad-password", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL, imported = NULL;
  struct stat st;

  sk_cli_test_write_file (file, uri_list);
  sk_cli_test_write_file (exp_pw, "aegis secret\n");
  sk_cli_test_write_file (bad_pw, "wrong\n");
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
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "export", "--format", "otpauth", plain);

    g_assert_cmpint (r->status, !=, 0);
    g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  }
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "export", "--format", "otpauth", "--yes-plaintext", plain);
  g_assert_cmpint (g_stat (plain, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Into a second vault: wrong password, no password, then right. */
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    sk_cli_test_assert_exit (r, 0);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", "--source-password-file", bad_pw, aegis, NULL });
    sk_cli_test_assert_exit (r, 3);
    g_assert_nonnull (strstr (r->err, "wrong password"));
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", aegis, NULL });
    sk_cli_test_assert_exit (r, 5);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "import", "--yes", "--source-password-file", exp_pw, aegis, NULL });
    sk_cli_test_assert_exit (r, 0);
    imported = sk_cli_test_parse_json (r->out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (imported), "format"), ==, "aegis");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "added"), ==, 3);
  }
}

/* An encrypted 2FAS backup through the real binary: a password of its
 * own or the vault's; never written without one. */
static void
test_export_2fas_encrypted (SkCliTestFixture *f,
                            gconstpointer     data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *separate = g_build_filename (f->dir, "separate.2fas", NULL);
  g_autofree char *vault_pw = g_build_filename (f->dir, "vault-password.2fas", NULL);
  g_autofree char *unasked = g_build_filename (f->dir, "unasked.2fas", NULL);
  g_autofree char *exp_pw = g_build_filename (f->dir, "export-password", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL, root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  JsonObject *obj;
  struct stat st;

  sk_cli_test_write_file (file, uri_list);
  sk_cli_test_write_file (exp_pw, "2FAS 备份 password\n");
  out = RUN_JSON (f, 0, "import", "--yes", file);

  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "export", "--format", "2fas-encrypted", "--target-password-file", exp_pw, separate);
  obj = json_node_get_object (out);
  g_assert_cmpstr (json_object_get_string_member (obj, "format"), ==, "2fas-encrypted");
  g_assert_true (json_object_get_boolean_member (obj, "encrypted"));
  g_assert_cmpint (json_object_get_int_member (obj, "accounts"), ==, 3);
  g_assert_cmpint (g_stat (separate, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bytes = sk_cli_test_read_bytes (separate);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_null (strstr (text, "4SJHB4GSD43FZBAI7C2HLRJGPQ"));
  root = sk_cli_test_parse_json (text);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "services")), ==, 0);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (root), "servicesEncrypted"));
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (root), "reference"));

  /* No password file and no terminal to ask on: nothing written. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "export", "--format", "2fas-encrypted", unasked);

    sk_cli_test_assert_exit (r, 5);
    g_assert_nonnull (strstr (r->err, "no terminal"));
    g_assert_false (g_file_test (unasked, G_FILE_TEST_EXISTS));
  }

  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "export", "--format", "2fas-encrypted", "--vault-password", vault_pw);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (out), "encrypted"));

  /* Read back by a second vault: the right password only. */
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    sk_cli_test_assert_exit (r, 0);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", "--source-password-file", f->pwfile, separate, NULL });
    sk_cli_test_assert_exit (r, 3);
    g_assert_nonnull (strstr (r->err, "wrong password"));
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "import", "--yes", "--source-password-file", exp_pw, vault_pw, NULL });
    sk_cli_test_assert_exit (r, 3);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "import", "--dry-run", "--source-password-file", f->pwfile,
      vault_pw, NULL });
    g_autoptr(JsonNode) imported = NULL;

    sk_cli_test_assert_exit (r, 0);
    imported = sk_cli_test_parse_json (r->out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "new"), ==, 3);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "import", "--yes", "--source-password-file", exp_pw,
      separate, NULL });
    g_autoptr(JsonNode) imported = NULL;

    sk_cli_test_assert_exit (r, 0);
    imported = sk_cli_test_parse_json (r->out);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (imported), "format"), ==, "2fas");
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (imported), "added"), ==, 3);
  }
  /* The same codes in both vaults, at the same moment (the HOTP one at
   * the same counter). */
  {
    g_autoptr(SkCliTestResult) a = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "code", "--all", "--at", "1700000000", NULL });
    g_autoptr(SkCliTestResult) b = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "code", "--all", "--at", "1700000000", NULL });
    g_autoptr(JsonNode) ja = NULL, jb = NULL;
    JsonArray *la, *lb;

    sk_cli_test_assert_exit (a, 0);
    sk_cli_test_assert_exit (b, 0);
    ja = sk_cli_test_parse_json (a->out);
    jb = sk_cli_test_parse_json (b->out);
    la = json_node_get_array (ja);
    lb = json_node_get_array (jb);
    g_assert_cmpuint (json_array_get_length (la), ==, 3);
    g_assert_cmpuint (json_array_get_length (lb), ==, 3);
    for (guint i = 0; i < 3; i++)
      {
        JsonObject *x = json_array_get_object_element (la, i);
        JsonObject *y = json_array_get_object_element (lb, i);

        json_object_remove_member (x, "uuid");
        json_object_remove_member (y, "uuid");
        g_assert_true (json_node_equal (json_array_get_element (la, i), json_array_get_element (lb, i)));
      }
  }
}

static void
test_backup (SkCliTestFixture *f,
             gconstpointer     data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "full.sparekey", NULL);
  g_autofree char *bpw = g_build_filename (f->dir, "backup-password", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL;

  sk_cli_test_write_file (file, uri_list);
  sk_cli_test_write_file (bpw, "backup secret\n");
  out = RUN_JSON (f, 0, "import", "--yes", file);
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "backup", "export", "--target-password-file", bpw,
                  "--kdf-memlimit", "8192", "--kdf-opslimit", "1", backup);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (out), "accounts"), ==, 3);

  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    sk_cli_test_assert_exit (r, 0);
  }
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "backup", "import", "--yes",
      "--source-password-file", bpw, backup, NULL });
    sk_cli_test_assert_exit (r, 0);
    g_clear_pointer (&out, json_node_unref);
    out = sk_cli_test_parse_json (r->out);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (out), "vault_accounts"), ==, 3);
  }
  /* The backup password, not the vault's. */
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "backup", "import", "--yes",
      "--source-password-file", f->pwfile, backup, NULL });
    sk_cli_test_assert_exit (r, 3);
  }
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
}

static JsonObject *
only_account (SkCliTestFixture  *f,
              JsonNode         **keep)
{
  JsonArray *list = sk_cli_test_list_json (f, keep);

  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  return json_array_get_object_element (list, 0);
}

/* Icons come with an Aegis import, are listed by type and size, saved,
 * replaced, refused when they are no picture, removed; a duplicate gives
 * its icon to the account that has none. */
static void
test_icons (SkCliTestFixture *f,
            gconstpointer     data)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 40, 0x3584e4ff);
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  g_autoptr(GBytes) saved = NULL;
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autofree char *aegis = g_strdup_printf (
    "{\"version\":1,\"header\":{\"slots\":null,\"params\":null},\"db\":{\"version\":3,\"entries\":["
    "{\"type\":\"totp\",\"uuid\":\"3ae6f1ad-2e65-4ed2-a953-1ec0dff2386d\",\"name\":\"Mason\",\"issuer\":\"Deno\","
    "\"note\":\"\",\"favorite\":false,\"icon\":\"%s\",\"icon_mime\":\"image/png\","
    "\"info\":{\"secret\":\"4SJHB4GSD43FZBAI7C2HLRJGPQ\",\"algo\":\"SHA1\",\"digits\":6,\"period\":30},"
    "\"groups\":[]}],\"groups\":[]}}", b64);
  g_autofree char *aegis_path = g_build_filename (f->dir, "aegis.json", NULL);
  g_autofree char *png_out = g_build_filename (f->dir, "out.png", NULL);
  g_autofree char *svg_path = g_build_filename (f->dir, "logo.svg", NULL);
  g_autofree char *text_path = g_build_filename (f->dir, "notes.png", NULL);
  g_autoptr(JsonNode) done = NULL, again = NULL, list = NULL, set = NULL;
  JsonObject *account;
  JsonObject *entry;

  sk_cli_test_write_file (aegis_path, aegis);
  write_bytes (svg_path, svg);
  sk_cli_test_write_file (text_path, "not a picture at all");

  done = RUN_JSON (f, 0, "import", "--yes", aegis_path);
  account = only_account (f, &list);
  g_assert_cmpstr (json_object_get_string_member (account, "icon_mime"), ==, "image/png");
  g_assert_cmpint (json_object_get_int_member (account, "icon_size"), ==, g_bytes_get_size (png));

  g_clear_pointer (&set, json_node_unref);
  set = RUN_JSON (f, 0, "icon", "Deno", "--save", png_out);
  saved = sk_cli_test_read_bytes (png_out);
  g_assert_true (g_bytes_equal (saved, png));

  /* A file that is not a picture: status 5, nothing changed. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "icon", "Deno", text_path);

    sk_cli_test_assert_exit (r, 5);
  }
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "icon", "Deno");

    sk_cli_test_assert_exit (r, 2);
  }
  g_clear_pointer (&list, json_node_unref);
  account = only_account (f, &list);
  g_assert_cmpstr (json_object_get_string_member (account, "icon_mime"), ==, "image/png");

  g_clear_pointer (&set, json_node_unref);
  set = RUN_JSON (f, 0, "icon", "Deno", svg_path);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (set), "icon_mime"), ==, "image/svg+xml");

  g_clear_pointer (&set, json_node_unref);
  set = RUN_JSON (f, 0, "icon", "Deno", "--remove");
  g_assert_true (json_object_get_null_member (json_node_get_object (set), "icon_mime"));
  g_assert_true (json_object_get_null_member (json_node_get_object (set), "icon_size"));
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "icon", "Deno", "--save", png_out);

    sk_cli_test_assert_exit (r, 4);
  }

  /* The same file again: a duplicate, but its icon fills the gap. */
  again = RUN_JSON (f, 0, "import", "--yes", aegis_path);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "added"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (again), "icons_added"), ==, 1);
  entry = json_array_get_object_element (json_object_get_array_member (json_node_get_object (again), "entries"), 0);
  g_assert_true (json_object_get_boolean_member (entry, "adds_icon"));
  g_assert_true (json_object_get_null_member (entry, "warning"));
  g_clear_pointer (&list, json_node_unref);
  account = only_account (f, &list);
  g_assert_cmpstr (json_object_get_string_member (account, "icon_mime"), ==, "image/png");
}

/* Inputs are read bounded: /dev/zero and a FIFO that never ends fail
 * cleanly at the cap (no abort in g_malloc); a missing file is "not
 * found" (status 4), as docs/cli.md says. Nothing is added by any. */
static void
test_bounded_inputs (SkCliTestFixture *f,
                     gconstpointer     data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "endless", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.json", NULL);
  g_autofree char *missing_png = g_build_filename (f->dir, "missing.png", NULL);
  g_autoptr(SkCliTestResult) zero = NULL;
  g_autoptr(SkCliTestResult) endless = NULL;
  g_autoptr(SkCliTestResult) absent = NULL;
  g_autoptr(SkCliTestResult) absent_qr = NULL;
  g_autoptr(SkCliTestResult) qr_zero = NULL;
  g_autoptr(SkCliTestResult) codes_zero = NULL;
  g_autoptr(SkCliTestResult) icon_zero = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) writer = NULL;

  sk_cli_test_add_ok (f, "otpauth://totp/A:one?secret=JBSWY3DPEHPK3PXP");

  zero = RUN_PW (f, "import", "--yes", "/dev/zero");
  sk_cli_test_assert_exit (zero, 5);
  g_assert_nonnull (strstr (zero->err, "too large"));

  /* A writer that never stops; it ends with SIGPIPE once we give up. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error, "sh", "-c", "exec cat /dev/zero > \"$0\"", fifo, NULL);
  g_assert_no_error (error);
  endless = RUN_PW (f, "import", "--yes", fifo);
  sk_cli_test_assert_exit (endless, 5);
  g_assert_nonnull (strstr (endless->err, "too large"));
  g_subprocess_wait (writer, NULL, NULL);

  absent = RUN_PW (f, "import", "--yes", missing);
  sk_cli_test_assert_exit (absent, 4);
  g_assert_nonnull (strstr (absent->err, "missing.json"));

  absent_qr = RUN_PW (f, "add", "--qr", missing_png);
  sk_cli_test_assert_exit (absent_qr, 4);
  g_assert_nonnull (strstr (absent_qr->err, "missing.png"));

  qr_zero = RUN_PW (f, "add", "--qr", "/dev/zero");
  sk_cli_test_assert_exit (qr_zero, 5);

  codes_zero = RUN_PW (f, "codes", "add", "one", "/dev/zero", "--yes");
  sk_cli_test_assert_exit (codes_zero, 5);
  g_assert_nonnull (strstr (codes_zero->err, "64"));

  icon_zero = RUN_PW (f, "icon", "one", "/dev/zero");
  g_assert_cmpint (icon_zero->status, !=, 0);
  g_assert_nonnull (strstr (icon_zero->err, "too large"));

  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 1);
}

/* Accounts without codes through every command that lists or exports
 * accounts: listed with their protection, skipped by "code --all", left
 * out of other authenticators' exports with a warning and a count, kept
 * by Sparekey's own backup. */
static void
test_no_code (SkCliTestFixture *f,
              gconstpointer     data)
{
  g_autofree char *file = g_build_filename (f->dir, "codes.txt", NULL);
  g_autofree char *exp_pw = g_build_filename (f->dir, "export-password", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "full.sparekey", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sparekey", NULL);
  g_autoptr(JsonNode) out = NULL;
  JsonArray *list;
  JsonObject *o;
  static const char * const formats[] = {
    "aegis", "aegis-plain", "2fas", "2fas-encrypted", "otpauth", "migration-qr",
  };

  sk_cli_test_write_file (file, uri_list);
  sk_cli_test_write_file (exp_pw, "export secret\n");
  out = RUN_JSON (f, 0, "import", "--yes", file);

  /* The contract: --no-code --issuer [--name] [--protection]. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "add", "--no-code", "--name", "x");

    sk_cli_test_assert_exit (r, 2);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "add", "--no-code", "--issuer", "QQ", "--protection", "carrier-pigeon");
    sk_cli_test_assert_exit (r, 5);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "add", "--issuer", "QQ");
    sk_cli_test_assert_exit (r, 2);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "add", "--no-code", "--issuer", "QQ\x1b[31m");
    sk_cli_test_assert_exit (r, 5);
    g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 3);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "add", "--no-code", "--issuer", "QQ", "--name", "10001");
    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "SMS code"));
  }
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "add", "--no-code", "--issuer", "支付宝", "--protection", "app", "--category", "wallet");
  o = json_array_get_object_element (json_object_get_array_member (json_node_get_object (out), "added"), 0);
  g_assert_false (json_object_get_boolean_member (o, "has_code"));
  g_assert_cmpstr (json_object_get_string_member (o, "protection"), ==, "app");
  g_assert_cmpstr (json_object_get_string_member (o, "type"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (o, "category"), ==, "wallet");
  g_assert_true (json_object_get_null_member (o, "digits"));
  g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 5);

  /* list: the protection where the code type would be; filters. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "list");

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "SMS code"));
    g_assert_nonnull (strstr (r->out, "App prompt"));
    g_assert_nonnull (strstr (r->out, "TOTP"));
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "list", "--with-codes", "--without-codes");
    sk_cli_test_assert_exit (r, 2);
  }
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "list", "--without-codes");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 2);
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "list", "--with-codes");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 3);
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "list", "支付宝");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 1);

  /* code: --all skips them; one named alone says it has none. */
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "code", "--all");
  list = json_node_get_array (out);
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, i), "issuer"), !=, "QQ");
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "code", "QQ");

    sk_cli_test_assert_exit (r, 4);
    g_assert_nonnull (strstr (r->err, "no authenticator codes"));
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "qr", "QQ");
    sk_cli_test_assert_exit (r, 4);
  }

  /* show and edit. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "show", "QQ");

    sk_cli_test_assert_exit (r, 0);
    g_assert_nonnull (strstr (r->out, "SMS code"));
    g_assert_null (strstr (r->out, "Digits"));
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "edit", "QQ", "--digits", "8");
    sk_cli_test_assert_exit (r, 5);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "edit", "Deno", "--protection", "sms");
    sk_cli_test_assert_exit (r, 5);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = RUN_PW (f, "edit", "QQ", "--protection", "hardware-key", "--service", "qq", "--note", "密保");
    sk_cli_test_assert_exit (r, 0);
  }
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "show", "QQ");
  o = json_node_get_object (out);
  g_assert_cmpstr (json_object_get_string_member (o, "protection"), ==, "hardware-key");
  g_assert_cmpstr (json_object_get_string_member (o, "service"), ==, "qq");
  g_assert_cmpstr (json_object_get_string_member (o, "note"), ==, "密保");

  /* Exports to other authenticators leave both out and say so. */
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *name = g_strdup_printf ("export-%s", formats[i]);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(SkCliTestResult) r = NULL;
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(JsonNode) result = NULL;

      r = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
        "--password-file", f->pwfile, "export", "--format", formats[i],
        "--target-password-file", exp_pw, "--yes-plaintext", path, NULL });
      sk_cli_test_assert_exit (r, 0);
      g_assert_nonnull (strstr (r->err, "2 accounts without authenticator codes were left out"));
      /* Only the plain formats can be searched for names: base64 of
       * encrypted ones holds "QQ" by chance, QR pictures hold no text. */
      if ((g_str_equal (formats[i], "aegis-plain") || g_str_equal (formats[i], "2fas") ||
           g_str_equal (formats[i], "otpauth")) &&
          g_file_get_contents (path, &contents, &length, NULL))
        {
          g_assert_null (memmem (contents, length, "QQ", 2));
          g_assert_null (memmem (contents, length, "支付宝", strlen ("支付宝")));
        }
      g_clear_pointer (&r, sk_cli_test_result_free);
      g_remove (path);
      r = sk_cli_test_run_full (f->vault, NULL, NULL, (const char *[]) {
        "--password-file", f->pwfile, "--json", "export", "--format", formats[i],
        "--target-password-file", exp_pw, "--yes-plaintext", path, NULL });
      sk_cli_test_assert_exit (r, 0);
      result = sk_cli_test_parse_json (r->out);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "left_out_without_codes"), ==, 2);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "accounts"), <=, 3);
    }
  /* The plain list holds the three with codes, nothing else. */
  {
    g_autofree char *path = g_build_filename (f->dir, "export-otpauth", NULL);
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    lines = g_strsplit (g_strstrip (contents), "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }

  /* Sparekey's own backup keeps them. */
  g_clear_pointer (&out, json_node_unref);
  out = RUN_JSON (f, 0, "backup", "export", "--target-password-file", exp_pw,
                  "--kdf-memlimit", "8192", "--kdf-opslimit", "1", backup);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (out), "accounts"), ==, 5);
  {
    g_autoptr(SkCliTestResult) r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "init", "--kdf-memlimit", "8192", "--kdf-opslimit", "1", NULL });
    sk_cli_test_assert_exit (r, 0);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "backup", "import", "--yes",
      "--source-password-file", exp_pw, backup, NULL });
    sk_cli_test_assert_exit (r, 0);
    g_clear_pointer (&r, sk_cli_test_result_free);
    r = sk_cli_test_run_full (other, NULL, NULL, (const char *[]) {
      "--password-file", f->pwfile, "--json", "list", "--without-codes", NULL });
    sk_cli_test_assert_exit (r, 0);
    g_clear_pointer (&out, json_node_unref);
    out = sk_cli_test_parse_json (r->out);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 2);
  }

  /* rm works on them like on any account. */
  {
    g_autoptr(SkCliTestResult) r = RUN_PW (f, "rm", "--yes", "QQ");

    sk_cli_test_assert_exit (r, 0);
    g_assert_cmpuint (sk_cli_test_count_accounts (f), ==, 4);
  }
}

int
main (int    argc,
      char **argv)
{
  sk_cli_test_init (&argc, &argv, PASSWORD);

  SK_CLI_TEST_ADD ("/cli-import/list", test_import_list, NULL);
  SK_CLI_TEST_ADD ("/cli-import/export-import", test_export_import, NULL);
  SK_CLI_TEST_ADD ("/cli-import/export-2fas-encrypted", test_export_2fas_encrypted, NULL);
  SK_CLI_TEST_ADD ("/cli-import/no-code", test_no_code, NULL);
  SK_CLI_TEST_ADD ("/cli-import/backup", test_backup, NULL);
  SK_CLI_TEST_ADD ("/cli-import/icons", test_icons, NULL);
  SK_CLI_TEST_ADD ("/cli-import/bounded-inputs", test_bounded_inputs, NULL);

  return g_test_run ();
}
