/* vimana-migration-trend.c: what successive progress samples of a migration say
 *
 * One sample (virDomainGetJobStats) says how much is left and how fast memory is sent and
 * dirtied; only several say where it is going. The trend keeps the graph's rings (data
 * remaining, dirty rate, bandwidth), a short window of recent samples for the time left, and
 * what was left at the start of each pass over memory: a pre-copy migration converges when
 * each pass leaves less than the one before. It is pure (no libvirt, no clock of its own), so
 * the unit test feeds it sequences of samples.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration-trend.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-migration-options.h"

/* Samples the time left is measured over (at 1 s a sample, the last 8 s). */
#define VIMANA_MIGRATION_TREND_WINDOW 8
/* Passes whose start is remembered. */
#define VIMANA_MIGRATION_TREND_PASSES 4
/* A pass must leave at most this share of what the pass two before left. */
#define VIMANA_MIGRATION_TREND_SHRINK 0.9
/* How long the graph's rings reach back. */
#define VIMANA_MIGRATION_TREND_HISTORY 600

typedef struct
{
    gint64  time_us;
    guint64 remaining;
} VimanaMigrationTrendSample;

struct _VimanaMigrationTrend
{
    VimanaStatsRing            *rings[VIMANA_MIGRATION_N_SERIES];
    VimanaMigrationTrendSample  window[VIMANA_MIGRATION_TREND_WINDOW];
    guint                       n_window;    /* samples in the window, oldest first */
    guint64                     pass_remaining[VIMANA_MIGRATION_TREND_PASSES];
    guint                       n_passes;    /* pass starts remembered, oldest first */
    guint64                     last_iteration;
    VimanaMigrationProgress     last;
    gboolean                    has_last;
};

/**
 * vimana_migration_trend_new:
 *
 * Returns: (transfer full): an empty trend; free with vimana_migration_trend_free()
 */
VimanaMigrationTrend *
vimana_migration_trend_new (void)
{
    VimanaMigrationTrend *trend = g_new0 (VimanaMigrationTrend, 1);

    for (guint i = 0; i < VIMANA_MIGRATION_N_SERIES; i++)
        trend->rings[i] = vimana_stats_ring_new (1.0, VIMANA_MIGRATION_TREND_HISTORY);
    return trend;
}

void
vimana_migration_trend_free (VimanaMigrationTrend *trend)
{
    if (trend == NULL)
        return;
    for (guint i = 0; i < VIMANA_MIGRATION_N_SERIES; i++)
        vimana_stats_ring_free (trend->rings[i]);
    g_free (trend);
}

/**
 * vimana_migration_trend_push:
 * @trend: a trend
 * @time_us: when the sample was read (any clock, increasing)
 * @progress: the sample
 *
 * Adds one sample. One without an active job (before the daemon's job began, after it
 * ended) only leaves a gap in the graph.
 */
void
vimana_migration_trend_push (VimanaMigrationTrend          *trend,
                             gint64                         time_us,
                             const VimanaMigrationProgress *progress)
{
    g_return_if_fail (trend != NULL);
    g_return_if_fail (progress != NULL);

    if (trend->n_window > 0 && time_us <= trend->window[trend->n_window - 1].time_us)
        return;
    if (!progress->active) {
        for (guint i = 0; i < VIMANA_MIGRATION_N_SERIES; i++)
            vimana_stats_ring_push_gap (trend->rings[i], time_us);
        return;
    }
    vimana_stats_ring_push (trend->rings[VIMANA_MIGRATION_SERIES_REMAINING], time_us,
                            (float) progress->data_remaining);
    vimana_stats_ring_push (trend->rings[VIMANA_MIGRATION_SERIES_DIRTY_RATE], time_us,
                            (float) progress->dirty_rate);
    vimana_stats_ring_push (trend->rings[VIMANA_MIGRATION_SERIES_BANDWIDTH], time_us,
                            (float) progress->bandwidth);

    if (trend->n_window == VIMANA_MIGRATION_TREND_WINDOW) {
        memmove (trend->window, trend->window + 1, sizeof trend->window[0] * (trend->n_window - 1));
        trend->n_window--;
    }
    trend->window[trend->n_window].time_us = time_us;
    trend->window[trend->n_window].remaining = progress->data_remaining;
    trend->n_window++;

    /* A new pass: what is left now is what the previous one did not send. */
    if (progress->iteration > trend->last_iteration) {
        if (trend->n_passes == VIMANA_MIGRATION_TREND_PASSES) {
            memmove (trend->pass_remaining, trend->pass_remaining + 1,
                     sizeof trend->pass_remaining[0] * (trend->n_passes - 1));
            trend->n_passes--;
        }
        trend->pass_remaining[trend->n_passes++] = progress->data_remaining;
        trend->last_iteration = progress->iteration;
    }
    trend->last = *progress;
    trend->has_last = TRUE;
}

/**
 * vimana_migration_trend_get_ring:
 * @trend: a trend
 * @series: which
 *
 * Returns: (transfer none): the series' history, for a graph
 */
const VimanaStatsRing *
vimana_migration_trend_get_ring (const VimanaMigrationTrend *trend,
                                 VimanaMigrationSeries       series)
{
    g_return_val_if_fail (trend != NULL, NULL);
    g_return_val_if_fail (series < VIMANA_MIGRATION_N_SERIES, NULL);
    return trend->rings[series];
}

