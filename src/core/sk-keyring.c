/* sk-keyring.c: slot keys kept in the login keyring (the Secret Service)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>
#include <sodium.h>
#include <string.h>

#include "sparekey/sk-keyring.h"
#include "sparekey/sk-key-slot.h"
#include "sparekey/sk-store.h"

/* Long enough for a keyring daemon started on demand, short enough that
 * a hung one never keeps the user from the password. */
#define LOOKUP_TIMEOUT_MS  5000
/* Storing may wait for the desktop to ask for the keyring's password. */
#define STORE_TIMEOUT_MS   60000

/* The items: "sparekey-vault" names the vault's id, so a key opens only
 * the vault it was made for; "sparekey-slot" the key slot. The secret is
 * the slot key in hex. */
static const SecretSchema vault_key_schema = {
  APP_ID ".VaultKey", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "sparekey-vault", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "sparekey-slot", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

G_DEFINE_QUARK (sk-keyring-error-quark, sk_keyring_error)

void
sk_keyring_key_free (SkKeyringKey *key)
{
  if (key == NULL)
    return;
  g_free (key->slot_id);
  g_clear_pointer (&key->key, sk_secret_unref);
  g_free (key);
}

/*
 * The Secret Service is asked asynchronously in a private main context
 * that this thread iterates until the answer comes or the deadline
 * passes (then the call is cancelled): a synchronous libsecret call
 * would wait for D-Bus's 25 seconds per call, or forever on a prompt.
 */
typedef struct {
  GMainContext *context;
  GCancellable *cancellable;
  GAsyncResult *result;
  gint64        deadline;   /* monotonic µs */
  gboolean      timed_out;
} Call;

static void
call_init (Call *call,
           guint timeout_ms)
{
  memset (call, 0, sizeof *call);
  call->context = g_main_context_new ();
  call->cancellable = g_cancellable_new ();
  call->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  g_main_context_push_thread_default (call->context);
}

static void
call_clear (Call *call)
{
  g_main_context_pop_thread_default (call->context);
  g_clear_object (&call->result);
  g_clear_object (&call->cancellable);
  g_main_context_unref (call->context);
}

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->result = g_object_ref (result);
}

static gboolean
call_cancel (gpointer user_data)
{
  Call *call = user_data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->cancellable);
  return G_SOURCE_REMOVE;
}

/* Waits for the answer to the call just started (taken from
 * @call->result by the caller). */
