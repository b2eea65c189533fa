/* vimana-graph.c: a real-time graph of one or more statistics, drawn from their rings
 *
 * The graph reads the sampler's rings where they are: it copies nothing and runs no timer.
 * This file is the widget: its settings and series, its events, hover readout, context menu,
 * CSV export and accessible description. How it is drawn, and why it is cheap to draw, is in
 * vimana-graph-render.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-graph"

#include "config.h"

#include "vimana-graph-private.h"
#include "vimana-graph-accessible.h"

#include <glib/gi18n.h>
#include <math.h>

#include "vimana-stats-csv.h"
#include "vimana-file-chooser.h"

G_DEFINE_ENUM_TYPE (VimanaGraphLook, vimana_graph_look,
                    G_DEFINE_ENUM_VALUE (VIMANA_GRAPH_LOOK_SPARKLINE, "sparkline"),
                    G_DEFINE_ENUM_VALUE (VIMANA_GRAPH_LOOK_FULL, "full"))

G_DEFINE_ENUM_TYPE (VimanaGraphUnit, vimana_graph_unit,
                    G_DEFINE_ENUM_VALUE (VIMANA_GRAPH_UNIT_PERCENT, "percent"),
                    G_DEFINE_ENUM_VALUE (VIMANA_GRAPH_UNIT_BYTES, "bytes"),
                    G_DEFINE_ENUM_VALUE (VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, "bytes-per-second"))

G_DEFINE_FINAL_TYPE (VimanaGraph, vimana_graph, GTK_TYPE_DRAWING_AREA)

enum {
    PROP_0,
    PROP_LOOK,
    PROP_UNIT,
    PROP_RANGE,
    PROP_MAX,
    PROP_UNAVAILABLE,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_ERROR,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- the window of time ---- */

static guint
vimana_graph_span_seconds (VimanaGraph *self)
{
    guint history = 0;

    if (self->range > 0)
        return self->range;
    /* The whole history the rings can hold, not what they hold so far, so that the time axis
     * stays put while they fill. */
    for (guint i = 0; i < self->n_series; i++)
        history = MAX (history, vimana_stats_ring_get_history (self->series[i].ring));
    return history > 0 ? history : VIMANA_GRAPH_DEFAULT_RANGE;
}

/* Returns: whether any series has a sample; the window ends at the newest one */
gboolean
vimana_graph_get_window (VimanaGraph *self,
                         gint64      *start_us,
                         gint64      *end_us)
{
    gint64 end = G_MININT64;

    for (guint i = 0; i < self->n_series; i++) {
        if (!vimana_stats_ring_is_empty (self->series[i].ring))
            end = MAX (end, vimana_stats_ring_get_last_time (self->series[i].ring));
    }
    *end_us = end == G_MININT64 ? g_get_real_time () : end;
    *start_us = *end_us - (gint64) vimana_graph_span_seconds (self) * G_USEC_PER_SEC;
    return end != G_MININT64;
}

/* ---- drawing: the frame and the pointer's readout ---- */

