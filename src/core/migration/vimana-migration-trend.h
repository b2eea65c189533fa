/* vimana-migration-trend.h: what successive progress samples of a migration say
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "vimana-migration.h"
#include "vimana-stats-ring.h"

G_BEGIN_DECLS

/* The series a migration's graph shows. */
typedef enum
{
    VIMANA_MIGRATION_SERIES_REMAINING,   /* bytes still to send */
    VIMANA_MIGRATION_SERIES_DIRTY_RATE,  /* bytes/s the guest dirties */
    VIMANA_MIGRATION_SERIES_BANDWIDTH,   /* bytes/s the memory is sent at */
    VIMANA_MIGRATION_N_SERIES,
} VimanaMigrationSeries;

typedef enum
{
    VIMANA_MIGRATION_CONVERGENCE_UNKNOWN,     /* too early to tell */
    VIMANA_MIGRATION_CONVERGENCE_CONVERGING,
    VIMANA_MIGRATION_CONVERGENCE_STALLED,     /* the guest dirties memory as fast as it is sent */
} VimanaMigrationConvergence;

/* The pass a stalled migration must have reached before it is called so. */
#define VIMANA_MIGRATION_TREND_MIN_PASSES 3
/* The hypervisor's downtime when none was set (QEMU's), ms. */
#define VIMANA_MIGRATION_DEFAULT_DOWNTIME 300

typedef struct _VimanaMigrationTrend VimanaMigrationTrend;

VimanaMigrationTrend       *vimana_migration_trend_new               (void);
void                        vimana_migration_trend_free              (VimanaMigrationTrend          *trend);
void                        vimana_migration_trend_push              (VimanaMigrationTrend          *trend,
                                                                      gint64                         time_us,
                                                                      const VimanaMigrationProgress *progress);
const VimanaStatsRing      *vimana_migration_trend_get_ring          (const VimanaMigrationTrend    *trend,
                                                                      VimanaMigrationSeries          series);
gint64                      vimana_migration_trend_get_eta           (const VimanaMigrationTrend    *trend);
VimanaMigrationConvergence  vimana_migration_trend_get_convergence   (const VimanaMigrationTrend    *trend);
guint64                     vimana_migration_trend_suggest_downtime  (const VimanaMigrationTrend    *trend,
                                                                      guint64                        current_ms);
char                       *vimana_migration_trend_format_eta        (gint64                         seconds);

/* The trend of a migration's samples so far (in vimana-migration.c). */
const VimanaMigrationTrend *vimana_migration_get_trend               (VimanaMigration               *migration);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaMigrationTrend, vimana_migration_trend_free)

G_END_DECLS
