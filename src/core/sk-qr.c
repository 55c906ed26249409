/* sk-qr.c: QR codes out (libqrencode) and in (zbar)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <cairo.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <sodium.h>
#include <zbar.h>

#include <sparekey/sk-qr.h>

/*
 * QR codes here nearly always carry secrets (otpauth:// URIs, migration
 * batches), so: the module matrix, rendered pixels and decoded texts are
 * wiped when freed, files are written with mode 0600, and nothing decoded
 * ever reaches a log or an error message.
 */

/* The QR specification asks for four light modules around the symbol. */
#define QUIET_ZONE 4
#define DEFAULT_SCALE 8
/* Bigger PNGs are useless and cairo refuses sides above 32767 pixels. */
#define MAX_PNG_SIDE 16384
/* A guard against decompression bombs (100 megapixels). */
#define MAX_IMAGE_PIXELS (100u * 1000u * 1000u)

G_DEFINE_QUARK (sk-qr-error-quark, sk_qr_error)

/* Encoding */

SkQrCode *
sk_qr_encode (const char  *text,
              GError     **error)
{
  QRcode *qr;
  SkQrCode *code;
  gsize n;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0')
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IO,
                   _("There is no text to put in a QR code"));
      return NULL;
    }

  /* Byte mode for everything: URIs mix cases and symbols, and a phone reads
   * byte mode most reliably. Version 0 lets libqrencode pick the smallest. */
  errno = 0;
  qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (qr == NULL)
    {
      int saved_errno = errno;

      if (saved_errno == ERANGE)
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_TOO_LONG,
                     _("The text is too long for a QR code: %zu bytes, at most %u fit"),
                     strlen (text), (guint) SK_QR_MAX_BYTES);
      else
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IO,
                     _("Could not make a QR code: %s"),
                     g_strerror (saved_errno != 0 ? saved_errno : EINVAL));
      return NULL;
    }

  code = g_new0 (SkQrCode, 1);
  code->width = (guint) qr->width;
  n = (gsize) code->width * code->width;
  code->modules = g_malloc (n);
  /* libqrencode packs flags in each byte; bit 0 is "dark". */
  for (gsize i = 0; i < n; i++)
    code->modules[i] = qr->data[i] & 1;

  sodium_memzero (qr->data, n);
  QRcode_free (qr);

  return code;
}

void
sk_qr_code_free (SkQrCode *code)
{
  if (code == NULL)
    return;

  if (code->modules != NULL)
    sodium_memzero (code->modules, (gsize) code->width * code->width);
  g_free (code->modules);
  g_free (code);
}

/* Dark at (x, y) in quiet-zone coordinates; outside the symbol is light. */
static inline gboolean
module_dark (const SkQrCode *code,
             int             x,
             int             y)
{
  x -= QUIET_ZONE;
  y -= QUIET_ZONE;
  if (x < 0 || y < 0 || x >= (int) code->width || y >= (int) code->width)
    return FALSE;
  return code->modules[(gsize) y * code->width + x] != 0;
}

char *
sk_qr_to_terminal (const SkQrCode *code)
{
  /* Plain blocks in the terminal's own colours come out inverted on a dark
   * theme (light text on black), and many phone scanners reject inverted
   * codes. So every line sets explicit colours: black foreground on a
   * white background, and the half blocks draw the dark modules in the
   * foreground colour. The background is given twice, 47 (white) then 107
   * (bright white): terminals that lack the bright colours keep the first.
   * The result is dark-on-light on dark and light themes alike. Each line
   * ends with a reset so the prompt after it is not painted white. */
  static const char line_start[] = "\033[30;47;107m";
  static const char line_end[] = "\033[0m\n";
  GString *out;
  int size;
  int lines;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (code->modules != NULL, NULL);

  size = (int) code->width + 2 * QUIET_ZONE;
  lines = (size + 1) / 2;
  /* Sized once: a half block is 3 bytes of UTF-8. */
  out = g_string_sized_new ((gsize) lines * (size * 3 + sizeof line_start + sizeof line_end));

  for (int y = 0; y < size; y += 2)
    {
      g_string_append (out, line_start);
      for (int x = 0; x < size; x++)
        {
          gboolean top = module_dark (code, x, y);
          /* With an odd height the last half row is quiet zone. */
          gboolean bottom = module_dark (code, x, y + 1);

          if (top && bottom)
            g_string_append (out, "█");
          else if (top)
            g_string_append (out, "▀");
          else if (bottom)
            g_string_append (out, "▄");
          else
            g_string_append_c (out, ' ');
        }
      g_string_append (out, line_end);
    }

  return g_string_free (out, FALSE);
}

