/* sk-migration.c: Google Authenticator otpauth-migration:// batches
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include <sparekey/sk-migration.h>
#include <sparekey/sk-qr.h>

#include "sk-migration-private.h"

/*
 * The payload is a protobuf message (Google's "MigrationPayload"):
 *
 *   MigrationPayload {
 *     repeated OtpParameters otp_parameters = 1;
 *     int32 version = 2; int32 batch_size = 3; int32 batch_index = 4;
 *     int32 batch_id = 5;
 *   }
 *   OtpParameters {
 *     bytes secret = 1; string name = 2; string issuer = 3;
 *     Algorithm algorithm = 4;   (0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5)
 *     DigitCount digits = 5;     (0 unspecified, 1 six, 2 eight)
 *     OtpType type = 6;          (0 unspecified, 1 HOTP, 2 TOTP)
 *     int64 counter = 7;
 *   }
 *
 * Only two nesting levels and four wire types matter, so it is read and
 * written by hand here rather than pulling in a protobuf runtime. Every
 * read is bounds-checked; unknown fields (newer exports add a unique id
 * as field 8) are skipped as protobuf requires.
 *
 * The decoded payload, the secrets and the URI text stay in guarded memory
 * (SkSecret); nothing from them goes to logs or error messages.
 */

#define MIGRATION_PREFIX "otpauth-migration://"
#define MIGRATION_URI_START "otpauth-migration://offline?data="
#define DEFAULT_PER_CODE 10
#define GOOGLE_PERIOD 30

enum {
  WIRE_VARINT = 0,
  WIRE_FIXED64 = 1,
  WIRE_LEN = 2,
  WIRE_START_GROUP = 3,
  WIRE_END_GROUP = 4,
  WIRE_FIXED32 = 5,
};

enum {
  ALGORITHM_UNSPECIFIED = 0,
  ALGORITHM_SHA1 = 1,
  ALGORITHM_SHA256 = 2,
  ALGORITHM_SHA512 = 3,
  ALGORITHM_MD5 = 4,
};

enum {
  DIGITS_UNSPECIFIED = 0,
  DIGITS_SIX = 1,
  DIGITS_EIGHT = 2,
};

enum {
  TYPE_UNSPECIFIED = 0,
  TYPE_HOTP = 1,
  TYPE_TOTP = 2,
};

G_DEFINE_QUARK (sk-migration-error-quark, sk_migration_error)

/* Reading */

typedef struct {
  const guint8 *start;
  const guint8 *p;
  const guint8 *end;
} PbReader;

typedef struct {
  guint64       number;
  guint         wire;
  guint64       varint;   /* WIRE_VARINT */
  const guint8 *data;     /* WIRE_LEN */
  gsize         length;   /* WIRE_LEN */
} PbField;

static void
pb_reader_init (PbReader     *reader,
                const guint8 *data,
                gsize         size)
{
  reader->start = data;
  reader->p = data;
  reader->end = data + size;
}

