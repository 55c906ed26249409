/* sk-app-util.c: small helpers shared by the app's widgets
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <epoxy/gl.h>

#include <sparekey/sparekey.h>

#include "sk-app-util.h"

void
sk_app_init_i18n (void)
{
  const char *localedir = g_getenv ("SPAREKEY_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

char *
sk_format_code (const char *code)
{
  GString *out;
  gsize len;

  g_return_val_if_fail (code != NULL, NULL);

  len = strlen (code);
  if (len <= 4)
    return g_strdup (code);

  out = g_string_sized_new (len + 4);
  for (gsize i = 0; i < len; i++)
    {
      /* Groups of three when they come out even (6, 9), else two halves
       * (8 -> 4 4, 7 -> 3 4, 10 -> 5 5). */
      if (i > 0 && ((len % 3 == 0 && i % 3 == 0) || (len % 3 != 0 && i == len / 2)))
        g_string_append_c (out, ' ');
      g_string_append_c (out, code[i]);
    }

  return g_string_free (out, FALSE);
}

SkStrength
sk_password_strength (const char  *password,
                      const char **hint)
{
  static const char *common[] = {
    "password", "123456", "12345678", "qwerty", "111111", "abc123",
    "iloveyou", "admin", "welcome", "letmein", "monkey", "dragon",
    "woaini", "5201314", "1qaz2wsx", "qwertyuiop", "passw0rd",
  };
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, other = FALSE, wide = FALSE;
  g_autofree char *folded = NULL;
  GHashTable *seen;
  guint n_chars = 0;
  guint n_unique;
  double pool = 0;
  double bits;
  const char *p;

  if (password == NULL || *password == '\0')
    {
      if (hint)
        *hint = _("Choose a password you do not use anywhere else");
      return SK_STRENGTH_EMPTY;
    }

  seen = g_hash_table_new (NULL, NULL);
  for (p = password; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;
      g_hash_table_add (seen, GUINT_TO_POINTER (c));
      if (c >= 'a' && c <= 'z')
        lower = TRUE;
      else if (c >= 'A' && c <= 'Z')
        upper = TRUE;
      else if (c >= '0' && c <= '9')
        digit = TRUE;
      else if (c < 128)
        other = TRUE;
      else
        wide = TRUE;
    }
  n_unique = g_hash_table_size (seen);
  g_hash_table_destroy (seen);

  if (n_chars < 8)
    {
      if (hint)
        *hint = _("Too short: use at least 8 characters, better 12 or more");
      return SK_STRENGTH_TOO_SHORT;
    }

  folded = g_utf8_casefold (password, -1);
  for (gsize i = 0; i < G_N_ELEMENTS (common); i++)
    if (strstr (folded, common[i]) != NULL)
      {
        if (hint)
          *hint = _("Weak: it contains a very common password");
        return SK_STRENGTH_WEAK;
      }

  pool += lower ? 26 : 0;
  pool += upper ? 26 : 0;
  pool += digit ? 10 : 0;
  pool += other ? 33 : 0;
  pool += wide ? 1000 : 0;

  /* Repeated characters add little: count unique ones fully and the
   * rest at a quarter. */
  bits = (n_unique + (n_chars - n_unique) / 4.0) * log2 (MAX (pool, 2));

  if (bits < 40)
    {
      if (hint)
        *hint = _("Weak: add more words or characters");
      return SK_STRENGTH_WEAK;
    }
  if (bits < 60)
    {
      if (hint)
        *hint = _("Fair: a few more words would make it strong");
      return SK_STRENGTH_FAIR;
    }
  if (bits < 80)
    {
      if (hint)
        *hint = _("Good");
      return SK_STRENGTH_GOOD;
    }
  if (hint)
    *hint = _("Strong");
  return SK_STRENGTH_STRONG;
}

gboolean
sk_kdf_test_mode (void)
{
  return g_strcmp0 (g_getenv ("SPAREKEY_KDF_TEST"), "1") == 0;
}

gint64
sk_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
sk_format_day (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  if (time == NULL)
    return g_strdup ("?");
  return g_date_time_format (time, "%Y-%m-%d");
}

void
sk_group_clear_rows (gpointer   group,
                     GPtrArray *rows)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
sk_group_add_row (gpointer   group,
                  GPtrArray *rows,
                  GtkWidget *row)
{
  g_return_if_fail (ADW_IS_PREFERENCES_GROUP (group));

  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
}

