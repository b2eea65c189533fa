/* vimana-stats-private.h: what the sampler reads on the worker and hands to the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_CORE_COMPILATION)
#error "Only libvimana-core's own files may include vimana-stats-private.h."
#endif

#pragma once

#include <libvirt/libvirt.h>

#include "vimana-domain-stats.h"
#include "vimana-host-stats.h"

G_BEGIN_DECLS

/* One disk's or one network interface's counters: bytes read/written or received/sent. */
typedef struct
{
    char    *name;
    guint64  first;
    guint64  second;
} VimanaRawDevice;

/* One running guest's counters, as read in one tick. */
typedef struct
{
    char     uuid[VIR_UUID_STRING_BUFLEN];
    guint    vcpus;
    gboolean has_cpu;
    guint64  cpu_time_ns;
    gint64   mem_available;  /* KiB, -1 when unknown */
    gint64   mem_unused;
    gint64   mem_usable;
    gint64   mem_rss;
    gint64   mem_current;
    GArray  *disks;          /* VimanaRawDevice */
    GArray  *interfaces;     /* VimanaRawDevice */
    char    *unavailable[VIMANA_N_STATS];  /* why a statistic could not be read */
} VimanaRawDomain;

/* Everything one tick read. */
typedef struct
{
    gint64     time_us;
    GPtrArray *domains;       /* VimanaRawDomain */
    guint      host_cpus;
    gboolean   has_host_cpu;
    guint64    host_cpu_busy_ns;
    guint64    host_cpu_total_ns;
    char      *host_cpu_unavailable;
    gboolean   has_host_memory;
    guint64    host_memory_total_kib;
    guint64    host_memory_used_kib;
    char      *host_memory_unavailable;
    guint      calls;
    guint      failed_calls;
} VimanaRawStats;

VimanaRawDomain *vimana_raw_domain_new   (void);
void             vimana_raw_domain_free  (VimanaRawDomain *raw);
void             vimana_raw_stats_free   (VimanaRawStats  *raw);
void             vimana_raw_device_add   (GArray          *devices,
                                          const char      *name,
                                          guint64          first,
                                          guint64          second);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaRawStats, vimana_raw_stats_free)

void             vimana_domain_stats_apply     (VimanaDomainStats     *self,
                                                const VimanaRawDomain *raw,
                                                gint64                 time_us,
                                                guint                  host_cpus);
void             vimana_domain_stats_end       (VimanaDomainStats     *self,
                                                gint64                 time_us);
void             vimana_host_stats_apply       (VimanaHostStats       *self,
                                                const VimanaRawStats  *raw);

G_END_DECLS

    G_BEGIN_DECLS

/* What the worker remembers between ticks: each guest's devices and what its driver cannot
 * answer, so a failing call is not repeated every tick. Touched by the sampler's jobs only,
 * which run one at a time on the connection's worker; reference-counted so a job still queued
 * when the sampler goes away keeps it alive. */
typedef struct _VimanaSamplerState VimanaSamplerState;

VimanaSamplerState *vimana_sampler_state_new        (void);
VimanaSamplerState *vimana_sampler_state_ref        (VimanaSamplerState *state);
void                vimana_sampler_state_unref      (VimanaSamplerState *state);
void                vimana_sampler_state_mark_dirty (VimanaSamplerState *state,
                                                     const char         *uuid);
VimanaRawStats     *vimana_sampler_state_collect    (VimanaSamplerState *state,
                                                     virConnectPtr       conn,
                                                     double              interval);

G_END_DECLS
