/* test-graph.c: the graph widget, drawn for real, in the light and the dark theme
 *
 * No timed assertions: frame times are bench/bench-graph's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "ui-test-util.h"
#include "vimana-graph.h"

#define SEC ((gint64) G_USEC_PER_SEC)
/* 2026-11-26T07:50:00Z */
#define T0 ((gint64) 1795679400 * SEC)
#define N_SAMPLES 3600

typedef struct
{
    VimanaStatsRing *guest;
    VimanaStatsRing *host;
    GtkWidget       *window;
    VimanaGraph     *graph;
} GraphFixture;

/* ---- the theme ---- */

/* GTK_THEME (which the test environment sets) wins over the settings: change both, then
 * nudge the settings so that GTK reloads the theme. */
static void
graph_set_theme (gboolean dark)
{
    GtkSettings *settings = gtk_settings_get_default ();

    g_setenv ("GTK_THEME", dark ? "Adwaita:dark" : "Adwaita", TRUE);
    g_object_set (settings, "gtk-theme-name", "Adwaita", "gtk-application-prefer-dark-theme", !dark,
                  NULL);
    g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
}

/* ---- pixels ---- */

typedef struct
{
    guint8 red;
    guint8 green;
    guint8 blue;
} Pixel;

static double
channel_luminance (double channel)
{
    return channel <= 0.03928 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

static double
luminance (double red,
           double green,
           double blue)
{
    return 0.2126 * channel_luminance (red) + 0.7152 * channel_luminance (green) +
           0.0722 * channel_luminance (blue);
}

static double
pixel_luminance (Pixel pixel)
{
    return luminance (pixel.red / 255.0, pixel.green / 255.0, pixel.blue / 255.0);
}

/* WCAG contrast ratio of a colour against a pixel. */
static double
contrast (const GdkRGBA *color,
          Pixel          pixel)
{
    double a = luminance (color->red, color->green, color->blue);
    double b = pixel_luminance (pixel);

    return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

static int
surface_scale (cairo_surface_t *surface)
{
    double x_scale;
    double y_scale;

    cairo_surface_get_device_scale (surface, &x_scale, &y_scale);
    return (int) x_scale;
}

/* The pixel at (@x, @y) in device pixels. */
static Pixel
device_pixel_at (cairo_surface_t *surface,
                 int              x,
                 int              y)
{
    const guint8 *data = cairo_image_surface_get_data (surface);
    guint32 value = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

    return (Pixel) { (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff };
}

/* The top-left device pixel of the pixel at (@x, @y). */
static Pixel
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
    int scale = surface_scale (surface);

    return device_pixel_at (surface, x * scale, y * scale);
}

static int
pixel_distance (Pixel a,
                Pixel b)
{
    return ABS (a.red - b.red) + ABS (a.green - b.green) + ABS (a.blue - b.blue);
}

static Pixel
pixel_from_rgba (const GdkRGBA *color)
{
    return (Pixel) { (guint8) (color->red * 255 + 0.5), (guint8) (color->green * 255 + 0.5),
                     (guint8) (color->blue * 255 + 0.5) };
}

/* Draws the whole window as it would be on screen, through the widgets' draw handlers, at
 * the window's scale factor. */
static cairo_surface_t *
render_window (GtkWidget *window)
{
    int width = gtk_widget_get_allocated_width (window);
    int height = gtk_widget_get_allocated_height (window);
    int scale = gtk_widget_get_scale_factor (window);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width * scale,
                                                           height * scale);
    cairo_t *cr;

    cairo_surface_set_device_scale (surface, scale, scale);
    cr = cairo_create (surface);

    gtk_widget_draw (window, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    return surface;
}

/* The plot area in the window's coordinates. */
static GdkRectangle
plot_in_window (GraphFixture *fixture)
{
    GdkRectangle plot;
    int x;
    int y;

    g_assert_true (vimana_graph_get_plot_area (fixture->graph, &plot));
    g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fixture->graph), fixture->window,
                                                     0, 0, &x, &y));
    plot.x += x;
    plot.y += y;
    return plot;
}

/* Counts the device pixels in @area farther than @threshold from @reference (or, when @near,
 * nearer). */
static guint
count_pixels (cairo_surface_t    *surface,
              const GdkRectangle *area,
              Pixel               reference,
              int                 threshold,
              gboolean            near)
{
    int scale = surface_scale (surface);
    guint count = 0;

    for (int y = area->y * scale; y < (area->y + area->height) * scale; y++) {
        for (int x = area->x * scale; x < (area->x + area->width) * scale; x++) {
            int distance = pixel_distance (device_pixel_at (surface, x, y), reference);

            if (near ? distance <= threshold : distance > threshold)
                count++;
        }
    }
    return count;
}

