/* vimana-stats-code.h: a statistic's value in 16 bits, for the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest relative error of a value that survives encoding: 2^-10 (0.1 %), from
 * VIMANA_STATS_CODE_NORMAL_MIN (2^-13) up; nearer zero the error is at most 2^-23. */
#define VIMANA_STATS_CODE_RELATIVE_ERROR (1.0 / 1024)
#define VIMANA_STATS_CODE_NORMAL_MIN     1.220703125e-4
/* Values nearer zero than this become zero; values beyond VIMANA_STATS_CODE_MAX, infinite. */
#define VIMANA_STATS_CODE_MIN            1.2e-7
#define VIMANA_STATS_CODE_MAX            5.6e14
/* A gap in the history: no value. */
#define VIMANA_STATS_CODE_NAN            ((guint16) 0x7fff)

guint16 vimana_stats_encode (float   value);
float   vimana_stats_decode (guint16 code);

G_END_DECLS
