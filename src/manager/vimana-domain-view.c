/* vimana-domain-view.c: the tree view of connections and their guests
 *
 * Rows are drawn from the objects the VimanaDomainTree holds, in cell data functions, so only
 * rows on screen cost anything. Fixed-height mode spares GTK from measuring every row of a
 * thousand-guest list. Connection rows show the connection's state in the State column; their
 * guests are expanded when they first arrive unless the user collapsed the connection. When a
 * batch of rows replaces the tree's model, the view keeps its selection, cursor and first row
 * on screen by object and shows them again in the new one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain-view"

#include "config.h"

#include "vimana-domain-view.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "vimana-domain-stats.h"
#include "vimana-format.h"
#include "vimana-graph.h"
#include "vimana-migration.h"
#include "vimana-sparkline-renderer.h"
#include "vimana-text-renderer.h"

#include "vimana-domain-view-private.h"

G_DEFINE_FINAL_TYPE (VimanaDomainView, vimana_domain_view, GTK_TYPE_TREE_VIEW)

enum {
    SIGNAL_DOMAIN_ACTIVATED,
    SIGNAL_MENU_OPENING,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- cells ---- */

GObject *
vimana_domain_view_object_at (VimanaDomainView *self,
                              GtkTreeIter      *iter)
{
    return vimana_domain_tree_get_object (self->tree, iter);
}

static const char *
vimana_domain_view_state_icon (VimanaDomainState state)
{
    switch (state) {
    case VIMANA_DOMAIN_STATE_RUNNING:
    case VIMANA_DOMAIN_STATE_BLOCKED:
        return "media-playback-start-symbolic";
    case VIMANA_DOMAIN_STATE_PAUSED:
        return "media-playback-pause-symbolic";
    case VIMANA_DOMAIN_STATE_SHUTDOWN:
    case VIMANA_DOMAIN_STATE_SHUTOFF:
        return "system-shutdown-symbolic";
    case VIMANA_DOMAIN_STATE_CRASHED:
        return "dialog-error-symbolic";
    case VIMANA_DOMAIN_STATE_PMSUSPENDED:
        return "media-playback-pause-symbolic";
    case VIMANA_DOMAIN_STATE_NOSTATE:
    default:
        return "dialog-question-symbolic";
    }
}

static const char *
vimana_domain_view_connection_icon (VimanaConnection *connection)
{
    switch (vimana_connection_get_state (connection)) {
    case VIMANA_CONNECTION_STATE_CONNECTED:
        return "network-server-symbolic";
    case VIMANA_CONNECTION_STATE_CONNECTING:
        return "content-loading-symbolic";
    case VIMANA_CONNECTION_STATE_DISCONNECTED:
    default:
        return vimana_connection_get_message (connection) ? "dialog-warning-symbolic"
                                                          : "network-offline-symbolic";
    }
}

/* Returns: (transfer full): the connection's state as its row says it */
static char *
vimana_domain_view_connection_state_text (VimanaConnection *connection)
{
    const char *message = vimana_connection_get_message (connection);

    switch (vimana_connection_get_state (connection)) {
    case VIMANA_CONNECTION_STATE_CONNECTING:
        return g_strdup (_("Connecting…"));
    case VIMANA_CONNECTION_STATE_CONNECTED:
        return g_strdup (_("Connected"));
    case VIMANA_CONNECTION_STATE_DISCONNECTED:
    default:
        if (vimana_connection_get_reconnect_remaining (connection) > 0)
            /* Translators: %s is a whole sentence saying why, ending in a full stop; %u the
             * seconds until the next attempt (it counts down). */
            return g_strdup_printf (_("Disconnected: %s Reconnecting in %u s."),
                                    message ? message : "",
                                    vimana_connection_get_reconnect_remaining (connection));
        /* Translators: %s is a whole sentence saying why, ending in a full stop. */
        if (vimana_connection_get_reconnecting (connection))
            return g_strdup_printf (_("Disconnected: %s Reconnecting…"),
                                    message ? message : "");
        if (message != NULL)
            return g_strdup_printf (_("Disconnected: %s"), message);
        return g_strdup (_("Disconnected"));
    }
}

static void
vimana_domain_view_name_cell_cb (GtkTreeViewColumn *column,
                                 GtkCellRenderer   *cell,
                                 GtkTreeModel      *model,
                                 GtkTreeIter       *iter,
                                 gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    g_autofree char *markup = NULL;

    if (VIMANA_IS_CONNECTION (object)) {
        markup = g_markup_printf_escaped ("<b>%s</b>", vimana_connection_get_display_name (
                                              VIMANA_CONNECTION (object)));
    } else if (VIMANA_IS_DOMAIN (object)) {
        VimanaDomain *domain = VIMANA_DOMAIN (object);
        const char *title = vimana_domain_get_title (domain);

        if (title != NULL)
            markup = g_markup_printf_escaped ("%s  <span alpha=\"60%%\">%s</span>",
                                              vimana_domain_get_name (domain), title);
        else
            markup = g_markup_escape_text (vimana_domain_get_name (domain), -1);
    }
    g_object_set (cell, "markup", markup, NULL);
}