static void
call_wait (Call *call)
{
  gint64 left = call->deadline - g_get_monotonic_time ();
  GSource *timeout;

  g_clear_object (&call->result);
  timeout = g_timeout_source_new ((guint) MAX (left / 1000, 0));
  g_source_set_callback (timeout, call_cancel, call, NULL);
  g_source_attach (timeout, call->context);
  while (call->result == NULL)
    g_main_context_iteration (call->context, TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

/* Turns libsecret's and D-Bus's errors into ours. */
static void
set_error (GError     **error,
           Call        *call,
           GError      *cause)
{
  if (call->timed_out)
    g_set_error_literal (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_UNAVAILABLE,
                         _("The login keyring did not answer in time"));
  else if (g_error_matches (cause, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    g_set_error_literal (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_LOCKED,
                         _("The login keyring is locked"));
  else if (cause != NULL && cause->domain == G_DBUS_ERROR)
    g_set_error (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_UNAVAILABLE,
                 _("The login keyring is not available: %s"), cause->message);
  else
    g_set_error (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_FAILED,
                 _("The login keyring refused: %s"), cause != NULL ? cause->message : "");
}

static SecretService *
open_service (Call    *call,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  SecretService *service;

  /* A private connection to the service each time: the shared one is
   * tied to the main context that first asked, and this may run in any
   * thread. */
  secret_service_open (SECRET_TYPE_SERVICE, NULL, SECRET_SERVICE_OPEN_SESSION,
                       call->cancellable, call_done, call);
  call_wait (call);
  service = secret_service_open_finish (call->result, &local_error);
  if (service == NULL)
    set_error (error, call, local_error);
  return service;
}

static GHashTable *
attributes_for (const char *vault_id,
                const char *slot_id)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "sparekey-vault", (gpointer) vault_id);
  if (slot_id != NULL)
    g_hash_table_insert (attributes, (gpointer) "sparekey-slot", (gpointer) slot_id);
  return attributes;
}

/* The slot key from the item's secret: 64 hex digits, into guarded
 * memory; NULL for anything else. */
static SkSecret *
key_from_value (SecretValue *value)
{
  g_autoptr(SkSecret) key = sk_secret_new (SK_KEYRING_KEY_BYTES);
  gsize len = 0, bin_len = 0;
  const char *hex = secret_value_get (value, &len);

  if (hex == NULL || len != SK_KEYRING_KEY_BYTES * 2 ||
      sodium_hex2bin (sk_secret_get_mutable (key), SK_KEYRING_KEY_BYTES, hex, len,
                      NULL, &bin_len, NULL) != 0 ||
      bin_len != SK_KEYRING_KEY_BYTES)
    return NULL;
  return g_steal_pointer (&key);
}

GPtrArray *
sk_keyring_lookup (const char  *vault_id,
                   GError     **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  Call call;

  g_return_val_if_fail (vault_id != NULL, NULL);

  call_init (&call, LOOKUP_TIMEOUT_MS);
  service = open_service (&call, error);
  if (service == NULL)
    {
      call_clear (&call);
      return NULL;
    }
  /* Without SECRET_SEARCH_UNLOCK: a locked keyring is reported, never
   * brought up in a prompt. */
  attributes = attributes_for (vault_id, NULL);
  for (guint attempt = 0; ; attempt++)
    {
      secret_service_search (service, &vault_key_schema, attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_LOAD_SECRETS,
                             call.cancellable, call_done, &call);
      call_wait (&call);
      items = secret_service_search_finish (service, call.result, &local_error);
      /* An item deleted between the search and the loading of its secret
       * (Preferences or another process turning the keyring off) fails
       * the whole search: search again, within the same deadline. */
      if (attempt < 3 && !call.timed_out &&
          (g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
           g_error_matches (local_error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT)))
        {
          g_clear_error (&local_error);
          continue;
        }
      break;
    }
  if (local_error != NULL)
    {
      set_error (error, &call, local_error);
      call_clear (&call);
      return NULL;
    }
  keys = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_keyring_key_free);
  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretItem *item = l->data;
      g_autoptr(GHashTable) item_attributes = secret_item_get_attributes (item);
      const char *slot = g_hash_table_lookup (item_attributes, "sparekey-slot");
      g_autoptr(SecretValue) value = secret_item_get_secret (item);
      SkKeyringKey *key;

      if (slot == NULL)
        continue;
      key = g_new0 (SkKeyringKey, 1);
      key->slot_id = g_strdup (slot);
      key->key = value != NULL && !secret_item_get_locked (item) ? key_from_value (value) : NULL;
      g_ptr_array_add (keys, key);
    }
  g_list_free_full (items, g_object_unref);
  call_clear (&call);
  return g_steal_pointer (&keys);
}

