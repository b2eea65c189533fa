/* bench-common.c: what bench-startup and bench-stats share (see bench-common.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "bench-common.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libvirt-glib/libvirt-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "vimana-domain-tree.h"

#ifndef VIMANA_SOURCE_ROOT
#error "VIMANA_SOURCE_ROOT must be defined by the build"
#endif
#ifndef VIMANA_SCHEMAS_DIR
#error "VIMANA_SCHEMAS_DIR must be defined by the build"
#endif
#ifndef VIMANA_BUILDTYPE
#define VIMANA_BUILDTYPE "unknown"
#endif

/* ---- measuring ---- */

static double
bench_timeval_s (const struct timeval *tv)
{
    return tv->tv_sec + tv->tv_usec / 1e6;
}

/* CPU time (user + system) of the whole process, every thread, since exec: getrusage() counts
 * what a reader of one thread would miss (libvirt's, GDK's and GLib's threads). */
/* 1 if this process runs with GTK's AT-SPI bridge enabled (NO_AT_BRIDGE unset) and the session
 * bus has the AT-SPI bus running (org.a11y.Bus owned, as on a GNOME desktop), 0 otherwise:
 * printed by every child so a figure says how it was measured. GTK links the bridge library
 * either way, so its presence in the process says nothing. */
double
bench_a11y_bridge_active (void)
{
    g_autoptr(GDBusConnection) bus = NULL;
    g_autoptr(GVariant) reply = NULL;
    gboolean owned = FALSE;

    if (g_getenv ("NO_AT_BRIDGE") != NULL)
        return 0.0;
    bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
    if (bus == NULL)
        return 0.0;
    reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                         "org.freedesktop.DBus", "NameHasOwner",
                                         g_variant_new ("(s)", "org.a11y.Bus"),
                                         G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, 2000,
                                         NULL, NULL);
    if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
    return owned ? 1.0 : 0.0;
}

double
bench_cpu_process (void)
{
    struct rusage ru;

    getrusage (RUSAGE_SELF, &ru);
    return bench_timeval_s (&ru.ru_utime) + bench_timeval_s (&ru.ru_stime);
}

/* CLOCK_MONOTONIC, the same clock in every process (g_get_monotonic_time()), so that a
 * parent's time stamp can be compared with a child's. */
double
bench_now_s (void)
{
    return g_get_monotonic_time () / 1e6;
}

/* Returns: the value of "key:" in /proc/self/status in MiB (the file says kB), or NAN; the
 * kernel's own RSS figures, VmRSS, VmHWM, RssAnon…, need no sampling. */
double
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

/* Per-thread CPU ticks (utime + stime, 1/CLK_TCK each) keyed "TID NAME", from
 * /proc/self/task: getrusage() gives only the caller's thread or all of them, and the figures
 * split the main thread from the connection's worker and the rest. */
GHashTable *
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

/* ---- statistics ---- */

static int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
    double x = *(const double *) a, y = *(const double *) b;

    return x < y ? -1 : (x > y ? 1 : 0);
}

/* The median, not the mean: one slow run (a page-cache miss, a busy host) should not move the
 * figure. Sorts @values in place, so that [0] and [len - 1] are then min and max. */
double
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

/* Appends "key": value to the flat JSON object a child prints (opened with "{"); NAN becomes
 * null, so that a figure a run could not measure is absent rather than wrong. */
void
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

/* The runs' values of every figure, in the order the children first printed them. */
BenchSeries *
bench_series_new (void)
{
    BenchSeries *series = g_new0 (BenchSeries, 1);

    series->keys = g_ptr_array_new_with_free_func (g_free);
    series->values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) g_array_unref);
    return series;
}

/* Frees @series; the keys are owned by its array. */
void
bench_series_free (BenchSeries *series)
{
    g_hash_table_unref (series->values);
    g_ptr_array_unref (series->keys);
    g_free (series->mode_applied);
    g_free (series);
}

/* Adds one run's @value of @key; NAN (null) counts the key but not the value, so that a figure
 * no run measured still prints, as n/a. */
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

/* Reads a child's output: its flat JSON object of numbers (the last line that is one) and, if
 * it printed one, its "mode …" line (what it could actually do). Returns: FALSE without JSON. */
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

/* The median of one figure, for a verdict against a target; NAN if no run printed it. */
double
bench_series_median (BenchSeries *series,
                     const char  *key)
{
    GArray *values = g_hash_table_lookup (series->values, key);

    return values ? bench_median (values) : NAN;
}

