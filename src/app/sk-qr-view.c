/* sk-qr-view.c: a QR code drawn module by module, crisp at any size
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "sk-qr-view.h"

/* The quiet zone the QR standard asks for, in modules. */
#define QUIET_ZONE 4

struct _SkQrView
{
  GtkWidget  parent_instance;

  SkQrCode  *code;
};

G_DEFINE_FINAL_TYPE (SkQrView, sk_qr_view, GTK_TYPE_WIDGET)

static void
free_code (SkQrView *self)
{
  if (self->code == NULL)
    return;
  /* The modules encode a secret. */
  sodium_memzero (self->code->modules, (gsize) self->code->width * self->code->width);
  g_free (self->code->modules);
  g_free (self->code);
  self->code = NULL;
}

static void
sk_qr_view_measure (GtkWidget      *widget,
                    GtkOrientation  orientation,
                    int             for_size,
                    int            *minimum,
                    int            *natural,
                    int            *minimum_baseline,
                    int            *natural_baseline)
{
  SkQrView *self = SK_QR_VIEW (widget);
  int modules = self->code ? (int) self->code->width + 2 * QUIET_ZONE : 29 + 2 * QUIET_ZONE;

  /* Two pixels a module is still scannable from a screen. */
  *minimum = modules * 2;
  *natural = modules * 6;
}

static void
sk_qr_view_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  SkQrView *self = SK_QR_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA white = { 1, 1, 1, 1 };
  GdkRGBA black = { 0, 0, 0, 1 };
  int modules, module_size, side, x0, y0;
  guint n;

  if (self->code == NULL)
    return;

  n = self->code->width;
  modules = (int) n + 2 * QUIET_ZONE;
  /* Whole pixels per module: no module is ever blurred across pixels. */
  module_size = MAX (1, MIN (width, height) / modules);
  side = module_size * modules;
  x0 = (width - side) / 2;
  y0 = (height - side) / 2;

  gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (x0, y0, side, side));

  for (guint y = 0; y < n; y++)
    {
      const guint8 *row = self->code->modules + (gsize) y * n;
      guint x = 0;

      /* One rectangle per run of dark modules. */
      while (x < n)
        {
          guint start;

          if (!row[x])
            {
              x++;
              continue;
            }
          start = x;
          while (x < n && row[x])
            x++;
          gtk_snapshot_append_color (snapshot, &black,
                                     &GRAPHENE_RECT_INIT (x0 + (QUIET_ZONE + start) * module_size,
                                                          y0 + (QUIET_ZONE + y) * module_size,
                                                          (x - start) * module_size,
                                                          module_size));
        }
    }
}

static void
sk_qr_view_finalize (GObject *object)
{
  free_code (SK_QR_VIEW (object));

  G_OBJECT_CLASS (sk_qr_view_parent_class)->finalize (object);
}

static void
sk_qr_view_class_init (SkQrViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = sk_qr_view_finalize;
  widget_class->measure = sk_qr_view_measure;
  widget_class->snapshot = sk_qr_view_snapshot;

  gtk_widget_class_set_css_name (widget_class, "qrview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sk_qr_view_init (SkQrView *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("QR code"),
                                  -1);
}

GtkWidget *
sk_qr_view_new (void)
{
  return g_object_new (SK_TYPE_QR_VIEW, NULL);
}

void
sk_qr_view_set_code (SkQrView       *self,
                     const SkQrCode *code)
{
  g_return_if_fail (SK_IS_QR_VIEW (self));

  free_code (self);
  if (code != NULL)
    {
      gsize size = (gsize) code->width * code->width;

      self->code = g_new0 (SkQrCode, 1);
      self->code->width = code->width;
      self->code->modules = g_memdup2 (code->modules, size);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const SkQrCode *
sk_qr_view_get_code (SkQrView *self)
{
  g_return_val_if_fail (SK_IS_QR_VIEW (self), NULL);

  return self->code;
}
