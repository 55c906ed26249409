/* test-qr.c: QR codes out (libqrencode) and in (zbar)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sk-test-util.h"

#define QUIET 4

static const char *texts[] = {
  "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example",
  /* Raw UTF-8 in the label, as some generators write it. */
  "otpauth://totp/测试银行:张三?secret=JBSWY3DPEHPK3PXP&issuer=测试银行",
  "otpauth://hotp/%C3%84rger:b%C3%A4r?secret=GEZDGNBVGY3TQOJQ&counter=17",
};

static void
assert_single_text (GPtrArray  *found,
                    const char *want)
{
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (found, 0)), ==, want);
  g_assert_cmpuint (sk_secret_get_size (g_ptr_array_index (found, 0)), ==, strlen (want));
}

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_encode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (texts[0], &error);
  guint dark = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (code->width, >=, 21);
  g_assert_cmpuint (code->width, <=, 177);
  g_assert_cmpuint ((code->width - 17) % 4, ==, 0);
  for (guint i = 0; i < code->width * code->width; i++)
    {
      g_assert_cmpuint (code->modules[i], <=, 1);
      dark += code->modules[i];
    }
  /* The finder patterns: the corners are dark, the separators light. */
  g_assert_cmpuint (code->modules[0], ==, 1);
  g_assert_cmpuint (code->modules[code->width - 1], ==, 1);
  g_assert_cmpuint (code->modules[(code->width - 1) * code->width], ==, 1);
  g_assert_cmpuint (code->modules[7], ==, 0);
  g_assert_cmpuint (dark, >, code->width * code->width / 4);
  g_assert_cmpuint (dark, <, code->width * code->width * 3 / 4);
}

static void
test_png_roundtrip (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint scale = 0; scale <= 4; scale += 2)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SkQrCode) code = sk_qr_encode (texts[i], &error);
        g_autofree char *path = g_strdup_printf ("%s/code-%u-%u.png", dir, i, scale);
        g_autoptr(GPtrArray) found = NULL;
        g_autoptr(GPtrArray) from_bytes = NULL;
        g_autoptr(GdkPixbuf) pixbuf = NULL;
        g_autofree char *contents = NULL;
        g_autoptr(GBytes) bytes = NULL;
        gsize length;

        g_assert_no_error (error);
        g_assert_true (sk_qr_save_png (code, path, scale, &error));
        g_assert_no_error (error);
        assert_mode_0600 (path);

        pixbuf = gdk_pixbuf_new_from_file (path, &error);
        g_assert_no_error (error);
        g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==,
                         (code->width + 2 * QUIET) * (scale == 0 ? 8 : scale));
        g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, gdk_pixbuf_get_width (pixbuf));

        found = sk_qr_decode_file (path, &error);
        g_assert_no_error (error);
        assert_single_text (found, texts[i]);

        g_file_get_contents (path, &contents, &length, &error);
        g_assert_no_error (error);
        bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
        from_bytes = sk_qr_decode_bytes (bytes, &error);
        g_assert_no_error (error);
        assert_single_text (from_bytes, texts[i]);
      }
}

static void
test_latin1 (void)
{
  /* Byte mode without ECI means ISO 8859-1 to the standard: a text that
   * is not UTF-8 comes back converted. */
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "latin1.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode ("otpauth://totp/caf\xe9?secret=GEZDGNBV", &error);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_no_error (error);
  g_assert_true (sk_qr_save_png (code, path, 3, &error));
  g_assert_no_error (error);
  found = sk_qr_decode_file (path, &error);
  g_assert_no_error (error);
  assert_single_text (found, "otpauth://totp/caf\xc3\xa9?secret=GEZDGNBV");
}

