/* vimana-network-private.h: what the core's own files share about virtual networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libvirt/libvirt.h>

#include "vimana-connection-private.h"
#include "vimana-network.h"
#include "vimana-network-xml.h"

G_BEGIN_DECLS

/* A network read on the worker. */
typedef struct
{
    char     *name;
    char      uuid[VIR_UUID_STRING_BUFLEN];
    char     *bridge;         /* nullable */
    char     *forward_mode;   /* "nat", "route", "open", "bridge"…; NULL for an isolated one */
    char     *ipv4_address;   /* the host's address on the network; nullable */
    guint     ipv4_prefix;
    char     *dhcp_start;     /* the first IPv4 DHCP range; nullable */
    char     *dhcp_end;
    GStrv     reservation_macs; /* DHCP reservations: MAC → IP, in the same order */
    GStrv     reservation_ips;
    gboolean  active;
    gboolean  autostart;
    gboolean  persistent;
} VimanaNetworkInfo;

void               vimana_network_info_free         (VimanaNetworkInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaNetworkInfo, vimana_network_info_free)

/* On the worker: the only calls of libvirt's network API (vimana-connection-networks.c). */
GPtrArray         *vimana_network_job_list          (virConnectPtr       conn,
                                                     gboolean            detail,
                                                     GError            **error);
VimanaNetworkInfo *vimana_network_job_read          (virConnectPtr       conn,
                                                     const char         *name,
                                                     gboolean            detail,
                                                     GError            **error);
gboolean           vimana_network_job_ensure_active (virConnectPtr       conn,
                                                     const char         *name,
                                                     GError            **error);
gboolean           vimana_network_job_action        (virConnectPtr        conn,
                                                     const char          *name,
                                                     VimanaNetworkAction  action,
                                                     GError             **error);
VimanaNetworkInfo *vimana_network_job_create        (virConnectPtr             conn,
                                                     const VimanaNetworkSpec  *spec,
                                                     GError                  **error);

VimanaNetworkInfo *vimana_network_job_reserve       (virConnectPtr        conn,
                                                     const char          *name,
                                                     const char          *mac,
                                                     const char          *ip,
                                                     GError             **error);

/* On the main thread (vimana-network.c). */
VimanaNetwork     *vimana_network_new_from_info     (VimanaConnection   *connection,
                                                     VimanaNetworkInfo  *info);
void               vimana_network_apply_info        (VimanaNetwork      *self,
                                                     VimanaNetworkInfo  *info);
void               vimana_network_mark_removed      (VimanaNetwork      *self);

/* The connection's networks (vimana-connection-networks.c). */
gboolean           vimana_network_link_register      (VimanaConnectionLink *link,
                                                      VimanaConnection     *connection,
                                                      guint                 generation);
void               vimana_network_link_close         (VimanaConnectionLink *link);

G_END_DECLS
