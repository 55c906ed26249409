/* sk-account-dialog.c: details of one account: edit, delete, show QR,
 * choose its icon
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
#include "sk-binding-dialog.h"
#include "sk-binding-row.h"
#include "sk-codes-dialog.h"
#include "sk-codes-viewer.h"
#include "sk-qr-dialog.h"

struct _SkAccountDialog
{
  AdwWindow       parent_instance;

  GtkImage       *icon_image;
  GtkLabel       *icon_fallback;
  GtkButton      *icon_remove_button;
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
  AdwPreferencesGroup *codes_group;
  AdwActionRow   *codes_status_row;
  AdwExpanderRow *codes_expander;
  AdwActionRow   *codes_replace_row;
  GtkListBox     *bindings_empty_list;
  GtkListBox     *bindings_list;
  GtkEditable    *site_row;
  GtkEditable    *chat_row;
  GtkEditable    *ticket_row;
  GtkEditable    *email_row;
  GtkEditable    *phone_row;
  GtkEditable    *recovery_page_row;
  AdwActionRow   *audit_row;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack   *stack;
  AdwViewStackPage *code_page;
  GtkWidget      *quick_group;
  AdwComboRow    *protection_row;
  AdwActionRow   *service_row;
  GtkWidget      *official_group;
  GtkListBox     *official_list;
  AdwToastOverlay *toast_overlay;

  SkSession      *session;
  SkAccount      *account;
  GPtrArray      *code_rows;     /* rows in codes_expander */
  GListModel     *bindings;      /* the vault's, of the account */
  /* The icon as it will be saved (NULL: none); set on the account only
   * by Save, like every other field. */
  GBytes         *icon;
  const char     *icon_type;
  gboolean        icon_changed;
  GCancellable   *icon_cancellable;
};

G_DEFINE_FINAL_TYPE (SkAccountDialog, sk_account_dialog, ADW_TYPE_WINDOW)

static SkOtpType
selected_type (SkAccountDialog *self)
{
  return sk_enum_combo_row_get (self->type_row);
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
show_error (SkAccountDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Icon */

/* Shows self->icon; FALSE (and nothing changed) when it cannot be drawn. */
static gboolean
show_icon (SkAccountDialog *self,
           GBytes          *icon,
           const char      *type,
           GError         **error)
{
  g_autoptr(GdkTexture) texture = NULL;

  if (icon != NULL)
    {
      texture = sk_icon_texture_new (icon, type,
                                     32 * gtk_widget_get_scale_factor (GTK_WIDGET (self)), error);
      if (texture == NULL)
        return FALSE;
    }
  gtk_image_set_from_paintable (self->icon_image, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->icon_image), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon_fallback), texture == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->icon_remove_button), icon != NULL);
  return TRUE;
}

static void
set_pending_icon (SkAccountDialog *self,
                  GBytes          *icon,
                  const char      *type)
{
  g_clear_pointer (&self->icon, g_bytes_unref);
  self->icon = icon != NULL ? g_bytes_ref (icon) : NULL;
  self->icon_type = type;
}

static void
icon_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SkAccountDialog *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *type;

  bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (bytes == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The picture cannot be read: %s"), error->message);

      show_error (self, message);
      return;
    }
  type = sk_account_icon_sniff (bytes);
  if (!sk_account_icon_validate (bytes, type, &error) ||
      !show_icon (self, bytes, type, &error))
    {
      /* Translators: %s says what is wrong with the picture */
      g_autofree char *message = g_strdup_printf (_("This picture cannot be the icon: %s"), error->message);

      show_error (self, message);
      return;
    }
  show_error (self, NULL);
  set_pending_icon (self, bytes, type);
  self->icon_changed = TRUE;
}

