/* vimana-host-networks-page.c: the host window's Networks page: the virtual networks
 *
 * Binds the connection's networks model (kept current by core from libvirt's network events);
 * a row changes in place when its network notifies. Which guests use a network comes from one
 * reading of every guest (vimana_connection_list_resource_users_async()), so deleting a network
 * says first which running guests lose their connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host-networks-page"

#include "config.h"

#include "vimana-host-networks-page.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "vimana-can-act.h"
#include "vimana-error-bar.h"
#include "vimana-field-error.h"
#include "vimana-network-leases.h"
#include "vimana-new-network-dialog.h"
#include "vimana-xml-scheme.h"

struct _VimanaHostNetworksPage
{
    GtkBox               parent_instance;

    /* template widgets */
    VimanaErrorBar      *error_bar;
    GtkListStore        *network_store;
    GtkTreeView         *network_view;
    GtkTreeSelection    *network_selection;
    GtkWidget           *new_button;
    GtkWidget           *start_button;
    GtkWidget           *stop_button;
    GtkWidget           *autostart_check;
    GtkWidget           *delete_button;
    GtkListStore        *reservation_store;
    GtkTreeSelection    *reservation_selection;
    GtkEntry            *mac_entry;
    GtkEntry            *ip_entry;
    GtkLabel            *mac_error;
    GtkLabel            *ip_error;
    GtkWidget           *reserve_button;
    GtkWidget           *unreserve_button;
    GtkListStore        *lease_store;
    GtkLabel            *lease_status;
    GtkScrolledWindow   *xml_scroll;
    GtkSourceView       *xml_view;       /* made on first use */

    /* borrowed references */
    GtkWidget           *dialog;

    /* owned references */
    VimanaConnection    *connection;
    VimanaNetwork       *network;        /* the selected one */
    VimanaResourceUsers *users;
    GCancellable        *cancellable;
    GCancellable        *details_cancellable;   /* the selected network's leases and XML */

    gboolean             loaded;
    gboolean             updating;
};

G_DEFINE_FINAL_TYPE (VimanaHostNetworksPage, vimana_host_networks_page, GTK_TYPE_BOX)

static void vimana_host_networks_page_update_buttons (VimanaHostNetworksPage *self);
static void vimana_host_networks_page_fill_reservations (VimanaHostNetworksPage *self);
static void vimana_host_networks_page_load_details (VimanaHostNetworksPage *self);

/* ---- rows ---- */

static const char *
vimana_host_networks_page_mode (VimanaNetwork *network)
{
    const char *mode = vimana_network_get_forward_mode (network);

    if (mode == NULL)
        return _("Isolated");
    if (g_str_equal (mode, "nat"))
        return _("NAT");
    if (g_str_equal (mode, "route"))
        return _("Routed");
    if (g_str_equal (mode, "open"))
        return _("Open");
    if (g_str_equal (mode, "bridge"))
        return _("Bridge");
    return mode;
}

static char *
vimana_host_networks_page_ipv4 (VimanaNetwork *network)
{
    const char *address = vimana_network_get_ipv4_address (network);
    const char *start = vimana_network_get_dhcp_start (network);
    const char *end = vimana_network_get_dhcp_end (network);

    if (address == NULL)
        return g_strdup (_("None"));
    if (start != NULL && end != NULL)
        /* Translators: a network's address and prefix, then its DHCP range. */
        return g_strdup_printf (_("%s/%u, DHCP %s – %s"), address,
                                vimana_network_get_ipv4_prefix (network), start, end);
    /* Translators: a network's address and prefix, without DHCP. */
    return g_strdup_printf (_("%s/%u, no DHCP"), address, vimana_network_get_ipv4_prefix (network));
}

static char *
vimana_host_networks_page_guests (VimanaHostNetworksPage *self,
                                  VimanaNetwork          *network,
                                  gboolean                running_only)
{
    g_autoptr(GPtrArray) guests = NULL;

    if (self->users == NULL)
        return g_strdup (_("Reading…"));
    guests = vimana_resource_users_for_network (self->users, vimana_network_get_name (network),
                                                running_only);
    if (guests->len == 0)
        return g_strdup (_("No guest"));
    g_ptr_array_add (guests, NULL);
    /* Translators: the separator between guests' names in the Guests column. */
    return g_strjoinv (_(", "), (char **) guests->pdata);
}

