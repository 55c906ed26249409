/* sk-add-dialog.c: adding accounts: form, link, picture, screenshot
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-add-dialog.h"
#include "sk-app-util.h"
#include "sk-camera.h"
#include "sk-import.h"
#include "sk-screenshot.h"

struct _SkAddDialog
{
  AdwWindow       parent_instance;

  GtkEditable    *uri_row;
  GtkEditable    *issuer_row;
  GtkEditable    *name_row;
  GtkEditable    *secret_row;
  AdwComboRow    *type_row;
  AdwComboRow    *algorithm_row;
  GtkSpinButton  *digits_spin;
  GtkSpinButton  *period_spin;
  GtkSpinButton  *counter_spin;
  AdwActionRow   *digits_row;
  AdwActionRow   *period_row;
  AdwActionRow   *counter_row;
  AdwActionRow   *screenshot_row;
  GtkLabel       *preview_label;
  GtkLabel       *message_label;
  GtkLabel       *uri_error_label;
  GtkSpinner     *spinner;
  AdwActionRow   *no_code_row;
  GtkSwitch      *no_code_switch;
  GtkWidget      *scan_group;
  GtkWidget      *uri_error_group;
  GtkWidget      *code_group;
  GtkWidget      *preview_group;
  AdwComboRow    *protection_row;
  AdwActionRow   *service_row;
  GtkWidget      *suggestions_group;
  GtkListBox     *suggestions_list;

  SkSession      *session;
  GCancellable   *cancellable;
  /* Parameters from a parsed link that the form does not show (t0 is 0
   * anyway; kept so a link round-trips). */
  guint           preview_id;
  gboolean        filling;
  /* The directory entry the user picked from the suggestions, or NULL:
   * the issuer typed then names it (sk_services_prefill_account()). */
  char           *service_id;
};

G_DEFINE_FINAL_TYPE (SkAddDialog, sk_add_dialog, ADW_TYPE_WINDOW)

static SkOtpType
selected_type (SkAddDialog *self)
{
  return sk_enum_combo_row_get (self->type_row);
}

static gboolean
without_code (SkAddDialog *self)
{
  return gtk_switch_get_active (self->no_code_switch);
}

static SkVault *
get_vault (SkAddDialog *self)
{
  SkStore *store = self->session != NULL ? sk_session_get_store (self->session) : NULL;

  return store != NULL ? sk_store_get_vault (store) : NULL;
}

/* The entry the form names: the one picked, else the one the issuer
 * matches exactly (name or alias); NULL for none. */
static SkService *
current_service (SkAddDialog *self)
{
  SkVault *vault = get_vault (self);
  SkServiceDirectory *directory = vault != NULL ? sk_services_for_vault (vault) : NULL;
  const char *issuer = gtk_editable_get_text (self->issuer_row);

  if (directory == NULL)
    return NULL;
  if (self->service_id != NULL)
    return sk_service_directory_lookup (directory, self->service_id);
  return *issuer != '\0' ? sk_service_directory_match_issuer (directory, issuer) : NULL;
}

/* The account without codes the form describes, or NULL with the
 * reason. */
static SkAccount *
build_account_without_code (SkAddDialog  *self,
                            GError      **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autofree char *issuer = g_strstrip (g_strdup (gtk_editable_get_text (self->issuer_row)));

  if (*issuer == '\0')
    {
      g_set_error_literal (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_NO_NAME,
                           _("Enter the service the account is with"));
      return NULL;
    }
  account = sk_account_new_without_code (sk_enum_combo_row_get (self->protection_row));
  sk_account_set_issuer (account, issuer);
  sk_account_set_name (account, gtk_editable_get_text (self->name_row));
  sk_account_set_service (account, self->service_id);
  if (!sk_account_validate (account, error))
    return NULL;
  return g_steal_pointer (&account);
}

