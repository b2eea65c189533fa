/* bench-startup.c: start-up CPU, memory, idle CPU and event latency of the real application
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-startup [--domains N] [--runs R] [--idle-seconds S] [--settle-seconds T]
 *                 [--latency-changes K] [--gdk-gl-enable] [--keep]
 *   bench-startup --scaling [--runs R] [--nodes running]
 *
 * --scaling measures start-up only (1 s idle, no events) at 1,000, 3,000 and 10,000 guests
 * (--scaling-sizes to choose) and prints start-up CPU per guest at each size against the
 * smallest: 1.0 is linear growth, 10 at ten times the guests would be quadratic.
 *
 * The parent writes a test-driver node file with N guests (build-aux/gen-node.py), then runs
 * R fresh child processes of itself (--child). Each child runs the real VimanaApplication with
 * --connect test:///NODE and measures, with getrusage() (CPU of every thread) and the
 * monotonic clock:
 *
 *   start-up   from exec to the first draw of the guest list after the connection is loaded,
 *              all N guests are in the tree and the connection's row is expanded;
 *   memory     VmRSS and VmHWM at that moment;
 *   idle       CPU (% of one core), main-loop wake-ups and context switches over S seconds in
 *              which nothing changes (after T seconds of settling);
 *   events     then a second connection, test:///default, is added to the application; a
 *              separate thread of the same process opens test:///default itself (that driver
 *              state is shared inside one process, a node-file connection is not), pauses and
 *              resumes the guest "test" K times, and the child measures from the libvirt call
 *              returning to the guest's row in the main window's model being changed.
 *
 * The parent also runs R children (--libvirt-only) that only open the node file with libvirt
 * and list it, so the start-up figure can be split into libvirt's parse and the rest. It prints
 * the machine, then per figure the median, min and max over the runs, then one JSON line.
 *
 * Memory: GDK on X11 loads the GL driver at start-up to choose visuals; under Xvfb that is Mesa's
 * llvmpipe with libLLVM, about 50 MiB of RSS. vimana's main() sets GDK_GL=disable, so the
 * children do too, as the real binary does; --gdk-gl-enable shows the difference.
 * bench/smaps-summary.py PID says where a running process's RSS is.
 *
 * Needs an X display; run it as  Xvfb :99 & DISPLAY=:99 _build/bench/bench-startup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE   /* RUSAGE_THREAD */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench-common.h"
#include "vimana-application.h"
#include "vimana-connection-private.h"
#include "vimana-domain-tree.h"
#include "vimana-domain-view.h"
#include "vimana-window.h"

#define BENCH_GUARD_SECONDS 120
#define BENCH_LATENCY_WAIT_US (5 * G_USEC_PER_SEC)
#define BENCH_LATENCY_GAP_US (100 * 1000)
#define BENCH_MAX_CHANGES 1000

/* ---- options ---- */

static int opt_domains = 1000;
static int opt_runs = 5;
static int opt_idle_seconds = 20;
static int opt_settle_seconds = 1;
static int opt_changes = 20;
static gboolean opt_child = FALSE;
static gboolean opt_libvirt_only = FALSE;
static gboolean opt_keep = FALSE;
static gboolean opt_gl = FALSE;
static char *opt_node = NULL;
static gboolean opt_scaling = FALSE;
static char *opt_scaling_sizes = NULL;
static gint64 opt_spawn_time = 0;

static const GOptionEntry bench_options[] = {
    { "domains", 'n', 0, G_OPTION_ARG_INT, &opt_domains, "Guests in the node file (1000)", "N" },
    { "runs", 'r', 0, G_OPTION_ARG_INT, &opt_runs, "Fresh child processes per figure (5)", "R" },
    { "idle-seconds", 's', 0, G_OPTION_ARG_INT, &opt_idle_seconds,
      "Seconds of idle measured (20)", "S" },
    { "settle-seconds", 0, 0, G_OPTION_ARG_INT, &opt_settle_seconds,
      "Seconds between start-up and the idle measurement (1)", "T" },
    { "latency-changes", 0, 0, G_OPTION_ARG_INT, &opt_changes,
      "Pause/resume changes for the event latency (20)", "K" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the generated node file", NULL },
    { "gdk-gl-enable", 0, 0, G_OPTION_ARG_NONE, &opt_gl,
      "Let GDK load the GL driver (vimana's main() disables it, as the children do by default)",
      NULL },
    { "scaling", 0, 0, G_OPTION_ARG_NONE, &opt_scaling,
      "Start-up only, at several sizes, and how it grows per guest", NULL },
    { "scaling-sizes", 0, 0, G_OPTION_ARG_STRING, &opt_scaling_sizes,
      "Guest counts for --scaling, smallest first (1000,3000,10000)", "N,N,…" },
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_child, NULL, NULL },
    { "libvirt-only", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_libvirt_only, NULL, NULL },
    { "node", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_node, NULL, NULL },
    { "spawn-time", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &opt_spawn_time, NULL, NULL },
    { NULL }
};

