/* test-services.c: the service directory, its schema, search and the
 * user's own entries
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

/* Services the users of Sparekey hold most (issue 12): each must be in
 * the built-in directory. */
static const char * const required_ids[] = {
  "qq", "wechat", "alipay", "taobao", "jd", "meituan", "douyin", "weibo",
  "baidu", "netease-mail", "bilibili", "pinduoduo", "12306", "icbc", "ccb",
  "abc", "boc", "cmb", "china-mobile", "china-unicom", "china-telecom",
  "google", "apple", "microsoft", "github", "amazon", "paypal", "steam",
  "binance", "coinbase", "discord", "telegram", "whatsapp", "dropbox",
  "proton",
};

static SkServiceDirectory *
builtin (void)
{
  g_autoptr(GError) error = NULL;
  SkServiceDirectory *directory = sk_service_directory_new (&error);

  g_assert_no_error (error);
  g_assert_nonnull (directory);
  return directory;
}

static char *
fold (const char *text)
{
  /* The same folding as the search, seen from outside: a one-entry
   * directory matches exactly what its keys match. Here simply lower
   * case and no blanks, enough for ASCII aliases and the CJK names. */
  g_autofree char *down = g_utf8_casefold (text, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = down; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !g_unichar_ispunct (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_https (const char *text)
{
  g_autoptr(GUri) uri = text != NULL ? g_uri_parse (text, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && g_str_equal (g_uri_get_scheme (uri), "https") &&
         g_uri_get_host (uri) != NULL;
}

/* Every entry of data/services.json: schema, unique ids and aliases,
 * known categories, an https source on every fact. */
static void
test_builtin_valid (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (directory));
  guint n_facts = 0;

  g_assert_cmpuint (n, >=, 40);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (directory)) == SK_TYPE_SERVICE);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkService) service = g_list_model_get_item (G_LIST_MODEL (directory), i);
      g_autoptr(GError) error = NULL;
      const char * const *aliases = sk_service_get_aliases (service);
      const char * const *categories = sk_service_get_categories (service);
      const SkServiceChannel *channels;
      const SkServiceFactor *factors;
      const SkServiceRule *rules;
      guint n_channels, n_factors, n_rules;
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      g_assert_true (sk_service_validate (service, &error));
      g_assert_no_error (error);
      g_assert_cmpint (sk_service_get_origin (service), ==, SK_SERVICE_ORIGIN_BUILTIN);
      g_assert_true (g_hash_table_add (ids, (char *) sk_service_get_id (service)));
      /* Both languages: the users read Chinese and English. */
      g_assert_nonnull (sk_service_get_name_zh (service));
      g_assert_nonnull (sk_service_get_name_en (service));
      g_assert_nonnull (categories[0]);
      for (guint c = 0; categories[c] != NULL; c++)
        g_assert_true (sk_service_category_is_known (categories[c]));
      if (sk_service_get_homepage (service) != NULL)
        g_assert_true (is_https (sk_service_get_homepage (service)));

      /* No name or alias may find two services. */
      g_ptr_array_add (names, (char *) sk_service_get_id (service));
      g_ptr_array_add (names, (char *) sk_service_get_name_zh (service));
      g_ptr_array_add (names, (char *) sk_service_get_name_en (service));
      for (guint a = 0; aliases[a] != NULL; a++)
        g_ptr_array_add (names, (char *) aliases[a]);
      for (guint k = 0; k < names->len; k++)
        {
          char *key = fold (g_ptr_array_index (names, k));
          const char *owner = g_hash_table_lookup (keys, key);

          if (owner != NULL && !g_str_equal (owner, sk_service_get_id (service)))
            g_error ("“%s” names both %s and %s", (char *) g_ptr_array_index (names, k),
                     owner, sk_service_get_id (service));
          g_hash_table_replace (keys, key, (char *) sk_service_get_id (service));
        }

      channels = sk_service_get_channels (service, &n_channels);
      for (guint c = 0; c < n_channels; c++, n_facts++)
        {
          g_assert_true (is_https (channels[c].source));
          g_assert_true (channels[c].url == NULL || is_https (channels[c].url));
        }
      factors = sk_service_get_factors (service, &n_factors);
      for (guint f = 0; f < n_factors; f++, n_facts++)
        g_assert_true (is_https (factors[f].source));
      rules = sk_service_get_rules (service, &n_rules);
      for (guint r = 0; r < n_rules; r++, n_facts++)
        {
          g_assert_true (is_https (rules[r].source));
          g_assert_nonnull (rules[r].text_zh);
          g_assert_nonnull (rules[r].text_en);
        }
    }
  g_assert_cmpuint (n_facts, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (required_ids); i++)
    if (sk_service_directory_lookup (directory, required_ids[i]) == NULL)
      g_error ("the directory lacks “%s”", required_ids[i]);
}

