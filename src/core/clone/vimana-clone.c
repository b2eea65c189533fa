/* vimana-clone.c: cloning a guest, its volumes first, then its definition
 *
 * The facts a plan needs (the source's inactive XML, its disks' volumes, the pools, the other
 * guests' names) are read in one job on the connection's worker. Running a plan is one
 * dedicated thread, as a migration is (HACKING.md): a full copy is one virStorageVolCreateXMLFrom
 * that blocks until the whole image is written, which must not hold up the worker, the list's
 * statistics or the progress poll. The thread takes its own reference on the virConnectPtr on
 * the main thread, and for each copy makes its volumes (a copy from the source's volume, or a
 * qcow2 overlay whose <backingStore> is the source's image), then defines the guest from the
 * plan's XML, then marks the source as the base of its linked clones in Vimana's <metadata>.
 *
 * Progress: a main-loop timer queues, on the worker, a virStorageVolGetInfo of the volume being
 * written (libvirt lists it while it builds it) and counts its allocation against what the plan
 * expects. Cancel sets a flag the thread reads before each volume and after each libvirt call:
 * libvirt cannot interrupt a copy it has begun (no abort for virStorageVolCreateXMLFrom, and a
 * volume being built cannot be deleted), so the copy in progress is removed as soon as libvirt
 * returns it, with every other volume of that copy. Copies already defined stay: each is a
 * whole guest. A volume that cannot be removed (the daemon went away) is named in the copy's
 * error, and stays in the clone journal (vimana-clone-journal.c), written before each volume
 * is made: the next time the connection opens, what it lists is deleted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-clone"

#include "config.h"

#include "vimana-clone.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vimana-clone-journal.h"
#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-storage-private.h"

#define VIMANA_CLONE_POLL_MS 250

struct _VimanaClone
{
    GObject           parent_instance;

    /* owned references */
    VimanaDomain     *source;
    VimanaClonePlan  *plan;
    GArray           *states;       /* VimanaCloneCopyState, one per copy */
    GPtrArray        *errors;       /* GError or NULL, one per copy */
    GTask            *task;
    GCancellable     *cancellable;
    gulong            cancelled_id;
    guint             poll_id;
    guint             poll_interval;
    gboolean          poll_in_flight;
    guint64           total;        /* bytes all copies are expected to write */
    guint64           polled;       /* the allocation of the volume being written */

    /* shared with the thread, under @lock */
    GMutex            lock;
    guint64           done;         /* bytes of the volumes finished */
    char             *current_pool; /* the volume being written, NULL between volumes */
    char             *current_name;
    guint64           current_need;
    gint              cancel_requested;
};

G_DEFINE_FINAL_TYPE (VimanaClone, vimana_clone, G_TYPE_OBJECT)