/* ---- the fixture ---- */

static float
guest_cpu_at (int i)
{
    return (float) CLAMP (45 + 30 * sin (i / 90.0) + 10 * sin (i / 7.0), 0, 100);
}

static void
graph_fixture_set_up (GraphFixture  *fixture,
                      gconstpointer  data)
{
    gboolean dark = GPOINTER_TO_INT (data);

    graph_set_theme (dark);
    fixture->guest = vimana_stats_ring_new (1.0, N_SAMPLES);
    fixture->host = vimana_stats_ring_new (1.0, N_SAMPLES);
    for (int i = 0; i < N_SAMPLES; i++) {
        vimana_stats_ring_push (fixture->guest, T0 + i * SEC, guest_cpu_at (i));
        vimana_stats_ring_push (fixture->host, T0 + i * SEC,
                                (float) (20 + 8 * cos (i / 300.0)));
    }

    fixture->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 200);
    fixture->graph = VIMANA_GRAPH (vimana_graph_new (VIMANA_GRAPH_LOOK_FULL,
                                                     VIMANA_GRAPH_UNIT_PERCENT));
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (fixture->graph)), "CPU usage");
    vimana_graph_set_max (fixture->graph, 100);
    g_assert_cmpuint (vimana_graph_add_series (fixture->graph, NULL, fixture->guest, "Guest"), ==,
                      0);
    g_assert_cmpuint (vimana_graph_add_series (fixture->graph, NULL, fixture->host, "Host"), ==, 1);
    gtk_container_add (GTK_CONTAINER (fixture->window), GTK_WIDGET (fixture->graph));
    gtk_widget_show_all (fixture->window);
    ui_test_wait_drawn (fixture->window);
}

static void
graph_fixture_tear_down (GraphFixture  *fixture,
                         gconstpointer  data)
{
    gtk_widget_destroy (fixture->window);
    vimana_stats_ring_free (fixture->guest);
    vimana_stats_ring_free (fixture->host);
    graph_set_theme (FALSE);
}

static void
graph_hover (GraphFixture *fixture,
             double        fraction)
{
    GdkRectangle plot;
    GdkEvent *event = gdk_event_new (GDK_MOTION_NOTIFY);

    g_assert_true (vimana_graph_get_plot_area (fixture->graph, &plot));
    event->motion.window = g_object_ref (gtk_widget_get_window (GTK_WIDGET (fixture->graph)));
    event->motion.x = plot.x + plot.width * fraction;
    event->motion.y = plot.y + plot.height / 2.0;
    gdk_event_set_device (event, gdk_seat_get_pointer (gdk_display_get_default_seat (
                                                           gdk_display_get_default ())));
    gtk_widget_event (GTK_WIDGET (fixture->graph), event);
    gdk_event_free (event);
}

/* ---- tests ---- */

static void
test_graph_draws (GraphFixture  *fixture,
                  gconstpointer  data)
{
    gboolean dark = GPOINTER_TO_INT (data);
    cairo_surface_t *surface = render_window (fixture->window);
    GdkRectangle plot = plot_in_window (fixture);
    /* Just inside the top-left corner: nothing but the plot's own background there. */
    Pixel background = pixel_at (surface, plot.x + 3, plot.y + 3);
    guint differing = count_pixels (surface, &plot, background, 24, FALSE);
    GdkRGBA colors[2];

    g_test_message ("plot %d×%d at %d,%d; background #%02x%02x%02x; %u pixels differ",
                    plot.width, plot.height, plot.x, plot.y, background.red, background.green,
                    background.blue, differing);
    g_assert_cmpint (plot.width, >, 400);
    g_assert_cmpint (plot.height, >, 100);

    /* The theme is the one asked for. */
    if (dark)
        g_assert_cmpfloat (pixel_luminance (background), <, 0.1);
    else
        g_assert_cmpfloat (pixel_luminance (background), >, 0.7);

    /* The data covers a good part of the plot. */
    g_assert_cmpuint (differing, >, (guint) (plot.width * plot.height) / 10);

    for (guint i = 0; i < 2; i++) {
        guint on_line;

        g_assert_true (vimana_graph_get_series_color (fixture->graph, i, &colors[i]));
        g_test_message ("series %u: contrast %.2f", i, contrast (&colors[i], background));
        /* Thin lines need a clear contrast with what is behind them: WCAG's 3:1 for graphics. */
        g_assert_cmpfloat (contrast (&colors[i], background), >=, 3.0);
        /* Each series' line is drawn in its colour across the plot. */
        on_line = count_pixels (surface, &plot, pixel_from_rgba (&colors[i]), 40, TRUE);
        g_test_message ("series %u: %u pixels in its colour", i, on_line);
        g_assert_cmpuint (on_line, >, (guint) plot.width / 2);
    }
    g_assert_false (gdk_rgba_equal (&colors[0], &colors[1]));
    cairo_surface_destroy (surface);

    if (dark)
        graph_hover (fixture, 0.6);
    ui_test_screenshot (fixture->window, dark ? "graph-dark" : "graph-light");
}

