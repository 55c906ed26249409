/* sk-export-dialog.c: exporting the accounts for another app or as a backup
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-export-dialog.h"
#include "sk-qr-view.h"

struct _SkExportDialog
{
  AdwWindow            parent_instance;

  GtkButton           *export_button;
  GtkSpinner          *spinner;
  AdwComboRow         *format_row;
  GtkLabel            *format_label;
  AdwPreferencesGroup *password_group;
  GtkCheckButton      *separate_check;
  GtkCheckButton      *vault_check;
  GtkEditable         *vault_password_row;
  GtkEditable         *password_row;
  GtkEditable         *confirm_row;
  GtkLabel            *password_error_label;
  AdwPreferencesGroup *plain_group;
  GtkLabel            *plain_label;
  AdwPreferencesGroup *show_group;
  AdwPreferencesGroup *left_out_group;
  AdwPreferencesGroup *error_group;
  GtkLabel            *error_label;

  SkSession           *session;
  GCancellable        *cancellable;
  GPtrArray           *left_out_rows;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (SkExportDialog, sk_export_dialog, ADW_TYPE_WINDOW)

/* In the order of the format row. */
static const struct {
  SkExportFormat  format;
  const char     *label;
  const char     *description;
} formats[] = {
  { SK_EXPORT_FORMAT_SPAREKEY, N_("Sparekey Encrypted Backup"),
    N_("Everything in the vault, for Sparekey on this or another computer") },
  { SK_EXPORT_FORMAT_AEGIS, N_("Aegis, Encrypted"),
    N_("For Aegis on Android; other apps read it too") },
  { SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED, N_("2FAS, Encrypted"),
    N_("For 2FAS Auth on Android or iPhone, which asks for this password on import") },
  { SK_EXPORT_FORMAT_AEGIS_PLAIN, N_("Aegis, Not Encrypted"),
    N_("Plain JSON for apps that cannot read the encrypted file") },
  { SK_EXPORT_FORMAT_TWOFAS, N_("2FAS, Not Encrypted"),
    N_("A .2fas file for 2FAS Auth") },
  { SK_EXPORT_FORMAT_OTPAUTH, N_("otpauth:// Links, Not Encrypted"),
    N_("One link a line: read by almost every authenticator") },
  { SK_EXPORT_FORMAT_MIGRATION_QR, N_("Google Authenticator QR Codes"),
    N_("Pictures to scan with Google Authenticator, or shown on screen") },
};

/* The format list in full: each name and what it is for, wrapped rather
 * than cut (AdwComboRow's own items end at 20 characters, which cut
 * "otpauth:// Links, Not Encrypted" before the words that matter), and
 * formats that leave the keys unencrypted marked as dangerous. */
static void
setup_format_item (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  for (GtkWidget *label = title; label != NULL; label = label == title ? description : NULL)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_width_chars (GTK_LABEL (label), 18);
    }
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), description);
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not encrypted"), -1);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_list_item_set_child (item, box);
}

static void
bind_format_item (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *description = gtk_widget_get_last_child (texts);
  guint i = gtk_list_item_get_position (item);
  gboolean plain;

  if (i >= G_N_ELEMENTS (formats))
    return;
  plain = sk_export_format_is_plaintext (formats[i].format);
  gtk_label_set_text (GTK_LABEL (title), _(formats[i].label));
  gtk_label_set_text (GTK_LABEL (description), _(formats[i].description));
  if (plain)
    gtk_widget_add_css_class (title, "error");
  else
    gtk_widget_remove_css_class (title, "error");
  gtk_widget_set_visible (gtk_widget_get_last_child (box), plain);
}

static guint
format_index (SkExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (formats[i].format == format)
      return i;
  return 0;
}

SkExportFormat
sk_export_dialog_get_format (SkExportDialog *self)
{
  guint i;

  g_return_val_if_fail (SK_IS_EXPORT_DIALOG (self), SK_EXPORT_FORMAT_SPAREKEY);

  i = adw_combo_row_get_selected (self->format_row);
  return i < G_N_ELEMENTS (formats) ? formats[i].format : SK_EXPORT_FORMAT_SPAREKEY;
}

