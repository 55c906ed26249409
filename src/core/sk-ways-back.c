/* sk-ways-back.c: which ways back into an account still work once some
 * identities are lost, followed through the accounts that own them
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sk-inventory-private.h"
#include "sk-records-private.h"
#include "sparekey/sk-inventory.h"
#include "sparekey/sk-recovery-codes.h"
#include "sparekey/sk-ways-back.h"

/* Longer chains than this many accounts are not followed: nobody's
 * mailbox hangs on a dozen accounts, and the search stays bounded. */
#define MAX_DEPTH 12

/* What every context over one vault shares: read once. */
typedef struct {
  gatomicrefcount  ref;
  SkVault         *vault;
  GHashTable      *codes;   /* account uuid -> SkCodeCount (sk_recovery_codes_count_all) */
  GHashTable      *stale;   /* account uuids whose copy here no longer works */
} Shared;

struct _SkWaysBack {
  Shared     *shared;
  GHashTable *lost;         /* identity uuids lost (not owned) */
  char       *extra_lost;   /* new_losing(): the one more, owned */
  /* account uuid -> GINT_TO_POINTER (1 works, 2 does not): results that
   * hold whatever the path that asked (see works()). */
  GHashTable *memo;
  GHashTable *path;         /* accounts on the chain being followed */
  guint       cycles;       /* times a chain came back on itself */
  GHashTable *losing;       /* identity uuid -> context losing it too */
  GHashTable *touched;      /* account uuid -> 1 or 2: touches_lost() */
};

typedef struct _Found Found;
static void found_free (Found *found);

static Shared *
shared_ref (Shared *shared)
{
  g_atomic_ref_count_inc (&shared->ref);
  return shared;
}

static void
shared_unref (Shared *shared)
{
  if (!g_atomic_ref_count_dec (&shared->ref))
    return;
  g_clear_pointer (&shared->codes, g_hash_table_unref);
  g_clear_pointer (&shared->stale, g_hash_table_unref);
  g_object_unref (shared->vault);
  g_free (shared);
}

static SkWaysBack *
ways_back_new (Shared *shared)
{
  SkWaysBack *self = g_new0 (SkWaysBack, 1);

  self->shared = shared;
  self->lost = g_hash_table_new (g_str_hash, g_str_equal);
  self->memo = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) found_free);
  self->path = g_hash_table_new (g_str_hash, g_str_equal);
  return self;
}

/**
 * sk_ways_back_new:
 * @lost_uuids: (nullable): the identities lost
 *
 * Returns: (transfer full): a context; @lost_uuids is copied
 */
SkWaysBack *
sk_ways_back_new (SkVault            *vault,
                  const char * const *lost_uuids)
{
  Shared *shared;
  SkWaysBack *self;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  shared = g_new0 (Shared, 1);
  g_atomic_ref_count_init (&shared->ref);
  shared->vault = g_object_ref (vault);
  shared->codes = sk_recovery_codes_count_all (vault);
  shared->stale = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self = ways_back_new (shared);
  /* The uuids are interned in the vault's identities: borrowed from
   * there, so the set needs no copies. */
  for (guint i = 0; lost_uuids != NULL && lost_uuids[i] != NULL; i++)
    {
      SkIdentity *identity = sk_inventory_lookup_identity (vault, lost_uuids[i]);

      if (identity != NULL)
        g_hash_table_add (self->lost, (char *) sk_identity_get_uuid (identity));
    }
  return self;
}

SkWaysBack *
sk_ways_back_new_losing (SkWaysBack *base,
                         const char *identity_uuid)
{
  SkWaysBack *self;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (base != NULL, NULL);
  g_return_val_if_fail (identity_uuid != NULL, NULL);

  self = ways_back_new (shared_ref (base->shared));
  g_hash_table_iter_init (&iter, base->lost);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (self->lost, key);
  self->extra_lost = g_strdup (identity_uuid);
  g_hash_table_add (self->lost, self->extra_lost);
  return self;
}

void
sk_ways_back_free (SkWaysBack *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->lost);
  g_hash_table_unref (self->memo);
  g_hash_table_unref (self->path);
  g_clear_pointer (&self->losing, g_hash_table_unref);
  g_clear_pointer (&self->touched, g_hash_table_unref);
  g_free (self->extra_lost);
  shared_unref (self->shared);
  g_free (self);
}

