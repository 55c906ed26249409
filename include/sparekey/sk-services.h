/* sk-services.h: the directory of services, with their official channels
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include <sparekey/sk-account.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

#define SK_SERVICES_ERROR (sk_services_error_quark ())
GQuark sk_services_error_quark (void);

typedef enum {
  SK_SERVICES_ERROR_INVALID,    /* an entry breaks the schema (docs/services.md) */
  SK_SERVICES_ERROR_NOT_FOUND,  /* no entry with that id */
  SK_SERVICES_ERROR_READ_ONLY,  /* a built-in entry cannot be removed */
} SkServicesError;

/* Bounds of what an entry may hold: names are hostile input. */
#define SK_SERVICE_MAX_NAME     128   /* names, aliases (bytes) */
#define SK_SERVICE_MAX_TEXT    1024   /* steps, notes, rules, addresses (bytes) */
#define SK_SERVICE_MAX_ID        64
#define SK_SERVICE_MAX_ITEMS     32
#define SK_SERVICE_MAX_QUERY     64

/* Where an entry comes from. */
typedef enum {
  SK_SERVICE_ORIGIN_BUILTIN,    /* data/services.json, as shipped */
  SK_SERVICE_ORIGIN_USER,       /* the user's own entry (vault) */
  SK_SERVICE_ORIGIN_OVERRIDE,   /* the user's correction of a built-in entry */
} SkServiceOrigin;

/* The kinds of support channel, in the order a lost-phone emergency needs
 * them: stop the damage, get back in, then ask a person. */
typedef enum {
  SK_SERVICE_CHANNEL_FREEZE,    /* freeze / emergency lock page or steps */
  SK_SERVICE_CHANNEL_RECOVERY,  /* self-service recovery (reset, lost 2FA) */
  SK_SERVICE_CHANNEL_APPEAL,    /* appeal / identity review by people */
  SK_SERVICE_CHANNEL_HOTLINE,   /* customer service telephone */
  SK_SERVICE_CHANNEL_SUPPORT,   /* general help centre */
  SK_SERVICE_N_CHANNEL_KINDS
} SkServiceChannelKind;

/* One official channel. Exactly one of @phone, @url or the steps is set;
 * @source is the https address of the public page stating it. Strings
 * are owned by the service. */
typedef struct {
  SkServiceChannelKind kind;
  char *phone;        /* "95017" */
  char *url;          /* "https://…" */
  char *steps_zh;     /* in-app path, "我 › 设置 › …" */
  char *steps_en;
  char *note_zh;      /* optional: when the channel works, hours… */
  char *note_en;
  char *source;
} SkServiceChannel;

/* A second factor the service offers ("sms", "totp", …), with its source. */
typedef struct {
  char *kind;
  char *source;
} SkServiceFactor;

/* A rule that matters in a recovery (a cooldown, what an appeal needs). */
typedef struct {
  char *kind;         /* "cooldown", "waiting-period", "appeal-needs", "limit" */
  char *text_zh;
  char *text_en;
  char *source;
} SkServiceRule;

/* Categories ---------------------------------------------------------------- */

/* Every known category id ("wallet", "bank", …), NULL-terminated. */
const char * const *sk_service_categories          (void);
gboolean            sk_service_category_is_known   (const char *category);
/* Money at risk: wallet, bank, payment, exchange, trading. */
gboolean            sk_service_category_is_money   (const char *category);
/* Translated name of @category; @category itself if unknown. */
const char         *sk_service_category_get_label  (const char *category);

const char         *sk_service_channel_kind_to_string   (SkServiceChannelKind kind);
gboolean            sk_service_channel_kind_from_string (const char           *text,
                                                         SkServiceChannelKind *kind);
const char         *sk_service_channel_kind_get_label   (SkServiceChannelKind kind);
/* Every known second factor id ("sms", "totp", …), NULL-terminated. */
const char * const *sk_service_factor_kinds              (void);
const char         *sk_service_factor_get_label          (const char *kind);

/* SkService ----------------------------------------------------------------- */