static void
test_overwrite_keeps_0600 (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (texts[0], &error);

  /* A file already there with wider permissions is replaced. */
  g_file_set_contents (path, "old", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (sk_qr_save_png (code, path, 2, &error));
  g_assert_no_error (error);
  assert_mode_0600 (path);

  g_assert_true (sk_qr_save_svg (code, path, &error));
  g_assert_no_error (error);
  assert_mode_0600 (path);
}

static void
test_zbarimg (void)
{
  g_autofree char *zbarimg = g_find_program_in_path ("zbarimg");
  g_autofree char *dir = NULL;

  if (zbarimg == NULL)
    {
      g_test_skip ("zbarimg is not installed");
      return;
    }

  dir = sk_test_make_tmpdir ();
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkQrCode) code = sk_qr_encode (texts[i], &error);
      g_autofree char *path = g_strdup_printf ("%s/zbar-%u.png", dir, i);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = 0;
      const char *argv[] = { zbarimg, "--quiet", "--raw", "-Sbinary", path, NULL };

      g_assert_no_error (error);
      g_assert_true (sk_qr_save_png (code, path, 4, &error));
      g_assert_no_error (error);

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &out, &err, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      /* --raw with binary mode prints the bytes as they are. */
      g_assert_true (g_str_has_prefix (out, texts[i]));
      g_assert_cmpstr (g_strchomp (out), ==, texts[i]);
    }
}

/* Fills the quiet-zone module matrix from the SVG path. */
typedef struct {
  char    *view_box;
  char    *rendering;
  guint    n_paths;
  char    *d;
  gboolean has_background;
} SvgInfo;

static void
svg_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             user_data,
           GError             **error)
{
  SvgInfo *info = user_data;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (element, "svg") == 0 && strcmp (names[i], "viewBox") == 0)
        info->view_box = g_strdup (values[i]);
      else if (strcmp (element, "svg") == 0 && strcmp (names[i], "shape-rendering") == 0)
        info->rendering = g_strdup (values[i]);
      else if (strcmp (element, "path") == 0 && strcmp (names[i], "d") == 0)
        info->d = g_strdup (values[i]);
      else if (strcmp (element, "rect") == 0 && strcmp (names[i], "fill") == 0)
        info->has_background = strcmp (values[i], "#ffffff") == 0;
    }
  if (strcmp (element, "path") == 0)
    info->n_paths++;
}

static void
test_svg (void)
{
  static const GMarkupParser parser = { svg_start, NULL, NULL, NULL, NULL };
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "code.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (texts[1], &error);
  g_autofree char *svg = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *want_box = NULL;
  g_autofree guint8 *drawn = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgInfo info = { 0 };
  const char *p;
  guint size;

  g_assert_no_error (error);
  svg = sk_qr_to_svg (code);
  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &info, NULL);
  /* The XML declaration is not markup GMarkup accepts: skip it. */
  p = strstr (svg, "<svg");
  g_assert_nonnull (p);
  g_assert_true (g_markup_parse_context_parse (context, p, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  size = code->width + 2 * QUIET;
  want_box = g_strdup_printf ("0 0 %u %u", size, size);
  g_assert_cmpstr (info.view_box, ==, want_box);
  g_assert_cmpstr (info.rendering, ==, "crispEdges");
  g_assert_cmpuint (info.n_paths, ==, 1);
  g_assert_true (info.has_background);
  g_assert_nonnull (info.d);

  /* Draw the path back into a matrix: it must be the code exactly. */
  drawn = g_malloc0 (size * size);
  for (p = info.d; *p != '\0';)
    {
      guint x, y, run, back;
      int consumed = 0;

      g_assert_cmpint (sscanf (p, "M%u %uh%uv1h-%uz%n", &x, &y, &run, &back, &consumed), ==, 4);
      g_assert_cmpuint (consumed, >, 0);
      g_assert_cmpuint (run, ==, back);
      g_assert_cmpuint (x + run, <=, size);
      g_assert_cmpuint (y, <, size);
      for (guint i = 0; i < run; i++)
        {
          g_assert_cmpuint (drawn[y * size + x + i], ==, 0);
          drawn[y * size + x + i] = 1;
        }
      p += consumed;
    }
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        gboolean inside = x >= QUIET && y >= QUIET && x < size - QUIET && y < size - QUIET;
        guint8 want = inside ? code->modules[(y - QUIET) * code->width + (x - QUIET)] : 0;

        g_assert_cmpuint (drawn[y * size + x], ==, want);
      }

  g_assert_true (sk_qr_save_svg (code, path, &error));
  g_assert_no_error (error);
  assert_mode_0600 (path);
  g_file_get_contents (path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved, ==, svg);

  g_free (info.view_box);
  g_free (info.rendering);
  g_free (info.d);
}