void
sk_export_dialog_set_format (SkExportDialog *self,
                             SkExportFormat  format)
{
  g_return_if_fail (SK_IS_EXPORT_DIALOG (self));

  adw_combo_row_set_selected (self->format_row, format_index (format));
}

gboolean
sk_export_dialog_get_busy (SkExportDialog *self)
{
  g_return_val_if_fail (SK_IS_EXPORT_DIALOG (self), FALSE);

  return self->busy;
}

static SkVault *
page_vault (SkExportDialog *self)
{
  SkStore *store = self->session != NULL ? sk_session_get_store (self->session) : NULL;

  return store != NULL ? sk_store_get_vault (store) : NULL;
}

static void
show_error (SkExportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), message != NULL);
}

static void
set_busy (SkExportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->format_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_group), !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.export", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.show", !busy);
}

static gboolean
use_vault_password (SkExportDialog *self)
{
  return gtk_check_button_get_active (self->vault_check);
}

static void
on_password_changed (SkExportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->vault_password_row), "error");
}

/* A separate password is typed twice; the vault password once, as it
 * is checked against the vault before anything is written. */
static void
on_password_choice (SkExportDialog *self)
{
  gboolean vault = use_vault_password (self);

  gtk_widget_set_visible (GTK_WIDGET (self->vault_password_row), vault);
  gtk_widget_set_visible (GTK_WIDGET (self->password_row), !vault);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), !vault);
  on_password_changed (self);
}

static void
on_format_changed (SkExportDialog *self)
{
  SkExportFormat format = sk_export_dialog_get_format (self);
  gboolean plain = sk_export_format_is_plaintext (format);
  g_autoptr(GPtrArray) left_out = NULL;
  SkVault *vault = page_vault (self);

  gtk_label_set_text (self->format_label, _(formats[format_index (format)].description));
  /* Unencrypted: the choice and the button that writes it look
   * dangerous, and the file is only written after one more answer. */
  if (plain)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->format_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->export_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->export_button), "destructive-action");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->format_row), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->export_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->export_button), "suggested-action");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), !plain);
  gtk_widget_set_visible (GTK_WIDGET (self->plain_group), plain);
  gtk_widget_set_visible (GTK_WIDGET (self->show_group), format == SK_EXPORT_FORMAT_MIGRATION_QR);
  gtk_button_set_label (self->export_button,
                        format == SK_EXPORT_FORMAT_MIGRATION_QR ? _("_Save Pictures…") : _("_Export…"));
  show_error (self, NULL);

  sk_group_clear_rows (self->left_out_group, self->left_out_rows);
  if (vault != NULL)
    left_out = sk_export_list_unsupported (vault, format);
  if (left_out != NULL && left_out->len > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u Account Left Out",
                                                             "%u Accounts Left Out",
                                                             left_out->len),
                                                left_out->len);

      adw_preferences_group_set_title (self->left_out_group, title);
      adw_preferences_group_set_description (self->left_out_group,
                                             _("This format cannot carry these accounts."));
      for (guint i = 0; i < left_out->len; i++)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                         g_ptr_array_index (left_out, i));
          adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
          sk_group_add_row (self->left_out_group, self->left_out_rows, row);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->left_out_group), self->left_out_rows->len > 0);
}

static void
show_password_error (SkExportDialog *self,
                     const char     *message,
                     GtkEditable    *row)
{
  gtk_label_set_text (self->password_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (row));
}