static gboolean
on_keynav_failed (GtkWidget        *list,
                  GtkDirectionType  direction)
{
  GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (list));

  if (root == NULL || (direction != GTK_DIR_UP && direction != GTK_DIR_DOWN))
    return FALSE;
  return gtk_widget_child_focus (root, direction == GTK_DIR_UP ? GTK_DIR_TAB_BACKWARD
                                                               : GTK_DIR_TAB_FORWARD);
}

void
sk_boxed_list_init (GtkListBox *list)
{
  g_return_if_fail (GTK_IS_LIST_BOX (list));

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  g_signal_connect (list, "keynav-failed", G_CALLBACK (on_keynav_failed), NULL);
}

/* A toast whose text wraps instead of being cut: toasts name accounts
 * ("Code of “Industrial and Commercial Bank of China (zhang…)” copied"),
 * and libadwaita 1.2 ellipsizes a toast's title at the window's width.
 * The text is plain, never markup. */
AdwToast *
sk_toast_new (const char *text)
{
  AdwToast *toast;
  GtkWidget *label;

  g_return_val_if_fail (text != NULL, NULL);

  label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Narrow enough for a 360 px window: libadwaita 1.2 does not shrink a
   * toast to the window. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, label);
  return toast;
}

AdwToast *
sk_toast_new_printf (const char *format,
                     ...)
{
  g_autofree char *title = NULL;
  va_list args;

  g_return_val_if_fail (format != NULL, NULL);

  va_start (args, format);
  title = g_strdup_vprintf (format, args);
  va_end (args);
  return sk_toast_new (title);
}

/* Icons ------------------------------------------------------------------- */

void
sk_format_initial (const char *name,
                   char        initial[8])
{
  gunichar c = name != NULL ? g_utf8_get_char_validated (name, -1) : 0;

  memset (initial, 0, 8);
  if (c != 0 && g_unichar_validate (c))
    g_unichar_to_utf8 (g_unichar_toupper (c), initial);
}

/* Pictures with more pixels than this on a side are not decoded: an icon
 * file of a few KiB can declare a huge image. */
#define ICON_MAX_SIDE 4096

typedef struct {
  int      size;
  gboolean scalable;
  gboolean too_big;
} IconLoad;

static void
on_icon_size_prepared (GdkPixbufLoader *loader,
                       int              width,
                       int              height,
                       IconLoad        *load)
{
  double scale;

  if (width <= 0 || height <= 0 ||
      (!load->scalable && (width > ICON_MAX_SIDE || height > ICON_MAX_SIDE)))
    {
      load->too_big = TRUE;
      gdk_pixbuf_loader_set_size (loader, 1, 1);
      return;
    }
  /* Decoded at the size shown, so a row holds a small texture whatever
   * the file; SVG is drawn sharp at that size, pictures are never
   * enlarged. */
  scale = (double) load->size / MAX (width, height);
  if (scale < 1.0 || load->scalable)
    gdk_pixbuf_loader_set_size (loader, MAX (1, (int) (width * scale + 0.5)),
                                MAX (1, (int) (height * scale + 0.5)));
}

GdkTexture *
sk_icon_texture_new (GBytes      *icon,
                     const char  *mime_type,
                     int          size,
                     GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  IconLoad load = { size, FALSE, FALSE };
  const guint8 *data;
  gsize len;
  GdkPixbuf *pixbuf;

  g_return_val_if_fail (icon != NULL, NULL);
  g_return_val_if_fail (mime_type != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  loader = gdk_pixbuf_loader_new_with_mime_type (mime_type, error);
  if (loader == NULL)
    return NULL;
  load.scalable = g_str_equal (mime_type, "image/svg+xml");
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_icon_size_prepared), &load);

  /* In pieces, so a picture whose header declares too many pixels is
   * dropped before its rows are decoded. */
  data = g_bytes_get_data (icon, &len);
  for (gsize pos = 0; pos < len && !load.too_big; pos += 4096)
    if (!gdk_pixbuf_loader_write (loader, data + pos, MIN (4096, len - pos), error))
      {
        gdk_pixbuf_loader_close (loader, NULL);
        return NULL;
      }
  if (!gdk_pixbuf_loader_close (loader, load.too_big ? NULL : error) && !load.too_big)
    return NULL;
  if (load.too_big)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                   _("The picture has more than %d pixels on a side"), ICON_MAX_SIDE);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The picture is damaged"));
      return NULL;
    }
  return gdk_texture_new_for_pixbuf (pixbuf);
}