static void
vimana_host_networks_page_set_row (VimanaHostNetworksPage *self,
                                   GtkTreeIter            *iter,
                                   VimanaNetwork          *network)
{
    g_autofree char *ipv4 = vimana_host_networks_page_ipv4 (network);
    g_autofree char *guests = vimana_host_networks_page_guests (self, network, FALSE);

    gtk_list_store_set (self->network_store, iter,
                        VIMANA_HOST_NETWORK_COLUMN_NAME, vimana_network_get_name (network),
                        VIMANA_HOST_NETWORK_COLUMN_MODE, vimana_host_networks_page_mode (network),
                        VIMANA_HOST_NETWORK_COLUMN_STATE,
                        vimana_network_get_active (network) ? _("Running") : _("Stopped"),
                        VIMANA_HOST_NETWORK_COLUMN_AUTOSTART,
                        vimana_network_get_autostart (network) ? _("Yes") : _("No"),
                        VIMANA_HOST_NETWORK_COLUMN_IPV4, ipv4,
                        VIMANA_HOST_NETWORK_COLUMN_GUESTS, guests,
                        VIMANA_HOST_NETWORK_COLUMN_NETWORK, network,
                        -1);
}

static void
vimana_host_networks_page_notify_cb (VimanaNetwork          *network,
                                     GParamSpec             *pspec,
                                     VimanaHostNetworksPage *self)
{
    GtkTreeModel *model = GTK_TREE_MODEL (self->network_store);
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GObject) item = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NETWORK, &item, -1);
        if (item == G_OBJECT (network)) {
            vimana_host_networks_page_set_row (self, &iter, network);
            break;
        }
    }
    if (network == self->network) {
        if (g_strcmp0 (pspec->name, "reservations") == 0)
            vimana_host_networks_page_fill_reservations (self);
        vimana_host_networks_page_update_buttons (self);
    }
}

static void
vimana_host_networks_page_forget_rows (VimanaHostNetworksPage *self)
{
    GtkTreeModel *model = GTK_TREE_MODEL (self->network_store);
    GtkTreeIter iter;
    gboolean valid = gtk_tree_model_get_iter_first (model, &iter);

    for (; valid; valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(GObject) network = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NETWORK, &network, -1);
        g_signal_handlers_disconnect_by_func (network, vimana_host_networks_page_notify_cb, self);
    }
    gtk_list_store_clear (self->network_store);
}

static void
vimana_host_networks_page_rebuild (VimanaHostNetworksPage *self)
{
    GListModel *networks = vimana_connection_get_networks (self->connection);
    g_autofree char *selected =
        self->network ? g_strdup (vimana_network_get_name (self->network)) : NULL;
    guint n = g_list_model_get_n_items (networks);

    self->updating = TRUE;
    vimana_host_networks_page_forget_rows (self);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaNetwork) network = g_list_model_get_item (networks, i);
        GtkTreeIter iter;

        gtk_list_store_append (self->network_store, &iter);
        vimana_host_networks_page_set_row (self, &iter, network);
        g_signal_connect_object (network, "notify",
                                 G_CALLBACK (vimana_host_networks_page_notify_cb), self, 0);
    }
    self->updating = FALSE;
    if (selected == NULL || !vimana_host_networks_page_select (self, selected)) {
        GtkTreeIter iter;

        if (gtk_tree_model_get_iter_first (GTK_TREE_MODEL (self->network_store), &iter))
            gtk_tree_selection_select_iter (self->network_selection, &iter);
        else
            gtk_tree_selection_unselect_all (self->network_selection);
    }
    /* A removed selection says nothing: read it again. */
    {
        g_autoptr(VimanaNetwork) now = NULL;
        GtkTreeModel *model;
        GtkTreeIter iter;

        if (gtk_tree_selection_get_selected (self->network_selection, &model, &iter))
            gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NETWORK, &now, -1);
        g_set_object (&self->network, now);
    }
    vimana_host_networks_page_fill_reservations (self);
    vimana_host_networks_page_update_buttons (self);
}