void
sk_ways_back_set_copy_stale (SkWaysBack *self,
                             const char *account_uuid)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (account_uuid != NULL);

  g_hash_table_add (self->shared->stale, g_strdup (account_uuid));
  g_hash_table_remove_all (self->memo);
  g_clear_pointer (&self->losing, g_hash_table_unref);
}

/* Ways ---------------------------------------------------------------------- */

static gboolean
is_lost (SkWaysBack *self,
         SkIdentity *identity)
{
  return sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE ||
         g_hash_table_contains (self->lost, sk_identity_get_uuid (identity));
}

/* The kind of way a binding in @role to @identity is, or -1 when the role
 * is no way back (login, payout). */
static int
binding_way (SkBindingRole  role,
             SkIdentity    *identity)
{
  if (!sk_binding_role_is_recovery_path (role))
    return -1;
  switch (role)
    {
    case SK_ROLE_RECOVERY_EMAIL:
      return SK_RECOVERY_WAY_RECOVERY_EMAIL;
    case SK_ROLE_THIRD_PARTY_LOGIN:
      return SK_RECOVERY_WAY_THIRD_PARTY;
    case SK_ROLE_TRUSTED_DEVICE:
      return sk_identity_get_kind (identity) == SK_IDENTITY_HARDWARE_KEY
             ? SK_RECOVERY_WAY_OTHER_FACTOR : SK_RECOVERY_WAY_TRUSTED_DEVICE;
    case SK_ROLE_SECURITY_PHONE:
    case SK_ROLE_AUTHENTICATOR_DEVICE:
    default:
      return SK_RECOVERY_WAY_OTHER_FACTOR;
    }
}

/* The ways that need no identity: this vault's codes, recovery codes,
 * the password alone. */
static gboolean
has_own_way (SkWaysBack *self,
             SkAccount  *account)
{
  const char *uuid = sk_account_get_uuid (account);
  SkCodeCount *count = g_hash_table_lookup (self->shared->codes, uuid);
  SkProtection protection = sk_account_get_protection (account);

  if (sk_account_has_code (account) && sk_account_validate (account, NULL) &&
      !g_hash_table_contains (self->shared->stale, uuid))
    return TRUE;
  if (count != NULL && count->remaining > 0)
    return TRUE;
  return protection == SK_PROTECTION_PASSWORD || protection == SK_PROTECTION_NONE;
}

static gboolean works (SkWaysBack *self, const char *account_uuid);

/* Whether the binding's identity gives a way back: active, not lost, and
 * its owning account (if it names one) reachable. */
static gboolean
identity_works (SkWaysBack *self,
                SkIdentity *identity)
{
  const char *owner = sk_identity_get_account (identity);

  if (is_lost (self, identity))
    return FALSE;
  if (owner == NULL)
    return TRUE;
  return works (self, owner);
}

/* What the search found for an account: whether it works, and if so
 * the accounts its way back runs through (itself first; borrowed uuids
 * of the vault's accounts). */
struct _Found {
  gboolean   works;
  GPtrArray *through;
};

static void
found_free (Found *found)
{
  g_clear_pointer (&found->through, g_ptr_array_unref);
  g_free (found);
}

static void
remember (SkWaysBack *self,
          const char *account_uuid,
          gboolean    result,
          Found      *via)
{
  Found *found = g_new0 (Found, 1);

  found->works = result;
  if (result)
    {
      found->through = g_ptr_array_new ();
      g_ptr_array_add (found->through, (char *) account_uuid);
      for (guint i = 0; via != NULL && i < via->through->len; i++)
        g_ptr_array_add (found->through, via->through->pdata[i]);
    }
  g_hash_table_replace (self->memo, (char *) account_uuid, found);
}

/* A known "yes" serves a caller whose chain it does not cross. */
static gboolean
crosses_path (SkWaysBack *self,
              Found      *found)
{
  for (guint i = 0; i < found->through->len; i++)
    if (g_hash_table_contains (self->path, found->through->pdata[i]))
      return TRUE;
  return FALSE;
}

