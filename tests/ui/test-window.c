/* test-window.c: the main window on the test driver: listing, search, bulk actions, tooltips
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <string.h>

#include "ui-test-util.h"
#include "vimana-domain-tree.h"
#include "vimana-migration.h"
#include "vimana-new-vm-assistant.h"
#include "vimana-window.h"

typedef struct
{
    VimanaConnection *connection;
    GListStore       *connections;
    GSettings        *settings;
    VimanaWindow     *window;
    VimanaDomainView *view;
    VimanaDomainTree *tree;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
    fixture->settings = g_settings_new ("io.github.vimana.Vimana");
    fixture->connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    fixture->connection = ui_test_open_node ();
    g_list_store_append (fixture->connections, fixture->connection);
    fixture->window = vimana_window_new (NULL, G_LIST_MODEL (fixture->connections),
                                         fixture->settings);
    fixture->view = vimana_window_get_domain_view (fixture->window);
    fixture->tree = vimana_domain_view_get_tree (fixture->view);
    gtk_widget_show (GTK_WIDGET (fixture->window));
    ui_test_flush ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
    gtk_widget_destroy (GTK_WIDGET (fixture->window));
    vimana_connection_shutdown (fixture->connection);
    g_clear_object (&fixture->connection);
    g_clear_object (&fixture->connections);
    g_clear_object (&fixture->settings);
}

static guint
count_rows (GtkTreeModel *model,
            GtkTreeIter  *parent)
{
    GtkTreeIter iter;
    gboolean more;
    guint count = 0;

    for (more = gtk_tree_model_iter_children (model, &iter, parent); more;
         more = gtk_tree_model_iter_next (model, &iter))
        count += 1 + count_rows (model, &iter);
    return count;
}

static void
test_window_lists_node (Fixture       *fixture,
                        gconstpointer  data)
{
    GtkTreeModel *model = gtk_tree_view_get_model (GTK_TREE_VIEW (fixture->view));
    GtkTreeIter iter;

    /* One connection row with the node's 50 guests under it, expanded. */
    g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 50);
    g_assert_cmpuint (count_rows (model, NULL), ==, 51);
    g_assert_true (gtk_tree_model_get_iter_first (model, &iter));
    g_assert_true (vimana_domain_tree_get_object (fixture->tree, &iter) ==
                   G_OBJECT (fixture->connection));
    {
        g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);
        g_assert_true (gtk_tree_view_row_expanded (GTK_TREE_VIEW (fixture->view), path));
    }
    ui_test_screenshot (GTK_WIDGET (fixture->window), "main-window");
}

/* Item 9 of issue 17: at the default size every column header is whole (its button gets at
 * least what it asks for, so no title is cut), and Name does not take the spare width. */
static void
test_window_headers_whole (Fixture       *fixture,
                           gconstpointer  data)
{
    g_autoptr(GList) columns = gtk_tree_view_get_columns (GTK_TREE_VIEW (fixture->view));
    guint checked = 0;

    ui_test_wait_drawn (GTK_WIDGET (fixture->window));
    for (GList *l = columns; l != NULL; l = l->next) {
        GtkTreeViewColumn *column = l->data;
        const char *title = gtk_tree_view_column_get_title (column);
        GtkWidget *button = gtk_tree_view_column_get_button (column);
        int natural = 0;

        if (title == NULL || *title == '\0' || !gtk_tree_view_column_get_visible (column))
            continue;
        gtk_widget_get_preferred_width (button, NULL, &natural);
        g_test_message ("%s: header wants %d px, column is %d px", title, natural,
                        gtk_tree_view_column_get_width (column));
        g_assert_cmpint (natural, >, 0);
        g_assert_cmpint (gtk_widget_get_allocated_width (button), >=, natural);
        if (g_str_equal (title, _("Name")))
            g_assert_cmpint (gtk_tree_view_column_get_width (column), <=, 300);
        checked++;
    }
    g_assert_cmpuint (checked, >=, 8);
}

/* Issue 17, item 13: an ISO dropped on the main window opens New VM with it chosen (the
 * drop handler passes each dropped file to vimana_window_open_iso). */