static cairo_status_t
png_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
wipe_byte_array (GByteArray *array)
{
  sodium_memzero (array->data, array->len);
  g_byte_array_unref (array);
}

static gboolean
save_private_file (const char    *path,
                   const guint8  *data,
                   gsize          size,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  /* A new file is written and renamed into place, so an old file with
   * wider permissions is replaced rather than reused. */
  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IO,
                   _("Could not save the QR code: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
sk_qr_save_png (const SkQrCode  *code,
                const char      *path,
                guint            scale,
                GError         **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  GByteArray *png;
  gboolean ok;
  guint size;
  guint side;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (code->modules != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (scale == 0)
    scale = DEFAULT_SCALE;

  size = code->width + 2 * QUIET_ZONE;
  if (scale > MAX_PNG_SIDE / size)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IO,
                   _("A scale of %u pixels per module is too large for this code (at most %u)"),
                   scale, MAX_PNG_SIDE / size);
      return FALSE;
    }
  side = size * scale;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) side, (int) side);
  cr = cairo_create (surface);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint y = 0; y < code->width; y++)
    for (guint x = 0; x < code->width; x++)
      if (code->modules[(gsize) y * code->width + x])
        cairo_rectangle (cr, (x + QUIET_ZONE) * (double) scale,
                         (y + QUIET_ZONE) * (double) scale, scale, scale);
  cairo_fill (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);

  /* Compressed, the PNG of a QR code is a few kilobytes: allocated once
   * so that no reallocation leaves copies behind before the wipe. */
  png = g_byte_array_sized_new (64 * 1024);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, png_write_cb, png);
    }

  sodium_memzero (cairo_image_surface_get_data (surface),
                  (gsize) cairo_image_surface_get_stride (surface) * side);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IO,
                   _("Could not draw the QR code: %s"),
                   cairo_status_to_string (status));
      wipe_byte_array (png);
      return FALSE;
    }

  ok = save_private_file (path, png->data, png->len, error);
  wipe_byte_array (png);

  return ok;
}

char *
sk_qr_to_svg (const SkQrCode *code)
{
  GString *svg;
  guint size;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (code->modules != NULL, NULL);

  size = code->width + 2 * QUIET_ZONE;
  svg = g_string_sized_new (512 + (gsize) code->width * code->width * 6);

  g_string_append_printf (svg,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                          "viewBox=\"0 0 %u %u\" width=\"%u\" height=\"%u\" "
                          "shape-rendering=\"crispEdges\">\n"
                          "<rect width=\"%u\" height=\"%u\" fill=\"#ffffff\"/>\n"
                          "<path fill=\"#000000\" d=\"",
                          size, size, size * DEFAULT_SCALE, size * DEFAULT_SCALE,
                          size, size);

  /* Runs of dark modules in a row become one rectangle of unit height:
   * the same squares, a much shorter path. */
  for (guint y = 0; y < code->width; y++)
    {
      guint x = 0;

      while (x < code->width)
        {
          guint run = 0;

          while (x + run < code->width && code->modules[(gsize) y * code->width + x + run])
            run++;
          if (run == 0)
            {
              x++;
              continue;
            }
          g_string_append_printf (svg, "M%u %uh%uv1h-%uz",
                                  x + QUIET_ZONE, y + QUIET_ZONE, run, run);
          x += run;
        }
    }

  g_string_append (svg, "\"/>\n</svg>\n");

  return g_string_free (svg, FALSE);
}