static void
vimana_graph_invalidate_background (VimanaGraph *self)
{
    self->background_valid = FALSE;
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gint64
vimana_graph_time_at (VimanaGraph           *self,
                      const VimanaGraphPlot *plot,
                      gint64                 start_us,
                      gint64                 end_us,
                      double                 x)
{
    return start_us + (gint64) ((end_us - start_us) * CLAMP ((x - plot->x) / plot->width, 0, 1));
}

static void
vimana_graph_draw_readout (VimanaGraph           *self,
                           cairo_t               *cr,
                           const VimanaGraphPlot *plot,
                           gint64                 start_us,
                           gint64                 end_us)
{
    int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
    gint64 time_us = vimana_graph_time_at (self, plot, start_us, end_us, self->hover_x);
    double x = vimana_graph_crisp (self->hover_x, scale);
    g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);
    g_autofree char *clock = date ? g_date_time_format (date, "%H:%M:%S") : g_strdup ("");
    g_autoptr(GString) markup = g_string_new (NULL);
    g_autoptr(PangoLayout) layout = NULL;
    int width;
    int height;
    double box_x;
    double box_y = plot->y + VIMANA_GRAPH_PADDING;

    vimana_graph_set_source (cr, &self->foreground, 0.45);
    cairo_set_line_width (cr, 1.0 / scale);
    cairo_move_to (cr, x, plot->y);
    cairo_line_to (cr, x, plot->y + plot->height);
    cairo_stroke (cr);

    g_string_append_printf (markup, "<b>%s</b>", clock);
    for (guint i = 0; i < self->n_series; i++) {
        const VimanaGraphSeries *series = &self->series[i];
        float value = vimana_stats_ring_value_at (series->ring, time_us);
        g_autofree char *text = vimana_graph_format_value (self->unit, value);
        char color[8];
        g_autofree char *label = g_markup_escape_text (series->label, -1);

        g_snprintf (color, sizeof color, "#%02x%02x%02x", (guint) (series->color.red * 255 + 0.5),
                    (guint) (series->color.green * 255 + 0.5),
                    (guint) (series->color.blue * 255 + 0.5));

        if (!isnan (value)) {
            double y = vimana_graph_plot_y (plot, value);

            cairo_new_sub_path (cr);
            cairo_arc (cr, self->hover_x, y, 3.5, 0, 2 * G_PI);
            vimana_graph_set_source (cr, &self->base, 1.0);
            cairo_fill_preserve (cr);
            vimana_graph_set_source (cr, &series->color, 1.0);
            cairo_set_line_width (cr, 1.5);
            cairo_stroke (cr);
        }
        g_string_append_printf (markup, "\n<span foreground=\"%s\">●</span> %s  <b>%s</b>", color,
                                label, text);
    }

    layout = vimana_graph_small_layout (self, NULL);
    pango_layout_set_markup (layout, markup->str, -1);
    pango_layout_get_pixel_size (layout, &width, &height);
    box_x = self->hover_x + 10;
    if (box_x + width + 2 * VIMANA_GRAPH_PADDING > plot->x + plot->width)
        box_x = self->hover_x - 10 - width - 2 * VIMANA_GRAPH_PADDING;
    box_x = MAX (box_x, plot->x + 1);

    cairo_new_sub_path (cr);
    cairo_arc (cr, box_x + 4, box_y + 4, 4, G_PI, 1.5 * G_PI);
    cairo_arc (cr, box_x + width + 2 * VIMANA_GRAPH_PADDING - 4, box_y + 4, 4, 1.5 * G_PI, 2 * G_PI);
    cairo_arc (cr, box_x + width + 2 * VIMANA_GRAPH_PADDING - 4,
               box_y + height + 2 * VIMANA_GRAPH_PADDING - 4, 4, 0, 0.5 * G_PI);
    cairo_arc (cr, box_x + 4, box_y + height + 2 * VIMANA_GRAPH_PADDING - 4, 4, 0.5 * G_PI, G_PI);
    cairo_close_path (cr);
    vimana_graph_set_source (cr, &self->base, 0.94);
    cairo_fill_preserve (cr);
    vimana_graph_set_source (cr, &self->foreground, 0.25);
    cairo_set_line_width (cr, 1.0 / scale);
    cairo_stroke (cr);

    vimana_graph_set_source (cr, &self->foreground, 1.0);
    cairo_move_to (cr, box_x + VIMANA_GRAPH_PADDING, box_y + VIMANA_GRAPH_PADDING);
    pango_cairo_show_layout (cr, layout);
}

static gboolean
vimana_graph_draw (GtkWidget *widget,
                   cairo_t   *cr)
{
    VimanaGraph *self = VIMANA_GRAPH (widget);
    int width = gtk_widget_get_allocated_width (widget);
    int height = gtk_widget_get_allocated_height (widget);
    VimanaGraphTrace traces[VIMANA_GRAPH_MAX_SERIES];
    VimanaGraphPlot plot;
    VimanaGraphAxis axis;
    gint64 start_us;
    gint64 end_us;
    gboolean any;
    double max = NAN;

    if (self->small_font == NULL)
        vimana_graph_load_style (self);
    if (self->look == VIMANA_GRAPH_LOOK_SPARKLINE) {
        vimana_graph_draw_sparkline_look (self, cr, width, height);
        return FALSE;
    }

    vimana_graph_layout (self, width, height, &plot);
    any = vimana_graph_get_window (self, &start_us, &end_us);
    /* Decimate first: an automatic scale depends on what is visible. */
    if (self->unavailable == NULL && any)
        max = vimana_graph_trace_all (self, &plot, start_us, end_us, traces);
    axis = vimana_graph_axis_for (self->unit, self->max, max);
    plot.top = axis.top;

    vimana_graph_ensure_background (self, cr, width, height, &plot, &axis,
                                    vimana_graph_span_seconds (self));
    cairo_set_source_surface (cr, self->background, 0, 0);
    cairo_paint (cr);

    if (self->unavailable != NULL) {
        g_autofree char *text = vimana_graph_unavailable_text (self);

        vimana_graph_draw_message (self, cr, &plot, text);
    } else if (!any) {
        vimana_graph_draw_message (self, cr, &plot, _("No data yet"));
    } else {
        cairo_save (cr);
        cairo_rectangle (cr, plot.x, plot.y, plot.width, plot.height);
        cairo_clip (cr);
        vimana_graph_draw_traces (self, cr, &plot, traces);
        if (self->hover)
            vimana_graph_draw_readout (self, cr, &plot, start_us, end_us);
        cairo_restore (cr);
    }

    if (gtk_widget_has_visible_focus (widget))
        gtk_render_focus (gtk_widget_get_style_context (widget), cr, 0, 0, width, height);
    return FALSE;
}

