/* vimana-graph-render.c: how a graph is drawn, from the theme's colours to the last pixel
 *
 * The widget (vimana-graph.c) keeps the settings, the series and the events; this file turns
 * them into pixels (its colours come from the theme, vimana-graph-colors.c). A frame decimates each ring to one column per device pixel of the plot,
 * so it costs O(width) whatever the history's length. The frame, grid and labels change only
 * with the size, the scale factor, the theme or the value scale, so they are drawn once into
 * a cached surface and a frame paints that, then the data.
 *
 * The rings keep the last ten minutes at full resolution and older history in buckets; a
 * plot that reaches back past ten minutes is decimated in two parts, each with columns no
 * narrower than its samples, so that a column without a sample is a real gap (drawn as one)
 * and not an artefact of zooming in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-graph"

#include "config.h"

#include "vimana-graph-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vimana-format.h"

#define KIB 1024.0

/* ---- numbers and units ---- */

/* Returns: the power of 1024 to write @value in: the largest not above it (bytes) */
static double
vimana_graph_bytes_factor (double value,
                           double threshold)
{
    double factor = 1.0;

    value = fabs (value);
    while (value / factor >= threshold && factor < KIB * KIB * KIB * KIB)
        factor *= KIB;
    return factor;
}

static char *
vimana_graph_with_unit (VimanaGraphUnit  unit,
                        double           factor,
                        const char      *number)
{
    gboolean rate = unit == VIMANA_GRAPH_UNIT_BYTES_PER_SECOND;

    if (unit == VIMANA_GRAPH_UNIT_PERCENT)
        /* Translators: a percentage, e.g. "12 %"; %s is the number. */
        return g_strdup_printf (_("%s %%"), number);
    if (factor >= KIB * KIB * KIB * KIB)
        /* Translators: tebibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s TiB/s"), number) : g_strdup_printf (_("%s TiB"), number);
    if (factor >= KIB * KIB * KIB)
        /* Translators: gibibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s GiB/s"), number) : g_strdup_printf (_("%s GiB"), number);
    if (factor >= KIB * KIB)
        /* Translators: mebibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s MiB/s"), number) : g_strdup_printf (_("%s MiB"), number);
    if (factor >= KIB)
        /* Translators: kibibytes (per second); %s is the number. */
        return rate ? g_strdup_printf (_("%s KiB/s"), number) : g_strdup_printf (_("%s KiB"), number);
    /* Translators: bytes (per second); %s is the number. */
    return rate ? g_strdup_printf (_("%s B/s"), number) : g_strdup_printf (_("%s B"), number);
}

/**
 * vimana_graph_format_value:
 * @unit: what the value measures
 * @value: the value, in percent or bytes (per second); NAN for none
 *
 * Formats a value for people, in the locale's way: "12 %", "512 MiB", "3.4 KiB/s",
 * "12 MiB/s": one decimal under ten, none above.
 *
 * Returns: (transfer full): the text
 */
char *
vimana_graph_format_value (VimanaGraphUnit unit,
                           double          value)
{
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    int decimals = 0;

    if (!isfinite (value))
        return g_strdup ("—");
    /* Sizes the way every window writes them (core's formatter). */
    if (unit == VIMANA_GRAPH_UNIT_BYTES)
        return vimana_format_bytes (value);
    if (unit == VIMANA_GRAPH_UNIT_BYTES_PER_SECOND)
        return vimana_format_byte_rate (value);
    if (fabs (value) < 9.95 && fabs (value - round (value)) >= 0.05)
        decimals = 1;
    g_snprintf (text, sizeof text, "%.*f", decimals, value);
    return vimana_graph_with_unit (unit, 1.0, text);
}

/**
 * vimana_graph_format_share:
 * @percent: a share of CPUs, 0 to 100; NAN for none
 *
 * A CPU share in a caption or a list: whole percents, the same in the list, the Performance
 * page and Host Details (the graphs' hover and descriptions keep a decimal under ten).
 *
 * Returns: (transfer full): "12 %"; "—" for NAN
 */
char *
vimana_graph_format_share (double percent)
{
    return vimana_graph_format_value (VIMANA_GRAPH_UNIT_PERCENT,
                                      isfinite (percent) ? round (percent) : percent);
}

/* An axis label: as few decimals as the value needs, in the axis' unit. */
static char *
vimana_graph_format_axis_label (VimanaGraphUnit  unit,
                                double           value,
                                double           factor)
{
    double number = value / factor;
    char text[G_ASCII_DTOSTR_BUF_SIZE];
    int decimals = 2;

    if (fabs (number - round (number)) < 1e-6)
        decimals = 0;
    else if (fabs (number * 10 - round (number * 10)) < 1e-6)
        decimals = 1;
    g_snprintf (text, sizeof text, "%.*f", decimals, number);
    return vimana_graph_with_unit (unit, factor, text);
}

/* Rounds up to 1, 2 or 5 × 10ⁿ, or 2.5 × 10ⁿ from 25 on (2.5 itself would need a decimal). */
static double
vimana_graph_nice_step (double raw)
{
    double magnitude = pow (10, floor (log10 (raw)));
    double fraction = raw / magnitude;

    if (fraction <= 1.0 + 1e-9)
        return magnitude;
    if (fraction <= 2.0 + 1e-9)
        return 2 * magnitude;
    if (fraction <= 2.5 + 1e-9 && magnitude >= 10)
        return 2.5 * magnitude;
    if (fraction <= 5.0 + 1e-9)
        return 5 * magnitude;
    return 10 * magnitude;
}

