/* sk-import-dialog.c: importing another authenticator's export or a backup
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-import-dialog.h"

struct _SkImportDialog
{
  AdwWindow          parent_instance;

  GtkButton         *import_button;
  GtkSpinner        *spinner;
  AdwActionRow      *file_row;
  AdwActionRow      *format_row;
  AdwPreferencesGroup *password_group;
  GtkEditable       *password_row;
  GtkLabel          *password_error_label;
  AdwPreferencesGroup *error_group;
  GtkLabel          *error_label;
  AdwPreferencesGroup *new_group;
  AdwPreferencesGroup *dup_group;
  AdwPreferencesGroup *invalid_group;

  SkSession         *session;
  GCancellable      *cancellable;
  GFile             *file;
  SkImportResult    *result;
  /* checks[i] ticks result->entries[i]. */
  GPtrArray         *checks;
  GPtrArray         *new_rows;
  GPtrArray         *dup_rows;
  GPtrArray         *invalid_rows;
  gboolean           busy;
};

G_DEFINE_FINAL_TYPE (SkImportDialog, sk_import_dialog, ADW_TYPE_WINDOW)

typedef struct {
  char     *path;
  SkSecret *password;   /* nullable */
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->password, sk_secret_unref);
  g_free (data);
}

static guint
count_checked (SkImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      n++;
  return n;
}

/* Duplicates left unticked whose icon goes to the vault's account. */
static guint
count_icons (SkImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->result != NULL && i < self->result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (self->result->entries, i);

      if (entry->adds_icon && !gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        n++;
    }
  return n;
}

static void
update_button (SkImportDialog *self)
{
  guint n = self->result != NULL ? count_checked (self) : 0;
  guint n_icons = count_icons (self);
  g_autofree char *label = NULL;

  if (n > 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Account",
                                          "_Import %u Accounts", n), n);
  else if (n_icons > 0)
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Add %u Icon",
                                          "_Add %u Icons", n_icons), n_icons);
  else
    label = g_strdup (_("_Import"));
  gtk_button_set_label (self->import_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.apply",
                                 !self->busy && (n > 0 || n_icons > 0));
}

static void
set_busy (SkImportDialog *self,
          gboolean        busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->file_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  update_button (self);
}

static void
clear_preview (SkImportDialog *self)
{
  sk_group_clear_rows (self->new_group, self->new_rows);
  sk_group_clear_rows (self->dup_group, self->dup_rows);
  sk_group_clear_rows (self->invalid_group, self->invalid_rows);
  g_ptr_array_set_size (self->checks, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->new_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->dup_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->invalid_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), FALSE);
  g_clear_pointer (&self->result, sk_import_result_free);
}

static void
show_error (SkImportDialog *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_group), TRUE);
}

static void
on_check_toggled (SkImportDialog *self)
{
  update_button (self);
}

