/* sk-cli-keys.c: sparekey-cli's other ways in: the login keyring, the
 * recovery key, and the list of key slots
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sk-cli-private.h"

/* Opening ------------------------------------------------------------------ */

SkSecret *
sk_cli_read_recovery_key (SkCli       *cli,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) text = sk_cli_read_input (cli, path, error);
  SkSecret *key;

  if (text == NULL)
    return NULL;
  key = sk_recovery_key_parse (sk_secret_get_string (text), &local_error);
  if (key == NULL)
    g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_BAD_INPUT, "“%s”: %s",
                 path, local_error->message);
  return key;
}

SkStore *
sk_cli_open_with_keyring (const char *path)
{
  /* Any failure here (no slot, no Secret Service, a locked keyring, a
   * key that no longer fits) falls back to the password, silently. */
  return sk_keyring_open_vault (path, NULL);
}

static const char *
slot_type_name (guint type)
{
  switch (type)
    {
    case SK_KEY_SLOT_PASSWORD:
      return "password";
    case SK_KEY_SLOT_KEYRING:
      return "keyring";
    case SK_KEY_SLOT_RECOVERY_KEY:
      return "recovery-key";
    default:
      return "unknown";
    }
}

static const char *
slot_type_label (guint type)
{
  switch (type)
    {
    case SK_KEY_SLOT_PASSWORD:
      return _("password");
    case SK_KEY_SLOT_KEYRING:
      return _("login keyring");
    case SK_KEY_SLOT_RECOVERY_KEY:
      return _("recovery key");
    default:
      return _("unknown (newer version)");
    }
}

static gboolean
has_slot (SkStore    *store,
          guint       type,
          const char *id)
{
  g_autoptr(GPtrArray) slots = sk_store_list_key_slots (store);

  for (guint i = 0; i < slots->len; i++)
    {
      SkKeySlotInfo *info = slots->pdata[i];

      if (info->type == type && (id == NULL || g_strcmp0 (info->id, id) == 0))
        return TRUE;
    }
  return FALSE;
}

/* keyring */

static gboolean
keyring_enable (SkCli   *cli,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(SkSecret) key = NULL;
  g_autofree char *vault_id = NULL;
  g_autofree char *slot_id = NULL;
  const char *path;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  path = sk_store_get_path (cli->store);
  vault_id = sk_store_get_vault_id (cli->store);
  if (vault_id != NULL)
    {
      keys = sk_keyring_lookup (vault_id, &local_error);
      if (keys == NULL)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_FAILED,
                       _("cannot use the login keyring: %s"), local_error->message);
          return FALSE;
        }
      for (guint i = 0; i < keys->len; i++)
        {
          SkKeyringKey *k = keys->pdata[i];

          if (has_slot (cli->store, SK_KEY_SLOT_KEYRING, k->slot_id))
            {
              if (!cli->json)
                g_print (_("The login keyring already unlocks %s\n"), path);
              cli->status = SK_CLI_EXIT_OK;
              goto report;
            }
        }
      /* Keys of slots removed meanwhile (on another computer) are of no
       * use: cleared before a new one is stored. */
      if (keys->len > 0)
        sk_keyring_clear (vault_id, NULL, NULL, NULL);
    }

  key = sk_store_add_key_slot (cli->store, SK_KEY_SLOT_KEYRING, &slot_id, &local_error);
  if (key == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot add a keyring slot to “%s”: "), path);
      return FALSE;
    }
  g_free (vault_id);
  vault_id = sk_store_get_vault_id (cli->store);
  if (!sk_keyring_store (vault_id, slot_id, path, key, &local_error))
    {
      g_autoptr(GError) undo_error = NULL;

      /* A slot whose key is nowhere only takes room: take it out again. */
      if (!sk_store_remove_key_slot (cli->store, slot_id, &undo_error))
        g_printerr (_("sparekey-cli: warning: the unused keyring slot could not be removed: %s\n"),
                    undo_error->message);
      g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_FAILED,
                   _("cannot store the key in the login keyring: %s"), local_error->message);
      return FALSE;
    }
  if (!cli->json)
    g_print (_("The login keyring now unlocks %s while it is unlocked; without it, "
               "the password still does\n"), path);

report:
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "path", path);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  return TRUE;
}

