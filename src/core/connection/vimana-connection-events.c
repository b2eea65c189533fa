/* vimana-connection-events.c: libvirt events and the close callback of a connection
 *
 * Registration runs on the worker when the connection opens. libvirt-glib's event loop
 * (gvir_event_register) delivers the events on the main thread; the close callback may come on
 * any thread and is passed to the main loop. Each registration carries a
 * weak reference to the VimanaConnection and the generation of the open attempt it belongs to,
 * so a late callback from a connection that was since closed or replaced is ignored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection-private.h"
#include "vimana-error.h"
#include "vimana-network-private.h"
#include "vimana-storage-private.h"

struct _VimanaEventContext
{
    GWeakRef connection;
    guint    generation;
};

VimanaEventContext *
vimana_event_context_new (VimanaConnection *connection,
                          guint             generation)
{
    VimanaEventContext *context = g_new0 (VimanaEventContext, 1);

    g_weak_ref_init (&context->connection, connection);
    context->generation = generation;
    return context;
}

void
vimana_event_context_free (void *data)
{
    VimanaEventContext *context = data;

    g_weak_ref_clear (&context->connection);
    g_free (context);
}

/* Returns: (transfer full) (nullable): the connection, if the event is for its current link */
VimanaConnection *
vimana_event_context_get_connection (VimanaEventContext *context)
{
    VimanaConnection *connection = g_weak_ref_get (&context->connection);

    if (connection != NULL &&
        vimana_connection_get_generation (connection) != context->generation)
        g_clear_object (&connection);
    return connection;
}

static void
vimana_connection_apply_lifecycle (VimanaConnection *connection,
                                   virDomainPtr      dom,
                                   int               event)
{
    char uuid[VIR_UUID_STRING_BUFLEN];
    VimanaDomain *domain;

    /* A local accessor: no call reaches the hypervisor. */
    if (virDomainGetUUIDString (dom, uuid) < 0)
        return;
    domain = vimana_connection_lookup_domain (connection, uuid);
    if (domain == NULL)
        return;

    /* Show the new state now; the worker's snapshot follows with the rest. */
    switch (event) {
    case VIR_DOMAIN_EVENT_STARTED:
    case VIR_DOMAIN_EVENT_RESUMED:
        vimana_domain_set_state (domain, VIMANA_DOMAIN_STATE_RUNNING, TRUE);
        break;
    case VIR_DOMAIN_EVENT_SUSPENDED:
        vimana_domain_set_state (domain, VIMANA_DOMAIN_STATE_PAUSED, TRUE);
        break;
    case VIR_DOMAIN_EVENT_STOPPED:
        vimana_domain_set_state (domain, VIMANA_DOMAIN_STATE_SHUTOFF, FALSE);
        break;
    case VIR_DOMAIN_EVENT_PMSUSPENDED:
        vimana_domain_set_state (domain, VIMANA_DOMAIN_STATE_PMSUSPENDED, TRUE);
        break;
    case VIR_DOMAIN_EVENT_CRASHED:
        vimana_domain_set_state (domain, VIMANA_DOMAIN_STATE_CRASHED,
                                 vimana_domain_get_active (domain));
        break;
    default:
        break;
    }
}

static int
vimana_connection_lifecycle_cb (virConnectPtr  conn,
                                virDomainPtr   dom,
                                int            event,
                                int            detail,
                                void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    if (connection == NULL)
        return 0;

    g_debug ("%s: lifecycle event %d/%d for %s", vimana_connection_get_uri (connection),
             event, detail, virDomainGetName (dom));
    vimana_connection_apply_lifecycle (connection, dom, event);
    vimana_connection_refresh_domain (connection, dom);
    return 0;
}

/* Device and metadata events: the snapshot is read again. */
static int
vimana_connection_domain_changed_cb (virConnectPtr  conn,
                                     virDomainPtr   dom,
                                     void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);

    if (connection != NULL)
        vimana_connection_refresh_domain (connection, dom);
    return 0;
}

