/* vimana-storage-volume.h: a storage volume a guest's disk uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
    char    *key;         /* libvirt's key: what deletion looks the volume up by */
    char    *path;
    char    *name;
    char    *pool;
    char    *target;      /* the guest's device name: vda, sdb… */
    guint64  capacity;    /* bytes */
    gboolean is_cdrom;
    gboolean shared;      /* read-only or shareable: other guests may use it */
} VimanaStorageVolume;

#define VIMANA_TYPE_STORAGE_VOLUME (vimana_storage_volume_get_type ())

GType                vimana_storage_volume_get_type (void) G_GNUC_CONST;
VimanaStorageVolume *vimana_storage_volume_copy     (const VimanaStorageVolume *volume);
void                 vimana_storage_volume_free     (VimanaStorageVolume       *volume);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaStorageVolume, vimana_storage_volume_free)

G_END_DECLS
