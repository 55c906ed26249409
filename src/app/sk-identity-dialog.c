/* sk-identity-dialog.c: add or edit a phone number, email, device...
 * and see what depends on it
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-binding-row.h"
#include "sk-identity-dialog.h"

struct _SkIdentityDialog
{
  AdwWindow            parent_instance;

  AdwComboRow         *kind_row;
  GtkEditable         *value_row;
  GtkEditable         *label_row;
  GtkEditable         *country_row;
  GtkEditable         *carrier_row;
  GtkEditable         *provider_row;
  GtkEditable         *apps_row;
  AdwComboRow         *owner_row;
  GPtrArray           *owner_uuids; /* per owner_row position; NULL first */
  GtkEditable         *answer_row;
  AdwComboRow         *status_row;
  GtkEditable         *since_row;
  GtkEditable         *note_row;
  GtkLabel            *error_label;
  AdwPreferencesGroup *depends_group;
  GtkListBox          *depends_list;
  GtkWidget           *delete_group;
  GtkWidget           *recover_group;
  GtkLabel            *recover_label;
  GtkButton           *recover_button;

  SkSession           *session;
  SkIdentity          *identity;    /* the vault's; NULL while new */
  GListModel          *dependents;  /* its bindings (the vault's) */
};

G_DEFINE_FINAL_TYPE (SkIdentityDialog, sk_identity_dialog, ADW_TYPE_WINDOW)

static SkVault *
get_vault (SkIdentityDialog *self)
{
  SkStore *store = sk_session_get_store (self->session);

  return store ? sk_store_get_vault (store) : NULL;
}

static void
on_kind_changed (SkIdentityDialog *self)
{
  static const char *value_titles[] = {
    [SK_IDENTITY_PHONE] = N_("Number"),
    [SK_IDENTITY_EMAIL] = N_("Address"),
    [SK_IDENTITY_DEVICE] = N_("Device Name"),
    [SK_IDENTITY_THIRD_PARTY] = N_("Account at the Provider"),
    [SK_IDENTITY_PAYOUT] = N_("Card or Wallet Number"),
    [SK_IDENTITY_SECURITY_QUESTION] = N_("Question"),
    [SK_IDENTITY_HARDWARE_KEY] = N_("Serial Number or Name"),
  };
  SkIdentityKind kind = sk_enum_combo_row_get (self->kind_row);

  if (kind > SK_IDENTITY_HARDWARE_KEY)
    return;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _(value_titles[kind]));
  /* A card or wallet number is a secret: no undo history (copies that
   * are never wiped); turning it off drops what was kept. */
  gtk_editable_set_enable_undo (self->value_row, kind != SK_IDENTITY_PAYOUT);
  gtk_widget_set_visible (GTK_WIDGET (self->country_row), kind == SK_IDENTITY_PHONE);
  gtk_widget_set_visible (GTK_WIDGET (self->carrier_row), kind == SK_IDENTITY_PHONE);
  gtk_widget_set_visible (GTK_WIDGET (self->provider_row),
                          kind == SK_IDENTITY_THIRD_PARTY || kind == SK_IDENTITY_PAYOUT ||
                          kind == SK_IDENTITY_HARDWARE_KEY);
  gtk_widget_set_visible (GTK_WIDGET (self->apps_row), kind == SK_IDENTITY_DEVICE);
  /* A mailbox, a third-party login or a wallet is itself an account: a
   * way back through it works only while that account does. */
  gtk_widget_set_visible (GTK_WIDGET (self->owner_row),
                          kind == SK_IDENTITY_EMAIL || kind == SK_IDENTITY_THIRD_PARTY ||
                          kind == SK_IDENTITY_PAYOUT);
  gtk_widget_set_visible (GTK_WIDGET (self->answer_row), kind == SK_IDENTITY_SECURITY_QUESTION);
}