static void
vimana_host_networks_page_items_changed_cb (GListModel             *networks,
                                            guint                   position,
                                            guint                   removed,
                                            guint                   added,
                                            VimanaHostNetworksPage *self)
{
    vimana_host_networks_page_rebuild (self);
}

/* ---- selection ---- */

static gboolean
vimana_host_networks_page_selected_reservation (VimanaHostNetworksPage  *self,
                                                char                   **mac)
{
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (!gtk_tree_selection_get_selected (self->reservation_selection, &model, &iter))
        return FALSE;
    gtk_tree_model_get (model, &iter, 0, mac, -1);
    return TRUE;
}

static void
vimana_host_networks_page_fill_reservations (VimanaHostNetworksPage *self)
{
    const char * const *macs = self->network ? vimana_network_get_reservation_macs (self->network)
                                             : NULL;
    const char * const *ips = self->network ? vimana_network_get_reservation_ips (self->network)
                                            : NULL;

    gtk_list_store_clear (self->reservation_store);
    for (guint i = 0; macs != NULL && ips != NULL && macs[i] != NULL && ips[i] != NULL; i++)
        gtk_list_store_insert_with_values (self->reservation_store, NULL, -1, 0, macs[i], 1, ips[i],
                                           -1);
    /* A reservation changes the XML; the leases are read again with it. */
    vimana_host_networks_page_load_details (self);
}

/* ---- leases and XML ---- */

/* A read-only XML view, as the Hardware page's: made the first time a network is shown. */
static GtkSourceView *
vimana_host_networks_page_ensure_xml_view (VimanaHostNetworksPage *self)
{
    GtkSourceLanguage *xml;
    GtkTextBuffer *buffer;

    if (self->xml_view != NULL)
        return self->xml_view;
    self->xml_view = GTK_SOURCE_VIEW (gtk_source_view_new ());
    g_object_set (self->xml_view, "monospace", TRUE, "show-line-numbers", TRUE, "editable", FALSE,
                  NULL);
    atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->xml_view)),
                         _("Network XML"));
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    xml = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                    "xml");
    if (xml != NULL)
        gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), xml);
    vimana_xml_scheme_follow_theme (self->xml_view);
    gtk_container_add (GTK_CONTAINER (self->xml_scroll), GTK_WIDGET (self->xml_view));
    gtk_widget_show (GTK_WIDGET (self->xml_view));
    return self->xml_view;
}

static void
vimana_host_networks_page_xml_cb (GObject      *source,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autofree char *xml = vimana_network_get_xml_finish (VIMANA_NETWORK (source), result, &error);
    VimanaHostNetworksPage *self;
    GtkTextBuffer *buffer;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_HOST_NETWORKS_PAGE (user_data);
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (vimana_host_networks_page_ensure_xml_view (self)));
    gtk_text_buffer_set_text (buffer, xml != NULL ? xml : error->message, -1);
}

static void
vimana_host_networks_page_leases_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) leases = vimana_network_get_leases_finish (VIMANA_NETWORK (source), result,
                                                                    &error);
    VimanaHostNetworksPage *self;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = VIMANA_HOST_NETWORKS_PAGE (user_data);
    gtk_list_store_clear (self->lease_store);
    if (leases == NULL) {
        gtk_label_set_text (self->lease_status, error->message);
        gtk_widget_show (GTK_WIDGET (self->lease_status));
        return;
    }
    gtk_label_set_text (self->lease_status, _("No guest holds a lease on this network."));
    gtk_widget_set_visible (GTK_WIDGET (self->lease_status), leases->len == 0);
    for (guint i = 0; i < leases->len; i++) {
        VimanaNetworkLease *lease = g_ptr_array_index (leases, i);
        g_autoptr(GDateTime) expiry = lease->expiry > 0
                                      ? g_date_time_new_from_unix_local (lease->expiry) : NULL;
        g_autofree char *when = expiry != NULL ? g_date_time_format (expiry, "%x %X")
                                               : g_strdup (_("Never"));
        /* The guests' interfaces as the page last read them (the Guests column's reading). */
        const char *guest = self->users != NULL && self->network != NULL
                            ? vimana_resource_users_guest_for_mac (self->users,
                                                                   vimana_network_get_name (self->network),
                                                                   lease->mac)
                            : NULL;

        gtk_list_store_insert_with_values (self->lease_store, NULL, -1,
                                           0, lease->mac, 1, lease->ip,
                                           2, lease->hostname != NULL ? lease->hostname : "",
                                           3, when,
                                           4, guest != NULL ? guest : _("Not a guest"),
                                           -1);
    }
}

