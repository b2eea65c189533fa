/* vimana-domain-stats.c: one guest's statistics history
 *
 * The sampler hands each tick's counters to the guest's stats object on the main thread; here
 * they become rates and land in fixed-size rings. The summed series always exist; a series per
 * disk or per network interface exists only where the guest has more than one (the summed
 * series already tells everything for a single device), which keeps a thousand guests within
 * the memory budget. Devices that disappear take their series with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include "vimana-domain-stats.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "vimana-stats-private.h"
#include "vimana-stats-rates.h"

typedef struct
{
    VimanaStatsRing *first;     /* read or received; NULL while the guest has one device */
    VimanaStatsRing *second;    /* written or sent */
    guint64          previous_first;
    guint64          previous_second;
    gboolean         seen;
} VimanaDeviceHistory;

struct _VimanaDomainStats
{
    GObject parent_instance;

    double           interval;
    guint            history;
    VimanaStatsRing *rings[VIMANA_N_STATS];
    char            *unavailable[VIMANA_N_STATS];
    GHashTable      *disks;          /* name → VimanaDeviceHistory */
    GHashTable      *interfaces;     /* name → VimanaDeviceHistory */

    gboolean           has_previous;
    gint64             previous_time;
    gboolean           has_previous_cpu;
    guint64            previous_cpu;
    double             memory_total;
    VimanaMemorySource memory_source;
    guint              host_cpus;
    guint              vcpus;
};

G_DEFINE_FINAL_TYPE (VimanaDomainStats, vimana_domain_stats, G_TYPE_OBJECT)

enum {
    SIGNAL_UPDATED,
    SIGNAL_DEVICES_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
vimana_device_history_free (gpointer data)
{
    VimanaDeviceHistory *history = data;

    vimana_stats_ring_free (history->first);
    vimana_stats_ring_free (history->second);
    g_free (history);
}

static void
vimana_domain_stats_finalize (GObject *object)
{
    VimanaDomainStats *self = VIMANA_DOMAIN_STATS (object);

    for (guint i = 0; i < VIMANA_N_STATS; i++) {
        vimana_stats_ring_free (self->rings[i]);
        g_free (self->unavailable[i]);
    }
    g_hash_table_unref (self->disks);
    g_hash_table_unref (self->interfaces);

    G_OBJECT_CLASS (vimana_domain_stats_parent_class)->finalize (object);
}

static void
vimana_domain_stats_class_init (VimanaDomainStatsClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vimana_domain_stats_finalize;

    /**
     * VimanaDomainStats::updated:
     *
     * A tick added samples (or gaps).
     */
    signals[SIGNAL_UPDATED] = g_signal_new ("updated", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 0);
    /**
     * VimanaDomainStats::devices-changed:
     *
     * A disk or network interface appeared or went away: the per-device series changed.
     */
    signals[SIGNAL_DEVICES_CHANGED] = g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                    G_TYPE_NONE, 0);
}

static void
vimana_domain_stats_init (VimanaDomainStats *self)
{
    self->disks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         vimana_device_history_free);
    self->interfaces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              vimana_device_history_free);
}

/**
 * vimana_domain_stats_new:
 * @interval_seconds: the sampling interval
 * @history_seconds: how far back the history reaches
 *
 * Returns: (transfer full): an empty history; its rings are allocated here
 */
VimanaDomainStats *
vimana_domain_stats_new (double interval_seconds,
                         guint  history_seconds)
{
    VimanaDomainStats *self = g_object_new (VIMANA_TYPE_DOMAIN_STATS, NULL);

    self->interval = interval_seconds;
    self->history = history_seconds;
    for (guint i = 0; i < VIMANA_N_STATS; i++)
        self->rings[i] = vimana_stats_ring_new (interval_seconds, history_seconds);
    return self;
}

/* ---- applying a tick ---- */

static void
vimana_domain_stats_set_unavailable (VimanaDomainStats *self,
                                     VimanaStat         stat,
                                     const char        *reason)
{
    if (g_strcmp0 (self->unavailable[stat], reason) == 0)
        return;
    g_free (self->unavailable[stat]);
    self->unavailable[stat] = g_strdup (reason);
}

