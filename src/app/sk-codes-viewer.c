/* sk-codes-viewer.c: an account's recovery codes, large enough to type
 *
 * Someone signing in on a new phone types the code they read here, so
 * the code is shown (never only copied), in a large monospace font, and
 * selectable. Copying and marking used are separate: a code copied but
 * not accepted by the service is not lost, and marking used is undone
 * from the toast.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-codes-viewer.h"

struct _SkCodesViewer
{
  AdwWindow        parent_instance;

  SkSession       *session;
  SkAccount       *account;
  char            *only;       /* the one code asked for, NULL: all */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *box;
  GtkWidget       *all_button;
  GPtrArray       *shown;      /* code uuids */
};

G_DEFINE_FINAL_TYPE (SkCodesViewer, sk_codes_viewer, ADW_TYPE_WINDOW)

static SkVault *
get_vault (SkCodesViewer *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

static GtkWidget *
code_card (SkCodesViewer  *self,
           SkRecoveryCode *code,
           SkSecret       *secret)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *title = g_strdup_printf (_("Code %u"), code->position);
  g_autofree char *status = NULL;
  GtkWidget *label, *button;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "sk-code-card");
  gtk_widget_set_name (card, code->uuid);
  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (top), label);
  if (code->used != 0)
    {
      g_autofree char *day = sk_format_day (code->used);

      status = g_strdup_printf (_("Used on %s"), day);
    }
  label = gtk_label_new (status != NULL ? status : _("Unused"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, code->used != 0 ? "dim-label" : "success");
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (GTK_BOX (card), top);

  /* Large, monospace, selectable, wrapped between characters only when
   * the window is narrower than the code. */
  label = gtk_label_new (sk_secret_get_string (secret));
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "title-1");
  gtk_widget_add_css_class (label, "sk-code-text");
  if (code->used != 0)
    gtk_widget_add_css_class (label, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (card), label);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  button = gtk_button_new_with_mnemonic (_("_Copy"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "viewer.copy");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code->uuid);
  gtk_box_append (GTK_BOX (buttons), button);
  button = gtk_button_new_with_mnemonic (code->used != 0 ? _("Mark _Unused") : _("Mark _Used"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), code->used != 0 ? "viewer.unuse" : "viewer.use");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", code->uuid);
  gtk_box_append (GTK_BOX (buttons), button);
  gtk_box_append (GTK_BOX (card), buttons);
  g_object_set (card, "margin-top", 0, NULL);
  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_start (buttons, 12);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  return card;
}

static void
refresh (SkCodesViewer *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GPtrArray) codes = NULL;
  GtkWidget *child;

  /* The focus may be in a card (a selectable code is focusable): it is
   * let go of before the cards go, as GTK 4.8 keeps a stale pointer
   * to a removed focused label otherwise. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->shown, 0);
  gtk_widget_set_visible (self->all_button, self->only != NULL);
  if (vault == NULL)
    return;
  codes = sk_recovery_codes_list (vault, sk_account_get_uuid (self->account));
  for (guint i = 0; i < codes->len; i++)
    {
      SkRecoveryCode *code = codes->pdata[i];
      g_autoptr(SkSecret) secret = NULL;

      if (self->only != NULL && g_strcmp0 (code->uuid, self->only) != 0)
        continue;
      secret = sk_recovery_codes_dup_code (vault, code->uuid);
      if (secret == NULL)
        continue;
      gtk_box_append (GTK_BOX (self->box), code_card (self, code, secret));
      g_ptr_array_add (self->shown, g_strdup (code->uuid));
    }
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkCodesViewer *self = SK_CODES_VIEWER (widget);
  SkVault *vault = get_vault (self);
  g_autoptr(SkSecret) code = vault ? sk_recovery_codes_dup_code (vault, g_variant_get_string (parameter, NULL)) : NULL;

  if (code == NULL)
    return;
  sk_session_copy_text_in (self->session, sk_secret_get_string (code),
                           sk_account_get_display_name (self->account), self->toast_overlay);
}

static gboolean
set_used (SkCodesViewer *self,
          const char    *code_uuid,
          gint64         when)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GError) error = NULL;

  if (vault == NULL)
    return FALSE;
  if (!sk_recovery_codes_set_used (vault, code_uuid, when, &error))
    {
      sk_toast_overlay_add (self->toast_overlay, sk_toast_new (error->message));
      return FALSE;
    }
  /* The vault announces it: the session saves, and ::changed redraws. */
  return TRUE;
}