/* The account the form describes, or NULL with the reason. */
static SkAccount *
build_account (SkAddDialog  *self,
               GError      **error)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(SkSecret) secret = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *secret_text = gtk_editable_get_text (self->secret_row);
  SkOtpType type = selected_type (self);

  if (*secret_text == '\0')
    {
      g_set_error_literal (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                           _("Enter the secret key (the letters and digits shown under the QR code)"));
      return NULL;
    }
  secret = sk_base32_decode (secret_text, &local_error);
  if (secret == NULL)
    {
      g_set_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET,
                   _("The secret key is not valid base32: %s"), local_error->message);
      return NULL;
    }

  account = sk_account_new (type);
  sk_account_set_issuer (account, gtk_editable_get_text (self->issuer_row));
  sk_account_set_service (account, self->service_id);
  sk_account_set_name (account, gtk_editable_get_text (self->name_row));
  sk_account_set_secret (account, secret);
  sk_account_set_algorithm (account, sk_enum_combo_row_get (self->algorithm_row));
  if (type == SK_OTP_STEAM)
    sk_account_set_digits (account, SK_OTP_STEAM_DIGITS);
  else
    sk_account_set_digits (account, gtk_spin_button_get_value_as_int (self->digits_spin));
  sk_account_set_period (account, gtk_spin_button_get_value_as_int (self->period_spin));
  sk_account_set_counter (account, (guint64) gtk_spin_button_get_value (self->counter_spin));

  if (!sk_account_validate (account, error))
    return NULL;

  return g_steal_pointer (&account);
}

static void
update_preview (SkAddDialog *self)
{
  g_autoptr(SkAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  SkOtpType type = selected_type (self);
  char code[SK_OTP_CODE_MAX];
  gboolean have_secret = *gtk_editable_get_text (self->secret_row) != '\0';

  if (without_code (self))
    {
      account = build_account_without_code (self, NULL);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save", account != NULL);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->digits_row), type != SK_OTP_STEAM);
  gtk_widget_set_visible (GTK_WIDGET (self->period_row), type != SK_OTP_HOTP);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_row), type == SK_OTP_HOTP);

  account = build_account (self, &error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "add.save", account != NULL);

  if (account == NULL)
    {
      gtk_label_set_text (self->preview_label, "– – –");
      gtk_label_set_text (self->message_label, have_secret ? error->message : "");
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), have_secret);
      sk_field_set_invalid (GTK_WIDGET (self->secret_row), have_secret,
                            GTK_WIDGET (self->message_label));
      return;
    }

  sk_field_set_invalid (GTK_WIDGET (self->secret_row), FALSE, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  /* HOTP: the code for the current counter (the counter is not advanced
   * by a preview). */
  if (sk_account_generate (account, sk_now_unix (), code, &error))
    {
      g_autofree char *grouped = sk_format_code (code);

      gtk_label_set_text (self->preview_label, grouped);
      memset (code, 0, sizeof code);
    }
  else
    {
      gtk_label_set_text (self->preview_label, "– – –");
      gtk_label_set_text (self->message_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
    }
}

static gboolean
preview_tick (gpointer user_data)
{
  update_preview (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_form_changed (SkAddDialog *self)
{
  if (!self->filling)
    update_preview (self);
}

static void
clear_suggestions (SkAddDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions_list))) != NULL)
    gtk_list_box_remove (self->suggestions_list, child);
  gtk_widget_set_visible (self->suggestions_group, FALSE);
}

/* What the issuer field says of the directory: the entry it names (a
 * row under it), or up to five entries that match what is typed so far. */