/* Tooltips ----------------------------------------------------------------- */

#define WORD_JOINER 0x2060

static gboolean
is_cjk (gunichar c)
{
  switch ((int) g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return TRUE;
    default:
      /* Full-width punctuation (，、：) breaks like the letters. */
      return g_unichar_iswide (c) && g_unichar_ispunct (c);
    }
}

char *
sk_join_cjk (const char *text)
{
  g_autoptr(GString) out = NULL;
  gunichar previous = 0;
  gboolean joined = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      g_utf8_strlen (text, -1) > SK_TOOLTIP_JOIN_MAX)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (previous != 0 && is_cjk (previous) && is_cjk (c))
        {
          g_string_append_unichar (out, WORD_JOINER);
          joined = TRUE;
        }
      g_string_append_unichar (out, c);
      previous = c;
    }
  return joined ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

#define ZERO_WIDTH_SPACE 0x200B

char *
sk_break_addresses (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean inside = p > text && g_ascii_isalnum (p[-1]) && g_ascii_isalnum (p[1]);

      if (*p == '.' && inside)
        g_string_append_unichar (out, ZERO_WIDTH_SPACE);
      g_string_append_c (out, *p);
      if (*p == '@' && inside)
        g_string_append_unichar (out, ZERO_WIDTH_SPACE);
    }
  return g_string_free (out, FALSE);
}

/* A label's accessible name is its text: a label showing zero-width
 * spaces (breaks in an address) is read without them. */
static void
read_without_breaks (GtkLabel *label)
{
  const char *text = gtk_label_get_text (label);
  g_autoptr(GString) plain = NULL;

  if (text == NULL || strstr (text, "\u200b") == NULL)
    return;
  plain = g_string_new (text);
  g_string_replace (plain, "\u200b", "", 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, plain->str, -1);
}

/* The title and subtitle labels of an action row name and describe it. */
static void
watch_row_labels (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) &&
          (gtk_widget_has_css_class (child, "title") || gtk_widget_has_css_class (child, "subtitle")))
        {
          g_signal_connect_after (child, "notify::label", G_CALLBACK (read_without_breaks), NULL);
          read_without_breaks (GTK_LABEL (child));
        }
      watch_row_labels (child);
    }
}

void
sk_row_set_address_text (gpointer    row,
                         const char *title,
                         const char *subtitle)
{
  g_autofree char *breakable_title = sk_break_addresses (title);

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  if (g_object_get_data (G_OBJECT (row), "sk-row-labels-watched") == NULL)
    {
      g_object_set_data (G_OBJECT (row), "sk-row-labels-watched", GINT_TO_POINTER (1));
      watch_row_labels (GTK_WIDGET (row));
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), breakable_title);
  if (subtitle != NULL)
    {
      g_autofree char *breakable_subtitle = sk_break_addresses (subtitle);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), breakable_subtitle);
    }
}

/* Runs before any ::query-tooltip handler, the one that shows the text:
 * the text is joined once, the first time the tooltip is about to show. */
static gboolean
query_tooltip_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);
  g_autofree char *joined = NULL;

  if (!GTK_IS_WIDGET (widget) || gtk_widget_get_tooltip_markup (widget) == NULL)
    return TRUE;
  joined = sk_join_cjk (gtk_widget_get_tooltip_text (widget));
  if (joined != NULL)
    gtk_widget_set_tooltip_text (widget, joined);
  return TRUE;
}

void
sk_app_keep_tooltips_whole (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), 0,
                                  query_tooltip_hook, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}

void
sk_field_set_invalid (GtkWidget *field,
                      gboolean   invalid,
                      GtkWidget *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));
  g_return_if_fail (message == NULL || GTK_IS_WIDGET (message));

  if (invalid)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      if (message != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (field),
                                        GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL, -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY);
    }
}

/* Accessible names GTK 4.8 and libadwaita 1.2 get wrong */

/* A button labelled with a mnemonic ("_Unlock") has its label as its
 * accessible LABEL, underscore and all, and is LABELLED_BY its label
 * child too: AT-SPI reads both, "_Unlock Unlock". A check button reads
 * "Pixel 7 Pixel 7" the same way. Without the LABEL property the name
 * comes from the label child alone. */
