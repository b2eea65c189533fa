/* vimana-storage-pool.c: one storage pool of a connection, and its volumes
 *
 * A VimanaStoragePool mirrors what the worker read last (VimanaStoragePoolInfo), notifying only
 * what changed. Its volumes are a GListStore of VimanaStorageVolume, empty until the pool is
 * refreshed (vimana_storage_pool_refresh_async(), or the connection's listing with
 * VIMANA_STORAGE_REFRESH_VOLUMES) and then kept in place: a new listing updates, removes and
 * appends only what changed. The pool's jobs find it by name on the worker; pools cannot be
 * renamed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-storage-pool.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-list-sync.h"
#include "vimana-storage-private.h"

struct _VimanaStoragePool
{
    GObject parent_instance;

    /* borrowed references */
    VimanaConnection       *connection;   /* weak */

    /* owned references */
    char                   *name;
    char                   *uuid;
    char                   *pool_type;
    char                   *target_path;
    GListStore             *volumes;

    VimanaStoragePoolState  state;
    gboolean                active;
    gboolean                autostart;
    gboolean                persistent;
    guint64                 capacity;
    guint64                 allocation;
    guint64                 available;
    gboolean                volumes_loaded;
    gboolean                removed;
};

G_DEFINE_FINAL_TYPE (VimanaStoragePool, vimana_storage_pool, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_NAME,
    PROP_UUID,
    PROP_POOL_TYPE,
    PROP_TARGET_PATH,
    PROP_STATE,
    PROP_ACTIVE,
    PROP_AUTOSTART,
    PROP_PERSISTENT,
    PROP_CAPACITY,
    PROP_ALLOCATION,
    PROP_AVAILABLE,
    PROP_VOLUMES_LOADED,
    PROP_REMOVED,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vimana_storage_pool_finalize (GObject *object)
{
    VimanaStoragePool *self = VIMANA_STORAGE_POOL (object);

    if (self->connection != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
    g_free (self->name);
    g_free (self->uuid);
    g_free (self->pool_type);
    g_free (self->target_path);
    g_clear_object (&self->volumes);

    G_OBJECT_CLASS (vimana_storage_pool_parent_class)->finalize (object);
}

static void
vimana_storage_pool_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
    VimanaStoragePool *self = VIMANA_STORAGE_POOL (object);

    switch (prop_id) {
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
    case PROP_POOL_TYPE:
        g_value_set_string (value, self->pool_type);
        break;
    case PROP_TARGET_PATH:
        g_value_set_string (value, self->target_path);
        break;
    case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
    case PROP_ACTIVE:
        g_value_set_boolean (value, self->active);
        break;
    case PROP_AUTOSTART:
        g_value_set_boolean (value, self->autostart);
        break;
    case PROP_PERSISTENT:
        g_value_set_boolean (value, self->persistent);
        break;
    case PROP_CAPACITY:
        g_value_set_uint64 (value, self->capacity);
        break;
    case PROP_ALLOCATION:
        g_value_set_uint64 (value, self->allocation);
        break;
    case PROP_AVAILABLE:
        g_value_set_uint64 (value, self->available);
        break;
    case PROP_VOLUMES_LOADED:
        g_value_set_boolean (value, self->volumes_loaded);
        break;
    case PROP_REMOVED:
        g_value_set_boolean (value, self->removed);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_storage_pool_class_init (VimanaStoragePoolClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

    object_class->finalize = vimana_storage_pool_finalize;
    object_class->get_property = vimana_storage_pool_get_property;

    properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
    properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
    properties[PROP_POOL_TYPE] = g_param_spec_string ("pool-type", NULL, NULL, NULL, flags);
    properties[PROP_TARGET_PATH] = g_param_spec_string ("target-path", NULL, NULL, NULL, flags);
    properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
    properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
    properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, flags);
    properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, flags);
    properties[PROP_CAPACITY] =
        g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_ALLOCATION] =
        g_param_spec_uint64 ("allocation", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_AVAILABLE] =
        g_param_spec_uint64 ("available", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_VOLUMES_LOADED] =
        g_param_spec_boolean ("volumes-loaded", NULL, NULL, FALSE, flags);
    properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vimana_storage_pool_init (VimanaStoragePool *self)
{
    self->volumes = g_list_store_new (VIMANA_TYPE_STORAGE_VOLUME);
}

/* ---- snapshots ---- */

VimanaStoragePool *
vimana_storage_pool_new_from_info (VimanaConnection      *connection,
                                   VimanaStoragePoolInfo *info)
{
    VimanaStoragePool *self = g_object_new (VIMANA_TYPE_STORAGE_POOL, NULL);

    self->connection = connection;
    g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    self->name = g_strdup (info->name);
    vimana_storage_pool_apply_info (self, info);
    return self;
}

static const char *
vimana_storage_pool_volume_key (gpointer item)
{
    return vimana_storage_volume_get_key (item);
}

static const char *
vimana_storage_pool_volume_info_key (gpointer info)
{
    return ((VimanaStorageVolumeInfo *) info)->key;
}

static gpointer
vimana_storage_pool_volume_new (gpointer info,
                                gpointer user_data)
{
    VimanaStoragePool *self = user_data;

    return vimana_storage_volume_new_from_info (self->connection, info);
}

static void
vimana_storage_pool_volume_apply (gpointer item,
                                  gpointer info)
{
    vimana_storage_volume_apply_info (item, info);
}

static void
vimana_storage_pool_volume_removed (gpointer item)
{
    vimana_storage_volume_mark_removed (item);
}

static const VimanaListSyncFuncs vimana_storage_pool_volume_funcs = {
    .item_key = vimana_storage_pool_volume_key,
    .info_key = vimana_storage_pool_volume_info_key,
    .item_new = vimana_storage_pool_volume_new,
    .item_apply = vimana_storage_pool_volume_apply,
    .item_removed = vimana_storage_pool_volume_removed,
};

#define VIMANA_STORAGE_POOL_UPDATE(field, value, prop) \
    VIMANA_OBJECT_UPDATE (self, self->field, value, properties[prop])
#define VIMANA_STORAGE_POOL_UPDATE_STRING(field, value, prop) \
    vimana_object_update_string (G_OBJECT (self), &self->field, value, properties[prop])

/* Applies a snapshot; its volumes, when it has them listed, replace the model's in place. A pool
 * that stopped has no volumes to offer. */
void
vimana_storage_pool_apply_info (VimanaStoragePool     *self,
                                VimanaStoragePoolInfo *info)
{
    g_assert (VIMANA_IS_STORAGE_POOL (self));
    g_assert (g_str_equal (self->name, info->name));

    g_object_freeze_notify (G_OBJECT (self));
    VIMANA_STORAGE_POOL_UPDATE_STRING (uuid, info->uuid, PROP_UUID);
    VIMANA_STORAGE_POOL_UPDATE_STRING (pool_type, info->pool_type, PROP_POOL_TYPE);
    VIMANA_STORAGE_POOL_UPDATE_STRING (target_path, info->target_path, PROP_TARGET_PATH);
    VIMANA_STORAGE_POOL_UPDATE (state, (VimanaStoragePoolState) info->state, PROP_STATE);
    VIMANA_STORAGE_POOL_UPDATE (active, info->active, PROP_ACTIVE);
    VIMANA_STORAGE_POOL_UPDATE (autostart, info->autostart, PROP_AUTOSTART);
    VIMANA_STORAGE_POOL_UPDATE (persistent, info->persistent, PROP_PERSISTENT);
    VIMANA_STORAGE_POOL_UPDATE (capacity, info->capacity, PROP_CAPACITY);
    VIMANA_STORAGE_POOL_UPDATE (allocation, info->allocation, PROP_ALLOCATION);
    VIMANA_STORAGE_POOL_UPDATE (available, info->available, PROP_AVAILABLE);
    if (info->volumes != NULL || (!info->active && self->volumes_loaded)) {
        g_autoptr(GPtrArray) none = g_ptr_array_new ();

        vimana_list_store_sync (self->volumes, info->volumes != NULL ? info->volumes : none,
                                &vimana_storage_pool_volume_funcs, self);
        VIMANA_STORAGE_POOL_UPDATE (volumes_loaded, info->volumes != NULL, PROP_VOLUMES_LOADED);
    }
    g_object_thaw_notify (G_OBJECT (self));
}

#undef VIMANA_STORAGE_POOL_UPDATE
#undef VIMANA_STORAGE_POOL_UPDATE_STRING

/* The pool was undefined, or its connection closed: it and its volumes are gone. */
void
vimana_storage_pool_mark_removed (VimanaStoragePool *self)
{
    guint n;

    g_assert (VIMANA_IS_STORAGE_POOL (self));

    if (self->removed)
        return;
    n = g_list_model_get_n_items (G_LIST_MODEL (self->volumes));
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStorageVolume) volume = g_list_model_get_item (G_LIST_MODEL (self->volumes),
                                                                       i);

        vimana_storage_volume_mark_removed (volume);
    }
    g_list_store_remove_all (self->volumes);
    self->removed = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED]);
}

