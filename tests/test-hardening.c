/* test-hardening.c: the built binaries carry the hardening meson.build asks for
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib.h>

/*
 * readelf (binutils) reads each binary's headers: a position-independent
 * executable (ELF type DYN with an interpreter), a GNU_RELRO segment,
 * immediate binding (BIND_NOW / FLAGS_1 NOW), stack canaries
 * (__stack_chk_fail imported). The binaries come from $SPAREKEY_HARDENING_BINARIES
 * (colon-separated, set by tests/meson.build).
 */

static char *
readelf (const char *path,
         const char *flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "readelf", "-W", flags, path, NULL };

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("cannot run readelf: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("readelf %s %s failed: %s\n%s", flags, path, error->message, err);
  return g_steal_pointer (&out);
}

static void
test_binary (gconstpointer data)
{
  const char *path = data;
  g_autofree char *header = readelf (path, "-h");
  g_autofree char *segments = readelf (path, "-l");
  g_autofree char *dynamic = readelf (path, "-d");
  g_autofree char *symbols = readelf (path, "--dyn-syms");

  g_test_message ("checking %s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE));

  /* PIE: a shared object type with a program interpreter. */
  g_assert_nonnull (strstr (header, "DYN ("));
  g_assert_nonnull (strstr (segments, "INTERP"));
  /* Full RELRO: the segment, and every symbol bound at start. */
  g_assert_nonnull (strstr (segments, "GNU_RELRO"));
  g_assert_true (strstr (dynamic, "BIND_NOW") != NULL ||
                 (strstr (dynamic, "FLAGS_1") != NULL && strstr (dynamic, " NOW") != NULL));
  /* No executable stack. */
  g_assert_nonnull (strstr (segments, "GNU_STACK"));
  g_assert_null (strstr (segments, "RWE"));
  /* Stack canaries. */
  g_assert_nonnull (strstr (symbols, "__stack_chk_fail"));
}

/* _FORTIFY_SOURCE leaves no mark of its own in a binary that happens to
 * make no call it can check, so it is checked where it is set: this file
 * is compiled with the project's arguments. */
static void
test_fortify (void)
{
#ifdef SK_EXPECT_FORTIFY
# if !defined(_FORTIFY_SOURCE) || _FORTIFY_SOURCE < 2 || !defined(__OPTIMIZE__)
#  error "an optimised build must have -D_FORTIFY_SOURCE=2"
# endif
  g_assert_cmpint (_FORTIFY_SOURCE, >=, 2);
#else
  g_test_skip ("not an optimised build without sanitizers: _FORTIFY_SOURCE is off");
#endif
}

int
main (int    argc,
      char **argv)
{
  const char *list = g_getenv ("SPAREKEY_HARDENING_BINARIES");
  g_autofree char *readelf_path = NULL;
  g_auto(GStrv) paths = NULL;

  g_test_init (&argc, &argv, NULL);
  if (list == NULL || *list == '\0')
    g_error ("SPAREKEY_HARDENING_BINARIES is not set");
  readelf_path = g_find_program_in_path ("readelf");
  if (readelf_path == NULL)
    {
      g_test_skip ("readelf (binutils) is not installed");
      return g_test_run ();
    }
  g_test_add_func ("/sparekey/hardening/fortify", test_fortify);
  paths = g_strsplit (list, ":", -1);
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *name = g_strdup_printf ("/sparekey/hardening/%s", base);

      g_test_add_data_func (name, g_strdup (paths[i]), test_binary);
    }
  return g_test_run ();
}