static void
vimana_domain_view_state_icon_cb (GtkTreeViewColumn *column,
                                  GtkCellRenderer   *cell,
                                  GtkTreeModel      *model,
                                  GtkTreeIter       *iter,
                                  gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    const char *icon = NULL;

    if (VIMANA_IS_CONNECTION (object))
        icon = vimana_domain_view_connection_icon (VIMANA_CONNECTION (object));
    else if (VIMANA_IS_DOMAIN (object) && vimana_domain_get_has_managed_save (VIMANA_DOMAIN (object)) &&
             vimana_domain_get_state (VIMANA_DOMAIN (object)) == VIMANA_DOMAIN_STATE_SHUTOFF)
        icon = "document-save-symbolic";
    else if (VIMANA_IS_DOMAIN (object))
        icon = vimana_domain_view_state_icon (vimana_domain_get_state (VIMANA_DOMAIN (object)));
    g_object_set (cell, "icon-name", icon, NULL);
}

static void
vimana_domain_view_state_text_cb (GtkTreeViewColumn *column,
                                  GtkCellRenderer   *cell,
                                  GtkTreeModel      *model,
                                  GtkTreeIter       *iter,
                                  gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    VimanaMigration *migration = NULL;
    g_autofree char *text = NULL;

    if (VIMANA_IS_DOMAIN (object))
        migration = vimana_migration_find_running (VIMANA_DOMAIN (object));
    if (VIMANA_IS_CONNECTION (object))
        text = vimana_domain_view_connection_state_text (VIMANA_CONNECTION (object));
    else if (migration != NULL)
        /* Translators: a guest's state while it moves: its connection, then the destination. */
        text = g_strdup_printf (_("Migrating %s → %s"),
                                vimana_connection_get_display_name (vimana_migration_get_source (migration)),
                                vimana_connection_get_display_name (vimana_migration_get_destination (migration)));
    else if (VIMANA_IS_DOMAIN (object))
        text = g_strdup (vimana_domain_get_state_label (VIMANA_DOMAIN (object)));
    g_object_set (cell, "text", text, NULL);
}

static void
vimana_domain_view_vcpus_cb (GtkTreeViewColumn *column,
                             GtkCellRenderer   *cell,
                             GtkTreeModel      *model,
                             GtkTreeIter       *iter,
                             gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    char text[16] = "";

    if (VIMANA_IS_DOMAIN (object))
        g_snprintf (text, sizeof text, "%u", vimana_domain_get_vcpus (VIMANA_DOMAIN (object)));
    g_object_set (cell, "text", text, NULL);
}

static void
vimana_domain_view_address_cb (GtkTreeViewColumn *column,
                               GtkCellRenderer   *cell,
                               GtkTreeModel      *model,
                               GtkTreeIter       *iter,
                               gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    const char *text = "";

    if (VIMANA_IS_DOMAIN (object) && vimana_domain_get_addresses (VIMANA_DOMAIN (object)))
        text = vimana_domain_get_addresses (VIMANA_DOMAIN (object));
    g_object_set (cell, "text", text, NULL);
}

static void
vimana_domain_view_memory_cb (GtkTreeViewColumn *column,
                              GtkCellRenderer   *cell,
                              GtkTreeModel      *model,
                              GtkTreeIter       *iter,
                              gpointer           user_data)
{
    GObject *object = vimana_domain_view_object_at (user_data, iter);
    g_autofree char *text = NULL;

    if (VIMANA_IS_DOMAIN (object))
        text = vimana_format_bytes (vimana_domain_get_memory (VIMANA_DOMAIN (object)) * 1024);
    g_object_set (cell, "text", text, NULL);
}

/* Returns: (nullable): the guest's statistics while it runs */
static void vimana_domain_view_fit_headers (VimanaDomainView *self);

static GtkTreeViewColumn *
vimana_domain_view_add_column (VimanaDomainView     *self,
                               const char           *title,
                               int                   width,
                               VimanaDomainTreeSort  sort_id)
{
    GtkTreeViewColumn *column = gtk_tree_view_column_new ();

    gtk_tree_view_column_set_title (column, title);
    gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
    gtk_tree_view_column_set_fixed_width (column, width);
    gtk_tree_view_column_set_resizable (column, TRUE);
    gtk_tree_view_column_set_sort_column_id (column, sort_id);
    gtk_tree_view_column_set_reorderable (column, TRUE);
    gtk_tree_view_append_column (GTK_TREE_VIEW (self), column);
    /* The sort arrow widens the header. */
    g_signal_connect_object (column, "notify::sort-indicator",
                             G_CALLBACK (vimana_domain_view_fit_headers), self, G_CONNECT_SWAPPED);
    return column;
}

