/* vimana-connection-storage.c: a connection's storage pools, as objects the views bind
 *
 * The connection's pools are a GListStore of VimanaStoragePool (vimana_connection_get_storage_pools()),
 * empty until something lists them: a view (vimana_connection_refresh_storage_pools_async()) or
 * the New VM assistant's query. From then on libvirt's pool events keep it current: a pool
 * defined, started, stopped or undefined elsewhere is read again on the worker (with its volumes
 * when they were listed) and updated in place; a refresh event lists its volumes again. Volumes
 * have no events in libvirt: those Vimana creates or deletes are put in or taken out of their
 * pool's model by the call's finish.
 *
 * Results carry the open attempt (generation) they were queued under, so a listing that lands
 * after the connection closed does not bring back what closing emptied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>

#include "vimana-error.h"
#include "vimana-list-sync.h"
#include "vimana-storage-private.h"

static GListStore *
vimana_connection_storage_store (VimanaConnection *self)
{
    return vimana_connection_get_resource_store (self, VIMANA_RESOURCE_STORAGE_POOLS);
}

static const char *
vimana_connection_storage_pool_key (gpointer item)
{
    return vimana_storage_pool_get_name (item);
}

static const char *
vimana_connection_storage_pool_info_key (gpointer info)
{
    return ((VimanaStoragePoolInfo *) info)->name;
}

static gpointer
vimana_connection_storage_pool_new (gpointer info,
                                    gpointer user_data)
{
    return vimana_storage_pool_new_from_info (user_data, info);
}

static void
vimana_connection_storage_pool_apply (gpointer item,
                                      gpointer info)
{
    vimana_storage_pool_apply_info (item, info);
}

static void
vimana_connection_storage_pool_removed (gpointer item)
{
    vimana_storage_pool_mark_removed (item);
}

static const VimanaListSyncFuncs vimana_connection_storage_pool_funcs = {
    .item_key = vimana_connection_storage_pool_key,
    .info_key = vimana_connection_storage_pool_info_key,
    .item_new = vimana_connection_storage_pool_new,
    .item_apply = vimana_connection_storage_pool_apply,
    .item_removed = vimana_connection_storage_pool_removed,
};

/* ---- the list of pools ---- */

/**
 * vimana_connection_get_storage_pools:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer none): the storage pools, a #GListModel of #VimanaStoragePool sorted by name
 *   as first listed, updated in place; empty until listed
 */
GListModel *
vimana_connection_get_storage_pools (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return G_LIST_MODEL (vimana_connection_storage_store (self));
}

/* Returns: whether the pools were listed since the connection opened */
gboolean
vimana_connection_get_storage_pools_loaded (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    return vimana_connection_get_resource_loaded (self, VIMANA_RESOURCE_STORAGE_POOLS);
}

/* Returns: (transfer none) (nullable): the listed pool called @name */
VimanaStoragePool *
vimana_connection_find_storage_pool (VimanaConnection *self,
                                     const char       *name)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    return vimana_list_store_find (vimana_connection_storage_store (self), name,
                                   vimana_connection_storage_pool_key, NULL);
}

/**
 * vimana_connection_dup_storage_volumes:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer full) (element-type VimanaStorageVolume): the listed volumes of every pool,
 *   pool by pool, for choosing a disk's image
 */
GPtrArray *
vimana_connection_dup_storage_volumes (VimanaConnection *self)
{
    GListModel *pools;
    GPtrArray *volumes;
    guint n;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);

    pools = G_LIST_MODEL (vimana_connection_storage_store (self));
    volumes = g_ptr_array_new_with_free_func (g_object_unref);
    n = g_list_model_get_n_items (pools);
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (pools, i);
        GListModel *model = vimana_storage_pool_get_volumes (pool);
        guint m = g_list_model_get_n_items (model);

        for (guint j = 0; j < m; j++)
            g_ptr_array_add (volumes, g_list_model_get_item (model, j));
    }
    return volumes;
}

typedef struct
{
    gboolean with_volumes;
    guint    generation;
} VimanaStorageListJob;