/*
 * Whether @account_uuid has a working way back: a search along the
 * owners, which never steps on an account twice on one chain. A "yes" is
 * remembered with the accounts its chain runs through, and serves any
 * later caller whose own chain does not cross them; a "no" found while
 * some chain was cut for coming back on itself may be a "yes" for
 * another caller, so it is only remembered when no cut happened below
 * it, or at the top.
 */
static gboolean
works (SkWaysBack *self,
       const char *account_uuid)
{
  Found *known = g_hash_table_lookup (self->memo, account_uuid);
  Found *via = NULL;
  SkAccount *account;
  GListModel *bindings;
  gboolean result = FALSE;
  guint cycles_before = self->cycles;
  guint n;

  /* The path first: an account on it is no way back into itself, even
   * one known to work otherwise. */
  if (g_hash_table_contains (self->path, account_uuid) ||
      g_hash_table_size (self->path) >= MAX_DEPTH)
    {
      self->cycles++;
      return FALSE;
    }
  if (known != NULL && (!known->works || !crosses_path (self, known)))
    return known->works;
  account = sk_vault_lookup_account (self->shared->vault, account_uuid);
  if (account == NULL)
    return FALSE;
  /* The memo's keys are the account's own uuid string, alive as long
   * as the account is. */
  account_uuid = sk_account_get_uuid (account);
  if (has_own_way (self, account))
    {
      remember (self, account_uuid, TRUE, NULL);
      return TRUE;
    }

  g_hash_table_add (self->path, (char *) account_uuid);
  bindings = sk_inventory_peek_account_bindings (self->shared->vault, account_uuid);
  n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  for (guint i = 0; i < n && !result; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity = sk_inventory_lookup_identity (self->shared->vault,
                                                           sk_binding_get_identity_uuid (binding));
      const char *owner;

      if (identity == NULL || binding_way (sk_binding_get_role (binding), identity) < 0 ||
          is_lost (self, identity))
        continue;
      owner = sk_identity_get_account (identity);
      if (owner == NULL)
        result = TRUE;
      else if (works (self, owner))
        {
          result = TRUE;
          via = g_hash_table_lookup (self->memo, sk_account_get_uuid (sk_vault_lookup_account (self->shared->vault, owner)));
        }
    }
  g_hash_table_remove (self->path, account_uuid);

  if (result || self->cycles == cycles_before || g_hash_table_size (self->path) == 0)
    remember (self, account_uuid, result, via);
  return result;
}

/* Whether a way back of @account runs into one of the identities lost
 * here (not those lost before): through its owners, each account looked
 * at once per context. */
static gboolean
touches_lost (SkWaysBack *self,
              SkAccount  *account)
{
  const char *uuid = sk_account_get_uuid (account);
  gpointer known = self->touched != NULL ? g_hash_table_lookup (self->touched, uuid) : NULL;
  GListModel *bindings;
  gboolean result = FALSE;
  guint n;

  if (known != NULL)
    return GPOINTER_TO_INT (known) == 1;
  if (self->touched == NULL)
    self->touched = g_hash_table_new (g_str_hash, g_str_equal);
  /* Marked "no" while being looked at: a cycle adds nothing. */
  g_hash_table_insert (self->touched, (char *) uuid, GINT_TO_POINTER (2));
  bindings = sk_inventory_peek_account_bindings (self->shared->vault, uuid);
  n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  for (guint i = 0; i < n && !result; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity = sk_inventory_lookup_identity (self->shared->vault,
                                                           sk_binding_get_identity_uuid (binding));
      SkAccount *owner;

      if (identity == NULL || binding_way (sk_binding_get_role (binding), identity) < 0)
        continue;
      if (g_hash_table_contains (self->lost, sk_identity_get_uuid (identity)))
        result = TRUE;
      else if (sk_identity_get_account (identity) != NULL &&
               (owner = sk_vault_lookup_account (self->shared->vault, sk_identity_get_account (identity))) != NULL)
        result = touches_lost (self, owner);
    }
  g_hash_table_insert (self->touched, (char *) uuid, GINT_TO_POINTER (result ? 1 : 2));
  return result;
}

