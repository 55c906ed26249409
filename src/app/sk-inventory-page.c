/* sk-inventory-page.c: identities, weak spots and audits of the vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sk-account-dialog.h"
#include "sk-app-util.h"
#include "sk-audit-dialog.h"
#include "sk-identity-dialog.h"
#include "sk-identity-row.h"
#include "sk-inventory-page.h"
#include "sk-session.h"

struct _SkInventoryPage
{
  AdwBin               parent_instance;

  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack        *view_stack;
  AdwPreferencesPage  *identities_page;
  AdwPreferencesGroup *no_identities_group;
  AdwPreferencesGroup *spof_group;
  AdwActionRow        *no_spof_row;
  AdwPreferencesGroup *due_group;
  AdwActionRow        *none_due_row;
  AdwPreferencesGroup *upcoming_group;
  GtkWidget           *add_button;

  SkSession           *session;
  SkVault             *vault;         /* whose identities are shown */
  /* One group per kind of identity, its list bound to the identities of
   * that kind: shown when there are some. */
  AdwPreferencesGroup *kind_groups[SK_IDENTITY_HARDWARE_KEY + 1];
  GtkFilterListModel  *kind_models[SK_IDENTITY_HARDWARE_KEY + 1];
  GPtrArray           *spof_rows;
  GPtrArray           *due_rows;
  GPtrArray           *due_checks;    /* one per due row, its account's uuid as "sk-uuid" */
  GtkWidget           *due_actions;
  GPtrArray           *upcoming_rows;
  guint                n_spof;
  guint                n_due;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (SkInventoryPage, sk_inventory_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Upcoming audits are listed this many days ahead. */
#define UPCOMING_DAYS 30

static SkVault *
get_vault (SkInventoryPage *self)
{
  return self->session != NULL ? sk_session_get_vault (self->session) : NULL;
}

/* @suffix (nullable): a widget shown before the arrow. */
static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          GtkWidget  *suffix,
          const char *action,
          GVariant   *target)
{
  GtkWidget *row = sk_row_plain (adw_action_row_new ());

  sk_row_set_address_text (row, title, subtitle);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  if (action != NULL)
    {
      GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      gtk_widget_set_visible (arrow, TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
    }
  return row;
}

/* Identities */

static gboolean
has_kind (gpointer item,
          gpointer user_data)
{
  return sk_identity_get_kind (item) == GPOINTER_TO_UINT (user_data);
}

static GtkWidget *
create_identity_row (gpointer item,
                     gpointer user_data)
{
  return sk_identity_row_new (item);
}

static guint
count_identities (SkInventoryPage *self)
{
  return self->vault != NULL ? g_list_model_get_n_items (sk_inventory_get_identities (self->vault)) : 0;
}

static void
update_groups (SkInventoryPage *self)
{
  for (guint kind = 0; kind < G_N_ELEMENTS (self->kind_groups); kind++)
    gtk_widget_set_visible (GTK_WIDGET (self->kind_groups[kind]),
                            g_list_model_get_n_items (G_LIST_MODEL (self->kind_models[kind])) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->no_identities_group), count_identities (self) == 0);
}

/* The rows follow the vault's identities by themselves: only another
 * vault (after unlocking again) needs binding. */
static void
show_identities (SkInventoryPage *self,
                 SkVault         *vault)
{
  GListModel *identities;

  if (!g_set_object (&self->vault, vault))
    return;
  identities = vault != NULL ? sk_inventory_get_identities (vault) : NULL;
  for (guint kind = 0; kind < G_N_ELEMENTS (self->kind_models); kind++)
    gtk_filter_list_model_set_model (self->kind_models[kind], identities);
  update_groups (self);
}