static void
vimana_connection_list_pools_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    VimanaStorageListJob *job = data;
    GError *error = NULL;
    GPtrArray *infos = vimana_storage_job_list_pools (conn, job->with_volumes, &error);

    if (infos == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

static void
vimana_connection_queue_list_pools (VimanaConnection *self,
                                    GTask            *task,
                                    gboolean          with_volumes)
{
    VimanaStorageListJob *job = g_new0 (VimanaStorageListJob, 1);

    job->with_volumes = with_volumes;
    job->generation = vimana_connection_get_generation (self);
    vimana_connection_queue (self, task, vimana_connection_list_pools_job, job, g_free);
}

/**
 * vimana_connection_apply_pool_listing:
 * @self: a #VimanaConnection
 * @generation: the open attempt the listing was read under
 * @infos: (element-type VimanaStoragePoolInfo): every pool, as the worker read them
 *
 * Makes the store match a full listing, unless the connection closed since it was read.
 */
void
vimana_connection_apply_pool_listing (VimanaConnection *self,
                                      guint             generation,
                                      GPtrArray        *infos)
{
    if (generation != vimana_connection_get_generation (self))
        return;
    vimana_list_store_sync (vimana_connection_storage_store (self), infos,
                            &vimana_connection_storage_pool_funcs, self);
    vimana_connection_set_resource_loaded (self, VIMANA_RESOURCE_STORAGE_POOLS, TRUE);
}

static gboolean
vimana_connection_finish_list_pools (VimanaConnection  *self,
                                     GTask             *task,
                                     GError           **error)
{
    VimanaStorageListJob *job = vimana_job_get_data (task);
    g_autoptr(GPtrArray) infos = g_task_propagate_pointer (task, error);

    if (infos == NULL)
        return FALSE;
    vimana_connection_apply_pool_listing (self, job->generation, infos);
    return TRUE;
}

/**
 * vimana_connection_refresh_storage_pools_async:
 * @self: a #VimanaConnection
 * @flags: %VIMANA_STORAGE_REFRESH_VOLUMES to list every running pool's volumes as well
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Lists the connection's storage pools on the worker. The finish updates
 * vimana_connection_get_storage_pools() in place (and the volumes of the pools, with
 * %VIMANA_STORAGE_REFRESH_VOLUMES).
 */
void
vimana_connection_refresh_storage_pools_async (VimanaConnection          *self,
                                               VimanaStorageRefreshFlags  flags,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_refresh_storage_pools_async);
    vimana_connection_queue_list_pools (self, task, (flags & VIMANA_STORAGE_REFRESH_VOLUMES) != 0);
}

gboolean
vimana_connection_refresh_storage_pools_finish (VimanaConnection  *self,
                                                GAsyncResult      *result,
                                                GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_connection_finish_list_pools (self, G_TASK (result), error);
}

static void
vimana_connection_reload_storage_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
    g_autoptr(GError) error = NULL;

    if (!vimana_connection_finish_list_pools (VIMANA_CONNECTION (object), G_TASK (result), &error))
        g_debug ("The storage pools could not be listed again: %s", error->message);
}

/* The connection reopened after its pools had been listed: list them again, volumes too. */
void
vimana_connection_reload_storage (VimanaConnection *self)
{
    g_autoptr(GTask) task = g_task_new (self, NULL, vimana_connection_reload_storage_cb, NULL);

    g_task_set_source_tag (task, vimana_connection_reload_storage);
    vimana_connection_queue_list_pools (self, task, TRUE);
}

/* The connection closed: its pools and their volumes are gone with it. */
void
vimana_connection_clear_storage (VimanaConnection *self)
{
    GListStore *store = vimana_connection_storage_store (self);
    g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

    for (guint i = 0; i < n; i++)
        g_ptr_array_add (removed, g_list_model_get_item (G_LIST_MODEL (store), i));
    g_list_store_remove_all (store);
    for (guint i = 0; i < removed->len; i++)
        vimana_storage_pool_mark_removed (g_ptr_array_index (removed, i));
}

/**
 * vimana_connection_apply_pool_info:
 * @self: a #VimanaConnection
 * @name: the pool's name
 * @info: (nullable): its new snapshot, or %NULL when it no longer exists
 *
 * Updates, adds or removes one pool of a listed store.
 */
void
vimana_connection_apply_pool_info (VimanaConnection      *self,
                                   const char            *name,
                                   VimanaStoragePoolInfo *info)
{
    GListStore *store = vimana_connection_storage_store (self);
    VimanaStoragePool *pool;
    guint position;

    pool = vimana_list_store_find (store, name, vimana_connection_storage_pool_key, &position);
    if (info == NULL) {
        if (pool != NULL) {
            g_autoptr(VimanaStoragePool) hold = g_object_ref (pool);

            g_list_store_remove (store, position);
            vimana_storage_pool_mark_removed (hold);
        }
    } else if (pool != NULL) {
        vimana_storage_pool_apply_info (pool, info);
    } else {
        g_autoptr(VimanaStoragePool) added = vimana_storage_pool_new_from_info (self, info);

        g_list_store_append (store, added);
    }
}

