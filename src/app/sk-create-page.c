/* sk-create-page.c: the first-run page that creates a vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-create-page.h"

struct _SkCreatePage
{
  AdwBin        parent_instance;

  GtkEditable  *password_row;
  GtkEditable  *confirm_row;
  GtkLevelBar  *strength_bar;
  GtkLabel     *strength_label;
  AdwActionRow *location_row;
  GtkLabel     *error_label;
  GtkButton    *create_button;
  GtkSpinner   *spinner;

  char         *path;      /* where Sparekey and the CLI look for the vault */
  char         *target;    /* the file in a folder of the user's choice, or NULL */
  GtkFileChooserNative *chooser;
  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (SkCreatePage, sk_create_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CREATED,
  SIGNAL_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char        *path;
  char        *target;
  SkSecret    *password;
  SkKdfParams  kdf;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
  g_free (data->target);
  g_clear_pointer (&data->password, sk_secret_unref);
  g_free (data);
}

static void
update_state (SkCreatePage *self)
{
  const char *password = gtk_editable_get_text (self->password_row);
  const char *confirm = gtk_editable_get_text (self->confirm_row);
  const char *hint = NULL;
  SkStrength strength = sk_password_strength (password, &hint);
  gboolean mismatch = *confirm != '\0' && g_strcmp0 (password, confirm) != 0;

  gtk_level_bar_set_value (self->strength_bar, MAX ((int) strength - 1, 0));
  gtk_label_set_text (self->strength_label, hint);

  if (mismatch)
    gtk_widget_add_css_class (GTK_WIDGET (self->confirm_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_row), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "create-page.create",
                                 !self->busy && *password != '\0' &&
                                 g_strcmp0 (password, confirm) == 0);
}

static void
set_busy (SkCreatePage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->confirm_row), !busy);
  update_state (self);
}

/* Makes @path (where Sparekey and the CLI look for the vault) a symbolic
 * link to @target: the store writes the file a link points to and never
 * replaces the link. Never over an existing file. */
static gboolean
link_default_path (const char  *path,
                   const char  *target,
                   GError     **error)
{
  g_autoptr(GFile) link = g_file_new_for_path (path);
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  return g_file_make_symbolic_link (link, target, NULL, error);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CreateData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_path_get_dirname (data->path);
  SkStore *store;

  if (data->target != NULL)
    {
      /* In the chosen folder, then linked from where Sparekey and the CLI
       * look: both open it from now on (saves write the file the link
       * points to). */
      store = sk_store_create (data->target, sk_secret_get_string (data->password), &data->kdf, &error);
      if (store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!link_default_path (data->path, data->target, &error))
        {
          g_object_unref (store);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_task_return_pointer (task, store, g_object_unref);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create the folder %s: %s"),
                               dir, g_strerror (saved_errno));
      return;
    }

  store = sk_store_create (data->path, sk_secret_get_string (data->password),
                           &data->kdf, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, store, g_object_unref);
}

static void
create_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  SkCreatePage *self = user_data;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (store == NULL)
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  sk_create_page_reset (self);
  g_signal_emit (self, signals[SIGNAL_CREATED], 0, store);
}

static void
create_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkCreatePage *self = SK_CREATE_PAGE (widget);
  const char *password = gtk_editable_get_text (self->password_row);
  g_autoptr(GTask) task = NULL;
  CreateData *data;

  if (self->busy || *password == '\0' ||
      g_strcmp0 (password, gtk_editable_get_text (self->confirm_row)) != 0)
    return;

  data = g_new0 (CreateData, 1);
  data->path = g_strdup (self->path);
  data->target = g_strdup (self->target);
  data->password = sk_secret_new_from_string (password);
  if (sk_kdf_test_mode ())
    sk_kdf_params_minimum (&data->kdf);
  else
    sk_kdf_params_default (&data->kdf);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, create_done, self);
  g_task_set_source_tag (task, create_activated);
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);
  g_task_run_in_thread (task, create_thread);
}

static void
on_confirm_activated (SkCreatePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "create-page.create", NULL);
}

static void
show_location (SkCreatePage *self)
{
  g_autofree char *text = NULL;

  if (self->target != NULL)
    /* Translators: the vault file in a folder the user chose, then where Sparekey looks for it */
    text = g_strdup_printf (_("%s (linked from %s)"), self->target, self->path);
  adw_action_row_set_subtitle (self->location_row, text != NULL ? text : self->path);
}

