/* sk-countdown.c: a small ring that shows the seconds left of a code
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#include "sk-countdown.h"

#define SIZE 30
/* The ring's line, and the least space between it and the digits. */
#define LINE_WIDTH 2.5
#define RING_GAP 1

struct _SkCountdown
{
  GtkWidget  parent_instance;

  guint      seconds_left;
  guint      period;
  PangoLayout *layout;
};

G_DEFINE_FINAL_TYPE (SkCountdown, sk_countdown, GTK_TYPE_WIDGET)

static void
sk_countdown_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SkCountdown *self = SK_COUNTDOWN (widget);
  int text_width, text_height;

  /* The widest two digits inside the ring, with a gap to it: larger
   * text (a higher font DPI) makes a larger ring, never digits on the
   * line. The widget's font context changes with the text scale. */
  pango_layout_context_changed (self->layout);
  pango_layout_set_text (self->layout, "88", -1);
  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  *minimum = *natural = MAX (SIZE, (int) ceil (sqrt ((double) text_width * text_width +
                                                    (double) text_height * text_height)) +
                                   2 * (LINE_WIDTH + RING_GAP));
}

static void
sk_countdown_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SkCountdown *self = SK_COUNTDOWN (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double size = MIN (width, height);
  double radius = (size - LINE_WIDTH) / 2.0 - 0.5;
  double fraction;
  GdkRGBA color;
  cairo_t *cr;
  char text[16];
  int text_width, text_height;

  if (self->period == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  fraction = (double) self->seconds_left / self->period;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  /* Track. */
  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.18);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  /* Time left, running clockwise from the top. */
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, radius,
             -G_PI / 2, -G_PI / 2 + 2 * G_PI * fraction);
  cairo_stroke (cr);
  cairo_destroy (cr);

  g_snprintf (text, sizeof text, "%u", self->seconds_left);
  pango_layout_set_text (self->layout, text, -1);
  pango_layout_get_pixel_size (self->layout, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT ((width - text_width) / 2.0,
                                                (height - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
update_layout_font (SkCountdown *self)
{
  PangoFontDescription *desc = pango_font_description_new ();

  pango_font_description_set_size (desc, 8 * PANGO_SCALE);
  pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (self->layout, desc);
  pango_font_description_free (desc);
}

static void
sk_countdown_finalize (GObject *object)
{
  SkCountdown *self = SK_COUNTDOWN (object);

  g_clear_object (&self->layout);

  G_OBJECT_CLASS (sk_countdown_parent_class)->finalize (object);
}

static void
sk_countdown_class_init (SkCountdownClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sk_countdown_finalize;
  widget_class->measure = sk_countdown_measure;
  widget_class->snapshot = sk_countdown_snapshot;

  gtk_widget_class_set_css_name (widget_class, "countdown");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PROGRESS_BAR);
}

static void
sk_countdown_init (SkCountdown *self)
{
  /* A fixed name: the seconds are its value (and the row's label says
   * how often the code renews), so a focused row is not read again
   * every second. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time left for the code"),
                                  -1);
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  update_layout_font (self);
}

GtkWidget *
sk_countdown_new (void)
{
  return g_object_new (SK_TYPE_COUNTDOWN, NULL);
}

void
sk_countdown_set (SkCountdown *self,
                  guint        seconds_left,
                  guint        period)
{
  g_return_if_fail (SK_IS_COUNTDOWN (self));

  if (self->seconds_left == seconds_left && self->period == period)
    return;

  self->seconds_left = seconds_left;
  self->period = period;

  /* The last seconds are shown in the warning colour. */
  if (period > 0 && seconds_left <= 5)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "warning");

  if (period > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u second left",
                                                            "%u seconds left",
                                                            seconds_left),
                                               seconds_left);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) period,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) seconds_left,
                                      GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                      -1);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}
