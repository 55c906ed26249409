/* sk-services.c: the directory of services, with their official channels
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <sparekey/sk-services.h>

#include "sk-core-resources.h"
#include "sk-inventory-private.h"
#include "sk-records-private.h"
#include "sk-vault-private.h"

G_DEFINE_QUARK (sk-services-error-quark, sk_services_error)

#define RESOURCE_PATH "/io/github/sparekey/core/services.json"

/* Categories ---------------------------------------------------------------- */

typedef struct {
  const char *id;
  const char *label;     /* NC_("service category", …) */
  gboolean    money;
} Category;

/* The money categories are those the recovery plan ranks as "money at
 * risk" without any tag: a wallet, a bank, a payment service, an
 * exchange or a trading platform can lose the user money. */
static const Category category_table[] = {
  { "wallet",   NC_("service category", "Wallet"),           TRUE },
  { "bank",     NC_("service category", "Bank"),             TRUE },
  { "payment",  NC_("service category", "Payment"),          TRUE },
  { "exchange", NC_("service category", "Crypto exchange"),  TRUE },
  { "trading",  NC_("service category", "Trading platform"), TRUE },
  { "email",    NC_("service category", "Email"),            FALSE },
  { "social",   NC_("service category", "Social"),           FALSE },
  { "messaging", NC_("service category", "Messaging"),       FALSE },
  { "game",     NC_("service category", "Games"),            FALSE },
  { "work",     NC_("service category", "Work and development"), FALSE },
  { "shopping", NC_("service category", "Shopping"),         FALSE },
  { "carrier",  NC_("service category", "Mobile carrier"),   FALSE },
  { "travel",   NC_("service category", "Travel"),           FALSE },
  { "cloud",    NC_("service category", "Cloud and storage"), FALSE },
  { "video",    NC_("service category", "Video"),            FALSE },
  { "search",   NC_("service category", "Search and portal"), FALSE },
  { "identity", NC_("service category", "Identity provider"), FALSE },
  { "other",    NC_("service category", "Other"),            FALSE },
};

static const char * const category_ids[] = {
  "wallet", "bank", "payment", "exchange", "trading", "email", "social",
  "messaging", "game", "work", "shopping", "carrier", "travel", "cloud",
  "video", "search", "identity", "other", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (category_ids) == G_N_ELEMENTS (category_table) + 1);

static const Category *
find_category (const char *id)
{
  if (id == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (category_table); i++)
    if (g_str_equal (category_table[i].id, id))
      return &category_table[i];
  return NULL;
}

const char * const *
sk_service_categories (void)
{
  return category_ids;
}

gboolean
sk_service_category_is_known (const char *category)
{
  return find_category (category) != NULL;
}

gboolean
sk_service_category_is_money (const char *category)
{
  const Category *c = find_category (category);

  return c != NULL && c->money;
}

const char *
sk_service_category_get_label (const char *category)
{
  const Category *c = find_category (category);

  if (c == NULL)
    return category;
  return g_dpgettext2 (GETTEXT_PACKAGE, "service category", c->label);
}

/* Channel kinds and factors ------------------------------------------------- */

/* Labels: NC_("service channel", …). */
static const SkNamedValue channel_kinds[SK_SERVICE_N_CHANNEL_KINDS] = {
  { "freeze",   NC_("service channel", "Freeze the account") },
  { "recovery", NC_("service channel", "Recover access") },
  { "appeal",   NC_("service channel", "Appeal") },
  { "hotline",  NC_("service channel", "Hotline") },
  { "support",  NC_("service channel", "Help centre") },
};

const char *
sk_service_channel_kind_to_string (SkServiceChannelKind kind)
{
  g_return_val_if_fail ((guint) kind < SK_SERVICE_N_CHANNEL_KINDS, NULL);
  return channel_kinds[kind].name;
}

gboolean
sk_service_channel_kind_from_string (const char           *text,
                                     SkServiceChannelKind *kind)
{
  int found;

  if (!sk_named_value_lookup (channel_kinds, G_N_ELEMENTS (channel_kinds), text, &found))
    return FALSE;
  *kind = (SkServiceChannelKind) found;
  return TRUE;
}

const char *
sk_service_channel_kind_get_label (SkServiceChannelKind kind)
{
  g_return_val_if_fail ((guint) kind < SK_SERVICE_N_CHANNEL_KINDS, NULL);
  return g_dpgettext2 (GETTEXT_PACKAGE, "service channel", channel_kinds[kind].label);
}

static const struct {
  const char *id;
  const char *label;   /* NC_("second factor", …) */
} factor_kinds[] = {
  { "sms",            NC_("second factor", "SMS code") },
  { "voice",          NC_("second factor", "Voice call") },
  { "email",          NC_("second factor", "Email code") },
  { "totp",           NC_("second factor", "Authenticator app (TOTP)") },
  { "app-prompt",     NC_("second factor", "Prompt in the service's app") },
  { "security-key",   NC_("second factor", "Security key") },
  { "passkey",        NC_("second factor", "Passkey") },
  { "recovery-codes", NC_("second factor", "Recovery codes") },
  { "trusted-device", NC_("second factor", "Trusted device") },
  { "face",           NC_("second factor", "Face verification") },
};

static const char * const factor_ids[] = {
  "sms", "voice", "email", "totp", "app-prompt", "security-key", "passkey",
  "recovery-codes", "trusted-device", "face", NULL
};

G_STATIC_ASSERT (G_N_ELEMENTS (factor_ids) == G_N_ELEMENTS (factor_kinds) + 1);

const char * const *
sk_service_factor_kinds (void)
{
  return factor_ids;
}

const char *
sk_service_factor_get_label (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (factor_kinds); i++)
    if (g_str_equal (factor_kinds[i].id, kind))
      return g_dpgettext2 (GETTEXT_PACKAGE, "second factor", factor_kinds[i].label);
  return kind;
}

static const char * const rule_kinds[] = {
  "cooldown", "waiting-period", "appeal-needs", "limit", NULL
};

/* Normalized text for search ------------------------------------------------- */

/* Folds @text for matching: NFKC first (full-width Ｗｅｃｈａｔ becomes
 * Wechat), then case folding, then NFKD to drop accents (combining marks),
 * and blanks and punctuation are left out, so "We-Chat", "ｗｅ ｃｈａｔ" and
 * "wéchat" all match "wechat". Bounded by SK_SERVICE_MAX_TEXT bytes. */
