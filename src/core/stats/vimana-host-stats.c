/* vimana-host-stats.c: the host's own CPU and memory history
 *
 * Read from the node's statistics (virNodeGetCPUStats, virNodeGetMemoryStats), not summed from
 * the guests: the host runs more than its guests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include "vimana-host-stats.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vimana-stats-private.h"
#include "vimana-stats-rates.h"

struct _VimanaHostStats
{
    GObject parent_instance;

    VimanaStatsRing *cpu;
    VimanaStatsRing *memory;
    double           memory_total;     /* bytes */
    guint            cpus;
    char            *cpu_unavailable;
    char            *memory_unavailable;

    gboolean         has_previous;
    guint64          previous_busy;
    guint64          previous_total;
};

G_DEFINE_FINAL_TYPE (VimanaHostStats, vimana_host_stats, G_TYPE_OBJECT)

enum {
    SIGNAL_UPDATED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vimana_host_stats_finalize (GObject *object)
{
    VimanaHostStats *self = VIMANA_HOST_STATS (object);

    vimana_stats_ring_free (self->cpu);
    vimana_stats_ring_free (self->memory);
    g_free (self->cpu_unavailable);
    g_free (self->memory_unavailable);

    G_OBJECT_CLASS (vimana_host_stats_parent_class)->finalize (object);
}

static void
vimana_host_stats_class_init (VimanaHostStatsClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_host_stats_finalize;

    /**
     * VimanaHostStats::updated:
     *
     * A tick added samples.
     */
    signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
}

static void
vimana_host_stats_init (VimanaHostStats *self)
{
}

VimanaHostStats *
vimana_host_stats_new (double interval_seconds,
                       guint  history_seconds)
{
    VimanaHostStats *self = g_object_new (VIMANA_TYPE_HOST_STATS, NULL);

    self->cpu = vimana_stats_ring_new (interval_seconds, history_seconds);
    self->memory = vimana_stats_ring_new (interval_seconds, history_seconds);
    return self;
}

static void
vimana_host_stats_set_reason (char       **field,
                              const char  *reason)
{
    if (g_strcmp0 (*field, reason) == 0)
        return;
    g_free (*field);
    *field = g_strdup (reason);
}

/* Adds one tick's node statistics; called on the main thread. */
void
vimana_host_stats_apply (VimanaHostStats      *self,
                         const VimanaRawStats *raw)
{
    double cpu = NAN;
    double memory = NAN;

    const char *cpu_reason = raw->host_cpu_unavailable;

    if (raw->has_host_cpu) {
        if (self->has_previous && raw->host_cpu_total_ns > self->previous_total &&
            raw->host_cpu_busy_ns >= self->previous_busy)
            cpu = CLAMP (100.0 * (double) (raw->host_cpu_busy_ns - self->previous_busy) /
                         (double) (raw->host_cpu_total_ns - self->previous_total),
                         0.0, 100.0);
        else if (self->has_previous && raw->host_cpu_total_ns == self->previous_total)
            cpu_reason = _("The host’s CPU counters do not advance.");
        self->previous_busy = raw->host_cpu_busy_ns;
        self->previous_total = raw->host_cpu_total_ns;
        self->has_previous = TRUE;
    }
    if (raw->has_host_memory) {
        memory = (double) raw->host_memory_used_kib * 1024.0;
        self->memory_total = (double) raw->host_memory_total_kib * 1024.0;
    }
    self->cpus = raw->host_cpus;
    vimana_host_stats_set_reason (&self->cpu_unavailable, cpu_reason);
    vimana_host_stats_set_reason (&self->memory_unavailable, raw->host_memory_unavailable);

    vimana_stats_ring_push (self->cpu, raw->time_us, (float) cpu);
    vimana_stats_ring_push (self->memory, raw->time_us, (float) memory);
    g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

/* Returns: (transfer none): the host's CPU use, % of all its CPUs */
const VimanaStatsRing *
vimana_host_stats_get_cpu (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), NULL);
    return self->cpu;
}

/* Returns: (transfer none): the host's memory in use, bytes */
const VimanaStatsRing *
vimana_host_stats_get_memory (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), NULL);
    return self->memory;
}

double
vimana_host_stats_get_memory_total (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), 0);
    return self->memory_total;
}

guint
vimana_host_stats_get_cpus (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), 0);
    return self->cpus;
}

/* Returns: (nullable): why the host's CPU use cannot be shown */
const char *
vimana_host_stats_get_cpu_unavailable (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), NULL);
    return self->cpu_unavailable;
}

/* Returns: (nullable): why the host's memory use cannot be shown */
const char *
vimana_host_stats_get_memory_unavailable (VimanaHostStats *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_STATS (self), NULL);
    return self->memory_unavailable;
}