/* The schema check refuses what must not reach an emergency screen. */
static void
test_invalid_entries (void)
{
  static const struct {
    const char *json;
    const char *why;
  } cases[] = {
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"channels\":[{\"kind\":\"hotline\",\"phone\":\"95588\"}]}]}", "channel without source" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"channels\":[{\"kind\":\"hotline\",\"phone\":\"95588\",\"source\":\"http://example.com/\"}]}]}", "http source" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"casino\"]}]}", "unknown category" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[]}]}", "no category" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"]},"
      "{\"id\":\"a\",\"name\":{\"en\":\"B\"},\"categories\":[\"bank\"]}]}", "duplicate id" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\\u001b[31m\"},\"categories\":[\"bank\"]}]}", "control character" },
    { "{\"services\":[{\"id\":\"A B\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"]}]}", "bad id" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"channels\":[{\"kind\":\"hotline\",\"phone\":\"call us\",\"source\":\"https://example.com/\"}]}]}", "phone with letters" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"channels\":[{\"kind\":\"appeal\",\"phone\":\"95588\",\"url\":\"https://example.com/\",\"source\":\"https://example.com/\"}]}]}", "two ways in one channel" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"rules\":[{\"kind\":\"cooldown\",\"text\":{\"en\":\"30 days\"},\"source\":\"https://example.com/\"}]}]}", "rule in one language" },
    { "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"factors\":[{\"kind\":\"telepathy\",\"source\":\"https://example.com/\"}]}]}", "unknown factor" },
    { "{\"services\":[{\"id\":\"a\",\"categories\":[\"bank\"]}]}", "no name" },
    { "{\"services\":{}}", "services not an array" },
    { "[1,2]", "not an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SkServiceDirectory) directory = sk_service_directory_new_from_data (cases[i].json, -1, &error);

      if (directory != NULL)
        g_error ("accepted: %s", cases[i].why);
      g_assert_nonnull (error);
    }

  /* A name longer than SK_SERVICE_MAX_NAME bytes. */
  {
    g_autofree char *long_name = g_strnfill (SK_SERVICE_MAX_NAME + 1, 'n');
    g_autofree char *json = g_strdup_printf ("{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"%s\"},\"categories\":[\"bank\"]}]}", long_name);
    g_autoptr(GError) error = NULL;
    g_autoptr(SkServiceDirectory) directory = sk_service_directory_new_from_data (json, -1, &error);

    g_assert_null (directory);
    g_assert_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID);
  }

  /* And a minimal valid one passes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SkServiceDirectory) directory = sk_service_directory_new_from_data (
      "{\"services\":[{\"id\":\"a\",\"name\":{\"en\":\"A\"},\"categories\":[\"bank\"],"
      "\"channels\":[{\"kind\":\"hotline\",\"phone\":\"+86 95588\",\"source\":\"https://example.com/\"}]}]}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, 1);
  }
}

static const char *
first_hit (SkServiceDirectory *directory,
           const char         *query)
{
  g_autoptr(GPtrArray) hits = sk_service_directory_search (directory, query, 5);

  return hits->len > 0 ? sk_service_get_id (g_ptr_array_index (hits, 0)) : NULL;
}

/* Aliases in pinyin and English, any case, full width, accents. */
static void
test_search (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) bounded = NULL;
  g_autofree char *huge = g_strnfill (100000, 'w');

  g_assert_cmpstr (first_hit (directory, "weixin"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "wechat"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "WeChat"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "微信"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "ＷＥＩＸＩＮ"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "we chat"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "wéchat"), ==, "wechat");
  g_assert_cmpstr (first_hit (directory, "zhifubao"), ==, "alipay");
  g_assert_cmpstr (first_hit (directory, "支付宝"), ==, "alipay");
  g_assert_cmpstr (first_hit (directory, "Alipay"), ==, "alipay");
  g_assert_cmpstr (first_hit (directory, "gonghang"), ==, "icbc");
  g_assert_cmpstr (first_hit (directory, "工商银行"), ==, "icbc");
  g_assert_cmpstr (first_hit (directory, "gmail"), ==, "google");
  /* An exact alias comes before entries that merely start with it. */
  g_assert_cmpstr (first_hit (directory, "qq"), ==, "qq");
  /* A prefix suggests while typing. */
  g_assert_cmpstr (first_hit (directory, "zhifu"), ==, "alipay");
  g_assert_null (first_hit (directory, "no such service anywhere"));

  all = sk_service_directory_search (directory, "", 0);
  g_assert_cmpuint (all->len, ==, g_list_model_get_n_items (G_LIST_MODEL (directory)));
  none = sk_service_directory_search (directory, "银行", 3);
  g_assert_cmpuint (none->len, ==, 3);
  /* A hostile query is cut, not searched in full. */
  bounded = sk_service_directory_search (directory, huge, 0);
  g_assert_cmpuint (bounded->len, ==, 0);

  g_assert_true (sk_service_directory_match_issuer (directory, "WeChat") ==
                 sk_service_directory_lookup (directory, "wechat"));
  g_assert_true (sk_service_directory_match_issuer (directory, "GitHub") ==
                 sk_service_directory_lookup (directory, "github"));
  g_assert_null (sk_service_directory_match_issuer (directory, "Git"));
  g_assert_null (sk_service_directory_match_issuer (directory, ""));
}

