/* vimana-connection.c: one libvirt connection, its worker thread and its guests
 *
 * Every libvirt call of the connection runs on its own VimanaWorker, in order. The main thread
 * owns the state: the list of guests (a GListStore updated in place), the connection state and
 * the reconnection timer. An open attempt carries a generation number; closing bumps it, so the
 * results and events of an abandoned attempt are recognised and dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include "vimana-connection.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vimana-auth-request.h"
#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-uri.h"
#include "vimana-worker.h"

#define VIMANA_CONNECTION_POLL_SECONDS 5
#define VIMANA_CONNECTION_MAX_BACKOFF 30

struct _VimanaConnection
{
    GObject parent_instance;

    /* owned references */
    char                  *uri;
    char                  *display_name;
    char                  *message;
    VimanaWorker          *worker;
    VimanaConnectionLink  *link;            /* while connected */
    GCancellable          *open_cancellable;
    GListStore            *domains;
    GHashTable            *by_uuid;         /* uuid → VimanaDomain, borrowed from domains */
    VimanaStatsSampler    *sampler;
    GPtrArray             *pending_refresh; /* virDomainPtr: events that came while opening */
    GListStore            *resources[VIMANA_N_RESOURCES];

    VimanaConnectionState  state;
    guint                  generation;
    guint                  reconnect_source;
    guint                  countdown_source;  /* says the seconds left, each second */
    gint64                 reconnect_at;      /* monotonic µs of the scheduled attempt */
    guint                  reconnect_attempt;
    guint                  reconnect_delay;  /* seconds, of the scheduled attempt */
    guint                  poll_source;
    gboolean               reconnecting;
    gboolean               loaded;
    gboolean               shut_down;
    gboolean               resource_loaded[VIMANA_N_RESOURCES];
    gboolean               resource_wanted[VIMANA_N_RESOURCES];  /* listed again on reconnect */
};

G_DEFINE_FINAL_TYPE (VimanaConnection, vimana_connection, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_URI,
    PROP_DISPLAY_NAME,
    PROP_STATE,
    PROP_MESSAGE,
    PROP_RECONNECTING,
    PROP_LOADED,
    PROP_RECONNECT_DELAY,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
    SIGNAL_AUTHENTICATE,
    N_SIGNALS
};

static guint signals[N_SIGNALS];

static void vimana_connection_start_open (VimanaConnection *self);
static void vimana_connection_free_dom (gpointer dom);

/* ---- jobs ---- */

/* Returns: (transfer none): the worker every job of the connection runs on */
VimanaWorker *
vimana_connection_get_worker (VimanaConnection *self)
{
    g_assert (VIMANA_IS_CONNECTION (self));
    return self->worker;
}

/* Returns: (transfer none) (nullable): the open libvirt connection, %NULL when not connected;
 * only vimana_connection_queue_full() hands it on, to the worker */
virConnectPtr
vimana_connection_get_virconnect (VimanaConnection *self)
{
    g_assert (VIMANA_IS_CONNECTION (self));
    return self->link != NULL ? self->link->conn : NULL;
}

/* ---- what the connection owns besides guests ---- */

/* Returns: (transfer none): the store of @resource, filled by its folder's code */
GListStore *
vimana_connection_get_resource_store (VimanaConnection *self,
                                      VimanaResource    resource)
{
    g_assert (VIMANA_IS_CONNECTION (self));
    g_assert (resource < VIMANA_N_RESOURCES);
    return self->resources[resource];
}

/* Returns: whether @resource was listed since the connection opened */
gboolean
vimana_connection_get_resource_loaded (VimanaConnection *self,
                                       VimanaResource    resource)
{
    g_assert (VIMANA_IS_CONNECTION (self));
    g_assert (resource < VIMANA_N_RESOURCES);
    return self->resource_loaded[resource];
}

void
vimana_connection_set_resource_loaded (VimanaConnection *self,
                                       VimanaResource    resource,
                                       gboolean          loaded)
{
    g_assert (VIMANA_IS_CONNECTION (self));
    g_assert (resource < VIMANA_N_RESOURCES);
    self->resource_loaded[resource] = loaded;
    if (loaded)
        self->resource_wanted[resource] = TRUE;
}

/* Indexed by VimanaResource. */
static const VimanaResourceKind * const vimana_connection_resource_kinds[VIMANA_N_RESOURCES] = {
    [VIMANA_RESOURCE_STORAGE_POOLS] = &vimana_storage_pool_kind,
    [VIMANA_RESOURCE_NETWORKS] = &vimana_network_kind,
    [VIMANA_RESOURCE_HOST_DEVICES] = &vimana_host_device_kind,
};

