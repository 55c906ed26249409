/* sk-application.c: the Sparekey application object
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-application.h"
#include "sk-session.h"
#include "sk-settings.h"
#include "sk-preferences-window.h"
#include "sk-resources.h"
#include "sk-search-provider.h"
#include "sk-window.h"

struct _SkApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GCancellable   *cancellable;
  GDBusConnection *session_bus;
  GDBusConnection *system_bus;
  guint           screensaver_gnome_id;
  guint           screensaver_fdo_id;
  guint           logind_lock_id;
  /* --check-audits: no window, only the notification. */
  gboolean        background;
  guint           linger_id;
  /* Auto-lock: the idle clock at the last input in any window. */
  gint64          last_activity;
  guint           idle_check_id;
  /* GNOME Shell's search, on the application's own bus name. */
  SkSearchProvider *search_provider;
};

/* How often the idle time is checked against the auto-lock delay. */
#define IDLE_CHECK_SECONDS 5

/* After --check-audits sent its notification, the process stays this
 * long so that a click on it (the freedesktop notification server
 * tells the sender) still opens the audit list. */
#define CHECK_AUDITS_LINGER_SECONDS (10 * 60)

G_DEFINE_FINAL_TYPE (SkApplication, sk_application, ADW_TYPE_APPLICATION)

static SkApplication *default_app;

GSettings *
sk_application_get_settings (SkApplication *self)
{
  g_return_val_if_fail (SK_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* Returns whether a window was unlocked. */
static gboolean
lock_all_windows (SkApplication *self)
{
  gboolean locked_any = FALSE;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (SK_IS_WINDOW (l->data) && !sk_window_get_locked (SK_WINDOW (l->data)))
      {
        sk_window_lock (SK_WINDOW (l->data));
        locked_any = TRUE;
      }
  return locked_any;
}

/* Auto-lock ---------------------------------------------------------------- */

/* Idle time goes on while the computer sleeps: CLOCK_BOOTTIME counts
 * suspend, where g_get_monotonic_time() (CLOCK_MONOTONIC) stops, and a
 * laptop woken after an hour must lock at the first check. */
static gint64
idle_clock (void)
{
#ifdef CLOCK_BOOTTIME
  struct timespec ts;

  if (clock_gettime (CLOCK_BOOTTIME, &ts) == 0)
    return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
#endif
  return g_get_monotonic_time ();
}

gint64
sk_application_get_last_activity (SkApplication *self)
{
  g_return_val_if_fail (SK_IS_APPLICATION (self), 0);

  return self->last_activity;
}

void
sk_application_note_activity (SkApplication *self)
{
  g_return_if_fail (SK_IS_APPLICATION (self));

  self->last_activity = idle_clock ();
}

gboolean
sk_application_check_idle (SkApplication *self,
                           gint64         now)
{
  guint minutes;
  gint64 idle;

  g_return_val_if_fail (SK_IS_APPLICATION (self), FALSE);

  minutes = g_settings_get_uint (self->settings, SK_SETTING_AUTO_LOCK_DELAY);
  idle = now - self->last_activity;
  if (minutes == 0 || idle < (gint64) minutes * 60 * G_USEC_PER_SEC)
    return FALSE;
  if (!lock_all_windows (self))
    return FALSE;
  g_debug ("Idle for %" G_GINT64_FORMAT " s: locked", idle / G_USEC_PER_SEC);
  return TRUE;
}

static gboolean
idle_check_cb (gpointer user_data)
{
  SkApplication *self = user_data;

  sk_application_check_idle (self, idle_clock ());
  return G_SOURCE_CONTINUE;
}

/* Only what a person does counts: a window appearing, a redraw or a
 * focus change must not keep the vault open. */
static gboolean
on_window_event (GtkEventControllerLegacy *controller,
                 GdkEvent                 *event,
                 SkApplication            *self)
{
  switch ((int) gdk_event_get_event_type (event))
    {
    case GDK_MOTION_NOTIFY:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_KEY_PRESS:
    case GDK_KEY_RELEASE:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
    case GDK_TOUCH_END:
    case GDK_TOUCHPAD_SWIPE:
    case GDK_TOUCHPAD_PINCH:
    case GDK_TOUCHPAD_HOLD:
    case GDK_PAD_BUTTON_PRESS:
    case GDK_PAD_RING:
    case GDK_PAD_STRIP:
    case GDK_DRAG_MOTION:
    case GDK_DROP_START:
      self->last_activity = idle_clock ();
      break;
    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
watch_window (SkApplication *self,
              GtkWindow     *window)
{
  GtkEventController *legacy;

  if (g_object_get_data (G_OBJECT (window), "sk-activity-watch") != NULL)
    return;
  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect_object (legacy, "event", G_CALLBACK (on_window_event), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), legacy);
  g_object_set_data (G_OBJECT (window), "sk-activity-watch", legacy);
}

/* Dialogs are transient windows, not windows of the GtkApplication (its
 * list and window-added only see the main window): the list of all
 * toplevels is what has every dialog, the preferences and the wizard. */
static void
on_toplevels_changed (SkApplication *self,
                      guint          position,
                      guint          removed,
                      guint          added,
                      GListModel    *toplevels)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      watch_window (self, window);
    }
}

static void
watch_activity (SkApplication *self)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  self->last_activity = idle_clock ();
  g_signal_connect_object (toplevels, "items-changed", G_CALLBACK (on_toplevels_changed), self,
                           G_CONNECT_SWAPPED);
  on_toplevels_changed (self, 0, 0, g_list_model_get_n_items (toplevels), toplevels);
  self->idle_check_id = g_timeout_add_seconds (IDLE_CHECK_SECONDS, idle_check_cb, self);
}

