/* sk-session.c: the unlocked vault of a window, and what is done with it
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-import.h"
#include "sk-session.h"
#include "sk-settings.h"

/* Changes are written this long after the last of a burst (a wizard
 * storing twenty records, a merge, typing in a field that applies at
 * once), so one save and one backup cover them. */
#define SAVE_DELAY_MS 300
/* A sync tool or the CLI may write the file in several steps. */
#define RELOAD_DELAY_MS 250

struct _SkSession
{
  GObject             parent_instance;

  SkStore            *store;
  GSignalGroup       *vault_signals;
  GSignalGroup       *accounts_signals;
  GFileMonitor       *monitor;
  GCancellable       *cancellable;
  GSettings          *settings;

  guint               save_id;
  guint               changed_id;
  guint               reload_id;
  guint               saves_in_flight;
  gboolean            saving;
  gboolean            reload_wanted;   /* another writer saved during ours */

  GHashTable         *pending_deletes;   /* uuid -> AdwToast (borrowed) */

  GdkContentProvider *clipboard_content;
  guint               clipboard_clear_id;
};

G_DEFINE_FINAL_TYPE (SkSession, sk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_MESSAGE,
  SIGNAL_CHANGED,
  SIGNAL_SAVED,
  SIGNAL_PENDING_DELETES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Messages */

void
sk_session_message (SkSession *self,
                    AdwToast  *toast)
{
  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, toast);
  g_object_unref (toast);
}

void
sk_session_error (SkSession  *self,
                  const char *message)
{
  AdwToast *toast;

  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (message != NULL);

  toast = sk_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  sk_session_message (self, toast);
}

/* Saving */

static void
report_save_error (SkSession    *self,
                   const GError *error)
{
  AdwToast *toast = sk_toast_new_printf (_("Could not save the vault: %s"), error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  sk_session_message (self, toast);
  g_warning ("Saving the vault failed: %s", error->message);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(SkSession) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sk_store_save_finish (SK_STORE (source), result, &error);

  self->saves_in_flight--;
  /* Locked meanwhile: the lock saved whatever was left, synchronously. */
  if (self->store != SK_STORE (source))
    return;
  if (self->reload_wanted && self->saves_in_flight == 0)
    {
      self->reload_wanted = FALSE;
      sk_session_reload (self);
    }
  if (!ok)
    report_save_error (self, error);
  else
    g_signal_emit (self, signals[SIGNAL_SAVED], 0);
}

/* Changes are saved off the main thread: waiting for another writer's
 * lock, merging, the backup copy and fsync never hold up the window. */
static gboolean
save_cb (gpointer user_data)
{
  SkSession *self = user_data;

  self->save_id = 0;
  if (self->store == NULL || !sk_vault_get_dirty (sk_store_get_vault (self->store)))
    return G_SOURCE_REMOVE;
  self->saves_in_flight++;
  sk_store_save_async (self->store, self->cancellable, save_done, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

gboolean
sk_session_get_saving (SkSession *self)
{
  g_return_val_if_fail (SK_IS_SESSION (self), FALSE);

  return self->saves_in_flight > 0 || self->save_id != 0;
}

gboolean
sk_session_save (SkSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SK_IS_SESSION (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL)
    return FALSE;

  /* What a merge brought in from disk is saved already. */
  if (!sk_vault_get_dirty (sk_store_get_vault (self->store)))
    return TRUE;

  self->saving = TRUE;
  if (!sk_store_save (self->store, &error))
    {
      self->saving = FALSE;
      report_save_error (self, error);
      return FALSE;
    }
  self->saving = FALSE;
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;
}

static gboolean
changed_cb (gpointer user_data)
{
  SkSession *self = user_data;

  self->changed_id = 0;
  if (self->store != NULL)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

/* Every change the vault announces comes here: views hear of it once per
 * burst, the disk a moment later. */
static void
on_vault_changed (SkSession *self)
{
  if (self->store == NULL)
    return;
  if (self->changed_id == 0)
    self->changed_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 20, changed_cb, self, NULL);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
}

/* Other writers */

void
sk_session_reload (SkSession *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SK_IS_SESSION (self));

  g_clear_handle_id (&self->reload_id, g_source_remove);
  if (self->store == NULL)
    return;
  /* Our own save holds the lock: read the file when it is done (a save
   * merges what others wrote anyway). */
  if (self->saves_in_flight > 0)
    {
      self->reload_wanted = TRUE;
      return;
    }
  /* The merge announces what it changed through the vault's signals. */
  if (!sk_store_reload (self->store, &error) && error != NULL)
    g_debug ("Reading another writer's changes failed: %s", error->message);
}

static gboolean
reload_cb (gpointer user_data)
{
  SkSession *self = user_data;

  self->reload_id = 0;
  sk_session_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_file_changed (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other,
                 GFileMonitorEvent  event,
                 SkSession         *self)
{
  /* Our own saves end up here too; the store sees that the file is the
   * one it wrote and the reload does nothing. */
  if (self->saving)
    return;
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      g_clear_handle_id (&self->reload_id, g_source_remove);
      self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
      break;
    default:
      break;
    }
}

static void
watch_file (SkSession *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->monitor);
  if (self->store == NULL)
    return;
  /* The folder, not the file: saves replace the file by a rename. */
  file = g_file_new_for_path (sk_store_get_path (self->store));
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    {
      g_debug ("Cannot watch the vault for other writers: %s", error->message);
      return;
    }
  g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_file_changed), self, 0);
}

