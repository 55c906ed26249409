/* sk-ways-back.h: which ways back into an account still work once some
 * identities are lost, followed through the accounts that own them
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-recovery-plan.h>
#include <sparekey/sk-vault.h>

G_BEGIN_DECLS

/*
 * The one judge of ways back. The single-point-of-failure report, "what
 * depends on this identity", the recovery plan's ranking and the wizard
 * all ask it, so they never disagree.
 *
 * A way back into an account is: this vault's codes (accounts with
 * codes whose copy is not stale), unused recovery codes, signing in with
 * the password alone (protection "password" or "none"), or a binding in
 * a recovery role (security phone, recovery email, authenticator device,
 * third-party login, trusted device) to an identity. A binding works
 * when its identity is active and not lost, and, if the identity names
 * the account that owns it (the mailbox's account, the account behind a
 * third-party login), when that account itself has a working way back:
 * followed link by link. A chain that comes back to an account already
 * on it is no way back (a cycle proves nothing), nor is one whose owning
 * account was removed. The support appeal is never counted: it is always
 * possible and never certain.
 *
 * A context answers for one set of lost identities and memoizes what it
 * found; it reads the vault as it is when asked and must be freed before
 * the vault changes.
 */
typedef struct _SkWaysBack SkWaysBack;

/* What was lost: @lost_uuids (NULL for nothing beyond identities whose
 * status is lost or cancelled, which never count). */
SkWaysBack *sk_ways_back_new          (SkVault            *vault,
                                       const char * const *lost_uuids);
/* The same vault and losses as @base, plus @identity_uuid: what losing
 * one more identity would do (sharing @base's counts, so cheap). @base
 * must outlive it. */
SkWaysBack *sk_ways_back_new_losing   (SkWaysBack         *base,
                                       const char         *identity_uuid);
void        sk_ways_back_free         (SkWaysBack         *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SkWaysBack, sk_ways_back_free)

/* This vault's copy of the account's key no longer works (the recovery
 * case says so): its codes are no way back. Call before asking. */
void        sk_ways_back_set_copy_stale (SkWaysBack       *self,
                                       const char         *account_uuid);

/* Whether at least one way back into the account works. */
gboolean    sk_ways_back_account_works (SkWaysBack        *self,
                                       const char         *account_uuid);

/*
 * Every way back into the account (SkRecoveryWay*, with "works" and
 * "chain" set), working ones first, then by kind; no appeal. The chain
 * says it in words, one link per element, the account first: "Google",
 * "recovery email zhang@qq.com", "QQ", "security phone +86 138… (lost)".
 * "touches_lost" says whether the chain runs into one of @lost_uuids.
 */
GPtrArray  *sk_ways_back_list         (SkWaysBack         *self,
                                       const char         *account_uuid);

/*
 * The identities whose loss alone (on top of this context's) would leave
 * the account no working way back, nearest first; NULL when there are
 * none or the account has no working way already. @chain (optional) gets
 * the words of the way they are on, as in sk_ways_back_list().
 */
char      **sk_ways_back_single_points (SkWaysBack        *self,
                                       const char         *account_uuid,
                                       char             ***chain);

/* Whether some way back into the account runs, through its owners, into
 * one of @lost_uuids (cheap: no words). */
gboolean    sk_ways_back_touches_lost (SkWaysBack         *self,
                                       const char         *account_uuid);

/* The chain as one line: "Google → recovery email zhang@qq.com → QQ". */
char       *sk_ways_back_chain_to_string (const char * const *chain);

G_END_DECLS
