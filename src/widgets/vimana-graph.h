/* vimana-graph.h: a real-time graph of one or more statistics, drawn from their rings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-stats-ring.h"

G_BEGIN_DECLS

/* At most this many series in one graph. */
#define VIMANA_GRAPH_MAX_SERIES 4

typedef enum {
    VIMANA_GRAPH_LOOK_SPARKLINE,
    VIMANA_GRAPH_LOOK_FULL,
} VimanaGraphLook;

typedef enum {
    VIMANA_GRAPH_UNIT_PERCENT,
    VIMANA_GRAPH_UNIT_BYTES,
    VIMANA_GRAPH_UNIT_BYTES_PER_SECOND,
} VimanaGraphUnit;

#define VIMANA_TYPE_GRAPH_LOOK (vimana_graph_look_get_type ())
GType vimana_graph_look_get_type (void) G_GNUC_CONST;

#define VIMANA_TYPE_GRAPH_UNIT (vimana_graph_unit_get_type ())
GType vimana_graph_unit_get_type (void) G_GNUC_CONST;

#define VIMANA_TYPE_GRAPH (vimana_graph_get_type ())

G_DECLARE_FINAL_TYPE (VimanaGraph, vimana_graph, VIMANA, GRAPH, GtkDrawingArea)

GtkWidget       *vimana_graph_new               (VimanaGraphLook        look,
                                                 VimanaGraphUnit        unit);
guint            vimana_graph_add_series        (VimanaGraph           *self,
                                                 GObject               *owner,
                                                 const VimanaStatsRing *ring,
                                                 const char            *label);
void             vimana_graph_clear_series      (VimanaGraph           *self);
guint            vimana_graph_get_n_series      (VimanaGraph           *self);
void             vimana_graph_set_range         (VimanaGraph           *self,
                                                 guint                  seconds);
guint            vimana_graph_get_range         (VimanaGraph           *self);
void             vimana_graph_set_unavailable   (VimanaGraph           *self,
                                                 const char            *reason);
const char      *vimana_graph_get_unavailable   (VimanaGraph           *self);
void             vimana_graph_set_max           (VimanaGraph           *self,
                                                 double                 max);
double           vimana_graph_get_max           (VimanaGraph           *self);
VimanaGraphLook  vimana_graph_get_look          (VimanaGraph           *self);
VimanaGraphUnit  vimana_graph_get_unit          (VimanaGraph           *self);
void             vimana_graph_update            (VimanaGraph           *self);
VimanaStatsSpan  vimana_graph_get_summary       (VimanaGraph           *self,
                                                 guint                  series,
                                                 float                 *current);
gboolean         vimana_graph_get_series_color  (VimanaGraph           *self,
                                                 guint                  series,
                                                 GdkRGBA               *color);
gboolean         vimana_graph_get_plot_area     (VimanaGraph           *self,
                                                 GdkRectangle          *area);
guint            vimana_graph_get_background_builds (VimanaGraph       *self);
gboolean         vimana_graph_export_csv        (VimanaGraph           *self,
                                                 GFile                 *file,
                                                 GError               **error);

char            *vimana_graph_format_value      (VimanaGraphUnit        unit,
                                                 double                 value);
char            *vimana_graph_format_share      (double                 percent);
void             vimana_graph_get_theme_color   (GtkStyleContext       *style,
                                                 guint                  series,
                                                 GdkRGBA               *color);
void             vimana_graph_draw_sparkline    (cairo_t               *cr,
                                                 const VimanaStatsRing *ring,
                                                 int                    width,
                                                 int                    height,
                                                 gint64                 end_us,
                                                 guint                  seconds,
                                                 const GdkRGBA         *color,
                                                 double                 max);
guint            vimana_graph_sparkline_signature (const VimanaStatsRing *ring,
                                                 int                    width,
                                                 int                    height,
                                                 double                 scale,
                                                 gint64                 end_us,
                                                 guint                  seconds,
                                                 double                 max);

G_END_DECLS
