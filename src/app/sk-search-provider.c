/* sk-search-provider.c: answers GNOME Shell's search
 * (org.gnome.Shell.SearchProvider2)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sparekey/sparekey.h>

#include "sk-search-provider.h"
#include "sk-session.h"
#include "sk-window.h"

/*
 * While a window is unlocked, a search in the Activities overview lists
 * the accounts whose issuer or name holds every term (notes and tags are
 * not searched: they may say more than a name). A result shows the issuer
 * and the account name, never a code; activating it copies the code as
 * the copy button does, clipboard clearing included. While every window
 * is locked the provider answers nothing at all, not even names.
 *
 * Result ids are account UUIDs, which say nothing about the account.
 */

struct _SkSearchProvider
{
  GObject          parent_instance;

  GtkApplication  *application;   /* not owned */
  GDBusConnection *connection;
  guint            registration_id;
};

G_DEFINE_FINAL_TYPE (SkSearchProvider, sk_search_provider, G_TYPE_OBJECT)

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* Shell shows a handful; a long list only costs time. */
#define MAX_RESULTS 20

/* The session of an unlocked window, or NULL when all are locked. */
static SkSession *
unlocked_session (SkSearchProvider *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    if (SK_IS_WINDOW (l->data) && !sk_window_get_locked (l->data))
      return sk_window_get_session (l->data);
  return NULL;
}

static SkVault *
unlocked_vault (SkSearchProvider  *self,
                SkSession        **session_out)
{
  SkSession *session = unlocked_session (self);

  if (session_out != NULL)
    *session_out = session;
  return session != NULL ? sk_session_get_vault (session) : NULL;
}

/* Every term (normalized) appears in the issuer or the name. */
static gboolean
matches (SkAccount  *account,
         GPtrArray  *terms)
{
  g_autofree char *issuer = sk_search_normalize (sk_account_get_issuer (account));
  g_autofree char *name = sk_search_normalize (sk_account_get_name (account));

  for (guint i = 0; i < terms->len; i++)
    {
      const char *term = g_ptr_array_index (terms, i);

      if (strstr (issuer, term) == NULL && strstr (name, term) == NULL)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
normalized_terms (GVariant *terms)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GVariantIter) iter = NULL;
  const char *term;

  iter = g_variant_iter_new (terms);
  while (g_variant_iter_next (iter, "&s", &term))
    {
      char *normalized = sk_search_normalize (term);

      if (*g_strstrip (normalized) != '\0')
        g_ptr_array_add (out, normalized);
      else
        g_free (normalized);
    }
  return out;
}

/* The ids of the matching accounts; among @previous only, if given. */
static GVariant *
result_set (SkSearchProvider *self,
            GVariant         *terms,
            GVariant         *previous)
{
  g_autoptr(GPtrArray) words = normalized_terms (terms);
  g_autoptr(GHashTable) allowed = NULL;
  GVariantBuilder builder;
  SkVault *vault = unlocked_vault (self, NULL);
  guint found = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("as"));
  if (vault == NULL || words->len == 0)
    return g_variant_builder_end (&builder);

  if (previous != NULL)
    {
      g_autoptr(GVariantIter) iter = g_variant_iter_new (previous);
      const char *id;

      allowed = g_hash_table_new (g_str_hash, g_str_equal);
      while (g_variant_iter_next (iter, "&s", &id))
        g_hash_table_add (allowed, (gpointer) id);
    }

  for (guint i = 0; i < sk_vault_get_n_accounts (vault) && found < MAX_RESULTS; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (sk_vault_get_accounts (vault), i);
      const char *uuid = sk_account_get_uuid (account);

      if (allowed != NULL && !g_hash_table_contains (allowed, uuid))
        continue;
      if (matches (account, words))
        {
          g_variant_builder_add (&builder, "s", uuid);
          found++;
        }
    }
  return g_variant_builder_end (&builder);
}

