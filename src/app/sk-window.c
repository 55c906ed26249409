/* sk-window.c: the main window: create, unlock, and the codes list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-accounts-page.h"
#include "sk-app-util.h"
#include "sk-create-page.h"
#include "sk-export-dialog.h"
#include "sk-import-dialog.h"
#include "sk-inventory-page.h"
#include "sk-kit-print.h"
#include "sk-recovery-page.h"
#include "sk-recovery-wizard.h"
#include "sk-restore-dialog.h"
#include "sk-preferences-window.h"
#include "sk-session.h"
#include "sk-unlock-page.h"
#include "sk-window.h"
#include "sk-settings.h"

struct _SkWindow
{
  AdwApplicationWindow  parent_instance;

  SkSession            *session;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  SkCreatePage         *create_page;
  SkUnlockPage         *unlock_page;
  SkAccountsPage       *accounts_page;
  SkInventoryPage      *inventory_page;
  GtkRevealer          *recovery_banner;
  GtkLabel             *recovery_label;
  AdwViewStack         *main_stack;
  AdwViewStackPage     *recovery_stack_page;
  SkRecoveryPage       *recovery_page;
  AdwViewSwitcherBar   *switcher_bar;

  GSettings            *settings;
  char                 *path;
  guint                 help_overlay_id;
  gboolean              audits_after_unlock;
  gboolean              recovery_after_unlock;
};

G_DEFINE_FINAL_TYPE (SkWindow, sk_window, ADW_TYPE_APPLICATION_WINDOW)

/* The banner under the codes and the inventory while a recovery is under
 * way: how far it is, and "Continue" back to the wizard. The recovery
 * page says the same in its own words, or offers to start one. */
static void
update_banner (SkWindow *self)
{
  SkStore *store;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autofree char *text = NULL;
  const char *page;
  guint n_done = 0;

  /* The vault's pages are made when it opens, the recovery page last. */
  if (self->recovery_stack_page == NULL || self->session == NULL)
    return;
  store = sk_session_get_store (self->session);
  page = sk_window_get_page_name (self);
  if (store != NULL)
    recovery = sk_recovery_get_case (sk_store_get_vault (store));
  gtk_revealer_set_reveal_child (self->recovery_banner,
                                 recovery != NULL &&
                                 (g_strcmp0 (page, "accounts") == 0 || g_strcmp0 (page, "inventory") == 0));
  adw_view_stack_page_set_needs_attention (self->recovery_stack_page, recovery != NULL);
  if (recovery == NULL)
    {
      sk_recovery_page_set_progress (self->recovery_page, 0, 0);
      return;
    }
  plan = sk_recovery_plan (sk_store_get_vault (store), recovery);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];

      if (item->n_done >= item->n_needed)
        n_done++;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Recovery under way — %u of %u account done",
                                       "Recovery under way — %u of %u accounts done", plan->len),
                          n_done, plan->len);
  gtk_label_set_text (self->recovery_label, text);
  sk_recovery_page_set_progress (self->recovery_page, n_done, plan->len);
}

/* The bottom switcher takes over when the header bar of the page in view
 * has no room for its own. */
static void
update_switcher_bar (SkWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->main_stack);
  AdwViewSwitcherTitle *title;

  if (self->recovery_stack_page == NULL)
    return;
  title = sk_recovery_page_get_switcher_title (self->recovery_page);
  if (g_strcmp0 (page, "accounts") == 0)
    title = sk_accounts_page_get_switcher_title (self->accounts_page);
  else if (g_strcmp0 (page, "inventory") == 0)
    title = sk_inventory_page_get_switcher_title (self->inventory_page);
  adw_view_switcher_bar_set_reveal (self->switcher_bar, adw_view_switcher_title_get_title_visible (title));
}

static void
on_main_page_changed (SkWindow *self)
{
  update_banner (self);
  update_switcher_bar (self);
}

static void on_created (SkWindow *self,
                        SkStore  *store);

static void on_opened (SkWindow   *self,
                       const char *path);

