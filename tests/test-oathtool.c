/* test-oathtool.c: differential test against oathtool (OATH Toolkit)
 *
 * Copyright 2026 The Sparekey authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sk-test-util.h"

/*
 * Random keys, algorithms, digit counts, periods, epochs, times and
 * counters; each oathtool run prints a window of consecutive codes, which
 * must equal what sk_otp_generate() and a reused SkOtpGenerator give.
 * oathtool only does 6 to 8 digits and HOTP with SHA1, so those are the
 * ranges compared here; the RFC tables in test-otp cover the rest.
 */

#define N_CASES 1200

static char *oathtool;

static char *
to_hex (const guint8 *data,
        gsize         size)
{
  GString *hex = g_string_sized_new (size * 2);

  for (gsize i = 0; i < size; i++)
    g_string_append_printf (hex, "%02x", data[i]);
  return g_string_free (hex, FALSE);
}

static guint64
rand_u64 (void)
{
  return ((guint64) g_test_rand_int () << 32) ^ (guint32) g_test_rand_int ();
}

static const char *
oathtool_mode (SkOtpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case SK_OTP_SHA1:
      return "--totp=SHA1";
    case SK_OTP_SHA256:
      return "--totp=SHA256";
    case SK_OTP_SHA512:
      return "--totp=SHA512";
    default:
      g_assert_not_reached ();
    }
}

static char **
run_oathtool (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_ptr_array_add (args, NULL);
  if (!g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT,
                     NULL, NULL, &out, &err, &status, &error))
    g_error ("could not run oathtool: %s", error->message);
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_autofree char *command = g_strjoinv (" ", (char **) args->pdata);

      g_error ("%s: %s (%s)", command, error->message, err);
    }
  return g_strsplit (g_strstrip (out), "\n", -1);
}

