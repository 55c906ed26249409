/* sk-preferences-window.c: the preferences, and the ways into the vault
 * (password, login keyring, recovery key)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-preferences-window.h"
#include "sk-qr-view.h"
#include "sk-settings.h"

struct _SkPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkAdjustment        *auto_lock_adjustment;
  GtkSwitch            *screen_lock_switch;
  GtkSwitch            *hide_codes_switch;
  GtkAdjustment        *clipboard_adjustment;
  AdwActionRow         *backup_dir_row;
  GtkButton            *backup_reset_button;
  GtkAdjustment        *backup_keep_adjustment;
  AdwPreferencesGroup  *keys_group;
  AdwActionRow         *password_slot_row;
  AdwActionRow         *keyring_row;
  AdwActionRow         *recovery_slot_row;
  GtkSwitch            *keyring_switch;
  GtkWidget            *recovery_remove_button;

  GSettings            *settings;
  /* The window's session, when opened from one: the store while it is
   * unlocked. */
  SkSession            *session;
  GPtrArray            *other_rows;      /* other computers' keyring slots */
  GStrv                 local_slots;     /* slot ids this computer's keyring holds */
  char                 *keyring_problem; /* why the keyring cannot be asked */
  gboolean              keyring_known;   /* the lookup has answered */
  gboolean              keyring_busy;
  gboolean              updating;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (SkPreferencesWindow, sk_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_backup_dir (SkPreferencesWindow *self)
{
  g_autofree char *dir = g_settings_get_string (self->settings, SK_SETTING_BACKUP_DIR);
  gboolean custom = dir != NULL && *dir != '\0';

  adw_action_row_set_subtitle (self->backup_dir_row,
                               custom ? dir : _("Default: a “backups” folder next to the vault"));
  gtk_widget_set_visible (GTK_WIDGET (self->backup_reset_button), custom);
}

static void
on_folder_response (GtkNativeDialog     *chooser,
                    int                  response,
                    SkPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, SK_SETTING_BACKUP_DIR, path);
    }
  g_object_unref (chooser);
}

static void
choose_folder_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose Backups Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_folder_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
reset_folder_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (widget);

  g_settings_reset (self->settings, SK_SETTING_BACKUP_DIR);
}

/* Ways in ------------------------------------------------------------------ */

/* Answers from worker threads come back through a weak reference: a
 * window kept alive by them would outlive the main window it belongs to. */
static GWeakRef *
weak_self (SkPreferencesWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static SkPreferencesWindow *
take_weak_self (gpointer user_data)
{
  GWeakRef *ref = user_data;
  SkPreferencesWindow *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static SkStore *
get_store (SkPreferencesWindow *self)
{
  return self->session != NULL ? sk_session_get_store (self->session) : NULL;
}

static void
toast (SkPreferencesWindow *self,
       const char          *text)
{
  AdwToast *t = sk_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), t);
}

static gboolean
is_local (SkPreferencesWindow *self,
          const char          *slot_id)
{
  return self->local_slots != NULL && slot_id != NULL &&
         g_strv_contains ((const char * const *) self->local_slots, slot_id);
}

static void remove_other_clicked (GtkButton *button, SkPreferencesWindow *self);