/*
 * Start-up: before the first frame the window builds, styles and
 * measures the unlock page only (and the empty frame of the vault's
 * pages: their switcher bar and the recovery banner). The create page is
 * made when there is no vault; the codes list, the inventory and the
 * recovery page when the vault is open (or when something asks for
 * them); the stack sizes itself by the page in view. (The pages are not
 * kept hidden until shown: GTK 4.8 does not tell a screen reader about a
 * stack page that becomes visible later.)
 */
static void
add_page (SkWindow   *self,
          GtkWidget  *page,
          const char *name)
{
  gtk_stack_add_named (self->stack, page, name);
  /* The window fixed what it held when it was mapped; this page came
   * later. */
  sk_app_fix_accessible_tree (page);
}

static void
ensure_create_page (SkWindow *self)
{
  if (self->create_page != NULL)
    return;
  self->create_page = g_object_new (SK_TYPE_CREATE_PAGE, NULL);
  sk_create_page_set_path (self->create_page, self->path);
  g_signal_connect_object (self->create_page, "created", G_CALLBACK (on_created), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->create_page, "opened", G_CALLBACK (on_opened), self,
                           G_CONNECT_SWAPPED);
  add_page (self, GTK_WIDGET (self->create_page), "create");
}

/* A page of the view stack of the open vault, in the switchers in the
 * order added. */
static AdwViewStackPage *
add_vault_page (SkWindow             *self,
                GtkWidget            *page,
                const char           *name,
                const char           *title,
                const char           *icon_name,
                AdwViewSwitcherTitle *switcher)
{
  AdwViewStackPage *stack_page = adw_view_stack_add_titled (self->main_stack, page, name, title);

  adw_view_stack_page_set_icon_name (stack_page, icon_name);
  /* Every page's header bar switches between the three pages. */
  adw_view_switcher_title_set_stack (switcher, self->main_stack);
  g_signal_connect_object (switcher, "notify::title-visible", G_CALLBACK (update_switcher_bar),
                           self, G_CONNECT_SWAPPED);
  sk_app_fix_accessible_tree (page);
  return stack_page;
}

static void
ensure_vault_pages (SkWindow *self)
{
  if (self->accounts_page != NULL)
    return;
  self->accounts_page = g_object_new (SK_TYPE_ACCOUNTS_PAGE, "session", self->session, NULL);
  self->inventory_page = g_object_new (SK_TYPE_INVENTORY_PAGE, "session", self->session, NULL);
  self->recovery_page = sk_recovery_page_new ();
  add_vault_page (self, GTK_WIDGET (self->accounts_page), "accounts", C_("navigation", "Codes"),
                  "dialog-password-symbolic", sk_accounts_page_get_switcher_title (self->accounts_page));
  add_vault_page (self, GTK_WIDGET (self->inventory_page), "inventory", C_("navigation", "Inventory"),
                  "view-list-bullet-symbolic", sk_inventory_page_get_switcher_title (self->inventory_page));
  self->recovery_stack_page =
    add_vault_page (self, GTK_WIDGET (self->recovery_page), "recovery", C_("navigation", "Recovery"),
                    "phone-apple-iphone-symbolic", sk_recovery_page_get_switcher_title (self->recovery_page));
  update_banner (self);
  update_switcher_bar (self);
}

GtkWidget *
sk_window_get_page (SkWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "create"))
    {
      ensure_create_page (self);
      return GTK_WIDGET (self->create_page);
    }
  if (g_str_equal (name, "unlock"))
    return GTK_WIDGET (self->unlock_page);
  ensure_vault_pages (self);
  if (g_str_equal (name, "accounts"))
    return GTK_WIDGET (self->accounts_page);
  if (g_str_equal (name, "inventory"))
    return GTK_WIDGET (self->inventory_page);
  if (g_str_equal (name, "recovery"))
    return GTK_WIDGET (self->recovery_page);
  return NULL;
}

/* The vault's pages are pages of the view stack, itself the stack's
 * "main" page. */
static void
show_page (SkWindow   *self,
           const char *name)
{
  GtkWidget *page = sk_window_get_page (self, name);

  gtk_widget_set_visible (page, TRUE);
  if (g_str_equal (name, "accounts") || g_str_equal (name, "inventory") || g_str_equal (name, "recovery"))
    {
      adw_view_stack_set_visible_child (self->main_stack, page);
      gtk_stack_set_visible_child_name (self->stack, "main");
    }
  else
    gtk_stack_set_visible_child (self->stack, page);
}

