/* test-migration-trend.c: the time left and the convergence of a migration from its samples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "vimana-migration-options.h"
#include "vimana-migration-trend.h"

#define SEC ((gint64) G_USEC_PER_SEC)
#define T0 ((gint64) 1700000000 * SEC)
#define MIB ((guint64) 1024 * 1024)

static void
push (VimanaMigrationTrend *trend,
      gint64                second,
      guint64               iteration,
      guint64               remaining,
      guint64               dirty_rate,
      guint64               bandwidth)
{
    VimanaMigrationProgress progress = { 0 };

    progress.active = TRUE;
    progress.data_total = 1024 * MIB;
    progress.data_remaining = remaining;
    progress.data_processed = progress.data_total - MIN (remaining, progress.data_total);
    progress.iteration = iteration;
    progress.dirty_rate = dirty_rate;
    progress.bandwidth = bandwidth;
    vimana_migration_trend_push (trend, T0 + second * SEC, &progress);
}

static void
test_trend_empty (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();
    VimanaMigrationProgress idle = { 0 };

    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, -1);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_UNKNOWN);
    /* A sample before the daemon's job began is a gap, nothing else. */
    vimana_migration_trend_push (trend, T0, &idle);
    g_assert_true (vimana_stats_ring_is_empty (
                       vimana_migration_trend_get_ring (trend, VIMANA_MIGRATION_SERIES_REMAINING)));
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, -1);
}

static void
test_trend_rings (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    push (trend, 0, 1, 900 * MIB, 0, 100 * MIB);
    push (trend, 1, 1, 800 * MIB, 0, 110 * MIB);
    g_assert_cmpfloat (vimana_stats_ring_get_last (vimana_migration_trend_get_ring (
                                                       trend, VIMANA_MIGRATION_SERIES_REMAINING)),
                       ==, (float) (800 * MIB));
    g_assert_cmpfloat (vimana_stats_ring_get_last (vimana_migration_trend_get_ring (
                                                       trend, VIMANA_MIGRATION_SERIES_BANDWIDTH)),
                       ==, (float) (110 * MIB));
    g_assert_cmpint (vimana_stats_ring_get_last_time (vimana_migration_trend_get_ring (
                                                          trend, VIMANA_MIGRATION_SERIES_DIRTY_RATE)),
                     ==, T0 + SEC);
    /* A sample no newer than the last is ignored. */
    push (trend, 1, 1, 100 * MIB, 0, 110 * MIB);
    g_assert_cmpfloat (vimana_stats_ring_get_last (vimana_migration_trend_get_ring (
                                                       trend, VIMANA_MIGRATION_SERIES_REMAINING)),
                       ==, (float) (800 * MIB));
}

static void
test_trend_eta_libvirt (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();
    VimanaMigrationProgress progress = { 0 };

    progress.active = TRUE;
    progress.data_remaining = 500 * MIB;
    progress.time_remaining = 2500;
    vimana_migration_trend_push (trend, T0, &progress);
    /* libvirt's own estimate wins, rounded up. */
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 3);
}

static void
test_trend_eta_window (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    /* 100 MiB less each second: 600 MiB left is 6 s. */
    for (int i = 0; i <= 4; i++)
        push (trend, i, 1, (1000 - 100 * (guint64) i) * MIB, 0, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 6);
    /* Only the recent window counts: after 8 more samples at 10 MiB/s, 10 MiB/s it is. */
    for (int i = 5; i <= 12; i++)
        push (trend, i, 1, (600 - 10 * (guint64) (i - 4)) * MIB, 0, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 52);
}

static void
test_trend_eta_bandwidth (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    /* Nothing shrank yet: what is left over the bandwidth the guest does not dirty again. */
    push (trend, 0, 2, 1000 * MIB, 100 * MIB, 300 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 5);
    push (trend, 1, 2, 1000 * MIB, 100 * MIB, 300 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 5);
    /* Dirtied as fast as sent: no end in sight. */
    push (trend, 2, 2, 1000 * MIB, 300 * MIB, 300 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, -1);
    /* Nothing left of a job that had data: done. */
    push (trend, 3, 3, 0, 0, 300 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_eta (trend), ==, 0);
}

