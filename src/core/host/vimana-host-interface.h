/* vimana-host-interface.h: the host's network interfaces, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VimanaConnection VimanaConnection;

/* One NIC, bridge, bond or VLAN of the host, as read once. */
typedef struct
{
    char     *name;        /* "eth0", "br0" */
    char     *kind;        /* "ethernet", "bridge", "bond", "vlan", "virtual" */
    char     *mac;         /* nullable */
    gboolean  active;      /* up */
    GStrv     addresses;   /* "192.168.1.5/24", "fe80::1/64"; empty when none is known */
    guint     speed;       /* link speed in Mb/s; 0 when unknown */
} VimanaHostInterface;

#define VIMANA_TYPE_HOST_INTERFACE (vimana_host_interface_get_type ())

GType                vimana_host_interface_get_type (void) G_GNUC_CONST;
VimanaHostInterface *vimana_host_interface_copy     (const VimanaHostInterface *iface);
void                 vimana_host_interface_free     (VimanaHostInterface       *iface);
VimanaHostInterface *vimana_host_interface_new_from_xml (const char            *xml);

void                 vimana_connection_list_host_interfaces_async  (VimanaConnection    *self,
                                                                    GCancellable        *cancellable,
                                                                    GAsyncReadyCallback  callback,
                                                                    gpointer             user_data);
GPtrArray           *vimana_connection_list_host_interfaces_finish (VimanaConnection    *self,
                                                                    GAsyncResult        *result,
                                                                    GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VimanaHostInterface, vimana_host_interface_free)

G_END_DECLS