static void
fix_labelled_button (GtkWidget *widget)
{
  if (GTK_IS_CHECK_BUTTON (widget))
    {
      if (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
        gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }
  if (GTK_IS_BUTTON (widget) &&
      gtk_button_get_use_underline (GTK_BUTTON (widget)) &&
      gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      GTK_IS_LABEL (gtk_button_get_child (GTK_BUTTON (widget))))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

/* Whatever has no name is read by its class name ("GtkMenuButton",
 * "GtkListBox") in GTK 4.8. */
static void
fix_unnamed (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget))
    {
      const char *tooltip = gtk_widget_get_tooltip_text (widget);
      GtkWidget *toggle = gtk_widget_get_first_child (widget);

      /* An icon-only menu button: its tooltip says what it is. Its
       * inner toggle button (what takes the focus) is labelled by it,
       * and by its image: named, it is read once. */
      if (tooltip != NULL && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL &&
          g_object_get_data (G_OBJECT (widget), "sk-a11y-named") == NULL)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
          if (toggle != NULL)
            gtk_accessible_reset_relation (GTK_ACCESSIBLE (toggle),
                                           GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          if (toggle != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
        }
      return;
    }

  /* libadwaita 1.2's password rows name their "show text" button by the
   * class of its image. */
  if (GTK_IS_BUTTON (widget) &&
      gtk_widget_get_ancestor (widget, ADW_TYPE_PASSWORD_ENTRY_ROW) != NULL)
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Show password"), -1);
      return;
    }

  /* A list after a label is named by that label. A preferences group
   * names its own list by its title; without one, by its description. */
  if (GTK_IS_LIST_BOX (widget))
    {
      GtkWidget *group = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_GROUP);
      GtkWidget *before = gtk_widget_get_prev_sibling (widget);

      if (group != NULL)
        {
          const char *title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (group));
          const char *description = adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (group));

          if ((title == NULL || *title == '\0') && description != NULL && *description != '\0')
            gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, description, -1);
          /* A group with neither (a switch or a few actions on their
           * own) names its list by the rows it holds. */
          else if ((title == NULL || *title == '\0') &&
                   gtk_widget_get_parent (widget) != NULL &&
                   !GTK_IS_LIST_BOX_ROW (gtk_widget_get_parent (widget)))
            {
              g_autoptr(GString) rows = g_string_new (NULL);

              for (GtkWidget *row = gtk_widget_get_first_child (widget);
                   row != NULL;
                   row = gtk_widget_get_next_sibling (row))
                if (ADW_IS_PREFERENCES_ROW (row) && gtk_widget_get_visible (row))
                  {
                    const char *row_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

                    if (rows->len > 0)
                      g_string_append (rows, ", ");
                    /* A mnemonic's underscore is not read. */
                    for (const char *c = row_title; *c != '\0'; c++)
                      if (*c != '_' || !adw_preferences_row_get_use_underline (ADW_PREFERENCES_ROW (row)))
                        g_string_append_c (rows, *c);
                  }
              if (rows->len > 0)
                gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL, rows->str, -1);
            }
        }
      else if (GTK_IS_LABEL (before) && gtk_widget_get_visible (before))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, before, NULL, -1);
    }
}

static void
fix_widget (GtkWidget *widget)
{
  /* A button whose label changes later ("Next" becoming "Finish") is
   * fixed again each time. */
  if ((GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget)) &&
      g_object_get_data (G_OBJECT (widget), "sk-a11y-label-fix") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "sk-a11y-label-fix", GINT_TO_POINTER (1));
      g_signal_connect_after (widget, "notify::label", G_CALLBACK (fix_labelled_button), NULL);
      g_signal_connect_after (widget, "notify::use-underline", G_CALLBACK (fix_labelled_button), NULL);
    }
  fix_labelled_button (widget);
  fix_unnamed (widget);
}

