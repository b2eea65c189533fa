/* vimana-network-leases.h: a virtual network's DHCP leases and its XML, read on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "vimana-network.h"

G_BEGIN_DECLS

/* One DHCP lease of a network (vimana_resource_users_guest_for_mac () names its guest). */
typedef struct
{
    char   *mac;        /* lower case */
    char   *ip;         /* "192.168.122.50" or an IPv6 address */
    guint   prefix;
    char   *hostname;   /* nullable: what the guest told the DHCP server */
    gint64  expiry;     /* seconds since the epoch; 0: never */
} VimanaNetworkLease;

void       vimana_network_lease_free          (VimanaNetworkLease  *lease);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaNetworkLease, vimana_network_lease_free)

void       vimana_network_get_leases_async    (VimanaNetwork        *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray *vimana_network_get_leases_finish   (VimanaNetwork        *self,
                                               GAsyncResult         *result,
                                               GError              **error);
void       vimana_network_get_xml_async       (VimanaNetwork        *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char      *vimana_network_get_xml_finish      (VimanaNetwork        *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
