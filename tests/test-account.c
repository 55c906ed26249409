/* test-account.c: SkAccount properties, codes, URIs and search
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "sk-test-util.h"
#include "../src/core/sk-account-private.h"

#define SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  /* "12345678901234567890" */

typedef struct
{
  GPtrArray *names;
} NotifyLog;

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           gpointer    user_data)
{
  NotifyLog *log = user_data;

  g_ptr_array_add (log->names, g_strdup (pspec->name));
}

static gboolean
log_has (NotifyLog  *log,
         const char *name)
{
  for (guint i = 0; i < log->names->len; i++)
    if (strcmp (g_ptr_array_index (log->names, i), name) == 0)
      return TRUE;
  return FALSE;
}

static guint
log_count (NotifyLog  *log,
           const char *name)
{
  guint n = 0;

  for (guint i = 0; i < log->names->len; i++)
    if (strcmp (g_ptr_array_index (log->names, i), name) == 0)
      n++;
  return n;
}

static void
test_defaults (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  g_autoptr(SkAccount) steam = sk_account_new (SK_OTP_STEAM);
  g_autoptr(SkAccount) other = sk_account_new (SK_OTP_TOTP);
  gint64 before = g_get_real_time ();
  g_autoptr(SkAccount) fresh = sk_account_new (SK_OTP_HOTP);

  g_assert_true (g_uuid_string_is_valid (sk_account_get_uuid (account)));
  g_assert_cmpstr (sk_account_get_uuid (account), !=, sk_account_get_uuid (other));
  g_assert_cmpint (sk_account_get_otp_type (account), ==, SK_OTP_TOTP);
  g_assert_cmpint (sk_account_get_algorithm (account), ==, SK_OTP_SHA1);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 6);
  g_assert_cmpuint (sk_account_get_digits (steam), ==, 5);
  g_assert_cmpuint (sk_account_get_period (account), ==, 30);
  g_assert_cmpuint (sk_account_get_counter (account), ==, 0);
  g_assert_cmpstr (sk_account_get_issuer (account), ==, "");
  g_assert_cmpstr (sk_account_get_name (account), ==, "");
  g_assert_cmpstr (sk_account_get_note (account), ==, "");
  g_assert_nonnull (sk_account_get_tags (account));
  g_assert_null (sk_account_get_tags (account)[0]);
  g_assert_false (sk_account_get_favourite (account));
  g_assert_null (sk_account_get_secret (account));
  g_assert_cmpint (sk_account_get_last_used (account), ==, 0);
  g_assert_cmpint (sk_account_get_created (fresh), >=, before);
  g_assert_cmpint (sk_account_get_updated (fresh), ==, sk_account_get_created (fresh));
  g_assert_cmpint (sk_account_get_otp_type (fresh), ==, SK_OTP_HOTP);

  g_assert_finalize_object (g_steal_pointer (&account));
  g_assert_finalize_object (g_steal_pointer (&steam));
  g_assert_finalize_object (g_steal_pointer (&other));
  g_assert_finalize_object (g_steal_pointer (&fresh));
}

/* Each setter: notifies its property and "updated" exactly once, moves
 * "updated" forward, and does nothing at all for an unchanged value. */
static void
test_setters_notify (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };
  const char *tags[] = { "work", "工作", NULL };
  const char *same_tags[] = { "work", "工作", NULL };
  gint64 updated;

  g_signal_connect (account, "notify", G_CALLBACK (on_notify), &log);

