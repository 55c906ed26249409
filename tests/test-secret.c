/* test-secret.c: guarded memory for secrets
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

static void
test_basic (void)
{
  g_autoptr(SkSecret) a = sk_secret_new_from_string ("hunter2");
  g_autoptr(SkSecret) b = sk_secret_new_from_data ("hunter2", 7);
  g_autoptr(SkSecret) c = sk_secret_new_from_string ("hunter3");
  g_autoptr(SkSecret) empty = sk_secret_new (0);

  g_assert_cmpuint (sk_secret_get_size (a), ==, 7);
  g_assert_cmpstr (sk_secret_get_string (a), ==, "hunter2");
  g_assert_true (sk_secret_equal (a, b));
  g_assert_false (sk_secret_equal (a, c));
  g_assert_false (sk_secret_equal (a, empty));
  g_assert_cmpstr (sk_secret_get_string (empty), ==, "");

  sk_secret_truncate (c, 3);
  g_assert_cmpstr (sk_secret_get_string (c), ==, "hun");
  g_assert_cmpuint (sk_secret_get_size (c), ==, 3);
}

static void
test_many (void)
{
  /* Many small secrets share slabs; freeing them in any order must keep
   * the others intact. */
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);

  for (guint i = 0; i < 20000; i++)
    {
      char buf[64];

      g_snprintf (buf, sizeof buf, "secret-%u-%s", i, i % 3 ? "x" : "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
      g_ptr_array_add (all, sk_secret_new_from_string (buf));
    }
  for (guint i = 0; i < all->len; i += 2)
    g_clear_pointer (&all->pdata[i], sk_secret_unref);
  for (guint i = 1; i < all->len; i += 2)
    {
      char buf[64];

      g_snprintf (buf, sizeof buf, "secret-%u-%s", i, i % 3 ? "x" : "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
      g_assert_cmpstr (sk_secret_get_string (all->pdata[i]), ==, buf);
    }
}

static void
test_large (void)
{
  g_autoptr(SkSecret) big = sk_secret_new (100000);
  guint8 *p = sk_secret_get_mutable (big);

  for (guint i = 0; i < 100000; i++)
    p[i] = i & 0xff;
  g_assert_cmpuint (sk_secret_get_data (big)[99999], ==, 99999 & 0xff);
  g_assert_cmpuint (sk_secret_get_data (big)[100000], ==, 0);
}

static void
test_ref (void)
{
  SkSecret *a = sk_secret_new_from_string ("x");

  sk_secret_ref (a);
  sk_secret_unref (a);
  g_assert_cmpstr (sk_secret_get_string (a), ==, "x");
  sk_secret_unref (a);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/secret/basic", test_basic);
  g_test_add_func ("/sparekey/secret/many", test_many);
  g_test_add_func ("/sparekey/secret/large", test_large);
  g_test_add_func ("/sparekey/secret/ref", test_ref);

  return g_test_run ();
}