gboolean
sk_ways_back_touches_lost (SkWaysBack *self,
                           const char *account_uuid)
{
  SkAccount *account;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  account = sk_vault_lookup_account (self->shared->vault, account_uuid);
  return account != NULL && touches_lost (self, account);
}

gboolean
sk_ways_back_account_works (SkWaysBack *self,
                            const char *account_uuid)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (account_uuid != NULL, FALSE);

  return works (self, account_uuid);
}

/* Chains in words ------------------------------------------------------------ */

/* One link for a binding: "recovery email zhang@qq.com". */
static char *
link_words (SkBindingRole  role,
            SkIdentity    *identity)
{
  g_autofree char *display = sk_identity_dup_display (identity, FALSE);

  switch (role)
    {
    case SK_ROLE_SECURITY_PHONE:
      /* Translators: a link of a chain of ways back, e.g. "security phone +86 13800138000" */
      return g_strdup_printf (_("security phone %s"), display);
    case SK_ROLE_RECOVERY_EMAIL:
      /* Translators: a link of a chain of ways back */
      return g_strdup_printf (_("recovery email %s"), display);
    case SK_ROLE_AUTHENTICATOR_DEVICE:
      /* Translators: a link of a chain of ways back */
      return g_strdup_printf (_("authenticator on %s"), display);
    case SK_ROLE_THIRD_PARTY_LOGIN:
      /* Translators: a link of a chain of ways back, e.g. "sign-in through WeChat zhang" */
      return g_strdup_printf (_("sign-in through %s"), display);
    case SK_ROLE_TRUSTED_DEVICE:
      /* Translators: a link of a chain of ways back */
      return g_strdup_printf (_("trusted device %s"), display);
    case SK_ROLE_LOGIN:
    case SK_ROLE_PAYOUT_ACCOUNT:
    default:
      return g_strdup (display);
    }
}

/* g_strv_builder_take() is newer than our GLib. */
static void
builder_take (GStrvBuilder *builder,
              char         *text)
{
  g_strv_builder_add (builder, text);
  g_free (text);
}

typedef struct {
  GStrvBuilder *words;
  gboolean      touches_lost;
} Chain;

static void explain_account (SkWaysBack *self, SkAccount *account, Chain *chain);

/* The words of a binding way, after the account's name: the link, then
 * why it works or not, through its owner. */
static void
explain_binding (SkWaysBack    *self,
                 SkBindingRole  role,
                 SkIdentity    *identity,
                 Chain         *chain)
{
  g_autofree char *link = link_words (role, identity);
  const char *owner_uuid = sk_identity_get_account (identity);
  SkAccount *owner;

  if (g_hash_table_contains (self->lost, sk_identity_get_uuid (identity)))
    {
      /* Translators: a lost link ending a chain of ways back: "security phone +86 138… (lost)" */
      builder_take (chain->words, g_strdup_printf (_("%s (lost)"), link));
      chain->touches_lost = TRUE;
      return;
    }
  if (sk_identity_get_status (identity) != SK_IDENTITY_ACTIVE)
    {
      builder_take (chain->words, g_strdup_printf ("%s (%s)", link,
                                                          sk_identity_status_get_label (sk_identity_get_status (identity))));
      return;
    }
  g_strv_builder_add (chain->words, link);
  if (owner_uuid == NULL)
    return;
  owner = sk_vault_lookup_account (self->shared->vault, owner_uuid);
  if (owner == NULL)
    {
      g_strv_builder_add (chain->words, _("its account was removed: no way back"));
      return;
    }
  if (g_hash_table_contains (self->path, sk_account_get_uuid (owner)))
    {
      /* Translators: a chain of ways back that comes back to an account already on it */
      builder_take (chain->words, g_strdup_printf (_("%s (again: a cycle, no way back)"),
                                                          sk_account_get_display_name (owner)));
      return;
    }
  if (g_hash_table_size (self->path) >= MAX_DEPTH)
    {
      g_strv_builder_add (chain->words, _("a chain too long to follow"));
      return;
    }
  explain_account (self, owner, chain);
}

/* An SkRecoveryWay of a binding, with its words (the account's name
 * first). @account is on the path. */
