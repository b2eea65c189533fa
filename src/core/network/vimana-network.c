/* vimana-network.c: one virtual network of a connection
 *
 * A VimanaNetwork mirrors what the worker read last (VimanaNetworkInfo); the connection keeps
 * it current from libvirt's network events and notifies only what changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "vimana-network"

#include "config.h"

#include "vimana-network.h"

#include <glib/gi18n-lib.h>

#include "vimana-error.h"
#include "vimana-list-sync.h"
#include "vimana-network-private.h"

struct _VimanaNetwork
{
    GObject parent_instance;

    /* borrowed references */
    VimanaConnection *connection;   /* weak */

    /* owned references */
    char             *name;
    char             *uuid;
    char             *bridge;
    char             *forward_mode;
    char             *ipv4_address;
    char             *dhcp_start;
    char             *dhcp_end;
    guint             ipv4_prefix;
    GStrv             reservation_macs;
    GStrv             reservation_ips;

    gboolean          active;
    gboolean          autostart;
    gboolean          persistent;
    gboolean          removed;
};

G_DEFINE_FINAL_TYPE (VimanaNetwork, vimana_network, G_TYPE_OBJECT)

enum {
    PROP_0,
    PROP_NAME,
    PROP_UUID,
    PROP_BRIDGE,
    PROP_FORWARD_MODE,
    PROP_IPV4_ADDRESS,
    PROP_IPV4_PREFIX,
    PROP_DHCP_START,
    PROP_DHCP_END,
    PROP_RESERVATIONS,
    PROP_ACTIVE,
    PROP_AUTOSTART,
    PROP_PERSISTENT,
    PROP_REMOVED,
    N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vimana_network_finalize (GObject *object)
{
    VimanaNetwork *self = VIMANA_NETWORK (object);

    if (self->connection != NULL)
        g_object_remove_weak_pointer (G_OBJECT (self->connection), (gpointer *) &self->connection);
    g_free (self->name);
    g_free (self->uuid);
    g_free (self->bridge);
    g_free (self->forward_mode);
    g_free (self->ipv4_address);
    g_free (self->dhcp_start);
    g_free (self->dhcp_end);
    g_strfreev (self->reservation_macs);
    g_strfreev (self->reservation_ips);

    G_OBJECT_CLASS (vimana_network_parent_class)->finalize (object);
}

static void
vimana_network_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
    VimanaNetwork *self = VIMANA_NETWORK (object);