enum {
    SIGNAL_PROGRESS,
    SIGNAL_COPY_CHANGED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- facts, on the worker ---------------------------------------------------------------- */

static void
vimana_clone_fill_disk (VimanaCloneDiskFacts    *disk,
                        VimanaStorageVolumeInfo *volume)
{
    g_free (disk->pool);
    disk->pool = g_strdup (volume->pool);
    g_free (disk->volume);
    disk->volume = g_strdup (volume->name);
    if (disk->path == NULL)
        disk->path = g_strdup (volume->path);
    disk->capacity = volume->capacity;
    disk->allocation = volume->allocation;
}

static void
vimana_clone_facts_job (GTask         *task,
                        virConnectPtr  conn,
                        virDomainPtr   dom,
                        gpointer       data,
                        GCancellable  *cancellable)
{
    g_autoptr(VimanaCloneFacts) facts = NULL;
    g_autoptr(GPtrArray) pools = NULL;
    g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
    GError *error = NULL;
    virDomainPtr *doms = NULL;
    char *xml;
    int n;

    xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
    if (xml == NULL) {
        /* A read-only connection may not see the secure parts; the rest is enough. */
        virResetLastError ();
        xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
    }
    if (xml == NULL) {
        vimana_error_set_from_libvirt (&error, _("The guest’s description could not be read."));
        g_task_return_error (task, error);
        return;
    }
    facts = vimana_clone_facts_new_from_xml (xml, &error);
    free (xml);
    if (facts == NULL) {
        g_task_return_error (task, error);
        return;
    }
    facts->running = virDomainIsActive (dom) == 1;

    pools = vimana_storage_job_list_pools (conn, TRUE, &error);
    if (pools == NULL) {
        g_task_return_error (task, error);
        return;
    }
    for (guint i = 0; i < pools->len; i++) {
        VimanaStoragePoolInfo *info = g_ptr_array_index (pools, i);
        VimanaClonePoolFacts *pool = vimana_clone_facts_add_pool (facts, info->name,
                                                                  info->target_path,
                                                                  info->available);
        g_autoptr(GStrvBuilder) volumes = g_strv_builder_new ();

        pool->active = info->active;
        for (guint v = 0; info->volumes != NULL && v < info->volumes->len; v++) {
            VimanaStorageVolumeInfo *volume = g_ptr_array_index (info->volumes, v);

            g_strv_builder_add (volumes, volume->name);
            for (guint d = 0; d < facts->disks->len; d++) {
                VimanaCloneDiskFacts *disk = g_ptr_array_index (facts->disks, d);

                if ((disk->path != NULL && g_strcmp0 (disk->path, volume->path) == 0) ||
                    (disk->path == NULL && g_strcmp0 (disk->pool, info->name) == 0 &&
                     g_strcmp0 (disk->volume, volume->name) == 0))
                    vimana_clone_fill_disk (disk, volume);
            }
        }
        g_strfreev (pool->volumes);
        pool->volumes = g_strv_builder_end (volumes);
    }
    /* A disk in a pool that was not refreshed since its file was made is found by its path. */
    for (guint d = 0; d < facts->disks->len; d++) {
        VimanaCloneDiskFacts *disk = g_ptr_array_index (facts->disks, d);
        g_autoptr(VimanaStorageVolumeInfo) volume = NULL;

        if (disk->volume != NULL || disk->path == NULL)
            continue;
        volume = vimana_storage_job_lookup_path (conn, disk->path, NULL);
        if (volume != NULL) {
            vimana_clone_fill_disk (disk, volume);
        } else {
            /* In no pool: the guest's driver still reads the image's size, for an overlay of
             * the same size. */
            virDomainBlockInfo info = { 0 };

            if (virDomainGetBlockInfo (dom, disk->path, &info, 0) == 0) {
                disk->capacity = info.capacity;
                disk->allocation = info.allocation;
            }
            virResetLastError ();
        }
    }

    n = virConnectListAllDomains (conn, &doms, 0);
    for (int i = 0; i < n; i++) {
        g_strv_builder_add (names, virDomainGetName (doms[i]));
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();
    g_strfreev (facts->guest_names);
    facts->guest_names = g_strv_builder_end (names);
    g_task_return_pointer (task, g_steal_pointer (&facts), (GDestroyNotify) vimana_clone_facts_unref);
}

/**
 * vimana_domain_read_clone_facts_async:
 * @domain: the guest to clone
 * @cancellable: (nullable): a cancellable
 * @callback: called on the main thread
 * @user_data: its data
 *
 * Reads what vimana_clone_plan_new() needs: the guest's inactive XML and state, its disks'
 * volumes, every pool with its free space and volume names, every guest's name.
 */
void
vimana_domain_read_clone_facts_async (VimanaDomain        *domain,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (domain));

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_read_clone_facts_async);
    vimana_domain_queue (domain, task, vimana_clone_facts_job, NULL, NULL);
}

/* Returns: (transfer full) (nullable): the facts */
VimanaCloneFacts *
vimana_domain_read_clone_facts_finish (VimanaDomain  *domain,
                                       GAsyncResult  *result,
                                       GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, domain), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- a base's clones, on the worker ------------------------------------------------------- */

static void
vimana_clone_linked_job (GTask         *task,
                         virConnectPtr  conn,
                         virDomainPtr   dom,
                         gpointer       data,
                         GCancellable  *cancellable)
{
    char *metadata = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT,
                                           VIMANA_CLONE_METADATA_NS, VIR_DOMAIN_AFFECT_CONFIG);
    g_auto(GStrv) listed = vimana_clone_base_metadata_parse (metadata);
    g_autoptr(GStrvBuilder) alive = g_strv_builder_new ();
    guint n = 0;

    free (metadata);
    virResetLastError ();
    /* A clone deleted since no longer reads the base. */
    for (guint i = 0; listed != NULL && listed[i] != NULL; i++) {
        virDomainPtr clone = virDomainLookupByName (conn, listed[i]);

        if (clone != NULL) {
            g_strv_builder_add (alive, listed[i]);
            virDomainFree (clone);
            n++;
        }
    }
    virResetLastError ();
    g_task_return_pointer (task, n > 0 ? g_strv_builder_end (alive) : NULL,
                           (GDestroyNotify) g_strfreev);
}