static void
update_actions (SkWindow *self)
{
  gboolean unlocked = !sk_session_get_locked (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-inventory", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-accounts", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-recovery", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recover", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recover-identity", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-kit", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", unlocked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.restore-backup", unlocked);
}

/* "I Lost My Phone…": the wizard, where the recovery under way stands;
 * win.recover-identity starts from one identity (the inventory). */
static void
recover_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);
  const char *uuid = parameter != NULL ? g_variant_get_string (parameter, NULL) : NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  SkRecoveryWizard *wizard;

  if (sk_session_get_locked (self->session))
    return;
  /* One recovery, one wizard: a second one would show a stale page. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SK_IS_RECOVERY_WIZARD (window) && gtk_window_get_transient_for (window) == GTK_WINDOW (self))
        {
          gtk_window_present (window);
          return;
        }
    }
  wizard = sk_recovery_wizard_new (GTK_WINDOW (self), self->session,
                                   uuid != NULL && *uuid != '\0' ? uuid : NULL);
  gtk_window_present (GTK_WINDOW (wizard));
}

/* Import… and Export…: the dialogs work on the vault the list shows. */
static void
import_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (!sk_session_get_locked (self->session))
    gtk_window_present (GTK_WINDOW (sk_import_dialog_new (GTK_WINDOW (self), self->session)));
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (!sk_session_get_locked (self->session))
    gtk_window_present (GTK_WINDOW (sk_export_dialog_new (GTK_WINDOW (self), self->session)));
}

static void
restore_backup_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (!sk_session_get_locked (self->session))
    gtk_window_present (GTK_WINDOW (sk_restore_dialog_new (GTK_WINDOW (self), self->session)));
}

static void
print_kit_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (!sk_session_get_locked (self->session))
    sk_kit_print_show (GTK_WINDOW (self), self->session);
}

static void
show_inventory (SkWindow   *self,
                const char *view)
{
  ensure_vault_pages (self);
  if (view != NULL)
    sk_inventory_page_set_view (self->inventory_page, view);
  show_page (self, "inventory");
}

void
sk_window_show_audits (SkWindow *self)
{
  g_return_if_fail (SK_IS_WINDOW (self));

  /* Locked: the due list comes right after the password. */
  if (sk_window_get_locked (self))
    self->audits_after_unlock = TRUE;
  else
    show_inventory (self, "audits");
}

/* The escalation reminder's click: the wizard, where the recovery under
 * way stands (it resumes on the appeal and names the next channel). */
void
sk_window_show_recovery (SkWindow *self)
{
  g_return_if_fail (SK_IS_WINDOW (self));

  if (sk_window_get_locked (self))
    self->recovery_after_unlock = TRUE;
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "win.recover", NULL);
}

void
sk_window_add_toast (SkWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SK_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  sk_toast_overlay_add (self->toast_overlay, toast);
}

static void
show_audits_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  sk_window_show_audits (SK_WINDOW (widget));
}

static void
show_inventory_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (!sk_window_get_locked (self))
    show_inventory (self, NULL);
}

static void
show_accounts_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (sk_window_get_locked (self))
    return;
  show_page (self, "accounts");
  gtk_widget_grab_focus (GTK_WIDGET (self->accounts_page));
}

static void
show_recovery_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  SkWindow *self = SK_WINDOW (widget);

  if (sk_window_get_locked (self))
    return;
  show_page (self, "recovery");
  gtk_widget_grab_focus (GTK_WIDGET (self->recovery_page));
}

static void
show_store (SkWindow *self,
            SkStore  *store)
{
  sk_session_unlock (self->session, store);
  show_page (self, "accounts");
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->accounts_page));
  if (self->audits_after_unlock)
    {
      self->audits_after_unlock = FALSE;
      show_inventory (self, "audits");
    }
  if (self->recovery_after_unlock)
    {
      self->recovery_after_unlock = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.recover", NULL);
    }
}

static void
on_created (SkWindow *self,
            SkStore  *store)
{
  show_store (self, store);
}

