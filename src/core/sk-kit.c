/* sk-kit.c: the printable emergency kit, a PDF drawn with cairo and Pango
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <sodium.h>

#include "sparekey/sk-account.h"
#include "sparekey/sk-inventory.h"
#include "sparekey/sk-kit.h"
#include "sparekey/sk-qr.h"
#include "sparekey/sk-recovery-codes.h"

G_DEFINE_QUARK (sk-kit-error-quark, sk_kit_error)

/* A4 in points. */
#define PAGE_WIDTH   595.28
#define PAGE_HEIGHT  841.89
#define MARGIN       48.0
#define FOOTER       28.0
/* A QR module of 3 pt is 6 pixels at 150 dpi: ordinary phone scanners and
 * zbar read that comfortably. Long URIs get smaller modules, never below
 * 2.2 pt (4.5 px at 150 dpi). */
#define MODULE_PT     3.0
#define MODULE_MIN_PT 2.2
#define QR_MAX_PT     190.0
#define QUIET_MODULES 4
#define GAP           18.0

typedef struct {
  cairo_t   *cr;
  double     y;
  guint      page;
  char      *footer;
  GPtrArray *pages;  /* recording surfaces (sk_kit_render_pages), or NULL */
  const char *recovery_key;  /* the vault's recovery key as written, or NULL */
} Kit;

/* A new page on a recording surface: the current one is finished. */
static void
next_recording (Kit *kit)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_WIDTH, PAGE_HEIGHT };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);

  g_clear_pointer (&kit->cr, cairo_destroy);
  g_ptr_array_add (kit->pages, surface);
  kit->cr = cairo_create (surface);
}

static void
finish_page (Kit *kit)
{
  if (kit->pages != NULL)
    next_recording (kit);
  else
    cairo_show_page (kit->cr);
}