/* The unit of a figure, from its key's name: both programs name their figures so (…_s and
 * …_seconds in seconds, …_ms… and …_per_tick in milliseconds, …_mib, …_percent, …_per_s,
 * history_bytes…), and the printed table says it. */
static const char *
bench_unit (const char *key)
{
    if (g_str_has_suffix (key, "_per_s"))
        return "/s";
    if (g_str_has_suffix (key, "_s") || g_str_has_suffix (key, "_seconds"))
        return "s";
    if (g_str_has_suffix (key, "_ms") || strstr (key, "_ms_") != NULL ||
        g_str_has_suffix (key, "_per_tick"))
        return "ms";
    if (g_str_has_suffix (key, "_mib"))
        return "MiB";
    if (g_str_has_suffix (key, "_percent"))
        return "% of a core";
    if (g_str_has_prefix (key, "history_bytes"))
        return "B";
    return "";
}

/* Prints one line per figure, median [min … max] unit (n), and appends "PREFIXkey": median to
 * @summary (a JSON object opened with "{"), the one line a script reads. */
void
bench_series_print (BenchSeries *series,
                    int          key_width,
                    const char  *summary_prefix,
                    GString     *summary)
{
    for (guint i = 0; i < series->keys->len; i++) {
        const char *key = g_ptr_array_index (series->keys, i);
        GArray *values = g_hash_table_lookup (series->values, key);
        double median, min, max;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (values->len == 0) {
            g_print ("  %-*s %12s\n", key_width, key, "n/a");
            continue;
        }
        median = bench_median (values);   /* sorts */
        min = g_array_index (values, double, 0);
        max = g_array_index (values, double, values->len - 1);
        g_print ("  %-*s %12.4g   [%.4g … %.4g]  %s  (n=%u)\n", key_width, key, median, min,
                 max, bench_unit (key), values->len);
        if (summary->len > 1)
            g_string_append (summary, ", ");
        g_string_append_printf (summary, "\"%s%s\": %s", summary_prefix, key,
                                g_ascii_formatd (buf, sizeof buf, "%.6g", median));
    }
}

/* ---- parent ---- */

/* The start of main(), parent and child alike: the locale and text domain as main.c sets them
 * (the children run the application's code, whose strings are translated), then @entries from
 * the command line. Returns: FALSE, having said why, on a bad command line. */
/* Options every bench has: what a user runs (accessibility on, every guest running) is the
 * default, the rest is there to compare. */
gboolean bench_opt_no_a11y = FALSE;
static char *bench_opt_nodes = NULL;

static const GOptionEntry bench_common_options[] = {
    { "no-a11y", 0, 0, G_OPTION_ARG_NONE, &bench_opt_no_a11y,
      "Children without the accessibility bridge (NO_AT_BRIDGE=1), to compare", NULL },
    { "nodes", 0, 0, G_OPTION_ARG_STRING, &bench_opt_nodes,
      "Node files: running (every guest running, each with a disk and a NIC), mixed, or both "
      "(default)", "KIND" },
    { NULL }
};