static char *
normalize (const char *text)
{
  g_autofree char *bounded = NULL;
  g_autofree char *nfkc = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *nfkd = NULL;
  GString *out;
  const char *end = NULL;

  if (text == NULL)
    return g_strdup ("");
  g_utf8_validate (text, -1, &end);
  bounded = g_strndup (text, MIN ((gsize) (end - text), SK_SERVICE_MAX_TEXT));
  /* Do not cut a character in two. */
  if (!g_utf8_validate (bounded, -1, &end))
    bounded[end - bounded] = '\0';
  nfkc = g_utf8_normalize (bounded, -1, G_NORMALIZE_ALL_COMPOSE);
  folded = g_utf8_casefold (nfkc != NULL ? nfkc : bounded, -1);
  nfkd = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);
  out = g_string_new (NULL);
  for (const char *p = nfkd != NULL ? nfkd : folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;
      if (g_unichar_isspace (c) || g_unichar_ispunct (c) || g_unichar_iscntrl (c))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* SkService ------------------------------------------------------------------ */

struct _SkService
{
  GObject parent_instance;

  char *id;
  SkServiceOrigin origin;
  char *name_zh;
  char *name_en;
  GStrv aliases;
  GStrv categories;
  char *homepage;
  GArray *factors;    /* SkServiceFactor */
  GArray *channels;   /* SkServiceChannel */
  GArray *rules;      /* SkServiceRule */

  /* Normalized id, names and aliases, for search. */
  GStrv keys;
};

G_DEFINE_FINAL_TYPE (SkService, sk_service, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DISPLAY_NAME,
  PROP_CATEGORY,
  PROP_ORIGIN,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
factor_clear (SkServiceFactor *f)
{
  g_clear_pointer (&f->kind, g_free);
  g_clear_pointer (&f->source, g_free);
}

static void
channel_clear (SkServiceChannel *c)
{
  g_clear_pointer (&c->phone, g_free);
  g_clear_pointer (&c->url, g_free);
  g_clear_pointer (&c->steps_zh, g_free);
  g_clear_pointer (&c->steps_en, g_free);
  g_clear_pointer (&c->note_zh, g_free);
  g_clear_pointer (&c->note_en, g_free);
  g_clear_pointer (&c->source, g_free);
}

static void
rule_clear (SkServiceRule *r)
{
  g_clear_pointer (&r->kind, g_free);
  g_clear_pointer (&r->text_zh, g_free);
  g_clear_pointer (&r->text_en, g_free);
  g_clear_pointer (&r->source, g_free);
}

static void
channel_copy_into (SkServiceChannel       *dest,
                   const SkServiceChannel *src)
{
  dest->kind = src->kind;
  dest->phone = g_strdup (src->phone);
  dest->url = g_strdup (src->url);
  dest->steps_zh = g_strdup (src->steps_zh);
  dest->steps_en = g_strdup (src->steps_en);
  dest->note_zh = g_strdup (src->note_zh);
  dest->note_en = g_strdup (src->note_en);
  dest->source = g_strdup (src->source);
}

static void
sk_service_finalize (GObject *object)
{
  SkService *self = SK_SERVICE (object);

  g_free (self->id);
  g_free (self->name_zh);
  g_free (self->name_en);
  g_strfreev (self->aliases);
  g_strfreev (self->categories);
  g_free (self->homepage);
  g_array_unref (self->factors);
  g_array_unref (self->channels);
  g_array_unref (self->rules);
  g_strfreev (self->keys);

  G_OBJECT_CLASS (sk_service_parent_class)->finalize (object);
}

static void
sk_service_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SkService *self = SK_SERVICE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, sk_service_get_display_name (self));
      break;
    case PROP_CATEGORY:
      g_value_set_string (value, sk_service_get_category (self));
      break;
    case PROP_ORIGIN:
      g_value_set_int (value, self->origin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sk_service_class_init (SkServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sk_service_finalize;
  object_class->get_property = sk_service_get_property;

  /* Read-only properties, for list item bindings in the app. */
  props[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL,
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_CATEGORY] = g_param_spec_string ("category", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_ORIGIN] = g_param_spec_int ("origin", NULL, NULL,
                                         SK_SERVICE_ORIGIN_BUILTIN, SK_SERVICE_ORIGIN_OVERRIDE,
                                         SK_SERVICE_ORIGIN_BUILTIN,
                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sk_service_init (SkService *self)
{
  self->factors = g_array_new (FALSE, TRUE, sizeof (SkServiceFactor));
  g_array_set_clear_func (self->factors, (GDestroyNotify) factor_clear);
  self->channels = g_array_new (FALSE, TRUE, sizeof (SkServiceChannel));
  g_array_set_clear_func (self->channels, (GDestroyNotify) channel_clear);
  self->rules = g_array_new (FALSE, TRUE, sizeof (SkServiceRule));
  g_array_set_clear_func (self->rules, (GDestroyNotify) rule_clear);
  self->aliases = g_new0 (char *, 1);
  self->categories = g_new0 (char *, 1);
}

/* Recomputes the search keys after a change of id, names or aliases. */
static void
update_keys (SkService *self)
{
  GPtrArray *keys = g_ptr_array_new ();

  g_ptr_array_add (keys, normalize (self->id));
  if (self->name_zh != NULL)
    g_ptr_array_add (keys, normalize (self->name_zh));
  if (self->name_en != NULL)
    g_ptr_array_add (keys, normalize (self->name_en));
  for (guint i = 0; self->aliases[i] != NULL; i++)
    g_ptr_array_add (keys, normalize (self->aliases[i]));
  g_ptr_array_add (keys, NULL);
  g_strfreev (self->keys);
  self->keys = (GStrv) g_ptr_array_free (keys, FALSE);
}

SkService *
sk_service_new (const char *id)
{
  SkService *self;

  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (SK_TYPE_SERVICE, NULL);
  self->id = g_strdup (id);
  self->origin = SK_SERVICE_ORIGIN_USER;
  update_keys (self);
  return self;
}

SkService *
sk_service_copy (SkService       *self,
                 SkServiceOrigin  origin)
{
  SkService *copy;

  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);

  copy = sk_service_new (self->id);
  copy->origin = origin;
  copy->name_zh = g_strdup (self->name_zh);
  copy->name_en = g_strdup (self->name_en);
  sk_service_set_aliases (copy, (const char * const *) self->aliases);
  sk_service_set_categories (copy, (const char * const *) self->categories);
  copy->homepage = g_strdup (self->homepage);
  for (guint i = 0; i < self->factors->len; i++)
    {
      const SkServiceFactor *f = &g_array_index (self->factors, SkServiceFactor, i);
      SkServiceFactor c = { g_strdup (f->kind), g_strdup (f->source) };

      g_array_append_val (copy->factors, c);
    }
  for (guint i = 0; i < self->channels->len; i++)
    {
      SkServiceChannel c = { 0 };

      channel_copy_into (&c, &g_array_index (self->channels, SkServiceChannel, i));
      g_array_append_val (copy->channels, c);
    }
  for (guint i = 0; i < self->rules->len; i++)
    {
      const SkServiceRule *r = &g_array_index (self->rules, SkServiceRule, i);
      SkServiceRule c = { g_strdup (r->kind), g_strdup (r->text_zh),
                          g_strdup (r->text_en), g_strdup (r->source) };

      g_array_append_val (copy->rules, c);
    }
  update_keys (copy);
  return copy;
}

/* Reading JSON ---------------------------------------------------------------- */

static gboolean
invalid (GError    **error,
         const char *id,
         const char *what)
{
  g_set_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID,
               /* Translators: "entry “wechat”: a channel has no source" */
               _("entry “%s”: %s"), id != NULL ? id : "?", what);
  return FALSE;
}

/* A string member, NULL if absent; FALSE (with @error) if present but
 * not a string. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            char       **out,
            const char  *id,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be a string"), member);

      return invalid (error, id, what);
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* A { "zh": …, "en": … } member. */
static gboolean
get_text (JsonObject  *object,
          const char  *member,
          char       **zh,
          char       **en,
          const char  *id,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *zh = *en = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be an object with “zh” and “en”"), member);

      return invalid (error, id, what);
    }
  return get_string (json_node_get_object (node), "zh", zh, id, error) &&
         get_string (json_node_get_object (node), "en", en, id, error);
}

/* An array of strings. */
static gboolean
get_strv (JsonObject  *object,
          const char  *member,
          GStrv       *out,
          const char  *id,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = g_strv_builder_end (builder);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *what = g_strdup_printf (_("“%s” must be an array of strings"), member);

      return invalid (error, id, what);
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        {
          g_autofree char *what = g_strdup_printf (_("“%s” must be an array of strings"), member);

          return invalid (error, id, what);
        }
      g_strv_builder_add (builder, json_node_get_string (element));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

/* The objects of an array member (borrowed), or NULL with @error. */
static JsonArray *
get_object_array (JsonObject  *object,
                  const char  *member,
                  const char  *id,
                  GError     **error)
{
  static JsonArray *empty = NULL;
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, json_array_new ());
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return empty;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      goto bad;
  return array;

bad:
  {
    g_autofree char *what = g_strdup_printf (_("“%s” must be an array of objects"), member);

    invalid (error, id, what);
    return NULL;
  }
}

SkService *
sk_service_new_from_json (JsonObject       *object,
                          SkServiceOrigin   origin,
                          GError          **error)
{
  g_autoptr(SkService) self = NULL;
  g_autofree char *id = NULL;
  JsonArray *array;

  g_return_val_if_fail (object != NULL, NULL);

  if (!get_string (object, "id", &id, NULL, error))
    return NULL;
  if (id == NULL)
    {
      invalid (error, NULL, _("the entry has no “id”"));
      return NULL;
    }
  self = sk_service_new (id);
  self->origin = origin;
  g_strfreev (self->aliases);
  g_strfreev (self->categories);
  self->aliases = self->categories = NULL;
  if (!get_text (object, "name", &self->name_zh, &self->name_en, id, error) ||
      !get_strv (object, "aliases", &self->aliases, id, error) ||
      !get_strv (object, "categories", &self->categories, id, error) ||
      !get_string (object, "homepage", &self->homepage, id, error))
    {
      if (self->aliases == NULL)
        self->aliases = g_new0 (char *, 1);
      if (self->categories == NULL)
        self->categories = g_new0 (char *, 1);
      return NULL;
    }

  if ((array = get_object_array (object, "factors", id, error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SkServiceFactor f = { 0 };

      if (!get_string (o, "kind", &f.kind, id, error) ||
          !get_string (o, "source", &f.source, id, error))
        {
          factor_clear (&f);
          return NULL;
        }
      g_array_append_val (self->factors, f);
    }

  if ((array = get_object_array (object, "channels", id, error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SkServiceChannel c = { 0 };
      g_autofree char *kind = NULL;

      if (!get_string (o, "kind", &kind, id, error) ||
          !get_string (o, "phone", &c.phone, id, error) ||
          !get_string (o, "url", &c.url, id, error) ||
          !get_text (o, "steps", &c.steps_zh, &c.steps_en, id, error) ||
          !get_text (o, "note", &c.note_zh, &c.note_en, id, error) ||
          !get_string (o, "source", &c.source, id, error))
        {
          channel_clear (&c);
          return NULL;
        }
      if (!sk_service_channel_kind_from_string (kind, &c.kind))
        {
          g_autofree char *what = g_strdup_printf (_("unknown channel kind “%s”"), kind != NULL ? kind : "");

          channel_clear (&c);
          invalid (error, id, what);
          return NULL;
        }
      g_array_append_val (self->channels, c);
    }

  if ((array = get_object_array (object, "rules", id, error)) == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      SkServiceRule r = { 0 };

      if (!get_string (o, "kind", &r.kind, id, error) ||
          !get_text (o, "text", &r.text_zh, &r.text_en, id, error) ||
          !get_string (o, "source", &r.source, id, error))
        {
          rule_clear (&r);
          return NULL;
        }
      g_array_append_val (self->rules, r);
    }

  update_keys (self);
  if (!sk_service_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Writing JSON ---------------------------------------------------------------- */

static void
set_text (JsonObject *object,
          const char *member,
          const char *zh,
          const char *en)
{
  JsonObject *text;

  if (zh == NULL && en == NULL)
    return;
  text = json_object_new ();
  if (zh != NULL)
    json_object_set_string_member (text, "zh", zh);
  if (en != NULL)
    json_object_set_string_member (text, "en", en);
  json_object_set_object_member (object, member, text);
}

static JsonArray *
strv_to_array (const char * const *strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

JsonObject *
sk_service_to_json (SkService *self)
{
  JsonObject *object;
  JsonArray *array;

  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);

  object = json_object_new ();
  json_object_set_string_member (object, "id", self->id);
  set_text (object, "name", self->name_zh, self->name_en);
  json_object_set_array_member (object, "aliases", strv_to_array ((const char * const *) self->aliases));
  json_object_set_array_member (object, "categories", strv_to_array ((const char * const *) self->categories));
  if (self->homepage != NULL)
    json_object_set_string_member (object, "homepage", self->homepage);

  array = json_array_new ();
  for (guint i = 0; i < self->factors->len; i++)
    {
      const SkServiceFactor *f = &g_array_index (self->factors, SkServiceFactor, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", f->kind);
      sk_records_set_string (o, "source", f->source);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "factors", array);

  array = json_array_new ();
  for (guint i = 0; i < self->channels->len; i++)
    {
      const SkServiceChannel *c = &g_array_index (self->channels, SkServiceChannel, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", sk_service_channel_kind_to_string (c->kind));
      sk_records_set_string (o, "phone", c->phone);
      sk_records_set_string (o, "url", c->url);
      set_text (o, "steps", c->steps_zh, c->steps_en);
      set_text (o, "note", c->note_zh, c->note_en);
      sk_records_set_string (o, "source", c->source);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "channels", array);

  array = json_array_new ();
  for (guint i = 0; i < self->rules->len; i++)
    {
      const SkServiceRule *r = &g_array_index (self->rules, SkServiceRule, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "kind", r->kind);
      set_text (o, "text", r->text_zh, r->text_en);
      sk_records_set_string (o, "source", r->source);
      json_array_add_object_element (array, o);
    }
  json_object_set_array_member (object, "rules", array);
  return object;
}

/* Validation ------------------------------------------------------------------ */

/* Bounded, valid UTF-8, no control characters: names reach terminals
 * and labels. */
static gboolean
check_bounded (const char  *text,
               gsize        max,
               const char  *what,
               const char  *id,
               GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (!g_utf8_validate (text, -1, NULL) || *text == '\0' || strlen (text) > max)
    goto bad;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      goto bad;
  return TRUE;

bad:
  {
    g_autofree char *message = g_strdup_printf (_("%s must be non-empty text of at most %u bytes without control characters"),
                                                what, (guint) max);

    return invalid (error, id, message);
  }
}

/* Steps, notes and rules. */
static gboolean
check_text (const char  *text,
            const char  *what,
            const char  *id,
            GError     **error)
{
  return check_bounded (text, SK_SERVICE_MAX_TEXT, what, id, error);
}

/* Names and aliases: short, they fill list rows and terminal columns. */
static gboolean
check_name (const char  *text,
            const char  *what,
            const char  *id,
            GError     **error)
{
  return check_bounded (text, SK_SERVICE_MAX_NAME, what, id, error);
}

/* An absolute https address of a host, as GLib parses it. */
static gboolean
is_https_url (const char *text)
{
  g_autoptr(GUri) uri = NULL;

  if (text == NULL || strlen (text) > SK_SERVICE_MAX_TEXT)
    return FALSE;
  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && g_strcmp0 (g_uri_get_scheme (uri), "https") == 0 &&
         g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

static gboolean
check_source (const char  *source,
              const char  *what,
              const char  *id,
              GError     **error)
{
  g_autofree char *message = NULL;

  if (is_https_url (source))
    return TRUE;
  /* Translators: %s is what lacks it ("a channel", "a rule", …). */
  message = g_strdup_printf (_("%s has no https source address (every fact needs the page it was taken from)"), what);
  return invalid (error, id, message);
}

/* A telephone number as a person dials it: digits, "+", "-", blanks. */
static gboolean
is_phone (const char *text)
{
  guint digits = 0;

  if (text == NULL || strlen (text) > 32)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (*p != '+' && *p != '-' && *p != ' ')
        return FALSE;
    }
  return digits >= 3;
}

static gboolean
is_valid_id (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  if (len == 0 || len > SK_SERVICE_MAX_ID || !g_ascii_isalnum (id[0]))
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '-' || *p == '.'))
      return FALSE;
  return TRUE;
}

static gboolean
strv_contains (const char * const *strv,
               const char         *text)
{
  return text != NULL && g_strv_contains (strv, text);
}

gboolean
sk_service_validate (SkService  *self,
                     GError    **error)
{
  const char *id;

  g_return_val_if_fail (SK_IS_SERVICE (self), FALSE);
  id = self->id;

  if (!is_valid_id (id))
    return invalid (error, id, _("the id must be 1 to 64 lower-case letters, digits, “-” or “.”"));
  if (self->name_zh == NULL && self->name_en == NULL)
    return invalid (error, id, _("the entry needs a name (“zh” or “en”)"));
  if (!check_name (self->name_zh, _("the Chinese name"), id, error) ||
      !check_name (self->name_en, _("the English name"), id, error))
    return FALSE;
  if (g_strv_length (self->aliases) > SK_SERVICE_MAX_ITEMS ||
      g_strv_length (self->categories) > SK_SERVICE_MAX_ITEMS ||
      self->factors->len > SK_SERVICE_MAX_ITEMS || self->channels->len > SK_SERVICE_MAX_ITEMS ||
      self->rules->len > SK_SERVICE_MAX_ITEMS)
    return invalid (error, id, _("too many aliases, categories, factors, channels or rules"));
  for (guint i = 0; self->aliases[i] != NULL; i++)
    if (!check_name (self->aliases[i], _("an alias"), id, error))
      return FALSE;
  if (self->categories[0] == NULL)
    return invalid (error, id, _("the entry needs a category"));
  for (guint i = 0; self->categories[i] != NULL; i++)
    if (!sk_service_category_is_known (self->categories[i]))
      {
        g_autofree char *what = g_strdup_printf (_("unknown category “%s”"), self->categories[i]);

        return invalid (error, id, what);
      }
  if (self->homepage != NULL && !is_https_url (self->homepage))
    return invalid (error, id, _("the home page must be an https address"));

  for (guint i = 0; i < self->factors->len; i++)
    {
      const SkServiceFactor *f = &g_array_index (self->factors, SkServiceFactor, i);

      if (!strv_contains (factor_ids, f->kind))
        {
          g_autofree char *what = g_strdup_printf (_("unknown second factor “%s”"), f->kind != NULL ? f->kind : "");

          return invalid (error, id, what);
        }
      if (!check_source (f->source, _("a second factor"), id, error))
        return FALSE;
    }

  for (guint i = 0; i < self->channels->len; i++)
    {
      const SkServiceChannel *c = &g_array_index (self->channels, SkServiceChannel, i);
      guint ways = (c->phone != NULL) + (c->url != NULL) +
                   (c->steps_zh != NULL || c->steps_en != NULL);

      if (ways != 1)
        return invalid (error, id, _("a channel needs exactly one of a phone number, an address or steps"));
      if (c->phone != NULL && !is_phone (c->phone))
        return invalid (error, id, _("a phone number may hold only digits, “+”, “-” and blanks"));
      if (c->url != NULL && !is_https_url (c->url))
        return invalid (error, id, _("a channel's address must be https"));
      if (!check_text (c->steps_zh, _("steps"), id, error) ||
          !check_text (c->steps_en, _("steps"), id, error) ||
          !check_text (c->note_zh, _("a note"), id, error) ||
          !check_text (c->note_en, _("a note"), id, error) ||
          !check_source (c->source, _("a channel"), id, error))
        return FALSE;
    }

  for (guint i = 0; i < self->rules->len; i++)
    {
      const SkServiceRule *r = &g_array_index (self->rules, SkServiceRule, i);

      if (!strv_contains (rule_kinds, r->kind))
        {
          g_autofree char *what = g_strdup_printf (_("unknown rule kind “%s”"), r->kind != NULL ? r->kind : "");

          return invalid (error, id, what);
        }
      if (r->text_zh == NULL || r->text_en == NULL)
        return invalid (error, id, _("a rule needs its text in Chinese and English"));
      if (!check_text (r->text_zh, _("a rule"), id, error) ||
          !check_text (r->text_en, _("a rule"), id, error) ||
          !check_source (r->source, _("a rule"), id, error))
        return FALSE;
    }
  return TRUE;
}

/* Getters and setters --------------------------------------------------------- */

const char *
sk_service_get_id (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return self->id;
}

SkServiceOrigin
sk_service_get_origin (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), SK_SERVICE_ORIGIN_BUILTIN);
  return self->origin;
}

const char *
sk_service_get_name_zh (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return self->name_zh;
}

const char *
sk_service_get_name_en (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return self->name_en;
}

/* Whether the user reads Chinese: the first language of the message
 * catalogue (LANGUAGE, LC_ALL, LC_MESSAGES, LANG) is zh*. */
static gboolean
prefers_chinese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "zh");
}

static const char *in_language (const char *zh,
                                const char *en);

const char *
sk_service_get_display_name (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);

  return in_language (self->name_zh, self->name_en);
}

const char * const *
sk_service_get_aliases (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return (const char * const *) self->aliases;
}

const char * const *
sk_service_get_categories (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return (const char * const *) self->categories;
}

const char *
sk_service_get_category (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return self->categories[0] != NULL ? self->categories[0] : "other";
}

gboolean
sk_service_is_money (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), FALSE);

  for (guint i = 0; self->categories[i] != NULL; i++)
    if (sk_service_category_is_money (self->categories[i]))
      return TRUE;
  return FALSE;
}