#define CHECK_SET(prop, stmt, same_stmt) \
  G_STMT_START { \
    g_ptr_array_set_size (log.names, 0); \
    updated = sk_account_get_updated (account); \
    stmt; \
    g_assert_cmpuint (log_count (&log, prop), ==, 1); \
    g_assert_cmpuint (log_count (&log, "updated"), ==, 1); \
    g_assert_cmpint (sk_account_get_updated (account), >, updated); \
    g_ptr_array_set_size (log.names, 0); \
    updated = sk_account_get_updated (account); \
    same_stmt; \
    g_assert_cmpuint (log.names->len, ==, 0); \
    g_assert_cmpint (sk_account_get_updated (account), ==, updated); \
  } G_STMT_END

  CHECK_SET ("issuer", sk_account_set_issuer (account, "GitHub"),
             sk_account_set_issuer (account, "GitHub"));
  g_assert_cmpstr (sk_account_get_issuer (account), ==, "GitHub");
  CHECK_SET ("name", sk_account_set_name (account, "alice"),
             sk_account_set_name (account, "alice"));
  g_assert_cmpstr (sk_account_get_name (account), ==, "alice");
  CHECK_SET ("algorithm", sk_account_set_algorithm (account, SK_OTP_SHA256),
             sk_account_set_algorithm (account, SK_OTP_SHA256));
  CHECK_SET ("digits", sk_account_set_digits (account, 8),
             sk_account_set_digits (account, 8));
  CHECK_SET ("period", sk_account_set_period (account, 60),
             sk_account_set_period (account, 60));
  CHECK_SET ("counter", sk_account_set_counter (account, 99),
             sk_account_set_counter (account, 99));
  CHECK_SET ("tags", sk_account_set_tags (account, tags),
             sk_account_set_tags (account, same_tags));
  g_assert_cmpstrv (sk_account_get_tags (account), tags);
  CHECK_SET ("note", sk_account_set_note (account, "recovery codes in the safe"),
             sk_account_set_note (account, "recovery codes in the safe"));
  CHECK_SET ("favourite", sk_account_set_favourite (account, TRUE),
             sk_account_set_favourite (account, 42));
  CHECK_SET ("last-used", sk_account_set_last_used (account, 1700000000000000),
             sk_account_set_last_used (account, 1700000000000000));
  CHECK_SET ("otp-type", sk_account_set_otp_type (account, SK_OTP_HOTP),
             sk_account_set_otp_type (account, SK_OTP_HOTP));

  /* Through GObject too. */
  CHECK_SET ("name", g_object_set (account, "name", "bob", NULL),
             g_object_set (account, "name", "bob", NULL));
  CHECK_SET ("tags", sk_account_set_tags (account, NULL),
             sk_account_set_tags (account, (const char * const[]) { NULL }));

  /* The secret has no property but is an edit. */
  {
    g_autoptr(SkSecret) key = sk_secret_new_from_string ("12345678901234567890");
    g_autoptr(SkSecret) same = sk_secret_new_from_string ("12345678901234567890");

    CHECK_SET ("updated", sk_account_set_secret (account, key),
               sk_account_set_secret (account, same));
    g_assert_true (sk_account_get_secret (account) == key);
  }

#undef CHECK_SET

  /* Issuer and name change the display name. */
  g_ptr_array_set_size (log.names, 0);
  sk_account_set_issuer (account, "GitLab");
  g_assert_true (log_has (&log, "display-name"));
  g_ptr_array_set_size (log.names, 0);
  sk_account_set_note (account, "x");
  g_assert_false (log_has (&log, "display-name"));

  g_signal_handlers_disconnect_by_data (account, &log);
  g_ptr_array_unref (log.names);
  g_assert_finalize_object (g_steal_pointer (&account));
}

static void
test_steam_digits (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);

  sk_account_set_otp_type (account, SK_OTP_STEAM);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 5);
  sk_account_set_otp_type (account, SK_OTP_TOTP);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 6);
  sk_account_set_digits (account, 8);
  sk_account_set_otp_type (account, SK_OTP_HOTP);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 8);
}

static void
test_display_name (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  g_autofree char *from_property = NULL;

  g_assert_cmpstr (sk_account_get_display_name (account), ==, "");
  sk_account_set_name (account, "alice");
  g_assert_cmpstr (sk_account_get_display_name (account), ==, "alice");
  sk_account_set_issuer (account, "GitHub");
  g_assert_cmpstr (sk_account_get_display_name (account), ==, "GitHub (alice)");
  sk_account_set_name (account, NULL);
  g_assert_cmpstr (sk_account_get_name (account), ==, "");
  g_assert_cmpstr (sk_account_get_display_name (account), ==, "GitHub");
  sk_account_set_issuer (account, "");
  g_assert_cmpstr (sk_account_get_display_name (account), ==, "");
  sk_account_set_issuer (account, "微信");
  sk_account_set_name (account, "张三");
  g_object_get (account, "display-name", &from_property, NULL);
  g_assert_cmpstr (from_property, ==, "微信 (张三)");
}

