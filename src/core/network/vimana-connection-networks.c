/* vimana-connection-networks.c: a connection's virtual networks, as objects the views bind
 *
 * The only code that calls libvirt's network API. The networks are a GListStore of
 * VimanaNetwork (vimana_connection_get_networks()) with the life every resource list has
 * (connection/vimana-connection-resources.c): empty until listed (by a view or the New VM
 * assistant's query), then read again by libvirt's network lifecycle events when a network is
 * defined, started, stopped or undefined, so a page stays live without polling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-network"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "vimana-error.h"
#include "vimana-network-private.h"
#include "vimana-xml.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- on the worker ---- */

void
vimana_network_info_free (VimanaNetworkInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->bridge);
    g_free (info->forward_mode);
    g_free (info->ipv4_address);
    g_free (info->dhcp_start);
    g_free (info->dhcp_end);
    g_strfreev (info->reservation_macs);
    g_strfreev (info->reservation_ips);
    g_free (info);
}

/* A dotted netmask as a prefix length: 255.255.255.0 is 24; 0 when it is not one. */
static guint
vimana_network_netmask_prefix (const char *netmask)
{
    g_autoptr(GInetAddress) address = netmask ? g_inet_address_new_from_string (netmask) : NULL;
    const guint8 *bytes;
    guint prefix = 0;

    if (address == NULL || g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV4)
        return 0;
    bytes = g_inet_address_to_bytes (address);
    for (guint i = 0; i < 4; i++) {
        for (int bit = 7; bit >= 0 && (bytes[i] >> bit) & 1; bit--)
            prefix++;
    }
    return prefix;
}

/* The first IPv4 <ip> of a network: the host's address, its prefix, the first DHCP range. */
static void
vimana_network_info_read_ipv4 (VimanaNetworkInfo *info,
                               const char        *xml)
{
    g_autoptr(xmlDoc) doc = xmlReadMemory (xml, strlen (xml), "network.xml", NULL,
                                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                                           XML_PARSE_NOWARNING);
    xmlNodePtr root = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
    g_autoptr(GStrvBuilder) macs = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) ips = g_strv_builder_new ();

    for (xmlNodePtr ip = root != NULL ? root->children : NULL; ip != NULL; ip = ip->next) {
        g_autofree char *family = NULL;
        g_autofree char *prefix = NULL;
        g_autofree char *netmask = NULL;

        if (ip->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) ip->name, "ip"))
            continue;
        family = (char *) xmlGetProp (ip, BAD_CAST "family");
        if (family != NULL && !g_str_equal (family, "ipv4"))
            continue;
        info->ipv4_address = (char *) xmlGetProp (ip, BAD_CAST "address");
        prefix = (char *) xmlGetProp (ip, BAD_CAST "prefix");
        netmask = (char *) xmlGetProp (ip, BAD_CAST "netmask");
        info->ipv4_prefix = prefix != NULL ? (guint) g_ascii_strtoull (prefix, NULL, 10)
                                           : vimana_network_netmask_prefix (netmask);
        for (xmlNodePtr dhcp = ip->children; dhcp != NULL; dhcp = dhcp->next) {
            if (dhcp->type != XML_ELEMENT_NODE || !g_str_equal ((const char *) dhcp->name, "dhcp"))
                continue;
            for (xmlNodePtr item = dhcp->children; item != NULL; item = item->next) {
                if (item->type != XML_ELEMENT_NODE)
                    continue;
                if (g_str_equal ((const char *) item->name, "range") && info->dhcp_start == NULL) {
                    info->dhcp_start = (char *) xmlGetProp (item, BAD_CAST "start");
                    info->dhcp_end = (char *) xmlGetProp (item, BAD_CAST "end");
                } else if (g_str_equal ((const char *) item->name, "host")) {
                    g_autofree char *mac = (char *) xmlGetProp (item, BAD_CAST "mac");
                    g_autofree char *address = (char *) xmlGetProp (item, BAD_CAST "ip");

                    if (mac != NULL && address != NULL) {
                        g_strv_builder_add (macs, mac);
                        g_strv_builder_add (ips, address);
                    }
                }
            }
            break;
        }
        break;
    }
    info->reservation_macs = g_strv_builder_end (macs);
    info->reservation_ips = g_strv_builder_end (ips);
}