    switch (prop_id) {
    case PROP_NAME:
        g_value_set_string (value, self->name);
        break;
    case PROP_UUID:
        g_value_set_string (value, self->uuid);
        break;
    case PROP_BRIDGE:
        g_value_set_string (value, self->bridge);
        break;
    case PROP_FORWARD_MODE:
        g_value_set_string (value, self->forward_mode);
        break;
    case PROP_IPV4_ADDRESS:
        g_value_set_string (value, self->ipv4_address);
        break;
    case PROP_IPV4_PREFIX:
        g_value_set_uint (value, self->ipv4_prefix);
        break;
    case PROP_DHCP_START:
        g_value_set_string (value, self->dhcp_start);
        break;
    case PROP_DHCP_END:
        g_value_set_string (value, self->dhcp_end);
        break;
    case PROP_RESERVATIONS:
        g_value_set_boxed (value, self->reservation_macs);
        break;
    case PROP_ACTIVE:
        g_value_set_boolean (value, self->active);
        break;
    case PROP_AUTOSTART:
        g_value_set_boolean (value, self->autostart);
        break;
    case PROP_PERSISTENT:
        g_value_set_boolean (value, self->persistent);
        break;
    case PROP_REMOVED:
        g_value_set_boolean (value, self->removed);
        break;
    default:
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vimana_network_class_init (VimanaNetworkClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

    object_class->finalize = vimana_network_finalize;
    object_class->get_property = vimana_network_get_property;

    properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
    properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, flags);
    properties[PROP_BRIDGE] = g_param_spec_string ("bridge", NULL, NULL, NULL, flags);
    properties[PROP_FORWARD_MODE] = g_param_spec_string ("forward-mode", NULL, NULL, NULL, flags);
    properties[PROP_IPV4_ADDRESS] = g_param_spec_string ("ipv4-address", NULL, NULL, NULL, flags);
    properties[PROP_IPV4_PREFIX] = g_param_spec_uint ("ipv4-prefix", NULL, NULL, 0, 32, 0, flags);
    properties[PROP_DHCP_START] = g_param_spec_string ("dhcp-start", NULL, NULL, NULL, flags);
    properties[PROP_DHCP_END] = g_param_spec_string ("dhcp-end", NULL, NULL, NULL, flags);
    properties[PROP_RESERVATIONS] = g_param_spec_boxed ("reservations", NULL, NULL, G_TYPE_STRV,
                                                        flags);
    properties[PROP_ACTIVE] = g_param_spec_boolean ("active", NULL, NULL, FALSE, flags);
    properties[PROP_AUTOSTART] = g_param_spec_boolean ("autostart", NULL, NULL, FALSE, flags);
    properties[PROP_PERSISTENT] = g_param_spec_boolean ("persistent", NULL, NULL, FALSE, flags);
    properties[PROP_REMOVED] = g_param_spec_boolean ("removed", NULL, NULL, FALSE, flags);
    g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vimana_network_init (VimanaNetwork *self)
{
}

/* ---- snapshots ---- */

VimanaNetwork *
vimana_network_new_from_info (VimanaConnection  *connection,
                              VimanaNetworkInfo *info)
{
    VimanaNetwork *self = g_object_new (VIMANA_TYPE_NETWORK, NULL);

    self->connection = connection;
    g_object_add_weak_pointer (G_OBJECT (connection), (gpointer *) &self->connection);
    self->name = g_strdup (info->name);
    vimana_network_apply_info (self, info);
    return self;
}

#define VIMANA_NETWORK_UPDATE(field, value, prop) \
    VIMANA_OBJECT_UPDATE (self, self->field, value, properties[prop])
#define VIMANA_NETWORK_UPDATE_STRING(field, value, prop) \
    vimana_object_update_string (G_OBJECT (self), &self->field, value, properties[prop])

/* Applies a snapshot read on the worker; notifies only what changed. */
void
vimana_network_apply_info (VimanaNetwork     *self,
                           VimanaNetworkInfo *info)
{
    static const char * const empty[] = { NULL };

    g_assert (VIMANA_IS_NETWORK (self));

    g_object_freeze_notify (G_OBJECT (self));
    VIMANA_NETWORK_UPDATE_STRING (uuid, info->uuid, PROP_UUID);
    VIMANA_NETWORK_UPDATE_STRING (bridge, info->bridge, PROP_BRIDGE);
    VIMANA_NETWORK_UPDATE_STRING (forward_mode, info->forward_mode, PROP_FORWARD_MODE);
    VIMANA_NETWORK_UPDATE_STRING (ipv4_address, info->ipv4_address, PROP_IPV4_ADDRESS);
    VIMANA_NETWORK_UPDATE (ipv4_prefix, info->ipv4_prefix, PROP_IPV4_PREFIX);
    VIMANA_NETWORK_UPDATE_STRING (dhcp_start, info->dhcp_start, PROP_DHCP_START);
    VIMANA_NETWORK_UPDATE_STRING (dhcp_end, info->dhcp_end, PROP_DHCP_END);
    if (!g_strv_equal ((const char * const *) (self->reservation_macs ? self->reservation_macs
                                                                       : (GStrv) empty),
                       (const char * const *) (info->reservation_macs ? info->reservation_macs
                                                                      : (GStrv) empty)) ||
        !g_strv_equal ((const char * const *) (self->reservation_ips ? self->reservation_ips
                                                                      : (GStrv) empty),
                       (const char * const *) (info->reservation_ips ? info->reservation_ips
                                                                     : (GStrv) empty))) {
        g_strfreev (self->reservation_macs);
        g_strfreev (self->reservation_ips);
        self->reservation_macs = g_strdupv (info->reservation_macs);
        self->reservation_ips = g_strdupv (info->reservation_ips);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESERVATIONS]);
    }
    VIMANA_NETWORK_UPDATE (active, info->active, PROP_ACTIVE);
    VIMANA_NETWORK_UPDATE (autostart, info->autostart, PROP_AUTOSTART);
    VIMANA_NETWORK_UPDATE (persistent, info->persistent, PROP_PERSISTENT);
    g_object_thaw_notify (G_OBJECT (self));
}

#undef VIMANA_NETWORK_UPDATE
#undef VIMANA_NETWORK_UPDATE_STRING