static void
test_graph_gaps (GraphFixture  *fixture,
                 gconstpointer  data)
{
    cairo_surface_t *surface;
    GdkRectangle plot;
    GdkRectangle gap;
    GdkRectangle strip;
    GdkRGBA color;
    Pixel background;

    /* Thirty seconds without samples, then sampling again for thirty. */
    for (int i = N_SAMPLES + 30; i < N_SAMPLES + 60; i++) {
        vimana_stats_ring_push (fixture->guest, T0 + i * SEC, 50);
        vimana_stats_ring_push (fixture->host, T0 + i * SEC, 20);
    }
    vimana_graph_set_range (fixture->graph, 120);
    vimana_graph_update (fixture->graph);
    ui_test_wait_drawn (fixture->window);

    surface = render_window (fixture->window);
    plot = plot_in_window (fixture);
    background = pixel_at (surface, plot.x + 3, plot.y + 3);
    g_assert_true (vimana_graph_get_series_color (fixture->graph, 0, &color));
    /* The gap is the middle of the last minute: [−50 s, −40 s] holds no line and no area. */
    gap = (GdkRectangle) { plot.x + plot.width * 70 / 120 + 2, plot.y + 2, plot.width * 10 / 120 - 4,
                           plot.height - 4 };
    g_assert_cmpuint (count_pixels (surface, &gap, pixel_from_rgba (&color), 60, TRUE), ==, 0);
    /* Down the middle of the gap, only the three horizontal grid lines. */
    strip = (GdkRectangle) { gap.x + gap.width / 2, plot.y + 2, 1, plot.height - 4 };
    g_assert_cmpuint (count_pixels (surface, &strip, background, 24, FALSE), <=,
                      3 * surface_scale (surface) * surface_scale (surface));
    cairo_surface_destroy (surface);
    ui_test_screenshot (fixture->window, "graph-gap");
}

static void
test_graph_zoomed_out (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, N_SAMPLES);
    GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    GtkWidget *graph = vimana_graph_new (VIMANA_GRAPH_LOOK_FULL, VIMANA_GRAPH_UNIT_PERCENT);
    GraphFixture fixture = { ring, NULL, window, VIMANA_GRAPH (graph) };
    cairo_surface_t *surface;
    GdkRectangle plot;
    GdkRectangle top;
    Pixel background;
    int spike_x;

    graph_set_theme (FALSE);
    /* An hour at 10 %, with a one-second spike 40 minutes ago, long since consolidated. */
    for (int i = 0; i < N_SAMPLES; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, i == 1200 ? 100.0f : 10.0f);
    vimana_graph_add_series (VIMANA_GRAPH (graph), NULL, ring, "CPU");
    vimana_graph_set_range (VIMANA_GRAPH (graph), 0);
    vimana_graph_set_max (VIMANA_GRAPH (graph), 100);
    gtk_window_set_default_size (GTK_WINDOW (window), 600, 200);
    gtk_container_add (GTK_CONTAINER (window), graph);
    gtk_widget_show_all (window);
    ui_test_wait_drawn (window);

    surface = render_window (window);
    plot = plot_in_window (&fixture);
    background = pixel_at (surface, plot.x + 3, plot.y + 3);
    spike_x = plot.x + plot.width * 1200 / (N_SAMPLES - 1);
    /* The top tenth of the plot holds the spike's band, and nothing else. */
    top = (GdkRectangle) { spike_x - 4, plot.y + 2, 9, plot.height / 10 };
    g_assert_cmpuint (count_pixels (surface, &top, background, 90, FALSE), >, 0);
    top = (GdkRectangle) { plot.x + 2, plot.y + 2, spike_x - 10 - plot.x, plot.height / 10 };
    g_assert_cmpuint (count_pixels (surface, &top, background, 90, FALSE), ==, 0);
    cairo_surface_destroy (surface);
    ui_test_screenshot (window, "graph-hour");

    gtk_widget_destroy (window);
    vimana_stats_ring_free (ring);
}