/* The value axis for data up to @data_max, or for a fixed top @fixed_max when positive. */
VimanaGraphAxis
vimana_graph_axis_for (VimanaGraphUnit unit,
                       double          fixed_max,
                       double          data_max)
{
    VimanaGraphAxis axis = { 1, 0.25, 1 };
    double least = unit == VIMANA_GRAPH_UNIT_PERCENT ? 1.0 : KIB;
    double value;

    if (fixed_max > 0) {
        axis.top = fixed_max;
        axis.step = fixed_max / 4;
        if (unit != VIMANA_GRAPH_UNIT_PERCENT)
            axis.factor = vimana_graph_bytes_factor (fixed_max, 1000);
        return axis;
    }

    value = isfinite (data_max) ? MAX (data_max, least) : least;
    if (unit != VIMANA_GRAPH_UNIT_PERCENT)
        axis.factor = vimana_graph_bytes_factor (value, 1000);
    axis.step = vimana_graph_nice_step (value / axis.factor / 4) * axis.factor;
    axis.top = ceil (value / axis.step - 1e-9) * axis.step;
    return axis;
}

static gboolean
vimana_graph_axis_equal (const VimanaGraphAxis *a,
                         const VimanaGraphAxis *b)
{
    return a->top == b->top && a->step == b->step && a->factor == b->factor;
}

/* "−5 min", "−30 s", "−2 h", "now": how long before the newest sample, in the unit that
 * suits the axis' @step, so that all the labels of an axis share it. */
static char *
vimana_graph_format_age (guint seconds,
                         guint step)
{
    if (seconds == 0)
        /* Translators: the right end of a graph's time axis: the newest sample. */
        return g_strdup (_("now"));
    if (step % 3600 == 0)
        /* Translators: a graph's time axis, hours ago; keep the minus sign (U+2212). */
        return g_strdup_printf (_("−%u h"), seconds / 3600);
    if (step % 60 == 0)
        /* Translators: a graph's time axis, minutes ago; keep the minus sign (U+2212). */
        return g_strdup_printf (_("−%u min"), seconds / 60);
    /* Translators: a graph's time axis, seconds ago; keep the minus sign (U+2212). */
    return g_strdup_printf (_("−%u s"), seconds);
}

/* ---- decimation ---- */

static guint
vimana_graph_decimate_part (const VimanaStatsRing *ring,
                            gint64                 start_us,
                            gint64                 end_us,
                            gint64                 step_us,
                            gboolean               keep_spread,
                            double                 x,
                            double                 width,
                            double                 scale,
                            guint                  max_columns,
                            VimanaStatsSpan       *columns,
                            float                 *xs)
{
    guint n;

    if (end_us <= start_us || max_columns == 0 || width <= 0)
        return 0;
    /* One column per device pixel, but none narrower than a sample, or most would be empty. */
    n = (guint) MIN ((double) max_columns, ceil (width * scale));
    n = (guint) MIN ((gint64) n, (end_us - start_us) / step_us);
    n = MAX (n, 1u);
    vimana_stats_ring_decimate (ring, start_us, end_us, n, columns);
    for (guint i = 0; i < n; i++)
        xs[i] = (float) (x + (i + 0.5) * width / n);
    /* The min–max band shows what a zoomed-out line hides; a column of one or two samples
     * hides nothing (the line passes through them), and a band there would only fray the
     * line. A bucket is a spread of its own: it keeps one. */
    if (!keep_spread && (end_us - start_us) / step_us < 3 * (gint64) n) {
        for (guint i = 0; i < n; i++)
            columns[i].min = columns[i].max = columns[i].avg;
    }
    /* Columns nearly a sample's interval wide: a tick a little late leaves one of them
     * without a sample, and the hole moved along the line every second (and the list redrew
     * every guest's sparkline for it). A single empty column between two full ones is that
     * jitter, not a missing sample (which leaves two or more): the line goes through it. */
    if (!keep_spread) {
        for (guint i = 1; i + 1 < n; i++) {
            if (isnan (columns[i].avg) && !isnan (columns[i - 1].avg) &&
                !isnan (columns[i + 1].avg)) {
                columns[i].avg = (columns[i - 1].avg + columns[i + 1].avg) / 2;
                columns[i].min = MIN (columns[i - 1].min, columns[i + 1].min);
                columns[i].max = MAX (columns[i - 1].max, columns[i + 1].max);
            }
        }
    }
    return n;
}

/* Decimates what @ring holds over [@start_us, @end_us] into at most @max_columns columns
 * laid over @width pixels; returns how many columns it filled. */
static guint
vimana_graph_decimate (const VimanaStatsRing *ring,
                       gint64                 start_us,
                       gint64                 end_us,
                       double                 width,
                       double                 scale,
                       guint                  max_columns,
                       VimanaStatsSpan       *columns,
                       float                 *xs)
{
    gint64 interval = MAX ((gint64) llround (vimana_stats_ring_get_interval (ring) * G_USEC_PER_SEC), 1);
    gint64 bucket = MAX ((gint64) VIMANA_STATS_RING_BUCKET_SECONDS * G_USEC_PER_SEC, interval);
    gint64 fine_span = (gint64) MIN ((guint) VIMANA_STATS_RING_FINE_SECONDS,
                                     vimana_stats_ring_get_history (ring)) * G_USEC_PER_SEC;
    gint64 fine_capacity = MAX (fine_span / interval, 1);
    gint64 fine_oldest;
    gint64 split;
    double span = (double) (end_us - start_us);
    double split_x;
    guint n;

    if (vimana_stats_ring_is_empty (ring) || end_us <= start_us)
        return 0;

    /* Where the full-resolution tier begins: older than that, samples are buckets apart. */
    fine_oldest = MAX (vimana_stats_ring_get_first_time (ring),
                       vimana_stats_ring_get_last_time (ring) - (fine_capacity - 1) * interval);
    split = CLAMP (fine_oldest - interval / 2, start_us, end_us);
    split_x = width * (double) (split - start_us) / span;

    n = vimana_graph_decimate_part (ring, start_us, split, bucket, TRUE, 0, split_x, scale,
                                    max_columns, columns, xs);
    n += vimana_graph_decimate_part (ring, split, end_us, interval, FALSE, split_x, width - split_x,
                                     scale, max_columns - n, columns + n, xs + n);
    return n;
}

