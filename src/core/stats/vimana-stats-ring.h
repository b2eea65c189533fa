/* vimana-stats-ring.h: bounded, tiered history of one statistic
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The full-resolution tier keeps this much time; older samples survive as buckets. */
#define VIMANA_STATS_RING_FINE_SECONDS   600
/* Width of a consolidated bucket, unless the sampling interval is longer. */
#define VIMANA_STATS_RING_BUCKET_SECONDS 10

typedef struct _VimanaStatsRing VimanaStatsRing;

/* What a span of time held: NAN everywhere when it held no sample. */
typedef struct
{
    float min;
    float max;
    float avg;
} VimanaStatsSpan;

typedef void (*VimanaStatsRingFunc) (gint64   time_us,
                                     float    min,
                                     float    avg,
                                     float    max,
                                     gpointer user_data);

VimanaStatsRing *vimana_stats_ring_new           (double                 interval_seconds,
                                                  guint                  history_seconds);
void             vimana_stats_ring_free          (VimanaStatsRing       *ring);
void             vimana_stats_ring_clear         (VimanaStatsRing       *ring);
void             vimana_stats_ring_push          (VimanaStatsRing       *ring,
                                                  gint64                 time_us,
                                                  float                  value);
void             vimana_stats_ring_push_gap      (VimanaStatsRing       *ring,
                                                  gint64                 time_us);
gboolean         vimana_stats_ring_is_empty      (const VimanaStatsRing *ring);
gint64           vimana_stats_ring_get_last_time (const VimanaStatsRing *ring);
float            vimana_stats_ring_get_last      (const VimanaStatsRing *ring);
gint64           vimana_stats_ring_get_first_time (const VimanaStatsRing *ring);
double           vimana_stats_ring_get_interval  (const VimanaStatsRing *ring);
guint            vimana_stats_ring_get_history   (const VimanaStatsRing *ring);
void             vimana_stats_ring_decimate      (const VimanaStatsRing *ring,
                                                  gint64                 start_us,
                                                  gint64                 end_us,
                                                  guint                  n_columns,
                                                  VimanaStatsSpan       *columns);
VimanaStatsSpan  vimana_stats_ring_summarize     (const VimanaStatsRing *ring,
                                                  gint64                 start_us,
                                                  gint64                 end_us);
float            vimana_stats_ring_value_at      (const VimanaStatsRing *ring,
                                                  gint64                 time_us);
void             vimana_stats_ring_foreach       (const VimanaStatsRing *ring,
                                                  gint64                 start_us,
                                                  gint64                 end_us,
                                                  VimanaStatsRingFunc    func,
                                                  gpointer               user_data);
gsize            vimana_stats_ring_get_size      (const VimanaStatsRing *ring);

G_END_DECLS