gboolean
bench_init (int                *argc,
            char             ***argv,
            const char         *parameter_string,
            const GOptionEntry *entries)
{
    g_autoptr(GOptionContext) context = NULL;
    g_autoptr(GError) error = NULL;

    setlocale (LC_ALL, "");
    bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
    bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    textdomain (GETTEXT_PACKAGE);

    context = g_option_context_new (parameter_string);
    g_option_context_add_main_entries (context, entries, NULL);
    g_option_context_add_main_entries (context, bench_common_options, NULL);
    if (!g_option_context_parse (context, argc, argv, &error)) {
        g_printerr ("%s\n", error->message);
        return FALSE;
    }
    if (bench_opt_nodes != NULL && !g_str_equal (bench_opt_nodes, "running") &&
        !g_str_equal (bench_opt_nodes, "mixed") && !g_str_equal (bench_opt_nodes, "both")) {
        g_printerr ("--nodes takes running, mixed or both, not “%s”.\n", bench_opt_nodes);
        return FALSE;
    }
    return TRUE;
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

/* Prints the machine and the versions: figures mean nothing without what they were taken on. */
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

/* This program's own path: the parent runs fresh copies of itself as the children. */
char *
bench_self_exe (void)
{
    g_autoptr(GError) error = NULL;
    char *path = g_file_read_link ("/proc/self/exe", &error);

    if (path == NULL)
        g_error ("Cannot find this program: %s", error->message);
    return path;
}

/* The children run the real window: without a display, says how to give them one. */
gboolean
bench_have_display (const char *program,
                    const char *self_exe)
{
    if (g_getenv ("DISPLAY") != NULL && *g_getenv ("DISPLAY") != '\0')
        return TRUE;
    g_print ("%s needs an X display (it runs the real window). For example:\n"
             "  Xvfb :99 -screen 0 1600x1000x24 &\n"
             "  DISPLAY=:99 %s\n", program, self_exe);
    return FALSE;
}

/* The children's environment, set in the parent for them to inherit: the build's schemas with
 * default settings (GSETTINGS_BACKEND=memory), the accessibility bridge on unless --no-a11y, X11, and unless @gl no
 * GL (as main.c does for the real binary; the children run the application's code
 * in-process). Without a session bus, GIO would autolaunch one per child through X11; they get
 * a private one instead, as a desktop session has. Returns: that bus, or NULL if none was
 * started (give it to bench_bus_down()). */
static GTestDBus *
bench_setup_environment (gboolean gl)
{
    GTestDBus *bus = NULL;

    g_setenv ("GSETTINGS_SCHEMA_DIR", VIMANA_SCHEMAS_DIR, TRUE);
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
    if (bench_opt_no_a11y)
        g_setenv ("NO_AT_BRIDGE", "1", TRUE);
    else
        g_unsetenv ("NO_AT_BRIDGE");
    g_setenv ("GDK_BACKEND", "x11", TRUE);
    if (!gl)
        g_setenv ("GDK_GL", "disable", TRUE);
    if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL) {
        g_autofree char *daemon = g_find_program_in_path ("dbus-daemon");

        if (daemon != NULL) {
            g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

            bus = g_test_dbus_new (G_TEST_DBUS_NONE);
            /* The system's session services, as a desktop session's bus has them: among
             * them org.a11y.Bus, so the children's accessibility bridge starts the AT-SPI
             * bus and registry as it does on a GNOME desktop. */
            g_test_dbus_add_service_dir (bus, "/usr/share/dbus-1/services");
            g_test_dbus_up (bus);
            /* g_test_dbus_up() unsets DISPLAY so that nothing autolaunches: put it back. */
            g_setenv ("DISPLAY", display, TRUE);
        } else {
            g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/vimana-bench", TRUE);
        }
    }
    return bus;
}

/* Stops the private session bus of bench_setup_environment(), if there is one. */
static void
bench_bus_down (GTestDBus *bus)
{
    if (bus == NULL)
        return;
    g_test_dbus_down (bus);
    g_object_unref (bus);
}

/* Writes a test-driver node file with @domains guests (build-aux/gen-node.py) into a new
 * temporary directory: the same guests in every run, and no libvirtd needed. Returns: its path,
 * with the directory in @tmpdir, or NULL having said why. */
static char *
bench_node_new (int         domains,
                const char *kind,
                char      **tmpdir)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *count = g_strdup_printf ("%d", domains);
    g_autofree char *gen = g_build_filename (VIMANA_SOURCE_ROOT, "build-aux", "gen-node.py", NULL);
    char *node;
    int wait_status = 0;

    g_autofree char *file = g_strdup_printf ("node-%s.xml", kind);
    gboolean running = g_str_equal (kind, "running");

    if (*tmpdir == NULL)
        *tmpdir = g_dir_make_tmp ("vimana-bench-XXXXXX", &error);
    if (*tmpdir == NULL) {
        g_printerr ("%s\n", error->message);
        return NULL;
    }
    node = g_build_filename (*tmpdir, file, NULL);
    {
        const char *argv[] = { "/usr/bin/python3", gen, node, "-n", count,
                               running ? "--all-running" : NULL, NULL };

        if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                           &wait_status, &error) ||
            !g_spawn_check_wait_status (wait_status, &error)) {
            g_printerr ("Cannot generate the node file with %s: %s\n", gen, error->message);
            g_free (node);
            return NULL;
        }
    }
    return node;
}

/* Removes what bench_node_new() wrote, unless @keep (then says where it is). */
static void
bench_node_remove (char     *node,
                   gboolean  keep)
{
    if (node == NULL)
        return;
    if (!keep)
        g_unlink (node);
    else
        g_print ("kept %s\n", node);
}

/* What both parents do before their children run: the children's environment
 * (bench_setup_environment()), the node files with @domains guests (--nodes: every guest
 * running, the mixed one, or both), the machine and the first lines of the setup. Each then
 * prints its own setup lines and runs its figures once per node file. Returns: FALSE, having
 * said why and cleaned up, if there is no node file. */