static gboolean
pb_read_varint (PbReader *reader,
                guint64  *out)
{
  guint64 value = 0;

  /* At most ten bytes carry 64 bits; bits beyond them are dropped as
   * protobuf parsers do. */
  for (guint shift = 0; shift < 70; shift += 7)
    {
      guint8 byte;

      if (reader->p >= reader->end)
        return FALSE;
      byte = *reader->p++;
      if (shift < 64)
        value |= (guint64) (byte & 0x7f) << shift;
      if ((byte & 0x80) == 0)
        {
          *out = value;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
payload_damaged (GError      **error,
                 const PbReader *reader,
                 const char     *what)
{
  g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_PAYLOAD,
               _("The migration data is damaged: %s (at byte %zu)"),
               what, (gsize) (reader->p - reader->start));
  return FALSE;
}

/* Reads the next field; returns FALSE with @error when the data is damaged. */
static gboolean
pb_read_field (PbReader  *reader,
               PbField   *field,
               GError   **error)
{
  guint64 key;
  guint64 length;

  memset (field, 0, sizeof *field);

  if (!pb_read_varint (reader, &key))
    return payload_damaged (error, reader, _("truncated field key"));

  field->number = key >> 3;
  field->wire = key & 7;
  if (field->number == 0)
    return payload_damaged (error, reader, _("field number 0"));

  switch (field->wire)
    {
    case WIRE_VARINT:
      if (!pb_read_varint (reader, &field->varint))
        return payload_damaged (error, reader, _("truncated number"));
      return TRUE;

    case WIRE_FIXED64:
      if (reader->end - reader->p < 8)
        return payload_damaged (error, reader, _("truncated 64-bit value"));
      reader->p += 8;
      return TRUE;

    case WIRE_FIXED32:
      if (reader->end - reader->p < 4)
        return payload_damaged (error, reader, _("truncated 32-bit value"));
      reader->p += 4;
      return TRUE;

    case WIRE_LEN:
      if (!pb_read_varint (reader, &length))
        return payload_damaged (error, reader, _("truncated length"));
      if (length > (guint64) (reader->end - reader->p))
        return payload_damaged (error, reader, _("a field is longer than the data"));
      field->data = reader->p;
      field->length = (gsize) length;
      reader->p += length;
      return TRUE;

    default:
      /* Groups (3, 4) are deprecated and never used by this message; 6 and
       * 7 do not exist. */
      return payload_damaged (error, reader, _("unsupported wire type"));
    }
}

static gboolean
pb_expect_wire (const PbField  *field,
                guint           wire,
                const PbReader *reader,
                GError        **error)
{
  if (field->wire == wire)
    return TRUE;

  g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_PAYLOAD,
               _("The migration data is damaged: field %u has wire type %u instead of %u (at byte %zu)"),
               (guint) field->number, field->wire, wire,
               (gsize) (reader->p - reader->start));
  return FALSE;
}

static char *
pb_dup_string (const PbField *field)
{
  /* Names come from other apps: keep them readable even if damaged. */
  return g_utf8_make_valid ((const char *) field->data, field->length);
}

/* Google Authenticator puts the whole otpauth label into name when the
 * account was added from a URI, so "Issuer:account" is common. Split it the
 * way an otpauth label is split, unless the issuer says otherwise. */
static void
split_label (char **issuer,
             char **name)
{
  const char *colon = strchr (*name, ':');
  g_autofree char *prefix = NULL;
  const char *rest;
  char *account;

  if (colon == NULL || colon == *name)
    return;

  prefix = g_strndup (*name, colon - *name);
  if (*issuer != NULL && **issuer != '\0' && strcmp (*issuer, prefix) != 0)
    return;

  rest = colon + 1;
  while (*rest == ' ')
    rest++;
  account = g_strdup (rest);

  g_free (*issuer);
  *issuer = g_steal_pointer (&prefix);
  g_free (*name);
  *name = account;
}

static char *
entry_title (const char *issuer,
             const char *name,
             guint       index)
{
  if (issuer != NULL && *issuer != '\0' && name != NULL && *name != '\0')
    return g_strdup_printf ("%s (%s)", issuer, name);
  if (name != NULL && *name != '\0')
    return g_strdup (name);
  if (issuer != NULL && *issuer != '\0')
    return g_strdup (issuer);
  return g_strdup_printf (_("account %u"), index + 1);
}

/* Parses one OtpParameters. Damage fails the whole payload; an account
 * Sparekey cannot use (MD5, unknown enum values, no secret) is recorded in
 * batch->skipped and parsing goes on. */
static gboolean
parse_otp_parameters (const guint8     *data,
                      gsize             size,
                      guint             index,
                      SkMigrationBatch *batch,
                      GError          **error)
{
  PbReader reader;
  g_autoptr(SkSecret) secret = NULL;
  g_autofree char *name = NULL;
  g_autofree char *issuer = NULL;
  guint64 algorithm = ALGORITHM_UNSPECIFIED;
  guint64 digits = DIGITS_UNSPECIFIED;
  guint64 type = TYPE_UNSPECIFIED;
  guint64 counter = 0;
  g_autofree char *title = NULL;
  g_autoptr(SkOtpUri) entry = NULL;
  SkOtpType otp_type;

  pb_reader_init (&reader, data, size);

  while (reader.p < reader.end)
    {
      PbField field;

      if (!pb_read_field (&reader, &field, error))
        return FALSE;

      switch (field.number)
        {
        case 1:
          if (!pb_expect_wire (&field, WIRE_LEN, &reader, error))
            return FALSE;
          g_clear_pointer (&secret, sk_secret_unref);
          secret = sk_secret_new_from_data (field.data, field.length);
          break;
        case 2:
          if (!pb_expect_wire (&field, WIRE_LEN, &reader, error))
            return FALSE;
          g_free (name);
          name = pb_dup_string (&field);
          break;
        case 3:
          if (!pb_expect_wire (&field, WIRE_LEN, &reader, error))
            return FALSE;
          g_free (issuer);
          issuer = pb_dup_string (&field);
          break;
        case 4:
        case 5:
        case 6:
        case 7:
          if (!pb_expect_wire (&field, WIRE_VARINT, &reader, error))
            return FALSE;
          if (field.number == 4)
            algorithm = field.varint;
          else if (field.number == 5)
            digits = field.varint;
          else if (field.number == 6)
            type = field.varint;
          else
            counter = field.varint;
          break;
        default:
          /* Unknown (e.g. 8, the unique id of newer exports): skipped. */
          break;
        }
    }

  if (name == NULL)
    name = g_strdup ("");
  if (issuer != NULL && *issuer == '\0')
    g_clear_pointer (&issuer, g_free);
  split_label (&issuer, &name);
  title = entry_title (issuer, name, index);

  if (secret == NULL || sk_secret_get_size (secret) == 0)
    {
      g_ptr_array_add (batch->skipped,
                       g_strdup_printf (_("Account “%s” has no secret key"), title));
      return TRUE;
    }

  switch (type)
    {
    case TYPE_UNSPECIFIED:
    case TYPE_TOTP:
      otp_type = SK_OTP_TOTP;
      break;
    case TYPE_HOTP:
      otp_type = SK_OTP_HOTP;
      break;
    default:
      g_ptr_array_add (batch->skipped,
                       g_strdup_printf (_("Account “%s” has an unknown code type (%" PRIu64 ")"),
                                        title, (uint64_t) type));
      return TRUE;
    }

  entry = sk_otp_uri_new ();
  sk_otp_params_init (&entry->params, otp_type);

  switch (algorithm)
    {
    case ALGORITHM_UNSPECIFIED:
    case ALGORITHM_SHA1:
      entry->params.algorithm = SK_OTP_SHA1;
      break;
    case ALGORITHM_SHA256:
      entry->params.algorithm = SK_OTP_SHA256;
      break;
    case ALGORITHM_SHA512:
      entry->params.algorithm = SK_OTP_SHA512;
      break;
    case ALGORITHM_MD5:
      g_ptr_array_add (batch->skipped,
                       g_strdup_printf (_("Account “%s” uses the MD5 algorithm, which Sparekey does not support"),
                                        title));
      return TRUE;
    default:
      g_ptr_array_add (batch->skipped,
                       g_strdup_printf (_("Account “%s” has an unknown algorithm (%" PRIu64 ")"),
                                        title, (uint64_t) algorithm));
      return TRUE;
    }

  switch (digits)
    {
    case DIGITS_UNSPECIFIED:
    case DIGITS_SIX:
      entry->params.digits = 6;
      break;
    case DIGITS_EIGHT:
      entry->params.digits = 8;
      break;
    default:
      g_ptr_array_add (batch->skipped,
                       g_strdup_printf (_("Account “%s” has an unknown number of digits (%" PRIu64 ")"),
                                        title, (uint64_t) digits));
      return TRUE;
    }

  /* Google Authenticator never exports the period: it is always 30 s. */
  entry->params.period = GOOGLE_PERIOD;
  if (otp_type == SK_OTP_HOTP)
    entry->params.counter = counter;

  g_free (entry->name);
  entry->name = g_steal_pointer (&name);
  g_free (entry->issuer);
  entry->issuer = g_steal_pointer (&issuer);
  g_clear_pointer (&entry->secret, sk_secret_unref);
  entry->secret = g_steal_pointer (&secret);

  g_ptr_array_add (batch->entries, g_steal_pointer (&entry));
  return TRUE;
}

static guint
clamp_count (guint64 value)
{
  /* int32 fields: negative values arrive sign-extended to 64 bits. */
  if (value > G_MAXINT32)
    return 0;
  return (guint) value;
}

SkMigrationBatch *
sk_migration_parse_payload (const guint8  *data,
                            gsize          size,
                            GError       **error)
{
  g_autoptr(SkMigrationBatch) batch = NULL;
  PbReader reader;
  guint n_params = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  batch = g_new0 (SkMigrationBatch, 1);
  batch->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  batch->skipped = g_ptr_array_new_with_free_func (g_free);
  batch->batch_size = 1;

  pb_reader_init (&reader, data, size);

  while (reader.p < reader.end)
    {
      PbField field;

      if (!pb_read_field (&reader, &field, error))
        return NULL;

      switch (field.number)
        {
        case 1:
          if (!pb_expect_wire (&field, WIRE_LEN, &reader, error))
            return NULL;
          if (!parse_otp_parameters (field.data, field.length, n_params, batch, error))
            return NULL;
          n_params++;
          break;
        case 2:
        case 3:
        case 4:
        case 5:
          if (!pb_expect_wire (&field, WIRE_VARINT, &reader, error))
            return NULL;
          if (field.number == 3)
            batch->batch_size = clamp_count (field.varint);
          else if (field.number == 4)
            batch->batch_index = clamp_count (field.varint);
          else if (field.number == 5)
            batch->batch_id = (gint) (gint32) (guint32) field.varint;
          /* The version (2) changes nothing we read: 1 and 2 are in use. */
          break;
        default:
          break;
        }
    }

  if (n_params == 0)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_PAYLOAD,
                   _("The migration data contains no accounts"));
      return NULL;
    }

  if (batch->entries->len == 0)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                   "%s", (const char *) g_ptr_array_index (batch->skipped, 0));
      return NULL;
    }

  /* Producers that leave the batch fields out mean a single code. */
  if (batch->batch_size == 0)
    batch->batch_size = 1;
  if (batch->batch_index >= batch->batch_size)
    batch->batch_size = batch->batch_index + 1;

  return g_steal_pointer (&batch);
}

