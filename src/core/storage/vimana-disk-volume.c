/* vimana-disk-volume.c: a guest's disk and the storage volume behind it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage"

#include "config.h"

#include "vimana-disk-volume.h"

G_DEFINE_BOXED_TYPE (VimanaDiskVolume, vimana_disk_volume,
                     vimana_disk_volume_copy, vimana_disk_volume_free)

VimanaDiskVolume *
vimana_disk_volume_copy (const VimanaDiskVolume *disk)
{
    VimanaDiskVolume *copy;

    g_return_val_if_fail (disk != NULL, NULL);

    copy = g_new0 (VimanaDiskVolume, 1);
    copy->target = g_strdup (disk->target);
    copy->is_cdrom = disk->is_cdrom;
    copy->shared = disk->shared;
    copy->volume = disk->volume != NULL ? g_object_ref (disk->volume) : NULL;
    return copy;
}

void
vimana_disk_volume_free (VimanaDiskVolume *disk)
{
    if (disk == NULL)
        return;
    g_free (disk->target);
    g_clear_object (&disk->volume);
    g_free (disk);
}
