/* sk-records.c: per-record storage in vault sections, and their merging
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-inventory-private.h"
#include "sk-records-private.h"

static const char * const record_sections[] = {
  SK_SECTION_RECOVERY_CODES,
  SK_SECTION_IDENTITIES,
  SK_SECTION_BINDINGS,
  SK_SECTION_ACCOUNT_INFO,
  SK_SECTION_AUDITS,
  SK_SECTION_RECOVERY,
  SK_SECTION_SERVICES,
};

static gboolean
is_record_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (record_sections); i++)
    if (g_str_equal (record_sections[i], name))
      return TRUE;
  return FALSE;
}

/* The section's object, NULL if the vault has none (or it is not an
 * object, as a newer or damaged writer might leave it). */
static JsonObject *
get_section_object (SkVault    *vault,
                    const char *section)
{
  JsonNode *node = sk_vault_get_section (vault, section);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

const char *
sk_records_get_string (JsonObject *record,
                       const char *member)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
sk_records_get_int (JsonObject *record,
                    const char *member,
                    gint64      fallback)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

gboolean
sk_records_get_bool (JsonObject *record,
                     const char *member)
{
  JsonNode *node = json_object_get_member (record, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  return json_node_get_boolean (node);
}

void
sk_records_set_string (JsonObject *record,
                       const char *member,
                       const char *value)
{
  if (value == NULL || *value == '\0')
    json_object_remove_member (record, member);
  else
    json_object_set_string_member (record, member, value);
}

static JsonNode *deep_copy_node (JsonNode *node);

static JsonObject *
deep_copy_object (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    json_object_set_member (copy, member, deep_copy_node (node));
  return copy;
}

/* json_node_copy() shares objects and arrays; records are edited in
 * place, so each vault needs its own. */
static JsonNode *
deep_copy_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonObject) object = deep_copy_object (json_node_get_object (node));

      return json_node_init_object (json_node_alloc (), object);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      g_autoptr(JsonArray) copy = json_array_sized_new (json_array_get_length (array));

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_array_add_element (copy, deep_copy_node (json_array_get_element (array, i)));
      return json_node_init_array (json_node_alloc (), copy);
    }
  return json_node_copy (node);
}

JsonObject *
sk_records_dup (JsonObject *record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return deep_copy_object (record);
}

static gboolean
is_live (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
         !sk_records_get_bool (json_node_get_object (node), "deleted");
}

JsonObject *
sk_records_lookup (SkVault    *vault,
                   const char *section,
                   const char *uuid)
{
  JsonObject *object = get_section_object (vault, section);
  JsonNode *node;

  if (object == NULL || uuid == NULL)
    return NULL;
  node = json_object_get_member (object, uuid);
  return is_live (node) ? json_node_get_object (node) : NULL;
}

GPtrArray *
sk_records_list (SkVault    *vault,
                 const char *section,
                 const char *field,
                 const char *value)
{
  GPtrArray *result = g_ptr_array_new ();
  JsonObject *object = get_section_object (vault, section);
  JsonObjectIter iter;
  const char *uuid;
  JsonNode *node;

  if (object == NULL)
    return result;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &uuid, &node))
    {
      JsonObject *record;
      const char *text;

      if (!is_live (node))
        continue;
      record = json_node_get_object (node);
      if (field != NULL)
        {
          text = sk_records_get_string (record, field);
          if (text == NULL || g_strcmp0 (text, value) != 0)
            continue;
        }
      g_ptr_array_add (result, record);
    }
  return result;
}

/* Stores @record under @uuid, creating the section when needed, and
 * marks the vault changed. */
static void
store_record (SkVault    *vault,
              const char *section,
              const char *uuid,
              JsonObject *record)
{
  JsonObject *object = get_section_object (vault, section);
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    {
      g_autoptr(JsonObject) fresh = json_object_new ();

      json_object_set_object_member (fresh, uuid, record);
      node = json_node_init_object (json_node_alloc (), fresh);
    }
  else
    {
      json_object_set_object_member (object, uuid, record);
      node = json_node_init_object (json_node_alloc (), object);
    }
  /* Setting the section again is what marks the vault changed; the node
   * shares the object, so this costs no copy of the records. */
  sk_vault_set_section (vault, section, node);
}

static gint64
previous_updated (SkVault    *vault,
                  const char *section,
                  const char *uuid)
{
  JsonObject *object = get_section_object (vault, section);
  JsonNode *node = object != NULL ? json_object_get_member (object, uuid) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return G_MININT64;
  return sk_records_get_int (json_node_get_object (node), "updated", G_MININT64);
}