static void
fix_tree (GtkWidget *widget)
{
  fix_widget (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_tree (child);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_values,
          const GValue          *values,
          gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  /* A window fixes all it holds, the pages out of view too (a screen
   * reader may walk them); what is added later is fixed when mapped. */
  if (GTK_IS_WINDOW (widget))
    fix_tree (widget);
  else
    fix_widget (widget);
  return TRUE;
}

void
sk_app_fix_accessible_tree (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  fix_tree (widget);
}

void
sk_app_fix_accessible_names (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  map_hook, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}

/* Unsaved edits */

static gboolean
destroy_window_later (gpointer window)
{
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
on_discard_response (AdwMessageDialog *question,
                     const char       *response,
                     GtkWindow        *window)
{
  /* The question is still closing, with @window as its parent: the
   * window goes once it is gone. */
  if (g_strcmp0 (response, "discard") == 0)
    g_idle_add_full (G_PRIORITY_DEFAULT, destroy_window_later, g_object_ref (window), g_object_unref);
}

void
sk_confirm_discard (GtkWindow  *window,
                    const char *body)
{
  GtkWidget *question;

  g_return_if_fail (GTK_IS_WINDOW (window));

  question = adw_message_dialog_new (window, _("Discard Changes?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (question),
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (question), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (question), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (question), "keep");
  g_signal_connect_object (question, "response", G_CALLBACK (on_discard_response), window, 0);
  gtk_window_present (GTK_WINDOW (question));
}

void
sk_menu_button_set_accessible_label (GtkMenuButton *button,
                                     const char    *label)
{
  GtkWidget *toggle;

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  /* The inner toggle button takes the focus: it carries the name too,
   * and not its image's. */
  g_object_set_data (G_OBJECT (button), "sk-a11y-named", GINT_TO_POINTER (1));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  toggle = gtk_widget_get_first_child (GTK_WIDGET (button));
  if (toggle != NULL)
    {
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

/* Deleting an account */

AdwMessageDialog *
sk_delete_account_question_new (GtkWindow *parent,
                                SkAccount *account)
{
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  heading = g_strdup_printf (_("Delete “%s”?"), sk_account_get_display_name (account));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, NULL,
    sk_account_has_code (account)
      ? _("Its secret key, recovery codes, bindings and notes leave the vault. You can undo this from the main window right after.")
      : _("Its recovery codes, bindings and notes leave the vault. You can undo this from the main window right after.")));
  /* The name is the user's text: plain, never markup. */
  adw_message_dialog_set_heading (dialog, heading);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  return dialog;
}

/* Live status */

GtkWidget *
sk_status_label_new (void)
{
  GtkWidget *label = g_object_new (GTK_TYPE_LABEL,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_STATUS,
                                   "ellipsize", PANGO_ELLIPSIZE_END,
                                   "max-width-chars", 1,
                                   "single-line-mode", TRUE,
                                   NULL);

  /* Shown, so that it is in the accessible tree, but not seen: what it
   * says is on screen already. */
  gtk_widget_set_opacity (label, 0);
  gtk_widget_set_can_target (label, FALSE);
  gtk_widget_add_css_class (label, "sk-status");
  return label;
}

void
sk_status_label_announce (GtkWidget  *label,
                          const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  /* Emptied first, so that the same message twice is a change too. */
  gtk_label_set_text (GTK_LABEL (label), "");
  gtk_label_set_text (GTK_LABEL (label), text);
}

/* The window's status line is kept on the window itself, so that any
 * overlay inside it finds it without being told. */
#define SK_STATUS_LABEL_KEY "sk-status-label"

GtkWidget *
sk_status_label_attach (GtkWindow *window,
                        GtkBox    *box)
{
  GtkWidget *label = sk_status_label_new ();

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  gtk_box_append (box, label);
  g_object_set_data_full (G_OBJECT (window), SK_STATUS_LABEL_KEY, g_object_ref (label), g_object_unref);
  return label;
}

void
sk_toast_overlay_add (AdwToastOverlay *overlay,
                      AdwToast        *toast)
{
  GtkRoot *root;
  GtkWidget *label;
  g_autofree char *text = NULL;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (overlay));
  g_return_if_fail (ADW_IS_TOAST (toast));

  root = gtk_widget_get_root (GTK_WIDGET (overlay));
  label = root != NULL ? g_object_get_data (G_OBJECT (root), SK_STATUS_LABEL_KEY) : NULL;
  /* sk_toast_new() puts the text in a wrapping label of its own, the
   * toast's custom title (plain text); other toasts' titles are markup
   * with names escaped. Either is said as it reads. */
  if (label != NULL)
    {
      GtkWidget *custom = adw_toast_get_custom_title (toast);
      const char *title = adw_toast_get_title (toast);

      if (GTK_IS_LABEL (custom))
        text = g_strdup (gtk_label_get_text (GTK_LABEL (custom)));
      else if (title == NULL || !pango_parse_markup (title, -1, 0, NULL, &text, NULL, NULL))
        g_clear_pointer (&text, g_free);
      if (text != NULL)
        sk_status_label_announce (label, text);
    }
  adw_toast_overlay_add_toast (overlay, toast);
}

/* Enum combo rows */

static char *
enum_item_label (AdwEnumListItem *item,
                 SkEnumLabelFunc  label)
{
  return g_strdup (item != NULL ? label (adw_enum_list_item_get_value (item)) : "");
}

static gboolean
enum_item_is_not (gpointer item,
                  gpointer user_data)
{
  return adw_enum_list_item_get_value (item) != GPOINTER_TO_INT (user_data);
}

/* Every value of @enum_type but @except (-1: none). */
static void
enum_combo_row_init (AdwComboRow     *row,
                     GType            enum_type,
                     SkEnumLabelFunc  label,
                     int              except)
{
  g_autoptr(GListModel) model = G_LIST_MODEL (adw_enum_list_model_new (enum_type));
  g_autoptr(GtkExpression) expression = NULL;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));
  g_return_if_fail (label != NULL);

  if (except >= 0)
    {
      GtkCustomFilter *filter = gtk_custom_filter_new (enum_item_is_not, GINT_TO_POINTER (except), NULL);

      model = G_LIST_MODEL (gtk_filter_list_model_new (g_steal_pointer (&model), GTK_FILTER (filter)));
    }
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (enum_item_label), label, NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, model);
}