/* Reads the selected network's leases and XML; an earlier reading still on its way is dropped. */
static void
vimana_host_networks_page_load_details (VimanaHostNetworksPage *self)
{
    g_cancellable_cancel (self->details_cancellable);
    g_clear_object (&self->details_cancellable);
    gtk_list_store_clear (self->lease_store);
    gtk_widget_hide (GTK_WIDGET (self->lease_status));
    if (self->xml_view != NULL)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view)), "", -1);
    if (self->network == NULL)
        return;
    self->details_cancellable = g_cancellable_new ();
    vimana_network_get_leases_async (self->network, self->details_cancellable,
                                     vimana_host_networks_page_leases_cb, self);
    vimana_network_get_xml_async (self->network, self->details_cancellable,
                                  vimana_host_networks_page_xml_cb, self);
}

/* The reservation form is checked as it is typed; the reason goes under its field. */
static gboolean
vimana_host_networks_page_check_reservation (VimanaHostNetworksPage *self)
{
    const char *mac = gtk_entry_get_text (self->mac_entry);
    const char *ip = gtk_entry_get_text (self->ip_entry);
    g_autoptr(GError) error = NULL;
    gboolean mac_field = TRUE;
    gboolean ok;

    vimana_field_error_set (GTK_WIDGET (self->mac_entry), self->mac_error, NULL);
    vimana_field_error_set (GTK_WIDGET (self->ip_entry), self->ip_error, NULL);
    if (self->network == NULL || (mac[0] == '\0' && ip[0] == '\0'))
        return FALSE;
    ok = vimana_network_check_reservation (vimana_network_get_ipv4_address (self->network),
                                           vimana_network_get_ipv4_prefix (self->network),
                                           vimana_network_get_reservation_macs (self->network),
                                           vimana_network_get_reservation_ips (self->network),
                                           mac, ip, &mac_field, &error);
    if (!ok && mac_field)
        vimana_field_error_set_error (GTK_WIDGET (self->mac_entry), self->mac_error, error);
    else if (!ok)
        vimana_field_error_set_error (GTK_WIDGET (self->ip_entry), self->ip_error, error);
    return ok;
}

static void
vimana_host_networks_page_update_buttons (VimanaHostNetworksPage *self)
{
    g_autofree char *reserved = NULL;

    VimanaNetwork *network = self->network;
    gboolean active = network != NULL && vimana_network_get_active (network);

    const char *no_network = _("Select a network first.");

    /* Each button that cannot act says why. */
    vimana_widget_set_can_act (self->start_button, network != NULL && !active,
                               network == NULL ? no_network : _("The network is running."));
    vimana_widget_set_can_act (self->stop_button, active,
                               network == NULL ? no_network : _("The network is stopped."));
    vimana_widget_set_can_act (self->autostart_check,
                               network != NULL && vimana_network_get_persistent (network),
                               network == NULL ? no_network
                                               : _("This network is transient: it is gone once it "
                                                   "stops, so it cannot start with the host."));
    vimana_widget_set_can_act (self->delete_button, network != NULL, no_network);
    vimana_widget_set_can_act (self->reserve_button, vimana_host_networks_page_check_reservation (self),
                               _("Enter a MAC address and an IP address of the network first."));
    vimana_widget_set_can_act (self->unreserve_button,
                               vimana_host_networks_page_selected_reservation (self, &reserved),
                               _("Select a reservation first."));
    self->updating = TRUE;
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->autostart_check),
                                  network != NULL && vimana_network_get_autostart (network));
    self->updating = FALSE;
}

