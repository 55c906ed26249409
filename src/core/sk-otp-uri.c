/* sk-otp-uri.c: otpauth:// Key URI Format, parse and build
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>
#include <string.h>

#include "sparekey/sk-base32.h"
#include "sparekey/sk-otp-uri.h"

/*
 * The format is Google's "Key Uri Format":
 *
 *   otpauth://TYPE/[ISSUER:]NAME?secret=BASE32&issuer=...&algorithm=...
 *          &digits=...&period=...&counter=...
 *
 * Only the part before '?' is given to GUri: the query holds the secret,
 * and GUri would copy it into memory we cannot wipe. The query is walked
 * in place and each value decoded separately; the decoded secret is wiped
 * as soon as it has been turned into bytes.
 *
 * Steam Guard has no standard URI. Three spellings are in use and all are
 * read as Steam:
 *   - otpauth://steam/...           (Aegis and others)
 *   - otpauth://totp/...&encoder=steam   (KeePassXC and others)
 *   - otpauth://totp/Steam:...&issuer=Steam&digits=5: Steam never issues
 *     numeric codes, so a 5-digit TOTP for the issuer "Steam" can only be
 *     a Steam Guard key that an app exported without a type.
 * Steam codes always have five characters, so digits= is ignored for them.
 * We write otpauth://steam/...&encoder=steam: Aegis keys on the host and
 * ignores the parameter, KeePassXC keys on the parameter and reads any
 * host as TOTP, so only both together are read as Steam by both.
 *
 * Yandex and mOTP follow Aegis:
 *   - otpauth://yaotp/[ISSUER:]NAME?secret=BASE32&pin=BASE32(PIN)...: the
 *     key is 16 bytes, or 26 with a checksum (checked, then cut to 16);
 *     the PIN is base32 of its UTF-8 text in what Aegis writes, and plain
 *     digits in what some other apps write. A base32-encoded PIN always
 *     holds a letter (digits encode to "G..."), so both read unambiguously.
 *     Without an issuer the account is Yandex's.
 *   - motp://[ISSUER:]NAME?secret=TEXT[&pin=PIN]: mOTP hashes the secret
 *     as text (usually 16 hex digits), so it is kept as the text given.
 *     "motp:LABEL" without the slashes is read too.
 * The PIN is secret: it is decoded into guarded memory and never kept
 * with the parameters we do not interpret.
 *
 * A '#' is kept as part of the label or value it appears in: otpauth URIs
 * have no fragments, and issuers such as "C#" are sometimes unescaped.
 */

G_DEFINE_QUARK (sk-uri-error-quark, sk_uri_error)

/* Longest piece of user input quoted back in an error message. */
#define QUOTE_MAX 32

