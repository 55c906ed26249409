/* sk-recovery-plan.c: the lost-phone recovery case, the plan ranked by
 * risk, emergency steps, evidence and closing out
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-inventory-private.h"
#include "sk-records-private.h"
#include "sk-recovery-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-account.h"
#include "sparekey/sk-audit.h"
#include "sparekey/sk-inventory.h"
#include "sparekey/sk-recovery-codes.h"
#include "sparekey/sk-recovery-plan.h"
#include "sparekey/sk-services.h"
#include "sparekey/sk-ways-back.h"

/*
 * Everything of a recovery lives in the vault section "recovery", one
 * record per fact, so two writers (the app and the CLI, or two synced
 * copies) merge record by record:
 *
 *   case      { type: "case", lost: [identity uuids], date, replacements,
 *               escalate_hours, closed }
 *   step      { type: "step", case, target, step, done: µs (0 = not done) }
 *   evidence  { type: "evidence", case, account, item, have, note }
 *   copy      { type: "copy", case, account, stale }
 *   letter    { type: "letter", case, account, lang, text }   (sk-appeal.c)
 *   appeal    { type: "appeal", case, account, channel, sent, answered }
 *
 * A step, evidence, copy or letter record has a UUID derived from what it
 * is about (case, account, name), so that ticking the same step in two
 * copies gives one record, not two.
 */

G_DEFINE_QUARK (sk-recovery-error-quark, sk_recovery_error)

static const char * const risk_names[] = {
  "money", "locked-out", "exposed", "covered",
};
static const char * const risk_labels[] = {
  N_("Money at risk: payouts or a wallet bound to what was lost"),
  N_("Locked out: no way back works without what was lost"),
  N_("Exposed: bound to what was lost, another second factor remains"),
  N_("Covered: this vault still produces its codes"),
};

static const char * const way_names[] = {
  "vault-codes", "other-factor", "recovery-code", "recovery-email",
  "third-party", "trusted-device", "support-appeal", "password",
};
static const char * const way_labels[] = {
  N_("Sign in with the code from this vault, then enrol the new phone by QR"),
  N_("Use the second factor that still works (another number or device)"),
  N_("Use an unused recovery code"),
  N_("Reset through the recovery email"),
  N_("Sign in through a third-party login"),
  N_("Approve from a trusted device"),
  N_("Appeal to the service's support with evidence"),
  N_("Sign in with the password alone: it asks for no second factor"),
};

static const char * const step_names[] = {
  "freeze", "stop-payments", "move-balance", "block-device",
  "change-password", "suspend-number",
};
static const char * const step_labels[] = {
  N_("Freeze the account through the service's emergency channel"),
  N_("Turn off auto-renew and password-free payments"),
  N_("Move balances to a safe account"),
  N_("Block the lost device in the service's device list"),
  N_("Change the password and sign out all other sessions"),
  N_("Ask the carrier to suspend the number and for a cancellation certificate"),
};

static const char * const evidence_names[] = {
  "id-documents", "id-photo", "bank-card", "registration",
  "login-devices", "purchases", "carrier-certificate", "screenshots",
};
static const char * const evidence_labels[] = {
  N_("ID documents (both sides)"),
  N_("A photo of yourself holding the ID"),
  N_("Bank-card binding records"),
  N_("Registration time and IP address"),
  N_("Devices the account was used on"),
  N_("Top-up or purchase records with order numbers and amounts"),
  N_("The carrier's certificate of suspension or cancellation"),
  N_("Time-stamped screenshots of the errors"),
};

static const char * const channel_names[] = {
  "chat", "ticket", "email", "phone", "regulator",
};
static const char * const channel_labels[] = {
  N_("online support chat"),
  N_("support ticket"),
  N_("support email"),
  N_("support phone line"),
  N_("regulator or consumer association (in China: the 12377 platform)"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (risk_names) == SK_RECOVERY_RISK_COVERED + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (way_names) == SK_RECOVERY_WAY_PASSWORD + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (way_labels) == SK_RECOVERY_WAY_PASSWORD + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (step_names) == SK_RECOVERY_N_STEPS);
G_STATIC_ASSERT (G_N_ELEMENTS (evidence_names) == SK_RECOVERY_N_EVIDENCE);
G_STATIC_ASSERT (G_N_ELEMENTS (channel_names) == SK_APPEAL_N_CHANNELS);

/* Names ------------------------------------------------------------------ */

static gboolean
name_lookup (const char * const *names,
             guint               n_names,
             const char         *text,
             guint              *index)
{
  g_autofree char *normal = NULL;

  if (text == NULL)
    return FALSE;
  normal = g_ascii_strdown (text, -1);
  g_strdelimit (normal, "_ ", '-');
  for (guint i = 0; i < n_names; i++)
    if (g_str_equal (names[i], normal))
      {
        *index = i;
        return TRUE;
      }
  return FALSE;
}

const char *
sk_recovery_risk_to_string (SkRecoveryRisk risk)
{
  g_return_val_if_fail ((guint) risk < G_N_ELEMENTS (risk_names), NULL);
  return risk_names[risk];
}

const char *
sk_recovery_risk_get_label (SkRecoveryRisk risk)
{
  g_return_val_if_fail ((guint) risk < G_N_ELEMENTS (risk_labels), NULL);
  return _(risk_labels[risk]);
}

const char *
sk_recovery_way_to_string (SkRecoveryWayKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (way_names), NULL);
  return way_names[kind];
}

const char *
sk_recovery_way_get_label (SkRecoveryWayKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (way_labels), NULL);
  return _(way_labels[kind]);
}

const char *
sk_recovery_step_to_string (SkRecoveryStep step)
{
  g_return_val_if_fail ((guint) step < G_N_ELEMENTS (step_names), NULL);
  return step_names[step];
}

