/* test-vault.c: the vault model, its payload and merging
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"
#include "../src/core/sk-vault-private.h"

#define URI_A "otpauth://totp/ACME%20Co:john@example.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=45"
#define URI_B "otpauth://hotp/Bank:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=7"

static SkAccount *
account_from (const char *uri)
{
  g_autoptr(GError) error = NULL;
  SkAccount *account = sk_account_new_from_uri (uri, &error);

  g_assert_no_error (error);
  g_assert_nonnull (account);
  return account;
}

static SkVault *
roundtrip (SkVault *vault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) payload = sk_vault_serialize (vault, &error);
  SkVault *copy;

  g_assert_no_error (error);
  copy = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  g_assert_nonnull (copy);
  return copy;
}

static void
test_roundtrip (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) copy = NULL;
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkAccount) b = account_from (URI_B);
  const char *tags[] = { "work", "工作", NULL };
  SkAccount *a2, *b2;

  sk_account_set_tags (a, tags);
  sk_account_set_note (a, "Recovery page: https://example.com/recover\nsecond line");
  sk_account_set_favourite (a, TRUE);
  sk_account_set_last_used (a, 1700000000000000);
  sk_vault_add_account (vault, a);
  sk_vault_add_account (vault, b);
  g_assert_true (sk_vault_get_dirty (vault));

  copy = roundtrip (vault);
  g_assert_false (sk_vault_get_dirty (copy));
  g_assert_cmpuint (sk_vault_get_n_accounts (copy), ==, 2);
  a2 = sk_vault_lookup_account (copy, sk_account_get_uuid (a));
  b2 = sk_vault_lookup_account (copy, sk_account_get_uuid (b));
  g_assert_nonnull (a2);
  g_assert_nonnull (b2);

  g_assert_cmpstr (sk_account_get_issuer (a2), ==, "ACME Co");
  g_assert_cmpstr (sk_account_get_name (a2), ==, "john@example.com");
  g_assert_cmpint (sk_account_get_algorithm (a2), ==, SK_OTP_SHA256);
  g_assert_cmpuint (sk_account_get_digits (a2), ==, 8);
  g_assert_cmpuint (sk_account_get_period (a2), ==, 45);
  g_assert_true (g_strv_equal (sk_account_get_tags (a2), tags));
  g_assert_cmpstr (sk_account_get_note (a2), ==, sk_account_get_note (a));
  g_assert_true (sk_account_get_favourite (a2));
  g_assert_cmpint (sk_account_get_created (a2), ==, sk_account_get_created (a));
  g_assert_cmpint (sk_account_get_updated (a2), ==, sk_account_get_updated (a));
  g_assert_cmpint (sk_account_get_last_used (a2), ==, 1700000000000000);
  g_assert_true (sk_secret_equal (sk_account_get_secret (a2), sk_account_get_secret (a)));

  g_assert_cmpint (sk_account_get_otp_type (b2), ==, SK_OTP_HOTP);
  g_assert_cmpuint (sk_account_get_counter (b2), ==, 7);
  g_assert_true (sk_secret_equal (sk_account_get_secret (b2), sk_account_get_secret (b)));

  /* The list model keeps the order accounts were added in. */
  {
    g_autoptr(SkAccount) first = g_list_model_get_item (sk_vault_get_accounts (copy), 0);

    g_assert_cmpstr (sk_account_get_uuid (first), ==, sk_account_get_uuid (a));
  }
}

/* The records part of a payload must never contain a secret. */
static void
test_no_secret_in_records (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  guint32 json_len;
  const char *json;

  sk_vault_add_account (vault, a);
  payload = sk_vault_serialize (vault, &error);
  g_assert_no_error (error);
  data = sk_secret_get_data (payload);
  g_assert_cmpmem (data, 4, "SKPL", 4);
  json_len = data[8] | (data[9] << 8) | (data[10] << 16) | ((guint32) data[11] << 24);
  json = (const char *) data + 16;
  g_assert_nonnull (memmem (json, json_len, "john@example.com", 16));
  g_assert_null (memmem (json, json_len, "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ", 32));
  g_assert_null (memmem (json, json_len, sk_secret_get_data (sk_account_get_secret (a)),
                         sk_secret_get_size (sk_account_get_secret (a))));
}

/* Text columns are NUL-separated byte strings, which GVariant's text
 * format cannot write literally: "@ay '@NAME@'" becomes a byte array. */
static char *
text_column_literal (const char * const *strings)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; strings[i] != NULL; i++)
    for (const char *p = strings[i]; ; p++)
      {
        g_string_append_printf (out, "%s0x%02x", out->len > 1 ? ", " : "byte ", (guint8) *p);
        if (*p == '\0')
          break;
      }
  g_string_append (out, "]");
  return g_string_free (out, FALSE);
}

