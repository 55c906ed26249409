/* sk-binding-dialog.c: bind an account to a phone number, email, device...
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-binding-dialog.h"
#include "sk-identity-dialog.h"

struct _SkBindingDialog
{
  AdwWindow       parent_instance;

  AdwComboRow    *identity_row;
  AdwComboRow    *role_row;
  GtkEditable    *since_row;
  GtkEditable    *cooldown_row;
  GtkEditable    *note_row;
  GtkLabel       *error_label;

  SkSession      *session;
  SkAccount      *account;
  /* New Identity… was used: the identity it adds gets picked. */
  gboolean        awaiting_new;
};

G_DEFINE_FINAL_TYPE (SkBindingDialog, sk_binding_dialog, ADW_TYPE_WINDOW)

/* The role an identity of this kind usually has. */
static SkBindingRole
default_role (SkIdentityKind kind)
{
  switch (kind)
    {
    case SK_IDENTITY_PHONE: return SK_ROLE_SECURITY_PHONE;
    case SK_IDENTITY_EMAIL: return SK_ROLE_RECOVERY_EMAIL;
    case SK_IDENTITY_DEVICE: return SK_ROLE_AUTHENTICATOR_DEVICE;
    case SK_IDENTITY_THIRD_PARTY: return SK_ROLE_THIRD_PARTY_LOGIN;
    case SK_IDENTITY_PAYOUT: return SK_ROLE_PAYOUT_ACCOUNT;
    case SK_IDENTITY_HARDWARE_KEY: return SK_ROLE_AUTHENTICATOR_DEVICE;
    case SK_IDENTITY_SECURITY_QUESTION:
    default:
      return SK_ROLE_LOGIN;
    }
}

static SkVault *
get_vault (SkBindingDialog *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

static SkIdentity *
selected_identity (SkBindingDialog *self)
{
  return adw_combo_row_get_selected_item (self->identity_row);
}

static void
on_identity_selected (SkBindingDialog *self)
{
  SkIdentity *identity = selected_identity (self);

  if (identity != NULL)
    sk_enum_combo_row_set (self->role_row, default_role (sk_identity_get_kind (identity)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "binding.save", identity != NULL);
}

/* "+86 138… · Phone number": what the picker shows of an identity. */
static char *
identity_text (SkIdentity *identity)
{
  g_autofree char *display = NULL;

  if (identity == NULL)
    return g_strdup ("");
  display = sk_identity_dup_display (identity, FALSE);
  return g_strdup_printf ("%s · %s", display, sk_identity_kind_get_label (sk_identity_get_kind (identity)));
}

/* The picker is bound to the vault's identities model: identities made,
 * edited or removed anywhere (here through New Identity…, or merged from
 * another writer) show up by themselves. */
static void
bind_identities (SkBindingDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GtkExpression) expression = NULL;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (identity_text), NULL, NULL);
  adw_combo_row_set_expression (self->identity_row, expression);
  adw_combo_row_set_model (self->identity_row, vault != NULL ? sk_inventory_get_identities (vault) : NULL);
  on_identity_selected (self);
}

/* New Identity… made one: pick it. */
static void
on_identities_changed (SkBindingDialog *self,
                       guint            position,
                       guint            removed,
                       guint            added,
                       GListModel      *model)
{
  if (!self->awaiting_new || added != 1 || removed != 0)
    return;
  self->awaiting_new = FALSE;
  adw_combo_row_set_selected (self->identity_row, position);
  on_identity_selected (self);
}

gboolean
sk_binding_dialog_select (SkBindingDialog *self,
                          const char      *identity_uuid,
                          int              role)
{
  GListModel *model;

  g_return_val_if_fail (SK_IS_BINDING_DIALOG (self), FALSE);
  g_return_val_if_fail (identity_uuid != NULL, FALSE);

  model = adw_combo_row_get_model (self->identity_row);
  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SkIdentity) identity = g_list_model_get_item (model, i);

      if (g_str_equal (sk_identity_get_uuid (identity), identity_uuid))
        {
          adw_combo_row_set_selected (self->identity_row, i);
          on_identity_selected (self);
          if (role >= 0)
            sk_enum_combo_row_set (self->role_row, role);
          return TRUE;
        }
    }
  return FALSE;
}

static void
new_identity_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (widget);

  self->awaiting_new = TRUE;
  gtk_window_present (GTK_WINDOW (sk_identity_dialog_new (GTK_WINDOW (self), self->session, NULL)));
}

static char *
optional_text (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text ? g_steal_pointer (&text) : NULL;
}

static void
show_error (SkBindingDialog *self,
            const char      *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (widget);
  SkVault *vault = get_vault (self);
  SkIdentity *identity = selected_identity (self);
  g_autofree char *since_text = optional_text (self->since_row);
  g_autofree char *cooldown_text = optional_text (self->cooldown_row);
  g_autofree char *note = optional_text (self->note_row);
  g_autofree char *since = NULL;
  g_autofree char *cooldown = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;

  if (vault == NULL || identity == NULL)
    return;

  if (since_text != NULL && (since = sk_inventory_parse_date (since_text, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  if (cooldown_text != NULL && (cooldown = sk_inventory_parse_date (cooldown_text, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }

  uuid = sk_inventory_bind (vault, sk_account_get_uuid (self->account), sk_identity_get_uuid (identity),
                            sk_enum_combo_row_get (self->role_row),
                            since, cooldown, note, g_get_real_time (), &error);
  if (uuid == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Typed and not saved: the dates or the note (what is picked in a list
 * is chosen again in a moment). */
static gboolean
has_unsaved_edits (SkBindingDialog *self)
{
  GtkEditable *fields[] = { self->since_row, self->cooldown_row, self->note_row };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (*gtk_editable_get_text (fields[i]) != '\0')
      return TRUE;
  return FALSE;
}

/* Escape: closes at once when nothing was typed, else asks first. */
static void
cancel_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (widget);

  if (!has_unsaved_edits (self))
    gtk_window_destroy (GTK_WINDOW (self));
  else
    sk_confirm_discard (GTK_WINDOW (self), _("The new binding has not been saved."));
}

static void
sk_binding_dialog_dispose (GObject *object)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_BINDING_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_binding_dialog_parent_class)->dispose (object);
}

static void
sk_binding_dialog_class_init (SkBindingDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_binding_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-binding-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, identity_row);
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, since_row);
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, cooldown_row);
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SkBindingDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, on_identity_selected);

  gtk_widget_class_install_action (widget_class, "binding.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "binding.new-identity", NULL, new_identity_activated);
  gtk_widget_class_install_action (widget_class, "binding.cancel", NULL, cancel_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "binding.cancel", NULL);
}

static void
sk_binding_dialog_init (SkBindingDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  sk_enum_combo_row_init (self->role_row, SK_TYPE_BINDING_ROLE,
                          (SkEnumLabelFunc) sk_binding_role_get_label);
}

SkBindingDialog *
sk_binding_dialog_new (GtkWindow      *parent,
                       SkSession      *session,
                       SkAccount      *account)
{
  SkBindingDialog *self;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_BINDING_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  self->account = g_object_ref (account);
  bind_identities (self);
  if (get_vault (self) != NULL)
    g_signal_connect_object (sk_inventory_get_identities (get_vault (self)), "items-changed",
                             G_CALLBACK (on_identities_changed), self, G_CONNECT_SWAPPED);
  return self;
}
