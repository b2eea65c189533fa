/* bench-startup.c: start-up CPU, memory, idle CPU and event latency of the real application
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-startup [--domains N] [--runs R] [--idle-seconds S] [--settle-seconds T]
 *                 [--latency-changes K] [--gdk-gl-enable] [--keep]
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

#include <errno.h>
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
#include <time.h>
#include <unistd.h>

#include "vimana-application.h"
#include "vimana-connection-private.h"
#include "vimana-domain-tree.h"
#include "vimana-domain-view.h"
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
    { "child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_child, NULL, NULL },
    { "libvirt-only", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &opt_libvirt_only, NULL, NULL },
    { "node", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_node, NULL, NULL },
    { "spawn-time", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &opt_spawn_time, NULL, NULL },
    { NULL }
};

/* ---- measuring ---- */

static double
bench_timeval_s (const struct timeval *tv)
{
    return tv->tv_sec + tv->tv_usec / 1e6;
}

/* CPU time (user + system) of the whole process, every thread, since exec. */
static double
bench_cpu_process (void)
{
    struct rusage ru;

    getrusage (RUSAGE_SELF, &ru);
    return bench_timeval_s (&ru.ru_utime) + bench_timeval_s (&ru.ru_stime);
}

/* CPU time of the calling thread only. */
static double
bench_cpu_thread (void)
{
    struct rusage ru;

    getrusage (RUSAGE_THREAD, &ru);
    return bench_timeval_s (&ru.ru_utime) + bench_timeval_s (&ru.ru_stime);
}

static long
bench_context_switches (void)
{
    struct rusage ru;

    getrusage (RUSAGE_SELF, &ru);
    return ru.ru_nvcsw + ru.ru_nivcsw;
}