static void
test_private (void)
{
  g_autoptr(SkAccount) account =
    sk_account_new_full ("0F8FAD5B-D9CB-469F-A165-70867728950E", SK_OTP_STEAM, 1000);
  g_autoptr(SkAccount) bad_uuid = sk_account_new_full ("not-a-uuid", SK_OTP_TOTP, 5);
  const char *keys[] = { "image", "color", NULL };
  const char *values[] = { "https://x/y.png", "#fff", NULL };
  const char * const *got_keys;
  const char * const *got_values;
  gint64 updated;

  g_assert_cmpstr (sk_account_get_uuid (account), ==, "0f8fad5b-d9cb-469f-a165-70867728950e");
  g_assert_cmpint (sk_account_get_otp_type (account), ==, SK_OTP_STEAM);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 5);
  g_assert_cmpint (sk_account_get_created (account), ==, 1000);
  g_assert_cmpint (sk_account_get_updated (account), ==, 1000);
  g_assert_true (g_uuid_string_is_valid (sk_account_get_uuid (bad_uuid)));

  sk_account_set_name (account, "gamer");
  g_assert_cmpint (sk_account_get_updated (account), >, 1000);
  sk_account_set_updated_internal (account, 2000);
  g_assert_cmpint (sk_account_get_updated (account), ==, 2000);
  sk_account_set_created_internal (account, 1500);
  g_assert_cmpint (sk_account_get_created (account), ==, 1500);
  g_assert_cmpint (sk_account_get_updated (account), ==, 2000);

  /* An account stamped in the future still moves forward on an edit. */
  sk_account_set_updated_internal (account, G_MAXINT64 - 10);
  sk_account_set_name (account, "gamer2");
  g_assert_cmpint (sk_account_get_updated (account), ==, G_MAXINT64 - 9);

  updated = sk_account_get_updated (account);
  g_assert_cmpuint (sk_account_get_uri_extras (account, &got_keys, &got_values), ==, 0);
  g_assert_null (got_keys[0]);
  sk_account_set_uri_extras (account, keys, values);
  g_assert_cmpuint (sk_account_get_uri_extras (account, &got_keys, &got_values), ==, 2);
  g_assert_cmpstrv (got_keys, keys);
  g_assert_cmpstrv (got_values, values);
  g_assert_cmpint (sk_account_get_updated (account), ==, updated);
}