void
sk_identity_dialog_set_kind (SkIdentityDialog *self,
                             SkIdentityKind    kind)
{
  g_return_if_fail (SK_IS_IDENTITY_DIALOG (self));
  g_return_if_fail (kind <= SK_IDENTITY_HARDWARE_KEY);

  sk_enum_combo_row_set (self->kind_row, kind);
  on_kind_changed (self);
}

guint
sk_identity_dialog_get_n_dependents (SkIdentityDialog *self)
{
  g_return_val_if_fail (SK_IS_IDENTITY_DIALOG (self), 0);

  return self->identity != NULL ? sk_identity_get_n_accounts (self->identity) : 0;
}

static void
set_text (GtkEditable *editable,
          const char  *text)
{
  gtk_editable_set_text (editable, text ? text : "");
}

static void
update_dependents (SkIdentityDialog *self)
{
  guint n_accounts = sk_identity_get_n_accounts (self->identity);
  guint n_only = sk_identity_get_n_only_way (self->identity);
  g_autofree char *description = NULL;

  if (n_accounts == 0)
    description = g_strdup (_("No account is bound to it"));
  else if (n_only > 0)
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "%u account depends on it; for %u it is the only way back",
                                                "%u accounts depend on it; for %u it is the only way back",
                                                n_accounts),
                                   n_accounts, n_only);
  else
    description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u account depends on it",
                                                "%u accounts depend on it", n_accounts),
                                   n_accounts);
  adw_preferences_group_set_description (self->depends_group, description);
}

static void
update_depends_list (SkIdentityDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->depends_list),
                          self->dependents != NULL && g_list_model_get_n_items (self->dependents) > 0);
}

static GtkWidget *
create_dependent_row (gpointer item,
                      gpointer user_data)
{
  SkIdentityDialog *self = user_data;
  SkVault *vault = get_vault (self);
  SkAccount *account = vault ? sk_vault_lookup_account (vault, sk_binding_get_account_uuid (item)) : NULL;

  return sk_binding_row_new_with_account (item, account);
}

/* The list and its description follow the vault's identity. */
static void
load_dependents (SkIdentityDialog *self)
{
  SkVault *vault = get_vault (self);

  if (vault == NULL || self->identity == NULL)
    return;

  self->dependents = g_object_ref (sk_inventory_get_identity_bindings (vault,
                                                                       sk_identity_get_uuid (self->identity)));
  gtk_list_box_bind_model (self->depends_list, self->dependents, create_dependent_row, self, NULL);
  g_signal_connect_object (self->dependents, "items-changed", G_CALLBACK (update_depends_list), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->identity, "notify::n-accounts", G_CALLBACK (update_dependents), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->identity, "notify::n-only-way", G_CALLBACK (update_dependents), self,
                           G_CONNECT_SWAPPED);
  update_dependents (self);
  update_depends_list (self);
}

/* The recovery wizard starts from an identity marked lost: from the
 * saved status, or the one just chosen (saved on the way). */
static void
on_status_changed (SkIdentityDialog *self)
{
  gtk_widget_set_visible (self->recover_group,
                          self->identity != NULL &&
                          sk_enum_combo_row_get (self->status_row) == SK_IDENTITY_LOST);
}

static gboolean
in_recovery (SkIdentityDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkRecoveryCase) recovery = vault ? sk_recovery_get_case (vault) : NULL;

  return recovery != NULL && !recovery->closed && self->identity != NULL &&
         g_strv_contains ((const char * const *) recovery->lost, sk_identity_get_uuid (self->identity));
}