static gboolean
keyring_disable (SkCli   *cli,
                 GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *vault_id = NULL;
  const char *path;
  guint n_slots = 0;
  guint n_items = 0;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  path = sk_store_get_path (cli->store);
  vault_id = sk_store_get_vault_id (cli->store);
  if (vault_id != NULL)
    {
      keys = sk_keyring_lookup (vault_id, &local_error);
      if (keys == NULL)
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_FAILED,
                       _("cannot use the login keyring: %s (the keyring slots can be removed "
                         "with “sparekey-cli slots remove ID”)"), local_error->message);
          return FALSE;
        }
      /* The slot first: once it is gone the key opens nothing, even if
       * the keyring refuses to delete it. */
      for (guint i = 0; i < keys->len; i++)
        {
          SkKeyringKey *k = keys->pdata[i];

          if (!has_slot (cli->store, SK_KEY_SLOT_KEYRING, k->slot_id))
            continue;
          if (!sk_store_remove_key_slot (cli->store, k->slot_id, &local_error))
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          _("cannot remove the keyring slot of “%s”: "), path);
              return FALSE;
            }
          n_slots++;
        }
      if (!sk_keyring_clear (vault_id, NULL, &n_items, &local_error))
        {
          g_set_error (error, SK_CLI_ERROR, SK_CLI_ERROR_FAILED,
                       _("the keyring slot was removed, but the key could not be deleted from the "
                         "login keyring: %s"), local_error->message);
          return FALSE;
        }
    }
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "path", path);
      json_builder_set_member_name (builder, "slots_removed");
      json_builder_add_int_value (builder, n_slots);
      json_builder_set_member_name (builder, "keyring_items_removed");
      json_builder_add_int_value (builder, n_items);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else if (n_slots == 0 && n_items == 0)
    g_print (_("The login keyring of this computer did not unlock %s; nothing was changed\n"), path);
  else
    g_print (_("The login keyring no longer unlocks %s, and its key was deleted\n"), path);
  if (!cli->json && has_slot (cli->store, SK_KEY_SLOT_KEYRING, NULL))
    g_printerr (_("Other computers' keyrings still unlock it; see “sparekey-cli slots”.\n"));
  return TRUE;
}

/* Needs no password: reads the file's header and asks the keyring. */
static gboolean
keyring_status (SkCli   *cli,
                GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *vault_id = NULL;
  const char *path = sk_cli_get_vault_path (cli);
  const char *state;
  gboolean has_keyring_slot = FALSE;
  gboolean stored = FALSE;
  gboolean locked = FALSE;

  vault_id = sk_store_peek_vault_id (path, &has_keyring_slot, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot open the vault “%s”: "), path);
      return FALSE;
    }
  if (vault_id != NULL && has_keyring_slot)
    {
      keys = sk_keyring_lookup (vault_id, &local_error);
      for (guint i = 0; keys != NULL && i < keys->len; i++)
        {
          SkKeyringKey *k = keys->pdata[i];

          stored = TRUE;
          if (k->key == NULL)
            locked = TRUE;
        }
    }

  if (!has_keyring_slot)
    state = "off";
  else if (local_error != NULL)
    state = "unavailable";
  else if (!stored)
    state = "other-computer";
  else if (locked)
    state = "locked";
  else
    state = "on";

  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "path", path);
      sk_cli_json_add_string (builder, "state", state);
      sk_cli_json_add_string (builder, "error", local_error != NULL ? local_error->message : NULL);
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else if (g_str_equal (state, "off"))
    g_print (_("Off: the login keyring does not unlock %s\n"), path);
  else if (g_str_equal (state, "unavailable"))
    g_print (_("On, but the login keyring cannot be reached (%s): the password is asked\n"),
             local_error->message);
  else if (g_str_equal (state, "other-computer"))
    g_print (_("Off on this computer: another computer's keyring unlocks %s\n"), path);
  else if (g_str_equal (state, "locked"))
    g_print (_("On, but the login keyring is locked: the password is asked until it is unlocked\n"));
  else
    g_print (_("On: the login keyring unlocks %s\n"), path);
  return TRUE;
}

