/* vimana-stats-ring.c: bounded, tiered history of one statistic
 *
 * Two tiers, as monitoring stores keep them: the last ten minutes at full resolution, and the
 * whole history consolidated into buckets (10 s by default) that keep the minimum, average and
 * maximum, so that a zoomed-out graph still shows the spikes. Both tiers are fixed-size rings
 * allocated once: pushing never allocates. Samples sit on a grid of the sampling interval; a
 * sample that arrives several intervals after the previous one leaves gaps (NAN) behind it, so
 * the time axis stays honest when sampling slows down or a connection drops. The tiers are
 * allocated with the first value, so a series that never gets one costs almost nothing. Both
 * store values in 16 bits (vimana-stats-code.c: within 0.1 %); the newest value is also kept
 * as it was measured, since the list and the labels show it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-stats-ring"

#include "config.h"

#include "vimana-stats-ring.h"

#include "vimana-stats-code.h"

#include <math.h>

typedef struct
{
    guint16 min;
    guint16 max;
    guint16 avg;
} VimanaStatsBucket;

struct _VimanaStatsRing
{
    gint64             interval_us;
    gint64             bucket_us;
    guint              history;

    /* Full resolution: fine[(fine_head - 1 - k) mod capacity] is k intervals old. */
    guint16           *fine;
    guint              fine_capacity;
    guint              fine_len;
    guint              fine_head;
    gint64             last_time;          /* grid time of the newest sample */
    float              last_value;         /* the newest sample, exactly */

    /* Consolidated: buckets[(coarse_head - 1 - k) mod capacity] starts k buckets before
     * coarse_last_start. */
    VimanaStatsBucket *buckets;
    guint              coarse_capacity;
    guint              coarse_len;
    guint              coarse_head;
    gint64             coarse_last_start;

    /* The bucket being filled. */
    gint64             open_start;
    float              open_min;
    float              open_max;
    double             open_sum;
    guint              open_count;
    gboolean           open;
};

/**
 * vimana_stats_ring_new:
 * @interval_seconds: the sampling interval (0.5 to 60)
 * @history_seconds: how long the history reaches back
 *
 * Returns: (transfer full): an empty ring; all its memory is allocated here
 */
VimanaStatsRing *
vimana_stats_ring_new (double interval_seconds,
                       guint  history_seconds)
{
    VimanaStatsRing *ring;

    g_return_val_if_fail (interval_seconds > 0, NULL);

    ring = g_new0 (VimanaStatsRing, 1);
    ring->interval_us = MAX ((gint64) llround (interval_seconds * G_USEC_PER_SEC), 1000);
    ring->bucket_us = MAX ((gint64) VIMANA_STATS_RING_BUCKET_SECONDS * G_USEC_PER_SEC,
                           ring->interval_us);
    ring->history = MAX (history_seconds, 1u);

    ring->fine_capacity = (guint) MAX (1, (VIMANA_STATS_RING_FINE_SECONDS * G_USEC_PER_SEC) /
                                       ring->interval_us);
    ring->fine_capacity = MIN (ring->fine_capacity,
                               (guint) MAX (1, ((gint64) ring->history * G_USEC_PER_SEC) /
                                            ring->interval_us));
    ring->coarse_capacity = (guint) MAX (1, ((gint64) ring->history * G_USEC_PER_SEC +
                                             ring->bucket_us - 1) / ring->bucket_us);
    return ring;
}

/* The tiers are allocated with the first value: a series that never has one (a guest without
 * a disk, a driver without memory statistics) costs only the ring itself. */
static void
vimana_stats_ring_ensure_storage (VimanaStatsRing *ring)
{
    if (ring->fine != NULL)
        return;
    ring->fine = g_new (guint16, ring->fine_capacity);
    ring->buckets = g_new (VimanaStatsBucket, ring->coarse_capacity);
}

void
vimana_stats_ring_free (VimanaStatsRing *ring)
{
    if (ring == NULL)
        return;
    g_free (ring->fine);
    g_free (ring->buckets);
    g_free (ring);
}

void
vimana_stats_ring_clear (VimanaStatsRing *ring)
{
    g_return_if_fail (ring != NULL);

    ring->fine_len = ring->fine_head = 0;
    ring->coarse_len = ring->coarse_head = 0;
    ring->last_time = ring->coarse_last_start = 0;
    ring->open = FALSE;
}

/* ---- consolidation ---- */