/* ---- measuring ---- */

/* CPU time of the calling thread only. */
static double
bench_cpu_thread (void)
{
    struct rusage ru;

    getrusage (RUSAGE_THREAD, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
           ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long
bench_context_switches (void)
{
    struct rusage ru;

    getrusage (RUSAGE_SELF, &ru);
    return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* Seconds since the kernel started this process (exec), from /proc/self/stat; 1/CLK_TCK
 * resolution. */
static double
bench_wall_since_exec (void)
{
    g_autofree char *stat = NULL;
    const char *p;
    struct timespec now;
    unsigned long long start_ticks = 0;
    long hz = sysconf (_SC_CLK_TCK);

    if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL))
        return -1;
    p = strrchr (stat, ')');
    if (p == NULL)
        return -1;
    /* After "pid (comm)": field 3 is the state; starttime is field 22. */
    p += 2;
    for (int field = 3; field < 22 && p != NULL; field++) {
        p = strchr (p, ' ');
        if (p != NULL)
            p++;
    }
    if (p == NULL || sscanf (p, "%llu", &start_ticks) != 1)
        return -1;
    clock_gettime (CLOCK_BOOTTIME, &now);
    return now.tv_sec + now.tv_nsec / 1e9 - (double) start_ticks / hz;
}

/* ---- child: libvirt only ---- */

static int
bench_run_libvirt_only (double cpu_at_main)
{
    g_autofree char *uri = g_strdup_printf ("test://%s", opt_node);
    virConnectPtr conn;
    virDomainPtr *doms = NULL;
    double cpu0, cpu1, cpu2, cpu3, wall0, wall2;
    int n;
    g_autoptr(GString) json = g_string_new ("{");

    virSetErrorFunc (NULL, bench_libvirt_quiet_cb);
    if (virInitialize () < 0)
        return 1;

    cpu0 = bench_cpu_process ();
    wall0 = bench_now_s ();
    conn = virConnectOpen (uri);
    if (conn == NULL) {
        g_printerr ("libvirt-only: cannot open %s: %s\n", uri, virGetLastErrorMessage ());
        return 1;
    }
    cpu1 = bench_cpu_process ();
    n = virConnectListAllDomains (conn, &doms, 0);
    cpu2 = bench_cpu_process ();
    wall2 = bench_now_s ();
    /* What Vimana's worker reads per guest on top of the listing. */
    for (int i = 0; i < n; i++) {
        VimanaDomainInfo *info = vimana_domain_info_collect (doms[i], NULL);

        if (info != NULL)
            vimana_domain_info_free (info);
        virResetLastError ();
    }
    cpu3 = bench_cpu_process ();
    for (int i = 0; i < n; i++)
        virDomainFree (doms[i]);
    free (doms);
    virConnectClose (conn);

    g_string_append_printf (json, "\"domains_listed\": %d", n);
    g_string_append_printf (json, ", \"libvirt_pre_main_cpu_s\": %.4f", cpu_at_main);
    g_string_append_printf (json, ", \"libvirt_open_cpu_s\": %.4f", cpu1 - cpu0);
    g_string_append_printf (json, ", \"libvirt_open_list_cpu_s\": %.4f", cpu2 - cpu0);
    g_string_append_printf (json, ", \"libvirt_open_list_wall_s\": %.4f", wall2 - wall0);
    g_string_append_printf (json, ", \"libvirt_collect_info_cpu_s\": %.4f", cpu3 - cpu2);
    g_string_append_printf (json, ", \"libvirt_rss_mib\": %.2f", bench_status_mib ("VmRSS"));
    g_string_append (json, "}");
    g_print ("%s\n", json->str);
    return 0;
}

/* ---- child: the application ---- */

typedef struct
{
    /* event latency probe, shared with the changer thread */
    GMutex             mutex;
    GCond              cond;
    VimanaDomainState  expected;
    gboolean           pending;
    gint64             t_notify;
    gint64             t_row;
} BenchProbe;

typedef struct
{
    VimanaApplication *app;
    VimanaWindow      *window;
    VimanaDomainView  *view;
    guint              domains;

    double             cpu_at_main;
    double             wall_at_main;

    /* start-up */
    gboolean           first_drawn;
    double             first_draw_cpu, first_draw_wall;
    gboolean           loaded_seen;
    double             loaded_cpu, loaded_wall;
    gboolean           shown;
    double             shown_cpu, shown_cpu_main_thread, shown_wall, shown_wall_proc;
    double             shown_rss, shown_hwm, shown_rss_anon, shown_rss_file, shown_rss_shmem;
    guint              draws_before_shown;

    /* idle */
    double             settle_cpu0, settle_cpu;
    double             idle_cpu0, idle_wall0, idle_cpu, idle_wall;
    long               idle_csw0, idle_csw;
    guint              idle_polls0, idle_polls;
    guint              idle_draws0, idle_draws;
    GHashTable        *idle_ticks0;
    double             idle_rss;
    guint              draws;

    /* events */
    VimanaConnection  *default_connection;
    VimanaDomain      *probe_domain;
    BenchProbe         probe;
    GArray            *latency_row_ms;     /* from the call returning to row-changed */
    GArray            *latency_notify_ms;  /* from the call returning to notify::state */
    GArray            *latency_call_ms;    /* from the call starting to row-changed */
    guint              missed;
    guint              failed_calls;
    gulong             row_changed_id;
    gulong             state_notify_id;
    GThread           *changer;

    guint              guard;
    int                status;
} BenchChild;

static GPollFunc bench_real_poll;
static volatile guint bench_polls;

/* Every main-loop iteration polls once: counting the polls counts the wake-ups. */
static gint
bench_counting_poll (GPollFD *ufds,
                     guint    nfds,
                     gint     timeout)
{
    bench_polls++;
    return bench_real_poll (ufds, nfds, timeout);
}

static gboolean
bench_child_guard_cb (gpointer user_data)
{
    BenchChild *child = user_data;

    g_printerr ("bench child: gave up after %d s (shown=%d, loaded=%d, domains in tree=%u)\n",
                BENCH_GUARD_SECONDS, child->shown, child->loaded_seen,
                child->view ? vimana_domain_tree_count_domains (
                    vimana_domain_view_get_tree (child->view)) : 0);
    fflush (stderr);
    _exit (2);
    return G_SOURCE_REMOVE;
}

/* ---- events phase ---- */

static void bench_child_finish (BenchChild *child);

static void
bench_probe_state_cb (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
    BenchChild *child = user_data;
    gint64 now = g_get_monotonic_time ();

    g_mutex_lock (&child->probe.mutex);
    if (child->probe.pending && child->probe.t_notify == 0 &&
        vimana_domain_get_state (VIMANA_DOMAIN (object)) == child->probe.expected)
        child->probe.t_notify = now;
    g_mutex_unlock (&child->probe.mutex);
}

static void
bench_probe_row_changed_cb (GtkTreeModel *model,
                            GtkTreePath  *path,
                            GtkTreeIter  *iter,
                            gpointer      user_data)
{
    BenchChild *child = user_data;
    gint64 now = g_get_monotonic_time ();
    GObject *object = vimana_domain_tree_get_object (vimana_domain_view_get_tree (child->view),
                                                     iter);

    if (object != G_OBJECT (child->probe_domain))
        return;
    g_mutex_lock (&child->probe.mutex);
    if (child->probe.pending &&
        vimana_domain_get_state (child->probe_domain) == child->probe.expected) {
        child->probe.t_row = now;
        child->probe.pending = FALSE;
        g_cond_signal (&child->probe.cond);
    }
    g_mutex_unlock (&child->probe.mutex);
}

static gboolean
bench_changer_done_cb (gpointer user_data)
{
    BenchChild *child = user_data;

    g_thread_join (g_steal_pointer (&child->changer));
    bench_child_finish (child);
    return G_SOURCE_REMOVE;
}

/* A second client of test:///default, on its own thread: what `virsh suspend` would be. */
static gpointer
bench_changer_thread (gpointer user_data)
{
    BenchChild *child = user_data;
    virConnectPtr conn = virConnectOpen ("test:///default");
    virDomainPtr dom = NULL;
    int state = VIR_DOMAIN_NOSTATE;

    if (conn != NULL)
        dom = virDomainLookupByName (conn, "test");
    if (dom == NULL || virDomainGetState (dom, &state, NULL, 0) < 0) {
        g_printerr ("bench child: cannot reach the guest \"test\" on test:///default: %s\n",
                    virGetLastErrorMessage ());
        child->failed_calls = opt_changes;
        goto out;
    }

    for (int i = 0; i < opt_changes; i++) {
        gboolean pause = state != VIR_DOMAIN_PAUSED;
        VimanaDomainState expected = pause ? VIMANA_DOMAIN_STATE_PAUSED
                                           : VIMANA_DOMAIN_STATE_RUNNING;
        gint64 t_call, t_return, deadline;
        double ms;
        int rc;

        g_mutex_lock (&child->probe.mutex);
        child->probe.expected = expected;
        child->probe.pending = TRUE;
        child->probe.t_notify = 0;
        child->probe.t_row = 0;
        g_mutex_unlock (&child->probe.mutex);

        t_call = g_get_monotonic_time ();
        rc = pause ? virDomainSuspend (dom) : virDomainResume (dom);
        t_return = g_get_monotonic_time ();

        g_mutex_lock (&child->probe.mutex);
        if (rc < 0) {
            g_printerr ("bench child: change %d failed: %s\n", i, virGetLastErrorMessage ());
            child->failed_calls++;
            child->probe.pending = FALSE;
            g_mutex_unlock (&child->probe.mutex);
            virDomainGetState (dom, &state, NULL, 0);
            continue;
        }
        deadline = g_get_monotonic_time () + BENCH_LATENCY_WAIT_US;
        while (child->probe.pending) {
            if (!g_cond_wait_until (&child->probe.cond, &child->probe.mutex, deadline))
                break;
        }
        if (child->probe.pending) {
            child->missed++;
            child->probe.pending = FALSE;
        } else {
            /* The event may be handled before this thread reads the clock again: 0 then. */
            ms = MAX (0, child->probe.t_row - t_return) / 1000.0;
            g_array_append_val (child->latency_row_ms, ms);
            ms = (child->probe.t_row - t_call) / 1000.0;
            g_array_append_val (child->latency_call_ms, ms);
            if (child->probe.t_notify != 0) {
                ms = MAX (0, child->probe.t_notify - t_return) / 1000.0;
                g_array_append_val (child->latency_notify_ms, ms);
            }
        }
        g_mutex_unlock (&child->probe.mutex);
        state = pause ? VIR_DOMAIN_PAUSED : VIR_DOMAIN_RUNNING;
        /* Let the worker's refresh after the event settle before the next change. */
        g_usleep (BENCH_LATENCY_GAP_US);
    }

out:
    if (dom != NULL)
        virDomainFree (dom);
    if (conn != NULL)
        virConnectClose (conn);
    g_idle_add (bench_changer_done_cb, child);
    return NULL;
}

static void
bench_default_loaded_cb (GObject    *object,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
    BenchChild *child = user_data;
    VimanaConnection *connection = VIMANA_CONNECTION (object);
    GtkTreeModel *model;

    if (!vimana_connection_get_loaded (connection) || child->probe_domain != NULL)
        return;

    child->probe_domain = vimana_connection_find_domain_by_name (connection, "test");
    if (child->probe_domain == NULL) {
        g_printerr ("bench child: test:///default has no guest \"test\"\n");
        child->status = 1;
        bench_child_finish (child);
        return;
    }
    g_object_ref (child->probe_domain);
    child->state_notify_id = g_signal_connect (child->probe_domain, "notify::state",
                                               G_CALLBACK (bench_probe_state_cb), child);
    model = gtk_tree_view_get_model (GTK_TREE_VIEW (child->view));
    child->row_changed_id = g_signal_connect (model, "row-changed",
                                              G_CALLBACK (bench_probe_row_changed_cb), child);
    child->changer = g_thread_new ("bench-changer", bench_changer_thread, child);
}

static void
bench_child_start_events (BenchChild *child)
{
    VimanaConnection *connection;

    connection = vimana_application_add_connection (child->app, "test:///default", FALSE, FALSE);
    child->default_connection = g_object_ref (connection);
    g_signal_connect (connection, "notify::loaded", G_CALLBACK (bench_default_loaded_cb), child);
    vimana_connection_open (connection);
    if (vimana_connection_get_loaded (connection))
        bench_default_loaded_cb (G_OBJECT (connection), NULL, child);
}

/* ---- idle phase ---- */

static void
bench_child_report_threads (BenchChild *child,
                            GHashTable *ticks1)
{
    GHashTableIter iter;
    gpointer key, value;
    long hz = sysconf (_SC_CLK_TCK);

    g_hash_table_iter_init (&iter, ticks1);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        gsize before = GPOINTER_TO_SIZE (g_hash_table_lookup (child->idle_ticks0, key));
        gsize after = GPOINTER_TO_SIZE (value);

        if (after > before)
            g_printerr ("bench child: idle CPU of thread %s: %.2f s\n", (const char *) key,
                        (double) (after - before) / hz);
    }
}