static void
test_graph_unavailable (GraphFixture  *fixture,
                        gconstpointer  data)
{
    AtkObject *accessible = gtk_widget_get_accessible (GTK_WIDGET (fixture->graph));
    cairo_surface_t *surface;
    GdkRectangle plot;
    GdkRectangle middle;
    GdkRGBA color;
    Pixel background;
    guint text;

    vimana_graph_set_unavailable (fixture->graph, "not supported by the test driver");
    g_assert_cmpstr (vimana_graph_get_unavailable (fixture->graph), ==,
                     "not supported by the test driver");
    ui_test_wait_drawn (fixture->window);

    surface = render_window (fixture->window);
    plot = plot_in_window (fixture);
    background = pixel_at (surface, plot.x + 3, plot.y + 3);
    middle = (GdkRectangle) { plot.x, plot.y + plot.height / 2 - 10, plot.width, 20 };
    text = count_pixels (surface, &middle, background, 60, FALSE);
    g_test_message ("%u pixels of text", text);
    g_assert_cmpuint (text, >, 100);
    /* No data behind the message. */
    g_assert_true (vimana_graph_get_series_color (fixture->graph, 0, &color));
    g_assert_cmpuint (count_pixels (surface, &plot, pixel_from_rgba (&color), 40, TRUE), ==, 0);
    cairo_surface_destroy (surface);
    g_assert_cmpstr (atk_object_get_description (accessible), ==,
                     "Unavailable: not supported by the test driver");
    ui_test_screenshot (fixture->window, "graph-unavailable");

    vimana_graph_set_unavailable (fixture->graph, NULL);
    vimana_graph_update (fixture->graph);
    g_assert_true (g_str_has_prefix (atk_object_get_description (accessible), "Guest: "));
}

static void
test_graph_background_cached (GraphFixture  *fixture,
                              gconstpointer  data)
{
    guint builds = vimana_graph_get_background_builds (fixture->graph);

    g_assert_cmpuint (builds, >=, 1);
    /* New samples: only the data layer is drawn again. */
    for (int i = N_SAMPLES; i < N_SAMPLES + 5; i++) {
        vimana_stats_ring_push (fixture->guest, T0 + i * SEC, guest_cpu_at (i));
        vimana_stats_ring_push (fixture->host, T0 + i * SEC, 20);
        vimana_graph_update (fixture->graph);
        ui_test_wait_drawn (fixture->window);
    }
    g_assert_cmpuint (vimana_graph_get_background_builds (fixture->graph), ==, builds);

    /* A new size or a new scale: the background follows. */
    gtk_window_resize (GTK_WINDOW (fixture->window), 500, 240);
    ui_test_wait_drawn (fixture->window);
    ui_test_wait_drawn (fixture->window);
    g_assert_cmpint (gtk_widget_get_allocated_width (GTK_WIDGET (fixture->graph)), ==, 500);
    g_assert_cmpuint (vimana_graph_get_background_builds (fixture->graph), >, builds);
    builds = vimana_graph_get_background_builds (fixture->graph);
    vimana_graph_set_max (fixture->graph, 50);
    ui_test_wait_drawn (fixture->window);
    g_assert_cmpuint (vimana_graph_get_background_builds (fixture->graph), ==, builds + 1);
}

/* The accessible's attributes say when the newest sample was taken, so that a reader can
 * tell a graph that moves from one that stopped (a steady value reads the same). */
static const char *
attribute (AtkAttributeSet *set,
           const char      *name)
{
    for (GSList *l = set; l != NULL; l = l->next) {
        AtkAttribute *attribute = l->data;

        if (g_strcmp0 (attribute->name, name) == 0)
            return attribute->value;
    }
    return NULL;
}