static GtkCellRenderer *
vimana_domain_view_add_text (VimanaDomainView      *self,
                             GtkTreeViewColumn     *column,
                             GtkTreeCellDataFunc    func,
                             float                  xalign)
{
    /* Keeps the layouts it drew: every visible row is redrawn each tick. */
    GtkCellRenderer *cell = vimana_text_renderer_new ();

    g_object_set (cell, "ellipsize", PANGO_ELLIPSIZE_END, "xalign", xalign, NULL);
    gtk_tree_view_column_pack_start (column, cell, TRUE);
    gtk_tree_view_column_set_cell_data_func (column, cell, func, self, NULL);
    return cell;
}

static void
vimana_domain_view_build_columns (VimanaDomainView *self)
{
    GtkTreeViewColumn *column;
    GtkCellRenderer *icon;

    /* Each column as wide as its content needs, not more: the spare width goes to an empty
     * last column, so that short names do not get a Name column of 440 px. */
    column = vimana_domain_view_add_column (self, _("Name"), 220, VIMANA_DOMAIN_TREE_SORT_NAME);
    vimana_domain_view_add_text (self, column, vimana_domain_view_name_cell_cb, 0.0);
    gtk_tree_view_set_expander_column (GTK_TREE_VIEW (self), column);

    column = vimana_domain_view_add_column (self, _("State"), 140, VIMANA_DOMAIN_TREE_SORT_STATE);
    icon = gtk_cell_renderer_pixbuf_new ();
    gtk_tree_view_column_pack_start (column, icon, FALSE);
    gtk_tree_view_column_set_cell_data_func (column, icon, vimana_domain_view_state_icon_cb,
                                             self, NULL);
    vimana_domain_view_add_text (self, column, vimana_domain_view_state_text_cb, 0.0);

    column = vimana_domain_view_add_column (self, _("vCPUs"), 60, VIMANA_DOMAIN_TREE_SORT_VCPUS);
    gtk_tree_view_column_set_alignment (column, 1.0);
    vimana_domain_view_add_text (self, column, vimana_domain_view_vcpus_cb, 1.0);

    column = vimana_domain_view_add_column (self, _("Memory"), 90, VIMANA_DOMAIN_TREE_SORT_MEMORY);
    gtk_tree_view_column_set_alignment (column, 1.0);
    vimana_domain_view_add_text (self, column, vimana_domain_view_memory_cb, 1.0);

    column = vimana_domain_view_add_column (self, _("CPU"), 120, VIMANA_DOMAIN_TREE_SORT_CPU);
    gtk_tree_view_column_set_alignment (column, 1.0);
    {
        GtkCellRenderer *sparkline = vimana_sparkline_renderer_new ();

        self->sparkline = sparkline;
        gtk_tree_view_column_pack_start (column, sparkline, FALSE);
        gtk_tree_view_column_set_cell_data_func (column, sparkline, vimana_domain_view_cpu_cb,
                                                 self, NULL);
        /* The value beside the sparkline, in a text renderer of its own: accessible as text. */
        vimana_domain_view_add_text (self, column, vimana_domain_view_stat_text_cb, 1.0);
    }
    self->stat_columns[0] = column;

    column = vimana_domain_view_add_column (self, _("Memory use"), 130,
                                            VIMANA_DOMAIN_TREE_SORT_MEMORY_USE);
    gtk_tree_view_column_set_alignment (column, 1.0);
    vimana_domain_view_add_text (self, column, vimana_domain_view_stat_text_cb, 1.0);
    self->stat_columns[1] = column;

    column = vimana_domain_view_add_column (self, _("Disk I/O"), 95, VIMANA_DOMAIN_TREE_SORT_DISK);
    gtk_tree_view_column_set_alignment (column, 1.0);
    vimana_domain_view_add_text (self, column, vimana_domain_view_stat_text_cb, 1.0);
    self->stat_columns[2] = column;

    column = vimana_domain_view_add_column (self, _("Network I/O"), 105,
                                            VIMANA_DOMAIN_TREE_SORT_NETWORK);
    gtk_tree_view_column_set_alignment (column, 1.0);
    vimana_domain_view_add_text (self, column, vimana_domain_view_stat_text_cb, 1.0);
    self->stat_columns[3] = column;

    /* Off by default: reading every guest's addresses costs a call per guest each round. */
    column = vimana_domain_view_add_column (self, _("IP address"), 130,
                                            VIMANA_DOMAIN_TREE_SORT_ADDRESS);
    vimana_domain_view_add_text (self, column, vimana_domain_view_address_cb, 0.0);
    gtk_tree_view_column_set_visible (column, FALSE);
    self->address_column = column;

    column = gtk_tree_view_column_new ();
    gtk_tree_view_column_set_sizing (column, GTK_TREE_VIEW_COLUMN_FIXED);
    gtk_tree_view_column_set_expand (column, TRUE);
    gtk_tree_view_append_column (GTK_TREE_VIEW (self), column);
}

