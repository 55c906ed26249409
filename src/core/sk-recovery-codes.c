/* sk-recovery-codes.c: one-time recovery (backup) codes of an account
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "sk-records-private.h"
#include "sk-uuid-private.h"
#include "sparekey/sk-recovery-codes.h"

/*
 * Records of the "recovery_codes" section:
 *   { "uuid", "account", "position", "issued", "used", "created", "updated" }
 * The code itself is the secret "<uuid>/code". A replaced set becomes
 * tombstones and its codes are overwritten by empty secrets, so a merge
 * with an older copy of the vault cannot bring them back.
 */

G_DEFINE_QUARK (sk-recovery-codes-error-quark, sk_recovery_codes_error)

G_DEFINE_BOXED_TYPE (SkRecoveryCode, sk_recovery_code,
                     sk_recovery_code_copy, sk_recovery_code_free)

SkRecoveryCode *
sk_recovery_code_copy (const SkRecoveryCode *code)
{
  SkRecoveryCode *copy;

  g_return_val_if_fail (code != NULL, NULL);

  copy = g_new0 (SkRecoveryCode, 1);
  *copy = *code;
  copy->uuid = g_strdup (code->uuid);
  copy->account_uuid = g_strdup (code->account_uuid);
  return copy;
}

void
sk_recovery_code_free (SkRecoveryCode *code)
{
  if (code == NULL)
    return;
  g_free (code->uuid);
  g_free (code->account_uuid);
  g_free (code);
}

/* Parsing --------------------------------------------------------------- */

typedef struct {
  char     *text;      /* the code as it will be stored */
  guint     alnum;     /* letters and digits in it */
  gboolean  strict;    /* has a digit or a "-" group: surely a code */
  gboolean  lower;     /* letters only, all lower case */
  gboolean  upper;     /* letters only, all upper case */
} Candidate;

typedef struct {
  guint      line;
  GPtrArray *candidates;  /* Candidate* */
  gboolean   junk;        /* a word that is no code: the whole cell is text */
} Cell;

static void
candidate_free (Candidate *candidate)
{
  sk_wipe_string (candidate->text);
  g_free (candidate);
}

static void
cell_free (Cell *cell)
{
  g_ptr_array_unref (cell->candidates);
  g_free (cell);
}

/* Letters and digits, optionally in groups joined by single hyphens. */
static gboolean
is_code_shaped (const char *word,
                guint      *alnum,
                gboolean   *has_digit,
                gboolean   *has_hyphen,
                gboolean   *has_lower,
                gboolean   *has_upper)
{
  gboolean after_hyphen = TRUE;

  *alnum = 0;
  *has_digit = *has_hyphen = *has_lower = *has_upper = FALSE;
  for (const char *p = word; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          (*alnum)++;
          *has_digit |= g_ascii_isdigit (*p);
          *has_lower |= g_ascii_islower (*p);
          *has_upper |= g_ascii_isupper (*p);
          after_hyphen = FALSE;
        }
      else if (*p == '-' && !after_hyphen)
        {
          *has_hyphen = TRUE;
          after_hyphen = TRUE;
        }
      else
        return FALSE;
    }
  return *alnum > 0 && !after_hyphen;
}

/* Dates and times printed around codes ("Generated 2026-01-31"). */
static gboolean
looks_like_date (const char *word)
{
  static GRegex *date_regex;
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    g_once_init_leave (&initialized,
                       (date_regex = g_regex_new ("^(\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}-\\d{1,2}-\\d{4})$",
                                            G_REGEX_OPTIMIZE, 0, NULL)) != NULL);
  return g_regex_match (date_regex, word, 0, NULL);
}

/* Removes a list number ("1.", "2)", "#3", "(4)", "[5]", "6:") from the
 * start of @cell, in place. */
static void
strip_list_marker (char *cell)
{
  static GRegex *marker_regex;
  static gsize initialized;
  g_autoptr(GMatchInfo) match = NULL;

  if (g_once_init_enter (&initialized))
    g_once_init_leave (&initialized,
                       (marker_regex = g_regex_new ("^\\s*(#\\s*\\d{1,3}[.):]?|\\(\\d{1,3}\\)|\\[\\d{1,3}\\]|\\d{1,3}\\s*[.)\\]:\\x{3001}])\\s*",
                                            G_REGEX_OPTIMIZE, 0, NULL)) != NULL);
  if (g_regex_match (marker_regex, cell, 0, &match))
    {
      int end = 0;

      g_match_info_fetch_pos (match, 0, NULL, &end);
      memmove (cell, cell + end, strlen (cell + end) + 1);
    }
}

