/* test-stats-pages.c: the statistics views on the test driver: a guest's Performance page,
 * the Host window, and the main window's statistics columns
 *
 * The test driver's guests have fake but advancing counters, so every guest series has
 * values; its node CPU counters never advance and it has no node memory statistics, so the
 * host graphs must say why they are empty. Waits are on sampler ticks, never on the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-details-window.h"
#include "vimana-domain-tree.h"
#include "vimana-host-window.h"
#include "vimana-performance-page.h"
#include "vimana-window.h"

#define TEST_INTERVAL 0.5

typedef struct
{
    VimanaStatsSampler *sampler;
    guint               ticks;
} TickWait;

static gboolean
ticks_reached (gpointer data)
{
    TickWait *wait = data;

    return vimana_stats_sampler_get_ticks (wait->sampler) >= wait->ticks;
}

/* Waits for @n more ticks of @connection's sampler. */
static void
wait_ticks (VimanaConnection *connection,
            guint             n)
{
    TickWait wait;

    wait.sampler = vimana_connection_get_sampler (connection);
    wait.ticks = vimana_stats_sampler_get_ticks (wait.sampler) + n;
    ui_test_wait (ticks_reached, &wait, "statistics ticks");
    ui_test_flush ();
}

/* A connection on the node file, sampling every half second. */
static VimanaConnection *
open_fast_node (void)
{
    VimanaConnection *connection = ui_test_open_node ();

    vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), TEST_INTERVAL);
    return connection;
}

/* The test environment pins GTK_THEME, which outranks the dark preference: the variant goes
 * there too. GTK reads both again when the preference changes. */
static void
set_dark (gboolean dark)
{
    g_setenv ("GTK_THEME", dark ? "Adwaita:dark" : "Adwaita", TRUE);
    g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
}

/* ---- the Performance page ---- */

static void
test_performance_running (void)
{
    static const char * const names[] = { "CPU", "memory", "disk", "network" };
    g_autoptr(VimanaConnection) connection = open_fast_node ();
    VimanaDomain *domain = ui_test_domain (connection, "run-01");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaPerformancePage *page;

    gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
    g_assert_true (vimana_details_window_set_page (window, "performance"));
    page = VIMANA_PERFORMANCE_PAGE (vimana_details_window_get_performance (window));
    gtk_widget_show (GTK_WIDGET (window));
    wait_ticks (connection, 3);

    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++) {
        VimanaGraph *graph = vimana_performance_page_get_graph (page, i);
        float current = NAN;

        g_test_message ("%s: %s", names[i], vimana_performance_page_get_summary (page, i));
        g_assert_cmpstr (vimana_graph_get_unavailable (graph), ==, NULL);
        g_assert_cmpuint (vimana_graph_get_n_series (graph), >, 0);
        vimana_graph_get_summary (graph, 0, &current);
        if (isnan (current))
            g_error ("The %s graph has no current value", names[i]);
        g_assert_cmpstr (vimana_performance_page_get_summary (page, i), !=, "");
    }
    g_assert_nonnull (strstr (vimana_performance_page_get_summary (page, VIMANA_PERFORMANCE_CPU),
                              "vCPU"));

    /* A few seconds of history: the last minute shows them, ten minutes would not. */
    vimana_performance_page_set_range (page, 60);
    wait_ticks (connection, 3);
    ui_test_screenshot (GTK_WIDGET (window), "performance-light");

    set_dark (TRUE);
    ui_test_wait_drawn (GTK_WIDGET (window));
    ui_test_screenshot (GTK_WIDGET (window), "performance-dark");
    set_dark (FALSE);

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

