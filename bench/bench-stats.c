/* bench-stats.c: the steady cost of live statistics at 1,000 guests
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-stats [--domains N] [--runs R] [--warmup-seconds W] [--seconds S] [--modes LIST]
 *               [--keep]
 *
 * The parent writes a test-driver node file with N guests (build-aux/gen-node.py) and runs R
 * fresh child processes of itself per mode. Each child runs the real VimanaApplication with
 * --connect test:///NODE and default settings (GSETTINGS_BACKEND=memory: statistics every
 * second, all four statistics columns of the list, slow-when-hidden on), waits until the
 * list is drawn with all N guests, lets W seconds of warm-up pass and then measures over S
 * seconds:
 *
 *   cpu          CPU of the whole process, % of one core (getrusage, every thread);
 *   main/worker  the same split by thread from /proc/self/task/TID/stat: the main thread
 *                (applies the tick, redraws) and the connection's worker ("vimana:…", reads
 *                the counters through libvirt; with the test driver, libvirt runs in-process);
 *   per tick     main-thread CPU and worker CPU per sampler tick (the tick signal cannot be
 *                timed from outside; CPU over the window / ticks is);
 *   memory       VmRSS and VmHWM at the end of the window;
 *   history      vimana_domain_stats_get_size() of a running guest (bytes of history, the
 *                rings being allocated whole at creation) and the sum over all guests.
 *
 * Modes:
 *   shown        the main window shown, the list at the top;
 *   minimised    gtk_window_iconify(): with slow-when-hidden the sampler slows ×5. Without a
 *                window manager (plain Xvfb) iconify does nothing; the child then hides the
 *                window instead and says so (the application treats both as "not watched");
 *   scrolled     the list scrolled to its middle (only the rows on screen are drawn).
 *
 * It prints the machine, per mode the median, min and max over the runs, then one JSON line.
 *
 * Needs an X display; run it as  Xvfb :99 & DISPLAY=:99 _build/bench/bench-stats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <libvirt-glib/libvirt-glib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vimana-application.h"
#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-domain-tree.h"
#include "vimana-domain-view.h"
#include "vimana-domain.h"
#include "vimana-stats-sampler.h"
#include "vimana-window.h"

#ifndef VIMANA_SOURCE_ROOT
#error "VIMANA_SOURCE_ROOT must be defined by the build"
#endif
#ifndef VIMANA_SCHEMAS_DIR
#error "VIMANA_SCHEMAS_DIR must be defined by the build"
#endif
#ifndef VIMANA_BUILDTYPE
#define VIMANA_BUILDTYPE "unknown"
#endif

#define BENCH_GUARD_SECONDS 120

/* Targets (the issue), and what virt-manager measured on the same kind of setup. */
#define BENCH_TARGET_CPU_PERCENT 1.5
#define BENCH_TARGET_RSS_MIB     90.0

/* ---- options ---- */

static int opt_domains = 1000;
static int opt_runs = 3;
static int opt_warmup = 10;
static int opt_seconds = 30;
static char *opt_modes = NULL;
static gboolean opt_keep = FALSE;
static gboolean opt_child = FALSE;
static char *opt_mode = NULL;
static char *opt_node = NULL;

