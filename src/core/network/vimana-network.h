/* vimana-network.h: one virtual network of a connection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VIMANA_TYPE_NETWORK (vimana_network_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNetwork, vimana_network, VIMANA, NETWORK, GObject)

typedef struct _VimanaConnection VimanaConnection;

VimanaConnection *vimana_network_get_connection   (VimanaNetwork *self);
const char       *vimana_network_get_name         (VimanaNetwork *self);
const char       *vimana_network_get_uuid         (VimanaNetwork *self);
const char       *vimana_network_get_bridge       (VimanaNetwork *self);
const char       *vimana_network_get_forward_mode (VimanaNetwork *self);
gboolean          vimana_network_get_active       (VimanaNetwork *self);
gboolean          vimana_network_get_autostart    (VimanaNetwork *self);
gboolean          vimana_network_get_persistent   (VimanaNetwork *self);
gboolean          vimana_network_get_removed      (VimanaNetwork *self);

G_END_DECLS