static char *
expand_text_columns (const char *text)
{
  static const char * const uuid[] = { "11111111-1111-4111-8111-111111111111",
                                       "22222222-2222-4222-8222-222222222222",
                                       "33333333-3333-4333-8333-333333333333", NULL };
  static const char * const type[] = { "totp", "totp", "quantum", NULL };
  static const char * const pin_type[] = { "totp", "yandex", "motp", NULL };
  static const char * const pin_alg[] = { "SHA1", "SHA256", "SHA1", NULL };
  static const char * const issuer[] = { "Good", "Bad", "Future", NULL };
  static const char * const name[] = { "a", "b", "", NULL };
  static const char * const alg[] = { "SHA1", "SHA1", "SHA1", NULL };
  struct { const char *key; const char * const *values; } subst[] = {
    { "@ay '@UUID@'", uuid }, { "@ay '@TYPE@'", type }, { "@ay '@PINTYPE@'", pin_type },
    { "@ay '@PINALG@'", pin_alg }, { "@ay '@ISSUER@'", issuer },
    { "@ay '@NAME@'", name }, { "@ay '@ALG@'", alg },
  };
  char *result = g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (subst); i++)
    {
      g_autofree char *literal = text_column_literal (subst[i].values);
      g_auto(GStrv) parts = g_strsplit (result, subst[i].key, -1);

      g_free (result);
      result = g_strjoinv (literal, parts);
    }
  return result;
}

/* Builds a payload by hand from GVariant text and a secret table. */
static SkSecret *
make_payload (const char  *text,
              const char **ids,
              const char **values)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) records = NULL;
  g_autofree char *expanded = expand_text_columns (text);
  guint32 n = 0, len;
  guint8 b4[4];

  records = g_variant_parse (G_VARIANT_TYPE_VARDICT, expanded, NULL, NULL, &error);
  g_assert_no_error (error);
  g_variant_ref_sink (records);
  len = g_variant_get_size (records);
  while (ids != NULL && ids[n] != NULL)
    n++;
  g_byte_array_append (out, (const guint8 *) "SKPL", 4);
  b4[0] = 1; b4[1] = b4[2] = b4[3] = 0;
  g_byte_array_append (out, b4, 4);
  for (int i = 0; i < 4; i++)
    b4[i] = (len >> (8 * i)) & 0xff;
  g_byte_array_append (out, b4, 4);
  b4[0] = b4[1] = b4[2] = b4[3] = 0;
  g_byte_array_append (out, b4, 4);
  g_byte_array_append (out, g_variant_get_data (records), len);
  for (int i = 0; i < 4; i++)
    b4[i] = (n >> (8 * i)) & 0xff;
  g_byte_array_append (out, b4, 4);
  for (guint i = 0; i < n; i++)
    {
      guint16 il = strlen (ids[i]);
      guint32 vl = strlen (values[i]);
      guint8 b2[2] = { il & 0xff, il >> 8 };

      g_byte_array_append (out, b2, 2);
      g_byte_array_append (out, (const guint8 *) ids[i], il);
      for (int k = 0; k < 4; k++)
        b4[k] = (vl >> (8 * k)) & 0xff;
      g_byte_array_append (out, b4, 4);
      g_byte_array_append (out, (const guint8 *) values[i], vl);
    }
  return sk_secret_new_from_data (out->data, out->len);
}

/* A newer version's sections and record members survive a save; a record
 * that fails validation is kept aside, reported, and written back. */
