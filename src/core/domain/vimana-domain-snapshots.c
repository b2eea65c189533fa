/* vimana-domain-snapshots.c: a guest's snapshots in libvirt
 *
 * List, what the guest can do (vimana-snapshot-caps.c), take, revert (after an automatic safety
 * snapshot of the state being left), delete (one, with its children, only its children) and edit
 * the name and description (a redefinition). Every call is a job on the connection's worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-snapshot"

#include "config.h"

#include "vimana-snapshot.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-snapshot-private.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlDoc, xmlFreeDoc)

/* ---- the spec ---- */

VimanaSnapshotSpec *
vimana_snapshot_spec_new (const char *name,
                          const char *description)
{
    VimanaSnapshotSpec *spec = g_new0 (VimanaSnapshotSpec, 1);

    spec->name = g_strdup (name);
    spec->description = g_strdup (description);
    return spec;
}

static VimanaSnapshotSpec *
vimana_snapshot_spec_copy (const VimanaSnapshotSpec *spec)
{
    VimanaSnapshotSpec *copy = vimana_snapshot_spec_new (spec->name, spec->description);

    copy->memory = spec->memory;
    copy->disk_only = spec->disk_only;
    copy->quiesce = spec->quiesce;
    return copy;
}

void
vimana_snapshot_spec_free (VimanaSnapshotSpec *spec)
{
    if (spec == NULL)
        return;
    g_free (spec->name);
    g_free (spec->description);
    g_free (spec);
}

static char *
vimana_snapshot_doc_to_string (xmlDocPtr doc)
{
    xmlChar *buffer = NULL;
    int size = 0;
    char *xml;

    xmlDocDumpFormatMemory (doc, &buffer, &size, 1);
    xml = g_strndup ((const char *) buffer, size);
    xmlFree (buffer);
    return xml;
}

/**
 * vimana_snapshot_spec_to_xml:
 * @spec: what to take
 *
 * Returns: (transfer full): the <domainsnapshot> to give virDomainSnapshotCreateXML(); the name
 *   and description are text nodes, escaped by libxml2
 */
char *
vimana_snapshot_spec_to_xml (const VimanaSnapshotSpec *spec)
{
    g_autoptr(xmlDoc) doc = xmlNewDoc ((const xmlChar *) "1.0");
    xmlNodePtr root = xmlNewNode (NULL, (const xmlChar *) "domainsnapshot");

    g_return_val_if_fail (spec != NULL, NULL);

    xmlDocSetRootElement (doc, root);
    if (spec->name != NULL)
        xmlNewTextChild (root, NULL, (const xmlChar *) "name", (const xmlChar *) spec->name);
    if (spec->description != NULL && *spec->description != '\0')
        xmlNewTextChild (root, NULL, (const xmlChar *) "description",
                         (const xmlChar *) spec->description);
    if (spec->disk_only) {
        xmlNodePtr memory = xmlNewChild (root, NULL, (const xmlChar *) "memory", NULL);

        xmlNewProp (memory, (const xmlChar *) "snapshot", (const xmlChar *) "no");
    }
    return vimana_snapshot_doc_to_string (doc);
}

/* ---- on the worker ---- */

static GPtrArray *
vimana_snapshot_job_list (virDomainPtr   dom,
                          GError       **error)
{
    virDomainSnapshotPtr *snaps = NULL;
    GPtrArray *snapshots;
    char *current_xml;
    g_autoptr(GHashTable) rescanned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    int n = virDomainListAllSnapshots (dom, &snaps, 0);

    if (n < 0) {
        vimana_error_set_from_libvirt (error, _("The snapshots could not be listed."));
        return NULL;
    }
    /* Today's definition, for what a revert to each would change (see vimana-snapshot-diff.c). */
    current_xml = virDomainGetXMLDesc (dom, 0);
    snapshots = g_ptr_array_new_with_free_func (g_object_unref);
    for (int i = 0; i < n; i++) {
        g_autoptr(GError) parse_error = NULL;
        char *xml = virDomainSnapshotGetXMLDesc (snaps[i], 0);
        VimanaSnapshot *snapshot;

        /* A snapshot deleted since the listing is not an error: it is just gone. */
        if (xml != NULL) {
            snapshot = vimana_snapshot_new_from_xml (xml, virDomainSnapshotIsCurrent (snaps[i], 0) > 0,
                                                     &parse_error);
            if (snapshot != NULL && current_xml != NULL)
                vimana_snapshot_set_revert_changes (snapshot,
                                                    vimana_snapshot_config_diff (xml, current_xml, NULL));
            if (snapshot != NULL)
                vimana_snapshot_job_read_size (virDomainGetConnect (dom), snapshot, xml, rescanned);
            if (snapshot != NULL)
                g_ptr_array_add (snapshots, snapshot);
            else
                g_warning ("A snapshot's description could not be read: %s", parse_error->message);
        }
        free (xml);
        virDomainSnapshotFree (snaps[i]);
    }
    free (snaps);
    free (current_xml);
    return snapshots;
}