/* Locks when the session says the screen got locked. */
static void
on_screen_locked (GDBusConnection *connection,
                  const char      *sender_name,
                  const char      *object_path,
                  const char      *interface_name,
                  const char      *signal_name,
                  GVariant        *parameters,
                  gpointer         user_data)
{
  SkApplication *self = user_data;
  gboolean active = TRUE;

  if (g_str_equal (signal_name, "ActiveChanged"))
    {
      if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
        return;
      g_variant_get (parameters, "(b)", &active);
    }

  if (active && g_settings_get_boolean (self->settings, SK_SETTING_LOCK_ON_SCREEN_LOCK))
    {
      g_debug ("Screen locked (%s.%s): locking the vault", interface_name, signal_name);
      lock_all_windows (self);
    }
}

static void
on_logind_session (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SkApplication) self = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  const char *path = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_debug ("No logind session to watch: %s", error->message);
      return;
    }
  if (self->system_bus == NULL)
    return;

  g_variant_get (reply, "(&o)", &path);
  self->logind_lock_id =
    g_dbus_connection_signal_subscribe (self->system_bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Session",
                                        "Lock", path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_screen_locked, self, NULL);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(SkApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      g_debug ("No system bus: %s", error->message);
      return;
    }
  self->system_bus = bus;
  g_dbus_connection_call (bus, "org.freedesktop.login1", "/org/freedesktop/login1",
                          "org.freedesktop.login1.Manager", "GetSessionByPID",
                          g_variant_new ("(u)", (guint32) getpid ()),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          -1, self->cancellable, on_logind_session, g_object_ref (self));
}

static void
on_session_bus (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SkApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      g_debug ("No session bus: %s", error->message);
      return;
    }
  self->session_bus = bus;
  self->screensaver_gnome_id =
    g_dbus_connection_signal_subscribe (bus, NULL, "org.gnome.ScreenSaver",
                                        "ActiveChanged", "/org/gnome/ScreenSaver", NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_screen_locked, self, NULL);
  self->screensaver_fdo_id =
    g_dbus_connection_signal_subscribe (bus, NULL, "org.freedesktop.ScreenSaver",
                                        "ActiveChanged", NULL, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        on_screen_locked, self, NULL);
}

/* Best effort, and off the path to the first frame: both buses are
 * reached asynchronously. */