static void
test_generate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  g_autoptr(SkSecret) key = sk_secret_new_from_string ("12345678901234567890");
  char code[SK_OTP_CODE_MAX];

  g_assert_false (sk_account_generate (account, 59, code, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
  g_clear_error (&error);
  g_assert_false (sk_account_validate (account, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_SECRET);
  g_clear_error (&error);

  sk_account_set_secret (account, key);
  sk_account_set_digits (account, 8);
  g_assert_true (sk_account_validate (account, &error));
  g_assert_true (sk_account_generate (account, 59, code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "94287082");

  /* next_hotp is for HOTP only. */
  g_assert_false (sk_account_next_hotp (account, code, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  sk_account_set_otp_type (account, SK_OTP_STEAM);
  g_assert_true (sk_account_generate (account, 59, code, &error));
  g_assert_cmpstr (code, ==, "PV9M4");
}

static void
test_next_hotp (void)
{
  static const char *expected[] = { "755224", "287082", "359152", "969429" };
  g_autoptr(GError) error = NULL;
  g_autoptr(SkAccount) account = sk_account_new_from_uri ("otpauth://hotp/x?secret=" SECRET, &error);
  char code[SK_OTP_CODE_MAX];

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_true (sk_account_generate (account, 0, code, &error));
      g_assert_cmpstr (code, ==, expected[i]);
      g_assert_true (sk_account_next_hotp (account, code, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, expected[i]);
      g_assert_cmpuint (sk_account_get_counter (account), ==, i + 1);
    }

  sk_account_set_counter (account, G_MAXUINT64);
  g_assert_false (sk_account_next_hotp (account, code, &error));
  g_assert_error (error, SK_OTP_ERROR, SK_OTP_ERROR_INVALID_PARAMETER);
  g_assert_cmpuint (sk_account_get_counter (account), ==, G_MAXUINT64);
}

static void
test_uri (void)
{
  g_autoptr(GError) error = NULL;
  const char *text = "otpauth://totp/ACME:bob@example.com?secret=" SECRET
                     "&issuer=ACME&algorithm=SHA256&digits=8&period=45&image=https%3A%2F%2Fa%2Fb.png";
  g_autoptr(SkAccount) account = sk_account_new_from_uri (text, &error);
  g_autoptr(SkSecret) uri = NULL;
  g_autoptr(SkOtpUri) parsed = NULL;
  g_autoptr(SkAccount) bad = NULL;
  g_autoptr(SkAccount) empty = sk_account_new (SK_OTP_TOTP);

  g_assert_no_error (error);
  g_assert_cmpstr (sk_account_get_issuer (account), ==, "ACME");
  g_assert_cmpstr (sk_account_get_name (account), ==, "bob@example.com");
  g_assert_cmpint (sk_account_get_algorithm (account), ==, SK_OTP_SHA256);
  g_assert_cmpuint (sk_account_get_digits (account), ==, 8);
  g_assert_cmpuint (sk_account_get_period (account), ==, 45);
  g_assert_cmpmem (sk_secret_get_data (sk_account_get_secret (account)),
                   sk_secret_get_size (sk_account_get_secret (account)),
                   "12345678901234567890", 20);

  uri = sk_account_dup_uri (account);
  g_assert_cmpstr (sk_secret_get_string (uri), ==, text);

  parsed = sk_account_to_otp_uri (account);
  g_assert_cmpstr (parsed->issuer, ==, "ACME");
  g_assert_cmpuint (parsed->extra_keys->len, ==, 1);

  bad = sk_account_new_from_uri ("otpauth://totp/x?secret=" SECRET "&digits=11", &error);
  g_assert_null (bad);
  g_assert_error (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER);

  g_assert_null (sk_account_dup_uri (empty));
}

static void
test_normalize (void)
{
  const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "GitHub", "github" },
    { "ＧｉｔＨｕｂ", "github" },     /* full-width, as Chinese IMEs type it */
    { "Straße", "strasse" },
    { "Ångström", "ångström" },
    { "A\u030Angstrom", "ångstrom" },  /* decomposed input composes */
    { "微信　支付", "微信 支付" },      /* ideographic space */
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = sk_search_normalize (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
  {
    g_autofree char *null_out = sk_search_normalize (NULL);

    g_assert_cmpstr (null_out, ==, "");
  }
}

static gboolean
matches (SkAccount  *account,
         const char *query)
{
  g_autofree char *normalized = sk_search_normalize (query);

  return sk_account_matches (account, normalized);
}

/* Money tags in English, Simplified and Traditional Chinese. */
static void
test_money_tags (void)
{
  const char *money[] = { "wallet", "钱包", "錢包", "銀行", "提領" };

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    {
      g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);

      sk_account_set_tags (account, (const char * const[]) { "Work", money[i], NULL });
      g_assert_true (sk_account_holds_money (account));
    }
  {
    g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);

    sk_account_set_tags (account, (const char * const[]) { "Work", "遊戲", NULL });
    g_assert_false (sk_account_holds_money (account));
  }
}

static void
test_matches (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  const char *tags[] = { "Work", "支付", NULL };

  sk_account_set_issuer (account, "GitHub");
  sk_account_set_name (account, "alice@example.com");
  sk_account_set_tags (account, tags);
  sk_account_set_note (account, "Recovery codes printed 2025");

  g_assert_true (matches (account, ""));
  g_assert_true (matches (account, "   "));
  g_assert_true (matches (account, "github"));
  g_assert_true (matches (account, "GITHUB"));
  g_assert_true (matches (account, "ｇｉｔ"));
  g_assert_true (matches (account, "hub alice"));
  g_assert_true (matches (account, "  ALICE   example  "));
  g_assert_true (matches (account, "work"));
  g_assert_true (matches (account, "支付"));
  g_assert_true (matches (account, "printed 2025"));
  g_assert_true (matches (account, "github　支付"));
  g_assert_false (matches (account, "gitlab"));
  g_assert_false (matches (account, "github bob"));
  /* Words do not match across fields. */
  g_assert_false (matches (account, "githubalice"));

  /* The cached text follows edits. */
  sk_account_set_issuer (account, "GitLab");
  g_assert_true (matches (account, "gitlab"));
  g_assert_false (matches (account, "github"));
  sk_account_set_tags (account, NULL);
  g_assert_false (matches (account, "work"));
  sk_account_set_note (account, NULL);
  g_assert_false (matches (account, "2025"));
  sk_account_set_name (account, "bob");
  g_assert_true (matches (account, "bob"));
  g_assert_false (matches (account, "alice"));

  {
    /* Very long query words. */
    g_autofree char *long_word = g_strnfill (300, 'x');

    g_assert_false (matches (account, long_word));
    sk_account_set_note (account, long_word);
    g_assert_true (matches (account, long_word));
  }
}

/* Not a timing assertion: it checks that filtering many accounts gives
 * the right count, and prints how long it took with --verbose. */
static void
test_matches_many (void)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *query = sk_search_normalize ("Service 12");
  gint64 start;
  guint hits = 0;

  for (guint i = 0; i < 10000; i++)
    {
      SkAccount *account = sk_account_new (SK_OTP_TOTP);
      g_autofree char *issuer = g_strdup_printf ("Service %u", i);
      g_autofree char *name = g_strdup_printf ("user%u@example.com", i);

      sk_account_set_issuer (account, issuer);
      sk_account_set_name (account, name);
      g_ptr_array_add (accounts, account);
    }

  for (guint round = 0; round < 3; round++)
    {
      start = g_get_monotonic_time ();
      hits = 0;
      for (guint i = 0; i < accounts->len; i++)
        hits += sk_account_matches (g_ptr_array_index (accounts, i), query);
      g_test_message ("round %u: filtered %u accounts in %.2f ms", round,
                      accounts->len, (g_get_monotonic_time () - start) / 1000.0);
    }
  /* "12" appears in 12, 112, 120-129, 212, ... : count it the slow way. */
  {
    guint expected = 0;

    for (guint i = 0; i < 10000; i++)
      {
        g_autofree char *s = g_strdup_printf ("%u", i);
        expected += strstr (s, "12") != NULL;
      }
    g_assert_cmpuint (hits, ==, expected);
  }
}

static GBytes *
bytes_of (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
assert_icon_error (GBytes     *icon,
                   const char *mime_type,
                   int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sk_account_icon_validate (icon, mime_type, &error));
  g_assert_error (error, SK_ACCOUNT_ERROR, code);
}

/* PNG, JPEG and SVG up to 256 KiB whose bytes are what the type says. */
static void
test_icon_validate (void)
{
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 32, 0x3584e4ff);
  g_autoptr(GBytes) jpeg = sk_test_make_picture ("jpeg", 32, 0xe01b24ff);
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GBytes) text = bytes_of ("hello, not a picture");
  g_autoptr(GBytes) html = bytes_of ("<html><body>not an svg</body></html>");
  g_autoptr(GBytes) bom_svg = bytes_of ("\xef\xbb\xbf\n  <!-- logo -->\n<svg xmlns='http://www.w3.org/2000/svg'/>");
  g_autoptr(GBytes) cut_png = g_bytes_new_from_bytes (png, 0, 7);
  g_autofree guint8 *big_data = g_malloc0 (SK_ACCOUNT_ICON_MAX_SIZE + 1);
  g_autoptr(GBytes) big = NULL;
  g_autoptr(GBytes) at_limit = NULL;

  g_assert_true (sk_account_icon_validate (png, "image/png", NULL));
  g_assert_true (sk_account_icon_validate (png, "IMAGE/PNG", NULL));
  g_assert_true (sk_account_icon_validate (jpeg, "image/jpeg", NULL));
  g_assert_true (sk_account_icon_validate (svg, "image/svg+xml", NULL));
  g_assert_true (sk_account_icon_validate (bom_svg, "image/svg+xml", NULL));
  g_assert_cmpstr (sk_account_icon_sniff (png), ==, "image/png");
  g_assert_cmpstr (sk_account_icon_sniff (jpeg), ==, "image/jpeg");
  g_assert_cmpstr (sk_account_icon_sniff (svg), ==, "image/svg+xml");
  g_assert_cmpstr (sk_account_icon_sniff (bom_svg), ==, "image/svg+xml");
  g_assert_null (sk_account_icon_sniff (text));
  g_assert_null (sk_account_icon_sniff (html));
  g_assert_null (sk_account_icon_sniff (empty));

  assert_icon_error (png, "image/webp", SK_ACCOUNT_ERROR_ICON_TYPE);
  assert_icon_error (png, NULL, SK_ACCOUNT_ERROR_ICON_TYPE);
  assert_icon_error (png, "", SK_ACCOUNT_ERROR_ICON_TYPE);
  assert_icon_error (empty, "image/png", SK_ACCOUNT_ERROR_ICON_DAMAGED);
  assert_icon_error (png, "image/jpeg", SK_ACCOUNT_ERROR_ICON_DAMAGED);
  assert_icon_error (jpeg, "image/png", SK_ACCOUNT_ERROR_ICON_DAMAGED);
  assert_icon_error (text, "image/svg+xml", SK_ACCOUNT_ERROR_ICON_DAMAGED);
  assert_icon_error (html, "image/svg+xml", SK_ACCOUNT_ERROR_ICON_DAMAGED);
  assert_icon_error (cut_png, "image/png", SK_ACCOUNT_ERROR_ICON_DAMAGED);

  /* The size limit counts bytes, whatever the picture. */
  memcpy (big_data, "\x89PNG\r\n\x1a\n", 8);
  at_limit = g_bytes_new (big_data, SK_ACCOUNT_ICON_MAX_SIZE);
  big = g_bytes_new (big_data, SK_ACCOUNT_ICON_MAX_SIZE + 1);
  g_assert_true (sk_account_icon_validate (at_limit, "image/png", NULL));
  assert_icon_error (big, "image/png", SK_ACCOUNT_ERROR_ICON_TOO_LARGE);
}