SkOtpUri *
sk_otp_uri_new (void)
{
  SkOtpUri *self = g_new0 (SkOtpUri, 1);

  sk_otp_params_init (&self->params, SK_OTP_TOTP);
  self->name = g_strdup ("");
  self->extra_keys = g_ptr_array_new_with_free_func (g_free);
  self->extra_values = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
sk_otp_uri_free (SkOtpUri *self)
{
  if (self == NULL)
    return;
  g_free (self->issuer);
  g_free (self->name);
  sk_secret_unref (self->secret);
  sk_secret_unref (self->pin);
  g_clear_pointer (&self->extra_keys, g_ptr_array_unref);
  g_clear_pointer (&self->extra_values, g_ptr_array_unref);
  g_free (self);
}

/* Takes ownership of @text; returns valid UTF-8. Text that is not UTF-8
 * (a few services percent-encode legacy code pages) is repaired rather
 * than rejected, so the account can still be imported and renamed. */
static char *
ensure_utf8 (char *text)
{
  char *valid;

  if (g_utf8_validate (text, -1, NULL))
    return text;
  valid = g_utf8_make_valid (text, -1);
  g_free (text);
  return valid;
}

/* Percent-decodes [start, end). With @www_form, '+' means a space, as in
 * the query strings that most web frameworks produce. Returns NULL for a
 * bad escape or an escaped NUL. The raw copy is wiped: it may be the
 * secret. */
static char *
decode_component (const char *start,
                  const char *end,
                  gboolean    www_form)
{
  char *raw = g_strndup (start, end - start);
  char *decoded;

  if (www_form)
    for (char *p = raw; *p != '\0'; p++)
      if (*p == '+')
        *p = ' ';
  decoded = g_uri_unescape_string (raw, NULL);
  sk_wipe_string (raw);
  return decoded;
}

/* Like decode_component(), but keeps the raw text when it does not decode:
 * for parameters we do not interpret, being forgiving loses nothing. */
static char *
decode_component_lenient (const char *start,
                          const char *end)
{
  char *decoded = decode_component (start, end, TRUE);

  if (decoded == NULL)
    decoded = g_strndup (start, end - start);
  return ensure_utf8 (decoded);
}

/* A short, printable quotation of user input for error messages. */
static char *
quote (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  if (g_utf8_strlen (valid, -1) > QUOTE_MAX)
    {
      g_autofree char *head = g_utf8_substring (valid, 0, QUOTE_MAX);
      return g_strdup_printf ("“%s…”", head);
    }
  return g_strdup_printf ("“%s”", valid);
}

static gboolean
parse_unsigned (const char  *value,
                guint64      min,
                guint64      max,
                guint64     *out)
{
  g_autofree char *copy = g_strstrip (g_strdup (value));

  return g_ascii_string_to_unsigned (copy, 10, min, max, out, NULL);
}

static gboolean
parse_label (SkOtpUri    *self,
             const char  *raw,
             char       **label_issuer,
             GError     **error)
{
  const char *colon = strchr (raw, ':');
  g_autofree char *issuer = NULL;
  g_autofree char *name = NULL;

  /* A literal ':' separates issuer and name; the parts are decoded after
   * splitting, so an escaped "%3A" inside either part survives. Labels
   * with only an escaped separator ("Issuer%3Aname", which Google's
   * description also allows) are split after decoding. */
  if (colon != NULL)
    {
      issuer = decode_component (raw, colon, FALSE);
      name = decode_component (colon + 1, raw + strlen (raw), FALSE);
    }
  else
    {
      name = decode_component (raw, raw + strlen (raw), FALSE);
      if (name != NULL && (colon = strchr (name, ':')) != NULL)
        {
          issuer = g_strndup (name, colon - name);
          memmove (name, colon + 1, strlen (colon + 1) + 1);
        }
    }

  if (name == NULL || (colon != NULL && issuer == NULL))
    {
      g_autofree char *what = quote (raw);

      g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_LABEL,
                   _("The account label %s has a bad percent-encoding (a “%%” must be followed by two hex digits, and “%%00” is not allowed)"),
                   what);
      return FALSE;
    }

  name = ensure_utf8 (g_steal_pointer (&name));
  g_free (self->name);
  self->name = g_strdup (g_strstrip (name));

  if (issuer != NULL)
    {
      issuer = ensure_utf8 (g_steal_pointer (&issuer));
      g_strstrip (issuer);
      if (*issuer != '\0')
        *label_issuer = g_steal_pointer (&issuer);
    }
  return TRUE;
}

/* The pin= of a Yandex or mOTP URI, into guarded memory: plain digits,
 * or (Aegis) base32 of the PIN's UTF-8 text. */