/* Money at risk from the category alone. */
static void
test_money (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  static const char * const money[] = { "wallet", "bank", "payment", "exchange", "trading" };
  const char * const *all = sk_service_categories ();
  guint n_money = 0;

  for (guint i = 0; i < G_N_ELEMENTS (money); i++)
    g_assert_true (sk_service_category_is_money (money[i]));
  for (guint i = 0; all[i] != NULL; i++)
    {
      n_money += sk_service_category_is_money (all[i]);
      g_assert_nonnull (sk_service_category_get_label (all[i]));
    }
  g_assert_cmpuint (n_money, ==, G_N_ELEMENTS (money));
  g_assert_false (sk_service_category_is_money ("email"));
  g_assert_false (sk_service_category_is_money (NULL));
  g_assert_false (sk_service_category_is_money ("unknown"));

  g_assert_true (sk_service_is_money (sk_service_directory_lookup (directory, "alipay")));
  g_assert_true (sk_service_is_money (sk_service_directory_lookup (directory, "icbc")));
  g_assert_true (sk_service_is_money (sk_service_directory_lookup (directory, "binance")));
  g_assert_true (sk_service_is_money (sk_service_directory_lookup (directory, "buff")));
  /* WeChat is a messenger with a wallet (微信支付). */
  g_assert_true (sk_service_is_money (sk_service_directory_lookup (directory, "wechat")));
  g_assert_false (sk_service_is_money (sk_service_directory_lookup (directory, "github")));
  g_assert_false (sk_service_is_money (sk_service_directory_lookup (directory, "netease-mail")));
}

