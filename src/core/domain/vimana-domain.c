/* vimana-domain.c: one guest of a connection, as the views show it
 *
 * A VimanaDomain mirrors what libvirt reported last. It is updated on the main thread from
 * snapshots (VimanaDomainInfo) that the connection's worker reads, after a libvirt event or an
 * action. Property notifications are emitted only for values that changed, so one event costs
 * one row update in the list. Its calls to libvirt are in vimana-domain-actions.c (lifecycle,
 * delete, details), vimana-domain-graphics.c (the console's display) and the config folder
 * (reading and applying the configuration); each queues its job with vimana_domain_queue().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-domain"

#include "config.h"

#include "vimana-domain.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection-private.h"
#include "vimana-domain-stats.h"
#include "vimana-error.h"
#include "vimana-list-sync.h"

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
    char              *addresses;    /* what the host last said, nullable */
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
    PROP_ADDRESSES,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_REMOVED,
    SIGNAL_REBOOTED,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

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
    g_free (self->addresses);
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
    case PROP_ADDRESSES:
        g_value_set_string (value, self->addresses);
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
    /**
     * VimanaDomain:addresses:
     *
     * The running guest's IP addresses as the host last said them ("192.168.122.50,
     * fd00::5"), best first; %NULL while unknown or when the guest is not running.
     */
    properties[PROP_ADDRESSES] = g_param_spec_string ("addresses", NULL, NULL, NULL, flags);
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

/* On the worker: every guest of @conn, read. Returns: (transfer full) (element-type
 * VimanaDomainInfo): them, or %NULL with @error set */
GPtrArray *
vimana_domain_info_list_all (virConnectPtr   conn,
                             GError        **error)
{
    virDomainPtr *doms = NULL;
    GPtrArray *infos;
    int n = virConnectListAllDomains (conn, &doms, 0);

    if (n < 0) {
        vimana_error_set_from_libvirt (error, _("The guests could not be listed."));
        return NULL;
    }

    infos = g_ptr_array_new_full (n, (GDestroyNotify) vimana_domain_info_free);
    for (int i = 0; i < n; i++) {
        /* A guest undefined between the listing and this read is simply not listed. */
        VimanaDomainInfo *info = vimana_domain_info_collect (doms[i], NULL);

        if (info != NULL)
            g_ptr_array_add (infos, info);
        virResetLastError ();
        virDomainFree (doms[i]);
    }
    free (doms);
    return infos;
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

#define VIMANA_DOMAIN_UPDATE(field, value, prop) \
    VIMANA_OBJECT_UPDATE (self, self->field, value, properties[prop])
#define VIMANA_DOMAIN_UPDATE_STRING(field, value, prop) \
    vimana_object_update_string (G_OBJECT (self), &self->field, value, properties[prop])

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
    VIMANA_DOMAIN_UPDATE_STRING (name, info->name, PROP_NAME);
    VIMANA_DOMAIN_UPDATE_STRING (title, info->title && *info->title ? info->title : NULL,
                                 PROP_TITLE);
    VIMANA_DOMAIN_UPDATE (state, (VimanaDomainState) info->state, PROP_STATE);
    VIMANA_DOMAIN_UPDATE (active, info->active, PROP_ACTIVE);
    VIMANA_DOMAIN_UPDATE (vcpus, info->vcpus, PROP_VCPUS);
    VIMANA_DOMAIN_UPDATE (memory, info->memory, PROP_MEMORY);
    VIMANA_DOMAIN_UPDATE (max_memory, info->max_memory, PROP_MAX_MEMORY);
    VIMANA_DOMAIN_UPDATE (autostart, info->autostart, PROP_AUTOSTART);
    VIMANA_DOMAIN_UPDATE (persistent, info->persistent, PROP_PERSISTENT);
    VIMANA_DOMAIN_UPDATE (has_managed_save, info->has_managed_save, PROP_HAS_MANAGED_SAVE);
    if (!self->active)
        vimana_domain_set_addresses (self, NULL);

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
    if (!active)
        vimana_domain_set_addresses (self, NULL);
    g_object_thaw_notify (G_OBJECT (self));
}

/* What the host said the guest's addresses are (vimana_domain_addresses_format ()). */
void
vimana_domain_set_addresses (VimanaDomain *self,
                             const char   *addresses)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    if (g_strcmp0 (self->addresses, addresses) == 0)
        return;
    g_free (self->addresses);
    self->addresses = g_strdup (addresses);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESSES]);
}

/* The connection was lost: the guest stays, its state unknown until the connection is back
 * (vimana_domain_apply_info()). Returns: (transfer full) (nullable): the libvirt domain of the
 * lost connection, for the caller to release on the worker */
virDomainPtr
vimana_domain_mark_disconnected (VimanaDomain *self)
{
    g_assert (VIMANA_IS_DOMAIN (self));

    VIMANA_DOMAIN_UPDATE (state, VIMANA_DOMAIN_STATE_NOSTATE, PROP_STATE);
    return g_steal_pointer (&self->dom);
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
#undef VIMANA_DOMAIN_UPDATE_STRING

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

/**
 * vimana_domain_get_addresses:
 * @self: a #VimanaDomain
 *
 * Returns: (nullable): the running guest's IP addresses as the host last said them
 */
const char *
vimana_domain_get_addresses (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);
    return self->addresses;
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

/**
 * vimana_domain_get_state_label:
 * @self: a #VimanaDomain
 *
 * The state as the views show it: a shut-off guest with a managed-save image is "Saved" (Run
 * restores it where it was), not plainly "Shut off".
 *
 * Returns: (transfer none): the label
 */
const char *
vimana_domain_get_state_label (VimanaDomain *self)
{
    g_return_val_if_fail (VIMANA_IS_DOMAIN (self), NULL);

    if (self->state == VIMANA_DOMAIN_STATE_SHUTOFF && self->has_managed_save)
        /* Translators: a guest's state: shut off, with its memory saved to be restored. */
        return _("Saved");
    return vimana_domain_state_to_string (self->state);
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

/* ---- what can be done ---- */

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
