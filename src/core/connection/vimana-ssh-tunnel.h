/* vimana-ssh-tunnel.h: a guest display's stream carried over the user's own ssh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_SSH_TUNNEL (vimana_ssh_tunnel_get_type ())

G_DECLARE_FINAL_TYPE (VimanaSshTunnel, vimana_ssh_tunnel, VIMANA, SSH_TUNNEL, GObject)

gboolean         vimana_ssh_tunnel_applies      (const char       *uri);
GStrv            vimana_ssh_tunnel_build_argv   (const char       *uri,
                                                 const char       *target_host,
                                                 int               target_port,
                                                 const char       *target_socket,
                                                 GError          **error);
VimanaSshTunnel *vimana_ssh_tunnel_new          (const char       *uri,
                                                 const char       *target_host,
                                                 int               target_port,
                                                 const char       *target_socket,
                                                 GError          **error);
int              vimana_ssh_tunnel_steal_fd     (VimanaSshTunnel  *self);
const char      *vimana_ssh_tunnel_get_message  (VimanaSshTunnel  *self);
gboolean         vimana_ssh_tunnel_get_finished (VimanaSshTunnel  *self);
void             vimana_ssh_tunnel_stop         (VimanaSshTunnel  *self);

G_END_DECLS