gboolean
sk_qr_save_svg (const SkQrCode  *code,
                const char      *path,
                GError         **error)
{
  char *svg;
  gboolean ok;

  g_return_val_if_fail (code != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  svg = sk_qr_to_svg (code);
  ok = save_private_file (path, (const guint8 *) svg, strlen (svg), error);
  sk_wipe_string (svg);

  return ok;
}

/* Decoding */

typedef struct {
  SkSecret *text;
  double    left;
  double    top;
  double    bottom;
} FoundCode;

static void
found_code_clear (gpointer data)
{
  FoundCode *found = data;

  g_clear_pointer (&found->text, sk_secret_unref);
}

/* QR byte mode has no declared encoding; UTF-8 is what every
 * authenticator writes, and ISO 8859-1 is the standard's default. */
static SkSecret *
symbol_text (const guint8 *data,
             gsize         size)
{
  SkSecret *text;
  guint8 *out;
  gsize extra = 0;

  if (g_utf8_validate_len ((const char *) data, size, NULL))
    return sk_secret_new_from_data (data, size);

  for (gsize i = 0; i < size; i++)
    if (data[i] >= 0x80)
      extra++;

  text = sk_secret_new (size + extra);
  out = sk_secret_get_mutable (text);
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] < 0x80)
        *out++ = data[i];
      else
        {
          *out++ = 0xc0 | (data[i] >> 6);
          *out++ = 0x80 | (data[i] & 0x3f);
        }
    }

  return text;
}

/* Scans a tightly packed 8-bit grey buffer; found codes are appended with
 * coordinates divided by @scale (the buffer may be an enlarged copy). */
static void
scan_gray (guint8  *pixels,
           guint    width,
           guint    height,
           guint    scale,
           GArray  *found)
{
  zbar_image_scanner_t *scanner;
  zbar_image_t *image;
  const zbar_symbol_t *symbol;

  scanner = zbar_image_scanner_create ();
  /* QR codes only: other symbologies find false barcodes in screenshots. */
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  /* The raw bytes: zbar would otherwise guess a text encoding (Shift-JIS
   * among others) and may mangle UTF-8 account names. */
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
  /* Light-on-dark codes (dark mode screenshots). */
  zbar_image_scanner_set_config (scanner, 0, ZBAR_CFG_TEST_INVERTED, 1);

  image = zbar_image_create ();
  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, pixels, (unsigned long) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    {
      for (symbol = zbar_image_first_symbol (image);
           symbol != NULL;
           symbol = zbar_symbol_next (symbol))
        {
          const char *data = zbar_symbol_get_data (symbol);
          unsigned int length = zbar_symbol_get_data_length (symbol);
          unsigned int n_points = zbar_symbol_get_loc_size (symbol);
          FoundCode code = { NULL, G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE };

          if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL || length == 0)
            continue;

          for (unsigned int i = 0; i < n_points; i++)
            {
              double px = zbar_symbol_get_loc_x (symbol, i) / (double) scale;
              double py = zbar_symbol_get_loc_y (symbol, i) / (double) scale;

              code.left = MIN (code.left, px);
              code.top = MIN (code.top, py);
              code.bottom = MAX (code.bottom, py);
            }
          if (n_points == 0)
            code.left = code.top = code.bottom = 0;

          code.text = symbol_text ((const guint8 *) data, length);
          /* zbar keeps its copy until the image goes: wipe it first. */
          sodium_memzero ((char *) data, length);
          g_array_append_val (found, code);
        }
    }

  /* The symbols hold the only other copy of the texts. */
  zbar_image_set_data (image, NULL, 0, NULL);
  zbar_image_destroy (image);
  zbar_image_scanner_destroy (scanner);
}

