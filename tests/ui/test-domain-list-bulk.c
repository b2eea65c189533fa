/* test-domain-list-bulk.c: a big batch of guests (a connection's first listing, its guests going
 * when it closes) reaches the main window's list in bulk, and the list shows what it showed
 *
 * A batch of 256 rows or more replaces the list's filter and sort models (vimana-domain-tree.c):
 * these tests check that the sort column, the search, the selection, the cursor, the collapsed
 * and expanded connections and the first row on screen are what they were.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-domain-tree.h"
#include "vimana-window.h"

#define BULK_GUESTS 300

typedef struct
{
    VimanaConnection *connection;   /* node-50: its 50 guests arrive row by row */
    VimanaConnection *bulk;         /* BULK_GUESTS guests, not opened yet */
    VimanaConnection *second;       /* the same node file again, not opened yet */
    GListStore       *connections;
    GSettings        *settings;
    VimanaWindow     *window;
    VimanaDomainView *view;
    VimanaDomainTree *tree;
    char             *dir;
    char             *node;
} Fixture;

/* A node file of @count running guests: "bulk-NNN", titled "Web server bulk NNN" when NNN is
 * even and "Batch job NNN" when odd, with memory cycling through four sizes. */
static char *
write_bulk_node (const char *dir,
                 guint       count)
{
    g_autoptr(GString) xml = g_string_new ("<?xml version='1.0'?>\n<node>\n"
                                           "  <cpu><mhz>2400</mhz><model>x86_64</model><nodes>1"
                                           "</nodes><sockets>2</sockets><cores>4</cores>"
                                           "<threads>2</threads></cpu>\n"
                                           "  <memory>67108864</memory>\n");
    g_autoptr(GError) error = NULL;
    char *path = g_build_filename (dir, "node-bulk.xml", NULL);

    for (guint i = 0; i < count; i++) {
        guint mib = 256u << (i % 4);

        g_string_append_printf (xml,
                                "  <domain type='test'>\n"
                                "    <name>bulk-%03u</name>\n"
                                "    <uuid>6f1d7c1e-0000-4000-8000-%012x</uuid>\n"
                                "    <title>%s %03u</title>\n"
                                "    <memory unit='MiB'>%u</memory>\n"
                                "    <currentMemory unit='MiB'>%u</currentMemory>\n"
                                "    <vcpu placement='static'>1</vcpu>\n"
                                "    <os><type arch='i686'>hvm</type></os>\n"
                                "  </domain>\n",
                                i, i, i % 2 == 0 ? "Web server bulk" : "Batch job", i, mib, mib);
    }
    g_string_append (xml, "</node>\n");
    g_file_set_contents (path, xml->str, -1, &error);
    g_assert_no_error (error);
    return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *uri = NULL;

    fixture->dir = g_dir_make_tmp ("vimana-test-bulk-XXXXXX", &error);
    g_assert_no_error (error);
    fixture->node = write_bulk_node (fixture->dir, BULK_GUESTS);
    uri = g_strdup_printf ("test://%s", fixture->node);

    fixture->settings = g_settings_new ("io.github.vimana.Vimana");
    fixture->connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    fixture->connection = ui_test_open_node ();
    fixture->bulk = vimana_connection_new (uri);
    fixture->second = vimana_connection_new (uri);
    g_list_store_append (fixture->connections, fixture->connection);
    g_list_store_append (fixture->connections, fixture->bulk);
    g_list_store_append (fixture->connections, fixture->second);
    fixture->window = vimana_window_new (NULL, G_LIST_MODEL (fixture->connections),
                                         fixture->settings);
    fixture->view = vimana_window_get_domain_view (fixture->window);
    fixture->tree = vimana_domain_view_get_tree (fixture->view);
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 600);
    gtk_widget_show (GTK_WIDGET (fixture->window));
    ui_test_flush ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
    gtk_widget_destroy (GTK_WIDGET (fixture->window));
    vimana_connection_shutdown (fixture->second);
    vimana_connection_shutdown (fixture->bulk);
    vimana_connection_shutdown (fixture->connection);
    g_clear_object (&fixture->second);
    g_clear_object (&fixture->bulk);
    g_clear_object (&fixture->connection);
    g_clear_object (&fixture->connections);
    g_clear_object (&fixture->settings);
    g_unlink (fixture->node);
    g_rmdir (fixture->dir);
    g_free (fixture->node);
    g_free (fixture->dir);
}