static VimanaSnapshotCaps *
vimana_snapshot_job_caps (virConnectPtr   conn,
                          virDomainPtr    dom,
                          GError        **error)
{
    g_autofree char *xml = NULL;
    char *raw;
    unsigned long version = 0;
    const char *driver;
    int state = 0;
    int reason = 0;

    raw = virDomainGetXMLDesc (dom, 0);
    if (raw == NULL || virDomainGetState (dom, &state, &reason, 0) < 0) {
        free (raw);
        vimana_error_set_from_libvirt (error, _("The guest’s description could not be read."));
        return NULL;
    }
    xml = g_strdup (raw);
    free (raw);
    if (virConnectGetLibVersion (conn, &version) < 0)
        version = 0;
    driver = virConnectGetType (conn);
    return vimana_snapshot_caps_new (xml,
                                     state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_PAUSED ||
                                     state == VIR_DOMAIN_BLOCKED,
                                     driver, version, error);
}

static gboolean
vimana_snapshot_job_create (virDomainPtr               dom,
                            const VimanaSnapshotSpec  *spec,
                            GError                   **error)
{
    g_autofree char *xml = NULL;
    virDomainSnapshotPtr existing;
    virDomainSnapshotPtr snap;
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_ATOMIC;

    if (!vimana_snapshot_check_name (spec->name, NULL, error))
        return FALSE;
    existing = virDomainSnapshotLookupByName (dom, spec->name, 0);
    if (existing != NULL) {
        virDomainSnapshotFree (existing);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("This guest already has a snapshot called “%s”."), spec->name);
        return FALSE;
    }
    if (spec->disk_only)
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
    if (spec->disk_only && spec->quiesce)
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_QUIESCE;

    xml = vimana_snapshot_spec_to_xml (spec);
    snap = virDomainSnapshotCreateXML (dom, xml, flags);
    if (snap == NULL) {
        vimana_error_set_from_libvirt (error, _("The snapshot could not be taken."));
        return FALSE;
    }
    virDomainSnapshotFree (snap);
    return TRUE;
}

