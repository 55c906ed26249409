/* sk-import.c: turning QR pictures, pasted links and dropped files into
 * accounts
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "sk-import.h"

static gboolean
import_line (const char  *line,
             GPtrArray   *accounts,
             GError     **error)
{
  if (sk_migration_is_uri (line))
    {
      g_autoptr(SkMigrationBatch) batch = sk_migration_parse (line, error);

      if (batch == NULL)
        return FALSE;
      for (guint i = 0; i < batch->entries->len; i++)
        g_ptr_array_add (accounts,
                         sk_account_new_from_otp_uri (g_ptr_array_index (batch->entries, i)));
      return TRUE;
    }
  else
    {
      SkAccount *account = sk_account_new_from_uri (line, error);

      if (account == NULL)
        return FALSE;
      if (sk_otp_type_needs_pin (sk_account_get_otp_type (account)) &&
          sk_account_get_pin (account) == NULL)
        {
          g_object_unref (account);
          g_set_error_literal (error, SK_URI_ERROR, SK_URI_ERROR_PARAMETER,
                               _("This Yandex or mOTP link has no PIN (pin=): the codes need it"));
          return FALSE;
        }
      g_ptr_array_add (accounts, account);
      return TRUE;
    }
}

gboolean
sk_import_text (const char  *text,
                GPtrArray   *accounts,
                GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
  char **lines;
  gboolean ok = TRUE;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (accounts != NULL, FALSE);

  lines = g_strsplit_set (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL && ok; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (*line == '\0')
        continue;
      ok = import_line (line, found, error);
    }
  /* The lines hold secrets. */
  for (guint i = 0; lines[i] != NULL; i++)
    sk_wipe_string (g_steal_pointer (&lines[i]));
  g_free (lines);

  if (!ok)
    return FALSE;
  if (found->len == 0)
    {
      g_set_error (error, SK_URI_ERROR, SK_URI_ERROR_SYNTAX,
                   _("No otpauth:// link found in the text"));
      return FALSE;
    }

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (accounts, g_object_ref (g_ptr_array_index (found, i)));
  return TRUE;
}

/* Accounts from the texts of QR codes; texts that are no links are
 * skipped, as long as one is. */
static GPtrArray *
accounts_from_texts (GPtrArray  *texts,
                     GError    **error)
{
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) first_error = NULL;

  for (guint i = 0; i < texts->len; i++)
    {
      SkSecret *text = g_ptr_array_index (texts, i);
      g_autoptr(GError) local_error = NULL;

      if (!sk_import_text (sk_secret_get_string (text), accounts, &local_error) &&
          first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (accounts->len == 0)
    {
      if (first_error != NULL)
        g_set_error (error, first_error->domain, first_error->code,
                     _("The QR code is not an authenticator link: %s"),
                     first_error->message);
      else
        g_set_error (error, SK_QR_ERROR, SK_QR_ERROR_NOT_FOUND,
                     _("No QR code found in the picture"));
      return NULL;
    }

  return g_steal_pointer (&accounts);
}

GPtrArray *
sk_decode_texture (GdkTexture  *texture,
                   GError     **error)
{
  g_autofree guint8 *rgba = NULL;
  g_autofree guint8 *gray = NULL;
  int width, height;
  gsize stride;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  stride = (gsize) width * 4;
  rgba = g_malloc (stride * height);
  /* GDK_MEMORY_DEFAULT: B8G8R8A8 premultiplied. */
  gdk_texture_download (texture, rgba, stride);

  gray = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guint8 *px = rgba + y * stride + x * 4;
        guint a = px[3];
        /* Transparent areas count as white paper. */
        guint b = px[0] + (255 - a);
        guint g = px[1] + (255 - a);
        guint r = px[2] + (255 - a);

        gray[y * width + x] = (guint8) MIN (255, (r * 299 + g * 587 + b * 114) / 1000);
      }

  return sk_qr_decode_gray (gray, width, height, width, error);
}

static void
import_file_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be read"));
      return;
    }

  texts = sk_qr_decode_file (path, &error);
  if (texts == NULL && g_error_matches (error, SK_QR_ERROR, SK_QR_ERROR_IMAGE))
    {
      /* Not a picture: maybe a text file with links in it. */
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL) &&
          length < 1024 * 1024 &&
          g_utf8_validate (contents, length, NULL) &&
          strstr (contents, "otpauth") != NULL)
        {
          g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);
          g_autoptr(GError) text_error = NULL;
          gboolean ok = sk_import_text (contents, found, &text_error);

          sk_wipe_string (g_steal_pointer (&contents));
          if (ok)
            g_task_return_pointer (task, g_steal_pointer (&found),
                                   (GDestroyNotify) g_ptr_array_unref);
          else
            g_task_return_error (task, g_steal_pointer (&text_error));
          return;
        }
      if (contents != NULL)
        sk_wipe_string (g_steal_pointer (&contents));
    }
  if (texts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  accounts = accounts_from_texts (texts, &error);
  if (accounts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

void
sk_import_file_async (GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_import_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, import_file_thread);
}

GPtrArray *
sk_import_file_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
import_texture_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GdkTexture *texture = task_data;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts;

  texts = sk_decode_texture (texture, &error);
  if (texts == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  accounts = accounts_from_texts (texts, &error);
  if (accounts == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, accounts, (GDestroyNotify) g_ptr_array_unref);
}

void
sk_import_texture_async (GdkTexture          *texture,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GDK_IS_TEXTURE (texture));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sk_import_texture_async);
  /* Memory textures (clipboard, files) can be downloaded from a thread. */
  g_task_set_task_data (task, g_object_ref (texture), g_object_unref);
  g_task_run_in_thread (task, import_texture_thread);
}

GPtrArray *
sk_import_texture_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
sk_import_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  if (g_task_get_source_tag (G_TASK (result)) == sk_import_file_async)
    return sk_import_file_finish (result, error);
  return sk_import_texture_finish (result, error);
}