static GVariant *
result_metas (SkSearchProvider *self,
              GVariant         *ids)
{
  g_autoptr(GVariantIter) iter = g_variant_iter_new (ids);
  GVariantBuilder builder;
  SkVault *vault = unlocked_vault (self, NULL);
  const char *id;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  while (vault != NULL && g_variant_iter_next (iter, "&s", &id))
    {
      SkAccount *account = sk_vault_lookup_account (vault, id);
      const char *issuer;
      const char *name;

      if (account == NULL)
        continue;
      issuer = sk_account_get_issuer (account);
      name = sk_account_get_name (account);
      g_variant_builder_open (&builder, G_VARIANT_TYPE ("a{sv}"));
      g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (id));
      /* Names come from files and QR codes: the Shell shows them as plain
       * text, and they are never markup here either. */
      g_variant_builder_add (&builder, "{sv}", "name",
                             g_variant_new_string (*issuer != '\0' ? issuer : name));
      g_variant_builder_add (&builder, "{sv}", "description",
                             g_variant_new_string (*issuer != '\0' ? name : ""));
      g_variant_builder_add (&builder, "{sv}", "gicon",
                             g_variant_new_string (APP_ID));
      g_variant_builder_close (&builder);
    }
  return g_variant_builder_end (&builder);
}

static void
activate_result (SkSearchProvider *self,
                 const char       *id)
{
  SkSession *session = NULL;
  SkVault *vault = unlocked_vault (self, &session);
  SkAccount *account = vault != NULL ? sk_vault_lookup_account (vault, id) : NULL;

  /* As a click on the row does: a HOTP account gives its next code. */
  if (account != NULL)
    sk_session_copy_code (session, account, TRUE, NULL);
}

static void
method_call (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  SkSearchProvider *self = user_data;

  /* Calls come on the main thread (the connection's context), so the
   * windows and the vault can be used directly. */
  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new_tuple ((GVariant *[]) { result_set (self, terms, NULL) }, 1));
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autoptr(GVariant) previous = g_variant_get_child_value (parameters, 0);
      g_autoptr(GVariant) terms = g_variant_get_child_value (parameters, 1);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new_tuple ((GVariant *[]) { result_set (self, terms, previous) }, 1));
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autoptr(GVariant) ids = g_variant_get_child_value (parameters, 0);

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new_tuple ((GVariant *[]) { result_metas (self, ids) }, 1));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *id = NULL;

      g_variant_get_child (parameters, 0, "&s", &id);
      activate_result (self, id);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_application_activate (G_APPLICATION (self->application));
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "Unknown method %s", method_name);
}

static const GDBusInterfaceVTable vtable = { method_call, NULL, NULL, { 0 } };

gboolean
sk_search_provider_register (SkSearchProvider *self,
                             GDBusConnection  *connection,
                             const char       *object_path,
                             GError          **error)
{
  g_autoptr(GDBusNodeInfo) info = NULL;

  g_return_val_if_fail (SK_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  info = g_dbus_node_info_new_for_xml (introspection_xml, error);
  if (info == NULL)
    return FALSE;
  self->registration_id = g_dbus_connection_register_object (connection, object_path,
                                                             info->interfaces[0], &vtable,
                                                             self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;
  self->connection = g_object_ref (connection);
  return TRUE;
}

void
sk_search_provider_unregister (SkSearchProvider *self)
{
  g_return_if_fail (SK_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}

static void
sk_search_provider_dispose (GObject *object)
{
  SkSearchProvider *self = SK_SEARCH_PROVIDER (object);

  sk_search_provider_unregister (self);

  G_OBJECT_CLASS (sk_search_provider_parent_class)->dispose (object);
}

static void
sk_search_provider_class_init (SkSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sk_search_provider_dispose;
}

static void
sk_search_provider_init (SkSearchProvider *self)
{
}

SkSearchProvider *
sk_search_provider_new (GtkApplication *application)
{
  SkSearchProvider *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (SK_TYPE_SEARCH_PROVIDER, NULL);
  self->application = application;
  return self;
}
