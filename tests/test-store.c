/* test-store.c: the vault file: encryption, tamper detection, saves,
 * backups, password changes, full disks
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sk-test-util.h"

#define URI_A "otpauth://totp/ACME:john?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=ACME"
#define URI_B "otpauth://hotp/Bank:alice?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&counter=3"

static SkStore *
create_store (const char *path,
              const char *password)
{
  g_autoptr(GError) error = NULL;
  SkKdfParams kdf;
  SkStore *store;

  sk_test_kdf_fast (&kdf);
  store = sk_store_create (path, password, &kdf, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static void
add_uri (SkStore    *store,
         const char *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = sk_account_new_from_uri (uri, &error);

  g_assert_no_error (error);
  sk_vault_add_account (sk_store_get_vault (store), account);
}

static GBytes *
slurp (const char *path)
{
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
spew (const char   *path,
      const guint8 *data,
      gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents_full (path, (const char *) data, len, G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);
}

static void
test_create_open (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sub", "vault.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "correct horse");
  g_autoptr(SkStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *subdir = g_path_get_dirname (path);
  GStatBuf st;

  /* File 0600, created folder 0700. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (subdir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  add_uri (store, URI_A);
  add_uri (store, URI_B);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  again = sk_store_open (path, "correct horse", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (again)), ==, 2);
  g_assert_true (sk_store_probe (path, NULL));

  /* Creating over an existing vault is refused and changes nothing. */
  {
    g_autoptr(GBytes) before = slurp (path);
    g_autoptr(GBytes) after = NULL;
    SkKdfParams kdf;
    g_autoptr(SkStore) other = NULL;

    sk_test_kdf_fast (&kdf);
    other = sk_store_create (path, "other", &kdf, &error);
    g_assert_null (other);
    g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_EXISTS);
    g_clear_error (&error);
    after = slurp (path);
    g_assert_true (g_bytes_equal (before, after));
  }

  /* The file never holds the secret in clear. */
  {
    g_autoptr(GBytes) bytes = slurp (path);
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    g_assert_null (memmem (data, len, "GEZDGNBVGY3TQOJQ", 16));
    g_assert_null (memmem (data, len, "12345678901234567890", 20));
    g_assert_null (memmem (data, len, "ACME", 4));
  }
}

static void
test_wrong_password (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "right");
  g_autoptr(SkStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = slurp (path);
  g_autoptr(GBytes) after = NULL;

  again = sk_store_open (path, "wrong", &error);
  g_assert_null (again);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  again = sk_store_open (path, "", &error);
  g_assert_null (again);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID);
  after = slurp (path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_not_a_vault (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;

  spew (path, (const guint8 *) "{\"version\":1}", 13);
  store = sk_store_open (path, "x", &error);
  g_assert_null (store);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_A_VAULT);
  g_clear_error (&error);

  store = sk_store_open (missing, "x", &error);
  g_assert_null (store);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND);
}

/* Every single-byte change anywhere in the file is rejected, the file is
 * left as it was, and no change is mistaken for a good vault. */
static void
test_every_byte (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;
  guint wrong_password = 0, damaged = 0, other = 0;

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));
  original = slurp (path);
  data = g_bytes_get_data (original, &len);
  g_test_message ("vault file: %" G_GSIZE_FORMAT " bytes", len);

  for (gsize i = 0; i < len; i++)
    {
      static const guint8 flips[] = { 0x01, 0x80, 0xff };

      for (guint f = 0; f < G_N_ELEMENTS (flips); f++)
        {
          g_autofree guint8 *copy = g_memdup2 (data, len);
          g_autoptr(GError) e = NULL;
          g_autoptr(SkStore) s = NULL;
          g_autoptr(GBytes) after = NULL;

          copy[i] ^= flips[f];
          spew (probe, copy, len);
          s = sk_store_open (probe, "pw", &e);
          if (s != NULL)
            g_error ("byte %" G_GSIZE_FORMAT " ^ 0x%02x was not detected", i, flips[f]);
          g_assert_nonnull (e);
          g_assert_true (e->domain == SK_VAULT_ERROR);
          if (e->code == SK_VAULT_ERROR_WRONG_PASSWORD)
            wrong_password++;
          else if (e->code == SK_VAULT_ERROR_DAMAGED)
            damaged++;
          else
            other++;
          after = slurp (probe);
          g_assert_cmpmem (g_bytes_get_data (after, NULL), len, copy, len);
        }
    }
  g_test_message ("rejected: %u as wrong password (key slot), %u as damaged, %u other",
                  wrong_password, damaged, other);
  /* Changes after the key slot are told apart from a wrong password. */
  g_assert_cmpuint (damaged, >, wrong_password);

  /* And every truncation. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(SkStore) s = NULL;

      spew (probe, data, cut);
      s = sk_store_open (probe, "pw", &e);
      g_assert_null (s);
      g_assert_nonnull (e);
    }

  /* The untouched file still opens. */
  {
    g_autoptr(SkStore) s = sk_store_open (path, "pw", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 1);
  }
}

