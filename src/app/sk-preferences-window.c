/* sk-preferences-window.c: the preferences
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-preferences-window.h"
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

  GSettings            *settings;
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

static void
sk_preferences_window_dispose (GObject *object)
{
  SkPreferencesWindow *self = SK_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

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

  gtk_widget_class_install_action (widget_class, "prefs.choose-backup-dir", NULL, choose_folder_activated);
  gtk_widget_class_install_action (widget_class, "prefs.reset-backup-dir", NULL, reset_folder_activated);
}

static void
sk_preferences_window_init (SkPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
sk_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (SK_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}