/* Base64 */

SkSecret *
sk_migration_decode_base64 (const char  *text,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(SkSecret) clean = NULL;
  g_autoptr(SkSecret) out = NULL;
  guint8 *c;
  gsize n = 0;
  gsize padded;
  gsize written;
  gint state = 0;
  guint save = 0;
  gboolean in_padding = FALSE;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  clean = sk_secret_new (length + 4);
  c = sk_secret_get_mutable (clean);

  for (gsize i = 0; i < length; i++)
    {
      char ch = text[i];

      if (ch == '\r' || ch == '\n' || ch == '\t')
        continue;
      if (ch == '=')
        {
          in_padding = TRUE;
          continue;
        }
      if (in_padding)
        {
          g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                       _("The data= value is not base64: text after the “=” padding at position %zu"),
                       i + 1);
          return NULL;
        }

      if (g_ascii_isalnum (ch) || ch == '+' || ch == '/')
        c[n++] = ch;
      else if (ch == '-')   /* URL-safe alphabet */
        c[n++] = '+';
      else if (ch == '_')
        c[n++] = '/';
      else if (ch == ' ')
        /* A '+' that went through form decoding on its way here. */
        c[n++] = '+';
      else
        {
          if (g_ascii_isprint (ch))
            g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                         _("The data= value is not base64: “%c” at position %zu is not a base64 character"),
                         ch, i + 1);
          else
            g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                         _("The data= value is not base64: byte 0x%02x at position %zu is not a base64 character"),
                         (guint) (guint8) ch, i + 1);
          return NULL;
        }
    }

  if (n == 0)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                   _("The data= value is empty"));
      return NULL;
    }
  if (n % 4 == 1)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                   _("The data= value is not base64: %zu characters cannot be a base64 encoding"),
                   n);
      return NULL;
    }

  /* Padding is optional for some producers; g_base64 wants it. */
  padded = n;
  while (padded % 4 != 0)
    c[padded++] = '=';

  out = sk_secret_new (padded / 4 * 3);
  written = g_base64_decode_step ((const char *) c, padded,
                                  sk_secret_get_mutable (out), &state, &save);
  sk_secret_truncate (out, written);

  return g_steal_pointer (&out);
}