static void
update_service (SkAddDialog *self)
{
  SkVault *vault = get_vault (self);
  SkServiceDirectory *directory = vault != NULL ? sk_services_for_vault (vault) : NULL;
  const char *issuer = gtk_editable_get_text (self->issuer_row);
  SkService *service = current_service (self);
  g_autoptr(GPtrArray) matches = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->service_row), service != NULL);
  if (service != NULL)
    {
      g_autofree char *subtitle = sk_service_describe (service);
      /* Translators: the service directory's entry for what the user typed */
      g_autofree char *title = g_strdup_printf (_("In the directory as “%s”"),
                                                sk_service_get_display_name (service));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->service_row), title);
      adw_action_row_set_subtitle (self->service_row, subtitle);
    }

  clear_suggestions (self);
  if (directory == NULL || service != NULL || *issuer == '\0')
    return;
  matches = sk_service_directory_search (directory, issuer, 5);
  for (guint i = 0; i < matches->len; i++)
    {
      SkService *match = g_ptr_array_index (matches, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = sk_service_describe (match);

      /* Names come from the user's own entries too: never markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sk_service_get_display_name (match));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (sk_service_get_id (match)), g_free);
      gtk_list_box_append (self->suggestions_list, row);
    }
  gtk_widget_set_visible (self->suggestions_group, matches->len > 0);
}

static void
on_issuer_changed (SkAddDialog *self)
{
  /* Typing something else than the picked entry's names un-picks it. */
  if (!self->filling && self->service_id != NULL)
    {
      SkService *picked = current_service (self);
      SkVault *vault = get_vault (self);
      SkService *typed = NULL;

      if (vault != NULL && sk_services_for_vault (vault) != NULL)
        typed = sk_service_directory_match_issuer (sk_services_for_vault (vault),
                                                   gtk_editable_get_text (self->issuer_row));
      if (picked == NULL || typed != picked)
        g_clear_pointer (&self->service_id, g_free);
    }
  update_service (self);
  on_form_changed (self);
}

static void
on_suggestion_activated (SkAddDialog   *self,
                         GtkListBoxRow *row)
{
  SkService *service;

  g_free (self->service_id);
  self->service_id = g_strdup (g_object_get_data (G_OBJECT (row), "service-id"));
  service = current_service (self);
  if (service == NULL)
    {
      g_clear_pointer (&self->service_id, g_free);
      return;
    }
  self->filling = TRUE;
  gtk_editable_set_text (self->issuer_row, sk_service_get_display_name (service));
  self->filling = FALSE;
  update_service (self);
  update_preview (self);
  /* The next thing to type. */
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
on_mode_changed (SkAddDialog *self)
{
  gboolean no_code = without_code (self);

  gtk_widget_set_visible (self->scan_group, !no_code);
  gtk_widget_set_visible (self->uri_error_group, !no_code);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), !no_code);
  gtk_widget_set_visible (self->code_group, !no_code);
  gtk_widget_set_visible (self->preview_group, !no_code);
  gtk_widget_set_visible (GTK_WIDGET (self->protection_row), no_code);
  if (no_code)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Account Without Codes"));
      /* The service is the next thing to type. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_grab_focus (GTK_WIDGET (self->issuer_row));
    }
  else
    gtk_window_set_title (GTK_WINDOW (self), _("Add Account"));
  update_preview (self);
}

void
sk_add_dialog_set_without_code (SkAddDialog *self,
                                gboolean     without_code)
{
  g_return_if_fail (SK_IS_ADD_DIALOG (self));

  gtk_switch_set_active (self->no_code_switch, without_code);
  if (without_code)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->issuer_row));
}

static void
fill_from_account (SkAddDialog *self,
                   SkAccount   *account)
{
  g_autoptr(SkSecret) encoded = NULL;
  SkSecret *secret = sk_account_get_secret (account);
  const char *issuer = sk_account_get_issuer (account);

  self->filling = TRUE;
  gtk_editable_set_text (self->issuer_row, issuer ? issuer : "");
  gtk_editable_set_text (self->name_row, sk_account_get_name (account) ? sk_account_get_name (account) : "");
  if (secret != NULL)
    {
      encoded = sk_base32_encode (sk_secret_get_data (secret), sk_secret_get_size (secret));
      gtk_editable_set_text (self->secret_row, sk_secret_get_string (encoded));
    }
  sk_enum_combo_row_set (self->type_row, sk_account_get_otp_type (account));
  sk_enum_combo_row_set (self->algorithm_row, sk_account_get_algorithm (account));
  if (sk_account_get_otp_type (account) != SK_OTP_STEAM)
    gtk_spin_button_set_value (self->digits_spin, sk_account_get_digits (account));
  gtk_spin_button_set_value (self->period_spin, MAX (sk_account_get_period (account), 1));
  gtk_spin_button_set_value (self->counter_spin, (double) sk_account_get_counter (account));
  self->filling = FALSE;
  update_preview (self);
}

static void
show_error (SkAddDialog *self,
            const char  *message)
{
  gtk_label_set_text (self->message_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), TRUE);
}

/* One account fills the form for a last look; a batch (Google
 * Authenticator export, several QR codes) is added at once. */
/* The form shows TOTP, HOTP and Steam only: a Yandex or mOTP account
 * (with its PIN) is added as it was read. */
static gboolean
form_can_show (GPtrArray *accounts)
{
  return accounts->len == 1 &&
         !sk_otp_type_needs_pin (sk_account_get_otp_type (g_ptr_array_index (accounts, 0)));
}

static void
take_accounts (SkAddDialog *self,
               GPtrArray   *accounts)
{
  if (form_can_show (accounts))
    {
      fill_from_account (self, g_ptr_array_index (accounts, 0));
      return;
    }
  sk_session_add_accounts (self->session, accounts);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_uri_changed (SkAddDialog *self)
{
  const char *text = gtk_editable_get_text (self->uri_row);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  sk_field_set_invalid (GTK_WIDGET (self->uri_row), FALSE, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->uri_error_label), FALSE);
  if (*text == '\0')
    return;

  if (!sk_import_text (text, accounts, &error))
    {
      gtk_label_set_text (self->uri_error_label, error->message);
      sk_field_set_invalid (GTK_WIDGET (self->uri_row), TRUE, GTK_WIDGET (self->uri_error_label));
      gtk_widget_set_visible (GTK_WIDGET (self->uri_error_label), TRUE);
      return;
    }
  if (form_can_show (accounts))
    fill_from_account (self, g_ptr_array_index (accounts, 0));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkAddDialog *self = SK_ADD_DIALOG (widget);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  const char *uri_text = gtk_editable_get_text (self->uri_row);
  SkAccount *account;

  /* A pasted batch link adds everything in it; a Yandex or mOTP link is
   * added as it is. */
  if (!without_code (self) &&
      (sk_migration_is_uri (uri_text) ||
      g_ascii_strncasecmp (uri_text, "motp:", 5) == 0 ||
      g_ascii_strncasecmp (uri_text, "otpauth://yaotp/", 16) == 0))
    {
      if (!sk_import_text (uri_text, accounts, &error))
        {
          show_error (self, error->message);
          return;
        }
      take_accounts (self, accounts);
      return;
    }

  account = without_code (self) ? build_account_without_code (self, &error) : build_account (self, &error);
  if (account == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_ptr_array_add (accounts, account);
  sk_session_add_accounts (self->session, accounts);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SkAddDialog) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = sk_import_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  if (accounts == NULL)
    {
      show_error (self, error->message);
      return;
    }
  take_accounts (self, accounts);
}

static void
set_busy (SkAddDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
}

void
sk_add_dialog_import_file (SkAddDialog *self,
                           GFile       *file)
{
  g_return_if_fail (SK_IS_ADD_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  set_busy (self);
  sk_import_file_async (file, self->cancellable, import_done, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SkAddDialog     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sk_add_dialog_import_file (self, file);
    }
  g_object_unref (chooser);
}

static void
open_image_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkAddDialog *self = SK_ADD_DIALOG (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  chooser = gtk_file_chooser_native_new (_("Open Picture With QR Code"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Pictures"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
paste_texture_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(SkAddDialog) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      show_error (self, error->message);
      return;
    }
  set_busy (self);
  sk_import_texture_async (texture, self->cancellable, import_done, g_object_ref (self));
}

static void
paste_text_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SkAddDialog) self = user_data;
  g_autofree char *text = NULL;

  text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (text == NULL)
    {
      show_error (self, _("The clipboard is empty"));
      return;
    }
  gtk_editable_set_text (self->uri_row, g_strstrip (text));
  sk_wipe_string (g_steal_pointer (&text));
}

static void
paste_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SkAddDialog *self = SK_ADD_DIALOG (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    gdk_clipboard_read_texture_async (clipboard, self->cancellable,
                                      paste_texture_done, g_object_ref (self));
  else
    gdk_clipboard_read_text_async (clipboard, self->cancellable,
                                   paste_text_done, g_object_ref (self));
}

static void
screenshot_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SkAddDialog) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->screenshot_row), TRUE);
  file = sk_screenshot_take_finish (result, &error);
  if (file == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message);
      return;
    }
  sk_add_dialog_import_file (self, file);
}

