/* vimana-migration.c: moving one guest from its connection to another
 *
 * The migrate call blocks for as long as the migration runs (seconds to hours), so it cannot
 * run on the source connection's worker: that worker would then be unable to poll the job's
 * statistics or to abort it, and every other job of the connection would wait. Instead:
 *
 *  - vimana_migration_run_async() takes, on the main thread, its own references on the source
 *    guest's virDomainPtr and on both connections' virConnectPtr (taking a reference is no
 *    call to the daemon), and starts one dedicated thread that owns them. That thread checks
 *    that the two connections are not the same host, applies the maximum downtime, makes the
 *    one blocking call (virDomainMigrate3 with the destination's virConnectPtr in direct mode,
 *    virDomainMigrateToURI3 in peer-to-peer and tunnelled mode), releases its references and
 *    returns on a GTask, whose callback runs on the main thread.
 *  - While it runs, a main-loop timer queues virDomainGetJobStats on the source connection's
 *    worker (free, since the migrate call is not there), at most one at a time, and turns it
 *    into a VimanaMigrationProgress.
 *  - Cancel queues virDomainAbortJob on the same worker; libvirt's remote protocol runs calls
 *    of one connection from several threads at once, so the abort reaches the daemon while the
 *    migrate call waits. When Cancel comes before the daemon's job began, the thread sees the
 *    request before it calls libvirt, and a poll that still finds a job running aborts again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-migration.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <string.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-migration-check.h"
#include "vimana-migration-private.h"
#include "vimana-migration-trend.h"
#include "vimana-xml.h"

#define VIMANA_MIGRATION_DEFAULT_POLL_MS 1000

struct _VimanaMigration
{
    GObject parent_instance;

    /* owned references */
    VimanaDomain            *domain;
    VimanaConnection        *source;
    VimanaConnection        *destination;
    VimanaMigrationOptions  *options;
    GTask                   *task;         /* the caller's, while it runs */
    GCancellable            *cancellable;  /* the caller's */

    VimanaMigrationPhase     phase;
    VimanaMigrationProgress  progress;
    VimanaMigrationTrend    *trend;
    gulong                   cancelled_id;
    guint                    poll_interval;
    guint                    poll_id;
    gboolean                 poll_in_flight;
    gboolean                 poll_unsupported;
    gboolean                 abort_in_flight;
    gboolean                 aborted;      /* libvirt accepted an abort */
    gint                     cancel_requested;  /* atomic: read by the migrate thread */
};

G_DEFINE_FINAL_TYPE (VimanaMigration, vimana_migration, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_PHASE,
    N_PROPS
};