static gboolean
bench_child_idle_done_cb (gpointer user_data)
{
    BenchChild *child = user_data;
    g_autoptr(GHashTable) ticks1 = bench_thread_ticks ();

    child->idle_cpu = bench_cpu_process () - child->idle_cpu0;
    child->idle_wall = bench_now_s () - child->idle_wall0;
    child->idle_csw = bench_context_switches () - child->idle_csw0;
    child->idle_polls = bench_polls - child->idle_polls0;
    child->idle_draws = child->draws - child->idle_draws0;
    child->idle_rss = bench_status_mib ("VmRSS");
    bench_child_report_threads (child, ticks1);
    g_clear_pointer (&child->idle_ticks0, g_hash_table_unref);

    if (opt_changes > 0)
        bench_child_start_events (child);
    else
        bench_child_finish (child);
    return G_SOURCE_REMOVE;
}

static gboolean
bench_child_settled_cb (gpointer user_data)
{
    BenchChild *child = user_data;

    child->settle_cpu = bench_cpu_process () - child->settle_cpu0;
    child->idle_ticks0 = bench_thread_ticks ();
    child->idle_csw0 = bench_context_switches ();
    child->idle_polls0 = bench_polls;
    child->idle_draws0 = child->draws;
    child->idle_wall0 = bench_now_s ();
    child->idle_cpu0 = bench_cpu_process ();
    g_timeout_add (opt_idle_seconds * 1000, bench_child_idle_done_cb, child);
    return G_SOURCE_REMOVE;
}