static PangoLayout *
make_layout (Kit        *kit,
             const char *font,
             double      width,
             const char *text)
{
  PangoLayout *layout = pango_cairo_create_layout (kit->cr);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
draw_footer (Kit *kit)
{
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = g_strdup_printf ("%s — %u", kit->footer, kit->page);

  cairo_save (kit->cr);
  cairo_set_source_rgb (kit->cr, 0.55, 0, 0);
  layout = make_layout (kit, "Sans Bold 8", PAGE_WIDTH - 2 * MARGIN, text);
  cairo_move_to (kit->cr, MARGIN, PAGE_HEIGHT - MARGIN + 10);
  pango_cairo_show_layout (kit->cr, layout);
  cairo_restore (kit->cr);
}

static void
new_page (Kit *kit)
{
  if (kit->page > 0)
    {
      draw_footer (kit);
      finish_page (kit);
    }
  kit->page++;
  kit->y = MARGIN;
}

static void
ensure_room (Kit    *kit,
             double  height)
{
  if (kit->y + height > PAGE_HEIGHT - MARGIN - FOOTER && kit->y > MARGIN)
    new_page (kit);
}

/* Draws a paragraph at the current position, across the text width. */
static void
paragraph (Kit        *kit,
           const char *font,
           const char *text,
           double      after)
{
  g_autoptr(PangoLayout) layout = make_layout (kit, font, PAGE_WIDTH - 2 * MARGIN, text);
  double height = layout_height (layout);

  ensure_room (kit, height);
  cairo_move_to (kit->cr, MARGIN, kit->y);
  pango_cairo_show_layout (kit->cr, layout);
  kit->y += height + after;
}

static void
warning_box (Kit        *kit,
             const char *title,
             const char *text)
{
  double width = PAGE_WIDTH - 2 * MARGIN;
  g_autoptr(PangoLayout) head = make_layout (kit, "Sans Bold 13", width - 24, title);
  g_autoptr(PangoLayout) body = make_layout (kit, "Sans 10", width - 24, text);
  double height = layout_height (head) + 6 + layout_height (body) + 24;

  ensure_room (kit, height);
  cairo_save (kit->cr);
  cairo_set_source_rgb (kit->cr, 1.0, 0.93, 0.93);
  cairo_rectangle (kit->cr, MARGIN, kit->y, width, height);
  cairo_fill_preserve (kit->cr);
  cairo_set_source_rgb (kit->cr, 0.7, 0, 0);
  cairo_set_line_width (kit->cr, 2);
  cairo_stroke (kit->cr);
  cairo_move_to (kit->cr, MARGIN + 12, kit->y + 12);
  pango_cairo_show_layout (kit->cr, head);
  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  cairo_move_to (kit->cr, MARGIN + 12, kit->y + 12 + layout_height (head) + 6);
  pango_cairo_show_layout (kit->cr, body);
  cairo_restore (kit->cr);
  kit->y += height + GAP;
}

/* Dark modules as filled rectangles, one per run of dark modules in a
 * row, on a white quiet zone. */
static void
draw_qr (cairo_t        *cr,
         const SkQrCode *code,
         double          x,
         double          y,
         double          module)
{
  double side = (code->width + 2 * QUIET_MODULES) * module;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, side, side);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint row = 0; row < code->width; row++)
    {
      guint col = 0;

      while (col < code->width)
        {
          guint start;

          if (!code->modules[row * code->width + col])
            {
              col++;
              continue;
            }
          start = col;
          while (col < code->width && code->modules[row * code->width + col])
            col++;
          cairo_rectangle (cr,
                           x + (QUIET_MODULES + start) * module,
                           y + (QUIET_MODULES + row) * module,
                           (col - start) * module, module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
wipe_gstring (GString *text)
{
  if (text != NULL)
    {
      sodium_memzero (text->str, text->allocated_len);
      g_string_free (text, TRUE);
    }
}

static GString *
account_text (SkVault   *vault,
              SkAccount *account)
{
  const char *uuid = sk_account_get_uuid (account);
  g_autoptr(GPtrArray) codes = sk_recovery_codes_list (vault, uuid);
  g_autoptr(GPtrArray) bindings = sk_inventory_list_bindings (vault, uuid, NULL);
  g_autoptr(SkSupportInfo) support = sk_inventory_get_support (vault, uuid);
  GString *text = g_string_new (NULL);
  SkOtpType type = sk_account_get_otp_type (account);
  guint left = sk_recovery_codes_count_remaining (vault, uuid, NULL);
  const struct {
    const char *label;
    const char *value;
  } contacts[] = {
    { N_("Site"), support->site },
    { N_("Online support"), support->chat },
    { N_("Ticket"), support->ticket },
    { N_("Email"), support->email },
    { N_("Phone"), support->phone },
    { N_("Recovery page"), support->recovery_page },
    { N_("Note"), support->note },
  };
  gboolean any = FALSE;

  if (!sk_account_has_code (account))
    g_string_append_printf (text, _("No authenticator codes; sign-in: %s\n"),
                            sk_protection_get_label (sk_account_get_protection (account)));
  else if (type == SK_OTP_HOTP)
    g_string_append_printf (text, _("HOTP, %s, %u digits, counter %" PRIu64 "\n"),
                            sk_otp_algorithm_to_string (sk_account_get_algorithm (account)),
                            sk_account_get_digits (account), (uint64_t) sk_account_get_counter (account));
  else
    g_string_append_printf (text, _("%s, %s, %u digits, every %u s\n"),
                            sk_otp_type_to_string (type),
                            sk_otp_algorithm_to_string (sk_account_get_algorithm (account)),
                            sk_account_get_digits (account), sk_account_get_period (account));
  g_string_append_printf (text, _("Account id: %s\n"), uuid);

  g_string_append (text, "\n");
  if (left == 0)
    g_string_append (text, _("Recovery codes: none left here\n"));
  else
    {
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Recovery codes (%u unused):\n",
                                                 "Recovery codes (%u unused):\n", left), left);
      for (guint i = 0; i < codes->len; i++)
        {
          SkRecoveryCode *code = codes->pdata[i];
          g_autoptr(SkSecret) secret = NULL;

          if (code->used != 0)
            continue;
          secret = sk_recovery_codes_dup_code (vault, code->uuid);
          if (secret == NULL)
            continue;
          g_string_append_printf (text, "  %2u.  ", code->position);
          g_string_append_len (text, (const char *) sk_secret_get_data (secret),
                               sk_secret_get_size (secret));
          g_string_append_c (text, '\n');
        }
    }

  if (bindings->len > 0)
    {
      g_string_append (text, "\n");
      g_string_append (text, _("Bound to:\n"));
      for (guint i = 0; i < bindings->len; i++)
        {
          SkBinding *binding = bindings->pdata[i];
          SkIdentity *identity = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));
          g_autofree char *display = NULL;

          if (identity == NULL)
            continue;
          display = sk_identity_dup_display (identity, FALSE);
          g_string_append_printf (text, "  %s: %s", sk_binding_role_get_label (sk_binding_get_role (binding)),
                                  display);
          /* In the reader's language, like the rest of the kit. */
          if (sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE)
            g_string_append_printf (text, C_("kit: identity status after its value", " (%s)"),
                                    sk_identity_status_get_label (sk_identity_get_status (identity)));
          if (sk_binding_get_cooldown_until (binding) != NULL)
            g_string_append_printf (text, _(" — no change before %s"),
                                    sk_binding_get_cooldown_until (binding));
          g_string_append_c (text, '\n');
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    if (contacts[i].value != NULL && *contacts[i].value != '\0')
      {
        if (!any)
          {
            g_string_append (text, "\n");
            g_string_append (text, _("Support:\n"));
            any = TRUE;
          }
        g_string_append_printf (text, "  %s: %s\n", _(contacts[i].label), contacts[i].value);
      }
  return text;
}

/* A thin rule between accounts, where scissors may go. */
static void
draw_rule (Kit *kit)
{
  cairo_save (kit->cr);
  cairo_set_source_rgb (kit->cr, 0.7, 0.7, 0.7);
  cairo_set_line_width (kit->cr, 0.5);
  cairo_move_to (kit->cr, MARGIN, kit->y + GAP / 2);
  cairo_line_to (kit->cr, PAGE_WIDTH - MARGIN, kit->y + GAP / 2);
  cairo_stroke (kit->cr);
  cairo_restore (kit->cr);
  kit->y += GAP;
}

static gboolean
draw_account (Kit        *kit,
              SkVault    *vault,
              SkAccount  *account,
              GError    **error)
{
  g_autoptr(SkSecret) uri = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) body = NULL;
  GString *text = NULL;
  double module, side, text_x, text_width, height;

  /* No key, no QR code: what protects it, its recovery codes and
   * bindings are what the kit keeps of it. */
  if (!sk_account_has_code (account))
    {
      title = make_layout (kit, "Sans Bold 13", PAGE_WIDTH - 2 * MARGIN,
                           sk_account_get_display_name (account));
      text = account_text (vault, account);
      body = make_layout (kit, "Sans 9.5", PAGE_WIDTH - 2 * MARGIN, text->str);
      wipe_gstring (text);
      ensure_room (kit, layout_height (title) + 8 + layout_height (body) + GAP);
      cairo_set_source_rgb (kit->cr, 0, 0, 0);
      cairo_move_to (kit->cr, MARGIN, kit->y);
      pango_cairo_show_layout (kit->cr, title);
      kit->y += layout_height (title) + 8;
      cairo_move_to (kit->cr, MARGIN, kit->y);
      pango_cairo_show_layout (kit->cr, body);
      kit->y += layout_height (body);
      draw_rule (kit);
      return TRUE;
    }

  uri = sk_account_dup_uri (account);
  if (uri == NULL)
    {
      g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_RENDER,
                   _("the account “%s” has no key to put in the kit"),
                   sk_account_get_display_name (account));
      return FALSE;
    }
  code = sk_qr_encode (sk_secret_get_string (uri), error);
  if (code == NULL)
    return FALSE;

  module = MODULE_PT;
  if ((code->width + 2 * QUIET_MODULES) * module > QR_MAX_PT)
    module = MAX (QR_MAX_PT / (code->width + 2 * QUIET_MODULES), MODULE_MIN_PT);
  side = (code->width + 2 * QUIET_MODULES) * module;
  text_x = MARGIN + side + GAP;
  text_width = PAGE_WIDTH - MARGIN - text_x;

  title = make_layout (kit, "Sans Bold 13", PAGE_WIDTH - 2 * MARGIN,
                       sk_account_get_display_name (account));
  text = account_text (vault, account);
  body = make_layout (kit, "Sans 9.5", text_width, text->str);
  wipe_gstring (text);

  height = layout_height (title) + 8 + MAX (side, layout_height (body));
  ensure_room (kit, height + GAP);

  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  cairo_move_to (kit->cr, MARGIN, kit->y);
  pango_cairo_show_layout (kit->cr, title);
  kit->y += layout_height (title) + 8;
  draw_qr (kit->cr, code, MARGIN, kit->y, module);
  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  cairo_move_to (kit->cr, text_x, kit->y + QUIET_MODULES * module);
  pango_cairo_show_layout (kit->cr, body);
  kit->y += MAX (side, layout_height (body) + QUIET_MODULES * module);
  draw_rule (kit);

  /* The QR pattern encodes the key. */
  sodium_memzero (code->modules, (gsize) code->width * code->width);
  return TRUE;
}