enum {
    SIGNAL_PROGRESS,
    N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Every migration that runs, for the views that show a moving guest once and for the quit
 * that must ask first; main thread only. */
static GListStore *vimana_migration_running;

/* What the migrate thread owns. */
typedef struct
{
    virDomainPtr             dom;
    virConnectPtr            sconn;
    virConnectPtr            dconn;
    char                    *dconnuri;
    char                    *guest_name;
    char                    *source_name;
    char                    *destination_name;
    VimanaMigrationOptions  *options;
    gint                    *cancel_requested;
} VimanaMigrationRun;

static void
vimana_migration_run_release (VimanaMigrationRun *run)
{
    /* The domain first: it holds a reference on its connection. */
    if (run->dom != NULL)
        virDomainFree (g_steal_pointer (&run->dom));
    if (run->sconn != NULL)
        virConnectClose (g_steal_pointer (&run->sconn));
    if (run->dconn != NULL)
        virConnectClose (g_steal_pointer (&run->dconn));
}

static void
vimana_migration_run_free (gpointer data)
{
    VimanaMigrationRun *run = data;

    /* Normally released on the migrate thread; here only when it never started. */
    vimana_migration_run_release (run);
    g_free (run->dconnuri);
    g_free (run->guest_name);
    g_free (run->source_name);
    g_free (run->destination_name);
    vimana_migration_options_free (run->options);
    g_free (run);
}

static void
vimana_migration_set_phase (VimanaMigration      *self,
                            VimanaMigrationPhase  phase)
{
    if (self->phase == phase)
        return;
    self->phase = phase;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
}

/* ---- progress -------------------------------------------------------------------------- */

static guint64
vimana_migration_param_ullong (const virTypedParameter *params,
                               int                      n_params,
                               const char              *name)
{
    unsigned long long value = 0;

    if (virTypedParamsGetULLong ((virTypedParameterPtr) params, n_params, name, &value) <= 0)
        return 0;
    return value;
}

/**
 * vimana_migration_progress_parse:
 * @progress: (out caller-allocates): where the figures go
 * @job_type: the virDomainJobType virDomainGetJobStats() returned
 * @params: (array length=n_params): its statistics
 * @n_params: how many
 *
 * Turns a source's job statistics into a #VimanaMigrationProgress.
 */
void
vimana_migration_progress_parse (VimanaMigrationProgress          *progress,
                                 int                               job_type,
                                 const struct _virTypedParameter  *params,
                                 int                               n_params)
{
    guint64 page_size;
    guint64 dirty_pages;

    g_return_if_fail (progress != NULL);

    memset (progress, 0, sizeof *progress);
    progress->active = job_type == VIR_DOMAIN_JOB_BOUNDED || job_type == VIR_DOMAIN_JOB_UNBOUNDED;
    if (params == NULL || n_params <= 0)
        return;
    progress->time_elapsed = vimana_migration_param_ullong (params, n_params,
                                                            VIR_DOMAIN_JOB_TIME_ELAPSED);
    progress->time_remaining = vimana_migration_param_ullong (params, n_params,
                                                              VIR_DOMAIN_JOB_TIME_REMAINING);
    progress->data_total = vimana_migration_param_ullong (params, n_params,
                                                          VIR_DOMAIN_JOB_DATA_TOTAL);
    progress->data_processed = vimana_migration_param_ullong (params, n_params,
                                                              VIR_DOMAIN_JOB_DATA_PROCESSED);
    progress->data_remaining = vimana_migration_param_ullong (params, n_params,
                                                              VIR_DOMAIN_JOB_DATA_REMAINING);
    progress->memory_remaining = vimana_migration_param_ullong (params, n_params,
                                                                VIR_DOMAIN_JOB_MEMORY_REMAINING);
    progress->disk_remaining = vimana_migration_param_ullong (params, n_params,
                                                              VIR_DOMAIN_JOB_DISK_REMAINING);
    progress->bandwidth = vimana_migration_param_ullong (params, n_params,
                                                         VIR_DOMAIN_JOB_MEMORY_BPS);
    progress->iteration = vimana_migration_param_ullong (params, n_params,
                                                         VIR_DOMAIN_JOB_MEMORY_ITERATION);
    progress->expected_downtime = vimana_migration_param_ullong (params, n_params,
                                                                 VIR_DOMAIN_JOB_DOWNTIME);
    /* The dirty rate comes in pages a second; a page is 4 KiB unless libvirt says otherwise. */
    dirty_pages = vimana_migration_param_ullong (params, n_params,
                                                 VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE);
    page_size = vimana_migration_param_ullong (params, n_params, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE);
    progress->dirty_rate = dirty_pages * (page_size > 0 ? page_size : 4096);
    /* libvirt has no statistic for post-copy; the guest's state says so (paused, reason
     * post-copy, on the source), which the list shows. */
    progress->postcopy = FALSE;
}

static void
vimana_migration_poll_job (GTask         *task,
                           virConnectPtr  conn,
                           virDomainPtr   dom,
                           gpointer       data,
                           GCancellable  *cancellable)
{
    VimanaMigrationProgress *progress;
    virTypedParameterPtr params = NULL;
    int n_params = 0;
    int type = VIR_DOMAIN_JOB_NONE;
    GError *error = NULL;

    if (virDomainGetJobStats (dom, &type, &params, &n_params, 0) < 0) {
        vimana_error_set_from_libvirt (&error, _("The migration’s progress could not be read."));
        g_task_return_error (task, error);
        return;
    }
    progress = g_new0 (VimanaMigrationProgress, 1);
    vimana_migration_progress_parse (progress, type, params, n_params);
    virTypedParamsFree (params, n_params);
    g_task_return_pointer (task, progress, g_free);
}

static void vimana_migration_queue_abort (VimanaMigration *self);

static void
vimana_migration_poll_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);
    g_autofree VimanaMigrationProgress *progress = NULL;
    g_autoptr(GError) error = NULL;

    self->poll_in_flight = FALSE;
    progress = g_task_propagate_pointer (G_TASK (result), &error);
    if (progress == NULL) {
        if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_NOT_SUPPORTED))
            self->poll_unsupported = TRUE;
        g_debug ("No progress of “%s”: %s", vimana_domain_get_name (self->domain),
                 error->message);
        return;
    }
    if (self->phase != VIMANA_MIGRATION_PHASE_RUNNING
        && self->phase != VIMANA_MIGRATION_PHASE_CANCELLING)
        return;
    self->progress = *progress;
    vimana_migration_trend_push (self->trend, g_get_real_time (), progress);
    g_signal_emit (self, signals[SIGNAL_PROGRESS], 0);
    /* An abort that came before the daemon's job began did nothing: send it again. */
    if (self->phase == VIMANA_MIGRATION_PHASE_CANCELLING && !self->aborted
        && self->progress.active)
        vimana_migration_queue_abort (self);
}