static void
vimana_domain_list_snapshots_job (GTask         *task,
                                  virConnectPtr  conn,
                                  virDomainPtr   dom,
                                  gpointer       data,
                                  GCancellable  *cancellable)
{
    GError *error = NULL;
    GPtrArray *snapshots = vimana_snapshot_job_list (dom, &error);

    if (snapshots == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * vimana_domain_list_snapshots_async:
 * @self: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Lists the guest's snapshots (virDomainListAllSnapshots()), each read from its description.
 */
void
vimana_domain_list_snapshots_async (VimanaDomain        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_list_snapshots_async);
    vimana_domain_queue (self, task, vimana_domain_list_snapshots_job, NULL, NULL);
}

/**
 * vimana_domain_list_snapshots_finish:
 * @self: a #VimanaDomain
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type VimanaSnapshot): the snapshots, flat, in libvirt's
 *   order; vimana_snapshot_tree_build() makes the tree
 */
GPtrArray *
vimana_domain_list_snapshots_finish (VimanaDomain  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

static void
vimana_domain_fetch_snapshot_caps_job (GTask         *task,
                                       virConnectPtr  conn,
                                       virDomainPtr   dom,
                                       gpointer       data,
                                       GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaSnapshotCaps *caps = vimana_snapshot_job_caps (conn, dom, &error);

    if (caps == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, caps, (GDestroyNotify) vimana_snapshot_caps_free);
}

void
vimana_domain_fetch_snapshot_caps_async (VimanaDomain        *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_fetch_snapshot_caps_async);
    vimana_domain_queue (self, task, vimana_domain_fetch_snapshot_caps_job, NULL, NULL);
}

/* Returns: (transfer full): what the guest can do with snapshots now */
VimanaSnapshotCaps *
vimana_domain_fetch_snapshot_caps_finish (VimanaDomain  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- take ---- */

static void
vimana_domain_create_snapshot_job (GTask         *task,
                                   virConnectPtr  conn,
                                   virDomainPtr   dom,
                                   gpointer       data,
                                   GCancellable  *cancellable)
{
    GError *error = NULL;

    if (!vimana_snapshot_job_create (dom, data, &error))
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_create_snapshot_async:
 * @self: a #VimanaDomain
 * @spec: what to take; its name is checked again on the worker against the guest's snapshots
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Takes a snapshot, atomically. A running guest's internal snapshot holds its memory (the guest
 * pauses while it is written); a disk-only one is external and may quiesce through the agent.
 */
void
vimana_domain_create_snapshot_async (VimanaDomain             *self,
                                     const VimanaSnapshotSpec *spec,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (spec != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_create_snapshot_async);
    vimana_domain_queue (self, task, vimana_domain_create_snapshot_job,
                         vimana_snapshot_spec_copy (spec),
                         (GDestroyNotify) vimana_snapshot_spec_free);
}

gboolean
vimana_domain_create_snapshot_finish (VimanaDomain  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- revert ---- */

static VimanaSnapshot *
vimana_snapshot_job_read (virDomainSnapshotPtr   snap,
                          GError               **error)
{
    char *xml = virDomainSnapshotGetXMLDesc (snap, 0);
    VimanaSnapshot *snapshot;

    if (xml == NULL) {
        vimana_error_set_from_libvirt (error, _("The snapshot could not be read."));
        return NULL;
    }
    snapshot = vimana_snapshot_new_from_xml (xml, virDomainSnapshotIsCurrent (snap, 0) > 0, error);
    free (xml);
    return snapshot;
}

static virDomainSnapshotPtr
vimana_snapshot_job_lookup (virDomainPtr   dom,
                            const char    *name,
                            GError       **error)
{
    virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (dom, name, 0);

    if (snap == NULL && virGetLastErrorCode () == VIR_ERR_NO_DOMAIN_SNAPSHOT)
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                     _("The snapshot “%s” no longer exists."), name);
    else if (snap == NULL)
        vimana_error_set_from_libvirt (error, _("The snapshot could not be found."));
    return snap;
}

static void
vimana_domain_revert_snapshot_job (GTask         *task,
                                   virConnectPtr  conn,
                                   virDomainPtr   dom,
                                   gpointer       data,
                                   GCancellable  *cancellable)
{
    const char *name = data;
    g_autoptr(VimanaSnapshotCaps) caps = NULL;
    g_autoptr(VimanaSnapshot) target = NULL;
    g_autoptr(VimanaSnapshotSpec) safety = NULL;
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GPtrArray) existing = NULL;
    g_autofree char *stamp = NULL;
    virDomainSnapshotPtr snap;
    GError *error = NULL;
    int rc;

    snap = vimana_snapshot_job_lookup (dom, name, &error);
    if (snap == NULL) {
        g_task_return_error (task, error);
        return;
    }
    target = vimana_snapshot_job_read (snap, &error);
    caps = target != NULL ? vimana_snapshot_job_caps (conn, dom, &error) : NULL;
    existing = caps != NULL ? vimana_snapshot_job_list (dom, &error) : NULL;
    if (existing == NULL) {
        virDomainSnapshotFree (snap);
        g_task_return_error (task, error);
        return;
    }
    if (vimana_snapshot_get_external (target) && !caps->external_revert) {
        virDomainSnapshotFree (snap);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                                 _("“%s” is an external snapshot: reverting it needs libvirt 9.9 "
                                   "or newer. Nothing was changed."), name);
        return;
    }

    /* The safety snapshot first: of the state being left, so a mistaken revert can be undone. */
    stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
    safety = vimana_snapshot_spec_new (NULL, NULL);
    safety->name = g_strdup_printf ("before-revert-%s", stamp);
    for (guint i = 2; !vimana_snapshot_check_name (safety->name, existing, NULL); i++) {
        g_free (safety->name);
        safety->name = g_strdup_printf ("before-revert-%s-%u", stamp, i);
    }
    /* Translators: the description of the snapshot taken automatically before a revert. */
    safety->description = g_strdup_printf (_("Taken automatically before reverting to “%s”."),
                                           name);
    safety->memory = caps->memory;
    safety->disk_only = !caps->internal && caps->disk_only;
    if (!vimana_snapshot_job_create (dom, safety, &error)) {
        virDomainSnapshotFree (snap);
        g_prefix_error (&error, _("Nothing was reverted: the safety snapshot could not be "
                                  "taken. "));
        g_task_return_error (task, error);
        return;
    }

    rc = virDomainRevertToSnapshot (snap, 0);
    virDomainSnapshotFree (snap);
    if (rc < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be reverted."));
        g_prefix_error (&error, _("The safety snapshot “%s” was kept. "), safety->name);
        g_task_return_error (task, error);
        return;
    }
    /* A running snapshot brings its clock back with it: set it from the host's where an agent
     * answers; without one the guest keeps its own. */
    if (vimana_snapshot_get_state (target) == VIMANA_SNAPSHOT_STATE_RUNNING) {
        if (!caps->quiesce)
            g_debug ("The clock of the reverted guest was not set: no guest agent is connected");
        else if (virDomainSetTime (dom, 0, 0, VIR_DOMAIN_TIME_SYNC) < 0)
            g_debug ("The clock of the reverted guest was not set: %s", virGetLastErrorMessage ());
    }
    g_task_return_pointer (task, g_steal_pointer (&safety->name), g_free);
}

