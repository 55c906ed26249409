/* sk-accounts-page.c: the unlocked view: every account with its live code
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sk-account-dialog.h"
#include "sk-account-row.h"
#include "sk-accounts-page.h"
#include "sk-add-dialog.h"
#include "sk-app-util.h"
#include "sk-import-dialog.h"
#include "sk-qr-dialog.h"
#include "sk-session.h"
#include "sk-settings.h"

/* Narrower than this, the header's title needs the Lock button's room
 * (with minimize and maximize buttons, "Sparekey" was cut to "Spa…" at
 * 360 px): Lock stays in the main menu and on Ctrl+L, and a search
 * counts "3 of 120" without the word. */
#define NARROW_WIDTH 420

/* Which accounts the list shows, the order of the filter's items. */
typedef enum {
  CODES_ALL,
  CODES_WITH,
  CODES_WITHOUT,
} CodesFilter;

struct _SkAccountsPage
{
  AdwBin              parent_instance;

  AdwViewSwitcherTitle *window_title;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *content_stack;
  GtkListView        *list_view;
  GtkToggleButton    *search_button;
  GtkWidget          *lock_button;
  guint               narrow_id;
  GtkDropDown        *codes_filter;
  GtkRevealer        *audit_revealer;
  GtkLabel           *audit_label;
  GtkRevealer        *backup_revealer;
  GtkLabel           *backup_label;

  SkSession          *session;
  SkStore            *store;           /* the session's, while unlocked */
  GtkSortListModel   *sort_model;
  GtkFilterListModel *filter_model;
  GtkNoSelection     *selection;
  GtkCustomFilter    *filter;
  char               *query;
  CodesFilter         codes;
  /* The accounts @query finds (account -> MATCH / NO_MATCH), worked out
   * a slice at a time for a large list; and the query being worked on. */
  GHashTable         *results;
  char               *next_query;
  GHashTable         *next_results;
  GtkFilterChange     next_change;
  guint               next_position;
  guint               match_id;
  GHashTable         *bound_rows;      /* SkAccountRow set */
  GCancellable       *cancellable;

  GSettings          *settings;
  guint               tick_id;
};