static void
test_newer_version (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GBytes) bytes = slurp (path);
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) s = NULL;

  copy[8] = 2;
  spew (path, copy, g_bytes_get_size (bytes));
  s = sk_store_open (path, "pw", &error);
  g_assert_null (s);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION);
}

/* A vault written by format version 1 (kept in tests/data) opens forever. */
static void
test_format_v1_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vault-v1.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GPtrArray) found = NULL;
  char code[SK_OTP_CODE_MAX];
  SkAccount *account;

  store = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (store)), ==, 2);
  found = sk_vault_find_accounts (sk_store_get_vault (store), "RFC 6238");
  g_assert_cmpuint (found->len, ==, 1);
  account = found->pdata[0];
  g_assert_true (sk_account_generate (account, 59, code, &error));
  g_assert_cmpstr (code, ==, "94287082");
}

/* A version 1 vault gets icons without a new format version: they ride
 * in the accounts' "extra" member, which version 1 already keeps. */
static void
test_format_v1_icons (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "vault-v1.sparekey", NULL);
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 32, 0xc01c28ff);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) again = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *uuid = NULL;
  gsize len;
  SkAccount *account;

  g_assert_true (g_file_get_contents (fixture, &data, &len, NULL));
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  store = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  found = sk_vault_find_accounts (sk_store_get_vault (store), "RFC 6238");
  account = found->pdata[0];
  uuid = g_strdup (sk_account_get_uuid (account));
  g_assert_null (sk_account_get_icon (account));
  g_assert_true (sk_account_set_icon (account, png, "image/png", NULL));
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);

  /* Header and payload keep version 1. */
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpint (data[8] | (data[9] << 8), ==, 1);

  again = sk_store_open (path, "sparekey-v1", &error);
  g_assert_no_error (error);
  account = sk_vault_lookup_account (sk_store_get_vault (again), uuid);
  g_assert_nonnull (account);
  g_assert_true (g_bytes_equal (sk_account_get_icon (account), png));
  g_assert_cmpstr (sk_account_get_icon_mime_type (account), ==, "image/png");
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (again)), ==, 2);
  sk_test_rm_rf (dir);
}

