/* vimana-connection-host.c: what a connection's host has besides guests, storage and networks
 *
 * The host's USB and PCI devices, a GListStore of VimanaHostDevice
 * (vimana_connection_get_host_devices()) listed on demand for Add Hardware; and the host's
 * bridges and interfaces the New VM assistant offers. libvirt's node device events (hot-plugged
 * USB) could keep the devices live the way pools and networks are; nothing needs it yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-host"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>

#include "vimana-error.h"
#include "vimana-host-private.h"
#include "vimana-xml.h"

/* ---- host devices ---- */

/* On the worker: the USB and PCI devices, made from their XML descriptions there. */
static GPtrArray *
vimana_connection_host_list_devices (virConnectPtr   conn,
                                     gboolean        detail,
                                     GError        **error)
{
    virNodeDevicePtr *list = NULL;
    GPtrArray *devices;
    int n;

    n = virConnectListAllNodeDevices (conn, &list,
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_USB_DEV |
                                      VIR_CONNECT_LIST_NODE_DEVICES_CAP_PCI_DEV);
    if (n < 0) {
        vimana_error_set_from_libvirt (error, _("The host’s devices could not be listed."));
        return NULL;
    }
    devices = g_ptr_array_new_with_free_func (g_object_unref);
    for (int i = 0; i < n; i++) {
        char *xml = virNodeDeviceGetXMLDesc (list[i], 0);
        VimanaHostDevice *device = NULL;

        if (xml != NULL)
            device = vimana_host_device_new_from_xml (virNodeDeviceGetName (list[i]), xml);
        if (device != NULL)
            g_ptr_array_add (devices, device);
        free (xml);
        virNodeDeviceFree (list[i]);
    }
    free (list);
    virResetLastError ();
    return devices;
}

static const char *
vimana_connection_host_device_key (gpointer item)
{
    return vimana_host_device_get_name (item);
}

/* The listing is of objects already: a new one joins the store as it is. */
static gpointer
vimana_connection_host_device_new (gpointer info,
                                   gpointer user_data)
{
    return g_object_ref (info);
}

/* A node device's identity does not change while it is plugged in: nothing to update. */
static void
vimana_connection_host_device_apply (gpointer item,
                                     gpointer info)
{
}

static const VimanaListSyncFuncs vimana_connection_host_device_funcs = {
    .item_key = vimana_connection_host_device_key,
    .info_key = vimana_connection_host_device_key,
    .item_new = vimana_connection_host_device_new,
    .item_apply = vimana_connection_host_device_apply,
};

const VimanaResourceKind vimana_host_device_kind = {
    .resource = VIMANA_RESOURCE_HOST_DEVICES,
    .what = "host devices",
    .funcs = &vimana_connection_host_device_funcs,
    .info_free = g_object_unref,
    .list = vimana_connection_host_list_devices,
};

/**
 * vimana_connection_get_host_devices:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer none): the host's USB and PCI devices, a #GListModel of #VimanaHostDevice;
 *   empty until listed
 */
GListModel *
vimana_connection_get_host_devices (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return G_LIST_MODEL (vimana_connection_get_resource_store (self, VIMANA_RESOURCE_HOST_DEVICES));
}

/**
 * vimana_connection_refresh_host_devices_async:
 * @self: a #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Lists the host's USB and PCI devices on the worker; the finish updates
 * vimana_connection_get_host_devices() in place.
 */
void
vimana_connection_refresh_host_devices_async (VimanaConnection    *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_refresh_host_devices_async);
    vimana_connection_queue_resource_listing (self, &vimana_host_device_kind, FALSE, task);
}

gboolean
vimana_connection_refresh_host_devices_finish (VimanaConnection  *self,
                                               GAsyncResult      *result,
                                               GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_connection_finish_resource_listing (self, G_TASK (result), error);
}

/* ---- interfaces ---- */

/**
 * vimana_host_job_read_interfaces:
 * @conn: the connection
 * @local: whether the connection is to this machine
 * @bridges: (out) (transfer full): the host's bridges
 * @interfaces: (out) (transfer full): its physical interfaces, which macvtap can use
 *
 * Runs on the worker. Reads libvirt's interface driver; on a local connection without one, this
 * machine's /sys/class/net: bridges have a bridge/ directory, physical NICs a device link.
 */
void
vimana_host_job_read_interfaces (virConnectPtr  conn,
                                 gboolean       local,
                                 GStrv         *bridges,
                                 GStrv         *interfaces)
{
    g_autoptr(GStrvBuilder) bridge_names = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) interface_names = g_strv_builder_new ();
    virInterfacePtr *ifaces = NULL;
    int n = virConnectListAllInterfaces (conn, &ifaces, VIR_CONNECT_LIST_INTERFACES_ACTIVE);

    if (n > 0) {
        for (int i = 0; i < n; i++) {
            g_autofree char *xml = virInterfaceGetXMLDesc (ifaces[i], 0);
            g_autofree char *type = vimana_xml_get_value (xml, NULL, NULL, "type");
            const char *name = virInterfaceGetName (ifaces[i]);

            if (g_strcmp0 (type, "bridge") == 0)
                g_strv_builder_add (bridge_names, name);
            else if (g_strcmp0 (type, "ethernet") == 0 && g_strcmp0 (name, "lo") != 0)
                g_strv_builder_add (interface_names, name);
            virInterfaceFree (ifaces[i]);
        }
    } else if (local) {
        g_autoptr(GDir) dir = g_dir_open ("/sys/class/net", 0, NULL);
        const char *name;

        while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
            g_autofree char *bridge = g_build_filename ("/sys/class/net", name, "bridge", NULL);
            g_autofree char *device = g_build_filename ("/sys/class/net", name, "device", NULL);

            if (g_file_test (bridge, G_FILE_TEST_IS_DIR))
                g_strv_builder_add (bridge_names, name);
            else if (g_file_test (device, G_FILE_TEST_EXISTS))
                g_strv_builder_add (interface_names, name);
        }
    }
    free (ifaces);
    virResetLastError ();
    *bridges = g_strv_builder_end (bridge_names);
    *interfaces = g_strv_builder_end (interface_names);
}