/* Clipboard */

static void
clear_clipboard_if_ours (SkSession *self)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_clear_handle_id (&self->clipboard_clear_id, g_source_remove);
  if (self->clipboard_content == NULL)
    return;

  /* Only if it still holds our code: the user may have copied something
   * else since. */
  if (display != NULL &&
      gdk_clipboard_get_content (gdk_display_get_clipboard (display)) == self->clipboard_content)
    gdk_clipboard_set_content (gdk_display_get_clipboard (display), NULL);
  g_clear_object (&self->clipboard_content);
}

static gboolean
clipboard_clear_cb (gpointer user_data)
{
  SkSession *self = user_data;

  self->clipboard_clear_id = 0;
  clear_clipboard_if_ours (self);
  return G_SOURCE_REMOVE;
}

void
sk_session_copy_text (SkSession  *self,
                      const char *code,
                      const char *account_name)
{
  sk_session_copy_text_in (self, code, account_name, NULL);
}

void
sk_session_copy_text_in (SkSession       *self,
                         const char      *code,
                         const char      *account_name,
                         AdwToastOverlay *overlay)
{
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  guint delay = g_settings_get_uint (self->settings, SK_SETTING_CLIPBOARD_DELAY);
  AdwToast *toast;

  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (code != NULL);

  g_clear_handle_id (&self->clipboard_clear_id, g_source_remove);
  g_clear_object (&self->clipboard_content);
  self->clipboard_content = gdk_content_provider_new_typed (G_TYPE_STRING, code);
  gdk_clipboard_set_content (clipboard, self->clipboard_content);

  /* The toast says whose code it is: with several accounts of one
   * service, the user knows which one went to the clipboard. */
  if (delay > 0)
    {
      self->clipboard_clear_id = g_timeout_add_seconds (delay, clipboard_clear_cb, self);
      if (account_name != NULL)
        toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Code of “%s” copied, cleared in %u second",
                                                   "Code of “%s” copied, cleared in %u seconds",
                                                   delay),
                                      account_name, delay);
      else
        toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Code copied, cleared from the clipboard in %u second",
                                                   "Code copied, cleared from the clipboard in %u seconds",
                                                   delay),
                                      delay);
    }
  else if (account_name != NULL)
    toast = sk_toast_new_printf (_("Code of “%s” copied"), account_name);
  else
    toast = sk_toast_new (_("Code copied"));
  adw_toast_set_timeout (toast, 2);
  if (overlay != NULL)
    sk_toast_overlay_add (overlay, toast);
  else
    sk_session_message (self, toast);
}

gboolean
sk_session_copy_code (SkSession *self,
                      SkAccount *account,
                      gboolean   advance_hotp,
                      char      *code_out)
{
  return sk_session_copy_code_in (self, account, advance_hotp, code_out, NULL);
}

