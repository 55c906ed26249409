/* sk-uuid-private.h: record identifiers
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new version 4 UUID, lower case, from libsodium's CSPRNG. Every record
 * of the vault (accounts, identities, bindings, audits, appeals) gets its
 * id here: g_uuid_string_random() draws from GLib's PRNG, seeded once per
 * process, so two processes forked from one could mint the same id, and
 * two writers of one vault must never do that. */
char *sk_uuid_new (void);

G_END_DECLS
