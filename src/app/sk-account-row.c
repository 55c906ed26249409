/* sk-account-row.c: one row of the codes list
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sodium.h>
#include <glib/gi18n-lib.h>

#include "sk-account-row.h"
#include "sk-app-util.h"
#include "sk-countdown.h"

/* The next code is previewed during the last seconds of a period. */
#define NEXT_CODE_SECONDS 10

/* Logical pixels of the icon beside the account's name. */
#define ICON_SIZE 32

/* Between the parts of a row, and between its buttons. */
#define SPACING 6
#define BUTTON_SPACING 2
/* The issuer keeps room for this many characters (of its own font, so
 * with larger text too) before the code moves under the names. */
#define ISSUER_MIN_CHARS 12

struct _SkAccountRow
{
  AdwBin       parent_instance;

  GtkWidget   *layout_box;   /* the bin's child: not a template child, which AdwBin unparents itself */
  GtkWidget   *text_box;
  GtkWidget   *code_box;
  GtkImage    *icon_image;
  GtkLabel    *initial_label;
  GtkLabel    *issuer_label;
  GtkLabel    *name_label;
  GtkImage    *favourite_image;
  GtkLabel    *codes_label;
  GtkLabel    *code_label;
  GtkLabel    *next_label;
  SkCountdown *countdown;
  GtkButton   *copy_button;
  GtkButton   *next_button;
  GtkMenuButton *menu_button;  /* Copy, Show QR, Details, Delete: made when opened */

  SkAccount   *account;
  gulong       notify_id;
  gboolean     hidden;
  guint        codes_left;
  gboolean     revealed;

  /* The icon picture decoded into icon_image, for that scale factor:
   * decoded when a row is bound, never for accounts out of sight. */
  GBytes      *shown_icon;
  int          shown_scale;

  guint64      shown_step;
  guint64      next_step;
  gboolean     have_code;
  gboolean     have_next;
  char         code[SK_OTP_CODE_MAX];
  char         next_code[SK_OTP_CODE_MAX];
};

G_DEFINE_FINAL_TYPE (SkAccountRow, sk_account_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACCOUNT,
  PROP_HIDDEN,
  PROP_CODES_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_accessible (SkAccountRow *self);

static void
wipe_codes (SkAccountRow *self)
{
  sodium_memzero (self->code, sizeof self->code);
  sodium_memzero (self->next_code, sizeof self->next_code);
  self->have_code = FALSE;
  self->have_next = FALSE;
}

static void
set_code_label (SkAccountRow *self,
                const char   *code)
{
  g_autofree char *grouped = NULL;

  if (code == NULL || *code == '\0')
    {
      gtk_label_set_text (self->code_label, "");
      return;
    }

  if (self->hidden && !self->revealed)
    {
      /* As many dots as digits, grouped the same way. */
      g_autofree char *dots = g_strnfill (strlen (code), '*');
      g_autofree char *masked = sk_format_code (dots);
      GString *s = g_string_new (NULL);

      for (const char *p = masked; *p; p++)
        g_string_append (s, *p == '*' ? "•" : " ");
      gtk_label_set_text (self->code_label, s->str);
      g_string_free (s, TRUE);
      return;
    }

  grouped = sk_format_code (code);
  gtk_label_set_text (self->code_label, grouped);
}

static void
update_icon (SkAccountRow *self)
{
  GBytes *icon = self->account != NULL ? sk_account_get_icon (self->account) : NULL;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GdkTexture) texture = NULL;

  if (icon == self->shown_icon && (icon == NULL || scale == self->shown_scale))
    return;

  g_clear_pointer (&self->shown_icon, g_bytes_unref);
  if (icon != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->shown_icon = g_bytes_ref (icon);
      self->shown_scale = scale;
      texture = sk_icon_texture_new (icon, sk_account_get_icon_mime_type (self->account),
                                     ICON_SIZE * scale, &error);
      /* The initials stand in; the icon itself stays in the vault. */
      if (texture == NULL)
        g_debug ("The icon of an account cannot be shown: %s", error->message);
    }
  gtk_image_set_from_paintable (self->icon_image, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->icon_image), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->initial_label), texture == NULL);
}

