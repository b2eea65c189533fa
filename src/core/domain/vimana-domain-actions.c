/* vimana-domain-actions.c: what a guest's lifecycle does in libvirt
 *
 * The lifecycle actions (start, shut down, pause…), autostart, reading the Overview's details,
 * listing the storage a guest's disks use and deleting the guest with the volumes chosen. Each
 * _async queues its job with vimana_domain_queue(); actions return a fresh snapshot of the guest
 * that their _finish applies, so the caller sees the effect even on a driver without events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain"

#include "config.h"

#include "vimana-domain.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vimana-connection-private.h"
#include "vimana-disk-volume.h"
#include "vimana-domain-xml.h"
#include "vimana-error.h"
#include "vimana-storage-private.h"
#include "vimana-xml.h"

/* ---- lifecycle actions ---- */

static int
vimana_domain_call_action (virDomainPtr       dom,
                           VimanaDomainAction action)
{
    switch (action) {
    case VIMANA_DOMAIN_ACTION_START:
    case VIMANA_DOMAIN_ACTION_RESTORE:
        return virDomainCreate (dom);
    case VIMANA_DOMAIN_ACTION_SHUTDOWN:
        return virDomainShutdown (dom);
    case VIMANA_DOMAIN_ACTION_REBOOT:
        return virDomainReboot (dom, 0);
    case VIMANA_DOMAIN_ACTION_RESET:
        return virDomainReset (dom, 0);
    case VIMANA_DOMAIN_ACTION_FORCE_OFF:
        return virDomainDestroy (dom);
    case VIMANA_DOMAIN_ACTION_PAUSE:
        return virDomainSuspend (dom);
    case VIMANA_DOMAIN_ACTION_RESUME:
        return virDomainResume (dom);
    case VIMANA_DOMAIN_ACTION_SAVE:
        return virDomainManagedSave (dom, 0);
    case VIMANA_DOMAIN_ACTION_DELETE:
    case VIMANA_DOMAIN_ACTION_AUTOSTART:
    default:
        g_assert_not_reached ();
    }
}

/* Runs on the worker: the action, then a fresh snapshot so the caller sees its effect even on
 * a driver that sends no events. A guest that vanished with the action (a transient guest
 * forced off) has no snapshot, and that is not a failure. */
static void
vimana_domain_run_action_job (GTask         *task,
                              virConnectPtr  conn,
                              virDomainPtr   dom,
                              gpointer       data,
                              GCancellable  *cancellable)
{
    GError *error = NULL;

    if (vimana_domain_call_action (dom, GPOINTER_TO_INT (data)) < 0) {
        vimana_error_set_from_libvirt (&error, _("The action failed."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (dom, NULL),
                           (GDestroyNotify) vimana_domain_info_free);
}

/**
 * vimana_domain_run_action_async:
 * @self: a #VimanaDomain
 * @action: any action but %VIMANA_DOMAIN_ACTION_DELETE and %VIMANA_DOMAIN_ACTION_AUTOSTART
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Runs a lifecycle action on the connection's worker.
 */
void
vimana_domain_run_action_async (VimanaDomain        *self,
                                VimanaDomainAction   action,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (action != VIMANA_DOMAIN_ACTION_DELETE &&
                      action != VIMANA_DOMAIN_ACTION_AUTOSTART);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_run_action_async);
    vimana_domain_queue (self, task, vimana_domain_run_action_job, GINT_TO_POINTER (action),
                         NULL);
}

gboolean
vimana_domain_run_action_finish (VimanaDomain  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_domain_finish_with_info (self, result, error);
}

static void
vimana_domain_set_autostart_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    GError *error = NULL;

    if (virDomainSetAutostart (dom, GPOINTER_TO_INT (data)) < 0) {
        vimana_error_set_from_libvirt (&error, _("Autostart could not be changed."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (dom, NULL),
                           (GDestroyNotify) vimana_domain_info_free);
}

void
vimana_domain_set_autostart_async (VimanaDomain        *self,
                                   gboolean             autostart,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_set_autostart_async);
    vimana_domain_queue (self, task, vimana_domain_set_autostart_job,
                         GINT_TO_POINTER (autostart ? 1 : 0), NULL);
}

gboolean
vimana_domain_set_autostart_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_domain_finish_with_info (self, result, error);
}

/* ---- start paused, send keys ---- */

/* Runs on the worker: starts the guest with its vCPUs stopped, so that whoever attaches its
 * console before resuming it sees the first byte the guest prints. */
static void
vimana_domain_start_paused_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    GError *error = NULL;

    if (virDomainCreateWithFlags (dom, VIR_DOMAIN_START_PAUSED) < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be started."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (dom, NULL),
                           (GDestroyNotify) vimana_domain_info_free);
}