G_DEFINE_FINAL_TYPE (SkAccountsPage, sk_accounts_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_tick (SkAccountsPage *self);
static void update_audit_banner (SkAccountsPage *self);
static void update_backup_banner (SkAccountsPage *self);

/* Ticks */

static gboolean
tick_cb (gpointer user_data)
{
  SkAccountsPage *self = user_data;
  gint64 now = sk_now_unix ();
  GHashTableIter iter;
  gpointer row;

  self->tick_id = 0;

  /* Only the rows the list view has bound compute codes: with 10,000
   * accounts GTK 4.8's list view keeps about 200 (measured: 210), well
   * under a millisecond of HMACs a second. */
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    sk_account_row_tick (row, now);

  schedule_tick (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (SkAccountsPage *self)
{
  gint64 now = g_get_real_time ();
  /* Wake just after the next full second, when codes change. */
  guint delay = (guint) ((G_USEC_PER_SEC - now % G_USEC_PER_SEC) / 1000) + 5;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->store != NULL)
    self->tick_id = g_timeout_add (delay, tick_cb, self);
}

static void
show_error_toast (SkAccountsPage *self,
                  const char     *message)
{
  sk_session_error (self->session, message);
}

/* Model */

enum { MATCH = 1, NO_MATCH = 2 };

static gboolean
account_matches (SkAccountsPage *self,
                 SkAccount      *account,
                 const char     *query)
{
  /* "weixin" finds 微信: the directory's aliases of the account's service. */
  if (self->store != NULL)
    sk_services_annotate_account (sk_store_get_vault (self->store), account);
  return sk_account_matches (account, query);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  SkAccountsPage *self = user_data;

  if (self->session != NULL && sk_session_is_pending_delete (self->session, item))
    return FALSE;
  if (self->codes != CODES_ALL &&
      sk_account_has_code (item) != (self->codes == CODES_WITH))
    return FALSE;
  if (self->query == NULL)
    return TRUE;
  if (self->results != NULL)
    {
      gpointer result = g_hash_table_lookup (self->results, item);

      if (result != NULL)
        return GPOINTER_TO_INT (result) == MATCH;
    }
  return account_matches (self, item, self->query);
}

/*
 * One custom sorter over the collation keys each account caches (the
 * core drops them when its text changes): GTK's string sorter inside a
 * multi-sorter with a custom part would look the property up and collate
 * on every one of the ~140,000 comparisons that sorting 10,000 accounts
 * takes.
 */
typedef enum { ORDER_ISSUER, ORDER_NAME, ORDER_RECENT } SortOrder;

static int
compare_accounts (gconstpointer a_,
                  gconstpointer b_,
                  gpointer      user_data)
{
  SkAccount *a = (SkAccount *) a_;
  SkAccount *b = (SkAccount *) b_;
  SortOrder order = GPOINTER_TO_INT (user_data);
  gboolean fa = sk_account_get_favourite (a);
  gboolean fb = sk_account_get_favourite (b);
  int c;

  /* Favourites first, whatever the order. */
  if (fa != fb)
    return fa ? -1 : 1;

  if (order == ORDER_RECENT)
    {
      gint64 ua = sk_account_get_last_used (a);
      gint64 ub = sk_account_get_last_used (b);

      if (ua != ub)
        return ua > ub ? -1 : 1;
    }
  else if (order == ORDER_NAME)
    {
      c = strcmp (sk_account_get_name_sort_key (a), sk_account_get_name_sort_key (b));
      if (c != 0)
        return c;
    }

  /* Then issuer, then name: "display-name" is "Issuer (name)". */
  return strcmp (sk_account_get_sort_key (a), sk_account_get_sort_key (b));
}

static GtkSorter *
make_sorter (const char *order)
{
  SortOrder o = ORDER_ISSUER;

  if (g_strcmp0 (order, "recent") == 0)
    o = ORDER_RECENT;
  else if (g_strcmp0 (order, "name") == 0)
    o = ORDER_NAME;

  return GTK_SORTER (gtk_custom_sorter_new (compare_accounts, GINT_TO_POINTER (o), NULL));
}

static void
update_sorter (SkAccountsPage *self)
{
  g_autofree char *order = g_settings_get_string (self->settings, SK_SETTING_SORT_ORDER);
  g_autoptr(GtkSorter) sorter = make_sorter (order);

  gtk_sort_list_model_set_sorter (self->sort_model, sorter);
}

static void
update_view (SkAccountsPage *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  guint total = 0;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  g_autofree char *subtitle = NULL;

  if (self->store != NULL)
    total = sk_vault_get_n_accounts (sk_store_get_vault (self->store)) -
            sk_session_get_n_pending_deletes (self->session);

  if (total == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->content_stack, "list");

  if (self->store == NULL)
    subtitle = NULL;
  else if ((self->query != NULL || self->codes != CODES_ALL) && width > 0 && width < NARROW_WIDTH)
    /* Translators: search results in a narrow window, under the app's
     * name, e.g. "3 of 120" (accounts) */
    subtitle = g_strdup_printf (_("%u of %u"), shown, total);
  else if (self->query != NULL || self->codes != CODES_ALL)
    /* Translators: search results, e.g. "3 of 120 accounts" */
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u account",
                                             "%u of %u accounts", total),
                                shown, total);
  else
    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u account",
                                             "%u accounts", total),
                                total);
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
}

/*
 * Searching 10,000 accounts at once blocks the window for longer than a
 * frame at every keystroke (the matching, then GTK 4.8's list view
 * letting thousands of rows go). In a large list the accounts the new
 * query finds are worked out a few milliseconds at a time between
 * frames, the list still showing the last results; then the list
 * changes in one step, its filter only looking them up. (GTK's own
 * incremental filtering is slower still: it changes the list a little
 * at every step.) A small list is searched at once, as a test or a
 * script reading the model expects.
 */
#define SLICED_SEARCH_MIN 1000
#define SLICE_USEC 4000

static void
apply_query (SkAccountsPage  *self,
             char            *query,
             GHashTable      *results,
             GtkFilterChange  change)
{
  g_free (self->query);
  self->query = query;
  g_clear_pointer (&self->results, g_hash_table_unref);
  self->results = results;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_view (self);
}