static int
compare_top (gconstpointer a,
             gconstpointer b)
{
  const FoundCode *fa = a;
  const FoundCode *fb = b;

  return (fa->top > fb->top) - (fa->top < fb->top);
}

static int
compare_left (gconstpointer a,
              gconstpointer b)
{
  const FoundCode *fa = a;
  const FoundCode *fb = b;

  return (fa->left > fb->left) - (fa->left < fb->left);
}

/* Reading order: codes whose tops fall within the vertical extent of the
 * row being built belong to that row (codes side by side are rarely
 * aligned to the pixel); rows go top to bottom, each left to right. */
static void
sort_reading_order (GArray *found)
{
  guint row_start = 0;

  g_array_sort (found, compare_top);

  while (row_start < found->len)
    {
      guint row_end = row_start + 1;
      double row_bottom = g_array_index (found, FoundCode, row_start).bottom;
      double row_top = g_array_index (found, FoundCode, row_start).top;

      while (row_end < found->len)
        {
          const FoundCode *next = &g_array_index (found, FoundCode, row_end);
          double middle = row_top + (row_bottom - row_top) / 2;

          if (next->top > middle)
            break;
          row_bottom = MAX (row_bottom, next->bottom);
          row_end++;
        }

      qsort (&g_array_index (found, FoundCode, row_start), row_end - row_start,
             sizeof (FoundCode), compare_left);
      row_start = row_end;
    }
}

static guint8 *
upscale_gray (const guint8 *pixels,
              guint         width,
              guint         height,
              guint         factor)
{
  guint out_width = width * factor;
  guint8 *out = g_malloc ((gsize) out_width * height * factor);

  for (guint y = 0; y < height * factor; y++)
    {
      const guint8 *src = pixels + (gsize) (y / factor) * width;
      guint8 *dst = out + (gsize) y * out_width;

      for (guint x = 0; x < out_width; x++)
        dst[x] = src[x / factor];
    }

  return out;
}

static void
wipe_and_free (guint8 *pixels,
               gsize   size)
{
  if (pixels == NULL)
    return;
  sodium_memzero (pixels, size);
  g_free (pixels);
}

/* Takes ownership of @pixels (tightly packed, width * height). */
static GPtrArray *
decode_tight (guint8   *pixels,
              guint     width,
              guint     height,
              GError  **error)
{
  g_autoptr(GArray) found = NULL;
  GPtrArray *texts;

  found = g_array_new (FALSE, TRUE, sizeof (FoundCode));
  g_array_set_clear_func (found, found_code_clear);

  scan_gray (pixels, width, height, 1, found);

  /* Screenshots of small codes leave two or three pixels per module, too
   * few for zbar's finder: try again on an enlarged copy. */
  if (found->len == 0 && MAX (width, height) <= 2048)
    {
      guint factor = MAX (width, height) <= 600 ? 3 : 2;
      guint8 *big = upscale_gray (pixels, width, height, factor);

      scan_gray (big, width * factor, height * factor, factor, found);
      wipe_and_free (big, (gsize) width * factor * height * factor);
    }

  wipe_and_free (pixels, (gsize) width * height);

  if (found->len == 0)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND,
                   _("No QR code was found in the picture"));
      return NULL;
    }

  sort_reading_order (found);

  texts = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  for (guint i = 0; i < found->len; i++)
    {
      FoundCode *code = &g_array_index (found, FoundCode, i);

      g_ptr_array_add (texts, g_steal_pointer (&code->text));
    }

  return texts;
}

GPtrArray *
sk_qr_decode_gray (const guint8  *pixels,
                   guint          width,
                   guint          height,
                   guint          stride,
                   GError       **error)
{
  guint8 *tight;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (stride >= width, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width == 0 || height == 0)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                   _("The picture is empty (%u × %u pixels)"), width, height);
      return NULL;
    }
  if ((guint64) width * height > MAX_IMAGE_PIXELS)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                   _("The picture is too large to scan (%u × %u pixels)"), width, height);
      return NULL;
    }

  /* zbar's Y800 wants rows without padding. */
  tight = g_malloc ((gsize) width * height);
  for (guint y = 0; y < height; y++)
    memcpy (tight + (gsize) y * width, pixels + (gsize) y * stride, width);

  return decode_tight (tight, width, height, error);
}