/**
 * vimana_domain_start_paused_async:
 * @self: a #VimanaDomain that is shut off
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Starts the guest paused (%VIR_DOMAIN_START_PAUSED): "Start and attach" attaches its console,
 * then resumes it with %VIMANA_DOMAIN_ACTION_RESUME.
 */
void
vimana_domain_start_paused_async (VimanaDomain        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_start_paused_async);
    vimana_domain_queue (self, task, vimana_domain_start_paused_job, NULL, NULL);
}

gboolean
vimana_domain_start_paused_finish (VimanaDomain  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return vimana_domain_finish_with_info (self, result, error);
}

static void
vimana_domain_send_keys_job (GTask         *task,
                             virConnectPtr  conn,
                             virDomainPtr   dom,
                             gpointer       data,
                             GCancellable  *cancellable)
{
    GArray *keys = data;
    GError *error = NULL;

    /* Pressed together in order, held 100 ms (libvirt's default), released in reverse. */
    if (virDomainSendKey (dom, VIR_KEYCODE_SET_LINUX, 0, (unsigned int *) keys->data, keys->len, 0) < 0) {
        vimana_error_set_from_libvirt (&error, _("The keys could not be sent."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_send_keys_async:
 * @self: a running #VimanaDomain
 * @keycodes: (array length=n_keys): Linux key codes (linux/input-event-codes.h), pressed together
 * @n_keys: 1 to %VIR_DOMAIN_SEND_KEY_MAX_KEYS
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Presses keys on the guest's keyboard through libvirt (virDomainSendKey), with no display
 * session: how the text console sends Alt+SysRq combinations.
 */
void
vimana_domain_send_keys_async (VimanaDomain        *self,
                               const guint         *keycodes,
                               guint                n_keys,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    GArray *keys;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (keycodes != NULL);
    g_return_if_fail (n_keys > 0 && n_keys <= VIR_DOMAIN_SEND_KEY_MAX_KEYS);

    keys = g_array_sized_new (FALSE, FALSE, sizeof (guint), n_keys);
    g_array_append_vals (keys, keycodes, n_keys);
    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_send_keys_async);
    vimana_domain_queue (self, task, vimana_domain_send_keys_job, keys,
                         (GDestroyNotify) g_array_unref);
}

gboolean
vimana_domain_send_keys_finish (VimanaDomain  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- delete ---- */

static gboolean
vimana_domain_undefine_refused_flags (void)
{
    virErrorPtr err = virGetLastError ();

    return err != NULL && (err->code == VIR_ERR_NO_SUPPORT || err->code == VIR_ERR_INVALID_ARG ||
                           err->code == VIR_ERR_ARGUMENT_UNSUPPORTED);
}

/* Undefines with the guest's saved state, snapshot and checkpoint metadata and NVRAM. A driver
 * that refuses some of those flags is asked again with fewer, down to the saved state and
 * snapshots every driver with managed save knows, then with none. */
static gboolean
vimana_domain_undefine (virDomainPtr   dom,
                        gboolean       snapshot_metadata,
                        GError       **error)
{
    /* Without the metadata flags libvirt refuses a guest that has snapshots: the user chose. */
    const unsigned int keep = snapshot_metadata
                              ? 0
                              : VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                              VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA;
    static const unsigned int attempts[] = {
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
        VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
    };

    for (guint i = 0; i < G_N_ELEMENTS (attempts); i++) {
        if (virDomainUndefineFlags (dom, attempts[i] & ~keep) == 0)
            return TRUE;
        if (!vimana_domain_undefine_refused_flags ())
            goto fail;
    }
    if (virDomainUndefine (dom) == 0)
        return TRUE;

fail:
    vimana_error_set_from_libvirt (error, _("The guest could not be deleted."));
    return FALSE;
}

typedef struct
{
    char     **volume_keys;
    char     **files;             /* snapshot overlays and memory files */
    gboolean   snapshot_metadata;
    gboolean   local;
} VimanaDeleteJob;

static void
vimana_delete_job_free (gpointer data)
{
    VimanaDeleteJob *job = data;

    g_strfreev (job->volume_keys);
    g_strfreev (job->files);
    g_free (job);
}

/* A file the guest's snapshots made lies in a pool's directory, but the pool only knows it
 * once rescanned: rescan the active pools whose directory holds @path, then look it up again. */
static virStorageVolPtr
vimana_domain_lookup_file_volume (virConnectPtr  conn,
                                  const char    *path)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);
    g_autofree char *dir = NULL;
    virStoragePoolPtr *pools = NULL;
    gboolean refreshed = FALSE;
    int n;

    if (vol != NULL)
        return vol;
    virResetLastError ();
    dir = g_path_get_dirname (path);
    n = virConnectListAllStoragePools (conn, &pools, VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
    for (int i = 0; i < n; i++) {
        g_autofree char *xml = virStoragePoolGetXMLDesc (pools[i], 0);
        g_autofree char *target = vimana_xml_get_value (xml, "target", "path", NULL);

        if (target != NULL && g_str_equal (target, dir) && virStoragePoolRefresh (pools[i], 0) == 0)
            refreshed = TRUE;
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
    return refreshed ? virStorageVolLookupByPath (conn, path) : NULL;
}

/* A snapshot's file: a storage volume when a pool holds it, else, on this host only, a file. */
static gboolean
vimana_domain_delete_file (virConnectPtr   conn,
                           const char     *path,
                           gboolean        local,
                           GError        **error)
{
    virStorageVolPtr vol = vimana_domain_lookup_file_volume (conn, path);

    if (vol != NULL) {
        int ret = virStorageVolDelete (vol, 0);

        if (ret < 0)
            vimana_error_set_from_libvirt (error, _("The file could not be deleted."));
        virStorageVolFree (vol);
        return ret == 0;
    }
    virResetLastError ();
    if (!local) {
        g_set_error_literal (error, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                             _("It is in no storage pool, and the host is not this computer."));
        return FALSE;
    }
    if (g_unlink (path) < 0 && errno != ENOENT) {
        int saved = errno;

        g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved), g_strerror (saved));
        return FALSE;
    }
    return TRUE;
}

static void
vimana_domain_delete_job (GTask         *task,
                          virConnectPtr  conn,
                          virDomainPtr   dom,
                          gpointer       data,
                          GCancellable  *cancellable)
{
    VimanaDeleteJob *job = data;
    char **volume_keys = job->volume_keys;
    g_autoptr(GString) failures = g_string_new (NULL);
    GError *error = NULL;
    int active = virDomainIsActive (dom);
    int persistent = virDomainIsPersistent (dom);

    if (active < 0 || persistent < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be deleted."));
        g_task_return_error (task, error);
        return;
    }
    /* libvirt refuses to undefine a guest with snapshots but not their metadata: say so
     * before forcing it off, so nothing is half done. */
    if (persistent > 0 && !job->snapshot_metadata) {
        int n_snapshots = virDomainSnapshotNum (dom, 0);

        if (n_snapshots > 0) {
            g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                                     ngettext ("The guest has %d snapshot: libvirt deletes a "
                                               "guest with snapshots only together with their "
                                               "metadata.",
                                               "The guest has %d snapshots: libvirt deletes a "
                                               "guest with snapshots only together with their "
                                               "metadata.",
                                               n_snapshots), n_snapshots);
            return;
        }
        virResetLastError ();
    }
    if (active > 0 && virDomainDestroy (dom) < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be stopped."));
        g_task_return_error (task, error);
        return;
    }
    if (persistent > 0 && !vimana_domain_undefine (dom, job->snapshot_metadata, &error)) {
        g_task_return_error (task, error);
        return;
    }

    /* The guest is gone; its disks go now. A disk that cannot be deleted is reported, the
     * others are still deleted. */
    for (char **key = volume_keys; key != NULL && *key != NULL; key++) {
        g_autoptr(GError) vol_error = NULL;

        if (vimana_storage_job_delete_volume (conn, *key, &vol_error))
            continue;
        if (failures->len > 0)
            g_string_append (failures, " ");
        /* Translators: a storage volume that could not be deleted, and why. */
        g_string_append_printf (failures, _("%s: %s"), *key, vol_error->message);
    }
    for (char **file = job->files; file != NULL && *file != NULL; file++) {
        g_autoptr(GError) file_error = NULL;

        if (vimana_domain_delete_file (conn, *file, job->local, &file_error))
            continue;
        if (failures->len > 0)
            g_string_append (failures, " ");
        g_string_append_printf (failures, _("%s: %s"), *file, file_error->message);
    }

    if (failures->len > 0) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                                 /* Translators: %s lists the volumes and the reasons. */
                                 _("The guest was deleted, but some of its storage was not. %s"),
                                 failures->str);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_delete_async:
 * @self: a #VimanaDomain
 * @volume_keys: (nullable) (array zero-terminated=1): keys of the storage volumes to delete
 *   with the guest, as vimana_domain_list_volumes_async() gave them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Forces the guest off if it runs, undefines it with its saved state, snapshot metadata and
 * NVRAM, then deletes the chosen volumes.
 */
void
vimana_domain_delete_async (VimanaDomain        *self,
                            const char * const  *volume_keys,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    vimana_domain_delete_full_async (self, volume_keys, TRUE, NULL, cancellable, callback,
                                     user_data);
}

/**
 * vimana_domain_delete_full_async:
 * @self: a #VimanaDomain
 * @volume_keys: (nullable) (array zero-terminated=1): keys of the storage volumes to delete
 * @snapshot_metadata: whether to delete the guest's snapshot and checkpoint metadata with it
 *   (libvirt refuses to undefine a guest with snapshots otherwise)
 * @files: (nullable) (array zero-terminated=1): paths of snapshot files to delete, as
 *   vimana_domain_list_snapshot_leftovers_async() listed them: deleted as storage volumes when
 *   a pool holds them, else removed only if the connection is local
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * As vimana_domain_delete_async(), with the choice of what of the snapshots goes too.
 */
void
vimana_domain_delete_full_async (VimanaDomain        *self,
                                 const char * const  *volume_keys,
                                 gboolean             snapshot_metadata,
                                 const char * const  *files,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaDeleteJob *job;
    VimanaConnection *connection;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    connection = vimana_domain_get_connection (self);
    job = g_new0 (VimanaDeleteJob, 1);
    job->volume_keys = g_strdupv ((char **) volume_keys);
    job->files = g_strdupv ((char **) files);
    job->snapshot_metadata = snapshot_metadata;
    job->local = connection != NULL && vimana_connection_is_local (connection);
    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_delete_async);
    vimana_domain_queue (self, task, vimana_domain_delete_job, job, vimana_delete_job_free);
}

