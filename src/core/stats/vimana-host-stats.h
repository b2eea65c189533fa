/* vimana-host-stats.h: the host's own CPU and memory history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vimana-stats-ring.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_HOST_STATS (vimana_host_stats_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostStats, vimana_host_stats, VIMANA, HOST_STATS, GObject)

VimanaHostStats       *vimana_host_stats_new                    (double           interval_seconds,
                                                                 guint            history_seconds);
const VimanaStatsRing *vimana_host_stats_get_cpu                (VimanaHostStats *self);
const VimanaStatsRing *vimana_host_stats_get_memory             (VimanaHostStats *self);
double                 vimana_host_stats_get_memory_total       (VimanaHostStats *self);
guint                  vimana_host_stats_get_cpus               (VimanaHostStats *self);
const char            *vimana_host_stats_get_cpu_unavailable    (VimanaHostStats *self);
const char            *vimana_host_stats_get_memory_unavailable (VimanaHostStats *self);

G_END_DECLS
