/* sk-create-page.h: the first-run page that creates a vault
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SK_TYPE_CREATE_PAGE (sk_create_page_get_type ())
G_DECLARE_FINAL_TYPE (SkCreatePage, sk_create_page, SK, CREATE_PAGE, AdwBin)

/* Signal "created" (SkStore *store) when the new vault is ready. */
void sk_create_page_set_path (SkCreatePage *self,
                              const char   *path);
void sk_create_page_reset    (SkCreatePage *self);
/* Creates the vault as @folder/vault.sparekey (a sync folder, say) and
 * links the page's path to it, so that the app and the CLI open it. */
gboolean sk_create_page_set_folder (SkCreatePage  *self,
                                    const char    *folder,
                                    GError       **error);
/* Links the page's path to the existing vault @file (checked to be one)
 * and emits "opened" (const char *path): unlock it there. */
gboolean sk_create_page_open_vault (SkCreatePage  *self,
                                    const char    *file,
                                    GError       **error);

G_END_DECLS