const char *
sk_service_get_homepage (SkService *self)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  return self->homepage;
}

const SkServiceFactor *
sk_service_get_factors (SkService *self,
                        guint     *n_factors)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  *n_factors = self->factors->len;
  return (const SkServiceFactor *) self->factors->data;
}

const SkServiceChannel *
sk_service_get_channels (SkService *self,
                         guint     *n_channels)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  *n_channels = self->channels->len;
  return (const SkServiceChannel *) self->channels->data;
}

const SkServiceChannel *
sk_service_get_channel (SkService            *self,
                        SkServiceChannelKind  kind)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);

  for (guint i = 0; i < self->channels->len; i++)
    if (g_array_index (self->channels, SkServiceChannel, i).kind == kind)
      return &g_array_index (self->channels, SkServiceChannel, i);
  return NULL;
}

const SkServiceRule *
sk_service_get_rules (SkService *self,
                      guint     *n_rules)
{
  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);
  *n_rules = self->rules->len;
  return (const SkServiceRule *) self->rules->data;
}

const SkServiceChannel *
sk_service_pick_channel (SkService     *self,
                         SkServiceStep  step)
{
  static const SkServiceChannelKind freeze_order[] = {
    SK_SERVICE_CHANNEL_FREEZE, SK_SERVICE_CHANNEL_HOTLINE,
  };
  static const SkServiceChannelKind appeal_order[] = {
    SK_SERVICE_CHANNEL_APPEAL, SK_SERVICE_CHANNEL_RECOVERY,
    SK_SERVICE_CHANNEL_HOTLINE, SK_SERVICE_CHANNEL_SUPPORT,
  };
  const SkServiceChannelKind *order;
  guint n;

  g_return_val_if_fail (SK_IS_SERVICE (self), NULL);

  if (step == SK_SERVICE_STEP_FREEZE)
    {
      order = freeze_order;
      n = G_N_ELEMENTS (freeze_order);
    }
  else
    {
      order = appeal_order;
      n = G_N_ELEMENTS (appeal_order);
    }
  for (guint i = 0; i < n; i++)
    {
      const SkServiceChannel *channel = sk_service_get_channel (self, order[i]);

      if (channel != NULL)
        return channel;
    }
  return NULL;
}