static void
test_unknown_and_invalid (void)
{
  const char *json =
    "{'accounts': <{"
    "  'uuid': <@ay '@UUID@'>,"
    "  'type': <@ay '@TYPE@'>,"
    "  'issuer': <@ay '@ISSUER@'>,"
    "  'name': <@ay '@NAME@'>,"
    "  'algorithm': <@ay '@ALG@'>,"
    "  'digits': <[uint32 6, 0, 6]>,"
    "  'period': <[uint32 30, 30, 30]>,"
    "  'created': <[int64 5, 0, 0]>,"
    "  'updated': <[int64 6, 0, 0]>,"
    "  'extra': <{uint32 0: {'icon': <('builtin', 'github')>}}>"
    " }>,"
    " 'sections': <{'inventory': '{\"identities\":[{\"uuid\":\"x\",\"kind\":\"phone\"}]}'}>,"
    " 'future_section': <[1, 2, 3]>"
    "}";
  const char *ids[] = { "11111111-1111-4111-8111-111111111111/secret",
                        "22222222-2222-4222-8222-222222222222/secret",
                        "x/pin", NULL };
  const char *values[] = { "12345678901234567890", "abcdefghij", "0000", NULL };
  g_autoptr(SkSecret) payload = make_payload (json, ids, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(SkVault) again = NULL;
  g_autoptr(SkAccount) added = account_from (URI_B);
  GPtrArray *problems;
  SkAccount *good;
  JsonNode *section;
  char code[SK_OTP_CODE_MAX];

  vault = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sk_vault_get_n_accounts (vault), ==, 1);
  problems = sk_vault_get_problems (vault);
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_nonnull (strstr (problems->pdata[0], "2"));
  g_assert_nonnull (strstr (problems->pdata[1], "quantum"));

  good = sk_vault_lookup_account (vault, "11111111-1111-4111-8111-111111111111");
  g_assert_nonnull (good);
  g_assert_true (sk_account_generate (good, 59, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "287082");  /* RFC 6238, 6 digits */

  section = sk_vault_get_section (vault, "inventory");
  g_assert_nonnull (section);
  g_assert_nonnull (sk_vault_get_secret (vault, "x/pin"));

  sk_vault_add_account (vault, added);
  again = roundtrip (vault);
  g_assert_cmpuint (sk_vault_get_n_accounts (again), ==, 2);
  g_assert_cmpuint (sk_vault_get_problems (again)->len, ==, 2);
  g_assert_null (sk_vault_get_section (again, "future_section"));
  g_assert_true (json_node_equal (sk_vault_get_section (again, "inventory"), section));
  g_assert_cmpstr (sk_secret_get_string (sk_vault_get_secret (again, "x/pin")), ==, "0000");

  /* The unknown member of the good record came back too. */
  {
    g_autoptr(SkSecret) p2 = sk_vault_serialize (again, &error);
    const guint8 *d = sk_secret_get_data (p2);
    guint32 jl = d[8] | (d[9] << 8) | (d[10] << 16) | ((guint32) d[11] << 24);
    g_autoptr(GBytes) b = g_bytes_new (d + 16, jl);
    g_autoptr(GVariant) root = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, b, FALSE));
    g_autofree char *text = g_variant_print (root, FALSE);

    g_assert_nonnull (strstr (text, "'github'"));
    g_assert_nonnull (strstr (text, "quantum"));
    g_assert_nonnull (strstr (text, "'future_section': <[1, 2, 3]>"));
  }
}

/* A crafted payload whose sections are empty or not JSON opens with a
 * problem naming each section (json-glib reports no error for empty
 * text, which once crashed here); the text is kept through a save. */
static void
test_empty_section (void)
{
  const char *text =
    "{'sections': <{'inventory': '', 'recovery_codes': '   ', 'x': '{'}>}";
  g_autoptr(SkSecret) payload = make_payload (text, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(SkVault) again = NULL;
  GPtrArray *problems;
  JsonNode *section;

  vault = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  problems = sk_vault_get_problems (vault);
  g_assert_cmpuint (problems->len, ==, 3);
  for (guint i = 0; i < problems->len; i++)
    g_assert_nonnull (strstr (problems->pdata[i], "could not be read: "));
  g_assert_nonnull (strstr (problems->pdata[0], "“inventory”"));
  g_assert_nonnull (strstr (problems->pdata[0], "empty"));
  section = sk_vault_get_section (vault, "inventory");
  g_assert_nonnull (section);
  g_assert_cmpstr (json_node_get_string (section), ==, "");

  again = roundtrip (vault);
  g_assert_cmpstr (json_node_get_string (sk_vault_get_section (again, "x")), ==, "{");
}

static void
test_bad_payloads (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  sk_vault_add_account (vault, a);
  payload = sk_vault_serialize (vault, &error);
  len = sk_secret_get_size (payload);

  /* Every truncation is an error, never a crash. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(SkVault) v = sk_vault_deserialize (sk_secret_get_data (payload), cut, &e);

      g_assert_null (v);
      g_assert_error (e, SK_VAULT_ERROR, SK_VAULT_ERROR_DAMAGED);
    }

  /* A newer payload version says so. */
  {
    g_autoptr(SkSecret) newer = sk_secret_new_from_data (sk_secret_get_data (payload), len);
    g_autoptr(GError) e = NULL;
    g_autoptr(SkVault) v = NULL;

    sk_secret_get_mutable (newer)[4] = SK_PAYLOAD_VERSION + 1;
    v = sk_vault_deserialize (sk_secret_get_data (newer), len, &e);
    g_assert_null (v);
    g_assert_error (e, SK_VAULT_ERROR, SK_VAULT_ERROR_UNSUPPORTED_VERSION);
  }
}

static void
test_find (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkAccount) b = account_from (URI_B);
  g_autoptr(GPtrArray) r1 = NULL;
  g_autoptr(GPtrArray) r2 = NULL;
  g_autoptr(GPtrArray) r3 = NULL;
  g_autoptr(GPtrArray) r4 = NULL;
  g_autofree char *prefix = NULL;

  sk_vault_add_account (vault, a);
  sk_vault_add_account (vault, b);

  r1 = sk_vault_find_accounts (vault, "acme");
  g_assert_cmpuint (r1->len, ==, 1);
  g_assert_true (r1->pdata[0] == a);
  r2 = sk_vault_find_accounts (vault, "");
  g_assert_cmpuint (r2->len, ==, 2);
  prefix = g_strndup (sk_account_get_uuid (b), 8);
  r3 = sk_vault_find_accounts (vault, prefix);
  g_assert_cmpuint (r3->len, ==, 1);
  g_assert_true (r3->pdata[0] == b);
  r4 = sk_vault_find_accounts (vault, "nothing-like-this");
  g_assert_cmpuint (r4->len, ==, 0);
}