static void
screenshot_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  SkAddDialog *self = SK_ADD_DIALOG (widget);

  gtk_widget_set_sensitive (GTK_WIDGET (self->screenshot_row), FALSE);
  sk_screenshot_take_async (self->cancellable, screenshot_done, g_object_ref (self));
}

static void
check_screenshot_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(SkAddDialog) self = user_data;

  if (sk_screenshot_check_finish (result) && !g_cancellable_is_cancelled (self->cancellable))
    gtk_widget_set_visible (GTK_WIDGET (self->screenshot_row), TRUE);
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SkAddDialog   *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      if (files == NULL)
        return FALSE;
      sk_add_dialog_import_file (self, files->data);
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      set_busy (self);
      sk_import_texture_async (g_value_get_object (value), self->cancellable,
                               import_done, g_object_ref (self));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      gtk_editable_set_text (self->uri_row, g_value_get_string (value));
      return TRUE;
    }
  return FALSE;
}

/* The form held a secret: emptied (GTK zeroes the bytes it drops). */
static void
wipe_secrets (SkAddDialog *self)
{
  if (self->secret_row != NULL)
    gtk_editable_set_text (self->secret_row, "");
  if (self->uri_row != NULL)
    gtk_editable_set_text (self->uri_row, "");
}

/* Closing, or locking (which destroys the dialog), unrealizes it at once;
 * the object itself may live on a moment (a pending preview holds it), so
 * the secret goes now. */