static void
test_window_open_iso (Fixture       *fixture,
                      gconstpointer  data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vimana-test-window-XXXXXX", &error);
    g_autofree char *iso = g_build_filename (dir, "dropped.iso", NULL);
    g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
    GtkWidget *assistant, *entry;

    g_assert_no_error (error);
    g_file_set_contents (iso, "not really an ISO image", -1, &error);
    g_assert_no_error (error);
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_NEW_VM_ASSISTANT));
    g_assert_false (vimana_window_open_iso (fixture->window, text));
    g_assert_null (ui_test_find_toplevel (VIMANA_TYPE_NEW_VM_ASSISTANT));

    g_assert_true (vimana_window_open_iso (fixture->window, iso));
    assistant = ui_test_find_toplevel (VIMANA_TYPE_NEW_VM_ASSISTANT);
    g_assert_nonnull (assistant);
    entry = ui_test_find_by_name (assistant, "Installation media path", GTK_TYPE_ENTRY);
    g_assert_cmpstr (gtk_entry_get_text (GTK_ENTRY (entry)), ==, iso);
    g_assert_true (gtk_toggle_button_get_active (
                       GTK_TOGGLE_BUTTON (ui_test_find_by_name (assistant, "Local install media",
                                                                GTK_TYPE_RADIO_BUTTON))));
    gtk_widget_destroy (assistant);
    g_unlink (iso);
    g_rmdir (dir);
}

/* Returns: (transfer full): what the column titled @title shows for the guest @name */
static char *
cell_text (Fixture    *fixture,
           const char *title,
           const char *name)
{
    GtkTreeView *view = GTK_TREE_VIEW (fixture->view);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeViewColumn *column = NULL;
    GtkTreeIter parent, child;
    gboolean more;

    for (guint i = 0; i < gtk_tree_view_get_n_columns (view) && column == NULL; i++) {
        GtkTreeViewColumn *candidate = gtk_tree_view_get_column (view, (int) i);

        if (g_strcmp0 (gtk_tree_view_column_get_title (candidate), title) == 0)
            column = candidate;
    }
    g_assert_nonnull (column);
    g_assert_true (gtk_tree_model_get_iter_first (model, &parent));
    for (more = gtk_tree_model_iter_children (model, &child, &parent); more;
         more = gtk_tree_model_iter_next (model, &child)) {
        GObject *object = vimana_domain_tree_get_object (fixture->tree, &child);
        g_autoptr(GList) cells = NULL;
        char *text = NULL;

        if (!VIMANA_IS_DOMAIN (object) ||
            g_strcmp0 (vimana_domain_get_name (VIMANA_DOMAIN (object)), name) != 0)
            continue;
        gtk_tree_view_column_cell_set_cell_data (column, model, &child, FALSE, FALSE);
        cells = gtk_cell_layout_get_cells (GTK_CELL_LAYOUT (column));
        for (GList *l = cells; l != NULL && text == NULL; l = l->next) {
            if (GTK_IS_CELL_RENDERER_TEXT (l->data))
                g_object_get (l->data, "text", &text, NULL);
        }
        return text;
    }
    g_assert_not_reached ();
}

/* A guest with a managed-save image says "Saved" (its memory waits on disk), and the search
 * finds it by that word; one without says "Shut off". */
static void
test_window_saved_state (Fixture       *fixture,
                         gconstpointer  data)
{
    g_autofree char *saved = cell_text (fixture, "State", "saved-02");
    g_autofree char *off = cell_text (fixture, "State", "off-01");

    g_assert_cmpstr (saved, ==, "Saved");
    g_assert_cmpstr (off, ==, "Shut off");
    /* "Build box" (off-01) has no image; saved-01..05 have one, and off-0x are not found. */
    vimana_window_set_search (fixture->window, "Saved");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 5);
    vimana_window_set_search (fixture->window, "Shut off");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 13);
    vimana_window_set_search (fixture->window, "");
}

static void
test_window_filter (Fixture       *fixture,
                    gconstpointer  data)
{
    vimana_window_set_search (fixture->window, "paused");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 6);

    /* Titles are searched too, whatever their case. */
    vimana_window_set_search (fixture->window, "WEB SERVER");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 4);

    vimana_window_set_search (fixture->window, "crashed");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 3);

    vimana_window_set_search (fixture->window, "no such guest");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 0);

    vimana_window_set_search (fixture->window, "");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), ==, 50);
}

static gboolean
run01_has_address (gpointer connection)
{
    return vimana_domain_get_addresses (ui_test_domain (connection, "run-01")) != NULL;
}