static gboolean
bulk_loaded (gpointer data)
{
    Fixture *fixture = data;

    return vimana_connection_get_loaded (fixture->bulk) &&
           g_list_model_get_n_items (vimana_connection_get_domains (fixture->bulk)) ==
           BULK_GUESTS && vimana_domain_tree_count_domains (fixture->tree) ==
           50 + BULK_GUESTS + g_list_model_get_n_items (
        vimana_connection_get_domains (fixture->second));
}

static gboolean
bulk_gone (gpointer data)
{
    Fixture *fixture = data;

    return vimana_domain_tree_count_domains (fixture->tree) ==
           50 + g_list_model_get_n_items (vimana_connection_get_domains (fixture->second));
}

/* Opens the bulk connection (its first listing: one batch of BULK_GUESTS rows) and returns
 * once the list holds them. */
static void
open_bulk (Fixture *fixture)
{
    vimana_connection_open (fixture->bulk);
    ui_test_wait (bulk_loaded, fixture, "the bulk connection's guests");
    ui_test_flush ();
}

static void
close_bulk (Fixture *fixture)
{
    vimana_connection_close (fixture->bulk);
    ui_test_wait (bulk_gone, fixture, "the bulk connection's guests to go");
    ui_test_flush ();
}

static GtkTreePath *
path_of (Fixture *fixture,
         GObject *object)
{
    GtkTreeIter iter;

    g_assert_true (vimana_domain_tree_find (fixture->tree, object, &iter));
    return gtk_tree_model_get_path (gtk_tree_view_get_model (GTK_TREE_VIEW (fixture->view)),
                                    &iter);
}

static gboolean
row_expanded (Fixture *fixture,
              GObject *object)
{
    g_autoptr(GtkTreePath) path = path_of (fixture, object);

    return gtk_tree_view_row_expanded (GTK_TREE_VIEW (fixture->view), path);
}

static gboolean
contains_casefolded (const char *haystack,
                     const char *needle)
{
    g_autofree char *folded = haystack ? g_utf8_casefold (haystack, -1) : NULL;

    return folded != NULL && strstr (folded, needle) != NULL;
}

/* Every guest row of the view's model, in order: memory descending, then name, and each one
 * matching "web server" when @filtered. Returns: how many there are. */
static guint
check_rows (Fixture  *fixture,
            gboolean  filtered)
{
    GtkTreeModel *model = gtk_tree_view_get_model (GTK_TREE_VIEW (fixture->view));
    GtkTreeIter parent, child;
    guint rows = 0;

    g_assert_true (model == vimana_domain_tree_get_model (fixture->tree));
    for (gboolean p = gtk_tree_model_get_iter_first (model, &parent); p;
         p = gtk_tree_model_iter_next (model, &parent)) {
        VimanaDomain *previous = NULL;

        for (gboolean c = gtk_tree_model_iter_children (model, &child, &parent); c;
             c = gtk_tree_model_iter_next (model, &child)) {
            VimanaDomain *domain = VIMANA_DOMAIN (vimana_domain_tree_get_object (fixture->tree,
                                                                                 &child));

            if (previous != NULL) {
                guint64 a = vimana_domain_get_memory (previous);
                guint64 b = vimana_domain_get_memory (domain);

                /* A descending sort turns the names of equal sizes round too. */
                g_assert_cmpuint (a, >=, b);
                if (a == b)
                    g_assert_cmpint (g_utf8_collate (vimana_domain_get_name (previous),
                                                     vimana_domain_get_name (domain)), >, 0);
            }
            if (filtered)
                g_assert_true (contains_casefolded (vimana_domain_get_title (domain), "web server"));
            previous = domain;
            rows++;
        }
    }
    return rows;
}

static gboolean
bulk_sampled (gpointer data)
{
    Fixture *fixture = data;
    GListModel *domains = vimana_connection_get_domains (fixture->bulk);

    for (guint i = 0; i < g_list_model_get_n_items (domains); i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        if (vimana_domain_get_stats (domain) == NULL)
            return FALSE;
    }
    return TRUE;
}

static void
check_selection (Fixture      *fixture,
                 VimanaDomain *expected)
{
    g_autoptr(GPtrArray) selected = vimana_domain_view_get_selected_domains (fixture->view);
    g_autoptr(GtkTreePath) cursor = NULL;
    g_autoptr(GtkTreePath) path = path_of (fixture, G_OBJECT (expected));

    g_assert_cmpuint (selected->len, ==, 1);
    g_assert_true (g_ptr_array_index (selected, 0) == expected);
    gtk_tree_view_get_cursor (GTK_TREE_VIEW (fixture->view), &cursor, NULL);
    g_assert_nonnull (cursor);
    g_assert_cmpint (gtk_tree_path_compare (cursor, path), ==, 0);
}