gboolean
sk_recovery_step_from_string (const char     *text,
                              SkRecoveryStep *step)
{
  guint i;

  g_return_val_if_fail (step != NULL, FALSE);
  if (!name_lookup (step_names, G_N_ELEMENTS (step_names), text, &i))
    return FALSE;
  *step = i;
  return TRUE;
}

const char *
sk_recovery_step_get_label (SkRecoveryStep step)
{
  g_return_val_if_fail ((guint) step < G_N_ELEMENTS (step_labels), NULL);
  return _(step_labels[step]);
}

const char *
sk_recovery_evidence_to_string (SkRecoveryEvidence item)
{
  g_return_val_if_fail ((guint) item < G_N_ELEMENTS (evidence_names), NULL);
  return evidence_names[item];
}

gboolean
sk_recovery_evidence_from_string (const char         *text,
                                  SkRecoveryEvidence *item)
{
  guint i;

  g_return_val_if_fail (item != NULL, FALSE);
  if (!name_lookup (evidence_names, G_N_ELEMENTS (evidence_names), text, &i))
    return FALSE;
  *item = i;
  return TRUE;
}

const char *
sk_recovery_evidence_get_label (SkRecoveryEvidence item)
{
  g_return_val_if_fail ((guint) item < G_N_ELEMENTS (evidence_labels), NULL);
  return _(evidence_labels[item]);
}

const char *
sk_appeal_channel_to_string (SkAppealChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_names), NULL);
  return channel_names[channel];
}

gboolean
sk_appeal_channel_from_string (const char      *text,
                               SkAppealChannel *channel)
{
  guint i;

  g_return_val_if_fail (channel != NULL, FALSE);
  if (!name_lookup (channel_names, G_N_ELEMENTS (channel_names), text, &i))
    return FALSE;
  *channel = i;
  return TRUE;
}

const char *
sk_appeal_channel_get_label (SkAppealChannel channel)
{
  g_return_val_if_fail ((guint) channel < G_N_ELEMENTS (channel_labels), NULL);
  return _(channel_labels[channel]);
}

/* Records ----------------------------------------------------------------- */

char *
sk_recovery_derived_uuid (const char *case_uuid,
                          const char *type,
                          const char *target,
                          const char *name)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *parts[] = { "sparekey-recovery", case_uuid, type, target, name };
  char hex[33];
  const char *digest;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char *part = parts[i] != NULL ? parts[i] : "";

      g_checksum_update (checksum, (const guchar *) part, strlen (part));
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }
  digest = g_checksum_get_string (checksum);
  memcpy (hex, digest, 32);
  hex[32] = '\0';
  /* Shaped like a name-based UUID (version 5, RFC 4122 variant). */
  hex[12] = '5';
  hex[16] = "89ab"[g_ascii_xdigit_value (hex[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s",
                          hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static char **
get_strv (JsonObject *record,
          const char *member)
{
  JsonNode *node = json_object_get_member (record, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) &&
          json_node_get_value_type (element) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (element));
    }
  return g_strv_builder_end (builder);
}

static void
set_strv (JsonObject         *record,
          const char         *member,
          const char * const *values)
{
  JsonArray *array;

  if (values == NULL)
    {
      json_object_remove_member (record, member);
      return;
    }
  array = json_array_new ();
  for (guint i = 0; values[i] != NULL; i++)
    json_array_add_string_element (array, values[i]);
  json_object_set_array_member (record, member, array);
}

static gboolean
is_type (JsonObject *record,
         const char *type)
{
  return g_strcmp0 (sk_records_get_string (record, "type"), type) == 0;
}

static SkRecoveryCase *
case_from_record (JsonObject *record)
{
  SkRecoveryCase *recovery = g_new0 (SkRecoveryCase, 1);
  gint64 hours;

  recovery->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  recovery->lost = get_strv (record, "lost");
  if (recovery->lost == NULL)
    recovery->lost = g_new0 (char *, 1);
  recovery->date = g_strdup (sk_records_get_string (record, "date"));
  recovery->replacements = get_strv (record, "replacements");
  hours = sk_records_get_int (record, "escalate_hours", SK_RECOVERY_DEFAULT_ESCALATE_HOURS);
  if (hours < 1 || hours > SK_RECOVERY_MAX_ESCALATE_HOURS)
    hours = SK_RECOVERY_DEFAULT_ESCALATE_HOURS;
  recovery->escalate_hours = hours;
  recovery->closed = sk_records_get_bool (record, "closed");
  recovery->created = sk_records_get_int (record, "created", 0);
  recovery->updated = sk_records_get_int (record, "updated", 0);
  return recovery;
}

void
sk_recovery_case_free (SkRecoveryCase *recovery)
{
  if (recovery == NULL)
    return;
  g_free (recovery->uuid);
  g_strfreev (recovery->lost);
  g_free (recovery->date);
  g_strfreev (recovery->replacements);
  g_free (recovery);
}

/* The open case record (borrowed), the newest if several writers each
 * started one. */
static JsonObject *
open_case_record (SkVault *vault)
{
  g_autoptr(GPtrArray) records = sk_records_list (vault, SK_SECTION_RECOVERY, "type", "case");
  JsonObject *best = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];

      if (sk_records_get_bool (record, "closed"))
        continue;
      if (best == NULL ||
          sk_records_get_int (record, "created", 0) > sk_records_get_int (best, "created", 0))
        best = record;
    }
  return best;
}

SkRecoveryCase *
sk_recovery_get_case (SkVault *vault)
{
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  record = open_case_record (vault);
  return record != NULL ? case_from_record (record) : NULL;
}

static JsonObject *
lookup_case (SkVault     *vault,
             const char  *case_uuid,
             GError     **error)
{
  JsonObject *record = case_uuid != NULL
    ? sk_records_lookup (vault, SK_SECTION_RECOVERY, case_uuid) : NULL;

  if (record == NULL || !is_type (record, "case"))
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NO_CASE,
                           _("no recovery is under way (start one with “recover start --lost …”)"));
      return NULL;
    }
  return record;
}