static void
test_merge (void)
{
  g_autoptr(SkVault) base = sk_vault_new ();
  g_autoptr(SkVault) ours = NULL;
  g_autoptr(SkVault) theirs = NULL;
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkAccount) b = account_from (URI_B);
  g_autoptr(SkAccount) c = account_from (URI_A);
  g_autoptr(SkAccount) d = account_from (URI_B);
  SkAccount *x;

  sk_vault_add_account (base, a);
  sk_vault_add_account (base, b);
  ours = roundtrip (base);
  theirs = roundtrip (base);

  /* Ours: edit a, add c. Theirs: remove b, add d, edit a later. */
  x = sk_vault_lookup_account (ours, sk_account_get_uuid (a));
  sk_account_set_note (x, "ours");
  sk_vault_add_account (ours, c);
  g_usleep (2000);
  sk_vault_remove_account (theirs, sk_vault_lookup_account (theirs, sk_account_get_uuid (b)));
  sk_vault_add_account (theirs, d);
  x = sk_vault_lookup_account (theirs, sk_account_get_uuid (a));
  sk_account_set_note (x, "theirs, later");

  g_assert_true (sk_vault_merge (ours, theirs));
  g_assert_cmpuint (sk_vault_get_n_accounts (ours), ==, 3);
  g_assert_nonnull (sk_vault_lookup_account (ours, sk_account_get_uuid (c)));
  g_assert_nonnull (sk_vault_lookup_account (ours, sk_account_get_uuid (d)));
  g_assert_null (sk_vault_lookup_account (ours, sk_account_get_uuid (b)));
  g_assert_cmpstr (sk_account_get_note (sk_vault_lookup_account (ours, sk_account_get_uuid (a))),
                   ==, "theirs, later");

  /* The tombstone travels: merging the original back does not revive b. */
  {
    g_autoptr(SkVault) old = roundtrip (base);

    sk_vault_merge (ours, old);
    g_assert_null (sk_vault_lookup_account (ours, sk_account_get_uuid (b)));
    g_assert_cmpuint (sk_vault_get_n_accounts (ours), ==, 3);
  }

  /* Merging is idempotent. */
  {
    g_autoptr(SkVault) same = roundtrip (ours);

    g_assert_false (sk_vault_merge (ours, same));
  }
}

/* An edit made after a deletion elsewhere keeps the record. */
static void
test_merge_edit_after_delete (void)
{
  g_autoptr(SkVault) base = sk_vault_new ();
  g_autoptr(SkVault) ours = NULL;
  g_autoptr(SkVault) theirs = NULL;
  g_autoptr(SkAccount) a = account_from (URI_A);

  sk_vault_add_account (base, a);
  ours = roundtrip (base);
  theirs = roundtrip (base);

  sk_vault_remove_account (theirs, sk_vault_lookup_account (theirs, sk_account_get_uuid (a)));
  g_usleep (2000);
  sk_account_set_note (sk_vault_lookup_account (ours, sk_account_get_uuid (a)), "still needed");

  sk_vault_merge (ours, theirs);
  g_assert_nonnull (sk_vault_lookup_account (ours, sk_account_get_uuid (a)));
  sk_vault_merge (theirs, ours);
  g_assert_nonnull (sk_vault_lookup_account (theirs, sk_account_get_uuid (a)));
}

static void
test_dirty (void)
{
  g_autoptr(SkVault) base = sk_vault_new ();
  g_autoptr(SkVault) copy = NULL;
  g_autoptr(SkAccount) a = account_from (URI_A);

  sk_vault_add_account (base, a);
  copy = roundtrip (base);
  g_assert_false (sk_vault_get_dirty (copy));
  sk_account_set_name (sk_vault_lookup_account (copy, sk_account_get_uuid (a)), "renamed");
  g_assert_true (sk_vault_get_dirty (copy));
}