/* The IP address column: off by default, on from the Columns menu's action (saved in the
 * settings), the addresses read from the host while it shows, searchable and sortable. */
static void
test_window_address_column (Fixture       *fixture,
                            gconstpointer  data)
{
    GtkTreeView *view = GTK_TREE_VIEW (fixture->view);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeViewColumn *column = NULL;
    g_auto(GStrv) saved = NULL;
    GtkTreeIter parent, child;
    const char *previous = NULL;
    gboolean more, seen_none = FALSE;
    guint with_address = 0;

    for (guint i = 0; i < gtk_tree_view_get_n_columns (view); i++) {
        GtkTreeViewColumn *c = gtk_tree_view_get_column (view, i);

        if (g_strcmp0 (gtk_tree_view_column_get_title (c), "IP address") == 0)
            column = c;
    }
    g_assert_nonnull (column);
    g_assert_false (gtk_tree_view_column_get_visible (column));
    ui_test_flush ();
    g_assert_null (vimana_domain_get_addresses (ui_test_domain (fixture->connection, "run-01")));

    g_action_group_change_action_state (G_ACTION_GROUP (fixture->window), "column-ip",
                                        g_variant_new_boolean (TRUE));
    g_assert_true (gtk_tree_view_column_get_visible (column));
    saved = g_settings_get_strv (fixture->settings, "list-columns");
    g_assert_true (g_strv_contains ((const char * const *) saved, "ip"));
    ui_test_wait (run01_has_address, fixture->connection, "run-01's address in the list");
    g_assert_cmpstr (vimana_domain_get_addresses (ui_test_domain (fixture->connection, "run-01")),
                     ==, "192.168.122.3");
    ui_test_screenshot (GTK_WIDGET (fixture->window), "main-window-addresses");

    /* An address is something to search for. */
    vimana_window_set_search (fixture->window, "192.168.122.3");
    g_assert_cmpuint (vimana_domain_tree_count_visible (fixture->tree), >=, 1);
    vimana_window_set_search (fixture->window, "");

    /* Sorted by address: guests with one first, in address order (not text order). */
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model),
                                          VIMANA_DOMAIN_TREE_SORT_ADDRESS, GTK_SORT_ASCENDING);
    g_assert_true (gtk_tree_model_get_iter_first (model, &parent));
    for (more = gtk_tree_model_iter_children (model, &child, &parent); more;
         more = gtk_tree_model_iter_next (model, &child)) {
        VimanaDomain *domain = VIMANA_DOMAIN (vimana_domain_tree_get_object (fixture->tree, &child));
        const char *now = vimana_domain_get_addresses (domain);

        if (now == NULL) {
            seen_none = TRUE;
            continue;
        }
        g_assert_false (seen_none);    /* no address after the guests without one */
        if (previous != NULL) {
            g_autoptr(GInetAddress) a = g_inet_address_new_from_string (previous);
            g_autoptr(GInetAddress) b = g_inet_address_new_from_string (now);

            g_assert_cmpint (memcmp (g_inet_address_to_bytes (a), g_inet_address_to_bytes (b), 4),
                             <=, 0);
        }
        previous = now;
        with_address++;
    }
    g_assert_cmpuint (with_address, >, 1);

    g_action_group_change_action_state (G_ACTION_GROUP (fixture->window), "column-ip",
                                        g_variant_new_boolean (FALSE));
    g_assert_false (gtk_tree_view_column_get_visible (column));
}

static void
test_window_sort (Fixture       *fixture,
                  gconstpointer  data)
{
    GtkTreeModel *model = gtk_tree_view_get_model (GTK_TREE_VIEW (fixture->view));
    GtkTreeIter parent, child;
    guint64 previous = G_MAXUINT64;
    gboolean more;

    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model),
                                          VIMANA_DOMAIN_TREE_SORT_MEMORY, GTK_SORT_DESCENDING);
    g_assert_true (gtk_tree_model_get_iter_first (model, &parent));
    for (more = gtk_tree_model_iter_children (model, &child, &parent); more;
         more = gtk_tree_model_iter_next (model, &child)) {
        VimanaDomain *domain = VIMANA_DOMAIN (vimana_domain_tree_get_object (fixture->tree, &child));

        g_assert_cmpuint (vimana_domain_get_memory (domain), <=, previous);
        previous = vimana_domain_get_memory (domain);
    }
    g_assert_cmpuint (previous, ==, 256 * 1024);
}