gboolean
sk_session_copy_code_in (SkSession       *self,
                         SkAccount       *account,
                         gboolean         advance_hotp,
                         char            *code_out,
                         AdwToastOverlay *overlay)
{
  g_autoptr(GError) error = NULL;
  char code[SK_OTP_CODE_MAX];
  gboolean ok;

  g_return_val_if_fail (SK_IS_SESSION (self), FALSE);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), FALSE);

  if (self->store == NULL)
    return FALSE;

  if (sk_account_get_otp_type (account) == SK_OTP_HOTP)
    {
      if (!advance_hotp)
        return FALSE;
      ok = sk_account_next_hotp (account, code, &error);
    }
  else
    ok = sk_account_generate (account, sk_now_unix (), code, &error);
  if (!ok)
    {
      sk_session_error (self, error->message);
      return FALSE;
    }

  sk_account_set_last_used (account, g_get_real_time ());
  /* A moved counter is on disk before the code leaves, so that no code
   * is ever given twice. */
  if (sk_account_get_otp_type (account) == SK_OTP_HOTP && !sk_session_save (self))
    {
      sk_memzero_code (code);
      return FALSE;
    }
  sk_session_copy_text_in (self, code, sk_account_get_display_name (account), overlay);
  if (code_out != NULL)
    memcpy (code_out, code, sizeof code);
  sk_memzero_code (code);
  return TRUE;
}

/* Adding */

static gboolean
is_duplicate (SkVault   *vault,
              SkAccount *account)
{
  GListModel *accounts = sk_vault_get_accounts (vault);
  guint n = g_list_model_get_n_items (accounts);
  SkSecret *secret = sk_account_get_secret (account);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) other = g_list_model_get_item (accounts, i);
      SkSecret *other_secret = sk_account_get_secret (other);

      if (g_strcmp0 (sk_account_get_issuer (other), sk_account_get_issuer (account)) == 0 &&
          g_strcmp0 (sk_account_get_name (other), sk_account_get_name (account)) == 0 &&
          sk_account_get_otp_type (other) == sk_account_get_otp_type (account) &&
          secret != NULL && other_secret != NULL &&
          sk_secret_equal (secret, other_secret))
        return TRUE;
    }
  return FALSE;
}

guint
sk_session_add_accounts (SkSession *self,
                         GPtrArray *accounts)
{
  g_autoptr(GPtrArray) fresh = NULL;
  SkVault *vault;
  guint duplicates = 0;
  AdwToast *toast;

  g_return_val_if_fail (SK_IS_SESSION (self), 0);
  g_return_val_if_fail (accounts != NULL, 0);

  if (self->store == NULL)
    return 0;

  vault = sk_store_get_vault (self->store);
  fresh = g_ptr_array_new ();
  for (guint i = 0; i < accounts->len; i++)
    {
      SkAccount *account = g_ptr_array_index (accounts, i);

      if (is_duplicate (vault, account))
        duplicates++;
      else
        g_ptr_array_add (fresh, account);
    }

  /* The session saves them (off the main thread) right after. */
  if (fresh->len > 0)
    {
      /* The directory names the service and its category where the
       * account does not (the Add dialog may have named them already). */
      for (guint i = 0; i < fresh->len; i++)
        sk_services_prefill_account (vault, g_ptr_array_index (fresh, i));
      sk_vault_add_accounts (vault, (SkAccount **) fresh->pdata, fresh->len);
    }

  if (fresh->len == 1 && duplicates == 0)
    toast = sk_toast_new_printf (_("Added “%s”"),
                                  sk_account_get_display_name (g_ptr_array_index (fresh, 0)));
  else if (duplicates == 0)
    toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE, "Added %u account",
                                               "Added %u accounts", fresh->len),
                                  fresh->len);
  else if (fresh->len == 0)
    toast = sk_toast_new (g_dngettext (GETTEXT_PACKAGE, "This account is already in the vault",
                                        "These accounts are already in the vault",
                                        duplicates));
  else
    /* Translators: "Added 3 accounts, 2 were already in the vault" */
    toast = sk_toast_new_printf (_("Added %u, skipped %u already in the vault"),
                                  fresh->len, duplicates);
  adw_toast_set_timeout (toast, 3);
  sk_session_message (self, toast);

  return fresh->len;
}