/* The first listing of 300 guests, then the same guests going as the connection closes, under
 * a sort by memory (descending), a search and a selected guest of the other connection. */
static void
test_bulk_keeps_sort_filter_selection (Fixture       *fixture,
                                       gconstpointer  data)
{
    GtkTreeView *view = GTK_TREE_VIEW (fixture->view);
    GtkTreeModel *before = gtk_tree_view_get_model (view);
    VimanaDomain *selected = ui_test_domain (fixture->connection, "run-01");
    GtkTreeModel *model;
    int column;
    GtkSortType order;

    g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 50);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (before),
                                          VIMANA_DOMAIN_TREE_SORT_MEMORY, GTK_SORT_DESCENDING);
    vimana_window_set_search (fixture->window, "Web server");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 4);
    g_assert_true (vimana_domain_view_select (fixture->view, G_OBJECT (selected), FALSE));
    {
        g_autoptr(GtkTreePath) path = path_of (fixture, G_OBJECT (selected));

        gtk_tree_view_set_cursor (view, path, NULL, FALSE);
    }
    check_selection (fixture, selected);
    g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);

    open_bulk (fixture);
    /* The batch went in bulk: the model the list showed is gone, nothing listens to the store
     * but the new one, and the view shows the tree's model. */
    g_assert_null (before);
    model = gtk_tree_view_get_model (view);
    g_assert_true (gtk_tree_sortable_get_sort_column_id (GTK_TREE_SORTABLE (model), &column,
                                                         &order));
    g_assert_cmpint (column, ==, VIMANA_DOMAIN_TREE_SORT_MEMORY);
    g_assert_cmpint (order, ==, GTK_SORT_DESCENDING);
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 4 + BULK_GUESTS / 2);
    g_assert_cmpuint (check_rows (fixture, TRUE), ==, 4 + BULK_GUESTS / 2);
    check_selection (fixture, selected);
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->connection)));
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->bulk)));

    /* The first statistics change every guest's row at once: that goes in bulk too. */
    if (!bulk_sampled (fixture)) {
        before = gtk_tree_view_get_model (view);
        g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);
        ui_test_wait (bulk_sampled, fixture, "statistics for every guest of the batch");
        ui_test_flush ();
        g_assert_null (before);
    } else {
        /* One tick samples every guest: it came before the listing's checks above. */
        g_test_message ("the first statistics came with the listing");
    }
    g_assert_cmpuint (check_rows (fixture, TRUE), ==, 4 + BULK_GUESTS / 2);
    check_selection (fixture, selected);

    /* The search still applies to the new model's rows as it changes. */
    vimana_window_set_search (fixture->window, "");
    g_assert_cmpuint (check_rows (fixture, FALSE), ==, 50 + BULK_GUESTS);
    check_selection (fixture, selected);
    vimana_window_set_search (fixture->window, "web SERVER");
    g_assert_cmpuint (check_rows (fixture, TRUE), ==, 4 + BULK_GUESTS / 2);

    /* The connection closes: its 300 rows go in one batch too. */
    before = gtk_tree_view_get_model (view);
    g_object_add_weak_pointer (G_OBJECT (before), (gpointer *) &before);
    close_bulk (fixture);
    g_assert_null (before);
    g_assert_cmpuint (check_rows (fixture, TRUE), ==, 4);
    check_selection (fixture, selected);
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->connection)));

    /* A guest of the batch selected, and the list sorted by name, across a close and open:
     * the same guest comes back as a new object, so only the other connection's row stays. */
    vimana_window_set_search (fixture->window, "");
    open_bulk (fixture);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (gtk_tree_view_get_model (view)),
                                          VIMANA_DOMAIN_TREE_SORT_NAME, GTK_SORT_ASCENDING);
    g_assert_true (vimana_domain_view_select (fixture->view,
                                              G_OBJECT (ui_test_domain (fixture->bulk, "bulk-007")),
                                              FALSE));
    g_assert_true (vimana_domain_view_select (fixture->view, G_OBJECT (selected), TRUE));
    close_bulk (fixture);
    open_bulk (fixture);
    {
        g_autoptr(GPtrArray) now = vimana_domain_view_get_selected_domains (fixture->view);
        GtkTreeIter parent, child;

        g_assert_cmpuint (now->len, ==, 1);
        g_assert_true (g_ptr_array_index (now, 0) == selected);
        model = gtk_tree_view_get_model (view);
        g_assert_true (vimana_domain_tree_find (fixture->tree, G_OBJECT (fixture->bulk), &parent));
        g_assert_cmpint (gtk_tree_model_iter_n_children (model, &parent), ==, BULK_GUESTS);
        g_assert_true (gtk_tree_model_iter_nth_child (model, &child, &parent, 0));
        g_assert_cmpstr (vimana_domain_get_name (VIMANA_DOMAIN (
                                                     vimana_domain_tree_get_object (fixture->tree, &child))), ==,
                         "bulk-000");
        g_assert_true (gtk_tree_model_iter_nth_child (model, &child, &parent, BULK_GUESTS - 1));
        g_assert_cmpstr (vimana_domain_get_name (VIMANA_DOMAIN (
                                                     vimana_domain_tree_get_object (fixture->tree, &child))), ==,
                         "bulk-299");
    }
}

