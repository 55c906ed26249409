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

  char         *path;
  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (SkCreatePage, sk_create_page, ADW_TYPE_BIN)

enum {
  SIGNAL_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  char        *path;
  SkSecret    *password;
  SkKdfParams  kdf;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_free (data->path);
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
sk_create_page_dispose (GObject *object)
{
  SkCreatePage *self = SK_CREATE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_CREATE_PAGE);

  G_OBJECT_CLASS (sk_create_page_parent_class)->dispose (object);
}

static void
sk_create_page_finalize (GObject *object)
{
  SkCreatePage *self = SK_CREATE_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);

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
  adw_action_row_set_subtitle (self->location_row, path);
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
