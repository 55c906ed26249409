/* sk-account-dialog.c: details of one account: edit, delete, show QR
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-account-dialog.h"
#include "sk-qr-dialog.h"

struct _SkAccountDialog
{
  AdwWindow       parent_instance;

  GtkEditable    *issuer_row;
  GtkEditable    *name_row;
  GtkEditable    *tags_row;
  GtkSwitch      *favourite_switch;
  GtkTextView    *note_view;
  AdwComboRow    *type_row;
  AdwComboRow    *algorithm_row;
  GtkSpinButton  *digits_spin;
  GtkSpinButton  *period_spin;
  GtkSpinButton  *counter_spin;
  AdwActionRow   *digits_row;
  AdwActionRow   *period_row;
  AdwActionRow   *counter_row;
  AdwActionRow   *secret_row;
  GtkButton      *reveal_button;
  GtkLabel       *error_label;

  SkAccountsPage *page;
  SkAccount      *account;
};

G_DEFINE_FINAL_TYPE (SkAccountDialog, sk_account_dialog, ADW_TYPE_WINDOW)

static SkOtpType
selected_type (SkAccountDialog *self)
{
  switch (adw_combo_row_get_selected (self->type_row))
    {
    case 1: return SK_OTP_HOTP;
    case 2: return SK_OTP_STEAM;
    default: return SK_OTP_TOTP;
    }
}

static void
on_type_changed (SkAccountDialog *self)
{
  SkOtpType type = selected_type (self);

  gtk_widget_set_visible (GTK_WIDGET (self->digits_row), type != SK_OTP_STEAM);
  gtk_widget_set_visible (GTK_WIDGET (self->period_row), type != SK_OTP_HOTP);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_row), type == SK_OTP_HOTP);
}

static char **
parse_tags (const char *text)
{
  /* Chinese input methods type the full-width comma. */
  g_auto(GStrv) wide = g_strsplit (text, "，", -1);
  g_autofree char *joined = g_strjoinv (",", wide);
  g_auto(GStrv) parts = g_strsplit (joined, ",", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  char **tags;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (*tag != '\0')
        g_strv_builder_add (builder, tag);
    }
  tags = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return tags;
}