static void
icon_info_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SkAccountDialog *self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The picture cannot be read: %s"), error->message);

      show_error (self, message);
      return;
    }
  /* Refused before reading: no icon is that large. */
  if (g_file_info_get_size (info) > SK_ACCOUNT_ICON_MAX_SIZE)
    {
      g_autofree char *reason = g_strdup_printf (_("The icon is too large (%lu bytes; at most %u bytes)"),
                                                 (gulong) g_file_info_get_size (info),
                                                 (guint) SK_ACCOUNT_ICON_MAX_SIZE);
      g_autofree char *message = g_strdup_printf (_("This picture cannot be the icon: %s"), reason);

      show_error (self, message);
      return;
    }
  g_file_load_bytes_async (G_FILE (source), self->icon_cancellable, icon_loaded, self);
}

void
sk_account_dialog_load_icon (SkAccountDialog *self,
                             GFile           *file)
{
  g_return_if_fail (SK_IS_ACCOUNT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->icon_cancellable, icon_info_ready, self);
}

static void
on_icon_chooser_response (GtkNativeDialog *chooser,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(SkAccountDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sk_account_dialog_load_icon (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_icon_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_native_new (_("Choose an Icon"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG, JPEG and SVG Pictures"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "jpg");
  gtk_file_filter_add_suffix (filter, "jpeg");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_icon_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_icon_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  g_cancellable_cancel (self->icon_cancellable);
  g_clear_object (&self->icon_cancellable);
  self->icon_cancellable = g_cancellable_new ();
  set_pending_icon (self, NULL, NULL);
  self->icon_changed = TRUE;
  show_icon (self, NULL, NULL, NULL);
  show_error (self, NULL);
}

static void
load (SkAccountDialog *self)
{
  SkAccount *account = self->account;
  const char * const *tags = sk_account_get_tags (account);
  g_autofree char *tags_text = tags ? g_strjoinv (", ", (char **) tags) : g_strdup ("");
  const char *note = sk_account_get_note (account);

  gtk_editable_set_text (self->issuer_row, sk_account_get_issuer (account) ? sk_account_get_issuer (account) : "");
  gtk_editable_set_text (self->name_row, sk_account_get_name (account) ? sk_account_get_name (account) : "");
  gtk_editable_set_text (self->tags_row, tags_text);
  gtk_switch_set_active (self->favourite_switch, sk_account_get_favourite (account));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);

  sk_enum_combo_row_set (self->type_row, sk_account_get_otp_type (account));
  sk_enum_combo_row_set (self->algorithm_row, sk_account_get_algorithm (account));
  gtk_spin_button_set_value (self->digits_spin, sk_account_get_digits (account));
  gtk_spin_button_set_value (self->period_spin, MAX (sk_account_get_period (account), 1));
  gtk_spin_button_set_value (self->counter_spin, (double) sk_account_get_counter (account));
  on_type_changed (self);
  /* The type list offers TOTP, HOTP and Steam: a Yandex or mOTP account
   * (imported) keeps its type and code parameters, shown but fixed. */
  if (sk_otp_type_needs_pin (sk_account_get_otp_type (account)))
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->type_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->algorithm_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->digits_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->period_row), FALSE);
    }

  gtk_window_set_title (GTK_WINDOW (self), sk_account_get_display_name (account));
  adw_view_switcher_title_set_title (self->switcher_title, sk_account_get_display_name (account));

  /* An account without codes (QQ, a bank…) shows how it signs in
   * instead of the code, the QR code and the code's settings. */
  {
    gboolean has_code = sk_account_has_code (account);

    gtk_widget_set_visible (GTK_WIDGET (self->protection_row), !has_code);
    if (!has_code)
      sk_enum_combo_row_set (self->protection_row, sk_account_get_protection (account));
    adw_view_stack_page_set_visible (self->code_page, has_code);
    gtk_widget_set_visible (self->quick_group, has_code);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.show-qr", has_code);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "account.copy-code", has_code);
  }

  {
    char initial[8];

    sk_format_initial (*sk_account_get_issuer (account) != '\0' ? sk_account_get_issuer (account)
                                                                : sk_account_get_name (account),
                       initial);
    gtk_label_set_text (self->icon_fallback, initial);
  }
  set_pending_icon (self, sk_account_get_icon (account), sk_account_get_icon_mime_type (account));
  if (!show_icon (self, self->icon, self->icon_type, NULL))
    {
      /* Kept, though it cannot be drawn here: it can still be removed. */
      show_icon (self, NULL, NULL, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->icon_remove_button), TRUE);
    }
}