/* @zh or @en, whichever the user reads, else the other one. */
static const char *
in_language (const char *zh,
             const char *en)
{
  if (prefers_chinese ())
    return zh != NULL ? zh : en;
  return en != NULL ? en : zh;
}

const char *
sk_service_channel_get_value (const SkServiceChannel *channel)
{
  g_return_val_if_fail (channel != NULL, NULL);

  if (channel->phone != NULL)
    return channel->phone;
  if (channel->url != NULL)
    return channel->url;
  return in_language (channel->steps_zh, channel->steps_en);
}

const char *
sk_service_channel_get_note (const SkServiceChannel *channel)
{
  g_return_val_if_fail (channel != NULL, NULL);
  return in_language (channel->note_zh, channel->note_en);
}

const char *
sk_service_rule_get_text (const SkServiceRule *rule)
{
  g_return_val_if_fail (rule != NULL, NULL);
  return in_language (rule->text_zh, rule->text_en);
}

static char *
dup_or_null (const char *text)
{
  return text != NULL && *text != '\0' ? g_strdup (text) : NULL;
}

void
sk_service_set_names (SkService  *self,
                      const char *name_zh,
                      const char *name_en)
{
  g_return_if_fail (SK_IS_SERVICE (self));

  g_free (self->name_zh);
  g_free (self->name_en);
  self->name_zh = dup_or_null (name_zh);
  self->name_en = dup_or_null (name_en);
  update_keys (self);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_DISPLAY_NAME]);
}

