/* vimana-resource-users.c: which guests use which volumes and virtual networks
 *
 * The Storage page says which guests use a volume ("Used by") and refuses to delete one a guest
 * uses; the Networks page says which running guests lose their network when it stops. Both read
 * one snapshot: every guest's description, read once on the worker (the live one for a running
 * guest, since that is what it uses now), reduced to its disks' sources and its networks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-resource-users.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <stdlib.h>

#include "vimana-connection-private.h"
#include "vimana-domain-xml.h"
#include "vimana-error.h"

struct _VimanaResourceUsers
{
    gatomicrefcount  ref_count;
    GHashTable      *volumes;    /* path or "pool/volume" → GPtrArray of guest names */
    GHashTable      *networks;   /* network → GPtrArray of guest names */
    GHashTable      *macs;       /* "network/mac" (lower case) → guest name */
    GHashTable      *running;    /* guest names that run */
};

G_DEFINE_BOXED_TYPE (VimanaResourceUsers, vimana_resource_users, vimana_resource_users_ref,
                     vimana_resource_users_unref)

static VimanaResourceUsers *
vimana_resource_users_new (void)
{
    VimanaResourceUsers *users = g_new0 (VimanaResourceUsers, 1);

    g_atomic_ref_count_init (&users->ref_count);
    users->volumes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) g_ptr_array_unref);
    users->macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    users->networks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
    users->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    return users;
}

VimanaResourceUsers *
vimana_resource_users_ref (VimanaResourceUsers *users)
{
    g_return_val_if_fail (users != NULL, NULL);
    g_atomic_ref_count_inc (&users->ref_count);
    return users;
}

void
vimana_resource_users_unref (VimanaResourceUsers *users)
{
    g_return_if_fail (users != NULL);
    if (!g_atomic_ref_count_dec (&users->ref_count))
        return;
    g_hash_table_unref (users->volumes);
    g_hash_table_unref (users->networks);
    g_hash_table_unref (users->macs);
    g_hash_table_unref (users->running);
    g_free (users);
}

static void
vimana_resource_users_add (GHashTable *table,
                           const char *key,
                           const char *guest)
{
    GPtrArray *guests = g_hash_table_lookup (table, key);

    if (guests == NULL) {
        guests = g_ptr_array_new_with_free_func (g_free);
        g_hash_table_insert (table, g_strdup (key), guests);
    }
    /* A guest with two disks on one image is one user. */
    if (guests->len == 0 || g_strcmp0 (g_ptr_array_index (guests, guests->len - 1), guest) != 0)
        g_ptr_array_add (guests, g_strdup (guest));
}

/**
 * vimana_resource_users_for_volume:
 * @users: a reading
 * @path: (nullable): the volume's path
 * @pool: (nullable): its pool's name
 * @name: (nullable): its name in the pool
 *
 * Returns: (transfer container) (element-type utf8): the guests whose disks use the volume, by
 *   its path or by pool and name; empty when none
 */
GPtrArray *
vimana_resource_users_for_volume (VimanaResourceUsers *users,
                                  const char          *path,
                                  const char          *pool,
                                  const char          *name)
{
    GPtrArray *found = g_ptr_array_new ();
    GPtrArray *by_path;
    GPtrArray *by_name = NULL;

    g_return_val_if_fail (users != NULL, found);

    by_path = path != NULL ? g_hash_table_lookup (users->volumes, path) : NULL;
    if (pool != NULL && name != NULL) {
        g_autofree char *key = g_strdup_printf ("%s/%s", pool, name);

        by_name = g_hash_table_lookup (users->volumes, key);
    }
    for (guint i = 0; by_path != NULL && i < by_path->len; i++)
        g_ptr_array_add (found, g_ptr_array_index (by_path, i));
    for (guint i = 0; by_name != NULL && i < by_name->len; i++) {
        if (!g_ptr_array_find_with_equal_func (found, g_ptr_array_index (by_name, i),
                                               g_str_equal, NULL))
            g_ptr_array_add (found, g_ptr_array_index (by_name, i));
    }
    return found;
}

/* Returns: whether @guest ran when the reading was taken */
gboolean
vimana_resource_users_is_running (VimanaResourceUsers *users,
                                  const char          *guest)
{
    g_return_val_if_fail (users != NULL, FALSE);
    g_return_val_if_fail (guest != NULL, FALSE);
    return g_hash_table_contains (users->running, guest);
}

/**
 * vimana_resource_users_for_network:
 * @users: a reading
 * @network: a virtual network's name
 * @running_only: only the guests that run
 *
 * Returns: (transfer container) (element-type utf8): the guests with an interface on @network
 */
