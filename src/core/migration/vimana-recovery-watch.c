/* vimana-recovery-watch.c: what a connection's running guests and pools were, kept for recovery
 *
 * When a host dies, its daemon can no longer say what ran there, so this is read while it
 * can: each running guest's inactive definition (with its secrets, so that another host can
 * define it as it was) and every storage pool's source, read again on the connection's worker
 * a second after a guest comes, goes or changes state, and once a minute for the pools. The
 * last reading stays when the connection is lost. A lost connection (not one the user closed)
 * is "overdue" once it has been lost for the delay (the `recovery-delay` setting); only then
 * does the UI offer recovery, and only the user starts it.
 *
 * vimana_recovery_start_guest_async() defines a plan's definition on the survivor and starts it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-migration"

#include "config.h"

#include "vimana-recovery-watch.h"

#include <glib/gi18n-lib.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"

#define VIMANA_RECOVERY_SETTLE_SECONDS 1
#define VIMANA_RECOVERY_POOLS_SECONDS  60

struct _VimanaRecoveryWatch
{
    GObject           parent_instance;

    /* borrowed: the connection owns the watch (object data) */
    VimanaConnection *connection;

    /* owned */
    GPtrArray        *guests;   /* VimanaRecoveryGuest */
    GPtrArray        *pools;    /* VimanaRecoveryPool */
    gboolean          known;
    gboolean          overdue;
    guint             delay;
    gint64            lost_at;  /* monotonic µs, 0 while not lost */
    guint             settle_source;
    guint             pools_source;
    guint             overdue_source;
    guint             generation;
};

enum
{
    PROP_0,
    PROP_OVERDUE,
    PROP_KNOWN,
    N_PROPS
};

enum
{
    SIGNAL_CHANGED,
    N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (VimanaRecoveryWatch, vimana_recovery_watch, G_TYPE_OBJECT)

typedef struct
{
    GPtrArray *guests;
    GPtrArray *pools;
} VimanaRecoverySnapshot;

static void
vimana_recovery_snapshot_free (VimanaRecoverySnapshot *snapshot)
{
    g_clear_pointer (&snapshot->guests, g_ptr_array_unref);
    g_clear_pointer (&snapshot->pools, g_ptr_array_unref);
    g_free (snapshot);
}

static void
vimana_recovery_watch_snapshot_job (GTask         *task,
                                    virConnectPtr  conn,
                                    virDomainPtr   dom,
                                    gpointer       data,
                                    GCancellable  *cancellable)
{
    VimanaRecoverySnapshot *snapshot = g_new0 (VimanaRecoverySnapshot, 1);
    virDomainPtr *doms = NULL;
    virStoragePoolPtr *pools = NULL;
    int n_doms;
    int n_pools;

    snapshot->guests = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_guest_free);
    snapshot->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_pool_free);
    n_doms = virConnectListAllDomains (conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (n_doms < 0) {
        GError *error = NULL;

        vimana_error_set_from_libvirt (&error, _("The running guests could not be listed."));
        vimana_recovery_snapshot_free (snapshot);
        g_task_return_error (task, error);
        return;
    }
    for (int i = 0; i < n_doms; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        g_autofree char *xml = NULL;

        xml = virDomainGetXMLDesc (doms[i], VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
        if (xml == NULL)
            xml = virDomainGetXMLDesc (doms[i], VIR_DOMAIN_XML_INACTIVE);
        if (virDomainGetUUIDString (doms[i], uuid) == 0)
            g_ptr_array_add (snapshot->guests,
                             vimana_recovery_guest_new (uuid, virDomainGetName (doms[i]), xml));
        virDomainFree (doms[i]);
    }
    free (doms);
    virResetLastError ();

    n_pools = virConnectListAllStoragePools (conn, &pools, 0);
    for (int i = 0; i < n_pools; i++) {
        g_autofree char *xml = virStoragePoolGetXMLDesc (pools[i], 0);
        VimanaRecoveryPool *pool = xml != NULL ? vimana_recovery_pool_parse (xml, NULL) : NULL;

        if (pool != NULL)
            g_ptr_array_add (snapshot->pools, pool);
        virStoragePoolFree (pools[i]);
    }
    free (pools);
    virResetLastError ();
    g_task_return_pointer (task, snapshot, (GDestroyNotify) vimana_recovery_snapshot_free);
}

static void
vimana_recovery_watch_snapshot_cb (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    GTask *task = user_data;
    VimanaRecoveryWatch *self = g_task_get_source_object (task);
    guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
    GError *error = NULL;
    VimanaRecoverySnapshot *snapshot;

    snapshot = g_task_propagate_pointer (G_TASK (result), &error);
    if (snapshot == NULL) {
        g_task_return_error (task, error);
        g_object_unref (task);
        return;
    }
    /* A reading that began before the connection was lost still describes it; one of a
     * connection that came back since is older than the next one, which follows. */
    if (generation == self->generation) {
        g_clear_pointer (&self->guests, g_ptr_array_unref);
        g_clear_pointer (&self->pools, g_ptr_array_unref);
        self->guests = g_steal_pointer (&snapshot->guests);
        self->pools = g_steal_pointer (&snapshot->pools);
        if (!self->known) {
            self->known = TRUE;
            g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KNOWN]);
        }
        g_debug ("%s: kept %u running guests and %u pools for recovery",
                 vimana_connection_get_uri (self->connection), self->guests->len,
                 self->pools->len);
        g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
    }
    vimana_recovery_snapshot_free (snapshot);
    g_task_return_boolean (task, TRUE);
    g_object_unref (task);
}

