/* sk-search-provider.h: answers GNOME Shell's search
 * (org.gnome.Shell.SearchProvider2)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Where the provider lives on the application's bus name; the .ini file
 * installed for GNOME Shell names the same path. */
#define SK_SEARCH_PROVIDER_PATH "/io/github/sparekey/Sparekey/SearchProvider"

#define SK_TYPE_SEARCH_PROVIDER (sk_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (SkSearchProvider, sk_search_provider, SK, SEARCH_PROVIDER, GObject)

/* A provider for the windows of @application (not referenced: the
 * application owns the provider). */
SkSearchProvider *sk_search_provider_new        (GtkApplication   *application);
/* Exports the provider at @object_path on @connection. */
gboolean          sk_search_provider_register   (SkSearchProvider *self,
                                                 GDBusConnection  *connection,
                                                 const char       *object_path,
                                                 GError          **error);
void              sk_search_provider_unregister (SkSearchProvider *self);

G_END_DECLS