static void
add_kind_groups (SkInventoryPage *self)
{
  static const char *kind_titles[] = {
    [SK_IDENTITY_PHONE] = N_("Phone Numbers"),
    [SK_IDENTITY_EMAIL] = N_("Email Addresses"),
    [SK_IDENTITY_DEVICE] = N_("Devices"),
    [SK_IDENTITY_THIRD_PARTY] = N_("Third-Party Logins"),
    [SK_IDENTITY_PAYOUT] = N_("Payout Accounts"),
    [SK_IDENTITY_SECURITY_QUESTION] = N_("Security Questions"),
    [SK_IDENTITY_HARDWARE_KEY] = N_("Hardware Keys"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (kind_titles) == G_N_ELEMENTS (self->kind_groups));

  /* The model is sorted by kind, then value: each group's rows come in
   * value order, and the groups are added in kind order. */
  for (guint kind = 0; kind < G_N_ELEMENTS (kind_titles); kind++)
    {
      GtkCustomFilter *filter = gtk_custom_filter_new (has_kind, GUINT_TO_POINTER (kind), NULL);
      GtkWidget *list = gtk_list_box_new ();

      self->kind_models[kind] = gtk_filter_list_model_new (NULL, GTK_FILTER (filter));
      g_signal_connect_swapped (self->kind_models[kind], "items-changed", G_CALLBACK (update_groups), self);
      sk_boxed_list_init (GTK_LIST_BOX (list));
      gtk_list_box_bind_model (GTK_LIST_BOX (list), G_LIST_MODEL (self->kind_models[kind]),
                               create_identity_row, NULL, NULL);
      self->kind_groups[kind] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      adw_preferences_group_set_title (self->kind_groups[kind], _(kind_titles[kind]));
      /* The group names its own list, not one added to it. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(kind_titles[kind]), -1);
      adw_preferences_group_add (self->kind_groups[kind], list);
      adw_preferences_page_add (self->identities_page, self->kind_groups[kind]);
    }
  update_groups (self);
}

/* Single points of failure */

static void
load_spof (SkInventoryPage *self,
           SkVault         *vault)
{
  g_autoptr(GPtrArray) report = NULL;

  sk_group_clear_rows (self->spof_group, self->spof_rows);
  self->n_spof = 0;
  if (vault == NULL)
    return;

  report = sk_inventory_spof_report (vault, FALSE);
  self->n_spof = report->len;
  gtk_widget_set_visible (GTK_WIDGET (self->no_spof_row), report->len == 0);
  for (guint i = 0; i < report->len; i++)
    {
      SkSpofEntry *entry = g_ptr_array_index (report, i);
      SkAccount *account = sk_vault_lookup_account (vault, entry->account_uuid);
      g_autofree char *explanation = NULL;
      GtkWidget *row;

      if (account == NULL)
        continue;
      if (entry->kind == SK_SPOF_SINGLE_IDENTITY)
        {
          SkIdentity *identity = sk_inventory_lookup_identity (vault, entry->identity_uuid);
          g_autofree char *display = identity ? sk_identity_dup_display (identity, FALSE) : g_strdup ("?");

          explanation = g_strdup_printf (_("Every way back goes through %s: lose it and you lose the account. Add recovery codes or a second way back."),
                                         display);
        }
      else if (entry->n_inactive > 0)
        explanation = g_strdup (_("Its ways back go through lost or cancelled identities: none works any more."));
      else
        explanation = g_strdup (_("No working way back is recorded: no recovery codes left, no recovery phone or email."));

      /* The way it hangs on, in words, so that a chain through another
       * account ("Google → recovery email … → QQ → security phone …")
       * shows where to act. */
      if (entry->chain != NULL && entry->chain[0] != NULL && entry->chain[1] != NULL)
        {
          g_autofree char *chain = sk_ways_back_chain_to_string ((const char * const *) entry->chain);
          char *with_chain = g_strdup_printf ("%s\n%s", explanation, chain);

          g_free (explanation);
          explanation = with_chain;
        }
      if (entry->money)
        {
          /* Translators: before the explanation of a weak spot */
          char *with_money = g_strdup_printf (_("Money at risk. %s"), explanation);

          g_free (explanation);
          explanation = with_money;
        }
      row = make_row (sk_account_get_display_name (account), explanation, NULL, "inventory.open-account",
                      g_variant_new_string (entry->account_uuid));
      gtk_widget_add_css_class (row, "sk-warning-row");
      sk_group_add_row (self->spof_group, self->spof_rows, row);
    }
}

/* Audits */

static guint
count_selected_due (SkInventoryPage *self)
{
  guint n = 0;

  for (guint i = 0; i < self->due_checks->len; i++)
    n += gtk_check_button_get_active (self->due_checks->pdata[i]) ? 1 : 0;
  return n;
}

static void
update_due_actions (SkInventoryPage *self)
{
  guint n = count_selected_due (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.mark-selected-audited", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inventory.select-all-due",
                                 n < self->due_checks->len);
}

static void
load_audits (SkInventoryPage *self,
             SkVault         *vault)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) upcoming = NULL;

  sk_group_clear_rows (self->due_group, self->due_rows);
  sk_group_clear_rows (self->upcoming_group, self->upcoming_rows);
  g_ptr_array_set_size (self->due_checks, 0);
  self->n_due = 0;
  update_due_actions (self);
  if (vault == NULL)
    return;

  due = sk_audit_list_due (vault, now, 0, FALSE);
  upcoming = sk_audit_list_due (vault, now, UPCOMING_DAYS, FALSE);
  self->n_due = due->len;
  gtk_widget_set_visible (GTK_WIDGET (self->none_due_row), due->len == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->upcoming_group), upcoming->len > due->len);
  gtk_widget_set_visible (self->due_actions, due->len > 1);

  for (guint i = 0; i < upcoming->len; i++)
    {
      SkAuditDue *entry = g_ptr_array_index (upcoming, i);
      SkAccount *account = sk_vault_lookup_account (vault, entry->account_uuid);
      g_autofree char *day = g_date_time_format (entry->due, "%Y-%m-%d");
      g_autofree char *last = entry->last ? sk_format_day (entry->last) : NULL;
      g_autofree char *subtitle = NULL;
      gboolean is_due = i < due->len;
      GtkWidget *row;

      if (account == NULL)
        continue;
      if (last != NULL)
        subtitle = g_strdup_printf (is_due ? _("Due since %s · last checked %s") : _("Due on %s · last checked %s"),
                                    day, last);
      else
        subtitle = g_strdup_printf (is_due ? _("Due since %s · never checked") : _("Due on %s · never checked"),
                                    day);
      row = make_row (sk_account_get_display_name (account), subtitle, NULL, "inventory.audit",
                      g_variant_new_string (entry->account_uuid));
      if (is_due)
        {
          /* Ticked, several accounts are marked audited at once. */
          GtkWidget *check = gtk_check_button_new ();
          g_autofree char *label = g_strdup_printf (_("Select “%s”"), sk_account_get_display_name (account));

          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (check), "sk-uuid", g_strdup (entry->account_uuid), g_free);
          g_signal_connect_object (check, "toggled", G_CALLBACK (update_due_actions), self, G_CONNECT_SWAPPED);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          g_ptr_array_add (self->due_checks, check);
          sk_group_add_row (self->due_group, self->due_rows, row);
        }
      else
        sk_group_add_row (self->upcoming_group, self->upcoming_rows, row);
    }
}