static SkVault *
get_vault (SkAccountDialog *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

/* Recovery codes */

static void
load_codes (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);
  const char *uuid = sk_account_get_uuid (self->account);
  g_autoptr(GPtrArray) codes = NULL;
  g_autofree char *warning = NULL;
  g_autofree char *title = NULL;
  guint total = 0, remaining;

  for (guint i = 0; i < self->code_rows->len; i++)
    adw_expander_row_remove (self->codes_expander, g_ptr_array_index (self->code_rows, i));
  g_ptr_array_set_size (self->code_rows, 0);

  if (vault == NULL)
    return;

  remaining = sk_recovery_codes_count_remaining (vault, uuid, &total);
  warning = sk_recovery_codes_dup_warning (vault, uuid);
  if (total == 0)
    title = g_strdup (_("No recovery codes stored"));
  else
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u code left",
                                          "%u of %u codes left", remaining),
                             remaining, total);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->codes_status_row), title);
  adw_action_row_set_subtitle (self->codes_status_row,
                               warning ? warning : _("Each code signs in once when the phone is gone"));
  if (warning != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->codes_status_row), "sk-warning-row");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->codes_status_row), "sk-warning-row");

  gtk_widget_set_visible (GTK_WIDGET (self->codes_expander), total > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->codes_replace_row), total > 0);

  codes = sk_recovery_codes_list (vault, uuid);
  for (guint i = 0; i < codes->len; i++)
    {
      SkRecoveryCode *code = g_ptr_array_index (codes, i);
      g_autofree char *row_title = g_strdup_printf (_("Code %u"), code->position);
      g_autofree char *subtitle = NULL;
      GtkWidget *row = sk_row_plain (adw_action_row_new ());
      GtkWidget *button;

      if (code->used != 0)
        {
          g_autofree char *day = sk_format_day (code->used);

          subtitle = g_strdup_printf (_("Used on %s"), day);
          gtk_widget_add_css_class (row, "dim-label");
        }
      else
        subtitle = g_strdup (_("Unused"));
      /* Shown to be read and typed; copying and marking used are there,
       * each on its own. */
      button = gtk_button_new_with_mnemonic (_("_Show"));
      gtk_widget_set_tooltip_text (button, _("Show the code in large print"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "account.show-code");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code->uuid);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), row_title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_expander_row_add_row (self->codes_expander, row);
      g_ptr_array_add (self->code_rows, row);
    }
}

static void
use_code_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  SkVault *vault = get_vault (self);
  const char *code_uuid = g_variant_get_string (parameter, NULL);
  gboolean use = g_str_equal (action_name, "account.use-code");
  g_autoptr(GError) error = NULL;

  if (vault == NULL)
    return;

  if (use)
    {
      g_autoptr(SkSecret) code = sk_recovery_codes_dup_code (vault, code_uuid);

      if (code == NULL)
        return;
      sk_session_copy_text (self->session, sk_secret_get_string (code),
                            sk_account_get_display_name (self->account));
    }
  if (!sk_recovery_codes_set_used (vault, code_uuid, use ? g_get_real_time () : 0, &error))
    {
      g_warning ("Could not mark the recovery code: %s", error->message);
      return;
    }
  /* The vault announces the change: the session saves it and this dialog
   * refreshes on its ::changed. */
}