/* The connection closed: what it owned is gone with it. */
static void
vimana_connection_clear_resources (VimanaConnection *self)
{
    for (guint i = 0; i < VIMANA_N_RESOURCES; i++) {
        vimana_connection_clear_resource (self, vimana_connection_resource_kinds[i]);
        self->resource_loaded[i] = FALSE;
    }
}

/* The connection (re)opened: what a view listed before is listed again. */
static void
vimana_connection_reload_resources (VimanaConnection *self)
{
    for (guint i = 0; i < VIMANA_N_RESOURCES; i++) {
        if (self->resource_wanted[i])
            vimana_connection_reload_resource (self, vimana_connection_resource_kinds[i]);
    }
}

static void
vimana_connection_close_link_job (GTask        *task,
                                  gpointer      source_object,
                                  gpointer      task_data,
                                  GCancellable *cancellable)
{
    VimanaConnectionLink *link = task_data;

    vimana_connection_link_close (link);
    g_task_return_boolean (task, TRUE);
}

/* Closes a libvirt connection on the worker; the caller forgets it at once. */
static void
vimana_connection_release_link (VimanaConnection     *self,
                                VimanaConnectionLink *link)
{
    g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

    g_task_set_source_tag (task, vimana_connection_release_link);
    g_task_set_task_data (task, link, g_free);
    vimana_worker_push (self->worker, task, vimana_connection_close_link_job);
}

/* ---- the list of guests ---- */

static void
vimana_connection_free_doms_job (GTask        *task,
                                 gpointer      source_object,
                                 gpointer      task_data,
                                 GCancellable *cancellable)
{
    /* Released here: the task itself may be freed on the main thread. */
    g_ptr_array_set_size (task_data, 0);
    g_task_return_boolean (task, TRUE);
}

/* The connection was lost: every guest stays in the list, its state unknown, and is matched
 * by UUID when the connection is back (vimana_connection_apply_listing()), so that the
 * windows showing it carry on. Their libvirt domains belong to the lost connection: they are
 * released on the worker. */
static void
vimana_connection_keep_domains (VimanaConnection *self)
{
    g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);
    GPtrArray *doms = g_ptr_array_new_with_free_func (vimana_connection_free_dom);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

    for (guint i = 0; i < n; i++) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i);
        virDomainPtr dom = vimana_domain_mark_disconnected (domain);

        if (dom != NULL)
            g_ptr_array_add (doms, dom);
    }
    g_task_set_source_tag (task, vimana_connection_keep_domains);
    g_task_set_task_data (task, doms, (GDestroyNotify) g_ptr_array_unref);
    vimana_worker_push (self->worker, task, vimana_connection_free_doms_job);
}

static void
vimana_connection_upsert (VimanaConnection *self,
                          VimanaDomainInfo *info)
{
    VimanaDomain *domain = g_hash_table_lookup (self->by_uuid, info->uuid);
    g_autoptr(VimanaDomain) created = NULL;

    if (domain != NULL) {
        vimana_domain_apply_info (domain, info);
        return;
    }
    created = vimana_domain_new_from_info (self, info);
    g_hash_table_insert (self->by_uuid, g_strdup (info->uuid), created);
    g_list_store_append (self->domains, created);
}

void
vimana_connection_remove_domain (VimanaConnection *self,
                                 VimanaDomain     *domain)
{
    g_autoptr(VimanaDomain) hold = g_object_ref (domain);
    guint position;

    if (!g_hash_table_remove (self->by_uuid, vimana_domain_get_uuid (domain)))
        return;
    if (g_list_store_find (self->domains, domain, &position))
        g_list_store_remove (self->domains, position);
    vimana_domain_mark_removed (domain);
}

static void
vimana_connection_clear_domains (VimanaConnection *self)
{
    g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_object_unref);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));

    for (guint i = 0; i < n; i++)
        g_ptr_array_add (removed, g_list_model_get_item (G_LIST_MODEL (self->domains), i));
    g_hash_table_remove_all (self->by_uuid);
    g_list_store_remove_all (self->domains);
    for (guint i = 0; i < removed->len; i++)
        vimana_domain_mark_removed (g_ptr_array_index (removed, i));
}

/* Makes the list match a full listing: updates the guests it had, removes the ones that are
 * gone and appends the new ones in one change. */