static void
cancel_matching (SkAccountsPage *self)
{
  g_clear_handle_id (&self->match_id, g_source_remove);
  g_clear_pointer (&self->next_query, g_free);
  g_clear_pointer (&self->next_results, g_hash_table_unref);
}

/* Works on the next query until @deadline (0: to the end); returns
 * whether it is done. The list it goes through is the one the filter
 * sees: the sorted accounts, or for a narrower query only those shown. */
static gboolean
match_some (SkAccountsPage *self,
            gint64          deadline)
{
  GListModel *source = self->next_change == GTK_FILTER_CHANGE_MORE_STRICT && self->query != NULL
                       ? G_LIST_MODEL (self->filter_model) : G_LIST_MODEL (self->sort_model);
  guint n = g_list_model_get_n_items (source);

  while (self->next_position < n)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (source, self->next_position++);

      g_hash_table_insert (self->next_results, account,
                           GINT_TO_POINTER (account_matches (self, account, self->next_query)
                                            ? MATCH : NO_MATCH));
      if (deadline != 0 && self->next_position % 32 == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }
  return TRUE;
}

static void
finish_matching (SkAccountsPage *self)
{
  char *query = g_steal_pointer (&self->next_query);
  GHashTable *results = g_steal_pointer (&self->next_results);

  g_clear_handle_id (&self->match_id, g_source_remove);
  apply_query (self, query, results, self->next_change);
}

static gboolean
match_cb (gpointer user_data)
{
  SkAccountsPage *self = user_data;

  if (!match_some (self, g_get_monotonic_time () + SLICE_USEC))
    return G_SOURCE_CONTINUE;
  self->match_id = 0;
  finish_matching (self);
  return G_SOURCE_REMOVE;
}

/* A query typed while the last one is still worked on: its results are
 * dropped, and the change is counted from the results shown. */
static void
start_matching (SkAccountsPage  *self,
                char            *query,
                GtkFilterChange  change)
{
  cancel_matching (self);
  if (query == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->sort_model)) < SLICED_SEARCH_MIN)
    {
      apply_query (self, query, NULL, change);
      return;
    }
  self->next_query = query;
  /* The accounts are the vault's: they outlive the table. */
  self->next_results = g_hash_table_new (NULL, NULL);
  self->next_change = change;
  self->next_position = 0;
  self->match_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, match_cb, self, NULL);
}

/* The results worked out stand for the text the accounts had: a change
 * in the vault makes the filter match again. The accounts shown are
 * then checked at once, a rare event beside typing. */
static void
forget_results (SkAccountsPage *self)
{
  g_clear_pointer (&self->results, g_hash_table_unref);
  if (self->match_id != 0)
    {
      char *query = g_steal_pointer (&self->next_query);

      start_matching (self, query, self->next_change);
    }
}

/* Whether every account that @narrower finds, @wider finds too: each
 * word of @wider is inside a word of @narrower. */
static gboolean
words_narrow (const char *narrower,
              const char *wider)
{
  g_auto(GStrv) narrow_words = g_strsplit_set (narrower, " \t\n\r\f\v", -1);
  g_auto(GStrv) wide_words = g_strsplit_set (wider, " \t\n\r\f\v", -1);

  for (guint i = 0; wide_words[i] != NULL; i++)
    {
      gboolean inside = wide_words[i][0] == '\0';

      for (guint j = 0; !inside && narrow_words[j] != NULL; j++)
        inside = strstr (narrow_words[j], wide_words[i]) != NULL;
      if (!inside)
        return FALSE;
    }
  return TRUE;
}

