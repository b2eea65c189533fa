/* vimana-domain-stats.h: one guest's statistics history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vimana-stats-rates.h"
#include "vimana-stats-ring.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_STAT_CPU,          /* % of the host's CPUs */
    VIMANA_STAT_MEMORY,       /* bytes in use: see vimana_domain_stats_get_memory_source() */
    VIMANA_STAT_DISK_READ,    /* bytes per second */
    VIMANA_STAT_DISK_WRITE,   /* bytes per second */
    VIMANA_STAT_NET_RX,       /* bytes per second */
    VIMANA_STAT_NET_TX,       /* bytes per second */
    VIMANA_N_STATS
} VimanaStat;

#define VIMANA_TYPE_DOMAIN_STATS (vimana_domain_stats_get_type ())

G_DECLARE_FINAL_TYPE (VimanaDomainStats, vimana_domain_stats, VIMANA, DOMAIN_STATS, GObject)

VimanaDomainStats     *vimana_domain_stats_new               (double              interval_seconds,
                                                              guint               history_seconds);
const VimanaStatsRing *vimana_domain_stats_get_ring          (VimanaDomainStats  *self,
                                                              VimanaStat          stat);
const VimanaStatsRing *vimana_domain_stats_get_device_ring   (VimanaDomainStats  *self,
                                                              VimanaStat          stat,
                                                              const char         *device);
GStrv                  vimana_domain_stats_dup_devices       (VimanaDomainStats  *self,
                                                              VimanaStat          stat);
const char            *vimana_domain_stats_get_unavailable   (VimanaDomainStats  *self,
                                                              VimanaStat          stat);
float                  vimana_domain_stats_get_last          (VimanaDomainStats  *self,
                                                              VimanaStat          stat);
double                 vimana_domain_stats_get_memory_total  (VimanaDomainStats  *self);
VimanaMemorySource     vimana_domain_stats_get_memory_source (VimanaDomainStats  *self);
guint                  vimana_domain_stats_get_host_cpus     (VimanaDomainStats  *self);
guint                  vimana_domain_stats_get_vcpus         (VimanaDomainStats  *self);
gsize                  vimana_domain_stats_get_size          (VimanaDomainStats  *self);
double                 vimana_domain_stats_get_interval      (VimanaDomainStats  *self);
guint                  vimana_domain_stats_get_history       (VimanaDomainStats  *self);
const char            *vimana_stat_to_string                 (VimanaStat          stat);

G_END_DECLS
