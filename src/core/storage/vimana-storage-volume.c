/* vimana-storage-volume.c: one volume of a storage pool
 *
 * A VimanaStorageVolume mirrors what the worker read last (VimanaStorageVolumeInfo) and is
 * updated on the main thread, notifying only the properties that changed. A volume of a pool
 * whose volumes are listed is the same object as the pool's model holds; one found on its own
 * (a guest's disk, a lookup by path) stands alone until its pool is listed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-storage-volume.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection.h"
#include "vimana-error.h"
#include "vimana-list-sync.h"
#include "vimana-storage-private.h"

struct _VimanaStorageVolume
{
    GObject parent_instance;

    /* borrowed references */
    VimanaConnection        *connection;   /* weak */

    /* owned references */
    char                    *key;
    char                    *name;
    char                    *path;
    char                    *pool_name;
    char                    *format;

    VimanaStorageVolumeType  volume_type;
    guint64                  capacity;
    guint64                  allocation;
    gboolean                 removed;
};

G_DEFINE_FINAL_TYPE (VimanaStorageVolume, vimana_storage_volume, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_KEY,
    PROP_NAME,
    PROP_PATH,
    PROP_POOL_NAME,
    PROP_FORMAT,
    PROP_VOLUME_TYPE,
    PROP_CAPACITY,
    PROP_ALLOCATION,
    PROP_REMOVED,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vimana_storage_volume_finalize (GObject *object)
{
    VimanaStorageVolume *self = VIMANA_STORAGE_VOLUME (object);

    if (self->connection != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
    g_free (self->key);
    g_free (self->name);
    g_free (self->path);
    g_free (self->pool_name);
    g_free (self->format);

    G_OBJECT_CLASS (vimana_storage_volume_parent_class)->finalize (object);
}

static void
vimana_storage_volume_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
    VimanaStorageVolume *self = VIMANA_STORAGE_VOLUME (object);

    switch (prop_id) {
    case PROP_KEY:
        g_value_set_string (value, self->key);
        break;
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_PATH:
        g_value_set_string (value, self->path);
        break;
    case PROP_POOL_NAME:
        g_value_set_string (value, self->pool_name);
        break;
    case PROP_FORMAT:
        g_value_set_string (value, self->format);
        break;
    case PROP_VOLUME_TYPE:
        g_value_set_int (value, self->volume_type);
        break;
    case PROP_CAPACITY:
        g_value_set_uint64 (value, self->capacity);
        break;
    case PROP_ALLOCATION:
        g_value_set_uint64 (value, self->allocation);
        break;
    case PROP_REMOVED:
        g_value_set_boolean (value, self->removed);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_storage_volume_class_init (VimanaStorageVolumeClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

    object_class->finalize = vimana_storage_volume_finalize;
    object_class->get_property = vimana_storage_volume_get_property;

    properties[PROP_KEY] = g_param_spec_string ("key", NULL, NULL, NULL, flags);
    properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
    properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
    properties[PROP_POOL_NAME] = g_param_spec_string ("pool-name", NULL, NULL, NULL, flags);
    properties[PROP_FORMAT] = g_param_spec_string ("format", NULL, NULL, NULL, flags);
    properties[PROP_VOLUME_TYPE] =
        g_param_spec_int ("volume-type", NULL, NULL, 0, G_MAXINT, 0, flags);
    properties[PROP_CAPACITY] =
        g_param_spec_uint64 ("capacity", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_ALLOCATION] =
        g_param_spec_uint64 ("allocation", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vimana_storage_volume_init (VimanaStorageVolume *self)
{
}

/* ---- snapshots ---- */

VimanaStorageVolume *
vimana_storage_volume_new_from_info (VimanaConnection        *connection,
                                     VimanaStorageVolumeInfo *info)
{
    VimanaStorageVolume *self = g_object_new (VIMANA_TYPE_STORAGE_VOLUME, NULL);

    self->connection = connection;
    if (connection != NULL)
        g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    self->key = g_strdup (info->key);
    vimana_storage_volume_apply_info (self, info);
    return self;
}

#define VIMANA_STORAGE_VOLUME_UPDATE(field, value, prop) \
    VIMANA_OBJECT_UPDATE (self, self->field, value, properties[prop])
#define VIMANA_STORAGE_VOLUME_UPDATE_STRING(field, value, prop) \
    vimana_object_update_string (G_OBJECT (self), &self->field, value, properties[prop])

/* Applies a snapshot read on the worker; notifies only what changed. */
void
vimana_storage_volume_apply_info (VimanaStorageVolume     *self,
                                  VimanaStorageVolumeInfo *info)
{
    g_assert (VIMANA_IS_STORAGE_VOLUME (self));

    g_object_freeze_notify (G_OBJECT (self));
    VIMANA_STORAGE_VOLUME_UPDATE_STRING (name, info->name, PROP_NAME);
    VIMANA_STORAGE_VOLUME_UPDATE_STRING (path, info->path, PROP_PATH);
    VIMANA_STORAGE_VOLUME_UPDATE_STRING (pool_name, info->pool, PROP_POOL_NAME);
    VIMANA_STORAGE_VOLUME_UPDATE_STRING (format, info->format, PROP_FORMAT);
    VIMANA_STORAGE_VOLUME_UPDATE (volume_type, (VimanaStorageVolumeType) info->type,
                                  PROP_VOLUME_TYPE);
    VIMANA_STORAGE_VOLUME_UPDATE (capacity, info->capacity, PROP_CAPACITY);
    VIMANA_STORAGE_VOLUME_UPDATE (allocation, info->allocation, PROP_ALLOCATION);
    g_object_thaw_notify (G_OBJECT (self));
}

#undef VIMANA_STORAGE_VOLUME_UPDATE
#undef VIMANA_STORAGE_VOLUME_UPDATE_STRING

/* The volume was deleted, or its pool went. */
void
vimana_storage_volume_mark_removed (VimanaStorageVolume *self)
{
    g_assert (VIMANA_IS_STORAGE_VOLUME (self));

    if (self->removed)
        return;
    self->removed = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED]);
}

/* ---- accessors ---- */

/* Returns: (transfer none) (nullable): the connection the volume belongs to */
VimanaConnection *
vimana_storage_volume_get_connection (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->connection;
}

/* Returns: libvirt's key, unique on the host; what deletion finds the volume by */
const char *
vimana_storage_volume_get_key (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->key;
}

const char *
vimana_storage_volume_get_name (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->name;
}

/* Returns: (nullable): the file or device a guest's disk names */
const char *
vimana_storage_volume_get_path (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->path;
}

/* Returns: (nullable): the name of the pool the volume is in */
const char *
vimana_storage_volume_get_pool_name (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->pool_name;
}

/**
 * vimana_storage_volume_get_pool:
 * @self: a #VimanaStorageVolume
 *
 * Returns: (transfer none) (nullable): its pool, once the connection's pools are listed
 */
VimanaStoragePool *
vimana_storage_volume_get_pool (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);

    if (self->connection == NULL || self->pool_name == NULL)
        return NULL;
    return vimana_connection_find_storage_pool (self->connection, self->pool_name);
}

/* Returns: (nullable): the image's format ("qcow2", "raw", "iso"…) as libvirt detected it */
const char *
vimana_storage_volume_get_format (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), NULL);
    return self->format;
}