static void
test_change_password (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "old");
  g_autoptr(SkStore) s = NULL;
  g_autoptr(GError) error = NULL;
  SkKdfParams kdf;

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));

  /* Settings sk_store_open() would refuse (one pass more than it takes)
   * are refused before anything is written: the old password still
   * opens the vault. */
  sk_test_kdf_fast (&kdf);
  kdf.opslimit = 1001;
  g_assert_false (sk_store_change_password (store, "new", &kdf, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_INVALID);
  g_clear_error (&error);
  s = sk_store_open (path, "old", &error);
  g_assert_no_error (error);
  g_clear_object (&s);

  sk_test_kdf_fast (&kdf);
  g_assert_true (sk_store_change_password (store, "new", &kdf, &error));
  g_assert_no_error (error);

  s = sk_store_open (path, "old", &error);
  g_assert_null (s);
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  s = sk_store_open (path, "new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 1);

  /* A second store that read before the change saves without undoing it. */
  add_uri (store, URI_B);
  g_assert_true (sk_store_save (store, &error));
  add_uri (s, URI_B);
  g_assert_true (sk_store_save (s, &error));
  g_clear_object (&s);
  s = sk_store_open (path, "new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 3);
}

static void
test_backups (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *backup_dir = g_build_filename (dir, "my-backups", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  guint n_accounts = 0, n_diff = 0;
  GStatBuf st;

  sk_store_set_backup_dir (store, backup_dir);
  sk_store_set_backup_keep (store, 3);
  for (guint i = 0; i < 5; i++)
    {
      add_uri (store, URI_A);
      g_assert_true (sk_store_save (store, &error));
      g_assert_no_error (error);
    }

  backups = sk_store_list_backups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 3);
  for (guint i = 0; i < backups->len; i++)
    {
      SkBackupInfo *info = backups->pdata[i];

      g_assert_cmpint (g_stat (info->path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      if (i > 0)
        g_assert_cmpint (info->time, <=, ((SkBackupInfo *) backups->pdata[i - 1])->time);
    }

  /* The newest backup is the vault before the last save: 4 accounts. */
  g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[0])->path,
                                         "pw", &n_accounts, &n_diff, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accounts, ==, 4);
  g_assert_cmpuint (n_diff, ==, 1);

  /* "Back up now": the vault as it is, newest, the oldest pruned. */
  {
    g_autoptr(GPtrArray) now = NULL;

    g_assert_true (sk_store_backup_now (store, &error));
    g_assert_no_error (error);
    now = sk_store_list_backups (store, &error);
    g_assert_cmpuint (now->len, ==, 3);
    g_assert_cmpstr (((SkBackupInfo *) now->pdata[1])->path, ==, ((SkBackupInfo *) backups->pdata[0])->path);
    g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) now->pdata[0])->path,
                                           "pw", &n_accounts, &n_diff, &error));
    g_assert_cmpuint (n_accounts, ==, 5);
    g_assert_cmpuint (n_diff, ==, 0);
    g_clear_pointer (&backups, g_ptr_array_unref);
    backups = g_steal_pointer (&now);
  }

  g_assert_false (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[0])->path,
                                          "nope", &n_accounts, &n_diff, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);

  /* Restore the oldest kept one (3 accounts); the 5-account state becomes
   * a backup itself. */
  g_assert_true (sk_store_restore_backup (store, ((SkBackupInfo *) backups->pdata[2])->path,
                                          "pw", &error));
  g_assert_no_error (error);
  {
    g_autoptr(SkStore) s = sk_store_open (path, "pw", &error);
    g_autoptr(GPtrArray) after = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 3);
    sk_store_set_backup_dir (s, backup_dir);
    after = sk_store_list_backups (s, &error);
    g_assert_true (sk_store_verify_backup (s, ((SkBackupInfo *) after->pdata[0])->path,
                                           "pw", &n_accounts, &n_diff, &error));
    g_assert_cmpuint (n_accounts, ==, 5);
  }
}

/* Backups are ordered by a sequence that only grows: 30 files dated in
 * the future (a wrong clock elsewhere, planted files) neither push each
 * new backup out nor get pruned; older versions' names still count. */
static void
test_backups_future_names (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *backup_dir = g_build_filename (dir, "backups", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  guint n_accounts = 0, n_diff = 0;

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));
  g_assert_cmpint (g_mkdir_with_parents (backup_dir, 0700), ==, 0);
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("vault-20991231T2359%02u.000000Z.sparekey", i);
      g_autofree char *p = g_build_filename (backup_dir, name, NULL);

      spew (p, (const guint8 *) "planted", 7);
    }
  /* Backups in the name format of older versions, in the past. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("vault-2020010%uT000000.000000Z.sparekey", i + 1);
      g_autofree char *p = g_build_filename (backup_dir, name, NULL);

      spew (p, (const guint8 *) "old", 3);
    }

  sk_store_set_backup_keep (store, 4);
  for (guint i = 0; i < 2; i++)
    {
      add_uri (store, URI_B);
      g_assert_true (sk_store_save (store, &error));
      g_assert_no_error (error);
    }

  backups = sk_store_list_backups (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 4);
  /* The three backups of the saves first, then the newest old-format one. */
  g_assert_cmpuint (((SkBackupInfo *) backups->pdata[0])->sequence, ==, 3);
  g_assert_cmpuint (((SkBackupInfo *) backups->pdata[1])->sequence, ==, 2);
  g_assert_cmpuint (((SkBackupInfo *) backups->pdata[2])->sequence, ==, 1);
  g_assert_cmpuint (((SkBackupInfo *) backups->pdata[3])->sequence, ==, 0);
  g_assert_nonnull (strstr (((SkBackupInfo *) backups->pdata[3])->path, "20200104T"));
  g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[0])->path, "pw",
                                         &n_accounts, &n_diff, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accounts, ==, 2);

  /* Every planted file is still there: not ours to delete. */
  for (guint i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("vault-20991231T2359%02u.000000Z.sparekey", i);
      g_autofree char *p = g_build_filename (backup_dir, name, NULL);

      g_assert_true (g_file_test (p, G_FILE_TEST_EXISTS));
    }

  /* Even a keep of 1 never prunes the backup just written. */
  sk_store_set_backup_keep (store, 1);
  g_assert_true (sk_store_backup_now (store, &error));
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = sk_store_list_backups (store, &error);
  g_assert_cmpuint (backups->len, ==, 1);
  g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[0])->path, "pw",
                                         &n_accounts, &n_diff, &error));
  g_assert_cmpuint (n_accounts, ==, 3);
  sk_test_rm_rf (dir);
}

