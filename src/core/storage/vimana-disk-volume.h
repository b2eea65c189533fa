/* vimana-disk-volume.h: a guest's disk and the storage volume behind it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "vimana-storage-volume.h"

G_BEGIN_DECLS

/* What the delete dialog offers to delete with a guest. */
typedef struct
{
    char                *target;     /* the guest's device name: vda, sdb… */
    gboolean             is_cdrom;
    gboolean             shared;     /* read-only or shareable: other guests may use it */
    VimanaStorageVolume *volume;
} VimanaDiskVolume;

#define VIMANA_TYPE_DISK_VOLUME (vimana_disk_volume_get_type ())

GType             vimana_disk_volume_get_type (void) G_GNUC_CONST;
VimanaDiskVolume *vimana_disk_volume_copy     (const VimanaDiskVolume *disk);
void              vimana_disk_volume_free     (VimanaDiskVolume       *disk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDiskVolume, vimana_disk_volume_free)

G_END_DECLS