/* Turns one kind of device counters into summed rates (and per-device ones where the guest
 * has several devices). Returns whether the set of devices changed. */
static gboolean
vimana_domain_stats_apply_devices (VimanaDomainStats *self,
                                   GHashTable        *histories,
                                   const GArray      *devices,
                                   gint64             time_us,
                                   gint64             elapsed_us,
                                   double            *sum_first,
                                   double            *sum_second)
{
    gboolean changed = FALSE;
    gboolean per_device = devices != NULL && devices->len > 1;
    guint rated = 0;
    GHashTableIter iter;
    gpointer value;

    *sum_first = *sum_second = 0;

    g_hash_table_iter_init (&iter, histories);
    while (g_hash_table_iter_next (&iter, NULL, &value))
        ((VimanaDeviceHistory *) value)->seen = FALSE;

    for (guint i = 0; devices != NULL && i < devices->len; i++) {
        const VimanaRawDevice *device = &g_array_index (devices, VimanaRawDevice, i);
        VimanaDeviceHistory *history = g_hash_table_lookup (histories, device->name);
        double first = NAN, second = NAN;

        if (history == NULL) {
            history = g_new0 (VimanaDeviceHistory, 1);
            g_hash_table_insert (histories, g_strdup (device->name), history);
            changed = TRUE;
        } else if (elapsed_us > 0) {
            first = vimana_stats_rate (history->previous_first, device->first, elapsed_us);
            second = vimana_stats_rate (history->previous_second, device->second, elapsed_us);
        }
        history->previous_first = device->first;
        history->previous_second = device->second;
        history->seen = TRUE;

        if (per_device && history->first == NULL) {
            history->first = vimana_stats_ring_new (self->interval, self->history);
            history->second = vimana_stats_ring_new (self->interval, self->history);
            changed = TRUE;
        } else if (!per_device && history->first != NULL) {
            g_clear_pointer (&history->first, vimana_stats_ring_free);
            g_clear_pointer (&history->second, vimana_stats_ring_free);
            changed = TRUE;
        }
        if (history->first != NULL) {
            vimana_stats_ring_push (history->first, time_us, (float) first);
            vimana_stats_ring_push (history->second, time_us, (float) second);
        }
        if (!isnan (first) && !isnan (second)) {
            *sum_first += first;
            *sum_second += second;
            rated++;
        }
    }

    /* A device unplugged: its series ends with it, no stale graph remains. */
    g_hash_table_iter_init (&iter, histories);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        if (!((VimanaDeviceHistory *) value)->seen) {
            g_hash_table_iter_remove (&iter);
            changed = TRUE;
        }
    }

    if (rated == 0)
        *sum_first = *sum_second = NAN;
    return changed;
}

