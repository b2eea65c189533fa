/* vimana-domain-addresses.h: a running guest's IP addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-domain.h"

G_BEGIN_DECLS

typedef enum
{
    VIMANA_ADDRESS_SOURCE_LEASE,    /* the host's DHCP server (libvirt's networks) */
    VIMANA_ADDRESS_SOURCE_ARP,      /* the host's neighbour table */
    VIMANA_ADDRESS_SOURCE_AGENT,    /* the guest agent, from inside the guest */
} VimanaAddressSource;

typedef struct
{
    char                *interface;  /* as the source names it: "vnet3", "eth0" */
    char                *mac;        /* lower case, nullable */
    char                *address;    /* checked: an IPv4 or IPv6 address */
    guint                prefix;
    gboolean             ipv6;
    VimanaAddressSource  source;
} VimanaDomainAddress;

void        vimana_domain_address_free           (VimanaDomainAddress *address);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaDomainAddress, vimana_domain_address_free)

VimanaDomainAddress *vimana_domain_address_new  (const char          *interface,
                                                  const char          *mac,
                                                  const char          *address,
                                                  guint                prefix,
                                                  VimanaAddressSource  source);
char       *vimana_domain_addresses_format       (GPtrArray           *addresses);

void        vimana_domain_fetch_addresses_async  (VimanaDomain        *self,
                                                  gboolean             ask_agent,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray  *vimana_domain_fetch_addresses_finish (VimanaDomain        *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
