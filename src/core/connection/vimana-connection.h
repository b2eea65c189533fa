/* vimana-connection.h: one libvirt connection, its worker thread and its guests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-auth-request.h"
#include "vimana-domain.h"
#include "vimana-host-device.h"
#include "vimana-host-interface.h"
#include "vimana-network.h"
#include "vimana-network-xml.h"
#include "vimana-pool-spec.h"
#include "vimana-resource-users.h"
#include "vimana-stats-sampler.h"
#include "vimana-storage-pool.h"
#include "vimana-storage-volume.h"
#include "vimana-storage-xml.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_CONNECTION_STATE_DISCONNECTED,
    VIMANA_CONNECTION_STATE_CONNECTING,
    VIMANA_CONNECTION_STATE_CONNECTED,
} VimanaConnectionState;

typedef enum
{
    VIMANA_STORAGE_REFRESH_NONE = 0,
    VIMANA_STORAGE_REFRESH_VOLUMES = 1 << 0,   /* list every running pool's volumes too */
} VimanaStorageRefreshFlags;

#define VIMANA_TYPE_CONNECTION (vimana_connection_get_type ())

G_DECLARE_FINAL_TYPE (VimanaConnection, vimana_connection, VIMANA, CONNECTION, GObject)

VimanaConnection      *vimana_connection_new                 (const char        *uri);
const char            *vimana_connection_get_uri             (VimanaConnection  *self);
gboolean               vimana_connection_is_local            (VimanaConnection  *self);
const char            *vimana_connection_get_display_name    (VimanaConnection  *self);
VimanaConnectionState  vimana_connection_get_state           (VimanaConnection  *self);
const char            *vimana_connection_get_message         (VimanaConnection  *self);
gboolean               vimana_connection_get_reconnecting    (VimanaConnection  *self);
gboolean               vimana_connection_get_loaded          (VimanaConnection  *self);
GListModel            *vimana_connection_get_domains         (VimanaConnection  *self);
VimanaStatsSampler    *vimana_connection_get_sampler         (VimanaConnection  *self);
VimanaDomain          *vimana_connection_lookup_domain       (VimanaConnection  *self,
                                                              const char        *uuid);
VimanaDomain          *vimana_connection_find_domain_by_name (VimanaConnection  *self,
                                                              const char        *name);
void                   vimana_connection_open                (VimanaConnection  *self);
void                   vimana_connection_close               (VimanaConnection  *self);
void                   vimana_connection_shutdown            (VimanaConnection  *self);
void                   vimana_connection_reconnect_now       (VimanaConnection  *self);
guint                  vimana_connection_get_reconnect_delay (VimanaConnection  *self);
guint                  vimana_connection_get_reconnect_remaining (VimanaConnection  *self);
void                   vimana_connection_simulate_lost       (VimanaConnection  *self);
const char            *vimana_connection_state_to_string     (VimanaConnectionState state);

/* What the connection owns besides guests: list models filled on demand by the _refresh_ calls
 * (or the installer's query), kept up to date by libvirt's events, emptied when the connection
 * closes and listed again when it reopens. Implemented in src/core/storage/, network/, host/. */
GListModel            *vimana_connection_get_storage_pools           (VimanaConnection    *self);
gboolean               vimana_connection_get_storage_pools_loaded    (VimanaConnection    *self);
VimanaStoragePool     *vimana_connection_find_storage_pool           (VimanaConnection    *self,
                                                                      const char          *name);
GPtrArray             *vimana_connection_dup_storage_volumes         (VimanaConnection    *self);
void                   vimana_connection_refresh_storage_pools_async (VimanaConnection         *self,
                                                                      VimanaStorageRefreshFlags flags,
                                                                      GCancellable             *cancellable,
                                                                      GAsyncReadyCallback       callback,
                                                                      gpointer                  user_data);
gboolean               vimana_connection_refresh_storage_pools_finish (VimanaConnection    *self,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);
void                   vimana_connection_create_storage_volume_async (VimanaConnection              *self,
                                                                      const char                    *pool,
                                                                      const VimanaStorageVolumeSpec *spec,
                                                                      GCancellable                  *cancellable,
                                                                      GAsyncReadyCallback            callback,
                                                                      gpointer                       user_data);
VimanaStorageVolume   *vimana_connection_create_storage_volume_finish (VimanaConnection    *self,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);
void                   vimana_connection_create_dir_pool_async       (VimanaConnection    *self,
                                                                      const char          *name,
                                                                      const char          *path,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
VimanaStoragePool     *vimana_connection_create_dir_pool_finish      (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);
void                   vimana_connection_create_pool_async           (VimanaConnection     *self,
                                                                      const VimanaPoolSpec *spec,
                                                                      GCancellable         *cancellable,
                                                                      GAsyncReadyCallback   callback,
                                                                      gpointer              user_data);
VimanaStoragePool     *vimana_connection_create_pool_finish          (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);
void                   vimana_connection_get_pool_kinds_async        (VimanaConnection    *self,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
gboolean               vimana_connection_get_pool_kinds_finish       (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      gboolean             supported[6],
                                                                      gboolean            *known,
                                                                      GError             **error);
void                   vimana_connection_find_pool_sources_async     (VimanaConnection    *self,
                                                                      VimanaPoolKind       kind,
                                                                      const char          *host,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
char                 **vimana_connection_find_pool_sources_finish    (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);
void                   vimana_connection_lookup_storage_volume_async (VimanaConnection    *self,
                                                                      const char          *path,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
VimanaStorageVolume   *vimana_connection_lookup_storage_volume_finish (VimanaConnection    *self,
                                                                       GAsyncResult        *result,
                                                                       GError             **error);

GListModel            *vimana_connection_get_networks                (VimanaConnection    *self);
gboolean               vimana_connection_get_networks_loaded         (VimanaConnection    *self);
VimanaNetwork         *vimana_connection_find_network                (VimanaConnection    *self,
                                                                      const char          *name);
void                   vimana_connection_refresh_networks_async      (VimanaConnection    *self,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
void                   vimana_connection_create_network_async        (VimanaConnection        *self,
                                                                      const VimanaNetworkSpec *spec,
                                                                      GCancellable            *cancellable,
                                                                      GAsyncReadyCallback      callback,
                                                                      gpointer                 user_data);
VimanaNetwork         *vimana_connection_create_network_finish       (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);
gboolean               vimana_connection_refresh_networks_finish     (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

GListModel            *vimana_connection_get_host_devices            (VimanaConnection    *self);
void                   vimana_connection_refresh_host_devices_async  (VimanaConnection    *self,
                                                                      GCancellable        *cancellable,
                                                                      GAsyncReadyCallback  callback,
                                                                      gpointer             user_data);
gboolean               vimana_connection_refresh_host_devices_finish (VimanaConnection    *self,
                                                                      GAsyncResult        *result,
                                                                      GError             **error);

G_END_DECLS
