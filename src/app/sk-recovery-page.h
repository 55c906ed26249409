/* sk-recovery-page.h: the window's recovery page: start a recovery after
 * a lost phone, or continue the one under way; print the kit
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SK_TYPE_RECOVERY_PAGE (sk_recovery_page_get_type ())
G_DECLARE_FINAL_TYPE (SkRecoveryPage, sk_recovery_page, SK, RECOVERY_PAGE, AdwBin)

SkRecoveryPage       *sk_recovery_page_new                (void);
/* No recovery under way (@n_total 0): the page offers to start one;
 * else it says how far it is and offers to continue. */
void                  sk_recovery_page_set_progress       (SkRecoveryPage *self,
                                                           guint           n_done,
                                                           guint           n_total);
/* The switcher in the header bar, for the window to give it its pages. */
AdwViewSwitcherTitle *sk_recovery_page_get_switcher_title (SkRecoveryPage *self);

G_END_DECLS