static void
show_code_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  const char *code_uuid = parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL;

  gtk_window_present (GTK_WINDOW (sk_codes_viewer_new (GTK_WINDOW (self), self->session, self->account,
                                                       code_uuid != NULL && *code_uuid != '\0'
                                                       ? code_uuid : NULL)));
}

static void
add_codes_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  gboolean replace = g_str_equal (action_name, "account.replace-codes");

  gtk_window_present (GTK_WINDOW (sk_codes_dialog_new (GTK_WINDOW (self), self->session,
                                                       self->account, replace)));
}

/* Bindings */

static GtkWidget *
create_binding_row (gpointer item,
                    gpointer user_data)
{
  SkAccountDialog *self = user_data;
  SkVault *vault = get_vault (self);
  const char *identity_uuid = sk_binding_get_identity_uuid (item);
  SkIdentity *identity = vault ? sk_inventory_lookup_identity (vault, identity_uuid) : NULL;
  GtkWidget *row = sk_binding_row_new_with_identity (item, identity);
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Remove Binding"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove binding"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "account.unbind");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(si)", identity_uuid,
                                    (gint32) sk_binding_get_role (item));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
update_bindings_list (SkAccountDialog *self)
{
  gboolean empty = self->bindings == NULL || g_list_model_get_n_items (self->bindings) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->bindings_empty_list), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->bindings_list), !empty);
}

/* The list follows the vault's bindings of the account by itself. */
static void
load_bindings (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);

  if (vault != NULL)
    {
      const char *uuid = sk_account_get_uuid (self->account);

      self->bindings = g_object_ref (sk_inventory_get_account_bindings (vault, uuid));
      gtk_list_box_bind_model (self->bindings_list, self->bindings, create_binding_row, self, NULL);
      g_signal_connect_object (self->bindings, "items-changed", G_CALLBACK (update_bindings_list), self,
                               G_CONNECT_SWAPPED);
    }
  update_bindings_list (self);
}

static void
unbind_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  SkVault *vault = get_vault (self);
  const char *identity_uuid;
  gint32 role;

  if (vault == NULL)
    return;
  g_variant_get (parameter, "(&si)", &identity_uuid, &role);
  sk_inventory_unbind (vault, sk_account_get_uuid (self->account), identity_uuid,
                           role, g_get_real_time ());
}

static void
add_binding_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  gtk_window_present (GTK_WINDOW (sk_binding_dialog_new (GTK_WINDOW (self), self->session, self->account)));
}

/* Support and audits */

static void
load_support (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkSupportInfo) info = NULL;

  if (vault == NULL)
    return;
  info = sk_inventory_get_support (vault, sk_account_get_uuid (self->account));
  gtk_editable_set_text (self->site_row, info->site ? info->site : "");
  gtk_editable_set_text (self->chat_row, info->chat ? info->chat : "");
  gtk_editable_set_text (self->ticket_row, info->ticket ? info->ticket : "");
  gtk_editable_set_text (self->email_row, info->email ? info->email : "");
  gtk_editable_set_text (self->phone_row, info->phone ? info->phone : "");
  gtk_editable_set_text (self->recovery_page_row, info->recovery_page ? info->recovery_page : "");
}

static void
on_official_open (GtkButton       *button,
                  SkAccountDialog *self)
{
  gtk_show_uri (GTK_WINDOW (self), g_object_get_data (G_OBJECT (button), "uri"), GDK_CURRENT_TIME);
}

static void
on_official_copy (GtkButton       *button,
                  SkAccountDialog *self)
{
  sk_session_copy_text_in (self->session, g_object_get_data (G_OBJECT (button), "number"), NULL,
                           self->toast_overlay);
}

/* The directory entry the account is, and its official channels beside
 * the user's own contacts (which the wizard and the plan use first). */