gboolean
sk_keyring_store (const char      *vault_id,
                  const char      *slot_id,
                  const char      *vault_path,
                  const SkSecret  *key,
                  GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(SkSecret) hex = NULL;
  g_autofree char *label = NULL;
  gboolean ok;
  Call call;

  g_return_val_if_fail (vault_id != NULL && slot_id != NULL && vault_path != NULL, FALSE);
  g_return_val_if_fail (key != NULL && sk_secret_get_size (key) == SK_KEYRING_KEY_BYTES, FALSE);

  hex = sk_secret_new (SK_KEYRING_KEY_BYTES * 2 + 1);
  sodium_bin2hex ((char *) sk_secret_get_mutable (hex), SK_KEYRING_KEY_BYTES * 2 + 1,
                  sk_secret_get_data (key), SK_KEYRING_KEY_BYTES);
  sk_secret_truncate (hex, SK_KEYRING_KEY_BYTES * 2);
  /* libsecret keeps the value in its own non-pageable memory. */
  value = secret_value_new (sk_secret_get_string (hex), SK_KEYRING_KEY_BYTES * 2, "text/plain");
  /* Translators: the name of the item in the login keyring, as Seahorse
   * ("Passwords and Keys") lists it; %s is the vault file */
  label = g_strdup_printf (_("Sparekey vault unlock key (%s)"), vault_path);

  call_init (&call, STORE_TIMEOUT_MS);
  service = open_service (&call, error);
  if (service == NULL)
    {
      call_clear (&call);
      return FALSE;
    }
  attributes = attributes_for (vault_id, slot_id);
  secret_service_store (service, &vault_key_schema, attributes, SECRET_COLLECTION_DEFAULT,
                        label, value, call.cancellable, call_done, &call);
  call_wait (&call);
  ok = secret_service_store_finish (service, call.result, &local_error);
  if (!ok)
    set_error (error, &call, local_error);
  call_clear (&call);
  return ok;
}

gboolean
sk_keyring_clear (const char  *vault_id,
                  const char  *slot_id,
                  guint       *n_removed,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SecretService) service = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  gboolean ok = TRUE;
  Call call;

  g_return_val_if_fail (vault_id != NULL, FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  call_init (&call, LOOKUP_TIMEOUT_MS);
  service = open_service (&call, error);
  if (service == NULL)
    {
      call_clear (&call);
      return FALSE;
    }
  attributes = attributes_for (vault_id, slot_id);
  secret_service_search (service, &vault_key_schema, attributes, SECRET_SEARCH_ALL,
                         call.cancellable, call_done, &call);
  call_wait (&call);
  items = secret_service_search_finish (service, call.result, &local_error);
  if (local_error != NULL)
    {
      set_error (error, &call, local_error);
      call_clear (&call);
      return FALSE;
    }
  for (GList *l = items; ok && l != NULL; l = l->next)
    {
      secret_item_delete (l->data, call.cancellable, call_done, &call);
      call_wait (&call);
      ok = secret_item_delete_finish (l->data, call.result, &local_error);
      if (!ok)
        set_error (error, &call, local_error);
      else if (n_removed != NULL)
        (*n_removed)++;
    }
  g_list_free_full (items, g_object_unref);
  call_clear (&call);
  return ok;
}

SkStore *
sk_keyring_open_vault (const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *vault_id = NULL;
  gboolean has_slot = FALSE;

  g_return_val_if_fail (path != NULL, NULL);

  vault_id = sk_store_peek_vault_id (path, &has_slot, error);
  if (vault_id == NULL || !has_slot)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_NOT_FOUND,
                             _("The login keyring does not unlock this vault"));
      return NULL;
    }
  keys = sk_keyring_lookup (vault_id, error);
  if (keys == NULL)
    return NULL;
  for (guint i = 0; i < keys->len; i++)
    {
      SkKeyringKey *key = keys->pdata[i];
      SkStore *store;

      if (key->key == NULL)
        continue;
      g_clear_error (&local_error);
      store = sk_store_open_with_key (path, key->key, &local_error);
      if (store != NULL)
        return store;
    }
  for (guint i = 0; i < keys->len; i++)
    if (((SkKeyringKey *) keys->pdata[i])->key == NULL)
      {
        g_set_error_literal (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_LOCKED,
                             _("The login keyring is locked"));
        return NULL;
      }
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error_literal (error, SK_KEYRING_ERROR, SK_KEYRING_ERROR_NOT_FOUND,
                         _("The login keyring of this computer holds no key for this vault"));
  return NULL;
}