static void
test_graph_accessible_newest_sample (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 600);
    GtkWidget *graph = g_object_ref_sink (vimana_graph_new (VIMANA_GRAPH_LOOK_FULL,
                                                            VIMANA_GRAPH_UNIT_PERCENT));
    AtkObject *accessible = gtk_widget_get_accessible (graph);
    AtkAttributeSet *set;

    vimana_graph_add_series (VIMANA_GRAPH (graph), NULL, ring, "CPU");
    set = atk_object_get_attributes (accessible);
    g_assert_cmpstr (attribute (set, "samples"), ==, "no");
    g_assert_null (attribute (set, "newest-sample"));
    atk_attribute_set_free (set);

    vimana_stats_ring_push (ring, T0, 8.0f);
    set = atk_object_get_attributes (accessible);
    g_assert_cmpstr (attribute (set, "samples"), ==, "yes");
    g_assert_cmpstr (attribute (set, "newest-sample"), ==, "1795679400.000");
    atk_attribute_set_free (set);

    /* Same value, a second later: the description may not change, the attribute does. */
    vimana_stats_ring_push (ring, T0 + 2 * SEC, 8.0f);
    set = atk_object_get_attributes (accessible);
    g_assert_cmpstr (attribute (set, "newest-sample"), ==, "1795679402.000");
    g_assert_cmpstr (attribute (set, "oldest-sample"), ==, "1795679400.000");
    atk_attribute_set_free (set);

    g_object_unref (graph);
    vimana_stats_ring_free (ring);
}

static void
test_graph_description (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 3600);
    GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    GtkWidget *graph = vimana_graph_new (VIMANA_GRAPH_LOOK_FULL, VIMANA_GRAPH_UNIT_PERCENT);
    AtkObject *accessible = gtk_widget_get_accessible (graph);
    VimanaStatsSpan span;
    float current;

    /* A minute of 8 % with a 40 % spike, ending at 12 %. */
    for (int i = 0; i < 300; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, i == 270 ? 40.0f : i == 299 ? 12.0f : 8.0f);
    atk_object_set_name (accessible, "CPU usage");
    g_assert_cmpint (atk_object_get_role (accessible), ==, ATK_ROLE_CHART);
    vimana_graph_add_series (VIMANA_GRAPH (graph), NULL, ring, "CPU");
    vimana_graph_set_range (VIMANA_GRAPH (graph), 60);
    gtk_container_add (GTK_CONTAINER (window), graph);
    gtk_widget_show_all (window);
    ui_test_wait_drawn (window);

    vimana_graph_update (VIMANA_GRAPH (graph));
    g_assert_cmpstr (atk_object_get_description (accessible), ==,
                     "CPU usage: 12 %, average 8.6 %, peak 40 % over the last 1 minute");

    span = vimana_graph_get_summary (VIMANA_GRAPH (graph), 0, &current);
    g_assert_cmpfloat (current, ==, 12.0f);
    g_assert_cmpfloat (span.min, ==, 8.0f);
    g_assert_cmpfloat (span.max, ==, 40.0f);
    g_assert_cmpfloat_with_epsilon (span.avg, 524.0f / 61, 0.001);

    gtk_widget_destroy (window);
    vimana_stats_ring_free (ring);
}