char *
sk_recovery_today (gint64 now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    utc = g_date_time_new_now_utc ();
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d");
}

SkRecoveryCase *
sk_recovery_start (SkVault            *vault,
                   const char * const *lost_uuids,
                   const char         *date,
                   gint64              now,
                   GError            **error)
{
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) lost = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *day = NULL;
  g_autofree char *uuid = NULL;
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (lost_uuids != NULL, NULL);

  if (lost_uuids[0] == NULL)
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                           _("name at least one lost identity (a phone number or a device)"));
      return NULL;
    }
  for (guint i = 0; lost_uuids[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, lost_uuids[i]);

      if (identity == NULL)
        {
          g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                       _("no identity with the id “%s”"), lost_uuids[i]);
          return NULL;
        }
      /* Copies: they are marked lost below. */
      g_ptr_array_add (identities, sk_identity_copy (identity));
    }
  if (date != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      day = sk_inventory_parse_date (date, &local_error);
      if (day == NULL)
        {
          g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                       _("the date of the loss is not valid: %s"), local_error->message);
          return NULL;
        }
    }
  else
    day = sk_recovery_today (now);

  old = open_case_record (vault);
  if (old != NULL)
    {
      g_auto(GStrv) before = get_strv (old, "lost");
      const char *old_day = sk_records_get_string (old, "date");

      uuid = g_strdup (sk_records_get_string (old, "uuid"));
      record = sk_records_dup (old);
      for (guint i = 0; before != NULL && before[i] != NULL; i++)
        g_ptr_array_add (lost, g_strdup (before[i]));
      /* The loss happened at the earliest date given. */
      if (old_day != NULL && g_strcmp0 (old_day, day) < 0)
        {
          g_free (day);
          day = g_strdup (old_day);
        }
    }
  else
    {
      uuid = sk_uuid_new ();
      record = json_object_new ();
      json_object_set_string_member (record, "type", "case");
    }
  for (guint i = 0; i < identities->len; i++)
    {
      SkIdentity *identity = identities->pdata[i];

      /* Named twice, or already in the case. */
      if (!g_ptr_array_find_with_equal_func (lost, sk_identity_get_uuid (identity), g_str_equal, NULL))
        g_ptr_array_add (lost, g_strdup (sk_identity_get_uuid (identity)));
    }
  g_ptr_array_add (lost, NULL);
  set_strv (record, "lost", (const char * const *) lost->pdata);
  json_object_set_string_member (record, "date", day);
  sk_records_put (vault, SK_SECTION_RECOVERY, uuid, record, now);

  for (guint i = 0; i < identities->len; i++)
    {
      SkIdentity *identity = identities->pdata[i];

      if (sk_identity_get_status (identity) == SK_IDENTITY_LOST &&
          g_strcmp0 (sk_identity_get_since (identity), day) == 0)
        continue;
      sk_identity_set_status (identity, SK_IDENTITY_LOST);
      sk_identity_set_since (identity, day);
      if (!sk_inventory_save_identity (vault, identity, now, error))
        return NULL;
    }

  return case_from_record (sk_records_lookup (vault, SK_SECTION_RECOVERY, uuid));
}

gboolean
sk_recovery_set_escalate_hours (SkVault    *vault,
                                const char *case_uuid,
                                guint       hours,
                                gint64      now,
                                GError    **error)
{
  JsonObject *old, *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);

  if (hours < 1 || hours > SK_RECOVERY_MAX_ESCALATE_HOURS)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                   _("the time before escalating must be between 1 and %u hours, got %u"),
                   SK_RECOVERY_MAX_ESCALATE_HOURS, hours);
      return FALSE;
    }
  old = lookup_case (vault, case_uuid, error);
  if (old == NULL)
    return FALSE;
  record = sk_records_dup (old);
  json_object_set_int_member (record, "escalate_hours", hours);
  sk_records_put (vault, SK_SECTION_RECOVERY, case_uuid, record, now);
  return TRUE;
}

/* Child records of a case: fact records keyed by what they are about. */
JsonObject *
sk_recovery_lookup_fact (SkVault    *vault,
                         const char *case_uuid,
                         const char *type,
                         const char *target,
                         const char *name)
{
  g_autofree char *uuid = sk_recovery_derived_uuid (case_uuid, type, target, name);

  return sk_records_lookup (vault, SK_SECTION_RECOVERY, uuid);
}

void
sk_recovery_put_fact (SkVault    *vault,
                      const char *case_uuid,
                      const char *type,
                      const char *target,
                      const char *name,
                      JsonObject *record,
                      gint64      now)
{
  g_autofree char *uuid = sk_recovery_derived_uuid (case_uuid, type, target, name);

  json_object_set_string_member (record, "type", type);
  json_object_set_string_member (record, "case", case_uuid);
  sk_records_put (vault, SK_SECTION_RECOVERY, uuid, record, now);
}

static JsonObject *
dup_fact (SkVault    *vault,
          const char *case_uuid,
          const char *type,
          const char *target,
          const char *name)
{
  JsonObject *old = sk_recovery_lookup_fact (vault, case_uuid, type, target, name);

  return old != NULL ? sk_records_dup (old) : json_object_new ();
}

/* The plan ----------------------------------------------------------------- */

void
sk_recovery_channel_free (SkRecoveryChannel *channel)
{
  if (channel == NULL)
    return;
  g_free (channel->kind);
  g_free (channel->value);
  g_free (channel->url);
  g_free (channel->phone);
  g_free (channel->source);
  g_free (channel->service_id);
  g_free (channel);
}

/* Which of the user's own contacts serves a step, best first: to freeze,
 * a person on the phone or in a chat acts at once; to appeal, the
 * recovery page, then the channels in the order an appeal escalates. */
