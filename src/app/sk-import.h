/* sk-import.h: turning QR pictures, pasted links and dropped files into
 * accounts
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <sparekey/sparekey.h>

G_BEGIN_DECLS

/*
 * Parses @text: one or more otpauth:// or otpauth-migration:// links (one
 * per line; blank lines and surrounding space ignored) and appends new
 * SkAccount objects to @accounts. Fails (appending nothing) when a line
 * is not a valid link; the error names the problem.
 */
gboolean   sk_import_text             (const char   *text,
                                       GPtrArray    *accounts,
                                       GError      **error);

/* Decodes the QR codes in @texture (8-bit grey conversion + zbar); an
 * array of SkSecret* texts. */
GPtrArray *sk_decode_texture          (GdkTexture   *texture,
                                       GError      **error);

/* Reads a picture with QR codes (or a text file with links) in a thread
 * and returns a GPtrArray of SkAccount (owned). */
void       sk_import_file_async       (GFile               *file,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *sk_import_file_finish      (GAsyncResult        *result,
                                       GError             **error);

/* The same for a picture already in memory (clipboard, drag and drop). */
void       sk_import_texture_async    (GdkTexture          *texture,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GPtrArray *sk_import_texture_finish   (GAsyncResult        *result,
                                       GError             **error);

/* Either of the two above, whichever started @result. */
GPtrArray *sk_import_finish (GAsyncResult  *result,
                             GError       **error);

G_END_DECLS