void
sk_service_set_aliases (SkService          *self,
                        const char * const *aliases)
{
  g_return_if_fail (SK_IS_SERVICE (self));

  g_strfreev (self->aliases);
  self->aliases = aliases != NULL ? g_strdupv ((char **) aliases) : g_new0 (char *, 1);
  update_keys (self);
}

void
sk_service_set_categories (SkService          *self,
                           const char * const *categories)
{
  g_return_if_fail (SK_IS_SERVICE (self));

  g_strfreev (self->categories);
  self->categories = categories != NULL ? g_strdupv ((char **) categories) : g_new0 (char *, 1);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CATEGORY]);
}

void
sk_service_set_homepage (SkService  *self,
                         const char *homepage)
{
  g_return_if_fail (SK_IS_SERVICE (self));

  g_free (self->homepage);
  self->homepage = dup_or_null (homepage);
}

void
sk_service_set_channel (SkService              *self,
                        const SkServiceChannel *channel)
{
  SkServiceChannel copy = { 0 };
  guint at = G_MAXUINT;

  g_return_if_fail (SK_IS_SERVICE (self));
  g_return_if_fail (channel != NULL && (guint) channel->kind < SK_SERVICE_N_CHANNEL_KINDS);

  /* The new channel takes the place of the first one of its kind, so the
   * order the entry gives its channels in is kept. */
  for (guint i = self->channels->len; i > 0; i--)
    if (g_array_index (self->channels, SkServiceChannel, i - 1).kind == channel->kind)
      {
        g_array_remove_index (self->channels, i - 1);
        at = i - 1;
      }
  if (channel->phone == NULL && channel->url == NULL &&
      channel->steps_zh == NULL && channel->steps_en == NULL)
    return;
  channel_copy_into (&copy, channel);
  if (at == G_MAXUINT || at > self->channels->len)
    g_array_append_val (self->channels, copy);
  else
    g_array_insert_val (self->channels, at, copy);
}

