/* sk-codes-dialog.c: paste a block of recovery codes, check, store
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-codes-dialog.h"

struct _SkCodesDialog
{
  AdwWindow       parent_instance;

  GtkTextView    *text_view;
  GtkLabel       *summary_label;
  GtkFlowBox     *codes_box;
  GtkLabel       *ignored_label;
  GtkSwitch      *replace_switch;
  AdwActionRow   *replace_row;

  SkSession      *session;
  SkAccount      *account;
  GPtrArray      *parsed;   /* SkSecret */
};

G_DEFINE_FINAL_TYPE (SkCodesDialog, sk_codes_dialog, ADW_TYPE_WINDOW)

static void
clear_preview (SkCodesDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->codes_box))) != NULL)
    gtk_flow_box_remove (self->codes_box, child);
  g_clear_pointer (&self->parsed, g_ptr_array_unref);
}

static char *
text_of (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Parses on every change, so the user sees what will be stored (and
 * which lines were taken for headers) before saving. */
static void
on_text_changed (SkCodesDialog *self)
{
  g_autofree char *text = text_of (self->text_view);
  g_autoptr(GArray) ignored = NULL;
  g_autoptr(GError) error = NULL;

  clear_preview (self);

  if (*g_strstrip (text) == '\0')
    {
      gtk_label_set_text (self->summary_label, _("Paste the codes the service showed you, in any layout."));
      gtk_widget_set_visible (GTK_WIDGET (self->ignored_label), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "codes.save", FALSE);
      sk_wipe_string (g_steal_pointer (&text));
      return;
    }

  self->parsed = sk_recovery_codes_parse (text, &ignored, &error);
  sk_wipe_string (g_steal_pointer (&text));

  if (self->parsed == NULL)
    gtk_label_set_text (self->summary_label, error->message);
  else
    {
      g_autofree char *summary = NULL;

      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u code found", "%u codes found",
                                              self->parsed->len),
                                 self->parsed->len);
      gtk_label_set_text (self->summary_label, summary);
      for (guint i = 0; i < self->parsed->len; i++)
        {
          GtkWidget *label = gtk_label_new (sk_secret_get_string (g_ptr_array_index (self->parsed, i)));

          gtk_widget_add_css_class (label, "sk-code-text");
          gtk_label_set_selectable (GTK_LABEL (label), FALSE);
          gtk_flow_box_append (self->codes_box, label);
        }
    }

  if (ignored != NULL && ignored->len > 0)
    {
      GString *lines = g_string_new (NULL);
      g_autofree char *message = NULL;

      for (guint i = 0; i < ignored->len; i++)
        g_string_append_printf (lines, "%s%u", i ? ", " : "", g_array_index (ignored, guint, i));
      /* Translators: %s is a list of line numbers, "1, 4, 9" */
      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Line %s held no code and is left out",
                                              "Lines %s held no code and are left out", ignored->len),
                                 lines->str);
      gtk_label_set_text (self->ignored_label, message);
      g_string_free (lines, TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->ignored_label), ignored != NULL && ignored->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "codes.save",
                                 self->parsed != NULL && self->parsed->len > 0);
}

guint
sk_codes_dialog_get_n_parsed (SkCodesDialog *self)
{
  g_return_val_if_fail (SK_IS_CODES_DIALOG (self), 0);

  return self->parsed ? self->parsed->len : 0;
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SkCodesDialog *self = SK_CODES_DIALOG (widget);
  SkStore *store = sk_session_get_store (self->session);
  const char *uuid = sk_account_get_uuid (self->account);
  g_autoptr(SkSession) session = g_object_ref (self->session);
  AdwToast *toast;
  guint n;

  if (store == NULL || self->parsed == NULL || self->parsed->len == 0)
    return;

  if (gtk_switch_get_active (self->replace_switch))
    n = sk_recovery_codes_replace (sk_store_get_vault (store), uuid, self->parsed, g_get_real_time ());
  else
    n = sk_recovery_codes_add (sk_store_get_vault (store), uuid, self->parsed, g_get_real_time ());

  if (n == 0)
    toast = sk_toast_new (_("These codes are already stored"));
  else
    toast = sk_toast_new_printf (g_dngettext (GETTEXT_PACKAGE, "Stored %u recovery code",
                                               "Stored %u recovery codes", n), n);
  adw_toast_set_timeout (toast, 3);
  sk_session_message (session, toast);

  clear_preview (self);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
sk_codes_dialog_dispose (GObject *object)
{
  SkCodesDialog *self = SK_CODES_DIALOG (object);

  clear_preview (self);
  /* The pasted codes are secrets: don't leave them in the buffer. */
  if (self->text_view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), "", 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_CODES_DIALOG);
  g_clear_object (&self->account);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (sk_codes_dialog_parent_class)->dispose (object);
}

static void
sk_codes_dialog_class_init (SkCodesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_codes_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-codes-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, codes_box);
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, ignored_label);
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, replace_switch);
  gtk_widget_class_bind_template_child (widget_class, SkCodesDialog, replace_row);

  gtk_widget_class_install_action (widget_class, "codes.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "codes.save", NULL);
}

static void
sk_codes_dialog_init (SkCodesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->text_view), "changed",
                            G_CALLBACK (on_text_changed), self);
  on_text_changed (self);
}

SkCodesDialog *
sk_codes_dialog_new (GtkWindow      *parent,
                     SkSession      *session,
                     SkAccount      *account,
                     gboolean        replace)
{
  SkCodesDialog *self;
  SkStore *store;
  guint total = 0;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_CODES_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->session = g_object_ref (session);
  self->account = g_object_ref (account);

  store = sk_session_get_store (session);
  if (store != NULL)
    sk_recovery_codes_count_remaining (sk_store_get_vault (store), sk_account_get_uuid (account), &total);
  /* With no set yet there is nothing to replace. */
  gtk_widget_set_visible (GTK_WIDGET (self->replace_row), total > 0);
  gtk_switch_set_active (self->replace_switch, replace && total > 0);
  gtk_window_set_title (GTK_WINDOW (self), replace ? _("Replace Recovery Codes") : _("Add Recovery Codes"));
  return self;
}