gboolean
vimana_domain_delete_finish (VimanaDomain  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
    VimanaDeleteJob *job;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    if (!g_task_propagate_boolean (G_TASK (result), error))
        return FALSE;
    /* Volumes have no events: their pools' models learn of the deletion here. */
    job = vimana_job_get_data (G_TASK (result));
    if (vimana_domain_get_connection (self) != NULL)
        vimana_connection_forget_volumes (vimana_domain_get_connection (self),
                                          (const char * const *) job->volume_keys);
    return TRUE;
}

/* ---- details ---- */

static void
vimana_domain_fetch_details_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaDomainDetails *details;
    char *xml = virDomainGetXMLDesc (dom, 0);

    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The guest’s description could not be read."));
        g_task_return_error (task, error);
        return;
    }
    details = vimana_domain_details_new_from_xml (xml, &error);
    free (xml);
    if (details == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, details, (GDestroyNotify) vimana_domain_details_free);
}

void
vimana_domain_fetch_details_async (VimanaDomain        *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_fetch_details_async);
    vimana_domain_queue (self, task, vimana_domain_fetch_details_job, NULL, NULL);
}

/**
 * vimana_domain_fetch_details_finish:
 *
 * Returns: (transfer full) (nullable): the details, to free with vimana_domain_details_free()
 */