static VimanaNetworkInfo *
vimana_network_info_collect (virNetworkPtr   network,
                             GError        **error)
{
    g_autoptr(VimanaNetworkInfo) info = g_new0 (VimanaNetworkInfo, 1);
    g_autofree char *xml = virNetworkGetXMLDesc (network, 0);
    int autostart = 0;

    if (xml == NULL || virNetworkGetUUIDString (network, info->uuid) < 0) {
        vimana_error_set_from_libvirt (error, _("The virtual network could not be read."));
        return NULL;
    }
    info->name = g_strdup (virNetworkGetName (network));
    info->active = virNetworkIsActive (network) == 1;
    info->persistent = virNetworkIsPersistent (network) == 1;
    if (virNetworkGetAutostart (network, &autostart) == 0)
        info->autostart = autostart != 0;
    info->bridge = vimana_xml_get_value (xml, "bridge", NULL, "name");
    info->forward_mode = vimana_xml_get_value (xml, "forward", NULL, "mode");
    /* <forward/> without a mode is NAT. */
    if (info->forward_mode == NULL) {
        g_autofree char *forward = vimana_xml_get_value (xml, "forward", NULL, NULL);

        if (forward != NULL)
            info->forward_mode = g_strdup ("nat");
    }
    vimana_network_info_read_ipv4 (info, xml);
    virResetLastError ();
    return g_steal_pointer (&info);
}

static int
vimana_network_info_compare (gconstpointer a,
                             gconstpointer b)
{
    const VimanaNetworkInfo *first = *(VimanaNetworkInfo * const *) a;
    const VimanaNetworkInfo *second = *(VimanaNetworkInfo * const *) b;

    return g_strcmp0 (first->name, second->name);
}

/**
 * vimana_network_job_list:
 * @conn: the connection
 * @detail: unused: a network has nothing more to list
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type VimanaNetworkInfo): every network, active or not,
 *   sorted by name
 */
GPtrArray *
vimana_network_job_list (virConnectPtr   conn,
                         gboolean        detail,
                         GError        **error)
{
    virNetworkPtr *networks = NULL;
    GPtrArray *infos;
    int n = virConnectListAllNetworks (conn, &networks, 0);

    if (n < 0) {
        vimana_error_set_from_libvirt (error, _("The virtual networks could not be listed."));
        return NULL;
    }
    infos = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_network_info_free);
    for (int i = 0; i < n; i++) {
        /* A network undefined between the listing and this read is simply not listed. */
        VimanaNetworkInfo *info = vimana_network_info_collect (networks[i], NULL);

        if (info != NULL)
            g_ptr_array_add (infos, info);
        virNetworkFree (networks[i]);
    }
    free (networks);
    virResetLastError ();
    g_ptr_array_sort (infos, vimana_network_info_compare);
    return infos;
}

static virNetworkPtr
vimana_network_lookup (virConnectPtr   conn,
                       const char     *name,
                       GError        **error)
{
    virNetworkPtr network = virNetworkLookupByName (conn, name);

    /* libvirt's reason names the network; a missing one is VIMANA_ERROR_NOT_FOUND. */
    if (network == NULL)
        vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be found."));
    return network;
}

/* Returns: (transfer full) (nullable): the network's snapshot; %VIMANA_ERROR_NOT_FOUND when gone */
VimanaNetworkInfo *
vimana_network_job_read (virConnectPtr   conn,
                         const char     *name,
                         gboolean        detail,
                         GError        **error)
{
    virNetworkPtr network = vimana_network_lookup (conn, name, error);
    VimanaNetworkInfo *info;

    if (network == NULL)
        return NULL;
    info = vimana_network_info_collect (network, error);
    virNetworkFree (network);
    return info;
}

/* Starts a network that exists but is stopped: a guest on it cannot start otherwise. */
gboolean
vimana_network_job_ensure_active (virConnectPtr   conn,
                                  const char     *name,
                                  GError        **error)
{
    virNetworkPtr network = vimana_network_lookup (conn, name, error);
    gboolean ok = TRUE;

    if (network == NULL)
        return FALSE;
    if (virNetworkIsActive (network) != 1 && virNetworkCreate (network) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be started."));
        ok = FALSE;
    }
    virNetworkFree (network);
    return ok;
}

/**
 * vimana_network_job_action:
 * @conn: the connection
 * @name: the network's name
 * @action: what to do
 * @error: return location for libvirt's reason
 *
 * Starting a running network or stopping a stopped one succeeds and does nothing; deleting
 * stops the network first and undefines it.
 *
 * Returns: whether the network is now as @action asked
 */
