/* sk-account.h: one authenticator account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <sparekey/sk-otp.h>
#include <sparekey/sk-otp-uri.h>

G_BEGIN_DECLS

#define SK_ACCOUNT_ERROR (sk_account_error_quark ())
GQuark sk_account_error_quark (void);

typedef enum {
  SK_ACCOUNT_ERROR_ICON_TYPE,      /* not PNG, JPEG or SVG */
  SK_ACCOUNT_ERROR_ICON_TOO_LARGE, /* above SK_ACCOUNT_ICON_MAX_SIZE */
  SK_ACCOUNT_ERROR_ICON_DAMAGED,   /* empty, or the bytes are not what the type says */
  SK_ACCOUNT_ERROR_NO_CODE,        /* a code asked of an account without codes */
  SK_ACCOUNT_ERROR_NO_NAME,        /* an account without codes has neither issuer nor name */
} SkAccountError;

/* How signing in to an account is protected. Accounts with a code
 * generator are SK_PROTECTION_CODE; the others (QQ, WeChat, Alipay,
 * banks: mostly SMS) record what protects them instead. */
typedef enum {
  SK_PROTECTION_CODE,          /* authenticator codes (this vault makes them) */
  SK_PROTECTION_SMS,           /* a code by SMS to a number */
  SK_PROTECTION_EMAIL,         /* a code by email */
  SK_PROTECTION_APP,           /* a prompt in an app on a device */
  SK_PROTECTION_PASSWORD,      /* the password alone */
  SK_PROTECTION_HARDWARE_KEY,  /* a security key */
  SK_PROTECTION_NONE,          /* nothing */
} SkProtection;

#define SK_TYPE_PROTECTION (sk_protection_get_type ())
GType       sk_protection_get_type    (void);
/* Stable names for the CLI and JSON ("sms", "hardware-key"), parsed
 * case-insensitively, also with "_" for "-". */
const char *sk_protection_to_string   (SkProtection  protection);
gboolean    sk_protection_from_string (const char   *text,
                                       SkProtection *protection);
/* A translated label for people ("SMS code"). */
const char *sk_protection_get_label   (SkProtection  protection);

/* Icons are small pictures; anything larger is no logo. */
#define SK_ACCOUNT_ICON_MAX_SIZE (256 * 1024)

#define SK_TYPE_ACCOUNT (sk_account_get_type ())
G_DECLARE_FINAL_TYPE (SkAccount, sk_account, SK, ACCOUNT, GObject)

/*
 * Properties (all notify, "updated" is bumped by every setter that changes
 * a value): "uuid" (construct-only), "otp-type", "issuer", "name",
 * "algorithm", "digits", "period", "counter", "tags" (GStrv), "note",
 * "favourite", "created", "updated", "last-used" (gint64, microseconds
 * since the Unix epoch, UTC), "display-name" (read-only: "Issuer (name)"),
 * "icon" (read-only GBytes, NULL when there is none) and "icon-mime-type"
 * (read-only; changed together with sk_account_set_icon()),
 * "protection" (SkProtection), "has-code" (read-only), "service" (a
 * service directory entry id, or NULL) and "category" ("bank",
 * "wallet"... or NULL).
 */

SkAccount      *sk_account_new             (SkOtpType     type);
/* Account from an otpauth:// URI. */
SkAccount      *sk_account_new_from_uri    (const char   *uri,
                                            GError      **error);
SkAccount      *sk_account_new_from_otp_uri (const SkOtpUri *uri);
/* An account with no code generator, protected by @protection (not
 * SK_PROTECTION_CODE). */
SkAccount      *sk_account_new_without_code (SkProtection protection);

/* FALSE for accounts without codes: nothing to generate, copy or export
 * to another authenticator. */
gboolean        sk_account_has_code        (SkAccount    *self);
SkProtection    sk_account_get_protection  (SkAccount    *self);
/* Accounts without codes only, among the values other than CODE. */
void            sk_account_set_protection  (SkAccount    *self,
                                            SkProtection  protection);
/* The service directory entry the account is (an id), or NULL; "" or
 * NULL clears. */
const char     *sk_account_get_service     (SkAccount    *self);
void            sk_account_set_service     (SkAccount    *self,
                                            const char   *service);
/* What kind of service it is ("bank", "wallet", "email"...), or NULL. */
const char     *sk_account_get_category    (SkAccount    *self);
void            sk_account_set_category    (SkAccount    *self,
                                            const char   *category);
/* Money categories: wallet, bank, payment, exchange, trading. */
gboolean        sk_account_category_holds_money (const char *category);
/* A money category or a money tag ("wallet", "银行"...). */
gboolean        sk_account_holds_money     (SkAccount    *self);

const char     *sk_account_get_uuid        (SkAccount    *self);
SkOtpType       sk_account_get_otp_type    (SkAccount    *self);
void            sk_account_set_otp_type    (SkAccount    *self,
                                            SkOtpType     type);
const char     *sk_account_get_issuer      (SkAccount    *self);
void            sk_account_set_issuer      (SkAccount    *self,
                                            const char   *issuer);