static void
watch_screen_lock (SkApplication *self)
{
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_session_bus, g_object_ref (self));
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, on_system_bus, g_object_ref (self));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SkApplication *self = user_data;

  lock_all_windows (self);
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SkApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Sparekey authors", NULL };
  g_autofree char *debug_info = NULL;
  GskRenderer *renderer = parent != NULL ? gtk_native_get_renderer (GTK_NATIVE (parent)) : NULL;
  const char *gl = sk_app_get_gl_renderer ();
  const char *gsk_renderer = g_getenv ("GSK_RENDERER");

  /* For a bug report: not translated, like a log. */
  debug_info = g_strdup_printf ("Sparekey %s\nGTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u\n"
                                "Display: %s\nRenderer: %s\nOpenGL: %s\nGSK_RENDERER: %s\n",
                                PACKAGE_VERSION,
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                                glib_major_version, glib_minor_version, glib_micro_version,
                                G_OBJECT_TYPE_NAME (gdk_display_get_default ()),
                                renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none",
                                gl != NULL ? gl
                                : gsk_renderer != NULL ? "not asked (GSK_RENDERER is set)"
                                : "unavailable",
                                gsk_renderer != NULL ? gsk_renderer : "unset");

  adw_show_about_window (parent,
                         "application-name", _("Sparekey"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Two-factor codes, backup codes and account recovery"),
                         "developers", developers,
                         "copyright", "© 2026 The Sparekey authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         "debug-info", debug_info,
                         "debug-info-filename", "sparekey-debug-info.txt",
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SkApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SkPreferencesWindow *prefs;

  sk_app_choose_renderer ();

  prefs = sk_preferences_window_new (parent, SK_IS_WINDOW (parent) ?
                                     sk_window_get_session (SK_WINDOW (parent)) : NULL);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
stop_lingering (SkApplication *self)
{
  if (self->linger_id != 0)
    {
      g_clear_handle_id (&self->linger_id, g_source_remove);
      g_application_release (G_APPLICATION (self));
    }
}

static gboolean
linger_done_cb (gpointer user_data)
{
  SkApplication *self = user_data;

  self->linger_id = 0;
  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static SkWindow *
get_or_create_window (SkApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!SK_IS_WINDOW (window))
    {
      window = GTK_WINDOW (sk_window_new (GTK_APPLICATION (self)));
      /* The idle time starts at the unlock, not when the unlock page
       * appeared. */
      g_signal_connect_object (sk_window_get_session (SK_WINDOW (window)), "notify::locked",
                               G_CALLBACK (sk_application_note_activity), self, G_CONNECT_SWAPPED);
    }
  return SK_WINDOW (window);
}

/* A notification's click: the window, then @show in it (after the
 * password when locked). */
static void
present_and_show (SkApplication *self,
                  void         (*show) (SkWindow *window))
{
  SkWindow *window;

  self->background = FALSE;
  window = get_or_create_window (self);
  show (window);
  gtk_window_present (GTK_WINDOW (window));
  /* The window holds the application now. */
  stop_lingering (self);
}

static void
show_audits_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  present_and_show (user_data, sk_window_show_audits);
}

static void
show_recovery_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  present_and_show (user_data, sk_window_show_recovery);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "show-audits", show_audits_activated },
  { "show-recovery", show_recovery_activated },
};

/*
 * --check-audits, run by the autostart entry at login: reads only the
 * reminder file beside the vault (due dates, no names), so it needs no
 * password and opens no window. It also tells when a lost-phone appeal
 * is due for escalation. Returns whether a notification went out.
 */
static gboolean
check_audits (SkApplication *self)
{
  g_autofree char *path = sk_store_default_path ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) escalation = NULL;
  g_autoptr(GError) error = NULL;
  gboolean sent = FALSE;

  /* Names stay in the vault: the notifications say only what is due. */
  if (sk_reminders_load_due (path, now, &error))
    {
      g_autoptr(GNotification) notification = g_notification_new (_("Time for the Quarterly Check"));

      g_notification_set_body (notification,
                               _("Some accounts are due for a check of their bindings and recovery codes."));
      g_notification_set_default_action (notification, "app.show-audits");
      g_notification_add_button (notification, _("Review"), "app.show-audits");
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_NORMAL);
      g_application_send_notification (G_APPLICATION (self), "audits-due", notification);
      sent = TRUE;
    }
  else if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* A lost-phone appeal that has gone unanswered: the same reminder file
   * holds only the time to escalate. Clicking opens Sparekey, whose
   * recovery wizard resumes on the letter and names the next channel. */
  escalation = sk_reminders_load_escalation (path, &error);
  if (escalation != NULL && g_date_time_compare (escalation, now) <= 0)
    {
      g_autoptr(GNotification) notification = g_notification_new (_("No Answer to Your Appeal"));

      g_notification_set_body (notification,
                               _("The service has not answered in time. Open Sparekey to see the next way to reach its support."));
      g_notification_set_default_action (notification, "app.show-recovery");
      g_notification_add_button (notification, _("Next Step"), "app.show-recovery");
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      g_application_send_notification (G_APPLICATION (self), "appeal-escalation", notification);
      sent = TRUE;
    }
  else if (error != NULL)
    g_printerr ("%s\n", error->message);

  return sent;
}

