/* sk-secret.c: byte strings kept in libsodium guarded memory
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "sparekey/sk-secret.h"

/*
 * sodium_malloc() gives each allocation its own guard pages and locked
 * pages, so one call per OTP key would cost 10,000 mappings and ~80 MB of
 * resident memory for a large vault. Small secrets are therefore carved
 * from 64 KiB sodium_malloc() slabs: still locked, still surrounded by
 * guard pages, wiped on free. A slab is returned to libsodium when its
 * last secret is freed. Large secrets get a sodium_malloc() of their own.
 */

#define SLAB_SIZE      (64 * 1024)
#define SMALL_MAX      (4 * 1024)
#define SECRET_ALIGN   16

typedef struct
{
  guint8 *mem;
  gsize   used;
  guint   live;
} Slab;

struct _SkSecret
{
  gatomicrefcount ref_count;
  gsize           size;
  gsize           capacity;
  guint8         *data;
  Slab           *slab;   /* NULL: data is its own sodium_malloc() */
};

G_DEFINE_BOXED_TYPE (SkSecret, sk_secret, sk_secret_ref, sk_secret_unref)

static GMutex slab_lock;
static Slab *current_slab;
static gboolean core_ready;

gboolean
sk_core_init (GError **error)
{
  static gsize once;
  static int result;

  if (g_once_init_enter (&once))
    {
      result = sodium_init ();
      g_once_init_leave (&once, 1);
    }
  if (result < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("The cryptography library could not be initialised"));
      return FALSE;
    }
  core_ready = TRUE;
  return TRUE;
}

static void
ensure_core (void)
{
  if (G_UNLIKELY (!core_ready) && !sk_core_init (NULL))
    g_error ("sodium_init() failed");
}

static guint8 *
slab_alloc (gsize capacity,
            Slab **out_slab)
{
  guint8 *ptr;

  g_mutex_lock (&slab_lock);
  if (current_slab == NULL || current_slab->used + capacity > SLAB_SIZE)
    {
      Slab *slab = g_new0 (Slab, 1);

      slab->mem = sodium_malloc (SLAB_SIZE);
      if (slab->mem == NULL)
        g_error ("sodium_malloc() failed: out of memory");
      /* A full slab with no live secrets was already freed in
       * slab_release(); one with live secrets is freed by its last one. */
      if (current_slab != NULL && current_slab->live == 0)
        {
          sodium_free (current_slab->mem);
          g_free (current_slab);
        }
      current_slab = slab;
    }
  ptr = current_slab->mem + current_slab->used;
  current_slab->used += capacity;
  current_slab->live++;
  *out_slab = current_slab;
  g_mutex_unlock (&slab_lock);

  return ptr;
}

static void
slab_release (Slab  *slab,
              guint8 *ptr,
              gsize   capacity)
{
  sodium_memzero (ptr, capacity);

  g_mutex_lock (&slab_lock);
  g_assert (slab->live > 0);
  slab->live--;
  if (slab->live == 0)
    {
      if (slab == current_slab)
        slab->used = 0;
      else
        {
          sodium_free (slab->mem);
          g_free (slab);
        }
    }
  g_mutex_unlock (&slab_lock);
}

/**
 * sk_secret_new:
 * @size: number of bytes
 *
 * Returns: (transfer full): @size zeroed bytes (plus a NUL) in guarded memory
 */
SkSecret *
sk_secret_new (gsize size)
{
  SkSecret *self;
  gsize capacity;

  ensure_core ();
  g_return_val_if_fail (size < G_MAXSIZE - SECRET_ALIGN, NULL);

  capacity = (size + 1 + SECRET_ALIGN - 1) & ~(gsize) (SECRET_ALIGN - 1);

  self = g_new0 (SkSecret, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->size = size;
  self->capacity = capacity;
  if (capacity <= SMALL_MAX)
    self->data = slab_alloc (capacity, &self->slab);
  else
    {
      self->data = sodium_malloc (capacity);
      if (self->data == NULL)
        g_error ("sodium_malloc() failed: out of memory");
    }
  memset (self->data, 0, capacity);

  return self;
}

/**
 * sk_secret_new_from_data:
 *
 * Returns: (transfer full): a guarded copy of @data
 */
SkSecret *
sk_secret_new_from_data (const void *data,
                         gsize       size)
{
  SkSecret *self;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  self = sk_secret_new (size);
  if (size > 0)
    memcpy (self->data, data, size);
  return self;
}

/**
 * sk_secret_new_from_string:
 *
 * Returns: (transfer full): a guarded copy of the string @text
 */
SkSecret *
sk_secret_new_from_string (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);

  return sk_secret_new_from_data (text, strlen (text));
}