static void
test_icon_set (void)
{
  g_autoptr(SkAccount) account = sk_account_new (SK_OTP_TOTP);
  g_autoptr(GBytes) png = sk_test_make_picture ("png", 16, 0x3584e4ff);
  g_autoptr(GBytes) same = g_bytes_new (g_bytes_get_data (png, NULL), g_bytes_get_size (png));
  g_autoptr(GBytes) svg = sk_test_make_svg ();
  g_autoptr(GBytes) text = bytes_of ("not a picture");
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *type = NULL;
  NotifyLog log = { g_ptr_array_new_with_free_func (g_free) };
  gint64 updated;

  g_assert_null (sk_account_get_icon (account));
  g_assert_null (sk_account_get_icon_mime_type (account));
  g_signal_connect (account, "notify", G_CALLBACK (on_notify), &log);

  updated = sk_account_get_updated (account);
  g_assert_true (sk_account_set_icon (account, png, "Image/PNG", &error));
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (sk_account_get_icon (account), png));
  g_assert_cmpstr (sk_account_get_icon_mime_type (account), ==, "image/png");
  g_assert_cmpint (sk_account_get_updated (account), >, updated);
  g_assert_cmpuint (log_count (&log, "icon"), ==, 1);
  g_assert_cmpuint (log_count (&log, "icon-mime-type"), ==, 1);
  g_object_get (account, "icon", &got, "icon-mime-type", &type, NULL);
  g_assert_true (g_bytes_equal (got, png));
  g_assert_cmpstr (type, ==, "image/png");

  /* The same picture again changes nothing. */
  updated = sk_account_get_updated (account);
  g_assert_true (sk_account_set_icon (account, same, "image/png", NULL));
  g_assert_cmpint (sk_account_get_updated (account), ==, updated);
  g_assert_cmpuint (log_count (&log, "icon"), ==, 1);

  /* A bad picture is refused and the icon stays. */
  g_assert_false (sk_account_set_icon (account, text, "image/png", &error));
  g_assert_error (error, SK_ACCOUNT_ERROR, SK_ACCOUNT_ERROR_ICON_DAMAGED);
  g_clear_error (&error);
  g_assert_true (g_bytes_equal (sk_account_get_icon (account), png));
  g_assert_cmpint (sk_account_get_updated (account), ==, updated);

  g_assert_true (sk_account_set_icon (account, svg, "image/svg+xml", NULL));
  g_assert_cmpstr (sk_account_get_icon_mime_type (account), ==, "image/svg+xml");
  g_assert_cmpuint (log_count (&log, "icon"), ==, 2);

  g_assert_true (sk_account_set_icon (account, NULL, NULL, NULL));
  g_assert_null (sk_account_get_icon (account));
  g_assert_null (sk_account_get_icon_mime_type (account));
  g_assert_cmpuint (log_count (&log, "icon"), ==, 3);
  g_assert_cmpint (sk_account_get_updated (account), >, updated);

  g_ptr_array_unref (log.names);
}

