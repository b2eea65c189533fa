/* vimana-snapshot-sizes.c: how much disk a snapshot takes, where libvirt can tell
 *
 * libvirt reports nothing of an internal snapshot's size (its clusters live inside the qcow2
 * image with the guest's own), so those stay at -1 and the page says so. An external
 * snapshot's overlays and memory file are files: their allocation is read, on the worker,
 * from their storage volumes (virStorageVolLookupByPath, virStorageVolGetInfo). A pool learns
 * of an overlay made in its folder only when rescanned, so a file not found has the active
 * pools of its folder rescanned once per listing (@rescanned) and is looked up again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot-private.h"

#include <libvirt/virterror.h>

#include "vimana-connection-private.h"
#include "vimana-xml.h"

/* Rescans the active pools whose folder is @dir, once per listing. */
static void
vimana_snapshot_rescan_folder (virConnectPtr  conn,
                               const char    *dir,
                               GHashTable    *rescanned)
{
    virStoragePoolPtr *pools = NULL;
    int n;

    if (g_hash_table_contains (rescanned, dir))
        return;
    g_hash_table_add (rescanned, g_strdup (dir));
    n = virConnectListAllStoragePools (conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    for (int i = 0; i < n; i++) {
        char *xml = virStoragePoolGetXMLDesc (pools[i], 0);
        g_autofree char *target = xml != NULL ? vimana_xml_get_value (xml, "target", "path", NULL)
                                              : NULL;

        free (xml);
        if (target != NULL && g_str_equal (target, dir))
            virStoragePoolRefresh (pools[i], 0);
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
}

/* Returns: the file's allocation in bytes, or -1 when no pool knows it */
static gint64
vimana_snapshot_file_allocation (virConnectPtr  conn,
                                 const char    *path,
                                 GHashTable    *rescanned)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);
    virStorageVolInfo info = { 0 };
    gint64 allocation = -1;

    if (vol == NULL) {
        g_autofree char *dir = g_path_get_dirname (path);

        virResetLastError ();
        vimana_snapshot_rescan_folder (conn, dir, rescanned);
        vol = virStorageVolLookupByPath (conn, path);
    }
    if (vol != NULL && virStorageVolGetInfo (vol, &info) == 0)
        allocation = (gint64) info.allocation;
    if (vol != NULL)
        virStorageVolFree (vol);
    virResetLastError ();
    return allocation;
}

/**
 * vimana_snapshot_job_read_size:
 * @conn: the worker's connection
 * @snapshot: a snapshot just read
 * @snapshot_xml: its XML
 * @rescanned: (element-type utf8 utf8): the folders whose pools this listing rescanned
 *
 * Sets @snapshot's size: the sum of its overlays' and memory file's allocations when it is
 * external and every one of them is a known volume; else it stays -1.
 */
void
vimana_snapshot_job_read_size (virConnectPtr   conn,
                               VimanaSnapshot *snapshot,
                               const char     *snapshot_xml,
                               GHashTable     *rescanned)
{
    g_autoptr(GPtrArray) files = NULL;
    gint64 total = 0;

    if (!vimana_snapshot_get_external (snapshot))
        return;
    files = vimana_snapshot_external_files (snapshot_xml, NULL);
    if (files == NULL || files->len == 0)
        return;
    for (guint i = 0; i < files->len; i++) {
        gint64 allocation = vimana_snapshot_file_allocation (conn, g_ptr_array_index (files, i),
                                                             rescanned);

        if (allocation < 0)
            return;
        total += allocation;
    }
    vimana_snapshot_set_size (snapshot, total);
}
