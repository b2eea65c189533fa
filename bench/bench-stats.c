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

#include <math.h>
#include <string.h>
#include <unistd.h>

#include "bench-common.h"
#include "vimana-application.h"
#include "vimana-connection.h"
#include "vimana-domain-stats.h"
#include "vimana-domain-tree.h"
#include "vimana-domain-view.h"
#include "vimana-domain.h"
#include "vimana-stats-sampler.h"
#include "vimana-window.h"

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
    g_autoptr(GHashTable) ticks = bench_thread_ticks ();
    g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
    double hz = (double) sysconf (_SC_CLK_TCK);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, ticks);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        const char *space = strchr (key, ' ');   /* "TID NAME" */
        g_autofree char *tid = g_strndup (key, space - (const char *) key);
        const char *comm = space + 1;
        double seconds = GPOINTER_TO_SIZE (value) / hz;

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

static void
bench_child_tick_cb (VimanaStatsSampler *sampler,
                     gpointer            user_data)
{
    ((BenchChild *) user_data)->ticks++;
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
    bench_json_add (json, "a11y_bridge", bench_a11y_bridge_active ());
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

    connection = bench_list_shown (child->app, child->view, child->domains);
    if (connection == NULL)
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

static int
bench_run_child (void)
{
    BenchChild child = { 0 };
    int status;

    child.domains = opt_domains;

    child.app = bench_application_new ();
    bench_hook_window (child.app, &child.window, &child.view,
                       G_CALLBACK (bench_child_view_draw_cb), &child);
    child.guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS, bench_child_guard_cb, &child);

    status = bench_application_run (&child.app, opt_node, &child.status, &child.shown);
    g_free (child.mode_applied);
    return status;
}

/* ---- parent ---- */

/* Runs one child in @mode; adds its "mode …" line and JSON to @series. */
static gboolean
bench_spawn_mode (const char  *self_exe,
                  const char  *mode,
                  const char  *node,
                  BenchSeries *series)
{
    g_autofree char *domains = g_strdup_printf ("%d", opt_domains);
    g_autofree char *warmup = g_strdup_printf ("%d", opt_warmup);
    g_autofree char *seconds = g_strdup_printf ("%d", opt_seconds);
    const char *argv[] = { self_exe, "--child", "--mode", mode, "--node", node,
                           "--domains", domains, "--warmup-seconds", warmup,
                           "--seconds", seconds, NULL };

    return bench_spawn (argv, mode, series);
}

static int
bench_run_parent (void)
{
    g_autofree char *self_exe = bench_self_exe ();
    g_auto(GStrv) modes = g_strsplit (opt_modes ? opt_modes : "shown,minimised,scrolled", ",", -1);
    BenchParent parent;

    if (!bench_have_display ("bench-stats", self_exe))
        return 77;
    for (guint i = 0; modes[i] != NULL; i++) {
        if (!g_str_equal (modes[i], "shown") && !g_str_equal (modes[i], "minimised") &&
            !g_str_equal (modes[i], "scrolled")) {
            g_printerr ("Unknown mode “%s”.\n", modes[i]);
            return 2;
        }
    }

    /* The children's environment: default settings, the accessibility bridge (unless
     * --no-a11y), no GL, a session bus. */
    if (!bench_parent_begin (&parent, FALSE, opt_domains))
        return 1;
    g_print ("  runs          %d fresh processes per mode; %d s warm-up after the list is "
             "shown, %d s measured\n", opt_runs, opt_warmup, opt_seconds);
    g_print ("  settings      defaults (GSETTINGS_BACKEND=memory): stats every 1 s, four "
             "statistics columns, slow-when-hidden\n");
    g_print ("  GDK_GL        %s\n", g_getenv ("GDK_GL"));
    g_print ("  targets       CPU ≤ %.1f %% of a core, RSS ≤ %.0f MiB (shown)\n",
             BENCH_TARGET_CPU_PERCENT, BENCH_TARGET_RSS_MIB);
    g_print ("\n");

    for (guint k = 0; k < parent.n_nodes; k++) {
        const char *node_prefix = bench_parent_node (&parent, k);
        BenchSeries *shown = NULL;

        for (guint m = 0; modes[m] != NULL; m++) {
            BenchSeries *series = bench_series_new ();

            for (int i = 0; i < opt_runs; i++) {
                g_printerr ("%s%s run %d/%d\n", node_prefix, modes[m], i + 1, opt_runs);
                if (!bench_spawn_mode (self_exe, modes[m], parent.node, series))
                    parent.failures++;
            }
            if (series->mode_applied != NULL && !g_str_equal (series->mode_applied, modes[m]))
                g_print ("%s — %s: median [min … max] over runs\n", modes[m],
                         series->mode_applied);
            else
                g_print ("%s: median [min … max] over runs\n", modes[m]);
            {
                g_autofree char *prefix = g_strdup_printf ("%s%s_", node_prefix, modes[m]);

                bench_series_print (series, 28, prefix, parent.summary);
            }
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
                     BENCH_TARGET_CPU_PERCENT,
                     cpu <= BENCH_TARGET_CPU_PERCENT ? "met" : "MISSED");
            g_print ("  RSS  %6.1f MiB           target ≤ %.0f    %s\n", rss,
                     BENCH_TARGET_RSS_MIB, rss <= BENCH_TARGET_RSS_MIB ? "met" : "MISSED");
            g_print ("  (virt-manager, for comparison: 104.7 %% and 205 MiB)\n\n");
            bench_series_free (shown);
        }
    }
    return bench_parent_end (&parent, opt_keep);
}

int
main (int   argc,
      char *argv[])
{
    if (!bench_init (&argc, &argv, "— steady CPU and memory of Vimana's live statistics",
                     bench_options))
        return 2;
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