static void
set_initial (SkAccountRow *self,
             const char   *name)
{
  char initial[8];

  sk_format_initial (name, initial);
  /* Rows are rebound while scrolling and filtering: skip the relayout
   * when nothing changed. */
  if (strcmp (gtk_label_get_text (self->initial_label), initial) != 0)
    gtk_label_set_text (self->initial_label, initial);
}

static void
update_labels (SkAccountRow *self)
{
  const char *issuer, *name;

  if (self->account == NULL)
    {
      gtk_label_set_text (self->issuer_label, "");
      gtk_label_set_text (self->name_label, "");
      gtk_label_set_text (self->code_label, "");
      gtk_label_set_text (self->next_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->favourite_image), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->codes_label), FALSE);
      sk_countdown_set (self->countdown, 0, 0);
      return;
    }

  issuer = sk_account_get_issuer (self->account);
  name = sk_account_get_name (self->account);
  if (issuer != NULL && *issuer != '\0')
    {
      gtk_label_set_text (self->issuer_label, issuer);
      gtk_label_set_text (self->name_label, name ? name : "");
    }
  else
    {
      gtk_label_set_text (self->issuer_label, name && *name ? name : _("Unnamed account"));
      gtk_label_set_text (self->name_label, "");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->name_label),
                          *gtk_label_get_text (self->name_label) != '\0');
  set_initial (self, gtk_label_get_text (self->issuer_label));
  gtk_widget_set_visible (GTK_WIDGET (self->favourite_image),
                          sk_account_get_favourite (self->account));

  gtk_widget_set_visible (GTK_WIDGET (self->next_button),
                          sk_account_has_code (self->account) &&
                          sk_account_get_otp_type (self->account) == SK_OTP_HOTP);
  gtk_widget_set_visible (GTK_WIDGET (self->countdown),
                          sk_account_has_code (self->account) &&
                          sk_account_get_otp_type (self->account) != SK_OTP_HOTP);
  update_accessible (self);
}

/* What a screen reader says for the row and its buttons. The list item
 * that holds the row is what takes the focus when arrow keys move
 * through the list, and GTK 4.8 names a list item only from its own
 * label (gtk_list_item_set_accessible_label is GTK 4.12), so the label
 * goes on that parent too. The countdown is not in the label: it would
 * make the focused row speak again every second; the label says how
 * often the code renews and the ring carries the seconds as its value. */
static void
update_accessible (SkAccountRow *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  g_autofree char *who = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *more = NULL;
  g_autofree char *next = NULL;
  g_autofree char *validity = NULL;
  GString *label;
  const char *issuer, *name;

  if (self->account == NULL)
    return;

  issuer = gtk_label_get_text (self->issuer_label);
  name = gtk_label_get_text (self->name_label);
  /* Translators: an account in a button's name, "GitHub (alice@example.com)" */
  who = *name != '\0' ? g_strdup_printf (C_("account", "%s (%s)"), issuer, name)
                      : g_strdup (issuer);

  if (sk_account_get_otp_type (self->account) == SK_OTP_HOTP)
    validity = g_strdup (_("a new code on request"));
  else
    {
      SkOtpParams params;

      sk_account_get_params (self->account, &params);
      validity = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "a new code every %u second",
                                               "a new code every %u seconds",
                                               params.period),
                                  params.period);
    }

  label = g_string_new (issuer);
  if (*name != '\0')
    g_string_append_printf (label, ", %s", name);
  g_string_append_printf (label, ", %s", validity);
  if (sk_account_get_favourite (self->account))
    g_string_append_printf (label, ", %s", _("favourite"));
  if (gtk_widget_get_visible (GTK_WIDGET (self->codes_label)))
    g_string_append_printf (label, ", %s",
                            gtk_widget_get_tooltip_text (GTK_WIDGET (self->codes_label)));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
  if (parent != NULL &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label->str, -1);
  g_string_free (label, TRUE);

  copy = g_strdup_printf (_("Copy code for %s"), who);
  more = g_strdup_printf (_("More actions for %s"), who);
  next = g_strdup_printf (_("Generate next code for %s"), who);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->copy_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy, -1);
  sk_menu_button_set_accessible_label (self->menu_button, more);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, next, -1);
}