gboolean
vimana_network_job_action (virConnectPtr         conn,
                           const char           *name,
                           VimanaNetworkAction   action,
                           GError              **error)
{
    virNetworkPtr network = vimana_network_lookup (conn, name, error);
    gboolean active;
    gboolean ok = TRUE;

    if (network == NULL)
        return FALSE;
    active = virNetworkIsActive (network) == 1;
    switch (action) {
    case VIMANA_NETWORK_ACTION_START:
        if (!active && virNetworkCreate (network) < 0) {
            vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be started."));
            ok = FALSE;
        }
        break;
    case VIMANA_NETWORK_ACTION_STOP:
        if (active && virNetworkDestroy (network) < 0) {
            vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be stopped."));
            ok = FALSE;
        }
        break;
    case VIMANA_NETWORK_ACTION_AUTOSTART_ON:
    case VIMANA_NETWORK_ACTION_AUTOSTART_OFF:
        if (virNetworkSetAutostart (network, action == VIMANA_NETWORK_ACTION_AUTOSTART_ON) < 0) {
            vimana_error_set_from_libvirt_prefixed (error,
                                                    _("Whether the virtual network starts with the host could not be changed."));
            ok = FALSE;
        }
        break;
    case VIMANA_NETWORK_ACTION_DELETE:
        if ((active && virNetworkDestroy (network) < 0) ||
            (virNetworkIsPersistent (network) == 1 && virNetworkUndefine (network) < 0)) {
            vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be deleted."));
            ok = FALSE;
        }
        break;
    default:
        g_assert_not_reached ();
    }
    virNetworkFree (network);
    virResetLastError ();
    return ok;
}

/**
 * vimana_network_job_create:
 * @conn: the connection
 * @spec: the network
 * @error: return location for the reason; %VIMANA_ERROR_INVALID_ARGUMENT when @spec is refused,
 *   %VIMANA_ERROR_EXISTS when the name is taken
 *
 * Defines the network, starts it and marks it to start with the host, as a user who makes one
 * expects. A network defined but not started is undefined again, so that a failure leaves
 * nothing behind.
 *
 * Returns: (transfer full) (nullable): the new network's snapshot
 */
VimanaNetworkInfo *
vimana_network_job_create (virConnectPtr             conn,
                           const VimanaNetworkSpec  *spec,
                           GError                  **error)
{
    VimanaNetworkField field;
    g_autofree char *xml = NULL;
    virNetworkPtr network;
    VimanaNetworkInfo *info;

    if (!vimana_network_spec_check (spec, &field, error))
        return NULL;
    network = virNetworkLookupByName (conn, spec->name);
    if (network != NULL) {
        virNetworkFree (network);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("There is already a network “%s”; choose another name."), spec->name);
        return NULL;
    }
    virResetLastError ();
    xml = vimana_network_spec_to_xml (spec);
    network = virNetworkDefineXML (conn, xml);
    if (network == NULL) {
        vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be made."));
        return NULL;
    }
    if (virNetworkCreate (network) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, _("The virtual network could not be started."));
        virNetworkUndefine (network);
        virNetworkFree (network);
        virResetLastError ();
        return NULL;
    }
    if (virNetworkSetAutostart (network, 1) < 0)
        virResetLastError ();
    info = vimana_network_info_collect (network, error);
    virNetworkFree (network);
    return info;
}

/**
 * vimana_network_job_reserve:
 * @conn: the connection
 * @name: the network's name
 * @mac: a guest NIC's MAC address
 * @ip: (nullable): the address to give it always; %NULL removes @mac's reservation
 * @error: return location for the reason
 *
 * Adds or removes a DHCP reservation with virNetworkUpdate(), live on a running network (its
 * DHCP server knows at once) and in its definition, so that it lasts.
 *
 * Returns: (transfer full) (nullable): the network's snapshot after the change
 */
