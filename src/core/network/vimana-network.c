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
    g_assert (VIMANA_IS_NETWORK (self));

    g_object_freeze_notify (G_OBJECT (self));
    VIMANA_NETWORK_UPDATE_STRING (uuid, info->uuid, PROP_UUID);
    VIMANA_NETWORK_UPDATE_STRING (bridge, info->bridge, PROP_BRIDGE);
    VIMANA_NETWORK_UPDATE_STRING (forward_mode, info->forward_mode, PROP_FORWARD_MODE);
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
