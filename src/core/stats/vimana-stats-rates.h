/* vimana-stats-rates.h: counters into rates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

double vimana_stats_rate            (guint64 previous,
                                     guint64 current,
                                     gint64  elapsed_us);
double vimana_stats_cpu_percent     (guint64 previous_ns,
                                     guint64 current_ns,
                                     gint64  elapsed_us,
                                     guint   n_cpus);
/* What a guest's memory figure measures; the sources are tried in this order. */
typedef enum
{
    VIMANA_MEMORY_SOURCE_NONE,
    VIMANA_MEMORY_SOURCE_GUEST,         /* the guest's own account, from its balloon driver */
    VIMANA_MEMORY_SOURCE_HOST_PROCESS,  /* the host memory its process holds (QEMU's RSS) */
    VIMANA_MEMORY_SOURCE_GIVEN,         /* only what it was given: its use is not reported */
} VimanaMemorySource;

double vimana_stats_memory_in_use   (gint64              available_kib,
                                     gint64              unused_kib,
                                     gint64              usable_kib,
                                     gint64              rss_kib,
                                     gint64              current_kib,
                                     VimanaMemorySource *source);

G_END_DECLS