/* Parsing the URI */

gboolean
sk_migration_is_uri (const char *text)
{
  g_return_val_if_fail (text != NULL, FALSE);

  return g_ascii_strncasecmp (text, MIGRATION_PREFIX, strlen (MIGRATION_PREFIX)) == 0;
}

SkMigrationBatch *
sk_migration_parse (const char  *uri,
                    GError     **error)
{
  g_autofree char *scheme = NULL;
  char *query = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) data = NULL;
  g_autoptr(SkSecret) payload = NULL;
  GUriParamsIter iter;
  char *attr = NULL;
  char *value = NULL;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Text from a QR code or a paste often carries blanks around it. */
  while (g_ascii_isspace (*uri))
    uri++;

  if (!sk_migration_is_uri (uri))
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_SYNTAX,
                   _("Not a Google Authenticator export: the text does not start with “otpauth-migration://”"));
      return NULL;
    }

  /* The query stays encoded: base64 '+' must not become a space. */
  if (!g_uri_split (uri, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_PARSE_RELAXED,
                    &scheme, NULL, NULL, NULL, NULL, &query, NULL, &local_error))
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_SYNTAX,
                   _("The otpauth-migration:// URI is malformed: %s"),
                   local_error->message);
      return NULL;
    }

  if (query == NULL)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_SYNTAX,
                   _("The otpauth-migration:// URI has no data= parameter"));
      return NULL;
    }

  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_CASE_INSENSITIVE);
  while (data == NULL)
    {
      gboolean ok;

      ok = g_uri_params_iter_next (&iter, &attr, &value, &local_error);
      if (!ok || attr == NULL)
        break;
      if (g_ascii_strcasecmp (attr, "data") == 0)
        data = sk_secret_new_from_string (value);
      g_clear_pointer (&attr, g_free);
      g_clear_pointer (&value, sk_wipe_string);
    }
  g_clear_pointer (&attr, g_free);
  g_clear_pointer (&value, sk_wipe_string);
  g_clear_pointer (&query, sk_wipe_string);

  if (local_error != NULL)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_ENCODING,
                   _("The otpauth-migration:// URI has bad percent-encoding: %s"),
                   local_error->message);
      return NULL;
    }
  if (data == NULL)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_SYNTAX,
                   _("The otpauth-migration:// URI has no data= parameter"));
      return NULL;
    }

  payload = sk_migration_decode_base64 (sk_secret_get_string (data),
                                        sk_secret_get_size (data), error);
  if (payload == NULL)
    return NULL;

  return sk_migration_parse_payload (sk_secret_get_data (payload),
                                     sk_secret_get_size (payload), error);
}