gboolean
bench_parent_begin (BenchParent *parent,
                    gboolean     gl,
                    int          domains)
{
    const char *which = bench_opt_nodes != NULL ? bench_opt_nodes : "both";

    memset (parent, 0, sizeof *parent);
    parent->bus = bench_setup_environment (gl);
    if (!g_str_equal (which, "mixed"))
        parent->node_kinds[parent->n_nodes++] = "running";
    if (!g_str_equal (which, "running"))
        parent->node_kinds[parent->n_nodes++] = "mixed";
    for (guint i = 0; i < parent->n_nodes; i++) {
        parent->nodes[i] = bench_node_new (domains, parent->node_kinds[i], &parent->tmpdir);
        if (parent->nodes[i] == NULL) {
            for (guint j = 0; j < i; j++) {
                bench_node_remove (parent->nodes[j], FALSE);
                g_free (parent->nodes[j]);
            }
            if (parent->tmpdir != NULL)
                g_rmdir (parent->tmpdir);
            bench_bus_down (parent->bus);
            g_free (parent->tmpdir);
            return FALSE;
        }
    }
    parent->node = parent->nodes[0];
    parent->summary = g_string_new ("{");
    bench_print_machine ();
    g_print ("setup\n");
    for (guint i = 0; i < parent->n_nodes; i++)
        g_print ("  node file     %s, %d guests, %s\n", parent->nodes[i], domains,
                 g_str_equal (parent->node_kinds[i], "running")
                 ? "every one running with a disk and a NIC (each sampled every tick)"
                 : "mixed: 50 % running, 30 % shut off, 8 % paused, 5 % saved, 4 % crashed, 3 % "
                   "transient");
    g_print ("  accessibility %s\n", bench_opt_no_a11y
             ? "off (NO_AT_BRIDGE=1; --no-a11y)"
             : "on: GTK's AT-SPI bridge, the AT-SPI bus started through the session bus, as "
               "on a GNOME desktop");
    parent->t0 = bench_now_s ();
    return TRUE;
}

/* The node file of round @i (0 … n_nodes-1): sets parent->node and returns the summary key
 * prefix of that round ("running_" or "mixed_"), having printed a heading. */
const char *
bench_parent_node (BenchParent *parent,
                   guint        i)
{
    g_return_val_if_fail (i < parent->n_nodes, NULL);
    parent->node = parent->nodes[i];
    g_print ("=== node file: %s ===\n\n", g_str_equal (parent->node_kinds[i], "running")
             ? "every guest running" : "mixed states");
    return g_str_equal (parent->node_kinds[i], "running") ? "running_" : "mixed_";
}

/* What both parents do after their figures: the summary line, the failed runs and the time,
 * then the node files (unless @keep) and the bus go. Returns: the parent's exit status, 1 if
 * any child failed. */
int
bench_parent_end (BenchParent *parent,
                  gboolean     keep)
{
    int status = parent->failures > 0 ? 1 : 0;

    g_string_append (parent->summary, "}");
    g_print ("summary %s\n", parent->summary->str);
    g_print ("(%d failed runs; %.0f s in all)\n", parent->failures, bench_now_s () - parent->t0);
    for (guint i = 0; i < parent->n_nodes; i++) {
        bench_node_remove (parent->nodes[i], keep);
        g_free (parent->nodes[i]);
    }
    if (!keep)
        g_rmdir (parent->tmpdir);
    bench_bus_down (parent->bus);
    g_string_free (parent->summary, TRUE);
    g_free (parent->tmpdir);
    memset (parent, 0, sizeof *parent);
    return status;
}

/* Runs one child (@argv, @argv[0] being bench_self_exe()) to its end and adds the figures it
 * printed to @series; @label names it in messages. Returns: FALSE if it failed or printed
 * none (a child that failed after printing its figures still adds them). */
gboolean
bench_spawn (const char * const *argv,
             const char         *label,
             BenchSeries        *series)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    int wait_status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                       &wait_status, &error)) {
        g_printerr ("Cannot run %s: %s\n", argv[0], error->message);
        return FALSE;
    }
    if (!g_spawn_check_wait_status (wait_status, &error))
        g_printerr ("  child %s: %s\n", label, error->message);
    if (!bench_series_add_output (series, out)) {
        g_printerr ("  child %s printed no figures\n", label);
        return FALSE;
    }
    return error == NULL;
}

/* ---- child ---- */

/* libvirt prints every error to stderr by default; the application reports its own. */
void
bench_libvirt_quiet_cb (void        *user_data,
                        virErrorPtr  error)
{
}

/* The real application, set up as main.c does before any thread or connection exists, but
 * without single-instance negotiation: every run is a fresh, independent process. */