static void
vimana_stats_ring_commit_bucket (VimanaStatsRing *ring,
                                 gint64           start,
                                 float            min,
                                 float            max,
                                 float            avg)
{
    VimanaStatsBucket *bucket = &ring->buckets[ring->coarse_head];

    bucket->min = vimana_stats_encode (min);
    bucket->max = vimana_stats_encode (max);
    bucket->avg = vimana_stats_encode (avg);
    ring->coarse_head = (ring->coarse_head + 1) % ring->coarse_capacity;
    ring->coarse_len = MIN (ring->coarse_len + 1, ring->coarse_capacity);
    ring->coarse_last_start = start;
}

static void
vimana_stats_ring_close_bucket (VimanaStatsRing *ring)
{
    if (ring->open_count > 0)
        vimana_stats_ring_commit_bucket (ring, ring->open_start, ring->open_min, ring->open_max,
                                         (float) (ring->open_sum / ring->open_count));
    else
        vimana_stats_ring_commit_bucket (ring, ring->open_start, NAN, NAN, NAN);
}

static void
vimana_stats_ring_consolidate (VimanaStatsRing *ring,
                               gint64           time_us,
                               float            value)
{
    gint64 start = time_us - (((time_us % ring->bucket_us) + ring->bucket_us) % ring->bucket_us);

    if (ring->open && start != ring->open_start) {
        gint64 missing = (start - ring->open_start) / ring->bucket_us - 1;

        vimana_stats_ring_close_bucket (ring);
        /* Whole buckets without a sample: gaps, at most a ring's worth. */
        missing = MIN (missing, (gint64) ring->coarse_capacity);
        for (gint64 i = missing; i > 0; i--)
            vimana_stats_ring_commit_bucket (ring, start - i * ring->bucket_us, NAN, NAN, NAN);
        ring->open = FALSE;
    }
    if (!ring->open) {
        ring->open = TRUE;
        ring->open_start = start;
        ring->open_count = 0;
        ring->open_sum = 0;
    }
    if (isnan (value))
        return;
    if (ring->open_count == 0) {
        ring->open_min = ring->open_max = value;
    } else {
        ring->open_min = MIN (ring->open_min, value);
        ring->open_max = MAX (ring->open_max, value);
    }
    ring->open_sum += value;
    ring->open_count++;
}

/* ---- pushing ---- */

static void
vimana_stats_ring_append (VimanaStatsRing *ring,
                          float            value)
{
    ring->fine[ring->fine_head] = vimana_stats_encode (value);
    ring->last_value = value;
    ring->fine_head = (ring->fine_head + 1) % ring->fine_capacity;
    ring->fine_len = MIN (ring->fine_len + 1, ring->fine_capacity);
}

/**
 * vimana_stats_ring_push:
 * @ring: a #VimanaStatsRing
 * @time_us: when the value was measured (wall clock, µs)
 * @value: the value, or NAN for "no value"
 *
 * Adds a sample on the interval grid: the slots between the previous sample and this one
 * become gaps. A sample less than half an interval after the previous one is dropped.
 */
void
vimana_stats_ring_push (VimanaStatsRing *ring,
                        gint64           time_us,
                        float            value)
{
    gint64 slots;
    gint64 slot_time;

    g_return_if_fail (ring != NULL);

    /* Nothing stored yet and nothing to store: a gap before the series begins. */
    if (ring->fine == NULL) {
        if (isnan (value))
            return;
        vimana_stats_ring_ensure_storage (ring);
    }

    if (ring->fine_len == 0 && !ring->open) {
        ring->last_time = time_us;
        vimana_stats_ring_append (ring, value);
        vimana_stats_ring_consolidate (ring, time_us, value);
        return;
    }

    slots = (time_us - ring->last_time + ring->interval_us / 2) / ring->interval_us;
    if (slots <= 0)
        return;

    if (slots - 1 >= ring->fine_capacity) {
        /* A gap longer than the fine tier: it holds nothing any more. */
        ring->fine_len = ring->fine_head = 0;
    } else {
        for (gint64 i = 1; i < slots; i++)
            vimana_stats_ring_append (ring, NAN);
    }
    slot_time = ring->last_time + slots * ring->interval_us;
    ring->last_time = slot_time;
    vimana_stats_ring_append (ring, value);
    vimana_stats_ring_consolidate (ring, slot_time, value);
}

/* Marks @time_us as "no value": a series ends here (the guest stopped, the connection fell). */
void
vimana_stats_ring_push_gap (VimanaStatsRing *ring,
                            gint64           time_us)
{
    vimana_stats_ring_push (ring, time_us, NAN);
}

/* ---- reading ---- */

gboolean
vimana_stats_ring_is_empty (const VimanaStatsRing *ring)
{
    return ring->fine_len == 0 && ring->coarse_len == 0 && !ring->open;
}