/* The concrete channels the wizard names. */
static void
test_channels (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  SkService *wechat = sk_service_directory_lookup (directory, "wechat");
  SkService *github = sk_service_directory_lookup (directory, "github");
  const SkServiceChannel *freeze = sk_service_get_channel (wechat, SK_SERVICE_CHANNEL_FREEZE);
  const SkServiceChannel *recovery = sk_service_get_channel (github, SK_SERVICE_CHANNEL_RECOVERY);
  SkServiceChannelKind kind;

  g_assert_nonnull (freeze);
  g_assert_nonnull (freeze->steps_zh);
  g_assert_nonnull (strstr (freeze->steps_zh, "冻结"));
  g_assert_true (is_https (freeze->source));
  g_assert_nonnull (recovery);
  g_assert_true (g_str_has_prefix (recovery->url, "https://docs.github.com/"));
  g_assert_null (sk_service_get_channel (github, SK_SERVICE_CHANNEL_HOTLINE));

  /* What the plan and the wizard name: the freeze channel, else the
   * hotline; the appeal channel, else recovery, hotline, help centre. */
  g_assert_true (sk_service_pick_channel (wechat, SK_SERVICE_STEP_FREEZE) == freeze);
  g_assert_true (g_str_has_prefix (sk_service_channel_get_value (freeze), "Me › Settings"));
  g_assert_nonnull (sk_service_channel_get_note (freeze));
  g_assert_true (sk_service_pick_channel (github, SK_SERVICE_STEP_APPEAL) == recovery);
  g_assert_null (sk_service_pick_channel (github, SK_SERVICE_STEP_FREEZE));
  g_assert_cmpint (sk_service_pick_channel (sk_service_directory_lookup (directory, "google"),
                                            SK_SERVICE_STEP_APPEAL)->kind, ==, SK_SERVICE_CHANNEL_APPEAL);
  g_assert_cmpstr (sk_service_channel_get_value (sk_service_pick_channel (sk_service_directory_lookup (directory, "china-mobile"),
                                                                          SK_SERVICE_STEP_FREEZE)), ==, "10086");
  g_assert_null (sk_service_pick_channel (sk_service_directory_lookup (directory, "qq"), SK_SERVICE_STEP_FREEZE));

  for (guint i = 0; i < SK_SERVICE_N_CHANNEL_KINDS; i++)
    {
      g_assert_true (sk_service_channel_kind_from_string (sk_service_channel_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
      g_assert_nonnull (sk_service_channel_kind_get_label (i));
    }
  g_assert_false (sk_service_channel_kind_from_string ("fax", &kind));
}

static SkService *
user_bank (const char *id)
{
  SkService *service = sk_service_new (id);
  const char *aliases[] = { "my bank", "wodeyinhang", NULL };
  const char *categories[] = { "bank", NULL };
  SkServiceChannel hotline = {
    .kind = SK_SERVICE_CHANNEL_HOTLINE,
    .phone = (char *) "+86 400 000 0000",
    .source = (char *) "https://bank.example.com/contact",
  };

  sk_service_set_names (service, "我的银行", "My Bank");
  sk_service_set_aliases (service, aliases);
  sk_service_set_categories (service, categories);
  sk_service_set_channel (service, &hotline);
  return service;
}

/* The user's own entry, and a correction of a built-in one. */
static void
test_user_entries (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkService) mine = user_bank ("my-bank");
  g_autoptr(SkService) correction = NULL;
  g_autoptr(SkService) bad = sk_service_new ("bad");
  g_autoptr(GError) error = NULL;
  guint n_builtin = g_list_model_get_n_items (G_LIST_MODEL (directory));
  SkServiceChannel hotline = {
    .kind = SK_SERVICE_CHANNEL_HOTLINE,
    .phone = (char *) "12345",
    .source = (char *) "https://help.example.com/wechat",
  };
  SkService *found;

  g_assert_true (sk_services_save_user_entry (vault, mine, 1000, &error));
  g_assert_no_error (error);
  correction = sk_service_copy (sk_service_directory_lookup (directory, "wechat"), SK_SERVICE_ORIGIN_USER);
  sk_service_set_channel (correction, &hotline);
  g_assert_true (sk_services_save_user_entry (vault, correction, 1000, &error));
  /* Nothing without a source reaches the vault. */
  sk_service_set_names (bad, NULL, "Bad");
  g_assert_false (sk_services_save_user_entry (vault, bad, 1000, &error));
  g_assert_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID);
  g_clear_error (&error);

  sk_service_directory_set_vault (directory, vault);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, n_builtin + 1);
  found = sk_service_directory_lookup (directory, "my-bank");
  g_assert_nonnull (found);
  g_assert_cmpint (sk_service_get_origin (found), ==, SK_SERVICE_ORIGIN_USER);
  g_assert_true (sk_service_is_money (found));
  g_assert_cmpstr (first_hit (directory, "wodeyinhang"), ==, "my-bank");

  found = sk_service_directory_lookup (directory, "wechat");
  g_assert_cmpint (sk_service_get_origin (found), ==, SK_SERVICE_ORIGIN_OVERRIDE);
  g_assert_cmpstr (sk_service_get_channel (found, SK_SERVICE_CHANNEL_HOTLINE)->phone, ==, "12345");
  /* The correction keeps what it did not change, and the built-in entry
   * is still there underneath. */
  g_assert_nonnull (sk_service_get_channel (found, SK_SERVICE_CHANNEL_FREEZE));
  g_assert_null (sk_service_get_channel (sk_service_directory_lookup_builtin (directory, "wechat"),
                                         SK_SERVICE_CHANNEL_HOTLINE));
  g_assert_cmpstr (first_hit (directory, "weixin"), ==, "wechat");

  /* Removing the correction brings back the built-in entry. */
  g_assert_true (sk_services_remove_user_entry (vault, "wechat", 2000, &error));
  g_assert_false (sk_services_remove_user_entry (vault, "wechat", 2000, &error));
  g_assert_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_NOT_FOUND);
  sk_service_directory_set_vault (directory, vault);
  found = sk_service_directory_lookup (directory, "wechat");
  g_assert_cmpint (sk_service_get_origin (found), ==, SK_SERVICE_ORIGIN_BUILTIN);
  g_assert_null (sk_service_get_channel (found, SK_SERVICE_CHANNEL_HOTLINE));
  sk_service_directory_set_vault (directory, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, n_builtin);
}