/* Whether a password to encrypt with is there; if not, says why. */
static gboolean
check_password (SkExportDialog *self)
{
  const char *password = gtk_editable_get_text (self->password_row);
  const char *confirm = gtk_editable_get_text (self->confirm_row);
  const char *message = NULL;

  if (sk_export_format_is_plaintext (sk_export_dialog_get_format (self)))
    return TRUE;
  if (use_vault_password (self))
    {
      if (*gtk_editable_get_text (self->vault_password_row) != '\0')
        return TRUE;
      show_password_error (self, _("Type the vault password"), self->vault_password_row);
      return FALSE;
    }
  if (*password == '\0')
    message = _("Choose a password for the file");
  else if (g_strcmp0 (password, confirm) != 0)
    message = _("The two passwords are not the same");
  if (message == NULL)
    return TRUE;

  show_password_error (self, message, *password == '\0' ? self->password_row : self->confirm_row);
  return FALSE;
}

/* Writing ---------------------------------------------------------------- */

typedef struct {
  SkVault        *vault;      /* a copy: the page's vault stays on the main thread */
  SkExportFormat  format;
  char           *path;
  SkSecret       *password;   /* nullable */
  char           *vault_path; /* set: @password must open this vault */
  SkKdfParams     kdf;
  gboolean        confirmed;
  GPtrArray      *written;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_clear_object (&data->vault);
  g_free (data->path);
  g_free (data->vault_path);
  g_clear_pointer (&data->password, sk_secret_unref);
  g_clear_pointer (&data->written, g_ptr_array_unref);
  g_free (data);
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  /* The app keeps no password after unlocking: the one typed is checked
   * by opening the vault file with it, the way unlocking does. */
  if (data->vault_path != NULL)
    {
      g_autoptr(SkStore) check = sk_store_open (data->vault_path, sk_secret_get_string (data->password),
                                                &error);

      if (check == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (sk_export_file (data->vault, data->format, data->path,
                      data->password != NULL ? sk_secret_get_string (data->password) : NULL,
                      data->format == SK_EXPORT_FORMAT_SPAREKEY ? &data->kdf : NULL,
                      data->confirmed, &data->written, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
write_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (source);
  WriteData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint n_accounts;
  AdwToast *toast;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (g_cancellable_is_cancelled (self->cancellable))
        return;
      set_busy (self, FALSE);
      if (data->vault_path != NULL &&
          g_error_matches (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD))
        {
          show_password_error (self, _("This is not the vault password. Nothing was written."),
                               self->vault_password_row);
          gtk_editable_select_region (self->vault_password_row, 0, -1);
        }
      else
        show_error (self, error->message);
      return;
    }

  n_accounts = sk_vault_get_n_accounts (data->vault);
  if (data->format != SK_EXPORT_FORMAT_SPAREKEY)
    {
      g_autoptr(GPtrArray) left_out = sk_export_list_unsupported (data->vault, data->format);

      n_accounts -= MIN (n_accounts, left_out->len);
    }
  name = g_path_get_basename (data->written != NULL && data->written->len > 0
                              ? g_ptr_array_index (data->written, 0) : data->path);
  if (data->written != NULL && data->written->len > 1)
    toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                               /* Translators: "Exported 25 accounts to 3 pictures" */
                                               "Exported %u account to %u pictures",
                                               "Exported %u accounts to %u pictures", n_accounts),
                                  n_accounts, data->written->len);
  else
    toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Exported %u account to “%s”",
                                               "Exported %u accounts to “%s”", n_accounts),
                                  n_accounts, name);
  adw_toast_set_timeout (toast, 4);
  sk_session_message (self->session, toast);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
