/* vimana-nic-reservation.h: "Always give this guest <IP>" under a NIC on a virtual network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-network.h"

G_BEGIN_DECLS

#define VIMANA_TYPE_NIC_RESERVATION (vimana_nic_reservation_get_type ())

G_DECLARE_FINAL_TYPE (VimanaNicReservation, vimana_nic_reservation, VIMANA, NIC_RESERVATION, GtkGrid)

GtkWidget  *vimana_nic_reservation_new       (VimanaConnection     *connection,
                                              const char           *network,
                                              const char           *mac);
const char *vimana_nic_reservation_get_message (VimanaNicReservation *self);

G_END_DECLS