/* ---- the accessible description ---- */

/* "10 minutes", "1 hour": how far back a graph reaches, for its description. */
static char *
vimana_graph_format_duration (guint seconds)
{
    if (seconds >= 3600 && seconds % 3600 == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", seconds / 3600),
                                seconds / 3600);
    if (seconds >= 60 && seconds % 60 == 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", seconds / 60),
                                seconds / 60);
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds),
                            seconds);
}

static void
vimana_graph_update_description (VimanaGraph *self)
{
    AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (self));
    g_autoptr(GString) text = g_string_new (NULL);
    g_autoptr(GString) values = g_string_new (NULL);
    g_autofree char *duration = NULL;
    const char *name = atk_object_get_name (accessible);
    gint64 start_us;
    gint64 end_us;

    if (self->unavailable != NULL) {
        g_autofree char *reason = vimana_graph_unavailable_text (self);

        g_string_append (text, reason);
    } else if (!vimana_graph_get_window (self, &start_us, &end_us)) {
        g_string_append (text, _("No data yet"));
    } else {
        for (guint i = 0; i < self->n_series; i++) {
            VimanaStatsSpan span = vimana_stats_ring_summarize (self->series[i].ring, start_us,
                                                                end_us);
            g_autofree char *current = vimana_graph_format_value (
                self->unit, vimana_stats_ring_get_last (self->series[i].ring));
            g_autofree char *average = vimana_graph_format_value (self->unit, span.avg);
            g_autofree char *peak = vimana_graph_format_value (self->unit, span.max);
            /* One series: the graph's own name says what it is. */
            const char *label = self->n_series == 1 && name != NULL && *name != '\0'
                                    ? name
                                    : self->series[i].label;

            if (i > 0)
                g_string_append (values, "; ");
            /* Translators: a graph's description for screen readers, e.g. "CPU usage: 12 %,
             * average 8 %, peak 40 %". */
            g_string_append_printf (values, _("%s: %s, average %s, peak %s"), label, current,
                                    average, peak);
        }
        duration = vimana_graph_format_duration (vimana_graph_span_seconds (self));
        /* Translators: %s is the list of series' values, e.g. "CPU usage: 12 %, average 8 %,
         * peak 40 %", then the duration, e.g. "10 minutes". */
        g_string_printf (text, _("%s over the last %s"), values->str, duration);
    }

    if (g_strcmp0 (self->description, text->str) == 0)
        return;
    g_free (self->description);
    self->description = g_strdup (text->str);
    atk_object_set_description (accessible, self->description);
}

/* ---- events ---- */

static void
vimana_graph_menu_detach_cb (GtkWidget *attach_widget,
                             GtkMenu   *menu)
{
    VIMANA_GRAPH (attach_widget)->menu = NULL;
}

static void
vimana_graph_popup_menu_at (VimanaGraph    *self,
                            const GdkEvent *event)
{
    g_autoptr(GMenu) model = NULL;

    if (self->menu == NULL) {
        model = g_menu_new ();
        g_menu_append (model, _("Export as CSV…"), "graph.export-csv");
        self->menu = gtk_menu_new_from_model (G_MENU_MODEL (model));
        gtk_menu_attach_to_widget (GTK_MENU (self->menu), GTK_WIDGET (self),
                                   vimana_graph_menu_detach_cb);
    }
    if (event != NULL)
        gtk_menu_popup_at_pointer (GTK_MENU (self->menu), event);
    else
        gtk_menu_popup_at_widget (GTK_MENU (self->menu), GTK_WIDGET (self), GDK_GRAVITY_CENTER,
                                  GDK_GRAVITY_NORTH_WEST, NULL);
}