/**
 * vimana_domain_revert_snapshot_async:
 * @self: a #VimanaDomain
 * @name: the snapshot to go back to
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Takes a safety snapshot of the current state ("before-revert-…", with memory where the guest
 * can), then reverts to @name. An external snapshot on libvirt older than 9.9 is refused before
 * anything is done.
 */
void
vimana_domain_revert_snapshot_async (VimanaDomain        *self,
                                     const char          *name,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (name != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_revert_snapshot_async);
    vimana_domain_queue (self, task, vimana_domain_revert_snapshot_job, g_strdup (name), g_free);
}

/* Returns: (transfer full): the name of the safety snapshot taken before the revert */
char *
vimana_domain_revert_snapshot_finish (VimanaDomain  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- delete ---- */

typedef struct
{
    char                     *name;
    VimanaSnapshotDeleteMode  mode;
    gboolean                  local;
} VimanaSnapshotDeleteJob;

static void
vimana_snapshot_delete_job_free (VimanaSnapshotDeleteJob *job)
{
    g_free (job->name);
    g_free (job);
}

/* libvirt 9.0 deletes an external snapshot's metadata and overlays but leaves its memory file:
 * remove it through its storage pool, or on a local host directly. */
static gboolean
vimana_snapshot_job_remove_memory_file (virConnectPtr   conn,
                                        const char     *path,
                                        gboolean        local,
                                        GError        **error)
{
    virStorageVolPtr vol = virStorageVolLookupByPath (conn, path);

    if (vol != NULL) {
        int rc = virStorageVolDelete (vol, 0);

        virStorageVolFree (vol);
        if (rc == 0)
            return TRUE;
        vimana_error_set_from_libvirt (error, _("The memory file could not be deleted."));
        return FALSE;
    }
    if (!local || g_remove (path) == 0 || errno == ENOENT)
        return TRUE;
    g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_FAILED, "%s", g_strerror (errno));
    return FALSE;
}