/**
 * vimana_recovery_watch_refresh_async:
 * @self: a #VimanaRecoveryWatch
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the reading is kept
 * @user_data: for @callback
 *
 * Reads the connection's running guests and pools now (the dialog does this for the survivor
 * before it plans). Fails, keeping the last reading, when the connection is not up.
 */
void
vimana_recovery_watch_refresh_async (VimanaRecoveryWatch *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
    GTask *outer;
    g_autoptr(GTask) inner = NULL;

    g_return_if_fail (VIMANA_IS_RECOVERY_WATCH (self));

    outer = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (outer, vimana_recovery_watch_refresh_async);
    g_task_set_task_data (outer, GUINT_TO_POINTER (self->generation), NULL);
    inner = g_task_new (self->connection, cancellable, vimana_recovery_watch_snapshot_cb, outer);
    vimana_connection_queue (self->connection, inner,
                             vimana_recovery_watch_snapshot_job, NULL, NULL);
}

gboolean
vimana_recovery_watch_refresh_finish (VimanaRecoveryWatch  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
vimana_recovery_watch_settle_cb (gpointer user_data)
{
    VimanaRecoveryWatch *self = user_data;

    self->settle_source = 0;
    if (vimana_connection_get_state (self->connection) == VIMANA_CONNECTION_STATE_CONNECTED)
        vimana_recovery_watch_refresh_async (self, NULL, NULL, NULL);
    return G_SOURCE_REMOVE;
}

static void
vimana_recovery_watch_schedule (VimanaRecoveryWatch *self)
{
    if (self->settle_source == 0)
        self->settle_source = g_timeout_add_seconds (VIMANA_RECOVERY_SETTLE_SECONDS,
                                                     vimana_recovery_watch_settle_cb, self);
}

static gboolean
vimana_recovery_watch_pools_cb (gpointer user_data)
{
    vimana_recovery_watch_schedule (user_data);
    return G_SOURCE_CONTINUE;
}

static void
vimana_recovery_watch_domain_state_cb (GObject    *domain,
                                       GParamSpec *pspec,
                                       gpointer    user_data)
{
    VimanaRecoveryWatch *self = user_data;

    if (vimana_connection_get_state (self->connection) == VIMANA_CONNECTION_STATE_CONNECTED)
        vimana_recovery_watch_schedule (self);
}

static void
vimana_recovery_watch_follow_domains (VimanaRecoveryWatch *self,
                                      GListModel          *domains,
                                      guint                position,
                                      guint                added)
{
    for (guint i = position; i < position + added; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (domains, i);

        g_signal_connect_object (domain, "notify::state",
                                 G_CALLBACK (vimana_recovery_watch_domain_state_cb), self, 0);
    }
}

static void
vimana_recovery_watch_domains_changed_cb (GListModel *domains,
                                          guint       position,
                                          guint       removed,
                                          guint       added,
                                          gpointer    user_data)
{
    VimanaRecoveryWatch *self = user_data;

    vimana_recovery_watch_follow_domains (self, domains, position, added);
    if ((removed > 0 || added > 0)
        && vimana_connection_get_state (self->connection) == VIMANA_CONNECTION_STATE_CONNECTED)
        vimana_recovery_watch_schedule (self);
}

static void
vimana_recovery_watch_set_overdue (VimanaRecoveryWatch *self,
                                   gboolean             overdue)
{
    if (self->overdue == overdue)
        return;
    self->overdue = overdue;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERDUE]);
}