/* Matching -------------------------------------------------------------------- */

/* 3: a key equals @needle; 2: a key starts with it; 1: contains it. */
static int
match_score (SkService  *self,
             const char *needle)
{
  int best = 0;

  if (*needle == '\0')
    return 1;
  for (guint i = 0; self->keys[i] != NULL && best < 3; i++)
    {
      const char *key = self->keys[i];

      if (g_str_equal (key, needle))
        best = 3;
      else if (best < 2 && g_str_has_prefix (key, needle))
        best = 2;
      else if (best < 1 && strstr (key, needle) != NULL)
        best = 1;
    }
  return best;
}

/* SkServiceDirectory ----------------------------------------------------------- */

struct _SkServiceDirectory
{
  GObject parent_instance;

  GPtrArray *builtin;     /* SkService, data order */
  GHashTable *by_id;      /* id -> SkService (effective) */
  GPtrArray *items;       /* SkService, the list model */
  /* For sk_service_directory_match_issuer(), built on first use after a
   * rebuild: every normalized key -> its SkService, or AMBIGUOUS when two
   * entries share it; and issuers already asked about -> the answer. The
   * recovery plan asks once per account, several times per plan. */
  GHashTable *by_key;
  GHashTable *by_issuer;
};

/* A key two entries share: no single entry matches it. */
static SkService ambiguous_marker;
#define AMBIGUOUS (&ambiguous_marker)
/* Issuers remembered at most (then forgotten at once): bounded memory
 * for a vault of many different issuers. */
#define MAX_REMEMBERED_ISSUERS 8192

static void sk_service_directory_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (SkServiceDirectory, sk_service_directory, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      sk_service_directory_list_model_init))

static GType
directory_get_item_type (GListModel *model)
{
  return SK_TYPE_SERVICE;
}

static guint
directory_get_n_items (GListModel *model)
{
  return SK_SERVICE_DIRECTORY (model)->items->len;
}

static gpointer
directory_get_item (GListModel *model,
                    guint       position)
{
  SkServiceDirectory *self = SK_SERVICE_DIRECTORY (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
sk_service_directory_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = directory_get_item_type;
  iface->get_n_items = directory_get_n_items;
  iface->get_item = directory_get_item;
}

static void
sk_service_directory_finalize (GObject *object)
{
  SkServiceDirectory *self = SK_SERVICE_DIRECTORY (object);

  g_ptr_array_unref (self->builtin);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_issuer, g_hash_table_unref);

  G_OBJECT_CLASS (sk_service_directory_parent_class)->finalize (object);
}

static void
sk_service_directory_class_init (SkServiceDirectoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sk_service_directory_finalize;
}

static void
sk_service_directory_init (SkServiceDirectory *self)
{
  self->builtin = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Rebuilds the effective list: built-in entries in data order (each
 * replaced by its override, if any), then the user's own entries. */
static void
rebuild (SkServiceDirectory *self,
         GPtrArray          *user)
{
  guint removed = self->items->len;
  g_autoptr(GHashTable) user_by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; user != NULL && i < user->len; i++)
    {
      SkService *s = g_ptr_array_index (user, i);

      g_hash_table_insert (user_by_id, s->id, s);
    }

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->by_issuer, g_hash_table_unref);
  for (guint i = 0; i < self->builtin->len; i++)
    {
      SkService *s = g_ptr_array_index (self->builtin, i);
      SkService *mine = g_hash_table_lookup (user_by_id, s->id);

      if (mine != NULL)
        {
          mine->origin = SK_SERVICE_ORIGIN_OVERRIDE;
          s = mine;
        }
      g_ptr_array_add (self->items, g_object_ref (s));
      g_hash_table_insert (self->by_id, s->id, s);
    }
  for (guint i = 0; user != NULL && i < user->len; i++)
    {
      SkService *s = g_ptr_array_index (user, i);

      if (g_hash_table_contains (self->by_id, s->id))
        continue;
      s->origin = SK_SERVICE_ORIGIN_USER;
      g_ptr_array_add (self->items, g_object_ref (s));
      g_hash_table_insert (self->by_id, s->id, s);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->items->len);
}

SkServiceDirectory *
sk_service_directory_new_from_data (const char  *data,
                                    gssize       length,
                                    GError     **error)
{
  g_autoptr(SkServiceDirectory) self = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *root;
  JsonNode *services;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, error))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (services = json_object_get_member (json_node_get_object (root), "services")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (services))
    {
      g_set_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID,
                   _("the directory must be an object with a “services” array"));
      return NULL;
    }

  self = g_object_new (SK_TYPE_SERVICE_DIRECTORY, NULL);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (services)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (services), i);
      SkService *service;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID,
                       _("entry %u is not an object"), i + 1);
          return NULL;
        }
      service = sk_service_new_from_json (json_node_get_object (node),
                                          SK_SERVICE_ORIGIN_BUILTIN, error);
      if (service == NULL)
        return NULL;
      g_ptr_array_add (self->builtin, service);
      if (!g_hash_table_add (seen, service->id))
        {
          g_set_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID,
                       _("two entries have the id “%s”"), service->id);
          return NULL;
        }
    }
  rebuild (self, NULL);
  return g_steal_pointer (&self);
}