/**
 * vimana_domain_read_linked_clones_async:
 * @domain: a guest
 * @cancellable: (nullable): a cancellable
 * @callback: called on the main thread
 * @user_data: its data
 *
 * Reads which existing guests are linked clones of @domain (Vimana's mark in its metadata):
 * starting it or writing to its disks would change the images they are built on.
 */
void
vimana_domain_read_linked_clones_async (VimanaDomain        *domain,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (domain));

    task = g_task_new (domain, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_domain_read_linked_clones_async);
    vimana_domain_queue (domain, task, vimana_clone_linked_job, NULL, NULL);
}

/* Returns: (transfer full) (nullable): the clones' names; %NULL, without @error, for none */
GStrv
vimana_domain_read_linked_clones_finish (VimanaDomain  *domain,
                                         GAsyncResult  *result,
                                         GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, domain), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the object ---------------------------------------------------------------------------- */

static void
vimana_clone_dispose (GObject *object)
{
    VimanaClone *self = VIMANA_CLONE (object);

    g_clear_handle_id (&self->poll_id, g_source_remove);
    if (self->cancelled_id != 0)
        g_cancellable_disconnect (self->cancellable, self->cancelled_id);
    self->cancelled_id = 0;
    g_clear_object (&self->cancellable);
    g_clear_object (&self->source);
    G_OBJECT_CLASS (vimana_clone_parent_class)->dispose (object);
}

static void
vimana_clone_finalize (GObject *object)
{
    VimanaClone *self = VIMANA_CLONE (object);

    g_clear_pointer (&self->plan, vimana_clone_plan_free);
    g_array_unref (self->states);
    g_ptr_array_unref (self->errors);
    g_free (self->current_pool);
    g_free (self->current_name);
    g_mutex_clear (&self->lock);
    G_OBJECT_CLASS (vimana_clone_parent_class)->finalize (object);
}