VimanaNetworkInfo *
vimana_network_job_reserve (virConnectPtr   conn,
                            const char     *name,
                            const char     *mac,
                            const char     *ip,
                            GError        **error)
{
    virNetworkPtr network = vimana_network_lookup (conn, name, error);
    g_autofree char *xml = NULL;
    VimanaNetworkInfo *info = NULL;
    unsigned int flags = 0;
    int ret;

    if (network == NULL)
        return NULL;
    if (virNetworkIsActive (network) == 1)
        flags |= VIR_NETWORK_UPDATE_AFFECT_LIVE;
    if (virNetworkIsPersistent (network) == 1)
        flags |= VIR_NETWORK_UPDATE_AFFECT_CONFIG;
    xml = vimana_network_reservation_to_xml (mac, ip);
    ret = virNetworkUpdate (network,
                            ip != NULL ? VIR_NETWORK_UPDATE_COMMAND_ADD_LAST
                                       : VIR_NETWORK_UPDATE_COMMAND_DELETE,
                            VIR_NETWORK_SECTION_IP_DHCP_HOST, -1, xml, flags);
    if (ret < 0)
        vimana_error_set_from_libvirt_prefixed (error, ip != NULL
                                                           ? _("The reservation could not be added.")
                                                           : _("The reservation could not be removed."));
    else
        info = vimana_network_info_collect (network, error);
    virNetworkFree (network);
    return info;
}

/* ---- the list of networks ---- */

static GListStore *
vimana_connection_network_store (VimanaConnection *self)
{
    return vimana_connection_get_resource_store (self, VIMANA_RESOURCE_NETWORKS);
}

static const char *
vimana_connection_network_key (gpointer item)
{
    return vimana_network_get_name (item);
}

static const char *
vimana_connection_network_info_key (gpointer info)
{
    return ((VimanaNetworkInfo *) info)->name;
}

static gpointer
vimana_connection_network_new (gpointer info,
                               gpointer user_data)
{
    return vimana_network_new_from_info (user_data, info);
}

static void
vimana_connection_network_apply (gpointer item,
                                 gpointer info)
{
    vimana_network_apply_info (item, info);
}

static void
vimana_connection_network_removed (gpointer item)
{
    vimana_network_mark_removed (item);
}

static const VimanaListSyncFuncs vimana_connection_network_funcs = {
    .item_key = vimana_connection_network_key,
    .info_key = vimana_connection_network_info_key,
    .item_new = vimana_connection_network_new,
    .item_apply = vimana_connection_network_apply,
    .item_removed = vimana_connection_network_removed,
};

static gpointer
vimana_connection_read_network (virConnectPtr   conn,
                                const char     *name,
                                gboolean        detail,
                                GError        **error)
{
    return vimana_network_job_read (conn, name, detail, error);
}

const VimanaResourceKind vimana_network_kind = {
    .resource = VIMANA_RESOURCE_NETWORKS,
    .what = "virtual networks",
    .funcs = &vimana_connection_network_funcs,
    .info_free = (GDestroyNotify) vimana_network_info_free,
    .list = vimana_network_job_list,
    .read = vimana_connection_read_network,
};

/**
 * vimana_connection_get_networks:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer none): the virtual networks, a #GListModel of #VimanaNetwork sorted by name
 *   as first listed, updated in place; empty until listed
 */
GListModel *
vimana_connection_get_networks (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return G_LIST_MODEL (vimana_connection_network_store (self));
}

/* Returns: whether the networks were listed since the connection opened */
gboolean
vimana_connection_get_networks_loaded (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    return vimana_connection_get_resource_loaded (self, VIMANA_RESOURCE_NETWORKS);
}

/* Returns: (transfer none) (nullable): the listed network called @name */
VimanaNetwork *
vimana_connection_find_network (VimanaConnection *self,
                                const char       *name)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    return vimana_connection_find_resource (self, &vimana_network_kind, name);
}

/**
 * vimana_connection_refresh_networks_async:
 * @self: a #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Lists the virtual networks on the worker; the finish updates vimana_connection_get_networks()
 * in place.
 */
void
vimana_connection_refresh_networks_async (VimanaConnection    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_refresh_networks_async);
    vimana_connection_queue_resource_listing (self, &vimana_network_kind, FALSE, task);
}

gboolean
vimana_connection_refresh_networks_finish (VimanaConnection  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_connection_finish_resource_listing (self, G_TASK (result), error);
}

typedef struct
{
    char              *name;
    char              *address;
    char              *dhcp_start;
    char              *dhcp_end;
    VimanaNetworkSpec  spec;
} VimanaNetworkCreate;