VimanaStorageVolumeType
vimana_storage_volume_get_volume_type (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), VIMANA_STORAGE_VOLUME_FILE);
    return self->volume_type;
}

/* Returns: the size the guest sees, in bytes */
guint64
vimana_storage_volume_get_capacity (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), 0);
    return self->capacity;
}

/* Returns: the bytes it takes in its pool now */
guint64
vimana_storage_volume_get_allocation (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), 0);
    return self->allocation;
}

/* Returns: whether the volume was deleted, or left its pool's listing */
gboolean
vimana_storage_volume_get_removed (VimanaStorageVolume *self)
{
    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), TRUE);
    return self->removed;
}

/* ---- deleting ---- */

static void
vimana_storage_volume_delete_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    GError *error = NULL;

    if (!vimana_storage_job_delete_volume (conn, data, &error))
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

/**
 * vimana_storage_volume_delete_async:
 * @self: a #VimanaStorageVolume
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Deletes the volume and its data. The finish takes it out of its pool's volumes.
 */
void
vimana_storage_volume_delete_async (VimanaStorageVolume *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_STORAGE_VOLUME (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_storage_volume_delete_async);
    if (self->connection == NULL || self->removed) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                                 _("The disk image “%s” no longer exists."), self->name);
        return;
    }
    vimana_connection_queue (self->connection, task, vimana_storage_volume_delete_job,
                             g_strdup (self->key), g_free);
}

gboolean
vimana_storage_volume_delete_finish (VimanaStorageVolume  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
    const char *keys[] = { self->key, NULL };

    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    if (!g_task_propagate_boolean (G_TASK (result), error))
        return FALSE;
    if (self->connection != NULL)
        vimana_connection_forget_volumes (self->connection, keys);
    vimana_storage_volume_mark_removed (self);
    return TRUE;
}

typedef struct
{
    char     *key;
    guint64   capacity;
    gboolean  shrink;
} VimanaStorageVolumeResize;

static void
vimana_storage_volume_resize_free (gpointer data)
{
    VimanaStorageVolumeResize *resize = data;

    g_free (resize->key);
    g_free (resize);
}

static void
vimana_storage_volume_resize_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    VimanaStorageVolumeResize *resize = data;
    GError *error = NULL;
    VimanaStorageVolumeInfo *info = vimana_storage_job_resize_volume (conn, resize->key,
                                                                      resize->capacity,
                                                                      resize->shrink, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_storage_volume_info_free);
}

/**
 * vimana_storage_volume_resize_async:
 * @self: a #VimanaStorageVolume
 * @capacity: the new size the guest sees, in bytes
 * @shrink: %TRUE when a smaller size is meant: the data past it are lost
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Resizes the volume: through the guest when a running guest uses it (so that the guest sees
 * the new size), else in its pool. A smaller size is refused unless @shrink. The finish updates
 * the volume's capacity and allocation.
 */
void
vimana_storage_volume_resize_async (VimanaStorageVolume *self,
                                    guint64              capacity,
                                    gboolean             shrink,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaStorageVolumeResize *resize;

    g_return_if_fail (VIMANA_IS_STORAGE_VOLUME (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_storage_volume_resize_async);
    if (self->connection == NULL || self->removed) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                                 _("The disk image “%s” no longer exists."), self->name);
        return;
    }
    resize = g_new0 (VimanaStorageVolumeResize, 1);
    resize->key = g_strdup (self->key);
    resize->capacity = capacity;
    resize->shrink = shrink;
    vimana_connection_queue (self->connection, task, vimana_storage_volume_resize_job, resize,
                             vimana_storage_volume_resize_free);
}

gboolean
vimana_storage_volume_resize_finish (VimanaStorageVolume  *self,
                                     GAsyncResult         *result,
                                     GError              **error)
{
    g_autoptr(VimanaStorageVolumeInfo) info = NULL;

    g_return_val_if_fail (VIMANA_IS_STORAGE_VOLUME (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    info = g_task_propagate_pointer (G_TASK (result), error);
    if (info == NULL)
        return FALSE;
    if (!self->removed)
        vimana_storage_volume_apply_info (self, info);
    return TRUE;
}