/* Two writers: both entries survive the merge, the newer correction
 * wins, a deletion stays deleted, and the vault round-trips. */
static void
test_user_merge (void)
{
  g_autoptr(SkVault) a = sk_vault_new ();
  g_autoptr(SkVault) b = NULL;
  g_autoptr(SkVault) reread = NULL;
  g_autoptr(SkSecret) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkService) shared = user_bank ("shared-bank");
  g_autoptr(SkService) only_a = user_bank ("bank-a");
  g_autoptr(SkService) only_b = user_bank ("bank-b");
  g_autoptr(SkService) doomed = user_bank ("doomed");
  g_autoptr(SkService) edit_a = NULL;
  g_autoptr(SkService) edit_b = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(SkServiceDirectory) directory = builtin ();
  gint64 now = g_get_real_time ();

  g_assert_true (sk_services_save_user_entry (a, shared, now, &error));
  g_assert_true (sk_services_save_user_entry (a, doomed, now, &error));
  payload = sk_vault_serialize (a, &error);
  g_assert_no_error (error);
  b = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);

  g_assert_true (sk_services_save_user_entry (a, only_a, now + 10, &error));
  g_assert_true (sk_services_save_user_entry (b, only_b, now + 10, &error));
  /* Both rename the shared entry; B's edit is later. */
  edit_a = sk_service_copy (shared, SK_SERVICE_ORIGIN_USER);
  sk_service_set_names (edit_a, "甲的银行", "Bank of A");
  g_assert_true (sk_services_save_user_entry (a, edit_a, now + 20, &error));
  edit_b = sk_service_copy (shared, SK_SERVICE_ORIGIN_USER);
  sk_service_set_names (edit_b, "乙的银行", "Bank of B");
  g_assert_true (sk_services_save_user_entry (b, edit_b, now + 30, &error));
  g_assert_true (sk_services_remove_user_entry (b, "doomed", now + 40, &error));
  g_assert_no_error (error);

  g_assert_true (sk_vault_merge (a, b));
  list = sk_services_list_user_entries (a);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpstr (sk_service_get_id (g_ptr_array_index (list, 0)), ==, "bank-a");
  g_assert_cmpstr (sk_service_get_id (g_ptr_array_index (list, 1)), ==, "bank-b");
  g_assert_cmpstr (sk_service_get_id (g_ptr_array_index (list, 2)), ==, "shared-bank");
  g_assert_cmpstr (sk_service_get_name_en (g_ptr_array_index (list, 2)), ==, "Bank of B");
  g_assert_false (sk_vault_merge (a, b));

  /* Through the file format too. */
  g_clear_pointer (&payload, sk_secret_unref);
  payload = sk_vault_serialize (a, &error);
  g_assert_no_error (error);
  reread = sk_vault_deserialize (sk_secret_get_data (payload), sk_secret_get_size (payload), &error);
  g_assert_no_error (error);
  sk_service_directory_set_vault (directory, reread);
  g_assert_nonnull (sk_service_directory_lookup (directory, "bank-a"));
  g_assert_nonnull (sk_service_directory_lookup (directory, "bank-b"));
  g_assert_null (sk_service_directory_lookup (directory, "doomed"));
}

/* A record of the services section that breaks the schema (by hand, or
 * from a newer version) is left out of the directory, and kept. */