static GtkWidget *
entry_row (SkImportDialog *self,
           SkImportEntry  *entry)
{
  SkAccount *account = entry->account;
  const char *issuer = sk_account_get_issuer (account);
  const char *name = sk_account_get_name (account);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (issuer != NULL && *issuer != '\0')
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), issuer);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name != NULL ? name : "");
    }
  else
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                   sk_account_get_display_name (account));
  /* Something of the entry is left out (a damaged icon): said under it. */
  if (entry->warning != NULL)
    {
      const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      g_autofree char *text = subtitle != NULL && *subtitle != '\0'
                              ? g_strdup_printf ("%s\n%s", subtitle, entry->warning)
                              : g_strdup (entry->warning);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, entry->warning);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), entry->status == SK_IMPORT_ENTRY_NEW);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_check_toggled), self);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  if (entry->status == SK_IMPORT_ENTRY_DUPLICATE)
    {
      GtkWidget *tag = gtk_label_new (_("Duplicate"));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (tag, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  if (entry->adds_icon)
    {
      GtkWidget *tag = gtk_label_new (_("Adds its icon"));

      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (tag, _("The account already in the vault has no icon: it gets this one, unless this entry is imported as an account of its own"));
      gtk_widget_add_css_class (tag, "accent");
      gtk_widget_add_css_class (tag, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  g_ptr_array_add (self->checks, check);
  return row;
}

static GtkWidget *
message_row (const char *title,
             const char *subtitle,
             const char *icon_name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  return row;
}

static void
show_preview (SkImportDialog *self)
{
  SkImportResult *result = self->result;
  g_autofree char *format = NULL;
  g_autofree char *new_title = NULL;
  g_autofree char *dup_title = NULL;
  g_autofree char *invalid_title = NULL;
  guint n_new = 0, n_dup = 0;

  if (result->encrypted)
    /* Translators: the format of an import file, e.g. "Aegis (encrypted)" */
    format = g_strdup_printf (_("%s (encrypted)"), sk_import_format_get_label (result->format));
  else
    format = g_strdup (sk_import_format_get_label (result->format));
  adw_action_row_set_subtitle (self->format_row, format);
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), TRUE);

  for (guint i = 0; i < result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (result->entries, i);
      GtkWidget *row = entry_row (self, entry);

      if (entry->status == SK_IMPORT_ENTRY_NEW)
        {
          sk_group_add_row (self->new_group, self->new_rows, row);
          n_new++;
        }
      else
        {
          sk_group_add_row (self->dup_group, self->dup_rows, row);
          n_dup++;
        }
    }
  for (guint i = 0; i < result->invalid->len; i++)
    {
      SkImportInvalid *invalid = g_ptr_array_index (result->invalid, i);

      sk_group_add_row (self->invalid_group, self->invalid_rows,
                        message_row (invalid->label, invalid->reason, "dialog-warning-symbolic"));
    }
  for (guint i = 0; i < result->warnings->len; i++)
    sk_group_add_row (self->invalid_group, self->invalid_rows,
                      message_row (_("Warning"), g_ptr_array_index (result->warnings, i),
                                   "dialog-information-symbolic"));

  new_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u New Account",
                                            "%u New Accounts", n_new), n_new);
  adw_preferences_group_set_title (self->new_group, new_title);
  gtk_widget_set_visible (GTK_WIDGET (self->new_group), n_new > 0);
  dup_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Already in the Vault",
                                            "%u Already in the Vault", n_dup), n_dup);
  adw_preferences_group_set_title (self->dup_group, dup_title);
  gtk_widget_set_visible (GTK_WIDGET (self->dup_group), n_dup > 0);
  invalid_title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Cannot Be Imported",
                                                "%u Cannot Be Imported", result->invalid->len),
                                   result->invalid->len);
  adw_preferences_group_set_title (self->invalid_group,
                                   result->invalid->len > 0 ? invalid_title : _("Warnings"));
  gtk_widget_set_visible (GTK_WIDGET (self->invalid_group), self->invalid_rows->len > 0);

  if (n_new == 0 && n_dup > 0 && count_icons (self) == 0)
    show_error (self, _("Every account in this file is already in the vault."));
  else if (result->entries->len == 0)
    show_error (self, _("Nothing in this file can be imported."));
  update_button (self);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  GError *error = NULL;
  SkImportResult *result;

  result = sk_import_file (data->path,
                           data->password != NULL ? sk_secret_get_string (data->password) : NULL,
                           SK_IMPORT_FORMAT_AUTO, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sk_import_result_free);
}

static void
read_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  SkImportDialog *self = SK_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  SkImportResult *result;
  SkStore *store;

  result = g_task_propagate_pointer (G_TASK (res), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_pointer (&result, sk_import_result_free);
      return;
    }
  set_busy (self, FALSE);
  /* The file row was insensitive while the file was read, which took
   * the focus away: it comes back there (the password row takes it
   * below when a password is needed). */
  if (gtk_root_get_focus (GTK_ROOT (self)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->file_row));

  if (result == NULL)
    {
      if (g_error_matches (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_NEEDS_PASSWORD))
        {
          adw_action_row_set_subtitle (self->format_row, _("Encrypted file"));
          gtk_widget_set_visible (GTK_WIDGET (self->format_row), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->password_group), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
        }
      else if (g_error_matches (error, SK_IMPORT_ERROR, SK_IMPORT_ERROR_WRONG_PASSWORD))
        {
          gtk_label_set_text (self->password_error_label,
                              _("Wrong password: it does not open this file. Check the password the file was exported with and try again."));
          gtk_widget_set_visible (GTK_WIDGET (self->password_group), TRUE);
          gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
          gtk_editable_select_region (self->password_row, 0, -1);
        }
      else
        {
          gtk_widget_set_visible (GTK_WIDGET (self->format_row), FALSE);
          show_error (self, error->message);
        }
      return;
    }

  store = sk_session_get_store (self->session);
  if (store == NULL)
    {
      sk_import_result_free (result);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* The password did its work. */
  gtk_editable_set_text (self->password_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");

  self->result = result;
  sk_import_classify (result, sk_store_get_vault (store));
  show_preview (self);
}

static void
start_reading (SkImportDialog *self,
               const char     *password)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (self->file != NULL);

  clear_preview (self);
  data = g_new0 (ReadData, 1);
  data->path = g_file_get_path (self->file);
  if (data->path == NULL)
    {
      read_data_free (data);
      show_error (self, _("Only local files can be imported"));
      return;
    }
  if (password != NULL)
    data->password = sk_secret_new_from_string (password);

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, read_done, NULL);
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);
  g_task_run_in_thread (task, read_thread);
}

static void
on_password_apply (SkImportDialog *self)
{
  const char *password = gtk_editable_get_text (self->password_row);

  if (self->busy || self->file == NULL || *password == '\0')
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
  start_reading (self, password);
}