static void
sk_add_dialog_unrealize (GtkWidget *widget)
{
  SkAddDialog *self = SK_ADD_DIALOG (widget);

  g_clear_handle_id (&self->preview_id, g_source_remove);
  wipe_secrets (self);
  GTK_WIDGET_CLASS (sk_add_dialog_parent_class)->unrealize (widget);
}

static void
sk_add_dialog_dispose (GObject *object)
{
  SkAddDialog *self = SK_ADD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_id, g_source_remove);
  wipe_secrets (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ADD_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_add_dialog_parent_class)->dispose (object);
}

static void
sk_add_dialog_finalize (GObject *object)
{
  SkAddDialog *self = SK_ADD_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->service_id);

  G_OBJECT_CLASS (sk_add_dialog_parent_class)->finalize (object);
}

static void
sk_add_dialog_class_init (SkAddDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_add_dialog_dispose;
  widget_class->unrealize = sk_add_dialog_unrealize;
  object_class->finalize = sk_add_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-add-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, issuer_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, secret_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, algorithm_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, digits_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, period_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, counter_spin);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, digits_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, counter_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, screenshot_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, preview_label);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, message_label);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, uri_error_label);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, no_code_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, no_code_switch);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, scan_group);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, uri_error_group);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, code_group);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, protection_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, service_row);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, SkAddDialog, suggestions_list);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_uri_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_issuer_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_suggestion_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);

  gtk_widget_class_install_action (widget_class, "add.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "add.open-image", NULL, open_image_activated);
  gtk_widget_class_install_action (widget_class, "add.paste", NULL, paste_activated);
  gtk_widget_class_install_action (widget_class, "add.screenshot", NULL, screenshot_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "add.open-image", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "add.save", NULL);
}

static void
sk_add_dialog_init (SkAddDialog *self)
{
  GtkDropTarget *drop;
  GType drop_types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE, G_TYPE_STRING };

  gtk_widget_init_template (GTK_WIDGET (self));
  sk_enum_combo_row_init (self->type_row, SK_TYPE_OTP_TYPE, sk_otp_type_label);
  sk_enum_combo_row_init (self->algorithm_row, SK_TYPE_OTP_ALGORITHM, sk_otp_algorithm_label);
  sk_enum_combo_row_init_except (self->protection_row, SK_TYPE_PROTECTION, sk_protection_label,
                                 SK_PROTECTION_CODE);
  self->cancellable = g_cancellable_new ();
  /* The secret and the link (which holds it) keep no undo history: each
   * step would be one more copy of the secret, never wiped. Their buffers
   * are emptied (GTK zeroes the bytes) when the dialog goes, on lock too. */
  gtk_editable_set_enable_undo (self->secret_row, FALSE);
  gtk_editable_set_enable_undo (self->uri_row, FALSE);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, drop_types, G_N_ELEMENTS (drop_types));
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  /* Typing or pasting a link is the quickest way in. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->uri_row));
  sk_screenshot_check_async (self->cancellable, check_screenshot_done, g_object_ref (self));
  /* Where a camera is present, one more way in, below the screenshot. */
  gtk_list_box_insert (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (self->screenshot_row))),
                       sk_camera_row_new (self->uri_row, self->cancellable),
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->screenshot_row)) + 1);
  self->preview_id = g_timeout_add_seconds (1, preview_tick, self);
  update_preview (self);
}

SkAddDialog *
sk_add_dialog_new (GtkWindow *parent,
                  SkSession *session)
{
  SkAddDialog *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_ADD_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  return self;
}
