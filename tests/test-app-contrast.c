/* test-app-contrast.c: text colours measured as drawn: the inventory's
 * "Lost" tag passes WCAG AA (4.5:1) in the light and the dark style
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "sk-app-test-util.h"
#include "sk-identity-row.h"
#include "sk-test-util.h"

/* WCAG 2's relative luminance of an sRGB colour (0-255 channels). */
static double
luminance (const guint8 *rgb)
{
  double sum = 0;
  static const double weight[] = { 0.2126, 0.7152, 0.0722 };

  for (guint c = 0; c < 3; c++)
    {
      double v = rgb[c] / 255.0;

      v = v <= 0.04045 ? v / 12.92 : pow ((v + 0.055) / 1.055, 2.4);
      sum += weight[c] * v;
    }
  return sum;
}

static double
contrast (const guint8 *a,
          const guint8 *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The window as drawn, in RGBA bytes. */
static guint8 *
render_window (GtkWidget *window,
               int       *width,
               int       *height,
               gsize     *stride)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  guint8 *data;

  *width = gtk_widget_get_width (window);
  *height = gtk_widget_get_height (window);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  /* SK_CONTRAST_PNG=file.png: the picture measured, to look at. */
  if (g_getenv ("SK_CONTRAST_PNG") != NULL)
    gdk_texture_save_to_png (texture, g_getenv ("SK_CONTRAST_PNG"));
  *stride = (gsize) *width * 4;
  data = g_malloc (*stride * *height);
  /* Downloaded as cairo's ARGB32 in native order: B, G, R, A here. */
  gdk_texture_download (texture, data, *stride);
  return data;
}

/* The contrast of @label's text on what is behind it, as drawn: the
 * background is the commonest colour inside the label, the text the
 * colour that stands out most from it (the core of a stroke). */
static double
drawn_contrast (GtkWidget *window,
                GtkWidget *label)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  g_autofree guint8 *data = NULL;
  graphene_rect_t bounds;
  int width, height;
  gsize stride;
  guint32 background = 0;
  guint best_count = 0;
  guint8 bg[3];
  double best = 1;
  GHashTableIter iter;
  gpointer key, value;

  data = render_window (window, &width, &height, &stride);
  g_assert_true (gtk_widget_compute_bounds (label, window, &bounds));
  g_assert_cmpfloat (bounds.size.width, >, 4);
  for (int y = (int) bounds.origin.y; y < (int) (bounds.origin.y + bounds.size.height) && y < height; y++)
    for (int x = (int) bounds.origin.x; x < (int) (bounds.origin.x + bounds.size.width) && x < width; x++)
      {
        const guint8 *p = data + y * stride + x * 4;
        guint32 rgb = (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (rgb + 1))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (rgb + 1), GUINT_TO_POINTER (n));
      }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) > best_count)
      {
        best_count = GPOINTER_TO_UINT (value);
        background = GPOINTER_TO_UINT (key) - 1;
      }
  bg[0] = background >> 16;
  bg[1] = (background >> 8) & 0xff;
  bg[2] = background & 0xff;
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint32 rgb = GPOINTER_TO_UINT (key) - 1;
      guint8 fg[3] = { rgb >> 16, (rgb >> 8) & 0xff, rgb & 0xff };

      best = MAX (best, contrast (fg, bg));
    }
  return best;
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
 * shows it, in both styles. */
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
      double ratio;

      adw_style_manager_set_color_scheme (style, schemes[i]);
      sk_app_test_run_for (300);
      g_assert_true (gtk_widget_get_mapped (tag));
      ratio = drawn_contrast (window, tag);
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

  g_test_add_func ("/sparekey/app/contrast/lost-tag", test_lost_tag);
  return g_test_run ();
}
