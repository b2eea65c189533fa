/* bench-snapshots.c: the Snapshots page with 200 snapshots, from the list to the drawn tree
 *
 * Tier 5 (DESIGN.md, "Testing tiers"): a program that prints figures, never a timed test.
 *
 *   bench-snapshots [--snapshots N] [--runs R]
 *
 * N snapshots (200 by default) as libvirt describes them, in a tree with branches (every
 * tenth one branches off an older snapshot, as a revert then a new snapshot does), are read
 * into VimanaSnapshot objects first: that is the list as it arrives from the worker. Each run
 * then hands the list to a shown Snapshots page in an 1000×700 window, as the list's callback
 * does (vimana_snapshots_page_show_snapshots(): the tree is built and the store filled), and
 * spins the main loop until the tree view has drawn a frame with it. Prints the median,
 * minimum and maximum of that time over the runs, in ms (the target is ≤ 100 ms), and of the
 * synchronous part alone (tree built, store filled, rows expanded).
 *
 * Needs an X display; run it as  Xvfb :99 & DISPLAY=:99 _build/bench/bench-snapshots
 * (with a session bus and AT-SPI for the accessibility bridge, as users run the app).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "vimana-snapshot.h"
#include "vimana-snapshots-page.h"

#ifndef VIMANA_BUILDTYPE
#define VIMANA_BUILDTYPE "unknown"
#endif

static int opt_snapshots = 200;
static int opt_runs = 15;

static const GOptionEntry options[] = {
    { "snapshots", 0, 0, G_OPTION_ARG_INT, &opt_snapshots, "Snapshots of the guest", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Runs to take the median of", "R" },
    { NULL },
};

static GPtrArray *
make_snapshots (int n)
{
    GPtrArray *snapshots = g_ptr_array_new_with_free_func (g_object_unref);

    for (int i = 0; i < n; i++) {
        g_autoptr(GError) error = NULL;
        g_autofree char *parent = NULL;
        g_autofree char *xml = NULL;
        VimanaSnapshot *snapshot;
        int parent_index = i % 10 == 9 ? i / 2 : i - 1;

        if (i > 0)
            parent = g_strdup_printf ("<parent><name>snap-%03d</name></parent>", parent_index);
        xml = g_strdup_printf ("<domainsnapshot><name>snap-%03d</name>"
                               "<description>before change %d of the web tier</description>"
                               "<state>%s</state>%s<creationTime>%d</creationTime>"
                               "<memory snapshot='%s'/>"
                               "<disks><disk name='vda' snapshot='internal'/></disks>"
                               "</domainsnapshot>",
                               i, i, i % 3 == 0 ? "shutoff" : "running",
                               parent != NULL ? parent : "", 1700000000 + i * 3600,
                               i % 3 == 0 ? "no" : "internal");
        snapshot = vimana_snapshot_new_from_xml (xml, i == n - 1, &error);
        if (snapshot == NULL)
            g_error ("snapshot %d: %s", i, error->message);
        g_ptr_array_add (snapshots, snapshot);
    }
    return snapshots;
}

typedef struct
{
    gboolean drawn;
} DrawWait;

static gboolean
tree_drawn_cb (GtkWidget *widget,
               cairo_t   *cr,
               gpointer   user_data)
{
    ((DrawWait *) user_data)->drawn = TRUE;
    return GDK_EVENT_PROPAGATE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
    double da = *(const double *) a;
    double db = *(const double *) b;

    return da < db ? -1 : da > db;
}

int
main (int    argc,
      char **argv)
{
    g_autoptr(GOptionContext) context = g_option_context_new ("- time the Snapshots page");
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) snapshots = NULL;
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) empties = g_array_new (FALSE, FALSE, sizeof (double));
    GtkWidget *window;
    GtkWidget *page;
    GtkTreeView *tree;
    DrawWait wait = { FALSE };
    guint rows = 0;

    g_option_context_add_main_entries (context, options, NULL);
    g_option_context_add_group (context, gtk_get_option_group (TRUE));
    if (!g_option_context_parse (context, &argc, &argv, &error)) {
        fprintf (stderr, "%s\n", error->message);
        return 2;
    }
    if (gdk_display_get_default () == NULL) {
        fprintf (stderr, "bench-snapshots needs an X display: Xvfb :99 & DISPLAY=:99 %s\n",
                 argv[0]);
        return 2;
    }

    snapshots = make_snapshots (opt_snapshots);
    window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
    page = vimana_snapshots_page_new ();
    gtk_container_add (GTK_CONTAINER (window), page);
    gtk_widget_show_all (window);
    tree = vimana_snapshots_page_get_tree_view (VIMANA_SNAPSHOTS_PAGE (page));
    g_signal_connect_after (tree, "draw", G_CALLBACK (tree_drawn_cb), &wait);
    while (!wait.drawn)
        gtk_main_iteration ();

    for (int run = 0; run < opt_runs + 1; run++) {
        gint64 start;
        double ms;
        double fill_ms;

        /* An empty page between runs, drawn, so each run fills it from nothing. */
        {
            g_autoptr(GPtrArray) none = g_ptr_array_new ();
            gint64 empty_start = g_get_monotonic_time ();
            double empty_ms;

            vimana_snapshots_page_show_snapshots (VIMANA_SNAPSHOTS_PAGE (page), none);
            wait.drawn = FALSE;
            gtk_widget_queue_draw (GTK_WIDGET (tree));
            while (!wait.drawn)
                gtk_main_iteration ();
            empty_ms = (g_get_monotonic_time () - empty_start) / 1000.0;
            if (run > 0)
                g_array_append_val (empties, empty_ms);
        }

        wait.drawn = FALSE;
        start = g_get_monotonic_time ();
        vimana_snapshots_page_show_snapshots (VIMANA_SNAPSHOTS_PAGE (page), snapshots);
        fill_ms = (g_get_monotonic_time () - start) / 1000.0;
        while (!wait.drawn)
            gtk_main_iteration ();
        ms = (g_get_monotonic_time () - start) / 1000.0;
        if (run > 0) { /* the first run warms the caches up */
            g_array_append_val (times, ms);
            g_array_append_val (fills, fill_ms);
        }
    }

    {
        GtkTreeModel *model = gtk_tree_view_get_model (tree);
        GtkTreeIter iter;
        GPtrArray *stack = g_ptr_array_new ();

        /* Count every row, to show the tree holds them all. */
        if (gtk_tree_model_get_iter_first (model, &iter))
            g_ptr_array_add (stack, gtk_tree_iter_copy (&iter));
        while (stack->len > 0) {
            GtkTreeIter *it = g_ptr_array_steal_index (stack, stack->len - 1);
            GtkTreeIter child;

            rows++;
            if (gtk_tree_model_iter_children (model, &child, it))
                g_ptr_array_add (stack, gtk_tree_iter_copy (&child));
            if (gtk_tree_model_iter_next (model, it))
                g_ptr_array_add (stack, it);
            else
                gtk_tree_iter_free (it);
        }
        g_ptr_array_unref (stack);
    }

    g_array_sort (times, compare_double);
    g_array_sort (fills, compare_double);
    g_array_sort (empties, compare_double);
    printf ("bench-snapshots (%s build): %d snapshots (%u rows in the tree), %d runs\n",
            VIMANA_BUILDTYPE, opt_snapshots, rows, opt_runs);
    printf ("  list → tree built and drawn: median %.1f ms, min %.1f ms, max %.1f ms "
            "(target ≤ 100 ms)\n",
            g_array_index (times, double, times->len / 2), g_array_index (times, double, 0),
            g_array_index (times, double, times->len - 1));
    printf ("  of which the tree built and the store filled: median %.1f ms, max %.1f ms\n",
            g_array_index (fills, double, fills->len / 2),
            g_array_index (fills, double, fills->len - 1));
    printf ("  the same for an empty list (the frame's own cost): median %.1f ms\n",
            g_array_index (empties, double, empties->len / 2));

    gtk_widget_destroy (window);
    return 0;
}