/* The network was undefined, or its connection closed. */
void
vimana_network_mark_removed (VimanaNetwork *self)
{
    g_assert (VIMANA_IS_NETWORK (self));

    if (self->removed)
        return;
    self->removed = TRUE;
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOVED]);
}

/* ---- accessors ---- */

/* Returns: (transfer none) (nullable): the connection the network belongs to */
VimanaConnection *
vimana_network_get_connection (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->connection;
}

const char *
vimana_network_get_name (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->name;
}

const char *
vimana_network_get_uuid (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->uuid;
}

/* Returns: (nullable): the host bridge the network's guests are plugged into: "virbr0" */
const char *
vimana_network_get_bridge (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->bridge;
}

/* Returns: (nullable): how it reaches outside: "nat", "route", "open", "bridge"…; %NULL when
 * isolated */
const char *
vimana_network_get_forward_mode (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->forward_mode;
}

gboolean
vimana_network_get_active (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), FALSE);
    return self->active;
}

gboolean
vimana_network_get_autostart (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), FALSE);
    return self->autostart;
}

gboolean
vimana_network_get_persistent (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), FALSE);
    return self->persistent;
}

gboolean
vimana_network_get_removed (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), TRUE);
    return self->removed;
}

/* Returns: (nullable): the host's IPv4 address on the network */
const char *
vimana_network_get_ipv4_address (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->ipv4_address;
}

/* Returns: the IPv4 prefix length, 0 when the network has no IPv4 address */
guint
vimana_network_get_ipv4_prefix (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), 0);
    return self->ipv4_prefix;
}

/* Returns: (nullable): the first address the network's DHCP server gives */
const char *
vimana_network_get_dhcp_start (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->dhcp_start;
}

/* Returns: (nullable): the last address the network's DHCP server gives */
const char *
vimana_network_get_dhcp_end (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return self->dhcp_end;
}

/* Returns: (transfer none) (array zero-terminated=1) (nullable): the reserved MAC addresses */
const char *const *
vimana_network_get_reservation_macs (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return (const char * const *) self->reservation_macs;
}

/* Returns: (transfer none) (array zero-terminated=1) (nullable): the IP address reserved for each
 *   MAC address of vimana_network_get_reservation_macs(), in the same order */
const char *const *
vimana_network_get_reservation_ips (VimanaNetwork *self)
{
    g_return_val_if_fail (VIMANA_IS_NETWORK (self), NULL);
    return (const char * const *) self->reservation_ips;
}

/* ---- actions ---- */

typedef struct
{
    char                *name;
    VimanaNetworkAction  action;
} VimanaNetworkActionJob;

static void
vimana_network_action_job_free (gpointer data)
{
    VimanaNetworkActionJob *job = data;

    g_free (job->name);
    g_free (job);
}

static void
vimana_network_action_job (GTask         *task,
                           virConnectPtr  conn,
                           virDomainPtr   dom,
                           gpointer       data,
                           GCancellable  *cancellable)
{
    VimanaNetworkActionJob *job = data;
    VimanaNetworkInfo *info;
    GError *error = NULL;

    if (!vimana_network_job_action (conn, job->name, job->action, &error)) {
        g_task_return_error (task, error);
        return;
    }
    if (job->action == VIMANA_NETWORK_ACTION_DELETE) {
        /* A NULL snapshot says that the network is gone. */
        g_task_return_pointer (task, NULL, NULL);
        return;
    }
    /* Read back at once: changing autostart sends no event. */
    info = vimana_network_job_read (conn, job->name, FALSE, &error);
    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_network_info_free);
}

/**
 * vimana_network_run_action_async:
 * @self: a #VimanaNetwork
 * @action: what to do
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Starts, stops or deletes the network, or sets whether it starts with the host. The finish
 * updates the network in place, or takes a deleted one out of the connection's list.
 */
void
vimana_network_run_action_async (VimanaNetwork        *self,
                                 VimanaNetworkAction   action,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data)
{
    g_autoptr(GTask) task = NULL;
    VimanaNetworkActionJob *job;

    g_return_if_fail (VIMANA_IS_NETWORK (self));
    g_return_if_fail (action <= VIMANA_NETWORK_ACTION_DELETE);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_network_run_action_async);
    g_task_set_task_data (task, GINT_TO_POINTER (action), NULL);
    if (self->connection == NULL || self->removed) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                                 _("The virtual network “%s” no longer exists."), self->name);
        return;
    }
    job = g_new0 (VimanaNetworkActionJob, 1);
    job->name = g_strdup (self->name);
    job->action = action;
    vimana_connection_queue (self->connection, task, vimana_network_action_job, job,
                             vimana_network_action_job_free);
}