write_export (SkExportDialog *self,
              const char     *path,
              gboolean        confirmed)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  SkVault *vault = page_vault (self);
  WriteData *data;

  if (vault == NULL)
    return;
  data = g_new0 (WriteData, 1);
  data->format = sk_export_dialog_get_format (self);
  data->path = g_strdup (path);
  data->confirmed = confirmed;
  if (!sk_export_format_is_plaintext (data->format) && use_vault_password (self))
    {
      data->password = sk_secret_new_from_string (gtk_editable_get_text (self->vault_password_row));
      data->vault_path = g_strdup (sk_store_get_path (sk_session_get_store (self->session)));
    }
  else if (!sk_export_format_is_plaintext (data->format))
    data->password = sk_secret_new_from_string (gtk_editable_get_text (self->password_row));
  if (sk_kdf_test_mode ())
    sk_kdf_params_minimum (&data->kdf);
  else
    sk_kdf_params_default (&data->kdf);

  /* A private copy for the thread (the list keeps using the original). */
  payload = sk_vault_serialize (vault, &error);
  if (payload != NULL)
    data->vault = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload),
                                        &error);
  if (data->vault == NULL)
    {
      write_data_free (data);
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, write_done, NULL);
  g_task_set_source_tag (task, write_export);
  g_task_set_task_data (task, data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

static void
on_plaintext_response (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (user_data);
  const char *path = g_object_get_data (G_OBJECT (dialog), "sk-path");

  if (g_strcmp0 (response, "export") == 0 && !self->busy)
    write_export (self, path, TRUE);
}

/* The file name proposed for @format. */
static char *
suggested_name (SkExportFormat format)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");

  switch (format)
    {
    case SK_EXPORT_FORMAT_SPAREKEY:
      return g_strdup_printf ("sparekey-backup-%s.sparekey", day);
    case SK_EXPORT_FORMAT_AEGIS:
      return g_strdup_printf ("aegis-export-%s.json", day);
    case SK_EXPORT_FORMAT_AEGIS_PLAIN:
      return g_strdup_printf ("aegis-export-plain-%s.json", day);
    case SK_EXPORT_FORMAT_TWOFAS:
      return g_strdup_printf ("sparekey-%s.2fas", day);
    case SK_EXPORT_FORMAT_TWOFAS_ENCRYPTED:
      return g_strdup_printf ("2fas-backup-%s.2fas", day);
    case SK_EXPORT_FORMAT_OTPAUTH:
      return g_strdup_printf ("sparekey-otpauth-%s.txt", day);
    case SK_EXPORT_FORMAT_MIGRATION_QR:
    default:
      return g_strdup_printf ("google-authenticator-%s.png", day);
    }
}

void
sk_export_dialog_export_to (SkExportDialog *self,
                            GFile          *file)
{
  SkExportFormat format;
  g_autofree char *path = NULL;

  g_return_if_fail (SK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Disposed (the vault got locked while the file chooser was open). */
  if (self->session == NULL)
    return;
  if (self->busy || !check_password (self))
    return;
  format = sk_export_dialog_get_format (self);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("Only local files can be written"));
      return;
    }
  if (format == SK_EXPORT_FORMAT_MIGRATION_QR)
    {
      /* A folder: the pictures go in it. */
      g_autofree char *name = suggested_name (format);
      g_autofree char *folder = g_steal_pointer (&path);

      path = g_build_filename (folder, name, NULL);
    }

  if (sk_export_format_is_plaintext (format))
    {
      AdwMessageDialog *dialog;
      g_autofree char *name = g_path_get_basename (path);

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Export Without Encryption?"),
                                                           NULL));
      /* Translators: %s is a sentence naming the risk, then the file name */
      adw_message_dialog_format_body (dialog, _("%s\n\nFile: %s"),
                                      sk_export_plaintext_warning (), name);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "export", _("_Export Anyway"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "export", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "sk-path", g_steal_pointer (&path), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_plaintext_response), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  write_export (self, path, FALSE);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(SkExportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sk_export_dialog_export_to (self, file);
    }
  g_object_unref (chooser);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (widget);
  SkExportFormat format = sk_export_dialog_get_format (self);
  GtkFileChooserNative *chooser;

  if (self->busy || !check_password (self))
    return;
  if (format == SK_EXPORT_FORMAT_MIGRATION_QR)
    chooser = gtk_file_chooser_native_new (_("Choose a Folder for the Pictures"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                           _("_Select"), _("_Cancel"));
  else
    {
      g_autofree char *name = suggested_name (format);

      chooser = gtk_file_chooser_native_new (_("Export Accounts"), GTK_WINDOW (self),
                                             GTK_FILE_CHOOSER_ACTION_SAVE,
                                             _("_Export"), _("_Cancel"));
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_confirm_activated (SkExportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "export.export", NULL);
}

static void
show_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  GtkWindow *window;

  window = sk_migration_codes_window_new (GTK_WINDOW (self), self->session, &error);
  if (window == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_present (window);
}

/* The dialog ------------------------------------------------------------- */

static void
sk_export_dialog_dispose (GObject *object)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->password_row != NULL)
    gtk_editable_set_text (self->password_row, "");
  if (self->confirm_row != NULL)
    gtk_editable_set_text (self->confirm_row, "");
  if (self->vault_password_row != NULL)
    gtk_editable_set_text (self->vault_password_row, "");
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_EXPORT_DIALOG);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_export_dialog_parent_class)->dispose (object);
}