static void
vimana_connection_apply_listing (VimanaConnection *self,
                                 GPtrArray        *infos)
{
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
    guint n;

    for (guint i = 0; i < infos->len; i++) {
        VimanaDomainInfo *info = g_ptr_array_index (infos, i);
        VimanaDomain *domain = g_hash_table_lookup (self->by_uuid, info->uuid);

        g_hash_table_add (seen, info->uuid);
        if (domain != NULL) {
            vimana_domain_apply_info (domain, info);
        } else {
            domain = vimana_domain_new_from_info (self, info);
            g_hash_table_insert (self->by_uuid, g_strdup (info->uuid), domain);
            g_ptr_array_add (added, domain);
        }
    }

    n = g_list_model_get_n_items (G_LIST_MODEL (self->domains));
    for (guint i = n; i > 0; i--) {
        g_autoptr(VimanaDomain) domain = g_list_model_get_item (G_LIST_MODEL (self->domains), i - 1);

        if (!g_hash_table_contains (seen, vimana_domain_get_uuid (domain)))
            vimana_connection_remove_domain (self, domain);
    }

    if (added->len > 0)
        g_list_store_splice (self->domains, g_list_model_get_n_items (G_LIST_MODEL (self->domains)),
                             0, added->pdata, added->len);
}

/* ---- refresh of one guest, after an event ---- */

typedef struct
{
    char         uuid[VIR_UUID_STRING_BUFLEN];
    guint        generation;
} VimanaRefreshJob;

static void
vimana_connection_refresh_job (GTask         *task,
                               virConnectPtr  conn,
                               virDomainPtr   dom,
                               gpointer       data,
                               GCancellable  *cancellable)
{
    GError *error = NULL;
    VimanaDomainInfo *info = vimana_domain_info_collect (dom, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_domain_info_free);
}

static void
vimana_connection_refresh_done_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    VimanaRefreshJob *job = vimana_job_get_data (G_TASK (result));
    g_autoptr(VimanaDomainInfo) info = NULL;
    g_autoptr(GError) error = NULL;

    info = g_task_propagate_pointer (G_TASK (result), &error);
    /* No job data: the connection closed before the job could be queued. */
    if (job == NULL || job->generation != self->generation)
        return;

    if (info != NULL) {
        vimana_connection_upsert (self, info);
    } else if (g_error_matches (error, VIMANA_ERROR, VIMANA_ERROR_NO_DOMAIN)) {
        VimanaDomain *domain = g_hash_table_lookup (self->by_uuid, job->uuid);

        if (domain != NULL)
            vimana_connection_remove_domain (self, domain);
    } else {
        g_debug ("%s: guest %s could not be read: %s", self->uri, job->uuid, error->message);
    }
}

/* Reads one guest again on the worker and updates, adds or removes its row. */
void
vimana_connection_refresh_domain (VimanaConnection *self,
                                  virDomainPtr      dom)
{
    g_autoptr(GTask) task = NULL;
    VimanaRefreshJob *job;

    g_assert (VIMANA_IS_CONNECTION (self));

    /* An event of the attempt under way, delivered before its listing was applied: read the
     * guest again once the connection is up, or its change would be lost. */
    if (self->link == NULL) {
        if (self->state == VIMANA_CONNECTION_STATE_CONNECTING) {
            virDomainRef (dom);
            g_ptr_array_add (self->pending_refresh, dom);
        }
        return;
    }

    job = g_new0 (VimanaRefreshJob, 1);
    job->generation = self->generation;
    virDomainGetUUIDString (dom, job->uuid);   /* local: no call reaches the hypervisor */

    task = g_task_new (self, NULL, vimana_connection_refresh_done_cb, NULL);
    g_task_set_source_tag (task, vimana_connection_refresh_domain);
    vimana_connection_queue_full (self, task, dom, vimana_connection_refresh_job, job, g_free);
}

/* ---- polling, for drivers without lifecycle events ---- */

static void
vimana_connection_poll_job (GTask         *task,
                            virConnectPtr  conn,
                            virDomainPtr   dom,
                            gpointer       data,
                            GCancellable  *cancellable)
{
    GError *error = NULL;
    GPtrArray *infos = vimana_domain_info_list_all (conn, &error);

    if (infos == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, infos, (GDestroyNotify) g_ptr_array_unref);
}

static void
vimana_connection_poll_done_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    guint generation = GPOINTER_TO_UINT (user_data);
    g_autoptr(GPtrArray) infos = g_task_propagate_pointer (G_TASK (result), NULL);

    if (infos != NULL && generation == self->generation)
        vimana_connection_apply_listing (self, infos);
}