/* ---- start-up phase ---- */

static gboolean
bench_child_view_draw_cb (GtkWidget *widget,
                          cairo_t   *cr,
                          gpointer   user_data)
{
    BenchChild *child = user_data;
    VimanaConnection *connection;

    child->draws++;
    if (!child->first_drawn) {
        child->first_drawn = TRUE;
        child->first_draw_cpu = bench_cpu_process ();
        child->first_draw_wall = bench_now_s ();
    }
    if (child->shown)
        return FALSE;

    /* This draw painted the list as it is now: complete when it is all there and open. */
    connection = bench_list_shown (child->app, child->view, child->domains);
    if (connection == NULL) {
        child->draws_before_shown++;
        return FALSE;
    }

    child->shown = TRUE;
    child->shown_cpu = bench_cpu_process ();
    child->shown_cpu_main_thread = bench_cpu_thread ();
    child->shown_wall = bench_now_s ();
    child->shown_wall_proc = bench_wall_since_exec ();
    child->shown_rss = bench_status_mib ("VmRSS");
    child->shown_hwm = bench_status_mib ("VmHWM");
    child->shown_rss_anon = bench_status_mib ("RssAnon");
    child->shown_rss_file = bench_status_mib ("RssFile");
    child->shown_rss_shmem = bench_status_mib ("RssShmem");

    child->settle_cpu0 = bench_cpu_process ();
    g_timeout_add (opt_settle_seconds * 1000, bench_child_settled_cb, child);
    return FALSE;
}

