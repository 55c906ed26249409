/* sk-audit-dialog.c: the quarterly check of one account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-audit-dialog.h"

/* Interval choices; the last slot holds an interval set elsewhere (the
 * CLI) that is none of these. */
static const int intervals[] = { -1, 30, 60, 90, 182, 365, 0 };
#define N_INTERVALS G_N_ELEMENTS (intervals)

struct _SkAuditDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *checks_group;
  GtkEditable         *note_row;
  AdwComboRow         *interval_row;
  AdwActionRow        *due_row;
  AdwPreferencesGroup *history_group;

  GtkCheckButton      *checks[SK_AUDIT_N_CHECKS];
  AdwActionRow        *check_rows[SK_AUDIT_N_CHECKS];
  SkSession           *session;
  SkAccount           *account;
  GPtrArray           *history_rows;
  int                  custom_interval;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (SkAuditDialog, sk_audit_dialog, ADW_TYPE_WINDOW)

static SkVault *
get_vault (SkAuditDialog *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

static void
load_schedule (SkAuditDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *title = NULL;
  g_autofree char *default_text = NULL;
  g_autofree char *subtitle = NULL;
  gboolean is_default = TRUE;
  guint interval, selected = 0;
  gint64 last;

  if (vault == NULL)
    return;
  interval = sk_audit_get_interval (vault, sk_account_get_uuid (self->account), &is_default);

  default_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Default (every %u day)",
                                               "Default (every %u days)", SK_AUDIT_DEFAULT_INTERVAL),
                                  SK_AUDIT_DEFAULT_INTERVAL);
  gtk_string_list_append (names, default_text);
  gtk_string_list_append (names, _("Every month"));
  gtk_string_list_append (names, _("Every two months"));
  gtk_string_list_append (names, _("Every quarter"));
  gtk_string_list_append (names, _("Every half year"));
  gtk_string_list_append (names, _("Every year"));
  gtk_string_list_append (names, _("Never"));
  self->custom_interval = 0;
  if (!is_default)
    {
      selected = N_INTERVALS;
      for (guint i = 1; i < N_INTERVALS; i++)
        if ((guint) intervals[i] == interval)
          selected = i;
      if (selected == N_INTERVALS)
        {
          g_autofree char *custom = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Every %u day",
                                                                  "Every %u days", interval),
                                                     interval);
          gtk_string_list_append (names, custom);
          self->custom_interval = interval;
        }
    }
  self->loading = TRUE;
  adw_combo_row_set_model (self->interval_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->interval_row, selected);
  self->loading = FALSE;

  due = sk_audit_get_due (vault, self->account, NULL);
  last = sk_audit_get_last (vault, sk_account_get_uuid (self->account));
  if (due != NULL)
    {
      g_autofree char *day = g_date_time_format (due, "%Y-%m-%d");

      title = g_strdup_printf (_("Next check on %s"), day);
    }
  else
    title = g_strdup (_("No regular check"));
  if (last != 0)
    {
      g_autofree char *day = sk_format_day (last);

      subtitle = g_strdup_printf (_("Last checked on %s"), day);
    }
  else
    subtitle = g_strdup (_("Never checked"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->due_row), title);
  adw_action_row_set_subtitle (self->due_row, subtitle);
}

static void
load_history (SkAuditDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GPtrArray) history = NULL;

  sk_group_clear_rows (self->history_group, self->history_rows);
  if (vault == NULL)
    return;
  history = sk_audit_list_history (vault, sk_account_get_uuid (self->account));
  gtk_widget_set_visible (GTK_WIDGET (self->history_group), history->len > 0);
  for (guint i = 0; i < history->len; i++)
    {
      SkAuditRecord *record = g_ptr_array_index (history, i);
      g_autofree char *day = sk_format_day (record->time);
      g_autofree char *summary = NULL;
      guint fine = 0;
      GtkWidget *row = sk_row_plain (adw_action_row_new ());

      for (guint c = 0; c < SK_AUDIT_N_CHECKS; c++)
        fine += record->checks[c] ? 1 : 0;
      summary = g_strdup_printf (_("%u of %u checks fine"), fine, (guint) SK_AUDIT_N_CHECKS);
      if (record->note != NULL && *record->note != '\0')
        {
          char *with_note = g_strdup_printf ("%s · %s", summary, record->note);

          g_free (summary);
          summary = with_note;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), day);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      sk_group_add_row (self->history_group, self->history_rows, row);
    }
}

/* What the checklist asks about, under its questions: the bindings the
 * vault records (one a line: identity · role · status) and the recovery
 * codes left, so they can be compared with the site at a glance. */