void
sk_inventory_page_reload (SkInventoryPage *self)
{
  SkVault *vault;

  g_return_if_fail (SK_IS_INVENTORY_PAGE (self));

  vault = get_vault (self);
  show_identities (self, vault);
  load_spof (self, vault);
  load_audits (self, vault);
}

/* Unlocking, locking, and every change of the vault (here, in a dialog,
 * or merged from another writer) reach the page through the session. */
static void
set_session (SkInventoryPage *self,
             SkSession       *session)
{
  g_assert (self->session == NULL);

  if (session == NULL)
    return;
  self->session = g_object_ref (session);
  g_signal_connect_object (session, "notify::store", G_CALLBACK (sk_inventory_page_reload),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (sk_inventory_page_reload),
                           self, G_CONNECT_SWAPPED);
  sk_inventory_page_reload (self);
}

void
sk_inventory_page_set_view (SkInventoryPage *self,
                            const char      *name)
{
  g_return_if_fail (SK_IS_INVENTORY_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

const char *
sk_inventory_page_get_view (SkInventoryPage *self)
{
  g_return_val_if_fail (SK_IS_INVENTORY_PAGE (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}


guint
sk_inventory_page_get_n_identities (SkInventoryPage *self)
{
  g_return_val_if_fail (SK_IS_INVENTORY_PAGE (self), 0);
  return count_identities (self);
}

guint
sk_inventory_page_get_n_weak_spots (SkInventoryPage *self)
{
  g_return_val_if_fail (SK_IS_INVENTORY_PAGE (self), 0);
  return self->n_spof;
}

guint
sk_inventory_page_get_n_due (SkInventoryPage *self)
{
  g_return_val_if_fail (SK_IS_INVENTORY_PAGE (self), 0);
  return self->n_due;
}

/* Actions */

static GtkWindow *
parent_window (SkInventoryPage *self)
{
  return GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self)));
}

static void
add_identity_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);

  if (get_vault (self) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sk_identity_dialog_new (parent_window (self), self->session, NULL)));
}