static void
test_terminal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (texts[0], &error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint size;
  guint n_lines;

  g_assert_no_error (error);
  text = sk_qr_to_terminal (code);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\n"));

  size = code->width + 2 * QUIET;
  lines = g_strsplit (text, "\n", -1);
  n_lines = g_strv_length (lines) - 1;   /* after the last newline: "" */
  g_assert_cmpuint (n_lines, ==, (size + 1) / 2);
  g_assert_cmpstr (lines[n_lines], ==, "");

  for (guint row = 0; row < n_lines; row++)
    {
      const char *p = lines[row];
      guint column = 0;

      /* Explicit dark-on-light colours on every line, reset at its end. */
      g_assert_true (g_str_has_prefix (p, "\033["));
      g_assert_true (g_str_has_suffix (p, "\033[0m"));
      while (*p != '\0')
        {
          gunichar c;
          gboolean top, bottom;
          guint y = row * 2;

          if (*p == '\033')
            {
              p = strchr (p, 'm');
              g_assert_nonnull (p);
              p++;
              continue;
            }
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
          g_assert_true (c == ' ' || c == 0x2580 || c == 0x2584 || c == 0x2588);
          top = c == 0x2580 || c == 0x2588;
          bottom = c == 0x2584 || c == 0x2588;

          g_assert_cmpuint (column, <, size);
          for (guint half = 0; half < 2; half++)
            {
              guint yy = y + half;
              gboolean inside = column >= QUIET && yy >= QUIET &&
                                column < size - QUIET && yy < size - QUIET;
              gboolean want = inside && code->modules[(yy - QUIET) * code->width + column - QUIET];

              g_assert_cmpint (half == 0 ? top : bottom, ==, want);
            }
          column++;
        }
      g_assert_cmpuint (column, ==, size);
    }
}

/* Draws @code into a grey buffer at (@x0, @y0), @scale pixels per module. */
static void
draw_code (guint8         *pixels,
           guint           stride,
           const SkQrCode *code,
           guint           x0,
           guint           y0,
           guint           scale)
{
  for (guint y = 0; y < code->width * scale; y++)
    for (guint x = 0; x < code->width * scale; x++)
      if (code->modules[(y / scale) * code->width + x / scale])
        pixels[(y0 + y) * stride + x0 + x] = 0;
}

static void
test_several_codes (void)
{
  static const char *words[] = {
    "otpauth://totp/A:one?secret=GEZDGNBV",
    "otpauth://totp/B:two?secret=GEZDGNBW",
    "otpauth://totp/C:three?secret=GEZDGNBX",
    "otpauth://totp/D:four?secret=GEZDGNBY",
  };
  const guint scale = 4;
  const guint cell = 45 * scale;
  const guint width = 2 * cell + 20;
  const guint stride = width + 13;     /* padded rows */
  const guint height = 2 * cell + 20;
  g_autofree guint8 *pixels = g_malloc (stride * height);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) two = NULL;
  g_autoptr(GPtrArray) four = NULL;
  g_autoptr(GPtrArray) inverted = NULL;
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "four.png", NULL);
  g_autoptr(GPtrArray) from_file = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;

  memset (pixels, 255, stride * height);
  /* Two side by side, the right one a little higher than the left. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SkQrCode) code = sk_qr_encode (words[i], &error);

      g_assert_no_error (error);
      draw_code (pixels, stride, code, 16 + i * cell, i == 0 ? 24 : 12, scale);
    }
  two = sk_qr_decode_gray (pixels, width, cell + 40, stride, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (two->len, ==, 2);
  g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (two, 0)), ==, words[0]);
  g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (two, 1)), ==, words[1]);

  /* A second row below: reading order is row by row. */
  for (guint i = 2; i < 4; i++)
    {
      g_autoptr(SkQrCode) code = sk_qr_encode (words[i], &error);

      g_assert_no_error (error);
      draw_code (pixels, stride, code, 16 + (i - 2) * cell, cell + 16, scale);
    }
  four = sk_qr_decode_gray (pixels, width, height, stride, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (four->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (four, i)), ==, words[i]);

  /* The same picture through a PNG file (RGB, through gdk-pixbuf). */
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *p = gdk_pixbuf_get_pixels (pixbuf) + y * gdk_pixbuf_get_rowstride (pixbuf) + x * 3;

        p[0] = p[1] = p[2] = pixels[y * stride + x];
      }
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  from_file = sk_qr_decode_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_file->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (from_file, i)), ==, words[i]);

  /* Dark mode: light codes on a dark background. */
  for (guint i = 0; i < stride * height; i++)
    pixels[i] = 255 - pixels[i];
  inverted = sk_qr_decode_gray (pixels, width, height, stride, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (inverted->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (inverted, i)), ==, words[i]);
}