static void
vimana_clone_class_init (VimanaCloneClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_clone_dispose;
    object_class->finalize = vimana_clone_finalize;

    /**
     * VimanaClone::progress:
     *
     * vimana_clone_get_fraction() changed.
     */
    signals[SIGNAL_PROGRESS] =
        g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
    /**
     * VimanaClone::copy-changed:
     * @copy: the index of the copy in the plan
     *
     * vimana_clone_get_copy_state() of @copy changed.
     */
    signals[SIGNAL_COPY_CHANGED] =
        g_signal_new ("copy-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
vimana_clone_error_free (gpointer error)
{
    if (error != NULL)
        g_error_free (error);
}

static void
vimana_clone_init (VimanaClone *self)
{
    g_mutex_init (&self->lock);
    self->poll_interval = VIMANA_CLONE_POLL_MS;
    self->states = g_array_new (FALSE, TRUE, sizeof (VimanaCloneCopyState));
    self->errors = g_ptr_array_new_with_free_func (vimana_clone_error_free);
}

/**
 * vimana_clone_new:
 * @source: the guest to clone
 * @plan: (transfer full): its plan (vimana_clone_plan_new())
 *
 * Returns: (transfer full): a clone, not yet run
 */
VimanaClone *
vimana_clone_new (VimanaDomain    *source,
                  VimanaClonePlan *plan)
{
    VimanaClone *self;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (source), NULL);
    g_return_val_if_fail (plan != NULL, NULL);

    self = g_object_new (VIMANA_TYPE_CLONE, NULL);
    self->source = g_object_ref (source);
    self->plan = plan;
    g_array_set_size (self->states, plan->copies->len);
    g_ptr_array_set_size (self->errors, plan->copies->len);
    for (guint c = 0; c < plan->copies->len; c++) {
        VimanaCloneCopy *copy = g_ptr_array_index (plan->copies, c);

        for (guint v = 0; v < copy->volumes->len; v++)
            self->total += ((VimanaCloneVolume *) g_ptr_array_index (copy->volumes, v))->need;
    }
    return self;
}

VimanaDomain *
vimana_clone_get_source (VimanaClone *self)
{
    g_return_val_if_fail (VIMANA_IS_CLONE (self), NULL);

    return self->source;
}

const VimanaClonePlan *
vimana_clone_get_plan (VimanaClone *self)
{
    g_return_val_if_fail (VIMANA_IS_CLONE (self), NULL);

    return self->plan;
}

/**
 * vimana_clone_get_copy_state:
 * @self: a clone
 * @copy: the index of a copy in the plan
 * @error: (out) (optional) (transfer none): why it failed
 */
VimanaCloneCopyState
vimana_clone_get_copy_state (VimanaClone   *self,
                             guint          copy,
                             const GError **error)
{
    g_return_val_if_fail (VIMANA_IS_CLONE (self), VIMANA_CLONE_COPY_PENDING);
    g_return_val_if_fail (copy < self->states->len, VIMANA_CLONE_COPY_PENDING);

    if (error != NULL)
        *error = g_ptr_array_index (self->errors, copy);
    return g_array_index (self->states, VimanaCloneCopyState, copy);
}

guint64
vimana_clone_get_bytes_done (VimanaClone *self)
{
    guint64 done;

    g_return_val_if_fail (VIMANA_IS_CLONE (self), 0);

    g_mutex_lock (&self->lock);
    done = self->done + (self->current_name != NULL ? MIN (self->polled, self->current_need) : 0);
    g_mutex_unlock (&self->lock);
    return done;
}

/* Returns: how much of every copy's volumes is written, 0 … 1 */
double
vimana_clone_get_fraction (VimanaClone *self)
{
    g_return_val_if_fail (VIMANA_IS_CLONE (self), 0.0);

    if (self->total == 0)
        return 0.0;
    return MIN (1.0, (double) vimana_clone_get_bytes_done (self) / (double) self->total);
}

void
vimana_clone_set_poll_interval (VimanaClone *self,
                                guint        interval_ms)
{
    g_return_if_fail (VIMANA_IS_CLONE (self));

    self->poll_interval = MAX (interval_ms, 10);
}

/* ---- progress, on the worker --------------------------------------------------------------- */

typedef struct
{
    char *pool;
    char *name;
} VimanaClonePoll;

static void
vimana_clone_poll_free (gpointer data)
{
    VimanaClonePoll *poll = data;

    g_free (poll->pool);
    g_free (poll->name);
    g_free (poll);
}

static void
vimana_clone_poll_job (GTask         *task,
                       virConnectPtr  conn,
                       virDomainPtr   dom,
                       gpointer       data,
                       GCancellable  *cancellable)
{
    VimanaClonePoll *poll = data;
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, poll->pool);
    virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, poll->name) : NULL;
    virStorageVolInfo info = { 0 };
    gboolean ok = vol != NULL && virStorageVolGetInfo (vol, &info) == 0;

    if (vol != NULL)
        virStorageVolFree (vol);
    if (pool != NULL)
        virStoragePoolFree (pool);
    virResetLastError ();
    /* Not there yet, or gone already: no reading this time. */
    if (!ok) {
        g_task_return_int (task, -1);
        return;
    }
    g_task_return_int (task, (gssize) MIN (info.allocation, (unsigned long long) G_MAXSSIZE));
}

static void
vimana_clone_poll_done_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
    VimanaClone *self = VIMANA_CLONE (user_data);
    gssize allocation = g_task_propagate_int (G_TASK (result), NULL);

    self->poll_in_flight = FALSE;
    if (allocation >= 0 && self->task != NULL) {
        g_mutex_lock (&self->lock);
        self->polled = (guint64) allocation;
        g_mutex_unlock (&self->lock);
        g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
    }
    g_object_unref (self);
}

static gboolean
vimana_clone_poll_cb (gpointer user_data)
{
    VimanaClone *self = VIMANA_CLONE (user_data);
    g_autoptr(GTask) task = NULL;
    VimanaClonePoll *poll;

    if (self->poll_in_flight)
        return G_SOURCE_CONTINUE;
    g_mutex_lock (&self->lock);
    if (self->current_name == NULL) {
        g_mutex_unlock (&self->lock);
        return G_SOURCE_CONTINUE;
    }
    poll = g_new0 (VimanaClonePoll, 1);
    poll->pool = g_strdup (self->current_pool);
    poll->name = g_strdup (self->current_name);
    g_mutex_unlock (&self->lock);

    self->poll_in_flight = TRUE;
    task = g_task_new (NULL, NULL, vimana_clone_poll_done_cb, g_object_ref (self));
    g_task_set_source_tag (task, vimana_clone_poll_cb);
    vimana_connection_queue (vimana_domain_get_connection (self->source), task,
                             vimana_clone_poll_job, poll, vimana_clone_poll_free);
    return G_SOURCE_CONTINUE;
}

/* ---- the thread ---------------------------------------------------------------------------- */