void
sk_migration_batch_free (SkMigrationBatch *batch)
{
  if (batch == NULL)
    return;

  g_clear_pointer (&batch->entries, g_ptr_array_unref);
  g_clear_pointer (&batch->skipped, g_ptr_array_unref);
  g_free (batch);
}

/* Building */

static gboolean fits_one_code (GPtrArray *entries,
                               guint      first,
                               guint      count,
                               guint      worst_n,
                               gint32     batch_id);

gboolean
sk_migration_entry_supported (const SkOtpUri  *entry,
                              GError         **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (entry->secret == NULL || sk_secret_get_size (entry->secret) == 0)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                   _("The account has no secret key"));
      return FALSE;
    }

  switch (entry->params.type)
    {
    case SK_OTP_TOTP:
      if (entry->params.period != GOOGLE_PERIOD)
        {
          g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                       _("Google Authenticator only knows a 30 s period, the account uses %u s"),
                       entry->params.period);
          return FALSE;
        }
      if (entry->params.t0 != 0)
        {
          g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                       _("Google Authenticator cannot store a start time (T0 %" PRIi64 ")"),
                       (int64_t) entry->params.t0);
          return FALSE;
        }
      break;
    case SK_OTP_HOTP:
      break;
    case SK_OTP_STEAM:
    default:
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                   _("Google Authenticator cannot store %s accounts"),
                   sk_otp_type_to_string (entry->params.type));
      return FALSE;
    }

  if (entry->params.digits != 6 && entry->params.digits != 8)
    {
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                   _("Google Authenticator only knows 6 or 8 digits, the account uses %u"),
                   entry->params.digits);
      return FALSE;
    }

  switch (entry->params.algorithm)
    {
    case SK_OTP_SHA1:
    case SK_OTP_SHA256:
    case SK_OTP_SHA512:
      break;
    default:
      g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                   _("Unknown algorithm %d"), (int) entry->params.algorithm);
      return FALSE;
    }

  /* Names can be shortened to fit a code, the key cannot. The largest
   * batch fields are assumed, so the answer holds in any export. */
  {
    g_autoptr(SkOtpUri) bare = sk_otp_uri_new ();
    g_autoptr(GPtrArray) one = g_ptr_array_new ();

    bare->params = entry->params;
    bare->secret = sk_secret_ref (entry->secret);
    g_ptr_array_add (one, bare);
    if (!fits_one_code (one, 0, 1, G_MAXINT32, G_MAXINT32))
      {
        g_set_error (error, SK_MIGRATION_ERROR, SK_MIGRATION_ERROR_UNSUPPORTED,
                     _("The secret key is too long for a QR code (%zu bytes)"),
                     (size_t) sk_secret_get_size (entry->secret));
        return FALSE;
      }
  }

  return TRUE;
}