/* No column is narrower than its header: the widths above fit the English titles at the
 * default font, a translation or another font may need more ("Uso de memoria"). The header's
 * natural width is the column's minimum, so the user cannot cut it either. */
static void
vimana_domain_view_fit_headers (VimanaDomainView *self)
{
    g_autoptr(GList) columns = gtk_tree_view_get_columns (GTK_TREE_VIEW (self));

    for (GList *l = columns; l != NULL; l = l->next) {
        GtkWidget *button = gtk_tree_view_column_get_button (l->data);
        int natural = 0;

        if (button == NULL || gtk_tree_view_column_get_title (l->data) == NULL)
            continue;
        /* (a header button is hidden, and asks for nothing, until the view is mapped) */
        if (!gtk_widget_get_visible (button))
            continue;
        gtk_widget_get_preferred_width (button, NULL, &natural);
        if (natural > 0 && natural != gtk_tree_view_column_get_min_width (l->data))
            gtk_tree_view_column_set_min_width (l->data, natural);
    }
}

static void
vimana_domain_view_map (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_domain_view_parent_class)->map (widget);
    vimana_domain_view_fit_headers (VIMANA_DOMAIN_VIEW (widget));
}

static void
vimana_domain_view_style_updated (GtkWidget *widget)
{
    GTK_WIDGET_CLASS (vimana_domain_view_parent_class)->style_updated (widget);
    if (gtk_widget_get_mapped (widget))
        vimana_domain_view_fit_headers (VIMANA_DOMAIN_VIEW (widget));
}

static AtkObject *
vimana_domain_view_get_accessible (GtkWidget *widget)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (widget);
    AtkObject *accessible =
        GTK_WIDGET_CLASS (vimana_domain_view_parent_class)->get_accessible (widget);

    if (!self->accessible_requested) {
        self->accessible_requested = TRUE;
        atk_object_set_name (accessible, _("Domains"));
    }
    return accessible;
}

/**
 * vimana_domain_view_set_stat_columns:
 * @self: a #VimanaDomainView
 * @ids: (array zero-terminated=1): the optional columns to show: the statistics "cpu",
 *   "memory", "disk", "network", and "ip" (the guests' IP addresses, read while shown)
 */
void
vimana_domain_view_set_stat_columns (VimanaDomainView   *self,
                                     const char * const *ids)
{
    gboolean show_addresses;

    g_return_if_fail (VIMANA_IS_DOMAIN_VIEW (self));

    for (guint i = 0; i < VIMANA_N_STAT_COLUMNS; i++)
        gtk_tree_view_column_set_visible (self->stat_columns[i],
                                          ids != NULL &&
                                          g_strv_contains (ids, vimana_domain_view_stat_columns[i].id));
    show_addresses = ids != NULL && g_strv_contains (ids, "ip");
    gtk_tree_view_column_set_visible (self->address_column, show_addresses);
    if (self->tree != NULL)
        vimana_domain_tree_set_watch_addresses (self->tree, show_addresses);
    /* A column that just appeared asks for its header's width only now. */
    if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        vimana_domain_view_fit_headers (self);
}

/* ---- expansion ---- */

static void
vimana_domain_view_has_child_toggled_cb (GtkTreeModel *model,
                                         GtkTreePath  *path,
                                         GtkTreeIter  *iter,
                                         gpointer      user_data)
{
    VimanaDomainView *self = user_data;
    GObject *object = vimana_domain_view_object_at (self, iter);

    if (VIMANA_IS_CONNECTION (object) && gtk_tree_model_iter_has_child (model, iter) &&
        !g_hash_table_contains (self->collapsed, object))
        gtk_tree_view_expand_row (GTK_TREE_VIEW (self), path, FALSE);
}

static void
vimana_domain_view_row_collapsed (GtkTreeView *view,
                                  GtkTreeIter *iter,
                                  GtkTreePath *path)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (view);

    g_hash_table_add (self->collapsed, vimana_domain_view_object_at (self, iter));
}

static void
vimana_domain_view_row_expanded (GtkTreeView *view,
                                 GtkTreeIter *iter,
                                 GtkTreePath *path)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (view);

    g_hash_table_remove (self->collapsed, vimana_domain_view_object_at (self, iter));
}