/* Grey = Rec. 601 luma; transparent parts are laid on white, as a viewer
 * shows them (a QR code with a transparent background is common). */
static guint8 *
pixbuf_to_gray (GdkPixbuf *pixbuf)
{
  guint width = gdk_pixbuf_get_width (pixbuf);
  guint height = gdk_pixbuf_get_height (pixbuf);
  guint stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint channels = gdk_pixbuf_get_n_channels (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *gray = g_malloc ((gsize) width * height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *row = pixels + (gsize) y * stride;
      guint8 *out = gray + (gsize) y * width;

      for (guint x = 0; x < width; x++)
        {
          const guint8 *p = row + (gsize) x * channels;
          guint luma = (299 * p[0] + 587 * p[1] + 114 * p[2] + 500) / 1000;

          if (alpha)
            luma = (luma * p[3] + 255 * (255 - p[3]) + 127) / 255;
          out[x] = (guint8) luma;
        }
    }

  return gray;
}

static void
wipe_pixbuf (GdkPixbuf *pixbuf)
{
  guint length = 0;
  guint8 *pixels = gdk_pixbuf_get_pixels_with_length (pixbuf, &length);

  sodium_memzero (pixels, length);
}

/* Pictures larger than this are refused before any pixel is decoded:
 * a header can claim any size, and a QR code never needs 100 megapixels. */
#define MAX_IMAGE_PIXELS (100u * 1000u * 1000u)

/* The formats screenshots and photos of QR codes come in. Other loaders
 * (BMP, ICO, TGA, XPM…) are not offered untrusted input: some allocate
 * whatever their header asks for before the size can be checked. */
static const char * const image_types[] = {
  "image/png", "image/jpeg", "image/gif", "image/webp", "image/tiff", NULL
};
/* Their names, as people know them. */
static const char * const image_type_names[] = {
  "PNG", "JPEG", "GIF", "WebP", "TIFF", NULL
};

/* Whether gdk-pixbuf has a working loader for @mime (WebP comes from a
 * separate package, webp-pixbuf-loader, which may be missing). */
static gboolean
has_loader (const char *mime)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      GdkPixbufFormat *format = l->data;
      g_auto(GStrv) types = NULL;

      if (gdk_pixbuf_format_is_disabled (format))
        continue;
      types = gdk_pixbuf_format_get_mime_types (format);
      if (types != NULL && g_strv_contains ((const char * const *) types, mime))
        return TRUE;
    }
  return FALSE;
}

/**
 * sk_qr_readable_formats:
 *
 * The picture formats sk_qr_decode_file() reads on this system, for
 * messages: those Sparekey accepts for which gdk-pixbuf has a loader.
 *
 * Returns: (transfer full): e.g. "PNG, JPEG, GIF, WebP, TIFF"
 */
char *
sk_qr_readable_formats (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; image_types[i] != NULL; i++)
    if (has_loader (image_types[i]))
      {
        if (out->len > 0)
          g_string_append (out, ", ");
        g_string_append (out, image_type_names[i]);
      }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The error for a picture we cannot read, naming what we can. */