static gboolean
vimana_connection_poll_cb (gpointer user_data)
{
    VimanaConnection *self = user_data;
    g_autoptr(GTask) task = NULL;

    /* Do not queue a second listing behind one that has not run yet. */
    if (vimana_worker_pending (self->worker) > 0)
        return G_SOURCE_CONTINUE;

    task = g_task_new (self, NULL, vimana_connection_poll_done_cb,
                       GUINT_TO_POINTER (self->generation));
    g_task_set_source_tag (task, vimana_connection_poll_cb);
    vimana_connection_queue (self, task, vimana_connection_poll_job, NULL, NULL);
    return G_SOURCE_CONTINUE;
}

/* ---- state ---- */

static void
vimana_connection_set_state (VimanaConnection      *self,
                             VimanaConnectionState  state,
                             const char            *message)
{
    g_object_freeze_notify (G_OBJECT (self));
    if (self->state != state) {
        self->state = state;
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
    if (g_strcmp0 (self->message, message) != 0) {
        g_free (self->message);
        self->message = g_strdup (message);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
    g_object_thaw_notify (G_OBJECT (self));
}

static void
vimana_connection_set_reconnecting (VimanaConnection *self,
                                    gboolean          reconnecting)
{
    if (self->reconnecting == reconnecting)
        return;
    self->reconnecting = reconnecting;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECTING]);
}

static void
vimana_connection_set_loaded (VimanaConnection *self,
                              gboolean          loaded)
{
    if (self->loaded == loaded)
        return;
    self->loaded = loaded;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/* Forgets the open connection (closing it on the worker) and its guests, or with
 * @keep_domains, keeps the guests for the next connection. */
static void
vimana_connection_drop_link (VimanaConnection *self,
                             gboolean          keep_domains)
{
    self->generation++;
    g_clear_handle_id (&self->poll_source, g_source_remove);
    g_ptr_array_set_size (self->pending_refresh, 0);
    if (self->sampler != NULL)
        vimana_stats_sampler_stop (self->sampler);
    if (self->open_cancellable != NULL) {
        g_cancellable_cancel (self->open_cancellable);
        g_clear_object (&self->open_cancellable);
    }
    if (self->link != NULL)
        vimana_connection_release_link (self, g_steal_pointer (&self->link));
    vimana_connection_set_loaded (self, FALSE);
    if (keep_domains)
        vimana_connection_keep_domains (self);
    else
        vimana_connection_clear_domains (self);
    vimana_connection_clear_resources (self);
}

/* Stops the scheduled attempt and its countdown. */
static void
vimana_connection_stop_reconnect_timers (VimanaConnection *self)
{
    g_clear_handle_id (&self->reconnect_source, g_source_remove);
    g_clear_handle_id (&self->countdown_source, g_source_remove);
}

/* Each second while an attempt is scheduled: the row's "Reconnecting in N s" counts down. */
static gboolean
vimana_connection_countdown_cb (gpointer user_data)
{
    VimanaConnection *self = user_data;

    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DELAY]);
    return G_SOURCE_CONTINUE;
}

static gboolean
vimana_connection_reconnect_cb (gpointer user_data)
{
    VimanaConnection *self = user_data;

    self->reconnect_source = 0;
    g_clear_handle_id (&self->countdown_source, g_source_remove);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DELAY]);
    vimana_connection_start_open (self);
    return G_SOURCE_REMOVE;
}

/* Waits 1, 2, 4… up to 30 seconds between attempts. */
static void
vimana_connection_schedule_reconnect (VimanaConnection *self)
{
    guint delay = 1u << MIN (self->reconnect_attempt, 5u);

    delay = MIN (delay, VIMANA_CONNECTION_MAX_BACKOFF);
    self->reconnect_attempt++;
    self->reconnect_delay = delay;
    vimana_connection_stop_reconnect_timers (self);
    self->reconnect_at = g_get_monotonic_time () + (gint64) delay * G_USEC_PER_SEC;
    self->reconnect_source = g_timeout_add (delay * 1000, vimana_connection_reconnect_cb, self);
    self->countdown_source = g_timeout_add (1000, vimana_connection_countdown_cb, self);
    vimana_connection_set_reconnecting (self, TRUE);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DELAY]);
    g_debug ("%s: reconnecting in %u s", self->uri, delay);
}

/**
 * vimana_connection_lost:
 * @self: a #VimanaConnection
 * @message: why, as a sentence
 *
 * The connection died under us (the daemon went away, keepalive timed out): show it as
 * disconnected with @message and try again with back-off.
 */