static gboolean
parse_pin (SkOtpUri    *self,
           const char  *start,
           const char  *end,
           GError     **error)
{
  char *text = decode_component (start, end, TRUE);
  SkSecret *pin = NULL;
  gboolean digits_only = TRUE;

  if (text == NULL)
    {
      g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                           _("The pin parameter has a bad percent-encoding"));
      return FALSE;
    }
  g_strstrip (text);
  for (const char *p = text; *p != '\0'; p++)
    digits_only &= g_ascii_isdigit (*p);
  if (*text == '\0')
    {
      sk_wipe_string (text);
      return TRUE;
    }
  if (digits_only)
    pin = sk_secret_new_from_data (text, strlen (text));
  else
    {
      pin = sk_base32_decode (text, NULL);
      if (pin != NULL &&
          !g_utf8_validate ((const char *) sk_secret_get_data (pin), sk_secret_get_size (pin), NULL))
        g_clear_pointer (&pin, sk_secret_unref);
    }
  sk_wipe_string (text);
  if (pin == NULL || sk_secret_get_size (pin) == 0 || sk_secret_get_size (pin) > SK_OTP_PIN_MAX)
    {
      g_clear_pointer (&pin, sk_secret_unref);
      g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                   _("The pin parameter must be digits or base32 text of at most %d bytes"),
                   SK_OTP_PIN_MAX);
      return FALSE;
    }
  sk_secret_unref (self->pin);
  self->pin = pin;
  return TRUE;
}

typedef struct
{
  gboolean have_digits;
  gboolean encoder_steam;
  char    *issuer;
  guint    seen;   /* bits of core_parameters already met */
} QueryState;

/* The parameters that decide the code or the name: given twice, scanners
 * disagree on which counts (some take the first, we took the last), so
 * such a link is refused. */
static const char * const core_parameters[] = {
  "secret", "issuer", "algorithm", "digits", "period", "counter",
};

static gboolean
check_repeated (QueryState  *state,
                const char  *key,
                GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (core_parameters); i++)
    if (g_ascii_strcasecmp (key, core_parameters[i]) == 0)
      {
        if (state->seen & (1u << i))
          {
            g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                         _("The %s parameter is given more than once; apps would disagree on which one counts"),
                         core_parameters[i]);
            return FALSE;
          }
        state->seen |= 1u << i;
      }
  return TRUE;
}

