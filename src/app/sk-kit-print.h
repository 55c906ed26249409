/* sk-kit-print.h: printing or saving the emergency kit, after a warning
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "sk-session.h"

G_BEGIN_DECLS

/* Warns that the paper is not encrypted, then prints the kit or saves it
 * as a PDF. Returns the warning dialog (already presented). */
GtkWidget *sk_kit_print_show     (GtkWindow      *parent,
                                  SkSession      *session);
/* Writes the kit of the page's vault to @path (mode 0600). */
gboolean   sk_kit_print_save_pdf (SkSession      *session,
                                  const char     *path,
                                  GError        **error);
/* Draws the kit through the print path (the GtkPrintOperation and page
 * drawing that Print uses) into a PDF at @path, with no dialog. */
gboolean   sk_kit_print_export_pdf (SkSession    *session,
                                    const char   *path,
                                    GError      **error);

G_END_DECLS