static double
vimana_graph_trace_max (const VimanaGraphTrace *trace)
{
    double max = NAN;

    for (guint i = 0; i < trace->n; i++) {
        if (!isnan (trace->columns[i].max) && !(trace->columns[i].max <= max))
            max = trace->columns[i].max;
    }
    return max;
}

/* ---- plotting ---- */

double
vimana_graph_plot_y (const VimanaGraphPlot *plot,
                     double                 value)
{
    /* Clamped a little beyond the plot, which is clipped: a far-off value would otherwise make
     * cairo work on huge coordinates. */
    return plot->y + plot->height - CLAMP (value / plot->top, -0.02, 1.02) * plot->height;
}

/* ---- rasterizing ----
 *
 * A trace is drawn as one A8 mask composited once in the series' colour. Cairo would draw
 * the same line, band and area as paths through its general scan converter, or as one box
 * per column, at several times the cost (a frame of 600 columns took over a millisecond);
 * here each device-pixel column of the mask gets its coverage directly: the area from the
 * average down to the baseline, fading, the min–max band, and the line through the averages,
 * each column's part of the line reaching half-way to its neighbours. The three are united
 * into one alpha, which is what compositing them one over the other in one colour gives. */

static float
vimana_graph_raster_y (const VimanaGraphPlot *plot,
                       double                 value)
{
    return (float) ((vimana_graph_plot_y (plot, value) - plot->y) * plot->scale);
}

static void
vimana_graph_raster_set (VimanaGraphRaster     *raster,
                         const VimanaGraphPlot *plot,
                         int                    c,
                         double                 avg,
                         double                 high,
                         double                 low)
{
    raster->avg[c] = vimana_graph_raster_y (plot, avg);
    raster->high[c] = vimana_graph_raster_y (plot, high);
    raster->low[c] = vimana_graph_raster_y (plot, low);
}

/* Where a trace's column falls among the device columns. */
static int
vimana_graph_raster_column (const VimanaGraphRaster *raster,
                            const VimanaGraphTrace  *trace,
                            const VimanaGraphPlot   *plot,
                            guint                    i)
{
    return CLAMP ((int) floor ((trace->xs[i] - plot->x) * plot->scale), 0, raster->width - 1);
}

/* Samples the trace at each device column: between two columns of the trace by linear
 * interpolation, and at the trace's own columns exactly, so that no spike is lost. */
static void
vimana_graph_raster_fill (VimanaGraphRaster      *raster,
                          const VimanaGraphTrace *trace,
                          const VimanaGraphPlot  *plot)
{
    const VimanaStatsSpan *columns = trace->columns;

    for (int c = 0; c < raster->width; c++)
        raster->avg[c] = raster->high[c] = raster->low[c] = NAN;

    for (guint j = 0; j + 1 < trace->n; j++) {
        double x0 = (trace->xs[j] - plot->x) * plot->scale;
        double x1 = (trace->xs[j + 1] - plot->x) * plot->scale;
        int first = MAX ((int) ceil (x0 - 0.5), 0);
        int last = MIN ((int) ceil (x1 - 0.5), raster->width);

        if (isnan (columns[j].avg) || isnan (columns[j + 1].avg) || x1 <= x0)
            continue;
        for (int c = first; c < last; c++) {
            double t = (c + 0.5 - x0) / (x1 - x0);

            vimana_graph_raster_set (raster, plot, c,
                                     columns[j].avg + t * (columns[j + 1].avg - columns[j].avg),
                                     columns[j].max + t * (columns[j + 1].max - columns[j].max),
                                     columns[j].min + t * (columns[j + 1].min - columns[j].min));
        }
    }
    for (guint j = 0; j < trace->n; j++) {
        int c = vimana_graph_raster_column (raster, trace, plot, j);
        float high;
        float low;

        if (isnan (columns[j].avg))
            continue;
        high = vimana_graph_raster_y (plot, columns[j].max);
        low = vimana_graph_raster_y (plot, columns[j].min);
        raster->avg[c] = vimana_graph_raster_y (plot, columns[j].avg);
        raster->high[c] = isnan (raster->high[c]) ? high : MIN (raster->high[c], high);
        raster->low[c] = isnan (raster->low[c]) ? low : MAX (raster->low[c], low);
    }
    if (plot->snap > 0) {
        for (int c = 0; c < 3 * raster->width; c++) {
            float *value = c < raster->width ? &raster->avg[c]
                           : c < 2 * raster->width ? &raster->high[c - raster->width]
                                                   : &raster->low[c - 2 * raster->width];

            if (!isnan (*value))
                *value = (float) (round (*value / plot->snap) * plot->snap);
        }
    }
}