typedef enum { OWN_PHONE, OWN_CHAT, OWN_RECOVERY_PAGE, OWN_TICKET, OWN_EMAIL, OWN_SITE } OwnKind;

static const char * const own_kind_names[] = {
  "phone", "chat", "recovery-page", "ticket", "email", "site",
};

static SkRecoveryChannel *
own_channel (SkSupportInfo *info,
             SkServiceStep  step)
{
  static const OwnKind freeze_order[] = {
    OWN_PHONE, OWN_CHAT, OWN_RECOVERY_PAGE, OWN_TICKET, OWN_EMAIL, OWN_SITE,
  };
  static const OwnKind appeal_order[] = {
    OWN_RECOVERY_PAGE, OWN_CHAT, OWN_TICKET, OWN_EMAIL, OWN_PHONE, OWN_SITE,
  };
  const OwnKind *order = step == SK_SERVICE_STEP_FREEZE ? freeze_order : appeal_order;

  for (guint i = 0; i < G_N_ELEMENTS (freeze_order); i++)
    {
      const char *values[] = {
        info->phone, info->chat, info->recovery_page, info->ticket, info->email, info->site,
      };
      const char *value = values[order[i]];
      SkRecoveryChannel *channel;

      if (value == NULL || *value == '\0')
        continue;
      channel = g_new0 (SkRecoveryChannel, 1);
      channel->kind = g_strdup (own_kind_names[order[i]]);
      channel->value = g_strdup (value);
      channel->own = TRUE;
      if (order[i] == OWN_PHONE)
        channel->phone = g_strdup (value);
      else if (order[i] != OWN_EMAIL && g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
        channel->url = g_strdup (value);
      return channel;
    }
  return NULL;
}

/**
 * sk_recovery_channel_for:
 *
 * Where to freeze (@step SK_SERVICE_STEP_FREEZE) or appeal
 * (SK_SERVICE_STEP_APPEAL) for the account: the user's own support
 * contact first, else the directory entry the account names or its
 * issuer matches. NULL if neither records one.
 */
SkRecoveryChannel *
sk_recovery_channel_for (SkVault       *vault,
                         const char    *account_uuid,
                         SkServiceStep  step)
{
  g_autoptr(SkSupportInfo) info = NULL;
  SkRecoveryChannel *channel;
  const SkServiceChannel *found;
  SkAccount *account;
  SkService *service;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  account = sk_vault_lookup_account (vault, account_uuid);
  if (account == NULL)
    return NULL;
  info = sk_inventory_get_support (vault, account_uuid);
  if (info != NULL && (channel = own_channel (info, step)) != NULL)
    return channel;
  service = sk_services_for_account (vault, account);
  if (service == NULL || (found = sk_service_pick_channel (service, step)) == NULL)
    return NULL;
  channel = g_new0 (SkRecoveryChannel, 1);
  channel->kind = g_strdup (sk_service_channel_kind_to_string (found->kind));
  channel->value = g_strdup (sk_service_channel_get_value (found));
  channel->url = g_strdup (found->url);
  channel->phone = g_strdup (found->phone);
  channel->source = g_strdup (found->source);
  channel->service_id = g_strdup (sk_service_get_id (service));
  return channel;
}

void
sk_recovery_item_free (SkRecoveryItem *item)
{
  if (item == NULL)
    return;
  g_free (item->account_uuid);
  g_strfreev (item->lost_identities);
  g_clear_pointer (&item->ways, g_ptr_array_unref);
  g_clear_pointer (&item->freeze_channel, sk_recovery_channel_free);
  g_clear_pointer (&item->appeal_channel, sk_recovery_channel_free);
  g_free (item);
}

void
sk_recovery_way_free (SkRecoveryWay *way)
{
  if (way == NULL)
    return;
  g_free (way->identity_uuid);
  g_strfreev (way->chain);
  g_free (way);
}

static void
add_appeal (GPtrArray *ways)
{
  SkRecoveryWay *way = g_new0 (SkRecoveryWay, 1);

  /* Always possible, never certain: listed, never counted as working. */
  way->kind = SK_RECOVERY_WAY_SUPPORT_APPEAL;
  g_ptr_array_add (ways, way);
}

static gboolean
is_second_factor (SkBindingRole role)
{
  return role == SK_ROLE_SECURITY_PHONE || role == SK_ROLE_AUTHENTICATOR_DEVICE;
}

/* The plan's judge: the case's lost identities, and the copies here the
 * user said no longer work. */
static SkWaysBack *
plan_ways_back (SkVault              *vault,
                const SkRecoveryCase *recovery)
{
  SkWaysBack *judge = sk_ways_back_new (vault, (const char * const *) recovery->lost);
  g_autoptr(GPtrArray) copies = sk_records_list (vault, SK_SECTION_RECOVERY, "type", "copy");

  for (guint i = 0; i < copies->len; i++)
    {
      JsonObject *copy = copies->pdata[i];
      const char *account = sk_records_get_string (copy, "account");

      if (account != NULL && sk_records_get_bool (copy, "stale") &&
          g_strcmp0 (sk_records_get_string (copy, "case"), recovery->uuid) == 0)
        sk_ways_back_set_copy_stale (judge, account);
    }
  return judge;
}

static SkRecoveryItem *
analyze (SkVault              *vault,
         const SkRecoveryCase *recovery,
         SkWaysBack           *judge,
         SkAccount            *account)
{
  const char *uuid = sk_account_get_uuid (account);
  GListModel *bindings = sk_inventory_peek_account_bindings (vault, uuid);
  guint n_bindings = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  g_autoptr(GStrvBuilder) lost_ids = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SkRecoveryItem) item = NULL;
  gboolean affected = FALSE;
  gboolean lost_device = FALSE;
  JsonObject *copy;

  item = g_new0 (SkRecoveryItem, 1);
  item->account_uuid = g_strdup (uuid);

  for (guint i = 0; i < n_bindings; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkBindingRole role = sk_binding_get_role (binding);
      SkIdentity *identity = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));
      const char *identity_uuid;
      SkIdentityKind kind;

      if (identity == NULL)
        continue;
      identity_uuid = sk_identity_get_uuid (identity);
      kind = sk_identity_get_kind (identity);
      if (g_strv_contains ((const char * const *) recovery->lost, identity_uuid))
        {
          affected = TRUE;
          if (g_hash_table_add (seen, (char *) identity_uuid))
            g_strv_builder_add (lost_ids, identity_uuid);
          if (kind == SK_IDENTITY_DEVICE && (is_second_factor (role) || role == SK_ROLE_TRUSTED_DEVICE))
            lost_device = TRUE;
          else if (kind == SK_IDENTITY_DEVICE)
            lost_device = TRUE;
        }
    }

  /* An account whose recovery email hangs on the lost phone through the
   * mailbox's account is affected too, even with nothing of its own
   * bound to the phone. Asked cheaply first: most accounts are not. */
  if (!affected && !sk_ways_back_touches_lost (judge, uuid))
    return NULL;
  item->money = sk_inventory_account_holds_money (vault, uuid);
  /* Every way, judged through its chain. */
  item->ways = sk_ways_back_list (judge, uuid);
  for (guint i = item->ways->len; i > 0; i--)
    {
      SkRecoveryWay *way = item->ways->pdata[i - 1];
      SkIdentity *identity = way->identity_uuid != NULL
                             ? sk_inventory_lookup_identity (vault, way->identity_uuid) : NULL;

      if (way->touches_lost)
        affected = TRUE;
      if (way->works)
        item->n_working++;
      /* A way through an identity that is itself lost or cancelled is
       * no way to offer (the lost identities are listed); one that only
       * fails further down its chain is kept, to say why. */
      if (identity != NULL &&
          (sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE ||
           g_strv_contains ((const char * const *) recovery->lost, way->identity_uuid)))
        g_ptr_array_remove_index (item->ways, i - 1);
    }
  if (!affected)
    return NULL;
  item->lost_identities = g_strv_builder_end (lost_ids);
  add_appeal (item->ways);
  item->freeze_channel = sk_recovery_channel_for (vault, uuid, SK_SERVICE_STEP_FREEZE);
  item->appeal_channel = sk_recovery_channel_for (vault, uuid, SK_SERVICE_STEP_APPEAL);

  copy = sk_recovery_lookup_fact (vault, recovery->uuid, "copy", uuid, NULL);
  item->copy_here = sk_account_has_code (account) && sk_account_validate (account, NULL) &&
                    !(copy != NULL && sk_records_get_bool (copy, "stale"));

  /* One verdict with the single-point-of-failure report: no working way
   * is "locked out" there and here; "covered" needs this vault's codes,
   * which no lost identity can take. */
  if (item->money)
    item->risk = SK_RECOVERY_RISK_MONEY;
  else if (item->n_working == 0)
    item->risk = SK_RECOVERY_RISK_LOCKED_OUT;
  else if (!item->copy_here)
    item->risk = SK_RECOVERY_RISK_EXPOSED;
  else
    item->risk = SK_RECOVERY_RISK_COVERED;

  /* Whoever holds the phone may receive the SMS that resets the
   * password: where money moves or nothing else gets us in, freeze. */
  item->needed[SK_RECOVERY_STEP_FREEZE] = item->money || item->n_working == 0;
  item->needed[SK_RECOVERY_STEP_STOP_PAYMENTS] = item->money;
  item->needed[SK_RECOVERY_STEP_MOVE_BALANCE] = item->money;
  item->needed[SK_RECOVERY_STEP_BLOCK_DEVICE] = lost_device;
  item->needed[SK_RECOVERY_STEP_CHANGE_PASSWORD] = TRUE;
  for (guint s = 0; s < SK_RECOVERY_N_STEPS; s++)
    {
      item->done[s] = sk_recovery_get_step (vault, recovery->uuid, uuid, s);
      if (item->needed[s])
        {
          item->n_needed++;
          if (item->done[s] != 0)
            item->n_done++;
        }
    }
  return g_steal_pointer (&item);
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      data)
{
  const SkRecoveryItem *x = *(SkRecoveryItem **) a;
  const SkRecoveryItem *y = *(SkRecoveryItem **) b;
  SkVault *vault = data;
  SkAccount *ax, *ay;
  g_autofree char *kx = NULL;
  g_autofree char *ky = NULL;

  if (x->risk != y->risk)
    return (int) x->risk - (int) y->risk;
  /* Money with no way back before money with one. */
  if ((x->n_working == 0) != (y->n_working == 0))
    return x->n_working == 0 ? -1 : 1;
  if (x->n_working != y->n_working)
    return (int) x->n_working - (int) y->n_working;
  ax = sk_vault_lookup_account (vault, x->account_uuid);
  ay = sk_vault_lookup_account (vault, y->account_uuid);
  kx = g_utf8_collate_key (sk_account_get_display_name (ax), -1);
  ky = g_utf8_collate_key (sk_account_get_display_name (ay), -1);
  return strcmp (kx, ky);
}

