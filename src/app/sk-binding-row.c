/* sk-binding-row.c: one binding in an account's or an identity's list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-binding-row.h"

struct _SkBindingRow
{
  AdwActionRow  parent_instance;

  SkBinding    *binding;
  /* What the row names: the identity, in an account's list... */
  SkIdentity   *identity;
  /* ...or the account, in an identity's list. */
  SkAccount    *account;
  gboolean      names_account;
};

G_DEFINE_FINAL_TYPE (SkBindingRow, sk_binding_row, ADW_TYPE_ACTION_ROW)

static void
update (SkBindingRow *self)
{
  SkBinding *binding = self->binding;
  g_autoptr(GString) subtitle = g_string_new (sk_binding_role_get_label (sk_binding_get_role (binding)));
  g_autofree char *title = NULL;
  gboolean warn = FALSE;

  if (self->names_account)
    title = g_strdup (self->account != NULL ? sk_account_get_display_name (self->account)
                                            : _("Deleted account"));
  else
    title = self->identity != NULL ? sk_identity_dup_display (self->identity, FALSE) : g_strdup ("?");

  if (self->identity != NULL && sk_identity_get_status (self->identity) != SK_IDENTITY_ACTIVE)
    {
      g_string_append_printf (subtitle, " · %s",
                              sk_identity_status_get_label (sk_identity_get_status (self->identity)));
      warn = TRUE;
    }
  if (sk_binding_get_since (binding) != NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: when a binding was made, "since 2021-03-07" */
      g_string_append_printf (subtitle, _("since %s"), sk_binding_get_since (binding));
    }
  if (sk_binding_get_cooldown_until (binding) != NULL)
    {
      g_string_append (subtitle, " · ");
      /* Translators: no change possible before this date */
      g_string_append_printf (subtitle, _("cooldown until %s"), sk_binding_get_cooldown_until (binding));
    }
  /* The note is the account's business: shown in its own list. */
  if (!self->names_account && sk_binding_get_note (binding) != NULL && *sk_binding_get_note (binding) != '\0')
    g_string_append_printf (subtitle, "\n%s", sk_binding_get_note (binding));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sk-warning-row");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sk-warning-row");
}

static void
sk_binding_row_dispose (GObject *object)
{
  SkBindingRow *self = SK_BINDING_ROW (object);

  g_clear_object (&self->binding);
  g_clear_object (&self->identity);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (sk_binding_row_parent_class)->dispose (object);
}

static void
sk_binding_row_class_init (SkBindingRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sk_binding_row_dispose;
}

static void
sk_binding_row_init (SkBindingRow *self)
{
  /* Its title and subtitle are names: never markup. */
  sk_row_plain (self);
}

static GtkWidget *
row_new (SkBinding  *binding,
         SkIdentity *identity,
         SkAccount  *account,
         gboolean    names_account)
{
  SkBindingRow *self = g_object_new (SK_TYPE_BINDING_ROW, NULL);

  self->binding = g_object_ref (binding);
  self->names_account = names_account;
  g_signal_connect_object (binding, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  if (identity != NULL)
    {
      self->identity = g_object_ref (identity);
      g_signal_connect_object (identity, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  if (account != NULL)
    {
      self->account = g_object_ref (account);
      g_signal_connect_object (account, "notify::display-name", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  update (self);
  return GTK_WIDGET (self);
}

GtkWidget *
sk_binding_row_new_with_identity (SkBinding  *binding,
                                  SkIdentity *identity)
{
  g_return_val_if_fail (SK_IS_BINDING (binding), NULL);
  g_return_val_if_fail (identity == NULL || SK_IS_IDENTITY (identity), NULL);

  return row_new (binding, identity, NULL, FALSE);
}

GtkWidget *
sk_binding_row_new_with_account (SkBinding *binding,
                                 SkAccount *account)
{
  g_return_val_if_fail (SK_IS_BINDING (binding), NULL);
  g_return_val_if_fail (account == NULL || SK_IS_ACCOUNT (account), NULL);

  return row_new (binding, NULL, account, TRUE);
}

SkBinding *
sk_binding_row_get_binding (SkBindingRow *self)
{
  g_return_val_if_fail (SK_IS_BINDING_ROW (self), NULL);

  return self->binding;
}
