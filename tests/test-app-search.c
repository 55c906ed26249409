/* test-app-search.c: GNOME Shell's search provider, called over D-Bus
 * with gdbus as the Shell would
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-accounts-page.h"
#include "sk-app-util.h"
#include "sk-app-test-util.h"
#include "sk-search-provider.h"
#include "sk-test-util.h"

static SkApplication *app;

typedef struct {
  gboolean  done;
  char     *out;
  char     *err;
  gboolean  ok;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result,
                                                   &call->out, &call->err, NULL) &&
             g_subprocess_get_successful (G_SUBPROCESS (source));
  call->done = TRUE;
}

static gboolean
call_finished (gpointer data)
{
  return ((Call *) data)->done;
}

/* Runs `gdbus call` on the provider; the main loop keeps running so the
 * app can answer. Returns the reply as a GVariant. */
static GVariant *
provider_call (const char *method,
               ...)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (app));
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Call call = { FALSE, NULL, NULL, FALSE };
  GVariant *reply;
  const char *arg;
  va_list args;

  g_assert_nonnull (bus);
  g_ptr_array_add (argv, g_strdup ("gdbus"));
  g_ptr_array_add (argv, g_strdup ("call"));
  g_ptr_array_add (argv, g_strdup ("--session"));
  g_ptr_array_add (argv, g_strdup ("--dest"));
  g_ptr_array_add (argv, g_strdup (g_dbus_connection_get_unique_name (bus)));
  g_ptr_array_add (argv, g_strdup ("--object-path"));
  g_ptr_array_add (argv, g_strdup (SK_SEARCH_PROVIDER_PATH));
  g_ptr_array_add (argv, g_strdup ("--method"));
  g_ptr_array_add (argv, g_strconcat ("org.gnome.Shell.SearchProvider2.", method, NULL));
  va_start (args, method);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, call_done, &call);
  g_assert_true (sk_app_test_wait (call_finished, &call, SK_APP_TEST_MAX_WAIT_MS));
  out = call.out;
  err = call.err;
  if (!call.ok)
    g_error ("gdbus %s failed: %s", method, err);
  reply = g_variant_parse (NULL, out, NULL, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

static GVariant *
results (const char *terms)
{
  g_autoptr(GVariant) reply = provider_call ("GetInitialResultSet", terms, NULL);

  return g_variant_get_child_value (reply, 0);
}

static void
test_search_provider (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autoptr(GVariant) locked = NULL;
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) one = NULL;
  g_autoptr(GVariant) tags = NULL;
  g_autoptr(GVariant) sub = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) activated = NULL;
  g_autoptr(GVariant) after_lock = NULL;
  g_autoptr(GVariant) metas_locked = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *ids_arg = NULL;
  g_autofree char *all_arg = NULL;
  g_autofree char *metas_text = NULL;
  g_autofree char *copied = NULL;
  g_autoptr(GVariant) meta = NULL;
  SkAccountsPage *page;
  SkAccount *account;
  SkWindow *window;
  const char *name = NULL;
  const char *description = NULL;
  char now_code[SK_OTP_CODE_MAX];
  char next_code[SK_OTP_CODE_MAX];
  gint64 before, after;

  sk_app_test_make_vault (path, "pw", 3);
  window = sk_app_test_open_window (path);

  /* Locked: nothing, not even names. */
  locked = results ("['issuer']");
  g_assert_cmpuint (g_variant_n_children (locked), ==, 0);

  g_assert_true (sk_app_test_unlock (window, "pw"));
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");

  all = results ("['issuer']");
  g_assert_cmpuint (g_variant_n_children (all), ==, 3);
  /* Terms are matched without case (and after NFKC: full-width digits). */
  one = results ("['ISSUER', '１']");
  g_assert_cmpuint (g_variant_n_children (one), ==, 1);
  g_variant_get_child (one, 0, "s", &uuid);
  account = sk_vault_lookup_account (sk_session_get_vault (sk_window_get_session (window)), uuid);
  g_assert_nonnull (account);
  g_assert_cmpstr (sk_account_get_issuer (account), ==, "Issuer 1");
  /* Tags (and notes) are not searched. */
  tags = results ("['tag']");
  g_assert_cmpuint (g_variant_n_children (tags), ==, 0);

  all_arg = g_variant_print (all, FALSE);
  sub = provider_call ("GetSubsearchResultSet", all_arg, "['user', '2']", NULL);
  g_assert_cmpuint (g_variant_n_children (g_variant_get_child_value (sub, 0)), ==, 1);

  /* Metas: the issuer and the name, never the code. */
  ids_arg = g_strdup_printf ("['%s']", uuid);
  metas = provider_call ("GetResultMetas", ids_arg, NULL);
  metas_text = g_variant_print (metas, FALSE);
  meta = g_variant_get_child_value (g_variant_get_child_value (metas, 0), 0);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &name));
  g_assert_true (g_variant_lookup (meta, "description", "&s", &description));
  g_assert_cmpstr (name, ==, "Issuer 1");
  g_assert_cmpstr (description, ==, "user 1");
  before = sk_now_unix ();
  g_assert_true (sk_account_generate (account, before, now_code, NULL));
  g_assert_true (sk_account_generate (account, before + 30, next_code, NULL));
  g_assert_null (strstr (metas_text, now_code));
  g_assert_null (strstr (metas_text, next_code));

  /* Activating copies the code of the moment. */
  activated = provider_call ("ActivateResult", uuid, "['issuer']", "0", NULL);
  copied = sk_app_test_clipboard_text (GTK_WIDGET (page));
  after = sk_now_unix ();
  g_assert_nonnull (copied);
  g_assert_true (sk_account_generate (account, before, now_code, NULL));
  if (g_strcmp0 (copied, now_code) != 0)
    {
      g_assert_true (sk_account_generate (account, after, now_code, NULL));
      g_assert_cmpstr (copied, ==, now_code);
    }

  /* Locked again: nothing. */
  sk_window_lock (window);
  after_lock = results ("['issuer']");
  g_assert_cmpuint (g_variant_n_children (after_lock), ==, 0);
  metas_locked = provider_call ("GetResultMetas", ids_arg, NULL);
  g_assert_cmpuint (g_variant_n_children (g_variant_get_child_value (metas_locked, 0)), ==, 0);

  sk_app_test_close_window (window);
  sk_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  app = sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/search-provider", test_search_provider);

  return g_test_run ();
}