static const GOptionEntry bench_options[] = {
    { "domains", 'n', 0, G_OPTION_ARG_INT, &opt_domains, "Guests in the node file (1000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs, "Fresh child processes per mode (3)", "R" },
    { "warmup-seconds", 'w', 0, G_OPTION_ARG_INT, &opt_warmup,
      "Seconds between the list shown and the measurement (10)", "W" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds measured (30)", "S" },
    { "modes", 'm', 0, G_OPTION_ARG_STRING, &opt_modes,
      "Comma-separated: shown,minimised,scrolled (all)", "LIST" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the generated node file", NULL },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_child, NULL, NULL },
    { "mode", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &opt_mode, NULL, NULL },
    { "node", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_node, NULL, NULL },
    { NULL }
};

/* ---- measuring ---- */

static double
bench_timeval_s (const struct timeval *tv)
{
    return tv->tv_sec + tv->tv_usec / 1e6;
}

/* CPU time (user + system) of the whole process, every thread. */
static double
bench_cpu_process (void)
{
    struct rusage ru;

    getrusage (RUSAGE_SELF, &ru);
    return bench_timeval_s (&ru.ru_utime) + bench_timeval_s (&ru.ru_stime);
}

static double
bench_now_s (void)
{
    return g_get_monotonic_time () / 1e6;
}

/* Returns: the value of "key:" in /proc/self/status, in MiB (the file says kB) */
static double
bench_status_mib (const char *key)
{
    g_autofree char *status = NULL;
    g_auto(GStrv) lines = NULL;
    size_t len = strlen (key);

    if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
        return NAN;
    lines = g_strsplit (status, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (strncmp (lines[i], key, len) == 0 && lines[i][len] == ':')
            return g_ascii_strtod (lines[i] + len + 1, NULL) / 1024.0;
    }
    return NAN;
}

typedef struct
{
    double main;      /* seconds of CPU of the main thread (tid == pid) */
    double workers;   /* of the threads named "vimana:…" (one worker per connection) */
    double others;    /* of every other thread (GLib's, GDK's, libvirt's, dconf…) */
    guint  n_workers;
} BenchThreads;

/* CPU seconds by kind of thread, from /proc/self/task/TID/stat (1/CLK_TCK resolution). */
static BenchThreads
bench_thread_cpu (void)
{
    BenchThreads threads = { 0 };
    g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
    g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
    double hz = (double) sysconf (_SC_CLK_TCK);
    const char *tid;

    while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
        g_autofree char *stat = NULL;
        const char *open_paren, *close_paren, *p;
        unsigned long utime = 0, stime = 0;
        g_autofree char *comm = NULL;
        double seconds;

        if (!g_file_get_contents (path, &stat, NULL, NULL))
            continue;
        open_paren = strchr (stat, '(');
        close_paren = strrchr (stat, ')');
        if (open_paren == NULL || close_paren == NULL)
            continue;
        comm = g_strndup (open_paren + 1, close_paren - open_paren - 1);
        p = close_paren + 2;
        /* fields 14 (utime) and 15 (stime), counting from field 3 here */
        for (int field = 3; field < 14 && p != NULL; field++) {
            p = strchr (p, ' ');
            if (p != NULL)
                p++;
        }
        if (p == NULL || sscanf (p, "%lu %lu", &utime, &stime) != 2)
            continue;
        seconds = (utime + stime) / hz;
        if (g_str_equal (tid, pid)) {
            threads.main += seconds;
        } else if (g_str_has_prefix (comm, "vimana:")) {
            threads.workers += seconds;
            threads.n_workers++;
        } else {
            threads.others += seconds;
        }
    }
    return threads;
}

static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

/* Sorts @values in place. */
static double
bench_median (GArray *values)
{
    guint n = values->len;

    if (n == 0)
        return NAN;
    g_array_sort (values, bench_compare_doubles);
    if (n % 2 == 1)
        return g_array_index (values, double, n / 2);
    return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static void
bench_libvirt_quiet_cb (void        *user_data,
                        virErrorPtr  error)
{
}

/* ---- child ---- */

typedef struct
{
    VimanaApplication *app;
    VimanaWindow      *window;
    VimanaDomainView  *view;
    VimanaConnection  *connection;
    guint              domains;

    gboolean           shown;
    double             shown_wall;
    char              *mode_applied;

    /* the window measured */
    double             wall0, cpu0;
    BenchThreads       threads0;
    guint              ticks0, draws0, sampler_ticks0;
    guint              draws;
    guint              ticks;          /* tick signals seen */

    guint              guard;
    int                status;
} BenchChild;

static gboolean
bench_child_guard_cb (gpointer user_data)
{
    BenchChild *child = user_data;

    g_printerr ("bench child: gave up (shown=%d, domains in tree=%u)\n", child->shown,
                child->view ? vimana_domain_tree_count_domains (
                                  vimana_domain_view_get_tree (child->view)) : 0);
    child->status = 1;
    g_application_quit (G_APPLICATION (child->app));
    return G_SOURCE_REMOVE;
}

static VimanaConnection *
bench_child_connection (BenchChild *child)
{
    GListModel *connections = vimana_application_get_connections (child->app);
    g_autoptr(VimanaConnection) connection = NULL;

    if (g_list_model_get_n_items (connections) == 0)
        return NULL;
    connection = g_list_model_get_item (connections, 0);
    return connection;   /* the list keeps it */
}

static gboolean
bench_child_row_expanded (BenchChild       *child,
                          VimanaConnection *connection)
{
    VimanaDomainTree *tree = vimana_domain_view_get_tree (child->view);
    GtkTreeModel *model = gtk_tree_view_get_model (GTK_TREE_VIEW (child->view));
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeIter iter;

    if (!vimana_domain_tree_find (tree, G_OBJECT (connection), &iter))
        return FALSE;
    path = gtk_tree_model_get_path (model, &iter);
    return gtk_tree_view_row_expanded (GTK_TREE_VIEW (child->view), path);
}

static void
bench_child_tick_cb (VimanaStatsSampler *sampler,
                     gpointer            user_data)
{
    ((BenchChild *) user_data)->ticks++;
}

static void
bench_json_add (GString    *json,
                const char *key,
                double      value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (json->len > 1)
        g_string_append (json, ", ");
    if (isnan (value))
        g_string_append_printf (json, "\"%s\": null", key);
    else
        g_string_append_printf (json, "\"%s\": %s", key,
                                g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

/* The bytes of history the running guests hold: the first one's (a guest with one disk and
 * one interface keeps only the summed series), the largest (several devices: per-device
 * series too), and all guests' together. */
static void
bench_child_history (BenchChild *child,
                     double     *per_guest,
                     double     *largest,
                     double     *total,
                     guint      *with_stats)
{
    GListModel *domains = vimana_connection_get_domains (child->connection);
    guint n = g_list_model_get_n_items (domains);

    *per_guest = NAN;
    *largest = 0;
    *total = 0;
    *with_stats = 0;
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);
        VimanaDomainStats *stats = vimana_domain_get_stats (domain);
        double size;

        if (stats == NULL)
            continue;
        size = vimana_domain_stats_get_size (stats);
        (*with_stats)++;
        *total += size;
        *largest = MAX (*largest, size);
        if (isnan (*per_guest) && vimana_domain_get_active (domain)) {
            g_auto(GStrv) disks = vimana_domain_stats_dup_devices (stats, VIMANA_STAT_DISK_READ);
            g_auto(GStrv) nics = vimana_domain_stats_dup_devices (stats, VIMANA_STAT_NET_RX);

            if (disks[0] == NULL && nics[0] == NULL)
                *per_guest = size;
        }
    }
}

static gboolean
bench_child_measured_cb (gpointer user_data)
{
    BenchChild *child = user_data;
    g_autoptr(GString) json = g_string_new ("{");
    VimanaStatsSampler *sampler = vimana_connection_get_sampler (child->connection);
    double wall = bench_now_s () - child->wall0;
    double cpu = bench_cpu_process () - child->cpu0;
    BenchThreads threads = bench_thread_cpu ();
    double main_cpu = threads.main - child->threads0.main;
    double worker_cpu = threads.workers - child->threads0.workers;
    double other_cpu = threads.others - child->threads0.others;
    guint ticks = child->ticks - child->ticks0;
    guint draws = child->draws - child->draws0;
    double per_guest, largest, total;
    guint with_stats;

    bench_child_history (child, &per_guest, &largest, &total, &with_stats);

    bench_json_add (json, "domains", child->domains);
    bench_json_add (json, "measured_seconds", wall);
    bench_json_add (json, "cpu_percent", 100.0 * cpu / wall);
    bench_json_add (json, "cpu_main_thread_percent", 100.0 * main_cpu / wall);
    bench_json_add (json, "cpu_worker_percent", 100.0 * worker_cpu / wall);
    bench_json_add (json, "cpu_other_threads_percent", 100.0 * other_cpu / wall);
    bench_json_add (json, "ticks", ticks);
    bench_json_add (json, "ticks_per_s", ticks / wall);
    bench_json_add (json, "main_ms_per_tick", ticks > 0 ? 1000.0 * main_cpu / ticks : NAN);
    bench_json_add (json, "worker_ms_per_tick", ticks > 0 ? 1000.0 * worker_cpu / ticks : NAN);
    bench_json_add (json, "libvirt_calls_last_tick", vimana_stats_sampler_get_last_calls (sampler));
    bench_json_add (json, "libvirt_calls_failed",
                    vimana_stats_sampler_get_failed_calls (sampler));
    bench_json_add (json, "list_draws", draws);
    bench_json_add (json, "rss_mib", bench_status_mib ("VmRSS"));
    bench_json_add (json, "hwm_mib", bench_status_mib ("VmHWM"));
    bench_json_add (json, "history_bytes_per_guest", per_guest);
    bench_json_add (json, "history_bytes_largest_guest", largest);
    bench_json_add (json, "history_total_mib", total / (1024.0 * 1024.0));
    bench_json_add (json, "guests_with_history", with_stats);
    g_string_append (json, "}");
    g_print ("mode %s\n%s\n", child->mode_applied, json->str);
    fflush (stdout);

    alarm (30);
    g_application_quit (G_APPLICATION (child->app));
    return G_SOURCE_REMOVE;
}

static gboolean
bench_child_warm_cb (gpointer user_data)
{
    BenchChild *child = user_data;

    /* Minimising needs a window manager; plain Xvfb has none and ignores the request. */
    if (g_str_equal (opt_mode, "minimised")) {
        GdkWindow *surface = gtk_widget_get_window (GTK_WIDGET (child->window));

        if (surface == NULL || (gdk_window_get_state (surface) & GDK_WINDOW_STATE_ICONIFIED) == 0) {
            g_printerr ("bench child: no window manager iconified the window; hiding it\n");
            gtk_widget_hide (GTK_WIDGET (child->window));
            g_free (child->mode_applied);
            child->mode_applied = g_strdup ("minimised (hidden: no window manager)");
            /* The sampler's new pace needs one slow period to settle. */
            g_timeout_add_seconds (VIMANA_STATS_SAMPLER_SLOW_FACTOR + 1, bench_child_warm_cb,
                                   child);
            g_free (opt_mode);
            opt_mode = g_strdup ("hidden");
            return G_SOURCE_REMOVE;
        }
    }

    child->wall0 = bench_now_s ();
    child->cpu0 = bench_cpu_process ();
    child->threads0 = bench_thread_cpu ();
    child->ticks0 = child->ticks;
    child->draws0 = child->draws;
    g_timeout_add_seconds (opt_seconds, bench_child_measured_cb, child);
    return G_SOURCE_REMOVE;
}

static void
bench_child_apply_mode (BenchChild *child)
{
    child->mode_applied = g_strdup (opt_mode);
    if (g_str_equal (opt_mode, "minimised")) {
        gtk_window_iconify (GTK_WINDOW (child->window));
    } else if (g_str_equal (opt_mode, "scrolled")) {
        GtkTreeView *view = GTK_TREE_VIEW (child->view);
        g_autoptr(GtkTreePath) path = gtk_tree_path_new_from_indices (0, child->domains / 2, -1);

        gtk_tree_view_scroll_to_cell (view, path, NULL, TRUE, 0.5, 0);
    }
    g_timeout_add_seconds (opt_warmup, bench_child_warm_cb, child);
}

static gboolean
bench_child_view_draw_cb (GtkWidget *widget,
                          cairo_t   *cr,
                          gpointer   user_data)
{
    BenchChild *child = user_data;
    VimanaConnection *connection;

    child->draws++;
    if (child->shown)
        return FALSE;

    connection = bench_child_connection (child);
    if (connection == NULL || !vimana_connection_get_loaded (connection) ||
        vimana_domain_tree_count_domains (vimana_domain_view_get_tree (child->view)) !=
            child->domains ||
        !bench_child_row_expanded (child, connection))
        return FALSE;

    child->shown = TRUE;
    child->shown_wall = bench_now_s ();
    child->connection = connection;
    g_signal_connect (vimana_connection_get_sampler (connection), "tick",
                      G_CALLBACK (bench_child_tick_cb), child);
    g_source_remove (child->guard);
    child->guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS + opt_warmup + opt_seconds,
                                          bench_child_guard_cb, child);
    bench_child_apply_mode (child);
    return FALSE;
}

static void
bench_child_window_added_cb (GtkApplication *application,
                             GtkWindow      *window,
                             gpointer        user_data)
{
    BenchChild *child = user_data;

    if (child->window != NULL || !VIMANA_IS_WINDOW (window))
        return;
    child->window = VIMANA_WINDOW (window);
    child->view = vimana_window_get_domain_view (child->window);
    g_signal_connect_after (child->view, "draw", G_CALLBACK (bench_child_view_draw_cb), child);
}

static int
bench_run_child (void)
{
    BenchChild child = { 0 };
    g_autofree char *uri = g_strdup_printf ("test://%s", opt_node);
    char *app_argv[] = { (char *) "vimana", (char *) "--connect", uri, NULL };
    int status;

    child.domains = opt_domains;

    /* As main.c does, before any thread or connection exists. */
    virSetErrorFunc (NULL, bench_libvirt_quiet_cb);
    gvir_event_register ();

    child.app = vimana_application_new ();
    /* No single-instance negotiation: every run is a fresh, independent process. */
    g_application_set_flags (G_APPLICATION (child.app),
                             g_application_get_flags (G_APPLICATION (child.app)) |
                                 G_APPLICATION_NON_UNIQUE);
    g_signal_connect (child.app, "window-added", G_CALLBACK (bench_child_window_added_cb), &child);
    child.guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS, bench_child_guard_cb, &child);

    status = g_application_run (G_APPLICATION (child.app), 3, app_argv);
    g_clear_object (&child.app);
    g_free (child.mode_applied);
    if (status == 0)
        status = child.status;
    if (!child.shown)
        status = 1;
    return status;
}

/* ---- parent ---- */

typedef struct
{
    GPtrArray  *keys;     /* in first-seen order */
    GHashTable *values;   /* key → GArray of double */
    char       *mode_applied;
} BenchSeries;

static BenchSeries *
bench_series_new (void)
{
    BenchSeries *series = g_new0 (BenchSeries, 1);

    series->keys = g_ptr_array_new_with_free_func (g_free);
    series->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) g_array_unref);
    return series;
}

