/* vimana-connection-storage.c: a connection's storage pools, as objects the views bind
 *
 * The connection's pools are a GListStore of VimanaStoragePool (vimana_connection_get_storage_pools()),
 * with the life every resource list has (connection/vimana-connection-resources.c): empty until
 * listed, updated in place, read again after libvirt's pool events (lifecycle and refresh: a pool
 * defined, started, stopped or undefined elsewhere, with its volumes when they were listed).
 * Volumes have no events in libvirt: those Vimana creates or deletes are put in or taken out of
 * their pool's model by the call's finish.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>

#include "vimana-error.h"
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

static gpointer
vimana_connection_storage_read_pool (virConnectPtr   conn,
                                     const char     *name,
                                     gboolean        with_volumes,
                                     GError        **error)
{
    return vimana_storage_job_read_pool (conn, name, FALSE, with_volumes, error);
}

static gboolean
vimana_connection_storage_pool_detail (gpointer item)
{
    return vimana_storage_pool_get_volumes_loaded (item);
}

/* With detail: the volumes of every running pool. */
const VimanaResourceKind vimana_storage_pool_kind = {
    .resource = VIMANA_RESOURCE_STORAGE_POOLS,
    .what = "storage pools",
    .funcs = &vimana_connection_storage_pool_funcs,
    .info_free = (GDestroyNotify) vimana_storage_pool_info_free,
    .list = vimana_storage_job_list_pools,
    .read = vimana_connection_storage_read_pool,
    .item_detail = vimana_connection_storage_pool_detail,
    .reload_detail = TRUE,
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

    return vimana_connection_find_resource (self, &vimana_storage_pool_kind, name);
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
    vimana_connection_queue_resource_listing (self, &vimana_storage_pool_kind,
                                              (flags & VIMANA_STORAGE_REFRESH_VOLUMES) != 0, task);
}

gboolean
vimana_connection_refresh_storage_pools_finish (VimanaConnection  *self,
                                                GAsyncResult      *result,
                                                GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_connection_finish_resource_listing (self, G_TASK (result), error);
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
        vimana_connection_apply_resource_item (self, &vimana_storage_pool_kind,
                                               created->pool->name, created->pool);
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

/* ---- new pools ---- */

typedef struct
{
    VimanaPoolKind  kind;
    char           *name;
    char           *target;
    char           *host;
    char           *source;
    gboolean        local;
} VimanaCreatePoolJob;

static void
vimana_create_pool_job_free (gpointer data)
{
    VimanaCreatePoolJob *job = data;

    g_free (job->name);
    g_free (job->target);
    g_free (job->host);
    g_free (job->source);
    g_free (job);
}

static void
vimana_connection_create_pool_job (GTask         *task,
                                   virConnectPtr  conn,
                                   virDomainPtr   dom,
                                   gpointer       data,
                                   GCancellable  *cancellable)
{
    VimanaCreatePoolJob *job = data;
    VimanaPoolSpec spec = {
        .kind = job->kind, .name = job->name, .target = job->target, .host = job->host,
        .source = job->source,
    };
    GError *error = NULL;
    VimanaStoragePoolInfo *info = NULL;
    VimanaPoolField field;
    gboolean path_field;

    /* Checked again here: nothing reaches libvirt that the form's rule refuses. */
    if (vimana_pool_spec_check (&spec, &field, &error)
        && (spec.kind != VIMANA_POOL_KIND_DIR
            || vimana_storage_pool_check_dir (spec.name, spec.target, job->local, &path_field,
                                              &error)))
        info = vimana_storage_job_define_pool (conn, &spec, &error);
    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_pool_info_free);
}

/**
 * vimana_connection_create_pool_async:
 * @self: a #VimanaConnection
 * @spec: the pool to make; its strings are copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Makes a pool of any kind, started and starting with the host, after
 * vimana_pool_spec_check() (and for a directory vimana_storage_pool_check_dir()) accepts @spec,
 * on the worker.
 */
