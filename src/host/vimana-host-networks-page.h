/* vimana-host-networks-page.h: the host window's Networks page: the virtual networks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "vimana-connection.h"

G_BEGIN_DECLS

/* The columns of the page's networks model. */
enum
{
    VIMANA_HOST_NETWORK_COLUMN_NAME,
    VIMANA_HOST_NETWORK_COLUMN_MODE,
    VIMANA_HOST_NETWORK_COLUMN_STATE,
    VIMANA_HOST_NETWORK_COLUMN_AUTOSTART,
    VIMANA_HOST_NETWORK_COLUMN_IPV4,
    VIMANA_HOST_NETWORK_COLUMN_GUESTS,
    VIMANA_HOST_NETWORK_COLUMN_NETWORK,
};

#define VIMANA_TYPE_HOST_NETWORKS_PAGE (vimana_host_networks_page_get_type ())

G_DECLARE_FINAL_TYPE (VimanaHostNetworksPage, vimana_host_networks_page, VIMANA,
                      HOST_NETWORKS_PAGE, GtkBox)

void           vimana_host_networks_page_set_connection   (VimanaHostNetworksPage *self,
                                                           VimanaConnection       *connection);
void           vimana_host_networks_page_load             (VimanaHostNetworksPage *self);
gboolean       vimana_host_networks_page_get_users_loaded (VimanaHostNetworksPage *self);
GtkTreeModel  *vimana_host_networks_page_get_networks     (VimanaHostNetworksPage *self);
gboolean       vimana_host_networks_page_select           (VimanaHostNetworksPage *self,
                                                           const char             *name);
VimanaNetwork *vimana_host_networks_page_get_selected     (VimanaHostNetworksPage *self);
GtkWidget     *vimana_host_networks_page_get_button       (VimanaHostNetworksPage *self,
                                                           const char             *name);
GtkWidget     *vimana_host_networks_page_get_dialog       (VimanaHostNetworksPage *self);
const char    *vimana_host_networks_page_get_error        (VimanaHostNetworksPage *self);
void           vimana_host_networks_page_fill_reservation   (VimanaHostNetworksPage *self,
                                                             const char             *mac,
                                                             const char             *ip);
const char    *vimana_host_networks_page_get_reservation_error (VimanaHostNetworksPage *self,
                                                                const char             *field);
GtkTreeModel  *vimana_host_networks_page_get_reservations   (VimanaHostNetworksPage *self);
gboolean       vimana_host_networks_page_select_reservation (VimanaHostNetworksPage *self,
                                                             const char             *mac);
char          *vimana_host_networks_page_get_xml             (VimanaHostNetworksPage *self);
const char    *vimana_host_networks_page_get_lease_status    (VimanaHostNetworksPage *self);

G_END_DECLS