static void
test_small_and_transparent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkQrCode) code = sk_qr_encode (texts[0], &error);
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *small = g_build_filename (dir, "small.png", NULL);
  g_autofree char *clear = g_build_filename (dir, "clear.png", NULL);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) found_clear = NULL;
  g_autoptr(GdkPixbuf) alpha = NULL;
  guint size;

  g_assert_no_error (error);
  /* One pixel per module, as in a screenshot of a small code: zbar alone
   * does not find it, the enlarged second pass does. */
  g_assert_true (sk_qr_save_png (code, small, 1, &error));
  g_assert_no_error (error);
  found = sk_qr_decode_file (small, &error);
  g_assert_no_error (error);
  assert_single_text (found, texts[0]);

  /* Dark modules on a transparent background: laid on white. */
  size = (code->width + 2 * QUIET) * 4;
  alpha = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, size, size);
  gdk_pixbuf_fill (alpha, 0x00000000);
  for (guint y = 0; y < size; y++)
    for (guint x = 0; x < size; x++)
      {
        guint mx = x / 4, my = y / 4;
        gboolean dark = mx >= QUIET && my >= QUIET && mx < code->width + QUIET &&
                        my < code->width + QUIET &&
                        code->modules[(my - QUIET) * code->width + mx - QUIET];

        if (dark)
          {
            guint8 *p = gdk_pixbuf_get_pixels (alpha) + y * gdk_pixbuf_get_rowstride (alpha) + x * 4;

            p[0] = 10;
            p[1] = 20;
            p[2] = 30;
            p[3] = 255;
          }
      }
  gdk_pixbuf_save (alpha, clear, "png", &error, NULL);
  g_assert_no_error (error);
  found_clear = sk_qr_decode_file (clear, &error);
  g_assert_no_error (error);
  assert_single_text (found_clear, texts[0]);
}

static void
test_errors (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *text_file = g_build_filename (dir, "not-a-picture.png", NULL);
  g_autofree char *blank_file = g_build_filename (dir, "blank.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autofree char *long_text = NULL;
  g_autofree char *fits = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) blank = NULL;
  g_autoptr(GBytes) garbage = g_bytes_new_static ("hello", 5);
  g_autoptr(SkQrCode) max = NULL;
  guint8 grey[64 * 64];
  GPtrArray *found;
  SkQrCode *code;

  g_file_set_contents (text_file, "this is just text, not a PNG\n", -1, &error);
  g_assert_no_error (error);
  found = sk_qr_decode_file (text_file, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, "not-a-picture.png"));
  g_clear_error (&error);

  found = sk_qr_decode_bytes (garbage, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
  g_clear_error (&error);

  found = sk_qr_decode_file (missing, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_NO_FILE);
  g_clear_error (&error);

  /* Read bounded: an endless device is refused at the cap. */
  found = sk_qr_decode_file ("/dev/zero", &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
  g_clear_error (&error);

  blank = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 200, 150);
  gdk_pixbuf_fill (blank, 0xffffffff);
  gdk_pixbuf_save (blank, blank_file, "png", &error, NULL);
  g_assert_no_error (error);
  found = sk_qr_decode_file (blank_file, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  memset (grey, 128, sizeof grey);
  found = sk_qr_decode_gray (grey, 64, 64, 64, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Version 40-M holds 2331 bytes in byte mode, not one more. */
  fits = g_strnfill (2331, 'a');
  max = sk_qr_encode (fits, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (max->width, ==, 177);

  long_text = g_strnfill (2332, 'a');
  code = sk_qr_encode (long_text, &error);
  g_assert_null (code);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (error->message, "2332"));
  g_clear_error (&error);

  code = sk_qr_encode ("", &error);
  g_assert_null (code);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A scale that would make an absurd picture. */
  g_assert_false (sk_qr_save_png (max, blank_file, 1000, &error));
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IO);
  g_clear_error (&error);

  /* A folder that does not exist. */
  {
    g_autofree char *nowhere = g_build_filename (dir, "no", "such", "code.svg", NULL);

    g_assert_false (sk_qr_save_svg (max, nowhere, &error));
    g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IO);
    g_clear_error (&error);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  }
}

/* Interop: pictures made by other tools and real camera frames */