static void
bench_series_free (BenchSeries *series)
{
    g_hash_table_unref (series->values);
    g_ptr_array_unref (series->keys);
    g_free (series->mode_applied);
    g_free (series);
}

static void
bench_series_add (BenchSeries *series,
                  const char  *key,
                  double       value)
{
    GArray *values = g_hash_table_lookup (series->values, key);

    if (values == NULL) {
        char *owned = g_strdup (key);

        g_ptr_array_add (series->keys, owned);
        values = g_array_new (FALSE, FALSE, sizeof (double));
        g_hash_table_insert (series->values, owned, values);
    }
    if (!isnan (value))
        g_array_append_val (values, value);
}

/* Reads the child's "mode …" line and its flat JSON object of numbers. */
static gboolean
bench_series_add_output (BenchSeries *series,
                         const char  *output)
{
    g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
    const char *line = NULL;
    g_autoptr(GRegex) regex = NULL;
    g_autoptr(GMatchInfo) match = NULL;

    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '{')
            line = lines[i];
        else if (g_str_has_prefix (lines[i], "mode ") && series->mode_applied == NULL)
            series->mode_applied = g_strdup (lines[i] + 5);
    }
    if (line == NULL)
        return FALSE;

    regex = g_regex_new ("\"([A-Za-z0-9_]+)\": (null|-?[0-9.eE+-]+)", 0, 0, NULL);
    g_regex_match (regex, line, 0, &match);
    while (g_match_info_matches (match)) {
        g_autofree char *key = g_match_info_fetch (match, 1);
        g_autofree char *value = g_match_info_fetch (match, 2);

        bench_series_add (series, key,
                          g_str_equal (value, "null") ? NAN : g_ascii_strtod (value, NULL));
        g_match_info_next (match, NULL);
    }
    return TRUE;
}

