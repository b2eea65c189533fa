/* test-stats-code.c: the history's 16-bit values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vimana-stats-code.h"

static void
assert_close (float value)
{
    float back = vimana_stats_decode (vimana_stats_encode (value));
    double error = fabs ((double) back - value) / fabs ((double) value);

    if (!(error <= VIMANA_STATS_CODE_RELATIVE_ERROR))
        g_error ("%.9g came back as %.9g (relative error %.3g)", value, back, error);
}

/* What the graphs hold: CPU in per cent, memory in bytes, rates in bytes per second. */
static void
test_code_range (void)
{
    /* Every binade from a ten-thousandth of a per cent to hundreds of terabytes, at uneven
     * steps. */
    for (double v = VIMANA_STATS_CODE_NORMAL_MIN; v < 5e14; v *= 1.0137)
        assert_close ((float) v);
    for (double v = -VIMANA_STATS_CODE_NORMAL_MIN; v > -5e14; v *= 1.31)
        assert_close ((float) v);
    /* Nearer zero, gradual underflow: within half a step of 2^-22. */
    for (double v = 1e-7; v < VIMANA_STATS_CODE_NORMAL_MIN; v *= 1.11)
        g_assert_cmpfloat (fabs (vimana_stats_decode (vimana_stats_encode ((float) v)) - v), <=,
                           ldexp (1, -23) * 1.0001);
    assert_close (8.0f * 1024 * 1024 * 1024 * 1024);    /* 8 TiB of memory */
    assert_close (12.5e9f);                             /* 100 Gbit/s in bytes */
    assert_close (0.003f);
}

static void
test_code_exact (void)
{
    /* Small integers and halves, as a percentage often is, come back as they were. */
    for (int i = 0; i <= 1024; i++)
        g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode ((float) i)), ==, (float) i);
    for (int i = 0; i < 512; i++)
        g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (i + 0.5f)), ==, i + 0.5f);
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (100.0f)), ==, 100.0f);
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (12.5f)), ==, 12.5f);
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (4294967296.0f)), ==, 4294967296.0f);
}

static void
test_code_special (void)
{
    g_assert_true (isnan (vimana_stats_decode (vimana_stats_encode (NAN))));
    g_assert_cmpuint (vimana_stats_encode (NAN), ==, VIMANA_STATS_CODE_NAN);
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (0.0f)), ==, 0.0f);
    g_assert_true (isinf (vimana_stats_decode (vimana_stats_encode (INFINITY))));
    g_assert_true (vimana_stats_decode (vimana_stats_encode (-INFINITY)) < 0);
    /* Beyond the range: infinite, never a wrapped small number. */
    g_assert_true (isinf (vimana_stats_decode (vimana_stats_encode (1e20f))));
    /* Below it: zero, through gradual underflow. */
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (1e-9f)), ==, 0.0f);
    g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode (3e-6f)), >, 0.0f);
    g_assert_cmpfloat (fabs (vimana_stats_decode (vimana_stats_encode (3e-6f)) - 3e-6), <, 1.2e-7);
    /* Order is kept: a graph's minimum stays below its maximum. */
    for (double v = 1e-6; v < 1e14; v *= 1.7)
        g_assert_cmpfloat (vimana_stats_decode (vimana_stats_encode ((float) v)), <=,
                           vimana_stats_decode (vimana_stats_encode ((float) (v * 1.7))));
}

int
main (int    argc,
      char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/stats/code/range", test_code_range);
    g_test_add_func ("/stats/code/exact", test_code_exact);
    g_test_add_func ("/stats/code/special", test_code_special);

    return g_test_run ();
}