static gboolean
parse_parameter (SkOtpUri    *self,
                 QueryState  *state,
                 const char  *start,
                 const char  *end,
                 GError     **error)
{
  const char *eq = memchr (start, '=', end - start);
  const char *value_start = eq != NULL ? eq + 1 : end;
  g_autofree char *key = decode_component_lenient (start, eq != NULL ? eq : end);
  g_autofree char *value = NULL;
  guint64 number;

  if (!check_repeated (state, key, error))
    return FALSE;
  if (g_ascii_strcasecmp (key, "pin") == 0 && sk_otp_type_needs_pin (self->params.type))
    return parse_pin (self, value_start, end, error);

  if (g_ascii_strcasecmp (key, "secret") == 0)
    {
      g_autoptr(GError) local_error = NULL;
      char *text = decode_component (value_start, end, TRUE);
      SkSecret *secret;

      if (text == NULL)
        {
          g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                               _("The secret parameter has a bad percent-encoding"));
          return FALSE;
        }
      if (self->params.type == SK_OTP_MOTP)
        {
          /* mOTP hashes the secret as text. */
          g_strstrip (text);
          if (*text == '\0')
            {
              sk_wipe_string (text);
              g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                                   _("The secret parameter is empty"));
              return FALSE;
            }
          sk_secret_unref (self->secret);
          self->secret = sk_secret_new_from_data (text, strlen (text));
          sk_wipe_string (text);
          return TRUE;
        }
      secret = sk_base32_decode (text, &local_error);
      sk_wipe_string (text);
      if (secret == NULL)
        {
          if (g_error_matches (local_error, SK_BASE32_ERROR, SK_BASE32_ERROR_EMPTY))
            g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                                 _("The secret parameter is empty"));
          else
            g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                         _("The secret parameter is not valid base32: %s"),
                         local_error->message);
          return FALSE;
        }
      sk_secret_unref (self->secret);
      self->secret = secret;
      return TRUE;
    }

  /* Every other value is public. */
  if (g_ascii_strcasecmp (key, "issuer") == 0 ||
      g_ascii_strcasecmp (key, "algorithm") == 0 ||
      g_ascii_strcasecmp (key, "digits") == 0 ||
      g_ascii_strcasecmp (key, "period") == 0 ||
      g_ascii_strcasecmp (key, "counter") == 0)
    {
      value = decode_component (value_start, end, TRUE);
      if (value == NULL)
        {
          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("The %s parameter has a bad percent-encoding"),
                       key);
          return FALSE;
        }
      value = ensure_utf8 (g_steal_pointer (&value));
    }
  else
    {
      value = decode_component_lenient (value_start, end);
      if (g_ascii_strcasecmp (key, "encoder") == 0 &&
          g_ascii_strcasecmp (value, "steam") == 0)
        {
          state->encoder_steam = TRUE;
          return TRUE;
        }
      g_ptr_array_add (self->extra_keys, g_steal_pointer (&key));
      g_ptr_array_add (self->extra_values, g_steal_pointer (&value));
      return TRUE;
    }

  /* Empty values are what some generators write for "default". */
  if (*g_strstrip (value) == '\0')
    return TRUE;

  if (g_ascii_strcasecmp (key, "issuer") == 0)
    {
      g_free (state->issuer);
      state->issuer = g_steal_pointer (&value);
    }
  else if (g_ascii_strcasecmp (key, "algorithm") == 0)
    {
      if (!sk_otp_algorithm_from_string (value, &self->params.algorithm))
        {
          g_autofree char *what = quote (value);

          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("Unknown algorithm %s in the algorithm parameter; expected SHA1, SHA256 or SHA512"),
                       what);
          return FALSE;
        }
    }
  else if (g_ascii_strcasecmp (key, "digits") == 0)
    {
      if (!parse_unsigned (value, SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, &number))
        {
          g_autofree char *what = quote (value);

          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("The digits parameter must be a number between %d and %d, got %s"),
                       SK_OTP_DIGITS_MIN, SK_OTP_DIGITS_MAX, what);
          return FALSE;
        }
      self->params.digits = (guint) number;
      state->have_digits = TRUE;
    }
  else if (g_ascii_strcasecmp (key, "period") == 0)
    {
      if (!parse_unsigned (value, 1, G_MAXUINT, &number))
        {
          g_autofree char *what = quote (value);

          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("The period parameter must be a whole number of seconds, at least 1, got %s"),
                       what);
          return FALSE;
        }
      self->params.period = (guint) number;
    }
  else if (g_ascii_strcasecmp (key, "counter") == 0)
    {
      if (!parse_unsigned (value, 0, G_MAXUINT64, &number))
        {
          g_autofree char *what = quote (value);

          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                       _("The counter parameter must be a whole number of at least 0, got %s"),
                       what);
          return FALSE;
        }
      self->params.counter = number;
    }
  return TRUE;
}

static gboolean
parse_query (SkOtpUri    *self,
             QueryState  *state,
             const char  *start,
             const char  *end,
             GError     **error)
{
  while (start < end)
    {
      const char *amp = memchr (start, '&', end - start);
      const char *piece_end = amp != NULL ? amp : end;

      /* Empty pieces ("a=1&&b=2", a trailing '&') are harmless. */
      if (piece_end > start &&
          !parse_parameter (self, state, start, piece_end, error))
        return FALSE;
      start = piece_end + 1;
    }
  return TRUE;
}

/**
 * sk_otp_uri_parse:
 * @uri: an otpauth:// URI
 * @error: return location for a #GError in %SK_URI_ERROR
 *
 * Parses a Key URI. Leading and trailing white space (as QR payloads and
 * pasted text carry) is ignored. Messages name the bad part but never
 * quote the secret.
 *
 * Returns: (transfer full): the parsed URI, or %NULL with @error set
 */