static const char *
bench_unit (const char *key)
{
    if (g_str_has_suffix (key, "_per_s"))
        return "/s";
    if (g_str_has_suffix (key, "_seconds"))
        return "s";
    if (g_str_has_suffix (key, "_per_tick"))
        return "ms";
    if (g_str_has_suffix (key, "_mib"))
        return "MiB";
    if (g_str_has_suffix (key, "_percent"))
        return "% of a core";
    if (g_str_has_prefix (key, "history_bytes"))
        return "B";
    return "";
}

static double
bench_series_median (BenchSeries *series,
                     const char  *key)
{
    GArray *values = g_hash_table_lookup (series->values, key);

    return values ? bench_median (values) : NAN;
}

static void
bench_series_print (BenchSeries *series,
                    const char  *mode,
                    GString     *summary)
{
    for (guint i = 0; i < series->keys->len; i++) {
        const char *key = g_ptr_array_index (series->keys, i);
        GArray *values = g_hash_table_lookup (series->values, key);
        double median, min, max;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (values->len == 0) {
            g_print ("  %-28s %12s\n", key, "n/a");
            continue;
        }
        median = bench_median (values);   /* sorts */
        min = g_array_index (values, double, 0);
        max = g_array_index (values, double, values->len - 1);
        g_print ("  %-28s %12.4g   [%.4g … %.4g]  %s  (n=%u)\n", key, median, min, max,
                 bench_unit (key), values->len);
        if (summary->len > 1)
            g_string_append (summary, ", ");
        g_string_append_printf (summary, "\"%s_%s\": %s", mode, key,
                                g_ascii_formatd (buf, sizeof buf, "%.6g", median));
    }
}

