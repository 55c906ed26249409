/* fuzz-services.c: libFuzzer harness for the service directory's parser
 * and its search
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sparekey/sparekey.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static SkServiceDirectory *builtin;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  if (!sk_core_init (NULL))
    abort ();
  builtin = sk_service_directory_new (NULL);
  if (builtin == NULL)
    abort ();
  return 0;
}

/* Input is a services.json document (user entries in a vault are parsed
 * the same way) and, read as text, a search query. Every entry accepted
 * must write back to JSON that reads to the same JSON; the search of the
 * built-in directory must stay within bounds. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(SkServiceDirectory) directory = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  hits = sk_service_directory_search (builtin, text, 0);
  if (hits->len > g_list_model_get_n_items (G_LIST_MODEL (builtin)))
    abort ();
  (void) sk_service_directory_match_issuer (builtin, text);

  directory = sk_service_directory_new_from_data (text, -1, NULL);
  if (directory == NULL)
    return 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (directory)); i++)
    {
      g_autoptr(SkService) service = g_list_model_get_item (G_LIST_MODEL (directory), i);
      g_autoptr(JsonObject) object = sk_service_to_json (service);
      g_autoptr(SkService) again = sk_service_new_from_json (object, SK_SERVICE_ORIGIN_USER, NULL);
      g_autoptr(JsonObject) object2 = NULL;
      g_autoptr(JsonNode) n1 = NULL;
      g_autoptr(JsonNode) n2 = NULL;
      g_autoptr(GPtrArray) found = NULL;

      if (again == NULL)
        abort ();
      object2 = sk_service_to_json (again);
      n1 = json_node_init_object (json_node_alloc (), object);
      n2 = json_node_init_object (json_node_alloc (), object2);
      if (!json_node_equal (n1, n2))
        abort ();
      /* An entry is found by its own id. */
      found = sk_service_directory_search (directory, sk_service_get_id (service), 0);
      if (found->len == 0)
        abort ();
    }
  return 0;
}