/* Shows the slots of the vault as they are now. */
static void
refresh_slots (SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GPtrArray) slots = NULL;
  gboolean keyring_on = FALSE;
  SkKeySlotInfo *recovery = NULL;

  /* A keyring answer may come after the window was closed. */
  if (self->keys_group == NULL)
    return;
  sk_group_clear_rows (self->keys_group, self->other_rows);
  if (store == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->keys_group), FALSE);
      adw_preferences_group_set_description (self->keys_group,
                                             _("Unlock the vault to change the ways into it."));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->keys_group), TRUE);
  adw_preferences_group_set_description (self->keys_group,
                                         _("Each of these opens the vault on its own. The password always stays."));

  slots = sk_store_list_key_slots (store);
  for (guint i = 0; i < slots->len; i++)
    {
      SkKeySlotInfo *info = slots->pdata[i];
      g_autofree char *day = info->created != 0 ? sk_format_day (info->created) : NULL;

      if (info->type == SK_KEY_SLOT_PASSWORD)
        {
          g_autofree char *text = day != NULL ? g_strdup_printf (_("Set on %s"), day) : NULL;

          adw_action_row_set_subtitle (self->password_slot_row,
                                       text != NULL ? text : _("Set before Sparekey noted dates"));
        }
      else if (info->type == SK_KEY_SLOT_RECOVERY_KEY)
        recovery = info;
      else if (info->type == SK_KEY_SLOT_KEYRING && is_local (self, info->id))
        keyring_on = TRUE;
      else if (info->type == SK_KEY_SLOT_KEYRING && self->keyring_known)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");
          g_autofree char *subtitle = g_strdup_printf (_("Added on %s"), day != NULL ? day : "?");

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Login Keyring of Another Computer"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Remove This Way In"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Remove this way in"), -1);
          g_object_set_data_full (G_OBJECT (button), "slot-id", g_strdup (info->id), g_free);
          g_signal_connect (button, "clicked", G_CALLBACK (remove_other_clicked), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
          sk_group_add_row (self->keys_group, self->other_rows, row);
        }
    }

  if (recovery != NULL)
    {
      g_autofree char *day = sk_format_day (recovery->created);
      g_autofree char *text = g_strdup_printf (_("Made on %s. It opens the vault if you forget the password."), day);

      adw_action_row_set_subtitle (self->recovery_slot_row, text);
    }
  else
    adw_action_row_set_subtitle (self->recovery_slot_row,
                                 _("None. Without one, a forgotten password loses the vault."));
  gtk_widget_set_visible (self->recovery_remove_button, recovery != NULL);

  self->updating = TRUE;
  gtk_switch_set_active (self->keyring_switch, keyring_on);
  self->updating = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_switch),
                            self->keyring_known && !self->keyring_busy &&
                            (self->keyring_problem == NULL || keyring_on));
  if (self->keyring_problem != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not available: %s"), self->keyring_problem);

      adw_action_row_set_subtitle (self->keyring_row, text);
    }
  else
    adw_action_row_set_subtitle (self->keyring_row,
                                 _("Opens without the password while your session’s keyring is unlocked; "
                                   "anyone using your unlocked session can then open it too"));
}

/* The keyring is asked in a worker thread: which of the vault's slots
 * does this computer hold the key of? Only slot ids come back. */
static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(GPtrArray) keys = NULL;
  GPtrArray *ids;
  GError *error = NULL;

  keys = sk_keyring_lookup (task_data, &error);
  if (keys == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (ids, g_strdup (((SkKeyringKey *) keys->pdata[i])->slot_id));
  g_ptr_array_add (ids, NULL);
  g_task_return_pointer (task, ids, (GDestroyNotify) g_ptr_array_unref);
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SkPreferencesWindow) self = take_weak_self (user_data);
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&ids, g_ptr_array_unref);
      return;
    }
  g_clear_pointer (&self->local_slots, g_strfreev);
  g_clear_pointer (&self->keyring_problem, g_free);
  if (ids != NULL)
    self->local_slots = (GStrv) g_ptr_array_free (ids, FALSE);
  else
    self->keyring_problem = g_strdup (error->message);
  self->keyring_known = TRUE;
  refresh_slots (self);
}

static void
lookup_keyring (SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GTask) task = NULL;
  char *vault_id;

  self->keyring_known = FALSE;
  g_clear_pointer (&self->local_slots, g_strfreev);
  g_clear_pointer (&self->keyring_problem, g_free);
  if (store == NULL)
    return;
  /* Without a keyring slot there is nothing to ask the keyring (and no
   * Secret Service is started for nothing): the switch is off. */
  {
    g_autoptr(GPtrArray) slots = sk_store_list_key_slots (store);
    gboolean any = FALSE;

    for (guint i = 0; i < slots->len; i++)
      any = any || ((SkKeySlotInfo *) slots->pdata[i])->type == SK_KEY_SLOT_KEYRING;
    if (!any)
      {
        self->keyring_known = TRUE;
        return;
      }
  }
  vault_id = sk_store_get_vault_id (store);
  if (vault_id == NULL)
    {
      self->keyring_known = TRUE;
      return;
    }
  task = g_task_new (NULL, self->cancellable, lookup_done, weak_self (self));
  g_task_set_task_data (task, vault_id, g_free);
  g_task_run_in_thread (task, lookup_thread);
}