/* A failed write (file size limit, as a full disk) leaves the old vault
 * byte for byte and reports an I/O error. */
static void
test_full_disk (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  pid_t pid;

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));
  sk_store_set_backup_keep (store, 0);
  before = slurp (path);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit rl = { 200, 200 };
      g_autoptr(GError) e = NULL;

      /* Writes past 200 bytes fail with EFBIG, like ENOSPC on a full disk. */
      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &rl);
      for (guint i = 0; i < 20; i++)
        add_uri (store, URI_B);
      if (sk_store_save (store, &e))
        _exit (2);
      if (!g_error_matches (e, SK_VAULT_ERROR, SK_VAULT_ERROR_IO))
        _exit (3);
      if (strstr (e->message, "nothing was changed") == NULL)
        _exit (4);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  {
    g_autoptr(GBytes) after = slurp (path);
    g_autoptr(SkStore) s = NULL;
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    g_assert_true (g_bytes_equal (before, after));
    s = sk_store_open (path, "pw", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 1);
    /* No temporary file is left behind. */
    while ((name = g_dir_read_name (d)) != NULL)
      g_assert_true (g_str_equal (name, "vault.sparekey") || g_str_equal (name, "vault.sparekey.lock") ||
                     g_str_equal (name, "vault.sparekey.reminders") ||
                     g_str_equal (name, "backups"));
  }
}

/* Saves remove only the temporary files they make themselves: files of
 * the user's whose names look like GLib's temporaries survive. */
static void
test_foreign_files_survive (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *elsewhere = g_build_filename (dir, "target.txt", NULL);
  const char *users[] = { "vault.sparekey.backup", "vault.sparekey.sha256", "vault.sparekey.XyZ123",
                          ".vault.sparekey.sparekey-tmp-toolong1", ".other.sparekey.sparekey-tmp-Ab12Cd" };
  g_autofree char *stale = g_build_filename (dir, ".vault.sparekey.sparekey-tmp-Ab12Cd", NULL);
  g_autofree char *link = g_build_filename (dir, ".vault.sparekey.sparekey-tmp-Zz99Zz", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *p = g_build_filename (dir, users[i], NULL);

      spew (p, (const guint8 *) "mine", 4);
    }
  spew (elsewhere, (const guint8 *) "mine", 4);
  g_assert_cmpint (symlink (elsewhere, link), ==, 0);
  spew (stale, (const guint8 *) "left by a killed save", 21);

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
  add_uri (store, URI_B);
  g_assert_true (sk_store_save (store, &error));

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *p = g_build_filename (dir, users[i], NULL);
      g_autoptr(GBytes) kept = slurp (p);

      g_assert_cmpmem (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept), "mine", 4);
    }
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (elsewhere, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  /* And the saves themselves leave no temporary file. */
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".sparekey-tmp-") != NULL)
      g_assert_true (g_str_equal (name, ".vault.sparekey.sparekey-tmp-toolong1") ||
                     g_str_equal (name, ".other.sparekey.sparekey-tmp-Ab12Cd") ||
                     g_str_equal (name, ".vault.sparekey.sparekey-tmp-Zz99Zz"));
  sk_test_rm_rf (dir);
}

/* A vault path that is a symbolic link into another folder (a sync
 * folder): saves write the target, backups go beside it, the link stays
 * a link. */
