/* vimana-network.h: one virtual network of a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the host's Networks page does to a network. */
typedef enum
{
    VIMANA_NETWORK_ACTION_START,
    VIMANA_NETWORK_ACTION_STOP,
    VIMANA_NETWORK_ACTION_AUTOSTART_ON,
    VIMANA_NETWORK_ACTION_AUTOSTART_OFF,
    /* Stops the network and forgets its definition. */
    VIMANA_NETWORK_ACTION_DELETE,
} VimanaNetworkAction;

#define VIMANA_TYPE_NETWORK (vimana_network_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNetwork, vimana_network, VIMANA, NETWORK, GObject)

typedef struct _VimanaConnection VimanaConnection;

VimanaConnection *vimana_network_get_connection   (VimanaNetwork *self);
const char       *vimana_network_get_name         (VimanaNetwork *self);
const char       *vimana_network_get_uuid         (VimanaNetwork *self);
const char       *vimana_network_get_bridge       (VimanaNetwork *self);
const char       *vimana_network_get_forward_mode (VimanaNetwork *self);
const char       *vimana_network_get_ipv4_address (VimanaNetwork *self);
guint             vimana_network_get_ipv4_prefix  (VimanaNetwork *self);
const char       *vimana_network_get_dhcp_start   (VimanaNetwork *self);
const char       *vimana_network_get_dhcp_end     (VimanaNetwork *self);
const char *const *vimana_network_get_reservation_macs (VimanaNetwork *self);
const char *const *vimana_network_get_reservation_ips  (VimanaNetwork *self);
gboolean          vimana_network_get_active       (VimanaNetwork *self);
gboolean          vimana_network_get_autostart    (VimanaNetwork *self);
gboolean          vimana_network_get_persistent   (VimanaNetwork *self);
gboolean          vimana_network_get_removed      (VimanaNetwork *self);

void              vimana_network_run_action_async  (VimanaNetwork        *self,
                                                    VimanaNetworkAction   action,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          vimana_network_run_action_finish (VimanaNetwork        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void              vimana_network_reserve_async     (VimanaNetwork        *self,
                                                    const char           *mac,
                                                    const char           *ip,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean          vimana_network_reserve_finish    (VimanaNetwork        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