/* ---- volumes ---- */

/**
 * vimana_connection_resolve_volume:
 * @self: (nullable): a #VimanaConnection
 * @info: a volume's snapshot
 *
 * Returns: (transfer full): the object for @info: its pool's, updated (and added when new),
 *   when the pool's volumes are listed; a stand-alone one otherwise
 */
VimanaStorageVolume *
vimana_connection_resolve_volume (VimanaConnection        *self,
                                  VimanaStorageVolumeInfo *info)
{
    VimanaStoragePool *pool = NULL;

    if (self != NULL && info->pool != NULL)
        pool = vimana_connection_find_storage_pool (self, info->pool);
    if (pool != NULL)
        return vimana_storage_pool_upsert_volume (pool, info);
    return vimana_storage_volume_new_from_info (self, info);
}

/* Takes volumes deleted on the worker (with a guest, or one by one) out of their pools' models. */
void
vimana_connection_forget_volumes (VimanaConnection   *self,
                                  const char * const *keys)
{
    GListModel *pools = G_LIST_MODEL (vimana_connection_storage_store (self));
    guint n = g_list_model_get_n_items (pools);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStoragePool) pool = g_list_model_get_item (pools, i);

        for (const char * const *key = keys; key != NULL && *key != NULL; key++)
            vimana_storage_pool_forget_volume (pool, *key);
    }
}

typedef struct
{
    char                    *pool;
    VimanaStorageVolumeSpec *spec;
} VimanaCreateVolumeJob;

static void
vimana_create_volume_job_free (gpointer data)
{
    VimanaCreateVolumeJob *job = data;

    g_free (job->pool);
    vimana_storage_volume_spec_free (job->spec);
    g_free (job);
}

/* What creating a volume returns: the volume, and its pool as it is now (its free space). */
typedef struct
{
    VimanaStorageVolumeInfo *volume;
    VimanaStoragePoolInfo   *pool;
} VimanaCreateVolumeResult;

static void
vimana_create_volume_result_free (gpointer data)
{
    VimanaCreateVolumeResult *result = data;

    vimana_storage_volume_info_free (result->volume);
    vimana_storage_pool_info_free (result->pool);
    g_free (result);
}

static void
vimana_connection_create_volume_job (GTask         *task,
                                     virConnectPtr  conn,
                                     virDomainPtr   dom,
                                     gpointer       data,
                                     GCancellable  *cancellable)
{
    VimanaCreateVolumeJob *job = data;
    VimanaCreateVolumeResult *result;
    GError *error = NULL;
    VimanaStorageVolumeInfo *volume = vimana_storage_job_create_volume (conn, job->pool, job->spec,
                                                                        &error);

    if (volume == NULL) {
        g_task_return_error (task, error);
        return;
    }
    result = g_new0 (VimanaCreateVolumeResult, 1);
    result->volume = volume;
    result->pool = vimana_storage_job_read_pool (conn, job->pool, FALSE, FALSE, NULL);
    g_task_return_pointer (task, result, vimana_create_volume_result_free);
}

/* Queues the creation of @spec in @pool for @task, whose source object may be the connection or
 * the pool; vimana_connection_finish_create_volume() finishes it. */
void
vimana_connection_queue_create_volume (VimanaConnection              *self,
                                       GTask                         *task,
                                       const char                    *pool,
                                       const VimanaStorageVolumeSpec *spec)
{
    VimanaCreateVolumeJob *job = g_new0 (VimanaCreateVolumeJob, 1);

    job->pool = g_strdup (pool);
    job->spec = vimana_storage_volume_spec_copy (spec);
    vimana_connection_queue (self, task, vimana_connection_create_volume_job, job,
                             vimana_create_volume_job_free);
}

/* Returns: (transfer full) (nullable): the new volume, put in its pool's model */
VimanaStorageVolume *
vimana_connection_finish_create_volume (VimanaConnection  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
    VimanaCreateVolumeResult *created = g_task_propagate_pointer (G_TASK (result), error);
    VimanaStorageVolume *volume;

    if (created == NULL)
        return NULL;
    if (self != NULL && created->pool != NULL &&
        vimana_connection_find_storage_pool (self, created->pool->name) != NULL)
        vimana_connection_apply_pool_info (self, created->pool->name, created->pool);
    volume = vimana_connection_resolve_volume (self, created->volume);
    vimana_create_volume_result_free (created);
    return volume;
}

