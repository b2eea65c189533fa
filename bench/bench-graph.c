/* bench-graph.c: frame time of the graph widget, against the length of its history
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-graph [--frames N] [--history SAMPLES] [--range SECONDS]
 *
 * A full graph, 600×200 in an offscreen window, one series in a ring of 600, 3,600, 36,000
 * and 86,400 one-second samples. Each frame pushes one new sample, calls vimana_graph_update()
 * as the sampler's tick does, and draws the widget into an image surface with
 * gtk_widget_draw(): as in real use, only the data layer changes and the cached background is
 * painted as it is (the program checks that it was not rebuilt). Prints the median and 95th
 * percentile per history length, for the default ten-minute window and for the whole
 * history. A frame should be O(width): flat as the history grows.
 *
 * Needs an X display; run it as  Xvfb :99 & DISPLAY=:99 _build/bench/bench-graph
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vimana-graph.h"

#ifndef VIMANA_BUILDTYPE
#define VIMANA_BUILDTYPE "unknown"
#endif

#define BENCH_WIDTH  600
#define BENCH_HEIGHT 200
#define BENCH_WARMUP 20
#define SEC          ((gint64) G_USEC_PER_SEC)
#define T0           ((gint64) 1795679400 * SEC)

static int opt_frames = 1000;
static int opt_history = 0;
static int opt_range = -1;

static const GOptionEntry bench_options[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &opt_frames, "Frames per case (1000)", "N" },
    { "history", 0, 0, G_OPTION_ARG_INT, &opt_history, "Only this history length", "SAMPLES" },
    { "range", 0, 0, G_OPTION_ARG_INT, &opt_range, "Only this window (0: whole history)",
      "SECONDS" },
    { NULL },
};

typedef struct
{
    double median;
    double p95;
    double max;
    guint  rebuilds;
} BenchResult;

static char *
bench_cpu_model (void)
{
    g_autofree char *cpuinfo = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
        return g_strdup ("unknown");
    lines = g_strsplit (cpuinfo, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (g_str_has_prefix (lines[i], "model name")) {
            const char *colon = strchr (lines[i], ':');

            if (colon != NULL)
                return g_strstrip (g_strdup (colon + 1));
        }
    }
    return g_strdup ("unknown");
}

static double
bench_now_ms (void)
{
    struct timespec now;

    clock_gettime (CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

static int
bench_compare_doubles (const void *a,
                       const void *b)
{
    double x = *(const double *) a;
    double y = *(const double *) b;

    return (x > y) - (x < y);
}

static float
bench_value (gint64 i)
{
    /* A busy guest: a slow wave, a faster ripple and a spike now and then. */
    return (float) CLAMP (50 + 35 * sin (i / 300.0) + 8 * sin (i / 7.0) + (i % 97 == 0 ? 12 : 0),
                          0, 100);
}

static void
bench_settle (void)
{
    while (gtk_events_pending ())
        gtk_main_iteration ();
}

