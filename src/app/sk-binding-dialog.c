/* sk-binding-dialog.c: bind an account to a phone number, email, device...
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

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
  GPtrArray      *identities;   /* SkIdentity, in the combo's order */
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

static void
on_identity_selected (SkBindingDialog *self)
{
  guint i = adw_combo_row_get_selected (self->identity_row);

  if (self->identities != NULL && i < self->identities->len)
    {
      SkIdentity *identity = g_ptr_array_index (self->identities, i);

      adw_combo_row_set_selected (self->role_row, default_role (sk_identity_get_kind (identity)));
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "binding.save",
                                 self->identities != NULL && i < self->identities->len);
}

static void
load_identities (SkBindingDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->identities, g_ptr_array_unref);
  if (vault != NULL)
    self->identities = sk_inventory_list_identities (vault);
  for (guint i = 0; self->identities != NULL && i < self->identities->len; i++)
    {
      SkIdentity *identity = g_ptr_array_index (self->identities, i);
      g_autofree char *display = sk_identity_dup_display (identity, FALSE);
      g_autofree char *text = g_strdup_printf ("%s · %s", display,
                                               sk_identity_kind_get_label (sk_identity_get_kind (identity)));

      gtk_string_list_append (names, text);
    }
  adw_combo_row_set_model (self->identity_row, G_LIST_MODEL (names));
  on_identity_selected (self);
}

gboolean
sk_binding_dialog_select (SkBindingDialog *self,
                          const char      *identity_uuid,
                          int              role)
{
  g_return_val_if_fail (SK_IS_BINDING_DIALOG (self), FALSE);
  g_return_val_if_fail (identity_uuid != NULL, FALSE);

  for (guint i = 0; self->identities != NULL && i < self->identities->len; i++)
    {
      SkIdentity *identity = g_ptr_array_index (self->identities, i);

      if (g_str_equal (sk_identity_get_uuid (identity), identity_uuid))
        {
          adw_combo_row_set_selected (self->identity_row, i);
          on_identity_selected (self);
          if (role >= 0 && role <= SK_ROLE_TRUSTED_DEVICE)
            adw_combo_row_set_selected (self->role_row, role);
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_records_changed (SkBindingDialog *self)
{
  g_autofree char *selected = NULL;
  guint i = adw_combo_row_get_selected (self->identity_row);
  guint before = self->identities ? self->identities->len : 0;
  g_autoptr(GPtrArray) old = self->identities ? g_ptr_array_ref (self->identities) : NULL;

  if (old != NULL && i < old->len)
    selected = g_strdup (sk_identity_get_uuid (g_ptr_array_index (old, i)));
  load_identities (self);

  /* A new identity was just made (New Identity…): pick it. */
  if (self->identities != NULL && self->identities->len == before + 1)
    {
      for (guint j = 0; j < self->identities->len; j++)
        {
          SkIdentity *identity = g_ptr_array_index (self->identities, j);
          gboolean known = FALSE;

          for (guint k = 0; old != NULL && k < old->len; k++)
            known |= g_str_equal (sk_identity_get_uuid (g_ptr_array_index (old, k)),
                                  sk_identity_get_uuid (identity));
          if (!known)
            {
              sk_binding_dialog_select (self, sk_identity_get_uuid (identity), -1);
              return;
            }
        }
    }
  if (selected != NULL)
    sk_binding_dialog_select (self, selected, -1);
}

static void
new_identity_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (widget);

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
  guint i = adw_combo_row_get_selected (self->identity_row);
  g_autofree char *since_text = optional_text (self->since_row);
  g_autofree char *cooldown_text = optional_text (self->cooldown_row);
  g_autofree char *note = optional_text (self->note_row);
  g_autofree char *since = NULL;
  g_autofree char *cooldown = NULL;
  g_autofree char *uuid = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSession) session = g_object_ref (self->session);
  SkIdentity *identity;

  if (vault == NULL || self->identities == NULL || i >= self->identities->len)
    return;
  identity = g_ptr_array_index (self->identities, i);

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
                            adw_combo_row_get_selected (self->role_row),
                            since, cooldown, note, g_get_real_time (), &error);
  if (uuid == NULL)
    {
      show_error (self, error->message);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sk_binding_dialog_dispose (GObject *object)
{
  SkBindingDialog *self = SK_BINDING_DIALOG (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_BINDING_DIALOG);
  g_clear_pointer (&self->identities, g_ptr_array_unref);
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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sk_binding_dialog_init (SkBindingDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (int role = SK_ROLE_LOGIN; role <= SK_ROLE_TRUSTED_DEVICE; role++)
    gtk_string_list_append (roles, sk_binding_role_get_label (role));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
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
  load_identities (self);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_records_changed),
                           self, G_CONNECT_SWAPPED);
  return self;
}
