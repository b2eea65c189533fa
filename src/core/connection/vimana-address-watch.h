/* vimana-address-watch.h: keeps the IP addresses of a connection's running guests current
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

/* How often the addresses are read again while watched. */
#define VIMANA_ADDRESS_WATCH_SECONDS 30

#define VIMANA_TYPE_ADDRESS_WATCH (vimana_address_watch_get_type ())
G_DECLARE_FINAL_TYPE (VimanaAddressWatch, vimana_address_watch, VIMANA, ADDRESS_WATCH, GObject)

VimanaAddressWatch *vimana_address_watch_new         (VimanaConnection   *connection);
void                vimana_address_watch_refresh     (VimanaAddressWatch *self);
guint               vimana_address_watch_get_rounds  (VimanaAddressWatch *self);

G_END_DECLS