static void
test_trend_converging (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    /* Pass 1 sends everything, each pass after leaves a quarter of the one before. */
    push (trend, 0, 1, 1000 * MIB, 0, 100 * MIB);
    push (trend, 9, 1, 100 * MIB, 0, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_UNKNOWN);
    push (trend, 10, 2, 80 * MIB, 25 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_UNKNOWN);
    push (trend, 11, 3, 20 * MIB, 25 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_CONVERGING);
    push (trend, 12, 4, 5 * MIB, 25 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_CONVERGING);
}

static void
test_trend_stalled_dirty_rate (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    push (trend, 0, 1, 1000 * MIB, 0, 10 * MIB);
    push (trend, 10, 2, 300 * MIB, 12 * MIB, 10 * MIB);
    /* Pass 2 is too early to judge, however fast the guest writes. */
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_UNKNOWN);
    push (trend, 20, 3, 200 * MIB, 12 * MIB, 10 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_STALLED);
}

static void
test_trend_stalled_passes (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    /* The dirty rate stays under the bandwidth, but the passes stop shrinking. */
    push (trend, 0, 1, 1000 * MIB, 0, 100 * MIB);
    push (trend, 10, 2, 100 * MIB, 90 * MIB, 100 * MIB);
    push (trend, 11, 3, 95 * MIB, 90 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_CONVERGING);
    push (trend, 12, 4, 92 * MIB, 90 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_STALLED);
    /* A pass that shrinks again by more than a tenth over two passes converges. */
    push (trend, 13, 5, 40 * MIB, 50 * MIB, 100 * MIB);
    g_assert_cmpint (vimana_migration_trend_get_convergence (trend), ==,
                     VIMANA_MIGRATION_CONVERGENCE_CONVERGING);
}

static void
test_trend_suggest_downtime (void)
{
    g_autoptr(VimanaMigrationTrend) trend = vimana_migration_trend_new ();

    /* Nothing known: twice the hypervisor's default. */
    g_assert_cmpuint (vimana_migration_trend_suggest_downtime (trend, 0), ==,
                      2 * VIMANA_MIGRATION_DEFAULT_DOWNTIME);
    /* 100 MiB at 100 MiB/s is 1 s, with a quarter to spare, rounded up to 100 ms. */
    push (trend, 0, 3, 100 * MIB, 100 * MIB, 100 * MIB);
    g_assert_cmpuint (vimana_migration_trend_suggest_downtime (trend, 0), ==, 1300);
    /* Never less than twice what is allowed now. */
    g_assert_cmpuint (vimana_migration_trend_suggest_downtime (trend, 2000), ==, 4000);
    /* Never more than the limit. */
    push (trend, 1, 3, 100000 * MIB, 100 * MIB, 1 * MIB);
    g_assert_cmpuint (vimana_migration_trend_suggest_downtime (trend, 0), ==,
                      VIMANA_MIGRATION_MAX_DOWNTIME);
}

static void
test_trend_format_eta (void)
{
    g_autofree char *unknown = vimana_migration_trend_format_eta (-1);
    g_autofree char *seconds = vimana_migration_trend_format_eta (42);
    g_autofree char *minutes = vimana_migration_trend_format_eta (125);
    g_autofree char *hours = vimana_migration_trend_format_eta (3700);

    g_assert_cmpstr (unknown, ==, "time left unknown");
    g_assert_cmpstr (seconds, ==, "about 42 s left");
    g_assert_cmpstr (minutes, ==, "about 2 min 5 s left");
    g_assert_cmpstr (hours, ==, "about 1 h 1 min left");
}

int
main (int   argc,
      char *argv[])
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/migration/trend/empty", test_trend_empty);
    g_test_add_func ("/migration/trend/rings", test_trend_rings);
    g_test_add_func ("/migration/trend/eta-libvirt", test_trend_eta_libvirt);
    g_test_add_func ("/migration/trend/eta-window", test_trend_eta_window);
    g_test_add_func ("/migration/trend/eta-bandwidth", test_trend_eta_bandwidth);
    g_test_add_func ("/migration/trend/converging", test_trend_converging);
    g_test_add_func ("/migration/trend/stalled-dirty-rate", test_trend_stalled_dirty_rate);
    g_test_add_func ("/migration/trend/stalled-passes", test_trend_stalled_passes);
    g_test_add_func ("/migration/trend/suggest-downtime", test_trend_suggest_downtime);
    g_test_add_func ("/migration/trend/format-eta", test_trend_format_eta);
    return g_test_run ();
}