/**
 * vimana_connection_create_storage_volume_async:
 * @self: a #VimanaConnection
 * @pool: the name of a running storage pool
 * @spec: the volume to make; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Creates a volume the one way every caller does: refuses a name the pool has
 * (%VIMANA_ERROR_EXISTS), rescans the pool and refuses a size over its free space or a spec that
 * does not check (%VIMANA_ERROR_INVALID_ARGUMENT), then creates it sparse unless @spec allocates.
 */
void
vimana_connection_create_storage_volume_async (VimanaConnection              *self,
                                               const char                    *pool,
                                               const VimanaStorageVolumeSpec *spec,
                                               GCancellable                  *cancellable,
                                               GAsyncReadyCallback            callback,
                                               gpointer                       user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));
    g_return_if_fail (pool != NULL && spec != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_create_storage_volume_async);
    vimana_connection_queue_create_volume (self, task, pool, spec);
}

/**
 * vimana_connection_create_storage_volume_finish:
 *
 * Returns: (transfer full) (nullable): the new volume; it is in its pool's volumes when they are
 *   listed
 */
VimanaStorageVolume *
vimana_connection_create_storage_volume_finish (VimanaConnection  *self,
                                                GAsyncResult      *result,
                                                GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return vimana_connection_finish_create_volume (self, result, error);
}

static void
vimana_connection_lookup_volume_job (GTask         *task,
                                     virConnectPtr  conn,
                                     virDomainPtr   dom,
                                     gpointer       data,
                                     GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaStorageVolumeInfo *info = vimana_storage_job_lookup_path (conn, data, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_volume_info_free);
}

/**
 * vimana_connection_lookup_storage_volume_async:
 * @self: a #VimanaConnection
 * @path: a file or device path, as a guest's disk names it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Finds the storage volume at @path; the finish fails with %VIMANA_ERROR_NOT_FOUND when no pool
 * has it.
 */
void
vimana_connection_lookup_storage_volume_async (VimanaConnection    *self,
                                               const char          *path,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));
    g_return_if_fail (path != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_lookup_storage_volume_async);
    vimana_connection_queue (self, task, vimana_connection_lookup_volume_job, g_strdup (path),
                             g_free);
}

/**
 * vimana_connection_lookup_storage_volume_finish:
 *
 * Returns: (transfer full) (nullable): the volume; its pool's object when the pool's volumes are
 *   listed
 */
VimanaStorageVolume *
vimana_connection_lookup_storage_volume_finish (VimanaConnection  *self,
                                                GAsyncResult      *result,
                                                GError           **error)
{
    g_autoptr(VimanaStorageVolumeInfo) info = NULL;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    info = g_task_propagate_pointer (G_TASK (result), error);
    return info != NULL ? vimana_connection_resolve_volume (self, info) : NULL;
}

/**
 * vimana_disk_volumes_resolve:
 * @self: (nullable): the guest's connection
 * @infos: (element-type VimanaDiskVolumeInfo): what the worker found
 *
 * Returns: (transfer full) (element-type VimanaDiskVolume): the disks with their volume objects
 */
GPtrArray *
vimana_disk_volumes_resolve (VimanaConnection *self,
                             GPtrArray        *infos)
{
    GPtrArray *disks = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_disk_volume_free);

    for (guint i = 0; i < infos->len; i++) {
        VimanaDiskVolumeInfo *info = g_ptr_array_index (infos, i);
        VimanaDiskVolume *disk = g_new0 (VimanaDiskVolume, 1);

        disk->target = g_strdup (info->target);
        disk->is_cdrom = info->is_cdrom;
        disk->shared = info->shared;
        disk->volume = vimana_connection_resolve_volume (self, info->volume);
        g_ptr_array_add (disks, disk);
    }
    return disks;
}

/* ---- pool events ---- */

typedef struct
{
    char     *name;
    gboolean  with_volumes;
    guint     generation;
} VimanaPoolEventJob;

static void
vimana_pool_event_job_free (gpointer data)
{
    VimanaPoolEventJob *job = data;

    g_free (job->name);
    g_free (job);
}

static void
vimana_connection_read_pool_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    VimanaPoolEventJob *job = data;
    GError *error = NULL;
    VimanaStoragePoolInfo *info = vimana_storage_job_read_pool (conn, job->name, FALSE,
                                                                job->with_volumes, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_pool_info_free);
}