static void
vimana_host_networks_page_selected_cb (GtkTreeSelection       *selection,
                                       VimanaHostNetworksPage *self)
{
    g_autoptr(VimanaNetwork) network = NULL;
    GtkTreeModel *model;
    GtkTreeIter iter;

    if (self->updating)
        return;
    if (gtk_tree_selection_get_selected (selection, &model, &iter))
        gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NETWORK, &network, -1);
    g_set_object (&self->network, network);
    vimana_host_networks_page_fill_reservations (self);
    vimana_host_networks_page_update_buttons (self);
}

/* ---- loading ---- */

static void
vimana_host_networks_page_users_done_cb (GObject      *source,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VimanaResourceUsers *users =
        vimana_connection_list_resource_users_finish (VIMANA_CONNECTION (source), result, &error);
    VimanaHostNetworksPage *self;
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean valid;

    if (users == NULL) {
        if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            vimana_error_bar_show_error (VIMANA_HOST_NETWORKS_PAGE (user_data)->error_bar,
                                         _("Which guests use which networks could not be read."),
                                         error);
        return;
    }
    self = user_data;
    g_clear_pointer (&self->users, vimana_resource_users_unref);
    self->users = users;
    model = GTK_TREE_MODEL (self->network_store);
    for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
         valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autoptr(VimanaNetwork) network = NULL;
        g_autofree char *guests = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NETWORK, &network, -1);
        guests = vimana_host_networks_page_guests (self, network, FALSE);
        gtk_list_store_set (self->network_store, &iter, VIMANA_HOST_NETWORK_COLUMN_GUESTS, guests,
                            -1);
    }
}

static void
vimana_host_networks_page_listed_cb (GObject      *source,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_refresh_networks_finish (VIMANA_CONNECTION (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_error_bar_show_error (VIMANA_HOST_NETWORKS_PAGE (user_data)->error_bar,
                                     _("The virtual networks could not be listed."), error);
}

/**
 * vimana_host_networks_page_load:
 * @self: a #VimanaHostNetworksPage
 *
 * Lists the networks and the guests on them the first time the page is shown.
 */
void
vimana_host_networks_page_load (VimanaHostNetworksPage *self)
{
    g_return_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self));
    g_return_if_fail (self->connection != NULL);

    if (self->loaded)
        return;
    self->loaded = TRUE;
    vimana_connection_refresh_networks_async (self->connection, self->cancellable,
                                              vimana_host_networks_page_listed_cb, self);
    vimana_connection_list_resource_users_async (self->connection, self->cancellable,
                                                 vimana_host_networks_page_users_done_cb, self);
}

/* ---- actions ---- */

