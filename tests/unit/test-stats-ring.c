/* test-stats-ring.c: the tiered history of one statistic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vimana-stats-code.h"
#include "vimana-stats-ring.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1700000000 * SEC)

static void
test_ring_empty (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsSpan span;

    g_assert_true (vimana_stats_ring_is_empty (ring));
    g_assert_true (isnan (vimana_stats_ring_get_last (ring)));
    span = vimana_stats_ring_summarize (ring, T0, T0 + 10 * SEC);
    g_assert_true (isnan (span.avg));
    g_assert_true (isnan (vimana_stats_ring_value_at (ring, T0)));
    vimana_stats_ring_free (ring);
}

static void
test_ring_lazy_storage (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    gsize empty = vimana_stats_ring_get_size (ring);

    /* Gaps alone store nothing: a series that never has a value costs only the ring. */
    for (int i = 0; i < 100; i++)
        vimana_stats_ring_push_gap (ring, T0 + i * SEC);
    g_assert_true (vimana_stats_ring_is_empty (ring));
    g_assert_cmpuint (vimana_stats_ring_get_size (ring), ==, empty);
    g_assert_cmpuint (empty, <, 256);

    vimana_stats_ring_push (ring, T0 + 100 * SEC, 1.0f);
    /* Ten minutes of samples and an hour of buckets, in 16 bits each. */
    g_assert_cmpuint (vimana_stats_ring_get_size (ring), >=, (600 + 360 * 3) * sizeof (guint16));
    g_assert_cmpuint (vimana_stats_ring_get_size (ring), <, 4 * 1024);
    g_assert_cmpfloat (vimana_stats_ring_get_last (ring), ==, 1.0f);
    vimana_stats_ring_free (ring);
}

static void
test_ring_wraps_within_capacity (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    gsize size;
    VimanaStatsSpan span;

    /* Two hours of samples into a one-hour ring: memory does not grow. */
    vimana_stats_ring_push (ring, T0, 0.0f);
    size = vimana_stats_ring_get_size (ring);
    for (int i = 1; i < 7200; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (float) i);
    g_assert_cmpuint (vimana_stats_ring_get_size (ring), ==, size);
    g_assert_cmpfloat (vimana_stats_ring_get_last (ring), ==, 7199.0f);
    g_assert_cmpint (vimana_stats_ring_get_last_time (ring), ==, T0 + 7199 * SEC);

    /* The fine tier holds the last 600 samples, each within 0.1 % (16 bits a sample), the
     * newest one exactly. */
    g_assert_cmpfloat_with_epsilon (vimana_stats_ring_value_at (ring, T0 + 6600 * SEC), 6600.0f,
                                    6600.0 * VIMANA_STATS_CODE_RELATIVE_ERROR);
    g_assert_cmpfloat_with_epsilon (vimana_stats_ring_value_at (ring, T0 + 6601 * SEC), 6601.0f,
                                    6601.0 * VIMANA_STATS_CODE_RELATIVE_ERROR);
    g_assert_cmpfloat (vimana_stats_ring_value_at (ring, T0 + 7199 * SEC), ==, 7199.0f);
    span = vimana_stats_ring_summarize (ring, T0 + 6600 * SEC, T0 + 7199 * SEC);
    g_assert_cmpfloat_with_epsilon (span.min, 6600.0f, 6600.0 * VIMANA_STATS_CODE_RELATIVE_ERROR);
    g_assert_cmpfloat_with_epsilon (span.max, 7199.0f, 7199.0 * VIMANA_STATS_CODE_RELATIVE_ERROR);

    /* Older than that: 10-second buckets, back to one hour and no further. */
    g_assert_cmpint (vimana_stats_ring_get_first_time (ring), >=, T0 + 3590 * SEC);
    g_assert_cmpint (vimana_stats_ring_get_first_time (ring), <=, T0 + 3610 * SEC);
    g_assert_cmpfloat_with_epsilon (vimana_stats_ring_value_at (ring, T0 + 4005 * SEC), 4004.5f,
                                    4004.5 * VIMANA_STATS_CODE_RELATIVE_ERROR);
    g_assert_true (isnan (vimana_stats_ring_value_at (ring, T0 + 100 * SEC)));

    /* The budget: a one-hour series costs under 3.5 KiB. */
    g_assert_cmpuint (size, <, 3584);
    vimana_stats_ring_free (ring);
}

static void
test_ring_buckets_keep_spikes (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsSpan columns[4];

    /* A one-second spike 40 minutes ago is older than the fine tier, but its bucket keeps it. */
    for (int i = 0; i < 3600; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, i == 1200 ? 100.0f : 1.0f);
    vimana_stats_ring_decimate (ring, T0, T0 + 3600 * SEC, 4, columns);
    g_assert_cmpfloat (columns[1].max, ==, 100.0f);
    g_assert_cmpfloat (columns[1].min, ==, 1.0f);
    g_assert_cmpfloat (columns[0].max, ==, 1.0f);
    g_assert_cmpfloat (columns[3].max, ==, 1.0f);
    vimana_stats_ring_free (ring);
}