static void
on_search_changed (SkAccountsPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *normalized = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  normalized = (text && *text) ? sk_search_normalize (text) : NULL;
  if (normalized != NULL && *g_strstrip (normalized) == '\0')
    g_clear_pointer (&normalized, g_free);

  if (g_strcmp0 (normalized, self->match_id != 0 ? self->next_query : self->query) == 0)
    return;

  /* Typing on narrows the results: the filter only rechecks the rows
   * still shown (and erasing only the others). A query finds the
   * accounts that contain each of its words: one whose words each
   * contain a word of the other finds fewer. */
  if (self->query == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (normalized == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (words_narrow (normalized, self->query))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (words_narrow (self->query, normalized))
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  start_matching (self, g_steal_pointer (&normalized), change);
}

/* All, with codes, without codes: from a narrower choice to all is less
 * strict, from all to either more strict. */
static void
on_codes_filter_changed (SkAccountsPage *self)
{
  CodesFilter codes;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (self->codes_filter == NULL || self->filter == NULL)
    return;
  codes = gtk_drop_down_get_selected (self->codes_filter);
  if (codes > CODES_WITHOUT || codes == self->codes)
    return;
  if (self->codes == CODES_ALL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (codes == CODES_ALL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  self->codes = codes;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_view (self);
}

/* The choice lives in the search bar: closing the bar shows every
 * account again, so that no list is left narrowed out of sight. Nothing
 * of it is kept. */
static void
on_search_mode_changed (SkAccountsPage *self)
{
  if (self->search_bar != NULL && self->codes_filter != NULL &&
      !gtk_search_bar_get_search_mode (self->search_bar))
    gtk_drop_down_set_selected (self->codes_filter, CODES_ALL);
}

static void
on_stop_search (SkAccountsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

static void
on_search_activate (SkAccountsPage *self)
{
  g_autoptr(SkAccount) first = NULL;

  /* Enter in the search copies the first result: of the query typed,
   * so a large list finishes its search first. */
  if (self->match_id != 0)
    {
      match_some (self, 0);
      finish_matching (self);
    }
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    return;
  first = g_list_model_get_item (G_LIST_MODEL (self->filter_model), 0);
  sk_accounts_page_copy_code (self, first);
}

/* Rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           SkAccountsPage           *self)
{
  GtkWidget *row = sk_account_row_new ();

  /* The row follows the list item's account and the setting by itself. */
  g_object_bind_property (item, "item", row, "account", G_BINDING_SYNC_CREATE);
  g_settings_bind (self->settings, SK_SETTING_HIDE_CODES, row, "hidden", G_SETTINGS_BIND_GET);
  gtk_list_item_set_child (item, row);
}

/* The recovery codes left, shown on the row when a set is stored. Only
 * bound rows ask, so this stays cheap with many accounts. */
static void
update_row_codes (SkAccountsPage *self,
                  SkAccountRow   *row)
{
  SkAccount *account = sk_account_row_get_account (row);
  guint total = 0;
  guint remaining = 0;

  if (self->store != NULL && account != NULL)
    remaining = sk_recovery_codes_count_remaining (sk_store_get_vault (self->store),
                                                   sk_account_get_uuid (account), &total);
  sk_account_row_set_codes_left (row, remaining, total);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          SkAccountsPage           *self)
{
  SkAccountRow *row = SK_ACCOUNT_ROW (gtk_list_item_get_child (item));

  update_row_codes (self, row);
  g_hash_table_add (self->bound_rows, row);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            SkAccountsPage           *self)
{
  SkAccountRow *row = SK_ACCOUNT_ROW (gtk_list_item_get_child (item));

  g_hash_table_remove (self->bound_rows, row);
}

static SkAccountRow *
find_row (SkAccountsPage *self,
          SkAccount      *account)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    if (sk_account_row_get_account (row) == account)
      return row;
  return NULL;
}

/* A new HOTP code: the session advances the counter (on disk before the
 * code is shown) and copies it; the row shows it. */
static void
next_hotp (SkAccountsPage *self,
           SkAccount      *account)
{
  char code[SK_OTP_CODE_MAX];
  SkAccountRow *row;

  if (!sk_session_copy_code (self->session, account, TRUE, code))
    return;
  row = find_row (self, account);
  if (row != NULL)
    sk_account_row_show_hotp (row, code);
  sk_memzero_code (code);
}

void
sk_accounts_page_copy_code (SkAccountsPage *self,
                            SkAccount      *account)
{
  SkAccountRow *row;

  g_return_if_fail (SK_IS_ACCOUNTS_PAGE (self));
  g_return_if_fail (SK_IS_ACCOUNT (account));

  if (self->store == NULL)
    return;

  /* Nothing to copy: activating an account without codes shows it. */
  if (!sk_account_has_code (account))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "accounts.details", "s",
                                  sk_account_get_uuid (account));
      return;
    }

  row = find_row (self, account);

  /* A HOTP code already shown is copied again, not advanced. */
  if (sk_account_get_otp_type (account) == SK_OTP_HOTP)
    {
      if (row != NULL && sk_account_row_get_code (row) != NULL)
        {
          sk_account_row_reveal (row);
          sk_session_copy_text (self->session, sk_account_row_get_code (row),
                                sk_account_get_display_name (account));
        }
      else
        next_hotp (self, account);
      return;
    }

  if (sk_session_copy_code (self->session, account, FALSE, NULL) && row != NULL)
    sk_account_row_reveal (row);
}

static SkAccount *
lookup (SkAccountsPage *self,
        GVariant       *parameter)
{
  if (self->store == NULL)
    return NULL;
  return sk_vault_lookup_account (sk_store_get_vault (self->store),
                                  g_variant_get_string (parameter, NULL));
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  SkAccount *account = lookup (self, parameter);

  if (account != NULL)
    sk_accounts_page_copy_code (self, account);
}

static void
next_hotp_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  SkAccount *account = lookup (self, parameter);

  if (account != NULL && sk_account_get_otp_type (account) == SK_OTP_HOTP)
    next_hotp (self, account);
}

