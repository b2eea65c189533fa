/* vimana-storage-pool.h: one storage pool of a connection, and its volumes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-storage-volume.h"
#include "vimana-storage-xml.h"

G_BEGIN_DECLS

/* Same numbers as virStoragePoolState. */
typedef enum
{
    VIMANA_STORAGE_POOL_INACTIVE = 0,
    VIMANA_STORAGE_POOL_BUILDING,
    VIMANA_STORAGE_POOL_RUNNING,
    VIMANA_STORAGE_POOL_DEGRADED,
    VIMANA_STORAGE_POOL_INACCESSIBLE,
} VimanaStoragePoolState;

/* What the host's Storage page does to a pool. */
typedef enum
{
    VIMANA_STORAGE_POOL_ACTION_START,
    VIMANA_STORAGE_POOL_ACTION_STOP,
    VIMANA_STORAGE_POOL_ACTION_AUTOSTART_ON,
    VIMANA_STORAGE_POOL_ACTION_AUTOSTART_OFF,
    /* Stops the pool and forgets its definition; its volumes and its folder stay on the host. */
    VIMANA_STORAGE_POOL_ACTION_DELETE,
} VimanaStoragePoolAction;

#define VIMANA_TYPE_STORAGE_POOL (vimana_storage_pool_get_type ())

G_DECLARE_FINAL_TYPE (VimanaStoragePool, vimana_storage_pool, VIMANA, STORAGE_POOL, GObject)

VimanaConnection       *vimana_storage_pool_get_connection     (VimanaStoragePool   *self);
const char             *vimana_storage_pool_get_name           (VimanaStoragePool   *self);
const char             *vimana_storage_pool_get_uuid           (VimanaStoragePool   *self);
const char             *vimana_storage_pool_get_pool_type      (VimanaStoragePool   *self);
const char             *vimana_storage_pool_get_target_path    (VimanaStoragePool   *self);
VimanaStoragePoolState  vimana_storage_pool_get_state          (VimanaStoragePool   *self);
gboolean                vimana_storage_pool_get_active         (VimanaStoragePool   *self);
gboolean                vimana_storage_pool_get_autostart      (VimanaStoragePool   *self);
gboolean                vimana_storage_pool_get_persistent     (VimanaStoragePool   *self);
guint64                 vimana_storage_pool_get_capacity       (VimanaStoragePool   *self);
guint64                 vimana_storage_pool_get_allocation     (VimanaStoragePool   *self);
guint64                 vimana_storage_pool_get_available      (VimanaStoragePool   *self);
gboolean                vimana_storage_pool_get_removed        (VimanaStoragePool   *self);
GListModel             *vimana_storage_pool_get_volumes        (VimanaStoragePool   *self);
gboolean                vimana_storage_pool_get_volumes_loaded (VimanaStoragePool   *self);
VimanaStorageVolume    *vimana_storage_pool_find_volume        (VimanaStoragePool   *self,
                                                                const char          *name);

void                    vimana_storage_pool_refresh_async      (VimanaStoragePool   *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean                vimana_storage_pool_refresh_finish     (VimanaStoragePool   *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);
void                    vimana_storage_pool_create_volume_async (VimanaStoragePool             *self,
                                                                 const VimanaStorageVolumeSpec *spec,
                                                                 GCancellable                  *cancellable,
                                                                 GAsyncReadyCallback            callback,
                                                                 gpointer                       user_data);
VimanaStorageVolume    *vimana_storage_pool_create_volume_finish (VimanaStoragePool   *self,
                                                                  GAsyncResult        *result,
                                                                  GError             **error);
void                    vimana_storage_pool_run_action_async  (VimanaStoragePool       *self,
                                                               VimanaStoragePoolAction  action,
                                                               GCancellable            *cancellable,
                                                               GAsyncReadyCallback      callback,
                                                               gpointer                 user_data);
gboolean                vimana_storage_pool_run_action_finish (VimanaStoragePool       *self,
                                                               GAsyncResult            *result,
                                                               GError                 **error);

G_END_DECLS
