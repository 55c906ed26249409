/* sk-account-private.h: what the vault needs to rebuild accounts from disk
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "sparekey/sk-account.h"

G_BEGIN_DECLS

/* An account with a known UUID and creation time (from the vault file). */
SkAccount *sk_account_new_full              (const char *uuid,
                                             SkOtpType   type,
                                             gint64      created);
/* Set times without bumping "updated" (loading, merging). */
void       sk_account_set_updated_internal  (SkAccount  *self,
                                             gint64      updated);
void       sk_account_set_created_internal  (SkAccount  *self,
                                             gint64      created);

/* For merging another writer's copy of an account: any protection,
 * SK_PROTECTION_CODE too, without the checks of the public setter. */
void       sk_account_set_protection_internal (SkAccount   *self,
                                             SkProtection protection);

/* otpauth parameters the core does not interpret ("image", "color"...),
 * in their original order, so that an export gives back what was
 * imported. Setting them does not bump "updated". The getter returns the
 * count; the vectors are borrowed and never NULL. */
void       sk_account_set_uri_extras        (SkAccount          *self,
                                             const char * const *keys,
                                             const char * const *values);
guint      sk_account_get_uri_extras        (SkAccount           *self,
                                             const char * const **keys,
                                             const char * const **values);

/*
 * The vault that holds an account hears of its changes through this hook
 * (one per account, a pointer set at load: no signal connection each,
 * which cost a 10,000-account vault a quarter of its opening time). The
 * hook runs for every edit (@pspec: the field edited, or NULL), with the
 * new value in place.
 */
typedef void (*SkAccountOwnerFunc) (SkAccount  *account,
                                    GParamSpec *pspec,
                                    gpointer    data);
void       sk_account_set_owner             (SkAccount          *self,
                                             SkAccountOwnerFunc  func,
                                             gpointer            data);

G_END_DECLS

G_BEGIN_DECLS

/* Every stored field of an account, for building one from the vault file
 * in a single step (no notifications, no "updated" bump). Pointers are
 * borrowed; the secret is referenced. */
typedef struct
{
  const char          *uuid;
  SkOtpType            type;
  SkOtpAlgorithm       algorithm;
  guint                digits;
  guint                period;
  guint64              counter;
  const char          *issuer;
  const char          *name;
  const char * const  *tags;
  const char          *note;
  gboolean             favourite;
  gint64               created;
  gint64               updated;
  gint64               last_used;
  SkSecret            *secret;
  SkSecret            *pin;            /* Yandex, mOTP; referenced */
  const char * const  *extra_keys;
  const char * const  *extra_values;
  GBytes              *icon;           /* validated; referenced */
  const char          *icon_mime_type;
  SkProtection         protection;     /* SK_PROTECTION_CODE: has a secret */
  const char          *service;
  const char          *category;
} SkAccountRecord;

SkAccount *sk_account_new_from_record       (const SkAccountRecord *record);

G_END_DECLS