SkOtpUri *
sk_otp_uri_parse (const char  *uri,
                  GError     **error)
{
  g_autoptr(SkOtpUri) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *host = NULL;
  g_autofree char *path = NULL;
  g_autofree char *fragment = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *label_raw = NULL;
  g_autofree char *label_issuer = NULL;
  QueryState state = { FALSE, FALSE, NULL };
  const char *start;
  const char *end;
  const char *question;
  SkOtpType type;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  start = uri;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  question = memchr (start, '?', end - start);
  prefix = g_strndup (start, (question != NULL ? question : end) - start);

  scheme = g_uri_parse_scheme (prefix);
  if (scheme == NULL)
    {
      g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SYNTAX,
                           _("This is not a URI: it should start with “otpauth://”"));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "otpauth-migration") == 0)
    {
      g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SCHEME,
                           _("This is a Google Authenticator export (otpauth-migration://), not a single account; import it as an export instead"));
      return NULL;
    }
  if (g_ascii_strcasecmp (scheme, "motp") == 0)
    {
      /* "motp://Issuer:name": the label sits where a host would, and
       * "name" would not parse as a port, so it is taken as it is. */
      const char *label = prefix + strlen ("motp:");

      if (g_str_has_prefix (label, "//"))
        label += 2;
      self = sk_otp_uri_new ();
      sk_otp_params_init (&self->params, SK_OTP_MOTP);
      label_raw = g_strdup (label);
    }
  else if (g_ascii_strcasecmp (scheme, "otpauth") != 0)
    {
      g_autofree char *what = quote (scheme);

      g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_SCHEME,
                   _("Unsupported URI scheme %s; expected “otpauth://”"),
                   what);
      return NULL;
    }

  /* Relaxed parsing: labels from QR codes often carry raw spaces or
   * non-ASCII text; GUri escapes those, and the label is decoded (strictly)
   * below. */
  if (self == NULL && !g_uri_split (prefix,
                    G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS | G_URI_FLAGS_PARSE_RELAXED,
                    NULL, NULL, &host, NULL, &path, NULL, &fragment,
                    &local_error))
    {
      /* GLib quotes the offending part, which may not be UTF-8. */
      g_autofree char *detail = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_SYNTAX,
                   _("This is not a valid otpauth URI: %s"), detail);
      return NULL;
    }

  if (self == NULL)
    {
      if (host != NULL)
        type_text = g_uri_unescape_string (host, NULL);
      if (type_text == NULL || *type_text == '\0')
        {
          g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_TYPE,
                               _("The URI does not say which kind of code it is: expected “otpauth://totp/”, “otpauth://hotp/” or “otpauth://steam/”"));
          return NULL;
        }
      /* Aegis names Yandex's host "yaotp". */
      if (g_ascii_strcasecmp (type_text, "yaotp") == 0)
        type = SK_OTP_YANDEX;
      else if (!sk_otp_type_from_string (type_text, &type))
        {
          g_autofree char *what = quote (type_text);

          g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_TYPE,
                       _("Unknown code type %s; expected totp, hotp, steam, yaotp or motp"),
                       what);
          return NULL;
        }

      self = sk_otp_uri_new ();
      sk_otp_params_init (&self->params, type);

      label_raw = g_strconcat (path[0] == '/' ? path + 1 : path,
                               fragment != NULL ? "#" : "", fragment, NULL);
    }
  if (!parse_label (self, label_raw, &label_issuer, error))
    return NULL;

  if (question != NULL &&
      !parse_query (self, &state, question + 1, end, error))
    {
      g_free (state.issuer);
      return NULL;
    }

  if (self->secret == NULL)
    {
      g_free (state.issuer);
      g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                           _("The URI has no secret parameter"));
      return NULL;
    }

  /* The issuer parameter is the more reliable of the two (the label is
   * display text that some services fill with something else), so it wins
   * when both are present. */
  if (state.issuer != NULL)
    self->issuer = g_steal_pointer (&state.issuer);
  else
    self->issuer = g_steal_pointer (&label_issuer);

  if (self->params.type == SK_OTP_TOTP &&
      (state.encoder_steam ||
       (state.have_digits && self->params.digits == SK_OTP_STEAM_DIGITS &&
        self->issuer != NULL && g_ascii_strcasecmp (self->issuer, "Steam") == 0)))
    self->params.type = SK_OTP_STEAM;
  if (self->params.type == SK_OTP_STEAM)
    {
      self->params.digits = SK_OTP_STEAM_DIGITS;
      /* Another encoder on a Steam link contradicts it and would clash
       * with the encoder=steam we write: it is dropped. */
      for (guint i = self->extra_keys->len; i > 0; i--)
        if (g_ascii_strcasecmp (g_ptr_array_index (self->extra_keys, i - 1), "encoder") == 0)
          {
            g_ptr_array_remove_index (self->extra_keys, i - 1);
            g_ptr_array_remove_index (self->extra_values, i - 1);
          }
    }

  if (self->params.type == SK_OTP_YANDEX)
    {
      SkSecret *key = sk_otp_yandex_key (sk_secret_get_data (self->secret),
                                         sk_secret_get_size (self->secret),
                                         &local_error);

      if (key == NULL)
        {
          g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_SECRET,
                               local_error->message);
          return NULL;
        }
      sk_secret_unref (self->secret);
      self->secret = key;
      if (self->issuer == NULL)
        self->issuer = g_strdup ("Yandex");
    }

  if (!sk_otp_params_validate (&self->params, &local_error))
    {
      g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                           local_error->message);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static char *