/* Unites coverage × @alpha, fading by @fade towards the bottom, with what the column's rows
 * [top, bottom) hold. */
static void
vimana_graph_raster_span (guint8 *column,
                          int     stride,
                          int     height,
                          double  top,
                          double  bottom,
                          double  alpha,
                          double  fade)
{
    top = MAX (top, 0);
    bottom = MIN (bottom, height);
    for (int r = (int) top; r < bottom; r++) {
        double cover = MIN (bottom, r + 1.0) - MAX (top, (double) r);
        int value = (int) (cover * alpha * (1 - fade * r / height) * 255 + 0.5);
        guint8 *pixel = column + (gsize) r * stride;

        *pixel = (guint8) (*pixel + value - (*pixel * value + 127) / 255);
    }
}

/* Returns: the first row written to */
static int
vimana_graph_raster_paint (const VimanaGraphRaster *raster,
                           guint8                  *data,
                           int                      stride,
                           double                   area_alpha,
                           gboolean                 band,
                           double                   half_line)
{
    int top_row = raster->height;

    for (int c = 0; c < raster->width; c++) {
        float avg = raster->avg[c];
        double top = avg;
        double bottom = avg;
        double slope = 0;
        double half;

        if (isnan (avg))
            continue;
        vimana_graph_raster_span (data + c, stride, raster->height, avg, raster->height,
                                  area_alpha, 0.75);
        if (band && raster->low[c] - raster->high[c] > 0.5)
            vimana_graph_raster_span (data + c, stride, raster->height, raster->high[c],
                                      raster->low[c], 0.35, 0);

        if (c > 0 && !isnan (raster->avg[c - 1])) {
            top = MIN (top, (avg + raster->avg[c - 1]) / 2);
            bottom = MAX (bottom, (avg + raster->avg[c - 1]) / 2);
            slope = fabs (avg - raster->avg[c - 1]);
        }
        if (c + 1 < raster->width && !isnan (raster->avg[c + 1])) {
            top = MIN (top, (avg + raster->avg[c + 1]) / 2);
            bottom = MAX (bottom, (avg + raster->avg[c + 1]) / 2);
            slope = slope > 0 ? (slope + fabs (raster->avg[c + 1] - avg)) / 2
                              : fabs (raster->avg[c + 1] - avg);
        }
        /* About as thick across a slope as along a flat stretch; a steep one is covered by
         * its rise already. */
        half = half_line * sqrt (1 + MIN (slope * slope, 1));
        vimana_graph_raster_span (data + c, stride, raster->height, top - half, bottom + half, 1,
                                  0);
        top_row = MIN (top_row, (int) MAX (MIN (raster->high[c], top - half), 0));
    }
    return top_row;
}

/* Draws @trace through @mask, an A8 surface of the plot's size in device pixels, which it
 * leaves clear. */
static void
vimana_graph_draw_trace (cairo_t                *cr,
                         cairo_surface_t        *mask,
                         VimanaGraphRaster      *raster,
                         const VimanaGraphTrace *trace,
                         const VimanaGraphPlot  *plot,
                         const GdkRGBA          *color,
                         double                  area_alpha,
                         gboolean                band,
                         double                  line_width)
{
    guint8 *data;
    int stride;
    int top_row;

    if (trace->n == 0)
        return;

    vimana_graph_raster_fill (raster, trace, plot);
    cairo_surface_flush (mask);
    data = cairo_image_surface_get_data (mask);
    stride = cairo_image_surface_get_stride (mask);
    top_row = vimana_graph_raster_paint (raster, data, stride, area_alpha, band,
                                         line_width * plot->scale / 2);
    if (top_row >= raster->height)
        return;
    cairo_surface_mark_dirty (mask);

    cairo_save (cr);
    cairo_rectangle (cr, plot->x, plot->y + top_row / plot->scale, plot->width,
                     plot->height - top_row / plot->scale);
    cairo_clip (cr);
    vimana_graph_set_source (cr, color, 1.0);
    cairo_mask_surface (cr, mask, plot->x, plot->y);
    cairo_restore (cr);

    cairo_surface_flush (mask);
    memset (data + (gsize) top_row * stride, 0, (gsize) (raster->height - top_row) * stride);
    cairo_surface_mark_dirty (mask);
}

void
vimana_graph_canvas_clear (VimanaGraphCanvas *canvas)
{
    g_clear_pointer (&canvas->mask, cairo_surface_destroy);
    g_clear_pointer (&canvas->raster.avg, g_free);
    canvas->raster.high = canvas->raster.low = NULL;
}

/* Makes @canvas fit @plot; allocates only when the plot's size in device pixels changes. */
static void
vimana_graph_canvas_ensure (VimanaGraphCanvas     *canvas,
                            const VimanaGraphPlot *plot)
{
    int width = (int) ceil (plot->width * plot->scale);
    int height = (int) ceil (plot->height * plot->scale);

    if (canvas->mask != NULL && canvas->raster.width == width && canvas->raster.height == height)
        return;
    vimana_graph_canvas_clear (canvas);
    /* Allocated zeroed: the mask starts clear. */
    canvas->mask = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
    cairo_surface_set_device_scale (canvas->mask, plot->scale, plot->scale);
    canvas->raster.avg = g_new (float, 3 * (gsize) width);
    canvas->raster.high = canvas->raster.avg + width;
    canvas->raster.low = canvas->raster.high + width;
    canvas->raster.width = width;
    canvas->raster.height = height;
}