static Candidate *
make_candidate (const char *text)
{
  Candidate *candidate;
  gboolean digit, hyphen, lower, upper;
  guint alnum;

  if (!is_code_shaped (text, &alnum, &digit, &hyphen, &lower, &upper) ||
      looks_like_date (text) || alnum > 64)
    return NULL;

  candidate = g_new0 (Candidate, 1);
  candidate->text = g_strdup (text);
  candidate->alnum = alnum;
  candidate->strict = (digit || hyphen) && alnum >= 6;
  candidate->lower = !digit && lower && !upper;
  candidate->upper = !digit && upper && !lower;
  return candidate;
}

/* Splits one cell into words and turns them into candidates. Two short
 * words are one code printed in groups ("1234 5678"); so are pairs of
 * four-character words. */
static Cell *
parse_cell (char  *text,
            guint  line)
{
  Cell *cell = g_new0 (Cell, 1);
  g_auto(GStrv) words = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  gboolean all_short = TRUE, all_four = TRUE;

  cell->line = line;
  cell->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) candidate_free);

  strip_list_marker (text);
  words = g_strsplit (g_strstrip (text), " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      {
        gsize len = strlen (words[i]);

        all_short &= len <= 5 && strchr (words[i], '-') == NULL;
        all_four &= len == 4 && strchr (words[i], '-') == NULL;
        g_ptr_array_add (kept, words[i]);
      }

  if (kept->len >= 2 && ((kept->len == 2 && all_short) || (all_four && kept->len % 2 == 0)))
    {
      for (guint i = 0; i < kept->len && !cell->junk; i += 2)
        {
          g_autofree char *joined = g_strconcat (kept->pdata[i], kept->pdata[i + 1], NULL);
          Candidate *candidate = make_candidate (joined);

          if (candidate == NULL)
            cell->junk = TRUE;
          else
            g_ptr_array_add (cell->candidates, candidate);
          memset (joined, 0, strlen (joined));
        }
    }
  else
    for (guint i = 0; i < kept->len && !cell->junk; i++)
      {
        Candidate *candidate = make_candidate (kept->pdata[i]);

        if (candidate == NULL)
          cell->junk = TRUE;
        else
          g_ptr_array_add (cell->candidates, candidate);
      }

  for (guint i = 0; words[i] != NULL; i++)
    memset (words[i], 0, strlen (words[i]));
  return cell;
}

static gboolean
is_cell_separator (gunichar c)
{
  return c == ',' || c == ';' || c == '\t' || c == '|' || c == 0x3001 /* 、 */;
}

/* Splits a normalized line into cells at commas, semicolons, tabs, bars
 * and runs of two or more spaces. */
static void
split_line (const char *line,
            guint       number,
            GPtrArray  *cells)
{
  g_autoptr(GString) current = g_string_new (NULL);
  const char *p = line;

  while (TRUE)
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;
      gboolean split = c == 0 || is_cell_separator (c) ||
                       (c == ' ' && p[1] == ' ');

      if (split)
        {
          if (current->len > 0)
            g_ptr_array_add (cells, parse_cell (current->str, number));
          memset (current->str, 0, current->len);
          g_string_truncate (current, 0);
          if (c == 0)
            break;
          while (*p == ' ' || (*p != '\0' && is_cell_separator (g_utf8_get_char (p))))
            p = g_utf8_next_char (p);
          continue;
        }
      g_string_append_unichar (current, g_unichar_isspace (c) ? ' ' : c);
      p = g_utf8_next_char (p);
    }
  memset (current->str, 0, current->allocated_len);
}

/* Circled and parenthesized numbers used as list markers: NFKC would turn
 * them into plain digits that then stick to the code. */
static gboolean
is_enclosed_number (gunichar c)
{
  return (c >= 0x2460 && c <= 0x249B) || (c >= 0x24EA && c <= 0x24FF) ||
         (c >= 0x2776 && c <= 0x2793) || (c >= 0x3251 && c <= 0x325F) ||
         (c >= 0x32B1 && c <= 0x32BF);
}