static void
vimana_domain_view_expand_connections (VimanaDomainView *self)
{
    GtkTreeModel *model = vimana_domain_tree_get_model (self->tree);
    GtkTreeIter iter;
    gboolean more;

    for (more = gtk_tree_model_get_iter_first (model, &iter); more;
         more = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GtkTreePath) path = gtk_tree_model_get_path (model, &iter);

        if (!g_hash_table_contains (self->collapsed, vimana_domain_view_object_at (self, &iter)))
            gtk_tree_view_expand_row (GTK_TREE_VIEW (self), path, FALSE);
    }
}

/* ---- activation, menus and tooltips ---- */

static void
vimana_domain_view_row_activated (GtkTreeView       *view,
                                  GtkTreePath       *path,
                                  GtkTreeViewColumn *column)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (view);
    GtkTreeIter iter;
    GObject *object;

    if (!gtk_tree_model_get_iter (gtk_tree_view_get_model (view), &iter, path))
        return;
    object = vimana_domain_view_object_at (self, &iter);
    if (VIMANA_IS_DOMAIN (object)) {
        g_signal_emit (self, signals[SIGNAL_DOMAIN_ACTIVATED], 0, object);
    } else if (gtk_tree_view_row_expanded (view, path)) {
        gtk_tree_view_collapse_row (view, path);
    } else {
        gtk_tree_view_expand_row (view, path, FALSE);
    }
}

static void
vimana_domain_view_popup (VimanaDomainView *self,
                          const GdkEvent   *event)
{
    g_autoptr(GPtrArray) domains = vimana_domain_view_get_selected_domains (self);
    GMenuModel *model = domains->len > 0 ? self->domain_menu : self->connection_menu;
    GtkWidget *menu;

    /* The actions follow the selection in an idle; the menu must show them for the row just
     * clicked, or it opens with every item insensitive (issue 17). */
    g_signal_emit (self, signals[SIGNAL_MENU_OPENING], 0);
    if (model == NULL)
        return;
    menu = gtk_menu_new_from_model (model);
    gtk_menu_attach_to_widget (GTK_MENU (menu), GTK_WIDGET (self), NULL);
    g_signal_connect (menu, "selection-done", G_CALLBACK (gtk_widget_destroy), NULL);
    if (event != NULL)
        gtk_menu_popup_at_pointer (GTK_MENU (menu), event);
    else
        gtk_menu_popup_at_widget (GTK_MENU (menu), GTK_WIDGET (self), GDK_GRAVITY_CENTER,
                                  GDK_GRAVITY_NORTH_WEST, NULL);
}

static gboolean
vimana_domain_view_button_press_event (GtkWidget      *widget,
                                       GdkEventButton *event)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (widget);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (GTK_TREE_VIEW (self));
    g_autoptr(GtkTreePath) path = NULL;

    if (!gdk_event_triggers_context_menu ((GdkEvent *) event))
        return GTK_WIDGET_CLASS (vimana_domain_view_parent_class)->button_press_event (widget,
                                                                                       event);

    /* Right-click on an unselected row acts on that row alone, as file managers do. */
    if (gtk_tree_view_get_path_at_pos (GTK_TREE_VIEW (self), event->x, event->y, &path,
                                       NULL, NULL, NULL) &&
        !gtk_tree_selection_path_is_selected (selection, path)) {
        gtk_tree_selection_unselect_all (selection);
        gtk_tree_selection_select_path (selection, path);
        gtk_tree_view_set_cursor (GTK_TREE_VIEW (self), path, NULL, FALSE);
    }
    gtk_widget_grab_focus (widget);
    vimana_domain_view_popup (self, (GdkEvent *) event);
    return GDK_EVENT_STOP;
}

static gboolean
vimana_domain_view_popup_menu (GtkWidget *widget)
{
    vimana_domain_view_popup (VIMANA_DOMAIN_VIEW (widget), NULL);
    return TRUE;
}

static gboolean
vimana_domain_view_query_tooltip_cb (GtkWidget  *widget,
                                     int         x,
                                     int         y,
                                     gboolean    keyboard_mode,
                                     GtkTooltip *tooltip,
                                     gpointer    user_data)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (widget);
    GtkTreeModel *model;
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeIter iter;
    GObject *object;
    g_autofree char *text = NULL;

    if (!gtk_tree_view_get_tooltip_context (GTK_TREE_VIEW (self), &x, &y, keyboard_mode,
                                            &model, &path, &iter))
        return FALSE;
    object = vimana_domain_view_object_at (self, &iter);
    if (VIMANA_IS_CONNECTION (object)) {
        g_autofree char *state = vimana_domain_view_connection_state_text (
            VIMANA_CONNECTION (object));
        text = g_strdup_printf ("%s\n%s", vimana_connection_get_uri (VIMANA_CONNECTION (object)),
                                state);
    } else if (VIMANA_IS_DOMAIN (object) && vimana_domain_get_title (VIMANA_DOMAIN (object))) {
        text = g_strdup_printf ("%s\n%s", vimana_domain_get_name (VIMANA_DOMAIN (object)),
                                vimana_domain_get_title (VIMANA_DOMAIN (object)));
    }
    if (text == NULL)
        return FALSE;
    gtk_tooltip_set_text (tooltip, text);
    gtk_tree_view_set_tooltip_row (GTK_TREE_VIEW (self), tooltip, path);
    return TRUE;
}