#define SK_TYPE_SERVICE (sk_service_get_type ())
G_DECLARE_FINAL_TYPE (SkService, sk_service, SK, SERVICE, GObject)

/* A service read from @object (schema in docs/services.md), or NULL with
 * SK_SERVICES_ERROR_INVALID saying which member is wrong. */
SkService          *sk_service_new_from_json     (JsonObject       *object,
                                                  SkServiceOrigin   origin,
                                                  GError          **error);
/* A new, empty user entry @id (use the setters, then sk_service_validate()). */
SkService          *sk_service_new               (const char       *id);
/* A deep copy, to edit (with @origin). */
SkService          *sk_service_copy              (SkService        *self,
                                                  SkServiceOrigin   origin);
/* The entry as a JSON object, in the schema it was read from. */
JsonObject         *sk_service_to_json           (SkService        *self);
/* Checks the schema: id, names, known categories, bounded texts, https
 * sources on every fact. */
gboolean            sk_service_validate          (SkService        *self,
                                                  GError          **error);

const char         *sk_service_get_id            (SkService *self);
SkServiceOrigin     sk_service_get_origin        (SkService *self);
const char         *sk_service_get_name_zh       (SkService *self);
const char         *sk_service_get_name_en       (SkService *self);
/* The name in the user's language (zh for zh_* locales), else the other. */
const char         *sk_service_get_display_name  (SkService *self);
const char * const *sk_service_get_aliases       (SkService *self);
const char * const *sk_service_get_categories    (SkService *self);
/* The first category, the one shown. */
const char         *sk_service_get_category      (SkService *self);
/* TRUE if any category is a money category. */
gboolean            sk_service_is_money          (SkService *self);
const char         *sk_service_get_homepage      (SkService *self);
const SkServiceFactor  *sk_service_get_factors   (SkService *self,
                                                  guint     *n_factors);
const SkServiceChannel *sk_service_get_channels  (SkService *self,
                                                  guint     *n_channels);
/* The first channel of @kind, NULL if the entry records none. */
const SkServiceChannel *sk_service_get_channel   (SkService            *self,
                                                  SkServiceChannelKind  kind);
const SkServiceRule    *sk_service_get_rules     (SkService *self,
                                                  guint     *n_rules);

/* The steps of a lost-phone recovery that name a channel. */
typedef enum {
  SK_SERVICE_STEP_FREEZE,   /* stop the damage now */
  SK_SERVICE_STEP_APPEAL,   /* get the account back */
} SkServiceStep;

/* The channel the recovery plan and the wizard show for @step: for
 * FREEZE the freeze channel, else the hotline; for APPEAL the appeal
 * channel, else self-service recovery, the hotline, the help centre.
 * NULL when the entry records none of them. The user's own per-account
 * contacts come before it (the caller's business). */
const SkServiceChannel *sk_service_pick_channel  (SkService     *self,
                                                  SkServiceStep  step);
/* What to show of @channel: the number, the address, or the steps in the
 * user's language (the other language when only that one is given). */
const char         *sk_service_channel_get_value (const SkServiceChannel *channel);
/* The channel's note in the user's language, NULL if none. */
const char         *sk_service_channel_get_note  (const SkServiceChannel *channel);
/* The rule's text in the user's language. */
const char         *sk_service_rule_get_text     (const SkServiceRule *rule);

void                sk_service_set_names         (SkService  *self,
                                                  const char *name_zh,
                                                  const char *name_en);
void                sk_service_set_aliases       (SkService          *self,
                                                  const char * const *aliases);
void                sk_service_set_categories    (SkService          *self,
                                                  const char * const *categories);
void                sk_service_set_homepage      (SkService  *self,
                                                  const char *homepage);
/* Replaces every channel of @channel->kind by @channel (copied); a
 * channel with neither phone, url nor steps removes that kind. */
void                sk_service_set_channel       (SkService              *self,
                                                  const SkServiceChannel *channel);

/* SkServiceDirectory -------------------------------------------------------- */