static void
on_account_notify (SkAccountRow *self,
                   GParamSpec   *pspec)
{
  /* A parameter change invalidates the cached codes. */
  wipe_codes (self);
  update_labels (self);
  update_icon (self);
  sk_account_row_tick (self, sk_now_unix ());
}

void
sk_account_row_tick (SkAccountRow *self,
                     gint64        unix_time)
{
  SkOtpParams params;
  guint64 step;
  guint left;

  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));

  if (self->account == NULL)
    return;

  /* An account without codes (SMS, an app prompt...): how its sign-in is
   * protected stands where a code would, with nothing to copy. */
  if (!sk_account_has_code (self->account))
    {
      gtk_label_set_text (self->code_label,
                          sk_protection_get_label (sk_account_get_protection (self->account)));
      /* Words, not a code: body text, not the large code style. */
      gtk_widget_remove_css_class (GTK_WIDGET (self->code_label), "sk-code");
      gtk_widget_add_css_class (GTK_WIDGET (self->code_label), "dim-label");
      gtk_widget_set_visible (GTK_WIDGET (self->next_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->countdown), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->copy_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->code_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->code_label), "sk-code");
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), TRUE);

  sk_account_get_params (self->account, &params);

  if (params.type == SK_OTP_HOTP)
    {
      /* HOTP codes appear on request only. */
      if (self->have_code)
        set_code_label (self, self->code);
      else
        gtk_label_set_text (self->code_label, "••• •••");
      gtk_widget_set_visible (GTK_WIDGET (self->next_label), FALSE);
      return;
    }

  if (params.period == 0)
    return;

  step = sk_otp_time_step (&params, unix_time);
  left = sk_otp_seconds_left (&params, unix_time);

  if (!self->have_code || self->shown_step != step)
    {
      if (self->have_next && self->next_step == step)
        {
          memcpy (self->code, self->next_code, sizeof self->code);
          self->have_code = TRUE;
        }
      else
        {
          g_autoptr(GError) error = NULL;

          self->have_code = sk_account_generate (self->account, unix_time, self->code, &error);
          if (!self->have_code)
            {
              gtk_label_set_text (self->code_label, _("Error"));
              gtk_widget_set_tooltip_text (GTK_WIDGET (self->code_label), error->message);
              return;
            }
        }
      self->shown_step = step;
      self->have_next = FALSE;
      /* A revealed code hides again with the next one. */
      self->revealed = FALSE;
      set_code_label (self, self->code);
    }

  if (left <= NEXT_CODE_SECONDS && left < params.period)
    {
      if (!self->have_next || self->next_step != step + 1)
        {
          self->have_next = sk_account_generate (self->account,
                                                 unix_time + left, self->next_code, NULL);
          self->next_step = step + 1;
        }
      if (self->have_next && !(self->hidden && !self->revealed))
        {
          g_autofree char *grouped = sk_format_code (self->next_code);
          g_autofree char *text = g_strdup_printf (_("Next: %s"), grouped);

          gtk_label_set_text (self->next_label, text);
          gtk_widget_set_visible (GTK_WIDGET (self->next_label), TRUE);
        }
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->next_label), FALSE);

  sk_countdown_set (self->countdown, left, params.period);
}

void
sk_account_row_set_account (SkAccountRow *self,
                            SkAccount    *account)
{
  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));
  g_return_if_fail (account == NULL || SK_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    {
      g_clear_signal_handler (&self->notify_id, self->account);
      g_clear_object (&self->account);
    }

  wipe_codes (self);
  self->revealed = FALSE;

  if (account != NULL)
    {
      GVariant *target;

      self->account = g_object_ref (account);
      self->notify_id = g_signal_connect_swapped (account, "notify",
                                                  G_CALLBACK (on_account_notify), self);
      target = g_variant_new_string (sk_account_get_uuid (account));
      g_variant_ref_sink (target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->copy_button), target);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->next_button), target);
      g_variant_unref (target);
    }

  update_labels (self);
  update_icon (self);
  if (account != NULL)
    sk_account_row_tick (self, sk_now_unix ());
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