static int
sk_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  SkApplication *self = SK_APPLICATION (app);
  g_autoptr(GError) error = NULL;

  if (!g_variant_dict_contains (options, "check-audits"))
    return -1;

  if (!g_application_register (app, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (!check_audits (self))
    return 0;

  if (g_application_get_is_remote (app))
    {
      /* Sparekey is running already: its window has the banner. */
      GDBusConnection *bus = g_application_get_dbus_connection (app);

      if (bus != NULL)
        g_dbus_connection_flush_sync (bus, NULL, NULL);
      return 0;
    }

  self->background = TRUE;
  g_application_hold (app);
  self->linger_id = g_timeout_add_seconds (CHECK_AUDITS_LINGER_SECONDS, linger_done_cb, self);
  /* Go on into the main loop; activate() opens no window in the
   * background. */
  return -1;
}

static void
sk_application_activate (GApplication *app)
{
  SkApplication *self = SK_APPLICATION (app);
  GtkWindow *window;

  /* The first activation of a --check-audits run: stay in the
   * background. Starting Sparekey again later activates for real. */
  if (self->background)
    {
      self->background = FALSE;
      return;
    }

  window = GTK_WINDOW (get_or_create_window (self));
  stop_lingering (self);
  gtk_window_present (window);
}

static void
sk_application_startup (GApplication *app)
{
  SkApplication *self = SK_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  /* What GtkApplication sets for a help overlay it finds itself; the
   * window loads ours after its first frame (sk-window.c). */
  static const char *help_accels[] = { "<Control>question", NULL };

  G_APPLICATION_CLASS (sk_application_parent_class)->startup (app);
  sk_app_keep_tooltips_whole ();
  sk_app_keep_rows_plain ();
  sk_app_fix_accessible_names ();

  self->settings = g_object_ref (sk_settings ());

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);

  watch_screen_lock (self);
  watch_activity (self);
}

static void
sk_application_shutdown (GApplication *app)
{
  SkApplication *self = SK_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->session_bus != NULL)
    {
      if (self->screensaver_gnome_id)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_gnome_id);
      if (self->screensaver_fdo_id)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->screensaver_fdo_id);
    }
  if (self->system_bus != NULL && self->logind_lock_id)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->logind_lock_id);
  self->screensaver_gnome_id = self->screensaver_fdo_id = self->logind_lock_id = 0;
  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);

  g_clear_handle_id (&self->linger_id, g_source_remove);
  g_clear_handle_id (&self->idle_check_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (gtk_window_get_toplevels (), self);

  G_APPLICATION_CLASS (sk_application_parent_class)->shutdown (app);
}

static gboolean
sk_application_dbus_register (GApplication     *app,
                              GDBusConnection  *connection,
                              const char       *object_path,
                              GError          **error)
{
  SkApplication *self = SK_APPLICATION (app);

  if (!G_APPLICATION_CLASS (sk_application_parent_class)->dbus_register (app, connection,
                                                                         object_path, error))
    return FALSE;
  if (self->search_provider == NULL)
    self->search_provider = sk_search_provider_new (GTK_APPLICATION (self));
  return sk_search_provider_register (self->search_provider, connection,
                                      SK_SEARCH_PROVIDER_PATH, error);
}

static void
sk_application_dbus_unregister (GApplication    *app,
                                GDBusConnection *connection,
                                const char      *object_path)
{
  SkApplication *self = SK_APPLICATION (app);

  if (self->search_provider != NULL)
    sk_search_provider_unregister (self->search_provider);
  G_APPLICATION_CLASS (sk_application_parent_class)->dbus_unregister (app, connection, object_path);
}

static void
sk_application_finalize (GObject *object)
{
  SkApplication *self = SK_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->search_provider);
  if (default_app == self)
    default_app = NULL;

  G_OBJECT_CLASS (sk_application_parent_class)->finalize (object);
}

static void
sk_application_class_init (SkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = sk_application_finalize;
  app_class->activate = sk_application_activate;
  app_class->startup = sk_application_startup;
  app_class->shutdown = sk_application_shutdown;
  app_class->handle_local_options = sk_application_handle_local_options;
  app_class->dbus_register = sk_application_dbus_register;
  app_class->dbus_unregister = sk_application_dbus_unregister;

  /* Make sure the compiled-in resources are linked in (and registered). */
  (void) sk_get_resource ();
}

static void
sk_application_init (SkApplication *self)
{
  static const GOptionEntry entries[] = {
    { "check-audits", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Notify if an account is due for its regular check, without unlocking, then quit"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  default_app = self;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

SkApplication *
sk_application_new (void)
{
  return g_object_new (SK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/sparekey/Sparekey",
                       NULL);
}