static gboolean
vimana_migration_poll_cb (gpointer user_data)
{
    VimanaMigration *self = VIMANA_MIGRATION (user_data);
    g_autoptr(GTask) task = NULL;

    if (self->poll_unsupported) {
        self->poll_id = 0;
        return G_SOURCE_REMOVE;
    }
    if (self->poll_in_flight)
        return G_SOURCE_CONTINUE;
    self->poll_in_flight = TRUE;
    task = g_task_new (self, NULL, vimana_migration_poll_done_cb, NULL);
    g_task_set_source_tag (task, vimana_migration_poll_cb);
    vimana_domain_queue (self->domain, task, vimana_migration_poll_job, NULL, NULL);
    return G_SOURCE_CONTINUE;
}

/* ---- abort, downtime, post-copy (on the source's worker) -------------------------------- */

typedef enum
{
    VIMANA_MIGRATION_CONTROL_ABORT,
    VIMANA_MIGRATION_CONTROL_DOWNTIME,
    VIMANA_MIGRATION_CONTROL_POSTCOPY,
} VimanaMigrationControl;

typedef struct
{
    VimanaMigrationControl control;
    guint64                downtime;
} VimanaMigrationControlData;

static void
vimana_migration_control_job (GTask         *task,
                              virConnectPtr  conn,
                              virDomainPtr   dom,
                              gpointer       data,
                              GCancellable  *cancellable)
{
    VimanaMigrationControlData *control = data;
    GError *error = NULL;
    int rc = -1;

    switch (control->control) {
    case VIMANA_MIGRATION_CONTROL_ABORT:
        rc = virDomainAbortJob (dom);
        break;
    case VIMANA_MIGRATION_CONTROL_DOWNTIME:
        rc = virDomainMigrateSetMaxDowntime (dom, control->downtime, 0);
        break;
    case VIMANA_MIGRATION_CONTROL_POSTCOPY:
        rc = virDomainMigrateStartPostCopy (dom, 0);
        break;
    default:
        g_assert_not_reached ();
    }
    if (rc < 0) {
        vimana_error_set_from_libvirt (&error, _("The migration could not be changed."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

static void
vimana_migration_control_done_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);
    VimanaMigrationControl control = GPOINTER_TO_INT (user_data);
    g_autoptr(GError) error = NULL;

    if (control == VIMANA_MIGRATION_CONTROL_ABORT)
        self->abort_in_flight = FALSE;
    if (!g_task_propagate_boolean (G_TASK (result), &error)) {
        /* The migration may have ended, or its job not begun (the poll aborts again then). */
        g_debug ("Changing the migration of “%s” failed: %s",
                 vimana_domain_get_name (self->domain), error->message);
        return;
    }
    if (control == VIMANA_MIGRATION_CONTROL_ABORT)
        self->aborted = TRUE;
}

static void
vimana_migration_queue_control (VimanaMigration        *self,
                                VimanaMigrationControl  control,
                                guint64                 downtime)
{
    g_autoptr(GTask) task = NULL;
    VimanaMigrationControlData *data = g_new0 (VimanaMigrationControlData, 1);

    data->control = control;
    data->downtime = downtime;
    task = g_task_new (self, NULL, vimana_migration_control_done_cb, GINT_TO_POINTER (control));
    g_task_set_source_tag (task, vimana_migration_queue_control);
    vimana_domain_queue (self->domain, task, vimana_migration_control_job, data, g_free);
}

static void
vimana_migration_queue_abort (VimanaMigration *self)
{
    if (self->abort_in_flight)
        return;
    self->abort_in_flight = TRUE;
    vimana_migration_queue_control (self, VIMANA_MIGRATION_CONTROL_ABORT, 0);
}

/* ---- the migrate thread ------------------------------------------------------------------ */

/* The host's UUID from its capabilities, or NULL when the driver has none. */
static char *
vimana_migration_host_uuid (virConnectPtr conn)
{
    g_autofree char *caps = virConnectGetCapabilities (conn);

    if (caps == NULL) {
        virResetLastError ();
        return NULL;
    }
    return vimana_xml_get_value (caps, "host", "uuid", NULL);
}

static gboolean
vimana_migration_same_host (VimanaMigrationRun *run)
{
    g_autofree char *source_uuid = vimana_migration_host_uuid (run->sconn);
    g_autofree char *destination_uuid = vimana_migration_host_uuid (run->dconn);
    g_autofree char *source_uri = NULL;
    g_autofree char *destination_uri = NULL;

    if (source_uuid != NULL && destination_uuid != NULL)
        return g_ascii_strcasecmp (source_uuid, destination_uuid) == 0;
    /* A driver without a host UUID (the test driver): the same URI is the same host. */
    source_uri = virConnectGetURI (run->sconn);
    destination_uri = virConnectGetURI (run->dconn);
    virResetLastError ();
    return source_uri != NULL && destination_uri != NULL
           && g_strcmp0 (source_uri, destination_uri) == 0;
}

static gboolean
vimana_migration_run_blocking (VimanaMigrationRun  *run,
                               GError             **error)
{
    virTypedParameterPtr params = NULL;
    int n_params = 0;
    guint flags = vimana_migration_options_get_flags (run->options);
    g_autofree char *what = NULL;
    g_autofree char *dest_xml = NULL;
    g_auto(GStrv) disks = NULL;
    g_autoptr(GPtrArray) created = NULL;
    gboolean ok = TRUE;

    if (vimana_migration_same_host (run)) {
        g_set_error (error, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                     _("%s and %s are the same host: choose another destination."),
                     run->source_name, run->destination_name);
        return FALSE;
    }
    if (!vimana_migration_options_build_params (run->options, &params, &n_params, error))
        return FALSE;
    /* Translators: the first %s is a guest's name, the second a connection's. */
    what = g_strdup_printf (_("“%s” could not be migrated to %s."), run->guest_name,
                            run->destination_name);
    /* Copied disks into a chosen pool: their volumes first (vimana-migration-storage.c). */
    if (run->options->copy_storage && run->options->storage_pool != NULL) {
        int max = n_params;

        if (!vimana_migration_storage_prepare (run->dom, run->dconn, run->options->storage_pool,
                                               &dest_xml, &disks, &created, error)) {
            g_prefix_error (error, "%s ", what);
            virTypedParamsFree (params, n_params);
            return FALSE;
        }
        if (virTypedParamsAddString (&params, &n_params, &max, VIR_MIGRATE_PARAM_DEST_XML, dest_xml) < 0
            || (run->options->persist
                && virTypedParamsAddString (&params, &n_params, &max, VIR_MIGRATE_PARAM_PERSIST_XML,
                                            dest_xml) < 0)
            || (disks[0] != NULL
                && virTypedParamsAddStringList (&params, &n_params, &max, VIR_MIGRATE_PARAM_MIGRATE_DISKS,
                                                (const char **) disks) < 0)) {
            vimana_error_set_from_libvirt_prefixed (error, what);
            vimana_migration_storage_undo (created);
            virTypedParamsFree (params, n_params);
            return FALSE;
        }
        /* Every disk is shared: none is copied (a shared one would be copied onto itself). */
        if (disks[0] == NULL)
            flags &= ~VIR_MIGRATE_NON_SHARED_DISK;
    }
    if (run->options->max_downtime > 0
        && virDomainMigrateSetMaxDowntime (run->dom, run->options->max_downtime, 0) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, what);
        ok = FALSE;
    } else if (g_atomic_int_get (run->cancel_requested)) {
        ok = FALSE;
    } else if (run->options->mode == VIMANA_MIGRATION_MODE_DIRECT) {
        virDomainPtr ddom = virDomainMigrate3 (run->dom, run->dconn, params, n_params, flags);

        if (ddom == NULL) {
            vimana_error_set_from_libvirt_prefixed (error, what);
            ok = FALSE;
        } else {
            virDomainFree (ddom);
        }
    } else if (virDomainMigrateToURI3 (run->dom, run->dconnuri, params, n_params, flags) < 0) {
        vimana_error_set_from_libvirt_prefixed (error, what);
        ok = FALSE;
    }
    virTypedParamsFree (params, n_params);
    if (ok)
        vimana_migration_storage_keep (created);
    else
        vimana_migration_storage_undo (created);
    if (!ok && g_atomic_int_get (run->cancel_requested)) {
        g_clear_error (error);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("The migration was cancelled: “%s” stays on %s."),
                     run->guest_name, run->source_name);
    }
    return ok;
}