/* A sparkline's columns and plot, as vimana_graph_draw_sparkline() draws them. */
typedef struct
{
    VimanaStatsSpan  stack_columns[VIMANA_GRAPH_STACK_COLUMNS];
    float            stack_xs[VIMANA_GRAPH_STACK_COLUMNS];
    VimanaStatsSpan *heap_columns;
    float           *heap_xs;
    VimanaGraphTrace trace;
    VimanaGraphPlot  plot;
} VimanaGraphSparkline;

/* Returns: FALSE when there is nothing to draw */
static gboolean
vimana_graph_sparkline_prepare (VimanaGraphSparkline  *line,
                                const VimanaStatsRing *ring,
                                int                    width,
                                int                    height,
                                double                 scale,
                                gint64                 end_us,
                                guint                  seconds,
                                double                 max)
{
    guint max_columns;
    gint64 span_us;

    line->heap_columns = NULL;
    line->heap_xs = NULL;
    if (width <= 0 || height <= 0 || vimana_stats_ring_is_empty (ring))
        return FALSE;
    /* Heights to half a device pixel: an idle guest's line, a fraction of a pixel above the
     * bottom and moving by less each second, stays the same picture (and is not redrawn). */
    line->plot = (VimanaGraphPlot) { 0, 1.0, width, MAX (height - 2.0, 1.0), 1, scale, 0.5 };
    line->trace = (VimanaGraphTrace) { line->stack_columns, line->stack_xs, 0 };
    max_columns = (guint) ceil (width * scale) + 2;
    if (max_columns > VIMANA_GRAPH_STACK_COLUMNS) {
        line->heap_columns = g_new (VimanaStatsSpan, max_columns);
        line->heap_xs = g_new (float, max_columns);
        line->trace.columns = line->heap_columns;
        line->trace.xs = line->heap_xs;
    }
    span_us = (gint64) (seconds > 0 ? seconds : vimana_stats_ring_get_history (ring)) *
              G_USEC_PER_SEC;
    line->trace.n = vimana_graph_decimate (ring, end_us - span_us, end_us, width, scale,
                                           max_columns, line->trace.columns, line->trace.xs);
    line->plot.top = max > 0 ? max : vimana_graph_axis_for (VIMANA_GRAPH_UNIT_PERCENT, 0,
                                                            vimana_graph_trace_max (&line->trace)).top;
    return TRUE;
}

static void
vimana_graph_sparkline_clear (VimanaGraphSparkline *line)
{
    g_clear_pointer (&line->heap_columns, g_free);
    g_clear_pointer (&line->heap_xs, g_free);
}

/**
 * vimana_graph_draw_sparkline:
 * @cr: where to draw, at (0, 0)
 * @ring: the series
 * @width: the width to fill
 * @height: the height to fill
 * @end_us: the time at the right edge, usually the newest sample's
 * @seconds: how much time the width spans; 0 for the ring's whole history
 * @color: the line's colour
 * @max: the value at the top edge; 0 to fit the data
 *
 * Draws a compact line over a faint area, without axes, as the graph's sparkline look does;
 * for a list's cell renderer. Costs O(@width).
 */
void
vimana_graph_draw_sparkline (cairo_t               *cr,
                             const VimanaStatsRing *ring,
                             int                    width,
                             int                    height,
                             gint64                 end_us,
                             guint                  seconds,
                             const GdkRGBA         *color,
                             double                 max)
{
    VimanaGraphSparkline sparkline;
    VimanaGraphSparkline *line = &sparkline;
    VimanaGraphCanvas canvas = { NULL };
    double x_scale = 1.0;
    double y_scale = 1.0;

    g_return_if_fail (cr != NULL);
    g_return_if_fail (ring != NULL);
    g_return_if_fail (color != NULL);

    cairo_surface_get_device_scale (cairo_get_target (cr), &x_scale, &y_scale);
    if (!vimana_graph_sparkline_prepare (line, ring, width, height, x_scale, end_us, seconds, max))
        return;

    cairo_save (cr);
    cairo_rectangle (cr, 0, 0, width, height);
    cairo_clip (cr);
    vimana_graph_canvas_ensure (&canvas, &line->plot);
    vimana_graph_draw_trace (cr, canvas.mask, &canvas.raster, &line->trace, &line->plot, color,
                             0.3, FALSE, 1.25);
    vimana_graph_canvas_clear (&canvas);
    cairo_restore (cr);
    vimana_graph_sparkline_clear (line);
}

/**
 * vimana_graph_sparkline_signature:
 * @ring: the series
 * @width: the width vimana_graph_draw_sparkline() is given
 * @height: the height it is given
 * @scale: device pixels per pixel
 * @end_us: the time at the right edge
 * @seconds: how much time the width spans; 0 for the ring's whole history
 * @max: the value at the top edge; 0 to fit the data
 *
 * Reduces the picture vimana_graph_draw_sparkline() would draw to a number: the line's
 * height in each device column (to half a device pixel, as it is drawn). Equal numbers: the same
 * picture, so a list need not redraw a cell whose number did not change. Costs O(@width).
 *
 * Returns: the picture's number; 0 when nothing would be drawn
 */