/* The owner choices: none, then every account of the vault. */
static void
load_owners (SkIdentityDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  const char *owner = self->identity != NULL ? sk_identity_get_account (self->identity) : NULL;
  guint selected = 0;

  g_clear_pointer (&self->owner_uuids, g_ptr_array_unref);
  self->owner_uuids = g_ptr_array_new_with_free_func (g_free);
  /* Translators: no account owns the identity */
  gtk_string_list_append (names, C_("owner", "None"));
  g_ptr_array_add (self->owner_uuids, NULL);
  if (vault != NULL)
    {
      GListModel *accounts = sk_vault_get_accounts (vault);
      guint n = g_list_model_get_n_items (accounts);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

          if (g_strcmp0 (owner, sk_account_get_uuid (account)) == 0)
            selected = self->owner_uuids->len;
          gtk_string_list_append (names, sk_account_get_display_name (account));
          g_ptr_array_add (self->owner_uuids, g_strdup (sk_account_get_uuid (account)));
        }
    }
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->owner_row, selected);
}

static const char *
selected_owner (SkIdentityDialog *self)
{
  guint position = adw_combo_row_get_selected (self->owner_row);

  if (self->owner_uuids == NULL || position >= self->owner_uuids->len)
    return NULL;
  return g_ptr_array_index (self->owner_uuids, position);
}

static void
load (SkIdentityDialog *self)
{
  SkIdentity *identity = self->identity;
  g_autofree char *apps = NULL;
  SkVault *vault = get_vault (self);

  gtk_widget_set_visible (GTK_WIDGET (self->depends_group), identity != NULL);
  gtk_widget_set_visible (self->delete_group, identity != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), identity == NULL);
  gtk_window_set_title (GTK_WINDOW (self), identity ? _("Identity") : _("New Identity"));
  load_owners (self);
  if (identity == NULL)
    {
      on_kind_changed (self);
      return;
    }

  sk_enum_combo_row_set (self->kind_row, sk_identity_get_kind (identity));
  set_text (self->value_row, sk_identity_get_value (identity));
  set_text (self->label_row, sk_identity_get_label (identity));
  set_text (self->country_row, sk_identity_get_country_code (identity));
  set_text (self->carrier_row, sk_identity_get_carrier (identity));
  set_text (self->provider_row, sk_identity_get_provider (identity));
  apps = sk_identity_get_apps (identity) ? g_strjoinv (", ", (char **) sk_identity_get_apps (identity)) : NULL;
  set_text (self->apps_row, apps);
  sk_enum_combo_row_set (self->status_row, sk_identity_get_status (identity));
  set_text (self->since_row, sk_identity_get_since (identity));
  set_text (self->note_row, sk_identity_get_note (identity));
  if (sk_identity_get_kind (identity) == SK_IDENTITY_SECURITY_QUESTION && vault != NULL)
    {
      g_autoptr(SkSecret) answer = sk_inventory_dup_answer (vault, sk_identity_get_uuid (identity));

      if (answer != NULL)
        gtk_editable_set_text (self->answer_row, sk_secret_get_string (answer));
    }
  on_kind_changed (self);
  load_dependents (self);

  if (in_recovery (self))
    {
      gtk_label_set_text (self->recover_label, _("It is part of the recovery under way."));
      gtk_button_set_label (self->recover_button, _("Continue _Recovery…"));
    }
  else
    gtk_label_set_text (self->recover_label,
                        _("The recovery wizard lists the accounts that depend on it, most urgent "
                          "first, and guides you back into each."));
  on_status_changed (self);
}

static char *
field (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return *text ? g_steal_pointer (&text) : NULL;
}

static char **
parse_apps (const char *text)
{
  g_auto(GStrv) wide = NULL;
  g_autofree char *joined = NULL;
  g_auto(GStrv) parts = NULL;
  GStrvBuilder *builder;
  char **apps;

  if (text == NULL)
    return NULL;
  /* Chinese input methods type the full-width comma. */
  wide = g_strsplit (text, "，", -1);
  joined = g_strjoinv (",", wide);
  parts = g_strsplit (joined, ",", -1);
  builder = g_strv_builder_new ();
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  apps = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  if (apps[0] == NULL)
    g_clear_pointer (&apps, g_strfreev);
  return apps;
}

/* Writes the form to the vault; the identity as saved, or NULL with
 * the reason shown. */