#define SK_TYPE_SERVICE_DIRECTORY (sk_service_directory_get_type ())
G_DECLARE_FINAL_TYPE (SkServiceDirectory, sk_service_directory, SK, SERVICE_DIRECTORY, GObject)

/* The built-in directory (compiled into the core as a GResource), with
 * no user entries. Items of the GListModel are SkService, built-in order
 * first, then the user's own entries. */
SkServiceDirectory *sk_service_directory_new          (GError      **error);
/* A directory read from a services.json document (tests, validation). */
SkServiceDirectory *sk_service_directory_new_from_data (const char   *data,
                                                        gssize        length,
                                                        GError      **error);
/* Re-reads the user's entries of @vault (NULL: none) over the built-in
 * ones: an entry whose id is built in replaces it (an override). Entries
 * that break the schema are skipped, with a warning. */
void                sk_service_directory_set_vault    (SkServiceDirectory *self,
                                                       SkVault            *vault);
SkService          *sk_service_directory_lookup       (SkServiceDirectory *self,
                                                       const char         *id);
/* The built-in entry @id even when the user overrides it. */
SkService          *sk_service_directory_lookup_builtin (SkServiceDirectory *self,
                                                         const char         *id);
/* Entries matching @query on id, names and aliases, ignoring case, accents,
 * full/half width and blanks; best first (exact, then prefix, then
 * substring), at most @max_results (0: all). Transfer container: the
 * services are borrowed from the directory. An empty query lists all. */
GPtrArray          *sk_service_directory_search       (SkServiceDirectory *self,
                                                       const char         *query,
                                                       guint               max_results);
/* The entry whose name or alias equals @issuer (as normalized for
 * search), NULL if none or several: for pre-filling from an issuer. */
SkService          *sk_service_directory_match_issuer (SkServiceDirectory *self,
                                                       const char         *issuer);

/* The built-in directory with @vault's own entries over it, kept with the
 * vault and updated when its "services" section changes (borrowed; NULL
 * only if the built-in directory cannot be read). */
SkServiceDirectory *sk_services_for_vault             (SkVault    *vault);
/* The directory entry @account is: the service it names, else the one
 * its issuer matches; NULL if none (borrowed). */
SkService          *sk_services_for_account           (SkVault    *vault,
                                                       SkAccount  *account);
/* Pre-fills a new @account from its directory entry (the service it
 * names, else the one its issuer matches): names the entry, and sets the
 * category and the issuer where the account has none. The user's own
 * values are never replaced. Returns the entry (borrowed) or NULL. */
SkService          *sk_services_prefill_account       (SkVault    *vault,
                                                       SkAccount  *account);

/* Makes sk_account_matches() find @account (of @vault) by the names and
 * aliases of its directory entry (the service it names, else the one its
 * issuer matches): "weixin" finds 微信. Cheap when nothing changed: the
 * entry is looked up again only when the issuer or the service does. */
void                sk_services_annotate_account      (SkVault    *vault,
                                                       SkAccount  *account);
/* sk_vault_find_accounts() after annotating every account: what the
 * CLI resolves an account argument with. Transfer container. */
GPtrArray          *sk_services_find_accounts         (SkVault    *vault,
                                                       const char *query);

/* The user's own entries in the vault ---------------------------------------- */

/* Validates @service and stores it in @vault's "services" section under
 * its id (a new entry or an override of a built-in one). */
gboolean            sk_services_save_user_entry       (SkVault    *vault,
                                                       SkService  *service,
                                                       gint64      now,
                                                       GError    **error);
/* Removes the user's entry @id (leaving a tombstone that syncs); for an
 * override, the built-in entry shows again. */
gboolean            sk_services_remove_user_entry     (SkVault    *vault,
                                                       const char *id,
                                                       gint64      now,
                                                       GError    **error);
/* The user's live entries of @vault (SkService, origin USER; the caller
 * marks overrides), in id order. Invalid records are skipped. */
GPtrArray          *sk_services_list_user_entries     (SkVault    *vault);

G_END_DECLS