static cairo_status_t
write_fd (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  int fd = GPOINTER_TO_INT (closure);

  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return CAIRO_STATUS_WRITE_ERROR;
      data += n;
      length -= n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
draw_lost_phone_page (Kit *kit)
{
  static const char * const steps[] = {
    N_("Call your carrier from another phone: have the number suspended, and ask for a certificate of suspension or cancellation (support teams ask for it)."),
    N_("In the Sparekey app on this computer, open the main menu and choose “I Lost My Phone…” (without the app: “sparekey-cli recover start --lost PHONE”): it lists the accounts that hang on the phone, most urgent first."),
    N_("Money first: freeze wallets and payout accounts through the service's emergency channel, turn off auto-renew and password-free payments, and move balances to a safe account."),
    N_("For each account below, scan its QR code with the new phone to enrol the authenticator again, or sign in with one of its recovery codes. Cross out every code you use."),
    N_("Change the password of each account, sign out all other sessions, and block the lost device in the service's device list."),
    N_("Where no way back is left, appeal to the service's support with evidence: ID documents, a photo holding the ID, registration time and IP, login devices, top-up records with order numbers, the carrier's certificate, time-stamped screenshots. Sparekey writes the letter (“I Lost My Phone…”, step “Appeal letter”)."),
    N_("No answer after 72 hours: escalate (online support, then a ticket, email, phone; in China then the 12377 reporting platform or a consumer association)."),
    N_("Afterwards: bind the new number and device (the last step of “I Lost My Phone…”), then print a new kit and destroy this one."),
  };

  paragraph (kit, "Sans Bold 15", _("If your phone is lost or stolen"), 10);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *line = g_strdup_printf ("%u.  %s", i + 1, _(steps[i]));

      paragraph (kit, "Sans 10.5", line, 7);
    }
  kit->y += GAP;
}