static void
edit_identity_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);

  if (get_vault (self) == NULL)
    return;
  gtk_window_present (GTK_WINDOW (sk_identity_dialog_new (parent_window (self), self->session,
                                                          g_variant_get_string (parameter, NULL))));
}

static void
open_account_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);
  SkVault *vault = get_vault (self);
  SkAccount *account = vault ? sk_vault_lookup_account (vault, g_variant_get_string (parameter, NULL)) : NULL;

  if (account == NULL)
    return;
  if (g_str_equal (action_name, "inventory.audit"))
    gtk_window_present (GTK_WINDOW (sk_audit_dialog_new (parent_window (self), self->session, account)));
  else
    gtk_window_present (GTK_WINDOW (sk_account_dialog_new (parent_window (self), self->session, account)));
}

/* Ticks every due account. */
static void
select_all_due_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);

  for (guint i = 0; i < self->due_checks->len; i++)
    gtk_check_button_set_active (self->due_checks->pdata[i], TRUE);
}

/* Records an audit of each ticked account now, as `sparekey-cli audit
 * done` does for several accounts: one record each, nothing ticked in
 * their checklists (the user vouches for the account, not for each
 * check). */
static void
mark_selected_audited_activated (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);
  g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkSession) session = NULL;
  SkVault *vault = get_vault (self);
  gint64 now = g_get_real_time ();
  guint n_done = 0;
  AdwToast *toast;

  if (vault == NULL)
    return;
  /* The rows are rebuilt by the first change: take the uuids first. */
  for (guint i = 0; i < self->due_checks->len; i++)
    if (gtk_check_button_get_active (self->due_checks->pdata[i]))
      g_ptr_array_add (uuids, g_strdup (g_object_get_data (self->due_checks->pdata[i], "sk-uuid")));
  session = g_object_ref (self->session);
  for (guint i = 0; i < uuids->len; i++)
    {
      g_autoptr(SkAuditRecord) record = NULL;
      g_autoptr(GError) error = NULL;

      record = sk_audit_record_done (vault, uuids->pdata[i], NULL, NULL, now, &error);
      if (record == NULL)
        {
          toast = sk_toast_new_printf (_("Could not record the audit: %s"), error->message);
          sk_session_message (session, toast);
          break;
        }
      n_done++;
    }
  if (n_done == 0)
    return;
  toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE, "Marked %u account audited",
                                            "Marked %u accounts audited", n_done),
                               n_done);
  adw_toast_set_timeout (toast, 3);
  sk_session_message (session, toast);
}