static void
import_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SkSession) self = user_data;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;

  accounts = sk_import_finish (result, &error);

  if (self->store == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (accounts == NULL)
    {
      sk_session_error (self, error->message);
      return;
    }
  sk_session_add_accounts (self, accounts);
}

void
sk_session_import_file (SkSession *self,
                        GFile     *file)
{
  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->store != NULL)
    sk_import_file_async (file, self->cancellable, import_done, g_object_ref (self));
}

void
sk_session_import_texture (SkSession  *self,
                           GdkTexture *texture)
{
  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (GDK_IS_TEXTURE (texture));

  if (self->store != NULL)
    sk_import_texture_async (texture, self->cancellable, import_done, g_object_ref (self));
}

void
sk_session_import_text (SkSession  *self,
                        const char *text)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (text != NULL);

  if (self->store == NULL)
    return;
  if (!sk_import_text (text, accounts, &error))
    {
      sk_session_error (self, error->message);
      return;
    }
  sk_session_add_accounts (self, accounts);
}

/* Deleting: the account is hidden at once and deleted when its undo toast
 * goes. The toast names the account by its id only, so a toast still on
 * screen keeps no account (and no secret) alive after the lock. */

static void
commit_delete (SkSession  *self,
               const char *uuid)
{
  SkAccount *account;

  if (!g_hash_table_remove (self->pending_deletes, uuid))
    return;
  if (self->store == NULL)
    return;
  account = sk_vault_lookup_account (sk_store_get_vault (self->store), uuid);
  if (account != NULL)
    sk_vault_remove_account (sk_store_get_vault (self->store), account);
}

static void
on_delete_toast_dismissed (AdwToast  *toast,
                           SkSession *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (toast), "account-uuid");

  if (uuid != NULL && g_hash_table_lookup (self->pending_deletes, uuid) == toast)
    commit_delete (self, uuid);
}

static void
on_delete_undo (AdwToast  *toast,
                SkSession *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (toast), "account-uuid");

  if (uuid != NULL && g_hash_table_remove (self->pending_deletes, uuid))
    g_signal_emit (self, signals[SIGNAL_PENDING_DELETES_CHANGED], 0);
}

void
sk_session_delete_account (SkSession *self,
                           SkAccount *account)
{
  const char *uuid;
  AdwToast *toast;

  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (SK_IS_ACCOUNT (account));

  uuid = sk_account_get_uuid (account);
  if (self->store == NULL || g_hash_table_contains (self->pending_deletes, uuid))
    return;

  toast = sk_toast_new_printf (_("Deleted “%s”"), sk_account_get_display_name (account));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, 8);
  g_object_set_data_full (G_OBJECT (toast), "account-uuid", g_strdup (uuid), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_delete_undo), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);

  g_hash_table_insert (self->pending_deletes, g_strdup (uuid), toast);
  g_signal_emit (self, signals[SIGNAL_PENDING_DELETES_CHANGED], 0);
  sk_session_message (self, toast);
}

gboolean
sk_session_is_pending_delete (SkSession *self,
                              SkAccount *account)
{
  g_return_val_if_fail (SK_IS_SESSION (self), FALSE);

  return g_hash_table_size (self->pending_deletes) > 0 &&
         g_hash_table_contains (self->pending_deletes, sk_account_get_uuid (account));
}

guint
sk_session_get_n_pending_deletes (SkSession *self)
{
  g_return_val_if_fail (SK_IS_SESSION (self), 0);

  return g_hash_table_size (self->pending_deletes);
}

/* Store */

static void
apply_backup_settings (SkSession *self)
{
  g_autofree char *dir = NULL;

  if (self->store == NULL)
    return;

  dir = g_settings_get_string (self->settings, SK_SETTING_BACKUP_DIR);
  if (dir != NULL && *dir != '\0')
    sk_store_set_backup_dir (self->store, dir);
  sk_store_set_backup_keep (self->store, g_settings_get_uint (self->settings, SK_SETTING_BACKUP_KEEP));
}