static gboolean
run_keyring (SkCli   *cli,
             char   **args,
             GError **error)
{
  if (!sk_cli_check_subcommand (args, "keyring", error) ||
      !sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  if (g_str_equal (args[0], "enable"))
    return keyring_enable (cli, error);
  if (g_str_equal (args[0], "disable"))
    return keyring_disable (cli, error);
  if (g_str_equal (args[0], "status"))
    return keyring_status (cli, error);
  return sk_cli_unknown_subcommand ("keyring", args[0], error);
}

const SkCliCommand sk_cli_command_keyring = {
  .name = "keyring",
  .parameter_string = NC_("usage", "enable | disable | status"),
  .summary = N_("Unlock with the login keyring instead of the password"),
  .description = N_("“enable” keeps a random key for this vault in the default collection of\n"
                    "the login keyring (Secret Service) and adds a key slot it opens. While the\n"
                    "keyring is unlocked, commands then need no password, unless a password\n"
                    "option or --no-keyring is given; when it is locked or missing they ask\n"
                    "for the password as before. “disable” removes the slot and deletes the\n"
                    "key. “status” needs no password."),
  .entries = NULL,
  .run = run_keyring,
};

/* recovery-key */

static char *recovery_output;
static char *recovery_kit;
static gboolean recovery_yes;

static const GOptionEntry recovery_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &recovery_output,
    N_("Also write the new key to FILE (mode 0600), for --recovery-key-file"), NC_("metavar", "FILE") },
  { "kit", 0, 0, G_OPTION_ARG_FILENAME, &recovery_kit,
    N_("Write the emergency kit (PDF) with the new key on its first page to FILE"), NC_("metavar", "FILE") },
  { "yes", 'y', 0, G_OPTION_ARG_NONE, &recovery_yes,
    N_("Replace the old recovery key (and write an unencrypted kit) without asking"), NULL },
  { NULL }
};

static gboolean
write_private_file (const char      *path,
                    const SkSecret  *text,
                    GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) line = sk_secret_new (sk_secret_get_size (text) + 1);

  memcpy (sk_secret_get_mutable (line), sk_secret_get_data (text), sk_secret_get_size (text));
  sk_secret_get_mutable (line)[sk_secret_get_size (text)] = '\n';
  if (!g_file_set_contents_full (path, (const char *) sk_secret_get_data (line),
                                 sk_secret_get_size (line),
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot write “%s”: "), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
recovery_new (SkCli   *cli,
              GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SkSecret) key = NULL;
  g_autoptr(SkSecret) text = NULL;
  g_autoptr(SkQrCode) code = NULL;
  g_autofree char *slot_id = NULL;
  const char *path;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  path = sk_store_get_path (cli->store);
  if (has_slot (cli->store, SK_KEY_SLOT_RECOVERY_KEY, NULL) &&
      !sk_cli_confirm (_("The vault has a recovery key; the new one replaces it and the old one "
                         "stops working. Go on?"), recovery_yes, error))
    return FALSE;
  if (recovery_kit != NULL &&
      !sk_cli_confirm (_("The kit will hold every secret of the vault and the recovery key, "
                         "unencrypted. Write it?"), recovery_yes, error))
    return FALSE;

  key = sk_store_add_key_slot (cli->store, SK_KEY_SLOT_RECOVERY_KEY, &slot_id, &local_error);
  if (key == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot add a recovery key to “%s”: "), path);
      return FALSE;
    }
  text = sk_recovery_key_format (key);
  /* The slot is saved: from here on a failure to write the key down
   * must not hide it, so it is printed whatever happens. */
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      sk_cli_json_add_string (builder, "path", path);
      sk_cli_json_add_string (builder, "slot", slot_id);
      sk_cli_json_add_string (builder, "recovery_key", sk_secret_get_string (text));
      json_builder_end_object (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      code = sk_qr_encode (sk_secret_get_string (text), NULL);
      g_print (_("The recovery key of %s (shown only now: write it down or print it, and keep "
                 "it apart from the computer):\n\n"), path);
      g_print ("    %s\n\n", sk_secret_get_string (text));
      if (code != NULL && isatty (STDOUT_FILENO))
        {
          char *qr = sk_qr_to_terminal (code);

          fputs (qr, stdout);
          sk_wipe_string (qr);
        }
      g_print (_("It opens the vault without the password (“Forgot Password?” in the app, "
                 "--recovery-key-file here). Any older recovery key no longer does.\n"));
    }
  if (recovery_output != NULL && !write_private_file (recovery_output, text, error))
    return FALSE;
  if (recovery_kit != NULL &&
      !sk_kit_write_pdf_with_key (sk_store_get_vault (cli->store), recovery_kit,
                                  g_get_real_time (), sk_secret_get_string (text), error))
    return FALSE;
  return TRUE;
}

static gboolean
run_recovery_key (SkCli   *cli,
                  char   **args,
                  GError **error)
{
  if (!sk_cli_check_subcommand (args, "recovery-key", error) ||
      !sk_cli_check_args (args, 1, 1, error))
    return FALSE;
  if (g_str_equal (args[0], "new"))
    return recovery_new (cli, error);
  return sk_cli_unknown_subcommand ("recovery-key", args[0], error);
}

const SkCliCommand sk_cli_command_recovery_key = {
  .name = "recovery-key",
  .parameter_string = NC_("usage", "new"),
  .summary = N_("Make a recovery key that opens the vault without the password"),
  .description = N_("“new” adds a random 200-bit recovery key as a key slot and shows it once,\n"
                    "as eight groups of five characters and as a QR code; it replaces the\n"
                    "recovery key made before, which stops opening the vault. With it,\n"
                    "“sparekey-cli passwd --recovery-key-file FILE” sets a new password.\n"
                    "--kit writes the emergency kit with the key on its first page."),
  .entries = recovery_entries,
  .run = run_recovery_key,
};

/* slots */

static gboolean
slots_list (SkCli   *cli,
            GError **error)
{
  g_autoptr(GPtrArray) slots = NULL;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  slots = sk_store_list_key_slots (cli->store);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < slots->len; i++)
        {
          SkKeySlotInfo *info = slots->pdata[i];

          json_builder_begin_object (builder);
          sk_cli_json_add_string (builder, "type", slot_type_name (info->type));
          sk_cli_json_add_string (builder, "id", info->id);
          /* null when the slot does not say (older password slots). */
          sk_cli_json_add_time (builder, "created", info->created);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      sk_cli_print_builder (builder);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      char **header = g_new0 (char *, 4);

      header[0] = g_strdup (C_("column", "TYPE"));
      header[1] = g_strdup (C_("column", "CREATED"));
      header[2] = g_strdup (C_("column", "ID"));
      g_ptr_array_add (rows, header);
      for (guint i = 0; i < slots->len; i++)
        {
          SkKeySlotInfo *info = slots->pdata[i];
          char **row = g_new0 (char *, 4);

          row[0] = g_strdup (slot_type_label (info->type));
          row[1] = info->created != 0 ? sk_cli_format_time (info->created, FALSE) : NULL;
          if (row[1] == NULL)
            row[1] = g_strdup ("-");
          row[2] = g_strdup (info->id != NULL ? info->id : "-");
          g_ptr_array_add (rows, row);
        }
      sk_cli_print_table (rows);
    }
  return TRUE;
}