typedef struct
{
    VimanaClone  *self;        /* owned by the thread's task */
    virConnectPtr conn;        /* owned reference */
    GMainContext *context;
    char         *source_uuid;
    char         *source_name;
    char         *uri;         /* the connection's, for the journal */
} VimanaCloneRun;

typedef struct
{
    VimanaClone          *self;
    guint                 copy;
    VimanaCloneCopyState  state;
    GError               *error;
} VimanaCloneUpdate;

static gboolean
vimana_clone_update_cb (gpointer data)
{
    VimanaCloneUpdate *update = data;
    VimanaClone *self = update->self;

    g_array_index (self->states, VimanaCloneCopyState, update->copy) = update->state;
    g_clear_error ((GError **) &g_ptr_array_index (self->errors, update->copy));
    g_ptr_array_index (self->errors, update->copy) = g_steal_pointer (&update->error);
    g_signal_emit (self, signals[SIGNAL_COPY_CHANGED], 0, update->copy);
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
    return G_SOURCE_REMOVE;
}

static void
vimana_clone_update_free (gpointer data)
{
    VimanaCloneUpdate *update = data;

    g_object_unref (update->self);
    g_clear_error (&update->error);
    g_free (update);
}

static void
vimana_clone_post (VimanaCloneRun       *run,
                   guint                 copy,
                   VimanaCloneCopyState  state,
                   GError               *error)
{
    VimanaCloneUpdate *update = g_new0 (VimanaCloneUpdate, 1);

    update->self = g_object_ref (run->self);
    update->copy = copy;
    update->state = state;
    update->error = error;
    g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, vimana_clone_update_cb, update,
                                vimana_clone_update_free);
}

static gboolean
vimana_clone_cancelled (VimanaCloneRun *run)
{
    return g_atomic_int_get (&run->self->cancel_requested) != 0;
}

static void
vimana_clone_set_current (VimanaClone             *self,
                          const VimanaCloneVolume *volume)
{
    g_mutex_lock (&self->lock);
    g_clear_pointer (&self->current_pool, g_free);
    g_clear_pointer (&self->current_name, g_free);
    if (volume != NULL) {
        self->current_pool = g_strdup (volume->pool);
        self->current_name = g_strdup (volume->spec.name);
        self->current_need = volume->need;
        self->polled = 0;
    }
    g_mutex_unlock (&self->lock);
}

/* Makes one volume; NULL with the reason (%VIMANA_ERROR_EXISTS when the name was taken since
 * the plan was made: that volume is someone else's). */
static virStorageVolPtr
vimana_clone_make_volume (virConnectPtr             conn,
                          VimanaCloneFacts         *facts,
                          const VimanaCloneVolume  *volume,
                          GError                  **error)
{
    VimanaCloneDiskFacts *disk = g_ptr_array_index (facts->disks, volume->disk);
    virStoragePoolPtr pool = virStoragePoolLookupByName (conn, volume->pool);
    virStorageVolPtr source = NULL;
    virStorageVolPtr made = NULL;
    VimanaStorageVolumeSpec spec = volume->spec;
    g_autofree char *xml = NULL;

    if (pool == NULL) {
        vimana_error_set_from_libvirt (error, _("The storage pool could not be found."));
        return NULL;
    }
    made = virStorageVolLookupByName (pool, volume->spec.name);
    if (made != NULL) {
        virStorageVolFree (made);
        virStoragePoolFree (pool);
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_EXISTS,
                     _("The storage pool already has a volume “%s”; choose another name."),
                     volume->spec.name);
        return NULL;
    }
    virResetLastError ();
    made = NULL;
    if (volume->mode == VIMANA_CLONE_DISK_LINKED) {
        xml = vimana_storage_volume_spec_to_xml (&spec);
        made = virStorageVolCreateXML (pool, xml, 0);
        if (made == NULL)
            vimana_error_set_from_libvirt_prefixed (error, _("The overlay could not be created."));
    } else {
        source = disk->path != NULL ? virStorageVolLookupByPath (conn, disk->path) : NULL;
        if (source == NULL && disk->pool != NULL && disk->volume != NULL) {
            virStoragePoolPtr source_pool = virStoragePoolLookupByName (conn, disk->pool);

            virResetLastError ();
            source = source_pool != NULL ? virStorageVolLookupByName (source_pool, disk->volume) : NULL;
            if (source_pool != NULL)
                virStoragePoolFree (source_pool);
        }
        if (source == NULL) {
            vimana_error_set_from_libvirt (error, _("The disk image to copy could not be found."));
        } else {
            /* Sparse: libvirt writes only what the source has. */
            spec.allocation = 0;
            xml = vimana_storage_volume_spec_to_xml (&spec);
            made = virStorageVolCreateXMLFrom (pool, xml, source, 0);
            if (made == NULL)
                vimana_error_set_from_libvirt_prefixed (error, _("The disk could not be copied."));
            virStorageVolFree (source);
        }
    }
    virStoragePoolFree (pool);
    return made;
}