static void
on_use_undo (AdwToast      *toast,
             SkCodesViewer *self)
{
  const char *code_uuid = g_object_get_data (G_OBJECT (toast), "code");

  if (set_used (self, code_uuid, 0))
    sk_toast_overlay_add (self->toast_overlay, sk_toast_new (_("The code is unused again")));
}

static void
use_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SkCodesViewer *self = SK_CODES_VIEWER (widget);
  const char *code_uuid = g_variant_get_string (parameter, NULL);
  gboolean use = g_str_equal (action_name, "viewer.use");
  AdwToast *toast;

  if (!set_used (self, code_uuid, use ? g_get_real_time () : 0))
    return;
  if (!use)
    {
      sk_toast_overlay_add (self->toast_overlay, sk_toast_new (_("The code is unused again")));
      return;
    }
  toast = sk_toast_new (_("Marked used"));
  /* Before a copy's toast still on screen: this one has the Undo. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "code", g_strdup (code_uuid), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_use_undo), self, 0);
  sk_toast_overlay_add (self->toast_overlay, toast);
}

static void
show_all_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SkCodesViewer *self = SK_CODES_VIEWER (widget);

  g_clear_pointer (&self->only, g_free);
  refresh (self);
}

static void
sk_codes_viewer_dispose (GObject *object)
{
  SkCodesViewer *self = SK_CODES_VIEWER (object);

  g_clear_object (&self->session);
  g_clear_object (&self->account);
  g_clear_pointer (&self->only, g_free);
  g_clear_pointer (&self->shown, g_ptr_array_unref);

  G_OBJECT_CLASS (sk_codes_viewer_parent_class)->dispose (object);
}

static void
sk_codes_viewer_class_init (SkCodesViewerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_codes_viewer_dispose;
  gtk_widget_class_install_action (widget_class, "viewer.copy", "s", copy_activated);
  gtk_widget_class_install_action (widget_class, "viewer.use", "s", use_activated);
  gtk_widget_class_install_action (widget_class, "viewer.unuse", "s", use_activated);
  gtk_widget_class_install_action (widget_class, "viewer.show-all", NULL, show_all_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_codes_viewer_init (SkCodesViewer *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->shown = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_default_size (GTK_WINDOW (self), 440, 560);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 294);
  gtk_box_append (GTK_BOX (content), adw_header_bar_new ());
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toast_overlay), TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (outer, 18);
  gtk_widget_set_margin_bottom (outer, 18);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 12);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_box_append (GTK_BOX (outer), self->box);
  self->all_button = gtk_button_new_with_mnemonic (_("Show _All Codes"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->all_button), "viewer.show-all");
  gtk_widget_set_halign (self->all_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->all_button, "pill");
  gtk_box_append (GTK_BOX (outer), self->all_button);
  adw_clamp_set_child (ADW_CLAMP (clamp), outer);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_toast_overlay_set_child (self->toast_overlay, scrolled);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toast_overlay));
  /* Toasts are said to screen readers through it. */
  sk_status_label_attach (GTK_WINDOW (self), GTK_BOX (content));
  adw_window_set_content (ADW_WINDOW (self), content);
}

SkCodesViewer *
sk_codes_viewer_new (GtkWindow  *parent,
                     SkSession  *session,
                     SkAccount  *account,
                     const char *code_uuid)
{
  SkCodesViewer *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_CODES_VIEWER, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  self->account = g_object_ref (account);
  self->only = g_strdup (code_uuid);
  /* The account's name is plain text in the title, never markup. */
  title = g_strdup_printf (_("Recovery Codes of “%s”"), sk_account_get_display_name (account));
  gtk_window_set_title (GTK_WINDOW (self), title);
  g_signal_connect_object (session, "changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}

GPtrArray *
sk_codes_viewer_list_shown (SkCodesViewer *self)
{
  g_return_val_if_fail (SK_IS_CODES_VIEWER (self), NULL);

  return g_ptr_array_ref (self->shown);
}
