/* vimana-host-interfaces-page.c: the host window's Interfaces page, read-only
 *
 * The host's NICs, bridges and bonds as core reads them once when the page is first shown
 * (vimana_connection_list_host_interfaces_async()); the page changes nothing and says where
 * changes are made.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host-interfaces-page"

#include "config.h"

#include "vimana-host-interfaces-page.h"

#include <glib/gi18n.h>

#include "vimana-error-bar.h"

struct _VimanaHostInterfacesPage
{
    GtkBox            parent_instance;

    /* template widgets */
    VimanaErrorBar   *error_bar;
    GtkListStore     *interface_store;

    /* owned references */
    VimanaConnection *connection;
    GCancellable     *cancellable;

    gboolean          asked;
    gboolean          loaded;
};

G_DEFINE_FINAL_TYPE (VimanaHostInterfacesPage, vimana_host_interfaces_page, GTK_TYPE_BOX)

static const char *
vimana_host_interfaces_page_kind (const char *kind)
{
    if (g_strcmp0 (kind, "ethernet") == 0)
        return _("Ethernet");
    if (g_strcmp0 (kind, "bridge") == 0)
        return _("Bridge");
    if (g_strcmp0 (kind, "bond") == 0)
        return _("Bond");
    if (g_strcmp0 (kind, "vlan") == 0)
        return _("VLAN");
    return _("Virtual");
}

static void
vimana_host_interfaces_page_listed_cb (GObject      *source,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) interfaces =
        vimana_connection_list_host_interfaces_finish (VIMANA_CONNECTION (source), result, &error);
    VimanaHostInterfacesPage *self;

    if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
    self = user_data;
    self->loaded = TRUE;
    if (interfaces == NULL) {
        vimana_error_bar_show_error (self->error_bar,
                                     _("The host's network interfaces could not be listed."),
                                     error);
        return;
    }
    gtk_list_store_clear (self->interface_store);
    for (guint i = 0; i < interfaces->len; i++) {
        VimanaHostInterface *iface = g_ptr_array_index (interfaces, i);
        g_autofree char *addresses = iface->addresses != NULL && iface->addresses[0] != NULL
                                         ? g_strjoinv (_(", "), iface->addresses)
                                         : g_strdup (_("None"));
        /* Translators: a network link's speed in megabits per second. */
        g_autofree char *speed = iface->speed > 0 ? g_strdup_printf (_("%u Mb/s"), iface->speed)
                                                  : g_strdup (_("Unknown"));

        gtk_list_store_insert_with_values (self->interface_store, NULL, -1,
                                           VIMANA_HOST_INTERFACE_COLUMN_NAME, iface->name,
                                           VIMANA_HOST_INTERFACE_COLUMN_KIND,
                                           vimana_host_interfaces_page_kind (iface->kind),
                                           VIMANA_HOST_INTERFACE_COLUMN_STATE,
                                           iface->active ? _("Up") : _("Down"),
                                           VIMANA_HOST_INTERFACE_COLUMN_MAC,
                                           iface->mac != NULL ? iface->mac : "—",
                                           VIMANA_HOST_INTERFACE_COLUMN_ADDRESSES, addresses,
                                           VIMANA_HOST_INTERFACE_COLUMN_SPEED, speed,
                                           -1);
    }
}

/* Lists the interfaces the first time the page is shown. */
void
vimana_host_interfaces_page_load (VimanaHostInterfacesPage *self)
{
    g_return_if_fail (VIMANA_IS_HOST_INTERFACES_PAGE (self));
    g_return_if_fail (self->connection != NULL);

    if (self->asked)
        return;
    self->asked = TRUE;
    vimana_connection_list_host_interfaces_async (self->connection, self->cancellable,
                                                  vimana_host_interfaces_page_listed_cb, self);
}

static void
vimana_host_interfaces_page_dispose (GObject *object)
{
    VimanaHostInterfacesPage *self = VIMANA_HOST_INTERFACES_PAGE (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->connection);

    G_OBJECT_CLASS (vimana_host_interfaces_page_parent_class)->dispose (object);
}

static void
vimana_host_interfaces_page_class_init (VimanaHostInterfacesPageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

    object_class->dispose = vimana_host_interfaces_page_dispose;

    g_type_ensure (VIMANA_TYPE_ERROR_BAR);
    gtk_widget_class_set_template_from_resource (
        widget_class, "/io/github/vimana/Vimana/ui/vimana-host-interfaces-page.ui");
    gtk_widget_class_bind_template_child (widget_class, VimanaHostInterfacesPage, error_bar);
    gtk_widget_class_bind_template_child (widget_class, VimanaHostInterfacesPage,
                                          interface_store);
}

static void
vimana_host_interfaces_page_init (VimanaHostInterfacesPage *self)
{
    gtk_widget_init_template (GTK_WIDGET (self));
    self->cancellable = g_cancellable_new ();
}

void
vimana_host_interfaces_page_set_connection (VimanaHostInterfacesPage *self,
                                            VimanaConnection         *connection)
{
    g_return_if_fail (VIMANA_IS_HOST_INTERFACES_PAGE (self));
    g_return_if_fail (VIMANA_IS_CONNECTION (connection));
    g_return_if_fail (self->connection == NULL);

    self->connection = g_object_ref (connection);
}

/* Returns: whether the interfaces were read (or failed to be) */
gboolean
vimana_host_interfaces_page_get_loaded (VimanaHostInterfacesPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_INTERFACES_PAGE (self), FALSE);
    return self->loaded;
}

/* Returns: (transfer none): the interfaces' rows (VIMANA_HOST_INTERFACE_COLUMN_…) */
GtkTreeModel *
vimana_host_interfaces_page_get_interfaces (VimanaHostInterfacesPage *self)
{
    g_return_val_if_fail (VIMANA_IS_HOST_INTERFACES_PAGE (self), NULL);
    return GTK_TREE_MODEL (self->interface_store);
}