void
sk_records_put (SkVault    *vault,
                const char *section,
                const char *uuid,
                JsonObject *record,
                gint64      now)
{
  g_autoptr(JsonObject) old = NULL;
  gint64 before;
  gint64 created;

  g_return_if_fail (SK_IS_VAULT (vault));
  g_return_if_fail (uuid != NULL && record != NULL);

  /* Kept for the inventory, which compares it with the new one. */
  old = sk_records_lookup (vault, section, uuid);
  if (old != NULL)
    json_object_ref (old);
  before = previous_updated (vault, section, uuid);
  created = old != NULL ? sk_records_get_int (old, "created", now) : now;
  if (now <= before && before < G_MAXINT64)
    now = before + 1;
  json_object_set_string_member (record, "uuid", uuid);
  json_object_set_int_member (record, "created", created);
  json_object_set_int_member (record, "updated", now);
  json_object_remove_member (record, "deleted");
  store_record (vault, section, uuid, record);
  sk_inventory_record_changed (vault, section, uuid, old, record);
}

gboolean
sk_records_delete (SkVault    *vault,
                   const char *section,
                   const char *uuid,
                   gint64      now)
{
  g_autoptr(JsonObject) old = NULL;
  gint64 before;
  JsonObject *tombstone;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (uuid != NULL, FALSE);

  old = sk_records_lookup (vault, section, uuid);
  if (old == NULL)
    return FALSE;
  json_object_ref (old);
  before = previous_updated (vault, section, uuid);
  if (now <= before && before < G_MAXINT64)
    now = before + 1;
  tombstone = json_object_new ();
  json_object_set_string_member (tombstone, "uuid", uuid);
  json_object_set_boolean_member (tombstone, "deleted", TRUE);
  json_object_set_int_member (tombstone, "updated", now);
  store_record (vault, section, uuid, tombstone);
  sk_inventory_record_changed (vault, section, uuid, old, NULL);
  return TRUE;
}

/* Does their version of a record replace ours? The newer "updated" wins;
 * on a tie a tombstone wins, so a deletion is never undone by a copy
 * made in the same microsecond. */
static gboolean
theirs_wins (JsonNode *mine,
             JsonNode *theirs)
{
  gint64 my_time, their_time;

  if (theirs == NULL || !JSON_NODE_HOLDS_OBJECT (theirs))
    return FALSE;
  if (mine == NULL || !JSON_NODE_HOLDS_OBJECT (mine))
    return TRUE;

  my_time = sk_records_get_int (json_node_get_object (mine), "updated", G_MININT64);
  their_time = sk_records_get_int (json_node_get_object (theirs), "updated", G_MININT64);
  if (their_time != my_time)
    return their_time > my_time;
  return !is_live (theirs) && is_live (mine);
}

gboolean
sk_section_merge (SkVault    *self,
                  const char *name,
                  JsonNode   *mine,
                  JsonNode   *theirs)
{
  JsonObject *my_records, *their_records;
  JsonObjectIter iter;
  const char *uuid;
  JsonNode *node;
  gboolean changed = FALSE;

  g_return_val_if_fail (SK_IS_VAULT (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!is_record_section (name) || theirs == NULL || !JSON_NODE_HOLDS_OBJECT (theirs))
    return FALSE;
  if (mine == NULL)
    {
      /* We have no such section yet: take a copy of theirs. */
      g_autoptr(JsonNode) copy = deep_copy_node (theirs);

      sk_vault_set_section (self, name, copy);
      if (g_str_equal (name, SK_SECTION_RECOVERY_CODES))
        sk_recovery_codes_forget_deleted (self);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (mine))
    return FALSE;

  my_records = json_node_get_object (mine);
  their_records = json_node_get_object (theirs);
  json_object_iter_init (&iter, their_records);
  while (json_object_iter_next (&iter, &uuid, &node))
    if (theirs_wins (json_object_get_member (my_records, uuid), node))
      {
        json_object_set_member (my_records, uuid, deep_copy_node (node));
        changed = TRUE;
      }

  /* A code deleted on either side must not come back through the secret
   * table, which the vault merges by "take what we lack". */
  if (changed && g_str_equal (name, SK_SECTION_RECOVERY_CODES))
    sk_recovery_codes_forget_deleted (self);
  if (changed)
    sk_vault_set_dirty (self, TRUE);
  return changed;
}