static void
on_store_changed (SkPreferencesWindow *self)
{
  lookup_keyring (self);
  refresh_slots (self);
}

/* Turning the keyring on or off: the slot changes at once (a short
 * save), the keyring is asked in a worker thread (bounded). */
typedef struct {
  SkStore  *store;
  char     *vault_id;
  char     *slot_id;
  SkSecret *key;       /* NULL: delete the vault's keys instead */
} KeyringJob;

static void
keyring_job_free (KeyringJob *job)
{
  g_clear_object (&job->store);
  g_free (job->vault_id);
  g_free (job->slot_id);
  g_clear_pointer (&job->key, sk_secret_unref);
  g_free (job);
}

static void
keyring_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KeyringJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->key != NULL)
    ok = sk_keyring_store (job->vault_id, job->slot_id, sk_store_get_path (job->store),
                           job->key, &error);
  else
    ok = sk_keyring_clear (job->vault_id, NULL, NULL, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
keyring_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SkPreferencesWindow) self = take_weak_self (user_data);
  KeyringJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (self != NULL)
    self->keyring_busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (job->key != NULL)
        {
          g_autoptr(GError) undo_error = NULL;

          /* A slot whose key is nowhere only takes room. */
          if (!sk_store_remove_key_slot (job->store, job->slot_id, &undo_error))
            g_warning ("Could not remove the unused keyring slot: %s", undo_error->message);
          text = g_strdup_printf (_("The login keyring could not keep the key: %s"), error->message);
        }
      else
        text = g_strdup_printf (_("The vault no longer opens with the login keyring, but the key "
                                  "could not be deleted from it: %s"), error->message);
      if (self != NULL)
        toast (self, text);
      else
        g_warning ("%s", text);
    }
  if (self == NULL)
    return;
  lookup_keyring (self);
  refresh_slots (self);
}

static void
on_keyring_switched (SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  KeyringJob *job;

  if (self->updating || store == NULL || self->keyring_busy)
    return;
  job = g_new0 (KeyringJob, 1);
  job->store = g_object_ref (store);
  if (gtk_switch_get_active (self->keyring_switch))
    {
      job->key = sk_store_add_key_slot (store, SK_KEY_SLOT_KEYRING, &job->slot_id, &error);
      if (job->key == NULL)
        {
          keyring_job_free (job);
          toast (self, error->message);
          refresh_slots (self);
          return;
        }
    }
  else
    {
      /* The slots first: once they are gone the keys open nothing, even
       * if the keyring will not delete them. */
      for (guint i = 0; self->local_slots != NULL && self->local_slots[i] != NULL; i++)
        if (!sk_store_remove_key_slot (store, self->local_slots[i], &error) &&
            !g_error_matches (error, SK_VAULT_ERROR, SK_VAULT_ERROR_NOT_FOUND))
          {
            keyring_job_free (job);
            toast (self, error->message);
            refresh_slots (self);
            return;
          }
        else
          g_clear_error (&error);
    }
  job->vault_id = sk_store_get_vault_id (store);
  self->keyring_busy = TRUE;
  refresh_slots (self);
  task = g_task_new (NULL, NULL, keyring_done, weak_self (self));
  g_task_set_task_data (task, job, (GDestroyNotify) keyring_job_free);
  g_task_run_in_thread (task, keyring_thread);
}

