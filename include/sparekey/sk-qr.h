/* sk-qr.h: QR codes out (libqrencode) and in (zbar)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <sparekey/sk-secret.h>

G_BEGIN_DECLS

#define SK_QR_ERROR (sk_qr_error_quark ())
GQuark sk_qr_error_quark (void);

typedef enum {
  SK_QR_ERROR_TOO_LONG,      /* text does not fit in a QR code */
  SK_QR_ERROR_IMAGE,         /* the image cannot be read (message says why) */
  SK_QR_ERROR_NOT_FOUND,     /* no QR code in the image */
  SK_QR_ERROR_IO,
  SK_QR_ERROR_NO_FILE,       /* there is no such file */
} SkQrError;

/* The longest text sk_qr_encode() can put in one code: the byte-mode
 * capacity of the largest symbol (version 40) at error correction level M. */
#define SK_QR_MAX_BYTES 2331

/* A QR code as a matrix of modules (no quiet zone included). */
typedef struct {
  guint   width;             /* modules per side */
  guint8 *modules;           /* width*width bytes, 1 = dark */
} SkQrCode;

SkQrCode *sk_qr_encode       (const char    *text,
                              GError       **error);
void      sk_qr_code_free    (SkQrCode      *code);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkQrCode, sk_qr_code_free)

/* For a terminal: half-block characters (two rows per line), with a
 * quiet zone; readable by phone cameras on dark and light terminals. */
char     *sk_qr_to_terminal  (const SkQrCode *code);
/* PNG and SVG files (mode 0600: they contain secrets). @scale is pixels per
 * module for PNG (0 = 8); the SVG is one path, crisp at any size. */
gboolean  sk_qr_save_png     (const SkQrCode *code,
                              const char     *path,
                              guint           scale,
                              GError        **error);
gboolean  sk_qr_save_svg     (const SkQrCode *code,
                              const char     *path,
                              GError        **error);
char     *sk_qr_to_svg       (const SkQrCode *code);

/* The formats the decoders read here, for messages: "PNG, JPEG, GIF,
 * WebP, TIFF" (WebP needs gdk-pixbuf's WebP loader). */
char      *sk_qr_readable_formats (void);

/*
 * Finds every QR code in a picture (PNG, JPEG, GIF, WebP, TIFF through
 * gdk-pixbuf; an error names the formats readable here),
 * returns their texts in guarded memory (array of SkSecret*), in reading
 * order. SK_QR_ERROR_NOT_FOUND when there is none.
 */
GPtrArray *sk_qr_decode_file   (const char   *path,
                                GError      **error);
GPtrArray *sk_qr_decode_bytes  (GBytes       *image_data,
                                GError      **error);
/* From 8-bit grey pixels (e.g. a GdkTexture the app converted). */
GPtrArray *sk_qr_decode_gray   (const guint8 *pixels,
                                guint         width,
                                guint         height,
                                guint         stride,
                                GError      **error);

G_END_DECLS