void
sk_import_dialog_open_file (SkImportDialog *self,
                            GFile          *file)
{
  g_autofree char *name = NULL;

  g_return_if_fail (SK_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy)
    return;
  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  adw_action_row_set_subtitle (self->file_row, name);
  gtk_widget_set_visible (GTK_WIDGET (self->format_row), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->password_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  gtk_editable_set_text (self->password_row, "");
  start_reading (self, NULL);
}

gboolean
sk_import_dialog_get_busy (SkImportDialog *self)
{
  g_return_val_if_fail (SK_IS_IMPORT_DIALOG (self), FALSE);

  return self->busy;
}

guint
sk_import_dialog_count (SkImportDialog      *self,
                        SkImportEntryStatus  status,
                        guint               *n_checked)
{
  guint n = 0, checked = 0;

  g_return_val_if_fail (SK_IS_IMPORT_DIALOG (self), 0);

  for (guint i = 0; self->result != NULL && i < self->result->entries->len; i++)
    {
      SkImportEntry *entry = g_ptr_array_index (self->result->entries, i);

      if (entry->status != status)
        continue;
      n++;
      if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        checked++;
    }
  if (n_checked != NULL)
    *n_checked = checked;
  return n;
}

guint
sk_import_dialog_count_invalid (SkImportDialog *self)
{
  g_return_val_if_fail (SK_IS_IMPORT_DIALOG (self), 0);

  return self->result != NULL ? self->result->invalid->len : 0;
}

static void
apply_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SkImportDialog *self = SK_IMPORT_DIALOG (widget);
  g_autoptr(GPtrArray) add = g_ptr_array_new ();
  SkStore *store = sk_session_get_store (self->session);
  AdwToast *toast;
  guint n_icons;

  if (self->busy || self->result == NULL || store == NULL)
    return;

  for (guint i = 0; i < self->result->entries->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_ptr_array_add (add, ((SkImportEntry *) g_ptr_array_index (self->result->entries, i))->account);
  if (add->len == 0 && count_icons (self) == 0)
    return;

  if (add->len > 0)
    sk_vault_add_accounts (sk_store_get_vault (store), (SkAccount **) add->pdata, add->len);
  /* Duplicates left out still give the icon their account lacks. */
  n_icons = sk_import_adopt_icons (self->result, sk_store_get_vault (store), add);
  if (!sk_session_save (self->session))
    {
      show_error (self, _("The accounts were added but the vault could not be saved; see the message in the main window."));
      return;
    }
  if (add->len > 0)
    {
      toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u account",
                                                 "Imported %u accounts", add->len),
                                    add->len);
      adw_toast_set_timeout (toast, 3);
      sk_session_message (self->session, toast);
    }
  if (n_icons > 0)
    {
      toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Added the icon of %u account already in the vault",
                                                 "Added the icons of %u accounts already in the vault",
                                                 n_icons),
                                    n_icons);
      adw_toast_set_timeout (toast, 3);
      sk_session_message (self->session, toast);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  g_autoptr(SkImportDialog) self = user_data;

  /* Back from the file chooser, the focus is where it was opened from,
   * not nowhere. */
  gtk_widget_grab_focus (GTK_WIDGET (self->file_row));
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        sk_import_dialog_open_file (self, file);
    }
  g_object_unref (chooser);
}

static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkImportDialog *self = SK_IMPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->busy)
    return;
  chooser = gtk_file_chooser_native_new (_("Open Export or Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All Files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Exports and Backups"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_suffix (filter, "2fas");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "sparekey");
  gtk_file_filter_add_suffix (filter, "bin");
  gtk_file_filter_add_suffix (filter, "authpro");
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static gboolean
on_drop (GtkDropTarget  *target,
         const GValue   *value,
         double          x,
         double          y,
         SkImportDialog *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || self->busy)
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  sk_import_dialog_open_file (self, files->data);
  return TRUE;
}

static void
sk_import_dialog_dispose (GObject *object)
{
  SkImportDialog *self = SK_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->password_row != NULL)
    gtk_editable_set_text (self->password_row, "");
  g_clear_pointer (&self->result, sk_import_result_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->session);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (sk_import_dialog_parent_class)->dispose (object);
}

static void
sk_import_dialog_finalize (GObject *object)
{
  SkImportDialog *self = SK_IMPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->checks);
  g_ptr_array_unref (self->new_rows);
  g_ptr_array_unref (self->dup_rows);
  g_ptr_array_unref (self->invalid_rows);

  G_OBJECT_CLASS (sk_import_dialog_parent_class)->finalize (object);
}

static void
sk_import_dialog_class_init (SkImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_import_dialog_dispose;
  object_class->finalize = sk_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, password_group);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, password_error_label);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, error_group);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, new_group);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, dup_group);
  gtk_widget_class_bind_template_child (widget_class, SkImportDialog, invalid_group);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);

  gtk_widget_class_install_action (widget_class, "import.apply", NULL, apply_activated);
  gtk_widget_class_install_action (widget_class, "import.open", NULL, open_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "import.apply", NULL);
}

static void
sk_import_dialog_init (SkImportDialog *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->checks = g_ptr_array_new ();
  self->new_rows = g_ptr_array_new ();
  self->dup_rows = g_ptr_array_new ();
  self->invalid_rows = g_ptr_array_new ();

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_button (self);
}

SkImportDialog *
sk_import_dialog_new (GtkWindow *parent,
                     SkSession *session)
{
  SkImportDialog *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  return self;
}