/* Adds one tick of a running guest; called on the main thread. */
void
vimana_domain_stats_apply (VimanaDomainStats     *self,
                           const VimanaRawDomain *raw,
                           gint64                 time_us,
                           guint                  host_cpus)
{
    gint64 elapsed_us = self->has_previous ? time_us - self->previous_time : 0;
    double cpu = NAN, memory, read, write, rx, tx;
    gboolean changed;

    self->host_cpus = host_cpus;
    self->vcpus = raw->vcpus;

    if (raw->has_cpu) {
        if (self->has_previous_cpu)
            cpu = vimana_stats_cpu_percent (self->previous_cpu, raw->cpu_time_ns, elapsed_us,
                                            host_cpus);
        self->previous_cpu = raw->cpu_time_ns;
        self->has_previous_cpu = TRUE;
    }

    memory = vimana_stats_memory_in_use (raw->mem_available, raw->mem_unused, raw->mem_usable,
                                         raw->mem_rss, raw->mem_current,
                                         &self->memory_source) * 1024.0;
    if (raw->mem_current > 0)
        self->memory_total = (double) raw->mem_current * 1024.0;

    changed = vimana_domain_stats_apply_devices (self, self->disks, raw->disks, time_us,
                                                 elapsed_us, &read, &write);
    changed |= vimana_domain_stats_apply_devices (self, self->interfaces, raw->interfaces,
                                                  time_us, elapsed_us, &rx, &tx);

    vimana_stats_ring_push (self->rings[VIMANA_STAT_CPU], time_us, (float) cpu);
    vimana_stats_ring_push (self->rings[VIMANA_STAT_MEMORY], time_us, (float) memory);
    vimana_stats_ring_push (self->rings[VIMANA_STAT_DISK_READ], time_us, (float) read);
    vimana_stats_ring_push (self->rings[VIMANA_STAT_DISK_WRITE], time_us, (float) write);
    vimana_stats_ring_push (self->rings[VIMANA_STAT_NET_RX], time_us, (float) rx);
    vimana_stats_ring_push (self->rings[VIMANA_STAT_NET_TX], time_us, (float) tx);

    for (guint i = 0; i < VIMANA_N_STATS; i++)
        vimana_domain_stats_set_unavailable (self, i, raw->unavailable[i]);

    self->previous_time = time_us;
    self->has_previous = TRUE;

    if (changed)
        g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
    g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

/* The guest stopped: its series end here, and the next run starts new segments. */
void
vimana_domain_stats_end (VimanaDomainStats *self,
                         gint64             time_us)
{
    if (!self->has_previous)
        return;

    for (guint i = 0; i < VIMANA_N_STATS; i++)
        vimana_stats_ring_push_gap (self->rings[i], time_us);
    self->has_previous = FALSE;
    self->has_previous_cpu = FALSE;
    if (g_hash_table_size (self->disks) + g_hash_table_size (self->interfaces) > 0) {
        g_hash_table_remove_all (self->disks);
        g_hash_table_remove_all (self->interfaces);
        g_signal_emit (self, signals[SIGNAL_DEVICES_CHANGED], 0);
    }
    g_signal_emit (self, signals[SIGNAL_UPDATED], 0);
}

/* ---- reading ---- */

/**
 * vimana_domain_stats_get_ring:
 * @self: a #VimanaDomainStats
 * @stat: which statistic
 *
 * Returns: (transfer none): the summed series; it lives as long as @self
 */
const VimanaStatsRing *
vimana_domain_stats_get_ring (VimanaDomainStats *self,
                              VimanaStat         stat)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), NULL);
    g_return_val_if_fail (stat < VIMANA_N_STATS, NULL);
    return self->rings[stat];
}

static GHashTable *
vimana_domain_stats_devices_of (VimanaDomainStats *self,
                                VimanaStat         stat)
{
    switch (stat) {
    case VIMANA_STAT_DISK_READ:
    case VIMANA_STAT_DISK_WRITE:
        return self->disks;
    case VIMANA_STAT_NET_RX:
    case VIMANA_STAT_NET_TX:
        return self->interfaces;
    default:
        return NULL;
    }
}

/**
 * vimana_domain_stats_get_device_ring:
 * @self: a #VimanaDomainStats
 * @stat: a disk or network statistic
 * @device: a device name from vimana_domain_stats_dup_devices()
 *
 * Returns: (transfer none) (nullable): the device's own series; it lives until the next
 *   #VimanaDomainStats::devices-changed
 */
const VimanaStatsRing *
vimana_domain_stats_get_device_ring (VimanaDomainStats *self,
                                     VimanaStat         stat,
                                     const char        *device)
{
    GHashTable *devices;
    VimanaDeviceHistory *history;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), NULL);

    devices = vimana_domain_stats_devices_of (self, stat);
    history = devices ? g_hash_table_lookup (devices, device) : NULL;
    if (history == NULL)
        return NULL;
    return (stat == VIMANA_STAT_DISK_READ || stat == VIMANA_STAT_NET_RX) ? history->first
                                                                          : history->second;
}

/**
 * vimana_domain_stats_dup_devices:
 * @self: a #VimanaDomainStats
 * @stat: a disk or network statistic
 *
 * Returns: (transfer full): the names of the devices with a series of their own, sorted;
 *   empty when the guest has one device or none
 */