SkAccount *
sk_account_row_get_account (SkAccountRow *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT_ROW (self), NULL);

  return self->account;
}

void
sk_account_row_set_codes_left (SkAccountRow *self,
                               guint         remaining,
                               guint         total)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));

  if (self->codes_left != (total > 0 ? remaining : 0))
    {
      self->codes_left = total > 0 ? remaining : 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CODES_LEFT]);
    }
  if (total == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->codes_label), FALSE);
      update_accessible (self);
      return;
    }

  /* Translators: recovery codes left, a small label on an account's row */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u code", "%u codes", remaining), remaining);
  tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u recovery code left",
                                          "%u of %u recovery codes left", remaining),
                             remaining, total);
  gtk_label_set_text (self->codes_label, text);
  /* A new tooltip is given while it is hidden: see sk_account_row_init(). */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->codes_label)), tooltip) != 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->codes_label), FALSE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->codes_label), tooltip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->codes_label), TRUE);
  update_accessible (self);
  if (remaining <= SK_RECOVERY_CODES_LOW)
    gtk_widget_add_css_class (GTK_WIDGET (self->codes_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->codes_label), "warning");
}

guint
sk_account_row_get_codes_left (SkAccountRow *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT_ROW (self), 0);

  return self->codes_left;
}

void
sk_account_row_set_hidden (SkAccountRow *self,
                           gboolean      hidden)
{
  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));

  hidden = !!hidden;
  if (self->hidden == hidden)
    return;
  self->hidden = hidden;
  if (self->have_code)
    set_code_label (self, self->code);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HIDDEN]);
}

void
sk_account_row_reveal (SkAccountRow *self)
{
  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));

  self->revealed = TRUE;
  if (self->have_code)
    set_code_label (self, self->code);
}

void
sk_account_row_show_hotp (SkAccountRow *self,
                          const char   *code)
{
  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));
  g_return_if_fail (code != NULL);

  g_strlcpy (self->code, code, sizeof self->code);
  self->have_code = TRUE;
  self->revealed = TRUE;
  set_code_label (self, self->code);
}

const char *
sk_account_row_get_code (SkAccountRow *self)
{
  g_return_val_if_fail (SK_IS_ACCOUNT_ROW (self), NULL);

  return self->have_code ? self->code : NULL;
}

/* Layout ---------------------------------------------------------------
 *
 * One line when it fits: icon, issuer and name, code, countdown,
 * buttons. On a narrow window (a phone, 360 px) or with large text the
 * issuer would be cut to "Git…" and the buttons pushed out of the
 * window; then the code and its countdown go on a second line under the
 * names, and the buttons stay at the end of the row. The issuer keeps
 * room for ISSUER_MIN_CHARS characters in one line before the row
 * changes to two.
 */

typedef struct {
  GtkWidget *lead;      /* the icon or the initial */
  GtkWidget *buttons[3];
  guint      n_buttons;
  int        lead_w, text_min, text_nat, text_need, code_w, ring_w, buttons_w;
} RowParts;

static void
measure_width (GtkWidget *widget,
               int       *minimum,
               int       *natural)
{
  *minimum = *natural = 0;
  if (widget != NULL && gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, minimum, natural, NULL, NULL);
}

static int
measure_height (GtkWidget *widget,
                int        for_width,
                int       *natural)
{
  int minimum = 0;

  *natural = 0;
  if (widget != NULL && gtk_widget_get_visible (widget))
    gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, for_width, &minimum, natural, NULL, NULL);
  return minimum;
}

/* The width of @chars average characters in @label's font. */
static int
chars_width (GtkWidget *label,
             guint      chars)
{
  PangoContext *context = gtk_widget_get_pango_context (label);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int width = pango_font_metrics_get_approximate_char_width (metrics) * (int) chars / PANGO_SCALE;

  pango_font_metrics_unref (metrics);
  return width;
}