static void
vimana_clone_vol_free (gpointer vol)
{
    virStorageVolFree (vol);
}

/* Deletes what a copy made (@made[i] is @copy's volume i); the paths that could not be deleted
 * go into @left, and stay in the journal. */
static void
vimana_clone_remove_volumes (VimanaCloneRun  *run,
                             VimanaCloneCopy *copy,
                             GPtrArray       *made,
                             GString         *left)
{
    for (guint i = 0; i < made->len; i++) {
        virStorageVolPtr vol = g_ptr_array_index (made, i);
        VimanaCloneVolume *volume = g_ptr_array_index (copy->volumes, i);

        if (virStorageVolDelete (vol, 0) == 0) {
            vimana_clone_journal_remove (run->uri, volume->pool, volume->spec.name);
        } else {
            char *path = virStorageVolGetPath (vol);

            vimana_clone_journal_settle (run->uri, volume->pool, volume->spec.name);
            g_string_append_printf (left, "%s%s", left->len > 0 ? ", " : "",
                                    path != NULL ? path : virStorageVolGetName (vol));
            free (path);
        }
        virResetLastError ();
    }
}

/* A volume a failed or cancelled create left under its name (one being built when libvirtd
 * stopped, say): removed as well, since the plan checked that the name was free. */
static void
vimana_clone_remove_stray (VimanaCloneRun          *run,
                           const VimanaCloneVolume *volume,
                           GString                 *left)
{
    virStoragePoolPtr pool = virStoragePoolLookupByName (run->conn, volume->pool);
    virStorageVolPtr vol = pool != NULL ? virStorageVolLookupByName (pool, volume->spec.name) : NULL;
    /* Gone only when libvirt said so: a daemon that went away says nothing. */
    gboolean gone = pool != NULL && (vol != NULL || virGetLastErrorCode () == VIR_ERR_NO_STORAGE_VOL);

    if (vol != NULL && virStorageVolDelete (vol, 0) < 0) {
        g_string_append_printf (left, "%s%s", left->len > 0 ? ", " : "", volume->path);
        gone = FALSE;
    }
    if (gone)
        vimana_clone_journal_remove (run->uri, volume->pool, volume->spec.name);
    else
        vimana_clone_journal_settle (run->uri, volume->pool, volume->spec.name);
    if (vol != NULL)
        virStorageVolFree (vol);
    if (pool != NULL)
        virStoragePoolFree (pool);
    virResetLastError ();
}

static gboolean
vimana_clone_run_copy (VimanaCloneRun  *run,
                       guint            index,
                       GError         **error)
{
    VimanaClone *self = run->self;
    VimanaCloneCopy *copy = g_ptr_array_index (self->plan->copies, index);
    g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (vimana_clone_vol_free);
    g_autoptr(GString) left = g_string_new (NULL);
    g_autofree char *xml = NULL;
    GError *local = NULL;
    virDomainPtr dom;

    for (guint v = 0; v < copy->volumes->len && local == NULL; v++) {
        VimanaCloneVolume *volume = g_ptr_array_index (copy->volumes, v);
        virStorageVolPtr vol;
        char *path;

        if (vimana_clone_cancelled (run))
            break;
        vimana_clone_set_current (self, volume);
        /* Written down first: if the daemon goes away while it is made, the next connection
         * deletes what it left (vimana-clone-journal.c). */
        vimana_clone_journal_add (run->uri, volume->pool, volume->spec.name);
        vol = vimana_clone_make_volume (run->conn, self->plan->facts, volume, &local);
        vimana_clone_set_current (self, NULL);
        if (vol == NULL) {
            if (!g_error_matches (local, VIMANA_ERROR, VIMANA_ERROR_EXISTS))
                vimana_clone_remove_stray (run, volume, left);
            else /* someone else's */
                vimana_clone_journal_remove (run->uri, volume->pool, volume->spec.name);
            break;
        }
        g_ptr_array_add (made, vol);
        /* The XML points at where libvirt put it. */
        path = virStorageVolGetPath (vol);
        if (path != NULL) {
            g_free (volume->path);
            volume->path = g_strdup (path);
            free (path);
        }
        g_mutex_lock (&self->lock);
        self->done += volume->need;
        g_mutex_unlock (&self->lock);
    }
    if (local == NULL && !vimana_clone_cancelled (run)) {
        xml = vimana_clone_plan_build_xml (self->plan, index, &local);
        dom = xml != NULL ? virDomainDefineXML (run->conn, xml) : NULL;
        if (dom != NULL) {
            virDomainFree (dom);
            for (guint v = 0; v < made->len; v++) {
                VimanaCloneVolume *volume = g_ptr_array_index (copy->volumes, v);

                vimana_clone_journal_remove (run->uri, volume->pool, volume->spec.name);
            }
            return TRUE;
        }
        if (xml != NULL)
            vimana_error_set_from_libvirt_prefixed (&local, _("The clone could not be defined."));
    }

    vimana_clone_remove_volumes (run, copy, made, left);
    if (local == NULL)
        local = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
    if (left->len > 0) {
        /* Translators: the first %s is why the copy failed, the second a list of file paths. */
        g_set_error (error, local->domain, local->code,
                     _("%s These volumes could not be removed; remove them yourself: %s"),
                     local->message, left->str);
        g_error_free (local);
    } else {
        g_propagate_error (error, local);
    }
    return FALSE;
}