/**
 * vimana_migration_trend_get_eta:
 * @trend: a trend
 *
 * The time left: libvirt's estimate where it gives one, else what is left over the rate at
 * which it shrank across the recent samples, else over the bandwidth the guest does not
 * dirty again.
 *
 * Returns: seconds, rounded up; -1 when it cannot be told (too early, or not converging)
 */
gint64
vimana_migration_trend_get_eta (const VimanaMigrationTrend *trend)
{
    const VimanaMigrationTrendSample *oldest;
    const VimanaMigrationTrendSample *newest;
    const VimanaMigrationProgress *last;

    g_return_val_if_fail (trend != NULL, -1);

    if (!trend->has_last || trend->n_window == 0)
        return -1;
    last = &trend->last;
    if (last->time_remaining > 0)
        return (gint64) ((last->time_remaining + 999) / 1000);
    if (last->data_remaining == 0)
        return last->data_total > 0 ? 0 : -1;
    oldest = &trend->window[0];
    newest = &trend->window[trend->n_window - 1];
    if (trend->n_window >= 2 && oldest->remaining > newest->remaining) {
        double seconds = (double) (newest->time_us - oldest->time_us) / G_USEC_PER_SEC;
        double rate = (double) (oldest->remaining - newest->remaining) / seconds;

        return (gint64) ((double) newest->remaining / rate + 0.999);
    }
    if (last->bandwidth > last->dirty_rate)
        return (gint64) ((double) last->data_remaining
                         / (double) (last->bandwidth - last->dirty_rate) + 0.999);
    return -1;
}

/**
 * vimana_migration_trend_get_convergence:
 * @trend: a trend
 *
 * A pre-copy migration that has made %VIMANA_MIGRATION_TREND_MIN_PASSES passes is stalled
 * when the guest dirties memory at least as fast as it is sent, or when a pass left no less
 * than nine tenths of what the pass two before left.
 *
 * Returns: whether the migration converges
 */
VimanaMigrationConvergence
vimana_migration_trend_get_convergence (const VimanaMigrationTrend *trend)
{
    const VimanaMigrationProgress *last;

    g_return_val_if_fail (trend != NULL, VIMANA_MIGRATION_CONVERGENCE_UNKNOWN);

    if (!trend->has_last || !trend->last.active)
        return VIMANA_MIGRATION_CONVERGENCE_UNKNOWN;
    last = &trend->last;
    if (last->iteration < VIMANA_MIGRATION_TREND_MIN_PASSES)
        return VIMANA_MIGRATION_CONVERGENCE_UNKNOWN;
    if (last->bandwidth > 0 && last->dirty_rate >= last->bandwidth)
        return VIMANA_MIGRATION_CONVERGENCE_STALLED;
    if (trend->n_passes >= 3) {
        guint64 now = trend->pass_remaining[trend->n_passes - 1];
        guint64 before = trend->pass_remaining[trend->n_passes - 3];

        if ((double) now > VIMANA_MIGRATION_TREND_SHRINK * (double) before)
            return VIMANA_MIGRATION_CONVERGENCE_STALLED;
    }
    return VIMANA_MIGRATION_CONVERGENCE_CONVERGING;
}

/**
 * vimana_migration_trend_suggest_downtime:
 * @trend: a trend
 * @current_ms: the downtime allowed now; 0 for the hypervisor's default
 *
 * The downtime that lets the migration finish now: what is left over the bandwidth (or
 * libvirt's expected downtime), with a quarter to spare, at least twice what is allowed now,
 * rounded up to 100 ms and at most %VIMANA_MIGRATION_MAX_DOWNTIME.
 *
 * Returns: ms
 */
guint64
vimana_migration_trend_suggest_downtime (const VimanaMigrationTrend *trend,
                                         guint64                     current_ms)
{
    guint64 current = current_ms > 0 ? current_ms : VIMANA_MIGRATION_DEFAULT_DOWNTIME;
    guint64 needed = 0;

    g_return_val_if_fail (trend != NULL, current);

    if (trend->has_last && trend->last.bandwidth > 0)
        needed = trend->last.data_remaining * 1000 / trend->last.bandwidth;
    if (trend->has_last)
        needed = MAX (needed, trend->last.expected_downtime);
    needed += needed / 4;
    needed = MAX (needed, 2 * current);
    needed = (needed + 99) / 100 * 100;
    return MIN (needed, (guint64) VIMANA_MIGRATION_MAX_DOWNTIME);
}

/**
 * vimana_migration_trend_format_eta:
 * @seconds: from vimana_migration_trend_get_eta()
 *
 * Returns: (transfer full): "about 2 min 5 s left", or "time left unknown"
 */
char *
vimana_migration_trend_format_eta (gint64 seconds)
{
    if (seconds < 0)
        return g_strdup (_("time left unknown"));
    if (seconds < 60)
        /* Translators: the time a migration still needs. */
        return g_strdup_printf (_("about %d s left"), (int) seconds);
    if (seconds < 3600)
        /* Translators: the time a migration still needs, minutes then seconds. */
        return g_strdup_printf (_("about %d min %d s left"), (int) (seconds / 60),
                                (int) (seconds % 60));
    /* Translators: the time a migration still needs, hours then minutes. */
    return g_strdup_printf (_("about %d h %d min left"), (int) (seconds / 3600),
                            (int) (seconds % 3600 / 60));
}