static SkIdentity *
save_identity (SkIdentityDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(SkIdentity) identity = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = field (self->value_row);
  g_autofree char *apps = NULL;
  SkIdentityKind kind = sk_enum_combo_row_get (self->kind_row);

  if (vault == NULL)
    return NULL;
  if (value == NULL)
    {
      gtk_label_set_text (self->error_label, _("The identity needs a value: the number, address or name"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return NULL;
    }

  identity = self->identity ? sk_identity_copy (self->identity) : sk_identity_new (kind, value);
  sk_identity_set_value (identity, value);
#define SET(member, row) G_STMT_START { \
    g_autofree char *text = field (row); \
    sk_identity_set_##member (identity, text); \
  } G_STMT_END
  SET (label, self->label_row);
  SET (since, self->since_row);
  SET (note, self->note_row);
  if (kind == SK_IDENTITY_PHONE)
    {
      SET (country_code, self->country_row);
      SET (carrier, self->carrier_row);
    }
  if (gtk_widget_get_visible (GTK_WIDGET (self->provider_row)))
    SET (provider, self->provider_row);
#undef SET
  if (gtk_widget_get_visible (GTK_WIDGET (self->owner_row)) &&
      g_strcmp0 (sk_identity_get_account (identity), selected_owner (self)) != 0)
    sk_identity_set_account (identity, selected_owner (self));
  if (kind == SK_IDENTITY_DEVICE)
    {
      g_auto(GStrv) list = NULL;

      apps = field (self->apps_row);
      list = parse_apps (apps);
      sk_identity_set_apps (identity, (const char * const *) list);
    }
  sk_identity_set_status (identity, sk_enum_combo_row_get (self->status_row));

  if (!sk_inventory_save_identity (vault, identity, g_get_real_time (), &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return NULL;
    }
  if (kind == SK_IDENTITY_SECURITY_QUESTION)
    {
      const char *answer = gtk_editable_get_text (self->answer_row);
      g_autoptr(SkSecret) secret = *answer ? sk_secret_new_from_string (answer) : NULL;

      sk_inventory_set_answer (vault, sk_identity_get_uuid (identity), secret);
    }
  return g_steal_pointer (&identity);
}

/* Just marked lost: the toast offers the wizard, over the page in view
 * (the dialog is gone by then). */
static void
offer_recovery (SkSession      *session,
                SkIdentity     *identity)
{
  g_autofree char *display = sk_identity_dup_display (identity, FALSE);
  /* Translators: %s names a phone, email, device...; keep it last (cut off when narrow) */
  AdwToast *toast = sk_toast_new_printf (_("Marked lost: %s"), display);

  adw_toast_set_button_label (toast, _("Start Recovery"));
  adw_toast_set_action_name (toast, "win.recover-identity");
  adw_toast_set_action_target_value (toast, g_variant_new_string (sk_identity_get_uuid (identity)));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  sk_session_message (session, toast);
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkIdentityDialog *self = SK_IDENTITY_DIALOG (widget);
  g_autoptr(SkSession) session = g_object_ref (self->session);
  g_autoptr(SkIdentity) saved = NULL;
  gboolean was_lost = self->identity != NULL && sk_identity_get_status (self->identity) == SK_IDENTITY_LOST;

  saved = save_identity (self);
  if (saved == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (self));
  if (sk_identity_get_status (saved) == SK_IDENTITY_LOST && !was_lost)
    offer_recovery (session, saved);
}

static void
recover_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  SkIdentityDialog *self = SK_IDENTITY_DIALOG (widget);
  g_autoptr(SkIdentity) saved = NULL;
  GtkWindow *root;

  /* What the form shows is what the wizard works with; the main window
   * (this dialog's parent, or its parent's) has the wizard. */
  saved = save_identity (self);
  if (saved == NULL)
    return;
  root = gtk_window_get_transient_for (GTK_WINDOW (self));
  while (root != NULL && gtk_window_get_transient_for (root) != NULL)
    root = gtk_window_get_transient_for (root);
  gtk_window_destroy (GTK_WINDOW (self));
  if (root != NULL)
    gtk_widget_activate_action (GTK_WIDGET (root), "win.recover-identity", "s", sk_identity_get_uuid (saved));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    SkIdentityDialog *self)
{
  SkVault *vault = get_vault (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSession) session = g_object_ref (self->session);

  if (g_strcmp0 (response, "delete") != 0 || vault == NULL || self->identity == NULL)
    return;
  if (!sk_inventory_remove_identity (vault, sk_identity_get_uuid (self->identity), g_get_real_time (),
                                     NULL, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SkIdentityDialog *self = SK_IDENTITY_DIALOG (widget);
  guint n_dependents = sk_identity_dialog_get_n_dependents (self);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (n_dependents > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Its binding to %u account is deleted with it.",
                                         "Its bindings to %u accounts are deleted with it.",
                                         n_dependents),
                            n_dependents);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Delete This Identity?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A security question's answer and a payout number are secrets: their
 * buffers are emptied (GTK zeroes the bytes it drops) when the dialog
 * goes, on lock too. */
static void
wipe_secrets (SkIdentityDialog *self)
{
  if (self->answer_row != NULL)
    gtk_editable_set_text (self->answer_row, "");
  if (self->value_row != NULL)
    gtk_editable_set_text (self->value_row, "");
}

/* Locking destroys the dialog, which unrealizes it at once, even when
 * something still holds the object. */
static void
sk_identity_dialog_unrealize (GtkWidget *widget)
{
  wipe_secrets (SK_IDENTITY_DIALOG (widget));
  GTK_WIDGET_CLASS (sk_identity_dialog_parent_class)->unrealize (widget);
}

static void
sk_identity_dialog_dispose (GObject *object)
{
  SkIdentityDialog *self = SK_IDENTITY_DIALOG (object);

  wipe_secrets (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_IDENTITY_DIALOG);
  g_clear_object (&self->identity);
  g_clear_object (&self->dependents);
  g_clear_object (&self->session);
  g_clear_pointer (&self->owner_uuids, g_ptr_array_unref);

  G_OBJECT_CLASS (sk_identity_dialog_parent_class)->dispose (object);
}

static void
sk_identity_dialog_class_init (SkIdentityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_identity_dialog_dispose;
  widget_class->unrealize = sk_identity_dialog_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-identity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, country_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, carrier_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, provider_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, owner_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, apps_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, answer_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, since_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, depends_group);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, depends_list);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, delete_group);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, recover_group);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, recover_label);
  gtk_widget_class_bind_template_child (widget_class, SkIdentityDialog, recover_button);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);

  gtk_widget_class_install_action (widget_class, "identity.save", NULL, save_activated);
  gtk_widget_class_install_action (widget_class, "identity.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "identity.recover", NULL, recover_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "identity.save", NULL);
}

static void
sk_identity_dialog_init (SkIdentityDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_editable_set_enable_undo (self->answer_row, FALSE);
  sk_boxed_list_init (self->depends_list);

  sk_enum_combo_row_init (self->kind_row, SK_TYPE_IDENTITY_KIND,
                          (SkEnumLabelFunc) sk_identity_kind_get_label);
  sk_enum_combo_row_init (self->status_row, SK_TYPE_IDENTITY_STATUS,
                          (SkEnumLabelFunc) sk_identity_status_get_label);
}

SkIdentityDialog *
sk_identity_dialog_new (GtkWindow      *parent,
                        SkSession      *session,
                        const char     *identity_uuid)
{
  SkIdentityDialog *self;
  SkVault *vault;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  self = g_object_new (SK_TYPE_IDENTITY_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
  self->session = g_object_ref (session);
  vault = get_vault (self);
  if (identity_uuid != NULL && vault != NULL)
    g_set_object (&self->identity, sk_inventory_lookup_identity (vault, identity_uuid));
  load (self);
  return self;
}