static void
test_performance_never_ran (void)
{
    g_autoptr(VimanaConnection) connection = open_fast_node ();
    VimanaDomain *domain = ui_test_domain (connection, "off-03");
    VimanaDetailsWindow *window = vimana_details_window_new (NULL, domain, NULL);
    VimanaPerformancePage *page;

    g_assert_true (vimana_details_window_set_page (window, "performance"));
    page = VIMANA_PERFORMANCE_PAGE (vimana_details_window_get_performance (window));
    gtk_widget_show (GTK_WIDGET (window));
    wait_ticks (connection, 2);

    /* Not an empty box: each graph says why it has nothing to show. */
    for (guint i = 0; i < VIMANA_PERFORMANCE_N_GRAPHS; i++) {
        const char *reason = vimana_graph_get_unavailable (vimana_performance_page_get_graph (page,
                                                                                              i));

        g_assert_nonnull (reason);
        g_assert_cmpstr (reason, !=, "");
    }
    ui_test_screenshot (GTK_WIDGET (window), "performance-never-ran");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* ---- the Host window ---- */

static void
test_host_window (void)
{
    g_autoptr(VimanaConnection) connection = open_fast_node ();
    VimanaHostWindow *window = VIMANA_HOST_WINDOW (vimana_host_window_new (NULL, connection));
    GPtrArray *top;
    double previous = INFINITY;
    g_autofree char *title = g_strdup_printf ("%s — Host",
                                              vimana_connection_get_display_name (connection));

    gtk_widget_show (GTK_WIDGET (window));
    wait_ticks (connection, 3);

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, title);
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), "Host CPU usage",
                                            VIMANA_TYPE_GRAPH));
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), "Host memory usage",
                                            VIMANA_TYPE_GRAPH));
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), "Time range", GTK_TYPE_COMBO_BOX));
    g_assert_nonnull (ui_test_find_by_name (GTK_WIDGET (window), "Top guests by CPU",
                                            GTK_TYPE_LIST_BOX));

    /* The node's own counters, not the guests' sum: the test driver's do not advance, and
     * this node file has no NUMA cells for the memory. */
    g_assert_cmpstr (vimana_graph_get_unavailable (vimana_host_window_get_graph (window, FALSE)),
                     ==, "The host’s CPU counters do not advance.");
    g_assert_nonnull (vimana_graph_get_unavailable (vimana_host_window_get_graph (window, TRUE)));
    g_assert_cmpfloat (vimana_graph_get_max (vimana_host_window_get_graph (window, FALSE)), ==,
                       100.0);
    g_assert_cmpstr (vimana_host_window_get_summary (window, FALSE), ==, "The host has 16 CPUs.");

    top = vimana_host_window_get_top (window, VIMANA_HOST_TOP_CPU);
    g_assert_cmpuint (top->len, ==, VIMANA_HOST_TOP_SIZE);
    for (guint i = 0; i < top->len; i++) {
        VimanaDomain *domain = g_ptr_array_index (top, i);
        double value = vimana_domain_tree_stat_value (domain, VIMANA_DOMAIN_TREE_SORT_CPU);

        g_test_message ("top CPU %u: %s %.2f", i, vimana_domain_get_name (domain), value);
        g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
        g_assert_false (isnan (value));
        g_assert_cmpfloat (value, <=, previous);
        previous = value;
    }
    for (guint list = VIMANA_HOST_TOP_MEMORY; list < VIMANA_HOST_N_TOPS; list++) {
        top = vimana_host_window_get_top (window, list);
        g_assert_cmpuint (top->len, <=, VIMANA_HOST_TOP_SIZE);
        for (guint i = 0; i < top->len; i++)
            g_assert_cmpint (vimana_domain_get_state (g_ptr_array_index (top, i)), ==,
                             VIMANA_DOMAIN_STATE_RUNNING);
    }
    g_assert_cmpuint (vimana_host_window_get_top (window, VIMANA_HOST_TOP_MEMORY)->len, ==,
                      VIMANA_HOST_TOP_SIZE);
    ui_test_screenshot (GTK_WIDGET (window), "host-window");

    /* A new interval replaces the host's statistics: the graphs follow the new ones. */
    vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), 1.0);
    g_assert_cmpuint (vimana_graph_get_n_series (vimana_host_window_get_graph (window, FALSE)), ==,
                      1);
    wait_ticks (connection, 3);
    g_assert_cmpstr (vimana_graph_get_unavailable (vimana_host_window_get_graph (window, FALSE)),
                     ==, "The host’s CPU counters do not advance.");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

/* ---- the main window's statistics columns ---- */