static SkRecoveryWay *
binding_way_new (SkWaysBack    *self,
                 SkAccount     *account,
                 SkBindingRole  role,
                 SkIdentity    *identity,
                 int            kind)
{
  SkRecoveryWay *way = g_new0 (SkRecoveryWay, 1);
  Chain chain = { g_strv_builder_new (), FALSE };
  gboolean added;

  way->kind = kind;
  way->identity_uuid = g_strdup (sk_identity_get_uuid (identity));
  /* A way back into the account may not lean on the account itself. */
  added = g_hash_table_add (self->path, (char *) sk_account_get_uuid (account));
  way->works = identity_works (self, identity);
  g_strv_builder_add (chain.words, sk_account_get_display_name (account));
  explain_binding (self, role, identity, &chain);
  if (added)
    g_hash_table_remove (self->path, sk_account_get_uuid (account));
  way->chain = g_strv_builder_end (chain.words);
  way->touches_lost = chain.touches_lost;
  g_strv_builder_unref (chain.words);
  return way;
}

static SkRecoveryWay *
own_way_new (SkRecoveryWayKind  kind,
             SkAccount         *account,
             const char        *words,
             guint              count)
{
  SkRecoveryWay *way = g_new0 (SkRecoveryWay, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  way->kind = kind;
  way->count = count;
  way->works = TRUE;
  g_strv_builder_add (builder, sk_account_get_display_name (account));
  g_strv_builder_add (builder, words);
  way->chain = g_strv_builder_end (builder);
  return way;
}

static int
way_rank (SkRecoveryWayKind kind)
{
  /* The password alone comes right after the codes. */
  return kind == SK_RECOVERY_WAY_PASSWORD ? SK_RECOVERY_WAY_RECOVERY_CODE * 2 + 1 : (int) kind * 2;
}

static int
compare_ways (gconstpointer a,
              gconstpointer b)
{
  const SkRecoveryWay *x = *(SkRecoveryWay **) a;
  const SkRecoveryWay *y = *(SkRecoveryWay **) b;

  if (x->works != y->works)
    return x->works ? -1 : 1;
  return way_rank (x->kind) - way_rank (y->kind);
}

/* The ways of @account (which the caller put on the path or not). */
static GPtrArray *
list_ways (SkWaysBack *self,
           SkAccount  *account)
{
  const char *uuid = sk_account_get_uuid (account);
  GPtrArray *ways = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_recovery_way_free);
  SkCodeCount *count = g_hash_table_lookup (self->shared->codes, uuid);
  SkProtection protection = sk_account_get_protection (account);
  GListModel *bindings = sk_inventory_peek_account_bindings (self->shared->vault, uuid);
  guint n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;

  if (sk_account_has_code (account) && sk_account_validate (account, NULL) &&
      !g_hash_table_contains (self->shared->stale, uuid))
    g_ptr_array_add (ways, own_way_new (SK_RECOVERY_WAY_VAULT_CODES, account,
                                        _("codes from this vault"), 0));
  if (count != NULL && count->remaining > 0)
    {
      g_autofree char *words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u unused recovery code",
                                                             "%u unused recovery codes",
                                                             count->remaining),
                                                count->remaining);

      g_ptr_array_add (ways, own_way_new (SK_RECOVERY_WAY_RECOVERY_CODE, account, words,
                                          count->remaining));
    }
  if (protection == SK_PROTECTION_PASSWORD || protection == SK_PROTECTION_NONE)
    g_ptr_array_add (ways, own_way_new (SK_RECOVERY_WAY_PASSWORD, account,
                                        _("the password alone"), 0));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity = sk_inventory_lookup_identity (self->shared->vault,
                                                           sk_binding_get_identity_uuid (binding));
      int kind;

      if (identity == NULL)
        continue;
      kind = binding_way (sk_binding_get_role (binding), identity);
      if (kind >= 0)
        g_ptr_array_add (ways, binding_way_new (self, account, sk_binding_get_role (binding),
                                                identity, kind));
    }
  g_ptr_array_sort (ways, compare_ways);
  return ways;
}

/* The words of an own way (no identity), or NULL: this vault's codes,
 * recovery codes, the password alone. */
