/* test-app-contrast.c: every coloured text style of the app, and the
 * inventory's "Lost" tag, read at WCAG AA (4.5:1) in the light and the
 * dark style, measured on the pixels GTK draws with libadwaita's and the
 * app's style sheets
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sk-app-test-util.h"
#include "sk-identity-row.h"
#include "sk-test-util.h"

/* The style classes the app gives text, as it gives them: on a label
 * ("label"), on the row whose title and subtitle it colours ("row"), or
 * on a label inside a banner box ("banner"). The countdown draws its
 * seconds in the colours of .accent and .warning, checked here. */
typedef struct {
  const char *where;
  const char *classes;
} Case;

static const Case cases[] = {
  { "label", "dim-label" },
  { "label", "warning" },
  { "label", "error" },
  { "label", "success" },
  { "label", "accent" },
  { "label", "sk-code" },
  { "label", "sk-codes-left" },
  { "label", "sk-codes-left warning" },
  { "label", "sk-tag error" },
  { "label", "sk-code-text" },
  { "row", "" },
  { "row", "sk-warning-row" },
  { "row", "error" },
  { "banner", "sk-banner" },
  { "banner", "sk-recovery-banner" },
};

static double
channel (guint8 value)
{
  double c = value / 255.0;

  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of an opaque pixel (B, G, R, A bytes). */
static double
luminance (const guint8 *p)
{
  return 0.2126 * channel (p[2]) + 0.7152 * channel (p[1]) + 0.0722 * channel (p[0]);
}

static double
contrast (const guint8 *a,
          const guint8 *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The contrast of the text in @rect of @pixels: the most frequent colour
 * is the background, the pixel farthest from it is the text's own
 * colour (the glyphs are drawn large enough for solid pixels). */
static double
measure (const guint8          *pixels,
         gsize                  stride,
         const graphene_rect_t *rect)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint32 background = 0;
  guint best = 0;
  double most = 1;

  for (int y = (int) ceil (rect->origin.y); y < (int) (rect->origin.y + rect->size.height); y++)
    for (int x = (int) ceil (rect->origin.x); x < (int) (rect->origin.x + rect->size.width); x++)
      {
        guint32 pixel;
        guint n;

        memcpy (&pixel, pixels + y * stride + x * 4, 4);
        n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (pixel))) + 1;
        g_hash_table_insert (counts, GUINT_TO_POINTER (pixel), GUINT_TO_POINTER (n));
        if (n > best)
          {
            best = n;
            background = pixel;
          }
      }
  g_assert_cmpuint (best, >, 0);
  for (int y = (int) ceil (rect->origin.y); y < (int) (rect->origin.y + rect->size.height); y++)
    for (int x = (int) ceil (rect->origin.x); x < (int) (rect->origin.x + rect->size.width); x++)
      most = MAX (most, contrast (pixels + y * stride + x * 4, (const guint8 *) &background));
  return most;
}

/* @window as GTK draws it, read back: B, G, R, A bytes, @width * 4 a
 * row. SK_CONTRAST_PNG=file.png saves the picture measured, to look at. */
static guint8 *
render_window (GtkWidget *window,
               int       *width,
               int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *pixels;

  *width = gtk_widget_get_width (window);
  *height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  if (g_getenv ("SK_CONTRAST_PNG") != NULL)
    gdk_texture_save_to_png (texture, g_getenv ("SK_CONTRAST_PNG"));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, (gsize) *width * 4);
  return pixels;
}

static GtkWidget *
add_classes (GtkWidget  *widget,
             const char *classes)
{
  g_auto(GStrv) names = g_strsplit (classes, " ", -1);

  for (guint i = 0; names[i] != NULL; i++)
    if (*names[i] != '\0')
      gtk_widget_add_css_class (widget, names[i]);
  return widget;
}

static gboolean
is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