/* The records of a payload as text (g_variant_print). */
static char *
records_text (SkVault *vault)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) payload = sk_vault_serialize (vault, &error);
  const guint8 *d = sk_secret_get_data (payload);
  guint32 jl = d[8] | (d[9] << 8) | (d[10] << 16) | ((guint32) d[11] << 24);
  g_autoptr(GBytes) b = g_bytes_new (d + 16, jl);
  g_autoptr(GVariant) root = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, b, FALSE));

  g_assert_no_error (error);
  return g_variant_print (root, FALSE);
}

/* Icons are kept in the "extra" member of their account, byte for byte,
 * next to what a newer version put there. */
static void
test_icons (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) copy = NULL;
  g_autoptr(SkAccount) a = account_from (URI_A);
  g_autoptr(SkAccount) b = account_from (URI_B);
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 24, 0x26a269ff);
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  g_autofree char *text = NULL;
  SkAccount *a2, *b2;

  g_assert_true (sk_account_set_icon (a, png, "image/png", NULL));
  sk_vault_add_account (vault, a);
  sk_vault_add_account (vault, b);
  copy = roundtrip (vault);
  a2 = sk_vault_lookup_account (copy, sk_account_get_uuid (a));
  b2 = sk_vault_lookup_account (copy, sk_account_get_uuid (b));
  g_assert_true (g_bytes_equal (sk_account_get_icon (a2), png));
  g_assert_cmpstr (sk_account_get_icon_mime_type (a2), ==, "image/png");
  g_assert_null (sk_account_get_icon (b2));
  /* Loading is no edit. */
  g_assert_cmpint (sk_account_get_updated (a2), ==, sk_account_get_updated (a));
  g_assert_false (sk_vault_get_dirty (copy));

  text = records_text (copy);
  g_assert_nonnull (strstr (text, "'extra': <{uint32 0: {'icon': <('image/png', "));
  g_clear_pointer (&text, g_free);

  /* Another writer (merge) changes the icon: the newer record wins. */
  g_assert_true (sk_account_set_icon (a2, svg, "image/svg+xml", NULL));
  g_assert_true (sk_vault_merge (vault, copy));
  g_assert_cmpstr (sk_account_get_icon_mime_type (a), ==, "image/svg+xml");
  g_assert_true (g_bytes_equal (sk_account_get_icon (a), svg));
  g_assert_true (sk_account_set_icon (a2, NULL, NULL, NULL));
  g_assert_true (sk_vault_merge (vault, copy));
  g_assert_null (sk_account_get_icon (a));
}

/* An icon this version cannot show (a picture type a later version may
 * allow) is kept and written back; a new icon replaces it. */
static void
test_icons_unreadable (void)
{
  const char *text =
    "{'accounts': <{"
    "  'uuid': <@ay '@UUID@'>,"
    "  'type': <@ay '@TYPE@'>,"
    "  'issuer': <@ay '@ISSUER@'>,"
    "  'name': <@ay '@NAME@'>,"
    "  'algorithm': <@ay '@ALG@'>,"
    "  'digits': <[uint32 6, 6, 6]>,"
    "  'period': <[uint32 30, 30, 30]>,"
    "  'extra': <{uint32 0: {'icon': <('image/webp', [byte 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])>,"
    "                        'colour': <'#ff0000'>},"
    "              uint32 1: {'icon': <('image/png', [byte 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x72])>}}>"
    " }>"
    "}";
  const char *ids[] = { "11111111-1111-4111-8111-111111111111/secret",
                        "22222222-2222-4222-8222-222222222222/secret", NULL };
  const char *values[] = { "12345678901234567890", "abcdefghij", NULL };
  g_autoptr(SkSecret) payload = make_payload (text, ids, values);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(SkVault) again = NULL;
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 8, 0xffffffff);
  g_autofree char *printed = NULL;
  SkAccount *good, *bad;

  vault = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  good = sk_vault_lookup_account (vault, "11111111-1111-4111-8111-111111111111");
  bad = sk_vault_lookup_account (vault, "22222222-2222-4222-8222-222222222222");
  g_assert_null (sk_account_get_icon (good));
  /* Only the first bytes are checked when loading: decoding waits until
   * the icon is shown. */
  g_assert_nonnull (sk_account_get_icon (bad));
  g_assert_cmpstr (sk_account_get_icon_mime_type (bad), ==, "image/png");

  again = roundtrip (vault);
  printed = records_text (again);
  g_assert_nonnull (strstr (printed, "'image/webp'"));
  g_assert_nonnull (strstr (printed, "'colour': <'#ff0000'>"));
  g_clear_pointer (&printed, g_free);

  g_assert_true (sk_account_set_icon (good, png, "image/png", NULL));
  printed = records_text (vault);
  g_assert_null (strstr (printed, "'image/webp'"));
  g_assert_nonnull (strstr (printed, "'colour': <'#ff0000'>"));
}