/* ---- GObject ---- */

static void
vimana_domain_view_dispose (GObject *object)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (object);

    if (self->tree != NULL) {
        if (gtk_tree_view_get_model (GTK_TREE_VIEW (self)) != NULL)
            g_signal_handlers_disconnect_by_data (gtk_tree_view_get_model (GTK_TREE_VIEW (self)),
                                                  self);
        g_signal_handlers_disconnect_by_data (self->tree, self);
        gtk_tree_view_set_model (GTK_TREE_VIEW (self), NULL);
    }
    g_clear_object (&self->tree);
    g_clear_pointer (&self->kept_selected, g_ptr_array_unref);
    g_clear_object (&self->kept_cursor);
    g_clear_object (&self->kept_top);
    g_clear_object (&self->domain_menu);
    g_clear_object (&self->connection_menu);

    G_OBJECT_CLASS (vimana_domain_view_parent_class)->dispose (object);
}

static void
vimana_domain_view_finalize (GObject *object)
{
    VimanaDomainView *self = VIMANA_DOMAIN_VIEW (object);

    g_hash_table_unref (self->collapsed);
    g_hash_table_unref (self->signatures);

    G_OBJECT_CLASS (vimana_domain_view_parent_class)->finalize (object);
}

static void
vimana_domain_view_class_init (VimanaDomainViewClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    GtkTreeViewClass *tree_view_class = GTK_TREE_VIEW_CLASS (klass);

    object_class->dispose = vimana_domain_view_dispose;
    object_class->finalize = vimana_domain_view_finalize;
    widget_class->button_press_event = vimana_domain_view_button_press_event;
    widget_class->popup_menu = vimana_domain_view_popup_menu;
    widget_class->get_accessible = vimana_domain_view_get_accessible;
    widget_class->map = vimana_domain_view_map;
    widget_class->style_updated = vimana_domain_view_style_updated;
    tree_view_class->row_activated = vimana_domain_view_row_activated;
    tree_view_class->row_collapsed = vimana_domain_view_row_collapsed;
    tree_view_class->row_expanded = vimana_domain_view_row_expanded;

    /**
     * VimanaDomainView::domain-activated:
     * @domain: the guest
     *
     * A guest's row was double-clicked or Enter was pressed on it.
     */
    signals[SIGNAL_DOMAIN_ACTIVATED] =
        g_signal_new ("domain-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 1, VIMANA_TYPE_DOMAIN);
    /**
     * VimanaDomainView::menu-opening:
     *
     * The context menu of the selected rows is about to open: whoever enables its actions
     * updates them now.
     */
    signals[SIGNAL_MENU_OPENING] =
        g_signal_new ("menu-opening", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vimana_domain_view_init (VimanaDomainView *self)
{
    GtkTreeView *view = GTK_TREE_VIEW (self);

    self->collapsed = g_hash_table_new (NULL, NULL);
    self->signatures = g_hash_table_new_full (NULL, NULL, NULL, g_free);
    self->kept_selected = g_ptr_array_new_with_free_func (g_object_unref);
    gtk_tree_selection_set_mode (gtk_tree_view_get_selection (view), GTK_SELECTION_MULTIPLE);
    gtk_tree_view_set_enable_search (view, FALSE);
    gtk_tree_view_set_rubber_banding (view, TRUE);
    vimana_domain_view_build_columns (self);
    gtk_tree_view_set_fixed_height_mode (view, TRUE);
    gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
    g_signal_connect (self, "query-tooltip", G_CALLBACK (vimana_domain_view_query_tooltip_cb),
                      NULL);
}

static void
vimana_domain_view_keep_cb (GtkTreeModel *model,
                            GtkTreePath  *path,
                            GtkTreeIter  *iter,
                            gpointer      user_data)
{
    VimanaDomainView *self = user_data;

    g_ptr_array_add (self->kept_selected, g_object_ref (vimana_domain_view_object_at (self, iter)));
}

static GObject *
vimana_domain_view_object_at_path (VimanaDomainView *self,
                                   GtkTreePath      *path)
{
    GtkTreeIter iter;

    if (path == NULL || !gtk_tree_model_get_iter (gtk_tree_view_get_model (GTK_TREE_VIEW (self)),
                                                  &iter, path))
        return NULL;
    return vimana_domain_view_object_at (self, &iter);
}

/* The tree is about to replace its model: keep by object what the view shows of it. */
static void
vimana_domain_view_model_replacing_cb (VimanaDomainTree *tree,
                                       gpointer          user_data)
{
    VimanaDomainView *self = user_data;
    GtkTreeView *view = GTK_TREE_VIEW (self);
    GtkTreeModel *model = gtk_tree_view_get_model (view);
    g_autoptr(GtkTreePath) cursor = NULL;
    g_autoptr(GtkTreePath) start = NULL;
    g_autoptr(GtkTreePath) end = NULL;

    if (model == NULL)
        return;
    g_ptr_array_set_size (self->kept_selected, 0);
    gtk_tree_selection_selected_foreach (gtk_tree_view_get_selection (view),
                                         vimana_domain_view_keep_cb, self);
    gtk_tree_view_get_cursor (view, &cursor, NULL);
    g_set_object (&self->kept_cursor, vimana_domain_view_object_at_path (self, cursor));
    if (gtk_tree_view_get_visible_range (view, &start, &end)) {
        GdkRectangle area;
        g_autoptr(GtkTreePath) below = NULL;

        /* The first row that shows at least half of itself (scrolled to, it is put whole at
         * the top: the row above peeking in would walk the list up by one each batch). */
        gtk_tree_view_get_background_area (view, start, NULL, &area);
        if (area.y + area.height / 2 < 0)
            gtk_tree_view_get_path_at_pos (view, 0, area.y + area.height * 3 / 2, &below, NULL,
                                           NULL, NULL);
        g_set_object (&self->kept_top, vimana_domain_view_object_at_path (self, below ? below : start));
    }
    g_signal_handlers_disconnect_by_data (model, self);
    gtk_tree_view_set_model (view, NULL);
}

static gboolean
vimana_domain_view_path_of (VimanaDomainView  *self,
                            GObject           *object,
                            GtkTreePath      **path)
{
    GtkTreeIter iter;

    if (object == NULL || !vimana_domain_tree_find (self->tree, object, &iter))
        return FALSE;
    *path = gtk_tree_model_get_path (vimana_domain_tree_get_model (self->tree), &iter);
    return TRUE;
}

/* Shows the tree's (new) model, with the rows kept before it was replaced as they were. */
static void
vimana_domain_view_attach_model (VimanaDomainView *self)
{
    GtkTreeView *view = GTK_TREE_VIEW (self);
    GtkTreeModel *model = vimana_domain_tree_get_model (self->tree);
    GtkTreeSelection *selection = gtk_tree_view_get_selection (view);
    g_autoptr(GtkTreePath) cursor = NULL;
    g_autoptr(GtkTreePath) top = NULL;

    gtk_tree_view_set_model (view, model);
    g_signal_connect_object (model, "row-has-child-toggled",
                             G_CALLBACK (vimana_domain_view_has_child_toggled_cb), self, 0);
    vimana_domain_view_expand_connections (self);
    /* Setting the cursor selects its row alone: first, then the selection. */
    if (vimana_domain_view_path_of (self, self->kept_cursor, &cursor))
        gtk_tree_view_set_cursor (view, cursor, NULL, FALSE);
    if (self->kept_selected->len > 0 || cursor != NULL)
        gtk_tree_selection_unselect_all (selection);
    for (guint i = 0; i < self->kept_selected->len; i++) {
        g_autoptr(GtkTreePath) path = NULL;

        if (vimana_domain_view_path_of (self, g_ptr_array_index (self->kept_selected, i), &path))
            gtk_tree_selection_select_path (selection, path);
    }
    if (vimana_domain_view_path_of (self, self->kept_top, &top))
        gtk_tree_view_scroll_to_cell (view, top, NULL, TRUE, 0, 0);
    g_ptr_array_set_size (self->kept_selected, 0);
    g_clear_object (&self->kept_cursor);
    g_clear_object (&self->kept_top);
}

/**
 * vimana_domain_view_set_tree:
 * @self: a #VimanaDomainView
 * @tree: the tree to show
 */
void
vimana_domain_view_set_tree (VimanaDomainView *self,
                             VimanaDomainTree *tree)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_VIEW (self));
    g_return_if_fail (VIMANA_IS_DOMAIN_TREE (tree));
    g_return_if_fail (self->tree == NULL);

    self->tree = g_object_ref (tree);
    vimana_domain_tree_set_watch_addresses (tree,
                                            gtk_tree_view_column_get_visible (self->address_column));
    g_signal_connect_object (tree, "stats-tick", G_CALLBACK (vimana_domain_view_stats_tick_cb),
                             self, 0);
    g_signal_connect_object (tree, "model-replacing",
                             G_CALLBACK (vimana_domain_view_model_replacing_cb), self, 0);
    g_signal_connect_object (tree, "notify::model", G_CALLBACK (vimana_domain_view_attach_model),
                             self, G_CONNECT_SWAPPED);
    vimana_domain_view_attach_model (self);
}

VimanaDomainTree *
vimana_domain_view_get_tree (VimanaDomainView *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN_VIEW (self), NULL);
    return self->tree;
}