static void
sk_export_dialog_finalize (GObject *object)
{
  SkExportDialog *self = SK_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->left_out_rows);

  G_OBJECT_CLASS (sk_export_dialog_parent_class)->finalize (object);
}

static void
sk_export_dialog_class_init (SkExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_export_dialog_dispose;
  object_class->finalize = sk_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, format_label);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, separate_check);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, vault_check);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, vault_password_row);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, plain_group);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, plain_label);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, show_group);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, left_out_group);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, SkExportDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_format_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_choice);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activated);

  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "export.show", NULL, show_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_export_dialog_init (SkExportDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->left_out_rows = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    gtk_string_list_append (labels, _(formats[i].label));
  adw_combo_row_set_model (self->format_row, G_LIST_MODEL (labels));
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (setup_format_item), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (bind_format_item), NULL);
    adw_combo_row_set_list_factory (self->format_row, factory);
  }
  gtk_label_set_text (self->plain_label, sk_export_plaintext_warning ());
}

SkExportDialog *
sk_export_dialog_new (GtkWindow *parent,
                     SkSession *session)
{
  SkExportDialog *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  /* The left-out list needs the vault. */
  on_format_changed (self);
  return self;
}

/* The migration codes on screen ---------------------------------------- */

typedef struct {
  GPtrArray *codes;       /* SkQrCode* */
  guint      position;
  SkQrView  *view;
  GtkLabel  *counter;
  GtkWidget *previous;
  GtkWidget *next;
} CodesData;

static void
wipe_code (gpointer data)
{
  SkQrCode *code = data;

  sodium_memzero (code->modules, (gsize) code->width * code->width);
  sk_qr_code_free (code);
}

static void
codes_data_free (CodesData *data)
{
  g_ptr_array_unref (data->codes);
  g_free (data);
}

static void
codes_show (CodesData *data)
{
  g_autofree char *counter = NULL;

  sk_qr_view_set_code (data->view, g_ptr_array_index (data->codes, data->position));
  /* Translators: "1 of 3": which QR code of the batch is shown */
  counter = g_strdup_printf (_("%u of %u"), data->position + 1, data->codes->len);
  gtk_label_set_text (data->counter, counter);
  gtk_widget_set_sensitive (data->previous, data->position > 0);
  gtk_widget_set_sensitive (data->next, data->position + 1 < data->codes->len);
}

static void
codes_step (GtkWindow *window,
            int        step)
{
  CodesData *data = g_object_get_data (G_OBJECT (window), "sk-codes");

  if (data == NULL || (step < 0 && data->position == 0) ||
      (step > 0 && data->position + 1 >= data->codes->len))
    return;
  data->position += step;
  codes_show (data);
}

static void
codes_step_previous (GtkWindow *window)
{
  codes_step (window, -1);
}

static void
codes_step_next (GtkWindow *window)
{
  codes_step (window, 1);
}

guint
sk_migration_codes_window_get_position (GtkWindow *window,
                                        guint     *n_codes)
{
  CodesData *data = g_object_get_data (G_OBJECT (window), "sk-codes");

  g_return_val_if_fail (data != NULL, 0);

  if (n_codes != NULL)
    *n_codes = data->codes->len;
  return data->position;
}