static void
test_window_bulk_pause (Fixture       *fixture,
                        gconstpointer  data)
{
    const char *names[] = { "run-05", "run-06", "run-07" };
    GAction *pause;

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        g_assert_true (vimana_domain_view_select (fixture->view,
                                                  G_OBJECT (ui_test_domain (fixture->connection,
                                                                            names[i])),
                                                  i > 0));
    ui_test_flush ();

    pause = g_action_map_lookup_action (G_ACTION_MAP (fixture->window), "domain-pause");
    g_assert_true (g_action_get_enabled (pause));
    g_action_activate (pause, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        ui_test_wait_state (ui_test_domain (fixture->connection, names[i]),
                            VIMANA_DOMAIN_STATE_PAUSED);
    /* Only the selected ones. */
    g_assert_cmpint (vimana_domain_get_state (ui_test_domain (fixture->connection, "run-08")), ==,
                     VIMANA_DOMAIN_STATE_RUNNING);

    /* The selection is now paused: Pause cannot act and says why; Resume can. */
    ui_test_flush ();
    g_assert_false (g_action_get_enabled (pause));
    g_assert_true (g_action_get_enabled (g_action_map_lookup_action (G_ACTION_MAP (fixture->window),
                                                                     "domain-resume")));
    {
        g_autofree char *tooltip = gtk_widget_get_tooltip_text (
            ui_test_find_by_action (GTK_WIDGET (fixture->window), "win.domain-pause"));
        g_assert_cmpstr (tooltip, ==, "The guest is already paused.");
    }
    ui_test_screenshot (GTK_WIDGET (fixture->window), "main-window-bulk-paused");
}

static void
test_window_tooltip_without_selection (Fixture       *fixture,
                                       gconstpointer  data)
{
    GtkWidget *run = ui_test_find_by_action (GTK_WIDGET (fixture->window), "win.domain-run");

    gtk_tree_selection_unselect_all (gtk_tree_view_get_selection (GTK_TREE_VIEW (fixture->view)));
    ui_test_flush ();
    g_assert_nonnull (run);
    g_assert_false (gtk_widget_is_sensitive (run));
    {
        g_autofree char *tooltip = gtk_widget_get_tooltip_text (run);
        g_assert_cmpstr (tooltip, ==, "Select a guest first.");
    }
}

static gboolean
message_dialog_shown (gpointer data)
{
    return ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_window_force_off_confirms (Fixture       *fixture,
                                gconstpointer  data)
{
    VimanaDomain *domain = ui_test_domain (fixture->connection, "run-09");
    GtkWidget *dialog;

    g_settings_set_boolean (fixture->settings, "confirm-force-off", TRUE);
    vimana_domain_view_select (fixture->view, G_OBJECT (domain), FALSE);
    ui_test_flush ();
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "domain-force-off", NULL);

    ui_test_wait (message_dialog_shown, NULL, "the confirmation");
    dialog = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    ui_test_screenshot (dialog, "confirm-force-off");
    /* Nothing happens before the user answers. */
    ui_test_flush ();
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);

    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
    ui_test_wait_state (domain, VIMANA_DOMAIN_STATE_SHUTOFF);
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
}

static void
test_window_force_off_cancelled (Fixture       *fixture,
                                 gconstpointer  data)
{
    VimanaDomain *domain = ui_test_domain (fixture->connection, "run-10");

    g_settings_set_boolean (fixture->settings, "confirm-force-off", TRUE);
    vimana_domain_view_select (fixture->view, G_OBJECT (domain), FALSE);
    ui_test_flush ();
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "domain-force-off", NULL);
    ui_test_wait (message_dialog_shown, NULL, "the confirmation");
    gtk_dialog_response (GTK_DIALOG (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG)),
                         GTK_RESPONSE_CANCEL);
    ui_test_flush ();
    g_assert_cmpint (vimana_domain_get_state (domain), ==, VIMANA_DOMAIN_STATE_RUNNING);
}

static gboolean
error_bar_has_text (gpointer data)
{
    return *vimana_error_bar_get_text (data) != '\0';
}

