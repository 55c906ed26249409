/* sk-test-util.c: helpers shared by the tests
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

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