static void
remove_other_clicked (GtkButton           *button,
                      SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (button), "slot-id");

  if (store == NULL || id == NULL)
    return;
  if (!sk_store_remove_key_slot (store, id, &error))
    toast (self, error->message);
  refresh_slots (self);
}

/* The emergency kit with the recovery key on its first page. */
static void
on_kit_response (GtkNativeDialog *chooser,
                 int              response,
                 gpointer         user_data)
{
  g_autoptr(SkPreferencesWindow) self = take_weak_self (user_data);
  SkSecret *text = g_object_get_data (G_OBJECT (chooser), "recovery-key");
  SkStore *store = self != NULL ? get_store (self) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && store != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL &&
          !sk_kit_write_pdf_with_key (sk_store_get_vault (store), path, g_get_real_time (),
                                      sk_secret_get_string (text), &error))
        toast (self, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_recovery_key_response (AdwMessageDialog    *dialog,
                          const char          *response,
                          SkPreferencesWindow *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = NULL;

  if (!g_str_equal (response, "kit"))
    return;
  chooser = gtk_file_chooser_native_new (_("Save Emergency Kit"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file name, keep the .pdf */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("sparekey-emergency-kit.pdf"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  /* The key (guarded memory) goes with the chooser, and dies with it. */
  g_object_set_data_full (G_OBJECT (chooser), "recovery-key",
                          sk_secret_ref (g_object_get_data (G_OBJECT (dialog), "recovery-key")),
                          (GDestroyNotify) sk_secret_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (on_kit_response), weak_self (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The recovery key, shown once. */
static void
show_recovery_key (SkPreferencesWindow *self,
                   SkSecret            *key)
{
  g_autoptr(SkSecret) text = sk_recovery_key_format (key);
  g_autoptr(SkQrCode) code = sk_qr_encode (sk_secret_get_string (text), NULL);
  g_autofree char *lines = NULL;
  GtkWidget *dialog;
  GtkWidget *box;
  GtkWidget *label;
  GtkWidget *qr;
  gsize half = sk_secret_get_size (text) / 2;

  /* Two lines of four groups, as on the kit. */
  lines = g_strdup_printf ("%.*s\n%s", (int) half, sk_secret_get_string (text),
                           sk_secret_get_string (text) + half + 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Your Recovery Key"),
                                   _("Write it down or print it now: it is shown only this once. It opens "
                                     "the vault when the password is forgotten (“Forgot Password?” on the "
                                     "unlock page). Keep it apart from this computer; any older recovery "
                                     "key no longer works."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  qr = sk_qr_view_new ();
  if (code != NULL)
    sk_qr_view_set_code (SK_QR_VIEW (qr), code);
  gtk_widget_set_halign (qr, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (qr, 160, 160);
  gtk_accessible_update_property (GTK_ACCESSIBLE (qr), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("QR code of the recovery key"), -1);
  label = gtk_label_new (lines);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "title-3");
  gtk_box_append (GTK_BOX (box), qr);
  gtk_box_append (GTK_BOX (box), label);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "kit", _("Save _Kit With It…"),
                                    "done", _("_I Wrote It Down"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "done");
  /* Until the dialog closes, for the kit: the emergency kit is as
   * unencrypted as the paper it is printed on, which its first page says. */
  g_object_set_data_full (G_OBJECT (dialog), "recovery-key", sk_secret_ref (text),
                          (GDestroyNotify) sk_secret_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_recovery_key_response), self, 0);
  sk_wipe_string (g_steal_pointer (&lines));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
make_recovery_key (SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) key = NULL;

  if (store == NULL)
    return;
  key = sk_store_add_key_slot (store, SK_KEY_SLOT_RECOVERY_KEY, NULL, &error);
  if (key == NULL)
    {
      toast (self, error->message);
      return;
    }
  refresh_slots (self);
  show_recovery_key (self, key);
}

static void
on_replace_response (AdwMessageDialog    *dialog,
                     const char          *response,
                     SkPreferencesWindow *self)
{
  if (g_str_equal (response, "replace"))
    make_recovery_key (self);
}

static gboolean
has_recovery_key (SkStore *store)
{
  g_autoptr(GPtrArray) slots = sk_store_list_key_slots (store);

  for (guint i = 0; i < slots->len; i++)
    if (((SkKeySlotInfo *) slots->pdata[i])->type == SK_KEY_SLOT_RECOVERY_KEY)
      return TRUE;
  return FALSE;
}

static void
new_recovery_key_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (widget);
  SkStore *store = get_store (self);
  GtkWidget *dialog;

  if (store == NULL)
    return;
  if (!has_recovery_key (store))
    {
      make_recovery_key (self);
      return;
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Replace the Recovery Key?"),
                                   _("The recovery key you have now stops working. Destroy the paper "
                                     "it is written on once the new one is safe."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "replace", _("_Replace"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_replace_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_remove_recovery_response (AdwMessageDialog    *dialog,
                             const char          *response,
                             SkPreferencesWindow *self)
{
  SkStore *store = get_store (self);
  g_autoptr(GPtrArray) slots = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "remove") || store == NULL)
    return;
  slots = sk_store_list_key_slots (store);
  for (guint i = 0; i < slots->len; i++)
    {
      SkKeySlotInfo *info = slots->pdata[i];

      if (info->type == SK_KEY_SLOT_RECOVERY_KEY &&
          !sk_store_remove_key_slot (store, info->id, &error))
        {
          toast (self, error->message);
          break;
        }
    }
  refresh_slots (self);
}

static void
remove_recovery_key_activated (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove the Recovery Key?"),
                                   _("It will no longer open the vault. If you then forget the password, "
                                     "nothing can open it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_recovery_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Change Password: the core's re-key; every other way in is carried over. */
static void
change_password_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(SkPreferencesWindow) self = take_weak_self (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = sk_store_change_password_finish (SK_STORE (source), result, &error);

  if (self == NULL)
    return;
  if (!ok)
    {
      g_autofree char *text = g_strdup_printf (_("The password was not changed: %s"), error->message);

      toast (self, text);
    }
  else
    toast (self, _("Password changed. The keyring and the recovery key still open the vault."));
  refresh_slots (self);
}

/* The two rows of a Change Password dialog, as weak pointers: the dialog's
 * teardown destroys one row while the other can still say it changed. */
typedef struct
{
  GtkWidget *first;
  GtkWidget *second;
} ChangeRows;

static void
change_rows_free (ChangeRows *rows)
{
  g_clear_weak_pointer (&rows->first);
  g_clear_weak_pointer (&rows->second);
  g_free (rows);
}

/* Both rows, or FALSE once the dialog is coming apart. */
static gboolean
get_change_rows (AdwMessageDialog  *dialog,
                 GtkEditable      **first,
                 GtkEditable      **second)
{
  ChangeRows *rows = g_object_get_data (G_OBJECT (dialog), "rows");

  if (rows == NULL || rows->first == NULL || rows->second == NULL ||
      gtk_widget_get_parent (rows->first) == NULL || gtk_widget_get_parent (rows->second) == NULL)
    return FALSE;
  *first = GTK_EDITABLE (rows->first);
  *second = GTK_EDITABLE (rows->second);
  return TRUE;
}

static void
update_change_response (AdwMessageDialog *dialog)
{
  GtkEditable *first, *second;
  const char *a;

  if (!get_change_rows (dialog, &first, &second))
    return;
  a = gtk_editable_get_text (first);
  adw_message_dialog_set_response_enabled (dialog, "change",
                                           *a != '\0' && g_str_equal (a, gtk_editable_get_text (second)));
}

static void
on_change_response (AdwMessageDialog    *dialog,
                    const char          *response,
                    SkPreferencesWindow *self)
{
  GtkEditable *first, *second;
  SkStore *store = get_store (self);

  if (!get_change_rows (dialog, &first, &second))
    return;
  /* Nothing is updated from here on: the dialog closes. */
  g_signal_handlers_disconnect_by_func (first, update_change_response, dialog);
  g_signal_handlers_disconnect_by_func (second, update_change_response, dialog);
  if (g_str_equal (response, "change") && store != NULL)
    sk_store_change_password_async (store, gtk_editable_get_text (first), NULL, NULL,
                                    change_password_done, weak_self (self));
  gtk_editable_set_text (first, "");
  gtk_editable_set_text (second, "");
  /* With libadwaita 1.2, an entry row that still has the focus when the
   * dialog is destroyed is sent a notification after it is gone (a
   * critical, then a crash on Escape). */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
}

static void
change_password_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *first;
  GtkWidget *second;
  ChangeRows *rows;

  if (get_store (self) == NULL)
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Change Password"),
                                   _("The vault gets a new key. The login keyring and the recovery key "
                                     "keep working; backups made before still open with the old password."));
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  first = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (first), _("New Password"));
  second = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (second), _("Repeat New Password"));
  gtk_list_box_append (GTK_LIST_BOX (list), first);
  gtk_list_box_append (GTK_LIST_BOX (list), second);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "change", _("C_hange"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "change",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  rows = g_new0 (ChangeRows, 1);
  g_set_weak_pointer (&rows->first, first);
  g_set_weak_pointer (&rows->second, second);
  g_object_set_data_full (G_OBJECT (dialog), "rows", rows, (GDestroyNotify) change_rows_free);
  g_signal_connect_object (first, "changed", G_CALLBACK (update_change_response), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (second, "changed", G_CALLBACK (update_change_response), dialog, G_CONNECT_SWAPPED);
  update_change_response (ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_change_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sk_preferences_window_dispose (GObject *object)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->other_rows, g_ptr_array_unref);
  g_clear_pointer (&self->local_slots, g_strfreev);
  g_clear_pointer (&self->keyring_problem, g_free);

  G_OBJECT_CLASS (sk_preferences_window_parent_class)->dispose (object);
}

static void
sk_preferences_window_class_init (SkPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, auto_lock_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, screen_lock_switch);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, hide_codes_switch);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, clipboard_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, backup_dir_row);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, backup_reset_button);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, backup_keep_adjustment);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, keys_group);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, password_slot_row);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, recovery_slot_row);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, SkPreferencesWindow, recovery_remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_keyring_switched);

  gtk_widget_class_install_action (widget_class, "prefs.choose-backup-dir", NULL, choose_folder_activated);
  gtk_widget_class_install_action (widget_class, "prefs.reset-backup-dir", NULL, reset_folder_activated);
  gtk_widget_class_install_action (widget_class, "prefs.change-password", NULL, change_password_activated);
  gtk_widget_class_install_action (widget_class, "prefs.new-recovery-key", NULL, new_recovery_key_activated);
  gtk_widget_class_install_action (widget_class, "prefs.remove-recovery-key", NULL,
                                   remove_recovery_key_activated);
}

static void
sk_preferences_window_init (SkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->other_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->settings = g_object_ref (sk_settings ());
  g_settings_bind (self->settings, SK_SETTING_AUTO_LOCK_DELAY,
                   self->auto_lock_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_LOCK_ON_SCREEN_LOCK,
                   self->screen_lock_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_HIDE_CODES,
                   self->hide_codes_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_CLIPBOARD_DELAY,
                   self->clipboard_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_BACKUP_KEEP,
                   self->backup_keep_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::" SK_SETTING_BACKUP_DIR,
                           G_CALLBACK (update_backup_dir), self, G_CONNECT_SWAPPED);
  update_backup_dir (self);
}

SkPreferencesWindow *
sk_preferences_window_new (GtkWindow *parent,
                           SkSession *session)
{
  SkPreferencesWindow *self = g_object_new (SK_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            "modal", parent != NULL,
                                            NULL);

  /* The ways into the vault of the window it was opened from; they
   * follow it as it locks and unlocks. */
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      g_signal_connect_object (self->session, "notify::store",
                               G_CALLBACK (on_store_changed), self, G_CONNECT_SWAPPED);
    }
  on_store_changed (self);
  return self;
}