static void
bench_child_loaded_cb (GObject    *object,
                       GParamSpec *pspec,
                       gpointer    user_data)
{
    BenchChild *child = user_data;

    if (!child->loaded_seen && vimana_connection_get_loaded (VIMANA_CONNECTION (object))) {
        child->loaded_seen = TRUE;
        child->loaded_cpu = bench_cpu_process ();
        child->loaded_wall = bench_now_s ();
    }
}

static void
bench_child_connections_changed_cb (GListModel *connections,
                                    guint       position,
                                    guint       removed,
                                    guint       added,
                                    gpointer    user_data)
{
    BenchChild *child = user_data;

    /* Only the first connection, the node file, is the start-up's. */
    if (position == 0 && added > 0 && !child->loaded_seen) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (connections, 0);

        g_signal_connect (connection, "notify::loaded", G_CALLBACK (bench_child_loaded_cb),
                          child);
    }
}

static void
bench_child_startup_cb (GApplication *application,
                        gpointer      user_data)
{
    BenchChild *child = user_data;
    GListModel *connections = vimana_application_get_connections (child->app);

    g_signal_connect (connections, "items-changed",
                      G_CALLBACK (bench_child_connections_changed_cb), child);
}

static double
bench_array_max (GArray *values)
{
    double max = NAN;

    for (guint i = 0; i < values->len; i++) {
        double v = g_array_index (values, double, i);
        if (isnan (max) || v > max)
            max = v;
    }
    return max;
}