/* The vault's recovery key on the first page: the grouped characters to
 * type and a QR code of the same text, for when the password is gone. */
static gboolean
draw_recovery_key (Kit     *kit,
                   GError **error)
{
  g_autoptr(SkQrCode) code = sk_qr_encode (kit->recovery_key, error);
  g_autoptr(PangoLayout) key = NULL;
  g_autofree char *lines = NULL;
  double module = MODULE_PT;
  gsize half;
  double side;

  if (code == NULL)
    return FALSE;
  side = (code->width + 2 * QUIET_MODULES) * module;
  paragraph (kit, "Sans Bold 15", _("Vault recovery key"), 6);
  paragraph (kit, "Sans 10.5",
             _("Opens the Sparekey vault when the password is forgotten: on the unlock page choose "
               "“Forgot Password?” and type it (or “sparekey-cli passwd --recovery-key-file FILE”), "
               "then set a new password. Making a new recovery key makes this one useless."),
             8);
  /* Two lines of four groups, broken where a reader expects it rather
   * than wherever the line ends. */
  half = strlen (kit->recovery_key) / 2;
  lines = g_strdup_printf ("%.*s\n%s", (int) half, kit->recovery_key,
                           kit->recovery_key + half + 1);
  key = make_layout (kit, "Monospace Bold 15", PAGE_WIDTH - 2 * MARGIN - side - GAP, lines);
  ensure_room (kit, MAX (side, layout_height (key)));
  draw_qr (kit->cr, code, MARGIN, kit->y, module);
  cairo_move_to (kit->cr, MARGIN + side + GAP, kit->y + QUIET_MODULES * module);
  pango_cairo_show_layout (kit->cr, key);
  kit->y += MAX (side, layout_height (key)) + GAP;
  return TRUE;
}

