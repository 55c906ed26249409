/* sk-unlock-page.h: the page that asks for the vault password
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SK_TYPE_UNLOCK_PAGE (sk_unlock_page_get_type ())
G_DECLARE_FINAL_TYPE (SkUnlockPage, sk_unlock_page, SK, UNLOCK_PAGE, AdwBin)

/* Signal "unlocked" (SkStore *store, guint n_merged) once the vault is
 * open; @n_merged: sync conflict copies merged on the way in. */
void sk_unlock_page_set_path (SkUnlockPage *self,
                              const char   *path);
void sk_unlock_page_reset    (SkUnlockPage *self);

G_END_DECLS