const char     *sk_account_get_name        (SkAccount    *self);
void            sk_account_set_name        (SkAccount    *self,
                                            const char   *name);
SkOtpAlgorithm  sk_account_get_algorithm   (SkAccount    *self);
void            sk_account_set_algorithm   (SkAccount    *self,
                                            SkOtpAlgorithm algorithm);
guint           sk_account_get_digits      (SkAccount    *self);
void            sk_account_set_digits      (SkAccount    *self,
                                            guint         digits);
guint           sk_account_get_period      (SkAccount    *self);
void            sk_account_set_period      (SkAccount    *self,
                                            guint         period);
guint64         sk_account_get_counter     (SkAccount    *self);
void            sk_account_set_counter     (SkAccount    *self,
                                            guint64       counter);
const char * const *sk_account_get_tags    (SkAccount    *self);
void            sk_account_set_tags        (SkAccount    *self,
                                            const char * const *tags);
const char     *sk_account_get_note        (SkAccount    *self);
void            sk_account_set_note        (SkAccount    *self,
                                            const char   *note);
gboolean        sk_account_get_favourite   (SkAccount    *self);
void            sk_account_set_favourite   (SkAccount    *self,
                                            gboolean      favourite);
gint64          sk_account_get_created     (SkAccount    *self);
gint64          sk_account_get_updated     (SkAccount    *self);
gint64          sk_account_get_last_used   (SkAccount    *self);
void            sk_account_set_last_used   (SkAccount    *self,
                                            gint64        when);
/* The picture shown beside the account: PNG, JPEG or SVG bytes (not
 * secret, kept in ordinary memory), or NULL. */
GBytes         *sk_account_get_icon        (SkAccount    *self);
/* "image/png", "image/jpeg" or "image/svg+xml"; NULL without an icon. */
const char     *sk_account_get_icon_mime_type (SkAccount *self);
/* Checks the icon with sk_account_icon_validate() and sets it; NULL
 * removes it. On error the account keeps its icon. */
gboolean        sk_account_set_icon        (SkAccount    *self,
                                            GBytes       *icon,
                                            const char   *mime_type,
                                            GError      **error);
/* Accepts image/png, image/jpeg and image/svg+xml (any case) up to
 * SK_ACCOUNT_ICON_MAX_SIZE bytes whose first bytes are those of that
 * type. A cheap check: the picture is only decoded when it is shown. */
gboolean        sk_account_icon_validate   (GBytes       *icon,
                                            const char   *mime_type,
                                            GError      **error);
/* The type the first bytes of @icon say (one of the three above), or
 * NULL. */
const char     *sk_account_icon_sniff      (GBytes       *icon);
/* "Issuer (name)", "Issuer" or "name". */
const char     *sk_account_get_display_name (SkAccount   *self);
/* Collation keys (g_utf8_collate_key(), the locale's order) of the
 * display name and of the name, cached until the text changes: for
 * sorting lists with strcmp(). Where the collation is pinyin (zh_CN),
 * Chinese characters sort among Latin letters by their pinyin initial
 * (微信 among the W's). */
const char     *sk_account_get_sort_key     (SkAccount   *self);
const char     *sk_account_get_name_sort_key (SkAccount  *self);

/* The key bytes (borrowed); NULL only for an account being built. */
SkSecret       *sk_account_get_secret      (SkAccount    *self);
void            sk_account_set_secret      (SkAccount    *self,
                                            SkSecret     *secret);

void            sk_account_get_params      (SkAccount    *self,
                                            SkOtpParams  *params);
gboolean        sk_account_validate        (SkAccount    *self,
                                            GError      **error);

/* Yandex and mOTP: the PIN (UTF-8 bytes, borrowed), NULL otherwise. An
 * empty PIN is stored as NULL. */
SkSecret       *sk_account_get_pin         (SkAccount    *self);
void            sk_account_set_pin         (SkAccount    *self,
                                            SkSecret     *pin);

/* The current code (TOTP/Steam/Yandex/mOTP at @unix_time; HOTP at the
 * stored counter). */
gboolean        sk_account_generate        (SkAccount    *self,
                                            gint64        unix_time,
                                            char         *code,
                                            GError      **error);
/* HOTP: generate the code for the stored counter, then advance it. */
gboolean        sk_account_next_hotp       (SkAccount    *self,
                                            char         *code,
                                            GError      **error);

/* otpauth:// URI for this account, in guarded memory. */
SkSecret       *sk_account_dup_uri         (SkAccount    *self);
SkOtpUri       *sk_account_to_otp_uri      (SkAccount    *self);

/* Case-insensitive match of every word of @query against issuer, name,
 * tags and note. @query must already be casefolded+normalized with
 * sk_search_normalize(). */
gboolean        sk_account_matches         (SkAccount    *self,
                                            const char   *normalized_query);
/* More text sk_account_matches() searches (the directory's aliases of the
 * account's service), not stored; NULL for none. */
void            sk_account_set_search_extra (SkAccount   *self,
                                            const char   *text);
char           *sk_search_normalize        (const char   *text);

G_END_DECLS