static void
load_service (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);
  SkService *service = vault != NULL ? sk_services_for_account (vault, self->account) : NULL;
  const SkServiceChannel *channels = NULL;
  guint n_channels = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->official_list))) != NULL)
    gtk_list_box_remove (self->official_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->service_row), service != NULL);
  gtk_widget_set_visible (self->official_group, service != NULL);
  if (service == NULL)
    return;

  {
    g_autofree char *title = g_strdup_printf (_("In the directory as “%s”"),
                                              sk_service_get_display_name (service));
    g_autofree char *subtitle = sk_service_describe (service);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->service_row), title);
    adw_action_row_set_subtitle (self->service_row, subtitle);
  }

  channels = sk_service_get_channels (service, &n_channels);
  for (guint i = 0; i < n_channels; i++)
    {
      const SkServiceChannel *channel = &channels[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = NULL;
      const char *note = sk_service_channel_get_note (channel);
      g_autofree char *tooltip = g_strdup_printf (_("Source: %s"), channel->source);
      g_autofree char *subtitle = note != NULL
        ? g_strdup_printf ("%s\n%s", sk_service_channel_get_value (channel), note)
        : g_strdup (sk_service_channel_get_value (channel));

      /* Entries come from the user too: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     sk_service_channel_kind_get_label (channel->kind));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_tooltip_text (row, tooltip);
      if (channel->phone != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Copy the number of “%s”"),
                                                    sk_service_channel_kind_get_label (channel->kind));

          button = gtk_button_new_from_icon_name ("edit-copy-symbolic");
          gtk_widget_set_tooltip_text (button, _("Copy Number"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (button), "number", g_strdup (channel->phone), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_official_copy), self);
        }
      else if (channel->url != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Open the page of “%s”"),
                                                    sk_service_channel_kind_get_label (channel->kind));

          button = gtk_button_new_from_icon_name ("adw-external-link-symbolic");
          gtk_widget_set_tooltip_text (button, _("Open Page"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
          g_object_set_data_full (G_OBJECT (button), "uri", g_strdup (channel->url), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (on_official_open), self);
        }
      if (button != NULL)
        {
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      gtk_list_box_append (self->official_list, row);
    }
  gtk_widget_set_visible (self->official_group, n_channels > 0);
}

static gboolean
update_field (char       **field,
              GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);
  const char *old = *field ? *field : "";

  if (g_str_equal (old, text))
    return FALSE;
  g_free (*field);
  *field = *text ? g_strdup (text) : NULL;
  return TRUE;
}

static gboolean
save_support (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkSupportInfo) info = NULL;
  gboolean changed = FALSE;

  if (vault == NULL)
    return FALSE;
  info = sk_inventory_get_support (vault, sk_account_get_uuid (self->account));
  changed |= update_field (&info->site, self->site_row);
  changed |= update_field (&info->chat, self->chat_row);
  changed |= update_field (&info->ticket, self->ticket_row);
  changed |= update_field (&info->email, self->email_row);
  changed |= update_field (&info->phone, self->phone_row);
  changed |= update_field (&info->recovery_page, self->recovery_page_row);
  /* Only what changed, so "updated" (which decides merges) stays honest. */
  if (changed)
    sk_inventory_set_support (vault, info, g_get_real_time ());
  return changed;
}

static void
load_audit (SkAccountDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *subtitle = NULL;
  gint64 last;

  if (vault == NULL)
    return;
  due = sk_audit_get_due (vault, self->account, NULL);
  last = sk_audit_get_last (vault, sk_account_get_uuid (self->account));
  if (due == NULL)
    subtitle = g_strdup (_("Regular checks are off for this account"));
  else
    {
      g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");
      g_autofree char *last_text = last ? sk_format_day (last) : NULL;

      if (g_date_time_compare (due, now) <= 0)
        subtitle = last_text ? g_strdup_printf (_("Due now · last checked %s"), last_text)
                             : g_strdup (_("Due now · never checked"));
      else
        subtitle = last_text ? g_strdup_printf (_("Next on %s · last checked %s"), due_text, last_text)
                             : g_strdup_printf (_("Next on %s · never checked"), due_text);
      if (g_date_time_compare (due, now) <= 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->audit_row), "sk-warning-row");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->audit_row), "sk-warning-row");
    }
  adw_action_row_set_subtitle (self->audit_row, subtitle);
}