/* Returns: (transfer full): the pool's object for @info's volume, added when it is new; a
 * stand-alone one while the pool's volumes are not listed */
VimanaStorageVolume *
vimana_storage_pool_upsert_volume (VimanaStoragePool       *self,
                                   VimanaStorageVolumeInfo *info)
{
    VimanaStorageVolume *volume;

    g_assert (VIMANA_IS_STORAGE_POOL (self));

    if (!self->volumes_loaded)
        return vimana_storage_volume_new_from_info (self->connection, info);
    volume = vimana_list_store_find (self->volumes, info->key, vimana_storage_pool_volume_key,
                                     NULL);
    if (volume != NULL) {
        vimana_storage_volume_apply_info (volume, info);
        return g_object_ref (volume);
    }
    volume = vimana_storage_volume_new_from_info (self->connection, info);
    g_list_store_append (self->volumes, volume);
    return volume;
}

/* Takes a deleted volume out of the model. */
void
vimana_storage_pool_forget_volume (VimanaStoragePool *self,
                                   const char        *key)
{
    VimanaStorageVolume *volume;
    guint position;

    g_assert (VIMANA_IS_STORAGE_POOL (self));

    volume = vimana_list_store_find (self->volumes, key, vimana_storage_pool_volume_key, &position);
    if (volume != NULL) {
        g_autoptr(VimanaStorageVolume) hold = g_object_ref (volume);

        g_list_store_remove (self->volumes, position);
        vimana_storage_volume_mark_removed (hold);
    }
}

