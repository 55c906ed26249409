/* test-app-mnemonics.c: no two items of one menu or one window share an
 * access key (Alt+letter), in English and in Simplified Chinese
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-kit-print.h"
#include "sk-test-util.h"

/* The access key of a label ("I_mport…" → 'm', "导入(_M)…" → 'm'), 0 if
 * none. */
static gunichar
mnemonic_of (const char *label)
{
  for (const char *p = label; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (*p == '_')
      {
        if (p[1] == '_')
          {
            p++;
            continue;
          }
        return p[1] != '\0' ? g_unichar_tolower (g_utf8_get_char (p + 1)) : 0;
      }
  return 0;
}

/* Adds @label's key to @seen, failing on a second label with the key. */
static void
check_unique (GHashTable *seen,
              const char *label,
              const char *where)
{
  gunichar key = mnemonic_of (label);
  const char *other;

  if (key == 0)
    return;
  other = g_hash_table_lookup (seen, GUINT_TO_POINTER (key));
  if (other != NULL)
    g_error ("%s (%s): “%s” and “%s” share an access key", where, g_getenv ("LANGUAGE"), other, label);
  g_hash_table_insert (seen, GUINT_TO_POINTER (key), g_strdup (label));
}

/* A menu: its items and its sections' items share one scope; each
 * submenu has its own. */
static void
check_menu (GMenuModel *menu,
            GHashTable *seen,
            const char *where)
{
  g_autoptr(GHashTable) own = NULL;

  if (seen == NULL)
    seen = own = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
        check_unique (seen, label, where);
      if (section != NULL)
        check_menu (section, seen, where);
      if (submenu != NULL)
        check_menu (submenu, NULL, where);
    }
}

/* Every mapped label with an access key in @root (buttons' and rows'
 * labels included). */
static void
check_widgets (GtkWidget  *root,
               GHashTable *seen,
               const char *where)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (GTK_IS_LABEL (child) && gtk_label_get_use_underline (GTK_LABEL (child)))
        check_unique (seen, gtk_label_get_label (GTK_LABEL (child)), where);
      check_widgets (child, seen, where);
    }
}

/* A mapped button under @root that activates @action. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      found = find_action_button (child, action);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
check_language (const char *language)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GtkWidget *page, *menu_button = NULL, *dialog;
  AdwMessageDialog *kit;
  SkWindow *window;
  const char *responses[] = { "cancel", "save", "print" };

  /* The same catalogue as the app, in @language. */
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
  sk_app_init_i18n ();
  if (g_str_equal (language, "zh_CN"))
    g_assert_cmpstr (_("_Cancel"), ==, "取消(_C)");

  sk_app_test_make_vault (path, "pw", 2);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "pw"));

  /* The main menu, by scope. */
  page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
  for (GtkWidget *w = page; w != NULL; )
    {
      /* Depth-first search for the primary menu button. */
      if (GTK_IS_MENU_BUTTON (w) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (w)))
        {
          menu_button = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != page && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == page) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (menu_button);
  check_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)), NULL, "main menu");

  /* The main window as shown, on each of its pages. */
  check_widgets (GTK_WIDGET (window), seen, "main window");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-inventory", NULL));
  sk_app_test_run_for (300);
  g_hash_table_remove_all (seen);
  check_widgets (GTK_WIDGET (window), seen, "inventory page");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-recovery", NULL));
  sk_app_test_run_for (300);
  g_hash_table_remove_all (seen);
  check_widgets (GTK_WIDGET (window), seen, "recovery page");
  g_assert_nonnull (find_action_button (GTK_WIDGET (window), "win.recover"));
  g_assert_nonnull (find_action_button (GTK_WIDGET (window), "win.print-kit"));

  /* The kit's warning: three answers, three keys. */
  dialog = sk_kit_print_show (GTK_WINDOW (window), sk_app_test_session (window));
  kit = ADW_MESSAGE_DIALOG (dialog);
  g_hash_table_remove_all (seen);
  for (guint i = 0; i < G_N_ELEMENTS (responses); i++)
    check_unique (seen, adw_message_dialog_get_response_label (kit, responses[i]), "kit dialog");
  gtk_window_destroy (GTK_WINDOW (dialog));

  sk_app_test_close_window (window);

  /* An empty vault: the empty state offers Add, Paste and Import, each
   * with its own key. */
  {
    g_autofree char *empty_path = g_build_filename (dir, "empty.sparekey", NULL);
    GtkWidget *import;

    sk_app_test_make_vault (empty_path, "pw", 0);
    window = sk_app_test_open_window (empty_path);
    g_assert_true (sk_app_test_unlock (window, "pw"));
    page = sk_app_test_child (window, SK_TYPE_WINDOW, "accounts_page");
    import = find_action_button (page, "win.import");
    g_assert_nonnull (import);
    g_assert_true (gtk_widget_get_mapped (import));
    sk_app_test_screenshot ("empty");
    g_hash_table_remove_all (seen);
    check_widgets (GTK_WIDGET (window), seen, "empty main window");
    sk_app_test_close_window (window);
  }
  g_unsetenv ("LANGUAGE");
  sk_app_init_i18n ();
}

static void
test_mnemonics (gconstpointer data)
{
  check_language (data);
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_data_func ("/sparekey/app/mnemonics/en", "en", test_mnemonics);
  g_test_add_data_func ("/sparekey/app/mnemonics/zh_CN", "zh_CN", test_mnemonics);
  g_test_add_data_func ("/sparekey/app/mnemonics/zh_TW", "zh_TW", test_mnemonics);
  return g_test_run ();
}