/* An existing vault chosen on the create page: the page's path now
 * leads to it; unlock it. */
static void
on_opened (SkWindow   *self,
           const char *path)
{
  sk_unlock_page_set_path (self->unlock_page, path);
  show_page (self, "unlock");
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));
}

/* @n_merged: conflict copies a sync app left, merged on the way in. */
static void
on_unlocked (SkWindow *self,
             SkStore  *store,
             guint     n_merged)
{
  show_store (self, store);
  if (n_merged > 0)
    {
      AdwToast *toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "Merged %u copy from your sync app",
                                                          "Merged %u copies from your sync app",
                                                          n_merged),
                                             n_merged);

      adw_toast_set_timeout (toast, 8);
      sk_session_message (self->session, toast);
    }
}

/* Does @window belong to this window (directly or through a dialog)? */
static gboolean
is_our_dialog (SkWindow  *self,
               GtkWindow *window)
{
  for (GtkWindow *w = gtk_window_get_transient_for (window); w; w = gtk_window_get_transient_for (w))
    if (w == GTK_WINDOW (self))
      return TRUE;
  return FALSE;
}

void
sk_window_lock (SkWindow *self)
{
  g_autoptr(GListModel) toplevels = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (SK_IS_WINDOW (self));

  if (sk_session_get_locked (self->session))
    return;

  /* Dialogs first: they show account data and hold references. */
  toplevels = g_object_ref (gtk_window_get_toplevels ());
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != GTK_WINDOW (self) && !SK_IS_PREFERENCES_WINDOW (window) &&
          is_our_dialog (self, window))
        g_ptr_array_add (doomed, g_object_ref (window));
    }
  /* A dialog of a dialog (a question over the restore dialog) may be
   * released after its parent: unlink them all first. */
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_set_transient_for (g_ptr_array_index (doomed, i), NULL);
  for (guint i = 0; i < doomed->len; i++)
    gtk_window_destroy (g_ptr_array_index (doomed, i));

  sk_session_lock (self->session);
  sk_unlock_page_reset (self->unlock_page);
  show_page (self, "unlock");
  gtk_widget_grab_focus (GTK_WIDGET (self->unlock_page));
  update_actions (self);
}

gboolean
sk_window_get_locked (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), TRUE);

  return sk_session_get_locked (self->session);
}

SkSession *
sk_window_get_session (SkWindow *self)
{
  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  return self->session;
}

/* "create", "unlock", or the unlocked window's page: "accounts",
 * "inventory" or "recovery". */
const char *
sk_window_get_page_name (SkWindow *self)
{
  const char *name;

  g_return_val_if_fail (SK_IS_WINDOW (self), NULL);

  name = gtk_stack_get_visible_child_name (self->stack);
  if (g_strcmp0 (name, "main") == 0)
    return adw_view_stack_get_visible_child_name (self->main_stack);
  return name;
}

static void
lock_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  sk_window_lock (SK_WINDOW (widget));
}

/* The keyboard shortcuts window: 25 million instructions of building
 * that GtkApplication would spend on every new window before its first
 * frame (it looks for gtk/help-overlay.ui). It comes once the window is
 * on screen, with its action win.show-help-overlay. */
static gboolean
load_help_overlay (gpointer user_data)
{
  SkWindow *self = user_data;
  g_autoptr(GtkBuilder) builder = NULL;
  GObject *overlay;

  self->help_overlay_id = 0;
  builder = gtk_builder_new_from_resource ("/io/github/sparekey/Sparekey/help-overlay.ui");
  overlay = gtk_builder_get_object (builder, "help_overlay");
  if (GTK_IS_SHORTCUTS_WINDOW (overlay))
    gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                             GTK_SHORTCUTS_WINDOW (overlay));
  return G_SOURCE_REMOVE;
}

static void
on_first_paint (GdkFrameClock *clock,
                SkWindow      *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  if (self->help_overlay_id == 0 &&
      gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (self)) == NULL)
    self->help_overlay_id = g_idle_add_full (G_PRIORITY_LOW, load_help_overlay, self, NULL);
}

static void
on_first_map (SkWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_first_map, NULL);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                    G_CALLBACK (on_first_paint), self);
}