void
vimana_connection_create_pool_async (VimanaConnection     *self,
                                     const VimanaPoolSpec *spec,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaCreatePoolJob *job;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));
    g_return_if_fail (spec != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_create_pool_async);
    job = g_new0 (VimanaCreatePoolJob, 1);
    job->kind = spec->kind;
    job->name = g_strdup (spec->name);
    job->target = g_strdup (spec->target);
    job->host = g_strdup (spec->host);
    job->source = g_strdup (spec->source);
    job->local = vimana_connection_is_local (self);
    vimana_connection_queue (self, task, vimana_connection_create_pool_job, job,
                             vimana_create_pool_job_free);
}

/* Returns: (transfer full) (nullable): the new pool, in vimana_connection_get_storage_pools() */
VimanaStoragePool *
vimana_connection_create_pool_finish (VimanaConnection  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
    g_autoptr(VimanaStoragePoolInfo) info = NULL;
    VimanaStoragePool *pool;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    info = g_task_propagate_pointer (G_TASK (result), error);
    if (info == NULL)
        return NULL;
    vimana_connection_apply_resource_item (self, &vimana_storage_pool_kind, info->name, info);
    pool = vimana_connection_find_storage_pool (self, info->name);
    return pool != NULL ? g_object_ref (pool) : NULL;
}

/**
 * vimana_connection_create_dir_pool_async:
 * @self: a #VimanaConnection
 * @name: the pool's name
 * @path: its folder, absolute
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * vimana_connection_create_pool_async() for a directory pool; finish with
 * vimana_connection_create_dir_pool_finish().
 */
void
vimana_connection_create_dir_pool_async (VimanaConnection    *self,
                                         const char          *name,
                                         const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
    VimanaPoolSpec spec = { .kind = VIMANA_POOL_KIND_DIR, .name = name, .target = path };

    vimana_connection_create_pool_async (self, &spec, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the new pool, in vimana_connection_get_storage_pools() */
VimanaStoragePool *
vimana_connection_create_dir_pool_finish (VimanaConnection  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
    return vimana_connection_create_pool_finish (self, result, error);
}

static void
vimana_connection_pool_kinds_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    /* NULL (the driver cannot say) is an answer too. */
    g_task_return_pointer (task, vimana_storage_job_pool_capabilities (conn), g_free);
}

/**
 * vimana_connection_get_pool_kinds_async:
 * @self: a #VimanaConnection
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Asks the host, on the worker, which pool types it can make
 * (virConnectGetStoragePoolCapabilities()).
 */
void
vimana_connection_get_pool_kinds_async (VimanaConnection    *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_get_pool_kinds_async);
    vimana_connection_queue (self, task, vimana_connection_pool_kinds_job, NULL, NULL);
}

/**
 * vimana_connection_get_pool_kinds_finish:
 * @self: a #VimanaConnection
 * @result: the result
 * @supported: (out): for each #VimanaPoolKind, whether the host can make it
 * @known: (out) (optional): whether the host said; else only a directory pool is offered
 * @error: return location for an error (a cancelled call, a closed connection)
 *
 * Returns: whether @supported was filled
 */
gboolean
vimana_connection_get_pool_kinds_finish (VimanaConnection  *self,
                                         GAsyncResult      *result,
                                         gboolean           supported[6],
                                         gboolean          *known,
                                         GError           **error)
{
    g_autoptr(GError) local_error = NULL;
    g_autofree char *xml = NULL;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    xml = g_task_propagate_pointer (G_TASK (result), &local_error);
    if (local_error != NULL) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
    }
    vimana_pool_kinds_supported (xml, supported);
    if (known != NULL)
        *known = xml != NULL;
    return TRUE;
}

typedef struct
{
    VimanaPoolKind  kind;
    char           *host;
    virConnectPtr   conn;
} VimanaFindSourcesJob;

