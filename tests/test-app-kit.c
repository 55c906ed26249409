/* test-app-kit.c: the emergency kit draws every character of its text,
 * in English and Chinese, from the print path (what a printer gets) and
 * from the saved PDF
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sk-app-test-util.h"
#include "sk-app-util.h"
#include "sk-kit-print.h"
#include "sk-test-util.h"

/* Pages are rendered at this resolution (pixels per inch) to look for
 * ink. */
#define DPI 150.0

typedef struct {
  int     width;
  int     height;
  guint8 *pixels;  /* 8-bit grey, 0 black */
} Page;

static void
page_free (Page *page)
{
  g_free (page->pixels);
  g_free (page);
}

/* Reads a binary PGM (P5, 8 bits) as pdftoppm -gray writes it. */
static Page *
read_pgm (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  Page *page;
  int maxval = 0, n = 0;
  const char *p;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (length > 2 && data[0] == 'P' && data[1] == '5');
  page = g_new0 (Page, 1);
  p = data + 2;
  /* Width, height, maximum value; then one whitespace byte. */
  while (n < 3)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (*p == '#')
        {
          while (*p != '\n')
            p++;
          continue;
        }
      if (n == 0)
        page->width = (int) g_ascii_strtoll (p, (char **) &p, 10);
      else if (n == 1)
        page->height = (int) g_ascii_strtoll (p, (char **) &p, 10);
      else
        maxval = (int) g_ascii_strtoll (p, (char **) &p, 10);
      n++;
    }
  p++;
  g_assert_cmpint (maxval, ==, 255);
  g_assert_cmpuint ((gsize) (p - data) + (gsize) page->width * page->height, <=, length);
  page->pixels = g_memdup2 (p, (gsize) page->width * page->height);
  return page;
}

/* Dark pixels in the rectangle (PDF points, top-left origin). */
static guint
ink (Page   *page,
     double  x0,
     double  y0,
     double  x1,
     double  y1)
{
  double k = DPI / 72.0;
  int px0 = MAX (0, (int) (x0 * k)), py0 = MAX (0, (int) (y0 * k));
  int px1 = MIN (page->width, (int) (x1 * k + 0.999)), py1 = MIN (page->height, (int) (y1 * k + 0.999));
  guint n = 0;

  for (int y = py0; y < py1; y++)
    for (int x = px0; x < px1; x++)
      n += page->pixels[y * page->width + x] < 160 ? 1 : 0;
  return n;
}

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      const struct { const char *entity; char c; } entities[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' },
      };
      gboolean done = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (entities) && !done; i++)
        if (g_str_has_prefix (p, entities[i].entity))
          {
            g_string_append_c (out, entities[i].c);
            p += strlen (entities[i].entity) - 1;
            done = TRUE;
          }
      if (!done)
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Where each character of @word lies across the word, as fractions of
 * its width (start and end, two per character), as Pango sets it in the
 * kit's fonts. */
static double *
char_cells (const char *word)
{
  static PangoContext *context;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string ("Sans 100");
  glong n = g_utf8_strlen (word, -1);
  double *cells = g_new0 (double, 2 * MAX (n, 1));
  int width, height;
  guint i = 0;

  if (context == NULL)
    context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  layout = pango_layout_new (context);
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_text (layout, word, -1);
  pango_layout_get_size (layout, &width, &height);
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      PangoRectangle pos;

      pango_layout_index_to_pos (layout, p - word, &pos);
      cells[2 * i] = (double) MIN (pos.x, pos.x + pos.width) / width;
      cells[2 * i + 1] = (double) MAX (pos.x, pos.x + pos.width) / width;
    }
  return cells;
}

/* Checks that every character of @pdf's text layer has ink where the text
 * layer puts it; returns the characters that do not, as "page N: “c” in
 * “word”" lines. @n_chars gets how many characters were checked.
 *
 * pdftotext gives each word's box; Pango sets the word again in the same
 * fonts, which says where each character lies across it. Each character
 * but spaces must have ink in the middle of its cell (its outer 15% on
 * either side may be blank: side bearings). */