static char *
bench_first_line_with (const char *path,
                       const char *prefix)
{
    g_autofree char *contents = NULL;
    g_auto(GStrv) lines = NULL;

    if (!g_file_get_contents (path, &contents, NULL, NULL))
        return NULL;
    lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (g_str_has_prefix (lines[i], prefix)) {
            const char *colon = strchr (lines[i], ':');
            return g_strstrip (g_strdup (colon ? colon + 1 : lines[i]));
        }
    }
    return NULL;
}

static void
bench_print_machine (void)
{
    g_autofree char *cpu = bench_first_line_with ("/proc/cpuinfo", "model name");
    g_autofree char *mem = bench_first_line_with ("/proc/meminfo", "MemTotal");
    struct utsname uts;
    unsigned long libvirt_version = 0;

    uname (&uts);
    virGetVersion (&libvirt_version, NULL, NULL);
    g_print ("machine\n");
    g_print ("  cpu           %s\n", cpu ? cpu : "unknown");
    g_print ("  nproc         %u\n", g_get_num_processors ());
    g_print ("  memory        %s\n", mem ? mem : "unknown");
    g_print ("  kernel        %s %s %s\n", uts.sysname, uts.release, uts.machine);
    g_print ("  libvirt       %lu.%lu.%lu\n", libvirt_version / 1000000,
             libvirt_version / 1000 % 1000, libvirt_version % 1000);
    g_print ("  gtk           %u.%u.%u\n", gtk_get_major_version (), gtk_get_minor_version (),
             gtk_get_micro_version ());
    g_print ("  vimana        %s, buildtype %s\n", PACKAGE_VERSION, VIMANA_BUILDTYPE);
    g_print ("  display       %s\n", g_getenv ("DISPLAY"));
}