static void
test_graph_export_csv (GraphFixture  *fixture,
                       gconstpointer  data)
{
    GActionGroup *actions = gtk_widget_get_action_group (GTK_WIDGET (fixture->graph), "graph");
    g_autoptr(GFileIOStream) stream = NULL;
    g_autoptr(GFile) file = g_file_new_tmp ("vimana-graph-XXXXXX.csv", &stream, NULL);
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent-vimana-dir/graph.csv");
    g_autoptr(GError) error = NULL;
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    g_assert_nonnull (file);
    g_assert_true (g_action_group_get_action_enabled (actions, "export-csv"));

    /* The visible window, both ends included: 61 seconds. */
    vimana_graph_set_range (fixture->graph, 60);
    g_assert_true (vimana_graph_export_csv (fixture->graph, file, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL));
    lines = g_strsplit (contents, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 61 + 1);
    g_assert_cmpstr (lines[0], ==, "time,Guest,Host");
    g_assert_true (g_str_has_prefix (lines[1], "2026-11-26T08:48:59Z,"));
    g_assert_true (g_str_has_prefix (lines[61], "2026-11-26T08:49:59Z,"));
    g_assert_cmpstr (lines[62], ==, "");
    g_file_delete (file, NULL, NULL);

    g_assert_false (vimana_graph_export_csv (fixture->graph, nowhere, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

    vimana_graph_clear_series (fixture->graph);
    g_assert_false (g_action_group_get_action_enabled (actions, "export-csv"));
}

static void
graph_error_cb (VimanaGraph  *graph,
                const GError *error,
                gpointer      user_data)
{
    *(GError **) user_data = g_error_copy (error);
}

/* Delivers a key press to @widget's toplevel as the main loop would, so that GTK's key
 * bindings see it as the current event. (gtk_test_widget_send_key() leaks.) */
static void
graph_press_key (GtkWidget       *widget,
                 guint            keyval,
                 GdkModifierType  state)
{
    GdkDisplay *display = gtk_widget_get_display (widget);
    GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
    GdkKeymapKey *keys = NULL;
    int n_keys = 0;

    event->key.window = g_object_ref (gtk_widget_get_window (gtk_widget_get_toplevel (widget)));
    event->key.send_event = TRUE;
    event->key.time = GDK_CURRENT_TIME;
    event->key.keyval = keyval;
    event->key.state = state;
    if (gdk_keymap_get_entries_for_keyval (gdk_keymap_get_for_display (display), keyval, &keys,
                                           &n_keys) && n_keys > 0)
        event->key.hardware_keycode = (guint16) keys[0].keycode;
    g_free (keys);
    gdk_event_set_device (event, gdk_seat_get_keyboard (gdk_display_get_default_seat (display)));
    gtk_main_do_event (event);
    gdk_event_free (event);
}

static gboolean
graph_menu_shown (gpointer data)
{
    GList *menus = gtk_menu_get_for_attach_widget (data);

    return menus != NULL && gtk_widget_get_mapped (menus->data);
}

static gboolean
graph_chooser_shown (gpointer data)
{
    return ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
graph_chooser_gone (gpointer data)
{
    return ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL;
}

/* Checks what the export's file chooser offers, then cancels it, as a user would. */
static void
graph_cancel_chooser (void)
{
    g_autofree char *suggested = NULL;
    GtkWidget *dialog;
    GtkWidget *cancel;

    ui_test_wait (graph_chooser_shown, NULL, "the file chooser");
    dialog = ui_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
    suggested = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
    g_assert_cmpstr (suggested, ==, "CPU usage.csv");
    g_assert_true (gtk_file_chooser_get_do_overwrite_confirmation (GTK_FILE_CHOOSER (dialog)));
    cancel = ui_test_find_by_name (dialog, "Cancel", GTK_TYPE_BUTTON);
    g_assert_nonnull (cancel);
    /* Let the chooser finish loading its folder first: GTK's file chooser does not cancel
     * all of that when it is destroyed. */
    ui_test_wait_drawn (dialog);
    gtk_button_clicked (GTK_BUTTON (cancel));
    ui_test_wait (graph_chooser_gone, NULL, "the file chooser to close");
    ui_test_flush ();
}

static void
test_graph_context_menu (GraphFixture  *fixture,
                         gconstpointer  data)
{
    GtkWidget *graph = GTK_WIDGET (fixture->graph);
    GError *error = NULL;
    GList *menus;
    GList *items;

    /* Shift+F10 (or the Menu key) on the focused graph: the menu offers the export. */
    gtk_widget_grab_focus (graph);
    g_assert_true (gtk_widget_is_focus (graph));
    graph_press_key (graph, GDK_KEY_F10, GDK_SHIFT_MASK);
    ui_test_wait (graph_menu_shown, graph, "the context menu");
    menus = gtk_menu_get_for_attach_widget (graph);
    items = gtk_container_get_children (GTK_CONTAINER (menus->data));
    g_assert_cmpuint (g_list_length (items), ==, 1);
    g_assert_cmpstr (gtk_menu_item_get_label (items->data), ==, "Export as CSV…");

    /* The item opens a file chooser that answers through its response signal: the main
     * loop runs meanwhile, and cancelling writes nothing and reports nothing. */
    g_signal_connect (graph, "error", G_CALLBACK (graph_error_cb), &error);
    gtk_menu_item_activate (items->data);
    gtk_menu_popdown (GTK_MENU (menus->data));
    g_list_free (items);
    graph_cancel_chooser ();
    g_assert_null (error);

    /* Again from the action: a fresh chooser. */
    g_action_group_activate_action (gtk_widget_get_action_group (graph, "graph"), "export-csv",
                                    NULL);
    graph_cancel_chooser ();
    g_assert_null (error);
}

static void
test_graph_sparkline (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 600);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 120, 24);
    cairo_t *cr = cairo_create (surface);
    GdkRGBA color = { 0.2, 0.5, 0.9, 1.0 };
    GdkRectangle all = { 0, 0, 120, 24 };
    GdkRectangle left = { 0, 0, 55, 24 };

    /* Only the last minute of a two-minute sparkline has data: the left half stays empty. */
    for (int i = 0; i < 60; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, (float) (i % 10));
    vimana_graph_draw_sparkline (cr, ring, 120, 24, T0 + 59 * SEC, 120, &color, 0);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    g_assert_cmpuint (count_pixels (surface, &all, (Pixel) { 0, 0, 0 }, 0, FALSE), >, 60);
    g_assert_cmpuint (count_pixels (surface, &left, (Pixel) { 0, 0, 0 }, 0, FALSE), ==, 0);
    cairo_surface_destroy (surface);
    vimana_stats_ring_free (ring);
}

/* Pixels of @surface painted at all. */
static guint
sparkline_painted (VimanaStatsRing *ring,
                   gint64           end_us)
{
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 56, 19);
    cairo_t *cr = cairo_create (surface);
    GdkRGBA color = { 0.2, 0.5, 0.9, 1.0 };
    GdkRectangle all = { 0, 0, 56, 19 };
    guint n;

    vimana_graph_draw_sparkline (cr, ring, 56, 19, end_us, 60, &color, 100);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    n = count_pixels (surface, &all, (Pixel) { 0, 0, 0 }, 0, FALSE);
    cairo_surface_destroy (surface);
    return n;
}