GStrv
vimana_domain_stats_dup_devices (VimanaDomainStats *self,
                                 VimanaStat         stat)
{
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    GHashTable *devices;
    GHashTableIter iter;
    gpointer key, value;
    GStrv names;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), NULL);

    devices = vimana_domain_stats_devices_of (self, stat);
    if (devices != NULL) {
        g_hash_table_iter_init (&iter, devices);
        while (g_hash_table_iter_next (&iter, &key, &value)) {
            if (((VimanaDeviceHistory *) value)->first != NULL)
                g_strv_builder_add (builder, key);
        }
    }
    names = g_strv_builder_end (builder);
    qsort (names, g_strv_length (names), sizeof (char *), (GCompareFunc) g_strcmp0);
    return names;
}

/* Returns: (nullable): why @stat cannot be shown for this guest, as a sentence */
const char *
vimana_domain_stats_get_unavailable (VimanaDomainStats *self,
                                     VimanaStat         stat)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), NULL);
    g_return_val_if_fail (stat < VIMANA_N_STATS, NULL);
    return self->unavailable[stat];
}

/* Returns: the newest value of @stat, NAN when there is none */
float
vimana_domain_stats_get_last (VimanaDomainStats *self,
                              VimanaStat         stat)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), NAN);
    g_return_val_if_fail (stat < VIMANA_N_STATS, NAN);
    return vimana_stats_ring_get_last (self->rings[stat]);
}

/* Returns: the memory the guest has been given, bytes; 0 when unknown */
double
vimana_domain_stats_get_memory_total (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);
    return self->memory_total;
}

/* Returns: what the newest memory figure measures: the guest's own account of its use, the
 *   host memory its process holds (which may exceed what the guest was given), or only what
 *   it was given */
VimanaMemorySource
vimana_domain_stats_get_memory_source (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), VIMANA_MEMORY_SOURCE_NONE);
    return self->memory_source;
}

/* Returns: the host's CPUs, which the CPU series is a percentage of */
guint
vimana_domain_stats_get_host_cpus (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);
    return self->host_cpus;
}

/* Returns: the guest's vCPUs: the CPU series × host CPUs ÷ vCPUs is the % of its own CPUs */
guint
vimana_domain_stats_get_vcpus (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);
    return self->vcpus;
}

/* Returns: the bytes of history this guest holds */
gsize
vimana_domain_stats_get_size (VimanaDomainStats *self)
{
    GHashTable *tables[] = { self->disks, self->interfaces };
    gsize size = sizeof *self;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);

    for (guint i = 0; i < VIMANA_N_STATS; i++)
        size += vimana_stats_ring_get_size (self->rings[i]);
    for (guint t = 0; t < G_N_ELEMENTS (tables); t++) {
        GHashTableIter iter;
        gpointer value;

        g_hash_table_iter_init (&iter, tables[t]);
        while (g_hash_table_iter_next (&iter, NULL, &value)) {
            VimanaDeviceHistory *history = value;

            size += sizeof *history;
            if (history->first != NULL)
                size += vimana_stats_ring_get_size (history->first) +
                        vimana_stats_ring_get_size (history->second);
        }
    }
    return size;
}

double
vimana_domain_stats_get_interval (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);
    return self->interval;
}

guint
vimana_domain_stats_get_history (VimanaDomainStats *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_STATS (self), 0);
    return self->history;
}

const char *
vimana_stat_to_string (VimanaStat stat)
{
    switch (stat) {
    case VIMANA_STAT_CPU:
        return _("CPU");
    case VIMANA_STAT_MEMORY:
        return _("Memory");
    case VIMANA_STAT_DISK_READ:
        return _("Disk read");
    case VIMANA_STAT_DISK_WRITE:
        return _("Disk write");
    case VIMANA_STAT_NET_RX:
        return _("Network in");
    case VIMANA_STAT_NET_TX:
        return _("Network out");
    default:
        g_return_val_if_reached (NULL);
    }
}