static gboolean
vimana_graph_button_press_event (GtkWidget      *widget,
                                 GdkEventButton *event)
{
    if (gdk_event_triggers_context_menu ((GdkEvent *) event)) {
        vimana_graph_popup_menu_at (VIMANA_GRAPH (widget), (GdkEvent *) event);
        return GDK_EVENT_STOP;
    }
    if (event->button == GDK_BUTTON_PRIMARY && gtk_widget_get_can_focus (widget))
        gtk_widget_grab_focus (widget);
    return GDK_EVENT_PROPAGATE;
}

/* Shift+F10 and the Menu key. */
static gboolean
vimana_graph_popup_menu (GtkWidget *widget)
{
    vimana_graph_popup_menu_at (VIMANA_GRAPH (widget), NULL);
    return TRUE;
}

static gboolean
vimana_graph_motion_notify_event (GtkWidget      *widget,
                                  GdkEventMotion *event)
{
    VimanaGraph *self = VIMANA_GRAPH (widget);
    VimanaGraphPlot plot;

    if (self->look != VIMANA_GRAPH_LOOK_FULL)
        return GDK_EVENT_PROPAGATE;
    vimana_graph_layout (self, gtk_widget_get_allocated_width (widget),
                         gtk_widget_get_allocated_height (widget), &plot);
    self->hover = event->x >= plot.x && event->x <= plot.x + plot.width && event->y >= plot.y &&
                  event->y <= plot.y + plot.height;
    self->hover_x = event->x;
    gtk_widget_queue_draw (widget);
    return GDK_EVENT_PROPAGATE;
}

static gboolean
vimana_graph_leave_notify_event (GtkWidget        *widget,
                                 GdkEventCrossing *event)
{
    VimanaGraph *self = VIMANA_GRAPH (widget);

    if (self->hover) {
        self->hover = FALSE;
        gtk_widget_queue_draw (widget);
    }
    return GDK_EVENT_PROPAGATE;
}

static const char *
vimana_graph_export_name (VimanaGraph *self)
{
    const char *name = atk_object_get_name (gtk_widget_get_accessible (GTK_WIDGET (self)));

    if (name != NULL && *name != '\0')
        return name;
    if (self->n_series > 0)
        return self->series[0].label;
    /* Translators: the file name offered when a graph without a name is exported. */
    return _("graph");
}

static void
vimana_graph_chooser_response_cb (GtkNativeDialog *dialog,
                                  int              response,
                                  gpointer         user_data)
{
    VimanaGraph *self = VIMANA_GRAPH (user_data);
    g_autoptr(GFile) file = NULL;
    g_autoptr(GError) error = NULL;

    if (response == GTK_RESPONSE_ACCEPT)
        file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
    gtk_native_dialog_destroy (dialog);
    g_clear_object (&self->chooser);

    if (file != NULL && !vimana_graph_export_csv (self, file, &error))
        g_signal_emit (self, signals[SIGNAL_ERROR], 0, error);
}

static void
vimana_graph_export_csv_cb (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
    VimanaGraph *self = VIMANA_GRAPH (user_data);
    g_autoptr(GtkFileFilter) filter = NULL;
    g_autofree char *name = NULL;

    if (self->chooser != NULL) {
        gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
        return;
    }

    self->chooser = vimana_file_chooser_new (GTK_WIDGET (self), _("Export as CSV"),
                                             GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
    gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (self->chooser), TRUE);
    name = g_strdelimit (g_strdup_printf ("%s.csv", vimana_graph_export_name (self)), "/\\", '-');
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);

    filter = g_object_ref_sink (gtk_file_filter_new ());
    gtk_file_filter_set_name (filter, _("CSV files"));
    gtk_file_filter_add_mime_type (filter, "text/csv");
    gtk_file_filter_add_pattern (filter, "*.csv");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);

    g_signal_connect (self->chooser, "response", G_CALLBACK (vimana_graph_chooser_response_cb),
                      self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
vimana_graph_update_actions (VimanaGraph *self)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), "export-csv");

    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->n_series > 0);
}