void
vimana_connection_lost (VimanaConnection *self,
                        const char       *message)
{
    g_assert (VIMANA_IS_CONNECTION (self));

    if (self->state != VIMANA_CONNECTION_STATE_CONNECTED)
        return;

    g_message ("%s: %s", self->uri, message);
    vimana_connection_drop_link (self, TRUE);
    vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_DISCONNECTED, message);
    if (!self->shut_down)
        vimana_connection_schedule_reconnect (self);
}

/**
 * vimana_connection_reconnect_now:
 * @self: a #VimanaConnection
 *
 * "Try now": when a reconnection is scheduled (#VimanaConnection:reconnecting), makes the
 * attempt at once instead of after the back-off. Does nothing otherwise.
 */
void
vimana_connection_reconnect_now (VimanaConnection *self)
{
    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    if (!self->reconnecting || self->reconnect_source == 0 || self->shut_down)
        return;
    vimana_connection_stop_reconnect_timers (self);
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DELAY]);
    vimana_connection_start_open (self);
}

/**
 * vimana_connection_get_reconnect_delay:
 * @self: a #VimanaConnection
 *
 * Returns: the back-off of the scheduled reconnection attempt, in seconds ("Reconnecting in
 *   N s"), or 0 when none is scheduled
 */
guint
vimana_connection_get_reconnect_delay (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), 0);

    return self->reconnect_source != 0 ? self->reconnect_delay : 0;
}

/**
 * vimana_connection_get_reconnect_remaining:
 * @self: a #VimanaConnection
 *
 * Returns: the whole seconds left until the scheduled reconnection attempt (at least 1 while
 *   one is scheduled; #VimanaConnection:reconnect-delay is notified each second), or 0 when
 *   none is scheduled
 */
guint
vimana_connection_get_reconnect_remaining (VimanaConnection *self)
{
    gint64 left;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), 0);

    if (self->reconnect_source == 0)
        return 0;
    left = self->reconnect_at - g_get_monotonic_time ();
    return (guint) MAX ((left + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 1);
}

/**
 * vimana_connection_simulate_lost:
 * @self: a #VimanaConnection
 *
 * For tests on the test driver, which cannot be stopped: behaves as if the daemon went away
 * (the connection is lost and reconnects with back-off). Does nothing unless connected.
 */
void
vimana_connection_simulate_lost (VimanaConnection *self)
{
    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    /* Not translated: only tests see it. */
    vimana_connection_lost (self, "The connection was dropped by a test.");
}

guint
vimana_connection_get_generation (VimanaConnection *self)
{
    return self->generation;
}

/* ---- opening ---- */

typedef struct
{
    VimanaConnectionLink *link;
    GPtrArray            *infos;
    gboolean              events;
} VimanaOpenResult;

static void
vimana_open_job_free (gpointer data)
{
    VimanaOpenJob *job = data;

    g_free (job->uri);
    g_weak_ref_clear (&job->connection);
    g_main_context_unref (job->context);
    g_clear_object (&job->cancellable);
    g_free (job);
}

static void
vimana_open_result_free (gpointer data)
{
    VimanaOpenResult *result = data;

    /* A result nobody took: its connection must still be closed, which the caller did by
     * handing the link to the worker. Here only memory is left. */
    g_clear_pointer (&result->infos, g_ptr_array_unref);
    g_free (result->link);
    g_free (result);
}

/* On the main thread, for the auth callback of vimana-connection-auth.c: asks whoever
 * listens to answer @request. Returns: whether someone took it. */
gboolean
vimana_connection_emit_authenticate (VimanaConnection  *self,
                                     VimanaAuthRequest *request)
{
    gboolean handled = FALSE;

    g_signal_emit (self, signals[SIGNAL_AUTHENTICATE], 0, request, &handled);
    return handled;
}