/* A writer that only counts when buf is NULL, so the exact size is known
 * before the guarded buffer is allocated (no reallocation leaving copies
 * of secrets behind). */
typedef struct {
  guint8 *buf;
  gsize   pos;
} PbWriter;

static void
pb_put_byte (PbWriter *writer,
             guint8    byte)
{
  if (writer->buf != NULL)
    writer->buf[writer->pos] = byte;
  writer->pos++;
}

static void
pb_put_varint (PbWriter *writer,
               guint64   value)
{
  while (value >= 0x80)
    {
      pb_put_byte (writer, (guint8) (value & 0x7f) | 0x80);
      value >>= 7;
    }
  pb_put_byte (writer, (guint8) value);
}

static void
pb_put_key (PbWriter *writer,
            guint     number,
            guint     wire)
{
  pb_put_varint (writer, ((guint64) number << 3) | wire);
}

static void
pb_put_varint_field (PbWriter *writer,
                     guint     number,
                     guint64   value)
{
  pb_put_key (writer, number, WIRE_VARINT);
  pb_put_varint (writer, value);
}

static void
pb_put_bytes_field (PbWriter     *writer,
                    guint         number,
                    const guint8 *data,
                    gsize         size)
{
  pb_put_key (writer, number, WIRE_LEN);
  pb_put_varint (writer, size);
  if (writer->buf != NULL && size > 0)
    memcpy (writer->buf + writer->pos, data, size);
  writer->pos += size;
}

static void
pb_put_otp_parameters_body (PbWriter       *writer,
                            const SkOtpUri *entry)
{
  guint64 algorithm;
  const char *name = entry->name != NULL ? entry->name : "";

  switch (entry->params.algorithm)
    {
    case SK_OTP_SHA256:
      algorithm = ALGORITHM_SHA256;
      break;
    case SK_OTP_SHA512:
      algorithm = ALGORITHM_SHA512;
      break;
    case SK_OTP_SHA1:
    default:
      algorithm = ALGORITHM_SHA1;
      break;
    }

  pb_put_bytes_field (writer, 1, sk_secret_get_data (entry->secret),
                      sk_secret_get_size (entry->secret));
  pb_put_bytes_field (writer, 2, (const guint8 *) name, strlen (name));
  if (entry->issuer != NULL && *entry->issuer != '\0')
    pb_put_bytes_field (writer, 3, (const guint8 *) entry->issuer,
                        strlen (entry->issuer));
  pb_put_varint_field (writer, 4, algorithm);
  pb_put_varint_field (writer, 5, entry->params.digits == 8 ? DIGITS_EIGHT : DIGITS_SIX);
  if (entry->params.type == SK_OTP_HOTP)
    {
      pb_put_varint_field (writer, 6, TYPE_HOTP);
      pb_put_varint_field (writer, 7, entry->params.counter);
    }
  else
    pb_put_varint_field (writer, 6, TYPE_TOTP);
}