static gboolean
vimana_recovery_watch_overdue_cb (gpointer user_data)
{
    VimanaRecoveryWatch *self = user_data;

    self->overdue_source = 0;
    vimana_recovery_watch_set_overdue (self, TRUE);
    return G_SOURCE_REMOVE;
}

/* Arms the overdue timer for what is left of the delay since the loss. */
static void
vimana_recovery_watch_arm (VimanaRecoveryWatch *self)
{
    gint64 elapsed_ms = (g_get_monotonic_time () - self->lost_at) / 1000;
    gint64 left_ms = (gint64) self->delay * 1000 - elapsed_ms;

    g_clear_handle_id (&self->overdue_source, g_source_remove);
    if (left_ms <= 0) {
        vimana_recovery_watch_set_overdue (self, TRUE);
        return;
    }
    vimana_recovery_watch_set_overdue (self, FALSE);
    self->overdue_source = g_timeout_add ((guint) left_ms, vimana_recovery_watch_overdue_cb, self);
}

static void
vimana_recovery_watch_connection_cb (GObject    *object,
                                     GParamSpec *pspec,
                                     gpointer    user_data)
{
    VimanaRecoveryWatch *self = user_data;
    VimanaConnectionState state = vimana_connection_get_state (self->connection);
    gboolean lost = state == VIMANA_CONNECTION_STATE_DISCONNECTED
                    && vimana_connection_get_reconnecting (self->connection);

    if (state == VIMANA_CONNECTION_STATE_CONNECTED) {
        if (self->lost_at != 0) {
            self->lost_at = 0;
            self->generation++;
        }
        g_clear_handle_id (&self->overdue_source, g_source_remove);
        vimana_recovery_watch_set_overdue (self, FALSE);
        if (vimana_connection_get_loaded (self->connection))
            vimana_recovery_watch_schedule (self);
        if (self->pools_source == 0)
            self->pools_source = g_timeout_add_seconds (VIMANA_RECOVERY_POOLS_SECONDS,
                                                        vimana_recovery_watch_pools_cb, self);
        return;
    }
    g_clear_handle_id (&self->pools_source, g_source_remove);
    g_clear_handle_id (&self->settle_source, g_source_remove);
    if (lost) {
        if (self->lost_at == 0) {
            self->lost_at = g_get_monotonic_time ();
            vimana_recovery_watch_arm (self);
        }
    } else if (state == VIMANA_CONNECTION_STATE_DISCONNECTED) {
        /* Closed by the user (no attempt scheduled): nothing to recover. */
        self->lost_at = 0;
        g_clear_handle_id (&self->overdue_source, g_source_remove);
        vimana_recovery_watch_set_overdue (self, FALSE);
    }
}

static void
vimana_recovery_watch_dispose (GObject *object)
{
    VimanaRecoveryWatch *self = VIMANA_RECOVERY_WATCH (object);

    g_clear_handle_id (&self->settle_source, g_source_remove);
    g_clear_handle_id (&self->pools_source, g_source_remove);
    g_clear_handle_id (&self->overdue_source, g_source_remove);
    G_OBJECT_CLASS (vimana_recovery_watch_parent_class)->dispose (object);
}