static char *
normalize_line (const char *line)
{
  g_autoptr(GString) stripped = g_string_new (NULL);
  char *normalized;

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_enclosed_number (c))
        g_string_append (stripped, "  ");
      else
        g_string_append_unichar (stripped, c);
    }
  /* Full-width letters, digits, commas and spaces become ASCII. */
  normalized = g_utf8_normalize (stripped->str, -1, G_NORMALIZE_NFKC);
  memset (stripped->str, 0, stripped->allocated_len);
  return normalized;
}

static guint
most_common_length (GPtrArray *cells,
                    gboolean   strict)
{
  guint counts[65] = { 0 };
  guint best = 0;

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = cells->pdata[i];

      for (guint j = 0; j < cell->candidates->len && !cell->junk; j++)
        {
          Candidate *candidate = cell->candidates->pdata[j];

          if (candidate->strict == strict &&
              (strict || ((candidate->lower || candidate->upper) && candidate->alnum >= 6)))
            counts[candidate->alnum]++;
        }
    }
  for (guint len = 1; len < G_N_ELEMENTS (counts); len++)
    if (counts[len] > counts[best])
      best = len;
  /* Letters-only words are codes only if several share a length. */
  if (!strict && counts[best] < 2)
    return 0;
  return best;
}

/* The lines of @text, at "\r\n", "\r" or "\n". By hand, in one pass:
 * g_regex_split_simple() starts every match over the rest of the text,
 * which took minutes for a 2 MB paste. */
static char **
split_lines (const char *text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  const char *p = text;

  for (;;)
    {
      gsize len = strcspn (p, "\r\n");

      g_ptr_array_add (lines, g_strndup (p, len));
      p += len;
      if (*p == '\0')
        break;
      p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
    }
  g_ptr_array_add (lines, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&lines), FALSE);
}

GPtrArray *
sk_recovery_codes_parse (const char  *text,
                         GArray     **ignored_lines,
                         GError     **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) cell_free);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func ((GDestroyNotify) sk_secret_unref);
  g_autoptr(GArray) ignored = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) lines = NULL;
  guint n_lines, letters_length;
  g_autofree gboolean *line_has_code = NULL;
  g_autofree gboolean *line_has_text = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_NO_CODES,
                           _("the recovery codes are not valid UTF-8 text"));
      return NULL;
    }

  lines = split_lines (text);
  n_lines = g_strv_length (lines);
  line_has_code = g_new0 (gboolean, n_lines + 1);
  line_has_text = g_new0 (gboolean, n_lines + 1);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *normalized = normalize_line (lines[i]);

      if (normalized == NULL)
        continue;
      line_has_text[i] = *g_strstrip (normalized) != '\0';
      split_line (normalized, i, cells);
      memset (normalized, 0, strlen (normalized));
    }

  letters_length = most_common_length (cells, TRUE);
  if (letters_length == 0)
    letters_length = most_common_length (cells, FALSE);

  for (guint i = 0; i < cells->len; i++)
    {
      Cell *cell = cells->pdata[i];
      gboolean accepted = !cell->junk && cell->candidates->len > 0;

      /* A cell is all codes or none: a header word next to a code means
       * the code-like word is part of a sentence. */
      for (guint j = 0; j < cell->candidates->len && accepted; j++)
        {
          Candidate *candidate = cell->candidates->pdata[j];

          accepted = candidate->strict ||
                     ((candidate->lower || candidate->upper) &&
                      candidate->alnum == letters_length && letters_length >= 6);
        }
      if (!accepted)
        continue;

      line_has_code[cell->line] = TRUE;
      for (guint j = 0; j < cell->candidates->len; j++)
        {
          Candidate *candidate = cell->candidates->pdata[j];
          SkSecret *code;

          if (g_hash_table_contains (seen, candidate->text))
            continue;
          g_hash_table_add (seen, candidate->text);
          code = sk_secret_new_from_string (candidate->text);
          g_ptr_array_add (codes, code);
        }
    }

  for (guint i = 0; i < n_lines; i++)
    {
      if (line_has_text[i] && !line_has_code[i])
        {
          guint number = i + 1;

          g_array_append_val (ignored, number);
        }
      memset (lines[i], 0, strlen (lines[i]));
    }

  if (codes->len == 0)
    {
      g_set_error_literal (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_NO_CODES,
                           _("no recovery codes found: expected codes of at least 6 letters or digits, one per line or separated by spaces or commas"));
      return NULL;
    }

  if (ignored_lines != NULL)
    *ignored_lines = g_steal_pointer (&ignored);
  return g_steal_pointer (&codes);
}