static void
on_export_response (GtkNativeDialog *chooser,
                    int              response,
                    SkInventoryPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *ics = NULL;
  SkVault *vault = get_vault (self);
  AdwToast *toast;

  if (response == GTK_RESPONSE_ACCEPT && vault != NULL)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      /* Without account names: calendars are often synced to someone
       * else's server. */
      ics = sk_audit_export_ics (vault, now, FALSE);
      if (g_file_replace_contents (file, ics, strlen (ics), NULL, FALSE, G_FILE_CREATE_NONE,
                                   NULL, NULL, &error))
        toast = sk_toast_new (_("Calendar reminder saved: open it with your calendar"));
      else
        toast = sk_toast_new_printf (_("Could not save the calendar reminder: %s"), error->message);
      adw_toast_set_timeout (toast, 5);
      sk_session_message (self->session, toast);
    }
  g_clear_object (&self->chooser);
}

static void
export_ics_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (get_vault (self) == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Calendar Reminder"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "sparekey-audits.ics");
  gtk_file_filter_set_name (filter, _("Calendar Files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_view_changed (SkInventoryPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);

  gtk_widget_set_visible (self->add_button, g_strcmp0 (name, "identities") == 0);
}

static void
sk_inventory_page_dispose (GObject *object)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->vault);
  for (guint kind = 0; kind < G_N_ELEMENTS (self->kind_models); kind++)
    {
      if (self->kind_models[kind] != NULL)
        g_signal_handlers_disconnect_by_data (self->kind_models[kind], self);
      g_clear_object (&self->kind_models[kind]);
    }

  G_OBJECT_CLASS (sk_inventory_page_parent_class)->dispose (object);
}

static void
sk_inventory_page_finalize (GObject *object)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (object);

  g_ptr_array_unref (self->spof_rows);
  g_ptr_array_unref (self->due_rows);
  g_ptr_array_unref (self->due_checks);
  g_ptr_array_unref (self->upcoming_rows);

  G_OBJECT_CLASS (sk_inventory_page_parent_class)->finalize (object);
}

static void
sk_inventory_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (object);

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
sk_inventory_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SkInventoryPage *self = SK_INVENTORY_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_inventory_page_class_init (SkInventoryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_inventory_page_dispose;
  object_class->finalize = sk_inventory_page_finalize;
  object_class->get_property = sk_inventory_page_get_property;
  object_class->set_property = sk_inventory_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SK_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-inventory-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, due_actions);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, identities_page);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, no_identities_group);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, spof_group);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, no_spof_row);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, due_group);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, none_due_row);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, upcoming_group);
  gtk_widget_class_bind_template_child (widget_class, SkInventoryPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);

  gtk_widget_class_install_action (widget_class, "inventory.add-identity", NULL, add_identity_activated);
  gtk_widget_class_install_action (widget_class, "inventory.edit-identity", "s", edit_identity_activated);
  gtk_widget_class_install_action (widget_class, "inventory.open-account", "s", open_account_activated);
  gtk_widget_class_install_action (widget_class, "inventory.audit", "s", open_account_activated);
  gtk_widget_class_install_action (widget_class, "inventory.export-ics", NULL, export_ics_activated);
  gtk_widget_class_install_action (widget_class, "inventory.select-all-due", NULL, select_all_due_activated);
  gtk_widget_class_install_action (widget_class, "inventory.mark-selected-audited", NULL,
                                   mark_selected_audited_activated);
}

static void
sk_inventory_page_init (SkInventoryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->spof_rows = g_ptr_array_new ();
  self->due_rows = g_ptr_array_new ();
  self->due_checks = g_ptr_array_new ();
  self->upcoming_rows = g_ptr_array_new ();
  add_kind_groups (self);
  on_view_changed (self);
}

AdwViewSwitcherTitle *
sk_inventory_page_get_switcher_title (SkInventoryPage *self)
{
  g_return_val_if_fail (SK_IS_INVENTORY_PAGE (self), NULL);

  return self->switcher_title;
}
