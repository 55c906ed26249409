/* sk-test-util.c: helpers shared by the tests
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <libsecret/secret.h>
#include <openssl/evp.h>

#include "sk-test-util.h"

static GPtrArray *tmpdirs;

void
sk_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
              !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            sk_test_rm_rf (child);
          else
            g_unlink (child);
        }
    }
  g_rmdir (path);
}

static void
remove_tmpdirs (void)
{
  if (tmpdirs == NULL || g_getenv ("SPAREKEY_TEST_KEEP") != NULL)
    return;
  for (guint i = 0; i < tmpdirs->len; i++)
    sk_test_rm_rf (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

char *
sk_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sparekey-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (dir));
  return dir;
}

void
sk_test_kdf_fast (SkKdfParams *params)
{
  sk_kdf_params_minimum (params);
}

char *
sk_test_shared_dir (void)
{
  const char *env = g_getenv ("SPAREKEY_SHARED_DIR");
  g_autofree char *interop = NULL;

  if (env == NULL)
    return NULL;
  interop = g_build_filename (env, "interop", NULL);
  if (!g_file_test (interop, G_FILE_TEST_IS_DIR))
    return NULL;
  return g_strdup (env);
}

GBytes *
sk_test_make_picture (const char *format,
                      int         size,
                      guint32     rgba)
{
  /* JPEG has no alpha channel. */
  gboolean alpha = !g_str_equal (format, "jpeg");
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, size, size);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, rgba);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, format, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

GBytes *
sk_test_make_svg (void)
{
  static const char svg[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\">\n"
    "  <circle cx=\"32\" cy=\"32\" r=\"28\" fill=\"#3584e4\"/>\n"
    "</svg>\n";

  return g_bytes_new_static (svg, sizeof svg - 1);
}

/* The three base64 fields of a 2FAS "servicesEncrypted" or "reference". */
void
sk_test_split_twofas_field (const char  *field,
                            GBytes     **sealed,
                            GBytes     **salt,
                            GBytes     **iv)
{
  g_auto(GStrv) parts = g_strsplit (field, ":", -1);
  gsize len;
  guchar *data;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  data = g_base64_decode (parts[0], &len);
  *sealed = g_bytes_new_take (data, len);
  data = g_base64_decode (parts[1], &len);
  *salt = g_bytes_new_take (data, len);
  data = g_base64_decode (parts[2], &len);
  *iv = g_bytes_new_take (data, len);
}

/* Opens one field straight with OpenSSL, not through our reader: the
 * recipe of 2FAS itself (PBKDF2-HMAC-SHA256, 10 000 iterations, AES-256-GCM,
 * tag after the ciphertext). NULL if the tag does not match. */
char *
sk_test_open_twofas_field (const char *field,
                           const char *password)
{
  g_autoptr(GBytes) sealed = NULL, salt = NULL, iv = NULL;
  const guint8 *ct, *s, *n;
  gsize ct_len, s_len, n_len;
  guint8 key[32];
  g_autofree char *plain = NULL;
  EVP_CIPHER_CTX *ctx;
  int len = 0, final_len = 0;
  gboolean ok;

  sk_test_split_twofas_field (field, &sealed, &salt, &iv);
  ct = g_bytes_get_data (sealed, &ct_len);
  s = g_bytes_get_data (salt, &s_len);
  n = g_bytes_get_data (iv, &n_len);
  g_assert_cmpuint (ct_len, >, 16);
  g_assert_cmpint (PKCS5_PBKDF2_HMAC (password, strlen (password), s, s_len, 10000,
                                      EVP_sha256 (), sizeof key, key), ==, 1);
  plain = g_malloc0 (ct_len);
  ctx = EVP_CIPHER_CTX_new ();
  ok = EVP_DecryptInit_ex (ctx, EVP_aes_256_gcm (), NULL, NULL, NULL) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_IVLEN, n_len, NULL) == 1 &&
       EVP_DecryptInit_ex (ctx, NULL, NULL, key, n) == 1 &&
       EVP_DecryptUpdate (ctx, (guint8 *) plain, &len, ct, ct_len - 16) == 1 &&
       EVP_CIPHER_CTX_ctrl (ctx, EVP_CTRL_GCM_SET_TAG, 16, (void *) (ct + ct_len - 16)) == 1 &&
       EVP_DecryptFinal_ex (ctx, (guint8 *) plain + len, &final_len) == 1;
  EVP_CIPHER_CTX_free (ctx);
  OPENSSL_cleanse (key, sizeof key);
  return ok ? g_steal_pointer (&plain) : NULL;
}

gboolean
sk_test_have_keyring (void)
{
  if (g_getenv ("SK_TEST_KEYRING_PASSWORD") == NULL)
    {
      g_test_skip ("no keyring daemon of the test's own (tests/run-with-keyring.sh)");
      return FALSE;
    }
  return TRUE;
}

void
sk_test_lock_keyring (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, &error);
  g_autoptr(SecretCollection) collection = NULL;
  GList *objects;

  g_assert_no_error (error);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  /* Through the Secret Service's Lock, which asks nothing. */
  objects = g_list_append (NULL, collection);
  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
  g_list_free (objects);
}

SkAccount *
sk_test_find_account_by_issuer (SkVault    *vault,
                                const char *issuer)
{
  GListModel *accounts = sk_vault_get_accounts (vault);

  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      if (g_strcmp0 (sk_account_get_issuer (account), issuer) == 0)
        return account;
    }
  return NULL;
}
