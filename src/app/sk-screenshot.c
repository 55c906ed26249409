/* sk-screenshot.c: taking a screenshot through the desktop portal
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-screenshot.h"

#define PORTAL_BUS_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH     "/org/freedesktop/portal/desktop"
#define PORTAL_IFACE    "org.freedesktop.portal.Screenshot"

static void
check_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) version = NULL;
  g_autoptr(GError) error = NULL;

  version = sk_portal_get_property_finish (result, &error);
  if (version == NULL)
    g_debug ("No screenshot portal: %s", error->message);
  g_task_return_boolean (task, version != NULL);
}

void
sk_screenshot_check_async (GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sk_screenshot_check_async);
  sk_portal_get_property_async (PORTAL_IFACE, "version", cancellable, check_done, task);
}

gboolean
sk_screenshot_check_finish (GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

typedef struct {
  GDBusConnection *bus;
  guint            response_id;
} TakeData;

static void
take_data_free (TakeData *data)
{
  if (data->response_id != 0)
    g_dbus_connection_signal_unsubscribe (data->bus, data->response_id);
  g_clear_object (&data->bus);
  g_free (data);
}

static void
on_response (GDBusConnection *connection,
             const char      *sender_name,
             const char      *object_path,
             const char      *interface_name,
             const char      *signal_name,
             GVariant        *parameters,
             gpointer         user_data)
{
  GTask *task = user_data;
  TakeData *data = g_task_get_task_data (task);
  g_autoptr(GVariant) results = NULL;
  const char *uri = NULL;
  guint32 response;

  g_dbus_connection_signal_unsubscribe (data->bus, data->response_id);
  data->response_id = 0;

  g_variant_get (parameters, "(u@a{sv})", &response, &results);
  if (response != 0)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The screenshot was cancelled"));
  else if (!g_variant_lookup (results, "uri", "&s", &uri))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The screenshot portal returned no picture"));
  else
    g_task_return_pointer (task, g_file_new_for_uri (uri), g_object_unref);
  g_object_unref (task);
}

static void
screenshot_called (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  TakeData *data = g_task_get_task_data (task);

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (data->response_id != 0)
        {
          /* The subscription holds a reference. */
          g_dbus_connection_signal_unsubscribe (data->bus, data->response_id);
          data->response_id = 0;
          g_object_unref (task);
        }
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

static void
take_bus_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *sender = NULL;
  g_autofree char *request_path = NULL;
  GVariantBuilder options;
  TakeData *data;
  GDBusConnection *bus;

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (TakeData, 1);
  data->bus = bus;
  g_task_set_task_data (task, data, (GDestroyNotify) take_data_free);

  /* Subscribe to the request's Response before calling, on the path the
   * portal will use, so the answer cannot be missed. */
  token = g_strdup_printf ("sparekey%u", g_random_int ());
  sender = g_strdelimit (g_strdup (g_dbus_connection_get_unique_name (bus) + 1), ".", '_');
  request_path = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", sender, token);
  data->response_id =
    g_dbus_connection_signal_subscribe (bus, PORTAL_BUS_NAME, "org.freedesktop.portal.Request",
                                        "Response", request_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_response, g_object_ref (task), NULL);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_variant_builder_add (&options, "{sv}", "interactive", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "modal", g_variant_new_boolean (TRUE));

  g_dbus_connection_call (bus, PORTAL_BUS_NAME, PORTAL_PATH, PORTAL_IFACE, "Screenshot",
                          g_variant_new ("(sa{sv})", "", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, G_MAXINT,
                          g_task_get_cancellable (task), screenshot_called,
                          g_object_ref (task));
}

void
sk_screenshot_take_async (GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sk_screenshot_take_async);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, take_bus_done, task);
}

GFile *
sk_screenshot_take_finish (GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