gboolean
vimana_network_run_action_finish (VimanaNetwork  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
    g_autoptr(VimanaNetworkInfo) info = NULL;
    g_autoptr(GError) local_error = NULL;
    gboolean deleted;

    g_return_val_if_fail (VIMANA_IS_NETWORK (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    deleted = GPOINTER_TO_INT (g_task_get_task_data (G_TASK (result))) ==
              VIMANA_NETWORK_ACTION_DELETE;
    info = g_task_propagate_pointer (G_TASK (result), &local_error);
    if (local_error != NULL) {
        g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
    }
    if (self->connection == NULL || self->removed)
        return TRUE;
    vimana_connection_apply_resource_item (self->connection, &vimana_network_kind, self->name,
                                           deleted ? NULL : info);
    return TRUE;
}

/* ---- DHCP reservations ---- */

typedef struct
{
    char *name;
    char *mac;
    char *ip;
} VimanaNetworkReserve;

static void
vimana_network_reserve_free (gpointer data)
{
    VimanaNetworkReserve *reserve = data;

    g_free (reserve->name);
    g_free (reserve->mac);
    g_free (reserve->ip);
    g_free (reserve);
}

static void
vimana_network_reserve_job (GTask         *task,
                            virConnectPtr  conn,
                            virDomainPtr   dom,
                            gpointer       data,
                            GCancellable  *cancellable)
{
    VimanaNetworkReserve *reserve = data;
    GError *error = NULL;
    VimanaNetworkInfo *info = vimana_network_job_reserve (conn, reserve->name, reserve->mac,
                                                          reserve->ip, &error);

    if (info == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, info, (GDestroyNotify) vimana_network_info_free);
}

/**
 * vimana_network_reserve_async:
 * @self: a #VimanaNetwork
 * @mac: a guest NIC's MAC address
 * @ip: (nullable): the IPv4 address DHCP always gives it; %NULL removes @mac's reservation
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main context when done
 * @user_data: data for @callback
 *
 * Adds or removes a DHCP reservation, live and in the network's definition. A new one is
 * checked first (vimana_network_check_reservation()): nothing reaches libvirt unchecked.
 */
void
vimana_network_reserve_async (VimanaNetwork       *self,
                              const char          *mac,
                              const char          *ip,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
    g_autoptr(GTask) task = NULL;
    g_autoptr(GError) error = NULL;
    VimanaNetworkReserve *reserve;
    gboolean mac_field;

    g_return_if_fail (VIMANA_IS_NETWORK (self));
    g_return_if_fail (mac != NULL);

    task = g_task_new (self, cancellable, callback, user_data);
    g_task_set_source_tag (task, vimana_network_reserve_async);
    if (self->connection == NULL || self->removed) {
        g_task_return_new_error (task, VIMANA_ERROR, VIMANA_ERROR_NOT_FOUND,
                                 _("The virtual network “%s” no longer exists."), self->name);
        return;
    }
    if (ip != NULL &&
        !vimana_network_check_reservation (self->ipv4_address, self->ipv4_prefix,
                                           (const char * const *) self->reservation_macs,
                                           (const char * const *) self->reservation_ips, mac, ip,
                                           &mac_field, &error)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    if (ip == NULL && !vimana_network_check_mac (mac, &error)) {
        g_task_return_error (task, g_steal_pointer (&error));
        return;
    }
    reserve = g_new0 (VimanaNetworkReserve, 1);
    reserve->name = g_strdup (self->name);
    reserve->mac = g_ascii_strdown (mac, -1);
    reserve->ip = g_strdup (ip);
    vimana_connection_queue (self->connection, task, vimana_network_reserve_job, reserve,
                             vimana_network_reserve_free);
}

gboolean
vimana_network_reserve_finish (VimanaNetwork  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
    g_autoptr(VimanaNetworkInfo) info = NULL;

    g_return_val_if_fail (VIMANA_IS_NETWORK (self), FALSE);
    g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

    info = g_task_propagate_pointer (G_TASK (result), error);
    if (info == NULL)
        return FALSE;
    if (!self->removed)
        vimana_network_apply_info (self, info);
    return TRUE;
}