static void
vimana_network_create_free (gpointer data)
{
    VimanaNetworkCreate *create = data;

    g_free (create->name);
    g_free (create->address);
    g_free (create->dhcp_start);
    g_free (create->dhcp_end);
    g_free (create);
}

static void
vimana_connection_create_network_job (GTask         *task,
                                      virConnectPtr  conn,
                                      virDomainPtr   dom,
                                      gpointer       data,
                                      GCancellable  *cancellable)
{
    VimanaNetworkCreate *create = data;
    GError *error = NULL;
    VimanaNetworkInfo *info = vimana_network_job_create (conn, &create->spec, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_network_info_free);
}

/**
 * vimana_connection_create_network_async:
 * @self: a #VimanaConnection
 * @spec: the network; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Makes a NAT or isolated network, started and starting with the host. @spec is checked
 * (vimana_network_spec_check()) on the worker again before libvirt is asked.
 */
void
vimana_connection_create_network_async (VimanaConnection        *self,
                                        const VimanaNetworkSpec *spec,
                                        GCancellable            *cancellable,
                                        GAsyncReadyCallback      callback,
                                        gpointer                 user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaNetworkCreate *create;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));
    g_return_if_fail (spec != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_create_network_async);
    create = g_new0 (VimanaNetworkCreate, 1);
    create->name = g_strdup (spec->name);
    create->address = g_strdup (spec->address);
    create->dhcp_start = g_strdup (spec->dhcp_start);
    create->dhcp_end = g_strdup (spec->dhcp_end);
    create->spec = *spec;
    create->spec.name = create->name;
    create->spec.address = create->address;
    create->spec.dhcp_start = create->dhcp_start;
    create->spec.dhcp_end = create->dhcp_end;
    vimana_connection_queue (self, task, vimana_connection_create_network_job, create,
                             vimana_network_create_free);
}

/* Returns: (transfer full) (nullable): the new network, in vimana_connection_get_networks() */
VimanaNetwork *
vimana_connection_create_network_finish (VimanaConnection  *self,
                                         GAsyncResult      *result,
                                         GError           **error)
{
    g_autoptr(VimanaNetworkInfo) info = NULL;
    VimanaNetwork *network;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    info = g_task_propagate_pointer (G_TASK (result), error);
    if (info == NULL)
        return NULL;
    vimana_connection_apply_resource_item (self, &vimana_network_kind, info->name, info);
    network = vimana_connection_find_network (self, info->name);
    return network != NULL ? g_object_ref (network) : NULL;
}

/* ---- events ---- */

static void
vimana_connection_network_lifecycle_cb (virConnectPtr  conn,
                                        virNetworkPtr  network,
                                        int            event,
                                        int            detail,
                                        void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    /* The network's name is kept in the handle: no call reaches the daemon here. */
    if (connection != NULL)
        vimana_connection_reread_resource_item (connection, &vimana_network_kind,
                                                virNetworkGetName (network));
}

/**
 * vimana_network_link_register:
 * @link: a link whose connection just opened
 * @connection: the connection the callbacks report to
 * @generation: the open attempt the link belongs to
 *
 * Runs on the worker: registers the network lifecycle event.
 *
 * Returns: whether network events are delivered
 */
gboolean
vimana_network_link_register (VimanaConnectionLink *link,
                              VimanaConnection     *connection,
                              guint                 generation)
{
    int id;

    g_assert (link->n_network_event_ids < VIMANA_CONNECTION_MAX_EVENTS);

    id = virConnectNetworkEventRegisterAny (link->conn, NULL, VIR_NETWORK_EVENT_ID_LIFECYCLE,
                                            VIR_NETWORK_EVENT_CALLBACK (
                                                vimana_connection_network_lifecycle_cb),
                                            vimana_event_context_new (connection, generation),
                                            vimana_event_context_free);
    if (id < 0) {
        g_debug ("Network events are not available: %s", virGetLastErrorMessage ());
        virResetLastError ();
        return FALSE;
    }
    link->network_event_ids[link->n_network_event_ids++] = id;
    return TRUE;
}

/* Runs on the worker, before the connection closes. */
void
vimana_network_link_close (VimanaConnectionLink *link)
{
    for (guint i = 0; i < link->n_network_event_ids; i++) {
        if (virConnectNetworkEventDeregisterAny (link->conn, link->network_event_ids[i]) < 0)
            virResetLastError ();
    }
    link->n_network_event_ids = 0;
}
