/* vimana-domain.c: one guest of a connection, as the views show it
 *
 * A VimanaDomain mirrors what libvirt reported last. It is updated on the main thread from
 * snapshots (VimanaDomainInfo) that the connection's worker reads, after a libvirt event or an
 * action. Property notifications are emitted only for values that changed, so one event costs
 * one row update in the list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain"

#include "config.h"

#include "vimana-domain.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "vimana-connection-private.h"
#include "vimana-domain-stats.h"
#include "vimana-domain-xml.h"
#include "vimana-error.h"
#include "vimana-storage-volume.h"

struct _VimanaDomain
{
    GObject parent_instance;

    /* borrowed references */
    VimanaConnection  *connection;   /* weak: the connection outlives the guests it lists */

    /* owned references */
    virDomainPtr       dom;
    char              *uuid;
    char              *name;
    char              *title;
    VimanaDomainStats *stats;

    VimanaDomainState  state;
    gboolean           active;
    guint              vcpus;
    guint64            memory;
    guint64            max_memory;
    gboolean           autostart;
    gboolean           persistent;
    gboolean           has_managed_save;
    gboolean           removed;
};

G_DEFINE_FINAL_TYPE (VimanaDomain, vimana_domain, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_UUID,
    PROP_NAME,
    PROP_TITLE,
    PROP_STATE,
    PROP_ACTIVE,
    PROP_VCPUS,
    PROP_MEMORY,
    PROP_MAX_MEMORY,
    PROP_AUTOSTART,
    PROP_PERSISTENT,
    PROP_HAS_MANAGED_SAVE,
    PROP_REMOVED,
    PROP_STATS,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_REMOVED,
    SIGNAL_REBOOTED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Job data for the worker: a reference on the libvirt domain. */
typedef struct
{
    virDomainPtr        dom;
    VimanaDomainAction  action;
    gboolean            autostart;
    char              **volume_keys;
    guint               graphics_index;
} VimanaDomainJob;

static void
vimana_domain_job_free (gpointer data)
{
    VimanaDomainJob *job = data;

    if (job->dom != NULL)
        virDomainFree (job->dom);
    g_strfreev (job->volume_keys);
    g_free (job);
}

static void
vimana_domain_finalize (GObject *object)
{
    VimanaDomain *self = VIMANA_DOMAIN (object);

    if (self->connection != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
    if (self->dom != NULL)
        virDomainFree (self->dom);
    g_free (self->uuid);
    g_free (self->name);
    g_free (self->title);
    g_clear_object (&self->stats);

    G_OBJECT_CLASS (vimana_domain_parent_class)->finalize (object);
}

static void
vimana_domain_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
    VimanaDomain *self = VIMANA_DOMAIN (object);

    switch (prop_id) {
    case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_TITLE:
        g_value_set_string (value, self->title);
        break;
    case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
    case PROP_ACTIVE:
        g_value_set_boolean (value, self->active);
        break;
    case PROP_VCPUS:
        g_value_set_uint (value, self->vcpus);
        break;
    case PROP_MEMORY:
        g_value_set_uint64 (value, self->memory);
        break;
    case PROP_MAX_MEMORY:
        g_value_set_uint64 (value, self->max_memory);
        break;
    case PROP_AUTOSTART:
        g_value_set_boolean (value, self->autostart);
        break;
    case PROP_PERSISTENT:
        g_value_set_boolean (value, self->persistent);
        break;
    case PROP_HAS_MANAGED_SAVE:
        g_value_set_boolean (value, self->has_managed_save);
        break;
    case PROP_REMOVED:
        g_value_set_boolean (value, self->removed);
        break;
    case PROP_STATS:
        g_value_set_object (value, self->stats);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_domain_class_init (VimanaDomainClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

    object_class->finalize = vimana_domain_finalize;
    object_class->get_property = vimana_domain_get_property;

    properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
    properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
    properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
    properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
    properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
    properties[PROP_VCPUS] = g_param_spec_uint ("vcpus", NULL, NULL, 0, G_MAXUINT, 0, flags);
    properties[PROP_MEMORY] = g_param_spec_uint64 ("memory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_MAX_MEMORY] =
        g_param_spec_uint64 ("max-memory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
    properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, flags);
    properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, flags);
    properties[PROP_HAS_MANAGED_SAVE] =
        g_param_spec_boolean ("has-managed-save", NULL, NULL, FALSE, flags);
    properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, flags);
    properties[PROP_STATS] = g_param_spec_object ("stats", NULL, NULL, VIMANA_TYPE_DOMAIN_STATS,
                                                  flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaDomain::removed:
     *
     * The guest left its connection's list: it was undefined, or the connection closed.
     */
    signals[SIGNAL_REMOVED] =
        g_signal_new ("removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);

    /**
     * VimanaDomain::rebooted:
     *
     * The guest rebooted (libvirt's reboot event): a console connected to it may have been
     * dropped and should connect again.
     */
    signals[SIGNAL_REBOOTED] =
        g_signal_new ("rebooted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vimana_domain_init (VimanaDomain *self)
{
}

/* ---- snapshots (worker side) ---- */

/**
 * vimana_domain_info_collect:
 * @dom: a libvirt domain
 * @error: return location for an error
 *
 * Reads what the list shows about @dom. Runs on the worker.
 *
 * Returns: (transfer full) (nullable): the snapshot
 */
VimanaDomainInfo *
vimana_domain_info_collect (virDomainPtr   dom,
                            GError       **error)
{
    g_autoptr(VimanaDomainInfo) info = g_new0 (VimanaDomainInfo, 1);
    virDomainInfo vinfo;
    int value;

    if (virDomainGetUUIDString (dom, info->uuid) < 0 || virDomainGetInfo (dom, &vinfo) < 0) {
        vimana_error_set_from_libvirt (error, _("The guest could not be read."));
        return NULL;
    }
    virDomainRef (dom);
    info->dom = dom;
    info->name = g_strdup (virDomainGetName (dom));
    info->state = vinfo.state;
    info->vcpus = vinfo.nrVirtCpu;
    info->memory = vinfo.memory;
    info->max_memory = vinfo.maxMem;

    value = virDomainIsActive (dom);
    info->active = value > 0 || (value < 0 && vinfo.state != VIR_DOMAIN_SHUTOFF);
    info->persistent = virDomainIsPersistent (dom) > 0;
    if (info->persistent) {
        if (virDomainGetAutostart (dom, &value) == 0)
            info->autostart = value != 0;
        info->has_managed_save = virDomainHasManagedSaveImage (dom, 0) > 0;
    }
    /* A guest without a title reports VIR_ERR_NO_DOMAIN_METADATA: not a failure. */
    info->title = virDomainGetMetadata (dom, VIR_DOMAIN_METADATA_TITLE, NULL, 0);
    virResetLastError ();

    return g_steal_pointer (&info);
}

void
vimana_domain_info_free (VimanaDomainInfo *info)
{
    if (info == NULL)
        return;
    if (info->dom != NULL)
        virDomainFree (info->dom);
    g_free (info->name);
    free (info->title);   /* allocated by libvirt */
    g_free (info);
}

/* ---- snapshots (main thread side) ---- */

VimanaDomain *
vimana_domain_new_from_info (VimanaConnection *connection,
                             VimanaDomainInfo *info)
{
    VimanaDomain *self = g_object_new (VIMANA_TYPE_DOMAIN, NULL);

    self->connection = connection;
    g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    self->uuid = g_strdup (info->uuid);
    vimana_domain_apply_info (self, info);
    return self;
}

#define VIMANA_DOMAIN_UPDATE(field, value, prop)                                 \
    G_STMT_START {                                                               \
        if (self->field != (value)) {                                            \
            self->field = (value);                                               \
            g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);        \
        }                                                                        \
    } G_STMT_END

static void
vimana_domain_update_string (VimanaDomain  *self,
                             char         **field,
                             const char    *value,
                             guint          prop)
{
    if (g_strcmp0 (*field, value) == 0)
        return;
    g_free (*field);
    *field = g_strdup (value);
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Applies a snapshot read on the worker; notifies only what changed. */
void
vimana_domain_apply_info (VimanaDomain     *self,
                          VimanaDomainInfo *info)
{
    g_assert (VIMANA_IS_DOMAIN (self));
    g_assert (g_str_equal (self->uuid, info->uuid));

    g_object_freeze_notify (G_OBJECT (self));

    if (info->dom != self->dom) {
        if (self->dom != NULL)
            virDomainFree (self->dom);
        virDomainRef (info->dom);
        self->dom = info->dom;
    }
    vimana_domain_update_string (self, &self->name, info->name, PROP_NAME);
    vimana_domain_update_string (self, &self->title,
                                 info->title && *info->title ? info->title : NULL, PROP_TITLE);
    VIMANA_DOMAIN_UPDATE (state, (VimanaDomainState) info->state, PROP_STATE);
    VIMANA_DOMAIN_UPDATE (active, info->active, PROP_ACTIVE);
    VIMANA_DOMAIN_UPDATE (vcpus, info->vcpus, PROP_VCPUS);
    VIMANA_DOMAIN_UPDATE (memory, info->memory, PROP_MEMORY);
    VIMANA_DOMAIN_UPDATE (max_memory, info->max_memory, PROP_MAX_MEMORY);
    VIMANA_DOMAIN_UPDATE (autostart, info->autostart, PROP_AUTOSTART);
    VIMANA_DOMAIN_UPDATE (persistent, info->persistent, PROP_PERSISTENT);
    VIMANA_DOMAIN_UPDATE (has_managed_save, info->has_managed_save, PROP_HAS_MANAGED_SAVE);

    g_object_thaw_notify (G_OBJECT (self));
}

/* Sets the state a lifecycle event announced, before the worker's snapshot confirms it. */
void
vimana_domain_set_state (VimanaDomain      *self,
                         VimanaDomainState  state,
                         gboolean           active)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    g_object_freeze_notify (G_OBJECT (self));
    VIMANA_DOMAIN_UPDATE (state, state, PROP_STATE);
    VIMANA_DOMAIN_UPDATE (active, active, PROP_ACTIVE);
    g_object_thaw_notify (G_OBJECT (self));
}

void
vimana_domain_mark_removed (VimanaDomain *self)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    if (self->removed)
        return;
    self->removed = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED]);
    g_signal_emit (self, signals[SIGNAL_REMOVED], 0);
}

/* The connection's, on libvirt's reboot event. */
void
vimana_domain_emit_rebooted (VimanaDomain *self)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    if (!self->removed)
        g_signal_emit (self, signals[SIGNAL_REBOOTED], 0);
}

#undef VIMANA_DOMAIN_UPDATE

/* ---- accessors ---- */

/**
 * vimana_domain_get_connection:
 * @self: a #VimanaDomain
 *
 * Returns: (transfer none) (nullable): the connection listing the guest
 */
VimanaConnection *
vimana_domain_get_connection (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->connection;
}

const char *
vimana_domain_get_uuid (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->uuid;
}

const char *
vimana_domain_get_name (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->name;
}

const char *
vimana_domain_get_title (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->title;
}

VimanaDomainState
vimana_domain_get_state (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), VIMANA_DOMAIN_STATE_NOSTATE);
    return self->state;
}