GPtrArray *
vimana_resource_users_for_network (VimanaResourceUsers *users,
                                   const char          *network,
                                   gboolean             running_only)
{
    GPtrArray *found = g_ptr_array_new ();
    GPtrArray *guests;

    g_return_val_if_fail (users != NULL, found);
    g_return_val_if_fail (network != NULL, found);

    guests = g_hash_table_lookup (users->networks, network);
    for (guint i = 0; guests != NULL && i < guests->len; i++) {
        const char *guest = g_ptr_array_index (guests, i);

        if (!running_only || g_hash_table_contains (users->running, guest))
            g_ptr_array_add (found, (gpointer) guest);
    }
    return found;
}

/**
 * vimana_resource_users_guest_for_mac:
 * @users: what vimana_connection_list_resource_users_finish() read
 * @network: a virtual network's name
 * @mac: a MAC address, any case
 *
 * Returns: (nullable): the guest with an interface on @network that has @mac
 */
const char *
vimana_resource_users_guest_for_mac (VimanaResourceUsers *users,
                                     const char          *network,
                                     const char          *mac)
{
    g_autofree char *lower = NULL;
    g_autofree char *key = NULL;

    g_return_val_if_fail (users != NULL, NULL);
    g_return_val_if_fail (network != NULL && mac != NULL, NULL);

    lower = g_ascii_strdown (mac, -1);
    key = g_strdup_printf ("%s/%s", network, lower);
    return g_hash_table_lookup (users->macs, key);
}

/* ---- on the worker ---- */

static void
vimana_resource_users_read_domain (VimanaResourceUsers *users,
                                   virDomainPtr         dom)
{
    const char *guest = virDomainGetName (dom);
    g_autofree char *xml = virDomainGetXMLDesc (dom, 0);
    g_autoptr(GPtrArray) disks = NULL;
    g_auto(GStrv) networks = NULL;
    g_auto(GStrv) macs = NULL;

    if (xml == NULL) {
        /* A guest undefined meanwhile uses nothing. */
        virResetLastError ();
        return;
    }
    if (virDomainIsActive (dom) == 1)
        g_hash_table_add (users->running, g_strdup (guest));
    disks = vimana_domain_xml_parse_disks (xml, NULL);
    for (guint i = 0; disks != NULL && i < disks->len; i++) {
        VimanaDiskSource *disk = g_ptr_array_index (disks, i);

        if (disk->path != NULL)
            vimana_resource_users_add (users->volumes, disk->path, guest);
        if (disk->pool != NULL && disk->volume != NULL) {
            g_autofree char *key = g_strdup_printf ("%s/%s", disk->pool, disk->volume);

            vimana_resource_users_add (users->volumes, key, guest);
        }
    }
    networks = vimana_domain_xml_parse_networks (xml, NULL);
    for (guint i = 0; networks != NULL && networks[i] != NULL; i++)
        vimana_resource_users_add (users->networks, networks[i], guest);
    /* Pairs: network, MAC. So a DHCP lease names its guest (the Networks page's Leases). */
    macs = vimana_domain_xml_parse_network_macs (xml, NULL);
    for (guint i = 0; macs != NULL && macs[i] != NULL && macs[i + 1] != NULL; i += 2)
        g_hash_table_replace (users->macs, g_strdup_printf ("%s/%s", macs[i], macs[i + 1]),
                              g_strdup (guest));
}

static int
vimana_resource_users_compare (gconstpointer a,
                               gconstpointer b)
{
    return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* libvirt lists guests in no promised order: the users are said sorted by name. */
static void
vimana_resource_users_sort (GHashTable *table)
{
    GHashTableIter iter;
    gpointer guests;

    g_hash_table_iter_init (&iter, table);
    while (g_hash_table_iter_next (&iter, NULL, &guests))
        g_ptr_array_sort (guests, vimana_resource_users_compare);
}

static void
vimana_resource_users_job (GTask         *task,
                           virConnectPtr  conn,
                           virDomainPtr   unused,
                           gpointer       data,
                           GCancellable  *cancellable)
{
    VimanaResourceUsers *users;
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, 0);
    GError *error = NULL;

    if (n < 0) {
        vimana_error_set_from_libvirt (&error, _("The guests could not be listed."));
        g_task_return_error (task, error);
        return;
    }
    users = vimana_resource_users_new ();
    for (int i = 0; i < n; i++) {
        vimana_resource_users_read_domain (users, doms[i]);
        virDomainFree (doms[i]);
    }
    free (doms);
    vimana_resource_users_sort (users->volumes);
    vimana_resource_users_sort (users->networks);
    g_task_return_pointer (task, users, (GDestroyNotify) vimana_resource_users_unref);
}

/**
 * vimana_connection_list_resource_users_async:
 * @self: a #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads which guests use which volumes and networks: one description per guest, on the worker.
 */
void
vimana_connection_list_resource_users_async (VimanaConnection    *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_list_resource_users_async);
    vimana_connection_queue (self, task, vimana_resource_users_job, NULL, NULL);
}

/* Returns: (transfer full) (nullable): the reading */
VimanaResourceUsers *
vimana_connection_list_resource_users_finish (VimanaConnection  *self,
                                              GAsyncResult      *result,
                                              GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