/* Yandex and mOTP accounts: the PIN travels in the secret table as
 * "<uuid>/pin", never in the records; an account whose PIN is missing is
 * set aside like any record that fails validation. */
static void
test_pin_types (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkAccount) yandex = account_from ("otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI&pin=7586");
  g_autoptr(SkAccount) motp = account_from ("motp://VPN:bob?secret=e3152afee62599c8&pin=1234");
  g_autoptr(SkVault) copy = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *yandex_pin_id = NULL;
  SkAccount *back;
  const guint8 *data;
  guint32 records_len;
  char code[SK_OTP_CODE_MAX];

  sk_vault_add_account (vault, yandex);
  sk_vault_add_account (vault, motp);
  payload = sk_vault_serialize (vault, &error);
  g_assert_no_error (error);
  data = sk_secret_get_data (payload);
  records_len = data[8] | (data[9] << 8) | (data[10] << 16) | ((guint32) data[11] << 24);
  /* The records name the types but hold neither PIN nor key. */
  g_assert_nonnull (memmem (data + 16, records_len, "yandex", 6));
  g_assert_nonnull (memmem (data + 16, records_len, "motp", 4));
  g_assert_null (memmem (data + 16, records_len, "7586", 4));
  g_assert_null (memmem (data + 16, records_len, "e3152afee62599c8", 16));
  yandex_pin_id = g_strconcat (sk_account_get_uuid (yandex), "/pin", NULL);
  g_assert_nonnull (memmem (data + 16 + records_len, sk_secret_get_size (payload) - 16 - records_len,
                            yandex_pin_id, strlen (yandex_pin_id)));

  copy = roundtrip (vault);
  g_assert_cmpuint (sk_vault_get_problems (copy)->len, ==, 0);
  back = sk_vault_lookup_account (copy, sk_account_get_uuid (yandex));
  g_assert_cmpint (sk_account_get_otp_type (back), ==, SK_OTP_YANDEX);
  g_assert_cmpstr (sk_secret_get_string (sk_account_get_pin (back)), ==, "7586");
  g_assert_true (sk_account_generate (back, 1581064020, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "oactmacq");
  /* The PIN is claimed by its account, not left over as a loose secret. */
  g_assert_null (sk_vault_get_secret (copy, yandex_pin_id));

  back = sk_vault_lookup_account (copy, sk_account_get_uuid (motp));
  g_assert_cmpint (sk_account_get_otp_type (back), ==, SK_OTP_MOTP);
  g_assert_true (sk_account_generate (back, 165892298, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "e7d8b6");

  /* Without its PIN entry the account is set aside, and kept. */
  {
    const char *text =
      "{'accounts': <{"
      "  'uuid': <@ay '@UUID@'>,"
      "  'type': <@ay '@PINTYPE@'>,"
      "  'issuer': <@ay '@ISSUER@'>,"
      "  'name': <@ay '@NAME@'>,"
      "  'algorithm': <@ay '@PINALG@'>,"
      "  'digits': <[uint32 6, 8, 6]>,"
      "  'period': <[uint32 30, 30, 10]>"
      " }>"
      "}";
    const char *ids[] = { "11111111-1111-4111-8111-111111111111/secret",
                          "22222222-2222-4222-8222-222222222222/secret",
                          "22222222-2222-4222-8222-222222222222/pin",
                          "33333333-3333-4333-8333-333333333333/secret", NULL };
    const char *values[] = { "12345678901234567890", "0123456789abcdef", "7586", "e3152afee62599c8", NULL };
    g_autoptr(SkSecret) hand = make_payload (text, ids, values);
    g_autoptr(SkVault) loaded = sk_vault_deserialize (sk_secret_get_data (hand), sk_secret_get_size (hand), &error);
    g_autoptr(SkVault) again = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (sk_vault_get_n_accounts (loaded), ==, 2);
    g_assert_cmpuint (sk_vault_get_problems (loaded)->len, ==, 1);
    g_assert_nonnull (strstr (g_ptr_array_index (sk_vault_get_problems (loaded), 0), "PIN"));
    g_assert_nonnull (sk_account_get_pin (sk_vault_lookup_account (loaded, "22222222-2222-4222-8222-222222222222")));
    again = roundtrip (loaded);
    g_assert_cmpuint (sk_vault_get_problems (again)->len, ==, 1);
    g_assert_nonnull (sk_vault_get_secret (again, "33333333-3333-4333-8333-333333333333/secret"));
  }
}

/* Accounts without codes ------------------------------------------------ */

static SkVault *
reread_as (SkVault *vault,
           guint    reader_version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkSecret) payload = sk_vault_serialize (vault, &error);
  SkVault *copy;

  g_assert_no_error (error);
  copy = sk_vault_deserialize_as (sk_secret_get_data (payload), sk_secret_get_size (payload),
                                  reader_version, &error);
  g_assert_no_error (error);
  return copy;
}