gboolean
vimana_domain_get_active (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    return self->active;
}

guint
vimana_domain_get_vcpus (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), 0);
    return self->vcpus;
}

/* Returns: the memory the guest has now, in KiB */
guint64
vimana_domain_get_memory (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), 0);
    return self->memory;
}

/* Returns: the most memory the guest may have, in KiB */
guint64
vimana_domain_get_max_memory (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), 0);
    return self->max_memory;
}

gboolean
vimana_domain_get_autostart (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    return self->autostart;
}

gboolean
vimana_domain_get_persistent (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    return self->persistent;
}

gboolean
vimana_domain_get_has_managed_save (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    return self->has_managed_save;
}

gboolean
vimana_domain_get_removed (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), TRUE);
    return self->removed;
}

/**
 * vimana_domain_get_stats:
 * @self: a #VimanaDomain
 *
 * Returns: (transfer none) (nullable): the guest's statistics history, once it has run while
 *   sampled; replaced (with notify::stats) when the sampling interval changes
 */
VimanaDomainStats *
vimana_domain_get_stats (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->stats;
}

/* The sampler's: the guest's history at this interval and length, made when missing. */
VimanaDomainStats *
vimana_domain_ensure_stats (VimanaDomain *self,
                            double        interval,
                            guint         history)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    if (self->stats != NULL && vimana_domain_stats_get_interval (self->stats) == interval &&
        vimana_domain_stats_get_history (self->stats) == history)
        return self->stats;

    g_clear_object (&self->stats);
    self->stats = vimana_domain_stats_new (interval, history);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATS]);
    return self->stats;
}

