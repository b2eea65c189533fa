/* vimana-sparkline-renderer.c: a list cell with the last minute of a statistic and its value
 *
 * The list's cell data function hands the renderer the guest's ring (borrowed for the time of
 * one render: no copy) and the text; the sparkline is the graph widget's own drawing function,
 * so the list and the Performance page look alike. Colours come from the theme, lightened or
 * darkened against the list's background as the graph's own are: the theme's accent is chosen
 * for buttons, and a thin line in it can vanish in a dark list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-sparkline-renderer"

#include "config.h"

#include "vimana-sparkline-renderer.h"

#include "vimana-graph.h"

#define VIMANA_SPARKLINE_WIDTH   VIMANA_SPARKLINE_COLUMNS
#define VIMANA_SPARKLINE_SPACING 6

struct _VimanaSparklineRenderer
{
    GtkCellRenderer parent_instance;

    /* borrowed for one render */
    const VimanaStatsRing *ring;

    /* owned */
    GtkCellRenderer *text_renderer;
    double           max;
};

G_DEFINE_FINAL_TYPE (VimanaSparklineRenderer, vimana_sparkline_renderer, GTK_TYPE_CELL_RENDERER)

static void
vimana_sparkline_renderer_get_preferred_width (GtkCellRenderer *cell,
                                               GtkWidget       *widget,
                                               int             *minimum,
                                               int             *natural)
{
    VimanaSparklineRenderer *self = VIMANA_SPARKLINE_RENDERER (cell);
    int text_min = 0, text_nat = 0;

    gtk_cell_renderer_get_preferred_width (self->text_renderer, widget, &text_min, &text_nat);
    *minimum = VIMANA_SPARKLINE_WIDTH + VIMANA_SPARKLINE_SPACING + text_min;
    *natural = VIMANA_SPARKLINE_WIDTH + VIMANA_SPARKLINE_SPACING + text_nat;
}

static void
vimana_sparkline_renderer_get_preferred_height (GtkCellRenderer *cell,
                                                GtkWidget       *widget,
                                                int             *minimum,
                                                int             *natural)
{
    VimanaSparklineRenderer *self = VIMANA_SPARKLINE_RENDERER (cell);

    gtk_cell_renderer_get_preferred_height (self->text_renderer, widget, minimum, natural);
}

/* The line's height in a cell @cell_height high. */
static int
vimana_sparkline_renderer_line_height (int cell_height,
                                       int ypad)
{
    return cell_height - 2 * ypad - 4;
}

static void
vimana_sparkline_renderer_render (GtkCellRenderer      *cell,
                                  cairo_t              *cr,
                                  GtkWidget            *widget,
                                  const GdkRectangle   *background_area,
                                  const GdkRectangle   *cell_area,
                                  GtkCellRendererState  flags)
{
    VimanaSparklineRenderer *self = VIMANA_SPARKLINE_RENDERER (cell);
    GtkStyleContext *style = gtk_widget_get_style_context (widget);
    GdkRectangle text_area = *cell_area;
    GdkRGBA color;
    int xpad, ypad;

    gtk_cell_renderer_get_padding (cell, &xpad, &ypad);

    if (self->ring != NULL && !vimana_stats_ring_is_empty (self->ring)) {
        if ((flags & GTK_CELL_RENDERER_SELECTED) != 0)
            gtk_style_context_get_color (style, gtk_style_context_get_state (style), &color);
        else
            vimana_graph_get_theme_color (style, 0, &color);

        cairo_save (cr);
        cairo_translate (cr, cell_area->x + xpad, cell_area->y + ypad + 2);
        vimana_graph_draw_sparkline (cr, self->ring, VIMANA_SPARKLINE_WIDTH,
                                     vimana_sparkline_renderer_line_height (cell_area->height, ypad),
                                     vimana_stats_ring_get_last_time (self->ring),
                                     VIMANA_SPARKLINE_SECONDS, &color, self->max);
        cairo_restore (cr);
    }

    text_area.x += VIMANA_SPARKLINE_WIDTH + VIMANA_SPARKLINE_SPACING;
    text_area.width = MAX (0, text_area.width - VIMANA_SPARKLINE_WIDTH - VIMANA_SPARKLINE_SPACING);
    gtk_cell_renderer_render (self->text_renderer, cr, widget, background_area, &text_area, flags);
}

static void
vimana_sparkline_renderer_finalize (GObject *object)
{
    VimanaSparklineRenderer *self = VIMANA_SPARKLINE_RENDERER (object);

    g_object_unref (self->text_renderer);

    G_OBJECT_CLASS (vimana_sparkline_renderer_parent_class)->finalize (object);
}

static void
vimana_sparkline_renderer_class_init (VimanaSparklineRendererClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkCellRendererClass *cell_class = GTK_CELL_RENDERER_CLASS (klass);

    object_class->finalize = vimana_sparkline_renderer_finalize;
    cell_class->get_preferred_width = vimana_sparkline_renderer_get_preferred_width;
    cell_class->get_preferred_height = vimana_sparkline_renderer_get_preferred_height;
    cell_class->render = vimana_sparkline_renderer_render;
}

static void
vimana_sparkline_renderer_init (VimanaSparklineRenderer *self)
{
    self->text_renderer = g_object_ref_sink (gtk_cell_renderer_text_new ());
    g_object_set (self->text_renderer, "xalign", 1.0, "xpad", 0, NULL);
}

GtkCellRenderer *
vimana_sparkline_renderer_new (void)
{
    return g_object_new (VIMANA_TYPE_SPARKLINE_RENDERER, NULL);
}

/**
 * vimana_sparkline_renderer_set_data:
 * @self: a #VimanaSparklineRenderer
 * @ring: (nullable): the series to draw, borrowed until the next call
 * @max: the top of the value scale (0: from the data)
 * @text: (nullable): the value to write beside it
 *
 * Called from the list's cell data function for each row drawn.
 */
void
vimana_sparkline_renderer_set_data (VimanaSparklineRenderer *self,
                                    const VimanaStatsRing   *ring,
                                    double                   max,
                                    const char              *text)
{
    g_return_if_fail (VIMANA_IS_SPARKLINE_RENDERER (self));

    self->ring = ring;
    self->max = max;
    g_object_set (self->text_renderer, "text", text, NULL);
}

/**
 * vimana_sparkline_renderer_signature:
 * @self: a #VimanaSparklineRenderer
 * @ring: the series the cell would show
 * @max: the value at the top edge, as for vimana_sparkline_renderer_set_data()
 * @cell_height: the cell area's height
 * @scale: the widget's scale factor
 *
 * Returns: a number for the sparkline the cell would draw now (see
 *   vimana_graph_sparkline_signature()): when it did not change, neither did the picture
 */
guint
vimana_sparkline_renderer_signature (VimanaSparklineRenderer *self,
                                     const VimanaStatsRing   *ring,
                                     double                   max,
                                     int                      cell_height,
                                     int                      scale)
{
    int xpad, ypad;

    g_return_val_if_fail (VIMANA_IS_SPARKLINE_RENDERER (self), 0);

    if (ring == NULL || vimana_stats_ring_is_empty (ring))
        return 0;
    gtk_cell_renderer_get_padding (GTK_CELL_RENDERER (self), &xpad, &ypad);
    return vimana_graph_sparkline_signature (ring, VIMANA_SPARKLINE_WIDTH,
                                             vimana_sparkline_renderer_line_height (cell_height, ypad),
                                             scale, vimana_stats_ring_get_last_time (ring),
                                             VIMANA_SPARKLINE_SECONDS, max);
}
