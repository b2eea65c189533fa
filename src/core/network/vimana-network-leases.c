/* vimana-network-leases.c: a virtual network's DHCP leases and its XML, read on demand
 *
 * The leases come from the network's DHCP server (virNetworkGetDHCPLeases); the guest a lease
 * belongs to is told by the page from the guests' interfaces it already read
 * (vimana_resource_users_guest_for_mac ()), not by reading every guest again here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-network"

#include "config.h"

#include "vimana-network-leases.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <stdlib.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-network-private.h"

void
vimana_network_lease_free (VimanaNetworkLease *lease)
{
    if (lease == NULL)
        return;
    g_free (lease->mac);
    g_free (lease->ip);
    g_free (lease->hostname);
    g_free (lease);
}

static gboolean
vimana_network_leases_check_alive (GTask         *task,
                                   VimanaNetwork *self)
{
    if (vimana_network_get_connection (self) != NULL && !vimana_network_get_removed (self))
        return TRUE;
    g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                             _("The virtual network “%s” no longer exists."),
                             vimana_network_get_name (self));
    return FALSE;
}

static void
vimana_network_leases_job (GTask         *task,
                           virConnectPtr  conn,
                           virDomainPtr   dom,
                           gpointer       data,
                           GCancellable  *cancellable)
{
    const char *name = data;
    virNetworkPtr network = virNetworkLookupByName (conn, name);
    virNetworkDHCPLeasePtr *leases = NULL;
    GPtrArray *result;
    GError *error = NULL;
    int n;

    if (network == NULL) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The virtual network could not be found."));
        g_task_return_error (task, error);
        return;
    }
    n = virNetworkGetDHCPLeases (network, NULL, &leases, 0);
    if (n < 0 && virGetLastErrorCode () == VIR_ERR_NO_SUPPORT) {
        /* Said as such: the page shows it in place of an empty table. */
        g_set_error_literal (&error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                             _("This host’s network driver keeps no DHCP leases."));
        virNetworkFree (network);
        g_task_return_error (task, error);
        return;
    }
    if (n < 0) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The DHCP leases could not be read."));
        virNetworkFree (network);
        g_task_return_error (task, error);
        return;
    }
    result = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_network_lease_free);
    for (int i = 0; i < n; i++) {
        VimanaNetworkLease *lease = g_new0 (VimanaNetworkLease, 1);

        lease->mac = g_ascii_strdown (leases[i]->mac != NULL ? leases[i]->mac : "", -1);
        lease->ip = g_strdup (leases[i]->ipaddr != NULL ? leases[i]->ipaddr : "");
        lease->prefix = leases[i]->prefix;
        lease->hostname = g_strdup (leases[i]->hostname);
        lease->expiry = leases[i]->expirytime;
        g_ptr_array_add (result, lease);
        virNetworkDHCPLeaseFree (leases[i]);
    }
    free (leases);
    virNetworkFree (network);
    g_task_return_pointer (task, result, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_network_get_leases_async:
 * @self: a #VimanaNetwork
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the network's DHCP leases.
 */
void
vimana_network_get_leases_async (VimanaNetwork       *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_NETWORK (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_network_get_leases_async);
    if (!vimana_network_leases_check_alive (task, self))
        return;
    vimana_connection_queue (vimana_network_get_connection (self), task, vimana_network_leases_job,
                             g_strdup (vimana_network_get_name (self)), g_free);
}

/* Returns: (transfer container) (element-type VimanaNetworkLease): the leases */
GPtrArray *
vimana_network_get_leases_finish (VimanaNetwork  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vimana_network_xml_job (GTask         *task,
                        virConnectPtr  conn,
                        virDomainPtr   dom,
                        gpointer       data,
                        GCancellable  *cancellable)
{
    virNetworkPtr network = virNetworkLookupByName (conn, data);
    GError *error = NULL;
    char *xml;

    if (network == NULL) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The virtual network could not be found."));
        g_task_return_error (task, error);
        return;
    }
    xml = virNetworkGetXMLDesc (network, 0);
    if (xml == NULL) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The network’s XML could not be read."));
        g_task_return_error (task, error);
    } else {
        /* libvirt's string is malloc'ed; hand back a GLib one. */
        g_task_return_pointer (task, g_strdup (xml), g_free);
        free (xml);
    }
    virNetworkFree (network);
}

/**
 * vimana_network_get_xml_async:
 * @self: a #VimanaNetwork
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the network's XML as libvirt has it now (the live one while it runs), for its XML tab.
 */
void
vimana_network_get_xml_async (VimanaNetwork       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_NETWORK (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_network_get_xml_async);
    if (!vimana_network_leases_check_alive (task, self))
        return;
    vimana_connection_queue (vimana_network_get_connection (self), task, vimana_network_xml_job,
                             g_strdup (vimana_network_get_name (self)), g_free);
}

/* Returns: (transfer full): the network's XML */
char *
vimana_network_get_xml_finish (VimanaNetwork  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