static char *
check_pdf (const char *dir,
           const char *pdf,
           guint      *n_chars)
{
  g_autofree char *xhtml = NULL;
  g_autofree char *stderr_text = NULL;
  g_autofree char *prefix = g_build_filename (dir, "page", NULL);
  g_autoptr(GRegex) page_re = g_regex_new ("<page ", 0, 0, NULL);
  g_autoptr(GRegex) word_re = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
                                           "yMax=\"([0-9.]+)\">([^<]*)</word>", 0, 0, NULL);
  g_autoptr(GString) missing = g_string_new (NULL);
  g_auto(GStrv) pages_text = NULL;
  int status = 0;

  *n_chars = 0;
  {
    const char *argv[] = { "pdftotext", "-bbox", pdf, "-", NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 &xhtml, &stderr_text, &status, NULL));
    g_assert_cmpint (status, ==, 0);
  }
  {
    g_autofree char *dpi = g_strdup_printf ("%d", (int) DPI);
    const char *argv[] = { "pdftoppm", "-gray", "-r", dpi, pdf, prefix, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_cmpint (status, ==, 0);
  }

  pages_text = g_regex_split (page_re, xhtml, 0);
  /* The first part is the header. */
  for (guint n = 1; pages_text[n] != NULL; n++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *pgm = NULL;
      Page *page = NULL;

      /* pdftoppm numbers pages with as many digits as the last needs. */
      for (int digits = 1; digits <= 3 && page == NULL; digits++)
        {
          g_free (pgm);
          pgm = g_strdup_printf ("%s-%0*u.pgm", prefix, digits, n);
          if (g_file_test (pgm, G_FILE_TEST_EXISTS))
            page = read_pgm (pgm);
        }
      g_assert_nonnull (page);

      g_regex_match (word_re, pages_text[n], 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *x0s = g_match_info_fetch (match, 1);
          g_autofree char *y0s = g_match_info_fetch (match, 2);
          g_autofree char *x1s = g_match_info_fetch (match, 3);
          g_autofree char *y1s = g_match_info_fetch (match, 4);
          g_autofree char *raw = g_match_info_fetch (match, 5);
          g_autofree char *word = unescape (raw);
          double x0 = g_ascii_strtod (x0s, NULL), y0 = g_ascii_strtod (y0s, NULL);
          double x1 = g_ascii_strtod (x1s, NULL), y1 = g_ascii_strtod (y1s, NULL);
          g_autofree double *cells = NULL;
          glong n_word = g_utf8_strlen (word, -1);
          guint i = 0;

          *n_chars += n_word;
          cells = char_cells (word);
          for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p), i++)
            {
              gunichar c = g_utf8_get_char (p);
              double left = x0 + cells[2 * i] * (x1 - x0);
              double right = x0 + cells[2 * i + 1] * (x1 - x0);
              double margin = (right - left) * 0.15;

              if (g_unichar_isspace (c))
                continue;
              if (ink (page, left + margin, y0, right - margin, y1) == 0)
                {
                  char text[8] = { 0 };

                  g_unichar_to_utf8 (c, text);
                  g_string_append_printf (missing, "page %u: “%s” in “%s”\n", n, text, word);
                }
            }
        }
      page_free (page);
    }
  return missing->len > 0 ? g_string_free (g_steal_pointer (&missing), FALSE) : NULL;
}

/* A vault with what the kit prints: accounts (Chinese names, codes and
 * none), recovery codes, identities active, lost and cancelled. */
