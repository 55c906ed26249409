/* sk-unlock-page.c: the page that asks for the vault password, or opens
 * the vault with the login keyring, or with the recovery key to set a new
 * password
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-unlock-page.h"

struct _SkUnlockPage
{
  AdwBin        parent_instance;

  GtkEditable  *password_row;
  GtkLabel     *error_label;
  GtkLabel     *path_label;
  GtkLabel     *title_label;
  GtkLabel     *hint_label;
  GtkButton    *unlock_button;
  GtkSpinner   *spinner;
  GtkWidget    *password_box;
  GtkWidget    *recovery_box;
  GtkEditable  *recovery_row;
  GtkEditable  *new_password_row;
  GtkEditable  *repeat_row;
  GtkWidget    *back_button;
  GtkWidget    *reset_button;
  GtkWidget    *keyring_button;
  GtkWidget    *forgot_button;

  char         *path;
  GCancellable *cancellable;
  gboolean      busy;
  gboolean      recovering;   /* the "Forgot Password?" view */
  gboolean      has_keyring;  /* the vault has a keyring slot */
};

G_DEFINE_FINAL_TYPE (SkUnlockPage, sk_unlock_page, ADW_TYPE_BIN)

enum {
  SIGNAL_UNLOCKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* How to open: with @password; with the login keyring (@keyring); or
 * with @recovery_key, then setting @new_password. */
typedef struct {
  char      *path;
  SkSecret  *password;
  gboolean   keyring;
  SkSecret  *recovery_key;
  SkSecret  *new_password;
  /* What merging the sync tool's conflict copies gave (see open_thread). */
  guint      n_merged;
  char      *merge_problem;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data->merge_problem);
  g_clear_pointer (&data->password, sk_secret_unref);
  g_clear_pointer (&data->recovery_key, sk_secret_unref);
  g_clear_pointer (&data->new_password, sk_secret_unref);
  g_free (data);
}

static void
update_state (SkUnlockPage *self)
{
  const char *password = gtk_editable_get_text (self->password_row);
  const char *key = gtk_editable_get_text (self->recovery_row);
  const char *new_password = gtk_editable_get_text (self->new_password_row);
  const char *repeat = gtk_editable_get_text (self->repeat_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.unlock",
                                 !self->busy && !self->recovering && *password != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.unlock-keyring",
                                 !self->busy && self->has_keyring);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.recover",
                                 !self->busy && *key != '\0' && *new_password != '\0' &&
                                 g_str_equal (new_password, repeat));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.forgot", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "unlock-page.back", !self->busy);
}

/* Shows the password view, or the recovery key view. */
static void
set_recovering (SkUnlockPage *self,
                gboolean      recovering)
{
  self->recovering = recovering;
  gtk_label_set_text (self->title_label,
                      recovering ? _("Set a New Password") : _("Sparekey Is Locked"));
  gtk_label_set_text (self->hint_label,
                      recovering ? _("Type the recovery key from your emergency kit, then choose a new password.")
                                 : _("Enter your password to see your codes."));
  gtk_widget_set_visible (self->password_box, !recovering);
  gtk_widget_set_visible (GTK_WIDGET (self->unlock_button), !recovering);
  gtk_widget_set_visible (self->recovery_box, recovering);
  gtk_widget_set_visible (self->back_button, recovering);
  gtk_widget_set_visible (self->reset_button, recovering);
  gtk_widget_set_visible (self->forgot_button, !recovering);
  gtk_widget_set_visible (self->keyring_button, !recovering && self->has_keyring);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  if (!recovering)
    {
      gtk_editable_set_text (self->recovery_row, "");
      gtk_editable_set_text (self->new_password_row, "");
      gtk_editable_set_text (self->repeat_row, "");
    }
  update_state (self);
  gtk_widget_grab_focus (recovering ? GTK_WIDGET (self->recovery_row)
                                    : GTK_WIDGET (self->password_row));
}