static char *
own_way_words (SkWaysBack *self,
               SkAccount  *account)
{
  const char *uuid = sk_account_get_uuid (account);
  SkCodeCount *count = g_hash_table_lookup (self->shared->codes, uuid);
  SkProtection protection = sk_account_get_protection (account);

  if (sk_account_has_code (account) && sk_account_validate (account, NULL) &&
      !g_hash_table_contains (self->shared->stale, uuid))
    return g_strdup (_("codes from this vault"));
  if (count != NULL && count->remaining > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unused recovery code",
                                         "%u unused recovery codes", count->remaining),
                            count->remaining);
  if (protection == SK_PROTECTION_PASSWORD || protection == SK_PROTECTION_NONE)
    return g_strdup (_("the password alone"));
  return NULL;
}

/* The binding of @account to explain or follow, with @account on the
 * path: the first that works; else the first through an identity lost
 * here; else the first way back at all. NULL when it has none. */
static SkBinding *
pick_binding (SkWaysBack *self,
              SkAccount  *account,
              gboolean   *works_out)
{
  GListModel *bindings = sk_inventory_peek_account_bindings (self->shared->vault, sk_account_get_uuid (account));
  guint n = bindings != NULL ? g_list_model_get_n_items (bindings) : 0;
  SkBinding *lost = NULL, *first = NULL;

  *works_out = FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SkBinding) binding = g_list_model_get_item (bindings, i);
      SkIdentity *identity = sk_inventory_lookup_identity (self->shared->vault,
                                                           sk_binding_get_identity_uuid (binding));

      if (identity == NULL || binding_way (sk_binding_get_role (binding), identity) < 0)
        continue;
      if (identity_works (self, identity))
        {
          *works_out = TRUE;
          g_clear_object (&lost);
          g_clear_object (&first);
          return g_steal_pointer (&binding);
        }
      if (lost == NULL && g_hash_table_contains (self->lost, sk_identity_get_uuid (identity)))
        lost = g_object_ref (binding);
      if (first == NULL)
        first = g_object_ref (binding);
    }
  if (lost != NULL)
    {
      g_clear_object (&first);
      return lost;
    }
  return first;
}

/* The owner's part of a chain: its name, then one way: its own (codes,
 * the password), or the binding that works, or else the one that ran
 * into what was lost, or the first; "no way back recorded" when it has
 * none. One way per account, so a chain costs its length, whatever the
 * number of ways along it. */
static void
explain_account (SkWaysBack *self,
                 SkAccount  *account,
                 Chain      *chain)
{
  g_autofree char *own = own_way_words (self, account);
  g_autoptr(SkBinding) binding = NULL;
  SkIdentity *identity;
  gboolean works_here, added;

  g_strv_builder_add (chain->words, sk_account_get_display_name (account));
  if (own != NULL)
    {
      g_strv_builder_add (chain->words, own);
      return;
    }
  added = g_hash_table_add (self->path, (char *) sk_account_get_uuid (account));
  binding = pick_binding (self, account, &works_here);
  if (binding == NULL)
    g_strv_builder_add (chain->words, _("no way back recorded"));
  else
    {
      identity = sk_inventory_lookup_identity (self->shared->vault, sk_binding_get_identity_uuid (binding));
      explain_binding (self, sk_binding_get_role (binding), identity, chain);
    }
  if (added)
    g_hash_table_remove (self->path, sk_account_get_uuid (account));
}

/**
 * sk_ways_back_list:
 *
 * Returns: (transfer full) (element-type SkRecoveryWay): the ways
 */
GPtrArray *
sk_ways_back_list (SkWaysBack *self,
                   const char *account_uuid)
{
  SkAccount *account;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  account = sk_vault_lookup_account (self->shared->vault, account_uuid);
  if (account == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) sk_recovery_way_free);
  return list_ways (self, account);
}

/* The identities a working way of @account depends on, nearest first:
 * its own identity, then those of the way its owner works by without
 * leaning on @account (or any account above it), and so on. Only these
 * can be single points: a derivation avoiding an identity survives its
 * loss. */
