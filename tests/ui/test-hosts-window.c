/* test-hosts-window.c: the Hosts window across connections, on the test driver
 *
 * Two node files are two hosts: the test driver's capabilities carry no host UUID, so the
 * connection's URI stands for its host (vimana_migration_read_host_identity_async), and two
 * different node files are two different hosts. node-50.xml runs 22 guests on 16 CPUs and
 * node-user-nic.xml its one small guest (tests/data/README): a lopsided pair. Waits are on
 * sampler ticks and on the window's state, never on the clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-balance.h"
#include "vimana-hosts-window.h"
#include "vimana-migrate-dialog.h"
#include "vimana-stats-sampler.h"

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

static gboolean
identities_read (gpointer data)
{
    return vimana_hosts_window_get_n_identities (data) >= 2;
}

static VimanaConnection *
open_fast (const char *file)
{
    g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
    g_autofree char *uri = g_strdup_printf ("test://%s", path);
    VimanaConnection *connection = test_connection_open (uri);

    vimana_stats_sampler_set_interval (vimana_connection_get_sampler (connection), 0.5);
    return connection;
}

static guint
n_rows (GtkTreeModel *model)
{
    return (guint) gtk_tree_model_iter_n_children (model, NULL);
}

/* The guests column of the row whose name is @name; G_MAXUINT when there is none. */
static guint
row_guests (GtkTreeModel *model,
            const char   *name)
{
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *row = NULL;
        guint guests = 0;

        gtk_tree_model_get (model, &iter, VIMANA_HOSTS_COLUMN_NAME, &row,
                            VIMANA_HOSTS_COLUMN_GUESTS, &guests, -1);
        if (g_str_has_prefix (row, name))
            return guests;
    }
    return G_MAXUINT;
}

static void
log_rows (GtkTreeModel *model)
{
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *name = NULL, *cpu = NULL, *committed = NULL, *free_text = NULL;
        guint guests = 0;

        gtk_tree_model_get (model, &iter, VIMANA_HOSTS_COLUMN_NAME, &name,
                            VIMANA_HOSTS_COLUMN_CPU, &cpu, VIMANA_HOSTS_COLUMN_COMMITTED, &committed,
                            VIMANA_HOSTS_COLUMN_FREE, &free_text, VIMANA_HOSTS_COLUMN_GUESTS, &guests,
                            -1);
        g_test_message ("%s: CPU %s, committed %s, free %s, %u guests", name, cpu, committed,
                        free_text, guests);
    }
}

static void
test_hosts_lopsided (void)
{
    g_autoptr(VimanaConnection) busy = open_fast ("node-50.xml");
    g_autoptr(VimanaConnection) idle = open_fast ("node-user-nic.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    VimanaHostsWindow *window;
    GtkTreeModel *hosts;
    GPtrArray *proposals;
    VimanaBalanceProposal *first;
    GtkWindow *dialog;

    g_list_store_append (connections, busy);
    g_list_store_append (connections, idle);
    window = VIMANA_HOSTS_WINDOW (vimana_hosts_window_new (NULL, G_LIST_MODEL (connections)));
    gtk_widget_show (GTK_WIDGET (window));
    ui_test_wait (identities_read, window, "the hosts' identities");
    /* Enough samples for a CPU rate on each guest. */
    wait_ticks (busy, 3);
    wait_ticks (idle, 3);
    vimana_hosts_window_refresh (window);

    hosts = vimana_hosts_window_get_hosts (window);
    g_assert_cmpuint (n_rows (hosts), ==, 2);
    g_assert_cmpuint (row_guests (hosts, vimana_connection_get_display_name (busy)), ==, 22);

    log_rows (hosts);
    proposals = vimana_hosts_window_get_proposals (window);
    g_test_message ("consolidation: %s", vimana_hosts_window_get_consolidation (window));
    g_assert_cmpuint (proposals->len, >, 0);
    first = g_ptr_array_index (proposals, 0);
    /* From the busy host to the idle one, and the move narrows the gap. */
    g_assert_cmpstr (first->from_host_uuid, ==, vimana_connection_get_uri (busy));
    g_assert_cmpstr (first->to_host_uuid, ==, vimana_connection_get_uri (idle));
    g_assert_cmpfloat (first->from_after.cpu_percent, <, first->from_before.cpu_percent);
    g_assert_cmpfloat (first->to_after.cpu_percent, >, first->to_before.cpu_percent);
    g_assert_nonnull (vimana_connection_lookup_domain (busy, first->guest_uuid));

    /* Apply opens the Migrate dialog for that guest. */
    dialog = vimana_hosts_window_apply (window, 0);
    g_assert_nonnull (dialog);
    g_assert_true (VIMANA_IS_MIGRATE_DIALOG (dialog));
    g_assert_null (vimana_hosts_window_apply (window, proposals->len));
    gtk_widget_destroy (GTK_WIDGET (dialog));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (busy);
    vimana_connection_shutdown (idle);
}

/* Two connections to one host are one row: the same URI twice (the test driver's identity). */
static void
test_hosts_same_host (void)
{
    g_autoptr(VimanaConnection) first = open_fast ("node-user-nic.xml");
    g_autoptr(VimanaConnection) second = open_fast ("node-user-nic.xml");
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    VimanaHostsWindow *window;

    g_list_store_append (connections, first);
    g_list_store_append (connections, second);
    window = VIMANA_HOSTS_WINDOW (vimana_hosts_window_new (NULL, G_LIST_MODEL (connections)));
    gtk_widget_show (GTK_WIDGET (window));
    ui_test_wait (identities_read, window, "the hosts' identities");
    wait_ticks (first, 2);
    vimana_hosts_window_refresh (window);

    g_assert_cmpuint (n_rows (vimana_hosts_window_get_hosts (window)), ==, 1);
    g_assert_cmpuint (vimana_hosts_window_get_proposals (window)->len, ==, 0);
    g_assert_nonnull (strstr (vimana_hosts_window_get_consolidation (window), "two hosts"));

    gtk_widget_destroy (GTK_WIDGET (window));
    vimana_connection_shutdown (first);
    vimana_connection_shutdown (second);
}

int
main (int    argc,
      char **argv)
{
    ui_test_init (&argc, &argv);
    g_test_add_func ("/hosts-window/lopsided", test_hosts_lopsided);
    g_test_add_func ("/hosts-window/same-host", test_hosts_same_host);
    return g_test_run ();
}