static void
vimana_connection_read_pool_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    VimanaPoolEventJob *job = vimana_job_get_data (G_TASK (result));
    g_autoptr(VimanaStoragePoolInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    info = g_task_propagate_pointer (G_TASK (result), &error);
    if (job == NULL || job->generation != vimana_connection_get_generation (self))
        return;
    if (info != NULL)
        vimana_connection_apply_pool_info (self, job->name, info);
    else if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND))
        vimana_connection_apply_pool_info (self, job->name, NULL);
    else
        g_debug ("The storage pool %s could not be read: %s", job->name, error->message);
}

/* Reads one pool again after an event, when the pools are listed at all. */
static void
vimana_connection_pool_changed (VimanaConnection *self,
                                const char       *name)
{
    g_autoptr(GTask) task = NULL;
    VimanaStoragePool *pool;
    VimanaPoolEventJob *job;

    if (!vimana_connection_get_resource_loaded (self, VIMANA_RESOURCE_STORAGE_POOLS))
        return;
    pool = vimana_connection_find_storage_pool (self, name);
    job = g_new0 (VimanaPoolEventJob, 1);
    job->name = g_strdup (name);
    job->with_volumes = pool != NULL && vimana_storage_pool_get_volumes_loaded (pool);
    job->generation = vimana_connection_get_generation (self);
    task = g_task_new (self, NULL, vimana_connection_read_pool_cb, NULL);
    g_task_set_source_tag (task, vimana_connection_pool_changed);
    vimana_connection_queue (self, task, vimana_connection_read_pool_job, job,
                             vimana_pool_event_job_free);
}

static void
vimana_connection_pool_lifecycle_cb (virConnectPtr      conn,
                                     virStoragePoolPtr  pool,
                                     int                event,
                                     int                detail,
                                     void              *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    /* The pool's name is kept in the handle: no call reaches the daemon here. */
    if (connection != NULL)
        vimana_connection_pool_changed (connection, virStoragePoolGetName (pool));
}

static void
vimana_connection_pool_refresh_cb (virConnectPtr      conn,
                                   virStoragePoolPtr  pool,
                                   void              *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    if (connection != NULL)
        vimana_connection_pool_changed (connection, virStoragePoolGetName (pool));
}

static gboolean
vimana_storage_link_add_event (VimanaConnectionLink                 *link,
                               VimanaConnection                     *connection,
                               guint                                 generation,
                               int                                   event_id,
                               virConnectStoragePoolEventGenericCallback callback)
{
    int id;

    g_assert (link->n_storage_event_ids < VIMANA_CONNECTION_MAX_EVENTS);

    id = virConnectStoragePoolEventRegisterAny (link->conn, NULL, event_id, callback,
                                                vimana_event_context_new (connection, generation),
                                                vimana_event_context_free);
    if (id < 0) {
        g_debug ("Storage pool event %d is not available: %s", event_id,
                 virGetLastErrorMessage ());
        virResetLastError ();
        return FALSE;
    }
    link->storage_event_ids[link->n_storage_event_ids++] = id;
    return TRUE;
}

/**
 * vimana_storage_link_register:
 * @link: a link whose connection just opened
 * @connection: the connection the callbacks report to
 * @generation: the open attempt the link belongs to
 *
 * Runs on the worker: registers the pool lifecycle and refresh events.
 *
 * Returns: whether pool lifecycle events are delivered
 */
gboolean
vimana_storage_link_register (VimanaConnectionLink *link,
                              VimanaConnection     *connection,
                              guint                 generation)
{
    gboolean lifecycle = vimana_storage_link_add_event (
        link, connection, generation, VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE,
        VIR_STORAGE_POOL_EVENT_CALLBACK (vimana_connection_pool_lifecycle_cb));

    vimana_storage_link_add_event (link, connection, generation, VIR_STORAGE_POOL_EVENT_ID_REFRESH,
                                   VIR_STORAGE_POOL_EVENT_CALLBACK (vimana_connection_pool_refresh_cb));
    return lifecycle;
}

/* Runs on the worker, before the connection closes. */
void
vimana_storage_link_close (VimanaConnectionLink *link)
{
    for (guint i = 0; i < link->n_storage_event_ids; i++) {
        if (virConnectStoragePoolEventDeregisterAny (link->conn, link->storage_event_ids[i]) < 0)
            virResetLastError ();
    }
    link->n_storage_event_ids = 0;
}