static void
get_parts (SkAccountRow *self,
           RowParts     *parts)
{
  GtkWidget *buttons[] = {
    GTK_WIDGET (self->next_button), GTK_WIDGET (self->copy_button), GTK_WIDGET (self->menu_button),
  };
  int unused;

  memset (parts, 0, sizeof *parts);
  parts->lead = gtk_widget_get_visible (GTK_WIDGET (self->icon_image)) ? GTK_WIDGET (self->icon_image)
                                                                        : GTK_WIDGET (self->initial_label);
  measure_width (parts->lead, &unused, &parts->lead_w);
  measure_width (self->text_box, &parts->text_min, &parts->text_nat);
  parts->text_need = MIN (parts->text_nat,
                          MAX (parts->text_min, chars_width (GTK_WIDGET (self->issuer_label),
                                                             ISSUER_MIN_CHARS)));
  measure_width (self->code_box, &unused, &parts->code_w);
  measure_width (GTK_WIDGET (self->countdown), &unused, &parts->ring_w);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (gtk_widget_get_visible (buttons[i]))
      {
        int w;

        measure_width (buttons[i], &unused, &w);
        parts->buttons[parts->n_buttons++] = buttons[i];
        parts->buttons_w += (parts->buttons_w > 0 ? BUTTON_SPACING : 0) + w;
      }
}

/* The code and the countdown side by side, with the space between. */
static int
code_line_width (const RowParts *parts)
{
  return parts->code_w + (parts->ring_w > 0 ? SPACING + parts->ring_w : 0);
}

/* Everything but the names, in one line. */
static int
fixed_width (const RowParts *parts)
{
  return parts->lead_w + SPACING + SPACING + code_line_width (parts) +
         (parts->buttons_w > 0 ? SPACING + parts->buttons_w : 0);
}

static gboolean
fits_one_line (const RowParts *parts,
               int             width)
{
  return width < 0 || width - fixed_width (parts) >= parts->text_need;
}

/* The names' width on two lines: what the buttons leave. */
static int
two_line_text_width (const RowParts *parts,
                     int             width)
{
  return MAX (0, width - parts->lead_w - SPACING -
                 (parts->buttons_w > 0 ? SPACING + parts->buttons_w : 0));
}

static int
buttons_height (const RowParts *parts,
                int            *natural)
{
  int minimum = 0, m, n;

  *natural = 0;
  for (guint i = 0; i < parts->n_buttons; i++)
    {
      m = measure_height (parts->buttons[i], -1, &n);
      minimum = MAX (minimum, m);
      *natural = MAX (*natural, n);
    }
  return minimum;
}

static GtkSizeRequestMode
row_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static SkAccountRow *
row_of_layout (GtkWidget *box)
{
  return SK_ACCOUNT_ROW (gtk_widget_get_parent (box));
}

static void
row_measure (GtkWidget      *box,
             GtkOrientation  orientation,
             int             for_size,
             int            *minimum,
             int            *natural,
             int            *minimum_baseline,
             int            *natural_baseline)
{
  SkAccountRow *self = row_of_layout (box);
  RowParts parts;

  get_parts (self, &parts);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At least the two-line layout; naturally one line. */
      *minimum = parts.lead_w + SPACING +
                 MAX (parts.text_min + (parts.buttons_w > 0 ? SPACING + parts.buttons_w : 0),
                      code_line_width (&parts));
      *natural = MAX (*minimum, fixed_width (&parts) + parts.text_nat);
    }
  else
    {
      int lead_m, lead_n, buttons_m, buttons_n, text_m, text_n, code_m, code_n, ring_m, ring_n;

      lead_m = measure_height (parts.lead, -1, &lead_n);
      buttons_m = buttons_height (&parts, &buttons_n);
      ring_m = measure_height (GTK_WIDGET (self->countdown), -1, &ring_n);
      code_m = measure_height (self->code_box, -1, &code_n);
      if (fits_one_line (&parts, for_size))
        {
          /* At the width the names get (the issuer may wrap). */
          text_m = measure_height (self->text_box, for_size < 0 ? -1 : for_size - fixed_width (&parts),
                                   &text_n);
          *minimum = MAX (MAX (lead_m, buttons_m), MAX (MAX (ring_m, code_m), text_m));
          *natural = MAX (MAX (lead_n, buttons_n), MAX (MAX (ring_n, code_n), text_n));
        }
      else
        {
          text_m = measure_height (self->text_box, two_line_text_width (&parts, for_size), &text_n);
          *minimum = MAX (lead_m, MAX (text_m, buttons_m) + SPACING + MAX (code_m, ring_m));
          *natural = MAX (lead_n, MAX (text_n, buttons_n) + SPACING + MAX (code_n, ring_n));
        }
    }
  *minimum_baseline = *natural_baseline = -1;
}