static void
assert_same_no_code (SkAccount *a,
                     SkAccount *b)
{
  g_assert_false (sk_account_has_code (b));
  g_assert_cmpstr (sk_account_get_uuid (a), ==, sk_account_get_uuid (b));
  g_assert_cmpint (sk_account_get_protection (a), ==, sk_account_get_protection (b));
  g_assert_cmpstr (sk_account_get_issuer (a), ==, sk_account_get_issuer (b));
  g_assert_cmpstr (sk_account_get_name (a), ==, sk_account_get_name (b));
  g_assert_cmpstr (sk_account_get_note (a), ==, sk_account_get_note (b));
  g_assert_cmpstr (sk_account_get_service (a), ==, sk_account_get_service (b));
  g_assert_cmpstr (sk_account_get_category (a), ==, sk_account_get_category (b));
  g_assert_true (g_strv_equal (sk_account_get_tags (a), sk_account_get_tags (b)));
  g_assert_cmpint (sk_account_get_created (a), ==, sk_account_get_created (b));
  g_assert_cmpint (sk_account_get_updated (a), ==, sk_account_get_updated (b));
  g_assert_null (sk_account_get_secret (b));
}

static void
test_no_code_roundtrip (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) copy = NULL;
  g_autoptr(SkAccount) qq = sk_account_new_without_code (SK_PROTECTION_SMS);
  g_autoptr(SkAccount) code = account_from (URI_A);
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "社交", NULL };
  char out[SK_OTP_CODE_MAX];
  SkAccount *back;

  sk_account_set_issuer (qq, "QQ");
  sk_account_set_name (qq, "10001");
  sk_account_set_tags (qq, tags);
  sk_account_set_service (qq, "qq");
  sk_account_set_category (qq, "social");
  sk_account_set_category (code, "bank");
  g_assert_true (sk_account_validate (qq, NULL));
  g_assert_false (sk_account_generate (qq, 0, out, &error));
  g_assert_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_null (sk_account_dup_uri (qq));
  sk_vault_add_account (vault, qq);
  sk_vault_add_account (vault, code);

  copy = roundtrip (vault);
  g_assert_cmpuint (sk_vault_get_n_accounts (copy), ==, 2);
  g_assert_cmpuint (sk_vault_get_problems (copy)->len, ==, 0);
  back = sk_vault_lookup_account (copy, sk_account_get_uuid (qq));
  assert_same_no_code (qq, back);
  back = sk_vault_lookup_account (copy, sk_account_get_uuid (code));
  g_assert_true (sk_account_has_code (back));
  g_assert_cmpstr (sk_account_get_category (back), ==, "bank");
  g_assert_true (sk_account_holds_money (back));
  g_assert_true (sk_account_generate (back, 59, out, NULL));

  /* Protection changes among the kinds without codes, never to codes. */
  back = sk_vault_lookup_account (copy, sk_account_get_uuid (qq));
  sk_account_set_protection (back, SK_PROTECTION_HARDWARE_KEY);
  g_assert_cmpint (sk_account_get_protection (back), ==, SK_PROTECTION_HARDWARE_KEY);
  g_assert_false (sk_account_has_code (back));
}

/* A Sparekey that predates accounts without codes (records version 1)
 * sets them aside, reports them, and writes them back untouched; the
 * next version reading that file gets them as they were. */
static void
test_no_code_older_reader (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkVault) old = NULL;
  g_autoptr(SkVault) back = NULL;
  g_autoptr(SkAccount) qq = sk_account_new_without_code (SK_PROTECTION_EMAIL);
  g_autoptr(SkAccount) code = account_from (URI_B);
  g_autoptr(SkAccount) added = account_from (URI_A);
  GPtrArray *problems;

  sk_account_set_issuer (qq, "QQ");
  sk_account_set_service (qq, "qq");
  sk_vault_add_account (vault, qq);
  sk_vault_add_account (vault, code);

  old = reread_as (vault, SK_RECORDS_VERSION_FIRST);
  g_assert_cmpuint (sk_vault_get_n_accounts (old), ==, 1);
  g_assert_null (sk_vault_lookup_account (old, sk_account_get_uuid (qq)));
  problems = sk_vault_get_problems (old);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "none"));

  /* The older version edits and saves its vault. */
  sk_vault_add_account (old, added);
  back = reread_as (old, G_MAXUINT);
  g_assert_cmpuint (sk_vault_get_n_accounts (back), ==, 3);
  g_assert_cmpuint (sk_vault_get_problems (back)->len, ==, 0);
  assert_same_no_code (qq, sk_vault_lookup_account (back, sk_account_get_uuid (qq)));
  g_assert_nonnull (sk_vault_lookup_account (back, sk_account_get_uuid (added)));
}

