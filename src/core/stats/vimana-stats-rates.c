/* vimana-stats-rates.c: counters into rates
 *
 * libvirt reports cumulative counters (CPU time, bytes read…). A rate needs two readings and
 * the time between them; a counter that went backwards means the guest restarted and its
 * counters began again, which starts a new segment (NAN: a gap) rather than a negative spike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats"

#include "config.h"

#include "vimana-stats-rates.h"

#include <math.h>

/**
 * vimana_stats_rate:
 * @previous: the earlier reading of a counter
 * @current: the later reading
 * @elapsed_us: the time between them
 *
 * Returns: units per second, or NAN when no rate can be told (no time passed, or the counter
 *   was reset)
 */
double
vimana_stats_rate (guint64 previous,
                   guint64 current,
                   gint64  elapsed_us)
{
    if (elapsed_us <= 0 || current < previous)
        return NAN;
    return (double) (current - previous) * G_USEC_PER_SEC / (double) elapsed_us;
}

/**
 * vimana_stats_cpu_percent:
 * @previous_ns: CPU time used, earlier reading
 * @current_ns: CPU time used, later reading
 * @elapsed_us: wall time between them
 * @n_cpus: the CPUs the percentage is of: the host's, or the guest's vCPUs
 *
 * Returns: the share of @n_cpus CPUs used, 0 to 100 (clamped: libvirt's readings are not taken
 *   at exactly the same instant), or NAN when it cannot be told
 */
double
vimana_stats_cpu_percent (guint64 previous_ns,
                          guint64 current_ns,
                          gint64  elapsed_us,
                          guint   n_cpus)
{
    double ns_per_s = vimana_stats_rate (previous_ns, current_ns, elapsed_us);

    if (isnan (ns_per_s) || n_cpus == 0)
        return NAN;
    return CLAMP (ns_per_s / 1e9 / n_cpus * 100.0, 0.0, 100.0);
}

/**
 * vimana_stats_memory_in_use:
 * @available_kib: memory the guest OS sees (balloon "available"), or -1
 * @unused_kib: memory the guest OS leaves unused, or -1
 * @usable_kib: memory the guest OS could use without swapping (balloon "usable"), or -1
 * @rss_kib: memory the QEMU process holds on the host, or -1
 * @current_kib: memory the guest has been given, or -1
 * @source: (out) (optional): what the returned figure measures
 *
 * Picks the best measure the driver gave: what the guest uses by its own account (needs a
 * balloon driver with statistics; "usable" leaves out the caches it can drop, "unused" does
 * not), else what its process occupies on the host (which includes the process's own
 * overhead, so it may exceed what the guest was given), else what it was given.
 *
 * Returns: KiB, or NAN when none is known
 */
double
vimana_stats_memory_in_use (gint64              available_kib,
                            gint64              unused_kib,
                            gint64              usable_kib,
                            gint64              rss_kib,
                            gint64              current_kib,
                            VimanaMemorySource *source)
{
    VimanaMemorySource found = VIMANA_MEMORY_SOURCE_NONE;
    double value = NAN;

    if (available_kib > 0 && usable_kib >= 0 && usable_kib <= available_kib) {
        found = VIMANA_MEMORY_SOURCE_GUEST;
        value = (double) (available_kib - usable_kib);
    } else if (available_kib > 0 && unused_kib >= 0 && unused_kib <= available_kib) {
        found = VIMANA_MEMORY_SOURCE_GUEST;
        value = (double) (available_kib - unused_kib);
    } else if (rss_kib > 0) {
        found = VIMANA_MEMORY_SOURCE_HOST_PROCESS;
        value = (double) rss_kib;
    } else if (current_kib > 0) {
        found = VIMANA_MEMORY_SOURCE_GIVEN;
        value = (double) current_kib;
    }
    if (source != NULL)
        *source = found;
    return value;
}