/* Adds the linked clones made to the list in the source's Vimana metadata. */
static void
vimana_clone_mark_base (VimanaCloneRun     *run,
                        const char * const *names)
{
    virDomainPtr dom = run->source_uuid != NULL
                       ? virDomainLookupByUUIDString (run->conn, run->source_uuid)
                       : virDomainLookupByName (run->conn, run->source_name);
    char *current;
    g_autofree char *metadata = NULL;

    if (dom == NULL) {
        virResetLastError ();
        return;
    }
    current = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT, VIMANA_CLONE_METADATA_NS,
                                    VIR_DOMAIN_AFFECT_CONFIG);
    virResetLastError ();
    metadata = vimana_clone_plan_base_metadata (current, names);
    free (current);
    if (virDomainSetMetadata (dom, VIR_DOMAIN_METADATA_ELEMENT, metadata,
                              VIMANA_CLONE_METADATA_KEY, VIMANA_CLONE_METADATA_NS,
                              VIR_DOMAIN_AFFECT_CONFIG) < 0)
        g_warning ("%s could not be marked as a base: %s", run->source_name,
                   virGetLastErrorMessage ());
    virResetLastError ();
    virDomainFree (dom);
}

static gboolean
vimana_clone_release_cb (gpointer task)
{
    g_object_unref (task);
    return G_SOURCE_REMOVE;
}

static gpointer
vimana_clone_thread (gpointer data)
{
    GTask *task = data;
    VimanaCloneRun *run = g_task_get_task_data (task);
    VimanaClonePlan *plan = run->self->plan;
    g_autoptr(GStrvBuilder) linked = g_strv_builder_new ();
    virDomainPtr source = virDomainLookupByName (run->conn, run->source_name);
    guint failed = 0, cancelled = 0, made = 0;

    if (source != NULL && virDomainIsActive (source) == 1) {
        virDomainFree (source);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                                 _("“%s” is running: shut it down to clone it."), run->source_name);
        goto out;
    }
    if (source != NULL)
        virDomainFree (source);
    virResetLastError ();

    for (guint c = 0; c < plan->copies->len; c++) {
        GError *error = NULL;

        if (vimana_clone_cancelled (run)) {
            vimana_clone_post (run, c, VIMANA_CLONE_COPY_CANCELLED, NULL);
            cancelled++;
            continue;
        }
        vimana_clone_post (run, c, VIMANA_CLONE_COPY_RUNNING, NULL);
        if (vimana_clone_run_copy (run, c, &error)) {
            vimana_clone_post (run, c, VIMANA_CLONE_COPY_DONE, NULL);
            made++;
            if (plan->linked)
                g_strv_builder_add (linked, ((VimanaCloneCopy *) g_ptr_array_index (plan->copies, c))->name);
        } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            vimana_clone_post (run, c, VIMANA_CLONE_COPY_CANCELLED, error);
            cancelled++;
        } else {
            vimana_clone_post (run, c, VIMANA_CLONE_COPY_FAILED, error);
            failed++;
        }
    }
    if (made > 0 && plan->linked) {
        g_auto(GStrv) names = g_strv_builder_end (linked);

        vimana_clone_mark_base (run, (const char * const *) names);
    }
    if (failed > 0)
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_FAILED,
                                 ngettext ("%u copy could not be made.",
                                           "%u copies could not be made.", failed), failed);
    else if (cancelled > 0)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled."));
    else
        g_task_return_boolean (task, TRUE);