static void
test_graph_sparkline_signature (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 600);
    VimanaStatsRing *late = vimana_stats_ring_new (1.0, 600);
    guint before, after, full;

    /* An idle guest: 0.2–0.9 % on a 0–100 % line 19 pixels high, a fraction of a pixel
     * above the bottom: a second later the picture is the same, so is its number. */
    for (int i = 0; i < 120; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, 0.2f + 0.7f * (float) ((i * 7) % 10) / 10);
    before = vimana_graph_sparkline_signature (ring, 56, 19, 1, T0 + 119 * SEC, 60, 100);
    vimana_stats_ring_push (ring, T0 + 120 * SEC, 0.9f);
    after = vimana_graph_sparkline_signature (ring, 56, 19, 1, T0 + 120 * SEC, 60, 100);
    g_assert_cmpuint (before, ==, after);
    g_assert_cmpuint (before, !=, 0);
    /* A guest that gets busy changes the picture, and the number. */
    vimana_stats_ring_push (ring, T0 + 121 * SEC, 60.0f);
    g_assert_cmpuint (vimana_graph_sparkline_signature (ring, 56, 19, 1, T0 + 121 * SEC, 60, 100),
                      !=, after);
    /* At scale 2 the line has twice the device columns: another number. */
    g_assert_cmpuint (vimana_graph_sparkline_signature (ring, 56, 19, 2, T0 + 121 * SEC, 60, 100),
                      !=, vimana_graph_sparkline_signature (ring, 56, 19, 1, T0 + 121 * SEC, 60,
                                                            100));

    /* A tick 1.2 s late leaves one of the 56 columns (60 s) without a sample: the line goes
     * through it, as full as a line whose ticks all came on time; two missed ticks are a gap. */
    for (int i = 0; i < 60; i++)
        vimana_stats_ring_push (late, T0 + i * SEC + (i >= 30 ? SEC / 5 : 0), 50.0f);
    full = sparkline_painted (late, T0 + 59 * SEC + SEC / 5);
    vimana_stats_ring_clear (late);
    for (int i = 0; i < 60; i++)
        vimana_stats_ring_push (late, T0 + i * SEC, 50.0f);
    g_assert_cmpuint (full, >=, sparkline_painted (late, T0 + 59 * SEC) - 19);
    vimana_stats_ring_clear (late);
    for (int i = 0; i < 60; i++) {
        if (i < 29 || i > 32)
            vimana_stats_ring_push (late, T0 + i * SEC, 50.0f);
    }
    g_assert_cmpuint (sparkline_painted (late, T0 + 59 * SEC), <, full - 19);

    vimana_stats_ring_free (late);
    vimana_stats_ring_free (ring);
}