static void
load (SkAccountDialog *self)
{
  SkAccount *account = self->account;
  const char * const *tags = sk_account_get_tags (account);
  g_autofree char *tags_text = tags ? g_strjoinv (", ", (char **) tags) : g_strdup ("");
  const char *note = sk_account_get_note (account);
  guint type_index;

  gtk_editable_set_text (self->issuer_row, sk_account_get_issuer (account) ? sk_account_get_issuer (account) : "");
  gtk_editable_set_text (self->name_row, sk_account_get_name (account) ? sk_account_get_name (account) : "");
  gtk_editable_set_text (self->tags_row, tags_text);
  gtk_switch_set_active (self->favourite_switch, sk_account_get_favourite (account));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);

  switch (sk_account_get_otp_type (account))
    {
    case SK_OTP_HOTP: type_index = 1; break;
    case SK_OTP_STEAM: type_index = 2; break;
    default: type_index = 0; break;
    }
  adw_combo_row_set_selected (self->type_row, type_index);
  adw_combo_row_set_selected (self->algorithm_row, sk_account_get_algorithm (account));
  gtk_spin_button_set_value (self->digits_spin, sk_account_get_digits (account));
  gtk_spin_button_set_value (self->period_spin, MAX (sk_account_get_period (account), 1));
  gtk_spin_button_set_value (self->counter_spin, (double) sk_account_get_counter (account));
  on_type_changed (self);

  gtk_window_set_title (GTK_WINDOW (self), sk_account_get_display_name (account));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  SkAccount *account = self->account;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = parse_tags (gtk_editable_get_text (self->tags_row));
  const char * const *old_tags = sk_account_get_tags (account);
  g_autofree char *note = NULL;
  GtkTextIter start, end;
  SkOtpParams params;

  /* Check the parameters before touching the account. */
  sk_otp_params_init (&params, selected_type (self));
  params.algorithm = adw_combo_row_get_selected (self->algorithm_row);
  if (params.type != SK_OTP_STEAM)
    params.digits = gtk_spin_button_get_value_as_int (self->digits_spin);
  params.period = gtk_spin_button_get_value_as_int (self->period_spin);
  params.counter = (guint64) gtk_spin_button_get_value (self->counter_spin);
  if (!sk_otp_params_validate (&params, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->note_view), &start, &end);
  note = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->note_view), &start, &end, FALSE);

  /* Only what changed, so "updated" (which decides merges) stays honest. */
  if (g_strcmp0 (sk_account_get_issuer (account), gtk_editable_get_text (self->issuer_row)) != 0)
    sk_account_set_issuer (account, gtk_editable_get_text (self->issuer_row));
  if (g_strcmp0 (sk_account_get_name (account), gtk_editable_get_text (self->name_row)) != 0)
    sk_account_set_name (account, gtk_editable_get_text (self->name_row));
  if (!(old_tags == NULL && tags[0] == NULL) &&
      (old_tags == NULL || !g_strv_equal ((const char * const *) tags, old_tags)))
    sk_account_set_tags (account, (const char * const *) tags);
  if (g_strcmp0 (sk_account_get_note (account) ? sk_account_get_note (account) : "", note) != 0)
    sk_account_set_note (account, note);
  if (sk_account_get_favourite (account) != gtk_switch_get_active (self->favourite_switch))
    sk_account_set_favourite (account, gtk_switch_get_active (self->favourite_switch));
  if (sk_account_get_otp_type (account) != params.type)
    sk_account_set_otp_type (account, params.type);
  if (sk_account_get_algorithm (account) != params.algorithm)
    sk_account_set_algorithm (account, params.algorithm);
  if (params.type != SK_OTP_STEAM && sk_account_get_digits (account) != params.digits)
    sk_account_set_digits (account, params.digits);
  if (sk_account_get_period (account) != params.period)
    sk_account_set_period (account, params.period);
  if (sk_account_get_counter (account) != params.counter)
    sk_account_set_counter (account, params.counter);

  sk_accounts_page_account_changed (self->page, account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  /* Undo lives in the toast of the main window. */
  sk_accounts_page_delete_account (self->page, self->account);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_qr_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  gtk_window_present (GTK_WINDOW (sk_qr_dialog_new (GTK_WINDOW (self), self->account)));
}

static void
on_reveal_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SkAccountDialog  *self)
{
  g_autoptr(SkSecret) encoded = NULL;
  SkSecret *secret;

  if (g_strcmp0 (response, "reveal") != 0)
    return;

  secret = sk_account_get_secret (self->account);
  if (secret == NULL)
    return;
  encoded = sk_base32_encode (sk_secret_get_data (secret), sk_secret_get_size (secret));
  adw_action_row_set_subtitle (self->secret_row, sk_secret_get_string (encoded));
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), FALSE);
}

static void
reveal_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Reveal the Secret Key?"),
                                                       _("Anyone who sees the secret key can make codes for this account. Make sure nobody is watching your screen.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "reveal", _("_Reveal"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "reveal", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_reveal_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sk_account_dialog_dispose (GObject *object)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ACCOUNT_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->page);

  G_OBJECT_CLASS (sk_account_dialog_parent_class)->dispose (object);
}

static void
sk_account_dialog_class_init (SkAccountDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_account_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, tags_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, favourite_switch);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, algorithm_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, digits_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, period_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, counter_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, digits_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, counter_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);

  gtk_widget_class_install_action (widget_class, "account.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "account.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "account.show-qr", NULL, show_qr_activated);
  gtk_widget_class_install_action (widget_class, "account.reveal", NULL, reveal_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "account.save", NULL);
}

static void
sk_account_dialog_init (SkAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

SkAccountDialog *
sk_account_dialog_new (SkAccountsPage *page,
                       SkAccount      *account)
{
  SkAccountDialog *self;

  g_return_val_if_fail (SK_IS_ACCOUNTS_PAGE (page), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_ACCOUNT_DIALOG,
                       "transient-for", gtk_widget_get_root (GTK_WIDGET (page)),
                       "modal", TRUE,
                       NULL);
  self->page = g_object_ref (page);
  self->account = g_object_ref (account);
  load (self);
  return self;
}