static GtkTreeViewColumn *
find_column (GtkTreeView *view,
             const char  *title)
{
    GList *columns = gtk_tree_view_get_columns (view);
    GtkTreeViewColumn *found = NULL;

    for (GList *l = columns; l != NULL && found == NULL; l = l->next) {
        if (g_strcmp0 (gtk_tree_view_column_get_title (l->data), title) == 0)
            found = l->data;
    }
    g_list_free (columns);
    return found;
}

static void
test_main_window_stats (void)
{
    g_autoptr(GSettings) settings = g_settings_new ("io.github.vimana.Vimana");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(VimanaConnection) connection = open_fast_node ();
    VimanaWindow *window;
    VimanaDomainView *view;
    VimanaDomainTree *tree;
    GtkTreeModel *model;
    GtkTreeViewColumn *cpu;
    GtkTreeIter parent, child;
    double previous = INFINITY;
    guint checked = 0;
    gboolean more;

    g_settings_reset (settings, "list-columns");
    g_list_store_append (connections, connection);
    window = vimana_window_new (NULL, G_LIST_MODEL (connections), settings);
    view = vimana_window_get_domain_view (window);
    tree = vimana_domain_view_get_tree (view);
    model = gtk_tree_view_get_model (GTK_TREE_VIEW (view));
    gtk_widget_show (GTK_WIDGET (window));

    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model), VIMANA_DOMAIN_TREE_SORT_CPU,
                                          GTK_SORT_DESCENDING);
    wait_ticks (connection, 3);

    /* The busiest first, highest first; guests without a value (not running) last. The test
     * driver's CPU time is the wall clock for every active guest, paused ones too, so those
     * rank among the running ones here (a real hypervisor gives them none): the first rows
     * are active guests, not necessarily running ones. */
    g_assert_true (gtk_tree_model_get_iter_first (model, &parent));
    for (more = gtk_tree_model_iter_children (model, &child, &parent); more;
         more = gtk_tree_model_iter_next (model, &child), checked++) {
        VimanaDomain *domain = VIMANA_DOMAIN (vimana_domain_tree_get_object (tree, &child));
        double value = vimana_domain_tree_stat_value (domain, VIMANA_DOMAIN_TREE_SORT_CPU);

        if (checked < 10)
            g_test_message ("row %u: %s %f", checked, vimana_domain_get_name (domain), value);
        if (isnan (value)) {
            g_assert_false (vimana_domain_get_state (domain) == VIMANA_DOMAIN_STATE_RUNNING);
            previous = NAN;
            continue;
        }
        /* A value after the rows without one would be out of order. */
        g_assert_false (isnan (previous));
        g_assert_true (vimana_domain_get_active (domain));
        g_assert_cmpfloat (value, <=, previous);
        previous = value;
    }
    g_assert_cmpuint (checked, ==, 50);

    /* The connection's row opens its host from its menu. */
    g_assert_true (vimana_domain_view_select (view, G_OBJECT (connection), FALSE));
    ui_test_flush ();
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                      "connection-host"));
    gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (GTK_TREE_VIEW (view)));
    ui_test_flush ();
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                       "connection-host"));

    cpu = find_column (GTK_TREE_VIEW (view), "CPU");
    g_assert_nonnull (cpu);
    g_assert_true (gtk_tree_view_column_get_visible (cpu));
    ui_test_screenshot (GTK_WIDGET (window), "main-window-stats");

    /* Hidden through the settings, as the Columns menu does. */
    {
        const char * const shown[] = { "memory", "disk", "network", NULL };

        g_settings_set_strv (settings, "list-columns", shown);
    }
    ui_test_flush ();
    g_assert_false (gtk_tree_view_column_get_visible (cpu));
    g_assert_true (gtk_tree_view_column_get_visible (find_column (GTK_TREE_VIEW (view),
                                                                  "Memory use")));
    {
        g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                     "column-cpu");
        g_assert_false (g_variant_get_boolean (state));
    }
    g_settings_reset (settings, "list-columns");

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (connection);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/stats/performance-running", test_performance_running);
    g_test_add_func ("/ui/stats/performance-never-ran", test_performance_never_ran);
    g_test_add_func ("/ui/stats/host-window", test_host_window);
    g_test_add_func ("/ui/stats/main-window", test_main_window_stats);

    return g_test_run ();
}