/**
 * vimana_domain_view_set_menu:
 * @self: a #VimanaDomainView
 * @domain_menu: (nullable): the context menu of guests
 * @connection_menu: (nullable): the context menu of connections
 */
void
vimana_domain_view_set_menu (VimanaDomainView *self,
                             GMenuModel       *domain_menu,
                             GMenuModel       *connection_menu)
{
    g_return_if_fail (VIMANA_IS_DOMAIN_VIEW (self));

    g_set_object (&self->domain_menu, domain_menu);
    g_set_object (&self->connection_menu, connection_menu);
}

static void
vimana_domain_view_collect_cb (GtkTreeModel *model,
                               GtkTreePath  *path,
                               GtkTreeIter  *iter,
                               gpointer      user_data)
{
    GPtrArray *domains = user_data;
    g_autoptr(GObject) object = NULL;

    gtk_tree_model_get (model, iter, 0, &object, -1);
    if (VIMANA_IS_DOMAIN (object))
        g_ptr_array_add (domains, g_steal_pointer (&object));
}

/**
 * vimana_domain_view_get_selected_domains:
 * @self: a #VimanaDomainView
 *
 * Returns: (transfer full) (element-type VimanaDomain): the selected guests, in view order
 */
GPtrArray *
vimana_domain_view_get_selected_domains (VimanaDomainView *self)
{
    GPtrArray *domains = g_ptr_array_new_with_free_func (g_object_unref);

    g_return_val_if_fail (VIMANA_IS_DOMAIN_VIEW (self), domains);

    gtk_tree_selection_selected_foreach (gtk_tree_view_get_selection (GTK_TREE_VIEW (self)),
                                         vimana_domain_view_collect_cb, domains);
    return domains;
}