static void
test_interop_index (void)
{
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *index_path = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *items;
  guint single = 0;
  guint multi = 0;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  index_path = g_build_filename (shared, "interop", "derived_qr", "index.json", NULL);
  parser = json_parser_new ();
  json_parser_load_from_file (parser, index_path, &error);
  g_assert_no_error (error);
  items = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (items), >=, 20);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      const char *png = json_object_get_string_member (item, "png");
      const char *uri = json_object_get_string_member (item, "uri");
      g_autofree char *path = g_build_filename (shared, "interop", png, NULL);
      g_autoptr(GPtrArray) found = NULL;

      g_test_message ("%s", png);
      found = sk_qr_decode_file (path, &error);
      g_assert_no_error (error);

      if (g_str_has_prefix (uri, "otpauth"))
        {
          assert_single_text (found, uri);
          single++;
        }
      else
        {
          /* A picture of several codes, described in words. */
          g_assert_cmpuint (found->len, >=, 2);
          for (guint j = 0; j < found->len; j++)
            g_assert_true (sk_migration_is_uri (sk_secret_get_string (g_ptr_array_index (found, j))));
          multi++;
        }
    }

  g_assert_cmpuint (single, >=, 20);
  g_assert_cmpuint (multi, >=, 1);
}

static guint8 *
gunzip_file (const char *path,
             gsize      *size)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GConverter) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();

  raw = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  gunzip = G_CONVERTER (g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP));
  stream = g_converter_input_stream_new (raw, gunzip);
  g_output_stream_splice (out, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  *size = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_interop_camera_frames (void)
{
  static const char want[] =
    "otpauth://totp/neo4j:Charlotte?secret=B33WS2ALPT34K4BNY24AYROE4M&issuer=neo4j&algorithm=SHA1&digits=6&period=30";
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *plain_path = NULL;
  g_autofree char *strided_path = NULL;
  g_autofree guint8 *plain = NULL;
  g_autofree guint8 *strided = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) found_strided = NULL;
  g_autoptr(GPtrArray) wrong = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  /* Raw camera luma, as an app hands over a video frame. */
  plain_path = g_build_filename (shared, "interop", "aegis", "com", "beemdevelopment", "aegis",
                                 "helpers", "qr.y.gz", NULL);
  plain = gunzip_file (plain_path, &size);
  g_assert_cmpuint (size, ==, 1600 * 1200);
  found = sk_qr_decode_gray (plain, 1600, 1200, 1600, &error);
  g_assert_no_error (error);
  assert_single_text (found, want);

  /* Rows padded to 1856 bytes: only the right stride reads it. */
  strided_path = g_build_filename (shared, "interop", "aegis", "com", "beemdevelopment", "aegis",
                                   "helpers", "qr.strided.y.gz", NULL);
  strided = gunzip_file (strided_path, &size);
  g_assert_cmpuint (size, >=, 1856 * 1379 + 1840);
  found_strided = sk_qr_decode_gray (strided, 1840, 1380, 1856, &error);
  g_assert_no_error (error);
  assert_single_text (found_strided, want);

  wrong = sk_qr_decode_gray (strided, 1840, 1380, 1840, &error);
  g_assert_null (wrong);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND);
}