gboolean
sk_create_page_set_folder (SkCreatePage  *self,
                           const char    *folder,
                           GError       **error)
{
  g_autofree char *target = NULL;

  g_return_val_if_fail (SK_IS_CREATE_PAGE (self), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);

  target = g_build_filename (folder, "vault.sparekey", NULL);
  if (g_file_test (target, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s is there already: open it with “Open Existing Vault…” instead"), target);
      return FALSE;
    }
  g_free (self->target);
  /* The default folder itself: no link needed. */
  self->target = g_strcmp0 (target, self->path) == 0 ? NULL : g_steal_pointer (&target);
  show_location (self);
  return TRUE;
}

gboolean
sk_create_page_open_vault (SkCreatePage  *self,
                           const char    *file,
                           GError       **error)
{
  g_return_val_if_fail (SK_IS_CREATE_PAGE (self), FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  /* A clear error now, rather than a link to a file that never opens. */
  if (!sk_store_probe (file, error))
    return FALSE;
  if (g_strcmp0 (file, self->path) != 0 && !link_default_path (self->path, file, error))
    return FALSE;
  g_signal_emit (self, signals[SIGNAL_OPENED], 0, self->path);
  return TRUE;
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     SkCreatePage    *self)
{
  gboolean folder = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)) == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file != NULL ? g_file_get_path (file) : NULL;
  g_clear_object (&self->chooser);
  if (path == NULL)
    return;
  if (!(folder ? sk_create_page_set_folder (self, path, &error) : sk_create_page_open_vault (self, path, &error)))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* A folder for the new vault (a Syncthing, Nextcloud or Dropbox folder),
 * or an existing vault (one synced from another computer). */
static void
choose_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkCreatePage *self = SK_CREATE_PAGE (widget);
  gboolean folder = g_str_equal (action_name, "create-page.choose-folder");
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));

  if (self->busy || self->chooser != NULL)
    return;
  if (folder)
    self->chooser = gtk_file_chooser_native_new (_("Choose a Folder for the Vault"), parent,
                                                 GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                                 _("_Select"), _("_Cancel"));
  else
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      self->chooser = gtk_file_chooser_native_new (_("Open Existing Vault"), parent,
                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
      gtk_file_filter_set_name (filter, _("Sparekey vaults"));
      gtk_file_filter_add_suffix (filter, "sparekey");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
sk_create_page_dispose (GObject *object)
{
  SkCreatePage *self = SK_CREATE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_CREATE_PAGE);

  G_OBJECT_CLASS (sk_create_page_parent_class)->dispose (object);
}

static void
sk_create_page_finalize (GObject *object)
{
  SkCreatePage *self = SK_CREATE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);
  g_free (self->target);

  G_OBJECT_CLASS (sk_create_page_parent_class)->finalize (object);
}

static gboolean
sk_create_page_grab_focus (GtkWidget *widget)
{
  SkCreatePage *self = SK_CREATE_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
sk_create_page_class_init (SkCreatePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = sk_create_page_grab_focus;

  object_class->dispose = sk_create_page_dispose;
  object_class->finalize = sk_create_page_finalize;

  signals[SIGNAL_CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, SK_TYPE_STORE);
  signals[SIGNAL_OPENED] =
    g_signal_new ("opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-create-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, strength_label);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, location_row);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, create_button);
  gtk_widget_class_bind_template_child (widget_class, SkCreatePage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, update_state);
  gtk_widget_class_bind_template_callback (widget_class, on_confirm_activated);

  gtk_widget_class_install_action (widget_class, "create-page.create", NULL, create_activated);
  gtk_widget_class_install_action (widget_class, "create-page.choose-folder", NULL, choose_activated);
  gtk_widget_class_install_action (widget_class, "create-page.open", NULL, choose_activated);
}

static void
sk_create_page_init (SkCreatePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

void
sk_create_page_set_path (SkCreatePage *self,
                         const char   *path)
{

  g_return_if_fail (SK_IS_CREATE_PAGE (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->target, g_free);
  show_location (self);
}

void
sk_create_page_reset (SkCreatePage *self)
{
  g_return_if_fail (SK_IS_CREATE_PAGE (self));

  gtk_editable_set_text (self->password_row, "");
  gtk_editable_set_text (self->confirm_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_state (self);
}