static void
vimana_domain_delete_snapshot_job (GTask         *task,
                                   virConnectPtr  conn,
                                   virDomainPtr   dom,
                                   gpointer       data,
                                   GCancellable  *cancellable)
{
    VimanaSnapshotDeleteJob *job = data;
    g_autoptr(GPtrArray) doomed = g_ptr_array_new_with_free_func (g_object_unref);
    g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GString) failures = g_string_new (NULL);
    virDomainSnapshotPtr snap;
    virDomainSnapshotPtr *children = NULL;
    gboolean external = FALSE;
    GError *error = NULL;
    int n_children = 0;
    int rc = 0;

    snap = vimana_snapshot_job_lookup (dom, job->name, &error);
    if (snap == NULL) {
        g_task_return_error (task, error);
        return;
    }
    if (job->mode != VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY) {
        VimanaSnapshot *self_snapshot = vimana_snapshot_job_read (snap, &error);

        if (self_snapshot == NULL) {
            virDomainSnapshotFree (snap);
            g_task_return_error (task, error);
            return;
        }
        g_ptr_array_add (doomed, self_snapshot);
    }
    if (job->mode != VIMANA_SNAPSHOT_DELETE_ONE) {
        n_children = virDomainSnapshotListAllChildren (snap, &children,
                                                       VIR_DOMAIN_SNAPSHOT_LIST_DESCENDANTS);
        if (n_children < 0) {
            virDomainSnapshotFree (snap);
            vimana_error_set_from_libvirt (&error, _("The snapshot’s children could not be "
                                                     "listed."));
            g_task_return_error (task, error);
            return;
        }
        for (int i = 0; i < n_children; i++) {
            VimanaSnapshot *child = vimana_snapshot_job_read (children[i], NULL);

            if (child != NULL)
                g_ptr_array_add (doomed, child);
        }
    }
    for (guint i = 0; i < doomed->len; i++) {
        VimanaSnapshot *s = g_ptr_array_index (doomed, i);

        external |= vimana_snapshot_get_external (s);
        if (vimana_snapshot_get_memory_file (s) != NULL)
            g_ptr_array_add (files, g_strdup (vimana_snapshot_get_memory_file (s)));
    }

    if (!external) {
        unsigned int flags = job->mode == VIMANA_SNAPSHOT_DELETE_WITH_CHILDREN
                             ? VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN
                             : job->mode == VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY
                             ? VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN_ONLY : 0;

        rc = virDomainSnapshotDelete (snap, flags);
    } else {
        /* External snapshots take no children flags on libvirt 9.0: one at a time, always a
         * snapshot without children, until none of the chosen ones is left. */
        gboolean progress = TRUE;
        guint left = (guint) n_children + (job->mode != VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY);

        while (rc == 0 && left > 0 && progress) {
            progress = FALSE;
            for (int i = 0; rc == 0 && i < n_children; i++) {
                if (children[i] == NULL || virDomainSnapshotNumChildren (children[i], 0) != 0)
                    continue;
                rc = virDomainSnapshotDelete (children[i], 0);
                virDomainSnapshotFree (children[i]);
                children[i] = NULL;
                left--;
                progress = TRUE;
            }
            if (rc == 0 && left == 1 && job->mode != VIMANA_SNAPSHOT_DELETE_CHILDREN_ONLY) {
                rc = virDomainSnapshotDelete (snap, 0);
                left--;
                progress = TRUE;
            }
        }
    }
    if (rc < 0)
        vimana_error_set_from_libvirt (&error, _("The snapshot could not be deleted."));
    for (int i = 0; i < n_children; i++) {
        if (children[i] != NULL)
            virDomainSnapshotFree (children[i]);
    }
    free (children);
    virDomainSnapshotFree (snap);
    if (error != NULL) {
        g_task_return_error (task, error);
        return;
    }

    for (guint i = 0; i < files->len; i++) {
        g_autoptr(GError) file_error = NULL;
        const char *path = g_ptr_array_index (files, i);

        if (vimana_snapshot_job_remove_memory_file (conn, path, job->local, &file_error))
            continue;
        if (failures->len > 0)
            g_string_append (failures, " ");
        /* Translators: a file that could not be deleted, and why. */
        g_string_append_printf (failures, _("%s: %s"), path, file_error->message);
    }
    if (failures->len > 0) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                                 /* Translators: %s lists the files and the reasons. */
                                 _("The snapshot was deleted, but its memory file was not; "
                                   "remove it yourself. %s"), failures->str);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_delete_snapshot_async:
 * @self: a #VimanaDomain
 * @name: the snapshot
 * @mode: that one, it with all below it, or only all below it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Deletes snapshots. External ones are deleted one at a time, leaves first, and their memory
 * files are removed after libvirt (9.0 leaves them behind).
 */