/* Draws every page of the kit; the caller finishes the last one. */
static gboolean
draw_kit (Kit        *kit,
          SkVault    *vault,
          const char *date,
          GError    **error)
{
  g_autofree char *subtitle = NULL;
  GListModel *accounts;
  gboolean ok = TRUE;
  guint n;

  new_page (kit);

  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  paragraph (kit, "Sans Bold 22", _("Sparekey emergency kit"), 4);
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Printed %s — %u account", "Printed %s — %u accounts", n),
                              date, n);
  paragraph (kit, "Sans 11", subtitle, GAP);
  warning_box (kit, _("This paper is not encrypted"),
               _("Whoever holds it can sign in to your accounts: each QR code is the key of an "
                 "authenticator, each recovery code opens an account. Keep it locked away (a safe, "
                 "a sealed envelope), never beside the phone; do not photograph, scan or copy it. "
                 "When a key changes or a recovery code is used, print a new kit and shred this one."));
  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  if (kit->recovery_key != NULL && !draw_recovery_key (kit, error))
    return FALSE;
  draw_lost_phone_page (kit);

  new_page (kit);
  cairo_set_source_rgb (kit->cr, 0, 0, 0);
  paragraph (kit, "Sans Bold 15", _("Accounts"), GAP / 2);
  for (guint i = 0; i < n && ok; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      ok = draw_account (kit, vault, account, error);
    }
  draw_footer (kit);
  return ok;
}

gboolean
sk_kit_write_pdf (SkVault     *vault,
                  const char  *path,
                  gint64       now,
                  GError     **error)
{
  return sk_kit_write_pdf_with_key (vault, path, now, NULL, error);
}

gboolean
sk_kit_write_pdf_with_key (SkVault     *vault,
                           const char  *path,
                           gint64       now,
                           const char  *recovery_key,
                           GError     **error)
{
  g_autofree char *tmp_path = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  gboolean ok = TRUE;
  Kit kit = { 0 };
  int fd;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Written beside the target with mode 0600 from the start, then renamed:
   * the kit is never readable by others, not even half-written. */
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_IO,
                   _("cannot create the kit “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_local (utc) : g_date_time_new_now_local ();
  date = g_date_time_format (local, "%Y-%m-%d %H:%M");

  surface = cairo_pdf_surface_create_for_stream (write_fd, GINT_TO_POINTER (fd),
                                                 PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  _("Sparekey emergency kit"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sparekey " PACKAGE_VERSION);
  kit.cr = cairo_create (surface);
  kit.recovery_key = recovery_key;
  kit.footer = g_strdup_printf (_("Sparekey emergency kit, %s — NOT ENCRYPTED: keep it locked away"), date);
  ok = draw_kit (&kit, vault, date, error);
  cairo_show_page (kit.cr);

  cairo_destroy (kit.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  g_free (kit.footer);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_IO,
                   _("cannot write the kit “%s”: %s"), path, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && fsync (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_IO,
                   _("cannot write the kit “%s”: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  close (fd);
  if (ok && g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_IO,
                   _("cannot write the kit “%s”: %s"), path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp_path);
  return ok;
}

GPtrArray *
sk_kit_render_pages (SkVault  *vault,
                     gint64    now,
                     GError  **error)
{
  return sk_kit_render_pages_with_key (vault, now, NULL, error);
}

GPtrArray *
sk_kit_render_pages_with_key (SkVault     *vault,
                              gint64       now,
                              const char  *recovery_key,
                              GError     **error)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GPtrArray) pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  Kit kit = { 0 };
  gboolean ok;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  local = utc != NULL ? g_date_time_to_local (utc) : g_date_time_new_now_local ();
  date = g_date_time_format (local, "%Y-%m-%d %H:%M");

  kit.pages = pages;
  kit.recovery_key = recovery_key;
  next_recording (&kit);
  kit.footer = g_strdup_printf (_("Sparekey emergency kit, %s — NOT ENCRYPTED: keep it locked away"), date);
  ok = draw_kit (&kit, vault, date, error);
  g_clear_pointer (&kit.cr, cairo_destroy);
  g_free (kit.footer);
  if (!ok)
    return NULL;
  for (guint i = 0; i < pages->len; i++)
    {
      cairo_status_t status = cairo_surface_status (pages->pdata[i]);

      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, SK_KIT_ERROR, SK_KIT_ERROR_RENDER,
                       _("cannot draw page %u of the kit: %s"), i + 1, cairo_status_to_string (status));
          return NULL;
        }
    }
  return g_steal_pointer (&pages);
}