static void
load_checklist (SkAuditDialog *self)
{
  SkVault *vault = get_vault (self);
  const char *uuid = sk_account_get_uuid (self->account);
  g_autoptr(GPtrArray) bindings = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) third_party = g_string_new (NULL);
  g_autofree char *codes = NULL;
  guint total = 0, left;

  if (vault == NULL)
    return;
  bindings = sk_inventory_list_bindings (vault, uuid, NULL);
  for (guint i = 0; i < bindings->len; i++)
    {
      SkBinding *binding = bindings->pdata[i];
      SkIdentity *identity = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));
      g_autofree char *name = identity != NULL ? sk_identity_dup_display (identity, FALSE) : g_strdup ("?");
      g_autoptr(GString) line = g_string_new (name);

      g_string_append_printf (line, " · %s", sk_binding_role_get_label (sk_binding_get_role (binding)));
      if (identity != NULL && sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE)
        g_string_append_printf (line, " · %s", sk_identity_status_get_label (sk_identity_get_status (identity)));
      g_string_append_printf (lines, "%s%s", lines->len > 0 ? "\n" : "", line->str);
      if (sk_binding_get_role (binding) == SK_ROLE_THIRD_PARTY_LOGIN)
        g_string_append_printf (third_party, "%s%s", third_party->len > 0 ? "\n" : "", line->str);
    }
  adw_action_row_set_subtitle (self->check_rows[SK_AUDIT_CHECK_BINDINGS_CORRECT],
                               lines->len > 0 ? lines->str : _("No bindings recorded"));
  adw_action_row_set_subtitle (self->check_rows[SK_AUDIT_CHECK_THIRD_PARTY_REMOVED],
                               third_party->len > 0 ? third_party->str : _("No third-party logins recorded"));

  left = sk_recovery_codes_count_remaining (vault, uuid, &total);
  if (total == 0)
    codes = g_strdup (_("No recovery codes recorded"));
  else
    codes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u recovery code left",
                                          "%u of %u recovery codes left", total),
                             left, total);
  adw_action_row_set_subtitle (self->check_rows[SK_AUDIT_CHECK_CODES_LEFT], codes);
}

static void
on_records_changed (SkAuditDialog *self)
{
  load_checklist (self);
  load_schedule (self);
  load_history (self);
}

static void
on_interval_changed (SkAuditDialog *self)
{
  SkVault *vault = get_vault (self);
  guint selected = adw_combo_row_get_selected (self->interval_row);
  g_autoptr(GError) error = NULL;
  int days;

  if (self->loading || vault == NULL)
    return;
  days = selected < N_INTERVALS ? intervals[selected] : self->custom_interval;
  if (!sk_audit_set_interval (vault, sk_account_get_uuid (self->account), days,
                              g_get_real_time (), &error))
    {
      g_warning ("Could not set the audit interval: %s", error->message);
      return;
    }
}

static void
mark_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkAuditDialog *self = SK_AUDIT_DIALOG (widget);
  SkVault *vault = get_vault (self);
  gboolean checks[SK_AUDIT_N_CHECKS];
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (self->note_row)));
  g_autoptr(SkAuditRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSession) session = g_object_ref (self->session);
  AdwToast *toast;

  if (vault == NULL)
    return;
  for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
    checks[i] = gtk_check_button_get_active (self->checks[i]);
  record = sk_audit_record_done (vault, sk_account_get_uuid (self->account), checks,
                                 *note ? note : NULL, g_get_real_time (), &error);
  if (record == NULL)
    {
      g_warning ("Could not record the audit: %s", error->message);
      return;
    }
  toast = sk_toast_new_printf (_("Checked “%s”"), sk_account_get_display_name (self->account));
  adw_toast_set_timeout (toast, 3);
  sk_session_message (session, toast);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sk_audit_dialog_dispose (GObject *object)
{
  SkAuditDialog *self = SK_AUDIT_DIALOG (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_AUDIT_DIALOG);
  g_clear_pointer (&self->history_rows, g_ptr_array_unref);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_audit_dialog_parent_class)->dispose (object);
}

static void
sk_audit_dialog_class_init (SkAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_audit_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-audit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkAuditDialog, checks_group);
  gtk_widget_class_bind_template_child (widget_class, SkAuditDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SkAuditDialog, interval_row);
  gtk_widget_class_bind_template_child (widget_class, SkAuditDialog, due_row);
  gtk_widget_class_bind_template_child (widget_class, SkAuditDialog, history_group);
  gtk_widget_class_bind_template_callback (widget_class, on_interval_changed);

  gtk_widget_class_install_action (widget_class, "audit.mark", NULL, mark_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_audit_dialog_init (SkAuditDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->history_rows = g_ptr_array_new ();

  /* The checklist rows go before the note row. */
  for (guint i = 0; i < SK_AUDIT_N_CHECKS; i++)
    {
      GtkWidget *row = sk_row_plain (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sk_audit_check_get_label (i));
      adw_preferences_row_set_title_selectable (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      sk_audit_check_get_label (i), -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      self->checks[i] = GTK_CHECK_BUTTON (check);
      self->check_rows[i] = ADW_ACTION_ROW (row);
      adw_preferences_group_add (self->checks_group, row);
    }
}

SkAuditDialog *
sk_audit_dialog_new (GtkWindow      *parent,
                     SkSession      *session,
                     SkAccount      *account)
{
  SkAuditDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_AUDIT_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  self->account = g_object_ref (account);
  title = g_strdup_printf (_("Check “%s”"), sk_account_get_display_name (account));
  gtk_window_set_title (GTK_WINDOW (self), title);
  on_records_changed (self);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_records_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