static void
test_symlinked_vault (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *sync_dir = g_build_filename (dir, "Sync", NULL);
  g_autofree char *link = g_build_filename (data_dir, "vault.sparekey", NULL);
  g_autofree char *target = g_build_filename (sync_dir, "real.sparekey", NULL);
  g_autofree char *link2 = g_build_filename (data_dir, "new.sparekey", NULL);
  g_autofree char *target2 = g_build_filename (sync_dir, "new.sparekey", NULL);
  g_autofree char *sync_backups = g_build_filename (sync_dir, "backups", NULL);
  g_autofree char *data_backups = g_build_filename (data_dir, "backups", NULL);
  g_autofree char *read_back = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkStore) via_link = NULL;
  g_autoptr(SkStore) again = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (data_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (sync_dir, 0700), ==, 0);
  store = create_store (target, "pw");
  g_clear_object (&store);
  /* A relative link, as "ln -s ../Sync/real.sparekey" makes. */
  g_assert_cmpint (symlink ("../Sync/real.sparekey", link), ==, 0);

  via_link = sk_store_open (link, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sk_store_get_path (via_link), ==, target);
  add_uri (via_link, URI_A);
  g_assert_true (sk_store_save (via_link, &error));
  add_uri (via_link, URI_B);
  g_assert_true (sk_store_save (via_link, &error));
  g_assert_true (sk_store_backup_now (via_link, &error));
  g_assert_no_error (error);

  /* Still a link to the same file, which has the changes. */
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  read_back = g_file_read_link (link, NULL);
  g_assert_cmpstr (read_back, ==, "../Sync/real.sparekey");
  again = sk_store_open (target, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (again)), ==, 2);

  /* Backups beside the target, none beside the link. */
  g_assert_cmpstr (sk_store_get_backup_dir (via_link), ==, sync_backups);
  backups = sk_store_list_backups (via_link, &error);
  g_assert_cmpuint (backups->len, ==, 3);
  for (guint i = 0; i < backups->len; i++)
    g_assert_false (g_file_test (((SkBackupInfo *) backups->pdata[i])->path, G_FILE_TEST_IS_SYMLINK));
  g_assert_false (g_file_test (data_backups, G_FILE_TEST_EXISTS));
  {
    g_autofree char *reminders = sk_reminders_path (link);
    g_autofree char *expected = g_strconcat (target, ".reminders", NULL);

    g_assert_cmpstr (reminders, ==, expected);
  }

  /* A new vault created through a link whose target does not exist yet. */
  g_assert_cmpint (symlink (target2, link2), ==, 0);
  g_clear_object (&store);
  store = create_store (link2, "pw");
  g_assert_true (g_file_test (link2, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (target2, G_FILE_TEST_IS_REGULAR));
  sk_test_rm_rf (dir);
}

/* Two stores of one vault in one process: the second save merges the
 * first's change instead of overwriting it. */
static void
test_stale_write_merges (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(SkStore) a = create_store (path, "pw");
  g_autoptr(SkStore) b = NULL;
  g_autoptr(SkStore) c = NULL;
  g_autoptr(GError) error = NULL;

  b = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  add_uri (a, URI_A);
  g_assert_true (sk_store_save (a, &error));
  add_uri (b, URI_B);
  g_assert_true (sk_store_save (b, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (b)), ==, 2);

  /* a catches up with reload and keeps its own unsaved edit. */
  {
    g_autoptr(SkAccount) first = g_list_model_get_item (sk_vault_get_accounts (sk_store_get_vault (a)), 0);

    sk_account_set_note (first, "unsaved");
    g_assert_true (sk_store_reload (a, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (a)), ==, 2);
    g_assert_cmpstr (sk_account_get_note (first), ==, "unsaved");
    g_assert_true (sk_vault_get_dirty (sk_store_get_vault (a)));
    g_assert_true (sk_store_save (a, &error));
  }

  c = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (c)), ==, 2);
}

#define URI_C "otpauth://totp/Shop:carol?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Shop"
#define URI_D "otpauth://totp/Forum:dave?secret=KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU&issuer=Forum"

static SkAccount *
find_issuer (SkStore    *store,
             const char *issuer)
{
  return sk_test_find_account_by_issuer (sk_store_get_vault (store), issuer);
}

/* A vault in a sync folder changed on two machines: the sync tool keeps
 * the other machine's version as a conflict copy, and Sparekey merges it. */