void
sk_enum_combo_row_init (AdwComboRow     *row,
                        GType            enum_type,
                        SkEnumLabelFunc  label)
{
  enum_combo_row_init (row, enum_type, label, -1);
}

void
sk_enum_combo_row_init_except (AdwComboRow     *row,
                               GType            enum_type,
                               SkEnumLabelFunc  label,
                               int              except)
{
  g_return_if_fail (except >= 0);
  enum_combo_row_init (row, enum_type, label, except);
}

int
sk_enum_combo_row_get (AdwComboRow *row)
{
  AdwEnumListItem *item;

  g_return_val_if_fail (ADW_IS_COMBO_ROW (row), 0);

  item = adw_combo_row_get_selected_item (row);
  return item != NULL ? adw_enum_list_item_get_value (item) : 0;
}

void
sk_enum_combo_row_set (AdwComboRow *row,
                       int          value)
{
  GListModel *model;
  guint n;

  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  model = adw_combo_row_get_model (row);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwEnumListItem) item = g_list_model_get_item (model, i);

      if (adw_enum_list_item_get_value (item) == value)
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
}

const char *
sk_protection_label (int protection)
{
  return sk_protection_get_label (protection);
}

const char *
sk_otp_type_label (int type)
{
  switch ((SkOtpType) type)
    {
    case SK_OTP_HOTP:
      return _("Counter-based (HOTP)");
    case SK_OTP_STEAM:
      return _("Steam Guard");
    case SK_OTP_TOTP:
    default:
      return _("Time-based (TOTP)");
    }
}

const char *
sk_otp_algorithm_label (int algorithm)
{
  switch ((SkOtpAlgorithm) algorithm)
    {
    case SK_OTP_SHA256:
      return "SHA-256";
    case SK_OTP_SHA512:
      return "SHA-512";
    case SK_OTP_SHA1:
    default:
      return "SHA-1";
    }
}

/* libadwaita 1.2 rows (action, expander, combo and entry rows) read their
 * title and subtitle as Pango markup unless told otherwise, and their text
 * is often a name from a link, a QR code or an import: a crafted issuer
 * would draw as large red "PayPal — SAFE". No row of Sparekey uses markup,
 * so every row is made plain before it is first drawn, wherever it was
 * built (templates, code, rows to come). Rows built in code with a name
 * also say so at once (sk_row_plain()), so the name is never parsed. */
static gboolean
realize_hook (GSignalInvocationHint *hint,
              guint                  n_values,
              const GValue          *values,
              gpointer               data)
{
  GObject *object = g_value_get_object (&values[0]);

  if (ADW_IS_PREFERENCES_ROW (object))
    adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (object), FALSE);
  return TRUE;
}