static void
on_recovery_changed (SkUnlockPage *self)
{
  sk_field_set_invalid (GTK_WIDGET (self->recovery_row), FALSE, NULL);
  if (!self->busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_state (self);
}

static void
on_password_changed (SkUnlockPage *self)
{
  sk_field_set_invalid (GTK_WIDGET (self->password_row), FALSE, NULL);
  /* Typing again answers the error. */
  if (!self->busy)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_state (self);
}

static void
set_busy (SkUnlockPage *self,
          gboolean      busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (self->recovery_box, !busy);
  update_state (self);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *data = task_data;
  g_autoptr(GError) error = NULL;
  SkStore *store;

  if (data->keyring)
    store = sk_keyring_open_vault (data->path, &error);
  else if (data->recovery_key != NULL)
    {
      /* The store is this thread's alone until it is handed over: the
       * new password (a slow key derivation) is set here. */
      store = sk_store_open_with_key (data->path, data->recovery_key, &error);
      if (store != NULL &&
          !sk_store_change_password (store, sk_secret_get_string (data->new_password), NULL, &error))
        g_clear_object (&store);
    }
  else
    store = sk_store_open (data->path, sk_secret_get_string (data->password), &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* A vault in a sync folder: copies the sync tool kept when two
   * machines changed it at once are merged before the list is shown,
   * here, off the main thread, as the save involved can take a moment. */
  {
    g_autoptr(GPtrArray) problems = NULL;
    g_autoptr(GError) merge_error = NULL;

    if (!sk_store_merge_conflicts (store, &data->n_merged, &problems, &merge_error))
      data->merge_problem = g_strdup (merge_error->message);
    else if (problems != NULL && problems->len > 0)
      {
        /* Every copy that could not be merged, one a line. */
        g_ptr_array_add (problems, NULL);
        data->merge_problem = g_strjoinv ("\n", (char **) problems->pdata);
      }
  }
  g_task_return_pointer (task, store, g_object_unref);
}

/* Tells what could not be merged of the conflict copies (what was merged
 * goes with ::unlocked, for the window to tell). */
static void
report_merge (SkUnlockPage *self,
              OpenData     *data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!GTK_IS_WINDOW (root))
    return;
  /* Rare, and the user has to act on a file: the whole reason, not a
   * toast cut to one line. */
  if (data->merge_problem != NULL)
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (root), _("A Copy Could Not Be Merged"), NULL);

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      _("Your sync app left a file beside the vault that Sparekey could not "
                                        "merge, and left it where it is. %s"),
                                      data->merge_problem);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

static void
show_error (SkUnlockPage *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
open_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SkUnlockPage *self = user_data;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  OpenData *data = g_task_get_task_data (G_TASK (result));

  store = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (store == NULL && data->keyring)
    {
      /* Locked, missing or refusing: the password, without a word (the
       * keyring is a convenience, never a requirement). */
      g_debug ("Not unlocked with the login keyring: %s", error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (store == NULL && data->recovery_key != NULL)
    {
      if (g_error_matches (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD))
        {
          show_error (self, _("This recovery key does not open the vault. Check it against the kit; "
                              "a newer recovery key replaces older ones."));
          sk_field_set_invalid (GTK_WIDGET (self->recovery_row), TRUE,
                                GTK_WIDGET (self->error_label));
        }
      else
        show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->recovery_row));
      return;
    }
  if (store == NULL)
    {
      if (g_error_matches (error, SK_VAULT_ERROR, SK_VAULT_ERROR_WRONG_PASSWORD))
        {
          show_error (self, _("Wrong password. Check the keyboard layout and Caps Lock, then try again."));
          sk_field_set_invalid (GTK_WIDGET (self->password_row), TRUE,
                                GTK_WIDGET (self->error_label));
          gtk_editable_select_region (self->password_row, 0, -1);
        }
      else
        show_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  sk_unlock_page_reset (self);
  g_signal_emit (self, signals[SIGNAL_UNLOCKED], 0, store, data->n_merged);
  report_merge (self, data);
}

/* Starts opening in a worker thread; @data is taken. */
static void
start_open (SkUnlockPage *self,
            OpenData     *data)
{
  g_autoptr(GTask) task = NULL;

  data->path = g_strdup (self->path);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  set_busy (self, TRUE);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, open_done, self);
  g_task_set_source_tag (task, start_open);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_run_in_thread (task, open_thread);
}

static void
unlock_keyring_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (widget);
  OpenData *data;

  if (self->busy || self->path == NULL)
    return;
  data = g_new0 (OpenData, 1);
  data->keyring = TRUE;
  start_open (self, data);
}