SkSecret *
sk_secret_ref (SkSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/* Like g_free(), accepts NULL. */
void
sk_secret_unref (SkSecret *self)
{
  if (self == NULL)
    return;

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->slab != NULL)
    slab_release (self->slab, self->data, self->capacity);
  else
    sodium_free (self->data);  /* sodium_free() wipes before unmapping */
  g_free (self);
}

const guint8 *
sk_secret_get_data (const SkSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

guint8 *
sk_secret_get_mutable (SkSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->data;
}

const char *
sk_secret_get_string (const SkSecret *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *) self->data;
}

gsize
sk_secret_get_size (const SkSecret *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

gboolean
sk_secret_equal (const SkSecret *a,
                 const SkSecret *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->size != b->size)
    return FALSE;
  return sodium_memcmp (a->data, b->data, a->size) == 0;
}

void
sk_secret_truncate (SkSecret *self,
                    gsize     size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (size <= self->size);

  sodium_memzero (self->data + size, self->capacity - size);
  self->size = size;
}

/**
 * sk_wipe_string:
 *
 * Overwrites a g_malloc()ed string that held secret material, then frees it.
 */
void
sk_wipe_string (char *str)
{
  if (str == NULL)
    return;
  sodium_memzero (str, strlen (str));
  g_free (str);
}

/**
 * sk_secret_new_from_fd:
 * @fd: a descriptor open for reading (a file, a pipe, a FIFO, a terminal)
 * @max_size: the most bytes accepted
 * @error: G_IO_ERROR_MESSAGE_TOO_LARGE past @max_size, or what read() said
 *
 * Reads everything @fd gives, never more than @max_size bytes: whatever
 * the source (/dev/zero, a FIFO someone keeps writing to), memory stays
 * bounded and the error is clear. The bytes go straight into guarded
 * memory; each buffer outgrown is wiped.
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 */
SkSecret *
sk_secret_new_from_fd (int      fd,
                       gsize    max_size,
                       GError **error)
{
  g_autoptr(SkSecret) buffer = NULL;
  struct stat st;
  gsize capacity = 64 * 1024;
  gsize len = 0;

  g_return_val_if_fail (max_size < G_MAXSIZE - SECRET_ALIGN - 1, NULL);

  /* A regular file says its size: refused at once if too large, else
   * read in one buffer (one byte more, to see it did not grow). */
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
      if ((guint64) st.st_size > max_size)
        goto too_large;
      capacity = (gsize) st.st_size + 1;
    }
  capacity = MIN (capacity, max_size + 1);
  buffer = sk_secret_new (capacity);

  for (;;)
    {
      ssize_t n;

      if (len == capacity)
        {
          SkSecret *bigger;

          if (capacity > max_size)
            goto too_large;
          bigger = sk_secret_new (MIN (capacity * 2, max_size + 1));
          memcpy (sk_secret_get_mutable (bigger), buffer->data, len);
          sk_secret_unref (buffer);
          buffer = bigger;
          capacity = buffer->size;
        }
      n = read (fd, buffer->data + len, capacity - len);
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      len += n;
    }
  if (len > max_size)
    goto too_large;
  sk_secret_truncate (buffer, len);
  return g_steal_pointer (&buffer);

too_large:
  {
    g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);

    g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                 _("it is larger than %s, the most Sparekey reads"), limit);
  }
  return NULL;
}

/**
 * sk_secret_new_from_file:
 * @path: a file name (a FIFO or a device reads like a file)
 * @max_size: the most bytes accepted
 * @error: G_IO_ERROR_NOT_FOUND when there is no such file,
 *   G_IO_ERROR_MESSAGE_TOO_LARGE past @max_size, or another G_IO_ERROR
 *
 * sk_secret_new_from_fd() on @path. The error message is only the reason
 * ("No such file or directory"): the caller names the file.
 *
 * Returns: (transfer full): the contents, or %NULL with @error set
 */
SkSecret *
sk_secret_new_from_file (const char  *path,
                         gsize        max_size,
                         GError     **error)
{
  SkSecret *contents;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  do
    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return NULL;
    }
  contents = sk_secret_new_from_fd (fd, max_size, error);
  close (fd);
  return contents;
}