static void
test_window_error_shows_libvirt_message (Fixture       *fixture,
                                         gconstpointer  data)
{
    VimanaDomain *domain = ui_test_domain (fixture->connection, "run-11");
    VimanaErrorBar *bar = vimana_window_get_error_bar (fixture->window);
    g_autoptr(GPtrArray) domains = g_ptr_array_new ();
    const char *text;

    /* The list still says "running" while the guest is already off: libvirt refuses. */
    g_ptr_array_add (domains, domain);
    vimana_domain_view_select (fixture->view, G_OBJECT (domain), FALSE);
    ui_test_flush ();
    g_settings_set_boolean (fixture->settings, "confirm-force-off", FALSE);
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "domain-force-off", NULL);
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "domain-pause", NULL);

    ui_test_wait (error_bar_has_text, bar, "the error bar");
    text = vimana_error_bar_get_text (bar);
    g_assert_nonnull (strstr (text, "Could not pause “run-11”."));
    g_assert_nonnull (strstr (text, "not running"));
    ui_test_screenshot (GTK_WIDGET (fixture->window), "main-window-error");
}

/* Issue 17 item 2: Remove Connection asks first, and Cancel keeps the connection. */
static void
test_window_remove_connection_asks (Fixture       *fixture,
                                    gconstpointer  data)
{
    GtkWidget *dialog;

    vimana_domain_view_select (fixture->view, G_OBJECT (fixture->connection), FALSE);
    ui_test_flush ();
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "connection-remove", NULL);
    ui_test_wait (message_dialog_shown, NULL, "the confirmation");
    dialog = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    g_assert_nonnull (ui_test_find_by_name (dialog, "Remove", GTK_TYPE_BUTTON));
    ui_test_screenshot (dialog, "confirm-remove-connection");
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->connections)), ==, 1);
    g_assert_cmpint (vimana_connection_get_state (fixture->connection), ==,
                     VIMANA_CONNECTION_STATE_CONNECTED);
}

/* Issue 17 item 2: the context menu opened on a row just selected shows that row's actions,
 * not the insensitive ones of the empty selection before it. */
static void
test_window_context_menu_follows_row (Fixture       *fixture,
                                      gconstpointer  data)
{
    GtkTreeView *tree_view = GTK_TREE_VIEW (fixture->view);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (tree_view);
    GActionGroup *actions = G_ACTION_GROUP (fixture->window);
    GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (GTK_WIDGET (tree_view)));
    g_autoptr(GtkTreePath) path = NULL;
    GdkEvent *event;
    GdkRectangle cell;
    GList *menus;

    vimana_domain_view_select (fixture->view, G_OBJECT (fixture->connection), FALSE);
    gtk_tree_view_get_cursor (tree_view, &path, NULL);
    g_assert_nonnull (path);
    gtk_tree_view_get_cell_area (tree_view, path, NULL, &cell);
    gtk_tree_selection_unselect_all (selection);
    ui_test_flush ();
    g_assert_false (g_action_group_get_action_enabled (actions, "connection-remove"));

    /* A right-click on the connection's row selects it and opens the menu in the same turn. */
    event = gdk_event_new (GDK_BUTTON_PRESS);
    event->button.window = g_object_ref (gtk_tree_view_get_bin_window (tree_view));
    event->button.button = GDK_BUTTON_SECONDARY;
    event->button.x = cell.x + 4;
    event->button.y = cell.y + cell.height / 2.0;
    event->button.time = GDK_CURRENT_TIME;
    gdk_event_set_device (event, gdk_seat_get_pointer (seat));
    gtk_widget_event (GTK_WIDGET (tree_view), event);
    gdk_event_free (event);
    g_assert_true (g_action_group_get_action_enabled (actions, "connection-remove"));
    g_assert_true (g_action_group_get_action_enabled (actions, "connection-host"));
    g_assert_true (g_action_group_get_action_enabled (actions, "connection-disconnect"));
    g_assert_true (g_action_group_get_action_enabled (actions, "connection-add"));

    menus = g_list_copy (gtk_menu_get_for_attach_widget (GTK_WIDGET (fixture->view)));
    g_assert_nonnull (menus);
    for (GList *l = menus; l != NULL; l = l->next)
        gtk_widget_destroy (l->data);
    g_list_free (menus);
    ui_test_flush ();
}

/* Issue 11 defect 4: Connect on a saved URI that makes libvirt use another socket, never
 * confirmed, says what it does and asks; Cancel leaves it closed. */
