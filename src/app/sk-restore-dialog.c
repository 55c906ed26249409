/* sk-restore-dialog.c: making one of the automatic backups the vault
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
#include "sk-restore-dialog.h"
#include "sk-session.h"

struct _SkRestoreDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *backups_group;
  GtkEditable         *password_row;
  GtkLabel            *result_label;
  GtkWidget           *restore_button;

  GtkWindow           *window;    /* weak: the main window */
  SkSession           *session;
  GPtrArray           *rows;
  GPtrArray           *checks;    /* one per backup, its path as "sk-path" */
  char                *checked;   /* the backup that passed the check */
};

G_DEFINE_FINAL_TYPE (SkRestoreDialog, sk_restore_dialog, ADW_TYPE_WINDOW)

static SkStore *
get_store (SkRestoreDialog *self)
{
  return self->session != NULL ? sk_session_get_store (self->session) : NULL;
}

static const char *
selected_path (SkRestoreDialog *self)
{
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (self->checks->pdata[i]))
      return g_object_get_data (self->checks->pdata[i], "sk-path");
  return NULL;
}

static void
show_result (SkRestoreDialog *self,
             const char      *text,
             gboolean         ok)
{
  gtk_label_set_text (self->result_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->result_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), ok ? "error" : "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->result_label), ok ? "success" : "error");
}

/* A new choice or a new password: check again before restoring. */
static void
on_input_changed (SkRestoreDialog *self)
{
  g_clear_pointer (&self->checked, g_free);
  show_result (self, NULL, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.restore", FALSE);
}

static void
load_backups (SkRestoreDialog *self)
{
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  SkStore *store = get_store (self);
  GtkCheckButton *group = NULL;

  sk_group_clear_rows (self->backups_group, self->rows);
  g_ptr_array_set_size (self->checks, 0);
  if (store == NULL)
    return;
  backups = sk_store_list_backups (store, &error);
  if (backups == NULL || backups->len == 0)
    {
      GtkWidget *row = sk_row_plain (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     error != NULL ? error->message : _("No backups yet"));
      sk_group_add_row (self->backups_group, self->rows, row);
      return;
    }
  for (guint i = 0; i < backups->len; i++)
    {
      SkBackupInfo *info = backups->pdata[i];
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (info->time / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : g_strdup ("?");
      g_autofree char *size = g_format_size (info->size);
      g_autofree char *name = g_path_get_basename (info->path);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", size, name);
      GtkWidget *row = sk_row_plain (adw_action_row_new ());
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), when);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), i == 0);
      g_object_set_data_full (G_OBJECT (check), "sk-path", g_strdup (info->path), g_free);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_input_changed), self, G_CONNECT_SWAPPED);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_ptr_array_add (self->checks, check);
      sk_group_add_row (self->backups_group, self->rows, row);
    }
}

/* As `sparekey-cli backup verify`: the backup decrypts with the password
 * and is compared with the vault. */
static void
on_check (SkRestoreDialog *self)
{
  const char *path = selected_path (self);
  const char *password = gtk_editable_get_text (self->password_row);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  guint n_accounts = 0, n_differences = 0;
  SkStore *store = get_store (self);

  on_input_changed (self);
  if (store == NULL || path == NULL)
    return;
  if (!sk_store_verify_backup (store, path, password, &n_accounts, &n_differences, &error))
    {
      text = g_strdup_printf (_("This backup cannot be restored: %s"), error->message);
      show_result (self, text, FALSE);
      return;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The backup is intact and opens with this password. It holds %u account; ",
                                       "The backup is intact and opens with this password. It holds %u accounts; ",
                                       n_accounts),
                          n_accounts);
  {
    g_autofree char *differences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%u difference from the current vault.",
                                                                 "%u differences from the current vault.",
                                                                 n_differences),
                                                    n_differences);
    char *both = g_strconcat (text, differences, NULL);

    g_free (text);
    text = both;
  }
  show_result (self, text, TRUE);
  self->checked = g_strdup (path);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.restore", TRUE);
}

static void
check_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  on_check (SK_RESTORE_DIALOG (widget));
}

typedef struct {
  GtkWindow *window;    /* weak */
  SkSession *session;
  SkStore   *store;
  char      *path;
  char      *password;
} RestoreJob;