/* Storage --------------------------------------------------------------- */

static char *
code_secret_id (const char *code_uuid)
{
  return g_strconcat (code_uuid, "/code", NULL);
}

static SkRecoveryCode *
code_from_record (JsonObject *record)
{
  SkRecoveryCode *code = g_new0 (SkRecoveryCode, 1);

  code->uuid = g_strdup (sk_records_get_string (record, "uuid"));
  code->account_uuid = g_strdup (sk_records_get_string (record, "account"));
  code->position = (guint) CLAMP (sk_records_get_int (record, "position", 0), 0, G_MAXUINT);
  code->issued = sk_records_get_int (record, "issued", 0);
  code->used = sk_records_get_int (record, "used", 0);
  return code;
}

static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  const SkRecoveryCode *x = *(SkRecoveryCode **) a;
  const SkRecoveryCode *y = *(SkRecoveryCode **) b;

  if (x->issued != y->issued)
    return x->issued < y->issued ? -1 : 1;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return g_strcmp0 (x->uuid, y->uuid);
}

GPtrArray *
sk_recovery_codes_list (SkVault    *vault,
                        const char *account_uuid)
{
  g_autoptr(GPtrArray) records = NULL;
  GPtrArray *codes;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  records = sk_records_list (vault, SK_SECTION_RECOVERY_CODES, "account", account_uuid);
  codes = g_ptr_array_new_full (records->len, (GDestroyNotify) sk_recovery_code_free);
  for (guint i = 0; i < records->len; i++)
    {
      SkRecoveryCode *code = code_from_record (records->pdata[i]);
      g_autoptr(SkSecret) secret = NULL;

      if (code->uuid != NULL)
        secret = sk_recovery_codes_dup_code (vault, code->uuid);
      /* A record whose code is missing (damaged) is of no use to anyone. */
      if (secret == NULL || code->account_uuid == NULL)
        {
          sk_recovery_code_free (code);
          continue;
        }
      g_ptr_array_add (codes, code);
    }
  g_ptr_array_sort (codes, compare_codes);
  return codes;
}

SkSecret *
sk_recovery_codes_dup_code (SkVault    *vault,
                            const char *code_uuid)
{
  g_autofree char *id = NULL;
  SkSecret *secret;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (code_uuid != NULL, NULL);

  id = code_secret_id (code_uuid);
  secret = sk_vault_get_secret (vault, id);
  if (secret == NULL || sk_secret_get_size (secret) == 0)
    return NULL;
  return sk_secret_ref (secret);
}

static gboolean
account_has_code (SkVault    *vault,
                  GPtrArray  *current,
                  SkSecret   *code)
{
  for (guint i = 0; i < current->len; i++)
    {
      SkRecoveryCode *existing = current->pdata[i];
      g_autoptr(SkSecret) secret = sk_recovery_codes_dup_code (vault, existing->uuid);

      if (secret != NULL && sk_secret_equal (secret, code))
        return TRUE;
    }
  return FALSE;
}

guint
sk_recovery_codes_add (SkVault    *vault,
                       const char *account_uuid,
                       GPtrArray  *codes,
                       gint64      now)
{
  g_autoptr(GPtrArray) current = NULL;
  guint position = 0, added = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL, 0);

  if (codes == NULL)
    return 0;

  current = sk_recovery_codes_list (vault, account_uuid);
  for (guint i = 0; i < current->len; i++)
    position = MAX (position, ((SkRecoveryCode *) current->pdata[i])->position);

  for (guint i = 0; i < codes->len; i++)
    {
      SkSecret *code = codes->pdata[i];
      g_autofree char *uuid = NULL;
      g_autofree char *id = NULL;
      JsonObject *record;

      if (code == NULL || sk_secret_get_size (code) == 0 ||
          account_has_code (vault, current, code))
        continue;

      uuid = sk_uuid_new ();
      id = code_secret_id (uuid);
      record = json_object_new ();
      json_object_set_string_member (record, "account", account_uuid);
      json_object_set_int_member (record, "position", ++position);
      json_object_set_int_member (record, "issued", now);
      json_object_set_int_member (record, "used", 0);
      sk_vault_set_secret (vault, id, code);
      sk_records_put (vault, SK_SECTION_RECOVERY_CODES, uuid, record, now);

      /* Later codes of the same paste are compared with this one too. */
      g_ptr_array_add (current, code_from_record (record));
      added++;
    }
  return added;
}