static gpointer
vimana_migration_thread (gpointer data)
{
    GTask *task = data;
    VimanaMigrationRun *run = g_task_get_task_data (task);
    GError *error = NULL;

    if (vimana_migration_run_blocking (run, &error))
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
    /* Here, not on the main thread: a last reference closed talks to the daemon. */
    vimana_migration_run_release (run);
    g_object_unref (task);
    return NULL;
}

/* ---- running ----------------------------------------------------------------------------- */

/**
 * vimana_migration_get_running:
 *
 * Returns: (transfer none): the #VimanaMigration<!-- -->s that run now, in the order they
 * started; main thread only
 */
GListModel *
vimana_migration_get_running (void)
{
    if (vimana_migration_running == NULL)
        vimana_migration_running = g_list_store_new (VIMANA_TYPE_MIGRATION);
    return G_LIST_MODEL (vimana_migration_running);
}

static void
vimana_migration_set_running (VimanaMigration *self,
                              gboolean         running)
{
    guint position;

    vimana_migration_get_running ();
    if (running)
        g_list_store_append (vimana_migration_running, self);
    else if (g_list_store_find (vimana_migration_running, self, &position))
        g_list_store_remove (vimana_migration_running, position);
}

/**
 * vimana_migration_find_running:
 * @domain: a guest
 *
 * Returns: (transfer none) (nullable): the running migration that moves @domain off its
 * connection
 */
