/* bench-hosts.c: the Hosts window's steady cost with 10 connections and 1,000 guests
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-hosts [--connections C] [--domains N] [--seconds S]
 *
 * Writes C test-driver node files of N / C guests each, every guest running
 * (build-aux/gen-node.py --all-running; each file's guest UUIDs made distinct, as guests on
 * different hosts are), opens one connection on each (statistics every second), waits until
 * every connection has listed its guests, then measures the process's CPU (getrusage, every
 * thread, % of one core) over S seconds twice: without the Hosts window (the samplers alone),
 * then with the Hosts window shown. The difference is the window's own cost: one refresh per
 * sampler round over every host and guest, the list and the proposals redrawn. The issue's
 * target is ≤ 2 % of a core for the view.
 *
 * Run it as users run the app, with the accessibility bridge on (it says whether it was):
 *   Xvfb :99 & DISPLAY=:99 dbus-run-session -- sh -c \
 *     '/usr/libexec/at-spi-bus-launcher --launch-immediately & sleep 1; _build/bench/bench-hosts'
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "bench-common.h"
#include "vimana-connection.h"
#include "vimana-hosts-window.h"
#include "vimana-stats-sampler.h"

static int opt_connections = 10;
static int opt_domains = 1000;
static int opt_seconds = 20;

static const GOptionEntry options[] = {
    { "connections", 'c', 0, G_OPTION_ARG_INT, &opt_connections, "Connections (10)", "C" },
    { "domains", 'n', 0, G_OPTION_ARG_INT, &opt_domains, "Guests in all (1000)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_INT, &opt_seconds, "Seconds measured per phase (20)", "S" },
    { NULL },
};

/* Writes node file @index with @n running guests whose UUIDs begin with the file's index. */
static char *
write_node (const char *dir,
            int         index,
            int         n)
{
    g_autofree char *path = g_strdup_printf ("%s/host-%02d.xml", dir, index);
    g_autofree char *script = g_build_filename (VIMANA_SOURCE_ROOT, "build-aux", "gen-node.py", NULL);
    g_autofree char *count = g_strdup_printf ("%d", n);
    const char *argv[] = { "python3", script, "-n", count, "--all-running", path, NULL };
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = NULL;
    g_autoptr(GString) out = NULL;
    int status = 0;
    const char *p;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error) || !g_spawn_check_wait_status (status, &error) ||
        !g_file_get_contents (path, &xml, NULL, &error))
        g_error ("gen-node.py: %s", error->message);
    out = g_string_sized_new (strlen (xml));
    for (p = xml; *p != '\0';) {
        const char *uuid = strstr (p, "<uuid>");

        if (uuid == NULL) {
            g_string_append (out, p);
            break;
        }
        g_string_append_len (out, p, uuid - p + 6);
        g_string_append_printf (out, "%02x", index & 0xff);
        p = uuid + 8;
    }
    if (!g_file_set_contents (path, out->str, -1, &error))
        g_error ("%s: %s", path, error->message);
    return g_steal_pointer (&path);
}

static gboolean
all_loaded (GListModel *connections)
{
    guint n = g_list_model_get_n_items (connections);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaConnection) connection = g_list_model_get_item (connections, i);

        if (!vimana_connection_get_loaded (connection))
            return FALSE;
    }
    return TRUE;
}

static gboolean
spin_done_cb (gpointer data)
{
    *(gboolean *) data = TRUE;
    return G_SOURCE_REMOVE;
}

/* Runs the main loop, blocking between events, for @seconds. */
static void
spin (double seconds)
{
    gboolean done = FALSE;

    g_timeout_add ((guint) (seconds * 1000), spin_done_cb, &done);
    while (!done)
        g_main_context_iteration (NULL, TRUE);
}

/* Returns: the process's CPU over @seconds of the main loop, in % of one core */
static double
measure (double seconds)
{
    double cpu0 = bench_cpu_process ();
    double t0 = bench_now_s ();

    spin (seconds);
    return 100.0 * (bench_cpu_process () - cpu0) / (bench_now_s () - t0);
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(GOptionContext) context = g_option_context_new ("- the Hosts window's cost");
    g_autoptr(GError) error = NULL;
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autofree char *dir = NULL;
    GtkWidget *window;
    double bridge, without, with;
    guint rows;

    g_option_context_add_main_entries (context, options, NULL);
    g_option_context_add_group (context, gtk_get_option_group (TRUE));
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "%s\n", error->message);
        return 2;
    }
    if (gdk_display_get_default () == NULL) {
        fprintf (stderr, "bench-hosts needs an X display: Xvfb :99 & DISPLAY=:99 %s\n", argv[0]);
        return 2;
    }
    virSetErrorFunc (NULL, bench_libvirt_quiet_cb);
    dir = g_dir_make_tmp ("bench-hosts-XXXXXX", &error);
    if (dir == NULL)
        g_error ("%s", error->message);

    for (int i = 0; i < opt_connections; i++) {
        g_autofree char *node = write_node (dir, i, opt_domains / opt_connections);
        g_autofree char *uri = g_strdup_printf ("test://%s", node);
        g_autoptr(VimanaConnection) connection = vimana_connection_new (uri);

        g_list_store_append (connections, connection);
        vimana_connection_open (connection);
        vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), 1.0);
    }
    while (!all_loaded (G_LIST_MODEL (connections)))
        g_main_context_iteration (NULL, TRUE);
    bridge = bench_a11y_bridge_active ();

    spin (3.0);   /* the samplers' first rounds */
    without = measure (opt_seconds);

    window = vimana_hosts_window_new (NULL, G_LIST_MODEL (connections));
    gtk_widget_show (window);
    spin (3.0);
    with = measure (opt_seconds);
    rows = (guint) gtk_tree_model_iter_n_children (
        vimana_hosts_window_get_hosts (VIMANA_HOSTS_WINDOW (window)), NULL);

    printf ("bench-hosts (%s build): %d connections, %d guests running in all, %d s per phase, "
            "accessibility bridge %s\n",
            VIMANA_BUILDTYPE, opt_connections, opt_domains, opt_seconds, bridge > 0 ? "on" : "off");
    printf ("  samplers alone:           %.2f %% of a core\n", without);
    printf ("  with the Hosts window:    %.2f %% of a core (%u hosts listed, %u proposals)\n", with,
            rows, vimana_hosts_window_get_proposals (VIMANA_HOSTS_WINDOW (window))->len);
    printf ("  the window's own cost:    %.2f %% of a core (target ≤ 2 %%)\n", with - without);
    printf ("{\"connections\": %d, \"domains\": %d, \"bridge\": %.0f, \"cpu_without\": %.3f, "
            "\"cpu_with\": %.3f, \"cpu_window\": %.3f}\n",
            opt_connections, opt_domains, bridge, without, with, with - without);

    gtk_widget_destroy (window);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (connections)); i++) {
        g_autoptr(VimanaConnection) connection =
            g_list_model_get_item (G_LIST_MODEL (connections), i);
        vimana_connection_shutdown (connection);
    }
    for (int i = 0; i < opt_connections; i++) {
        g_autofree char *node = g_strdup_printf ("%s/host-%02d.xml", dir, i);
        g_unlink (node);
    }
    g_rmdir (dir);
    return 0;
}