static void
test_user_invalid_record (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  g_autoptr(SkServiceDirectory) directory = builtin ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) list = NULL;
  guint n_builtin = g_list_model_get_n_items (G_LIST_MODEL (directory));

  g_assert_true (json_parser_load_from_data (parser,
    "{\"evil\":{\"uuid\":\"evil\",\"id\":\"evil\",\"name\":{\"en\":\"Evil\"},\"categories\":[\"bank\"],"
    "\"channels\":[{\"kind\":\"hotline\",\"phone\":\"110\"}],\"updated\":1},"
    "\"alias\":{\"uuid\":\"alias\",\"id\":\"wechat\",\"name\":{\"en\":\"Fake WeChat\"},\"categories\":[\"bank\"],\"updated\":1}}",
    -1, NULL));
  sk_vault_set_section (vault, "services", json_parser_get_root (parser));
  list = sk_services_list_user_entries (vault);
  g_assert_cmpuint (list->len, ==, 0);
  sk_service_directory_set_vault (directory, vault);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (directory)), ==, n_builtin);
  g_assert_cmpstr (sk_service_get_name_en (sk_service_directory_lookup (directory, "wechat")), ==, "WeChat");
  g_assert_nonnull (sk_vault_get_section (vault, "services"));
}

/* JSON round trip of an entry. */
static void
test_json_round_trip (void)
{
  g_autoptr(SkServiceDirectory) directory = builtin ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (directory));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkService) service = g_list_model_get_item (G_LIST_MODEL (directory), i);
      g_autoptr(JsonObject) object = sk_service_to_json (service);
      g_autoptr(GError) error = NULL;
      g_autoptr(SkService) again = sk_service_new_from_json (object, SK_SERVICE_ORIGIN_BUILTIN, &error);
      g_autoptr(JsonObject) object2 = NULL;
      g_autoptr(JsonNode) n1 = NULL;
      g_autoptr(JsonNode) n2 = NULL;

      g_assert_no_error (error);
      object2 = sk_service_to_json (again);
      n1 = json_node_init_object (json_node_alloc (), object);
      n2 = json_node_init_object (json_node_alloc (), object2);
      g_assert_true (json_node_equal (n1, n2));
    }
}

static gboolean
found (SkVault    *vault,
       const char *query,
       SkAccount  *account)
{
  g_autoptr(GPtrArray) result = sk_services_find_accounts (vault, query);

  return g_ptr_array_find (result, account, NULL);
}

/* An account is found by the aliases of its directory entry. */
static void
test_account_aliases (void)
{
  g_autoptr(SkVault) vault = sk_vault_new ();
  SkAccount *wechat = sk_account_new_without_code (SK_PROTECTION_SMS);
  SkAccount *alipay = sk_account_new_without_code (SK_PROTECTION_SMS);
  SkAccount *forum = sk_account_new_without_code (SK_PROTECTION_PASSWORD);

  sk_account_set_issuer (wechat, "微信");
  sk_account_set_name (wechat, "zhang");
  sk_account_set_issuer (alipay, "My payments");
  sk_account_set_service (alipay, "alipay");
  sk_account_set_issuer (forum, "Forum");
  sk_vault_add_account (vault, wechat);
  sk_vault_add_account (vault, alipay);
  sk_vault_add_account (vault, forum);

  g_assert_true (found (vault, "weixin", wechat));
  g_assert_true (found (vault, "WeChat", wechat));
  g_assert_true (found (vault, "weixin zhang", wechat));
  g_assert_false (found (vault, "weixin li", wechat));
  g_assert_false (found (vault, "weixin", alipay));
  g_assert_true (found (vault, "zhifubao", alipay));
  g_assert_true (found (vault, "支付宝", alipay));
  g_assert_false (found (vault, "weixin", forum));

  /* The issuer changes: the aliases follow. */
  sk_account_set_issuer (wechat, "Forum two");
  g_assert_false (found (vault, "weixin", wechat));
  g_assert_true (found (vault, "forum two", wechat));

  g_object_unref (wechat);
  g_object_unref (alipay);
  g_object_unref (forum);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/services/builtin-valid", test_builtin_valid);
  g_test_add_func ("/services/invalid-entries", test_invalid_entries);
  g_test_add_func ("/services/search", test_search);
  g_test_add_func ("/services/money", test_money);
  g_test_add_func ("/services/channels", test_channels);
  g_test_add_func ("/services/user-entries", test_user_entries);
  g_test_add_func ("/services/user-merge", test_user_merge);
  g_test_add_func ("/services/account-aliases", test_account_aliases);
  g_test_add_func ("/services/user-invalid-record", test_user_invalid_record);
  g_test_add_func ("/services/json-round-trip", test_json_round_trip);
  return g_test_run ();
}
