/* vimana-storage-volume.h: one volume of a storage pool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Same numbers as virStorageVolType. */
typedef enum
{
    VIMANA_STORAGE_VOLUME_FILE = 0,
    VIMANA_STORAGE_VOLUME_BLOCK,
    VIMANA_STORAGE_VOLUME_DIR,
    VIMANA_STORAGE_VOLUME_NETWORK,
    VIMANA_STORAGE_VOLUME_NETDIR,
    VIMANA_STORAGE_VOLUME_PLOOP,
} VimanaStorageVolumeType;

#define VIMANA_TYPE_STORAGE_VOLUME (vimana_storage_volume_get_type ())

/* How far a volume's upload or download is; see vimana_storage_volume_upload_async(). */
typedef struct
{
    guint64 done;     /* bytes of the file passed, holes included */
    guint64 total;    /* bytes in all */
    guint64 speed;    /* bytes a second over the last seconds; 0 until known */
    gint64  eta;      /* seconds left; -1 until known */
} VimanaVolumeTransferProgress;

G_DECLARE_FINAL_TYPE (VimanaStorageVolume, vimana_storage_volume, VIMANA, STORAGE_VOLUME, GObject)

typedef struct _VimanaConnection VimanaConnection;
typedef struct _VimanaStoragePool VimanaStoragePool;

VimanaConnection        *vimana_storage_volume_get_connection  (VimanaStorageVolume *self);
const char              *vimana_storage_volume_get_key         (VimanaStorageVolume *self);
const char              *vimana_storage_volume_get_name        (VimanaStorageVolume *self);
const char              *vimana_storage_volume_get_path        (VimanaStorageVolume *self);
const char              *vimana_storage_volume_get_pool_name   (VimanaStorageVolume *self);
VimanaStoragePool       *vimana_storage_volume_get_pool        (VimanaStorageVolume *self);
const char              *vimana_storage_volume_get_format      (VimanaStorageVolume *self);
VimanaStorageVolumeType  vimana_storage_volume_get_volume_type (VimanaStorageVolume *self);
guint64                  vimana_storage_volume_get_capacity    (VimanaStorageVolume *self);
guint64                  vimana_storage_volume_get_allocation  (VimanaStorageVolume *self);
gboolean                 vimana_storage_volume_get_removed     (VimanaStorageVolume *self);

void                     vimana_storage_volume_delete_async    (VimanaStorageVolume *self,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean                 vimana_storage_volume_delete_finish   (VimanaStorageVolume *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);
void                     vimana_storage_volume_resize_async    (VimanaStorageVolume *self,
                                                                guint64              capacity,
                                                                gboolean             shrink,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
gboolean                 vimana_storage_volume_resize_finish   (VimanaStorageVolume *self,
                                                                GAsyncResult        *result,
                                                                GError             **error);

/* Called on the main context, at most about four times a second and once at the end. */
typedef void (*VimanaVolumeTransferProgressFunc) (VimanaStorageVolume                *volume,
                                                  const VimanaVolumeTransferProgress *progress,
                                                  gpointer                            user_data);

void                     vimana_storage_volume_upload_async    (VimanaStorageVolume              *self,
                                                                GFile                            *source,
                                                                GCancellable                     *cancellable,
                                                                VimanaVolumeTransferProgressFunc  progress,
                                                                gpointer                          progress_data,
                                                                GDestroyNotify                    progress_notify,
                                                                GAsyncReadyCallback               callback,
                                                                gpointer                          user_data);
gboolean                 vimana_storage_volume_upload_finish   (VimanaStorageVolume              *self,
                                                                GAsyncResult                     *result,
                                                                GError                          **error);
void                     vimana_storage_volume_download_async  (VimanaStorageVolume              *self,
                                                                GFile                            *target,
                                                                gboolean                          replace,
                                                                GCancellable                     *cancellable,
                                                                VimanaVolumeTransferProgressFunc  progress,
                                                                gpointer                          progress_data,
                                                                GDestroyNotify                    progress_notify,
                                                                GAsyncReadyCallback               callback,
                                                                gpointer                          user_data);
gboolean                 vimana_storage_volume_download_finish (VimanaStorageVolume              *self,
                                                                GAsyncResult                     *result,
                                                                GError                          **error);

G_END_DECLS