guint
vimana_graph_sparkline_signature (const VimanaStatsRing *ring,
                                  int                    width,
                                  int                    height,
                                  double                 scale,
                                  gint64                 end_us,
                                  guint                  seconds,
                                  double                 max)
{
    VimanaGraphSparkline sparkline;
    VimanaGraphSparkline *line = &sparkline;
    VimanaGraphRaster raster;
    g_autofree float *values = NULL;
    guint hash = 17;

    g_return_val_if_fail (ring != NULL, 0);

    if (!vimana_graph_sparkline_prepare (line, ring, width, height, MAX (scale, 1.0), end_us,
                                         seconds, max))
        return 0;
    raster.width = (int) ceil (line->plot.width * line->plot.scale);
    raster.height = (int) ceil (line->plot.height * line->plot.scale);
    values = g_new (float, 3 * (gsize) raster.width);
    raster.avg = values;
    raster.high = values + raster.width;
    raster.low = values + 2 * raster.width;
    vimana_graph_raster_fill (&raster, &line->trace, &line->plot);
    for (int c = 0; c < 3 * raster.width; c++)
        hash = hash * 31 + (isnan (values[c]) ? G_MAXUINT : (guint) lroundf (values[c] * 2));
    vimana_graph_sparkline_clear (line);
    return hash;
}

/* ---- layout ---- */

PangoLayout *
vimana_graph_small_layout (VimanaGraph *self,
                           const char  *text)
{
    PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
    PangoAttrList *attributes = pango_attr_list_new ();

    /* Tabular figures: labels and readouts do not jitter as their digits change. */
    pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
    pango_layout_set_attributes (layout, attributes);
    pango_attr_list_unref (attributes);
    pango_layout_set_font_description (layout, self->small_font);
    return layout;
}

static int
vimana_graph_text_width (VimanaGraph *self,
                         const char  *text,
                         int         *height)
{
    g_autoptr(PangoLayout) layout = vimana_graph_small_layout (self, text);
    int width;

    pango_layout_get_pixel_size (layout, &width, height);
    return width;
}

/* Measures the widest value label the unit can have, so that the plot does not move when the
 * scale changes. */
static void
vimana_graph_measure (VimanaGraph *self)
{
    static const double samples[] = { 100, 888.8, 1000 };
    double factor = self->unit == VIMANA_GRAPH_UNIT_PERCENT ? 1 : KIB * KIB;

    if (self->measured)
        return;
    if (self->small_font == NULL)
        vimana_graph_load_style (self);
    self->label_width = 0;
    for (guint i = 0; i < G_N_ELEMENTS (samples); i++) {
        g_autofree char *text = vimana_graph_format_axis_label (self->unit, samples[i] * factor,
                                                                factor);

        self->label_width = MAX (self->label_width,
                                 vimana_graph_text_width (self, text, &self->label_height));
    }
    self->measured = TRUE;
}

/* One series needs no legend: the heading or name the graph comes with says what it is. */
static gboolean
vimana_graph_has_legend (VimanaGraph *self)
{
    return self->n_series > 1;
}

static int
vimana_graph_legend_height (VimanaGraph *self)
{
    return vimana_graph_has_legend (self) ? self->label_height + 8 : 0;
}

void
vimana_graph_layout (VimanaGraph     *self,
                     int              width,
                     int              height,
                     VimanaGraphPlot *plot)
{
    double scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

    if (self->look == VIMANA_GRAPH_LOOK_SPARKLINE) {
        *plot = (VimanaGraphPlot) { 0, 1, width, MAX (height - 2, 1), 1, scale };
        return;
    }
    /* Without data there are no labels to leave room for: the message's box takes the whole
     * widget, so that it sits in its middle. */
    if (self->unavailable != NULL) {
        *plot = (VimanaGraphPlot) { 0, 0, width, height, 1, scale };
        return;
    }
    vimana_graph_measure (self);
    plot->x = self->label_width + VIMANA_GRAPH_PADDING + 2;
    plot->y = vimana_graph_legend_height (self) + ceil (self->label_height / 2.0);
    plot->width = MAX (width - plot->x - 2, 1);
    plot->height = MAX (height - plot->y - self->label_height - VIMANA_GRAPH_PADDING, 1);
    plot->top = 1;
    plot->scale = scale;
    plot->snap = 0;
}

/* Device-pixel-aligned coordinate for a one-pixel line. */
double
vimana_graph_crisp (double coordinate,
                    int    scale)
{
    return (floor (coordinate * scale) + 0.5) / scale;
}

/* ---- the cached background ---- */

static void
vimana_graph_draw_value_labels (VimanaGraph           *self,
                                cairo_t               *cr,
                                const VimanaGraphPlot *plot,
                                const VimanaGraphAxis *axis)
{
    int n = (int) round (axis->top / axis->step);
    double spacing = plot->height / MAX (n, 1);
    int every = 1;

    while (spacing * every < self->label_height * 1.4 && every < n)
        every++;
    vimana_graph_set_source (cr, &self->foreground, 0.7);
    for (int k = 0; k <= n; k += every) {
        g_autofree char *text = vimana_graph_format_axis_label (self->unit, k * axis->step,
                                                                axis->factor);
        g_autoptr(PangoLayout) layout = vimana_graph_small_layout (self, text);
        int width;
        int height;

        pango_layout_get_pixel_size (layout, &width, &height);
        cairo_move_to (cr, plot->x - VIMANA_GRAPH_PADDING - width,
                       plot->y + plot->height - k * spacing - height / 2.0);
        pango_cairo_show_layout (cr, layout);
    }
}

