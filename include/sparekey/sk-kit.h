/* sk-kit.h: the printable emergency kit (PDF)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_KIT_ERROR (sk_kit_error_quark ())
GQuark sk_kit_error_quark (void);

typedef enum {
  SK_KIT_ERROR_IO,      /* the file cannot be written */
  SK_KIT_ERROR_RENDER,  /* cairo failed (message says why) */
} SkKitError;

/*
 * Writes the emergency kit to @path (A4 PDF, mode 0600, atomically): a
 * warning that the paper is unencrypted, a page on what to do when the
 * phone is lost, then per account the QR code that enrols it on a new
 * phone (readable by an ordinary scanner when printed or rendered at
 * 150 dpi), its unused recovery codes, its bindings and its support
 * contacts. @now (µs) is the date printed on it. The file holds every
 * secret of the vault in clear: the caller must have the user confirm.
 */
gboolean sk_kit_write_pdf (SkVault     *vault,
                           const char  *path,
                           gint64       now,
                           GError     **error);

/*
 * The same pages for printing: a new array of cairo recording surfaces
 * (cairo_surface_t*, freed with the array), each one A4 page in points
 * (595.28 × 841.89). The same warning about unencrypted paper applies.
 */
GPtrArray *sk_kit_render_pages (SkVault     *vault,
                                gint64       now,
                                GError     **error);

/* The same kits with the vault's recovery key (as
 * sk_recovery_key_format() writes it, NULL for none) on the first page,
 * as text to type and as a QR code. */
gboolean   sk_kit_write_pdf_with_key    (SkVault     *vault,
                                         const char  *path,
                                         gint64       now,
                                         const char  *recovery_key,
                                         GError     **error);
GPtrArray *sk_kit_render_pages_with_key (SkVault     *vault,
                                         gint64       now,
                                         const char  *recovery_key,
                                         GError     **error);

G_END_DECLS