/* ---- accessors ---- */

/* Returns: (transfer none) (nullable): the connection the pool belongs to */
VimanaConnection *
vimana_storage_pool_get_connection (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return self->connection;
}

const char *
vimana_storage_pool_get_name (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return self->name;
}

const char *
vimana_storage_pool_get_uuid (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return self->uuid;
}

/* Returns: (nullable): libvirt's pool type: "dir", "fs", "netfs", "logical", "iscsi"… */
const char *
vimana_storage_pool_get_pool_type (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return self->pool_type;
}

/* Returns: (nullable): where the pool's volumes are: a directory, a device folder */
const char *
vimana_storage_pool_get_target_path (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return self->target_path;
}

VimanaStoragePoolState
vimana_storage_pool_get_state (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), VIMANA_STORAGE_POOL_INACTIVE);
    return self->state;
}

gboolean
vimana_storage_pool_get_active (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    return self->active;
}

gboolean
vimana_storage_pool_get_autostart (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    return self->autostart;
}

gboolean
vimana_storage_pool_get_persistent (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    return self->persistent;
}

/* Returns: bytes, as of the pool's last refresh; 0 while it is stopped */
guint64
vimana_storage_pool_get_capacity (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), 0);
    return self->capacity;
}

guint64
vimana_storage_pool_get_allocation (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), 0);
    return self->allocation;
}