static void
vimana_recovery_watch_finalize (GObject *object)
{
    VimanaRecoveryWatch *self = VIMANA_RECOVERY_WATCH (object);

    g_clear_pointer (&self->guests, g_ptr_array_unref);
    g_clear_pointer (&self->pools, g_ptr_array_unref);
    G_OBJECT_CLASS (vimana_recovery_watch_parent_class)->finalize (object);
}

static void
vimana_recovery_watch_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
    VimanaRecoveryWatch *self = VIMANA_RECOVERY_WATCH (object);

    switch (prop_id) {
    case PROP_OVERDUE:
        g_value_set_boolean (value, self->overdue);
        break;
    case PROP_KNOWN:
        g_value_set_boolean (value, self->known);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_recovery_watch_class_init (VimanaRecoveryWatchClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

    object_class->dispose = vimana_recovery_watch_dispose;
    object_class->finalize = vimana_recovery_watch_finalize;
    object_class->get_property = vimana_recovery_watch_get_property;

    properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
    properties[PROP_KNOWN] = g_param_spec_boolean ("known", NULL, NULL, FALSE, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /* A new reading was kept, or a guest was forgotten. */
    signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vimana_recovery_watch_init (VimanaRecoveryWatch *self)
{
    self->guests = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_guest_free);
    self->pools = g_ptr_array_new_with_free_func ((GDestroyNotify) vimana_recovery_pool_free);
    self->delay = VIMANA_RECOVERY_DEFAULT_DELAY;
}

/**
 * vimana_recovery_watch_get:
 * @connection: a #VimanaConnection
 *
 * Returns: (transfer none): the connection's watch, made on the first call; it lives as long
 *   as the connection
 */
VimanaRecoveryWatch *
vimana_recovery_watch_get (VimanaConnection *connection)
{
    VimanaRecoveryWatch *self;
    GListModel *domains;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    self = g_object_get_data (G_OBJECT (connection), "vimana-recovery-watch");
    if (self != NULL)
        return self;
    self = g_object_new (VIMANA_TYPE_RECOVERY_WATCH, NULL);
    self->connection = connection;
    g_object_set_data_full (G_OBJECT (connection), "vimana-recovery-watch", self, g_object_unref);
    domains = vimana_connection_get_domains (connection);
    g_signal_connect_object (domains, "items-changed",
                             G_CALLBACK (vimana_recovery_watch_domains_changed_cb), self, 0);
    vimana_recovery_watch_follow_domains (self, domains, 0, g_list_model_get_n_items (domains));
    g_signal_connect_object (connection, "notify::state",
                             G_CALLBACK (vimana_recovery_watch_connection_cb), self, 0);
    g_signal_connect_object (connection, "notify::reconnecting",
                             G_CALLBACK (vimana_recovery_watch_connection_cb), self, 0);
    g_signal_connect_object (connection, "notify::loaded",
                             G_CALLBACK (vimana_recovery_watch_connection_cb), self, 0);
    vimana_recovery_watch_connection_cb (NULL, NULL, self);
    return self;
}

VimanaConnection *
vimana_recovery_watch_get_connection (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), NULL);
    return self->connection;
}

/**
 * vimana_recovery_watch_set_delay:
 * @self: a #VimanaRecoveryWatch
 * @seconds: how long a connection must have been lost before recovery is offered
 */
void
vimana_recovery_watch_set_delay (VimanaRecoveryWatch *self,
                                 guint                seconds)
{
    g_return_if_fail (VIMANA_IS_RECOVERY_WATCH (self));

    if (self->delay == seconds)
        return;
    self->delay = seconds;
    if (self->lost_at != 0)
        vimana_recovery_watch_arm (self);
}

guint
vimana_recovery_watch_get_delay (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), 0);
    return self->delay;
}

/**
 * vimana_recovery_watch_get_overdue:
 * @self: a #VimanaRecoveryWatch
 *
 * Returns: whether the connection was lost (not closed) at least the delay ago and is still
 */
gboolean
vimana_recovery_watch_get_overdue (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), FALSE);
    return self->overdue;
}