static void
recover_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) key = NULL;
  const char *new_password = gtk_editable_get_text (self->new_password_row);
  OpenData *data;

  if (self->busy || *new_password == '\0' ||
      !g_str_equal (new_password, gtk_editable_get_text (self->repeat_row)))
    return;
  key = sk_recovery_key_parse (gtk_editable_get_text (self->recovery_row), &error);
  if (key == NULL)
    {
      show_error (self, error->message);
      sk_field_set_invalid (GTK_WIDGET (self->recovery_row), TRUE, GTK_WIDGET (self->error_label));
      gtk_widget_grab_focus (GTK_WIDGET (self->recovery_row));
      return;
    }
  data = g_new0 (OpenData, 1);
  data->recovery_key = g_steal_pointer (&key);
  data->new_password = sk_secret_new_from_string (new_password);
  start_open (self, data);
}

static void
forgot_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  set_recovering (SK_UNLOCK_PAGE (widget), TRUE);
}

static void
back_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_recovering (SK_UNLOCK_PAGE (widget), FALSE);
}

static void
on_repeat_activated (SkUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock-page.recover", NULL);
}

static void
unlock_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (widget);
  const char *password = gtk_editable_get_text (self->password_row);
  OpenData *data;

  if (self->busy || *password == '\0')
    return;

  data = g_new0 (OpenData, 1);
  data->password = sk_secret_new_from_string (password);
  start_open (self, data);
}

static void
on_password_activated (SkUnlockPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "unlock-page.unlock", NULL);
}

static gboolean
sk_unlock_page_grab_focus (GtkWidget *widget)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (widget);

  return gtk_widget_grab_focus (self->recovering ? GTK_WIDGET (self->recovery_row)
                                                 : GTK_WIDGET (self->password_row));
}

static void
sk_unlock_page_dispose (GObject *object)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_UNLOCK_PAGE);

  G_OBJECT_CLASS (sk_unlock_page_parent_class)->dispose (object);
}

static void
sk_unlock_page_finalize (GObject *object)
{
  SkUnlockPage *self = SK_UNLOCK_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->path);

  G_OBJECT_CLASS (sk_unlock_page_parent_class)->finalize (object);
}

static void
sk_unlock_page_class_init (SkUnlockPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_unlock_page_dispose;
  object_class->finalize = sk_unlock_page_finalize;
  widget_class->grab_focus = sk_unlock_page_grab_focus;

  signals[SIGNAL_UNLOCKED] =
    g_signal_new ("unlocked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, SK_TYPE_STORE, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-unlock-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, path_label);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, password_box);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, recovery_box);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, reset_button);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, keyring_button);
  gtk_widget_class_bind_template_child (widget_class, SkUnlockPage, forgot_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_activated);

  gtk_widget_class_install_action (widget_class, "unlock-page.unlock", NULL, unlock_activated);
  gtk_widget_class_install_action (widget_class, "unlock-page.unlock-keyring", NULL,
                                   unlock_keyring_activated);
  gtk_widget_class_install_action (widget_class, "unlock-page.recover", NULL, recover_activated);
  gtk_widget_class_install_action (widget_class, "unlock-page.forgot", NULL, forgot_activated);
  gtk_widget_class_install_action (widget_class, "unlock-page.back", NULL, back_activated);
}

static void
sk_unlock_page_init (SkUnlockPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_state (self);
}

void
sk_unlock_page_set_path (SkUnlockPage *self,
                         const char   *path)
{
  g_return_if_fail (SK_IS_UNLOCK_PAGE (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  gtk_label_set_text (self->path_label, path);

  /* Reading the header is quick and needs no password: does the vault
   * have a keyring slot? Then the first unlock tries the keyring at
   * once (after a lock, only when asked: locking must stay locked). */
  g_free (sk_store_peek_vault_id (path, &self->has_keyring, NULL));
  gtk_widget_set_visible (self->keyring_button, self->has_keyring && !self->recovering);
  update_state (self);
  if (self->has_keyring && !self->busy)
    gtk_widget_activate_action (GTK_WIDGET (self), "unlock-page.unlock-keyring", NULL);
}

void
sk_unlock_page_reset (SkUnlockPage *self)
{
  g_return_if_fail (SK_IS_UNLOCK_PAGE (self));

  gtk_editable_set_text (self->password_row, "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
  if (self->path != NULL)
    {
      /* Turned on or off in Preferences since. */
      g_free (sk_store_peek_vault_id (self->path, &self->has_keyring, NULL));
    }
  set_recovering (self, FALSE);
}