static int
compare_sort_keys (gconstpointer a,
                   gconstpointer b)
{
  return strcmp (sk_account_get_sort_key (*(SkAccount **) a), sk_account_get_sort_key (*(SkAccount **) b));
}

/* Issuers in the order sk_account_get_sort_key() gives, space-separated. */
static char *
sorted_issuers (const char * const *issuers)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; issuers[i] != NULL; i++)
    {
      SkAccount *account = sk_account_new (SK_OTP_TOTP);

      sk_account_set_issuer (account, issuers[i]);
      g_ptr_array_add (accounts, account);
    }
  g_ptr_array_sort (accounts, compare_sort_keys);
  for (guint i = 0; i < accounts->len; i++)
    g_string_append_printf (order, "%s%s", i > 0 ? " " : "",
                            sk_account_get_issuer (accounts->pdata[i]));
  return g_string_free (g_steal_pointer (&order), FALSE);
}

/* In a zh_CN session, Chinese names sort among Latin ones by pinyin
 * (glibc's own zh_CN collation puts every Chinese name after Z). The
 * zh_CN locale is built for the test with localedef into a folder of its
 * own (LOCPATH): no system locale is needed, only glibc's locale sources
 * (Debian: locales). */
static void
test_sort_pinyin (void)
{
  const char *issuers[] = { "微信", "GitHub", "支付宝", "Steam", "QQ", "阿里云", "Binance", "淘宝",
                            "Google", "中国银行", "京东", "Apple", "Zoom", "哔哩哔哩", NULL };
  g_autofree char *dir = sk_test_make_tmpdir ();
  g_autofree char *target = g_build_filename (dir, "zh_CN.UTF-8", NULL);
  g_autofree char *localedef = g_find_program_in_path ("localedef");
  g_autofree char *order = NULL;
  g_autofree char *c_order = NULL;
  g_autofree char *saved = g_strdup (setlocale (LC_COLLATE, NULL));
  int status = 0;

  if (localedef == NULL || !g_file_test ("/usr/share/i18n/locales/zh_CN", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("localedef and glibc's locale sources (Debian: locales) are needed");
      return;
    }
  {
    const char *argv[] = { localedef, "-i", "zh_CN", "-f", "UTF-8", target, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL));
  }
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));

  /* Not pinyin: the plain collation, Chinese apart from Latin. */
  c_order = sorted_issuers (issuers);
  g_assert_true (g_str_has_prefix (c_order, "Apple Binance GitHub Google QQ Steam Zoom "));

  g_setenv ("LOCPATH", dir, TRUE);
  g_assert_nonnull (setlocale (LC_COLLATE, "zh_CN.UTF-8"));
  order = sorted_issuers (issuers);
  g_test_message ("zh_CN: %s", order);
  /* Within a letter, the collation puts Chinese before Latin. */
  g_assert_cmpstr (order, ==, "阿里云 Apple 哔哩哔哩 Binance GitHub Google 京东 QQ Steam 淘宝 微信 支付宝 中国银行 Zoom");

  setlocale (LC_COLLATE, saved);
  g_unsetenv ("LOCPATH");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  g_test_add_func ("/sparekey/account/defaults", test_defaults);
  g_test_add_func ("/sparekey/account/setters-notify", test_setters_notify);
  g_test_add_func ("/sparekey/account/steam-digits", test_steam_digits);
  g_test_add_func ("/sparekey/account/display-name", test_display_name);
  g_test_add_func ("/sparekey/account/private", test_private);
  g_test_add_func ("/sparekey/account/generate", test_generate);
  g_test_add_func ("/sparekey/account/next-hotp", test_next_hotp);
  g_test_add_func ("/sparekey/account/uri", test_uri);
  g_test_add_func ("/sparekey/account/normalize", test_normalize);
  g_test_add_func ("/sparekey/account/sort-pinyin", test_sort_pinyin);
  g_test_add_func ("/sparekey/account/money-tags", test_money_tags);
  g_test_add_func ("/sparekey/account/matches", test_matches);
  g_test_add_func ("/sparekey/account/matches-many", test_matches_many);
  g_test_add_func ("/sparekey/account/icon-validate", test_icon_validate);
  g_test_add_func ("/sparekey/account/icon-set", test_icon_set);

  return g_test_run ();
}