static void
set_store (SkSession *self,
           SkStore   *store)
{
  SkVault *vault = store != NULL ? sk_store_get_vault (store) : NULL;

  if (self->store == store)
    return;

  if (self->store != NULL)
    {
      g_autoptr(GList) pending = g_hash_table_get_keys (self->pending_deletes);
      g_autoptr(GPtrArray) uuids = g_ptr_array_new_with_free_func (g_free);

      /* Finish what the user asked for before the secrets go. */
      for (GList *l = pending; l; l = l->next)
        g_ptr_array_add (uuids, g_strdup (l->data));
      for (guint i = 0; i < uuids->len; i++)
        commit_delete (self, uuids->pdata[i]);
      sk_session_save (self);

      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      clear_clipboard_if_ours (self);
      g_clear_handle_id (&self->save_id, g_source_remove);
      g_clear_handle_id (&self->changed_id, g_source_remove);
      g_clear_handle_id (&self->reload_id, g_source_remove);
      g_clear_object (&self->monitor);
    }

  g_signal_group_set_target (self->vault_signals, vault);
  g_signal_group_set_target (self->accounts_signals, vault != NULL ? sk_vault_get_accounts (vault) : NULL);
  g_set_object (&self->store, store);
  g_hash_table_remove_all (self->pending_deletes);

  if (store != NULL)
    {
      self->cancellable = g_cancellable_new ();
      apply_backup_settings (self);
      watch_file (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

void
sk_session_unlock (SkSession *self,
                   SkStore   *store)
{
  g_return_if_fail (SK_IS_SESSION (self));
  g_return_if_fail (SK_IS_STORE (store));

  set_store (self, store);
}

void
sk_session_lock (SkSession *self)
{
  g_return_if_fail (SK_IS_SESSION (self));

  set_store (self, NULL);
}

SkStore *
sk_session_get_store (SkSession *self)
{
  g_return_val_if_fail (SK_IS_SESSION (self), NULL);

  return self->store;
}

SkVault *
sk_session_get_vault (SkSession *self)
{
  g_return_val_if_fail (SK_IS_SESSION (self), NULL);

  return self->store != NULL ? sk_store_get_vault (self->store) : NULL;
}

gboolean
sk_session_get_locked (SkSession *self)
{
  g_return_val_if_fail (SK_IS_SESSION (self), TRUE);

  return self->store == NULL;
}

/* GObject */

static void
sk_session_dispose (GObject *object)
{
  SkSession *self = SK_SESSION (object);

  set_store (self, NULL);
  g_clear_object (&self->vault_signals);
  g_clear_object (&self->accounts_signals);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sk_session_parent_class)->dispose (object);
}

static void
sk_session_finalize (GObject *object)
{
  SkSession *self = SK_SESSION (object);

  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);

  G_OBJECT_CLASS (sk_session_parent_class)->finalize (object);
}

static void
sk_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SkSession *self = SK_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->store == NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_session_class_init (SkSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_session_dispose;
  object_class->finalize = sk_session_finalize;
  object_class->get_property = sk_session_get_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SK_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PENDING_DELETES_CHANGED] =
    g_signal_new ("pending-deletes-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sk_session_init (SkSession *self)
{
  self->settings = g_object_ref (sk_settings ());
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  self->vault_signals = g_signal_group_new (SK_TYPE_VAULT);
  g_signal_group_connect_swapped (self->vault_signals, "account-changed",
                                  G_CALLBACK (on_vault_changed), self);
  g_signal_group_connect_swapped (self->vault_signals, "record-changed",
                                  G_CALLBACK (on_vault_changed), self);
  g_signal_group_connect_swapped (self->vault_signals, "section-changed",
                                  G_CALLBACK (on_vault_changed), self);
  self->accounts_signals = g_signal_group_new (G_TYPE_LIST_MODEL);
  g_signal_group_connect_swapped (self->accounts_signals, "items-changed",
                                  G_CALLBACK (on_vault_changed), self);

  g_signal_connect_object (self->settings, "changed::" SK_SETTING_BACKUP_DIR,
                           G_CALLBACK (apply_backup_settings), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" SK_SETTING_BACKUP_KEEP,
                           G_CALLBACK (apply_backup_settings), self, G_CONNECT_SWAPPED);
}

SkSession *
sk_session_new (void)
{
  return g_object_new (SK_TYPE_SESSION, NULL);
}