VimanaMigration *
vimana_migration_find_running (VimanaDomain *domain)
{
    GListModel *list = vimana_migration_get_running ();
    guint n = g_list_model_get_n_items (list);

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaMigration) migration = g_list_model_get_item (list, i);

        if (migration->domain == domain)
            return migration;
    }
    return NULL;
}

/**
 * vimana_migration_find_incoming:
 * @domain: a guest
 *
 * The destination defines the moving guest (paused, same UUID) while the migration runs: a
 * view shows that one as the source's row, not as a second guest.
 *
 * Returns: (transfer none) (nullable): the running migration that brings @domain (by UUID) to
 * its connection
 */
VimanaMigration *
vimana_migration_find_incoming (VimanaDomain *domain)
{
    GListModel *list = vimana_migration_get_running ();
    guint n = g_list_model_get_n_items (list);
    const char *uuid;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);

    uuid = vimana_domain_get_uuid (domain);
    if (uuid == NULL)
        return NULL;
    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaMigration) migration = g_list_model_get_item (list, i);

        if (migration->domain != domain
            && migration->destination == vimana_domain_get_connection (domain)
            && g_strcmp0 (vimana_domain_get_uuid (migration->domain), uuid) == 0)
            return migration;
    }
    return NULL;
}

static void
vimana_migration_finish_run (VimanaMigration *self,
                             GError          *error)
{
    g_autoptr(GTask) task = g_steal_pointer (&self->task);
    g_autoptr(VimanaMigration) keep = g_object_ref (self);

    g_clear_handle_id (&self->poll_id, g_source_remove);
    if (self->cancelled_id != 0)
        g_cancellable_disconnect (self->cancellable, self->cancelled_id);
    self->cancelled_id = 0;
    g_clear_object (&self->cancellable);
    if (error == NULL)
        vimana_migration_set_phase (self, VIMANA_MIGRATION_PHASE_DONE);
    else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        vimana_migration_set_phase (self, VIMANA_MIGRATION_PHASE_CANCELLED);
    else
        vimana_migration_set_phase (self, VIMANA_MIGRATION_PHASE_FAILED);
    vimana_migration_set_running (self, FALSE);
    if (error == NULL)
        g_task_return_boolean (task, TRUE);
    else
        g_task_return_error (task, error);
}