static void
set_unreadable_error (GError     **error,
                      const char  *name)
{
  g_autofree char *readable = sk_qr_readable_formats ();

  if (name != NULL)
    g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                 _("“%s” is not a picture Sparekey can read; it reads %s"), name, readable);
  else
    g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                 _("The data is not a picture Sparekey can read; it reads %s"), readable);
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gboolean        *too_large)
{
  if ((guint64) width * (guint64) height > MAX_IMAGE_PIXELS)
    {
      /* A size of 0 tells the loader to stop before it allocates. */
      *too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static GdkPixbufLoader *
loader_for (GBytes      *image_data,
            const char  *name,
            GError     **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (image_data, &size);
  g_autofree char *content_type = g_content_type_guess (NULL, data, size, NULL);
  g_autofree char *mime = g_content_type_get_mime_type (content_type);

  if (mime == NULL || !g_strv_contains (image_types, mime) || !has_loader (mime))
    {
      set_unreadable_error (error, name);
      return NULL;
    }
  return gdk_pixbuf_loader_new_with_mime_type (mime, error);
}

static GPtrArray *
decode_image_bytes (GBytes      *image_data,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean too_large = FALSE;
  gboolean written, closed;
  GdkPixbuf *pixbuf;
  guint width;
  guint height;
  guint8 *gray;

  loader = loader_for (image_data, name, &local_error);
  if (loader == NULL)
    {
      if (g_error_matches (local_error, SK_QR_ERROR, SK_QR_ERROR_IMAGE))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                     _("The picture cannot be read: %s"), local_error->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &too_large);
  written = gdk_pixbuf_loader_write_bytes (loader, image_data, &local_error) && !too_large;
  /* The loader must always be closed; its error only matters if writing
   * went well. */
  closed = gdk_pixbuf_loader_close (loader, written ? &local_error : NULL);
  if (!written || !closed || too_large)
    {
      if (too_large)
        {
          g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                       _("The picture is too large (over %u megapixels)"),
                       MAX_IMAGE_PIXELS / 1000000);
          return NULL;
        }
      /* gdk-pixbuf's "Unrecognized image file format" names nothing the
       * user can act on. */
      if (g_error_matches (local_error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_UNKNOWN_TYPE))
        set_unreadable_error (error, name);
      else if (name != NULL)
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                     _("“%s” cannot be read as a picture: %s"), name, local_error->message);
      else
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                     _("The picture cannot be read: %s"), local_error->message);
      return NULL;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      if (name != NULL)
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                     _("“%s” cannot be read as a picture: it holds no image"), name);
      else
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                     _("The picture cannot be read: it holds no image"));
      return NULL;
    }

  /* Photos carry their rotation (and sometimes a mirror) in EXIF; a
   * mirrored QR code does not decode. */
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  if (oriented != NULL)
    pixbuf = oriented;

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  if (gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB ||
      gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                   _("The picture has a pixel format Sparekey cannot read"));
      return NULL;
    }
  if (width == 0 || height == 0 || (guint64) width * height > MAX_IMAGE_PIXELS)
    {
      g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE,
                   _("The picture is too large to scan (%u × %u pixels)"), width, height);
      return NULL;
    }

  gray = pixbuf_to_gray (pixbuf);
  wipe_pixbuf (pixbuf);
  if (oriented != NULL)
    wipe_pixbuf (gdk_pixbuf_loader_get_pixbuf (loader));

  return decode_tight (gray, width, height, error);
}

GPtrArray *
sk_qr_decode_bytes (GBytes  *image_data,
                    GError **error)
{
  g_return_val_if_fail (image_data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return decode_image_bytes (image_data, NULL, error);
}

GPtrArray *
sk_qr_decode_file (const char  *path,
                   GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  GPtrArray *texts;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Bounded like every input; a picture of a secret stays in guarded
   * memory. */
  name = g_filename_display_basename (path);
  contents = sk_secret_new_from_file (path, SK_INPUT_MAX_SIZE, &local_error);
  if (contents == NULL)
    {
      g_set_error (error, SK_QR_ERROR,
                   g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                   ? SK_QR_ERROR_NO_FILE
                   : g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE)
                   ? SK_QR_ERROR_IMAGE : SK_QR_ERROR_IO,
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  bytes = g_bytes_new_static (sk_secret_get_data (contents), sk_secret_get_size (contents));
  texts = decode_image_bytes (bytes, name, error);
  g_clear_pointer (&bytes, g_bytes_unref);

  return texts;
}