typedef struct
{
    Fixture *fixture;
    GObject *object;
} TopRow;

/* Whether @data's object is the first row on screen that shows at least half of itself. */
static gboolean
top_row_is (gpointer data)
{
    TopRow *top = data;
    GtkTreeView *view = GTK_TREE_VIEW (top->fixture->view);
    g_autoptr(GtkTreePath) start = NULL;
    g_autoptr(GtkTreePath) end = NULL;
    g_autoptr(GtkTreePath) half = NULL;
    GdkRectangle area;
    GtkTreeIter iter;

    if (!gtk_tree_view_get_visible_range (view, &start, &end))
        return FALSE;
    gtk_tree_view_get_background_area (view, start, NULL, &area);
    return gtk_tree_view_get_path_at_pos (view, 0, area.y + area.height / 2 < 0
                                          ? area.y + area.height * 3 / 2
                                          : area.y + area.height / 2,
                                          &half, NULL, NULL, NULL) &&
           gtk_tree_model_get_iter (gtk_tree_view_get_model (view), &iter, half) &&
           vimana_domain_tree_get_object (top->fixture->tree, &iter) == top->object;
}

static gboolean
second_count_is (gpointer data)
{
    Fixture *fixture = data;
    guint expected = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (fixture->second),
                                                          "test-expected"));

    return vimana_domain_tree_count_domains (fixture->tree) == 50 + BULK_GUESTS + expected;
}

static void
second_open_close (Fixture  *fixture,
                   gboolean  open)
{
    g_object_set_data (G_OBJECT (fixture->second), "test-expected",
                       GUINT_TO_POINTER (open ? BULK_GUESTS : 0));
    if (open)
        vimana_connection_open (fixture->second);
    else
        vimana_connection_close (fixture->second);
    ui_test_wait (second_count_is, fixture, "the second connection's batch");
    ui_test_flush ();
}

/* The first row on screen stays first across a batch of another connection's rows; a
 * connection the user collapsed stays collapsed, the others expanded. */
static void
test_bulk_keeps_expansion_and_scroll (Fixture       *fixture,
                                      gconstpointer  data)
{
    GtkTreeView *view = GTK_TREE_VIEW (fixture->view);
    TopRow top = { fixture, NULL };

    open_bulk (fixture);
    ui_test_wait_drawn (GTK_WIDGET (fixture->window));
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->connection)));
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->bulk)));

    /* A guest of node-50 at the top (the bulk connection's 300 rows follow), then the second
     * connection's 300 rows come and go. */
    top.object = G_OBJECT (ui_test_domain (fixture->connection, "run-20"));
    {
        g_autoptr(GtkTreePath) path = path_of (fixture, top.object);

        gtk_tree_view_scroll_to_cell (view, path, NULL, TRUE, 0, 0);
    }
    ui_test_wait (top_row_is, &top, "run-20 at the top of the list");
    second_open_close (fixture, TRUE);
    ui_test_wait (top_row_is, &top, "run-20 at the top after the second connection's rows came");
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->second)));
    second_open_close (fixture, FALSE);
    ui_test_wait (top_row_is, &top, "run-20 at the top after the second connection's rows went");

    /* Collapsed by the user: stays so, whatever batches come. */
    {
        g_autoptr(GtkTreePath) path = path_of (fixture, G_OBJECT (fixture->bulk));

        gtk_tree_view_collapse_row (view, path);
    }
    second_open_close (fixture, TRUE);
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->connection)));
    g_assert_false (row_expanded (fixture, G_OBJECT (fixture->bulk)));
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->second)));
    close_bulk (fixture);
    open_bulk (fixture);
    g_assert_false (row_expanded (fixture, G_OBJECT (fixture->bulk)));
    g_assert_true (row_expanded (fixture, G_OBJECT (fixture->connection)));
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD ("/ui/domain-list/bulk/sort-filter-selection", test_bulk_keeps_sort_filter_selection);
    ADD ("/ui/domain-list/bulk/expansion-scroll", test_bulk_keeps_expansion_and_scroll);
#undef ADD

    return g_test_run ();
}