/* A console connected to a guest that rebooted connects again: the guest says so. */
static int
vimana_connection_reboot_cb (virConnectPtr  conn,
                             virDomainPtr   dom,
                             void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);
    char uuid[VIR_UUID_STRING_BUFLEN];
    VimanaDomain *domain;

    if (connection == NULL)
        return 0;

    vimana_connection_refresh_domain (connection, dom);
    /* A local accessor: no call reaches the hypervisor. */
    if (virDomainGetUUIDString (dom, uuid) < 0)
        return 0;
    domain = vimana_connection_lookup_domain (connection, uuid);
    if (domain != NULL) {
        g_autoptr(VimanaDomain) hold = g_object_ref (domain);

        vimana_domain_emit_rebooted (hold);
    }
    return 0;
}

/* A disk or interface came or went: the sampler reads the guest's devices again. */
static int
vimana_connection_device_cb (virConnectPtr  conn,
                             virDomainPtr   dom,
                             const char    *dev_alias,
                             void          *opaque)
{
    g_autoptr(VimanaConnection) connection = vimana_event_context_get_connection (opaque);
    char uuid[VIR_UUID_STRING_BUFLEN];

    if (connection != NULL && virDomainGetUUIDString (dom, uuid) == 0)
        vimana_stats_sampler_devices_changed (vimana_connection_get_sampler (connection), uuid);
    return vimana_connection_domain_changed_cb (conn, dom, opaque);
}

static int
vimana_connection_metadata_cb (virConnectPtr  conn,
                               virDomainPtr   dom,
                               int            type,
                               const char    *nsuri,
                               void          *opaque)
{
    return vimana_connection_domain_changed_cb (conn, dom, opaque);
}

/* What the close callback saw, carried to the main thread. */
typedef struct
{
    VimanaConnection *connection;
    guint             generation;
    int               reason;
} VimanaCloseNotice;

static void
vimana_close_notice_free (gpointer data)
{
    VimanaCloseNotice *notice = data;

    g_object_unref (notice->connection);
    g_free (notice);
}

static gboolean
vimana_connection_close_idle (gpointer data)
{
    VimanaCloseNotice *notice = data;
    const char *message;

    /* Closed or opened again meanwhile: this link is not the connection's any more. */
    if (vimana_connection_get_generation (notice->connection) != notice->generation)
        return G_SOURCE_REMOVE;

    switch (notice->reason) {
    case VIR_CONNECT_CLOSE_REASON_EOF:
        message = _("The hypervisor closed the connection.");
        break;
    case VIR_CONNECT_CLOSE_REASON_KEEPALIVE:
        message = _("The hypervisor stopped answering.");
        break;
    case VIR_CONNECT_CLOSE_REASON_ERROR:
    default:
        message = _("The connection to the hypervisor failed.");
        break;
    }
    vimana_connection_lost (notice->connection, message);
    return G_SOURCE_REMOVE;
}

/* libvirt calls this from whichever thread saw the socket go: the main loop's watch, or the
 * worker when its call found the daemon gone. It holds the client's lock meanwhile. So the
 * news waits for the main loop, outside that lock; the worker never touches the connection's
 * state, and nothing here calls back into libvirt. */
static void
vimana_connection_close_cb (virConnectPtr  conn,
                            int            reason,
                            void          *opaque)
{
    VimanaEventContext *context = opaque;
    VimanaCloseNotice *notice;
    VimanaConnection *connection;

    if (reason == VIR_CONNECT_CLOSE_REASON_CLIENT)
        return;
    connection = g_weak_ref_get (&context->connection);
    if (connection == NULL)
        return;
    notice = g_new0 (VimanaCloseNotice, 1);
    notice->connection = connection;
    notice->generation = context->generation;
    notice->reason = reason;
    g_idle_add_full (G_PRIORITY_DEFAULT, vimana_connection_close_idle, notice, vimana_close_notice_free);
}