void
vimana_domain_delete_snapshot_async (VimanaDomain             *self,
                                     const char               *name,
                                     VimanaSnapshotDeleteMode  mode,
                                     GCancellable             *cancellable,
                                     GAsyncReadyCallback       callback,
                                     gpointer                  user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaSnapshotDeleteJob *job;
    VimanaConnection *connection;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (name != NULL);

    job = g_new0 (VimanaSnapshotDeleteJob, 1);
    job->name = g_strdup (name);
    job->mode = mode;
    connection = vimana_domain_get_connection (self);
    job->local = connection != NULL && vimana_connection_is_local (connection);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_delete_snapshot_async);
    vimana_domain_queue (self, task, vimana_domain_delete_snapshot_job, job,
                         (GDestroyNotify) vimana_snapshot_delete_job_free);
}

gboolean
vimana_domain_delete_snapshot_finish (VimanaDomain  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- edit ---- */

typedef struct
{
    char *name;
    char *new_name;
    char *description;
} VimanaSnapshotEditJob;

static void
vimana_snapshot_edit_job_free (VimanaSnapshotEditJob *job)
{
    g_free (job->name);
    g_free (job->new_name);
    g_free (job->description);
    g_free (job);
}

/* Sets the text of @root's first <@element>, making it (or removing it for empty text). */
static void
vimana_snapshot_xml_set_text (xmlNodePtr  root,
                              const char *element,
                              const char *text)
{
    xmlNodePtr node = NULL;

    for (xmlNodePtr c = root->children; c != NULL && node == NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp ((const char *) c->name, element) == 0)
            node = c;
    }
    if (text == NULL || *text == '\0') {
        if (node != NULL) {
            xmlUnlinkNode (node);
            xmlFreeNode (node);
        }
        return;
    }
    if (node == NULL)
        node = xmlNewChild (root, NULL, (const xmlChar *) element, NULL);
    xmlNodeSetContent (node, NULL);
    xmlNodeAddContent (node, (const xmlChar *) text);
}

/* Removes a renamed snapshot's old metadata. A driver that keeps nothing but metadata (the test
 * driver) refuses METADATA_ONLY: there a plain deletion is the same, and the current mark it
 * moves is given back to the new name by redefining it once more. */
static gboolean
vimana_snapshot_job_forget (virDomainPtr          dom,
                            virDomainSnapshotPtr  old,
                            const char           *new_xml,
                            unsigned int          flags)
{
    virDomainSnapshotPtr again;
    int code;

    if (virDomainSnapshotDelete (old, VIR_DOMAIN_SNAPSHOT_DELETE_METADATA_ONLY) == 0)
        return TRUE;
    code = virGetLastErrorCode ();
    if (code != VIR_ERR_INVALID_ARG && code != VIR_ERR_NO_SUPPORT &&
        code != VIR_ERR_ARGUMENT_UNSUPPORTED)
        return FALSE;
    if (g_strcmp0 (virConnectGetType (virDomainGetConnect (dom)), "QEMU") == 0 ||
        virDomainSnapshotDelete (old, 0) < 0)
        return FALSE;
    if ((flags & VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT) == 0)
        return TRUE;
    again = virDomainSnapshotCreateXML (dom, new_xml, flags);
    if (again == NULL)
        return FALSE;
    virDomainSnapshotFree (again);
    return TRUE;
}