GPtrArray *
sk_recovery_plan (SkVault              *vault,
                  const SkRecoveryCase *recovery)
{
  g_autoptr(SkWaysBack) judge = NULL;
  GPtrArray *plan;
  GListModel *accounts;
  guint n;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (recovery != NULL, NULL);

  plan = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_recovery_item_free);
  judge = plan_ways_back (vault, recovery);
  accounts = sk_vault_get_accounts (vault);
  n = g_list_model_get_n_items (accounts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkAccount) account = g_list_model_get_item (accounts, i);
      SkRecoveryItem *item = analyze (vault, recovery, judge, account);

      if (item != NULL)
        g_ptr_array_add (plan, item);
    }
  g_ptr_array_sort_with_data (plan, compare_items, vault);
  return plan;
}

SkRecoveryItem *
sk_recovery_plan_account (SkVault              *vault,
                          const SkRecoveryCase *recovery,
                          const char           *account_uuid,
                          GError              **error)
{
  g_autoptr(SkWaysBack) judge = NULL;
  SkAccount *account;
  SkRecoveryItem *item;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (recovery != NULL, NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  account = sk_vault_lookup_account (vault, account_uuid);
  if (account == NULL)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return NULL;
    }
  judge = plan_ways_back (vault, recovery);
  item = analyze (vault, recovery, judge, account);
  if (item == NULL)
    g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_AFFECTED,
                 _("“%s” is not bound to anything that was lost"),
                 sk_account_get_display_name (account));
  return item;
}

