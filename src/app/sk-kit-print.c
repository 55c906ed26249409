/* sk-kit-print.c: printing or saving the emergency kit, after a warning
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sparekey/sparekey.h>

#include "sk-app-util.h"
#include "sk-kit-print.h"

/* A4 in points, as the core draws it. */
#define KIT_WIDTH  595.28
#define KIT_HEIGHT 841.89

typedef struct {
  GPtrArray      *pages;   /* cairo recording surfaces */
  SkSession      *session;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_clear_object (&job->session);
  g_free (job);
}

static SkVault *
vault_of (SkSession      *session)
{
  SkStore *store = sk_session_get_store (session);

  return store ? sk_store_get_vault (store) : NULL;
}

static void
tell (SkSession      *session,
      const char     *text)
{
  AdwToast *toast = sk_toast_new (text);

  adw_toast_set_timeout (toast, 6);
  sk_session_message (session, toast);
}

gboolean
sk_kit_print_save_pdf (SkSession      *session,
                       const char     *path,
                       GError        **error)
{
  SkVault *vault;

  g_return_val_if_fail (SK_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  vault = vault_of (session);
  if (vault == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("the vault is locked: unlock it to write the kit"));
      return FALSE;
    }
  return sk_kit_write_pdf (vault, path, g_get_real_time (), error);
}

/* Printing --------------------------------------------------------------- */

static void
begin_print (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             PrintJob          *job)
{
  gtk_print_operation_set_n_pages (operation, job->pages->len);
}

static void
draw_page (GtkPrintOperation *operation,
           GtkPrintContext   *context,
           int                page_nr,
           PrintJob          *job)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  double scale = MIN (width / KIT_WIDTH, height / KIT_HEIGHT);

  if (page_nr < 0 || (guint) page_nr >= job->pages->len)
    return;
  cairo_save (cr);
  cairo_translate (cr, (width - KIT_WIDTH * scale) / 2, (height - KIT_HEIGHT * scale) / 2);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, job->pages->pdata[page_nr], 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* The print operation of the kit's pages, as drawn by the core; NULL
 * with @error set if they cannot be drawn. */
static GtkPrintOperation *
kit_operation (SkSession  *session,
               GError    **error)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperation *operation;
  PrintJob *job;
  GPtrArray *pages;
  SkVault *vault = vault_of (session);

  if (vault == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("the vault is locked: unlock it to write the kit"));
      return NULL;
    }
  pages = sk_kit_render_pages (vault, g_get_real_time (), error);
  if (pages == NULL)
    return NULL;
  job = g_new0 (PrintJob, 1);
  job->pages = pages;
  job->session = g_object_ref (session);

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, _("Sparekey emergency kit"));
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page), job);
  g_object_set_data_full (G_OBJECT (operation), "sk-job", job, (GDestroyNotify) print_job_free);
  return operation;
}

static void
print_kit (GtkWindow      *parent,
           SkSession      *session)
{
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  operation = kit_operation (session, &error);
  if (operation == NULL)
    {
      tell (session, error->message);
      return;
    }
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    tell (session, error->message);
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    tell (session, _("Kit sent to the printer. Keep the paper locked away."));
}

gboolean
sk_kit_print_export_pdf (SkSession   *session,
                         const char  *path,
                         GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (SK_IS_SESSION (session), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = kit_operation (session, error);
  if (operation == NULL)
    return FALSE;
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

/* Saving ----------------------------------------------------------------- */

static void
on_save_response (GtkNativeDialog *chooser,
                  int              response,
                  SkSession       *session)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  path = file ? g_file_get_path (file) : NULL;
  if (path != NULL)
    {
      if (sk_kit_print_save_pdf (session, path, &error))
        {
          g_autofree char *text = g_strdup_printf (_("Wrote %s (only you can read it). Print it, "
                                                     "lock the paper away, then delete the file."), path);

          tell (session, text);
        }
      else
        tell (session, error->message);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (session);
}

static void
save_kit (GtkWindow      *parent,
          SkSession      *session)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save Emergency Kit"), parent,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* Translators: a file name, keep the .pdf */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("sparekey-emergency-kit.pdf"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_save_response), g_object_ref (session));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The warning ------------------------------------------------------------ */

static void
unref_session (gpointer  data,
            GClosure *closure)
{
  g_object_unref (data);
}

static void
on_warning_response (AdwMessageDialog *dialog,
                     const char       *response,
                     SkSession        *session)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));

  if (g_str_equal (response, "print"))
    print_kit (parent, session);
  else if (g_str_equal (response, "save"))
    save_kit (parent, session);
}

GtkWidget *
sk_kit_print_show (GtkWindow      *parent,
                   SkSession      *session)
{
  GtkWidget *dialog;

  g_return_val_if_fail (SK_IS_SESSION (session), NULL);

  dialog = adw_message_dialog_new (parent, _("Print the Emergency Kit?"),
                                   _("The kit is NOT encrypted. It holds every key of this vault as a "
                                     "QR code and every unused recovery code: whoever holds the paper "
                                     "can sign in to your accounts.\n\nKeep it locked away, never beside "
                                     "the phone, and do not photograph it. When a key changes or a code "
                                     "is used, print a new kit and shred the old one."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save as PDF"),
                                    "print", _("_Print"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "print",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_warning_response),
                         g_object_ref (session), unref_session, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