/* Deleted codes keep an empty secret: the vault's merge takes secrets it
 * lacks from the other copy, and would otherwise revive the old code. */
static void
wipe_code (SkVault    *vault,
           const char *code_uuid)
{
  g_autofree char *id = code_secret_id (code_uuid);
  SkSecret *current = sk_vault_get_secret (vault, id);
  g_autoptr(SkSecret) empty = NULL;

  if (current != NULL && sk_secret_get_size (current) == 0)
    return;
  empty = sk_secret_new (0);
  sk_vault_set_secret (vault, id, empty);
}

guint
sk_recovery_codes_replace (SkVault    *vault,
                           const char *account_uuid,
                           GPtrArray  *codes,
                           gint64      now)
{
  g_autoptr(GPtrArray) records = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL, 0);

  records = sk_records_list (vault, SK_SECTION_RECOVERY_CODES, "account", account_uuid);
  for (guint i = 0; i < records->len; i++)
    {
      g_autofree char *uuid = g_strdup (sk_records_get_string (records->pdata[i], "uuid"));

      if (uuid == NULL)
        continue;
      sk_records_delete (vault, SK_SECTION_RECOVERY_CODES, uuid, now);
      wipe_code (vault, uuid);
    }
  return sk_recovery_codes_add (vault, account_uuid, codes, now);
}

gboolean
sk_recovery_codes_set_used (SkVault    *vault,
                            const char *code_uuid,
                            gint64      when,
                            GError    **error)
{
  JsonObject *record;
  JsonObject *copy;

  g_return_val_if_fail (SK_IS_VAULT (vault), FALSE);
  g_return_val_if_fail (code_uuid != NULL, FALSE);

  record = sk_records_lookup (vault, SK_SECTION_RECOVERY_CODES, code_uuid);
  if (record == NULL)
    {
      g_set_error (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_NOT_FOUND,
                   _("no recovery code with the id “%s”"), code_uuid);
      return FALSE;
    }
  copy = sk_records_dup (record);
  json_object_set_int_member (copy, "used", MAX (when, 0));
  sk_records_put (vault, SK_SECTION_RECOVERY_CODES, code_uuid, copy,
                  when > 0 ? when : g_get_real_time ());
  return TRUE;
}

SkRecoveryCode *
sk_recovery_codes_use_next (SkVault    *vault,
                            const char *account_uuid,
                            gint64      now,
                            GError    **error)
{
  g_autoptr(GPtrArray) codes = NULL;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  codes = sk_recovery_codes_list (vault, account_uuid);
  for (guint i = 0; i < codes->len; i++)
    {
      SkRecoveryCode *code = codes->pdata[i];

      if (code->used != 0)
        continue;
      if (!sk_recovery_codes_set_used (vault, code->uuid, now, error))
        return NULL;
      code->used = now;
      return sk_recovery_code_copy (code);
    }

  if (codes->len == 0)
    g_set_error_literal (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_ALL_USED,
                         _("this account has no recovery codes stored"));
  else
    g_set_error (error, SK_RECOVERY_CODES_ERROR, SK_RECOVERY_CODES_ERROR_ALL_USED,
                 g_dngettext (GETTEXT_PACKAGE,
                              "the %u recovery code of this account is used; store a new set",
                              "all %u recovery codes of this account are used; store a new set",
                              codes->len),
                 codes->len);
  return NULL;
}

guint
sk_recovery_codes_count_remaining (SkVault    *vault,
                                   const char *account_uuid,
                                   guint      *n_total)
{
  g_autoptr(GPtrArray) codes = NULL;
  guint remaining = 0;

  g_return_val_if_fail (SK_IS_VAULT (vault), 0);
  g_return_val_if_fail (account_uuid != NULL, 0);

  codes = sk_recovery_codes_list (vault, account_uuid);
  for (guint i = 0; i < codes->len; i++)
    if (((SkRecoveryCode *) codes->pdata[i])->used == 0)
      remaining++;
  if (n_total != NULL)
    *n_total = codes->len;
  return remaining;
}