void
sk_recovery_set_copy_stale (SkVault    *vault,
                            const char *case_uuid,
                            const char *account_uuid,
                            gboolean    stale,
                            gint64      now)
{
  JsonObject *record;

  g_return_if_fail (SK_IS_VAULT (vault));
  g_return_if_fail (case_uuid != NULL && account_uuid != NULL);

  record = dup_fact (vault, case_uuid, "copy", account_uuid, NULL);
  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_boolean_member (record, "stale", stale);
  sk_recovery_put_fact (vault, case_uuid, "copy", account_uuid, NULL, record, now);
}

/* Steps and evidence ---------------------------------------------------- */

static gboolean
check_target (SkVault              *vault,
              const SkRecoveryCase *recovery,
              const char           *target,
              SkRecoveryStep        step,
              GError              **error)
{
  if (step == SK_RECOVERY_STEP_SUSPEND_NUMBER)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, target);

      if (identity == NULL ||
          !g_strv_contains ((const char * const *) recovery->lost, target) ||
          sk_identity_get_kind (identity) != SK_IDENTITY_PHONE)
        {
          g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                       _("“%s” is done once per lost phone number: name the number, not an account"),
                       sk_recovery_step_to_string (step));
          return FALSE;
        }
      return TRUE;
    }
  if (sk_vault_lookup_account (vault, target) == NULL)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), target);
      return FALSE;
    }
  return TRUE;
}

gboolean
sk_recovery_set_step (SkVault        *vault,
                      const char     *case_uuid,
                      const char     *target,
                      SkRecoveryStep  step,
                      gboolean        done,
                      gint64          now,
                      GError        **error)
{
  g_autoptr(SkRecoveryCase) recovery = NULL;
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (target != NULL, FALSE);

  if ((guint) step >= SK_RECOVERY_N_STEPS)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                   _("unknown step %d"), (int) step);
      return FALSE;
    }
  if (lookup_case (vault, case_uuid, error) == NULL)
    return FALSE;
  recovery = case_from_record (sk_records_lookup (vault, SK_SECTION_RECOVERY, case_uuid));
  if (!check_target (vault, recovery, target, step, error))
    return FALSE;

  record = dup_fact (vault, case_uuid, "step", target, step_names[step]);
  json_object_set_string_member (record, "target", target);
  json_object_set_string_member (record, "step", step_names[step]);
  json_object_set_int_member (record, "done", done ? now : 0);
  sk_recovery_put_fact (vault, case_uuid, "step", target, step_names[step], record, now);
  return TRUE;
}

gint64
sk_recovery_get_step (SkVault        *vault,
                      const char     *case_uuid,
                      const char     *target,
                      SkRecoveryStep  step)
{
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail ((guint) step < SK_RECOVERY_N_STEPS, 0);

  if (case_uuid == NULL || target == NULL)
    return 0;
  record = sk_recovery_lookup_fact (vault, case_uuid, "step", target, step_names[step]);
  return record != NULL ? MAX (sk_records_get_int (record, "done", 0), 0) : 0;
}

gboolean
sk_recovery_set_evidence (SkVault            *vault,
                          const char         *case_uuid,
                          const char         *account_uuid,
                          SkRecoveryEvidence  item,
                          int                 have,
                          const char         *note,
                          gint64              now,
                          GError            **error)
{
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  if ((guint) item >= SK_RECOVERY_N_EVIDENCE)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                   _("unknown evidence item %d"), (int) item);
      return FALSE;
    }
  if (lookup_case (vault, case_uuid, error) == NULL)
    return FALSE;
  if (sk_vault_lookup_account (vault, account_uuid) == NULL)
    {
      g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                   _("no account with the id “%s”"), account_uuid);
      return FALSE;
    }

  record = dup_fact (vault, case_uuid, "evidence", account_uuid, evidence_names[item]);
  json_object_set_string_member (record, "account", account_uuid);
  json_object_set_string_member (record, "item", evidence_names[item]);
  if (have >= 0)
    json_object_set_boolean_member (record, "have", have != 0);
  if (note != NULL)
    sk_records_set_string (record, "note", note);
  sk_recovery_put_fact (vault, case_uuid, "evidence", account_uuid, evidence_names[item],
                        record, now);
  return TRUE;
}

gboolean
sk_recovery_get_evidence (SkVault             *vault,
                          const char          *case_uuid,
                          const char          *account_uuid,
                          SkRecoveryEvidence   item,
                          char               **note)
{
  JsonObject *record;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail ((guint) item < SK_RECOVERY_N_EVIDENCE, FALSE);

  if (note != NULL)
    *note = NULL;
  if (case_uuid == NULL || account_uuid == NULL)
    return FALSE;
  record = sk_recovery_lookup_fact (vault, case_uuid, "evidence", account_uuid,
                                    evidence_names[item]);
  if (record == NULL)
    return FALSE;
  if (note != NULL)
    *note = g_strdup (sk_records_get_string (record, "note"));
  return sk_records_get_bool (record, "have");
}

/* Closing out ------------------------------------------------------------ */