static void
vimana_migration_thread_done_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);
    GError *error = NULL;

    if (g_task_propagate_boolean (G_TASK (result), &error))
        vimana_migration_finish_run (self, NULL);
    else
        vimana_migration_finish_run (self, error);
}

static gboolean
vimana_migration_cancel_idle_cb (gpointer user_data)
{
    vimana_migration_cancel (VIMANA_MIGRATION (user_data));
    return G_SOURCE_REMOVE;
}

static void
vimana_migration_cancelled_cb (GCancellable *cancellable,
                               gpointer      user_data)
{
    /* On whichever thread cancelled, possibly inside g_cancellable_connect(): act on the main
     * context instead. */
    g_idle_add_full (G_PRIORITY_DEFAULT, vimana_migration_cancel_idle_cb,
                     g_object_ref (user_data), g_object_unref);
}

/**
 * vimana_migration_run_async:
 * @self: a #VimanaMigration not yet run
 * @cancellable: (nullable): cancelling it is vimana_migration_cancel()
 * @callback: called on the main thread when the migration ended
 * @user_data: its data
 *
 * Checks the options and the hosts, then migrates the guest; see the top of this file for the
 * threads. The error is %VIMANA_ERROR_INVALID_ARGUMENT for bad options or the same host,
 * %G_IO_ERROR_CANCELLED after a cancel (the guest stays on the source), else libvirt's.
 */
void
vimana_migration_run_async (VimanaMigration     *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GTask) thread_task = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GThread) thread = NULL;
    VimanaMigrationRun *run;
    virConnectPtr sconn;
    virConnectPtr dconn;
    virDomainPtr dom;

    g_return_if_fail (VIMANA_IS_MIGRATION (self));
    g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_migration_run_async);
    if (self->phase != VIMANA_MIGRATION_PHASE_IDLE) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_OPERATION_INVALID,
                                 _("This migration has already run."));
        return;
    }
    if (!vimana_migration_options_check (self->options, NULL, &error)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    if (self->source == self->destination) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_INVALID_ARGUMENT,
                                 _("The guest is already on %s: choose another destination."),
                                 vimana_migration_get_host_name (self->destination));
        return;
    }
    sconn = vimana_connection_get_virconnect (self->source);
    dconn = vimana_connection_get_virconnect (self->destination);
    if (sconn == NULL || dconn == NULL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_CONNECTED,
                                 _("Not connected to %s."),
                                 vimana_migration_get_host_name (sconn == NULL ? self->source
                                                                     : self->destination));
        return;
    }
    dom = vimana_domain_ref_virdomain (self->domain);
    if (dom == NULL) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN,
                                 _("The guest “%s” no longer exists."),
                                 vimana_domain_get_name (self->domain));
        return;
    }

    run = g_new0 (VimanaMigrationRun, 1);
    run->dom = dom;
    virConnectRef (sconn);
    run->sconn = sconn;
    virConnectRef (dconn);
    run->dconn = dconn;
    run->dconnuri = g_strdup (vimana_connection_get_uri (self->destination));
    run->guest_name = g_strdup (vimana_domain_get_name (self->domain));
    run->source_name = g_strdup (vimana_migration_get_host_name (self->source));
    run->destination_name = g_strdup (vimana_migration_get_host_name (self->destination));
    run->options = vimana_migration_options_copy (self->options);
    run->cancel_requested = &self->cancel_requested;

    self->task = g_object_ref (task);
    memset (&self->progress, 0, sizeof self->progress);
    vimana_migration_set_phase (self, VIMANA_MIGRATION_PHASE_RUNNING);
    vimana_migration_set_running (self, TRUE);
    if (cancellable != NULL) {
        self->cancellable = g_object_ref (cancellable);
        self->cancelled_id = g_cancellable_connect (cancellable,
                                                    G_CALLBACK (vimana_migration_cancelled_cb),
                                                    self, NULL);
    }
    self->poll_id = g_timeout_add (self->poll_interval, vimana_migration_poll_cb, self);

    /* The task keeps @self, and so the cancel flag the thread reads, alive until it returns. */
    thread_task = g_task_new (self, NULL, vimana_migration_thread_done_cb, NULL);
    g_task_set_source_tag (thread_task, vimana_migration_thread);
    g_task_set_task_data (thread_task, run, vimana_migration_run_free);
    thread = g_thread_new ("vimana-migrate", vimana_migration_thread,
                           g_object_ref (thread_task));
}