static void
test_ring_decimate_min_max (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    VimanaStatsSpan columns[10];

    /* 100 samples alternating 0 and 10 into 10 columns: every column spans both. */
    for (int i = 0; i < 100; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (i % 2) ? 10.0f : 0.0f);
    vimana_stats_ring_decimate (ring, T0, T0 + 100 * SEC, 10, columns);
    for (int c = 0; c < 10; c++) {
        g_assert_cmpfloat (columns[c].min, ==, 0.0f);
        g_assert_cmpfloat (columns[c].max, ==, 10.0f);
        g_assert_cmpfloat_with_epsilon (columns[c].avg, 5.0f, 0.01);
    }

    /* Columns outside the data are empty, not zero. */
    vimana_stats_ring_decimate (ring, T0 - 100 * SEC, T0 + 100 * SEC, 10, columns);
    g_assert_true (isnan (columns[0].avg));
    g_assert_cmpfloat (columns[9].max, ==, 10.0f);
    vimana_stats_ring_free (ring);
}

static void
test_ring_gaps_keep_time (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);

    vimana_stats_ring_push (ring, T0, 1.0f);
    vimana_stats_ring_push (ring, T0 + 1 * SEC, 2.0f);
    /* Sampling paused for 5 s: the slots between are gaps, the new sample lands at +6 s. */
    vimana_stats_ring_push (ring, T0 + 6 * SEC + 100000, 3.0f);
    g_assert_cmpint (vimana_stats_ring_get_last_time (ring), ==, T0 + 6 * SEC);
    g_assert_cmpfloat (vimana_stats_ring_value_at (ring, T0 + 1 * SEC), ==, 2.0f);
    g_assert_true (isnan (vimana_stats_ring_value_at (ring, T0 + 3 * SEC)));
    g_assert_cmpfloat (vimana_stats_ring_value_at (ring, T0 + 6 * SEC), ==, 3.0f);

    /* Jitter under half an interval does not add a slot; a duplicate is dropped. */
    vimana_stats_ring_push (ring, T0 + 6 * SEC + 300000, 9.0f);
    g_assert_cmpfloat (vimana_stats_ring_get_last (ring), ==, 3.0f);

    /* An explicit end of series. */
    vimana_stats_ring_push_gap (ring, T0 + 7 * SEC);
    g_assert_true (isnan (vimana_stats_ring_get_last (ring)));

    /* A gap longer than the whole fine tier empties it but keeps the buckets' time. */
    vimana_stats_ring_push (ring, T0 + 2000 * SEC, 5.0f);
    g_assert_cmpfloat (vimana_stats_ring_get_last (ring), ==, 5.0f);
    g_assert_true (isnan (vimana_stats_ring_value_at (ring, T0 + 1500 * SEC)));
    vimana_stats_ring_free (ring);
}

static void
test_ring_other_intervals (void)
{
    VimanaStatsRing *half = vimana_stats_ring_new (0.5, 60);
    VimanaStatsRing *slow = vimana_stats_ring_new (60.0, 86400);

    for (int i = 0; i < 1000; i++)
        vimana_stats_ring_push (half, T0 + i * SEC / 2, (float) i);
    g_assert_cmpfloat (vimana_stats_ring_get_last (half), ==, 999.0f);
    /* 60 s of history at 0.5 s: 120 samples. */
    g_assert_cmpfloat (vimana_stats_ring_value_at (half, T0 + 440 * SEC), ==, 880.0f);
    g_assert_true (isnan (vimana_stats_ring_value_at (half, T0 + 400 * SEC)));

    for (int i = 0; i < 100; i++)
        vimana_stats_ring_push (slow, T0 + i * 60 * SEC, (float) i);
    g_assert_cmpfloat (vimana_stats_ring_value_at (slow, T0 + 95 * 60 * SEC), ==, 95.0f);
    g_assert_cmpfloat (vimana_stats_ring_value_at (slow, T0 + 30 * 60 * SEC), ==, 30.0f);

    vimana_stats_ring_free (half);
    vimana_stats_ring_free (slow);
}

typedef struct
{
    guint    n;
    gint64   last;
    gboolean ordered;
} ForeachCount;

static void
count_cb (gint64   time_us,
          float    min,
          float    avg,
          float    max,
          gpointer data)
{
    ForeachCount *count = data;

    count->ordered &= time_us > count->last;
    count->last = time_us;
    count->n++;
}

static void
test_ring_foreach_in_order (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    ForeachCount count = { 0, 0, TRUE };

    for (int i = 0; i < 1800; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (float) i);
    vimana_stats_ring_foreach (ring, 0, G_MAXINT64, count_cb, &count);
    g_assert_true (count.ordered);
    /* 600 fine samples and the 120 buckets before them. */
    g_assert_cmpuint (count.n, ==, 600 + 120);
    vimana_stats_ring_free (ring);
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/stats-ring/empty", test_ring_empty);
    g_test_add_func ("/stats-ring/lazy-storage", test_ring_lazy_storage);
    g_test_add_func ("/stats-ring/wraps-within-capacity", test_ring_wraps_within_capacity);
    g_test_add_func ("/stats-ring/buckets-keep-spikes", test_ring_buckets_keep_spikes);
    g_test_add_func ("/stats-ring/decimate-min-max", test_ring_decimate_min_max);
    g_test_add_func ("/stats-ring/gaps-keep-time", test_ring_gaps_keep_time);
    g_test_add_func ("/stats-ring/other-intervals", test_ring_other_intervals);
    g_test_add_func ("/stats-ring/foreach-in-order", test_ring_foreach_in_order);

    return g_test_run ();
}
