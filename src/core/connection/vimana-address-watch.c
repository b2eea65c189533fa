/* vimana-address-watch.c: keeps the IP addresses of a connection's running guests current
 *
 * While something shows every guest's address (the list's IP address column), a watch reads
 * them all in one job on the connection's worker every VIMANA_ADDRESS_WATCH_SECONDS, and
 * again soon after the connection comes up: each running guest's DHCP leases, else the
 * host's ARP table (vimana_domain_addresses_collect ()). Both are answered by libvirtd from
 * files and the kernel, without the guest; the guest agent is never asked here (a guest
 * without one would make each round wait for its timeout). The answers become each guest's
 * VimanaDomain:addresses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-connection"

#include "config.h"

#include "vimana-address-watch.h"

#include <glib/gi18n-lib.h>

#include "vimana-connection-private.h"
#include "vimana-domain-addresses.h"
#include "vimana-error.h"

struct _VimanaAddressWatch
{
    GObject parent_instance;

    /* owned references */
    VimanaConnection *connection;
    GCancellable     *cancellable;

    guint             timeout_source;
    gboolean          busy;
    gboolean          again;          /* a refresh was asked while one ran */
    guint             rounds;
};

G_DEFINE_FINAL_TYPE (VimanaAddressWatch, vimana_address_watch, G_TYPE_OBJECT)

/* On the worker: UUID → the formatted addresses ("" when the host knows none). */
static void
vimana_address_watch_job (GTask         *task,
                          virConnectPtr  conn,
                          virDomainPtr   unused,
                          gpointer       data,
                          GCancellable  *cancellable)
{
    g_autoptr(GHashTable) result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    GError *error = NULL;

    if (n < 0) {
        vimana_error_set_from_libvirt (&error, _("The running guests could not be listed."));
        g_task_return_error (task, error);
        return;
    }
    for (int i = 0; i < n; i++) {
        char uuid[VIR_UUID_STRING_BUFLEN];
        g_autoptr(GPtrArray) addresses = NULL;

        if (!g_cancellable_is_cancelled (cancellable) &&
            virDomainGetUUIDString (doms[i], uuid) == 0) {
            g_autofree char *text = NULL;

            addresses = vimana_domain_addresses_collect (doms[i], FALSE, NULL);
            text = vimana_domain_addresses_format (addresses);
            g_hash_table_insert (result, g_strdup (uuid), text ? g_steal_pointer (&text)
                                                               : g_strdup (""));
        }
        virResetLastError ();
        virDomainFree (doms[i]);
    }
    free (doms);   /* allocated by libvirt */
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) g_hash_table_unref);
}

static void vimana_address_watch_start (VimanaAddressWatch *self);

static void
vimana_address_watch_done_cb (GObject      *source,
                              GAsyncResult *result,
                              gpointer      user_data)
{
    VimanaAddressWatch *self = VIMANA_ADDRESS_WATCH (source);
    g_autoptr(GHashTable) addresses = g_task_propagate_pointer (G_TASK (result), NULL);

    self->busy = FALSE;
    if (addresses != NULL) {
        GHashTableIter iter;
        gpointer uuid, text;

        g_hash_table_iter_init (&iter, addresses);
        while (g_hash_table_iter_next (&iter, &uuid, &text)) {
            VimanaDomain *domain = vimana_connection_lookup_domain (self->connection, uuid);

            if (domain != NULL)
                vimana_domain_set_addresses (domain, *(char *) text != '\0' ? text : NULL);
        }
        self->rounds++;
    }
    if (self->again) {
        self->again = FALSE;
        vimana_address_watch_start (self);
    }
}

static void
vimana_address_watch_start (VimanaAddressWatch *self)
{
    g_autoptr(GTask) task = NULL;

    if (self->connection == NULL)
        return;
    if (self->busy) {
        self->again = TRUE;
        return;
    }
    if (vimana_connection_get_state (self->connection) != VIMANA_CONNECTION_STATE_CONNECTED)
        return;
    self->busy = TRUE;
    task = g_task_new (self, self->cancellable, vimana_address_watch_done_cb, NULL);
    g_task_set_source_tag (task, vimana_address_watch_start);
    vimana_connection_queue (self->connection, task, vimana_address_watch_job, NULL, NULL);
}

static gboolean
vimana_address_watch_tick_cb (gpointer user_data)
{
    vimana_address_watch_start (user_data);
    return G_SOURCE_CONTINUE;
}

static void
vimana_address_watch_state_cb (GObject    *connection,
                               GParamSpec *pspec,
                               gpointer    user_data)
{
    VimanaAddressWatch *self = user_data;

    if (vimana_connection_get_state (self->connection) == VIMANA_CONNECTION_STATE_CONNECTED &&
        vimana_connection_get_loaded (self->connection))
        vimana_address_watch_start (self);
}

/**
 * vimana_address_watch_refresh:
 * @self: a #VimanaAddressWatch
 *
 * Reads every running guest's addresses now (after the round that runs, if one does).
 */
void
vimana_address_watch_refresh (VimanaAddressWatch *self)
{
    g_return_if_fail (VIMANA_IS_ADDRESS_WATCH (self));
    vimana_address_watch_start (self);
}

/**
 * vimana_address_watch_get_rounds:
 * @self: a #VimanaAddressWatch
 *
 * Returns: how many rounds have brought their answers so far
 */
guint
vimana_address_watch_get_rounds (VimanaAddressWatch *self)
{
    g_return_val_if_fail (VIMANA_IS_ADDRESS_WATCH (self), 0);
    return self->rounds;
}

static void
vimana_address_watch_dispose (GObject *object)
{
    VimanaAddressWatch *self = VIMANA_ADDRESS_WATCH (object);

    g_cancellable_cancel (self->cancellable);
    g_clear_handle_id (&self->timeout_source, g_source_remove);
    if (self->connection != NULL)
        g_signal_handlers_disconnect_by_data (self->connection, self);
    g_clear_object (&self->connection);
    g_clear_object (&self->cancellable);

    G_OBJECT_CLASS (vimana_address_watch_parent_class)->dispose (object);
}

static void
vimana_address_watch_class_init (VimanaAddressWatchClass *klass)
{
    G_OBJECT_CLASS (klass)->dispose = vimana_address_watch_dispose;
}

static void
vimana_address_watch_init (VimanaAddressWatch *self)
{
    self->cancellable = g_cancellable_new ();
}

/**
 * vimana_address_watch_new:
 * @connection: a #VimanaConnection
 *
 * Returns: (transfer full): a watch that keeps @connection's running guests' addresses
 *   current until it is dropped; it reads them at once when connected
 */
VimanaAddressWatch *
vimana_address_watch_new (VimanaConnection *connection)
{
    VimanaAddressWatch *self;

    g_return_val_if_fail (VIMANA_IS_CONNECTION (connection), NULL);

    self = g_object_new (VIMANA_TYPE_ADDRESS_WATCH, NULL);
    self->connection = g_object_ref (connection);
    g_signal_connect_object (connection, "notify::state",
                             G_CALLBACK (vimana_address_watch_state_cb), self, 0);
    g_signal_connect_object (connection, "notify::loaded",
                             G_CALLBACK (vimana_address_watch_state_cb), self, 0);
    self->timeout_source = g_timeout_add_seconds (VIMANA_ADDRESS_WATCH_SECONDS,
                                                  vimana_address_watch_tick_cb, self);
    vimana_address_watch_state_cb (NULL, NULL, self);
    return self;
}