/* Gives @widget its natural height (at most @max_h), centred on @center_y. */
static void
place (GtkWidget *widget,
       int        x,
       int        width,
       int        center_y,
       int        max_h)
{
  int h;

  if (widget == NULL || !gtk_widget_get_visible (widget))
    return;
  measure_height (widget, width, &h);
  h = MIN (h, max_h);
  gtk_widget_size_allocate (widget, &(GtkAllocation) { x, center_y - h / 2, width, h }, -1);
}

/* The buttons at the end of the row, centred on @center_y; returns
 * where the space before them ends. */
static int
place_buttons (const RowParts *parts,
               int             width,
               int             center_y,
               int             max_h)
{
  int right = width;

  for (guint i = parts->n_buttons; i > 0; i--)
    {
      GtkWidget *button = parts->buttons[i - 1];
      int unused, w;

      measure_width (button, &unused, &w);
      right -= w;
      place (button, right, w, center_y, max_h);
      right -= i > 1 ? BUTTON_SPACING : SPACING;
    }
  return right;
}

static void
row_allocate (GtkWidget *box,
              int        width,
              int        height,
              int        baseline)
{
  SkAccountRow *self = row_of_layout (box);
  int x, right, mid = height / 2;
  RowParts parts;

  get_parts (self, &parts);
  place (parts.lead, 0, parts.lead_w, mid, height);
  x = parts.lead_w + SPACING;

  if (fits_one_line (&parts, width))
    {
      right = place_buttons (&parts, width, mid, height);
      if (parts.ring_w > 0)
        {
          right -= parts.ring_w;
          place (GTK_WIDGET (self->countdown), right, parts.ring_w, mid, height);
          right -= SPACING;
        }
      right -= parts.code_w;
      place (self->code_box, right, parts.code_w, mid, height);
      place (self->text_box, x, MAX (0, right - SPACING - x), mid, height);
    }
  else
    {
      /* The names with the buttons beside them, then the code and the
       * countdown under both, from the names' start. */
      int text_w = two_line_text_width (&parts, width);
      int text_h, buttons_h, line1_h, code_h, ring_h, line2_h, top;

      measure_height (self->text_box, text_w, &text_h);
      buttons_height (&parts, &buttons_h);
      line1_h = MAX (text_h, buttons_h);
      measure_height (self->code_box, -1, &code_h);
      measure_height (GTK_WIDGET (self->countdown), -1, &ring_h);
      line2_h = MAX (code_h, ring_h);
      top = MAX (0, (height - line1_h - SPACING - line2_h) / 2);
      place (self->text_box, x, text_w, top + line1_h / 2, line1_h);
      place_buttons (&parts, width, top + line1_h / 2, line1_h);
      top += line1_h + SPACING;
      place (self->code_box, x, MIN (parts.code_w, width - x), top + line2_h / 2, line2_h);
      if (parts.ring_w > 0)
        place (GTK_WIDGET (self->countdown), x + parts.code_w + SPACING, parts.ring_w,
               top + line2_h / 2, line2_h);
    }
}

/* For the tests: whether the row shows its code on a line of its own. */
gboolean
sk_account_row_get_two_lines (SkAccountRow *self)
{
  RowParts parts;

  g_return_val_if_fail (SK_IS_ACCOUNT_ROW (self), FALSE);

  get_parts (self, &parts);
  return !fits_one_line (&parts, gtk_widget_get_width (self->layout_box));
}