static void
test_window_connect_risky_asks (Fixture       *fixture,
                                gconstpointer  data)
{
    g_autoptr(VimanaConnection) risky = vimana_connection_new ("test:///default?socket=/tmp/vimana-none.sock");
    GtkWidget *dialog;
    GList *rows;

    g_settings_reset (fixture->settings, "trusted-uris");
    g_list_store_append (fixture->connections, risky);
    ui_test_flush ();
    g_assert_true (vimana_domain_view_select (fixture->view, G_OBJECT (risky), FALSE));
    rows = gtk_tree_selection_get_selected_rows (
        gtk_tree_view_get_selection (GTK_TREE_VIEW (fixture->view)), NULL);
    g_assert_nonnull (rows);
    gtk_tree_view_set_cursor (GTK_TREE_VIEW (fixture->view), rows->data, NULL, FALSE);
    g_list_free_full (rows, (GDestroyNotify) gtk_tree_path_free);
    ui_test_flush ();
    g_assert_true (vimana_domain_view_get_selected_connection (fixture->view) == risky);
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window),
                                                      "connection-connect"));
    g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "connection-connect", NULL);
    ui_test_wait (message_dialog_shown, NULL, "the question");
    dialog = ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
    ui_test_screenshot (dialog, "connect-risky-uri");
    g_assert_cmpint (vimana_connection_get_state (risky), ==, VIMANA_CONNECTION_STATE_DISCONNECTED);
    gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    ui_test_flush ();
    g_assert_null (ui_test_find_toplevel (GTK_TYPE_MESSAGE_DIALOG));
    g_assert_cmpint (vimana_connection_get_state (risky), ==, VIMANA_CONNECTION_STATE_DISCONNECTED);
    vimana_connection_shutdown (risky);
}

static void
test_window_empty_state (void)
{
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    VimanaWindow *window = vimana_window_new (NULL, G_LIST_MODEL (connections), NULL);
    GtkWidget *stack;

    gtk_widget_show (GTK_WIDGET (window));
    stack = ui_test_find_by_action (GTK_WIDGET (window), "win.connection-add");
    g_assert_nonnull (stack);
    ui_test_screenshot (GTK_WIDGET (window), "main-window-empty");
    {
        GtkWidget *widget = ui_test_find_by_name (GTK_WIDGET (window), "Domains", GTK_TYPE_TREE_VIEW);
        GtkWidget *content = gtk_widget_get_ancestor (widget, GTK_TYPE_STACK);

        g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (content)), ==, "empty");
    }
    gtk_widget_destroy (GTK_WIDGET (window));
}

static gboolean
connection_loaded (gpointer data)
{
    return vimana_connection_get_loaded (data);
}

/* Reads every cell of the tree as an assistive technology does, through the tree's
 * accessible (the one the AT-SPI bridge serves): a stale row would be met here. */
static guint
walk_accessible (GtkWidget *view)
{
    AtkObject *accessible = gtk_widget_get_accessible (view);
    int n = atk_object_get_n_accessible_children (accessible);
    guint named = 0;

    for (int i = 0; i < n; i++) {
        g_autoptr(AtkObject) child = atk_object_ref_accessible_child (accessible, i);

        if (child != NULL && atk_object_get_name (child) != NULL)
            named++;
    }
    return named;
}

static gboolean
domain_gone (gpointer domain)
{
    return vimana_domain_get_removed (domain);
}

/* A reader at the worst moment: every time the sort model says rows went, came or moved,
 * before the signal's emission is over, the whole accessible is read again (each cell's
 * name runs the view's cell data functions on the model as it is at that instant). */
static void
walk_during_emission_cb (GtkTreeModel *model,
                         GtkTreePath  *path,
                         gpointer      user_data)
{
    guint *walks = g_object_get_data (G_OBJECT (user_data), "test-walks");

    walk_accessible (user_data);
    (*walks)++;
}

static void
walk_during_emission_iter_cb (GtkTreeModel *model,
                              GtkTreePath  *path,
                              GtkTreeIter  *iter,
                              gpointer      user_data)
{
    walk_during_emission_cb (model, path, user_data);
}

static void
walk_during_reorder_cb (GtkTreeModel *model,
                        GtkTreePath  *path,
                        GtkTreeIter  *iter,
                        gpointer      new_order,
                        gpointer      user_data)
{
    walk_during_emission_cb (model, path, user_data);
}