static void
pb_put_payload (PbWriter   *writer,
                GPtrArray  *entries,
                guint       first,
                guint       count,
                guint       batch_size,
                guint       batch_index,
                gint32      batch_id)
{
  for (guint i = first; i < first + count; i++)
    {
      const SkOtpUri *entry = g_ptr_array_index (entries, i);
      PbWriter counter = { NULL, 0 };

      pb_put_otp_parameters_body (&counter, entry);
      pb_put_key (writer, 1, WIRE_LEN);
      pb_put_varint (writer, counter.pos);
      pb_put_otp_parameters_body (writer, entry);
    }

  pb_put_varint_field (writer, 2, 1);
  pb_put_varint_field (writer, 3, batch_size);
  pb_put_varint_field (writer, 4, batch_index);
  /* int32 is sign-extended on the wire; the id is kept positive anyway. */
  pb_put_varint_field (writer, 5, (guint64) (gint64) batch_id);
}

/* payload → base64 → percent-encoding of '+', '/', '=' (what Google does),
 * all inside guarded memory. */
static SkSecret *
encode_uri (const SkSecret *payload)
{
  gsize size = sk_secret_get_size (payload);
  g_autoptr(SkSecret) b64 = sk_secret_new ((size / 3 + 1) * 4 + 8);
  char *b = (char *) sk_secret_get_mutable (b64);
  gint state = 0;
  gint save = 0;
  gsize n;
  gsize total;
  SkSecret *uri;
  char *u;

  n = g_base64_encode_step (sk_secret_get_data (payload), size, FALSE, b, &state, &save);
  n += g_base64_encode_close (FALSE, b + n, &state, &save);

  total = strlen (MIGRATION_URI_START);
  for (gsize i = 0; i < n; i++)
    total += (b[i] == '+' || b[i] == '/' || b[i] == '=') ? 3 : 1;

  uri = sk_secret_new (total);
  u = (char *) sk_secret_get_mutable (uri);
  memcpy (u, MIGRATION_URI_START, strlen (MIGRATION_URI_START));
  u += strlen (MIGRATION_URI_START);
  for (gsize i = 0; i < n; i++)
    {
      switch (b[i])
        {
        case '+':
          memcpy (u, "%2B", 3);
          u += 3;
          break;
        case '/':
          memcpy (u, "%2F", 3);
          u += 3;
          break;
        case '=':
          memcpy (u, "%3D", 3);
          u += 3;
          break;
        default:
          *u++ = b[i];
          break;
        }
    }

  return uri;
}

static SkSecret *
build_uri (GPtrArray *entries,
           guint      first,
           guint      count,
           guint      batch_size,
           guint      batch_index,
           gint32     batch_id)
{
  PbWriter writer = { NULL, 0 };
  g_autoptr(SkSecret) payload = NULL;

  pb_put_payload (&writer, entries, first, count, batch_size, batch_index, batch_id);
  payload = sk_secret_new (writer.pos);
  writer.buf = sk_secret_get_mutable (payload);
  writer.pos = 0;
  pb_put_payload (&writer, entries, first, count, batch_size, batch_index, batch_id);
  g_assert (writer.pos == sk_secret_get_size (payload));

  return encode_uri (payload);
}

/* Whether entries[first .. first+count) fit one QR code in an export of
 * at most @worst_n codes: batch_size and batch_index are written as
 * varints, so the largest values they can take give an upper bound. */