static void
vimana_connection_open_job (GTask        *task,
                            gpointer      source_object,
                            gpointer      task_data,
                            GCancellable *cancellable)
{
    static int credential_types[] = {
        VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE, VIR_CRED_ECHOPROMPT,
        VIR_CRED_NOECHOPROMPT, VIR_CRED_REALM,
    };
    VimanaOpenJob *job = task_data;
    virConnectAuth auth = {
        .credtype = credential_types,
        .ncredtype = G_N_ELEMENTS (credential_types),
        .cb = vimana_connection_auth_cb,
        .cbdata = job,
    };
    g_autoptr(VimanaConnection) connection = NULL;
    VimanaOpenResult *result;
    GError *error = NULL;
    virConnectPtr conn;

    conn = virConnectOpenAuth (job->uri, &auth, 0);
    if (conn == NULL) {
        if (g_cancellable_is_cancelled (cancellable))
            g_task_return_error_if_cancelled (task);
        else {
            job->unreachable = vimana_connection_error_is_unreachable (virGetLastError ());
            vimana_error_set_from_libvirt (&error, _("The connection could not be opened."));
            g_task_return_error (task, error);
        }
        return;
    }

    result = g_new0 (VimanaOpenResult, 1);
    result->link = g_new0 (VimanaConnectionLink, 1);
    result->link->conn = conn;

    connection = g_weak_ref_get (&job->connection);
    if (connection != NULL)
        result->events = vimana_connection_link_register (result->link, connection,
                                                          job->generation);
    result->infos = vimana_domain_info_list_all (conn, &error);
    if (result->infos == NULL) {
        vimana_connection_link_close (result->link);
        vimana_open_result_free (result);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, result, vimana_open_result_free);
}

static void
vimana_connection_open_done_cb (GObject      *object,
                                GAsyncResult *res,
                                gpointer      user_data)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    VimanaOpenJob *job = g_task_get_task_data (G_TASK (res));
    VimanaOpenResult *result;
    g_autoptr(GError) error = NULL;

    result = g_task_propagate_pointer (G_TASK (res), &error);

    if (job->generation != self->generation) {
        /* Closed while opening: close what opened. */
        if (result != NULL) {
            vimana_connection_release_link (self, g_steal_pointer (&result->link));
            vimana_open_result_free (result);
        }
        return;
    }
    g_clear_object (&self->open_cancellable);

    if (result == NULL) {
        vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_DISCONNECTED, error->message);
        /* A first attempt made while the daemon is down (a session that starts before it)
         * retries as a lost connection does. */
        if ((self->reconnecting || job->unreachable) && !self->shut_down)
            vimana_connection_schedule_reconnect (self);
        return;
    }

    self->link = g_steal_pointer (&result->link);
    self->reconnect_attempt = 0;
    vimana_connection_set_reconnecting (self, FALSE);
    vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_CONNECTED, NULL);
    vimana_connection_apply_listing (self, result->infos);
    vimana_connection_set_loaded (self, TRUE);
    for (guint i = 0; i < self->pending_refresh->len; i++)
        vimana_connection_refresh_domain (self, g_ptr_array_index (self->pending_refresh, i));
    g_ptr_array_set_size (self->pending_refresh, 0);
    vimana_connection_reload_resources (self);
    vimana_stats_sampler_start (self->sampler);
    if (!result->events) {
        g_message ("%s: no domain events; polling every %d s", self->uri,
                   VIMANA_CONNECTION_POLL_SECONDS);
        self->poll_source = g_timeout_add_seconds (VIMANA_CONNECTION_POLL_SECONDS,
                                                   vimana_connection_poll_cb, self);
    }
    vimana_open_result_free (result);
}

static void
vimana_connection_start_open (VimanaConnection *self)
{
    g_autoptr(GTask) task = NULL;
    VimanaOpenJob *job;

    self->generation++;
    g_clear_object (&self->open_cancellable);
    self->open_cancellable = g_cancellable_new ();

    job = g_new0 (VimanaOpenJob, 1);
    job->uri = g_strdup (self->uri);
    g_weak_ref_init (&job->connection, self);
    job->generation = self->generation;
    job->context = g_main_context_ref_thread_default ();
    job->cancellable = g_object_ref (self->open_cancellable);

    vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_CONNECTING, NULL);

    task = g_task_new (self, self->open_cancellable, vimana_connection_open_done_cb, NULL);
    g_task_set_source_tag (task, vimana_connection_start_open);
    /* A connection that opened after the attempt was abandoned must still reach the done
     * callback, which closes it; GTask would otherwise drop the result as cancelled. */
    g_task_set_check_cancellable (task, FALSE);
    g_task_set_task_data (task, job, vimana_open_job_free);
    vimana_worker_push (self->worker, task, vimana_connection_open_job);
}

/**
 * vimana_connection_open:
 * @self: a #VimanaConnection
 *
 * Opens the connection on its worker. Progress shows in #VimanaConnection:state; a failure
 * leaves it disconnected with #VimanaConnection:message saying why. Credentials libvirt asks
 * for are requested through #VimanaConnection::authenticate.
 */