static void
collect_dependencies (SkWaysBack *self,
                      SkAccount  *account,
                      const char *identity_uuid,
                      GPtrArray  *out,
                      guint       depth)
{
  g_autoptr(SkBinding) binding = NULL;
  SkIdentity *identity;
  SkAccount *owner;
  gboolean added, works_here;

  if (identity_uuid == NULL || depth >= MAX_DEPTH)
    return;
  g_ptr_array_add (out, g_strdup (identity_uuid));
  identity = sk_inventory_lookup_identity (self->shared->vault, identity_uuid);
  if (identity == NULL || sk_identity_get_account (identity) == NULL)
    return;
  owner = sk_vault_lookup_account (self->shared->vault, sk_identity_get_account (identity));
  if (owner == NULL || has_own_way (self, owner))
    return;
  added = g_hash_table_add (self->path, (char *) sk_account_get_uuid (account));
  g_hash_table_add (self->path, (char *) sk_account_get_uuid (owner));
  binding = pick_binding (self, owner, &works_here);
  g_hash_table_remove (self->path, sk_account_get_uuid (owner));
  if (binding != NULL && works_here)
    collect_dependencies (self, owner, sk_binding_get_identity_uuid (binding), out, depth + 1);
  if (added)
    g_hash_table_remove (self->path, sk_account_get_uuid (account));
}

/* The context losing one more identity, kept for the next account that
 * asks about the same identity (its memo serves them all). */
static SkWaysBack *
losing (SkWaysBack *self,
        const char *identity_uuid)
{
  SkWaysBack *other;

  if (self->losing == NULL)
    self->losing = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) sk_ways_back_free);
  other = g_hash_table_lookup (self->losing, identity_uuid);
  if (other == NULL)
    {
      other = sk_ways_back_new_losing (self, identity_uuid);
      g_hash_table_insert (self->losing, other->extra_lost, other);
    }
  return other;
}

char **
sk_ways_back_single_points (SkWaysBack   *self,
                            const char   *account_uuid,
                            char       ***chain)
{
  g_autoptr(GPtrArray) ways = NULL;
  g_autoptr(GPtrArray) deps = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) points = g_strv_builder_new ();
  g_autoptr(SkBinding) binding = NULL;
  SkRecoveryWay *first = NULL;
  SkAccount *account;
  gboolean any = FALSE, added, works_here = FALSE;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  if (chain != NULL)
    *chain = NULL;
  account = sk_vault_lookup_account (self->shared->vault, account_uuid);
  if (account == NULL || !works (self, account_uuid) || has_own_way (self, account))
    return NULL;
  /* One working derivation, found without putting it in words (the
   * report asks this of every account). */
  added = g_hash_table_add (self->path, (char *) sk_account_get_uuid (account));
  binding = pick_binding (self, account, &works_here);
  if (added)
    g_hash_table_remove (self->path, sk_account_get_uuid (account));
  if (binding == NULL || !works_here)
    return NULL;
  collect_dependencies (self, account, sk_binding_get_identity_uuid (binding), deps, 0);
  for (guint i = 0; i < deps->len; i++)
    {
      const char *candidate = deps->pdata[i];

      if (g_hash_table_contains (self->lost, candidate))
        continue;
      if (!works (losing (self, candidate), account_uuid))
        {
          g_strv_builder_add (points, candidate);
          any = TRUE;
        }
    }
  if (!any)
    return NULL;
  /* The words: of the working way with the longest chain, the one that
   * says most about why (a recovery mailbox hanging on the phone). */
  if (chain != NULL)
    {
      SkRecoveryWay *longest;

      ways = sk_ways_back_list (self, account_uuid);
      first = ways->pdata[0];
      longest = first;
      for (guint i = 1; i < ways->len; i++)
        {
          SkRecoveryWay *way = ways->pdata[i];

          if (way->works && g_strv_length (way->chain) > g_strv_length (longest->chain))
            longest = way;
        }
      *chain = g_strdupv (longest->chain);
    }
  return g_strv_builder_end (points);
}

char *
sk_ways_back_chain_to_string (const char * const *chain)
{
  if (chain == NULL)
    return g_strdup ("");
  return g_strjoinv (" → ", (char **) chain);
}