/**
 * vimana_recovery_watch_get_known:
 * @self: a #VimanaRecoveryWatch
 *
 * Returns: whether the guests and pools were read at least once
 */
gboolean
vimana_recovery_watch_get_known (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), FALSE);
    return self->known;
}

static gpointer
vimana_recovery_watch_copy_guest (gconstpointer guest,
                                  gpointer      user_data)
{
    return vimana_recovery_guest_copy (guest);
}

static gpointer
vimana_recovery_watch_copy_pool (gconstpointer pool,
                                 gpointer      user_data)
{
    return vimana_recovery_pool_copy (pool);
}

/**
 * vimana_recovery_watch_dup_guests:
 * @self: a #VimanaRecoveryWatch
 *
 * Returns: (transfer container) (element-type VimanaRecoveryGuest): the guests that ran at the
 *   last reading
 */
GPtrArray *
vimana_recovery_watch_dup_guests (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), NULL);
    return g_ptr_array_copy (self->guests, vimana_recovery_watch_copy_guest, NULL);
}

/**
 * vimana_recovery_watch_dup_pools:
 * @self: a #VimanaRecoveryWatch
 *
 * Returns: (transfer container) (element-type VimanaRecoveryPool): the pools at the last reading
 */
GPtrArray *
vimana_recovery_watch_dup_pools (VimanaRecoveryWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_RECOVERY_WATCH (self), NULL);
    return g_ptr_array_copy (self->pools, vimana_recovery_watch_copy_pool, NULL);
}

/**
 * vimana_recovery_watch_forget:
 * @self: a #VimanaRecoveryWatch
 * @uuid: a guest's UUID
 *
 * Drops a guest that now runs elsewhere, so that it is not offered again.
 */
void
vimana_recovery_watch_forget (VimanaRecoveryWatch *self,
                              const char          *uuid)
{
    g_return_if_fail (VIMANA_IS_RECOVERY_WATCH (self));
    g_return_if_fail (uuid != NULL);

    for (guint i = 0; i < self->guests->len; i++) {
        VimanaRecoveryGuest *guest = g_ptr_array_index (self->guests, i);

        if (g_strcmp0 (guest->uuid, uuid) == 0) {
            g_ptr_array_remove_index (self->guests, i);
            g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
            return;
        }
    }
}

static void
vimana_recovery_start_guest_job (GTask         *task,
                                 virConnectPtr  conn,
                                 virDomainPtr   dom,
                                 gpointer       data,
                                 GCancellable  *cancellable)
{
    virDomainPtr defined;
    GError *error = NULL;

    defined = virDomainDefineXMLFlags (conn, data, VIR_DOMAIN_DEFINE_VALIDATE);
    if (defined == NULL) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The guest could not be defined"));
        g_task_return_error (task, error);
        return;
    }
    if (virDomainCreate (defined) < 0) {
        vimana_error_set_from_libvirt_prefixed (&error, _("The guest was defined but did not "
                                                          "start"));
        virDomainFree (defined);
        g_task_return_error (task, error);
        return;
    }
    virDomainFree (defined);
    g_task_return_boolean (task, TRUE);
}

/**
 * vimana_recovery_start_guest_async:
 * @survivor: the host the guest is recovered on
 * @xml: the guest's definition there, from vimana_recovery_plan()
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when it runs, or failed
 * @user_data: for @callback
 *
 * Defines @xml on @survivor and starts it. A guest that was defined but did not start stays
 * defined (the error says so), so that the user can correct it there.
 */
void
vimana_recovery_start_guest_async (VimanaConnection    *survivor,
                                   const char          *xml,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (survivor));
    g_return_if_fail (xml != NULL);

    task = g_task_new (survivor, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_recovery_start_guest_async);
    vimana_connection_queue (survivor, task, vimana_recovery_start_guest_job,
                             g_strdup (xml), g_free);
}

gboolean
vimana_recovery_start_guest_finish (VimanaConnection  *survivor,
                                    GAsyncResult      *result,
                                    GError           **error)
{
    g_return_val_if_fail (g_task_is_valid (result, survivor), FALSE);
    return g_task_propagate_boolean (G_TASK (result), error);
}