static void
vimana_host_networks_page_action_done_cb (GObject      *source,
                                          GAsyncResult *result,
                                          gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_network_run_action_finish (VIMANA_NETWORK (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        VimanaHostNetworksPage *self = user_data;

        vimana_error_bar_show_error (self->error_bar, error->message, NULL);
        vimana_host_networks_page_update_buttons (self);
    }
}

static void
vimana_host_networks_page_run (VimanaHostNetworksPage *self,
                               VimanaNetwork          *network,
                               VimanaNetworkAction     action)
{
    if (network == NULL)
        return;
    vimana_error_bar_dismiss (self->error_bar);
    vimana_network_run_action_async (network, action, self->cancellable,
                                     vimana_host_networks_page_action_done_cb, self);
}

static void
vimana_host_networks_page_start_cb (GtkButton              *button,
                                    VimanaHostNetworksPage *self)
{
    vimana_host_networks_page_run (self, self->network, VIMANA_NETWORK_ACTION_START);
}

static void
vimana_host_networks_page_stop_cb (GtkButton              *button,
                                   VimanaHostNetworksPage *self)
{
    vimana_host_networks_page_run (self, self->network, VIMANA_NETWORK_ACTION_STOP);
}

static void
vimana_host_networks_page_autostart_cb (GtkToggleButton        *check,
                                        VimanaHostNetworksPage *self)
{
    if (self->updating)
        return;
    vimana_host_networks_page_run (self, self->network,
                                   gtk_toggle_button_get_active (check)
                                       ? VIMANA_NETWORK_ACTION_AUTOSTART_ON
                                       : VIMANA_NETWORK_ACTION_AUTOSTART_OFF);
}

static void
vimana_host_networks_page_delete_response_cb (GtkDialog              *dialog,
                                              int                     response,
                                              VimanaHostNetworksPage *self)
{
    VimanaNetwork *network = g_object_get_data (G_OBJECT (dialog), "network");

    if (response == GTK_RESPONSE_ACCEPT && !vimana_network_get_removed (network))
        vimana_host_networks_page_run (self, network, VIMANA_NETWORK_ACTION_DELETE);
    gtk_widget_destroy (GTK_WIDGET (dialog));
}

static void
vimana_host_networks_page_delete_cb (GtkButton              *button,
                                     VimanaHostNetworksPage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    g_autoptr(GPtrArray) running = NULL;
    g_autofree char *question = NULL;
    g_autofree char *detail = NULL;
    GtkWidget *dialog;

    if (self->network == NULL)
        return;
    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    question = g_strdup_printf (_("Delete the virtual network “%s”?"),
                                vimana_network_get_name (self->network));
    running = self->users != NULL
                  ? vimana_resource_users_for_network (self->users,
                                                       vimana_network_get_name (self->network),
                                                       TRUE)
                  : NULL;
    if (running == NULL) {
        detail = g_strdup (_("Which guests use it is not known yet. A running guest on it loses "
                             "its connection at once."));
    } else if (running->len == 0) {
        detail = g_strdup (_("No running guest uses it. Guests defined on it will not start "
                             "until they are moved to another network."));
    } else {
        g_autofree char *names = NULL;

        g_ptr_array_add (running, NULL);
        names = g_strjoinv (_(", "), (char **) running->pdata);
        detail = g_strdup_printf (ngettext ("The running guest %s loses its network connection "
                                            "at once.",
                                            "The running guests %s lose their network connection "
                                            "at once.", running->len - 1), names);
    }
    dialog = gtk_message_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                     GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                     GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", detail);
    gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
    gtk_style_context_add_class (
        gtk_widget_get_style_context (gtk_dialog_add_button (GTK_DIALOG (dialog),
                                                             _("_Delete Network"),
                                                             GTK_RESPONSE_ACCEPT)),
        "destructive-action");
    gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
    g_object_set_data_full (G_OBJECT (dialog), "network", g_object_ref (self->network),
                            g_object_unref);
    g_signal_connect (dialog, "response",
                      G_CALLBACK (vimana_host_networks_page_delete_response_cb), self);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_networks_page_new_cb (GtkButton              *button,
                                  VimanaHostNetworksPage *self)
{
    GtkWidget *toplevel = gtk_widget_get_toplevel (GTK_WIDGET (self));
    GtkWidget *dialog;

    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    dialog = vimana_new_network_dialog_new (GTK_IS_WINDOW (toplevel) ? GTK_WINDOW (toplevel) : NULL,
                                            self->connection);
    self->dialog = dialog;
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
vimana_host_networks_page_reservation_changed_cb (VimanaHostNetworksPage *self)
{
    vimana_host_networks_page_update_buttons (self);
}

static void
vimana_host_networks_page_reservation_selected_cb (VimanaHostNetworksPage *self)
{
    vimana_host_networks_page_update_buttons (self);
}

static void
vimana_host_networks_page_reserved_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    VimanaHostNetworksPage *self;

    if (vimana_network_reserve_finish (VIMANA_NETWORK (source), result, &error)) {
        self = user_data;
        gtk_entry_set_text (self->mac_entry, "");
        gtk_entry_set_text (self->ip_entry, "");
        return;
    }
    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    vimana_error_bar_show_error (self->error_bar, error->message, NULL);
}

static void
vimana_host_networks_page_reserve_cb (VimanaHostNetworksPage *self)
{
    if (self->network == NULL || !vimana_host_networks_page_check_reservation (self))
        return;
    vimana_error_bar_dismiss (self->error_bar);
    vimana_network_reserve_async (self->network, gtk_entry_get_text (self->mac_entry),
                                  gtk_entry_get_text (self->ip_entry), self->cancellable,
                                  vimana_host_networks_page_reserved_cb, self);
}

static void
vimana_host_networks_page_unreserved_cb (GObject      *source,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_network_reserve_finish (VIMANA_NETWORK (source), result, &error) &&
        !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_error_bar_show_error (VIMANA_HOST_NETWORKS_PAGE (user_data)->error_bar,
                                     error->message, NULL);
}

static void
vimana_host_networks_page_unreserve_cb (VimanaHostNetworksPage *self)
{
    g_autofree char *mac = NULL;

    if (self->network == NULL || !vimana_host_networks_page_selected_reservation (self, &mac))
        return;
    vimana_error_bar_dismiss (self->error_bar);
    vimana_network_reserve_async (self->network, mac, NULL, self->cancellable,
                                  vimana_host_networks_page_unreserved_cb, self);
}

/* ---- GObject ---- */

static void
vimana_host_networks_page_dispose (GObject *object)
{
    VimanaHostNetworksPage *self = VIMANA_HOST_NETWORKS_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_cancellable_cancel (self->details_cancellable);
    g_clear_object (&self->details_cancellable);
    if (self->dialog != NULL)
        gtk_widget_destroy (self->dialog);
    if (self->network_store != NULL)
        vimana_host_networks_page_forget_rows (self);
    if (self->connection != NULL)
        g_signal_handlers_disconnect_by_data (vimana_connection_get_networks (self->connection),
                                              self);
    g_clear_pointer (&self->users, vimana_resource_users_unref);
    g_clear_object (&self->network);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vimana_host_networks_page_parent_class)->dispose (object);
}

static void
vimana_host_networks_page_class_init (VimanaHostNetworksPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_host_networks_page_dispose;

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-host-networks-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, network_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, network_view);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, network_selection);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, new_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, start_button);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_new_cb);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, stop_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, autostart_check);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, delete_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, reservation_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage,
                                          reservation_selection);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, mac_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, ip_entry);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, mac_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, ip_error);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, reserve_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, unreserve_button);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, lease_store);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, lease_status);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostNetworksPage, xml_scroll);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_networks_page_reservation_changed_cb);
    gtk_widget_class_bind_template_callback (widget_class,
                                             vimana_host_networks_page_reservation_selected_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_reserve_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_unreserve_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_start_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_stop_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_autostart_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_delete_cb);
    gtk_widget_class_bind_template_callback (widget_class, vimana_host_networks_page_selected_cb);
}