/* The sections closing writes to: what its undo puts back. */
static const char * const undo_sections[] = {
  SK_SECTION_IDENTITIES, SK_SECTION_BINDINGS, SK_SECTION_ACCOUNT_INFO,
};

/* uuid -> a copy of every live record of @section, taken before closing
 * so that its undo knows what each record it changes was. */
static GHashTable *
snapshot_section (SkVault    *vault,
                  const char *section)
{
  g_autoptr(GPtrArray) records = sk_records_list (vault, section, NULL, NULL);
  GHashTable *snapshot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_object_unref);

  for (guint i = 0; i < records->len; i++)
    {
      const char *uuid = sk_records_get_string (records->pdata[i], "uuid");

      if (uuid != NULL)
        g_hash_table_insert (snapshot, g_strdup (uuid), sk_records_dup (records->pdata[i]));
    }
  return snapshot;
}

/* One entry per record of @section that closing created, changed or
 * deleted: the record before (absent: it was created) and the "updated"
 * time closing gave it (0: deleted), which the undo checks is still so. */
static void
add_undo_entries (SkVault    *vault,
                  const char *section,
                  GHashTable *before,
                  JsonArray  *undo)
{
  g_autoptr(GPtrArray) records = sk_records_list (vault, section, NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *now_record = records->pdata[i];
      const char *uuid = sk_records_get_string (now_record, "uuid");
      JsonObject *old, *entry;
      gint64 updated = sk_records_get_int (now_record, "updated", 0);

      if (uuid == NULL)
        continue;
      g_hash_table_add (seen, (gpointer) uuid);
      old = g_hash_table_lookup (before, uuid);
      if (old != NULL && sk_records_get_int (old, "updated", 0) == updated)
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "section", section);
      json_object_set_string_member (entry, "uuid", uuid);
      json_object_set_int_member (entry, "updated", updated);
      if (old != NULL)
        json_object_set_object_member (entry, "before", json_object_ref (old));
      json_array_add_object_element (undo, entry);
    }
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonObject *entry;

      if (g_hash_table_contains (seen, key))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "section", section);
      json_object_set_string_member (entry, "uuid", key);
      json_object_set_int_member (entry, "updated", 0);
      json_object_set_object_member (entry, "before", json_object_ref (value));
      json_array_add_object_element (undo, entry);
    }
}

/* The bindings of @account_uuid to the lost identities (to @lost_uuid
 * only, if not NULL): what closing moves. */
static GPtrArray *
lost_bindings (SkVault        *vault,
               SkRecoveryCase *recovery,
               const char     *account_uuid,
               const char     *lost_uuid)
{
  g_autoptr(GPtrArray) bindings = sk_inventory_list_bindings (vault, account_uuid, NULL);
  GPtrArray *lost = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < bindings->len; i++)
    {
      const char *identity = sk_binding_get_identity_uuid (bindings->pdata[i]);

      if (g_strv_contains ((const char * const *) recovery->lost, identity) &&
          (lost_uuid == NULL || g_str_equal (identity, lost_uuid)))
        g_ptr_array_add (lost, g_object_ref (bindings->pdata[i]));
    }
  return lost;
}

guint
sk_recovery_count_moves (SkVault        *vault,
                         SkRecoveryCase *recovery,
                         const char     *lost_uuid)
{
  g_autoptr(GPtrArray) plan = NULL;
  guint n = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (recovery != NULL && lost_uuid != NULL, 0);

  plan = sk_recovery_plan (vault, recovery);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      g_autoptr(GPtrArray) bindings = lost_bindings (vault, recovery, item->account_uuid, lost_uuid);

      n += bindings->len;
    }
  return n;
}

/* The new identity that takes the place of @old: the same kind. */
static const char *
replacement_for (GPtrArray  *news,
                 SkIdentity *old)
{
  for (guint i = 0; i < news->len; i++)
    {
      SkIdentity *identity = news->pdata[i];

      if (sk_identity_get_kind (identity) == sk_identity_get_kind (old))
        return sk_identity_get_uuid (identity);
    }
  return NULL;
}