/* The smallest tick step (seconds) that leaves room for the labels. */
static guint
vimana_graph_time_step (guint  span,
                        double width)
{
    static const guint steps[] = { 5,    10,   15,   20,    30,    60,    120,   300,  600,
                                   900,  1200, 1800, 3600,  7200,  10800, 21600, 43200, 86400 };
    double max_ticks = MAX (width / VIMANA_GRAPH_TIME_LABEL_SPACING, 1.0);

    for (guint i = 0; i < G_N_ELEMENTS (steps); i++) {
        if (span / (double) steps[i] <= max_ticks)
            return steps[i];
    }
    return MAX (span / 4, 1u);
}

static void
vimana_graph_draw_time_axis (VimanaGraph           *self,
                             cairo_t               *cr,
                             const VimanaGraphPlot *plot,
                             guint                  span,
                             int                    scale)
{
    guint step = vimana_graph_time_step (span, plot->width);
    double right = plot->x + plot->width;
    double limit = G_MAXDOUBLE;

    for (guint age = 0; age <= span; age += step) {
        double x = right - plot->width * age / span;
        g_autofree char *text = vimana_graph_format_age (age, step);
        g_autoptr(PangoLayout) layout = vimana_graph_small_layout (self, text);
        int width;
        int height;
        double left;

        if (age > 0 && age < span) {
            double crisp = vimana_graph_crisp (x, scale);

            vimana_graph_set_source (cr, &self->foreground, 0.09);
            cairo_move_to (cr, crisp, plot->y);
            cairo_line_to (cr, crisp, plot->y + plot->height);
            cairo_stroke (cr);
        }

        pango_layout_get_pixel_size (layout, &width, &height);
        left = CLAMP (x - width / 2.0, plot->x, right - width);
        /* Going left from "now": a label that would touch the previous one is left out. */
        if (left + width + 8 > limit)
            continue;
        limit = left;
        vimana_graph_set_source (cr, &self->foreground, 0.7);
        cairo_move_to (cr, left, plot->y + plot->height + 3);
        pango_cairo_show_layout (cr, layout);
    }
}

static void
vimana_graph_draw_legend (VimanaGraph           *self,
                          cairo_t               *cr,
                          const VimanaGraphPlot *plot)
{
    double x = plot->x;
    double y = 2;

    for (guint i = 0; i < self->n_series; i++) {
        g_autoptr(PangoLayout) layout = vimana_graph_small_layout (self, self->series[i].label);
        double swatch = MAX (self->label_height * 0.6, 6);
        int width;
        int height;

        pango_layout_get_pixel_size (layout, &width, &height);
        vimana_graph_set_source (cr, &self->series[i].color, 1.0);
        cairo_new_sub_path (cr);
        cairo_arc (cr, x + swatch / 2, y + height / 2.0, swatch / 2, 0, 2 * G_PI);
        cairo_fill (cr);
        x += swatch + 5;
        vimana_graph_set_source (cr, &self->foreground, 0.85);
        cairo_move_to (cr, x, y);
        pango_cairo_show_layout (cr, layout);
        x += width + 16;
    }
}

static void
vimana_graph_paint_background (VimanaGraph           *self,
                               cairo_t               *cr,
                               const VimanaGraphPlot *plot,
                               const VimanaGraphAxis *axis,
                               guint                  span,
                               int                    scale)
{
    gboolean data = self->unavailable == NULL;
    double left = vimana_graph_crisp (plot->x, scale);
    double top = vimana_graph_crisp (plot->y, scale);
    double right = vimana_graph_crisp (plot->x + plot->width, scale) - 1.0 / scale;
    double bottom = vimana_graph_crisp (plot->y + plot->height, scale) - 1.0 / scale;
    int n = (int) round (axis->top / axis->step);

    cairo_set_line_width (cr, 1.0 / scale);

    vimana_graph_set_source (cr, &self->base, 1.0);
    cairo_rectangle (cr, plot->x, plot->y, plot->width, plot->height);
    cairo_fill (cr);

    if (data) {
        vimana_graph_set_source (cr, &self->foreground, 0.09);
        for (int k = 1; k < n; k++) {
            double y = vimana_graph_crisp (plot->y + plot->height - k * plot->height / n, scale);

            cairo_move_to (cr, left, y);
            cairo_line_to (cr, right, y);
        }
        cairo_stroke (cr);
    }
    if (data)
        vimana_graph_draw_time_axis (self, cr, plot, span, scale);

    vimana_graph_set_source (cr, &self->foreground, 0.22);
    cairo_rectangle (cr, left, top, right - left, bottom - top);
    cairo_stroke (cr);

    if (data)
        vimana_graph_draw_value_labels (self, cr, plot, axis);
    if (data && vimana_graph_has_legend (self))
        vimana_graph_draw_legend (self, cr, plot);
}

void
vimana_graph_ensure_background (VimanaGraph           *self,
                                cairo_t               *target,
                                int                    width,
                                int                    height,
                                const VimanaGraphPlot *plot,
                                const VimanaGraphAxis *axis,
                                guint                  span)
{
    GdkWindow *window = gtk_widget_get_window (GTK_WIDGET (self));
    int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
    cairo_t *cr;

    if (self->background_valid && self->background != NULL && self->background_width == width &&
        self->background_height == height && self->background_scale == scale &&
        self->background_span == span && vimana_graph_axis_equal (&self->background_axis, axis))
        return;

    g_clear_pointer (&self->background, cairo_surface_destroy);
    if (window != NULL) {
        /* Matches the window's device scale, and its kind: on X11 the background stays on the
         * server. */
        self->background = gdk_window_create_similar_surface (window, CAIRO_CONTENT_COLOR_ALPHA,
                                                              width, height);
    } else {
        self->background = cairo_surface_create_similar (cairo_get_target (target),
                                                         CAIRO_CONTENT_COLOR_ALPHA, width * scale,
                                                         height * scale);
        cairo_surface_set_device_scale (self->background, scale, scale);
    }
    cr = cairo_create (self->background);
    vimana_graph_paint_background (self, cr, plot, axis, span, scale);
    cairo_destroy (cr);

    self->background_valid = TRUE;
    self->background_width = width;
    self->background_height = height;
    self->background_scale = scale;
    self->background_span = span;
    self->background_axis = *axis;
    self->background_builds++;
}