static void
vimana_host_networks_page_init (VimanaHostNetworksPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
    vimana_host_networks_page_update_buttons (self);
}

/* ---- public ---- */

void
vimana_host_networks_page_set_connection (VimanaHostNetworksPage *self,
                                          VimanaConnection       *connection)
{
    g_return_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));
    g_return_if_fail (self->connection == NULL);

    self->connection = g_object_ref (connection);
    g_signal_connect_object (vimana_connection_get_networks (connection), "items-changed",
                             G_CALLBACK (vimana_host_networks_page_items_changed_cb), self, 0);
    vimana_host_networks_page_rebuild (self);
}

/* Returns: whether the page knows which guests use which network */
gboolean
vimana_host_networks_page_get_users_loaded (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), FALSE);
    return self->users != NULL;
}

/* Returns: (transfer none): the networks' rows (VIMANA_HOST_NETWORK_COLUMN_…) */
GtkTreeModel *
vimana_host_networks_page_get_networks (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return GTK_TREE_MODEL (self->network_store);
}

/* Returns: whether a network called @name is listed, and now selected */
gboolean
vimana_host_networks_page_select (VimanaHostNetworksPage *self,
                                  const char             *name)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean valid;

    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), FALSE);

    model = GTK_TREE_MODEL (self->network_store);
    for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
         valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *row = NULL;

        gtk_tree_model_get (model, &iter, VIMANA_HOST_NETWORK_COLUMN_NAME, &row, -1);
        if (g_strcmp0 (row, name) == 0) {
            gtk_tree_selection_select_iter (self->network_selection, &iter);
            return TRUE;
        }
    }
    return FALSE;
}