static void
test_sync_conflicts (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *laptop_dir = g_build_filename (dir, "laptop", NULL);
  g_autofree char *laptop = g_build_filename (laptop_dir, "vault.sparekey", NULL);
  g_autofree char *syncthing = g_build_filename (dir, "vault.sync-conflict-20261202-101112-ABCDEFG.sparekey", NULL);
  g_autofree char *foreign = g_build_filename (dir, "vault (conflicted copy 2026-12-02 101112).sparekey", NULL);
  g_autofree char *unrelated_txt = g_build_filename (dir, "vault-conflict.txt", NULL);
  g_autofree char *unrelated_vault = g_build_filename (dir, "other.sync-conflict-20261202-101112-ABCDEFG.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(SkStore) other = NULL;
  g_autoptr(SkStore) reopened = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) foreign_before = NULL;
  g_autoptr(GBytes) foreign_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) backups = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *name;
  guint n_merged = 99, n_put_away = 0;

  add_uri (store, URI_A);
  add_uri (store, URI_D);
  g_assert_true (sk_store_save (store, &error));

  /* The laptop had the same file, then went its own way: a note on A,
   * a new account B, D deleted. (A copy under another password is not
   * merged: see test_rekey.) */
  g_assert_cmpint (g_mkdir (laptop_dir, 0700), ==, 0);
  bytes = slurp (path);
  spew (laptop, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  other = sk_store_open (laptop, "pw", &error);
  g_assert_no_error (error);
  sk_account_set_note (find_issuer (other, "ACME"), "from the laptop");
  add_uri (other, URI_B);
  g_assert_true (sk_vault_remove_account (sk_store_get_vault (other), find_issuer (other, "Forum")));
  g_assert_true (sk_store_save (other, &error));
  g_assert_no_error (error);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = slurp (laptop);
  spew (syncthing, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* Meanwhile here: a new account C. */
  add_uri (store, URI_C);
  g_assert_true (sk_store_save (store, &error));

  /* Another vault under a conflict-like name, and files that are not
   * conflict copies at all. */
  g_clear_object (&other);
  other = create_store (foreign, "pw");
  add_uri (other, URI_B);
  g_assert_true (sk_store_save (other, &error));
  foreign_before = slurp (foreign);
  spew (unrelated_txt, (const guint8 *) "x", 1);
  spew (unrelated_vault, (const guint8 *) "x", 1);

  conflicts = sk_store_list_conflicts (store);
  g_assert_cmpuint (conflicts->len, ==, 2);
  g_assert_cmpstr (conflicts->pdata[0], ==, foreign);
  g_assert_cmpstr (conflicts->pdata[1], ==, syncthing);

  g_assert_true (sk_store_merge_conflicts (store, &n_merged, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_merged, ==, 1);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "conflicted copy"));

  /* Everything from both machines, in memory and on disk. */
  reopened = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  for (guint round = 0; round < 2; round++)
    {
      SkStore *s = round == 0 ? store : reopened;

      g_assert_cmpuint (sk_vault_get_n_accounts (sk_store_get_vault (s)), ==, 3);
      g_assert_cmpstr (sk_account_get_note (find_issuer (s, "ACME")), ==, "from the laptop");
      g_assert_nonnull (find_issuer (s, "Bank"));
      g_assert_nonnull (find_issuer (s, "Shop"));
      g_assert_null (find_issuer (s, "Forum"));
    }

  /* The merged copy is kept among the backups, private; the foreign one
   * has not been touched. */
  g_assert_false (g_file_test (syncthing, G_FILE_TEST_EXISTS));
  backups = g_dir_open (sk_store_get_backup_dir (store), 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (backups)) != NULL)
    if (g_str_has_prefix (name, "merged-") && strstr (name, "sync-conflict") != NULL)
      {
        g_autofree char *kept = g_build_filename (sk_store_get_backup_dir (store), name, NULL);
        GStatBuf st;

        g_assert_cmpint (g_stat (kept, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 0777, ==, 0600);
        n_put_away++;
      }
  g_assert_cmpuint (n_put_away, ==, 1);
  foreign_after = slurp (foreign);
  g_assert_true (g_bytes_equal (foreign_before, foreign_after));

  /* Nothing more to merge; the foreign file is still reported. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  g_assert_true (sk_store_merge_conflicts (store, &n_merged, &problems, &error));
  g_assert_cmpuint (n_merged, ==, 0);
  g_assert_cmpuint (problems->len, ==, 1);
}


/*
 * A password change re-keys: whoever has the old password and an older
 * file (a backup) gets the old data key only, which opens neither the
 * vault now nor a sync copy forged with it; backups the old password
 * opens are counted and can be re-encrypted or deleted.
 */
static void
test_rekey (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *thief = g_build_filename (dir, "thief", "vault.sparekey", NULL);
  g_autofree char *forged = g_build_filename (dir, "vault.sync-conflict-20261202-101112-ABCDEFG.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "old");
  g_autoptr(SkStore) attacker = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint n_merged = 99, n_done = 0, n_accounts = 0, n_diff = 0;
  SkKdfParams kdf;

  add_uri (store, URI_A);
  g_assert_true (sk_store_save (store, &error));
  add_uri (store, URI_B);
  g_assert_true (sk_store_save (store, &error));

  /* The thief has the old password and a copy of the file as it was. */
  g_assert_cmpint (g_mkdir (g_path_get_dirname (thief), 0700), ==, 0);
  bytes = slurp (path);
  spew (thief, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  attacker = sk_store_open (thief, "old", &error);
  g_assert_no_error (error);

  sk_test_kdf_fast (&kdf);
  g_assert_true (sk_store_change_password (store, "new", &kdf, &error));
  g_assert_no_error (error);
  add_uri (store, URI_C);
  g_assert_true (sk_store_save (store, &error));

  /* The old key does not read the vault as it is now. */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = slurp (path);
  spew (thief, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_false (sk_store_reload (attacker, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A conflict copy forged with the old key (an account deleted) is not
   * merged: it is reported as needing its own password. */
  g_clear_object (&attacker);
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = slurp (((SkBackupInfo *) (backups = sk_store_list_backups (store, NULL))->pdata[1])->path);
  /* (A shorter file written in place would keep the longer one's tail.) */
  g_assert_cmpint (g_unlink (thief), ==, 0);
  spew (thief, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  attacker = sk_store_open (thief, "old", &error);
  g_assert_no_error (error);
  g_assert_true (sk_vault_remove_account (sk_store_get_vault (attacker), find_issuer (attacker, "ACME")));
  g_assert_true (sk_store_save (attacker, &error));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = slurp (thief);
  spew (forged, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_true (sk_store_merge_conflicts (store, &n_merged, &problems, &error));
  g_assert_cmpuint (n_merged, ==, 0);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "own password"));
  g_assert_nonnull (find_issuer (store, "ACME"));
  g_assert_true (g_file_test (forged, G_FILE_TEST_EXISTS));

  /* Backups open with their own password, not the vault's. */
  g_assert_cmpuint (backups->len, ==, 4);
  g_assert_false (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[1])->path,
                                          "new", &n_accounts, &n_diff, &error));
  g_assert_error (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD);
  g_clear_error (&error);
  g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[1])->path,
                                         "old", &n_accounts, &n_diff, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accounts, ==, 2);

  /* Three backups were made under the old key (the newest is under the
   * new one); the old password opens those three. Re-encrypted, they
   * open with the new password only and keep their contents. */
  old = sk_store_find_old_backups (store, "old", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old->len, ==, 3);
  g_assert_true (sk_store_handle_old_backups (store, old, "old", SK_OLD_BACKUPS_REENCRYPT,
                                              &n_done, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_done, ==, 3);
  g_clear_pointer (&old, g_ptr_array_unref);
  old = sk_store_find_old_backups (store, "old", &error);
  g_assert_cmpuint (old->len, ==, 0);
  g_assert_true (sk_store_verify_backup (store, ((SkBackupInfo *) backups->pdata[1])->path,
                                         "new", &n_accounts, &n_diff, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accounts, ==, 2);
  g_assert_cmpuint (n_diff, ==, 1);

  /* Another change; this time the backups under "new" are deleted. */
  g_assert_true (sk_store_change_password (store, "newer", &kdf, &error));
  g_clear_pointer (&old, g_ptr_array_unref);
  old = sk_store_find_old_backups (store, "new", &error);
  g_assert_cmpuint (old->len, ==, 5);
  g_assert_true (sk_store_handle_old_backups (store, old, NULL, SK_OLD_BACKUPS_DELETE,
                                              &n_done, &error));
  g_assert_cmpuint (n_done, ==, 5);
  g_clear_pointer (&backups, g_ptr_array_unref);
  backups = sk_store_list_backups (store, &error);
  g_assert_cmpuint (backups->len, ==, 0);
  sk_test_rm_rf (dir);
}

/* A revision counter that only grows, remembered outside the vault: an
 * older file put in the vault's place is noticed. */
static void
test_rollback (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "vault-v1.sparekey", NULL);
  g_autoptr(SkStore) store = create_store (path, "pw");
  g_autoptr(SkStore) s = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GBytes) old = NULL;
  g_autoptr(GError) error = NULL;
  guint64 highest = 99;

  g_assert_cmpuint (sk_store_get_revision (store), ==, 1);
  for (guint i = 0; i < 3; i++)
    {
      add_uri (store, URI_A);
      g_assert_true (sk_store_save (store, &error));
    }
  g_assert_cmpuint (sk_store_get_revision (store), ==, 4);

  s = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_store_get_revision (s), ==, 4);
  g_assert_false (sk_store_get_rolled_back (s, &highest));
  g_assert_cmpuint (highest, ==, 4);
  g_clear_object (&s);

  /* An older backup copied over the vault. */
  backups = sk_store_list_backups (store, &error);
  old = slurp (((SkBackupInfo *) backups->pdata[1])->path);
  g_assert_cmpint (g_unlink (path), ==, 0);
  spew (path, g_bytes_get_data (old, NULL), g_bytes_get_size (old));
  s = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_store_get_revision (s), ==, 2);
  g_assert_true (sk_store_get_rolled_back (s, &highest));
  g_assert_cmpuint (highest, ==, 4);

  /* Carrying on with it moves past what was seen: no more warning. */
  add_uri (s, URI_B);
  g_assert_true (sk_store_save (s, &error));
  g_assert_cmpuint (sk_store_get_revision (s), ==, 5);
  g_clear_object (&s);
  s = sk_store_open (path, "pw", &error);
  g_assert_false (sk_store_get_rolled_back (s, NULL));
  g_clear_object (&s);

  /* The remembered counters are written like the vault: a temporary
   * file a killed writer left is removed, nothing else. */
  {
    g_autofree char *state_dir = g_build_filename (g_get_user_state_dir (), "sparekey", NULL);
    g_autofree char *stale = g_build_filename (state_dir, ".revisions.sparekey-tmp-Ab12Cd", NULL);
    g_autofree char *users = g_build_filename (state_dir, "revisions.backup", NULL);

    spew (stale, (const guint8 *) "x", 1);
    spew (users, (const guint8 *) "x", 1);
    s = sk_store_open (path, "pw", &error);
    add_uri (s, URI_C);
    g_assert_true (sk_store_save (s, &error));
    g_clear_object (&s);
    g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (users, G_FILE_TEST_EXISTS));
    g_unlink (users);
  }

  /* A vault from before counters opens as it did, unchecked. */
  s = sk_store_open (fixture, "sparekey-v1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_store_get_revision (s), ==, 0);
  g_assert_false (sk_store_get_rolled_back (s, NULL));
  sk_test_rm_rf (dir);
}