/* ---- names ---- */

const char *
vimana_domain_state_to_string (VimanaDomainState state)
{
    switch (state) {
    case VIMANA_DOMAIN_STATE_RUNNING:
        return _("Running");
    case VIMANA_DOMAIN_STATE_BLOCKED:
        return _("Blocked");
    case VIMANA_DOMAIN_STATE_PAUSED:
        return _("Paused");
    case VIMANA_DOMAIN_STATE_SHUTDOWN:
        return _("Shutting down");
    case VIMANA_DOMAIN_STATE_SHUTOFF:
        return _("Shut off");
    case VIMANA_DOMAIN_STATE_CRASHED:
        return _("Crashed");
    case VIMANA_DOMAIN_STATE_PMSUSPENDED:
        return _("Suspended");
    case VIMANA_DOMAIN_STATE_NOSTATE:
    default:
        return _("Unknown");
    }
}

const char *
vimana_domain_action_to_string (VimanaDomainAction action)
{
    switch (action) {
    case VIMANA_DOMAIN_ACTION_START:
        return _("Run");
    case VIMANA_DOMAIN_ACTION_SHUTDOWN:
        return _("Shut Down");
    case VIMANA_DOMAIN_ACTION_REBOOT:
        return _("Reboot");
    case VIMANA_DOMAIN_ACTION_RESET:
        return _("Force Reset");
    case VIMANA_DOMAIN_ACTION_FORCE_OFF:
        return _("Force Off");
    case VIMANA_DOMAIN_ACTION_PAUSE:
        return _("Pause");
    case VIMANA_DOMAIN_ACTION_RESUME:
        return _("Resume");
    case VIMANA_DOMAIN_ACTION_SAVE:
        return _("Save");
    case VIMANA_DOMAIN_ACTION_RESTORE:
        return _("Restore");
    case VIMANA_DOMAIN_ACTION_DELETE:
        return _("Delete");
    case VIMANA_DOMAIN_ACTION_AUTOSTART:
        return _("Start with Host");
    default:
        g_return_val_if_reached (NULL);
    }
}