static void
make_kit_vault (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = NULL;
  g_autoptr(SkIdentity) lost = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(SkIdentity) cancelled = sk_identity_new (SK_IDENTITY_PHONE, "13900139000");
  g_autoptr(SkIdentity) email = sk_identity_new (SK_IDENTITY_EMAIL, "zhang@qq.com");
  g_autoptr(GPtrArray) secrets = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  GListModel *accounts;
  SkVault *vault;
  gint64 now = g_get_real_time ();

  sk_app_test_make_vault (path, "pw", 3);
  store = sk_store_open (path, "pw", &error);
  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  accounts = sk_vault_get_accounts (vault);
  sk_identity_set_status (lost, SK_IDENTITY_LOST);
  sk_identity_set_status (cancelled, SK_IDENTITY_CANCELLED);
  g_assert_true (sk_inventory_save_identity (vault, lost, now, &error));
  g_assert_true (sk_inventory_save_identity (vault, cancelled, now, &error));
  g_assert_true (sk_inventory_save_identity (vault, email, now, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (accounts); i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      SkIdentity *identities[] = { lost, cancelled, email };
      g_autofree char *binding = NULL;

      if (i == 0)
        sk_account_set_issuer (account, "微信");
      if (i == 1)
        sk_account_set_issuer (account, "支付宝");
      binding = sk_inventory_bind (vault, sk_account_get_uuid (account), sk_identity_get_uuid (identities[i]),
                                   SK_ROLE_SECURITY_PHONE, NULL, NULL, NULL, now, &error);
      g_assert_no_error (error);
    }
  {
    g_autoptr(SkAccount) account = g_list_model_get_item (accounts, 0);

    g_ptr_array_add (secrets, sk_secret_new_from_string ("abcd-efgh"));
    g_ptr_array_add (secrets, sk_secret_new_from_string ("1234-5678"));
    sk_recovery_codes_add (vault, sk_account_get_uuid (account), secrets, now);
  }
  g_assert_true (sk_store_save (store, &error));
  g_assert_no_error (error);
}

/* poppler-utils is in build-aux/deps.sh's test packages. */
static gboolean
have_poppler (void)
{
  g_autofree char *text = g_find_program_in_path ("pdftotext");
  g_autofree char *ppm = g_find_program_in_path ("pdftoppm");

  if (text != NULL && ppm != NULL)
    return TRUE;
  g_test_skip ("pdftotext and pdftoppm (poppler-utils) are needed");
  return FALSE;
}

static void
test_kit_drawn (gconstpointer data)
{
  const char *language = data;
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "vault.sparekey", NULL);
  g_autofree char *localedir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "..", "..", "po", NULL);
  const char *routes[] = { "print", "save" };
  g_autoptr(GError) error = NULL;
  SkWindow *window;

  if (!have_poppler ())
    return;
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("SPAREKEY_LOCALEDIR", localedir, TRUE);
  sk_app_init_i18n ();

  make_kit_vault (path);
  window = sk_app_test_open_window (path);
  g_assert_true (sk_app_test_unlock (window, "pw"));

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    {
      g_autofree char *pdf = g_strdup_printf ("%s/kit-%s.pdf", dir, routes[r]);
      g_autofree char *pages_dir = g_strdup_printf ("%s/%s", dir, routes[r]);
      g_autofree char *missing = NULL;
      g_autofree char *text = NULL;
      guint n_chars = 0;

      if (r == 0)
        g_assert_true (sk_kit_print_export_pdf (sk_app_test_session (window), pdf, &error));
      else
        g_assert_true (sk_kit_print_save_pdf (sk_app_test_session (window), pdf, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_mkdir (pages_dir, 0700), ==, 0);
      missing = check_pdf (pages_dir, pdf, &n_chars);
      g_test_message ("%s, %s: %u characters checked", language, routes[r], n_chars);
      g_assert_cmpuint (n_chars, >, 1000);
      if (missing != NULL)
        g_error ("%s, %s: characters of the text layer not drawn:\n%s", language, routes[r], missing);

      /* Nothing left in English in the Chinese kit's statuses. */
      {
        const char *argv[] = { "pdftotext", pdf, "-", NULL };

        g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                     &text, NULL, NULL, NULL));
        g_assert_nonnull (strstr (text, sk_identity_status_get_label (SK_IDENTITY_LOST)));
        g_assert_nonnull (strstr (text, sk_identity_status_get_label (SK_IDENTITY_CANCELLED)));
        if (g_str_equal (language, "zh_CN"))
          {
            const char *english[] = { "(lost)", "(Lost)", "(cancelled)", "(Cancelled)" };

            for (guint i = 0; i < G_N_ELEMENTS (english); i++)
              g_assert_null (strstr (text, english[i]));
            g_assert_nonnull (strstr (text, "如果已没有任何找回途径"));
          }
        else
          {
            g_assert_nonnull (strstr (text, "(Lost)"));
            g_assert_nonnull (strstr (text, "(Cancelled)"));
          }
      }
    }

  sk_app_test_close_window (window);
  g_unsetenv ("LANGUAGE");
  sk_app_init_i18n ();
}

/* The checker finds a character that is in the text layer but not
 * drawn: white text is in the text layer and has no ink. */
static void
test_checker_finds_missing (void)
{
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "probe.pdf", NULL);
  g_autofree char *missing = NULL;
  cairo_surface_t *surface = cairo_pdf_surface_create (pdf, 300, 200);
  cairo_t *cr = cairo_create (surface);
  const char *texts[] = { "如果已没有", "Sparekey kit" };
  guint n_chars;

  if (!have_poppler ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
      g_autoptr(PangoFontDescription) desc = pango_font_description_from_string ("Sans 14");
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoAttribute *white = pango_attr_foreground_new (0xffff, 0xffff, 0xffff);

      /* The second character of each, drawn white. */
      white->start_index = i == 0 ? 3 : 1;
      white->end_index = i == 0 ? 6 : 2;
      pango_attr_list_insert (attrs, white);
      pango_layout_set_font_description (layout, desc);
      pango_layout_set_text (layout, texts[i], -1);
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      cairo_move_to (cr, 20, 20 + 60 * i);
      pango_cairo_show_layout (cr, layout);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  missing = check_pdf (dir, pdf, &n_chars);
  g_assert_nonnull (missing);
  g_test_message ("%s", missing);
  g_assert_nonnull (strstr (missing, "“果” in “如果已没有”"));
  g_assert_nonnull (strstr (missing, "“p” in “Sparekey”"));
  g_assert_null (strstr (missing, "“S” in “Sparekey”"));
  g_assert_null (strstr (missing, "in “kit”"));
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/kit/checker-finds-missing", test_checker_finds_missing);
  g_test_add_data_func ("/sparekey/app/kit/drawn/en", "en", test_kit_drawn);
  g_test_add_data_func ("/sparekey/app/kit/drawn/zh_CN", "zh_CN", test_kit_drawn);
  return g_test_run ();
}