/* ---- GtkWidget ---- */

static void
vimana_graph_style_updated (GtkWidget *widget)
{
    VimanaGraph *self = VIMANA_GRAPH (widget);

    GTK_WIDGET_CLASS (vimana_graph_parent_class)->style_updated (widget);
    vimana_graph_load_style (self);
    vimana_graph_invalidate_background (self);
}

static void
vimana_graph_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_graph_parent_class)->map (widget);
    vimana_graph_update_description (VIMANA_GRAPH (widget));
}

static void
vimana_graph_unmap (GtkWidget *widget)
{
    VIMANA_GRAPH (widget)->hover = FALSE;
    GTK_WIDGET_CLASS (vimana_graph_parent_class)->unmap (widget);
}

static void
vimana_graph_unrealize (GtkWidget *widget)
{
    VimanaGraph *self = VIMANA_GRAPH (widget);

    /* The surface was made for the window that goes now. */
    g_clear_pointer (&self->background, cairo_surface_destroy);
    self->background_valid = FALSE;
    GTK_WIDGET_CLASS (vimana_graph_parent_class)->unrealize (widget);
}

static void
vimana_graph_scale_factor_cb (GObject    *object,
                              GParamSpec *pspec,
                              gpointer    user_data)
{
    vimana_graph_invalidate_background (VIMANA_GRAPH (object));
}

static void
vimana_graph_get_preferred_width (GtkWidget *widget,
                                  int       *minimum,
                                  int       *natural)
{
    gboolean full = VIMANA_GRAPH (widget)->look == VIMANA_GRAPH_LOOK_FULL;

    *minimum = full ? 160 : 32;
    *natural = full ? 400 : 80;
}

static void
vimana_graph_get_preferred_height (GtkWidget *widget,
                                   int       *minimum,
                                   int       *natural)
{
    gboolean full = VIMANA_GRAPH (widget)->look == VIMANA_GRAPH_LOOK_FULL;

    *minimum = full ? 100 : 16;
    *natural = full ? 160 : 24;
}

/* ---- GObject ---- */