void
vimana_connection_open (VimanaConnection *self)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VimanaUri) parsed = NULL;

    g_return_if_fail (VIMANA_IS_CONNECTION (self));
    g_return_if_fail (!self->shut_down);

    if (self->state != VIMANA_CONNECTION_STATE_DISCONNECTED)
        return;

    vimana_connection_stop_reconnect_timers (self);
    self->reconnect_attempt = 0;
    vimana_connection_set_reconnecting (self, FALSE);

    parsed = vimana_uri_parse (self->uri, &error);
    if (parsed == NULL) {
        vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_DISCONNECTED, error->message);
        return;
    }
    vimana_connection_start_open (self);
}

/**
 * vimana_connection_close:
 * @self: a #VimanaConnection
 *
 * Closes the connection (or abandons an attempt to open it) and stops reconnecting.
 */
void
vimana_connection_close (VimanaConnection *self)
{
    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    vimana_connection_stop_reconnect_timers (self);
    self->reconnect_attempt = 0;
    vimana_connection_set_reconnecting (self, FALSE);
    vimana_connection_drop_link (self, FALSE);
    vimana_connection_set_state (self, VIMANA_CONNECTION_STATE_DISCONNECTED, NULL);
}

/**
 * vimana_connection_shutdown:
 * @self: a #VimanaConnection
 *
 * Closes the connection for good and ends its worker once the queued jobs are done.
 */
void
vimana_connection_shutdown (VimanaConnection *self)
{
    g_return_if_fail (VIMANA_IS_CONNECTION (self));

    if (self->shut_down)
        return;
    vimana_connection_close (self);
    self->shut_down = TRUE;
    vimana_worker_stop (self->worker);
}

/* ---- GObject ---- */

static void
vimana_connection_dispose (GObject *object)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);

    if (self->worker != NULL)
        vimana_connection_shutdown (self);

    G_OBJECT_CLASS (vimana_connection_parent_class)->dispose (object);
}

static void
vimana_connection_finalize (GObject *object)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);

    vimana_connection_stop_reconnect_timers (self);
    g_clear_object (&self->sampler);
    g_clear_object (&self->worker);
    g_clear_object (&self->domains);
    g_clear_pointer (&self->by_uuid, g_hash_table_unref);
    g_clear_pointer (&self->pending_refresh, g_ptr_array_unref);
    for (guint i = 0; i < VIMANA_N_RESOURCES; i++)
        g_clear_object (&self->resources[i]);
    g_free (self->uri);
    g_free (self->display_name);
    g_free (self->message);

    G_OBJECT_CLASS (vimana_connection_parent_class)->finalize (object);
}