out:
    /* Here, not on the main thread: a last reference closed talks to the daemon. */
    virConnectClose (g_steal_pointer (&run->conn));
    /* The last reference may be this one once the dialog is gone: it is dropped on the main
     * thread, where the clone's objects belong. */
    g_main_context_invoke (NULL, vimana_clone_release_cb, task);
    return NULL;
}

static void
vimana_clone_run_free (gpointer data)
{
    VimanaCloneRun *run = data;

    if (run->conn != NULL)
        virConnectClose (run->conn);
    g_main_context_unref (run->context);
    g_free (run->source_uuid);
    g_free (run->source_name);
    g_free (run->uri);
    g_free (run);
}

static void
vimana_clone_thread_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
    VimanaClone *self = VIMANA_CLONE (object);
    g_autoptr(GTask) task = g_steal_pointer (&self->task);
    GError *error = NULL;

    g_clear_handle_id (&self->poll_id, g_source_remove);
    if (self->cancelled_id != 0)
        g_cancellable_disconnect (self->cancellable, self->cancelled_id);
    self->cancelled_id = 0;
    g_clear_object (&self->cancellable);
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
    if (g_task_propagate_boolean (G_TASK (result), &error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

static void
vimana_clone_cancelled_cb (GCancellable *cancellable,
                           gpointer      user_data)
{
    /* Any thread: the flag is all the thread reads. */
    g_atomic_int_set (&VIMANA_CLONE (user_data)->cancel_requested, 1);
}

/**
 * vimana_clone_run_async:
 * @self: a clone not yet run
 * @cancellable: (nullable): cancelling it is vimana_clone_cancel()
 * @callback: called on the main thread when every copy is made, failed or cancelled
 * @user_data: its data
 */
void
vimana_clone_run_async (VimanaClone         *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaConnection *connection;
    VimanaCloneRun *run;
    GTask *thread_task;
    virConnectPtr conn;

    g_return_if_fail (VIMANA_IS_CLONE (self));
    g_return_if_fail (self->task == NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_clone_run_async);
    connection = vimana_domain_get_connection (self->source);
    conn = vimana_connection_get_virconnect (connection);
    if (conn == NULL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED,
                                 _("Not connected to %s."),
                                 vimana_connection_get_display_name (connection));
        return;
    }

    run = g_new0 (VimanaCloneRun, 1);
    run->self = self;
    virConnectRef (conn);
    run->conn = conn;
    run->context = g_main_context_ref_thread_default ();
    run->source_uuid = g_strdup (self->plan->facts->uuid);
    run->source_name = g_strdup (self->plan->facts->name);
    run->uri = g_strdup (vimana_connection_get_uri (connection));

    self->task = g_steal_pointer (&task);
    if (cancellable != NULL) {
        self->cancellable = g_object_ref (cancellable);
        self->cancelled_id = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (vimana_clone_cancelled_cb),
                                                    self, NULL);
    }
    self->poll_id = g_timeout_add (self->poll_interval, vimana_clone_poll_cb, self);

    /* The task keeps @self, and so the plan and the cancel flag the thread reads, alive. */
    thread_task = g_task_new (self, NULL, vimana_clone_thread_done_cb, NULL);
    g_task_set_source_tag (thread_task, vimana_clone_thread);
    g_task_set_task_data (thread_task, run, vimana_clone_run_free);
    g_thread_unref (g_thread_new ("vimana-clone", vimana_clone_thread, thread_task));
}

/**
 * vimana_clone_run_finish:
 * @self: a clone
 * @result: the result
 * @error: %G_IO_ERROR_CANCELLED when cancelled, %VIMANA_ERROR_FAILED when a copy failed (each
 *   copy's reason is vimana_clone_get_copy_state()'s)
 *
 * Returns: whether every copy was made
 */
gboolean
vimana_clone_run_finish (VimanaClone   *self,
                         GAsyncResult  *result,
                         GError       **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vimana_clone_cancel:
 * @self: a running clone
 *
 * Stops after the volume being written (libvirt cannot stop a copy it has begun) and removes
 * every volume of the copy in progress; the copies not begun are not made.
 */
void
vimana_clone_cancel (VimanaClone *self)
{
    g_return_if_fail (VIMANA_IS_CLONE (self));

    g_atomic_int_set (&self->cancel_requested, 1);
}
