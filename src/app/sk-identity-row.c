/* sk-identity-row.c: one identity in the inventory's lists
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-identity-row.h"

struct _SkIdentityRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *tag;

  SkIdentity   *identity;
};

G_DEFINE_FINAL_TYPE (SkIdentityRow, sk_identity_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_IDENTITY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Everything the row shows comes from the identity: any change of it
 * redoes the lot, which is a few labels. */
static void
update (SkIdentityRow *self)
{
  SkIdentity *identity = self->identity;
  SkIdentityStatus status = sk_identity_get_status (identity);
  guint n_accounts = sk_identity_get_n_accounts (identity);
  guint n_only = sk_identity_get_n_only_way (identity);
  g_autofree char *shown = sk_identity_dup_display (identity, FALSE);
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (sk_identity_get_label (identity) != NULL)
    g_string_append_printf (subtitle, "%s · ", sk_identity_get_label (identity));
  if (sk_identity_get_carrier (identity) != NULL)
    g_string_append_printf (subtitle, "%s · ", sk_identity_get_carrier (identity));
  if (sk_identity_get_provider (identity) != NULL)
    g_string_append_printf (subtitle, "%s · ", sk_identity_get_provider (identity));
  if (status == SK_IDENTITY_CANCELLED)
    g_string_append_printf (subtitle, "%s · ", sk_identity_status_get_label (status));
  g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%u account", "%u accounts", n_accounts),
                          n_accounts);
  if (n_only > 0)
    {
      g_string_append (subtitle, " · ");
      /* Translators: for this many accounts the identity is the only way back */
      g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "only way back for %u",
                                                     "only way back for %u", n_only),
                              n_only);
    }

  sk_row_set_address_text (self, shown, NULL);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);
  gtk_label_set_text (self->tag, sk_identity_status_get_label (SK_IDENTITY_LOST));
  gtk_widget_set_visible (GTK_WIDGET (self->tag), status == SK_IDENTITY_LOST);
  if (status == SK_IDENTITY_CANCELLED)
    gtk_widget_add_css_class (GTK_WIDGET (self), "sk-warning-row");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "sk-warning-row");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self), "s", sk_identity_get_uuid (identity));
}

static void
sk_identity_row_constructed (GObject *object)
{
  SkIdentityRow *self = SK_IDENTITY_ROW (object);

  G_OBJECT_CLASS (sk_identity_row_parent_class)->constructed (object);

  g_signal_connect_object (self->identity, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
}

static void
sk_identity_row_dispose (GObject *object)
{
  SkIdentityRow *self = SK_IDENTITY_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_IDENTITY_ROW);
  g_clear_object (&self->identity);

  G_OBJECT_CLASS (sk_identity_row_parent_class)->dispose (object);
}

static void
sk_identity_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SkIdentityRow *self = SK_IDENTITY_ROW (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      g_value_set_object (value, self->identity);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_identity_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SkIdentityRow *self = SK_IDENTITY_ROW (object);

  switch (prop_id)
    {
    case PROP_IDENTITY:
      self->identity = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_identity_row_class_init (SkIdentityRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sk_identity_row_constructed;
  object_class->dispose = sk_identity_row_dispose;
  object_class->get_property = sk_identity_row_get_property;
  object_class->set_property = sk_identity_row_set_property;

  properties[PROP_IDENTITY] =
    g_param_spec_object ("identity", NULL, NULL, SK_TYPE_IDENTITY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-identity-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SkIdentityRow, tag);
}

static void
sk_identity_row_init (SkIdentityRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its title and subtitle are names: never markup. */
  sk_row_plain (self);
}

GtkWidget *
sk_identity_row_new (SkIdentity *identity)
{
  g_return_val_if_fail (SK_IS_IDENTITY (identity), NULL);

  return g_object_new (SK_TYPE_IDENTITY_ROW, "identity", identity, NULL);
}

SkIdentity *
sk_identity_row_get_identity (SkIdentityRow *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY_ROW (self), NULL);

  return self->identity;
}
