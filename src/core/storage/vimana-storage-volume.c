/* vimana-storage-volume.c: a storage volume a guest's disk uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-storage-volume"

#include "config.h"

#include "vimana-storage-volume.h"

G_DEFINE_BOXED_TYPE (VimanaStorageVolume, vimana_storage_volume,
                     vimana_storage_volume_copy, vimana_storage_volume_free)

VimanaStorageVolume *
vimana_storage_volume_copy (const VimanaStorageVolume *volume)
{
    VimanaStorageVolume *copy;

    g_return_val_if_fail (volume != NULL, NULL);

    copy = g_new0 (VimanaStorageVolume, 1);
    copy->key = g_strdup (volume->key);
    copy->path = g_strdup (volume->path);
    copy->name = g_strdup (volume->name);
    copy->pool = g_strdup (volume->pool);
    copy->target = g_strdup (volume->target);
    copy->capacity = volume->capacity;
    copy->is_cdrom = volume->is_cdrom;
    copy->shared = volume->shared;
    return copy;
}

void
vimana_storage_volume_free (VimanaStorageVolume *volume)
{
    if (volume == NULL)
        return;
    g_free (volume->key);
    g_free (volume->path);
    g_free (volume->name);
    g_free (volume->pool);
    g_free (volume->target);
    g_free (volume);
}