escape (const char *text)
{
  /* '@' reads better unescaped in "alice@example.com" and is legal in a
   * path; everything else outside the unreserved set is escaped, including
   * ':' (the label separator), '+' (a space to form decoders) and '&'. */
  return g_uri_escape_string (text, "@", FALSE);
}

static char *
escape_query (const char *text)
{
  return g_uri_escape_string (text, NULL, FALSE);
}

static gboolean
all_digits (const SkSecret *text)
{
  const guint8 *p = sk_secret_get_data (text);

  for (gsize i = 0; i < sk_secret_get_size (text); i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

/* Percent-encodes secret text into guarded memory: unreserved characters
 * stay, every other byte becomes %XX. */
static SkSecret *
escape_secret (const SkSecret *text)
{
  static const char hex[] = "0123456789ABCDEF";
  const guint8 *in = sk_secret_get_data (text);
  gsize n = sk_secret_get_size (text);
  gsize size = 0;
  SkSecret *out;
  guint8 *o;

  for (gsize i = 0; i < n; i++)
    size += g_ascii_isalnum (in[i]) || (in[i] != 0 && strchr ("-._~", in[i]) != NULL) ? 1 : 3;
  out = sk_secret_new (size);
  o = sk_secret_get_mutable (out);
  for (gsize i = 0; i < n; i++)
    if (g_ascii_isalnum (in[i]) || (in[i] != 0 && strchr ("-._~", in[i]) != NULL))
      *o++ = in[i];
    else
      {
        *o++ = '%';
        *o++ = hex[in[i] >> 4];
        *o++ = hex[in[i] & 0x0f];
      }
  return out;
}

/**
 * sk_otp_uri_build:
 * @uri: a URI with a secret
 *
 * Builds the canonical form: the issuer both as the label prefix and as
 * the issuer parameter, every parameter explicit, the secret in base32
 * without padding, then the unknown parameters in their original order.
 * The text never leaves guarded memory.
 *
 * Returns: (transfer full): the URI as text in guarded memory
 */
SkSecret *
sk_otp_uri_build (const SkOtpUri *uri)
{
  g_autoptr(GString) head = NULL;
  g_autoptr(GString) tail = NULL;
  g_autoptr(SkSecret) encoded = NULL;
  g_autoptr(SkSecret) pin = NULL;
  g_autofree char *name = NULL;
  SkSecret *out;
  guint8 *dest;
  gsize size;
  const char *issuer;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (uri->secret != NULL, NULL);

  issuer = uri->issuer != NULL && *uri->issuer != '\0' ? uri->issuer : NULL;
  name = escape (uri->name != NULL ? uri->name : "");

  if (uri->params.type == SK_OTP_MOTP)
    head = g_string_new ("motp://");
  else
    {
      head = g_string_new ("otpauth://");
      g_string_append (head, uri->params.type == SK_OTP_YANDEX
                             ? "yaotp" : sk_otp_type_to_string (uri->params.type));
      g_string_append_c (head, '/');
    }
  if (issuer != NULL)
    {
      g_autofree char *escaped = escape (issuer);

      g_string_append_printf (head, "%s:", escaped);
    }
  else if (uri->name != NULL && strchr (uri->name, ':') != NULL)
    {
      /* Without this empty prefix, a name containing ':' would come back
       * split into issuer and name. */
      g_string_append_c (head, ':');
    }
  g_string_append (head, name);
  g_string_append (head, "?secret=");

  tail = g_string_new (NULL);
  if (issuer != NULL)
    {
      g_autofree char *escaped = escape_query (issuer);

      g_string_append_printf (tail, "&issuer=%s", escaped);
    }
  g_string_append_printf (tail, "&algorithm=%s",
                          sk_otp_algorithm_to_string (uri->params.algorithm));
  g_string_append_printf (tail, "&digits=%u",
                          uri->params.type == SK_OTP_STEAM ? SK_OTP_STEAM_DIGITS
                                                           : uri->params.digits);
  if (uri->params.type == SK_OTP_HOTP)
    g_string_append_printf (tail, "&counter=%" G_GUINT64_FORMAT, uri->params.counter);
  else
    g_string_append_printf (tail, "&period=%u", uri->params.period);
  if (uri->params.type == SK_OTP_STEAM)
    g_string_append (tail, "&encoder=steam");

  if (uri->extra_keys != NULL && uri->extra_values != NULL)
    {
      guint n = MIN (uri->extra_keys->len, uri->extra_values->len);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *key = NULL;
          g_autofree char *value = NULL;

          /* A Steam link already says encoder=steam; another encoder
           * kept from an import would contradict it. */
          if (uri->params.type == SK_OTP_STEAM &&
              g_ascii_strcasecmp (g_ptr_array_index (uri->extra_keys, i), "encoder") == 0)
            continue;
          key = escape_query (g_ptr_array_index (uri->extra_keys, i));
          value = escape_query (g_ptr_array_index (uri->extra_values, i));

          g_string_append_printf (tail, "&%s=%s", key, value);
        }
    }

  /* Assemble straight into guarded memory, so the secret is never in a
   * GString that may be reallocated and left behind unwiped. mOTP's
   * secret is text (escaped). The PIN goes last: Yandex's in base32 as
   * Aegis writes it, mOTP's in digits as others write it (in base32 when
   * it is not all digits, which is how it reads back). */
  if (uri->params.type == SK_OTP_MOTP)
    encoded = escape_secret (uri->secret);
  else
    encoded = sk_base32_encode (sk_secret_get_data (uri->secret),
                                sk_secret_get_size (uri->secret));
  if (uri->pin != NULL && sk_otp_type_needs_pin (uri->params.type))
    pin = uri->params.type == SK_OTP_MOTP && all_digits (uri->pin)
          ? escape_secret (uri->pin)
          : sk_base32_encode (sk_secret_get_data (uri->pin), sk_secret_get_size (uri->pin));
  size = head->len + sk_secret_get_size (encoded) + tail->len +
         (pin != NULL ? strlen ("&pin=") + sk_secret_get_size (pin) : 0);
  out = sk_secret_new (size);
  dest = sk_secret_get_mutable (out);
  memcpy (dest, head->str, head->len);
  memcpy (dest + head->len, sk_secret_get_data (encoded), sk_secret_get_size (encoded));
  memcpy (dest + head->len + sk_secret_get_size (encoded), tail->str, tail->len);
  if (pin != NULL)
    {
      dest += head->len + sk_secret_get_size (encoded) + tail->len;
      memcpy (dest, "&pin=", strlen ("&pin="));
      memcpy (dest + strlen ("&pin="), sk_secret_get_data (pin), sk_secret_get_size (pin));
    }

  return out;
}
