/* sk-services-private.h: the service directory the core consults
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sparekey/sk-account.h>
#include <sparekey/sk-services.h>

G_BEGIN_DECLS

/* The built-in directory with @vault's own entries over it, kept with the
 * vault and updated when its "services" section changes (borrowed; NULL
 * only if the built-in directory cannot be read). */
SkServiceDirectory *sk_services_for_vault     (SkVault   *vault);
/* The directory entry @account is: the service it names, else the one
 * its issuer matches; NULL if none (borrowed). */
SkService          *sk_services_for_account   (SkVault   *vault,
                                               SkAccount *account);

G_END_DECLS
