/* sk-qr-dialog.c: an account as a QR code, to enrol a new phone
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-app-util.h"
#include "sk-qr-dialog.h"
#include "sk-qr-view.h"

/* Pixels per module in saved PNGs: sharp on print and on screen. */
#define PNG_SCALE 10

struct _SkQrDialog
{
  AdwWindow        parent_instance;

  SkQrView        *qr_view;
  AdwWindowTitle  *window_title;
  GtkLabel        *error_label;
  AdwToastOverlay *toast_overlay;

  SkAccount       *account;
  /* The open file chooser: it must not answer a dialog that is gone
   * (locking closes this dialog). */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (SkQrDialog, sk_qr_dialog, ADW_TYPE_WINDOW)

gboolean
sk_qr_dialog_save_to (SkQrDialog  *self,
                      const char  *path,
                      GError     **error)
{
  const SkQrCode *code;

  g_return_val_if_fail (SK_IS_QR_DIALOG (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  code = sk_qr_view_get_code (self->qr_view);
  if (code == NULL)
    {
      g_set_error_literal (error, SK_QR_ERROR, SK_QR_ERROR_TOO_LONG,
                           _("There is no QR code to save"));
      return FALSE;
    }
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG"))
    return sk_qr_save_svg (code, path, error);
  return sk_qr_save_png (code, path, PNG_SCALE, error);
}

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  SkQrDialog      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;
      AdwToast *toast;

      if (path == NULL)
        toast = sk_toast_new (_("Only local files can be written"));
      else if (!sk_qr_dialog_save_to (self, path, &error))
        toast = sk_toast_new_printf (_("Could not save the QR code: %s"), error->message);
      else
        toast = sk_toast_new (_("Saved. The file contains the secret key: keep it safe."));
      adw_toast_set_timeout (toast, 5);
      sk_toast_overlay_add (self->toast_overlay, toast);
    }
  g_clear_object (&self->chooser);
}

static void
save_as (SkQrDialog *self,
         const char *extension)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  const char *issuer = sk_account_get_issuer (self->account);
  const char *base = issuer && *issuer ? issuer : sk_account_get_name (self->account);
  g_autofree char *name = g_strdup_printf ("%s.%s", base && *base ? base : "account", extension);

  if (self->chooser != NULL)
    return;
  g_strdelimit (name, "/\\:", '_');
  self->chooser = chooser = gtk_file_chooser_native_new (_("Save QR Code"), GTK_WINDOW (self),
                                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  filter = gtk_file_filter_new ();
  if (g_str_equal (extension, "svg"))
    {
      gtk_file_filter_set_name (filter, _("SVG Pictures"));
      gtk_file_filter_add_mime_type (filter, "image/svg+xml");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("PNG Pictures"));
      gtk_file_filter_add_mime_type (filter, "image/png");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);

  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_png_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  save_as (SK_QR_DIALOG (widget), "png");
}

static void
save_svg_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  save_as (SK_QR_DIALOG (widget), "svg");
}

static void
sk_qr_dialog_dispose (GObject *object)
{
  SkQrDialog *self = SK_QR_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->qr_view != NULL)
    sk_qr_view_set_code (self->qr_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_QR_DIALOG);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (sk_qr_dialog_parent_class)->dispose (object);
}

static void
sk_qr_dialog_class_init (SkQrDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_qr_dialog_dispose;

  g_type_ensure (SK_TYPE_QR_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-qr-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SkQrDialog, qr_view);
  gtk_widget_class_bind_template_child (widget_class, SkQrDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, SkQrDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, SkQrDialog, toast_overlay);

  gtk_widget_class_install_action (widget_class, "qr.save-png", NULL, save_png_activated);
  gtk_widget_class_install_action (widget_class, "qr.save-svg", NULL, save_svg_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "qr.save-png", NULL);
}

static void
sk_qr_dialog_init (SkQrDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Toasts are said to screen readers through it. */
  sk_status_label_attach (GTK_WINDOW (self), GTK_BOX (adw_toast_overlay_get_child (self->toast_overlay)));
}

SkQrDialog *
sk_qr_dialog_new (GtkWindow *parent,
                  SkAccount *account)
{
  g_autoptr(SkSecret) uri = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GError) error = NULL;
  SkQrDialog *self;

  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  self = g_object_new (SK_TYPE_QR_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->account = g_object_ref (account);
  adw_window_title_set_subtitle (self->window_title, sk_account_get_display_name (account));

  uri = sk_account_dup_uri (account);
  code = uri ? sk_qr_encode (sk_secret_get_string (uri), &error) : NULL;
  if (code == NULL)
    {
      gtk_label_set_text (self->error_label,
                          error ? error->message : _("This account cannot be shown as a QR code"));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "qr.save-png", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "qr.save-svg", FALSE);
    }
  else
    sk_qr_view_set_code (self->qr_view, code);

  return self;
}