guint64
vimana_storage_pool_get_available (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), 0);
    return self->available;
}

gboolean
vimana_storage_pool_get_removed (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), TRUE);
    return self->removed;
}

/**
 * vimana_storage_pool_get_volumes:
 * @self: a #VimanaStoragePool
 *
 * Returns: (transfer none): the pool's volumes, a #GListModel of #VimanaStorageVolume sorted by
 *   name as first listed, empty until the pool is refreshed
 */
GListModel *
vimana_storage_pool_get_volumes (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    return G_LIST_MODEL (self->volumes);
}

/* Returns: whether the volumes model holds a listing (it stays empty for a stopped pool) */
gboolean
vimana_storage_pool_get_volumes_loaded (VimanaStoragePool *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    return self->volumes_loaded;
}

/* Returns: (transfer none) (nullable): the listed volume called @name */
VimanaStorageVolume *
vimana_storage_pool_find_volume (VimanaStoragePool *self,
                                 const char        *name)
{
    guint n;

    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    n = g_list_model_get_n_items (G_LIST_MODEL (self->volumes));
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaStorageVolume) volume = g_list_model_get_item (G_LIST_MODEL (self->volumes),
                                                                       i);

        if (g_strcmp0 (vimana_storage_volume_get_name (volume), name) == 0)
            return volume;   /* the model keeps its reference */
    }
    return NULL;
}

/* ---- jobs ---- */

/* Fails @task when the pool is gone; returns whether it may be queued. */
static gboolean
vimana_storage_pool_check_queue (VimanaStoragePool *self,
                                 GTask             *task)
{
    if (self->connection != NULL && !self->removed)
        return TRUE;
    g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                             _("The storage pool “%s” no longer exists."), self->name);
    return FALSE;
}

static void
vimana_storage_pool_refresh_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaStoragePoolInfo *info = vimana_storage_job_read_pool (conn, data, TRUE, TRUE, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_pool_info_free);
}

/**
 * vimana_storage_pool_refresh_async:
 * @self: a #VimanaStoragePool
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Rescans a running pool (virStoragePoolRefresh: files added outside libvirt appear, free space
 * is measured again) and lists its volumes. The finish updates the pool and its volumes model in
 * place; a pool that no longer exists leaves the connection's list.
 */
void
vimana_storage_pool_refresh_async (VimanaStoragePool   *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_STORAGE_POOL (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_storage_pool_refresh_async);
    if (vimana_storage_pool_check_queue (self, task))
        vimana_connection_queue (self->connection, task, vimana_storage_pool_refresh_job,
                                 g_strdup (self->name), g_free);
}

gboolean
vimana_storage_pool_refresh_finish (VimanaStoragePool  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
    g_autoptr(VimanaStoragePoolInfo) info = NULL;
    GError *local_error = NULL;

    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    info = g_task_propagate_pointer (G_TASK (result), &local_error);
    if (info == NULL) {
        if (g_error_matches (local_error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND) &&
            self->connection != NULL)
            vimana_connection_apply_resource_item (self->connection, &vimana_storage_pool_kind,
                                                   self->name, NULL);
        g_propagate_error (error, local_error);
        return FALSE;
    }
    if (!self->removed)
        vimana_storage_pool_apply_info (self, info);
    return TRUE;
}

/**
 * vimana_storage_pool_create_volume_async:
 * @self: a #VimanaStoragePool
 * @spec: the volume; copied
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Creates a volume in the pool, as vimana_connection_create_storage_volume_async() does.
 */
