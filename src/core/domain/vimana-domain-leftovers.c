/* vimana-domain-leftovers.c: what of a guest's snapshots outlives it unless deleted with it
 *
 * Undefining a guest that has snapshots needs their metadata deleted too (libvirt refuses
 * otherwise), and the files of its external snapshots (overlays, memory files) are left on disk
 * by libvirt. The delete dialog lists both with this job and offers them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

void
vimana_snapshot_leftovers_free (VimanaSnapshotLeftovers *leftovers)
{
    if (leftovers == NULL)
        return;
    g_clear_pointer (&leftovers->files, g_ptr_array_unref);
    g_free (leftovers);
}

static void
vimana_snapshot_leftovers_add (GPtrArray *all,
                               GPtrArray *files)
{
    for (guint f = 0; files != NULL && f < files->len; f++) {
        const char *path = g_ptr_array_index (files, f);

        if (!g_ptr_array_find_with_equal_func (all, path, g_str_equal, NULL))
            g_ptr_array_add (all, g_strdup (path));
    }
}

static void
vimana_domain_list_snapshot_leftovers_job (GTask         *task,
                                           virConnectPtr  conn,
                                           virDomainPtr   dom,
                                           gpointer       data,
                                           GCancellable  *cancellable)
{
    virDomainSnapshotPtr *snaps = NULL;
    VimanaSnapshotLeftovers *leftovers;
    GError *error = NULL;
    int n = virDomainListAllSnapshots (dom, &snaps, 0);

    if (n < 0) {
        vimana_error_set_from_libvirt (&error, _("The snapshots could not be listed."));
        g_task_return_error (task, error);
        return;
    }
    leftovers = g_new0 (VimanaSnapshotLeftovers, 1);
    leftovers->n_snapshots = n;
    leftovers->files = g_ptr_array_new_with_free_func (g_free);
    for (int i = 0; i < n; i++) {
        char *xml = virDomainSnapshotGetXMLDesc (snaps[i], 0);
        g_autoptr(GPtrArray) files = NULL;
        g_autoptr(GPtrArray) bases = NULL;

        /* A snapshot deleted since the listing is not an error: it is just gone. */
        if (xml != NULL) {
            files = vimana_snapshot_external_files (xml, NULL);
            bases = vimana_snapshot_external_bases (xml, NULL);
        }
        free (xml);
        virDomainSnapshotFree (snaps[i]);
        vimana_snapshot_leftovers_add (leftovers->files, files);
        vimana_snapshot_leftovers_add (leftovers->files, bases);
    }
    free (snaps);
    g_task_return_pointer (task, leftovers, (GDestroyNotify) vimana_snapshot_leftovers_free);
}

/**
 * vimana_domain_list_snapshot_leftovers_async:
 * @self: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Counts the guest's snapshots and lists the files its external snapshots made (overlays,
 * memory files) and the files those overlays are on, which the guest's description no longer
 * names. Some may also be the guest's current disks: the caller leaves those to its volumes.
 */
void
vimana_domain_list_snapshot_leftovers_async (VimanaDomain        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_list_snapshot_leftovers_async);
    vimana_domain_queue (self, task, vimana_domain_list_snapshot_leftovers_job, NULL, NULL);
}

/**
 * vimana_domain_list_snapshot_leftovers_finish:
 *
 * Returns: (transfer full) (nullable): to free with vimana_snapshot_leftovers_free()
 */
VimanaSnapshotLeftovers *
vimana_domain_list_snapshot_leftovers_finish (VimanaDomain  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}
