/* test-text-renderer.c: the list's text cell draws as GtkCellRendererText does, and a redraw
 * of cells that did not change makes no new layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-text-renderer.h"

enum { COLUMN_TEXT, COLUMN_MARKUP };

typedef struct
{
    GtkWidget       *window;
    GtkListStore    *store;
    GtkCellRenderer *cells[2];
} Lists;

static const char * const rows[][2] = {
    { "run-00001", "run-00001" },
    { "6 %", "run-00010  <span alpha=\"60%\">Generated guest with a long title</span>" },
    { "512 MiB (given)", "<b>Test (node.xml)</b>" },
    { "A text far too long for its column, to be ellipsized at the end", "x" },
};

/* Two lists side by side on one store: GtkCellRendererText's, then ours. */
static void
lists_init (Lists *lists)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

    lists->window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
    lists->store = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        gtk_list_store_insert_with_values (lists->store, NULL, -1, COLUMN_TEXT, rows[i][0],
                                           COLUMN_MARKUP, rows[i][1], -1);
    for (guint k = 0; k < 2; k++) {
        GtkWidget *view = gtk_tree_view_new_with_model (GTK_TREE_MODEL (lists->store));
        GtkCellRenderer *cell = k == 0 ? gtk_cell_renderer_text_new () : vimana_text_renderer_new ();
        GtkCellRenderer *markup = k == 0 ? gtk_cell_renderer_text_new () : vimana_text_renderer_new ();
        GtkTreeViewColumn *column;

        g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_END, "xalign", 1.0, NULL);
        column = gtk_tree_view_column_new_with_attributes ("Text", cell, "text", COLUMN_TEXT, NULL);
        gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
        gtk_tree_view_column_set_fixed_width (column, 150);
        gtk_tree_view_append_column (GTK_TREE_VIEW (view), column);
        g_object_set (markup, "ellipsize", PANGO_ELLIPSIZE_END, NULL);
        column = gtk_tree_view_column_new_with_attributes ("Markup", markup, "markup",
                                                           COLUMN_MARKUP, NULL);
        gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
        gtk_tree_view_column_set_fixed_width (column, 200);
        gtk_tree_view_append_column (GTK_TREE_VIEW (view), column);
        gtk_tree_view_set_fixed_height_mode (GTK_TREE_VIEW (view), TRUE);
        /* No selected row or focus on either side: the two halves differ by renderer only. */
        gtk_tree_selection_set_mode (gtk_tree_view_get_selection (GTK_TREE_VIEW (view)),
                                     GTK_SELECTION_NONE);
        gtk_widget_set_can_focus (view, FALSE);
        gtk_widget_set_size_request (view, 350, 160);
        gtk_box_pack_start (GTK_BOX (box), view, FALSE, FALSE, 0);
        lists->cells[k] = markup;
    }
    gtk_container_add (GTK_CONTAINER (lists->window), box);
    gtk_widget_show_all (lists->window);
    ui_test_wait_drawn (lists->window);
}

static void
lists_clear (Lists *lists)
{
    gtk_widget_destroy (lists->window);
    g_object_unref (lists->store);
}

static cairo_surface_t *
lists_draw (Lists *lists)
{
    GtkAllocation allocation;
    cairo_surface_t *surface;
    cairo_t *cr;

    /* A changed row queues a new allocation: let it happen first. */
    ui_test_flush ();
    gtk_widget_get_allocation (lists->window, &allocation);
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, allocation.width, allocation.height);
    cr = cairo_create (surface);
    gtk_widget_draw (lists->window, cr);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    return surface;
}

/* The left half (GtkCellRendererText) and the right half (ours) hold the same pixels. */
static void
test_text_renderer_same_pixels (void)
{
    Lists lists;
    cairo_surface_t *surface;
    const guint8 *data;
    int stride, height, differing = 0, inked = 0;

    lists_init (&lists);
    surface = lists_draw (&lists);
    data = cairo_image_surface_get_data (surface);
    stride = cairo_image_surface_get_stride (surface);
    height = cairo_image_surface_get_height (surface);
    for (int y = 0; y < height; y++) {
        const guint32 *row = (const guint32 *) (data + y * stride);

        for (int x = 0; x < 350; x++) {
            if (row[x] != row[x + 350])
                differing++;
            if ((row[x] & 0xffffff) != (row[0] & 0xffffff))
                inked++;
        }
    }
    g_test_message ("%d pixels with ink, %d differ", inked, differing);
    if (g_getenv ("VIMANA_TEST_ARTIFACTS") != NULL) {
        g_autofree char *png = g_build_filename (g_getenv ("VIMANA_TEST_ARTIFACTS"),
                                                 "text-renderer.png", NULL);

        g_mkdir_with_parents (g_getenv ("VIMANA_TEST_ARTIFACTS"), 0755);
        cairo_surface_write_to_png (surface, png);
    }
    /* Something was drawn, and drawn alike. */
    g_assert_cmpint (inked, >, 500);
    g_assert_cmpint (differing, ==, 0);
    cairo_surface_destroy (surface);
    lists_clear (&lists);
}

/* Redrawing unchanged rows makes no layout; a changed row makes one. */
static void
test_text_renderer_kept_layouts (void)
{
    Lists lists;
    VimanaTextRenderer *cell;
    GtkTreeIter iter;
    guint made;

    lists_init (&lists);
    cell = VIMANA_TEXT_RENDERER (lists.cells[1]);
    cairo_surface_destroy (lists_draw (&lists));
    made = vimana_text_renderer_get_layouts_made (cell);
    g_assert_cmpuint (made, ==, G_N_ELEMENTS (rows));

    cairo_surface_destroy (lists_draw (&lists));
    cairo_surface_destroy (lists_draw (&lists));
    g_assert_cmpuint (vimana_text_renderer_get_layouts_made (cell), ==, made);

    g_assert_true (gtk_tree_model_get_iter_first (GTK_TREE_MODEL (lists.store), &iter));
    gtk_list_store_set (lists.store, &iter, COLUMN_MARKUP, "run-00001 <i>renamed</i>", -1);
    cairo_surface_destroy (lists_draw (&lists));
    g_assert_cmpuint (vimana_text_renderer_get_layouts_made (cell), ==, made + 1);
    lists_clear (&lists);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);
    g_test_add_func ("/text-renderer/same-pixels", test_text_renderer_same_pixels);
    g_test_add_func ("/text-renderer/kept-layouts", test_text_renderer_kept_layouts);
    return g_test_run ();
}