/**
 * vimana_domain_view_get_selected_connection:
 * @self: a #VimanaDomainView
 *
 * Returns: (transfer none) (nullable): the connection of the focused row: the connection
 *   itself or the connection of the guest
 */
VimanaConnection *
vimana_domain_view_get_selected_connection (VimanaDomainView *self)
{
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeModel *model;
    GtkTreeIter iter;
    GObject *object;
    GtkTreeSelection *selection;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_VIEW (self), NULL);

    model = gtk_tree_view_get_model (GTK_TREE_VIEW (self));
    selection = gtk_tree_view_get_selection (GTK_TREE_VIEW (self));
    gtk_tree_view_get_cursor (GTK_TREE_VIEW (self), &path, NULL);
    if (model == NULL || path == NULL || !gtk_tree_selection_path_is_selected (selection, path) ||
        !gtk_tree_model_get_iter (model, &iter, path))
        return NULL;

    object = vimana_domain_view_object_at (self, &iter);
    if (VIMANA_IS_DOMAIN (object))
        return vimana_domain_get_connection (VIMANA_DOMAIN (object));
    return VIMANA_IS_CONNECTION (object) ? VIMANA_CONNECTION (object) : NULL;
}

/**
 * vimana_domain_view_select:
 * @self: a #VimanaDomainView
 * @object: a #VimanaDomain or #VimanaConnection
 * @add: add to the selection rather than replace it
 *
 * Returns: %FALSE when @object is not shown (unknown, or hidden by the search)
 */
gboolean
vimana_domain_view_select (VimanaDomainView *self,
                           GObject          *object,
                           gboolean          add)
{
    GtkTreeSelection *selection;
    g_autoptr(GtkTreePath) path = NULL;
    GtkTreeIter iter;

    g_return_val_if_fail (VIMANA_IS_DOMAIN_VIEW (self), FALSE);

    if (self->tree == NULL || !vimana_domain_tree_find (self->tree, object, &iter))
        return FALSE;
    path = gtk_tree_model_get_path (vimana_domain_tree_get_model (self->tree), &iter);
    gtk_tree_view_expand_to_path (GTK_TREE_VIEW (self), path);
    selection = gtk_tree_view_get_selection (GTK_TREE_VIEW (self));
    if (!add)
        gtk_tree_selection_unselect_all (selection);
    gtk_tree_selection_select_path (selection, path);
    gtk_tree_view_scroll_to_cell (GTK_TREE_VIEW (self), path, NULL, FALSE, 0, 0);
    return TRUE;
}