static void
bench_child_finish (BenchChild *child)
{
    g_autoptr(GString) json = g_string_new ("{");
    double spawn = opt_spawn_time > 0 ? opt_spawn_time / 1e6 : NAN;
    double latency_max = bench_array_max (child->latency_row_ms);

    if (child->row_changed_id != 0)
        g_signal_handler_disconnect (gtk_tree_view_get_model (GTK_TREE_VIEW (child->view)),
                                     child->row_changed_id);
    if (child->state_notify_id != 0)
        g_signal_handler_disconnect (child->probe_domain, child->state_notify_id);
    g_clear_object (&child->probe_domain);
    g_clear_object (&child->default_connection);

    bench_json_add (json, "domains", child->domains);
    bench_json_add (json, "a11y_bridge", bench_a11y_bridge_active ());
    bench_json_add (json, "pre_main_cpu_s", child->cpu_at_main);
    bench_json_add (json, "pre_main_wall_s", isnan (spawn) ? NAN : child->wall_at_main - spawn);
    bench_json_add (json, "first_draw_cpu_s", child->first_draw_cpu);
    bench_json_add (json, "first_draw_wall_s",
                    isnan (spawn) ? NAN : child->first_draw_wall - spawn);
    bench_json_add (json, "loaded_cpu_s", child->loaded_cpu);
    bench_json_add (json, "loaded_wall_s", isnan (spawn) ? NAN : child->loaded_wall - spawn);
    bench_json_add (json, "startup_cpu_s", child->shown_cpu);
    bench_json_add (json, "startup_cpu_since_main_s", child->shown_cpu - child->cpu_at_main);
    bench_json_add (json, "startup_cpu_main_thread_s", child->shown_cpu_main_thread);
    bench_json_add (json, "startup_cpu_other_threads_s",
                    child->shown_cpu - child->shown_cpu_main_thread);
    bench_json_add (json, "startup_wall_s", isnan (spawn) ? NAN : child->shown_wall - spawn);
    bench_json_add (json, "startup_wall_proc_s", child->shown_wall_proc);
    bench_json_add (json, "draws_before_shown", child->draws_before_shown);
    bench_json_add (json, "rss_mib", child->shown_rss);
    bench_json_add (json, "hwm_mib", child->shown_hwm);
    bench_json_add (json, "rss_anon_mib", child->shown_rss_anon);
    bench_json_add (json, "rss_file_mib", child->shown_rss_file);
    bench_json_add (json, "rss_shmem_mib", child->shown_rss_shmem);
    bench_json_add (json, "settle_cpu_s", child->settle_cpu);
    bench_json_add (json, "idle_seconds", child->idle_wall);
    bench_json_add (json, "idle_cpu_percent",
                    child->idle_wall > 0 ? 100.0 * child->idle_cpu / child->idle_wall : NAN);
    bench_json_add (json, "idle_wakeups_per_s",
                    child->idle_wall > 0 ? child->idle_polls / child->idle_wall : NAN);
    bench_json_add (json, "idle_context_switches_per_s",
                    child->idle_wall > 0 ? child->idle_csw / child->idle_wall : NAN);
    bench_json_add (json, "idle_draws", child->idle_draws);
    bench_json_add (json, "rss_after_idle_mib", child->idle_rss);
    if (opt_changes > 0) {
        bench_json_add (json, "event_latency_ms_median", bench_median (child->latency_row_ms));
        bench_json_add (json, "event_latency_ms_max", latency_max);
        bench_json_add (json, "event_latency_from_call_ms_median",
                        bench_median (child->latency_call_ms));
        bench_json_add (json, "event_notify_ms_median", bench_median (child->latency_notify_ms));
        bench_json_add (json, "event_changes_seen", child->latency_row_ms->len);
        bench_json_add (json, "event_changes_missed", child->missed);
        bench_json_add (json, "event_calls_failed", child->failed_calls);
        if (child->missed > 0 || child->failed_calls > 0)
            child->status = 1;
    }
    g_string_append (json, "}");
    g_print ("%s\n", json->str);
    fflush (stdout);

    /* The figures are out; should quitting hang, do not hang the parent with it. */
    alarm (30);
    g_application_quit (G_APPLICATION (child->app));
}