static void
vimana_domain_edit_snapshot_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    VimanaSnapshotEditJob *job = data;
    g_autoptr(xmlDoc) doc = NULL;
    g_autoptr(VimanaSnapshot) snapshot = NULL;
    g_autofree char *new_xml = NULL;
    gboolean rename = job->new_name != NULL && g_strcmp0 (job->new_name, job->name) != 0;
    virDomainSnapshotPtr snap;
    virDomainSnapshotPtr redefined;
    unsigned int flags = VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE;
    GError *error = NULL;
    char *xml;

    snap = vimana_snapshot_job_lookup (dom, job->name, &error);
    if (snap == NULL) {
        g_task_return_error (task, error);
        return;
    }
    xml = virDomainSnapshotGetXMLDesc (snap, VIR_DOMAIN_SNAPSHOT_XML_SECURE);
    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The snapshot could not be read."));
        goto out;
    }
    snapshot = vimana_snapshot_new_from_xml (xml, virDomainSnapshotIsCurrent (snap, 0) > 0,
                                             &error);
    if (snapshot != NULL)
        doc = xmlReadMemory (xml, strlen (xml), NULL, NULL,
                             XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    free (xml);
    if (snapshot == NULL)
        goto out;

    if (rename) {
        virDomainSnapshotPtr taken;

        if (!vimana_snapshot_check_name (job->new_name, NULL, &error))
            goto out;
        taken = virDomainSnapshotLookupByName (dom, job->new_name, 0);
        if (taken != NULL) {
            virDomainSnapshotFree (taken);
            g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                         _("This guest already has a snapshot called “%s”."), job->new_name);
            goto out;
        }
        /* Children name their parent, and QEMU's images name internal snapshots: a rename
         * would break either. */
        if (virDomainSnapshotNumChildren (snap, 0) != 0) {
            g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                         _("A snapshot with children cannot be renamed."));
            goto out;
        }
        if (!vimana_snapshot_get_external (snapshot) &&
            g_strcmp0 (virConnectGetType (conn), "QEMU") == 0) {
            g_set_error (&error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED,
                         _("An internal snapshot cannot be renamed: its disks know it by its "
                           "name."));
            goto out;
        }
    }

    vimana_snapshot_xml_set_text (xmlDocGetRootElement (doc), "description", job->description);
    if (rename)
        vimana_snapshot_xml_set_text (xmlDocGetRootElement (doc), "name", job->new_name);
    new_xml = vimana_snapshot_doc_to_string (doc);
    if (vimana_snapshot_get_current (snapshot))
        flags |= VIR_DOMAIN_SNAPSHOT_CREATE_CURRENT;
    redefined = virDomainSnapshotCreateXML (dom, new_xml, flags);
    if (redefined == NULL) {
        vimana_error_set_from_libvirt (&error, _("The snapshot could not be changed."));
        goto out;
    }
    virDomainSnapshotFree (redefined);
    if (rename && !vimana_snapshot_job_forget (dom, snap, new_xml, flags))
        vimana_error_set_from_libvirt (&error, _("The snapshot was copied under its new name, "
                                                 "but the old name could not be removed."));

out:
    virDomainSnapshotFree (snap);
    if (error != NULL)
        g_task_return_error (task, error);
    else
        g_task_return_boolean (task, TRUE);
}

/**
 * vimana_domain_edit_snapshot_async:
 * @self: a #VimanaDomain
 * @name: the snapshot
 * @new_name: (nullable): its new name, or %NULL to keep it
 * @description: (nullable): its new description; empty or %NULL removes it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Redefines the snapshot with a new description (and name: only for an external snapshot, or
 * any on a driver that keeps metadata only, without children).
 */
void
vimana_domain_edit_snapshot_async (VimanaDomain        *self,
                                   const char          *name,
                                   const char          *new_name,
                                   const char          *description,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaSnapshotEditJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (name != NULL);

    job = g_new0 (VimanaSnapshotEditJob, 1);
    job->name = g_strdup (name);
    job->new_name = g_strdup (new_name);
    job->description = g_strdup (description);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_edit_snapshot_async);
    vimana_domain_queue (self, task, vimana_domain_edit_snapshot_job, job,
                         (GDestroyNotify) vimana_snapshot_edit_job_free);
}

gboolean
vimana_domain_edit_snapshot_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}
