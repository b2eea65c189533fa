/* vimana-network-xml.h: what a new virtual network is made of, its checks and its XML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Which field of the form a refusal is about. */
typedef enum
{
    VIMANA_NETWORK_FIELD_NAME,
    VIMANA_NETWORK_FIELD_ADDRESS,
    VIMANA_NETWORK_FIELD_PREFIX,
    VIMANA_NETWORK_FIELD_DHCP_START,
    VIMANA_NETWORK_FIELD_DHCP_END,
} VimanaNetworkField;

/* A network to create, as the New Network dialog describes it. Strings are borrowed. */
typedef struct
{
    const char *name;         /* "lab" */
    gboolean    nat;          /* NAT to the host's own networks; FALSE is isolated */
    const char *address;      /* the host's address on the network, "192.168.150.1" */
    guint       prefix;       /* 24 */
    const char *dhcp_start;   /* (nullable) with dhcp_end, the range DHCP gives; NULL: no DHCP */
    const char *dhcp_end;
} VimanaNetworkSpec;

gboolean  vimana_network_parse_ipv4      (const char               *text,
                                          guint32                  *address,
                                          GError                  **error);
gboolean  vimana_network_check_name      (const char               *name,
                                          GError                  **error);
gboolean  vimana_network_spec_check      (const VimanaNetworkSpec  *spec,
                                          VimanaNetworkField       *field,
                                          GError                  **error);
gboolean  vimana_network_subnets_overlap (const char               *address,
                                          guint                     prefix,
                                          const char               *other_address,
                                          guint                     other_prefix);
char     *vimana_network_spec_to_xml     (const VimanaNetworkSpec  *spec);
gboolean  vimana_network_check_mac       (const char               *text,
                                          GError                  **error);
gboolean  vimana_network_check_reservation (const char             *address,
                                            guint                   prefix,
                                            const char * const     *macs,
                                            const char * const     *ips,
                                            const char             *mac,
                                            const char             *ip,
                                            gboolean               *mac_field,
                                            GError                **error);
char     *vimana_network_reservation_to_xml (const char            *mac,
                                             const char            *ip);

G_END_DECLS