static void
vimana_graph_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
    VimanaGraph *self = VIMANA_GRAPH (object);

    switch (prop_id) {
    case PROP_LOOK:
        g_value_set_enum (value, self->look);
        break;
    case PROP_UNIT:
        g_value_set_enum (value, self->unit);
        break;
    case PROP_RANGE:
        g_value_set_uint (value, self->range);
        break;
    case PROP_MAX:
        g_value_set_double (value, self->max);
        break;
    case PROP_UNAVAILABLE:
        g_value_set_string (value, self->unavailable);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_graph_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
    VimanaGraph *self = VIMANA_GRAPH (object);

    switch (prop_id) {
    case PROP_LOOK:
        self->look = g_value_get_enum (value);
        break;
    case PROP_UNIT:
        self->unit = g_value_get_enum (value);
        break;
    case PROP_RANGE:
        vimana_graph_set_range (self, g_value_get_uint (value));
        break;
    case PROP_MAX:
        vimana_graph_set_max (self, g_value_get_double (value));
        break;
    case PROP_UNAVAILABLE:
        vimana_graph_set_unavailable (self, g_value_get_string (value));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_graph_constructed (GObject *object)
{
    VimanaGraph *self = VIMANA_GRAPH (object);

    G_OBJECT_CLASS (vimana_graph_parent_class)->constructed (object);
    /* Sparklines sit in lists and summaries; only the full graph takes the keyboard. */
    gtk_widget_set_can_focus (GTK_WIDGET (self), self->look == VIMANA_GRAPH_LOOK_FULL);
}

static void
vimana_graph_dispose (GObject *object)
{
    VimanaGraph *self = VIMANA_GRAPH (object);

    if (self->chooser != NULL)
        gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    g_clear_object (&self->chooser);
    /* Destroying the menu detaches it, which forgets it. */
    if (self->menu != NULL)
        gtk_widget_destroy (self->menu);
    vimana_graph_clear_series (self);
    g_clear_object (&self->actions);

    G_OBJECT_CLASS (vimana_graph_parent_class)->dispose (object);
}

static void
vimana_graph_finalize (GObject *object)
{
    VimanaGraph *self = VIMANA_GRAPH (object);

    g_free (self->unavailable);
    g_free (self->description);
    g_free (self->columns);
    g_free (self->xs);
    vimana_graph_canvas_clear (&self->canvas);
    g_clear_pointer (&self->small_font, pango_font_description_free);
    g_clear_pointer (&self->background, cairo_surface_destroy);

    G_OBJECT_CLASS (vimana_graph_parent_class)->finalize (object);
}

static void
vimana_graph_class_init (VimanaGraphClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->get_property = vimana_graph_get_property;
    object_class->set_property = vimana_graph_set_property;
    object_class->constructed = vimana_graph_constructed;
    object_class->dispose = vimana_graph_dispose;
    object_class->finalize = vimana_graph_finalize;

    widget_class->draw = vimana_graph_draw;
    widget_class->style_updated = vimana_graph_style_updated;
    widget_class->map = vimana_graph_map;
    widget_class->unmap = vimana_graph_unmap;
    widget_class->unrealize = vimana_graph_unrealize;
    widget_class->button_press_event = vimana_graph_button_press_event;
    widget_class->motion_notify_event = vimana_graph_motion_notify_event;
    widget_class->leave_notify_event = vimana_graph_leave_notify_event;
    widget_class->popup_menu = vimana_graph_popup_menu;
    widget_class->get_preferred_width = vimana_graph_get_preferred_width;
    widget_class->get_preferred_height = vimana_graph_get_preferred_height;

    properties[PROP_LOOK] =
        g_param_spec_enum ("look", NULL, NULL, VIMANA_TYPE_GRAPH_LOOK, VIMANA_GRAPH_LOOK_FULL,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_UNIT] =
        g_param_spec_enum ("unit", NULL, NULL, VIMANA_TYPE_GRAPH_UNIT, VIMANA_GRAPH_UNIT_PERCENT,
                           G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_RANGE] =
        g_param_spec_uint ("range", NULL, NULL, 0, G_MAXUINT, VIMANA_GRAPH_DEFAULT_RANGE,
                           G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_MAX] =
        g_param_spec_double ("max", NULL, NULL, 0, G_MAXDOUBLE, 0,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    properties[PROP_UNAVAILABLE] =
        g_param_spec_string ("unavailable", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaGraph::error:
     * @error: what failed, e.g. writing an exported file
     *
     * Something the user asked of the graph failed; the page shows it in its error bar.
     */
    signals[SIGNAL_ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

    gtk_widget_class_set_accessible_type (widget_class, VIMANA_TYPE_GRAPH_ACCESSIBLE);
    gtk_widget_class_set_accessible_role (widget_class, ATK_ROLE_CHART);
    gtk_widget_class_set_css_name (widget_class, "vimana-graph");
}

static void
vimana_graph_init (VimanaGraph *self)
{
    static const GActionEntry actions[] = {
        { .name = "export-csv", .activate = vimana_graph_export_csv_cb },
    };

    self->range = VIMANA_GRAPH_DEFAULT_RANGE;
    self->look = VIMANA_GRAPH_LOOK_FULL;

    self->actions = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions),
                                     self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "graph", G_ACTION_GROUP (self->actions));
    vimana_graph_update_actions (self);

    gtk_widget_add_events (GTK_WIDGET (self), GDK_POINTER_MOTION_MASK | GDK_LEAVE_NOTIFY_MASK |
                           GDK_BUTTON_PRESS_MASK);
    g_signal_connect (self, "notify::scale-factor", G_CALLBACK (vimana_graph_scale_factor_cb),
                      NULL);
}

/* ---- public API ---- */

/**
 * vimana_graph_new:
 * @look: a full graph with axes and legend, or a compact sparkline
 * @unit: what the series measure
 *
 * Returns: (transfer floating): a graph without series; the caller sets its accessible name
 */
GtkWidget *
vimana_graph_new (VimanaGraphLook look,
                  VimanaGraphUnit unit)
{
    return g_object_new (VIMANA_TYPE_GRAPH, "look", look, "unit", unit, NULL);
}

/**
 * vimana_graph_add_series:
 * @self: a #VimanaGraph
 * @owner: (nullable): the object whose lifetime @ring follows; the graph keeps a reference.
 *   %NULL when the caller keeps @ring alive as long as the graph.
 * @ring: the series, read where it is, never copied
 * @label: what the legend calls it
 *
 * Returns: the series' index
 */
guint
vimana_graph_add_series (VimanaGraph           *self,
                         GObject               *owner,
                         const VimanaStatsRing *ring,
                         const char            *label)
{
    VimanaGraphSeries *series;

    g_return_val_if_fail (VIMANA_IS_GRAPH (self), 0);
    g_return_val_if_fail (owner == NULL || G_IS_OBJECT (owner), 0);
    g_return_val_if_fail (ring != NULL, 0);
    g_return_val_if_fail (label != NULL, 0);
    g_return_val_if_fail (self->n_series < VIMANA_GRAPH_MAX_SERIES, 0);

    series = &self->series[self->n_series];
    series->owner = owner != NULL ? g_object_ref (owner) : NULL;
    series->ring = ring;
    series->label = g_strdup (label);
    self->n_series++;

    vimana_graph_update_actions (self);
    vimana_graph_invalidate_background (self);
    return self->n_series - 1;
}

void
vimana_graph_clear_series (VimanaGraph *self)
{
    g_return_if_fail (VIMANA_IS_GRAPH (self));

    for (guint i = 0; i < self->n_series; i++) {
        g_clear_object (&self->series[i].owner);
        g_clear_pointer (&self->series[i].label, g_free);
        self->series[i].ring = NULL;
    }
    if (self->n_series == 0)
        return;
    self->n_series = 0;
    self->hover = FALSE;
    if (self->actions != NULL)
        vimana_graph_update_actions (self);
    vimana_graph_invalidate_background (self);
}

guint
vimana_graph_get_n_series (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), 0);

    return self->n_series;
}

/**
 * vimana_graph_set_range:
 * @self: a #VimanaGraph
 * @seconds: how much time the graph spans, e.g. 60, 600 or 3600; 0 for all the history the
 *   rings can hold
 */
void
vimana_graph_set_range (VimanaGraph *self,
                        guint        seconds)
{
    g_return_if_fail (VIMANA_IS_GRAPH (self));

    if (self->range == seconds)
        return;
    self->range = seconds;
    vimana_graph_invalidate_background (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

guint
vimana_graph_get_range (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), 0);

    return self->range;
}

/**
 * vimana_graph_set_unavailable:
 * @self: a #VimanaGraph
 * @reason: (nullable): why there is no data, e.g. "not supported by this hypervisor"; %NULL
 *   to show the data again
 *
 * Shows "Unavailable: @reason" in place of the data, never an empty box.
 */
void
vimana_graph_set_unavailable (VimanaGraph *self,
                              const char  *reason)
{
    g_return_if_fail (VIMANA_IS_GRAPH (self));

    if (g_strcmp0 (self->unavailable, reason) == 0)
        return;
    g_free (self->unavailable);
    self->unavailable = g_strdup (reason);
    vimana_graph_invalidate_background (self);
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        vimana_graph_update_description (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNAVAILABLE]);
}