/* SPAREKEY_BENCH_FIRST_FRAME=1 (for bench-app only): print the monotonic
 * time of the first painted frame, then quit. */
static void
on_bench_after_paint (GdkFrameClock *clock,
                      SkWindow      *self)
{
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, on_bench_after_paint, self);
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void
on_bench_map (SkWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_bench_after_paint), self);
}

static void
sk_window_dispose (GObject *object)
{
  SkWindow *self = SK_WINDOW (object);

  if (self->session != NULL)
    sk_session_lock (self->session);
  g_clear_handle_id (&self->help_overlay_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_WINDOW);

  G_OBJECT_CLASS (sk_window_parent_class)->dispose (object);
}

static void
sk_window_finalize (GObject *object)
{
  SkWindow *self = SK_WINDOW (object);

  g_clear_object (&self->settings);
  g_free (self->path);

  G_OBJECT_CLASS (sk_window_parent_class)->finalize (object);
}

static void
on_session_message (SkWindow *self,
                    AdwToast *toast)
{
  sk_window_add_toast (self, g_object_ref (toast));
}

static void
sk_window_class_init (SkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_window_dispose;
  object_class->finalize = sk_window_finalize;

  g_type_ensure (SK_TYPE_SESSION);
  g_type_ensure (SK_TYPE_UNLOCK_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SkWindow, session);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, recovery_banner);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, SkWindow, switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, update_banner);
  gtk_widget_class_bind_template_callback (widget_class, on_main_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unlocked);

  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_activated);
  gtk_widget_class_install_action (widget_class, "win.show-inventory", NULL, show_inventory_activated);
  gtk_widget_class_install_action (widget_class, "win.show-audits", NULL, show_audits_activated);
  gtk_widget_class_install_action (widget_class, "win.show-accounts", NULL, show_accounts_activated);
  gtk_widget_class_install_action (widget_class, "win.show-recovery", NULL, show_recovery_activated);
  gtk_widget_class_install_action (widget_class, "win.recover", NULL, recover_activated);
  gtk_widget_class_install_action (widget_class, "win.recover-identity", "s", recover_activated);
  gtk_widget_class_install_action (widget_class, "win.print-kit", NULL, print_kit_activated);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_activated);
  gtk_widget_class_install_action (widget_class, "win.restore-backup", NULL, restore_backup_activated);
  /* Ctrl+I is the inventory and Ctrl+Shift+I the GTK inspector; Ctrl+O
   * opens a picture. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.import", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.show-inventory", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.show-accounts", NULL);
}

static void
sk_window_init (SkWindow *self)
{
  /* Before any window draws: cairo where OpenGL is software. */
  sk_app_choose_renderer ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Toasts are said to screen readers through it. */
  sk_status_label_attach (GTK_WINDOW (self), GTK_BOX (adw_toast_overlay_get_child (self->toast_overlay)));
  g_signal_connect_object (self->session, "message", G_CALLBACK (on_session_message),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::locked", G_CALLBACK (update_banner), self, G_CONNECT_SWAPPED);

  self->settings = g_object_ref (sk_settings ());
  g_settings_bind (self->settings, SK_SETTING_WINDOW_WIDTH, self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_WINDOW_HEIGHT, self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, SK_SETTING_WINDOW_MAXIMIZED, self, "maximized", G_SETTINGS_BIND_DEFAULT);

  /* Only a stat() before the first frame: the vault is opened after the
   * password is typed. */
  self->path = sk_store_default_path ();
  sk_unlock_page_set_path (self->unlock_page, self->path);
  show_page (self, g_file_test (self->path, G_FILE_TEST_EXISTS) ? "unlock" : "create");
  /* The password field of either page takes the first keystrokes. */
  gtk_widget_grab_focus (gtk_stack_get_visible_child (self->stack));

  g_signal_connect (self, "map", G_CALLBACK (on_first_map), NULL);
  if (g_getenv ("SPAREKEY_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (self, "map", G_CALLBACK (on_bench_map), NULL);

  update_actions (self);
}

SkWindow *
sk_window_new (GtkApplication *application)
{
  return g_object_new (SK_TYPE_WINDOW, "application", application, NULL);
}