VimanaDomainDetails *
vimana_domain_fetch_details_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the storage of the guest's disks ---- */

static void
vimana_domain_list_volumes_job (GTask         *task,
                                virConnectPtr  conn,
                                virDomainPtr   dom,
                                gpointer       data,
                                GCancellable  *cancellable)
{
    g_autoptr(GPtrArray) disks = NULL;
    GError *error = NULL;
    char *xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);

    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The guest’s description could not be read."));
        g_task_return_error (task, error);
        return;
    }
    disks = vimana_domain_xml_parse_disks (xml, &error);
    free (xml);
    if (disks == NULL) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_storage_job_find_disk_volumes (conn, disks),
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_domain_list_volumes_async:
 * @self: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Finds the storage volumes behind the guest's disks, for the delete dialog. A disk outside
 * every storage pool is left out: libvirt cannot delete it.
 */
void
vimana_domain_list_volumes_async (VimanaDomain        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_list_volumes_async);
    vimana_domain_queue (self, task, vimana_domain_list_volumes_job, NULL, NULL);
}

/**
 * vimana_domain_list_volumes_finish:
 *
 * Returns: (transfer full) (element-type VimanaDiskVolume) (nullable): the guest's disks that
 *   are storage volumes, in the order of its disks
 */
GPtrArray *
vimana_domain_list_volumes_finish (VimanaDomain  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_autoptr(GPtrArray) infos = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    infos = g_task_propagate_pointer (G_TASK (result), error);
    if (infos == NULL)
        return NULL;
    return vimana_disk_volumes_resolve (vimana_domain_get_connection (self), infos);
}