static void
details_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  SkAccount *account = lookup (self, parameter);
  GtkWindow *dialog;

  if (account == NULL)
    return;
  dialog = GTK_WINDOW (sk_account_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              self->session, account));
  gtk_window_present (dialog);
}

static void
show_qr_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  SkAccount *account = lookup (self, parameter);

  if (account == NULL || !sk_account_has_code (account))
    return;
  gtk_window_present (GTK_WINDOW (sk_qr_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)), account)));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SkAccountsPage   *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (dialog), "account-uuid");
  SkAccount *account;

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;
  /* Looked up again: the vault may have changed while the question was
   * open (a sync, the CLI). The undo is in the window's toast. */
  account = sk_vault_lookup_account (sk_store_get_vault (self->store), uuid);
  if (account != NULL)
    sk_session_delete_account (self->session, account);
}

/* From the row's menu: asks first, Cancel the default. */
static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  SkAccount *account = lookup (self, parameter);
  AdwMessageDialog *dialog;

  if (account == NULL)
    return;
  dialog = sk_delete_account_question_new (GTK_WINDOW (gtk_widget_get_root (widget)), account);
  g_object_set_data_full (G_OBJECT (dialog), "account-uuid",
                          g_strdup (sk_account_get_uuid (account)), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The row the keyboard focus is on or in, if any. */
static SkAccountRow *
focused_row (SkAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;
  row = gtk_widget_get_ancestor (focus, SK_TYPE_ACCOUNT_ROW);
  /* The list's item holds the focus, the row is its child. */
  if (row == NULL && SK_IS_ACCOUNT_ROW (gtk_widget_get_first_child (focus)))
    row = gtk_widget_get_first_child (focus);
  return row != NULL ? SK_ACCOUNT_ROW (row) : NULL;
}

/* Menu or Shift+F10 on a row: its menu, as the ⋮ button opens it. */
static gboolean
row_menu_shortcut (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  SkAccountRow *row = focused_row (SK_ACCOUNTS_PAGE (widget));

  if (row == NULL)
    return FALSE;
  sk_account_row_popup_menu (row);
  return TRUE;
}

/* Alt+Return on a row: its details, as in a file manager's properties. */
static gboolean
row_details_shortcut (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  SkAccountRow *row = focused_row (SK_ACCOUNTS_PAGE (widget));
  SkAccount *account = row != NULL ? sk_account_row_get_account (row) : NULL;

  if (account == NULL)
    return FALSE;
  gtk_widget_activate_action (widget, "accounts.details", "s", sk_account_get_uuid (account));
  return TRUE;
}

static void
on_list_activate (SkAccountsPage *self,
                  guint           position)
{
  g_autoptr(SkAccount) account = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (account != NULL)
    sk_accounts_page_copy_code (self, account);
}

static void
paste_texture_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SkAccountsPage) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      show_error_toast (self, error->message);
      return;
    }
  sk_session_import_texture (self->session, texture);
}

