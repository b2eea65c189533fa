/* vimana-graph-private.h: what vimana-graph.c (the widget) and vimana-graph-render.c (its
 * drawing) share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#if !defined (VIMANA_WIDGETS_COMPILATION)
#error "Only libvimana-widgets's own files may include vimana-graph-private.h."
#endif

#pragma once

#include "vimana-graph.h"

G_BEGIN_DECLS

/* What a graph shows until told otherwise: the full-resolution tier. */
#define VIMANA_GRAPH_DEFAULT_RANGE      VIMANA_STATS_RING_FINE_SECONDS
/* Axis labels and the legend, relative to the widget's font. */
#define VIMANA_GRAPH_SMALL_FONT         0.85
/* Least WCAG contrast ratio between a series and the plot behind it. */
#define VIMANA_GRAPH_MIN_CONTRAST       3.5
/* Least room, in pixels, between two time labels. */
#define VIMANA_GRAPH_TIME_LABEL_SPACING 80
#define VIMANA_GRAPH_PADDING            6.0
#define VIMANA_GRAPH_LINE_WIDTH         1.5
/* Sparklines for a list cell draw from a stack buffer up to this many columns. */
#define VIMANA_GRAPH_STACK_COLUMNS      1024

typedef struct
{
    GObject               *owner;   /* owned, nullable: keeps the ring alive */
    const VimanaStatsRing *ring;    /* borrowed from the owner */
    char                  *label;
    GdkRGBA                color;
} VimanaGraphSeries;

/* The value axis: what the top of the plot is worth, and how it is divided and labelled. */
typedef struct
{
    double top;
    double step;
    double factor;    /* what one unit of the labels is worth: 1, 1024, 1024², … */
} VimanaGraphAxis;

/* One series decimated into columns, with each column's x in the plot. */
typedef struct
{
    VimanaStatsSpan *columns;
    float           *xs;
    guint            n;
} VimanaGraphTrace;

/* Where the data goes, in the widget's coordinates, and the value at its top edge. */
typedef struct
{
    double x;
    double y;
    double width;
    double height;
    double top;
    double scale;    /* device pixels per pixel */
    double snap;     /* device rows the line's heights are rounded to; 0: none */
} VimanaGraphPlot;

/* Each device column's average, maximum and minimum as device rows from the plot's top;
 * NAN where the column has no value. */
typedef struct
{
    float *avg;
    float *high;
    float *low;
    int    width;
    int    height;
} VimanaGraphRaster;

/* Scratch for drawing traces: the mask and the raster of one plot. */
typedef struct
{
    cairo_surface_t  *mask;
    VimanaGraphRaster raster;
} VimanaGraphCanvas;

struct _VimanaGraph
{
    GtkDrawingArea        parent_instance;

    /* settings */
    VimanaGraphLook       look;
    VimanaGraphUnit       unit;
    guint                 range;
    double                max;
    char                 *unavailable;

    /* series: owners and labels owned, rings borrowed */
    VimanaGraphSeries     series[VIMANA_GRAPH_MAX_SERIES];
    guint                 n_series;

    /* from the theme */
    GdkRGBA               foreground;
    GdkRGBA               base;
    PangoFontDescription *small_font;
    int                   label_width;     /* room for the widest value label */
    int                   label_height;
    gboolean              measured;

    /* the cached background and what it was drawn for */
    cairo_surface_t      *background;
    gboolean              background_valid;
    int                   background_width;
    int                   background_height;
    int                   background_scale;
    guint                 background_span;
    VimanaGraphAxis       background_axis;
    guint                 background_builds;

    /* per-frame scratch, kept so that a frame does not allocate */
    VimanaStatsSpan      *columns;
    float                *xs;
    guint                 columns_per_series;
    VimanaGraphCanvas     canvas;

    /* the pointer */
    gboolean              hover;
    double                hover_x;

    /* owned references */
    char                 *description;
    GSimpleActionGroup   *actions;
    GtkWidget            *menu;
    GtkFileChooserNative *chooser;
};

/* vimana-graph.c */
gboolean        vimana_graph_get_window          (VimanaGraph           *self,
                                                  gint64                *start_us,
                                                  gint64                *end_us);

/* vimana-graph-render.c */
void            vimana_graph_load_style          (VimanaGraph           *self);
void            vimana_graph_set_source          (cairo_t               *cr,
                                                  const GdkRGBA         *color,
                                                  double                 alpha);
VimanaGraphAxis vimana_graph_axis_for            (VimanaGraphUnit        unit,
                                                  double                 fixed_max,
                                                  double                 data_max);
double          vimana_graph_plot_y              (const VimanaGraphPlot *plot,
                                                  double                 value);
double          vimana_graph_crisp               (double                 coordinate,
                                                  int                    scale);
void            vimana_graph_canvas_clear        (VimanaGraphCanvas     *canvas);
PangoLayout    *vimana_graph_small_layout        (VimanaGraph           *self,
                                                  const char            *text);
void            vimana_graph_layout              (VimanaGraph           *self,
                                                  int                    width,
                                                  int                    height,
                                                  VimanaGraphPlot       *plot);
void            vimana_graph_ensure_background   (VimanaGraph           *self,
                                                  cairo_t               *target,
                                                  int                    width,
                                                  int                    height,
                                                  const VimanaGraphPlot *plot,
                                                  const VimanaGraphAxis *axis,
                                                  guint                  span);
double          vimana_graph_trace_all           (VimanaGraph           *self,
                                                  const VimanaGraphPlot *plot,
                                                  gint64                 start_us,
                                                  gint64                 end_us,
                                                  VimanaGraphTrace      *traces);
void            vimana_graph_draw_traces         (VimanaGraph            *self,
                                                  cairo_t                *cr,
                                                  const VimanaGraphPlot  *plot,
                                                  const VimanaGraphTrace *traces);
void            vimana_graph_draw_message        (VimanaGraph           *self,
                                                  cairo_t               *cr,
                                                  const VimanaGraphPlot *plot,
                                                  const char            *text);
char           *vimana_graph_unavailable_text    (VimanaGraph           *self);
void            vimana_graph_draw_sparkline_look (VimanaGraph           *self,
                                                  cairo_t               *cr,
                                                  int                    width,
                                                  int                    height);

G_END_DECLS