/* Issue 11, defect 2: the connection's rows change many times in a row (lost and back,
 * closed and opened, guests deleted one by one while selected) while the list is sorted by a
 * statistic, rows are selected, cells are drawn and the accessible is read, between changes
 * and inside every row signal's emission. Under G_DEBUG=fatal-criticals (and ASan in the test
 * build) a stale iterator of the sort model would abort the test. */
static void
test_window_reconnect_stress (Fixture       *fixture,
                              gconstpointer  data)
{
    GtkTreeView *view = GTK_TREE_VIEW (fixture->view);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
    g_autoptr(VimanaDomain) kept = g_object_ref (ui_test_domain (fixture->connection, "run-01"));
    const guint cycles = 40;
    guint walks = 0;

    g_object_set_data (G_OBJECT (view), "test-walks", &walks);
    g_signal_connect (model, "row-deleted", G_CALLBACK (walk_during_emission_cb), view);
    g_signal_connect (model, "row-inserted", G_CALLBACK (walk_during_emission_iter_cb), view);
    g_signal_connect (model, "row-has-child-toggled", G_CALLBACK (walk_during_emission_iter_cb),
                      view);
    g_signal_connect (model, "rows-reordered", G_CALLBACK (walk_during_reorder_cb), view);
    gtk_tree_sortable_set_sort_column_id (GTK_TREE_SORTABLE (model),
                                          VIMANA_DOMAIN_TREE_SORT_MEMORY, GTK_SORT_DESCENDING);
    for (guint i = 0; i < cycles; i++) {
        gtk_tree_view_expand_all (view);
        gtk_tree_selection_select_all (selection);
        ui_test_flush ();
        g_assert_cmpuint (walk_accessible (GTK_WIDGET (view)), >, 0);

        if (i % 2 == 0) {
            /* Lost and back: the same guests, the same objects. */
            vimana_connection_simulate_lost (fixture->connection);
            g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 50);
            walk_accessible (GTK_WIDGET (view));
            ui_test_flush ();
            vimana_connection_reconnect_now (fixture->connection);
        } else {
            /* Closed and opened: every row goes and comes back. */
            vimana_connection_close (fixture->connection);
            g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 0);
            walk_accessible (GTK_WIDGET (view));
            ui_test_flush ();
            vimana_connection_open (fixture->connection);
        }
        walk_accessible (GTK_WIDGET (view));
        ui_test_wait (connection_loaded, fixture->connection, "the connection to come back");
        g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 50);
        if (i % 2 == 0) {
            g_assert_true (ui_test_domain (fixture->connection, "run-01") == kept);
            g_assert_false (vimana_domain_get_removed (kept));
        } else {
            g_clear_object (&kept);
            kept = g_object_ref (ui_test_domain (fixture->connection, "run-01"));
        }
    }
    ui_test_flush ();
    g_assert_cmpuint (walk_accessible (GTK_WIDGET (view)), >, 0);

    /* Guests go one at a time, each selected (and its row drawn and read) as it goes. */
    for (guint i = 1; i <= 10; i++) {
        g_autofree char *name = g_strdup_printf ("run-%02u", i);
        g_autoptr(VimanaDomain) domain = g_object_ref (ui_test_domain (fixture->connection, name));
        g_autoptr(GError) error = NULL;
        TestWaitAsync wait = { 0 };
        GAsyncResult *result;

        gtk_tree_selection_unselect_all (selection);
        gtk_tree_selection_select_all (selection);
        ui_test_flush ();
        vimana_domain_delete_async (domain, NULL, NULL, test_wait_async_cb, &wait);
        result = test_wait_async (&wait, "the guest to be deleted");
        g_assert_true (vimana_domain_delete_finish (domain, result, &error));
        g_assert_no_error (error);
        g_clear_object (&wait.result);
        ui_test_wait (domain_gone, domain, "the deleted guest's row to go");
        walk_accessible (GTK_WIDGET (view));
    }
    g_assert_cmpuint (vimana_domain_tree_count_domains (fixture->tree), ==, 40);
    g_signal_handlers_disconnect_by_data (model, view);
    g_assert_cmpuint (walks, >, 0);
    g_test_message ("%u cycles of lost/closed and back, 10 guests deleted, %u readings inside "
                    "row signals", cycles, walks);
}

