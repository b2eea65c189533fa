/* vimana-stats-code.c: a statistic's value in 16 bits, for the history
 *
 * The history keeps an hour of six series for each guest; in floats that was 40 KiB a guest,
 * 39 MiB at 1,000 guests, more than a third of the process. A graph needs three significant
 * digits, not seven, but a wide range: memory in bytes up to terabytes, rates in bytes per
 * second, CPU in per cent down to thousandths. So the history stores a small float of its own:
 * a sign bit, six bits of exponent (bias 14: 2^-13 to 2^48, below that gradual underflow to
 * 2^-22) and nine of mantissa, rounded to nearest: every value within 0.1 % of what was
 * measured. The exponent's top value holds the infinities and the gap (NAN).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include "vimana-stats-code.h"

#include <math.h>

#define CODE_MANTISSA_BITS 9
#define CODE_MANTISSA_ONE  (1 << CODE_MANTISSA_BITS)      /* 512 */
#define CODE_EXPONENT_TOP  63
#define CODE_BIAS          14
#define CODE_SIGN          0x8000u

/**
 * vimana_stats_encode:
 * @value: a measured value, or NAN for a gap
 *
 * Returns: @value in 16 bits, within %VIMANA_STATS_CODE_RELATIVE_ERROR of it
 */
guint16
vimana_stats_encode (float value)
{
    guint sign;
    double magnitude;
    double fraction;
    int exponent;
    int biased;
    long mantissa;

    if (isnan (value))
        return VIMANA_STATS_CODE_NAN;
    sign = signbit (value) ? CODE_SIGN : 0;
    magnitude = fabs ((double) value);
    if (isinf (magnitude))
        return (guint16) (sign | (CODE_EXPONENT_TOP << CODE_MANTISSA_BITS));
    if (magnitude == 0)
        return (guint16) sign;

    /* magnitude = fraction × 2^exponent, fraction in [0.5, 1): the normal form 1.m × 2^(e-1). */
    fraction = frexp (magnitude, &exponent);
    biased = exponent - 1 + CODE_BIAS;
    if (biased <= 0) {
        /* Below the smallest normal value: m/512 × 2^(1 - bias). A rounding up to 512 lands
         * on the smallest normal value, whose code is the next one. */
        mantissa = lround (ldexp (magnitude, CODE_BIAS - 1 + CODE_MANTISSA_BITS));
        return (guint16) (sign | (guint) mantissa);
    }
    mantissa = lround ((2 * fraction - 1) * CODE_MANTISSA_ONE);
    if (mantissa == CODE_MANTISSA_ONE) {
        mantissa = 0;
        biased++;
    }
    if (biased >= CODE_EXPONENT_TOP)
        return (guint16) (sign | (CODE_EXPONENT_TOP << CODE_MANTISSA_BITS));
    return (guint16) (sign | ((guint) biased << CODE_MANTISSA_BITS) | (guint) mantissa);
}

/**
 * vimana_stats_decode:
 * @code: what vimana_stats_encode() returned
 *
 * Returns: the value @code stands for; NAN for a gap
 */
float
vimana_stats_decode (guint16 code)
{
    int biased = (code >> CODE_MANTISSA_BITS) & CODE_EXPONENT_TOP;
    int mantissa = code & (CODE_MANTISSA_ONE - 1);
    double magnitude;

    if (biased == CODE_EXPONENT_TOP)
        magnitude = mantissa != 0 ? NAN : INFINITY;
    else if (biased == 0)
        magnitude = ldexp (mantissa, 1 - CODE_BIAS - CODE_MANTISSA_BITS);
    else
        magnitude = ldexp (CODE_MANTISSA_ONE + mantissa, biased - CODE_BIAS - CODE_MANTISSA_BITS);
    return (float) ((code & CODE_SIGN) != 0 ? -magnitude : magnitude);
}