/* The fixture was written by this version (password "sparekey-v2"): QQ
 * and 支付宝 without codes, GitHub with codes, QQ bound to a phone. It
 * opens, and survives a round trip through an older reader. */
static void
test_no_code_fixture (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "vault-v2-no-code.sparekey", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SkStore) store = sk_store_open (fixture, "sparekey-v2", &error);
  g_autoptr(SkVault) old = NULL;
  g_autoptr(SkVault) back = NULL;
  g_autoptr(GPtrArray) found = NULL;
  SkVault *vault;
  SkAccount *qq;

  g_assert_no_error (error);
  vault = sk_store_get_vault (store);
  g_assert_cmpuint (sk_vault_get_n_accounts (vault), ==, 3);
  g_assert_cmpuint (sk_vault_get_problems (vault)->len, ==, 0);
  found = sk_vault_find_accounts (vault, "QQ");
  g_assert_cmpuint (found->len, ==, 1);
  qq = found->pdata[0];
  g_assert_false (sk_account_has_code (qq));
  g_assert_cmpint (sk_account_get_protection (qq), ==, SK_PROTECTION_SMS);
  g_assert_cmpstr (sk_account_get_name (qq), ==, "10001");
  g_assert_cmpstr (sk_account_get_service (qq), ==, "qq");
  g_assert_cmpstr (sk_account_get_category (qq), ==, "social");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sk_vault_find_accounts (vault, "支付宝");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (sk_account_get_protection (found->pdata[0]), ==, SK_PROTECTION_APP);
  g_assert_true (sk_account_holds_money (found->pdata[0]));

  old = reread_as (vault, SK_RECORDS_VERSION_FIRST);
  g_assert_cmpuint (sk_vault_get_n_accounts (old), ==, 1);
  g_assert_cmpuint (sk_vault_get_problems (old)->len, ==, 2);
  back = reread_as (old, G_MAXUINT);
  g_assert_cmpuint (sk_vault_get_n_accounts (back), ==, 3);
  assert_same_no_code (qq, sk_vault_lookup_account (back, sk_account_get_uuid (qq)));
  /* Its binding lives in a section, which every version keeps. */
  g_assert_cmpuint (sk_inventory_list_bindings (back, sk_account_get_uuid (qq), NULL)->len, ==, 1);
}

static void
test_no_code_merge (void)
{
  g_autoptr(SkVault) mine = sk_vault_new ();
  g_autoptr(SkVault) theirs = NULL;
  g_autoptr(SkAccount) wechat = sk_account_new_without_code (SK_PROTECTION_SMS);
  SkAccount *copy;

  sk_account_set_issuer (wechat, "微信");
  theirs = roundtrip (mine);
  sk_vault_add_account (theirs, wechat);
  g_assert_true (sk_vault_merge (mine, theirs));
  copy = sk_vault_lookup_account (mine, sk_account_get_uuid (wechat));
  g_assert_nonnull (copy);
  g_assert_false (sk_account_has_code (copy));
  g_assert_cmpint (sk_account_get_protection (copy), ==, SK_PROTECTION_SMS);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/vault/roundtrip", test_roundtrip);
  g_test_add_func ("/sparekey/vault/no-secret-in-records", test_no_secret_in_records);
  g_test_add_func ("/sparekey/vault/unknown-and-invalid", test_unknown_and_invalid);
  g_test_add_func ("/sparekey/vault/bad-payloads", test_bad_payloads);
  g_test_add_func ("/sparekey/vault/empty-section", test_empty_section);
  g_test_add_func ("/sparekey/vault/find", test_find);
  g_test_add_func ("/sparekey/vault/merge", test_merge);
  g_test_add_func ("/sparekey/vault/merge-edit-after-delete", test_merge_edit_after_delete);
  g_test_add_func ("/sparekey/vault/dirty", test_dirty);
  g_test_add_func ("/sparekey/vault/icons", test_icons);
  g_test_add_func ("/sparekey/vault/icons-unreadable", test_icons_unreadable);
  g_test_add_func ("/sparekey/vault/pin-types", test_pin_types);
  g_test_add_func ("/sparekey/vault/no-code/roundtrip", test_no_code_roundtrip);
  g_test_add_func ("/sparekey/vault/no-code/older-reader", test_no_code_older_reader);
  g_test_add_func ("/sparekey/vault/no-code/fixture", test_no_code_fixture);
  g_test_add_func ("/sparekey/vault/no-code/merge", test_no_code_merge);

  return g_test_run ();
}