static int
bench_run_child (double cpu_at_main,
                 double wall_at_main)
{
    BenchChild child = { 0 };
    GMainContext *context = g_main_context_default ();

    child.cpu_at_main = cpu_at_main;
    child.wall_at_main = wall_at_main;
    child.domains = opt_domains;
    child.latency_row_ms = g_array_new (FALSE, FALSE, sizeof (double));
    child.latency_notify_ms = g_array_new (FALSE, FALSE, sizeof (double));
    child.latency_call_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_mutex_init (&child.probe.mutex);
    g_cond_init (&child.probe.cond);

    bench_real_poll = g_main_context_get_poll_func (context);
    g_main_context_set_poll_func (context, bench_counting_poll);

    child.app = bench_application_new ();
    g_signal_connect (child.app, "startup", G_CALLBACK (bench_child_startup_cb), &child);
    bench_hook_window (child.app, &child.window, &child.view,
                       G_CALLBACK (bench_child_view_draw_cb), &child);
    child.guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS + opt_idle_seconds,
                                         bench_child_guard_cb, &child);

    return bench_application_run (&child.app, opt_node, &child.status, &child.shown);
}

/* ---- parent ---- */

/* Runs one child in @mode (--child or --libvirt-only); adds its JSON to @series. */
static gboolean
bench_spawn_mode (const char  *self_exe,
                  const char  *mode,
                  const char  *node,
                  BenchSeries *series)
{
    g_autofree char *domains = g_strdup_printf ("%d", opt_domains);
    g_autofree char *idle = g_strdup_printf ("%d", opt_idle_seconds);
    g_autofree char *settle = g_strdup_printf ("%d", opt_settle_seconds);
    g_autofree char *changes = g_strdup_printf ("%d", opt_changes);
    g_autofree char *spawn_time = NULL;
    const char *argv[16];
    int argc = 0;

    argv[argc++] = self_exe;
    argv[argc++] = mode;
    argv[argc++] = "--node";
    argv[argc++] = node;
    argv[argc++] = "--domains";
    argv[argc++] = domains;
    argv[argc++] = "--idle-seconds";
    argv[argc++] = idle;
    argv[argc++] = "--settle-seconds";
    argv[argc++] = settle;
    argv[argc++] = "--latency-changes";
    argv[argc++] = changes;
    argv[argc++] = "--spawn-time";
    spawn_time = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
    argv[argc++] = spawn_time;
    argv[argc] = NULL;

    return bench_spawn (argv, mode, series);
}

/* --scaling: the medians of one node file at each size, in the order of the sizes */
typedef struct
{
    const char *prefix;       /* "running_" or "mixed_" */
    GArray     *cpu;          /* double: start-up CPU, s */
    GArray     *main_thread;  /* double: the main thread's part of it, s */
    GArray     *libvirt;      /* double: libvirt's own open and listing of the file, s */
} BenchScaling;

static void
bench_scaling_add (GArray *values,
                   double  value)
{
    g_array_append_val (values, value);
}

static int
bench_run_parent (BenchScaling *scaling)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *self_exe = bench_self_exe ();
    BenchParent parent;
    BenchSeries *app_series = NULL;
    BenchSeries *libvirt_series = NULL;

    if (!bench_have_display ("bench-startup", self_exe))
        return 77;

    if (!bench_parent_begin (&parent, opt_gl, opt_domains))
        return 1;
    g_print ("  runs          %d fresh processes; idle %d s after %d s settling; %d state "
             "changes\n", opt_runs, opt_idle_seconds, opt_settle_seconds, opt_changes);
    g_print ("  GDK_GL        %s\n", g_getenv ("GDK_GL") ? g_getenv ("GDK_GL") : "(unset)");
    g_print ("  session bus   %s\n", parent.bus != NULL ? "private dbus-daemon (GTestDBus)"
                                                 : g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
    g_print ("\n");

    for (guint k = 0; k < parent.n_nodes; k++) {
        const char *node_prefix = bench_parent_node (&parent, k);

        app_series = bench_series_new ();
        libvirt_series = bench_series_new ();
        for (int i = 0; i < opt_runs; i++) {
            g_printerr ("%slibvirt-only run %d/%d\n", node_prefix, i + 1, opt_runs);
            if (!bench_spawn_mode (self_exe, "--libvirt-only", parent.node, libvirt_series))
                parent.failures++;
        }
        for (int i = 0; i < opt_runs; i++) {
            g_printerr ("%sapplication run %d/%d\n", node_prefix, i + 1, opt_runs);
            if (!bench_spawn_mode (self_exe, "--child", parent.node, app_series))
                parent.failures++;
        }

        g_print ("application: median [min … max] over runs\n");
        bench_series_print (app_series, 34, node_prefix, parent.summary);
        g_print ("\nlibvirt test driver alone, same node file (for reference)\n");
        {
            g_autofree char *prefix = g_strdup_printf ("%slibvirt_", node_prefix);

            bench_series_print (libvirt_series, 34, prefix, parent.summary);
        }
        g_print ("\n");

        if (scaling != NULL) {
            BenchScaling *kept = &scaling[k];

            kept->prefix = node_prefix;
            bench_scaling_add (kept->cpu, bench_series_median (app_series, "startup_cpu_s"));
            bench_scaling_add (kept->main_thread,
                               bench_series_median (app_series, "startup_cpu_main_thread_s"));
            bench_scaling_add (kept->libvirt,
                               bench_series_median (libvirt_series, "libvirt_open_list_cpu_s"));
        }
        bench_series_free (app_series);
        bench_series_free (libvirt_series);
    }
    return bench_parent_end (&parent, opt_keep);
}