static void
restore_job_free (RestoreJob *job)
{
  g_clear_weak_pointer (&job->window);
  g_clear_object (&job->session);
  g_clear_object (&job->store);
  g_free (job->path);
  if (job->password != NULL)
    sodium_memzero (job->password, strlen (job->password));
  g_free (job->password);
  g_free (job);
}

/* Lock first: what is unsaved is saved, and the session lets go of the
 * vault, so that nothing in memory can be saved (merged) over the
 * restored file. The job keeps the store open for the restore. */
static gboolean
restore_idle (gpointer data)
{
  RestoreJob *job = data;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (job->window == NULL)
    return G_SOURCE_REMOVE;
  /* Locking (the window's own action) closes the window's dialogs, this
   * one too. */
  gtk_widget_activate_action (GTK_WIDGET (job->window), "win.lock", NULL);
  if (sk_store_restore_backup (job->store, job->path, job->password, &error))
    toast = sk_toast_new (_("Backup restored. Unlock it with the password it was made with."));
  else
    toast = sk_toast_new_printf (_("Could not restore the backup: %s"), error->message);
  adw_toast_set_timeout (toast, 8);
  sk_session_message (job->session, toast);
  return G_SOURCE_REMOVE;
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SkRestoreDialog  *self)
{
  RestoreJob *job;

  if (!g_str_equal (response, "restore") || self->checked == NULL || get_store (self) == NULL)
    return;
  job = g_new0 (RestoreJob, 1);
  g_set_weak_pointer (&job->window, self->window);
  job->session = g_object_ref (self->session);
  job->store = g_object_ref (get_store (self));
  job->path = g_strdup (self->checked);
  job->password = g_strdup (gtk_editable_get_text (self->password_row));
  /* Not from inside the answer: locking destroys this dialog and the
   * question. */
  g_idle_add_full (G_PRIORITY_DEFAULT, restore_idle, job, (GDestroyNotify) restore_job_free);
}

static void
restore_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkRestoreDialog *self = SK_RESTORE_DIALOG (widget);
  AdwMessageDialog *dialog;

  if (self->checked == NULL)
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Vault With This Backup?"),
                                                       _("The current vault is backed up first, so this can be undone "
                                                         "by restoring that backup. Sparekey locks; unlock the restored "
                                                         "vault with the password the backup was made with.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
sk_restore_dialog_select (SkRestoreDialog *self,
                          const char      *path)
{
  g_return_val_if_fail (SK_IS_RESTORE_DIALOG (self), FALSE);

  for (guint i = 0; i < self->checks->len; i++)
    if (g_strcmp0 (g_object_get_data (self->checks->pdata[i], "sk-path"), path) == 0)
      {
        gtk_check_button_set_active (self->checks->pdata[i], TRUE);
        return TRUE;
      }
  return FALSE;
}

static void
sk_restore_dialog_dispose (GObject *object)
{
  SkRestoreDialog *self = SK_RESTORE_DIALOG (object);

  if (self->password_row != NULL)
    gtk_editable_set_text (self->password_row, "");
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_RESTORE_DIALOG);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_restore_dialog_parent_class)->dispose (object);
}

static void
sk_restore_dialog_finalize (GObject *object)
{
  SkRestoreDialog *self = SK_RESTORE_DIALOG (object);

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->checks);
  g_free (self->checked);

  G_OBJECT_CLASS (sk_restore_dialog_parent_class)->finalize (object);
}

static void
sk_restore_dialog_class_init (SkRestoreDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_restore_dialog_dispose;
  object_class->finalize = sk_restore_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-restore-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkRestoreDialog, backups_group);
  gtk_widget_class_bind_template_child (widget_class, SkRestoreDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SkRestoreDialog, result_label);
  gtk_widget_class_bind_template_child (widget_class, SkRestoreDialog, restore_button);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_check);

  gtk_widget_class_install_action (widget_class, "restore.check", NULL, check_activated);
  gtk_widget_class_install_action (widget_class, "restore.restore", NULL, restore_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_restore_dialog_init (SkRestoreDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "restore.restore", FALSE);
}

SkRestoreDialog *
sk_restore_dialog_new (GtkWindow *window,
                       SkSession *session)
{
  SkRestoreDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_RESTORE_DIALOG, "transient-for", window, "modal", TRUE, NULL);
  g_set_weak_pointer (&self->window, window);
  self->session = g_object_ref (session);
  load_backups (self);
  return self;
}