static void
paste_text_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SkAccountsPage) self = user_data;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  if (text == NULL)
    {
      show_error_toast (self, error ? error->message : _("The clipboard is empty"));
      return;
    }
  sk_session_import_text (self->session, text);
  sk_wipe_string (g_steal_pointer (&text));
}

static void
paste_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (self->store == NULL)
    return;

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable,
                                      paste_texture_done, g_object_ref (self));
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING) ||
           gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8") ||
           gdk_content_formats_contain_mime_type (formats, "text/plain"))
    gdk_clipboard_read_text_async (clipboard, self->cancellable,
                                   paste_text_done, g_object_ref (self));
  else
    show_error_toast (self, _("The clipboard holds no picture and no link"));
}

/* Pictures and text (links) are added at once; anything else (an Aegis,
 * 2FAS... export, a Sparekey backup) goes through the Import dialog and
 * its preview. */
static gboolean
is_backup_file (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *type = g_content_type_guess (name, NULL, 0, NULL);

  return !g_content_type_is_a (type, "image/*") && !g_content_type_equals (type, "text/plain");
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         SkAccountsPage *self)
{
  if (self->store == NULL)
    return FALSE;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files != NULL && files->next == NULL && is_backup_file (files->data))
        {
          SkImportDialog *dialog = sk_import_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                         self->session);

          gtk_window_present (GTK_WINDOW (dialog));
          sk_import_dialog_open_file (dialog, files->data);
          return TRUE;
        }
      for (GSList *l = files; l; l = l->next)
        sk_session_import_file (self->session, l->data);
      return files != NULL;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      sk_session_import_texture (self->session, g_value_get_object (value));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      sk_session_import_text (self->session, g_value_get_string (value));
      return TRUE;
    }
  return FALSE;
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);

  if (self->store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sk_add_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                                     self->session)));
}

static void
search_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* The session hides an account being deleted until its undo toast goes. */
static void
on_pending_deletes_changed (SkAccountsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

/* The vault changed (here, in a dialog, or in another writer's save that
 * the session merged): what the rows show beside the accounts model. */
static void
on_session_changed (SkAccountsPage *self)
{
  GHashTableIter iter;
  gpointer row;

  if (self->store == NULL)
    return;
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    update_row_codes (self, row);
  update_audit_banner (self);
  update_backup_banner (self);
  update_view (self);
}

/* Audits */

static guint
count_due (SkAccountsPage *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) due = NULL;

  if (self->store == NULL)
    return 0;
  now = g_date_time_new_now_local ();
  due = sk_audit_list_due (sk_store_get_vault (self->store), now, 0, FALSE);
  return due->len;
}

static void
update_audit_banner (SkAccountsPage *self)
{
  guint n = count_due (self);

  if (n > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u account is due for its quarterly check",
                                           "%u accounts are due for their quarterly check", n),
                              n);
      gtk_label_set_text (self->audit_label, text);
    }
  gtk_revealer_set_reveal_child (self->audit_revealer, n > 0);
}

/* Backups are made before every save; a vault left unchanged for a month,
 * or a backup folder that stopped working (an unplugged drive), leaves
 * the newest one old. */
#define BACKUP_OLD_DAYS 30

static void
update_backup_banner (SkAccountsPage *self)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 newest = 0;

  if (self->store == NULL ||
      sk_vault_get_n_accounts (sk_store_get_vault (self->store)) == 0)
    {
      gtk_revealer_set_reveal_child (self->backup_revealer, FALSE);
      return;
    }

  backups = sk_store_list_backups (self->store, &error);
  if (backups != NULL && backups->len > 0)
    newest = ((SkBackupInfo *) backups->pdata[0])->time;

  if (backups == NULL)
    text = g_strdup_printf (_("The backup folder cannot be read: %s"), error->message);
  else if (newest == 0)
    text = g_strdup (_("There is no backup of this vault yet"));
  else if (g_get_real_time () - newest > (gint64) BACKUP_OLD_DAYS * 24 * 3600 * G_USEC_PER_SEC)
    {
      g_autofree char *day = sk_format_day (newest);

      /* Translators: %s is a date, 2026-03-01 */
      text = g_strdup_printf (_("The newest backup of this vault is from %s"), day);
    }

  if (text != NULL)
    gtk_label_set_text (self->backup_label, text);
  gtk_revealer_set_reveal_child (self->backup_revealer, text != NULL);
}