/* F10's action opens the main menu. */
static void
test_window_show_menu (void)
{
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    VimanaWindow *window = vimana_window_new (NULL, G_LIST_MODEL (connections), NULL);
    GtkWidget *button;

    gtk_widget_show (GTK_WIDGET (window));
    ui_test_flush ();
    button = ui_test_find_by_name (GTK_WIDGET (window), "Main Menu", GTK_TYPE_MENU_BUTTON);
    g_assert_nonnull (button);
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "show-menu"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-menu", NULL);
    ui_test_flush ();
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
    /* Closed before the window goes: GTK 3 warns when a window goes with its popover open. */
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), FALSE);
    ui_test_flush ();
    gtk_widget_destroy (GTK_WIDGET (window));
}

/* While a guest migrates, the destination's copy of it (the same UUID) is not a second row;
 * once the migration ended it is listed again. The destination here is a second connection to
 * the same node, which has every guest under the same UUID; the migration (refused as the same
 * host once its thread asks) runs until the main loop brings its end. */
static void
test_window_migrating_one_row (void)
{
    g_autoptr(VimanaConnection) source = ui_test_open_node ();
    g_autoptr(VimanaConnection) destination = ui_test_open_node ();
    g_autoptr(GListStore) connections = g_list_store_new (VIMANA_TYPE_CONNECTION);
    g_autoptr(VimanaDomainTree) tree = NULL;
    g_autoptr(VimanaMigrationOptions) options = vimana_migration_options_new ();
    g_autoptr(VimanaMigration) migration = NULL;
    TestWaitAsync wait = { 0 };
    VimanaDomain *domain = ui_test_domain (source, "run-01");
    VimanaDomain *copy = ui_test_domain (destination, "run-01");

    g_list_store_append (connections, source);
    g_list_store_append (connections, destination);
    tree = vimana_domain_tree_new (G_LIST_MODEL (connections));
    ui_test_flush ();
    g_assert_cmpuint (vimana_domain_tree_count_visible (tree), ==, 100);

    migration = vimana_migration_new (domain, destination, options);
    vimana_migration_run_async (migration, NULL, test_wait_async_cb, &wait);
    g_assert_true (vimana_migration_find_running (domain) == migration);
    g_assert_true (vimana_migration_find_incoming (copy) == migration);
    g_assert_null (vimana_migration_find_incoming (domain));
    g_assert_cmpuint (vimana_domain_tree_count_visible (tree), ==, 99);

    test_wait_async (&wait, "the migration");
    g_assert_false (vimana_migration_run_finish (migration, wait.result, NULL));
    g_object_unref (wait.result);
    g_assert_null (vimana_migration_find_incoming (copy));
    g_assert_cmpuint (vimana_domain_tree_count_visible (tree), ==, 100);
    vimana_connection_shutdown (source);
    vimana_connection_shutdown (destination);
}

int
main (int   argc,
      char *argv[])
{
    ui_test_init (&argc, &argv);

    g_test_add_func ("/ui/window/show-menu", test_window_show_menu);
    g_test_add_func ("/ui/window/empty-state", test_window_empty_state);
    g_test_add_func ("/ui/window/migrating-one-row", test_window_migrating_one_row);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD ("/ui/window/lists-node", test_window_lists_node);
    ADD ("/ui/window/headers-whole", test_window_headers_whole);
    ADD ("/ui/window/open-iso", test_window_open_iso);
    ADD ("/ui/window/filter", test_window_filter);
    ADD ("/ui/window/saved-state", test_window_saved_state);
    ADD ("/ui/window/sort", test_window_sort);
    ADD ("/ui/window/address-column", test_window_address_column);
    ADD ("/ui/window/bulk-pause", test_window_bulk_pause);
    ADD ("/ui/window/tooltip-without-selection", test_window_tooltip_without_selection);
    ADD ("/ui/window/force-off-confirms", test_window_force_off_confirms);
    ADD ("/ui/window/force-off-cancelled", test_window_force_off_cancelled);
    ADD ("/ui/window/error-shows-libvirt-message", test_window_error_shows_libvirt_message);
    ADD ("/ui/window/remove-connection-asks", test_window_remove_connection_asks);
    ADD ("/ui/window/context-menu-follows-row", test_window_context_menu_follows_row);
    ADD ("/ui/window/connect-risky-asks", test_window_connect_risky_asks);
    ADD ("/ui/window/reconnect-stress", test_window_reconnect_stress);
#undef ADD

    return g_test_run ();
}