static void
test_graph_sparkline_look (void)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, 600);
    GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *graph = vimana_graph_new (VIMANA_GRAPH_LOOK_SPARKLINE, VIMANA_GRAPH_UNIT_PERCENT);
    GtkWidget *unavailable = vimana_graph_new (VIMANA_GRAPH_LOOK_SPARKLINE,
                                               VIMANA_GRAPH_UNIT_BYTES_PER_SECOND);
    cairo_surface_t *surface;
    GdkRectangle area;
    int x;
    int y;

    graph_set_theme (FALSE);
    for (int i = 0; i < 600; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, guest_cpu_at (i));
    vimana_graph_add_series (VIMANA_GRAPH (graph), NULL, ring, "CPU");
    vimana_graph_set_max (VIMANA_GRAPH (graph), 100);
    vimana_graph_add_series (VIMANA_GRAPH (unavailable), NULL, ring, "Disk");
    vimana_graph_set_unavailable (VIMANA_GRAPH (unavailable), "no disks");
    g_assert_false (gtk_widget_get_can_focus (graph));
    gtk_widget_set_size_request (graph, 160, 32);
    gtk_widget_set_size_request (unavailable, 160, 24);
    gtk_container_set_border_width (GTK_CONTAINER (box), 6);
    gtk_container_add (GTK_CONTAINER (box), graph);
    gtk_container_add (GTK_CONTAINER (box), unavailable);
    gtk_container_add (GTK_CONTAINER (window), box);
    gtk_widget_show_all (window);
    ui_test_wait_drawn (window);

    surface = render_window (window);
    g_assert_true (gtk_widget_translate_coordinates (graph, window, 0, 0, &x, &y));
    area = (GdkRectangle) { x, y, 160, 32 };
    g_assert_cmpuint (count_pixels (surface, &area, pixel_at (surface, 1, 1), 24, FALSE), >, 300);
    g_assert_true (gtk_widget_translate_coordinates (unavailable, window, 0, 0, &x, &y));
    area = (GdkRectangle) { x, y, 160, 24 };
    g_assert_cmpuint (count_pixels (surface, &area, pixel_at (surface, 1, 1), 60, FALSE), >, 30);
    cairo_surface_destroy (surface);
    ui_test_screenshot (window, "graph-sparkline");

    gtk_widget_destroy (window);
    vimana_stats_ring_free (ring);
}

static void
test_graph_format_value (void)
{
    static const struct
    {
        VimanaGraphUnit unit;
        double          value;
        const char     *text;
    } cases[] = {
        { VIMANA_GRAPH_UNIT_PERCENT, 12.0, "12 %" },
        { VIMANA_GRAPH_UNIT_PERCENT, 3.0, "3 %" },
        { VIMANA_GRAPH_UNIT_PERCENT, 3.44, "3.4 %" },
        { VIMANA_GRAPH_UNIT_PERCENT, 99.7, "100 %" },
        { VIMANA_GRAPH_UNIT_BYTES, 512.0 * 1024 * 1024, "512 MiB" },
        { VIMANA_GRAPH_UNIT_BYTES, 1.5 * 1024 * 1024 * 1024, "1.5 GiB" },
        { VIMANA_GRAPH_UNIT_BYTES, 100, "100 B" },
        { VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, 3.4 * 1024, "3.4 KiB/s" },
        { VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, 12.0 * 1024 * 1024, "12 MiB/s" },
        { VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, 9.97 * 1024 * 1024, "10 MiB/s" },
        { VIMANA_GRAPH_UNIT_BYTES_PER_SECOND, 0, "0 B/s" },
        { VIMANA_GRAPH_UNIT_PERCENT, NAN, "—" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *text = vimana_graph_format_value (cases[i].unit, cases[i].value);

        g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add ("/graph/draws/light", GraphFixture, GINT_TO_POINTER (FALSE), graph_fixture_set_up,
                test_graph_draws, graph_fixture_tear_down);
    g_test_add ("/graph/draws/dark", GraphFixture, GINT_TO_POINTER (TRUE), graph_fixture_set_up,
                test_graph_draws, graph_fixture_tear_down);
    g_test_add ("/graph/gaps", GraphFixture, GINT_TO_POINTER (FALSE), graph_fixture_set_up,
                test_graph_gaps, graph_fixture_tear_down);
    g_test_add ("/graph/unavailable", GraphFixture, GINT_TO_POINTER (FALSE), graph_fixture_set_up,
                test_graph_unavailable, graph_fixture_tear_down);
    g_test_add ("/graph/background-cached", GraphFixture, GINT_TO_POINTER (FALSE),
                graph_fixture_set_up, test_graph_background_cached, graph_fixture_tear_down);
    g_test_add ("/graph/context-menu", GraphFixture, GINT_TO_POINTER (FALSE), graph_fixture_set_up,
                test_graph_context_menu, graph_fixture_tear_down);
    g_test_add ("/graph/export-csv", GraphFixture, GINT_TO_POINTER (FALSE), graph_fixture_set_up,
                test_graph_export_csv, graph_fixture_tear_down);
    g_test_add_func ("/graph/zoomed-out", test_graph_zoomed_out);
    g_test_add_func ("/graph/description", test_graph_description);
    g_test_add_func ("/graph/accessible-newest-sample", test_graph_accessible_newest_sample);
    g_test_add_func ("/graph/sparkline", test_graph_sparkline);
    g_test_add_func ("/graph/sparkline-signature", test_graph_sparkline_signature);
    g_test_add_func ("/graph/sparkline-look", test_graph_sparkline_look);
    g_test_add_func ("/graph/format-value", test_graph_format_value);

    return g_test_run ();
}
