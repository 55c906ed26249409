/* sk-app-util.h: small helpers shared by the app's widgets
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <sodium.h>
#include <sparekey/sk-account.h>
#include <sparekey/sk-services.h>

G_BEGIN_DECLS

/* setlocale + bindtextdomain; $SPAREKEY_LOCALEDIR overrides the install
 * location (the dev build points it at build/po, see po/meson.build). */
void        sk_app_init_i18n          (void);

/* GTK 4.8 sizes a tooltip for its label's narrowest wrap, and Chinese
 * text may wrap after any character: a short Chinese tooltip comes out
 * one character per line. From this call on, a widget's tooltip text
 * of at most SK_TOOLTIP_JOIN_MAX characters gets U+2060 WORD JOINER
 * between its CJK characters when the tooltip is first about to show,
 * so it stays on one line. */
#define SK_TOOLTIP_JOIN_MAX 12
void        sk_app_keep_tooltips_whole (void);
/* No row ever reads its title or subtitle as markup (names are hostile). */
void        sk_app_keep_rows_plain    (void);
/* Draws with cairo instead of OpenGL when OpenGL is a software
 * rasteriser and GSK_RENDERER does not say otherwise. Called before the
 * first window (not at start-up: the search provider and the background
 * audit check open none); does its work once. */
void        sk_app_choose_renderer    (void);
/* What OpenGL called itself then; NULL when it was not asked
 * (GSK_RENDERER set, no window yet) or there is no OpenGL. */
const char *sk_app_get_gl_renderer    (void);
/* Whether OpenGL's GL_RENDERER string names a software rasteriser. */
gboolean    sk_gl_renderer_is_software (const char *renderer);
/* Turns markup off on the AdwPreferencesRow @row; returns @row. */
gpointer    sk_row_plain              (gpointer    row);
/* From this call on, every widget is given, when it is mapped, the
 * accessible name GTK 4.8 or libadwaita 1.2 would get wrong: buttons
 * and check buttons with a mnemonic label are no longer read twice
 * ("_Unlock Unlock"), icon-only menu buttons are named by their
 * tooltip, password rows' "show text" buttons get a name, lists are
 * named by their group's title or the label before them. A window
 * being mapped fixes all it holds (the pages not in view too), other
 * widgets when they are mapped, and a button again whenever its label
 * changes. */
void        sk_app_fix_accessible_names (void);
/* Escape in a dialog with edits: asks whether to throw them away,
 * keeping them by default (Enter or Escape again keep them); "Discard"
 * destroys @window. @body says what was not saved. */
void        sk_confirm_discard        (GtkWindow  *window,
                                       const char *body);
/* Names an icon-only menu button (and its inner toggle) for screen
 * readers, e.g. "More actions for GitHub (me)"; the generic fix-up that
 * names such buttons by their tooltip leaves it alone after. */
void        sk_menu_button_set_accessible_label (GtkMenuButton *button,
                                                 const char    *label);
/* "Delete “GitHub (me)”?", saying what leaves the vault and that the
 * main window can undo it; responses "cancel" (the default and the close
 * response: Enter alone never deletes) and "delete" (destructive). The
 * caller connects ::response and presents it. */
AdwMessageDialog *sk_delete_account_question_new (GtkWindow *parent,
                                                  SkAccount *account);
/* A live status line: a label with the status role that screen readers
 * hear when its text changes (GTK 4.8 has no announcement call), drawn
 * invisibly, as what it says is on screen already (a toast, a page
 * title). sk_status_label_announce() says @text again even when it is
 * the same as before. */
GtkWidget  *sk_status_label_new       (void);
void        sk_status_label_announce  (GtkWidget  *label,
                                       const char *text);
/* A status line at the end of @box that sk_toast_overlay_add() finds
 * for every overlay inside @window. */
GtkWidget  *sk_status_label_attach    (GtkWindow  *window,
                                       GtkBox     *box);
/* Shows @toast in @overlay and says its title through the status line
 * of the overlay's window, if it has one (toasts are not announced by
 * GTK 4.8 or libadwaita 1.2). */
void        sk_toast_overlay_add      (AdwToastOverlay *overlay,
                                       AdwToast        *toast);
/* The same for @widget and all it holds now, mapped or not: for a page
 * added to a window already shown (a screen reader may walk the pages
 * out of view too). */
void        sk_app_fix_accessible_tree  (GtkWidget *widget);
/* The text with word joiners between CJK characters, or NULL when it
 * needs none (no CJK pair, or longer than SK_TOOLTIP_JOIN_MAX). */
char       *sk_join_cjk               (const char *text);
/* @text with a zero-width space after each "@" and before each "." inside
 * an address (between letters or digits), so that a long email or domain
 * wraps there rather than inside a word ("gmail.co-m"). */
char       *sk_break_addresses        (const char *text);
/* Sets the title (and the subtitle, when not NULL) of the action row
 * @row to @title and @subtitle with their addresses breakable; a screen
 * reader reads the row's title and subtitle without the zero-width
 * spaces (whoever sets them later). */