/*
 * GTK 4.8 draws with OpenGL wherever OpenGL works, also when it is Mesa's
 * software rasteriser (llvmpipe: a virtual machine, a remote desktop, a
 * computer without a GPU driver). Those cannot tell GTK what changed
 * since the last frame (no buffer age), so every frame is the whole
 * window drawn again by the CPU: 12-19 ms for a key typed into the
 * search of a 1280x800 window, where cairo redraws only the entry in
 * 2-6 ms. Later GTK releases stop preferring their new GL renderer on
 * llvmpipe too. The display's renderer name is the one GTK's inspector
 * sets; GSK_RENDERER, when set, still wins.
 */
gboolean
sk_gl_renderer_is_software (const char *renderer)
{
  static const char *const software[] = { "llvmpipe", "softpipe", "Software Rasterizer" };

  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

static char *gl_renderer;

void
sk_app_choose_renderer (void)
{
  static gboolean chosen;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  const char *renderer;

  if (chosen || display == NULL)
    return;
  chosen = TRUE;
  if (g_getenv ("GSK_RENDERER") != NULL ||
      g_object_get_data (G_OBJECT (display), "gsk-renderer") != NULL)
    return;
  /* No OpenGL at all: GTK draws with cairo by itself. */
  if (!gdk_display_prepare_gl (display, NULL))
    return;
  context = gdk_display_create_gl_context (display, NULL);
  if (context == NULL || !gdk_gl_context_realize (context, NULL))
    return;

  gdk_gl_context_make_current (context);
  renderer = (const char *) glGetString (GL_RENDERER);
  if (renderer != NULL)
    {
      gl_renderer = g_strdup (renderer);
      if (sk_gl_renderer_is_software (renderer))
        g_object_set_data (G_OBJECT (display), "gsk-renderer", (gpointer) "cairo");
    }
  gdk_gl_context_clear_current ();
}

const char *
sk_app_get_gl_renderer (void)
{
  return gl_renderer;
}

void
sk_app_keep_rows_plain (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_type_class_unref (g_type_class_ref (GTK_TYPE_WIDGET));
      g_signal_add_emission_hook (g_signal_lookup ("realize", GTK_TYPE_WIDGET), 0,
                                  realize_hook, NULL, NULL);
      g_once_init_leave (&once, 1);
    }
}

gpointer
sk_row_plain (gpointer row)
{
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  return row;
}

/* "Wallet · Official channels: freeze, appeal, hotline". */
char *
sk_service_describe (SkService *service)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const SkServiceChannel *channels;
  guint n_channels;
  gboolean seen[SK_SERVICE_N_CHANNEL_KINDS] = { FALSE, };
  g_autoptr(GPtrArray) kinds = g_ptr_array_new ();

  if (sk_service_get_category (service) != NULL)
    g_string_append (text, sk_service_category_get_label (sk_service_get_category (service)));
  channels = sk_service_get_channels (service, &n_channels);
  for (guint i = 0; i < n_channels; i++)
    if (!seen[channels[i].kind])
      {
        seen[channels[i].kind] = TRUE;
        g_ptr_array_add (kinds, (gpointer) sk_service_channel_kind_get_label (channels[i].kind));
      }
  g_ptr_array_add (kinds, NULL);
  if (n_channels > 0)
    {
      g_autofree char *joined = g_strjoinv (C_("list separator", ", "), (char **) kinds->pdata);

      if (text->len > 0)
        g_string_append (text, " · ");
      /* Translators: followed by the kinds of channel the directory
       * records for the service: "Freeze, Appeal, Hotline" */
      g_string_append_printf (text, _("Official channels: %s"), joined);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Desktop portal properties ------------------------------------------------ */

static void
portal_property_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;
  GVariant *value;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  g_task_return_pointer (task, value, (GDestroyNotify) g_variant_unref);
}

static void
portal_bus_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);
  const char * const *what = g_task_get_task_data (task);

  if (bus == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", what[0], what[1]),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, 5000,
                          g_task_get_cancellable (task), portal_property_done,
                          g_object_ref (task));
}

void
sk_portal_get_property_async (const char          *iface,
                              const char          *property,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  char **what = g_new0 (char *, 3);

  what[0] = g_strdup (iface);
  what[1] = g_strdup (property);
  g_task_set_source_tag (task, sk_portal_get_property_async);
  g_task_set_task_data (task, what, (GDestroyNotify) g_strfreev);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, portal_bus_done, task);
}

GVariant *
sk_portal_get_property_finish (GAsyncResult  *result,
                               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