static void
test_interop_not_a_picture (void)
{
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  path = g_build_filename (shared, "interop", "scito_extract_otp_secrets", "tests", "data",
                           "text_masquerading_as_image.jpeg", NULL);
  found = sk_qr_decode_file (path, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
}

/* WebP screenshots (chat apps send them) are read through gdk-pixbuf's
 * WebP loader. The picture is made here: by gdk-pixbuf when its loader
 * can write WebP, else by ImageMagick. */
static void
test_webp (void)
{
  static const char text[] = "otpauth://totp/WebP:alice?secret=JBSWY3DPEHPK3PXP&issuer=WebP";
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "code.png", NULL);
  g_autofree char *webp = g_build_filename (dir, "code.webp", NULL);
  g_autofree char *readable = sk_qr_readable_formats ();
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gsize head_len = 0;

  /* A runtime dependency (build-aux/deps.sh): without it, WebP
   * pictures fail. */
  g_assert_nonnull (strstr (readable, "WebP"));
  g_assert_nonnull (strstr (readable, "PNG"));
  g_assert_nonnull (strstr (readable, "JPEG"));

  code = sk_qr_encode (text, &error);
  g_assert_no_error (error);
  g_assert_true (sk_qr_save_png (code, png, 6, &error));
  g_assert_no_error (error);
  pixbuf = gdk_pixbuf_new_from_file (png, &error);
  g_assert_no_error (error);
  if (!gdk_pixbuf_save (pixbuf, webp, "webp", &error, "lossless", "TRUE", NULL))
    {
      g_autofree char *convert = g_find_program_in_path ("convert");
      const char *argv[] = { convert, png, webp, NULL };
      int status = 0;

      g_clear_error (&error);
      if (convert == NULL)
        {
          g_test_skip ("neither gdk-pixbuf nor ImageMagick can write WebP here");
          sk_test_rm_rf (dir);
          return;
        }
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    NULL, NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
    }
  /* Really a WebP file ("RIFF....WEBP"), not a PNG under another name. */
  g_assert_true (g_file_get_contents (webp, &head, &head_len, NULL));
  g_assert_cmpuint (head_len, >, 12);
  g_assert_cmpmem (head, 4, "RIFF", 4);
  g_assert_cmpmem (head + 8, 4, "WEBP", 4);

  found = sk_qr_decode_file (webp, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (sk_secret_get_string (g_ptr_array_index (found, 0)), ==, text);
  sk_test_rm_rf (dir);
}

/* Errors name the formats that can be read, not gdk-pixbuf's
 * "Unrecognized image file format". */
static void
test_unreadable_names_formats (void)
{
  g_autofree char *readable = sk_qr_readable_formats ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bmp = NULL;
  g_autoptr(GBytes) broken_png = NULL;
  static const guint8 bmp_head[] = { 'B', 'M', 0x3e, 0, 0, 0, 0, 0, 0, 0, 0x3e, 0, 0, 0, 0x28, 0 };
  static const guint8 png_head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };
  GPtrArray *found;

  bmp = g_bytes_new_static (bmp_head, sizeof bmp_head);
  found = sk_qr_decode_bytes (bmp, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
  g_assert_nonnull (strstr (error->message, readable));
  g_clear_error (&error);

  broken_png = g_bytes_new_static (png_head, sizeof png_head);
  found = sk_qr_decode_bytes (broken_png, &error);
  g_assert_null (found);
  g_assert_error (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE);
  g_assert_null (strstr (error->message, "Unrecognized"));
}

/* A real WebP screenshot: one Google Authenticator export in two codes. */
static void
test_interop_webp_screenshot (void)
{
  g_autofree char *shared = sk_test_shared_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (shared == NULL)
    {
      g_test_skip ("../shared/interop is not there");
      return;
    }

  path = g_build_filename (shared, "interop", "scito_extract_otp_secrets", "docs",
                           "Exported-QR-codes.webp", NULL);
  found = sk_qr_decode_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  for (guint i = 0; i < found->len; i++)
    g_assert_true (g_str_has_prefix (sk_secret_get_string (g_ptr_array_index (found, i)),
                                     "otpauth-migration://"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!sk_core_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/sparekey/qr/encode", test_encode);
  g_test_add_func ("/sparekey/qr/png-roundtrip", test_png_roundtrip);
  g_test_add_func ("/sparekey/qr/latin1", test_latin1);
  g_test_add_func ("/sparekey/qr/overwrite-0600", test_overwrite_keeps_0600);
  g_test_add_func ("/sparekey/qr/zbarimg", test_zbarimg);
  g_test_add_func ("/sparekey/qr/svg", test_svg);
  g_test_add_func ("/sparekey/qr/terminal", test_terminal);
  g_test_add_func ("/sparekey/qr/several-codes", test_several_codes);
  g_test_add_func ("/sparekey/qr/small-and-transparent", test_small_and_transparent);
  g_test_add_func ("/sparekey/qr/errors", test_errors);
  g_test_add_func ("/sparekey/qr/interop-index", test_interop_index);
  g_test_add_func ("/sparekey/qr/interop-camera-frames", test_interop_camera_frames);
  g_test_add_func ("/sparekey/qr/interop-not-a-picture", test_interop_not_a_picture);
  g_test_add_func ("/sparekey/qr/webp", test_webp);
  g_test_add_func ("/sparekey/qr/unreadable-names-formats", test_unreadable_names_formats);
  g_test_add_func ("/sparekey/qr/interop-webp-screenshot", test_interop_webp_screenshot);

  return g_test_run ();
}