static void
audit_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  gtk_window_present (GTK_WINDOW (sk_audit_dialog_new (GTK_WINDOW (self), self->session, self->account)));
}

static void
on_records_changed (SkAccountDialog *self)
{
  load_codes (self);
  load_audit (self);
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

  /* Check the parameters before touching the account. A Yandex or mOTP
   * account keeps its own (the dialog cannot show them). */
  if (sk_otp_type_needs_pin (sk_account_get_otp_type (account)))
    sk_account_get_params (account, &params);
  else
    {
      sk_otp_params_init (&params, selected_type (self));
      params.algorithm = sk_enum_combo_row_get (self->algorithm_row);
      if (params.type != SK_OTP_STEAM)
        params.digits = gtk_spin_button_get_value_as_int (self->digits_spin);
      params.period = gtk_spin_button_get_value_as_int (self->period_spin);
      params.counter = (guint64) gtk_spin_button_get_value (self->counter_spin);
    }
  if (!sk_otp_params_validate (&params, &error))
    {
      show_error (self, error->message);
      return;
    }
  /* Checked when it was chosen; checked again before anything changes. */
  if (self->icon_changed && self->icon != NULL &&
      !sk_account_icon_validate (self->icon, self->icon_type, &error))
    {
      show_error (self, error->message);
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
  if (!sk_account_has_code (account) &&
      sk_account_get_protection (account) != (SkProtection) sk_enum_combo_row_get (self->protection_row))
    sk_account_set_protection (account, sk_enum_combo_row_get (self->protection_row));
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
  if (self->icon_changed)
    sk_account_set_icon (account, self->icon, self->icon_type, NULL);

  /* The vault hears of every edit (the list re-sorts, the session saves). */
  save_support (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* TRUE when what the form shows differs from the account: closing it
 * would lose what was typed. */
static gboolean
has_unsaved_edits (SkAccountDialog *self)
{
  SkAccount *account = self->account;
  g_auto(GStrv) tags = parse_tags (gtk_editable_get_text (self->tags_row));
  const char * const *old_tags = sk_account_get_tags (account);
  g_autofree char *note = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (self->note_view), &start, &end);
  note = gtk_text_buffer_get_text (gtk_text_view_get_buffer (self->note_view), &start, &end, FALSE);

  return self->icon_changed ||
         g_strcmp0 (sk_account_get_issuer (account) ? sk_account_get_issuer (account) : "",
                    gtk_editable_get_text (self->issuer_row)) != 0 ||
         g_strcmp0 (sk_account_get_name (account) ? sk_account_get_name (account) : "",
                    gtk_editable_get_text (self->name_row)) != 0 ||
         g_strcmp0 (sk_account_get_note (account) ? sk_account_get_note (account) : "", note) != 0 ||
         sk_account_get_favourite (account) != gtk_switch_get_active (self->favourite_switch) ||
         (!sk_account_has_code (account) &&
          sk_account_get_protection (account) != (SkProtection) sk_enum_combo_row_get (self->protection_row)) ||
         !((old_tags == NULL && tags[0] == NULL) ||
           (old_tags != NULL && g_strv_equal ((const char * const *) tags, old_tags)));
}

static gboolean
destroy_later (gpointer window)
{
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

/* Escape: closes at once when nothing was typed, else asks, keeping the
 * edits by default (Enter or Escape again keep them). */
static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  if (!has_unsaved_edits (self))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  sk_confirm_discard (GTK_WINDOW (self), _("The changes to this account have not been saved."));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SkAccountDialog  *self)
{
  if (g_strcmp0 (response, "delete") != 0)
    return;
  /* Undo lives in the toast of the main window. */
  sk_session_delete_account (self->session, self->account);
  g_idle_add_full (G_PRIORITY_DEFAULT, destroy_later, g_object_ref (self), g_object_unref);
}

/* Deleting asks first, says what goes, and keeps Cancel the default:
 * Enter alone never deletes. */
static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);
  AdwMessageDialog *dialog = sk_delete_account_question_new (GTK_WINDOW (self), self->account);

  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_code_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkAccountDialog *self = SK_ACCOUNT_DIALOG (widget);

  /* The toast shows here, where the user looks, not behind the dialog. */
  sk_session_copy_code_in (self->session, self->account, TRUE, NULL, self->toast_overlay);
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

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_cancellable_cancel (self->icon_cancellable);
  g_clear_object (&self->icon_cancellable);
  g_clear_pointer (&self->icon, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ACCOUNT_DIALOG);
  g_clear_pointer (&self->code_rows, g_ptr_array_unref);
  g_clear_object (&self->bindings);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

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
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, icon_image);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, icon_fallback);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, icon_remove_button);
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
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, codes_group);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, codes_status_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, codes_expander);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, codes_replace_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, bindings_empty_list);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, bindings_list);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, site_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, chat_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, ticket_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, recovery_page_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, audit_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, code_page);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, quick_group);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, protection_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, official_group);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, official_list);
  gtk_widget_class_bind_template_child (widget_class, SkAccountDialog, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_type_changed);

  gtk_widget_class_install_action (widget_class, "account.add-codes", NULL, add_codes_activated);
  gtk_widget_class_install_action (widget_class, "account.replace-codes", NULL, add_codes_activated);
  gtk_widget_class_install_action (widget_class, "account.show-code", "s", show_code_activated);
  gtk_widget_class_install_action (widget_class, "account.use-code", "s", use_code_activated);
  gtk_widget_class_install_action (widget_class, "account.unuse-code", "s", use_code_activated);
  gtk_widget_class_install_action (widget_class, "account.add-binding", NULL, add_binding_activated);
  gtk_widget_class_install_action (widget_class, "account.unbind", "(si)", unbind_activated);
  gtk_widget_class_install_action (widget_class, "account.audit", NULL, audit_activated);

  gtk_widget_class_install_action (widget_class, "account.choose-icon", NULL, choose_icon_activated);
  gtk_widget_class_install_action (widget_class, "account.remove-icon", NULL, remove_icon_activated);
  gtk_widget_class_install_action (widget_class, "account.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "account.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "account.show-qr", NULL, show_qr_activated);
  gtk_widget_class_install_action (widget_class, "account.copy-code", NULL, copy_code_activated);
  gtk_widget_class_install_action (widget_class, "account.reveal", NULL, reveal_activated);

  gtk_widget_class_install_action (widget_class, "account.cancel", NULL, cancel_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "account.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "account.save", NULL);
}

static void
sk_account_dialog_init (SkAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sk_enum_combo_row_init (self->type_row, SK_TYPE_OTP_TYPE, sk_otp_type_label);
  sk_enum_combo_row_init (self->algorithm_row, SK_TYPE_OTP_ALGORITHM, sk_otp_algorithm_label);
  sk_enum_combo_row_init_except (self->protection_row, SK_TYPE_PROTECTION, sk_protection_label,
                                 SK_PROTECTION_CODE);
  self->code_rows = g_ptr_array_new ();
  sk_boxed_list_init (self->bindings_empty_list);
  sk_boxed_list_init (self->bindings_list);
  self->icon_cancellable = g_cancellable_new ();
  /* The first field, where a keyboard user starts. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->issuer_row));
}

SkAccountDialog *
sk_account_dialog_new (GtkWindow *parent,
                       SkSession *session,
                       SkAccount *account)
{
  SkAccountDialog *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  self->account = g_object_ref (account);
  load (self);
  load_support (self);
  load_service (self);
  load_bindings (self);
  on_records_changed (self);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_records_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