/**
 * vimana_migration_run_finish:
 * @self: a #VimanaMigration
 * @result: the result
 * @error: where the reason goes
 *
 * Returns: whether the guest now lives on the destination
 */
gboolean
vimana_migration_run_finish (VimanaMigration  *self,
                             GAsyncResult     *result,
                             GError          **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * vimana_migration_cancel:
 * @self: a #VimanaMigration
 *
 * Aborts a running migration (virDomainAbortJob): the guest keeps running on the source and
 * vimana_migration_run_finish() fails with %G_IO_ERROR_CANCELLED. Nothing when it is not running.
 */
void
vimana_migration_cancel (VimanaMigration *self)
{
    g_return_if_fail (VIMANA_IS_MIGRATION (self));

    if (self->phase != VIMANA_MIGRATION_PHASE_RUNNING)
        return;
    g_atomic_int_set (&self->cancel_requested, TRUE);
    vimana_migration_set_phase (self, VIMANA_MIGRATION_PHASE_CANCELLING);
    vimana_migration_queue_abort (self);
}

/**
 * vimana_migration_set_max_downtime:
 * @self: a running #VimanaMigration
 * @downtime_ms: the downtime allowed, 1 to %VIMANA_MIGRATION_MAX_DOWNTIME ms
 *
 * Raises (or lowers) the downtime allowed while the migration runs, to let one that does not
 * converge finish.
 */
void
vimana_migration_set_max_downtime (VimanaMigration *self,
                                   guint64          downtime_ms)
{
    g_return_if_fail (VIMANA_IS_MIGRATION (self));
    g_return_if_fail (downtime_ms > 0 && downtime_ms <= VIMANA_MIGRATION_MAX_DOWNTIME);

    if (self->phase != VIMANA_MIGRATION_PHASE_RUNNING)
        return;
    self->options->max_downtime = downtime_ms;
    vimana_migration_queue_control (self, VIMANA_MIGRATION_CONTROL_DOWNTIME, downtime_ms);
}

/**
 * vimana_migration_start_postcopy:
 * @self: a running #VimanaMigration started with post-copy allowed
 *
 * Switches to post-copy: the guest runs on the destination from now on, and its memory
 * follows on demand.
 */
void
vimana_migration_start_postcopy (VimanaMigration *self)
{
    g_return_if_fail (VIMANA_IS_MIGRATION (self));
    g_return_if_fail (self->options->postcopy);

    if (self->phase != VIMANA_MIGRATION_PHASE_RUNNING)
        return;
    vimana_migration_queue_control (self, VIMANA_MIGRATION_CONTROL_POSTCOPY, 0);
}

/* ---- the object -------------------------------------------------------------------------- */

static void
vimana_migration_dispose (GObject *object)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);

    /* A running migration holds a reference through its task: nothing runs here. */
    g_clear_handle_id (&self->poll_id, g_source_remove);
    G_OBJECT_CLASS (vimana_migration_parent_class)->dispose (object);
}

