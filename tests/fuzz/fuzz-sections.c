/* fuzz-sections.c: libFuzzer harness for the sections of a vault payload
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <sparekey/sparekey.h>

/*
 * fuzz-vault rarely builds a valid GVariant, so it seldom reaches the
 * JSON sections (inventory, recovery codes, audits, the recovery case)
 * that a crafted backup carries. Here the payload is built around the
 * input: chunks separated by NUL bytes, each chunk's first byte picking
 * the section it fills, the rest its text. The vault is then read by
 * every reader of those sections and written again.
 */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static const char * const section_names[] = {
  "identities", "bindings", "account_info", "audits", "recovery_codes",
  "recovery", "future",
};

static GBytes *
build_payload (const guint8 *data,
               gsize         size)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GVariant) records = NULL;
  GVariantBuilder sections, root;
  const guint8 *p = data, *end = data + size;
  guint8 b4[4];
  guint32 len;

  g_variant_builder_init (&sections, G_VARIANT_TYPE ("a{ss}"));
  while (p < end)
    {
      const guint8 *stop = memchr (p, 0, end - p);
      gsize chunk = (stop != NULL ? stop : end) - p;

      if (chunk > 0)
        {
          g_autofree char *text = g_utf8_make_valid ((const char *) p + 1, chunk - 1);

          g_variant_builder_add (&sections, "{ss}",
                                 section_names[p[0] % G_N_ELEMENTS (section_names)], text);
        }
      p += chunk + 1;
    }
  g_variant_builder_init (&root, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&root, "{sv}", "sections", g_variant_builder_end (&sections));
  records = g_variant_ref_sink (g_variant_builder_end (&root));

  len = g_variant_get_size (records);
  g_byte_array_append (out, (const guint8 *) "SKPL\1\0\0\0", 8);
  for (int i = 0; i < 4; i++)
    b4[i] = (len >> (8 * i)) & 0xff;
  g_byte_array_append (out, b4, 4);
  memset (b4, 0, 4);
  g_byte_array_append (out, b4, 4);
  g_byte_array_append (out, g_variant_get_data (records), len);
  g_byte_array_append (out, b4, 4);   /* no secrets */
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SkVault) vault = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(SkRecoveryCase) recovery = NULL;
  gsize len;
  const guint8 *bytes;

  sk_core_init (NULL);
  if (size > 64 * 1024)
    return 0;

  payload = build_payload (data, size);
  bytes = g_bytes_get_data (payload, &len);
  vault = sk_vault_deserialize (bytes, len, &error);
  if (vault == NULL)
    return 0;

  now = g_date_time_new_from_unix_utc (1767225600);
  g_ptr_array_unref (sk_inventory_list_identities (vault));
  g_ptr_array_unref (sk_recovery_codes_list (vault, "x"));
  g_ptr_array_unref (sk_audit_list_due (vault, now, 30, TRUE));
  g_free (sk_audit_export_ics (vault, now, TRUE));
  recovery = sk_recovery_get_case (vault);
  if (recovery != NULL)
    g_ptr_array_unref (sk_recovery_plan (vault, recovery));

  /* Whatever opens must serialize again. */
  {
    SkSecret *again = sk_vault_serialize (vault, NULL);

    if (again == NULL)
      __builtin_trap ();
    sk_secret_unref (again);
  }
  return 0;
}