static char *
bench_self_exe (void)
{
    g_autoptr(GError) error = NULL;
    char *path = g_file_read_link ("/proc/self/exe", &error);

    if (path == NULL)
        g_error ("Cannot find this program: %s", error->message);
    return path;
}

static gboolean
bench_spawn (const char  *self_exe,
             const char  *mode,
             const char  *node,
             BenchSeries *series)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *domains = g_strdup_printf ("%d", opt_domains);
    g_autofree char *warmup = g_strdup_printf ("%d", opt_warmup);
    g_autofree char *seconds = g_strdup_printf ("%d", opt_seconds);
    int wait_status = 0;
    const char *argv[] = { self_exe, "--child", "--mode", mode, "--node", node,
                           "--domains", domains, "--warmup-seconds", warmup,
                           "--seconds", seconds, NULL };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                       &wait_status, &error)) {
        g_printerr ("Cannot run %s: %s\n", self_exe, error->message);
        return FALSE;
    }
    if (!g_spawn_check_wait_status (wait_status, &error))
        g_printerr ("  child %s: %s\n", mode, error->message);
    if (!bench_series_add_output (series, out)) {
        g_printerr ("  child %s printed no figures\n", mode);
        return FALSE;
    }
    return error == NULL;
}

static int
bench_run_parent (void)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *self_exe = bench_self_exe ();
    g_autofree char *tmpdir = NULL;
    g_autofree char *node = NULL;
    g_autofree char *count = g_strdup_printf ("%d", opt_domains);
    g_autofree char *gen = g_build_filename (VIMANA_SOURCE_ROOT, "build-aux", "gen-node.py", NULL);
    g_auto(GStrv) modes = g_strsplit (opt_modes ? opt_modes : "shown,minimised,scrolled", ",", -1);
    g_autoptr(GString) summary = g_string_new ("{");
    GTestDBus *bus = NULL;
    BenchSeries *shown = NULL;
    int wait_status = 0;
    int failures = 0;
    double t0;

    if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0') {
        g_print ("bench-stats needs an X display (it runs the real window). For example:\n"
                 "  Xvfb :99 -screen 0 1600x1000x24 &\n"
                 "  DISPLAY=:99 %s\n", self_exe);
        return 77;
    }
    for (guint i = 0; modes[i] != NULL; i++) {
        if (!g_str_equal (modes[i], "shown") && !g_str_equal (modes[i], "minimised") &&
            !g_str_equal (modes[i], "scrolled")) {
            g_printerr ("Unknown mode “%s”.\n", modes[i]);
            return 2;
        }
    }

    /* The children's environment: default settings, no accessibility bridge, no GL (as
     * main.c does for the real binary; the children run the application's code in-process). */
    g_setenv ("GSETTINGS_SCHEMA_DIR", VIMANA_SCHEMAS_DIR, TRUE);
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    g_setenv ("NO_AT_BRIDGE", "1", TRUE);
    g_setenv ("GDK_BACKEND", "x11", TRUE);
    g_setenv ("GDK_GL", "disable", TRUE);
    /* A private session bus, as a desktop session has (GIO would autolaunch one per child). */
    if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL) {
        g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

        if (daemon != NULL) {
            g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

            bus = g_test_dbus_new (G_TEST_DBUS_NONE);
            g_test_dbus_up (bus);
            /* g_test_dbus_up() unsets DISPLAY so that nothing autolaunches: put it back. */
            g_setenv ("DISPLAY", display, TRUE);
        } else {
            g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vimana-bench", TRUE);
        }
    }

    tmpdir = g_dir_make_tmp ("vimana-bench-XXXXXX", &error);
    if (tmpdir == NULL) {
        g_printerr ("%s\n", error->message);
        return 1;
    }
    node = g_build_filename (tmpdir, "node.xml", NULL);
    {
        const char *argv[] = { "/usr/bin/python3", gen, node, "-n", count, NULL };

        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                           &wait_status, &error) ||
            !g_spawn_check_wait_status (wait_status, &error)) {
            g_printerr ("Cannot generate the node file with %s: %s\n", gen, error->message);
            return 1;
        }
    }

    bench_print_machine ();
    g_print ("setup\n");
    g_print ("  node file     %s, %d guests\n", node, opt_domains);
    g_print ("  runs          %d fresh processes per mode; %d s warm-up after the list is "
             "shown, %d s measured\n", opt_runs, opt_warmup, opt_seconds);
    g_print ("  settings      defaults (GSETTINGS_BACKEND=memory): stats every 1 s, four "
             "statistics columns, slow-when-hidden\n");
    g_print ("  GDK_GL        %s\n", g_getenv ("GDK_GL"));
    g_print ("  targets       CPU ≤ %.1f %% of a core, RSS ≤ %.0f MiB (shown)\n",
             BENCH_TARGET_CPU_PERCENT, BENCH_TARGET_RSS_MIB);
    g_print ("\n");

    t0 = bench_now_s ();
    for (guint m = 0; modes[m] != NULL; m++) {
        BenchSeries *series = bench_series_new ();

        for (int i = 0; i < opt_runs; i++) {
            g_printerr ("%s run %d/%d\n", modes[m], i + 1, opt_runs);
            if (!bench_spawn (self_exe, modes[m], node, series))
                failures++;
        }
        if (series->mode_applied != NULL && !g_str_equal (series->mode_applied, modes[m]))
            g_print ("%s — %s: median [min … max] over runs\n", modes[m], series->mode_applied);
        else
            g_print ("%s: median [min … max] over runs\n", modes[m]);
        bench_series_print (series, modes[m], summary);
        g_print ("\n");
        if (g_str_equal (modes[m], "shown") && shown == NULL)
            shown = series;
        else
            bench_series_free (series);
    }
    if (shown != NULL) {
        double cpu = bench_series_median (shown, "cpu_percent");
        double rss = bench_series_median (shown, "rss_mib");

        g_print ("targets (shown)\n");
        g_print ("  CPU  %6.2f %% of a core   target ≤ %.1f   %s\n", cpu,
                 BENCH_TARGET_CPU_PERCENT, cpu <= BENCH_TARGET_CPU_PERCENT ? "met" : "MISSED");
        g_print ("  RSS  %6.1f MiB           target ≤ %.0f    %s\n", rss, BENCH_TARGET_RSS_MIB,
                 rss <= BENCH_TARGET_RSS_MIB ? "met" : "MISSED");
        g_print ("  (virt-manager, for comparison: 104.7 %% and 205 MiB)\n\n");
        bench_series_free (shown);
    }
    g_string_append (summary, "}");
    g_print ("summary %s\n", summary->str);
    g_print ("(%d failed runs; %.0f s in all)\n", failures, bench_now_s () - t0);

    if (!opt_keep) {
        g_unlink (node);
        g_rmdir (tmpdir);
    } else {
        g_print ("kept %s\n", node);
    }
    if (bus != NULL) {
        g_test_dbus_down (bus);
        g_object_unref (bus);
    }
    return failures > 0 ? 1 : 0;
}

int
main (int   argc,
      char *argv[])
{
    g_autoptr(GOptionContext) context = NULL;
    g_autoptr(GError) error = NULL;

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    context = g_option_context_new ("— steady CPU and memory of Vimana's live statistics");
    g_option_context_add_main_entries (context, bench_options, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    if (opt_domains < 1 || opt_runs < 1 || opt_warmup < 0 || opt_seconds < 1) {
        g_printerr ("Out-of-range option.\n");
        return 2;
    }

    if (opt_child) {
        if (opt_mode == NULL || opt_node == NULL) {
            g_printerr ("--child needs --mode and --node.\n");
            return 2;
        }
        return bench_run_child ();
    }
    return bench_run_parent ();
}