/* ---- actions ---- */

static gboolean
vimana_domain_is_running (VimanaDomain *self)
{
    return self->state == VIMANA_DOMAIN_STATE_RUNNING ||
           self->state == VIMANA_DOMAIN_STATE_BLOCKED;
}

/**
 * vimana_domain_can_run_action:
 * @self: a #VimanaDomain
 * @action: the action
 * @reason: (out) (optional) (transfer none): why not, as a sentence for a tooltip
 *
 * Tells from the last known state whether @action makes sense now. libvirt has the last word:
 * the state may have changed since.
 */
gboolean
vimana_domain_can_run_action (VimanaDomain        *self,
                              VimanaDomainAction   action,
                              const char         **reason)
{
    const char *why = NULL;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);

    if (self->removed) {
        why = _("The guest no longer exists.");
        goto out;
    }

    switch (action) {
    case VIMANA_DOMAIN_ACTION_START:
        if (self->active)
            why = _("The guest is already running.");
        break;
    case VIMANA_DOMAIN_ACTION_SHUTDOWN:
    case VIMANA_DOMAIN_ACTION_REBOOT:
        if (!self->active)
            why = _("The guest is not running.");
        else if (self->state == VIMANA_DOMAIN_STATE_PAUSED)
            why = _("The guest is paused; resume it first.");
        else if (!vimana_domain_is_running (self))
            why = _("The guest is not running normally.");
        break;
    case VIMANA_DOMAIN_ACTION_RESET:
    case VIMANA_DOMAIN_ACTION_FORCE_OFF:
        if (!self->active)
            why = _("The guest is not running.");
        break;
    case VIMANA_DOMAIN_ACTION_PAUSE:
        if (!self->active)
            why = _("The guest is not running.");
        else if (self->state == VIMANA_DOMAIN_STATE_PAUSED)
            why = _("The guest is already paused.");
        else if (!vimana_domain_is_running (self))
            why = _("The guest is not running normally.");
        break;
    case VIMANA_DOMAIN_ACTION_RESUME:
        if (self->state != VIMANA_DOMAIN_STATE_PAUSED)
            why = _("The guest is not paused.");
        break;
    case VIMANA_DOMAIN_ACTION_SAVE:
        if (!self->active)
            why = _("The guest is not running.");
        else if (!self->persistent)
            why = _("A transient guest cannot be saved.");
        break;
    case VIMANA_DOMAIN_ACTION_RESTORE:
        if (self->active)
            why = _("The guest is already running.");
        else if (!self->has_managed_save)
            why = _("The guest has no saved state.");
        break;
    case VIMANA_DOMAIN_ACTION_DELETE:
        break;
    case VIMANA_DOMAIN_ACTION_AUTOSTART:
        if (!self->persistent)
            why = _("A transient guest cannot start with the host.");
        break;
    default:
        g_return_val_if_reached (FALSE);
    }