VimanaApplication *
bench_application_new (void)
{
    VimanaApplication *app;

    virSetErrorFunc (NULL, bench_libvirt_quiet_cb);
    gvir_event_register ();

    app = vimana_application_new ();
    g_application_set_flags (G_APPLICATION (app),
                             g_application_get_flags (G_APPLICATION (app)) |
                             G_APPLICATION_NON_UNIQUE);
    return app;
}

/* Runs *@app as `vimana --connect test://NODE`, the way a user starts it on that node file,
 * then drops it. Returns: the child's exit status, one rule for both programs: the
 * application's own if it failed, else *@child_status (what the measuring set), and 1 if the
 * list was never *@shown, so that the parent counts a run without figures as failed. */
int
bench_application_run (VimanaApplication **app,
                       const char         *node,
                       const int          *child_status,
                       const gboolean     *shown)
{
    g_autofree char *uri = g_strdup_printf ("test://%s", node);
    char *app_argv[] = { (char *) "vimana", (char *) "--connect", uri, NULL };
    int status = g_application_run (G_APPLICATION (*app), 3, app_argv);

    g_clear_object (app);
    if (status == 0)
        status = *child_status;
    if (!*shown)
        status = 1;
    return status;
}

typedef struct
{
    VimanaWindow     **window;
    VimanaDomainView **view;
    GCallback          draw_cb;
    gpointer           user_data;
} BenchWindowHook;

static void
bench_window_added_cb (GtkApplication *application,
                       GtkWindow      *window,
                       gpointer        user_data)
{
    BenchWindowHook *hook = user_data;

    if (*hook->window != NULL || !VIMANA_IS_WINDOW (window))
        return;
    *hook->window = VIMANA_WINDOW (window);
    *hook->view = vimana_window_get_domain_view (*hook->window);
    g_signal_connect_after (*hook->view, "draw", hook->draw_cb, hook->user_data);
}

/* When @app's first main window appears, stores it and its guest list in @window and @view
 * and calls @draw_cb (a GtkWidget::draw handler, after the list's own) with @user_data on
 * every draw of the list: the draws are where "the list is shown" can be seen. */
void
bench_hook_window (VimanaApplication *app,
                   VimanaWindow     **window,
                   VimanaDomainView **view,
                   GCallback          draw_cb,
                   gpointer           user_data)
{
    BenchWindowHook *hook = g_new0 (BenchWindowHook, 1);

    hook->window = window;
    hook->view = view;
    hook->draw_cb = draw_cb;
    hook->user_data = user_data;
    g_signal_connect_data (app, "window-added", G_CALLBACK (bench_window_added_cb), hook,
                           (GClosureNotify) (void (*)(void))g_free, 0);
}

/* Returns: (transfer none): @app's connection at @position, or NULL (the list keeps it). */
static VimanaConnection *
bench_connection_at (VimanaApplication *app,
                     guint              position)
{
    GListModel *connections = vimana_application_get_connections (app);
    g_autoptr(VimanaConnection) connection = NULL;

    if (position >= g_list_model_get_n_items (connections))
        return NULL;
    connection = g_list_model_get_item (connections, position);
    return connection;   /* the list keeps it */
}

/* Whether @connection's row in @view is expanded: until it is, its guests are not drawn. */
static gboolean
bench_row_expanded (VimanaDomainView *view,
                    VimanaConnection *connection)
{
    VimanaDomainTree *tree = vimana_domain_view_get_tree (view);
    GtkTreeModel *model = gtk_tree_view_get_model (GTK_TREE_VIEW (view));
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeIter iter;

    if (!vimana_domain_tree_find (tree, G_OBJECT (connection), &iter))
        return FALSE;
    path = gtk_tree_model_get_path (model, &iter);
    return gtk_tree_view_row_expanded (GTK_TREE_VIEW (view), path);
}

/* Called from a draw of @view: the list that draw painted is "shown" when @app's first
 * connection is loaded, all its @domains guests are in the tree and its row is expanded; both
 * programs start measuring there. Returns: (transfer none): that connection, or NULL. */
VimanaConnection *
bench_list_shown (VimanaApplication *app,
                  VimanaDomainView  *view,
                  guint              domains)
{
    VimanaConnection *connection = bench_connection_at (app, 0);

    if (connection == NULL || !vimana_connection_get_loaded (connection) ||
        vimana_domain_tree_count_domains (vimana_domain_view_get_tree (view)) != domains ||
        !bench_row_expanded (view, connection))
        return NULL;
    return connection;
}