static void
vimana_migration_finalize (GObject *object)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);

    g_clear_object (&self->domain);
    g_clear_object (&self->source);
    g_clear_object (&self->destination);
    g_clear_object (&self->cancellable);
    g_clear_object (&self->task);
    vimana_migration_options_free (self->options);
    vimana_migration_trend_free (self->trend);
    G_OBJECT_CLASS (vimana_migration_parent_class)->finalize (object);
}

static void
vimana_migration_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
    VimanaMigration *self = VIMANA_MIGRATION (object);

    switch (prop_id) {
    case PROP_PHASE:
        g_value_set_int (value, self->phase);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_migration_class_init (VimanaMigrationClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vimana_migration_dispose;
    object_class->finalize = vimana_migration_finalize;
    object_class->get_property = vimana_migration_get_property;

    properties[PROP_PHASE] =
        g_param_spec_int ("phase", NULL, NULL,
                          VIMANA_MIGRATION_PHASE_IDLE, VIMANA_MIGRATION_PHASE_CANCELLED,
                          VIMANA_MIGRATION_PHASE_IDLE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaMigration::progress:
     *
     * New job statistics of the source arrived (vimana_migration_get_progress()).
     */
    signals[SIGNAL_PROGRESS] =
        g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                      NULL, G_TYPE_NONE, 0);
}

static void
vimana_migration_init (VimanaMigration *self)
{
    self->poll_interval = VIMANA_MIGRATION_DEFAULT_POLL_MS;
    self->trend = vimana_migration_trend_new ();
}

/**
 * vimana_migration_new:
 * @domain: the guest
 * @destination: another open connection
 * @options: what to do; copied
 *
 * Returns: (transfer full): a migration, not yet run
 */
VimanaMigration *
vimana_migration_new (VimanaDomain                 *domain,
                      VimanaConnection             *destination,
                      const VimanaMigrationOptions *options)
{
    VimanaMigration *self;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (domain), NULL);
    g_return_val_if_fail (VIMANA_IS_CONNECTION (destination), NULL);
    g_return_val_if_fail (options != NULL, NULL);

    self = g_object_new (VIMANA_TYPE_MIGRATION, NULL);
    self->domain = g_object_ref (domain);
    self->source = g_object_ref (vimana_domain_get_connection (domain));
    self->destination = g_object_ref (destination);
    self->options = vimana_migration_options_copy (options);
    return self;
}

VimanaDomain *
vimana_migration_get_domain (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), NULL);
    return self->domain;
}

VimanaConnection *
vimana_migration_get_source (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), NULL);
    return self->source;
}

VimanaConnection *
vimana_migration_get_destination (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), NULL);
    return self->destination;
}

const VimanaMigrationOptions *
vimana_migration_get_options (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), NULL);
    return self->options;
}

VimanaMigrationPhase
vimana_migration_get_phase (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), VIMANA_MIGRATION_PHASE_IDLE);
    return self->phase;
}

/**
 * vimana_migration_get_progress:
 * @self: a #VimanaMigration
 *
 * Returns: (transfer none): the last statistics read (all 0 before the first)
 */
const VimanaMigrationProgress *
vimana_migration_get_progress (VimanaMigration *self)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (self), NULL);
    return &self->progress;
}

/**
 * vimana_migration_set_poll_interval:
 * @self: a #VimanaMigration not yet run
 * @interval_ms: how often the progress is read; 1000 by default
 */
void
vimana_migration_set_poll_interval (VimanaMigration *self,
                                    guint            interval_ms)
{
    g_return_if_fail (VIMANA_IS_MIGRATION (self));
    g_return_if_fail (interval_ms > 0);
    self->poll_interval = interval_ms;
}

/**
 * vimana_migration_get_trend:
 * @migration: a #VimanaMigration
 *
 * Returns: (transfer none): what its samples say so far: the graph's rings, the time left,
 * whether it converges; it lives as long as @migration
 */
const VimanaMigrationTrend *
vimana_migration_get_trend (VimanaMigration *migration)
{
    g_return_val_if_fail (VIMANA_IS_MIGRATION (migration), NULL);
    return migration->trend;
}