static void
check_case (guint case_number)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SkOtpGenerator) generator = NULL;
  g_auto(GStrv) lines = NULL;
  static const guint periods[] = { 1, 5, 10, 15, 30, 30, 30, 45, 60, 90, 120, 300, 3600, 86400 };
  guint8 key[64];
  gsize key_size;
  g_autofree char *hex = NULL;
  SkOtpParams params;
  guint window;
  gint64 now = 0;

  key_size = g_test_rand_int_range (1, sizeof key + 1);
  for (gsize i = 0; i < key_size; i++)
    key[i] = (guint8) g_test_rand_int_range (0, 256);
  hex = to_hex (key, key_size);
  window = g_test_rand_int_range (0, 10);

  if (g_test_rand_int_range (0, 5) == 0)
    {
      sk_otp_params_init (&params, SK_OTP_HOTP);
      /* Keep the window clear of oathtool's 64-bit wrap-around. */
      params.counter = g_test_rand_bit () ? rand_u64 () % (G_MAXUINT64 - 16)
                                          : (guint64) g_test_rand_int_range (0, 1000);
      params.digits = g_test_rand_int_range (6, 9);

      g_ptr_array_add (args, g_strdup (oathtool));
      g_ptr_array_add (args, g_strdup ("--hotp"));
      g_ptr_array_add (args, g_strdup_printf ("--counter=%" G_GUINT64_FORMAT, params.counter));
    }
  else
    {
      sk_otp_params_init (&params, SK_OTP_TOTP);
      params.algorithm = g_test_rand_int_range (SK_OTP_SHA1, SK_OTP_SHA512 + 1);
      params.digits = g_test_rand_int_range (6, 9);
      params.period = g_test_rand_bit () ? periods[g_test_rand_int_range (0, G_N_ELEMENTS (periods))]
                                         : (guint) g_test_rand_int_range (1, 100000);
      /* Up to the year 2514, past 2038 and 2106. */
      now = (gint64) (rand_u64 () % (G_GUINT64_CONSTANT (1) << 34));
      if (g_test_rand_int_range (0, 4) == 0)
        params.t0 = now > 0 ? (gint64) (rand_u64 () % (guint64) now) : 0;

      g_ptr_array_add (args, g_strdup (oathtool));
      g_ptr_array_add (args, g_strdup (oathtool_mode (params.algorithm)));
      g_ptr_array_add (args, g_strdup_printf ("--time-step-size=%us", params.period));
      g_ptr_array_add (args, g_strdup_printf ("--start-time=@%" G_GINT64_FORMAT, params.t0));
      g_ptr_array_add (args, g_strdup_printf ("--now=@%" G_GINT64_FORMAT, now));
    }
  g_ptr_array_add (args, g_strdup_printf ("--digits=%u", params.digits));
  g_ptr_array_add (args, g_strdup_printf ("--window=%u", window));
  g_ptr_array_add (args, g_strdup (hex));

  lines = run_oathtool (args);
  g_assert_cmpuint (g_strv_length (lines), ==, window + 1);

  generator = sk_otp_generator_new (&params, key, key_size, &error);
  g_assert_no_error (error);

  for (guint k = 0; k <= window; k++)
    {
      char code[SK_OTP_CODE_MAX];
      char from_generator[SK_OTP_CODE_MAX];
      SkOtpParams step_params = params;
      gint64 t = 0;

      if (params.type == SK_OTP_HOTP)
        step_params.counter = params.counter + k;
      else
        t = now + (gint64) k * params.period;

      g_assert_true (sk_otp_generate (&step_params, key, key_size, t, code, &error));
      g_assert_no_error (error);
      g_assert_true (sk_otp_generator_code (generator,
                                            params.type == SK_OTP_HOTP
                                              ? (gint64) step_params.counter : t,
                                            from_generator));
      if (strcmp (code, lines[k]) != 0 || strcmp (from_generator, lines[k]) != 0)
        g_error ("case %u, code %u: oathtool %s, sk_otp_generate %s, generator %s "
                 "(%s, %s, %u digits, period %u, t0 %" G_GINT64_FORMAT
                 ", time %" G_GINT64_FORMAT ", counter %" G_GUINT64_FORMAT ", key %s)",
                 case_number, k, lines[k], code, from_generator,
                 sk_otp_type_to_string (params.type),
                 sk_otp_algorithm_to_string (params.algorithm),
                 params.digits, params.period, params.t0, now,
                 step_params.counter, hex);
    }
}

static void
test_differential (void)
{
  if (oathtool == NULL)
    {
      g_test_skip ("oathtool is not installed (Debian package oathtool)");
      return;
    }

  for (guint i = 0; i < N_CASES; i++)
    check_case (i);
  g_test_message ("compared %u oathtool runs", N_CASES);
}

/* The RFC 6238 table, as oathtool sees it: guards the option spelling
 * used above, so a misread option cannot make both sides agree on
 * nothing. */
static void
test_oathtool_itself (void)
{
  g_autoptr(GPtrArray) args = NULL;
  g_auto(GStrv) lines = NULL;

  if (oathtool == NULL)
    {
      g_test_skip ("oathtool is not installed (Debian package oathtool)");
      return;
    }

  args = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (args, g_strdup (oathtool));
  g_ptr_array_add (args, g_strdup ("--totp=SHA256"));
  g_ptr_array_add (args, g_strdup ("--digits=8"));
  g_ptr_array_add (args, g_strdup ("--now=@1111111109"));
  g_ptr_array_add (args, g_strdup ("--window=1"));
  g_ptr_array_add (args, g_strdup ("3132333435363738393031323334353637383930313233343536373839303132"));
  lines = run_oathtool (args);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpstr (lines[0], ==, "68084774");
  g_assert_cmpstr (lines[1], ==, "67062674");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_true (sk_core_init (NULL));

  oathtool = g_find_program_in_path ("oathtool");

  g_test_add_func ("/sparekey/oathtool/itself", test_oathtool_itself);
  g_test_add_func ("/sparekey/oathtool/differential", test_differential);

  return g_test_run ();
}