gint64
vimana_stats_ring_get_last_time (const VimanaStatsRing *ring)
{
    return ring->last_time;
}

/* Returns: the newest value, NAN when there is none or it is a gap */
float
vimana_stats_ring_get_last (const VimanaStatsRing *ring)
{
    if (ring->fine_len == 0)
        return NAN;
    return ring->last_value;
}

double
vimana_stats_ring_get_interval (const VimanaStatsRing *ring)
{
    return (double) ring->interval_us / G_USEC_PER_SEC;
}

guint
vimana_stats_ring_get_history (const VimanaStatsRing *ring)
{
    return ring->history;
}

/* k intervals before the newest sample */
static float
vimana_stats_ring_fine_at (const VimanaStatsRing *ring,
                           guint                  k)
{
    if (k == 0)
        return ring->last_value;
    return vimana_stats_decode (ring->fine[(ring->fine_head + 2 * ring->fine_capacity - 1 - k) %
                                           ring->fine_capacity]);
}

static gint64
vimana_stats_ring_fine_oldest (const VimanaStatsRing *ring)
{
    return ring->last_time - (gint64) (ring->fine_len - 1) * ring->interval_us;
}

static const VimanaStatsBucket *
vimana_stats_ring_bucket_at (const VimanaStatsRing *ring,
                             guint                  k)
{
    return &ring->buckets[(ring->coarse_head + 2 * ring->coarse_capacity - 1 - k) %
                          ring->coarse_capacity];
}

/* Returns: the time of the oldest sample or bucket held */
gint64
vimana_stats_ring_get_first_time (const VimanaStatsRing *ring)
{
    gint64 first = ring->fine_len > 0 ? vimana_stats_ring_fine_oldest (ring) : G_MAXINT64;

    if (ring->coarse_len > 0)
        first = MIN (first, ring->coarse_last_start -
                     (gint64) (ring->coarse_len - 1) * ring->bucket_us);
    return first == G_MAXINT64 ? 0 : first;
}

/* Calls @func for the buckets older than the fine tier, then for each fine sample, that
 * fall in [start_us, end_us]; gaps included, in time order. */
void
vimana_stats_ring_foreach (const VimanaStatsRing *ring,
                           gint64                 start_us,
                           gint64                 end_us,
                           VimanaStatsRingFunc    func,
                           gpointer               user_data)
{
    gint64 fine_oldest = ring->fine_len > 0 ? vimana_stats_ring_fine_oldest (ring) : G_MAXINT64;
    guint coarse_first = ring->coarse_len;
    guint fine_first = ring->fine_len;

    /* Start at the first entry in range, so a short window over a long history costs only
     * what it shows. */
    if (ring->coarse_len > 0 && start_us > G_MININT64 / 2) {
        gint64 k = (ring->coarse_last_start + ring->bucket_us / 2 - start_us) / ring->bucket_us + 1;
        coarse_first = (guint) CLAMP (k, 0, (gint64) ring->coarse_len);
    }
    if (ring->fine_len > 0 && start_us > G_MININT64 / 2) {
        gint64 k = (ring->last_time - start_us) / ring->interval_us + 1;
        fine_first = (guint) CLAMP (k, 0, (gint64) ring->fine_len);
    }

    for (guint k = coarse_first; k > 0; k--) {
        const VimanaStatsBucket *bucket = vimana_stats_ring_bucket_at (ring, k - 1);
        gint64 bucket_start = ring->coarse_last_start - (gint64) (k - 1) * ring->bucket_us;
        gint64 t = bucket_start + ring->bucket_us / 2;

        if (bucket_start + ring->bucket_us > fine_oldest)
            break;
        if (t < start_us || t > end_us)
            continue;
        func (t, vimana_stats_decode (bucket->min), vimana_stats_decode (bucket->avg),
              vimana_stats_decode (bucket->max), user_data);
    }

    if (ring->fine_len == 0)
        return;
    for (guint k = fine_first; k > 0; k--) {
        gint64 t = ring->last_time - (gint64) (k - 1) * ring->interval_us;
        float value;

        if (t < start_us)
            continue;
        if (t > end_us)
            break;
        value = vimana_stats_ring_fine_at (ring, k - 1);
        func (t, value, value, value, user_data);
    }
}

typedef struct
{
    gint64           start;
    double           width;
    guint            n;
    VimanaStatsSpan *columns;
    double          *sums;
    guint           *counts;
} VimanaDecimation;