SkServiceDirectory *
sk_service_directory_new (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size = 0;
  const char *data;

  /* Looked up in the core's own resource bundle: naming the bundle keeps
   * its object file linked in from the static library. */
  bytes = g_resource_lookup_data (sk_core_get_resource (), RESOURCE_PATH,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return sk_service_directory_new_from_data (data, (gssize) size, error);
}

SkService *
sk_service_directory_lookup (SkServiceDirectory *self,
                             const char         *id)
{
  g_return_val_if_fail (SK_IS_SERVICE_DIRECTORY (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->by_id, id) : NULL;
}

SkService *
sk_service_directory_lookup_builtin (SkServiceDirectory *self,
                                     const char         *id)
{
  g_return_val_if_fail (SK_IS_SERVICE_DIRECTORY (self), NULL);

  for (guint i = 0; id != NULL && i < self->builtin->len; i++)
    {
      SkService *s = g_ptr_array_index (self->builtin, i);

      if (g_str_equal (s->id, id))
        return s;
    }
  return NULL;
}

typedef struct {
  SkService *service;
  int score;
  guint position;
} Hit;

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a, *y = b;

  if (x->score != y->score)
    return y->score - x->score;
  return (x->position > y->position) - (x->position < y->position);
}

GPtrArray *
sk_service_directory_search (SkServiceDirectory *self,
                             const char         *query,
                             guint               max_results)
{
  g_autofree char *needle = NULL;
  g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (Hit));
  GPtrArray *result = g_ptr_array_new ();
  const char *end = NULL;
  g_autofree char *bounded = NULL;

  g_return_val_if_fail (SK_IS_SERVICE_DIRECTORY (self), result);

  /* A query longer than any name cannot match one: bound the work. */
  query = query != NULL ? query : "";
  g_utf8_validate (query, -1, &end);
  bounded = g_strndup (query, (gsize) (end - query));
  if (g_utf8_strlen (bounded, -1) > SK_SERVICE_MAX_QUERY)
    *g_utf8_offset_to_pointer (bounded, SK_SERVICE_MAX_QUERY) = '\0';
  needle = normalize (bounded);

  for (guint i = 0; i < self->items->len; i++)
    {
      Hit hit = { g_ptr_array_index (self->items, i), 0, i };

      hit.score = match_score (hit.service, needle);
      if (hit.score > 0)
        g_array_append_val (hits, hit);
    }
  g_array_sort (hits, compare_hits);
  for (guint i = 0; i < hits->len && (max_results == 0 || i < max_results); i++)
    g_ptr_array_add (result, g_array_index (hits, Hit, i).service);
  return result;
}

SkService *
sk_service_directory_match_issuer (SkServiceDirectory *self,
                                   const char         *issuer)
{
  g_autofree char *needle = NULL;
  SkService *found = NULL;

  g_return_val_if_fail (SK_IS_SERVICE_DIRECTORY (self), NULL);

  if (issuer == NULL)
    return NULL;
  if (self->by_issuer != NULL &&
      g_hash_table_lookup_extended (self->by_issuer, issuer, NULL, (gpointer *) &found))
    return found;

  if (self->by_key == NULL)
    {
      self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < self->items->len; i++)
        {
          SkService *s = g_ptr_array_index (self->items, i);

          for (guint k = 0; s->keys[k] != NULL; k++)
            {
              SkService *other = g_hash_table_lookup (self->by_key, s->keys[k]);

              g_hash_table_insert (self->by_key, s->keys[k],
                                   other == NULL || other == s ? s : AMBIGUOUS);
            }
        }
    }
  needle = normalize (issuer);
  found = *needle != '\0' ? g_hash_table_lookup (self->by_key, needle) : NULL;
  if (found == AMBIGUOUS)
    found = NULL;

  if (self->by_issuer == NULL || g_hash_table_size (self->by_issuer) >= MAX_REMEMBERED_ISSUERS)
    {
      g_clear_pointer (&self->by_issuer, g_hash_table_unref);
      self->by_issuer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  g_hash_table_insert (self->by_issuer, g_strdup (issuer), found);
  return found;
}

/* The user's entries in the vault --------------------------------------------- */

gboolean
sk_services_save_user_entry (SkVault    *vault,
                             SkService  *service,
                             gint64      now,
                             GError    **error)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (SK_IS_SERVICE (service), FALSE);

  if (!sk_service_validate (service, error))
    return FALSE;
  /* The record's key is the service id, the same on every device, so two
   * devices correcting the same entry merge by last update. */
  sk_records_put (vault, SK_SECTION_SERVICES, service->id,
                  sk_service_to_json (service), now);
  return TRUE;
}

gboolean
sk_services_remove_user_entry (SkVault    *vault,
                               const char *id,
                               gint64      now,
                               GError    **error)
{
  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);

  if (id == NULL || !sk_records_delete (vault, SK_SECTION_SERVICES, id, now))
    {
      g_set_error (error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_NOT_FOUND,
                   _("you have no entry of your own with the id “%s”"), id != NULL ? id : "");
      return FALSE;
    }
  return TRUE;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  SkService *x = *(SkService **) a, *y = *(SkService **) b;

  return strcmp (x->id, y->id);
}

GPtrArray *
sk_services_list_user_entries (SkVault *vault)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SK_IS_VAULT (vault), result);

  records = sk_records_list (vault, SK_SECTION_SERVICES, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = g_ptr_array_index (records, i);
      g_autoptr(GError) error = NULL;
      SkService *service = sk_service_new_from_json (record, SK_SERVICE_ORIGIN_USER, &error);

      /* The record key is the id: a record whose "id" was changed by hand
       * would shadow another entry. */
      if (service != NULL && g_strcmp0 (sk_records_get_string (record, "uuid"), service->id) != 0)
        {
          g_clear_object (&service);
          g_set_error (&error, SK_SERVICES_ERROR, SK_SERVICES_ERROR_INVALID,
                       "record key and id differ");
        }
      if (service == NULL)
        {
          /* Kept untouched in the vault (a newer version may understand
           * it); only left out of the directory. */
          g_message ("Skipping a service entry of the vault: %s", error->message);
          continue;
        }
      g_ptr_array_add (result, service);
    }
  g_ptr_array_sort (result, compare_ids);
  return result;
}

void
sk_service_directory_set_vault (SkServiceDirectory *self,
                                SkVault            *vault)
{
  g_autoptr(GPtrArray) user = NULL;

  g_return_if_fail (SK_IS_SERVICE_DIRECTORY (self));

  if (vault != NULL)
    user = sk_services_list_user_entries (vault);
  rebuild (self, user);
}

