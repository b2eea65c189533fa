/* vimana-stats-csv.h: statistics history as comma-separated values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-stats-ring.h"

G_BEGIN_DECLS

gboolean vimana_stats_csv_write (GOutputStream                 *out,
                                 const VimanaStatsRing * const *rings,
                                 const char * const            *labels,
                                 guint                          n,
                                 gint64                         start_us,
                                 gint64                         end_us,
                                 GError                       **error);

G_END_DECLS