static void
vimana_stats_ring_decimate_cb (gint64   time_us,
                               float    min,
                               float    avg,
                               float    max,
                               gpointer user_data)
{
    VimanaDecimation *d = user_data;
    VimanaStatsSpan *column;
    guint index;

    if (isnan (avg))
        return;
    index = (guint) MIN ((double) (time_us - d->start) / d->width, (double) (d->n - 1));
    column = &d->columns[index];
    if (d->counts[index] == 0) {
        column->min = min;
        column->max = max;
    } else {
        column->min = MIN (column->min, min);
        column->max = MAX (column->max, max);
    }
    d->sums[index] += avg;
    d->counts[index]++;
}

/**
 * vimana_stats_ring_decimate:
 * @ring: a #VimanaStatsRing
 * @start_us: the time at the left edge
 * @end_us: the time at the right edge
 * @n_columns: how many columns (usually the graph's width in pixels)
 * @columns: (out caller-allocates) (array length=n_columns): each column's minimum, maximum
 *   and average; NAN where the column holds no sample
 *
 * Reduces what the ring holds over a span of time to one entry per pixel column, keeping each
 * column's extremes, so a frame costs O(width) to draw whatever the history's length.
 */
void
vimana_stats_ring_decimate (const VimanaStatsRing *ring,
                            gint64                 start_us,
                            gint64                 end_us,
                            guint                  n_columns,
                            VimanaStatsSpan       *columns)
{
    g_autofree double *sums = NULL;
    g_autofree guint *counts = NULL;
    VimanaDecimation d;

    g_return_if_fail (ring != NULL);
    g_return_if_fail (end_us > start_us);
    g_return_if_fail (n_columns > 0);

    /* A graph is a few hundred columns wide: the stack holds these comfortably. */
    sums = g_new0 (double, n_columns);
    counts = g_new0 (guint, n_columns);
    d = (VimanaDecimation) { start_us, (double) (end_us - start_us) / n_columns, n_columns,
                             columns, sums, counts };

    vimana_stats_ring_foreach (ring, start_us, end_us, vimana_stats_ring_decimate_cb, &d);
    for (guint i = 0; i < n_columns; i++) {
        if (counts[i] == 0)
            columns[i] = (VimanaStatsSpan) { NAN, NAN, NAN };
        else
            columns[i].avg = (float) (sums[i] / counts[i]);
    }
}

typedef struct
{
    VimanaStatsSpan span;
    double          sum;
    guint           count;
} VimanaSummary;

static void
vimana_stats_ring_summarize_cb (gint64   time_us,
                                float    min,
                                float    avg,
                                float    max,
                                gpointer user_data)
{
    VimanaSummary *summary = user_data;

    if (isnan (avg))
        return;
    if (summary->count == 0) {
        summary->span.min = min;
        summary->span.max = max;
    } else {
        summary->span.min = MIN (summary->span.min, min);
        summary->span.max = MAX (summary->span.max, max);
    }
    summary->sum += avg;
    summary->count++;
}

/* Returns: the lowest, highest and average value over [start_us, end_us]; NAN when none */
VimanaStatsSpan
vimana_stats_ring_summarize (const VimanaStatsRing *ring,
                             gint64                 start_us,
                             gint64                 end_us)
{
    VimanaSummary summary = { { NAN, NAN, NAN }, 0, 0 };

    vimana_stats_ring_foreach (ring, start_us, end_us, vimana_stats_ring_summarize_cb, &summary);
    if (summary.count > 0)
        summary.span.avg = (float) (summary.sum / summary.count);
    return summary.span;
}

/* Returns: the value nearest @time_us: a sample, or a bucket's average; NAN when none */
float
vimana_stats_ring_value_at (const VimanaStatsRing *ring,
                            gint64                 time_us)
{
    if (ring->fine_len > 0 && time_us >= vimana_stats_ring_fine_oldest (ring) - ring->interval_us / 2) {
        gint64 k = (ring->last_time - time_us + ring->interval_us / 2) / ring->interval_us;

        if (k < 0)
            return NAN;
        return vimana_stats_ring_fine_at (ring, (guint) MIN (k, (gint64) ring->fine_len - 1));
    }
    if (ring->coarse_len > 0) {
        gint64 k = (ring->coarse_last_start - time_us + ring->bucket_us - 1) / ring->bucket_us;

        if (k >= 0 && k < ring->coarse_len)
            return vimana_stats_decode (vimana_stats_ring_bucket_at (ring, (guint) k)->avg);
    }
    return NAN;
}

/* Returns: the bytes the ring holds, allocated once */
gsize
vimana_stats_ring_get_size (const VimanaStatsRing *ring)
{
    if (ring->fine == NULL)
        return sizeof *ring;
    return sizeof *ring + ring->fine_capacity * sizeof (guint16) +
           ring->coarse_capacity * sizeof (VimanaStatsBucket);
}