static void
sk_account_row_dispose (GObject *object)
{
  SkAccountRow *self = SK_ACCOUNT_ROW (object);

  sk_account_row_set_account (self, NULL);
  g_clear_pointer (&self->shown_icon, g_bytes_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SK_TYPE_ACCOUNT_ROW);

  G_OBJECT_CLASS (sk_account_row_parent_class)->dispose (object);
}

static void
sk_account_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  SkAccountRow *self = SK_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_HIDDEN:
      g_value_set_boolean (value, self->hidden);
      break;
    case PROP_CODES_LEFT:
      g_value_set_uint (value, self->codes_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_account_row_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  SkAccountRow *self = SK_ACCOUNT_ROW (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      sk_account_row_set_account (self, g_value_get_object (value));
      break;
    case PROP_HIDDEN:
      sk_account_row_set_hidden (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_account_row_class_init (SkAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sk_account_row_dispose;
  object_class->get_property = sk_account_row_get_property;
  object_class->set_property = sk_account_row_set_property;

  /* The account shown (the list item's), NULL for none. */
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, SK_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Codes shown as dots until revealed (the "hide-codes" setting). */
  properties[PROP_HIDDEN] =
    g_param_spec_boolean ("hidden", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Recovery codes left, 0 when the account has none stored. */
  properties[PROP_CODES_LEFT] =
    g_param_spec_uint ("codes-left", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SK_TYPE_COUNTDOWN);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sparekey/Sparekey/sk-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, text_box);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, code_box);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, icon_image);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, initial_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, favourite_image);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, codes_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, next_label);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, countdown);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, next_button);
  gtk_widget_class_bind_template_child (widget_class, SkAccountRow, menu_button);
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             const char *uuid)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, g_variant_new_string (uuid));
  g_menu_append_item (menu, item);
}

/* The row's menu, made when it opens (not for each of 10,000 rows bound):
 * what can be done with this account, Delete apart and asking first. */
static void
create_menu (GtkMenuButton *button,
             gpointer       user_data)
{
  SkAccountRow *self = SK_ACCOUNT_ROW (user_data);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) danger = g_menu_new ();
  const char *uuid;

  if (self->account == NULL)
    {
      gtk_menu_button_set_menu_model (button, NULL);
      return;
    }
  uuid = sk_account_get_uuid (self->account);
  if (sk_account_has_code (self->account))
    {
      append_item (actions, _("_Copy Code"), "accounts.copy", uuid);
      append_item (actions, _("Show _QR Code"), "accounts.show-qr", uuid);
    }
  append_item (actions, _("_Account Details"), "accounts.details", uuid);
  append_item (danger, _("_Delete…"), "accounts.delete", uuid);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (danger));
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
sk_account_row_init (SkAccountRow *self)
{
  /* GTK 4.8 asks the X server where the pointer is (three round trips)
   * each time a visible widget gets a tooltip, and a list view makes
   * up to 200 rows at once: the template gives the buttons their
   * tooltips while they are hidden, and the row shows them here (the
   * copy button when it shows an account with codes). */
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), TRUE);
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu, self, NULL);
  self->layout_box = adw_bin_get_child (ADW_BIN (self));
  gtk_widget_set_layout_manager (self->layout_box,
                                 gtk_custom_layout_new (row_request_mode, row_measure, row_allocate));
  /* Moved to a screen of another scale: decode again, as sharp. */
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (update_icon), NULL);
  /* The list item that takes the row gets its label (see update_accessible). */
  g_signal_connect (self, "notify::parent", G_CALLBACK (update_accessible), NULL);
}

GtkWidget *
sk_account_row_new (void)
{
  return g_object_new (SK_TYPE_ACCOUNT_ROW, NULL);
}

void
sk_account_row_popup_menu (SkAccountRow *self)
{
  g_return_if_fail (SK_IS_ACCOUNT_ROW (self));

  gtk_menu_button_popup (self->menu_button);
}