static void
backup_now_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  /* Unsaved edits first, so the backup has them. */
  if (!sk_session_save (self->session))
    return;
  if (!sk_store_backup_now (self->store, &error))
    show_error_toast (self, error->message);
  else
    sk_session_message (self->session, sk_toast_new_printf (_("Backed up to %s"),
                                                            sk_store_get_backup_dir (self->store)));
  update_backup_banner (self);
}

/* Store */

static void
on_store_changed (SkAccountsPage *self)
{
  SkStore *store = sk_session_get_store (self->session);

  if (self->store == store)
    return;

  if (self->store != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      g_clear_handle_id (&self->tick_id, g_source_remove);
    }

  /* Dropping the model unbinds every row, which clears its labels. */
  cancel_matching (self);
  gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_object (&self->store);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);

  if (store != NULL)
    {
      self->store = g_object_ref (store);
      self->cancellable = g_cancellable_new ();
      gtk_sort_list_model_set_model (self->sort_model,
                                     sk_vault_get_accounts (sk_store_get_vault (store)));
      schedule_tick (self);
    }

  update_audit_banner (self);
  update_backup_banner (self);
  update_view (self);
}

static void
set_session (SkAccountsPage *self,
             SkSession      *session)
{
  g_assert (self->session == NULL);

  if (session == NULL)
    return;
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::store", G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_session_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "saved", G_CALLBACK (update_backup_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "pending-deletes-changed",
                           G_CALLBACK (on_pending_deletes_changed), self, G_CONNECT_SWAPPED);
  on_store_changed (self);
}

GListModel *
sk_accounts_page_get_model (SkAccountsPage *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

static gboolean
sk_accounts_page_grab_focus (GtkWidget *widget)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);

  /* The list takes the keys: arrows and Enter, typing starts a search,
   * and the page's shortcuts (Ctrl+N, Ctrl+F, Ctrl+V) are in reach. */
  if (gtk_widget_grab_focus (GTK_WIDGET (self->list_view)))
    return TRUE;
  /* No row yet (an empty vault, or rows not made yet): the first
   * control of the page, so that the focus is never left on a page out
   * of view. */
  return gtk_widget_child_focus (widget, GTK_DIR_TAB_FORWARD);
}

static void
sk_accounts_page_dispose (GObject *object)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  cancel_matching (self);
  if (self->sort_model != NULL)
    gtk_sort_list_model_set_model (self->sort_model, NULL);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);

  /* The box is the bin's own child: AdwBin unparents it (a
   * gtk_widget_dispose_template() here would unparent it twice). */
  self->window_title = NULL;
  self->search_bar = NULL;
  self->search_entry = NULL;
  self->content_stack = NULL;
  self->list_view = NULL;
  self->search_button = NULL;
  self->lock_button = NULL;
  g_clear_handle_id (&self->narrow_id, g_source_remove);
  self->codes_filter = NULL;
  self->audit_revealer = NULL;
  self->audit_label = NULL;
  self->backup_revealer = NULL;
  self->backup_label = NULL;

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sk_accounts_page_parent_class)->dispose (object);
}

static void
sk_accounts_page_finalize (GObject *object)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (object);

  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_free (self->query);

  G_OBJECT_CLASS (sk_accounts_page_parent_class)->finalize (object);
}

static void
sk_accounts_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_accounts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* What depends on the page being narrow: the Lock button, the count. */
static gboolean
update_narrow (gpointer user_data)
{
  SkAccountsPage *self = user_data;

  self->narrow_id = 0;
  if (self->lock_button != NULL)
    gtk_widget_set_visible (self->lock_button,
                            gtk_widget_get_width (GTK_WIDGET (self)) >= NARROW_WIDTH);
  if (self->filter_model != NULL && self->window_title != NULL)
    update_view (self);
  return G_SOURCE_REMOVE;
}