static gboolean
fits_one_code (GPtrArray *entries,
               guint      first,
               guint      count,
               guint      worst_n,
               gint32     batch_id)
{
  g_autoptr(SkSecret) uri = build_uri (entries, first, count, worst_n,
                                       worst_n > 0 ? worst_n - 1 : 0, batch_id);

  return sk_secret_get_size (uri) <= SK_QR_MAX_BYTES;
}

/* The first @n_chars characters of @text, with "…" when something was cut. */
static char *
shorten (const char *text,
         glong       n_chars)
{
  g_autofree char *head = NULL;

  if (text == NULL)
    return NULL;
  if (n_chars <= 0)
    return g_strdup ("");
  if (g_utf8_strlen (text, -1) <= n_chars)
    return g_strdup (text);
  head = g_utf8_substring (text, 0, n_chars);
  return g_strconcat (head, "…", NULL);
}

/* A copy of @entry whose issuer and name are cut, half at a time, until it
 * fits a code of its own. sk_migration_entry_supported() made sure it fits
 * with both empty. */
static SkOtpUri *
shortened_copy (const SkOtpUri *entry,
                guint           worst_n,
                gint32          batch_id)
{
  glong issuer_chars = entry->issuer != NULL ? g_utf8_strlen (entry->issuer, -1) : 0;
  glong name_chars = entry->name != NULL ? g_utf8_strlen (entry->name, -1) : 0;
  g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);

  for (;;)
    {
      SkOtpUri *copy = sk_otp_uri_new ();

      copy->params = entry->params;
      copy->secret = sk_secret_ref (entry->secret);
      copy->issuer = shorten (entry->issuer, issuer_chars);
      g_free (copy->name);
      copy->name = shorten (entry->name != NULL ? entry->name : "", name_chars);
      g_ptr_array_set_size (one, 0);
      g_ptr_array_add (one, copy);
      if ((issuer_chars == 0 && name_chars == 0) ||
          fits_one_code (one, 0, 1, worst_n, batch_id))
        return g_ptr_array_steal_index (one, 0);
      issuer_chars /= 2;
      name_chars /= 2;
    }
}

GPtrArray *
sk_migration_build (GPtrArray *entries,
                    guint      max_per_code)
{
  g_autoptr(GPtrArray) usable = NULL;
  g_autoptr(GPtrArray) firsts = NULL;
  GPtrArray *uris;
  gint32 batch_id;
  guint first;

  g_return_val_if_fail (entries != NULL, NULL);

  if (max_per_code == 0)
    max_per_code = DEFAULT_PER_CODE;

  /* Google uses the id to tell the codes of one export from another. */
  batch_id = (gint32) g_random_int_range (1, G_MAXINT32);

  usable = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_otp_uri_free);
  for (guint i = 0; i < entries->len; i++)
    {
      SkOtpUri *entry = g_ptr_array_index (entries, i);

      if (entry != NULL && sk_migration_entry_supported (entry, NULL))
        g_ptr_array_add (usable, shortened_copy (entry, entries->len, batch_id));
    }

  uris = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  if (usable->len == 0)
    return uris;

  /* Fill each code greedily, in order, up to the count and the size; the
   * number of codes is only known at the end, so sizes are checked with
   * the largest batch fields possible (one code per account). */
  firsts = g_ptr_array_new ();
  for (first = 0; first < usable->len;)
    {
      guint count = 1;

      while (count < max_per_code && first + count < usable->len &&
             fits_one_code (usable, first, count + 1, usable->len, batch_id))
        count++;
      g_ptr_array_add (firsts, GUINT_TO_POINTER (first));
      first += count;
    }

  for (guint index = 0; index < firsts->len; index++)
    {
      guint start = GPOINTER_TO_UINT (g_ptr_array_index (firsts, index));
      guint end = index + 1 < firsts->len
        ? GPOINTER_TO_UINT (g_ptr_array_index (firsts, index + 1)) : usable->len;

      g_ptr_array_add (uris, build_uri (usable, start, end - start,
                                        firsts->len, index, batch_id));
    }

  return uris;
}