gboolean
sk_recovery_close (SkVault            *vault,
                   const char         *case_uuid,
                   const char * const *new_uuids,
                   guint               audit_days,
                   gint64              now,
                   guint              *n_rebound,
                   GError            **error)
{
  g_autoptr(GPtrArray) news = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SkRecoveryCase) recovery = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autofree char *day = NULL;
  g_autofree char *audit_date = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  JsonObject *record;
  JsonArray *undo;
  guint moved = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (new_uuids != NULL, FALSE);

  record = lookup_case (vault, case_uuid, error);
  if (record == NULL)
    return FALSE;
  recovery = case_from_record (record);
  for (guint i = 0; new_uuids[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, new_uuids[i]);

      if (identity == NULL)
        {
          g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NOT_FOUND,
                       _("no identity with the id “%s”"), new_uuids[i]);
          return FALSE;
        }
      if (g_strv_contains ((const char * const *) recovery->lost, sk_identity_get_uuid (identity)))
        {
          g_set_error (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                       _("“%s” is one of the lost identities; name the new number or device"),
                       sk_identity_get_value (identity));
          return FALSE;
        }
      g_ptr_array_add (news, g_object_ref (identity));
    }

  day = sk_recovery_today (now);
  if (audit_days == 0)
    audit_days = 7;
  today = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  {
    g_autoptr(GDateTime) later = g_date_time_add_days (today, audit_days);

    audit_date = g_date_time_format (later, "%Y-%m-%d");
  }

  for (guint i = 0; i < G_N_ELEMENTS (undo_sections); i++)
    g_ptr_array_add (before, snapshot_section (vault, undo_sections[i]));
  plan = sk_recovery_plan (vault, recovery);
  for (guint i = 0; i < plan->len; i++)
    {
      SkRecoveryItem *item = plan->pdata[i];
      g_autoptr(GPtrArray) bindings = lost_bindings (vault, recovery, item->account_uuid, NULL);

      for (guint j = 0; j < bindings->len; j++)
        {
          SkBinding *binding = bindings->pdata[j];
          SkIdentity *old = sk_inventory_lookup_identity (vault, sk_binding_get_identity_uuid (binding));
          g_autofree char *bound = NULL;
          const char *replacement = old != NULL ? replacement_for (news, old) : NULL;

          if (replacement == NULL)
            continue;
          bound = sk_inventory_bind (vault, sk_binding_get_account_uuid (binding), replacement,
                                     sk_binding_get_role (binding), day, NULL,
                                     sk_binding_get_note (binding), now, error);
          if (bound == NULL)
            return FALSE;
          sk_inventory_unbind (vault, sk_binding_get_account_uuid (binding),
                               sk_binding_get_identity_uuid (binding),
                               sk_binding_get_role (binding), now);
          moved++;
        }
      if (!sk_audit_request (vault, item->account_uuid, audit_date, now, error))
        return FALSE;
    }

  /* The old number or device is retired: cancelled, kept for history. */
  for (guint i = 0; recovery->lost[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, recovery->lost[i]);
      g_autoptr(SkIdentity) old = NULL;

      if (identity == NULL || sk_identity_get_status (identity) == SK_IDENTITY_CANCELLED)
        continue;
      old = sk_identity_copy (identity);
      sk_identity_set_status (old, SK_IDENTITY_CANCELLED);
      if (!sk_inventory_save_identity (vault, old, now, error))
        return FALSE;
    }

  record = sk_records_dup (sk_records_lookup (vault, SK_SECTION_RECOVERY, case_uuid));
  set_strv (record, "replacements", new_uuids);
  undo = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (undo_sections); i++)
    add_undo_entries (vault, undo_sections[i], before->pdata[i], undo);
  json_object_set_array_member (record, "undo", undo);
  json_object_set_boolean_member (record, "closed", TRUE);
  json_object_set_int_member (record, "closed_time", now);
  sk_records_put (vault, SK_SECTION_RECOVERY, case_uuid, record, now);
  if (n_rebound != NULL)
    *n_rebound = moved;
  return TRUE;
}

/* The newest closed case record (borrowed), NULL if none. */
static JsonObject *
last_closed_record (SkVault *vault)
{
  g_autoptr(GPtrArray) records = sk_records_list (vault, SK_SECTION_RECOVERY, "type", "case");
  JsonObject *best = NULL;

  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];

      if (!sk_records_get_bool (record, "closed"))
        continue;
      if (best == NULL ||
          sk_records_get_int (record, "closed_time", 0) > sk_records_get_int (best, "closed_time", 0))
        best = record;
    }
  return best;
}

gboolean
sk_recovery_undo_close (SkVault  *vault,
                        gint64    now,
                        char    **case_uuid,
                        GError  **error)
{
  JsonObject *closed;
  JsonArray *undo;
  JsonObject *record;
  const char *uuid;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);

  if (open_case_record (vault) != NULL)
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NO_CASE,
                           _("a recovery is under way: there is no closing to undo"));
      return FALSE;
    }
  closed = last_closed_record (vault);
  undo = closed != NULL && json_object_has_member (closed, "undo")
    ? json_object_get_array_member (closed, "undo") : NULL;
  if (undo == NULL)
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_NO_CASE,
                           _("no closed recovery can be undone"));
      return FALSE;
    }

  /* All or nothing: first check that every record closing wrote is still
   * as it left it, so that the undo overwrites nothing done since. */
  for (guint i = 0; i < json_array_get_length (undo); i++)
    {
      JsonObject *entry = json_array_get_object_element (undo, i);
      const char *section = entry != NULL ? sk_records_get_string (entry, "section") : NULL;
      const char *id = entry != NULL ? sk_records_get_string (entry, "uuid") : NULL;
      JsonObject *current;
      gint64 updated;

      if (section == NULL || id == NULL ||
          !(g_str_equal (section, SK_SECTION_IDENTITIES) || g_str_equal (section, SK_SECTION_BINDINGS) ||
            g_str_equal (section, SK_SECTION_ACCOUNT_INFO)))
        {
          g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                               _("the record of the closed recovery is damaged: it cannot be undone"));
          return FALSE;
        }
      current = sk_records_lookup (vault, section, id);
      updated = sk_records_get_int (entry, "updated", 0);
      if ((updated == 0) != (current == NULL) ||
          (current != NULL && sk_records_get_int (current, "updated", 0) != updated))
        {
          g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_CHANGED,
                               _("the numbers, devices or bindings changed since the recovery was "
                                 "closed: it can no longer be undone"));
          return FALSE;
        }
    }

  uuid = sk_records_get_string (closed, "uuid");
  if (uuid == NULL)
    {
      g_set_error_literal (error, SK_RECOVERY_ERROR, SK_RECOVERY_ERROR_INVALID,
                           _("the record of the closed recovery is damaged: it cannot be undone"));
      return FALSE;
    }
  record = sk_records_dup (closed);
  for (guint i = 0; i < json_array_get_length (undo); i++)
    {
      JsonObject *entry = json_array_get_object_element (undo, i);
      const char *section = sk_records_get_string (entry, "section");
      const char *id = sk_records_get_string (entry, "uuid");

      if (json_object_has_member (entry, "before") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (entry, "before")))
        sk_records_put (vault, section, id,
                        sk_records_dup (json_object_get_object_member (entry, "before")), now);
      else
        sk_records_delete (vault, section, id, now);
    }
  json_object_remove_member (record, "undo");
  json_object_remove_member (record, "replacements");
  json_object_remove_member (record, "closed_time");
  json_object_set_boolean_member (record, "closed", FALSE);
  if (case_uuid != NULL)
    *case_uuid = g_strdup (uuid);
  sk_records_put (vault, SK_SECTION_RECOVERY, uuid, record, now);
  return TRUE;
}