const char *
vimana_graph_get_unavailable (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), NULL);

    return self->unavailable;
}

/**
 * vimana_graph_set_max:
 * @self: a #VimanaGraph
 * @max: the value at the top of the value axis, e.g. 100 for percent or the guest's memory in
 *   bytes; 0 for a scale that fits the visible data
 */
void
vimana_graph_set_max (VimanaGraph *self,
                      double       max)
{
    g_return_if_fail (VIMANA_IS_GRAPH (self));
    g_return_if_fail (max >= 0);

    if (self->max == max)
        return;
    self->max = max;
    gtk_widget_queue_draw (GTK_WIDGET (self));
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX]);
}

double
vimana_graph_get_max (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), 0);

    return self->max;
}

VimanaGraphLook
vimana_graph_get_look (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), VIMANA_GRAPH_LOOK_FULL);

    return self->look;
}

VimanaGraphUnit
vimana_graph_get_unit (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), VIMANA_GRAPH_UNIT_PERCENT);

    return self->unit;
}

/**
 * vimana_graph_update:
 * @self: a #VimanaGraph
 *
 * New samples arrived: redraws if the graph is on screen, and refreshes its accessible
 * description. Cheap when it is not.
 */
void
vimana_graph_update (VimanaGraph *self)
{
    g_return_if_fail (VIMANA_IS_GRAPH (self));

    if (!gtk_widget_is_drawable (GTK_WIDGET (self)))
        return;
    gtk_widget_queue_draw (GTK_WIDGET (self));
    vimana_graph_update_description (self);
}