static gboolean
vimana_connection_link_add_event (VimanaConnectionLink                *link,
                                  VimanaConnection                    *connection,
                                  guint                                generation,
                                  int                                  event_id,
                                  virConnectDomainEventGenericCallback callback)
{
    int id;

    g_assert (link->n_event_ids < VIMANA_CONNECTION_MAX_EVENTS);

    id = virConnectDomainEventRegisterAny (link->conn, NULL, event_id, callback,
                                           vimana_event_context_new (connection, generation),
                                           vimana_event_context_free);
    if (id < 0) {
        g_debug ("Domain event %d is not available: %s", event_id, virGetLastErrorMessage ());
        virResetLastError ();
        return FALSE;
    }
    link->event_ids[link->n_event_ids++] = id;
    return TRUE;
}

/**
 * vimana_connection_link_register:
 * @link: a link whose connection just opened
 * @connection: the connection the callbacks report to
 * @generation: the open attempt the link belongs to
 *
 * Runs on the worker: sets up keepalive, the close callback and the domain events.
 *
 * Returns: %TRUE when lifecycle events are delivered; %FALSE means the state must be polled
 */
gboolean
vimana_connection_link_register (VimanaConnectionLink *link,
                                 VimanaConnection     *connection,
                                 guint                 generation)
{
    gboolean lifecycle;

    /* Local drivers refuse keepalive: they cannot die under us. */
    if (virConnectSetKeepAlive (link->conn, 5, 3) < 0)
        virResetLastError ();

    /* Drivers without close callbacks accept the registration and drop it, never calling
     * the free function: the link owns the data and frees it after unregistering. */
    link->close_context = vimana_event_context_new (connection, generation);
    if (virConnectRegisterCloseCallback (link->conn, vimana_connection_close_cb,
                                         link->close_context, NULL) < 0) {
        virResetLastError ();
        g_clear_pointer (&link->close_context, vimana_event_context_free);
    }

    lifecycle = vimana_connection_link_add_event (
        link, connection, generation, VIR_DOMAIN_EVENT_ID_LIFECYCLE,
        VIR_DOMAIN_EVENT_CALLBACK (vimana_connection_lifecycle_cb));
    vimana_connection_link_add_event (
        link, connection, generation, VIR_DOMAIN_EVENT_ID_REBOOT,
        VIR_DOMAIN_EVENT_CALLBACK (vimana_connection_reboot_cb));
    vimana_connection_link_add_event (
        link, connection, generation, VIR_DOMAIN_EVENT_ID_DEVICE_ADDED,
        VIR_DOMAIN_EVENT_CALLBACK (vimana_connection_device_cb));
    vimana_connection_link_add_event (
        link, connection, generation, VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED,
        VIR_DOMAIN_EVENT_CALLBACK (vimana_connection_device_cb));
    vimana_connection_link_add_event (
        link, connection, generation, VIR_DOMAIN_EVENT_ID_METADATA_CHANGE,
        VIR_DOMAIN_EVENT_CALLBACK (vimana_connection_metadata_cb));
    /* What the connection owns besides guests keeps its own events in its folder. */
    vimana_storage_link_register (link, connection, generation);
    vimana_network_link_register (link, connection, generation);

    return lifecycle;
}

/* Runs on the worker: undoes the registrations and closes the libvirt connection. */
void
vimana_connection_link_close (VimanaConnectionLink *link)
{
    if (link->conn == NULL)
        return;

    for (guint i = 0; i < link->n_event_ids; i++) {
        if (virConnectDomainEventDeregisterAny (link->conn, link->event_ids[i]) < 0)
            virResetLastError ();
    }
    link->n_event_ids = 0;
    vimana_storage_link_close (link);
    vimana_network_link_close (link);
    if (link->close_context != NULL) {
        if (virConnectUnregisterCloseCallback (link->conn, vimana_connection_close_cb) < 0)
            virResetLastError ();
        g_clear_pointer (&link->close_context, vimana_event_context_free);
    }

    if (virConnectClose (link->conn) < 0)
        virResetLastError ();
    link->conn = NULL;
}