void        sk_row_set_address_text   (gpointer    row,
                                       const char *title,
                                       const char *subtitle);

/* Reads @property of the desktop portal's interface @iface
 * ("org.freedesktop.portal.Camera") without blocking; the finish
 * function returns its value, or NULL with @error where there is no
 * portal or no such interface. */
void        sk_portal_get_property_async  (const char          *iface,
                                           const char          *property,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GVariant   *sk_portal_get_property_finish (GAsyncResult        *result,
                                           GError             **error);

/* "123456" -> "123 456", "12345678" -> "1234 5678"; for reading. */
char       *sk_format_code            (const char *code);

typedef enum {
  SK_STRENGTH_EMPTY,
  SK_STRENGTH_TOO_SHORT,
  SK_STRENGTH_WEAK,
  SK_STRENGTH_FAIR,
  SK_STRENGTH_GOOD,
  SK_STRENGTH_STRONG,
} SkStrength;

/* A rough guess of how hard @password is to guess, and a sentence for
 * the user. */
SkStrength  sk_password_strength      (const char *password,
                                       const char **hint);

/* TRUE when SPAREKEY_KDF_TEST=1: new vaults use the minimum key
 * derivation cost (for tests and screenshots only). */
gboolean    sk_kdf_test_mode          (void);

/* Toasts whose text is plain, never markup (libadwaita 1.2 reads a
 * toast's title as Pango markup: an account name, a file path or an
 * error message with “&” or “<” in it would break it), in a label of
 * their own (the toast's custom title) that wraps instead of being cut
 * at the window's width. */
AdwToast   *sk_toast_new              (const char *text);
AdwToast   *sk_toast_new_printf       (const char *format,
                                       ...) G_GNUC_PRINTF (1, 2);

/* Wipes a code buffer of SK_OTP_CODE_MAX bytes (the compiler may not
 * drop it as a dead store). */
#define sk_memzero_code(code) sodium_memzero ((code), SK_OTP_CODE_MAX)
/* Marks @field as wrong (its "error" style, the INVALID state) and
 * described by @message (a label telling why), or, with @invalid
 * FALSE, as right again. @message may be NULL. */
void        sk_field_set_invalid      (GtkWidget  *field,
                                       gboolean    invalid,
                                       GtkWidget  *message);

/* Seconds since the epoch, as a double (for timers). */
gint64      sk_now_unix               (void);

G_END_DECLS

G_BEGIN_DECLS

/* A time (µs since the epoch) as a local calendar date, "2026-03-01". */
char       *sk_format_day             (gint64      usec);

/* Removes the rows a widget added to a preferences group and empties
 * @rows (GtkWidget*, not owned). */
void        sk_group_clear_rows       (gpointer    group,
                                       GPtrArray  *rows);
void        sk_group_add_row          (gpointer    group,
                                       GPtrArray  *rows,
                                       GtkWidget  *row);

/* Makes @list a boxed list as AdwPreferencesGroup makes its own (no
 * selection, .boxed-list): for a list bound to a model in a group. The
 * arrow keys go on to the next widget at either end, as in a group. */
void        sk_boxed_list_init        (GtkListBox  *list);

/* The first character of @name in upper case (empty for none), what a
 * row without an icon shows instead. */
void        sk_format_initial         (const char  *name,
                                       char         initial[8]);

/* An account icon (bytes and MIME type as SkAccount keeps them) decoded
 * to fit @size device pixels; NULL with @error when it cannot be shown
 * (damaged, too many pixels, no SVG loader installed). */
GdkTexture *sk_icon_texture_new       (GBytes      *icon,
                                       const char  *mime_type,
                                       int          size,
                                       GError     **error);

/* Combo rows over a registered enum (AdwEnumListModel): each value is
 * shown as @label returns it (translated); no list position is ever
 * taken for a value. */
typedef const char *(*SkEnumLabelFunc) (int value);
void        sk_enum_combo_row_init    (AdwComboRow     *row,
                                       GType            enum_type,
                                       SkEnumLabelFunc  label);
/* The same without the value @except (SK_PROTECTION_CODE, say). */
void        sk_enum_combo_row_init_except (AdwComboRow     *row,
                                       GType            enum_type,
                                       SkEnumLabelFunc  label,
                                       int              except);
int         sk_enum_combo_row_get     (AdwComboRow     *row);
void        sk_enum_combo_row_set     (AdwComboRow     *row,
                                       int              value);

/* "Time-based (TOTP)", "SHA-256"...: labels for the enum combo rows. */
const char *sk_otp_type_label         (int              type);
const char *sk_otp_algorithm_label    (int              algorithm);
/* "SMS code"...: sk_protection_get_label() for the combo rows. */
const char *sk_protection_label       (int              protection);

/* One line about a directory entry: its category and the kinds of
 * official channel it records ("Wallet · Official channels: Freeze…"). */
char       *sk_service_describe       (SkService       *service);

G_END_DECLS