static BenchResult
bench_case (guint history,
            guint range)
{
    VimanaStatsRing *ring = vimana_stats_ring_new (1.0, history);
    GtkWidget *window = gtk_offscreen_window_new ();
    GtkWidget *graph = vimana_graph_new (VIMANA_GRAPH_LOOK_FULL, VIMANA_GRAPH_UNIT_PERCENT);
    g_autofree double *times = g_new (double, opt_frames);
    cairo_surface_t *surface;
    BenchResult result;
    guint builds = 0;
    gint64 i;

    for (i = 0; i < history; i++)
        vimana_stats_ring_push (ring, T0 + i * SEC, bench_value (i));

    vimana_graph_add_series (VIMANA_GRAPH (graph), NULL, ring, "CPU");
    vimana_graph_set_range (VIMANA_GRAPH (graph), range);
    /* A CPU graph's scale is fixed, as the details page sets it. */
    vimana_graph_set_max (VIMANA_GRAPH (graph), 100);
    gtk_widget_set_size_request (graph, BENCH_WIDTH, BENCH_HEIGHT);
    gtk_container_add (GTK_CONTAINER (window), graph);
    gtk_widget_show_all (window);
    bench_settle ();
    g_assert (gtk_widget_get_allocated_width (graph) == BENCH_WIDTH);

    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, BENCH_WIDTH, BENCH_HEIGHT);
    for (int f = -BENCH_WARMUP; f < opt_frames; f++) {
        cairo_t *cr;
        double start;

        if (f == 0)
            builds = vimana_graph_get_background_builds (VIMANA_GRAPH (graph));
        vimana_stats_ring_push (ring, T0 + i * SEC, bench_value (i));
        i++;
        vimana_graph_update (VIMANA_GRAPH (graph));

        start = bench_now_ms ();
        cr = cairo_create (surface);
        gtk_widget_draw (graph, cr);
        cairo_destroy (cr);
        cairo_surface_flush (surface);
        if (f >= 0)
            times[f] = bench_now_ms () - start;
    }
    result.rebuilds = vimana_graph_get_background_builds (VIMANA_GRAPH (graph)) - builds;

    qsort (times, opt_frames, sizeof (double), bench_compare_doubles);
    result.median = times[opt_frames / 2];
    result.p95 = times[MIN (opt_frames - 1, (int) ceil (opt_frames * 0.95) - 1)];
    result.max = times[opt_frames - 1];

    cairo_surface_destroy (surface);
    gtk_widget_destroy (window);
    bench_settle ();
    vimana_stats_ring_free (ring);
    return result;
}

int
main (int   argc,
      char *argv[])
{
    static const guint histories[] = { 600, 3600, 36000, 86400 };
    static const guint ranges[] = { 600, 0 };
    g_autoptr(GOptionContext) context = g_option_context_new ("— graph frame time");
    g_autoptr(GError) error = NULL;
    g_autofree char *cpu = NULL;
    g_autoptr(GString) json = g_string_new ("{\"bench\":\"graph\"");

    g_option_context_add_main_entries (context, bench_options, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    opt_frames = MAX (opt_frames, 1);
    if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0' ||
        !gtk_init_check (&argc, &argv)) {
        g_printerr ("bench-graph needs an X display: Xvfb :99 & DISPLAY=:99 %s\n", argv[0]);
        return 77;
    }
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

    cpu = bench_cpu_model ();
    g_print ("CPU: %s (%u threads)\n", cpu, g_get_num_processors ());
    g_print ("GTK %u.%u.%u, cairo %s, build type %s\n", gtk_get_major_version (),
             gtk_get_minor_version (), gtk_get_micro_version (), cairo_version_string (),
             VIMANA_BUILDTYPE);
    g_print ("Full graph %d×%d, one series, %d frames per case; ms per frame\n\n", BENCH_WIDTH,
             BENCH_HEIGHT, opt_frames);
    g_print ("%-10s %-16s %9s %9s %9s %10s\n", "samples", "window", "median", "p95", "max",
             "bg builds");

    g_string_append_printf (json, ",\"frames\":%d,\"cases\":[", opt_frames);
    for (guint r = 0; r < G_N_ELEMENTS (ranges); r++) {
        for (guint h = 0; h < G_N_ELEMENTS (histories); h++) {
            BenchResult result;
            g_autofree char *window = NULL;

            if ((opt_history > 0 && (guint) opt_history != histories[h]) ||
                (opt_range >= 0 && (guint) opt_range != ranges[r]))
                continue;
            result = bench_case (histories[h], ranges[r]);
            window = ranges[r] > 0 ? g_strdup_printf ("last %u s", ranges[r])
                                   : g_strdup ("whole history");

            g_print ("%-10u %-16s %9.3f %9.3f %9.3f %10u\n", histories[h], window, result.median,
                     result.p95, result.max, result.rebuilds);
            g_string_append_printf (json,
                                    "%s{\"samples\":%u,\"range\":%u,\"median_ms\":%.4f,"
                                    "\"p95_ms\":%.4f,\"background_rebuilds\":%u}",
                                    r + h > 0 ? "," : "", histories[h], ranges[r], result.median,
                                    result.p95, result.rebuilds);
        }
    }
    g_string_append (json, "]}");
    g_print ("\n%s\n", json->str);
    return 0;
}