/* Returns: (transfer none) (nullable): the selected network */
VimanaNetwork *
vimana_host_networks_page_get_selected (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return self->network;
}

/**
 * vimana_host_networks_page_get_button:
 * @self: a #VimanaHostNetworksPage
 * @name: "new", "start", "stop", "autostart", "delete", "reserve" or "unreserve"
 *
 * Returns: (transfer none) (nullable): that control
 */
GtkWidget *
vimana_host_networks_page_get_button (VimanaHostNetworksPage *self,
                                      const char             *name)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);

    if (g_strcmp0 (name, "new") == 0)
        return self->new_button;
    if (g_strcmp0 (name, "start") == 0)
        return self->start_button;
    if (g_strcmp0 (name, "stop") == 0)
        return self->stop_button;
    if (g_strcmp0 (name, "autostart") == 0)
        return self->autostart_check;
    if (g_strcmp0 (name, "delete") == 0)
        return self->delete_button;
    if (g_strcmp0 (name, "reserve") == 0)
        return self->reserve_button;
    if (g_strcmp0 (name, "unreserve") == 0)
        return self->unreserve_button;
    return NULL;
}

/* Returns: (transfer none) (nullable): the dialog the page opened, while it is open */
GtkWidget *
vimana_host_networks_page_get_dialog (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return self->dialog;
}

/* Returns: what the page's error bar says, "" when it is hidden */
const char *
vimana_host_networks_page_get_error (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return vimana_error_bar_get_text (self->error_bar);
}

/* Types a reservation's MAC and IP addresses into the form, as a user would. */
void
vimana_host_networks_page_fill_reservation (VimanaHostNetworksPage *self,
                                            const char             *mac,
                                            const char             *ip)
{
    g_return_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self));
    gtk_entry_set_text (self->mac_entry, mac);
    gtk_entry_set_text (self->ip_entry, ip);
}

/* Returns: what is said under the reservation's "mac" or "ip" field; "" when nothing is */
const char *
vimana_host_networks_page_get_reservation_error (VimanaHostNetworksPage *self,
                                                 const char             *field)
{
    GtkLabel *label;

    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    label = g_strcmp0 (field, "mac") == 0 ? self->mac_error : self->ip_error;
    return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : "";
}

/* Returns: (transfer none): the selected network's reservations (MAC, IP) */
GtkTreeModel *
vimana_host_networks_page_get_reservations (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return GTK_TREE_MODEL (self->reservation_store);
}

/* Selects the reservation of @mac; returns whether there is one. */
gboolean
vimana_host_networks_page_select_reservation (VimanaHostNetworksPage *self,
                                              const char             *mac)
{
    GtkTreeModel *model;
    GtkTreeIter iter;
    gboolean valid;

    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), FALSE);

    model = GTK_TREE_MODEL (self->reservation_store);
    for (valid = gtk_tree_model_get_iter_first (model, &iter); valid;
         valid = gtk_tree_model_iter_next (model, &iter)) {
        g_autofree char *row = NULL;

        gtk_tree_model_get (model, &iter, 0, &row, -1);
        if (g_strcmp0 (row, mac) == 0) {
            gtk_tree_selection_select_iter (self->reservation_selection, &iter);
            return TRUE;
        }
    }
    return FALSE;
}

/* Returns: (transfer full): the XML tab's text, "" before it is read */
char *
vimana_host_networks_page_get_xml (VimanaHostNetworksPage *self)
{
    GtkTextBuffer *buffer;
    GtkTextIter start, end;

    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    if (self->xml_view == NULL)
        return g_strdup ("");
    buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->xml_view));
    gtk_text_buffer_get_bounds (buffer, &start, &end);
    return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Returns: the line above the lease table ("" while hidden): why it is empty, or the failure */
const char *
vimana_host_networks_page_get_lease_status (VimanaHostNetworksPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_NETWORKS_PAGE (self), NULL);
    return gtk_widget_get_visible (GTK_WIDGET (self->lease_status))
           ? gtk_label_get_text (self->lease_status) : "";
}