static void
check_scheme (AdwColorScheme  scheme,
              const char     *name)
{
  g_autoptr(GString) failures = g_string_new (NULL);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkCssProvider) large = gtk_css_provider_new ();
  g_autofree guint8 *pixels = NULL;
  GtkWidget *window, *box, *list;
  int width, height;

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);

  /* Large, bold glyphs: their strokes are many pixels wide, so the
   * text's colour appears unblended. Sizes do not change colours. */
  gtk_css_provider_load_from_data (large, "label { font-size: 40px; font-weight: 900; }", -1);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (large),
                                              GTK_STYLE_PROVIDER_PRIORITY_USER);

  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_box_append (GTK_BOX (box), list);
  gtk_window_set_child (GTK_WINDOW (window), box);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];

      if (g_str_equal (c->where, "label"))
        {
          /* On a card, as in the lists. */
          GtkWidget *label = add_classes (gtk_label_new ("Lost 8 Ag"), c->classes);
          GtkWidget *row = gtk_list_box_row_new ();

          gtk_widget_set_halign (label, GTK_ALIGN_START);
          gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          g_ptr_array_add (labels, label);
          g_ptr_array_add (names, g_strdup_printf ("label.%s", c->classes));
        }
      else if (g_str_equal (c->where, "row"))
        {
          GtkWidget *row = add_classes (adw_action_row_new (), c->classes);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Title 8");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Subtitle 8");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
          g_ptr_array_add (labels, row);
          g_ptr_array_add (names, g_strdup_printf ("row.%s", c->classes));
        }
      else
        {
          /* A banner on the window's own background. */
          GtkWidget *banner = add_classes (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0), c->classes);
          GtkWidget *label = gtk_label_new ("Banner 8");

          gtk_box_append (GTK_BOX (banner), label);
          gtk_box_append (GTK_BOX (box), banner);
          g_ptr_array_add (labels, label);
          g_ptr_array_add (names, g_strdup_printf ("banner.%s", c->classes));
        }
    }

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sk_app_test_wait (is_drawn, window, SK_APP_TEST_MAX_WAIT_MS));
  sk_app_test_run_for (300);

  pixels = render_window (window, &width, &height);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *widget = labels->pdata[i];
      g_autoptr(GPtrArray) parts = g_ptr_array_new ();

      if (ADW_IS_ACTION_ROW (widget))
        {
          /* The title and the subtitle, each on its own. */
          GtkLabel *title = sk_app_test_find_label (widget, "Title 8");
          GtkLabel *subtitle = sk_app_test_find_label (widget, "Subtitle 8");

          g_assert_nonnull (title);
          g_assert_nonnull (subtitle);
          g_ptr_array_add (parts, title);
          g_ptr_array_add (parts, subtitle);
        }
      else
        g_ptr_array_add (parts, widget);
      for (guint j = 0; j < parts->len; j++)
        {
          graphene_rect_t bounds;
          double ratio;

          g_assert_true (gtk_widget_compute_bounds (parts->pdata[j], window, &bounds));
          /* With the label's own background (tags) and some of what is
           * behind it. */
          graphene_rect_inset (&bounds, -2, 0);
          graphene_rect_intersection (&bounds, &GRAPHENE_RECT_INIT (0, 0, width, height), &bounds);
          ratio = measure (pixels, (gsize) width * 4, &bounds);
          g_test_message ("%s %s%s: %.2f:1", name, (const char *) names->pdata[i],
                          j == 1 ? " (subtitle)" : "", ratio);
          if (ratio < 4.5)
            g_string_append_printf (failures, "%s%s: %.2f:1; ", (const char *) names->pdata[i],
                                    j == 1 ? " (subtitle)" : "", ratio);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (large));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  if (failures->len > 0)
    g_error ("%s style: under 4.5:1: %s", name, failures->str);
}

static void
test_light (void)
{
  check_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT, "light");
}

static void
test_dark (void)
{
  check_scheme (ADW_COLOR_SCHEME_FORCE_DARK, "dark");
}

static GtkWidget *
find_css (GtkWidget  *root,
          const char *css_class)
{
  if (gtk_widget_has_css_class (root, css_class))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_css (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The "Lost" tag of an identity row in a boxed list, as the inventory
 * shows it, in both styles: at its own size, on its own background. */
static void
test_lost_tag (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkIdentity) identity = sk_identity_new (SK_IDENTITY_PHONE, "13800138000");
  g_autoptr(GError) error = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *tag;
  const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK };
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GSimpleAction) edit = g_simple_action_new ("edit-identity", G_VARIANT_TYPE_STRING);

  /* The row's action, as the inventory has it: without it the row is
   * drawn insensitive, faded. */
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (edit));
  gtk_widget_insert_action_group (window, "inventory", G_ACTION_GROUP (actions));
  sk_identity_set_status (identity, SK_IDENTITY_LOST);
  g_assert_true (sk_inventory_save_identity (vault, identity, g_get_real_time (), &error));
  g_assert_no_error (error);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), sk_identity_row_new (identity));
  gtk_widget_set_margin_start (list, 12);
  gtk_widget_set_margin_end (list, 12);
  gtk_widget_set_margin_top (list, 12);
  gtk_widget_set_margin_bottom (list, 12);
  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 120);
  gtk_window_present (GTK_WINDOW (window));
  tag = find_css (list, "sk-tag");
  g_assert_nonnull (tag);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autofree guint8 *pixels = NULL;
      graphene_rect_t bounds;
      int width, height;
      double ratio;

      adw_style_manager_set_color_scheme (style, schemes[i]);
      sk_app_test_run_for (300);
      g_assert_true (gtk_widget_get_mapped (tag));
      pixels = render_window (window, &width, &height);
      g_assert_true (gtk_widget_compute_bounds (tag, window, &bounds));
      g_assert_cmpfloat (bounds.size.width, >, 4);
      graphene_rect_intersection (&bounds, &GRAPHENE_RECT_INIT (0, 0, width, height), &bounds);
      ratio = measure (pixels, (gsize) width * 4, &bounds);
      g_test_message ("%s style: the Lost tag draws at %.2f:1",
                      adw_style_manager_get_dark (style) ? "dark" : "light", ratio);
      g_assert_cmpint (adw_style_manager_get_dark (style), ==, schemes[i] == ADW_COLOR_SCHEME_FORCE_DARK);
      g_assert_cmpfloat (ratio, >=, 4.5);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  sk_app_test_init (&argc, &argv);

  g_test_add_func ("/sparekey/app/contrast/light", test_light);
  g_test_add_func ("/sparekey/app/contrast/dark", test_dark);
  g_test_add_func ("/sparekey/app/contrast/lost-tag", test_lost_tag);
  return g_test_run ();
}
