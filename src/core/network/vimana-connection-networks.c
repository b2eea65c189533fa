/* vimana-connection-networks.c: a connection's virtual networks, as objects the views bind
 *
 * The only code that calls libvirt's network API. The networks are a GListStore of
 * VimanaNetwork (vimana_connection_get_networks()), empty until listed (by a view or the New VM
 * assistant's query); libvirt's network lifecycle events then read a network again when it is
 * defined, started, stopped or undefined, so a page stays live without polling.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-network"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>
#include <libvirt/virterror.h>
#include <stdlib.h>

#include "vimana-error.h"
#include "vimana-list-sync.h"
#include "vimana-network-private.h"
#include "vimana-xml.h"

/* ---- on the worker ---- */

void
vimana_network_info_free (VimanaNetworkInfo *info)
{
    if (info == NULL)
        return;
    g_free (info->name);
    g_free (info->bridge);
    g_free (info->forward_mode);
    g_free (info);
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
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type VimanaNetworkInfo): every network, active or not,
 *   sorted by name
 */
GPtrArray *
vimana_network_job_list (virConnectPtr   conn,
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

    return vimana_list_store_find (vimana_connection_network_store (self), name,
                                   vimana_connection_network_key, NULL);
}

/* Makes the store match a full listing, unless the connection closed since it was read. */
void
vimana_connection_apply_network_listing (VimanaConnection *self,
                                         guint             generation,
                                         GPtrArray        *infos)
{
    if (generation != vimana_connection_get_generation (self))
        return;
    vimana_list_store_sync (vimana_connection_network_store (self), infos,
                            &vimana_connection_network_funcs, self);
    vimana_connection_set_resource_loaded (self, VIMANA_RESOURCE_NETWORKS, TRUE);
}

static void
vimana_connection_list_networks_job (GTask         *task,
                                     virConnectPtr  conn,
                                     virDomainPtr   dom,
                                     gpointer       data,
                                     GCancellable  *cancellable)
{
    GError *error = NULL;
    GPtrArray *infos = vimana_network_job_list (conn, &error);

    if (infos == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

static void
vimana_connection_queue_list_networks (VimanaConnection *self,
                                       GTask            *task)
{
    vimana_connection_queue (self, task, vimana_connection_list_networks_job,
                             GUINT_TO_POINTER (vimana_connection_get_generation (self)), NULL);
}

static gboolean
vimana_connection_finish_list_networks (VimanaConnection  *self,
                                        GTask             *task,
                                        GError           **error)
{
    guint generation = GPOINTER_TO_UINT (vimana_job_get_data (task));
    g_autoptr(GPtrArray) infos = g_task_propagate_pointer (task, error);

    if (infos == NULL)
        return FALSE;
    vimana_connection_apply_network_listing (self, generation, infos);
    return TRUE;
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
    vimana_connection_queue_list_networks (self, task);
}

gboolean
vimana_connection_refresh_networks_finish (VimanaConnection  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_connection_finish_list_networks (self, G_TASK (result), error);
}

static void
vimana_connection_reload_networks_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_finish_list_networks (VIMANA_CONNECTION (object), G_TASK (result),
                                                 &error))
        g_debug ("The virtual networks could not be listed again: %s", error->message);
}

/* The connection reopened after its networks had been listed: list them again. */
void
vimana_connection_reload_networks (VimanaConnection *self)
{
    g_autoptr(GTask) task = g_task_new (self, NULL, vimana_connection_reload_networks_cb, NULL);

    g_task_set_source_tag (task, vimana_connection_reload_networks);
    vimana_connection_queue_list_networks (self, task);
}

/* The connection closed: its networks are gone with it. */
void
vimana_connection_clear_networks (VimanaConnection *self)
{
    g_autoptr(GPtrArray) none = g_ptr_array_new ();

    vimana_list_store_sync (vimana_connection_network_store (self), none,
                            &vimana_connection_network_funcs, self);
}

/* ---- events ---- */

typedef struct
{
    char  *name;
    guint  generation;
} VimanaNetworkEventJob;

static void
vimana_network_event_job_free (gpointer data)
{
    VimanaNetworkEventJob *job = data;

    g_free (job->name);
    g_free (job);
}

static void
vimana_connection_read_network_job (GTask         *task,
                                    virConnectPtr  conn,
                                    virDomainPtr   dom,
                                    gpointer       data,
                                    GCancellable  *cancellable)
{
    VimanaNetworkEventJob *job = data;
    GError *error = NULL;
    VimanaNetworkInfo *info = vimana_network_job_read (conn, job->name, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_network_info_free);
}

static void
vimana_connection_read_network_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    VimanaNetworkEventJob *job = vimana_job_get_data (G_TASK (result));
    GListStore *store = vimana_connection_network_store (self);
    g_autoptr(VimanaNetworkInfo) info = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNetwork *network;
    guint position;

    info = g_task_propagate_pointer (G_TASK (result), &error);
    if (job == NULL || job->generation != vimana_connection_get_generation (self))
        return;
    network = vimana_list_store_find (store, job->name, vimana_connection_network_key, &position);
    if (info != NULL && network != NULL) {
        vimana_network_apply_info (network, info);
    } else if (info != NULL) {
        g_autoptr(VimanaNetwork) added = vimana_network_new_from_info (self, info);

        g_list_store_append (store, added);
    } else if (network != NULL && g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND)) {
        g_autoptr(VimanaNetwork) hold = g_object_ref (network);

        g_list_store_remove (store, position);
        vimana_network_mark_removed (hold);
    } else if (error != NULL) {
        g_debug ("The virtual network %s could not be read: %s", job->name, error->message);
    }
}

static void
vimana_connection_network_lifecycle_cb (virConnectPtr  conn,
                                        virNetworkPtr  network,
                                        int            event,
                                        int            detail,
                                        void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);
    g_autoptr(GTask) task = NULL;
    VimanaNetworkEventJob *job;

    if (connection == NULL ||
        !vimana_connection_get_resource_loaded (connection, VIMANA_RESOURCE_NETWORKS))
        return;
    job = g_new0 (VimanaNetworkEventJob, 1);
    /* The network's name is kept in the handle: no call reaches the daemon here. */
    job->name = g_strdup (virNetworkGetName (network));
    job->generation = vimana_connection_get_generation (connection);
    task = g_task_new (connection, NULL, vimana_connection_read_network_cb, NULL);
    g_task_set_source_tag (task, vimana_connection_network_lifecycle_cb);
    vimana_connection_queue (connection, task, vimana_connection_read_network_job, job,
                             vimana_network_event_job_free);
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