/* ---- the data layer ---- */

static void
vimana_graph_ensure_columns (VimanaGraph *self,
                             double       width)
{
    guint needed = (guint) ceil (width * gtk_widget_get_scale_factor (GTK_WIDGET (self))) + 2;

    if (needed <= self->columns_per_series)
        return;
    g_free (self->columns);
    g_free (self->xs);
    self->columns_per_series = needed;
    self->columns = g_new (VimanaStatsSpan, needed * VIMANA_GRAPH_MAX_SERIES);
    self->xs = g_new (float, needed * VIMANA_GRAPH_MAX_SERIES);
}

/* Decimates every series into its part of the scratch buffers; returns the largest value. */
double
vimana_graph_trace_all (VimanaGraph           *self,
                        const VimanaGraphPlot *plot,
                        gint64                 start_us,
                        gint64                 end_us,
                        VimanaGraphTrace      *traces)
{
    double scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
    double max = NAN;

    vimana_graph_ensure_columns (self, plot->width);
    for (guint i = 0; i < self->n_series; i++) {
        VimanaGraphTrace *trace = &traces[i];
        double trace_max;

        trace->columns = self->columns + i * self->columns_per_series;
        trace->xs = self->xs + i * self->columns_per_series;
        trace->n = vimana_graph_decimate (self->series[i].ring, start_us, end_us, plot->width,
                                          scale, self->columns_per_series, trace->columns,
                                          trace->xs);
        for (guint c = 0; c < trace->n; c++)
            trace->xs[c] += (float) plot->x;
        trace_max = vimana_graph_trace_max (trace);
        if (!isnan (trace_max) && !(trace_max <= max))
            max = trace_max;
    }
    return max;
}

/* Draws the traces of the full look into @plot; the caller clips to it. */
void
vimana_graph_draw_traces (VimanaGraph            *self,
                          cairo_t                *cr,
                          const VimanaGraphPlot  *plot,
                          const VimanaGraphTrace *traces)
{
    vimana_graph_canvas_ensure (&self->canvas, plot);
    /* The first series is the main one: drawn last, on top. */
    for (guint i = self->n_series; i > 0; i--)
        vimana_graph_draw_trace (cr, self->canvas.mask, &self->canvas.raster, &traces[i - 1], plot,
                                 &self->series[i - 1].color, self->n_series > 1 ? 0.18 : 0.3, TRUE,
                                 VIMANA_GRAPH_LINE_WIDTH);
}

void
vimana_graph_draw_message (VimanaGraph           *self,
                           cairo_t               *cr,
                           const VimanaGraphPlot *plot,
                           const char            *text)
{
    g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
    int width;
    int height;

    if (self->look == VIMANA_GRAPH_LOOK_SPARKLINE)
        pango_layout_set_font_description (layout, self->small_font);
    pango_layout_set_width (layout, (int) MAX (plot->width - 2 * VIMANA_GRAPH_PADDING, 1) * PANGO_SCALE);
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    pango_layout_set_height (layout, (int) MAX (plot->height, 1) * PANGO_SCALE);
    pango_layout_get_pixel_size (layout, &width, &height);
    vimana_graph_set_source (cr, &self->foreground, 0.6);
    cairo_move_to (cr, plot->x + VIMANA_GRAPH_PADDING, plot->y + (plot->height - height) / 2);
    pango_cairo_show_layout (cr, layout);
}

char *
vimana_graph_unavailable_text (VimanaGraph *self)
{
    /* Translators: shown in place of a graph; %s says why, e.g. "not supported by this
     * hypervisor". */
    return g_strdup_printf (_("Unavailable: %s"), self->unavailable);
}

void
vimana_graph_draw_sparkline_look (VimanaGraph *self,
                                  cairo_t     *cr,
                                  int          width,
                                  int          height)
{
    VimanaGraphTrace traces[VIMANA_GRAPH_MAX_SERIES];
    VimanaGraphPlot plot;
    gint64 start_us;
    gint64 end_us;
    double max;

    vimana_graph_layout (self, width, height, &plot);
    if (self->unavailable != NULL) {
        g_autofree char *text = vimana_graph_unavailable_text (self);

        vimana_graph_draw_message (self, cr, &plot, text);
        return;
    }
    vimana_graph_get_window (self, &start_us, &end_us);
    max = vimana_graph_trace_all (self, &plot, start_us, end_us, traces);
    plot.top = vimana_graph_axis_for (self->unit, self->max, max).top;
    vimana_graph_canvas_ensure (&self->canvas, &plot);
    cairo_save (cr);
    cairo_rectangle (cr, 0, 0, width, height);
    cairo_clip (cr);
    for (guint i = self->n_series; i > 0; i--)
        vimana_graph_draw_trace (cr, self->canvas.mask, &self->canvas.raster, &traces[i - 1], &plot,
                                 &self->series[i - 1].color, 0.3, FALSE,
                                 1.25);
    cairo_restore (cr);
}