/* CLOCK_MONOTONIC, the same clock in every process: g_get_monotonic_time(). */
static double
bench_now_s (void)
{
    return g_get_monotonic_time () / 1e6;
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

/* Returns: the value of "key:" in /proc/self/status, in MiB (the file says kB) */
static double
bench_status_mib (const char *key)
{
    g_autofree char *status = NULL;
    g_auto(GStrv) lines = NULL;
    size_t len = strlen (key);

    if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
        return -1;
    lines = g_strsplit (status, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        if (strncmp (lines[i], key, len) == 0 && lines[i][len] == ':')
            return g_ascii_strtod (lines[i] + len + 1, NULL) / 1024.0;
    }
    return -1;
}

/* Per-thread CPU ticks (utime + stime) by "tid name", from /proc/self/task. */
static GHashTable *
bench_thread_ticks (void)
{
    GHashTable *ticks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
    const char *tid;

    while (dir != NULL && (tid = g_dir_read_name (dir)) != NULL) {
        g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/stat", tid);
        g_autofree char *stat = NULL;
        const char *open_paren, *close_paren, *p;
        unsigned long utime = 0, stime = 0;
        g_autofree char *comm = NULL;

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
        g_hash_table_insert (ticks, g_strdup_printf ("%s %s", tid, comm),
                             GSIZE_TO_POINTER (utime + stime));
    }
    return ticks;
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

static VimanaConnection *
bench_child_connection (BenchChild *child,
                        guint       position)
{
    GListModel *connections = vimana_application_get_connections (child->app);
    g_autoptr(VimanaConnection) connection = NULL;

    if (position >= g_list_model_get_n_items (connections))
        return NULL;
    connection = g_list_model_get_item (connections, position);
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

    connection = bench_child_connection (child, 0);
    /* This draw painted the list as it is now: complete when it is all there and open. */
    if (connection == NULL || !vimana_connection_get_loaded (connection) ||
        vimana_domain_tree_count_domains (vimana_domain_view_get_tree (child->view)) !=
            child->domains ||
        !bench_child_row_expanded (child, connection)) {
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

static void
bench_child_startup_cb (GApplication *application,
                        gpointer      user_data)
{
    BenchChild *child = user_data;
    GListModel *connections = vimana_application_get_connections (child->app);

    g_signal_connect (connections, "items-changed",
                      G_CALLBACK (bench_child_connections_changed_cb), child);
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
    g_autofree char *uri = g_strdup_printf ("test://%s", opt_node);
    char *app_argv[] = { (char *) "vimana", (char *) "--connect", uri, NULL };
    GMainContext *context = g_main_context_default ();
    int status;

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

    /* As main.c does, before any thread or connection exists. */
    virSetErrorFunc (NULL, bench_libvirt_quiet_cb);
    gvir_event_register ();

    child.app = vimana_application_new ();
    /* No single-instance negotiation: every run is a fresh, independent process. */
    g_application_set_flags (G_APPLICATION (child.app),
                             g_application_get_flags (G_APPLICATION (child.app)) |
                                 G_APPLICATION_NON_UNIQUE);
    g_signal_connect (child.app, "startup", G_CALLBACK (bench_child_startup_cb), &child);
    g_signal_connect (child.app, "window-added", G_CALLBACK (bench_child_window_added_cb), &child);
    child.guard = g_timeout_add_seconds (BENCH_GUARD_SECONDS + opt_idle_seconds,
                                         bench_child_guard_cb, &child);

    status = g_application_run (G_APPLICATION (child.app), 3, app_argv);
    g_clear_object (&child.app);
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

/* Reads the flat JSON object of numbers the children print (the last line that is one). */
static gboolean
bench_series_add_json (BenchSeries *series,
                       const char  *output)
{
    g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
    const char *line = NULL;
    g_autoptr(GRegex) regex = NULL;
    g_autoptr(GMatchInfo) match = NULL;

    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '{')
            line = lines[i];
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
    if (g_str_has_suffix (key, "_s") || g_str_has_suffix (key, "_seconds"))
        return "s";
    if (g_str_has_suffix (key, "_ms") || strstr (key, "_ms_") != NULL)
        return "ms";
    if (g_str_has_suffix (key, "_mib"))
        return "MiB";
    if (g_str_has_suffix (key, "_percent"))
        return "% of a core";
    return "";
}

static void
bench_series_print (BenchSeries *series,
                    GString     *summary)
{
    for (guint i = 0; i < series->keys->len; i++) {
        const char *key = g_ptr_array_index (series->keys, i);
        GArray *values = g_hash_table_lookup (series->values, key);
        double median, min, max;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (values->len == 0) {
            g_print ("  %-34s %12s\n", key, "n/a");
            continue;
        }
        median = bench_median (values);   /* sorts */
        min = g_array_index (values, double, 0);
        max = g_array_index (values, double, values->len - 1);
        g_print ("  %-34s %12.4g   [%.4g … %.4g]  %s  (n=%u)\n", key, median, min, max,
                 bench_unit (key), values->len);
        if (summary->len > 1)
            g_string_append (summary, ", ");
        g_string_append_printf (summary, "\"%s\": %s", key,
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
    g_print ("  glib          %u.%u.%u\n", glib_major_version, glib_minor_version,
             glib_micro_version);
    g_print ("  vimana        %s, buildtype %s\n", PACKAGE_VERSION, VIMANA_BUILDTYPE);
    g_print ("  display       %s\n", g_getenv ("DISPLAY"));
    g_print ("  locale        LANG=%s LC_ALL=%s\n", g_getenv ("LANG") ? g_getenv ("LANG") : "",
             g_getenv ("LC_ALL") ? g_getenv ("LC_ALL") : "");
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

/* Runs one child with @extra arguments; adds its JSON to @series. */
static gboolean
bench_spawn (const char  *self_exe,
             const char  *mode,
             const char  *node,
             BenchSeries *series)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *domains = g_strdup_printf ("%d", opt_domains);
    g_autofree char *idle = g_strdup_printf ("%d", opt_idle_seconds);
    g_autofree char *settle = g_strdup_printf ("%d", opt_settle_seconds);
    g_autofree char *changes = g_strdup_printf ("%d", opt_changes);
    g_autofree char *spawn_time = NULL;
    int wait_status = 0;
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

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                       &wait_status, &error)) {
        g_printerr ("Cannot run %s: %s\n", self_exe, error->message);
        return FALSE;
    }
    if (!g_spawn_check_wait_status (wait_status, &error))
        g_printerr ("  child %s: %s\n", mode, error->message);
    if (!bench_series_add_json (series, out)) {
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
    g_autoptr(GString) summary = g_string_new ("{");
    GTestDBus *bus = NULL;
    BenchSeries *app_series = bench_series_new ();
    BenchSeries *libvirt_series = bench_series_new ();
    int wait_status = 0;
    int failures = 0;
    double t0;

    if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0') {
        g_print ("bench-startup needs an X display (it runs the real window). For example:\n"
                 "  Xvfb :99 -screen 0 1600x1000x24 &\n"
                 "  DISPLAY=:99 %s\n", self_exe);
        return 77;
    }

    /* The children's environment. */
    g_setenv ("GSETTINGS_SCHEMA_DIR", VIMANA_SCHEMAS_DIR, TRUE);
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    g_setenv ("NO_AT_BRIDGE", "1", TRUE);
    g_setenv ("GDK_BACKEND", "x11", TRUE);
    if (!opt_gl)
        g_setenv ("GDK_GL", "disable", TRUE);
    /* Without a session bus, GIO would autolaunch one per child through X11; give them a
     * private one instead, as a desktop session has. */
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
    g_print ("  runs          %d fresh processes; idle %d s after %d s settling; %d state "
             "changes\n", opt_runs, opt_idle_seconds, opt_settle_seconds, opt_changes);
    g_print ("  GDK_GL        %s\n", g_getenv ("GDK_GL") ? g_getenv ("GDK_GL") : "(unset)");
    g_print ("  session bus   %s\n", bus != NULL ? "private dbus-daemon (GTestDBus)"
                                                 : g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
    g_print ("\n");

    t0 = bench_now_s ();
    for (int i = 0; i < opt_runs; i++) {
        g_printerr ("libvirt-only run %d/%d\n", i + 1, opt_runs);
        if (!bench_spawn (self_exe, "--libvirt-only", node, libvirt_series))
            failures++;
    }
    for (int i = 0; i < opt_runs; i++) {
        g_printerr ("application run %d/%d\n", i + 1, opt_runs);
        if (!bench_spawn (self_exe, "--child", node, app_series))
            failures++;
    }

    g_print ("application: median [min … max] over runs\n");
    bench_series_print (app_series, summary);
    g_print ("\nlibvirt test driver alone, same node file (for reference)\n");
    bench_series_print (libvirt_series, summary);
    g_string_append (summary, "}");
    g_print ("\nsummary %s\n", summary->str);
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
    /* First thing: what the process cost before main (exec, dynamic linking, constructors). */
    double cpu_at_main = bench_cpu_process ();
    double wall_at_main = bench_now_s ();
    g_autoptr(GOptionContext) context = NULL;
    g_autoptr(GError) error = NULL;

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    context = g_option_context_new ("— start-up, memory, idle and event figures of Vimana");
    g_option_context_add_main_entries (context, bench_options, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        g_printerr ("%s\n", error->message);
        return 2;
    }
    if (opt_domains < 1 || opt_runs < 1 || opt_idle_seconds < 1 || opt_settle_seconds < 0 ||
        opt_changes < 0 || opt_changes > BENCH_MAX_CHANGES) {
        g_printerr ("Out-of-range option.\n");
        return 2;
    }

    if (opt_libvirt_only)
        return bench_run_libvirt_only (cpu_at_main);
    if (opt_child)
        return bench_run_child (cpu_at_main, wall_at_main);
    return bench_run_parent ();
}