static gboolean
slots_remove (SkCli       *cli,
              const char  *id,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *vault_id = NULL;
  gboolean keyring;

  if (!sk_cli_open_store (cli, error))
    return FALSE;
  keyring = has_slot (cli->store, SK_KEY_SLOT_KEYRING, id);
  if (!sk_store_remove_key_slot (cli->store, id, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("cannot remove the key slot: "));
      return FALSE;
    }
  /* This computer's key of a removed keyring slot opens nothing now:
   * delete it too, when the keyring can be reached. */
  vault_id = sk_store_get_vault_id (cli->store);
  if (keyring && vault_id != NULL)
    sk_keyring_clear (vault_id, id, NULL, NULL);
  if (!cli->json)
    g_print (_("Removed the key slot %s of %s\n"), id, sk_store_get_path (cli->store));
  return TRUE;
}

static gboolean
run_slots (SkCli   *cli,
           char   **args,
           GError **error)
{
  if (args == NULL || args[0] == NULL || g_str_equal (args[0], "list"))
    return sk_cli_check_args (args, 0, 1, error) && slots_list (cli, error);
  if (g_str_equal (args[0], "remove"))
    return sk_cli_check_args (args, 2, 2, error) && slots_remove (cli, args[1], error);
  return sk_cli_unknown_subcommand ("slots", args[0], error);
}

const SkCliCommand sk_cli_command_slots = {
  .name = "slots",
  .parameter_string = NC_("usage", "[list] | remove ID"),
  .summary = N_("List the ways into the vault (key slots), remove one"),
  .description = N_("Lists the password, the login keyrings and the recovery key that open the\n"
                    "vault, with the date each was made. “remove ID” removes a keyring or\n"
                    "recovery key slot; the password cannot be removed (it is the way in that\n"
                    "always stays), only changed with “sparekey-cli passwd”."),
  .entries = NULL,
  .run = run_slots,
};