/* --scaling: start-up at each size, then per node file how the CPU per guest grows. */
static int
bench_run_scaling (void)
{
    g_auto(GStrv) sizes = g_strsplit (opt_scaling_sizes ? opt_scaling_sizes : "1000,3000,10000",
                                      ",", -1);
    guint n_sizes = g_strv_length (sizes);
    BenchScaling scaling[2];
    g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (int));
    g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
    int status = 0;

    for (guint i = 0; i < n_sizes; i++) {
        int count = atoi (sizes[i]);

        if (count < 1 || (i > 0 && count <= g_array_index (counts, int, i - 1))) {
            g_printerr ("--scaling-sizes takes guest counts, smallest first, not “%s”.\n",
                        opt_scaling_sizes);
            return 2;
        }
        g_array_append_val (counts, count);
    }
    for (guint k = 0; k < G_N_ELEMENTS (scaling); k++) {
        scaling[k].prefix = NULL;
        scaling[k].cpu = g_array_new (FALSE, FALSE, sizeof (double));
        scaling[k].main_thread = g_array_new (FALSE, FALSE, sizeof (double));
        scaling[k].libvirt = g_array_new (FALSE, FALSE, sizeof (double));
    }
    opt_idle_seconds = 1;
    opt_changes = 0;
    for (guint i = 0; i < n_sizes; i++) {
        /* Each round's private session bus, going down, takes DISPLAY with it. */
        if (display != NULL)
            g_setenv ("DISPLAY", display, TRUE);
        opt_domains = g_array_index (counts, int, i);
        g_print ("##### %d guests #####\n\n", opt_domains);
        if (bench_run_parent (scaling) != 0)
            status = 1;
    }

    for (guint k = 0; k < G_N_ELEMENTS (scaling); k++) {
        BenchScaling *kept = &scaling[k];
        double base;

        if (kept->prefix != NULL && kept->cpu->len == n_sizes) {
            base = g_array_index (kept->cpu, double, 0) / g_array_index (counts, int, 0);
            g_print ("start-up scaling, %s (medians of %d runs; CPU per guest against %d guests in "
                     "\"ratio\": 1.0 is linear)\n",
                     g_str_equal (kept->prefix, "running_") ? "every guest running" : "mixed",
                     opt_runs, g_array_index (counts, int, 0));
            g_print ("  %8s  %14s  %12s  %12s  %14s  %6s\n", "guests", "start-up CPU",
                     "main thread", "per guest", "libvirt parse", "ratio");
            for (guint i = 0; i < n_sizes; i++) {
                int n = g_array_index (counts, int, i);
                double cpu = g_array_index (kept->cpu, double, i);

                g_print ("  %8d  %12.3f s  %10.3f s  %9.3f ms  %12.3f s  %6.2f\n", n, cpu,
                         g_array_index (kept->main_thread, double, i), 1000.0 * cpu / n,
                         g_array_index (kept->libvirt, double, i), cpu / n / base);
            }
            g_print ("\n");
        }
        g_array_unref (kept->cpu);
        g_array_unref (kept->main_thread);
        g_array_unref (kept->libvirt);
    }
    return status;
}

int
main (int   argc,
      char *argv[])
{
    /* First thing: what the process cost before main (exec, dynamic linking, constructors). */
    double cpu_at_main = bench_cpu_process ();
    double wall_at_main = bench_now_s ();

    if (!bench_init (&argc, &argv, "— start-up, memory, idle and event figures of Vimana",
                     bench_options))
        return 2;
    if (opt_domains < 1 || opt_runs < 1 || opt_idle_seconds < 1 || opt_settle_seconds < 0 ||
        opt_changes < 0 || opt_changes > BENCH_MAX_CHANGES) {
        g_printerr ("Out-of-range option.\n");
        return 2;
    }

    if (opt_libvirt_only)
        return bench_run_libvirt_only (cpu_at_main);
    if (opt_child)
        return bench_run_child (cpu_at_main, wall_at_main);
    if (opt_scaling)
        return bench_run_scaling ();
    return bench_run_parent (NULL);
}
