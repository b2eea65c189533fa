/* vimana-sparkline-renderer.h: a list cell with the last minute of a statistic and its value
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-stats-ring.h"

G_BEGIN_DECLS

/* The sparkline spans this much time over this many pixel columns. */
#define VIMANA_SPARKLINE_SECONDS 60
#define VIMANA_SPARKLINE_COLUMNS 56

#define VIMANA_TYPE_SPARKLINE_RENDERER (vimana_sparkline_renderer_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSparklineRenderer, vimana_sparkline_renderer, VIMANA,
                      SPARKLINE_RENDERER, GtkCellRenderer)

GtkCellRenderer *vimana_sparkline_renderer_new       (void);
void             vimana_sparkline_renderer_set_data  (VimanaSparklineRenderer *self,
                                                      const VimanaStatsRing   *ring,
                                                      double                   max,
                                                      const char              *text);
guint            vimana_sparkline_renderer_signature (VimanaSparklineRenderer *self,
                                                      const VimanaStatsRing   *ring,
                                                      double                   max,
                                                      int                      cell_height,
                                                      int                      scale);

G_END_DECLS