static void
vimana_find_sources_job_free (gpointer data)
{
    VimanaFindSourcesJob *job = data;

    g_free (job->host);
    if (job->conn != NULL)
        virConnectClose (job->conn);
    g_free (job);
}

/* Runs on a thread of its own: the reference on the connection is the job's, released here. */
static void
vimana_connection_find_sources_thread (GTask        *task,
                                       gpointer      source_object,
                                       gpointer      data,
                                       GCancellable *cancellable)
{
    VimanaFindSourcesJob *job = data;
    GError *error = NULL;
    char **found;

    found = vimana_storage_job_find_sources (job->conn, job->kind, job->host, &error);
    virConnectClose (g_steal_pointer (&job->conn));
    if (found == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, found, (GDestroyNotify) g_strfreev);
}

/**
 * vimana_connection_find_pool_sources_async:
 * @self: a #VimanaConnection
 * @kind: %VIMANA_POOL_KIND_NETFS (exports), %VIMANA_POOL_KIND_ISCSI (targets) or
 *   %VIMANA_POOL_KIND_LOGICAL (the host's volume groups)
 * @host: (nullable): the server (%NULL for %VIMANA_POOL_KIND_LOGICAL)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Asks the host what @host offers (virConnectFindStoragePoolSources()). A server that does not
 * answer takes as long as libvirt waits for it (showmount, iscsiadm), so the call runs on a
 * thread of its own with its own reference on the connection: neither the main loop nor the
 * connection's worker waits. A host name vimana_pool_check_host_name() refuses fails at once
 * with %VIMANA_ERROR_INVALID_ARGUMENT and asks nothing.
 */
void
vimana_connection_find_pool_sources_async (VimanaConnection    *self,
                                           VimanaPoolKind       kind,
                                           const char          *host,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaFindSourcesJob *job;
    virConnectPtr conn;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_connection_find_pool_sources_async);
    if (kind != VIMANA_POOL_KIND_NETFS && kind != VIMANA_POOL_KIND_ISCSI
        && kind != VIMANA_POOL_KIND_LOGICAL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                                 _("Only NFS shares, iSCSI targets and volume groups can be looked "
                                   "for."));
        return;
    }
    /* Nothing typed reaches the sources XML unchecked. */
    if (kind != VIMANA_POOL_KIND_LOGICAL
        && (host == NULL || !vimana_pool_check_host_name (host))) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("“%s” is not a host name or an address."),
                                 host != NULL ? host : "");
        return;
    }
    conn = vimana_connection_get_virconnect (self);
    if (conn == NULL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED,
                                 _("Not connected to %s."),
                                 vimana_connection_get_display_name (self));
        return;
    }
    job = g_new0 (VimanaFindSourcesJob, 1);
    job->kind = kind;
    job->host = kind != VIMANA_POOL_KIND_LOGICAL ? g_strdup (host) : NULL;
    /* Taking a reference is no call to the daemon. */
    virConnectRef (conn);
    job->conn = conn;
    g_task_set_task_data (task, job, vimana_find_sources_job_free);
    g_task_run_in_thread (task, vimana_connection_find_sources_thread);
}

/* Returns: (transfer full) (nullable): the exports or targets found, maybe none */
char **
vimana_connection_find_pool_sources_finish (VimanaConnection  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- pool events ---- */

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
        vimana_connection_reread_resource_item (connection, &vimana_storage_pool_kind,
                                                virStoragePoolGetName (pool));
}

static void
vimana_connection_pool_refresh_cb (virConnectPtr      conn,
                                   virStoragePoolPtr  pool,
                                   void              *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    if (connection != NULL)
        vimana_connection_reread_resource_item (connection, &vimana_storage_pool_kind,
                                                virStoragePoolGetName (pool));
}

static gboolean
vimana_storage_link_add_event (VimanaConnectionLink                     *link,
                               VimanaConnection                         *connection,
                               guint                                     generation,
                               int                                       event_id,
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