/**
 * vimana_graph_get_summary:
 * @self: a #VimanaGraph
 * @series: the series' index
 * @current: (out) (optional): the newest value, NAN when it is a gap
 *
 * Returns: the lowest, average and highest value over the visible window; NAN when none
 */
VimanaStatsSpan
vimana_graph_get_summary (VimanaGraph *self,
                          guint        series,
                          float       *current)
{
    VimanaStatsSpan none = { NAN, NAN, NAN };
    gint64 start_us;
    gint64 end_us;

    if (current != NULL)
        *current = NAN;
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), none);
    g_return_val_if_fail (series < self->n_series, none);

    if (current != NULL)
        *current = vimana_stats_ring_get_last (self->series[series].ring);
    if (!vimana_graph_get_window (self, &start_us, &end_us))
        return none;
    return vimana_stats_ring_summarize (self->series[series].ring, start_us, end_us);
}

/**
 * vimana_graph_get_series_color:
 * @self: a #VimanaGraph
 * @series: the series' index
 * @color: (out): the colour the series is drawn in, from the theme
 *
 * Returns: %FALSE when there is no such series
 */
gboolean
vimana_graph_get_series_color (VimanaGraph *self,
                               guint        series,
                               GdkRGBA     *color)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), FALSE);
    g_return_val_if_fail (color != NULL, FALSE);

    if (series >= self->n_series)
        return FALSE;
    if (self->small_font == NULL)
        vimana_graph_load_style (self);
    *color = self->series[series].color;
    return TRUE;
}

/**
 * vimana_graph_get_plot_area:
 * @self: a #VimanaGraph
 * @area: (out): where the data is drawn, in the widget's coordinates
 *
 * Returns: %FALSE when the graph has no size yet
 */
gboolean
vimana_graph_get_plot_area (VimanaGraph  *self,
                            GdkRectangle *area)
{
    VimanaGraphPlot plot;
    int width;
    int height;

    g_return_val_if_fail (VIMANA_IS_GRAPH (self), FALSE);
    g_return_val_if_fail (area != NULL, FALSE);

    width = gtk_widget_get_allocated_width (GTK_WIDGET (self));
    height = gtk_widget_get_allocated_height (GTK_WIDGET (self));
    if (width <= 1 || height <= 1)
        return FALSE;
    vimana_graph_layout (self, width, height, &plot);
    area->x = (int) ceil (plot.x);
    area->y = (int) ceil (plot.y);
    area->width = (int) floor (plot.x + plot.width) - area->x;
    area->height = (int) floor (plot.y + plot.height) - area->y;
    return TRUE;
}

/* Returns: how often the cached background was drawn; for tests and the benchmark */
guint
vimana_graph_get_background_builds (VimanaGraph *self)
{
    g_return_val_if_fail (VIMANA_IS_GRAPH (self), 0);

    return self->background_builds;
}

/**
 * vimana_graph_export_csv:
 * @self: a #VimanaGraph
 * @file: where to write
 * @error: return location for an error
 *
 * Writes the visible window of every series as CSV (see vimana_stats_csv_write()). On error
 * an existing @file is left as it was.
 *
 * Returns: %TRUE on success
 */
gboolean
vimana_graph_export_csv (VimanaGraph *self,
                         GFile       *file,
                         GError     **error)
{
    const VimanaStatsRing *rings[VIMANA_GRAPH_MAX_SERIES];
    const char *labels[VIMANA_GRAPH_MAX_SERIES];
    g_autoptr(GFileOutputStream) stream = NULL;
    gint64 start_us;
    gint64 end_us;

    g_return_val_if_fail (VIMANA_IS_GRAPH (self), FALSE);
    g_return_val_if_fail (G_IS_FILE (file), FALSE);
    g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

    for (guint i = 0; i < self->n_series; i++) {
        rings[i] = self->series[i].ring;
        labels[i] = self->series[i].label;
    }
    vimana_graph_get_window (self, &start_us, &end_us);

    stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
    if (stream == NULL)
        return FALSE;
    if (!vimana_stats_csv_write (G_OUTPUT_STREAM (stream), rings, labels, self->n_series,
                                 start_us, end_us, error)) {
        /* A cancelled close leaves the original file, if any, as it was. */
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();

        g_cancellable_cancel (cancellable);
        g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, NULL);
        return FALSE;
    }
    return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}