void
vimana_storage_pool_create_volume_async (VimanaStoragePool             *self,
                                         const VimanaStorageVolumeSpec *spec,
                                         GCancellable                  *cancellable,
                                         GAsyncReadyCallback            callback,
                                         gpointer                       user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_STORAGE_POOL (self));
    g_return_if_fail (spec != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_storage_pool_create_volume_async);
    if (vimana_storage_pool_check_queue (self, task))
        vimana_connection_queue_create_volume (self->connection, task, self->name, spec);
}

/**
 * vimana_storage_pool_create_volume_finish:
 *
 * Returns: (transfer full) (nullable): the new volume, in the pool's volumes when they are listed
 */
VimanaStorageVolume *
vimana_storage_pool_create_volume_finish (VimanaStoragePool  *self,
                                          GAsyncResult       *result,
                                          GError            **error)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return vimana_connection_finish_create_volume (self->connection, result, error);
}

typedef struct
{
    char                    *name;
    VimanaStoragePoolAction  action;
} VimanaStoragePoolActionJob;

static void
vimana_storage_pool_action_job_free (gpointer data)
{
    VimanaStoragePoolActionJob *job = data;

    g_free (job->name);
    g_free (job);
}

static void
vimana_storage_pool_action_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    VimanaStoragePoolActionJob *job = data;
    VimanaStoragePoolInfo *info;
    GError *error = NULL;

    if (!vimana_storage_job_pool_action (conn, job->name, job->action, &error)) {
        g_task_return_error (task, error);
        return;
    }
    if (job->action == VIMANA_STORAGE_POOL_ACTION_DELETE) {
        /* A NULL snapshot says that the pool is gone. */
        g_task_return_pointer (task, NULL, NULL);
        return;
    }
    /* Read back at once: autostart sends no event, and a started pool's volumes are new. */
    info = vimana_storage_job_read_pool (conn, job->name, FALSE, TRUE, &error);
    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_pool_info_free);
}

/**
 * vimana_storage_pool_run_action_async:
 * @self: a #VimanaStoragePool
 * @action: what to do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Starts, stops or deletes the pool, or sets whether it starts with the host. The finish
 * updates the pool in place, or takes a deleted one out of the connection's list.
 */
void
vimana_storage_pool_run_action_async (VimanaStoragePool       *self,
                                      VimanaStoragePoolAction  action,
                                      GCancellable            *cancellable,
                                      GAsyncReadyCallback      callback,
                                      gpointer                 user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaStoragePoolActionJob *job;

    g_return_if_fail (VIMANA_IS_STORAGE_POOL (self));
    g_return_if_fail (action <= VIMANA_STORAGE_POOL_ACTION_DELETE);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_storage_pool_run_action_async);
    g_task_set_task_data (task, GINT_TO_POINTER (action), NULL);
    if (!vimana_storage_pool_check_queue (self, task))
        return;
    job = g_new0 (VimanaStoragePoolActionJob, 1);
    job->name = g_strdup (self->name);
    job->action = action;
    vimana_connection_queue (self->connection, task, vimana_storage_pool_action_job, job,
                             vimana_storage_pool_action_job_free);
}

gboolean
vimana_storage_pool_run_action_finish (VimanaStoragePool  *self,
                                       GAsyncResult       *result,
                                       GError            **error)
{
    g_autoptr(VimanaStoragePoolInfo) info = NULL;
    g_autoptr(GError) local_error = NULL;
    gboolean deleted;

    g_return_val_if_fail (VIMANA_IS_STORAGE_POOL (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    deleted = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result))) ==
              VIMANA_STORAGE_POOL_ACTION_DELETE;
    info = g_task_propagate_pointer (G_TASK (result), &local_error);
    if (local_error != NULL) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
    }
    if (self->connection == NULL || self->removed)
        return TRUE;
    if (deleted)
        vimana_connection_apply_resource_item (self->connection, &vimana_storage_pool_kind,
                                               self->name, NULL);
    else
        vimana_connection_apply_resource_item (self->connection, &vimana_storage_pool_kind,
                                               self->name, info);
    return TRUE;
}