/* The directory kept with a vault ----------------------------------------- */

/* The core (money ranking, the recovery plan) consults the directory with
 * the vault's own entries; one copy per vault, re-read lazily when the
 * user's entries change, so that a plan over thousands of accounts does
 * not parse the built-in document again. */
typedef struct {
  SkServiceDirectory *directory;
  gboolean            stale;
  guint               generation;  /* bumped on every re-read */
} VaultDirectory;

static void
vault_directory_free (VaultDirectory *vd)
{
  g_clear_object (&vd->directory);
  g_free (vd);
}

static void
vault_directory_record_changed (SkVault    *vault,
                                const char *section,
                                const char *uuid,
                                JsonObject *before,
                                JsonObject *after,
                                gpointer    data)
{
  VaultDirectory *vd = data;

  if (g_strcmp0 (section, SK_SECTION_SERVICES) == 0)
    vd->stale = TRUE;
}

static void
vault_directory_section_changed (SkVault    *vault,
                                 const char *section,
                                 gpointer    data)
{
  VaultDirectory *vd = data;

  if (section == NULL || g_str_equal (section, SK_SECTION_SERVICES))
    vd->stale = TRUE;
}

static const SkVaultListener vault_directory_listener = {
  vault_directory_record_changed,
  vault_directory_section_changed,
};

static GQuark
vault_directory_quark (void)
{
  return g_quark_from_static_string ("sk-vault-directory");
}

SkServiceDirectory *
sk_services_for_vault (SkVault *vault)
{
  VaultDirectory *vd;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  vd = g_object_get_qdata (G_OBJECT (vault), vault_directory_quark ());
  if (vd == NULL)
    {
      g_autoptr(GError) error = NULL;

      vd = g_new0 (VaultDirectory, 1);
      vd->directory = sk_service_directory_new (&error);
      if (vd->directory == NULL)
        g_warning ("The service directory cannot be read: %s", error->message);
      vd->stale = TRUE;
      g_object_set_qdata_full (G_OBJECT (vault), vault_directory_quark (), vd,
                               (GDestroyNotify) vault_directory_free);
      /* Lives as long as the vault (qdata), like the inventory. */
      sk_vault_add_listener (vault, &vault_directory_listener, vd);
    }
  if (vd->directory != NULL && vd->stale)
    {
      vd->stale = FALSE;
      vd->generation++;
      sk_service_directory_set_vault (vd->directory, vault);
    }
  return vd->directory;
}

SkService *
sk_services_for_account (SkVault   *vault,
                         SkAccount *account)
{
  SkServiceDirectory *directory = sk_services_for_vault (vault);
  const char *id;
  SkService *service = NULL;

  if (directory == NULL)
    return NULL;
  id = sk_account_get_service (account);
  if (id != NULL && *id != '\0')
    service = sk_service_directory_lookup (directory, id);
  if (service == NULL && sk_account_get_issuer (account) != NULL)
    service = sk_service_directory_match_issuer (directory, sk_account_get_issuer (account));
  return service;
}

SkService *
sk_services_prefill_account (SkVault   *vault,
                             SkAccount *account)
{
  SkService *service;
  const char *issuer;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (SK_IS_ACCOUNT (account), NULL);

  service = sk_services_for_account (vault, account);
  if (service == NULL)
    return NULL;
  if (sk_account_get_service (account) == NULL)
    sk_account_set_service (account, sk_service_get_id (service));
  if (sk_account_get_category (account) == NULL && sk_service_get_category (service) != NULL)
    {
      const char * const *categories = sk_service_get_categories (service);
      const char *category = sk_service_get_category (service);

      /* 微信 is messaging first, but it holds a wallet: the category an
       * account keeps should say money when the service does. */
      for (guint i = 0; categories[i] != NULL; i++)
        if (sk_service_category_is_money (categories[i]))
          {
            category = categories[i];
            break;
          }
      sk_account_set_category (account, category);
    }
  issuer = sk_account_get_issuer (account);
  if (issuer == NULL || *issuer == '\0')
    sk_account_set_issuer (account, sk_service_get_display_name (service));
  return service;
}

static GQuark
annotation_quark (void)
{
  return g_quark_from_static_string ("sk-services-annotation");
}

void
sk_services_annotate_account (SkVault   *vault,
                              SkAccount *account)
{
  VaultDirectory *vd;
  g_autofree char *key = NULL;
  g_autoptr(GString) extra = NULL;
  SkService *service;

  g_return_if_fail (SK_IS_VAULT (vault));
  g_return_if_fail (SK_IS_ACCOUNT (account));

  if (sk_services_for_vault (vault) == NULL)
    return;
  vd = g_object_get_qdata (G_OBJECT (vault), vault_directory_quark ());
  /* What the entry was found by last time: most calls stop here. */
  key = g_strdup_printf ("%u\x1f%s\x1f%s", vd->generation,
                         sk_account_get_issuer (account) != NULL ? sk_account_get_issuer (account) : "",
                         sk_account_get_service (account) != NULL ? sk_account_get_service (account) : "");
  if (g_strcmp0 (g_object_get_qdata (G_OBJECT (account), annotation_quark ()), key) == 0)
    return;
  service = sk_services_for_account (vault, account);
  if (service != NULL)
    {
      const char * const *aliases = sk_service_get_aliases (service);

      extra = g_string_new (NULL);
      if (sk_service_get_name_zh (service) != NULL)
        g_string_append_printf (extra, "%s\n", sk_service_get_name_zh (service));
      if (sk_service_get_name_en (service) != NULL)
        g_string_append_printf (extra, "%s\n", sk_service_get_name_en (service));
      for (guint i = 0; aliases != NULL && aliases[i] != NULL; i++)
        g_string_append_printf (extra, "%s\n", aliases[i]);
    }
  sk_account_set_search_extra (account, extra != NULL ? extra->str : NULL);
  g_object_set_qdata_full (G_OBJECT (account), annotation_quark (), g_steal_pointer (&key), g_free);
}

GPtrArray *
sk_services_find_accounts (SkVault    *vault,
                           const char *query)
{
  GListModel *accounts;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);

      sk_services_annotate_account (vault, account);
    }
  return sk_vault_find_accounts (vault, query);
}

/* For sk-inventory.c (declared in sk-inventory-private.h, so that the
 * inventory needs no header of the directory, which reads the
 * inventory's tables). */
gboolean
sk_inventory_service_holds_money (SkVault   *vault,
                                  SkAccount *account)
{
  SkService *service = sk_services_for_account (vault, account);

  return service != NULL && sk_service_is_money (service);
}