/* The page lays its child out itself: with a layout manager (AdwBin's)
 * GTK never calls the class's size_allocate, where the page learns its
 * width. Height-for-width as the child asks (the banners' labels wrap). */
static GtkSizeRequestMode
sk_accounts_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
sk_accounts_page_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural,
                        minimum_baseline, natural_baseline);
}

static void
sk_accounts_page_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SkAccountsPage *self = SK_ACCOUNTS_PAGE (widget);
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
  /* A button shown or hidden while the window is laid out would wait
   * for the next change of size: it changes just after. */
  if (self->lock_button != NULL && self->narrow_id == 0 &&
      gtk_widget_get_visible (self->lock_button) != (width >= NARROW_WIDTH))
    self->narrow_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_narrow, self, NULL);
}

static void
sk_accounts_page_class_init (SkAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_accounts_page_dispose;
  object_class->finalize = sk_accounts_page_finalize;
  object_class->get_property = sk_accounts_page_get_property;
  object_class->set_property = sk_accounts_page_set_property;

  /* The window's session; set once, when the window is built (the page
   * is a child of the window's template). */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->grab_focus = sk_accounts_page_grab_focus;
  widget_class->get_request_mode = sk_accounts_page_get_request_mode;
  widget_class->measure = sk_accounts_page_measure;
  widget_class->size_allocate = sk_accounts_page_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-accounts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, search_button);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, lock_button);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, codes_filter);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, audit_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, audit_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, backup_revealer);
  gtk_widget_class_bind_template_child (widget_class, SkAccountsPage, backup_label);

  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_codes_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "accounts.backup-now", NULL, backup_now_activated);
  gtk_widget_class_install_action (widget_class, "accounts.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "accounts.paste", NULL, paste_activated);
  gtk_widget_class_install_action (widget_class, "accounts.copy", "s", copy_activated);
  gtk_widget_class_install_action (widget_class, "accounts.next-hotp", "s", next_hotp_activated);
  gtk_widget_class_install_action (widget_class, "accounts.details", "s", details_activated);
  gtk_widget_class_install_action (widget_class, "accounts.show-qr", "s", show_qr_activated);
  gtk_widget_class_install_action (widget_class, "accounts.delete", "s", delete_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "accounts.add", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, row_menu_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, row_menu_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_ALT_MASK, row_details_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_ALT_MASK, row_details_shortcut, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "accounts.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "accounts.paste", NULL);
}

static void
sk_accounts_page_init (SkAccountsPage *self)
{
  GtkListItemFactory *factory;
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE, G_TYPE_STRING };
  GSimpleActionGroup *group;
  g_autoptr(GAction) sort_action = NULL;
  g_autoptr(GAction) hide_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->settings = g_object_ref (sk_settings ());
  self->bound_rows = g_hash_table_new (NULL, NULL);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->sort_model = gtk_sort_list_model_new (NULL, NULL);
  update_sorter (self);
  /* Sort first, filter second: narrowing a search never re-sorts. */
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sort_model)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  g_signal_connect_swapped (self->filter_model, "items-changed", G_CALLBACK (update_view), self);
  /* Accounts added, removed or sorted anew: a search being worked out
   * starts again on the new list. */
  g_signal_connect_swapped (self->sort_model, "items-changed", G_CALLBACK (forget_results), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self));

  g_signal_connect_object (self->settings, "changed::" SK_SETTING_SORT_ORDER,
                           G_CALLBACK (update_sorter), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" SK_SETTING_BACKUP_DIR,
                           G_CALLBACK (update_backup_banner), self, G_CONNECT_SWAPPED);

  group = g_simple_action_group_new ();
  sort_action = g_settings_create_action (self->settings, SK_SETTING_SORT_ORDER);
  hide_action = g_settings_create_action (self->settings, SK_SETTING_HIDE_CODES);
  g_action_map_add_action (G_ACTION_MAP (group), sort_action);
  g_action_map_add_action (G_ACTION_MAP (group), hide_action);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
  g_object_unref (group);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_view (self);
}

/* The switcher in the header bar, for the window to give it its pages. */
AdwViewSwitcherTitle *
sk_accounts_page_get_switcher_title (SkAccountsPage *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNTS_PAGE (self), NULL);

  return self->window_title;
}