static void
vimana_connection_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        g_value_set_string (value, self->uri);
        break;
    case PROP_DISPLAY_NAME:
        g_value_set_string (value, self->display_name);
        break;
    case PROP_STATE:
        g_value_set_int (value, self->state);
        break;
    case PROP_MESSAGE:
        g_value_set_string (value, self->message);
        break;
    case PROP_RECONNECTING:
        g_value_set_boolean (value, self->reconnecting);
        break;
    case PROP_LOADED:
        g_value_set_boolean (value, self->loaded);
        break;
    case PROP_RECONNECT_DELAY:
        g_value_set_uint (value, vimana_connection_get_reconnect_delay (self));
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_connection_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);

    switch (prop_id) {
    case PROP_URI:
        self->uri = g_value_dup_string (value);
        self->display_name = vimana_uri_display_name (self->uri);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_connection_constructed (GObject *object)
{
    VimanaConnection *self = VIMANA_CONNECTION (object);
    g_autofree char *name = NULL;

    G_OBJECT_CLASS (vimana_connection_parent_class)->constructed (object);

    name = g_strdup_printf ("vimana:%.7s", self->uri);
    self->worker = vimana_worker_new (name);
    self->sampler = vimana_stats_sampler_new (self);
}

static void
vimana_connection_class_init (VimanaConnectionClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

    object_class->dispose = vimana_connection_dispose;
    object_class->finalize = vimana_connection_finalize;
    object_class->get_property = vimana_connection_get_property;
    object_class->set_property = vimana_connection_set_property;
    object_class->constructed = vimana_connection_constructed;

    properties[PROP_URI] =
        g_param_spec_string ("uri", NULL, NULL, NULL,
                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
    properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
    properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0, flags);
    properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
    properties[PROP_RECONNECTING] =
        g_param_spec_boolean ("reconnecting", NULL, NULL, FALSE, flags);
    properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
    /* The back-off of the scheduled reconnection, seconds; 0 when none is scheduled. */
    properties[PROP_RECONNECT_DELAY] =
        g_param_spec_uint ("reconnect-delay", NULL, NULL, 0, G_MAXUINT, 0, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);

    /**
     * VimanaConnection::authenticate:
     * @request: what libvirt asks for
     *
     * Emitted on the main thread while the connection opens. A handler that will answer
     * @request (now or later) returns %TRUE; when none does, the request is cancelled.
     */
    signals[SIGNAL_AUTHENTICATE] =
        g_signal_new ("authenticate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                      g_signal_accumulator_true_handled, NULL, NULL,
                      G_TYPE_BOOLEAN, 1, VIMANA_TYPE_AUTH_REQUEST);
}

static void
vimana_connection_free_dom (gpointer dom)
{
    virDomainFree (dom);
}

static void
vimana_connection_init (VimanaConnection *self)
{
    self->domains = g_list_store_new (VIMANA_TYPE_DOMAIN);
    self->by_uuid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    self->pending_refresh = g_ptr_array_new_with_free_func (vimana_connection_free_dom);
    self->resources[VIMANA_RESOURCE_STORAGE_POOLS] = g_list_store_new (VIMANA_TYPE_STORAGE_POOL);
    self->resources[VIMANA_RESOURCE_NETWORKS] = g_list_store_new (VIMANA_TYPE_NETWORK);
    self->resources[VIMANA_RESOURCE_HOST_DEVICES] = g_list_store_new (VIMANA_TYPE_HOST_DEVICE);
}

/* ---- public accessors ---- */

VimanaConnection *
vimana_connection_new (const char *uri)
{
    g_return_val_if_fail (uri != NULL, NULL);

    return g_object_new (VIMANA_TYPE_CONNECTION, "uri", uri, NULL);
}

const char *
vimana_connection_get_uri (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return self->uri;
}

/**
 * vimana_connection_is_local:
 * @self: a #VimanaConnection
 *
 * Returns: %TRUE when the URI names no other host and no network transport, so libvirt talks
 *   to a daemon on this machine over a UNIX socket and can pass file descriptors
 *   (vimana_domain_open_graphics_async())
 */
gboolean
vimana_connection_is_local (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    return !vimana_uri_is_remote (self->uri);
}

const char *
vimana_connection_get_display_name (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return self->display_name;
}

VimanaConnectionState
vimana_connection_get_state (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), VIMANA_CONNECTION_STATE_DISCONNECTED);
    return self->state;
}

/* Returns: (nullable): why the connection is disconnected, as a sentence */
const char *
vimana_connection_get_message (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return self->message;
}

gboolean
vimana_connection_get_reconnecting (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    return self->reconnecting;
}

/* Returns: whether the guests of the open connection have been listed */
gboolean
vimana_connection_get_loaded (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), FALSE);
    return self->loaded;
}

/**
 * vimana_connection_get_domains:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer none): the guests, a #GListModel of #VimanaDomain updated in place
 */
GListModel *
vimana_connection_get_domains (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return G_LIST_MODEL (self->domains);
}

/**
 * vimana_connection_get_sampler:
 * @self: a #VimanaConnection
 *
 * Returns: (transfer none): the statistics sampler; it ticks while the connection is open
 */
VimanaStatsSampler *
vimana_connection_get_sampler (VimanaConnection *self)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    return self->sampler;
}

/* Returns: (transfer none) (nullable): the guest with that UUID */
VimanaDomain *
vimana_connection_lookup_domain (VimanaConnection *self,
                                 const char       *uuid)
{
    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (uuid != NULL, NULL);

    return g_hash_table_lookup (self->by_uuid, uuid);
}

/* Returns: (transfer none) (nullable): the guest with that name */
VimanaDomain *
vimana_connection_find_domain_by_name (VimanaConnection *self,
                                       const char       *name)
{
    GHashTableIter iter;
    gpointer value;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (self), NULL);
    g_return_val_if_fail (name != NULL, NULL);

    g_hash_table_iter_init (&iter, self->by_uuid);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        if (g_strcmp0 (vimana_domain_get_name (value), name) == 0)
            return value;
    }
    return NULL;
}

const char *
vimana_connection_state_to_string (VimanaConnectionState state)
{
    switch (state) {
    case VIMANA_CONNECTION_STATE_CONNECTING:
        return _("Connecting");
    case VIMANA_CONNECTION_STATE_CONNECTED:
        return _("Connected");
    case VIMANA_CONNECTION_STATE_DISCONNECTED:
    default:
        return _("Disconnected");
    }
}
