/* vimana-storage-private.h: what the core's own files share about storage
 *
 * Two halves. The worker's: snapshots of pools and volumes and the operations on them
 * (vimana-storage-jobs.c), called from jobs on the connection's worker; they are the only code
 * that calls libvirt's storage API, so the installer, a guest's deletion and the storage objects
 * all create, find and delete volumes the same way. The main thread's: turning snapshots into the
 * objects the views bind (vimana-connection-storage.c, vimana-storage-pool.c,
 * vimana-storage-volume.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vimana-connection-private.h"
#include "vimana-disk-volume.h"
#include "vimana-pool-spec.h"
#include "vimana-storage-pool.h"
#include "vimana-storage-volume.h"
#include "vimana-storage-xml.h"

G_BEGIN_DECLS

/* ---- snapshots, read on the worker ---- */

typedef struct
{
    char    *key;
    char    *name;
    char    *path;
    char    *pool;         /* the pool's name */
    char    *format;       /* "qcow2", "raw", "iso"…; nullable */
    int      type;         /* VimanaStorageVolumeType */
    guint64  capacity;
    guint64  allocation;
} VimanaStorageVolumeInfo;

typedef struct
{
    char      *name;
    char       uuid[VIR_UUID_STRING_BUFLEN];
    char      *pool_type;     /* "dir", "fs", "netfs", "logical"… */
    char      *target_path;   /* nullable */
    int        state;         /* VimanaStoragePoolState */
    gboolean   active;
    gboolean   persistent;
    gboolean   autostart;
    guint64    capacity;
    guint64    allocation;
    guint64    available;
    GPtrArray *volumes;       /* VimanaStorageVolumeInfo, sorted by name; NULL when not listed */
} VimanaStoragePoolInfo;

/* A disk of a guest found in a pool (vimana_domain_list_volumes_async()). */
typedef struct
{
    char                    *target;
    gboolean                 is_cdrom;
    gboolean                 shared;
    VimanaStorageVolumeInfo *volume;
} VimanaDiskVolumeInfo;

void                     vimana_storage_volume_info_free  (VimanaStorageVolumeInfo *info);
void                     vimana_storage_pool_info_free    (VimanaStoragePoolInfo   *info);
void                     vimana_disk_volume_info_free     (VimanaDiskVolumeInfo    *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaStorageVolumeInfo, vimana_storage_volume_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaStoragePoolInfo, vimana_storage_pool_info_free)

/* ---- operations, on the worker (vimana-storage-jobs.c) ---- */

GPtrArray               *vimana_storage_job_list_pools    (virConnectPtr                   conn,
                                                           gboolean                        with_volumes,
                                                           GError                        **error);
VimanaStoragePoolInfo   *vimana_storage_job_read_pool     (virConnectPtr                   conn,
                                                           const char                     *name,
                                                           gboolean                        refresh,
                                                           gboolean                        with_volumes,
                                                           GError                        **error);
gboolean                 vimana_storage_job_ensure_pool   (virConnectPtr                   conn,
                                                           const char                     *name,
                                                           const char                     *make_in,
                                                           gboolean                       *made,
                                                           GError                        **error);
void                     vimana_storage_job_remove_pool   (virConnectPtr                   conn,
                                                           const char                     *name);
VimanaStoragePoolInfo   *vimana_storage_job_define_pool   (virConnectPtr                   conn,
                                                           const VimanaPoolSpec           *spec,
                                                           GError                        **error);
char                    *vimana_storage_job_pool_capabilities (virConnectPtr               conn);
char                   **vimana_storage_job_find_sources (virConnectPtr                   conn,
                                                          VimanaPoolKind                  kind,
                                                          const char                     *host,
                                                          GError                        **error);
VimanaStoragePoolInfo   *vimana_storage_job_define_dir_pool (virConnectPtr                 conn,
                                                             const char                   *name,
                                                             const char                   *path,
                                                             GError                      **error);
gboolean                 vimana_storage_job_pool_action   (virConnectPtr                   conn,
                                                           const char                     *name,
                                                           VimanaStoragePoolAction         action,
                                                           GError                        **error);
VimanaStorageVolumeInfo *vimana_storage_job_create_volume (virConnectPtr                   conn,
                                                           const char                     *pool,
                                                           const VimanaStorageVolumeSpec  *spec,
                                                           GError                        **error);
gboolean                 vimana_storage_job_delete_volume (virConnectPtr                   conn,
                                                           const char                     *key,
                                                           GError                        **error);
VimanaStorageVolumeInfo *vimana_storage_job_resize_volume (virConnectPtr                   conn,
                                                           const char                     *key,
                                                           guint64                         capacity,
                                                           gboolean                        shrink,
                                                           GError                        **error);
VimanaStorageVolumeInfo *vimana_storage_job_lookup_path   (virConnectPtr                   conn,
                                                           const char                     *path,
                                                           GError                        **error);
VimanaStorageVolumeInfo *vimana_storage_job_volume_info   (virStorageVolPtr                vol);
GPtrArray               *vimana_storage_job_find_disk_volumes (virConnectPtr               conn,
                                                               GPtrArray                  *disks);

/* ---- copies of a spec, for a job to keep (vimana-storage-xml.c) ---- */

VimanaStorageVolumeSpec *vimana_storage_volume_spec_copy  (const VimanaStorageVolumeSpec *spec);
void                     vimana_storage_volume_spec_free  (VimanaStorageVolumeSpec       *spec);

/* ---- objects, on the main thread ---- */

VimanaStoragePool       *vimana_storage_pool_new_from_info   (VimanaConnection        *connection,
                                                              VimanaStoragePoolInfo   *info);
void                     vimana_storage_pool_apply_info      (VimanaStoragePool       *self,
                                                              VimanaStoragePoolInfo   *info);
void                     vimana_storage_pool_mark_removed    (VimanaStoragePool       *self);
VimanaStorageVolume     *vimana_storage_pool_upsert_volume   (VimanaStoragePool       *self,
                                                              VimanaStorageVolumeInfo *info);
void                     vimana_storage_pool_forget_volume   (VimanaStoragePool       *self,
                                                              const char              *key);

VimanaStorageVolume     *vimana_storage_volume_new_from_info (VimanaConnection        *connection,
                                                              VimanaStorageVolumeInfo *info);
void                     vimana_storage_volume_apply_info    (VimanaStorageVolume     *self,
                                                              VimanaStorageVolumeInfo *info);
void                     vimana_storage_volume_mark_removed  (VimanaStorageVolume     *self);

/* vimana-connection-storage.c */
VimanaStorageVolume     *vimana_connection_resolve_volume    (VimanaConnection        *connection,
                                                              VimanaStorageVolumeInfo *info);
void                     vimana_connection_forget_volumes    (VimanaConnection        *connection,
                                                              const char * const      *keys);
void                     vimana_connection_queue_create_volume (VimanaConnection              *connection,
                                                                GTask                         *task,
                                                                const char                    *pool,
                                                                const VimanaStorageVolumeSpec *spec);
VimanaStorageVolume     *vimana_connection_finish_create_volume (VimanaConnection *connection,
                                                                 GAsyncResult     *result,
                                                                 GError          **error);
GPtrArray               *vimana_disk_volumes_resolve         (VimanaConnection        *connection,
                                                              GPtrArray               *infos);

/* Registered on the worker when the connection opens (vimana-connection-storage.c). */
gboolean                 vimana_storage_link_register        (VimanaConnectionLink    *link,
                                                              VimanaConnection        *connection,
                                                              guint                    generation);
void                     vimana_storage_link_close           (VimanaConnectionLink    *link);

G_END_DECLS