GHashTable *
sk_recovery_codes_count_all (SkVault *vault)
{
  g_autoptr(GPtrArray) records = NULL;
  GHashTable *counts;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  records = sk_records_list (vault, SK_SECTION_RECOVERY_CODES, NULL, NULL);
  for (guint i = 0; i < records->len; i++)
    {
      JsonObject *record = records->pdata[i];
      const char *uuid = sk_records_get_string (record, "uuid");
      const char *account = sk_records_get_string (record, "account");
      g_autoptr(SkSecret) secret = NULL;
      SkCodeCount *count;

      /* The codes sk_recovery_codes_list() would list. */
      if (uuid == NULL || account == NULL)
        continue;
      secret = sk_recovery_codes_dup_code (vault, uuid);
      if (secret == NULL)
        continue;
      count = g_hash_table_lookup (counts, account);
      if (count == NULL)
        {
          count = g_new0 (SkCodeCount, 1);
          g_hash_table_insert (counts, g_strdup (account), count);
        }
      count->total++;
      if (sk_records_get_int (record, "used", 0) == 0)
        count->remaining++;
    }
  return counts;
}

SkRecoveryCodesStatus
sk_recovery_codes_get_status (SkVault    *vault,
                              const char *account_uuid)
{
  guint total = 0;
  guint remaining;

  g_return_val_if_fail (SK_IS_VAULT (vault), SK_RECOVERY_CODES_MISSING);
  g_return_val_if_fail (account_uuid != NULL, SK_RECOVERY_CODES_MISSING);

  remaining = sk_recovery_codes_count_remaining (vault, account_uuid, &total);
  if (total == 0)
    return SK_RECOVERY_CODES_MISSING;
  if (remaining == 0)
    return SK_RECOVERY_CODES_USED_UP;
  if (remaining <= SK_RECOVERY_CODES_LOW)
    return SK_RECOVERY_CODES_LOW_LEFT;
  return SK_RECOVERY_CODES_OK;
}

const char *
sk_recovery_codes_status_to_string (SkRecoveryCodesStatus status)
{
  switch (status)
    {
    case SK_RECOVERY_CODES_OK:
      return "ok";
    case SK_RECOVERY_CODES_LOW_LEFT:
      return "low";
    case SK_RECOVERY_CODES_USED_UP:
      return "used-up";
    case SK_RECOVERY_CODES_MISSING:
    default:
      return "missing";
    }
}

char *
sk_recovery_codes_dup_warning (SkVault    *vault,
                               const char *account_uuid)
{
  SkAccount *account;
  guint remaining;

  g_return_val_if_fail (SK_IS_VAULT (vault), NULL);
  g_return_val_if_fail (account_uuid != NULL, NULL);

  switch (sk_recovery_codes_get_status (vault, account_uuid))
    {
    case SK_RECOVERY_CODES_MISSING:
      account = sk_vault_lookup_account (vault, account_uuid);
      switch (account != NULL ? sk_account_get_protection (account) : SK_PROTECTION_CODE)
        {
        case SK_PROTECTION_CODE:
          /* The codes are made here: losing the phone or this vault then
           * leaves no way in without the service's help. */
          return g_strdup (_("No recovery codes stored for this account, which uses two-factor codes: ask the service for a set and store it"));
        case SK_PROTECTION_SMS:
        case SK_PROTECTION_EMAIL:
        case SK_PROTECTION_APP:
        case SK_PROTECTION_HARDWARE_KEY:
          /* Many services protected this way (QQ, WeChat, banks) have no
           * recovery codes at all: only a hint, no order. */
          return g_strdup (_("No recovery codes stored for this account: if the service offers them, store a set here, they sign in without the phone"));
        case SK_PROTECTION_PASSWORD:
        case SK_PROTECTION_NONE:
        default:
          /* No second step to get past: nothing to warn about. */
          return NULL;
        }
    case SK_RECOVERY_CODES_USED_UP:
      return g_strdup (_("Every recovery code of this account is used: ask the service for a new set"));
    case SK_RECOVERY_CODES_LOW_LEFT:
      remaining = sk_recovery_codes_count_remaining (vault, account_uuid, NULL);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Only %u recovery code left: ask the service for a new set soon",
                                           "Only %u recovery codes left: ask the service for a new set soon",
                                           remaining),
                              remaining);
    case SK_RECOVERY_CODES_OK:
    default:
      return NULL;
    }
}