GtkWindow *
sk_migration_codes_window_new (GtkWindow      *parent,
                               SkSession      *session,
                               GError        **error)
{
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (wipe_code);
  SkStore *store;
  GListModel *accounts;
  GtkWidget *window, *box, *header, *view, *bar, *clamp, *hint;
  GtkShortcutController *shortcuts;
  CodesData *data;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  store = sk_session_get_store (session);
  if (store == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("The vault is locked"));
      return NULL;
    }
  accounts = sk_vault_get_accounts (sk_store_get_vault (store));
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      SkOtpUri *uri = sk_account_to_otp_uri (account);

      if (uri != NULL && sk_migration_entry_supported (uri, NULL))
        g_ptr_array_add (uris, uri);
      else if (uri != NULL)
        sk_otp_uri_free (uri);
    }
  texts = sk_migration_build (uris, 0);
  if (texts == NULL || texts->len == 0)
    {
      g_set_error_literal (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_UNSUPPORTED,
                           _("No account can be carried by a Google Authenticator QR code (TOTP with a 30 s period or HOTP, 6 or 8 digits)"));
      return NULL;
    }
  for (guint i = 0; i < texts->len; i++)
    {
      SkQrCode *code = sk_qr_encode (sk_secret_get_string (g_ptr_array_index (texts, i)), error);

      if (code == NULL)
        return NULL;
      g_ptr_array_add (codes, code);
    }
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Google Authenticator QR Codes"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 440, 600);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 520);
  gtk_widget_set_vexpand (clamp, TRUE);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 12);
  gtk_widget_set_margin_bottom (clamp, 12);
  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

    hint = gtk_label_new (_("In Google Authenticator, choose “Transfer accounts”, then “Import accounts”, and scan every code. Anyone who sees these codes can make your codes."));
    gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
    gtk_label_set_justify (GTK_LABEL (hint), GTK_JUSTIFY_CENTER);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_box_append (GTK_BOX (inner), hint);

    view = sk_qr_view_new ();
    gtk_widget_set_vexpand (view, TRUE);
    gtk_widget_set_hexpand (view, TRUE);
    gtk_box_append (GTK_BOX (inner), view);
    adw_clamp_set_child (ADW_CLAMP (clamp), inner);
  }
  gtk_box_append (GTK_BOX (box), clamp);

  data = g_new0 (CodesData, 1);
  data->codes = g_steal_pointer (&codes);
  data->view = SK_QR_VIEW (view);

  bar = gtk_center_box_new ();
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_bottom (bar, 12);
  data->previous = gtk_button_new_with_mnemonic (_("_Previous"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (data->previous), "codes.previous");
  data->next = gtk_button_new_with_mnemonic (_("_Next"));
  gtk_widget_add_css_class (data->next, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (data->next), "codes.next");
  data->counter = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (data->counter), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (data->counter), "numeric");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (bar), data->previous);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (bar), GTK_WIDGET (data->counter));
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (bar), data->next);
  gtk_box_append (GTK_BOX (box), bar);

  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data_full (G_OBJECT (window), "sk-codes", data, (GDestroyNotify) codes_data_free);

  {
    GSimpleActionGroup *group = g_simple_action_group_new ();
    /* Buttons call back through a small action group on the window. */
    GSimpleAction *previous = g_simple_action_new ("previous", NULL);
    GSimpleAction *next = g_simple_action_new ("next", NULL);

    g_signal_connect_swapped (previous, "activate", G_CALLBACK (codes_step_previous), window);
    g_signal_connect_swapped (next, "activate", G_CALLBACK (codes_step_next), window);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (previous));
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (next));
    gtk_widget_insert_action_group (window, "codes", G_ACTION_GROUP (group));
    g_object_unref (previous);
    g_object_unref (next);
    g_object_unref (group);
  }

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, 0),
                                                          gtk_named_action_new ("codes.next")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, 0),
                                                          gtk_named_action_new ("codes.previous")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  codes_show (data);
  return GTK_WINDOW (window);
}
