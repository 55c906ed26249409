/* sk-base32.c: RFC 4648 base32
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sparekey/sk-base32.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

G_DEFINE_QUARK (sk-base32-error-quark, sk_base32_error)

/* Value of a base32 symbol, or -1. */
static inline int
symbol_value (char c)
{
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a';
  if (c >= '2' && c <= '7')
    return c - '2' + 26;
  return -1;
}

/* Services print secrets in groups ("abcd efgh ijkl" or "ABCD-EFGH"), and
 * people paste them with line breaks. */
static inline gboolean
is_separator (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-';
}

/* Text naming the character at @p for an error message: the character
 * itself when printable, its code point otherwise. */
static char *
describe_character (const char *p)
{
  gunichar ch = g_utf8_get_char_validated (p, -1);

  if (ch == (gunichar) -1 || ch == (gunichar) -2)
    return g_strdup_printf ("0x%02X", (guint) (guchar) *p);
  if (!g_unichar_isprint (ch) || g_unichar_isspace (ch))
    return g_strdup_printf ("U+%04X", ch);
  return g_strdup_printf ("“%.*s”", (int) (g_utf8_next_char (p) - p), p);
}

static void
set_invalid_character (GError     **error,
                       const char  *text,
                       const char  *p)
{
  g_autofree char *what = describe_character (p);
  glong position;

  /* Count characters, not bytes, so the position matches what the user
   * sees; fall back to bytes for text that is not UTF-8. */
  if (g_utf8_validate (text, p - text, NULL))
    position = g_utf8_pointer_to_offset (text, p) + 1;
  else
    position = (p - text) + 1;

  /* 0, 1, 8 and 9 are not in the alphabet; people often type 0 for O and
   * 1 for I or L, so say what they probably meant. */
  if (*p == '0')
    g_set_error (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_CHARACTER,
                 _("Invalid base32 character %s at position %ld (did you mean the letter O?)"),
                 what, position);
  else if (*p == '1')
    g_set_error (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_CHARACTER,
                 _("Invalid base32 character %s at position %ld (did you mean the letter I or L?)"),
                 what, position);
  else
    g_set_error (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_CHARACTER,
                 _("Invalid base32 character %s at position %ld; only A–Z and 2–7 are allowed"),
                 what, position);
}

/**
 * sk_base32_decode:
 * @text: base32 text
 * @error: return location for a #GError
 *
 * Decodes RFC 4648 base32 into guarded memory.
 *
 * Leftover bits at the end are dropped, as Google Authenticator and most
 * other apps do: some services hand out secrets whose length is not a
 * whole encoding (say 17 characters), and they work everywhere else.
 * Only text too short to hold a single byte is rejected.
 *
 * Returns: (transfer full): the bytes, or %NULL with @error set
 */
SkSecret *
sk_base32_decode (const char  *text,
                  GError     **error)
{
  g_autoptr(SkSecret) out = NULL;
  const char *p;
  const char *first_pad = NULL;
  gsize n_symbols = 0;
  gsize n_pad = 0;
  gsize n_bytes = 0;
  guint64 buffer = 0;
  guint n_bits = 0;
  guint8 *dest;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* First pass: validate and count, so the output is allocated once. */
  for (p = text; *p != '\0'; p++)
    {
      if (is_separator (*p))
        continue;
      if (*p == '=')
        {
          if (first_pad == NULL)
            first_pad = p;
          n_pad++;
          continue;
        }
      if (symbol_value (*p) < 0)
        {
          set_invalid_character (error, text, p);
          return NULL;
        }
      if (first_pad != NULL)
        {
          glong position = g_utf8_validate (text, first_pad - text, NULL)
                           ? g_utf8_pointer_to_offset (text, first_pad) + 1
                           : (first_pad - text) + 1;

          g_set_error (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_PADDING,
                       _("Base32 padding “=” at position %ld is followed by more data; padding may only appear at the end"),
                       position);
          return NULL;
        }
      n_symbols++;
    }

  if (n_symbols == 0)
    {
      if (n_pad > 0)
        g_set_error_literal (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_PADDING,
                             _("Base32 text contains only padding"));
      else
        g_set_error_literal (error, SK_BASE32_ERROR, SK_BASE32_ERROR_EMPTY,
                             _("Base32 text is empty"));
      return NULL;
    }

  /* Padding is optional, but when present it must complete the last
   * 8-character group. */
  if (n_pad > 0 && (n_symbols + n_pad) % 8 != 0)
    {
      g_set_error (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_PADDING,
                   _("Base32 padding is wrong: the length with padding is %zu, not a multiple of 8"),
                   n_symbols + n_pad);
      return NULL;
    }

  n_bytes = (n_symbols * 5) / 8;
  if (n_bytes == 0)
    {
      g_set_error_literal (error, SK_BASE32_ERROR, SK_BASE32_ERROR_INVALID_LENGTH,
                           _("Base32 text is too short: a single character cannot hold a whole byte"));
      return NULL;
    }

  out = sk_secret_new (n_bytes);
  dest = sk_secret_get_mutable (out);

  for (p = text; *p != '\0'; p++)
    {
      int v = symbol_value (*p);

      if (v < 0)
        continue;
      buffer = (buffer << 5) | (guint) v;
      n_bits += 5;
      if (n_bits >= 8)
        {
          n_bits -= 8;
          *dest++ = (guint8) (buffer >> n_bits);
        }
    }

  g_assert ((gsize) (dest - sk_secret_get_data (out)) == n_bytes);
  sodium_memzero (&buffer, sizeof buffer);

  return g_steal_pointer (&out);
}

/**
 * sk_base32_encode:
 * @data: bytes
 * @size: number of bytes
 *
 * Encodes without padding, in upper case.
 *
 * Returns: (transfer full): the text as a NUL-terminated string in guarded
 *   memory
 */
SkSecret *
sk_base32_encode (const guint8 *data,
                  gsize         size)
{
  SkSecret *out;
  char *dest;
  guint64 buffer = 0;
  guint n_bits = 0;
  gsize length;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (size <= (G_MAXSIZE - 4) / 8, NULL);

  length = (size * 8 + 4) / 5;
  out = sk_secret_new (length);
  dest = (char *) sk_secret_get_mutable (out);

  for (gsize i = 0; i < size; i++)
    {
      buffer = (buffer << 8) | data[i];
      n_bits += 8;
      while (n_bits >= 5)
        {
          n_bits -= 5;
          *dest++ = alphabet[(buffer >> n_bits) & 0x1f];
        }
    }
  if (n_bits > 0)
    *dest++ = alphabet[(buffer << (5 - n_bits)) & 0x1f];

  g_assert ((gsize) (dest - sk_secret_get_string (out)) == length);
  sodium_memzero (&buffer, sizeof buffer);

  return out;
}
