/* sk-recovery-page.c: the window's recovery page
 *
 * One of the app's three jobs, in sight beside the codes and the
 * inventory: with no recovery under way it offers "I Lost My Phone…",
 * with one it says how far it is and leads back to the wizard. The
 * window builds it with its other vault pages, after the first frame.
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sk-recovery-page.h"

struct _SkRecoveryPage
{
  AdwBin                parent_instance;

  AdwViewSwitcherTitle *switcher_title;
  AdwStatusPage        *status;
  GtkButton            *recover_button;
};

G_DEFINE_FINAL_TYPE (SkRecoveryPage, sk_recovery_page, ADW_TYPE_BIN)

/* Shown, the page's one action takes the keyboard. */
static gboolean
sk_recovery_page_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SK_RECOVERY_PAGE (widget)->recover_button));
}

static void
sk_recovery_page_class_init (SkRecoveryPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->grab_focus = sk_recovery_page_grab_focus;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-recovery-page.ui");
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryPage, status);
  gtk_widget_class_bind_template_child (widget_class, SkRecoveryPage, recover_button);
}

static void
sk_recovery_page_init (SkRecoveryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  sk_recovery_page_set_progress (self, 0, 0);
}

SkRecoveryPage *
sk_recovery_page_new (void)
{
  return g_object_new (SK_TYPE_RECOVERY_PAGE, NULL);
}

void
sk_recovery_page_set_progress (SkRecoveryPage *self,
                               guint           n_done,
                               guint           n_total)
{
  g_autofree char *description = NULL;

  g_return_if_fail (SK_IS_RECOVERY_PAGE (self));

  if (n_total == 0)
    {
      adw_status_page_set_title (self->status, _("Lost a Phone?"));
      adw_status_page_set_description (self->status,
                                       _("Sparekey finds every account that depends on it, says what to freeze first and how to get back into each account, and writes the appeal letters."));
      gtk_button_set_label (self->recover_button, _("I L_ost My Phone…"));
      return;
    }
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u of %u account done. Continue where you left off.",
                                              "%u of %u accounts done. Continue where you left off.",
                                              n_total),
                                 n_done, n_total);
  adw_status_page_set_title (self->status, _("Recovery Under Way"));
  adw_status_page_set_description (self->status, description);
  gtk_button_set_label (self->recover_button, _("C_ontinue"));
}

AdwViewSwitcherTitle *
sk_recovery_page_get_switcher_title (SkRecoveryPage *self)
{
  g_return_val_if_fail (SK_IS_RECOVERY_PAGE (self), NULL);

  return self->switcher_title;
}