out:
    if (reason != NULL)
        *reason = why;
    return why == NULL;
}

static GTask *
vimana_domain_new_task (VimanaDomain        *self,
                        gpointer             source_tag,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
    GTask *task = g_task_new (self, cancellable, callback, user_data);

    g_task_set_source_tag (task, source_tag);
    return task;
}

/* Queues @func on the connection's worker with a reference on the libvirt domain. */
static void
vimana_domain_push_job (VimanaDomain    *self,
                        GTask           *task,
                        VimanaDomainJob *job,
                        GTaskThreadFunc  func)
{
    if (self->removed || self->connection == NULL || self->dom == NULL) {
        vimana_domain_job_free (job);
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN,
                                 _("The guest “%s” no longer exists."), self->name);
        return;
    }
    virDomainRef (self->dom);
    job->dom = self->dom;
    vimana_connection_push_job (self->connection, task, job, vimana_domain_job_free, func);
}

/* Returns: (transfer full) (nullable): a new reference on the libvirt domain, for a job of
 * another core file; %NULL when the guest is gone */
virDomainPtr
vimana_domain_ref_virdomain (VimanaDomain *self)
{
    if (self->removed || self->connection == NULL || self->dom == NULL)
        return NULL;
    virDomainRef (self->dom);
    return self->dom;
}

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
vimana_domain_run_action_job (GTask        *task,
                              gpointer      source_object,
                              gpointer      task_data,
                              GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    GError *error = NULL;

    if (vimana_domain_call_action (job->dom, job->action) < 0) {
        vimana_error_set_from_libvirt (&error, _("The action failed."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (job->dom, NULL),
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
    VimanaDomainJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));
    g_return_if_fail (action != VIMANA_DOMAIN_ACTION_DELETE &&
                      action != VIMANA_DOMAIN_ACTION_AUTOSTART);

    task = vimana_domain_new_task (self, vimana_domain_run_action_async, cancellable,
                                   callback, user_data);
    job = g_new0 (VimanaDomainJob, 1);
    job->action = action;
    vimana_domain_push_job (self, task, job, vimana_domain_run_action_job);
}

/* Applies the snapshot an action job returned, unless the guest left the list meanwhile. */
gboolean
vimana_domain_finish_with_info (VimanaDomain  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
    g_autoptr(VimanaDomainInfo) info = NULL;
    GError *local_error = NULL;

    info = g_task_propagate_pointer (G_TASK (result), &local_error);
    if (local_error != NULL) {
        g_propagate_error (error, local_error);
        return FALSE;
    }
    if (info != NULL && !self->removed && g_str_equal (info->uuid, self->uuid))
        vimana_domain_apply_info (self, info);
    return TRUE;
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
vimana_domain_set_autostart_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    GError *error = NULL;

    if (virDomainSetAutostart (job->dom, job->autostart ? 1 : 0) < 0) {
        vimana_error_set_from_libvirt (&error, _("Autostart could not be changed."));
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, vimana_domain_info_collect (job->dom, NULL),
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
    VimanaDomainJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = vimana_domain_new_task (self, vimana_domain_set_autostart_async, cancellable,
                                   callback, user_data);
    job = g_new0 (VimanaDomainJob, 1);
    job->autostart = autostart;
    vimana_domain_push_job (self, task, job, vimana_domain_set_autostart_job);
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
                        GError       **error)
{
    static const unsigned int attempts[] = {
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
            VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA | VIR_DOMAIN_UNDEFINE_NVRAM,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
        VIR_DOMAIN_UNDEFINE_MANAGED_SAVE,
    };

    for (guint i = 0; i < G_N_ELEMENTS (attempts); i++) {
        if (virDomainUndefineFlags (dom, attempts[i]) == 0)
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

static void
vimana_domain_delete_job (GTask        *task,
                          gpointer      source_object,
                          gpointer      task_data,
                          GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    g_autoptr(GString) failures = g_string_new (NULL);
    GError *error = NULL;
    int active = virDomainIsActive (job->dom);
    int persistent = virDomainIsPersistent (job->dom);

    if (active < 0 || persistent < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be deleted."));
        g_task_return_error (task, error);
        return;
    }
    if (active > 0 && virDomainDestroy (job->dom) < 0) {
        vimana_error_set_from_libvirt (&error, _("The guest could not be stopped."));
        g_task_return_error (task, error);
        return;
    }
    if (persistent > 0 && !vimana_domain_undefine (job->dom, &error)) {
        g_task_return_error (task, error);
        return;
    }

    /* The guest is gone; its disks go now. A disk that cannot be deleted is reported, the
     * others are still deleted. */
    for (char **key = job->volume_keys; key != NULL && *key != NULL; key++) {
        virStorageVolPtr vol = virStorageVolLookupByKey (cjob->conn, *key);

        if (vol == NULL || virStorageVolDelete (vol, 0) < 0) {
            g_autoptr(GError) vol_error = NULL;

            vimana_error_set_from_libvirt (&vol_error, NULL);
            if (failures->len > 0)
                g_string_append (failures, " ");
            /* Translators: a storage volume that could not be deleted, and why. */
            g_string_append_printf (failures, _("%s: %s"), *key, vol_error->message);
        }
        if (vol != NULL)
            virStorageVolFree (vol);
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
    VimanaDomainJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = vimana_domain_new_task (self, vimana_domain_delete_async, cancellable,
                                   callback, user_data);
    job = g_new0 (VimanaDomainJob, 1);
    job->volume_keys = g_strdupv ((char **) volume_keys);
    vimana_domain_push_job (self, task, job, vimana_domain_delete_job);
}

gboolean
vimana_domain_delete_finish (VimanaDomain  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- details ---- */

static void
vimana_domain_fetch_details_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    GError *error = NULL;
    VimanaDomainDetails *details;
    char *xml = virDomainGetXMLDesc (job->dom, 0);

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

    task = vimana_domain_new_task (self, vimana_domain_fetch_details_async, cancellable,
                                   callback, user_data);
    vimana_domain_push_job (self, task, g_new0 (VimanaDomainJob, 1),
                            vimana_domain_fetch_details_job);
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

/* ---- volumes ---- */

static virStorageVolPtr
vimana_domain_lookup_volume (virConnectPtr     conn,
                             VimanaDiskSource *disk)
{
    virStoragePoolPtr pool;
    virStorageVolPtr vol;

    if (disk->type == VIMANA_DISK_SOURCE_FILE || disk->type == VIMANA_DISK_SOURCE_BLOCK)
        return disk->path ? virStorageVolLookupByPath (conn, disk->path) : NULL;
    if (disk->type != VIMANA_DISK_SOURCE_VOLUME || disk->pool == NULL || disk->volume == NULL)
        return NULL;

    pool = virStoragePoolLookupByName (conn, disk->pool);
    if (pool == NULL)
        return NULL;
    vol = virStorageVolLookupByName (pool, disk->volume);
    virStoragePoolFree (pool);
    return vol;
}

static VimanaStorageVolume *
vimana_domain_describe_volume (virStorageVolPtr  vol,
                               VimanaDiskSource *disk)
{
    VimanaStorageVolume *volume = g_new0 (VimanaStorageVolume, 1);
    virStoragePoolPtr pool = virStoragePoolLookupByVolume (vol);
    virStorageVolInfo info;
    char *path = virStorageVolGetPath (vol);

    volume->key = g_strdup (virStorageVolGetKey (vol));
    volume->name = g_strdup (virStorageVolGetName (vol));
    volume->path = g_strdup (path);
    volume->pool = g_strdup (pool ? virStoragePoolGetName (pool) : NULL);
    volume->target = g_strdup (disk->target);
    if (virStorageVolGetInfo (vol, &info) == 0)
        volume->capacity = info.capacity;
    volume->is_cdrom = g_strcmp0 (disk->device, "cdrom") == 0;
    volume->shared = disk->readonly || disk->shareable;

    free (path);
    if (pool != NULL)
        virStoragePoolFree (pool);
    return volume;
}

static void
vimana_domain_list_volumes_job (GTask        *task,
                                gpointer      source_object,
                                gpointer      task_data,
                                GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    g_autoptr(GPtrArray) disks = NULL;
    GPtrArray *volumes;
    GError *error = NULL;
    char *xml = virDomainGetXMLDesc (job->dom, VIR_DOMAIN_XML_INACTIVE);

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

    volumes = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_storage_volume_free);
    for (guint i = 0; i < disks->len; i++) {
        VimanaDiskSource *disk = g_ptr_array_index (disks, i);
        virStorageVolPtr vol = vimana_domain_lookup_volume (cjob->conn, disk);

        /* A disk outside every storage pool cannot be deleted through libvirt. */
        if (vol == NULL) {
            virResetLastError ();
            continue;
        }
        g_ptr_array_add (volumes, vimana_domain_describe_volume (vol, disk));
        virStorageVolFree (vol);
    }
    g_task_return_pointer (task, volumes, (GDestroyNotify) g_ptr_array_unref);
}

void
vimana_domain_list_volumes_async (VimanaDomain        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = vimana_domain_new_task (self, vimana_domain_list_volumes_async, cancellable,
                                   callback, user_data);
    vimana_domain_push_job (self, task, g_new0 (VimanaDomainJob, 1),
                            vimana_domain_list_volumes_job);
}

/**
 * vimana_domain_list_volumes_finish:
 *
 * Returns: (transfer full) (element-type VimanaStorageVolume) (nullable): the storage volumes
 *   the guest's disks use, in the order of its disks
 */
GPtrArray *
vimana_domain_list_volumes_finish (VimanaDomain  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- graphics ---- */

/* A live guest is described as it runs (the port it was given); the secure description is
 * asked first because only it says whether a password is set. A read-only connection is
 * refused it and gets the plain one. */
static char *
vimana_domain_get_graphics_xml (virDomainPtr   dom,
                                GError       **error)
{
    unsigned int flags = virDomainIsActive (dom) > 0 ? 0 : VIR_DOMAIN_XML_INACTIVE;
    char *xml = virDomainGetXMLDesc (dom, flags | VIR_DOMAIN_XML_SECURE);

    if (xml == NULL) {
        virResetLastError ();
        xml = virDomainGetXMLDesc (dom, flags);
    }
    if (xml == NULL)
        vimana_error_set_from_libvirt (error, _("The guest’s description could not be read."));
    return xml;
}

static void
vimana_domain_fetch_graphics_job (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    GError *error = NULL;
    VimanaGraphicsInfo *info;
    char *xml = vimana_domain_get_graphics_xml (job->dom, &error);

    if (xml == NULL) {
        g_task_return_error (task, error);
        return;
    }
    info = vimana_graphics_info_new_from_xml (xml, &error);
    free (xml);   /* allocated by libvirt */
    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_graphics_info_free);
}

/**
 * vimana_domain_fetch_graphics_async:
 * @self: a #VimanaDomain
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Reads the display the console uses from the live description when the guest runs, else
 * from its configuration.
 */
void
vimana_domain_fetch_graphics_async (VimanaDomain        *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = vimana_domain_new_task (self, vimana_domain_fetch_graphics_async, cancellable,
                                   callback, user_data);
    vimana_domain_push_job (self, task, g_new0 (VimanaDomainJob, 1),
                            vimana_domain_fetch_graphics_job);
}

/**
 * vimana_domain_fetch_graphics_finish:
 *
 * Returns: (transfer full) (nullable): the display, to free with vimana_graphics_info_free();
 *   a guest without one gives %VIMANA_GRAPHICS_NONE, not an error
 */
VimanaGraphicsInfo *
vimana_domain_fetch_graphics_finish (VimanaDomain  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    g_return_val_if_fail (g_task_is_valid (result, self), NULL);

    return g_task_propagate_pointer (G_TASK (result), error);
}

/* An opened descriptor nobody took (the task was cancelled, or its result dropped) is closed. */
static void
vimana_domain_graphics_fd_free (gpointer data)
{
    int *fd = data;

    if (*fd >= 0)
        g_close (*fd, NULL);
    g_free (fd);
}

static void
vimana_domain_open_graphics_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    VimanaConnectionJob *cjob = task_data;
    VimanaDomainJob *job = cjob->data;
    GError *error = NULL;
    int *fd = g_new (int, 1);

    /* libvirt authenticated us already: the descriptor needs no password. */
    *fd = virDomainOpenGraphicsFD (job->dom, job->graphics_index,
                                   VIR_DOMAIN_OPEN_GRAPHICS_SKIPAUTH);
    if (*fd < 0) {
        g_free (fd);
        vimana_error_set_from_libvirt (&error, NULL);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, fd, vimana_domain_graphics_fd_free);
}

/**
 * vimana_domain_open_graphics_async:
 * @self: a #VimanaDomain
 * @index: the display, as #VimanaGraphicsInfo.index gives it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Asks libvirt for a socket already connected to the guest's display (virDomainOpenGraphicsFD).
 * Only a connection over a local UNIX socket can pass one (see vimana_connection_is_local());
 * elsewhere, and on drivers without it (the test driver), the finish gives the error and the
 * caller connects to the address instead.
 */
void
vimana_domain_open_graphics_async (VimanaDomain        *self,
                                   guint                index,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaDomainJob *job;

    g_return_if_fail (VIMANA_IS_DOMAIN (self));

    task = vimana_domain_new_task (self, vimana_domain_open_graphics_async, cancellable,
                                   callback, user_data);
    job = g_new0 (VimanaDomainJob, 1);
    job->graphics_index = index;
    vimana_domain_push_job (self, task, job, vimana_domain_open_graphics_job);
}

/**
 * vimana_domain_open_graphics_finish:
 *
 * Returns: the connected descriptor, which the caller owns and closes; -1 on error
 */
int
vimana_domain_open_graphics_finish (VimanaDomain  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
    int *fd;
    int value;

    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), -1);
    g_return_val_if_fail (g_task_is_valid (result, self), -1);

    fd = g_task_propagate_pointer (G_TASK (result), error);
    if (fd == NULL)
        return -1;
    value = *fd;
    *fd = -1;
    vimana_domain_graphics_fd_free (fd);
    return value;
}