static void
test_default_path (void)
{
  g_autofree char *p = NULL;

  g_setenv ("SPAREKEY_VAULT", "/tmp/x/y.sparekey", TRUE);
  p = sk_store_default_path ();
  g_assert_cmpstr (p, ==, "/tmp/x/y.sparekey");
  g_clear_pointer (&p, g_free);
  g_unsetenv ("SPAREKEY_VAULT");
  p = sk_store_default_path ();
  g_assert_true (g_str_has_suffix (p, "/sparekey/vault.sparekey"));
}

static void
test_kdf_defaults (void)
{
  SkKdfParams kdf;

  sk_kdf_params_default (&kdf);
  g_assert_cmpuint (kdf.memlimit, >=, 64u << 20);
  g_assert_cmpuint (kdf.memlimit, <=, 256u << 20);
  g_assert_cmpuint (kdf.opslimit, >=, 3);
  g_assert_false (sk_kdf_test_mode_active ());

  /* Test mode is visible to whoever asks, and it is what weakens the
   * defaults. */
  g_setenv ("SPAREKEY_KDF_TEST", "1", TRUE);
  g_assert_true (sk_kdf_test_mode_active ());
  sk_kdf_params_default (&kdf);
  g_assert_cmpuint (kdf.memlimit, ==, 8192);
  g_assert_cmpuint (kdf.opslimit, ==, 1);
  g_unsetenv ("SPAREKEY_KDF_TEST");
  g_assert_false (sk_kdf_test_mode_active ());
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/store/create-open", test_create_open);
  g_test_add_func ("/sparekey/store/wrong-password", test_wrong_password);
  g_test_add_func ("/sparekey/store/not-a-vault", test_not_a_vault);
  g_test_add_func ("/sparekey/store/every-byte", test_every_byte);
  g_test_add_func ("/sparekey/store/newer-version", test_newer_version);
  g_test_add_func ("/sparekey/store/format-v1-fixture", test_format_v1_fixture);
  g_test_add_func ("/sparekey/store/format-v1-icons", test_format_v1_icons);
  g_test_add_func ("/sparekey/store/change-password", test_change_password);
  g_test_add_func ("/sparekey/store/backups", test_backups);
  g_test_add_func ("/sparekey/store/backups-future-names", test_backups_future_names);
  g_test_add_func ("/sparekey/store/full-disk", test_full_disk);
  g_test_add_func ("/sparekey/store/foreign-files-survive", test_foreign_files_survive);
  g_test_add_func ("/sparekey/store/symlinked-vault", test_symlinked_vault);
  g_test_add_func ("/sparekey/store/stale-write-merges", test_stale_write_merges);
  g_test_add_func ("/sparekey/store/sync-conflicts", test_sync_conflicts);
  g_test_add_func ("/sparekey/store/rekey", test_rekey);
  g_test_add_func ("/sparekey/store/rollback", test_rollback);
  g_test_add_func ("/sparekey/store/default-path", test_default_path);
  g_test_add_func ("/sparekey/store/kdf-defaults", test_kdf_defaults);

  return g_test_run ();
}
